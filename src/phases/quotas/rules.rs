//! The matching rules that tie a parsed quota name to exactly one model, strictest first.

use crate::catalog::quotas::{MatchRule, UnassignedReason};
use crate::model::ModelRef;
use std::collections::BTreeSet;

use super::normalise::{
    FAMILY_WORDS, FILLER_WORDS, canonical_provider, id_versions, is_date, is_size, is_version,
    normalise_words, quota_form, strip_provider,
};

// ---------------------------------------------------------------------------------------------------------
// Matching a parsed model name to a model
// ---------------------------------------------------------------------------------------------------------

pub(super) const MATCH_RULES: [MatchRule; 6] = [
    MatchRule::Exact,
    MatchRule::SameWords,
    MatchRule::ModelAddsDetail,
    MatchRule::ImpliedFirstVersion,
    MatchRule::QuotaAddsVersion,
    MatchRule::VersionForDate,
];

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
