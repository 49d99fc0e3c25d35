//! Issue 29, case 8: an answer over its size cap fails its call with its size, whether it says its
//! length (refused unread) or not (refused once the bytes read pass the cap); a download the same.
//! The caps are set small through the config, so the test data stays small.

use serde_json::Value;

use super::regions_arg;
use crate::support::demo_data::demo_data;
use crate::support::fake_aws::{Api, FakeAws, Fault, Rule};
use crate::support::harness::{Outcome, Run, read_json, strings};

/// The AWS answer cap of these tests: the demo's largest page is about 5 KiB.
const CAP: &str = "[limits]\nmax_aws_answer_bytes = 16384";
/// Padding that takes a demo answer past [`CAP`].
const PADDING: usize = 40_000;

/// A run over the demo's regions with the small cap, `rules` served, `extra` flags.
async fn capped_run(fake: &FakeAws, run: &Run, rules: Vec<Rule>, extra: &[&str]) -> Outcome {
    for r in rules {
        fake.add_rule(r);
    }
    let regions = regions_arg();
    let mut args = vec!["--regions", regions.as_str()];
    args.extend_from_slice(extra);
    run.exec_async(Some(&fake.url()), &args).await
}

fn new_run() -> Run {
    let run = Run::new();
    run.append_config(CAP);
    run
}

/// The status of `api` in `region`, and its message.
fn status<'a>(m: &'a Value, region: &str, api: &str) -> (&'a str, &'a str) {
    let st = &m["region_status"][region][api];
    (
        st["status"].as_str().unwrap_or_default(),
        st["message"].as_str().unwrap_or_default(),
    )
}

/// How many requests of `api` went to `region`.
fn asked(fake: &FakeAws, api: Api, region: &str) -> usize {
    fake.requests_for(api)
        .into_iter()
        .filter(|r| r.region.as_deref() == Some(region))
        .count()
}

#[tokio::test]
async fn an_answer_whose_length_is_over_the_cap_is_refused_unread_with_its_size() {
    let fake = FakeAws::start(demo_data()).await;
    let run = new_run();
    let rule =
        Rule::always(Api::ListFoundationModels, Fault::Padded(PADDING)).in_region("us-west-2");
    let out = capped_run(&fake, &run, vec![rule], &[]).await;
    assert_eq!(out.code, 3, "{}", out.stderr);
    let m = &run.catalog()["metadata"];
    assert_eq!(m["run_status"], "partial");
    assert_eq!(strings(&m["regions_failed"]), ["us-west-2"]);
    let (st, message) = status(m, "us-west-2", "list_foundation_models");
    assert_eq!(st, "error", "{message}");
    let expected_end = "bytes, more than the 16 KiB one AWS answer may have \
                        (limits.max_aws_answer_bytes); refused unread";
    assert!(message.ends_with(expected_end), "{message}");
    let size: usize = message
        .split("the answer is ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no size in {message}"));
    // The padding and the real page (a few KiB) under it.
    assert!((PADDING..PADDING + 16384).contains(&size), "{size}");
    // Refused, not retried; the other regions answered under the cap.
    assert_eq!(asked(&fake, Api::ListFoundationModels, "us-west-2"), 1);
    assert_eq!(status(m, "us-east-1", "list_foundation_models").0, "ok");
    assert_eq!(status(m, "eu-west-1", "list_foundation_models").0, "ok");
}

#[tokio::test]
async fn an_answer_without_a_length_is_refused_once_it_passes_the_cap() {
    let fake = FakeAws::start(demo_data()).await;
    let run = new_run();
    let rules = vec![
        Rule::always(Api::ListFoundationModels, Fault::PaddedChunked(PADDING))
            .in_region("us-west-2"),
        // Service Quotas (awsJson1_1, a paginated call) the same way.
        Rule::always(Api::ListServiceQuotas, Fault::PaddedChunked(PADDING)).in_region("eu-west-1"),
    ];
    let out = capped_run(&fake, &run, rules, &[]).await;
    assert_eq!(out.code, 3, "{}", out.stderr);
    let m = &run.catalog()["metadata"];
    assert_eq!(m["run_status"], "partial");
    assert_eq!(strings(&m["regions_failed"]), ["eu-west-1", "us-west-2"]);
    let said = "the answer, sent without a Content-Length, ran past 16 KiB, more than one AWS \
                answer may have (limits.max_aws_answer_bytes); refused after reading that much";
    for (region, api) in [
        ("us-west-2", "list_foundation_models"),
        ("eu-west-1", "list_service_quotas"),
    ] {
        let (st, message) = status(m, region, api);
        assert_eq!(st, "error", "{region} {api}: {message}");
        assert!(message.ends_with(said), "{region} {api}: {message}");
    }
    // Not retried by the SDK (the same answer would come again), nor by a later pass.
    assert_eq!(asked(&fake, Api::ListFoundationModels, "us-west-2"), 1);
    assert_eq!(asked(&fake, Api::ListServiceQuotas, "eu-west-1"), 1);
    // The rest of those regions answered.
    assert_eq!(status(m, "us-west-2", "list_service_quotas").0, "ok");
    assert_eq!(status(m, "eu-west-1", "list_foundation_models").0, "ok");
}

