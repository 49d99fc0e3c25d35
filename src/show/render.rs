//! The answer rendered as plain text: the ways to call per region, prices, quotas, token limits and the header.

use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

use super::resolve::{Entry, invocable_id, profiles, str_field, strings};

// ---------------------------------------------------------------------------------------------
// Regions

/// How a model can be called from one region.
pub(super) struct Call<'a> {
    /// `regional_availability[region].inference_types_supported`; `None` when the catalogue has no
    /// `regional_availability` (an older one) and only lists the region.
    pub(super) types: Option<Vec<&'a str>>,
    pub(super) lifecycle: Option<&'a str>,
    /// Profiles whose `source_region` is this region, geo before global, then by id.
    pub(super) profiles: Vec<&'a Map<String, Value>>,
}

impl Call<'_> {
    pub(super) fn has(&self, kind: &str) -> bool {
        self.types.as_ref().is_some_and(|t| t.contains(&kind))
    }
}

/// Every region the model can be called from (listed there by ListFoundationModels, or a source
/// region of one of its inference profiles), sorted.
pub(super) fn call_regions(model: &Map<String, Value>) -> BTreeMap<String, Call<'_>> {
    let mut calls: BTreeMap<String, Call<'_>> = BTreeMap::new();
    let empty = || Call {
        types: None,
        lifecycle: None,
        profiles: Vec::new(),
    };
    match model
        .get("regional_availability")
        .and_then(Value::as_object)
    {
        Some(regions) => {
            for (region, availability) in regions {
                calls.insert(
                    region.clone(),
                    Call {
                        types: Some(strings(availability.get("inference_types_supported"))),
                        lifecycle: availability.get("lifecycle_status").and_then(Value::as_str),
                        profiles: Vec::new(),
                    },
                );
            }
        }
        None => {
            for region in strings(model.get("regions_available")) {
                calls.insert(region.to_string(), empty());
            }
        }
    }
    for profile in profiles(model) {
        if let Some(source) = str_field(profile, "source_region") {
            let call = calls.entry(source.to_string()).or_insert_with(|| Call {
                types: Some(Vec::new()),
                ..empty()
            });
            let id = str_field(profile, "profile_id");
            if !call
                .profiles
                .iter()
                .any(|p| str_field(p, "profile_id") == id)
            {
                call.profiles.push(profile);
            }
        }
    }
    for call in calls.values_mut() {
        call.profiles
            .sort_by_key(|p| (is_global(p), str_field(p, "profile_id")));
    }
    calls
}

pub(super) fn is_global(profile: &Map<String, Value>) -> bool {
    str_field(profile, "profile_id").is_some_and(|id| id.starts_with("global."))
        || routes_globally(profile)
}

pub(super) fn routes_globally(profile: &Map<String, Value>) -> bool {
    profile.get("routes_globally").and_then(Value::as_bool) == Some(true)
}

/// The ids under the key that the API lists with `kind` in `region` (from `model_variants`).
pub(super) fn variant_ids<'a>(
    model: &'a Map<String, Value>,
    region: &str,
    kind: &str,
) -> Vec<&'a str> {
    let Some(variants) = model.get("model_variants").and_then(Value::as_object) else {
        return Vec::new();
    };
    variants
        .iter()
        .filter(|(_, v)| {
            strings(
                v.get("regions")
                    .and_then(|r| r.get(region))
                    .and_then(|r| r.get("inference_types_supported")),
            )
            .contains(&kind)
        })
        .map(|(id, _)| id.as_str())
        .collect()
}

pub(super) const LABEL: usize = 16;

pub(super) fn labelled(label: &str, text: &str) -> String {
    format!("  {label:<LABEL$}{text}")
}

