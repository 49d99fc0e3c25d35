//! Fault rows of issue 8 not covered by `faults.rs`: 5xx and throttling storms, regions not opted
//! in, an endpoint that closes every connection, malformed JSON from every AWS API and every file
//! source, the Price List and LiteLLM unreachable with and without a cache, an output directory
//! that cannot be written and a full disk. Each runs the real binary against the fake AWS server
//! and asserts the catalogue written (or not), the statuses in `metadata` and the exit code.

use crate::support::demo_data;
use crate::support::fake_aws;
use crate::support::harness;

use std::path::{Path, PathBuf};

use demo_data::{DEMO_REGIONS, demo_data};
use fake_aws::{Api, FakeAws, FakeData, Fault, Rule, fixtures_dir};
use harness::{Run, last_line, model, strings};
use serde_json::Value;

const AWS_APIS: [Api; 4] = [
    Api::ListFoundationModels,
    Api::ListInferenceProfiles,
    Api::ListServiceQuotas,
    Api::ListAwsDefaultServiceQuotas,
];

/// Snake-case names, as in `metadata.region_status`.
fn api_name(api: Api) -> &'static str {
    match api {
        Api::ListFoundationModels => "list_foundation_models",
        Api::ListInferenceProfiles => "list_inference_profiles",
        Api::ListServiceQuotas => "list_service_quotas",
        Api::ListAwsDefaultServiceQuotas => "list_aws_default_service_quotas",
        _ => unreachable!(),
    }
}

fn regions_arg() -> String {
    DEMO_REGIONS.join(",")
}

/// One request per API and region: what a run without retries makes on the demo data.
const MINIMUM_AWS_REQUESTS: usize = 4 * 4;

fn aws_requests(fake: &FakeAws) -> Vec<fake_aws::RequestRecord> {
    fake.requests()
        .into_iter()
        .filter(|r| AWS_APIS.contains(&r.api))
        .collect()
}

/// The catalogue's models, without anything that depends on how the run went.
fn providers(c: &Value) -> &Value {
    &c["providers"]
}

/// The JSON paths where `a` and `b` differ, for readable assertion messages.
fn differences(a: &Value, b: &Value, path: &str, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                // The time of the run that first saw the model: a run timestamp.
                if k == "first_discovered_at" {
                    continue;
                }
                let (va, vb) = (
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                );
                differences(va, vb, &format!("{path}.{k}"), out);
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                differences(va, vb, &format!("{path}[{i}]"), out);
            }
        }
        _ if a != b => out.push(format!("{path}: {a} != {b}")),
        _ => {}
    }
}

fn assert_same_models(c: &Value, expected: &Value) {
    let mut diff = vec![];
    differences(providers(c), providers(expected), "providers", &mut diff);
    assert!(
        diff.is_empty(),
        "the catalogues differ:\n{}",
        diff.join("\n")
    );
}

/// Asserts the run-wide retry accounting (`metadata.aws_retries`, and the per-API `attempts`
/// in `region_status`) against what the fake saw.
fn assert_attempts_recorded(c: &Value, fake: &FakeAws) {
    let m = &c["metadata"];
    let seen = aws_requests(fake);
    assert!(
        seen.len() > MINIMUM_AWS_REQUESTS,
        "some requests were retried: {}",
        seen.len()
    );
    assert_eq!(
        m["aws_retries"].as_u64(),
        Some((seen.len() - MINIMUM_AWS_REQUESTS) as u64),
        "metadata.aws_retries"
    );
    for region in DEMO_REGIONS {
        for api in AWS_APIS {
            let n = seen
                .iter()
                .filter(|r| r.api == api && r.region.as_deref() == Some(region))
                .count();
            assert_eq!(
                m["region_status"][region][api_name(api)]["attempts"].as_u64(),
                Some(n as u64),
                "attempts of {region} {api:?}"
            );
        }
    }
}

/// A fault-free run of the demo data, for comparison.
async fn baseline() -> Value {
    let fake = FakeAws::start(demo_data()).await;
    let run = Run::new();
    let out = run
        .exec_async(Some(&fake.url()), &["--regions", &regions_arg()])
        .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    run.catalog()
}

