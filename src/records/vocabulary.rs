//! The values the collector knows for each enum field of ListFoundationModels and
//! ListInferenceProfiles. The SDK turns a value it does not know into an `Unknown` variant whose
//! raw string the records keep (never dropped); what is not in these lists is said out loud as an
//! unknown of source `aws` (`phases::unknowns::aws_values`), and never read as a route.
//!
//! Each list is the SDK's own (`values()` of its enum; a unit test keeps them in step) plus the
//! values real answers carry beyond it: `INFERENCE_PROFILE`, the `VIDEO`, `AUDIO` and `SPEECH`
//! modalities and `PREFERENCE_FINE_TUNING`, all in the real ListFoundationModels answers of
//! 2025-2026 the test fixtures hold.

/// An enum-valued field of the AWS answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EnumField {
    /// `inferenceTypesSupported[]` (ListFoundationModels).
    InferenceType,
    /// `modelLifecycle.status` (ListFoundationModels).
    LifecycleStatus,
    /// `inputModalities[]` and `outputModalities[]` (ListFoundationModels).
    Modality,
    /// `customizationsSupported[]` (ListFoundationModels).
    Customization,
    /// `type` (ListInferenceProfiles).
    ProfileType,
    /// `status` (ListInferenceProfiles).
    ProfileStatus,
}

/// `inferenceTypesSupported`: the SDK's `ON_DEMAND`, `PROVISIONED`, and `INFERENCE_PROFILE`.
pub const INFERENCE_TYPES: [&str; 3] = ["INFERENCE_PROFILE", "ON_DEMAND", "PROVISIONED"];
/// `modelLifecycle.status`.
pub const LIFECYCLE_STATUSES: [&str; 2] = ["ACTIVE", "LEGACY"];
/// Input and output modalities: the SDK's `EMBEDDING`, `IMAGE`, `TEXT`, and what answers carry.
pub const MODALITIES: [&str; 6] = ["AUDIO", "EMBEDDING", "IMAGE", "SPEECH", "TEXT", "VIDEO"];
/// `customizationsSupported`: the SDK's three and `PREFERENCE_FINE_TUNING`.
pub const CUSTOMIZATIONS: [&str; 4] = [
    "CONTINUED_PRE_TRAINING",
    "DISTILLATION",
    "FINE_TUNING",
    "PREFERENCE_FINE_TUNING",
];
/// An inference profile's `type`.
pub const PROFILE_TYPES: [&str; 2] = ["APPLICATION", "SYSTEM_DEFINED"];
/// An inference profile's `status`.
pub const PROFILE_STATUSES: [&str; 1] = ["ACTIVE"];

impl EnumField {
    pub const ALL: [EnumField; 6] = [
        EnumField::InferenceType,
        EnumField::LifecycleStatus,
        EnumField::Modality,
        EnumField::Customization,
        EnumField::ProfileType,
        EnumField::ProfileStatus,
    ];

    /// The values the collector knows for this field, sorted.
    pub fn known(self) -> &'static [&'static str] {
        match self {
            EnumField::InferenceType => &INFERENCE_TYPES,
            EnumField::LifecycleStatus => &LIFECYCLE_STATUSES,
            EnumField::Modality => &MODALITIES,
            EnumField::Customization => &CUSTOMIZATIONS,
            EnumField::ProfileType => &PROFILE_TYPES,
            EnumField::ProfileStatus => &PROFILE_STATUSES,
        }
    }

    /// Whether `value` is one of [`EnumField::known`] (exactly: AWS writes them in capitals).
    pub fn is_known(self, value: &str) -> bool {
        self.known().contains(&value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_bedrock::types as sdk;

    /// The SDK's own list of each enum: every value it knows, the collector knows.
    #[test]
    fn the_vocabulary_never_lags_the_sdks() {
        let lists: [(EnumField, &[&str]); 6] = [
            (EnumField::InferenceType, sdk::InferenceType::values()),
            (
                EnumField::LifecycleStatus,
                sdk::FoundationModelLifecycleStatus::values(),
            ),
            (EnumField::Modality, sdk::ModelModality::values()),
            (EnumField::Customization, sdk::ModelCustomization::values()),
            (EnumField::ProfileType, sdk::InferenceProfileType::values()),
            (
                EnumField::ProfileStatus,
                sdk::InferenceProfileStatus::values(),
            ),
        ];
        for (field, values) in lists {
            assert!(!values.is_empty(), "{field:?}");
            for v in values {
                assert!(field.is_known(v), "{field:?}: the SDK knows {v}, we do not");
            }
        }
        assert_eq!(
            EnumField::ALL.map(|f| f.known().is_sorted()),
            [true; 6],
            "each list is sorted"
        );
    }

    #[test]
    fn a_value_is_known_only_exactly() {
        assert!(EnumField::InferenceType.is_known("ON_DEMAND"));
        assert!(!EnumField::InferenceType.is_known("on_demand"));
        assert!(!EnumField::InferenceType.is_known("FLEX_TIER"));
        assert!(!EnumField::LifecycleStatus.is_known("SUNSETTING"));
        assert!(!EnumField::LifecycleStatus.is_known(""));
        assert!(EnumField::Modality.is_known("SPEECH"));
        assert!(!EnumField::Modality.is_known("VIDEO_3D"));
    }
}
