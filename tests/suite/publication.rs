//! Publication as one step: a run that cannot write every file it publishes (a full disk) leaves
//! the previous catalogue, change log and backups exactly as they were, and exits 1.

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

fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_file())
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
