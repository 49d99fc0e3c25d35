//! The matrix vocabulary: how a model can be called from a region ([`Route`]), and what one cell
//! of the matrix says ([`Cell`]), derived from the catalogue and the run's region statuses.

use std::collections::BTreeMap;

use crate::catalog::{Catalog, Model};
use crate::sources::{Api, Status};

pub use crate::route::Route;
use crate::route::profiles_from;

/// What the legend and the route filter call a route.
pub fn label(route: Route) -> &'static str {
    match route {
        Route::InRegion => "in-region on demand",
        Route::Geo => "geo inference profile",
        Route::Global => "global inference profile",
        Route::Mantle => "Mantle endpoint",
        Route::Provisioned => "provisioned throughput only",
    }
}

/// What the legend says a route means.
pub fn explain(route: Route) -> &'static str {
    match route {
        Route::InRegion => "the region lists the model for on-demand calls with its own id",
        Route::Geo => {
            "a geographic cross-region profile (us., eu., apac., ...) can be called from the region"
        }
        Route::Global => {
            "a global cross-region profile can be called from the region; it may route to any commercial region"
        }
        Route::Mantle => "the region's Mantle (OpenAI-compatible) endpoint serves the model",
        Route::Provisioned => {
            "the region lists the model for provisioned throughput only: no on-demand or profile route"
        }
    }
}

/// Why a cell is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unknown {
    /// The account that made the catalogue has not enabled the region.
    NotOptedIn,
    /// ListFoundationModels failed in the region with this status.
    DiscoveryFailed(Status),
    /// The model is not listed there, but ListInferenceProfiles failed there, so a profile route
    /// may exist.
    ProfilesFailed(Status),
}

impl Unknown {
    pub fn describe(self) -> String {
        match self {
            Unknown::NotOptedIn => {
                "region not enabled for the account that made the catalogue".into()
            }
            Unknown::DiscoveryFailed(s) => {
                format!("ListFoundationModels failed here ({})", s.as_str())
            }
            Unknown::ProfilesFailed(s) => {
                format!(
                    "not listed, and ListInferenceProfiles failed here ({})",
                    s.as_str()
                )
            }
        }
    }
}

/// One cell: how the model can be called from the region, as far as the catalogue knows. When the
/// catalogue carries the account view, a variant for "offered, but this account cannot call it"
/// (with the reason) belongs here, with its mark in the legend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// At least one route; `profiles_unknown`: ListInferenceProfiles failed there, so a profile
    /// route may be missing.
    Call {
        routes: Vec<Route>,
        profiles_unknown: bool,
    },
    /// The region lists the model, but with no inference type this catalogue can turn into a
    /// route (e.g. `INFERENCE_PROFILE` with no profile callable from there).
    ListedOnly,
    /// Discovery and profiles answered in the region, and neither offers the model.
    NotOffered,
    Unknown(Unknown),
}

impl Cell {
    /// The `data-c` code: route codes separated by spaces, or `l`, `n`, `u`.
    pub fn code(&self) -> String {
        match self {
            Cell::Call { routes, .. } => routes
                .iter()
                .map(|r| r.code())
                .collect::<Vec<_>>()
                .join(" "),
            Cell::ListedOnly => "l".into(),
            Cell::NotOffered => "n".into(),
            Cell::Unknown(_) => "u".into(),
        }
    }
}

/// What the run learnt about one region, from `metadata.region_status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegionState {
    /// `None` when discovery answered (or the catalogue does not say, and lists it as ok).
    pub discovery: Option<Unknown>,
    /// ListInferenceProfiles' failure status, when it failed.
    pub profiles_failed: Option<Status>,
}

/// Every region of the catalogue with its state, sorted: the run's region list, plus any region a
/// model names.
pub fn regions(catalog: &Catalog) -> BTreeMap<String, RegionState> {
    let m = &catalog.metadata;
    let mut names: Vec<&String> = m
        .regions_requested
        .iter()
        .chain(&m.regions_ok)
        .chain(&m.regions_not_opted_in)
        .chain(&m.regions_failed)
        .chain(m.region_status.keys())
        .collect();
    for m in catalog.models() {
        names.extend(m.model.regional_availability.keys());
        names.extend(&m.model.regions_available);
    }
    let mut out = BTreeMap::new();
    for name in names {
        if out.contains_key(name) {
            continue;
        }
        let status = |api: Api| {
            m.region_status
                .get(name)
                .and_then(|a| a.get(&api))
                .map(|a| a.status)
        };
        let discovery = match status(Api::ListFoundationModels) {
            Some(Status::Ok) | Some(Status::Skipped) => None,
            Some(Status::NotOptedIn) => Some(Unknown::NotOptedIn),
            Some(s) => Some(Unknown::DiscoveryFailed(s)),
            None if m.regions_not_opted_in.contains(name) => Some(Unknown::NotOptedIn),
            None if m.regions_ok.contains(name) => None,
            None if m.regions_failed.contains(name) => {
                Some(Unknown::DiscoveryFailed(Status::Error))
            }
            // Named only by a model: its listing answered.
            None => None,
        };
        let profiles_failed = status(Api::ListInferenceProfiles).filter(|s| s.is_failure());
        out.insert(
            name.clone(),
            RegionState {
                discovery,
                profiles_failed,
            },
        );
    }
    out
}

/// The cell of `model` in `region`.
pub fn cell(model: &Model, region: &str, state: RegionState) -> Cell {
    if let Some(unknown) = state.discovery {
        return Cell::Unknown(unknown);
    }
    let types: Option<&[String]> = match model.regional_availability.get(region) {
        Some(a) => Some(&a.inference_types_supported),
        // An older catalogue without `regional_availability`: listed, routes unknown.
        None if model.regions_available.iter().any(|r| r == region) => Some(&[]),
        None => None,
    };
    let has = |kind: &str| types.is_some_and(|t| t.iter().any(|x| x == kind));
    let mut routes = Vec::new();
    if has("ON_DEMAND") {
        routes.push(Route::InRegion);
    }
    let profiles = profiles_from(model, region);
    if profiles.iter().any(|p| !p.is_global()) {
        routes.push(Route::Geo);
    }
    if profiles.iter().any(|p| p.is_global()) {
        routes.push(Route::Global);
    }
    if model
        .mantle
        .as_ref()
        .is_some_and(|m| m.regions.iter().any(|r| r == region))
    {
        routes.push(Route::Mantle);
    }
    if routes.is_empty() && has("PROVISIONED") {
        routes.push(Route::Provisioned);
    }
    match (routes.is_empty(), types.is_some(), state.profiles_failed) {
        (false, _, failed) => Cell::Call {
            routes,
            profiles_unknown: failed.is_some(),
        },
        (true, _, Some(failed)) => Cell::Unknown(Unknown::ProfilesFailed(failed)),
        (true, true, None) => Cell::ListedOnly,
        (true, false, None) => Cell::NotOffered,
    }
}
