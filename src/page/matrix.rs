//! The model × region matrix (readable without JavaScript), its legend and the filter form.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use super::cell::{Cell, RegionState, Route, cell, explain, label};
use super::choose::select;
use super::escape::{card_id, esc};
use crate::catalog::{Catalog, Listed, Model};
use crate::route::profiles_from;

/// Every route used by at least one cell, in [`Route::ALL`] order: the legend and the route filter
/// list only these, so a route no model of this catalogue has is not advertised.
pub fn routes_used(catalog: &Catalog, regions: &BTreeMap<String, RegionState>) -> Vec<Route> {
    let mut used = BTreeSet::new();
    for model in catalog.models().map(|m| m.model) {
        for (region, state) in regions {
            if let Cell::Call { routes, .. } = cell(model, region, *state) {
                used.extend(routes);
            }
        }
    }
    Route::ALL
        .into_iter()
        .filter(|r| used.contains(r))
        .collect()
}

/// The legend: every mark the matrix uses, and what it means.
pub fn legend(out: &mut String, routes: &[Route], account_view: bool) {
    out.push_str("<details id=\"legend\"><summary><h2 id=\"legend-h\">Legend</h2></summary><dl class=\"legend\">");
    for route in routes {
        let _ = write!(
            out,
            "<div><dt><span class=\"mk {}\">{}</span></dt><dd><b>{}</b>: {}</dd></div>",
            route.code(),
            route.mark(),
            label(*route),
            explain(*route)
        );
    }
    out.push_str(concat!(
        "<div><dt><span class=\"mk l\">L</span></dt><dd><b>listed only</b>: the region lists the model, but the catalogue knows no way to call it from there (e.g. profile-only with no profile callable from there)</dd></div>",
        "<div><dt><span class=\"mk n\">·</span></dt><dd><b>not offered</b>: the region answered, and neither lists the model nor has a profile for it</dd></div>",
        "<div><dt><span class=\"mk u\">?</span></dt><dd><b>unknown</b>: the region was not enabled for the account, or its listing failed in the run; never read this as not offered</dd></div>",
        "<div><dt><span class=\"mk r\">R</span><sup>?</sup></dt><dd>a route was found, but the region's profile listing failed: a profile route may be missing</dd></div>",
        "<div><dt><span class=\"legacy-eg\">R</span></dt><dd>faded: the model is <b>LEGACY</b> in that region</dd></div>",
    ));
    if account_view {
        out.push_str("<div><dt><span class=\"mk x\">✕</span></dt><dd><b>not for this account</b>: the region offers a route, but the account that made the catalogue cannot call the model there (no agreement, not authorized, no entitlement; the cell's title says why)</dd></div>");
    }
    out.push_str("</dl></details>");
}

/// Distinct values of a model field over the catalogue, sorted.
fn distinct<'a>(catalog: &'a Catalog, f: impl Fn(&'a Model) -> Vec<&'a str>) -> Vec<&'a str> {
    let set: BTreeSet<&str> = catalog
        .models()
        .flat_map(|m| f(m.model))
        .filter(|s| !s.is_empty())
        .collect();
    set.into_iter().collect()
}

/// The filter form. Hidden until the script runs (it needs the script); its state lives in the URL
/// fragment (`#provider=Anthropic&region=eu-central-1&route=g&q=sonnet`).
pub fn filters<'a>(
    out: &mut String,
    catalog: &'a Catalog,
    regions: &BTreeMap<String, RegionState>,
    routes: &[Route],
) {
    out.push_str("<form id=\"filters\" hidden role=\"search\" aria-label=\"Filter the matrix\">");
    let providers: Vec<(&str, &str)> = catalog
        .providers
        .keys()
        .map(|p| (p.as_str(), p.as_str()))
        .collect();
    select(out, "provider", "Provider", "all", &providers);
    let same = |v: Vec<&'a str>| v.into_iter().map(|s| (s, s)).collect::<Vec<_>>();
    let inputs = distinct(catalog, |m| {
        m.model_modalities
            .input_modalities
            .iter()
            .map(String::as_str)
            .collect()
    });
    let outputs = distinct(catalog, |m| {
        m.model_modalities
            .output_modalities
            .iter()
            .map(String::as_str)
            .collect()
    });
    let caps = distinct(catalog, |m| {
        m.model_capabilities.iter().map(String::as_str).collect()
    });
    select(out, "in", "Input", "any", &same(inputs));
    select(out, "out", "Output", "any", &same(outputs));
    select(out, "cap", "Capability", "any", &same(caps));
    let route_options: Vec<(&str, &str)> = routes.iter().map(|r| (r.code(), label(*r))).collect();
    select(out, "route", "Route", "any", &route_options);
    let region_options: Vec<(&str, &str)> =
        regions.keys().map(|r| (r.as_str(), r.as_str())).collect();
    select(out, "region", "Region", "all", &region_options);
    super::choose::filters(out, catalog);
    out.push_str(concat!(
        "<label><input type=\"checkbox\" name=\"legacy\" value=\"hide\"> Hide legacy</label>",
        "<label class=\"q\">Search <input type=\"search\" name=\"q\" placeholder=\"name or id\" autocomplete=\"off\"></label>",
        "<a href=\"#\" id=\"reset\">Clear filters</a>",
        "<output id=\"count\" aria-live=\"polite\"></output>",
        "</form>",
    ));
}

