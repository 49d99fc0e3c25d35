//! The quota families of late 2026 (see `tests/fixtures/late-2026/PROVENANCE.md`): the
//! bedrock-mantle endpoint's input and output token quotas, Cross-Model Max Tokens Per Day and
//! the user guide's template spellings, joined precisely: every quota to the right model, route,
//! metric and region, and nothing to a wrong one.

use std::collections::BTreeMap;

use bedrock_collector::catalog::quotas::{AccountQuotaKind, Metric, Route, UnassignedReason};
use bedrock_collector::model::ModelRef;
use bedrock_collector::phases::quotas::{Subject, assign_quotas, parse_quota_name};
use bedrock_collector::records::{QuotasPage, ServiceQuota};

const REGION: &str = "us-east-1";

pub(crate) fn late_2026_quotas() -> Vec<ServiceQuota> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/late-2026/service-quotas_us-east-1.json"
    );
    let text = std::fs::read_to_string(path).unwrap();
    serde_json::from_str::<QuotasPage>(&text).unwrap().quotas
}

fn model(id: &str, provider: &str, name: &str) -> ModelRef {
    ModelRef {
        key: id.to_string(),
        model_id: id.to_string(),
        variant_ids: vec![id.to_string()],
        provider: provider.to_string(),
        name: name.to_string(),
        regions: vec![REGION.to_string()],
        region_inference_types: BTreeMap::from([(
            REGION.to_string(),
            vec!["INFERENCE_PROFILE".to_string()],
        )]),
        ..Default::default()
    }
}

/// The models the quotas name (ids from the evidence), and their neighbours of one family, which
/// a loose join would take.
pub(crate) fn late_2026_models() -> Vec<ModelRef> {
    vec![
        model("anthropic.claude-opus-4-7", "Anthropic", "Claude Opus 4.7"),
        model("anthropic.claude-opus-4-8", "Anthropic", "Claude Opus 4.8"),
        model("anthropic.claude-fable-5", "Anthropic", "Claude Fable 5"),
        model("openai.gpt-5.4", "OpenAI", "GPT-5.4"),
        model("openai.gpt-5.5", "OpenAI", "GPT-5.5"),
        model("openai.gpt-5.6-luna", "OpenAI", "GPT-5.6 Luna"),
        model("openai.gpt-5.6-sol", "OpenAI", "GPT-5.6 Sol"),
        model("openai.gpt-5.6-terra", "OpenAI", "GPT-5.6 Terra"),
        model("openai.gpt-6-astra", "OpenAI", "GPT-6 Astra"),
    ]
}

/// (model key, route, metric) of every assigned quota, by code.
fn joined(
    models: &[ModelRef],
    quotas: &[ServiceQuota],
) -> (
    BTreeMap<String, (String, Route, Metric)>,
    bedrock_collector::phases::quotas::QuotaAssignment,
) {
    let lists = BTreeMap::from([(REGION.to_string(), quotas.to_vec())]);
    let assignment = assign_quotas(models, &lists, &lists);
    let mut by_code = BTreeMap::new();
    for (key, regions) in &assignment.models {
        for (region, list) in regions {
            assert_eq!(region, REGION);
            for q in list {
                let before = by_code.insert(q.quota_code.clone(), (key.clone(), q.route, q.metric));
                assert!(before.is_none(), "{} on two models", q.quota_code);
            }
        }
    }
    (by_code, assignment)
}

