//! The documentation agrees with the code: every flag of every command (read from the binary's
//! own `--help`, so flags added later are checked too) is in the README's tables, every key the
//! configuration parser accepts is in the sample `config.toml` and the README, every exit code is
//! in both exit-code tables, and the IAM policy is the same in the README and the operations guide
//! and holds every action the code calls. Each checker is also run on a copy of the README with one
//! row taken out, to show that it notices.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use bedrock_collector::sources::Api;

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn text(rel: &str) -> String {
    std::fs::read_to_string(repo(rel)).unwrap()
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_bedrock-collector"))
}

/// `bedrock-collector [COMMAND] --help`.
fn help(command: Option<&str>) -> String {
    let mut cmd = bin();
    cmd.args(command).arg("--help");
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{command:?} --help");
    String::from_utf8(out.stdout).unwrap()
}

/// The long flags a `--help` text lists (`--regions`, `--verbose`, ...), in order.
fn flags_of(help: &str) -> Vec<String> {
    let mut flags = Vec::new();
    for line in help.lines() {
        // Flag lines are indented 2 to 6 spaces; their descriptions 10.
        let indent = line.len() - line.trim_start().len();
        let rest = line.trim_start();
        if !(2..=6).contains(&indent) || !rest.starts_with('-') {
            continue;
        }
        let rest = match rest.split_once(", ") {
            Some((short, long)) if short.len() == 2 => long,
            _ => rest,
        };
        if let Some(flag) = rest.strip_prefix("--") {
            let name: String = flag
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            flags.push(format!("--{name}"));
        }
    }
    flags
}

/// The subcommands a `--help` text lists under "Commands:", without `help`.
fn commands_of(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_string)
        .collect()
}

/// The lines of the Markdown section that starts with `heading`, up to the next heading of the
/// same or a higher level.
fn section<'a>(doc: &'a str, heading: &str) -> Vec<&'a str> {
    let level = heading.chars().take_while(|c| *c == '#').count();
    let mut lines = doc.lines().skip_while(|l| l.trim_end() != heading);
    assert!(lines.next().is_some(), "no section {heading:?}");
    lines
        .take_while(|l| {
            let hashes = l.chars().take_while(|c| *c == '#').count();
            !(hashes > 0 && hashes <= level && l[hashes..].starts_with(' '))
        })
        .collect()
}

/// The first cell of every row of the tables in `lines`.
fn first_cells(lines: &[&str]) -> Vec<String> {
    lines
        .iter()
        .filter(|l| l.starts_with('|') && !l.starts_with("|---"))
        .map(|l| {
            // A cell ends at the first `|` that is not escaped as `\|`.
            let cell = &l[1..];
            let end = cell
                .match_indices('|')
                .find(|(i, _)| !cell[..*i].ends_with('\\'))
                .map_or(cell.len(), |(i, _)| i);
            cell[..end].trim().to_string()
        })
        .collect()
}

/// Whether `cell` names `flag` as a whole word (`--feed` is not in `--feed-items`).
fn names_flag(cell: &str, flag: &str) -> bool {
    cell.match_indices(flag).any(|(i, _)| {
        let next = cell[i + flag.len()..].chars().next();
        !next.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-')
    })
}

/// What the README's tables lack: top-level flags missing from "Command line", subcommands
/// missing from "Subcommands", and subcommand flags missing from their command's row.
fn missing_from_readme(readme: &str, top: &str, commands: &[(String, String)]) -> Vec<String> {
    let mut missing = Vec::new();
    let flag_rows = first_cells(&section(readme, "## Command line"));
    for flag in flags_of(top) {
        if !flag_rows.iter().any(|cell| names_flag(cell, &flag)) {
            missing.push(flag);
        }
    }
    let command_rows = first_cells(&section(readme, "## Subcommands"));
    for (name, help) in commands {
        let prefix = format!("`bedrock-collector {name}");
        let Some(row) = command_rows.iter().find(|c| {
            c.strip_prefix(&prefix)
                .is_some_and(|rest| rest.starts_with([' ', '`']))
        }) else {
            missing.push(name.clone());
            continue;
        };
        for flag in flags_of(help) {
            if flag != "--help" && !names_flag(row, &flag) {
                missing.push(format!("{name} {flag}"));
            }
        }
    }
    missing
}

fn all_help() -> (String, Vec<(String, String)>) {
    let top = help(None);
    let commands = commands_of(&top)
        .into_iter()
        .map(|c| {
            let h = help(Some(&c));
            (c, h)
        })
        .collect();
    (top, commands)
}

