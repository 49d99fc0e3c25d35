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

/// The cached LiteLLM file of a run with `--cache-dir cache` (the body, not its `.meta.json`).
fn cached_body(run: &Run) -> std::path::PathBuf {
    let dir = run.path().join("cache");
    std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.contains("litellm") && !name.ends_with(".meta.json")
        })
        .unwrap_or_else(|| panic!("no cached LiteLLM file in {}", dir.display()))
}

#[tokio::test]
async fn a_cut_off_cached_file_is_downloaded_again_not_revalidated() {
    let fake = FakeAws::start(demo_data()).await;
    let bytes = litellm_bytes();
    fake.serve_file(LITELLM_PATH, bytes.clone());
    let run = Run::new();
    // Every run asks the server (no fresh cached copy), with If-None-Match when it has one.
    run.append_config("[cache]\nttl_hours = 0");
    let url = format!("{}{LITELLM_PATH}", fake.url());
    let regions = regions_arg();
    let args = [
        "--regions",
        regions.as_str(),
        "--litellm-url",
        url.as_str(),
        "--cache-dir",
        "cache",
    ];
    let out = run.exec_async(Some(&fake.url()), &args).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let cached = cached_body(&run);
    assert_eq!(std::fs::read(&cached).unwrap(), bytes);
    // The cached copy is cut off, as a full disk or a kill would leave it.
    std::fs::write(&cached, &bytes[..bytes.len() / 2]).unwrap();
    let out = run.exec_async(Some(&fake.url()), &args).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let litellm = &run.catalog()["metadata"]["sources"]["litellm"];
    assert_eq!(litellm["status"], "ok", "{litellm}");
    assert_eq!(litellm["origin"], "network", "{litellm}");
    // Healed: the whole file is in the cache again.
    assert_eq!(std::fs::read(cached_body(&run)).unwrap(), bytes);
    assert!(
        out.stderr.contains("the cached copy is damaged"),
        "{}",
        out.stderr
    );
}
