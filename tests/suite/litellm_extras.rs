//! LiteLLM's `deprecation_date`, `successor_model` and `prompt_cache_min_tokens`, labelled with the
//! key they come from (LiteLLM 1.110.2 from `../shared/fixtures/litellm`).

use std::collections::BTreeMap;

use bedrock_collector::catalog::token_specs::LiteLlmExtras;
use bedrock_collector::model::ModelRef;
use bedrock_collector::phases::token_specs::{Corrections, LiteLlmDb, resolve_token_specs};

use crate::support::fake_aws::fixtures_dir;

fn model(id: &str, name: &str) -> ModelRef {
    ModelRef {
        key: id.split(':').next().unwrap().to_string(),
        model_id: id.to_string(),
        variant_ids: vec![id.to_string()],
        provider: "Anthropic".to_string(),
        name: name.to_string(),
        input_modalities: vec!["TEXT".to_string()],
        output_modalities: vec!["TEXT".to_string()],
        regions: vec!["us-east-1".to_string()],
        region_inference_types: BTreeMap::new(),
    }
}

#[test]
fn the_chosen_keys_extra_fields_are_kept_with_their_source() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let bytes =
        std::fs::read(fixtures_dir().join("litellm/model_prices_and_context_window_backup.json"))
            .unwrap();
    let db = LiteLlmDb::parse(&bytes).unwrap();
    let models = [
        model("anthropic.claude-opus-4-1-20250805-v1:0", "Claude Opus 4.1"),
        model("anthropic.claude-sonnet-4-20250514-v1:0", "Claude Sonnet 4"),
        model("anthropic.claude-opus-4-8", "Claude Opus 4.8"),
    ];
    let specs = resolve_token_specs(&models, Some(&db), &Corrections::empty());
    let extras = |key: &str| specs[key].litellm_extras.clone();
    assert_eq!(
        extras("anthropic.claude-opus-4-1-20250805-v1"),
        Some(LiteLlmExtras {
            source: "litellm:anthropic.claude-opus-4-1-20250805-v1:0".to_string(),
            deprecation_date: Some("2027-01-08".to_string()),
            successor_model: None,
            prompt_cache_min_tokens: Some(1024),
        })
    );
    let sonnet = extras("anthropic.claude-sonnet-4-20250514-v1").unwrap();
    assert_eq!(
        sonnet.successor_model.as_deref(),
        Some("anthropic.claude-sonnet-5")
    );
    assert_eq!(sonnet.prompt_cache_min_tokens, Some(1024));
}

#[test]
fn a_deprecation_date_that_is_not_a_date_is_not_taken() {
    let json = r#"{
        "anthropic.m-v1:0": {"litellm_provider": "bedrock", "mode": "chat",
            "max_input_tokens": 1000, "max_output_tokens": 100,
            "deprecation_date": "soon", "successor_model": "", "prompt_cache_min_tokens": 0}
    }"#;
    let db = LiteLlmDb::parse(json.as_bytes()).unwrap();
    let specs = resolve_token_specs(
        &[model("anthropic.m-v1:0", "M")],
        Some(&db),
        &Corrections::empty(),
    );
    assert_eq!(specs["anthropic.m-v1"].context_window, Some(1000));
    assert_eq!(specs["anthropic.m-v1"].litellm_extras, None);
}
