//! The outcome of one API call chain (all pages of one API in one region): ok, or one of the
//! failure kinds the catalogue's metadata reports, with the message and an operator hint.

pub use crate::records::{Failure, Status};

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
