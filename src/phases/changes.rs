//! The change log: typed events between the previous catalogue and the new one.
//!
//! Both catalogues are read as JSON values, so an older catalogue (or one written by another
//! version of the tool) compares as long as it keeps the sample's layout.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

/// What kind of change an event reports. Names are the `--fail-on` vocabulary.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    ModelAdded,
    ModelRemoved,
    RegionAdded,
    RegionRemoved,
    InferenceTypesChanged,
    LifecycleChanged,
    ProfileAdded,
    ProfileRemoved,
    ProfileDestinationsChanged,
    PriceChanged,
    TokenLimitChanged,
    QuotaChanged,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 12] = [
        ChangeKind::ModelAdded,
        ChangeKind::ModelRemoved,
        ChangeKind::RegionAdded,
        ChangeKind::RegionRemoved,
        ChangeKind::InferenceTypesChanged,
        ChangeKind::LifecycleChanged,
        ChangeKind::ProfileAdded,
        ChangeKind::ProfileRemoved,
        ChangeKind::ProfileDestinationsChanged,
        ChangeKind::PriceChanged,
        ChangeKind::TokenLimitChanged,
        ChangeKind::QuotaChanged,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::ModelAdded => "model-added",
            ChangeKind::ModelRemoved => "model-removed",
            ChangeKind::RegionAdded => "region-added",
            ChangeKind::RegionRemoved => "region-removed",
            ChangeKind::InferenceTypesChanged => "inference-types-changed",
            ChangeKind::LifecycleChanged => "lifecycle-changed",
            ChangeKind::ProfileAdded => "profile-added",
            ChangeKind::ProfileRemoved => "profile-removed",
            ChangeKind::ProfileDestinationsChanged => "profile-destinations-changed",
            ChangeKind::PriceChanged => "price-changed",
            ChangeKind::TokenLimitChanged => "token-limit-changed",
            ChangeKind::QuotaChanged => "quota-changed",
        }
    }

    pub fn parse(name: &str) -> Option<ChangeKind> {
        ChangeKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// One change between the previous catalogue and the new one. Only the fields that locate the
/// change are set; `old` and `new` hold the values that differ.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct ChangeEvent {
    pub kind: ChangeKind,
    /// Model key.
    pub model: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimension: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quota_code: Option<String>,
    /// Which value changed, where a model or quota has several (`context_window`, `applied_value`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
}

impl ChangeEvent {
    fn new(kind: ChangeKind, model: &str) -> ChangeEvent {
        ChangeEvent {
            kind,
            model: model.to_string(),
            region: None,
            profile: None,
            route: None,
            dimension: None,
            quota_code: None,
            field: None,
            old: None,
            new: None,
        }
    }

    fn region(mut self, r: &str) -> Self {
        self.region = Some(r.to_string());
        self
    }

    fn values(mut self, old: Option<&Value>, new: Option<&Value>) -> Self {
        self.old = old.filter(|v| !v.is_null()).cloned();
        self.new = new.filter(|v| !v.is_null()).cloned();
        self
    }

    /// One line for logs and summaries.
    pub fn describe(&self) -> String {
        let mut where_ = vec![self.model.clone()];
        for part in [
            &self.region,
            &self.profile,
            &self.route,
            &self.dimension,
            &self.quota_code,
            &self.field,
        ]
        .into_iter()
        .flatten()
        {
            where_.push(part.clone());
        }
        let show = |v: &Option<Value>| match v {
            Some(Value::String(s)) => s.clone(),
            Some(v) => v.to_string(),
            None => "none".to_string(),
        };
        match (&self.old, &self.new) {
            (None, None) => format!("{}: {}", self.kind.name(), where_.join(" / ")),
            _ => format!(
                "{}: {}: {} -> {}",
                self.kind.name(),
                where_.join(" / "),
                show(&self.old),
                show(&self.new)
            ),
        }
    }
}

