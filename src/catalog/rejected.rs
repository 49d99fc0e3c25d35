//! Values a source gave that are out of any sane range (a negative price, a quota of 2^63, a NaN):
//! dropped from the body, and each recorded with its reason.

use serde::Serialize;

/// One dropped value: where it came from, what it was, and why it was not believed.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct RejectedValue {
    pub source: RejectedSource,
    /// What the value belongs to: a LiteLLM key, `region/quota_code`, or `offer/sku`.
    pub key: String,
    pub field: String,
    /// The value as the source gave it (`NaN`, `-1`, `9223372036854775808`).
    pub value: String,
    pub reason: String,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RejectedSource {
    Litellm,
    PriceList,
    Quotas,
}

impl std::fmt::Display for RejectedValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}.{} = {}: {}, dropped",
            self.key, self.field, self.value, self.reason
        )
    }
}
