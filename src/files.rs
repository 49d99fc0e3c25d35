//! Files written so that a reader sees either the old file or the new one, never a part; and
//! several files published together, so that a run leaves either the old set or the new set.

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

fn parent_dir(target: &Path) -> PathBuf {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
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
    stage_with(target, fill)?.commit()
}

/// A file written in full and synced beside its target, not yet in place. Dropped without
/// [`Staged::commit`], its temporary file is removed.
#[derive(Debug)]
pub struct Staged {
    tmp: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staged {
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Stages a copy of this file for `other` (a hard link where the file system allows it: the
    /// staged file is never modified, so the link is a faithful copy that costs no write).
    pub fn copy_to(&self, other: &Path) -> Result<Staged, WriteError> {
        let dir = parent_dir(other);
        remove_stale_temps(&dir, &temp_prefix(other));
        let copy = Staged {
            tmp: dir.join(format!("{}{}", temp_prefix(other), std::process::id())),
            target: other.to_path_buf(),
            committed: false,
        };
        let _ = fs::remove_file(&copy.tmp);
        if fs::hard_link(&self.tmp, &copy.tmp).is_err() {
            let bytes = fs::read(&self.tmp).map_err(|source| WriteError {
                path: self.target.clone(),
                source,
            })?;
            return stage_with(other, |w| w.write_all(&bytes));
        }
        Ok(copy)
    }

    /// Renames the file into place and makes the rename durable.
    pub fn commit(mut self) -> Result<(), WriteError> {
        rename_durably(&self.tmp, &self.target).map_err(|source| WriteError {
            path: self.target.clone(),
            source,
        })?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

fn rename_durably(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::rename(from, to)?;
    if let Ok(d) = File::open(parent_dir(to)) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Writes a temporary file beside `target` with `fill` and syncs it (see [`Staged`]). Temporary
/// files of `target` left by a process that no longer runs are removed first; one whose process
/// still runs is left alone.
pub fn stage_with(
    target: &Path,
    fill: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>,
) -> Result<Staged, WriteError> {
    let err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| WriteError { path, source }
    };
    let dir = parent_dir(target);
    if dir.exists() && !dir.is_dir() {
        return Err(WriteError {
            path: target.to_path_buf(),
            source: std::io::Error::other(format!("{} is not a directory", dir.display())),
        });
    }
    fs::create_dir_all(&dir).map_err(err(&dir))?;
    remove_stale_temps(&dir, &temp_prefix(target));
    let staged = Staged {
        tmp: dir.join(format!("{}{}", temp_prefix(target), std::process::id())),
        target: target.to_path_buf(),
        committed: false,
    };
    let written = (|| {
        let mut w = BufWriter::with_capacity(1 << 20, File::create(&staged.tmp)?);
        fill(&mut w)?;
        let f = w.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()
    })();
    written.map_err(err(target))?;
    Ok(staged)
}

/// Removes `<prefix><pid>` files in `dir` whose process is not running.
fn remove_stale_temps(dir: &Path, prefix: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.strip_prefix(prefix)) else {
            continue;
        };
        let alive = pid
            .parse::<u32>()
            .is_ok_and(|pid| pid == std::process::id() || process_runs(pid));
        if !alive {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Whether a process with this id runs (Linux and other Unix: signal 0 reaches it, or exists
/// but belongs to another user).
fn process_runs(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // SAFETY: kill with signal 0 sends nothing; it only checks that the process exists.
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// The journal of a publication in progress, beside its first file: the renames still to do.
fn journal_path(first: &Path) -> PathBuf {
    parent_dir(first).join(format!(
        ".{}.publishing",
        first.file_name().and_then(|n| n.to_str()).unwrap_or("out")
    ))
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Journal {
    /// `[temporary file, target]`, in the order they are renamed.
    renames: Vec<(PathBuf, PathBuf)>,
}

/// Puts staged files in place as one step. Every file is already written and synced, so nothing
/// can fail for lack of space now; the journal, written atomically before the first rename, lets
/// [`recover`] finish the renames if the process dies between them. `key` is the file whose
/// directory holds the journal (the catalogue); the files are renamed in the order given, so the
/// catalogue should come last.
pub fn publish(key: &Path, files: Vec<Staged>) -> Result<(), WriteError> {
    let journal = journal_path(key);
    let renames = files
        .iter()
        .map(|s| (absolute(&s.tmp), absolute(&s.target)))
        .collect();
    let text = serde_json::to_vec(&Journal { renames }).map_err(|e| WriteError {
        path: journal.clone(),
        source: std::io::Error::other(e),
    })?;
    write_atomic(&journal, &text)?;
    for staged in files {
        staged.commit()?;
    }
    fs::remove_file(&journal).map_err(|source| WriteError {
        path: journal,
        source,
    })
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Finishes a publication that a killed process left half done (see [`publish`]): the renames
/// whose temporary file is still there are done, then the journal goes. Returns how many files
/// were put in place. Run before anything reads or writes the files of `key`.
pub fn recover(key: &Path) -> Result<usize, WriteError> {
    let journal = journal_path(key);
    let text = match fs::read(&journal) {
        Ok(t) => t,
        // No journal, or not even its directory: nothing was left half published.
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
            ) =>
        {
            return Ok(0);
        }
        Err(source) => {
            return Err(WriteError {
                path: journal,
                source,
            });
        }
    };
    let mut done = 0;
    // A journal that does not parse was being written when the process died: no rename had
    // started, and its temporary files are stale.
    if let Ok(Journal { renames }) = serde_json::from_slice::<Journal>(&text) {
        for (tmp, target) in renames {
            if tmp.exists() {
                rename_durably(&tmp, &target).map_err(|source| WriteError {
                    path: target.clone(),
                    source,
                })?;
                done += 1;
            }
        }
    }
    fs::remove_file(&journal).map_err(|source| WriteError {
        path: journal,
        source,
    })?;
    Ok(done)
}

/// One run at a time per output: an advisory lock (`flock`) on `.<name>.lock` beside the
/// catalogue, held until dropped. The kernel releases it when the process ends, however it ends,
/// so a killed run never leaves it taken. The file keeps the holder's pid and start time, for the
/// message of a run that finds it taken.
#[derive(Debug)]
pub struct RunLock {
    /// Open for as long as the lock is held.
    _file: File,
}

/// Why the lock could not be had.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "another run is writing {output}: {holder}; waited {waited_s} s (--lock-wait); try again \
         when it has finished"
    )]
    Held {
        output: String,
        holder: String,
        waited_s: u64,
    },
    #[error("cannot lock {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The lock file of `output`.
pub fn lock_path(output: &Path) -> PathBuf {
    parent_dir(output).join(format!(
        ".{}.lock",
        output.file_name().and_then(|n| n.to_str()).unwrap_or("out")
    ))
}

/// How often a waiting run tries the lock again.
const LOCK_POLL: std::time::Duration = std::time::Duration::from_millis(100);

impl RunLock {
    /// Takes the lock of `output`, waiting up to `wait` for another run to release it;
    /// `started_at` is written into the lock file for whoever finds it taken.
    pub fn acquire(
        output: &Path,
        wait: std::time::Duration,
        started_at: &str,
    ) -> Result<RunLock, LockError> {
        let path = lock_path(output);
        let io = |source| LockError::Io {
            path: path.clone(),
            source,
        };
        fs::create_dir_all(parent_dir(output)).map_err(io)?;
        // Never truncated before the lock is held: the holder's pid and time stay readable.
        let mut file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io)?;
        let deadline = std::time::Instant::now() + wait;
        let mut told = false;
        while !try_lock(&file).map_err(io)? {
            if !told && !wait.is_zero() {
                let holder = fs::read_to_string(&path).unwrap_or_default();
                tracing::info!(
                    "{}; waiting up to {} s for it to finish",
                    describe_holder(&holder),
                    wait.as_secs()
                );
                told = true;
            }
            if std::time::Instant::now() >= deadline {
                let holder = fs::read_to_string(&path).unwrap_or_default();
                return Err(LockError::Held {
                    output: output.display().to_string(),
                    holder: describe_holder(&holder),
                    waited_s: wait.as_secs(),
                });
            }
            std::thread::sleep(LOCK_POLL);
        }
        file.set_len(0).map_err(io)?;
        let me = format!("pid {} started at {started_at}\n", std::process::id());
        file.write_all(me.as_bytes()).map_err(io)?;
        Ok(RunLock { _file: file })
    }
}

/// The holder as its lock file names it, or that it did not say.
fn describe_holder(text: &str) -> String {
    let line = text.lines().next().unwrap_or("").trim();
    if line.starts_with("pid ") {
        format!("the run with {line} holds its lock")
    } else {
        "a run that has not yet written its pid holds its lock".to_string()
    }
}

/// Takes an exclusive `flock` without blocking: `false` when another process holds it.
fn try_lock(file: &File) -> std::io::Result<bool> {
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: flock on a descriptor this function borrows; no memory is passed.
        let r = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
        if r == 0 {
            return Ok(true);
        }
        let e = std::io::Error::last_os_error();
        if e.raw_os_error() == Some(libc::EWOULDBLOCK) {
            Ok(false)
        } else {
            Err(e)
        }
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_one_output_is_refused_naming_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("data/cat.json");
        let held =
            RunLock::acquire(&output, std::time::Duration::ZERO, "2026-12-07T01:00:00Z").unwrap();
        let err = RunLock::acquire(&output, std::time::Duration::ZERO, "later").unwrap_err();
        let said = err.to_string();
        assert!(
            said.contains(&format!(
                "the run with pid {} started at 2026-12-07T01:00:00Z holds its lock",
                std::process::id()
            )),
            "{said}"
        );
        drop(held);
        RunLock::acquire(&output, std::time::Duration::ZERO, "now").unwrap();
    }

    fn stage(target: &Path, text: &str) -> Staged {
        stage_with(target, |w| w.write_all(text.as_bytes())).unwrap()
    }

    #[test]
    fn a_staged_file_is_in_place_only_once_committed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.json");
        fs::write(&target, "old").unwrap();
        let s = stage(&target, "new");
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        s.commit().unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_dropped_stage_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.json");
        drop(stage(&target, "new"));
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn stale_temps_go_only_when_their_process_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.json");
        // PID 1 always runs; a PID above the kernel's maximum never does.
        let alive = dir.path().join(".a.json.tmp-1");
        let dead = dir.path().join(".a.json.tmp-99999999");
        fs::write(&alive, "x").unwrap();
        fs::write(&dead, "x").unwrap();
        write_atomic(&target, b"new").unwrap();
        assert!(
            alive.exists(),
            "a running process's temporary file was removed"
        );
        assert!(!dead.exists(), "a dead process's temporary file was kept");
    }

    #[test]
    fn publish_puts_every_file_in_place_and_removes_its_journal() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("changes.json"), dir.path().join("cat.json"));
        publish(&b, vec![stage(&a, "A"), stage(&b, "B")]).unwrap();
        assert_eq!(fs::read_to_string(&a).unwrap(), "A");
        assert_eq!(fs::read_to_string(&b).unwrap(), "B");
        assert!(!journal_path(&b).exists());
        assert_eq!(recover(&b).unwrap(), 0);
    }

    /// A process killed after the journal and the first rename: the next run's recovery puts the
    /// rest in place, so the set is the new one, never a mix.
    #[test]
    fn recovery_finishes_a_publication_cut_between_renames() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("changes.json"), dir.path().join("cat.json"));
        fs::write(&a, "old A").unwrap();
        fs::write(&b, "old B").unwrap();
        let (sa, sb) = (stage(&a, "A"), stage(&b, "B"));
        let renames = vec![
            (absolute(&sa.tmp), absolute(&a)),
            (absolute(&sb.tmp), absolute(&b)),
        ];
        write_atomic(
            &journal_path(&b),
            &serde_json::to_vec(&Journal { renames }).unwrap(),
        )
        .unwrap();
        sa.commit().unwrap();
        std::mem::forget(sb); // the process dies: its temporary file stays
        assert_eq!(fs::read_to_string(&b).unwrap(), "old B");
        assert_eq!(recover(&b).unwrap(), 1);
        assert_eq!(fs::read_to_string(&a).unwrap(), "A");
        assert_eq!(fs::read_to_string(&b).unwrap(), "B");
        assert!(!journal_path(&b).exists());
    }

    /// A journal cut while it was written means no rename had started: nothing is put in place.
    #[test]
    fn a_torn_journal_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let b = dir.path().join("cat.json");
        fs::write(&b, "old").unwrap();
        fs::write(journal_path(&b), "{\"renames\": [[").unwrap();
        assert_eq!(recover(&b).unwrap(), 0);
        assert_eq!(fs::read_to_string(&b).unwrap(), "old");
        assert!(!journal_path(&b).exists());
    }
}
