//! `bedrock-collector compare A B [C ...]`: models side by side, one column each, one row per
//! fact (limits, features, lifecycle, regions; with `--region`, the routes from there with their
//! ids and prices, the account's access and the quotas). Rows where the models differ are
//! marked. Pure: the typed catalogue in, a [`Comparison`] out, written as text or JSON.

use std::collections::BTreeMap;

use crate::catalog::routes::FEATURES;
use crate::catalog::{Catalog, Listed};
use crate::format::{columns, quantity, tokens, usd, wire};
use crate::route::{Route, ways};
use crate::show::ShowError;

/// Why the models cannot be compared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompareError {
    #[error(transparent)]
    Model(#[from] ShowError),
    #[error("region `{region}` is not in the catalogue, which covers {known}")]
    RegionUnknown { region: String, known: String },
}

/// One fact of every model: `null` where the catalogue does not know it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Row {
    pub field: String,
    pub values: Vec<Option<String>>,
    /// The values are not all the same.
    pub differs: bool,
}

/// The models compared, side by side.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Comparison {
    pub region: Option<String>,
    /// The catalogue keys, in the order asked.
    pub models: Vec<String>,
    pub rows: Vec<Row>,
}

/// The models `queries` name, compared (from `region` when given).
pub fn compare(
    catalog: &Catalog,
    queries: &[String],
    region: Option<&str>,
) -> Result<Comparison, CompareError> {
    let models: Vec<Listed<'_>> = queries
        .iter()
        .map(|q| crate::show::resolve_model(catalog, q))
        .collect::<Result<_, _>>()?;
    if let Some(r) = region {
        let known = crate::find::known_regions(catalog);
        if !known.contains(r) {
            return Err(CompareError::RegionUnknown {
                region: r.to_string(),
                known: known.into_iter().collect::<Vec<_>>().join(", "),
            });
        }
    }
    let mut rows = Vec::new();
    let mut add = |field: &str, values: Vec<Option<String>>| {
        let differs = values.windows(2).any(|w| w[0] != w[1]);
        rows.push(Row {
            field: field.to_string(),
            values,
            differs,
        });
    };
    let each = |f: &dyn Fn(Listed<'_>) -> Option<String>| models.iter().map(|m| f(*m)).collect();
    add("name", each(&|m| Some(m.name().to_string())));
    add("key", each(&|m| Some(m.key.to_string())));
    add("provider", each(&|m| Some(m.provider_name().to_string())));
    add(
        "lifecycle",
        each(&|m| non_empty(&m.model.model_lifecycle.status)),
    );
    add("legacy from", each(&|m| earliest(m, true)));
    add("end of life", each(&|m| earliest(m, false)));
    add(
        "context window",
        each(&|m| m.model.context_window().map(tokens)),
    );
    add(
        "max output",
        each(&|m| m.model.max_output_tokens().map(tokens)),
    );
    let list = |v: &[String]| (!v.is_empty()).then(|| v.join(", "));
    add(
        "input",
        each(&|m| list(&m.model.model_modalities.input_modalities)),
    );
    add(
        "output",
        each(&|m| list(&m.model.model_modalities.output_modalities)),
    );
    for (name, _) in FEATURES {
        add(name, each(&|m| feature(m, name)));
    }
    add(
        "output burndown",
        each(&|m| burndown(m).map(|b| format!("{}x", b.multiplier))),
    );
    add("regions", each(&|m| Some(callable_regions(m).to_string())));
    add(
        "mantle",
        each(&|m| {
            let x = m.model.mantle.as_ref().filter(|x| !x.regions.is_empty())?;
            Some(format!("{} in {} regions", x.model_id, x.regions.len()))
        }),
    );
    if let Some(region) = region {
        region_rows(catalog, &models, region, &mut add);
    }
    Ok(Comparison {
        region: region.map(str::to_string),
        models: models.iter().map(|m| m.key.to_string()).collect(),
        rows,
    })
}

/// The model's output-token burndown, where the corrections give it.
fn burndown(m: Listed<'_>) -> Option<&crate::catalog::quotas::OutputTokenBurndown> {
    m.model.token_specs.as_ref()?.output_token_burndown.as_ref()
}

fn non_empty(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_string())
}

fn feature(m: Listed<'_>, name: &str) -> Option<String> {
    let flags = m.model.features.as_ref()?.flags();
    let (_, flag) = flags.into_iter().find(|(n, _)| *n == name)?;
    flag.supported
        .map(|s| if s { "yes" } else { "no" }.to_string())
}

/// The earliest legacy date over the regions, with the region; the model's end of life with
/// where it comes from (the region of AWS's, else LiteLLM's key).
fn earliest(m: Listed<'_>, legacy: bool) -> Option<String> {
    let t = &m.model.lifecycle_timeline;
    if let Some(end) = t.end_of_life.as_ref().filter(|_| !legacy) {
        return Some(format!("{} ({})", end.day(), end.from));
    }
    let d = if legacy {
        &t.earliest_legacy_time
    } else {
        &t.earliest_end_of_life_time
    };
    d.as_ref()
        .map(|d| format!("{} ({})", d.date.get(..10).unwrap_or(&d.date), d.region))
}

