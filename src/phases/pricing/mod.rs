//! Phases 2 and 3: prices per model, region and route from the AWS Price List bulk offer files.
//!
//! This module owns everything between the bytes of an offer file and the per-model price tables; it does
//! no I/O. [`parse_region_index`] reads a `region_index.json`; [`parse_offer`] reads a per-region or
//! whole-offer `index.json` (`AmazonBedrock`, `AmazonBedrockFoundationModels`, `AmazonBedrockService`) into
//! compact [`OfferRow`]s, each already classified into a route and a dimension with its price normalised;
//! [`match_prices`] joins the rows to the catalogue's [`ModelRef`]s and cross-checks the regions.
//!
//! **Units.** Token prices are USD per 1M tokens (`unit: "1M tokens"`), whatever the offer used (`1K tokens`,
//! `1M tokens`, or `Units` with a "Million …" description); provisioned throughput is USD per model unit per
//! `hour`; images are USD per `image`; reserved capacity keeps the offer's own TPM unit. Every price also
//! carries the offer's own price and unit, its SKU, usagetype, offer code and offer version.
//!
//! **Routes** (keys of [`ModelPricing::regions`]): `on_demand` (in-region; a geo profile bills at this rate
//! unless an `on_demand_geo` route exists), `on_demand_geo`, `on_demand_global`, `batch[_geo|_global]`,
//! `flex…`, `priority…`, `latency_optimized`, `provisioned`, `reserved[_geo|_global]`, and the same tiers
//! prefixed `mantle_` for the OpenAI-compatible "mantle" endpoint rows.
//! **Dimensions**: `input_tokens`, `output_tokens`, `cache_read_input_tokens`, `cache_write_input_tokens`,
//! `cache_write_1h_input_tokens`, each with a `_long_context` variant; `model_unit_<commitment>` (e.g.
//! `model_unit_no_commit`, `model_unit_1_month`); `input_tpm_<commitment>` / `output_tpm_<commitment>`;
//! `image` or `image_<spec>` (e.g. `image_t2i_1024_standard`). Tokens of one modality keep it as a prefix
//! (`USE1-Nova2.0Pro-text-input-tokens` → `text_input_tokens`).
//!
//! **Classification** is strict: every word of the usagetype's dimension part must be known, and `feature`,
//! `service_tier` and `inferenceType`, when present, must not contradict it. Anything else (customization,
//! speech or video tokens, guardrails …) is left unmatched with the reason, never filed under a guess.
//!
//! **Matching rules** ([`match_prices`]; never substrings, never input order). Rule 1 picks the row's
//! identity; rules 2 to 4 are tried in order and the first that applies decides.
//! 1. The identity: FoundationModels `servicename` without " (Amazon Bedrock Edition)"; else `model`
//!    (a trailing " Latency Optimized" selects the `latency_optimized` route); else `titanModel`; else the
//!    usagetype's model token (`USE1-TitanTextG1-Express-input-tokens` → `TitanTextG1-Express`).
//! 2. An explicit alias ([`ALIASES`]) from that exact value to a model key.
//! 3. A usagetype token that is itself a model key (mantle rows: `mistral.mistral-large-3-675b-instruct`).
//! 4. Exact normalised name ([`normalise_name`]): with a `provider` attribute, the pair (provider, name) must
//!    equal the model's (first provider word; a leading provider name is dropped on both sides, so DeepSeek
//!    "R1" = "DeepSeek-R1"); without one, the name must equal the model's name, or its name prefixed by its
//!    provider ("Cohere Command R+" = Cohere "Command R+").
//!
//! A row that resolves to no model, or to two or more, is listed in [`PricingResult::unmatched`] with the
//! reason; so is a row whose price is unusable (zero, unparsable, unknown unit, unrecognised usage). Two
//! rows for the same model, region, route and dimension keep one price by a fixed offer
//! precedence (FoundationModels, Service, AmazonBedrock, then SKU) and list the other in
//! [`PricingResult::duplicates`] with both SKUs. An offer's `rows_matched` counts the prices in the
//! body; `rows_read` = `rows_matched` + `rows_duplicate` + `rows_unmatched`.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::catalog::pricing::{
    DuplicatePrice, ModelPricing, OfferSummary, Price, PricingFileReference, PricingSummary,
    RegionCheck, RegionPrices, RowProblem, UnmatchedReason, UnmatchedRow,
};
use crate::catalog::rejected::{RejectedSource, RejectedValue};
use crate::model::ModelRef;

mod names;
mod offer;
mod row;
mod usagetype;

pub use crate::records::price_list::{
    PriceListDocument, PriceListError, PriceListErrorKind, RegionIndex, parse_region_index,
};
pub use names::*;
pub use offer::*;
pub use row::*;

#[cfg(test)]
mod tests;

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct PricingResult {
    /// One entry per input model, priced or not.
    pub models: BTreeMap<String, ModelPricing>,
    /// Sorted by offer, region, usagetype, SKU.
    pub unmatched: Vec<UnmatchedRow>,
    pub duplicates: Vec<DuplicatePrice>,
    pub offers: BTreeMap<String, OfferSummary>,
}

