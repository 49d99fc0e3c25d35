//! Prices per way to call: each inference profile gets the price of a call through it from its
//! source region, and a regional rate filed as `on_demand` where the model is callable only
//! through a profile is moved to the geo-profile route that bills it.
//!
//! A geographic profile (`us.`, `eu.`, `apac.`, ...) bills the source region's `on_demand_geo`
//! rows where the offer has that route there, else its regional (`on_demand`) rows: AWS bills
//! geo profiles at the source region's in-region rate. A global profile (`global.`) bills
//! `on_demand_global`. Batch follows the same rule with `batch_geo`/`batch` and `batch_global`.
//! A route is taken whole (never one dimension from one route and another from the next), so a
//! dimension it lacks is `null` with the reason, never a neighbour's price.

use std::collections::BTreeMap;

use crate::catalog::Model;
use crate::catalog::pricing::{ModelPricing, Price, RelabelledRoute, TOKEN_DIMENSIONS};
use crate::catalog::routes::{ProfilePricing, ProfileScope, RoutePrice};

/// `global.` profiles bill the global rate; every other prefix (`us.`, `eu.`, `apac.`, `jp.`, ...)
/// is geographic.
pub fn scope(profile_id: &str) -> ProfileScope {
    if profile_id.starts_with("global.") {
        ProfileScope::Global
    } else {
        ProfileScope::Geo
    }
}

