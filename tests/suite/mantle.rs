//! Mantle, Bedrock's OpenAI-compatible endpoint, against the fake: the fake serves each region's
//! `/v1/models` from the model cards' `bedrock-mantle` ids (see `fixture_data.rs`) and accepts only
//! a key made as AWS's token generator libraries make it, scoped to that region.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::support::fake_aws;
use crate::support::harness;

use fake_aws::{Api, FakeAws, FakeData, Fault, Rule, fixtures_dir};
use harness::{Outcome, Run, mantle_url, model, strings, without_run_times};
use serde_json::Value;

/// us-east-1 and us-west-2 serve the most Mantle models, eu-west-1 and ap-northeast-1 fewer,
/// ca-central-1 none (its list is empty).
const REGIONS: &str = "ap-northeast-1,ca-central-1,eu-west-1,us-east-1,us-west-2";

fn fixture_data() -> FakeData {
    let regions: Vec<&str> = REGIONS.split(',').collect();
    FakeData::from_fixtures(&fixtures_dir(), &regions).expect("fixtures load")
}

/// Mantle id -> the regions whose list has it, as the fake serves them.
fn served(data: &FakeData) -> BTreeMap<String, BTreeSet<String>> {
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (region, rd) in &data.regions {
        for id in &rd.mantle_models {
            ids.entry(id.clone()).or_default().insert(region.clone());
        }
    }
    ids
}

/// Every model entry of the catalogue with a Mantle route: (key, provider, route).
fn routes(c: &Value) -> Vec<(String, String, Value)> {
    let mut out = vec![];
    for (provider, p) in c["providers"].as_object().unwrap() {
        for (key, m) in p["models"].as_object().unwrap() {
            if let Some(route) = m.get("mantle") {
                out.push((key.clone(), provider.clone(), route.clone()));
            }
        }
    }
    out
}

async fn run_with(run: &Run, fake: &FakeAws, extra: &[&str]) -> Outcome {
    let url = mantle_url(&fake.url());
    let mut args = vec!["--regions", REGIONS, "--mantle-url", &url];
    args.extend_from_slice(extra);
    run.exec_async(Some(&fake.url()), &args).await
}

