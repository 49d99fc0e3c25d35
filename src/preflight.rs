//! Checks made before the first request: every file the run will write can be written. A path
//! that can never be written is refused in one sentence (exit 2) instead of after every request.

use std::path::{Path, PathBuf};

use crate::config::Settings;

/// A path the run would write that can never be written: a configuration error (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum PreflightError {
    #[error("the {what} path {} is a directory; name a file in it, such as {}", path.display(), path.join(example).display())]
    IsADirectory {
        what: &'static str,
        path: PathBuf,
        example: &'static str,
    },
    #[error("the {what} path {} cannot be written: {} is not a directory", path.display(), existing.display())]
    UnderAFile {
        what: &'static str,
        path: PathBuf,
        existing: PathBuf,
    },
    #[error("the {what} path {} cannot be written: {} refuses new files{}: {source}", path.display(), existing.display(), creating.as_ref().map(|p| format!(" (to create {})", p.display())).unwrap_or_default())]
    Refused {
        what: &'static str,
        path: PathBuf,
        existing: PathBuf,
        /// The directory the run would have to create in `existing`, if any.
        creating: Option<PathBuf>,
        source: std::io::Error,
    },
    #[error("the {what} {} is not a directory", dir.display())]
    NotADirectory { what: &'static str, dir: PathBuf },
    #[error("the {what} {} cannot be created: {source}", dir.display())]
    CannotCreate {
        what: &'static str,
        dir: PathBuf,
        source: std::io::Error,
    },
}

/// Checks the output, change log, feed, Markdown summary and cache locations.
pub fn check(settings: &Settings) -> Result<(), PreflightError> {
    if settings.output != Path::new(crate::config::STDOUT) {
        check_file("output", &settings.output, "bedrock_models.json")?;
    }
    if !settings.changes.as_os_str().is_empty() {
        check_file("change log", &settings.changes, "changes.json")?;
    }
    if let Some(feed) = &settings.feed {
        check_file("feed", &feed.path, "feed.json")?;
    }
    if let Some(p) = &settings.summary_markdown {
        check_file("Markdown summary", p, "summary.md")?;
    }
    // A replay downloads nothing: it neither needs nor creates the cache directory.
    if let Some(dir) = &settings.http.cache_dir
        && settings.replay.is_none()
    {
        check_dir("cache directory", dir)?;
    }
    Ok(())
}

/// `path` names a file, not a directory, in a directory that exists and takes new files, or that
/// can be created. Nothing is created: the nearest existing ancestor is probed with a file that
/// is removed at once (permission bits alone do not stop root; a read-only mount or `/proc` do).
fn check_file(
    what: &'static str,
    path: &Path,
    example: &'static str,
) -> Result<(), PreflightError> {
    if path.is_dir() {
        return Err(PreflightError::IsADirectory {
            what,
            path: path.to_path_buf(),
            example,
        });
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let existing = parent
        .ancestors()
        .find(|a| a.as_os_str().is_empty() || a.exists())
        .filter(|a| !a.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !existing.is_dir() {
        return Err(PreflightError::UnderAFile {
            what,
            path: path.to_path_buf(),
            existing: existing.to_path_buf(),
        });
    }
    probe(existing).map_err(|source| PreflightError::Refused {
        what,
        path: path.to_path_buf(),
        existing: existing.to_path_buf(),
        creating: (existing != parent).then(|| parent.clone()),
        source,
    })
}

/// Creates and removes a file in `dir`: the only test of "can a file be written here" that holds
/// for root, read-only mounts and pseudo file systems alike.
fn probe(dir: &Path) -> std::io::Result<()> {
    let name = dir.join(format!(
        ".bedrock-collector-preflight-{}",
        std::process::id()
    ));
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&name)?;
    std::fs::remove_file(&name)
}

/// `dir` is a directory, or is created.
fn check_dir(what: &'static str, dir: &Path) -> Result<(), PreflightError> {
    if dir.exists() && !dir.is_dir() {
        return Err(PreflightError::NotADirectory {
            what,
            dir: dir.to_path_buf(),
        });
    }
    // A cache directory that refuses files costs the cache only (downloads still work), so it is
    // not probed.
    std::fs::create_dir_all(dir).map_err(|source| PreflightError::CannotCreate {
        what,
        dir: dir.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_in_a_directory_that_exists_or_can_be_created_passes() {
        let dir = tempfile::tempdir().unwrap();
        check_file("output", &dir.path().join("out.json"), "x.json").unwrap();
        let deep = dir.path().join("a/b/out.json");
        check_file("output", &deep, "x.json").unwrap();
        assert!(!dir.path().join("a").exists(), "nothing is created");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "the probe is removed"
        );
    }

    #[test]
    fn a_file_standing_where_a_directory_should_be_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let blocked = dir.path().join("blocked");
        std::fs::write(&blocked, "").unwrap();
        let target = blocked.join("sub/out.json");
        assert_eq!(
            check_file("change log", &target, "x.json")
                .unwrap_err()
                .to_string(),
            format!(
                "the change log path {} cannot be written: {} is not a directory",
                target.display(),
                blocked.display()
            )
        );
    }

    #[test]
    fn a_directory_that_refuses_files_is_refused() {
        // /proc takes no new files, not even from root.
        let Err(e) = check_file("output", Path::new("/proc/out.json"), "x.json") else {
            panic!("/proc took a file");
        };
        let e = e.to_string();
        assert!(
            e.starts_with(
                "the output path /proc/out.json cannot be written: /proc refuses new files: "
            ),
            "{e}"
        );
    }

    #[test]
    fn a_directory_is_refused_with_an_example() {
        let dir = tempfile::tempdir().unwrap();
        let e = check_file("output", dir.path(), "bedrock_models.json")
            .unwrap_err()
            .to_string();
        assert!(e.ends_with("bedrock_models.json"), "{e}");
    }
}
