//! Runs the real `bedrock-collector` binary against the fake AWS server, isolated from the
//! machine's AWS configuration, with a fast retry/timeout config written for the test.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// A scratch directory with a test config; the catalogue goes to `<dir>/data/bedrock_models.json`.
pub struct Run {
    pub dir: tempfile::TempDir,
}

/// Fast policies for tests: retries in milliseconds, a stall is cut after 400 ms per attempt.
/// LiteLLM comes from the demo's excerpt, corrections from the repository, and prices and Mantle
/// are off, unless a test says otherwise with flags (`--mantle-url`, see [`mantle_url`]).
pub fn test_config() -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    format!(
        r#"
threads = 4
backups_to_keep = 2
[retry]
max_attempts = 3
initial_backoff_ms = 5
max_backoff_ms = 40
# One pass per chain: these tests see how a chain ends; faults_storms.rs tests the second passes.
max_passes = 1
[timeouts]
connect_ms = 1000
attempt_ms = 400
operation_ms = 3000
[sources]
price_list_url = ""
mantle_url = ""
litellm_file = "{root}/demo/litellm.json"
corrections_file = "{root}/corrections/model_spec_corrections.json"
"#
    )
}

/// The `--mantle-url` template of the fake at `url` (it serves Mantle per region under `/mantle/`).
pub fn mantle_url(url: &str) -> String {
    format!("{url}/mantle/{{region}}")
}

pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn new() -> Run {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("test-config.toml"), test_config()).unwrap();
        Run { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn output_path(&self) -> PathBuf {
        self.dir.path().join("data/bedrock_models.json")
    }

    /// Runs the binary with `args`, AWS calls going to `endpoint` (when given).
    pub fn exec(&self, endpoint: Option<&str>, args: &[&str]) -> Outcome {
        exec_at(self.dir.path(), endpoint, args)
    }

    /// Like `exec`, on a blocking thread so that an in-process fake server keeps serving.
    pub async fn exec_async(&self, endpoint: Option<&str>, args: &[&str]) -> Outcome {
        let dir = self.dir.path().to_path_buf();
        let endpoint = endpoint.map(str::to_string);
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        tokio::task::spawn_blocking(move || {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            exec_at(&dir, endpoint.as_deref(), &args)
        })
        .await
        .unwrap()
    }

    pub fn catalog(&self) -> Value {
        read_json(&self.output_path())
    }
}