#[tokio::test]
async fn every_mantle_id_is_in_exactly_one_model_with_its_exact_regions() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let data = fixture_data();
    let expected = served(&data);
    assert_eq!(expected.len(), 48);
    let fake = FakeAws::start(data).await;
    let run = Run::new();
    let out = run_with(&run, &fake, &[]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let c = run.catalog();

    // One Mantle request per region, each with a key the fake accepted for that region.
    let reqs = fake.requests_for(Api::MantleModels);
    let asked: Vec<String> = reqs.iter().map(|r| r.region.clone().unwrap()).collect();
    assert_eq!(
        asked.iter().cloned().collect::<BTreeSet<_>>().len(),
        5,
        "{asked:?}"
    );
    assert_eq!(asked.len(), 5);
    assert!(reqs.iter().all(|r| r.fault.is_none()));

    // Every id in exactly one entry, with exactly the regions that list it.
    let routes = routes(&c);
    let mut seen: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (key, _, route) in &routes {
        let id = route["model_id"].as_str().unwrap().to_string();
        assert!(!seen.contains_key(&id), "{id} is in two entries");
        seen.insert(id.clone(), strings(&route["regions"]).into_iter().collect());
        assert_eq!(
            route["base_url_template"],
            format!("{}/v1", mantle_url(&fake.url())),
            "{key}"
        );
    }
    assert_eq!(seen, expected);

    // Same id on both endpoints, and id plus a version suffix: joined to the model.
    let joined = |key: &str| model(&c, key)["mantle"]["model_id"].clone();
    assert_eq!(joined("deepseek.v3.2"), "deepseek.v3.2");
    assert_eq!(joined("openai.gpt-oss-120b-1"), "openai.gpt-oss-120b");
    assert_eq!(joined("openai.gpt-oss-20b-1"), "openai.gpt-oss-20b");
    assert_eq!(joined("qwen.qwen3-32b-v1"), "qwen.qwen3-32b");
    assert_eq!(joined("zai.glm-4.7"), "zai.glm-4.7");
    assert_eq!(joined("zai.glm-4.7-flash"), "zai.glm-4.7-flash");
    let oss = model(&c, "openai.gpt-oss-120b-1");
    assert_eq!(
        strings(&oss["mantle"]["regions"]),
        ["ap-northeast-1", "eu-west-1", "us-east-1", "us-west-2"]
    );
    // The runtime lists it where the model-card table says; Mantle where Mantle's list does.
    assert!(!strings(&oss["regions_available"]).is_empty());

    // Never a neighbour's: the dated Haiku 4.5 keeps no route, the Mantle id is its own entry.
    let haiku = model(&c, "anthropic.claude-haiku-4-5-20251001-v1");
    assert!(haiku.get("mantle").is_none());
    let own = model(&c, "anthropic.claude-haiku-4-5");
    assert_eq!(own["regions_available"], serde_json::json!([]));
    assert_eq!(own["regional_availability_source"], "mantle");
    assert_eq!(
        strings(&own["mantle"]["regions"]),
        ["ap-northeast-1", "eu-west-1", "us-east-1"]
    );

    // Mantle-only ids are entries of their own, under their provider.
    let provider_of = |key: &str| {
        routes
            .iter()
            .find(|(k, _, _)| k == key)
            .map(|(_, p, _)| p.clone())
            .unwrap()
    };
    assert_eq!(provider_of("google.gemma-4-31b"), "Google");
    assert_eq!(provider_of("openai.gpt-5.4"), "OpenAI");
    assert_eq!(provider_of("xai.grok-4.3"), "xai");
    let gemma = model(&c, "google.gemma-4-31b");
    assert_eq!(gemma["invocable_model_id"], "google.gemma-4-31b");
    assert_eq!(
        strings(&gemma["mantle"]["regions"]),
        ["us-east-1", "us-west-2"]
    );

    // Metadata: counts per region, the join decisions, a status per region.
    let m = &c["metadata"]["mantle"];
    let by_region: BTreeMap<String, usize> =
        serde_json::from_value(m["models_by_region"].clone()).unwrap();
    for (region, n) in &by_region {
        let want = expected.values().filter(|r| r.contains(region)).count();
        assert_eq!(*n, want, "{region}");
    }
    assert_eq!(by_region["ca-central-1"], 0);
    assert_eq!(m["distinct_models"], 48);
    let joins = m["joins"].as_array().unwrap();
    assert_eq!(joins.len(), 48);
    let decision = |id: &str| {
        joins
            .iter()
            .find(|j| j["mantle_id"] == id)
            .map(|j| (j["decision"].clone(), j["rule"].clone()))
            .unwrap()
    };
    assert_eq!(
        decision("openai.gpt-oss-120b"),
        ("joined".into(), "version_suffix".into())
    );
    assert_eq!(
        decision("deepseek.v3.2"),
        ("joined".into(), "exact_id".into())
    );
    assert_eq!(
        decision("google.gemma-4-31b"),
        ("own_entry".into(), Value::Null)
    );
    assert_eq!(
        m["joined"].as_u64().unwrap()
            + m["own_entries"].as_u64().unwrap()
            + m["ambiguous"].as_u64().unwrap(),
        48
    );
    for region in REGIONS.split(',') {
        let s = &c["metadata"]["region_status"][region]["mantle_models"];
        assert_eq!(s["status"], "ok", "{region}");
        assert_eq!(s["items"], by_region[region], "{region}");
        assert_eq!(
            (s["requests"].as_u64(), s["attempts"].as_u64()),
            (Some(1), Some(1))
        );
    }
    // The key is never logged.
    assert!(!out.stderr.contains("bedrock-api-key-"), "{}", out.stderr);
}

#[tokio::test]
async fn a_region_whose_mantle_host_does_not_resolve_is_not_offered() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let fake = FakeAws::start(fixture_data()).await;
    let run = Run::new();
    // `.invalid` never resolves (RFC 6761): the collector fails it without asking a resolver.
    let args = [
        "--regions",
        "eu-west-1,us-east-1",
        "--mantle-url",
        "https://bedrock-mantle.{region}.invalid",
    ];
    let out = run.exec_async(Some(&fake.url()), &args).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let c = run.catalog();
    assert_eq!(c["metadata"]["run_status"], "complete");
    assert_eq!(c["metadata"]["regions_failed"], serde_json::json!([]));
    for region in ["eu-west-1", "us-east-1"] {
        let s = &c["metadata"]["region_status"][region]["mantle_models"];
        assert_eq!(s["status"], "not_offered", "{region}");
        assert!(
            s["message"].as_str().unwrap().contains(&format!(
                "the host bedrock-mantle.{region}.invalid does not resolve"
            )),
            "{s}"
        );
        assert_eq!(
            c["metadata"]["region_status"][region]["list_foundation_models"]["status"],
            "ok"
        );
    }
    assert!(routes(&c).is_empty());
    assert_eq!(
        c["metadata"]["mantle"]["models_by_region"],
        serde_json::json!({})
    );
    assert!(fake.requests_for(Api::MantleModels).is_empty());
    assert!(
        out.stderr
            .contains("Mantle is not offered in 2 region(s): eu-west-1, us-east-1"),
        "{}",
        out.stderr
    );
}