pub(super) fn region_block(entry: &Entry<'_>, region: &str, call: &Call<'_>) -> Vec<String> {
    let mut lines = Vec::new();
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
    } else {
        "listed with no inference type"
    };
    let lifecycle = match call.lifecycle {
        Some(status) if status != "ACTIVE" => format!(" [{status}]"),
        _ => String::new(),
    };
    lines.push(format!("{region}: {summary}{lifecycle}"));

    if call.has("ON_DEMAND") {
        let invocable = invocable_id(entry);
        let others: Vec<&str> = variant_ids(entry.model, region, "ON_DEMAND")
            .into_iter()
            .filter(|id| *id != invocable)
            .collect();
        let also = if others.is_empty() {
            String::new()
        } else {
            format!(" (also {})", others.join(", "))
        };
        lines.push(labelled("on demand", &format!("{invocable}{also}")));
    }
    for profile in &call.profiles {
        let id = str_field(profile, "profile_id").unwrap_or("?");
        let destinations = strings(profile.get("destination_regions")).join(", ");
        let route = if routes_globally(profile) {
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
        let status = match str_field(profile, "status") {
            Some(s) if s != "ACTIVE" => format!(" [{s}]"),
            _ => String::new(),
        };
        let label = if is_global(profile) {
            "global profile"
        } else {
            "geo profile"
        };
        lines.push(labelled(label, &format!("{id} -> {route}{status}")));
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

/// Every region the catalogue covers: the run's region list and every region a model names.
pub(super) fn known_regions(catalog: &Value, entries: &[Entry<'_>]) -> BTreeSet<String> {
    let mut known = BTreeSet::new();
    if let Some(metadata) = catalog.get("metadata") {
        for field in [
            "regions_requested",
            "regions_ok",
            "regions_not_opted_in",
            "regions_failed",
        ] {
            known.extend(strings(metadata.get(field)).into_iter().map(str::to_string));
        }
        if let Some(status) = metadata.get("region_status").and_then(Value::as_object) {
            known.extend(status.keys().cloned());
        }
    }
    for entry in entries {
        known.extend(call_regions(entry.model).into_keys());
    }
    known
}

/// A note when the catalogue cannot fully answer for the region: the account had not enabled it,
/// or its model or profile listing failed in the run that made the catalogue.
pub(super) fn status_note(catalog: &Value, region: &str) -> Vec<String> {
    let metadata = catalog.get("metadata");
    let apis = metadata
        .and_then(|m| m.get("region_status"))
        .and_then(|s| s.get(region));
    let status = |api: &str| {
        apis.and_then(|a| a.get(api))
            .and_then(|a| a.get("status"))
            .and_then(Value::as_str)
    };
    let not_opted_in = status("list_foundation_models") == Some("not_opted_in")
        || strings(metadata.and_then(|m| m.get("regions_not_opted_in"))).contains(&region);
    if not_opted_in {
        return vec![format!(
            "Note: the account that made this catalogue has not enabled {region} (not_opted_in), so the catalogue cannot say what is offered there."
        )];
    }
    let failed: Vec<String> = ["list_foundation_models", "list_inference_profiles"]
        .into_iter()
        .filter_map(|api| {
            let status = status(api)?;
            (status != "ok" && status != "not_opted_in").then(|| format!("{api} {status}"))
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

pub(super) const ROUTE_ORDER: [&str; 10] = [
    "on_demand",
    "on_demand_geo",
    "on_demand_global",
    "batch",
    "batch_geo",
    "batch_global",
    "flex",
    "priority",
    "latency_optimized",
    "provisioned",
];

pub(super) const DIMENSION_ORDER: [&str; 5] = [
    "input_tokens",
    "output_tokens",
    "cache_read_input_tokens",
    "cache_write_input_tokens",
    "cache_write_1h_input_tokens",
];

pub(super) const QUOTA_ROUTE_ORDER: [&str; 6] = [
    "on_demand",
    "on_demand_latency_optimized",
    "cross_region",
    "global_cross_region",
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
    let (at, _) = rank(&DIMENSION_ORDER, base.unwrap_or(dimension));
    (base.is_some(), at, dimension)
}

/// Sort order of a price row: route, then dimension.
pub(super) type PriceOrder<'a> = ((usize, &'a str), (bool, usize, &'a str));

/// Sort order of a quota row: route, metric, variant, quota code.
pub(super) type QuotaOrder<'a> = ((usize, &'a str), &'a str, &'a str, &'a str);

pub(super) fn prices(model: &Map<String, Value>, region: &str) -> Vec<String> {
    let Some(regions) = model
        .get("model_pricing")
        .and_then(|p| p.get("regions"))
        .and_then(Value::as_object)
    else {
        return Vec::new();
    };
    let mut rows: Vec<(PriceOrder<'_>, Vec<String>)> = Vec::new();
    if let Some(routes) = regions.get(region).and_then(Value::as_object) {
        for (route, dimensions) in routes {
            let Some(dimensions) = dimensions.as_object() else {
                continue;
            };
            for (dimension, price) in dimensions {
                let Some(usd) = price.get("price_usd").and_then(Value::as_f64) else {
                    continue;
                };
                let unit = price.get("unit").and_then(Value::as_str).unwrap_or("");
                rows.push((
                    (price_route_rank(route), dimension_rank(dimension)),
                    vec![
                        route.clone(),
                        dimension.clone(),
                        format_price(usd),
                        unit.to_string(),
                    ],
                ));
            }
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

pub(super) fn quotas(model: &Map<String, Value>, region: &str) -> Vec<String> {
    let Some(all) = model.get("model_service_quotas").and_then(Value::as_object) else {
        return Vec::new();
    };
    let quotas: Vec<&Map<String, Value>> = all
        .get(region)
        .and_then(Value::as_array)
        .map(|q| q.iter().filter_map(Value::as_object).collect())
        .unwrap_or_default();
    let mut lines = vec![String::new()];
    if quotas.is_empty() {
        lines.push(format!("Quotas in {region}: none assigned to this model."));
        return lines;
    }
    let mut rows: Vec<(QuotaOrder<'_>, Vec<String>)> = quotas
        .iter()
        .map(|q| {
            let route = str_field(q, "route").unwrap_or("-");
            let metric = str_field(q, "metric")
                .or_else(|| str_field(q, "quota_name"))
                .unwrap_or("-");
            let variant = str_field(q, "model_variant").unwrap_or("");
            let applied = q.get("applied_value").or_else(|| q.get("value"));
            (
                (
                    rank(&QUOTA_ROUTE_ORDER, route),
                    metric,
                    variant,
                    str_field(q, "quota_code").unwrap_or(""),
                ),
                vec![
                    route.to_string(),
                    metric.to_string(),
                    format_number(applied),
                    format_number(q.get("default_value")),
                    variant.to_string(),
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

pub(super) fn token_limits(model: &Map<String, Value>) -> Vec<String> {
    let specs = model.get("token_specs").and_then(Value::as_object);
    let converse = model.get("converse_data").and_then(Value::as_object);
    if specs.is_none() && converse.is_none() {
        return Vec::new();
    }
    let limit = |field: &str| -> String {
        let value = specs
            .and_then(|s| s.get(field))
            .filter(|v| v.is_number())
            .or_else(|| {
                converse
                    .and_then(|c| c.get(field))
                    .filter(|v| v.is_number())
            });
        let Some(value) = value else {
            return "unknown".to_string();
        };
        let source = specs
            .and_then(|s| str_field(s, &format!("{field}_source")))
            .map(|s| format!(" ({s})"))
            .unwrap_or_default();
        format!("{}{source}", format_number(Some(value)))
    };
    let mut lines = vec![
        String::new(),
        "Token limits:".to_string(),
        format!("  context window     {}", limit("context_window")),
        format!("  max output tokens  {}", limit("max_output_tokens")),
    ];
    let variants: Vec<String> = specs
        .and_then(|s| s.get("context_variants"))
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|v| {
                    let id = v.get("variant_id")?.as_str()?;
                    Some(
                        match v.get("nominal_context_tokens").filter(|n| n.is_number()) {
                            Some(n) => format!("{id} ({})", format_number(Some(n))),
                            None => id.to_string(),
                        },
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    if !variants.is_empty() {
        lines.push(format!("  context variants   {}", variants.join(", ")));
    }
    lines
}

// ---------------------------------------------------------------------------------------------
// Formatting

/// Columns two spaces apart, left-aligned except the `right` ones; trailing spaces trimmed.
pub(super) fn table(header: &[&str], rows: Vec<Vec<String>>, right: &[usize]) -> Vec<String> {
    let mut all = vec![header.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    all.extend(rows);
    let mut widths = vec![0; header.len()];
    for row in &all {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    all.iter()
        .map(|row| {
            let cells: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(i, cell)| {
                    let width = widths[i];
                    if right.contains(&i) {
                        format!("{cell:>width$}")
                    } else {
                        format!("{cell:<width$}")
                    }
                })
                .collect();
            format!("  {}", cells.join("  ")).trim_end().to_string()
        })
        .collect()
}

/// Prices with at least two decimals and at most six, trailing zeros cut: `0.80`, `0.525`, `0.00048`.
pub(super) fn format_price(usd: f64) -> String {
    if usd != 0.0 && usd.abs() < 0.000_001 {
        return usd.to_string();
    }
    let mut text = format!("{usd:.6}");
    while text.ends_with('0') && text.len() - text.find('.').unwrap_or(text.len()) > 3 {
        text.pop();
    }
    text
}

/// Whole numbers with thousands separators (`2,000,000`), others as they are, `-` for none.
pub(super) fn format_number(value: Option<&Value>) -> String {
    match value {
        Some(Value::Number(n)) => {
            if let Some(i) = n.as_i64() {
                group(i)
            } else if let Some(f) = n.as_f64() {
                if f.fract() == 0.0 && f.abs() < 1e15 {
                    group(f as i64)
                } else {
                    f.to_string()
                }
            } else {
                n.to_string()
            }
        }
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => "-".to_string(),
    }
}

pub(super) fn group(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

pub(super) fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

pub(super) fn header(entry: &Entry<'_>) -> Vec<String> {
    let mut lines = vec![
        format!("{} ({})", entry.name, entry.provider),
        format!("key:           {}", entry.key),
        format!("invocable id:  {}", invocable_id(entry)),
    ];
    if let Some(lifecycle) = entry
        .model
        .get("model_lifecycle")
        .and_then(Value::as_object)
        && let Some(status) = str_field(lifecycle, "status")
    {
        let mut dates = Vec::new();
        for (field, label) in [
            ("legacy_time", "legacy from"),
            ("public_extended_access_time", "extended access from"),
            ("end_of_life_time", "end of life"),
        ] {
            if let Some(date) = str_field(lifecycle, field).filter(|d| !d.is_empty()) {
                dates.push(format!("{label} {date}"));
            }
        }
        let dates = if dates.is_empty() {
            String::new()
        } else {
            format!(" ({})", dates.join(", "))
        };
        lines.push(format!("lifecycle:     {status}{dates}"));
    }
    lines
}
