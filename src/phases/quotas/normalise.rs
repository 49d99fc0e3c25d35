//! Model names normalised for matching: provider words, fillers, versions, dates and sizes.

use crate::model::ModelRef;
use crate::providers;
use std::collections::BTreeSet;

// ---------------------------------------------------------------------------------------------------------
// Name normalisation for matching
// ---------------------------------------------------------------------------------------------------------

/// Words that say nothing about which model is meant: fine-tune flavour, precision, generation tag.
pub(super) const FILLER_WORDS: &[&str] = &["instruct", "it", "pt", "bf16", "fp8", "dense", "g1"];

/// Words that AWS sometimes leaves out of a model's name ("Sonnet 4.5" for "Claude Sonnet 4.5").
pub(super) const FAMILY_WORDS: &[&str] = &["claude"];

/// A name as matching sees it: the provider it opens with (if any) and the remaining words, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct NameForm {
    pub(super) provider: Option<&'static str>,
    pub(super) words: Vec<String>,
}

/// Lower case; `+` reads `plus`; `3-5` reads `3.5`; split on anything but letters, digits and a dot
/// between digits; `v2` reads `2` and the first-version words `v1`/`v1.0` are dropped; `3.0` reads `3`;
/// `24.07` (a Mistral date) reads `2407`; `Reel1.1` reads `reel 1.1`; `8X7BB` reads `8x7b`.
pub(super) fn normalise_words(text: &str) -> Vec<String> {
    let lower = text.to_lowercase().replace('+', " plus ");
    let chars: Vec<char> = lower.chars().collect();
    let mut cleaned = String::with_capacity(lower.len());
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let between_digits =
            prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit());
        // "3-5" between single digits is a version written with a hyphen ("Claude 3-5-Haiku").
        let single_digit_hyphen = c == '-'
            && between_digits
            && (i < 2 || !chars[i - 2].is_ascii_digit())
            && chars.get(i + 2).is_none_or(|d| !d.is_ascii_digit());
        if c.is_alphanumeric() || (c == '.' && between_digits) {
            cleaned.push(c);
        } else if single_digit_hyphen {
            cleaned.push('.');
        } else {
            cleaned.push(' ');
        }
    }

    let mut words = Vec::new();
    for word in cleaned.split_whitespace() {
        if word == "v1" || word == "v1.0" {
            continue;
        }
        let (letters, version) = split_glued_version(word);
        if let Some(letters) = letters {
            words.push(letters.to_string());
        }
        words.push(normalise_word(version));
    }
    words
}

/// "reel1.1" -> (Some("reel"), "1.1"): a word of three or more letters glued to a dotted version.
pub(super) fn split_glued_version(word: &str) -> (Option<&str>, &str) {
    let split = word
        .find(|c: char| c.is_ascii_digit())
        .unwrap_or(word.len());
    let (letters, rest) = word.split_at(split);
    let glued = letters.len() >= 3
        && letters.chars().all(|c| c.is_ascii_alphabetic())
        && rest.contains('.')
        && rest.chars().all(|c| c.is_ascii_digit() || c == '.');
    if glued {
        (Some(letters), rest)
    } else {
        (None, word)
    }
}

pub(super) fn normalise_word(word: &str) -> String {
    let word = match word.strip_prefix('v') {
        Some(rest) if is_number(rest) => rest,
        _ => word,
    };
    if is_number(word) {
        if let Some((major, minor)) = word.split_once('.') {
            if major.len() == 2 && minor.len() == 2 {
                return format!("{major}{minor}");
            }
            if minor.bytes().all(|b| b == b'0') {
                return major.to_string();
            }
        }
        return word.to_string();
    }
    // "8x7bb": a size with its unit letter doubled.
    if let Some(stem) = word.strip_suffix("bb")
        && stem.contains('x')
        && stem.bytes().all(|b| b.is_ascii_digit() || b == b'x')
    {
        return format!("{stem}b");
    }
    word.to_string()
}

