//! The matching rules that tie a parsed quota name to exactly one model, strictest first.

use crate::model::ModelRef;
use serde::Serialize;
use std::collections::BTreeSet;

use super::normalise::{
    FAMILY_WORDS, FILLER_WORDS, canonical_provider, id_versions, is_date, is_size, is_version,
    normalise_words, quota_form, strip_provider,
};

// ---------------------------------------------------------------------------------------------------------
// Matching a parsed model name to a model
// ---------------------------------------------------------------------------------------------------------

/// Which rule matched a quota to its model, strictest first.
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
pub enum MatchRule {
    /// The same words in the same order, once provider prefixes and the first-version word are dropped.
    Exact,
    /// The same words in any order, ignoring filler words (`Instruct`, `IT`, `G1`, ...).
    SameWords,
    /// The model name adds only a size, date or family word (`Llama 4 Scout` -> `Llama 4 Scout 17B Instruct`).
    ModelAddsDetail,
    /// The model name adds a 1.x version the quota leaves out (`Twelve Labs Pegasus` -> `Pegasus v1.2`).
    ImpliedFirstVersion,
    /// The quota adds a version the model name leaves out but its id carries (`Claude V2.1` -> `anthropic.claude-v2:1`).
    QuotaAddsVersion,
    /// The quota gives a 1.x version where the model name gives a date (`Magistral Small 1.2` -> `Magistral Small 2509`).
    /// Only 1.x: `Mistral Large 3` is not `Mistral Large (24.02)`.
    VersionForDate,
}

pub(super) const MATCH_RULES: [MatchRule; 6] = [
    MatchRule::Exact,
    MatchRule::SameWords,
    MatchRule::ModelAddsDetail,
    MatchRule::ImpliedFirstVersion,
    MatchRule::QuotaAddsVersion,
    MatchRule::VersionForDate,
];

/// Why a model quota stays unassigned.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum UnassignedReason {
    /// No listed model has that name.
    NoMatchingModel,
    /// Several models match equally well (model keys).
    AmbiguousModels { candidates: Vec<String> },
    /// The quota names no version and only a later version (v2 or above) is listed (model keys).
    OnlyLaterVersionListed { candidates: Vec<String> },
    /// The name matches no known quota pattern.
    UnrecognisedName,
}

impl UnassignedReason {
    /// A short label for counting.
    pub fn kind(&self) -> &'static str {
        match self {
            UnassignedReason::NoMatchingModel => "no_matching_model",
            UnassignedReason::AmbiguousModels { .. } => "ambiguous_models",
            UnassignedReason::OnlyLaterVersionListed { .. } => "only_later_version_listed",
            UnassignedReason::UnrecognisedName => "unrecognised_name",
        }
    }
}

/// A model as matching sees it.
pub(super) struct Candidate<'a> {
    pub(super) model: &'a ModelRef,
    pub(super) provider: String,
    pub(super) words: Vec<String>,
    pub(super) versions: BTreeSet<String>,
}

impl<'a> Candidate<'a> {
    pub(super) fn new(model: &'a ModelRef) -> Self {
        let provider = canonical_provider(&model.provider);
        let mut words = normalise_words(&model.name);
        strip_provider(&mut words, Some(&provider));
        Candidate {
            versions: id_versions(model),
            model,
            provider,
            words,
        }
    }
}

/// A successful match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ModelMatch {
    pub(super) key: String,
    pub(super) rule: MatchRule,
    /// Versions the quota names beyond the model name, when the model key groups several ids (`2.1`).
    pub(super) extra_versions: Vec<String>,
}

pub(super) fn without_fillers(words: &[String]) -> BTreeSet<&str> {
    words
        .iter()
        .map(String::as_str)
        .filter(|w| !FILLER_WORDS.contains(w))
        .collect()
}