#[tokio::test]
async fn a_bad_key_is_rejected_by_the_fake_and_reported_as_access_denied() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let fake = FakeAws::start(fixture_data()).await;
    let run = Run::new();
    let url = mantle_url(&fake.url());
    let args = ["--regions", "us-east-1", "--mantle-url", &url];
    // A key given by the user, shaped like a short-term key for us-east-1 but valid for a day:
    // AWS's keys last at most 12 hours. (The SDK sends it to Bedrock too, which the fake accepts.)
    let url_in_key = "bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256\
        &X-Amz-Credential=AKIDFAKE%2F20261204%2Fus-east-1%2Fbedrock%2Faws4_request\
        &X-Amz-Date=20261204T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host\
        &X-Amz-Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef&Version=1";
    let key = format!(
        "bedrock-api-key-{}",
        aws_smithy_types::base64::encode(url_in_key)
    );
    let mut cmd = run.command(Some(&fake.url()), &args);
    cmd.env("AWS_BEARER_TOKEN_BEDROCK", &key);
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    let c = run.catalog();
    let s = &c["metadata"]["region_status"]["us-east-1"]["mantle_models"];
    assert_eq!(s["status"], "access_denied");
    assert_eq!(
        s["message"],
        format!(
            "Mantle GET {}/mantle/us-east-1/v1/models in us-east-1 answered HTTP 401 Unauthorized: \
             invalid_request_error/invalid_api_key: Invalid API key: the key's X-Amz-Expires is not 1 to 43200 seconds",
            fake.url()
        )
    );
    assert!(
        s["hint"]
            .as_str()
            .unwrap()
            .contains("bedrock-mantle:CallWithBearerToken")
    );
    assert_eq!(
        c["metadata"]["regions_failed"],
        serde_json::json!(["us-east-1"])
    );
    // Not retried: a rejected key stays rejected. The user's key is used as given, never logged.
    assert_eq!(fake.requests_for(Api::MantleModels).len(), 1);
    assert!(!stderr.contains(&key), "{stderr}");
}

#[tokio::test]
async fn a_throttled_mantle_is_retried_then_reported() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let fake = FakeAws::start(fixture_data()).await;
    fake.add_rule(Rule::always(Api::MantleModels, Fault::Throttle).in_region("eu-west-1"));
    let run = Run::new();
    let out = run_with(&run, &fake, &[]).await;
    assert_eq!(out.code, 3, "{}", out.stderr);
    let c = run.catalog();
    let s = &c["metadata"]["region_status"]["eu-west-1"]["mantle_models"];
    assert_eq!(s["status"], "throttled");
    // The test config's three attempts.
    assert_eq!(
        (s["requests"].as_u64(), s["attempts"].as_u64()),
        (Some(1), Some(3))
    );
    // The other regions still give their routes; eu-west-1 is missing from them, not invented.
    let oss = model(&c, "openai.gpt-oss-120b-1");
    assert_eq!(
        strings(&oss["mantle"]["regions"]),
        ["ap-northeast-1", "us-east-1", "us-west-2"]
    );
}