// ---------------------------------------------------------------------------------------------
// Storms: 5xx and throttling
// ---------------------------------------------------------------------------------------------

/// 10% of AWS requests answered 500 or 503. One rule per API, so every AWS request takes exactly
/// one roll of the fake's seeded generator; with seed 4423 only rolls 2 and 8 of the first 64
/// fire (found by replaying the fake's xorshift64*). Whatever order the concurrent requests
/// arrive in, at most two requests fail, so no call can use up its 3 attempts: deterministic.
#[tokio::test]
async fn ten_percent_5xx_is_retried_to_a_complete_catalogue() {
    let expected = baseline().await;
    let fake = FakeAws::start(demo_data()).await;
    fake.set_seed(4423);
    for (api, status) in [
        (Api::ListFoundationModels, 500),
        (Api::ListInferenceProfiles, 503),
        (Api::ListServiceQuotas, 500),
        (Api::ListAwsDefaultServiceQuotas, 503),
    ] {
        fake.add_rule(Rule {
            probability: 0.1,
            ..Rule::always(api, Fault::ServerError(status))
        });
    }
    let run = Run::new();
    let out = run
        .exec_async(Some(&fake.url()), &["--regions", &regions_arg()])
        .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let c = run.catalog();
    let m = &c["metadata"];
    assert_eq!(m["run_status"], "complete");
    assert_eq!(strings(&m["regions_failed"]), Vec::<String>::new());
    assert_eq!(
        strings(&m["regions_ok"]),
        ["eu-west-1", "us-east-1", "us-west-2"]
    );
    assert_eq!(strings(&m["regions_not_opted_in"]), ["eu-central-2"]);
    assert_same_models(&c, &expected);
    let faults: Vec<_> = aws_requests(&fake)
        .into_iter()
        .filter_map(|r| r.fault)
        .filter(|f| matches!(f, Fault::ServerError(_)))
        .collect();
    assert_eq!(faults.len(), 2, "{faults:?}");
    assert_attempts_recorded(&c, &fake);
}

