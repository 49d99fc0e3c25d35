//! Faults and bad input against the real binary: each test asserts the statuses recorded, the exit
//! code, and what was (or was not) written.

use crate::support::demo_data;
use crate::support::fake_aws;
use crate::support::harness;

use std::time::Duration;

use demo_data::{DEMO_REGIONS, demo_data};
use fake_aws::{Api, FakeAws, Fault, Rule};
use harness::{Run, strings};

fn regions_arg() -> String {
    DEMO_REGIONS.join(",")
}

async fn run_with(rules: Vec<Rule>) -> (FakeAws, Run, harness::Outcome) {
    let fake = FakeAws::start(demo_data()).await;
    for r in rules {
        fake.add_rule(r);
    }
    let run = Run::new();
    let out = run
        .exec_async(Some(&fake.url()), &["--regions", &regions_arg()])
        .await;
    (fake, run, out)
}

#[tokio::test]
async fn a_region_answering_500_is_an_error_and_the_run_is_partial() {
    let rules = [
        Api::ListFoundationModels,
        Api::ListInferenceProfiles,
        Api::ListServiceQuotas,
        Api::ListAwsDefaultServiceQuotas,
    ]
    .into_iter()
    .map(|api| Rule::always(api, Fault::ServerError(500)).in_region("us-west-2"))
    .collect();
    let (fake, run, out) = run_with(rules).await;
    assert_eq!(out.code, 3, "{}", out.stderr);
    let c = run.catalog();
    let m = &c["metadata"];
    assert_eq!(m["run_status"], "partial");
    assert_eq!(strings(&m["regions_failed"]), ["us-west-2"]);
    assert_eq!(strings(&m["regions_ok"]), ["eu-west-1", "us-east-1"]);
    let st = &m["region_status"]["us-west-2"]["list_foundation_models"];
    assert_eq!(st["status"], "error");
    assert!(
        st["message"]
            .as_str()
            .unwrap()
            .starts_with("ListFoundationModels in us-west-2 failed: InternalServerException"),
        "{st}"
    );
    // The other regions are complete: Llama 3.2 is still found in us-east-1.
    assert_eq!(m["total_models"], 7);
    // The PROVISIONED-only variant exists only in us-west-2, so it is unknown this run.
    let haiku = harness::model(&c, "anthropic.claude-3-haiku-20240307-v1");
    assert_eq!(
        strings(&haiku["regions_available"]),
        ["eu-west-1", "us-east-1"]
    );
    // 3 attempts per call in us-west-2 (4 APIs), one request per call elsewhere.
    let west: Vec<_> = fake
        .requests()
        .into_iter()
        .filter(|r| r.region.as_deref() == Some("us-west-2"))
        .collect();
    assert_eq!(west.len(), 12);
    assert!(
        out.stderr
            .contains("the run is partial: 1 region(s) had failures (us-west-2)"),
        "{}",
        out.stderr
    );
}

#[tokio::test]
async fn throttling_that_outlasts_the_retries_is_throttled() {
    let (fake, run, out) = run_with(vec![
        Rule::always(Api::ListServiceQuotas, Fault::Throttle).in_region("eu-west-1"),
    ])
    .await;
    assert_eq!(out.code, 3, "{}", out.stderr);
    let st = &run.catalog()["metadata"]["region_status"]["eu-west-1"]["list_service_quotas"];
    assert_eq!(st["status"], "throttled");
    assert_eq!(
        fake.requests_for(Api::ListServiceQuotas)
            .iter()
            .filter(|r| r.region.as_deref() == Some("eu-west-1"))
            .count(),
        3
    );
}

#[tokio::test]
async fn passing_throttles_and_5xx_are_retried_to_a_complete_run() {
    let (_fake, run, out) = run_with(vec![
        Rule::first(2, Api::ListFoundationModels, Fault::Throttle),
        Rule::first(2, Api::ListInferenceProfiles, Fault::ServerError(503)),
        Rule::first(1, Api::ListServiceQuotas, Fault::CloseConnection),
    ])
    .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let m = &run.catalog()["metadata"];
    assert_eq!(m["total_models"], 7);
    // 16 requests (4 regions x 4 APIs, one page each); 2 + 2 + 1 of them retried once.
    assert_eq!(m["aws_requests"], 16);
    assert_eq!(m["aws_attempts"], 21);
    assert_eq!(m["aws_retries"], 5);
}

