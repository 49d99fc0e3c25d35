//! Properties every parser shares: truncation, deep nesting, huge input.

use super::*;

// ---------------------------------------------------------------------------------------------
// Truncation: a prefix of a valid document is an error
// ---------------------------------------------------------------------------------------------

/// Length without trailing whitespace: any shorter prefix of a JSON object is incomplete.
pub(super) fn trimmed_len(b: &[u8]) -> usize {
    b.len()
        - b.iter()
            .rev()
            .take_while(|c| c.is_ascii_whitespace())
            .count()
}

/// `steps` cut points spread over the document, plus the first and last few bytes.
pub(super) fn cut_points(len: usize, steps: usize) -> Vec<usize> {
    let mut cuts: Vec<usize> = (0..steps).map(|k| len * k / steps).collect();
    cuts.extend((1..8).filter(|d| *d <= len).map(|d| len - d));
    cuts.extend(0..8.min(len));
    cuts.sort();
    cuts.dedup();
    cuts
}

#[test]
pub(super) fn truncated_json_documents_are_errors() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let steps = cases(64).clamp(64, 5000) as usize;
    let (indexes, offers) = price_list_seeds();
    for seed in indexes {
        for cut in cut_points(trimmed_len(seed), steps) {
            let e = parse_region_index(&seed[..cut]).expect_err("truncated region index");
            assert!(!e.to_string().contains('\n'));
        }
    }
    for seed in offers {
        for cut in cut_points(trimmed_len(seed), steps) {
            let e = parse_offer(&seed[..cut]).expect_err("truncated offer");
            assert!(!e.to_string().contains('\n'));
        }
    }
    let seed = corrections_seed();
    for cut in cut_points(trimmed_len(seed), steps) {
        let e = Corrections::parse(&seed[..cut], "c.json").expect_err("truncated corrections");
        assert!(!e.to_string().contains('\n'));
    }
    let seed = litellm_excerpt();
    for cut in cut_points(trimmed_len(seed), steps) {
        let e = LiteLlmDb::parse(&seed[..cut]).expect_err("truncated LiteLLM excerpt");
        assert!(!e.to_string().contains('\n'));
    }
}

/// The full 3.4 MB LiteLLM database cut at a few points (more with FUZZ_CASES): an error, with
/// the truncation reported as such.
#[test]
pub(super) fn truncated_full_litellm_is_an_error() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let seed = full_litellm();
    let steps = (cases(6) as usize / 50).clamp(6, 400);
    for cut in cut_points(trimmed_len(seed), steps) {
        if cut < 8 {
            continue;
        }
        let e = LiteLlmDb::parse(&seed[..cut]).expect_err("truncated LiteLLM");
        let msg = e.to_string();
        assert!(!msg.contains('\n'), "{msg}");
        assert!(msg.contains("EOF while parsing"), "{msg}");
    }
}

