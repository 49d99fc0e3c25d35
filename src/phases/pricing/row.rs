//! The rows of an offer file as pricing keeps them, the raw shapes serde reads them from, and the
//! small text helpers shared by the parser and the matcher.

use serde::Deserialize;

use crate::catalog::pricing::{Identity, RowProblem};
use std::borrow::Cow;
use std::collections::HashMap;

/// One offer file, reduced to what pricing needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    /// `AmazonBedrock`, `AmazonBedrockFoundationModels` or `AmazonBedrockService`.
    pub offer_code: String,
    /// `YYYYMMDDhhmmss` of the publication, e.g. `20260911124408`.
    pub version: String,
    /// e.g. `2026-09-11T12:44:08Z`.
    pub publication_date: String,
    /// One row per product (SKU), sorted by SKU.
    pub rows: Vec<OfferRow>,
}

/// One product of an offer file with its (single) on-demand price, classified.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferRow {
    pub sku: String,
    /// `regionCode` (empty if the product has none).
    pub region: String,
    pub usagetype: String,
    /// Which attribute names the model, and its value as the offer spells it.
    pub identity: Option<Identity>,
    /// The `provider` attribute, when present.
    pub provider: Option<String>,
    /// The classified, normalised price, or why the row cannot be priced.
    pub usage: Result<Usage, RowProblem>,
}

/// A classified price: route, dimension, and the price in the module's unit convention.
#[derive(Debug, Clone, PartialEq)]
pub struct Usage {
    pub route: String,
    pub dimension: String,
    /// USD per `unit`.
    pub price_usd: f64,
    /// `1M tokens`, `hour`, `image`, or the offer's own unit for reserved TPM.
    pub unit: String,
    /// The price as the offer states it, per `offer_unit`.
    pub offer_price_usd: f64,
    pub offer_unit: String,
}

#[derive(Deserialize)]
pub(super) struct RawOffer<'a> {
    #[serde(rename = "offerCode", borrow)]
    pub(super) offer_code: Cow<'a, str>,
    #[serde(borrow)]
    pub(super) version: Cow<'a, str>,
    #[serde(rename = "publicationDate", default, borrow)]
    pub(super) publication_date: Cow<'a, str>,
    #[serde(borrow)]
    pub(super) products: HashMap<Cow<'a, str>, RawProduct<'a>>,
    #[serde(default, borrow)]
    pub(super) terms: RawTerms<'a>,
}

#[derive(Deserialize)]
pub(super) struct RawProduct<'a> {
    #[serde(default, borrow)]
    pub(super) attributes: RawAttributes<'a>,
}

/// Only the attributes pricing reads; serde skips the rest without building values.
#[derive(Deserialize, Default)]
pub(super) struct RawAttributes<'a> {
    #[serde(rename = "regionCode", default, borrow)]
    pub(super) region_code: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    pub(super) usagetype: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    pub(super) servicename: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    pub(super) model: Option<Cow<'a, str>>,
    #[serde(rename = "titanModel", default, borrow)]
    pub(super) titan_model: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    pub(super) provider: Option<Cow<'a, str>>,
    #[serde(rename = "inferenceType", default, borrow)]
    pub(super) inference_type: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    pub(super) feature: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    pub(super) service_tier: Option<Cow<'a, str>>,
}

#[derive(Deserialize, Default)]
pub(super) struct RawTerms<'a> {
    /// SKU → term code → term. `Reserved` and other term types are skipped.
    #[serde(rename = "OnDemand", default, borrow)]
    pub(super) on_demand: HashMap<Cow<'a, str>, HashMap<Cow<'a, str>, RawTerm<'a>>>,
}

#[derive(Deserialize)]
pub(super) struct RawTerm<'a> {
    #[serde(rename = "priceDimensions", default, borrow)]
    pub(super) price_dimensions: HashMap<Cow<'a, str>, RawPriceDimension<'a>>,
}

#[derive(Deserialize)]
pub(super) struct RawPriceDimension<'a> {
    #[serde(default, borrow)]
    pub(super) unit: Cow<'a, str>,
    #[serde(default, borrow)]
    pub(super) description: Cow<'a, str>,
    #[serde(rename = "pricePerUnit", default, borrow)]
    pub(super) price_per_unit: RawPricePerUnit<'a>,
}

#[derive(Deserialize, Default)]
pub(super) struct RawPricePerUnit<'a> {
    #[serde(rename = "USD", default, borrow)]
    pub(super) usd: Option<Cow<'a, str>>,
}

pub(super) fn non_empty<'s>(value: &'s Option<Cow<'_, str>>) -> Option<&'s str> {
    value.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

pub(super) const EDITION_SUFFIX: &str = " (Amazon Bedrock Edition)";
pub(super) const LATENCY_SUFFIX: &str = " Latency Optimized";

/// The unit of every token price in the output.
pub const TOKEN_UNIT: &str = "1M tokens";

/// Parses a non-negative decimal (`"0.0008000000"`) multiplied by 10^`shift`, shifting the decimal point
/// in the text so that the result is the double nearest the exact decimal (0.0008 per 1K → exactly 0.8).
pub(super) fn parse_decimal(text: &str, shift: usize) -> Option<f64> {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let digits_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !digits_ok(int) || !digits_ok(frac) {
        return None;
    }
    let mut frac = frac.to_owned();
    while frac.len() < shift {
        frac.push('0');
    }
    let (moved, rest) = frac.split_at(shift);
    let shifted = format!("{int}{moved}.{rest}0");
    shifted.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Lower-case words of a usagetype part: split at any non-alphanumeric character and at camel-case
/// boundaries (`CacheWrite1hInputTokenCount` → `cache write1h input token count`; `LCtx` stays `lctx`).
pub(super) fn split_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut prev: Option<char> = None;
    for c in text.chars() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            prev = None;
            continue;
        }
        let boundary = c.is_ascii_uppercase()
            && prev.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit());
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.push(c.to_ascii_lowercase());
        prev = Some(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}
