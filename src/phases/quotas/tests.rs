use super::assign::*;
use super::normalise::*;
use super::quota_name::*;
use super::rules::*;

use super::*;
use crate::catalog::quotas::*;
use crate::model::ModelRef;
use crate::records::ServiceQuota;
use crate::records::{FoundationModelsPage, QuotasPage};
use std::collections::{BTreeMap, BTreeSet};

const QUOTAS_US_EAST_1: &str =
    "service-quotas/yeshwanthlm-AWS-Community-Day-Ahmedabad-2026_us-east-1_2026-02-24.json";
const RENAMED_QUOTAS_CSV: &str = "service-quotas/gruntwork-terraform-aws-utilities_bedrock-adjustable-default-quotas_us-east-1.csv";
/// The model list closest in time to the quota dump (2026-02-24).
const MODELS_2026_01_01: &str =
    "list-foundation-models/abental-bedrock-chatbot_us-east-1_2026-01-01.json";
const MODELS_2026_06_22: &str =
    "list-foundation-models/dineshrajdhanapathyDD-TurfArena_us-east-1_2026-06-22.json";
const MODELS_2025_03_04: &str =
    "list-foundation-models/naveenholla-Campaign-app_us-east-1_2025-03-04.json";
const US_EAST_1: &str = "us-east-1";

fn fixtures_dir() -> std::path::PathBuf {
    std::env::var("BEDROCK_FIXTURES")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures").into())
}

fn read_fixture(relative: &str) -> String {
    let path = fixtures_dir().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn real_quotas() -> Vec<ServiceQuota> {
    serde_json::from_str::<QuotasPage>(&read_fixture(QUOTAS_US_EAST_1))
        .unwrap()
        .quotas
}

/// `ModelRef`s as discovery builds them: one per model id without its `:N...` suffix.
fn model_refs(relative: &str) -> Vec<ModelRef> {
    let page: FoundationModelsPage = serde_json::from_str(&read_fixture(relative)).unwrap();
    let mut by_key: BTreeMap<String, ModelRef> = BTreeMap::new();
    for summary in &page.model_summaries {
        let key = summary.model_id.split(':').next().unwrap().to_string();
        let model = by_key.entry(key.clone()).or_insert_with(|| ModelRef {
            key,
            model_id: summary.model_id.clone(),
            provider: summary.provider_name.clone().unwrap_or_default(),
            name: summary.model_name.clone().unwrap_or_default(),
            input_modalities: summary.input_modalities.clone(),
            output_modalities: summary.output_modalities.clone(),
            regions: vec![US_EAST_1.to_string()],
            ..ModelRef::default()
        });
        model.variant_ids.push(summary.model_id.clone());
        if summary.model_id.len() < model.model_id.len() {
            model.model_id = summary.model_id.clone();
        }
    }
    by_key
        .into_values()
        .map(|mut model| {
            model.variant_ids.sort();
            model
        })
        .collect()
}

fn in_us_east_1(quotas: Vec<ServiceQuota>) -> BTreeMap<String, Vec<ServiceQuota>> {
    BTreeMap::from([(US_EAST_1.to_string(), quotas)])
}

/// The us-east-1 dump as applied values, against a model list, no defaults.
fn assign_real(models_fixture: &str) -> QuotaAssignment {
    assign_quotas(
        &model_refs(models_fixture),
        &in_us_east_1(real_quotas()),
        &BTreeMap::new(),
    )
}

/// (model key, quota) for every assigned quota in us-east-1.
fn assigned_in_us_east_1(assignment: &QuotaAssignment) -> Vec<(&str, &AssignedQuota)> {
    assignment
        .models
        .iter()
        .flat_map(|(key, regions)| {
            regions
                .get(US_EAST_1)
                .into_iter()
                .flatten()
                .map(move |q| (key.as_str(), q))
        })
        .collect()
}

fn find_assigned<'a>(
    assignment: &'a QuotaAssignment,
    code: &str,
) -> Vec<(&'a str, &'a AssignedQuota)> {
    assigned_in_us_east_1(assignment)
        .into_iter()
        .filter(|(_, q)| q.quota_code == code)
        .collect()
}

// ----- parsing -------------------------------------------------------------------------------------

#[test]
fn parse_reads_route_metric_model_and_qualifiers() {
    let parsed = parse_quota_name(
        "Model invocation max tokens per day for Anthropic Claude Sonnet 4.5 V1 1M Context Length (doubled for cross-region calls)",
    );
    assert_eq!(parsed.subject, Subject::Model);
    assert_eq!(parsed.route, Some(Route::OnDemand));
    assert_eq!(parsed.metric, Some(Metric::TokensPerDay));
    assert_eq!(
        parsed.model_name.as_deref(),
        Some("Anthropic Claude Sonnet 4.5")
    );
    assert_eq!(
        parsed.qualifiers,
        Qualifiers {
            version: Some("V1".into()),
            context_variant: Some("1M Context Length".into()),
            doubled_for_cross_region: true,
            trailing_full_stop: false,
        }
    );

    let batch = parse_quota_name(
        "Minimum number of records per batch inference job for Claude Sonnet 4.5.",
    );
    assert_eq!(
        (batch.route, batch.metric),
        (Some(Route::Batch), Some(Metric::MinRecordsPerBatchJob))
    );
    assert_eq!(batch.model_name.as_deref(), Some("Claude Sonnet 4.5"));
    assert!(batch.qualifiers.trailing_full_stop);

    let spaced = parse_quota_name("Batch inference job size  (in GB) for Qwen3 Next 80B");
    assert_eq!(
        (spaced.route, spaced.metric),
        (Some(Route::Batch), Some(Metric::BatchJobSizeGb))
    );
    assert_eq!(spaced.model_name.as_deref(), Some("Qwen3 Next 80B"));

    let cross = parse_quota_name(
        "Cross-Region model inference tokens per minute for Anthropic Claude 3.5 Sonnet V2",
    );
    assert_eq!(
        (cross.route, cross.metric),
        (Some(Route::CrossRegion), Some(Metric::TokensPerMinute))
    );
    assert_eq!(
        cross.model_name.as_deref(),
        Some("Anthropic Claude 3.5 Sonnet V2")
    );
    assert_eq!(
        cross.qualifiers.version, None,
        "V2 is part of the name, only V1 is a qualifier"
    );

    let latency = parse_quota_name(
        "On-Demand, latency-optimized model inference requests per minute for Amazon Nova Pro V1",
    );
    assert_eq!(latency.route, Some(Route::OnDemandLatencyOptimized));

    let provisioned = parse_quota_name(
        "Model units per provisioned model for the 24k context length variant for Amazon Nova Lite ",
    );
    assert_eq!(provisioned.model_name.as_deref(), Some("Amazon Nova Lite"));
    assert_eq!(
        provisioned.qualifiers.context_variant.as_deref(),
        Some("24k")
    );

    let nova_2 = parse_quota_name(
        "No-commitment model units for Provisioned Throughput created for custom model Amazon Nova 2 Lite V1.0 256K",
    );
    assert_eq!(nova_2.route, Some(Route::ProvisionedThroughputCustomModel));
    assert_eq!(nova_2.model_name.as_deref(), Some("Amazon Nova 2 Lite"));
    assert_eq!(nova_2.qualifiers.version.as_deref(), Some("V1.0"));
    assert_eq!(nova_2.qualifiers.context_variant.as_deref(), Some("256K"));

    let fine_tuning = parse_quota_name(
        "(Model customization) Sum of training and validation records for a Titan Text G1 - Express v1 Continued Pre-Training job",
    );
    assert_eq!(
        fine_tuning.metric,
        Some(Metric::ContinuedPreTrainingRecords)
    );
    assert_eq!(
        fine_tuning.model_name.as_deref(),
        Some("Titan Text G1 - Express")
    );

    for (name, feature) in [
        (
            "(Knowledge Bases) Retrieve requests per second",
            Feature::KnowledgeBases,
        ),
        ("(Flows) Agent nodes per flow", Feature::Flows),
        ("CreateAgentAlias requests per second", Feature::Agents),
        (
            "Throttle rate limit for InvokeDataAutomationAsync",
            Feature::DataAutomation,
        ),
        (
            "(Model customization) Scheduled customization jobs",
            Feature::ModelCustomization,
        ),
        (
            "Model units no-commitment Provisioned Throughputs across base models",
            Feature::ProvisionedThroughput,
        ),
    ] {
        let parsed = parse_quota_name(name);
        assert_eq!(parsed.subject, Subject::NotModel(feature), "{name}");
        assert_eq!(
            (parsed.route, parsed.metric, parsed.model_name),
            (None, None, None),
            "{name}"
        );
    }
    assert_eq!(
        parse_quota_name("Widgets per gizmo").subject,
        Subject::Unrecognised
    );
}

