//! `bedrock-collector find`: the models that fit a set of filters, one line each, read from a
//! catalogue with no network.
//!
//! Pure: the typed catalogue and a [`Query`] in, [`Match`]es out ([`output`] writes them as a
//! table, JSON, CSV or ids). Every filter is an AND. What the catalogue does not know never
//! matches a filter on it (an unknown context window is not "at least 200k", an unknown price is
//! not "at most 1 USD"), and is never shown as zero.
//!
//! With `--region R`, a model fits when it can be called from R by one of the routes that count
//! ([`Query::routes`]; by default every route but provisioned throughput), and, in a catalogue
//! made with `--account-access`, when the account is not known to be unable to call it there
//! (unless [`Query::include_blocked`]). Its best route there is the cheapest by input plus output
//! price per 1M tokens among those with both prices, else the first in route order (on demand,
//! geo, global, Mantle, provisioned); the prices shown, filtered and sorted on are that route's.

use std::cmp::Ordering;
use std::collections::BTreeSet;

use crate::catalog::account::AccountAccess;
use crate::catalog::routes::FEATURES;
use crate::catalog::{Catalog, Listed};
use crate::format::{day_number, fragment_words, normalise};
use crate::route::{Route, Way, best, blocked, ways};

pub mod output;

pub use output::{Format, render};

/// Lifecycle status a model must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lifecycle {
    Active,
    Legacy,
}

/// Sort order of the matches; unknown values sort last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Sort {
    /// By name (then key).
    #[default]
    Name,
    /// Input plus output USD per 1M tokens on the best route from --region, cheapest first.
    Price,
    /// Input USD per 1M tokens, cheapest first.
    InputPrice,
    /// Output USD per 1M tokens, cheapest first.
    OutputPrice,
    /// Context window, largest first.
    Context,
    /// Max output tokens, largest first.
    Output,
    /// Regions it can be called from, most first.
    Regions,
}

/// The account's view a model must have (needs a catalogue made with `--account-access`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// The account can call it (in --region, else in some region).
    Callable,
    /// The account cannot call it (in --region, else in some region).
    Blocked,
}

/// What the models must fit; the default fits every model.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// Words that must each occur in the key, the name or one of the ids (as `show` matches).
    pub text: Option<String>,
    pub region: Option<String>,
    /// The routes that count; empty: every route but provisioned throughput.
    pub routes: Vec<Route>,
    pub providers: Vec<String>,
    pub input: Vec<String>,
    pub output: Vec<String>,
    pub features: Vec<String>,
    pub min_context: Option<u64>,
    pub min_output: Option<u64>,
    pub max_input_price: Option<f64>,
    pub max_output_price: Option<f64>,
    pub lifecycle: Option<Lifecycle>,
    pub eol_within: Option<i64>,
    pub mantle_only: bool,
    pub access: Option<Access>,
    pub include_blocked: bool,
    pub sort: Sort,
    pub limit: Option<usize>,
}

/// Why `find` cannot answer: a usage error (exit code 2).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FindError {
    #[error("region `{region}` is not in the catalogue, which covers {known}")]
    RegionUnknown { region: String, known: String },
    #[error("{what} needs --region: prices are per region")]
    NeedsRegion { what: &'static str },
    #[error("unknown feature `{name}`; the catalogue knows {known}")]
    UnknownFeature { name: String, known: String },
    #[error(
        "{flag} needs the account's view, and this catalogue was made without --account-access"
    )]
    NoAccountView { flag: &'static str },
}

/// One model that fits, with what the table, JSON and CSV show of it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct Match {
    /// The catalogue key (`providers.*.models.<key>`).
    pub key: String,
    pub name: String,
    pub provider: String,
    /// The region asked about (`--region`), `null` without one.
    pub region: Option<String>,
    /// The best route from `region`: `on-demand`, `geo`, `global`, `mantle` or `provisioned`.
    pub route: Option<String>,
    /// The id to pass on that route; without `--region`, the invocable id (Mantle's id for a
    /// model only Mantle serves).
    pub id: String,
    /// Mantle's OpenAI-compatible base URL in `region`, on the Mantle route.
    pub base_url: Option<String>,
    /// USD per 1M input tokens on that route, `null` when unknown.
    pub input_usd_per_1m: Option<f64>,
    /// USD per 1M output tokens on that route, `null` when unknown.
    pub output_usd_per_1m: Option<f64>,
    pub context_window: Option<u64>,
    pub max_output_tokens: Option<u64>,
    /// Feature name -> supported (`null`: unknown); `null` when the catalogue has no flags for it.
    pub features: Option<std::collections::BTreeMap<String, Option<bool>>>,
    /// `ACTIVE`, `LEGACY`, ... (in `region` where it lists the model), `null` when unknown.
    pub lifecycle: Option<String>,
    /// The earliest legacy date (in `region`, else over every region), `YYYY-MM-DD`.
    pub legacy_date: Option<String>,
    /// The earliest end-of-life date (in `region`, else over every region), `YYYY-MM-DD`.
    pub end_of_life_date: Option<String>,
    /// How many regions it can be called from by the routes that count.
    pub regions: usize,
    /// Served only through Mantle.
    pub mantle_only: bool,
    /// Where the account cannot call it (in `region`, else anywhere) and why; `null` when the
    /// catalogue was made without `--account-access`.
    pub blocked: Option<Vec<BlockedIn>>,
}

