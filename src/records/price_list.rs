//! The Price List's region index document and the errors of reading Price List files.

use serde::Deserialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// Which document a [`PriceListError`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriceListDocument {
    OfferFile,
    RegionIndex,
}

impl fmt::Display for PriceListDocument {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::OfferFile => "price list offer file",
            Self::RegionIndex => "price list region index",
        })
    }
}

/// A price list document that could not be read at all (a bad row is never an error: it is reported).
#[derive(Debug)]
pub struct PriceListError {
    pub document: PriceListDocument,
    pub line: usize,
    pub column: usize,
    pub kind: PriceListErrorKind,
    pub source: serde_json::Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriceListErrorKind {
    /// The bytes end before the JSON does (an interrupted download).
    Truncated,
    /// Not JSON, or not UTF-8.
    Syntax,
    /// Valid JSON of the wrong shape (a missing `products`, a number where a string belongs …).
    Shape,
}

impl PriceListError {
    pub fn new(document: PriceListDocument, source: serde_json::Error) -> Self {
        let kind = match source.classify() {
            serde_json::error::Category::Eof => PriceListErrorKind::Truncated,
            serde_json::error::Category::Data => PriceListErrorKind::Shape,
            _ => PriceListErrorKind::Syntax,
        };
        Self {
            document,
            line: source.line(),
            column: source.column(),
            kind,
            source,
        }
    }
}

impl fmt::Display for PriceListError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            PriceListErrorKind::Truncated => "ends early (truncated download?)",
            PriceListErrorKind::Syntax => "is not valid JSON",
            PriceListErrorKind::Shape => "does not have the expected structure",
        };
        write!(
            f,
            "{} {what} at line {} column {}: {}",
            self.document, self.line, self.column, self.source
        )
    }
}

impl std::error::Error for PriceListError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

// ------------------------------------------------------------------------------------------------
// Region index
// ------------------------------------------------------------------------------------------------

/// `<Offer>/current/region_index.json`: where each region's offer file lives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegionIndex {
    pub publication_date: String,
    /// Region code → `currentVersionUrl`, relative to the price list host
    /// (`/offers/v1.0/aws/AmazonBedrock/20260911124408/us-east-1/index.json`).
    pub regions: BTreeMap<String, String>,
}

#[derive(Deserialize)]
pub struct RawRegionIndex<'a> {
    #[serde(rename = "publicationDate", default, borrow)]
    pub publication_date: Cow<'a, str>,
    #[serde(borrow)]
    pub regions: HashMap<Cow<'a, str>, RawRegionEntry<'a>>,
}

#[derive(Deserialize)]
pub struct RawRegionEntry<'a> {
    #[serde(rename = "currentVersionUrl", borrow)]
    pub current_version_url: Cow<'a, str>,
}

/// Parses a `region_index.json`.
pub fn parse_region_index(bytes: &[u8]) -> Result<RegionIndex, PriceListError> {
    let raw: RawRegionIndex = serde_json::from_slice(bytes)
        .map_err(|e| PriceListError::new(PriceListDocument::RegionIndex, e))?;
    Ok(RegionIndex {
        publication_date: raw.publication_date.into_owned(),
        regions: raw
            .regions
            .into_iter()
            .map(|(k, v)| (k.into_owned(), v.current_version_url.into_owned()))
            .collect(),
    })
}

// ------------------------------------------------------------------------------------------------
// Offer files

/// The Bedrock offers: model prices (older and newer), and newer Anthropic rows.
pub const OFFER_CODES: [&str; 3] = [
    "AmazonBedrock",
    "AmazonBedrockFoundationModels",
    "AmazonBedrockService",
];

/// Path of an offer's region index on the host.
pub fn index_path(code: &str) -> String {
    format!("/offers/v1.0/aws/{code}/current/region_index.json")
}

/// An outcome for when the price list is switched off (`price_list_url = ""`).
pub fn disabled() -> super::Failure {
    super::Failure::new(
        super::Status::Skipped,
        "the price list is switched off (sources.price_list_url is empty)",
    )
}
