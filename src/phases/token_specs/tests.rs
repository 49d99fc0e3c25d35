use super::converse::*;
use super::corrections::*;
use super::litellm::*;
use super::resolve::*;

use super::*;
use crate::catalog::token_specs::*;
use crate::model::ModelRef;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

const NEWEST_LFM: &str = "dineshrajdhanapathyDD-TurfArena_us-east-1_2026-06-22.json";

fn fixtures() -> PathBuf {
    match std::env::var("BEDROCK_FIXTURES") {
        Ok(dir) => PathBuf::from(dir),
        Err(_) => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures")),
    }
}

fn read_fixture(rel: &str) -> Vec<u8> {
    let path = fixtures().join(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()))
}

fn db() -> &'static LiteLlmDb {
    static DB: OnceLock<LiteLlmDb> = OnceLock::new();
    DB.get_or_init(|| {
        LiteLlmDb::parse(&read_fixture(
            "litellm/model_prices_and_context_window_backup.json",
        ))
        .unwrap()
    })
}

const CORRECTIONS_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/corrections/model_spec_corrections.json"
);

fn seeded() -> Corrections {
    let bytes = std::fs::read(CORRECTIONS_PATH).unwrap();
    Corrections::parse(&bytes, CORRECTIONS_PATH).unwrap()
}

/// `ModelRef`s from a ListFoundationModels fixture: key = id up to its first `:`; model_id =
/// the id without a context suffix that offers ON_DEMAND or INFERENCE_PROFILE (else any id
/// without a context suffix, else any id), the greatest such id when several remain.
fn model_refs(file: &str) -> Vec<ModelRef> {
    let page: Value =
        serde_json::from_slice(&read_fixture(&format!("list-foundation-models/{file}"))).unwrap();
    let mut by_key: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for s in page["modelSummaries"].as_array().unwrap() {
        let id = s["modelId"].as_str().unwrap();
        let key = id.split(':').next().unwrap().to_string();
        by_key.entry(key).or_default().push(s);
    }
    let strs = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    by_key
        .into_iter()
        .map(|(key, sums)| {
            let id = |s: &&Value| s["modelId"].as_str().unwrap().to_string();
            let plain: Vec<&&Value> = sums
                .iter()
                .filter(|s| id(s).matches(':').count() <= 1)
                .collect();
            let invocable: Vec<&&Value> = plain
                .iter()
                .copied()
                .filter(|s| {
                    strs(&s["inferenceTypesSupported"])
                        .iter()
                        .any(|t| t == "ON_DEMAND" || t == "INFERENCE_PROFILE")
                })
                .collect();
            let pool = if !invocable.is_empty() {
                invocable
            } else if !plain.is_empty() {
                plain
            } else {
                sums.iter().collect()
            };
            let main = pool.iter().max_by_key(|s| id(s)).unwrap();
            let mut variant_ids: Vec<String> = sums.iter().map(id).collect();
            variant_ids.sort();
            variant_ids.dedup();
            ModelRef {
                key,
                model_id: id(main),
                variant_ids,
                provider: main["providerName"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                name: main["modelName"].as_str().unwrap_or_default().to_string(),
                input_modalities: strs(&main["inputModalities"]),
                output_modalities: strs(&main["outputModalities"]),
                regions: vec!["us-east-1".to_string()],
                region_inference_types: BTreeMap::new(),
            }
        })
        .collect()
}

fn newest() -> BTreeMap<String, TokenSpec> {
    resolve_token_specs(&model_refs(NEWEST_LFM), Some(db()), &seeded())
}

fn model(id: &str, outputs: &[&str]) -> ModelRef {
    let key = id.split(':').next().unwrap().to_string();
    ModelRef {
        key,
        model_id: id.to_string(),
        variant_ids: vec![id.to_string()],
        output_modalities: outputs.iter().map(|s| s.to_string()).collect(),
        ..ModelRef::default()
    }
}

fn tiny_db(json: &str) -> LiteLlmDb {
    LiteLlmDb::parse(json.as_bytes()).unwrap()
}

// ---------------------------------------------------------------- parsing

#[test]
fn litellm_fixture_parses_with_its_real_counts() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let db = db();
    assert_eq!(db.len(), 4878);
    // 577 bedrock + bedrock_converse entries, minus the keys that name no vendor.model id.
    assert_eq!(
        db.bedrock_entries().len() + db.ignored_bedrock_keys().len(),
        577
    );
    assert_eq!(db.ignored_bedrock_keys().len(), 25);
    assert!(
        db.ignored_bedrock_keys()
            .iter()
            .any(|k| k == "bedrock/claude_platform/claude-sonnet-4-5")
    );
    assert!(
        db.ignored_bedrock_keys()
            .iter()
            .any(|k| k == "1024-x-1024/50-steps/stability.stable-diffusion-xl-v1")
    );
    assert!(
        db.bedrock_entries()
            .iter()
            .all(|e| e.litellm_provider != "bedrock_mantle")
    );
}

