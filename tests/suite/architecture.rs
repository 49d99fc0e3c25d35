//! The shape of `src/`: the import graph has no circles, sources never import phases, no file
//! holds more than 700 lines before its tests, and no function outside the tests is longer than
//! 120 lines. Read from the source text, so a change that breaks one of these fails here with the
//! modules (or functions) named.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_LINES_BEFORE_TESTS: usize = 700;

/// Every module under `src/` (`phases::pricing::offer`) with its file, tests excluded.
fn modules() -> BTreeMap<String, PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    let mut mods = BTreeMap::new();
    for f in files {
        let rel = f.strip_prefix(&src).unwrap().with_extension("");
        let mut parts: Vec<String> = rel
            .iter()
            .map(|s| s.to_string_lossy().into_owned())
            .collect();
        if parts.last().is_some_and(|l| l == "mod") {
            parts.pop();
        }
        let name = parts.join("::");
        if matches!(name.as_str(), "lib" | "main") || parts.last().is_some_and(|l| l == "tests") {
            continue;
        }
        mods.insert(name, f);
    }
    mods
}

/// The text of a file before its `#[cfg(test)]` module.
fn before_tests(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    match text.find("#[cfg(test)]\nmod tests {") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Paths named in the code (not in comments): `crate::a::b`, `super::x::y`.
fn paths(text: &str) -> Vec<(bool, Vec<String>)> {
    let mut out = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        for (kw, is_crate) in [("crate::", true), ("super::", false)] {
            let mut rest = code;
            while let Some(i) = rest.find(kw) {
                let before = rest[..i].chars().last();
                rest = &rest[i + kw.len()..];
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let mut segs = Vec::new();
                let mut s = rest;
                loop {
                    let end = s
                        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .unwrap_or(s.len());
                    if end == 0 {
                        break;
                    }
                    segs.push(s[..end].to_string());
                    s = &s[end..];
                    match s.strip_prefix("::") {
                        Some(t) => s = t,
                        None => break,
                    }
                }
                // `use super::{a, b}` and `use crate::x::{a, b}`: each member is a path of its own.
                if let Some(group) = s.strip_prefix('{') {
                    let group = group.split('}').next().unwrap_or("");
                    for member in group.split(',') {
                        let m = member.trim().split("::").next().unwrap_or("").trim();
                        if !m.is_empty() {
                            let mut p = segs.clone();
                            p.push(m.to_string());
                            out.push((is_crate, p));
                        }
                    }
                }
                out.push((is_crate, segs));
            }
        }
    }
    out
}

/// Module -> the modules it imports (the longest module prefix of each path it names).
fn import_graph() -> BTreeMap<String, BTreeSet<String>> {
    let mods = modules();
    let mut graph = BTreeMap::new();
    for (name, file) in &mods {
        let mut deps = BTreeSet::new();
        let parent: Vec<String> = {
            let mut p: Vec<String> = name.split("::").map(str::to_string).collect();
            p.pop();
            p
        };
        for (is_crate, segs) in paths(&before_tests(file)) {
            // `super` of `a::b::c` is `a::b`, whether c is `c.rs` or `c/mod.rs`.
            let full: Vec<String> = if is_crate {
                segs
            } else {
                parent.iter().cloned().chain(segs).collect()
            };
            for k in (1..=full.len()).rev() {
                let cand = full[..k].join("::");
                if mods.contains_key(&cand) {
                    if &cand != name {
                        deps.insert(cand);
                    }
                    break;
                }
            }
        }
        graph.insert(name.clone(), deps);
    }
    graph
}

/// One circle found by a depth-first search, as `a -> b -> a`.
fn find_circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn dfs(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_string(), 1);
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next.as_str()) {
                Some(1) => {
                    let start = stack.iter().position(|s| s == next).unwrap();
                    let mut circle = stack[start..].to_vec();
                    circle.push(next.clone());
                    return Some(circle);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = dfs(next, graph, state, stack) {
                        return Some(c);
                    }
                }
            }
        }
        stack.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if !state.contains_key(node) {
            let mut stack = Vec::new();
            if let Some(c) = dfs(node, graph, &mut state, &mut stack) {
                return Some(c);
            }
        }
    }
    None
}

#[test]
fn the_import_graph_has_no_circles() {
    let graph = import_graph();
    assert!(graph.len() > 40, "read {} modules", graph.len());
    // The graph is read right: a known edge is there.
    assert!(graph["sources::price_list"].contains("records::price_list"));
    if let Some(circle) = find_circle(&graph) {
        panic!("import circle: {}", circle.join(" -> "));
    }
}

