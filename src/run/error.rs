//! Why a run produced no catalogue, and what a finished run reports.

use crate::catalog::Catalog;

/// A run that could not produce a catalogue: one sentence for the user and the exit code.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct RunError {
    pub message: String,
    pub exit_code: u8,
}

impl RunError {
    pub(super) fn failed(message: impl Into<String>) -> Self {
        RunError {
            message: message.into(),
            exit_code: exit::FAILED,
        }
    }
}

/// What a finished run wrote and how complete it was.
#[derive(Debug)]
pub struct RunReport {
    pub catalog: Catalog,
    pub exit_code: u8,
}

/// Process exit codes (also in `--help` and the README).
pub mod exit {
    pub const COMPLETE: u8 = 0;
    pub const FAILED: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const PARTIAL: u8 = 3;
    pub const CHANGES: u8 = 4;
}
