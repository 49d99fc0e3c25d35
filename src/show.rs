//! `bedrock-collector show`: "how do I call model X from region Y?", answered from a catalogue
//! (`data/bedrock_models.json`) with no network.
//!
//! Pure: the parsed catalogue and the query in, plain text out (no colours, stable order). The
//! catalogue is read as loose JSON, field by field, so an older catalogue or one written with prices
//! switched off still works: a missing field is skipped, never a panic.
//!
//! Resolution of the query, first stage that matches wins:
//! 1. the catalogue key (`anthropic.claude-sonnet-4-5-20250929-v1`);
//! 2. an invocable, variant or inference profile id (`...-v1:0`, `...:0:200k`, `us.anthropic...:0`,
//!    `global....`), or a foundation-model / inference-profile ARN ending in one;
//! 3. the model name (`Claude Sonnet 4.5`);
//! 4. a fragment: every whitespace-separated word occurs in the key or in the name.
//!
//! All comparisons ignore case; in fragments `.`, `-`, `_` and spaces are alike, so `sonnet 4.5`
//! and `sonnet-4-5` are the same query. One model found: it is shown; several: [`ShowError::Ambiguous`];
//! none: [`ShowError::NotFound`] with up to five close keys.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde_json::{Map, Value};

/// Why `show` has no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShowError {
    /// No model matches the query; `suggestions` are up to five close catalogue keys.
    NotFound {
        query: String,
        suggestions: Vec<String>,
    },
    /// Several models match; `candidates` are their (key, name), sorted by key.
    Ambiguous {
        query: String,
        candidates: Vec<(String, String)>,
    },
    /// The region is not one the catalogue covers; `known` are the regions it does cover, sorted.
    RegionUnknown { region: String, known: Vec<String> },
    /// The catalogue does not have the catalogue's layout (no `providers`, a model that is not an
    /// object, ...).
    BadCatalog(String),
}

impl fmt::Display for ShowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShowError::NotFound { query, suggestions } => {
                write!(f, "no model in the catalogue matches `{query}`")?;
                if !suggestions.is_empty() {
                    write!(f, "; close ones: {}", suggestions.join(", "))?;
                }
                Ok(())
            }
            ShowError::Ambiguous { query, candidates } => {
                write!(
                    f,
                    "`{query}` matches {} models; give one of these keys, or more of its name:",
                    candidates.len()
                )?;
                let width = candidates
                    .iter()
                    .map(|(k, _)| k.chars().count())
                    .max()
                    .unwrap_or(0);
                for (key, name) in candidates {
                    write!(f, "\n  {}", format!("{key:<width$}  {name}").trim_end())?;
                }
                Ok(())
            }
            ShowError::RegionUnknown { region, known } => {
                if known.is_empty() {
                    write!(
                        f,
                        "region `{region}` is not in the catalogue, which covers no region"
                    )
                } else {
                    write!(
                        f,
                        "region `{region}` is not in the catalogue, which covers {}",
                        known.join(", ")
                    )
                }
            }
            ShowError::BadCatalog(message) => write!(f, "the catalogue is not usable: {message}"),
        }
    }
}

impl std::error::Error for ShowError {}

/// Answers "how do I call `query` from `region`?" (every region where it can be called when
/// `region` is `None`) from a parsed catalogue.
pub fn show(catalog: &Value, query: &str, region: Option<&str>) -> Result<String, ShowError> {
    let entries = entries(catalog)?;
    let entry = resolve(&entries, query)?;
    let calls = call_regions(entry.model);
    let mut out = header(entry);
    match region {
        None => {
            out.push(String::new());
            if calls.is_empty() {
                out.push("Callable from no region in this catalogue.".to_string());
            } else {
                out.push(format!(
                    "Where to call it from ({} {}):",
                    calls.len(),
                    plural(calls.len(), "region", "regions")
                ));
                for (name, call) in &calls {
                    out.extend(region_block(entry, name, call));
                }
                out.push(String::new());
                out.push("Prices and quotas are per region: add --region REGION.".to_string());
            }
        }
        Some(region) => {
            let region = region.trim().to_ascii_lowercase();
            let known = known_regions(catalog, &entries);
            if !known.contains(&region) {
                return Err(ShowError::RegionUnknown {
                    region,
                    known: known.into_iter().collect(),
                });
            }
            out.push(String::new());
            match calls.get(&region) {
                Some(call) => {
                    out.extend(region_block(entry, &region, call));
                    out.extend(status_note(catalog, &region));
                    out.extend(prices(entry.model, &region));
                    out.extend(quotas(entry.model, &region));
                }
                None => {
                    out.push(format!(
                        "Not callable from {region}: {} is not listed there and no inference profile can be called from there.",
                        entry.name
                    ));
                    out.extend(status_note(catalog, &region));
                    if calls.is_empty() {
                        out.push("Callable from no region in this catalogue.".to_string());
                    } else {
                        out.push(format!(
                            "Callable from {} {}: {}",
                            calls.len(),
                            plural(calls.len(), "region", "regions"),
                            calls.keys().cloned().collect::<Vec<_>>().join(", ")
                        ));
                    }
                }
            }
        }
    }
    out.extend(token_limits(entry.model));
    let mut text = out.join("\n");
    text.push('\n');
    Ok(text)
}

