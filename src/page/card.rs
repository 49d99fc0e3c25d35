//! One model's card: the ids to call per route and region, prices per route, token limits with
//! their sources and conflicts, quotas per region and route, and lifecycle dates with days left.
//! What the catalogue does not know is written as unknown.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::escape::{card_id, esc};
use crate::catalog::Model;
use crate::catalog::pricing::{ROUTE_ORDER, TOKEN_DIMENSIONS};
use crate::format::{day_number, group, quantity, regions, usd, wire};

/// What every card needs to know about the catalogue it comes from.
pub struct Context {
    /// Day number of the catalogue's collection (for days left), when it says.
    pub made_on: Option<i64>,
    /// Number of regions whose discovery answered (a list of all of them is written `all N`).
    pub answered: usize,
    /// The Price List's status in the run: `None` when prices were switched off.
    pub prices: Option<crate::sources::Status>,
    /// Region -> the account-level quotas there (Cross-Model Max Tokens Per Day), shown beside
    /// a model's quotas in that region.
    pub account_quotas: BTreeMap<String, Vec<crate::catalog::quotas::AccountQuota>>,
}

/// A quota value: whole numbers grouped, others as they are, `unknown` for none.
fn number(value: Option<f64>) -> String {
    value.map_or_else(|| "unknown".to_string(), quantity)
}

fn unknown() -> &'static str {
    "<span class=\"unk\">unknown</span>"
}

pub fn card(out: &mut String, key: &str, model: &Model, ctx: &Context) {
    let name = if model.model_name.is_empty() {
        key
    } else {
        &model.model_name
    };
    let id = card_id(key);
    let _ = write!(
        out,
        "<section class=\"card\" id=\"{id}\" role=\"dialog\" aria-labelledby=\"{id}-h\" data-key=\"{k}\"><a class=\"close\" href=\"#\" aria-label=\"Close\">×</a><h2 id=\"{id}-h\" tabindex=\"-1\">{n}</h2><p class=\"key\"><code>{k}</code> · {p}</p>",
        k = esc(key),
        n = esc(name),
        p = esc(&model.model_provider),
    );
    facts(out, model);
    calls(out, model, ctx);
    prices(out, model, ctx);
    limits(out, model);
    quotas(out, model, ctx);
    lifecycle(out, model, ctx);
    out.push_str("</section>");
}

/// `supports: a, b; not: c; unknown: d` of the feature flags, or unknown without any.
fn features(model: &Model) -> String {
    let Some(f) = &model.features else {
        return unknown().to_string();
    };
    let mut groups: [(&str, Vec<&str>); 3] =
        [("supports", vec![]), ("not", vec![]), ("unknown", vec![])];
    for (name, flag) in f.flags() {
        let at = match flag.supported {
            Some(true) => 0,
            Some(false) => 1,
            None => 2,
        };
        groups[at].1.push(name);
    }
    groups
        .iter()
        .filter(|(_, names)| !names.is_empty())
        .map(|(label, names)| format!("{label}: {}", names.join(", ").replace('_', " ")))
        .collect::<Vec<_>>()
        .join("; ")
}

fn facts(out: &mut String, model: &Model) {
    let m = &model.model_modalities;
    let list = |v: &[String]| {
        if v.is_empty() {
            unknown().to_string()
        } else {
            esc(&v.join(", ")).into_owned()
        }
    };
    let _ = write!(
        out,
        "<dl class=\"facts\"><dt>Input</dt><dd>{}</dd><dt>Output</dt><dd>{}</dd><dt>Capabilities</dt><dd>{}</dd><dt>Features</dt><dd data-field=\"features\">{}</dd><dt>Streaming</dt><dd>{}</dd><dt>First seen</dt><dd>{}</dd></dl>",
        list(&m.input_modalities),
        list(&m.output_modalities),
        list(&model.model_capabilities),
        features(model),
        if model.streaming_supported {
            "yes"
        } else {
            "no"
        },
        if model.collection_metadata.first_discovered_at.is_empty() {
            unknown().to_string()
        } else {
            esc(&model.collection_metadata.first_discovered_at).into_owned()
        },
    );
}

