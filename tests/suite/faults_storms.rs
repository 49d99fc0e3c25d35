//! Faults as AWS really produces them, against the shipped retry and timeout settings (no fast
//! test config): throttling storms and bursts, stalls, AccessDenied bodies that name the caller's
//! ARN, malformed bodies, and a failing region under `--allow-degraded`. Each test asserts the
//! exit code, the statuses, and what was written.

use crate::support::demo_data;

use crate::support::fake_aws;

use crate::support::harness;

use std::path::Path;
use std::time::{Duration, Instant};

use demo_data::{DEMO_REGIONS, demo_data};

/// The account id in the demo data's ARNs.
const DEMO_ACCOUNT: &str = "111122223333";
use fake_aws::{Api, Burst, FAKE_ACCOUNT, FakeAws, FakeData, Fault, Rule};
use harness::{Run, read_json, strings};
use serde_json::Value;

/// The shipped defaults for retries, timeouts and second passes (nothing of the harness's fast
/// test config): only the file sources are local, prices are off, and so is Mantle (these tests
/// are about the AWS APIs' faults; no test asks a real resolver).
fn shipped_defaults_run() -> Run {
    let run = Run::new();
    let root = env!("CARGO_MANIFEST_DIR");
    std::fs::write(
        run.path().join("test-config.toml"),
        format!(
            r#"
[sources]
price_list_url = ""
mantle_url = ""
litellm_file = "{root}/demo/litellm.json"
corrections_file = "{root}/corrections/model_spec_corrections.json"
"#
        ),
    )
    .unwrap();
    run
}

/// The fixtures over every commercial region: 792 requests, us-east-1's quota chains 11 pages.
fn fixture_data() -> FakeData {
    FakeData::from_default_fixtures().expect("fixtures load (set BEDROCK_FIXTURES?)")
}

fn regions_of(data: &FakeData) -> String {
    data.regions.keys().cloned().collect::<Vec<_>>().join(",")
}

/// Every (region, API) status of the catalogue.
fn statuses(c: &Value) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for (region, apis) in c["metadata"]["region_status"].as_object().unwrap() {
        for (api, st) in apis.as_object().unwrap() {
            out.push((
                region.clone(),
                api.clone(),
                st["status"].as_str().unwrap().to_string(),
            ));
        }
    }
    out
}

fn assert_complete(run: &Run, out: &harness::Outcome) -> Value {
    assert_eq!(out.code, 0, "{}", out.stderr);
    let c = run.catalog();
    assert_eq!(c["metadata"]["run_status"], "complete");
    let failed: Vec<_> = statuses(&c)
        .into_iter()
        // Answers, not failures: a region not opted in, Mantle switched off.
        .filter(|(_, _, s)| !matches!(s.as_str(), "ok" | "not_opted_in" | "skipped"))
        .collect();
    assert!(failed.is_empty(), "{failed:?}");
    c
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thirty_percent_throttling_completes_with_five_seeds() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let data = fixture_data();
    // The runs mostly wait out backoffs: side by side, the test takes as long as its slowest run.
    let runs: Vec<_> = [1, 2, 3, 4, 5]
        .into_iter()
        .map(|seed| tokio::spawn(throttling_storm(data.clone(), seed)))
        .collect();
    let mut resumed = 0;
    for run in runs {
        resumed += run.await.unwrap();
    }
    eprintln!("{resumed} second (or later) passes over the five runs");
}

