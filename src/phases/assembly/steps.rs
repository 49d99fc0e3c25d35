//! The steps of the assembly: discovery with the profiles, token specs, the join of everything
//! but the quotas, and each region's quotas.

use std::collections::BTreeMap;

use tracing::{debug, info, warn};

use super::Inputs;
use crate::catalog::conflicts::ModelConflict;
use crate::catalog::{BatchSupport, Catalog};
use crate::phases::pricing;
use crate::phases::token_specs::LiteLlmDb;
use crate::phases::{discovery, features, mantle, profiles, quotas, token_specs};
use crate::records::{AwsRaw, Failure, ServiceQuota, Status};
use crate::redact::REDACTED_ACCOUNT;

/// Phases 1 (discovery) and 4 (cross-region profiles): they read only the two Bedrock lists.
pub(super) struct Discovered {
    pub(super) providers: BTreeMap<String, crate::catalog::Provider>,
    pub(super) profile_stats: profiles::ProfileStats,
    pub(super) refs: Vec<crate::model::ModelRef>,
    /// What the regions' model lists disagree on: read from the lists alone, so found here,
    /// before the quota pages are in, rather than in the last step.
    pub(super) model_conflicts: Vec<ModelConflict>,
}

pub(super) fn discover(raw: &AwsRaw, home_region: &str) -> Discovered {
    let mut providers = discovery::discover(raw, home_region);
    let profile_stats = profiles::attach_profiles(&mut providers, raw);
    let refs = discovery::model_refs(&providers);
    Discovered {
        providers,
        profile_stats,
        refs,
        model_conflicts: discovery::model_conflicts(raw, home_region),
    }
}

/// Phase 4.5: token specs per model key, and how many entries LiteLLM's database had (or why it
/// could not be used).
pub(super) struct Specs {
    pub(super) by_model: BTreeMap<String, crate::catalog::token_specs::TokenSpec>,
    /// Feature flags per model key, from the same LiteLLM match and the corrections.
    pub(super) features: BTreeMap<String, crate::catalog::routes::Features>,
    pub(super) litellm_entries: Result<usize, Failure>,
    /// The parsed database, when it could be used.
    pub(super) litellm: Option<LiteLlmDb>,
    /// LiteLLM's values out of range, dropped.
    pub(super) rejected_values: Vec<crate::catalog::rejected::RejectedValue>,
}

pub(super) fn resolve_specs(refs: &[crate::model::ModelRef], inputs: &Inputs) -> Specs {
    let litellm = match &inputs.litellm.result {
        Ok(f) => LiteLlmDb::parse(&f.bytes).map_err(|e| {
            Failure::new(
                Status::Error,
                format!(
                    "LiteLLM's database from {} is not usable: {e}",
                    inputs.litellm.location
                ),
            )
        }),
        Err(e) => Err(e.clone()),
    };
    if let Ok(db) = &litellm {
        for why in db.rejected_values() {
            warn!("LiteLLM's database: {why}");
        }
    }
    if let Err(e) = &litellm {
        // Switched off by the user: information, not a warning (a quiet run stays quiet).
        if e.status == Status::Skipped {
            info!("{}; token specs come from the corrections only", e.message);
        } else {
            warn!("{}; token specs come from the corrections only", e.message);
        }
    }
    let by_model = token_specs::resolve_token_specs(
        refs,
        litellm.as_ref().ok(),
        &inputs.corrections.corrections,
    );
    let features = token_specs::resolve_all_features(
        refs,
        &by_model,
        litellm.as_ref().ok(),
        &inputs.corrections.corrections,
    );
    let unmatched = token_specs::unmatched_corrections(refs, &inputs.corrections.corrections);
    if !unmatched.is_empty() {
        // Normal when only some regions are queried; worth a look after a full run.
        debug!(
            "{} correction(s) in {} match no model in this run: {}",
            unmatched.len(),
            inputs.corrections.location,
            unmatched.join(", ")
        );
    }
    Specs {
        by_model,
        features,
        litellm_entries: litellm.as_ref().map(LiteLlmDb::len).map_err(Clone::clone),
        rejected_values: litellm
            .as_ref()
            .map(|db| db.rejected_values().to_vec())
            .unwrap_or_default(),
        litellm: litellm.ok(),
    }
}

