//! What a call costs and can do, per way to call: the price of each inference profile from its
//! source region, the model's feature flags, and its lifecycle timeline.

use std::collections::BTreeMap;

use serde::Serialize;

use super::pricing::Price;

// ------------------------------------------------------------------------------------------------
// Prices per profile
// ------------------------------------------------------------------------------------------------

/// Which rates a profile bills: a geographic profile (`us.`, `eu.`, `apac.`, ...) the source
/// region's geo rate, a global profile (`global.`) the global rate.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ProfileScope {
    Geo,
    Global,
}

/// One price of a call through a profile, with the route of `model_pricing.regions[source]` it
/// was taken from.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct RoutePrice {
    /// The route of `model_pricing.regions[source_region]` (`on_demand_geo`, `on_demand_global`,
    /// `batch_geo`, ...).
    pub route: String,
    #[serde(flatten)]
    pub price: Price,
}

/// What a call through one profile costs from its source region, per dimension. The five token
/// dimensions (`input_tokens`, `output_tokens`, `cache_read_input_tokens`,
/// `cache_write_input_tokens`, `cache_write_1h_input_tokens`) are always present, `null` where the
/// Price List has no row (the reason is in `missing`); every other dimension of the route
/// (long-context tiers, images, ...) is present where it has a row.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct ProfilePricing {
    pub scope: ProfileScope,
    /// The route whose rows price on-demand calls (`on_demand_geo`, `on_demand_global`), `null`
    /// when the source region has none for this scope.
    pub route: Option<String>,
    /// Dimension -> USD price of an on-demand call, or `null`.
    pub on_demand: BTreeMap<String, Option<RoutePrice>>,
    /// Dimension -> USD price of a batch job through the profile, where the offer has batch rows
    /// for this scope in the source region; empty otherwise (the reason is in `missing`).
    pub batch: BTreeMap<String, RoutePrice>,
    /// Dimension (or `batch`) -> why it has no price.
    pub missing: BTreeMap<String, String>,
}

// ------------------------------------------------------------------------------------------------
// Feature flags
// ------------------------------------------------------------------------------------------------

/// One feature of a model: whether it has it (`null`: no source says), and who says so.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct FeatureFlag {
    pub supported: Option<bool>,
    /// `litellm:<key>`, `correction:<key>`, or `null` when unknown.
    pub source: Option<String>,
    /// The correction's citation, when a correction set the flag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
}

/// What a model can do, from LiteLLM's `supports_*` flags of the key its token specs matched, and
/// the corrections file (which wins).
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct Features {
    pub function_calling: FeatureFlag,
    pub vision: FeatureFlag,
    pub prompt_caching: FeatureFlag,
    pub reasoning: FeatureFlag,
    pub pdf_input: FeatureFlag,
    pub response_schema: FeatureFlag,
    pub tool_choice: FeatureFlag,
    pub computer_use: FeatureFlag,
}

/// The feature names, in the order of [`Features`], each with LiteLLM's field.
pub const FEATURES: [(&str, &str); 8] = [
    ("function_calling", "supports_function_calling"),
    ("vision", "supports_vision"),
    ("prompt_caching", "supports_prompt_caching"),
    ("reasoning", "supports_reasoning"),
    ("pdf_input", "supports_pdf_input"),
    ("response_schema", "supports_response_schema"),
    ("tool_choice", "supports_tool_choice"),
    ("computer_use", "supports_computer_use"),
];