/// 30% of AWS requests throttled. Three attempts would let a call run out of attempts about one
/// run in three (16 calls x 0.3^3), and the order in which concurrent requests take the seeded
/// rolls is not fixed; so this test allows 8 attempts (0.3^8 x 16 ~ 0.1%) with a fixed seed.
#[tokio::test]
async fn thirty_percent_throttled_is_retried_to_a_complete_catalogue() {
    let expected = baseline().await;
    let fake = FakeAws::start(demo_data()).await;
    fake.set_seed(30);
    for api in AWS_APIS {
        fake.add_rule(Rule {
            probability: 0.3,
            ..Rule::always(api, Fault::Throttle)
        });
    }
    let run = Run::new();
    let path = run.path().join("test-config.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("max_attempts = 3\n"));
    std::fs::write(
        &path,
        text.replace("max_attempts = 3\n", "max_attempts = 8\n"),
    )
    .unwrap();
    let out = run
        .exec_async(Some(&fake.url()), &["--regions", &regions_arg()])
        .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    // The SDK's own retries carried it: no request needed more than the 8 configured attempts.
    let most = aws_requests(&fake).iter().filter_map(|r| r.attempt).max();
    assert!(most.is_some_and(|n| (2..=8).contains(&n)), "{most:?}");
    let c = run.catalog();
    let m = &c["metadata"];
    assert_eq!(m["run_status"], "complete");
    assert_same_models(&c, &expected);
    let throttled = aws_requests(&fake)
        .iter()
        .filter(|r| r.fault == Some(Fault::Throttle))
        .count();
    assert!(throttled >= 3, "{throttled} requests throttled");
    assert_attempts_recorded(&c, &fake);
}

// ---------------------------------------------------------------------------------------------
// Regions not opted in, and an endpoint that closes every connection
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn two_regions_not_opted_in_are_not_failures() {
    // Neither eu-central-2 nor ap-south-2 is in the demo data: both answer
    // UnrecognizedClientException, as a region the account has not enabled does.
    let fake = FakeAws::start(demo_data()).await;
    let run = Run::new();
    let out = run
        .exec_async(
            Some(&fake.url()),
            &["--regions", &format!("ap-south-2,{}", regions_arg())],
        )
        .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let m = &run.catalog()["metadata"];
    assert_eq!(m["run_status"], "complete");
    assert_eq!(
        strings(&m["regions_not_opted_in"]),
        ["ap-south-2", "eu-central-2"]
    );
    assert_eq!(strings(&m["regions_failed"]), Vec::<String>::new());
    assert_eq!(m["total_models"], 7);
    for region in ["ap-south-2", "eu-central-2"] {
        for api in AWS_APIS {
            let st = &m["region_status"][region][api_name(api)];
            assert_eq!(st["status"], "not_opted_in", "{region} {api:?}: {st}");
        }
    }
    // Not retried: one request per API in each.
    let south = aws_requests(&fake)
        .into_iter()
        .filter(|r| r.region.as_deref() == Some("ap-south-2"))
        .count();
    assert_eq!(south, 4);
}

#[tokio::test]
async fn an_endpoint_closing_every_connection_is_an_error_quickly() {
    let fake = FakeAws::start(demo_data()).await;
    for api in AWS_APIS {
        fake.add_rule(Rule::always(api, Fault::CloseConnection).in_region("us-west-2"));
    }
    let run = Run::new();
    let out = run
        .exec_async(Some(&fake.url()), &["--regions", &regions_arg()])
        .await;
    assert_eq!(out.code, 3, "{}", out.stderr);
    // Each API of us-west-2: the configured 3 attempts, each dropped by the server, then given up.
    for api in AWS_APIS {
        let seen: Vec<_> = aws_requests(&fake)
            .into_iter()
            .filter(|r| r.api == api && r.region.as_deref() == Some("us-west-2"))
            .map(|r| (r.attempt, r.fault))
            .collect();
        assert_eq!(
            seen,
            [1, 2, 3].map(|n| (Some(n), Some(Fault::CloseConnection))),
            "{api:?}"
        );
    }
    let c = run.catalog();
    let m = &c["metadata"];
    assert_eq!(m["run_status"], "partial");
    assert_eq!(strings(&m["regions_failed"]), ["us-west-2"]);
    assert_eq!(strings(&m["regions_ok"]), ["eu-west-1", "us-east-1"]);
    for api in AWS_APIS {
        let st = &m["region_status"]["us-west-2"][api_name(api)];
        assert_eq!(st["status"], "error", "{st}");
        let msg = st["message"].as_str().unwrap();
        assert!(
            msg.contains(" in us-west-2 could not reach the endpoint"),
            "{msg}"
        );
        assert!(!msg.contains('\n'), "{msg}");
    }
    for region in ["eu-west-1", "us-east-1"] {
        for api in AWS_APIS {
            assert_eq!(m["region_status"][region][api_name(api)]["status"], "ok");
        }
    }
    assert_eq!(m["total_models"], 7);
}

// ---------------------------------------------------------------------------------------------
// Malformed JSON from each AWS API
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn malformed_json_from_each_aws_api_is_an_error_of_that_api() {
    for api in AWS_APIS {
        let fake = FakeAws::start(demo_data()).await;
        fake.add_rule(Rule::always(api, Fault::Malformed).in_region("us-east-1"));
        let run = Run::new();
        let out = run
            .exec_async(Some(&fake.url()), &["--regions", &regions_arg()])
            .await;
        assert_eq!(out.code, 3, "{api:?}: {}", out.stderr);
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
        let c = run.catalog();
        let m = &c["metadata"];
        assert_eq!(m["run_status"], "partial");
        assert_eq!(strings(&m["regions_failed"]), ["us-east-1"], "{api:?}");
        for other in AWS_APIS {
            let st = &m["region_status"]["us-east-1"][api_name(other)];
            let want = if other == api { "error" } else { "ok" };
            assert_eq!(st["status"], want, "{api:?} broken, {other:?}: {st}");
        }
        let st = &m["region_status"]["us-east-1"][api_name(api)];
        let msg = st["message"].as_str().unwrap();
        assert!(msg.contains("us-east-1"), "{msg}");
        assert!(!msg.contains('\n'), "{msg}");
        // What the broken call would have given is missing; nothing was made up.
        if api == Api::ListFoundationModels {
            assert_eq!(
                strings(&m["regions_ok"]),
                ["eu-west-1", "us-west-2"],
                "{api:?}"
            );
        } else {
            assert_eq!(
                strings(&m["regions_ok"]),
                ["eu-west-1", "us-east-1", "us-west-2"]
            );
        }
        assert!(m["total_models"].as_u64().unwrap() >= 6);
    }
}

// ---------------------------------------------------------------------------------------------
// File sources: the Price List and LiteLLM, served by a second fake
// ---------------------------------------------------------------------------------------------

const LITELLM_PATH: &str = "/litellm/model_prices_and_context_window.json";
const FM_INDEX: &str = "/offers/v1.0/aws/AmazonBedrockFoundationModels/current/region_index.json";
const FM_US_EAST_1: &str =
    "/offers/v1.0/aws/AmazonBedrockFoundationModels/20260911124410/us-east-1/index.json";

/// A file server with the fixtures' Price List and LiteLLM's database.
async fn file_server() -> FakeAws {
    let files = FakeAws::start(FakeData::default()).await;
    let fixtures = fixtures_dir();
    files
        .serve_dir("", &fixtures.join("price-list"))
        .expect("price list fixtures (set BEDROCK_FIXTURES?)");
    let litellm =
        std::fs::read(fixtures.join("litellm/model_prices_and_context_window_backup.json"))
            .unwrap();
    files.serve_file(LITELLM_PATH, litellm);
    files
}

fn file_args(files_url: &str) -> Vec<String> {
    vec![
        "--regions".into(),
        regions_arg(),
        "--price-list-url".into(),
        files_url.into(),
        "--litellm-url".into(),
        format!("{files_url}{LITELLM_PATH}"),
    ]
}

async fn exec(run: &Run, endpoint: &str, args: &[String]) -> harness::Outcome {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run.exec_async(Some(endpoint), &args).await
}

fn first_half(path: &Path) -> Vec<u8> {
    let bytes = std::fs::read(path).unwrap();
    bytes[..bytes.len() / 2].to_vec()
}

fn price_list_fixture(url_path: &str) -> PathBuf {
    fixtures_dir()
        .join("price-list")
        .join(url_path.trim_start_matches('/'))
}

#[tokio::test]
async fn both_file_sources_served_are_ok() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let aws = FakeAws::start(demo_data()).await;
    let files = file_server().await;
    let run = Run::new();
    let out = exec(&run, &aws.url(), &file_args(&files.url())).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let m = &run.catalog()["metadata"];
    assert_eq!(m["sources"]["price_list"]["status"], "ok");
    assert_eq!(m["sources"]["litellm"]["status"], "ok");
    assert_eq!(m["sources"]["litellm"]["origin"], "network");
    assert!(m["models_with_pricing"].as_u64().unwrap() > 0);
}

