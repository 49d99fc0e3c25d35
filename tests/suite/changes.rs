//! The change log and the guard against degraded runs, on consecutive runs of the real binary over
//! real fixtures of different dates.

use crate::support::fake_aws;
use crate::support::harness;

use std::collections::BTreeMap;

use bedrock_collector::records::{FoundationModelSummary, FoundationModelsPage};
use fake_aws::{Api, FakeAws, FakeData, Fault, RegionData, Rule, fixtures_dir};
use harness::{Run, read_json};
use serde_json::Value;

/// A real us-east-1 ListFoundationModels response as the only region of the fake.
fn us_east_1(file: &str) -> FakeData {
    let path = fixtures_dir().join("list-foundation-models").join(file);
    let page: FoundationModelsPage = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let region = RegionData {
        foundation_models: page.model_summaries,
        ..Default::default()
    };
    FakeData {
        regions: BTreeMap::from([("us-east-1".to_string(), region)]),
    }
}

fn events(run: &Run, kind: &str) -> Vec<Value> {
    let changes = read_json(&run.path().join("data/changes.json"));
    changes["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == kind)
        .cloned()
        .collect()
}

fn models_of(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .map(|e| e["model"].as_str().unwrap().to_string())
        .collect()
}

async fn run_on(run: &Run, data: FakeData, args: &[&str]) -> harness::Outcome {
    let fake = FakeAws::start(data).await;
    let mut all = vec!["--regions", "us-east-1"];
    all.extend_from_slice(args);
    run.exec_async(Some(&fake.url()), &all).await
}

#[tokio::test]
async fn consecutive_us_east_1_lists_give_the_exact_events() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let run = Run::new();
    // 2025-11-04: a first run has nothing to compare with.
    let out = run_on(
        &run,
        us_east_1("tudoumono-MAGISystem2_us-east-1_2025-11-04.json"),
        &[],
    )
    .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let changes = read_json(&run.path().join("data/changes.json"));
    assert_eq!(
        changes["note"],
        "first run: there was no previous catalogue to compare with"
    );
    assert_eq!(changes["events"], serde_json::json!([]));
    let first_seen = |run: &Run| {
        harness::model(&run.catalog(), "anthropic.claude-3-haiku-20240307-v1")["collection_metadata"]
            ["first_discovered_at"]
            .clone()
    };
    let haiku_first_seen = first_seen(&run);
    assert!(
        haiku_first_seen.as_str().unwrap().ends_with(" UTC"),
        "{haiku_first_seen}"
    );

    // 2026-01-01.
    let out = run_on(
        &run,
        us_east_1("abental-bedrock-chatbot_us-east-1_2026-01-01.json"),
        &[],
    )
    .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(models_of(&events(&run, "model-added")).len(), 24);
    assert!(
        models_of(&events(&run, "model-added"))
            .contains(&"anthropic.claude-opus-4-5-20251101-v1".to_string())
    );
    assert_eq!(
        models_of(&events(&run, "model-removed")),
        [
            "amazon.titan-image-generator-v1",
            "amazon.titan-text-lite-v1"
        ]
    );
    let lifecycle: Vec<(String, Value, Value)> = events(&run, "lifecycle-changed")
        .into_iter()
        .filter(|e| e.get("region").is_none())
        .map(|e| {
            (
                e["model"].as_str().unwrap().to_string(),
                e["old"].clone(),
                e["new"].clone(),
            )
        })
        .collect();
    assert_eq!(
        lifecycle,
        [
            (
                "amazon.titan-text-express-v1".to_string(),
                "ACTIVE".into(),
                "LEGACY".into()
            ),
            (
                "anthropic.claude-3-7-sonnet-20250219-v1".to_string(),
                "ACTIVE".into(),
                "LEGACY".into()
            ),
            (
                "anthropic.claude-opus-4-20250514-v1".to_string(),
                "ACTIVE".into(),
                "LEGACY".into()
            ),
        ]
    );

    // 2026-06-22, with --fail-on: the CI gate fires after everything is written.
    let out = run_on(
        &run,
        us_east_1("dineshrajdhanapathyDD-TurfArena_us-east-1_2026-06-22.json"),
        &[
            "--fail-on",
            "model-removed",
            "--summary-markdown",
            "summary.md",
        ],
    )
    .await;
    assert_eq!(out.code, 4, "{}", out.stderr);
    assert_eq!(
        models_of(&events(&run, "model-removed")),
        [
            "amazon.titan-text-express-v1",
            "amazon.titan-tg1-large",
            "anthropic.claude-3-5-haiku-20241022-v1",
            "anthropic.claude-3-5-sonnet-20240620-v1",
            "anthropic.claude-3-5-sonnet-20241022-v2",
            "anthropic.claude-3-7-sonnet-20250219-v1",
            "anthropic.claude-3-opus-20240229-v1",
            "anthropic.claude-instant-v1",
            "anthropic.claude-opus-4-20250514-v1",
            "anthropic.claude-v2",
        ]
    );
    assert_eq!(models_of(&events(&run, "model-added")).len(), 16);
    let legacy = events(&run, "lifecycle-changed")
        .into_iter()
        .filter(|e| e.get("region").is_none() && e["new"] == "LEGACY")
        .count();
    assert_eq!(legacy, 16);
    assert_eq!(run.catalog()["metadata"]["total_models"], 104);
    // Carried over from the first run.
    assert_eq!(first_seen(&run), haiku_first_seen);
    let md = std::fs::read_to_string(run.path().join("summary.md")).unwrap();
    assert!(md.contains("**model-removed** (10)"), "{md}");
    assert!(
        md.contains("- `model-removed: anthropic.claude-v2: Claude -> none`"),
        "{md}"
    );
}