/// Precedence when two rows fill one price slot: lower wins.
fn offer_rank(code: &str) -> u8 {
    match code {
        "AmazonBedrockFoundationModels" => 0,
        "AmazonBedrockService" => 1,
        "AmazonBedrock" => 2,
        _ => 3,
    }
}

/// Joins offer rows to models (see the module doc for the rules) and cross-checks regions.
pub fn match_prices(models: &[ModelRef], offers: &[Offer]) -> PricingResult {
    let index = ModelIndex::new(models);
    let mut summaries = offer_summaries(offers);
    let mut filed = Filed::default();
    for (offer, row) in rows_in_precedence(offers) {
        let summary = summaries
            .get_mut(&offer.offer_code)
            .expect("a summary for every offer");
        match priced_model(index.resolve(row), &row.usage) {
            Ok((model, usage)) => filed.price(model, offer, row, usage, summary),
            Err((model_key, reason)) => filed.reject(offer, row, model_key, reason, summary),
        }
    }
    let Filed {
        mut tables,
        mut unmatched,
        duplicates,
    } = filed;
    unmatched.sort_by(|a, b| {
        (&a.offer, &a.region, &a.usagetype, &a.sku).cmp(&(
            &b.offer,
            &b.region,
            &b.usagetype,
            &b.sku,
        ))
    });
    let models = models
        .iter()
        .map(|m| {
            (
                m.key.clone(),
                model_pricing(m, tables.remove(m.key.as_str()).unwrap_or_default()),
            )
        })
        .collect();
    PricingResult {
        models,
        unmatched,
        duplicates,
        offers: summaries,
    }
}

/// Every offer's rows in a fixed order (offer precedence, then SKU, then region), so the kept
/// price never depends on the order of `offers`.
fn rows_in_precedence(offers: &[Offer]) -> Vec<(&Offer, &OfferRow)> {
    let mut rows: Vec<(&Offer, &OfferRow)> = offers
        .iter()
        .flat_map(|o| o.rows.iter().map(move |r| (o, r)))
        .collect();
    rows.sort_by(|(oa, ra), (ob, rb)| {
        (
            offer_rank(&oa.offer_code),
            &oa.offer_code,
            &oa.version,
            &ra.sku,
            &ra.region,
        )
            .cmp(&(
                offer_rank(&ob.offer_code),
                &ob.offer_code,
                &ob.version,
                &rb.sku,
                &rb.region,
            ))
    });
    rows
}

/// Each offer's versions, dates, files and rows read; the rows' fates are counted as they are
/// filed.
fn offer_summaries(offers: &[Offer]) -> BTreeMap<String, OfferSummary> {
    let mut summaries: BTreeMap<String, OfferSummary> = BTreeMap::new();
    for offer in offers {
        let summary = summaries.entry(offer.offer_code.clone()).or_default();
        summary.versions.insert(offer.version.clone());
        summary
            .publication_dates
            .insert(offer.publication_date.clone());
        summary.files += 1;
        summary.rows_read += offer.rows.len();
    }
    summaries
}

/// The model and price a row gives, or why it gives none (with the model it names, if any): the
/// row's own problem first, then its identity.
fn priced_model<'m, 'r>(
    resolution: Resolution<'m>,
    usage: &'r Result<Usage, RowProblem>,
) -> Result<(&'m ModelRef, &'r Usage), (Option<String>, UnmatchedReason)> {
    match (resolution, usage) {
        (Resolution::Model(model), Ok(usage)) => Ok((model, usage)),
        (Resolution::Model(model), Err(problem)) => Err((
            Some(model.key.clone()),
            UnmatchedReason::Row(problem.clone()),
        )),
        (_, Err(problem)) => Err((None, UnmatchedReason::Row(problem.clone()))),
        (Resolution::NoIdentity, Ok(_)) => Err((None, UnmatchedReason::NoIdentity)),
        (Resolution::NoModel(why), Ok(_)) => Err((None, UnmatchedReason::NoModel(why))),
        (Resolution::Ambiguous(keys), Ok(_)) => Err((None, UnmatchedReason::Ambiguous(keys))),
    }
}

/// Where the rows go: a price slot per model, region, route and dimension; the unmatched rows;
/// the rows whose slot another row filled first.
#[derive(Default)]
struct Filed<'m> {
    tables: BTreeMap<&'m str, RegionPrices>,
    unmatched: Vec<UnmatchedRow>,
    duplicates: Vec<DuplicatePrice>,
}