// ---------------------------------------------------------------------------------------------
// The catalogue's models

/// One model of the catalogue.
struct Entry<'a> {
    key: &'a str,
    name: &'a str,
    provider: &'a str,
    model: &'a Map<String, Value>,
}

fn entries(catalog: &Value) -> Result<Vec<Entry<'_>>, ShowError> {
    let providers = catalog
        .get("providers")
        .and_then(Value::as_object)
        .ok_or_else(|| ShowError::BadCatalog("it has no `providers` object".to_string()))?;
    let mut out = Vec::new();
    for (provider, body) in providers {
        let models = body
            .get("models")
            .and_then(Value::as_object)
            .ok_or_else(|| {
                ShowError::BadCatalog(format!("provider `{provider}` has no `models` object"))
            })?;
        for (key, model) in models {
            let model = model
                .as_object()
                .ok_or_else(|| ShowError::BadCatalog(format!("model `{key}` is not an object")))?;
            out.push(Entry {
                key,
                name: str_field(model, "model_name").unwrap_or(key),
                provider: str_field(model, "model_provider").unwrap_or(provider),
                model,
            });
        }
    }
    out.sort_by(|a, b| a.key.cmp(b.key).then(a.provider.cmp(b.provider)));
    Ok(out)
}

fn str_field<'a>(object: &'a Map<String, Value>, field: &str) -> Option<&'a str> {
    object.get(field).and_then(Value::as_str)
}

fn strings(value: Option<&Value>) -> Vec<&str> {
    value
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// The id to call: `invocable_model_id`, else the shortest id under the key, else the key.
fn invocable_id<'a>(entry: &Entry<'a>) -> &'a str {
    if let Some(id) = str_field(entry.model, "invocable_model_id") {
        return id;
    }
    entry
        .model
        .get("model_variants")
        .and_then(Value::as_object)
        .and_then(|variants| {
            variants
                .keys()
                .min_by_key(|id| (id.matches(':').count(), id.len(), id.as_str()))
        })
        .map_or(entry.key, String::as_str)
}

fn profiles(model: &Map<String, Value>) -> Vec<&Map<String, Value>> {
    model
        .get("cross_region_inference")
        .and_then(|c| c.get("profiles"))
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(Value::as_object).collect())
        .unwrap_or_default()
}

/// Every id a model answers to: its invocable id, its variants, the ids listed per region, its
/// inference profiles.
fn ids<'a>(entry: &Entry<'a>) -> BTreeSet<&'a str> {
    let mut ids = BTreeSet::new();
    ids.insert(invocable_id(entry));
    if let Some(variants) = entry.model.get("model_variants").and_then(Value::as_object) {
        ids.extend(variants.keys().map(String::as_str));
    }
    if let Some(regions) = entry
        .model
        .get("regional_availability")
        .and_then(Value::as_object)
    {
        for availability in regions.values() {
            ids.extend(strings(availability.get("model_ids")));
        }
    }
    for profile in profiles(entry.model) {
        ids.extend(str_field(profile, "profile_id"));
    }
    ids
}

// ---------------------------------------------------------------------------------------------
// Resolution

fn resolve<'e, 'a>(entries: &'e [Entry<'a>], query: &str) -> Result<&'e Entry<'a>, ShowError> {
    let query = query.trim();
    let wanted = query.to_lowercase();
    let id = strip_arn(&wanted);
    let stages: [&dyn Fn(&Entry<'_>) -> bool; 3] = [
        &|e| e.key.to_lowercase() == wanted,
        &|e| ids(e).iter().any(|i| i.to_lowercase() == id),
        &|e| e.name.to_lowercase() == wanted,
    ];
    if !wanted.is_empty() {
        for stage in stages {
            if let Some(found) = one_of(entries, query, |e| stage(e))? {
                return Ok(found);
            }
        }
        let words = fragment_words(query);
        if !words.is_empty() {
            let matches_all = |e: &Entry<'_>| {
                let (key, name) = (normalise(e.key), normalise(e.name));
                words
                    .iter()
                    .all(|w| key.contains(w.as_str()) || name.contains(w.as_str()))
            };
            if let Some(found) = one_of(entries, query, matches_all)? {
                return Ok(found);
            }
        }
    }
    Err(ShowError::NotFound {
        query: query.to_string(),
        suggestions: suggestions(entries, query),
    })
}

/// The one entry that `matches`, `None` when there is none, `Ambiguous` when there are several.
fn one_of<'e, 'a>(
    entries: &'e [Entry<'a>],
    query: &str,
    matches: impl Fn(&Entry<'a>) -> bool,
) -> Result<Option<&'e Entry<'a>>, ShowError> {
    let found: Vec<&Entry<'a>> = entries.iter().filter(|e| matches(e)).collect();
    match found.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one)),
        several => {
            let mut candidates: Vec<(String, String)> = several
                .iter()
                .map(|e| (e.key.to_string(), e.name.to_string()))
                .collect();
            candidates.sort();
            candidates.dedup();
            Err(ShowError::Ambiguous {
                query: query.to_string(),
                candidates,
            })
        }
    }
}

