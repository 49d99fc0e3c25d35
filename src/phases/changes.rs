//! The change log: typed events between the previous catalogue and the new one.
//!
//! Both catalogues are the typed [`Catalog`]: the previous one as read back from its file (fields
//! an older catalogue lacks read as their defaults), the new one as this run built it.

use std::collections::{BTreeMap, BTreeSet};

use crate::catalog::pricing::ModelPricing;
use crate::catalog::quotas::AssignedQuota;
use crate::catalog::{Catalog, Metadata, Model};
use crate::records::Api;

pub use super::change_event::{ChangeEvent, ChangeKind, ChangeValue};
use super::{quota_presence, unknowns};

fn set(list: &[String]) -> BTreeSet<&str> {
    list.iter().map(String::as_str).collect()
}

/// What the current run did not read, so that nothing there is compared: a failed call is not a
/// removal. Regions by the API that failed there; the file sources as a whole.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NotCompared {
    /// Regions whose ListFoundationModels failed: their regions, inference types, lifecycles and
    /// (with the models' other regions) the models themselves.
    pub models: BTreeSet<String>,
    /// Regions whose ListInferenceProfiles failed: the profiles called from there.
    pub profiles: BTreeSet<String>,
    /// Regions where either quota list failed.
    pub quotas: BTreeSet<String>,
    /// Regions where Mantle's model list failed.
    pub mantle: BTreeSet<String>,
    /// Regions where an account call (`--account-access`) failed.
    pub account: BTreeSet<String>,
    /// The Price List failed: no price is reported removed.
    pub prices: bool,
    /// LiteLLM failed: token limits are not compared.
    pub token_limits: bool,
}

impl NotCompared {
    /// What the run with this metadata failed to read (`not_opted_in` is an answer).
    pub fn of(m: &Metadata) -> NotCompared {
        let mut out = NotCompared::default();
        for (region, apis) in &m.region_status {
            for (api, status) in apis {
                if !status.status.is_failure() {
                    continue;
                }
                let set = match api {
                    Api::ListFoundationModels => &mut out.models,
                    Api::ListInferenceProfiles => &mut out.profiles,
                    Api::ListServiceQuotas | Api::ListAwsDefaultServiceQuotas => &mut out.quotas,
                    Api::MantleModels => &mut out.mantle,
                    Api::GetFoundationModelAvailability
                    | Api::ListApplicationInferenceProfiles
                    | Api::ListProvisionedModelThroughputs => &mut out.account,
                };
                set.insert(region.clone());
            }
        }
        let failed = |name: &str| {
            m.sources
                .get(name)
                .and_then(|s| s.status)
                .is_some_and(|s| s.is_failure())
        };
        out.prices = failed("price_list");
        out.token_limits = failed("litellm");
        out
    }

    /// One phrase per part not compared, for the change log and the summary.
    pub fn describe(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (what, regions) in [
            ("models", &self.models),
            ("inference profiles", &self.profiles),
            ("quotas", &self.quotas),
        ] {
            if !regions.is_empty() {
                let list: Vec<&str> = regions.iter().map(String::as_str).collect();
                out.push(format!("{what} in {}", list.join(", ")));
            }
        }
        if self.prices {
            out.push("removed prices (the Price List failed)".to_string());
        }
        if self.token_limits {
            out.push("token limits (LiteLLM failed)".to_string());
        }
        out
    }

