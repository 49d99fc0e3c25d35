//! The fuzz tests' engine: mutations of a seed document (tokens that bend JSON and TOML, numbers
//! replaced, string pieces, truncation), random junk, and a case runner over proptest.

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

/// `FUZZ_CASES` when set, else `default`.
pub fn cases(default: u32) -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

pub fn runner(default_cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases: cases(default_cases),
        // Keep the repository clean: no proptest-regressions files.
        failure_persistence: None,
        max_shrink_iters: 2048,
        ..Config::default()
    })
}

/// Runs `test` over `strategy`, panicking with proptest's minimal failing input on failure.
pub fn fuzz<S: Strategy>(
    name: &str,
    default_cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S::Value: std::fmt::Debug,
{
    let started = std::time::Instant::now();
    let mut r = runner(default_cases);
    let n = r.config().cases;
    if let Err(e) = r.run(&strategy, test) {
        panic!("{name}: {e}");
    }
    eprintln!("fuzz {name}: {n} cases in {:.2?}", started.elapsed());
}

pub const OFFERS: &str = "price-list/offers/v1.0/aws";

/// An error message must be one line (it ends up as `error: ...` on stderr and in metadata).
pub fn one_line(what: &str, msg: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        !msg.contains('\n') && !msg.contains('\r'),
        "{what}: error spans several lines: {msg:?}"
    );
    prop_assert!(!msg.is_empty(), "{what}: empty error message");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------------------------

/// Tokens that break or bend JSON and TOML in interesting ways.
pub const NASTY: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "\"",
    ",",
    ":",
    "=",
    "\\",
    "\\u0000",
    "\u{0}",
    "\\ud800",
    "\\udc00\\ud800",
    "\u{202e}",
    "\u{feff}",
    "é",
    "\u{1F600}",
    "\n",
    "\r\n",
    "\t",
    "null",
    "true",
    "-0",
    "-1",
    "1e400",
    "-1e400",
    "1e-400",
    "NaN",
    "Infinity",
    "-inf",
    "nan",
    "18446744073709551616",
    "-9223372036854775809",
    "99999999999999999999999999999999999999",
    "0.0000000000000000000001",
    "1.5",
    "\"\"",
    "\"a\\nb\"",
    "[]",
    "{}",
    "[[",
    "]]",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    "#",
    "'",
    "'''",
    "\"\"\"",
    "1979-05-27T07:32:00Z",
    "0x10",
    "+1",
];

/// Replacements for a number: strings, out-of-range values, negative and NaN-like values.
pub const NUMBER_REPLACEMENTS: &[&str] = &[
    "\"200000\"",
    "\"\"",
    "\"NaN\"",
    "null",
    "true",
    "[]",
    "{}",
    "-1",
    "-0",
    "0",
    "0.5",
    "1e308",
    "1e309",
    "-1e309",
    "1e15",
    "1e16",
    "18446744073709551615",
    "18446744073709551616",
    "340282366920938463463374607431768211456",
    "-9223372036854775808",
    "4294967296",
    "1.0000000000000002",
    "2.5e-324",
];

/// Pieces of string values: shapes of model ids, usagetypes and quota names, plus multi-byte text.
pub const PIECES: &[&str] = &[
    "",
    "-",
    ".",
    ":",
    "/",
    " ",
    "USE1",
    "EUC1",
    "APN1",
    "input",
    "output",
    "tokens",
    "token-count",
    "batch",
    "cache-read",
    "cache-write",
    "cross-region",
    "global",
    "latency-optimized",
    "flex",
    "priority",
    "ProvisionedThroughput",
    "1-month",
    "Claude",
    "Nova",
    "Pro",
    " Latency Optimized",
    " (Amazon Bedrock Edition)",
    "anthropic",
    "claude-3-haiku-20240307-v1:0",
    "us.",
    "eu.",
    "global.",
    "bedrock/",
    "converse/",
    "us-east-1/",
    "1-month-commitment/",
    ":200k",
    ":28k",
    "On-demand ",
    "Cross-region ",
    "model inference ",
    "requests per minute for ",
    "tokens per minute for ",
    "tokens per day for ",
    "1M Context Length ",
    " context length variant for ",
    "é",
    "ü-",
    "日本",
    "\u{1F600}",
    "\u{0}",
    "\u{200b}",
    "\n",
    "\"",
    "\\",
    "0",
    "00000000000000000000001",
    "1e400",
    "-5",
    "NaN",
];

pub fn piece_string() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::collection::vec(prop::sample::select(PIECES), 0..8).prop_map(|v| v.concat()),
        1 => any::<String>(),
    ]
}