/// `arn:aws:bedrock:R::foundation-model/ID` and `arn:aws:bedrock:R:A:inference-profile/ID` to `ID`.
fn strip_arn(query: &str) -> &str {
    for marker in [":foundation-model/", ":inference-profile/"] {
        if query.starts_with("arn:")
            && let Some(at) = query.find(marker)
        {
            return &query[at + marker.len()..];
        }
    }
    query
}

/// Lower case, with `.`, `-`, `_`, `/` and whitespace all one `-`, runs collapsed.
fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = if matches!(c, '.' | '-' | '_' | '/') || c.is_whitespace() {
            '-'
        } else {
            c
        };
        if !(c == '-' && out.ends_with('-')) {
            out.push(c);
        }
    }
    out
}

fn fragment_words(query: &str) -> Vec<String> {
    query
        .split_whitespace()
        .map(|w| normalise(w).trim_matches('-').to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Up to five keys close to the query: ranked by how much of the query occurs in the key or name
/// with a few typos allowed per word, then by the typos, then by key.
fn suggestions(entries: &[Entry<'_>], query: &str) -> Vec<String> {
    let words = fragment_words(query);
    let mut scored: Vec<(usize, usize, &str)> = Vec::new();
    for entry in entries {
        let hays = [normalise(entry.key), normalise(entry.name)];
        let (mut matched, mut typos, mut anchored) = (0, 0, false);
        for word in &words {
            let chars: Vec<char> = word.chars().collect();
            let allowed = match chars.len() {
                0..=2 => 0,
                3..=5 => 1,
                n => n / 4,
            };
            let distance = hays
                .iter()
                .map(|hay| substring_distance(&chars, hay))
                .min()
                .unwrap_or(usize::MAX);
            if distance <= allowed {
                matched += chars.len();
                typos += distance;
                anchored |= chars.len() >= 3;
            }
        }
        if anchored {
            scored.push((matched, typos, entry.key));
        }
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(b.2)));
    let mut keys: Vec<String> = Vec::new();
    for (_, _, key) in scored {
        if !keys.iter().any(|k| k == key) {
            keys.push(key.to_string());
        }
        if keys.len() == 5 {
            break;
        }
    }
    keys
}

/// The fewest edits that turn `word` into some substring of `hay` (Sellers' algorithm).
fn substring_distance(word: &[char], hay: &str) -> usize {
    let mut previous: Vec<usize> = (0..=word.len()).collect();
    let mut best = previous[word.len()];
    for h in hay.chars() {
        let mut current = vec![0; word.len() + 1];
        for (i, &w) in word.iter().enumerate() {
            current[i + 1] = (previous[i] + usize::from(w != h))
                .min(previous[i + 1] + 1)
                .min(current[i] + 1);
        }
        best = best.min(current[word.len()]);
        previous = current;
    }
    best
}

// ---------------------------------------------------------------------------------------------
// Regions

/// How a model can be called from one region.
struct Call<'a> {
    /// `regional_availability[region].inference_types_supported`; `None` when the catalogue has no
    /// `regional_availability` (an older one) and only lists the region.
    types: Option<Vec<&'a str>>,
    lifecycle: Option<&'a str>,
    /// Profiles whose `source_region` is this region, geo before global, then by id.
    profiles: Vec<&'a Map<String, Value>>,
}

impl Call<'_> {
    fn has(&self, kind: &str) -> bool {
        self.types.as_ref().is_some_and(|t| t.contains(&kind))
    }
}

/// Every region the model can be called from (listed there by ListFoundationModels, or a source
/// region of one of its inference profiles), sorted.
fn call_regions(model: &Map<String, Value>) -> BTreeMap<String, Call<'_>> {
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

fn is_global(profile: &Map<String, Value>) -> bool {
    str_field(profile, "profile_id").is_some_and(|id| id.starts_with("global."))
        || routes_globally(profile)
}

fn routes_globally(profile: &Map<String, Value>) -> bool {
    profile.get("routes_globally").and_then(Value::as_bool) == Some(true)
}

/// The ids under the key that the API lists with `kind` in `region` (from `model_variants`).
fn variant_ids<'a>(model: &'a Map<String, Value>, region: &str, kind: &str) -> Vec<&'a str> {
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

const LABEL: usize = 16;

fn labelled(label: &str, text: &str) -> String {
    format!("  {label:<LABEL$}{text}")
}

