//! Issue 29, case 10: an absurd number from a source is dropped with its reason, never published.

use super::regions_arg;
use crate::support::demo_data::demo_data;
use crate::support::fake_aws::FakeAws;
use crate::support::harness::Run;

const ABSURD: u64 = 1 << 63;

#[tokio::test]
async fn an_absurd_token_limit_from_litellm_is_dropped_with_its_reason() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/litellm.json");
    let mut db: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    // The first Bedrock entry with an output limit gets 2^63.
    let key = db
        .as_object()
        .unwrap()
        .iter()
        .find(|(_, e)| {
            e["litellm_provider"]
                .as_str()
                .is_some_and(|p| p.starts_with("bedrock"))
                && e["max_output_tokens"].as_u64().is_some()
        })
        .map(|(k, _)| k.clone())
        .expect("a Bedrock entry with max_output_tokens");
    db[&key]["max_output_tokens"] = ABSURD.into();
    let run = Run::new();
    std::fs::write(run.path().join("litellm.json"), db.to_string()).unwrap();
    let fake = FakeAws::start(demo_data()).await;
    let regions = regions_arg();
    let out = run
        .exec_async(
            Some(&fake.url()),
            &["--regions", &regions, "--litellm-file", "litellm.json"],
        )
        .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Not in the body; the metadata records it among the rejected values.
    let body = run.catalog()["providers"].to_string();
    assert!(!body.contains(&ABSURD.to_string()), "2^63 was published");
    assert!(
        out.stderr.contains(&format!(
            "LiteLLM's database: {key}.max_output_tokens = {ABSURD}: more than 100000000 tokens, dropped"
        )),
        "{}",
        out.stderr
    );
}

/// The Haiku quota `code` of us-east-1 as the catalogue lists it under its model.
fn haiku_quota<'a>(c: &'a serde_json::Value, code: &str) -> &'a serde_json::Value {
    c["providers"]["Anthropic"]["models"]["anthropic.claude-3-haiku-20240307-v1"]
        ["model_service_quotas"]["us-east-1"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["quota_code"] == code)
        .unwrap_or_else(|| panic!("{code} under Haiku in us-east-1"))
}

#[tokio::test]
async fn quota_values_out_of_range_are_dropped_and_recorded_with_litellm_s() {
    let mut data = demo_data();
    let east = data.regions.get_mut("us-east-1").unwrap();
    // An applied value below zero (the default stays), and a default beyond 1e15.
    let applied = east
        .service_quotas
        .iter_mut()
        .find(|q| q.quota_code == "L-DEMO0001")
        .unwrap();
    applied.value = Some(-5.0);
    let default = east
        .default_quotas
        .iter_mut()
        .find(|q| q.quota_code == "L-DEMO0002")
        .unwrap();
    default.value = Some(1e16);
    let applied_0002 = east
        .service_quotas
        .iter()
        .find(|q| q.quota_code == "L-DEMO0002")
        .unwrap()
        .value;
    let default_0001 = east
        .default_quotas
        .iter()
        .find(|q| q.quota_code == "L-DEMO0001")
        .unwrap()
        .value;
    let fake = FakeAws::start(data).await;
    let run = Run::new();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/litellm.json");
    let mut db: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let key = "anthropic.claude-sonnet-4-5-20250929-v1:0";
    assert!(db[key].is_object(), "the demo's LiteLLM excerpt has {key}");
    db[key]["max_output_tokens"] = ABSURD.into();
    std::fs::write(run.path().join("litellm.json"), db.to_string()).unwrap();
    let regions = regions_arg();
    let out = run
        .exec_async(
            Some(&fake.url()),
            &["--regions", &regions, "--litellm-file", "litellm.json"],
        )
        .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let c = run.catalog();

    let q1 = haiku_quota(&c, "L-DEMO0001");
    assert_eq!(q1["applied_value"], serde_json::Value::Null, "{q1}");
    assert_eq!(q1["value"].as_f64(), default_0001, "{q1}");
    let q2 = haiku_quota(&c, "L-DEMO0002");
    assert_eq!(q2["default_value"], serde_json::Value::Null, "{q2}");
    assert_eq!(q2["value"].as_f64(), applied_0002, "{q2}");

    assert_eq!(
        c["metadata"]["rejected_values"],
        serde_json::json!([
            {"source": "litellm", "key": key, "field": "max_output_tokens",
             "value": ABSURD.to_string(), "reason": "more than 100000000 tokens"},
            {"source": "quotas", "key": "us-east-1/L-DEMO0001", "field": "applied_value",
             "value": "-5", "reason": "negative"},
            {"source": "quotas", "key": "us-east-1/L-DEMO0002", "field": "default_value",
             "value": "10000000000000000", "reason": "more than 1e15"},
        ])
    );
    assert!(
        out.stderr.contains(&format!(
            "3 dropped (LiteLLM 1, Price List 0, quotas 2; see metadata.rejected_values), \
             e.g. {key}.max_output_tokens = {ABSURD}: more than 100000000 tokens, dropped"
        )),
        "{}",
        out.stderr
    );
}