impl Features {
    /// Every flag by its name, in the order of [`FEATURES`].
    pub fn flags(&self) -> [(&'static str, &FeatureFlag); 8] {
        [
            (FEATURES[0].0, &self.function_calling),
            (FEATURES[1].0, &self.vision),
            (FEATURES[2].0, &self.prompt_caching),
            (FEATURES[3].0, &self.reasoning),
            (FEATURES[4].0, &self.pdf_input),
            (FEATURES[5].0, &self.response_schema),
            (FEATURES[6].0, &self.tool_choice),
            (FEATURES[7].0, &self.computer_use),
        ]
    }

    /// The flag of that name, if it is one of [`FEATURES`].
    pub fn flag_mut(&mut self, name: &str) -> Option<&mut FeatureFlag> {
        Some(match name {
            "function_calling" => &mut self.function_calling,
            "vision" => &mut self.vision,
            "prompt_caching" => &mut self.prompt_caching,
            "reasoning" => &mut self.reasoning,
            "pdf_input" => &mut self.pdf_input,
            "response_schema" => &mut self.response_schema,
            "tool_choice" => &mut self.tool_choice,
            "computer_use" => &mut self.computer_use,
            _ => return None,
        })
    }
}

// ------------------------------------------------------------------------------------------------
// Lifecycle
// ------------------------------------------------------------------------------------------------

/// The four lifecycle dates ListFoundationModels gives, as it gives them (ISO 8601), `null` when
/// absent.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(default)]
pub struct LifecycleDates {
    pub start_of_life_time: Option<String>,
    pub legacy_time: Option<String>,
    pub public_extended_access_time: Option<String>,
    pub end_of_life_time: Option<String>,
}

impl LifecycleDates {
    /// The dates by their field name, in lifecycle order.
    pub fn fields(&self) -> [(&'static str, Option<&str>); 4] {
        [
            ("start_of_life_time", self.start_of_life_time.as_deref()),
            ("legacy_time", self.legacy_time.as_deref()),
            (
                "public_extended_access_time",
                self.public_extended_access_time.as_deref(),
            ),
            ("end_of_life_time", self.end_of_life_time.as_deref()),
        ]
    }
}

/// A date with the region that gives it (the first region, by name, among those with that date).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct RegionDate {
    pub date: String,
    pub region: String,
}

/// Per model: the earliest legacy and end-of-life date over its regions, `null` when no region
/// gives one; the model's end of life with who gives it, and where the sources disagree on it.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(default)]
pub struct LifecycleTimeline {
    pub earliest_legacy_time: Option<RegionDate>,
    pub earliest_end_of_life_time: Option<RegionDate>,
    /// The model's end of life: AWS's earliest over the regions (as `earliest_end_of_life_time`),
    /// else LiteLLM's `deprecation_date`; absent when neither gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_of_life: Option<SourcedDate>,
    /// LiteLLM's `deprecation_date` where it is no region's AWS end of life (AWS's is used).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<DateDisagreement>,
}

impl LifecycleTimeline {
    /// Where the model's end of life comes from, to follow its date: ` in us-east-1 (source aws)`
    /// or ` (source litellm:<key>)`, with each source that disagrees (`; litellm:<key> says
    /// 2027-01-08`); `None` without an end of life.
    pub fn end_of_life_origin(&self) -> Option<String> {
        let d = self.end_of_life.as_ref()?;
        let (place, label) = match d.source {
            DateSource::Aws => (format!(" in {}", d.from), d.source.label()),
            DateSource::Litellm => (String::new(), d.from.as_str()),
        };
        let others: String = (self.conflicts.iter())
            .map(|c| format!("; {} says {}", c.other.from, c.other.day()))
            .collect();
        Some(format!("{place} (source {label}{others})"))
    }
}

/// Who gives a lifecycle date.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// ListFoundationModels' `modelLifecycle`, per region: the authority.
    Aws,
    /// LiteLLM's `deprecation_date` of the key the token specs matched.
    Litellm,
}

impl DateSource {
    pub fn label(self) -> &'static str {
        match self {
            DateSource::Aws => "aws",
            DateSource::Litellm => "litellm",
        }
    }
}

/// A lifecycle date with who gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct SourcedDate {
    /// As the source writes it: ISO 8601 from AWS, `YYYY-MM-DD` from LiteLLM.
    pub date: String,
    pub source: DateSource,
    /// For `aws` the region that gives it; for `litellm` the key (`litellm:<key>`).
    pub from: String,
}

impl SourcedDate {
    /// The day (`YYYY-MM-DD`) of the date, what two sources are compared on.
    pub fn day(&self) -> &str {
        self.date.get(..10).unwrap_or(&self.date)
    }
}

/// A lifecycle field two sources give.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum LifecycleField {
    /// AWS's `endOfLifeTime`; LiteLLM's `deprecation_date`.
    EndOfLifeTime,
}

/// Two sources that give different days for the same lifecycle date of a model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct DateDisagreement {
    pub field: LifecycleField,
    /// The date used (AWS's).
    pub chosen: SourcedDate,
    /// The date not used (LiteLLM's).
    pub other: SourcedDate,
}
