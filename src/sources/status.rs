//! The outcome of one API call chain (all pages of one API in one region): ok, or one of the
//! failure kinds the catalogue's metadata reports, with the message and an operator hint.

use serde::{Deserialize, Serialize};

/// How a region/API pair ended. Serialized in snake_case into the catalogue's metadata.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Ok,
    /// The account has not enabled this region (UnrecognizedClientException and the like).
    NotOptedIn,
    /// The endpoint's host name does not resolve: the service is not offered in this region
    /// (Mantle). A fact about the region, not a failure of the run.
    NotOffered,
    AccessDenied,
    /// Still throttled when the retry attempts ran out.
    Throttled,
    Timeout,
    Error,
    /// Not asked for: the source is switched off in the configuration.
    Skipped,
}

impl Status {
    /// Whether this outcome makes the run partial. A region the account has not opted into is a
    /// fact about the account, not a failure of the run.
    pub fn is_failure(self) -> bool {
        !matches!(
            self,
            Status::Ok | Status::NotOptedIn | Status::NotOffered | Status::Skipped
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::NotOptedIn => "not_opted_in",
            Status::NotOffered => "not_offered",
            Status::AccessDenied => "access_denied",
            Status::Throttled => "throttled",
            Status::Timeout => "timeout",
            Status::Error => "error",
            Status::Skipped => "skipped",
        }
    }
}

/// Why a call chain did not complete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Failure {
    pub status: Status,
    /// What the service or the transport said, in one line.
    pub message: String,
    /// What an operator can do about it, when we know (e.g. the IAM action to grant).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Failure {
    /// Every failure message of the run is made here: one line, at most
    /// [`crate::redact::MAX_MESSAGE_CHARS`] characters, account ids redacted when asked.
    pub fn new(status: Status, message: impl Into<String>) -> Self {
        Failure {
            status,
            message: crate::redact::message(&message.into()),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// Error codes that mean "this account cannot use this region" rather than "bad credentials".
/// AWS answers a region that is not enabled with an authentication failure from that region only.
const NOT_OPTED_IN_CODES: &[&str] = &[
    "UnrecognizedClientException",
    "InvalidClientTokenId",
    "OptInRequired",
    "AuthFailure",
    "InvalidSignatureException",
];

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

/// Classifies a service error code (as the SDK extracted it) into a status.
pub fn status_for_code(code: &str) -> Status {
    if NOT_OPTED_IN_CODES.contains(&code) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_map_to_statuses() {
        assert_eq!(
            status_for_code("UnrecognizedClientException"),
            Status::NotOptedIn
        );
        assert_eq!(
            status_for_code("AccessDeniedException"),
            Status::AccessDenied
        );
        assert_eq!(
            status_for_code("TooManyRequestsException"),
            Status::Throttled
        );
        assert_eq!(status_for_code("ExpiredTokenException"), Status::Error);
        assert_eq!(status_for_code("InternalServerException"), Status::Error);
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