#[test]
fn key_shapes_are_taken_apart() {
    let k = parse_litellm_key("anthropic.claude-sonnet-4-5-20250929-v1:0").unwrap();
    assert_eq!(
        (k.model_id.as_str(), k.shape),
        ("anthropic.claude-sonnet-4-5-20250929-v1:0", KeyShape::Base)
    );
    let k = parse_litellm_key("us.anthropic.claude-opus-4-7").unwrap();
    assert_eq!(
        (k.model_id.as_str(), k.shape, k.profile.as_deref()),
        (
            "anthropic.claude-opus-4-7",
            KeyShape::InferenceProfile,
            Some("us")
        )
    );
    let k = parse_litellm_key("us-gov.nvidia.nemotron-nano-9b-v2").unwrap();
    assert_eq!(
        (k.model_id.as_str(), k.profile.as_deref()),
        ("nvidia.nemotron-nano-9b-v2", Some("us-gov"))
    );
    let k = parse_litellm_key("bedrock/us-gov-west-1/amazon.nova-pro-v1:0").unwrap();
    assert_eq!(
        (k.model_id.as_str(), k.shape, k.region.as_deref()),
        (
            "amazon.nova-pro-v1:0",
            KeyShape::Regional,
            Some("us-gov-west-1")
        )
    );
    let k = parse_litellm_key("bedrock/ap-northeast-1/1-month-commitment/anthropic.claude-v2:1")
        .unwrap();
    assert_eq!(
        (k.model_id.as_str(), k.shape),
        ("anthropic.claude-v2:1", KeyShape::Commitment)
    );
    let k = parse_litellm_key("bedrock/*/6-month-commitment/cohere.command-text-v14").unwrap();
    assert_eq!(
        (k.region.as_deref(), k.shape),
        (Some("*"), KeyShape::Commitment)
    );
    let k = parse_litellm_key("bedrock/invoke/anthropic.claude-3-5-sonnet-20240620-v1:0").unwrap();
    assert_eq!(
        (k.route.as_deref(), k.shape),
        (Some("bedrock/invoke"), KeyShape::Route)
    );
    let k = parse_litellm_key("bedrock/us.anthropic.claude-3-5-haiku-20241022-v1:0").unwrap();
    assert_eq!(
        (k.model_id.as_str(), k.shape),
        (
            "anthropic.claude-3-5-haiku-20241022-v1:0",
            KeyShape::InferenceProfile
        )
    );
    let k = parse_litellm_key("bedrock_converse/meta.llama3-3-70b-instruct-v1:0").unwrap();
    assert_eq!(k.shape, KeyShape::Route);
    for bad in [
        "bedrock/claude_platform/claude-opus-4-5",
        "bedrock/guardrails",
        "claude-sonnet-4-5-20250929-v1:0",
        "512-x-512/50-steps/stability.stable-diffusion-xl-v0",
        "bedrock/us-gov-east-1/claude-sonnet-4-5-20250929-v1:0",
    ] {
        assert_eq!(parse_litellm_key(bad), None, "{bad}");
    }
}

#[test]
fn malformed_litellm_fails_cleanly() {
    let e = LiteLlmDb::parse(b"{\n  \"a\": {\"max_input_tokens\": 1,}\n}").unwrap_err();
    assert!(
        matches!(e, SpecError::LiteLlmSyntax { line: 2, .. }),
        "{e:?}"
    );
    assert!(
        e.to_string()
            .starts_with("the LiteLLM model database is not valid JSON at line 2"),
        "{e}"
    );
    let e = LiteLlmDb::parse(b"[1, 2]").unwrap_err();
    assert!(matches!(e, SpecError::LiteLlmShape { .. }));
    assert_eq!(
        e.to_string(),
        "the LiteLLM model database has an unexpected shape: the top level is an array, not an object of model entries"
    );
    // Odd values inside entries are not errors: they count as absent.
    let db = tiny_db(
        r#"{"sample_spec": {"max_input_tokens": "max input tokens"},
        "meta.x-v1:0": {"litellm_provider": "bedrock", "mode": "chat", "max_input_tokens": "8k", "max_output_tokens": 0}}"#,
    );
    assert_eq!(db.len(), 2);
    let e = &db.entries_for("meta.x-v1:0")[0];
    assert_eq!((e.max_input_tokens, e.max_output_tokens), (None, None));
}

#[test]
fn corrections_ignore_underscore_keys() {
    let c = Corrections::parse(
        br#"{"_comment": "x", "_last_updated": 2026, "_odd": [1], "_comment": {"again": true}, "amazon.nova-premier-v1": {"context_window": 1000000, "max_output_tokens": null}}"#,
        "c.json",
    )
    .unwrap();
    assert_eq!(c.len(), 1);
    let n = c.get("amazon.nova-premier-v1").unwrap();
    assert_eq!(
        (n.context_window, n.max_output_tokens, n.line),
        (Some(1_000_000), None, 1)
    );
}

#[test]
fn corrections_errors_name_file_line_and_key() {
    let text = "{\n  \"_comment\": \"fine\",\n  \"writer.palmyra-x4-v1:0\": {\n    \"context_window\": 122880,\n    \"max_output_tokens\": \"8192\"\n  }\n}\n";
    let e =
        Corrections::parse(text.as_bytes(), "corrections/model_spec_corrections.json").unwrap_err();
    assert_eq!(
        e,
        SpecError::Corrections {
            file: "corrections/model_spec_corrections.json".into(),
            line: 5,
            key: Some("writer.palmyra-x4-v1:0".into()),
            detail: "max_output_tokens must be a whole number of tokens or null, not a string"
                .into(),
        }
    );
    assert_eq!(
        e.to_string(),
        "invalid corrections file corrections/model_spec_corrections.json at line 5, key \"writer.palmyra-x4-v1:0\": max_output_tokens must be a whole number of tokens or null, not a string"
    );

    let err = |text: &str| Corrections::parse(text.as_bytes(), "f.json").unwrap_err();
    // Syntax error: the line, and the entry it is in.
    let e =
        err("{\n \"a.b-v1\": {\"context_window\": 1},\n \"c.d-v1\": {\"context_window\": 2,}\n}");
    assert!(
        matches!(&e, SpecError::Corrections { line: 3, key: Some(k), .. } if k == "c.d-v1"),
        "{e:?}"
    );
    assert!(e.to_string().contains("not valid JSON"), "{e}");
    // Entry is not an object.
    let e = err("{\n\n \"a.b-v1\": 8192\n}");
    assert!(
        matches!(&e, SpecError::Corrections { line: 3, key: Some(k), .. } if k == "a.b-v1"),
        "{e:?}"
    );
    // Negative and fractional numbers.
    let e = err("{\"a.b-v1\": {\"context_window\": -1}}");
    assert!(
        e.to_string()
            .contains("context_window must be a whole number"),
        "{e}"
    );
    let e = err("{\"a.b-v1\": {\"context_window\": 1.5}}");
    assert!(
        e.to_string()
            .contains("context_window must be a whole number"),
        "{e}"
    );
    // Unknown field (a typo would otherwise drop the correction silently).
    let e = err("{\"a.b-v1\": {\n\"context_windows\": 5}}");
    assert!(
        matches!(&e, SpecError::Corrections { line: 2, .. }),
        "{e:?}"
    );
    assert!(
        e.to_string().contains("unknown field \"context_windows\""),
        "{e}"
    );
    // Nothing to correct.
    let e = err("{\"a.b-v1\": {\"context_window\": 0, \"reason\": \"x\"}}");
    assert!(
        e.to_string()
            .contains("neither context_window nor max_output_tokens"),
        "{e}"
    );
    // Wrong type for reason.
    let e = err("{\"a.b-v1\": {\"context_window\": 5, \"reason\": 7}}");
    assert!(
        e.to_string()
            .contains("reason must be a string or null, not a number"),
        "{e}"
    );
    // Duplicate key.
    let e = err("{\n\"a.b-v1\": {\"context_window\": 1},\n\"a.b-v1\": {\"context_window\": 2}\n}");
    assert!(
        matches!(&e, SpecError::Corrections { line: 3, .. }),
        "{e:?}"
    );
    assert!(
        e.to_string().contains("appears twice (first at line 2)"),
        "{e}"
    );
    // Top level.
    let e = err("[]");
    assert!(
        matches!(
            &e,
            SpecError::Corrections {
                line: 1,
                key: None,
                ..
            }
        ),
        "{e:?}"
    );
    // Not UTF-8.
    let e = Corrections::parse(b"{\n\xff}", "f.json").unwrap_err();
    assert!(
        matches!(&e, SpecError::Corrections { line: 2, .. }),
        "{e:?}"
    );
}