#[test]
fn every_mantle_and_cross_model_quota_joins_the_right_model_route_and_metric() {
    let (by_code, assignment) = joined(&late_2026_models(), &late_2026_quotas());
    let (input, output) = (Metric::InputTokensPerMinute, Metric::OutputTokensPerMinute);
    let expected: BTreeMap<&str, (&str, Route, Metric)> = BTreeMap::from([
        (
            "L-8528F119",
            ("anthropic.claude-opus-4-8", Route::Mantle, input),
        ),
        (
            "L-37491D63",
            ("anthropic.claude-opus-4-8", Route::Mantle, output),
        ),
        ("L-31615887", ("openai.gpt-5.6-luna", Route::Mantle, input)),
        ("L-D44E1D4E", ("openai.gpt-5.6-luna", Route::Mantle, output)),
        ("L-87594EB7", ("openai.gpt-5.6-terra", Route::Mantle, input)),
        (
            "L-574688BD",
            ("openai.gpt-5.6-terra", Route::Mantle, output),
        ),
        ("L-137DD3C2", ("openai.gpt-5.6-sol", Route::Mantle, input)),
        ("L-C2E494BA", ("openai.gpt-5.6-sol", Route::Mantle, output)),
        ("L-2555C05B", ("openai.gpt-5.5", Route::Mantle, input)),
        ("L-8A643E07", ("openai.gpt-5.5", Route::Mantle, output)),
        ("L-C593EA7C", ("openai.gpt-5.4", Route::Mantle, input)),
        ("L-08036ECB", ("openai.gpt-5.4", Route::Mantle, output)),
        (
            "L-DB99DCDB",
            (
                "anthropic.claude-opus-4-8",
                Route::CrossRegion,
                Metric::TokensPerMinute,
            ),
        ),
        (
            "L-4FCE27C7",
            (
                "anthropic.claude-opus-4-8",
                Route::GlobalCrossRegion,
                Metric::TokensPerMinute,
            ),
        ),
        (
            "L-53A144CD",
            (
                "openai.gpt-6-astra",
                Route::CrossRegion,
                Metric::TokensPerMinute,
            ),
        ),
        (
            "L-B38B530A",
            (
                "openai.gpt-6-astra",
                Route::GlobalCrossRegion,
                Metric::TokensPerMinute,
            ),
        ),
    ]);
    let got: BTreeMap<&str, (&str, Route, Metric)> = by_code
        .iter()
        .map(|(code, (key, r, m))| (code.as_str(), (key.as_str(), *r, *m)))
        .collect();
    assert_eq!(got, expected);
    assert_eq!(assignment.unassigned, vec![]);

    let opus = &assignment.models["anthropic.claude-opus-4-8"][REGION];
    let values: Vec<(&str, Option<f64>)> = opus
        .iter()
        .filter(|q| q.route == Route::Mantle)
        .map(|q| (q.quota_code.as_str(), q.default_value))
        .collect();
    assert_eq!(
        values,
        vec![
            ("L-37491D63", Some(2_000_000.0)),
            ("L-8528F119", Some(20_000_000.0))
        ]
    );

    // The account-level daily quota: one in the region, on no model.
    let account = &assignment.account[REGION];
    assert_eq!(account.len(), 1);
    assert_eq!(account[0].kind, AccountQuotaKind::CrossModelTokensPerDay);
    assert_eq!(account[0].quota_code, "L-E3F10727");
    assert_eq!(account[0].default_value, Some(700_000_000.0));
    assert_eq!(account[0].value, Some(700_000_000.0));
    let counts = &assignment.totals;
    assert_eq!(
        (
            counts.quotas_seen,
            counts.model_quotas,
            counts.non_model_quotas,
            counts.assigned
        ),
        (17, 16, 1, 16)
    );
}

#[test]
fn a_mantle_quota_whose_model_is_not_listed_goes_to_no_neighbour() {
    // Without GPT-5.4 and Claude Opus 4.8 in the model list, their quotas stay unassigned; GPT-5.5
    // and Claude Opus 4.7 are not taken instead.
    let models: Vec<ModelRef> = late_2026_models()
        .into_iter()
        .filter(|m| m.key != "openai.gpt-5.4" && m.key != "anthropic.claude-opus-4-8")
        .collect();
    let (by_code, assignment) = joined(&models, &late_2026_quotas());
    for code in [
        "L-C593EA7C",
        "L-08036ECB",
        "L-8528F119",
        "L-37491D63",
        "L-DB99DCDB",
    ] {
        assert!(!by_code.contains_key(code), "{code} was assigned");
    }
    let unassigned: BTreeMap<&str, &UnassignedReason> = assignment
        .unassigned
        .iter()
        .map(|u| (u.quota_code.as_str(), &u.reason))
        .collect();
    assert_eq!(unassigned.len(), 6);
    assert_eq!(unassigned["L-C593EA7C"], &UnassignedReason::NoMatchingModel);
    assert_eq!(unassigned["L-8528F119"], &UnassignedReason::NoMatchingModel);
    assert_eq!(by_code["L-2555C05B"].0, "openai.gpt-5.5");
}

