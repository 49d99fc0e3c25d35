//! The account's own view (`--account-access`): per region, GetFoundationModelAvailability for
//! every invocable model id the region listed, the application inference profiles and the
//! provisioned model throughputs. Every request holds a permit of the run's one limit.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use aws_config::{Region, SdkConfig};
use aws_sdk_bedrock::error::ProvideErrorMetadata;
use aws_sdk_bedrock::types::InferenceProfileType;
use tracing::debug;

use super::aws::{AnswerSizeCap, AttemptCounter, PROFILE_PAGE_SIZE, all_pages};
use super::aws_errors::classify;
use super::aws_records::{profiles_page, timestamp};
use super::limit::{FIRST, Limiter, Position};
use super::{AccountRaw, Api, Failure, Pages, Status};
use crate::progress::Tally;
use crate::records::{
    AgreementAvailability, FoundationModelsPage, InferenceProfilesPage, ModelAvailability,
    ProvisionedModelSummary, ProvisionedThroughputsPage,
};

/// Largest page ListProvisionedModelThroughputs serves.
const THROUGHPUT_PAGE_SIZE: i32 = 1000;

/// The availability calls depend on the region's ListFoundationModels: second in their chain.
const AFTER_MODEL_LIST: Position = FIRST + 1;

/// One region's Bedrock client for the account calls, counting its requests and attempts apart
/// from the catalogue's calls (ListInferenceProfiles here is the application profiles' list).
pub struct AccountClients {
    pub region: String,
    bedrock: aws_sdk_bedrock::Client,
    attempts: AttemptCounter,
}

/// The ids to ask GetFoundationModelAvailability about: every id the region listed but those it
/// offers with provisioned throughput only. Sorted and distinct. When the list failed there is
/// nothing to ask about: the account's calls are `skipped`, naming why.
pub fn availability_ids(
    region: &str,
    models: &Pages<FoundationModelsPage>,
) -> Result<Vec<String>, Failure> {
    let pages = models.as_ref().map_err(|f| {
        Failure::new(
            Status::Skipped,
            format!(
                "not asked: ListFoundationModels in {region} did not answer ({})",
                f.status.as_str()
            ),
        )
    })?;
    let mut ids: Vec<String> = pages
        .iter()
        .flat_map(|p| &p.model_summaries)
        .filter(|m| {
            let types = &m.inference_types_supported;
            types.is_empty() || types.iter().any(|t| t != "PROVISIONED")
        })
        .map(|m| m.model_id.clone())
        .collect();
    ids.sort();
    ids.dedup();
    Ok(ids)
}

impl AccountClients {
    pub fn new(config: &SdkConfig, region: &str, cap: AnswerSizeCap) -> Self {
        let attempts = AttemptCounter::new(Api::account_from_operation);
        AccountClients {
            region: region.to_string(),
            bedrock: aws_sdk_bedrock::Client::from_conf(
                aws_sdk_bedrock::config::Builder::from(config)
                    .region(Region::new(region.to_string()))
                    .interceptor(attempts.clone())
                    .interceptor(cap)
                    .retry_classifier(cap)
                    .retry_classifier(super::aws_errors::NoRetryOnDns)
                    .build(),
            ),
            attempts,
        }
    }

    /// The region's three account calls, once `model_ids` resolves (the region's
    /// ListFoundationModels has answered). A region whose model list did not answer (not opted
    /// in, say) gets none: all three are `skipped`.
    pub async fn collect(
        &self,
        limit: &Limiter,
        tally: &Tally,
        model_ids: impl Future<Output = Result<Vec<String>, Failure>>,
    ) -> AccountRaw {
        let ids = match model_ids.await {
            Ok(ids) => ids,
            Err(f) => {
                for api in Api::ACCOUNT {
                    tally.end(&self.region, api.name(), 0);
                }
                return AccountRaw {
                    availability: Err(f.clone()),
                    application_profiles: Err(f.clone()),
                    provisioned_throughputs: Err(f),
                    attempts: self.attempts.snapshot(),
                };
            }
        };
        let (availability, application_profiles, provisioned_throughputs) = tokio::join!(
            self.availability(&ids, limit, tally),
            self.application_profiles(limit, tally),
            self.provisioned_throughputs(limit, tally),
        );
        AccountRaw {
            availability,
            application_profiles,
            provisioned_throughputs,
            attempts: self.attempts.snapshot(),
        }
    }

