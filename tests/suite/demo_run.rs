//! End-to-end runs of the real binary against the fake AWS server serving the hand-written demo
//! data: exact catalogue values, statuses, exit codes, record/replay, and the committed demo snapshot.

use crate::support::demo_data;
use crate::support::fake_aws;
use crate::support::harness;

use std::path::Path;

use demo_data::{DEMO_REGIONS, demo_data};
use fake_aws::FakeAws;
use harness::{Run, model, read_json, strings, without_run_times};

fn regions_arg() -> String {
    DEMO_REGIONS.join(",")
}

#[tokio::test]
async fn demo_run_builds_the_expected_catalogue() {
    let fake = FakeAws::start(demo_data()).await;
    let run = Run::new();
    let out = run
        .exec_async(Some(&fake.url()), &["--regions", &regions_arg()])
        .await;
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    let c = run.catalog();
    let m = &c["metadata"];
    assert_eq!(m["schema_version"], 1);
    assert_eq!(m["run_status"], "complete");
    assert_eq!(m["total_models"], 7);
    assert_eq!(m["providers_count"], 4);
    assert_eq!(
        strings(&m["regions_ok"]),
        ["eu-west-1", "us-east-1", "us-west-2"]
    );
    assert_eq!(strings(&m["regions_not_opted_in"]), ["eu-central-2"]);
    assert_eq!(m["regions_covered"], 3);
    assert_eq!(m["total_inference_profiles"], 8);
    assert_eq!(m["total_quotas_available"], 33);
    let st = &m["region_status"]["eu-central-2"]["list_foundation_models"];
    assert_eq!(st["status"], "not_opted_in");
    assert!(
        st["message"]
            .as_str()
            .unwrap()
            .contains("UnrecognizedClientException"),
        "{st}"
    );
    assert_eq!(
        m["region_status"]["us-west-2"]["list_foundation_models"]["items"],
        8
    );
    assert_eq!(
        m["region_status"]["us-east-1"]["list_service_quotas"]["items"],
        11
    );

    let haiku = model(&c, "anthropic.claude-3-haiku-20240307-v1");
    assert_eq!(
        haiku["invocable_model_id"],
        "anthropic.claude-3-haiku-20240307-v1:0"
    );
    assert_eq!(
        haiku["model_arn"],
        "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
    );
    assert_eq!(
        strings(&haiku["regions_available"]),
        ["eu-west-1", "us-east-1", "us-west-2"]
    );
    assert_eq!(haiku["total_regions_available"], 3);
    assert_eq!(
        strings(&haiku["inference_types_supported"]),
        ["INFERENCE_PROFILE", "ON_DEMAND", "PROVISIONED"]
    );
    assert_eq!(
        strings(
            &haiku["model_variants"]["anthropic.claude-3-haiku-20240307-v1:0:200k"]["regions"]["us-west-2"]
                ["inference_types_supported"]
        ),
        ["PROVISIONED"]
    );
    assert_eq!(
        strings(&haiku["regional_availability"]["eu-west-1"]["inference_types_supported"]),
        ["ON_DEMAND"]
    );
    assert_eq!(
        strings(&haiku["customization"]["customization_supported"]),
        ["FINE_TUNING"]
    );

    let sonnet = model(&c, "anthropic.claude-sonnet-4-5-20250929-v1");
    let cri = &sonnet["cross_region_inference"];
    assert_eq!(cri["supported"], true);
    // us. from 2 source regions, eu. from 1, global. from 3.
    assert_eq!(cri["profiles_count"], 6);
    assert_eq!(
        strings(&cri["source_regions"]),
        ["eu-west-1", "us-east-1", "us-west-2"]
    );
    let eu = cri["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["profile_id"] == "eu.anthropic.claude-sonnet-4-5-20250929-v1:0")
        .unwrap();
    assert_eq!(eu["source_region"], "eu-west-1");
    assert_eq!(
        strings(&eu["destination_regions"]),
        ["eu-central-1", "eu-north-1", "eu-west-1", "eu-west-3"]
    );
    assert_eq!(
        strings(&sonnet["inference_types_supported"]),
        ["INFERENCE_PROFILE"]
    );

    let mistral = model(&c, "mistral.mistral-large-2402-v1");
    assert_eq!(mistral["model_provider"], "Mistral AI");
    assert_eq!(mistral["model_lifecycle"]["status"], "ACTIVE");
    assert_eq!(
        mistral["regional_availability"]["eu-west-1"]["lifecycle_status"],
        "LEGACY"
    );
    assert_eq!(
        model(&c, "amazon.titan-embed-text-v2")["cross_region_inference"]["supported"],
        false
    );

    // One ListFoundationModels per region, one request per page otherwise; eu-central-2 answers
    // each of its four APIs once with UnrecognizedClientException (not retried).
    assert_eq!(fake.request_count(), 16);
    // A backup beside the catalogue.
    let backups: Vec<_> = std::fs::read_dir(run.path().join("data"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().into_string().unwrap())
        .filter(|n| n.starts_with("bedrock-models-"))
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
}

#[tokio::test]
async fn record_then_replay_gives_the_same_catalogue() {
    let fake = FakeAws::start(demo_data()).await;
    let run = Run::new();
    let snap = run.path().join("snap");
    let snap_arg = snap.to_str().unwrap();
    let out = run
        .exec_async(
            Some(&fake.url()),
            &["--regions", &regions_arg(), "--record", snap_arg],
        )
        .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let recorded = without_run_times(run.catalog());
    assert!(
        snap.join("aws/us-west-2/list_service_quotas/page-0001.json")
            .is_file()
    );
    let before = fake.request_count();
    assert_eq!(before, 16);
    let requests_row = |stderr: &str| -> String {
        let row = stderr
            .lines()
            .find(|l| l.trim_start().starts_with("AWS requests"));
        row.expect("the summary's requests row")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(requests_row(&out.stderr), "AWS requests (retries) 16 (0)");

    // No endpoint and no credentials: a replay must not need either.
    let out = run.exec(None, &["--replay", snap_arg]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(without_run_times(run.catalog()), recorded);
    assert_eq!(fake.request_count(), before);
    // Its summary says so, rather than counting the recorded run's requests as its own.
    assert_eq!(
        requests_row(&out.stderr),
        "AWS requests none: replayed from a snapshot (the recorded run made 16, 0 retries)"
    );
}

#[test]
fn the_committed_demo_snapshot_replays() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/snapshot");
    let run = Run::new();
    let out = run.exec(None, &["--replay", demo.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let c = run.catalog();
    assert_eq!(c["metadata"]["total_models"], 7);
    assert_eq!(strings(&c["metadata"]["regions_requested"]), DEMO_REGIONS);
}

/// The committed demo snapshot is what recording the demo data gives today. Regenerate it with
/// `UPDATE_DEMO=1 cargo test --test suite demo_snapshot_is_current`.
#[tokio::test]
async fn demo_snapshot_is_current() {
    let fake = FakeAws::start(demo_data()).await;
    let run = Run::new();
    let snap = run.path().join("snap");
    // A relative path, so the manifest names no directory of this machine.
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/litellm.json"),
        run.path().join("litellm.json"),
    )
    .unwrap();
    let out = run
        .exec_async(
            Some(&fake.url()),
            &[
                "--regions",
                &regions_arg(),
                "--record",
                snap.to_str().unwrap(),
                "--litellm-file",
                "litellm.json",
            ],
        )
        .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/snapshot");
    if std::env::var_os("UPDATE_DEMO").is_some() {
        let _ = std::fs::remove_dir_all(&committed);
        copy_tree(&snap, &committed);
        let mut manifest = read_json(&committed.join("manifest.json"));
        manifest["recorded_at"] = "2026-11-25T00:00:00Z".into();
        std::fs::write(
            committed.join("manifest.json"),
            serde_json::to_string_pretty(&manifest).unwrap() + "\n",
        )
        .unwrap();
    }
    let mut fresh = files(&snap);
    let mut kept = files(&committed);
    fresh.retain(|(p, _)| p != "manifest.json");
    kept.retain(|(p, _)| p != "manifest.json");
    assert_eq!(
        kept, fresh,
        "demo/snapshot is stale: regenerate it (see this test's doc)"
    );
    let mut a = read_json(&snap.join("manifest.json"));
    let mut b = read_json(&committed.join("manifest.json"));
    a["recorded_at"] = "".into();
    b["recorded_at"] = "".into();
    assert_eq!(a, b);
}

fn files(root: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                out.push((rel, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn copy_tree(from: &Path, to: &Path) {
    for (rel, text) in files(from) {
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::write(dest, text).unwrap();
    }
}

#[test]
fn redacted_quota_arns_and_json_logs() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/snapshot");
    let run = Run::new();
    let out = run.exec(
        None,
        &[
            "--replay",
            demo.to_str().unwrap(),
            "--redact-account-id",
            "--log-format",
            "json",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let c = run.catalog();
    assert_eq!(c["metadata"]["account_id_redacted"], true);
    let q =
        &model(&c, "anthropic.claude-3-haiku-20240307-v1")["model_service_quotas"]["us-east-1"][0];
    assert_eq!(
        q["quota_arn"],
        "arn:aws:servicequotas:us-east-1:000000000000:bedrock/L-DEMO0001"
    );
    // Every line on stderr is one JSON object; the run summary is one of them.
    let lines: Vec<serde_json::Value> = out
        .stderr
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let summary = lines
        .iter()
        .find(|l| l["message"] == "run summary")
        .expect("a run summary event");
    assert_eq!(summary["models"], 7);
    assert_eq!(summary["regions_not_opted_in"], 1);
    assert_eq!(summary["level"], "INFO");
}
