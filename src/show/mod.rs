//! `bedrock-collector show`: "how do I call model X from region Y?", answered from a catalogue
//! (`data/bedrock_models.json`) with no network.
//!
//! Pure: the typed catalogue and the query in, plain text out (no colours, stable order). What a
//! catalogue does not carry (prices switched off, no token specs, an older catalogue without
//! per-region fields) is left out of the answer.
//!
//! Resolution of the query, first stage that matches wins:
//! 1. the catalogue key (`anthropic.claude-sonnet-4-5-20250929-v1`);
//! 2. an invocable, variant or inference profile id (`...-v1:0`, `...:0:200k`, `us.anthropic...:0`,
//!    `global....`), or a foundation-model / inference-profile ARN ending in one;
//! 3. the model name (`Claude Sonnet 4.5`);
//! 4. a fragment: every whitespace-separated word occurs in the key or in the name.
//!
//! All comparisons ignore case; in fragments `.`, `-`, `_` and spaces are alike, so `sonnet 4.5`
//! and `sonnet-4-5` are the same query. One model found: it is shown; several: [`ShowError::Ambiguous`];
//! none: [`ShowError::NotFound`] with up to five close keys.

use crate::catalog::Catalog;

mod access;
mod calls;
mod error;
mod quota_notes;
mod render;
mod resolve;

pub use error::ShowError;
use render::*;
use resolve::*;

#[cfg(test)]
mod tests;

/// The one model `query` names (key, id, ARN, name or fragment), resolved as `show` does.
pub fn resolve_model<'a>(
    catalog: &'a Catalog,
    query: &str,
) -> Result<crate::catalog::Listed<'a>, ShowError> {
    let entries = entries(catalog);
    resolve(&entries, query).copied()
}

/// Answers "how do I call `query` from `region`?" (every region where it can be called when
/// `region` is `None`) from a parsed catalogue.
pub fn show(catalog: &Catalog, query: &str, region: Option<&str>) -> Result<String, ShowError> {
    show_on(catalog, query, region, None)
}

/// [`show`], with the days left to each lifecycle date counted from `today` (RFC 3339; the
/// caller's clock: this module has none).
pub fn show_on(
    catalog: &Catalog,
    query: &str,
    region: Option<&str>,
    today: Option<&str>,
) -> Result<String, ShowError> {
    let entries = entries(catalog);
    let entry = resolve(&entries, query)?;
    let calls = call_regions(entry.model);
    let mut out = header(entry);
    out.extend(calls::timeline(&entry.model.lifecycle_timeline, today));
    out.extend(calls::features(entry.model));
    let region_block = |name: &str, call: &Call<'_>| {
        let mut block = region_block(entry, name, call);
        let at = block.len().min(1);
        block.splice(at..at, calls::region_lifecycle(entry.model, name, today));
        block
    };
    match region {
        None => {
            out.push(String::new());
            if calls.is_empty() && entry.model.mantle.is_some() {
                out.push("Not listed by ListFoundationModels in any region.".to_string());
            } else if calls.is_empty() {
                out.push("Callable from no region in this catalogue.".to_string());
            } else {
                out.push(format!(
                    "Where to call it from ({} {}):",
                    calls.len(),
                    plural(calls.len(), "region", "regions")
                ));
                for (name, call) in &calls {
                    out.extend(region_block(name, call));
                }
                out.extend(access::account_summary(catalog, entry.model));
                out.push(String::new());
                out.push("Prices and quotas are per region: add --region REGION.".to_string());
            }
            out.extend(mantle_summary(entry.model));
        }
        Some(region) => {
            let region = region.trim().to_ascii_lowercase();
            let known = known_regions(catalog, &entries);
            if !known.contains(&region) {
                return Err(ShowError::RegionUnknown {
                    region,
                    known: known.into_iter().collect(),
                });
            }
            out.push(String::new());
            // First: can the account that made the catalogue call it here.
            out.extend(access::account_access(catalog, entry.model, &region));
            match calls.get(&region) {
                Some(call) => {
                    out.extend(region_block(&region, call));
                    out.extend(mantle_line(entry.model, &region));
                    out.extend(status_note(catalog, &region));
                    out.extend(prices(entry.model, &region));
                    out.extend(quotas(catalog, entry.model, &region));
                    out.extend(quota_notes::notes(catalog, entry.model, &region));
                }
                None if mantle_line(entry.model, &region).is_some() => {
                    out.push(format!(
                        "{region}: on Mantle only ({} is not listed by ListFoundationModels there)",
                        entry.name()
                    ));
                    out.extend(mantle_line(entry.model, &region));
                    out.extend(status_note(catalog, &region));
                    out.extend(quotas(catalog, entry.model, &region));
                    out.extend(quota_notes::notes(catalog, entry.model, &region));
                }
                None => {
                    let mantle = (entry.model.mantle.as_ref()).map_or(&[][..], |m| &m.regions[..]);
                    let why = if mantle.is_empty() {
                        "is not listed there and no inference profile can be called from there"
                    } else {
                        "is not listed there, no inference profile can be called from there, and Mantle does not serve it there"
                    };
                    out.push(format!(
                        "Not callable from {region}: {} {why}.",
                        entry.name()
                    ));
                    out.extend(status_note(catalog, &region));
                    if calls.is_empty() && mantle.is_empty() {
                        out.push("Callable from no region in this catalogue.".to_string());
                    } else if !calls.is_empty() {
                        out.push(format!(
                            "Callable from {} {}: {}",
                            calls.len(),
                            plural(calls.len(), "region", "regions"),
                            calls.keys().cloned().collect::<Vec<_>>().join(", ")
                        ));
                    }
                    if !mantle.is_empty() {
                        out.push(format!(
                            "On Mantle in {} {}: {}",
                            mantle.len(),
                            plural(mantle.len(), "region", "regions"),
                            mantle.join(", ")
                        ));
                    }
                }
            }
        }
    }
    out.extend(token_limits(entry.model));
    let mut text = out.join("\n");
    text.push('\n');
    Ok(text)
}
