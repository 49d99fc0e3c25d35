//! Redaction: credentials scrubbed from every log line, and account ids from published ARNs and,
//! with `--redact-account-id`, from every message and log line.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// What `--redact-account-id` puts in place of an account id.
pub const REDACTED_ACCOUNT: &str = "000000000000";

/// Whether account ids inside ARNs are hidden from messages and log lines (`--redact-account-id`).
static HIDE_ACCOUNT_IDS: AtomicBool = AtomicBool::new(false);

/// Switches on (or off) the redaction of account ids in every message made from now on and every
/// log line. Called once, before the first request.
pub fn hide_account_ids(on: bool) {
    HIDE_ACCOUNT_IDS.store(on, Ordering::SeqCst);
}

/// Whether `--redact-account-id` is in effect for this process.
pub fn hiding_account_ids() -> bool {
    HIDE_ACCOUNT_IDS.load(Ordering::SeqCst)
}

/// The longest message the run writes about one failure (status messages, log lines).
pub const MAX_MESSAGE_CHARS: usize = 300;

/// Text collapsed onto one line: runs of white space (newlines included) become one space.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A message as the run writes it: on one line, without credentials (see [`credentials`]), cut
/// at [`MAX_MESSAGE_CHARS`] characters (with `...`), and with account ids inside ARNs redacted
/// when `--redact-account-id` is in effect. Every failure message of the run is made here, so the
/// catalogue, its backup, the record, the change log and the summary never hold a credential.
pub fn message(text: &str) -> String {
    let mut line = credentials(&one_line(text));
    if hiding_account_ids() {
        line = account_ids_in_arns(&line, REDACTED_ACCOUNT);
    }
    if line.chars().count() > MAX_MESSAGE_CHARS {
        line = line.chars().take(MAX_MESSAGE_CHARS - 3).collect::<String>() + "...";
    }
    line
}