#[test]
fn parse_counts_over_the_1085_real_names() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let quotas = real_quotas();
    assert_eq!(quotas.len(), 1085);
    let mut by_route_metric: BTreeMap<(Route, Metric), usize> = BTreeMap::new();
    let mut by_feature: BTreeMap<Feature, usize> = BTreeMap::new();
    let mut unrecognised = Vec::new();
    for quota in &quotas {
        let parsed = parse_quota_name(&quota.quota_name);
        match parsed.subject {
            Subject::Model => {
                assert!(
                    parsed.model_name.as_deref().is_some_and(|n| !n.is_empty()),
                    "{}",
                    quota.quota_name
                );
                *by_route_metric
                    .entry((parsed.route.unwrap(), parsed.metric.unwrap()))
                    .or_default() += 1;
            }
            Subject::NotModel(feature) => *by_feature.entry(feature).or_default() += 1,
            Subject::Unrecognised => unrecognised.push(quota.quota_name.clone()),
            Subject::Account(kind) => panic!("no account quota in February 2026: {kind:?}"),
        }
    }
    use Metric as M;
    use Route as R;
    let expected_models = BTreeMap::from([
        ((R::OnDemand, M::TokensPerMinute), 75),
        ((R::OnDemand, M::RequestsPerMinute), 97),
        ((R::OnDemand, M::TokensPerDay), 52),
        ((R::OnDemand, M::ConcurrentRequests), 6),
        ((R::OnDemand, M::AsyncConcurrentRequests), 2),
        ((R::OnDemandLatencyOptimized, M::TokensPerMinute), 3),
        ((R::OnDemandLatencyOptimized, M::RequestsPerMinute), 3),
        ((R::OnDemandLatencyOptimized, M::TokensPerDay), 1),
        ((R::CrossRegion, M::TokensPerMinute), 36),
        ((R::CrossRegion, M::RequestsPerMinute), 52),
        ((R::GlobalCrossRegion, M::TokensPerMinute), 13),
        ((R::GlobalCrossRegion, M::RequestsPerMinute), 13),
        ((R::GlobalCrossRegion, M::TokensPerDay), 13),
        ((R::Batch, M::BatchInputFileSizeGb), 63),
        ((R::Batch, M::BatchJobSizeGb), 62),
        ((R::Batch, M::MinRecordsPerBatchJob), 63),
        ((R::Batch, M::RecordsPerBatchJob), 63),
        ((R::Batch, M::RecordsPerInputFile), 63),
        ((R::Batch, M::SubmittedBatchJobs), 63),
        ((R::BatchCustomModel, M::SubmittedBatchJobs), 2),
        (
            (R::ProvisionedThroughput, M::ModelUnitsPerProvisionedModel),
            49,
        ),
        ((R::ProvisionedThroughput, M::ModelUnitsWithCommitment), 4),
        ((R::ProvisionedThroughput, M::ModelUnitsNoCommitment), 1),
        (
            (
                R::ProvisionedThroughputCustomModel,
                M::ModelUnitsNoCommitment,
            ),
            1,
        ),
        ((R::CustomModelDeployment, M::RequestsPerMinute), 4),
        ((R::CustomModelDeployment, M::TokensPerMinute), 4),
        ((R::CustomModelDeployment, M::TokensPerDay), 4),
        ((R::ModelCustomization, M::FineTuningRecords), 14),
        ((R::ModelCustomization, M::ContinuedPreTrainingRecords), 2),
        ((R::ModelCustomization, M::MaxTrainingRecords), 1),
        (
            (R::ModelCustomization, M::DistillationStudentContextLength),
            2,
        ),
    ]);
    let expected_features = BTreeMap::from([
        (Feature::Agents, 33),
        (Feature::AutomatedReasoning, 36),
        (Feature::DataAutomation, 55),
        (Feature::Evaluation, 12),
        (Feature::Flows, 35),
        (Feature::Guardrails, 20),
        (Feature::InferenceProfiles, 2),
        (Feature::KnowledgeBases, 37),
        (Feature::ModelCustomization, 9),
        (Feature::ModelImport, 2),
        (Feature::PromptManagement, 8),
        (Feature::PromptOptimization, 2),
        (Feature::PromptRouters, 1),
        (Feature::ProvisionedThroughput, 2),
    ]);
    assert_eq!(by_route_metric, expected_models);
    assert_eq!(by_feature, expected_features);
    assert_eq!(by_route_metric.values().sum::<usize>(), 831);
    assert_eq!(by_feature.values().sum::<usize>(), 254);
    assert_eq!(unrecognised, Vec::<String>::new());
}

/// No name that mentions a model family or provider is classified as not about a model.
#[test]
fn no_model_looking_name_is_left_unparsed() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    const MODEL_WORDS: &[&str] = &[
        "anthropic",
        "claude",
        "amazon",
        "nova",
        "titan",
        "meta",
        "llama",
        "mistral",
        "mixtral",
        "cohere",
        "deepseek",
        "qwen",
        "openai",
        "gpt",
        "gemma",
        "stable",
        "stability",
        "twelve",
        "marengo",
        "pegasus",
        "jamba",
        "kimi",
        "minimax",
        "nemotron",
        "glm",
        "voxtral",
        "palmyra",
    ];
    let mut suspicious = Vec::new();
    for quota in real_quotas() {
        let parsed = parse_quota_name(&quota.quota_name);
        let words = normalise_words(&quota.quota_name);
        let mentions_model = words.iter().any(|w| MODEL_WORDS.contains(&w.as_str()));
        if parsed.subject != Subject::Model && mentions_model {
            suspicious.push(quota.quota_name);
        }
    }
    assert_eq!(suspicious, Vec::<String>::new());
}

#[test]
fn normalised_names_compare_across_spellings() {
    let same =
        |a: &str, b: &str| assert_eq!(quota_form(a).words, quota_form(b).words, "{a} vs {b}");
    same("Anthropic Claude 3.5 Sonnet V1", "Claude 3.5 Sonnet");
    same("Claude 3-5-Haiku v1", "Claude 3.5 Haiku");
    same("Mistral AI Mistral Small", "Mistral Small");
    same("Z.ai GLM-4.7", "GLM 4.7");
    same("Cohere Command R Plus", "Command R+");
    same("Mistral AI Mixtral 8X7BB Instruct", "Mixtral 8x7B Instruct");
    same("Mistral Pixtral Large 25.02 V1", "Pixtral Large (25.02)");
    same("Ministral 14B 3.0", "Ministral 14B 3");
    assert_eq!(
        quota_form("Amazon Nova Reel1.1").words,
        ["nova", "reel", "1.1"]
    );
    assert_eq!(
        quota_form("Stability.ai Stable Diffusion XL 1.0").provider,
        Some("stability")
    );
    assert_eq!(canonical_provider("Z.AI"), "zai");
    assert_eq!(canonical_provider("Mistral AI"), "mistral");
}

// ----- assignment against the real dump --------------------------------------------------------------

type Row = (
    &'static str,
    &'static str,
    &'static str,
    Route,
    Metric,
    Option<&'static str>,
);

