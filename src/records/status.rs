//! How a call chain or a file source ended: ok, or one of the failure kinds the catalogue's
//! metadata reports, with the message and an operator hint. Sources make these; phases read them.

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
