//! An offer file (`index.json`) read into compact rows, each classified into a route and a dimension.

use std::borrow::Cow;
use std::collections::HashMap;

use super::row::*;
use super::usagetype::{ParsedUsagetype, classify, parse_usagetype, price_usage};
use crate::catalog::pricing::{Identity, IdentitySource, RowProblem};
use crate::records::price_list::{PriceListDocument, PriceListError};

/// Parses one offer file (per-region or whole-offer `index.json`) into classified rows.
///
/// Fails only when the document as a whole cannot be read; a product with a bad price, an unknown unit or
/// an unrecognised usagetype becomes a row whose `usage` is the [`RowProblem`].
pub fn parse_offer(bytes: &[u8]) -> Result<Offer, PriceListError> {
    let raw: RawOffer = serde_json::from_slice(bytes)
        .map_err(|e| PriceListError::new(PriceListDocument::OfferFile, e))?;
    let mut rows: Vec<OfferRow> = raw
        .products
        .iter()
        .map(|(sku, product)| build_row(sku, &product.attributes, raw.terms.on_demand.get(sku)))
        .collect();
    rows.sort_by(|a, b| a.sku.cmp(&b.sku));
    Ok(Offer {
        offer_code: raw.offer_code.into_owned(),
        version: raw.version.into_owned(),
        publication_date: raw.publication_date.into_owned(),
        rows,
    })
}

pub(super) fn build_row(
    sku: &str,
    attrs: &RawAttributes,
    terms: Option<&HashMap<Cow<str>, RawTerm>>,
) -> OfferRow {
    let usagetype = non_empty(&attrs.usagetype).unwrap_or_default();
    let parsed = parse_usagetype(usagetype);
    let identity = row_identity(attrs, &parsed);
    let region = non_empty(&attrs.region_code).unwrap_or_default();
    let usage = if region.is_empty() {
        Err(RowProblem::NoRegion)
    } else {
        single_price(terms).and_then(|dim| {
            let measure = classify(&parsed, attrs, identity.as_ref())?;
            price_usage(measure, dim)
        })
    };
    OfferRow {
        sku: sku.to_owned(),
        region: region.to_owned(),
        usagetype: usagetype.to_owned(),
        identity,
        provider: non_empty(&attrs.provider).map(str::to_owned),
        usage,
    }
}

/// Identity rule 1 (see the module doc).
pub(super) fn row_identity(attrs: &RawAttributes, parsed: &ParsedUsagetype) -> Option<Identity> {
    let identity = |source, value: &str| {
        Some(Identity {
            source,
            value: value.to_owned(),
        })
    };
    if let Some(name) = non_empty(&attrs.servicename).and_then(|s| s.strip_suffix(EDITION_SUFFIX)) {
        return identity(IdentitySource::Servicename, name.trim());
    }
    if let Some(model) = non_empty(&attrs.model) {
        return identity(IdentitySource::Model, model);
    }
    if let Some(titan) = non_empty(&attrs.titan_model) {
        return identity(IdentitySource::TitanModel, titan);
    }
    parsed
        .model_token
        .as_deref()
        .filter(|t| !t.is_empty())
        .and_then(|t| identity(IdentitySource::UsagetypeToken, t))
}

pub(super) fn single_price<'t>(
    terms: Option<&'t HashMap<Cow<str>, RawTerm<'t>>>,
) -> Result<&'t RawPriceDimension<'t>, RowProblem> {
    let mut dims = terms
        .into_iter()
        .flat_map(|t| t.values())
        .flat_map(|t| t.price_dimensions.values());
    let first = dims.next().ok_or(RowProblem::NoPrice)?;
    let extra = dims.count();
    if extra > 0 {
        return Err(RowProblem::MultiplePrices(extra + 1));
    }
    Ok(first)
}