/// Whether `rule` matches the quota words to the candidate.
pub(super) fn rule_matches(rule: MatchRule, quota: &[String], candidate: &Candidate) -> bool {
    let q = without_fillers(quota);
    let m = without_fillers(&candidate.words);
    let model_extra: Vec<&str> = m.difference(&q).copied().collect();
    let quota_extra: Vec<&str> = q.difference(&m).copied().collect();
    let is_detail = |w: &str| is_size(w) || is_date(w) || FAMILY_WORDS.contains(&w);
    match rule {
        MatchRule::Exact => quota == candidate.words.as_slice(),
        MatchRule::SameWords => q == m,
        MatchRule::ModelAddsDetail => {
            quota_extra.is_empty() && model_extra.iter().all(|w| is_detail(w))
        }
        MatchRule::ImpliedFirstVersion => {
            quota_extra.is_empty()
                && model_extra.iter().any(|w| is_version(w))
                && model_extra
                    .iter()
                    .all(|w| is_detail(w) || is_first_major_version(w))
        }
        MatchRule::QuotaAddsVersion => {
            model_extra.is_empty()
                && !quota_extra.is_empty()
                && quota_extra
                    .iter()
                    .all(|w| is_version(w) && candidate.versions.contains(*w))
        }
        MatchRule::VersionForDate => {
            !quota_extra.is_empty()
                && quota_extra.iter().all(|w| is_first_major_version(w))
                && model_extra.iter().any(|w| is_date(w))
                && model_extra.iter().all(|w| is_detail(w))
        }
    }
}

/// `1`, `1.2`: a version whose major number is 1, which a name without a version can mean.
pub(super) fn is_first_major_version(word: &str) -> bool {
    is_version(word) && word.split('.').next() == Some("1")
}

/// Finds the one model a quota's model name means, trying the rules strictest first. Ambiguity at a rule
/// is final: a looser rule never settles what a stricter one found ambiguous.
pub(super) fn match_model(
    model_name: &str,
    candidates: &[Candidate],
) -> Result<ModelMatch, UnassignedReason> {
    let form = quota_form(model_name);
    let in_scope: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| form.provider.is_none_or(|p| p == c.provider))
        .collect();
    let quota_versions: Vec<&String> = form.words.iter().filter(|w| is_version(w)).collect();

    for rule in MATCH_RULES {
        let mut found: Vec<&Candidate> = in_scope
            .iter()
            .copied()
            .filter(|c| rule_matches(rule, &form.words, c))
            .collect();
        if found.len() > 1 {
            // Let the ids decide: keep the models whose ids carry every version the quota names.
            let by_id: Vec<&Candidate> = found
                .iter()
                .copied()
                .filter(|c| quota_versions.iter().all(|v| c.versions.contains(*v)))
                .collect();
            if by_id.len() == 1 {
                found = by_id;
            }
        }
        match found.as_slice() {
            [] => continue,
            [one] => {
                let model_words = without_fillers(&one.words);
                let extra_versions = if one.model.variant_ids.len() > 1 {
                    without_fillers(&form.words)
                        .difference(&model_words)
                        .filter(|w| is_version(w))
                        .map(|w| w.to_string())
                        .collect()
                } else {
                    Vec::new()
                };
                return Ok(ModelMatch {
                    key: one.model.key.clone(),
                    rule,
                    extra_versions,
                });
            }
            several => {
                return Err(UnassignedReason::AmbiguousModels {
                    candidates: sorted_keys(several),
                });
            }
        }
    }

    // Nothing matched. Say so more precisely when only a later version of the named model is listed.
    let q = without_fillers(&form.words);
    let later: Vec<&Candidate> = in_scope
        .iter()
        .copied()
        .filter(|c| {
            let m = without_fillers(&c.words);
            q.is_subset(&m)
                && m.difference(&q)
                    .all(|w| is_version(w) || is_size(w) || is_date(w))
                && m != q
        })
        .collect();
    if later.is_empty() {
        Err(UnassignedReason::NoMatchingModel)
    } else {
        Err(UnassignedReason::OnlyLaterVersionListed {
            candidates: sorted_keys(&later),
        })
    }
}

pub(super) fn sorted_keys(candidates: &[&Candidate]) -> Vec<String> {
    let keys: BTreeSet<String> = candidates.iter().map(|c| c.model.key.clone()).collect();
    keys.into_iter().collect()
}
