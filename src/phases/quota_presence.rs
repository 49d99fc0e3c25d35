//! Quotas coming and going: `quota-added` and `quota-removed` per model, region, route, metric and
//! variant, and for the account-level quotas per region and kind. Only regions whose quota lists
//! both catalogues read are compared (a region neither run read is not "every quota removed").

use std::collections::{BTreeMap, BTreeSet};

use crate::catalog::quotas::AssignedQuota;
use crate::catalog::{Metadata, Model};

use super::change_event::{ChangeEvent, ChangeKind, ChangeValue};

/// (region, route, metric, variant) -> the quotas there, one per code.
type Slots<'a> = BTreeMap<(&'a str, String, String, &'a str), Vec<&'a AssignedQuota>>;

fn wire<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

fn slots(m: &Model) -> Slots<'_> {
    let mut out: Slots<'_> = BTreeMap::new();
    for (region, list) in &m.model_service_quotas {
        for q in list {
            let variant = q.model_variant.as_deref().unwrap_or("");
            out.entry((region.as_str(), wire(&q.route), wire(&q.metric), variant))
                .or_default()
                .push(q);
        }
    }
    out
}

/// Regions whose quota lists both catalogues read.
pub fn read_in_both<'a>(previous: &'a Metadata, current: &Metadata) -> BTreeSet<&'a str> {
    previous
        .quota_value_sources
        .keys()
        .filter(|r| current.quota_value_sources.contains_key(*r))
        .map(String::as_str)
        .collect()
}

fn event(
    kind: ChangeKind,
    key: &str,
    (region, route, metric, variant): &(&str, String, String, &str),
    quotas: &[&AssignedQuota],
) -> ChangeEvent {
    let codes: Vec<&str> = quotas.iter().map(|q| q.quota_code.as_str()).collect();
    let value = quotas
        .first()
        .and_then(|q| q.effective_value.or(q.value))
        .map(ChangeValue::Amount);
    let (old, new) = match kind {
        ChangeKind::QuotaAdded => (None, value),
        _ => (value, None),
    };
    let mut e = ChangeEvent::new(kind, key).region(region).values(old, new);
    e.route = Some(route.clone());
    e.dimension = Some(metric.clone());
    e.quota_code = Some(codes.join(", "));
    e.field = (!variant.is_empty()).then(|| variant.to_string());
    e
}

/// A model's quotas added and removed, in regions `compared`.
pub fn model_quotas(
    key: &str,
    before: &Model,
    after: &Model,
    compared: &BTreeSet<&str>,
    events: &mut Vec<ChangeEvent>,
) {
    let (s0, s1) = (slots(before), slots(after));
    for (slot, quotas) in &s1 {
        if compared.contains(slot.0) && !s0.contains_key(slot) {
            events.push(event(ChangeKind::QuotaAdded, key, slot, quotas));
        }
    }
    for (slot, quotas) in &s0 {
        if compared.contains(slot.0) && !s1.contains_key(slot) {
            events.push(event(ChangeKind::QuotaRemoved, key, slot, quotas));
        }
    }
}

/// The account-level quotas added and removed, per region and kind (`model` empty).
pub fn account_quotas(previous: &Metadata, current: &Metadata) -> Vec<ChangeEvent> {
    let compared = read_in_both(previous, current);
    let of = |m: &Metadata| -> BTreeMap<(String, String), (String, Option<f64>)> {
        m.account_quotas
            .iter()
            .flat_map(|(region, list)| {
                list.iter().map(move |q| {
                    (
                        (region.clone(), wire(&q.kind)),
                        (q.quota_code.clone(), q.value),
                    )
                })
            })
            .collect()
    };
    let (a0, a1) = (of(previous), of(current));
    let mut events = Vec::new();
    let changes = [
        (ChangeKind::QuotaAdded, &a1, &a0),
        (ChangeKind::QuotaRemoved, &a0, &a1),
    ];
    for (kind, here, there) in changes {
        for ((region, what), (code, value)) in here {
            if !compared.contains(region.as_str())
                || there.contains_key(&(region.clone(), what.clone()))
            {
                continue;
            }
            let value = value.map(ChangeValue::Amount);
            let (old, new) = match kind {
                ChangeKind::QuotaAdded => (None, value),
                _ => (value, None),
            };
            let mut e = ChangeEvent::new(kind, "").region(region).values(old, new);
            e.dimension = Some(what.clone());
            e.quota_code = Some(code.clone());
            events.push(e);
        }
    }
    events
}