/// A broken Price List region index, a broken offer file, a broken LiteLLM database: that source
/// is `error` naming the file, the run is partial, the rest of the catalogue is there.
#[tokio::test]
async fn malformed_file_sources_are_errors_of_that_source() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let aws = FakeAws::start(demo_data()).await;
    for case in ["region index", "offer file", "litellm"] {
        let files = file_server().await;
        match case {
            "region index" => files.serve_file(FM_INDEX, first_half(&price_list_fixture(FM_INDEX))),
            "offer file" => {
                files.serve_file(FM_US_EAST_1, first_half(&price_list_fixture(FM_US_EAST_1)))
            }
            // Prices off: the fake's Malformed fault (the first half of the body) hits only
            // LiteLLM's database.
            _ => files.add_rule(Rule::always(Api::File, Fault::Malformed)),
        }
        let mut args = file_args(&files.url());
        if case == "litellm" {
            args[3] = String::new();
        }
        let run = Run::new();
        let out = exec(&run, &aws.url(), &args).await;
        assert_eq!(out.code, 3, "{case}: {}", out.stderr);
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
        let c = run.catalog();
        let m = &c["metadata"];
        assert_eq!(m["run_status"], "partial", "{case}");
        assert_eq!(strings(&m["regions_failed"]), Vec::<String>::new());
        assert_eq!(m["total_models"], 7);
        let (source, other) = if case == "litellm" {
            ("litellm", "price_list")
        } else {
            ("price_list", "litellm")
        };
        assert_eq!(strings(&m["sources_failed"]), [source], "{case}");
        let st = &m["sources"][source];
        assert_eq!(st["status"], "error", "{case}: {st}");
        let msg = st["message"].as_str().unwrap();
        assert!(!msg.contains('\n'), "{msg}");
        match case {
            "region index" => {
                assert!(msg.contains(FM_INDEX), "{msg}");
                assert!(msg.contains("region index ends early"), "{msg}");
                // The other two offers were still read and used.
                assert!(m["models_with_pricing"].as_u64().unwrap() > 0);
            }
            "offer file" => {
                assert!(msg.contains(FM_US_EAST_1), "{msg}");
                assert!(msg.contains("ends early"), "{msg}");
                assert!(m["models_with_pricing"].as_u64().unwrap() > 0);
            }
            _ => {
                assert!(msg.contains("LiteLLM"), "{msg}");
                assert!(msg.contains("not valid JSON"), "{msg}");
                // Token specs from the corrections file only.
                let nova = model(&c, "amazon.nova-pro-v1");
                assert_eq!(nova["token_specs"]["source"], "corrected");
                let sonnet = model(&c, "anthropic.claude-sonnet-4-5-20250929-v1");
                assert_ne!(sonnet["token_specs"]["context_window_source"], "litellm");
                assert_eq!(m["sources"][other]["status"], "skipped");
            }
        }
        if case != "litellm" {
            assert_eq!(m["sources"][other]["status"], "ok", "{case}");
        }
    }
}