/// Whether two values differ, comparing numbers by value (`800000` and `800000.0` are the same:
/// a catalogue rewritten by another tool may change how a number is written).
fn differ(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => x.as_f64() != y.as_f64(),
        _ => a != b,
    }
}

/// Every model of a catalogue by key (across providers).
fn models(catalog: &Value) -> BTreeMap<&str, &Value> {
    catalog
        .get("providers")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|p| p.values())
        .filter_map(|p| p.get("models").and_then(Value::as_object))
        .flat_map(|m| m.iter().map(|(k, v)| (k.as_str(), v)))
        .collect()
}

fn strings(v: Option<&Value>) -> BTreeSet<String> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect()
}

fn object(v: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    v.and_then(Value::as_object).into_iter().flatten()
}

/// The typed events that turn `previous` into `current`, in a deterministic order (by kind, then
/// model, region and the rest). Fields an older catalogue lacks are not compared.
pub fn diff(previous: &Value, current: &Value) -> Vec<ChangeEvent> {
    let (old, new) = (models(previous), models(current));
    let mut events = Vec::new();
    for (key, m) in &new {
        if !old.contains_key(key) {
            let mut e = ChangeEvent::new(ChangeKind::ModelAdded, key);
            e.new = m.get("model_name").cloned();
            events.push(e);
        }
    }
    for (key, m) in &old {
        if !new.contains_key(key) {
            let mut e = ChangeEvent::new(ChangeKind::ModelRemoved, key);
            e.old = m.get("model_name").cloned();
            events.push(e);
        }
    }
    for (key, before) in &old {
        if let Some(after) = new.get(key) {
            model_changes(key, before, after, &mut events);
        }
    }
    events.sort_by(|a, b| {
        (
            a.kind,
            &a.model,
            &a.region,
            &a.profile,
            &a.route,
            &a.dimension,
            &a.quota_code,
            &a.field,
        )
            .cmp(&(
                b.kind,
                &b.model,
                &b.region,
                &b.profile,
                &b.route,
                &b.dimension,
                &b.quota_code,
                &b.field,
            ))
    });
    events
}

fn model_changes(key: &str, before: &Value, after: &Value, events: &mut Vec<ChangeEvent>) {
    // Regions.
    let (r0, r1) = (
        strings(before.get("regions_available")),
        strings(after.get("regions_available")),
    );
    for r in r1.difference(&r0) {
        events.push(ChangeEvent::new(ChangeKind::RegionAdded, key).region(r));
    }
    for r in r0.difference(&r1) {
        events.push(ChangeEvent::new(ChangeKind::RegionRemoved, key).region(r));
    }

    // Lifecycle, for the model and per region; inference types per region.
    let status = |m: &Value| m.pointer("/model_lifecycle/status").cloned();
    if let (Some(a), Some(b)) = (status(before), status(after))
        && a != b
    {
        events.push(ChangeEvent::new(ChangeKind::LifecycleChanged, key).values(Some(&a), Some(&b)));
    }
    let (ra0, ra1) = (
        before.get("regional_availability"),
        after.get("regional_availability"),
    );
    for (region, a) in object(ra0) {
        let Some(b) = ra1.and_then(|r| r.get(region)) else {
            continue;
        };
        let (t0, t1) = (
            a.get("inference_types_supported"),
            b.get("inference_types_supported"),
        );
        if t0 != t1 {
            events.push(
                ChangeEvent::new(ChangeKind::InferenceTypesChanged, key)
                    .region(region)
                    .values(t0, t1),
            );
        }
        let (l0, l1) = (a.get("lifecycle_status"), b.get("lifecycle_status"));
        if l0 != l1 {
            events.push(
                ChangeEvent::new(ChangeKind::LifecycleChanged, key)
                    .region(region)
                    .values(l0, l1),
            );
        }
    }

    profile_changes(key, before, after, events);
    price_changes(key, before, after, events);

    // Token limits.
    for field in ["context_window", "max_output_tokens"] {
        let p = format!("/converse_data/{field}");
        let (a, b) = (before.pointer(&p), after.pointer(&p));
        if a.is_some() && b.is_some() && differ(a, b) {
            let mut e = ChangeEvent::new(ChangeKind::TokenLimitChanged, key).values(a, b);
            e.field = Some(field.to_string());
            events.push(e);
        }
    }

    quota_changes(key, before, after, events);
}

