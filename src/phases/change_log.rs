//! `changes.json`, the change log a run writes beside the catalogue: one type for the run that
//! writes it and for the commands that read it back (`page`).

use std::collections::BTreeMap;

use crate::catalog::SCHEMA_VERSION;

use super::changes::{ChangeEvent, count_by_kind};

/// The note of a log with no previous catalogue.
pub const FIRST_RUN: &str = "first run: there was no previous catalogue to compare with";

/// `changes.json`: the events against the previous catalogue, or a note that there was none. Read
/// back leniently: a field an older log lacks reads as its default.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ChangeLog {
    pub schema_version: u32,
    /// When the run that wrote the log started.
    pub collection_timestamp: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<PreviousRef>,
    /// Set when there is no previous catalogue ([`FIRST_RUN`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Parts the run failed to read: no change is computed there.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_compared: Vec<String>,
    /// The number of events per kind name, as written; a reader recounts them from `events`.
    pub counts: BTreeMap<String, usize>,
    pub events: Vec<ChangeEvent>,
}

/// The previous catalogue a log compares with.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct PreviousRef {
    pub path: String,
    /// Its `collection_timestamp`, when it has one.
    pub collection_timestamp: Option<String>,
}

impl ChangeLog {
    /// The log of the run that started at `started_at`: its events against `previous` (`None` on
    /// a first run) and the parts it did not compare.
    pub fn new(
        started_at: &str,
        previous: Option<PreviousRef>,
        events: Vec<ChangeEvent>,
        not_compared: Vec<String>,
    ) -> ChangeLog {
        ChangeLog {
            schema_version: SCHEMA_VERSION,
            collection_timestamp: started_at.to_string(),
            note: previous.is_none().then(|| FIRST_RUN.to_string()),
            previous,
            not_compared,
            counts: count_by_kind(&events)
                .into_iter()
                .map(|(kind, n)| (kind.name().to_string(), n))
                .collect(),
            events,
        }
    }
}
