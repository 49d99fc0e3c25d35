//! Quota names parsed into route, metric, feature, model name and qualifiers.

use serde::Serialize;

use crate::catalog::quotas::{AccountQuotaKind, Metric, Route};

// ---------------------------------------------------------------------------------------------------------
// Parsing quota names
// ---------------------------------------------------------------------------------------------------------

/// A Bedrock feature that a quota limits when it is not about one model.
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
pub enum Feature {
    Agents,
    AutomatedReasoning,
    DataAutomation,
    Evaluation,
    Flows,
    Guardrails,
    InferenceProfiles,
    KnowledgeBases,
    ModelCustomization,
    ModelImport,
    PromptManagement,
    PromptOptimization,
    PromptRouters,
    ProvisionedThroughput,
}

/// What a quota is about.
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
pub enum Subject {
    /// One model, named in the quota name.
    Model,
    /// A feature or the account as a whole; never assigned to a model.
    NotModel(Feature),
    /// A quota on the account over every model of its region, kept beside the model quotas.
    Account(AccountQuotaKind),
    /// A name no rule recognises (a new AWS naming pattern); reported, never guessed.
    Unrecognised,
}

/// The parts of a quota name around the model name.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub struct Qualifiers {
    /// A trailing version word that names the first version, as written: `V1`, `v1`, `V1.0`.
    pub version: Option<String>,
    /// A context-length variant, as written: `1M Context Length`, `200K`, `24k` ("the 24k context length variant").
    pub context_variant: Option<String>,
    /// The name ends with "(doubled for cross-region calls)".
    pub doubled_for_cross_region: bool,
    /// The name ends with a full stop.
    pub trailing_full_stop: bool,
}

/// A quota name read into its parts. `route`, `metric` and `model_name` are set for model quotas only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct ParsedQuota {
    pub subject: Subject,
    pub route: Option<Route>,
    pub metric: Option<Metric>,
    /// The model as the quota names it, qualifiers removed, e.g. `Anthropic Claude Sonnet 4.5`.
    pub model_name: Option<String>,
    pub qualifiers: Qualifiers,
}

/// A quota name family that names a model: `<prefix><model name><suffix>`.
pub(super) struct ModelPattern {
    pub(super) prefix: &'static str,
    pub(super) suffix: &'static str,
    pub(super) route: Route,
    pub(super) metric: Metric,
}

pub(super) const fn pattern(prefix: &'static str, route: Route, metric: Metric) -> ModelPattern {
    ModelPattern {
        prefix,
        suffix: "",
        route,
        metric,
    }
}

pub(super) const fn pattern_with_suffix(
    prefix: &'static str,
    suffix: &'static str,
    route: Route,
    metric: Metric,
) -> ModelPattern {
    ModelPattern {
        prefix,
        suffix,
        route,
        metric,
    }
}