/// Phase 5, one region at a time (as its pages complete, or one after another in a replay): each
/// region's lists, with the account id redacted when asked, go into the assignment's `models`.
pub(super) struct RegionQuotas<'m> {
    pub(super) assigner: quotas::QuotaAssigner<'m>,
    pub(super) models:
        BTreeMap<String, BTreeMap<String, Vec<crate::catalog::quotas::AssignedQuota>>>,
    pub(super) redact_account_id: bool,
}

impl<'m> RegionQuotas<'m> {
    pub(super) fn new(joined: &'m Joined, redact_account_id: bool) -> Self {
        RegionQuotas {
            assigner: quotas::QuotaAssigner::with_mantle_only(&joined.refs, &joined.mantle_only),
            models: BTreeMap::new(),
            redact_account_id,
        }
    }

    /// A region's quotas from whichever of its two lists were read in full.
    pub(super) fn add(&mut self, region: &str, raw: &crate::records::RegionRaw) {
        fn all(
            pages: &crate::records::Pages<crate::records::QuotasPage>,
        ) -> Option<Vec<&ServiceQuota>> {
            let pages = pages.as_ref().ok()?;
            Some(pages.iter().flat_map(|p| &p.quotas).collect())
        }
        let (applied, defaults) = (all(&raw.service_quotas), all(&raw.default_quotas));
        if applied.is_none() && defaults.is_none() {
            return;
        }
        // Without the region's model list, which models it offers is unknown.
        let listing = if raw.foundation_models.is_ok() {
            quotas::RegionListing::Read
        } else {
            quotas::RegionListing::Unknown
        };
        let lists = self
            .assigner
            .add_region(region, listing, applied.as_ref(), defaults.as_ref());
        for (key, mut list) in lists {
            if self.redact_account_id {
                for quota in &mut list {
                    quota.quota_arn =
                        crate::redact::redact_account_id(&quota.quota_arn, REDACTED_ACCOUNT);
                }
            }
            self.models
                .entry(key)
                .or_default()
                .insert(region.to_string(), list);
        }
    }

    pub(super) fn finish(self) -> quotas::QuotaAssignment {
        quotas::QuotaAssignment {
            models: self.models,
            ..self.assigner.finish()
        }
    }
}

/// The models joined with everything but their quotas and the account's view: what a network run
/// builds while the last quota pages are still on their way.
pub(super) struct Joined {
    pub(super) providers: BTreeMap<String, crate::catalog::Provider>,
    /// The models the quota assignment matches against.
    pub(super) refs: Vec<crate::model::ModelRef>,
    /// The keys of the models only Mantle lists: only Mantle's quotas are matched against them.
    pub(super) mantle_only: std::collections::BTreeSet<String>,
    pub(super) profile_stats: profiles::ProfileStats,
    pub(super) mantle: Option<crate::catalog::mantle::MantleSummary>,
    pub(super) with_specs: usize,
    pub(super) with_prices: usize,
    pub(super) litellm_entries: Result<usize, Failure>,
    /// LiteLLM's Bedrock keys that name no model (an unknown of source `litellm`).
    pub(super) litellm_keys_without_model: Vec<String>,
    /// Source values out of range, dropped (LiteLLM's; the quotas' are added at the end).
    pub(super) rejected_values: Vec<crate::catalog::rejected::RejectedValue>,
    /// The pricing phase's findings (its per-model prices are in the models).
    pub(super) pricing: pricing::PricingResult,
    pub(super) model_conflicts: Vec<ModelConflict>,
}

