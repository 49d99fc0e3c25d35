//! The run's local inputs (the corrections), the name of LiteLLM's file in a snapshot, and the clock.

use super::error::CorrectionsError;
use crate::phases::assembly::LoadedCorrections;
use crate::phases::token_specs::Corrections;
use aws_sdk_bedrock::primitives::{DateTime, DateTimeFormat};
use std::path::Path;
use std::time::SystemTime;

/// The corrections file is hand-edited and small; a huge one is a mistake, refused before parsing.
pub(super) const MAX_CORRECTIONS_BYTES: u64 = 16 << 20;

/// Name of the LiteLLM database among the file sources (and in a snapshot's `files/`).
pub const LITELLM_FILE: &str = "litellm.json";

/// The corrections file at `path`, or the built-in corrections; with their location and revision.
pub(super) fn load_corrections(path: Option<&Path>) -> Result<LoadedCorrections, CorrectionsError> {
    let Some(path) = path else {
        let location = crate::corrections::BUILT_IN_LOCATION.to_string();
        let bytes = crate::corrections::BUILT_IN.as_bytes();
        let corrections = Corrections::parse(bytes, &location)?;
        return Ok(LoadedCorrections {
            corrections,
            location,
            revision: crate::corrections::built_in_revision(),
        });
    };
    let location = path.display().to_string();
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    if size > MAX_CORRECTIONS_BYTES {
        return Err(CorrectionsError::TooLarge {
            location,
            size,
            max: MAX_CORRECTIONS_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(|source| CorrectionsError::Read {
        location: location.clone(),
        source,
    })?;
    let corrections = Corrections::parse(&bytes, &location)?;
    let revision = crate::corrections::revision(&bytes);
    Ok(LoadedCorrections {
        corrections,
        location,
        revision,
    })
}

/// Current time as RFC 3339 UTC with seconds precision (`2026-11-25T21:04:05Z`).
pub fn now_rfc3339() -> String {
    DateTime::from(SystemTime::now())
        .fmt(DateTimeFormat::DateTime)
        .map(|s| match s.split_once('.') {
            // Drop sub-second digits for stable, readable timestamps.
            Some((secs, _)) => format!("{secs}Z"),
            None => s,
        })
        .unwrap_or_default()
}