/// Every model quota name family in the real names, compared ignoring ASCII case after runs of spaces
/// are collapsed. The first pattern whose prefix and suffix both fit wins; no prefix starts another.
#[rustfmt::skip]
pub(super) const MODEL_PATTERNS: &[ModelPattern] = &[
    // On-demand.
    pattern("On-demand model inference requests per minute for ", Route::OnDemand, Metric::RequestsPerMinute),
    pattern("On-demand model inference tokens per minute for ", Route::OnDemand, Metric::TokensPerMinute),
    pattern("On-demand InvokeModel concurrent requests for ", Route::OnDemand, Metric::ConcurrentRequests),
    pattern("On-demand model inference concurrent requests for ", Route::OnDemand, Metric::ConcurrentRequests),
    pattern("On-demand InvokeModel async concurrent requests for ", Route::OnDemand, Metric::AsyncConcurrentRequests),
    pattern("Model invocation max tokens per day for ", Route::OnDemand, Metric::TokensPerDay),
    // The user guide's templates, the real names of 2024 to mid-2025 ("Cross-Region" and
    // "Cross-region" both fit: names are compared ignoring case).
    pattern("On-demand InvokeModel requests per minute for ", Route::OnDemand, Metric::RequestsPerMinute),
    pattern("On-demand InvokeModel tokens per minute for ", Route::OnDemand, Metric::TokensPerMinute),
    pattern("Cross-Region InvokeModel requests per minute for ", Route::CrossRegion, Metric::RequestsPerMinute),
    pattern("Cross-Region InvokeModel tokens per minute for ", Route::CrossRegion, Metric::TokensPerMinute),
    // The bedrock-mantle endpoint: input and output counted apart; the model named without its
    // provider ("Claude Opus 4.8", "GPT-5.4"). The real names and the user guide's template.
    pattern("[bedrock-mantle endpoint] Input tokens per minute for ", Route::Mantle, Metric::InputTokensPerMinute),
    pattern("[bedrock-mantle endpoint] Output tokens per minute for ", Route::Mantle, Metric::OutputTokensPerMinute),
    pattern("Bedrock Mantle input tokens per minute for ", Route::Mantle, Metric::InputTokensPerMinute),
    pattern("Bedrock Mantle output tokens per minute for ", Route::Mantle, Metric::OutputTokensPerMinute),
    // On-demand, latency-optimized (two spellings).
    pattern("On-demand latency-optimized model inference requests per minute for ", Route::OnDemandLatencyOptimized, Metric::RequestsPerMinute),
    pattern("On-demand latency-optimized model inference tokens per minute for ", Route::OnDemandLatencyOptimized, Metric::TokensPerMinute),
    pattern("On-Demand, latency-optimized model inference requests per minute for ", Route::OnDemandLatencyOptimized, Metric::RequestsPerMinute),
    pattern("On-Demand, latency-optimized model inference tokens per minute for ", Route::OnDemandLatencyOptimized, Metric::TokensPerMinute),
    pattern("Model invocation max latency-optimized tokens per day for ", Route::OnDemandLatencyOptimized, Metric::TokensPerDay),
    // Cross-region ("Cross-region" and "Cross-Region" both occur).
    pattern("Global cross-region model inference requests per minute for ", Route::GlobalCrossRegion, Metric::RequestsPerMinute),
    pattern("Global cross-region model inference tokens per minute for ", Route::GlobalCrossRegion, Metric::TokensPerMinute),
    pattern("Global cross-region model inference tokens per day for ", Route::GlobalCrossRegion, Metric::TokensPerDay),
    pattern("Cross-region model inference requests per minute for ", Route::CrossRegion, Metric::RequestsPerMinute),
    pattern("Cross-region model inference tokens per minute for ", Route::CrossRegion, Metric::TokensPerMinute),
    // Batch.
    pattern("Batch inference input file size (in GB) for ", Route::Batch, Metric::BatchInputFileSizeGb),
    pattern("Batch inference job size (in GB) for ", Route::Batch, Metric::BatchJobSizeGb),
    pattern("Minimum number of records per batch inference job for ", Route::Batch, Metric::MinRecordsPerBatchJob),
    pattern("Records per batch inference job for ", Route::Batch, Metric::RecordsPerBatchJob),
    pattern("Records per input file per batch inference job for ", Route::Batch, Metric::RecordsPerInputFile),
    pattern("Sum of in-progress and submitted batch inference jobs using a base model for ", Route::Batch, Metric::SubmittedBatchJobs),
    pattern("Sum of in-progress and submitted batch inference jobs using a custom model for ", Route::BatchCustomModel, Metric::SubmittedBatchJobs),
    // Provisioned throughput ("Throughout" is AWS's spelling).
    pattern("Model units per provisioned model for ", Route::ProvisionedThroughput, Metric::ModelUnitsPerProvisionedModel),
    pattern("Model units, with commitment, for Provisioned Throughout created for ", Route::ProvisionedThroughput, Metric::ModelUnitsWithCommitment),
    pattern("No-commitment model units for Provisioned Throughput created for base model ", Route::ProvisionedThroughput, Metric::ModelUnitsNoCommitment),
    pattern("No-commitment model units for Provisioned Throughput created for custom model ", Route::ProvisionedThroughputCustomModel, Metric::ModelUnitsNoCommitment),
    // Model customization.
    pattern("(Model customization) Sum of on demand custom model deployment requests per minute for ", Route::CustomModelDeployment, Metric::RequestsPerMinute),
    pattern("(Model customization) Sum of on demand custom model deployment tokens per minute for ", Route::CustomModelDeployment, Metric::TokensPerMinute),
    pattern("(Model customization) Sum of on demand custom model deployment tokens per day for ", Route::CustomModelDeployment, Metric::TokensPerDay),
    pattern_with_suffix("(Model customization) Sum of training and validation records for a ", " Fine-tuning job", Route::ModelCustomization, Metric::FineTuningRecords),
    pattern_with_suffix("(Model customization) Sum of training and validation records for a ", " Continued Pre-Training job", Route::ModelCustomization, Metric::ContinuedPreTrainingRecords),
    pattern_with_suffix("(Model customization) Maximum number of training records for an ", " Fine-tuning job", Route::ModelCustomization, Metric::MaxTrainingRecords),
    pattern_with_suffix("(Model customization) Maximum student model fine tuning context length for ", " distillation customization jobs", Route::ModelCustomization, Metric::DistillationStudentContextLength),
];