#[test]
fn the_circle_finder_finds_circles() {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.insert("a".into(), ["b".to_string()].into());
    g.insert("b".into(), ["c".to_string()].into());
    g.insert("c".into(), ["a".to_string()].into());
    assert_eq!(find_circle(&g).unwrap(), ["a", "b", "c", "a"]);
    g.insert("c".into(), BTreeSet::new());
    assert_eq!(find_circle(&g), None);
}

#[test]
fn sources_never_import_phases() {
    let graph = import_graph();
    let bad: Vec<String> = graph
        .iter()
        .filter(|(m, _)| m.starts_with("sources"))
        .flat_map(|(m, deps)| {
            deps.iter()
                .filter(|d| d.starts_with("phases") || d.as_str() == "run" || d.as_str() == "show")
                .map(move |d| format!("{m} -> {d}"))
        })
        .collect();
    assert!(
        bad.is_empty(),
        "sources import what sits above them: {bad:?}"
    );
}

/// The floors of the house, lowest first: a module imports only from its own floor or below. The
/// raw records sit under everything, the pure phases and the catalogue above them; sources (all
/// I/O in), the configuration and the run's wiring sit above those.
#[test]
fn phases_catalog_and_records_never_import_sources_config_or_run() {
    let graph = import_graph();
    let upstairs = |d: &str| {
        [
            "sources", "config", "run", "cli", "show", "page", "output", "main",
        ]
        .iter()
        .any(|top| d == *top || d.starts_with(&format!("{top}::")))
    };
    let mut bad: Vec<String> = graph
        .iter()
        .filter(|(m, _)| {
            ["phases", "catalog", "records"]
                .iter()
                .any(|floor| m.as_str() == *floor || m.starts_with(&format!("{floor}::")))
        })
        .flat_map(|(m, deps)| {
            deps.iter()
                .filter(|d| upstairs(d))
                .map(move |d| format!("{m} -> {d}"))
        })
        .collect();
    // The raw records sit below the phases and the catalogue too.
    bad.extend(
        graph
            .iter()
            .filter(|(m, _)| m.starts_with("records"))
            .flat_map(|(m, deps)| {
                deps.iter()
                    .filter(|d| d.starts_with("phases") || d.starts_with("catalog"))
                    .map(move |d| format!("{m} -> {d}"))
            }),
    );
    assert!(
        bad.is_empty(),
        "modules import what sits above them: {bad:?}"
    );
}

#[test]
fn no_file_holds_more_than_700_lines_before_its_tests() {
    let too_long: Vec<String> = modules()
        .values()
        .map(|f| (f, before_tests(f).lines().count()))
        .filter(|(_, n)| *n > MAX_LINES_BEFORE_TESTS)
        .map(|(f, n)| format!("{}: {n}", f.display()))
        .collect();
    assert!(
        too_long.is_empty(),
        "over {MAX_LINES_BEFORE_TESTS} lines: {too_long:?}"
    );
}

const MAX_FUNCTION_LINES: usize = 120;

/// Every `.rs` file under `src/`, tests' own files (`tests.rs`) excluded.
fn source_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs")
                && p.file_stem().is_some_and(|s| s != "tests")
            {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    files.sort();
    files
}

/// The length in bytes of the raw string literal (`r"..."`, `br#"..."#`) that `rest` starts with.
fn raw_string_len(rest: &str) -> Option<usize> {
    let after_prefix = rest.strip_prefix("br").or_else(|| rest.strip_prefix('r'))?;
    let hashes = after_prefix.len() - after_prefix.trim_start_matches('#').len();
    let body = after_prefix[hashes..].strip_prefix('"')?;
    let close = format!("\"{}", "#".repeat(hashes));
    let end = body.find(&close)?;
    Some(rest.len() - body.len() + end + close.len())
}

/// The length in bytes of the character literal (`'{'`, `'\''`, `'\u{7b}'`) that `rest` starts
/// with; `None` for a lifetime (`'a`).
fn char_literal_len(rest: &str) -> Option<usize> {
    let inner = rest.strip_prefix('\'')?;
    if inner.starts_with('\\') {
        return inner[2..].find('\'').map(|i| i + 4);
    }
    let c = inner.chars().next()?;
    inner[c.len_utf8()..]
        .starts_with('\'')
        .then_some(2 + c.len_utf8())
}

