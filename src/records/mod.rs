//! Raw records: what the AWS APIs said, in their own wire field names.
//!
//! Sources produce these (from the SDK's types, or from a recorded snapshot); phases consume them.
//! They serialize to exactly the JSON the APIs send, so a snapshot page is a valid API response body
//! and the fake AWS server in the tests can serve snapshot pages verbatim.

pub mod price_list;

use serde::{Deserialize, Serialize};

/// One page of `ListFoundationModels` (the API is not paginated: one page per region).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FoundationModelsPage {
    #[serde(rename = "modelSummaries", default)]
    pub model_summaries: Vec<FoundationModelSummary>,
}

/// One entry of `ListFoundationModels.modelSummaries`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FoundationModelSummary {
    pub model_arn: String,
    pub model_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_name: Option<String>,
    #[serde(default)]
    pub input_modalities: Vec<String>,
    #[serde(default)]
    pub output_modalities: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_streaming_supported: Option<bool>,
    #[serde(default)]
    pub customizations_supported: Vec<String>,
    #[serde(default)]
    pub inference_types_supported: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_lifecycle: Option<ModelLifecycle>,
}

/// `modelLifecycle`: status plus the optional lifecycle dates (ISO-8601 strings).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelLifecycle {
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_of_life_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_extended_access_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_of_life_time: Option<String>,
}

/// One page of `ListInferenceProfiles`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InferenceProfilesPage {
    #[serde(rename = "inferenceProfileSummaries", default)]
    pub inference_profile_summaries: Vec<InferenceProfileSummary>,
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// One entry of `ListInferenceProfiles.inferenceProfileSummaries`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InferenceProfileSummary {
    pub inference_profile_name: String,
    pub inference_profile_arn: String,
    pub inference_profile_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    #[serde(default)]
    pub models: Vec<InferenceProfileModel>,
    pub status: String,
    #[serde(rename = "type")]
    pub profile_type: String,
}

/// A destination model of an inference profile: its foundation-model ARN names the destination region.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InferenceProfileModel {
    pub model_arn: String,
}

/// One page of `ListServiceQuotas` or `ListAWSDefaultServiceQuotas`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QuotasPage {
    #[serde(rename = "Quotas", default)]
    pub quotas: Vec<ServiceQuota>,
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// One quota, as Service Quotas returns it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServiceQuota {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota_arn: Option<String>,
    pub quota_code: String,
    pub quota_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default)]
    pub adjustable: bool,
    #[serde(default)]
    pub global_quota: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage_metric: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota_applied_at_level: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A page of a paginated list call: the token of the next page, if there is one.
pub trait Paged {
    fn next_token(&self) -> Option<&str>;
}

impl Paged for InferenceProfilesPage {
    fn next_token(&self) -> Option<&str> {
        self.next_token.as_deref()
    }
}

impl Paged for QuotasPage {
    fn next_token(&self) -> Option<&str> {
        self.next_token.as_deref()
    }
}

/// Mantle's `GET /v1/models` answer, in OpenAI's list shape: `{"object": "list", "data": [...]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MantleModelsPage {
    #[serde(default)]
    pub object: String,
    #[serde(default)]
    pub data: Vec<MantleModel>,
}

/// One entry of Mantle's model list: `{"id", "object": "model", "created", "owned_by"}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MantleModel {
    pub id: String,
    #[serde(default)]
    pub object: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owned_by: Option<String>,
}
