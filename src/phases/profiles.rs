//! Phase 4, cross-region inference: attaches every system-defined inference profile to the models
//! it routes to, with the region it is called from and the regions it routes requests to.

use std::collections::{BTreeMap, BTreeSet};

use crate::catalog::{CrossRegionInference, ProfileEntry, Provider};
use crate::phases::discovery::model_key;
use crate::records::AwsRaw;

/// Splits a foundation-model ARN (`arn:aws:bedrock:us-east-2::foundation-model/meta.llama3-2-1b-instruct-v1:0`)
/// into its region and model id. Global profiles name a destination with an empty region
/// (`arn:aws:bedrock:::foundation-model/...`): any commercial region. Returns `None` for anything else.
pub fn parse_model_arn(arn: &str) -> Option<(&str, &str)> {
    let mut parts = arn.splitn(6, ':');
    let (Some("arn"), Some(_partition), Some("bedrock"), Some(region), Some(_account), Some(rest)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return None;
    };
    let id = rest.strip_prefix("foundation-model/")?;
    (!id.is_empty()).then_some((region, id))
}

/// What phase 4 learned about profiles as a whole, for the metadata.
#[derive(Debug, Default, PartialEq)]
pub struct ProfileStats {
    /// Distinct profile ids seen in any region.
    pub total_profiles: usize,
    /// Profiles none of whose destination models is in the catalogue, sorted.
    pub profiles_without_model: Vec<String>,
}

