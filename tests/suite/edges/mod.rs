//! The edges: answers and situations nobody planned for (a clock that is off, a pagination token
//! seen twice, a secret echoed back, two runs at once, files that are not ours, hostile text).
//! Each test is the case as it was reproduced against the fake AWS, and what the run must do.

mod backups;
mod conflicts;
mod credentials;
mod downloads;
mod lock;
mod network;
mod pagination;
mod profile;
mod ranges;
mod redaction;
mod sizes;
mod terminal;

use std::time::Duration;

use crate::support::demo_data::{DEMO_REGIONS, demo_data};
use crate::support::fake_aws::{FakeAws, Rule};
use crate::support::harness::{Outcome, Run};

/// The demo's four regions (eu-central-2 is not opted in).
fn regions_arg() -> String {
    DEMO_REGIONS.join(",")
}

/// The demo data served with `rules`, and one run over the demo's regions with `extra` flags.
async fn demo_run(rules: Vec<Rule>, extra: &[&str]) -> (FakeAws, Run, Outcome) {
    let fake = FakeAws::start(demo_data()).await;
    for r in rules {
        fake.add_rule(r);
    }
    let run = Run::new();
    let regions = regions_arg();
    let mut args = vec!["--regions", regions.as_str()];
    args.extend_from_slice(extra);
    let out = run.exec_async(Some(&fake.url()), &args).await;
    (fake, run, out)
}

/// The events of a change log (`changes.json`) that remove something (`model-removed`,
/// `quota-removed`, ...).
fn removals(changes: &serde_json::Value) -> Vec<&serde_json::Value> {
    changes["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"].as_str().unwrap().contains("removed"))
        .collect()
}

/// Runs the binary like `Run::exec_async`, killed if it has not ended after `limit`: a guard so
/// that a run that would never end fails its test (code -1) instead of hanging the suite. Not a
/// timing assertion: the tests assert what the run did.
async fn exec_or_kill(run: &Run, endpoint: &str, args: &[&str], limit: Duration) -> Outcome {
    let mut cmd = run.command(Some(endpoint), args);
    tokio::task::spawn_blocking(move || {
        let child = cmd
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("the binary runs");
        let pid = child.id();
        let (done, waited) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            if waited.recv_timeout(limit).is_err() {
                // SAFETY: signals our own child, which has not been reaped yet.
                unsafe { libc::kill(pid as libc::pid_t, libc::SIGKILL) };
            }
        });
        let out = child.wait_with_output().expect("wait");
        let _ = done.send(());
        Outcome {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    })
    .await
    .unwrap()
}