// ---------------------------------------------------------------- the issue's cases

#[test]
fn claude_sonnet_4_5_gets_litellms_exact_entry() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let specs = newest();
    let s = &specs["anthropic.claude-sonnet-4-5-20250929-v1"];
    assert_eq!(s.model_id, "anthropic.claude-sonnet-4-5-20250929-v1:0");
    assert_eq!(
        (s.context_window, s.max_output_tokens),
        (Some(200_000), Some(64_000))
    );
    assert_eq!(
        s.matched_key.as_deref(),
        Some("anthropic.claude-sonnet-4-5-20250929-v1:0")
    );
    assert_eq!(
        (s.match_kind, s.key_shape),
        (Some(MatchKind::ExactId), Some(KeyShape::Base))
    );
    assert_eq!(s.source, SpecSource::Litellm);
    assert_eq!(s.correction, None);
    // Its 9 keys (base, profiles, us-gov regions) all agree.
    assert!(s.disagreements.is_empty(), "{:?}", s.disagreements);
    let cd = serde_json::to_value(converse_data(s, 8, 18, 23)).unwrap();
    assert_eq!(
        cd,
        serde_json::json!({
            "context_window": 200000, "max_output_tokens": 64000,
            "size_category": {"category": "Large", "color": "#10B981", "tier": 3},
            "verified": true, "source": "ctx:litellm|out:litellm", "litellm_verified": true,
            "capabilities_count": 8, "use_cases_count": 18, "regions_count": 23
        })
    );
}

#[test]
fn nova_premier_correction_applies_through_its_colon_zero_id() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let specs = newest();
    let s = &specs["amazon.nova-premier-v1"];
    assert_eq!(s.model_id, "amazon.nova-premier-v1:0");
    assert_eq!(
        (s.context_window, s.max_output_tokens),
        (Some(1_000_000), Some(25_000))
    );
    assert_eq!(s.source, SpecSource::Corrected);
    let c = s.correction.as_ref().unwrap();
    assert_eq!(
        (c.key.as_str(), c.matched_via),
        ("amazon.nova-premier-v1", CorrectionMatch::ModelKey)
    );
    assert_eq!(
        c.source_url.as_deref(),
        Some(
            "https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-amazon-nova-premier.html"
        )
    );
    // LiteLLM's entry was still found, and its different output is kept next to the correction.
    assert_eq!(s.matched_key.as_deref(), Some("amazon.nova-premier-v1:0"));
    assert_eq!(
        s.disagreements,
        vec![Disagreement {
            field: Field::MaxOutputTokens,
            kind: DisagreementKind::CorrectionVsLitellm,
            chosen_value: Some(25_000),
            chosen_from: "correction:amazon.nova-premier-v1".into(),
            other_value: 10_000,
            other_from: vec!["litellm:amazon.nova-premier-v1:0".into()],
        }]
    );
    // The provisioned variants are recorded with what their suffix says.
    let variants: Vec<(&str, Option<u64>)> = s
        .context_variants
        .iter()
        .map(|v| (v.suffix.as_str(), v.nominal_context_tokens))
        .collect();
    assert_eq!(
        variants,
        vec![
            ("1000k", Some(1_000_000)),
            ("20k", Some(20_000)),
            ("8k", Some(8_000)),
            ("mm", None)
        ]
    );
    let cd = converse_data(s, 0, 0, 1);
    assert_eq!(
        (cd.source.as_str(), cd.verified, cd.litellm_verified),
        ("corrected", true, false)
    );
    assert_eq!(cd.size_category.category, "XL");
}

