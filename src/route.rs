//! The ways to call a model from a region: in-region on demand, a geo or global inference
//! profile, Mantle, provisioned throughput. Each with the id to pass and, where the catalogue
//! knows it, the on-demand price per 1M input and output tokens. `show`, `find`, `compare` and the
//! page all read routes through here, so they name and price them alike.

use crate::catalog::account::AccountAccess;
use crate::catalog::{Listed, Model, ProfileEntry};

/// A way to call a model from a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Route {
    /// ListFoundationModels lists it with `ON_DEMAND` in the region.
    InRegion,
    /// A geographic inference profile (`us.`, `eu.`, `apac.`, ...) whose source region this is.
    Geo,
    /// A global inference profile (`global.`, or one routing to any commercial region).
    Global,
    /// Bedrock's OpenAI-compatible Mantle endpoint: the region's `/v1/models` lists the model.
    Mantle,
    /// Provisioned throughput: the region lists an id of the model with `PROVISIONED`.
    Provisioned,
}

impl Route {
    pub const ALL: [Route; 5] = [
        Route::InRegion,
        Route::Geo,
        Route::Global,
        Route::Mantle,
        Route::Provisioned,
    ];

    /// The name on the command line and in `find`'s output (`--route on-demand`).
    pub fn name(self) -> &'static str {
        match self {
            Route::InRegion => "on-demand",
            Route::Geo => "geo",
            Route::Global => "global",
            Route::Mantle => "mantle",
            Route::Provisioned => "provisioned",
        }
    }

    /// The route of that name (as [`Route::name`]).
    pub fn from_name(name: &str) -> Option<Route> {
        Route::ALL
            .into_iter()
            .find(|r| r.name().eq_ignore_ascii_case(name.trim()))
    }

    /// The short code in the page's `data-c` attributes and in its URL (`#route=g`).
    pub fn code(self) -> &'static str {
        match self {
            Route::InRegion => "r",
            Route::Geo => "g",
            Route::Global => "w",
            Route::Mantle => "m",
            Route::Provisioned => "p",
        }
    }

    /// The mark shown in the page's matrix cells.
    pub fn mark(self) -> &'static str {
        match self {
            Route::InRegion => "R",
            Route::Geo => "G",
            Route::Global => "W",
            Route::Mantle => "M",
            Route::Provisioned => "P",
        }
    }
}

/// One way to call a model from one region.
#[derive(Debug, Clone, PartialEq)]
pub struct Way<'a> {
    pub route: Route,
    /// The id to pass: the invocable id, the profile id, Mantle's `model`, the provisioned id.
    pub id: &'a str,
    /// The profile, for a geo or global route.
    pub profile: Option<&'a ProfileEntry>,
    /// Mantle's OpenAI-compatible base URL in the region, for the Mantle route.
    pub base_url: Option<String>,
    /// USD per 1M input tokens of an on-demand call, when the catalogue has that price.
    pub input_usd: Option<f64>,
    /// USD per 1M output tokens of an on-demand call, when the catalogue has that price.
    pub output_usd: Option<f64>,
}

impl Way<'_> {
    /// Input plus output USD per 1M tokens, when both are known.
    pub fn price(&self) -> Option<f64> {
        Some(self.input_usd? + self.output_usd?)
    }
}

/// The profiles of `model` that can be called from `region`, geo before global, then by id.
pub fn profiles_from<'a>(model: &'a Model, region: &str) -> Vec<&'a ProfileEntry> {
    let mut out: Vec<&ProfileEntry> = model
        .cross_region_inference
        .profiles
        .iter()
        .filter(|p| p.source_region == region)
        .collect();
    out.sort_by_key(|p| (p.is_global(), p.profile_id.as_str()));
    out.dedup_by_key(|p| p.profile_id.as_str());
    out
}

/// The ids under the key that the API lists with `kind` in `region` (from `model_variants`).
pub fn variant_ids<'a>(model: &'a Model, region: &str, kind: &str) -> Vec<&'a str> {
    model
        .model_variants
        .iter()
        .filter(|(_, v)| {
            v.regions
                .get(region)
                .is_some_and(|r| r.inference_types_supported.iter().any(|t| t == kind))
        })
        .map(|(id, _)| id.as_str())
        .collect()
}

/// USD per 1M tokens of `dimension` on the region's price `route`, when priced per 1M tokens.
fn regional_price(model: &Model, region: &str, route: &str, dimension: &str) -> Option<f64> {
    let price = model
        .model_pricing
        .as_ref()?
        .regions
        .get(region)?
        .get(route)?
        .get(dimension)?;
    (price.unit == "1M tokens").then_some(price.price_usd)
}