/// The ids to call: on demand and provisioned per variant id, profiles with where they can be
/// called from and where they route.
fn calls(out: &mut String, model: &Model, ctx: &Context) {
    out.push_str("<h3>How to call it</h3>");
    let mut rows: Vec<(String, String, String, String)> = Vec::new();
    for (kind, label) in [
        ("ON_DEMAND", "in-region on demand"),
        ("PROVISIONED", "provisioned throughput"),
    ] {
        for (id, variant) in &model.model_variants {
            let listed: Vec<&str> = variant
                .regions
                .iter()
                .filter(|(_, r)| r.inference_types_supported.iter().any(|t| t == kind))
                .map(|(r, _)| r.as_str())
                .collect();
            if !listed.is_empty() {
                rows.push((
                    label.into(),
                    id.clone(),
                    regions(&listed, ctx.answered),
                    String::new(),
                ));
            }
        }
    }
    /// One profile over every source region that lists it.
    #[derive(Default)]
    struct Profile<'a> {
        global: bool,
        from: Vec<&'a str>,
        to: Vec<&'a str>,
        anywhere: bool,
    }
    let mut profiles: BTreeMap<&str, Profile<'_>> = BTreeMap::new();
    for p in &model.cross_region_inference.profiles {
        let entry = profiles.entry(p.profile_id.as_str()).or_default();
        entry.global |= p.is_global();
        entry.from.push(p.source_region.as_str());
        entry
            .to
            .extend(p.destination_regions.iter().map(String::as_str));
        entry.anywhere |= p.routes_globally;
    }
    let mut ordered: Vec<_> = profiles.into_iter().collect();
    ordered.sort_by_key(|(id, p)| (p.global, *id));
    for (id, mut p) in ordered {
        p.from.sort_unstable();
        p.from.dedup();
        p.to.sort_unstable();
        p.to.dedup();
        let listed = regions(&p.to, ctx.answered);
        let routes_to = match (p.anywhere, p.to.is_empty()) {
            (true, true) => "any commercial region".to_string(),
            (true, false) => format!("any commercial region (listed: {listed})"),
            (false, true) => "not listed".to_string(),
            (false, false) => listed,
        };
        let label = if p.global {
            "global profile"
        } else {
            "geo profile"
        };
        rows.push((
            label.into(),
            id.to_string(),
            regions(&p.from, ctx.answered),
            routes_to,
        ));
    }
    if rows.is_empty() {
        if model.mantle.is_none() {
            out.push_str("<p>No region lists a way to call this model.</p>");
        }
        mantle(out, model);
        return;
    }
    out.push_str("<table class=\"calls\"><thead><tr><th scope=\"col\">Route</th><th scope=\"col\">Id to call</th><th scope=\"col\">From regions</th><th scope=\"col\">Routes to</th></tr></thead><tbody>");
    for (route, id, from, to) in rows {
        let _ = write!(
            out,
            "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
            esc(&route),
            esc(&id),
            esc(&from),
            if to.is_empty() {
                "the region itself".into()
            } else {
                esc(&to).into_owned()
            }
        );
    }
    out.push_str("</tbody></table>");
    mantle(out, model);
}

/// Mantle's base URL and the `model` to pass, per region that serves it.
fn mantle(out: &mut String, model: &Model) {
    let Some(m) = model.mantle.as_ref().filter(|m| !m.regions.is_empty()) else {
        return;
    };
    let _ = write!(
        out,
        "<p>On Mantle, Bedrock's OpenAI-compatible endpoint{}: pass <code>model</code> <code>{}</code> to the base URL of the region.</p><table class=\"mantle\"><thead><tr><th scope=\"col\">Region</th><th scope=\"col\">Base URL</th><th scope=\"col\">Model id</th></tr></thead><tbody>",
        if model.mantle_only() {
            " (the only way to call this model)"
        } else {
            ""
        },
        esc(&m.model_id)
    );
    for region in &m.regions {
        let _ = write!(
            out,
            "<tr data-region=\"{r}\"><td>{r}</td><td><code>{}</code></td><td><code>{}</code></td></tr>",
            esc(&m.base_url_template.replace("{region}", region)),
            esc(&m.model_id),
            r = esc(region),
        );
    }
    out.push_str("</tbody></table>");
}