#[test]
fn correction_lookup_works_for_id_key_and_variant_ids() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let mut m = model("amazon.nova-premier-v1:0", &["TEXT"]);
    m.variant_ids = vec![
        "amazon.nova-premier-v1:0".into(),
        "amazon.nova-premier-v1:0:8k".into(),
    ];
    for (file_key, via) in [
        ("amazon.nova-premier-v1:0", CorrectionMatch::ModelId),
        ("amazon.nova-premier-v1", CorrectionMatch::ModelKey),
        ("amazon.nova-premier-v1:0:8k", CorrectionMatch::VariantId),
    ] {
        let text =
            format!("{{\"{file_key}\": {{\"context_window\": 7, \"max_output_tokens\": 3}}}}");
        let c = Corrections::parse(text.as_bytes(), "t").unwrap();
        let s = &resolve_token_specs(std::slice::from_ref(&m), Some(db()), &c)["amazon.nova-premier-v1"];
        assert_eq!(
            (s.context_window, s.max_output_tokens),
            (Some(7), Some(3)),
            "{file_key}"
        );
        assert_eq!(s.correction.as_ref().unwrap().matched_via, via);
    }
    // Id beats key; the other correction's value is recorded.
    let c = Corrections::parse(
        br#"{"amazon.nova-premier-v1": {"context_window": 5}, "amazon.nova-premier-v1:0": {"context_window": 6}}"#,
        "t",
    )
    .unwrap();
    let s =
        &resolve_token_specs(std::slice::from_ref(&m), Some(db()), &c)["amazon.nova-premier-v1"];
    assert_eq!(
        (s.context_window, s.max_output_tokens),
        (Some(6), Some(10_000))
    );
    assert_eq!(
        (s.context_window_source, s.max_output_tokens_source),
        (ValueSource::Corrected, ValueSource::Litellm)
    );
    assert_eq!(legacy_source(s), "ctx:corrected|out:litellm");
    let between: Vec<_> = s
        .disagreements
        .iter()
        .filter(|d| d.kind == DisagreementKind::BetweenCorrections)
        .collect();
    assert_eq!(between.len(), 1);
    assert_eq!(
        (between[0].other_value, between[0].other_from[0].as_str()),
        (5, "correction:amazon.nova-premier-v1")
    );
    assert_eq!(
        unmatched_corrections(std::slice::from_ref(&m), &c),
        Vec::<&str>::new()
    );
    let other =
        Corrections::parse(br#"{"amazon.nova-premier-v2": {"context_window": 5}}"#, "t").unwrap();
    assert_eq!(
        unmatched_corrections(std::slice::from_ref(&m), &other),
        vec!["amazon.nova-premier-v2"]
    );
}

#[test]
fn nova_sonic_is_not_given_nova_2_sonics_figures() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let specs = newest();
    let sonic = &specs["amazon.nova-sonic-v1"];
    assert_eq!(
        (
            sonic.context_window,
            sonic.max_output_tokens,
            &sonic.matched_key
        ),
        (None, None, &None)
    );
    assert_eq!(sonic.source, SpecSource::NotFound);
    assert_eq!(
        converse_data(sonic, 0, 0, 1).source,
        "litellm_data_not_found"
    );
    let sonic2 = &specs["amazon.nova-2-sonic-v1"];
    assert_eq!(
        (sonic2.context_window, sonic2.max_output_tokens),
        (Some(1_000_000), Some(64_000))
    );
    assert_eq!(
        sonic2.matched_key.as_deref(),
        Some("amazon.nova-2-sonic-v1:0")
    );
    assert_eq!(sonic2.litellm_mode.as_deref(), Some("realtime"));
    // Even in a database holding only Nova 2 Sonic, Nova Sonic stays unknown.
    let db = tiny_db(
        r#"{"amazon.nova-2-sonic-v1:0": {"litellm_provider": "bedrock", "mode": "chat", "max_input_tokens": 1000000, "max_output_tokens": 64000}}"#,
    );
    let s = &resolve_token_specs(
        &[model("amazon.nova-sonic-v1:0", &["SPEECH", "TEXT"])],
        Some(&db),
        &Corrections::empty(),
    )["amazon.nova-sonic-v1"];
    assert_eq!(
        (s.context_window, s.max_output_tokens, s.source),
        (None, None, SpecSource::NotFound)
    );
}

#[test]
fn llama_3_2_11b_never_gets_90bs_numbers() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let specs = newest();
    let s = &specs["meta.llama3-2-11b-instruct-v1"];
    assert_eq!(
        s.matched_key.as_deref(),
        Some("meta.llama3-2-11b-instruct-v1:0")
    );
    assert_eq!(
        (s.context_window, s.max_output_tokens),
        (Some(128_000), Some(4_096))
    );
    // A database that knows only the 90B: the 11B is unknown, not the 90B's.
    let db = tiny_db(
        r#"{"meta.llama3-2-90b-instruct-v1:0": {"litellm_provider": "bedrock", "mode": "chat", "max_input_tokens": 99000, "max_output_tokens": 9000},
                         "us.meta.llama3-2-90b-instruct-v1:0": {"litellm_provider": "bedrock", "mode": "chat", "max_input_tokens": 99000, "max_output_tokens": 9000}}"#,
    );
    let s = &resolve_token_specs(
        &[model("meta.llama3-2-11b-instruct-v1:0", &["TEXT"])],
        Some(&db),
        &Corrections::empty(),
    )["meta.llama3-2-11b-instruct-v1"];
    assert_eq!(
        (s.context_window, s.max_output_tokens, &s.matched_key),
        (None, None, &None)
    );
}

#[test]
fn embedding_models_get_their_input_limit_only() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let specs = newest();
    let s = &specs["amazon.titan-embed-text-v2"];
    assert_eq!(s.model_kind, ModelKind::Embedding);
    assert_eq!((s.context_window, s.max_output_tokens), (Some(8_192), None));
    assert_eq!(
        (s.context_window_source, s.max_output_tokens_source),
        (ValueSource::Litellm, ValueSource::NotApplicable)
    );
    assert_eq!(
        s.matched_key.as_deref(),
        Some("amazon.titan-embed-text-v2:0")
    );
    let cd = serde_json::to_value(converse_data(s, 1, 2, 3)).unwrap();
    assert_eq!(cd["context_window"], 8192);
    assert_eq!(cd["max_output_tokens"], "N/A");
    assert_eq!(cd["source"], "ctx:litellm|out:not_found");
    assert_eq!(
        (cd["verified"].as_bool(), cd["litellm_verified"].as_bool()),
        (Some(false), Some(true))
    );
    assert_eq!(cd["size_category"]["category"], "Small");
    assert_eq!(specs["cohere.embed-v4"].context_window, Some(128_000));
    // `amazon.titan-embed-text-v1` (ids `…-v1` and `…-v1:2:8k`) is matched by its on-demand id.
    let v1 = &specs["amazon.titan-embed-text-v1"];
    assert_eq!(
        (v1.model_id.as_str(), v1.context_window),
        ("amazon.titan-embed-text-v1", Some(8_192))
    );
    assert_eq!(v1.context_variants[0].nominal_context_tokens, Some(8_000));
}

