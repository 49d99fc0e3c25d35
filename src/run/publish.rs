//! Publishing: the previous catalogue read, the run judged against it, and what the run writes
//! (catalogue, backup, change log, change feed, summary) put in place as one step.

use std::path::{Path, PathBuf};

use tracing::{info, warn};

use super::error::{RunError, exit};
use crate::catalog::{Catalog, Metadata, RunStatus};
use crate::config::{STDOUT, Settings};
use crate::files::{self, Staged};
use crate::output::{self, ModelHeads};
use crate::phases::change_log::{ChangeLog, PreviousRef};
use crate::phases::{changes, feed, guard};
use crate::summary;

/// The catalogue this run compares with and may replace.
pub(super) struct Previous {
    pub(super) path: PathBuf,
    /// `None` on a first run, or when the file cannot be read as a catalogue.
    pub(super) catalog: Option<Catalog>,
}

/// Whether the catalogue goes to standard output (`--output -`).
pub(super) fn to_stdout(settings: &Settings) -> bool {
    settings.output == Path::new(STDOUT)
}

/// Takes the lock of the output (none for `--output -`: nothing is written beside it).
pub(super) fn lock_output(
    settings: &Settings,
    started_at: &str,
) -> Result<Option<files::RunLock>, RunError> {
    if to_stdout(settings) {
        return Ok(None);
    }
    Ok(Some(files::RunLock::acquire(
        &settings.output,
        settings.lock_wait,
        started_at,
    )?))
}

/// Finishes a publication that an earlier run was killed in the middle of, so that the files
/// this run reads and replaces are one run's set.
pub(super) fn finish_interrupted(settings: &Settings) -> Result<(), RunError> {
    if to_stdout(settings) {
        return Ok(());
    }
    let done = files::recover(&settings.output)?;
    if done > 0 {
        warn!(
            files = done,
            "an earlier run was stopped while it published {}; its files are now all in place",
            settings.output.display()
        );
    }
    Ok(())
}

/// Reads the previous catalogue on a blocking thread, while the run fetches.
pub(super) fn read_previous_in_background(
    settings: &Settings,
) -> tokio::task::JoinHandle<Previous> {
    let path = settings
        .previous
        .clone()
        .unwrap_or_else(|| settings.output.clone());
    // `--output -` has no previous catalogue unless --previous names one.
    let read = !to_stdout(settings) || settings.previous.is_some();
    tokio::task::spawn_blocking(move || Previous {
        catalog: read.then(|| read_previous(&path)).flatten(),
        path,
    })
}

/// The previous catalogue, when there is one that can be read. One that cannot be read is reported
/// and treated as absent: it gives no change log and no protection.
fn read_previous(path: &Path) -> Option<Catalog> {
    if !path.exists() {
        return None;
    }
    match crate::catalog::read(path) {
        Ok(c) if !c.providers.is_empty() => Some(c),
        Ok(_) => {
            warn!(
                "{} holds no models; treating this as a first run",
                path.display()
            );
            None
        }
        Err(e) => {
            warn!("{e}; treating this as a first run, with no previous catalogue to compare with");
            None
        }
    }
}

/// What the run decided against the previous catalogue.
pub(super) struct Verdict {
    /// Why the run is degraded; empty when it is not.
    pub(super) degraded: Vec<String>,
    /// What changed since the previous catalogue.
    pub(super) events: Vec<changes::ChangeEvent>,
    /// The catalogue replaces the previous one: not degraded, or `--allow-degraded`.
    pub(super) publish: bool,
    /// The parts this run failed to read, which were not compared (empty on a first run).
    pub(super) not_compared: Vec<String>,
}

/// Judges the run against the previous catalogue (the degraded reasons go into the metadata) and
/// lists the changes.
pub(super) fn judge(previous: &Previous, catalog: &mut Catalog, settings: &Settings) -> Verdict {
    let before = previous.catalog.as_ref();
    let degraded = guard::degraded_reasons(
        before.map(|p| &p.metadata),
        &catalog.metadata,
        &settings.guard,
    );
    catalog.metadata.degraded_reasons = degraded.clone();
    Verdict {
        publish: degraded.is_empty() || settings.guard.allow_degraded,
        events: before
            .map(|p| changes::diff(p, catalog))
            .unwrap_or_default(),
        not_compared: before
            .map(|_| changes::NotCompared::of(&catalog.metadata).describe())
            .unwrap_or_default(),
        degraded,
    }
}