    /// Whether `e` may only say that this run did not read something.
    fn hides(&self, e: &ChangeEvent, old: &BTreeMap<&str, &Model>) -> bool {
        let in_set = |set: &BTreeSet<String>| e.region.as_ref().is_some_and(|r| set.contains(r));
        let before = old.get(e.model.as_str());
        // A model-wide fact depends on every region that lists the model.
        let model_unread =
            || before.is_some_and(|m| m.regions_available.iter().any(|r| self.models.contains(r)));
        let profile_unread = |r: &String| self.profiles.contains(r) || self.models.contains(r);
        match e.kind {
            ChangeKind::ModelAdded | ChangeKind::RegionAdded | ChangeKind::ProfileAdded => false,
            ChangeKind::ModelRemoved => model_unread(),
            ChangeKind::RegionRemoved | ChangeKind::InferenceTypesChanged => in_set(&self.models),
            ChangeKind::LifecycleChanged | ChangeKind::LifecycleDateChanged => match &e.region {
                Some(_) => in_set(&self.models),
                // The model's end of life may be LiteLLM's (a model-wide date event has it).
                None => {
                    model_unread()
                        || (e.kind == ChangeKind::LifecycleDateChanged && self.token_limits)
                }
            },
            // Per (profile, source region): unread when the source region's lists failed.
            ChangeKind::ProfileRemoved => e.region.as_ref().is_some_and(profile_unread),
            ChangeKind::ProfileDestinationsChanged => e.region.as_ref().is_some_and(profile_unread),
            ChangeKind::PriceChanged => self.prices && e.new.is_none(),
            // Token limits and feature flags both come from LiteLLM.
            ChangeKind::TokenLimitChanged | ChangeKind::FeatureChanged => self.token_limits,
            ChangeKind::QuotaChanged => in_set(&self.quotas),
            ChangeKind::MantleRegionAdded => false,
            ChangeKind::MantleRegionRemoved => in_set(&self.mantle),
            ChangeKind::CallableChanged => in_set(&self.account),
            ChangeKind::QuotaAdded => false,
            // A model's quota is joined to the model where its region listed it.
            ChangeKind::QuotaRemoved => {
                in_set(&self.quotas) || (!e.model.is_empty() && in_set(&self.models))
            }
            ChangeKind::UnknownAppeared => false,
        }
    }
}

