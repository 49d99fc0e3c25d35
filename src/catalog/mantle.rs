//! The Mantle route (Bedrock's OpenAI-compatible endpoint) of a model, and the run-level facts
//! about Mantle: models listed per region and how each Mantle id was joined to the catalogue.

use std::collections::BTreeMap;

use serde::Serialize;

/// How to call a model on Mantle.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct MantleRoute {
    /// The id Mantle lists and takes as `model` (no geo prefix, often no version suffix).
    pub model_id: String,
    /// Regions whose `/v1/models` lists it, sorted.
    pub regions: Vec<String>,
    /// The OpenAI-compatible base URL, with `{region}` to fill in
    /// (`https://bedrock-mantle.{region}.api.aws/v1`).
    pub base_url_template: String,
}

/// What the join did with one Mantle id.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum MantleDecision {
    /// Joined to the ListFoundationModels model `model_key`.
    Joined,
    /// No model fits: an entry of its own, keyed by the Mantle id.
    #[default]
    OwnEntry,
    /// Several models fit (`candidates`); joined to none, so an entry of its own.
    Ambiguous,
}

/// Which rule joined a Mantle id.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum MantleRule {
    /// The Mantle id is a ListFoundationModels id (or the key) of the model.
    ExactId,
    /// The model's only id is the Mantle id plus a version suffix (`-v1:0`, `-1:0`).
    VersionSuffix,
}

/// One Mantle id and where it went.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct MantleJoin {
    pub mantle_id: String,
    pub decision: MantleDecision,
    /// The catalogue key that holds it (the Mantle id itself for an own entry).
    pub model_key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<MantleRule>,
    /// For `ambiguous`: the model keys that fit; for an own entry left out of a model another
    /// Mantle id joined exactly: that model's key.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<String>,
}

/// Mantle over the whole run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct MantleSummary {
    /// The OpenAI-compatible base URL template the run asked (`{region}` in it).
    pub base_url_template: String,
    /// Region -> Mantle ids its `/v1/models` listed (regions that answered).
    pub models_by_region: BTreeMap<String, usize>,
    /// Distinct Mantle ids over all regions.
    pub distinct_models: usize,
    pub joined: usize,
    pub own_entries: usize,
    pub ambiguous: usize,
    /// One entry per Mantle id, sorted by id.
    pub joins: Vec<MantleJoin>,
}
