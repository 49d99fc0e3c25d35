//! Model identity in the Price List: explicit aliases, normalised names and the index that resolves a row to one model.

use crate::model::ModelRef;
use std::collections::{BTreeSet, HashMap};

use super::row::split_words;
use super::row::{LATENCY_SUFFIX, OfferRow};
use crate::catalog::pricing::IdentitySource;

// ------------------------------------------------------------------------------------------------
// Matching rows to models
// ------------------------------------------------------------------------------------------------

/// Explicit identities that no normalisation rule can map, each to a model key (rule 2). Sources are the
/// evidence ids of `reference/price-list-format.md` and `original-behaviour.md` §2.2.
pub const ALIASES: &[(IdentitySource, &str, &str)] = &[
    // E15: Titan Text Embeddings V2 rows carry only `titanModel` / the usagetype token.
    (
        IdentitySource::TitanModel,
        "TitanEmbeddingsV2-Text-input",
        "amazon.titan-embed-text-v2",
    ),
    (
        IdentitySource::UsagetypeToken,
        "TitanEmbeddingV2-Text",
        "amazon.titan-embed-text-v2",
    ),
    // E17: Titan Image Generator rows carry only `titanModel`.
    (
        IdentitySource::TitanModel,
        "Titan Image Generator G1",
        "amazon.titan-image-generator-v1",
    ),
    // E7: `model "Mistral Large"` is Mistral Large (24.02).
    (
        IdentitySource::Model,
        "Mistral Large",
        "mistral.mistral-large-2402-v1",
    ),
    // E1: the legacy Anthropic rows name Claude 2.x by version; the catalogue calls both ids "Claude"
    // (`anthropic.claude-v2`, `anthropic.claude-v2:1`: one key).
    (IdentitySource::Model, "Claude 2.0", "anthropic.claude-v2"),
    (IdentitySource::Model, "Claude 2.1", "anthropic.claude-v2"),
    // E2/E7 `model` values whose catalogue names add a qualifier ("Qwen3 32B (dense)", "Gemma 3 27B PT",
    // "Amazon Nova Multimodal Embeddings").
    (IdentitySource::Model, "Qwen3 32B", "qwen.qwen3-32b-v1"),
    (
        IdentitySource::Model,
        "Gemma 3 27B",
        "google.gemma-3-27b-it",
    ),
    (
        IdentitySource::Model,
        "Nova MME",
        "amazon.nova-2-multimodal-embeddings-v1",
    ),
    // Stability: ListFoundationModels adds the version ("Stable Image Core 1.0"), the servicename does not.
    (
        IdentitySource::Servicename,
        "Stable Image Core",
        "stability.stable-image-core-v1",
    ),
    (
        IdentitySource::Servicename,
        "Stable Image Ultra",
        "stability.stable-image-ultra-v1",
    ),
    // original-behaviour.md §2.2 special cases: Cohere embedding servicenames.
    (
        IdentitySource::Servicename,
        "Cohere Embed 3 Model - English",
        "cohere.embed-english-v3",
    ),
    (
        IdentitySource::Servicename,
        "Cohere Embed Model 3 - Multilingual",
        "cohere.embed-multilingual-v3",
    ),
    (
        IdentitySource::Servicename,
        "Cohere Embed 4 Model",
        "cohere.embed-v4",
    ),
];

/// The normalised form used for exact name comparison (rule 4):
/// lower-case; `- _ ( ) , / :` and other punctuation except `.` and `+` become spaces; the word
/// "instruct" is dropped; a version `N.0` becomes `N`; words are joined by one space.
/// `"Llama 3.3 70B Instruct"` → `llama 3.3 70b`; `"Nova 2.0 Lite"` → `nova 2 lite`;
/// `"Titan Text G1 - Express"` → `titan text g1 express`; `"Command R+"` → `command r+`.
pub fn normalise_name(name: &str) -> String {
    name_words(name).join(" ")
}