/// `text` with the 12-digit account id of every ARN in it (`arn:PARTITION:SERVICE:REGION:ACCOUNT:`,
/// the region possibly empty, as in IAM and STS ARNs) replaced by `replacement`.
pub fn account_ids_in_arns(text: &str, replacement: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("arn:") {
        out.push_str(&rest[..at]);
        let arn = &rest[at..];
        // arn : partition : service : region : account : ...
        let mut fields = arn.splitn(6, ':');
        let account_start = fields.by_ref().take(4).try_fold(0usize, |len, f| {
            let ok = f.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
            ok.then_some(len + f.len() + 1)
        });
        let account = fields.next().unwrap_or("");
        let resource = fields.next();
        match account_start {
            Some(start)
                if account.len() == 12
                    && account.bytes().all(|b| b.is_ascii_digit())
                    && resource.is_some() =>
            {
                out.push_str(&arn[..start]);
                out.push_str(replacement);
                rest = &arn[start + 12..];
            }
            _ => {
                out.push_str("arn:");
                rest = &arn[4..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Credentials seen in this process; every log line is scrubbed of them before it is written.
static SECRETS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Shorter values are not credentials AWS issues (access key ids have 16 or more characters) and
/// would blank out ordinary words: a test's secret "y" must not redact every "y" in the logs.
const MIN_SECRET_LEN: usize = 8;

/// Registers credential values that must never be written (ignores ones too short to be real).
pub fn register(values: &[&str]) {
    let mut secrets = SECRETS.lock().unwrap_or_else(|e| e.into_inner());
    for v in values {
        if v.len() >= MIN_SECRET_LEN && !secrets.iter().any(|s| s == v) {
            secrets.push(v.to_string());
        }
    }
}

/// What a credential is replaced with.
const REDACTED: &str = "** redacted **";

/// `bytes` (a log line) with every credential replaced by `** redacted **` (see
/// [`credentials`]), and with `--redact-account-id` the account id of every ARN in them.
pub fn scrub(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let text = String::from_utf8_lossy(bytes);
    let arns = hiding_account_ids() && text.contains("arn:");
    let clean = credentials(&text);
    if !arns && clean == text {
        return std::borrow::Cow::Borrowed(bytes);
    }
    let text = if arns {
        account_ids_in_arns(&clean, REDACTED_ACCOUNT)
    } else {
        clean
    };
    std::borrow::Cow::Owned(text.into_bytes())
}

/// Header and variable names whose value is a credential, in lower case. A value after one of
/// them (after `:`, `=`, quotes or spaces) is redacted, whatever it is.
const SECRET_KEYS: &[&str] = &[
    "x-amz-security-token",
    "authorization",
    "x-amz-credential",
    "x-amz-signature",
    "aws_secret_access_key",
    "aws_session_token",
    "aws_access_key_id",
    "aws_bearer_token_bedrock",
    "secretaccesskey",
    "sessiontoken",
];

/// `text` without credentials: every value registered with [`register`] (the run's own keys),
/// the value after any of [`SECRET_KEYS`] (an echoed `Authorization` or `X-Amz-Security-Token`
/// header, say), AWS access key ids (`AKIA`/`ASIA` and 16 more) and Bedrock API keys
/// (`bedrock-api-key-...`), each replaced by `** redacted **`.
pub fn credentials(text: &str) -> String {
    let mut out = text.to_string();
    {
        let secrets = SECRETS.lock().unwrap_or_else(|e| e.into_inner());
        for s in secrets.iter() {
            if out.contains(s.as_str()) {
                out = out.replace(s.as_str(), REDACTED);
            }
        }
    }
    let out = after_secret_keys(&out);
    replace_words(&out, |w| {
        w.starts_with("bedrock-api-key-") || is_access_key_id(w)
    })
}

/// An AWS access key id: `AKIA` (long-term) or `ASIA` (temporary) and 16 upper-case letters or
/// digits.
fn is_access_key_id(word: &str) -> bool {
    word.len() == 20
        && (word.starts_with("AKIA") || word.starts_with("ASIA"))
        && word
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// Characters that can be part of a credential token (base64, URL-safe base64, `%`-encoding).
fn token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "+/=-_%.~".contains(c)
}

/// `text` with every maximal run of [`token_char`]s for which `secret` holds redacted.
fn replace_words(text: &str, secret: impl Fn(&str) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word_start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (token_char(c) && i < text.len(), word_start) {
            (true, None) => word_start = Some(i),
            (false, Some(start)) => {
                let word = &text[start..i];
                out.push_str(if secret(word) { REDACTED } else { word });
                word_start = None;
                if i < text.len() {
                    out.push(c);
                }
            }
            (false, None) if i < text.len() => out.push(c),
            _ => {}
        }
    }
    out
}

/// `text` with the value after each of [`SECRET_KEYS`] redacted. A value is the next token; an
/// `Authorization` value that starts with a scheme (`AWS4-HMAC-SHA256`, `Bearer`, ...) runs to
/// its `Signature=` and the hex after it, else to the next quote or the end of the text.
fn after_secret_keys(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while let Some((key_start, key)) = SECRET_KEYS
        .iter()
        .filter_map(|k| lower[at..].find(k).map(|i| (at + i, *k)))
        .min()
    {
        let after_key = key_start + key.len();
        let value_start = after_key
            + text[after_key..]
                .find(|c: char| !matches!(c, ' ' | ':' | '=' | '"' | '\'' | '\\'))
                .unwrap_or(text.len() - after_key);
        // Only a key followed by `:` or `=`: `Authorization` in a sentence is not a header.
        let separator = &text[after_key..value_start];
        if !separator.contains([':', '=']) || value_start >= text.len() {
            out.push_str(&text[at..after_key]);
            at = after_key;
            continue;
        }
        let len = value_len(&text[value_start..]);
        // Nothing to redact (already redacted, say).
        if len == 0 {
            out.push_str(&text[at..value_start]);
            at = value_start;
            continue;
        }
        let value_end = value_start + len;
        out.push_str(&text[at..value_start]);
        out.push_str(REDACTED);
        at = value_end;
    }
    out.push_str(&text[at..]);
    out
}

/// Length of the credential value at the start of `rest` (see [`after_secret_keys`]).
fn value_len(rest: &str) -> usize {
    let token = rest.find(|c: char| !token_char(c)).unwrap_or(rest.len());
    let scheme = &rest[..token];
    let schemed = scheme.starts_with("AWS4-") || ["Bearer", "Basic"].contains(&scheme);
    if !schemed {
        return token;
    }
    let stop = rest.find(['"', '\'', '}']).unwrap_or(rest.len());
    match rest[..stop].find("Signature=") {
        Some(sig) => {
            let hex = rest[sig + 10..]
                .find(|c: char| !c.is_ascii_hexdigit())
                .unwrap_or(rest.len() - sig - 10);
            sig + 10 + hex
        }
        None if scheme == "Bearer" || scheme == "Basic" => {
            let after = rest[token..]
                .find(|c: char| c != ' ')
                .map_or(rest.len(), |i| token + i);
            after
                + rest[after..]
                    .find(|c: char| !token_char(c))
                    .unwrap_or(rest.len() - after)
        }
        None => stop,
    }
}

/// Replaces the account id in a quota ARN (`arn:aws:servicequotas:us-east-1:123456789012:bedrock/L-...`)
/// with `replacement`, for catalogues that are published. Other strings are returned unchanged.
pub fn redact_account_id(arn: &str, replacement: &str) -> String {
    let fields: Vec<&str> = arn.splitn(6, ':').collect();
    match fields.as_slice() {
        ["arn", partition, service, region, account, resource] if !account.is_empty() => {
            format!("arn:{partition}:{service}:{region}:{replacement}:{resource}")
        }
        _ => arn.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_credentials_are_scrubbed() {
        register(&["AKIDSCRUBTEST1", "", "y"]);
        assert_eq!(
            scrub(b"access_key_id: \"AKIDSCRUBTEST1\", x").as_ref(),
            b"access_key_id: \"** redacted **\", x"
        );
        assert!(matches!(
            scrub(b"nothing here"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    /// An error body that echoes the request's headers keeps none of their values.
    #[test]
    fn echoed_headers_and_key_shapes_are_redacted() {
        let said = "User is not authorized; request headers: X-Amz-Security-Token: \
                    IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ==, Authorization: \
                    AWS4-HMAC-SHA256 Credential=ASIAY34FZKBOKMUTVV7A/20261206/us-east-1/bedrock/\
                    aws4_request, SignedHeaders=host;x-amz-date, Signature=\
                    0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef. Done";
        let out = credentials(said);
        assert_eq!(
            out,
            "User is not authorized; request headers: X-Amz-Security-Token: ** redacted **, \
             Authorization: ** redacted **. Done"
        );
        assert_eq!(
            credentials("{\"authorization\": \"Bearer bedrock-api-key-YmVkcm9jaw==\", \"n\": 1}"),
            "{\"authorization\": \"** redacted **\", \"n\": 1}"
        );
        assert_eq!(
            credentials("key AKIAIOSFODNN7EXAMPLE and bedrock-api-key-abc%3D&x"),
            "key ** redacted ** and ** redacted **&x"
        );
        // Words that only look like the keys stay.
        for unchanged in [
            "no Authorization header was sent",
            "AKIA is a prefix",
            "authorization",
        ] {
            assert_eq!(credentials(unchanged), unchanged);
        }
    }

    #[test]
    fn redact_account_id_replaces_only_the_account() {
        assert_eq!(
            redact_account_id(
                "arn:aws:servicequotas:us-east-1:146039528711:bedrock/L-2B715ABD",
                "000000000000"
            ),
            "arn:aws:servicequotas:us-east-1:000000000000:bedrock/L-2B715ABD"
        );
        assert_eq!(redact_account_id("not an arn", "x"), "not an arn");
    }

    #[test]
    fn account_ids_inside_arns_in_any_text_are_replaced() {
        let said = "User: arn:aws:sts::123456789012:assumed-role/ci-role/session is not authorized \
                    to perform: servicequotas:ListServiceQuotas on resource: \
                    arn:aws:servicequotas:us-east-1:123456789012:bedrock/*";
        let out = account_ids_in_arns(said, REDACTED_ACCOUNT);
        assert!(!out.contains("123456789012"), "{out}");
        assert!(out.contains("arn:aws:sts::000000000000:assumed-role/ci-role/session"));
        assert!(out.contains("arn:aws:servicequotas:us-east-1:000000000000:bedrock/*"));
        // Not an account id: too short, not digits, or not in the account field.
        for unchanged in [
            "arn:aws:iam::12345:user/x",
            "arn:aws:s3:::bucket-123456789012",
            "see arn: nothing",
            "123456789012 alone",
            "arn:aws:bedrock:us-east-1::foundation-model/x:123456789012:",
        ] {
            assert_eq!(account_ids_in_arns(unchanged, "0"), unchanged);
        }
        assert_eq!(
            account_ids_in_arns("arn:aws-cn:iam::123456789012:role/a", "X"),
            "arn:aws-cn:iam::X:role/a"
        );
    }

    #[test]
    fn messages_are_one_line_and_cut() {
        let long = format!("a\n  b {}", "x".repeat(400));
        let m = message(&long);
        assert!(m.starts_with("a b xx"));
        assert_eq!(m.chars().count(), MAX_MESSAGE_CHARS);
        assert!(m.ends_with("..."));
        assert_eq!(message("short"), "short");
    }
}
