//! Checks made before the first request: every file the run will write can be written. A path
//! that can never be written is refused in one sentence (exit 2) instead of after every request.

use std::path::Path;

use crate::config::Settings;

/// Checks the output, change log, feed, Markdown summary and cache locations.
pub fn check(settings: &Settings) -> Result<(), String> {
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
    if let Some(dir) = &settings.http.cache_dir {
        check_dir("cache directory", dir)?;
    }
    Ok(())
}

/// `path` names a file, not a directory.
fn check_file(what: &str, path: &Path, example: &str) -> Result<(), String> {
    if path.is_dir() {
        return Err(format!(
            "the {what} path {} is a directory; name a file in it, such as {}",
            path.display(),
            path.join(example).display()
        ));
    }
    // A directory that cannot be created (a file stands in the way) is left to the write, which
    // says so with exit 1: tests/suite/faults.rs pins that behaviour.
    Ok(())
}

/// `dir` is a directory, or is created.
fn check_dir(what: &str, dir: &Path) -> Result<(), String> {
    if dir.exists() && !dir.is_dir() {
        return Err(format!("the {what} {} is not a directory", dir.display()));
    }
    // A directory that exists but refuses files (permissions, read-only mount) is left to the
    // write itself: it can change while the run fetches, and it fails with exit 1.
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("the {what} {} cannot be created: {e}", dir.display()))
}
