//! A run from a recorded snapshot (`--replay`), and recording one (`--record`).

use std::collections::BTreeMap;
use std::path::Path;

use tracing::info;

use super::assemble::{assemble, read_offers};
use super::error::RunError;
use super::inputs::{Inputs, LITELLM_FILE, LoadedCorrections};
use crate::catalog::Catalog;
use crate::config::Settings;
use crate::sources::{price_list, snapshot};

/// Reads everything the phases need from the snapshot in `dir` and assembles the catalogue. Without
/// `--regions`, the run's regions become the snapshot's.
pub(super) async fn replay(
    dir: &Path,
    settings: &mut Settings,
    corrections: LoadedCorrections,
) -> Result<(Inputs, Catalog), RunError> {
    let manifest = snapshot::read_manifest(dir)?;
    if !settings.regions_from_cli {
        settings.regions = manifest.calls.keys().cloned().collect();
    }
    info!(snapshot = %dir.display(), regions = settings.regions.len(), "replaying a recorded snapshot");
    let aws = snapshot::replay(dir, &settings.regions)?;
    let litellm = snapshot::replay_file(dir, &manifest, LITELLM_FILE);
    // A snapshot recorded with prices switched off holds no price list files.
    let recorded_prices = manifest
        .files
        .keys()
        .any(|k| k.starts_with(price_list::SNAPSHOT_PREFIX));
    let price_list = if recorded_prices {
        let store = price_list::Store::Snapshot {
            dir,
            manifest: &manifest,
        };
        Some(price_list::fetch(&store, &settings.regions).await)
    } else {
        None
    };
    let inputs = Inputs {
        offers: read_offers(price_list.as_ref(), &settings.regions),
        aws,
        litellm,
        price_list,
        corrections,
    };
    let catalog = assemble(&inputs, settings);
    Ok((inputs, catalog))
}

/// Writes every raw response and outcome of the run under `dir`. Done before the data is judged,
/// so that a failed run can be replayed and reported.
pub(super) fn record(dir: &Path, inputs: &Inputs, started_at: &str) -> Result<(), RunError> {
    let mut files = BTreeMap::from([(LITELLM_FILE.to_string(), inputs.litellm.clone())]);
    for (path, outcome) in inputs.price_list.iter().flatten() {
        files.insert(price_list::snapshot_name(path), outcome.clone());
    }
    snapshot::record(dir, &inputs.aws, &files, started_at)?;
    info!(snapshot = %dir.display(), "recorded the raw responses");
    Ok(())
}