fn rank(order: &[&str], name: &str) -> usize {
    let base = name.strip_suffix("_long_context").unwrap_or(name);
    let at = order.iter().position(|o| *o == base).unwrap_or(order.len());
    at * 2 + usize::from(base.len() != name.len())
}

/// Prices per route and dimension; regions with the same price are one row.
fn prices(out: &mut String, model: &Model, ctx: &Context) {
    out.push_str("<h3>Prices (USD)</h3>");
    let Some(pricing) = &model.model_pricing else {
        let why = match ctx.prices {
            None | Some(crate::sources::Status::Skipped) => {
                "prices were switched off in the run".to_string()
            }
            Some(crate::sources::Status::Ok) => {
                "the AWS Price List has no price for this model".to_string()
            }
            Some(failed) => format!(
                "the Price List could not be read in the run: {}",
                failed.as_str()
            ),
        };
        let _ = write!(
            out,
            "<p>Prices: <span class=\"unk\">unknown</span> ({why}).</p>"
        );
        return;
    };
    // (route, dimension) -> (price, unit) -> regions
    type Key<'a> = (usize, &'a str, usize, &'a str);
    let mut table: BTreeMap<Key<'_>, BTreeMap<(u64, &str), Vec<&str>>> = BTreeMap::new();
    for (region, routes) in &pricing.regions {
        for (route, dimensions) in routes {
            for (dimension, price) in dimensions {
                table
                    .entry((
                        rank(&ROUTE_ORDER, route),
                        route,
                        rank(&TOKEN_DIMENSIONS, dimension),
                        dimension,
                    ))
                    .or_default()
                    .entry((price.price_usd.to_bits(), price.unit.as_str()))
                    .or_default()
                    .push(region);
            }
        }
    }
    if table.is_empty() {
        out.push_str("<p>No price for this model in the AWS Price List.</p>");
        return;
    }
    out.push_str("<table class=\"prices\"><thead><tr><th scope=\"col\">Route</th><th scope=\"col\">Dimension</th><th scope=\"col\">Price</th><th scope=\"col\">Regions</th></tr></thead><tbody>");
    for ((_, route, _, dimension), by_price) in table {
        for ((bits, unit), list) in by_price {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td class=\"num\">{} <small>{}</small></td><td>{}</td></tr>",
                esc(route),
                esc(dimension),
                usd(f64::from_bits(bits)),
                esc(unit),
                esc(&regions(&list, ctx.answered))
            );
        }
    }
    out.push_str("</tbody></table>");
}

fn limits(out: &mut String, model: &Model) {
    out.push_str("<h3>Token limits</h3>");
    let Some(spec) = &model.token_specs else {
        let _ = write!(out, "<p>Context window and max output: {}.</p>", unknown());
        return;
    };
    let value = |v: Option<u64>, source: String| match v {
        Some(n) => format!("{} <small>({})</small>", group(n), esc(&source)),
        None => format!("{} <small>({})</small>", unknown(), esc(&source)),
    };
    let _ = write!(
        out,
        "<dl class=\"facts limits\"><dt>Context window</dt><dd data-field=\"context_window\">{}</dd><dt>Max output</dt><dd data-field=\"max_output_tokens\">{}</dd>",
        value(spec.context_window, wire(&spec.context_window_source)),
        value(spec.max_output_tokens, wire(&spec.max_output_tokens_source)),
    );
    if let Some(key) = &spec.matched_key {
        let how = spec.match_kind.as_ref().map(wire).unwrap_or_default();
        let _ = write!(
            out,
            "<dt>LiteLLM key</dt><dd><code>{}</code> <small>{}</small></dd>",
            esc(key),
            esc(&how)
        );
    }
    if let Some(c) = &spec.correction {
        let _ = write!(
            out,
            "<dt>Correction</dt><dd><code>{}</code>{}{}</dd>",
            esc(&c.key),
            c.reason
                .as_deref()
                .map(|r| format!(": {}", esc(r)))
                .unwrap_or_default(),
            c.source_url
                .as_deref()
                .map(|u| format!(" <small>(source: {})</small>", esc(u)))
                .unwrap_or_default()
        );
    }
    out.push_str("</dl>");
    if !spec.disagreements.is_empty() {
        out.push_str("<p>Conflicts between sources:</p><ul class=\"conflicts\">");
        for d in &spec.disagreements {
            let chosen = d.chosen_value.map(group).unwrap_or_else(|| "none".into());
            let _ = write!(
                out,
                "<li>{}: {} from {} is used; {} from {}</li>",
                esc(&wire(&d.field)),
                chosen,
                esc(&d.chosen_from),
                group(d.other_value),
                esc(&d.other_from.join(", "))
            );
        }
        out.push_str("</ul>");
    }
}

