//! Killed with SIGKILL while writing the catalogue: the previous catalogue is intact byte for byte,
//! and the next successful run leaves no temporary file behind.
//!
//! The full 33-region fixture data gives a catalogue of about 20 MB, so the window between the
//! temporary file's creation and its rename (write, fsync) is wide enough to hit by polling.

use crate::support::fake_aws;
use crate::support::harness;

use std::process::Stdio;
use std::time::{Duration, Instant};

use fake_aws::{FakeAws, FakeData};
use harness::{Run, temp_files};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_during_the_write_keeps_the_previous_catalogue() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let data = FakeData::from_default_fixtures().expect("fixtures load (set BEDROCK_FIXTURES?)");
    assert_eq!(data.regions.len(), 33);
    let fake = FakeAws::start(data).await;
    let run = Run::new();
    // No fault is injected: a loaded machine must not turn slow answers into timeouts.
    run.patient_timeouts();
    // No --regions: the 33 default regions. Prices and LiteLLM come from local files or are off.
    let args = ["--threads", "16"];
    let out = run.exec_async(Some(&fake.url()), &args).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut before = std::fs::read(run.output_path()).unwrap();
    assert!(before.len() > 10 << 20, "{} bytes", before.len());
    let data_dir = run.output_path().parent().unwrap().to_path_buf();
    assert_eq!(temp_files(&data_dir), Vec::<String>::new());

    // Run again and SIGKILL the process as soon as its temporary catalogue appears. The window
    // is tens of milliseconds; if the process gets through it between two polls, try again.
    let mut killed_with = None;
    for attempt in 1..=5 {
        let mut child = run
            .command(Some(&fake.url()), &args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let tmp = format!(".bedrock_models.json.tmp-{}", child.id());
        let started = Instant::now();
        loop {
            if temp_files(&data_dir).contains(&tmp) {
                child.kill().unwrap(); // SIGKILL
                let status = child.wait().unwrap();
                use std::os::unix::process::ExitStatusExt;
                assert_eq!(status.signal(), Some(9), "killed by SIGKILL");
                killed_with = Some(tmp.clone());
                break;
            }
            if let Some(status) = child.try_wait().unwrap() {
                eprintln!("attempt {attempt}: the run ended ({status}) before it was caught");
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the run did not finish"
            );
            tokio::time::sleep(Duration::from_micros(500)).await;
        }
        if killed_with.is_some() {
            break;
        }
        // A run that finished replaced the catalogue: compare with that one from now on.
        assert_eq!(temp_files(&data_dir), Vec::<String>::new());
        before = std::fs::read(run.output_path()).unwrap();
    }
    assert_previous_then_clean(&run, &fake, &args, before, killed_with).await;
}

/// The catalogue is `before`; `left` (the killed run's temporary file) is still there; the next
/// run succeeds and removes it.
async fn assert_previous_then_clean(
    run: &Run,
    fake: &FakeAws,
    args: &[&str],
    before: Vec<u8>,
    left: Option<String>,
) {
    let data_dir = run.output_path().parent().unwrap().to_path_buf();
    let left = left.expect("the write was never caught in 5 attempts");
    let after_kill = std::fs::read(run.output_path()).unwrap();
    assert!(
        after_kill == before,
        "the previous catalogue changed ({} bytes before, {} after)",
        before.len(),
        after_kill.len()
    );
    // The half-written temporary file is left by the killed process...
    assert!(
        temp_files(&data_dir).contains(&left),
        "{:?}",
        temp_files(&data_dir)
    );
    // ...and removed by the next run, which succeeds (two regions are enough: it is the write
    // that cleans up).
    let out = run
        .exec_async(
            Some(&fake.url()),
            &[args, &["--regions", "us-east-1,us-west-2"]].concat(),
        )
        .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(temp_files(&data_dir), Vec::<String>::new());
    let c = run.catalog();
    assert_eq!(c["metadata"]["run_status"], "complete");
    assert_eq!(
        harness::strings(&c["metadata"]["regions_ok"]),
        ["us-east-1", "us-west-2"]
    );
}
