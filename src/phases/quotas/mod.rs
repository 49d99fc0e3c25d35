//! Phase 5: service quotas joined to models.
//!
//! This module owns two pure steps, with no I/O:
//! - [`parse_quota_name`] reads a Service Quotas name of the `bedrock` service code into the route it
//!   governs (on-demand, cross-region, batch, provisioned throughput, ...), the metric (tokens per minute,
//!   records per batch job, model units, ...), the model as written and the qualifiers around it
//!   (`V1`, `1M Context Length`, `(doubled for cross-region calls)`, a trailing full stop). Quotas about
//!   a Bedrock feature rather than a model (Knowledge Bases, Guardrails, Agents, ...) are classified as such.
//! - [`assign_quotas`] joins the applied values (ListServiceQuotas) and the AWS defaults
//!   (ListAWSDefaultServiceQuotas) by region and quota code, and assigns each model quota to exactly one
//!   model by matching the parsed name against the names ListFoundationModels gave, strictest rule first.
//!   It is attached only in regions that list that model; several models that fit the name equally are
//!   settled by what the region lists. A quota that governs several routes (the daily quota "doubled for
//!   cross-region calls") is listed under each, with its effective value there. A quota that matches no
//!   model, several, or a model the region does not list, is reported unassigned with the reason.

mod assign;
mod normalise;
mod quota_name;
mod ranges;
mod rules;

pub use assign::*;
pub use quota_name::*;
pub use ranges::{MAX_QUOTA_VALUE, rejected_values, sane_value};

#[cfg(test)]
mod tests;
