//! A recorded snapshot.

use super::*;

// ---------------------------------------------------------------------------------------------
// Snapshot
// ---------------------------------------------------------------------------------------------

pub(super) const SNAPSHOT_REGIONS: [&str; 4] =
    ["eu-central-2", "eu-west-1", "us-east-1", "us-west-2"];

/// A copy of the demo snapshot in a temporary directory.
pub(super) fn snapshot_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, bytes) in snapshot_seed() {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
    }
    dir
}

/// With file `target` of the snapshot copy in `dir` mutated, reads the manifest and replays;
/// then puts the original file back.
pub(super) fn check_snapshot(dir: &Path, target: usize, ops: &[Op]) -> Result<(), TestCaseError> {
    let (rel, original) = &snapshot_seed()[target];
    std::fs::write(dir.join(rel), apply(original, ops)).unwrap();
    let result = (|| {
        match snapshot::read_manifest(dir) {
            Err(e) => one_line("read_manifest", &e.to_string())?,
            Ok(manifest) => {
                // As the binary does without --regions: the snapshot's own regions.
                let regions: Vec<String> = manifest.calls.keys().cloned().collect();
                if let Err(e) = snapshot::replay(dir, &regions) {
                    one_line("replay", &e.to_string())?;
                }
                for name in manifest.files.keys() {
                    let _ = snapshot::replay_file(dir, &manifest, name);
                }
            }
        }
        let regions: Vec<String> = SNAPSHOT_REGIONS.iter().map(|s| s.to_string()).collect();
        if let Err(e) = snapshot::replay(dir, &regions) {
            one_line("replay", &e.to_string())?;
        }
        Ok(())
    })();
    std::fs::write(dir.join(rel), original).unwrap();
    result
}

#[test]
pub(super) fn snapshot_seed_replays() {
    let regions: Vec<String> = SNAPSHOT_REGIONS.iter().map(|s| s.to_string()).collect();
    snapshot::replay(&repo("demo/snapshot"), &regions).unwrap();
}

#[test]
pub(super) fn snapshot_manifest_mutations() {
    let manifest = snapshot_seed()
        .iter()
        .position(|(p, _)| p == Path::new("manifest.json"))
        .unwrap();
    let dir = snapshot_copy();
    fuzz("snapshot/manifest", 256, ops(), |ops| {
        check_snapshot(dir.path(), manifest, &ops)
    });
}

#[test]
pub(super) fn snapshot_page_mutations() {
    let pages = snapshot_seed()
        .iter()
        .enumerate()
        .filter(|(_, (p, _))| p.starts_with("aws"))
        .map(|(i, _)| i)
        .collect::<Vec<_>>();
    let dir = snapshot_copy();
    fuzz(
        "snapshot/pages",
        256,
        (prop::sample::select(pages), ops()),
        |(i, ops)| check_snapshot(dir.path(), i, &ops),
    );
}

/// A truncated page is an error naming the page, never a shorter list.
#[test]
pub(super) fn snapshot_truncated_pages_are_errors() {
    let files = snapshot_seed();
    let regions: Vec<String> = SNAPSHOT_REGIONS.iter().map(|s| s.to_string()).collect();
    let steps = cases(8).clamp(8, 200) as usize;
    for (target, (rel, bytes)) in files.iter().enumerate() {
        if !rel.starts_with("aws") && rel != Path::new("manifest.json") {
            continue;
        }
        let end = trimmed_len(bytes);
        for k in 0..steps {
            let cut = end * k / steps;
            let dir = tempfile::tempdir().unwrap();
            for (i, (r, b)) in files.iter().enumerate() {
                let path = dir.path().join(r);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, if i == target { &b[..cut] } else { &b[..] }).unwrap();
            }
            let err = snapshot::replay(dir.path(), &regions)
                .expect_err(&format!("{} cut at {cut} replayed", rel.display()));
            let msg = err.to_string();
            assert!(!msg.contains('\n'), "{msg}");
            assert!(
                msg.contains(&rel.display().to_string()),
                "the error names the file: {msg}"
            );
        }
    }
}
