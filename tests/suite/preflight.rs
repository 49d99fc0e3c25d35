//! Preflight: an output, change log or Markdown summary location that can never be written (its
//! directory cannot be created, or takes no new files) is refused in one sentence with exit 2,
//! before the first request.

use crate::support::demo_data;

use crate::support::fake_aws;

use crate::support::harness;

use demo_data::demo_data;
use fake_aws::FakeAws;
use harness::Installed;

const ARGS: [&str; 6] = [
    "--regions",
    "eu-west-1,us-east-1,us-west-2",
    "--price-list-url",
    "",
    "--litellm-url",
    "",
];

#[tokio::test]
async fn unwritable_locations_are_refused_before_any_request() {
    let fake = FakeAws::start(demo_data()).await;
    let inst = Installed::new();
    // A regular file where a directory should be: its "subdirectories" can never be created.
    let file = inst.work.path().join("a-file");
    std::fs::write(&file, "not a directory").unwrap();
    let under_file = |name: &str| file.join("sub").join(name).display().to_string();
    let f = file.display().to_string();
    let cases: Vec<(Vec<String>, String)> = vec![
        (
            vec!["--output".into(), under_file("bedrock_models.json")],
            format!(
                "error: the output path {} cannot be written: {f} is not a directory",
                under_file("bedrock_models.json")
            ),
        ),
        (
            vec!["--changes".into(), under_file("changes.json")],
            format!(
                "error: the change log path {} cannot be written: {f} is not a directory",
                under_file("changes.json")
            ),
        ),
        (
            vec!["--summary-markdown".into(), under_file("summary.md")],
            format!(
                "error: the Markdown summary path {} cannot be written: {f} is not a directory",
                under_file("summary.md")
            ),
        ),
        // /proc takes no new files, not even from root (the tests run as root, so permission
        // bits would not stop them).
        (
            vec!["--summary-markdown".into(), "/proc/summary.md".into()],
            "error: the Markdown summary path /proc/summary.md cannot be written: /proc refuses new files: "
                .into(),
        ),
        (
            vec!["--output".into(), "/proc/bedrock/bedrock_models.json".into()],
            "error: the output path /proc/bedrock/bedrock_models.json cannot be written: /proc refuses new files (to create /proc/bedrock): "
                .into(),
        ),
    ];
    for (extra, expected) in cases {
        let mut args: Vec<&str> = ARGS.to_vec();
        args.extend(extra.iter().map(String::as_str));
        let out = inst.exec_async(Some(&fake.url()), &args).await;
        assert_eq!(out.code, 2, "{extra:?}: {}", out.stderr);
        assert_eq!(out.stderr.trim_end().lines().count(), 1, "{}", out.stderr);
        let line = out.stderr.trim_end();
        assert!(
            line == expected || (expected.ends_with(": ") && line.starts_with(&expected)),
            "{extra:?}:\n got  {line}\n want {expected}"
        );
        assert_eq!(fake.request_count(), 0, "{extra:?} made requests");
    }
    // Nothing was created, and the probe file is gone.
    let left: Vec<_> = std::fs::read_dir(inst.work.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["a-file"]);
}

#[tokio::test]
async fn a_directory_that_can_be_created_passes_and_the_run_writes_there() {
    let fake = FakeAws::start(demo_data()).await;
    let inst = Installed::new();
    let out_path = inst.work.path().join("new/deeper/bedrock_models.json");
    let mut args = ARGS.to_vec();
    let o = out_path.display().to_string();
    args.extend(["--output", &o]);
    let out = inst.exec_async(Some(&fake.url()), &args).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let c = harness::read_json(&out_path);
    assert_eq!(c["metadata"]["total_models"], 7);
    assert!(out_path.with_file_name("changes.json").is_file());
}