#[test]
fn reranker_gets_its_input_limit_only() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let s = &newest()["cohere.rerank-v3-5"];
    assert_eq!(
        (s.model_kind, s.litellm_mode.as_deref()),
        (ModelKind::Text, Some("rerank"))
    );
    assert_eq!((s.context_window, s.max_output_tokens), (Some(4_096), None));
    assert_eq!(s.max_output_tokens_source, ValueSource::NotApplicable);
}

#[test]
fn image_and_video_models_get_none() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let specs = newest();
    for key in [
        "amazon.nova-canvas-v1",
        "stability.stable-image-inpaint-v1",
        "amazon.nova-reel-v1",
        "amazon.titan-image-generator-v2",
    ] {
        let s = &specs[key];
        assert_eq!(s.model_kind, ModelKind::MediaOutput, "{key}");
        assert_eq!(
            (s.context_window, s.max_output_tokens, s.source),
            (None, None, SpecSource::NotApplicable),
            "{key}"
        );
        let cd = serde_json::to_value(converse_data(s, 0, 0, 1)).unwrap();
        assert_eq!(cd["context_window"], "N/A");
        assert_eq!(
            cd["size_category"],
            serde_json::json!({"category": "N/A", "color": "#6B7280", "tier": 0})
        );
        assert_eq!(cd["source"], "litellm_data_not_found");
    }
    // LiteLLM's 2,600 for Nova Canvas is a prompt limit of an image model: noted, not used.
    assert!(
        specs["amazon.nova-canvas-v1"]
            .notes
            .iter()
            .any(|n| n.contains("amazon.nova-canvas-v1:0"))
    );
}

#[test]
fn disagreeing_litellm_keys_are_decided_by_shape_and_recorded() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let s = &resolve_token_specs(
        &[model("deepseek.v3.2", &["TEXT"])],
        Some(db()),
        &Corrections::empty(),
    )["deepseek.v3.2"];
    // Base key wins over the inference profiles and regional keys.
    assert_eq!(s.matched_key.as_deref(), Some("deepseek.v3.2"));
    assert_eq!(
        (s.context_window, s.max_output_tokens),
        (Some(156_000), Some(8_000))
    );
    let ctx: Vec<_> = s
        .disagreements
        .iter()
        .filter(|d| d.field == Field::ContextWindow)
        .collect();
    assert_eq!(ctx.len(), 1);
    assert_eq!(
        (ctx[0].kind, ctx[0].other_value),
        (DisagreementKind::BetweenLitellmKeys, 163_840)
    );
    assert_eq!(
        ctx[0].other_from,
        vec!["litellm:eu.deepseek.v3.2", "litellm:us.deepseek.v3.2"]
    );
    // With the seeded correction, the card's 164K (163,840) is used.
    let s = &newest()["deepseek.v3.2"];
    assert_eq!(
        (s.context_window, s.source),
        (Some(163_840), SpecSource::Corrected)
    );
    assert!(
        s.disagreements
            .iter()
            .any(|d| d.kind == DisagreementKind::CorrectionVsLitellm && d.other_value == 156_000)
    );
}

#[test]
fn regional_only_entries_are_used_when_nothing_better_exists() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let s = &resolve_token_specs(
        &[model("anthropic.claude-3-haiku-20240307-v1:0", &["TEXT"])],
        Some(db()),
        &Corrections::empty(),
    )["anthropic.claude-3-haiku-20240307-v1"];
    assert_eq!(
        s.matched_key.as_deref(),
        Some("bedrock/us-gov-east-1/anthropic.claude-3-haiku-20240307-v1:0")
    );
    assert_eq!(s.key_shape, Some(KeyShape::Regional));
    assert_eq!(
        (s.context_window, s.max_output_tokens),
        (Some(195_904), Some(4_096))
    );
}

#[test]
fn version_suffix_rules() {
    let db = tiny_db(
        r#"{"a.m-v1": {"litellm_provider": "bedrock", "mode": "chat", "max_input_tokens": 10, "max_output_tokens": 5},
                         "a.n-v2:1": {"litellm_provider": "bedrock", "mode": "chat", "max_input_tokens": 20, "max_output_tokens": 6}}"#,
    );
    let models = [
        model("a.m-v1:0", &["TEXT"]),
        model("a.n-v2:1", &["TEXT"]),
        model("a.n-v2", &["TEXT"]),
    ];
    let specs = resolve_token_specs(&models, Some(&db), &Corrections::empty());
    // `:0` and no suffix are the same model.
    assert_eq!(
        (specs["a.m-v1"].context_window, specs["a.m-v1"].match_kind),
        (Some(10), Some(MatchKind::VersionSuffix))
    );
    // `:1` is another version: only its own id matches it ...
    let specs_1 = resolve_token_specs(&models[1..2], Some(&db), &Corrections::empty());
    assert_eq!(specs_1["a.n-v2"].context_window, Some(20));
    // ... and the unsuffixed id does not borrow it.
    let specs_0 = resolve_token_specs(&models[2..3], Some(&db), &Corrections::empty());
    assert_eq!(specs_0["a.n-v2"].context_window, None);
    // A provisioned-only id is matched through its base id.
    let s = &resolve_token_specs(
        &[model("a.m-v1:0:8k", &["TEXT"])],
        Some(&db),
        &Corrections::empty(),
    )["a.m-v1"];
    assert_eq!(s.context_window, Some(10));
    assert!(s.notes[0].contains("provisioned context variant"));
}