/// A region where the account cannot call the model.
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct BlockedIn {
    pub region: String,
    /// `agreement`, `authorization`, `entitlement`, `region`, `unknown_to_api`.
    pub blocked_by: Vec<String>,
    pub reason: String,
}

/// Every region the catalogue names: the run's and every region a model can be called from.
pub fn known_regions(catalog: &Catalog) -> BTreeSet<String> {
    let mut known = catalog.metadata.named_regions();
    for listed in catalog.models() {
        known.extend(candidate_regions(listed).into_iter().map(str::to_string));
    }
    known
}

/// The regions a model may be callable from: listed there, a profile's source, Mantle there.
fn candidate_regions(listed: Listed<'_>) -> BTreeSet<&str> {
    let model = listed.model;
    let mut out: BTreeSet<&str> = model
        .regional_availability
        .keys()
        .map(String::as_str)
        .collect();
    out.extend(model.regions_available.iter().map(String::as_str));
    out.extend(
        (model.cross_region_inference.profiles.iter())
            .map(|p| p.source_region.as_str())
            .filter(|r| !r.is_empty()),
    );
    out.extend(
        model
            .mantle
            .iter()
            .flat_map(|m| m.regions.iter().map(String::as_str)),
    );
    out
}

impl Query {
    /// Checks the query against the catalogue before any model is looked at.
    fn check(&self, catalog: &Catalog) -> Result<(), FindError> {
        if let Some(region) = &self.region {
            let known = known_regions(catalog);
            if !known.contains(region) {
                return Err(FindError::RegionUnknown {
                    region: region.clone(),
                    known: known.into_iter().collect::<Vec<_>>().join(", "),
                });
            }
        } else {
            let needs = [
                (self.max_input_price.is_some(), "--max-input-price"),
                (self.max_output_price.is_some(), "--max-output-price"),
                (self.sort == Sort::Price, "--sort price"),
                (self.sort == Sort::InputPrice, "--sort input-price"),
                (self.sort == Sort::OutputPrice, "--sort output-price"),
            ];
            if let Some((_, what)) = needs.into_iter().find(|(on, _)| *on) {
                return Err(FindError::NeedsRegion { what });
            }
        }
        for name in &self.features {
            if !FEATURES.iter().any(|(f, _)| f == name) {
                return Err(FindError::UnknownFeature {
                    name: name.clone(),
                    known: FEATURES.map(|(f, _)| f).join(", "),
                });
            }
        }
        if self.access.is_some() && catalog.metadata.account_access.is_none() {
            let flag = match self.access {
                Some(Access::Blocked) => "--blocked",
                _ => "--callable",
            };
            return Err(FindError::NoAccountView { flag });
        }
        Ok(())
    }

    /// The ways from `region` that count: the routes asked for, and (unless blocked ones are
    /// included) not blocked for the account.
    fn counting<'a>(&self, listed: Listed<'a>, region: &str) -> Vec<Way<'a>> {
        if !self.include_blocked
            && self.access != Some(Access::Blocked)
            && blocked(listed.model, region).is_some()
        {
            return Vec::new();
        }
        let mut found = ways(listed, region);
        found.retain(|w| {
            if self.routes.is_empty() {
                w.route != Route::Provisioned
            } else {
                self.routes.contains(&w.route)
            }
        });
        found
    }
}

/// The models of `catalog` that fit `query`, sorted and limited as it says.
pub fn find(catalog: &Catalog, query: &Query) -> Result<Vec<Match>, FindError> {
    query.check(catalog)?;
    let today = catalog.metadata.collection_timestamp.as_str();
    let mut found: Vec<Match> = catalog
        .models()
        .filter_map(|listed| fit(catalog, listed, query, today))
        .collect();
    found.sort_by(|a, b| order(query.sort, a, b));
    if let Some(limit) = query.limit {
        found.truncate(limit);
    }
    Ok(found)
}

