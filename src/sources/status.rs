//! The outcome of one API call chain (all pages of one API in one region): ok, or one of the
//! failure kinds the catalogue's metadata reports, with the message and an operator hint.

pub use crate::records::{Failure, Status};

/// Error codes AWS answers for a region the account has not enabled (an opt-in region): it
/// rejects the credentials there, and only there. The same codes in a region every account has
/// enabled mean the credentials are wrong.
const NOT_OPTED_IN_CODES: &[&str] = &[
    "UnrecognizedClientException",
    "InvalidClientTokenId",
    "OptInRequired",
    "AuthFailure",
];

/// Regions enabled for every account (those launched before March 2019). Every later region is
/// opt-in: an authentication error is read as "not enabled" only there.
const ENABLED_BY_DEFAULT: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ap-south-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-southeast-1",
    "ap-southeast-2",
    "ca-central-1",
    "eu-central-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-north-1",
    "sa-east-1",
];

/// Whether an account must enable `region` before it can use it. Regions outside the commercial
/// partition (GovCloud, China) are never opt-in.
pub fn is_opt_in_region(region: &str) -> bool {
    !ENABLED_BY_DEFAULT.contains(&region)
        && !region.starts_with("us-gov-")
        && !region.starts_with("cn-")
}

const ACCESS_DENIED_CODES: &[&str] = &[
    "AccessDeniedException",
    "AccessDenied",
    "UnauthorizedOperation",
    "NoSuchResourceException",
];

const THROTTLING_CODES: &[&str] = &[
    "ThrottlingException",
    "Throttling",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "SlowDown",
    "LimitExceededException",
];

/// Classifies a service error code (as the SDK extracted it), answered by `region`, into a
/// status. A signature, clock or credential error is never `NotOptedIn`: it is an `Error` whose
/// cause [`credential_problem`] names.
pub fn status_for_code(code: &str, region: &str) -> Status {
    if NOT_OPTED_IN_CODES.contains(&code) && is_opt_in_region(region) {
        Status::NotOptedIn
    } else if ACCESS_DENIED_CODES.contains(&code) {
        Status::AccessDenied
    } else if THROTTLING_CODES.contains(&code) {
        Status::Throttled
    } else if code == "RequestTimeout" || code == "RequestTimeoutException" {
        Status::Timeout
    } else {
        Status::Error
    }
}

/// Codes with which AWS rejects a request's signature or credentials.
const CREDENTIAL_CODES: &[&str] = &[
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "IncompleteSignature",
    "MissingAuthenticationToken",
    "InvalidAccessKeyId",
    "RequestExpired",
    "RequestTimeTooSkewed",
    "UnrecognizedClientException",
    "InvalidClientTokenId",
    "AuthFailure",
];

/// What a credential error (code and AWS's message) says is wrong, as one sentence with its fix;
/// `None` for any other error. A signature that AWS found expired or not yet current names the
/// clock and by how much it is off.
pub fn credential_problem(code: &str, message: &str) -> Option<String> {
    if let Some(skew) = clock_skew_minutes(message) {
        let (minutes, way) = (
            skew.unsigned_abs(),
            if skew > 0 { "behind" } else { "ahead of" },
        );
        return Some(format!(
            "the system clock is {minutes} minute{} {way} AWS's: fix the clock (e.g. NTP)",
            if minutes == 1 { "" } else { "s" }
        ));
    }
    CREDENTIAL_CODES.contains(&code).then(|| {
        format!(
            "AWS rejected the run's credentials ({code}): check that they are valid and current, \
             and that the system clock is right"
        )
    })
}

/// By how many minutes the request's signing time differs from AWS's time (positive: the local
/// clock is behind), from AWS's "Signature expired: T1 is now earlier than T2 (T3 - 5 min.)" or
/// "Signature not yet current: T1 is still later than T2 (T3 + 5 min.)".
fn clock_skew_minutes(message: &str) -> Option<i64> {
    if !message.contains("Signature expired") && !message.contains("Signature not yet current") {
        return None;
    }
    let stamps: Vec<i64> = message
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter_map(amz_date_secs)
        .collect();
    // T1 (the request's), T2 (the bound), T3 (AWS's time).
    let (&signed, &aws) = (stamps.first()?, stamps.get(2)?);
    let minutes = (aws - signed) as f64 / 60.0;
    Some(minutes.round() as i64)
}

/// Unix seconds of a SigV4 date (`20261206T101500Z`).
fn amz_date_secs(word: &str) -> Option<i64> {
    let b = word.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let (d, t) = (&word[..8], &word[9..15]);
    let rfc = format!(
        "{}-{}-{}T{}:{}:{}Z",
        &d[..4],
        &d[4..6],
        &d[6..],
        &t[..2],
        &t[2..4],
        &t[4..]
    );
    aws_smithy_types::DateTime::from_str(&rfc, aws_smithy_types::date_time::Format::DateTime)
        .ok()
        .map(|t| t.secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_map_to_statuses() {
        let status = |code| status_for_code(code, "eu-central-2");
        assert_eq!(status("UnrecognizedClientException"), Status::NotOptedIn);
        assert_eq!(status("AccessDeniedException"), Status::AccessDenied);
        assert_eq!(status("TooManyRequestsException"), Status::Throttled);
        assert_eq!(status("ExpiredTokenException"), Status::Error);
        assert_eq!(status("InternalServerException"), Status::Error);
    }

    /// A bad signature is never a region not enabled; an unknown token is one only in an
    /// opt-in region.
    #[test]
    fn credential_errors_are_not_opted_in_only_in_opt_in_regions() {
        assert_eq!(
            status_for_code("InvalidSignatureException", "me-south-1"),
            Status::Error
        );
        assert_eq!(
            status_for_code("UnrecognizedClientException", "us-east-1"),
            Status::Error
        );
        assert_eq!(
            status_for_code("InvalidClientTokenId", "ap-southeast-7"),
            Status::NotOptedIn
        );
        assert!(credential_problem("UnrecognizedClientException", "invalid").is_some());
        assert_eq!(credential_problem("ValidationException", "bad"), None);
    }

    #[test]
    fn an_expired_signature_names_the_clock_and_its_skew() {
        let behind = "Signature expired: 20261206T101500Z is now earlier than 20261206T102000Z \
                      (20261206T102500Z - 5 min.)";
        assert_eq!(
            credential_problem("InvalidSignatureException", behind).unwrap(),
            "the system clock is 10 minutes behind AWS's: fix the clock (e.g. NTP)"
        );
        let ahead = "Signature not yet current: 20261206T103600Z is still later than \
                     20261206T103000Z (20261206T102500Z + 5 min.)";
        assert_eq!(
            credential_problem("InvalidSignatureException", ahead).unwrap(),
            "the system clock is 11 minutes ahead of AWS's: fix the clock (e.g. NTP)"
        );
    }

    #[test]
    fn only_real_failures_make_a_run_partial() {
        assert!(!Status::Ok.is_failure());
        assert!(!Status::NotOptedIn.is_failure());
        assert!(!Status::NotOffered.is_failure());
        for s in [
            Status::AccessDenied,
            Status::Throttled,
            Status::Timeout,
            Status::Error,
        ] {
            assert!(s.is_failure(), "{s:?}");
        }
    }
}