/// One run with 30% of the attempts throttled; returns how many passes beyond the first it took.
async fn throttling_storm(data: FakeData, seed: u64) -> u64 {
    let regions = regions_of(&data);
    let fake = FakeAws::start(data).await;
    fake.set_seed(seed);
    fake.add_rule(Rule {
        region: None,
        api: None,
        fault: Fault::Throttle,
        probability: 0.3,
        times: None,
    });
    let run = shipped_defaults_run();
    let clock = Instant::now();
    let out = run
        .exec_async(Some(&fake.url()), &["--regions", &regions])
        .await;
    let c = assert_complete(&run, &out);
    let m = &c["metadata"];
    let throttled = fake
        .requests()
        .iter()
        .filter(|r| r.fault == Some(Fault::Throttle))
        .count() as u64;
    let attempts = fake.request_count() as u64;
    // The storm happened: about 30% of the attempts were throttled.
    assert!(
        (attempts * 25 / 100..attempts * 35 / 100).contains(&throttled),
        "seed {seed}: {throttled} of {attempts}"
    );
    // Second passes wait without a permit: never more than --threads (4) requests in flight.
    assert!(fake.max_in_flight() <= 4, "{}", fake.max_in_flight());
    let passes: u64 = m["region_status"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|apis| apis.as_object().unwrap().values())
        // The four AWS chains of each region (Mantle is off here and has no passes).
        .filter_map(|st| st["passes"].as_u64())
        .sum();
    // 33 regions, 4 chains each; a later pass asks again for the page its predecessor gave up on.
    let resumed = passes - 33 * 4;
    // Every attempt the fake saw was counted. On a loaded machine an attempt can also be cut by
    // its timeout before its request reaches the fake (one in 1,162 did, at a load of 11 on two
    // cores): the collector counts it, the fake never sees it.
    let counted = m["aws_attempts"].as_u64().unwrap();
    assert!(counted >= attempts, "seed {seed}: {counted} < {attempts}");
    // 11 quota pages each for both quota APIs, 1 page of models and of profiles, per region.
    assert_eq!(m["aws_requests"], 33 * 24 + resumed, "seed {seed}");
    // Every throttled attempt was retried, by the SDK or by the chain's next pass (and on a loaded
    // machine an attempt may also time out and be retried).
    let retries = m["aws_retries"].as_u64().unwrap();
    assert!(
        retries >= throttled - resumed,
        "seed {seed}: {retries} retries"
    );
    eprintln!(
        "seed {seed}: {throttled} of {attempts} attempts throttled, {resumed} chain(s) resumed, {:.1} s",
        clock.elapsed().as_secs_f64()
    );
    resumed
}

#[tokio::test]
async fn a_burst_of_throttling_on_one_regions_quota_api_is_outlasted() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let data = fixture_data();
    let regions = regions_of(&data);
    let fake = FakeAws::start(data).await;
    // Longer than the SDK's ten attempts can span (at most 0.025 + 0.05 + ... + 6.4 = 12.8 s of
    // backoff, plus the waits for a permit before each retry, since a request backing off gives
    // its permit back): the chain's first pass fails whatever the jitter, a later pass finds the
    // burst over.
    fake.add_burst(Burst {
        region: "us-east-1".to_string(),
        api: Api::ListServiceQuotas,
        on: Duration::from_secs(14),
        period: Duration::from_secs(600),
    });
    let run = shipped_defaults_run();
    let out = run
        .exec_async(Some(&fake.url()), &["--regions", &regions])
        .await;
    let c = assert_complete(&run, &out);
    let st = &c["metadata"]["region_status"]["us-east-1"]["list_service_quotas"];
    assert!(st["passes"].as_u64().unwrap() >= 2, "{st}");
    assert_eq!(st["pages"], 11, "{st}");
    assert_eq!(st["items"], 1085, "{st}");
    // Resumed from the last good page (the first, here): every page asked for once successfully.
    let ok_pages: Vec<_> = fake
        .requests_for(Api::ListServiceQuotas)
        .into_iter()
        .filter(|r| r.region.as_deref() == Some("us-east-1") && r.fault.is_none())
        .map(|r| r.next_token)
        .collect();
    assert_eq!(ok_pages.len(), 11, "{ok_pages:?}");
    // Every other chain had one pass.
    let us = &c["metadata"]["region_status"]["us-east-1"];
    assert_eq!(us["list_aws_default_service_quotas"]["passes"], 1);
    assert!(
        out.stderr.contains(
            "ListServiceQuotas in us-east-1 failed: TooManyRequestsException: Rate exceeded"
        ),
        "{}",
        out.stderr
    );
}

