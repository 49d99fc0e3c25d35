//! Quotas as the catalogue carries them, and their vocabulary (route, metric, match rule, reason).

use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

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

/// What an account-level quota limits, over every model of its region.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum AccountQuotaKind {
    /// "Cross-Model Max Tokens Per Day": tokens per day over all supported models of the region,
    /// in place of the per-model "Model invocation max tokens per day for ..." quotas since
    /// 2026-09-21.
    CrossModelTokensPerDay,
}

/// A quota on the account as a whole in one region, shown beside the model quotas it governs.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct AccountQuota {
    pub kind: AccountQuotaKind,
    pub quota_code: String,
    pub quota_name: String,
    /// The applied value when ListServiceQuotas gave it, else the AWS default.
    pub value: Option<f64>,
    pub default_value: Option<f64>,
    pub applied_value: Option<f64>,
    pub unit: String,
    pub adjustable: bool,
}

/// How many times each output token of a model counts against a tokens-per-minute quota
/// ("token burndown"), with where that comes from. Absent when no source says: unknown stays
/// unknown, never taken as 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct OutputTokenBurndown {
    /// 5 means one output token consumes 5 tokens of the quota.
    pub multiplier: u32,
    /// `correction:<key>`: the corrections file entry that gives it.
    pub source: String,
    pub source_url: Option<String>,
    pub reason: Option<String>,
}

impl OutputTokenBurndown {
    /// The output tokens per minute a tokens-per-minute quota of `tpm` allows when a request's
    /// tokens are all output: `tpm / multiplier`, rounded down.
    pub fn effective_output_tpm(&self, tpm: f64) -> f64 {
        (tpm / f64::from(self.multiplier.max(1))).floor()
    }
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

/// How a request reaches the model that the quota limits.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    /// On-demand invocation in the region ("On-demand model inference ...", "Model invocation max tokens per day ...").
    OnDemand,
    /// On-demand with latency-optimized inference.
    OnDemandLatencyOptimized,
    /// A geographic cross-region inference profile ("Cross-region model inference ...").
    CrossRegion,
    /// A global cross-region inference profile.
    GlobalCrossRegion,
    /// Batch inference jobs on the base model.
    Batch,
    /// Batch inference jobs on a custom model derived from the named base model.
    BatchCustomModel,
    /// Provisioned throughput on the base model.
    ProvisionedThroughput,
    /// Provisioned throughput on a custom model derived from the named base model.
    ProvisionedThroughputCustomModel,
    /// On-demand invocation of custom model deployments of the named base model.
    CustomModelDeployment,
    /// Model customization jobs (fine-tuning, continued pre-training, distillation).
    ModelCustomization,
    /// The bedrock-mantle endpoint (OpenAI-compatible), whose quotas are counted apart from
    /// bedrock-runtime's: "[bedrock-mantle endpoint] Input tokens per minute for Claude Opus 4.8",
    /// "Bedrock Mantle output tokens per minute for ${model}".
    Mantle,
}

/// What the quota counts.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    TokensPerMinute,
    /// Input tokens per minute, counted apart from output (Mantle). Cached input tokens read
    /// through prompt caching do not count against it.
    InputTokensPerMinute,
    /// Output tokens per minute, counted apart from input (Mantle).
    OutputTokensPerMinute,
    RequestsPerMinute,
    TokensPerDay,
    /// "On-demand InvokeModel concurrent requests", "On-demand model inference concurrent requests".
    ConcurrentRequests,
    /// "On-demand InvokeModel async concurrent requests".
    AsyncConcurrentRequests,
    /// "Batch inference input file size (in GB)".
    BatchInputFileSizeGb,
    /// "Batch inference job size (in GB)".
    BatchJobSizeGb,
    /// "Minimum number of records per batch inference job".
    MinRecordsPerBatchJob,
    /// "Records per batch inference job".
    RecordsPerBatchJob,
    /// "Records per input file per batch inference job".
    RecordsPerInputFile,
    /// "Sum of in-progress and submitted batch inference jobs".
    SubmittedBatchJobs,
    /// "Model units per provisioned model".
    ModelUnitsPerProvisionedModel,
    /// "Model units, with commitment, for Provisioned Throughout created for".
    ModelUnitsWithCommitment,
    /// "No-commitment model units for Provisioned Throughput created for".
    ModelUnitsNoCommitment,
    /// "Sum of training and validation records for a ... Fine-tuning job".
    FineTuningRecords,
    /// "Sum of training and validation records for a ... Continued Pre-Training job".
    ContinuedPreTrainingRecords,
    /// "Maximum number of training records for an ... Fine-tuning job".
    MaxTrainingRecords,
    /// "Maximum student model fine tuning context length for ... distillation customization jobs".
    DistillationStudentContextLength,
}

