//! What the sources gave that the collector did not understand, said out loud: per source and
//! kind, how many and up to five examples. An unknown is never guessed into a join.

use serde::Serialize;

/// How many examples a group keeps.
pub const EXAMPLES: usize = 5;

/// Which source an unknown came from.
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
pub enum UnknownSource {
    /// ListFoundationModels and ListInferenceProfiles: enum values the SDK reports as unknown.
    Aws,
    /// Service Quotas (ListServiceQuotas, ListAWSDefaultServiceQuotas).
    Quotas,
    /// The AWS Price List offer files.
    PriceList,
    /// Mantle's `/v1/models`.
    Mantle,
    /// LiteLLM's model database.
    Litellm,
}

impl UnknownSource {
    pub fn label(self) -> &'static str {
        match self {
            UnknownSource::Aws => "aws",
            UnknownSource::Quotas => "quotas",
            UnknownSource::PriceList => "price list",
            UnknownSource::Mantle => "mantle",
            UnknownSource::Litellm => "litellm",
        }
    }
}

/// How the summary says an enum value is not in the collector's vocabulary.
const NOT_KNOWN: &str = "not known";

/// What kind of thing was not understood.
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
pub enum UnknownKind {
    /// A quota name of no known family (`unassigned_quotas` with reason `unrecognised_name`).
    QuotaNameFamily,
    /// A Price List row whose identity names no model (`unmatched_price_rows`, `no_model`).
    PriceRowWithoutModel,
    /// A Mantle id joined to no ListFoundationModels model (an entry of its own).
    MantleIdNotJoined,
    /// A LiteLLM Bedrock key whose model id names no model of the catalogue.
    LitellmKeyWithoutModel,
    /// An `inferenceTypesSupported` value the collector does not know (`FLEX_TIER`).
    InferenceType,
    /// A `modelLifecycle.status` the collector does not know (`SUNSETTING`).
    LifecycleStatus,
    /// An input or output modality the collector does not know (`VIDEO_3D`).
    Modality,
    /// A `customizationsSupported` value the collector does not know.
    Customization,
    /// An inference profile `type` the collector does not know.
    ProfileType,
    /// An inference profile `status` the collector does not know.
    ProfileStatus,
}

impl UnknownKind {
    /// How the summary counts `count` of it: "23 names of no known family", "1 name of ...".
    pub fn counted(self, count: usize) -> String {
        let (one, many, rest) = match self {
            UnknownKind::QuotaNameFamily => ("name", "names", "of no known family"),
            UnknownKind::PriceRowWithoutModel => ("row", "rows", "naming no model"),
            UnknownKind::MantleIdNotJoined => ("id", "ids", "joined to no model"),
            UnknownKind::LitellmKeyWithoutModel => {
                ("Bedrock key", "Bedrock keys", "matched to no model")
            }
            UnknownKind::InferenceType => ("inference type", "inference types", NOT_KNOWN),
            UnknownKind::LifecycleStatus => ("lifecycle status", "lifecycle statuses", NOT_KNOWN),
            UnknownKind::Modality => ("modality", "modalities", NOT_KNOWN),
            UnknownKind::Customization => ("customization", "customizations", NOT_KNOWN),
            UnknownKind::ProfileType => ("profile type", "profile types", NOT_KNOWN),
            UnknownKind::ProfileStatus => ("profile status", "profile statuses", NOT_KNOWN),
        };
        format!("{count} {} {rest}", if count == 1 { one } else { many })
    }
}

/// One kind of unknown from one source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct UnknownGroup {
    pub source: UnknownSource,
    pub kind: UnknownKind,
    /// Distinct unknowns (quota codes, Price List SKUs, Mantle ids, LiteLLM keys; for source
    /// `aws` the distinct values).
    pub count: usize,
    /// What tells one kind of unknown from another, sorted: for quota names the family, the name
    /// up to its last " for " (`[bedrock-mantle endpoint] Cached input tokens per minute for …`);
    /// for source `aws` the raw values (`FLEX_TIER`); for the other kinds the kind itself.
    /// `unknown-appeared` fires for a family the previous catalogue did not have.
    pub families: Vec<String>,
    /// Up to five, sorted; for source `aws` the value with where it was met
    /// (`FLEX_TIER (anthropic.claude-opus-4-8 in us-east-1)`), every value before a second place
    /// of one.
    pub examples: Vec<String>,
}