/// Hand-checked against the quota names: (code, quota name, model key, route, metric, model variant).
#[rustfmt::skip]
const HAND_CHECKED: &[Row] = &[
    // Claude, including context-length variants and batch names without "Anthropic".
    ("L-F4DDD3EB", "Cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.5 V1", "anthropic.claude-sonnet-4-5-20250929-v1", Route::CrossRegion, Metric::TokensPerMinute, None),
    ("L-8EA73537", "Cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.5 V1 1M Context Length", "anthropic.claude-sonnet-4-5-20250929-v1", Route::CrossRegion, Metric::TokensPerMinute, Some("1M Context Length")),
    ("L-E107194C", "Model invocation max tokens per day for Anthropic Claude Sonnet 4.5 V1 1M Context Length (doubled for cross-region calls)", "anthropic.claude-sonnet-4-5-20250929-v1", Route::OnDemand, Metric::TokensPerDay, Some("1M Context Length")),
    ("L-DB84CE56", "Global cross-region model inference requests per minute for Anthropic Claude Sonnet 4.5 V1", "anthropic.claude-sonnet-4-5-20250929-v1", Route::GlobalCrossRegion, Metric::RequestsPerMinute, None),
    ("L-A0300844", "Sum of in-progress and submitted batch inference jobs using a base model for Claude Sonnet 4.5.", "anthropic.claude-sonnet-4-5-20250929-v1", Route::Batch, Metric::SubmittedBatchJobs, None),
    ("L-FFFEDD8D", "Records per batch inference job for Claude Sonnet 4.5", "anthropic.claude-sonnet-4-5-20250929-v1", Route::Batch, Metric::RecordsPerBatchJob, None),
    ("L-1FA095B8", "Cross-region model inference tokens per minute for Anthropic Claude Sonnet 4 V1 1M Context Length", "anthropic.claude-sonnet-4-20250514-v1", Route::CrossRegion, Metric::TokensPerMinute, Some("1M Context Length")),
    ("L-59759B4A", "Cross-region model inference tokens per minute for Anthropic Claude Sonnet 4 V1", "anthropic.claude-sonnet-4-20250514-v1", Route::CrossRegion, Metric::TokensPerMinute, None),
    ("L-F611997D", "Batch inference input file size (in GB) for Claude Sonnet 4", "anthropic.claude-sonnet-4-20250514-v1", Route::Batch, Metric::BatchInputFileSizeGb, None),
    ("L-9A11C666", "Global cross-region model inference tokens per minute for Anthropic Claude Haiku 4.5", "anthropic.claude-haiku-4-5-20251001-v1", Route::GlobalCrossRegion, Metric::TokensPerMinute, None),
    ("L-28612175", "Records per batch inference job for Claude Haiku 4.5", "anthropic.claude-haiku-4-5-20251001-v1", Route::Batch, Metric::RecordsPerBatchJob, None),
    ("L-E2985A8E", "Global cross-region model inference tokens per day for Anthropic Claude Opus 4.5", "anthropic.claude-opus-4-5-20251101-v1", Route::GlobalCrossRegion, Metric::TokensPerDay, None),
    ("L-6E888CC2", "Cross-region model inference tokens per minute for Anthropic Claude 3.7 Sonnet V1", "anthropic.claude-3-7-sonnet-20250219-v1", Route::CrossRegion, Metric::TokensPerMinute, None),
    ("L-A50569E5", "On-demand model inference tokens per minute for Anthropic Claude 3.5 Sonnet", "anthropic.claude-3-5-sonnet-20240620-v1", Route::OnDemand, Metric::TokensPerMinute, None),
    ("L-E7D41161", "Model invocation max tokens per day for Anthropic Claude 3.5 Sonnet V1 (doubled for cross-region calls)", "anthropic.claude-3-5-sonnet-20240620-v1", Route::OnDemand, Metric::TokensPerDay, None),
    ("L-AD41C330", "On-demand model inference tokens per minute for Anthropic Claude 3.5 Sonnet V2", "anthropic.claude-3-5-sonnet-20241022-v2", Route::OnDemand, Metric::TokensPerMinute, None),
    ("L-6EBFEB27", "Records per batch inference job for Claude 3.5 Sonnet v2", "anthropic.claude-3-5-sonnet-20241022-v2", Route::Batch, Metric::RecordsPerBatchJob, None),
    ("L-B2718619", "Model units per provisioned model for Anthropic Claude 3.5 Sonnet V2 51K", "anthropic.claude-3-5-sonnet-20241022-v2", Route::ProvisionedThroughput, Metric::ModelUnitsPerProvisionedModel, Some("51K")),
    ("L-3589F697", "On-demand latency-optimized model inference tokens per minute for Anthropic Claude 3.5 Haiku", "anthropic.claude-3-5-haiku-20241022-v1", Route::OnDemandLatencyOptimized, Metric::TokensPerMinute, None),
    ("L-ADA98D8D", "(Model customization) Sum of training and validation records for a Claude 3-5-Haiku v1 Fine-tuning job", "anthropic.claude-3-5-haiku-20241022-v1", Route::ModelCustomization, Metric::FineTuningRecords, None),
    ("L-8CE99163", "On-demand model inference tokens per minute for Anthropic Claude 3 Haiku", "anthropic.claude-3-haiku-20240307-v1", Route::OnDemand, Metric::TokensPerMinute, None),
    ("L-2DC80978", "On-demand model inference requests per minute for Anthropic Claude 3 Haiku", "anthropic.claude-3-haiku-20240307-v1", Route::OnDemand, Metric::RequestsPerMinute, None),
    ("L-3BE61D60", "Model units per provisioned model for Anthropic Claude 3 Haiku 48K", "anthropic.claude-3-haiku-20240307-v1", Route::ProvisionedThroughput, Metric::ModelUnitsPerProvisionedModel, Some("48K")),
    ("L-27477D78", "On-demand model inference tokens per minute for Anthropic Claude 3 Opus", "anthropic.claude-3-opus-20240229-v1", Route::OnDemand, Metric::TokensPerMinute, None),
    ("L-F7007F39", "On-demand model inference tokens per minute for Anthropic Claude Instant", "anthropic.claude-instant-v1", Route::OnDemand, Metric::TokensPerMinute, None),
    ("L-B0D9183E", "On-demand model inference tokens per minute for Anthropic Claude V2", "anthropic.claude-v2", Route::OnDemand, Metric::TokensPerMinute, Some("v2")),
    ("L-A63633C5", "Model units per provisioned model for Anthropic Claude V2.1 200K", "anthropic.claude-v2", Route::ProvisionedThroughput, Metric::ModelUnitsPerProvisionedModel, Some("v2.1 200K")),
    // Nova.
    ("L-CE33604C", "On-demand model inference tokens per minute for Amazon Nova Pro", "amazon.nova-pro-v1", Route::OnDemand, Metric::TokensPerMinute, None),
    ("L-F2717A44", "On-demand model inference requests per minute for Amazon Nova Pro", "amazon.nova-pro-v1", Route::OnDemand, Metric::RequestsPerMinute, None),
    ("L-BF13118E", "On-Demand, latency-optimized model inference tokens per minute for Amazon Nova Pro V1", "amazon.nova-pro-v1", Route::OnDemandLatencyOptimized, Metric::TokensPerMinute, None),
    ("L-145AFCE6", "Model invocation max latency-optimized tokens per day for Amazon Nova Pro V1", "amazon.nova-pro-v1", Route::OnDemandLatencyOptimized, Metric::TokensPerDay, None),
    ("L-E48B7984", "Model units per provisioned model for the 300k context length variant for Amazon Nova Pro", "amazon.nova-pro-v1", Route::ProvisionedThroughput, Metric::ModelUnitsPerProvisionedModel, Some("300k")),
    ("L-FE130012", "Sum of in-progress and submitted batch inference jobs using a base model for Nova Pro V1", "amazon.nova-pro-v1", Route::Batch, Metric::SubmittedBatchJobs, None),
    ("L-70423BF8", "On-demand model inference tokens per minute for Amazon Nova Lite", "amazon.nova-lite-v1", Route::OnDemand, Metric::TokensPerMinute, None),
    ("L-153ADCCB", "(Model customization) Sum of on demand custom model deployment tokens per minute for Amazon Nova Lite", "amazon.nova-lite-v1", Route::CustomModelDeployment, Metric::TokensPerMinute, None),
    ("L-DC7FF66C", "Cross-region model inference tokens per minute for Amazon Nova Micro", "amazon.nova-micro-v1", Route::CrossRegion, Metric::TokensPerMinute, None),
    ("L-401C9B96", "(Model customization) Maximum student model fine tuning context length for Amazon Nova Micro V1 distillation customization jobs", "amazon.nova-micro-v1", Route::ModelCustomization, Metric::DistillationStudentContextLength, None),
    ("L-B1D7F4B9", "Model invocation max tokens per day for Amazon Nova Premier V1 (doubled for cross-region calls)", "amazon.nova-premier-v1", Route::OnDemand, Metric::TokensPerDay, None),
    ("L-C6F5908D", "Cross-region model inference tokens per minute for Amazon Nova 2 Lite", "amazon.nova-2-lite-v1", Route::CrossRegion, Metric::TokensPerMinute, None),
    ("L-07D3BCF0", "Model units per provisioned model for Amazon Nova 2 Lite V1.0 256K", "amazon.nova-2-lite-v1", Route::ProvisionedThroughput, Metric::ModelUnitsPerProvisionedModel, Some("256K")),
    ("L-5CC0F091", "No-commitment model units for Provisioned Throughput created for custom model Amazon Nova 2 Lite V1.0 256K", "amazon.nova-2-lite-v1", Route::ProvisionedThroughputCustomModel, Metric::ModelUnitsNoCommitment, Some("256K")),
    ("L-3F26CE29", "On-demand model inference requests per minute for Amazon Nova Canvas", "amazon.nova-canvas-v1", Route::OnDemand, Metric::RequestsPerMinute, None),
    ("L-581C6B7F", "On-demand InvokeModel concurrent requests for Amazon Nova Reel1.1", "amazon.nova-reel-v1", Route::OnDemand, Metric::ConcurrentRequests, Some("v1.1")),
    // Titan.
    ("L-74B5B793", "On-demand model inference tokens per minute for Amazon Titan Text Embeddings", "amazon.titan-embed-text-v1", Route::OnDemand, Metric::TokensPerMinute, None),
    ("L-DE641971", "On-demand model inference tokens per minute for Amazon Titan Text Embeddings V2", "amazon.titan-embed-text-v2", Route::OnDemand, Metric::TokensPerMinute, None),
    ("L-AAC5F6D6", "Records per batch inference job for Titan Text Embeddings V2", "amazon.titan-embed-text-v2", Route::Batch, Metric::RecordsPerBatchJob, None),
    ("L-44992E63", "On-demand model inference tokens per minute for Amazon Titan Text Express", "amazon.titan-text-express-v1", Route::OnDemand, Metric::TokensPerMinute, None),
    ("L-8129BF10", "Model units per provisioned model for Amazon Titan Text G1 - Express 8K", "amazon.titan-text-express-v1", Route::ProvisionedThroughput, Metric::ModelUnitsPerProvisionedModel, Some("8K")),
    ("L-652C224A", "Sum of in-progress and submitted batch inference jobs using a custom model for Titan Multimodal Embeddings G1", "amazon.titan-embed-image-v1", Route::BatchCustomModel, Metric::SubmittedBatchJobs, None),
    ("L-F1AFB3C9", "On-demand model inference tokens per minute for Amazon Titan Image Generator G1 V2", "amazon.titan-image-generator-v2", Route::OnDemand, Metric::TokensPerMinute, None),
    // Llama.
    ("L-48E55E59", "On-demand model inference tokens per minute for Meta Llama 3.1 70B Instruct", "meta.llama3-1-70b-instruct-v1", Route::OnDemand, Metric::TokensPerMinute, None),
    ("L-100511C1", "On-Demand, latency-optimized model inference tokens per minute for Meta Llama 3.1 70B Instruct", "meta.llama3-1-70b-instruct-v1", Route::OnDemandLatencyOptimized, Metric::TokensPerMinute, None),
    ("L-03A9B835", "On-demand model inference tokens per minute for Meta Llama 3 8B Instruct", "meta.llama3-8b-instruct-v1", Route::OnDemand, Metric::TokensPerMinute, None),
    ("L-0E7AA8B7", "Cross-region model inference tokens per minute for Meta Llama 3.3 70B Instruct", "meta.llama3-3-70b-instruct-v1", Route::CrossRegion, Metric::TokensPerMinute, None),
    ("L-532E6630", "Cross-region model inference tokens per minute for Meta Llama 4 Scout V1", "meta.llama4-scout-17b-instruct-v1", Route::CrossRegion, Metric::TokensPerMinute, None),
    ("L-D682535A", "Model units, with commitment, for Provisioned Throughout created for Meta Llama 4 Scout 17B Instruct 128K", "meta.llama4-scout-17b-instruct-v1", Route::ProvisionedThroughput, Metric::ModelUnitsWithCommitment, Some("128K")),
    ("L-E4F91723", "Batch inference input file size (in GB) for Llama 4 Scout", "meta.llama4-scout-17b-instruct-v1", Route::Batch, Metric::BatchInputFileSizeGb, None),
    // Mistral.
    ("L-C709F563", "On-demand model inference tokens per minute for Mistral Large 3", "mistral.mistral-large-3-675b-instruct", Route::OnDemand, Metric::TokensPerMinute, None),
    ("L-01447289", "On-demand model inference tokens per minute for Mistral AI Mistral Large", "mistral.mistral-large-2402-v1", Route::OnDemand, Metric::TokensPerMinute, None),
    ("L-490F4D1F", "On-demand model inference tokens per minute for Mistral AI Mixtral 8X7BB Instruct", "mistral.mixtral-8x7b-instruct-v0", Route::OnDemand, Metric::TokensPerMinute, None),
    ("L-D9A35062", "On-demand model inference requests per minute for Mistral 7B Instruct", "mistral.mistral-7b-instruct-v0", Route::OnDemand, Metric::RequestsPerMinute, None),
    ("L-4B9F76B0", "Cross-region model inference tokens per minute for Mistral Pixtral Large 25.02 V1", "mistral.pixtral-large-2502-v1", Route::CrossRegion, Metric::TokensPerMinute, None),
    ("L-8A4BEE90", "On-demand model inference tokens per minute for Ministral 3B 3.0", "mistral.ministral-3-3b-instruct", Route::OnDemand, Metric::TokensPerMinute, None),
    ("L-E802C648", "Model invocation max tokens per day for Magistral Small 1.2 (doubled for cross-region calls)", "mistral.magistral-small-2509", Route::OnDemand, Metric::TokensPerDay, None),
    // Cohere.
    ("L-FEE1DCB6", "On-demand model inference tokens per minute for Cohere Command R Plus", "cohere.command-r-plus-v1", Route::OnDemand, Metric::TokensPerMinute, None),
    ("L-17F95AA4", "On-demand model inference tokens per minute for Cohere Command R", "cohere.command-r-v1", Route::OnDemand, Metric::TokensPerMinute, None),
    ("L-C47B85D5", "On-demand model inference tokens per minute for Cohere Embed V4", "cohere.embed-v4", Route::OnDemand, Metric::TokensPerMinute, None),
    ("L-11512E58", "On-demand model inference requests per minute for Cohere Rerank 3.5", "cohere.rerank-v3-5", Route::OnDemand, Metric::RequestsPerMinute, None),
    // DeepSeek.
    ("L-06B03968", "Cross-region model inference tokens per minute for DeepSeek R1 V1", "deepseek.r1-v1", Route::CrossRegion, Metric::TokensPerMinute, None),
    ("L-6CA2002C", "Model invocation max tokens per day for DeepSeek R1 V1 (doubled for cross-region calls)", "deepseek.r1-v1", Route::OnDemand, Metric::TokensPerDay, None),
    // Qwen.
    ("L-B7C52139", "On-demand model inference tokens per minute for Qwen3 32B V1", "qwen.qwen3-32b-v1", Route::OnDemand, Metric::TokensPerMinute, None),
    ("L-92F81E14", "On-demand model inference tokens per minute for Qwen3 Coder 30B a3b V1", "qwen.qwen3-coder-30b-a3b-v1", Route::OnDemand, Metric::TokensPerMinute, None),
    ("L-F30EAB98", "Sum of in-progress and submitted batch inference jobs using a base model for Qwen3 Coder 30B", "qwen.qwen3-coder-30b-a3b-v1", Route::Batch, Metric::SubmittedBatchJobs, None),
    // OpenAI gpt-oss.
    ("L-9DC5F595", "On-demand model inference tokens per minute for OpenAI GPT OSS 120B", "openai.gpt-oss-120b-1", Route::OnDemand, Metric::TokensPerMinute, None),
    ("L-036E14D8", "On-demand model inference tokens per minute for OpenAI GPT OSS 20B", "openai.gpt-oss-20b-1", Route::OnDemand, Metric::TokensPerMinute, None),
    ("L-594C7AC9", "On-demand model inference tokens per minute for GPT OSS Safeguard 120B", "openai.gpt-oss-safeguard-120b", Route::OnDemand, Metric::TokensPerMinute, None),
    // Stability.
    ("L-2CE22299", "On-demand model inference requests per minute for Stable Image Inpaint", "stability.stable-image-inpaint-v1", Route::OnDemand, Metric::RequestsPerMinute, None),
    ("L-3CD80F9F", "Cross-region model inference requests per minute for Stable Image Inpaint", "stability.stable-image-inpaint-v1", Route::CrossRegion, Metric::RequestsPerMinute, None),
    // Others.
    ("L-F8729E94", "On-demand model inference tokens per minute for Gemma 3 27B", "google.gemma-3-27b-it", Route::OnDemand, Metric::TokensPerMinute, None),
    ("L-33D3627D", "On-demand model inference tokens per minute for NVIDIA Nemotron Nano 2", "nvidia.nemotron-nano-9b-v2", Route::OnDemand, Metric::TokensPerMinute, None),
    ("L-A05A5476", "On-demand model inference tokens per minute for NVIDIA Nemotron Nano 2 VL", "nvidia.nemotron-nano-12b-v2", Route::OnDemand, Metric::TokensPerMinute, None),
    ("L-5E8692C5", "On-demand model inference requests per minute for Twelve Labs Pegasus", "twelvelabs.pegasus-1-2-v1", Route::OnDemand, Metric::RequestsPerMinute, None),
    ("L-BC3096B9", "On-demand InvokeModel async concurrent requests for TwelveLabs Marengo Embed 3.0", "twelvelabs.marengo-embed-3-0-v1", Route::OnDemand, Metric::AsyncConcurrentRequests, None),
];

