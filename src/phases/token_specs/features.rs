//! Feature flags per model: LiteLLM's `supports_*` of the key token specs matched (the same
//! precision-first match), then the corrections file, which wins flag by flag.

use std::collections::BTreeMap;

use super::corrections::Corrections;
use super::litellm::LiteLlmDb;
use super::resolve::correction_lookup;
use crate::catalog::routes::{FEATURES, FeatureFlag, Features};
use crate::catalog::token_specs::TokenSpec;
use crate::model::ModelRef;

/// The flags of one model. A flag LiteLLM's matched entry does not state (or states with a value
/// that is not a boolean) is `null`; a model with no matched key has every flag `null` unless a
/// correction sets it. Of several corrections that apply (model id, key, variant ids), the first
/// in that order that sets a flag wins.
pub fn resolve_features(
    m: &ModelRef,
    spec: Option<&TokenSpec>,
    db: Option<&LiteLlmDb>,
    corrections: &Corrections,
) -> Features {
    let mut features = Features::default();
    let entry = spec
        .and_then(|s| s.matched_key.as_deref())
        .and_then(|key| db?.entry(key));
    if let Some(entry) = entry {
        for (name, field) in FEATURES {
            let flag = features.flag_mut(name).expect("a known feature");
            if let Some(&b) = entry.supports.get(field) {
                *flag = FeatureFlag {
                    supported: Some(b),
                    source: Some(format!("litellm:{}", entry.key)),
                    source_url: None,
                };
            }
        }
    }
    let mut corrected: BTreeMap<&str, ()> = BTreeMap::new();
    for (correction, _) in correction_lookup(m, corrections) {
        for (name, &b) in &correction.features {
            if corrected.insert(name.as_str(), ()).is_some() {
                continue;
            }
            if let Some(flag) = features.flag_mut(name) {
                *flag = FeatureFlag {
                    supported: Some(b),
                    source: Some(format!("correction:{}", correction.key)),
                    source_url: correction.source_url.clone(),
                };
            }
        }
    }
    features
}

/// The flags of every model, keyed by [`ModelRef::key`].
pub fn resolve_all_features(
    models: &[ModelRef],
    specs: &BTreeMap<String, TokenSpec>,
    db: Option<&LiteLlmDb>,
    corrections: &Corrections,
) -> BTreeMap<String, Features> {
    models
        .iter()
        .map(|m| {
            (
                m.key.clone(),
                resolve_features(m, specs.get(&m.key), db, corrections),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(id: &str) -> ModelRef {
        ModelRef {
            key: id.split(':').next().unwrap().to_string(),
            model_id: id.to_string(),
            variant_ids: vec![id.to_string()],
            provider: "Anthropic".to_string(),
            name: "Claude".to_string(),
            input_modalities: vec!["TEXT".to_string(), "IMAGE".to_string()],
            output_modalities: vec!["TEXT".to_string()],
            regions: vec!["us-east-1".to_string()],
            region_inference_types: Default::default(),
        }
    }

    const DB: &str = r#"{
      "anthropic.claude-x-v1:0": {"litellm_provider": "bedrock", "mode": "chat",
        "max_input_tokens": 200000, "max_output_tokens": 64000,
        "supports_function_calling": true, "supports_vision": true,
        "supports_reasoning": false, "supports_pdf_input": "yes",
        "supports_computer_use": null, "supports_audio_input": true}
    }"#;

    #[test]
    fn flags_come_from_the_matched_key_and_a_correction_wins() {
        let db = LiteLlmDb::parse(DB.as_bytes()).unwrap();
        let m = model("anthropic.claude-x-v1:0");
        let none = Corrections::empty();
        let specs = super::super::resolve_token_specs(std::slice::from_ref(&m), Some(&db), &none);
        let f = resolve_features(&m, specs.get(&m.key), Some(&db), &none);
        assert_eq!(f.function_calling.supported, Some(true));
        assert_eq!(
            f.function_calling.source.as_deref(),
            Some("litellm:anthropic.claude-x-v1:0")
        );
        assert_eq!(f.vision.supported, Some(true));
        assert_eq!(f.reasoning.supported, Some(false));
        // Not a boolean, null, or absent: unknown.
        assert_eq!(f.pdf_input, FeatureFlag::default());
        assert_eq!(f.computer_use, FeatureFlag::default());
        assert_eq!(f.prompt_caching, FeatureFlag::default());

        let corrections = Corrections::parse(
            br#"{"anthropic.claude-x-v1": {"features": {"reasoning": true},
                 "source_url": "https://example.com/card"}}"#,
            "c.json",
        )
        .unwrap();
        let f = resolve_features(&m, specs.get(&m.key), Some(&db), &corrections);
        assert_eq!(f.reasoning.supported, Some(true));
        assert_eq!(
            f.reasoning.source.as_deref(),
            Some("correction:anthropic.claude-x-v1")
        );
        assert_eq!(
            f.reasoning.source_url.as_deref(),
            Some("https://example.com/card")
        );
        assert_eq!(f.vision.supported, Some(true));

        // No LiteLLM: only the correction is known.
        let f = resolve_features(&m, None, None, &corrections);
        assert_eq!(f.reasoning.supported, Some(true));
        assert_eq!(f.vision, FeatureFlag::default());
    }

    #[test]
    fn a_correction_with_a_bad_flag_is_refused() {
        for (text, needle) in [
            (
                r#"{"a.b-v1": {"features": {"telepathy": true}}}"#,
                "unknown feature \"telepathy\"",
            ),
            (
                r#"{"a.b-v1": {"features": {"vision": 1}}}"#,
                "features.vision must be true or false",
            ),
            (
                r#"{"a.b-v1": {"features": []}}"#,
                "features must be an object",
            ),
        ] {
            let e = Corrections::parse(text.as_bytes(), "c.json").unwrap_err();
            assert!(e.to_string().contains(needle), "{e}");
        }
    }
}
