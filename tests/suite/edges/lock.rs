//! Issue 29, case 4: one run at a time per output. A second run refuses at once (exit 5, naming
//! the first), or waits with `--lock-wait`; a killed run's lock never blocks.

use std::process::{Child, Stdio};
use std::time::Duration;

use super::regions_arg;
use crate::support::demo_data::demo_data;
use crate::support::fake_aws::FakeAws;
use crate::support::harness::{Outcome, Run, last_line};

/// A fake whose every answer takes 300 ms: a run over it (16 requests, 4 at a time) holds its
/// lock for a second or more.
async fn slow_fake() -> FakeAws {
    let fake = FakeAws::start(demo_data()).await;
    fake.set_latency(Duration::from_millis(300));
    fake
}

/// A run with timeouts that the fake's latency does not reach.
fn patient_run() -> Run {
    let run = Run::new();
    run.patient_timeouts();
    run
}

fn spawn(run: &Run, url: &str, extra: &[&str]) -> Child {
    let regions = regions_arg();
    let mut args = vec!["--regions", regions.as_str()];
    args.extend_from_slice(extra);
    run.command(Some(url), &args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn finish(child: Child) -> Outcome {
    let out = child.wait_with_output().unwrap();
    Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Waits until the run `pid` has written itself into the lock file beside the catalogue.
async fn holds_lock(run: &Run, pid: u32) {
    let lock = run.path().join("data/.bedrock_models.json.lock");
    let want = format!("pid {pid} started at ");
    for _ in 0..600 {
        if std::fs::read_to_string(&lock).is_ok_and(|t| t.starts_with(&want)) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("run {pid} never took the lock");
}

#[tokio::test]
async fn a_second_run_refuses_at_once_naming_the_first() {
    let fake = slow_fake().await;
    let run = patient_run();
    let first = spawn(&run, &fake.url(), &[]);
    let pid = first.id();
    holds_lock(&run, pid).await;
    let requests_before = fake.request_count();
    let second = tokio::task::spawn_blocking({
        let child = spawn(&run, &fake.url(), &[]);
        move || finish(child)
    })
    .await
    .unwrap();
    assert_eq!(second.code, 5, "{}", second.stderr);
    let said = last_line(&second.stderr);
    assert!(
        said.starts_with("error: another run is writing ")
            && said.contains(&format!("the run with pid {pid} started at ")),
        "{said}"
    );
    let first = tokio::task::spawn_blocking(move || finish(first))
        .await
        .unwrap();
    assert_eq!(first.code, 0, "{}", first.stderr);
    // The refused run made no request: the first run's 12 (3 regions x 4 APIs) and the
    // not-enabled region's 4 are all there are.
    assert!(requests_before <= 16);
    assert_eq!(fake.request_count(), 16);
    assert_eq!(run.catalog()["metadata"]["total_models"], 7);
}

#[tokio::test]
async fn with_lock_wait_the_second_run_waits_for_the_first_then_runs() {
    let fake = slow_fake().await;
    let run = patient_run();
    let first = spawn(&run, &fake.url(), &[]);
    let pid = first.id();
    holds_lock(&run, pid).await;
    let second = spawn(&run, &fake.url(), &["--lock-wait", "120"]);
    let (first, second) = tokio::task::spawn_blocking(move || (finish(first), finish(second)))
        .await
        .unwrap();
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert_eq!(second.code, 0, "{}", second.stderr);
    assert!(
        second
            .stderr
            .contains(&format!("the run with pid {pid} started at ")),
        "{}",
        second.stderr
    );
    assert!(second.stderr.contains("waiting up to 120 s"));
    // Both ran in full, one after the other.
    assert_eq!(fake.request_count(), 32);
}

#[tokio::test]
async fn a_killed_runs_lock_does_not_block() {
    let fake = slow_fake().await;
    let run = patient_run();
    let mut first = spawn(&run, &fake.url(), &[]);
    holds_lock(&run, first.id()).await;
    first.kill().unwrap();
    first.wait().unwrap();
    fake.set_latency(Duration::ZERO);
    let regions = regions_arg();
    let out = run
        .exec_async(Some(&fake.url()), &["--regions", &regions])
        .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
}
