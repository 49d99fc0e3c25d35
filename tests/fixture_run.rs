//! A full run over all 33 regions against the fake AWS server serving the real fixtures (spread
//! over regions with the AWS docs region table): exact counts, regions, profile destinations, and
//! exactly the minimum number of requests.

#[path = "support/fake_aws.rs"]
mod fake_aws;
#[path = "support/harness.rs"]
mod harness;

use fake_aws::{Api, FakeAws, FakeData};
use harness::{Run, model, strings};

#[tokio::test]
async fn all_33_regions_with_the_minimum_number_of_requests() {
    let data = FakeData::from_default_fixtures().expect("fixtures load (set BEDROCK_FIXTURES?)");
    assert_eq!(data.regions.len(), 33);
    let fake = FakeAws::start(data).await;
    let run = Run::new();
    // No --regions: the default list, the 33 regions of config.toml's defaults.
    let out = run
        .exec_async(Some(&fake.url()), &["--threads", "16"])
        .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let c = run.catalog();
    let m = &c["metadata"];
    assert_eq!(m["regions_requested"].as_array().unwrap().len(), 33);
    assert_eq!(m["regions_ok"].as_array().unwrap().len(), 33);
    assert_eq!(m["run_status"], "complete");

    // One ListFoundationModels per region; one request per page otherwise: profiles fit one page,
    // 1085 quotas are 11 pages of 100, applied and default.
    let reqs = fake.requests();
    assert_eq!(reqs.len(), 33 * (1 + 1 + 11 + 11));
    assert_eq!(fake.requests_for(Api::ListFoundationModels).len(), 33);
    assert_eq!(fake.requests_for(Api::ListInferenceProfiles).len(), 33);
    assert_eq!(fake.requests_for(Api::ListServiceQuotas).len(), 33 * 11);
    assert_eq!(
        fake.requests_for(Api::ListAwsDefaultServiceQuotas).len(),
        33 * 11
    );
    assert!(
        reqs.iter().all(|r| r.attempt == Some(1)),
        "no retries were needed"
    );
    assert!(fake.max_in_flight() <= 16);

    // The 125 ids of the us-east-1 fixture are 104 keys under 17 providers; every other region
    // lists a subset of them.
    assert_eq!(m["total_models"], 104);
    assert_eq!(m["providers_count"], 17);
    assert_eq!(
        m["region_status"]["us-east-1"]["list_foundation_models"]["items"],
        125
    );
    assert_eq!(
        m["region_status"]["us-west-2"]["list_foundation_models"]["items"],
        101
    );
    assert_eq!(
        m["region_status"]["eu-west-1"]["list_foundation_models"]["items"],
        62
    );
    assert_eq!(
        m["region_status"]["us-west-2"]["list_inference_profiles"]["items"],
        57
    );
    assert_eq!(
        m["region_status"]["ap-south-1"]["list_service_quotas"]["items"],
        1085
    );
    assert_eq!(
        m["region_status"]["ap-south-1"]["list_service_quotas"]["pages"],
        11
    );
    assert_eq!(m["total_quotas_available"], 33 * 1085);

    let pixtral = model(&c, "mistral.pixtral-large-2502-v1");
    assert_eq!(
        strings(&pixtral["regions_available"]),
        [
            "eu-central-1",
            "eu-north-1",
            "eu-west-1",
            "eu-west-3",
            "us-east-1",
            "us-east-2",
            "us-west-2"
        ]
    );
    let eu = pixtral["cross_region_inference"]["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| {
            p["profile_id"] == "eu.mistral.pixtral-large-2502-v1:0"
                && p["source_region"] == "eu-west-1"
        })
        .expect("the eu. profile, called from eu-west-1");
    assert_eq!(
        strings(&eu["destination_regions"]),
        ["eu-central-1", "eu-north-1", "eu-west-1", "eu-west-3"]
    );

    // A real profile of the us-east-1 fixture, as seen from us-east-1.
    let sonnet = model(&c, "anthropic.claude-sonnet-4-5-20250929-v1");
    let profile = |id: &str, source: &str| {
        sonnet["cross_region_inference"]["profiles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["profile_id"] == id && p["source_region"] == source)
            .unwrap_or_else(|| panic!("no {id} from {source}"))
            .clone()
    };
    let us = profile("us.anthropic.claude-sonnet-4-5-20250929-v1:0", "us-east-1");
    assert_eq!(
        strings(&us["destination_regions"]),
        ["us-east-1", "us-east-2", "us-west-2"]
    );
    assert_eq!(us["routes_globally"], false);
    // The real global profile names `arn:aws:bedrock:::foundation-model/...` and its source region.
    let global = profile(
        "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "us-east-1",
    );
    assert_eq!(strings(&global["destination_regions"]), ["us-east-1"]);
    assert_eq!(global["routes_globally"], true);
    assert_eq!(
        model(&c, "qwen.qwen3-32b-v1")["total_regions_available"],
        13
    );
}
