//! Builds the fake's per-region data (`FakeData::from_fixtures`) from the real fixtures in
//! `../shared/fixtures`, read in place (never copied into the repository). Every region other than
//! us-east-1 and us-west-2 is DERIVED: real records spread over regions by the AWS docs region table.
//!
//! Rules (deterministic; see `FakeData::from_fixtures`):
//! * Models: the us-east-1 `ListFoundationModels` fixture (125 models) is us-east-1's answer verbatim.
//!   In any other region R, a fixture model is listed when the docs model-card table
//!   (`docs_model-cards_regions_2026-08-22.csv`) has a row for it in R with `in_region`, `geo` or
//!   `global` true. Its `inferenceTypesSupported` in R: `PROVISIONED` / `ON_DEMAND` if the fixture had
//!   it and `in_region`; `INFERENCE_PROFILE` if `geo` or `global` and the fixture entry is invocable
//!   (had `ON_DEMAND` or `INFERENCE_PROFILE`; a provisioned-only context variant such as
//!   `amazon.nova-pro-v1:0:24k` never gains it). An entry ending with no types is listed only where
//!   `in_region`. `modelArn` gets R. Models the table does not know stay in us-east-1 only.
//! * Profiles: us-east-1 and us-west-2 are the real fixtures. us-east-2 and us-west-1 reuse the
//!   us-east-1 list with the profile ARNs (and the source-region entry of global profiles) rewritten.
//!   Other regions: derived from the table (see `derive_profiles`).
//! * Mantle: a region's `/v1/models` lists every `bedrock-mantle` model id of the model cards
//!   (`jorke-bedrock-model-map_model-cards_2026-08-22.json`) whose card says `inRegion` there.
//! * Quotas: the real us-east-1 dump (1085 quotas) in every region, `QuotaArn` rewritten to R and
//!   `FAKE_ACCOUNT`. Default quotas: the same list, except the three `RAISED_QUOTAS`, whose default is
//!   half the applied value (so "raised above default" can be tested).