#[tokio::test]
async fn five_percent_of_requests_stalling_a_minute_cost_seconds() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let data = fixture_data();
    let regions = regions_of(&data);
    let fake = FakeAws::start(data).await;
    fake.set_seed(16);
    fake.add_rule(Rule {
        region: None,
        api: None,
        fault: Fault::StallFor(Duration::from_secs(60)),
        probability: 0.05,
        times: None,
    });
    let run = shipped_defaults_run();
    let out = run
        .exec_async(Some(&fake.url()), &["--regions", &regions])
        .await;
    assert_complete(&run, &out);
    let requests = fake.requests();
    let stalls: Vec<_> = requests
        .iter()
        .filter(|r| matches!(r.fault, Some(Fault::StallFor(_))))
        .collect();
    assert!(stalls.len() >= 20, "only {} stalls", stalls.len());
    // No stall was waited out: each stalled attempt was cut by the attempt timeout and the same
    // page asked for again while the stall still held its connection, and every page was
    // answered in the end.
    let stall = Duration::from_secs(60);
    for s in &stalls {
        let same_page = |r: &&fake_aws::RequestRecord| {
            r.region == s.region && r.api == s.api && r.next_token == s.next_token
        };
        let retried = requests
            .iter()
            .filter(same_page)
            .any(|r| r.received > s.received && r.received < s.received + stall);
        assert!(retried, "a stalled attempt was waited out: {s:?}");
        assert!(
            requests.iter().filter(same_page).any(|r| r.fault.is_none()),
            "never answered: {s:?}"
        );
    }
    eprintln!("{} stalled attempts", stalls.len());
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Every `message` string anywhere in a JSON value.
fn messages(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                match (k.as_str(), x) {
                    ("message", Value::String(s)) => out.push(s.clone()),
                    _ => messages(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| messages(x, out)),
        _ => {}
    }
}

#[tokio::test]
async fn account_ids_in_error_bodies_are_redacted_everywhere_the_run_writes() {
    let fake = FakeAws::start(demo_data()).await;
    // An assumed role denied by an SCP (its STS ARN and the policy's ARN), an IAM user denied,
    // a malformed body, a body cut by a dropped connection and a 5xx with its message.
    for rule in [
        Rule::always(Api::ListServiceQuotas, Fault::AccessDeniedRole).in_region("us-west-2"),
        Rule::always(Api::ListFoundationModels, Fault::AccessDeniedRole).in_region("eu-west-1"),
        Rule::always(Api::ListAwsDefaultServiceQuotas, Fault::AccessDenied).in_region("us-east-1"),
        Rule::always(Api::ListInferenceProfiles, Fault::Malformed).in_region("us-east-1"),
        Rule::always(Api::ListInferenceProfiles, Fault::CloseConnection).in_region("us-west-2"),
    ] {
        fake.add_rule(rule);
    }
    let run = shipped_defaults_run();
    // One pass per chain: the dropped connections are retryable, and two runs of four passes
    // (cool-downs of 2, 4 and 8 s) would make this test wait half a minute for nothing it checks.
    run.append_config("[retry]\nmax_passes = 1");
    let regions = DEMO_REGIONS.join(",");
    let record = run.path().join("snapshot");
    let summary = run.path().join("summary.md");
    let args = [
        "--regions",
        &regions,
        "--redact-account-id",
        "-vv",
        "--record",
        record.to_str().unwrap(),
        "--summary-markdown",
        summary.to_str().unwrap(),
    ];
    // Twice: the second run also has a previous catalogue, a backup and a change log.
    let first = run.exec_async(Some(&fake.url()), &args).await;
    assert_eq!(first.code, 3, "{}", first.stderr);
    let second = run.exec_async(Some(&fake.url()), &args).await;
    assert_eq!(second.code, 3, "{}", second.stderr);

    let c = run.catalog();
    let m = &c["metadata"];
    assert_eq!(m["account_id_redacted"], true);
    let st = &m["region_status"];
    assert_eq!(
        st["us-west-2"]["list_service_quotas"]["status"],
        "access_denied"
    );
    // AWS's message, cut at 300 characters.
    let denied = st["us-west-2"]["list_service_quotas"]["message"]
        .as_str()
        .unwrap();
    assert_eq!(
        denied,
        "ListServiceQuotas in us-west-2 failed: AccessDeniedException: User: \
         arn:aws:sts::000000000000:assumed-role/ci-role/session-1733300000 is not authorized to \
         perform: servicequotas:ListServiceQuotas on resource: * with an explicit deny in a service \
         control policy: arn:aws:organizations::000000000000..."
    );
    assert_eq!(denied.chars().count(), 300);
    assert_eq!(
        st["eu-west-1"]["list_foundation_models"]["status"],
        "access_denied"
    );
    assert_eq!(
        st["us-east-1"]["list_inference_profiles"]["status"],
        "error"
    );
    assert_eq!(
        st["us-west-2"]["list_inference_profiles"]["status"],
        "error"
    );

    // Every message: one line, at most 300 characters, no Debug dump.
    let mut all = Vec::new();
    messages(&c, &mut all);
    messages(&read_json(&record.join("manifest.json")), &mut all);
    assert!(all.len() >= 5, "{all:?}");
    for msg in &all {
        assert!(msg.chars().count() <= 300, "{} chars: {msg}", msg.len());
        assert!(!msg.contains('\n'), "{msg}");
        for dump in [
            "DispatchFailure",
            "ConnectorError",
            "{ ",
            "Some(",
            "kind:",
            "modelSummaries",
        ] {
            assert!(!msg.contains(dump), "{msg}");
        }
    }
    let malformed = st["us-east-1"]["list_inference_profiles"]["message"]
        .as_str()
        .unwrap();
    assert!(
        malformed.starts_with(
            "ListInferenceProfiles in us-east-1 answered HTTP 200 with a body that could not be read: "
        ),
        "{malformed}"
    );
    let dropped = st["us-west-2"]["list_inference_profiles"]["message"]
        .as_str()
        .unwrap();
    assert!(
        dropped.starts_with("ListInferenceProfiles in us-west-2 could not reach the endpoint: "),
        "{dropped}"
    );
    // The warning lines on stderr are those sentences.
    for stderr in [&first.stderr, &second.stderr] {
        assert!(
            stderr.contains("ListServiceQuotas in us-west-2 failed: AccessDeniedException: User: arn:aws:sts::000000000000:"),
            "{stderr}"
        );
    }

    // No account id in anything the run wrote, nor on stderr at -vv.
    let written = files_under(run.path());
    let names: Vec<_> = written
        .iter()
        .filter_map(|p| p.file_name()?.to_str().map(str::to_string))
        .collect();
    for expected in [
        "bedrock_models.json",
        "changes.json",
        "summary.md",
        "manifest.json",
    ] {
        assert!(names.iter().any(|n| n == expected), "{names:?}");
    }
    assert!(
        names.iter().any(|n| n.starts_with("bedrock-models-")),
        "{names:?}"
    );
    // The account of the error bodies, and the account of the demo data's quota and profile ARNs.
    let accounts = [FAKE_ACCOUNT, DEMO_ACCOUNT];
    for path in written {
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        for account in accounts {
            assert!(
                !text.contains(account),
                "{} holds the account id {account}",
                path.display()
            );
        }
    }
    for stderr in [&first.stderr, &second.stderr] {
        for account in accounts {
            assert!(!stderr.contains(account), "{stderr}");
        }
        // -vv did log the full errors, redacted.
        assert!(stderr.contains("full error"), "{stderr}");
    }
}

