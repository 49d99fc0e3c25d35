//! No credential ever reaches the logs (at the highest verbosity), the errors or the files a run
//! writes.

use crate::support::demo_data;
use crate::support::fake_aws;
use crate::support::harness;

use std::path::Path;
use std::process::Command;

use demo_data::{DEMO_REGIONS, demo_data};
use fake_aws::{Api, FakeAws, Fault, Rule};

const KEY_ID: &str = "AKIDLEAKCHECK7Q3Z";
const SECRET: &str = "s3cr3t-Leak-Check-Value-9f8e7d6c";
const TOKEN: &str = "SessionTokenLeakCheck-0123456789abcdef";

fn files_under(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[tokio::test]
async fn credentials_appear_nowhere_at_maximum_verbosity() {
    let fake = FakeAws::start(demo_data()).await;
    // A failure too, so error paths are logged.
    fake.add_rule(Rule::always(Api::ListServiceQuotas, Fault::AccessDenied).in_region("us-west-2"));
    let run = harness::Run::new();
    std::fs::write(run.path().join("test-config.toml"), harness::test_config()).unwrap();
    let dir = run.path().to_path_buf();
    let url = fake.url();
    let out = tokio::task::spawn_blocking(move || {
        std::fs::write(dir.join("aws-config"), "").unwrap();
        std::fs::write(dir.join("aws-credentials"), "").unwrap();
        Command::new(env!("CARGO_BIN_EXE_bedrock-collector"))
            .env_clear()
            .current_dir(&dir)
            .env("HOME", &dir)
            .env("AWS_CONFIG_FILE", dir.join("aws-config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", dir.join("aws-credentials"))
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_ENDPOINT_URL", &url)
            .env("AWS_ACCESS_KEY_ID", KEY_ID)
            .env("AWS_SECRET_ACCESS_KEY", SECRET)
            .env("AWS_SESSION_TOKEN", TOKEN)
            // Everything every crate logs, whatever the flags allow.
            .env("RUST_LOG", "trace")
            .args(["--config", "test-config.toml", "-vv", "--record", "snap"])
            .args([
                "--regions",
                &DEMO_REGIONS.join(","),
                "--output",
                "data/bedrock_models.json",
            ])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(
        out.status.code(),
        Some(3),
        "the access-denied region makes it partial"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.len() > 10_000,
        "trace logs were written ({} bytes)",
        stderr.len()
    );
    for secret in [KEY_ID, SECRET, TOKEN] {
        assert!(!stderr.contains(secret), "{secret} is in the logs");
        assert!(!String::from_utf8_lossy(&out.stdout).contains(secret));
    }
    let mut files = vec![];
    files_under(run.path(), &mut files);
    assert!(files.len() > 10, "{files:?}");
    for f in files {
        let text = String::from_utf8_lossy(&std::fs::read(&f).unwrap()).into_owned();
        for secret in [KEY_ID, SECRET, TOKEN] {
            assert!(!text.contains(secret), "{secret} is in {}", f.display());
        }
    }
}
