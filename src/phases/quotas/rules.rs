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

pub(super) const MATCH_RULES: [MatchRule; 7] = [
    MatchRule::Exact,
    MatchRule::SameWords,
    MatchRule::ModelAddsDetail,
    MatchRule::ImpliedFirstVersion,
    MatchRule::QuotaAddsVersion,
    MatchRule::VersionForDate,
    MatchRule::PinnedBySizeOrDate,
];

/// Words a model name adds to say which variant it is, which a quota name may leave out when its
/// size already pins the model (`Nemotron Nano 12B v2 VL`).
pub(super) const VARIANT_TAGS: &[&str] = &["vl"];

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
        MatchRule::PinnedBySizeOrDate => {
            let shared_size = q.iter().any(|w| is_size(w) && m.contains(w));
            let shared_date = q.iter().any(|w| is_date(w) && m.contains(w));
            let model_versions = model_extra.iter().any(|w| is_version(w));
            (shared_size || shared_date)
                && quota_extra.iter().all(|w| is_version(w))
                && (quota_extra.is_empty() || (shared_date && !model_versions))
                && model_extra
                    .iter()
                    .all(|w| is_version(w) || is_detail(w) || VARIANT_TAGS.contains(w))
                && !(quota_extra.is_empty() && model_extra.is_empty())
        }
        MatchRule::OnlyCandidateListedInRegion => false,
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
            [one] => return Ok(model_match(&form.words, one, rule)),
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
    if !later.is_empty() {
        return Err(UnassignedReason::OnlyLaterVersionListed {
            candidates: sorted_keys(&later),
        });
    }
    // Several versions of one model line, none named: every word of the quota in each model's
    // name, each adding a version and the same other words (`Marengo` -> `Marengo Embed 2.7`,
    // `Marengo Embed 3.0`; not `Jamba` -> `Jamba 1.5 Large`, `Jamba 1.5 Mini`).
    let versions_of_one_line: Vec<(&Candidate, BTreeSet<&str>)> = in_scope
        .iter()
        .copied()
        .filter_map(|c| {
            let m = without_fillers(&c.words);
            let extra: BTreeSet<&str> = m.difference(&q).copied().collect();
            let named = !q.is_empty() && q.is_subset(&m);
            (named && extra.iter().any(|w| is_version(w))).then(|| {
                let others = extra.into_iter().filter(|w| !is_version(w)).collect();
                (c, others)
            })
        })
        .collect();
    let one_line = versions_of_one_line
        .windows(2)
        .all(|pair| pair[0].1 == pair[1].1);
    if versions_of_one_line.len() >= 2 && one_line {
        let several: Vec<&Candidate> = versions_of_one_line.iter().map(|(c, _)| *c).collect();
        return Err(UnassignedReason::VersionNotNamed {
            candidates: sorted_keys(&several),
        });
    }
    Err(UnassignedReason::NoMatchingModel)
}

/// The match of a quota's words to one candidate by `rule`, with the versions the quota names
/// beyond the model name when the model key groups several ids (`2.1`).
pub(super) fn model_match(quota_words: &[String], one: &Candidate, rule: MatchRule) -> ModelMatch {
    let model_words = without_fillers(&one.words);
    let extra_versions = if one.model.variant_ids.len() > 1 {
        without_fillers(quota_words)
            .difference(&model_words)
            .filter(|w| is_version(w))
            .map(|w| w.to_string())
            .collect()
    } else {
        Vec::new()
    };
    ModelMatch {
        key: one.model.key.clone(),
        rule,
        extra_versions,
    }
}

/// A model-wide match narrowed to the models `listed` in one region. A quota is attached only to a
/// model listed in its region; several models that fit equally well are settled when only one of
/// them is listed there. Other reasons keep only the candidates listed there.
pub(super) fn in_region(
    model_name: &str,
    result: Result<ModelMatch, UnassignedReason>,
    candidates: &[Candidate],
    listed: impl Fn(&str) -> bool,
) -> Result<ModelMatch, UnassignedReason> {
    let here =
        |keys: &[String]| -> Vec<String> { keys.iter().filter(|k| listed(k)).cloned().collect() };
    match result {
        Ok(found) if listed(&found.key) => Ok(found),
        Ok(found) => Err(UnassignedReason::ModelNotListedInRegion {
            candidates: vec![found.key],
        }),
        Err(UnassignedReason::AmbiguousModels { candidates: keys }) => {
            match here(&keys).as_slice() {
                [] => Err(UnassignedReason::ModelNotListedInRegion { candidates: keys }),
                [one] => {
                    let form = quota_form(model_name);
                    let candidate = candidates
                        .iter()
                        .find(|c| &c.model.key == one)
                        .expect("an ambiguous candidate is a candidate");
                    Ok(model_match(
                        &form.words,
                        candidate,
                        MatchRule::OnlyCandidateListedInRegion,
                    ))
                }
                several => Err(UnassignedReason::AmbiguousModels {
                    candidates: several.to_vec(),
                }),
            }
        }
        Err(UnassignedReason::OnlyLaterVersionListed { candidates: keys }) => match here(&keys) {
            k if k.is_empty() => Err(UnassignedReason::NoMatchingModel),
            k => Err(UnassignedReason::OnlyLaterVersionListed { candidates: k }),
        },
        Err(UnassignedReason::VersionNotNamed { candidates: keys }) => match here(&keys) {
            k if k.is_empty() => Err(UnassignedReason::ModelNotListedInRegion { candidates: keys }),
            k => Err(UnassignedReason::VersionNotNamed { candidates: k }),
        },
        Err(other) => Err(other),
    }
}

pub(super) fn sorted_keys(candidates: &[&Candidate]) -> Vec<String> {
    let keys: BTreeSet<String> = candidates.iter().map(|c| c.model.key.clone()).collect();
    keys.into_iter().collect()
}