/// Rust source with its comments, strings and character literals blanked out (their newlines
/// kept), so that braces and `fn` are read from the code alone.
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let newlines = |s: &str| "\n".repeat(s.matches('\n').count());
    while i < text.len() {
        let rest = &text[i..];
        let after_ident = text[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_');
        let skip = if rest.starts_with("//") {
            rest.find('\n').unwrap_or(rest.len())
        } else if rest.starts_with("/*") {
            let mut depth = 0;
            let mut j = 0;
            while j < rest.len() {
                if rest[j..].starts_with("/*") {
                    depth += 1;
                    j += 2;
                } else if rest[j..].starts_with("*/") {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += rest[j..].chars().next().map_or(1, char::len_utf8);
                }
            }
            j
        } else if let Some(n) = raw_string_len(rest).filter(|_| !after_ident) {
            n
        } else if rest.starts_with('"') {
            let bytes = rest.as_bytes();
            let mut j = 1;
            while j < bytes.len() && bytes[j] != b'"' {
                j += if bytes[j] == b'\\' { 2 } else { 1 };
            }
            j + 1
        } else if let Some(n) = char_literal_len(rest) {
            n
        } else {
            let c = rest.chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
            continue;
        };
        let skip = skip.min(rest.len());
        out.push_str(&newlines(&rest[..skip]));
        i += skip;
    }
    out
}

/// The byte index of the brace that closes the block opened at `open`.
fn closing_brace(code: &str, open: usize) -> usize {
    let mut depth = 0;
    for (i, b) in code.bytes().enumerate().skip(open) {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    code.len()
}

/// Where the item after `from` has its body: the byte range of its braces, or `None` when a `;`
/// ends it first (a declaration without a body).
fn body_after(code: &str, from: usize) -> Option<(usize, usize)> {
    let mut depth = 0i32;
    for (i, b) in code.bytes().enumerate().skip(from) {
        match b {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth -= 1,
            b';' if depth <= 0 => return None,
            b'{' if depth <= 0 => return Some((i, closing_brace(code, i))),
            _ => {}
        }
    }
    None
}

/// Every function with a body in `text` outside `#[cfg(test)]` items: (name, first line, lines
/// from its `fn` line to its closing brace).
fn function_lengths(text: &str) -> Vec<(String, usize, usize)> {
    let code = code_only(text);
    let line_of = |at: usize| code[..at].matches('\n').count() + 1;
    let test_items: Vec<(usize, usize)> = code
        .match_indices("#[cfg(test)]")
        .filter_map(|(at, _)| body_after(&code, at))
        .collect();
    let mut out = Vec::new();
    for (at, _) in code.match_indices("fn ") {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_')
            || test_items.iter().any(|(a, b)| (*a..=*b).contains(&at))
        {
            continue;
        }
        let name: String = code[at + 3..]
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() {
            continue;
        }
        if let Some((_, close)) = body_after(&code, at) {
            out.push((name, line_of(at), line_of(close) - line_of(at) + 1));
        }
    }
    out
}

#[test]
fn no_function_in_src_is_longer_than_120_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut long = Vec::new();
    let mut read = 0;
    for file in source_files() {
        let shown = file.strip_prefix(root).unwrap().display().to_string();
        for (name, line, n) in function_lengths(&std::fs::read_to_string(&file).unwrap()) {
            read += 1;
            if n > MAX_FUNCTION_LINES {
                long.push(format!("{shown}:{line} {name}: {n}"));
            }
        }
    }
    // The reading is right: there are hundreds of functions.
    assert!(read > 500, "read {read} functions");
    assert!(
        long.is_empty(),
        "over {MAX_FUNCTION_LINES} lines (split them into named steps): {long:?}"
    );
}

#[test]
fn the_function_reader_counts_code_not_comments_strings_or_tests() {
    let body = |n: usize| "    let x = 1;\n".repeat(n);
    let text = format!(
        "/// fn doc() {{\npub(crate) fn long(a: [u8; 2]) -> Option<()> {{\n{}}}\n\
         fn tricky() {{\n    let s = \"}} fn fake() {{\";\n    let r = r#\"}}\"#;\n    let c = '{{';\n    let e = '\\'';\n    /* }} /* nested }} */ */\n    // }}\n    f::<'static>(|| {{}});\n}}\n\
         trait T {{\n    fn declared(&self);\n}}\n\
         #[cfg(test)]\nmod tests {{\n    fn in_tests() {{\n{}    }}\n}}\n",
        body(119),
        body(200)
    );
    let found = function_lengths(&text);
    assert_eq!(
        found,
        [("long".to_string(), 2, 121), ("tricky".to_string(), 123, 9)]
    );
}
