//! The binary as installed: copied out of the build tree, run from an empty directory with an
//! empty HOME, no config file and no --corrections. It must find everything it needs in itself.

use crate::support::demo_data;
use crate::support::fake_aws;
use crate::support::harness;

use demo_data::demo_data;
use fake_aws::FakeAws;
use harness::{Installed, read_json, strings};

/// The demo regions that are opted in; no prices or LiteLLM, so token specs come from the
/// built-in corrections only.
const ARGS: [&str; 6] = [
    "--regions",
    "eu-west-1,us-east-1,us-west-2",
    "--price-list-url",
    "",
    "--litellm-url",
    "",
];

#[tokio::test]
async fn runs_from_an_empty_directory_with_the_built_in_corrections() {
    let fake = FakeAws::start(demo_data()).await;
    let inst = Installed::new();
    let out = inst.exec_async(Some(&fake.url()), &ARGS).await;
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    let c = read_json(&inst.work.path().join("data/bedrock_models.json"));
    let m = &c["metadata"];
    assert_eq!(m["run_status"], "complete");
    assert_eq!(m["total_models"], 7);
    assert_eq!(
        strings(&m["regions_ok"]),
        ["eu-west-1", "us-east-1", "us-west-2"]
    );
    let corr = &m["sources"]["corrections"];
    assert_eq!(corr["status"], "ok", "{corr}");
    assert_eq!(corr["location"], "built-in");
    assert_eq!(corr["origin"], "built_in");
    let revision = corr["revision"].as_str().unwrap();
    assert!(
        revision.starts_with("sha256:") && revision.len() == 19,
        "{revision}"
    );
    assert!(corr["entries"].as_u64().unwrap() > 0);
    // With LiteLLM off, a model's token limits can only come from the built-in corrections.
    assert!(m["models_with_token_specs"].as_u64().unwrap() > 0, "{m}");
}

#[tokio::test]
async fn quiet_complete_run_prints_nothing_on_stderr() {
    let fake = FakeAws::start(demo_data()).await;
    let inst = Installed::new();
    let mut args = ARGS.to_vec();
    args.push("-q");
    let out = inst.exec_async(Some(&fake.url()), &args).await;
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    assert_eq!(out.stderr, "");
}

#[tokio::test]
async fn a_corrections_file_replaces_the_built_in_ones() {
    let fake = FakeAws::start(demo_data()).await;
    let inst = Installed::new();
    let path = inst.work.path().join("mine.json");
    std::fs::write(&path, "{}\n").unwrap();
    let mut args = ARGS.to_vec();
    args.extend(["--corrections", "mine.json"]);
    let out = inst.exec_async(Some(&fake.url()), &args).await;
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    let c = read_json(&inst.work.path().join("data/bedrock_models.json"));
    let corr = &c["metadata"]["sources"]["corrections"];
    assert_eq!(corr["location"], "mine.json");
    assert_eq!(corr["origin"], "file");
    assert_eq!(corr["entries"], 0);
}

#[tokio::test]
async fn the_user_config_is_found_and_its_relative_paths_resolve_against_it() {
    let fake = FakeAws::start(demo_data()).await;
    let inst = Installed::new();
    let dir = inst.home.path().join(".config/bedrock-collector");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), "output = \"out/catalogue.json\"\n").unwrap();
    let mut args = ARGS.to_vec();
    args.push("-v");
    let out = inst.exec_async(Some(&fake.url()), &args).await;
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    let c = read_json(&dir.join("out/catalogue.json"));
    assert_eq!(c["metadata"]["total_models"], 7);
    assert!(!inst.work.path().join("data").exists());
    let used = format!("configuration file: {}", dir.join("config.toml").display());
    assert!(out.stderr.contains(&used), "{}", out.stderr);
}

