//! Phases 2 and 3: prices per model, region and route from the AWS Price List bulk offer files.
//!
//! This module owns everything between the bytes of an offer file and the per-model price tables; it does
//! no I/O. [`parse_region_index`] reads a `region_index.json`; [`parse_offer`] reads a per-region or
//! whole-offer `index.json` (`AmazonBedrock`, `AmazonBedrockFoundationModels`, `AmazonBedrockService`) into
//! compact [`OfferRow`]s, each already classified into a route and a dimension with its price normalised;
//! [`match_prices`] joins the rows to the catalogue's [`ModelRef`]s and cross-checks the regions.
//!
//! **Units.** Token prices are USD per 1M tokens (`unit: "1M tokens"`), whatever the offer used (`1K tokens`,
//! `1M tokens`, or `Units` with a "Million …" description); provisioned throughput is USD per model unit per
//! `hour`; images are USD per `image`; reserved capacity keeps the offer's own TPM unit. Every price also
//! carries the offer's own price and unit, its SKU, usagetype, offer code and offer version.
//!
//! **Routes** (keys of [`ModelPricing::regions`]): `on_demand` (in-region; a geo profile bills at this rate
//! unless an `on_demand_geo` route exists), `on_demand_geo`, `on_demand_global`, `batch[_geo|_global]`,
//! `flex…`, `priority…`, `latency_optimized`, `provisioned`, `reserved[_geo|_global]`, and the same tiers
//! prefixed `mantle_` for the OpenAI-compatible "mantle" endpoint rows.
//! **Dimensions**: `input_tokens`, `output_tokens`, `cache_read_input_tokens`, `cache_write_input_tokens`,
//! `cache_write_1h_input_tokens`, each with a `_long_context` variant; `model_unit_<commitment>` (e.g.
//! `model_unit_no_commit`, `model_unit_1_month`); `input_tpm_<commitment>` / `output_tpm_<commitment>`;
//! `image` or `image_<spec>` (e.g. `image_t2i_1024_standard`). Tokens of one modality keep it as a prefix
//! (`USE1-Nova2.0Pro-text-input-tokens` → `text_input_tokens`).
//!
//! **Classification** is strict: every word of the usagetype's dimension part must be known, and `feature`,
//! `service_tier` and `inferenceType`, when present, must not contradict it. Anything else (customization,
//! speech or video tokens, guardrails …) is left unmatched with the reason, never filed under a guess.
//!
//! **Matching rules** ([`match_prices`]; never substrings, never input order). Rule 1 picks the row's
//! identity; rules 2 to 4 are tried in order and the first that applies decides.
//! 1. The identity: FoundationModels `servicename` without " (Amazon Bedrock Edition)"; else `model`
//!    (a trailing " Latency Optimized" selects the `latency_optimized` route); else `titanModel`; else the
//!    usagetype's model token (`USE1-TitanTextG1-Express-input-tokens` → `TitanTextG1-Express`).
//! 2. An explicit alias ([`ALIASES`]) from that exact value to a model key.
//! 3. A usagetype token that is itself a model key (mantle rows: `mistral.mistral-large-3-675b-instruct`).
//! 4. Exact normalised name ([`normalise_name`]): with a `provider` attribute, the pair (provider, name) must
//!    equal the model's (first provider word; a leading provider name is dropped on both sides, so DeepSeek
//!    "R1" = "DeepSeek-R1"); without one, the name must equal the model's name, or its name prefixed by its
//!    provider ("Cohere Command R+" = Cohere "Command R+").
//!
//! A row that resolves to no model, or to two or more, is listed in [`PricingResult::unmatched`] with the
//! reason; so is a row whose price is unusable (zero, unparsable, unknown unit, unrecognised usage). Two
//! rows for the same model, region, route and dimension keep one price by a fixed offer
//! precedence (FoundationModels, Service, AmazonBedrock, then SKU) and list the other in
//! [`PricingResult::duplicates`].

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::ModelRef;

// ------------------------------------------------------------------------------------------------
// Errors
// ------------------------------------------------------------------------------------------------

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
    source: serde_json::Error,
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
    fn new(document: PriceListDocument, source: serde_json::Error) -> Self {
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
struct RawRegionIndex<'a> {
    #[serde(rename = "publicationDate", default, borrow)]
    publication_date: Cow<'a, str>,
    #[serde(borrow)]
    regions: HashMap<Cow<'a, str>, RawRegionEntry<'a>>,
}

#[derive(Deserialize)]
struct RawRegionEntry<'a> {
    #[serde(rename = "currentVersionUrl", borrow)]
    current_version_url: Cow<'a, str>,
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
// ------------------------------------------------------------------------------------------------

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

/// The attribute a row's model identity was taken from.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum IdentitySource {
    /// FoundationModels `servicename` ("Claude Sonnet 4.5 (Amazon Bedrock Edition)").
    Servicename,
    /// AmazonBedrock / Service `model` ("Nova Pro", "R1").
    Model,
    /// Titan rows' `titanModel` ("TitanEmbeddingsV2-Text-input").
    TitanModel,
    /// The model token of the usagetype ("TitanTextG1-Express"), when no attribute names the model.
    UsagetypeToken,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Identity {
    pub source: IdentitySource,
    pub value: String,
}

impl fmt::Display for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let attr = match self.source {
            IdentitySource::Servicename => "servicename",
            IdentitySource::Model => "model",
            IdentitySource::TitanModel => "titanModel",
            IdentitySource::UsagetypeToken => "usagetype token",
        };
        write!(f, "{attr} {:?}", self.value)
    }
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

/// Why a row has no usable price. Serialized as `{"kind": …, "detail": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum RowProblem {
    /// No `regionCode` attribute.
    NoRegion,
    /// No `terms.OnDemand` price dimension with a USD price.
    NoPrice,
    /// More than one on-demand price dimension (volume tiers): not modelled.
    MultiplePrices(usize),
    /// `pricePerUnit.USD` is not a non-negative decimal.
    BadPrice(String),
    /// A zero price: treated as a placeholder, not a price.
    ZeroPrice,
    /// The unit does not fit the dimension (or is unknown).
    UnknownUnit(String),
    /// The usagetype/attributes do not describe a known route and dimension.
    Unclassified(String),
}

impl RowProblem {
    /// Stable short name, used for counts.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NoRegion => "no_region",
            Self::NoPrice => "no_price",
            Self::MultiplePrices(_) => "multiple_prices",
            Self::BadPrice(_) => "bad_price",
            Self::ZeroPrice => "zero_price",
            Self::UnknownUnit(_) => "unknown_unit",
            Self::Unclassified(_) => "unclassified",
        }
    }
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoRegion => f.write_str("the product has no regionCode"),
            Self::NoPrice => f.write_str("the product has no on-demand USD price"),
            Self::MultiplePrices(n) => {
                write!(f, "{n} on-demand price dimensions (tiers are not modelled)")
            }
            Self::BadPrice(value) => write!(f, "price {value:?} is not a non-negative decimal"),
            Self::ZeroPrice => f.write_str("zero price, taken as a placeholder"),
            Self::UnknownUnit(unit) => write!(f, "unit {unit:?} does not fit the usage"),
            Self::Unclassified(why) => write!(f, "unrecognised usage: {why}"),
        }
    }
}

#[derive(Deserialize)]
struct RawOffer<'a> {
    #[serde(rename = "offerCode", borrow)]
    offer_code: Cow<'a, str>,
    #[serde(borrow)]
    version: Cow<'a, str>,
    #[serde(rename = "publicationDate", default, borrow)]
    publication_date: Cow<'a, str>,
    #[serde(borrow)]
    products: HashMap<Cow<'a, str>, RawProduct<'a>>,
    #[serde(default, borrow)]
    terms: RawTerms<'a>,
}

#[derive(Deserialize)]
struct RawProduct<'a> {
    #[serde(default, borrow)]
    attributes: RawAttributes<'a>,
}

/// Only the attributes pricing reads; serde skips the rest without building values.
#[derive(Deserialize, Default)]
struct RawAttributes<'a> {
    #[serde(rename = "regionCode", default, borrow)]
    region_code: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    usagetype: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    servicename: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    model: Option<Cow<'a, str>>,
    #[serde(rename = "titanModel", default, borrow)]
    titan_model: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    provider: Option<Cow<'a, str>>,
    #[serde(rename = "inferenceType", default, borrow)]
    inference_type: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    feature: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    service_tier: Option<Cow<'a, str>>,
}

#[derive(Deserialize, Default)]
struct RawTerms<'a> {
    /// SKU → term code → term. `Reserved` and other term types are skipped.
    #[serde(rename = "OnDemand", default, borrow)]
    on_demand: HashMap<Cow<'a, str>, HashMap<Cow<'a, str>, RawTerm<'a>>>,
}

#[derive(Deserialize)]
struct RawTerm<'a> {
    #[serde(rename = "priceDimensions", default, borrow)]
    price_dimensions: HashMap<Cow<'a, str>, RawPriceDimension<'a>>,
}

#[derive(Deserialize)]
struct RawPriceDimension<'a> {
    #[serde(default, borrow)]
    unit: Cow<'a, str>,
    #[serde(default, borrow)]
    description: Cow<'a, str>,
    #[serde(rename = "pricePerUnit", default, borrow)]
    price_per_unit: RawPricePerUnit<'a>,
}

#[derive(Deserialize, Default)]
struct RawPricePerUnit<'a> {
    #[serde(rename = "USD", default, borrow)]
    usd: Option<Cow<'a, str>>,
}

/// Parses one offer file (per-region or whole-offer `index.json`) into classified rows.
///
/// Fails only when the document as a whole cannot be read; a product with a bad price, an unknown unit or
/// an unrecognised usagetype becomes a row whose `usage` is the [`RowProblem`].
pub fn parse_offer(bytes: &[u8]) -> Result<Offer, PriceListError> {
    let raw: RawOffer = serde_json::from_slice(bytes)
        .map_err(|e| PriceListError::new(PriceListDocument::OfferFile, e))?;
    let mut rows: Vec<OfferRow> = raw
        .products
        .iter()
        .map(|(sku, product)| build_row(sku, &product.attributes, raw.terms.on_demand.get(sku)))
        .collect();
    rows.sort_by(|a, b| a.sku.cmp(&b.sku));
    Ok(Offer {
        offer_code: raw.offer_code.into_owned(),
        version: raw.version.into_owned(),
        publication_date: raw.publication_date.into_owned(),
        rows,
    })
}

fn non_empty<'s>(value: &'s Option<Cow<'_, str>>) -> Option<&'s str> {
    value.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

const EDITION_SUFFIX: &str = " (Amazon Bedrock Edition)";
const LATENCY_SUFFIX: &str = " Latency Optimized";

fn build_row(
    sku: &str,
    attrs: &RawAttributes,
    terms: Option<&HashMap<Cow<str>, RawTerm>>,
) -> OfferRow {
    let usagetype = non_empty(&attrs.usagetype).unwrap_or_default();
    let parsed = parse_usagetype(usagetype);
    let identity = row_identity(attrs, &parsed);
    let region = non_empty(&attrs.region_code).unwrap_or_default();
    let usage = if region.is_empty() {
        Err(RowProblem::NoRegion)
    } else {
        single_price(terms).and_then(|dim| {
            let measure = classify(&parsed, attrs, identity.as_ref())?;
            price_usage(measure, dim)
        })
    };
    OfferRow {
        sku: sku.to_owned(),
        region: region.to_owned(),
        usagetype: usagetype.to_owned(),
        identity,
        provider: non_empty(&attrs.provider).map(str::to_owned),
        usage,
    }
}

/// Identity rule 1 (see the module doc).
fn row_identity(attrs: &RawAttributes, parsed: &ParsedUsagetype) -> Option<Identity> {
    let identity = |source, value: &str| {
        Some(Identity {
            source,
            value: value.to_owned(),
        })
    };
    if let Some(name) = non_empty(&attrs.servicename).and_then(|s| s.strip_suffix(EDITION_SUFFIX)) {
        return identity(IdentitySource::Servicename, name.trim());
    }
    if let Some(model) = non_empty(&attrs.model) {
        return identity(IdentitySource::Model, model);
    }
    if let Some(titan) = non_empty(&attrs.titan_model) {
        return identity(IdentitySource::TitanModel, titan);
    }
    parsed
        .model_token
        .as_deref()
        .filter(|t| !t.is_empty())
        .and_then(|t| identity(IdentitySource::UsagetypeToken, t))
}

fn single_price<'t>(
    terms: Option<&'t HashMap<Cow<str>, RawTerm<'t>>>,
) -> Result<&'t RawPriceDimension<'t>, RowProblem> {
    let mut dims = terms
        .into_iter()
        .flat_map(|t| t.values())
        .flat_map(|t| t.price_dimensions.values());
    let first = dims.next().ok_or(RowProblem::NoPrice)?;
    let extra = dims.count();
    if extra > 0 {
        return Err(RowProblem::MultiplePrices(extra + 1));
    }
    Ok(first)
}

// ------------------------------------------------------------------------------------------------
// Usagetype grammar and classification
// ------------------------------------------------------------------------------------------------

/// A usagetype split into the model token (AmazonBedrock/Service grammar only) and the dimension words.
#[derive(Debug, Default, PartialEq)]
struct ParsedUsagetype {
    model_token: Option<String>,
    mantle: bool,
    /// A modality word just before the dimension part (`Nova2.0Pro-text-input-tokens` → `text`).
    modality: Option<String>,
    /// `Some(spec words)` for image rows (`NovaCanvas-T2I-1024-Standard`, `MP:…_created_image_…`).
    image: Option<Vec<String>>,
    words: Vec<String>,
}

/// Segments (lower-case) that start the dimension part of an AmazonBedrock/Service usagetype.
const DIMENSION_MARKERS: &[&str] = &[
    "input",
    "output",
    "cache",
    "provisionedthroughput",
    "latencyoptimized",
    "reserved",
    "t2i",
    "i2i",
    "custom",
    "customization",
];

