//! A model's end of life with who gives it, from the real binary over the demo data and the demo's
//! LiteLLM excerpt: LiteLLM's `deprecation_date` where AWS gives no date, AWS's own dates where it
//! does (agreeing or not, a disagreement recorded), shown with its source by `show` and the page;
//! and a date that only changes its source is no change.

use crate::support::demo_data;
use crate::support::drift_data::with_end_of_life;
use crate::support::fake_aws;
use crate::support::harness;

use demo_data::{DEMO_REGIONS, demo_data};
use fake_aws::{FakeAws, FakeData};
use harness::{Run, catalogue_command, model, read_json};
use serde_json::{Value, json};

const SONNET: &str = "anthropic.claude-sonnet-4-5-20250929-v1";
const LLAMA_11B: &str = "meta.llama3-2-11b-instruct-v1";
const LLAMA_90B: &str = "meta.llama3-2-90b-instruct-v1";

/// The demo's LiteLLM excerpt gives Sonnet 4.5 2027-04-08 and both Llama 3.2 models 2026-07-07.
/// AWS: Llama 3.2 11B the same day in both its regions, Llama 3.2 90B another in us-east-1.
fn dated() -> FakeData {
    let data = with_end_of_life(
        demo_data(),
        "meta.llama3-2-11b-instruct-v1:0",
        "2026-07-07T00:00:00Z",
        &["us-east-1", "us-west-2"],
    );
    with_end_of_life(
        data,
        "meta.llama3-2-90b-instruct-v1:0",
        "2026-08-01T00:00:00Z",
        &["us-east-1"],
    )
}

async fn run_on(run: &Run, data: FakeData) -> harness::Outcome {
    let fake = FakeAws::start(data).await;
    let regions = DEMO_REGIONS.join(",");
    run.exec_async(Some(&fake.url()), &["--regions", &regions])
        .await
}

fn show(run: &Run, key: &str) -> String {
    catalogue_command(&["show", key], &run.output_path())
}

/// The `first dates:` line of `show`, without the days left (they depend on today).
fn first_dates(run: &Run, key: &str) -> String {
    let text = show(run, key);
    let line = (text.lines())
        .find(|l| l.starts_with("first dates:"))
        .unwrap_or_else(|| panic!("no first dates line: {text}"));
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find(" (") {
        let (head, tail) = rest.split_at(at);
        out.push_str(head);
        let close = tail.find(')').map_or(tail.len(), |i| i + 1);
        let inner = &tail[2..close - 1];
        let days_left = ["today", "tomorrow", "yesterday"].contains(&inner)
            || (inner.starts_with("in ") && inner.ends_with(" days"))
            || inner.ends_with(" days ago");
        if !days_left {
            out.push_str(&tail[..close]);
        }
        rest = &tail[close..];
    }
    out.push_str(rest);
    out
}

