//! Why a run produced no catalogue, what a finished run reports, and the exit codes.

use crate::files::WriteError;
use crate::phases::token_specs::SpecError;
use crate::records::Failure;
use crate::sources::credentials::CredentialsError;
use crate::sources::snapshot::SnapshotError;

/// A run that could not produce a catalogue. Each variant reads as one sentence for the user and
/// maps to one exit code ([`RunError::exit_code`]).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// A path the run would write can never be written; found before any request.
    #[error(transparent)]
    Preflight(#[from] crate::preflight::PreflightError),
    #[error(transparent)]
    Corrections(#[from] CorrectionsError),
    /// No usable credentials: the sentence names the cause and its fix. Boxed: the other
    /// variants are small, and every `Result` of the run carries this one's size.
    #[error(transparent)]
    Credentials(Box<CredentialsError>),
    /// An HTTP client of the run could not be built (its TLS roots, say).
    #[error("cannot build the HTTP client for {client}: {source}")]
    HttpClient {
        client: HttpClientFor,
        source: reqwest::Error,
    },
    #[error(transparent)]
    Snapshot(#[from] SnapshotError),
    /// No region listed its models: there is nothing to publish.
    #[error(transparent)]
    NothingToPublish(#[from] NothingToPublish),
    #[error("a task of the run failed: {0}")]
    Task(#[from] tokio::task::JoinError),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error("cannot write the catalogue to standard output: {0}")]
    Stdout(std::io::Error),
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
    /// Another run holds the output's lock.
    #[error(transparent)]
    Locked(#[from] crate::files::LockError),
}

/// The HTTP clients a run builds besides the SDK's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpClientFor {
    /// The Price List's and LiteLLM's files.
    Files,
    /// Mantle's model lists.
    Mantle,
}

impl std::fmt::Display for HttpClientFor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            HttpClientFor::Files => "the file downloads (Price List, LiteLLM)",
            HttpClientFor::Mantle => "Mantle",
        })
    }
}

/// Why a run in which no region listed its models has nothing to publish.
#[derive(Debug, thiserror::Error)]
pub enum NothingToPublish {
    #[error("no region was queried")]
    NoRegion,
    /// Every region rejected the credentials: they are wrong (an unusable region list would be a
    /// different mistake), so say that rather than "not opted in" everywhere.
    #[error(
        "every region rejected the AWS credentials ({}); they are invalid or expired, or belong to another partition",
        .first.message
    )]
    CredentialsRejected { first: Failure },
    #[error(
        "ListFoundationModels failed in every region, so there is nothing to publish; the first failure: {}",
        .first.message
    )]
    EveryRegionFailed { first: Failure },
}

impl RunError {
    /// Configuration mistakes are usage errors (2); everything else produced nothing (1).
    pub fn exit_code(&self) -> u8 {
        match self {
            RunError::Preflight(_) | RunError::Corrections(_) => exit::USAGE,
            RunError::Locked(crate::files::LockError::Held { .. }) => exit::LOCKED,
            _ => exit::FAILED,
        }
    }
}

/// Why the corrections could not be loaded: a configuration error, before any request.
#[derive(Debug, thiserror::Error)]
pub enum CorrectionsError {
    #[error("the corrections file {location} is {size} bytes; it is at most {max}")]
    TooLarge {
        location: String,
        size: u64,
        max: u64,
    },
    #[error("cannot read the corrections file {location}: {source}")]
    Read {
        location: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Invalid(#[from] SpecError),
}

/// What a finished run wrote and how complete it was.
#[derive(Debug)]
pub struct RunReport {
    pub exit_code: u8,
}

/// Process exit codes (also in `--help` and the README).
pub mod exit {
    pub const COMPLETE: u8 = 0;
    pub const FAILED: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const PARTIAL: u8 = 3;
    pub const CHANGES: u8 = 4;
    /// Another run was writing the same output (see `--lock-wait`); nothing was done.
    pub const LOCKED: u8 = 5;
}