#[tokio::test]
async fn a_degraded_run_keeps_the_previous_catalogue() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let run = Run::new();
    let newest = "dineshrajdhanapathyDD-TurfArena_us-east-1_2026-06-22.json";
    let out = run_on(&run, us_east_1(newest), &[]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let good = std::fs::read(run.output_path()).unwrap();

    // No region lists its models at all: nothing to publish, exit 1, nothing touched.
    let fake = FakeAws::start(us_east_1(newest)).await;
    fake.add_rule(Rule::always(
        Api::ListFoundationModels,
        Fault::ServerError(500),
    ));
    let out = run
        .exec_async(Some(&fake.url()), &["--regions", "us-east-1"])
        .await;
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(std::fs::read(run.output_path()).unwrap(), good);

    // The model count falls by more than 10%: degraded, kept, written beside it.
    let older = us_east_1("naveenholla-Campaign-app_us-east-1_2025-03-04.json");
    let out = run_on(&run, older.clone(), &[]).await;
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert_eq!(
        std::fs::read(run.output_path()).unwrap(),
        good,
        "the previous catalogue is byte-identical"
    );
    let partial = read_json(&run.path().join("data/bedrock_models.json.partial"));
    let reasons = partial["metadata"]["degraded_reasons"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert!(
        reasons[0]
            .as_str()
            .unwrap()
            .starts_with("the model count fell from 104 to"),
        "{reasons:?}"
    );
    assert!(
        out.stderr.contains("the run is degraded, so"),
        "{}",
        out.stderr
    );

    // --allow-degraded publishes it; the exit code still says partial.
    let out = run_on(&run, older, &["--allow-degraded"]).await;
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert_ne!(std::fs::read(run.output_path()).unwrap(), good);
    assert!(!run.path().join("data/bedrock_models.json.partial").exists());
}

#[tokio::test]
async fn a_region_that_answered_last_time_and_fails_now_degrades_the_run() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let newest = "dineshrajdhanapathyDD-TurfArena_us-east-1_2026-06-22.json";
    let mut data = us_east_1(newest);
    let west = data.regions["us-east-1"].clone();
    data.regions.insert("us-west-2".to_string(), west);
    let run = Run::new();
    let fake = FakeAws::start(data.clone()).await;
    let args = ["--regions", "us-east-1,us-west-2"];
    let out = run.exec_async(Some(&fake.url()), &args).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let good = std::fs::read(run.output_path()).unwrap();

    fake.add_rule(Rule::always(Api::ListInferenceProfiles, Fault::Throttle).in_region("us-west-2"));
    let out = run.exec_async(Some(&fake.url()), &args).await;
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert_eq!(std::fs::read(run.output_path()).unwrap(), good);
    let partial = read_json(&run.path().join("data/bedrock_models.json.partial"));
    assert_eq!(
        partial["metadata"]["degraded_reasons"],
        serde_json::json!([
            "list_inference_profiles in us-west-2 was ok in the previous run and is now throttled"
        ])
    );
}

