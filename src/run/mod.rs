//! One collection run: fetch (or replay) the raw data, run the phases, write the catalogue.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use tracing::{debug, info, warn};

use crate::config::Settings;
use crate::output;
use crate::phases::{changes, guard};
use crate::progress::Progress;
use crate::sources::{AwsRaw, Status, price_list, snapshot};
use crate::summary;

mod assemble;
mod error;
mod inputs;
mod live;
mod publish;

use assemble::*;
pub use assemble::{Discovered, assemble};
pub use error::{RunError, RunReport, exit};
use inputs::*;
pub use inputs::{Inputs, LITELLM_FILE, REDACTED_ACCOUNT, now_rfc3339};
use live::*;
use publish::*;

pub async fn run(settings: &Settings, progress: &Progress) -> Result<RunReport, RunError> {
    let clock = Instant::now();
    let started_at = now_rfc3339();
    let mut settings = settings.clone();

    // Local input first: a broken corrections file is a configuration error, before any request.
    // Without --corrections the corrections compiled into the binary are used.
    let corrections = load_corrections(settings.corrections_file.as_deref())?;
    // Every file the run will write can be written: checked before the first request.
    crate::preflight::check(&settings).map_err(|message| RunError {
        message,
        exit_code: exit::USAGE,
    })?;

    // The catalogue this run may replace: read while the run fetches, before anything is written.
    let to_stdout = settings.output == Path::new(crate::config::STDOUT);
    let previous_path = settings
        .previous
        .clone()
        .unwrap_or_else(|| settings.output.clone());
    let previous = {
        let path = previous_path.clone();
        // `--output -` has no previous catalogue unless --previous names one.
        let read = !to_stdout || settings.previous.is_some();
        tokio::task::spawn_blocking(move || read.then(|| read_previous(&path)).flatten())
    };

    let (inputs, mut catalog) = match settings.replay.clone() {
        Some(dir) => {
            let manifest =
                snapshot::read_manifest(&dir).map_err(|e| RunError::failed(e.to_string()))?;
            if !settings.regions_from_cli {
                // Replay what was recorded, not the config's region list.
                settings.regions = manifest.calls.keys().cloned().collect();
            }
            info!(snapshot = %dir.display(), regions = settings.regions.len(), "replaying a recorded snapshot");
            let aws = snapshot::replay(&dir, &settings.regions)
                .map_err(|e| RunError::failed(e.to_string()))?;
            let litellm = snapshot::replay_file(&dir, &manifest, LITELLM_FILE);
            // A snapshot recorded with prices switched off holds no price list files.
            let recorded_prices = manifest
                .files
                .keys()
                .any(|k| k.starts_with(price_list::SNAPSHOT_PREFIX));
            let prices = if recorded_prices {
                let store = price_list::Store::Snapshot {
                    dir: &dir,
                    manifest: &manifest,
                };
                Some(price_list::fetch(&store, &settings.regions).await)
            } else {
                None
            };
            let offers = read_offers(prices.as_ref(), &settings.regions);
            let inputs = Inputs {
                aws,
                litellm,
                price_list: prices,
                offers,
                corrections,
            };
            let catalog = assemble(&inputs, &settings);
            (inputs, catalog)
        }
        None => collect_live(&settings, progress, corrections).await?,
    };
    if let Some(dir) = &settings.record {
        // Record before judging the data, so a failed run can be replayed and reported.
        let mut files = BTreeMap::from([(LITELLM_FILE.to_string(), inputs.litellm.clone())]);
        for (path, outcome) in inputs.price_list.iter().flatten() {
            files.insert(price_list::snapshot_name(path), outcome.clone());
        }
        snapshot::record(dir, &inputs.aws, &files, &started_at)
            .map_err(|e| RunError::failed(e.to_string()))?;
        info!(snapshot = %dir.display(), "recorded the raw responses");
    }

    refuse_empty_run(&inputs.aws)?;
    let previous = previous
        .await
        .map_err(|e| RunError::failed(format!("reading the previous catalogue failed: {e}")))?;
    catalog.metadata.started_at = started_at.clone();
    catalog.metadata.collection_timestamp = started_at.clone();
    catalog.metadata.finished_at = now_rfc3339();
    catalog.metadata.duration_ms = clock.elapsed().as_millis() as u64;
    carry_first_discovered(&mut catalog, previous.as_ref(), &started_at);
    debug!(
        elapsed_ms = clock.elapsed().as_millis() as u64,
        "catalogue assembled"
    );

    // Judge the run against the previous catalogue, then compare the two.
    let degraded = guard::degraded_reasons(
        previous.as_ref().map(|p| &p.metadata),
        &catalog.metadata,
        &settings.guard,
    );
    catalog.metadata.degraded_reasons = degraded.clone();
    let publish = degraded.is_empty() || settings.guard.allow_degraded;
    let partial_path = output::partial_path(&settings.output);
    let written = if publish {
        &settings.output
    } else {
        &partial_path
    };
    if to_stdout {
        write_stdout(&catalog)?;
    } else {
        output::write_catalog_atomic(written, &catalog)
            .map_err(|e| RunError::failed(e.to_string()))?;
    }
    let events = previous
        .as_ref()
        .map(|p| changes::diff(p, &catalog))
        .unwrap_or_default();
    if to_stdout {
        // Nothing beside a file: no backup; a change log only where --changes names it.
        if !settings.changes.as_os_str().is_empty() {
            let changes = changes_file(previous.as_ref(), &previous_path, &started_at, &events);
            output::write_atomic(&settings.changes, &output::to_json(&changes))
                .map_err(|e| RunError::failed(e.to_string()))?;
        }
        info!("catalogue written to standard output");
    } else if publish {
        let backup = output::write_backup(&settings.output, &started_at, settings.backups_to_keep)
            .map_err(|e| RunError::failed(e.to_string()))?;
        // A partial catalogue from an earlier degraded run is stale now.
        let _ = std::fs::remove_file(&partial_path);
        let changes = changes_file(previous.as_ref(), &previous_path, &started_at, &events);
        output::write_atomic(&settings.changes, &output::to_json(&changes))
            .map_err(|e| RunError::failed(e.to_string()))?;
        info!(
            output = %settings.output.display(),
            backup = backup.as_ref().map(|b| b.display().to_string()).unwrap_or_default(),
            changes = %settings.changes.display(),
            "catalogue written"
        );
    } else {
        warn!(
            "the run is degraded, so {} was kept and the new catalogue was written to {} (use --allow-degraded to publish it): {}",
            settings.output.display(),
            partial_path.display(),
            degraded.join("; ")
        );
    }

    debug!(elapsed_ms = clock.elapsed().as_millis() as u64, "written");
    let m = &catalog.metadata;
    let outcome = summary::RunOutcome {
        events: &events,
        previous_collected_at: previous
            .as_ref()
            .map(|p| p.metadata.collection_timestamp.as_str())
            .filter(|t| !t.is_empty()),
        degraded: &degraded,
        published: publish,
    };
    if let Some(path) = &settings.summary_markdown {
        output::write_atomic(path, summary::markdown(m, &outcome).as_bytes())
            .map_err(|e| RunError::failed(e.to_string()))?;
    }
    progress.clear();
    report_summary(&settings, m, &outcome);

    let exit_code = if m.run_status != crate::catalog::RunStatus::Complete || !degraded.is_empty() {
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
        exit::PARTIAL
    } else if let Some(kind) = settings
        .guard
        .fail_on
        .iter()
        .find(|k| events.iter().any(|e| e.kind == **k))
    {
        warn!(
            "changes of kind {} happened (--fail-on); see {}",
            kind.name(),
            settings.changes.display()
        );
        exit::CHANGES
    } else {
        exit::COMPLETE
    };
    // The process exits next: freeing tens of megabytes of raw records one by one is wasted work.
    std::mem::forget(inputs);
    Ok(RunReport { catalog, exit_code })
}

/// A run in which no region listed its models has nothing to publish. When every region rejected
/// the credentials, the credentials are wrong (an unusable region list would be a different mistake),
/// so say that rather than "not opted in" everywhere.
fn refuse_empty_run(raw: &AwsRaw) -> Result<(), RunError> {
    if raw.regions.values().any(|r| r.foundation_models.is_ok()) {
        return Ok(());
    }
    let failures: Vec<_> = raw
        .regions
        .values()
        .filter_map(|r| r.foundation_models.as_ref().err())
        .collect();
    if failures.is_empty() {
        return Err(RunError::failed("no region was queried"));
    }
    if failures.iter().all(|f| f.status == Status::NotOptedIn) {
        return Err(RunError::failed(format!(
            "every region rejected the AWS credentials ({}); they are invalid or expired, or belong to another partition",
            failures[0].message
        )));
    }
    Err(RunError::failed(format!(
        "ListFoundationModels failed in every region, so there is nothing to publish; the first failure: {}",
        failures[0].message
    )))
}