/// Which rule matched a quota to its model, strictest first.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum MatchRule {
    /// The same words in the same order, once provider prefixes and the first-version word are dropped.
    Exact,
    /// The same words in any order, ignoring filler words (`Instruct`, `IT`, `G1`, ...).
    SameWords,
    /// The model name adds only a size, date or family word (`Llama 4 Scout` -> `Llama 4 Scout 17B Instruct`).
    ModelAddsDetail,
    /// The model name adds a 1.x version the quota leaves out (`Twelve Labs Pegasus` -> `Pegasus v1.2`).
    ImpliedFirstVersion,
    /// The quota adds a version the model name leaves out but its id carries (`Claude V2.1` -> `anthropic.claude-v2:1`).
    QuotaAddsVersion,
    /// The quota gives a 1.x version where the model name gives a date (`Magistral Small 1.2` -> `Magistral Small 2509`).
    /// Only 1.x: `Mistral Large 3` is not `Mistral Large (24.02)`.
    VersionForDate,
    /// A size or date both names share pins the model, and the names differ only in versions one
    /// side leaves out and variant tags the model adds: `NVIDIA Nemotron Nano 12B` -> `NVIDIA
    /// Nemotron Nano 12B v2 VL`, `Mistral Large 2 (24.07)` -> `Mistral Large (24.07)`. Never two
    /// different versions (`Llama 3 8B` is not `Llama 3.1 8B`), and a quota's extra version only
    /// beside a shared date.
    PinnedBySizeOrDate,
    /// Several models fit the name equally well, and only one of them is listed in the quota's
    /// region: `Mistral Large` in a region that offers only `Mistral Large (24.02)`.
    OnlyCandidateListedInRegion,
}

/// Why a model quota stays unassigned.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum UnassignedReason {
    /// No listed model has that name.
    NoMatchingModel,
    /// Several models match equally well (model keys).
    AmbiguousModels { candidates: Vec<String> },
    /// The quota names no version and only a later version (v2 or above) is listed (model keys).
    OnlyLaterVersionListed { candidates: Vec<String> },
    /// The name matches no known quota pattern.
    UnrecognisedName,
    /// The model the name means (model keys; several when the name fits several) is not listed
    /// in the quota's region: the quota is not attached to it there.
    ModelNotListedInRegion { candidates: Vec<String> },
    /// The name leaves out the version, and several versions of that model are listed (model
    /// keys): `Twelve Labs Marengo` with `Marengo Embed v2.7` and `Marengo Embed 3.0`. Which one it
    /// governs cannot be read from the name; not settled by the region either.
    VersionNotNamed { candidates: Vec<String> },
}

impl UnassignedReason {
    /// A short label for counting.
    pub fn kind(&self) -> &'static str {
        match self {
            UnassignedReason::NoMatchingModel => "no_matching_model",
            UnassignedReason::AmbiguousModels { .. } => "ambiguous_models",
            UnassignedReason::OnlyLaterVersionListed { .. } => "only_later_version_listed",
            UnassignedReason::UnrecognisedName => "unrecognised_name",
            UnassignedReason::ModelNotListedInRegion { .. } => "model_not_listed_in_region",
            UnassignedReason::VersionNotNamed { .. } => "version_not_named",
        }
    }
}