/// What the search box matches: the key, the name and every id to call.
fn search_text(model: &Model) -> String {
    let mut words: BTreeSet<String> = BTreeSet::new();
    words.insert(model.model_id.to_lowercase());
    words.insert(model.model_name.to_lowercase());
    words.insert(model.invocable_model_id.to_lowercase());
    words.extend(model.model_variants.keys().map(|k| k.to_lowercase()));
    words.extend(
        model
            .cross_region_inference
            .profiles
            .iter()
            .map(|p| p.profile_id.to_lowercase()),
    );
    words.into_iter().collect::<Vec<_>>().join(" ")
}

/// The matrix: one row group per provider, one row per model, one column per region.
pub fn matrix(out: &mut String, catalog: &Catalog, regions: &BTreeMap<String, RegionState>) {
    out.push_str("<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Model by region matrix\"><table id=\"matrix\"><caption>How each model can be called from each region</caption><thead><tr><th scope=\"col\" class=\"mh\">Model</th>");
    for (region, state) in regions {
        let note = match state.discovery {
            Some(u) => format!(" title=\"{}\" class=\"ur\"", esc(&u.describe())),
            None => String::new(),
        };
        let _ = write!(
            out,
            "<th scope=\"col\" data-region=\"{0}\"{note}><span>{0}</span></th>",
            esc(region)
        );
    }
    out.push_str("</tr></thead>");
    let columns = regions.len() + 1;
    for (provider, models) in &catalog.providers {
        let _ = write!(
            out,
            "<tbody data-provider=\"{0}\"><tr class=\"pg\"><th scope=\"rowgroup\" colspan=\"{columns}\">{0} <small>({1} {2})</small></th></tr>",
            esc(provider),
            models.models.len(),
            if models.models.len() == 1 {
                "model"
            } else {
                "models"
            }
        );
        for (key, model) in &models.models {
            let listed = crate::catalog::Listed {
                provider,
                key,
                model,
            };
            row(out, listed, regions);
        }
        out.push_str("</tbody>");
    }
    out.push_str("</table></div>");
}

fn row(out: &mut String, listed: Listed<'_>, regions: &BTreeMap<String, RegionState>) {
    let (key, model) = (listed.key, listed.model);
    let m = &model.model_modalities;
    let name = if model.model_name.is_empty() {
        key
    } else {
        &model.model_name
    };
    let _ = write!(
        out,
        "<tr class=\"mr\" data-key=\"{}\" data-in=\"{}\" data-out=\"{}\" data-cap=\"{}\" data-life=\"{}\" data-s=\"{}\"{}><th scope=\"row\"><a href=\"#{}\">{}</a> <small>{}</small></th>",
        esc(key),
        esc(&m.input_modalities.join(" ")),
        esc(&m.output_modalities.join(" ")),
        esc(&model.model_capabilities.join(" ")),
        esc(&model.model_lifecycle.status),
        esc(&search_text(model)),
        super::choose::row_data(listed, regions),
        esc(&card_id(key)),
        esc(name),
        esc(key),
    );
    for (region, state) in regions {
        let c = cell(model, region, *state);
        let legacy = model
            .regional_availability
            .get(region)
            .is_some_and(|a| a.lifecycle_status == "LEGACY");
        let class = if legacy { " class=\"lg\"" } else { "" };
        match &c {
            Cell::Call {
                routes,
                profiles_unknown,
            } => {
                let labels: Vec<&str> = routes.iter().map(|r| label(*r)).collect();
                let profiles: Vec<&str> = profiles_from(model, region)
                    .iter()
                    .map(|p| p.profile_id.as_str())
                    .collect();
                let via = if profiles.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", profiles.join(", "))
                };
                // The account's own view (`--account-access`): a route it cannot use here.
                let blocked = model
                    .account_access
                    .get(region.as_str())
                    .filter(|a| !a.callable);
                let _ = write!(
                    out,
                    "<td data-c=\"{}{}\"{class} title=\"{}: {}{}{}{}\">",
                    c.code(),
                    if blocked.is_some() { " x" } else { "" },
                    esc(region),
                    labels.join(", "),
                    esc(&via),
                    if legacy { "; LEGACY" } else { "" },
                    blocked
                        .map(|a| format!("; this account cannot call it: {}", esc(&a.reason)))
                        .unwrap_or_default()
                );
                for route in routes {
                    let _ = write!(
                        out,
                        "<span class=\"mk {}\">{}</span>",
                        route.code(),
                        route.mark()
                    );
                }
                if blocked.is_some() {
                    out.push_str("<span class=\"mk x\">✕</span>");
                }
                if *profiles_unknown {
                    out.push_str("<sup title=\"profile listing failed here\">?</sup>");
                }
                out.push_str("</td>");
            }
            Cell::ListedOnly => {
                let _ = write!(
                    out,
                    "<td data-c=\"l\"{class} title=\"{}: listed, no known way to call it\"><span class=\"mk l\">L</span></td>",
                    esc(region)
                );
            }
            Cell::NotOffered => out.push_str("<td data-c=\"n\" class=\"n\">·</td>"),
            Cell::Unknown(u) => {
                let _ = write!(
                    out,
                    "<td data-c=\"u\" class=\"u\" title=\"{}: unknown: {}\">?</td>",
                    esc(region),
                    esc(&u.describe())
                );
            }
        }
    }
    out.push_str("</tr>");
}
