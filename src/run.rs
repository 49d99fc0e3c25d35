//! One collection run: fetch (or replay) the raw data, run the phases, write the catalogue.

use std::sync::Arc;
use std::time::{Instant, SystemTime};

use aws_sdk_bedrock::primitives::{DateTime, DateTimeFormat};
use tokio::sync::Semaphore;
use tracing::{info, warn};

use crate::catalog::{ApiStatus, Catalog, Metadata, SCHEMA_VERSION};
use crate::config::Settings;
use crate::output;
use crate::phases::{discovery, profiles};
use crate::sources::{Api, AwsRaw, Status, aws, snapshot};

/// Process exit codes (also in `--help` and the README).
pub mod exit {
    pub const COMPLETE: u8 = 0;
    pub const FAILED: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const PARTIAL: u8 = 3;
}

/// A run that could not produce a catalogue; its message is one sentence for the user.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct RunError(pub String);

/// What a finished run wrote and how complete it was.
#[derive(Debug)]
pub struct RunReport {
    pub catalog: Catalog,
    pub exit_code: u8,
}

/// Current time as RFC 3339 UTC with seconds precision (`2026-11-25T21:04:05Z`).
pub fn now_rfc3339() -> String {
    DateTime::from(SystemTime::now())
        .fmt(DateTimeFormat::DateTime)
        .map(|s| match s.split_once('.') {
            // Drop sub-second digits for stable, readable timestamps.
            Some((secs, _)) => format!("{secs}Z"),
            None => s,
        })
        .unwrap_or_default()
}

pub async fn run(settings: &Settings) -> Result<RunReport, RunError> {
    let clock = Instant::now();
    let started_at = now_rfc3339();
    let mut settings = settings.clone();
    let raw = match &settings.replay {
        Some(dir) => {
            if !settings.regions_from_cli {
                // Replay what was recorded, not the config's region list.
                let manifest = snapshot::read_manifest(dir).map_err(|e| RunError(e.to_string()))?;
                settings.regions = manifest.calls.keys().cloned().collect();
            }
            info!(snapshot = %dir.display(), regions = settings.regions.len(), "replaying a recorded snapshot");
            snapshot::replay(dir, &settings.regions).map_err(|e| RunError(e.to_string()))?
        }
        None => {
            let config = aws::load_sdk_config(&settings.aws).await;
            aws::check_credentials(&config, settings.aws.profile.as_deref())
                .await
                .map_err(RunError)?;
            info!(
                regions = settings.regions.len(),
                threads = settings.threads,
                "querying Bedrock and Service Quotas"
            );
            let limit = Arc::new(Semaphore::new(settings.threads));
            aws::fetch_all(&config, &settings.regions, limit).await
        }
    };
    if let Some(dir) = &settings.record {
        // Record before judging the data, so a failed run can be replayed and reported.
        snapshot::record(dir, &raw, &started_at).map_err(|e| RunError(e.to_string()))?;
        info!(snapshot = %dir.display(), "recorded the raw responses");
    }

    let settings = &settings;
    refuse_empty_run(&raw)?;
    let mut catalog = assemble(&raw, settings);
    catalog.metadata.started_at = started_at.clone();
    catalog.metadata.collection_timestamp = started_at.clone();
    catalog.metadata.finished_at = now_rfc3339();
    catalog.metadata.duration_ms = clock.elapsed().as_millis() as u64;

    let bytes = output::to_json(&catalog);
    output::write_atomic(&settings.output, &bytes).map_err(|e| RunError(e.to_string()))?;
    let backup = output::write_backup(
        &settings.output,
        &bytes,
        &started_at,
        settings.backups_to_keep,
    )
    .map_err(|e| RunError(e.to_string()))?;
    let m = &catalog.metadata;
    info!(
        output = %settings.output.display(),
        backup = backup.as_ref().map(|b| b.display().to_string()).unwrap_or_default(),
        models = m.total_models,
        providers = m.providers_count,
        regions_ok = m.regions_ok.len(),
        regions_not_opted_in = m.regions_not_opted_in.len(),
        regions_failed = m.regions_failed.len(),
        duration_ms = m.duration_ms,
        "catalogue written"
    );
    let exit_code = if m.run_status == "complete" {
        exit::COMPLETE
    } else {
        warn!(
            "the run is partial: {} region(s) had failures ({}); see metadata.region_status",
            m.regions_failed.len(),
            m.regions_failed.join(", ")
        );
        exit::PARTIAL
    };
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
        return Err(RunError("no region was queried".into()));
    }
    if failures.iter().all(|f| f.status == Status::NotOptedIn) {
        return Err(RunError(format!(
            "every region rejected the AWS credentials ({}); they are invalid or expired, or belong to another partition",
            failures[0].message
        )));
    }
    Err(RunError(format!(
        "ListFoundationModels failed in every region, so there is nothing to publish; the first failure: {}",
        failures[0].message
    )))
}

/// Runs the pure phases over the raw data and fills the metadata (all but the run's timestamps).
pub fn assemble(raw: &AwsRaw, settings: &Settings) -> Catalog {
    let mut providers = discovery::discover(raw, &settings.aws.home_region);
    let profile_stats = profiles::attach_profiles(&mut providers, raw);

    let mut region_status = std::collections::BTreeMap::new();
    let (mut ok, mut not_opted_in, mut failed) = (vec![], vec![], vec![]);
    let mut total_quotas = 0;
    for (region, r) in &raw.regions {
        let mut apis = std::collections::BTreeMap::new();
        let mut region_failed = false;
        for api in Api::ALL {
            let (outcome, pages) = r.outcome(api);
            let status = match outcome {
                Ok(items) => {
                    if api == Api::ListServiceQuotas {
                        total_quotas += items;
                    }
                    ApiStatus {
                        status: Status::Ok,
                        items: Some(items),
                        pages,
                        message: None,
                        hint: None,
                    }
                }
                Err(f) => {
                    region_failed |= f.status.is_failure();
                    ApiStatus {
                        status: f.status,
                        items: None,
                        pages,
                        message: Some(f.message.clone()),
                        hint: f.hint.clone(),
                    }
                }
            };
            apis.insert(api, status);
        }
        match &r.foundation_models {
            Ok(_) => ok.push(region.clone()),
            Err(f) if f.status == Status::NotOptedIn => not_opted_in.push(region.clone()),
            Err(_) => {}
        }
        if region_failed {
            failed.push(region.clone());
        }
        region_status.insert(region.clone(), apis);
    }
    let total_models = providers.values().map(|p| p.models.len()).sum();
    Catalog {
        metadata: Metadata {
            schema_version: SCHEMA_VERSION,
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            run_status: if failed.is_empty() { "complete" } else { "partial" }.to_string(),
            regions_requested: settings.regions.clone(),
            regions_covered: ok.len(),
            regions_ok: ok,
            regions_not_opted_in: not_opted_in,
            regions_failed: failed,
            region_status,
            total_models,
            providers_count: providers.len(),
            total_inference_profiles: profile_stats.total_profiles,
            profiles_without_model: profile_stats.profiles_without_model,
            total_quotas_available: total_quotas,
            collection_method: "bedrock-collector: ListFoundationModels, ListInferenceProfiles, ListServiceQuotas and ListAWSDefaultServiceQuotas in every region".to_string(),
            ..Default::default()
        },
        providers,
    }
}
