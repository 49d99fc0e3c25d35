//! Token specs as the catalogue carries them: values, their sources, matches and disagreements.

use serde::Serialize;

use super::litellm::KeyShape;

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
}