#[tokio::test]
async fn options_and_the_config_file_come_from_the_environment() {
    let fake = FakeAws::start(demo_data()).await;
    let inst = Installed::new();
    let conf = tempfile::tempdir().unwrap();
    std::fs::write(
        conf.path().join("collector.toml"),
        "output = \"env-out.json\"\n[sources]\nprice_list_url = \"\"\nlitellm_url = \"\"\n",
    )
    .unwrap();
    // A ./config.toml that would fail: the environment's file comes first.
    std::fs::write(inst.work.path().join("config.toml"), "treads = 1\n").unwrap();
    let mut cmd = inst.command(Some(&fake.url()), &[]);
    cmd.env(
        "BEDROCK_COLLECTOR_CONFIG",
        conf.path().join("collector.toml"),
    )
    .env("BEDROCK_COLLECTOR_REGIONS", "eu-west-1,us-east-1");
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "stderr: {stderr}");
    let c = read_json(&conf.path().join("env-out.json"));
    assert_eq!(
        strings(&c["metadata"]["regions_ok"]),
        ["eu-west-1", "us-east-1"]
    );
}

#[test]
fn help_names_the_environment_variables() {
    let inst = Installed::new();
    let out = inst.command(None, &["--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for var in [
        "BEDROCK_COLLECTOR_CONFIG",
        "BEDROCK_COLLECTOR_OUTPUT",
        "BEDROCK_COLLECTOR_REGIONS",
        "BEDROCK_COLLECTOR_CORRECTIONS",
    ] {
        assert!(help.contains(var), "--help does not name {var}:\n{help}");
    }
}

#[tokio::test]
async fn an_output_that_can_never_be_written_is_refused_before_any_request() {
    let fake = FakeAws::start(demo_data()).await;
    let inst = Installed::new();
    let dir = inst.work.path().join("existing");
    std::fs::create_dir(&dir).unwrap();
    let cases = [
        (
            "/".to_string(),
            "error: the output path / is a directory; name a file in it, such as /bedrock_models.json",
        ),
        (
            dir.display().to_string(),
            "is a directory; name a file in it",
        ),
    ];
    for (output, expected) in cases {
        let mut args = ARGS.to_vec();
        args.extend(["--output", &output]);
        let out = inst.exec_async(Some(&fake.url()), &args).await;
        assert_eq!(out.code, 2, "--output {output}: {}", out.stderr);
        let line = harness::last_line(&out.stderr);
        assert!(line.contains(expected), "--output {output}: {line}");
        assert_eq!(out.stderr.trim_end().lines().count(), 1, "{}", out.stderr);
        assert_eq!(fake.request_count(), 0, "--output {output} made requests");
    }
    // A change log location that is a directory is refused the same way.
    let mut args = ARGS.to_vec();
    let changes = dir.display().to_string();
    args.extend(["--changes", &changes]);
    let out = inst.exec_async(Some(&fake.url()), &args).await;
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("the change log path"), "{}", out.stderr);
    assert_eq!(fake.request_count(), 0);
}

#[tokio::test]
async fn output_dash_writes_the_catalogue_to_stdout_and_no_file() {
    let fake = FakeAws::start(demo_data()).await;
    let inst = Installed::new();
    let mut args = ARGS.to_vec();
    args.extend(["--output", "-"]);
    let out = inst.exec_async(Some(&fake.url()), &args).await;
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    let c: serde_json::Value = serde_json::from_str(&out.stdout).expect("stdout is JSON");
    assert_eq!(c["metadata"]["total_models"], 7);
    assert_eq!(c["metadata"]["run_status"], "complete");
    // The logs stay on stderr; nothing is written in the working directory.
    assert!(!out.stderr.is_empty());
    let left: Vec<_> = std::fs::read_dir(inst.work.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "files written: {left:?}");
}

/// All four demo regions: eu-central-2 is not opted in, which is an answer, not a failure.
const WITH_NOT_OPTED_IN: [&str; 6] = [
    "--regions",
    "eu-central-2,eu-west-1,us-east-1,us-west-2",
    "--price-list-url",
    "",
    "--litellm-url",
    "",
];