use super::{FakeData, RegionData};
use anyhow::{Context, Result, bail};
use bedrock_collector::records::{
    AgreementAvailability, FoundationModelSummary, FoundationModelsPage, InferenceProfileModel,
    InferenceProfileSummary, InferenceProfilesPage, ModelAvailability, ProvisionedModelSummary,
    QuotasPage, ServiceQuota,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// The account id the fake puts in rewritten and derived ARNs (and in `AccessDenied` messages).
pub const FAKE_ACCOUNT: &str = "123456789012";

/// Quota codes whose applied value (`ListServiceQuotas`) is raised above the default
/// (`ListAWSDefaultServiceQuotas` answers half the applied value). All three are adjustable in the dump:
/// * `L-FFFEDD8D` Records per batch inference job for Claude Sonnet 4.5: applied 50000, default 25000
/// * `L-97D79C54` Agents per account: applied 1000, default 500
/// * `L-40EC9882` Inference profiles per account: applied 1000, default 500
pub const RAISED_QUOTAS: [&str; 3] = ["L-FFFEDD8D", "L-97D79C54", "L-40EC9882"];

const MODELS_FILE: &str =
    "list-foundation-models/dineshrajdhanapathyDD-TurfArena_us-east-1_2026-06-22.json";
const PROFILES_US_EAST_1: &str =
    "list-inference-profiles/abental-bedrock-chatbot_us-east-1_2026-01-01.json";
const PROFILES_US_WEST_2: &str =
    "list-inference-profiles/grotter-bedrockproxy_us-west-2_2026-02-25.json";
const QUOTAS_FILE: &str =
    "service-quotas/yeshwanthlm-AWS-Community-Day-Ahmedabad-2026_us-east-1_2026-02-24.json";
const TABLE_FILE: &str = "docs-region-tables/docs_model-cards_regions_2026-08-22.csv";
/// The JSON the table was flattened from: it also lists each model's geo profile ids.
const CARDS_FILE: &str = "docs-region-tables/jorke-bedrock-model-map_model-cards_2026-08-22.json";
const ENDPOINTS_FILE: &str = "botocore/endpoints-bedrock.json";

/// Timestamp given to derived profiles (the date of the docs table they come from).
const DERIVED_PROFILE_TIME: &str = "2026-08-22T00:00:00+00:00";

#[path = "fixtures_gate.rs"]
pub mod fixtures_gate;
pub use fixtures_gate::{fixtures, fixtures_dir};

/// The 33 commercial (`aws` partition) regions with a Bedrock control-plane endpoint, from botocore.
pub fn aws_bedrock_regions(fixtures_dir: &Path) -> Result<Vec<String>> {
    let v: serde_json::Value = read_json(&fixtures_dir.join(ENDPOINTS_FILE))?;
    let regions = v["services"]["bedrock"]["aws"]["plain_regions"]
        .as_array()
        .context("services.bedrock.aws.plain_regions")?;
    Ok(regions
        .iter()
        .filter_map(|r| r.as_str().map(str::to_string))
        .collect())
}

/// Availability of one model card in one region, as the docs table says.
#[derive(Debug, Clone, Copy, Default)]
struct Avail {
    in_region: bool,
    geo: bool,
    global: bool,
}

/// One model card of the docs table: its ids and per-region availability.
#[derive(Debug, Default)]
struct Card {
    regions: BTreeMap<String, Avail>,
    /// Prefixes of the card's geo profile ids (`us`, `eu`, `jp`, `au`, `apac`, ...).
    geo_prefixes: BTreeSet<String>,
}

/// The parsed fixture files (cached per directory: parsing takes most of the time).
struct Parsed {
    models: Vec<FoundationModelSummary>,
    profiles_us_east_1: Vec<InferenceProfileSummary>,
    profiles_us_west_2: Vec<InferenceProfileSummary>,
    quotas: Vec<ServiceQuota>,
    cards: Vec<Card>,
    /// Table model id -> card index.
    by_id: HashMap<String, usize>,
    /// Table model id without its `:...` suffix -> card index.
    by_base: HashMap<String, usize>,
    /// Mantle id -> the regions where its card says `inRegion`.
    mantle: BTreeMap<String, BTreeSet<String>>,
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    let bytes = std::fs::read(path).with_context(|| format!("read {}", path.display()))?;
    serde_json::from_slice(&bytes).with_context(|| format!("parse {}", path.display()))
}

fn base_id(id: &str) -> &str {
    id.split(':').next().unwrap_or(id)
}

fn parse(dir: &Path) -> Result<Parsed> {
    let models: FoundationModelsPage = read_json(&dir.join(MODELS_FILE))?;
    let p1: InferenceProfilesPage = read_json(&dir.join(PROFILES_US_EAST_1))?;
    let p2: InferenceProfilesPage = read_json(&dir.join(PROFILES_US_WEST_2))?;
    let quotas: QuotasPage = read_json(&dir.join(QUOTAS_FILE))?;

    // The table: `provider,model_name,model_ids,region,in_region,geo,global,lifecycle,endpoints`
    // after a `# source_url` comment line; `model_ids` holds `;`-separated ids of one card.
    let table_path = dir.join(TABLE_FILE);
    let table = std::fs::read_to_string(&table_path)
        .with_context(|| format!("read {}", table_path.display()))?;
    let mut cards: Vec<Card> = Vec::new();
    let mut card_of_ids: HashMap<String, usize> = HashMap::new();
    let mut by_id = HashMap::new();
    let mut by_base = HashMap::new();
    for line in table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let f: Vec<&str> = line.split(',').collect();
        if f[0] == "provider" {
            continue;
        }
        if f.len() != 9 {
            bail!("{}: unexpected row {line:?}", table_path.display());
        }
        let idx = *card_of_ids.entry(f[2].to_string()).or_insert_with(|| {
            cards.push(Card::default());
            cards.len() - 1
        });
        for id in f[2].split(';') {
            by_id.entry(id.to_string()).or_insert(idx);
            by_base.entry(base_id(id).to_string()).or_insert(idx);
        }
        let avail = Avail {
            in_region: f[4] == "True",
            geo: f[5] == "True",
            global: f[6] == "True",
        };
        cards[idx].regions.insert(f[3].to_string(), avail);
    }

    // Geo profile prefixes per card, from the JSON the table was flattened from.
    let json: serde_json::Value = read_json(&dir.join(CARDS_FILE))?;
    for m in json["models"].as_array().into_iter().flatten() {
        for access in m["programmaticAccess"].as_array().into_iter().flatten() {
            let Some(idx) = access["modelId"].as_str().and_then(|id| by_id.get(id)) else {
                continue;
            };
            for g in access["geoInferenceIds"].as_array().into_iter().flatten() {
                if let Some((prefix, _)) = g.as_str().and_then(|g| g.split_once('.')) {
                    cards[*idx].geo_prefixes.insert(prefix.to_string());
                }
            }
        }
    }

    // Mantle: every card's `bedrock-mantle` programmatic access id, in the regions where the card
    // says `inRegion` (the cards have no per-endpoint regions). LiteLLM's `bedrock_mantle/<region>/`
    // keys name only GovCloud regions, outside the 33 the fake serves, so they add nothing here.
    let mut mantle: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for m in json["models"].as_array().into_iter().flatten() {
        let in_region: BTreeSet<String> = m["regions"]
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(_, v)| v["inRegion"] == true)
            .map(|(r, _)| r.clone())
            .collect();
        for access in m["programmaticAccess"].as_array().into_iter().flatten() {
            if access["endpoint"] == "bedrock-mantle"
                && let Some(id) = access["modelId"].as_str()
            {
                mantle
                    .entry(id.to_string())
                    .or_default()
                    .extend(in_region.iter().cloned());
            }
        }
    }

    Ok(Parsed {
        mantle,
        models: models.model_summaries,
        profiles_us_east_1: p1.inference_profile_summaries,
        profiles_us_west_2: p2.inference_profile_summaries,
        quotas: quotas.quotas,
        cards,
        by_id,
        by_base,
    })
}