impl<'m> Filed<'m> {
    fn reject(
        &mut self,
        offer: &Offer,
        row: &OfferRow,
        model_key: Option<String>,
        reason: UnmatchedReason,
        summary: &mut OfferSummary,
    ) {
        summary.rows_unmatched += 1;
        *summary
            .unmatched_by_reason
            .entry(reason.code().to_owned())
            .or_default() += 1;
        self.unmatched.push(UnmatchedRow {
            offer: offer.offer_code.clone(),
            offer_version: offer.version.clone(),
            sku: row.sku.clone(),
            region: row.region.clone(),
            usagetype: row.usagetype.clone(),
            identity: row.identity.clone(),
            model_key,
            reason,
        });
    }

    /// Files the row's price in its slot, or lists it as a duplicate of the price kept there.
    fn price(
        &mut self,
        model: &'m ModelRef,
        offer: &Offer,
        row: &OfferRow,
        usage: &Usage,
        summary: &mut OfferSummary,
    ) {
        let price = Price {
            price_usd: usage.price_usd,
            unit: usage.unit.clone(),
            offer_price_usd: usage.offer_price_usd,
            offer_unit: usage.offer_unit.clone(),
            sku: row.sku.clone(),
            usagetype: row.usagetype.clone(),
            offer: offer.offer_code.clone(),
            offer_version: offer.version.clone(),
        };
        let slot = self
            .tables
            .entry(model.key.as_str())
            .or_default()
            .entry(row.region.clone())
            .or_default()
            .entry(usage.route.clone())
            .or_default();
        match slot.get(&usage.dimension) {
            None => {
                summary.rows_matched += 1;
                slot.insert(usage.dimension.clone(), price);
            }
            Some(kept) => {
                summary.rows_duplicate += 1;
                self.duplicates.push(DuplicatePrice {
                    model_key: model.key.clone(),
                    region: row.region.clone(),
                    route: usage.route.clone(),
                    dimension: usage.dimension.clone(),
                    same_price: kept.price_usd == price.price_usd && kept.unit == price.unit,
                    kept: kept.clone(),
                    dropped: price,
                })
            }
        }
    }
}

fn legacy_pricing_type(route: &str) -> &'static str {
    let tier = route.strip_prefix("mantle_").unwrap_or(route);
    if tier.starts_with("batch") {
        "batch"
    } else if tier.starts_with("provisioned") || tier.starts_with("reserved") {
        "provisioned"
    } else {
        "on_demand"
    }
}

fn is_batch_route(route: &str) -> bool {
    route
        .strip_prefix("mantle_")
        .unwrap_or(route)
        .starts_with("batch")
}

fn model_pricing(model: &ModelRef, regions: RegionPrices) -> ModelPricing {
    let priced: BTreeSet<String> = regions.keys().cloned().collect();
    let listed: BTreeSet<String> = model.regions.iter().cloned().collect();
    let routes: BTreeSet<&str> = regions
        .values()
        .flat_map(|r| r.keys().map(String::as_str))
        .collect();
    let batch_regions: Vec<String> = regions
        .iter()
        .filter(|(_, r)| r.keys().any(|k| is_batch_route(k)))
        .map(|(region, _)| region.clone())
        .collect();
    let available = !regions.is_empty();
    let region_check = RegionCheck {
        listed_by_api: listed.iter().cloned().collect(),
        priced_in_price_list: priced.iter().cloned().collect(),
        priced_not_listed: priced.difference(&listed).cloned().collect(),
        listed_not_priced: listed.difference(&priced).cloned().collect(),
        agree: priced == listed,
    };
    let pricing_types: BTreeSet<&str> = routes.iter().map(|r| legacy_pricing_type(r)).collect();
    ModelPricing {
        is_pricing_available: available,
        pricing_reference_id: available.then(|| format!("{}.{}", model.provider, model.key)),
        pricing_file_reference: available.then(|| PricingFileReference {
            provider: model.provider.clone(),
            model_key: model.key.clone(),
            model_name: model.name.clone(),
        }),
        pricing_summary: available.then(|| PricingSummary {
            total_regions: priced.len(),
            has_batch_pricing: !batch_regions.is_empty(),
            available_regions: priced.iter().cloned().collect(),
            pricing_types: pricing_types.iter().map(|s| (*s).to_owned()).collect(),
        }),
        routes: routes.iter().map(|s| (*s).to_owned()).collect(),
        batch_regions,
        regions,
        region_check,
        relabelled_routes: Vec::new(),
    }
}

/// The rows dropped for a price that is not a sane number (not a non-negative decimal, or beyond
/// any real price), as rejected source values.
pub fn rejected_values(unmatched: &[UnmatchedRow]) -> Vec<RejectedValue> {
    unmatched
        .iter()
        .filter_map(|row| {
            let UnmatchedReason::Row(problem) = &row.reason else {
                return None;
            };
            let value = match problem {
                RowProblem::BadPrice(v) => v.clone(),
                RowProblem::OutOfRange(v) => format!("{v} per 1M tokens"),
                _ => return None,
            };
            Some(RejectedValue {
                source: RejectedSource::PriceList,
                key: format!("{}/{}", row.offer, row.sku),
                field: "pricePerUnit.USD".to_string(),
                value,
                reason: problem.to_string(),
            })
        })
        .collect()
}