#[tokio::test]
async fn a_stalled_region_times_out_within_the_configured_bound() {
    let (fake, run, out) = run_with(vec![
        Rule::always(Api::ListFoundationModels, Fault::Stall).in_region("us-east-1"),
    ])
    .await;
    assert_eq!(out.code, 3, "{}", out.stderr);
    // Each attempt was cut by the attempt timeout and retried, up to the configured 3 attempts:
    // the stall cost three attempts, it did not hold the run.
    let stalled: Vec<_> = fake
        .requests_for(Api::ListFoundationModels)
        .into_iter()
        .filter(|r| r.region.as_deref() == Some("us-east-1"))
        .map(|r| (r.attempt, r.fault))
        .collect();
    assert_eq!(
        stalled,
        [1, 2, 3].map(|n| (Some(n), Some(Fault::Stall))),
        "{stalled:?}"
    );
    let m = &run.catalog()["metadata"];
    assert_eq!(
        m["region_status"]["us-east-1"]["list_foundation_models"]["attempts"],
        3
    );
    assert_eq!(
        m["region_status"]["us-east-1"]["list_foundation_models"]["status"],
        "timeout"
    );
    assert_eq!(
        m["region_status"]["us-east-1"]["list_service_quotas"]["status"],
        "ok"
    );
}

#[tokio::test]
async fn malformed_json_is_an_error_of_that_region_and_api() {
    let (_fake, run, out) = run_with(vec![
        Rule::always(Api::ListInferenceProfiles, Fault::Malformed).in_region("eu-west-1"),
    ])
    .await;
    assert_eq!(out.code, 3, "{}", out.stderr);
    let c = run.catalog();
    let st = &c["metadata"]["region_status"]["eu-west-1"]["list_inference_profiles"];
    assert_eq!(st["status"], "error");
    // Profiles seen from eu-west-1 are missing; the rest are there.
    let sonnet = harness::model(&c, "anthropic.claude-sonnet-4-5-20250929-v1");
    assert_eq!(
        strings(&sonnet["cross_region_inference"]["source_regions"]),
        ["us-east-1", "us-west-2"]
    );
}

#[tokio::test]
async fn service_quotas_access_denied_names_the_missing_action() {
    let (_fake, run, out) = run_with(vec![
        Rule::always(Api::ListServiceQuotas, Fault::AccessDenied),
        Rule::always(Api::ListAwsDefaultServiceQuotas, Fault::AccessDenied),
    ])
    .await;
    assert_eq!(out.code, 3, "{}", out.stderr);
    let m = &run.catalog()["metadata"];
    assert_eq!(m["total_models"], 7);
    let st = &m["region_status"]["us-east-1"]["list_service_quotas"];
    assert_eq!(st["status"], "access_denied");
    assert_eq!(
        st["hint"],
        "grant the IAM action servicequotas:ListServiceQuotas to the caller"
    );
    assert_eq!(
        m["region_status"]["us-east-1"]["list_aws_default_service_quotas"]["hint"],
        "grant the IAM action servicequotas:ListAWSDefaultServiceQuotas to the caller"
    );
}

#[tokio::test]
async fn credentials_rejected_everywhere_fail_the_run_and_write_nothing() {
    let rules = [
        Api::ListFoundationModels,
        Api::ListInferenceProfiles,
        Api::ListServiceQuotas,
        Api::ListAwsDefaultServiceQuotas,
    ]
    .into_iter()
    .map(|api| Rule::always(api, Fault::NotOptedIn))
    .collect();
    let (_fake, run, out) = run_with(rules).await;
    assert_eq!(out.code, 1, "{}", out.stderr);
    // eu-central-2 is opt-in (not enabled, as AWS says); the others enable every account, so
    // there the code is a credential failure, and the error names it.
    assert!(
        out.stderr
            .contains("failed: AWS rejected the run's credentials (UnrecognizedClientException)"),
        "{}",
        out.stderr
    );
    assert!(!run.output_path().exists());
}

#[tokio::test]
async fn expired_credentials_mid_run_are_reported_clearly() {
    let (_fake, run, out) = run_with(vec![
        Rule::always(Api::ListServiceQuotas, Fault::ExpiredToken).in_region("us-west-2"),
    ])
    .await;
    assert_eq!(out.code, 3, "{}", out.stderr);
    let st = &run.catalog()["metadata"]["region_status"]["us-west-2"]["list_service_quotas"];
    assert_eq!(st["status"], "error");
    assert!(
        st["message"]
            .as_str()
            .unwrap()
            .contains("ExpiredTokenException"),
        "{st}"
    );
    assert!(
        st["hint"]
            .as_str()
            .unwrap()
            .starts_with("the credentials expired during the run"),
        "{st}"
    );
}

#[tokio::test]
async fn threads_bound_the_requests_in_flight() {
    let fake = FakeAws::start(demo_data()).await;
    fake.set_latency(Duration::from_millis(60));
    let run = Run::new();
    let out = run
        .exec_async(
            Some(&fake.url()),
            &["--regions", &regions_arg(), "--threads", "3"],
        )
        .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    // 16 requests, 60 ms each: with 3 permits they overlap, and never more than 3 at once.
    assert_eq!(fake.request_count(), 16);
    assert_eq!(fake.max_in_flight(), 3);
}

