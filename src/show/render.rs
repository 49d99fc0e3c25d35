//! The answer rendered as plain text: the ways to call per region, prices, quotas, token limits and the header.

use std::collections::{BTreeMap, BTreeSet};

use super::resolve::{Entry, profiles};
use crate::catalog::pricing::{ROUTE_ORDER, TOKEN_DIMENSIONS};
use crate::catalog::token_specs::{TokenCount, ValueSource};
use crate::catalog::{Catalog, Model, ProfileEntry};
pub(super) use crate::format::plural;
use crate::format::{columns, group, quantity};
use crate::records::vocabulary::EnumField;
use crate::route::variant_ids;
use crate::sources::{Api, Status};

// ---------------------------------------------------------------------------------------------
// Regions

/// How a model can be called from one region.
pub(super) struct Call<'a> {
    /// `regional_availability[region].inference_types_supported`; `None` when the catalogue has no
    /// `regional_availability` (an older one) and only lists the region.
    pub(super) types: Option<Vec<&'a str>>,
    pub(super) lifecycle: Option<&'a str>,
    /// Profiles whose `source_region` is this region, geo before global, then by id.
    pub(super) profiles: Vec<&'a ProfileEntry>,
}

impl Call<'_> {
    pub(super) fn has(&self, kind: &str) -> bool {
        self.types.as_ref().is_some_and(|t| t.contains(&kind))
    }
}

/// Every region the model can be called from (listed there by ListFoundationModels, or a source
/// region of one of its inference profiles), sorted.
pub(super) fn call_regions(model: &Model) -> BTreeMap<String, Call<'_>> {
    let mut calls: BTreeMap<String, Call<'_>> = BTreeMap::new();
    let empty = || Call {
        types: None,
        lifecycle: None,
        profiles: Vec::new(),
    };
    if model.regional_availability.is_empty() {
        // An older catalogue: it lists the regions without saying how to call the model there.
        for region in &model.regions_available {
            calls.insert(region.clone(), empty());
        }
    }
    for (region, availability) in &model.regional_availability {
        calls.insert(
            region.clone(),
            Call {
                types: Some(
                    availability
                        .inference_types_supported
                        .iter()
                        .map(String::as_str)
                        .collect(),
                ),
                lifecycle: Some(availability.lifecycle_status.as_str()).filter(|s| !s.is_empty()),
                profiles: Vec::new(),
            },
        );
    }
    for profile in profiles(model) {
        if profile.source_region.is_empty() {
            continue;
        }
        let call = calls
            .entry(profile.source_region.clone())
            .or_insert_with(|| Call {
                types: Some(Vec::new()),
                ..empty()
            });
        if !call
            .profiles
            .iter()
            .any(|p| p.profile_id == profile.profile_id)
        {
            call.profiles.push(profile);
        }
    }
    for call in calls.values_mut() {
        call.profiles
            .sort_by_key(|p| (p.is_global(), p.profile_id.as_str()));
    }
    calls
}

/// ` (3.30 / 16.50 USD per 1M input / output tokens)` from a price table's input and output rows.
fn in_out(input: Option<f64>, output: Option<f64>) -> String {
    match (input, output) {
        (Some(i), Some(o)) => format!(
            " ({} / {} USD per 1M input / output tokens)",
            format_price(i),
            format_price(o)
        ),
        (Some(i), None) => format!(" ({} USD per 1M input tokens)", format_price(i)),
        _ => String::new(),
    }
}

/// The price of an in-region on-demand call, for the `on demand` line.
pub(super) fn on_demand_price(model: &Model, region: &str) -> String {
    let Some(rows) = model
        .model_pricing
        .as_ref()
        .and_then(|p| p.regions.get(region)?.get("on_demand"))
    else {
        return String::new();
    };
    let usd = |d: &str| {
        rows.get(d)
            .filter(|p| p.unit == "1M tokens")
            .map(|p| p.price_usd)
    };
    in_out(usd("input_tokens"), usd("output_tokens"))
}

/// The price of a call through the profile, for its line; `(no price: reason)` when the Price
/// List has none.
pub(super) fn profile_price(profile: &ProfileEntry) -> String {
    let Some(pricing) = &profile.pricing else {
        return String::new();
    };
    let usd = |d: &str| crate::route::profile_price(profile, d);
    let text = in_out(usd("input_tokens"), usd("output_tokens"));
    if !text.is_empty() {
        return text;
    }
    match pricing.missing.get("input_tokens") {
        Some(why) => format!(" (no price: {why})"),
        None => String::new(),
    }
}

pub(super) const LABEL: usize = 16;

pub(super) fn labelled(label: &str, text: &str) -> String {
    format!("  {label:<LABEL$}{text}")
}