/// The binary's command in `dir`, isolated from the machine's AWS configuration, not started.
fn command_at(dir: &Path, endpoint: Option<&str>, args: &[&str]) -> Command {
    // Empty AWS config files: nothing from this machine's ~/.aws leaks in, and the SDK has
    // nothing to warn about.
    for name in ["aws-config", "aws-credentials"] {
        std::fs::write(dir.join(name), "").unwrap();
    }
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_bedrock-collector"));
    cmd.env_clear()
        .current_dir(dir)
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("AWS_CONFIG_FILE", dir.join("aws-config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", dir.join("aws-credentials"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .arg("--config")
        .arg(dir.join("test-config.toml"));
    if !args.contains(&"--output") {
        cmd.arg("--output")
            .arg(dir.join("data/bedrock_models.json"));
    }
    if let Some(url) = endpoint {
        cmd.env("AWS_ENDPOINT_URL", url)
            .env("AWS_ACCESS_KEY_ID", "AKIDFAKE")
            .env("AWS_SECRET_ACCESS_KEY", "fake-secret")
            .env("AWS_SESSION_TOKEN", "fake-session");
    }
    cmd.args(args);
    cmd
}

/// Runs the binary in `dir`, isolated from the machine's AWS configuration.
fn exec_at(dir: &Path, endpoint: Option<&str>, args: &[&str]) -> Outcome {
    let mut cmd = command_at(dir, endpoint, args);
    let out = cmd.output().expect("the binary runs");
    Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The standard output of a command that reads a catalogue (`show`, `compare`, `page`, ...):
/// `args`, then `--catalog catalog`; the command must succeed.
pub fn catalogue_command(args: &[&str], catalog: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_bedrock-collector"))
        .args(args)
        .arg("--catalog")
        .arg(catalog)
        .output()
        .expect("the binary runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

pub fn read_json(path: &Path) -> Value {
    let bytes =
        std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap()
}

/// The catalogue without the fields that differ between two runs on the same data.
pub fn without_run_times(mut catalog: Value) -> Value {
    let m = catalog["metadata"].as_object_mut().unwrap();
    for key in [
        "started_at",
        "finished_at",
        "duration_ms",
        "collection_timestamp",
    ] {
        m.remove(key);
    }
    catalog
}

/// The models of a catalogue by key, across providers.
pub fn model<'a>(catalog: &'a Value, key: &str) -> &'a Value {
    catalog["providers"]
        .as_object()
        .unwrap()
        .values()
        .find_map(|p| p["models"].get(key))
        .unwrap_or_else(|| panic!("no model {key} in the catalogue"))
}

pub fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Helpers for the source-fault and kill tests (faults_sources.rs, kill_during_write.rs).
// ---------------------------------------------------------------------------------------------

impl Run {
    /// Appends TOML to the test config (after its last table, e.g. a `[cache]` table).
    /// Replaces `from` with `to` in the test config (which must contain it).
    pub fn replace_in_config(&self, from: &str, to: &str) {
        let path = self.dir.path().join("test-config.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "the test config has no {from:?}");
        std::fs::write(path, text.replace(from, to)).unwrap();
    }

    /// Attempt and operation timeouts for a run with no faults that downloads the megabytes of
    /// the real Price List files: a loaded machine must not turn them into retries.
    pub fn patient_timeouts(&self) {
        self.replace_in_config("attempt_ms = 400", "attempt_ms = 5000");
        self.replace_in_config("operation_ms = 3000", "operation_ms = 30000");
    }

    pub fn append_config(&self, extra: &str) {
        let path = self.dir.path().join("test-config.toml");
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push('\n');
        text.push_str(extra);
        text.push('\n');
        std::fs::write(path, text).unwrap();
    }

    /// The command `exec` runs, not started: for tests that need the child process.
    pub fn command(&self, endpoint: Option<&str>, args: &[&str]) -> Command {
        command_at(self.dir.path(), endpoint, args)
    }
}

/// Names of the temporary files of the atomic write (`.<name>.tmp-<pid>`) in `dir`.
pub fn temp_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with('.') && n.contains(".tmp-"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// The last line of stderr: the `error: ...` sentence of a failed run.
pub fn last_line(stderr: &str) -> &str {
    stderr.trim_end().lines().last().unwrap_or("")
}

// ---------------------------------------------------------------------------------------------
// Helpers for the install tests (install.rs): the binary copied out of the build tree and run
// from an empty directory, with no config file and an empty HOME.
// ---------------------------------------------------------------------------------------------

/// A copy of the built binary in its own directory, run from an empty working directory with
/// `HOME` pointing to another empty directory: nothing of the checkout is reachable.
pub struct Installed {
    pub bin_dir: tempfile::TempDir,
    pub work: tempfile::TempDir,
    pub home: tempfile::TempDir,
}

impl Installed {
    pub fn new() -> Installed {
        let bin_dir = tempfile::tempdir().unwrap();
        let bin = bin_dir.path().join("bedrock-collector");
        std::fs::copy(env!("CARGO_BIN_EXE_bedrock-collector"), &bin).unwrap();
        Installed {
            bin_dir,
            work: tempfile::tempdir().unwrap(),
            home: tempfile::tempdir().unwrap(),
        }
    }

    /// The copied binary's command: empty environment but `PATH` and `HOME` (so no AWS config
    /// files), and the fake's endpoint and static credentials when given.
    pub fn command(&self, endpoint: Option<&str>, args: &[&str]) -> Command {
        let mut cmd = Command::new(self.bin_dir.path().join("bedrock-collector"));
        let home = self.home.path();
        cmd.env_clear()
            .current_dir(self.work.path())
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", home)
            .env("AWS_EC2_METADATA_DISABLED", "true");
        if let Some(url) = endpoint {
            cmd.env("AWS_ENDPOINT_URL", url)
                .env("AWS_ACCESS_KEY_ID", "AKIDFAKE")
                .env("AWS_SECRET_ACCESS_KEY", "fake-secret")
                // Mantle from the fake too: no test asks a real resolver.
                .env("BEDROCK_COLLECTOR_MANTLE_URL", mantle_url(url));
        }
        cmd.args(args);
        cmd
    }

    pub async fn exec_async(&self, endpoint: Option<&str>, args: &[&str]) -> Outcome {
        let mut cmd = self.command(endpoint, args);
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
}
