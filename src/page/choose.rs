//! What the page needs to help choose a model: the filters on features, token limits, prices,
//! lifecycle, Mantle and the account's view; each matrix row's facts for them (as data
//! attributes the script reads); the sortable table view and the comparison panel, which the
//! script fills from those facts.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::cell::RegionState;
use super::escape::esc;
use crate::catalog::routes::FEATURES;
use crate::catalog::{Catalog, Listed};
use crate::route::{Route, best, ways};

/// The row's facts for the filters, the table view and the comparison: limits, feature flags,
/// Mantle-only, the account's answers, and per region the best way to call it (route, id, input
/// and output USD per 1M tokens, `-` when unknown).
pub fn row_data(listed: Listed<'_>, regions: &BTreeMap<String, RegionState>) -> String {
    let model = listed.model;
    let mut out = format!(
        " data-name=\"{}\" data-prov=\"{}\" data-id=\"{}\"",
        esc(listed.name()),
        esc(listed.provider_name()),
        esc(listed.invocable_id())
    );
    if let Some(n) = model.context_window() {
        let _ = write!(out, " data-ctx=\"{n}\"");
    }
    if let Some(n) = model.max_output_tokens() {
        let _ = write!(out, " data-mo=\"{n}\"");
    }
    if let Some(f) = &model.features {
        let flags: Vec<String> = f
            .flags()
            .iter()
            .map(|(name, flag)| {
                let v = match flag.supported {
                    Some(true) => "1",
                    Some(false) => "0",
                    None => "?",
                };
                format!("{name}:{v}")
            })
            .collect();
        let _ = write!(out, " data-f=\"{}\"", flags.join(" "));
    }
    if model.mantle_only() {
        out.push_str(" data-mantle-only=\"1\"");
    }
    if !model.account_access.is_empty() {
        let acc: Vec<String> = (model.account_access.iter())
            .map(|(r, a)| format!("{r}:{}", u8::from(a.callable)))
            .collect();
        let _ = write!(out, " data-acc=\"{}\"", esc(&acc.join(" ")));
    }
    let price = |v: Option<f64>| v.map_or_else(|| "-".to_string(), |v| v.to_string());
    let mut bests = Vec::new();
    for region in regions.keys() {
        let mut found = ways(listed, region);
        found.retain(|w| w.route != Route::Provisioned);
        if let Some(w) = best(&found) {
            bests.push(format!(
                "{region} {} {} {} {}",
                w.route.name(),
                w.id,
                price(w.input_usd),
                price(w.output_usd)
            ));
        }
    }
    let _ = write!(out, " data-best=\"{}\"", esc(&bests.join(";")));
    out
}

/// A labelled `<select>` of a filter: `any` (the empty value) first, then each (value, text).
pub(super) fn select(
    out: &mut String,
    name: &str,
    label: &str,
    any: &str,
    values: &[(&str, &str)],
) {
    let _ = write!(
        out,
        "<label>{label} <select name=\"{name}\"><option value=\"\">{any}</option>"
    );
    for (value, text) in values {
        let _ = write!(
            out,
            "<option value=\"{}\">{}</option>",
            esc(value),
            esc(text)
        );
    }
    out.push_str("</select></label>");
}

/// The filters for choosing, after the matrix's own: feature, minimum context window, maximum
/// prices in the selected region, lifecycle, Mantle only, callable by this account; and the view.
pub fn filters(out: &mut String, catalog: &Catalog) {
    let features: Vec<(&str, &str)> = FEATURES.iter().map(|(f, _)| (*f, *f)).collect();
    select(out, "feat", "Feature", "any", &features);
    select(
        out,
        "ctx",
        "Context at least",
        "any",
        &[
            ("32000", "32k"),
            ("128000", "128k"),
            ("200000", "200k"),
            ("1000000", "1m"),
        ],
    );
    out.push_str(concat!(
        "<label>Max input $/1M <input type=\"number\" name=\"pin\" min=\"0\" step=\"any\" inputmode=\"decimal\"></label>",
        "<label>Max output $/1M <input type=\"number\" name=\"pout\" min=\"0\" step=\"any\" inputmode=\"decimal\"></label>",
    ));
    select(
        out,
        "life",
        "Lifecycle",
        "any",
        &[("ACTIVE", "active"), ("LEGACY", "legacy")],
    );
    out.push_str(
        "<label><input type=\"checkbox\" name=\"mantle\" value=\"only\"> Mantle only</label>",
    );
    if catalog.metadata.account_access.is_some() {
        out.push_str("<label><input type=\"checkbox\" name=\"acc\" value=\"callable\"> Callable by this account</label>");
    }
    select(
        out,
        "view",
        "View",
        "matrix",
        &[("table", "table: best route per model")],
    );
}

/// The table view and the comparison panel: empty, hidden, filled by the script.
pub fn views(out: &mut String) {
    out.push_str(concat!(
        "<section id=\"list\" hidden aria-labelledby=\"list-h\"><h2 id=\"list-h\">Models, best route from <span id=\"list-region\">the selected region</span></h2>",
        "<p class=\"note\">Pick a region to see routes and prices; click a heading to sort; tick two to four models to compare them.</p>",
        "<div class=\"scroll\"><table id=\"models\"><thead><tr>",
        "<th scope=\"col\">Compare</th>",
        "<th scope=\"col\" data-sort=\"name\"><button type=\"button\">Model</button></th>",
        "<th scope=\"col\" data-sort=\"prov\"><button type=\"button\">Provider</button></th>",
        "<th scope=\"col\" data-sort=\"route\"><button type=\"button\">Route</button></th>",
        "<th scope=\"col\">Id to call</th>",
        "<th scope=\"col\" data-sort=\"in\"><button type=\"button\">In $/1M</button></th>",
        "<th scope=\"col\" data-sort=\"out\"><button type=\"button\">Out $/1M</button></th>",
        "<th scope=\"col\" data-sort=\"ctx\"><button type=\"button\">Context</button></th>",
        "<th scope=\"col\" data-sort=\"mo\"><button type=\"button\">Max output</button></th>",
        "<th scope=\"col\">Features</th>",
        "</tr></thead><tbody></tbody></table></div></section>",
        "<section id=\"compare\" hidden aria-labelledby=\"compare-h\"><h2 id=\"compare-h\">Compare</h2><div class=\"scroll\"><table id=\"cmp\"></table></div></section>",
    ));
}
