//! Everything the phases read, gathered from the network or a snapshot, and the run clock.

use super::error::CorrectionsError;
use crate::catalog::SourceStatus;
use crate::phases::pricing::Offer;
use crate::phases::token_specs::Corrections;
use crate::sources::{AwsRaw, FileOutcome};
use aws_sdk_bedrock::primitives::{DateTime, DateTimeFormat};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

/// The corrections file is hand-edited and small; a huge one is a mistake, refused before parsing.
pub(super) const MAX_CORRECTIONS_BYTES: u64 = 16 << 20;

/// What `--redact-account-id` puts in place of the account id in quota ARNs.
pub const REDACTED_ACCOUNT: &str = crate::redact::REDACTED_ACCOUNT;

/// Name of the LiteLLM database among the file sources (and in a snapshot's `files/`).
pub const LITELLM_FILE: &str = "litellm.json";

/// Everything the phases read, from the network or a snapshot.
pub struct Inputs {
    pub aws: AwsRaw,
    pub litellm: FileOutcome,
    /// Price List files by path on the host; `None` when prices are switched off.
    pub price_list: Option<BTreeMap<String, FileOutcome>>,
    /// Those files parsed (as soon as they arrived), and how the source fared.
    pub offers: ParsedOffers,
    pub corrections: LoadedCorrections,
}

/// The Price List offers that could be read, and how the source fared.
pub struct ParsedOffers {
    pub offers: Vec<Offer>,
    pub status: SourceStatus,
}

/// The token-spec corrections in use, and where they came from.
pub struct LoadedCorrections {
    pub corrections: Corrections,
    /// `built-in`, or the path given with `--corrections`.
    pub location: String,
    /// `sha256:` and 12 hex digits of the corrections' text.
    pub revision: String,
}

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

/// Unix seconds as RFC 3339 UTC (`2026-11-25T21:04:05Z`).
pub(super) fn rfc3339(secs: u64) -> Option<String> {
    DateTime::from_secs(secs as i64)
        .fmt(DateTimeFormat::DateTime)
        .ok()
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
