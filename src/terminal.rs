//! Text from outside (model names and ids from AWS or LiteLLM, error messages) on its way to a
//! terminal or a log: control characters, bidi overrides and escape sequences are shown escaped
//! (`\u{1b}`), never emitted raw, so that data cannot clear a screen, retitle a window, hide a line
//! behind a carriage return or reverse the text around it. The JSON files keep the data as given.

use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether log lines are coloured: the formatter's own SGR sequences (`ESC [ ... m`) then pass.
static COLOURED_LOGS: AtomicBool = AtomicBool::new(false);

/// Says whether the log formatter colours its lines (set once, when logging starts).
pub fn colour_logs(on: bool) {
    COLOURED_LOGS.store(on, Ordering::SeqCst);
}

/// Characters that change how a terminal shows the text around them: C0 and C1 controls, DEL,
/// and the bidirectional overrides, embeddings, isolates and marks.
fn hostile(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

fn escaped(c: char, out: &mut String) {
    out.push_str(&format!("\\u{{{:x}}}", c as u32));
}

/// Text for a terminal: every hostile character escaped, but line breaks and tabs (the text's
/// own layout) kept.
pub fn text(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| hostile(c) && c != '\n' && c != '\t') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if hostile(c) && c != '\n' && c != '\t' {
            escaped(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// One formatted log event: hostile characters escaped, newlines inside it too (a line is one
/// event); its final newline kept, and the formatter's colour sequences when logs are coloured.
pub fn log_line(line: &[u8]) -> Cow<'_, [u8]> {
    let Ok(s) = std::str::from_utf8(line) else {
        return Cow::Owned(log_line(String::from_utf8_lossy(line).as_bytes()).into_owned());
    };
    let body = s.strip_suffix('\n').unwrap_or(s);
    let colour = COLOURED_LOGS.load(Ordering::Relaxed);
    if !body.chars().any(|c| hostile(c) && c != '\t') {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut rest = body;
    while let Some(c) = rest.chars().next() {
        if c == '\u{1b}'
            && colour
            && let Some(n) = sgr_len(rest)
        {
            out.push_str(&rest[..n]);
            rest = &rest[n..];
            continue;
        }
        if hostile(c) && c != '\t' {
            escaped(c, &mut out);
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    if body.len() < s.len() {
        out.push('\n');
    }
    Cow::Owned(out.into_bytes())
}

/// Length of a colour sequence (`ESC [` digits and `;`, then `m`) at the start of `s`.
fn sgr_len(s: &str) -> Option<usize> {
    let params = s.strip_prefix("\u{1b}[")?;
    let n = params
        .find(|c: char| !c.is_ascii_digit() && c != ';')
        .unwrap_or(params.len());
    params[n..].starts_with('m').then_some(2 + n + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_overrides_are_shown_escaped() {
        let name = "Claude\u{1b}[2J\u{1b}]0;pwned\u{7}\rX\u{202e}gnp.exe";
        assert_eq!(
            text(name),
            "Claude\\u{1b}[2J\\u{1b}]0;pwned\\u{7}\\u{d}X\\u{202e}gnp.exe"
        );
        assert_eq!(text("two\nlines\tand tab"), "two\nlines\tand tab");
        assert!(matches!(text("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_log_line_keeps_its_end_and_only_its_own_colours() {
        colour_logs(false);
        assert_eq!(
            log_line(b"id=a\nb\x1b[31mred\n").as_ref(),
            b"id=a\\u{a}b\\u{1b}[31mred\n"
        );
        colour_logs(true);
        assert_eq!(
            log_line(b"\x1b[2mDEBUG\x1b[0m x\x1b]0;t\x07\n").as_ref(),
            b"\x1b[2mDEBUG\x1b[0m x\\u{1b}]0;t\\u{7}\n"
        );
        colour_logs(false);
        assert!(matches!(log_line(b"plain line\n"), Cow::Borrowed(_)));
    }
}