const IMAGE_MARKERS: &[&str] = &["t2i", "i2i"];

/// Modality words that may end the model token and qualify the tokens measured.
const MODALITIES: &[&str] = &["text", "speech", "audio", "image", "video"];

/// Splits a usagetype into its parts.
///
/// * FoundationModels: `USE1-MP:USE1_InputTokenCount_Global-Units` → words of `InputTokenCount_Global`.
/// * AmazonBedrock/Service: `USE1-NovaPro-input-tokens-batch` → token `NovaPro`, words `input tokens batch`;
///   the token ends at the first [`DIMENSION_MARKERS`] segment; a `-mantle` token suffix marks the mantle
///   endpoint.
fn parse_usagetype(usagetype: &str) -> ParsedUsagetype {
    if let Some((_, after)) = usagetype.split_once("MP:") {
        let dimension = after.split_once('_').map_or(after, |(_, d)| d);
        let dimension = dimension.strip_suffix("-Units").unwrap_or(dimension);
        let words = split_words(dimension);
        // `created_image_stable_image_core`: the model is named by `servicename`; the usagetype repeats it.
        let image = dimension.starts_with("created_image").then(Vec::new);
        return ParsedUsagetype {
            image,
            words,
            ..Default::default()
        };
    }
    // Region prefix (`USE1-`, `EU-`): everything up to the first '-'.
    let body = usagetype.split_once('-').map_or("", |(_, b)| b);
    let segments: Vec<&str> = body.split('-').collect();
    let marker = segments
        .iter()
        .position(|s| DIMENSION_MARKERS.contains(&s.to_ascii_lowercase().as_str()));
    let Some(marker) = marker else {
        return ParsedUsagetype {
            model_token: Some(body.to_owned()),
            ..Default::default()
        };
    };
    let mut token = segments[..marker].join("-");
    let mantle = token.ends_with("-mantle");
    if mantle {
        token.truncate(token.len() - "-mantle".len());
    }
    let modality = token
        .rsplit('-')
        .next()
        .map(str::to_ascii_lowercase)
        .filter(|last| MODALITIES.contains(&last.as_str()) && token.contains('-'));
    let rest = &segments[marker..];
    let image = IMAGE_MARKERS
        .contains(&rest[0].to_ascii_lowercase().as_str())
        .then(|| rest.iter().map(|s| s.to_ascii_lowercase()).collect());
    let words = rest.iter().flat_map(|s| split_words(s)).collect();
    ParsedUsagetype {
        model_token: Some(token),
        mantle,
        modality,
        image,
        words,
    }
}

