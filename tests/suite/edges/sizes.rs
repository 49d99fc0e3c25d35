//! Issue 29, case 8: an AWS answer over the size cap fails its call, with the size, unread.

use crate::support::fake_aws::{Api, Fault, Rule};

#[tokio::test]
async fn an_answer_over_the_cap_fails_its_call_with_its_size() {
    let padding = 65 << 20;
    let rule =
        Rule::always(Api::ListFoundationModels, Fault::Padded(padding)).in_region("us-west-2");
    let fake =
        crate::support::fake_aws::FakeAws::start(crate::support::demo_data::demo_data()).await;
    fake.add_rule(rule);
    let run = crate::support::harness::Run::new();
    run.patient_timeouts();
    let regions = super::regions_arg();
    let out = run
        .exec_async(Some(&fake.url()), &["--regions", &regions])
        .await;
    assert_eq!(out.code, 3, "{}", out.stderr);
    let m = &run.catalog()["metadata"];
    assert_eq!(m["regions_failed"], serde_json::json!(["us-west-2"]));
    let st = &m["region_status"]["us-west-2"]["list_foundation_models"];
    assert_eq!(st["status"], "error");
    let message = st["message"].as_str().unwrap();
    assert!(
        message.contains("bytes, more than the 64 MiB one AWS answer may have"),
        "{message}"
    );
    let size: usize = message
        .split("the answer is ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no size in {message}"));
    assert!(size > padding, "{size}");
    // Refused, not retried.
    let asked = fake
        .requests_for(Api::ListFoundationModels)
        .into_iter()
        .filter(|r| r.region.as_deref() == Some("us-west-2"))
        .count();
    assert_eq!(asked, 1);
}
