//! Issue 18: lifecycle dates per region, their change events and the JSON Feed, over consecutive
//! runs of the real binary on a real us-east-1 list in which a model goes LEGACY with dates.

use std::collections::BTreeMap;

use crate::support::fake_aws;
use crate::support::harness;

use bedrock_collector::records::{FoundationModelsPage, ModelLifecycle};
use fake_aws::{FakeAws, FakeData, RegionData, fixtures_dir};
use harness::{Run, read_json};
use serde_json::{Value, json};

const OPUS: &str = "anthropic.claude-opus-4-1-20250805-v1";
const WHO: &str = "Claude Opus 4.1 (anthropic.claude-opus-4-1-20250805-v1)";

/// The real us-east-1 list of 2026-06-22 served in us-east-1 and us-west-2, with Opus 4.1's
/// lifecycle in each region replaced by `lifecycle(region)` where it gives one.
fn data(lifecycle: impl Fn(&str) -> Option<ModelLifecycle>) -> FakeData {
    let path = fixtures_dir()
        .join("list-foundation-models/dineshrajdhanapathyDD-TurfArena_us-east-1_2026-06-22.json");
    let page: FoundationModelsPage = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let regions = ["us-east-1", "us-west-2"].map(|region| {
        let mut models = page.model_summaries.clone();
        let opus = models
            .iter_mut()
            .find(|m| m.model_id == format!("{OPUS}:0"))
            .expect("Opus 4.1 is in the fixture");
        assert_eq!(opus.model_lifecycle.as_ref().unwrap().status, "ACTIVE");
        if let Some(l) = lifecycle(region) {
            opus.model_lifecycle = Some(l);
        }
        (
            region.to_string(),
            RegionData {
                foundation_models: models,
                ..Default::default()
            },
        )
    });
    FakeData {
        regions: BTreeMap::from(regions),
    }
}

fn legacy(legacy_time: &str) -> ModelLifecycle {
    ModelLifecycle {
        status: "LEGACY".to_string(),
        start_of_life_time: None,
        legacy_time: Some(legacy_time.to_string()),
        public_extended_access_time: Some("2027-04-15T00:00:00Z".to_string()),
        end_of_life_time: Some("2027-07-15T00:00:00Z".to_string()),
    }
}

async fn run_on(run: &Run, data: FakeData, args: &[&str]) -> harness::Outcome {
    let fake = FakeAws::start(data).await;
    let feed = run.path().join("data/feed.json");
    let mut all = vec![
        "--regions",
        "us-east-1,us-west-2",
        "--feed",
        feed.to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    run.exec_async(Some(&fake.url()), &all).await
}

fn texts(feed: &Value) -> Vec<String> {
    feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["content_text"].as_str().unwrap().to_string())
        .collect()
}

/// Whole days from now to an ISO date, as `show` counts them.
fn days_to(date: &str) -> i64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let (y, m, d): (i64, i64, i64) = (
        date[..4].parse().unwrap(),
        date[5..7].parse().unwrap(),
        date[8..10].parse().unwrap(),
    );
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    days - now.div_euclid(86_400)
}

