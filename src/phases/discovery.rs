//! Phase 1, discovery: merges every region's ListFoundationModels into one entry per model key,
//! with per-region availability, every variant id, and the fields of the sample's model object.

use std::collections::{BTreeMap, BTreeSet};

use crate::catalog::conflicts::ModelConflict;
use crate::catalog::routes::{LifecycleDates, LifecycleTimeline, RegionDate};
use crate::catalog::{
    CollectionMetadata, Customization, Lifecycle, Modalities, Model, Provider, RegionAvailability,
    RegionOffer, RegionalDataSource, Variant,
};
use crate::model::ModelRef;
use crate::records::AwsRaw;
use crate::records::FoundationModelSummary;

mod conflicts;

/// The catalogue key of a model id: everything from the first `:` on is dropped, as the sample did
/// (`anthropic.claude-3-sonnet-20240229-v1:0:28k` -> `anthropic.claude-3-sonnet-20240229-v1`).
pub fn model_key(model_id: &str) -> &str {
    model_id.split(':').next().unwrap_or(model_id)
}

/// Whether an id is a context-length or provisioned variant (`...-v1:0:28k`): a second `:` segment.
fn is_variant_id(id: &str) -> bool {
    id.matches(':').count() >= 2
}

/// Chooses the id to call among the ids of one key: one that some region serves on demand or
/// through a profile, not a `:28k`-style variant, and of those the newest version (greatest id:
/// `anthropic.claude-v2:1` over `anthropic.claude-v2`, `amazon.nova-reel-v1:1` over `:0`).
fn invocable_id<'a>(ids: &BTreeMap<&'a str, BTreeMap<&str, &FoundationModelSummary>>) -> &'a str {
    let callable = |id: &str| {
        ids[id].values().any(|s| {
            s.inference_types_supported
                .iter()
                .any(|t| t == "ON_DEMAND" || t == "INFERENCE_PROFILE")
        })
    };
    ids.keys()
        .copied()
        .max_by_key(|id| (callable(id), !is_variant_id(id), *id))
        .expect("a key has at least one id")
}

/// What the regions' model lists disagree on: ids listed twice in one answer (merged by
/// [`discover`], never overwritten), then ids whose fields differ by region.
pub fn model_conflicts(raw: &AwsRaw, home_region: &str) -> Vec<ModelConflict> {
    let answers = conflicts::region_answers(raw);
    let across = conflicts::across_regions(&answers, home_region);
    let mut all = answers.duplicates;
    all.extend(across);
    all
}

/// Builds the providers/models tree from every region whose ListFoundationModels succeeded.
/// `home_region` is preferred as the source of the fields that can differ by region (the ARN).
pub fn discover(raw: &AwsRaw, home_region: &str) -> BTreeMap<String, Provider> {
    // key -> id -> region -> summary, all sorted.
    let mut by_key: BTreeMap<&str, BTreeMap<&str, BTreeMap<&str, &FoundationModelSummary>>> =
        BTreeMap::new();
    let answers = conflicts::region_answers(raw);
    let mut ok_regions = Vec::new();
    for (region, list) in &answers.by_region {
        ok_regions.push(region.clone());
        for s in list {
            by_key
                .entry(model_key(&s.model_id))
                .or_default()
                .entry(&s.model_id)
                .or_default()
                .insert(region, s);
        }
    }

    let mut providers: BTreeMap<String, Provider> = BTreeMap::new();
    for (key, ids) in by_key {
        let model = merge_model(key, &ids, home_region, &ok_regions);
        providers
            .entry(model.model_provider.clone())
            .or_default()
            .models
            .insert(key.to_string(), model);
    }
    providers
}

