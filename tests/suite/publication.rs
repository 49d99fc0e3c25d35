//! Publication as one step: a run that cannot write every file it publishes (a full disk) leaves
//! the previous catalogue, change log and backups exactly as they were, and exits 1; a run killed
//! at any point leaves one run's set of files, never a mix.

use crate::support::demo_data;
use crate::support::fake_aws;
use crate::support::harness;

use std::path::{Path, PathBuf};
use std::process::Command;

use demo_data::{DEMO_REGIONS, demo_data};
use fake_aws::FakeAws;
use harness::{Run, temp_files};

/// A small tmpfs, unmounted when dropped. Mounting needs root, which CI has.
struct SmallDisk {
    dir: PathBuf,
}

impl SmallDisk {
    fn mount(dir: &Path, size: &str) -> Option<SmallDisk> {
        std::fs::create_dir_all(dir).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| SmallDisk {
            dir: dir.to_path_buf(),
        })
    }

    /// Writes a file until the disk is full.
    fn fill(&self) {
        use std::io::Write;
        let mut f = std::fs::File::create(self.dir.join("filler")).unwrap();
        let block = vec![0u8; 4096];
        while f.write_all(&block).is_ok() {}
        let _ = f.sync_all();
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.dir).status();
    }
}

/// The files in `dir` and their bytes, but the run lock (it names the last run's pid).
fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_file() && !e.file_name().to_string_lossy().ends_with(".lock"))
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[tokio::test]
async fn a_full_disk_while_writing_the_change_log_publishes_nothing() {
    let fake = FakeAws::start(demo_data()).await;
    let run = Run::new();
    let Some(disk) = SmallDisk::mount(&run.path().join("log"), "256k") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI runs as root and must be able to mount a tmpfs"
        );
        eprintln!("skipped: mounting a tmpfs needs root");
        return;
    };
    let changes = disk.dir.join("changes.json");
    let regions = DEMO_REGIONS.join(",");
    let args = [
        "--regions",
        regions.as_str(),
        "--changes",
        changes.to_str().unwrap(),
    ];
    let first = run.exec_async(Some(&fake.url()), &args).await;
    assert_eq!(first.code, 0, "{}", first.stderr);
    let data = run.output_path().parent().unwrap().to_path_buf();
    let before = listing(&data);
    assert!(before.iter().any(|(n, _)| n == "bedrock_models.json"));
    assert_eq!(
        before
            .iter()
            .filter(|(n, _)| n.starts_with("bedrock-models-"))
            .count(),
        1,
        "one backup: {:?}",
        before.iter().map(|(n, _)| n).collect::<Vec<_>>()
    );
    let changes_before = std::fs::read(&changes).unwrap();

    // A second second, so that this run's backup would have another name.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    disk.fill();
    let second = run.exec_async(Some(&fake.url()), &args).await;
    assert_eq!(second.code, 1, "{}", second.stderr);
    let last = second.stderr.trim_end().lines().last().unwrap().to_string();
    assert!(
        last.starts_with(&format!("error: cannot write {}: ", changes.display()))
            && last.contains("No space left on device"),
        "{last}"
    );
    // The previous set is as it was: catalogue, backups, change log; nothing half written.
    assert_eq!(listing(&data), before, "the catalogue's directory changed");
    assert_eq!(std::fs::read(&changes).unwrap(), changes_before);
    assert_eq!(temp_files(&data), Vec::<String>::new());
    assert_eq!(temp_files(&disk.dir), Vec::<String>::new());
}

/// The catalogue, its newest backup and `changes.json` are one run's: the change log and the
/// backup name carry the catalogue's start time, the backup holds the catalogue's bytes, and no
/// backup is newer.
fn assert_one_runs_set(data: &Path) {
    let catalogue = std::fs::read(data.join("bedrock_models.json")).unwrap();
    let c: serde_json::Value = serde_json::from_slice(&catalogue).unwrap();
    let started = c["metadata"]["started_at"].as_str().unwrap().to_string();
    let changes = harness::read_json(&data.join("changes.json"));
    assert_eq!(
        changes["collection_timestamp"],
        started.as_str(),
        "change log of another run"
    );
    let digits: String = started.chars().filter(char::is_ascii_digit).collect();
    let backup = format!("bedrock-models-{}_{}.json", &digits[..8], &digits[8..14]);
    let mut backups: Vec<String> = std::fs::read_dir(data)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("bedrock-models-"))
        .collect();
    backups.sort();
    assert_eq!(
        backups.last(),
        Some(&backup),
        "the newest backup is another run's"
    );
    assert_eq!(std::fs::read(data.join(&backup)).unwrap(), catalogue);
    assert!(!data.join(".bedrock_models.json.publishing").exists());
}

/// SIGKILL at points spread over whole runs, so that some fall between the first and the last
/// rename of the publication: after the kill and the next run's start (which finishes a
/// publication that was cut), the catalogue, backup and change log are the previous run's or the
/// killed run's, whole, never a mix.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kill_at_any_point_leaves_one_runs_set() {
    let fake = FakeAws::start(demo_data()).await;
    let run = Run::new();
    let regions = DEMO_REGIONS.join(",");
    let args = ["--regions", regions.as_str(), "--backups", "100"];
    let data = run.output_path().parent().unwrap().to_path_buf();
    let started = std::time::Instant::now();
    let first = run.exec_async(Some(&fake.url()), &args).await;
    assert_eq!(first.code, 0, "{}", first.stderr);
    let whole_run = started.elapsed();
    assert_one_runs_set(&data);
    let (mut kept, mut replaced) = (0, 0);
    const KILLS: u32 = 12;
    for i in 1..=KILLS {
        // Each run in a second of its own, so that each has its own start time and backup name.
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        let before = std::fs::read(run.output_path()).unwrap();
        let mut child = run
            .command(Some(&fake.url()), &args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        tokio::time::sleep(whole_run * i / KILLS).await;
        let _ = child.kill(); // SIGKILL; the run may have ended already
        child.wait().unwrap();
        // The next run's start finishes a cut publication; with no region answering it then
        // stops with exit 1 and publishes nothing itself.
        let next = run
            .exec_async(Some(&fake.url()), &["--regions", "ap-south-1"])
            .await;
        assert_eq!(next.code, 1, "{}", next.stderr);
        assert_one_runs_set(&data);
        if std::fs::read(run.output_path()).unwrap() == before {
            kept += 1;
        } else {
            replaced += 1;
        }
    }
    eprintln!("{KILLS} kills: {kept} kept the previous set, {replaced} left the new set whole");
}
