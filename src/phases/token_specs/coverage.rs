//! Coverage: how many models got their token limits, and from where.

use serde::Serialize;
use std::collections::BTreeMap;

use crate::catalog::token_specs::{DisagreementKind, ModelKind, SpecSource, TokenSpec};

/// Counts for the run metadata and the phase's note.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub struct Coverage {
    pub models: usize,
    pub text_models: usize,
    /// Text models with both numbers.
    pub text_with_both: usize,
    pub text_both_from_litellm: usize,
    pub text_both_from_corrections: usize,
    pub text_both_mixed: usize,
    pub embedding_models: usize,
    pub embedding_with_input_limit: usize,
    /// Image, video, speech-only or unknown output.
    pub other_models: usize,
    pub corrections_applied: usize,
    /// All disagreements, then by kind.
    pub disagreements: usize,
    pub correction_vs_litellm: usize,
    pub between_litellm_keys: usize,
    pub between_corrections: usize,
}

pub fn coverage(specs: &BTreeMap<String, TokenSpec>) -> Coverage {
    let mut c = Coverage {
        models: specs.len(),
        ..Coverage::default()
    };
    for s in specs.values() {
        match s.model_kind {
            ModelKind::Text => {
                c.text_models += 1;
                if s.context_window.is_some() && s.max_output_tokens.is_some() {
                    c.text_with_both += 1;
                    match s.source {
                        SpecSource::Litellm => c.text_both_from_litellm += 1,
                        SpecSource::Corrected => c.text_both_from_corrections += 1,
                        _ => c.text_both_mixed += 1,
                    }
                }
            }
            ModelKind::Embedding => {
                c.embedding_models += 1;
                c.embedding_with_input_limit += usize::from(s.context_window.is_some());
            }
            ModelKind::MediaOutput | ModelKind::UnknownOutput => c.other_models += 1,
        }
        c.corrections_applied += usize::from(s.correction.is_some());
        c.disagreements += s.disagreements.len();
        for d in &s.disagreements {
            match d.kind {
                DisagreementKind::CorrectionVsLitellm => c.correction_vs_litellm += 1,
                DisagreementKind::BetweenLitellmKeys => c.between_litellm_keys += 1,
                DisagreementKind::BetweenCorrections => c.between_corrections += 1,
            }
        }
    }
    c
}
