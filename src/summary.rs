//! Run summaries for people: a short table and the changes, on stderr (text) and as Markdown
//! (`--summary-markdown`, e.g. a CI job summary).

use std::fmt::Write;

use crate::catalog::Metadata;
use crate::catalog::unknowns::UnknownSource;
use crate::phases::changes::{ChangeEvent, count_by_kind};
use crate::phases::unknowns;

/// What a summary reports besides the catalogue's metadata.
pub struct RunOutcome<'a> {
    pub events: &'a [ChangeEvent],
    /// When the previous catalogue was collected; `None` on a first run.
    pub previous_collected_at: Option<&'a str>,
    pub degraded: &'a [String],
    pub published: bool,
    /// Whether there was a previous catalogue (a degraded first run keeps nothing).
    pub had_previous: bool,
    /// Parts the run failed to read, not compared with the previous catalogue.
    pub not_compared: &'a [String],
    /// Built from a recorded snapshot (`--replay`): the request counts are the recorded run's.
    pub replayed: bool,
}

/// How many event lines a summary lists per kind before "and N more".
const LIST_LIMIT: usize = 20;

fn rows(m: &Metadata, o: &RunOutcome) -> Vec<(&'static str, String)> {
    let mut rows = vec![
        ("status", status_line(m, o)),
        ("regions", regions_line(m)),
        (
            "models",
            format!("{} from {} providers", m.total_models, m.providers_count),
        ),
        (
            "credentials",
            m.credentials
                .as_ref()
                .map_or_else(|| "none (a replay)".to_string(), |c| c.describe()),
        ),
        (
            "with prices / quotas / token specs",
            format!(
                "{} / {} / {}",
                m.models_with_pricing, m.models_with_quotas, m.models_with_token_specs
            ),
        ),
        (
            "sources failed",
            if m.sources_failed.is_empty() {
                "none".to_string()
            } else {
                m.sources_failed.join(", ")
            },
        ),
        (
            "changes",
            match o.previous_collected_at {
                None => "first run: nothing to compare with".to_string(),
                Some(at) => format!("{} since the catalogue of {at}", o.events.len()),
            },
        ),
        ("not compared", o.not_compared.join("; ")),
        requests_row(m, o),
        (
            "duration",
            format!("{:.1} s", m.duration_ms as f64 / 1000.0),
        ),
    ];
    if let Some(a) = &m.account_access {
        rows.insert(
            4,
            (
                "callable by this account",
                format!(
                    "{} of {} (model, region) pairs; blocked by agreement {}, by authorization {}",
                    a.callable, a.checked, a.blocked_by_agreement, a.blocked_by_authorization
                ),
            ),
        );
    }
    let at = rows
        .iter()
        .position(|(k, _)| *k == "changes")
        .unwrap_or(rows.len());
    let tail = rows.split_off(at);
    rows.extend(findings_rows(m));
    rows.extend(tail);
    rows.retain(|(k, v)| *k != "not compared" || !v.is_empty());
    rows
}

/// The run's status, or why it is degraded and what became of its catalogue.
fn status_line(m: &Metadata, o: &RunOutcome) -> String {
    if o.degraded.is_empty() {
        return m.run_status.to_string();
    }
    format!(
        "degraded: {}{}",
        o.degraded.join("; "),
        if o.published {
            " (published anyway)"
        } else if o.had_previous {
            " (previous catalogue kept)"
        } else {
            " (not published; there was no previous catalogue)"
        }
    )
}

fn regions_line(m: &Metadata) -> String {
    format!(
        "{} ok, {} not opted in, {} failed{}",
        m.regions_ok.len(),
        m.regions_not_opted_in.len(),
        m.regions_failed.len(),
        if m.regions_failed.is_empty() {
            String::new()
        } else {
            format!(" ({})", m.regions_failed.join(", "))
        }
    )
}