/// USD per 1M tokens of `dimension` of an on-demand call through the profile.
pub fn profile_price(profile: &ProfileEntry, dimension: &str) -> Option<f64> {
    let price = &profile
        .pricing
        .as_ref()?
        .on_demand
        .get(dimension)?
        .as_ref()?
        .price;
    (price.unit == "1M tokens").then_some(price.price_usd)
}

/// Every way to call the model from `region`, in [`Route::ALL`] order (profiles geo first, then
/// by id).
pub fn ways<'a>(listed: Listed<'a>, region: &str) -> Vec<Way<'a>> {
    let model = listed.model;
    let types = model
        .regional_availability
        .get(region)
        .map(|a| a.inference_types_supported.as_slice())
        .unwrap_or_default();
    let has = |kind: &str| types.iter().any(|t| t == kind);
    let mut out = Vec::new();
    let way = |route, id| Way {
        route,
        id,
        profile: None,
        base_url: None,
        input_usd: None,
        output_usd: None,
    };
    if has("ON_DEMAND") {
        let price = |d| regional_price(model, region, "on_demand", d);
        out.push(Way {
            input_usd: price("input_tokens"),
            output_usd: price("output_tokens"),
            ..way(Route::InRegion, listed.invocable_id())
        });
    }
    for profile in profiles_from(model, region) {
        let route = if profile.is_global() {
            Route::Global
        } else {
            Route::Geo
        };
        out.push(Way {
            profile: Some(profile),
            input_usd: profile_price(profile, "input_tokens"),
            output_usd: profile_price(profile, "output_tokens"),
            ..way(route, &profile.profile_id)
        });
    }
    if let Some(m) = (model.mantle.as_ref()).filter(|m| m.regions.iter().any(|r| r == region)) {
        let price = |d| regional_price(model, region, "mantle_on_demand", d);
        out.push(Way {
            base_url: Some(m.base_url_template.replace("{region}", region)),
            input_usd: price("input_tokens"),
            output_usd: price("output_tokens"),
            ..way(Route::Mantle, &m.model_id)
        });
    }
    if has("PROVISIONED") {
        let ids = variant_ids(model, region, "PROVISIONED");
        out.push(way(
            Route::Provisioned,
            ids.first().copied().unwrap_or(listed.invocable_id()),
        ));
    }
    out.sort_by_key(|w| w.route);
    out
}

/// The best of `ways`: the cheapest by input plus output price where both are known, else the
/// first (by route).
pub fn best<'w, 'a>(ways: &'w [Way<'a>]) -> Option<&'w Way<'a>> {
    let priced = ways.iter().filter(|w| w.price().is_some()).min_by(|a, b| {
        a.price()
            .unwrap_or(0.0)
            .total_cmp(&b.price().unwrap_or(0.0))
    });
    priced.or(ways.first())
}

/// The account's answer in `region` when it says this account cannot call the model there
/// (`--account-access`).
pub fn blocked<'a>(model: &'a Model, region: &str) -> Option<&'a AccountAccess> {
    model.account_access.get(region).filter(|a| !a.callable)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn way(route: Route, input: Option<f64>, output: Option<f64>) -> Way<'static> {
        Way {
            route,
            id: "m",
            profile: None,
            base_url: None,
            input_usd: input,
            output_usd: output,
        }
    }

    #[test]
    fn the_best_way_is_the_cheapest_fully_priced_else_the_first() {
        let ways = [
            way(Route::InRegion, Some(1.0), None),
            way(Route::Geo, Some(3.3), Some(16.5)),
            way(Route::Global, Some(3.0), Some(15.0)),
            way(Route::Mantle, Some(3.0), Some(15.0)),
        ];
        // On demand has no output price: the cheapest with both is global (the first of a tie).
        assert_eq!(best(&ways).unwrap().route, Route::Global);
        let unpriced = [
            way(Route::Geo, None, None),
            way(Route::Mantle, Some(0.1), None),
        ];
        assert_eq!(best(&unpriced).unwrap().route, Route::Geo);
        assert_eq!(best(&[]), None);
    }

    #[test]
    fn route_names_read_back() {
        for route in Route::ALL {
            assert_eq!(Route::from_name(route.name()), Some(route));
        }
        assert_eq!(Route::from_name(" On-Demand "), Some(Route::InRegion));
        assert_eq!(Route::from_name("teleport"), None);
    }
}
