//! The account's own view of a model (`--account-access`): whether this account can call it in
//! each region and why not, and the account's application inference profiles and provisioned
//! throughputs that serve it; with the run-level counts.

use serde::{Deserialize, Serialize};

/// `agreementAvailability.status`: whether the provider's agreement (the Marketplace offer) is
/// accepted for this account.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AgreementStatus {
    Available,
    Pending,
    NotAvailable,
    Error,
    /// A value this tool does not know yet.
    #[serde(other)]
    Unknown,
}

/// `authorizationStatus`: whether IAM and SCPs let this caller use the model.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AuthorizationStatus {
    Authorized,
    NotAuthorized,
    #[serde(other)]
    Unknown,
}

/// `entitlementAvailability` and `regionAvailability`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Availability {
    Available,
    NotAvailable,
    #[serde(other)]
    Unknown,
}

/// What keeps a model from being callable.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum AccessBlock {
    /// The provider's agreement is not accepted (or pending, or in error).
    Agreement,
    /// Not authorized: an IAM policy or SCP denies it.
    Authorization,
    /// The account is not entitled to it.
    Entitlement,
    /// Not available to this account in this region.
    Region,
    /// GetFoundationModelAvailability does not know the id in a region whose ListFoundationModels
    /// listed it (`ResourceNotFoundException`).
    UnknownToApi,
}

impl AccessBlock {
    pub fn as_str(self) -> &'static str {
        match self {
            AccessBlock::Agreement => "agreement",
            AccessBlock::Authorization => "authorization",
            AccessBlock::Entitlement => "entitlement",
            AccessBlock::Region => "region",
            AccessBlock::UnknownToApi => "unknown_to_api",
        }
    }
}

/// GetFoundationModelAvailability's answer for a model in one region, and what it means.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AccountAccess {
    /// The id asked about: the model's `invocable_model_id` when the region lists it, else the
    /// newest id under the key that the region lists (provisioned-only variants are not asked).
    pub model_id: String,
    /// Absent when the API did not know the model (`blocked_by` says `unknown_to_api`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreement: Option<AgreementStatus>,
    /// The agreement's error message, when the API gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreement_message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization: Option<AuthorizationStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entitlement: Option<Availability>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Availability>,
    /// Agreement `AVAILABLE`, `AUTHORIZED`, entitlement and region `AVAILABLE`.
    pub callable: bool,
    /// Why not, in order; empty when callable.
    #[serde(default)]
    pub blocked_by: Vec<AccessBlock>,
    /// One sentence: callable, or what stands in the way.
    pub reason: String,
}

/// An application inference profile of this account that routes to the model.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct ApplicationProfile {
    pub profile_id: String,
    pub profile_name: String,
    pub profile_arn: String,
    /// The region whose ListInferenceProfiles listed it: call it there.
    pub region: String,
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The foundation-model ids it routes to.
    pub model_ids: Vec<String>,
    /// The regions it routes requests to, from its `models[].modelArn`.
    pub destination_regions: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
}

/// A provisioned model throughput of this account whose foundation model is the model.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct ProvisionedThroughput {
    pub provisioned_model_name: String,
    pub provisioned_model_arn: String,
    /// The region whose ListProvisionedModelThroughputs listed it.
    pub region: String,
    /// The model it serves: the foundation model's ARN, or a custom model's based on it.
    pub model_arn: String,
    /// The foundation-model id (with its variant suffix, e.g. `:0:200k`).
    pub foundation_model_id: String,
    pub model_units: i32,
    pub desired_model_units: i32,
    pub status: ThroughputStatus,
    /// Absent: no commitment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commitment_duration: Option<Commitment>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commitment_expiration_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creation_time: Option<String>,
}

/// A provisioned throughput's `status`.
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
    Deserialize,
    schemars::JsonSchema,
)]
pub enum ThroughputStatus {
    Creating,
    InService,
    Updating,
    Failed,
    /// A value this tool does not know yet.
    #[default]
    #[serde(other)]
    Unknown,
}

/// A provisioned throughput's `commitmentDuration`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
pub enum Commitment {
    OneMonth,
    SixMonths,
    #[serde(other)]
    Unknown,
}

/// `metadata.account_access`: counts over the (model, region) answers and the account's resources.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct AccountAccessCounts {
    /// (model, region) pairs with an `account_access` entry.
    pub checked: usize,
    pub callable: usize,
    pub not_callable: usize,
    /// Pairs blocked by each reason (a pair may count under several).
    pub blocked_by_agreement: usize,
    pub blocked_by_authorization: usize,
    pub blocked_by_entitlement: usize,
    pub blocked_by_region: usize,
    pub unknown_to_api: usize,
    pub application_profiles: usize,
    pub provisioned_throughputs: usize,
    /// Application profiles and provisioned throughputs (ARNs) whose model is not in the catalogue.
    pub resources_without_model: Vec<String>,
}