#[tokio::test]
async fn a_model_going_legacy_gives_events_a_timeline_and_feed_items() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let run = Run::new();
    // First run: no previous catalogue, no events; the feed exists, empty.
    let out = run_on(&run, data(|_| None), &[]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let feed = read_json(&run.path().join("data/feed.json"));
    assert_eq!(feed["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(feed["title"], "Amazon Bedrock model changes");
    assert_eq!(feed["items"], json!([]));
    let m = harness::model(&run.catalog(), OPUS).clone();
    assert_eq!(
        m["regional_availability"]["us-east-1"]["lifecycle_dates"],
        json!({"start_of_life_time": null, "legacy_time": null,
               "public_extended_access_time": null, "end_of_life_time": null})
    );
    assert_eq!(
        m["lifecycle_timeline"],
        json!({"earliest_legacy_time": null, "earliest_end_of_life_time": null})
    );

    // Second run: Opus 4.1 goes LEGACY in both regions, with its three dates.
    let out = run_on(&run, data(|_| Some(legacy("2027-01-15T00:00:00Z"))), &[]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let changes = read_json(&run.path().join("data/changes.json"));
    let dates: Vec<String> = changes["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "lifecycle-date-changed")
        .map(|e| {
            assert_eq!(e["model"], OPUS);
            assert!(e.get("old").is_none(), "{e}");
            format!(
                "{} {} {}",
                e["region"].as_str().unwrap(),
                e["field"].as_str().unwrap(),
                e["new"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        dates,
        [
            "us-east-1 end_of_life_time 2027-07-15T00:00:00Z",
            "us-east-1 legacy_time 2027-01-15T00:00:00Z",
            "us-east-1 public_extended_access_time 2027-04-15T00:00:00Z",
            "us-west-2 end_of_life_time 2027-07-15T00:00:00Z",
            "us-west-2 legacy_time 2027-01-15T00:00:00Z",
            "us-west-2 public_extended_access_time 2027-04-15T00:00:00Z",
        ]
    );
    assert_eq!(changes["counts"]["lifecycle-date-changed"], 6);
    assert_eq!(changes["counts"]["lifecycle-changed"], 3);
    let feed = read_json(&run.path().join("data/feed.json"));
    assert_eq!(
        texts(&feed),
        [
            format!("{WHO}'s lifecycle status changed from ACTIVE to LEGACY."),
            format!(
                "{WHO}'s lifecycle status in us-east-1 and us-west-2 changed from ACTIVE to LEGACY."
            ),
            format!("{WHO} reaches end of life on 2027-07-15 in us-east-1 and us-west-2."),
            format!("{WHO} goes legacy on 2027-01-15 in us-east-1 and us-west-2."),
            format!(
                "{WHO} enters public extended access on 2027-04-15 in us-east-1 and us-west-2."
            ),
        ]
    );
    let started = run.catalog()["metadata"]["started_at"]
        .as_str()
        .unwrap()
        .to_string();
    let item = &feed["items"][3];
    assert_eq!(item["id"], format!("{started}/3"));
    assert_eq!(item["date_published"], started);
    assert_eq!(item["title"], "Claude Opus 4.1: lifecycle-date-changed");
    assert_eq!(item["tags"], json!(["lifecycle-date-changed", OPUS]));
    assert_eq!(
        item["_bedrock_collector"],
        json!({"kind": "lifecycle-date-changed", "model": OPUS, "regions": ["us-east-1", "us-west-2"],
               "field": "legacy_time", "new": "2027-01-15T00:00:00Z"})
    );
    // The link: the provider's model page from the catalogue.
    assert!(
        item["url"].as_str().unwrap().starts_with("https://"),
        "{item}"
    );

    // Third run: the legacy date moves in us-west-2 only; the feed keeps the last 4 items.
    let out = run_on(
        &run,
        data(|region| {
            Some(legacy(if region == "us-west-2" {
                "2027-02-01T00:00:00Z"
            } else {
                "2027-01-15T00:00:00Z"
            }))
        }),
        &["--feed-items", "4"],
    )
    .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let changes = read_json(&run.path().join("data/changes.json"));
    assert_eq!(
        changes["events"],
        json!([{"kind": "lifecycle-date-changed", "model": OPUS, "region": "us-west-2",
                "field": "legacy_time", "old": "2027-01-15T00:00:00Z", "new": "2027-02-01T00:00:00Z"}])
    );
    let newer = read_json(&run.path().join("data/feed.json"));
    let mut expected = vec![format!(
        "{WHO} goes legacy on 2027-02-01 in us-west-2, no longer on 2027-01-15."
    )];
    expected.extend(texts(&feed).into_iter().take(3));
    assert_eq!(texts(&newer), expected, "{}", out.stderr);

    // A degraded run (us-west-2's profiles now fail) publishes nothing: the feed is as it was,
    // although the dates moved again.
    let feed_bytes = std::fs::read(run.path().join("data/feed.json")).unwrap();
    let fake = FakeAws::start(data(|_| Some(legacy("2027-03-01T00:00:00Z")))).await;
    fake.add_rule(
        fake_aws::Rule::always(
            fake_aws::Api::ListInferenceProfiles,
            fake_aws::Fault::Throttle,
        )
        .in_region("us-west-2"),
    );
    let feed_path = run.path().join("data/feed.json");
    let out = run
        .exec_async(
            Some(&fake.url()),
            &[
                "--regions",
                "us-east-1,us-west-2",
                "--feed",
                feed_path.to_str().unwrap(),
            ],
        )
        .await;
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert_eq!(std::fs::read(&feed_path).unwrap(), feed_bytes);

    // The catalogue: dates per region, the earliest over the regions.
    let c = run.catalog();
    let m = harness::model(&c, OPUS);
    assert_eq!(
        m["regional_availability"]["us-west-2"]["lifecycle_dates"]["legacy_time"],
        "2027-02-01T00:00:00Z"
    );
    assert_eq!(
        m["lifecycle_timeline"],
        json!({"earliest_legacy_time": {"date": "2027-01-15T00:00:00Z", "region": "us-east-1"},
               "earliest_end_of_life_time": {"date": "2027-07-15T00:00:00Z", "region": "us-east-1"},
               "end_of_life": {"date": "2027-07-15T00:00:00Z", "source": "aws", "from": "us-east-1"}})
    );

    // show: the timeline in the header, the region's dates with the days left.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_bedrock-collector"))
        .args([
            "show",
            "Claude Opus 4.1",
            "--region",
            "us-west-2",
            "--catalog",
        ])
        .arg(run.output_path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let days = |d: &str| match days_to(d) {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        n => format!("in {n} days"),
    };
    let first = format!(
        "first dates:   legacy 2027-01-15 ({}) in us-east-1; end of life 2027-07-15 ({}) in us-east-1 (source aws)",
        days("2027-01-15"),
        days("2027-07-15")
    );
    assert!(stdout.lines().any(|l| l == first), "{stdout}");
    let region = format!(
        "  lifecycle       legacy 2027-02-01 ({}), extended access 2027-04-15 ({}), end of life 2027-07-15 ({})",
        days("2027-02-01"),
        days("2027-04-15"),
        days("2027-07-15")
    );
    assert!(stdout.lines().any(|l| l == region), "{stdout}");
}