#[test]
fn hand_checked_table_against_the_2026_01_01_model_list() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    assert!(HAND_CHECKED.len() >= 60);
    let assignment = assign_real(MODELS_2026_01_01);
    for &(code, name, key, route, metric, variant) in HAND_CHECKED {
        let found = find_assigned(&assignment, code);
        assert_eq!(
            found.len(),
            1,
            "{code} {name}: on {:?}",
            found.iter().map(|(k, _)| k).collect::<Vec<_>>()
        );
        let (found_key, quota) = found[0];
        assert_eq!(
            (
                found_key,
                quota.quota_name.as_str(),
                quota.route,
                quota.metric,
                quota.model_variant.as_deref()
            ),
            (key, name, route, metric, variant),
            "{code}"
        );
    }
}

#[test]
fn claude_sonnet_4_5_quotas_in_us_east_1() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let assignment = assign_real(MODELS_2026_01_01);
    let quotas = &assignment.models["anthropic.claude-sonnet-4-5-20250929-v1"][US_EAST_1];
    let got: Vec<(&str, Route, Metric, Option<&str>)> = quotas
        .iter()
        .map(|q| {
            (
                q.quota_code.as_str(),
                q.route,
                q.metric,
                q.model_variant.as_deref(),
            )
        })
        .collect();
    const LONG: Option<&str> = Some("1M Context Length");
    use Metric as M;
    use Route as R;
    assert_eq!(
        got,
        [
            ("L-229A5DEC", R::GlobalCrossRegion, M::TokensPerDay, LONG),
            ("L-23DB0C0C", R::Batch, M::MinRecordsPerBatchJob, None),
            ("L-27C57EE8", R::GlobalCrossRegion, M::TokensPerMinute, None),
            ("L-381AD9EE", R::OnDemand, M::TokensPerDay, None),
            ("L-4A6BFAB1", R::CrossRegion, M::RequestsPerMinute, None),
            ("L-4B26E44A", R::GlobalCrossRegion, M::TokensPerMinute, LONG),
            ("L-4DFF050E", R::Batch, M::RecordsPerInputFile, None),
            ("L-640034B8", R::Batch, M::BatchInputFileSizeGb, None),
            ("L-8EA73537", R::CrossRegion, M::TokensPerMinute, LONG),
            ("L-A0300844", R::Batch, M::SubmittedBatchJobs, None),
            ("L-A052927A", R::CrossRegion, M::RequestsPerMinute, LONG),
            ("L-A8E19E21", R::Batch, M::BatchJobSizeGb, None),
            ("L-BC182137", R::GlobalCrossRegion, M::TokensPerDay, None),
            (
                "L-C0D53EFB",
                R::GlobalCrossRegion,
                M::RequestsPerMinute,
                LONG
            ),
            (
                "L-DB84CE56",
                R::GlobalCrossRegion,
                M::RequestsPerMinute,
                None
            ),
            ("L-E107194C", R::OnDemand, M::TokensPerDay, LONG),
            ("L-F4DDD3EB", R::CrossRegion, M::TokensPerMinute, None),
            ("L-FFFEDD8D", R::Batch, M::RecordsPerBatchJob, None),
        ]
    );
    // The daily token quotas carry the "doubled for cross-region calls" flag, the others do not.
    let doubled: Vec<&str> = quotas
        .iter()
        .filter(|q| q.doubled_for_cross_region)
        .map(|q| q.quota_code.as_str())
        .collect();
    assert_eq!(doubled, ["L-381AD9EE", "L-E107194C"]);
    // Values as the dump gives them (applied only: no defaults were passed).
    let jobs = quotas
        .iter()
        .find(|q| q.quota_code == "L-A0300844")
        .unwrap();
    assert_eq!(
        (
            jobs.value,
            jobs.applied_value,
            jobs.default_value,
            jobs.raised
        ),
        (Some(20.0), Some(20.0), None, None)
    );
}

#[test]
fn non_model_quotas_never_reach_a_model() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let assignment = assign_real(MODELS_2026_01_01);
    let on_models: BTreeSet<&str> = assigned_in_us_east_1(&assignment)
        .iter()
        .map(|(_, q)| q.quota_code.as_str())
        .collect();
    let unassigned: BTreeSet<&str> = assignment
        .unassigned
        .iter()
        .map(|u| u.quota_code.as_str())
        .collect();
    let mut not_model = 0;
    for quota in real_quotas() {
        if matches!(
            parse_quota_name(&quota.quota_name).subject,
            Subject::NotModel(_)
        ) {
            not_model += 1;
            assert!(
                !on_models.contains(quota.quota_code.as_str()),
                "{}",
                quota.quota_name
            );
            assert!(
                !unassigned.contains(quota.quota_code.as_str()),
                "{}",
                quota.quota_name
            );
        }
    }
    assert_eq!(not_model, 254);
    // "(Knowledge Bases) Retrieve requests per second" and "(Flows) Knowledge base nodes per flow".
    let retrieve = real_quotas()
        .into_iter()
        .find(|q| q.quota_name == "(Knowledge Bases) Retrieve requests per second")
        .unwrap();
    assert!(find_assigned(&assignment, &retrieve.quota_code).is_empty());
}

#[test]
fn assignment_counts_for_the_us_east_1_dump() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let assignment = assign_real(MODELS_2026_01_01);
    let expected = QuotaCounts {
        quotas_seen: 1085,
        model_quotas: 831,
        non_model_quotas: 254,
        assigned: 662,
        unassigned: 169,
        unassigned_by_reason: BTreeMap::from([
            ("no_matching_model".into(), 162),
            ("only_later_version_listed".into(), 4),
            ("version_not_named".into(), 3),
        ]),
    };
    assert_eq!(assignment.totals, expected);
    assert_eq!(assignment.by_region[US_EAST_1], expected);
    assert_eq!(assigned_in_us_east_1(&assignment).len(), 662);
    assert_eq!(assignment.unassigned.len(), 169);
    assert!(
        assignment
            .unassigned
            .iter()
            .all(|u| u.regions == [US_EAST_1])
    );
    assert_eq!(
        assignment.value_sources[US_EAST_1],
        ValueSources {
            applied: true,
            defaults: false
        }
    );
    assert_eq!(
        assignment.total_for("anthropic.claude-sonnet-4-5-20250929-v1"),
        18
    );
}

