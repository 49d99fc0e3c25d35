//! The phase order, written once: from the raw records to one catalogue. A replay hands every
//! input over at once and the steps run straight through; a network run hands each input over as
//! it arrives ([`Arrivals`]), so discovery, token specs, prices and the join run while the quota
//! pages are still coming, and each region's quotas are assigned as its pages complete. Both give
//! the same catalogue. Each step runs in a tracing span named after it (`-v` logs its time).
//!
//! The steps: `discover` (phases 1 and 4: models, per-region inference types, profiles), `specs`
//! (4.5: token specs and features), `prices` (2 and 3), `join` (Mantle, features, prices, routes
//! into the models), `region_quotas` (5, per region), `finish` (the quotas' place in the models,
//! the account's view, the metadata).

mod metadata;
mod offers;
mod steps;

use std::collections::BTreeMap;
use std::time::Instant;

use tracing::debug;

use crate::catalog::{Catalog, Provider};
use crate::phases::pricing;
use crate::phases::token_specs::Corrections;
use crate::records::{AwsRaw, FileOutcome};

pub use offers::{ParsedOffers, read_offers};
pub use steps::carry_first_discovered;

/// Everything the phases read, from the network or a snapshot.
pub struct Inputs {
    pub aws: AwsRaw,
    pub litellm: FileOutcome,
    /// Price List files by path on the host; `None` when prices are switched off.
    pub price_list: Option<BTreeMap<String, FileOutcome>>,
    /// Those files parsed (as soon as they arrived), and how the source fared.
    pub offers: ParsedOffers,
    pub corrections: LoadedCorrections,
}

/// The token-spec corrections in use, and where they came from.
pub struct LoadedCorrections {
    pub corrections: Corrections,
    /// `built-in`, or the path given with `--corrections`.
    pub location: String,
    /// `sha256:` and 12 hex digits of the corrections' text.
    pub revision: String,
}

/// The file sources as they arrived: LiteLLM's database and the Price List's files, parsed.
pub struct Files {
    pub litellm: FileOutcome,
    pub price_list: Option<BTreeMap<String, FileOutcome>>,
    pub offers: ParsedOffers,
}

/// What of the run's settings the phases read.
pub struct Options<'a> {
    /// The home region: whose model list names a model first.
    pub home_region: &'a str,
    /// The regions asked for, as the metadata reports them.
    pub regions: &'a [String],
    pub redact_account_id: bool,
}

/// Hands the raw records to the assembly in the order it reads them. A replay has them all at
/// once; a network run awaits each as its requests complete.
#[allow(async_fn_in_trait)] // Awaited where it is made, never spawned: no `Send` bound needed.
pub trait Arrivals {
    type Error;
    /// Every region's model and profile lists (what else is in each region is filled in later).
    async fn model_lists(&mut self) -> Result<AwsRaw, Self::Error>;
    /// The file sources.
    async fn files(&mut self) -> Result<Files, Self::Error>;
    /// Mantle's model list of every region, put into `aws`.
    async fn mantle(&mut self, aws: &mut AwsRaw) -> Result<(), Self::Error>;
    /// The next region whose two quota lists are complete (put into `aws`); `None` after the last.
    async fn next_quotas(&mut self, aws: &mut AwsRaw) -> Result<Option<String>, Self::Error>;
    /// What is left once every quota page is in: the requests counted, the account's view.
    async fn rest(&mut self, aws: &mut AwsRaw) -> Result<(), Self::Error>;
}

/// Runs the phases in their order as `arrivals` hands over their inputs, and fills the metadata
/// (all but the run's timestamps). `on_joined` sees the joined models before the quotas are
/// assigned: what of them is final by then (the publisher serializes it while the last quota
/// pages are on their way).
pub async fn assemble<A: Arrivals>(
    arrivals: &mut A,
    corrections: LoadedCorrections,
    options: &Options<'_>,
    on_joined: impl FnOnce(&BTreeMap<String, Provider>),
) -> Result<(Inputs, Catalog), A::Error> {
    let clock = Instant::now();
    let aws = arrivals.model_lists().await?;
    let discovered = step(clock, "discover", || {
        steps::discover(&aws, options.home_region)
    });
    let files = arrivals.files().await?;
    let mut inputs = Inputs {
        aws,
        litellm: files.litellm,
        price_list: files.price_list,
        offers: files.offers,
        corrections,
    };
    let specs = step(clock, "specs", || {
        steps::resolve_specs(&discovered.refs, &inputs)
    });
    let prices = step(clock, "prices", || {
        pricing::match_prices(&discovered.refs, &inputs.offers.offers)
    });
    arrivals.mantle(&mut inputs.aws).await?;
    let joined = step(clock, "join", || {
        steps::join_models(discovered, specs, prices, &inputs)
    });
    on_joined(&joined.providers);
    let mut region_quotas = steps::RegionQuotas::new(&joined, options.redact_account_id);
    while let Some(region) = arrivals.next_quotas(&mut inputs.aws).await? {
        if let Some(raw) = inputs.aws.regions.get(&region) {
            let _span = tracing::debug_span!("region_quotas", %region).entered();
            region_quotas.add(&region, raw);
        }
    }
    arrivals.rest(&mut inputs.aws).await?;
    let assignment = step(clock, "region_quotas", || region_quotas.finish());
    let catalog = step(clock, "finish", || {
        metadata::finish_catalog(joined, assignment, &inputs, options)
    });
    Ok((inputs, catalog))
}

/// Runs one step in a span named after it, and logs when it ended.
fn step<T>(clock: Instant, name: &'static str, f: impl FnOnce() -> T) -> T {
    let span = tracing::debug_span!("step", step = name);
    let out = span.in_scope(f);
    span.in_scope(|| debug!(elapsed_ms = clock.elapsed().as_millis() as u64, "step done"));
    out
}

/// A replay's arrivals: every input is there from the start.
pub struct AllAtOnce {
    aws: Option<AwsRaw>,
    files: Option<Files>,
    regions: std::vec::IntoIter<String>,
}

impl AllAtOnce {
    pub fn new(aws: AwsRaw, files: Files) -> AllAtOnce {
        let regions: Vec<String> = aws.regions.keys().cloned().collect();
        AllAtOnce {
            aws: Some(aws),
            files: Some(files),
            regions: regions.into_iter(),
        }
    }
}

impl Arrivals for AllAtOnce {
    type Error = std::convert::Infallible;
    async fn model_lists(&mut self) -> Result<AwsRaw, Self::Error> {
        Ok(self.aws.take().unwrap_or_default())
    }
    async fn files(&mut self) -> Result<Files, Self::Error> {
        Ok(self.files.take().expect("the files are handed over once"))
    }
    async fn mantle(&mut self, _: &mut AwsRaw) -> Result<(), Self::Error> {
        Ok(())
    }
    async fn next_quotas(&mut self, _: &mut AwsRaw) -> Result<Option<String>, Self::Error> {
        Ok(self.regions.next())
    }
    async fn rest(&mut self, _: &mut AwsRaw) -> Result<(), Self::Error> {
        Ok(())
    }
}
