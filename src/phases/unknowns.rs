//! Unknowns said out loud: what each source gave that the run did not understand, read from the
//! catalogue's own metadata (so a catalogue written before they were recorded gives them too) or,
//! for the enum values of AWS's answers and LiteLLM's keys, from what the run read; and the
//! `unknown-appeared` events for kinds the previous catalogue did not have.

use std::collections::{BTreeMap, BTreeSet};

use crate::catalog::Metadata;
use crate::catalog::mantle::MantleDecision;
use crate::catalog::pricing::UnmatchedReason;
use crate::catalog::quotas::UnassignedReason;
use crate::catalog::unknowns::{EXAMPLES, UnknownGroup, UnknownKind, UnknownSource};
use crate::records::AwsRaw;
use crate::records::vocabulary::EnumField;

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

/// Value -> the places it was met (`<model or profile id> in <region>`), of one enum field.
type Sightings = BTreeMap<String, BTreeSet<String>>;

/// The enum values of the AWS answers (ListFoundationModels, the system-defined and the account's
/// application profiles) that are not in the collector's vocabulary, one group per field: `count`
/// the distinct values, `families` the values, examples a value with the place it was met. The
/// catalogue keeps each value as AWS wrote it; none is read as a route.
pub fn aws_values(raw: &AwsRaw) -> Vec<UnknownGroup> {
    let mut by: BTreeMap<EnumField, Sightings> = BTreeMap::new();
    for (region, r) in &raw.regions {
        let listed = r.foundation_models.iter().flatten();
        for m in listed.flat_map(|p| &p.model_summaries) {
            let mut see = |field, value: &String| {
                sighted(&mut by, field, value, || {
                    format!("{} in {region}", m.model_id)
                });
            };
            for t in &m.inference_types_supported {
                see(EnumField::InferenceType, t);
            }
            for x in m.input_modalities.iter().chain(&m.output_modalities) {
                see(EnumField::Modality, x);
            }
            for c in &m.customizations_supported {
                see(EnumField::Customization, c);
            }
            if let Some(l) = &m.model_lifecycle {
                see(EnumField::LifecycleStatus, &l.status);
            }
        }
        let application = raw.account.get(region).map(|a| &a.application_profiles);
        let pages = r
            .inference_profiles
            .iter()
            .chain(application.into_iter().flatten());
        for p in pages.flatten().flat_map(|p| &p.inference_profile_summaries) {
            let place = || format!("{} in {region}", p.inference_profile_id);
            sighted(&mut by, EnumField::ProfileType, &p.profile_type, place);
            sighted(&mut by, EnumField::ProfileStatus, &p.status, place);
        }
    }
    by.into_iter()
        .map(|(field, values)| UnknownGroup {
            source: UnknownSource::Aws,
            kind: enum_kind(field),
            count: values.len(),
            families: values.keys().cloned().collect(),
            examples: value_examples(&values),
        })
        .collect()
}

/// Records `value` of `field` at `place` when the vocabulary does not know it.
fn sighted(
    by: &mut BTreeMap<EnumField, Sightings>,
    field: EnumField,
    value: &str,
    place: impl Fn() -> String,
) {
    if !field.is_known(value) {
        let places = by.entry(field).or_default();
        places.entry(value.to_string()).or_default().insert(place());
    }
}

/// Up to five `VALUE (place)`, sorted: the first place of every value before a second of any.
fn value_examples(values: &Sightings) -> Vec<String> {
    let mut examples = BTreeSet::new();
    let most = values.values().map(BTreeSet::len).max().unwrap_or(0);
    'rank: for rank in 0..most {
        for (value, places) in values {
            if examples.len() == EXAMPLES {
                break 'rank;
            }
            if let Some(place) = places.iter().nth(rank) {
                let shown = if value.is_empty() {
                    "\"\""
                } else {
                    value.as_str()
                };
                examples.insert(format!("{shown} ({place})"));
            }
        }
    }
    examples.into_iter().collect()
}

