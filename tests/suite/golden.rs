//! The catalogue, byte for byte: the demo snapshot's replay and a full run on the real fixtures
//! are compared (run times masked) with digests committed in `tests/golden/`. A refactor must
//! leave both unchanged; a change that means to alter the catalogue rewrites them on purpose with
//! `UPDATE_GOLDEN=1 cargo test --test suite golden::` and says so in its commit.

use crate::support::harness;

use std::path::{Path, PathBuf};

use harness::{Run, without_run_times};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// Values that name the moment of a run rather than what it found.
const MOMENT_FIELDS: [&str; 2] = ["first_discovered_at", "downloaded_at"];

fn masked(mut catalog: Value) -> Value {
    fn walk(v: &mut Value) {
        match v {
            Value::Object(m) => {
                for (k, x) in m.iter_mut() {
                    if MOMENT_FIELDS.contains(&k.as_str()) && !x.is_null() {
                        *x = Value::String("<moment>".into());
                    } else {
                        walk(x);
                    }
                }
            }
            Value::Array(a) => a.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut catalog);
    without_run_times(catalog)
}

fn digest(catalog: Value, fake_url: &str) -> (String, usize) {
    // The checkout's path (in the corrections file's location) is not part of what a run found.
    let text = serde_json::to_string_pretty(&masked(catalog))
        .unwrap()
        .replace(env!("CARGO_MANIFEST_DIR"), "<checkout>");
    // Nor is the fake's port.
    let text = if fake_url.is_empty() {
        text
    } else {
        text.replace(fake_url, "<fake>")
    };
    if let Some(dir) = std::env::var_os("GOLDEN_DUMP") {
        std::fs::write(Path::new(&dir).join(format!("{}.json", text.len())), &text).unwrap();
    }
    let hex: String = Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    (hex, text.len())
}

/// The catalogue file reads back into the one typed model every part of the tool uses, and that
/// model writes the same text again: nothing in the file is lost or reshaped by a read.
pub(crate) fn round_trips(run: &Run) {
    let text = std::fs::read_to_string(run.output_path()).unwrap();
    let typed: bedrock_collector::catalog::Catalog = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("the catalogue does not read back as a Catalog: {e}"));
    let again = serde_json::to_string_pretty(&typed).unwrap();
    assert!(
        again == text.trim_end(),
        "the catalogue changed on a read and write"
    );
}

fn check(name: &str, catalog: Value, fake_url: &str) {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/golden/{name}.sha256"));
    let (hex, len) = digest(catalog, fake_url);
    let line = format!("{hex}  {len} bytes\n");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &line).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    assert_eq!(
        line, want,
        "the {name} catalogue changed; if that is meant, rerun with UPDATE_GOLDEN=1"
    );
}

#[test]
fn the_demo_replay_is_unchanged() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/snapshot");
    let run = Run::new();
    let out = run.exec(None, &["--replay", demo.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let c = run.catalog();
    assert!(c["providers"].as_object().unwrap().len() > 2);
    round_trips(&run);
    check("demo", c, "");
}

#[tokio::test]
async fn a_full_fixture_run_is_unchanged() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let (fake, run, out) = crate::support::full_fixture_run(&[]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let c = run.catalog();
    assert_eq!(c["metadata"]["regions_ok"].as_array().unwrap().len(), 33);
    round_trips(&run);
    check("fixture_run", c, &fake.url());
}