/// The AWS requests the run made, or, for a replay, that it made none and what the recorded run
/// made.
fn requests_row(m: &Metadata, o: &RunOutcome) -> (&'static str, String) {
    if o.replayed {
        (
            "AWS requests",
            format!(
                "none: replayed from a snapshot (the recorded run made {}, {} retries)",
                m.aws_requests, m.aws_retries
            ),
        )
    } else {
        (
            "AWS requests (retries)",
            format!("{} ({})", m.aws_requests, m.aws_retries),
        )
    }
}

/// The rows that go before "changes": one per source that gave something the run did not
/// understand, then the values dropped as out of range, then the model conflicts.
fn findings_rows(m: &Metadata) -> Vec<(&'static str, String)> {
    let mut rows: Vec<(&'static str, String)> = unknowns::summary_lines(m)
        .into_iter()
        .map(|(source, line)| {
            let key = match source {
                UnknownSource::Aws => "unknown in aws",
                UnknownSource::Quotas => "unknown in quotas",
                UnknownSource::PriceList => "unknown in price list",
                UnknownSource::Mantle => "unknown in mantle",
                UnknownSource::Litellm => "unknown in litellm",
            };
            (key, line)
        })
        .collect();
    rows.extend(rejected_line(m).map(|line| ("rejected values", line)));
    rows.extend(conflicts_line(m).map(|line| ("model conflicts", line)));
    rows
}

/// How many source values were dropped as out of range, per source, with the first as an example.
fn rejected_line(m: &Metadata) -> Option<String> {
    use crate::catalog::rejected::RejectedSource;
    let first = m.rejected_values.first()?;
    let count = |s: RejectedSource| m.rejected_values.iter().filter(|r| r.source == s).count();
    Some(format!(
        "{} dropped (LiteLLM {}, Price List {}, quotas {}; see metadata.rejected_values), e.g. {first}",
        m.rejected_values.len(),
        count(RejectedSource::Litellm),
        count(RejectedSource::PriceList),
        count(RejectedSource::Quotas),
    ))
}

/// How many model ids the regions' lists disagreed on, with the first as an example.
fn conflicts_line(m: &Metadata) -> Option<String> {
    let first = m.model_conflicts.first()?;
    let fields: Vec<&str> = first.fields.iter().map(|f| f.field.as_str()).collect();
    Some(format!(
        "{} (see metadata.model_conflicts), e.g. {} {} in {}{}",
        m.model_conflicts.len(),
        first.model_id,
        first.kind.as_str(),
        first.regions.join(", "),
        if fields.is_empty() {
            String::new()
        } else {
            format!(": {}", fields.join(", "))
        }
    ))
}

/// The summary table and changes as plain text, for stderr.
pub fn text(m: &Metadata, o: &RunOutcome) -> String {
    let rows = rows(m, o);
    let width = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (k, v) in &rows {
        let _ = writeln!(out, "  {k:<width$}  {v}");
    }
    for (kind, n) in count_by_kind(o.events) {
        let _ = writeln!(out, "  {:<width$}  {n}", kind.name());
    }
    out
}

/// The summary and every change as Markdown.
pub fn markdown(m: &Metadata, o: &RunOutcome) -> String {
    let mut out = String::from("## Amazon Bedrock catalogue\n\n| | |\n|---|---|\n");
    for (k, v) in rows(m, o) {
        let _ = writeln!(out, "| {k} | {} |", v.replace('|', "\\|"));
    }
    if o.events.is_empty() {
        return out;
    }
    let _ = writeln!(out, "\n### Changes\n");
    for (kind, n) in count_by_kind(o.events) {
        let _ = writeln!(out, "**{}** ({n})\n", kind.name());
        let lines: Vec<_> = o.events.iter().filter(|e| e.kind == kind).collect();
        for e in lines.iter().take(LIST_LIMIT) {
            let _ = writeln!(out, "- `{}`", e.describe().replace('`', "'"));
        }
        if lines.len() > LIST_LIMIT {
            let _ = writeln!(
                out,
                "- and {} more (see changes.json)",
                lines.len() - LIST_LIMIT
            );
        }
        out.push('\n');
    }
    out
}
