//! Publishing: the previous catalogue read, first-discovery dates carried over, the change log and the summary.

use super::error::RunError;
use crate::catalog::{Catalog, Metadata, SCHEMA_VERSION};
use crate::config::Settings;
use crate::output;
use crate::phases::changes;
use crate::summary;
use std::collections::BTreeMap;
use tracing::{info, warn};

/// `--output -`: the catalogue's JSON on standard output (and nothing else there).
pub(super) fn write_stdout(catalog: &Catalog) -> Result<(), RunError> {
    use std::io::Write;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout());
    output::write_catalog_to(&mut out, catalog)
        .and_then(|_| out.flush())
        .map_err(|e| {
            RunError::failed(format!(
                "cannot write the catalogue to standard output: {e}"
            ))
        })
}

/// `first_discovered_at` of every model: as the previous catalogue has it, or this run's start.
pub(super) fn carry_first_discovered(
    catalog: &mut Catalog,
    previous: Option<&Catalog>,
    started_at: &str,
) {
    let now = started_at.replacen('T', " ", 1).replace('Z', " UTC");
    let before: BTreeMap<&str, &str> = previous
        .into_iter()
        .flat_map(|p| p.providers.values())
        .flat_map(|p| p.models.iter())
        .map(|(k, m)| {
            (
                k.as_str(),
                m.collection_metadata.first_discovered_at.as_str(),
            )
        })
        .filter(|(_, at)| !at.is_empty())
        .collect();
    for model in catalog
        .providers
        .values_mut()
        .flat_map(|p| p.models.values_mut())
    {
        model.collection_metadata.first_discovered_at = before
            .get(model.model_id.as_str())
            .map_or_else(|| now.clone(), |t| t.to_string());
    }
}

/// The previous catalogue, when there is one that can be read. One that cannot be read is reported
/// and treated as absent: it gives no change log and no protection.
pub(super) fn read_previous(path: &std::path::Path) -> Option<Catalog> {
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

/// `changes.json`: the events against the previous catalogue, or a note that there was none.
#[derive(serde::Serialize)]
pub(super) struct ChangesFile<'a> {
    pub(super) schema_version: u32,
    pub(super) collection_timestamp: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) previous: Option<PreviousRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) note: Option<&'static str>,
    pub(super) counts: BTreeMap<&'static str, usize>,
    pub(super) events: &'a [changes::ChangeEvent],
}

#[derive(serde::Serialize)]
pub(super) struct PreviousRef {
    pub(super) path: String,
    pub(super) collection_timestamp: Option<String>,
}

pub(super) fn changes_file<'a>(
    previous: Option<&Catalog>,
    path: &std::path::Path,
    started_at: &'a str,
    events: &'a [changes::ChangeEvent],
) -> ChangesFile<'a> {
    ChangesFile {
        schema_version: SCHEMA_VERSION,
        collection_timestamp: started_at,
        previous: previous.map(|p| PreviousRef {
            path: path.display().to_string(),
            collection_timestamp: Some(p.metadata.collection_timestamp.clone())
                .filter(|t| !t.is_empty()),
        }),
        note: previous
            .is_none()
            .then_some("first run: there was no previous catalogue to compare with"),
        counts: changes::count_by_kind(events)
            .into_iter()
            .map(|(k, n)| (k.name(), n))
            .collect(),
        events,
    }
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
            degraded = outcome.degraded.len(),
            duration_ms = m.duration_ms,
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
