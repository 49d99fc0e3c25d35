//! `find`'s answer written out: an aligned table, JSON, CSV or one id per line.

use super::Match;
use crate::format::{columns, tokens, usd};

/// How the matches are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// An aligned table, one model per line.
    #[default]
    Table,
    /// An array of objects (`bedrock-collector schema find` is its JSON Schema).
    Json,
    /// The JSON's fields as columns, with a header line.
    Csv,
    /// One id to pass per line, for scripts.
    Ids,
}

/// What is unknown, in the table.
const UNKNOWN: &str = "—";

/// The short names of the feature flags in the table, in the catalogue's order.
fn short(feature: &str) -> &str {
    match feature {
        "function_calling" => "tools",
        "prompt_caching" => "caching",
        "pdf_input" => "pdf",
        "response_schema" => "schema",
        "tool_choice" => "tool-choice",
        "computer_use" => "computer-use",
        other => other,
    }
}

/// The feature flags a model supports, by name, in the catalogue's order.
pub fn supported(m: &Match) -> Vec<&str> {
    let order = crate::catalog::routes::FEATURES.map(|(name, _)| name);
    let Some(features) = &m.features else {
        return Vec::new();
    };
    order
        .into_iter()
        .filter(|name| features.get(*name) == Some(&Some(true)))
        .collect()
}

fn lifecycle(m: &Match) -> String {
    let mut parts = vec![m.lifecycle.clone().unwrap_or_else(|| UNKNOWN.to_string())];
    if let Some(d) = &m.legacy_date {
        parts.push(format!("legacy {d}"));
    }
    if let Some(d) = &m.end_of_life_date {
        parts.push(format!("end of life {d}"));
    }
    parts.join(", ")
}

fn blocked(m: &Match) -> String {
    match &m.blocked {
        None => UNKNOWN.to_string(),
        Some(list) if list.is_empty() => String::new(),
        Some(list) => list
            .iter()
            .map(|b| format!("{} ({})", b.region, b.blocked_by.join("+")))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn or_unknown<T>(value: Option<T>, show: impl Fn(T) -> String) -> String {
    value.map_or_else(|| UNKNOWN.to_string(), show)
}

fn table(matches: &[Match], account_view: bool) -> String {
    let mut header = vec![
        "model",
        "provider",
        "route",
        "id",
        "in $/1M",
        "out $/1M",
        "context",
        "max out",
        "regions",
        "features",
        "lifecycle",
    ];
    if account_view {
        header.push("blocked in");
    }
    let rows: Vec<Vec<String>> = matches
        .iter()
        .map(|m| {
            let mut row = vec![
                m.name.clone(),
                m.provider.clone(),
                m.route.clone().unwrap_or_else(|| UNKNOWN.to_string()),
                m.id.clone(),
                or_unknown(m.input_usd_per_1m, usd),
                or_unknown(m.output_usd_per_1m, usd),
                or_unknown(m.context_window, tokens),
                or_unknown(m.max_output_tokens, tokens),
                m.regions.to_string(),
                match &m.features {
                    None => UNKNOWN.to_string(),
                    Some(_) => supported(m)
                        .into_iter()
                        .map(short)
                        .collect::<Vec<_>>()
                        .join(","),
                },
                lifecycle(m),
            ];
            if account_view {
                row.push(blocked(m));
            }
            row
        })
        .collect();
    let mut out = columns("", &header, rows, &[4, 5, 6, 7, 8]).join("\n");
    out.push('\n');
    out
}

/// One CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180).
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// The CSV columns: the JSON's field names; lists joined with `;`, unknown values empty.
const CSV_HEADER: [&str; 17] = [
    "key",
    "name",
    "provider",
    "region",
    "route",
    "id",
    "base_url",
    "input_usd_per_1m",
    "output_usd_per_1m",
    "context_window",
    "max_output_tokens",
    "features",
    "lifecycle",
    "legacy_date",
    "end_of_life_date",
    "regions",
    "blocked",
];

fn csv(matches: &[Match]) -> String {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let num = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    let count = |v: Option<u64>| v.map(|v| v.to_string()).unwrap_or_default();
    let mut out = CSV_HEADER.join(",");
    out.push('\n');
    for m in matches {
        let blocked = (m.blocked.iter().flatten())
            .map(|b| format!("{}:{}", b.region, b.blocked_by.join("+")))
            .collect::<Vec<_>>()
            .join(";");
        let fields = [
            m.key.clone(),
            m.name.clone(),
            m.provider.clone(),
            text(&m.region),
            text(&m.route),
            m.id.clone(),
            text(&m.base_url),
            num(m.input_usd_per_1m),
            num(m.output_usd_per_1m),
            count(m.context_window),
            count(m.max_output_tokens),
            supported(m).join(";"),
            text(&m.lifecycle),
            text(&m.legacy_date),
            text(&m.end_of_life_date),
            m.regions.to_string(),
            blocked,
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

/// The matches as `format` writes them. `account_view`: the catalogue was made with
/// `--account-access` (the table then has a "blocked in" column).
pub fn render(matches: &[Match], format: Format, account_view: bool) -> String {
    match format {
        Format::Table if matches.is_empty() => String::new(),
        Format::Table => table(matches, account_view),
        Format::Json => {
            let mut text = serde_json::to_string_pretty(matches).expect("matches serialize");
            text.push('\n');
            text
        }
        Format::Csv => csv(matches),
        Format::Ids => matches.iter().map(|m| format!("{}\n", m.id)).collect(),
    }
}