/// Digits with at most one inner dot: `2`, `4.5`, `2509`.
pub(super) fn is_number(word: &str) -> bool {
    let mut parts = word.split('.');
    let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    parts.next().is_some_and(all_digits)
        && parts.next().is_none_or(all_digits)
        && parts.next().is_none()
}

/// A version number (`2`, `4.5`), as opposed to a date (`2509`) or a size (`70b`).
pub(super) fn is_version(word: &str) -> bool {
    is_number(word) && !is_date(word)
}

/// Four digits: `2402`, `2507` (Mistral and Qwen release dates).
pub(super) fn is_date(word: &str) -> bool {
    word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit())
}

/// A parameter count: `70b`, `1.5b`, `a3b` (active parameters), `8x7b`.
pub(super) fn is_size(word: &str) -> bool {
    let Some(stem) = word.strip_suffix('b') else {
        return false;
    };
    let stem = stem.strip_prefix('a').unwrap_or(stem);
    !stem.is_empty()
        && (is_number(stem)
            || stem
                .split('x')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())))
}

/// Takes a leading provider off `words`, repeatedly ("Mistral AI Mistral Small" -> "small"), keeping at
/// least one word. `only` restricts the stripping to one provider (for model names).
pub(super) fn strip_provider(words: &mut Vec<String>, only: Option<&str>) -> Option<&'static str> {
    let mut found = None;
    'strip: loop {
        for (spelling, canonical) in providers::spellings() {
            let opens_with = words.len() > spelling.len()
                && words.iter().zip(spelling.iter()).all(|(w, s)| w == s);
            if opens_with
                && only.is_none_or(|p| p == canonical)
                && found.is_none_or(|f| f == canonical)
            {
                words.drain(..spelling.len());
                found = Some(canonical);
                continue 'strip;
            }
        }
        return found;
    }
}

/// The canonical provider of a `providerName` ("Mistral AI" -> "mistral", "Z.AI" -> "zai").
pub(super) fn canonical_provider(provider_name: &str) -> String {
    let words = normalise_words(provider_name);
    providers::spellings()
        .find(|(spelling, _)| {
            words
                .iter()
                .map(String::as_str)
                .eq(spelling.iter().copied())
        })
        .map_or_else(|| words.concat(), |(_, canonical)| canonical.to_string())
}

pub(super) fn quota_form(model_name: &str) -> NameForm {
    let mut words = normalise_words(model_name);
    let provider = strip_provider(&mut words, None);
    NameForm { provider, words }
}

/// Versions a model's ids carry: `anthropic.claude-v2:1:18k` -> {1, 2, 2.1};
/// `anthropic.claude-3-5-haiku-20241022-v1:0` -> {1, 3, 3.5, 5}; `zai.glm-4.7` -> {4.7}.
/// Dates (`20241022`) and zero-padded numbers (`titan-embed-g1-text-02`) are not versions.
pub(super) fn id_versions(model: &ModelRef) -> BTreeSet<String> {
    let mut versions = BTreeSet::new();
    let ids = model
        .variant_ids
        .iter()
        .chain([&model.model_id, &model.key]);
    for id in ids {
        let body = id.split_once('.').map_or(id.as_str(), |(_, body)| body);
        let segments: Vec<&str> = body.split(['-', ':']).collect();
        for (i, segment) in segments.iter().enumerate() {
            let next = segments
                .get(i + 1)
                .copied()
                .filter(|n| n.len() <= 2 && is_number(n));
            if let Some(number) = segment.strip_prefix('v').filter(|n| is_number(n)) {
                versions.insert(normalise_word(number));
                if let Some(minor) = next {
                    versions.insert(normalise_word(&format!("{number}.{minor}")));
                }
            } else if is_version(segment) && segment.len() <= 4 && !segment.starts_with('0') {
                versions.insert(normalise_word(segment));
                if let Some(minor) = next.filter(|n| n.len() == 1 && segment.len() == 1) {
                    versions.insert(format!("{segment}.{minor}"));
                }
            }
        }
    }
    versions
}