/// TOML is line-oriented: a prefix of the config ending at a line break is often a valid config
/// (fewer keys), so the property is only "no panic, one-line error, a line that exists".
#[test]
pub(super) fn truncated_config_never_panics() {
    let seed = config_seed();
    for cut in 0..=seed.len() {
        if seed.is_char_boundary(cut) {
            check_config(&seed[..cut]).unwrap();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Deep nesting: serde_json's recursion limit (128) holds for every JSON parser, and the TOML
// parser does not overflow either. Run on a thread with 2 MB of stack, the size of the tokio
// worker threads the binary parses on.
// ---------------------------------------------------------------------------------------------

pub(super) fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .expect("no panic on a 2 MB stack");
}

pub(super) fn deep_json_inputs() -> Vec<(String, Vec<u8>)> {
    let mut out = vec![];
    for depth in [127usize, 128, 129, 10_000, 1_000_000] {
        out.push((format!("{depth} x ["), b"[".repeat(depth)));
        let mut closed = b"[".repeat(depth);
        closed.extend(b"]".repeat(depth));
        out.push((format!("{depth} x [] closed"), closed));
        out.push((format!("{depth} x {{\"a\":"), b"{\"a\":".repeat(depth)));
        // Inside the fields the parsers read and the ones they skip.
        // (prefix, whether the parser skips that field: serde_json skips an unknown field
        // without recursing, so any depth there is fine and the document may be accepted).
        for (wrap, skipped) in [
            ("{\"products\":{\"S\":{\"attributes\":", false),
            ("{\"regions\":", false),
            (
                "{\"regions\":{\"r\":{\"currentVersionUrl\":\"u\",\"extra\":",
                true,
            ),
            (
                "{\"offerCode\":\"x\",\"version\":\"1\",\"products\":{},\"ignored\":",
                true,
            ),
            ("{\"calls\":", false),
            (
                "{\"format\":1,\"tool_version\":\"\",\"recorded_at\":\"\",\"calls\":{},\"extra\":",
                true,
            ),
            (
                "{\"bedrock/x.y\":{\"litellm_provider\":\"bedrock\",\"max_input_tokens\":",
                false,
            ),
            ("{\"x.y\":{\"context_window\":", false),
        ] {
            let mut b = wrap.as_bytes().to_vec();
            b.extend(b"[".repeat(depth));
            b.extend(b"1");
            b.extend(b"]".repeat(depth));
            let open = wrap.matches('{').count() - wrap.matches('}').count();
            b.extend(b"}".repeat(open));
            let tag = if skipped { "skipped" } else { "read" };
            out.push((format!("{depth} x [ in {tag} {wrap}"), b));
        }
    }
    out
}

#[test]
pub(super) fn deep_nesting_hits_the_recursion_limit_not_the_stack() {
    on_small_stack(|| {
        for (what, b) in deep_json_inputs() {
            let depth: usize = what.split(' ').next().unwrap().parse().unwrap();
            let results = [
                (
                    "litellm",
                    LiteLlmDb::parse(&b).map(|_| ()).map_err(|e| e.to_string()),
                ),
                (
                    "corrections",
                    Corrections::parse(&b, "c.json")
                        .map(|_| ())
                        .map_err(|e| e.to_string()),
                ),
                (
                    "region index",
                    parse_region_index(&b)
                        .map(|_| ())
                        .map_err(|e| e.to_string()),
                ),
                (
                    "offer",
                    parse_offer(&b).map(|_| ()).map_err(|e| e.to_string()),
                ),
            ];
            for (parser, r) in results {
                if let Err(msg) = &r {
                    assert!(!msg.contains('\n'), "{parser} on {what}: {msg}");
                }
                if depth > 128 && !(what.contains(" skipped ") && r.is_ok()) {
                    let msg = r.expect_err(&format!("{parser} accepted {what}"));
                    // Either the limit fired, or the shape was rejected before getting that deep.
                    assert!(
                        msg.contains("recursion limit exceeded")
                            || msg.contains("EOF")
                            || msg.contains("invalid type")
                            || msg.contains("expected")
                            || msg.contains("not an object")
                            || msg.contains("missing field")
                            || msg.contains("must be")
                            || msg.contains("unknown field"),
                        "{parser} on {what}: {msg}"
                    );
                }
            }
            // The snapshot reader (manifest and pages) on the same input.
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join("manifest.json"), &b).unwrap();
            if let Err(e) = snapshot::read_manifest(dir.path()) {
                assert!(!e.to_string().contains('\n'));
            }
        }
        // The limit itself: 10 000 unclosed `[` are refused by it, not by running out of input.
        let e = LiteLlmDb::parse(&b"[".repeat(10_000))
            .unwrap_err()
            .to_string();
        assert!(e.contains("recursion limit exceeded"), "{e}");
        let e = Corrections::parse(&b"[".repeat(10_000), "c.json")
            .unwrap_err()
            .to_string();
        assert!(e.contains("recursion limit exceeded"), "{e}");
        let e = parse_offer(&b"[".repeat(10_000)).unwrap_err().to_string();
        assert!(
            e.contains("recursion limit exceeded") || e.contains("invalid type"),
            "{e}"
        );
    });
}

#[test]
pub(super) fn deep_nesting_in_snapshot_pages() {
    on_small_stack(|| {
        let files = snapshot_seed();
        let regions: Vec<String> = SNAPSHOT_REGIONS.iter().map(|s| s.to_string()).collect();
        for depth in [129usize, 10_000, 1_000_000] {
            let deep = |b: &[u8]| {
                let mut v = b.to_vec();
                v.extend(b"[".repeat(depth));
                v.extend(b"]".repeat(depth));
                v
            };
            // A field read as a JSON value (a quota's UsageMetric): the recursion limit fires.
            // An unknown field: serde_json skips it without recursing, any depth is harmless.
            let read = [
                deep(b"{\"Quotas\":[{\"QuotaCode\":\"L-1\",\"QuotaName\":\"n\",\"UsageMetric\":"),
                b"}]}".to_vec(),
            ]
            .concat();
            let skipped = [deep(b"{\"Quotas\":[],\"unknownField\":"), b"}".to_vec()].concat();
            for (page, must_fail) in [(read, true), (skipped, false)] {
                let dir = tempfile::tempdir().unwrap();
                for (r, b) in files.iter() {
                    let path = dir.path().join(r);
                    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                    let b = if r.ends_with("us-east-1/list_service_quotas/page-0001.json") {
                        &page
                    } else {
                        b
                    };
                    std::fs::write(&path, b).unwrap();
                }
                match snapshot::replay(dir.path(), &regions) {
                    Ok(_) => assert!(!must_fail, "depth {depth} accepted"),
                    Err(e) => {
                        let e = e.to_string();
                        assert!(e.contains("recursion limit exceeded"), "{e}");
                        assert!(!e.contains('\n'), "{e}");
                    }
                }
            }
        }
    });
}

#[test]
pub(super) fn deep_nesting_in_config() {
    on_small_stack(|| {
        for depth in [100usize, 10_000, 100_000] {
            for (open, close) in [("[", "]"), ("{ a = ", " }")] {
                for closed in [false, true] {
                    let mut text = format!("regions = {}", open.repeat(depth));
                    if closed {
                        text.push_str(&close.repeat(depth));
                    }
                    text.push('\n');
                    let e = config::parse_file(Path::new("config.toml"), &text)
                        .expect_err("deeply nested config");
                    assert!(!e.to_string().contains('\n'), "{e}");
                }
            }
            // Dotted keys and table headers nest too.
            let text = format!("[{}]\n", vec!["a"; depth].join("."));
            let e = config::parse_file(Path::new("config.toml"), &text).unwrap_err();
            assert!(!e.to_string().contains('\n'), "{e}");
        }
    });
}

// ---------------------------------------------------------------------------------------------
// Huge input: rejected without unbounded memory
// ---------------------------------------------------------------------------------------------

/// 50 MB of junk of several kinds, given to every parser. Each is rejected; the kinds the parsers
/// can reject early (bytes that are not JSON, one huge unterminated string, whitespace, deep
/// nesting) must not build anything large. Peak RSS of this test alone is measured in the report
/// (`/usr/bin/time -v target/.../fuzz_parsers-* fifty_mb_of_junk --exact`).
#[test]
pub(super) fn fifty_mb_of_junk_is_rejected() {
    const MB50: usize = 50 * 1024 * 1024;
    // JUNK_KIND / JUNK_PARSER (substrings) select one input and one parser, to measure the
    // peak RSS of each alone.
    let kind_filter = std::env::var("JUNK_KIND").unwrap_or_default();
    let parser_filter = std::env::var("JUNK_PARSER").unwrap_or_default();
    let mut rng = 0x2545_F491_4F6C_DD1Du64;
    // (Generated only when selected: a child of `fifty_mb_of_junk_peak_memory` needs one kind.)
    let wanted = |kind: &str| kind.contains(kind_filter.as_str());
    let random: Vec<u8> = (0..if wanted("random bytes") { MB50 / 8 } else { 0 })
        .flat_map(|_| {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng.to_le_bytes()
        })
        .collect();
    // A debug build parses at a tenth of the speed: there, 50 MB of random bytes and 5 MB of
    // the other kinds by default; 50 MB of every kind with FUZZ_CASES or in release.
    let all = !cfg!(debug_assertions) || std::env::var_os("FUZZ_CASES").is_some();
    let size = if all { MB50 } else { MB50 / 10 };
    let mut unterminated = b"{\"bedrock/anthropic.x\": \"".to_vec();
    unterminated.resize(size, b'a');
    let mut spaces = vec![b' '; size];
    spaces.push(b'x');
    let mut huge_key = b"{\"".to_vec();
    huge_key.resize(size, b'k');
    huge_key.extend(b"\": 1");
    let brackets = vec![b'['; size];
    // Valid JSON that never ends: a parser that builds a document tree first holds 25 million
    // numbers. Measured on request only (JUNK_KIND=zeros), see the report.
    let zeros: Vec<u8> = if kind_filter == "zeros" {
        let mut z = b"{\"bedrock/x.y\": [".to_vec();
        while z.len() < MB50 {
            z.extend_from_slice(b"0,");
        }
        z
    } else {
        vec![]
    };
    let inputs: [(&str, &[u8]); 6] = [
        ("random bytes", &random),
        ("unterminated string", &unterminated),
        ("whitespace then junk", &spaces),
        ("unclosed object with a huge key", &huge_key),
        ("[ repeated", &brackets),
        ("zeros", &zeros),
    ];
    let on = |parser: &str| parser.contains(parser_filter.as_str());
    for (what, b) in inputs {
        if !what.contains(kind_filter.as_str()) || b.is_empty() {
            continue;
        }
        let started = std::time::Instant::now();
        if on("litellm") {
            assert!(LiteLlmDb::parse(b).is_err(), "litellm: {what}");
        }
        if on("corrections") {
            assert!(
                Corrections::parse(b, "c.json").is_err(),
                "corrections: {what}"
            );
        }
        if on("region index") {
            assert!(parse_region_index(b).is_err(), "region index: {what}");
        }
        if on("offer") {
            assert!(parse_offer(b).is_err(), "offer: {what}");
        }
        if on("config") {
            let text = String::from_utf8_lossy(b);
            assert!(
                config::parse_file(Path::new("config.toml"), &text).is_err(),
                "config: {what}"
            );
        }
        if on("manifest") {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join("manifest.json"), b).unwrap();
            assert!(
                snapshot::read_manifest(dir.path()).is_err(),
                "manifest: {what}"
            );
        }
        eprintln!(
            "{} MB of {what}: rejected by all parsers in {:.2?}",
            b.len() >> 20,
            started.elapsed()
        );
    }
    if std::env::var_os("JUNK_PEAK").is_some() {
        eprintln!("peak_rss_kb={}", peak_rss_kb());
    }
}

