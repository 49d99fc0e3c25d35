//! The catalogue written to `data/bedrock_models.json`: the Python sample's layout and field names
//! (so its consumers keep working) plus the facts it lost. Maps are `BTreeMap`s and lists are sorted
//! by the phases, so two runs on the same data serialize byte-identically apart from run timestamps.
//!
//! This is the one typed catalogue: the phases build it, `output` writes it, and the change log,
//! the guard, `show` and the next run read it back with [`read`]. One file per part: this file the
//! model entry, `metadata.rs` the run-level facts, `pricing.rs`, `quotas.rs` and `token_specs.rs`
//! the per-model blocks with the vocabulary they are written in (routes, metrics, match rules,
//! reasons). The phases import these types; nothing here imports a phase.

use std::collections::BTreeMap;

use serde::Serialize;

pub mod account;
pub mod conflicts;
pub mod mantle;
mod metadata;
pub mod pricing;
pub mod quotas;
pub mod rejected;
pub mod routes;
pub mod token_specs;
pub mod unknowns;
mod walk;

use account::{AccountAccess, ApplicationProfile, ProvisionedThroughput};
use mantle::MantleRoute;
pub use metadata::*;
use pricing::ModelPricing;
use quotas::AssignedQuota;
use routes::{Features, LifecycleDates, LifecycleTimeline, ProfilePricing};
use token_specs::{ConverseData, TokenSpec};
pub use walk::{Listed, listed};

/// Why a catalogue file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read the catalogue {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("the catalogue {path} is not valid JSON: {source}")]
    NotJson {
        path: String,
        source: serde_json::Error,
    },
    #[error("{path} is not a catalogue of this tool's layout: {source}")]
    NotCatalog {
        path: String,
        source: serde_json::Error,
    },
}

/// Reads a catalogue file (streamed) into the typed model. Fields an older catalogue lacks read as
/// their defaults.
pub fn read(path: &std::path::Path) -> Result<Catalog, ReadError> {
    let shown = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|source| ReadError::Io {
        path: shown.clone(),
        source,
    })?;
    serde_json::from_reader(std::io::BufReader::with_capacity(1 << 20, file)).map_err(|source| {
        match source.classify() {
            serde_json::error::Category::Io => ReadError::Io {
                path: shown,
                source: source.into(),
            },
            serde_json::error::Category::Data => ReadError::NotCatalog {
                path: shown,
                source,
            },
            _ => ReadError::NotJson {
                path: shown,
                source,
            },
        }
    })
}

/// Bumped whenever the shape changes. Consumers must ignore fields they do not know.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Catalog {
    pub metadata: Metadata,
    pub providers: BTreeMap<String, Provider>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct Provider {
    pub models: BTreeMap<String, Model>,
}

/// One catalogue entry: every model id that shares a key (the id without its `:N` suffix).
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct Model {
    /// The key: the model id without its `:N` suffix (as the sample wrote it).
    pub model_id: String,
    /// ARN of `invocable_model_id` in the home region, or else in the first region listing it.
    pub model_arn: String,
    pub model_name: String,
    pub model_provider: String,
    pub model_modalities: Modalities,
    pub streaming_supported: bool,
    pub customization: Customization,
    /// Union over every region and every id under this key.
    pub inference_types_supported: Vec<String>,
    pub model_lifecycle: Lifecycle,
    /// Regions whose ListFoundationModels listed an id under this key.
    pub regions_available: Vec<String>,
    /// What the modalities prove (`chat`, `vision`, `embedding`, ...), sorted.
    pub model_capabilities: Vec<String>,
    pub model_use_cases: Vec<String>,
    /// Always empty: no source states a model's languages. Written because the sample's consumers
    /// read it; empty means unknown, not "none".
    pub languages_supported: Vec<String>,
    /// `on_demand`, `cross_region_inference`, `provisioned_throughput`, `batch_inference`.
    pub consumption_options: Vec<String>,
    pub cross_region_inference: CrossRegionInference,
    /// `aws_bedrock_guide`, `pricing_guide`, and `provider_docs` where known.
    pub documentation_links: BTreeMap<String, String>,
    /// Prices per region, route and dimension from the AWS Price List, with the sample's summary
    /// fields; absent only when prices are switched off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_pricing: Option<ModelPricing>,
    /// Region -> quotas that govern this model there, sorted by quota code.
    pub model_service_quotas: BTreeMap<String, Vec<AssignedQuota>>,
    pub collection_metadata: CollectionMetadata,
    /// `api_discovery`: availability comes from ListFoundationModels in each region; `mantle` for
    /// a model only Mantle lists (its regions are in `mantle.regions`).
    pub regional_availability_source: String,
    pub total_regions_available: usize,
    /// Batch inference, from the regions where the Price List has batch prices.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch_inference_supported: Option<BatchSupport>,
    /// The sample's token-spec object; absent only when phase 4.5 did not run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub converse_data: Option<ConverseData>,
    pub has_pricing: bool,
    pub has_quotas: bool,
    pub total_quotas_assigned: usize,
    /// The id to call: the base id under this key (e.g. `anthropic.claude-sonnet-4-5-20250929-v1:0`).
    pub invocable_model_id: String,
    /// Every id under this key, with what each region said about it. Nothing the API said is lost.
    pub model_variants: BTreeMap<String, Variant>,
    /// Per region: inference types and lifecycle status (over all ids under this key).
    pub regional_availability: BTreeMap<String, RegionAvailability>,
    /// Context window and max output with their provenance (LiteLLM key, correction, disagreements).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_specs: Option<TokenSpec>,
    /// Function calling, vision, prompt caching, ... each true, false or null (unknown), from
    /// LiteLLM's `supports_*` of the key token specs matched, corrections winning; absent only when
    /// phase 4.5 did not run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub features: Option<Features>,
    /// The earliest legacy and end-of-life dates over the model's regions.
    pub lifecycle_timeline: LifecycleTimeline,
    /// The Mantle route (Bedrock's OpenAI-compatible endpoint), when Mantle lists the model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mantle: Option<MantleRoute>,
    /// Region -> whether this account can call the model there, and why not (`--account-access`;
    /// absent without it).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub account_access: BTreeMap<String, AccountAccess>,
    /// This account's application inference profiles that route to the model (`--account-access`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub application_inference_profiles: Vec<ApplicationProfile>,
    /// This account's provisioned throughputs of the model (`--account-access`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub provisioned_throughputs: Vec<ProvisionedThroughput>,
}