fn merge_model(
    key: &str,
    ids: &BTreeMap<&str, BTreeMap<&str, &FoundationModelSummary>>,
    home_region: &str,
    ok_regions: &[String],
) -> Model {
    let invocable = invocable_id(ids);
    let in_regions = &ids[invocable];
    let (first_region, primary) = in_regions
        .get_key_value(home_region)
        .or_else(|| in_regions.iter().next())
        .map(|(r, s)| (*r, *s))
        .expect("an id is listed in at least one region");

    let MergedIds {
        inference_types,
        customizations,
        statuses,
        mut regional,
        variants,
    } = merge_ids(ids, home_region);
    finish_regions(&mut regional, ids, invocable);
    let lifecycle_timeline = timeline(&regional);
    let regions_available: Vec<String> = regional.keys().cloned().collect();
    Model {
        model_id: key.to_string(),
        model_arn: primary.model_arn.clone(),
        model_name: primary
            .model_name
            .clone()
            .unwrap_or_else(|| key.to_string()),
        model_provider: primary
            .provider_name
            .clone()
            .unwrap_or_else(|| "Unknown".to_string()),
        model_modalities: Modalities {
            input_modalities: primary.input_modalities.clone(),
            output_modalities: primary.output_modalities.clone(),
        },
        streaming_supported: primary.response_streaming_supported.unwrap_or(false),
        customization: Customization {
            customization_supported: customizations.into_iter().collect(),
            customization_options: BTreeMap::new(),
        },
        inference_types_supported: inference_types.into_iter().collect(),
        model_lifecycle: model_lifecycle(primary, &statuses),
        total_regions_available: regions_available.len(),
        regions_available,
        cross_region_inference: Default::default(),
        collection_metadata: CollectionMetadata {
            // Set by the run from the previous catalogue (this phase has no clock).
            first_discovered_at: String::new(),
            first_discovered_in_region: first_region.to_string(),
            api_source: "list_foundation_models".to_string(),
            dual_region_collection: false,
            regions_collected_from: ok_regions.to_vec(),
            phase2_regional_discovery: false,
            regional_data_source: RegionalDataSource::ApiDiscovery,
        },
        regional_availability_source: "api_discovery".to_string(),
        invocable_model_id: invocable.to_string(),
        model_variants: variants,
        regional_availability: regional,
        lifecycle_timeline,
        ..Default::default()
    }
}

/// What the regions' summaries of one key's ids say together: the inference types,
/// customizations and statuses of any, each region's availability, each id's variant.
#[derive(Default)]
struct MergedIds {
    inference_types: BTreeSet<String>,
    customizations: BTreeSet<String>,
    statuses: BTreeSet<String>,
    regional: BTreeMap<String, RegionAvailability>,
    variants: BTreeMap<String, Variant>,
}

fn merge_ids(
    ids: &BTreeMap<&str, BTreeMap<&str, &FoundationModelSummary>>,
    home_region: &str,
) -> MergedIds {
    let mut out = MergedIds::default();
    for (id, regions) in ids {
        let mut variant = Variant::default();
        for (region, s) in regions {
            let status = lifecycle_status(s);
            out.inference_types
                .extend(s.inference_types_supported.iter().cloned());
            out.customizations
                .extend(s.customizations_supported.iter().cloned());
            out.statuses.insert(status.clone());
            let avail = out.regional.entry(region.to_string()).or_default();
            avail
                .inference_types_supported
                .extend(s.inference_types_supported.iter().cloned());
            avail.model_ids.push(id.to_string());
            avail.lifecycle_status = better_status(&avail.lifecycle_status, &status);
            variant.regions.insert(
                region.to_string(),
                RegionOffer {
                    inference_types_supported: sorted(s.inference_types_supported.iter().cloned()),
                    lifecycle_status: status,
                },
            );
        }
        let (_, arn_source) = regions
            .get_key_value(home_region)
            .or_else(|| regions.iter().next())
            .expect("an id is listed in at least one region");
        variant.model_arn = arn_source.model_arn.clone();
        out.variants.insert(id.to_string(), variant);
    }
    out
}

