//! `--account-access` against the fake: GetFoundationModelAvailability for every listed (model,
//! region) with the fake's refusals (see `fixture_data.rs`: no agreement for Anthropic in
//! eu-west-1, Llama 3 8B not authorized anywhere, Mistral Large 24.02 unknown to the API in
//! us-east-1), the account's application profiles and provisioned throughputs joined to their
//! models, record and replay, and access denied on the optional calls.

use crate::support::demo_data;
use crate::support::fake_aws;
use crate::support::harness;

use std::collections::{BTreeMap, BTreeSet};

use demo_data::{DEMO_REGIONS, demo_data};
use fake_aws::{
    Api, FakeAws, FakeData, Fault, NO_AGREEMENT_PROVIDER, NO_AGREEMENT_REGION,
    NOT_AUTHORIZED_MODEL, Rule, UNKNOWN_TO_AVAILABILITY,
};
use harness::{Run, model, strings, without_run_times};
use serde_json::Value;

/// The (model key, region) pairs the fake's data lists with an id that is not provisioned-only,
/// and the number of such ids (one availability request each).
fn listed_pairs(data: &FakeData) -> (BTreeSet<(String, String)>, usize) {
    let mut pairs = BTreeSet::new();
    let mut ids = 0;
    for (region, rd) in &data.regions {
        let mut seen = BTreeSet::new();
        for m in &rd.foundation_models {
            let t = &m.inference_types_supported;
            if !t.is_empty() && t.iter().all(|t| t == "PROVISIONED") {
                continue;
            }
            if seen.insert(m.model_id.clone()) {
                ids += 1;
            }
            let key = m.model_id.split(':').next().unwrap().to_string();
            pairs.insert((key, region.clone()));
        }
    }
    (pairs, ids)
}

/// Every `account_access` entry of the catalogue, by (model key, region).
fn access_entries(c: &Value) -> BTreeMap<(String, String), Value> {
    let mut out = BTreeMap::new();
    for p in c["providers"].as_object().unwrap().values() {
        for (key, m) in p["models"].as_object().unwrap() {
            for (region, a) in m["account_access"].as_object().into_iter().flatten() {
                out.insert((key.clone(), region.clone()), a.clone());
            }
        }
    }
    out
}

