//! The catalogue's models as entries, and the query resolved to one of them (key, id, ARN, name, fragment).

use super::error::ShowError;
use crate::catalog::{Catalog, Listed, Model, ProfileEntry};

// ---------------------------------------------------------------------------------------------
// The catalogue's models

/// One model of the catalogue.
pub(super) type Entry<'a> = Listed<'a>;

/// Every model, sorted by key, then provider.
pub(super) fn entries(catalog: &Catalog) -> Vec<Entry<'_>> {
    let mut out: Vec<Entry<'_>> = catalog.models().collect();
    out.sort_by(|a, b| {
        a.key
            .cmp(b.key)
            .then(a.provider_name().cmp(b.provider_name()))
    });
    out
}

pub(super) fn profiles(model: &Model) -> &[ProfileEntry] {
    &model.cross_region_inference.profiles
}

// ---------------------------------------------------------------------------------------------
// Resolution

pub(super) fn resolve<'e, 'a>(
    entries: &'e [Entry<'a>],
    query: &str,
) -> Result<&'e Entry<'a>, ShowError> {
    let query = query.trim();
    let wanted = query.to_lowercase();
    let id = strip_arn(&wanted);
    let stages: [&dyn Fn(&Entry<'_>) -> bool; 3] = [
        &|e| e.key.to_lowercase() == wanted,
        &|e| e.ids().iter().any(|i| i.to_lowercase() == id),
        &|e| e.name().to_lowercase() == wanted,
    ];
    if !wanted.is_empty() {
        for stage in stages {
            if let Some(found) = one_of(entries, query, |e| stage(e))? {
                return Ok(found);
            }
        }
        let words = fragment_words(query);
        if !words.is_empty() {
            let matches_all = |e: &Entry<'_>| {
                let (key, name) = (normalise(e.key), normalise(e.name()));
                words
                    .iter()
                    .all(|w| key.contains(w.as_str()) || name.contains(w.as_str()))
            };
            if let Some(found) = one_of(entries, query, matches_all)? {
                return Ok(found);
            }
        }
    }
    Err(ShowError::NotFound {
        query: query.to_string(),
        suggestions: suggestions(entries, query),
    })
}

/// The one entry that `matches`, `None` when there is none, `Ambiguous` when there are several.
pub(super) fn one_of<'e, 'a>(
    entries: &'e [Entry<'a>],
    query: &str,
    matches: impl Fn(&Entry<'a>) -> bool,
) -> Result<Option<&'e Entry<'a>>, ShowError> {
    let found: Vec<&Entry<'a>> = entries.iter().filter(|e| matches(e)).collect();
    match found.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one)),
        several => {
            let mut candidates: Vec<(String, String)> = several
                .iter()
                .map(|e| (e.key.to_string(), e.name().to_string()))
                .collect();
            candidates.sort();
            candidates.dedup();
            Err(ShowError::Ambiguous {
                query: query.to_string(),
                candidates,
            })
        }
    }
}

/// `arn:aws:bedrock:R::foundation-model/ID` and `arn:aws:bedrock:R:A:inference-profile/ID` to `ID`.
pub(super) fn strip_arn(query: &str) -> &str {
    for marker in [":foundation-model/", ":inference-profile/"] {
        if query.starts_with("arn:")
            && let Some(at) = query.find(marker)
        {
            return &query[at + marker.len()..];
        }
    }
    query
}

pub(super) use crate::format::{fragment_words, normalise};

/// Up to five keys close to the query: ranked by how much of the query occurs in the key or name
/// with a few typos allowed per word, then by the typos, then by key.
pub(super) fn suggestions(entries: &[Entry<'_>], query: &str) -> Vec<String> {
    let words = fragment_words(query);
    let mut scored: Vec<(usize, usize, &str)> = Vec::new();
    for entry in entries {
        let hays = [normalise(entry.key), normalise(entry.name())];
        let (mut matched, mut typos, mut anchored) = (0, 0, false);
        for word in &words {
            let chars: Vec<char> = word.chars().collect();
            let allowed = match chars.len() {
                0..=2 => 0,
                3..=5 => 1,
                n => n / 4,
            };
            let distance = hays
                .iter()
                .map(|hay| substring_distance(&chars, hay))
                .min()
                .unwrap_or(usize::MAX);
            if distance <= allowed {
                matched += chars.len();
                typos += distance;
                anchored |= chars.len() >= 3;
            }
        }
        if anchored {
            scored.push((matched, typos, entry.key));
        }
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(b.2)));
    let mut keys: Vec<String> = Vec::new();
    for (_, _, key) in scored {
        if !keys.iter().any(|k| k == key) {
            keys.push(key.to_string());
        }
        if keys.len() == 5 {
            break;
        }
    }
    keys
}

/// The fewest edits that turn `word` into some substring of `hay` (Sellers' algorithm).
pub(super) fn substring_distance(word: &[char], hay: &str) -> usize {
    let mut previous: Vec<usize> = (0..=word.len()).collect();
    let mut best = previous[word.len()];
    for h in hay.chars() {
        let mut current = vec![0; word.len() + 1];
        for (i, &w) in word.iter().enumerate() {
            current[i + 1] = (previous[i] + usize::from(w != h))
                .min(previous[i + 1] + 1)
                .min(current[i] + 1);
        }
        best = best.min(current[word.len()]);
        previous = current;
    }
    best
}