#[tokio::test]
async fn required_regions_and_failed_sources_degrade_a_run() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let run = Run::new();
    let newest = "dineshrajdhanapathyDD-TurfArena_us-east-1_2026-06-22.json";
    let out = run_on(&run, us_east_1(newest), &[]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let good = std::fs::read(run.output_path()).unwrap();

    // LiteLLM was ok last time and is missing now.
    let out = run_on(
        &run,
        us_east_1(newest),
        &["--litellm-file", "/nonexistent/litellm.json"],
    )
    .await;
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert_eq!(std::fs::read(run.output_path()).unwrap(), good);
    let partial = read_json(&run.path().join("data/bedrock_models.json.partial"));
    assert_eq!(
        partial["metadata"]["degraded_reasons"],
        serde_json::json!(["source litellm was ok in the previous run and is now error"])
    );

    // A required (opt-in) region that is not opted in degrades even a first run.
    let fresh = Run::new();
    let fake = FakeAws::start(us_east_1(newest)).await;
    let out = fresh
        .exec_async(
            Some(&fake.url()),
            &[
                "--regions",
                "us-east-1,eu-south-1",
                "--require-regions",
                "eu-south-1",
            ],
        )
        .await;
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(!fresh.output_path().exists());
    let partial = read_json(&fresh.path().join("data/bedrock_models.json.partial"));
    assert_eq!(
        partial["metadata"]["degraded_reasons"][0],
        "required region eu-south-1 did not answer (list_foundation_models not_opted_in, list_inference_profiles not_opted_in, list_service_quotas not_opted_in, list_aws_default_service_quotas not_opted_in)"
    );
}

