//! The account's own view (`--account-access`): GetFoundationModelAvailability's answers become
//! each model's `account_access` per region (callable or not, and why), and the account's
//! application inference profiles and provisioned throughputs are joined to their models.

use std::collections::{BTreeMap, BTreeSet};

use crate::catalog::account::{
    AccessBlock, AccountAccess, AccountAccessCounts, AgreementStatus, ApplicationProfile,
    AuthorizationStatus, Availability, ProvisionedThroughput,
};
use crate::catalog::{Model, Provider};
use crate::phases::discovery::model_key;
use crate::phases::profiles::parse_model_arn;
use crate::records::AwsRaw;
use crate::records::{InferenceProfileSummary, ModelAvailability, ProvisionedModelSummary};

/// Fills `account_access`, `application_inference_profiles` and `provisioned_throughputs` of
/// every model from the account calls in `raw`, and counts them. `None` when the run made no
/// account calls (nothing is then written).
pub fn attach_account(
    providers: &mut BTreeMap<String, Provider>,
    raw: &AwsRaw,
) -> Option<AccountAccessCounts> {
    if raw.account.is_empty() {
        return None;
    }
    let mut models: BTreeMap<String, &mut Model> = providers
        .values_mut()
        .flat_map(|p| p.models.iter_mut())
        .map(|(key, m)| (key.clone(), m))
        .collect();
    let mut counts = AccountAccessCounts::default();
    let mut without_model = BTreeSet::new();
    for (region, account) in &raw.account {
        if let Ok(answers) = &account.availability {
            let mut by_key: BTreeMap<&str, Vec<&ModelAvailability>> = BTreeMap::new();
            for a in answers {
                by_key.entry(model_key(&a.model_id)).or_default().push(a);
            }
            for (key, answers) in by_key {
                let Some(model) = models.get_mut(key) else {
                    continue;
                };
                let chosen = answers
                    .iter()
                    .find(|a| a.model_id == model.invocable_model_id)
                    .or_else(|| answers.iter().max_by_key(|a| &a.model_id))
                    .expect("a key has at least one answer");
                let entry = access(chosen);
                count(&mut counts, &entry);
                model.account_access.insert(region.clone(), entry);
            }
        }
        for p in account.application_profiles.iter().flatten() {
            for summary in &p.inference_profile_summaries {
                counts.application_profiles += 1;
                let (profile, keys) = application_profile(region, summary);
                let mut joined = false;
                for key in keys {
                    if let Some(m) = models.get_mut(&key) {
                        m.application_inference_profiles.push(profile.clone());
                        joined = true;
                    }
                }
                if !joined {
                    without_model.insert(profile.profile_arn);
                }
            }
        }
        for p in account.provisioned_throughputs.iter().flatten() {
            for summary in &p.provisioned_model_summaries {
                counts.provisioned_throughputs += 1;
                let t = throughput(region, summary);
                match models.get_mut(model_key(&t.foundation_model_id)) {
                    Some(m) if !t.foundation_model_id.is_empty() => {
                        m.provisioned_throughputs.push(t)
                    }
                    _ => {
                        without_model.insert(t.provisioned_model_arn);
                    }
                }
            }
        }
    }
    for m in models.values_mut() {
        m.application_inference_profiles
            .sort_by(|a, b| (&a.region, &a.profile_id).cmp(&(&b.region, &b.profile_id)));
        m.provisioned_throughputs.sort_by(|a, b| {
            (&a.region, &a.provisioned_model_arn).cmp(&(&b.region, &b.provisioned_model_arn))
        });
    }
    counts.resources_without_model = without_model.into_iter().collect();
    Some(counts)
}

fn count(counts: &mut AccountAccessCounts, entry: &AccountAccess) {
    counts.checked += 1;
    if entry.callable {
        counts.callable += 1;
    } else {
        counts.not_callable += 1;
    }
    for block in &entry.blocked_by {
        match block {
            AccessBlock::Agreement => counts.blocked_by_agreement += 1,
            AccessBlock::Authorization => counts.blocked_by_authorization += 1,
            AccessBlock::Entitlement => counts.blocked_by_entitlement += 1,
            AccessBlock::Region => counts.blocked_by_region += 1,
            AccessBlock::UnknownToApi => counts.unknown_to_api += 1,
        }
    }
}

/// A wire value read into one of the catalogue's enums (`Unknown` for a value this tool does not
/// know yet).
fn parse<T: serde::de::DeserializeOwned>(value: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(value.to_string())).ok()
}

