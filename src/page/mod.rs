//! `bedrock-collector page`: the catalogue as one self-contained HTML file (matrix, legend,
//! filters, model cards, change view), with no network at all.
//!
//! Pure: the typed [`Catalog`] and the change log in, one HTML string out. Written by hand with one
//! escaping function ([`escape::esc`]) rather than with a template engine: the page is a handful of
//! loops over typed values, so a template would add a language, a dependency and a second place
//! where escaping can be switched off, for no gain. The style sheet and the script are compiled in
//! (`page.css`, `page.js`) and allowed by their SHA-256 in the page's Content-Security-Policy,
//! which forbids every fetch (`default-src 'none'`).

use std::fmt::Write;

use base64::Engine;
use sha2::{Digest, Sha256};

use crate::catalog::Catalog;

mod card;
mod cell;
mod changes;
mod choose;
mod escape;
mod matrix;

pub use cell::{Cell, Route, Unknown};
pub use changes::ChangeLog;
pub use escape::esc;

#[cfg(test)]
mod tests;

const CSS: &str = include_str!("page.css");
const JS: &str = include_str!("page.js");

/// Why the page could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error(transparent)]
    Catalog(#[from] crate::catalog::ReadError),
    #[error("cannot read the change log {path}: {source}")]
    ChangesIo {
        path: String,
        source: std::io::Error,
    },
    #[error("the change log {path} is not a change log of this tool: {source}")]
    ChangesJson {
        path: String,
        source: serde_json::Error,
    },
    #[error(transparent)]
    Write(#[from] crate::files::WriteError),
    #[error("cannot create the directory {path}: {source}")]
    Dir {
        path: String,
        source: std::io::Error,
    },
}

/// Reads a change log; `Ok(None)` when `required` is false and the file does not exist.
pub fn read_changes(
    path: &std::path::Path,
    required: bool,
) -> Result<Option<ChangeLog>, PageError> {
    let shown = || path.display().to_string();
    let text = match std::fs::read(path) {
        Ok(t) => t,
        Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(PageError::ChangesIo {
                path: shown(),
                source,
            });
        }
    };
    serde_json::from_slice(&text)
        .map(Some)
        .map_err(|source| PageError::ChangesJson {
            path: shown(),
            source,
        })
}

/// Writes the page to `output` atomically, creating its directory.
pub fn write(output: &std::path::Path, html: &str) -> Result<(), PageError> {
    if let Some(dir) = output.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| PageError::Dir {
            path: dir.display().to_string(),
            source,
        })?;
    }
    crate::files::write_atomic(output, html.as_bytes())?;
    Ok(())
}

/// `'sha256-<base64>'` of an inline script or style, for the Content-Security-Policy.
fn csp_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The page's policy: nothing may be fetched, only the page's own style and script run.
pub fn content_security_policy() -> String {
    format!(
        "default-src 'none'; script-src {}; style-src {}; img-src data:; base-uri 'none'; form-action 'none'",
        csp_hash(JS),
        csp_hash(CSS)
    )
}