fn parsed(dir: &Path) -> Result<Arc<Parsed>> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, Arc<Parsed>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(p) = cache.lock().unwrap().get(dir) {
        return Ok(p.clone());
    }
    let p = Arc::new(parse(dir)?);
    cache.lock().unwrap().insert(dir.to_path_buf(), p.clone());
    Ok(p)
}

impl Parsed {
    /// The table card of a fixture model id: an exact id match, else the same id without the `:...`
    /// suffix (`amazon.nova-pro-v1:0:24k` and `amazon.nova-pro-v1:0` -> card `amazon.nova-pro-v1:0`;
    /// `amazon.titan-embed-image-v1:0` -> `amazon.titan-embed-image-v1`; `amazon.nova-reel-v1:1` ->
    /// `amazon.nova-reel-v1:0`).
    fn card(&self, model_id: &str) -> Option<&Card> {
        let idx = self
            .by_id
            .get(model_id)
            .or_else(|| self.by_base.get(base_id(model_id)))?;
        Some(&self.cards[*idx])
    }
}

/// Replace field `n` (0-based, `:`-separated) of an ARN.
fn set_arn_field(arn: &str, n: usize, value: &str) -> String {
    let mut parts: Vec<&str> = arn.splitn(6, ':').collect();
    if parts.len() > n {
        parts[n] = value;
    }
    parts.join(":")
}

fn set_arn_region(arn: &str, region: &str) -> String {
    set_arn_field(arn, 3, region)
}

