//! What the regions' model lists disagreed on: a model id listed twice in one answer, or one id
//! whose fields differ between regions. The catalogue shows one value; these records keep the rest.

use serde::Serialize;

/// One model id whose entries disagree (or repeat), with every entry's value of each field that
/// differs.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct ModelConflict {
    /// The full model id as ListFoundationModels gave it (`...-v1:0`).
    pub model_id: String,
    pub kind: ConflictKind,
    /// The regions whose answers are involved (one for `duplicate_in_answer`).
    pub regions: Vec<String>,
    /// The fields that differ, each with every entry's value (empty when the duplicates are equal).
    pub fields: Vec<ConflictField>,
    /// What the catalogue shows, in one sentence.
    pub resolution: String,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// One region's ListFoundationModels listed the id more than once.
    DuplicateInAnswer,
    /// The id's fields (name, provider, modalities, streaming, customizations) differ by region.
    DiffersAcrossRegions,
}

impl ConflictKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ConflictKind::DuplicateInAnswer => "duplicate_in_answer",
            ConflictKind::DiffersAcrossRegions => "differs_across_regions",
        }
    }
}

/// One field and its value in each entry, in the answers' order.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct ConflictField {
    /// `model_name`, `provider_name`, `input_modalities`, `output_modalities`,
    /// `response_streaming_supported`, `customizations_supported`, and for duplicates also
    /// `inference_types_supported`, `model_arn`, `lifecycle_status`.
    pub field: String,
    pub values: Vec<RegionValue>,
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct RegionValue {
    pub region: String,
    /// As AWS gave it (lists sorted); null when the entry has no value.
    pub value: serde_json::Value,
}