/// Quotas grouped: regions where a quota has the same applied and default value are one row.
fn quotas(out: &mut String, model: &Model, ctx: &Context) {
    out.push_str("<h3>Quotas</h3>");
    if model.model_service_quotas.is_empty() {
        out.push_str("<p>No quota of this model in the run's quota lists.</p>");
        return;
    }
    quota_table(out, model, ctx);
    account_quotas(out, model, ctx);
    if let Some(b) = model
        .token_specs
        .as_ref()
        .and_then(|s| s.output_token_burndown.as_ref())
    {
        burndown(out, model, b);
    }
}

/// A quota row's identity: route, metric, variant, code, name, value multiplier.
type QuotaKey = (String, String, String, String, String, u32);
/// A quota row's values: applied and default (as bits, to group by them), unit.
type QuotaValues = (Option<u64>, Option<u64>, String);

/// The model's quotas, each with the regions per set of values.
fn quota_groups(model: &Model) -> BTreeMap<QuotaKey, BTreeMap<QuotaValues, Vec<&str>>> {
    let mut table: BTreeMap<QuotaKey, BTreeMap<QuotaValues, Vec<&str>>> = BTreeMap::new();
    for (region, list) in &model.model_service_quotas {
        for q in list {
            table
                .entry((
                    wire(&q.route),
                    wire(&q.metric),
                    q.model_variant.clone().unwrap_or_default(),
                    q.quota_code.clone(),
                    q.quota_name.clone(),
                    q.value_multiplier,
                ))
                .or_default()
                .entry((
                    q.applied_value.map(f64::to_bits),
                    q.default_value.map(f64::to_bits),
                    q.unit.clone(),
                ))
                .or_default()
                .push(region);
        }
    }
    table
}

/// The table of the model's quotas, one row per quota and set of values.
fn quota_table(out: &mut String, model: &Model, ctx: &Context) {
    out.push_str("<table class=\"quotas\"><thead><tr><th scope=\"col\">Route</th><th scope=\"col\">Metric</th><th scope=\"col\">Quota</th><th scope=\"col\">Applied</th><th scope=\"col\">Default</th><th scope=\"col\">Regions</th></tr></thead><tbody>");
    for ((route, metric, variant, code, name, multiplier), by_value) in quota_groups(model) {
        for ((applied, default, unit), list) in by_value {
            let unit = if unit == "None" || unit.is_empty() {
                String::new()
            } else {
                format!(" <small>{}</small>", esc(&unit))
            };
            let variant = if variant.is_empty() {
                String::new()
            } else {
                format!(" [{}]", esc(&variant))
            };
            let (applied, default) = (applied.map(f64::from_bits), default.map(f64::from_bits));
            // The daily quota "doubled for cross-region calls": the limit on this route.
            let unit = if multiplier > 1 {
                format!(
                    "{unit} <small>×{multiplier} on this route: {}</small>",
                    number(applied.or(default).map(|v| v * f64::from(multiplier)))
                )
            } else {
                unit
            };
            let raised = match (applied, default) {
                (Some(a), Some(d)) if a > d => {
                    " <b class=\"raised\" title=\"raised above the AWS default\">↑</b>"
                }
                _ => "",
            };
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}{} <small>{}</small></td><td class=\"num\">{}{unit}{raised}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                esc(&route),
                esc(&metric),
                esc(&name),
                variant,
                esc(&code),
                number(applied),
                number(default),
                esc(&regions(&list, ctx.answered))
            );
        }
    }
    out.push_str("</tbody></table>");
}

