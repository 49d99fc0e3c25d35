//! What the regions' model lists disagree on. A model id listed twice in one answer is merged
//! into its first entry (the inference types and customizations of both), never overwritten; an id
//! whose fields differ by region keeps the home region's values in the body. Both are recorded.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Value, json};

use crate::catalog::conflicts::{ConflictField, ConflictKind, ModelConflict, RegionValue};
use crate::records::{AwsRaw, FoundationModelSummary};

/// Each region whose ListFoundationModels succeeded, with one entry per model id, and the ids that
/// one answer listed more than once.
pub(super) struct RegionAnswers {
    pub(super) by_region: Vec<(String, Vec<FoundationModelSummary>)>,
    pub(super) duplicates: Vec<ModelConflict>,
}

pub(super) fn region_answers(raw: &AwsRaw) -> RegionAnswers {
    let mut answers = RegionAnswers {
        by_region: vec![],
        duplicates: vec![],
    };
    for (region, r) in &raw.regions {
        let Ok(pages) = &r.foundation_models else {
            continue;
        };
        let mut merged: Vec<FoundationModelSummary> = vec![];
        let mut at: HashMap<&str, usize> = HashMap::new();
        let mut entries: BTreeMap<&str, Vec<(&str, &FoundationModelSummary)>> = BTreeMap::new();
        for s in pages.iter().flat_map(|p| &p.model_summaries) {
            if s.model_id.is_empty() {
                continue;
            }
            entries.entry(&s.model_id).or_default().push((region, s));
            match at.get(s.model_id.as_str()) {
                Some(&i) => {
                    union_into(
                        &mut merged[i].inference_types_supported,
                        &s.inference_types_supported,
                    );
                    union_into(
                        &mut merged[i].customizations_supported,
                        &s.customizations_supported,
                    );
                }
                None => {
                    at.insert(&s.model_id, merged.len());
                    merged.push(s.clone());
                }
            }
        }
        for (id, list) in entries.into_iter().filter(|(_, l)| l.len() > 1) {
            answers.duplicates.push(ModelConflict {
                model_id: id.to_string(),
                kind: ConflictKind::DuplicateInAnswer,
                regions: vec![region.clone()],
                fields: differing(&list, true),
                resolution: format!(
                    "listed {} times in {region}'s answer: merged into one entry with the \
                     inference types and customizations of all, the other fields the first's",
                    list.len()
                ),
            });
        }
        answers.by_region.push((region.clone(), merged));
    }
    answers
}

/// The ids whose name, provider, modalities, streaming or customizations differ between regions.
/// The body shows `home_region`'s values (else the first region's that lists the id).
pub(super) fn across_regions(answers: &RegionAnswers, home_region: &str) -> Vec<ModelConflict> {
    let mut by_id: BTreeMap<&str, BTreeMap<&str, &FoundationModelSummary>> = BTreeMap::new();
    for (region, list) in &answers.by_region {
        for s in list {
            by_id.entry(&s.model_id).or_default().insert(region, s);
        }
    }
    let mut out = vec![];
    for (id, regions) in by_id {
        let entries: Vec<(&str, &FoundationModelSummary)> =
            regions.iter().map(|(r, s)| (*r, *s)).collect();
        let fields = differing(&entries, false);
        if fields.is_empty() {
            continue;
        }
        let kept = if regions.contains_key(home_region) {
            home_region
        } else {
            entries[0].0
        };
        out.push(ModelConflict {
            model_id: id.to_string(),
            kind: ConflictKind::DiffersAcrossRegions,
            regions: regions.keys().map(|r| r.to_string()).collect(),
            fields,
            resolution: format!(
                "the catalogue shows {kept}'s values; the other regions' values are listed here"
            ),
        });
    }
    out
}

fn union_into(into: &mut Vec<String>, more: &[String]) {
    for m in more {
        if !into.contains(m) {
            into.push(m.clone());
        }
    }
}

/// The fields compared, with their values. `per_entry` adds those that rightly differ by region
/// (inference types, ARN, lifecycle status) but not between two entries of one answer.
fn fields(s: &FoundationModelSummary, per_entry: bool) -> Vec<(&'static str, Value)> {
    let sorted = |v: &[String]| {
        let mut v = v.to_vec();
        v.sort();
        json!(v)
    };
    let mut f = vec![
        ("model_name", json!(s.model_name)),
        ("provider_name", json!(s.provider_name)),
        ("input_modalities", sorted(&s.input_modalities)),
        ("output_modalities", sorted(&s.output_modalities)),
        (
            "response_streaming_supported",
            json!(s.response_streaming_supported),
        ),
        (
            "customizations_supported",
            sorted(&s.customizations_supported),
        ),
    ];
    if per_entry {
        f.push((
            "inference_types_supported",
            sorted(&s.inference_types_supported),
        ));
        f.push(("model_arn", json!(s.model_arn)));
        f.push((
            "lifecycle_status",
            json!(s.model_lifecycle.as_ref().map(|l| &l.status)),
        ));
    }
    f
}

/// The fields whose value is not the same in every entry, each with every entry's value.
fn differing(entries: &[(&str, &FoundationModelSummary)], per_entry: bool) -> Vec<ConflictField> {
    let values: Vec<Vec<(&str, Value)>> =
        entries.iter().map(|(_, s)| fields(s, per_entry)).collect();
    let Some(first) = values.first() else {
        return vec![];
    };
    (0..first.len())
        .filter(|&i| values.iter().any(|v| v[i].1 != first[i].1))
        .map(|i| ConflictField {
            field: first[i].0.to_string(),
            values: entries
                .iter()
                .zip(&values)
                .map(|((region, _), v)| RegionValue {
                    region: region.to_string(),
                    value: v[i].1.clone(),
                })
                .collect(),
        })
        .collect()
}