/// Account-level quota names, compared whole, ignoring ASCII case.
pub(super) const ACCOUNT_QUOTAS: &[(&str, AccountQuotaKind)] = &[(
    "Cross-Model Max Tokens Per Day",
    AccountQuotaKind::CrossModelTokensPerDay,
)];

/// Names that open with a bracketed feature, e.g. "(Knowledge Bases) Retrieve requests per second".
/// "(Model customization)" names that match no model pattern are about the account's customization jobs.
pub(super) const BRACKETED_FEATURES: &[(&str, Feature)] = &[
    (
        "(Advanced Prompt Optimization) ",
        Feature::PromptOptimization,
    ),
    ("(Automated Reasoning) ", Feature::AutomatedReasoning),
    ("(Data Automation) ", Feature::DataAutomation),
    ("(Evaluation) ", Feature::Evaluation),
    ("(Flows) ", Feature::Flows),
    ("(Guardrails) ", Feature::Guardrails),
    ("(Knowledge Bases) ", Feature::KnowledgeBases),
    ("(Model customization) ", Feature::ModelCustomization),
    ("(Prompt management) ", Feature::PromptManagement),
];

/// Names without a bracket that are about a feature or the account: (phrase contained, ignoring case; feature).
pub(super) const UNBRACKETED_FEATURES: &[(&str, Feature)] = &[
    ("agent", Feature::Agents),
    ("parameters per function", Feature::Agents),
    ("throttle rate limit for ", Feature::DataAutomation),
    ("model import", Feature::ModelImport),
    ("imported models", Feature::ModelImport),
    (
        "custom models with a creating status",
        Feature::ModelCustomization,
    ),
    ("inference profile", Feature::InferenceProfiles),
    ("prompt router", Feature::PromptRouters),
    (
        "provisioned throughputs across",
        Feature::ProvisionedThroughput,
    ),
];

pub(super) const DOUBLED_FOR_CROSS_REGION: &str = " (doubled for cross-region calls)";
pub(super) const CONTEXT_LENGTH: &str = " Context Length";
pub(super) const CONTEXT_VARIANT_LEAD: &str = "the ";
pub(super) const CONTEXT_VARIANT_TAIL: &str = " context length variant for ";

