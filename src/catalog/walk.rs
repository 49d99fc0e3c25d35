//! The one walk over the catalogue's models, and what every reader asks of one model: its name,
//! its provider, the id to call, the ids it answers to, its token limits.

use std::collections::{BTreeMap, BTreeSet};

use super::token_specs::TokenCount;
use super::{Catalog, Model, ProfileEntry, Provider};

/// One model of the catalogue, with the provider and key it is filed under.
#[derive(Debug, Clone, Copy)]
pub struct Listed<'a> {
    /// The provider the catalogue files it under.
    pub provider: &'a str,
    pub key: &'a str,
    pub model: &'a Model,
}

/// Every model of `providers` (a catalogue's, or the joined models before they are one), provider
/// by provider, then by key.
pub fn listed(providers: &BTreeMap<String, Provider>) -> impl Iterator<Item = Listed<'_>> + '_ {
    providers.iter().flat_map(|(provider, body)| {
        body.models.iter().map(move |(key, model)| Listed {
            provider,
            key,
            model,
        })
    })
}

impl Catalog {
    /// Every model, provider by provider, then by key.
    pub fn models(&self) -> impl Iterator<Item = Listed<'_>> + '_ {
        listed(&self.providers)
    }

    /// Every model by key (across providers).
    pub fn models_by_key(&self) -> BTreeMap<&str, &Model> {
        self.models().map(|m| (m.key, m.model)).collect()
    }

    /// The number of models.
    pub fn model_count(&self) -> usize {
        self.providers.values().map(|p| p.models.len()).sum()
    }
}

impl<'a> Listed<'a> {
    /// `model_name`, else the key.
    pub fn name(&self) -> &'a str {
        non_empty(&self.model.model_name, self.key)
    }

    /// `model_provider`, else the provider it is filed under.
    pub fn provider_name(&self) -> &'a str {
        non_empty(&self.model.model_provider, self.provider)
    }

    /// The id to call: `invocable_model_id`, else the shortest id under the key, else the key.
    pub fn invocable_id(&self) -> &'a str {
        if !self.model.invocable_model_id.is_empty() {
            return &self.model.invocable_model_id;
        }
        self.model
            .model_variants
            .keys()
            .min_by_key(|id| (id.matches(':').count(), id.len(), id.as_str()))
            .map_or(self.key, String::as_str)
    }

    /// Every id the model answers to: its invocable id, its variants, the ids listed per region,
    /// its inference profiles.
    pub fn ids(&self) -> BTreeSet<&'a str> {
        let model = self.model;
        let mut ids = BTreeSet::new();
        ids.insert(self.invocable_id());
        ids.extend(model.model_variants.keys().map(String::as_str));
        for availability in model.regional_availability.values() {
            ids.extend(availability.model_ids.iter().map(String::as_str));
        }
        for profile in &model.cross_region_inference.profiles {
            ids.insert(&profile.profile_id);
        }
        ids
    }
}

fn non_empty<'a>(field: &'a str, fallback: &'a str) -> &'a str {
    if field.is_empty() { fallback } else { field }
}

impl Model {
    /// The context window in tokens: the token specs', else the sample's `converse_data`.
    pub fn context_window(&self) -> Option<u64> {
        let spec = self.token_specs.as_ref().and_then(|s| s.context_window);
        spec.or_else(|| known(self.converse_data.as_ref()?.context_window))
    }

    /// The most output tokens of one call: the token specs', else the sample's `converse_data`.
    pub fn max_output_tokens(&self) -> Option<u64> {
        let spec = self.token_specs.as_ref().and_then(|s| s.max_output_tokens);
        spec.or_else(|| known(self.converse_data.as_ref()?.max_output_tokens))
    }

    /// Served only through Mantle: Mantle lists it, and no region lists it or has a profile for it.
    pub fn mantle_only(&self) -> bool {
        self.mantle.as_ref().is_some_and(|m| !m.regions.is_empty())
            && self.regional_availability.is_empty()
            && self.regions_available.is_empty()
            && self.cross_region_inference.profiles.is_empty()
    }
}

fn known(count: TokenCount) -> Option<u64> {
    match count {
        TokenCount::Known(n) => Some(n),
        TokenCount::NotAvailable => None,
    }
}

impl ProfileEntry {
    /// A global profile: a `global.` id, or a destination with no region (any commercial region).
    pub fn is_global(&self) -> bool {
        self.profile_id.starts_with("global.") || self.routes_globally
    }
}
