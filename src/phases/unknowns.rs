//! Unknowns said out loud: what each source gave that the run did not understand, read from the
//! catalogue's own metadata (so a catalogue written before they were recorded gives them too), and
//! the `unknown-appeared` events for kinds the previous catalogue did not have.

use std::collections::{BTreeMap, BTreeSet};

use crate::catalog::Metadata;
use crate::catalog::mantle::MantleDecision;
use crate::catalog::pricing::UnmatchedReason;
use crate::catalog::quotas::UnassignedReason;
use crate::catalog::unknowns::{EXAMPLES, UnknownGroup, UnknownKind, UnknownSource};

use super::change_event::{ChangeEvent, ChangeKind, ChangeValue};

/// The family of a quota name: the name up to its last " for " (where the model is named), with
/// `…` in place of the model; the whole name when it names none.
pub fn quota_name_family(name: &str) -> String {
    let text = name.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.to_ascii_lowercase().rfind(" for ") {
        Some(at) => format!("{} …", &text[..at + " for".len()]),
        None => text,
    }
}

/// One group's distinct items: item -> (family, example).
type Items = BTreeMap<String, (String, String)>;

/// The unknowns of a catalogue, from its metadata: sorted by source and kind, only the kinds seen.
pub fn collect(m: &Metadata) -> Vec<UnknownGroup> {
    let mut by: BTreeMap<(UnknownSource, UnknownKind), Items> = BTreeMap::new();
    for q in &m.unassigned_quotas {
        if q.reason == UnassignedReason::UnrecognisedName {
            by.entry((UnknownSource::Quotas, UnknownKind::QuotaNameFamily))
                .or_default()
                .insert(
                    q.quota_code.clone(),
                    (quota_name_family(&q.quota_name), q.quota_name.clone()),
                );
        }
    }
    for row in &m.unmatched_price_rows {
        if matches!(row.reason, UnmatchedReason::NoModel(_)) {
            let kind = UnknownKind::PriceRowWithoutModel;
            by.entry((UnknownSource::PriceList, kind))
                .or_default()
                .insert(row.sku.clone(), (kind_family(kind), row.usagetype.clone()));
        }
    }
    for join in m.mantle.iter().flat_map(|s| &s.joins) {
        if join.decision != MantleDecision::Joined {
            let kind = UnknownKind::MantleIdNotJoined;
            by.entry((UnknownSource::Mantle, kind)).or_default().insert(
                join.mantle_id.clone(),
                (kind_family(kind), join.mantle_id.clone()),
            );
        }
    }
    by.into_iter()
        .map(|((source, kind), items)| {
            let families: BTreeSet<String> = items.values().map(|(f, _)| f.clone()).collect();
            let examples: BTreeSet<String> = items.values().map(|(_, e)| e.clone()).collect();
            UnknownGroup {
                source,
                kind,
                count: items.len(),
                families: families.into_iter().collect(),
                examples: examples.into_iter().take(EXAMPLES).collect(),
            }
        })
        .collect()
}

/// The group of LiteLLM's Bedrock keys that name no model (sorted), if there are any.
pub fn litellm_keys(keys: &[String]) -> Option<UnknownGroup> {
    let kind = UnknownKind::LitellmKeyWithoutModel;
    (!keys.is_empty()).then(|| UnknownGroup {
        source: UnknownSource::Litellm,
        kind,
        count: keys.len(),
        families: vec![kind_family(kind)],
        examples: keys.iter().take(EXAMPLES).cloned().collect(),
    })
}

/// The family of a kind that has no finer one: its own name.
fn kind_family(kind: UnknownKind) -> String {
    match serde_json::to_value(kind) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

/// The unknowns a catalogue records, else those its metadata gives.
fn of(m: &Metadata) -> Vec<UnknownGroup> {
    m.unknowns.clone().unwrap_or_else(|| collect(m))
}

/// One `unknown-appeared` per (source, kind, family) the current catalogue has and the previous
/// one had not: `dimension` the source, `field` the kind, `new` the family.
pub fn appeared(previous: &Metadata, current: &Metadata) -> Vec<ChangeEvent> {
    let seen: BTreeSet<(UnknownSource, UnknownKind, String)> = of(previous)
        .into_iter()
        .flat_map(|g| g.families.into_iter().map(move |f| (g.source, g.kind, f)))
        .collect();
    let mut events = Vec::new();
    for g in of(current) {
        for family in &g.families {
            if seen.contains(&(g.source, g.kind, family.clone())) {
                continue;
            }
            let mut e = ChangeEvent::new(ChangeKind::UnknownAppeared, "")
                .values(None, Some(ChangeValue::Text(family.clone())));
            e.dimension = Some(g.source.label().to_string());
            e.field = Some(kind_family(g.kind));
            events.push(e);
        }
    }
    events
}

/// One line per source with unknowns, for the run summary: (source, "23 names of no known family,
/// e.g. ...").
pub fn summary_lines(m: &Metadata) -> Vec<(UnknownSource, String)> {
    of(m)
        .into_iter()
        .map(|g| {
            let examples: Vec<&str> = g.examples.iter().map(String::as_str).collect();
            (
                g.source,
                format!("{}, e.g. {}", g.kind.counted(g.count), examples.join("; ")),
            )
        })
        .collect()
}