/// What one answer means: callable, or what stands in the way, in one sentence.
pub fn access(a: &ModelAvailability) -> AccountAccess {
    if let Some(message) = &a.not_found {
        return AccountAccess {
            model_id: a.model_id.clone(),
            agreement: None,
            agreement_message: None,
            authorization: None,
            entitlement: None,
            region: None,
            callable: false,
            blocked_by: vec![AccessBlock::UnknownToApi],
            reason: format!(
                "not callable: GetFoundationModelAvailability does not know {} in this region although ListFoundationModels lists it ({message})",
                a.model_id
            ),
        };
    }
    let agreement = a
        .agreement_availability
        .as_ref()
        .and_then(|x| parse::<AgreementStatus>(&x.status));
    let agreement_message = a
        .agreement_availability
        .as_ref()
        .and_then(|x| x.error_message.clone());
    let authorization = a
        .authorization_status
        .as_deref()
        .and_then(parse::<AuthorizationStatus>);
    let entitlement = a
        .entitlement_availability
        .as_deref()
        .and_then(parse::<Availability>);
    let region = a
        .region_availability
        .as_deref()
        .and_then(parse::<Availability>);
    let mut blocked_by = Vec::new();
    let mut why = Vec::new();
    match agreement {
        // Models without a provider agreement (Amazon's own) may answer none.
        None | Some(AgreementStatus::Available) => {}
        Some(AgreementStatus::Pending) => {
            blocked_by.push(AccessBlock::Agreement);
            why.push("the provider's agreement is still pending (agreement PENDING)".to_string());
        }
        Some(AgreementStatus::NotAvailable) => {
            blocked_by.push(AccessBlock::Agreement);
            why.push(
                "the provider's agreement is not accepted for this account (agreement NOT_AVAILABLE)"
                    .to_string(),
            );
        }
        Some(s @ (AgreementStatus::Error | AgreementStatus::Unknown)) => {
            blocked_by.push(AccessBlock::Agreement);
            let said = agreement_message.as_deref().unwrap_or("no message");
            why.push(format!(
                "the provider's agreement could not be checked (agreement {}: {said})",
                if s == AgreementStatus::Error {
                    "ERROR"
                } else {
                    "unknown status"
                }
            ));
        }
    }
    if authorization != Some(AuthorizationStatus::Authorized) {
        blocked_by.push(AccessBlock::Authorization);
        why.push(match authorization {
            Some(AuthorizationStatus::NotAuthorized) => {
                "the caller is not authorized: an IAM policy or SCP denies it (NOT_AUTHORIZED)"
                    .to_string()
            }
            _ => format!(
                "the authorization status is not known ({})",
                a.authorization_status.as_deref().unwrap_or("absent")
            ),
        });
    }
    if entitlement != Some(Availability::Available) {
        blocked_by.push(AccessBlock::Entitlement);
        why.push(format!(
            "the account is not entitled to it (entitlement {})",
            a.entitlement_availability.as_deref().unwrap_or("absent")
        ));
    }
    if region != Some(Availability::Available) {
        blocked_by.push(AccessBlock::Region);
        why.push(format!(
            "it is not available to this account in this region (region {})",
            a.region_availability.as_deref().unwrap_or("absent")
        ));
    }
    let callable = blocked_by.is_empty();
    let reason = if callable {
        "callable: authorized, entitled and available in this region, with no agreement outstanding"
            .to_string()
    } else {
        format!("not callable: {}", why.join("; "))
    };
    AccountAccess {
        model_id: a.model_id.clone(),
        agreement,
        agreement_message,
        authorization,
        entitlement,
        region,
        callable,
        blocked_by,
        reason,
    }
}

/// An application profile listed in `region`, and the model keys it routes to.
fn application_profile(
    region: &str,
    p: &InferenceProfileSummary,
) -> (ApplicationProfile, BTreeSet<String>) {
    let mut ids = BTreeSet::new();
    let mut destinations = BTreeSet::new();
    for m in &p.models {
        if let Some((dest, id)) = parse_model_arn(&m.model_arn) {
            ids.insert(id.to_string());
            if !dest.is_empty() {
                destinations.insert(dest.to_string());
            }
        }
    }
    let keys = ids.iter().map(|id| model_key(id).to_string()).collect();
    let profile = ApplicationProfile {
        profile_id: p.inference_profile_id.clone(),
        profile_name: p.inference_profile_name.clone(),
        profile_arn: p.inference_profile_arn.clone(),
        region: region.to_string(),
        status: p.status.clone(),
        description: p.description.clone(),
        model_ids: ids.into_iter().collect(),
        destination_regions: destinations.into_iter().collect(),
        created_at: p.created_at.clone(),
    };
    (profile, keys)
}

fn throughput(region: &str, p: &ProvisionedModelSummary) -> ProvisionedThroughput {
    let foundation_model_id = parse_model_arn(&p.foundation_model_arn)
        .map(|(_, id)| id.to_string())
        .unwrap_or_default();
    ProvisionedThroughput {
        provisioned_model_name: p.provisioned_model_name.clone(),
        provisioned_model_arn: p.provisioned_model_arn.clone(),
        region: region.to_string(),
        model_arn: p.model_arn.clone(),
        foundation_model_id,
        model_units: p.model_units,
        desired_model_units: p.desired_model_units,
        status: parse(&p.status).unwrap_or_default(),
        commitment_duration: p.commitment_duration.as_deref().and_then(parse),
        commitment_expiration_time: p.commitment_expiration_time.clone(),
        creation_time: p.creation_time.clone(),
    }
}

#[cfg(test)]
mod tests;
