//! The subcommands besides collecting: `schema` (validated against real catalogues) and
//! `completions`.

use crate::support::harness;

use std::path::Path;
use std::process::Command;

use harness::Run;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_bedrock-collector"))
}

fn schema() -> serde_json::Value {
    let out = bin().arg("schema").output().unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Validates `catalog` against the printed schema and returns the error messages.
pub fn schema_errors(catalog: &serde_json::Value) -> Vec<String> {
    let validator =
        jsonschema::validator_for(&schema()).expect("the schema is a valid JSON Schema");
    validator
        .iter_errors(catalog)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn the_demo_catalogue_validates_against_the_schema() {
    let run = Run::new();
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/snapshot");
    let out = run.exec(None, &["--replay", demo.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let catalog = run.catalog();
    assert_eq!(schema_errors(&catalog), Vec::<String>::new());
    // The schema is not vacuous: a wrong type is caught.
    let mut broken = catalog.clone();
    broken["metadata"]["total_models"] = "seven".into();
    let errors = schema_errors(&broken);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("/metadata/total_models"), "{errors:?}");
    let mut broken = catalog;
    let models = broken["providers"]["Anthropic"]["models"]
        .as_object_mut()
        .unwrap();
    models
        .values_mut()
        .next()
        .unwrap()
        .as_object_mut()
        .unwrap()
        .remove("model_arn");
    assert_eq!(schema_errors(&broken).len(), 1);
}

#[test]
fn the_schema_names_the_catalogue_types() {
    let s = schema();
    assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(s["title"], "Catalog");
    for def in [
        "Metadata",
        "Model",
        "ProfileEntry",
        "ModelPricing",
        "AssignedQuota",
        "TokenSpec",
        "ConverseData",
    ] {
        assert!(s["$defs"].get(def).is_some(), "no $defs/{def}");
    }
}

#[test]
fn completions_for_each_shell() {
    for (shell, marker) in [
        ("bash", "_bedrock__collector()"),
        ("zsh", "#compdef bedrock-collector"),
        ("fish", "complete -c bedrock-collector"),
    ] {
        let out = bin().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(
            script.contains(marker),
            "{shell}: {}",
            &script[..200.min(script.len())]
        );
        assert!(script.contains("threads"), "{shell}");
        assert!(script.contains("show"), "{shell}");
    }
    let out = bin().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}