/// (profile id, source region) -> destination regions.
fn profiles(m: &Value) -> BTreeMap<(String, String), Option<&Value>> {
    m.pointer("/cross_region_inference/profiles")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|p| {
            let id = p.get("profile_id")?.as_str()?.to_string();
            let source = p.get("source_region")?.as_str()?.to_string();
            Some(((id, source), p.get("destination_regions")))
        })
        .collect()
}

fn profile_changes(key: &str, before: &Value, after: &Value, events: &mut Vec<ChangeEvent>) {
    let (p0, p1) = (profiles(before), profiles(after));
    let ids = |p: &BTreeMap<(String, String), _>| -> BTreeSet<String> {
        p.keys().map(|(id, _)| id.clone()).collect()
    };
    let (i0, i1) = (ids(&p0), ids(&p1));
    for id in i1.difference(&i0) {
        let mut e = ChangeEvent::new(ChangeKind::ProfileAdded, key);
        e.profile = Some(id.clone());
        events.push(e);
    }
    for id in i0.difference(&i1) {
        let mut e = ChangeEvent::new(ChangeKind::ProfileRemoved, key);
        e.profile = Some(id.clone());
        events.push(e);
    }
    for ((id, source), d0) in &p0 {
        if let Some(d1) = p1.get(&(id.clone(), source.clone()))
            && d0.is_some()
            && d1.is_some()
            && d0 != d1
        {
            let mut e = ChangeEvent::new(ChangeKind::ProfileDestinationsChanged, key)
                .region(source)
                .values(*d0, *d1);
            e.profile = Some(id.clone());
            events.push(e);
        }
    }
}

/// (region, route, dimension) -> price in USD.
fn prices(m: &Value) -> BTreeMap<(String, String, String), &Value> {
    let mut out = BTreeMap::new();
    for (region, routes) in object(m.pointer("/model_pricing/regions")) {
        for (route, dims) in object(Some(routes)) {
            for (dim, price) in object(Some(dims)) {
                if let Some(usd) = price.get("price_usd") {
                    out.insert((region.clone(), route.clone(), dim.clone()), usd);
                }
            }
        }
    }
    out
}

fn price_changes(key: &str, before: &Value, after: &Value, events: &mut Vec<ChangeEvent>) {
    // Only compare when both catalogues carry detailed prices (prices may be switched off).
    if before.pointer("/model_pricing/regions").is_none()
        || after.pointer("/model_pricing/regions").is_none()
    {
        return;
    }
    let (p0, p1) = (prices(before), prices(after));
    let slots: BTreeSet<_> = p0.keys().chain(p1.keys()).collect();
    for slot in slots {
        let (a, b) = (p0.get(slot).copied(), p1.get(slot).copied());
        if differ(a, b) {
            let (region, route, dimension) = slot;
            let mut e = ChangeEvent::new(ChangeKind::PriceChanged, key)
                .region(region)
                .values(a, b);
            e.route = Some(route.clone());
            e.dimension = Some(dimension.clone());
            events.push(e);
        }
    }
}

/// (region, quota code) -> quota object.
fn quotas(m: &Value) -> BTreeMap<(String, String), &Value> {
    let mut out = BTreeMap::new();
    for (region, list) in object(m.get("model_service_quotas")) {
        for q in list.as_array().into_iter().flatten() {
            if let Some(code) = q.get("quota_code").and_then(Value::as_str) {
                out.insert((region.clone(), code.to_string()), q);
            }
        }
    }
    out
}