fn region_block(entry: &Entry<'_>, region: &str, call: &Call<'_>) -> Vec<String> {
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
fn known_regions(catalog: &Value, entries: &[Entry<'_>]) -> BTreeSet<String> {
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
fn status_note(catalog: &Value, region: &str) -> Vec<String> {
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

const ROUTE_ORDER: [&str; 10] = [
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

const DIMENSION_ORDER: [&str; 5] = [
    "input_tokens",
    "output_tokens",
    "cache_read_input_tokens",
    "cache_write_input_tokens",
    "cache_write_1h_input_tokens",
];

const QUOTA_ROUTE_ORDER: [&str; 6] = [
    "on_demand",
    "on_demand_latency_optimized",
    "cross_region",
    "global_cross_region",
    "batch",
    "provisioned_throughput",
];

fn rank<'a>(order: &[&str], name: &'a str) -> (usize, &'a str) {
    (
        order.iter().position(|o| *o == name).unwrap_or(order.len()),
        name,
    )
}

fn price_route_rank(route: &str) -> (usize, &str) {
    match ROUTE_ORDER.iter().position(|o| *o == route) {
        Some(at) => (at, route),
        None if route.starts_with("reserved_") => (ROUTE_ORDER.len(), route),
        None if route.starts_with("mantle_") => (ROUTE_ORDER.len() + 1, route),
        None => (ROUTE_ORDER.len() + 2, route),
    }
}

/// The token dimensions in their usual order, then their long-context prices, then the others.
fn dimension_rank(dimension: &str) -> (bool, usize, &str) {
    let base = dimension.strip_suffix("_long_context");
    let (at, _) = rank(&DIMENSION_ORDER, base.unwrap_or(dimension));
    (base.is_some(), at, dimension)
}

/// Sort order of a price row: route, then dimension.
type PriceOrder<'a> = ((usize, &'a str), (bool, usize, &'a str));

/// Sort order of a quota row: route, metric, variant, quota code.
type QuotaOrder<'a> = ((usize, &'a str), &'a str, &'a str, &'a str);

fn prices(model: &Map<String, Value>, region: &str) -> Vec<String> {
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

fn quotas(model: &Map<String, Value>, region: &str) -> Vec<String> {
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

fn token_limits(model: &Map<String, Value>) -> Vec<String> {
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
fn table(header: &[&str], rows: Vec<Vec<String>>, right: &[usize]) -> Vec<String> {
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
fn format_price(usd: f64) -> String {
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
fn format_number(value: Option<&Value>) -> String {
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

fn group(n: i64) -> String {
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

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

fn header(entry: &Entry<'_>) -> Vec<String> {
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// A small catalogue in the real layout: Nova Pro on demand in us-east-1, through geo and
    /// global profiles only in eu-central-1, provisioned only in ap-southeast-3, with prices,
    /// quotas and token specs; Claude Sonnet 4.5 through profiles only, with no prices or quotas
    /// fields at all (as with prices switched off); Claude Sonnet 4 and Claude 3 Haiku bare.
    fn catalog() -> Value {
        json!({
            "metadata": {
                "schema_version": 1,
                "regions_requested": ["ap-southeast-3", "eu-central-1", "eu-central-2", "us-east-1", "us-west-2"],
                "regions_not_opted_in": ["eu-central-2"],
                "region_status": {
                    "eu-central-2": {
                        "list_foundation_models": {"status": "not_opted_in", "pages": 0},
                        "list_inference_profiles": {"status": "not_opted_in", "pages": 0}
                    },
                    "us-west-2": {
                        "list_foundation_models": {"status": "ok", "items": 2, "pages": 1},
                        "list_inference_profiles": {"status": "access_denied", "pages": 0,
                            "hint": "bedrock:ListInferenceProfiles"}
                    }
                }
            },
            "providers": {
                "Amazon": {"models": {
                    "amazon.nova-pro-v1": {
                        "model_id": "amazon.nova-pro-v1",
                        "model_name": "Nova Pro",
                        "model_provider": "Amazon",
                        "model_lifecycle": {"status": "ACTIVE", "release_date": ""},
                        "invocable_model_id": "amazon.nova-pro-v1:0",
                        "model_variants": {
                            "amazon.nova-pro-v1:0": {"regions": {
                                "eu-central-1": {"inference_types_supported": ["INFERENCE_PROFILE"]},
                                "us-east-1": {"inference_types_supported": ["INFERENCE_PROFILE", "ON_DEMAND"]}
                            }},
                            "amazon.nova-pro-v1:0:300k": {"regions": {
                                "ap-southeast-3": {"inference_types_supported": ["PROVISIONED"]},
                                "us-east-1": {"inference_types_supported": ["PROVISIONED"]}
                            }}
                        },
                        "regional_availability": {
                            "ap-southeast-3": {"inference_types_supported": ["PROVISIONED"],
                                "lifecycle_status": "ACTIVE", "model_ids": ["amazon.nova-pro-v1:0:300k"]},
                            "eu-central-1": {"inference_types_supported": ["INFERENCE_PROFILE"],
                                "lifecycle_status": "ACTIVE", "model_ids": ["amazon.nova-pro-v1:0"]},
                            "us-east-1": {"inference_types_supported": ["INFERENCE_PROFILE", "ON_DEMAND", "PROVISIONED"],
                                "lifecycle_status": "ACTIVE",
                                "model_ids": ["amazon.nova-pro-v1:0", "amazon.nova-pro-v1:0:300k"]}
                        },
                        "cross_region_inference": {"supported": true, "profiles": [
                            {"profile_id": "eu.amazon.nova-pro-v1:0", "source_region": "eu-central-1",
                                "status": "ACTIVE", "destination_regions": ["eu-central-1", "eu-west-1", "eu-west-3"],
                                "routes_globally": false},
                            {"profile_id": "global.amazon.nova-pro-v1:0", "source_region": "eu-central-1",
                                "status": "ACTIVE", "destination_regions": ["eu-central-1"], "routes_globally": true},
                            {"profile_id": "us.amazon.nova-pro-v1:0", "source_region": "us-east-1",
                                "status": "ACTIVE", "destination_regions": ["us-east-1", "us-east-2", "us-west-2"],
                                "routes_globally": false}
                        ]},
                        "model_pricing": {"is_pricing_available": true, "regions": {
                            "eu-central-1": {
                                "batch": {"input_tokens": {"price_usd": 0.525, "unit": "1M tokens"}},
                                "on_demand_global": {"input_tokens": {"price_usd": 1.0, "unit": "1M tokens"}},
                                "on_demand": {
                                    "output_tokens": {"price_usd": 4.2, "unit": "1M tokens"},
                                    "input_tokens": {"price_usd": 1.05, "unit": "1M tokens"}
                                }
                            },
                            "us-east-1": {
                                "on_demand": {
                                    "input_tokens": {"price_usd": 0.8, "unit": "1M tokens"},
                                    "output_tokens": {"price_usd": 3.2, "unit": "1M tokens"}
                                },
                                "batch": {
                                    "input_tokens": {"price_usd": 0.4, "unit": "1M tokens"},
                                    "output_tokens": {"price_usd": 1.6, "unit": "1M tokens"}
                                }
                            }
                        }},
                        "model_service_quotas": {
                            "eu-central-1": [
                                {"quota_code": "L-3", "route": "global_cross_region", "metric": "tokens_per_minute",
                                    "applied_value": 8000000.0, "default_value": 8000000.0, "model_variant": null},
                                {"quota_code": "L-2", "route": "cross_region", "metric": "tokens_per_minute",
                                    "applied_value": 4000000.0, "default_value": 4000000.0, "model_variant": null}
                            ],
                            "us-east-1": [
                                {"quota_code": "L-5", "route": "provisioned_throughput",
                                    "metric": "model_units_per_provisioned_model",
                                    "applied_value": 0.0, "default_value": 0.0, "model_variant": "300k"},
                                {"quota_code": "L-4", "route": "cross_region", "metric": "requests_per_minute",
                                    "applied_value": null, "default_value": 200.0, "model_variant": null},
                                {"quota_code": "L-1", "route": "on_demand", "metric": "tokens_per_minute",
                                    "applied_value": 2000000.0, "default_value": 1000000.0, "model_variant": null}
                            ]
                        },
                        "converse_data": {"context_window": 300000, "max_output_tokens": 5000},
                        "token_specs": {
                            "context_window": 300000, "max_output_tokens": 5000,
                            "context_window_source": "corrected", "max_output_tokens_source": "corrected",
                            "context_variants": [{"variant_id": "amazon.nova-pro-v1:0:300k", "suffix": "300k",
                                "nominal_context_tokens": 300000}]
                        }
                    }
                }},
                "Anthropic": {"models": {
                    "anthropic.claude-3-haiku-20240307-v1": {
                        "model_name": "Claude 3 Haiku",
                        "model_provider": "Anthropic",
                        "invocable_model_id": "anthropic.claude-3-haiku-20240307-v1:0",
                        "model_variants": {
                            "anthropic.claude-3-haiku-20240307-v1:0": {"regions": {}},
                            "anthropic.claude-3-haiku-20240307-v1:0:200k": {"regions": {}}
                        },
                        "regional_availability": {
                            "us-west-2": {"inference_types_supported": ["ON_DEMAND"], "lifecycle_status": "LEGACY",
                                "model_ids": ["anthropic.claude-3-haiku-20240307-v1:0"]}
                        }
                    },
                    "anthropic.claude-sonnet-4-20250514-v1": {
                        "model_name": "Claude Sonnet 4",
                        "model_provider": "Anthropic",
                        "invocable_model_id": "anthropic.claude-sonnet-4-20250514-v1:0",
                        "regional_availability": {
                            "us-east-1": {"inference_types_supported": ["ON_DEMAND"], "lifecycle_status": "ACTIVE",
                                "model_ids": ["anthropic.claude-sonnet-4-20250514-v1:0"]}
                        }
                    },
                    "anthropic.claude-sonnet-4-5-20250929-v1": {
                        "model_name": "Claude Sonnet 4.5",
                        "model_provider": "Anthropic",
                        "invocable_model_id": "anthropic.claude-sonnet-4-5-20250929-v1:0",
                        "regional_availability": {
                            "us-east-1": {"inference_types_supported": ["INFERENCE_PROFILE"], "lifecycle_status": "ACTIVE",
                                "model_ids": ["anthropic.claude-sonnet-4-5-20250929-v1:0"]}
                        },
                        "cross_region_inference": {"supported": true, "profiles": [
                            {"profile_id": "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "source_region": "us-east-1",
                                "destination_regions": ["us-east-1", "us-east-2", "us-west-2"], "routes_globally": false},
                            {"profile_id": "global.anthropic.claude-sonnet-4-5-20250929-v1:0", "source_region": "us-east-1",
                                "destination_regions": ["us-east-1"], "routes_globally": true}
                        ]},
                        "model_pricing": null,
                        "converse_data": {"context_window": 200000, "max_output_tokens": "N/A"}
                    }
                }}
            }
        })
    }

    fn lines(text: &str) -> Vec<&str> {
        text.lines().collect()
    }

    fn first_line(query: &str) -> String {
        let out = show(&catalog(), query, None).unwrap();
        out.lines().next().unwrap().to_string()
    }

    #[test]
    fn on_demand_region_with_prices_quotas_and_token_limits() {
        let out = show(&catalog(), "amazon.nova-pro-v1", Some("us-east-1")).unwrap();
        assert_eq!(
            lines(&out),
            [
                "Nova Pro (Amazon)",
                "key:           amazon.nova-pro-v1",
                "invocable id:  amazon.nova-pro-v1:0",
                "lifecycle:     ACTIVE",
                "",
                "us-east-1: on demand in the region",
                "  on demand       amazon.nova-pro-v1:0",
                "  geo profile     us.amazon.nova-pro-v1:0 -> us-east-1, us-east-2, us-west-2",
                "  provisioned     amazon.nova-pro-v1:0:300k",
                "",
                "Prices in us-east-1 (USD):",
                "  route      dimension      price  per",
                "  on_demand  input_tokens    0.80  1M tokens",
                "  on_demand  output_tokens   3.20  1M tokens",
                "  batch      input_tokens    0.40  1M tokens",
                "  batch      output_tokens   1.60  1M tokens",
                "",
                "Quotas in us-east-1:",
                "  route                   metric                               applied    default  variant",
                "  on_demand               tokens_per_minute                  2,000,000  1,000,000",
                "  cross_region            requests_per_minute                        -        200",
                "  provisioned_throughput  model_units_per_provisioned_model          0          0  300k",
                "",
                "Token limits:",
                "  context window     300,000 (corrected)",
                "  max output tokens  5,000 (corrected)",
                "  context variants   amazon.nova-pro-v1:0:300k (300,000)",
            ]
        );
        assert!(out.ends_with(")\n"));
    }

    #[test]
    fn profile_only_region_lists_geo_and_global_profiles() {
        let out = show(&catalog(), "amazon.nova-pro-v1", Some("eu-central-1")).unwrap();
        assert_eq!(
            lines(&out)[5..],
            [
                "eu-central-1: through an inference profile only (not on demand in this region)",
                "  geo profile     eu.amazon.nova-pro-v1:0 -> eu-central-1, eu-west-1, eu-west-3",
                "  global profile  global.amazon.nova-pro-v1:0 -> any commercial region (routes globally; listed: eu-central-1)",
                "",
                "Prices in eu-central-1 (USD):",
                "  route             dimension      price  per",
                "  on_demand         input_tokens   1.050  1M tokens",
                "  on_demand         output_tokens  4.200  1M tokens",
                "  on_demand_global  input_tokens   1.000  1M tokens",
                "  batch             input_tokens   0.525  1M tokens",
                "",
                "Quotas in eu-central-1:",
                "  route                metric               applied    default  variant",
                "  cross_region         tokens_per_minute  4,000,000  4,000,000",
                "  global_cross_region  tokens_per_minute  8,000,000  8,000,000",
                "",
                "Token limits:",
                "  context window     300,000 (corrected)",
                "  max output tokens  5,000 (corrected)",
                "  context variants   amazon.nova-pro-v1:0:300k (300,000)",
            ]
        );
    }

    #[test]
    fn provisioned_only_region_says_so_and_has_no_prices_there() {
        let out = show(&catalog(), "nova pro", Some("ap-southeast-3")).unwrap();
        assert_eq!(
            lines(&out)[5..11],
            [
                "ap-southeast-3: provisioned throughput only",
                "  provisioned     amazon.nova-pro-v1:0:300k",
                "",
                "Prices in ap-southeast-3: none in the catalogue (priced in eu-central-1, us-east-1).",
                "",
                "Quotas in ap-southeast-3: none assigned to this model.",
            ]
        );
    }

    #[test]
    fn every_region_when_no_region_is_given() {
        let out = show(&catalog(), "Nova Pro", None).unwrap();
        assert_eq!(
            lines(&out)[4..],
            [
                "",
                "Where to call it from (3 regions):",
                "ap-southeast-3: provisioned throughput only",
                "  provisioned     amazon.nova-pro-v1:0:300k",
                "eu-central-1: through an inference profile only (not on demand in this region)",
                "  geo profile     eu.amazon.nova-pro-v1:0 -> eu-central-1, eu-west-1, eu-west-3",
                "  global profile  global.amazon.nova-pro-v1:0 -> any commercial region (routes globally; listed: eu-central-1)",
                "us-east-1: on demand in the region",
                "  on demand       amazon.nova-pro-v1:0",
                "  geo profile     us.amazon.nova-pro-v1:0 -> us-east-1, us-east-2, us-west-2",
                "  provisioned     amazon.nova-pro-v1:0:300k",
                "",
                "Prices and quotas are per region: add --region REGION.",
                "",
                "Token limits:",
                "  context window     300,000 (corrected)",
                "  max output tokens  5,000 (corrected)",
                "  context variants   amazon.nova-pro-v1:0:300k (300,000)",
            ]
        );
    }

    #[test]
    fn region_where_the_model_is_not_callable_says_where_it_is() {
        let out = show(&catalog(), "amazon.nova-pro-v1", Some("us-west-2")).unwrap();
        assert_eq!(
            lines(&out)[4..8],
            [
                "",
                "Not callable from us-west-2: Nova Pro is not listed there and no inference profile can be called from there.",
                "Note: the catalogue's answer for us-west-2 is incomplete (list_inference_profiles access_denied).",
                "Callable from 3 regions: ap-southeast-3, eu-central-1, us-east-1",
            ]
        );
        let out = show(&catalog(), "amazon.nova-pro-v1", Some("eu-central-2")).unwrap();
        assert_eq!(
            lines(&out)[5..8],
            [
                "Not callable from eu-central-2: Nova Pro is not listed there and no inference profile can be called from there.",
                "Note: the account that made this catalogue has not enabled eu-central-2 (not_opted_in), so the catalogue cannot say what is offered there.",
                "Callable from 3 regions: ap-southeast-3, eu-central-1, us-east-1",
            ]
        );
    }

    #[test]
    fn missing_prices_quotas_and_token_specs_are_skipped() {
        let out = show(&catalog(), "claude sonnet 4.5", Some("us-east-1")).unwrap();
        assert_eq!(
            lines(&out),
            [
                "Claude Sonnet 4.5 (Anthropic)",
                "key:           anthropic.claude-sonnet-4-5-20250929-v1",
                "invocable id:  anthropic.claude-sonnet-4-5-20250929-v1:0",
                "",
                "us-east-1: through an inference profile only (not on demand in this region)",
                "  geo profile     us.anthropic.claude-sonnet-4-5-20250929-v1:0 -> us-east-1, us-east-2, us-west-2",
                "  global profile  global.anthropic.claude-sonnet-4-5-20250929-v1:0 -> any commercial region (routes globally; listed: us-east-1)",
                "",
                "Token limits:",
                "  context window     200,000",
                "  max output tokens  unknown",
            ]
        );
        let out = show(&catalog(), "claude sonnet 4", Some("us-east-1")).unwrap();
        assert_eq!(
            lines(&out),
            [
                "Claude Sonnet 4 (Anthropic)",
                "key:           anthropic.claude-sonnet-4-20250514-v1",
                "invocable id:  anthropic.claude-sonnet-4-20250514-v1:0",
                "",
                "us-east-1: on demand in the region",
                "  on demand       anthropic.claude-sonnet-4-20250514-v1:0",
            ]
        );
    }

    #[test]
    fn legacy_region_is_marked() {
        let out = show(&catalog(), "claude 3 haiku", Some("us-west-2")).unwrap();
        assert_eq!(
            lines(&out)[4..],
            [
                "us-west-2: on demand in the region [LEGACY]",
                "  on demand       anthropic.claude-3-haiku-20240307-v1:0",
                "Note: the catalogue's answer for us-west-2 is incomplete (list_inference_profiles access_denied).",
            ]
        );
    }

    #[test]
    fn resolves_exact_key_ids_profiles_and_arns() {
        for query in [
            "amazon.nova-pro-v1",
            "AMAZON.NOVA-PRO-V1",
            "amazon.nova-pro-v1:0",
            "amazon.nova-pro-v1:0:300k",
            "us.amazon.nova-pro-v1:0",
            "global.amazon.nova-pro-v1:0",
            "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0",
            "arn:aws:bedrock:eu-central-1:123456789012:inference-profile/eu.amazon.nova-pro-v1:0",
        ] {
            assert_eq!(first_line(query), "Nova Pro (Amazon)", "{query}");
        }
        assert_eq!(
            first_line("anthropic.claude-3-haiku-20240307-v1:0:200k"),
            "Claude 3 Haiku (Anthropic)"
        );
        assert_eq!(
            first_line("us.anthropic.claude-sonnet-4-5-20250929-v1:0"),
            "Claude Sonnet 4.5 (Anthropic)"
        );
    }

    #[test]
    fn exact_name_wins_over_a_fragment_that_matches_more() {
        // "claude sonnet 4" is also a fragment of Claude Sonnet 4.5.
        assert_eq!(first_line("claude sonnet 4"), "Claude Sonnet 4 (Anthropic)");
        assert_eq!(
            first_line("  CLAUDE Sonnet 4 "),
            "Claude Sonnet 4 (Anthropic)"
        );
    }

    #[test]
    fn fragments_treat_dots_dashes_and_spaces_alike() {
        for query in [
            "sonnet 4.5",
            "sonnet-4-5",
            "Sonnet 4-5",
            "4.5 SONNET",
            "claude_sonnet_4.5",
        ] {
            assert_eq!(
                first_line(query),
                "Claude Sonnet 4.5 (Anthropic)",
                "{query}"
            );
        }
        assert_eq!(first_line("nova"), "Nova Pro (Amazon)");
        assert_eq!(first_line("haiku 20240307"), "Claude 3 Haiku (Anthropic)");
    }

    #[test]
    fn ambiguous_fragment_lists_the_candidates_sorted() {
        let err = show(&catalog(), "sonnet", None).unwrap_err();
        assert_eq!(
            err,
            ShowError::Ambiguous {
                query: "sonnet".to_string(),
                candidates: vec![
                    (
                        "anthropic.claude-sonnet-4-20250514-v1".to_string(),
                        "Claude Sonnet 4".to_string()
                    ),
                    (
                        "anthropic.claude-sonnet-4-5-20250929-v1".to_string(),
                        "Claude Sonnet 4.5".to_string()
                    ),
                ],
            }
        );
        assert_eq!(
            err.to_string(),
            "`sonnet` matches 2 models; give one of these keys, or more of its name:\n\
             \x20 anthropic.claude-sonnet-4-20250514-v1    Claude Sonnet 4\n\
             \x20 anthropic.claude-sonnet-4-5-20250929-v1  Claude Sonnet 4.5"
        );
    }

    #[test]
    fn not_found_suggests_close_keys() {
        let err = show(&catalog(), "sonet 4.5", None).unwrap_err();
        let ShowError::NotFound { suggestions, .. } = &err else {
            panic!("{err:?}");
        };
        assert_eq!(suggestions[0], "anthropic.claude-sonnet-4-5-20250929-v1");
        assert!(suggestions.len() <= 5);
        assert_eq!(
            show(&catalog(), "haiku 3.5", None).unwrap_err(),
            ShowError::NotFound {
                query: "haiku 3.5".to_string(),
                // Haiku has both words (one with a typo), Sonnet 4.5 only "3.5" with a typo.
                suggestions: vec![
                    "anthropic.claude-3-haiku-20240307-v1".to_string(),
                    "anthropic.claude-sonnet-4-5-20250929-v1".to_string()
                ],
            }
        );
        let err = show(&catalog(), "zzzz", None).unwrap_err();
        assert_eq!(
            err,
            ShowError::NotFound {
                query: "zzzz".to_string(),
                suggestions: vec![],
            }
        );
        assert_eq!(err.to_string(), "no model in the catalogue matches `zzzz`");
        assert_eq!(
            ShowError::NotFound {
                query: "x".to_string(),
                suggestions: vec!["a".to_string(), "b".to_string()],
            }
            .to_string(),
            "no model in the catalogue matches `x`; close ones: a, b"
        );
        assert!(matches!(
            show(&catalog(), "  ", None),
            Err(ShowError::NotFound { .. })
        ));
    }

    #[test]
    fn unknown_region_is_an_error_naming_the_known_ones() {
        let err = show(&catalog(), "nova pro", Some("mars-east-1")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "region `mars-east-1` is not in the catalogue, which covers ap-southeast-3, eu-central-1, eu-central-2, us-east-1, us-west-2"
        );
        // Case and surrounding spaces do not matter.
        assert!(show(&catalog(), "nova pro", Some(" US-EAST-1 ")).is_ok());
    }

    #[test]
    fn older_catalogue_without_per_region_fields() {
        let old = json!({"providers": {"Meta": {"models": {"meta.llama3-8b-instruct-v1": {
            "model_name": "Llama 3 8B Instruct",
            "regions_available": ["us-east-1", "us-west-2"],
            "model_pricing": {"is_pricing_available": false},
            "model_service_quotas": {}
        }}}}});
        let out = show(&old, "llama", Some("us-west-2")).unwrap();
        assert_eq!(
            lines(&out),
            [
                "Llama 3 8B Instruct (Meta)",
                "key:           meta.llama3-8b-instruct-v1",
                "invocable id:  meta.llama3-8b-instruct-v1",
                "",
                "us-west-2: listed (this catalogue does not say how it can be called per region)",
                "",
                "Quotas in us-west-2: none assigned to this model.",
            ]
        );
    }

    #[test]
    fn malformed_catalogue_is_bad_catalog() {
        assert_eq!(
            show(&json!({"metadata": {}}), "x", None)
                .unwrap_err()
                .to_string(),
            "the catalogue is not usable: it has no `providers` object"
        );
        assert_eq!(
            show(&json!({"providers": {"A": {}}}), "x", None).unwrap_err(),
            ShowError::BadCatalog("provider `A` has no `models` object".to_string())
        );
        assert_eq!(
            show(
                &json!({"providers": {"A": {"models": {"a.b": 3}}}}),
                "x",
                None
            )
            .unwrap_err(),
            ShowError::BadCatalog("model `a.b` is not an object".to_string())
        );
        // Wrong types inside a model are skipped, never a panic.
        let odd = json!({"providers": {"A": {"models": {"a.b-v1": {
            "model_name": 7, "regional_availability": {"us-east-1": 1},
            "cross_region_inference": {"profiles": [3, {"source_region": "us-east-1"}]},
            "model_pricing": {"regions": {"us-east-1": {"on_demand": 2, "batch": {"input_tokens": {}}}}},
            "model_service_quotas": {"us-east-1": [1, {}]},
            "token_specs": {"context_window": "x", "context_variants": [1]}
        }}}}});
        let out = show(&odd, "a.b-v1", Some("us-east-1")).unwrap();
        assert!(out.starts_with("a.b-v1 (A)\n"), "{out}");
    }

    #[test]
    fn numbers_and_prices_are_formatted_for_reading() {
        assert_eq!(format_number(Some(&json!(1234567.0))), "1,234,567");
        assert_eq!(format_number(Some(&json!(-1000))), "-1,000");
        assert_eq!(format_number(Some(&json!(999))), "999");
        assert_eq!(format_number(Some(&json!(0.5))), "0.5");
        assert_eq!(format_number(Some(&json!("N/A"))), "N/A");
        assert_eq!(format_number(None), "-");
        assert_eq!(format_price(0.8), "0.80");
        assert_eq!(format_price(0.525), "0.525");
        assert_eq!(format_price(0.00048), "0.00048");
        assert_eq!(format_price(15.0), "15.00");
    }
}
