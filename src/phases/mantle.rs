//! The Mantle join: each id Mantle's `/v1/models` lists goes to the one ListFoundationModels model
//! it names, precision first; an id that names none (or several) becomes a model entry of its own.
//!
//! Mantle ids carry no geo prefix and often no version suffix. An id joins a model when it is one
//! of that model's ids or its key (`openai.gpt-5.4`), or else when exactly one model has an id that
//! is the Mantle id plus a version suffix (`qwen.qwen3-32b` -> `qwen.qwen3-32b-v1:0`,
//! `openai.gpt-oss-120b` -> `openai.gpt-oss-120b-1:0`). Never a neighbour's: a suffix is only
//! `-vN:M` or `-N:M` at the end, so `-thinking`, another size or a date never fit.

use std::collections::{BTreeMap, BTreeSet};

use crate::catalog::mantle::{MantleDecision, MantleJoin, MantleRoute, MantleRule, MantleSummary};
use crate::catalog::{CollectionMetadata, Model, Provider, RegionalDataSource};
use crate::records::AwsRaw;

/// Where a model is in the catalogue: (provider, key).
type At = (String, String);

/// The id without its version suffix (`-v1:0`, `-1:0`, the `:N` segments after it included), when
/// it has one.
pub fn without_version_suffix(id: &str) -> Option<&str> {
    let (head, tail) = id.split_once(':')?;
    let first = tail.split(':').next().unwrap_or("");
    if first.is_empty() || !first.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (base, version) = head.rsplit_once('-')?;
    let digits = version.strip_prefix('v').unwrap_or(version);
    let is_version = (1..=3).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
    (is_version && !base.is_empty()).then_some(base)
}

/// Joins the Mantle lists of `raw` to the models of `providers`: sets `mantle` on joined models and
/// adds an entry for every id that joins none. `None` when Mantle was not asked.
pub fn attach_mantle(
    providers: &mut BTreeMap<String, Provider>,
    raw: &AwsRaw,
) -> Option<MantleSummary> {
    let template = raw.mantle_url.as_deref()?;
    let base_url_template = crate::records::api_base_template(template);
    let listings = Listings::of(raw);
    let joins = joins(&listings.listed, &CatalogueIds::of(providers));
    let route = |id: &str| MantleRoute {
        model_id: id.to_string(),
        regions: listings.listed[id].iter().map(|r| r.to_string()).collect(),
        base_url_template: base_url_template.clone(),
    };
    let mut summary = MantleSummary {
        base_url_template: base_url_template.clone(),
        models_by_region: listings.models_by_region,
        distinct_models: listings.listed.len(),
        ..Default::default()
    };
    for (id, (join, at)) in joins {
        match join.decision {
            MantleDecision::Joined => summary.joined += 1,
            MantleDecision::OwnEntry => summary.own_entries += 1,
            MantleDecision::Ambiguous => summary.ambiguous += 1,
        }
        match at {
            Some((provider, key)) => {
                if let Some(m) = providers
                    .get_mut(&provider)
                    .and_then(|p| p.models.get_mut(&key))
                {
                    m.mantle = Some(route(id));
                }
            }
            None => {
                let owner = listings.owners.get(id).copied();
                let provider = provider_of(providers, id, owner);
                let model = own_entry(id, &provider, route(id), &listings.answered);
                providers
                    .entry(provider)
                    .or_default()
                    .models
                    .insert(id.to_string(), model);
            }
        }
        summary.joins.push(join);
    }
    Some(summary)
}

/// What the regions' Mantle lists say: each id with the regions listing it and its owner, how many
/// ids each region lists, and the regions that answered.
struct Listings<'a> {
    listed: BTreeMap<&'a str, BTreeSet<&'a str>>,
    owners: BTreeMap<&'a str, &'a str>,
    models_by_region: BTreeMap<String, usize>,
    answered: Vec<String>,
}