/// The capped body passes an answer under the cap through whole: every region's model, profile and
/// quota lists come chunked, a few KiB over their real size, and the models are the same as
/// without.
#[tokio::test]
async fn answers_without_a_length_under_the_cap_are_read_whole() {
    let fake = FakeAws::start(demo_data()).await;
    let run = new_run();
    let out = capped_run(&fake, &run, vec![], &[]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let plain = run.catalog();
    let chunked_run = new_run();
    // The regions the demo has data for (eu-central-2 stays not opted in).
    let mut rules = Vec::new();
    for region in ["eu-west-1", "us-east-1", "us-west-2"] {
        for api in [
            Api::ListFoundationModels,
            Api::ListInferenceProfiles,
            Api::ListServiceQuotas,
        ] {
            rules.push(Rule::always(api, Fault::PaddedChunked(4_000)).in_region(region));
        }
    }
    let out = capped_run(&fake, &chunked_run, rules, &[]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let chunked = chunked_run.catalog();
    assert_eq!(chunked["metadata"]["total_models"], 7);
    assert_eq!(chunked["metadata"]["regions_failed"], serde_json::json!([]));
    assert_eq!(
        without_discovery_times(chunked["providers"].clone()),
        without_discovery_times(plain["providers"].clone())
    );
}

/// `v` without the `first_discovered_at` times (two runs a second apart differ there).
fn without_discovery_times(mut v: Value) -> Value {
    match &mut v {
        Value::Object(map) => {
            map.remove("first_discovered_at");
            for value in map.values_mut() {
                *value = without_discovery_times(value.take());
            }
        }
        Value::Array(items) => {
            for item in items.iter_mut() {
                *item = without_discovery_times(item.take());
            }
        }
        _ => {}
    }
    v
}

/// After a good run, a run whose model list in one region is over the cap (published anyway with
/// `--allow-degraded`) removes nothing: that region's models are unknown this time, not gone.
#[tokio::test]
async fn an_answer_over_the_cap_publishes_no_removals() {
    let fake = FakeAws::start(demo_data()).await;
    let run = new_run();
    let out = capped_run(&fake, &run, vec![], &[]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let rule = Rule::always(Api::ListFoundationModels, Fault::PaddedChunked(PADDING))
        .in_region("us-west-2");
    let out = capped_run(&fake, &run, vec![rule], &["--allow-degraded"]).await;
    assert_eq!(out.code, 3, "{}", out.stderr);
    let m = &run.catalog()["metadata"];
    assert_eq!(status(m, "us-west-2", "list_foundation_models").0, "error");
    let changes = read_json(&run.path().join("data/changes.json"));
    assert!(
        strings(&changes["not_compared"]).contains(&"models in us-west-2".to_string()),
        "{}",
        changes["not_compared"]
    );
    let removed = super::removals(&changes);
    assert!(removed.is_empty(), "{removed:?}");
}

const LITELLM_PATH: &str = "/litellm/model_prices_and_context_window.json";

/// The demo's LiteLLM file (7,212 bytes) under a 4 KiB cap: refused with its size, unread and
/// not retried, and the run goes on without it.
#[tokio::test]
async fn a_download_over_its_cap_fails_with_its_size() {
    let fake = FakeAws::start(demo_data()).await;
    let bytes =
        std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/litellm.json"))
            .unwrap();
    fake.serve_file(LITELLM_PATH, bytes.clone());
    let run = Run::new();
    run.append_config("[limits]\nmax_file_bytes = 4096");
    let url = format!("{}{LITELLM_PATH}", fake.url());
    let out = capped_run(&fake, &run, vec![], &["--litellm-url", &url]).await;
    assert_eq!(out.code, 3, "{}", out.stderr);
    let m = &run.catalog()["metadata"];
    let litellm = &m["sources"]["litellm"];
    assert_eq!(litellm["status"], "error", "{litellm}");
    assert_eq!(
        litellm["message"],
        format!(
            "GET {url} returned {} bytes, more than the 4 KiB one file may have \
             (limits.max_file_bytes); refused",
            bytes.len()
        )
    );
    assert_eq!(fake.requests_for(Api::File).len(), 1);
    assert_eq!(m["regions_failed"], serde_json::json!([]));
    assert_eq!(m["total_models"], 7);
}

/// Mantle's answers (its own HTTP client, not the SDK's) have the same cap as every AWS answer.
#[tokio::test]
async fn a_mantle_answer_over_the_cap_fails_with_its_size() {
    let fake = FakeAws::start(demo_data()).await;
    let run = new_run();
    let rule =
        Rule::always(Api::MantleModels, Fault::PaddedChunked(PADDING)).in_region("us-west-2");
    let url = crate::support::harness::mantle_url(&fake.url());
    let out = capped_run(&fake, &run, vec![rule], &["--mantle-url", &url]).await;
    assert_eq!(out.code, 3, "{}", out.stderr);
    let m = &run.catalog()["metadata"];
    let (st, message) = status(m, "us-west-2", "mantle_models");
    assert_eq!(st, "error", "{message}");
    assert!(
        message.contains(
            " (sent without a Content-Length), more than the 16 KiB one AWS answer \
                          may have (limits.max_aws_answer_bytes); refused"
        ),
        "{message}"
    );
    assert_eq!(asked(&fake, Api::MantleModels, "us-west-2"), 1);
    assert_eq!(status(m, "us-east-1", "mantle_models").0, "ok");
}