/// Fills `cross_region_inference` of every model from every region's ListInferenceProfiles.
pub fn attach_profiles(providers: &mut BTreeMap<String, Provider>, raw: &AwsRaw) -> ProfileStats {
    // model key -> (profile id, source region) -> entry
    let mut by_model: BTreeMap<String, BTreeMap<(String, String), ProfileEntry>> = BTreeMap::new();
    let mut all_ids = BTreeSet::new();
    for (source_region, r) in &raw.regions {
        let Ok(pages) = &r.inference_profiles else {
            continue;
        };
        for p in pages.iter().flat_map(|p| &p.inference_profile_summaries) {
            all_ids.insert(p.inference_profile_id.clone());
            // Destinations per model key: a profile normally routes one model to several regions.
            let mut destinations: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
            for m in &p.models {
                if let Some((region, id)) = parse_model_arn(&m.model_arn) {
                    destinations
                        .entry(model_key(id))
                        .or_default()
                        .insert(region);
                }
            }
            for (key, regions) in destinations {
                by_model.entry(key.to_string()).or_default().insert(
                    (p.inference_profile_id.clone(), source_region.clone()),
                    ProfileEntry {
                        profile_id: p.inference_profile_id.clone(),
                        profile_name: p.inference_profile_name.clone(),
                        profile_type: p.profile_type.clone(),
                        source_region: source_region.clone(),
                        description: p.description.clone().unwrap_or_default(),
                        status: p.status.clone(),
                        routes_globally: regions.contains(""),
                        destination_regions: regions
                            .into_iter()
                            .filter(|r| !r.is_empty())
                            .map(str::to_string)
                            .collect(),
                        pricing: None,
                        created_at: p.created_at.clone(),
                        updated_at: p.updated_at.clone(),
                    },
                );
            }
        }
    }

    let mut attached = BTreeSet::new();
    for model in providers.values_mut().flat_map(|p| p.models.values_mut()) {
        let profiles: Vec<ProfileEntry> = by_model
            .remove(&model.model_id)
            .map(|m| m.into_values().collect())
            .unwrap_or_default();
        attached.extend(profiles.iter().map(|p| p.profile_id.clone()));
        let source_regions: BTreeSet<String> =
            profiles.iter().map(|p| p.source_region.clone()).collect();
        model.cross_region_inference = CrossRegionInference {
            supported: !profiles.is_empty(),
            profiles_count: profiles.len(),
            source_regions: source_regions.into_iter().collect(),
            profiles,
        };
    }
    ProfileStats {
        total_profiles: all_ids.len(),
        profiles_without_model: all_ids.difference(&attached).cloned().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Model;
    use crate::records::{Failure, RegionRaw, Status};
    use crate::records::{InferenceProfileModel, InferenceProfileSummary, InferenceProfilesPage};

    #[test]
    fn arns_split_into_region_and_id() {
        assert_eq!(
            parse_model_arn(
                "arn:aws:bedrock:us-east-2::foundation-model/meta.llama3-2-1b-instruct-v1:0"
            ),
            Some(("us-east-2", "meta.llama3-2-1b-instruct-v1:0"))
        );
        assert_eq!(
            parse_model_arn("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.x"),
            None
        );
        assert_eq!(parse_model_arn("meta.llama3"), None);
        assert_eq!(
            parse_model_arn(
                "arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0"
            ),
            Some(("", "anthropic.claude-sonnet-4-5-20250929-v1:0"))
        );
    }

    fn profile(id: &str, regions: &[&str]) -> InferenceProfileSummary {
        InferenceProfileSummary {
            inference_profile_name: format!("US {id}"),
            inference_profile_arn: format!("arn:aws:bedrock:us-east-1:1:inference-profile/{id}"),
            inference_profile_id: id.into(),
            description: Some("Routes requests".into()),
            models: regions
                .iter()
                .map(|r| InferenceProfileModel {
                    model_arn: format!(
                        "arn:aws:bedrock:{r}::foundation-model/meta.llama3-2-1b-instruct-v1:0"
                    ),
                })
                .collect(),
            status: "ACTIVE".into(),
            profile_type: "SYSTEM_DEFINED".into(),
            ..Default::default()
        }
    }

    fn region(profiles: Vec<InferenceProfileSummary>) -> RegionRaw {
        RegionRaw {
            foundation_models: Ok(vec![]),
            inference_profiles: Ok(vec![InferenceProfilesPage {
                inference_profile_summaries: profiles,
                next_token: None,
            }]),
            service_quotas: Ok(vec![]),
            default_quotas: Ok(vec![]),
            mantle: Ok(vec![]),
            attempts: Default::default(),
        }
    }

    #[test]
    fn profiles_attach_per_source_region_with_destinations() {
        let mut providers = BTreeMap::new();
        let mut p = Provider::default();
        p.models.insert(
            "meta.llama3-2-1b-instruct-v1".into(),
            Model {
                model_id: "meta.llama3-2-1b-instruct-v1".into(),
                ..Default::default()
            },
        );
        providers.insert("Meta".to_string(), p);
        let mut raw = AwsRaw::default();
        let us = profile(
            "us.meta.llama3-2-1b-instruct-v1:0",
            &["us-west-2", "us-east-1", "us-east-2"],
        );
        raw.regions.insert(
            "us-east-1".into(),
            region(vec![us.clone(), profile("us.other", &[])]),
        );
        raw.regions.insert("us-west-2".into(), region(vec![us]));
        raw.regions.insert(
            "eu-west-1".into(),
            RegionRaw {
                inference_profiles: Err(Failure::new(Status::Error, "boom")),
                ..region(vec![])
            },
        );
        let stats = attach_profiles(&mut providers, &raw);
        let cri = &providers["Meta"].models["meta.llama3-2-1b-instruct-v1"].cross_region_inference;
        assert!(cri.supported);
        assert_eq!(cri.profiles_count, 2);
        assert_eq!(cri.source_regions, ["us-east-1", "us-west-2"]);
        assert_eq!(cri.profiles[0].source_region, "us-east-1");
        assert_eq!(
            cri.profiles[0].destination_regions,
            ["us-east-1", "us-east-2", "us-west-2"]
        );
        assert_eq!(
            stats,
            ProfileStats {
                total_profiles: 2,
                profiles_without_model: vec!["us.other".into()],
            }
        );
    }
}