fn quota_changes(key: &str, before: &Value, after: &Value, events: &mut Vec<ChangeEvent>) {
    let (q0, q1) = (quotas(before), quotas(after));
    for (slot, a) in &q0 {
        let Some(b) = q1.get(slot) else {
            continue;
        };
        for field in ["default_value", "applied_value"] {
            let (x, y) = (a.get(field), b.get(field));
            if x.is_some() && y.is_some() && differ(x, y) {
                let mut e = ChangeEvent::new(ChangeKind::QuotaChanged, key)
                    .region(&slot.0)
                    .values(x, y);
                e.quota_code = Some(slot.1.clone());
                e.field = Some(field.to_string());
                events.push(e);
            }
        }
    }
}

/// The parts of a catalogue the change log, the guard and `first_discovered_at` read. Parsing a
/// catalogue through this view skips everything else (quota descriptions, SKUs, ...), so a large
/// catalogue never becomes a full `Value` tree. Every field is optional: an older catalogue that
/// lacks one is compared on what it has.
mod view {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Serialize};
    use serde_json::Value;

    #[derive(Deserialize, Serialize)]
    pub struct Catalog {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub metadata: Option<Metadata>,
        #[serde(default)]
        pub providers: BTreeMap<String, Provider>,
    }

    #[derive(Deserialize, Serialize)]
    pub struct Metadata {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        collection_timestamp: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        total_models: Option<u64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        region_status: Option<Value>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sources: Option<Value>,
    }

    #[derive(Deserialize, Serialize, Default)]
    pub struct Provider {
        #[serde(default)]
        pub models: BTreeMap<String, Model>,
    }

    #[derive(Deserialize, Serialize)]
    pub struct Model {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        model_name: Option<Value>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        regions_available: Option<Value>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        model_lifecycle: Option<Lifecycle>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        regional_availability: Option<Value>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cross_region_inference: Option<CrossRegion>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        model_pricing: Option<Pricing>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        converse_data: Option<Converse>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        model_service_quotas: Option<BTreeMap<String, Vec<Quota>>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        collection_metadata: Option<CollectionMetadata>,
    }

    #[derive(Deserialize, Serialize)]
    struct Lifecycle {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        status: Option<Value>,
    }

    #[derive(Deserialize, Serialize)]
    struct CrossRegion {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        profiles: Option<Vec<Profile>>,
    }

    #[derive(Deserialize, Serialize)]
    struct Profile {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        profile_id: Option<Value>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        source_region: Option<Value>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        destination_regions: Option<Value>,
    }

    /// Region -> route -> dimension -> price.
    type RegionPrices = BTreeMap<String, BTreeMap<String, BTreeMap<String, Price>>>;

    #[derive(Deserialize, Serialize)]
    struct Pricing {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        regions: Option<RegionPrices>,
    }

    #[derive(Deserialize, Serialize)]
    struct Price {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        price_usd: Option<Value>,
    }

    #[derive(Deserialize, Serialize)]
    struct Converse {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        context_window: Option<Value>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_output_tokens: Option<Value>,
    }

    #[derive(Deserialize, Serialize)]
    struct Quota {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        quota_code: Option<Value>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        applied_value: Option<Value>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        default_value: Option<Value>,
    }

    #[derive(Deserialize, Serialize)]
    struct CollectionMetadata {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        first_discovered_at: Option<Value>,
    }
}

/// Parses a catalogue (a file, streamed) into the small `Value` that [`diff`] and the guard read:
/// the same layout and field names, without the fields they do not compare.
pub fn comparable_reader(reader: impl std::io::Read) -> Result<Value, serde_json::Error> {
    let v: view::Catalog = serde_json::from_reader(reader)?;
    serde_json::to_value(v)
}

/// One model's part of the comparable view, parsed from the model's JSON text. The catalogue writer
/// hands each model's text here as it writes it, on the thread that serialized it, so a run builds
/// its own view without reading the file back ([`comparable_of`]).
pub struct ComparableModel(view::Model);