    /// One GetFoundationModelAvailability per id, all queued at once under the limit. A model
    /// the API does not know in this region is recorded as such; any other failure fails the
    /// region's availability (the requests not yet sent are not sent).
    async fn availability(
        &self,
        ids: &[String],
        limit: &Limiter,
        tally: &Tally,
    ) -> Pages<ModelAvailability> {
        let api = Api::GetFoundationModelAvailability;
        let region = self.region.as_str();
        let stop = AtomicBool::new(false);
        let done = AtomicU32::new(0);
        let total = ids.len() as u32;
        let calls = ids.iter().map(|id| {
            let (stop, done) = (&stop, &done);
            async move {
                let request = async {
                    if stop.load(Ordering::SeqCst) {
                        return None;
                    }
                    debug!(region, model = %id, "{}", api.operation());
                    Some(
                        self.bedrock
                            .get_foundation_model_availability()
                            .model_id(id)
                            .send()
                            .await,
                    )
                };
                // A permit while in flight, given back while the SDK backs off a retry.
                let out = limit
                    .in_flight(region, api, AFTER_MODEL_LIST, request)
                    .await?;
                let k = done.fetch_add(1, Ordering::SeqCst) + 1;
                tally.request(region, api.name(), k, k < total);
                Some(match out {
                    Ok(o) => Ok(ModelAvailability {
                        model_id: id.clone(),
                        // The SDK fills a required member the answer left out with an empty
                        // status: that is no answer, not an unknown one.
                        agreement_availability: o
                            .agreement_availability()
                            .filter(|a| !a.status().as_str().is_empty())
                            .map(|a| AgreementAvailability {
                                status: a.status().as_str().to_string(),
                                error_message: a.error_message().map(str::to_string),
                            }),
                        authorization_status: Some(o.authorization_status().as_str().to_string()),
                        entitlement_availability: Some(
                            o.entitlement_availability().as_str().to_string(),
                        ),
                        region_availability: Some(o.region_availability().as_str().to_string()),
                        not_found: None,
                    }),
                    Err(e) if e.code() == Some("ResourceNotFoundException") => {
                        Ok(ModelAvailability {
                            model_id: id.clone(),
                            not_found: Some(
                                e.message()
                                    .unwrap_or("ResourceNotFoundException")
                                    .to_string(),
                            ),
                            ..Default::default()
                        })
                    }
                    Err(e) => {
                        stop.store(true, Ordering::SeqCst);
                        Err(classify(e, region, api).failure)
                    }
                })
            }
        });
        let answers = futures::future::join_all(calls).await;
        tally.end(region, api.name(), done.load(Ordering::SeqCst));
        answers.into_iter().flatten().collect()
    }

    async fn application_profiles(
        &self,
        limit: &Limiter,
        tally: &Tally,
    ) -> Pages<InferenceProfilesPage> {
        let stream = self
            .bedrock
            .list_inference_profiles()
            .type_equals(InferenceProfileType::Application)
            .max_results(PROFILE_PAGE_SIZE)
            .into_paginator()
            .send();
        all_pages(
            stream,
            &self.region,
            Api::ListApplicationInferenceProfiles,
            limit,
            &self.attempts,
            tally,
            |out| profiles_page(&out),
        )
        .await
    }

    async fn provisioned_throughputs(
        &self,
        limit: &Limiter,
        tally: &Tally,
    ) -> Pages<ProvisionedThroughputsPage> {
        let stream = self
            .bedrock
            .list_provisioned_model_throughputs()
            .max_results(THROUGHPUT_PAGE_SIZE)
            .into_paginator()
            .send();
        all_pages(
            stream,
            &self.region,
            Api::ListProvisionedModelThroughputs,
            limit,
            &self.attempts,
            tally,
            |out| ProvisionedThroughputsPage {
                provisioned_model_summaries: out
                    .provisioned_model_summaries()
                    .iter()
                    .map(throughput_record)
                    .collect(),
                next_token: out.next_token().map(str::to_string),
            },
        )
        .await
    }
}

fn throughput_record(
    p: &aws_sdk_bedrock::types::ProvisionedModelSummary,
) -> ProvisionedModelSummary {
    ProvisionedModelSummary {
        provisioned_model_name: p.provisioned_model_name().to_string(),
        provisioned_model_arn: p.provisioned_model_arn().to_string(),
        model_arn: p.model_arn().to_string(),
        desired_model_arn: p.desired_model_arn().to_string(),
        foundation_model_arn: p.foundation_model_arn().to_string(),
        model_units: p.model_units(),
        desired_model_units: p.desired_model_units(),
        status: p.status().as_str().to_string(),
        commitment_duration: p.commitment_duration().map(|c| c.as_str().to_string()),
        commitment_expiration_time: timestamp(p.commitment_expiration_time()),
        creation_time: timestamp(Some(p.creation_time())),
        last_modified_time: timestamp(Some(p.last_modified_time())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::FoundationModelSummary;

    fn listed(id: &str, types: &[&str]) -> FoundationModelSummary {
        FoundationModelSummary {
            model_id: id.into(),
            inference_types_supported: types.iter().map(|t| t.to_string()).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn availability_is_asked_for_every_listed_id_but_provisioned_only_variants() {
        let pages = Ok(vec![FoundationModelsPage {
            model_summaries: vec![
                listed("b.model-v1:0", &["ON_DEMAND"]),
                listed("a.model-v1:0", &["INFERENCE_PROFILE"]),
                listed("a.model-v1:0:200k", &["PROVISIONED"]),
                listed("c.model-v1:0", &[]),
                listed("b.model-v1:0", &["ON_DEMAND"]),
            ],
        }]);
        assert_eq!(
            availability_ids("us-east-1", &pages).unwrap(),
            ["a.model-v1:0", "b.model-v1:0", "c.model-v1:0"]
        );
        let failed = Err(Failure::new(Status::Timeout, "slow"));
        let skipped = availability_ids("eu-west-3", &failed).unwrap_err();
        assert_eq!(skipped.status, Status::Skipped);
        assert_eq!(
            skipped.message,
            "not asked: ListFoundationModels in eu-west-3 did not answer (timeout)"
        );
    }
}