/// Every model name left unassigned, with why and how many quotas carry it. Most are models released
/// after the 2026-01-01 list (Claude Opus/Sonnet 4.6, DeepSeek V3.2, GLM 4.7, Kimi K2.5, ...) or retired
/// before it (Llama 2, Jurassic-2, Titan Text Lite/Premier, SDXL, ...); the rest are noted inline.
#[test]
fn unassigned_model_names_and_reasons() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let assignment = assign_real(MODELS_2026_01_01);
    let mut got: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for unassigned in &assignment.unassigned {
        let name = parse_quota_name(&unassigned.quota_name)
            .model_name
            .unwrap_or_default();
        let reason = match &unassigned.reason {
            UnassignedReason::OnlyLaterVersionListed { candidates } => {
                format!("only_later_version_listed {}", candidates.join(" "))
            }
            other => other.kind().to_string(),
        };
        let entry = got.entry(name).or_insert((reason.clone(), 0));
        assert_eq!(entry.0, reason);
        entry.1 += 1;
    }
    let got: Vec<(&str, &str, usize)> = got
        .iter()
        .map(|(n, (r, c))| (n.as_str(), r.as_str(), *c))
        .collect();
    const NONE: &str = "no_matching_model";
    const TITAN_V2: &str = "only_later_version_listed amazon.titan-image-generator-v2";
    #[rustfmt::skip]
    let expected = [
        ("AI21 Labs Jamba Instruct", NONE, 2),
        ("AI21 Labs Jurassic-2 Mid", NONE, 3),
        ("AI21 Labs Jurassic-2 Ultra", NONE, 3),
        ("Amazon Nova", NONE, 1), // "... for Amazon Nova V1 distillation customization jobs": the family, not a model
        ("Amazon Nova 2 Omni", NONE, 6),
        ("Amazon Nova 2 Pro Preview", NONE, 6),
        ("Amazon Rerank 1.0", NONE, 1),
        ("Amazon Titan Image Generator G1", TITAN_V2, 3),
        ("Amazon Titan Image Generator G2", NONE, 1),
        ("Amazon Titan Lite", NONE, 1),
        ("Amazon Titan Text Lite", NONE, 2),
        ("Amazon Titan Text Premier", NONE, 3),
        ("Anthropic Claude Opus 4.6", NONE, 12),
        ("Anthropic Claude Sonnet 4.6", NONE, 11),
        ("Claude Opus 4.6", NONE, 6),
        ("Claude Sonnet 4.6", NONE, 6),
        ("DeepSeek V3.2", NONE, 9),
        ("Devstral 2 123B", NONE, 6),
        ("GLM 4.7", NONE, 6),
        ("GLM 4.7 Flash", NONE, 6),
        ("Kimi K2.5", NONE, 6),
        ("Llama 3.1 405B Instruct", NONE, 6),
        ("Meta Llama 2 13B", NONE, 4),
        ("Meta Llama 2 70B", NONE, 4),
        ("Meta Llama 2 Chat 13B", NONE, 3),
        ("Meta Llama 2 Chat 70B", NONE, 3),
        ("Meta Maverick 4 Scout 17B Instruct", NONE, 2), // AWS's garbled name for a Llama 4 provisioned quota
        ("MiniMax M2.1", NONE, 6),
        ("Minimax M2.1", NONE, 3),
        ("Mistral Devstral 2 123b", NONE, 3),
        ("Mistral Large 2 (24.07)", NONE, 6),
        ("Moonshot AI Kimi K2.5", NONE, 3),
        ("Qwen3 Coder Next", NONE, 9),
        ("Stability.ai Stable Diffusion XL 0.8", NONE, 2),
        ("Stability.ai Stable Diffusion XL 1.0", NONE, 2),
        ("Titan Image Generator G1", TITAN_V2, 1),
        ("Titan Text G1 - Lite", NONE, 2),
        ("Titan Text G1 - Premier", NONE, 1),
        ("Twelve Labs Marengo", "version_not_named", 3), // Marengo Embed v2.7 or 3.0: the name does not say
        ("Z.ai GLM-4.7", NONE, 3),
        ("Z.ai GLM-4.7 Flash", NONE, 3),
    ];
    assert_eq!(got, expected);
    assert_eq!(expected.iter().map(|e| e.2).sum::<usize>(), 169);
}

#[test]
fn no_quota_on_two_models_and_none_twice_on_one() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    for fixture in [MODELS_2026_01_01, MODELS_2026_06_22, MODELS_2025_03_04] {
        let assignment = assign_real(fixture);
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for (key, quota) in assigned_in_us_east_1(&assignment) {
            assert!(
                seen.insert(&quota.quota_code, key).is_none(),
                "{fixture}: {} twice",
                quota.quota_code
            );
        }
        // One quota per (route, metric, variant) on a model: variants are labelled, never merged.
        for (key, regions) in &assignment.models {
            let mut slots = BTreeSet::new();
            for quota in &regions[US_EAST_1] {
                assert!(
                    slots.insert((quota.route, quota.metric, quota.model_variant.clone())),
                    "{fixture}: {key} {}",
                    quota.quota_name
                );
            }
        }
    }
}

/// Every model sold on demand in us-east-1 gets its on-demand TPM and RPM quotas where the dump has them.
#[test]
fn on_demand_models_get_their_tokens_and_requests_per_minute() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let page: FoundationModelsPage =
        serde_json::from_str(&read_fixture(MODELS_2026_01_01)).unwrap();
    let on_demand: BTreeSet<String> = page
        .model_summaries
        .iter()
        .filter(|m| m.inference_types_supported.iter().any(|t| t == "ON_DEMAND"))
        .map(|m| m.model_id.split(':').next().unwrap().to_string())
        .collect();
    let assignment = assign_real(MODELS_2026_01_01);
    let mut missing: Vec<(&str, Vec<Metric>)> = Vec::new();
    for key in &on_demand {
        let quotas = assignment.models.get(key).and_then(|r| r.get(US_EAST_1));
        let has = |metric| {
            quotas.is_some_and(|qs| {
                qs.iter().any(|q| {
                    q.route == Route::OnDemand && q.metric == metric && q.model_variant.is_none()
                })
            })
        };
        let lacking: Vec<Metric> = [Metric::TokensPerMinute, Metric::RequestsPerMinute]
            .into_iter()
            .filter(|m| !has(*m))
            .collect();
        if !lacking.is_empty() {
            missing.push((key.as_str(), lacking));
        }
    }
    use Metric::{RequestsPerMinute as RPM, TokensPerMinute as TPM};
    // Checked against the dump: none of these has such a quota (images, video, speech, rerank and
    // embeddings models are limited by requests or concurrency), except amazon.titan-embed-g1-text-02,
    // whose name "Titan Text Embeddings v2" it shares with amazon.titan-embed-text-v2: the id decides.
    assert_eq!(
        missing,
        [
            ("amazon.nova-2-multimodal-embeddings-v1", vec![TPM]),
            ("amazon.nova-2-sonic-v1", vec![TPM, RPM]),
            ("amazon.nova-canvas-v1", vec![TPM]),
            ("amazon.nova-reel-v1", vec![TPM, RPM]),
            ("amazon.nova-sonic-v1", vec![TPM, RPM]),
            ("amazon.titan-embed-g1-text-02", vec![TPM, RPM]),
            ("amazon.titan-tg1-large", vec![TPM, RPM]),
            ("cohere.rerank-v3-5", vec![TPM]),
            ("twelvelabs.marengo-embed-3-0-v1", vec![TPM]),
            ("twelvelabs.pegasus-1-2-v1", vec![TPM]),
        ]
    );
}

/// A name matching two listed models stays unassigned: the 2025-03-04 list has both
/// `ai21.j2-mid` and `ai21.j2-mid-v1` named "Jurassic-2 Mid".
#[test]
fn a_quota_matching_two_models_stays_unassigned() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let assignment = assign_real(MODELS_2025_03_04);
    let mid = assignment
        .unassigned
        .iter()
        .find(|u| {
            u.quota_name
                == "On-demand model inference tokens per minute for AI21 Labs Jurassic-2 Mid"
        })
        .unwrap();
    assert_eq!(
        mid.reason,
        UnassignedReason::AmbiguousModels {
            candidates: vec!["ai21.j2-mid".into(), "ai21.j2-mid-v1".into()]
        }
    );
    assert_eq!(
        assignment
            .totals
            .unassigned_by_reason
            .get("ambiguous_models"),
        Some(&6)
    );
}

/// With the 2026-06-22 list, models released after the dump's closest list get their quotas, and
/// retired ones are not forced onto a successor.
#[test]
fn newer_model_list_picks_up_new_models_only() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let assignment = assign_real(MODELS_2026_06_22);
    for (code, key, variant) in [
        ("L-ED2BADF9", "anthropic.claude-opus-4-6-v1", None),
        ("L-F6E116D7", "anthropic.claude-sonnet-4-6", None),
        ("L-F1541587", "deepseek.v3.2", None),
        ("L-ECA45411", "zai.glm-4.7", None),
        ("L-EC77BD96", "moonshotai.kimi-k2.5", None),
    ] {
        let found = find_assigned(&assignment, code);
        assert_eq!(found.len(), 1, "{code}");
        assert_eq!(
            (found[0].0, found[0].1.model_variant.as_deref()),
            (key, variant),
            "{code}"
        );
    }
    let one_m: Vec<&str> = assignment.models["anthropic.claude-opus-4-6-v1"][US_EAST_1]
        .iter()
        .filter(|q| q.model_variant.as_deref() == Some("1M Context Length"))
        .map(|q| q.quota_code.as_str())
        .collect();
    assert_eq!(one_m.len(), 6);
    // Titan Text Express is not in that list: its quotas stay unassigned rather than go elsewhere.
    assert!(find_assigned(&assignment, "L-44992E63").is_empty());
    assert_eq!(assignment.totals.assigned, 679);
}