impl Verdict {
    pub(super) fn outcome<'a>(
        &'a self,
        previous: &'a Previous,
        settings: &Settings,
    ) -> summary::RunOutcome<'a> {
        summary::RunOutcome {
            events: &self.events,
            previous_collected_at: previous
                .catalog
                .as_ref()
                .map(|p| p.metadata.collection_timestamp.as_str())
                .filter(|t| !t.is_empty()),
            degraded: &self.degraded,
            published: self.publish,
            had_previous: previous.catalog.is_some(),
            not_compared: &self.not_compared,
            replayed: settings.replay.is_some(),
        }
    }

    /// Partial or degraded (3) before changes the user asked to fail on (4) before complete (0).
    pub(super) fn exit_code(&self, m: &Metadata, settings: &Settings) -> u8 {
        if m.run_status != RunStatus::Complete || !self.degraded.is_empty() {
            let mut what = Vec::new();
            if !m.regions_failed.is_empty() {
                what.push(format!(
                    "{} region(s) had failures ({})",
                    m.regions_failed.len(),
                    m.regions_failed.join(", ")
                ));
            }
            if !m.sources_failed.is_empty() {
                what.push(format!("source(s) failed: {}", m.sources_failed.join(", ")));
            }
            if !what.is_empty() {
                warn!(
                    "the run is partial: {}; see metadata.region_status and metadata.sources",
                    what.join("; ")
                );
            }
            return exit::PARTIAL;
        }
        let fail_on = &settings.guard.fail_on;
        match fail_on
            .iter()
            .find(|k| self.events.iter().any(|e| e.kind == **k))
        {
            Some(kind) => {
                warn!(
                    "changes of kind {} happened (--fail-on); see {}",
                    kind.name(),
                    settings.changes.display()
                );
                exit::CHANGES
            }
            None => exit::COMPLETE,
        }
    }
}

/// Writes what the run produced. A published run stages every file (catalogue, backup, change
/// log, Markdown summary) and then puts them in place as one step ([`files::publish`]): a full
/// disk or a kill leaves the previous set as it was, or the new set whole. A degraded run writes
/// `<output>.partial` and the summary, and leaves the previous set alone.
pub(super) fn publish(
    settings: &Settings,
    catalog: &Catalog,
    heads: &ModelHeads,
    previous: &Previous,
    verdict: &Verdict,
) -> Result<(), RunError> {
    let started_at = catalog.metadata.started_at.as_str();
    let outcome = verdict.outcome(previous, settings);
    let summary = |staged: &mut Vec<Staged>| -> Result<(), RunError> {
        if let Some(path) = &settings.summary_markdown {
            let text = summary::markdown(&catalog.metadata, &outcome);
            staged.push(files::stage_with(path, |w| {
                std::io::Write::write_all(w, text.as_bytes())
            })?);
        }
        Ok(())
    };
    let change_log = |staged: &mut Vec<Staged>| -> Result<(), RunError> {
        let text = output::to_json(&changes_file(previous, started_at, verdict));
        staged.push(files::stage_with(&settings.changes, |w| {
            std::io::Write::write_all(w, &text)
        })?);
        Ok(())
    };
    let feed = |staged: &mut Vec<Staged>| -> Result<(), RunError> {
        if let Some(f) = &settings.feed {
            let text = output::to_json(&updated_feed(f, catalog, previous, verdict));
            staged.push(files::stage_with(&f.path, |w| {
                std::io::Write::write_all(w, &text)
            })?);
        }
        Ok(())
    };
    let mut staged = Vec::new();
    if to_stdout(settings) {
        write_stdout(catalog)?;
        // Nothing beside a file: no backup; a change log only where --changes names it.
        if !settings.changes.as_os_str().is_empty() {
            change_log(&mut staged)?;
        }
        feed(&mut staged)?;
        summary(&mut staged)?;
        for file in staged {
            file.commit()?;
        }
        info!("catalogue written to standard output");
        return Ok(());
    }
    let partial_path = output::partial_path(&settings.output);
    if !verdict.publish {
        output::write_catalog_atomic(&partial_path, catalog, heads)?;
        summary(&mut staged)?;
        for file in staged {
            file.commit()?;
        }
        // Say what happened: on a first run there was nothing to keep.
        let kept = match &previous.catalog {
            Some(_) => format!("{} was kept", settings.output.display()),
            None => format!(
                "nothing was published at {} (there was no previous catalogue)",
                settings.output.display()
            ),
        };
        warn!(
            "the run is degraded, so {kept} and the new catalogue was written to {} (use --allow-degraded to publish it): {}",
            partial_path.display(),
            verdict.degraded.join("; ")
        );
        return Ok(());
    }
    let catalogue = output::stage_catalog(&settings.output, catalog, heads)?;
    let backup = output::backup_path(&settings.output, started_at, settings.backups_to_keep);
    if let Some(path) = &backup {
        staged.push(catalogue.copy_to(path)?);
    }
    change_log(&mut staged)?;
    feed(&mut staged)?;
    summary(&mut staged)?;
    // The catalogue last: a reader who sees the new catalogue sees its change log too.
    staged.push(catalogue);
    files::publish(&settings.output, staged)?;
    // A partial catalogue from an earlier degraded run is stale now; so are old backups.
    let _ = std::fs::remove_file(&partial_path);
    output::prune_backups(&settings.output, settings.backups_to_keep)?;
    info!(
        output = %settings.output.display(),
        backup = backup.as_ref().map(|b| b.display().to_string()).unwrap_or_default(),
        changes = %settings.changes.display(),
        "catalogue written"
    );
    Ok(())
}