#[tokio::test]
async fn litellms_deprecation_date_fills_in_and_aws_wins_with_the_disagreement_recorded() {
    let run = Run::new();
    let out = run_on(&run, dated()).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let c = run.catalog();
    let timeline = |key: &str| model(&c, key)["lifecycle_timeline"].clone();

    // Only LiteLLM gives one: its date, labelled with its key.
    assert_eq!(
        timeline(SONNET),
        json!({"earliest_legacy_time": null, "earliest_end_of_life_time": null,
               "end_of_life": {"date": "2027-04-08", "source": "litellm",
                               "from": "litellm:anthropic.claude-sonnet-4-5-20250929-v1:0"}})
    );
    // Both, the same day: AWS's, no disagreement.
    assert_eq!(
        timeline(LLAMA_11B),
        json!({"earliest_legacy_time": null,
               "earliest_end_of_life_time": {"date": "2026-07-07T00:00:00Z", "region": "us-east-1"},
               "end_of_life": {"date": "2026-07-07T00:00:00Z", "source": "aws", "from": "us-east-1"}})
    );
    // Both, different days: AWS's, and the disagreement with both dates and sources.
    assert_eq!(
        timeline(LLAMA_90B),
        json!({"earliest_legacy_time": null,
               "earliest_end_of_life_time": {"date": "2026-08-01T00:00:00Z", "region": "us-east-1"},
               "end_of_life": {"date": "2026-08-01T00:00:00Z", "source": "aws", "from": "us-east-1"},
               "conflicts": [{
                   "field": "end_of_life_time",
                   "chosen": {"date": "2026-08-01T00:00:00Z", "source": "aws", "from": "us-east-1"},
                   "other": {"date": "2026-07-07", "source": "litellm",
                             "from": "litellm:meta.llama3-2-90b-instruct-v1:0"}}]})
    );
    // LiteLLM's word stays where it was too.
    assert_eq!(
        model(&c, LLAMA_90B)["token_specs"]["litellm_extras"]["deprecation_date"],
        "2026-07-07"
    );

    // show: each date with its source.
    assert_eq!(
        first_dates(&run, SONNET),
        "first dates:   end of life 2027-04-08 (source litellm:anthropic.claude-sonnet-4-5-20250929-v1:0)"
    );
    assert_eq!(
        first_dates(&run, LLAMA_11B),
        "first dates:   end of life 2026-07-07 in us-east-1 (source aws)"
    );
    assert_eq!(
        first_dates(&run, LLAMA_90B),
        "first dates:   end of life 2026-08-01 in us-east-1 (source aws; \
         litellm:meta.llama3-2-90b-instruct-v1:0 says 2026-07-07)"
    );

    // compare: the end of life with where it comes from.
    let out = catalogue_command(
        &["compare", SONNET, LLAMA_90B, "--format", "json"],
        &run.output_path(),
    );
    let rows: Value = serde_json::from_str(&out).unwrap();
    let row = (rows["rows"].as_array().unwrap().iter())
        .find(|r| r["field"] == "end of life")
        .unwrap_or_else(|| panic!("{rows}"));
    assert_eq!(
        row["values"],
        json!([
            "2027-04-08 (litellm:anthropic.claude-sonnet-4-5-20250929-v1:0)",
            "2026-08-01 (us-east-1)"
        ])
    );

    // The page: each card says it too.
    let html = catalogue_command(&["page", "--output", "-"], &run.output_path());
    for row in [
        "<dt>End of life by source</dt><dd>2027-04-08 (source litellm:anthropic.claude-sonnet-4-5-20250929-v1:0)</dd>",
        "<dt>End of life by source</dt><dd>2026-07-07 in us-east-1 (source aws)</dd>",
        "<dt>End of life by source</dt><dd>2026-08-01 in us-east-1 (source aws; litellm:meta.llama3-2-90b-instruct-v1:0 says 2026-07-07)</dd>",
    ] {
        assert_eq!(html.matches(row).count(), 1, "{row}");
    }
}

fn events(run: &Run) -> Vec<Value> {
    read_json(&run.path().join("data/changes.json"))["events"]
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test]
async fn a_date_that_only_changes_its_source_is_no_model_wide_event() {
    let run = Run::new();
    let out = run_on(&run, dated()).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    // AWS now gives Sonnet 4.5 the day LiteLLM gave it: the model's end of life is the same day,
    // from another source. Only the regions where AWS's list gained the date say so.
    let regions = ["eu-west-1", "us-east-1", "us-west-2"];
    let data = with_end_of_life(
        dated(),
        "anthropic.claude-sonnet-4-5-20250929-v1:0",
        "2027-04-08T00:00:00Z",
        &regions,
    );
    let out = run_on(&run, data).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        model(&run.catalog(), SONNET)["lifecycle_timeline"]["end_of_life"],
        json!({"date": "2027-04-08T00:00:00Z", "source": "aws", "from": "eu-west-1"})
    );
    let lines: Vec<String> = (events(&run).iter())
        .map(|e| {
            let s = |f: &str| e[f].as_str().unwrap_or("-").to_string();
            format!(
                "{} {} {} {} {}",
                s("kind"),
                s("model"),
                s("region"),
                s("field"),
                s("new")
            )
        })
        .collect();
    assert_eq!(
        lines,
        regions.map(|r| format!(
            "lifecycle-date-changed {SONNET} {r} end_of_life_time 2027-04-08T00:00:00Z"
        ))
    );
}
