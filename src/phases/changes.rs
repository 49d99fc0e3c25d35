//! The change log: typed events between the previous catalogue and the new one.
//!
//! Both catalogues are the typed [`Catalog`]: the previous one as read back from its file (fields
//! an older catalogue lacks read as their defaults), the new one as this run built it.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::catalog::pricing::ModelPricing;
use crate::catalog::quotas::AssignedQuota;
use crate::catalog::token_specs::TokenCount;
use crate::catalog::{Catalog, Model};

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
    /// The account's ability to call the model in a region changed (`--account-access` in both runs).
    CallableChanged,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 13] = [
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
        ChangeKind::CallableChanged,
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
            ChangeKind::CallableChanged => "callable-changed",
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
    pub old: Option<ChangeValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<ChangeValue>,
}

/// A value before or after a change, written as the catalogue writes it.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum ChangeValue {
    /// A name or status (`ACTIVE`, a model name, `N/A`).
    Text(String),
    /// A list of names (regions, inference types).
    Names(Vec<String>),
    /// A count (tokens).
    Count(u64),
    /// An amount (USD, a quota value).
    Amount(f64),
}

impl ChangeValue {
    /// A text, or nothing when it is empty (a status the catalogue does not know).
    fn text(s: &str) -> Option<ChangeValue> {
        (!s.is_empty()).then(|| ChangeValue::Text(s.to_string()))
    }
}

impl From<TokenCount> for ChangeValue {
    fn from(count: TokenCount) -> ChangeValue {
        match count {
            TokenCount::Known(n) => ChangeValue::Count(n),
            TokenCount::NotAvailable => ChangeValue::Text("N/A".to_string()),
        }
    }
}