/// Regions it can be called from by a route other than provisioned throughput.
fn callable_regions(m: Listed<'_>) -> usize {
    let model = m.model;
    let mut regions: std::collections::BTreeSet<&str> = model
        .regional_availability
        .keys()
        .map(String::as_str)
        .collect();
    regions.extend(
        model
            .cross_region_inference
            .profiles
            .iter()
            .map(|p| p.source_region.as_str()),
    );
    regions.extend(
        model
            .mantle
            .iter()
            .flat_map(|x| x.regions.iter().map(String::as_str)),
    );
    regions
        .into_iter()
        .filter(|r| ways(m, r).iter().any(|w| w.route != Route::Provisioned))
        .count()
}

/// The rows from `region`: each route's ids and prices, the account's access, the quotas.
fn region_rows(
    catalog: &Catalog,
    models: &[Listed<'_>],
    region: &str,
    add: &mut dyn FnMut(&str, Vec<Option<String>>),
) {
    let all: Vec<_> = models.iter().map(|m| ways(*m, region)).collect();
    for route in Route::ALL {
        let ids = all.iter().map(|ws| {
            let ids: Vec<&str> = ws
                .iter()
                .filter(|w| w.route == route)
                .map(|w| w.id)
                .collect();
            (!ids.is_empty()).then(|| ids.join(", "))
        });
        add(&format!("{} id", route.name()), ids.collect());
        if route == Route::Provisioned {
            // Provisioned throughput is priced per model unit and hour, not per token.
            continue;
        }
        let prices = all.iter().map(|ws| {
            let priced: Vec<String> = (ws.iter())
                .filter(|w| w.route == route && (w.input_usd.is_some() || w.output_usd.is_some()))
                .map(|w| {
                    let p = |v: Option<f64>| v.map_or_else(|| "—".to_string(), usd);
                    format!("{} / {}", p(w.input_usd), p(w.output_usd))
                })
                .collect();
            (!priced.is_empty()).then(|| priced.join(", "))
        });
        add(&format!("{} $/1M in / out", route.name()), prices.collect());
    }
    let access = models.iter().map(|m| {
        catalog.metadata.account_access.as_ref()?;
        let a = m.model.account_access.get(region)?;
        Some(if a.callable {
            "callable".to_string()
        } else {
            a.reason.clone()
        })
    });
    add("this account", access.collect());
    // Quotas: one row per route, metric and variant that any of the models has there.
    let mut quotas: BTreeMap<(String, String, String), Vec<Option<String>>> = BTreeMap::new();
    for (i, m) in models.iter().enumerate() {
        for q in m
            .model
            .model_service_quotas
            .get(region)
            .into_iter()
            .flatten()
        {
            let key = (
                wire(&q.route),
                wire(&q.metric),
                q.model_variant.clone().unwrap_or_default(),
            );
            let value = |v: Option<f64>| v.map_or_else(|| "—".to_string(), quantity);
            let mut text = format!(
                "{} / {}",
                value(q.applied_value.or(q.value)),
                value(q.default_value)
            );
            // A tokens-per-minute quota of a model whose output tokens count several times.
            let tpm = q.effective_value.or(q.applied_value.or(q.value));
            if let (Some(b), Some(tpm)) = (burndown(*m), tpm)
                && q.metric == crate::catalog::quotas::Metric::TokensPerMinute
            {
                text.push_str(&format!(
                    " (output {}/min at {}x)",
                    quantity(b.effective_output_tpm(tpm)),
                    b.multiplier
                ));
            }
            // Two quotas of one model on the same route, metric and variant: both, never one.
            let slot = &mut quotas
                .entry(key)
                .or_insert_with(|| vec![None; models.len()])[i];
            *slot = Some(match slot.take() {
                Some(before) => format!("{before}, {text}"),
                None => text,
            });
        }
    }
    for ((route, metric, variant), values) in quotas {
        let variant = if variant.is_empty() {
            String::new()
        } else {
            format!(" [{variant}]")
        };
        add(&format!("quota {route} {metric}{variant}"), values);
    }
}

impl Comparison {
    /// Columns: the fact, then one per model; `≠` before a row whose values differ, `—` for
    /// unknown.
    pub fn to_text(&self) -> String {
        let mut header: Vec<&str> = vec!["", "field"];
        header.extend(self.models.iter().map(String::as_str));
        let rows = self
            .rows
            .iter()
            .map(|r| {
                let mut row = vec![
                    if r.differs { "≠" } else { "" }.to_string(),
                    r.field.clone(),
                ];
                row.extend(
                    r.values
                        .iter()
                        .map(|v| v.clone().unwrap_or_else(|| "—".into())),
                );
                row
            })
            .collect();
        let mut out = String::new();
        if let Some(r) = &self.region {
            out.push_str(&format!(
                "From {r}; prices in USD per 1M input / output tokens, quotas applied / default; ≠ marks the rows where the models differ.\n"
            ));
        } else {
            out.push_str("≠ marks the rows where the models differ; add --region REGION for routes, prices, access and quotas.\n");
        }
        out.push_str(&columns("", &header, rows, &[]).join("\n"));
        out.push('\n');
        out
    }

    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a comparison serializes");
        text.push('\n');
        text
    }
}
