//! Token specs as the catalogue carries them: values, their sources, matches and disagreements,
//! the LiteLLM key shapes, and the sample's legacy `converse_data`.

use serde::{Serialize, Serializer};

// ---------------------------------------------------------------------------------------------
// Result types
// ---------------------------------------------------------------------------------------------

/// What a model outputs, which decides which limits apply.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    /// Output includes `TEXT`: context window and max output tokens.
    Text,
    /// Output is `EMBEDDING`: input limit only.
    Embedding,
    /// Output is only images, video or speech: token limits do not apply.
    MediaOutput,
    /// No output modalities listed: nothing is taken from LiteLLM.
    UnknownOutput,
}

/// Where one value came from, or why it is missing.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ValueSource {
    Corrected,
    Litellm,
    /// LiteLLM was loaded but has no usable value for exactly this model.
    NotFound,
    /// LiteLLM could not be loaded, and no correction gives the value.
    LitellmUnavailable,
    /// The limit does not apply to this kind of model (an embedding's output, an image model).
    NotApplicable,
}

/// Where the spec's values came from, overall.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum SpecSource {
    /// Every value present came from a correction.
    Corrected,
    /// Every value present came from LiteLLM.
    Litellm,
    /// Some from each.
    CorrectedAndLitellm,
    /// No value: LiteLLM has none for this model and no correction applies.
    NotFound,
    /// No value: LiteLLM could not be loaded and no correction applies.
    LitellmUnavailable,
    /// No value, and none expected: image, video or speech output.
    NotApplicable,
}

/// How the LiteLLM entry was matched.
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
pub enum MatchKind {
    /// The key names exactly the model's id.
    ExactId,
    /// The key names the same id with or without `:0`.
    VersionSuffix,
    /// The only LiteLLM id with the same vendor and name tokens (rule 4).
    UniqueNormalizedName,
}

/// Which corrections-file key matched the model.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum CorrectionMatch {
    ModelId,
    ModelKey,
    VariantId,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct AppliedCorrection {
    pub key: String,
    pub matched_via: CorrectionMatch,
    pub context_window: Option<u64>,
    pub max_output_tokens: Option<u64>,
    pub reason: Option<String>,
    pub source_url: Option<String>,
}

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
pub enum Field {
    ContextWindow,
    MaxOutputTokens,
}

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
pub enum DisagreementKind {
    /// The applied correction differs from the chosen LiteLLM value (the correction is used).
    CorrectionVsLitellm,
    /// Other LiteLLM keys for the same model give another value than the chosen key.
    BetweenLitellmKeys,
    /// Another correction matching the same model gives another value than the applied one.
    BetweenCorrections,
}

/// Two sources, or two keys of one source, that give different values for the same model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Disagreement {
    pub field: Field,
    pub kind: DisagreementKind,
    /// The value the rules picked from the first source (a correction's, or the chosen LiteLLM key's).
    pub chosen_value: Option<u64>,
    /// `correction:<key>` or `litellm:<key>`.
    pub chosen_from: String,
    pub other_value: u64,
    /// Every key giving `other_value`, each as `correction:<key>` or `litellm:<key>`.
    pub other_from: Vec<String>,
}

/// A provisioned-throughput variant id and the context length its suffix names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct ContextVariant {
    pub variant_id: String,
    /// What follows the version, e.g. `28k`, `200k`, `mm`, `512`.
    pub suffix: String,
    /// `28k` → 28,000; `512` → 512; `None` when the suffix is not a size (`mm`).
    pub nominal_context_tokens: Option<u64>,
}

/// The token specification of one model key, with its provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct TokenSpec {
    /// The invocable id the spec was resolved for.
    pub model_id: String,
    pub model_kind: ModelKind,
    pub context_window: Option<u64>,
    pub max_output_tokens: Option<u64>,
    pub source: SpecSource,
    pub context_window_source: ValueSource,
    pub max_output_tokens_source: ValueSource,
    /// The LiteLLM key used (also set when that entry has no usable value).
    pub matched_key: Option<String>,
    pub match_kind: Option<MatchKind>,
    pub key_shape: Option<KeyShape>,
    pub litellm_mode: Option<String>,
    pub correction: Option<AppliedCorrection>,
    /// Serialized as `conflicts`, the name the issue and the catalogue's readers use.
    #[serde(rename = "conflicts")]
    pub disagreements: Vec<Disagreement>,
    pub context_variants: Vec<ContextVariant>,
    /// Plain-language remarks: why a value is missing, ignored entries, ambiguous names.
    pub notes: Vec<String>,
    /// Each output token's weight against the model's tokens-per-minute quotas; absent when
    /// unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_token_burndown: Option<crate::catalog::quotas::OutputTokenBurndown>,
    /// What the chosen LiteLLM key says beyond token limits; absent when it says none of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub litellm_extras: Option<LiteLlmExtras>,
}

/// LiteLLM's `deprecation_date`, `successor_model` and `prompt_cache_min_tokens` for a model,
/// labelled with the key they come from. AWS's own lifecycle dates (`lifecycle_timeline`) are
/// the authority; this date is LiteLLM's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct LiteLlmExtras {
    /// `litellm:<key>`.
    pub source: String,
    pub deprecation_date: Option<String>,
    pub successor_model: Option<String>,
    pub prompt_cache_min_tokens: Option<u64>,
}

/// How a LiteLLM key names its model, in order of preference.
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
pub enum KeyShape {
    /// `vendor.model`, e.g. `anthropic.claude-sonnet-4-5-20250929-v1:0`.
    Base,
    /// `bedrock/vendor.model`, `bedrock_converse/vendor.model`, `bedrock/invoke/vendor.model`.
    Route,
    /// A cross-region inference profile: `us.vendor.model`, `global.vendor.model`, ….
    InferenceProfile,
    /// `bedrock/<region>/vendor.model`.
    Regional,
    /// `bedrock/<region or *>/<n>-month-commitment/vendor.model` (provisioned throughput prices).
    Commitment,
}

/// A token count as the legacy output writes it: a number, or the string `"N/A"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenCount {
    Known(u64),
    NotAvailable,
}

impl schemars::JsonSchema for TokenCount {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "TokenCount".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A token count, or \"N/A\" when unknown.",
            "oneOf": [{"type": "integer", "minimum": 0}, {"const": "N/A"}]
        })
    }
}

impl Serialize for TokenCount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            TokenCount::Known(n) => serializer.serialize_u64(*n),
            TokenCount::NotAvailable => serializer.serialize_str("N/A"),
        }
    }
}

impl<'de> serde::Deserialize<'de> for TokenCount {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Written {
            Number(u64),
            Text(String),
        }
        match Written::deserialize(deserializer)? {
            Written::Number(n) => Ok(TokenCount::Known(n)),
            Written::Text(t) if t == "N/A" => Ok(TokenCount::NotAvailable),
            Written::Text(t) => Err(serde::de::Error::custom(format!(
                "a token count is a number or \"N/A\", not {t:?}"
            ))),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct SizeCategory {
    pub category: String,
    pub color: String,
    pub tier: u8,
}

/// The legacy `converse_data` object, field for field as the sample wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct ConverseData {
    pub context_window: TokenCount,
    pub max_output_tokens: TokenCount,
    pub size_category: SizeCategory,
    pub verified: bool,
    pub source: String,
    pub litellm_verified: bool,
    pub capabilities_count: usize,
    pub use_cases_count: usize,
    pub regions_count: usize,
}
