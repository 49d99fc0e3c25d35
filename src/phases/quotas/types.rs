//! Quotas as the catalogue carries them.

use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

use super::quota_name::{Metric, Route};
use super::rules::{MatchRule, UnassignedReason};

// ---------------------------------------------------------------------------------------------------------
// Assignment output
// ---------------------------------------------------------------------------------------------------------

/// One quota on one model in one region: the legacy fields (same names and types as the Python sample's
/// `model_service_quotas` entries) followed by the structured ones.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct AssignedQuota {
    pub quota_code: String,
    pub quota_name: String,
    pub quota_arn: String,
    pub description: String,
    pub quota_applied_at_level: String,
    /// The applied value when ListServiceQuotas gave it, else the AWS default; `null` if neither list had one.
    pub value: Option<f64>,
    pub unit: String,
    pub adjustable: bool,
    pub global_quota: bool,
    /// Raw `UsageMetric` (PascalCase keys), `{}` when absent.
    pub usage_metric: Value,
    /// Raw `Period`, `{}` when absent.
    pub period: Value,

    pub route: Route,
    pub metric: Metric,
    /// The variant of the model the quota limits, e.g. `1M Context Length`, `200K`, `v2.1 18K`; `null` for the base model.
    pub model_variant: Option<String>,
    /// The limit is doubled for cross-region calls (daily token quotas).
    pub doubled_for_cross_region: bool,
    pub default_value: Option<f64>,
    pub applied_value: Option<f64>,
    /// The applied value is above the AWS default; `null` when either is unknown.
    pub raised: Option<bool>,
    pub matched_by: MatchRule,
    /// What `value` is multiplied by on this `route`: 2 for a daily quota "doubled for
    /// cross-region calls" listed under `cross_region`, else 1.
    #[serde(default = "one")]
    pub value_multiplier: u32,
    /// The limit on this route: `value` times `value_multiplier`.
    #[serde(default)]
    pub effective_value: Option<f64>,
}

fn one() -> u32 {
    1
}

/// A model quota that went to no model. One entry per quota code, name and reason, listing every region
/// where that reason holds (a quota can be unlisted in some regions and ambiguous in others).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct UnassignedQuota {
    pub regions: Vec<String>,
    pub quota_code: String,
    pub quota_name: String,
    pub reason: UnassignedReason,
}

/// Counts for one region, or for all regions together (quota instances, one per region and code).
#[derive(
    Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub struct QuotaCounts {
    /// Quotas read: one per quota code present in either list.
    pub quotas_seen: usize,
    /// Quotas that name a model, plus names no rule recognises (those are reported unassigned).
    pub model_quotas: usize,
    /// Quotas about a feature or the account, never assigned.
    pub non_model_quotas: usize,
    /// `model_quotas` that went to a model.
    pub assigned: usize,
    /// `model_quotas` that went to no model.
    pub unassigned: usize,
    /// `unassigned` by [`UnassignedReason::kind`].
    pub unassigned_by_reason: BTreeMap<String, usize>,
}

/// Which lists a region had: `applied` (ListServiceQuotas) and `defaults` (ListAWSDefaultServiceQuotas).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub struct ValueSources {
    pub applied: bool,
    pub defaults: bool,
}