#[tokio::test]
async fn replay_gives_the_same_catalogue_and_the_snapshot_holds_no_key() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let fake = FakeAws::start(fixture_data()).await;
    let run = Run::new();
    let snap = run.path().join("snap");
    let snap_arg = snap.to_str().unwrap();
    let out = run_with(&run, &fake, &["--record", snap_arg]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let recorded = without_run_times(run.catalog());
    assert!(
        snap.join("aws/us-east-1/mantle_models/page-0001.json")
            .is_file()
    );
    let before = fake.request_count();

    let out = run.exec(None, &["--replay", snap_arg]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(without_run_times(run.catalog()), recorded);
    assert_eq!(fake.request_count(), before);
    assert!(!contains_anywhere(&snap, b"bedrock-api-key-"));
    assert!(!contains_anywhere(&snap, b"X-Amz-Signature"));
}

fn contains_anywhere(dir: &Path, needle: &[u8]) -> bool {
    std::fs::read_dir(dir).unwrap().any(|e| {
        let p = e.unwrap().path();
        if p.is_dir() {
            contains_anywhere(&p, needle)
        } else {
            std::fs::read(&p)
                .unwrap()
                .windows(needle.len())
                .any(|w| w == needle)
        }
    })
}

#[tokio::test]
async fn a_region_not_opted_in_answers_mantle_as_the_other_apis_do() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    // eu-central-2 is not in the fake's data: every API, Mantle included, answers
    // UnrecognizedClientException (Mantle in OpenAI's error shape).
    let fake = FakeAws::start(fixture_data()).await;
    let run = Run::new();
    let url = mantle_url(&fake.url());
    let args = ["--regions", "eu-central-2,us-east-1", "--mantle-url", &url];
    let out = run.exec_async(Some(&fake.url()), &args).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let c = run.catalog();
    let s = &c["metadata"]["region_status"]["eu-central-2"]["mantle_models"];
    assert_eq!(s["status"], "not_opted_in");
    assert_eq!(
        s["message"],
        format!(
            "Mantle GET {url_eu}/v1/models in eu-central-2 answered HTTP 403 Forbidden: \
             UnrecognizedClientException: The security token included in the request is invalid.",
            url_eu = url.replace("{region}", "eu-central-2")
        )
    );
    assert_eq!(c["metadata"]["run_status"], "complete");
    assert_eq!(c["metadata"]["mantle"]["models_by_region"]["us-east-1"], 48);
}

#[tokio::test]
async fn a_model_only_mantle_lists_gets_its_mantle_quotas() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    // GPT-5.4's two Mantle quotas of late 2026 (and only those), in us-east-1.
    let gpt = |q: &bedrock_collector::records::ServiceQuota| q.quota_name.ends_with(" for GPT-5.4");
    let quotas: Vec<_> = crate::quota_drift::late_2026_quotas()
        .into_iter()
        .filter(gpt)
        .collect();
    assert_eq!(quotas.len(), 2);
    let mut data = fixture_data();
    let east = data.regions.get_mut("us-east-1").unwrap();
    east.service_quotas.extend(quotas.iter().cloned());
    east.default_quotas.extend(quotas.iter().cloned());
    let fake = FakeAws::start(data).await;
    let run = Run::new();
    let out = run_with(&run, &fake, &[]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let c = run.catalog();

    // Only Mantle lists it, and both quotas join it, on the Mantle route, in us-east-1 only.
    let gpt = model(&c, "openai.gpt-5.4");
    assert_eq!(gpt["regional_availability_source"], "mantle");
    assert_eq!(gpt["total_quotas_assigned"], 2);
    let by_region = gpt["model_service_quotas"].as_object().unwrap();
    assert_eq!(by_region.keys().collect::<Vec<_>>(), ["us-east-1"]);
    let got: Vec<(String, String, String)> = by_region["us-east-1"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            let s = |k: &str| q[k].as_str().unwrap().to_string();
            (s("quota_code"), s("route"), s("metric"))
        })
        .collect();
    let row =
        |code: &str, metric: &str| (code.to_string(), "mantle".to_string(), metric.to_string());
    assert_eq!(
        got,
        [
            row("L-08036ECB", "output_tokens_per_minute"),
            row("L-C593EA7C", "input_tokens_per_minute"),
        ]
    );
    let unassigned = c["metadata"]["unassigned_quotas"].as_array().unwrap();
    assert!(
        !unassigned
            .iter()
            .any(|u| u["quota_name"].as_str().unwrap().ends_with("GPT-5.4")),
        "{unassigned:?}"
    );

    // `show` lists them.
    let show = std::process::Command::new(env!("CARGO_BIN_EXE_bedrock-collector"))
        .args([
            "show",
            "openai.gpt-5.4",
            "--region",
            "us-east-1",
            "--catalog",
        ])
        .arg(run.output_path())
        .output()
        .unwrap();
    let text = String::from_utf8(show.stdout).unwrap();
    assert!(show.status.success(), "{text}");
    // (The evidence gives no values for GPT-5.4's two: `-`.)
    let rows: Vec<Vec<&str>> = text
        .lines()
        .skip_while(|l| !l.starts_with("Quotas in us-east-1:"))
        .skip(2)
        .take_while(|l| l.starts_with("  "))
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        rows,
        [
            ["mantle", "input_tokens_per_minute", "-", "-"],
            ["mantle", "output_tokens_per_minute", "-", "-"],
        ],
        "{text}"
    );
    assert!(!text.contains("none assigned"), "{text}");
}