/// The sample's `batch_inference_supported` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct BatchSupport {
    pub supported: bool,
    pub supported_regions: Vec<String>,
    /// Batch-priced regions as a share of the regions listing the model, in percent.
    pub coverage_percentage: f64,
    /// Always `price_list`: batch prices in the AWS Price List.
    pub detection_method: String,
}

impl BatchSupport {
    pub fn from_prices(batch_regions: &[String], regions_available: usize) -> BatchSupport {
        let share = batch_regions.len() as f64 / regions_available.max(1) as f64 * 100.0;
        BatchSupport {
            supported: !batch_regions.is_empty(),
            supported_regions: batch_regions.to_vec(),
            coverage_percentage: (share * 10.0).round() / 10.0,
            detection_method: "price_list".to_string(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct Modalities {
    pub input_modalities: Vec<String>,
    pub output_modalities: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct Customization {
    pub customization_supported: Vec<String>,
    /// Kept for the sample's consumers; always empty.
    pub customization_options: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct Lifecycle {
    /// `ACTIVE` when any region lists the model as active, else the status the regions agree on.
    pub status: String,
    /// Date part of `startOfLifeTime` when the API gave it, else empty (as the sample wrote it).
    pub release_date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_of_life_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_extended_access_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_of_life_time: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct Variant {
    pub model_arn: String,
    /// Region -> what that region's ListFoundationModels said about this id.
    pub regions: BTreeMap<String, RegionOffer>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct RegionOffer {
    pub inference_types_supported: Vec<String>,
    pub lifecycle_status: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct RegionAvailability {
    pub inference_types_supported: Vec<String>,
    pub lifecycle_status: String,
    /// The ids under this key that the region lists.
    pub model_ids: Vec<String>,
    /// The lifecycle dates this region's ListFoundationModels gives for the invocable id (else
    /// the first id under this key it lists). Absent only in catalogues written before they
    /// were kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifecycle_dates: Option<LifecycleDates>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct CrossRegionInference {
    pub supported: bool,
    /// Number of (profile, source region) pairs, as the sample counted.
    pub profiles_count: usize,
    pub source_regions: Vec<String>,
    /// One entry per (profile id, source region), sorted by profile id then source region.
    pub profiles: Vec<ProfileEntry>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct ProfileEntry {
    pub profile_id: String,
    pub profile_name: String,
    #[serde(rename = "type")]
    pub profile_type: String,
    /// The region whose ListInferenceProfiles returned it: call the profile from there.
    pub source_region: String,
    pub description: String,
    pub status: String,
    /// Regions the profile routes requests to, from its `models[].modelArn`.
    pub destination_regions: Vec<String>,
    /// A destination ARN has no region (`arn:aws:bedrock:::foundation-model/...`): a global profile
    /// that may route to any commercial region, beyond `destination_regions`.
    pub routes_globally: bool,
    /// What a call through this profile costs from `source_region`; absent when prices are off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pricing: Option<ProfilePricing>,
    /// `createdAt` and `updatedAt` as the source region's ListInferenceProfiles gives them
    /// (RFC 3339); absent when it gives none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct CollectionMetadata {
    /// When a run first saw the model (`YYYY-MM-DD HH:MM:SS UTC`, the sample's format), carried
    /// over from the previous catalogue.
    pub first_discovered_at: String,
    pub first_discovered_in_region: String,
    pub api_source: String,
    /// Always false: the sample's flag for its two-region discovery; this collector asks every
    /// region of the run.
    pub dual_region_collection: bool,
    /// Every region whose ListFoundationModels succeeded in this run.
    pub regions_collected_from: Vec<String>,
    /// Always false: the sample's flag for inferring regions from prices; regions come from
    /// each region's ListFoundationModels.
    pub phase2_regional_discovery: bool,
    /// Where `regions_available` came from: always `api_discovery` here.
    pub regional_data_source: RegionalDataSource,
}

/// Where a model's regions came from. The sample also wrote `pricing_data` (regions inferred from
/// prices); this collector never does that.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RegionalDataSource {
    /// Each region's ListFoundationModels.
    #[default]
    ApiDiscovery,
    /// Mantle's `/v1/models`: a model that only Mantle lists (its regions are `mantle.regions`).
    Mantle,
}
