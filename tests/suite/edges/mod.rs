//! The edges: answers and situations nobody planned for (a clock that is off, a pagination token
//! seen twice, a secret echoed back, two runs at once, files that are not ours, hostile text).
//! Each test is the case as it was reproduced against the fake AWS, and what the run must do.

mod credentials;

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
