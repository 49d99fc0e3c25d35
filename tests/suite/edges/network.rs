//! Issue 29, case 13: a connection error names the proxy configured in the environment, and a host
//! that does not resolve is reported at once as "no such endpoint", not retried.

use super::regions_arg;
use crate::support::demo_data::demo_data;
use crate::support::fake_aws::FakeAws;
use crate::support::harness::{Outcome, Run, last_line};

async fn exec_with_env(run: &Run, url: &str, env: &[(&str, &str)]) -> Outcome {
    let regions = regions_arg();
    let mut cmd = run.command(Some(url), &["--regions", &regions]);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A port nothing listens on.
fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

#[tokio::test]
async fn a_refused_connection_names_the_proxy_from_the_environment() {
    let fake = FakeAws::start(demo_data()).await;
    let run = Run::new();
    let proxy = format!("http://user:pw@127.0.0.1:{}", closed_port());
    let out = exec_with_env(
        &run,
        &fake.url(),
        &[("HTTP_PROXY", &proxy), ("HTTPS_PROXY", &proxy)],
    )
    .await;
    assert_eq!(out.code, 1, "{}", out.stderr);
    let said = last_line(&out.stderr);
    let shown = proxy.replace("user:pw@", "");
    assert!(
        said.contains(&format!(
            "could not reach the endpoint through the proxy {shown} (from HTTPS_PROXY)"
        )),
        "{said}"
    );
    assert!(!out.stderr.contains("user:pw"), "{}", out.stderr);
    assert_eq!(fake.request_count(), 0);
}

#[tokio::test]
async fn a_host_that_does_not_resolve_is_no_such_endpoint_at_once() {
    let fake = FakeAws::start(demo_data()).await;
    let run = Run::new();
    // Service Quotas' calls go to a name that can never resolve (RFC 2606); Bedrock to the fake.
    let out = exec_with_env(
        &run,
        &fake.url(),
        &[(
            "AWS_ENDPOINT_URL_SERVICE_QUOTAS",
            "http://servicequotas.eu-west-9.invalid",
        )],
    )
    .await;
    assert_eq!(out.code, 3, "{}", out.stderr);
    let m = &run.catalog()["metadata"];
    let st = &m["region_status"]["us-east-1"]["list_service_quotas"];
    assert_eq!(st["status"], "error", "{st}");
    let message = st["message"].as_str().unwrap();
    assert!(
        message.contains("no such endpoint: its host name does not resolve"),
        "{message}"
    );
    // One attempt, not the ten of the retry policy (the test config allows 3).
    assert_eq!(st["attempts"], 1, "{st}");
    assert_eq!(m["total_models"], 7);
}