impl<'a> Listings<'a> {
    fn of(raw: &'a AwsRaw) -> Listings<'a> {
        let mut out = Listings {
            listed: BTreeMap::new(),
            owners: BTreeMap::new(),
            models_by_region: BTreeMap::new(),
            answered: Vec::new(),
        };
        for (region, r) in &raw.regions {
            let Ok(pages) = &r.mantle else { continue };
            out.answered.push(region.clone());
            let mut here = BTreeSet::new();
            for m in pages.iter().flat_map(|p| &p.data) {
                if m.id.is_empty() {
                    continue;
                }
                here.insert(m.id.as_str());
                out.listed.entry(&m.id).or_default().insert(region);
                if let Some(owner) = m.owned_by.as_deref().filter(|o| !o.is_empty()) {
                    out.owners.entry(&m.id).or_insert(owner);
                }
            }
            out.models_by_region.insert(region.clone(), here.len());
        }
        out
    }
}

/// Every id and key of the catalogue with its model; every id without its version suffix with
/// the models it fits.
struct CatalogueIds {
    exact: BTreeMap<String, At>,
    by_base: BTreeMap<String, BTreeSet<At>>,
}

impl CatalogueIds {
    fn of(providers: &BTreeMap<String, Provider>) -> CatalogueIds {
        let mut exact: BTreeMap<String, At> = BTreeMap::new();
        let mut by_base: BTreeMap<String, BTreeSet<At>> = BTreeMap::new();
        for (provider, p) in providers.iter() {
            for (key, model) in &p.models {
                let at = (provider.clone(), key.clone());
                for id in std::iter::once(key).chain(model.model_variants.keys()) {
                    exact.insert(id.clone(), at.clone());
                    if let Some(base) = without_version_suffix(id) {
                        by_base
                            .entry(base.to_string())
                            .or_default()
                            .insert(at.clone());
                    }
                }
            }
        }
        CatalogueIds { exact, by_base }
    }
}

/// Each listed Mantle id's join and the model it joins, if any. Exact ids first, so that a suffix
/// join never takes a model another id names exactly.
fn joins<'a>(
    listed: &BTreeMap<&'a str, BTreeSet<&'a str>>,
    ids: &CatalogueIds,
) -> BTreeMap<&'a str, (MantleJoin, Option<At>)> {
    let mut joins: BTreeMap<&str, (MantleJoin, Option<At>)> = BTreeMap::new();
    let mut taken: BTreeSet<At> = BTreeSet::new();
    for &id in listed.keys() {
        if let Some(at) = ids.exact.get(id) {
            taken.insert(at.clone());
            let join = MantleJoin {
                mantle_id: id.to_string(),
                decision: MantleDecision::Joined,
                model_key: at.1.clone(),
                rule: Some(MantleRule::ExactId),
                candidates: vec![],
            };
            joins.insert(id, (join, Some(at.clone())));
        }
    }
    for &id in listed.keys() {
        if !joins.contains_key(id) {
            let fits: Vec<&At> = ids.by_base.get(id).into_iter().flatten().collect();
            joins.insert(id, suffix_join(id, &fits, &mut taken));
        }
    }
    joins
}

/// The join of an id that names no model exactly: the one model it fits with a version suffix,
/// unless another id took that model; else an entry of its own.
fn suffix_join(id: &str, fits: &[&At], taken: &mut BTreeSet<At>) -> (MantleJoin, Option<At>) {
    let own = |decision, candidates: Vec<String>| MantleJoin {
        mantle_id: id.to_string(),
        decision,
        model_key: id.to_string(),
        rule: None,
        candidates,
    };
    match fits {
        [] => (own(MantleDecision::OwnEntry, vec![]), None),
        [at] if taken.contains(*at) => (own(MantleDecision::OwnEntry, vec![at.1.clone()]), None),
        [at] => {
            taken.insert((*at).clone());
            let join = MantleJoin {
                mantle_id: id.to_string(),
                decision: MantleDecision::Joined,
                model_key: at.1.clone(),
                rule: Some(MantleRule::VersionSuffix),
                candidates: vec![],
            };
            (join, Some((*at).clone()))
        }
        many => (
            own(
                MantleDecision::Ambiguous,
                many.iter().map(|at| at.1.clone()).collect(),
            ),
            None,
        ),
    }
}

