//! One collection run, told in order: local inputs, fetch (live) or read (replay), record,
//! assemble, judge against the previous catalogue, publish, exit code.

use std::time::Instant;

use tracing::debug;

use crate::catalog::Metadata;
use crate::config::Settings;
use crate::phases::assembly;
use crate::progress::Progress;
use crate::records::{AwsRaw, Status};

mod error;
mod inputs;
mod live;
mod publish;
mod replay;

pub use error::{CorrectionsError, NothingToPublish, RunError, RunReport, exit};
pub use inputs::{LITELLM_FILE, now_rfc3339};

pub async fn run(settings: &Settings, progress: &Progress) -> Result<RunReport, RunError> {
    let clock = RunClock::start();
    // Every message made from here on, and every log line, hides account ids when asked.
    crate::redact::hide_account_ids(settings.redact_account_id);

    // Local inputs first: a broken corrections file, or a path that can never be written, is a
    // configuration error before any request. Without --corrections, the built-in corrections.
    let corrections = inputs::load_corrections(settings.corrections_file.as_deref())?;
    crate::preflight::check(settings)?;
    // One run at a time per output, from before the first request to the last rename.
    let _lock = publish::lock_output(settings, &clock.started_at)?;
    publish::finish_interrupted(settings)?;
    // The catalogue this run may replace is read while the run fetches.
    let previous = publish::read_previous_in_background(settings);

    let (inputs, mut catalog, heads) = match &settings.replay {
        Some(r) => replay::replay(r, settings, corrections).await?,
        None => live::collect_live(settings, progress, corrections).await?,
    };
    if let Some(dir) = &settings.record {
        replay::record(dir, &inputs, &clock.started_at)?;
    }
    refuse_empty_run(&inputs.aws)?;

    let previous = previous.await?;
    clock.stamp(&mut catalog.metadata);
    assembly::carry_first_discovered(&mut catalog, previous.catalog.as_ref(), &clock.started_at);
    debug!(elapsed_ms = clock.elapsed_ms(), "catalogue assembled");
    let verdict = publish::judge(&previous, &mut catalog, settings);
    publish::publish(settings, &catalog, &heads, &previous, &verdict)?;
    debug!(elapsed_ms = clock.elapsed_ms(), "written");

    progress.clear();
    publish::report_summary(
        settings,
        &catalog.metadata,
        &verdict.outcome(&previous, settings),
    );
    let exit_code = verdict.exit_code(&catalog.metadata, settings);
    // The process exits next: freeing tens of megabytes of raw records and the two catalogues
    // (this run's and the previous one) value by value is wasted work.
    std::mem::forget((inputs, catalog, previous));
    Ok(RunReport { exit_code })
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

/// A run in which no region listed its models has nothing to publish.
fn refuse_empty_run(raw: &AwsRaw) -> Result<(), NothingToPublish> {
    if raw.regions.values().any(|r| r.foundation_models.is_ok()) {
        return Ok(());
    }
    let failures: Vec<_> = raw
        .regions
        .values()
        .filter_map(|r| r.foundation_models.as_ref().err())
        .collect();
    let Some(first) = failures.first() else {
        return Err(NothingToPublish::NoRegion);
    };
    if failures.iter().all(|f| f.status == Status::NotOptedIn) {
        let first = (*first).clone();
        return Err(NothingToPublish::CredentialsRejected { first });
    }
    // The first real failure: a region not enabled says nothing about why the others failed.
    let first = failures
        .iter()
        .find(|f| f.status != Status::NotOptedIn)
        .unwrap_or(first);
    Err(NothingToPublish::EveryRegionFailed {
        first: (*first).clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{Failure, RegionRaw};

    fn failed_everywhere(failures: &[(&str, Status, &str)]) -> AwsRaw {
        let region = |status: Status, message: &str| RegionRaw {
            foundation_models: Err(Failure::new(status, message)),
            inference_profiles: Ok(vec![]),
            service_quotas: Ok(vec![]),
            default_quotas: Ok(vec![]),
            mantle: Ok(vec![]),
            attempts: Default::default(),
        };
        AwsRaw {
            regions: failures
                .iter()
                .map(|(name, status, message)| (name.to_string(), region(*status, message)))
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn a_run_with_nothing_to_publish_names_its_first_real_failure() {
        let raw = failed_everywhere(&[
            (
                "ap-east-2",
                Status::NotOptedIn,
                "OptInRequired: not enabled",
            ),
            (
                "eu-west-1",
                Status::AccessDenied,
                "AccessDeniedException: no",
            ),
            ("us-east-1", Status::Error, "ServiceUnavailable: down"),
        ]);
        let e = refuse_empty_run(&raw).unwrap_err();
        // The code can tell the cause: the failure itself, not its words.
        assert!(
            matches!(&e, NothingToPublish::EveryRegionFailed { first } if first.status == Status::AccessDenied),
            "{e:?}"
        );
        assert_eq!(
            e.to_string(),
            "ListFoundationModels failed in every region, so there is nothing to publish; the first failure: AccessDeniedException: no"
        );

        let raw = failed_everywhere(&[
            (
                "ap-east-2",
                Status::NotOptedIn,
                "UnrecognizedClientException: a",
            ),
            (
                "us-east-1",
                Status::NotOptedIn,
                "UnrecognizedClientException: b",
            ),
        ]);
        let e = refuse_empty_run(&raw).unwrap_err();
        assert!(
            matches!(&e, NothingToPublish::CredentialsRejected { first } if first.status == Status::NotOptedIn),
            "{e:?}"
        );
        assert_eq!(
            e.to_string(),
            "every region rejected the AWS credentials (UnrecognizedClientException: a); they are invalid or expired, or belong to another partition"
        );
        assert!(matches!(
            refuse_empty_run(&AwsRaw::default()),
            Err(NothingToPublish::NoRegion)
        ));
    }
}
