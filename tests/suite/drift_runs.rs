//! AWS moving under consecutive runs of the real binary: the February-2026 quota names, then the
//! late-2026 ones (`tests/fixtures/late-2026`), then the same again; and a profile that loses a
//! source region while its id stays. Real model and profile lists from `../shared/fixtures`.

use crate::quota_drift::late_2026_quotas;
use crate::support::fake_aws;
use crate::support::harness;

use std::collections::BTreeMap;

use bedrock_collector::records::{
    FoundationModelSummary, FoundationModelsPage, InferenceProfileSummary, InferenceProfilesPage,
    QuotasPage, ServiceQuota,
};
use fake_aws::{FakeAws, FakeData, RegionData, fixtures_dir};
use harness::{Run, read_json};
use serde_json::Value;

const MODELS_2026_06_22: &str =
    "list-foundation-models/dineshrajdhanapathyDD-TurfArena_us-east-1_2026-06-22.json";
const QUOTAS_2026_02_24: &str =
    "service-quotas/yeshwanthlm-AWS-Community-Day-Ahmedabad-2026_us-east-1_2026-02-24.json";
/// A quota name of a family AWS has never used, invented for this test.
const INVENTED: &str = "[bedrock-mantle endpoint] Reasoning tokens per minute for Claude Opus 4.8";
const DAILY: &str = "Model invocation max tokens per day for ";

fn read(relative: &str) -> Vec<u8> {
    std::fs::read(fixtures_dir().join(relative)).unwrap()
}

fn models() -> Vec<FoundationModelSummary> {
    serde_json::from_slice::<FoundationModelsPage>(&read(MODELS_2026_06_22))
        .unwrap()
        .model_summaries
}

fn february_quotas() -> Vec<ServiceQuota> {
    serde_json::from_slice::<QuotasPage>(&read(QUOTAS_2026_02_24))
        .unwrap()
        .quotas
}

/// February's names without the per-model daily quotas (replaced on 2026-09-21), with the late
/// 2026 ones, and `extra`.
fn late_quotas(extra: &[ServiceQuota]) -> Vec<ServiceQuota> {
    let mut quotas: Vec<ServiceQuota> = february_quotas()
        .into_iter()
        .filter(|q| !q.quota_name.starts_with(DAILY))
        .collect();
    quotas.extend(late_2026_quotas());
    quotas.extend_from_slice(extra);
    quotas
}

fn one_region(quotas: Vec<ServiceQuota>) -> FakeData {
    let region = RegionData {
        foundation_models: models(),
        service_quotas: quotas.clone(),
        default_quotas: quotas,
        ..Default::default()
    };
    FakeData {
        regions: BTreeMap::from([("us-east-1".to_string(), region)]),
    }
}

async fn run_on(run: &Run, data: FakeData, regions: &str, args: &[&str]) -> harness::Outcome {
    let fake = FakeAws::start(data).await;
    let mut all = vec!["--regions", regions];
    all.extend_from_slice(args);
    run.exec_async(Some(&fake.url()), &all).await
}

fn events(run: &Run) -> Vec<Value> {
    read_json(&run.path().join("data/changes.json"))["events"]
        .as_array()
        .unwrap()
        .clone()
}

fn of_kind<'a>(events: &'a [Value], kind: &str) -> Vec<&'a Value> {
    events.iter().filter(|e| e["kind"] == kind).collect()
}

/// (model, route, metric, variant) of every quota the catalogue assigned in us-east-1 whose name
/// is a per-model daily quota.
fn daily_slots(catalog: &Value) -> Vec<(String, String, String, String)> {
    let mut out = Vec::new();
    for provider in catalog["providers"].as_object().unwrap().values() {
        for (key, model) in provider["models"].as_object().unwrap() {
            let quotas = model["model_service_quotas"]["us-east-1"].as_array();
            for q in quotas.into_iter().flatten() {
                if q["quota_name"].as_str().unwrap().starts_with(DAILY) {
                    let s = |f: &str| q[f].as_str().unwrap_or_default().to_string();
                    out.push((key.clone(), s("route"), s("metric"), s("model_variant")));
                }
            }
        }
    }
    out.sort();
    out
}

