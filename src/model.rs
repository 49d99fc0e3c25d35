//! The identity of a discovered model, as the later phases (prices, token specs, quotas) match against it.
//!
//! Discovery builds one `ModelRef` per catalogue entry; the matching phases take `&[ModelRef]` and return
//! results keyed by `ModelRef::key`, so they need nothing else from the catalogue.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelRef {
    /// Catalogue key: the model id without its `:N` suffix, e.g. `anthropic.claude-sonnet-4-5-20250929-v1`.
    pub key: String,
    /// The invocable id as ListFoundationModels returns it, e.g. `anthropic.claude-sonnet-4-5-20250929-v1:0`.
    pub model_id: String,
    /// Every id ListFoundationModels returned under this key, sorted, including `model_id` and
    /// context/provisioned variants such as `anthropic.claude-3-sonnet-20240229-v1:0:28k`.
    pub variant_ids: Vec<String>,
    /// `providerName`, e.g. `Anthropic`, `Mistral AI`, `Amazon`.
    pub provider: String,
    /// `modelName`, e.g. `Claude Sonnet 4.5`.
    pub name: String,
    /// `inputModalities`, e.g. `["TEXT", "IMAGE"]`.
    pub input_modalities: Vec<String>,
    /// `outputModalities`, e.g. `["TEXT"]` or `["EMBEDDING"]`.
    pub output_modalities: Vec<String>,
    /// Regions whose ListFoundationModels listed the model, sorted.
    pub regions: Vec<String>,
    /// Region -> the inference types it lists for the model (`ON_DEMAND`, `INFERENCE_PROFILE`,
    /// `PROVISIONED`), over every id under the key; empty when not known.
    pub region_inference_types: BTreeMap<String, Vec<String>>,
}
