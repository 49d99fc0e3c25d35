//! Issue 29, case 1: a signature, clock or credential error is never "region not enabled".

use super::demo_run;
use crate::support::fake_aws::{Api, Fault, Rule};
use crate::support::harness::{Run, read_json, strings};

const CLOCK: &str = "the system clock is 10 minutes behind AWS's: fix the clock (e.g. NTP)";

fn skewed(region: &str, apis: &[Api]) -> Vec<Rule> {
    apis.iter()
        .map(|&api| Rule::always(api, Fault::ClockBehind(10)).in_region(region))
        .collect()
}

const AWS_APIS: [Api; 4] = [
    Api::ListFoundationModels,
    Api::ListInferenceProfiles,
    Api::ListServiceQuotas,
    Api::ListAwsDefaultServiceQuotas,
];

#[tokio::test]
async fn a_clock_off_in_one_region_is_a_failure_that_names_the_clock() {
    let (_fake, run, out) = demo_run(skewed("us-west-2", &AWS_APIS), &[]).await;
    assert_eq!(out.code, 3, "{}", out.stderr);
    let m = &run.catalog()["metadata"];
    assert_eq!(m["run_status"], "partial");
    assert_eq!(strings(&m["regions_failed"]), ["us-west-2"]);
    // Only the region that is really not enabled is read as such.
    assert_eq!(strings(&m["regions_not_opted_in"]), ["eu-central-2"]);
    for api in [
        "list_foundation_models",
        "list_inference_profiles",
        "list_service_quotas",
        "list_aws_default_service_quotas",
    ] {
        let st = &m["region_status"]["us-west-2"][api];
        assert_eq!(st["status"], "error", "{api}: {st}");
        let message = st["message"].as_str().unwrap();
        assert!(message.contains(CLOCK), "{api}: {message}");
        assert!(message.contains("InvalidSignatureException"), "{message}");
    }
    assert!(out.stderr.contains(CLOCK), "{}", out.stderr);
}

#[tokio::test]
async fn a_clock_off_for_service_quotas_only_makes_the_run_partial() {
    let apis = [Api::ListServiceQuotas, Api::ListAwsDefaultServiceQuotas];
    let rules = ["eu-west-1", "us-east-1", "us-west-2"]
        .into_iter()
        .flat_map(|r| skewed(r, &apis))
        .collect();
    let (_fake, run, out) = demo_run(rules, &[]).await;
    assert_eq!(out.code, 3, "{}", out.stderr);
    let m = &run.catalog()["metadata"];
    assert_eq!(m["run_status"], "partial");
    assert_eq!(
        m["region_status"]["us-east-1"]["list_service_quotas"]["status"],
        "error"
    );
    assert_eq!(m["total_models"], 7);
}

#[tokio::test]
async fn a_clock_off_everywhere_publishes_nothing_and_says_why() {
    let rules = ["eu-west-1", "us-east-1", "us-west-2"]
        .into_iter()
        .flat_map(|r| skewed(r, &AWS_APIS))
        .collect();
    let (_fake, run, out) = demo_run(rules, &[]).await;
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(!run.output_path().exists());
    let last = crate::support::harness::last_line(&out.stderr);
    assert!(last.starts_with("error: "), "{last}");
    assert!(last.contains(CLOCK), "{last}");
}

/// An unknown token in a region every account has enabled is a credential failure, not a region
/// to skip; in an opt-in region it stays what AWS documents it to be.
#[tokio::test]
async fn an_unrecognized_token_in_a_default_region_is_not_a_region_not_enabled() {
    let rules = AWS_APIS
        .iter()
        .map(|&api| Rule::always(api, Fault::NotOptedIn).in_region("us-west-2"))
        .collect();
    let (_fake, run, out) = demo_run(rules, &[]).await;
    assert_eq!(out.code, 3, "{}", out.stderr);
    let m = &run.catalog()["metadata"];
    assert_eq!(strings(&m["regions_not_opted_in"]), ["eu-central-2"]);
    let st = &m["region_status"]["us-west-2"]["list_foundation_models"];
    assert_eq!(st["status"], "error");
    assert!(
        st["message"]
            .as_str()
            .unwrap()
            .contains("AWS rejected the run's credentials (UnrecognizedClientException)"),
        "{st}"
    );
}

/// After a good run, a run whose clock is off in one region publishes no removal for it: the
/// models of that region are unknown this time, not gone.
#[tokio::test]
async fn a_clock_off_publishes_no_removals() {
    let fake =
        crate::support::fake_aws::FakeAws::start(crate::support::demo_data::demo_data()).await;
    let run = Run::new();
    let regions = super::regions_arg();
    let out = run
        .exec_async(Some(&fake.url()), &["--regions", &regions])
        .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let good = std::fs::read(run.output_path()).unwrap();
    for r in skewed("us-west-2", &AWS_APIS) {
        fake.add_rule(r);
    }
    let out = run
        .exec_async(Some(&fake.url()), &["--regions", &regions])
        .await;
    assert_eq!(out.code, 3, "{}", out.stderr);
    // Degraded against the good run: not published, and the change log says nothing was removed.
    assert_eq!(std::fs::read(run.output_path()).unwrap(), good);
    let changes = read_json(&run.path().join("data/changes.json"));
    let removed = super::removals(&changes);
    assert!(removed.is_empty(), "{removed:?}");
}