fn foundation_model_arn(region: &str, model_id: &str) -> String {
    format!("arn:aws:bedrock:{region}::foundation-model/{model_id}")
}

/// Geo profile prefixes for a source region, most specific first (the last is the fallback).
/// DERIVED choice, checked against the fixtures and the docs: US regions use `us.` (as both profile
/// fixtures show); `ca-*` regions are sources of `us.` profiles (no `ca.` id exists in the docs JSON or
/// LiteLLM, and every model the table marks geo in ca-central-1 has a `us.` id); `eu-*` and
/// il-central-1 use `eu.`; Japan (ap-northeast-1/3) uses `jp.` and Australia / New Zealand
/// (ap-southeast-2/4/6) `au.` when the model card lists such an id, else `apac.`; other `ap-*` use
/// `apac.`; GovCloud (`us-gov-*`, scraped as `ov-*` in the table) uses `us-gov.`. Other regions
/// (af-, me-, mx-, sa-) have no geo profiles.
pub fn geo_prefix_candidates(region: &str) -> &'static [&'static str] {
    match region {
        r if r.starts_with("us-gov-") || r.starts_with("ov-") => &["us-gov"],
        r if r.starts_with("us-") || r.starts_with("ca-") => &["us"],
        r if r.starts_with("eu-") || r.starts_with("il-") => &["eu"],
        "ap-northeast-1" | "ap-northeast-3" => &["jp", "apac"],
        "ap-southeast-2" | "ap-southeast-4" | "ap-southeast-6" => &["au", "apac"],
        r if r.starts_with("ap-") => &["apac"],
        _ => &[],
    }
}

fn geo_prefix(region: &str, card: &Card) -> Option<&'static str> {
    let candidates = geo_prefix_candidates(region);
    candidates
        .iter()
        .find(|c| card.geo_prefixes.contains(**c))
        .or(candidates.last())
        .copied()
}

fn geo_label(prefix: &str) -> String {
    match prefix {
        "global" => "Global".to_string(),
        p => p.to_ascii_uppercase(),
    }
}

/// The models of a region other than us-east-1 (see the module doc).
fn derive_models(p: &Parsed, region: &str) -> Vec<FoundationModelSummary> {
    let mut out = Vec::new();
    for m in &p.models {
        let Some(a) = p.card(&m.model_id).and_then(|c| c.regions.get(region)) else {
            continue;
        };
        let had = |t: &str| m.inference_types_supported.iter().any(|x| x == t);
        let invocable = had("ON_DEMAND") || had("INFERENCE_PROFILE");
        let mut types = Vec::new();
        for t in &m.inference_types_supported {
            let keep = match t.as_str() {
                "PROVISIONED" | "ON_DEMAND" => a.in_region,
                _ => false,
            };
            if keep {
                types.push(t.clone());
            }
        }
        if (a.geo || a.global) && invocable {
            types.push("INFERENCE_PROFILE".to_string());
        }
        if types.is_empty() && !a.in_region {
            continue;
        }
        let mut m = m.clone();
        m.model_arn = set_arn_region(&m.model_arn, region);
        m.inference_types_supported = types;
        out.push(m);
    }
    out
}