#[test]
fn loose_match_only_when_unique_and_same_name() {
    let db = tiny_db(
        r#"{"zai.glm-4-7": {"litellm_provider": "bedrock_converse", "mode": "chat", "max_input_tokens": 203000, "max_output_tokens": 128000},
                         "moonshotai.kimi-k9": {"litellm_provider": "bedrock_converse", "mode": "chat", "max_input_tokens": 256000, "max_output_tokens": 16000},
                         "x.m-1-5": {"litellm_provider": "bedrock", "mode": "chat", "max_input_tokens": 1, "max_output_tokens": 1},
                         "x.m-1.5": {"litellm_provider": "bedrock", "mode": "chat", "max_input_tokens": 2, "max_output_tokens": 2}}"#,
    );
    let models = [
        model("zai.glm-4.7", &["TEXT"]),
        model("moonshot.kimi-k9", &["TEXT"]),
        model("x.m-1_5", &["TEXT"]),
        model("zai.glm-4.7-flash", &["TEXT"]),
    ];
    let specs = resolve_token_specs(&models, Some(&db), &Corrections::empty());
    let glm = &specs["zai.glm-4.7"];
    assert_eq!(
        (glm.context_window, glm.match_kind),
        (Some(203_000), Some(MatchKind::UniqueNormalizedName))
    );
    assert_eq!(glm.matched_key.as_deref(), Some("zai.glm-4-7"));
    assert_eq!(
        specs["moonshot.kimi-k9"].matched_key.as_deref(),
        Some("moonshotai.kimi-k9")
    );
    // Two LiteLLM ids with the same normalised name: ambiguous, so unknown.
    assert_eq!(specs["x.m-1_5"].context_window, None);
    assert!(
        specs["x.m-1_5"]
            .notes
            .iter()
            .any(|n| n.contains("several ids"))
    );
    // A longer name (another model) never matches.
    assert_eq!(specs["zai.glm-4.7-flash"].context_window, None);
}

#[test]
fn without_litellm_corrections_still_apply() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let models = model_refs(NEWEST_LFM);
    let specs = resolve_token_specs(&models, None, &seeded());
    let premier = &specs["amazon.nova-premier-v1"];
    assert_eq!(
        (
            premier.context_window,
            premier.max_output_tokens,
            premier.source
        ),
        (Some(1_000_000), Some(25_000), SpecSource::Corrected)
    );
    let sonnet = &specs["anthropic.claude-sonnet-4-5-20250929-v1"];
    assert_eq!(
        (sonnet.context_window, sonnet.source),
        (None, SpecSource::LitellmUnavailable)
    );
    assert_eq!(
        sonnet.context_window_source,
        ValueSource::LitellmUnavailable
    );
    assert_eq!(
        converse_data(sonnet, 0, 0, 0).source,
        "litellm_data_not_found"
    );
    let canvas = &specs["amazon.nova-canvas-v1"];
    assert_eq!(canvas.source, SpecSource::NotApplicable);
    let c = coverage(&specs);
    assert_eq!(
        (
            c.text_with_both,
            c.text_both_from_corrections,
            c.corrections_applied
        ),
        (10, 10, 10)
    );
}

#[test]
fn size_categories_keep_the_samples_thresholds() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let cat = |n| {
        let s = size_category(n);
        format!("{} {} {}", s.category, s.color, s.tier)
    };
    assert_eq!(cat(31_999), "Small #F59E0B 1");
    assert_eq!(cat(32_000), "Medium #3B82F6 2");
    assert_eq!(cat(127_999), "Medium #3B82F6 2");
    assert_eq!(cat(128_000), "Large #10B981 3");
    assert_eq!(cat(499_999), "Large #10B981 3");
    assert_eq!(cat(500_000), "XL #8B5CF6 4");
    let mut s = newest()["anthropic.claude-sonnet-4-5-20250929-v1"].clone();
    s.context_window = None;
    s.context_window_source = ValueSource::NotFound;
    let cd = converse_data(&s, 0, 0, 0);
    assert_eq!(
        (cd.size_category.category.as_str(), cd.size_category.tier),
        ("Unknown", 0)
    );
    assert_eq!(
        (cd.source.as_str(), cd.verified),
        ("ctx:not_found|out:litellm", false)
    );
}

// ---------------------------------------------------------------- whole fixtures

#[test]
fn coverage_of_the_newest_fixture() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let specs = newest();
    let c = coverage(&specs);
    assert_eq!(
        c,
        Coverage {
            models: 104,
            text_models: 78,
            text_with_both: 74,
            text_both_from_litellm: 64,
            text_both_from_corrections: 10,
            text_both_mixed: 0,
            embedding_models: 10,
            embedding_with_input_limit: 10,
            other_models: 16,
            corrections_applied: 10,
            disagreements: 26,
            correction_vs_litellm: 8,
            between_litellm_keys: 18,
            between_corrections: 0,
        }
    );
    let unknown: Vec<&str> = specs
        .iter()
        .filter(|(_, s)| {
            s.model_kind == ModelKind::Text
                && (s.context_window.is_none() || s.max_output_tokens.is_none())
        })
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(
        unknown,
        vec![
            "amazon.nova-sonic-v1",
            "anthropic.claude-3-sonnet-20240229-v1",
            "cohere.rerank-v3-5",
            "twelvelabs.pegasus-1-2-v1"
        ]
    );
    let kinds: BTreeMap<&str, usize> = specs.values().fold(BTreeMap::new(), |mut acc, s| {
        *acc.entry(legacy_source(s).leak() as &str).or_default() += 1;
        acc
    });
    assert_eq!(kinds.get("ctx:litellm|out:litellm"), Some(&64));
    assert_eq!(kinds.get("corrected"), Some(&10));
}

#[test]
fn seeded_corrections_cite_model_cards_and_match_models() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let c = seeded();
    assert_eq!(c.len(), 25);
    // Entries that give only a token burndown cite the user guide's burndown page instead.
    let (burndown_only, limits): (Vec<_>, Vec<_>) = c
        .iter()
        .partition(|e| e.context_window.is_none() && e.max_output_tokens.is_none());
    assert_eq!(burndown_only.len(), 8);
    for e in &burndown_only {
        let b = e.output_token_burndown.as_ref().expect(&e.key);
        assert_eq!(
            b.source_url.as_deref(),
            Some("https://docs.aws.amazon.com/bedrock/latest/userguide/quotas-token-burndown.html")
        );
    }
    for e in limits {
        assert!(
            e.reason
                .as_deref()
                .is_some_and(|r| r.starts_with("AWS model card for ")),
            "{}",
            e.key
        );
        assert!(
            e.source_url.as_deref().is_some_and(|u| u
                .starts_with("https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-")),
            "{}",
            e.key
        );
        assert!(
            e.context_window.is_some() || e.max_output_tokens.is_some(),
            "{}",
            e.key
        );
    }
    // The newest ListFoundationModels fixture predates these models (the card test checks them),
    // or no longer lists them (Claude Opus 4, whose burndown entry stays for older lists).
    assert_eq!(
        unmatched_corrections(&model_refs(NEWEST_LFM), &c),
        vec![
            "anthropic.claude-fable-5-1",
            "anthropic.claude-opus-4-20250514-v1:0",
            "anthropic.claude-opus-5",
            "anthropic.claude-opus-5-5",
            "anthropic.claude-sonnet-5",
            "google.gemma-4-26b-a4b",
            "google.gemma-4-31b",
            "google.gemma-4-e2b",
            "openai.gpt-5.4",
            "openai.gpt-5.5",
            "qwen.qwen3-coder-480b-a35b-v1:0",
            "xai.grok-4.3"
        ]
    );
}

