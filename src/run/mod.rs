//! One collection run, told in order: local inputs, fetch (live) or read (replay), record,
//! assemble, judge against the previous catalogue, publish, exit code.

use std::time::Instant;

use tracing::debug;

use crate::catalog::Metadata;
use crate::config::Settings;
use crate::progress::Progress;
use crate::sources::{AwsRaw, Status};

mod assemble;
mod error;
mod inputs;
mod live;
mod publish;
mod replay;

pub use assemble::{Discovered, assemble};
pub use error::{CorrectionsError, RunError, RunReport, exit};
pub use inputs::{Inputs, LITELLM_FILE, REDACTED_ACCOUNT, now_rfc3339};

pub async fn run(settings: &Settings, progress: &Progress) -> Result<RunReport, RunError> {
    let clock = RunClock::start();
    let mut settings = settings.clone();
    // Every message made from here on, and every log line, hides account ids when asked.
    crate::redact::hide_account_ids(settings.redact_account_id);

    // Local inputs first: a broken corrections file, or a path that can never be written, is a
    // configuration error before any request. Without --corrections, the built-in corrections.
    let corrections = inputs::load_corrections(settings.corrections_file.as_deref())?;
    crate::preflight::check(&settings).map_err(RunError::Preflight)?;
    // One run at a time per output, from before the first request to the last rename.
    let _lock = publish::lock_output(&settings, &clock.started_at)?;
    publish::finish_interrupted(&settings)?;
    // The catalogue this run may replace is read while the run fetches.
    let previous = publish::read_previous_in_background(&settings);

    let (inputs, mut catalog) = match settings.replay.clone() {
        Some(dir) => replay::replay(&dir, &mut settings, corrections).await?,
        None => live::collect_live(&settings, progress, corrections).await?,
    };
    if let Some(dir) = &settings.record {
        replay::record(dir, &inputs, &clock.started_at)?;
    }
    refuse_empty_run(&inputs.aws)?;

    let previous = previous.await?;
    clock.stamp(&mut catalog.metadata);
    publish::carry_first_discovered(&mut catalog, previous.catalog.as_ref(), &clock.started_at);
    debug!(elapsed_ms = clock.elapsed_ms(), "catalogue assembled");
    let verdict = publish::judge(&previous, &mut catalog, &settings);
    publish::publish(&settings, &catalog, &previous, &verdict)?;
    debug!(elapsed_ms = clock.elapsed_ms(), "written");

    progress.clear();
    publish::report_summary(&settings, &catalog.metadata, &verdict.outcome(&previous));
    let exit_code = verdict.exit_code(&catalog.metadata, &settings);
    // The process exits next: freeing tens of megabytes of raw records one by one is wasted work.
    std::mem::forget(inputs);
    Ok(RunReport { catalog, exit_code })
}

/// When the run started, as an instant and as the RFC 3339 time the catalogue records.
struct RunClock {
    instant: Instant,
    started_at: String,
}

impl RunClock {
    fn start() -> RunClock {
        RunClock {
            instant: Instant::now(),
            started_at: now_rfc3339(),
        }
    }

    fn elapsed_ms(&self) -> u64 {
        self.instant.elapsed().as_millis() as u64
    }

    /// The run's times in the metadata: started (also the sample's `collection_timestamp`),
    /// finished now, and the duration.
    fn stamp(&self, m: &mut Metadata) {
        m.started_at = self.started_at.clone();
        m.collection_timestamp = self.started_at.clone();
        m.finished_at = now_rfc3339();
        m.duration_ms = self.elapsed_ms();
    }
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
        return Err(RunError::NothingToPublish(
            "no region was queried".to_string(),
        ));
    }
    if failures.iter().all(|f| f.status == Status::NotOptedIn) {
        return Err(RunError::NothingToPublish(format!(
            "every region rejected the AWS credentials ({}); they are invalid or expired, or belong to another partition",
            failures[0].message
        )));
    }
    // The first real failure: a region not enabled says nothing about why the others failed.
    let first = failures
        .iter()
        .find(|f| f.status != Status::NotOptedIn)
        .unwrap_or(&failures[0]);
    Err(RunError::NothingToPublish(format!(
        "ListFoundationModels failed in every region, so there is nothing to publish; the first failure: {}",
        first.message
    )))
}