/// DERIVED system-defined profiles of a region without a profile fixture: for each model listed in
/// the region with `INFERENCE_PROFILE`, a geo profile `<prefix>.<modelId>` if the table says geo
/// (destinations: every region where the card is geo with the same prefix), and a global profile
/// `global.<modelId>` if it says global (destinations as the real global profiles list them: the
/// region-less ARN `arn:aws:bedrock:::foundation-model/<id>` plus the source region).
fn derive_profiles(
    p: &Parsed,
    region: &str,
    models: &[FoundationModelSummary],
) -> Vec<InferenceProfileSummary> {
    let mut out = Vec::new();
    for m in models {
        if !m
            .inference_types_supported
            .iter()
            .any(|t| t == "INFERENCE_PROFILE")
        {
            continue;
        }
        let Some(card) = p.card(&m.model_id) else {
            continue;
        };
        let Some(a) = card.regions.get(region) else {
            continue;
        };
        let name = m.model_name.clone().unwrap_or_else(|| m.model_id.clone());
        let provider = m.provider_name.clone().unwrap_or_default();
        let profile = |prefix: &str, description: String, arns: Vec<String>| {
            let id = format!("{prefix}.{}", m.model_id);
            InferenceProfileSummary {
                inference_profile_name: format!("{} {provider} {name}", geo_label(prefix)),
                inference_profile_arn: format!(
                    "arn:aws:bedrock:{region}:{FAKE_ACCOUNT}:inference-profile/{id}"
                ),
                inference_profile_id: id,
                description: Some(description),
                created_at: Some(DERIVED_PROFILE_TIME.to_string()),
                updated_at: Some(DERIVED_PROFILE_TIME.to_string()),
                models: arns
                    .into_iter()
                    .map(|model_arn| InferenceProfileModel { model_arn })
                    .collect(),
                status: "ACTIVE".to_string(),
                profile_type: "SYSTEM_DEFINED".to_string(),
            }
        };
        if a.geo
            && let Some(prefix) = geo_prefix(region, card)
        {
            let dests: Vec<&String> = card
                .regions
                .iter()
                .filter(|(r, a)| a.geo && geo_prefix(r, card) == Some(prefix))
                .map(|(r, _)| r)
                .collect();
            let list = dests
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            out.push(profile(
                prefix,
                format!("Routes requests to {name} in {list}."),
                dests
                    .iter()
                    .map(|r| foundation_model_arn(r, &m.model_id))
                    .collect(),
            ));
        }
        if a.global {
            out.push(profile(
                "global",
                format!("Routes requests to {name} globally across all supported AWS Regions."),
                vec![
                    foundation_model_arn("", &m.model_id),
                    foundation_model_arn(region, &m.model_id),
                ],
            ));
        }
    }
    out
}

/// A real profile list moved to another source region: the profile ARN's region, and the
/// source-region entry of global profiles (the one that is not region-less), become `region`.
fn relocate_profiles(
    list: &[InferenceProfileSummary],
    region: &str,
) -> Vec<InferenceProfileSummary> {
    list.iter()
        .map(|p| {
            let mut p = p.clone();
            p.inference_profile_arn = set_arn_region(&p.inference_profile_arn, region);
            if p.inference_profile_id.starts_with("global.") {
                for m in &mut p.models {
                    if !m.model_arn.starts_with("arn:aws:bedrock:::") {
                        m.model_arn = set_arn_region(&m.model_arn, region);
                    }
                }
            }
            p
        })
        .collect()
}

fn region_quotas(p: &Parsed, region: &str) -> (Vec<ServiceQuota>, Vec<ServiceQuota>) {
    let applied: Vec<ServiceQuota> = p
        .quotas
        .iter()
        .map(|q| {
            let mut q = q.clone();
            q.quota_arn = q
                .quota_arn
                .as_deref()
                .map(|arn| set_arn_field(&set_arn_region(arn, region), 4, FAKE_ACCOUNT));
            q
        })
        .collect();
    let defaults = applied
        .iter()
        .map(|q| {
            let mut q = q.clone();
            if RAISED_QUOTAS.contains(&q.quota_code.as_str()) {
                q.value = q.value.map(|v| v / 2.0);
            }
            q
        })
        .collect();
    (applied, defaults)
}