/// Each region's availability with its lists sorted and its lifecycle dates: the invocable id's,
/// else those of the first id that the region lists.
fn finish_regions(
    regional: &mut BTreeMap<String, RegionAvailability>,
    ids: &BTreeMap<&str, BTreeMap<&str, &FoundationModelSummary>>,
    invocable: &str,
) {
    for (region, avail) in regional.iter_mut() {
        avail.inference_types_supported = sorted(avail.inference_types_supported.drain(..));
        avail.model_ids.sort();
        let summary = ids[invocable].get(region.as_str()).or_else(|| {
            avail
                .model_ids
                .iter()
                .find_map(|id| ids[id.as_str()].get(region.as_str()))
        });
        let dates = summary
            .and_then(|s| s.model_lifecycle.as_ref())
            .map(|l| LifecycleDates {
                start_of_life_time: l.start_of_life_time.clone(),
                legacy_time: l.legacy_time.clone(),
                public_extended_access_time: l.public_extended_access_time.clone(),
                end_of_life_time: l.end_of_life_time.clone(),
            })
            .unwrap_or_default();
        avail.lifecycle_dates = Some(dates);
    }
}

/// The model's lifecycle: the dates of its primary summary, the best status of any id anywhere.
fn model_lifecycle(primary: &FoundationModelSummary, statuses: &BTreeSet<String>) -> Lifecycle {
    let lifecycle = primary.model_lifecycle.clone().unwrap_or_default();
    let status = statuses
        .iter()
        .fold(String::new(), |best, s| better_status(&best, s));
    Lifecycle {
        status,
        release_date: lifecycle
            .start_of_life_time
            .as_deref()
            .and_then(|t| t.get(..10))
            .unwrap_or("")
            .to_string(),
        start_of_life_time: lifecycle.start_of_life_time,
        legacy_time: lifecycle.legacy_time,
        public_extended_access_time: lifecycle.public_extended_access_time,
        end_of_life_time: lifecycle.end_of_life_time,
    }
}

/// The earliest legacy and end-of-life dates over the regions (ties: the first region by name).
pub fn timeline(regional: &BTreeMap<String, RegionAvailability>) -> LifecycleTimeline {
    let earliest = |date: fn(&LifecycleDates) -> Option<&String>| {
        regional
            .iter()
            .filter_map(|(region, a)| date(a.lifecycle_dates.as_ref()?).map(|d| (d, region)))
            .min()
            .map(|(d, region)| RegionDate {
                date: d.clone(),
                region: region.clone(),
            })
    };
    LifecycleTimeline {
        earliest_legacy_time: earliest(|d| d.legacy_time.as_ref()),
        earliest_end_of_life_time: earliest(|d| d.end_of_life_time.as_ref()),
        ..Default::default()
    }
}

fn lifecycle_status(s: &FoundationModelSummary) -> String {
    s.model_lifecycle
        .as_ref()
        .map(|l| l.status.clone())
        .filter(|st| !st.is_empty())
        .unwrap_or_else(|| "UNKNOWN".to_string())
}

/// Of two lifecycle statuses, the one that says the model is most usable: ACTIVE beats LEGACY
/// beats anything else; among others the alphabetically first, so the result is deterministic.
fn better_status(a: &str, b: &str) -> String {
    fn rank(s: &str) -> u8 {
        match s {
            "ACTIVE" => 0,
            "LEGACY" => 1,
            "" => 3,
            _ => 2,
        }
    }
    let best = [a, b]
        .into_iter()
        .min_by_key(|s| (rank(s), *s))
        .unwrap_or(a);
    best.to_string()
}

fn sorted(items: impl Iterator<Item = String>) -> Vec<String> {
    items.collect::<BTreeSet<_>>().into_iter().collect()
}

/// The identities later phases match against, one per catalogue entry, sorted by key.
pub fn model_refs(providers: &BTreeMap<String, Provider>) -> Vec<ModelRef> {
    let mut refs: Vec<ModelRef> = providers
        .values()
        .flat_map(|p| p.models.values())
        .map(|m| ModelRef {
            key: m.model_id.clone(),
            model_id: m.invocable_model_id.clone(),
            variant_ids: m.model_variants.keys().cloned().collect(),
            provider: m.model_provider.clone(),
            name: m.model_name.clone(),
            input_modalities: m.model_modalities.input_modalities.clone(),
            output_modalities: m.model_modalities.output_modalities.clone(),
            regions: offered_in(m),
            region_inference_types: m
                .regional_availability
                .iter()
                .map(|(region, a)| (region.clone(), a.inference_types_supported.clone()))
                .collect(),
        })
        .collect();
    refs.sort_by(|a, b| a.key.cmp(&b.key));
    refs
}