/// The unknown kind of an enum field.
fn enum_kind(field: EnumField) -> UnknownKind {
    match field {
        EnumField::InferenceType => UnknownKind::InferenceType,
        EnumField::LifecycleStatus => UnknownKind::LifecycleStatus,
        EnumField::Modality => UnknownKind::Modality,
        EnumField::Customization => UnknownKind::Customization,
        EnumField::ProfileType => UnknownKind::ProfileType,
        EnumField::ProfileStatus => UnknownKind::ProfileStatus,
    }
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
/// e.g. ..."); a source with several kinds says each, one after the other (". ").
pub fn summary_lines(m: &Metadata) -> Vec<(UnknownSource, String)> {
    let mut groups = of(m);
    groups.sort_by_key(|g| (g.source, g.kind));
    let mut lines: Vec<(UnknownSource, String)> = Vec::new();
    for g in groups {
        let text = format!(
            "{}, e.g. {}",
            g.kind.counted(g.count),
            g.examples.join("; ")
        );
        match lines.last_mut() {
            Some((source, line)) if *source == g.source => {
                line.push_str(". ");
                line.push_str(&text);
            }
            _ => lines.push((g.source, text)),
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{
        FoundationModelSummary, FoundationModelsPage, InferenceProfileSummary,
        InferenceProfilesPage, ModelLifecycle, RegionRaw, mantle_skipped,
    };

    fn summary(id: &str, types: &[&str], status: &str, output: &[&str]) -> FoundationModelSummary {
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
        FoundationModelSummary {
            model_id: id.to_string(),
            input_modalities: strings(&["TEXT"]),
            output_modalities: strings(output),
            customizations_supported: strings(&["FINE_TUNING"]),
            inference_types_supported: strings(types),
            model_lifecycle: Some(ModelLifecycle {
                status: status.to_string(),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    fn region(models: Vec<FoundationModelSummary>, profile_type: &str) -> RegionRaw {
        RegionRaw {
            foundation_models: Ok(vec![FoundationModelsPage {
                model_summaries: models,
            }]),
            inference_profiles: Ok(vec![InferenceProfilesPage {
                inference_profile_summaries: vec![InferenceProfileSummary {
                    inference_profile_id: "us.a.m-v1:0".to_string(),
                    status: "ACTIVE".to_string(),
                    profile_type: profile_type.to_string(),
                    ..Default::default()
                }],
                next_token: None,
            }]),
            service_quotas: Ok(vec![]),
            default_quotas: Ok(vec![]),
            mantle: mantle_skipped("off"),
            attempts: BTreeMap::new(),
        }
    }

    #[test]
    fn enum_values_outside_the_vocabulary_are_grouped_per_field_with_where_they_were_met() {
        let mut raw = AwsRaw::default();
        raw.regions.insert(
            "us-east-1".to_string(),
            region(
                vec![
                    summary("a.m-v1:0", &["ON_DEMAND", "FLEX_TIER"], "ACTIVE", &["TEXT"]),
                    summary("a.n-v1:0", &["FLEX_TIER"], "SUNSETTING", &["VIDEO_3D"]),
                ],
                "SYSTEM_DEFINED",
            ),
        );
        raw.regions.insert(
            "us-west-2".to_string(),
            region(
                vec![summary(
                    "a.m-v1:0",
                    &["FLEX_TIER", "TURBO"],
                    "ACTIVE",
                    &["TEXT"],
                )],
                "REGIONAL",
            ),
        );
        let groups = aws_values(&raw);
        let got: Vec<(UnknownKind, usize, Vec<String>, Vec<String>)> = groups
            .into_iter()
            .map(|g| {
                assert_eq!(g.source, UnknownSource::Aws);
                (g.kind, g.count, g.families, g.examples)
            })
            .collect();
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            got,
            [
                (
                    UnknownKind::InferenceType,
                    2,
                    s(&["FLEX_TIER", "TURBO"]),
                    // Each value's first place, then FLEX_TIER's others.
                    s(&[
                        "FLEX_TIER (a.m-v1:0 in us-east-1)",
                        "FLEX_TIER (a.m-v1:0 in us-west-2)",
                        "FLEX_TIER (a.n-v1:0 in us-east-1)",
                        "TURBO (a.m-v1:0 in us-west-2)",
                    ])
                ),
                (
                    UnknownKind::LifecycleStatus,
                    1,
                    s(&["SUNSETTING"]),
                    s(&["SUNSETTING (a.n-v1:0 in us-east-1)"])
                ),
                (
                    UnknownKind::Modality,
                    1,
                    s(&["VIDEO_3D"]),
                    s(&["VIDEO_3D (a.n-v1:0 in us-east-1)"])
                ),
                (
                    UnknownKind::ProfileType,
                    1,
                    s(&["REGIONAL"]),
                    s(&["REGIONAL (us.a.m-v1:0 in us-west-2)"])
                ),
            ]
        );
    }

    #[test]
    fn only_known_values_give_no_group() {
        let mut raw = AwsRaw::default();
        raw.regions.insert(
            "us-east-1".to_string(),
            region(
                vec![summary(
                    "a.m-v1:0",
                    &["INFERENCE_PROFILE", "ON_DEMAND", "PROVISIONED"],
                    "LEGACY",
                    &["TEXT", "SPEECH"],
                )],
                "SYSTEM_DEFINED",
            ),
        );
        assert_eq!(aws_values(&raw), Vec::<UnknownGroup>::new());
    }

    #[test]
    fn five_examples_at_most_every_value_first() {
        let values: Sightings = (1..=7)
            .map(|i| {
                let places = (1..=3).map(|p| format!("m{p} in r")).collect();
                (format!("V{i}"), places)
            })
            .collect();
        assert_eq!(
            value_examples(&values),
            [
                "V1 (m1 in r)",
                "V2 (m1 in r)",
                "V3 (m1 in r)",
                "V4 (m1 in r)",
                "V5 (m1 in r)"
            ]
        );
    }

    #[test]
    fn a_source_with_several_kinds_is_one_summary_line() {
        let group = |kind, example: &str| UnknownGroup {
            source: UnknownSource::Aws,
            kind,
            count: 1,
            families: vec![],
            examples: vec![example.to_string()],
        };
        let m = Metadata {
            unknowns: Some(vec![
                group(
                    UnknownKind::LifecycleStatus,
                    "SUNSETTING (a.n-v1:0 in us-east-1)",
                ),
                group(
                    UnknownKind::InferenceType,
                    "FLEX_TIER (a.m-v1:0 in us-east-1)",
                ),
            ]),
            ..Metadata::default()
        };
        assert_eq!(
            summary_lines(&m),
            [(
                UnknownSource::Aws,
                "1 inference type not known, e.g. FLEX_TIER (a.m-v1:0 in us-east-1). \
                 1 lifecycle status not known, e.g. SUNSETTING (a.n-v1:0 in us-east-1)"
                    .to_string()
            )]
        );
    }
}
