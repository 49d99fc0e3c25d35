//! A full run over all 33 regions against the fake AWS server serving the real fixtures (spread
//! over regions with the AWS docs region table): exact counts, regions, profile destinations, and
//! exactly the minimum number of requests (Mantle's one per region included).

use crate::support::fake_aws;
use crate::support::harness;

use fake_aws::Api;
use harness::{model, strings};

#[tokio::test]
async fn all_33_regions_with_the_minimum_number_of_requests() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    // No --regions: the default list, the 33 regions of config.toml's defaults.
    let (fake, run, out) = crate::support::full_fixture_run(&[]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let c = run.catalog();
    let m = &c["metadata"];
    assert_eq!(m["regions_requested"].as_array().unwrap().len(), 33);
    assert_eq!(m["regions_ok"].as_array().unwrap().len(), 33);
    assert_eq!(m["run_status"], "complete");

    // One ListFoundationModels per region; one request per page otherwise: profiles fit one page,
    // 1085 quotas are 11 pages of 100, applied and default.
    // Files: 3 region indexes, the offer files of the regions they list (AmazonBedrock and
    // FoundationModels 4 each, Service 1), and LiteLLM.
    let reqs = fake.requests();
    assert_eq!(fake.requests_for(Api::File).len(), 3 + 4 + 4 + 1 + 1);
    assert_eq!(reqs.len(), 33 * (1 + 1 + 11 + 11 + 1) + 13);
    // Exactly one Mantle /v1/models per region.
    let mantle = fake.requests_for(Api::MantleModels);
    let mantle_regions: std::collections::BTreeSet<_> =
        mantle.iter().map(|r| r.region.clone().unwrap()).collect();
    assert_eq!((mantle.len(), mantle_regions.len()), (33, 33));
    assert_eq!(fake.requests_for(Api::ListFoundationModels).len(), 33);
    // Exactly one ListInferenceProfiles per region, asking for the API's maximum page: the fake
    // answers 10 items without maxResults, so a dropped parameter means several per region.
    let profile_reqs = fake.requests_for(Api::ListInferenceProfiles);
    assert_eq!(profile_reqs.len(), 33);
    let mut per_region = std::collections::BTreeMap::new();
    for r in &profile_reqs {
        assert!(r.target.contains("maxResults=1000"), "{}", r.target);
        *per_region.entry(r.region.clone().unwrap()).or_insert(0) += 1;
    }
    assert!(per_region.values().all(|&n| n == 1), "{per_region:?}");
    assert_eq!(fake.requests_for(Api::ListServiceQuotas).len(), 33 * 11);
    assert_eq!(
        fake.requests_for(Api::ListAwsDefaultServiceQuotas).len(),
        33 * 11
    );
    assert!(
        reqs.iter()
            .filter(|r| r.api != Api::File && r.api != Api::MantleModels)
            .all(|r| r.attempt == Some(1)),
        "no retries were needed"
    );
    assert!(fake.max_in_flight() <= 16);

    // The 125 ids of the us-east-1 fixture are 104 keys under 17 providers; every other region
    // lists a subset of them.
    // Mantle adds an entry for each of its 15 ids that no listed model has (under their
    // providers; xai is a provider of its own), and joins the other 33.
    assert_eq!(m["total_models"], 104 + 15);
    assert_eq!(m["providers_count"], 17 + 1);
    assert_eq!(
        (
            &m["mantle"]["joined"],
            &m["mantle"]["own_entries"],
            &m["mantle"]["ambiguous"]
        ),
        (
            &serde_json::json!(33),
            &serde_json::json!(15),
            &serde_json::json!(0)
        )
    );
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

    // Phases 2 and 3: prices from the Price List fixture (region files of 4 regions).
    assert_eq!(m["sources"]["price_list"]["status"], "ok");
    assert_eq!(m["sources"]["price_list"]["entries"], 75 + 73 + 8);
    // Two AmazonBedrock rows duplicate FoundationModels prices: listed as duplicates, not matched.
    assert_eq!(m["price_list_offers"]["AmazonBedrock"]["rows_matched"], 71);
    assert_eq!(m["price_list_offers"]["AmazonBedrock"]["rows_duplicate"], 2);
    assert_eq!(m["duplicate_price_rows"].as_array().unwrap().len(), 2);
    assert_eq!(
        m["price_list_offers"]["AmazonBedrockFoundationModels"]["rows_matched"],
        72
    );
    assert_eq!(
        m["price_list_offers"]["AmazonBedrockService"]["rows_matched"],
        8
    );
    assert_eq!(m["models_with_pricing"], 15);
    let nova = model(&c, "amazon.nova-pro-v1");
    // eu-central-1 lists Nova Pro as INFERENCE_PROFILE only: its regional rate bills the eu.
    // profile and is filed as on_demand_geo (issue 18).
    let eu = &nova["model_pricing"]["regions"]["eu-central-1"]["on_demand_geo"];
    assert!(
        nova["model_pricing"]["regions"]["eu-central-1"]
            .get("on_demand")
            .is_none()
    );
    assert_eq!(eu["input_tokens"]["price_usd"], 1.05);
    assert_eq!(eu["input_tokens"]["unit"], "1M tokens");
    assert_eq!(eu["input_tokens"]["sku"], "FX2CXF82AT9PPPEN");
    assert_eq!(eu["output_tokens"]["price_usd"], 4.2);
    let us = &sonnet["model_pricing"]["regions"]["us-east-1"];
    assert_eq!(us["batch"]["input_tokens"]["price_usd"], 1.65);
    assert_eq!(us["batch"]["output_tokens"]["price_usd"], 8.25);
    assert_eq!(us["batch_global"]["input_tokens"]["price_usd"], 1.5);
    assert_eq!(sonnet["has_pricing"], true);
    assert_eq!(
        strings(&sonnet["batch_inference_supported"]["supported_regions"]),
        ["us-east-1"]
    );

    // Phase 4.5: LiteLLM (served over HTTP with an ETag) plus the corrections file.
    assert_eq!(m["sources"]["litellm"]["entries"], 4878);
    assert_eq!(m["sources"]["litellm"]["origin"], "network");
    assert_eq!(m["models_with_token_specs"], 74);
    assert_eq!(sonnet["converse_data"]["context_window"], 200000);
    assert_eq!(sonnet["converse_data"]["max_output_tokens"], 64000);
    assert_eq!(
        sonnet["token_specs"]["matched_key"],
        "anthropic.claude-sonnet-4-5-20250929-v1:0"
    );
    assert_eq!(nova["converse_data"]["max_output_tokens"], 5000);
    assert_eq!(
        nova["token_specs"]["correction"]["key"],
        "amazon.nova-pro-v1:0"
    );

    // Phase 5: the real us-east-1 quota dump in every region, assigned by parsed name.
    assert_eq!(m["models_with_quotas"], 93);
    assert_eq!(m["quota_assignment"]["quotas_seen"], 33 * 1085);
    // Attached only where the region lists the model: the dump names every model in every region.
    assert_eq!(m["quota_assignment"]["assigned"], 9171);
    assert_eq!(
        m["quota_assignment"]["unassigned_by_reason"]["model_not_listed_in_region"],
        13326
    );
    let east = sonnet["model_service_quotas"]["us-east-1"]
        .as_array()
        .unwrap();
    assert_eq!(east.len(), 18);
    assert_eq!(sonnet["total_quotas_assigned"], 33 * 18);
    let q = |code: &str| {
        east.iter()
            .find(|q| q["quota_code"] == code)
            .unwrap()
            .clone()
    };
    let ctx = q("L-8EA73537");
    assert_eq!(ctx["route"], "cross_region");
    assert_eq!(ctx["metric"], "tokens_per_minute");
    assert_eq!(ctx["model_variant"], "1M Context Length");
    // The fake's defaults are half the applied value for this quota: the account raised it.
    let records = q("L-FFFEDD8D");
    assert_eq!(records["route"], "batch");
    assert_eq!(records["raised"], true);
    assert_eq!(records["applied_value"], 50000.0);
    assert_eq!(records["default_value"], 25000.0);

    // The richest catalogue (prices, quotas, token specs in 33 regions) fits the printed schema.
    let schema = std::process::Command::new(env!("CARGO_BIN_EXE_bedrock-collector"))
        .arg("schema")
        .output()
        .unwrap();
    let schema: serde_json::Value = serde_json::from_slice(&schema.stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&c)
        .take(5)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert_eq!(errors, Vec::<String>::new());

    // `show`, from the catalogue just written: Nova Pro is on demand in us-east-1 and reached
    // through the eu. profile from eu-central-1.
    let show = |region: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_bedrock-collector"))
            .args(["show", "nova pro", "--region", region, "--catalog"])
            .arg(run.output_path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let east = show("us-east-1");
    assert!(
        east.contains(
            "us-east-1: on demand in the region\n  on demand       amazon.nova-pro-v1:0 (0.80 / 3.20 USD per 1M input / output tokens)\n"
        ),
        "{east}"
    );
    assert!(
        east.contains(
            "  geo profile     us.amazon.nova-pro-v1:0 -> us-east-1, us-east-2, us-west-2 (0.80 / 3.20 USD per 1M input / output tokens)\n"
        ),
        "{east}"
    );
    assert!(
        east.contains("  on_demand          input_tokens              0.80  1M tokens"),
        "{east}"
    );
    let central = show("eu-central-1");
    assert!(
        central.contains("eu-central-1: through an inference profile only (not on demand in this region)\n  geo profile     eu.amazon.nova-pro-v1:0 -> eu-central-1, eu-north-1, eu-south-1, eu-south-2, eu-west-1, eu-west-3, il-central-1 (1.05 / 4.20 USD per 1M input / output tokens)\n"),
        "{central}"
    );
}
