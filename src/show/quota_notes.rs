//! Notes under a model's quotas in a region: the output tokens per minute its tokens-per-minute
//! quotas allow at its output-token burndown, and the account-level quotas of the region.

use super::render::{format_number, table, wire_name};
use crate::catalog::{Catalog, Model};

/// The notes under the model's quotas in `region`.
pub(super) fn notes(catalog: &Catalog, model: &Model, region: &str) -> Vec<String> {
    let quotas = model
        .model_service_quotas
        .get(region)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut lines = burndown(model, quotas);
    lines.extend(account_quotas(catalog, region));
    lines
}

/// With the model's output-token burndown known: the output tokens per minute each of its
/// tokens-per-minute quotas allows (the quota over the multiplier).
fn burndown(model: &Model, quotas: &[crate::catalog::quotas::AssignedQuota]) -> Vec<String> {
    let Some(b) = model
        .token_specs
        .as_ref()
        .and_then(|s| s.output_token_burndown.as_ref())
    else {
        return Vec::new();
    };
    let tpm = crate::catalog::quotas::Metric::TokensPerMinute;
    let rows: Vec<Vec<String>> = quotas
        .iter()
        .filter(|q| q.metric == tpm)
        .filter_map(|q| {
            let value = q.effective_value.or(q.applied_value.or(q.value))?;
            Some(vec![
                wire_name(&q.route),
                format_number(Some(b.effective_output_tpm(value))),
                format_number(Some(value)),
            ])
        })
        .collect();
    let mut lines = vec![format!(
        "Output token burndown: {}x (each output token counts {} times against tokens per minute; {})",
        b.multiplier, b.multiplier, b.source
    )];
    if !rows.is_empty() {
        lines.extend(table(
            &["route", "output tokens/min", "of TPM"],
            rows,
            &[1, 2],
        ));
    }
    lines
}

/// The account-level quotas of `region` (Cross-Model Max Tokens Per Day), which limit this model
/// together with every other: one line each, under the model's own quotas.
fn account_quotas(catalog: &Catalog, region: &str) -> Vec<String> {
    let list = catalog.metadata.account_quotas.get(region);
    list.into_iter()
        .flatten()
        .map(|q| {
            format!(
                "Account quota, over all models: {} ({}): applied {}, default {}",
                q.quota_name,
                q.quota_code,
                format_number(q.applied_value.or(q.value)),
                format_number(q.default_value)
            )
        })
        .collect()
}
