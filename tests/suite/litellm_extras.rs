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

#[test]
fn litellm_bedrock_keys_that_name_no_model_are_an_unknown_said_out_loud() {
    use bedrock_collector::catalog::Metadata;
    use bedrock_collector::catalog::unknowns::{UnknownKind, UnknownSource};
    use bedrock_collector::phases::token_specs::litellm_keys_without_model;
    use bedrock_collector::phases::unknowns;

    let json = r#"{
        "anthropic.m-v1:0": {"litellm_provider": "bedrock", "mode": "chat", "max_input_tokens": 1000},
        "bedrock/us-east-1/anthropic.m-v1:0": {"litellm_provider": "bedrock", "mode": "chat"},
        "anthropic.q-v1": {"litellm_provider": "bedrock", "mode": "chat"},
        "anthropic.new-family-v1:0": {"litellm_provider": "bedrock", "mode": "chat"},
        "bedrock/eu-west-1/acme.other-2026-v1:0": {"litellm_provider": "bedrock", "mode": "chat"},
        "gpt-4o": {"litellm_provider": "openai", "mode": "chat"}
    }"#;
    let db = LiteLlmDb::parse(json.as_bytes()).unwrap();
    // `anthropic.q-v1` names `anthropic.q-v1:0` (an id without its `:0`).
    let models = [
        model("anthropic.m-v1:0", "M"),
        model("anthropic.q-v1:0", "Q"),
    ];
    let keys = litellm_keys_without_model(&models, &db);
    assert_eq!(
        keys,
        [
            "anthropic.new-family-v1:0",
            "bedrock/eu-west-1/acme.other-2026-v1:0"
        ]
    );

    let group = unknowns::litellm_keys(&keys).unwrap();
    assert_eq!(
        (group.source, group.kind, group.count),
        (
            UnknownSource::Litellm,
            UnknownKind::LitellmKeyWithoutModel,
            2
        )
    );
    assert_eq!(group.examples, keys);
    assert_eq!(unknowns::litellm_keys(&[]), None);

    // The summary's line, and `unknown-appeared` on first sight only.
    let with = Metadata {
        unknowns: Some(vec![group]),
        ..Metadata::default()
    };
    let without = Metadata {
        unknowns: Some(vec![]),
        ..Metadata::default()
    };
    assert_eq!(
        unknowns::summary_lines(&with),
        [(
            UnknownSource::Litellm,
            "2 Bedrock keys matched to no model, e.g. anthropic.new-family-v1:0; bedrock/eu-west-1/acme.other-2026-v1:0".to_string()
        )]
    );
    let events = unknowns::appeared(&without, &with);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].dimension.as_deref(), Some("litellm"));
    assert_eq!(
        events[0].field.as_deref(),
        Some("litellm_key_without_model")
    );
    assert!(unknowns::appeared(&with, &with).is_empty());
}