/// Whether the model fits the filters that do not depend on a region: the text, provider,
/// modalities, features, token limits and Mantle-only.
fn facts_fit(listed: Listed<'_>, query: &Query) -> bool {
    let model = listed.model;
    if let Some(text) = &query.text
        && !text_matches(listed, text)
    {
        return false;
    }
    let is = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    if !query.providers.is_empty()
        && !(query.providers.iter())
            .any(|p| is(p, listed.provider_name()) || is(p, listed.provider))
    {
        return false;
    }
    let modalities = &model.model_modalities;
    let has_all =
        |wanted: &[String], have: &[String]| wanted.iter().all(|w| have.iter().any(|h| is(h, w)));
    if !has_all(&query.input, &modalities.input_modalities)
        || !has_all(&query.output, &modalities.output_modalities)
    {
        return false;
    }
    let flags = model.features.as_ref().map(|f| f.flags());
    let supported = |name: &str| {
        flags
            .iter()
            .flatten()
            .any(|(n, flag)| *n == name && flag.supported == Some(true))
    };
    if !query.features.iter().all(|f| supported(f)) {
        return false;
    }
    let at_least = |limit: Option<u64>, value: Option<u64>| match limit {
        None => true,
        Some(min) => value.is_some_and(|v| v >= min),
    };
    if !at_least(query.min_context, model.context_window())
        || !at_least(query.min_output, model.max_output_tokens())
    {
        return false;
    }
    if query.mantle_only && !model.mantle_only() {
        return false;
    }
    true
}

/// Whether the account's view fits `--callable` / `--blocked`.
fn access_fits(listed: Listed<'_>, query: &Query, blocked_in: Option<&[BlockedIn]>) -> bool {
    let region = query.region.as_deref();
    match query.access {
        None => true,
        Some(Access::Blocked) => blocked_in.is_some_and(|b| !b.is_empty()),
        Some(Access::Callable) => {
            let callable = |a: &AccountAccess| a.callable;
            match region {
                Some(r) => listed.model.account_access.get(r).is_some_and(callable),
                None => listed.model.account_access.values().any(callable),
            }
        }
    }
}

/// The model as a [`Match`] when it fits `query`.
fn fit(catalog: &Catalog, listed: Listed<'_>, query: &Query, today: &str) -> Option<Match> {
    let model = listed.model;
    let region = query.region.as_deref();
    if !facts_fit(listed, query) {
        return None;
    }
    let regions_counting: Vec<&str> = candidate_regions(listed)
        .into_iter()
        .filter(|r| !query.counting(listed, r).is_empty())
        .collect();
    let from_region = region.map(|r| query.counting(listed, r));
    if from_region.as_ref().is_some_and(Vec::is_empty) {
        return None;
    }
    let way = from_region.as_deref().and_then(best);
    let at_most = |limit: Option<f64>, value: Option<f64>| match limit {
        None => true,
        Some(max) => value.is_some_and(|v| v <= max),
    };
    let (input, output) = (
        way.and_then(|w| w.input_usd),
        way.and_then(|w| w.output_usd),
    );
    if !at_most(query.max_input_price, input) || !at_most(query.max_output_price, output) {
        return None;
    }
    let lifecycle = lifecycle_status(listed, region);
    if let Some(wanted) = query.lifecycle {
        let name = match wanted {
            Lifecycle::Active => "ACTIVE",
            Lifecycle::Legacy => "LEGACY",
        };
        if !lifecycle
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case(name))
        {
            return None;
        }
    }
    let (legacy_date, end_of_life_date) = earliest_dates(listed, region);
    if let Some(days) = query.eol_within {
        let soon = |d: &Option<String>| {
            d.as_deref()
                .and_then(|d| Some(day_number(d)? - day_number(today)?))
                .is_some_and(|n| (0..=days).contains(&n))
        };
        let any_soon = dates_in(listed, region)
            .iter()
            .any(|d| soon(&Some(d.to_string())));
        if !any_soon {
            return None;
        }
    }
    let blocked_in = account_blocked(catalog, listed, region);
    if !access_fits(listed, query, blocked_in.as_deref()) {
        return None;
    }
    Some(Match {
        key: listed.key.to_string(),
        name: listed.name().to_string(),
        provider: listed.provider_name().to_string(),
        region: region.map(str::to_string),
        route: way.map(|w| w.route.name().to_string()),
        id: match (way, &model.mantle) {
            (Some(w), _) => w.id.to_string(),
            (None, Some(m)) if model.mantle_only() => m.model_id.clone(),
            (None, _) => listed.invocable_id().to_string(),
        },
        base_url: way.and_then(|w| w.base_url.clone()),
        input_usd_per_1m: input,
        output_usd_per_1m: output,
        context_window: model.context_window(),
        max_output_tokens: model.max_output_tokens(),
        features: model.features.as_ref().map(|f| {
            let f = f.flags();
            f.iter()
                .map(|(n, flag)| (n.to_string(), flag.supported))
                .collect()
        }),
        lifecycle,
        legacy_date,
        end_of_life_date,
        regions: regions_counting.len(),
        mantle_only: model.mantle_only(),
        blocked: blocked_in,
    })
}