/// The typed events that turn `previous` into `current`, in a deterministic order (by kind, then
/// model, region and the rest). Parts a catalogue does not carry (prices switched off, no token
/// specs) are not compared, nor parts the current run failed to read ([`NotCompared`]).
pub fn diff(previous: &Catalog, current: &Catalog) -> Vec<ChangeEvent> {
    let (old, new) = (previous.models_by_key(), current.models_by_key());
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
    // Mantle only when both runs asked it (an older catalogue has no Mantle routes to compare).
    let mantle = previous.metadata.mantle.is_some() && current.metadata.mantle.is_some();
    let quotas_read = quota_presence::read_in_both(&previous.metadata, &current.metadata);
    for (key, before) in &old {
        if let Some(after) = new.get(key) {
            model_changes(key, before, after, &mut events);
            quota_presence::model_quotas(key, before, after, &quotas_read, &mut events);
            if mantle {
                mantle_changes(key, before, after, &mut events);
            }
        }
    }
    events.extend(quota_presence::account_quotas(
        &previous.metadata,
        &current.metadata,
    ));
    events.extend(unknowns::appeared(&previous.metadata, &current.metadata));
    let unread = NotCompared::of(&current.metadata);
    events.retain(|e| !unread.hides(e, &old));
    // A source region whose profiles the previous run failed to read gains nothing now.
    let unread_before = NotCompared::of(&previous.metadata);
    events.retain(|e| {
        e.kind != ChangeKind::ProfileAdded
            || !e.region.as_ref().is_some_and(|r| {
                unread_before.profiles.contains(r) || unread_before.models.contains(r)
            })
    });
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

/// Regions whose Mantle list gained or lost the model.
fn mantle_changes(key: &str, before: &Model, after: &Model, events: &mut Vec<ChangeEvent>) {
    let regions = |m: &Model| -> BTreeSet<String> {
        m.mantle
            .as_ref()
            .map(|r| r.regions.iter().cloned().collect())
            .unwrap_or_default()
    };
    let (r0, r1) = (regions(before), regions(after));
    for r in r1.difference(&r0) {
        events.push(ChangeEvent::new(ChangeKind::MantleRegionAdded, key).region(r));
    }
    for r in r0.difference(&r1) {
        events.push(ChangeEvent::new(ChangeKind::MantleRegionRemoved, key).region(r));
    }
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

    lifecycle_date_changes(key, before, after, events);
    feature_changes(key, before, after, events);
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

/// A lifecycle date that appeared, moved or went away, per region the two catalogues share. A
/// region an older catalogue has no dates for (written before they were kept) is not compared.
/// Then the model's end of life where LiteLLM gives it ([`super::lifecycle::end_of_life_change`]).
fn lifecycle_date_changes(key: &str, before: &Model, after: &Model, events: &mut Vec<ChangeEvent>) {
    events.extend(super::lifecycle::end_of_life_change(key, before, after));
    for (region, a) in &before.regional_availability {
        let (Some(b), Some(d0)) = (after.regional_availability.get(region), &a.lifecycle_dates)
        else {
            continue;
        };
        let Some(d1) = &b.lifecycle_dates else {
            continue;
        };
        for ((field, x), (_, y)) in d0.fields().into_iter().zip(d1.fields()) {
            if x != y {
                let mut e = ChangeEvent::new(ChangeKind::LifecycleDateChanged, key)
                    .region(region)
                    .values(x.and_then(ChangeValue::text), y.and_then(ChangeValue::text));
                e.field = Some(field.to_string());
                events.push(e);
            }
        }
    }
}

/// A feature flag that changed between true, false and unknown (`null`). Not compared when either
/// catalogue has no flags (token specs did not run, or an older catalogue).
fn feature_changes(key: &str, before: &Model, after: &Model, events: &mut Vec<ChangeEvent>) {
    let (Some(f0), Some(f1)) = (&before.features, &after.features) else {
        return;
    };
    for ((name, a), (_, b)) in f0.flags().into_iter().zip(f1.flags()) {
        if a.supported != b.supported {
            let mut e = ChangeEvent::new(ChangeKind::FeatureChanged, key).values(
                a.supported.map(ChangeValue::Flag),
                b.supported.map(ChangeValue::Flag),
            );
            e.field = Some(name.to_string());
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

/// Profiles added and removed per (profile id, source region): a profile that gains or loses a
/// source region while its id stays is an event; then destinations per pair in both.
fn profile_changes(key: &str, before: &Model, after: &Model, events: &mut Vec<ChangeEvent>) {
    let (p0, p1) = (profiles(before), profiles(after));
    for (kind, here, there) in [
        (ChangeKind::ProfileAdded, &p1, &p0),
        (ChangeKind::ProfileRemoved, &p0, &p1),
    ] {
        for (id, source) in here.keys().filter(|pair| !there.contains_key(*pair)) {
            let mut e = ChangeEvent::new(kind, key).region(source);
            e.profile = Some(id.to_string());
            events.push(e);
        }
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
    // Regions whose `on_demand` rows the newer catalogue files as `on_demand_geo` (the model is
    // profile-only there) while the older one still has them as `on_demand`: compared under the
    // new name, so the relabelling alone is not a price change.
    let moved: BTreeSet<&str> = b
        .relabelled_routes
        .iter()
        .map(|r| r.region.as_str())
        .filter(|r| !a.relabelled_routes.iter().any(|x| x.region == *r))
        .collect();
    let p0: BTreeMap<(&str, &str, &str), f64> = prices(a)
        .into_iter()
        .map(|((region, route, dim), usd)| {
            let route = if route == "on_demand" && moved.contains(region) {
                "on_demand_geo"
            } else {
                route
            };
            ((region, route, dim), usd)
        })
        .collect();
    let p1 = prices(b);
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
    fn what_the_run_failed_to_read_is_not_a_removal() {
        let model = |regions: Value, profiles: Value, quotas: Value, prices: Value| {
            json!({
                "model_name": "M",
                "regions_available": regions,
                "model_lifecycle": {"status": "ACTIVE"},
                "regional_availability": {
                    "eu-west-1": {"inference_types_supported": ["ON_DEMAND"], "lifecycle_status": "ACTIVE"}
                },
                "cross_region_inference": {"profiles": profiles},
                "model_pricing": prices,
                "converse_data": converse(200000, 4096),
                "model_service_quotas": quotas
            })
        };
        let eu_profile = json!({"profile_id": "eu.a.m-v1:0", "source_region": "eu-west-1", "destination_regions": ["eu-west-1"]});
        let before = catalog(json!({
            "a.m-v1": model(
                json!(["eu-west-1", "us-east-1"]),
                json!([eu_profile]),
                json!({"eu-west-1": [quota("L-1", 100.0, 100.0)], "us-east-1": [quota("L-1", 100.0, 100.0)]}),
                pricing(&[("us-east-1", "on_demand", "input_tokens", 3.0)])
            ),
            "a.west-only-v1": {"model_name": "W", "regions_available": ["eu-west-1"]},
        }));
        // eu-west-1's model and profile lists failed, us-east-1's quota lists, and the Price List.
        let mut after = catalog(json!({
            "a.m-v1": model(
                json!(["us-east-1"]),
                json!([]),
                json!({"eu-west-1": [quota("L-1", 100.0, 100.0)], "us-east-1": [quota("L-1", 400.0, 100.0)]}),
                pricing(&[])
            ),
        }));
        let failed: crate::catalog::ApiStatus = serde_json::from_value(
            json!({"status": "error", "pages": 0, "message": "ListFoundationModels in eu-west-1 failed"}),
        )
        .unwrap();
        let m = &mut after.metadata;
        for (region, api) in [
            ("eu-west-1", Api::ListFoundationModels),
            ("eu-west-1", Api::ListInferenceProfiles),
            ("us-east-1", Api::ListServiceQuotas),
        ] {
            m.region_status
                .entry(region.to_string())
                .or_default()
                .insert(api, failed.clone());
        }
        m.sources.insert(
            "price_list".to_string(),
            serde_json::from_value(json!({"status": "error", "location": "x"})).unwrap(),
        );
        assert!(
            diff(&before, &after).is_empty(),
            "{:?}",
            diff(&before, &after)
        );
        assert_eq!(
            NotCompared::of(&after.metadata).describe(),
            [
                "models in eu-west-1",
                "inference profiles in eu-west-1",
                "quotas in us-east-1",
                "removed prices (the Price List failed)"
            ]
        );
        // The same catalogue from a run that read everything: every removal is reported.
        after.metadata = Default::default();
        let kinds: Vec<_> = diff(&before, &after).iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            [
                ChangeKind::ModelRemoved,
                ChangeKind::RegionRemoved,
                ChangeKind::ProfileRemoved,
                ChangeKind::PriceChanged,
                ChangeKind::QuotaChanged
            ]
        );
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
                "profile-added: a.m-v1 / us-east-1 / global.a.m-v1:0",
                "profile-removed: a.m-v1 / eu-west-1 / eu.a.m-v1:0",
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
    fn mantle_regions_are_compared_when_both_runs_asked_mantle() {
        let with = |regions: Value, asked: bool| {
            let mut c = catalog(json!({"a.m": {"model_name": "M",
                "mantle": {"model_id": "a.m", "regions": regions, "base_url_template": "u"}}}));
            c.metadata.mantle = asked.then(Default::default);
            c
        };
        let before = with(json!(["eu-west-1", "us-east-1"]), true);
        let after = with(json!(["us-east-1", "us-west-2"]), true);
        let lines: Vec<String> = diff(&before, &after)
            .iter()
            .map(ChangeEvent::describe)
            .collect();
        assert_eq!(
            lines,
            [
                "mantle-region-added: a.m / us-west-2",
                "mantle-region-removed: a.m / eu-west-1",
            ]
        );
        // A catalogue from before Mantle was collected: nothing to compare.
        assert_eq!(diff(&with(json!([]), false), &after), vec![]);
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

    #[test]
    fn lifecycle_dates_and_feature_flags_give_typed_events() {
        let avail = |legacy: Option<&str>, dates: bool| {
            let mut a =
                json!({"inference_types_supported": ["ON_DEMAND"], "lifecycle_status": "ACTIVE"});
            if dates {
                a["lifecycle_dates"] = json!({"legacy_time": legacy, "end_of_life_time": null});
            }
            a
        };
        let flag = |b: Value| json!({"supported": b, "source": "litellm:k"});
        let before = catalog(json!({"m": {
            "model_id": "m",
            "regional_availability": {
                "us-east-1": avail(None, true),
                "us-west-2": avail(Some("2026-01-01T00:00:00Z"), true),
                "eu-west-1": avail(None, false)
            },
            "features": {"vision": flag(json!(true)), "reasoning": flag(Value::Null)}
        }}));
        let after = catalog(json!({"m": {
            "model_id": "m",
            "regional_availability": {
                "us-east-1": avail(Some("2026-06-01T00:00:00Z"), true),
                "us-west-2": avail(Some("2026-02-01T00:00:00Z"), true),
                // Dates now, none in the older catalogue: not a change.
                "eu-west-1": avail(Some("2026-06-01T00:00:00Z"), true)
            },
            "features": {"vision": flag(json!(false)), "reasoning": flag(json!(true))}
        }}));
        let lines: Vec<String> = diff(&before, &after)
            .iter()
            .map(ChangeEvent::describe)
            .collect();
        assert_eq!(
            lines,
            [
                "lifecycle-date-changed: m / us-east-1 / legacy_time: none -> 2026-06-01T00:00:00Z",
                "lifecycle-date-changed: m / us-west-2 / legacy_time: 2026-01-01T00:00:00Z -> 2026-02-01T00:00:00Z",
                "feature-changed: m / reasoning: none -> true",
                "feature-changed: m / vision: true -> false",
            ]
        );
        // Without flags on one side (features switched off, older catalogue): nothing.
        let mut no_flags = after.clone();
        for m in no_flags
            .providers
            .values_mut()
            .flat_map(|p| p.models.values_mut())
        {
            m.features = None;
        }
        assert!(
            diff(&before, &no_flags)
                .iter()
                .all(|e| e.kind != ChangeKind::FeatureChanged)
        );
        assert_eq!(
            ChangeKind::parse("lifecycle-date-changed"),
            Some(ChangeKind::LifecycleDateChanged)
        );
        assert_eq!(
            ChangeKind::parse("feature-changed"),
            Some(ChangeKind::FeatureChanged)
        );
    }

    #[test]
    fn a_relabelled_regional_rate_is_not_a_price_change() {
        let before = catalog(json!({"m": {"model_id": "m", "model_pricing": pricing(&[
            ("eu-west-3", "on_demand", "input_tokens", 3.3),
            ("us-east-1", "on_demand", "input_tokens", 3.0)
        ])}}));
        let mut moved = pricing(&[
            ("eu-west-3", "on_demand_geo", "input_tokens", 3.3),
            ("us-east-1", "on_demand", "input_tokens", 3.1),
        ]);
        moved["relabelled_routes"] =
            json!([{"region": "eu-west-3", "from": "on_demand", "to": "on_demand_geo"}]);
        let after = catalog(json!({"m": {"model_id": "m", "model_pricing": moved}}));
        let lines: Vec<String> = diff(&before, &after)
            .iter()
            .map(ChangeEvent::describe)
            .collect();
        assert_eq!(
            lines,
            ["price-changed: m / us-east-1 / on_demand / input_tokens: 3.0 -> 3.1"]
        );
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
