//! Whether the real-world fixtures are here, for the tests that read them. Shared by the
//! integration suite and the library's unit tests (`src/lib.rs` includes this file).
//!
//! The fixtures (`../shared/fixtures` beside the checkout, or the directory `BEDROCK_FIXTURES`
//! names) are other people's data and never part of the repository, so a fresh clone has none.
//! Each test that reads them starts with `let Some(dir) = fixtures() else { return };`:
//! * fixtures present: the test runs;
//! * absent: the test is left out and counted, and once the test binary has printed its result,
//!   one note says how many tests were left out and why;
//! * absent while `BEDROCK_FIXTURES` is set or `BEDROCK_REQUIRE_FIXTURES` is non-empty (`.ci/run`
//!   sets it): the test fails, so CI never passes without them.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Mutex, Once};

/// Set non-empty to make a missing fixtures directory a failure instead of a skip.
pub const REQUIRE_VAR: &str = "BEDROCK_REQUIRE_FIXTURES";

/// `$BEDROCK_FIXTURES`, else `../shared/fixtures` next to the package.
pub fn fixtures_dir() -> PathBuf {
    match std::env::var_os("BEDROCK_FIXTURES") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures")),
    }
}

/// The fixtures directory if it is there (it holds `PROVENANCE.md`); otherwise `None`, and the
/// calling test is counted as left out. Panics instead when the fixtures were asked for
/// (`BEDROCK_FIXTURES` set, or `BEDROCK_REQUIRE_FIXTURES` non-empty).
pub fn fixtures() -> Option<PathBuf> {
    let dir = fixtures_dir();
    if dir.join("PROVENANCE.md").is_file() {
        return Some(dir);
    }
    if std::env::var_os("BEDROCK_FIXTURES").is_some() {
        panic!(
            "BEDROCK_FIXTURES names {}, which holds no fixtures (no PROVENANCE.md)",
            dir.display()
        );
    }
    if std::env::var_os(REQUIRE_VAR).is_some_and(|v| !v.is_empty()) {
        panic!(
            "{REQUIRE_VAR} is set but the real-world fixtures are missing: no {} (put them beside \
             the checkout as ../shared/fixtures, or name them with BEDROCK_FIXTURES)",
            dir.display()
        );
    }
    left_out();
    None
}

/// Tests left out, by the module of their name (a test's thread carries its name).
static LEFT_OUT: Mutex<BTreeMap<String, usize>> = Mutex::new(BTreeMap::new());
static NOTE: Once = Once::new();

fn left_out() {
    let name = std::thread::current()
        .name()
        .unwrap_or("unnamed")
        .to_string();
    let module = match name.rsplit_once("::") {
        Some((module, _)) => module.to_string(),
        None => name,
    };
    *LEFT_OUT
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .entry(module)
        .or_default() += 1;
    NOTE.call_once(|| {
        // SAFETY: `atexit` only stores the function pointer; `note` neither panics nor unwinds.
        unsafe {
            atexit(note);
        }
    });
}

unsafe extern "C" {
    fn atexit(callback: extern "C" fn()) -> std::ffi::c_int;
}

/// Printed once when the test binary exits, after libtest's own result line.
extern "C" fn note() {
    use std::io::Write;
    let counts = match LEFT_OUT.lock() {
        Ok(c) => c.clone(),
        Err(e) => e.into_inner().clone(),
    };
    let total: usize = counts.values().sum();
    let per_module: Vec<String> = counts.iter().map(|(m, n)| format!("{m} {n}")).collect();
    let _ = writeln!(
        std::io::stderr(),
        "\nnote: {total} tests of this binary need the real-world fixtures and were left out \
         (they count as passed but checked nothing): there is no {}. Put the fixtures beside the \
         checkout as ../shared/fixtures or name them with BEDROCK_FIXTURES; .ci/run requires \
         them.\nnote: left out per module: {}\n",
        fixtures_dir().display(),
        per_module.join(", ")
    );
}
