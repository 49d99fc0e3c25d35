//! Credential errors of an assumed role: a profile with `role_arn` + `source_profile` whose STS
//! `AssumeRole` call is refused gives one sentence naming the role and the STS error, at default
//! verbosity without any SDK Debug dump; `-v` shows the SDK's whole error chain. STS is the fake's
//! (`AWS_ENDPOINT_URL` reaches the SDK's STS client too).

use crate::support::demo_data;

use crate::support::fake_aws;

use crate::support::harness;

use demo_data::demo_data;
use fake_aws::{Api, FAKE_ACCOUNT, FakeAws};
use harness::{Installed, Outcome};

const ROLE: &str = "arn:aws:iam::123456789012:role/BedrockReader";

/// Runs the installed binary with `config` as its AWS config file, the fake as every AWS
/// endpoint, and no credentials in the environment (the profile's source gives them).
async fn run(
    inst: &Installed,
    fake: &FakeAws,
    config: Option<&str>,
    args: &[&str],
    env: &[(&str, &str)],
) -> Outcome {
    let mut all = vec![
        "--regions",
        "us-east-1",
        "--price-list-url",
        "",
        "--litellm-url",
        "",
    ];
    all.extend(args);
    let mut cmd = inst.command(None, &all);
    cmd.env("AWS_ENDPOINT_URL", fake.url());
    if let Some(config) = config {
        let path = inst.home.path().join("role-config");
        std::fs::write(&path, config).unwrap();
        cmd.env("AWS_CONFIG_FILE", &path);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    tokio::task::spawn_blocking(move || {
        let out = cmd.output().expect("the binary runs");
        Outcome {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    })
    .await
    .unwrap()
}

fn role_config() -> String {
    format!(
        "[profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n\
         [profile reader]\nrole_arn = {ROLE}\nsource_profile = base\n"
    )
}

#[tokio::test]
async fn a_refused_assume_role_names_the_role_and_the_sts_error() {
    let fake = FakeAws::start(demo_data()).await;
    let inst = Installed::new();
    let config = role_config();
    let cfg_path = inst.home.path().join("role-config").display().to_string();
    for (args, env, named_by) in [
        (&["--profile", "reader"][..], &[][..], "--profile"),
        (&[][..], &[("AWS_PROFILE", "reader")][..], "AWS_PROFILE"),
    ] {
        fake.reset_counters();
        let out = run(&inst, &fake, Some(&config), args, env).await;
        assert_eq!(out.code, 1, "{named_by}: {}", out.stderr);
        assert_eq!(
            out.stderr.trim_end(),
            format!(
                "error: AWS profile `reader` (from {named_by}, {cfg_path}) could not assume role {ROLE}: \
                 STS AssumeRole failed with AccessDenied: User: arn:aws:iam::{FAKE_ACCOUNT}:user/x is not \
                 authorized to perform: sts:AssumeRole on resource: {ROLE}; let the source profile's \
                 identity call sts:AssumeRole on {ROLE}, and the role's trust policy trust it"
            ),
            "{named_by}"
        );
        // The SDK really asked STS, signed with the source profile's key, and nothing else.
        let requests = fake.requests();
        assert_eq!(requests.len(), 1, "{:?}", requests);
        assert_eq!(requests[0].api, Api::AssumeRole);
        assert_eq!(requests[0].service.as_deref(), Some("sts"));
    }
}

#[tokio::test]
async fn verbose_shows_the_sdk_error_chain() {
    let fake = FakeAws::start(demo_data()).await;
    let inst = Installed::new();
    let out = run(
        &inst,
        &fake,
        Some(&role_config()),
        &["--profile", "reader", "-v"],
        &[],
    )
    .await;
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("credentials error chain: ProviderError"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("<ErrorResponse"), "{}", out.stderr);
    let last = harness::last_line(&out.stderr);
    assert!(
        last.starts_with("error: AWS profile `reader` (from --profile, "),
        "{last}"
    );
}

#[tokio::test]
async fn an_unknown_profile_names_the_config_file_the_sdk_read() {
    let fake = FakeAws::start(demo_data()).await;
    let inst = Installed::new();
    // No AWS_CONFIG_FILE: the SDK reads ~/.aws/config under HOME, and the sentence says so.
    let out = run(&inst, &fake, None, &[], &[("AWS_PROFILE", "nosuch")]).await;
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        out.stderr.trim_end(),
        format!(
            "error: AWS profile `nosuch` gave no credentials (it was named by AWS_PROFILE): is it defined in {}/.aws/config?",
            inst.home.path().display()
        )
    );
    assert_eq!(fake.request_count(), 0);
}