/// The gruntwork list has older names for some codes ("Claude 4.5 Haiku", "Sonnet 4.5"): they reach
/// the same model, route and metric as the current names.
#[test]
fn renamed_quotas_reach_the_same_model() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let models = model_refs(MODELS_2026_01_01);
    let candidates: Vec<Candidate> = models.iter().map(Candidate::new).collect();
    let current: BTreeMap<String, String> = real_quotas()
        .into_iter()
        .map(|q| (q.quota_code, q.quota_name))
        .collect();
    let resolve = |name: &str| {
        let parsed = parse_quota_name(name);
        let key = parsed
            .model_name
            .as_deref()
            .map(|n| match_model(n, &candidates).map(|m| m.key));
        (parsed.route, parsed.metric, key)
    };
    let mut renamed = Vec::new();
    for (code, old_name) in csv_rows(&read_fixture(RENAMED_QUOTAS_CSV)) {
        let Some(new_name) = current.get(&code) else {
            continue;
        };
        if *new_name != old_name {
            let old = resolve(&old_name);
            assert_eq!(old, resolve(new_name), "{code}: {old_name} / {new_name}");
            assert!(matches!(old.2, Some(Ok(_))), "{code}");
            renamed.push((code, old.2.unwrap().unwrap()));
        }
    }
    assert_eq!(
        renamed,
        [
            (
                "L-28612175".to_string(),
                "anthropic.claude-haiku-4-5-20251001-v1".to_string()
            ),
            (
                "L-4DFF050E".into(),
                "anthropic.claude-sonnet-4-5-20250929-v1".into()
            ),
            (
                "L-63020993".into(),
                "anthropic.claude-haiku-4-5-20251001-v1".into()
            ),
            (
                "L-9EDE6039".into(),
                "anthropic.claude-haiku-4-5-20251001-v1".into()
            ),
            (
                "L-A0300844".into(),
                "anthropic.claude-sonnet-4-5-20250929-v1".into()
            ),
            (
                "L-FFFEDD8D".into(),
                "anthropic.claude-sonnet-4-5-20250929-v1".into()
            ),
        ]
    );
    // Codes gone from the 2026 dump parse as model quotas too, e.g. the "V1.0" in the middle of a name.
    let old_3_7 = parse_quota_name(
        "Model units per provisioned model for Anthropic Claude 3.7 V1.0 Sonnet 51K",
    );
    assert_eq!(old_3_7.qualifiers.context_variant.as_deref(), Some("51K"));
    assert_eq!(
        match_model(old_3_7.model_name.as_deref().unwrap(), &candidates).map(|m| m.key),
        Ok("anthropic.claude-3-7-sonnet-20250219-v1".to_string())
    );
}

/// (code, name) of a CSV with a header row; fields may be double-quoted and contain commas.
fn csv_rows(text: &str) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    for line in text.lines().skip(1).map(|l| l.trim_end_matches('\r')) {
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' if quoted && chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                '"' => quoted = !quoted,
                ',' if !quoted => fields.push(std::mem::take(&mut field)),
                _ => field.push(c),
            }
        }
        fields.push(field);
        if fields.len() >= 2 {
            rows.push((fields[0].clone(), fields[1].clone()));
        }
    }
    rows
}

// ----- joining applied and default values -------------------------------------------------------------

fn quota(code: &str, name: &str, value: f64) -> ServiceQuota {
    ServiceQuota {
        service_code: Some("bedrock".into()),
        quota_arn: Some(format!(
            "arn:aws:servicequotas:us-east-1:123456789012:bedrock/{code}"
        )),
        quota_code: code.into(),
        quota_name: name.into(),
        value: Some(value),
        unit: Some("None".into()),
        adjustable: true,
        ..ServiceQuota::default()
    }
}

fn nova_pro() -> Vec<ModelRef> {
    vec![ModelRef {
        key: "amazon.nova-pro-v1".into(),
        model_id: "amazon.nova-pro-v1:0".into(),
        variant_ids: vec![
            "amazon.nova-pro-v1:0".into(),
            "amazon.nova-pro-v1:0:24k".into(),
        ],
        provider: "Amazon".into(),
        name: "Nova Pro".into(),
        ..ModelRef::default()
    }]
}

const TPM: &str = "On-demand model inference tokens per minute for Amazon Nova Pro";
const RPM: &str = "On-demand model inference requests per minute for Amazon Nova Pro";
const KB: &str = "(Knowledge Bases) Retrieve requests per second";

fn regions(list: &[(&str, Vec<ServiceQuota>)]) -> BTreeMap<String, Vec<ServiceQuota>> {
    list.iter()
        .map(|(r, q)| (r.to_string(), q.clone()))
        .collect()
}

#[test]
fn applied_and_default_values_join_by_region_and_code() {
    let applied = regions(&[
        (
            "us-east-1",
            vec![
                quota("L-CE33604C", TPM, 2_000_000.0),
                quota("L-F2717A44", RPM, 200.0),
                quota("L-KB", KB, 20.0),
            ],
        ),
        ("us-west-2", vec![quota("L-CE33604C", TPM, 100.0)]),
    ]);
    let defaults = regions(&[
        (
            "us-east-1",
            vec![
                quota("L-CE33604C", TPM, 1_000_000.0),
                quota("L-F2717A44", RPM, 200.0),
                quota("L-KB", KB, 20.0),
            ],
        ),
        ("us-west-2", vec![quota("L-CE33604C", TPM, 100.0)]),
    ]);
    let assignment = assign_quotas(&nova_pro(), &applied, &defaults);
    let east = &assignment.models["amazon.nova-pro-v1"]["us-east-1"];
    type Values<'a> = (&'a str, Option<f64>, Option<f64>, Option<f64>, Option<bool>);
    let values: Vec<Values> = east
        .iter()
        .map(|q| {
            (
                q.quota_code.as_str(),
                q.value,
                q.applied_value,
                q.default_value,
                q.raised,
            )
        })
        .collect();
    assert_eq!(
        values,
        [
            (
                "L-CE33604C",
                Some(2_000_000.0),
                Some(2_000_000.0),
                Some(1_000_000.0),
                Some(true)
            ),
            (
                "L-F2717A44",
                Some(200.0),
                Some(200.0),
                Some(200.0),
                Some(false)
            ),
        ]
    );
    let west = &assignment.models["amazon.nova-pro-v1"]["us-west-2"];
    assert_eq!((west.len(), west[0].raised), (1, Some(false)));
    assert_eq!(assignment.totals.quotas_seen, 4);
    assert_eq!(assignment.totals.non_model_quotas, 1);
    assert_eq!(assignment.totals.assigned, 3);
    assert_eq!(assignment.total_for("amazon.nova-pro-v1"), 3);
}

/// ListServiceQuotas denied: the defaults alone give the value, applied and raised are unknown.
#[test]
fn defaults_only_when_applied_values_are_missing() {
    let defaults = regions(&[("us-east-1", vec![quota("L-CE33604C", TPM, 1_000_000.0)])]);
    let assignment = assign_quotas(&nova_pro(), &BTreeMap::new(), &defaults);
    let q = &assignment.models["amazon.nova-pro-v1"]["us-east-1"][0];
    assert_eq!(
        (q.value, q.applied_value, q.default_value, q.raised),
        (Some(1_000_000.0), None, Some(1_000_000.0), None)
    );
    assert_eq!(
        assignment.value_sources["us-east-1"],
        ValueSources {
            applied: false,
            defaults: true
        }
    );
}

/// ListAWSDefaultServiceQuotas missing: the applied value alone, default and raised unknown.
#[test]
fn applied_only_when_defaults_are_missing() {
    let applied = regions(&[("eu-west-1", vec![quota("L-CE33604C", TPM, 5.0)])]);
    let assignment = assign_quotas(&nova_pro(), &applied, &BTreeMap::new());
    let q = &assignment.models["amazon.nova-pro-v1"]["eu-west-1"][0];
    assert_eq!(
        (q.value, q.applied_value, q.default_value, q.raised),
        (Some(5.0), Some(5.0), None, None)
    );
    assert_eq!(
        assignment.value_sources["eu-west-1"],
        ValueSources {
            applied: true,
            defaults: false
        }
    );
}

/// A code repeated in a list (a page served twice) is one quota, not two.
#[test]
fn a_repeated_code_is_assigned_once() {
    let applied = regions(&[(
        "us-east-1",
        vec![quota("L-CE33604C", TPM, 1.0), quota("L-CE33604C", TPM, 1.0)],
    )]);
    let assignment = assign_quotas(&nova_pro(), &applied, &applied);
    assert_eq!(
        assignment.models["amazon.nova-pro-v1"]["us-east-1"].len(),
        1
    );
    assert_eq!(assignment.totals.quotas_seen, 1);
}

#[test]
fn unassigned_quotas_list_every_region_once() {
    let unknown = "On-demand model inference tokens per minute for Acme Rocket 9";
    let applied = regions(&[
        ("us-east-1", vec![quota("L-X", unknown, 1.0)]),
        ("us-west-2", vec![quota("L-X", unknown, 1.0)]),
    ]);
    let assignment = assign_quotas(&nova_pro(), &applied, &BTreeMap::new());
    assert_eq!(
        assignment.unassigned,
        [UnassignedQuota {
            regions: vec!["us-east-1".into(), "us-west-2".into()],
            quota_code: "L-X".into(),
            quota_name: unknown.into(),
            reason: UnassignedReason::NoMatchingModel,
        }]
    );
    assert_eq!(assignment.totals.unassigned, 2);
}

