//! Issue 29, case 11: a model id listed twice in one region's answer is merged, not overwritten,
//! and fields that differ between regions are recorded instead of one region winning silently.

use serde_json::json;

use super::regions_arg;
use crate::support::demo_data::demo_data;
use crate::support::fake_aws::FakeAws;
use crate::support::harness::Run;

const SONNET: &str = "anthropic.claude-sonnet-4-5-20250929-v1:0";
const HAIKU: &str = "anthropic.claude-3-haiku-20240307-v1:0";

#[tokio::test]
async fn a_duplicate_id_is_merged_and_differing_fields_are_recorded() {
    let mut data = demo_data();
    // us-east-1 lists Sonnet 4.5 a second time, PROVISIONED only (the case as reproduced).
    let east = data.regions.get_mut("us-east-1").unwrap();
    let first = east
        .foundation_models
        .iter()
        .find(|s| s.model_id == SONNET)
        .unwrap()
        .clone();
    let mut second = first.clone();
    second.inference_types_supported = vec!["PROVISIONED".into()];
    east.foundation_models.push(second);
    // eu-west-1 names Haiku differently from the home region (us-east-1).
    let west = data.regions.get_mut("eu-west-1").unwrap();
    let haiku = west
        .foundation_models
        .iter_mut()
        .find(|s| s.model_id == HAIKU)
        .unwrap();
    haiku.model_name = Some("Claude 3 Haiku (EU)".into());
    let haiku_regions: Vec<String> = data
        .regions
        .iter()
        .filter(|(_, r)| r.foundation_models.iter().any(|s| s.model_id == HAIKU))
        .map(|(name, _)| name.clone())
        .collect();

    let fake = FakeAws::start(data).await;
    let run = Run::new();
    let regions = regions_arg();
    let out = run
        .exec_async(Some(&fake.url()), &["--regions", &regions])
        .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let c = run.catalog();

    // Both entries' inference types are kept for us-east-1.
    let mut expected: Vec<String> = first.inference_types_supported.clone();
    expected.push("PROVISIONED".into());
    expected.sort();
    let sonnet = &c["providers"]["Anthropic"]["models"]["anthropic.claude-sonnet-4-5-20250929-v1"];
    assert_eq!(
        sonnet["regional_availability"]["us-east-1"]["inference_types_supported"],
        json!(expected)
    );
    // The home region's name is shown; eu-west-1's is in the record.
    let haiku = &c["providers"]["Anthropic"]["models"]["anthropic.claude-3-haiku-20240307-v1"];
    assert_eq!(haiku["model_name"], "Claude 3 Haiku");

    let conflicts = c["metadata"]["model_conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 2, "{conflicts:#?}");
    let mut first_types = first.inference_types_supported.clone();
    first_types.sort();
    assert_eq!(conflicts[0]["model_id"], SONNET);
    assert_eq!(conflicts[0]["kind"], "duplicate_in_answer");
    assert_eq!(conflicts[0]["regions"], json!(["us-east-1"]));
    assert_eq!(
        conflicts[0]["fields"],
        json!([{"field": "inference_types_supported", "values": [
            {"region": "us-east-1", "value": first_types},
            {"region": "us-east-1", "value": ["PROVISIONED"]},
        ]}])
    );
    assert_eq!(conflicts[1]["model_id"], HAIKU);
    assert_eq!(conflicts[1]["kind"], "differs_across_regions");
    assert_eq!(conflicts[1]["regions"], json!(haiku_regions));
    let values: Vec<_> = haiku_regions
        .iter()
        .map(|r| {
            let name = if r == "eu-west-1" {
                "Claude 3 Haiku (EU)"
            } else {
                "Claude 3 Haiku"
            };
            json!({"region": r, "value": name})
        })
        .collect();
    assert_eq!(
        conflicts[1]["fields"],
        json!([{"field": "model_name", "values": values}])
    );
    assert!(
        conflicts[1]["resolution"]
            .as_str()
            .unwrap()
            .starts_with("the catalogue shows us-east-1's values"),
        "{}",
        conflicts[1]
    );
    assert!(
        out.stderr.contains(&format!(
            "2 (see metadata.model_conflicts), e.g. {SONNET} duplicate_in_answer in us-east-1: \
             inference_types_supported"
        )),
        "{}",
        out.stderr
    );
}