/// The whole page for `catalog`, with the change view from `changes` when given.
pub fn render(catalog: &Catalog, changes: Option<&ChangeLog>) -> String {
    let regions = cell::regions(catalog);
    let routes = matrix::routes_used(catalog, &regions);
    let models = catalog.model_count();
    let mut out = String::with_capacity(64 * 1024 + models * 8 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta http-equiv=\"Content-Security-Policy\" content=\"{}\"><meta name=\"referrer\" content=\"no-referrer\"><title>Amazon Bedrock models by region</title><style>{CSS}</style></head><body><a class=\"skip\" href=\"#matrix\">Skip to the matrix</a>",
        esc(&content_security_policy())
    );
    header(&mut out, catalog, models, &regions);
    out.push_str("<main>");
    matrix::filters(&mut out, catalog, &regions, &routes);
    matrix::legend(&mut out, &routes, catalog.metadata.account_access.is_some());
    out.push_str("<h2 id=\"matrix-h\">Models by region</h2>");
    matrix::matrix(&mut out, catalog, &regions);
    choose::views(&mut out);
    let known = |key: &str| catalog.models().any(|m| m.key == key);
    changes::view(&mut out, changes, &known);
    let ctx = card::Context {
        made_on: crate::format::day_number(&catalog.metadata.collection_timestamp),
        answered: regions.values().filter(|s| s.discovery.is_none()).count(),
        prices: (catalog.metadata.sources.get("price_list")).and_then(|s| s.status),
        account_quotas: catalog.metadata.account_quotas.clone(),
    };
    out.push_str("<div id=\"cards\">");
    for m in catalog.models() {
        card::card(&mut out, m.key, m.model, &ctx);
    }
    let _ = writeln!(
        out,
        "</div></main><footer>Made by bedrock-collector {} from the catalogue of {}. No data on this page is fetched from anywhere.</footer><script>{JS}</script></body></html>",
        esc(&catalog.metadata.tool_version),
        esc(&catalog.metadata.collection_timestamp)
    );
    out
}

/// When the catalogue was made, from which regions and sources, and how the run went.
fn header(
    out: &mut String,
    catalog: &Catalog,
    models: usize,
    regions: &std::collections::BTreeMap<String, cell::RegionState>,
) {
    let m = &catalog.metadata;
    let status = if !m.degraded_reasons.is_empty() {
        "degraded"
    } else {
        m.run_status.as_str()
    };
    let _ = write!(
        out,
        "<header id=\"top\"><h1>Amazon Bedrock models by region</h1><div class=\"meta\"><span>Catalogue made <b><time datetime=\"{0}\">{0}</time></b></span><span>run <span class=\"badge {status}\" id=\"run-status\">{status}</span></span><span><b>{models}</b> models from <b>{1}</b> providers</span><span><b>{2}</b> of {3} regions answered</span></div>",
        esc(&m.collection_timestamp),
        catalog.providers.len(),
        regions.values().filter(|s| s.discovery.is_none()).count(),
        regions.len(),
    );
    let mut notes = Vec::new();
    if !m.regions_not_opted_in.is_empty() {
        notes.push(format!(
            "not enabled for the account: {}",
            esc(&m.regions_not_opted_in.join(", "))
        ));
    }
    if !m.regions_failed.is_empty() {
        notes.push(format!(
            "failed in the run: {}",
            esc(&m.regions_failed.join(", "))
        ));
    }
    for reason in &m.degraded_reasons {
        notes.push(format!("degraded: {}", esc(reason)));
    }
    if !notes.is_empty() {
        let _ = write!(out, "<p class=\"meta\">{}</p>", notes.join(" · "));
    }
    out.push_str("<details class=\"sources\"><summary>Regions and sources</summary><p>Regions: ");
    out.push_str(&esc(&regions
        .keys()
        .cloned()
        .collect::<Vec<_>>()
        .join(", ")));
    out.push_str("</p><ul>");
    for (name, source) in &m.sources {
        let status = source
            .status
            .map(|s| s.as_str().to_string())
            .unwrap_or_else(|| "unknown".into());
        let origin = source.origin.as_ref().map(crate::format::wire);
        let _ = write!(
            out,
            "<li><b>{}</b>: {}{}{}{}</li>",
            esc(name),
            esc(&status),
            origin.map(|o| format!(", {}", esc(&o))).unwrap_or_default(),
            source
                .revision
                .as_deref()
                .map(|r| format!(", revision <code>{}</code>", esc(r)))
                .unwrap_or_default(),
            source
                .message
                .as_deref()
                .map(|r| format!(": {}", esc(r)))
                .unwrap_or_default(),
        );
    }
    let _ = write!(
        out,
        "<li><b>AWS APIs</b>: {} ({} requests)</li></ul></details><nav><a href=\"#matrix-h\">Matrix</a><a href=\"#legend\">Legend</a><a href=\"#changes\">What changed</a></nav></header>",
        esc(&m.collection_method),
        m.aws_requests
    );
}