pub(super) fn region_block(entry: &Entry<'_>, region: &str, call: &Call<'_>) -> Vec<String> {
    let mut lines = Vec::new();
    let unknown: Vec<&str> = (call.types.iter().flatten().copied())
        .filter(|t| !EnumField::InferenceType.is_known(t))
        .collect();
    let only_unknown = format!(
        "listed only with inference types this tool does not know: {}",
        unknown.join(", ")
    );
    let summary = if call.types.is_none() {
        "listed (this catalogue does not say how it can be called per region)"
    } else if call.has("ON_DEMAND") {
        "on demand in the region"
    } else if !call.profiles.is_empty() {
        "through an inference profile only (not on demand in this region)"
    } else if call.has("PROVISIONED") {
        "provisioned throughput only"
    } else if call.has("INFERENCE_PROFILE") {
        "through an inference profile only, but the catalogue has no profile that can be called from here"
    } else if !unknown.is_empty() {
        // Never read as a way to call it: what the value means is not known.
        only_unknown.as_str()
    } else {
        "listed with no inference type"
    };
    let lifecycle = match call.lifecycle {
        Some(status) if status != "ACTIVE" => format!(" [{status}]"),
        _ => String::new(),
    };
    lines.push(format!("{region}: {summary}{lifecycle}"));

    if call.has("ON_DEMAND") {
        let invocable = entry.invocable_id();
        let others: Vec<&str> = variant_ids(entry.model, region, "ON_DEMAND")
            .into_iter()
            .filter(|id| *id != invocable)
            .collect();
        let also = if others.is_empty() {
            String::new()
        } else {
            format!(" (also {})", others.join(", "))
        };
        let price = on_demand_price(entry.model, region);
        lines.push(labelled("on demand", &format!("{invocable}{also}{price}")));
    }
    for profile in &call.profiles {
        let id = &profile.profile_id;
        let destinations = profile.destination_regions.join(", ");
        let route = if profile.routes_globally {
            if destinations.is_empty() {
                "any commercial region (routes globally)".to_string()
            } else {
                format!("any commercial region (routes globally; listed: {destinations})")
            }
        } else if destinations.is_empty() {
            "destinations not listed".to_string()
        } else {
            destinations
        };
        let status = match profile.status.as_str() {
            "" | "ACTIVE" => String::new(),
            s => format!(" [{s}]"),
        };
        let label = if profile.is_global() {
            "global profile"
        } else {
            "geo profile"
        };
        let price = profile_price(profile);
        lines.push(labelled(label, &format!("{id} -> {route}{status}{price}")));
    }
    if call.has("PROVISIONED") {
        let ids = variant_ids(entry.model, region, "PROVISIONED");
        let text = if ids.is_empty() {
            "provisioned throughput".to_string()
        } else {
            ids.join(", ")
        };
        lines.push(labelled("provisioned", &text));
    }
    lines
}

/// The Mantle route from `region` (base URL and the `model` to pass), when Mantle lists the model
/// there.
pub(super) fn mantle_line(model: &Model, region: &str) -> Option<String> {
    let m = model.mantle.as_ref()?;
    m.regions.iter().any(|r| r == region).then(|| {
        labelled(
            "mantle",
            &format!(
                "model {} at {} (OpenAI-compatible)",
                m.model_id,
                m.base_url_template.replace("{region}", region)
            ),
        )
    })
}

/// Where Mantle serves the model, for the answer over every region.
pub(super) fn mantle_summary(model: &Model) -> Vec<String> {
    let Some(m) = model.mantle.as_ref().filter(|m| !m.regions.is_empty()) else {
        return vec![];
    };
    vec![
        String::new(),
        format!(
            "On Mantle, Bedrock's OpenAI-compatible endpoint ({} {}): {}",
            m.regions.len(),
            plural(m.regions.len(), "region", "regions"),
            m.regions.join(", ")
        ),
        labelled(
            "model",
            &format!("{} at {}", m.model_id, m.base_url_template),
        ),
    ]
}

