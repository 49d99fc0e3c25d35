//! Issue 29, case 3: a credential echoed back in an error message reaches no file and no log.

use std::path::{Path, PathBuf};

use super::regions_arg;
use crate::support::demo_data::demo_data;
use crate::support::fake_aws::{Api, FakeAws, Fault, Rule};
use crate::support::harness::Run;

const KEY_ID: &str = "ASIAY34FZKBOKMUTVV7A";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const TOKEN: &str = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ";

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// What must never be written: the run's key id, secret and token, and any SigV4 signature.
fn leaks(text: &str) -> Vec<&'static str> {
    let mut found: Vec<&'static str> = [KEY_ID, SECRET, TOKEN]
        .into_iter()
        .filter(|s| text.contains(s))
        .collect();
    if text.contains("Signature=") {
        found.push("Signature=");
    }
    found
}

#[tokio::test]
async fn an_error_that_echoes_the_request_headers_is_published_without_them() {
    let fake = FakeAws::start(demo_data()).await;
    let run = Run::new();
    let url = fake.url();
    let regions = regions_arg();
    let args = [
        "--regions",
        regions.as_str(),
        "--record",
        "snap",
        "--feed",
        "data/feed.json",
        "--summary-markdown",
        "summary.md",
        "-vv",
    ];
    // A good run first, so that the second has a catalogue to back up and changes to log.
    let env = |cmd: &mut std::process::Command| {
        cmd.env("AWS_ACCESS_KEY_ID", KEY_ID)
            .env("AWS_SECRET_ACCESS_KEY", SECRET)
            .env("AWS_SESSION_TOKEN", TOKEN);
    };
    let mut first = run.command(Some(&url), &args);
    env(&mut first);
    let first = tokio::task::spawn_blocking(move || first.output().unwrap())
        .await
        .unwrap();
    assert_eq!(first.status.code(), Some(0));
    fake.add_rule(
        Rule::always(Api::ListServiceQuotas, Fault::AccessDeniedEcho).in_region("us-west-2"),
    );
    let mut second = run.command(Some(&url), &[&args[..], &["--allow-degraded"]].concat());
    env(&mut second);
    let out = tokio::task::spawn_blocking(move || second.output().unwrap())
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(3));

    let st = &run.catalog()["metadata"]["region_status"]["us-west-2"]["list_service_quotas"];
    assert_eq!(st["status"], "access_denied");
    let message = st["message"].as_str().unwrap();
    assert!(
        message.contains("X-Amz-Security-Token: ** redacted"),
        "{message}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The whole error at -vv: both headers, each redacted.
    assert!(
        stderr.contains("X-Amz-Security-Token: ** redacted **, Authorization: ** redacted **"),
        "{stderr}"
    );
    assert_eq!(leaks(&stderr), Vec::<&str>::new(), "in the logs");
    let files = files_under(run.path());
    // Catalogue, backups, change log, feed, summary and the record's files.
    for name in [
        "bedrock_models.json",
        "changes.json",
        "feed.json",
        "summary.md",
        "manifest.json",
    ] {
        assert!(
            files.iter().any(|f| f.ends_with(name)),
            "no {name} in {files:?}"
        );
    }
    for f in files {
        let text = String::from_utf8_lossy(&std::fs::read(&f).unwrap()).into_owned();
        assert_eq!(leaks(&text), Vec::<&str>::new(), "in {}", f.display());
    }
}