/// `"256K tokens"` → (256, 1000), `"1M tokens"` → (1, 1_000_000), `"512 tokens"` → (512, 1).
fn card_figure(v: &Value) -> Option<(u64, u64)> {
    let s = v.as_str()?.trim().trim_end_matches(" tokens");
    let (n, unit) = match s.as_bytes().last()? {
        b'K' => (&s[..s.len() - 1], 1_000),
        b'M' => (&s[..s.len() - 1], 1_000_000),
        _ => (s, 1),
    };
    Some((n.parse().ok()?, unit))
}

/// A value agrees with a rounded card figure if it rounds to it in thousands or in KiB (or
/// millions / MiB), e.g. 163,840 ≈ "164K", 262,144 ≈ "256K", 8,191 ≈ "8K".
fn agrees(value: u64, (n, unit): (u64, u64)) -> bool {
    if unit == 1 {
        return value == n;
    }
    let binary = if unit == 1_000 { 1_024 } else { 1_048_576 };
    (value as f64 / unit as f64).round() as u64 == n
        || (value as f64 / binary as f64).round() as u64 == n
}

/// The issue's "done when": over every model of every ListFoundationModels fixture, each text
/// model's numbers equal its model card's (where the scrape has the model and the figure), or
/// come from LiteLLM's entry for exactly that model, or are unknown; none from another model.
#[test]
fn every_fixture_model_gets_its_card_or_its_own_entry_or_nothing() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let cards: Value = serde_json::from_slice(&read_fixture(
        "docs-region-tables/jorke-bedrock-model-map_model-cards_2026-08-22.json",
    ))
    .unwrap();
    let mut card_by_id: BTreeMap<&str, &Value> = BTreeMap::new();
    for m in cards["models"].as_array().unwrap() {
        for p in m["programmaticAccess"].as_array().into_iter().flatten() {
            card_by_id
                .entry(p["modelId"].as_str().unwrap())
                .or_insert(m);
        }
    }
    let mut dir: Vec<PathBuf> = std::fs::read_dir(fixtures().join("list-foundation-models"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dir.sort();
    assert_eq!(dir.len(), 5);
    let corrections = seeded();
    let mut checked_against_cards = 0;
    for path in dir {
        let file = path.file_name().unwrap().to_str().unwrap().to_string();
        let models = model_refs(&file);
        let specs = resolve_token_specs(&models, Some(db()), &corrections);
        for m in &models {
            let s = &specs[&m.key];
            if s.model_kind == ModelKind::MediaOutput {
                assert_eq!(
                    (s.context_window, s.max_output_tokens),
                    (None, None),
                    "{file}: {}",
                    m.model_id
                );
                continue;
            }
            // LiteLLM values come from an entry naming exactly this model (or its `:0` twin).
            if let Some(key) = &s.matched_key {
                let named = parse_litellm_key(key).unwrap().model_id;
                let base = strip_context_suffix(&m.model_id);
                let twin = base
                    .strip_suffix(":0")
                    .map(str::to_string)
                    .unwrap_or(format!("{base}:0"));
                assert!(
                    named == base || named == twin,
                    "{file}: {} matched {key}",
                    m.model_id
                );
                assert_ne!(s.match_kind, Some(MatchKind::UniqueNormalizedName));
            }
            let base = strip_context_suffix(&m.model_id);
            let card = card_by_id
                .get(base)
                .or_else(|| card_by_id.get(base.strip_suffix(":0").unwrap_or(base)));
            if let Some(card) = card {
                for (value, figure) in [
                    (s.context_window, card_figure(&card["contextWindow"])),
                    (s.max_output_tokens, card_figure(&card["maxOutputTokens"])),
                ] {
                    if let (Some(v), Some(f)) = (value, figure) {
                        checked_against_cards += 1;
                        assert!(
                            agrees(v, f),
                            "{file}: {} has {v}, its model card says {f:?}",
                            m.model_id
                        );
                    }
                }
            }
        }
    }
    assert!(checked_against_cards > 300, "{checked_against_cards}");
}

/// The model-card scrapes, newest first: a model the newer scrape dropped keeps its older card.
fn card_models() -> Vec<Value> {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for date in ["2026-08-22", "2026-06-20"] {
        let cards: Value = serde_json::from_slice(&read_fixture(&format!(
            "docs-region-tables/jorke-bedrock-model-map_model-cards_{date}.json"
        )))
        .unwrap();
        for m in cards["models"].as_array().unwrap() {
            if seen.insert(m["modelName"].as_str().unwrap().to_string()) {
                out.push(m.clone());
            }
        }
    }
    out
}

/// The issue's "done when" for token limits: every text and embedding model on AWS's model cards
/// (both scrapes; its bedrock-runtime ids, or its Mantle id when it has no other), resolved as the collector resolves it against LiteLLM and the built-in
/// corrections, has exactly the card's context window and max output where the card states them:
/// a value that disagrees, or a missing value the card states, fails. Where LiteLLM's value
/// disagrees, a correction citing the card must explain it, and the disagreement is recorded with
/// both values.
#[test]
fn every_card_text_model_agrees_with_its_card() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let corrections = seeded();
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut corrected = BTreeMap::new();
    for card in card_models() {
        let outputs: Vec<&str> = card["outputModalities"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        // The ids ListFoundationModels lists: the bedrock-runtime ones; a Mantle-only model
        // (GPT-5.4, Gemma 4, ...) is listed under its Mantle id.
        let access: Vec<&Value> = card["programmaticAccess"]
            .as_array()
            .into_iter()
            .flatten()
            .collect();
        let runtime = access.iter().any(|p| p["endpoint"] == "bedrock-runtime");
        for p in access {
            if runtime && p["endpoint"] != "bedrock-runtime" {
                continue;
            }
            let id = p["modelId"].as_str().unwrap();
            let m = model(id, &outputs);
            let spec = resolve_token_specs(std::slice::from_ref(&m), Some(db()), &corrections)
                .remove(&m.key)
                .unwrap();
            if !matches!(spec.model_kind, ModelKind::Text | ModelKind::Embedding) {
                continue;
            }
            for (field, value, stated) in [
                (
                    Field::ContextWindow,
                    spec.context_window,
                    card_figure(&card["contextWindow"]),
                ),
                (
                    Field::MaxOutputTokens,
                    spec.max_output_tokens,
                    card_figure(&card["maxOutputTokens"]),
                ),
            ] {
                let Some(figure) = stated else { continue };
                checked += 1;
                match value {
                    Some(v) if agrees(v, figure) => {}
                    other => failures.push(format!(
                        "{id} {field:?}: {other:?}, card {:?} ({}); litellm key {:?}",
                        figure, card["modelName"], spec.matched_key
                    )),
                }
                let source = match field {
                    Field::ContextWindow => spec.context_window_source,
                    Field::MaxOutputTokens => spec.max_output_tokens_source,
                };
                if source == ValueSource::Corrected {
                    let c = spec.correction.as_ref().unwrap();
                    *corrected.entry(c.key.clone()).or_insert(0) += 1;
                    // A correction cites the card it copies.
                    assert!(
                        c.source_url.as_deref().is_some_and(|u| u.starts_with(
                            "https://docs.aws.amazon.com/bedrock/latest/userguide/model-card"
                        )),
                        "{id}: {c:?}"
                    );
                }
            }
            // LiteLLM's own value for this model, where it disagrees with the card, is kept
            // beside the corrected one.
            if let Some(key) = &spec.matched_key {
                let entry = db().entries_for(&parse_litellm_key(key).unwrap().model_id);
                let lite = entry.iter().find(|e| &e.key == key).unwrap();
                for (field, lite_value, stated) in [
                    (
                        Field::ContextWindow,
                        lite.max_input_tokens,
                        card_figure(&card["contextWindow"]),
                    ),
                    (
                        Field::MaxOutputTokens,
                        lite.max_output_tokens,
                        card_figure(&card["maxOutputTokens"]),
                    ),
                ] {
                    if let (Some(l), Some(f)) = (lite_value, stated)
                        && !agrees(l, f)
                        && !(field == Field::MaxOutputTokens && spec.model_kind != ModelKind::Text)
                        && !spec.disagreements.iter().any(|d| {
                            d.field == field
                                && d.kind == DisagreementKind::CorrectionVsLitellm
                                && d.other_value == l
                                && d.other_from.contains(&format!("litellm:{key}"))
                        })
                    {
                        failures.push(format!(
                            "{id} {field:?}: LiteLLM's {l} ({key}) against the card is not recorded"
                        ));
                    }
                }
            }
        }
    }
    assert_eq!(failures, Vec::<String>::new());
    assert!(checked > 150, "{checked}");
    // Every correction in the file is a card's figure for some card model: none is stale.
    let keys: Vec<&str> = corrections
        .iter()
        .filter(|c| c.context_window.is_some() || c.max_output_tokens.is_some())
        .map(|c| c.key.as_str())
        .collect();
    assert_eq!(
        corrected.keys().map(String::as_str).collect::<Vec<_>>(),
        keys
    );
}

#[test]
fn a_value_borrowed_from_a_profile_key_is_noted_and_corrected_from_the_card() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let m = model("openai.gpt-5.4", &["TEXT"]);
    let spec = resolve_token_specs(std::slice::from_ref(&m), Some(db()), &seeded())
        .remove("openai.gpt-5.4")
        .unwrap();
    assert_eq!(spec.matched_key.as_deref(), Some("global.openai.gpt-5.4"));
    assert_eq!(spec.key_shape, Some(KeyShape::InferenceProfile));
    assert_eq!(
        (spec.context_window, spec.max_output_tokens),
        (Some(272_000), Some(128_000))
    );
    assert_eq!(
        (spec.context_window_source, spec.max_output_tokens_source),
        (ValueSource::Corrected, ValueSource::Litellm)
    );
    assert_eq!(
        spec.disagreements,
        vec![Disagreement {
            field: Field::ContextWindow,
            kind: DisagreementKind::CorrectionVsLitellm,
            chosen_value: Some(272_000),
            chosen_from: "correction:openai.gpt-5.4".to_string(),
            other_value: 922_000,
            other_from: vec!["litellm:global.openai.gpt-5.4".to_string()],
        }]
    );
    assert!(
        spec.notes.iter().any(|n| n
            == "LiteLLM has no usable entry under openai.gpt-5.4 itself; its values come from the inference-profile key global.openai.gpt-5.4, which describes one route and may differ from the model's own limits"),
        "{:?}",
        spec.notes
    );

    // A base key without values loses to a profile key with values, and is named.
    let db = tiny_db(
        r#"{"x.m-1": {"litellm_provider": "bedrock", "mode": "chat"},
            "us.x.m-1": {"litellm_provider": "bedrock", "mode": "chat", "max_input_tokens": 9000, "max_output_tokens": 900}}"#,
    );
    let m = model("x.m-1", &["TEXT"]);
    let spec = resolve_token_specs(&[m], Some(&db), &Corrections::default())
        .remove("x.m-1")
        .unwrap();
    assert_eq!(spec.context_window, Some(9000));
    assert!(
        spec.notes.iter().any(|n| n.ends_with(
            "key us.x.m-1, which describes one route and may differ from the model's own limits; x.m-1 says context none, max output none"
        )),
        "{:?}",
        spec.notes
    );
}