/// Both downloads cached by a first run; a second run with `ttl_hours = 0` must revalidate, the
/// server fails (503, then gone entirely), and the cached copies are used: `stale_cache`, `ok`,
/// exit 0, and the same prices and token specs as the first run.
#[tokio::test]
async fn unreachable_file_sources_fall_back_to_the_cache() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let aws = FakeAws::start(demo_data()).await;
    let files = file_server().await;
    let run = Run::new();
    run.append_config("[cache]\nttl_hours = 0");
    let cache = run.path().join("cache");
    let mut args = file_args(&files.url());
    args.extend(["--cache-dir".into(), cache.display().to_string()]);
    let out = exec(&run, &aws.url(), &args).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let first = run.catalog();
    assert_eq!(first["metadata"]["sources"]["litellm"]["origin"], "network");
    let file_requests = files.requests_for(Api::File).len();
    assert!(
        cache.read_dir().unwrap().count() >= 2 * 9,
        "body and meta of every file"
    );

    // The server answers 503 to everything.
    files.add_rule(Rule::always(Api::File, Fault::ServerError(503)));
    let out = exec(&run, &aws.url(), &args).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let c = run.catalog();
    let m = &c["metadata"];
    assert_eq!(m["run_status"], "complete");
    assert_eq!(m["sources"]["litellm"]["status"], "ok");
    assert_eq!(m["sources"]["litellm"]["origin"], "stale_cache");
    assert_eq!(m["sources"]["price_list"]["status"], "ok");
    assert!(
        files.requests_for(Api::File).len() > file_requests,
        "the cache was revalidated, not used as fresh"
    );
    for key in ["models_with_pricing", "models_with_token_specs"] {
        assert_eq!(m[key], first["metadata"][key], "{key}");
    }
    assert_same_models(&c, &first);
    assert!(
        out.stderr.contains("using the cached copy"),
        "{}",
        out.stderr
    );

    // The server is gone: connection refused.
    let url = files.url();
    drop(files);
    let out = exec(&run, &aws.url(), &args).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let c = run.catalog();
    let m = &c["metadata"];
    assert_eq!(m["sources"]["litellm"]["origin"], "stale_cache");
    assert_eq!(
        m["sources"]["litellm"]["location"],
        format!("{url}{LITELLM_PATH}")
    );
    assert_eq!(m["sources"]["price_list"]["status"], "ok");
    assert_same_models(&c, &first);
}

