//! Enum values the SDK reports as unknown, from the real binary against the fake AWS: AWS starts
//! sending a new inference type, lifecycle status, modality, customization and profile status
//! (a new profile type is covered by the unit tests: the collector asks for profiles by type).
//! Each is kept as AWS wrote it, counted in `metadata.unknowns` with where it was
//! met, said on the summary's `unknown in aws` line, and `unknown-appeared` fires on first sight
//! only. A value not known is never read as a way to call the model.

use crate::support::demo_data;
use crate::support::drift_data::{MISTRAL, NEW_MODEL, with_new_enum_values};
use crate::support::fake_aws;
use crate::support::harness;

use demo_data::{DEMO_REGIONS, demo_data};
use fake_aws::{FakeAws, FakeData};
use harness::{Run, model, read_json, strings};
use serde_json::{Value, json};

async fn run_on(run: &Run, data: FakeData, args: &[&str]) -> harness::Outcome {
    let fake = FakeAws::start(data).await;
    let regions = DEMO_REGIONS.join(",");
    let mut all = vec!["--regions", &regions];
    all.extend_from_slice(args);
    run.exec_async(Some(&fake.url()), &all).await
}

fn appeared(run: &Run) -> Vec<String> {
    let changes = read_json(&run.path().join("data/changes.json"));
    (changes["events"].as_array().unwrap().iter())
        .filter(|e| e["kind"] == "unknown-appeared")
        .map(|e| format!("{} {} {}", e["dimension"], e["field"], e["new"]))
        .collect()
}