/// Reads a Service Quotas name (service code `bedrock`) into its parts.
pub fn parse_quota_name(name: &str) -> ParsedQuota {
    let mut qualifiers = Qualifiers::default();
    let mut text = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.ends_with('.') {
        text.pop();
        qualifiers.trailing_full_stop = true;
    }

    for model_pattern in MODEL_PATTERNS {
        let Some(model_part) = strip_affixes(&text, model_pattern.prefix, model_pattern.suffix)
        else {
            continue;
        };
        let mut model_qualifiers = qualifiers.clone();
        let model_name = split_model_qualifiers(model_part, &mut model_qualifiers);
        if model_name.is_empty() {
            continue;
        }
        return ParsedQuota {
            subject: Subject::Model,
            route: Some(model_pattern.route),
            metric: Some(model_pattern.metric),
            model_name: Some(model_name),
            qualifiers: model_qualifiers,
        };
    }

    if let Some(&(_, kind)) = ACCOUNT_QUOTAS
        .iter()
        .find(|(whole, _)| text.eq_ignore_ascii_case(whole))
    {
        return ParsedQuota {
            subject: Subject::Account(kind),
            route: None,
            metric: None,
            model_name: None,
            qualifiers,
        };
    }

    let feature = BRACKETED_FEATURES
        .iter()
        .find(|(prefix, _)| starts_with_ignore_case(&text, prefix))
        .or_else(|| {
            let lower = text.to_ascii_lowercase();
            UNBRACKETED_FEATURES
                .iter()
                .find(|(phrase, _)| lower.contains(phrase))
        })
        .map(|&(_, feature)| feature);
    ParsedQuota {
        subject: feature.map_or(Subject::Unrecognised, Subject::NotModel),
        route: None,
        metric: None,
        model_name: None,
        qualifiers,
    }
}

/// Splits the qualifiers off the model part of a name and returns the model name as written.
/// Order matters: "Anthropic Claude Sonnet 4.5 V1 1M Context Length (doubled for cross-region calls)".
pub(super) fn split_model_qualifiers(model_part: &str, qualifiers: &mut Qualifiers) -> String {
    let mut rest = model_part.trim();
    if let Some(stripped) = strip_suffix_ignore_case(rest, DOUBLED_FOR_CROSS_REGION) {
        qualifiers.doubled_for_cross_region = true;
        rest = stripped.trim_end();
    }

    // "the 24k context length variant for Amazon Nova Lite"
    if let Some(after_the) = strip_prefix_ignore_case(rest, CONTEXT_VARIANT_LEAD)
        && let Some(at) = find_ignore_case(after_the, CONTEXT_VARIANT_TAIL)
    {
        qualifiers.context_variant = Some(after_the[..at].to_string());
        rest = &after_the[at + CONTEXT_VARIANT_TAIL.len()..];
    }
    // "... 1M Context Length"
    if let Some(before) = strip_suffix_ignore_case(rest, CONTEXT_LENGTH)
        && let Some((head, size)) = before.rsplit_once(' ')
        && is_context_size(size)
    {
        qualifiers.context_variant = Some(format!("{size}{}", &rest[before.len()..]));
        rest = head;
    }
    // "... 200K" (provisioned throughput variants)
    if qualifiers.context_variant.is_none()
        && let Some((head, size)) = rest.rsplit_once(' ')
        && is_context_size(size)
    {
        qualifiers.context_variant = Some(size.to_string());
        rest = head;
    }
    // "... V1" / "V1.0": the first version, which model names leave out.
    if let Some((head, word)) = rest.rsplit_once(' ')
        && is_first_version_word(word)
    {
        qualifiers.version = Some(word.to_string());
        rest = head;
    }
    rest.trim().to_string()
}

/// `128K`, `1M`, `24k`: digits followed by K or M.
pub(super) fn is_context_size(word: &str) -> bool {
    let Some(digits) = word.strip_suffix(['k', 'K', 'm', 'M']) else {
        return false;
    };
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `V1`, `v1`, `V1.0`.
pub(super) fn is_first_version_word(word: &str) -> bool {
    matches!(word.to_ascii_lowercase().as_str(), "v1" | "v1.0")
}

pub(super) fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    strip_prefix_ignore_case(text, prefix).is_some()
}

pub(super) fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

pub(super) fn strip_suffix_ignore_case<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let start = text.len().checked_sub(suffix.len())?;
    let tail = text.get(start..)?;
    tail.eq_ignore_ascii_case(suffix).then(|| &text[..start])
}

pub(super) fn strip_affixes<'a>(text: &'a str, prefix: &str, suffix: &str) -> Option<&'a str> {
    strip_suffix_ignore_case(strip_prefix_ignore_case(text, prefix)?, suffix)
}

pub(super) fn find_ignore_case(text: &str, needle: &str) -> Option<usize> {
    text.to_ascii_lowercase().find(&needle.to_ascii_lowercase())
}