#[test]
fn unknown_fail_on_kinds_are_usage_errors() {
    let run = Run::new();
    let out = run.exec(None, &["--fail-on", "model-gone"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.starts_with(
            "error: `model-gone` is not a change kind; expected some of: model-added, model-removed"
        ),
        "{}",
        out.stderr
    );
}

/// The all-region aggregate of 2025-11-25 (model id -> regions and inference types per region),
/// turned back into per-region ListFoundationModels answers with the names and modalities of the
/// us-east-1 list of the same month.
fn aggregate_2025_11(regions: &[&str]) -> FakeData {
    let dir = fixtures_dir();
    let agg: serde_json::Map<String, Value> = serde_json::from_slice(
        &std::fs::read(dir.join(
            "multi-region/mirai73-bedrock-models_git-6f575a3_2025-11-25_bedrock_models.json",
        ))
        .unwrap(),
    )
    .unwrap();
    let page: FoundationModelsPage = serde_json::from_slice(
        &std::fs::read(
            dir.join("list-foundation-models/tudoumono-MAGISystem2_us-east-1_2025-11-04.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let by_id: BTreeMap<&str, &FoundationModelSummary> = page
        .model_summaries
        .iter()
        .map(|m| (m.model_id.as_str(), m))
        .collect();
    let mut data = FakeData::default();
    for region in regions {
        let mut r = RegionData::default();
        for (id, entry) in &agg {
            let (Some(base), Some(types)) = (
                by_id.get(id.as_str()),
                entry["inference_types"].get(*region),
            ) else {
                continue;
            };
            let mut m = (*base).clone();
            m.model_arn = m.model_arn.replace("us-east-1", region);
            m.inference_types_supported = types
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap().to_string())
                .collect();
            r.foundation_models.push(m);
        }
        data.regions.insert(region.to_string(), r);
    }
    data
}

#[tokio::test]
async fn regions_added_between_the_2025_aggregate_and_the_2026_docs_table() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let regions = ["ap-northeast-1", "eu-west-1", "us-east-1", "us-west-2"];
    let args = [
        "--regions",
        "ap-northeast-1,eu-west-1,us-east-1,us-west-2",
        "--max-model-drop-percent",
        "100",
    ];
    let run = Run::new();
    let fake = FakeAws::start(aggregate_2025_11(&regions)).await;
    let out = run.exec_async(Some(&fake.url()), &args).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let fake = FakeAws::start(FakeData::from_fixtures(&fixtures_dir(), &regions).unwrap()).await;
    let out = run.exec_async(Some(&fake.url()), &args).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let added: Vec<(String, String)> = events(&run, "region-added")
        .iter()
        .map(|e| {
            (
                e["model"].as_str().unwrap().to_string(),
                e["region"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // The aggregate lists Pegasus 1.2 in ap-northeast-2, eu-central-1, eu-west-1 and the US regions;
    // the AWS docs table of 2026-08 adds ap-northeast-1.
    assert_eq!(
        added,
        [(
            "twelvelabs.pegasus-1-2-v1".to_string(),
            "ap-northeast-1".to_string()
        )]
    );
}

/// `changes.json` reads back into the one type the run writes it with, and that type writes the
/// same bytes again: the writer and the readers (`page`) agree on every field. On the demo replay,
/// first alone, then against the same catalogue with Nova Pro taken out.
#[test]
fn the_change_log_reads_back_as_written() {
    use bedrock_collector::phases::change_log::{ChangeLog, FIRST_RUN};
    use bedrock_collector::phases::changes::ChangeKind;

    let run = Run::new();
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/snapshot");
    let replay = ["--replay", demo.to_str().unwrap()];
    let read_back = |run: &Run| -> ChangeLog {
        let bytes = std::fs::read(run.path().join("data/changes.json")).unwrap();
        let log: ChangeLog = serde_json::from_slice(&bytes).unwrap();
        assert!(
            bedrock_collector::output::to_json(&log) == bytes,
            "changes.json changed on a read and write"
        );
        log
    };
    let out = run.exec(None, &replay);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let first = read_back(&run);
    assert_eq!(first.note.as_deref(), Some(FIRST_RUN));
    assert_eq!((first.previous, first.events.len()), (None, 0));

    let mut previous = run.catalog();
    previous["providers"]["Amazon"]["models"]
        .as_object_mut()
        .unwrap()
        .remove("amazon.nova-pro-v1")
        .expect("the demo has Nova Pro");
    std::fs::write(
        run.output_path(),
        serde_json::to_vec_pretty(&previous).unwrap(),
    )
    .unwrap();
    let out = run.exec(None, &replay);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let log = read_back(&run);
    assert_eq!((log.schema_version, log.note), (1, None));
    let was = log.previous.expect("the previous catalogue is named");
    assert!(
        was.path.ends_with("data/bedrock_models.json"),
        "{}",
        was.path
    );
    assert_eq!(
        was.collection_timestamp.as_deref(),
        previous["metadata"]["collection_timestamp"].as_str()
    );
    let events: Vec<(ChangeKind, &str)> = log
        .events
        .iter()
        .map(|e| (e.kind, e.model.as_str()))
        .collect();
    assert_eq!(events, [(ChangeKind::ModelAdded, "amazon.nova-pro-v1")]);
    assert_eq!(log.counts, BTreeMap::from([("model-added".to_string(), 1)]));
}
