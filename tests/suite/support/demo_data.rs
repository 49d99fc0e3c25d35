//! The demo data set behind `demo/snapshot`: a small, hand-written picture of Bedrock (7 models,
//! 3 regions answering, 1 region not opted in, a few profiles and quotas). Written for this project,
//! not copied from anywhere; ids and names follow AWS's public naming, while quota codes
//! (`L-DEMO…`) and quota values are illustrative, not real account data.
#![allow(dead_code)]

use std::collections::BTreeMap;

use bedrock_collector::records::{
    FoundationModelSummary, InferenceProfileModel, InferenceProfileSummary, ModelLifecycle,
    ServiceQuota,
};

use super::fake_aws::{FakeData, RegionData};

/// Regions the demo run asks for: three answer, `eu-central-2` is not opted in.
pub const DEMO_REGIONS: [&str; 4] = ["eu-central-2", "eu-west-1", "us-east-1", "us-west-2"];

struct M {
    id: &'static str,
    name: &'static str,
    provider: &'static str,
    input: &'static [&'static str],
    output: &'static [&'static str],
    customizations: &'static [&'static str],
    /// (region, inference types, lifecycle status)
    offers: &'static [(&'static str, &'static [&'static str], &'static str)],
}

const TEXT_IMAGE: &[&str] = &["TEXT", "IMAGE"];
const TEXT: &[&str] = &["TEXT"];
const PROFILE: &[&str] = &["INFERENCE_PROFILE"];
const ON_DEMAND: &[&str] = &["ON_DEMAND"];
const PROVISIONED: &[&str] = &["PROVISIONED"];

const MODELS: &[M] = &[
    M {
        id: "anthropic.claude-sonnet-4-5-20250929-v1:0",
        name: "Claude Sonnet 4.5",
        provider: "Anthropic",
        input: TEXT_IMAGE,
        output: TEXT,
        customizations: &[],
        offers: &[
            ("eu-west-1", PROFILE, "ACTIVE"),
            ("us-east-1", PROFILE, "ACTIVE"),
            ("us-west-2", PROFILE, "ACTIVE"),
        ],
    },
    M {
        id: "anthropic.claude-3-haiku-20240307-v1:0",
        name: "Claude 3 Haiku",
        provider: "Anthropic",
        input: TEXT_IMAGE,
        output: TEXT,
        customizations: &["FINE_TUNING"],
        offers: &[
            ("eu-west-1", ON_DEMAND, "ACTIVE"),
            ("us-east-1", &["ON_DEMAND", "INFERENCE_PROFILE"], "ACTIVE"),
            ("us-west-2", &["ON_DEMAND", "INFERENCE_PROFILE"], "ACTIVE"),
        ],
    },
    M {
        id: "anthropic.claude-3-haiku-20240307-v1:0:200k",
        name: "Claude 3 Haiku",
        provider: "Anthropic",
        input: TEXT_IMAGE,
        output: TEXT,
        customizations: &[],
        offers: &[("us-west-2", PROVISIONED, "ACTIVE")],
    },
    M {
        id: "amazon.nova-pro-v1:0",
        name: "Nova Pro",
        provider: "Amazon",
        input: &["TEXT", "IMAGE", "VIDEO"],
        output: TEXT,
        customizations: &["FINE_TUNING", "DISTILLATION"],
        offers: &[
            ("eu-west-1", PROFILE, "ACTIVE"),
            ("us-east-1", &["ON_DEMAND", "INFERENCE_PROFILE"], "ACTIVE"),
            ("us-west-2", PROFILE, "ACTIVE"),
        ],
    },
    M {
        id: "amazon.titan-embed-text-v2:0",
        name: "Titan Text Embeddings V2",
        provider: "Amazon",
        input: TEXT,
        output: &["EMBEDDING"],
        customizations: &[],
        offers: &[
            ("eu-west-1", ON_DEMAND, "ACTIVE"),
            ("us-east-1", ON_DEMAND, "ACTIVE"),
            ("us-west-2", ON_DEMAND, "ACTIVE"),
        ],
    },
    M {
        id: "meta.llama3-2-11b-instruct-v1:0",
        name: "Llama 3.2 11B Instruct",
        provider: "Meta",
        input: TEXT_IMAGE,
        output: TEXT,
        customizations: &[],
        offers: &[
            ("us-east-1", PROFILE, "ACTIVE"),
            ("us-west-2", PROFILE, "ACTIVE"),
        ],
    },
    M {
        id: "meta.llama3-2-90b-instruct-v1:0",
        name: "Llama 3.2 90B Instruct",
        provider: "Meta",
        input: TEXT_IMAGE,
        output: TEXT,
        customizations: &[],
        offers: &[
            ("us-east-1", PROFILE, "ACTIVE"),
            ("us-west-2", PROFILE, "ACTIVE"),
        ],
    },
    M {
        id: "mistral.mistral-large-2402-v1:0",
        name: "Mistral Large (24.02)",
        provider: "Mistral AI",
        input: TEXT,
        output: TEXT,
        customizations: &[],
        offers: &[
            ("eu-west-1", ON_DEMAND, "LEGACY"),
            ("us-east-1", ON_DEMAND, "ACTIVE"),
            ("us-west-2", ON_DEMAND, "ACTIVE"),
        ],
    },
];

