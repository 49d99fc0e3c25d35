//! The change log: typed events between the previous catalogue and the new one.
//!
//! Both catalogues are read as JSON values, so an older catalogue (or one written by another
//! version of the tool) compares as long as it keeps the sample's layout.

use serde::Serialize;

/// What kind of change an event reports. Names are the `--fail-on` vocabulary.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
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
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 12] = [
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
        }
    }

    pub fn parse(name: &str) -> Option<ChangeKind> {
        ChangeKind::ALL.into_iter().find(|k| k.name() == name)
    }
}