/// A request that the SDK retries gives its permit back while it waits out the backoff: with one
/// permit, other requests are served between a throttled request's attempts, and never more
/// than one is in flight.
#[tokio::test]
async fn a_throttled_request_lends_its_permit_while_it_backs_off() {
    let fake = FakeAws::start(demo_data()).await;
    fake.set_latency(Duration::from_millis(30));
    fake.add_rule(Rule {
        region: Some("us-east-1".into()),
        api: Some(Api::ListServiceQuotas),
        fault: Fault::Throttle,
        probability: 1.0,
        times: Some(2),
    });
    let run = Run::new();
    let out = run
        .exec_async(
            Some(&fake.url()),
            &["--regions", &regions_arg(), "--threads", "1"],
        )
        .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(fake.max_in_flight(), 1);
    let requests = fake.requests();
    let attempts: Vec<usize> = requests
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            r.api == Api::ListServiceQuotas
                && r.region.as_deref() == Some("us-east-1")
                && r.next_token.is_none()
        })
        .map(|(i, _)| i)
        .collect();
    assert_eq!(
        attempts.len(),
        3,
        "two throttled attempts and the answered one"
    );
    for pair in attempts.windows(2) {
        assert!(
            pair[1] > pair[0] + 1,
            "no other request was served while the throttled one backed off: {:?}",
            requests
                .iter()
                .map(|r| (r.region.clone(), r.api, r.attempt))
                .collect::<Vec<_>>()
        );
    }
}

#[tokio::test]
async fn usage_errors_exit_2_before_any_request() {
    let fake = FakeAws::start(demo_data()).await;
    let run = Run::new();
    for args in [
        vec!["--threads", "0"],
        vec!["--regions", "us-east-1,Mars-1"],
        vec!["--no-such-flag"],
    ] {
        let out = run.exec_async(Some(&fake.url()), &args).await;
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
    }
    std::fs::write(run.path().join("test-config.toml"), "threads = \"four\"\n").unwrap();
    let out = run.exec_async(Some(&fake.url()), &[]).await;
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.starts_with(&format!(
            "error: {}:1: key `threads`: invalid type",
            run.path().join("test-config.toml").display()
        )),
        "{}",
        out.stderr
    );
    assert_eq!(fake.request_count(), 0);
    assert!(!run.output_path().exists());
}

#[test]
fn no_credentials_exit_1_with_a_fix_and_write_nothing() {
    let run = Run::new();
    let out = run.exec(None, &["--regions", "us-east-1"]);
    assert_eq!(out.code, 1);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(
        out.stderr.starts_with(
            "error: no AWS credentials were found; run `aws configure` or `aws sso login`"
        ),
        "{}",
        out.stderr
    );
    let out = run.exec(None, &["--regions", "us-east-1", "--profile", "nope"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .starts_with("error: AWS profile `nope` gave no credentials"),
        "{}",
        out.stderr
    );
    assert!(!run.output_path().exists());
}

#[tokio::test]
async fn an_output_whose_directory_cannot_be_created_exits_2_before_any_request() {
    let fake = FakeAws::start(demo_data()).await;
    let run = Run::new();
    let out = run
        .exec_async(Some(&fake.url()), &["--regions", &regions_arg()])
        .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let before = std::fs::read(run.output_path()).unwrap();
    // The output path's directory cannot be created: a file stands where it should be. That
    // can never be written, so it is refused before the first request (preflight).
    let blocked = run.path().join("blocked");
    std::fs::write(&blocked, "").unwrap();
    let target = blocked.join("bedrock_models.json");
    fake.reset_counters();
    let out = run
        .exec_async(
            Some(&fake.url()),
            &[
                "--regions",
                &regions_arg(),
                "--output",
                target.to_str().unwrap(),
            ],
        )
        .await;
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(
        out.stderr.trim_end(),
        format!(
            "error: the output path {} cannot be written: {} is not a directory",
            target.display(),
            blocked.display()
        )
    );
    assert_eq!(fake.request_count(), 0, "no request before the refusal");
    assert_eq!(std::fs::read(run.output_path()).unwrap(), before);
}

#[test]
fn a_broken_corrections_file_is_a_configuration_error() {
    let run = Run::new();
    let bad = run.path().join("corrections.json");
    std::fs::write(
        &bad,
        "{\n  \"amazon.nova-pro-v1:0\": {\n    \"context_window\": \"large\"\n  }\n}\n",
    )
    .unwrap();
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/snapshot");
    let out = run.exec(
        None,
        &[
            "--replay",
            demo.to_str().unwrap(),
            "--corrections",
            bad.to_str().unwrap(),
        ],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    let line = out.stderr.trim_end();
    assert!(
        line.starts_with(&format!(
            "error: invalid corrections file {} at line 3, key \"amazon.nova-pro-v1:0\"",
            bad.display()
        )),
        "{line}"
    );
    assert!(!run.output_path().exists());
}