#[tokio::test]
async fn new_enum_values_are_kept_counted_said_and_appear_once() {
    let run = Run::new();
    let out = run_on(&run, demo_data(), &[]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let before = run.catalog();
    assert!(
        (before["metadata"]["unknowns"].as_array().unwrap().iter()).all(|g| g["source"] != "aws"),
        "{}",
        before["metadata"]["unknowns"]
    );

    let fail_on = ["--fail-on", "unknown-appeared"];
    let out = run_on(&run, with_new_enum_values(demo_data()), &fail_on).await;
    assert_eq!(out.code, 4, "{}", out.stderr);
    let c = run.catalog();

    // The metadata: one group per field, the values as families, where each was met.
    let aws: Vec<Value> = (c["metadata"]["unknowns"].as_array().unwrap().iter())
        .filter(|g| g["source"] == "aws")
        .cloned()
        .collect();
    let group = |kind: &str, value: &str, examples: &[&str]| json!({"source": "aws", "kind": kind, "count": 1, "families": [value], "examples": examples});
    assert_eq!(
        aws,
        [
            group(
                "inference_type",
                "FLEX_TIER",
                &[
                    "FLEX_TIER (amazon.nova-3d-v1:0 in us-east-1)",
                    "FLEX_TIER (mistral.mistral-large-2402-v1:0 in us-east-1)"
                ]
            ),
            group(
                "lifecycle_status",
                "SUNSETTING",
                &["SUNSETTING (amazon.nova-3d-v1:0 in us-east-1)"]
            ),
            group(
                "modality",
                "VIDEO_3D",
                &["VIDEO_3D (amazon.nova-3d-v1:0 in us-east-1)"]
            ),
            group(
                "customization",
                "REINFORCEMENT_FINE_TUNING",
                &["REINFORCEMENT_FINE_TUNING (amazon.nova-3d-v1:0 in us-east-1)"]
            ),
            group(
                "profile_status",
                "PAUSED",
                &["PAUSED (us.meta.llama3-2-11b-instruct-v1:0 in us-west-2)"]
            ),
        ]
    );

    // The summary: one line for the source, each kind in it.
    let line = (out.stderr.lines())
        .find(|l| l.contains("unknown in aws"))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "));
    assert_eq!(
        line.as_deref(),
        Some(
            "unknown in aws 1 inference type not known, e.g. FLEX_TIER (amazon.nova-3d-v1:0 in \
             us-east-1); FLEX_TIER (mistral.mistral-large-2402-v1:0 in us-east-1). 1 lifecycle \
             status not known, e.g. SUNSETTING (amazon.nova-3d-v1:0 in us-east-1). 1 modality not \
             known, e.g. VIDEO_3D (amazon.nova-3d-v1:0 in us-east-1). 1 customization not known, \
             e.g. REINFORCEMENT_FINE_TUNING (amazon.nova-3d-v1:0 in us-east-1). 1 profile \
             status not known, e.g. PAUSED (us.meta.llama3-2-11b-instruct-v1:0 in us-west-2)"
        ),
        "{}",
        out.stderr
    );
    assert_eq!(out.stderr.matches("unknown in aws").count(), 1);

    // The change log: each value on first sight.
    assert_eq!(
        appeared(&run),
        [
            "\"aws\" \"customization\" \"REINFORCEMENT_FINE_TUNING\"",
            "\"aws\" \"inference_type\" \"FLEX_TIER\"",
            "\"aws\" \"lifecycle_status\" \"SUNSETTING\"",
            "\"aws\" \"modality\" \"VIDEO_3D\"",
            "\"aws\" \"profile_status\" \"PAUSED\"",
        ]
    );

    // The catalogue keeps every value as AWS wrote it.
    let nova = model(&c, "amazon.nova-3d-v1");
    assert_eq!(strings(&nova["inference_types_supported"]), ["FLEX_TIER"]);
    assert_eq!(nova["model_lifecycle"]["status"], "SUNSETTING");
    assert_eq!(
        nova["regional_availability"]["us-east-1"]["lifecycle_status"],
        "SUNSETTING"
    );
    assert_eq!(
        strings(&nova["model_modalities"]["output_modalities"]),
        ["VIDEO_3D"]
    );
    assert_eq!(
        strings(&nova["customization"]["customization_supported"]),
        ["REINFORCEMENT_FINE_TUNING"]
    );
    let profiles = model(&c, "meta.llama3-2-11b-instruct-v1")["cross_region_inference"]["profiles"]
        .as_array()
        .unwrap()
        .clone();
    assert!(
        profiles
            .iter()
            .any(|p| p["source_region"] == "us-west-2" && p["status"] == "PAUSED"),
        "{profiles:?}"
    );

    // Never a way to call it: no consumption option, no on-demand route, no quota.
    assert_eq!(nova["consumption_options"], json!([]));
    assert_eq!(nova["model_service_quotas"], json!({}));
    let shown = std::process::Command::new(env!("CARGO_BIN_EXE_bedrock-collector"))
        .args(["show", NEW_MODEL, "--region", "us-east-1", "--catalog"])
        .arg(run.output_path())
        .output()
        .unwrap();
    let text = String::from_utf8(shown.stdout).unwrap();
    assert!(
        text.lines().any(|l| l
            == "us-east-1: listed only with inference types this tool does not know: FLEX_TIER [SUNSETTING]"),
        "{text}"
    );
    assert!(!text.contains("on demand"), "{text}");
    // Beside a known one, the known one is all that counts.
    let mistral = model(&c, MISTRAL.trim_end_matches(":0"));
    assert_eq!(
        strings(&mistral["regional_availability"]["us-east-1"]["inference_types_supported"]),
        ["FLEX_TIER", "ON_DEMAND"]
    );
    assert_eq!(strings(&mistral["consumption_options"]), ["on_demand"]);

    // The same answers again: nothing appears, the line stays.
    let out = run_on(&run, with_new_enum_values(demo_data()), &fail_on).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(appeared(&run), Vec::<String>::new());
    assert!(out.stderr.contains("unknown in aws"), "{}", out.stderr);
}

/// The real answers of 2025-2026 (five ListFoundationModels answers, three ListInferenceProfiles
/// answers) hold no value the vocabulary lacks: no false unknown.
#[test]
fn real_answers_give_no_unknown_value() {
    let Some(dir) = fake_aws::fixtures() else {
        return;
    };
    use bedrock_collector::phases::unknowns::aws_values;
    use bedrock_collector::records::{
        AwsRaw, FoundationModelsPage, InferenceProfilesPage, RegionRaw, mantle_skipped,
    };
    let mut raw = AwsRaw::default();
    let read = |sub: &str| -> Vec<Vec<u8>> {
        let mut files: Vec<_> = std::fs::read_dir(dir.join(sub))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        files.iter().map(|p| std::fs::read(p).unwrap()).collect()
    };
    let models = read("list-foundation-models");
    let profiles = read("list-inference-profiles");
    assert_eq!((models.len(), profiles.len()), (5, 3));
    let mut listed = 0;
    for (i, bytes) in models.iter().enumerate() {
        let page: FoundationModelsPage = serde_json::from_slice(bytes).unwrap();
        listed += page.model_summaries.len();
        let profile_pages: Vec<InferenceProfilesPage> = (profiles.get(i).into_iter())
            .map(|b| serde_json::from_slice(b).unwrap())
            .collect();
        raw.regions.insert(
            format!("region-{i}"),
            RegionRaw {
                foundation_models: Ok(vec![page]),
                inference_profiles: Ok(profile_pages),
                service_quotas: Ok(vec![]),
                default_quotas: Ok(vec![]),
                mantle: mantle_skipped("not asked"),
                attempts: Default::default(),
            },
        );
    }
    assert!(listed > 500, "{listed}");
    let found = aws_values(&raw);
    assert!(found.is_empty(), "{found:?}");
}
