//! Files written so that a reader sees either the old file or the new one, never a part.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
#[error("cannot write {path}: {source}")]
pub struct WriteError {
    pub path: PathBuf,
    pub source: std::io::Error,
}

fn temp_prefix(target: &Path) -> String {
    format!(
        ".{}.tmp-",
        target.file_name().and_then(|n| n.to_str()).unwrap_or("out")
    )
}

/// Writes `bytes` to `target` atomically (see [`write_atomic_with`]).
pub fn write_atomic(target: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_atomic_with(target, |w| w.write_all(bytes))
}

/// Writes to `target` so that a reader sees either the old file or the new one, never a part:
/// `fill` writes a temporary file in the same directory, which is synced and renamed into place.
/// Temporary files left by an earlier run that was killed are removed first.
pub fn write_atomic_with(
    target: &Path,
    fill: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    let err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| WriteError { path, source }
    };
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if dir.exists() && !dir.is_dir() {
        return Err(WriteError {
            path: target.to_path_buf(),
            source: std::io::Error::other(format!("{} is not a directory", dir.display())),
        });
    }
    fs::create_dir_all(&dir).map_err(err(&dir))?;
    let prefix = temp_prefix(target);
    if let Ok(entries) = fs::read_dir(&dir) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = fs::remove_file(e.path());
            }
        }
    }
    let tmp = dir.join(format!("{prefix}{}", std::process::id()));
    let result = (|| {
        let mut w = BufWriter::with_capacity(1 << 20, File::create(&tmp)?);
        fill(&mut w)?;
        let f = w.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, target)?;
        // Make the rename itself durable.
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(err(target))
}