/// (profile id, name, source regions, destination regions)
const PROFILES: &[(&str, &str, &[&str], &[&str])] = &[
    (
        "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "US Anthropic Claude Sonnet 4.5",
        &["us-east-1", "us-west-2"],
        &["us-east-1", "us-east-2", "us-west-2"],
    ),
    (
        "eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "EU Anthropic Claude Sonnet 4.5",
        &["eu-west-1"],
        &["eu-central-1", "eu-north-1", "eu-west-1", "eu-west-3"],
    ),
    (
        "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "Global Anthropic Claude Sonnet 4.5",
        &["eu-west-1", "us-east-1", "us-west-2"],
        &[
            "ap-northeast-1",
            "eu-west-1",
            "us-east-1",
            "us-east-2",
            "us-west-2",
        ],
    ),
    (
        "us.anthropic.claude-3-haiku-20240307-v1:0",
        "US Anthropic Claude 3 Haiku",
        &["us-east-1", "us-west-2"],
        &["us-east-1", "us-west-2"],
    ),
    (
        "us.amazon.nova-pro-v1:0",
        "US Nova Pro",
        &["us-east-1", "us-west-2"],
        &["us-east-1", "us-east-2", "us-west-2"],
    ),
    (
        "eu.amazon.nova-pro-v1:0",
        "EU Nova Pro",
        &["eu-west-1"],
        &["eu-central-1", "eu-north-1", "eu-west-1", "eu-west-3"],
    ),
    (
        "us.meta.llama3-2-11b-instruct-v1:0",
        "US Meta Llama 3.2 11B Instruct",
        &["us-east-1", "us-west-2"],
        &["us-east-1", "us-west-2"],
    ),
    (
        "us.meta.llama3-2-90b-instruct-v1:0",
        "US Meta Llama 3.2 90B Instruct",
        &["us-east-1", "us-west-2"],
        &["us-east-1", "us-west-2"],
    ),
];