/// The regions that offer a model: where ListFoundationModels lists it, or for a model only
/// Mantle lists (none), where Mantle serves it.
fn offered_in(m: &Model) -> Vec<String> {
    match &m.mantle {
        Some(route) if m.regions_available.is_empty() => route.regions.clone(),
        _ => m.regions_available.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{Failure, RegionRaw, Status};
    use crate::records::{FoundationModelsPage, ModelLifecycle};

    fn summary(region: &str, id: &str, types: &[&str], status: &str) -> FoundationModelSummary {
        FoundationModelSummary {
            model_arn: format!("arn:aws:bedrock:{region}::foundation-model/{id}"),
            model_id: id.to_string(),
            model_name: Some("Claude 3 Sonnet".into()),
            provider_name: Some("Anthropic".into()),
            input_modalities: vec!["TEXT".into(), "IMAGE".into()],
            output_modalities: vec!["TEXT".into()],
            response_streaming_supported: Some(true),
            customizations_supported: vec![],
            inference_types_supported: types.iter().map(|t| t.to_string()).collect(),
            model_lifecycle: Some(ModelLifecycle {
                status: status.into(),
                ..Default::default()
            }),
        }
    }

    fn region(models: Vec<FoundationModelSummary>) -> RegionRaw {
        RegionRaw {
            foundation_models: Ok(vec![FoundationModelsPage {
                model_summaries: models,
            }]),
            inference_profiles: Ok(vec![]),
            service_quotas: Ok(vec![]),
            default_quotas: Ok(vec![]),
            mantle: Ok(vec![]),
            attempts: Default::default(),
        }
    }

    #[test]
    fn the_invocable_id_is_the_newest_callable_non_variant() {
        let mut raw = AwsRaw::default();
        raw.regions.insert(
            "us-east-1".into(),
            region(vec![
                summary("us-east-1", "anthropic.claude-v2", &["ON_DEMAND"], "LEGACY"),
                summary(
                    "us-east-1",
                    "anthropic.claude-v2:1",
                    &["ON_DEMAND"],
                    "ACTIVE",
                ),
                summary(
                    "us-east-1",
                    "anthropic.claude-v2:1:200k",
                    &["PROVISIONED"],
                    "ACTIVE",
                ),
                summary(
                    "us-east-1",
                    "amazon.nova-reel-v1:0",
                    &["PROVISIONED"],
                    "ACTIVE",
                ),
                summary(
                    "us-east-1",
                    "amazon.nova-reel-v1:0:8k",
                    &["PROVISIONED"],
                    "ACTIVE",
                ),
            ]),
        );
        let p = discover(&raw, "us-east-1");
        let m = &p["Anthropic"].models;
        assert_eq!(
            m["anthropic.claude-v2"].invocable_model_id,
            "anthropic.claude-v2:1"
        );
        // Nothing callable on demand: still not the context variant.
        assert_eq!(
            m["amazon.nova-reel-v1"].invocable_model_id,
            "amazon.nova-reel-v1:0"
        );
    }

    #[test]
    fn keys_drop_the_version_suffix() {
        assert_eq!(
            model_key("anthropic.claude-3-sonnet-20240229-v1:0:28k"),
            "anthropic.claude-3-sonnet-20240229-v1"
        );
        assert_eq!(model_key("anthropic.claude-v2"), "anthropic.claude-v2");
    }

    #[test]
    fn variants_and_regions_are_merged_under_one_key() {
        let id = "anthropic.claude-3-sonnet-20240229-v1:0";
        let mut raw = AwsRaw::default();
        raw.regions.insert(
            "us-west-2".into(),
            region(vec![
                summary(
                    "us-west-2",
                    &format!("{id}:28k"),
                    &["PROVISIONED"],
                    "ACTIVE",
                ),
                summary("us-west-2", id, &["ON_DEMAND"], "ACTIVE"),
            ]),
        );
        raw.regions.insert(
            "eu-central-1".into(),
            region(vec![summary(
                "eu-central-1",
                id,
                &["INFERENCE_PROFILE"],
                "LEGACY",
            )]),
        );
        raw.regions.insert(
            "ap-south-1".into(),
            RegionRaw {
                foundation_models: Err(Failure::new(Status::Timeout, "slow")),
                ..region(vec![])
            },
        );
        let providers = discover(&raw, "us-east-1");
        let m = &providers["Anthropic"].models["anthropic.claude-3-sonnet-20240229-v1"];
        assert_eq!(m.invocable_model_id, id);
        // No home-region listing: the ARN comes from the first region alphabetically.
        assert_eq!(
            m.model_arn,
            format!("arn:aws:bedrock:eu-central-1::foundation-model/{id}")
        );
        assert_eq!(m.regions_available, ["eu-central-1", "us-west-2"]);
        assert_eq!(
            m.inference_types_supported,
            ["INFERENCE_PROFILE", "ON_DEMAND", "PROVISIONED"]
        );
        assert_eq!(m.model_lifecycle.status, "ACTIVE");
        assert_eq!(
            m.regional_availability["eu-central-1"].lifecycle_status,
            "LEGACY"
        );
        assert_eq!(
            m.regional_availability["us-west-2"].model_ids,
            [id.to_string(), format!("{id}:28k")]
        );
        assert_eq!(
            m.model_variants[&format!("{id}:28k")].regions["us-west-2"].inference_types_supported,
            ["PROVISIONED"]
        );
        // The failed region is not in the list of regions collected from.
        assert_eq!(
            m.collection_metadata.regions_collected_from,
            ["eu-central-1", "us-west-2"]
        );
        let refs = model_refs(&providers);
        assert_eq!(refs.len(), 1);
        assert_eq!(refs[0].variant_ids, [id.to_string(), format!("{id}:28k")]);
    }

    #[test]
    fn lifecycle_dates_per_region_and_the_earliest_over_regions() {
        let id = "anthropic.claude-3-sonnet-20240229-v1:0";
        let dated = |region: &str, legacy: Option<&str>, eol: Option<&str>| {
            let mut s = summary(region, id, &["ON_DEMAND"], "LEGACY");
            let l = s.model_lifecycle.as_mut().unwrap();
            l.start_of_life_time = Some("2024-02-29T00:00:00Z".into());
            l.legacy_time = legacy.map(str::to_string);
            l.end_of_life_time = eol.map(str::to_string);
            s
        };
        let mut raw = AwsRaw::default();
        for (r, legacy, eol) in [
            (
                "us-east-1",
                Some("2026-03-01T00:00:00Z"),
                Some("2026-09-01T00:00:00Z"),
            ),
            ("eu-west-1", Some("2026-02-01T00:00:00Z"), None),
            ("us-west-2", None, Some("2026-08-01T00:00:00Z")),
            ("ap-south-1", Some("2026-02-01T00:00:00Z"), None),
        ] {
            raw.regions
                .insert(r.into(), region(vec![dated(r, legacy, eol)]));
        }
        let providers = discover(&raw, "us-east-1");
        let m = &providers["Anthropic"].models["anthropic.claude-3-sonnet-20240229-v1"];
        let east = m.regional_availability["us-east-1"]
            .lifecycle_dates
            .as_ref()
            .unwrap();
        assert_eq!(east.legacy_time.as_deref(), Some("2026-03-01T00:00:00Z"));
        assert_eq!(
            east.end_of_life_time.as_deref(),
            Some("2026-09-01T00:00:00Z")
        );
        assert_eq!(east.public_extended_access_time, None);
        assert_eq!(
            m.regional_availability["us-west-2"]
                .lifecycle_dates
                .as_ref()
                .unwrap()
                .legacy_time,
            None
        );
        // Earliest over regions; a tie goes to the first region by name.
        assert_eq!(
            m.lifecycle_timeline.earliest_legacy_time,
            Some(RegionDate {
                date: "2026-02-01T00:00:00Z".into(),
                region: "ap-south-1".into()
            })
        );
        assert_eq!(
            m.lifecycle_timeline.earliest_end_of_life_time,
            Some(RegionDate {
                date: "2026-08-01T00:00:00Z".into(),
                region: "us-west-2".into()
            })
        );
    }
}