/// The legacy fields keep the Python sample's names and types, then the new ones follow.
#[test]
fn assigned_quota_serialises_legacy_fields_first() {
    let applied = regions(&[("us-east-1", vec![quota("L-CE33604C", TPM, 2.0)])]);
    let defaults = regions(&[("us-east-1", vec![quota("L-CE33604C", TPM, 1.0)])]);
    let assignment = assign_quotas(&nova_pro(), &applied, &defaults);
    let json =
        serde_json::to_value(&assignment.models["amazon.nova-pro-v1"]["us-east-1"][0]).unwrap();
    let expected = serde_json::json!({
        "quota_code": "L-CE33604C",
        "quota_name": TPM,
        "quota_arn": "arn:aws:servicequotas:us-east-1:123456789012:bedrock/L-CE33604C",
        "description": "",
        "quota_applied_at_level": "",
        "value": 2.0,
        "unit": "None",
        "adjustable": true,
        "global_quota": false,
        "usage_metric": {},
        "period": {},
        "route": "on_demand",
        "metric": "tokens_per_minute",
        "model_variant": null,
        "doubled_for_cross_region": false,
        "default_value": 1.0,
        "applied_value": 2.0,
        "raised": true,
        "matched_by": "exact",
        "value_multiplier": 1,
        "effective_value": 2.0,
    });
    assert_eq!(json, expected);
    let text =
        serde_json::to_string(&assignment.models["amazon.nova-pro-v1"]["us-east-1"][0]).unwrap();
    assert!(
        text.starts_with(r#"{"quota_code":"L-CE33604C","quota_name":"#),
        "{text}"
    );
}

#[test]
fn output_is_deterministic() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let first = serde_json::to_string(&assign_real(MODELS_2026_01_01)).unwrap();
    let second = serde_json::to_string(&assign_real(MODELS_2026_01_01)).unwrap();
    assert_eq!(first, second);
}

/// A run adds regions as their pages arrive: the result is the same in any order.
#[test]
fn regions_added_in_any_order_give_the_same_assignment() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let mut models = model_refs(MODELS_2026_01_01);
    for m in &mut models {
        m.regions = vec!["ap-south-1".into(), "eu-west-1".into(), "us-east-1".into()];
    }
    let quotas = real_quotas();
    // Three regions: the real list, the list without its first 300 quotas (defaults only)
    // and the list alone as defaults.
    let tail: Vec<ServiceQuota> = quotas[300..].to_vec();
    type Lists<'a> = (
        &'a str,
        Option<&'a Vec<ServiceQuota>>,
        Option<&'a Vec<ServiceQuota>>,
    );
    let regions: [Lists; 3] = [
        ("us-east-1", Some(&quotas), Some(&quotas)),
        ("eu-west-1", Some(&tail), None),
        ("ap-south-1", None, Some(&quotas)),
    ];
    let run = |order: &[usize]| {
        let mut assigner = QuotaAssigner::new(&models);
        let mut lists = BTreeMap::new();
        for &i in order {
            let (region, applied, defaults) = regions[i];
            lists.insert(
                region,
                assigner.add_region(region, RegionListing::Read, applied, defaults),
            );
        }
        serde_json::to_string(&(lists, assigner.finish())).unwrap()
    };
    let forward = run(&[0, 1, 2]);
    assert_eq!(forward, run(&[2, 1, 0]));
    assert_eq!(forward, run(&[1, 0, 2]));
    let assignment: QuotaAssignment = {
        let mut assigner = QuotaAssigner::new(&models);
        for (region, applied, defaults) in regions {
            assigner.add_region(region, RegionListing::Read, applied, defaults);
        }
        assigner.finish()
    };
    assert!(assignment.models.is_empty(), "the lists went to the caller");
    assert_eq!(assignment.totals.quotas_seen, 1085 + 785 + 1085);
    assert_eq!(assignment.by_region["us-east-1"].assigned, 662);
    assert_eq!(assignment.by_region["ap-south-1"].assigned, 662);
    assert!(assignment.by_region["eu-west-1"].assigned < 662);
}

// ----- issue 20: regions, routes and phrasings -----------------------------------------------------

const MODELS_2025_05_11_US_WEST_2: &str =
    "list-foundation-models/RealChrisSean-tidb-ai-docs-copilot_us-west-2_2025-05-11.json";

/// A model listed in `regions`, each offering `types`.
fn listed(
    key: &str,
    id: &str,
    provider: &str,
    name: &str,
    regions: &[&str],
    types: &[&str],
) -> ModelRef {
    ModelRef {
        key: key.into(),
        model_id: id.into(),
        variant_ids: vec![id.into()],
        provider: provider.into(),
        name: name.into(),
        regions: regions.iter().map(|r| r.to_string()).collect(),
        region_inference_types: regions
            .iter()
            .map(|r| (r.to_string(), types.iter().map(|t| t.to_string()).collect()))
            .collect(),
        ..ModelRef::default()
    }
}

fn real_quota(code: &str) -> ServiceQuota {
    real_quotas()
        .into_iter()
        .find(|q| q.quota_code == code)
        .unwrap_or_else(|| panic!("{code} is in the dump"))
}

/// Batch quotas that leave out the version the model's name carries ("NVIDIA Nemotron Nano 12B"
/// for "NVIDIA Nemotron Nano 12B v2 VL BF16") reach the model their size pins; a version beside a
/// shared date reaches the dated model ("Mistral Large 2 (24.07)" -> "Mistral Large (24.07)").
#[test]
fn batch_names_pinned_by_size_or_date() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let assignment = assign_real(MODELS_2026_01_01);
    for (code, key) in [
        ("L-214BEB81", "nvidia.nemotron-nano-12b-v2"), // Records per batch inference job ... 12B
        ("L-EEE88DB2", "nvidia.nemotron-nano-12b-v2"),
        ("L-5325EC5D", "nvidia.nemotron-nano-9b-v2"), // ... NVIDIA Nemotron Nano 9B
        ("L-864449ED", "nvidia.nemotron-nano-9b-v2"),
    ] {
        let found = find_assigned(&assignment, code);
        assert_eq!(found.len(), 1, "{code}");
        assert_eq!(found[0].0, key, "{code}");
        assert_eq!(
            found[0].1.matched_by,
            MatchRule::PinnedBySizeOrDate,
            "{code}"
        );
        assert_eq!(found[0].1.route, Route::Batch, "{code}");
    }
    // The on-demand names say "Nano 2" and "Nano 2 VL": the same two models, by a stricter rule.
    assert_eq!(
        find_assigned(&assignment, "L-33D3627D")[0].0,
        "nvidia.nemotron-nano-9b-v2"
    );
    assert_eq!(
        find_assigned(&assignment, "L-A05A5476")[0].0,
        "nvidia.nemotron-nano-12b-v2"
    );

    let mut models = model_refs(MODELS_2025_05_11_US_WEST_2);
    for m in &mut models {
        m.regions = vec![US_EAST_1.into()];
    }
    let assignment = assign_quotas(&models, &in_us_east_1(real_quotas()), &BTreeMap::new());
    for code in [
        "L-CA80888F",
        "L-5D367E5C",
        "L-9F13DDE7",
        "L-A83ECA24",
        "L-BAE2EB93",
        "L-F12318F0",
    ] {
        let found = find_assigned(&assignment, code);
        assert_eq!(
            found
                .iter()
                .map(|f| (f.0, f.1.matched_by))
                .collect::<Vec<_>>(),
            vec![(
                "mistral.mistral-large-2407-v1",
                MatchRule::PinnedBySizeOrDate
            )],
            "{code}"
        );
    }

    // Never two different versions: Llama 3 8B is not Llama 3.1 8B.
    let only_3_1 = vec![listed(
        "meta.llama3-1-8b-instruct-v1",
        "meta.llama3-1-8b-instruct-v1:0",
        "Meta",
        "Llama 3.1 8B Instruct",
        &[US_EAST_1],
        &["ON_DEMAND"],
    )];
    let llama3 = quota(
        "L-LLAMA3",
        "On-demand model inference tokens per minute for Meta Llama 3 8B Instruct",
        1.0,
    );
    let assignment = assign_quotas(&only_3_1, &in_us_east_1(vec![llama3]), &BTreeMap::new());
    assert!(assignment.models.is_empty());
    assert_eq!(assignment.unassigned[0].reason.kind(), "no_matching_model");
}

/// A quota is attached only where its model is listed; elsewhere it is reported with reason
/// `model_not_listed_in_region`. Two versions that fit a name equally are settled by the region's
/// list: "Mistral Large" is 24.02 where only 24.02 is offered, and ambiguous where both are.
#[test]
fn quotas_follow_what_each_region_lists() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let models = vec![
        listed(
            "mistral.mistral-large-2402-v1",
            "mistral.mistral-large-2402-v1:0",
            "Mistral AI",
            "Mistral Large (24.02)",
            &["eu-west-3", "us-west-2"],
            &["ON_DEMAND"],
        ),
        listed(
            "mistral.mistral-large-2407-v1",
            "mistral.mistral-large-2407-v1:0",
            "Mistral AI",
            "Mistral Large (24.07)",
            &["us-west-2"],
            &["ON_DEMAND"],
        ),
        listed(
            "anthropic.claude-3-haiku-20240307-v1",
            "anthropic.claude-3-haiku-20240307-v1:0",
            "Anthropic",
            "Claude 3 Haiku",
            &["us-west-2"],
            &["ON_DEMAND"],
        ),
        // ap-south-1's list was read; it lists neither.
        listed(
            "amazon.nova-pro-v1",
            "amazon.nova-pro-v1:0",
            "Amazon",
            "Nova Pro",
            &["ap-south-1"],
            &["ON_DEMAND"],
        ),
    ];
    let rpm = real_quota("L-3AF844DB"); // On-demand model inference requests per minute for Mistral Large
    let haiku = quota(
        "L-HAIKU",
        "On-demand model inference tokens per minute for Anthropic Claude 3 Haiku",
        5.0,
    );
    let lists = vec![rpm, haiku];
    let applied = regions(&[
        ("eu-west-3", lists.clone()),
        ("us-west-2", lists.clone()),
        ("ap-south-1", lists),
    ]);
    let assignment = assign_quotas(&models, &applied, &BTreeMap::new());

    let in_eu = &assignment.models["mistral.mistral-large-2402-v1"]["eu-west-3"];
    assert_eq!(in_eu.len(), 1);
    assert_eq!(in_eu[0].quota_code, "L-3AF844DB");
    assert_eq!(in_eu[0].matched_by, MatchRule::OnlyCandidateListedInRegion);
    assert!(!assignment.models["mistral.mistral-large-2402-v1"].contains_key("us-west-2"));
    assert!(
        !assignment
            .models
            .contains_key("mistral.mistral-large-2407-v1")
    );
    assert_eq!(
        assignment.models["anthropic.claude-3-haiku-20240307-v1"]
            .keys()
            .collect::<Vec<_>>(),
        vec!["us-west-2"]
    );

    let reasons: Vec<(&str, &[String], &UnassignedReason)> = assignment
        .unassigned
        .iter()
        .map(|u| (u.quota_code.as_str(), u.regions.as_slice(), &u.reason))
        .collect();
    let both = vec![
        "mistral.mistral-large-2402-v1".to_string(),
        "mistral.mistral-large-2407-v1".to_string(),
    ];
    let (ap, us, ap_eu) = (
        ["ap-south-1".to_string()],
        ["us-west-2".to_string()],
        ["ap-south-1".to_string(), "eu-west-3".to_string()],
    );
    let ambiguous = UnassignedReason::AmbiguousModels {
        candidates: both.clone(),
    };
    let mistral_absent = UnassignedReason::ModelNotListedInRegion { candidates: both };
    let haiku_absent = UnassignedReason::ModelNotListedInRegion {
        candidates: vec!["anthropic.claude-3-haiku-20240307-v1".into()],
    };
    assert_eq!(
        reasons,
        vec![
            ("L-3AF844DB", &us[..], &ambiguous),
            ("L-3AF844DB", &ap[..], &mistral_absent),
            ("L-HAIKU", &ap_eu[..], &haiku_absent),
        ]
    );
    let counts = &assignment.by_region["ap-south-1"];
    assert_eq!((counts.assigned, counts.unassigned), (0, 2));
    assert_eq!(counts.unassigned_by_reason["model_not_listed_in_region"], 2);

    // Where the region's own model list was not read, quotas are matched against every model.
    let mut assigner = QuotaAssigner::new(&models);
    let lists = assigner.add_region(
        "ap-south-1",
        RegionListing::Unknown,
        applied.get("ap-south-1"),
        None,
    );
    assert_eq!(
        lists.keys().collect::<Vec<_>>(),
        vec!["anthropic.claude-3-haiku-20240307-v1"]
    );
    assert_eq!(
        assigner.finish().unassigned[0].reason.kind(),
        "ambiguous_models"
    );
}

