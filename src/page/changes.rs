//! The change view: `changes.json` (written beside the catalogue by each run) read back and shown
//! as counts per kind and one row per event.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::escape::{card_id, esc};
use crate::phases::changes::ChangeKind;

pub use crate::phases::change_log::ChangeLog;

/// At most this many events are listed; the counts cover them all.
pub const MAX_EVENTS: usize = 2000;

pub fn view(out: &mut String, log: Option<&ChangeLog>, known_models: &dyn Fn(&str) -> bool) {
    out.push_str("<section id=\"changes\" aria-labelledby=\"changes-h\"><h2 id=\"changes-h\">What changed</h2>");
    let Some(log) = log else {
        out.push_str(
            "<p>No change log (<code>changes.json</code>) beside this catalogue.</p></section>",
        );
        return;
    };
    match (&log.previous, &log.note) {
        (Some(p), _) => {
            let _ = write!(
                out,
                "<p>Since the previous catalogue ({}), as of the run of {}: {} {}.</p>",
                esc(p.collection_timestamp.as_deref().unwrap_or("time unknown")),
                esc(&log.collection_timestamp),
                log.events.len(),
                if log.events.len() == 1 {
                    "change"
                } else {
                    "changes"
                }
            );
        }
        (None, Some(note)) => {
            let _ = write!(out, "<p>{}</p>", esc(note));
        }
        (None, None) => out.push_str("<p>The change log names no previous catalogue.</p>"),
    }
    if log.events.is_empty() {
        out.push_str("<p class=\"none\">No changes.</p></section>");
        return;
    }
    let mut counts: BTreeMap<ChangeKind, usize> = BTreeMap::new();
    for e in &log.events {
        *counts.entry(e.kind).or_default() += 1;
    }
    out.push_str("<ul class=\"counts\">");
    for (kind, n) in &counts {
        let _ = write!(
            out,
            "<li data-kind=\"{0}\"><b>{n}</b> {0}</li>",
            kind.name()
        );
    }
    out.push_str("</ul><div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Change events\"><table class=\"events\"><thead><tr><th scope=\"col\">Kind</th><th scope=\"col\">Model</th><th scope=\"col\">Where</th><th scope=\"col\">Before</th><th scope=\"col\">After</th></tr></thead><tbody>");
    for e in log.events.iter().take(MAX_EVENTS) {
        let model = if known_models(&e.model) {
            format!(
                "<a href=\"#{}\">{}</a>",
                esc(&card_id(&e.model)),
                esc(&e.model)
            )
        } else {
            esc(&e.model).into_owned()
        };
        let place: Vec<&str> = [
            &e.region,
            &e.profile,
            &e.route,
            &e.dimension,
            &e.quota_code,
            &e.field,
        ]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
        let show = |v: &Option<crate::phases::changes::ChangeValue>| match v {
            Some(v) => esc(&v.to_string()).into_owned(),
            None => String::new(),
        };
        let _ = write!(
            out,
            "<tr data-kind=\"{}\"><td>{}</td><td>{model}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            e.kind.name(),
            e.kind.name(),
            esc(&place.join(" / ")),
            show(&e.old),
            show(&e.new)
        );
    }
    out.push_str("</tbody></table></div>");
    if log.events.len() > MAX_EVENTS {
        let _ = write!(
            out,
            "<p>… and {} more events in <code>changes.json</code>.</p>",
            log.events.len() - MAX_EVENTS
        );
    }
    out.push_str("</section>");
}