/// The change feed with this run's events put first: the existing feed file continued, or a new
/// one when there is none. A file that is not a JSON Feed is reported and started anew.
fn updated_feed(
    settings: &crate::config::FeedSettings,
    catalog: &Catalog,
    previous: &Previous,
    verdict: &Verdict,
) -> feed::Feed {
    let existing = match std::fs::read(&settings.path) {
        Ok(bytes) => match feed::parse(&bytes) {
            Ok(f) => Some(f),
            Err(e) => {
                warn!(
                    "the feed {} cannot be continued ({e}); it starts again with this run's changes",
                    settings.path.display()
                );
                None
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            warn!(
                "the feed {} cannot be read ({e}); it starts again with this run's changes",
                settings.path.display()
            );
            None
        }
    };
    feed::update(
        existing,
        &verdict.events,
        catalog,
        previous.catalog.as_ref(),
        &catalog.metadata.started_at,
        &settings.options,
    )
}

/// `--output -`: the catalogue's JSON on standard output (and nothing else there).
fn write_stdout(catalog: &Catalog) -> Result<(), RunError> {
    use std::io::Write;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout());
    output::write_catalog_to(&mut out, catalog)
        .and_then(|_| out.flush())
        .map_err(RunError::Stdout)
}

/// `changes.json`: the events against the previous catalogue, or a note that there was none.
fn changes_file(previous: &Previous, started_at: &str, verdict: &Verdict) -> ChangeLog {
    let previous = previous.catalog.as_ref().map(|p| PreviousRef {
        path: previous.path.display().to_string(),
        collection_timestamp: Some(p.metadata.collection_timestamp.clone())
            .filter(|t| !t.is_empty()),
    });
    ChangeLog::new(
        started_at,
        previous,
        verdict.events.clone(),
        verdict.not_compared.clone(),
    )
}

/// The end-of-run summary on stderr: a table for people, or one structured event in JSON logs.
pub(super) fn report_summary(settings: &Settings, m: &Metadata, outcome: &summary::RunOutcome) {
    if settings.quiet {
        return;
    }
    match settings.log_format {
        crate::cli::LogFormat::Json => info!(
            run_status = %m.run_status,
            models = m.total_models,
            providers = m.providers_count,
            regions_ok = m.regions_ok.len(),
            regions_not_opted_in = m.regions_not_opted_in.len(),
            regions_failed = m.regions_failed.len(),
            with_prices = m.models_with_pricing,
            with_quotas = m.models_with_quotas,
            with_token_specs = m.models_with_token_specs,
            changes = outcome.events.len(),
            not_compared = %outcome.not_compared.join("; "),
            degraded = outcome.degraded.len(),
            duration_ms = m.duration_ms,
            credentials = %m.credentials.as_ref().map(|c| c.describe()).unwrap_or_default(),
            "run summary"
        ),
        crate::cli::LogFormat::Text => {
            eprint!("{}", summary::text(m, outcome));
            for e in outcome.events.iter().take(10) {
                info!("{}", e.describe());
            }
            if outcome.events.len() > 10 {
                info!(
                    "... and {} more changes in {}",
                    outcome.events.len() - 10,
                    settings.changes.display()
                );
            }
        }
    }
}