/// The account-level quotas of the regions where the model has quotas, over all models.
fn account_quotas(out: &mut String, model: &Model, ctx: &Context) {
    let account: Vec<String> = ctx
        .account_quotas
        .iter()
        .filter(|(region, _)| model.model_service_quotas.contains_key(*region))
        .flat_map(|(region, list)| {
            list.iter().map(move |q| {
                format!(
                    "{} <small>{}</small> in {}: {}",
                    esc(&q.quota_name),
                    esc(&q.quota_code),
                    esc(region),
                    number(q.applied_value.or(q.value))
                )
            })
        })
        .collect();
    if !account.is_empty() {
        let _ = write!(
            out,
            "<p class=\"account-quotas\">Account quotas over all models: {}.</p>",
            account.join("; ")
        );
    }
}

/// The output token burndown, with each tokens-per-minute limit once per route and the output
/// tokens per minute it allows.
fn burndown(out: &mut String, model: &Model, b: &crate::catalog::quotas::OutputTokenBurndown) {
    let tpm = crate::catalog::quotas::Metric::TokensPerMinute;
    let limits: std::collections::BTreeSet<(String, u64)> = model
        .model_service_quotas
        .values()
        .flatten()
        .filter(|q| q.metric == tpm)
        .filter_map(|q| {
            let v = q.effective_value.or(q.applied_value.or(q.value))?;
            Some((wire(&q.route), v.to_bits()))
        })
        .collect();
    let allows: Vec<String> = limits
        .iter()
        .map(|(route, bits)| {
            let v = f64::from_bits(*bits);
            format!(
                "{} {} TPM: {} output tokens per minute",
                esc(route),
                number(Some(v)),
                number(Some(b.effective_output_tpm(v)))
            )
        })
        .collect();
    let _ = write!(
        out,
        "<p class=\"burndown\">Output token burndown {m}×: each output token counts {m} times against tokens per minute{a} <small>({s})</small>.</p>",
        m = b.multiplier,
        a = if allows.is_empty() {
            String::new()
        } else {
            format!("; {}", allows.join("; "))
        },
        s = esc(&b.source)
    );
}

fn lifecycle(out: &mut String, model: &Model, ctx: &Context) {
    let l = &model.model_lifecycle;
    out.push_str("<h3>Lifecycle</h3><dl class=\"facts\">");
    let _ = write!(
        out,
        "<dt>Status</dt><dd>{}</dd>",
        if l.status.is_empty() {
            unknown().to_string()
        } else {
            esc(&l.status).into_owned()
        }
    );
    for (label, date, future) in [
        (
            "Released",
            l.start_of_life_time
                .as_deref()
                .or(Some(l.release_date.as_str()).filter(|d| !d.is_empty())),
            false,
        ),
        ("Legacy from", l.legacy_time.as_deref(), true),
        (
            "Extended access from",
            l.public_extended_access_time.as_deref(),
            true,
        ),
        ("End of life", l.end_of_life_time.as_deref(), true),
    ] {
        let text = match date {
            None => unknown().to_string(),
            Some(d) => {
                let left = match (future, day_number(d), ctx.made_on) {
                    (true, Some(day), Some(made)) if day >= made => {
                        format!(
                            " <small>({} days left when the catalogue was made)</small>",
                            day - made
                        )
                    }
                    (true, Some(day), Some(made)) => {
                        format!(
                            " <small>(passed {} days before the catalogue was made)</small>",
                            made - day
                        )
                    }
                    _ => String::new(),
                };
                format!("{}{left}", esc(d.get(..10).unwrap_or(d)))
            }
        };
        let _ = write!(out, "<dt>{label}</dt><dd>{text}</dd>");
    }
    let t = &model.lifecycle_timeline;
    if let (Some(d), Some(origin)) = (&t.end_of_life, t.end_of_life_origin()) {
        let text = format!("{}{origin}", d.day());
        let _ = write!(out, "<dt>End of life by source</dt><dd>{}</dd>", esc(&text));
    }
    let legacy: Vec<&str> = model
        .regional_availability
        .iter()
        .filter(|(_, a)| a.lifecycle_status == "LEGACY")
        .map(|(r, _)| r.as_str())
        .collect();
    if !legacy.is_empty() {
        let _ = write!(
            out,
            "<dt>Legacy in</dt><dd>{}</dd>",
            esc(&legacy.join(", "))
        );
    }
    out.push_str("</dl>");
}