#[test]
fn the_user_guide_template_spellings_read_as_the_real_names() {
    let cases = [
        (
            "Bedrock Mantle input tokens per minute for GPT-5.4",
            Route::Mantle,
            Metric::InputTokensPerMinute,
        ),
        (
            "Bedrock Mantle output tokens per minute for GPT-5.4",
            Route::Mantle,
            Metric::OutputTokensPerMinute,
        ),
        (
            "On-demand InvokeModel tokens per minute for Anthropic Claude Opus 4.8",
            Route::OnDemand,
            Metric::TokensPerMinute,
        ),
        (
            "On-demand InvokeModel requests per minute for Anthropic Claude Opus 4.8",
            Route::OnDemand,
            Metric::RequestsPerMinute,
        ),
        (
            "Cross-Region InvokeModel tokens per minute for Anthropic Claude Opus 4.8",
            Route::CrossRegion,
            Metric::TokensPerMinute,
        ),
        (
            "Cross-region InvokeModel requests per minute for Anthropic Claude Opus 4.8",
            Route::CrossRegion,
            Metric::RequestsPerMinute,
        ),
    ];
    for (name, route, metric) in cases {
        let parsed = parse_quota_name(name);
        assert_eq!(parsed.subject, Subject::Model, "{name}");
        assert_eq!(
            (parsed.route, parsed.metric),
            (Some(route), Some(metric)),
            "{name}"
        );
        let model = parsed.model_name.unwrap();
        assert!(
            model == "GPT-5.4" || model == "Anthropic Claude Opus 4.8",
            "{name}: {model}"
        );
    }
    assert_eq!(
        parse_quota_name("cross-model max tokens per day").subject,
        Subject::Account(AccountQuotaKind::CrossModelTokensPerDay)
    );
    // A name of no known family stays unrecognised: never guessed into a join.
    assert_eq!(
        parse_quota_name("[bedrock-mantle endpoint] Cached input tokens per minute for GPT-5.4")
            .subject,
        Subject::Unrecognised
    );
}

/// A catalogue holding the assignment of the late-2026 quotas, as a run writes it.
pub(crate) fn late_2026_catalog() -> bedrock_collector::catalog::Catalog {
    let lists = BTreeMap::from([(REGION.to_string(), late_2026_quotas())]);
    let models = late_2026_models();
    let assignment = assign_quotas(&models, &lists, &lists);
    let mut providers = serde_json::Map::new();
    for m in &models {
        let entry = providers
            .entry(m.provider.clone())
            .or_insert_with(|| serde_json::json!({"models": {}}));
        entry["models"][&m.key] = serde_json::json!({
            "model_id": m.key, "model_name": m.name, "provider": m.provider,
            "regions_available": [REGION], "inference_types_supported": ["ON_DEMAND"],
            "mantle": {"model_id": m.key, "regions": [REGION],
                "base_url_template": "https://bedrock-mantle.{region}.api.aws/v1"},
            "model_service_quotas": assignment.models.get(&m.key).cloned().unwrap_or_default(),
        });
    }
    serde_json::from_value(serde_json::json!({
        "metadata": {
            "regions_requested": [REGION],
            "regions_ok": [REGION],
            "quota_value_sources": assignment.value_sources,
            "account_quotas": assignment.account,
        },
        "providers": providers,
    }))
    .unwrap()
}

#[test]
fn show_lists_the_mantle_quotas_and_the_account_daily_quota() {
    let out = bedrock_collector::show::show(&late_2026_catalog(), "openai.gpt-5.4", Some(REGION))
        .unwrap();
    let at = out.find("Quotas in us-east-1:").expect(&out);
    let lines: Vec<&str> = out[at..].lines().take(5).collect();
    assert_eq!(
        lines,
        [
            "Quotas in us-east-1:",
            "  route   metric                    applied  default  variant",
            "  mantle  input_tokens_per_minute         -        -",
            "  mantle  output_tokens_per_minute        -        -",
            "Account quota, over all models: Cross-Model Max Tokens Per Day (L-E3F10727): applied 700,000,000, default 700,000,000",
        ]
    );
}

#[test]
fn the_page_shows_the_account_daily_quota_beside_the_model_quotas() {
    let html = bedrock_collector::page::render(&late_2026_catalog(), None);
    let line = "<p class=\"account-quotas\">Account quotas over all models: Cross-Model Max Tokens Per Day <small>L-E3F10727</small> in us-east-1: 700,000,000.</p>";
    // On every card of a model with quotas in us-east-1: 7 of the 9 (the fixture has none for
    // Claude Opus 4.7 or Claude Fable 5).
    assert_eq!(html.matches(line).count(), 7);
}