/// Joins discovery, Mantle, token specs, features, prices and routes into the models.
pub(super) fn join_models(
    discovered: Discovered,
    specs: Specs,
    mut pricing: pricing::PricingResult,
    inputs: &Inputs,
) -> Joined {
    let Discovered {
        mut providers,
        profile_stats,
        refs: _,
        model_conflicts,
    } = discovered;
    // The Mantle route, and entries for the models only Mantle lists, before the per-model fields.
    let mantle = mantle::attach_mantle(&mut providers, &inputs.aws);
    // The quotas match against every entry, the Mantle-only ones too: their Mantle quotas
    // (`[bedrock-mantle endpoint] ... for GPT-5.4`) have no other model to join.
    let refs = discovery::model_refs(&providers);
    let mantle_only = (providers.values().flat_map(|p| p.models.values()))
        .filter(|m| m.mantle.is_some() && m.regions_available.is_empty())
        .map(|m| m.model_id.clone())
        .collect();
    let litellm_keys_without_model = (specs.litellm.as_ref())
        .map(|db| token_specs::litellm_keys_without_model(&refs, db))
        .unwrap_or_default();
    let price_status = &inputs.offers.status;
    let mut with_specs = 0;
    let mut with_prices = 0;
    let mut model_prices = std::mem::take(&mut pricing.models);
    let mut model_features = specs.features;
    for model in providers.values_mut().flat_map(|p| p.models.values_mut()) {
        model.model_capabilities = features::capabilities(
            &model.model_modalities.input_modalities,
            &model.model_modalities.output_modalities,
        );
        model.model_use_cases = features::use_cases(&model.model_capabilities);
        model.documentation_links = features::documentation_links(&model.model_provider);
        if let Some(spec) = specs.by_model.get(&model.model_id) {
            with_specs +=
                usize::from(spec.context_window.is_some() && spec.max_output_tokens.is_some());
            model.converse_data = Some(token_specs::converse_data(
                spec,
                model.model_capabilities.len(),
                model.model_use_cases.len(),
                model.total_regions_available,
            ));
            model.token_specs = Some(spec.clone());
        }
        model.features = model_features.remove(&model.model_id);
        crate::phases::lifecycle::attach(model);
        if let Some(p) = model_prices.remove(&model.model_id) {
            model.has_pricing = p.is_pricing_available;
            with_prices += usize::from(p.is_pricing_available);
            model.batch_inference_supported = Some(BatchSupport::from_prices(
                &p.batch_regions,
                model.total_regions_available,
            ));
            model.model_pricing = Some(p);
        }
        // A profile's price only where the Price List was read: switched off or failed, the
        // prices are unknown, not missing.
        crate::phases::routes::attach(model, price_status.status == Some(Status::Ok));
        model.consumption_options = features::consumption_options(
            &model.inference_types_supported,
            model
                .batch_inference_supported
                .as_ref()
                .is_some_and(|b| b.supported),
        );
    }
    Joined {
        providers,
        refs,
        mantle_only,
        profile_stats,
        mantle,
        with_specs,
        with_prices,
        litellm_entries: specs.litellm_entries,
        litellm_keys_without_model,
        rejected_values: specs.rejected_values,
        pricing,
        model_conflicts,
    }
}

/// `first_discovered_at` of every model: as the previous catalogue has it, or this run's start.
pub fn carry_first_discovered(catalog: &mut Catalog, previous: Option<&Catalog>, started_at: &str) {
    let now = started_at.replacen('T', " ", 1).replace('Z', " UTC");
    let before: BTreeMap<&str, &str> = previous
        .into_iter()
        .flat_map(|p| p.providers.values())
        .flat_map(|p| p.models.iter())
        .map(|(k, m)| {
            (
                k.as_str(),
                m.collection_metadata.first_discovered_at.as_str(),
            )
        })
        .filter(|(_, at)| !at.is_empty())
        .collect();
    for model in catalog
        .providers
        .values_mut()
        .flat_map(|p| p.models.values_mut())
    {
        model.collection_metadata.first_discovered_at = before
            .get(model.model_id.as_str())
            .map_or_else(|| now.clone(), |t| t.to_string());
    }
}