/// Every region the catalogue covers: the run's region list and every region a model names.
pub(super) fn known_regions(catalog: &Catalog, entries: &[Entry<'_>]) -> BTreeSet<String> {
    let mut known = catalog.metadata.named_regions();
    for entry in entries {
        known.extend(call_regions(entry.model).into_keys());
        known.extend(
            entry
                .model
                .mantle
                .iter()
                .flat_map(|m| m.regions.iter().cloned()),
        );
    }
    known
}

/// A note when the catalogue cannot fully answer for the region: the account had not enabled it,
/// or its model or profile listing failed in the run that made the catalogue.
pub(super) fn status_note(catalog: &Catalog, region: &str) -> Vec<String> {
    let metadata = &catalog.metadata;
    let status = |api: Api| {
        metadata
            .region_status
            .get(region)
            .and_then(|apis| apis.get(&api))
            .map(|a| a.status)
    };
    let not_opted_in = status(Api::ListFoundationModels) == Some(Status::NotOptedIn)
        || metadata.regions_not_opted_in.iter().any(|r| r == region);
    if not_opted_in {
        return vec![format!(
            "Note: the account that made this catalogue has not enabled {region} (not_opted_in), so the catalogue cannot say what is offered there."
        )];
    }
    let failed: Vec<String> = [Api::ListFoundationModels, Api::ListInferenceProfiles]
        .into_iter()
        .filter_map(|api| {
            let status = status(api)?;
            (status != Status::Ok && status != Status::NotOptedIn)
                .then(|| format!("{} {}", api.name(), status.as_str()))
        })
        .collect();
    if failed.is_empty() {
        Vec::new()
    } else {
        vec![format!(
            "Note: the catalogue's answer for {region} is incomplete ({}).",
            failed.join(", ")
        )]
    }
}

// ---------------------------------------------------------------------------------------------
// Prices, quotas, token limits

pub(super) const QUOTA_ROUTE_ORDER: [&str; 7] = [
    "on_demand",
    "on_demand_latency_optimized",
    "cross_region",
    "global_cross_region",
    "mantle",
    "batch",
    "provisioned_throughput",
];

pub(super) fn rank<'a>(order: &[&str], name: &'a str) -> (usize, &'a str) {
    (
        order.iter().position(|o| *o == name).unwrap_or(order.len()),
        name,
    )
}

pub(super) fn price_route_rank(route: &str) -> (usize, &str) {
    match ROUTE_ORDER.iter().position(|o| *o == route) {
        Some(at) => (at, route),
        None if route.starts_with("reserved_") => (ROUTE_ORDER.len(), route),
        None if route.starts_with("mantle_") => (ROUTE_ORDER.len() + 1, route),
        None => (ROUTE_ORDER.len() + 2, route),
    }
}

/// The token dimensions in their usual order, then their long-context prices, then the others.
pub(super) fn dimension_rank(dimension: &str) -> (bool, usize, &str) {
    let base = dimension.strip_suffix("_long_context");
    let (at, _) = rank(&TOKEN_DIMENSIONS, base.unwrap_or(dimension));
    (base.is_some(), at, dimension)
}

