//! Issue 29, case 9: control characters, escape sequences and bidi overrides in data are shown
//! escaped on the terminal and in the logs; the JSON keeps them as AWS gave them.

use super::regions_arg;
use crate::support::demo_data::demo_data;
use crate::support::fake_aws::{Api, FakeAws, Fault, Rule};
use crate::support::harness::{Run, model};

const SONNET: &str = "anthropic.claude-sonnet-4-5-20250929-v1:0";
/// Clears the screen, retitles the window (OSC ... BEL), returns the cursor, reverses the text.
const HOSTILE: &str = "Claude\u{1b}[2J\u{1b}]0;pwned\u{7}\rSonnet\u{202e}5.4";
/// What must never reach a terminal raw.
const RAW: [char; 4] = ['\u{1b}', '\u{7}', '\r', '\u{202e}'];

#[tokio::test]
async fn hostile_text_is_escaped_on_the_terminal_and_in_logs_but_kept_in_the_json() {
    let mut data = demo_data();
    for region in data.regions.values_mut() {
        for m in &mut region.foundation_models {
            if m.model_id == SONNET {
                m.model_name = Some(HOSTILE.to_string());
            }
        }
    }
    let fake = FakeAws::start(data).await;
    // An error message with escape sequences: the warning that logs it shows them escaped.
    fake.add_rule(
        Rule::always(Api::ListServiceQuotas, Fault::HostileMessage).in_region("us-west-2"),
    );
    let run = Run::new();
    let regions = regions_arg();
    let out = run
        .exec_async(Some(&fake.url()), &["--regions", &regions, "-v"])
        .await;
    assert_eq!(out.code, 3, "{}", out.stderr);
    // The formatter escapes some (`\x1b`), this tool the rest (`\u{202e}`): none stays raw.
    let line = out
        .stderr
        .lines()
        .find(|l| l.contains("AccessDeniedException: denied"))
        .unwrap_or_else(|| panic!("no warning: {}", out.stderr));
    assert!(
        line.contains("pwned") && line.contains("\\u{202e}txt.exe"),
        "{line}"
    );
    for c in RAW {
        assert!(!out.stderr.contains(c), "{c:?} raw in the logs");
    }
    // The JSON keeps the name as given.
    let catalog = run.catalog();
    let sonnet = model(&catalog, "anthropic.claude-sonnet-4-5-20250929-v1");
    assert_eq!(sonnet["model_name"], HOSTILE);
    // show prints it escaped.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_bedrock-collector"))
        .args(["show", SONNET, "--catalog"])
        .arg(run.output_path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("Claude\\u{1b}[2J\\u{1b}]0;pwned\\u{7}\\u{d}Sonnet\\u{202e}5.4"),
        "{stdout}"
    );
    for c in RAW {
        assert!(!stdout.contains(c), "{c:?} raw in show's output");
    }
}