/// (code, name, applied value, default value, adjustable)
const QUOTAS: &[(&str, &str, f64, f64, bool)] = &[
    (
        "L-DEMO0001",
        "On-demand model inference tokens per minute for Anthropic Claude 3 Haiku",
        2_000_000.0,
        2_000_000.0,
        true,
    ),
    (
        "L-DEMO0002",
        "On-demand model inference requests per minute for Anthropic Claude 3 Haiku",
        1_000.0,
        1_000.0,
        true,
    ),
    (
        "L-DEMO0003",
        "Cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.5 V1",
        400_000.0,
        200_000.0,
        true,
    ),
    (
        "L-DEMO0004",
        "Cross-region model inference requests per minute for Anthropic Claude Sonnet 4.5 V1",
        200.0,
        200.0,
        true,
    ),
    (
        "L-DEMO0005",
        "Global cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.5 V1",
        500_000.0,
        500_000.0,
        true,
    ),
    (
        "L-DEMO0006",
        "Model invocation max tokens per day for Anthropic Claude Sonnet 4.5 V1 (doubled for cross-region calls)",
        144_000_000.0,
        144_000_000.0,
        false,
    ),
    (
        "L-DEMO0007",
        "On-demand model inference tokens per minute for Amazon Nova Pro",
        800_000.0,
        800_000.0,
        true,
    ),
    (
        "L-DEMO0008",
        "Cross-region model inference tokens per minute for Meta Llama 3.2 11B Instruct",
        300_000.0,
        300_000.0,
        true,
    ),
    (
        "L-DEMO0009",
        "Cross-region model inference tokens per minute for Meta Llama 3.2 90B Instruct",
        300_000.0,
        300_000.0,
        true,
    ),
    (
        "L-DEMO0010",
        "Batch inference job size (in GB) for Claude 3 Haiku",
        5.0,
        5.0,
        false,
    ),
    (
        "L-DEMO0011",
        "Knowledge bases per account",
        100.0,
        100.0,
        true,
    ),
];

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn quota(
    region: &str,
    (code, name, applied, default, adjustable): (&str, &str, f64, f64, bool),
    use_default: bool,
) -> ServiceQuota {
    ServiceQuota {
        service_code: Some("bedrock".into()),
        service_name: Some("Amazon Bedrock".into()),
        quota_arn: Some(format!(
            "arn:aws:servicequotas:{region}:111122223333:bedrock/{code}"
        )),
        quota_code: code.into(),
        quota_name: name.into(),
        value: Some(if use_default { default } else { applied }),
        unit: Some("None".into()),
        adjustable,
        global_quota: false,
        quota_applied_at_level: Some("ACCOUNT".into()),
        ..Default::default()
    }
}

/// The demo data, as the fake AWS server serves it.
pub fn demo_data() -> FakeData {
    let mut regions: BTreeMap<String, RegionData> = BTreeMap::new();
    for region in ["eu-west-1", "us-east-1", "us-west-2"] {
        let mut r = RegionData::default();
        for m in MODELS {
            for (_, types, status) in m.offers.iter().filter(|(reg, _, _)| *reg == region) {
                r.foundation_models.push(FoundationModelSummary {
                    model_arn: format!("arn:aws:bedrock:{region}::foundation-model/{}", m.id),
                    model_id: m.id.into(),
                    model_name: Some(m.name.into()),
                    provider_name: Some(m.provider.into()),
                    input_modalities: strings(m.input),
                    output_modalities: strings(m.output),
                    response_streaming_supported: Some(true),
                    customizations_supported: strings(m.customizations),
                    inference_types_supported: strings(types),
                    model_lifecycle: Some(ModelLifecycle {
                        status: status.to_string(),
                        ..Default::default()
                    }),
                });
            }
        }
        for (id, name, sources, destinations) in PROFILES {
            if !sources.contains(&region) {
                continue;
            }
            let base = id.split_once('.').map(|(_, b)| b).unwrap_or(id);
            r.inference_profiles.push(InferenceProfileSummary {
                inference_profile_name: name.to_string(),
                inference_profile_arn: format!(
                    "arn:aws:bedrock:{region}:111122223333:inference-profile/{id}"
                ),
                inference_profile_id: id.to_string(),
                description: Some(format!(
                    "Routes requests to {} in {}.",
                    name.split_once(' ').map(|(_, n)| n).unwrap_or(name),
                    destinations.join(", ")
                )),
                created_at: Some("2025-09-29T00:00:00Z".into()),
                updated_at: Some("2025-09-29T00:00:00Z".into()),
                models: destinations
                    .iter()
                    .map(|d| InferenceProfileModel {
                        model_arn: format!("arn:aws:bedrock:{d}::foundation-model/{base}"),
                    })
                    .collect(),
                status: "ACTIVE".into(),
                profile_type: "SYSTEM_DEFINED".into(),
            });
        }
        r.service_quotas = QUOTAS.iter().map(|q| quota(region, *q, false)).collect();
        r.default_quotas = QUOTAS.iter().map(|q| quota(region, *q, true)).collect();
        regions.insert(region.to_string(), r);
    }
    FakeData { regions }
}