#[tokio::test]
async fn a_region_not_opted_in_is_one_info_line_and_nothing_with_quiet() {
    let fake = FakeAws::start(demo_data()).await;
    let inst = Installed::new();
    let out = inst.exec_async(Some(&fake.url()), &WITH_NOT_OPTED_IN).await;
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    assert!(!out.stderr.contains("WARN"), "{}", out.stderr);
    let lines: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.contains("eu-central-2"))
        .collect();
    assert_eq!(lines.len(), 1, "{}", out.stderr);
    assert!(
        lines[0].contains("INFO") && lines[0].contains("not opted in"),
        "{}",
        lines[0]
    );

    let mut args = WITH_NOT_OPTED_IN.to_vec();
    args.push("-q");
    let out = inst.exec_async(Some(&fake.url()), &args).await;
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    assert_eq!(out.stderr, "");
}

#[tokio::test]
async fn color_always_colours_and_no_color_is_honoured() {
    let fake = FakeAws::start(demo_data()).await;
    let inst = Installed::new();
    let mut args = ARGS.to_vec();
    args.extend(["--color", "always"]);
    let out = inst.exec_async(Some(&fake.url()), &args).await;
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    assert!(out.stderr.contains('\u{1b}'), "{}", out.stderr);
    // Not a terminal: auto means no colour.
    let out = inst.exec_async(Some(&fake.url()), &ARGS).await;
    assert!(!out.stderr.contains('\u{1b}'), "{}", out.stderr);
}

/// Runs the installed binary with an AWS config file and extra environment, no credentials;
/// returns the exit code and stderr.
fn credentials_run(config: &str, args: &[&str], env: &[(&str, &str)]) -> (i32, String) {
    let inst = Installed::new();
    let cfg = inst.home.path().join("elsewhere-config");
    std::fs::write(&cfg, config).unwrap();
    let mut all = ARGS.to_vec();
    all.extend(args);
    let mut cmd = inst.command(None, &all);
    cmd.env("AWS_CONFIG_FILE", &cfg);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let stderr = stderr.replace(&cfg.display().to_string(), "CONFIG");
    (out.status.code().unwrap_or(-1), stderr)
}

#[test]
fn credential_errors_say_why_in_one_sentence() {
    let config = "[profile broken]\ncredential_process = sh -c \"echo boom >&2; exit 7\"\n\
                  [profile sso]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n\
                  sso_account_id = 111111111111\nsso_role_name = R\n";
    type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);
    let cases: [Case; 4] = [
        (
            &["--profile", "nosuch"],
            &[],
            "error: AWS profile `nosuch` gave no credentials (it was named by --profile): is it defined in CONFIG?",
        ),
        (
            &[],
            &[("AWS_PROFILE", "nosuch")],
            "error: AWS profile `nosuch` gave no credentials (it was named by AWS_PROFILE): is it defined in CONFIG?",
        ),
        (
            &["--profile", "broken"],
            &[],
            "error: AWS profile `broken` (from --profile, CONFIG) could not give credentials: Error retrieving credentials: external process exited with code exit status: 7. Stderr: boom; fix the credential_process of profile `broken` in CONFIG",
        ),
        (
            &["--profile", "sso"],
            &[],
            "run `aws sso login --profile sso`",
        ),
    ];
    for (args, env, expected) in cases {
        let (code, stderr) = credentials_run(config, args, env);
        assert_eq!(code, 1, "{args:?} {env:?}: {stderr}");
        // One line, no SDK Debug dump.
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        assert!(!stderr.contains("ProviderError"), "{stderr}");
        let line = stderr.trim_end();
        assert!(
            line == expected || (expected.starts_with("run") && line.ends_with(expected)),
            "{args:?} {env:?}:\n got  {line}\n want {expected}"
        );
    }
}