/// A snapshot is something people attach to bug reports: its names must not lead outside it.
#[test]
pub(super) fn snapshot_names_stay_inside_the_snapshot() {
    let dir = snapshot_copy();
    let manifest_path = dir.path().join("manifest.json");
    let mut manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&manifest_path).unwrap()).unwrap();
    let entry = manifest["calls"]["us-east-1"].clone();
    for bad in ["../../etc", "/etc", "us-east-1/../../x", "a\nb"] {
        let mut m = manifest.clone();
        m["calls"][bad] = entry.clone();
        std::fs::write(&manifest_path, serde_json::to_vec(&m).unwrap()).unwrap();
        let e = snapshot::read_manifest(dir.path()).unwrap_err().to_string();
        assert!(e.contains("which is not a region name"), "{e}");
        assert!(!e.contains('\n'), "{e}");
    }
    manifest["calls"] = serde_json::json!({});
    manifest["files"]["price-list/../../../../etc/hostname"] =
        serde_json::json!({"status": "ok", "location": "x"});
    std::fs::write(&manifest_path, serde_json::to_vec(&manifest).unwrap()).unwrap();
    let m = snapshot::read_manifest(dir.path()).unwrap();
    let out = snapshot::replay_file(dir.path(), &m, "price-list/../../../../etc/hostname");
    let e = out.result.unwrap_err();
    assert!(
        e.message.contains("names a file outside it"),
        "{}",
        e.message
    );
}