/// Lower-case words of a usagetype part: split at any non-alphanumeric character and at camel-case
/// boundaries (`CacheWrite1hInputTokenCount` → `cache write1h input token count`; `LCtx` stays `lctx`).
fn split_words(text: &str) -> Vec<String> {
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tier {
    OnDemand,
    Batch,
    Flex,
    Priority,
    LatencyOptimized,
    Provisioned,
    Reserved,
}

impl Tier {
    fn name(self) -> &'static str {
        match self {
            Self::OnDemand => "on_demand",
            Self::Batch => "batch",
            Self::Flex => "flex",
            Self::Priority => "priority",
            Self::LatencyOptimized => "latency_optimized",
            Self::Provisioned => "provisioned",
            Self::Reserved => "reserved",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    InRegion,
    Geo,
    Global,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Input,
    Output,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cache {
    Read,
    Write,
    Write1h,
}

/// What a row measures, before units are applied.
#[derive(Debug, Clone, PartialEq)]
enum Measure {
    Tokens,
    ModelUnitHours,
    ReservedTpm,
    Image,
}

#[derive(Debug, Clone, PartialEq)]
struct Classified {
    route: String,
    dimension: String,
    measure: Measure,
}

/// Everything the dimension words say; `None` = not stated.
#[derive(Debug, Default)]
struct Signals {
    tier: Option<Tier>,
    scope: Option<Scope>,
    direction: Option<Direction>,
    cache: bool,
    cache_kind: Option<Cache>,
    long_context: bool,
    commitment: Option<String>,
    tpm: bool,
    tokens: bool,
}

fn set<T: PartialEq + Copy + fmt::Debug>(
    slot: &mut Option<T>,
    value: T,
    what: &str,
) -> Result<(), String> {
    match *slot {
        Some(old) if old != value => Err(format!("{what} stated twice ({old:?} and {value:?})")),
        _ => {
            *slot = Some(value);
            Ok(())
        }
    }
}

/// `1month`, `3months`, `1year` → `1_month`, …
fn commitment_word(word: &str) -> Option<String> {
    let digits = word.len() - word.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (n, unit) = word.split_at(digits);
    let unit = match unit {
        "month" | "months" => "month",
        "year" | "years" => "year",
        _ => return None,
    };
    (!n.is_empty()).then(|| format!("{n}_{unit}"))
}

/// Reads the dimension words into [`Signals`]; an unknown word is an error.
fn read_words(words: &[String]) -> Result<Signals, String> {
    let mut s = Signals::default();
    let mut i = 0;
    while i < words.len() {
        let w = words[i].as_str();
        let next = words.get(i + 1).map(String::as_str);
        match w {
            "input" => set(&mut s.direction, Direction::Input, "direction")?,
            "output" | "response" => set(&mut s.direction, Direction::Output, "direction")?,
            "token" | "tokens" => s.tokens = true,
            "count" | "million" | "units" | "model" | "cross" | "region" | "5m" => {}
            "cache" => s.cache = true,
            "read" => set(&mut s.cache_kind, Cache::Read, "cache kind")?,
            "write" => set(&mut s.cache_kind, Cache::Write, "cache kind")?,
            "write1h" => set(&mut s.cache_kind, Cache::Write1h, "cache kind")?,
            "1h" if s.cache_kind == Some(Cache::Write) => s.cache_kind = Some(Cache::Write1h),
            "standard" => set(&mut s.tier, Tier::OnDemand, "tier")?,
            "batch" => set(&mut s.tier, Tier::Batch, "tier")?,
            "flex" => set(&mut s.tier, Tier::Flex, "tier")?,
            "priority" => set(&mut s.tier, Tier::Priority, "tier")?,
            "latencyoptimized" => set(&mut s.tier, Tier::LatencyOptimized, "tier")?,
            "latency" if next == Some("optimized") => {
                set(&mut s.tier, Tier::LatencyOptimized, "tier")?;
                i += 1;
            }
            "provisionedthroughput" => set(&mut s.tier, Tier::Provisioned, "tier")?,
            "provisioned" if next == Some("throughput") => {
                set(&mut s.tier, Tier::Provisioned, "tier")?;
                i += 1;
            }
            "reserved" => set(&mut s.tier, Tier::Reserved, "tier")?,
            "global" => set(&mut s.scope, Scope::Global, "scope")?,
            "geo" => set(&mut s.scope, Scope::Geo, "scope")?,
            "regional" => set(&mut s.scope, Scope::InRegion, "scope")?,
            "lctx" => s.long_context = true,
            "long" if matches!(next, Some("context" | "ctx")) => {
                s.long_context = true;
                i += 1;
            }
            "nocommit" => s.commitment = Some("no_commit".into()),
            "no" if next == Some("commit") => {
                s.commitment = Some("no_commit".into());
                i += 1;
            }
            "tpm" => s.tpm = true,
            "per" if next == Some("minute") => {
                s.tpm = true;
                i += 1;
            }
            _ if commitment_word(w).is_some() => s.commitment = commitment_word(w),
            _ if w.bytes().all(|b| b.is_ascii_digit())
                && matches!(next, Some("month" | "months")) =>
            {
                s.commitment = Some(format!("{w}_month"));
                i += 1;
            }
            _ => return Err(format!("unknown word {w:?}")),
        }
        i += 1;
    }
    Ok(s)
}

/// Words of `inferenceType` that classification understands; any other word (speech, audio, video …)
/// means the row measures something this module does not model.
const INFERENCE_TYPE_WORDS: &[&str] = &[
    "input",
    "output",
    "tokens",
    "token",
    "prompt",
    "cache",
    "read",
    "write",
    "batch",
    "flex",
    "priority",
    "long",
    "context",
    "standard",
    "latency",
    "optimized",
];

/// Route and dimension of a row, from the usagetype words checked against the attributes.
fn classify(
    parsed: &ParsedUsagetype,
    attrs: &RawAttributes,
    identity: Option<&Identity>,
) -> Result<Classified, RowProblem> {
    let unclassified = |why: String| RowProblem::Unclassified(why);
    if parsed.words.iter().any(|w| w.starts_with("custom")) {
        return Err(unclassified("custom model or customization usage".into()));
    }
    let feature_tier = attribute_tier(non_empty(&attrs.feature), "feature")?;
    let service_tier = attribute_tier(non_empty(&attrs.service_tier), "service_tier")?;
    let inference_type = non_empty(&attrs.inference_type).map(str::to_ascii_lowercase);

    if let Some(spec) = &parsed.image {
        return classify_image(parsed, spec, feature_tier, inference_type.as_deref());
    }

    let mut s =
        read_words(&parsed.words).map_err(|why| unclassified(format!("usagetype: {why}")))?;
    if parsed.mantle && s.tier.is_none() {
        s.tier = Some(Tier::OnDemand);
    }
    let latency_identity = identity
        .is_some_and(|i| i.source == IdentitySource::Model && i.value.ends_with(LATENCY_SUFFIX));
    let tier = reconcile_tier(s.tier, feature_tier, service_tier, latency_identity)?;
    // A modality word before the dimension qualifies the tokens when an attribute names the model (for
    // Titan rows it is part of the model's name: `TitanEmbeddingV2-Text`).
    let modality = parsed.modality.as_deref().filter(|_| {
        identity.is_some_and(|i| {
            matches!(
                i.source,
                IdentitySource::Model | IdentitySource::Servicename
            )
        })
    });
    if let Some(it) = &inference_type {
        check_inference_type(it, &s, tier, modality)?;
    }
    let route = route_name(parsed.mantle, tier, s.scope.unwrap_or(Scope::InRegion));

    let (dimension, measure) = match tier {
        Tier::Provisioned => {
            let commitment = s.commitment.clone().ok_or_else(|| {
                unclassified("provisioned throughput without a commitment term".into())
            })?;
            if s.direction.is_some() || s.tokens || s.cache {
                return Err(unclassified(
                    "provisioned throughput row that also names tokens".into(),
                ));
            }
            (format!("model_unit_{commitment}"), Measure::ModelUnitHours)
        }
        Tier::Reserved => {
            let commitment = s
                .commitment
                .clone()
                .ok_or_else(|| unclassified("reserved capacity without a term".into()))?;
            let direction = s
                .direction
                .ok_or_else(|| unclassified("reserved capacity without input/output".into()))?;
            if !s.tpm {
                return Err(unclassified(
                    "reserved capacity not measured in tokens per minute".into(),
                ));
            }
            let dir = if direction == Direction::Input {
                "input"
            } else {
                "output"
            };
            (format!("{dir}_tpm_{commitment}"), Measure::ReservedTpm)
        }
        _ => {
            if s.commitment.is_some() || s.tpm {
                return Err(unclassified(
                    "a commitment term on a non-reserved, non-provisioned row".into(),
                ));
            }
            let dimension = token_dimension(&s)?;
            let dimension = match modality {
                Some(m) => format!("{m}_{dimension}"),
                None => dimension,
            };
            (dimension, Measure::Tokens)
        }
    };
    Ok(Classified {
        route,
        dimension,
        measure,
    })
}

/// `[mantle_]<tier>[_geo|_global]`.
fn route_name(mantle: bool, tier: Tier, scope: Scope) -> String {
    let prefix = if mantle { "mantle_" } else { "" };
    let suffix = match scope {
        Scope::InRegion => "",
        Scope::Geo => "_geo",
        Scope::Global => "_global",
    };
    format!("{prefix}{}{suffix}", tier.name())
}

/// The tier a `feature` or `service_tier` attribute states, if any.
fn attribute_tier(value: Option<&str>, attr: &str) -> Result<Option<Tier>, RowProblem> {
    let Some(value) = value else { return Ok(None) };
    let lower = value.to_ascii_lowercase();
    let tier = match lower.as_str() {
        "standard" | "on-demand inference" => Tier::OnDemand,
        "batch" | "batch inference" | "batchinference" => Tier::Batch,
        "flex" => Tier::Flex,
        "priority" => Tier::Priority,
        _ if lower.starts_with("provisioned throughput") => Tier::Provisioned,
        _ if lower.starts_with("reserved") => Tier::Reserved,
        _ => {
            let why = format!("{attr} {value:?} is not an inference tier");
            return Err(RowProblem::Unclassified(why));
        }
    };
    Ok(Some(tier))
}

/// The usagetype is the primary signal; `feature` and `service_tier` may fill a tier it leaves open and
/// must not contradict one it states. "On-demand" from an attribute also covers the on-demand variants
/// (flex, priority, latency-optimized), which carry `feature "On-demand Inference"`. A `model` ending in
/// " Latency Optimized" makes an on-demand row latency-optimized.
fn reconcile_tier(
    stated: Option<Tier>,
    feature: Option<Tier>,
    service_tier: Option<Tier>,
    latency_identity: bool,
) -> Result<Tier, RowProblem> {
    let conflict = |why: String| Err(RowProblem::Unclassified(why));
    let mut tier = stated;
    for (attr_tier, attr) in [(feature, "feature"), (service_tier, "service_tier")] {
        let Some(attr_tier) = attr_tier else { continue };
        match tier {
            None => tier = Some(attr_tier),
            Some(t) if t == attr_tier => {}
            Some(Tier::Flex | Tier::Priority | Tier::LatencyOptimized)
                if attr_tier == Tier::OnDemand => {}
            Some(t) => {
                let (says, other) = (t.name(), attr_tier.name());
                return conflict(format!("usagetype says {says} but {attr} says {other}"));
            }
        }
    }
    match (tier, latency_identity) {
        (None | Some(Tier::OnDemand | Tier::LatencyOptimized), true) => Ok(Tier::LatencyOptimized),
        (Some(t), true) => conflict(format!("latency-optimized model on a {} row", t.name())),
        (t, false) => Ok(t.unwrap_or(Tier::OnDemand)),
    }
}

fn token_dimension(s: &Signals) -> Result<String, RowProblem> {
    let base = match (s.cache || s.cache_kind.is_some(), s.cache_kind, s.direction) {
        (true, Some(_), Some(Direction::Output)) => {
            return Err(RowProblem::Unclassified(
                "cache row on output tokens".into(),
            ));
        }
        (true, Some(Cache::Read), _) => "cache_read_input_tokens",
        (true, Some(Cache::Write), _) => "cache_write_input_tokens",
        (true, Some(Cache::Write1h), _) => "cache_write_1h_input_tokens",
        (true, None, _) => {
            return Err(RowProblem::Unclassified(
                "cache row without read/write".into(),
            ));
        }
        (false, _, Some(Direction::Input)) => "input_tokens",
        (false, _, Some(Direction::Output)) => "output_tokens",
        (false, _, None) => {
            return Err(RowProblem::Unclassified(
                "usagetype names no token direction".into(),
            ));
        }
    };
    Ok(if s.long_context {
        format!("{base}_long_context")
    } else {
        base.to_owned()
    })
}

/// `inferenceType` may only restate what the usagetype says (direction, cache, tier, long context,
/// modality).
fn check_inference_type(
    it: &str,
    s: &Signals,
    tier: Tier,
    modality: Option<&str>,
) -> Result<(), RowProblem> {
    let words: Vec<&str> = it.split_whitespace().collect();
    if let Some(w) = words
        .iter()
        .find(|w| !INFERENCE_TYPE_WORDS.contains(w) && Some(**w) != modality)
    {
        return Err(RowProblem::Unclassified(format!(
            "inferenceType {it:?} has the unknown word {w:?}"
        )));
    }
    let says = |w: &str| words.contains(&w);
    let conflict = |what: &str| {
        Err(RowProblem::Unclassified(format!(
            "inferenceType {it:?} contradicts the usagetype ({what})"
        )))
    };
    if (says("input") && s.direction == Some(Direction::Output))
        || (says("output") && s.direction == Some(Direction::Input))
    {
        return conflict("direction");
    }
    if says("cache") && !(s.cache || s.cache_kind.is_some()) {
        return conflict("cache");
    }
    let writes = matches!(s.cache_kind, Some(Cache::Write | Cache::Write1h));
    if (says("read") && s.cache_kind != Some(Cache::Read)) || (says("write") && !writes) {
        return conflict("cache read/write");
    }
    if says("long") && !s.long_context {
        return conflict("long context");
    }
    for (word, t) in [
        ("batch", Tier::Batch),
        ("flex", Tier::Flex),
        ("priority", Tier::Priority),
    ] {
        if says(word) && tier != t {
            return conflict("tier");
        }
    }
    Ok(())
}

fn classify_image(
    parsed: &ParsedUsagetype,
    spec: &[String],
    feature_tier: Option<Tier>,
    inference_type: Option<&str>,
) -> Result<Classified, RowProblem> {
    if feature_tier.is_some_and(|t| t != Tier::OnDemand) {
        return Err(RowProblem::Unclassified(
            "image row outside on-demand inference".into(),
        ));
    }
    if let Some(it) = inference_type {
        // `T2I 1024 Standard` must restate the usagetype's `T2I-1024-Standard`.
        let it_words: Vec<String> = it.split_whitespace().map(str::to_owned).collect();
        if !spec.is_empty() && it_words != spec {
            return Err(RowProblem::Unclassified(format!(
                "inferenceType {it:?} does not match the image usagetype"
            )));
        }
    }
    if spec
        .iter()
        .any(|w| !w.bytes().all(|b| b.is_ascii_alphanumeric()))
    {
        return Err(RowProblem::Unclassified(
            "image spec with unexpected characters".into(),
        ));
    }
    let dimension = if spec.is_empty() {
        "image".to_owned()
    } else {
        format!("image_{}", spec.join("_"))
    };
    let route = route_name(parsed.mantle, Tier::OnDemand, Scope::InRegion);
    Ok(Classified {
        route,
        dimension,
        measure: Measure::Image,
    })
}

// ------------------------------------------------------------------------------------------------
// Prices and units
// ------------------------------------------------------------------------------------------------

/// Applies the unit convention to a classified row.
fn price_usage(classified: Classified, dim: &RawPriceDimension) -> Result<Usage, RowProblem> {
    let raw_price = dim
        .price_per_unit
        .usd
        .as_deref()
        .map(str::trim)
        .ok_or(RowProblem::NoPrice)?;
    let offer_price =
        parse_decimal(raw_price, 0).ok_or_else(|| RowProblem::BadPrice(raw_price.to_owned()))?;
    if offer_price == 0.0 {
        return Err(RowProblem::ZeroPrice);
    }
    let unit = dim.unit.trim();
    let lower_unit = unit.to_ascii_lowercase();
    let description = dim.description.to_ascii_lowercase();
    let unknown = || RowProblem::UnknownUnit(unit.to_owned());
    let (shift, normal_unit) = match classified.measure {
        Measure::Tokens => {
            let shift = match lower_unit.as_str() {
                "1k tokens" => 3,
                "1m tokens" => 0,
                "units" if description.contains("million") => 0,
                "units" if description.contains("thousand") => 3,
                _ => return Err(unknown()),
            };
            (shift, TOKEN_UNIT.to_owned())
        }
        Measure::ModelUnitHours => match lower_unit.as_str() {
            "hour" | "hours" | "hrs" => (0, "hour".to_owned()),
            _ => return Err(unknown()),
        },
        Measure::ReservedTpm if lower_unit.contains("tpm") => (0, unit.to_owned()),
        Measure::ReservedTpm => return Err(unknown()),
        Measure::Image => match lower_unit.as_str() {
            "image" | "images" => (0, "image".to_owned()),
            "units" if description.contains("image") => (0, "image".to_owned()),
            _ => return Err(unknown()),
        },
    };
    let price = parse_decimal(raw_price, shift)
        .ok_or_else(|| RowProblem::BadPrice(raw_price.to_owned()))?;
    Ok(Usage {
        route: classified.route,
        dimension: classified.dimension,
        price_usd: price,
        unit: normal_unit,
        offer_price_usd: offer_price,
        offer_unit: unit.to_owned(),
    })
}

/// The unit of every token price in the output.
pub const TOKEN_UNIT: &str = "1M tokens";

/// Parses a non-negative decimal (`"0.0008000000"`) multiplied by 10^`shift`, shifting the decimal point
/// in the text so that the result is the double nearest the exact decimal (0.0008 per 1K → exactly 0.8).
fn parse_decimal(text: &str, shift: usize) -> Option<f64> {
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

// ------------------------------------------------------------------------------------------------
// Matching rows to models
// ------------------------------------------------------------------------------------------------

/// Explicit identities that no normalisation rule can map, each to a model key (rule 2). Sources are the
/// evidence ids of `reference/price-list-format.md` and `original-behaviour.md` §2.2.
pub const ALIASES: &[(IdentitySource, &str, &str)] = &[
    // E15: Titan Text Embeddings V2 rows carry only `titanModel` / the usagetype token.
    (
        IdentitySource::TitanModel,
        "TitanEmbeddingsV2-Text-input",
        "amazon.titan-embed-text-v2",
    ),
    (
        IdentitySource::UsagetypeToken,
        "TitanEmbeddingV2-Text",
        "amazon.titan-embed-text-v2",
    ),
    // E17: Titan Image Generator rows carry only `titanModel`.
    (
        IdentitySource::TitanModel,
        "Titan Image Generator G1",
        "amazon.titan-image-generator-v1",
    ),
    // E7: `model "Mistral Large"` is Mistral Large (24.02).
    (
        IdentitySource::Model,
        "Mistral Large",
        "mistral.mistral-large-2402-v1",
    ),
    // E1: the legacy Anthropic rows name Claude 2.x by version; the catalogue calls both ids "Claude"
    // (`anthropic.claude-v2`, `anthropic.claude-v2:1`: one key).
    (IdentitySource::Model, "Claude 2.0", "anthropic.claude-v2"),
    (IdentitySource::Model, "Claude 2.1", "anthropic.claude-v2"),
    // E2/E7 `model` values whose catalogue names add a qualifier ("Qwen3 32B (dense)", "Gemma 3 27B PT",
    // "Amazon Nova Multimodal Embeddings").
    (IdentitySource::Model, "Qwen3 32B", "qwen.qwen3-32b-v1"),
    (
        IdentitySource::Model,
        "Gemma 3 27B",
        "google.gemma-3-27b-it",
    ),
    (
        IdentitySource::Model,
        "Nova MME",
        "amazon.nova-2-multimodal-embeddings-v1",
    ),
    // Stability: ListFoundationModels adds the version ("Stable Image Core 1.0"), the servicename does not.
    (
        IdentitySource::Servicename,
        "Stable Image Core",
        "stability.stable-image-core-v1",
    ),
    (
        IdentitySource::Servicename,
        "Stable Image Ultra",
        "stability.stable-image-ultra-v1",
    ),
    // original-behaviour.md §2.2 special cases: Cohere embedding servicenames.
    (
        IdentitySource::Servicename,
        "Cohere Embed 3 Model - English",
        "cohere.embed-english-v3",
    ),
    (
        IdentitySource::Servicename,
        "Cohere Embed Model 3 - Multilingual",
        "cohere.embed-multilingual-v3",
    ),
    (
        IdentitySource::Servicename,
        "Cohere Embed 4 Model",
        "cohere.embed-v4",
    ),
];

/// The normalised form used for exact name comparison (rule 4):
/// lower-case; `- _ ( ) , / :` and other punctuation except `.` and `+` become spaces; the word
/// "instruct" is dropped; a version `N.0` becomes `N`; words are joined by one space.
/// `"Llama 3.3 70B Instruct"` → `llama 3.3 70b`; `"Nova 2.0 Lite"` → `nova 2 lite`;
/// `"Titan Text G1 - Express"` → `titan text g1 express`; `"Command R+"` → `command r+`.
pub fn normalise_name(name: &str) -> String {
    name_words(name).join(" ")
}

fn name_words(name: &str) -> Vec<String> {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '.' || c == '+' {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect();
    cleaned
        .split_whitespace()
        .filter(|w| *w != "instruct")
        .map(|w| match w.strip_suffix(".0") {
            Some(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => n.to_owned(),
            _ => w.to_owned(),
        })
        .collect()
}

/// A usagetype token in name form: camel case and digits-then-capital split into words
/// (`TitanTextG1-Express` → `Titan Text G1 Express`).
fn token_to_name(token: &str) -> String {
    split_words(token).join(" ")
}

fn provider_words(provider: &str) -> Vec<String> {
    name_words(provider)
}

/// Drops the longest leading run of `words` that is also a leading run of the provider's words
/// ("deepseek r1" with DeepSeek → "r1"; "mistral large 3" with Mistral AI → "large 3").
fn strip_provider(words: &[String], provider: &[String]) -> String {
    let common = words
        .iter()
        .zip(provider)
        .take_while(|(a, b)| a == b)
        .count();
    let rest = &words[common.min(words.len().saturating_sub(1))..];
    rest.join(" ")
}

enum Resolution<'m> {
    Model(&'m ModelRef),
    NoIdentity,
    NoModel(String),
    Ambiguous(Vec<String>),
}

struct ModelIndex<'m> {
    by_key: HashMap<&'m str, &'m ModelRef>,
    /// (first provider word, name without leading provider words) → model keys.
    by_provider_name: HashMap<(String, String), BTreeSet<&'m str>>,
    /// Normalised name, and provider + name → model keys.
    by_name: HashMap<String, BTreeSet<&'m str>>,
}

impl<'m> ModelIndex<'m> {
    fn new(models: &'m [ModelRef]) -> Self {
        let mut index = ModelIndex {
            by_key: HashMap::new(),
            by_provider_name: HashMap::new(),
            by_name: HashMap::new(),
        };
        for model in models {
            index.by_key.insert(model.key.as_str(), model);
            let provider = provider_words(&model.provider);
            let words = name_words(&model.name);
            if words.is_empty() {
                continue;
            }
            let stripped = strip_provider(&words, &provider);
            let provider_key = provider.first().cloned().unwrap_or_default();
            index
                .by_provider_name
                .entry((provider_key, stripped.clone()))
                .or_default()
                .insert(&model.key);
            index
                .by_name
                .entry(words.join(" "))
                .or_default()
                .insert(&model.key);
            if !provider.is_empty() {
                let prefixed = format!("{} {stripped}", provider.join(" "));
                index
                    .by_name
                    .entry(prefixed)
                    .or_default()
                    .insert(&model.key);
            }
        }
        index
    }

    fn resolve(&self, row: &OfferRow) -> Resolution<'m> {
        let Some(identity) = &row.identity else {
            return Resolution::NoIdentity;
        };
        // Rule 2: aliases.
        if let Some((_, _, key)) = ALIASES
            .iter()
            .find(|(src, value, _)| *src == identity.source && *value == identity.value)
        {
            return match self.by_key.get(key) {
                Some(model) => Resolution::Model(model),
                None => Resolution::NoModel(format!(
                    "{identity} is an alias of {key}, which is not in the model list"
                )),
            };
        }
        // Rule 3: a usagetype token that is a model key.
        if identity.source == IdentitySource::UsagetypeToken
            && let Some(model) = self.by_key.get(identity.value.as_str())
        {
            return Resolution::Model(model);
        }
        // Rule 4: exact normalised name.
        let name = match identity.source {
            IdentitySource::Model => identity
                .value
                .strip_suffix(LATENCY_SUFFIX)
                .unwrap_or(&identity.value)
                .to_owned(),
            IdentitySource::UsagetypeToken => token_to_name(&identity.value),
            _ => identity.value.clone(),
        };
        let words = name_words(&name);
        let candidates = match &row.provider {
            Some(provider) => {
                let provider = provider_words(provider);
                let key = (
                    provider.first().cloned().unwrap_or_default(),
                    strip_provider(&words, &provider),
                );
                self.by_provider_name.get(&key)
            }
            None => self.by_name.get(&words.join(" ")),
        };
        let provider_note = row
            .provider
            .as_ref()
            .map(|p| format!(" from provider {p:?}"))
            .unwrap_or_default();
        match candidates.map(|c| c.iter().collect::<Vec<_>>()).as_deref() {
            None | Some([]) => {
                Resolution::NoModel(format!("no model is named {identity}{provider_note}"))
            }
            Some([key]) => Resolution::Model(self.by_key[**key]),
            Some(keys) => Resolution::Ambiguous(keys.iter().map(|k| (**k).to_owned()).collect()),
        }
    }
}

// ------------------------------------------------------------------------------------------------
// Output
// ------------------------------------------------------------------------------------------------

/// One price of one model in one region and route.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Price {
    /// USD per `unit` (see the module doc for the convention).
    pub price_usd: f64,
    pub unit: String,
    /// The price and unit exactly as the offer states them.
    pub offer_price_usd: f64,
    pub offer_unit: String,
    pub sku: String,
    pub usagetype: String,
    pub offer: String,
    pub offer_version: String,
}

/// Legacy `pricing_file_reference`; now it names the catalogue entry the prices were joined to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct PricingFileReference {
    pub provider: String,
    pub model_key: String,
    pub model_name: String,
}

/// Legacy `pricing_summary`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct PricingSummary {
    pub total_regions: usize,
    pub has_batch_pricing: bool,
    pub available_regions: Vec<String>,
    /// Legacy vocabulary: `on_demand` (also flex, priority, latency-optimized, mantle), `batch`,
    /// `provisioned` (provisioned throughput and reserved capacity).
    pub pricing_types: Vec<String>,
}

/// Phase 3: the regions the API listed against the regions the price list prices.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct RegionCheck {
    /// `ModelRef::regions` (ListFoundationModels).
    pub listed_by_api: Vec<String>,
    /// Regions with at least one price (AWS Price List).
    pub priced_in_price_list: Vec<String>,
    pub priced_not_listed: Vec<String>,
    pub listed_not_priced: Vec<String>,
    pub agree: bool,
}