#[tokio::test]
async fn a_failing_region_published_with_allow_degraded_records_no_changes_there() {
    let fake = FakeAws::start(demo_data()).await;
    let run = shipped_defaults_run();
    let regions = DEMO_REGIONS.join(",");
    let first = run
        .exec_async(Some(&fake.url()), &["--regions", &regions])
        .await;
    assert_eq!(first.code, 0, "{}", first.stderr);
    let before = run.catalog();
    assert_eq!(
        strings(&before["metadata"]["regions_ok"]),
        ["eu-west-1", "us-east-1", "us-west-2"]
    );
    // us-west-2 fails every API (403 AccessDenied: not retried, so no second pass to wait for).
    for api in [
        Api::ListFoundationModels,
        Api::ListInferenceProfiles,
        Api::ListServiceQuotas,
        Api::ListAwsDefaultServiceQuotas,
    ] {
        fake.add_rule(Rule::always(api, Fault::AccessDenied).in_region("us-west-2"));
    }
    let second = run
        .exec_async(
            Some(&fake.url()),
            &["--regions", &regions, "--allow-degraded"],
        )
        .await;
    assert_eq!(second.code, 3, "{}", second.stderr);
    let after = run.catalog();
    assert_eq!(strings(&after["metadata"]["regions_failed"]), ["us-west-2"]);
    assert!(
        !strings(&after["metadata"]["degraded_reasons"]).is_empty(),
        "published anyway: {}",
        after["metadata"]
    );
    // The model lists of us-west-2 really are missing from the published catalogue...
    let haiku = harness::model(&after, "anthropic.claude-3-haiku-20240307-v1");
    assert_eq!(
        strings(&haiku["regions_available"]),
        ["eu-west-1", "us-east-1"]
    );
    // ...but the change log does not call that a change.
    let changes = read_json(&run.path().join("data/changes.json"));
    let events = changes["events"].as_array().unwrap();
    let west: Vec<_> = events
        .iter()
        .filter(|e| e["region"] == "us-west-2" || e["kind"] == "model-removed")
        .collect();
    assert!(west.is_empty(), "{west:?}");
    assert!(events.is_empty(), "{events:?}");
    assert_eq!(
        strings(&changes["not_compared"]),
        [
            "models in us-west-2",
            "inference profiles in us-west-2",
            "quotas in us-west-2"
        ]
    );
    assert!(second.stderr.contains("not compared"), "{}", second.stderr);
}

