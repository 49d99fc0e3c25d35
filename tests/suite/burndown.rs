//! Token burndown: each model's output-token multiplier from the corrections file (citing the
//! user guide's token burndown page; unknown stays unknown), and the output tokens per minute a
//! tokens-per-minute quota allows, as `show` prints them.

use crate::quota_drift::{late_2026_catalog, late_2026_models};

use bedrock_collector::corrections::BUILT_IN;
use bedrock_collector::phases::token_specs::{Corrections, SpecError, resolve_token_specs};

const PAGE: &str =
    "https://docs.aws.amazon.com/bedrock/latest/userguide/quotas-token-burndown.html";

#[test]
fn each_model_carries_its_burndown_with_its_source_and_unknown_stays_unknown() {
    let corrections = Corrections::parse(BUILT_IN.as_bytes(), "built-in").unwrap();
    let specs = resolve_token_specs(&late_2026_models(), None, &corrections);
    let of = |key: &str| {
        specs[key]
            .output_token_burndown
            .as_ref()
            .map(|b| (b.multiplier, b.source.clone(), b.source_url.clone()))
    };
    let cited = |n: u32, key: &str| Some((n, format!("correction:{key}"), Some(PAGE.to_string())));
    assert_eq!(
        of("anthropic.claude-opus-4-8"),
        cited(15, "anthropic.claude-opus-4-8")
    );
    assert_eq!(
        of("anthropic.claude-opus-4-7"),
        cited(5, "anthropic.claude-opus-4-7")
    );
    // The page names neither Claude Fable 5 nor the GPT models: no multiplier, not 1.
    assert_eq!(of("anthropic.claude-fable-5"), None);
    assert_eq!(of("openai.gpt-5.4"), None);
    // A burndown-only entry corrects no token limit.
    assert_eq!(specs["anthropic.claude-opus-4-8"].correction, None);
    assert_eq!(specs["anthropic.claude-opus-4-8"].context_window, None);
}

#[test]
fn a_burndown_without_its_citation_or_with_a_zero_multiplier_is_refused() {
    let parse =
        |body: &str| Corrections::parse(format!("{{\n\"m\": {body}\n}}").as_bytes(), "c.json");
    let detail = |r: Result<Corrections, SpecError>| match r {
        Err(SpecError::Corrections { key, detail, .. }) => (key, detail),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        detail(parse(r#"{"output_token_burndown": {"multiplier": 5}}"#)),
        (
            Some("m".to_string()),
            "output_token_burndown.source_url must cite the page that gives it".to_string()
        )
    );
    assert_eq!(
        detail(parse(&format!(
            r#"{{"output_token_burndown": {{"multiplier": 0, "source_url": "{PAGE}"}}}}"#
        )))
        .1,
        "output_token_burndown.multiplier must be a whole number of 1 or more"
    );
    let ok = parse(&format!(
        r#"{{"output_token_burndown": {{"multiplier": 10, "source_url": "{PAGE}"}}}}"#
    ))
    .unwrap();
    assert_eq!(
        ok.get("m")
            .unwrap()
            .output_token_burndown
            .as_ref()
            .unwrap()
            .multiplier,
        10
    );
}

#[test]
fn show_prints_the_output_tokens_per_minute_a_tpm_quota_allows() {
    let catalog = opus_with_a_tpm_quota();
    let out =
        bedrock_collector::show::show(&catalog, "anthropic.claude-opus-4-8", Some("us-east-1"))
            .unwrap();
    let at = out.find("Output token burndown").expect(&out);
    let lines: Vec<&str> = out[at..].lines().take(3).collect();
    assert_eq!(
        lines,
        [
            "Output token burndown: 15x (each output token counts 15 times against tokens per minute; correction:anthropic.claude-opus-4-8)",
            "  route         output tokens/min     of TPM",
            "  cross_region            133,333  2,000,000",
        ]
    );
}

#[test]
fn the_page_card_says_the_output_tokens_per_minute_a_tpm_quota_allows() {
    let catalog = opus_with_a_tpm_quota();
    let html = bedrock_collector::page::render(&catalog, None);
    assert!(
        html.contains("<p class=\"burndown\">Output token burndown 15×: each output token counts 15 times against tokens per minute; cross_region 2,000,000 TPM: 133,333 output tokens per minute <small>(correction:anthropic.claude-opus-4-8)</small>.</p>"),
        "{}",
        &html[html.find("burndown").unwrap_or(0)..][..400.min(html.len())]
    );
}

/// The late-2026 catalogue with Opus 4.8's token specs (burndown 15x) resolved from the built-in
/// corrections, and a value for its cross-region TPM quota (the evidence gives it none):
/// 2,000,000.
fn opus_with_a_tpm_quota() -> bedrock_collector::catalog::Catalog {
    let corrections = Corrections::parse(BUILT_IN.as_bytes(), "built-in").unwrap();
    let specs = resolve_token_specs(&late_2026_models(), None, &corrections);
    let mut catalog = late_2026_catalog();
    let opus = catalog
        .providers
        .get_mut("Anthropic")
        .unwrap()
        .models
        .get_mut("anthropic.claude-opus-4-8")
        .unwrap();
    opus.token_specs = Some(specs["anthropic.claude-opus-4-8"].clone());
    for q in opus.model_service_quotas.get_mut("us-east-1").unwrap() {
        if q.quota_code == "L-DB99DCDB" {
            q.value = Some(2_000_000.0);
            q.effective_value = Some(2_000_000.0);
        }
    }
    catalog
}

#[test]
fn compare_gives_the_burndown_and_the_output_tokens_per_minute_a_tpm_quota_allows() {
    let catalog = opus_with_a_tpm_quota();
    let models = [
        "anthropic.claude-opus-4-8".to_string(),
        "openai.gpt-5.4".to_string(),
    ];
    let c = bedrock_collector::compare::compare(&catalog, &models, Some("us-east-1")).unwrap();
    let row = |field: &str| {
        c.rows
            .iter()
            .find(|r| r.field == field)
            .unwrap_or_else(|| panic!("no row {field}: {:#?}", c.rows))
            .values
            .clone()
    };
    assert_eq!(row("output burndown"), [Some("15x".to_string()), None]);
    assert_eq!(
        row("quota cross_region tokens_per_minute")[0].as_deref(),
        Some("2,000,000 / — (output 133,333/min at 15x)")
    );
}
