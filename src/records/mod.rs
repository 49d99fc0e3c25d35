//! Raw records: what the AWS APIs said, in their own wire field names.
//!
//! Sources produce these (from the SDK's types, or from a recorded snapshot); phases consume them.
//! They serialize to exactly the JSON the APIs send, so a snapshot page is a valid API response body
//! and the fake AWS server in the tests can serve snapshot pages verbatim.
//!
//! The vocabulary every floor above shares sits here too, so that nothing imports upwards:
//! [`raw`] (the APIs, a run's pages per region and API, file outcomes, region names) and
//! [`status`] (how a chain or file ended) and [`vocabulary`] (the enum values the collector
//! knows). This module imports nothing above it.

pub mod price_list;
pub mod raw;
pub mod status;
pub mod vocabulary;

pub use raw::{
    AccountRaw, Api, Attempts, AwsRaw, CredentialSource, DEFAULT_REGIONS, Fetched, FileOutcome,
    Origin, Pages, RegionRaw, api_base_template, is_region_name, mantle_skipped,
};
pub use status::{Failure, Status};

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

/// One answer of `GetFoundationModelAvailability` (`--account-access`), in the API's wire names.
/// A model the API reports unknown (`ResourceNotFoundException`) in a region that listed it is
/// recorded too, with `x-notFound` (not an API field) holding the service's message.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelAvailability {
    /// The id asked about.
    pub model_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreement_availability: Option<AgreementAvailability>,
    /// `AUTHORIZED` or `NOT_AUTHORIZED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_status: Option<String>,
    /// `AVAILABLE` or `NOT_AVAILABLE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entitlement_availability: Option<String>,
    /// `AVAILABLE` or `NOT_AVAILABLE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region_availability: Option<String>,
    #[serde(
        rename = "x-notFound",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub not_found: Option<String>,
}

/// `agreementAvailability`: `AVAILABLE`, `PENDING`, `NOT_AVAILABLE` or `ERROR`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgreementAvailability {
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
}

/// One page of `ListProvisionedModelThroughputs`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProvisionedThroughputsPage {
    #[serde(rename = "provisionedModelSummaries", default)]
    pub provisioned_model_summaries: Vec<ProvisionedModelSummary>,
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// One entry of `ListProvisionedModelThroughputs.provisionedModelSummaries`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProvisionedModelSummary {
    pub provisioned_model_name: String,
    pub provisioned_model_arn: String,
    /// The model it serves: a foundation model's ARN, or a custom model's.
    pub model_arn: String,
    pub desired_model_arn: String,
    pub foundation_model_arn: String,
    pub model_units: i32,
    pub desired_model_units: i32,
    /// `Creating`, `InService`, `Updating` or `Failed`.
    pub status: String,
    /// `OneMonth` or `SixMonths`; absent without a commitment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commitment_duration: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commitment_expiration_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified_time: Option<String>,
}

impl Paged for ProvisionedThroughputsPage {
    fn next_token(&self) -> Option<&str> {
        self.next_token.as_deref()
    }
}
