//! Each model's text up to its quotas, made from the joined models while a network run waits for
//! its last quota pages (the region with the longest chain ends the run), so that after the last
//! page only the rest of each model is serialized. Everything before a model's
//! `model_service_quotas` (its prices and inference profiles: three quarters of the catalogue's
//! text) is final once the models are joined; the quotas, the account's view and the collection
//! metadata that follow are not.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;

use serde::Serialize;

use super::{MODEL_TEXT_CAPACITY, serialize_at};
use crate::catalog::account::{AccountAccess, ApplicationProfile, ProvisionedThroughput};
use crate::catalog::mantle::MantleRoute;
use crate::catalog::quotas::AssignedQuota;
use crate::catalog::routes::{Features, LifecycleTimeline};
use crate::catalog::token_specs::{ConverseData, TokenSpec};
use crate::catalog::{
    BatchSupport, CollectionMetadata, Listed, Model, Provider, RegionAvailability, Variant, listed,
};

/// How deep a model sits in the catalogue: root > providers > provider > models.
pub(super) const MODEL_DEPTH: usize = 4;

/// The key that opens a model's quotas, as the catalogue's text has it: a model's own fields are
/// the only lines five levels in (ten spaces) inside its text, and no string holds a raw newline.
const QUOTAS_KEY: &[u8] = b"\n          \"model_service_quotas\": ";

/// The heads of the models, by provider and model key.
#[derive(Default)]
pub struct ModelHeads {
    heads: HashMap<(String, String), Vec<u8>>,
}

/// One model's text: its head, if made beforehand, then the rest serialized now.
pub(super) struct ModelText<'h> {
    head: &'h [u8],
    rest: Vec<u8>,
    /// Bytes of `rest` left out: the `{` that opens the rest when it continues a head.
    skip: usize,
}

impl ModelText<'_> {
    pub(super) fn write_to<W: Write>(&self, w: &mut W) -> std::io::Result<()> {
        w.write_all(self.head)?;
        w.write_all(&self.rest[self.skip..])
    }
}

impl ModelHeads {
    /// Every model's text cut before its quotas, serialized on up to `threads` threads.
    pub fn of(providers: &BTreeMap<String, Provider>, threads: usize) -> ModelHeads {
        let models: Vec<Listed> = listed(providers).collect();
        let texts = super::in_parallel(&models, threads, |Listed { model, .. }| {
            let mut text = Vec::with_capacity(MODEL_TEXT_CAPACITY);
            serialize_at(&mut text, model, MODEL_DEPTH)?;
            Ok(text)
        });
        // Serializing into memory cannot fail; without heads each model is written whole.
        let Ok(texts) = texts else {
            return ModelHeads::default();
        };
        let heads = (models.iter().zip(texts))
            .filter_map(|(listed, mut text)| {
                let at = text
                    .windows(QUOTAS_KEY.len())
                    .rposition(|w| w == QUOTAS_KEY)?;
                text.truncate(at);
                Some(((listed.provider.to_string(), listed.key.to_string()), text))
            })
            .collect();
        ModelHeads { heads }
    }

    /// How many models have a head.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.heads.len()
    }

    /// A model's text: its head and the rest from its quotas on, or the whole model serialized.
    pub(super) fn text<'h>(&'h self, listed: &Listed) -> std::io::Result<ModelText<'h>> {
        let Listed {
            provider,
            key,
            model,
        } = *listed;
        let mut rest = Vec::with_capacity(MODEL_TEXT_CAPACITY);
        let head = (self.heads)
            .get(&(provider.to_string(), key.to_string()))
            .map(Vec::as_slice);
        match head {
            Some(_) => serialize_at(&mut rest, &ModelTail::of(model), MODEL_DEPTH)?,
            None => serialize_at(&mut rest, model, MODEL_DEPTH)?,
        }
        Ok(ModelText {
            head: head.unwrap_or_default(),
            rest,
            skip: usize::from(head.is_some()),
        })
    }
}

/// A model's fields from its quotas on, borrowed, serialized as [`Model`] serializes them (its
/// text starts `{` and the quotas' key: [`ModelHeads::text`] leaves out the `{`).
#[derive(Serialize)]
struct ModelTail<'a> {
    model_service_quotas: &'a BTreeMap<String, Vec<AssignedQuota>>,
    collection_metadata: &'a CollectionMetadata,
    regional_availability_source: &'a str,
    total_regions_available: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    batch_inference_supported: Option<&'a BatchSupport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    converse_data: Option<&'a ConverseData>,
    has_pricing: bool,
    has_quotas: bool,
    total_quotas_assigned: usize,
    invocable_model_id: &'a str,
    model_variants: &'a BTreeMap<String, Variant>,
    regional_availability: &'a BTreeMap<String, RegionAvailability>,
    #[serde(skip_serializing_if = "Option::is_none")]
    token_specs: Option<&'a TokenSpec>,
    #[serde(skip_serializing_if = "Option::is_none")]
    features: Option<&'a Features>,
    lifecycle_timeline: &'a LifecycleTimeline,
    #[serde(skip_serializing_if = "Option::is_none")]
    mantle: Option<&'a MantleRoute>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    account_access: &'a BTreeMap<String, AccountAccess>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    application_inference_profiles: &'a [ApplicationProfile],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    provisioned_throughputs: &'a [ProvisionedThroughput],
}

impl<'a> ModelTail<'a> {
    fn of(model: &'a Model) -> ModelTail<'a> {
        // Every field named, so that one added to `Model` cannot compile until it is placed in the
        // head (before the quotas) or here.
        let Model {
            model_id: _,
            model_arn: _,
            model_name: _,
            model_provider: _,
            model_modalities: _,
            streaming_supported: _,
            customization: _,
            inference_types_supported: _,
            model_lifecycle: _,
            regions_available: _,
            model_capabilities: _,
            model_use_cases: _,
            languages_supported: _,
            consumption_options: _,
            cross_region_inference: _,
            documentation_links: _,
            model_pricing: _,
            model_service_quotas,
            collection_metadata,
            regional_availability_source,
            total_regions_available,
            batch_inference_supported,
            converse_data,
            has_pricing,
            has_quotas,
            total_quotas_assigned,
            invocable_model_id,
            model_variants,
            regional_availability,
            token_specs,
            features,
            lifecycle_timeline,
            mantle,
            account_access,
            application_inference_profiles,
            provisioned_throughputs,
        } = model;
        ModelTail {
            model_service_quotas,
            collection_metadata,
            regional_availability_source,
            total_regions_available: *total_regions_available,
            batch_inference_supported: batch_inference_supported.as_ref(),
            converse_data: converse_data.as_ref(),
            has_pricing: *has_pricing,
            has_quotas: *has_quotas,
            total_quotas_assigned: *total_quotas_assigned,
            invocable_model_id,
            model_variants,
            regional_availability,
            token_specs: token_specs.as_ref(),
            features: features.as_ref(),
            lifecycle_timeline,
            mantle: mantle.as_ref(),
            account_access,
            application_inference_profiles,
            provisioned_throughputs,
        }
    }
}