/// Region → route → dimension → price.
pub type RegionPrices = BTreeMap<String, BTreeMap<String, BTreeMap<String, Price>>>;

/// Everything pricing says about one model (keyed by `ModelRef::key` in [`PricingResult::models`]).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ModelPricing {
    pub is_pricing_available: bool,
    /// `"<provider>.<model key>"` when priced.
    pub pricing_reference_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pricing_file_reference: Option<PricingFileReference>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pricing_summary: Option<PricingSummary>,
    /// Sorted route names over all regions.
    pub routes: Vec<String>,
    /// Regions with a batch price (any `batch…` or `mantle_batch…` route).
    pub batch_regions: Vec<String>,
    pub regions: RegionPrices,
    pub region_check: RegionCheck,
}

/// A row that gave no model a price.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct UnmatchedRow {
    pub offer: String,
    pub offer_version: String,
    pub sku: String,
    pub region: String,
    pub usagetype: String,
    pub identity: Option<Identity>,
    /// The model the row's identity resolved to, when only its price could not be used.
    pub model_key: Option<String>,
    pub reason: UnmatchedReason,
}

/// Why a row is unmatched. Serialized as `{"kind": …, "detail": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum UnmatchedReason {
    /// No attribute or usagetype token names a model (e.g. an FM servicename without the edition suffix).
    NoIdentity,
    /// The identity names no model in the list.
    NoModel(String),
    /// The identity fits more than one model.
    Ambiguous(Vec<String>),
    /// The row's price could not be used.
    Row(RowProblem),
}

impl UnmatchedReason {
    pub fn code(&self) -> &'static str {
        match self {
            Self::NoIdentity => "no_identity",
            Self::NoModel(_) => "no_model",
            Self::Ambiguous(_) => "ambiguous",
            Self::Row(problem) => problem.code(),
        }
    }
}

impl fmt::Display for UnmatchedReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoIdentity => f.write_str("no attribute or usagetype token names a model"),
            Self::NoModel(why) => f.write_str(why),
            Self::Ambiguous(keys) => write!(f, "fits more than one model: {}", keys.join(", ")),
            Self::Row(problem) => problem.fmt(f),
        }
    }
}

/// Two rows for the same model, region, route and dimension; `kept` is in the price table.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct DuplicatePrice {
    pub model_key: String,
    pub region: String,
    pub route: String,
    pub dimension: String,
    pub kept: Price,
    pub dropped: Price,
    pub same_price: bool,
}

/// Per offer code: versions seen and row counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct OfferSummary {
    pub versions: BTreeSet<String>,
    pub publication_dates: BTreeSet<String>,
    pub files: usize,
    pub rows_read: usize,
    /// Rows whose price was joined to a model (including rows listed in `duplicates`).
    pub rows_matched: usize,
    pub rows_unmatched: usize,
    pub unmatched_by_reason: BTreeMap<String, usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct PricingResult {
    /// One entry per input model, priced or not.
    pub models: BTreeMap<String, ModelPricing>,
    /// Sorted by offer, region, usagetype, SKU.
    pub unmatched: Vec<UnmatchedRow>,
    pub duplicates: Vec<DuplicatePrice>,
    pub offers: BTreeMap<String, OfferSummary>,
}

/// Precedence when two rows fill one price slot: lower wins.
fn offer_rank(code: &str) -> u8 {
    match code {
        "AmazonBedrockFoundationModels" => 0,
        "AmazonBedrockService" => 1,
        "AmazonBedrock" => 2,
        _ => 3,
    }
}

/// Joins offer rows to models (see the module doc for the rules) and cross-checks regions.
pub fn match_prices(models: &[ModelRef], offers: &[Offer]) -> PricingResult {
    let index = ModelIndex::new(models);
    let mut tables: BTreeMap<&str, RegionPrices> = BTreeMap::new();
    let mut unmatched = Vec::new();
    let mut duplicates = Vec::new();
    let mut summaries: BTreeMap<String, OfferSummary> = BTreeMap::new();

    // Rows in a fixed order (offer precedence, then SKU, then region) so the kept price never depends on
    // the order of `offers`.
    let mut rows: Vec<(&Offer, &OfferRow)> = offers
        .iter()
        .flat_map(|o| o.rows.iter().map(move |r| (o, r)))
        .collect();
    rows.sort_by(|(oa, ra), (ob, rb)| {
        (
            offer_rank(&oa.offer_code),
            &oa.offer_code,
            &oa.version,
            &ra.sku,
            &ra.region,
        )
            .cmp(&(
                offer_rank(&ob.offer_code),
                &ob.offer_code,
                &ob.version,
                &rb.sku,
                &rb.region,
            ))
    });

    for offer in offers {
        let summary = summaries.entry(offer.offer_code.clone()).or_default();
        summary.versions.insert(offer.version.clone());
        summary
            .publication_dates
            .insert(offer.publication_date.clone());
        summary.files += 1;
        summary.rows_read += offer.rows.len();
    }

    for (offer, row) in rows {
        let summary = summaries
            .get_mut(&offer.offer_code)
            .expect("summary created above");
        let resolution = index.resolve(row);
        let model_key = match &resolution {
            Resolution::Model(m) => Some(m.key.clone()),
            _ => None,
        };
        let reason = match (&resolution, &row.usage) {
            (_, Err(problem)) => Some(UnmatchedReason::Row(problem.clone())),
            (Resolution::NoIdentity, _) => Some(UnmatchedReason::NoIdentity),
            (Resolution::NoModel(why), _) => Some(UnmatchedReason::NoModel(why.clone())),
            (Resolution::Ambiguous(keys), _) => Some(UnmatchedReason::Ambiguous(keys.clone())),
            (Resolution::Model(_), Ok(_)) => None,
        };
        if let Some(reason) = reason {
            summary.rows_unmatched += 1;
            *summary
                .unmatched_by_reason
                .entry(reason.code().to_owned())
                .or_default() += 1;
            unmatched.push(UnmatchedRow {
                offer: offer.offer_code.clone(),
                offer_version: offer.version.clone(),
                sku: row.sku.clone(),
                region: row.region.clone(),
                usagetype: row.usagetype.clone(),
                identity: row.identity.clone(),
                model_key,
                reason,
            });
            continue;
        }
        let (Resolution::Model(model), Ok(usage)) = (resolution, &row.usage) else {
            unreachable!("handled above")
        };
        summary.rows_matched += 1;
        let price = Price {
            price_usd: usage.price_usd,
            unit: usage.unit.clone(),
            offer_price_usd: usage.offer_price_usd,
            offer_unit: usage.offer_unit.clone(),
            sku: row.sku.clone(),
            usagetype: row.usagetype.clone(),
            offer: offer.offer_code.clone(),
            offer_version: offer.version.clone(),
        };
        let slot = tables
            .entry(model.key.as_str())
            .or_default()
            .entry(row.region.clone())
            .or_default()
            .entry(usage.route.clone())
            .or_default();
        match slot.get(&usage.dimension) {
            None => {
                slot.insert(usage.dimension.clone(), price);
            }
            Some(kept) => duplicates.push(DuplicatePrice {
                model_key: model.key.clone(),
                region: row.region.clone(),
                route: usage.route.clone(),
                dimension: usage.dimension.clone(),
                same_price: kept.price_usd == price.price_usd && kept.unit == price.unit,
                kept: kept.clone(),
                dropped: price,
            }),
        }
    }

    unmatched.sort_by(|a, b| {
        (&a.offer, &a.region, &a.usagetype, &a.sku).cmp(&(
            &b.offer,
            &b.region,
            &b.usagetype,
            &b.sku,
        ))
    });
    let models = models
        .iter()
        .map(|m| {
            (
                m.key.clone(),
                model_pricing(m, tables.remove(m.key.as_str()).unwrap_or_default()),
            )
        })
        .collect();
    PricingResult {
        models,
        unmatched,
        duplicates,
        offers: summaries,
    }
}

fn legacy_pricing_type(route: &str) -> &'static str {
    let tier = route.strip_prefix("mantle_").unwrap_or(route);
    if tier.starts_with("batch") {
        "batch"
    } else if tier.starts_with("provisioned") || tier.starts_with("reserved") {
        "provisioned"
    } else {
        "on_demand"
    }
}

fn is_batch_route(route: &str) -> bool {
    route
        .strip_prefix("mantle_")
        .unwrap_or(route)
        .starts_with("batch")
}