impl std::fmt::Display for ChangeValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChangeValue::Text(s) => f.write_str(s),
            ChangeValue::Names(names) => {
                f.write_str(&serde_json::to_string(names).map_err(|_| std::fmt::Error)?)
            }
            ChangeValue::Count(n) => write!(f, "{n}"),
            ChangeValue::Amount(x) => {
                f.write_str(&serde_json::to_string(x).map_err(|_| std::fmt::Error)?)
            }
        }
    }
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

    fn values(mut self, old: Option<ChangeValue>, new: Option<ChangeValue>) -> Self {
        self.old = old;
        self.new = new;
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
        let show = |v: &Option<ChangeValue>| match v {
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

/// Every model of a catalogue by key (across providers).
fn models(catalog: &Catalog) -> BTreeMap<&str, &Model> {
    catalog
        .providers
        .values()
        .flat_map(|p| p.models.iter().map(|(k, m)| (k.as_str(), m)))
        .collect()
}

fn set(list: &[String]) -> BTreeSet<&str> {
    list.iter().map(String::as_str).collect()
}

/// The typed events that turn `previous` into `current`, in a deterministic order (by kind, then
/// model, region and the rest). Parts a catalogue does not carry (prices switched off, no token
/// specs) are not compared.
pub fn diff(previous: &Catalog, current: &Catalog) -> Vec<ChangeEvent> {
    let (old, new) = (models(previous), models(current));
    let mut events = Vec::new();
    for (key, m) in &new {
        if !old.contains_key(key) {
            let mut e = ChangeEvent::new(ChangeKind::ModelAdded, key);
            e.new = Some(ChangeValue::Text(m.model_name.clone()));
            events.push(e);
        }
    }
    for (key, m) in &old {
        if !new.contains_key(key) {
            let mut e = ChangeEvent::new(ChangeKind::ModelRemoved, key);
            e.old = Some(ChangeValue::Text(m.model_name.clone()));
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

fn model_changes(key: &str, before: &Model, after: &Model, events: &mut Vec<ChangeEvent>) {
    // Regions.
    let (r0, r1) = (
        set(&before.regions_available),
        set(&after.regions_available),
    );
    for r in r1.difference(&r0) {
        events.push(ChangeEvent::new(ChangeKind::RegionAdded, key).region(r));
    }
    for r in r0.difference(&r1) {
        events.push(ChangeEvent::new(ChangeKind::RegionRemoved, key).region(r));
    }

    // Lifecycle, for the model and per region; inference types per region.
    let (s0, s1) = (
        &before.model_lifecycle.status,
        &after.model_lifecycle.status,
    );
    if s0 != s1 {
        events.push(
            ChangeEvent::new(ChangeKind::LifecycleChanged, key)
                .values(ChangeValue::text(s0), ChangeValue::text(s1)),
        );
    }
    for (region, a) in &before.regional_availability {
        let Some(b) = after.regional_availability.get(region) else {
            continue;
        };
        if a.inference_types_supported != b.inference_types_supported {
            events.push(
                ChangeEvent::new(ChangeKind::InferenceTypesChanged, key)
                    .region(region)
                    .values(
                        Some(ChangeValue::Names(a.inference_types_supported.clone())),
                        Some(ChangeValue::Names(b.inference_types_supported.clone())),
                    ),
            );
        }
        if a.lifecycle_status != b.lifecycle_status {
            events.push(
                ChangeEvent::new(ChangeKind::LifecycleChanged, key)
                    .region(region)
                    .values(
                        ChangeValue::text(&a.lifecycle_status),
                        ChangeValue::text(&b.lifecycle_status),
                    ),
            );
        }
    }

    profile_changes(key, before, after, events);
    price_changes(key, before, after, events);

    // Token limits.
    if let (Some(a), Some(b)) = (&before.converse_data, &after.converse_data) {
        for (field, x, y) in [
            ("context_window", a.context_window, b.context_window),
            (
                "max_output_tokens",
                a.max_output_tokens,
                b.max_output_tokens,
            ),
        ] {
            if x != y {
                let mut e = ChangeEvent::new(ChangeKind::TokenLimitChanged, key)
                    .values(Some(x.into()), Some(y.into()));
                e.field = Some(field.to_string());
                events.push(e);
            }
        }
    }

    quota_changes(key, before, after, events);
    callable_changes(key, before, after, events);
}

/// A model that became callable in a region, or stopped being, for the account that made both
/// catalogues. A region that either run did not ask about (no `account_access` entry) is no change.
fn callable_changes(key: &str, before: &Model, after: &Model, events: &mut Vec<ChangeEvent>) {
    let state = |a: &crate::catalog::account::AccountAccess| {
        if a.callable {
            "callable".to_string()
        } else {
            let blocks: Vec<&str> = a.blocked_by.iter().map(|b| b.as_str()).collect();
            format!("not callable: {}", blocks.join(", "))
        }
    };
    for (region, a) in &before.account_access {
        let Some(b) = after.account_access.get(region) else {
            continue;
        };
        if a.callable != b.callable {
            let mut e = ChangeEvent::new(ChangeKind::CallableChanged, key)
                .region(region)
                .values(
                    Some(ChangeValue::Text(state(a))),
                    Some(ChangeValue::Text(state(b))),
                );
            e.field = Some("callable".to_string());
            events.push(e);
        }
    }
}

/// (profile id, source region) -> destination regions.
fn profiles(m: &Model) -> BTreeMap<(&str, &str), &[String]> {
    m.cross_region_inference
        .profiles
        .iter()
        .map(|p| {
            (
                (p.profile_id.as_str(), p.source_region.as_str()),
                p.destination_regions.as_slice(),
            )
        })
        .collect()
}

fn profile_changes(key: &str, before: &Model, after: &Model, events: &mut Vec<ChangeEvent>) {
    let (p0, p1) = (profiles(before), profiles(after));
    let ids = |p: &BTreeMap<(&str, &str), _>| -> BTreeSet<String> {
        p.keys().map(|(id, _)| id.to_string()).collect()
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
        if let Some(d1) = p1.get(&(*id, *source))
            && d0 != d1
        {
            let mut e = ChangeEvent::new(ChangeKind::ProfileDestinationsChanged, key)
                .region(source)
                .values(
                    Some(ChangeValue::Names(d0.to_vec())),
                    Some(ChangeValue::Names(d1.to_vec())),
                );
            e.profile = Some(id.to_string());
            events.push(e);
        }
    }
}

/// (region, route, dimension) -> price in USD.
fn prices(prices: &ModelPricing) -> BTreeMap<(&str, &str, &str), f64> {
    let mut out = BTreeMap::new();
    for (region, routes) in &prices.regions {
        for (route, dims) in routes {
            for (dim, price) in dims {
                out.insert(
                    (region.as_str(), route.as_str(), dim.as_str()),
                    price.price_usd,
                );
            }
        }
    }
    out
}

fn price_changes(key: &str, before: &Model, after: &Model, events: &mut Vec<ChangeEvent>) {
    // Only compare when both catalogues carry prices (prices may be switched off).
    let (Some(a), Some(b)) = (&before.model_pricing, &after.model_pricing) else {
        return;
    };
    let (p0, p1) = (prices(a), prices(b));
    let slots: BTreeSet<_> = p0.keys().chain(p1.keys()).collect();
    for slot in slots {
        let (a, b) = (p0.get(slot).copied(), p1.get(slot).copied());
        if a != b {
            let (region, route, dimension) = *slot;
            let mut e = ChangeEvent::new(ChangeKind::PriceChanged, key)
                .region(region)
                .values(a.map(ChangeValue::Amount), b.map(ChangeValue::Amount));
            e.route = Some(route.to_string());
            e.dimension = Some(dimension.to_string());
            events.push(e);
        }
    }
}

/// (region, quota code) -> quota.
fn quotas(m: &Model) -> BTreeMap<(&str, &str), &AssignedQuota> {
    m.model_service_quotas
        .iter()
        .flat_map(|(region, list)| {
            list.iter()
                .map(move |q| ((region.as_str(), q.quota_code.as_str()), q))
        })
        .collect()
}

fn quota_changes(key: &str, before: &Model, after: &Model, events: &mut Vec<ChangeEvent>) {
    let (q0, q1) = (quotas(before), quotas(after));
    for (slot, a) in &q0 {
        let Some(b) = q1.get(slot) else {
            continue;
        };
        for (field, x, y) in [
            ("default_value", a.default_value, b.default_value),
            ("applied_value", a.applied_value, b.applied_value),
        ] {
            if x != y {
                let mut e = ChangeEvent::new(ChangeKind::QuotaChanged, key)
                    .region(slot.0)
                    .values(x.map(ChangeValue::Amount), y.map(ChangeValue::Amount));
                e.quota_code = Some(slot.1.to_string());
                e.field = Some(field.to_string());
                events.push(e);
            }
        }
    }
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
    use serde_json::{Value, json};

    fn catalog(models: Value) -> Catalog {
        serde_json::from_value(json!({
            "metadata": {"schema_version": 1},
            "providers": {"Anthropic": {"models": models}}
        }))
        .unwrap()
    }

    /// Prices per region, route and dimension in the catalogue's full shape.
    fn pricing(prices: &[(&str, &str, &str, f64)]) -> Value {
        let mut regions = json!({});
        for (region, route, dim, usd) in prices {
            regions[region][route][dim] = json!({
                "price_usd": usd, "unit": "1M tokens", "offer_price_usd": usd,
                "offer_unit": "1K tokens", "sku": "SKU", "usagetype": "USE1-x",
                "offer": "AmazonBedrock", "offer_version": "v1"
            });
        }
        json!({
            "is_pricing_available": true, "pricing_reference_id": null, "routes": [],
            "batch_regions": [], "regions": regions,
            "region_check": {"listed_by_api": [], "priced_in_price_list": [], "priced_not_listed": [],
                "listed_not_priced": [], "agree": true}
        })
    }

    fn quota(code: &str, applied: f64, default: f64) -> Value {
        json!({
            "quota_code": code, "quota_name": "x", "quota_arn": "arn", "description": "",
            "quota_applied_at_level": "ACCOUNT", "value": applied, "unit": "None",
            "adjustable": true, "global_quota": false, "usage_metric": {}, "period": {},
            "route": "on_demand", "metric": "tokens_per_minute", "model_variant": null,
            "doubled_for_cross_region": false, "default_value": default,
            "applied_value": applied, "raised": applied > default, "matched_by": "exact"
        })
    }

    fn converse(context: u64, output: u64) -> Value {
        json!({
            "context_window": context, "max_output_tokens": output,
            "size_category": {"category": "Large", "color": "#10B981", "tier": 3},
            "verified": true, "source": "litellm", "litellm_verified": true,
            "capabilities_count": 1, "use_cases_count": 1, "regions_count": 2
        })
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
                "model_pricing": pricing(&[("us-east-1", "on_demand", "input_tokens", 3.0)]),
                "converse_data": converse(200000, 4096),
                "model_service_quotas": {"us-east-1": [quota("L-1", 100.0, 100.0)]}
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
                "model_pricing": pricing(&[
                    ("us-east-1", "on_demand", "input_tokens", 2.5),
                    ("us-east-1", "on_demand", "output_tokens", 10.0)
                ]),
                "converse_data": converse(200000, 64000),
                "model_service_quotas": {"us-east-1": [quota("L-1", 400.0, 100.0)]}
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
        // The same numbers written differently, read back from a file, are no change.
        let rewritten: Catalog = serde_json::from_str(
            &serde_json::to_string(&after)
                .unwrap()
                .replace("10.0", "10")
                .replace("400.0", "4e2"),
        )
        .unwrap();
        assert!(diff(&after, &rewritten).is_empty());
        // Events are written with the values' own types.
        let event = &diff(&before, &after)[12];
        assert_eq!(
            serde_json::to_value(event).unwrap(),
            json!({"kind": "token-limit-changed", "model": "a.m-v1", "field": "max_output_tokens", "old": 4096, "new": 64000})
        );
    }

    #[test]
    fn parts_a_catalogue_does_not_carry_are_not_compared() {
        // Prices switched off and no token specs in the previous run.
        let before =
            catalog(json!({"a.m-v1": {"model_name": "M", "regions_available": ["us-east-1"]}}));
        let after = catalog(json!({"a.m-v1": {
            "model_name": "M", "regions_available": ["us-east-1"],
            "model_pricing": pricing(&[("us-east-1", "on_demand", "input_tokens", 3.0)]),
            "converse_data": converse(1000, 100)
        }}));
        assert_eq!(diff(&before, &after), vec![]);
    }

    #[test]
    fn prices_read_back_from_text_compare_exactly() {
        // Prices whose shortest decimal form needs all 17 digits survive the file.
        let usd = 0.000_123_456_789_012_345_6_f64;
        let c = catalog(json!({"a.m-v1": {
            "model_pricing": pricing(&[("us-east-1", "on_demand", "input_tokens", usd)])
        }}));
        let back: Catalog = serde_json::from_slice(&serde_json::to_vec(&c).unwrap()).unwrap();
        assert!(diff(&c, &back).is_empty());
    }
}

#[cfg(test)]
mod callable_tests {
    use super::*;
    use serde_json::{Value, json};

    fn with_access(access: Value) -> Catalog {
        serde_json::from_value(json!({
            "metadata": {"schema_version": 1},
            "providers": {"Meta": {"models": {"meta.llama3-8b-instruct-v1": {
                "model_name": "Llama 3 8B Instruct", "account_access": access
            }}}}
        }))
        .unwrap()
    }

    fn entry(callable: bool, blocked_by: &[&str]) -> Value {
        json!({"model_id": "meta.llama3-8b-instruct-v1:0", "callable": callable,
            "blocked_by": blocked_by, "reason": "r"})
    }

    #[test]
    fn a_model_becoming_callable_or_not_is_a_change_per_region() {
        let before = with_access(json!({
            "us-east-1": entry(false, &["authorization"]),
            "us-west-2": entry(true, &[]),
            "eu-west-1": entry(true, &[]),
        }));
        // eu-west-1 was not asked this time: not a change.
        let after = with_access(json!({
            "us-east-1": entry(true, &[]),
            "us-west-2": entry(false, &["agreement", "authorization"]),
        }));
        let described: Vec<String> = diff(&before, &after)
            .iter()
            .map(ChangeEvent::describe)
            .collect();
        assert_eq!(
            described,
            [
                "callable-changed: meta.llama3-8b-instruct-v1 / us-east-1 / callable: not callable: authorization -> callable",
                "callable-changed: meta.llama3-8b-instruct-v1 / us-west-2 / callable: callable -> not callable: agreement, authorization",
            ]
        );
        // A catalogue without the account's view compares as no change.
        assert!(diff(&before, &with_access(json!({}))).is_empty());
    }
}
