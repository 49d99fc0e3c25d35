//! A run from a recorded snapshot (`--replay`), and recording one (`--record`).

use std::collections::BTreeMap;
use std::path::Path;

use tracing::info;

use super::error::RunError;
use super::inputs::LITELLM_FILE;
use crate::catalog::Catalog;
use crate::config::{Replay, Settings};
use crate::output::{self, ModelHeads};
use crate::phases::assembly::{self, AllAtOnce, Files, Inputs, LoadedCorrections};
use crate::sources::{price_list, snapshot};

/// Reads everything the phases need from the snapshot and assembles the catalogue, over the
/// snapshot's regions (or those of `--regions`).
pub(super) async fn replay(
    replay: &Replay,
    settings: &Settings,
    corrections: LoadedCorrections,
) -> Result<(Inputs, Catalog, ModelHeads), RunError> {
    let dir = &replay.dir;
    let manifest = snapshot::read_manifest(dir)?;
    let regions = match &replay.regions {
        Some(r) => r.clone(),
        None => manifest.calls.keys().cloned().collect(),
    };
    info!(snapshot = %dir.display(), regions = regions.len(), "replaying a recorded snapshot");
    let aws = snapshot::replay(dir, &regions)?;
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
        Some(price_list::fetch(&store, &regions).await)
    } else {
        None
    };
    let files = Files {
        offers: assembly::read_offers(price_list.as_ref(), &regions),
        litellm,
        price_list,
    };
    let options = assembly::Options {
        home_region: &settings.aws.home_region,
        regions: &regions,
        redact_account_id: settings.redact_account_id,
    };
    let mut arrivals = AllAtOnce::new(aws, files);
    let mut heads = ModelHeads::default();
    let assembled = assembly::assemble(&mut arrivals, corrections, &options, |providers| {
        heads = ModelHeads::of(providers, output::threads());
    })
    .await;
    let (inputs, catalog) = assembled.unwrap_or_else(|never| match never {});
    Ok((inputs, catalog, heads))
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
