//! Issue 29, case 12: `--profile` is that profile's account even when the environment has keys,
//! and the catalogue says which credentials it was made with.

use super::regions_arg;
use crate::support::demo_data::demo_data;
use crate::support::fake_aws::FakeAws;
use crate::support::harness::{Run, last_line};

const PROFILE_KEY: &str = "AKIDPROFILEOTHER01";

/// Defines profile `other` in the run's credentials file; the environment has its own keys (the
/// harness's `AKIDFAKE`).
fn write_profiles(run: &Run) {
    std::fs::write(
        run.path().join("aws-credentials"),
        format!(
            "[other]\naws_access_key_id = {PROFILE_KEY}\naws_secret_access_key = other-secret-value\n"
        ),
    )
    .unwrap();
}

#[tokio::test]
async fn a_named_profile_wins_over_the_environments_keys() {
    let fake = FakeAws::start(demo_data()).await;
    let run = Run::new();
    let regions = regions_arg();
    let mut cmd = run.command(
        Some(&fake.url()),
        &["--regions", &regions, "--profile", "other"],
    );
    // The harness writes empty AWS files when it builds the command: the profile goes in after.
    write_profiles(&run);
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let keys: Vec<_> = fake
        .requests()
        .into_iter()
        .map(|r| r.access_key_id.unwrap_or_default())
        .collect();
    assert_eq!(keys.len(), 16);
    assert!(keys.iter().all(|k| k == PROFILE_KEY), "{keys:?}");
    let creds = &run.catalog()["metadata"]["credentials"];
    assert_eq!(creds["source"], "profile other (--profile)");
    // The demo's quota ARNs name the account.
    assert_eq!(creds["account_id"], "111122223333");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("profile other (--profile), account 111122223333"),
        "{stderr}"
    );
}

#[tokio::test]
async fn an_unknown_profile_is_refused_even_with_environment_keys() {
    let fake = FakeAws::start(demo_data()).await;
    let run = Run::new();
    let regions = regions_arg();
    let out = run
        .exec_async(
            Some(&fake.url()),
            &["--regions", &regions, "--profile", "nosuch"],
        )
        .await;
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        last_line(&out.stderr).starts_with("error: AWS profile `nosuch` gave no credentials"),
        "{}",
        out.stderr
    );
    assert_eq!(fake.request_count(), 0);
    assert!(!run.output_path().exists());
}

#[tokio::test]
async fn the_environments_account_is_named_and_redacted_when_asked() {
    let fake = FakeAws::start(demo_data()).await;
    let run = Run::new();
    let regions = regions_arg();
    let out = run
        .exec_async(
            Some(&fake.url()),
            &["--regions", &regions, "--redact-account-id"],
        )
        .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let creds = &run.catalog()["metadata"]["credentials"];
    assert_eq!(creds["source"], "environment (AWS_ACCESS_KEY_ID)");
    assert_eq!(creds["account_id"], "000000000000");
}
