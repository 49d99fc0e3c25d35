//! Redaction: credentials scrubbed from every log line, and account ids from published ARNs.

use std::sync::Mutex;

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

/// `bytes` with every registered credential replaced by `** redacted **`.
pub fn scrub(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let secrets = SECRETS.lock().unwrap_or_else(|e| e.into_inner());
    let text = String::from_utf8_lossy(bytes);
    if !secrets.iter().any(|s| text.contains(s.as_str())) {
        return std::borrow::Cow::Borrowed(bytes);
    }
    let mut text = text.into_owned();
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
}
