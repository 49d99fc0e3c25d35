//! The phases in their order, from the inputs to one catalogue; the replay path and the live path share these steps.

use super::inputs::{Inputs, ParsedOffers, REDACTED_ACCOUNT, rfc3339};
use crate::catalog::BatchSupport;
use crate::catalog::{ApiStatus, Catalog, Metadata, RunStatus, SCHEMA_VERSION, SourceStatus};
use crate::config::Settings;
use crate::phases::pricing;
use crate::phases::token_specs::LiteLlmDb;
use crate::phases::{access, discovery, features, mantle, profiles, quotas, token_specs};
use crate::records::ServiceQuota;
use crate::sources::http::Origin;
use crate::sources::{Api, AwsRaw, Failure, FileOutcome, Status, price_list};
use std::collections::BTreeMap;
use std::time::Instant;
use tracing::{debug, info, warn};

/// Parses the fetched Price List files into offers, and says how the source fared. Files that
/// could not be had or read make the source `error`, naming each; the offers that could be read
/// are still used.
pub(super) fn read_offers(
    files: Option<&BTreeMap<String, FileOutcome>>,
    regions: &[String],
) -> ParsedOffers {
    let Some(files) = files else {
        let off = price_list::disabled();
        return ParsedOffers {
            offers: vec![],
            status: SourceStatus {
                status: Some(off.status),
                message: Some(off.message),
                ..Default::default()
            },
        };
    };
    let mut offers = Vec::new();
    let mut problems = Vec::new();
    // The oldest cached copy used, if any: how old the prices are.
    let oldest = files
        .values()
        .filter_map(|o| o.result.as_ref().ok()?.downloaded_at)
        .min();
    let mut versions = Vec::new();
    let mut location = String::new();
    for code in price_list::OFFER_CODES {
        let path = price_list::index_path(code);
        let Some(index) = files.get(&path) else {
            problems.push(format!("{code}: region index not fetched"));
            continue;
        };
        if location.is_empty() {
            location = index.location.trim_end_matches(&path).to_string();
        }
        let parsed = match &index.result {
            Ok(f) => pricing::parse_region_index(&f.bytes)
                .map_err(|e| format!("{}: {e}", index.location)),
            Err(e) => Err(e.message.clone()),
        };
        let ix = match parsed {
            Ok(ix) => ix,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        for region in regions {
            let Some(file_path) = ix.regions.get(region) else {
                continue;
            };
            let parsed = match files.get(file_path).map(|o| (o, &o.result)) {
                Some((o, Ok(f))) => {
                    pricing::parse_offer(&f.bytes).map_err(|e| format!("{}: {e}", o.location))
                }
                Some((_, Err(e))) => Err(e.message.clone()),
                None => Err(format!("{file_path} was not fetched")),
            };
            match parsed {
                Ok(offer) => {
                    versions.push(format!("{}@{}", offer.offer_code, offer.version));
                    offers.push(offer);
                }
                Err(e) => problems.push(e),
            }
        }
    }
    versions.sort();
    versions.dedup();
    let status = SourceStatus {
        status: Some(if problems.is_empty() {
            Status::Ok
        } else {
            Status::Error
        }),
        location,
        revision: (!versions.is_empty()).then(|| versions.join(", ")),
        entries: Some(offers.iter().map(|o| o.rows.len()).sum()),
        // One sentence: the first problem, and how many more there were.
        message: problems.first().map(|first| {
            crate::redact::message(&match problems.len() {
                1 => first.clone(),
                n => format!("{first} (and {} more)", n - 1),
            })
        }),
        downloaded_at: oldest.and_then(rfc3339),
        ..Default::default()
    };
    ParsedOffers { offers, status }
}

pub(super) fn source_status(
    outcome: &FileOutcome,
    entries: Result<usize, Failure>,
) -> SourceStatus {
    match (&outcome.result, entries) {
        (Ok(f), Ok(n)) => SourceStatus {
            status: Some(Status::Ok),
            location: outcome.location.clone(),
            origin: Some(f.origin),
            revision: Some(f.revision()),
            downloaded_at: f.downloaded_at.and_then(rfc3339),
            entries: Some(n),
            message: None,
        },
        (Ok(f), Err(e)) => SourceStatus {
            status: Some(e.status),
            location: outcome.location.clone(),
            origin: Some(f.origin),
            revision: Some(f.revision()),
            downloaded_at: f.downloaded_at.and_then(rfc3339),
            entries: None,
            message: Some(e.message),
        },
        (Err(e), _) => SourceStatus {
            status: Some(e.status),
            location: outcome.location.clone(),
            message: Some(e.message.clone()),
            ..Default::default()
        },
    }
}

/// Runs the pure phases over the inputs, one after another, and fills the metadata (all but the
/// run's timestamps). A network run calls the same steps as their inputs arrive
/// (`collect_live`); both give the same catalogue.
pub fn assemble(inputs: &Inputs, settings: &Settings) -> Catalog {
    let clock = Instant::now();
    let discovered = discover(&inputs.aws, settings);
    lap(clock, "1 discovery, 4 profiles");
    let specs = resolve_specs(&discovered.refs, inputs);
    lap(clock, "4.5 token specs");
    let pricing = pricing::match_prices(&discovered.refs, &inputs.offers.offers);
    lap(clock, "2-3 prices");
    let joined = join_models(discovered, specs, pricing, inputs);
    lap(clock, "models joined");
    let mut region_quotas = RegionQuotas::new(&joined.refs, settings.redact_account_id);
    for (region, r) in &inputs.aws.regions {
        region_quotas.add(region, r);
    }
    let assignment = region_quotas.finish();
    lap(clock, "5 quotas");
    let catalog = finish_catalog(joined, assignment, inputs, settings);
    lap(clock, "joined");
    catalog
}

pub(super) fn lap(clock: Instant, phase: &str) {
    debug!(
        phase,
        elapsed_ms = clock.elapsed().as_millis() as u64,
        "phase done"
    );
}

/// Phases 1 (discovery) and 4 (cross-region profiles): they read only the two Bedrock lists.
pub struct Discovered {
    pub(super) providers: BTreeMap<String, crate::catalog::Provider>,
    pub(super) profile_stats: profiles::ProfileStats,
    pub(super) refs: Vec<crate::model::ModelRef>,
}

pub(super) fn discover(raw: &AwsRaw, settings: &Settings) -> Discovered {
    let mut providers = discovery::discover(raw, &settings.aws.home_region);
    let profile_stats = profiles::attach_profiles(&mut providers, raw);
    let refs = discovery::model_refs(&providers);
    Discovered {
        providers,
        profile_stats,
        refs,
    }
}

/// Phase 4.5: token specs per model key, and how many entries LiteLLM's database had (or why it
/// could not be used).
pub(super) struct Specs {
    pub(super) by_model: BTreeMap<String, crate::catalog::token_specs::TokenSpec>,
    /// Feature flags per model key, from the same LiteLLM match and the corrections.
    pub(super) features: BTreeMap<String, crate::catalog::routes::Features>,
    pub(super) litellm_entries: Result<usize, Failure>,
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
    pub(super) fn new(refs: &'m [crate::model::ModelRef], redact_account_id: bool) -> Self {
        RegionQuotas {
            assigner: quotas::QuotaAssigner::new(refs),
            models: BTreeMap::new(),
            redact_account_id,
        }
    }

    /// A region's quotas from whichever of its two lists were read in full.
    pub(super) fn add(&mut self, region: &str, raw: &crate::sources::RegionRaw) {
        fn all(
            pages: &crate::sources::Pages<crate::records::QuotasPage>,
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
    providers: BTreeMap<String, crate::catalog::Provider>,
    /// The models the quota assignment matches against.
    pub(super) refs: Vec<crate::model::ModelRef>,
    profile_stats: profiles::ProfileStats,
    mantle: Option<crate::catalog::mantle::MantleSummary>,
    with_specs: usize,
    with_prices: usize,
    litellm_entries: Result<usize, Failure>,
    /// The pricing phase's findings (its per-model prices are in the models).
    pricing: pricing::PricingResult,
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
        refs,
    } = discovered;
    // The Mantle route, and entries for the models only Mantle lists, before the per-model fields.
    let mantle = mantle::attach_mantle(&mut providers, &inputs.aws);
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
        profile_stats,
        mantle,
        with_specs,
        with_prices,
        litellm_entries: specs.litellm_entries,
        pricing,
    }
}

/// The joined models with their quotas and the account's view, and the catalogue's metadata.
pub(super) fn finish_catalog(
    joined: Joined,
    mut assignment: quotas::QuotaAssignment,
    inputs: &Inputs,
    settings: &Settings,
) -> Catalog {
    let raw = &inputs.aws;
    let Joined {
        mut providers,
        refs: _,
        profile_stats,
        mantle,
        with_specs,
        with_prices,
        litellm_entries,
        pricing,
    } = joined;
    let price_status = &inputs.offers.status;
    let mut with_quotas = 0;
    for model in providers.values_mut().flat_map(|p| p.models.values_mut()) {
        if let Some(q) = assignment.models.remove(&model.model_id) {
            model.total_quotas_assigned = q.values().map(Vec::len).sum();
            model.has_quotas = model.total_quotas_assigned > 0;
            with_quotas += usize::from(model.has_quotas);
            model.model_service_quotas = q;
        }
    }

    let mut region_status = BTreeMap::new();
    let (mut ok, mut not_opted_in, mut failed) = (vec![], vec![], vec![]);
    let mut total_quotas = 0;
    let (mut aws_requests, mut aws_attempts) = (0, 0);
    for (region, r) in &raw.regions {
        let mut apis = BTreeMap::new();
        let mut region_failed = false;
        // The account's calls, when they were made, are statuses of the region like the others.
        let account = raw.account.get(region);
        let account_apis = account
            .into_iter()
            .flat_map(|a| Api::ACCOUNT.map(|api| (api, a.outcome(api), a.attempts.get(&api))));
        let apis_of_region = Api::ALL
            .map(|api| (api, r.outcome(api), r.attempts.get(&api)))
            .into_iter()
            .chain(account_apis);
        for (api, (outcome, pages), counted) in apis_of_region {
            let counted = counted.copied();
            if let Some(c) = counted {
                aws_requests += c.requests;
                aws_attempts += c.attempts;
            }
            let mut status = match outcome {
                Ok(items) => {
                    if api == Api::ListServiceQuotas {
                        total_quotas += items;
                    }
                    ApiStatus {
                        status: Status::Ok,
                        items: Some(items),
                        pages,
                        requests: None,
                        attempts: None,
                        passes: None,
                        message: None,
                        hint: None,
                    }
                }
                Err(f) => {
                    region_failed |= f.status.is_failure();
                    ApiStatus {
                        status: f.status,
                        items: None,
                        pages,
                        requests: None,
                        attempts: None,
                        passes: None,
                        message: Some(f.message.clone()),
                        hint: f.hint.clone(),
                    }
                }
            };
            status.requests = counted.map(|c| c.requests);
            status.attempts = counted.map(|c| c.attempts);
            status.passes = counted.map(|c| c.passes).filter(|&n| n > 0);
            apis.insert(api, status);
        }
        match &r.foundation_models {
            Ok(_) => ok.push(region.clone()),
            Err(f) if f.status == Status::NotOptedIn => not_opted_in.push(region.clone()),
            Err(_) => {}
        }
        if region_failed {
            failed.push(region.clone());
        }
        region_status.insert(region.clone(), apis);
    }

    let mut sources = BTreeMap::new();
    sources.insert(
        "litellm".to_string(),
        source_status(&inputs.litellm, litellm_entries),
    );
    sources.insert("price_list".to_string(), price_status.clone());
    sources.insert(
        "corrections".to_string(),
        SourceStatus {
            status: Some(Status::Ok),
            location: inputs.corrections.location.clone(),
            origin: Some(
                if inputs.corrections.location == crate::corrections::BUILT_IN_LOCATION {
                    Origin::BuiltIn
                } else {
                    Origin::File
                },
            ),
            revision: Some(inputs.corrections.revision.clone()),
            entries: Some(inputs.corrections.corrections.len()),
            ..Default::default()
        },
    );
    let sources_failed: Vec<String> = sources
        .iter()
        .filter(|(_, s)| s.status.is_some_and(Status::is_failure))
        .map(|(name, _)| name.clone())
        .collect();

    let account_access = access::attach_account(&mut providers, raw);
    let total_models = providers.values().map(|p| p.models.len()).sum();
    let complete = failed.is_empty() && sources_failed.is_empty();
    Catalog {
        metadata: Metadata {
            schema_version: SCHEMA_VERSION,
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            run_status: if complete {
                RunStatus::Complete
            } else {
                RunStatus::Partial
            },
            regions_requested: settings.regions.clone(),
            regions_covered: ok.len(),
            regions_ok: ok,
            regions_not_opted_in: not_opted_in,
            regions_failed: failed,
            region_status,
            total_models,
            providers_count: providers.len(),
            total_inference_profiles: profile_stats.total_profiles,
            profiles_without_model: profile_stats.profiles_without_model,
            total_quotas_available: total_quotas,
            aws_requests,
            aws_attempts,
            aws_retries: aws_attempts.saturating_sub(aws_requests),
            models_with_quotas: with_quotas,
            models_with_pricing: with_prices,
            price_list_offers: pricing.offers,
            models_with_token_specs: with_specs,
            quota_assignment: assignment.totals,
            quota_assignment_by_region: assignment.by_region,
            quota_value_sources: assignment.value_sources,
            account_id_redacted: settings.redact_account_id,
            credentials: raw.credentials.clone(),
            unmatched_price_rows: pricing.unmatched,
            duplicate_price_rows: pricing.duplicates,
            unassigned_quotas: assignment.unassigned,
            sources,
            sources_failed,
            collection_method: format!(
                "bedrock-collector: ListFoundationModels, ListInferenceProfiles, ListServiceQuotas and ListAWSDefaultServiceQuotas{}{} in every region; LiteLLM and the corrections file for token specs",
                if mantle.is_some() {
                    ", Mantle's /v1/models"
                } else {
                    ""
                },
                if account_access.is_some() {
                    ", with the account's view (GetFoundationModelAvailability per listed model, application inference profiles, ListProvisionedModelThroughputs)"
                } else {
                    ""
                }
            ),
            mantle,
            account_access,
            ..Default::default()
        },
        providers,
    }
}