impl FakeData {
    /// The real fixtures spread over `regions` (see the module doc for the rules). Regions the docs
    /// table does not mention exist (opted in) with no models and no profiles, but with quotas.
    pub fn from_fixtures(fixtures_dir: &Path, regions: &[&str]) -> Result<FakeData> {
        let p = parsed(fixtures_dir)?;
        let mut data = FakeData::default();
        for &region in regions {
            let foundation_models = if region == "us-east-1" {
                p.models.clone()
            } else {
                derive_models(&p, region)
            };
            let inference_profiles = match region {
                "us-east-1" => p.profiles_us_east_1.clone(),
                "us-west-2" => p.profiles_us_west_2.clone(),
                "us-east-2" | "us-west-1" => relocate_profiles(&p.profiles_us_east_1, region),
                _ => derive_profiles(&p, region, &foundation_models),
            };
            let (service_quotas, default_quotas) = region_quotas(&p, region);
            let mantle_models = p
                .mantle
                .iter()
                .filter(|(_, regions)| regions.contains(region))
                .map(|(id, _)| id.clone())
                .collect();
            let (application_profiles, provisioned_throughputs) = account_resources(region);
            let availability = availability_refusals(region, &foundation_models);
            data.regions.insert(
                region.to_string(),
                RegionData {
                    foundation_models,
                    inference_profiles,
                    service_quotas,
                    default_quotas,
                    mantle_models,
                    application_profiles,
                    provisioned_throughputs,
                    availability,
                },
            );
        }
        Ok(data)
    }

    /// `from_fixtures` over the 33 commercial Bedrock regions, from `fixtures_dir()`.
    pub fn from_default_fixtures() -> Result<FakeData> {
        let dir = fixtures_dir();
        let regions = aws_bedrock_regions(&dir)?;
        let regions: Vec<&str> = regions.iter().map(String::as_str).collect();
        FakeData::from_fixtures(&dir, &regions)
    }
}

// ---------------------------------------------------------------------------------------------
// The account's own view (`--account-access`): invented, deterministic, the same in every run
// ---------------------------------------------------------------------------------------------

/// GetFoundationModelAvailability refuses: in this region, every model of
/// `NO_AGREEMENT_PROVIDER` answers agreement `NOT_AVAILABLE` (the provider's agreement is not
/// accepted there).
pub const NO_AGREEMENT_REGION: &str = "eu-west-1";
pub const NO_AGREEMENT_PROVIDER: &str = "Anthropic";
/// This model answers `NOT_AUTHORIZED` in every region that lists it (an SCP denies it).
pub const NOT_AUTHORIZED_MODEL: &str = "meta.llama3-8b-instruct-v1:0";
/// GetFoundationModelAvailability answers 404 `ResourceNotFoundException` for this (region, id)
/// although the region's ListFoundationModels lists it.
pub const UNKNOWN_TO_AVAILABILITY: (&str, &str) = ("us-east-1", "mistral.mistral-large-2402-v1:0");

/// The answers of `region` that differ from the fake's default (everything available): see the
/// constants above.
fn availability_refusals(
    region: &str,
    models: &[FoundationModelSummary],
) -> BTreeMap<String, Option<ModelAvailability>> {
    let mut out = BTreeMap::new();
    for m in models {
        let refused = |agreement: &str, authorization: &str| {
            Some(ModelAvailability {
                model_id: m.model_id.clone(),
                agreement_availability: Some(AgreementAvailability {
                    status: agreement.to_string(),
                    error_message: None,
                }),
                authorization_status: Some(authorization.to_string()),
                entitlement_availability: Some("AVAILABLE".to_string()),
                region_availability: Some("AVAILABLE".to_string()),
                not_found: None,
            })
        };
        if (region, m.model_id.as_str()) == UNKNOWN_TO_AVAILABILITY {
            out.insert(m.model_id.clone(), None);
        } else if m.model_id == NOT_AUTHORIZED_MODEL {
            out.insert(m.model_id.clone(), refused("AVAILABLE", "NOT_AUTHORIZED"));
        } else if region == NO_AGREEMENT_REGION
            && m.provider_name.as_deref() == Some(NO_AGREEMENT_PROVIDER)
        {
            out.insert(m.model_id.clone(), refused("NOT_AVAILABLE", "AUTHORIZED"));
        }
    }
    out
}