#[test]
fn every_flag_of_every_command_is_in_the_readme() {
    let (top, commands) = all_help();
    // The parsing sees what is there: the flags and commands of this version at least.
    let flags = flags_of(&top);
    for known in ["--profile", "--regions", "--verbose", "--help", "--version"] {
        assert!(flags.contains(&known.to_string()), "{known}: {flags:?}");
    }
    let names: Vec<&str> = commands.iter().map(|(c, _)| c.as_str()).collect();
    for known in ["schema", "completions", "man", "show", "page"] {
        assert!(names.contains(&known), "{known}: {names:?}");
    }
    assert_eq!(
        missing_from_readme(&text("README.md"), &top, &commands),
        Vec::<String>::new(),
        "missing from the README's tables"
    );
}

#[test]
fn the_flag_check_notices_a_missing_row() {
    let (top, commands) = all_help();
    let readme = text("README.md");
    let without = |prefix: &str| -> String {
        let lines: Vec<&str> = readme.lines().filter(|l| !l.starts_with(prefix)).collect();
        assert!(lines.len() < readme.lines().count(), "no row {prefix:?}");
        lines.join("\n")
    };
    assert_eq!(
        missing_from_readme(&without("| `--feed-items N`"), &top, &commands),
        ["--feed-items"]
    );
    assert_eq!(
        missing_from_readme(&without("| `bedrock-collector show "), &top, &commands),
        ["show"]
    );
    let page_row = readme
        .lines()
        .find(|l| l.starts_with("| `bedrock-collector page "))
        .unwrap();
    let changed = readme.replace(page_row, &page_row.replace("[--changes PATH] ", ""));
    assert_eq!(
        missing_from_readme(&changed, &top, &commands),
        ["page --changes"]
    );
}

// ---------------------------------------------------------------------------------------------
// Configuration keys
// ---------------------------------------------------------------------------------------------

/// The keys the configuration parser names when it rejects an unknown one in `text`.
fn accepted_keys(text: &str) -> Option<Vec<String>> {
    let err = bedrock_collector::config::parse_file(Path::new("c.toml"), text)
        .err()?
        .to_string();
    let list = err
        .split_once("unknown field `zz_no_such_key`, expected")?
        .1;
    Some(
        list.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect(),
    )
}

/// Every key the parser accepts, as `key` or `table.key`.
fn config_keys() -> Vec<String> {
    let top = accepted_keys("zz_no_such_key = 1\n").expect("top-level keys");
    let mut keys = Vec::new();
    for key in top {
        match accepted_keys(&format!("[{key}]\nzz_no_such_key = 1\n")) {
            Some(inner) => keys.extend(inner.into_iter().map(|k| format!("{key}.{k}"))),
            None => keys.push(key),
        }
    }
    keys
}

/// Keys missing from the sample config (as `key = ` or `# key = ` in their table) and from the
/// README (in backquotes, as `key` or `table.key`).
fn missing_keys(keys: &[String], sample: &str, readme: &str) -> Vec<String> {
    let mut missing = Vec::new();
    for key in keys {
        let (table, name) = key.split_once('.').unwrap_or(("", key));
        let mut current = "";
        let in_sample = sample.lines().any(|line| {
            let t = line.trim();
            if let Some(h) = t.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
                current = h;
            }
            let t = t.trim_start_matches('#').trim_start();
            current == table
                && t.strip_prefix(name)
                    .is_some_and(|rest| rest.trim_start().starts_with('='))
        });
        if !in_sample {
            missing.push(format!("{key} (config.toml)"));
        }
        if !readme.contains(&format!("`{key}`")) {
            missing.push(format!("{key} (README)"));
        }
    }
    missing
}

#[test]
fn every_config_key_is_in_the_sample_config_and_the_readme() {
    let keys = config_keys();
    for known in ["profile", "regions", "retry.max_attempts", "feed.item_url"] {
        assert!(keys.contains(&known.to_string()), "{known}: {keys:?}");
    }
    assert_eq!(
        missing_keys(&keys, &text("config.toml"), &text("README.md")),
        Vec::<String>::new()
    );
    // The sample config is valid as it stands.
    bedrock_collector::config::parse_file(&repo("config.toml"), &text("config.toml")).unwrap();
}

#[test]
fn the_config_key_check_notices_a_missing_key() {
    let keys = config_keys();
    let sample = text("config.toml");
    let readme = text("README.md");
    let sample_without = sample.replace("ttl_hours = 24", "");
    assert_eq!(
        missing_keys(&keys, &sample_without, &readme),
        ["cache.ttl_hours (config.toml)"]
    );
    let readme_without = readme.replace("`feed.max_items`", "feed.max_items");
    assert_eq!(
        missing_keys(&keys, &sample, &readme_without),
        ["feed.max_items (README)"]
    );
}

// ---------------------------------------------------------------------------------------------
// Exit codes
// ---------------------------------------------------------------------------------------------