/// "Model invocation max tokens per day for X (doubled for cross-region calls)" governs every route
/// of X in the region: listed under `on_demand` with its value where X is on demand, and under
/// `cross_region` with twice its value where X is called through a profile.
#[test]
fn the_doubled_daily_quota_is_listed_under_each_route_it_governs() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let tpd = real_quota("L-4D555974"); // ... for Mistral Large 3 (doubled for cross-region calls)
    let value = tpd.value;
    let models = vec![listed(
        "mistral.mistral-large-3-675b-instruct",
        "mistral.mistral-large-3-675b-instruct",
        "Mistral AI",
        "Mistral Large 3",
        &["us-east-1"],
        &["INFERENCE_PROFILE", "ON_DEMAND"],
    )];
    let mut profile_only = models.clone();
    profile_only[0]
        .region_inference_types
        .insert("us-east-1".into(), vec!["INFERENCE_PROFILE".into()]);
    let mut with_default = tpd.clone();
    with_default.value = Some(1_000_000.0);

    let applied = in_us_east_1(vec![tpd]);
    let defaults = in_us_east_1(vec![with_default]);
    let both = assign_quotas(&models, &applied, &defaults);
    let list = &both.models["mistral.mistral-large-3-675b-instruct"][US_EAST_1];
    let routes: Vec<(Route, u32, Option<f64>)> = list
        .iter()
        .map(|q| (q.route, q.value_multiplier, q.effective_value))
        .collect();
    assert_eq!(value, Some(0.0));
    assert_eq!(
        routes,
        vec![
            (Route::OnDemand, 1, Some(0.0)),
            (Route::CrossRegion, 2, Some(0.0))
        ]
    );
    assert!(
        list.iter()
            .all(|q| q.metric == Metric::TokensPerDay && q.doubled_for_cross_region)
    );
    // Counted once: one quota, two routes.
    assert_eq!(both.totals.assigned, 1);

    // Defaults only: the effective value is twice the default through a profile.
    let only = assign_quotas(&profile_only, &BTreeMap::new(), &defaults);
    let list = &only.models["mistral.mistral-large-3-675b-instruct"][US_EAST_1];
    assert_eq!(
        list.iter()
            .map(|q| (q.route, q.value, q.effective_value))
            .collect::<Vec<_>>(),
        vec![(Route::CrossRegion, Some(1_000_000.0), Some(2_000_000.0))]
    );

    // A per-minute on-demand quota keeps its one route.
    let tpm = real_quota("L-C709F563");
    let one = assign_quotas(&profile_only, &in_us_east_1(vec![tpm]), &BTreeMap::new());
    let list = &one.models["mistral.mistral-large-3-675b-instruct"][US_EAST_1];
    assert_eq!(
        list.iter()
            .map(|q| (q.route, q.value_multiplier))
            .collect::<Vec<_>>(),
        vec![(Route::OnDemand, 1)]
    );
}

#[test]
fn on_demand_model_inference_concurrent_requests_is_a_model_quota() {
    let parsed = parse_quota_name("On-demand model inference concurrent requests for Luma Ray V2");
    assert_eq!(parsed.subject, Subject::Model);
    assert_eq!(
        (parsed.route, parsed.metric, parsed.model_name.as_deref()),
        (
            Some(Route::OnDemand),
            Some(Metric::ConcurrentRequests),
            Some("Luma Ray V2")
        )
    );
    let ray = vec![listed(
        "luma.ray-v2",
        "luma.ray-v2:0",
        "Luma AI",
        "Ray v2",
        &[US_EAST_1],
        &["ON_DEMAND"],
    )];
    let q = quota(
        "L-RAY",
        "On-demand model inference concurrent requests for Luma Ray V2",
        1.0,
    );
    let assignment = assign_quotas(&ray, &in_us_east_1(vec![q]), &BTreeMap::new());
    assert_eq!(
        assignment.models["luma.ray-v2"][US_EAST_1][0].metric,
        Metric::ConcurrentRequests
    );
}

/// "Twelve Labs Marengo" names no version while Marengo Embed v2.7 and 3.0 are listed: its reason
/// says so, and a region listing only one of them does not settle it.
#[test]
fn a_name_without_the_version_of_several_listed_versions() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let assignment = assign_real(MODELS_2026_01_01);
    let marengo: Vec<&UnassignedQuota> = assignment
        .unassigned
        .iter()
        .filter(|u| u.quota_name.ends_with("for Twelve Labs Marengo"))
        .collect();
    assert_eq!(marengo.len(), 3);
    for u in marengo {
        assert_eq!(
            u.reason,
            UnassignedReason::VersionNotNamed {
                candidates: vec![
                    "twelvelabs.marengo-embed-2-7-v1".into(),
                    "twelvelabs.marengo-embed-3-0-v1".into()
                ]
            }
        );
    }
    // Jamba 1.5 Large and Mini are two models, not two versions of "Jamba Instruct".
    let jamba = assignment
        .unassigned
        .iter()
        .find(|u| u.quota_name.ends_with("for AI21 Labs Jamba Instruct"))
        .unwrap();
    assert_eq!(jamba.reason, UnassignedReason::NoMatchingModel);
}

// ----- models only Mantle lists ----------------------------------------------------------------

#[test]
fn a_model_only_mantle_lists_takes_mantle_quotas_and_never_makes_another_ambiguous() {
    let east = &["us-east-1"][..];
    let models = vec![
        // Listed by ListFoundationModels under a dated id, and by Mantle under its bare name.
        listed(
            "anthropic.claude-haiku-4-5-20251001-v1",
            "anthropic.claude-haiku-4-5-20251001-v1:0",
            "Anthropic",
            "Claude Haiku 4.5",
            east,
            &["INFERENCE_PROFILE"],
        ),
        listed(
            "anthropic.claude-haiku-4-5",
            "anthropic.claude-haiku-4-5",
            "Anthropic",
            "anthropic.claude-haiku-4-5",
            east,
            &[],
        ),
        listed(
            "openai.gpt-5.4",
            "openai.gpt-5.4",
            "OpenAI",
            "openai.gpt-5.4",
            east,
            &[],
        ),
    ];
    let mantle_only: BTreeSet<String> = ["anthropic.claude-haiku-4-5", "openai.gpt-5.4"]
        .map(String::from)
        .into();
    let quotas = vec![
        quota(
            "L-GPTIN",
            "[bedrock-mantle endpoint] Input tokens per minute for GPT-5.4",
            1.0,
        ),
        quota(
            "L-HKIN",
            "[bedrock-mantle endpoint] Input tokens per minute for Claude Haiku 4.5",
            2.0,
        ),
        quota(
            "L-HKCR",
            "Cross-region model inference tokens per minute for Anthropic Claude Haiku 4.5",
            3.0,
        ),
    ];
    let mut assigner = QuotaAssigner::with_mantle_only(&models, &mantle_only);
    let lists = assigner.add_region(
        "us-east-1",
        RegionListing::Read,
        Some(&quotas),
        Some(&quotas),
    );
    let codes = |key: &str| -> Vec<(&str, Route)> {
        lists
            .get(key)
            .into_iter()
            .flatten()
            .map(|q| (q.quota_code.as_str(), q.route))
            .collect()
    };
    // GPT-5.4's Mantle quota joins the Mantle-only entry.
    assert_eq!(codes("openai.gpt-5.4"), [("L-GPTIN", Route::Mantle)]);
    // The cross-region quota is matched against listed models only: the dated Haiku keeps it.
    assert_eq!(
        codes("anthropic.claude-haiku-4-5-20251001-v1"),
        [("L-HKCR", Route::CrossRegion)]
    );
    assert_eq!(codes("anthropic.claude-haiku-4-5"), []);
    // The Mantle quota naming Claude Haiku 4.5 fits both: it stays unassigned, as ambiguous.
    let assignment = assigner.finish();
    let unassigned: Vec<(&str, &UnassignedReason)> = assignment
        .unassigned
        .iter()
        .map(|u| (u.quota_code.as_str(), &u.reason))
        .collect();
    assert_eq!(
        unassigned,
        [(
            "L-HKIN",
            &UnassignedReason::AmbiguousModels {
                candidates: vec![
                    "anthropic.claude-haiku-4-5".to_string(),
                    "anthropic.claude-haiku-4-5-20251001-v1".to_string()
                ]
            }
        )]
    );
}
