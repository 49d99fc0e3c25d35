//! The file sources as the phases read them: the Price List files parsed into offers, and how
//! each file source fared.

use std::collections::BTreeMap;

use aws_sdk_bedrock::primitives::{DateTime, DateTimeFormat};

use crate::catalog::SourceStatus;
use crate::phases::pricing::{self, Offer};
use crate::records::price_list;
use crate::records::{Failure, FileOutcome, Status};

/// The Price List offers that could be read, and how the source fared.
pub struct ParsedOffers {
    pub offers: Vec<Offer>,
    pub status: SourceStatus,
}

/// Parses the fetched Price List files into offers, and says how the source fared. Files that
/// could not be had or read make the source `error`, naming each; the offers that could be read
/// are still used.
pub fn read_offers(
    files: Option<&BTreeMap<String, FileOutcome>>,
    regions: &[String],
) -> ParsedOffers {
    let Some(files) = files else {
        let off = price_list::disabled();
        return ParsedOffers {
            offers: vec![],
            status: SourceStatus {
                status: Some(off.status),
                message: Some(off.message),
                ..Default::default()
            },
        };
    };
    let mut offers = Vec::new();
    let mut problems = Vec::new();
    // The oldest cached copy used, if any: how old the prices are.
    let oldest = files
        .values()
        .filter_map(|o| o.result.as_ref().ok()?.downloaded_at)
        .min();
    let mut versions = Vec::new();
    let mut location = String::new();
    for code in price_list::OFFER_CODES {
        let path = price_list::index_path(code);
        let Some(index) = files.get(&path) else {
            problems.push(format!("{code}: region index not fetched"));
            continue;
        };
        if location.is_empty() {
            location = index.location.trim_end_matches(&path).to_string();
        }
        let parsed = match &index.result {
            Ok(f) => pricing::parse_region_index(&f.bytes)
                .map_err(|e| format!("{}: {e}", index.location)),
            Err(e) => Err(e.message.clone()),
        };
        let ix = match parsed {
            Ok(ix) => ix,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        for region in regions {
            let Some(file_path) = ix.regions.get(region) else {
                continue;
            };
            let parsed = match files.get(file_path).map(|o| (o, &o.result)) {
                Some((o, Ok(f))) => {
                    pricing::parse_offer(&f.bytes).map_err(|e| format!("{}: {e}", o.location))
                }
                Some((_, Err(e))) => Err(e.message.clone()),
                None => Err(format!("{file_path} was not fetched")),
            };
            match parsed {
                Ok(offer) => {
                    versions.push(format!("{}@{}", offer.offer_code, offer.version));
                    offers.push(offer);
                }
                Err(e) => problems.push(e),
            }
        }
    }
    versions.sort();
    versions.dedup();
    let status = SourceStatus {
        status: Some(if problems.is_empty() {
            Status::Ok
        } else {
            Status::Error
        }),
        location,
        revision: (!versions.is_empty()).then(|| versions.join(", ")),
        entries: Some(offers.iter().map(|o| o.rows.len()).sum()),
        // One sentence: the first problem, and how many more there were.
        message: problems.first().map(|first| {
            crate::redact::message(&match problems.len() {
                1 => first.clone(),
                n => format!("{first} (and {} more)", n - 1),
            })
        }),
        downloaded_at: oldest.and_then(rfc3339),
        ..Default::default()
    };
    ParsedOffers { offers, status }
}

pub(super) fn source_status(
    outcome: &FileOutcome,
    entries: Result<usize, Failure>,
) -> SourceStatus {
    match (&outcome.result, entries) {
        (Ok(f), Ok(n)) => SourceStatus {
            status: Some(Status::Ok),
            location: outcome.location.clone(),
            origin: Some(f.origin),
            revision: Some(f.revision()),
            downloaded_at: f.downloaded_at.and_then(rfc3339),
            entries: Some(n),
            message: None,
        },
        (Ok(f), Err(e)) => SourceStatus {
            status: Some(e.status),
            location: outcome.location.clone(),
            origin: Some(f.origin),
            revision: Some(f.revision()),
            downloaded_at: f.downloaded_at.and_then(rfc3339),
            entries: None,
            message: Some(e.message),
        },
        (Err(e), _) => SourceStatus {
            status: Some(e.status),
            location: outcome.location.clone(),
            message: Some(e.message.clone()),
            ..Default::default()
        },
    }
}

/// Unix seconds as RFC 3339 UTC (`2026-11-25T21:04:05Z`).
pub(super) fn rfc3339(secs: u64) -> Option<String> {
    DateTime::from_secs(secs as i64)
        .fmt(DateTimeFormat::DateTime)
        .ok()
}
