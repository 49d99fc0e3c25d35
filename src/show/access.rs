//! The answer's first lines: can the account that made the catalogue call the model here
//! (`--account-access`), and what it owns for it (application profiles, provisioned throughput).

use super::render::{labelled, wire_name};
use crate::catalog::{Catalog, Model};
use crate::sources::{Api, Status};

/// "Can this account call it in `region`?": callable or not and why, then the account's
/// application profiles and provisioned throughputs there. Says so when the catalogue was made
/// without `--account-access`, or when the question could not be asked there.
pub(super) fn account_access(catalog: &Catalog, model: &Model, region: &str) -> Vec<String> {
    let mut lines = Vec::new();
    if catalog.metadata.account_access.is_none() {
        lines.push(
            "This account: not collected (the catalogue was made without --account-access)."
                .to_string(),
        );
        return lines;
    }
    match model.account_access.get(region) {
        Some(a) if a.callable => lines.push(format!(
            "This account: can call it in {region} ({} answered callable).",
            a.model_id
        )),
        Some(a) => {
            let why = a.reason.strip_prefix("not callable: ").unwrap_or(&a.reason);
            lines.push(format!(
                "This account: cannot call it in {region}: {why} (asked about {}).",
                a.model_id
            ));
        }
        None => {
            let status = catalog
                .metadata
                .region_status
                .get(region)
                .and_then(|apis| apis.get(&Api::GetFoundationModelAvailability));
            lines.push(match status {
                Some(s) if s.status.is_failure() => format!(
                    "This account: unknown in {region}: GetFoundationModelAvailability {} there{}.",
                    s.status.as_str(),
                    s.hint
                        .as_deref()
                        .map(|h| format!(" ({h})"))
                        .unwrap_or_default()
                ),
                Some(s) if s.status == Status::Skipped || s.status == Status::NotOptedIn => {
                    format!("This account: not asked in {region} (its model list did not answer).")
                }
                _ => format!(
                    "This account: not asked in {region}: the region does not list the model for on-demand or profile use."
                ),
            });
        }
    }
    for p in model
        .application_inference_profiles
        .iter()
        .filter(|p| p.region == region)
    {
        let to = if p.destination_regions.is_empty() {
            String::new()
        } else {
            format!(" -> {}", p.destination_regions.join(", "))
        };
        lines.push(labelled(
            "app profile",
            &format!("{} ({}){to}", p.profile_arn, p.profile_name),
        ));
    }
    for t in model
        .provisioned_throughputs
        .iter()
        .filter(|t| t.region == region)
    {
        let commitment = match (&t.commitment_duration, &t.commitment_expiration_time) {
            (Some(d), Some(until)) => format!(", {} commitment until {until}", wire_name(d)),
            (Some(d), None) => format!(", {} commitment", wire_name(d)),
            _ => ", no commitment".to_string(),
        };
        lines.push(labelled(
            "throughput",
            &format!(
                "{} ({}): {} model {}, {}{commitment}",
                t.provisioned_model_arn,
                t.foundation_model_id,
                t.model_units,
                if t.model_units == 1 { "unit" } else { "units" },
                wire_name(&t.status)
            ),
        ));
    }
    lines
}

/// Without `--region`: in how many of the regions asked this account can call the model.
pub(super) fn account_summary(catalog: &Catalog, model: &Model) -> Vec<String> {
    if catalog.metadata.account_access.is_none() {
        return Vec::new();
    }
    let callable: Vec<&str> = (model.account_access.iter())
        .filter(|(_, a)| a.callable)
        .map(|(r, _)| r.as_str())
        .collect();
    let not: Vec<&str> = (model.account_access.iter())
        .filter(|(_, a)| !a.callable)
        .map(|(r, _)| r.as_str())
        .collect();
    let mut line = format!(
        "This account can call it in {} of the {} regions asked",
        callable.len(),
        model.account_access.len()
    );
    if !not.is_empty() {
        line.push_str(&format!("; not in {}", not.join(", ")));
    }
    line.push_str(" (add --region REGION for why).");
    vec![String::new(), line]
}