/// Every word of `text` occurs in the key, the name, or one of the ids.
fn text_matches(listed: Listed<'_>, text: &str) -> bool {
    let mut hays = vec![normalise(listed.key), normalise(listed.name())];
    hays.extend(listed.ids().into_iter().map(normalise));
    hays.extend(listed.model.mantle.iter().map(|m| normalise(&m.model_id)));
    fragment_words(text)
        .iter()
        .all(|w| hays.iter().any(|h| h.contains(w.as_str())))
}

/// The lifecycle status in `region` where it lists the model, else the model's.
fn lifecycle_status(listed: Listed<'_>, region: Option<&str>) -> Option<String> {
    let model = listed.model;
    let regional = region
        .and_then(|r| model.regional_availability.get(r))
        .map(|a| a.lifecycle_status.as_str());
    let status = regional.unwrap_or(&model.model_lifecycle.status);
    (!status.is_empty()).then(|| status.to_string())
}

/// Every legacy and end-of-life date (in `region`, else in every region).
fn dates_in<'a>(listed: Listed<'a>, region: Option<&str>) -> Vec<&'a str> {
    (listed.model.regional_availability.iter())
        .filter(|(r, _)| region.is_none_or(|want| want == r.as_str()))
        .filter_map(|(_, a)| a.lifecycle_dates.as_ref())
        .flat_map(|d| [d.legacy_time.as_deref(), d.end_of_life_time.as_deref()])
        .flatten()
        .collect()
}

/// The earliest legacy and end-of-life date (in `region`, else over every region), as days.
fn earliest_dates(listed: Listed<'_>, region: Option<&str>) -> (Option<String>, Option<String>) {
    let dates = (listed.model.regional_availability.iter())
        .filter(|(r, _)| region.is_none_or(|want| want == r.as_str()))
        .filter_map(|(_, a)| a.lifecycle_dates.as_ref());
    let (mut legacy, mut eol): (Option<&str>, Option<&str>) = (None, None);
    for d in dates {
        if let Some(l) = day(&d.legacy_time) {
            legacy = Some(legacy.map_or(l, |x| x.min(l)));
        }
        if let Some(e) = day(&d.end_of_life_time) {
            eol = Some(eol.map_or(e, |x| x.min(e)));
        }
    }
    (legacy.map(str::to_string), eol.map(str::to_string))
}

/// The `YYYY-MM-DD` of an ISO 8601 time.
fn day(time: &Option<String>) -> Option<&str> {
    time.as_deref().map(|s| s.get(..10).unwrap_or(s))
}

/// Where the account cannot call the model (in `region`, else anywhere); `None` without the
/// account's view.
fn account_blocked(
    catalog: &Catalog,
    listed: Listed<'_>,
    region: Option<&str>,
) -> Option<Vec<BlockedIn>> {
    catalog.metadata.account_access.as_ref()?;
    Some(
        (listed.model.account_access.iter())
            .filter(|(r, a)| !a.callable && region.is_none_or(|want| want == r.as_str()))
            .map(|(r, a)| BlockedIn {
                region: r.clone(),
                blocked_by: a.blocked_by.iter().map(crate::format::wire).collect(),
                reason: a.reason.clone(),
            })
            .collect(),
    )
}

/// Unknown (`None`) after every known value.
fn known_first<T: PartialOrd>(a: Option<T>, b: Option<T>, descending: bool) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => {
            let o = a.partial_cmp(&b).unwrap_or(Ordering::Equal);
            if descending { o.reverse() } else { o }
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

fn order(sort: Sort, a: &Match, b: &Match) -> Ordering {
    let price = |m: &Match| Some(m.input_usd_per_1m? + m.output_usd_per_1m?);
    let first = match sort {
        Sort::Name => Ordering::Equal,
        Sort::Price => known_first(price(a), price(b), false),
        Sort::InputPrice => known_first(a.input_usd_per_1m, b.input_usd_per_1m, false),
        Sort::OutputPrice => known_first(a.output_usd_per_1m, b.output_usd_per_1m, false),
        Sort::Context => known_first(a.context_window, b.context_window, true),
        Sort::Output => known_first(a.max_output_tokens, b.max_output_tokens, true),
        Sort::Regions => b.regions.cmp(&a.regions),
    };
    first
        .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
        .then_with(|| a.key.cmp(&b.key))
}
