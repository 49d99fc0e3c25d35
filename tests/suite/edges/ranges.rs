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
    let text = std::fs::read_to_string(run.output_path()).unwrap();
    assert!(!text.contains(&ABSURD.to_string()), "2^63 was published");
    assert!(
        out.stderr.contains(&format!(
            "LiteLLM's database: {key}.max_output_tokens = {ABSURD}: more than 100000000 tokens, dropped"
        )),
        "{}",
        out.stderr
    );
}
