//! The prices as the catalogue carries them, and the vocabulary of a Price List row (identity, problems).

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

// ------------------------------------------------------------------------------------------------
// Output
// ------------------------------------------------------------------------------------------------

/// One price of one model in one region and route.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
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

/// The token dimensions of a route, in reading order: every profile price lists them (`null`
/// where there is no row), and `show` and the page print prices in this order.
pub const TOKEN_DIMENSIONS: [&str; 5] = [
    "input_tokens",
    "output_tokens",
    "cache_read_input_tokens",
    "cache_write_input_tokens",
    "cache_write_1h_input_tokens",
];

/// The routes in reading order for people (`show`, the page); others follow by name.
pub const ROUTE_ORDER: [&str; 10] = [
    "on_demand",
    "on_demand_geo",
    "on_demand_global",
    "batch",
    "batch_geo",
    "batch_global",
    "flex",
    "priority",
    "latency_optimized",
    "provisioned",
];

/// Legacy `pricing_file_reference`; now it names the catalogue entry the prices were joined to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct PricingFileReference {
    pub provider: String,
    pub model_key: String,
    pub model_name: String,
}

/// Legacy `pricing_summary`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct PricingSummary {
    pub total_regions: usize,
    pub has_batch_pricing: bool,
    pub available_regions: Vec<String>,
    /// Legacy vocabulary: `on_demand` (also flex, priority, latency-optimized, mantle), `batch`,
    /// `provisioned` (provisioned throughput and reserved capacity).
    pub pricing_types: Vec<String>,
}

/// Phase 3: the regions the API listed against the regions the price list prices.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
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
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
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
    /// Regional rates the Price List files as `on_demand` in regions where the model is callable
    /// only through a profile, moved in `regions` to the geo-profile route that bills them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relabelled_routes: Vec<RelabelledRoute>,
}

/// A regional rate filed under `on_demand` in a region where the model is callable only through a
/// profile: it was moved to the route that bills it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct RelabelledRoute {
    pub region: String,
    pub from: String,
    pub to: String,
}

/// A row that gave no model a price.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
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

/// Two rows for the same model, region, route and dimension; `kept` is in the price table, `dropped`
/// is not (each with its SKU, offer and usagetype).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
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
#[derive(
    Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub struct OfferSummary {
    pub versions: BTreeSet<String>,
    pub publication_dates: BTreeSet<String>,
    pub files: usize,
    pub rows_read: usize,
    /// Rows whose price is in the catalogue body (one per model, region, route and dimension).
    pub rows_matched: usize,
    /// Rows joined to a model whose price slot another row already fills (listed in
    /// `metadata.duplicate_price_rows`).
    #[serde(default)]
    pub rows_duplicate: usize,
    pub rows_unmatched: usize,
    pub unmatched_by_reason: BTreeMap<String, usize>,
}

/// The attribute a row's model identity was taken from.
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
    serde::Deserialize,
    schemars::JsonSchema,
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
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

/// The largest token price believed, in USD per 1M tokens: far above any real model's.
pub const MAX_TOKEN_PRICE_USD: f64 = 10_000.0;

/// Why a row has no usable price. Serialized as `{"kind": …, "detail": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
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
    /// A token price beyond any real one (more than $10,000 per 1M tokens), in USD per 1M tokens.
    OutOfRange(String),
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
            Self::OutOfRange(_) => "out_of_range",
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
            Self::OutOfRange(price) => write!(
                f,
                "{price} USD per 1M tokens is more than any real price ({MAX_TOKEN_PRICE_USD})"
            ),
            Self::UnknownUnit(unit) => write!(f, "unit {unit:?} does not fit the usage"),
            Self::Unclassified(why) => write!(f, "unrecognised usage: {why}"),
        }
    }
}