#[tokio::test]
async fn every_listed_model_and_region_has_its_access_and_the_account_resources_are_joined() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let data = FakeData::from_default_fixtures().unwrap();
    let (pairs, ids) = listed_pairs(&data);
    let snap = tempfile::tempdir().unwrap();
    let snap_arg = snap.path().to_str().unwrap();
    let (fake, run, out) =
        crate::support::full_fixture_run(&["--account-access", "--record", snap_arg]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Written byte for byte as serde_json writes it, the account's fields after each model's head.
    crate::golden::round_trips(&run);
    let c = run.catalog();
    let m = &c["metadata"];
    assert_eq!(m["run_status"], "complete");
    assert!(
        out.stderr.contains(
            "callable by this account            1066 of 1082 (model, region) pairs; blocked by agreement 10, by authorization 5\n"
        ),
        "{}",
        out.stderr
    );

    // One availability request per listed invocable id and region, and one request per region
    // for each of the two account lists; the catalogue's own calls as in a default run.
    let availability = fake.requests_for(Api::GetFoundationModelAvailability);
    assert_eq!(availability.len(), ids);
    assert_eq!(ids, 1106);
    assert_eq!(
        fake.requests_for(Api::ListProvisionedModelThroughputs)
            .len(),
        33
    );
    let profiles = fake.requests_for(Api::ListInferenceProfiles);
    assert_eq!(profiles.len(), 66);
    assert_eq!(
        profiles
            .iter()
            .filter(|r| r.target.contains("type=APPLICATION"))
            .count(),
        33
    );
    assert_eq!(
        fake.requests().len(),
        // Per region: the four lists (11 pages per quota API) and Mantle's /v1/models.
        33 * (1 + 1 + 11 + 11 + 1) + 13 + ids + 33 + 33
    );
    assert_eq!(
        m["aws_requests"],
        33 * (1 + 1 + 11 + 11 + 1) + ids + 33 + 33
    );
    assert!(fake.max_in_flight() <= 16);
    // No provisioned-only variant is asked about.
    assert!(
        availability
            .iter()
            .all(|r| !r.path.ends_with("%3A200k") && !r.path.ends_with(":200k")),
        "a provisioned-only variant was asked about"
    );

    // Every listed (model, region) has an entry, and nothing else has one.
    let entries = access_entries(&c);
    assert_eq!(entries.keys().cloned().collect::<BTreeSet<_>>(), pairs);
    let st = &m["region_status"]["us-east-1"]["get_foundation_model_availability"];
    assert_eq!(st["status"], "ok");
    assert_eq!(
        st["items"],
        data.regions["us-east-1"]
            .foundation_models
            .iter()
            .filter(|m| m.inference_types_supported != ["PROVISIONED"])
            .count()
    );
    for api in [
        "list_application_inference_profiles",
        "list_provisioned_model_throughputs",
    ] {
        assert_eq!(m["region_status"]["us-east-1"][api]["status"], "ok");
        assert_eq!(m["region_status"]["us-east-1"][api]["pages"], 1);
    }

    // The refusals, with their statuses and reasons.
    let haiku_eu = &entries[&(
        "anthropic.claude-3-haiku-20240307-v1".to_string(),
        NO_AGREEMENT_REGION.to_string(),
    )];
    assert_eq!(NO_AGREEMENT_PROVIDER, "Anthropic");
    assert_eq!(
        haiku_eu["model_id"],
        "anthropic.claude-3-haiku-20240307-v1:0"
    );
    assert_eq!(haiku_eu["agreement"], "NOT_AVAILABLE");
    assert_eq!(haiku_eu["authorization"], "AUTHORIZED");
    assert_eq!(haiku_eu["callable"], false);
    assert_eq!(strings(&haiku_eu["blocked_by"]), ["agreement"]);
    assert_eq!(
        haiku_eu["reason"],
        "not callable: the provider's agreement is not accepted for this account (agreement NOT_AVAILABLE)"
    );
    let haiku_us = &entries[&(
        "anthropic.claude-3-haiku-20240307-v1".to_string(),
        "us-east-1".to_string(),
    )];
    assert_eq!(haiku_us["agreement"], "AVAILABLE");
    assert_eq!(haiku_us["callable"], true);
    let llama_key = NOT_AUTHORIZED_MODEL.split(':').next().unwrap();
    let llama = model(&c, llama_key);
    let llama_regions: Vec<&String> = llama["account_access"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert!(!llama_regions.is_empty());
    for (region, a) in llama["account_access"].as_object().unwrap() {
        assert_eq!(a["authorization"], "NOT_AUTHORIZED", "{region}");
        assert_eq!(a["callable"], false, "{region}");
        assert_eq!(
            a["reason"],
            "not callable: the caller is not authorized: an IAM policy or SCP denies it (NOT_AUTHORIZED)"
        );
    }
    let (unknown_region, unknown_id) = UNKNOWN_TO_AVAILABILITY;
    let mistral = &entries[&(
        unknown_id.split(':').next().unwrap().to_string(),
        unknown_region.to_string(),
    )];
    assert_eq!(mistral["callable"], false);
    assert_eq!(strings(&mistral["blocked_by"]), ["unknown_to_api"]);
    assert!(mistral.get("agreement").is_none(), "{mistral}");
    assert_eq!(
        mistral["reason"],
        format!(
            "not callable: GetFoundationModelAvailability does not know {unknown_id} in this region \
             although ListFoundationModels lists it (The model {unknown_id} is not found.)"
        )
    );
    let nova = model(&c, "amazon.nova-pro-v1");
    assert_eq!(nova["account_access"]["us-east-1"]["callable"], true);
    assert_eq!(
        nova["account_access"]["us-east-1"]["agreement"],
        "AVAILABLE"
    );

    // The counts agree with the entries.
    let a = &m["account_access"];
    let callable = entries.values().filter(|e| e["callable"] == true).count();
    let anthropic_eu = entries
        .iter()
        .filter(|((k, r), _)| r == NO_AGREEMENT_REGION && k.starts_with("anthropic."))
        .count();
    assert_eq!(a["checked"], pairs.len());
    assert_eq!(a["callable"], callable);
    assert_eq!(a["not_callable"], pairs.len() - callable);
    assert_eq!(a["blocked_by_agreement"], anthropic_eu);
    assert_eq!(a["blocked_by_authorization"], llama_regions.len());
    assert_eq!(a["unknown_to_api"], 1);
    // The same, as numbers: 1,106 ids are 1,082 (model, region) pairs; Anthropic lists 10 models
    // in eu-west-1, Llama 3 8B is in 5 regions, and Mistral Large 24.02 is unknown in one.
    assert_eq!(
        (&a["checked"], &a["callable"], &a["not_callable"]),
        (&1082.into(), &1066.into(), &16.into())
    );
    assert_eq!(
        (&a["blocked_by_agreement"], &a["blocked_by_authorization"]),
        (&10.into(), &5.into())
    );
    assert_eq!(a["application_profiles"], 3);
    assert_eq!(a["provisioned_throughputs"], 2);
    assert_eq!(strings(&a["resources_without_model"]), Vec::<String>::new());

    // The account's resources, joined to their models.
    let sonnet = model(&c, "anthropic.claude-sonnet-4-5-20250929-v1");
    let chat = &sonnet["application_inference_profiles"][0];
    assert_eq!(chat["profile_id"], "teamchat0001");
    assert_eq!(chat["profile_name"], "team-chat");
    assert_eq!(chat["region"], "us-east-1");
    assert_eq!(
        strings(&chat["destination_regions"]),
        ["us-east-1", "us-east-2", "us-west-2"]
    );
    assert_eq!(
        strings(&chat["model_ids"]),
        ["anthropic.claude-sonnet-4-5-20250929-v1:0"]
    );
    let haiku = model(&c, "anthropic.claude-3-haiku-20240307-v1");
    assert_eq!(
        haiku["application_inference_profiles"][0]["profile_id"],
        "teamsearch01"
    );
    let pt = &haiku["provisioned_throughputs"][0];
    assert_eq!(pt["provisioned_model_name"], "haiku-200k");
    assert_eq!(pt["region"], "us-east-1");
    assert_eq!(
        pt["foundation_model_id"],
        "anthropic.claude-3-haiku-20240307-v1:0:200k"
    );
    assert_eq!(pt["model_units"], 1);
    assert_eq!(pt["status"], "InService");
    assert_eq!(pt["commitment_duration"], "OneMonth");
    assert_eq!(pt["commitment_expiration_time"], "2027-01-04T00:00:00Z");
    assert_eq!(
        nova["application_inference_profiles"][0]["profile_id"],
        "euanalytic01"
    );
    let nova_pt = &nova["provisioned_throughputs"][0];
    assert_eq!(nova_pt["region"], "us-west-2");
    assert_eq!(nova_pt["model_units"], 2);
    assert!(nova_pt.get("commitment_duration").is_none());

    // The recorded snapshot replays to the same catalogue, with no network.
    // (In the same directory, so the first-discovered times carry over as in the demo's test.)
    let recorded = without_run_times(c.clone());
    let out = run.exec(None, &["--replay", snap_arg]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let replayed = without_run_times(run.catalog());
    assert_eq!(
        replayed["metadata"]["account_access"],
        recorded["metadata"]["account_access"]
    );
    assert!(
        replayed == recorded,
        "the replay differs from the recorded run"
    );

    // The catalogue with the account's view fits the printed schema.
    let bin = env!("CARGO_BIN_EXE_bedrock-collector");
    let schema = std::process::Command::new(bin)
        .arg("schema")
        .output()
        .unwrap();
    let schema: Value = serde_json::from_slice(&schema.stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&run.catalog())
        .take(5)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert_eq!(errors, Vec::<String>::new());

    // `show` answers "can this account call it here" first.
    let show = |region: &str| {
        let out = std::process::Command::new(bin)
            .args([
                "show",
                "anthropic.claude-3-haiku-20240307-v1",
                "--region",
                region,
            ])
            .arg("--catalog")
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
    // The answer starts with the account's view, after the model's header lines.
    let account_first = |out: &str| -> Vec<String> {
        out.lines()
            .skip_while(|l| !l.starts_with("This account"))
            .map(str::to_string)
            .collect()
    };
    let out = show("eu-west-1");
    let answer = account_first(&out);
    assert_eq!(
        answer[0],
        "This account: cannot call it in eu-west-1: the provider's agreement is not accepted for this account \
         (agreement NOT_AVAILABLE) (asked about anthropic.claude-3-haiku-20240307-v1:0).",
        "{out}"
    );
    let out = show("us-east-1");
    let answer = account_first(&out);
    assert_eq!(
        answer[..3],
        [
            "This account: can call it in us-east-1 (anthropic.claude-3-haiku-20240307-v1:0 answered callable).",
            "  app profile     arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/teamsearch01 (team-search) -> us-east-1",
            "  throughput      arn:aws:bedrock:us-east-1:123456789012:provisioned-model/haiku-200k (anthropic.claude-3-haiku-20240307-v1:0:200k): 1 model unit, InService, OneMonth commitment until 2027-01-04T00:00:00Z",
        ],
        "{out}"
    );
}

async fn demo_run(rules: Vec<Rule>, extra: &[&str]) -> (FakeAws, Run, harness::Outcome) {
    let fake = FakeAws::start(demo_data()).await;
    for r in rules {
        fake.add_rule(r);
    }
    let run = Run::new();
    let regions = DEMO_REGIONS.join(",");
    let mut args = vec!["--regions", regions.as_str()];
    args.extend_from_slice(extra);
    let out = run.exec_async(Some(&fake.url()), &args).await;
    (fake, run, out)
}

#[tokio::test]
async fn access_denied_on_the_availability_calls_is_a_partial_run_with_the_action_named() {
    let rule = Rule::always(Api::GetFoundationModelAvailability, Fault::AccessDenied)
        .in_region("us-west-2");
    let (_fake, run, out) = demo_run(vec![rule], &["--account-access"]).await;
    assert_eq!(out.code, 3, "{}", out.stderr);
    let c = run.catalog();
    let m = &c["metadata"];
    assert_eq!(m["run_status"], "partial");
    assert_eq!(strings(&m["regions_failed"]), ["us-west-2"]);
    let st = &m["region_status"]["us-west-2"]["get_foundation_model_availability"];
    assert_eq!(st["status"], "access_denied");
    assert_eq!(
        st["hint"],
        "grant the IAM action bedrock:GetFoundationModelAvailability to the caller"
    );
    assert!(
        st["message"].as_str().unwrap().starts_with(
            "GetFoundationModelAvailability in us-west-2 failed: AccessDeniedException"
        ),
        "{st}"
    );
    // One warning names it.
    assert!(
        out.stderr
            .contains("GetFoundationModelAvailability in us-west-2 failed: AccessDeniedException"),
        "{}",
        out.stderr
    );
    // The region's catalogue facts are all there; only its access answers are missing.
    assert_eq!(
        m["region_status"]["us-west-2"]["list_foundation_models"]["status"],
        "ok"
    );
    let entries = access_entries(&c);
    assert!(entries.keys().all(|(_, r)| r != "us-west-2"));
    assert!(entries.keys().any(|(_, r)| r == "us-east-1"));
}

#[tokio::test]
async fn access_denied_on_provisioned_throughputs_names_its_action() {
    let rule = Rule::always(Api::ListProvisionedModelThroughputs, Fault::AccessDenied);
    let (_fake, run, out) = demo_run(vec![rule], &["--account-access"]).await;
    assert_eq!(out.code, 3, "{}", out.stderr);
    let m = &run.catalog()["metadata"];
    for region in ["eu-west-1", "us-east-1", "us-west-2"] {
        let st = &m["region_status"][region]["list_provisioned_model_throughputs"];
        assert_eq!(st["status"], "access_denied", "{region}");
        assert_eq!(
            st["hint"],
            "grant the IAM action bedrock:ListProvisionedModelThroughputs to the caller"
        );
        assert_eq!(
            m["region_status"][region]["get_foundation_model_availability"]["status"],
            "ok"
        );
    }
}

#[tokio::test]
async fn without_the_flag_no_account_call_is_made_even_when_it_would_be_denied() {
    let rules = vec![
        Rule::always(Api::GetFoundationModelAvailability, Fault::AccessDenied),
        Rule::always(Api::ListProvisionedModelThroughputs, Fault::AccessDenied),
    ];
    let (fake, run, out) = demo_run(rules, &[]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        fake.requests_for(Api::GetFoundationModelAvailability)
            .is_empty()
    );
    assert!(
        fake.requests_for(Api::ListProvisionedModelThroughputs)
            .is_empty()
    );
    let c = run.catalog();
    assert!(c["metadata"].get("account_access").is_none());
    assert!(
        c["metadata"]["region_status"]["us-east-1"]
            .get("get_foundation_model_availability")
            .is_none()
    );
    assert!(access_entries(&c).is_empty());
}

/// A network run writes each model's head (made from the joined models while the last quota
/// pages were on their way) and then the rest of it: the file is byte for byte what serde_json
/// writes for the catalogue it holds, with fields that follow the quotas filled (the account's
/// access; the fixture run above has application profiles and throughputs too).
#[tokio::test]
async fn a_network_run_writes_the_catalogue_byte_for_byte() {
    let (_fake, run, out) = demo_run(vec![], &["--account-access"]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let c = run.catalog();
    let models: Vec<&Value> = (c["providers"].as_object().unwrap().values())
        .flat_map(|p| p["models"].as_object().unwrap().values())
        .collect();
    let filled = |field: &str| {
        (models.iter())
            .filter(|m| match &m[field] {
                Value::Object(o) => !o.is_empty(),
                Value::Array(a) => !a.is_empty(),
                _ => false,
            })
            .count()
    };
    let counts = ["model_pricing", "model_service_quotas", "account_access"].map(filled);
    assert_eq!((models.len(), counts), (7, [7, 5, 7]));
    crate::golden::round_trips(&run);
}

#[tokio::test]
async fn a_region_not_opted_in_gets_no_account_call() {
    let (fake, run, out) = demo_run(vec![], &["--account-access"]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let m = &run.catalog()["metadata"];
    for api in [
        "get_foundation_model_availability",
        "list_application_inference_profiles",
        "list_provisioned_model_throughputs",
    ] {
        let st = &m["region_status"]["eu-central-2"][api];
        assert_eq!(st["status"], "skipped", "{api}");
        assert_eq!(
            st["message"],
            "not asked: ListFoundationModels in eu-central-2 did not answer (not_opted_in)"
        );
        assert_eq!(
            m["region_status"]["us-east-1"][api]["status"], "ok",
            "{api}"
        );
    }
    assert_eq!(m["run_status"], "complete");
    let account_requests = [
        Api::GetFoundationModelAvailability,
        Api::ListProvisionedModelThroughputs,
    ]
    .into_iter()
    .flat_map(|api| fake.requests_for(api))
    .chain(
        fake.requests_for(Api::ListInferenceProfiles)
            .into_iter()
            .filter(|r| r.target.contains("type=APPLICATION")),
    );
    assert!(
        account_requests
            .into_iter()
            .all(|r| r.region.as_deref() != Some("eu-central-2"))
    );
    // Every model the three answering regions list (7 models in the demo data) has its entry.
    let c = run.catalog();
    assert_eq!(m["account_access"]["checked"], access_entries(&c).len());
    assert_eq!(m["account_access"]["not_callable"], 0);
}

/// The real SDK against the fake's account routes: the model id percent-encoded in the path, the
/// refusals, a 404 for an id the region does not know, the throughputs' required members.
#[tokio::test]
async fn the_sdk_reads_the_fakes_account_answers() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    use aws_sdk_bedrock::config::{BehaviorVersion, Credentials, Region};
    use aws_sdk_bedrock::error::ProvideErrorMetadata;
    let data = FakeData::from_fixtures(
        &fake_aws::fixtures_dir(),
        &["eu-west-1", "us-east-1", "us-west-2"],
    )
    .unwrap();
    let fake = FakeAws::start(data).await;
    let client = |region: &str| {
        aws_sdk_bedrock::Client::from_conf(
            aws_sdk_bedrock::Config::builder()
                .behavior_version(BehaviorVersion::latest())
                .region(Region::new(region.to_string()))
                .credentials_provider(Credentials::new("AKIDFAKE", "secret", None, None, "test"))
                .endpoint_url(fake.url())
                .build(),
        )
    };
    let ok = client("us-east-1")
        .get_foundation_model_availability()
        .model_id("anthropic.claude-3-haiku-20240307-v1:0")
        .send()
        .await
        .unwrap();
    assert_eq!(ok.model_id(), "anthropic.claude-3-haiku-20240307-v1:0");
    assert_eq!(
        ok.agreement_availability().unwrap().status().as_str(),
        "AVAILABLE"
    );
    assert_eq!(ok.authorization_status().as_str(), "AUTHORIZED");
    assert_eq!(
        fake.requests()[0].path,
        "/foundation-model-availability/anthropic.claude-3-haiku-20240307-v1%3A0"
    );
    let refused = client(NO_AGREEMENT_REGION)
        .get_foundation_model_availability()
        .model_id("anthropic.claude-3-haiku-20240307-v1:0")
        .send()
        .await
        .unwrap();
    assert_eq!(
        refused.agreement_availability().unwrap().status().as_str(),
        "NOT_AVAILABLE"
    );
    let denied = client("us-west-2")
        .get_foundation_model_availability()
        .model_id(NOT_AUTHORIZED_MODEL)
        .send()
        .await
        .unwrap();
    assert_eq!(denied.authorization_status().as_str(), "NOT_AUTHORIZED");
    let unknown = client("us-east-1")
        .get_foundation_model_availability()
        .model_id("nobody.no-model-v1:0")
        .send()
        .await
        .unwrap_err();
    assert_eq!(unknown.code(), Some("ResourceNotFoundException"));

    let pts = client("us-east-1")
        .list_provisioned_model_throughputs()
        .max_results(1000)
        .send()
        .await
        .unwrap();
    let pt = &pts.provisioned_model_summaries()[0];
    assert_eq!(pt.provisioned_model_name(), "haiku-200k");
    assert_eq!(pt.model_units(), 1);
    assert_eq!(pt.status().as_str(), "InService");
    assert_eq!(pt.commitment_duration().unwrap().as_str(), "OneMonth");
    assert_eq!(pts.next_token(), None);
}

/// Two runs with `--account-access`; between them the fake stops authorizing Llama 3.2 11B in
/// us-east-1: the change log says so, and `--fail-on callable-changed` exits 4.
#[tokio::test]
async fn a_model_the_account_can_no_longer_call_is_a_change() {
    use bedrock_collector::records::{AgreementAvailability, ModelAvailability};
    let llama = "meta.llama3-2-11b-instruct-v1:0";
    let mut data = demo_data();
    let fake = FakeAws::start(data.clone()).await;
    let run = Run::new();
    let regions = DEMO_REGIONS.join(",");
    let args = [
        "--regions",
        regions.as_str(),
        "--account-access",
        "--fail-on",
        "callable-changed",
    ];
    let out = run.exec_async(Some(&fake.url()), &args).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        model(&run.catalog(), "meta.llama3-2-11b-instruct-v1")["account_access"]["us-east-1"]["callable"],
        true
    );

    data.regions
        .get_mut("us-east-1")
        .unwrap()
        .availability
        .insert(
            llama.to_string(),
            Some(ModelAvailability {
                model_id: llama.to_string(),
                agreement_availability: Some(AgreementAvailability {
                    status: "AVAILABLE".into(),
                    error_message: None,
                }),
                authorization_status: Some("NOT_AUTHORIZED".into()),
                entitlement_availability: Some("AVAILABLE".into()),
                region_availability: Some("AVAILABLE".into()),
                not_found: None,
            }),
        );
    fake.set_data(data);
    let out = run.exec_async(Some(&fake.url()), &args).await;
    assert_eq!(out.code, 4, "{}", out.stderr);
    let changes = harness::read_json(&run.path().join("data/changes.json"));
    let events: Vec<&Value> = changes["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "callable-changed")
        .collect();
    assert_eq!(events.len(), 1, "{changes}");
    let e = events[0];
    assert_eq!(e["model"], "meta.llama3-2-11b-instruct-v1");
    assert_eq!(e["region"], "us-east-1");
    assert_eq!(e["field"], "callable");
    assert_eq!(e["old"], "callable");
    assert_eq!(e["new"], "not callable: authorization");
}