#[derive(Debug, Clone)]
pub enum Op {
    /// Keep only the first part.
    Truncate(Index),
    /// Flip one bit of one byte.
    Flip(Index, u8),
    /// Overwrite one byte.
    SetByte(Index, u8),
    /// Insert a nasty token.
    Insert(Index, &'static str),
    /// Delete a run of bytes.
    Delete(Index, usize),
    /// Duplicate a run of bytes after itself.
    Duplicate(Index, usize),
    /// Replace the n-th number with another value.
    Number(Index, &'static str),
    /// Replace the contents of the n-th string with another string.
    Str(Index, String),
    /// Insert `depth` opening brackets or braces, optionally closed again.
    Nest(Index, usize, bool, bool),
    /// Insert raw bytes (often invalid UTF-8).
    Raw(Index, Vec<u8>),
}

pub fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        1 => any::<Index>().prop_map(Op::Truncate),
        3 => (any::<Index>(), 0u8..8).prop_map(|(i, b)| Op::Flip(i, b)),
        1 => (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Op::SetByte(i, b)),
        3 => (any::<Index>(), prop::sample::select(NASTY)).prop_map(|(i, t)| Op::Insert(i, t)),
        1 => (any::<Index>(), 1usize..64).prop_map(|(i, n)| Op::Delete(i, n)),
        1 => (any::<Index>(), 1usize..256).prop_map(|(i, n)| Op::Duplicate(i, n)),
        3 => (any::<Index>(), prop::sample::select(NUMBER_REPLACEMENTS))
            .prop_map(|(i, t)| Op::Number(i, t)),
        4 => (any::<Index>(), piece_string()).prop_map(|(i, s)| Op::Str(i, s)),
        1 => (any::<Index>(), prop_oneof![1usize..200, Just(127), Just(128), Just(129), Just(10_000)], any::<bool>(), any::<bool>())
            .prop_map(|(i, d, obj, close)| Op::Nest(i, d, obj, close)),
        1 => (any::<Index>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(i, b)| Op::Raw(i, b)),
    ]
}

pub fn ops() -> impl Strategy<Value = Vec<Op>> {
    prop::collection::vec(op(), 1..6)
}

/// Byte ranges of the contents of every JSON string (between the quotes).
pub fn string_spans(b: &[u8]) -> Vec<(usize, usize)> {
    let mut out = vec![];
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'"' {
            let start = i + 1;
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            out.push((start, i.min(b.len())));
        }
        i += 1;
    }
    out
}

/// Byte ranges of every number outside strings.
pub fn number_spans(b: &[u8]) -> Vec<(usize, usize)> {
    let strings = string_spans(b);
    let in_string = |i: usize| strings.iter().any(|&(s, e)| i >= s && i < e);
    let mut out = vec![];
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if (c.is_ascii_digit() || c == b'-') && !in_string(i) {
            let start = i;
            while i < b.len() && matches!(b[i], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') {
                i += 1;
            }
            out.push((start, i));
        } else {
            i += 1;
        }
    }
    out
}

pub fn apply(seed: &[u8], ops: &[Op]) -> Vec<u8> {
    let mut b = seed.to_vec();
    for op in ops {
        let at = |i: &Index, len: usize| if len == 0 { 0 } else { i.index(len + 1) };
        match op {
            Op::Truncate(i) => {
                let n = at(i, b.len());
                b.truncate(n);
            }
            Op::Flip(i, bit) if !b.is_empty() => {
                let n = i.index(b.len());
                b[n] ^= 1 << bit;
            }
            Op::SetByte(i, v) if !b.is_empty() => {
                let n = i.index(b.len());
                b[n] = *v;
            }
            Op::Insert(i, t) => {
                let n = at(i, b.len());
                b.splice(n..n, t.bytes());
            }
            Op::Delete(i, len) => {
                let n = at(i, b.len());
                let end = (n + len).min(b.len());
                b.drain(n..end);
            }
            Op::Duplicate(i, len) => {
                let n = at(i, b.len());
                let end = (n + len).min(b.len());
                let part = b[n..end].to_vec();
                b.splice(end..end, part);
            }
            Op::Number(i, t) => {
                let spans = number_spans(&b);
                if !spans.is_empty() {
                    let (s, e) = spans[i.index(spans.len())];
                    b.splice(s..e, t.bytes());
                }
            }
            Op::Str(i, s) => {
                let spans = string_spans(&b);
                if !spans.is_empty() {
                    let (start, end) = spans[i.index(spans.len())];
                    // JSON-escaped, without the quotes serde_json adds.
                    let escaped = serde_json::to_string(s).unwrap();
                    let escaped = &escaped[1..escaped.len() - 1];
                    b.splice(start..end, escaped.bytes());
                }
            }
            Op::Nest(i, depth, obj, close) => {
                let n = at(i, b.len());
                let (open, shut): (&[u8], &[u8]) = if *obj {
                    (b"{\"a\":", b"}")
                } else {
                    (b"[", b"]")
                };
                let mut ins = open.repeat(*depth);
                ins.extend_from_slice(b"1");
                if *close {
                    ins.extend(shut.repeat(*depth));
                }
                b.splice(n..n, ins);
            }
            Op::Raw(i, bytes) => {
                let n = at(i, b.len());
                b.splice(n..n, bytes.iter().copied());
            }
            _ => {}
        }
    }
    b
}

/// Random bytes, sometimes JSON-ish.
pub fn junk() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        2 => prop::collection::vec(any::<u8>(), 0..512),
        2 => prop::collection::vec(
            prop::sample::select(b"{}[]\":,0123456789.-eE+ \\nultrfase\x00\xff".to_vec()), 0..512),
        1 => prop::collection::vec(prop::sample::select(NASTY), 0..64)
            .prop_map(|v| v.concat().into_bytes()),
    ]
}
