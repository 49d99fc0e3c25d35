//! The last step: the joined models get their quotas and the account's view, and the catalogue
//! its metadata (per region and API the status and counts, per file source how it fared, the
//! run's totals).

use std::collections::BTreeMap;

use super::offers::source_status;
use super::steps::Joined;
use super::{Inputs, Options};
use crate::catalog::{ApiStatus, Catalog, Metadata, RunStatus, SCHEMA_VERSION, SourceStatus};
use crate::phases::{access, quotas};
use crate::records::{Api, AwsRaw, Failure, Origin, Status};

/// The joined models with their quotas and the account's view, and the catalogue's metadata (all
/// but the run's timestamps).
pub(super) fn finish_catalog(
    joined: Joined,
    mut assignment: quotas::QuotaAssignment,
    inputs: &Inputs,
    options: &Options,
) -> Catalog {
    let raw = &inputs.aws;
    let Joined {
        mut providers,
        refs: _,
        mantle_only: _,
        profile_stats,
        mantle,
        with_specs,
        with_prices,
        litellm_entries,
        litellm_keys_without_model,
        mut rejected_values,
        pricing,
        model_conflicts,
    } = joined;
    rejected_values.extend(crate::phases::pricing::rejected_values(&pricing.unmatched));
    rejected_values.extend(quotas::rejected_values(raw));
    let mut with_quotas = 0;
    for model in providers.values_mut().flat_map(|p| p.models.values_mut()) {
        if let Some(q) = assignment.models.remove(&model.model_id) {
            model.total_quotas_assigned = q.values().map(Vec::len).sum();
            model.has_quotas = model.total_quotas_assigned > 0;
            with_quotas += usize::from(model.has_quotas);
            model.model_service_quotas = q;
        }
    }
    let regions = RegionTally::of(raw);
    let sources = source_statuses(inputs, litellm_entries);
    let sources_failed: Vec<String> = sources
        .iter()
        .filter(|(_, s)| s.status.is_some_and(Status::is_failure))
        .map(|(name, _)| name.clone())
        .collect();

    let account_access = access::attach_account(&mut providers, raw);
    let total_models = providers.values().map(|p| p.models.len()).sum();
    let complete = regions.failed.is_empty() && sources_failed.is_empty();
    let collection_method = collection_method(mantle.is_some(), account_access.is_some());
    let mut catalog = Catalog {
        metadata: Metadata {
            schema_version: SCHEMA_VERSION,
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            run_status: if complete {
                RunStatus::Complete
            } else {
                RunStatus::Partial
            },
            regions_requested: options.regions.to_vec(),
            regions_covered: regions.ok.len(),
            regions_ok: regions.ok,
            regions_not_opted_in: regions.not_opted_in,
            regions_failed: regions.failed,
            region_status: regions.status,
            total_models,
            providers_count: providers.len(),
            total_inference_profiles: profile_stats.total_profiles,
            profiles_without_model: profile_stats.profiles_without_model,
            total_quotas_available: regions.total_quotas,
            aws_requests: regions.requests,
            aws_attempts: regions.attempts,
            aws_retries: regions.attempts.saturating_sub(regions.requests),
            models_with_quotas: with_quotas,
            models_with_pricing: with_prices,
            price_list_offers: pricing.offers,
            models_with_token_specs: with_specs,
            quota_assignment: assignment.totals,
            quota_assignment_by_region: assignment.by_region,
            quota_value_sources: assignment.value_sources,
            account_id_redacted: options.redact_account_id,
            credentials: raw.credentials.clone(),
            unmatched_price_rows: pricing.unmatched,
            duplicate_price_rows: pricing.duplicates,
            unassigned_quotas: assignment.unassigned,
            account_quotas: assignment.account,
            sources,
            sources_failed,
            collection_method,
            mantle,
            account_access,
            rejected_values,
            model_conflicts,
            ..Default::default()
        },
        providers,
    };
    let mut unknowns = crate::phases::unknowns::collect(&catalog.metadata);
    unknowns.extend(crate::phases::unknowns::aws_values(raw));
    unknowns.extend(crate::phases::unknowns::litellm_keys(
        &litellm_keys_without_model,
    ));
    unknowns.sort_by_key(|g| (g.source, g.kind));
    catalog.metadata.unknowns = Some(unknowns);
    catalog
}

