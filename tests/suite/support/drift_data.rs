//! The demo data moved the way AWS moves: enum values the SDK does not know (a new inference type,
//! lifecycle status, modality, customization and profile status), and end-of-life dates in
//! `modelLifecycle`. (A new profile type is not among them: the collector asks ListInferenceProfiles
//! for `SYSTEM_DEFINED` and `APPLICATION` profiles by type, and AWS, like the fake, answers only
//! those.) Hand-written for the tests, like the demo data it starts from; the
//! new values are invented, as AWS's next ones are not known yet.
#![allow(dead_code)]

use bedrock_collector::records::{FoundationModelSummary, ModelLifecycle};

use super::fake_aws::FakeData;

/// A model of the new values, listed in us-east-1 only.
pub const NEW_MODEL: &str = "amazon.nova-3d-v1:0";
/// The new inference type: the new model's only one, and Mistral Large's beside `ON_DEMAND`.
pub const NEW_INFERENCE_TYPE: &str = "FLEX_TIER";
pub const NEW_STATUS: &str = "SUNSETTING";
pub const NEW_MODALITY: &str = "VIDEO_3D";
pub const NEW_CUSTOMIZATION: &str = "REINFORCEMENT_FINE_TUNING";
/// The status of the US Llama 3.2 11B profile in us-west-2.
pub const NEW_PROFILE_STATUS: &str = "PAUSED";
pub const MISTRAL: &str = "mistral.mistral-large-2402-v1:0";

/// The demo data with one value of every enum field that the collector does not know.
pub fn with_new_enum_values(mut data: FakeData) -> FakeData {
    let east = data
        .regions
        .get_mut("us-east-1")
        .expect("the demo lists us-east-1");
    east.foundation_models.push(FoundationModelSummary {
        model_arn: format!("arn:aws:bedrock:us-east-1::foundation-model/{NEW_MODEL}"),
        model_id: NEW_MODEL.to_string(),
        model_name: Some("Nova 3D".to_string()),
        provider_name: Some("Amazon".to_string()),
        input_modalities: vec!["TEXT".to_string()],
        output_modalities: vec![NEW_MODALITY.to_string()],
        response_streaming_supported: Some(false),
        customizations_supported: vec![NEW_CUSTOMIZATION.to_string()],
        inference_types_supported: vec![NEW_INFERENCE_TYPE.to_string()],
        model_lifecycle: Some(ModelLifecycle {
            status: NEW_STATUS.to_string(),
            ..Default::default()
        }),
    });
    let mistral = (east.foundation_models.iter_mut())
        .find(|m| m.model_id == MISTRAL)
        .expect("the demo lists Mistral Large in us-east-1");
    mistral
        .inference_types_supported
        .push(NEW_INFERENCE_TYPE.to_string());
    let west = data
        .regions
        .get_mut("us-west-2")
        .expect("the demo lists us-west-2");
    let llama = (west.inference_profiles.iter_mut())
        .find(|p| p.inference_profile_id == "us.meta.llama3-2-11b-instruct-v1:0")
        .expect("the demo has the US Llama 3.2 11B profile in us-west-2");
    llama.status = NEW_PROFILE_STATUS.to_string();
    data
}

/// `data` with `endOfLifeTime` `date` for `model_id` in each of `regions` that lists it.
pub fn with_end_of_life(
    mut data: FakeData,
    model_id: &str,
    date: &str,
    regions: &[&str],
) -> FakeData {
    for region in regions {
        let r = data.regions.get_mut(*region).expect("a region of the data");
        let m = (r.foundation_models.iter_mut())
            .find(|m| m.model_id == model_id)
            .unwrap_or_else(|| panic!("{region} lists {model_id}"));
        let lifecycle = m.model_lifecycle.get_or_insert_with(Default::default);
        lifecycle.end_of_life_time = Some(date.to_string());
    }
    data
}
