//! The SDK's answers turned into the raw records the run keeps (in the APIs' own field names), so
//! that a recorded snapshot reads back the same.

use aws_sdk_bedrock::primitives::{DateTime, DateTimeFormat};

use crate::records::{
    FoundationModelSummary, InferenceProfileModel, InferenceProfileSummary, InferenceProfilesPage,
    ModelLifecycle, QuotasPage, ServiceQuota,
};

pub(super) fn timestamp(t: Option<&DateTime>) -> Option<String> {
    t.and_then(|t| t.fmt(DateTimeFormat::DateTime).ok())
}

pub(super) fn model_record(
    m: &aws_sdk_bedrock::types::FoundationModelSummary,
) -> FoundationModelSummary {
    let strings = |v: &[_]| -> Vec<String> {
        v.iter()
            .map(|x: &aws_sdk_bedrock::types::ModelModality| x.as_str().to_string())
            .collect()
    };
    FoundationModelSummary {
        model_arn: m.model_arn().to_string(),
        model_id: m.model_id().to_string(),
        model_name: m.model_name().map(str::to_string),
        provider_name: m.provider_name().map(str::to_string),
        input_modalities: strings(m.input_modalities()),
        output_modalities: strings(m.output_modalities()),
        response_streaming_supported: m.response_streaming_supported(),
        customizations_supported: m
            .customizations_supported()
            .iter()
            .map(|c| c.as_str().to_string())
            .collect(),
        inference_types_supported: m
            .inference_types_supported()
            .iter()
            .map(|t| t.as_str().to_string())
            .collect(),
        model_lifecycle: m.model_lifecycle().map(|l| ModelLifecycle {
            status: l.status().as_str().to_string(),
            start_of_life_time: timestamp(l.start_of_life_time()),
            legacy_time: timestamp(l.legacy_time()),
            public_extended_access_time: timestamp(l.public_extended_access_time()),
            end_of_life_time: timestamp(l.end_of_life_time()),
        }),
    }
}

/// One page of ListInferenceProfiles (system-defined or the account's application profiles).
pub(super) fn profiles_page(
    out: &aws_sdk_bedrock::operation::list_inference_profiles::ListInferenceProfilesOutput,
) -> InferenceProfilesPage {
    InferenceProfilesPage {
        inference_profile_summaries: out
            .inference_profile_summaries()
            .iter()
            .map(profile_record)
            .collect(),
        next_token: out.next_token().map(str::to_string),
    }
}

fn profile_record(p: &aws_sdk_bedrock::types::InferenceProfileSummary) -> InferenceProfileSummary {
    InferenceProfileSummary {
        inference_profile_name: p.inference_profile_name().to_string(),
        inference_profile_arn: p.inference_profile_arn().to_string(),
        inference_profile_id: p.inference_profile_id().to_string(),
        description: p.description().map(str::to_string),
        created_at: timestamp(p.created_at()),
        updated_at: timestamp(p.updated_at()),
        models: p
            .models()
            .iter()
            .filter_map(|m| m.model_arn())
            .map(|arn| InferenceProfileModel {
                model_arn: arn.to_string(),
            })
            .collect(),
        status: p.status().as_str().to_string(),
        profile_type: p.r#type().as_str().to_string(),
    }
}

/// One page of either quota API (their outputs are different types with the same members).
pub(super) fn quotas_page(
    quotas: &[aws_sdk_servicequotas::types::ServiceQuota],
    next_token: Option<&str>,
) -> QuotasPage {
    QuotasPage {
        quotas: quotas.iter().map(quota_record).collect(),
        next_token: next_token.map(str::to_string),
    }
}

pub(super) fn quota_record(q: &aws_sdk_servicequotas::types::ServiceQuota) -> ServiceQuota {
    use serde_json::{Map, Value, json};
    let usage_metric = q.usage_metric().map(|m| {
        let mut o = Map::new();
        if let Some(v) = m.metric_namespace() {
            o.insert("MetricNamespace".into(), json!(v));
        }
        if let Some(v) = m.metric_name() {
            o.insert("MetricName".into(), json!(v));
        }
        if let Some(dims) = m.metric_dimensions() {
            let sorted: std::collections::BTreeMap<_, _> = dims.iter().collect();
            o.insert("MetricDimensions".into(), json!(sorted));
        }
        if let Some(v) = m.metric_statistic_recommendation() {
            o.insert("MetricStatisticRecommendation".into(), json!(v));
        }
        Value::Object(o)
    });
    let period = q.period().map(|p| {
        let mut o = Map::new();
        if let Some(v) = p.period_value() {
            o.insert("PeriodValue".into(), json!(v));
        }
        if let Some(u) = p.period_unit() {
            o.insert("PeriodUnit".into(), json!(u.as_str()));
        }
        Value::Object(o)
    });
    ServiceQuota {
        service_code: q.service_code().map(str::to_string),
        service_name: q.service_name().map(str::to_string),
        quota_arn: q.quota_arn().map(str::to_string),
        quota_code: q.quota_code().unwrap_or_default().to_string(),
        quota_name: q.quota_name().unwrap_or_default().to_string(),
        value: q.value(),
        unit: q.unit().map(str::to_string),
        adjustable: q.adjustable(),
        global_quota: q.global_quota(),
        usage_metric,
        period,
        quota_applied_at_level: q.quota_applied_at_level().map(|l| l.as_str().to_string()),
        description: q.description().map(str::to_string),
    }
}
