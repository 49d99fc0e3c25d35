//! Issue 29, cases 6 and 7: a download that trickles ends as `timeout` within its total limit,
//! and a broken cached file is fetched again, not revalidated.

use std::time::Duration;

use super::regions_arg;
use crate::support::demo_data::demo_data;
use crate::support::fake_aws::{Api, FakeAws, Fault, Rule};
use crate::support::harness::Run;

const LITELLM_PATH: &str = "/litellm/model_prices_and_context_window.json";

fn litellm_bytes() -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/litellm.json"))
        .unwrap()
}

#[tokio::test]
async fn a_trickling_download_ends_as_a_timeout_and_the_run_goes_on() {
    let fake = FakeAws::start(demo_data()).await;
    fake.serve_file(LITELLM_PATH, litellm_bytes());
    // Ten pieces 300 ms apart: never idle for the 10 s idle timeout, 3 s in all.
    fake.add_rule(Rule::always(
        Api::File,
        Fault::Trickle(Duration::from_millis(300)),
    ));
    let run = Run::new();
    run.replace_in_config(
        "operation_ms = 3000",
        "operation_ms = 3000\nfile_total_ms = 1000",
    );
    let url = format!("{}{LITELLM_PATH}", fake.url());
    let regions = regions_arg();
    let out = run
        .exec_async(
            Some(&fake.url()),
            &["--regions", &regions, "--litellm-url", &url],
        )
        .await;
    assert_eq!(out.code, 3, "{}", out.stderr);
    let m = &run.catalog()["metadata"];
    let litellm = &m["sources"]["litellm"];
    assert_eq!(litellm["status"], "timeout", "{litellm}");
    // Each of the 3 attempts was cut by the total limit; the AWS calls all answered.
    assert_eq!(fake.requests_for(Api::File).len(), 3);
    assert_eq!(m["regions_failed"], serde_json::json!([]));
    assert_eq!(m["total_models"], 7);
}