/// The account's application inference profiles and provisioned throughputs, per region:
/// * us-east-1: profile `team-chat` (id `teamchat0001`) routing Claude Sonnet 4.5 to us-east-1,
///   us-east-2 and us-west-2 (copied from its `us.` system profile); profile `team-search`
///   (`teamsearch01`) on Claude 3 Haiku in us-east-1 only; throughput `haiku-200k` of
///   `anthropic.claude-3-haiku-20240307-v1:0:200k`, 1 model unit, one-month commitment to
///   2027-01-04.
/// * eu-west-1: profile `eu-analytics` (`euanalytic01`) on Nova Pro in eu-west-1.
/// * us-west-2: throughput `nova-pro-300k` of `amazon.nova-pro-v1:0:300k`, 2 model units, no
///   commitment.
/// * every other region: none.
pub fn account_resources(
    region: &str,
) -> (Vec<InferenceProfileSummary>, Vec<ProvisionedModelSummary>) {
    let profile = |id: &str, name: &str, model: &str, regions: &[&str]| InferenceProfileSummary {
        inference_profile_name: name.to_string(),
        inference_profile_arn: format!(
            "arn:aws:bedrock:{region}:{FAKE_ACCOUNT}:application-inference-profile/{id}"
        ),
        inference_profile_id: id.to_string(),
        description: Some(format!("{name} (application profile)")),
        created_at: Some("2026-09-01T00:00:00Z".to_string()),
        updated_at: Some("2026-09-01T00:00:00Z".to_string()),
        models: regions
            .iter()
            .map(|r| InferenceProfileModel {
                model_arn: format!("arn:aws:bedrock:{r}::foundation-model/{model}"),
            })
            .collect(),
        status: "ACTIVE".to_string(),
        profile_type: "APPLICATION".to_string(),
    };
    let throughput = |name: &str, model: &str, units: i32, commitment: Option<(&str, &str)>| {
        let model_arn = format!("arn:aws:bedrock:{region}::foundation-model/{model}");
        ProvisionedModelSummary {
            provisioned_model_name: name.to_string(),
            provisioned_model_arn: format!(
                "arn:aws:bedrock:{region}:{FAKE_ACCOUNT}:provisioned-model/{name}"
            ),
            model_arn: model_arn.clone(),
            desired_model_arn: model_arn.clone(),
            foundation_model_arn: model_arn,
            model_units: units,
            desired_model_units: units,
            status: "InService".to_string(),
            commitment_duration: commitment.map(|c| c.0.to_string()),
            commitment_expiration_time: commitment.map(|c| c.1.to_string()),
            creation_time: Some("2026-12-04T00:00:00Z".to_string()),
            last_modified_time: Some("2026-12-04T00:00:00Z".to_string()),
        }
    };
    match region {
        "us-east-1" => (
            vec![
                profile(
                    "teamchat0001",
                    "team-chat",
                    "anthropic.claude-sonnet-4-5-20250929-v1:0",
                    &["us-east-1", "us-east-2", "us-west-2"],
                ),
                profile(
                    "teamsearch01",
                    "team-search",
                    "anthropic.claude-3-haiku-20240307-v1:0",
                    &["us-east-1"],
                ),
            ],
            vec![throughput(
                "haiku-200k",
                "anthropic.claude-3-haiku-20240307-v1:0:200k",
                1,
                Some(("OneMonth", "2027-01-04T00:00:00Z")),
            )],
        ),
        "eu-west-1" => (
            vec![profile(
                "euanalytic01",
                "eu-analytics",
                "amazon.nova-pro-v1:0",
                &["eu-west-1"],
            )],
            vec![],
        ),
        "us-west-2" => (
            vec![],
            vec![throughput(
                "nova-pro-300k",
                "amazon.nova-pro-v1:0:300k",
                2,
                None,
            )],
        ),
        _ => (vec![], vec![]),
    }
}
