//! What every integration test shares: the fake AWS server (`fake_aws`, with its data from the
//! fixtures in `fake_aws::fixture_data`), the demo data, and the harness that runs the real
//! binary. `synthetic.rs` here is not part of the suite: the benchmark's fake
//! (`examples/fake_aws.rs`) grows the fixture data into a full-size account with it.
#![allow(dead_code)]

pub mod demo_data;
pub mod drift_data;
pub mod fake_aws;
pub mod harness;
pub mod mutate;

use fake_aws::{FakeAws, FakeData};
use harness::{Outcome, Run};

/// The full fixture world and one run in it: the fake AWS with all 33 regions of the fixtures,
/// the fixture Price List files and LiteLLM's database served over HTTP, Mantle's model lists
/// (from the model cards), and the binary run
/// against it with 16 requests in flight (patient timeouts: the files are megabytes) and `extra`
/// flags.
pub async fn full_fixture_run(extra: &[&str]) -> (FakeAws, Run, Outcome) {
    let data = FakeData::from_default_fixtures().expect("fixtures load (set BEDROCK_FIXTURES?)");
    assert_eq!(data.regions.len(), 33);
    let fake = FakeAws::start(data).await;
    let fixtures = fake_aws::fixtures_dir();
    // 16 offer files plus DERIVED.md and ROWS.tsv.
    assert_eq!(
        fake.serve_dir("", &fixtures.join("price-list")).unwrap(),
        18
    );
    let litellm =
        std::fs::read(fixtures.join("litellm/model_prices_and_context_window_backup.json"))
            .unwrap();
    fake.serve_file("/litellm/model_prices_and_context_window.json", litellm);
    let litellm_url = format!(
        "{}/litellm/model_prices_and_context_window.json",
        fake.url()
    );
    let run = Run::new();
    run.patient_timeouts();
    let url = fake.url();
    let mantle_url = harness::mantle_url(&url);
    let mut args = vec![
        "--threads",
        "16",
        "--price-list-url",
        &url,
        "--litellm-url",
        &litellm_url,
        "--mantle-url",
        &mantle_url,
    ];
    args.extend_from_slice(extra);
    let out = run.exec_async(Some(&url), &args).await;
    (fake, run, out)
}