#[tokio::test]
async fn february_then_late_2026_quotas_give_the_exact_quota_and_unknown_events() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let run = Run::new();
    let out = run_on(&run, one_region(february_quotas()), "us-east-1", &[]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let february = run.catalog();
    assert_eq!(february["metadata"]["unknowns"], serde_json::json!([]));
    let daily = daily_slots(&february);
    assert_eq!(daily.len(), 46, "{daily:?}");

    let invented = ServiceQuota {
        quota_code: "L-00000001".to_string(),
        quota_name: INVENTED.to_string(),
        value: Some(1000.0),
        ..Default::default()
    };
    let late = || one_region(late_quotas(std::slice::from_ref(&invented)));
    let out = run_on(
        &run,
        late(),
        "us-east-1",
        &["--fail-on", "unknown-appeared"],
    )
    .await;
    assert_eq!(out.code, 4, "{}", out.stderr);
    let all = events(&run);

    // Every per-model daily quota went, each as one event on its model, route and metric.
    let removed: Vec<(String, String, String, String)> = of_kind(&all, "quota-removed")
        .iter()
        .map(|e| {
            let s = |f: &str| e[f].as_str().unwrap_or_default().to_string();
            (s("model"), s("route"), s("dimension"), s("field"))
        })
        .collect();
    let mut removed_sorted = removed.clone();
    removed_sorted.sort();
    assert_eq!(removed_sorted, daily);

    // Claude Opus 4.8 (listed in June 2026) gained its Mantle and cross-region quotas; the account
    // its Cross-Model daily quota. The GPT models are in no model list: nothing of theirs.
    let added: Vec<String> = of_kind(&all, "quota-added")
        .iter()
        .map(|e| {
            format!(
                "{} {} {} {} {}",
                e["model"].as_str().unwrap(),
                e["route"].as_str().unwrap_or("-"),
                e["dimension"].as_str().unwrap(),
                e["quota_code"].as_str().unwrap(),
                e["new"]
            )
        })
        .collect();
    assert_eq!(
        added,
        [
            " - cross_model_tokens_per_day L-E3F10727 700000000.0",
            "anthropic.claude-opus-4-8 cross_region tokens_per_minute L-DB99DCDB null",
            "anthropic.claude-opus-4-8 global_cross_region tokens_per_minute L-4FCE27C7 null",
            "anthropic.claude-opus-4-8 mantle input_tokens_per_minute L-8528F119 20000000.0",
            "anthropic.claude-opus-4-8 mantle output_tokens_per_minute L-37491D63 2000000.0",
        ]
    );

    // The invented family: in the metadata, the summary and the change log, once.
    let late_catalog = run.catalog();
    assert_eq!(
        late_catalog["metadata"]["unknowns"],
        serde_json::json!([{
            "source": "quotas", "kind": "quota_name_family", "count": 1,
            "families": ["[bedrock-mantle endpoint] Reasoning tokens per minute for …"],
            "examples": [INVENTED],
        }])
    );
    let line = out.stderr.lines().find(|l| l.contains("unknown in quotas"));
    assert_eq!(
        line.map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")),
        Some(format!(
            "unknown in quotas 1 name of no known family, e.g. {INVENTED}"
        )),
        "{}",
        out.stderr
    );
    let appeared = of_kind(&all, "unknown-appeared");
    assert_eq!(appeared.len(), 1, "{all:?}");
    assert_eq!(appeared[0]["dimension"], "quotas");
    assert_eq!(appeared[0]["field"], "quota_name_family");
    assert_eq!(
        appeared[0]["new"],
        "[bedrock-mantle endpoint] Reasoning tokens per minute for …"
    );
    assert_eq!(
        all.len(),
        removed.len() + added.len() + 1,
        "no other event: {all:?}"
    );

    // The same world again: nothing appears, nothing comes or goes.
    let out = run_on(
        &run,
        late(),
        "us-east-1",
        &["--fail-on", "unknown-appeared"],
    )
    .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(events(&run), Vec::<Value>::new());
    assert!(out.stderr.contains("unknown in quotas"), "{}", out.stderr);
}