fn model_pricing(model: &ModelRef, regions: RegionPrices) -> ModelPricing {
    let priced: BTreeSet<String> = regions.keys().cloned().collect();
    let listed: BTreeSet<String> = model.regions.iter().cloned().collect();
    let routes: BTreeSet<&str> = regions
        .values()
        .flat_map(|r| r.keys().map(String::as_str))
        .collect();
    let batch_regions: Vec<String> = regions
        .iter()
        .filter(|(_, r)| r.keys().any(|k| is_batch_route(k)))
        .map(|(region, _)| region.clone())
        .collect();
    let available = !regions.is_empty();
    let region_check = RegionCheck {
        listed_by_api: listed.iter().cloned().collect(),
        priced_in_price_list: priced.iter().cloned().collect(),
        priced_not_listed: priced.difference(&listed).cloned().collect(),
        listed_not_priced: listed.difference(&priced).cloned().collect(),
        agree: priced == listed,
    };
    let pricing_types: BTreeSet<&str> = routes.iter().map(|r| legacy_pricing_type(r)).collect();
    ModelPricing {
        is_pricing_available: available,
        pricing_reference_id: available.then(|| format!("{}.{}", model.provider, model.key)),
        pricing_file_reference: available.then(|| PricingFileReference {
            provider: model.provider.clone(),
            model_key: model.key.clone(),
            model_name: model.name.clone(),
        }),
        pricing_summary: available.then(|| PricingSummary {
            total_regions: priced.len(),
            has_batch_pricing: !batch_regions.is_empty(),
            available_regions: priced.iter().cloned().collect(),
            pricing_types: pricing_types.iter().map(|s| (*s).to_owned()).collect(),
        }),
        routes: routes.iter().map(|s| (*s).to_owned()).collect(),
        batch_regions,
        regions,
        region_check,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    // --------------------------------------------------------------------------------------------
    // Fixture helpers
    // --------------------------------------------------------------------------------------------

    fn fixtures() -> PathBuf {
        std::env::var("BEDROCK_FIXTURES")
            .map(PathBuf::from)
            .unwrap_or_else(|_| {
                PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures"))
            })
    }

    fn read(rel: &str) -> Vec<u8> {
        let path = fixtures().join(rel);
        std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
    }

    const NEWEST_MODELS: &str = "dineshrajdhanapathyDD-TurfArena_us-east-1_2026-06-22.json";

    /// `ModelRef`s from ListFoundationModels fixture files (file name `<source>_<region>_<date>.json`).
    /// Key = id up to the first `:`; variant_ids = every id with that key; name and provider from the
    /// newest file; regions = the regions of the files that list the key.
    fn models_from(files: &[&str]) -> Vec<ModelRef> {
        let mut files: Vec<&str> = files.to_vec();
        files.sort_by_key(|f| {
            f.trim_end_matches(".json")
                .rsplit('_')
                .next()
                .unwrap_or_default()
                .to_owned()
        });
        let mut by_key: BTreeMap<String, ModelRef> = BTreeMap::new();
        for file in files {
            let region = file
                .split('_')
                .nth(1)
                .expect("region in file name")
                .to_owned();
            let page: serde_json::Value =
                serde_json::from_slice(&read(&format!("list-foundation-models/{file}")))
                    .expect("fixture JSON");
            for summary in page["modelSummaries"].as_array().expect("modelSummaries") {
                let id = summary["modelId"].as_str().expect("modelId").to_owned();
                let key = id.split(':').next().unwrap_or_default().to_owned();
                let model = by_key.entry(key.clone()).or_insert_with(|| ModelRef {
                    key,
                    ..Default::default()
                });
                if !model.variant_ids.contains(&id) {
                    model.variant_ids.push(id);
                }
                model.provider = summary["providerName"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
                model.name = summary["modelName"].as_str().unwrap_or_default().to_owned();
                if !model.regions.contains(&region) {
                    model.regions.push(region.clone());
                }
            }
        }
        by_key
            .into_values()
            .map(|mut m| {
                m.variant_ids.sort();
                m.regions.sort();
                m.model_id = m
                    .variant_ids
                    .iter()
                    .min_by_key(|id| (id.matches(':').count(), (*id).clone()))
                    .cloned()
                    .unwrap_or_default();
                m
            })
            .collect()
    }

    fn all_model_files() -> Vec<String> {
        let dir = fixtures().join("list-foundation-models");
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("listing {}: {e}", dir.display()))
            .map(|e| {
                e.expect("dir entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|n| n.ends_with(".json"))
            .collect();
        names.sort();
        names
    }

    fn all_models() -> Vec<ModelRef> {
        let files = all_model_files();
        models_from(&files.iter().map(String::as_str).collect::<Vec<_>>())
    }

    const OFFERS: [&str; 3] = [
        "AmazonBedrock",
        "AmazonBedrockFoundationModels",
        "AmazonBedrockService",
    ];

    fn whole_offers() -> Vec<Offer> {
        OFFERS
            .iter()
            .map(|code| {
                parse_offer(&read(&format!(
                    "price-list/offers/v1.0/aws/{code}/current/index.json"
                )))
                .expect("offer")
            })
            .collect()
    }

    /// The per-region files, found through each offer's region index.
    fn regional_offers() -> Vec<Offer> {
        let mut offers = Vec::new();
        for code in OFFERS {
            let index = parse_region_index(&read(&format!(
                "price-list/offers/v1.0/aws/{code}/current/region_index.json"
            )))
            .expect("region index");
            for url in index.regions.values() {
                offers
                    .push(parse_offer(&read(&format!("price-list{url}"))).expect("regional offer"));
            }
        }
        offers
    }

    fn price<'r>(
        result: &'r PricingResult,
        key: &str,
        region: &str,
        route: &str,
        dimension: &str,
    ) -> &'r Price {
        result.models[key]
            .regions
            .get(region)
            .and_then(|r| r.get(route))
            .and_then(|r| r.get(dimension))
            .unwrap_or_else(|| {
                panic!(
                    "no price for {key} {region} {route} {dimension}: {:#?}",
                    result.models[key].regions
                )
            })
    }

    fn usd(result: &PricingResult, key: &str, region: &str, route: &str, dimension: &str) -> f64 {
        price(result, key, region, route, dimension).price_usd
    }

    const NOVA_PRO: &str = "amazon.nova-pro-v1";
    const SONNET_45: &str = "anthropic.claude-sonnet-4-5-20250929-v1";
    const HAIKU_45: &str = "anthropic.claude-haiku-4-5-20251001-v1";
    const HAIKU_3: &str = "anthropic.claude-3-haiku-20240307-v1";

    // --------------------------------------------------------------------------------------------
    // Prices from the fixture
    // --------------------------------------------------------------------------------------------

    #[test]
    fn nova_pro_on_demand_batch_cache_and_latency_optimized() {
        let r = match_prices(&all_models(), &whole_offers());
        // us-east-1: $0.0008 / $0.0032 per 1K tokens = $0.80 / $3.20 per 1M.
        let input = price(&r, NOVA_PRO, "us-east-1", "on_demand", "input_tokens");
        assert_eq!((input.price_usd, input.unit.as_str()), (0.8, "1M tokens"));
        assert_eq!(
            (input.offer_price_usd, input.offer_unit.as_str()),
            (0.0008, "1K tokens")
        );
        assert_eq!(
            (input.sku.as_str(), input.usagetype.as_str()),
            ("FX7WEBRBNU7ZWQ95", "USE1-NovaPro-input-tokens")
        );
        assert_eq!(
            (input.offer.as_str(), input.offer_version.as_str()),
            ("AmazonBedrock", "20260911124408")
        );
        assert_eq!(
            usd(&r, NOVA_PRO, "us-east-1", "on_demand", "output_tokens"),
            3.2
        );
        // ap-northeast-1: the real SKUs MW5E2RRQFRGR96C3 / NGEWXEWTZRVVAR4Q / T4E5FXWGMWR4XVED / C32RSZ93XHBRBRY7.
        let tokyo = price(&r, NOVA_PRO, "ap-northeast-1", "on_demand", "input_tokens");
        assert_eq!(
            (tokyo.price_usd, tokyo.sku.as_str()),
            (0.96, "MW5E2RRQFRGR96C3")
        );
        assert_eq!(
            price(&r, NOVA_PRO, "ap-northeast-1", "on_demand", "output_tokens").sku,
            "NGEWXEWTZRVVAR4Q"
        );
        assert_eq!(
            usd(&r, NOVA_PRO, "ap-northeast-1", "on_demand", "output_tokens"),
            3.84
        );
        assert_eq!(
            usd(&r, NOVA_PRO, "ap-northeast-1", "batch", "input_tokens"),
            0.48
        );
        assert_eq!(
            usd(
                &r,
                NOVA_PRO,
                "ap-northeast-1",
                "on_demand",
                "cache_read_input_tokens"
            ),
            0.24
        );
        assert_eq!(
            usd(&r, NOVA_PRO, "eu-central-1", "on_demand", "input_tokens"),
            1.05
        );
        assert_eq!(
            usd(&r, NOVA_PRO, "eu-central-1", "batch", "output_tokens"),
            2.1
        );
        assert_eq!(usd(&r, NOVA_PRO, "us-east-1", "batch", "input_tokens"), 0.4);
        assert_eq!(
            usd(&r, NOVA_PRO, "us-east-1", "batch", "output_tokens"),
            1.6
        );
        assert_eq!(
            usd(
                &r,
                NOVA_PRO,
                "us-east-1",
                "on_demand",
                "cache_read_input_tokens"
            ),
            0.2
        );
        // `model "Nova Pro Latency Optimized"` is Nova Pro on its own route, not a second model.
        assert_eq!(
            usd(
                &r,
                NOVA_PRO,
                "us-east-1",
                "latency_optimized",
                "input_tokens"
            ),
            1.0
        );
        assert_eq!(
            usd(
                &r,
                NOVA_PRO,
                "us-east-1",
                "latency_optimized",
                "output_tokens"
            ),
            4.0
        );

        let m = &r.models[NOVA_PRO];
        assert!(m.is_pricing_available);
        assert_eq!(
            m.pricing_reference_id.as_deref(),
            Some("Amazon.amazon.nova-pro-v1")
        );
        assert_eq!(m.routes, ["batch", "latency_optimized", "on_demand"]);
        assert_eq!(
            m.batch_regions,
            ["ap-northeast-1", "eu-central-1", "us-east-1"]
        );
        let summary = m.pricing_summary.as_ref().expect("summary");
        assert_eq!(summary.total_regions, 4);
        assert!(summary.has_batch_pricing);
        assert_eq!(
            summary.available_regions,
            ["ap-northeast-1", "eu-central-1", "us-east-1", "us-west-2"]
        );
        assert_eq!(summary.pricing_types, ["batch", "on_demand"]);
    }

    #[test]
    fn claude_sonnet_4_5_from_foundation_models_regional_global_batch_long_context_reserved() {
        let r = match_prices(&all_models(), &whole_offers());
        let input = price(&r, SONNET_45, "us-east-1", "on_demand", "input_tokens");
        assert_eq!(
            (input.price_usd, input.offer_unit.as_str()),
            (3.3, "1M tokens")
        );
        assert_eq!(
            (input.offer.as_str(), input.offer_version.as_str()),
            ("AmazonBedrockFoundationModels", "20260911124410")
        );
        assert_eq!(input.usagetype, "USE1-MP:USE1_InputTokenCount-Units");
        assert_eq!(
            usd(&r, SONNET_45, "us-east-1", "on_demand", "output_tokens"),
            16.5
        );
        // The global profile bills at the cheaper `_Global` rows.
        assert_eq!(
            usd(
                &r,
                SONNET_45,
                "us-east-1",
                "on_demand_global",
                "input_tokens"
            ),
            3.0
        );
        assert_eq!(
            usd(
                &r,
                SONNET_45,
                "us-east-1",
                "on_demand_global",
                "output_tokens"
            ),
            15.0
        );
        assert_eq!(
            usd(&r, SONNET_45, "eu-central-1", "on_demand", "input_tokens"),
            3.3
        );
        assert_eq!(
            usd(
                &r,
                SONNET_45,
                "ap-northeast-1",
                "on_demand_global",
                "output_tokens"
            ),
            15.0
        );
        assert_eq!(
            usd(&r, SONNET_45, "us-east-1", "batch", "input_tokens"),
            1.65
        );
        assert_eq!(
            usd(&r, SONNET_45, "us-east-1", "batch", "output_tokens"),
            8.25
        );
        assert_eq!(
            usd(&r, SONNET_45, "us-east-1", "batch_global", "input_tokens"),
            1.5
        );
        assert_eq!(
            usd(&r, SONNET_45, "us-east-1", "batch_global", "output_tokens"),
            7.5
        );
        assert_eq!(
            usd(
                &r,
                SONNET_45,
                "us-east-1",
                "on_demand",
                "input_tokens_long_context"
            ),
            6.6
        );
        assert_eq!(
            usd(
                &r,
                SONNET_45,
                "us-east-1",
                "on_demand_global",
                "output_tokens_long_context"
            ),
            22.5
        );
        assert_eq!(
            usd(
                &r,
                SONNET_45,
                "us-east-1",
                "on_demand",
                "cache_read_input_tokens"
            ),
            0.33
        );
        assert_eq!(
            usd(
                &r,
                SONNET_45,
                "us-east-1",
                "on_demand",
                "cache_write_input_tokens"
            ),
            4.125
        );
        assert_eq!(
            usd(
                &r,
                SONNET_45,
                "us-east-1",
                "on_demand_global",
                "cache_write_1h_input_tokens"
            ),
            6.0
        );
        let reserved = price(
            &r,
            SONNET_45,
            "us-east-1",
            "reserved_geo",
            "input_tpm_1_month",
        );
        assert_eq!(
            (reserved.price_usd, reserved.unit.as_str()),
            (0.198, "1M TPM Hour")
        );
        assert_eq!(
            usd(
                &r,
                SONNET_45,
                "us-east-1",
                "reserved_global",
                "input_tpm_1_month"
            ),
            0.18
        );
        let summary = r.models[SONNET_45]
            .pricing_summary
            .as_ref()
            .expect("summary");
        assert_eq!(summary.pricing_types, ["batch", "on_demand", "provisioned"]);
    }

    #[test]
    fn foundation_models_rows_identified_only_by_servicename() {
        let r = match_prices(&all_models(), &whole_offers());
        // Claude Haiku 4.5: the four real SKUs; the same usagetype strings as Sonnet 4.5's rows.
        let input = price(&r, HAIKU_45, "us-east-1", "on_demand", "input_tokens");
        assert_eq!(
            (input.price_usd, input.sku.as_str()),
            (1.1, "JQDUC8Q4K8C6GSGH")
        );
        assert_eq!(input.usagetype, "USE1-MP:USE1_InputTokenCount-Units");
        assert_eq!(
            price(&r, HAIKU_45, "us-east-1", "on_demand", "output_tokens").sku,
            "X629GDA2GXAP6R54"
        );
        assert_eq!(
            usd(&r, HAIKU_45, "us-east-1", "on_demand", "output_tokens"),
            5.5
        );
        assert_eq!(
            price(
                &r,
                HAIKU_45,
                "us-east-1",
                "on_demand_global",
                "input_tokens"
            )
            .sku,
            "DY4B4Q3TRTAY8V6G"
        );
        assert_eq!(
            usd(
                &r,
                HAIKU_45,
                "us-east-1",
                "on_demand_global",
                "output_tokens"
            ),
            5.0
        );
        assert_eq!(
            usd(
                &r,
                HAIKU_45,
                "us-west-2",
                "on_demand",
                "cache_write_1h_input_tokens"
            ),
            2.2
        );
        // Cohere Command R+: servicename "Cohere Command R+" = provider Cohere + name "Command R+";
        // unit `Units`, scale from the "Million Input Tokens" description.
        let cohere = price(
            &r,
            "cohere.command-r-plus-v1",
            "us-east-1",
            "on_demand",
            "input_tokens",
        );
        assert_eq!(
            (cohere.price_usd, cohere.offer_unit.as_str()),
            (3.0, "Units")
        );
        assert_eq!(
            usd(
                &r,
                "cohere.command-r-plus-v1",
                "us-west-2",
                "on_demand",
                "output_tokens"
            ),
            15.0
        );
        assert!(
            !r.models["cohere.command-r-v1"].is_pricing_available,
            "Command R must not get Command R+'s prices"
        );
        // Stable Image Core: an image row.
        let image = price(
            &r,
            "stability.stable-image-core-v1",
            "us-west-2",
            "on_demand",
            "image",
        );
        assert_eq!(
            (
                image.price_usd,
                image.unit.as_str(),
                image.offer_unit.as_str()
            ),
            (0.04, "image", "Units")
        );
    }

    #[test]
    fn claude_3_haiku_joins_two_offers_and_keeps_one_price_per_slot() {
        let r = match_prices(&all_models(), &whole_offers());
        // Input row in both offers (same price): FoundationModels wins by the fixed precedence.
        let input = price(&r, HAIKU_3, "us-east-1", "on_demand", "input_tokens");
        assert_eq!(
            (input.price_usd, input.offer.as_str()),
            (0.25, "AmazonBedrockFoundationModels")
        );
        assert_eq!(
            usd(&r, HAIKU_3, "us-east-1", "on_demand", "output_tokens"),
            1.25
        );
        // `MillionBatchInputTokens` is batch.
        assert_eq!(
            usd(&r, HAIKU_3, "us-west-2", "batch", "input_tokens"),
            0.125
        );
        assert_eq!(
            usd(&r, HAIKU_3, "us-west-2", "batch", "output_tokens"),
            0.625
        );
        let dropped: Vec<(&str, &str, bool)> = r
            .duplicates
            .iter()
            .map(|d| (d.dropped.sku.as_str(), d.region.as_str(), d.same_price))
            .collect();
        assert_eq!(
            dropped,
            [
                ("FXHPK3YJ6HGUTEUS", "us-west-2", true),
                ("KMZFVEBPVFAP5FUF", "us-east-1", true)
            ]
        );
        assert!(
            r.duplicates
                .iter()
                .all(|d| d.model_key == HAIKU_3 && d.dropped.offer == "AmazonBedrock")
        );
    }

    #[test]
    fn routes_of_other_models() {
        let r = match_prices(&all_models(), &whole_offers());
        // Nova 2 Lite (`model "Nova 2.0 Lite"`, catalogue "Nova 2 Lite"): regional against global, real SKUs.
        let lite2 = "amazon.nova-2-lite-v1";
        assert_eq!(
            price(&r, lite2, "us-east-1", "on_demand", "input_tokens").sku,
            "FY8T82UUN7VZR55K"
        );
        assert_eq!(
            usd(&r, lite2, "us-east-1", "on_demand", "input_tokens"),
            0.33
        );
        assert_eq!(
            usd(&r, lite2, "us-east-1", "on_demand", "output_tokens"),
            2.75
        );
        assert_eq!(
            usd(&r, lite2, "us-east-1", "on_demand_global", "input_tokens"),
            0.3
        );
        assert_eq!(
            usd(&r, lite2, "us-east-1", "on_demand_global", "output_tokens"),
            2.5
        );
        // Llama 3.1 70B provisioned throughput in us-west-2, per model unit per hour.
        let llama31 = "meta.llama3-1-70b-instruct-v1";
        let no_commit = price(
            &r,
            llama31,
            "us-west-2",
            "provisioned",
            "model_unit_no_commit",
        );
        assert_eq!(
            (no_commit.price_usd, no_commit.unit.as_str()),
            (24.0, "hour")
        );
        assert_eq!(
            usd(
                &r,
                llama31,
                "us-west-2",
                "provisioned",
                "model_unit_1_month"
            ),
            21.18
        );
        assert_eq!(
            r.models[llama31]
                .pricing_summary
                .as_ref()
                .map(|s| s.pricing_types.clone()),
            Some(vec!["provisioned".into()])
        );
        // Mistral Large 3: standard, batch, flex, priority and the mantle twin.
        let ml3 = "mistral.mistral-large-3-675b-instruct";
        assert_eq!(usd(&r, ml3, "us-west-2", "on_demand", "input_tokens"), 0.5);
        assert_eq!(usd(&r, ml3, "us-west-2", "batch", "output_tokens"), 0.75);
        assert_eq!(usd(&r, ml3, "us-west-2", "flex", "input_tokens"), 0.25);
        assert_eq!(usd(&r, ml3, "us-west-2", "priority", "input_tokens"), 0.88);
        assert_eq!(usd(&r, ml3, "us-west-2", "priority", "output_tokens"), 2.63);
        assert_eq!(
            usd(&r, ml3, "us-west-2", "mantle_on_demand", "output_tokens"),
            1.5
        );
        assert!(!r.models["mistral.mistral-large-2402-v1"].is_pricing_available);
        // DeepSeek `model "R1"` = "DeepSeek-R1".
        assert_eq!(
            usd(
                &r,
                "deepseek.r1-v1",
                "us-west-2",
                "on_demand",
                "input_tokens"
            ),
            1.35
        );
        assert_eq!(
            usd(
                &r,
                "deepseek.r1-v1",
                "us-east-1",
                "on_demand",
                "output_tokens"
            ),
            5.4
        );
        // Titan: embeddings by `titanModel` (alias), Text Express by the usagetype token alone.
        assert_eq!(
            usd(
                &r,
                "amazon.titan-embed-text-v2",
                "us-east-1",
                "on_demand",
                "input_tokens"
            ),
            0.02
        );
        assert!(
            !r.models["amazon.titan-embed-g1-text-02"].is_pricing_available,
            "same display name, other model"
        );
        assert_eq!(
            usd(
                &r,
                "amazon.titan-text-express-v1",
                "us-east-1",
                "on_demand",
                "output_tokens"
            ),
            0.6
        );
        assert!(!r.models["amazon.titan-text-lite-v1"].is_pricing_available);
        // Nova Canvas images.
        let canvas = price(
            &r,
            "amazon.nova-canvas-v1",
            "us-east-1",
            "on_demand",
            "image_t2i_1024_standard",
        );
        assert_eq!((canvas.price_usd, canvas.unit.as_str()), (0.04, "image"));
        assert_eq!(
            usd(
                &r,
                "amazon.nova-canvas-v1",
                "us-east-1",
                "on_demand",
                "image_t2i_2048_premium"
            ),
            0.08
        );
        // Claude Sonnet 4 from AmazonBedrockService: global and long context; not Sonnet 4.5.
        let s4 = "anthropic.claude-sonnet-4-20250514-v1";
        assert_eq!(
            price(&r, s4, "us-east-1", "on_demand_global", "input_tokens").offer,
            "AmazonBedrockService"
        );
        assert_eq!(
            usd(&r, s4, "us-east-1", "on_demand_global", "input_tokens"),
            3.0
        );
        assert_eq!(
            usd(
                &r,
                s4,
                "us-east-1",
                "on_demand_global",
                "output_tokens_long_context"
            ),
            22.5
        );
        assert_eq!(
            usd(
                &r,
                s4,
                "us-east-1",
                "on_demand_global",
                "cache_write_input_tokens_long_context"
            ),
            7.5
        );
        assert_eq!(r.models[s4].routes, ["on_demand_global"]);
    }

    #[test]
    fn counts_per_offer_with_every_fixture_model() {
        let r = match_prices(&all_models(), &whole_offers());
        let counts: Vec<(&str, usize, usize, usize)> = r
            .offers
            .iter()
            .map(|(code, s)| (code.as_str(), s.rows_read, s.rows_matched, s.rows_unmatched))
            .collect();
        assert_eq!(
            counts,
            [
                ("AmazonBedrock", 75, 75, 0),
                ("AmazonBedrockFoundationModels", 73, 73, 0),
                ("AmazonBedrockService", 8, 8, 0)
            ]
        );
        assert!(r.unmatched.is_empty(), "{:#?}", r.unmatched);
        assert_eq!(r.duplicates.len(), 2);
        let priced = r.models.values().filter(|m| m.is_pricing_available).count();
        assert_eq!(priced, 17);
    }

    #[test]
    fn counts_per_offer_with_the_newest_model_list() {
        let r = match_prices(&models_from(&[NEWEST_MODELS]), &whole_offers());
        let counts: Vec<(&str, usize, usize, usize)> = r
            .offers
            .iter()
            .map(|(code, s)| (code.as_str(), s.rows_read, s.rows_matched, s.rows_unmatched))
            .collect();
        assert_eq!(
            counts,
            [
                ("AmazonBedrock", 75, 73, 2),
                ("AmazonBedrockFoundationModels", 73, 72, 1),
                ("AmazonBedrockService", 8, 8, 0)
            ]
        );
        // Only the rows of models missing from that list (Titan Text G1 - Express, Stable Image Core).
        let unmatched: Vec<(&str, &str, &str)> = r
            .unmatched
            .iter()
            .map(|u| (u.sku.as_str(), u.usagetype.as_str(), u.reason.code()))
            .collect();
        assert_eq!(
            unmatched,
            [
                (
                    "FX98VC7W87723UF5",
                    "USE1-TitanTextG1-Express-input-tokens",
                    "no_model"
                ),
                (
                    "FX2UZZCFPQEQR3Z3",
                    "USE1-TitanTextG1-Express-output-tokens",
                    "no_model"
                ),
                (
                    "FXP3NEHPJB4CP6R5",
                    "USW2-MP:USW2_created_image_stable_image_core-Units",
                    "no_model"
                ),
            ]
        );
        assert_eq!(
            r.offers["AmazonBedrock"].unmatched_by_reason,
            BTreeMap::from([("no_model".to_owned(), 2)])
        );
        assert_eq!(
            r.unmatched[0].reason.to_string(),
            r#"no model is named usagetype token "TitanTextG1-Express""#
        );
        let UnmatchedReason::NoModel(detail) = &r.unmatched[2].reason else {
            panic!("{:?}", r.unmatched[2])
        };
        assert!(
            detail.contains("stability.stable-image-core-v1"),
            "{detail}"
        );
    }

    #[test]
    fn per_region_files_give_the_same_result_as_whole_offers() {
        let models = all_models();
        let whole = match_prices(&models, &whole_offers());
        let mut regional_offers = regional_offers();
        let regional = match_prices(&models, &regional_offers);
        assert_eq!(whole.models, regional.models);
        assert_eq!(whole.unmatched, regional.unmatched);
        assert_eq!(whole.duplicates, regional.duplicates);
        assert_eq!(regional.offers["AmazonBedrock"].files, 4);
        assert_eq!(
            regional.offers["AmazonBedrockFoundationModels"].rows_read,
            73
        );
        // The order of the offers does not matter.
        regional_offers.reverse();
        assert_eq!(match_prices(&models, &regional_offers), regional);
    }

    #[test]
    fn region_index_and_offer_metadata() {
        let index = parse_region_index(&read(
            "price-list/offers/v1.0/aws/AmazonBedrock/current/region_index.json",
        ))
        .expect("region index");
        assert_eq!(index.publication_date, "2026-09-11T12:44:08Z");
        assert_eq!(
            index.regions.keys().collect::<Vec<_>>(),
            ["ap-northeast-1", "eu-central-1", "us-east-1", "us-west-2"]
        );
        assert_eq!(
            index.regions["us-east-1"],
            "/offers/v1.0/aws/AmazonBedrock/20260911124408/us-east-1/index.json"
        );
        let offer = parse_offer(&read(
            "price-list/offers/v1.0/aws/AmazonBedrock/20260911124408/us-east-1/index.json",
        ))
        .expect("offer");
        assert_eq!(
            (
                offer.offer_code.as_str(),
                offer.version.as_str(),
                offer.publication_date.as_str(),
                offer.rows.len()
            ),
            (
                "AmazonBedrock",
                "20260911124408",
                "2026-09-11T12:44:08Z",
                34
            )
        );
        let express = offer
            .rows
            .iter()
            .find(|r| r.sku == "FX2UZZCFPQEQR3Z3")
            .expect("Titan Express row");
        assert_eq!(
            express.identity,
            Some(Identity {
                source: IdentitySource::UsagetypeToken,
                value: "TitanTextG1-Express".into()
            })
        );
        assert_eq!(express.provider, None);
    }

    #[test]
    fn phase_3_region_cross_check() {
        let r = match_prices(&models_from(&[NEWEST_MODELS]), &whole_offers());
        let check = &r.models[NOVA_PRO].region_check;
        assert_eq!(check.listed_by_api, ["us-east-1"]);
        assert_eq!(
            check.priced_not_listed,
            ["ap-northeast-1", "eu-central-1", "us-west-2"]
        );
        assert!(check.listed_not_priced.is_empty() && !check.agree);
        // Listed by the API, absent from the price list.
        let glm = &r.models["zai.glm-5"];
        assert!(!glm.is_pricing_available && glm.pricing_summary.is_none());
        assert_eq!(glm.region_check.listed_not_priced, ["us-east-1"]);
    }

    #[test]
    fn legacy_fields_serialize_with_their_names() {
        let r = match_prices(&models_from(&[NEWEST_MODELS]), &whole_offers());
        let json = serde_json::to_value(&r).expect("serialize");
        let nova = &json["models"][NOVA_PRO];
        assert_eq!(nova["is_pricing_available"], true);
        assert_eq!(nova["pricing_file_reference"]["model_key"], NOVA_PRO);
        assert_eq!(nova["pricing_summary"]["total_regions"], 4);
        assert_eq!(
            nova["regions"]["us-east-1"]["on_demand"]["input_tokens"]["price_usd"],
            0.8
        );
        let glm = &json["models"]["zai.glm-5"];
        assert_eq!(glm["is_pricing_available"], false);
        assert_eq!(glm["pricing_reference_id"], serde_json::Value::Null);
        assert_eq!(json["unmatched"][0]["reason"]["kind"], "no_model");
    }

    // --------------------------------------------------------------------------------------------
    // Synthetic offers (written here, not copied from the fixture)
    // --------------------------------------------------------------------------------------------

    /// One product of a synthetic offer, with a single on-demand price.
    struct Row {
        sku: &'static str,
        attributes: serde_json::Value,
        unit: &'static str,
        usd: &'static str,
        description: &'static str,
    }

    impl Row {
        fn unit(self, unit: &'static str, description: &'static str) -> Self {
            Row {
                unit,
                description,
                ..self
            }
        }

        fn usd(self, usd: &'static str) -> Self {
            Row { usd, ..self }
        }
    }

    fn row(sku: &'static str, attributes: serde_json::Value) -> Row {
        Row {
            sku,
            attributes,
            unit: "1K tokens",
            usd: "0.0010000000",
            description: "",
        }
    }

    /// AmazonBedrock-style attributes in us-west-2.
    fn bedrock(
        usagetype: &str,
        model: &str,
        provider: &str,
        inference_type: &str,
    ) -> serde_json::Value {
        serde_json::json!({ "regionCode": "us-west-2", "usagetype": usagetype, "model": model,
            "provider": provider, "inferenceType": inference_type, "feature": "On-demand Inference",
            "servicename": "Amazon Bedrock" })
    }

    fn synthetic_offer(code: &str, rows: Vec<Row>) -> serde_json::Value {
        let mut products = serde_json::Map::new();
        let mut on_demand = serde_json::Map::new();
        for Row {
            sku,
            attributes,
            unit,
            usd,
            description,
        } in rows
        {
            products.insert(
                sku.into(),
                serde_json::json!({ "sku": sku, "attributes": attributes }),
            );
            let term = format!("{sku}.JRTCKXETXF");
            let rate = format!("{term}.6YS6EN2CT7");
            let dimension = serde_json::json!({ "unit": unit, "description": description,
                "pricePerUnit": { "USD": usd } });
            let terms = serde_json::json!({ term: { "priceDimensions": { rate: dimension } } });
            on_demand.insert(sku.into(), terms);
        }
        serde_json::json!({ "formatVersion": "v1.0", "offerCode": code, "version": "20260101000000",
            "publicationDate": "2026-01-01T00:00:00Z", "products": products,
            "terms": { "OnDemand": on_demand } })
    }

    fn parse_json(doc: &serde_json::Value) -> Offer {
        parse_offer(&serde_json::to_vec(doc).expect("serialize")).expect("synthetic offer parses")
    }

    fn model(key: &str, provider: &str, name: &str) -> ModelRef {
        ModelRef {
            key: key.into(),
            model_id: format!("{key}:0"),
            variant_ids: vec![format!("{key}:0")],
            provider: provider.into(),
            name: name.into(),
            regions: vec!["us-west-2".into()],
            ..Default::default()
        }
    }

    #[test]
    fn llama_sizes_and_versions_are_never_confused() {
        let llama = |sku, usagetype, name, usd| {
            row(sku, bedrock(usagetype, name, "Meta", "Input tokens")).usd(usd)
        };
        let mut other_provider = llama(
            "S11ACME",
            "USW2-Llama3-2-11B-input-tokens",
            "Llama 3.2 11B",
            "1",
        );
        other_provider.attributes["provider"] = "Acme".into();
        let offer = parse_json(&synthetic_offer(
            "AmazonBedrock",
            vec![
                llama(
                    "S11",
                    "USW2-Llama3-2-11B-input-tokens",
                    "Llama 3.2 11B",
                    "0.00016",
                ),
                llama(
                    "S90",
                    "USW2-Llama3-2-90B-input-tokens",
                    "Llama 3.2 90B",
                    "0.00072",
                ),
                llama(
                    "S8",
                    "USW2-Llama3-1-8B-input-tokens",
                    "Llama 3.1 8B",
                    "0.00022",
                ),
                llama("S32", "USW2-Llama3-2-input-tokens", "Llama 3.2", "0.0001"),
                other_provider,
            ],
        ));
        let models = [
            model(
                "meta.llama3-2-11b-instruct-v1",
                "Meta",
                "Llama 3.2 11B Instruct",
            ),
            model(
                "meta.llama3-2-90b-instruct-v1",
                "Meta",
                "Llama 3.2 90B Instruct",
            ),
            model(
                "meta.llama3-1-8b-instruct-v1",
                "Meta",
                "Llama 3.1 8B Instruct",
            ),
            model(
                "meta.llama3-1-70b-instruct-v1",
                "Meta",
                "Llama 3.1 70B Instruct",
            ),
        ];
        let r = match_prices(&models, &[offer]);
        let input = |key| usd(&r, key, "us-west-2", "on_demand", "input_tokens");
        assert_eq!(input("meta.llama3-2-11b-instruct-v1"), 0.16);
        assert_eq!(input("meta.llama3-2-90b-instruct-v1"), 0.72);
        assert_eq!(input("meta.llama3-1-8b-instruct-v1"), 0.22);
        assert!(!r.models["meta.llama3-1-70b-instruct-v1"].is_pricing_available);
        // A size-less "Llama 3.2" and another provider's "Llama 3.2 11B" fit no model.
        let unmatched: Vec<(&str, &str)> = r
            .unmatched
            .iter()
            .map(|u| (u.sku.as_str(), u.reason.code()))
            .collect();
        assert_eq!(unmatched, [("S11ACME", "no_model"), ("S32", "no_model")]);
        assert!(r.duplicates.is_empty());
    }

    #[test]
    fn a_row_that_fits_two_models_stays_unmatched() {
        // Two catalogue entries share a display name (up to case): a row naming it without an alias is
        // ambiguous. The `titanModel` alias still resolves exactly.
        let by_servicename = serde_json::json!({ "regionCode": "us-west-2",
            "servicename": "Titan Text Embeddings V2 (Amazon Bedrock Edition)",
            "usagetype": "USW2-MP:USW2_InputTokenCount-Units" });
        let by_titan_model = serde_json::json!({ "regionCode": "us-west-2",
            "titanModel": "TitanEmbeddingsV2-Text-input", "servicename": "Amazon Bedrock",
            "usagetype": "USW2-TitanEmbeddingV2-Text-input-tokens" });
        let offer = parse_json(&synthetic_offer(
            "AmazonBedrockFoundationModels",
            vec![
                row("AMBIGUOUS", by_servicename)
                    .unit("1M tokens", "")
                    .usd("0.02"),
                row("ALIAS", by_titan_model).usd("0.00002"),
            ],
        ));
        let models = [
            model(
                "amazon.titan-embed-text-v2",
                "Amazon",
                "Titan Text Embeddings V2",
            ),
            model(
                "amazon.titan-embed-g1-text-02",
                "Amazon",
                "Titan Text Embeddings v2",
            ),
        ];
        let r = match_prices(&models, &[offer]);
        assert_eq!(r.unmatched.len(), 1);
        let expected = [
            "amazon.titan-embed-g1-text-02",
            "amazon.titan-embed-text-v2",
        ];
        assert_eq!(
            r.unmatched[0].reason,
            UnmatchedReason::Ambiguous(expected.map(String::from).to_vec())
        );
        let kept = price(
            &r,
            "amazon.titan-embed-text-v2",
            "us-west-2",
            "on_demand",
            "input_tokens",
        );
        assert_eq!((kept.sku.as_str(), kept.price_usd), ("ALIAS", 0.02));
        assert!(!r.models["amazon.titan-embed-g1-text-02"].is_pricing_available);
    }

    #[test]
    fn bad_rows_are_reported_not_guessed() {
        let nova = |sku, usagetype, inference_type| {
            row(
                sku,
                bedrock(usagetype, "Nova Pro", "Amazon", inference_type),
            )
        };
        let mut no_region = nova("G_NOREGION", "USW2-NovaPro-output-tokens", "Output tokens");
        no_region
            .attributes
            .as_object_mut()
            .expect("object")
            .remove("regionCode");
        let mut feature_conflict = nova(
            "H_CONFLICT",
            "USW2-NovaPro-input-tokens-flex",
            "Input tokens",
        );
        feature_conflict.attributes["feature"] = "Batch Inference".into();
        let mut doc = synthetic_offer(
            "AmazonBedrock",
            vec![
                nova("A_OK", "USW2-NovaPro-input-tokens", "Input tokens").usd("0.0008"),
                nova("B_BADPRICE", "USW2-NovaPro-output-tokens", "Output tokens").usd("0.00x8"),
                nova("C_ZERO", "USW2-NovaPro-input-tokens-latency-optimized", "")
                    .usd("0.0000000000"),
                nova("D_UNIT", "USW2-NovaPro-output-tokens-flex", "").unit("GB-Mo", ""),
                nova(
                    "E_SPEECH",
                    "USW2-NovaPro-input-tokens-priority",
                    "Speech understanding input token",
                ),
                nova("F_CUSTOM", "USW2-NovaPro-Customization-Training", ""),
                no_region,
                feature_conflict,
                nova(
                    "I_UNKNOWNWORD",
                    "USW2-NovaPro-input-tokens-turbo",
                    "Input tokens",
                ),
                nova("J_NOTERM", "USW2-NovaPro-cache-read-input-token-count", ""),
                nova(
                    "K_TEXT",
                    "USW2-NovaPro-text-input-tokens-flex",
                    "Text input tokens flex",
                )
                .usd("0.0005"),
                nova(
                    "L_TWO",
                    "USW2-NovaPro-output-tokens-priority",
                    "Output tokens priority",
                ),
            ],
        );
        // J loses its term; L gets a second price dimension (a volume tier).
        let on_demand = &mut doc["terms"]["OnDemand"];
        on_demand.as_object_mut().expect("terms").remove("J_NOTERM");
        let l_dimensions = &mut on_demand["L_TWO"]["L_TWO.JRTCKXETXF"]["priceDimensions"];
        let second = l_dimensions["L_TWO.JRTCKXETXF.6YS6EN2CT7"].clone();
        l_dimensions
            .as_object_mut()
            .expect("dimensions")
            .insert("L_TWO.JRTCKXETXF.TIER2".into(), second);

        let offer = parse_json(&doc);
        let problems: Vec<(&str, Option<&str>)> = offer
            .rows
            .iter()
            .map(|r| (r.sku.as_str(), r.usage.as_ref().err().map(RowProblem::code)))
            .collect();
        assert_eq!(
            problems,
            [
                ("A_OK", None),
                ("B_BADPRICE", Some("bad_price")),
                ("C_ZERO", Some("zero_price")),
                ("D_UNIT", Some("unknown_unit")),
                ("E_SPEECH", Some("unclassified")),
                ("F_CUSTOM", Some("unclassified")),
                ("G_NOREGION", Some("no_region")),
                ("H_CONFLICT", Some("unclassified")),
                ("I_UNKNOWNWORD", Some("unclassified")),
                ("J_NOTERM", Some("no_price")),
                ("K_TEXT", None),
                ("L_TWO", Some("multiple_prices")),
            ]
        );
        let r = match_prices(&[model(NOVA_PRO, "Amazon", "Nova Pro")], &[offer]);
        assert_eq!(
            usd(&r, NOVA_PRO, "us-west-2", "on_demand", "input_tokens"),
            0.8
        );
        // Tokens of one modality keep their own dimension.
        assert_eq!(
            usd(&r, NOVA_PRO, "us-west-2", "flex", "text_input_tokens"),
            0.5
        );
        let s = &r.offers["AmazonBedrock"];
        assert_eq!((s.rows_read, s.rows_matched, s.rows_unmatched), (12, 2, 10));
        assert_eq!(s.unmatched_by_reason["unclassified"], 4);
        // The rows still name their model, so the report says whose price was dropped.
        assert!(
            r.unmatched
                .iter()
                .all(|u| u.model_key.as_deref() == Some(NOVA_PRO))
        );
    }

    #[test]
    fn malformed_documents_are_errors_not_panics() {
        let whole = read("price-list/offers/v1.0/aws/AmazonBedrockService/current/index.json");
        let truncated = parse_offer(&whole[..whole.len() / 2]).expect_err("truncated");
        assert_eq!(truncated.kind, PriceListErrorKind::Truncated);
        assert_eq!(truncated.document, PriceListDocument::OfferFile);
        let message = truncated.to_string();
        assert!(
            message.starts_with("price list offer file ends early (truncated download?) at line "),
            "{message}"
        );
        assert!(std::error::Error::source(&truncated).is_some());

        assert_eq!(
            parse_offer(b"<html>Service Unavailable</html>")
                .expect_err("html")
                .kind,
            PriceListErrorKind::Syntax
        );
        assert_eq!(
            parse_offer(b"").expect_err("empty").kind,
            PriceListErrorKind::Truncated
        );
        assert_eq!(
            parse_offer(&[0xff, 0xfe, b'{'])
                .expect_err("not UTF-8")
                .kind,
            PriceListErrorKind::Syntax
        );
        let shape = parse_offer(br#"{"offerCode": "AmazonBedrock", "version": "1"}"#)
            .expect_err("no products");
        assert_eq!(shape.kind, PriceListErrorKind::Shape);
        assert!(
            shape.to_string().contains("missing field `products`"),
            "{shape}"
        );
        let wrong_type = parse_offer(br#"{"offerCode": 7, "version": "1", "products": {}}"#)
            .expect_err("number");
        assert_eq!(wrong_type.kind, PriceListErrorKind::Shape);

        let index = read("price-list/offers/v1.0/aws/AmazonBedrock/current/region_index.json");
        let error = parse_region_index(&index[..100]).expect_err("truncated index");
        assert_eq!(error.document, PriceListDocument::RegionIndex);
        assert!(
            error
                .to_string()
                .starts_with("price list region index ends early"),
            "{error}"
        );
        // A region index is not an offer file, and the other way round.
        assert!(parse_offer(&index).is_err());
        assert!(parse_region_index(&whole).is_err());
    }

    #[test]
    fn escaped_strings_are_read() {
        // Borrowed parsing must not reject strings with escapes.
        let bytes = br#"{"offerCode":"AmazonBedrock","version":"1","products":{"S1":{"attributes":{
            "regionCode":"us-west-2","usagetype":"USW2-NovaPro-input-tokens","model":"Nova\u0020Pro","provider":"Amazon"}}},
            "terms":{"OnDemand":{"S1":{"S1.T":{"priceDimensions":{"S1.T.R":{"unit":"1K tokens",
            "description":"caf\u00e9","pricePerUnit":{"USD":"0.0008"}}}}}}}}"#;
        let offer = parse_offer(bytes).expect("offer");
        assert_eq!(
            offer.rows[0].identity.as_ref().map(|i| i.value.as_str()),
            Some("Nova Pro")
        );
        assert_eq!(offer.rows[0].usage.as_ref().map(|u| u.price_usd), Ok(0.8));
    }

    // --------------------------------------------------------------------------------------------
    // Rules, one by one
    // --------------------------------------------------------------------------------------------

    #[test]
    fn name_normalisation_rule() {
        assert_eq!(normalise_name("Llama 3.3 70B Instruct"), "llama 3.3 70b");
        assert_eq!(normalise_name("Llama 3.3 70B"), "llama 3.3 70b");
        assert_ne!(
            normalise_name("Llama 3.2 11B Instruct"),
            normalise_name("Llama 3.2 90B")
        );
        assert_eq!(
            normalise_name("Nova 2.0 Lite"),
            normalise_name("Nova 2 Lite")
        );
        assert_ne!(
            normalise_name("Claude 3.5 Sonnet"),
            normalise_name("Claude 3 Sonnet")
        );
        assert_ne!(
            normalise_name("Nova 2.0 Lite"),
            normalise_name("Nova 2.5 Lite")
        );
        assert_eq!(
            normalise_name("Titan Text G1 - Express"),
            "titan text g1 express"
        );
        assert_eq!(normalise_name("Command R+"), "command r+");
        assert_ne!(normalise_name("Command R+"), normalise_name("Command R"));
        assert_eq!(
            normalise_name("Mistral Large (24.02)"),
            "mistral large 24.02"
        );
        assert_eq!(
            token_to_name("TitanTextG1-Express"),
            "titan text g1 express"
        );
        let deepseek = provider_words("DeepSeek");
        assert_eq!(strip_provider(&name_words("DeepSeek-R1"), &deepseek), "r1");
        assert_eq!(strip_provider(&name_words("R1"), &deepseek), "r1");
        assert_eq!(
            strip_provider(&name_words("DeepSeek"), &deepseek),
            "deepseek",
            "never strips to nothing"
        );
    }

    /// Resolves one identity against the full fixture catalogue: `Ok(key)`, or `Err(reason code)`.
    fn resolve_against_catalogue(
        index: &ModelIndex,
        source: IdentitySource,
        value: &str,
        provider: Option<&str>,
    ) -> Result<String, &'static str> {
        let row = OfferRow {
            sku: "S".into(),
            region: "us-east-1".into(),
            usagetype: String::new(),
            identity: Some(Identity {
                source,
                value: value.into(),
            }),
            provider: provider.map(str::to_owned),
            usage: Err(RowProblem::NoPrice),
        };
        match index.resolve(&row) {
            Resolution::Model(m) => Ok(m.key.clone()),
            Resolution::NoIdentity => Err("no_identity"),
            Resolution::NoModel(_) => Err("no_model"),
            Resolution::Ambiguous(_) => Err("ambiguous"),
        }
    }

    #[test]
    fn price_list_identities_resolve_exactly() {
        use IdentitySource::{Model, Servicename, UsagetypeToken};
        let models = all_models();
        let index = ModelIndex::new(&models);
        // `model` values (with `provider`) and FM `servicename` values quoted in price-list-format.md.
        // (attribute, value, provider attribute, model key or reason code)
        type Case = (
            IdentitySource,
            &'static str,
            Option<&'static str>,
            Result<&'static str, &'static str>,
        );
        let cases: &[Case] = &[
            (
                Model,
                "Claude 2.0",
                Some("Anthropic"),
                Ok("anthropic.claude-v2"),
            ),
            (
                Model,
                "Claude 3 Haiku",
                Some("Anthropic"),
                Ok("anthropic.claude-3-haiku-20240307-v1"),
            ),
            (
                Model,
                "Llama 3.1 70B",
                Some("Meta"),
                Ok("meta.llama3-1-70b-instruct-v1"),
            ),
            (
                Model,
                "Llama 3.1 70B Latency Optimized",
                Some("Meta"),
                Ok("meta.llama3-1-70b-instruct-v1"),
            ),
            (
                Model,
                "Llama 4 Maverick 17B",
                Some("Meta"),
                Ok("meta.llama4-maverick-17b-instruct-v1"),
            ),
            (Model, "Llama 3.2", Some("Meta"), Err("no_model")),
            (
                Model,
                "Nova Premier",
                Some("Amazon"),
                Ok("amazon.nova-premier-v1"),
            ),
            (
                Model,
                "Nova 2.0 Lite",
                Some("Amazon"),
                Ok("amazon.nova-2-lite-v1"),
            ),
            (Model, "Nova 2.0 Pro", Some("Amazon"), Err("no_model")),
            (
                Model,
                "Mistral Large 3",
                Some("Mistral AI"),
                Ok("mistral.mistral-large-3-675b-instruct"),
            ),
            (
                Model,
                "Mistral Large",
                Some("Mistral AI"),
                Ok("mistral.mistral-large-2402-v1"),
            ),
            (
                Model,
                "Pixtral Large 25.02",
                Some("Mistral AI"),
                Ok("mistral.pixtral-large-2502-v1"),
            ),
            (
                Model,
                "Qwen3 Coder 30B A3B",
                Some("Qwen"),
                Ok("qwen.qwen3-coder-30b-a3b-v1"),
            ),
            (Model, "Qwen3 32B", Some("Qwen"), Ok("qwen.qwen3-32b-v1")),
            (Model, "R1", Some("DeepSeek"), Ok("deepseek.r1-v1")),
            (
                Model,
                "DeepSeek v3.2",
                Some("DeepSeek"),
                Ok("deepseek.v3.2"),
            ),
            (Model, "R1", Some("Meta"), Err("no_model")),
            (
                Model,
                "Nova MME",
                Some("Amazon"),
                Ok("amazon.nova-2-multimodal-embeddings-v1"),
            ),
            (
                Servicename,
                "Claude Sonnet 4.5",
                None,
                Ok("anthropic.claude-sonnet-4-5-20250929-v1"),
            ),
            (
                Servicename,
                "Claude Sonnet 4",
                None,
                Ok("anthropic.claude-sonnet-4-20250514-v1"),
            ),
            (
                Servicename,
                "Claude 3.5 Sonnet",
                None,
                Ok("anthropic.claude-3-5-sonnet-20240620-v1"),
            ),
            (
                Servicename,
                "Claude 3.5 Sonnet v2",
                None,
                Ok("anthropic.claude-3-5-sonnet-20241022-v2"),
            ),
            (Servicename, "Claude", None, Ok("anthropic.claude-v2")),
            (
                Servicename,
                "Claude Instant",
                None,
                Ok("anthropic.claude-instant-v1"),
            ),
            (Servicename, "Claude Instant (100K)", None, Err("no_model")),
            (
                Servicename,
                "Cohere Command R+",
                None,
                Ok("cohere.command-r-plus-v1"),
            ),
            (
                Servicename,
                "Cohere Command R",
                None,
                Ok("cohere.command-r-v1"),
            ),
            (
                Servicename,
                "Cohere Embed 3 Model - English",
                None,
                Ok("cohere.embed-english-v3"),
            ),
            (
                Servicename,
                "Jamba 1.5 Large",
                None,
                Ok("ai21.jamba-1-5-large-v1"),
            ),
            (Servicename, "Palmyra X4", None, Ok("writer.palmyra-x4-v1")),
            (
                UsagetypeToken,
                "TitanTextG1-Express",
                None,
                Ok("amazon.titan-text-express-v1"),
            ),
            (
                UsagetypeToken,
                "mistral.mistral-large-3-675b-instruct",
                None,
                Ok("mistral.mistral-large-3-675b-instruct"),
            ),
            (UsagetypeToken, "Llama3-3-70B", None, Err("no_model")),
            // Two catalogue keys carry this display name (up to case).
            (
                Servicename,
                "Titan Text Embeddings V2",
                None,
                Err("ambiguous"),
            ),
        ];
        for (source, value, provider, expected) in cases {
            let got = resolve_against_catalogue(&index, *source, value, *provider);
            assert_eq!(
                got.as_deref().map_err(|e| *e),
                *expected,
                "{source:?} {value:?} {provider:?}"
            );
        }
    }

    #[test]
    fn aliases_point_at_catalogue_keys() {
        let keys: BTreeSet<String> = all_models().into_iter().map(|m| m.key).collect();
        for (source, value, key) in ALIASES {
            assert!(
                keys.contains(*key),
                "{source:?} {value:?} → {key} is not a fixture model key"
            );
        }
        let sources_and_values: BTreeSet<_> = ALIASES.iter().map(|(s, v, _)| (s, v)).collect();
        assert_eq!(
            sources_and_values.len(),
            ALIASES.len(),
            "an identity has one alias at most"
        );
    }

    #[test]
    fn usagetype_grammar() {
        let p = parse_usagetype(
            "USW2-mistral.mistral-large-3-675b-instruct-mantle-input-tokens-standard",
        );
        assert_eq!(
            p.model_token.as_deref(),
            Some("mistral.mistral-large-3-675b-instruct")
        );
        assert!(p.mantle);
        assert_eq!(p.words, ["input", "tokens", "standard"]);
        let p = parse_usagetype("USE1-MP:USE1_CacheWrite1hInputTokenCount_Global-Units");
        assert_eq!(p.model_token, None);
        assert_eq!(
            p.words,
            ["cache", "write1h", "input", "token", "count", "global"]
        );
        let p = parse_usagetype("USE1-Llama3-1-70B-LatencyOptimized-input-tokens");
        assert_eq!(p.model_token.as_deref(), Some("Llama3-1-70B"));
        let p = parse_usagetype("USE1-NovaCanvas-T2I-1024-Standard");
        assert_eq!(
            p.image.as_deref(),
            Some(&["t2i".to_owned(), "1024".into(), "standard".into()][..])
        );
        let p = parse_usagetype("USE1-Nova2.0Pro-text-input-tokens-priority-cross-region-global");
        assert_eq!(
            (p.model_token.as_deref(), p.modality.as_deref()),
            (Some("Nova2.0Pro-text"), Some("text"))
        );
        assert_eq!(
            split_words("Reserved_1Month_InputTPM_Geo"),
            ["reserved", "1", "month", "input", "tpm", "geo"]
        );
        assert_eq!(
            split_words("InputTokenCount_LCtx_Global"),
            ["input", "token", "count", "lctx", "global"]
        );
    }

    fn classify_text(usagetype: &str) -> Result<(String, String), RowProblem> {
        let parsed = parse_usagetype(usagetype);
        classify(&parsed, &RawAttributes::default(), None).map(|c| (c.route, c.dimension))
    }

    #[test]
    fn route_and_dimension_rule() {
        let ok = |route: &str, dimension: &str| Ok((route.to_owned(), dimension.to_owned()));
        assert_eq!(
            classify_text("USE1-MP:USE1_InputTokenCount-Units"),
            ok("on_demand", "input_tokens")
        );
        assert_eq!(
            classify_text("USE1-MP:USE1_OutputTokenCount_Geo-Units"),
            ok("on_demand_geo", "output_tokens")
        );
        assert_eq!(
            classify_text("USE1-MP:USE1_InputTokenCount_Global_Batch-Units"),
            ok("batch_global", "input_tokens")
        );
        assert_eq!(
            classify_text("APN1-MP:APN1_MillionBatchInputTokens-Units"),
            ok("batch", "input_tokens")
        );
        assert_eq!(
            classify_text("USE1-MP:USE1_CacheReadInputTokenCount_LCtx-Units"),
            ok("on_demand", "cache_read_input_tokens_long_context")
        );
        assert_eq!(
            classify_text("APN2-MP:APN2_CacheWrite1hInputTokenCount_LCtx_Global-Units"),
            ok(
                "on_demand_global",
                "cache_write_1h_input_tokens_long_context"
            )
        );
        assert_eq!(
            classify_text("APS7-MP:APS7_Reserved_1Month_InputTPM_Geo-Units"),
            ok("reserved_geo", "input_tpm_1_month")
        );
        assert_eq!(
            classify_text("USE1-MP:USE1_cache_write_tokens_1h_global_standard-Units"),
            ok("on_demand_global", "cache_write_1h_input_tokens")
        );
        assert_eq!(
            classify_text("USE1-MP:USE1_input_tokens_long_ctx_global_standard-Units"),
            ok("on_demand_global", "input_tokens_long_context")
        );
        assert_eq!(
            classify_text("USE1-Claude4Sonnet-input-tokens-cross-region-global-batch"),
            ok("batch_global", "input_tokens")
        );
        assert_eq!(
            classify_text(
                "USE1-Claude4.5Sonnet-reserved-3-month-input-tokens-per-minute-cross-region-geo"
            ),
            ok("reserved_geo", "input_tpm_3_month")
        );
        assert_eq!(
            classify_text("USE1-Nova2.0Lite-ProvisionedThroughput-NoCommit-ModelUnits"),
            ok("provisioned", "model_unit_no_commit")
        );
        assert_eq!(
            classify_text("APN1-zai.glm5-mantle-input-tokens-flex"),
            ok("mantle_flex", "input_tokens")
        );
        assert_eq!(
            classify_text("USE1-Qwen3Coder-30B-A3B-output-tokens-priority"),
            ok("priority", "output_tokens")
        );
        assert_eq!(
            classify_text("USE1-Llama3-1-70B-LatencyOptimized-input-tokens"),
            ok("latency_optimized", "input_tokens")
        );
        for bad in [
            "USE1-Nova2.0Lite-Customization-Training",
            "USE1-NovaPro-input-tokens-custom-model",
            "USE1-MP:USE1_inputAudioSecond-Units",
            "USE1-MP:USE1_search_units-Units",
            "USE1-MP:USE1_InputTokenCount_Global_Geo-Units",
            "USE1-MP:USE1_Reserved_1Month_Geo-Units",
            "USE1-Nova2.0Lite-ProvisionedThroughput-ModelUnits",
            "USE1-AmazonRerank-v1-searchunits",
        ] {
            assert!(
                matches!(classify_text(bad), Err(RowProblem::Unclassified(_))),
                "{bad}: {:?}",
                classify_text(bad)
            );
        }
    }

    #[test]
    fn decimal_scaling_is_exact() {
        assert_eq!(parse_decimal("0.0008000000", 3), Some(0.8));
        assert_eq!(parse_decimal("0.0000175000", 3), Some(0.0175));
        assert_eq!(parse_decimal("0.0026300000", 3), Some(2.63));
        assert_eq!(parse_decimal("3.3000000000", 0), Some(3.3));
        assert_eq!(parse_decimal("24", 3), Some(24000.0));
        assert_eq!(parse_decimal(".5", 0), Some(0.5));
        for bad in ["", ".", "-1", "1e-3", "0,5", "abc", "1.2.3", " 1"] {
            assert_eq!(parse_decimal(bad, 3), None, "{bad:?}");
        }
    }
}