/// The catalogue provider of a Mantle id: the one whose models share its vendor prefix (the most
/// of them, then by name); for a prefix the catalogue does not know, the prefix itself; for an id
/// without one, the list's `owned_by`, else `Unknown`.
fn provider_of(providers: &BTreeMap<String, Provider>, id: &str, owner: Option<&str>) -> String {
    let Some((prefix, _)) = id.split_once('.') else {
        return owner.unwrap_or("Unknown").to_string();
    };
    let vendor = format!("{prefix}.");
    providers
        .iter()
        .map(|(name, p)| {
            let n = p.models.keys().filter(|k| k.starts_with(&vendor)).count();
            (n, std::cmp::Reverse(name))
        })
        .filter(|(n, _)| *n > 0)
        .max()
        .map(|(_, std::cmp::Reverse(name))| name.clone())
        .unwrap_or_else(|| prefix.to_string())
}

/// The entry of a model only Mantle lists: ListFoundationModels does not list it anywhere, so it
/// has no regions of its own; its Mantle route says where it is served.
fn own_entry(id: &str, provider: &str, route: MantleRoute, answered: &[String]) -> Model {
    Model {
        model_id: id.to_string(),
        model_name: id.to_string(),
        model_provider: provider.to_string(),
        collection_metadata: CollectionMetadata {
            first_discovered_at: String::new(),
            first_discovered_in_region: route.regions.first().cloned().unwrap_or_default(),
            api_source: "mantle_models".to_string(),
            regions_collected_from: answered.to_vec(),
            regional_data_source: RegionalDataSource::Mantle,
            ..Default::default()
        },
        regional_availability_source: "mantle".to_string(),
        invocable_model_id: id.to_string(),
        mantle: Some(route),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Variant;
    use crate::records::{Failure, RegionRaw, Status};
    use crate::records::{MantleModel, MantleModelsPage};

    fn model(key: &str, ids: &[&str]) -> Model {
        Model {
            model_id: key.to_string(),
            regions_available: vec!["us-east-1".into()],
            model_variants: ids
                .iter()
                .map(|id| (id.to_string(), Variant::default()))
                .collect(),
            ..Default::default()
        }
    }

    fn catalogue() -> BTreeMap<String, Provider> {
        let mut providers: BTreeMap<String, Provider> = BTreeMap::new();
        for (provider, key, ids) in [
            (
                "OpenAI",
                "openai.gpt-oss-120b-1",
                &["openai.gpt-oss-120b-1:0"][..],
            ),
            (
                "OpenAI",
                "openai.gpt-oss-20b-1",
                &["openai.gpt-oss-20b-1:0"][..],
            ),
            ("OpenAI", "openai.gpt-5.4", &["openai.gpt-5.4"][..]),
            ("Qwen", "qwen.qwen3-32b-v1", &["qwen.qwen3-32b-v1:0"][..]),
            (
                "Qwen",
                "qwen.qwen3-235b-a22b-2507-v1",
                &["qwen.qwen3-235b-a22b-2507-v1:0"][..],
            ),
            (
                "Anthropic",
                "anthropic.claude-sonnet-4-5-20250929-v1",
                &["anthropic.claude-sonnet-4-5-20250929-v1:0"][..],
            ),
            (
                "Moonshot AI",
                "moonshot.kimi-k2-thinking",
                &["moonshot.kimi-k2-thinking"][..],
            ),
            (
                "Mistral AI",
                "mistral.pixtral-large-2502-v1",
                &["mistral.pixtral-large-2502-v1:0"][..],
            ),
            (
                "Mistral AI",
                "mistral.pixtral-large-2502-v2",
                &["mistral.pixtral-large-2502-v2:0"][..],
            ),
        ] {
            providers
                .entry(provider.to_string())
                .or_default()
                .models
                .insert(key.to_string(), model(key, ids));
        }
        providers
    }

    fn listing(ids: &[&str]) -> Vec<MantleModelsPage> {
        vec![MantleModelsPage {
            object: "list".into(),
            data: ids
                .iter()
                .map(|id| MantleModel {
                    id: id.to_string(),
                    object: "model".into(),
                    created: None,
                    owned_by: Some("system".into()),
                })
                .collect(),
        }]
    }

    fn raw(regions: &[(&str, Result<&[&str], Status>)]) -> AwsRaw {
        let mut raw = AwsRaw {
            mantle_url: Some("https://bedrock-mantle.{region}.api.aws".into()),
            ..Default::default()
        };
        for (region, ids) in regions {
            raw.regions.insert(
                region.to_string(),
                RegionRaw {
                    foundation_models: Ok(vec![]),
                    inference_profiles: Ok(vec![]),
                    service_quotas: Ok(vec![]),
                    default_quotas: Ok(vec![]),
                    mantle: match ids {
                        Ok(ids) => Ok(listing(ids)),
                        Err(s) => Err(Failure::new(*s, "no")),
                    },
                    attempts: Default::default(),
                },
            );
        }
        raw
    }

    #[test]
    fn version_suffixes_are_versions_only() {
        assert_eq!(
            without_version_suffix("qwen.qwen3-32b-v1:0"),
            Some("qwen.qwen3-32b")
        );
        assert_eq!(
            without_version_suffix("openai.gpt-oss-120b-1:0"),
            Some("openai.gpt-oss-120b")
        );
        assert_eq!(
            without_version_suffix("anthropic.claude-3-sonnet-20240229-v1:0:28k"),
            Some("anthropic.claude-3-sonnet-20240229")
        );
        // A date, a size, a name: not a version.
        assert_eq!(without_version_suffix("a.model-20250929:0"), None);
        assert_eq!(without_version_suffix("a.model-thinking:0"), None);
        assert_eq!(without_version_suffix("nvidia.nemotron-nano-12b-v2"), None);
        assert_eq!(without_version_suffix("openai.gpt-5.4"), None);
    }

    #[test]
    fn ids_join_precision_first() {
        let mut providers = catalogue();
        let raw = raw(&[
            (
                "us-east-1",
                Ok(&[
                    "openai.gpt-oss-120b",
                    "openai.gpt-5.4",
                    "qwen.qwen3-32b",
                    "anthropic.claude-sonnet-4-5",
                    "moonshot.kimi-k2",
                    "mistral.pixtral-large-2502",
                    "google.gemma-4-31b",
                ]),
            ),
            (
                "eu-west-1",
                Ok(&["openai.gpt-oss-120b", "google.gemma-4-31b"]),
            ),
            ("ap-south-1", Err(Status::NotOffered)),
        ]);
        let summary = attach_mantle(&mut providers, &raw).unwrap();
        let get = |p: &str, k: &str| providers[p].models[k].mantle.clone();
        // Id plus a version suffix, exactly one model: joined, in both regions.
        let r = get("OpenAI", "openai.gpt-oss-120b-1").unwrap();
        assert_eq!(r.model_id, "openai.gpt-oss-120b");
        assert_eq!(r.regions, ["eu-west-1", "us-east-1"]);
        assert_eq!(
            r.base_url_template,
            "https://bedrock-mantle.{region}.api.aws/v1"
        );
        // The same id on both endpoints.
        assert_eq!(
            get("OpenAI", "openai.gpt-5.4").unwrap().model_id,
            "openai.gpt-5.4"
        );
        assert_eq!(
            get("Qwen", "qwen.qwen3-32b-v1").unwrap().model_id,
            "qwen.qwen3-32b"
        );
        // Never a neighbour's: another size, a dated id, a `-thinking` model.
        assert_eq!(get("OpenAI", "openai.gpt-oss-20b-1"), None);
        assert_eq!(
            get("Anthropic", "anthropic.claude-sonnet-4-5-20250929-v1"),
            None
        );
        assert_eq!(get("Moonshot AI", "moonshot.kimi-k2-thinking"), None);
        // Own entries under their provider, with no ListFoundationModels regions.
        for (provider, id) in [
            ("Anthropic", "anthropic.claude-sonnet-4-5"),
            ("Moonshot AI", "moonshot.kimi-k2"),
            ("google", "google.gemma-4-31b"),
            ("Mistral AI", "mistral.pixtral-large-2502"),
        ] {
            let m = &providers[provider].models[id];
            assert_eq!(m.mantle.as_ref().unwrap().model_id, id);
            assert!(m.regions_available.is_empty());
            assert_eq!(m.regional_availability_source, "mantle");
        }
        assert_eq!(
            providers["google"].models["google.gemma-4-31b"]
                .mantle
                .as_ref()
                .unwrap()
                .regions,
            ["eu-west-1", "us-east-1"]
        );
        // Two versions fit: ambiguous, joined to neither.
        let pixtral = summary
            .joins
            .iter()
            .find(|j| j.mantle_id == "mistral.pixtral-large-2502")
            .unwrap();
        assert_eq!(pixtral.decision, MantleDecision::Ambiguous);
        assert_eq!(
            pixtral.candidates,
            [
                "mistral.pixtral-large-2502-v1",
                "mistral.pixtral-large-2502-v2"
            ]
        );
        assert_eq!(get("Mistral AI", "mistral.pixtral-large-2502-v1"), None);
        assert_eq!(
            (
                summary.distinct_models,
                summary.joined,
                summary.own_entries,
                summary.ambiguous
            ),
            (7, 3, 3, 1)
        );
        assert_eq!(
            summary.models_by_region,
            BTreeMap::from([("eu-west-1".to_string(), 2), ("us-east-1".to_string(), 7)])
        );
        let rules: Vec<_> = summary
            .joins
            .iter()
            .filter_map(|j| Some((j.mantle_id.as_str(), j.rule?)))
            .collect();
        assert_eq!(
            rules,
            [
                ("openai.gpt-5.4", MantleRule::ExactId),
                ("openai.gpt-oss-120b", MantleRule::VersionSuffix),
                ("qwen.qwen3-32b", MantleRule::VersionSuffix),
            ]
        );
    }

    #[test]
    fn an_exact_id_keeps_its_model_from_a_suffix_join() {
        let mut providers = catalogue();
        let raw = raw(&[(
            "us-east-1",
            Ok(&["openai.gpt-oss-120b-1:0", "openai.gpt-oss-120b"]),
        )]);
        let summary = attach_mantle(&mut providers, &raw).unwrap();
        let m = &providers["OpenAI"].models["openai.gpt-oss-120b-1"];
        assert_eq!(
            m.mantle.as_ref().unwrap().model_id,
            "openai.gpt-oss-120b-1:0"
        );
        let other = &providers["OpenAI"].models["openai.gpt-oss-120b"];
        assert_eq!(
            other.mantle.as_ref().unwrap().model_id,
            "openai.gpt-oss-120b"
        );
        assert_eq!(summary.joins[0].candidates, ["openai.gpt-oss-120b-1"]);
    }

    #[test]
    fn nothing_when_mantle_was_not_asked() {
        let mut providers = catalogue();
        let mut r = raw(&[("us-east-1", Ok(&["openai.gpt-5.4"]))]);
        r.mantle_url = None;
        assert_eq!(attach_mantle(&mut providers, &r), None);
        assert_eq!(providers, catalogue());
    }
}