fn profiles(relative: &str) -> Vec<InferenceProfileSummary> {
    serde_json::from_slice::<InferenceProfilesPage>(&read(relative))
        .unwrap()
        .inference_profile_summaries
}

#[tokio::test]
async fn a_profile_that_loses_one_source_region_is_one_event() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let east =
        profiles("list-inference-profiles/abental-bedrock-chatbot_us-east-1_2026-01-01.json");
    let west = profiles("list-inference-profiles/grotter-bedrockproxy_us-west-2_2026-02-25.json");
    let data = |west: Vec<InferenceProfileSummary>| FakeData {
        regions: BTreeMap::from([
            (
                "us-east-1".to_string(),
                RegionData {
                    foundation_models: models(),
                    inference_profiles: east.clone(),
                    ..Default::default()
                },
            ),
            (
                "us-west-2".to_string(),
                RegionData {
                    foundation_models: models(),
                    inference_profiles: west,
                    ..Default::default()
                },
            ),
        ]),
    };
    let gone = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
    assert!(east.iter().any(|p| p.inference_profile_id == gone));
    let run = Run::new();
    let regions = "us-east-1,us-west-2";
    let out = run_on(&run, data(west.clone()), regions, &[]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Each (profile, source region) carries the dates that region's list gives.
    let catalog = run.catalog();
    let entries = harness::model(&catalog, "anthropic.claude-sonnet-4-5-20250929-v1")
        ["cross_region_inference"]["profiles"]
        .as_array()
        .unwrap()
        .clone();
    let dates: Vec<(String, String, String)> = entries
        .iter()
        .filter(|p| p["profile_id"] == gone)
        .map(|p| {
            let s = |f: &str| p[f].as_str().unwrap_or("-").to_string();
            (s("source_region"), s("created_at"), s("updated_at"))
        })
        .collect();
    assert_eq!(
        dates,
        [
            (
                "us-east-1".to_string(),
                "2025-09-25T23:29:14.945039Z".to_string(),
                "2025-12-17T01:33:11.863895Z".to_string()
            ),
            (
                "us-west-2".to_string(),
                "2025-09-27T07:01:53.787569Z".to_string(),
                "2026-02-17T19:52:04.828081Z".to_string()
            ),
        ]
    );
    let fewer: Vec<InferenceProfileSummary> = west
        .iter()
        .filter(|p| p.inference_profile_id != gone)
        .cloned()
        .collect();
    assert_eq!(fewer.len(), west.len() - 1);
    let out = run_on(&run, data(fewer), regions, &[]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let all = events(&run);
    let lines: Vec<String> = all
        .iter()
        .map(|e| {
            format!(
                "{} {} {} {}",
                e["kind"].as_str().unwrap(),
                e["model"].as_str().unwrap(),
                e["region"].as_str().unwrap_or("-"),
                e["profile"].as_str().unwrap_or("-")
            )
        })
        .collect();
    assert_eq!(
        lines,
        [format!(
            "profile-removed anthropic.claude-sonnet-4-5-20250929-v1 us-west-2 {gone}"
        )]
    );
    // Back again: the same profile is callable from us-west-2 once more.
    let out = run_on(&run, data(west), regions, &[]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let kinds: Vec<String> = events(&run)
        .iter()
        .map(|e| {
            format!(
                "{} {}",
                e["kind"].as_str().unwrap(),
                e["region"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(kinds, ["profile-added us-west-2"]);
}