/// Without a cache, the same unreachable server: both sources `error`, the run partial (3), the
/// catalogue written without prices and with token specs from the corrections file only.
#[tokio::test]
async fn unreachable_file_sources_without_a_cache_are_errors() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let aws = FakeAws::start(demo_data()).await;
    for how in ["503", "gone"] {
        let files = file_server().await;
        let mut args = file_args(&files.url());
        args.extend(["--cache-dir".into(), String::new()]);
        // Kept alive answering 503, or dropped: connection refused.
        let _kept = if how == "503" {
            files.add_rule(Rule::always(Api::File, Fault::ServerError(503)));
            Some(files)
        } else {
            drop(files);
            None
        };
        let run = Run::new();
        let out = exec(&run, &aws.url(), &args).await;
        assert_eq!(out.code, 3, "{how}: {}", out.stderr);
        let c = run.catalog();
        let m = &c["metadata"];
        assert_eq!(m["run_status"], "partial");
        assert_eq!(strings(&m["regions_failed"]), Vec::<String>::new());
        assert_eq!(strings(&m["sources_failed"]), ["litellm", "price_list"]);
        for source in ["litellm", "price_list"] {
            let st = &m["sources"][source];
            assert_eq!(st["status"], "error", "{how} {source}: {st}");
            let msg = st["message"].as_str().unwrap();
            assert!(!msg.contains('\n'), "{msg}");
            if how == "503" {
                assert!(msg.contains("answered HTTP 503"), "{msg}");
            } else {
                assert!(msg.contains("failed"), "{msg}");
            }
        }
        assert_eq!(m["total_models"], 7);
        assert_eq!(m["models_with_pricing"], 0);
        let nova = model(&c, "amazon.nova-pro-v1");
        assert_eq!(nova["has_pricing"], false);
        assert_eq!(nova["token_specs"]["source"], "corrected");
        assert_eq!(nova["token_specs"]["context_window"], 300000);
        let sonnet = model(&c, "anthropic.claude-sonnet-4-5-20250929-v1");
        assert_ne!(sonnet["token_specs"]["context_window_source"], "litellm");
        assert!(
            out.stderr
                .contains("the run is partial: source(s) failed: litellm, price_list"),
            "{}",
            out.stderr
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Output directory not writable, disk full
// ---------------------------------------------------------------------------------------------

fn sh(cmd: &str, args: &[&str]) -> bool {
    std::process::Command::new(cmd)
        .args(args)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Makes a directory refuse new files, undoing it when dropped. As a normal user `chmod 0o555`
/// does it; root ignores permissions, so then the immutable attribute (`chattr +i`, ext4/xfs/
/// tmpfs) or a read-only bind mount is used.
struct ReadOnlyDir {
    dir: PathBuf,
    how: &'static str,
}

impl ReadOnlyDir {
    fn new(dir: &Path) -> Option<ReadOnlyDir> {
        use std::os::unix::fs::PermissionsExt;
        let probe = dir.join(".probe");
        let refused = || std::fs::write(&probe, "").is_err();
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
        if refused() {
            return Some(ReadOnlyDir {
                dir: dir.into(),
                how: "chmod 0o555",
            });
        }
        // Root: permissions are not enforced.
        let _ = std::fs::remove_file(&probe);
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let d = dir.to_str().unwrap();
        if sh("chattr", &["+i", d]) {
            if refused() {
                return Some(ReadOnlyDir {
                    dir: dir.into(),
                    how: "chattr +i",
                });
            }
            sh("chattr", &["-i", d]);
        }
        if sh("mount", &["--bind", d, d]) {
            if sh("mount", &["-o", "remount,ro,bind", d]) && refused() {
                return Some(ReadOnlyDir {
                    dir: dir.into(),
                    how: "read-only bind mount",
                });
            }
            sh("umount", &[d]);
        }
        let _ = std::fs::remove_file(&probe);
        None
    }
}

impl Drop for ReadOnlyDir {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        let d = self.dir.to_str().unwrap();
        match self.how {
            "chattr +i" => {
                sh("chattr", &["-i", d]);
            }
            "read-only bind mount" => {
                sh("umount", &[d]);
            }
            _ => {}
        }
        let _ = std::fs::set_permissions(&self.dir, std::fs::Permissions::from_mode(0o755));
    }
}

#[tokio::test]
async fn an_output_directory_that_refuses_files_exits_2_before_any_request() {
    let fake = FakeAws::start(demo_data()).await;
    let run = Run::new();
    let out = run
        .exec_async(Some(&fake.url()), &["--regions", &regions_arg()])
        .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let before = std::fs::read(run.output_path()).unwrap();
    let data = run.output_path().parent().unwrap().to_path_buf();
    let Some(locked) = ReadOnlyDir::new(&data) else {
        eprintln!(
            "SKIPPED: cannot make {} refuse new files here (root without chattr or mount)",
            data.display()
        );
        return;
    };
    eprintln!("output directory made unwritable with {}", locked.how);
    fake.reset_counters();
    let out = run
        .exec_async(Some(&fake.url()), &["--regions", &regions_arg()])
        .await;
    // A directory that takes no new files is refused before the first request (preflight).
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(out.stderr.trim_end().lines().count(), 1, "{}", out.stderr);
    let line = last_line(&out.stderr);
    assert!(
        line.starts_with(&format!(
            "error: the output path {} cannot be written: {} refuses new files: ",
            run.output_path().display(),
            data.display()
        )),
        "{}",
        out.stderr
    );
    assert!(
        line.contains("Permission denied")
            || line.contains("Operation not permitted")
            || line.contains("Read-only file system"),
        "{line}"
    );
    assert_eq!(fake.request_count(), 0, "no request before the refusal");
    drop(locked);
    assert_eq!(std::fs::read(run.output_path()).unwrap(), before);
    assert_eq!(harness::temp_files(&data), Vec::<String>::new());
}

/// A 1 MB tmpfs (root only; skipped with the reason otherwise) holds the previous catalogue and
/// its backup; it is then filled so that the next catalogue cannot fit.
#[tokio::test]
async fn a_full_disk_exits_1_and_keeps_the_catalogue() {
    let fake = FakeAws::start(demo_data()).await;
    let run = Run::new();
    let data = run.output_path().parent().unwrap().to_path_buf();
    std::fs::create_dir_all(&data).unwrap();
    let d = data.to_str().unwrap().to_string();
    if !sh("mount", &["-t", "tmpfs", "-o", "size=1M", "tmpfs", &d]) {
        eprintln!("SKIPPED: cannot mount a small tmpfs here (needs root / CAP_SYS_ADMIN)");
        return;
    }
    struct Unmount(String);
    impl Drop for Unmount {
        fn drop(&mut self) {
            sh("umount", &[&self.0]);
        }
    }
    let _mounted = Unmount(d.clone());
    let out = run
        .exec_async(Some(&fake.url()), &["--regions", &regions_arg()])
        .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let before = std::fs::read(run.output_path()).unwrap();
    // Fill the disk, then free a little less than a catalogue.
    let filler = data.join("filler");
    {
        use std::io::Write;
        let mut f = std::fs::File::create(&filler).unwrap();
        let chunk = vec![0u8; 4096];
        while f.write_all(&chunk).and_then(|_| f.flush()).is_ok() {}
        let len = f.metadata().unwrap().len();
        f.set_len(len.saturating_sub(before.len() as u64 / 2))
            .unwrap();
    }
    let out = run
        .exec_async(Some(&fake.url()), &["--regions", &regions_arg()])
        .await;
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        last_line(&out.stderr),
        format!(
            "error: cannot write {}: No space left on device (os error 28)",
            run.output_path().display()
        ),
        "{}",
        out.stderr
    );
    assert_eq!(std::fs::read(run.output_path()).unwrap(), before);
    assert_eq!(harness::temp_files(&data), Vec::<String>::new());
}