/// Every region's APIs with their statuses, the regions by outcome, and the run's totals.
struct RegionTally {
    status: BTreeMap<String, BTreeMap<Api, ApiStatus>>,
    ok: Vec<String>,
    not_opted_in: Vec<String>,
    failed: Vec<String>,
    total_quotas: usize,
    requests: usize,
    attempts: usize,
}

impl RegionTally {
    fn of(raw: &AwsRaw) -> RegionTally {
        let mut t = RegionTally {
            status: BTreeMap::new(),
            ok: vec![],
            not_opted_in: vec![],
            failed: vec![],
            total_quotas: 0,
            requests: 0,
            attempts: 0,
        };
        for (region, r) in &raw.regions {
            let mut apis = BTreeMap::new();
            let mut region_failed = false;
            // The account's calls, when they were made, are statuses of the region like the others.
            let account_apis =
                raw.account.get(region).into_iter().flat_map(|a| {
                    Api::ACCOUNT.map(|api| (api, a.outcome(api), a.attempts.get(&api)))
                });
            let apis_of_region = Api::ALL
                .map(|api| (api, r.outcome(api), r.attempts.get(&api)))
                .into_iter()
                .chain(account_apis);
            for (api, (outcome, pages), counted) in apis_of_region {
                if let Some(c) = counted {
                    t.requests += c.requests;
                    t.attempts += c.attempts;
                }
                if let (Ok(items), Api::ListServiceQuotas) = (&outcome, api) {
                    t.total_quotas += items;
                }
                region_failed |= outcome.as_ref().is_err_and(|f| f.status.is_failure());
                apis.insert(api, api_status(outcome, pages, counted.copied()));
            }
            match &r.foundation_models {
                Ok(_) => t.ok.push(region.clone()),
                Err(f) if f.status == Status::NotOptedIn => t.not_opted_in.push(region.clone()),
                Err(_) => {}
            }
            if region_failed {
                t.failed.push(region.clone());
            }
            t.status.insert(region.clone(), apis);
        }
        t
    }
}

/// One API's status in one region: items read or the failure, pages, requests and attempts.
fn api_status(
    outcome: Result<usize, &Failure>,
    pages: usize,
    counted: Option<crate::records::Attempts>,
) -> ApiStatus {
    let (status, items, message, hint) = match outcome {
        Ok(items) => (Status::Ok, Some(items), None, None),
        Err(f) => (f.status, None, Some(f.message.clone()), f.hint.clone()),
    };
    ApiStatus {
        status,
        items,
        pages,
        requests: counted.map(|c| c.requests),
        attempts: counted.map(|c| c.attempts),
        passes: counted.map(|c| c.passes).filter(|&n| n > 0),
        message,
        hint,
    }
}

/// How each file source fared: LiteLLM, the Price List and the corrections.
fn source_statuses(
    inputs: &Inputs,
    litellm_entries: Result<usize, Failure>,
) -> BTreeMap<String, SourceStatus> {
    let corrections = &inputs.corrections;
    let origin = if corrections.location == crate::corrections::BUILT_IN_LOCATION {
        Origin::BuiltIn
    } else {
        Origin::File
    };
    BTreeMap::from([
        (
            "litellm".to_string(),
            source_status(&inputs.litellm, litellm_entries),
        ),
        ("price_list".to_string(), inputs.offers.status.clone()),
        (
            "corrections".to_string(),
            SourceStatus {
                status: Some(Status::Ok),
                location: corrections.location.clone(),
                origin: Some(origin),
                revision: Some(corrections.revision.clone()),
                entries: Some(corrections.corrections.len()),
                ..Default::default()
            },
        ),
    ])
}

/// What the run asked, in one sentence.
fn collection_method(mantle: bool, account_access: bool) -> String {
    format!(
        "bedrock-collector: ListFoundationModels, ListInferenceProfiles, ListServiceQuotas and ListAWSDefaultServiceQuotas{}{} in every region; LiteLLM and the corrections file for token specs",
        if mantle { ", Mantle's /v1/models" } else { "" },
        if account_access {
            ", with the account's view (GetFoundationModelAvailability per listed model, application inference profiles, ListProvisionedModelThroughputs)"
        } else {
            ""
        }
    )
}
