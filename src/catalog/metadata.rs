//! The catalogue's `metadata`: what the run asked for, what each region, API and source answered,
//! and the counts over the body.

use std::collections::BTreeMap;

use serde::Serialize;

use super::mantle::MantleSummary;
use super::pricing::{DuplicatePrice, OfferSummary, UnmatchedRow};
use super::quotas::{AccountQuota, QuotaCounts, UnassignedQuota, ValueSources};
use crate::records::Origin;
use crate::records::{Api, Status};

/// Run-level facts: what was asked, what each region and API answered, and counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct Metadata {
    pub schema_version: u32,
    pub tool_version: String,
    /// Same instant as `started_at`; the sample's name for it.
    pub collection_timestamp: String,
    pub started_at: String,
    pub finished_at: String,
    pub duration_ms: u64,
    /// `complete`, or `partial` when some region/API pair failed (not counting `not_opted_in`).
    pub run_status: RunStatus,
    pub regions_requested: Vec<String>,
    /// Regions whose ListFoundationModels succeeded.
    pub regions_ok: Vec<String>,
    pub regions_not_opted_in: Vec<String>,
    /// Regions where any API failed (see `region_status` for which and why).
    pub regions_failed: Vec<String>,
    /// Number of regions in `regions_ok` (the sample's field).
    pub regions_covered: usize,
    /// Region -> API -> outcome.
    pub region_status: BTreeMap<String, BTreeMap<Api, ApiStatus>>,
    pub total_models: usize,
    pub providers_count: usize,
    /// Distinct system-defined inference profile ids seen.
    pub total_inference_profiles: usize,
    /// Profile ids whose destination models are not in the catalogue.
    pub profiles_without_model: Vec<String>,
    /// AWS requests made (one per page asked for) and HTTP attempts over the run; their difference
    /// is the number of retries.
    pub aws_requests: usize,
    pub aws_attempts: usize,
    pub aws_retries: usize,
    /// Sum of quotas returned by ListServiceQuotas over all regions (the sample's field).
    pub total_quotas_available: usize,
    pub models_with_quotas: usize,
    pub models_with_pricing: usize,
    /// Per Price List offer: versions, publication dates, files and rows read, matched, unmatched.
    pub price_list_offers: BTreeMap<String, OfferSummary>,
    /// Price List rows joined to no model (or whose price could not be used), with the reason.
    pub unmatched_price_rows: Vec<UnmatchedRow>,
    /// Price List rows that duplicate another row's price slot (model, region, route, dimension):
    /// the kept price (in the body) and the dropped row, with their SKUs.
    pub duplicate_price_rows: Vec<DuplicatePrice>,
    /// Models with both a context window and a max output.
    pub models_with_token_specs: usize,
    /// Quota assignment counts over all regions.
    pub quota_assignment: QuotaCounts,
    /// Per region: quotas read, about a model or not, assigned and unassigned.
    pub quota_assignment_by_region: BTreeMap<String, QuotaCounts>,
    /// Per region: which quota lists were read (applied values from ListServiceQuotas, defaults
    /// from ListAWSDefaultServiceQuotas); with only one, the other values are null.
    pub quota_value_sources: BTreeMap<String, ValueSources>,
    /// Model quotas that went to no model, with the reason.
    pub unassigned_quotas: Vec<UnassignedQuota>,
    /// Region -> the account-level quotas of the region (Cross-Model Max Tokens Per Day).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub account_quotas: BTreeMap<String, Vec<AccountQuota>>,
    /// What the sources gave that the run did not understand, per source and kind; absent in a
    /// catalogue written before it was recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unknowns: Option<Vec<super::unknowns::UnknownGroup>>,
    /// Source values out of any sane range (LiteLLM token counts, Price List prices, quota
    /// values), dropped from the body: `{source, key, field, value, reason}`. Absent when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rejected_values: Vec<super::rejected::RejectedValue>,
    /// Model ids listed twice in one region's answer, or whose fields differ between regions:
    /// every entry's value, and what the catalogue shows. Absent when there is none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub model_conflicts: Vec<super::conflicts::ModelConflict>,
    /// Mantle: models per region and how each Mantle id was joined; absent when Mantle was not
    /// asked (switched off, or a snapshot recorded before it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mantle: Option<MantleSummary>,
    /// Whether account ids in quota ARNs were replaced (`--redact-account-id`).
    pub account_id_redacted: bool,
    /// The credentials a live run used (absent in a replay): their source and the account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credentials: Option<crate::records::CredentialSource>,
    /// Non-AWS-API sources (`litellm`, `corrections`): where they came from and how they fared.
    pub sources: BTreeMap<String, SourceStatus>,
    /// Sources whose status is not `ok`.
    pub sources_failed: Vec<String>,
    /// Why this run is degraded against the previous catalogue (empty when it is not). A degraded
    /// catalogue is written to `<output>.partial` unless `--allow-degraded`.
    pub degraded_reasons: Vec<String>,
    pub collection_method: String,
    /// Counts of the account's own view (`--account-access`); absent without it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_access: Option<super::account::AccountAccessCounts>,
}

impl Metadata {
    /// Every region the run's metadata names: asked for, ok, not opted in, failed, or with a
    /// status.
    pub fn named_regions(&self) -> std::collections::BTreeSet<String> {
        [
            &self.regions_requested,
            &self.regions_ok,
            &self.regions_not_opted_in,
            &self.regions_failed,
        ]
        .into_iter()
        .flatten()
        .cloned()
        .chain(self.region_status.keys().cloned())
        .collect()
    }
}

/// Whether every region, API and source the run asked for answered.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    Complete,
    /// Some region/API pair or source failed (a region not opted in is not a failure). Also what
    /// a catalogue that does not say is read as.
    #[default]
    Partial,
}

impl RunStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Complete => "complete",
            RunStatus::Partial => "partial",
        }
    }
}

impl std::fmt::Display for RunStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How one file source fared.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct SourceStatus {
    pub status: Option<Status>,
    /// URL or path.
    pub location: String,
    /// `network`, `cache`, `revalidated`, `stale_cache` or `file`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    /// ETag, or `sha256:<hex>` of the content.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
    /// When the content was downloaded (RFC 3339), for `cache` and `stale_cache` origins: how old
    /// the data is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub downloaded_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entries: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct ApiStatus {
    pub status: Status,
    /// Items returned (models, profiles or quotas); absent when the call failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<usize>,
    pub pages: usize,
    /// Requests made (one per page asked for) and HTTP attempts, retries included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requests: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts: Option<usize>,
    /// Passes over the chain: more than 1 when a chain that stopped on a retryable cause was
    /// resumed from its last good page after a cool-down.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passes: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}