/// Moves `on_demand` to `on_demand_geo` in every region where the model is listed but not
/// ON_DEMAND (callable only through a profile), unless the region already has an
/// `on_demand_geo` route; records each move in `relabelled_routes`.
pub fn relabel_profile_only(model: &mut Model) {
    let Some(pricing) = model.model_pricing.as_mut() else {
        return;
    };
    let mut moved = Vec::new();
    for (region, availability) in &model.regional_availability {
        let types = &availability.inference_types_supported;
        if types.iter().any(|t| t == "ON_DEMAND") || !types.iter().any(|t| t == "INFERENCE_PROFILE")
        {
            continue;
        }
        let Some(routes) = pricing.regions.get_mut(region) else {
            continue;
        };
        if routes.contains_key("on_demand_geo") {
            continue;
        }
        if let Some(rows) = routes.remove("on_demand") {
            routes.insert("on_demand_geo".to_string(), rows);
            moved.push(RelabelledRoute {
                region: region.clone(),
                from: "on_demand".to_string(),
                to: "on_demand_geo".to_string(),
            });
        }
    }
    if moved.is_empty() {
        return;
    }
    pricing.routes = pricing
        .regions
        .values()
        .flat_map(|r| r.keys().cloned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    pricing.relabelled_routes = moved;
}

/// The first of `routes` that the source region has, with its rows.
fn first_route<'a>(
    prices: &'a BTreeMap<String, BTreeMap<String, Price>>,
    routes: &[&'a str],
) -> Option<(&'a str, &'a BTreeMap<String, Price>)> {
    routes
        .iter()
        .find_map(|r| prices.get(*r).map(|rows| (*r, rows)))
}

/// What a call through a profile of `scope` costs from `source_region`.
pub fn profile_pricing(
    pricing: &ModelPricing,
    profile_id: &str,
    source_region: &str,
) -> ProfilePricing {
    let scope = scope(profile_id);
    let (on_demand_routes, batch_routes): (&[&str], &[&str]) = match scope {
        ProfileScope::Geo => (&["on_demand_geo", "on_demand"], &["batch_geo", "batch"]),
        ProfileScope::Global => (&["on_demand_global"], &["batch_global"]),
    };
    let empty = BTreeMap::new();
    let prices = pricing.regions.get(source_region).unwrap_or(&empty);
    let mut missing = BTreeMap::new();
    let mut on_demand: BTreeMap<String, Option<RoutePrice>> = TOKEN_DIMENSIONS
        .iter()
        .map(|d| (d.to_string(), None))
        .collect();
    let on_demand_route = first_route(prices, on_demand_routes);
    match on_demand_route {
        Some((route, rows)) => {
            for (dimension, price) in rows {
                on_demand.insert(
                    dimension.clone(),
                    Some(RoutePrice {
                        route: route.to_string(),
                        price: price.clone(),
                    }),
                );
            }
            for (dimension, price) in &on_demand {
                if price.is_none() {
                    missing.insert(
                        dimension.clone(),
                        format!(
                            "the Price List has no {dimension} row on {route} in {source_region}"
                        ),
                    );
                }
            }
        }
        None => {
            let why = if prices.is_empty() {
                format!("the Price List has no price for this model in {source_region}")
            } else {
                format!(
                    "the Price List has no {} rows for this model in {source_region}",
                    on_demand_routes.join(" or ")
                )
            };
            for dimension in on_demand.keys() {
                missing.insert(dimension.clone(), why.clone());
            }
        }
    }
    let batch = match first_route(prices, batch_routes) {
        Some((route, rows)) => rows
            .iter()
            .map(|(d, p)| {
                (
                    d.clone(),
                    RoutePrice {
                        route: route.to_string(),
                        price: p.clone(),
                    },
                )
            })
            .collect(),
        None => {
            missing.insert(
                "batch".to_string(),
                format!(
                    "the Price List has no {} rows for this model in {source_region}",
                    batch_routes.join(" or ")
                ),
            );
            BTreeMap::new()
        }
    };
    ProfilePricing {
        scope,
        route: on_demand_route.map(|(r, _)| r.to_string()),
        on_demand,
        batch,
        missing,
    }
}

/// Relabels the profile-only regions, then prices every profile of the model. Without prices
/// (switched off) the profiles carry none.
/// `prices_read`: the Price List was read in this run. Without it no profile gets a `pricing`
/// (it is absent, not "no price"): the run does not know the prices, it did not find none.
pub fn attach(model: &mut Model, prices_read: bool) {
    relabel_profile_only(model);
    let Some(pricing) = model.model_pricing.as_ref().filter(|_| prices_read) else {
        return;
    };
    for profile in &mut model.cross_region_inference.profiles {
        profile.pricing = Some(profile_pricing(
            pricing,
            &profile.profile_id,
            &profile.source_region,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::pricing::RegionCheck;
    use crate::catalog::{ProfileEntry, RegionAvailability};

    fn price(usd: f64, sku: &str) -> Price {
        Price {
            price_usd: usd,
            unit: "1M tokens".to_string(),
            offer_price_usd: usd / 1000.0,
            offer_unit: "1K tokens".to_string(),
            sku: sku.to_string(),
            usagetype: format!("USE1-{sku}"),
            offer: "AmazonBedrockFoundationModels".to_string(),
            offer_version: "1".to_string(),
        }
    }

    fn routes(entries: &[(&str, &str, f64)]) -> BTreeMap<String, BTreeMap<String, Price>> {
        let mut out: BTreeMap<String, BTreeMap<String, Price>> = BTreeMap::new();
        for (route, dim, usd) in entries {
            out.entry(route.to_string())
                .or_default()
                .insert(dim.to_string(), price(*usd, &format!("{route}-{dim}")));
        }
        out
    }

    fn pricing(region: &str, entries: &[(&str, &str, f64)]) -> ModelPricing {
        ModelPricing {
            is_pricing_available: true,
            pricing_reference_id: None,
            pricing_file_reference: None,
            pricing_summary: None,
            routes: vec![],
            batch_regions: vec![],
            regions: BTreeMap::from([(region.to_string(), routes(entries))]),
            region_check: RegionCheck::default(),
            relabelled_routes: vec![],
        }
    }

    #[test]
    fn geo_bills_the_regional_rate_and_global_the_global_rate() {
        let p = pricing(
            "us-east-1",
            &[
                ("on_demand", "input_tokens", 3.3),
                ("on_demand", "output_tokens", 16.5),
                ("on_demand_global", "input_tokens", 3.0),
                ("on_demand_global", "output_tokens", 15.0),
                ("batch", "input_tokens", 1.65),
            ],
        );
        let us = profile_pricing(&p, "us.anthropic.claude", "us-east-1");
        assert_eq!(us.scope, ProfileScope::Geo);
        assert_eq!(us.route.as_deref(), Some("on_demand"));
        let input = us.on_demand["input_tokens"].as_ref().unwrap();
        assert_eq!(
            (input.price.price_usd, input.route.as_str()),
            (3.3, "on_demand")
        );
        assert_eq!(input.price.sku, "on_demand-input_tokens");
        assert_eq!(
            us.on_demand["output_tokens"]
                .as_ref()
                .unwrap()
                .price
                .price_usd,
            16.5
        );
        assert_eq!(us.on_demand["cache_read_input_tokens"], None);
        assert_eq!(
            us.missing["cache_read_input_tokens"],
            "the Price List has no cache_read_input_tokens row on on_demand in us-east-1"
        );
        assert_eq!(us.batch["input_tokens"].price.price_usd, 1.65);
        assert_eq!(us.batch["input_tokens"].route, "batch");

        let global = profile_pricing(&p, "global.anthropic.claude", "us-east-1");
        assert_eq!(global.scope, ProfileScope::Global);
        assert_eq!(
            global.on_demand["input_tokens"]
                .as_ref()
                .unwrap()
                .price
                .price_usd,
            3.0
        );
        assert_eq!(
            global.on_demand["output_tokens"].as_ref().unwrap().route,
            "on_demand_global"
        );
        assert!(global.batch.is_empty());
        assert_eq!(
            global.missing["batch"],
            "the Price List has no batch_global rows for this model in us-east-1"
        );
    }

    #[test]
    fn a_geo_route_wins_whole_and_a_missing_region_says_so() {
        let p = pricing(
            "eu-west-1",
            &[
                ("on_demand", "input_tokens", 1.0),
                ("on_demand", "cache_read_input_tokens", 0.1),
                ("on_demand_geo", "input_tokens", 1.1),
                ("on_demand_geo", "input_tokens_long_context", 2.2),
            ],
        );
        let eu = profile_pricing(&p, "eu.x.y", "eu-west-1");
        assert_eq!(eu.route.as_deref(), Some("on_demand_geo"));
        assert_eq!(
            eu.on_demand["input_tokens"]
                .as_ref()
                .unwrap()
                .price
                .price_usd,
            1.1
        );
        assert_eq!(
            eu.on_demand["input_tokens_long_context"]
                .as_ref()
                .unwrap()
                .price
                .price_usd,
            2.2
        );
        // Not borrowed from the regional route.
        assert_eq!(eu.on_demand["cache_read_input_tokens"], None);

        let elsewhere = profile_pricing(&p, "global.x.y", "ap-south-1");
        assert!(elsewhere.on_demand.values().all(Option::is_none));
        assert_eq!(elsewhere.route, None);
        assert_eq!(
            elsewhere.missing["input_tokens"],
            "the Price List has no price for this model in ap-south-1"
        );
        let global = profile_pricing(&p, "global.x.y", "eu-west-1");
        assert_eq!(
            global.missing["output_tokens"],
            "the Price List has no on_demand_global rows for this model in eu-west-1"
        );
    }

    #[test]
    fn a_profile_only_region_has_no_on_demand_route() {
        let mut model = Model {
            model_pricing: Some(pricing("eu-west-3", &[("on_demand", "input_tokens", 3.3)])),
            ..Model::default()
        };
        let p = model.model_pricing.as_mut().unwrap();
        p.regions.insert(
            "us-east-1".to_string(),
            routes(&[("on_demand", "input_tokens", 3.0)]),
        );
        let avail = |types: &[&str]| RegionAvailability {
            inference_types_supported: types.iter().map(|s| s.to_string()).collect(),
            ..RegionAvailability::default()
        };
        model.regional_availability = BTreeMap::from([
            ("eu-west-3".to_string(), avail(&["INFERENCE_PROFILE"])),
            (
                "us-east-1".to_string(),
                avail(&["INFERENCE_PROFILE", "ON_DEMAND"]),
            ),
        ]);
        model.cross_region_inference.profiles = vec![ProfileEntry {
            profile_id: "eu.x.y".to_string(),
            source_region: "eu-west-3".to_string(),
            ..ProfileEntry::default()
        }];
        // The Price List not read (switched off, failed): no profile price, not "no price".
        let mut unread = model.clone();
        attach(&mut unread, false);
        assert!(unread.cross_region_inference.profiles[0].pricing.is_none());
        attach(&mut model, true);
        assert!(model.cross_region_inference.profiles[0].pricing.is_some());
        let p = model.model_pricing.as_ref().unwrap();
        assert!(!p.regions["eu-west-3"].contains_key("on_demand"));
        assert_eq!(
            p.regions["eu-west-3"]["on_demand_geo"]["input_tokens"].price_usd,
            3.3
        );
        assert_eq!(
            p.regions["us-east-1"]["on_demand"]["input_tokens"].price_usd,
            3.0
        );
        assert_eq!(p.routes, ["on_demand", "on_demand_geo"]);
        assert_eq!(
            p.relabelled_routes,
            [RelabelledRoute {
                region: "eu-west-3".to_string(),
                from: "on_demand".to_string(),
                to: "on_demand_geo".to_string()
            }]
        );
        let profile = model.cross_region_inference.profiles[0]
            .pricing
            .as_ref()
            .unwrap();
        assert_eq!(profile.route.as_deref(), Some("on_demand_geo"));
        assert_eq!(
            profile.on_demand["input_tokens"]
                .as_ref()
                .unwrap()
                .price
                .price_usd,
            3.3
        );
    }
}