pub fn comparable_model(text: &[u8]) -> std::io::Result<ComparableModel> {
    serde_json::from_slice(text)
        .map(ComparableModel)
        .map_err(std::io::Error::other)
}

/// The comparable view of `catalog`, from its models' views in catalogue order (as
/// [`comparable_model`] gave them): the same `Value` [`comparable_reader`] gives for the file
/// (tested in `output`).
pub fn comparable_of(
    catalog: &crate::catalog::Catalog,
    models: Vec<ComparableModel>,
) -> Result<Value, serde_json::Error> {
    let metadata: view::Metadata = serde_json::from_slice(&serde_json::to_vec(&catalog.metadata)?)?;
    let mut models = models.into_iter();
    let mut providers = BTreeMap::new();
    for (name, provider) in &catalog.providers {
        let mut view = view::Provider::default();
        for key in provider.models.keys() {
            let model = models.next().ok_or_else(|| {
                serde::ser::Error::custom("fewer model views than models in the catalogue")
            })?;
            view.models.insert(key.clone(), model.0);
        }
        providers.insert(name.clone(), view);
    }
    serde_json::to_value(view::Catalog {
        metadata: Some(metadata),
        providers,
    })
}

/// Number of events per kind, in kind order.
pub fn count_by_kind(events: &[ChangeEvent]) -> BTreeMap<ChangeKind, usize> {
    let mut counts = BTreeMap::new();
    for e in events {
        *counts.entry(e.kind).or_insert(0) += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn catalog(models: Value) -> Value {
        json!({"metadata": {}, "providers": {"Anthropic": {"models": models}}})
    }

    #[test]
    fn kinds_round_trip_through_their_names() {
        for k in ChangeKind::ALL {
            assert_eq!(ChangeKind::parse(k.name()), Some(k));
        }
        assert_eq!(ChangeKind::parse("model-gone"), None);
    }

    #[test]
    fn every_kind_of_change_is_reported_in_order() {
        let before = catalog(json!({
            "a.old-v1": {"model_name": "Old"},
            "a.m-v1": {
                "model_name": "M",
                "regions_available": ["eu-west-1", "us-east-1"],
                "model_lifecycle": {"status": "ACTIVE"},
                "regional_availability": {
                    "us-east-1": {"inference_types_supported": ["ON_DEMAND"], "lifecycle_status": "ACTIVE"}
                },
                "cross_region_inference": {"profiles": [
                    {"profile_id": "us.a.m-v1:0", "source_region": "us-east-1", "destination_regions": ["us-east-1", "us-west-2"]},
                    {"profile_id": "eu.a.m-v1:0", "source_region": "eu-west-1", "destination_regions": ["eu-west-1"]}
                ]},
                "model_pricing": {"regions": {"us-east-1": {"on_demand": {"input_tokens": {"price_usd": 3.0}}}}},
                "converse_data": {"context_window": 200000, "max_output_tokens": 4096},
                "model_service_quotas": {"us-east-1": [{"quota_code": "L-1", "applied_value": 100.0, "default_value": 100.0}]}
            }
        }));
        let after = catalog(json!({
            "a.new-v1": {"model_name": "New"},
            "a.m-v1": {
                "model_name": "M",
                "regions_available": ["us-east-1", "us-west-2"],
                "model_lifecycle": {"status": "LEGACY"},
                "regional_availability": {
                    "us-east-1": {"inference_types_supported": ["INFERENCE_PROFILE"], "lifecycle_status": "LEGACY"}
                },
                "cross_region_inference": {"profiles": [
                    {"profile_id": "us.a.m-v1:0", "source_region": "us-east-1", "destination_regions": ["us-east-1", "us-east-2", "us-west-2"]},
                    {"profile_id": "global.a.m-v1:0", "source_region": "us-east-1", "destination_regions": ["us-east-1"]}
                ]},
                "model_pricing": {"regions": {"us-east-1": {"on_demand": {"input_tokens": {"price_usd": 2.5}, "output_tokens": {"price_usd": 10.0}}}}},
                "converse_data": {"context_window": 200000, "max_output_tokens": 64000},
                "model_service_quotas": {"us-east-1": [{"quota_code": "L-1", "applied_value": 400.0, "default_value": 100.0}]}
            }
        }));
        let lines: Vec<String> = diff(&before, &after)
            .iter()
            .map(ChangeEvent::describe)
            .collect();
        assert_eq!(
            lines,
            [
                "model-added: a.new-v1: none -> New",
                "model-removed: a.old-v1: Old -> none",
                "region-added: a.m-v1 / us-west-2",
                "region-removed: a.m-v1 / eu-west-1",
                "inference-types-changed: a.m-v1 / us-east-1: [\"ON_DEMAND\"] -> [\"INFERENCE_PROFILE\"]",
                "lifecycle-changed: a.m-v1: ACTIVE -> LEGACY",
                "lifecycle-changed: a.m-v1 / us-east-1: ACTIVE -> LEGACY",
                "profile-added: a.m-v1 / global.a.m-v1:0",
                "profile-removed: a.m-v1 / eu.a.m-v1:0",
                "profile-destinations-changed: a.m-v1 / us-east-1 / us.a.m-v1:0: [\"us-east-1\",\"us-west-2\"] -> [\"us-east-1\",\"us-east-2\",\"us-west-2\"]",
                "price-changed: a.m-v1 / us-east-1 / on_demand / input_tokens: 3.0 -> 2.5",
                "price-changed: a.m-v1 / us-east-1 / on_demand / output_tokens: none -> 10.0",
                "token-limit-changed: a.m-v1 / max_output_tokens: 4096 -> 64000",
                "quota-changed: a.m-v1 / us-east-1 / L-1 / applied_value: 100.0 -> 400.0",
            ]
        );
        assert!(diff(&after, &after).is_empty());
        // The same numbers written differently are no change.
        let rewritten: Value = serde_json::from_str(
            &serde_json::to_string(&after)
                .unwrap()
                .replace("10.0", "10")
                .replace("400.0", "4e2"),
        )
        .unwrap();
        assert!(diff(&after, &rewritten).is_empty());
    }

    #[test]
    fn fields_an_older_catalogue_lacks_are_not_compared() {
        let before =
            catalog(json!({"a.m-v1": {"model_name": "M", "regions_available": ["us-east-1"]}}));
        let after = catalog(json!({"a.m-v1": {
            "model_name": "M", "regions_available": ["us-east-1"],
            "model_pricing": {"regions": {"us-east-1": {"on_demand": {"input_tokens": {"price_usd": 3.0}}}}},
            "converse_data": {"context_window": 1000}
        }}));
        assert_eq!(diff(&before, &after), vec![]);
    }

    #[test]
    fn the_comparable_view_gives_the_same_events() {
        let before = catalog(json!({"a.m-v1": {
            "model_name": "M", "regions_available": ["us-east-1"], "model_arn": "arn",
            "model_service_quotas": {"us-east-1": [{"quota_code": "L-1", "quota_name": "x", "applied_value": 1.0, "description": "long"}]}
        }}));
        let mut after = before.clone();
        after["providers"]["Anthropic"]["models"]["a.m-v1"]["model_service_quotas"]["us-east-1"]
            [0]["applied_value"] = json!(2.0);
        after["providers"]["Anthropic"]["models"]["a.m-v1"]["regions_available"] =
            json!(["eu-west-1", "us-east-1"]);
        let small = |v: &Value| comparable_reader(&serde_json::to_vec(v).unwrap()[..]).unwrap();
        assert_eq!(diff(&small(&before), &small(&after)), diff(&before, &after));
        assert_eq!(diff(&before, &after).len(), 2);
        assert!(
            small(&before)
                .pointer("/providers/Anthropic/models/a.m-v1/model_arn")
                .is_none()
        );
    }
}
