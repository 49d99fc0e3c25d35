//! Issue 29, case 2: a pagination token seen twice, or pages that never end, stop the chain as
//! an error that keeps none of its pages; the run is partial, never silently short.

use std::time::Duration;

use super::{exec_or_kill, regions_arg};
use crate::support::demo_data::demo_data;
use crate::support::fake_aws::{Api, FakeAws, FakeData, Fault, Rule, page_token};
use crate::support::harness::{Outcome, Run};

/// The demo data with 450 more applied quotas in us-east-1: its ListServiceQuotas is 5 pages.
fn paged_data() -> FakeData {
    let mut data = demo_data();
    let east = data.regions.get_mut("us-east-1").unwrap();
    let template = east.service_quotas[0].clone();
    for n in 0..450 {
        let mut q = template.clone();
        q.quota_code = format!("L-PAGE{n:04}");
        q.quota_name = format!("Paging quota {n}");
        east.service_quotas.push(q);
    }
    assert!(east.service_quotas.len() > 400);
    data
}

async fn paged_run(rule: Rule) -> (FakeAws, Run, Outcome) {
    let fake = FakeAws::start(paged_data()).await;
    fake.add_rule(rule);
    let run = Run::new();
    let regions = regions_arg();
    let out = exec_or_kill(
        &run,
        &fake.url(),
        &["--regions", &regions],
        Duration::from_secs(120),
    )
    .await;
    (fake, run, out)
}

/// The tokens the chain of `api` in us-east-1 sent, in order (`None`: the first page).
fn tokens_sent(fake: &FakeAws, api: Api) -> Vec<Option<String>> {
    fake.requests_for(api)
        .into_iter()
        .filter(|r| r.region.as_deref() == Some("us-east-1"))
        .map(|r| r.next_token)
        .collect()
}

fn assert_failed_chain(run: &Run, out: &Outcome, api: &str, said: &str) {
    assert_eq!(out.code, 3, "{}", out.stderr);
    let m = &run.catalog()["metadata"];
    assert_eq!(m["run_status"], "partial");
    assert!(
        m["regions_failed"]
            .as_array()
            .unwrap()
            .contains(&"us-east-1".into())
    );
    let st = &m["region_status"]["us-east-1"][api];
    assert_eq!(st["status"], "error", "{st}");
    // None of the chain's pages is kept.
    assert_eq!(st["pages"], 0, "{st}");
    assert!(st.get("items").is_none(), "{st}");
    let message = st["message"].as_str().unwrap();
    assert!(message.contains(said), "{message}");
}

#[tokio::test]
async fn a_token_sent_again_is_a_pagination_loop() {
    // Page 3 (token of offset 200) names its own token as the next one. The SDK's paginator stops
    // quietly on such a page: 3 of 5 pages would have been read as the whole list.
    let rule = Rule::always(
        Api::ListServiceQuotas,
        Fault::NextTokenAt { at: 200, next: 200 },
    )
    .in_region("us-east-1");
    let (fake, run, out) = paged_run(rule).await;
    assert_failed_chain(&run, &out, "list_service_quotas", "pagination loop");
    assert_eq!(
        tokens_sent(&fake, Api::ListServiceQuotas),
        [None, Some(page_token(100)), Some(page_token(200))]
    );
}

#[tokio::test]
async fn tokens_that_cycle_stop_at_the_first_one_seen_again() {
    // Page 4 (offset 300) names page 2's token: A, B, C, A, B, C ... for ever without the check.
    let rule = Rule::always(
        Api::ListServiceQuotas,
        Fault::NextTokenAt { at: 300, next: 100 },
    )
    .in_region("us-east-1");
    let (fake, run, out) = paged_run(rule).await;
    assert_failed_chain(&run, &out, "list_service_quotas", "pagination loop");
    assert_eq!(
        tokens_sent(&fake, Api::ListServiceQuotas),
        [
            None,
            Some(page_token(100)),
            Some(page_token(200)),
            Some(page_token(300))
        ]
    );
}

#[tokio::test]
async fn inference_profiles_that_repeat_their_token_are_a_loop_too() {
    // The one page of profiles names a next token; the page it leads to names the same again.
    let rule = Rule::always(
        Api::ListInferenceProfiles,
        Fault::NextTokenAt { at: 0, next: 0 },
    )
    .in_region("us-east-1");
    let (fake, run, out) = paged_run(rule).await;
    assert_failed_chain(&run, &out, "list_inference_profiles", "pagination loop");
    assert_eq!(
        tokens_sent(&fake, Api::ListInferenceProfiles),
        [None, Some(page_token(0))]
    );
}

#[tokio::test]
async fn pages_that_never_end_stop_at_the_page_limit() {
    let rule = Rule::always(Api::ListServiceQuotas, Fault::EndlessPages).in_region("us-east-1");
    let (fake, run, out) = paged_run(rule).await;
    assert_failed_chain(&run, &out, "list_service_quotas", "more than 1000 pages");
    // Distinct tokens: a retried attempt (a slow answer on a loaded machine) sends its page's
    // token again, and is not another page.
    let pages: std::collections::BTreeSet<_> = tokens_sent(&fake, Api::ListServiceQuotas)
        .into_iter()
        .collect();
    assert_eq!(pages.len(), 1000);
}