/// Sort order of a price row: route, then dimension.
pub(super) type PriceOrder<'a> = ((usize, &'a str), (bool, usize, &'a str));

/// Sort order of a quota row: route, metric, variant, quota code.
pub(super) type QuotaOrder<'a> = ((usize, String), String, &'a str, &'a str);

pub(super) use crate::format::wire as wire_name;

pub(super) fn prices(model: &Model, region: &str) -> Vec<String> {
    let Some(pricing) = &model.model_pricing else {
        return Vec::new();
    };
    let regions = &pricing.regions;
    let mut rows: Vec<(PriceOrder<'_>, Vec<String>)> = Vec::new();
    for (route, dimensions) in regions.get(region).into_iter().flatten() {
        for (dimension, price) in dimensions {
            rows.push((
                (price_route_rank(route), dimension_rank(dimension)),
                vec![
                    route.clone(),
                    dimension.clone(),
                    format_price(price.price_usd),
                    price.unit.clone(),
                ],
            ));
        }
    }
    let mut lines = vec![String::new()];
    if rows.is_empty() {
        let priced: Vec<&str> = regions.keys().map(String::as_str).collect();
        if priced.is_empty() {
            return Vec::new();
        }
        lines.push(format!(
            "Prices in {region}: none in the catalogue (priced in {}).",
            priced.join(", ")
        ));
        return lines;
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    // The same number of decimals down the column, so that the points line up.
    let decimals = rows
        .iter()
        .filter_map(|r| r.1[2].split_once('.').map(|(_, d)| d.len()))
        .max()
        .unwrap_or(0);
    for row in &mut rows {
        let have = row.1[2].split_once('.').map_or(0, |(_, d)| d.len());
        if have > 0 {
            row.1[2].push_str(&"0".repeat(decimals - have));
        }
    }
    lines.push(format!("Prices in {region} (USD):"));
    lines.extend(table(
        &["route", "dimension", "price", "per"],
        rows.into_iter().map(|r| r.1).collect(),
        &[2],
    ));
    lines
}

/// The model's quotas in `region`. "None assigned" only where quotas were read (the run listed the
/// region's quotas, or the model has quotas elsewhere); otherwise nothing is claimed.
pub(super) fn quotas(catalog: &Catalog, model: &Model, region: &str) -> Vec<String> {
    let quotas = model
        .model_service_quotas
        .get(region)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let read = catalog.metadata.quota_value_sources.contains_key(region)
        || !model.model_service_quotas.is_empty();
    if quotas.is_empty() && !read {
        return Vec::new();
    }
    let mut lines = vec![String::new()];
    if quotas.is_empty() {
        lines.push(format!("Quotas in {region}: none assigned to this model."));
        return lines;
    }
    let mut rows: Vec<(QuotaOrder<'_>, Vec<String>)> = quotas
        .iter()
        .map(|q| {
            let (route, metric) = (wire_name(&q.route), wire_name(&q.metric));
            let variant = q.model_variant.as_deref().unwrap_or("");
            // The limit on this route: a daily quota doubled for cross-region calls shows twice
            // its value under cross_region.
            let times = |v: Option<f64>| v.map(|v| v * f64::from(q.value_multiplier));
            let shown_variant = if q.value_multiplier == 1 {
                variant.to_string()
            } else {
                let doubled = format!("{}x its value for cross-region calls", q.value_multiplier);
                [variant, doubled.as_str()]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let (at, _) = rank(&QUOTA_ROUTE_ORDER, &route);
            (
                (
                    (at, route.clone()),
                    metric.clone(),
                    variant,
                    q.quota_code.as_str(),
                ),
                vec![
                    route,
                    metric,
                    format_number(times(q.applied_value.or(q.value))),
                    format_number(times(q.default_value)),
                    shown_variant,
                ],
            )
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    lines.push(format!("Quotas in {region}:"));
    lines.extend(table(
        &["route", "metric", "applied", "default", "variant"],
        rows.into_iter().map(|r| r.1).collect(),
        &[2, 3],
    ));
    lines
}

pub(super) fn token_limits(model: &Model) -> Vec<String> {
    let specs = model.token_specs.as_ref();
    let converse = model.converse_data.as_ref();
    if specs.is_none() && converse.is_none() {
        return Vec::new();
    }
    let known = |count: TokenCount| match count {
        TokenCount::Known(n) => Some(n),
        TokenCount::NotAvailable => None,
    };
    let limit = |spec: Option<u64>, legacy: Option<TokenCount>, source: Option<ValueSource>| {
        let Some(value) = spec.or_else(|| legacy.and_then(known)) else {
            return "unknown".to_string();
        };
        let source = source
            .map(|s| format!(" ({})", wire_name(&s)))
            .unwrap_or_default();
        format!("{}{source}", group(value))
    };
    let context = limit(
        specs.and_then(|s| s.context_window),
        converse.map(|c| c.context_window),
        specs.map(|s| s.context_window_source),
    );
    let output = limit(
        specs.and_then(|s| s.max_output_tokens),
        converse.map(|c| c.max_output_tokens),
        specs.map(|s| s.max_output_tokens_source),
    );
    let mut lines = vec![
        String::new(),
        "Token limits:".to_string(),
        format!("  context window     {context}"),
        format!("  max output tokens  {output}"),
    ];
    let variants: Vec<String> = specs
        .into_iter()
        .flat_map(|s| &s.context_variants)
        .map(|v| match v.nominal_context_tokens {
            Some(n) => format!("{} ({})", v.variant_id, group(n)),
            None => v.variant_id.clone(),
        })
        .collect();
    if !variants.is_empty() {
        lines.push(format!("  context variants   {}", variants.join(", ")));
    }
    lines
}

// ---------------------------------------------------------------------------------------------
// Formatting

/// Columns two spaces apart, indented by two, left-aligned except the `right` ones.
pub(super) fn table(header: &[&str], rows: Vec<Vec<String>>, right: &[usize]) -> Vec<String> {
    columns("  ", header, rows, right)
}

pub(super) use crate::format::usd as format_price;

/// Whole numbers with thousands separators (`2,000,000`), others as they are, `-` for none.
pub(super) fn format_number(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_string(), quantity)
}

pub(super) fn header(entry: &Entry<'_>) -> Vec<String> {
    let mut lines = vec![
        format!("{} ({})", entry.name(), entry.provider_name()),
        format!("key:           {}", entry.key),
        format!("invocable id:  {}", entry.invocable_id()),
    ];
    let lifecycle = &entry.model.model_lifecycle;
    if !lifecycle.status.is_empty() {
        let mut dates = Vec::new();
        for (date, label) in [
            (&lifecycle.legacy_time, "legacy from"),
            (
                &lifecycle.public_extended_access_time,
                "extended access from",
            ),
            (&lifecycle.end_of_life_time, "end of life"),
        ] {
            if let Some(date) = date.as_deref().filter(|d| !d.is_empty()) {
                dates.push(format!("{label} {date}"));
            }
        }
        let dates = if dates.is_empty() {
            String::new()
        } else {
            format!(" ({})", dates.join(", "))
        };
        lines.push(format!("lifecycle:     {}{dates}", lifecycle.status));
    }
    lines
}