/// `VmHWM` of this process, in kB.
pub(super) fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// The memory half of "rejected without blowing up memory", for the parsers of downloaded and
/// recorded data: each parser alone, in a child process running `fifty_mb_of_junk_is_rejected`
/// for one input kind, must add less than 64 MB to the peak RSS of the same child without it.
/// (Before the fix, LiteLLM's parser added 1.8 GB on 50 MB of `{"x": [0,0,0,...`.)
/// config.toml and the corrections file are local configuration and are not bounded here: see
/// the report for their figures. Debug builds without FUZZ_CASES check LiteLLM only.
#[test]
pub(super) fn fifty_mb_of_junk_peak_memory() {
    if std::env::var_os("JUNK_PEAK").is_some() {
        return; // this is a child
    }
    let all = !cfg!(debug_assertions) || std::env::var_os("FUZZ_CASES").is_some();
    let parsers: &[&str] = if all {
        &["litellm", "region index", "offer", "manifest"]
    } else {
        &["litellm"]
    };
    let kinds: &[&str] = if all {
        &[
            "random",
            "unterminated",
            "whitespace",
            "huge key",
            "[",
            "zeros",
        ]
    } else {
        &["zeros", "huge key"]
    };
    let peak = |kind: &str, parser: &str| -> u64 {
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "fuzz::limits::fifty_mb_of_junk_is_rejected",
                "--exact",
                "--nocapture",
            ])
            .env("JUNK_PEAK", "1")
            .env("JUNK_KIND", kind)
            .env("JUNK_PARSER", parser)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{kind} / {parser}: {err}");
        err.lines()
            .find_map(|l| l.strip_prefix("peak_rss_kb="))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no peak reported: {err}"))
    };
    for kind in kinds {
        let base = peak(kind, "none");
        for parser in parsers {
            let with = peak(kind, parser);
            let added_mb = with.saturating_sub(base) / 1024;
            eprintln!("{kind} / {parser}: +{added_mb} MB peak RSS");
            assert!(added_mb < 64, "{parser} on 50 MB of {kind}: +{added_mb} MB");
        }
    }
}
