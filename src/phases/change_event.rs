//! The change log's vocabulary: the kinds of change (also `--fail-on`'s), the typed event and its
//! values, and the one-line description of an event.

use serde::Serialize;

use crate::catalog::token_specs::TokenCount;

/// What kind of change an event reports. Names are the `--fail-on` vocabulary.
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
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    ModelAdded,
    ModelRemoved,
    RegionAdded,
    RegionRemoved,
    InferenceTypesChanged,
    LifecycleChanged,
    ProfileAdded,
    ProfileRemoved,
    ProfileDestinationsChanged,
    PriceChanged,
    TokenLimitChanged,
    QuotaChanged,
    /// A lifecycle date (`legacy_time`, `end_of_life_time`, ...) appeared, moved or went away in a
    /// region.
    LifecycleDateChanged,
    /// A feature flag (`vision`, `reasoning`, ...) changed between true, false and unknown.
    FeatureChanged,
    /// Mantle's `/v1/models` lists the model in a region it did not list before.
    MantleRegionAdded,
    MantleRegionRemoved,
    /// The account's ability to call the model in a region changed (`--account-access` in both runs).
    CallableChanged,
    /// A model gained a quota on a (region, route, metric, variant) it had none on; or, with no
    /// model, the account gained an account-level quota in a region.
    QuotaAdded,
    /// A model lost its quota on a (region, route, metric, variant); or the account lost an
    /// account-level quota in a region.
    QuotaRemoved,
    /// A source gave something of a kind the previous catalogue did not have among its unknowns
    /// (a quota name of a new family, ...).
    UnknownAppeared,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 20] = [
        ChangeKind::ModelAdded,
        ChangeKind::ModelRemoved,
        ChangeKind::RegionAdded,
        ChangeKind::RegionRemoved,
        ChangeKind::InferenceTypesChanged,
        ChangeKind::LifecycleChanged,
        ChangeKind::ProfileAdded,
        ChangeKind::ProfileRemoved,
        ChangeKind::ProfileDestinationsChanged,
        ChangeKind::PriceChanged,
        ChangeKind::TokenLimitChanged,
        ChangeKind::QuotaChanged,
        ChangeKind::LifecycleDateChanged,
        ChangeKind::FeatureChanged,
        ChangeKind::MantleRegionAdded,
        ChangeKind::MantleRegionRemoved,
        ChangeKind::CallableChanged,
        ChangeKind::QuotaAdded,
        ChangeKind::QuotaRemoved,
        ChangeKind::UnknownAppeared,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::ModelAdded => "model-added",
            ChangeKind::ModelRemoved => "model-removed",
            ChangeKind::RegionAdded => "region-added",
            ChangeKind::RegionRemoved => "region-removed",
            ChangeKind::InferenceTypesChanged => "inference-types-changed",
            ChangeKind::LifecycleChanged => "lifecycle-changed",
            ChangeKind::ProfileAdded => "profile-added",
            ChangeKind::ProfileRemoved => "profile-removed",
            ChangeKind::ProfileDestinationsChanged => "profile-destinations-changed",
            ChangeKind::PriceChanged => "price-changed",
            ChangeKind::TokenLimitChanged => "token-limit-changed",
            ChangeKind::QuotaChanged => "quota-changed",
            ChangeKind::LifecycleDateChanged => "lifecycle-date-changed",
            ChangeKind::FeatureChanged => "feature-changed",
            ChangeKind::MantleRegionAdded => "mantle-region-added",
            ChangeKind::MantleRegionRemoved => "mantle-region-removed",
            ChangeKind::CallableChanged => "callable-changed",
            ChangeKind::QuotaAdded => "quota-added",
            ChangeKind::QuotaRemoved => "quota-removed",
            ChangeKind::UnknownAppeared => "unknown-appeared",
        }
    }

    pub fn parse(name: &str) -> Option<ChangeKind> {
        ChangeKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// One change between the previous catalogue and the new one. Only the fields that locate the
/// change are set; `old` and `new` hold the values that differ.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct ChangeEvent {
    pub kind: ChangeKind,
    /// Model key; empty for an event about the account or a source (an account-level quota,
    /// `unknown-appeared`).
    pub model: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimension: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quota_code: Option<String>,
    /// Which value changed, where a model or quota has several (`context_window`, `applied_value`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<ChangeValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<ChangeValue>,
}

/// A value before or after a change, written as the catalogue writes it.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum ChangeValue {
    /// A name or status (`ACTIVE`, a model name, `N/A`).
    Text(String),
    /// A list of names (regions, inference types).
    Names(Vec<String>),
    /// A count (tokens).
    Count(u64),
    /// An amount (USD, a quota value).
    Amount(f64),
    /// A feature flag.
    Flag(bool),
}

impl ChangeValue {
    /// A text, or nothing when it is empty (a status the catalogue does not know).
    pub(super) fn text(s: &str) -> Option<ChangeValue> {
        (!s.is_empty()).then(|| ChangeValue::Text(s.to_string()))
    }
}

impl From<TokenCount> for ChangeValue {
    fn from(count: TokenCount) -> ChangeValue {
        match count {
            TokenCount::Known(n) => ChangeValue::Count(n),
            TokenCount::NotAvailable => ChangeValue::Text("N/A".to_string()),
        }
    }
}

impl std::fmt::Display for ChangeValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChangeValue::Text(s) => f.write_str(s),
            ChangeValue::Names(names) => {
                f.write_str(&serde_json::to_string(names).map_err(|_| std::fmt::Error)?)
            }
            ChangeValue::Count(n) => write!(f, "{n}"),
            ChangeValue::Amount(x) => {
                f.write_str(&serde_json::to_string(x).map_err(|_| std::fmt::Error)?)
            }
            ChangeValue::Flag(b) => write!(f, "{b}"),
        }
    }
}

impl ChangeEvent {
    pub(super) fn new(kind: ChangeKind, model: &str) -> ChangeEvent {
        ChangeEvent {
            kind,
            model: model.to_string(),
            region: None,
            profile: None,
            route: None,
            dimension: None,
            quota_code: None,
            field: None,
            old: None,
            new: None,
        }
    }

    pub(super) fn region(mut self, r: &str) -> Self {
        self.region = Some(r.to_string());
        self
    }

    pub(super) fn values(mut self, old: Option<ChangeValue>, new: Option<ChangeValue>) -> Self {
        self.old = old;
        self.new = new;
        self
    }

    /// One line for logs and summaries.
    pub fn describe(&self) -> String {
        let mut where_: Vec<String> = Some(self.model.clone())
            .filter(|m| !m.is_empty())
            .into_iter()
            .collect();
        for part in [
            &self.region,
            &self.profile,
            &self.route,
            &self.dimension,
            &self.quota_code,
            &self.field,
        ]
        .into_iter()
        .flatten()
        {
            where_.push(part.clone());
        }
        let show = |v: &Option<ChangeValue>| match v {
            Some(v) => v.to_string(),
            None => "none".to_string(),
        };
        match (&self.old, &self.new) {
            (None, None) => format!("{}: {}", self.kind.name(), where_.join(" / ")),
            _ => format!(
                "{}: {}: {} -> {}",
                self.kind.name(),
                where_.join(" / "),
                show(&self.old),
                show(&self.new)
            ),
        }
    }
}