/// The exit codes the code defines: the `pub const NAME: u8 = N;` lines of its `mod exit`.
fn code_exit_codes() -> BTreeSet<u8> {
    fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                rs_files(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    rs_files(&repo("src"), &mut files);
    let mut codes = BTreeSet::new();
    for f in files {
        let src = std::fs::read_to_string(&f).unwrap();
        let Some((_, block)) = src.split_once("pub mod exit {") else {
            continue;
        };
        let block = block.split('}').next().unwrap();
        for line in block.lines() {
            if let Some((_, value)) = line.trim().split_once(": u8 = ") {
                codes.insert(value.trim_end_matches(';').parse().unwrap());
            }
        }
    }
    codes
}

/// The codes in the first column of the tables of `heading`'s section.
fn table_codes(doc: &str, heading: &str) -> BTreeSet<u8> {
    first_cells(&section(doc, heading))
        .iter()
        .filter_map(|c| c.parse().ok())
        .collect()
}

/// The codes `--help` explains under "Exit codes:".
fn help_codes(help: &str) -> BTreeSet<u8> {
    help.lines()
        .skip_while(|l| !l.starts_with("Exit codes:"))
        .skip(1)
        .filter_map(|l| l.split_whitespace().next()?.parse().ok())
        .collect()
}

#[test]
fn every_exit_code_is_in_the_tables_and_the_help() {
    let codes = code_exit_codes();
    assert!(
        codes.is_superset(&BTreeSet::from([0, 1, 2, 3, 4])),
        "{codes:?}"
    );
    let readme = table_codes(&text("README.md"), "## Exit codes");
    let operations = table_codes(&text("docs/operations.md"), "## Exit codes");
    let help = help_codes(&help(None));
    for (what, listed) in [
        ("README", &readme),
        ("docs/operations.md", &operations),
        ("--help", &help),
    ] {
        let missing: Vec<_> = codes.difference(listed).collect();
        assert!(missing.is_empty(), "{what} lacks exit codes {missing:?}");
    }
    // And the check notices: a README without the row of 4 lacks 4.
    let without_4: String = text("README.md")
        .lines()
        .filter(|l| !l.starts_with("| 4 |"))
        .collect::<Vec<_>>()
        .join("\n");
    let left: BTreeSet<u8> = table_codes(&without_4, "## Exit codes");
    assert_eq!(codes.difference(&left).collect::<Vec<_>>(), [&4]);
}

// ---------------------------------------------------------------------------------------------
// IAM policy, regions
// ---------------------------------------------------------------------------------------------

/// The first ```json block of a section, parsed.
fn json_block(doc: &str, heading: &str) -> serde_json::Value {
    let lines = section(doc, heading);
    let body: Vec<&str> = lines
        .iter()
        .skip_while(|l| !l.starts_with("```json"))
        .skip(1)
        .take_while(|l| !l.starts_with("```"))
        .copied()
        .collect();
    serde_json::from_str(&body.join("\n")).unwrap_or_else(|e| panic!("{heading}: {e}"))
}

#[test]
fn the_iam_policy_is_one_policy_with_every_action_the_code_calls() {
    let readme = json_block(&text("README.md"), "## IAM permissions");
    let operations = json_block(&text("docs/operations.md"), "## IAM policy");
    assert_eq!(
        readme, operations,
        "the README's and the guide's policies differ"
    );
    let mut allowed = BTreeSet::new();
    for statement in readme["Statement"].as_array().unwrap() {
        assert_eq!(statement["Effect"], "Allow");
        for action in statement["Action"].as_array().unwrap() {
            allowed.insert(action.as_str().unwrap().to_string());
        }
    }
    let mut needed: BTreeSet<String> = Api::ALL
        .iter()
        .chain(Api::ACCOUNT.iter())
        .map(|api| api.iam_action().to_string())
        .collect();
    // Mantle's short-term key is presigned for `bedrock:CallWithBearerToken`.
    needed.insert("bedrock:CallWithBearerToken".to_string());
    let missing: Vec<_> = needed.difference(&allowed).collect();
    assert!(missing.is_empty(), "the policy lacks {missing:?}");
    let extra: Vec<_> = allowed.difference(&needed).collect();
    assert!(
        extra.is_empty(),
        "the policy allows what no call needs: {extra:?}"
    );
}

/// The sample config's regions are the `aws` partition's `bedrock` endpoints of botocore (the
/// repository's trimmed copy of its `endpoints.json`, see DATA-LICENSES.md): bare region names,
/// without the `bedrock-`, `bedrock-runtime-` and `fips` variants.
#[test]
fn the_sample_configs_regions_are_botocores_bedrock_regions() {
    let endpoints: serde_json::Value =
        serde_json::from_str(&text("tests/data/botocore/endpoints.json")).unwrap();
    let aws = endpoints["partitions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["partition"] == "aws")
        .unwrap();
    let botocore: Vec<&str> = aws["services"]["bedrock"]["endpoints"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .filter(|k| !k.starts_with("bedrock-") && !k.contains("fips"))
        .collect();
    assert_eq!(botocore.len(), 33);
    let file =
        bedrock_collector::config::parse_file(&repo("config.toml"), &text("config.toml")).unwrap();
    let mut regions = file.regions.expect("config.toml lists its regions");
    regions.sort();
    assert_eq!(regions, botocore);
}

// ---------------------------------------------------------------------------------------------
// The README's own commands
// ---------------------------------------------------------------------------------------------

/// The README's first command ("try it") writes only into the directory it names: the catalogue
/// and its change log, no backup, nothing elsewhere (run from an empty working directory).
#[test]
fn the_try_it_command_writes_only_where_it_says() {
    let readme = text("README.md");
    let line = readme
        .lines()
        .find(|l| l.contains("# try it"))
        .expect("the README's try-it line");
    let command = line.split('#').next().unwrap();
    let args: Vec<&str> = command
        .split_whitespace()
        .skip_while(|a| *a != "--")
        .skip(1)
        .collect();
    let output = args[args.iter().position(|a| *a == "--output").unwrap() + 1];
    let demo_dir = Path::new(output).parent().unwrap();
    assert!(
        readme.contains(&format!("`{}/`", demo_dir.display())),
        "the README names {} as the place it writes",
        demo_dir.display()
    );
    // The same command, with the demo directory moved into a scratch directory.
    let scratch = tempfile::tempdir().unwrap();
    let cwd = scratch.path().join("cwd");
    std::fs::create_dir(&cwd).unwrap();
    let moved = scratch.path().join("demo-out");
    let args: Vec<String> = args
        .iter()
        .map(|a| match *a {
            "demo/snapshot" => repo("demo/snapshot").display().to_string(),
            a if a == output => moved.join("bedrock_models.json").display().to_string(),
            a => a.to_string(),
        })
        .collect();
    let out = bin()
        .args(&args)
        .current_dir(&cwd)
        .env("HOME", scratch.path())
        .env("XDG_CACHE_HOME", scratch.path().join("cache"))
        .env("XDG_CONFIG_HOME", scratch.path().join("config"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut written: Vec<String> = std::fs::read_dir(scratch.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(
        written,
        ["cwd", "demo-out"],
        "written outside the named directory"
    );
    assert_eq!(std::fs::read_dir(&cwd).unwrap().count(), 0);
    let mut files: Vec<String> = std::fs::read_dir(&moved)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    // The lock file stays beside the catalogue (removing it would race with the next run).
    assert_eq!(
        files,
        [
            ".bedrock_models.json.lock",
            "bedrock_models.json",
            "changes.json"
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Man page and version
// ---------------------------------------------------------------------------------------------

#[test]
fn the_man_page_documents_every_flag_and_command() {
    let out = bin().arg("man").output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH bedrock-collector 1"), "{}", &page[..200]);
    // roff escapes `-` as `\-`.
    let roff = page.replace("\\-", "-");
    let (top, commands) = all_help();
    for flag in flags_of(&top) {
        assert!(names_flag(&roff, &flag), "the man page lacks {flag}");
    }
    for (name, _) in &commands {
        assert!(
            roff.contains(&format!("bedrock-collector-{name}(1)")),
            "{name}"
        );
    }
    assert!(
        roff.contains("Exit codes:"),
        "the exit codes are in the page"
    );

    // --dir: one page per command.
    let dir = tempfile::tempdir().unwrap();
    let out = bin()
        .args(["man", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut pages: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    let mut expected: Vec<String> = commands
        .iter()
        .map(|(c, _)| format!("bedrock-collector-{c}.1"))
        .collect();
    expected.push("bedrock-collector.1".to_string());
    expected.sort();
    assert_eq!(pages, expected);
    let show = std::fs::read_to_string(dir.path().join("bedrock-collector-show.1")).unwrap();
    assert!(show.contains("\\-\\-catalog"), "{show}");
}

/// `--version`: the package version, and the git revision when built from a checkout.
#[test]
fn the_version_names_the_git_revision_of_a_checkout() {
    let out = bin().arg("--version").output().unwrap();
    assert!(out.status.success());
    let printed = String::from_utf8(out.stdout).unwrap();
    let revision = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8(o.stdout).unwrap().trim().to_string());
    let expected = match revision {
        Some(rev) => format!(
            "bedrock-collector {} (git {rev})\n",
            env!("CARGO_PKG_VERSION")
        ),
        None => format!("bedrock-collector {}\n", env!("CARGO_PKG_VERSION")),
    };
    assert_eq!(printed, expected);
}
