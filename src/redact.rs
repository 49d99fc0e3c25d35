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

/// A message as the run writes it: on one line, cut at [`MAX_MESSAGE_CHARS`] characters (with
/// `...`), and with account ids inside ARNs redacted when `--redact-account-id` is in effect.
pub fn message(text: &str) -> String {
    let mut line = one_line(text);
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

/// `bytes` with every registered credential replaced by `** redacted **`, and with
/// `--redact-account-id` the account id of every ARN in them.
pub fn scrub(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let secrets = SECRETS.lock().unwrap_or_else(|e| e.into_inner());
    let text = String::from_utf8_lossy(bytes);
    let arns = hiding_account_ids() && text.contains("arn:");
    if !arns && !secrets.iter().any(|s| text.contains(s.as_str())) {
        return std::borrow::Cow::Borrowed(bytes);
    }
    let mut text = if arns {
        account_ids_in_arns(&text, REDACTED_ACCOUNT)
    } else {
        text.into_owned()
    };
    for s in secrets.iter() {
        text = text.replace(s.as_str(), "** redacted **");
    }
    std::borrow::Cow::Owned(text.into_bytes())
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