pub(super) fn name_words(name: &str) -> Vec<String> {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '.' || c == '+' {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect();
    cleaned
        .split_whitespace()
        .filter(|w| *w != "instruct")
        .map(|w| match w.strip_suffix(".0") {
            Some(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => n.to_owned(),
            _ => w.to_owned(),
        })
        .collect()
}

/// A usagetype token in name form: camel case and digits-then-capital split into words
/// (`TitanTextG1-Express` → `Titan Text G1 Express`).
pub(super) fn token_to_name(token: &str) -> String {
    split_words(token).join(" ")
}

pub(super) fn provider_words(provider: &str) -> Vec<String> {
    name_words(provider)
}

/// Drops the longest leading run of `words` that is also a leading run of the provider's words
/// ("deepseek r1" with DeepSeek → "r1"; "mistral large 3" with Mistral AI → "large 3").
pub(super) fn strip_provider(words: &[String], provider: &[String]) -> String {
    let common = words
        .iter()
        .zip(provider)
        .take_while(|(a, b)| a == b)
        .count();
    let rest = &words[common.min(words.len().saturating_sub(1))..];
    rest.join(" ")
}

pub(super) enum Resolution<'m> {
    Model(&'m ModelRef),
    NoIdentity,
    NoModel(String),
    Ambiguous(Vec<String>),
}

pub(super) struct ModelIndex<'m> {
    pub(super) by_key: HashMap<&'m str, &'m ModelRef>,
    /// (first provider word, name without leading provider words) → model keys.
    pub(super) by_provider_name: HashMap<(String, String), BTreeSet<&'m str>>,
    /// Normalised name, and provider + name → model keys.
    pub(super) by_name: HashMap<String, BTreeSet<&'m str>>,
}

impl<'m> ModelIndex<'m> {
    pub(super) fn new(models: &'m [ModelRef]) -> Self {
        let mut index = ModelIndex {
            by_key: HashMap::new(),
            by_provider_name: HashMap::new(),
            by_name: HashMap::new(),
        };
        for model in models {
            index.by_key.insert(model.key.as_str(), model);
            let provider = provider_words(&model.provider);
            let words = name_words(&model.name);
            if words.is_empty() {
                continue;
            }
            let stripped = strip_provider(&words, &provider);
            let provider_key = provider.first().cloned().unwrap_or_default();
            index
                .by_provider_name
                .entry((provider_key, stripped.clone()))
                .or_default()
                .insert(&model.key);
            index
                .by_name
                .entry(words.join(" "))
                .or_default()
                .insert(&model.key);
            if !provider.is_empty() {
                let prefixed = format!("{} {stripped}", provider.join(" "));
                index
                    .by_name
                    .entry(prefixed)
                    .or_default()
                    .insert(&model.key);
            }
        }
        index
    }

    pub(super) fn resolve(&self, row: &OfferRow) -> Resolution<'m> {
        let Some(identity) = &row.identity else {
            return Resolution::NoIdentity;
        };
        // Rule 2: aliases.
        if let Some((_, _, key)) = ALIASES
            .iter()
            .find(|(src, value, _)| *src == identity.source && *value == identity.value)
        {
            return match self.by_key.get(key) {
                Some(model) => Resolution::Model(model),
                None => Resolution::NoModel(format!(
                    "{identity} is an alias of {key}, which is not in the model list"
                )),
            };
        }
        // Rule 3: a usagetype token that is a model key.
        if identity.source == IdentitySource::UsagetypeToken
            && let Some(model) = self.by_key.get(identity.value.as_str())
        {
            return Resolution::Model(model);
        }
        // Rule 4: exact normalised name.
        let name = match identity.source {
            IdentitySource::Model => identity
                .value
                .strip_suffix(LATENCY_SUFFIX)
                .unwrap_or(&identity.value)
                .to_owned(),
            IdentitySource::UsagetypeToken => token_to_name(&identity.value),
            _ => identity.value.clone(),
        };
        let words = name_words(&name);
        let candidates = match &row.provider {
            Some(provider) => {
                let provider = provider_words(provider);
                let key = (
                    provider.first().cloned().unwrap_or_default(),
                    strip_provider(&words, &provider),
                );
                self.by_provider_name.get(&key)
            }
            None => self.by_name.get(&words.join(" ")),
        };
        let provider_note = row
            .provider
            .as_ref()
            .map(|p| format!(" from provider {p:?}"))
            .unwrap_or_default();
        match candidates.map(|c| c.iter().collect::<Vec<_>>()).as_deref() {
            None | Some([]) => {
                Resolution::NoModel(format!("no model is named {identity}{provider_note}"))
            }
            Some([key]) => Resolution::Model(self.by_key[**key]),
            Some(keys) => Resolution::Ambiguous(keys.iter().map(|k| (**k).to_owned()).collect()),
        }
    }
}
