//! `config.toml`.

use super::*;

/// `config::parse_file`'s errors are one line and name a line that exists.
pub(super) fn check_config(text: &str) -> Result<(), TestCaseError> {
    if let Err(e) = config::parse_file(Path::new("config.toml"), text) {
        let msg = e.to_string();
        one_line("config::parse_file", &msg)?;
        let line: usize = msg
            .strip_prefix("config.toml:")
            .and_then(|r| r.split(':').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        let lines = text.matches('\n').count() + 1;
        prop_assert!(
            line >= 1 && line <= lines + 1,
            "line {line} of {lines}: {msg}"
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// config.toml
// ---------------------------------------------------------------------------------------------

#[test]
pub(super) fn config_seed_is_valid() {
    config::parse_file(Path::new("config.toml"), config_seed()).unwrap();
}

#[test]
pub(super) fn config_random_text() {
    let text = prop_oneof![
        any::<String>(),
        prop::collection::vec(prop::sample::select(NASTY), 0..64).prop_map(|v| v.concat()),
        prop::collection::vec(
            prop::sample::select(
                &[
                    "threads",
                    "regions",
                    "[retry]",
                    "[cache]",
                    "ttl_hours",
                    "=",
                    " ",
                    "\n",
                    "\"",
                    "'",
                    "[",
                    "]",
                    "{",
                    "}",
                    ",",
                    "1",
                    "-1",
                    "1e400",
                    "nan",
                    "inf",
                    "99999999999999999999",
                    "true",
                    "[[sources]]",
                    ".",
                    "a.b.c",
                    "\"\\n\"",
                ][..]
            ),
            0..64
        )
        .prop_map(|v| v.concat()),
    ];
    fuzz("config/random", 1024, text, |t| check_config(&t));
}

#[test]
pub(super) fn config_mutations() {
    fuzz("config/mutations", 512, ops(), |ops| {
        let bytes = apply(config_seed().as_bytes(), &ops);
        // The binary reads the file with read_to_string: non-UTF-8 never reaches the parser.
        check_config(&String::from_utf8_lossy(&bytes))
    });
}

/// An error quotes a key or a line as written: a key with a carriage return, or a quoted key with an
/// escaped newline, must still give a one-line error.
#[test]
pub(super) fn config_errors_are_one_line() {
    let mut bad = vec![];
    for text in [
        "b\rackups_to_keep = 2\n",
        "threads = 4\r\n\"a\\nb\" = 1\n",
        "\"x\\ny\" = 1\n",
        "[retry]\n\"mo\\nde\" = \"standard\"\n",
    ] {
        let e = config::parse_file(Path::new("config.toml"), text)
            .unwrap_err()
            .to_string();
        if e.contains('\n') || e.contains('\r') {
            bad.push(format!("{text:?} gives {e:?}"));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// Every value type of every key, with odd values: an error names a line that exists.
#[test]
pub(super) fn config_odd_values() {
    const KEYS: &[&str] = &[
        "profile",
        "home_region",
        "regions",
        "threads",
        "output",
        "backups_to_keep",
        "retry.mode",
        "retry.max_attempts",
        "retry.initial_backoff_ms",
        "retry.max_backoff_ms",
        "timeouts.connect_ms",
        "timeouts.attempt_ms",
        "timeouts.operation_ms",
        "sources.price_list_url",
        "sources.litellm_url",
        "sources.litellm_file",
        "cache.dir",
        "cache.ttl_hours",
        "nope",
        "retry.nope",
    ];
    const VALUES: &[&str] = &[
        "1",
        "-1",
        "0",
        "4294967296",
        "18446744073709551616",
        "1e400",
        "nan",
        "inf",
        "-inf",
        "1.5",
        "\"x\"",
        "\"\"",
        "\"\\u0000\"",
        "[]",
        "[1, \"a\"]",
        "{}",
        "{ a = 1 }",
        "true",
        "1979-05-27",
        "'''\nmulti\nline'''",
    ];
    let line = (prop::sample::select(KEYS), prop::sample::select(VALUES));
    fuzz(
        "config/odd-values",
        1024,
        prop::collection::vec(line, 1..6),
        |lines| {
            let text: String = lines.iter().map(|(k, v)| format!("{k} = {v}\n")).collect();
            check_config(&text)
        },
    );
}