#[tokio::test]
async fn a_degraded_first_run_does_not_claim_it_kept_a_previous_catalogue() {
    let fake = FakeAws::start(demo_data()).await;
    fake.add_rule(
        Rule::always(Api::ListFoundationModels, Fault::AccessDenied).in_region("us-west-2"),
    );
    let run = shipped_defaults_run();
    let regions = DEMO_REGIONS.join(",");
    let out = run
        .exec_async(
            Some(&fake.url()),
            &["--regions", &regions, "--require-regions", "us-west-2"],
        )
        .await;
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(!run.output_path().exists());
    assert!(!out.stderr.contains("was kept"), "{}", out.stderr);
    assert!(
        !out.stderr.contains("previous catalogue kept"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("nothing was published at"),
        "{}",
        out.stderr
    );
}

#[tokio::test]
async fn a_stalled_download_is_cut_by_its_idle_time_and_retried() {
    let fake = FakeAws::start(demo_data()).await;
    let litellm = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/demo/litellm.json")).unwrap();
    fake.serve_file("/litellm.json", litellm);
    // The first download stalls for a minute; the second is served.
    fake.add_rule(Rule::first(
        1,
        Api::File,
        Fault::StallFor(Duration::from_secs(60)),
    ));
    let run = shipped_defaults_run();
    run.append_config("[timeouts]\nfile_idle_ms = 1000");
    let url = format!("{}/litellm.json", fake.url());
    let out = run
        .exec_async(
            Some(&fake.url()),
            &["--regions", &DEMO_REGIONS.join(","), "--litellm-url", &url],
        )
        .await;
    let c = assert_complete(&run, &out);
    let litellm = &c["metadata"]["sources"]["litellm"];
    assert_eq!(litellm["status"], "ok", "{litellm}");
    assert_eq!(litellm["origin"], "network", "{litellm}");
    let files = fake.requests_for(Api::File);
    assert_eq!(files.len(), 2);
    assert_eq!(
        files[0].fault,
        Some(Fault::StallFor(Duration::from_secs(60)))
    );
    assert_eq!(files[1].fault, None);
    // Cut after a second without bytes, not after the minute: the second download was asked for
    // while the first still stalled.
    assert!(
        files[1].received < files[0].received + Duration::from_secs(60),
        "{files:?}"
    );
}

#[tokio::test]
async fn a_slow_download_that_keeps_coming_is_not_cut() {
    let fake = FakeAws::start(demo_data()).await;
    let litellm = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/demo/litellm.json")).unwrap();
    fake.serve_file("/litellm.json", litellm);
    // Ten pieces 400 ms apart: 4 s in all, four times the idle timeout, never idle for one.
    fake.add_rule(Rule::always(
        Api::File,
        Fault::Trickle(Duration::from_millis(400)),
    ));
    let run = shipped_defaults_run();
    run.append_config("[timeouts]\nfile_idle_ms = 1000");
    let url = format!("{}/litellm.json", fake.url());
    let out = run
        .exec_async(
            Some(&fake.url()),
            &["--regions", &DEMO_REGIONS.join(","), "--litellm-url", &url],
        )
        .await;
    let c = assert_complete(&run, &out);
    let litellm = &c["metadata"]["sources"]["litellm"];
    assert_eq!(litellm["status"], "ok", "{litellm}");
    assert_eq!(litellm["entries"], 8, "{litellm}");
    // One request, answered as a trickle: the download was never cut and retried.
    let files = fake.requests_for(Api::File);
    assert_eq!(files.len(), 1);
    assert_eq!(
        files[0].fault,
        Some(Fault::Trickle(Duration::from_millis(400)))
    );
}
