//! The AWS source: one `SdkConfig`, per-region Bedrock and Service Quotas clients, and the four
//! list calls per region, every page bounded by the run's one limit (sources::limit).
//!
//! Retries with backoff, pagination, signing, credentials and endpoint resolution (including
//! `AWS_ENDPOINT_URL` and the per-service endpoint variables) are the SDK's; this module sets
//! explicit retry and timeout policies, turns SDK types into raw records, and classifies failures.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_bedrock::error::SdkError;
use aws_sdk_bedrock::error::{DisplayErrorContext, ProvideErrorMetadata};
use aws_sdk_bedrock::primitives::{DateTime, DateTimeFormat};
use aws_sdk_bedrock::types::InferenceProfileType;
use aws_smithy_async::future::pagination_stream::PaginationStream;
use tracing::{debug, info, warn};

use super::limit::{FIRST, Limiter, Position};
use super::status::{Failure, Status, status_for_code};
use super::{Api, Attempts, AwsRaw, Pages};
use crate::progress::Tally;
use crate::records::{
    FoundationModelSummary, FoundationModelsPage, InferenceProfileModel, InferenceProfileSummary,
    InferenceProfilesPage, ModelLifecycle, Paged, QuotasPage, ServiceQuota,
};

/// Service code of Amazon Bedrock in Service Quotas.
const QUOTA_SERVICE_CODE: &str = "bedrock";
/// Largest page Service Quotas serves.
const QUOTA_PAGE_SIZE: i32 = 100;
/// Largest page ListInferenceProfiles serves (`maxResults` is 1..=1000). Without it AWS answers a
/// small, undocumented default page, and a region's profiles take several requests instead of one.
pub(super) const PROFILE_PAGE_SIZE: i32 = 1000;

/// Retry mode of the SDK. Standard is the default: adaptive mode's client-side rate limiter sleeps
/// tens of seconds on a fresh client after a couple of throttles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryMode {
    Standard,
    Adaptive,
}

/// How the SDK clients are set up.
#[derive(Debug, Clone, PartialEq)]
pub struct AwsOptions {
    /// Named profile; `None` uses the SDK's default chain (env, SSO, web identity, IMDS, ...).
    pub profile: Option<String>,
    /// Region for account-level calls and for the default client.
    pub home_region: String,
    pub retry_mode: RetryMode,
    pub max_attempts: u32,
    pub initial_backoff: Duration,
    pub max_backoff: Duration,
    pub connect_timeout: Duration,
    /// Bound on one HTTP attempt.
    pub attempt_timeout: Duration,
    /// Bound on one call including all its retries.
    pub operation_timeout: Duration,
}

/// Loads the shared SDK configuration: credentials chain, retry and timeout policies.
pub async fn load_sdk_config(opts: &AwsOptions) -> SdkConfig {
    let retry = match opts.retry_mode {
        RetryMode::Standard => RetryConfig::standard(),
        RetryMode::Adaptive => RetryConfig::adaptive(),
    }
    .with_max_attempts(opts.max_attempts)
    .with_initial_backoff(opts.initial_backoff)
    .with_max_backoff(opts.max_backoff);
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(opts.connect_timeout)
        .operation_attempt_timeout(opts.attempt_timeout)
        .operation_timeout(opts.operation_timeout)
        .build();
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new(opts.home_region.clone()))
        .retry_config(retry)
        .timeout_config(timeouts);
    if let Some(profile) = &opts.profile {
        loader = loader.profile_name(profile);
    }
    loader.load().await
}

/// Counts requests (operations, one per page) and HTTP attempts (retries included) per API for one
/// region's clients.
#[derive(Debug, Clone)]
pub(super) struct AttemptCounter {
    counts: Arc<Mutex<BTreeMap<Api, Attempts>>>,
    /// The API an operation name stands for with these clients.
    api_of: fn(&str) -> Option<Api>,
}

impl Default for AttemptCounter {
    fn default() -> Self {
        AttemptCounter::new(Api::from_operation)
    }
}

impl AttemptCounter {
    pub(super) fn new(api_of: fn(&str) -> Option<Api>) -> Self {
        AttemptCounter {
            counts: Arc::default(),
            api_of,
        }
    }

    /// Requests and attempts counted so far, per API.
    pub(super) fn snapshot(&self) -> BTreeMap<Api, Attempts> {
        self.counts.lock().expect("counter lock").clone()
    }

    fn count(&self, cfg: &aws_sdk_bedrock::config::ConfigBag, f: impl FnOnce(&mut Attempts)) {
        let op = cfg.load::<aws_smithy_runtime_api::client::orchestrator::Metadata>();
        if let Some(api) = op.and_then(|m| (self.api_of)(m.name())) {
            f(self
                .counts
                .lock()
                .expect("counter lock")
                .entry(api)
                .or_default());
        }
    }
}

impl aws_sdk_bedrock::config::Intercept for AttemptCounter {
    fn name(&self) -> &'static str {
        "AttemptCounter"
    }

    fn read_before_transmit(
        &self,
        _context: &aws_sdk_bedrock::config::interceptors::BeforeTransmitInterceptorContextRef<'_>,
        _components: &aws_sdk_bedrock::config::RuntimeComponents,
        cfg: &mut aws_sdk_bedrock::config::ConfigBag,
    ) -> Result<(), aws_sdk_bedrock::error::BoxError> {
        // The orchestrator numbers attempts from 1; the first attempt of an operation is a request.
        let first = cfg
            .load::<aws_smithy_runtime_api::client::retries::RequestAttempts>()
            .is_none_or(|n| n.attempts() <= 1);
        self.count(cfg, |a| {
            a.attempts += 1;
            a.requests += usize::from(first);
        });
        Ok(())
    }
}

/// One region's Bedrock and Service Quotas clients, counting their requests and attempts. Every
/// request (each page) holds a permit of the run's [`Limiter`] while it is in flight, so
/// `--threads` bounds the whole run's concurrency.
pub struct RegionClients {
    pub region: String,
    bedrock: aws_sdk_bedrock::Client,
    quotas: aws_sdk_servicequotas::Client,
    attempts: AttemptCounter,
}

impl RegionClients {
    pub fn new(config: &SdkConfig, region: &str) -> Self {
        let attempts = AttemptCounter::default();
        RegionClients {
            region: region.to_string(),
            bedrock: aws_sdk_bedrock::Client::from_conf(
                aws_sdk_bedrock::config::Builder::from(config)
                    .region(Region::new(region.to_string()))
                    .interceptor(attempts.clone())
                    .build(),
            ),
            quotas: aws_sdk_servicequotas::Client::from_conf(
                aws_sdk_servicequotas::config::Builder::from(config)
                    .region(Region::new(region.to_string()))
                    .interceptor(attempts.clone())
                    .build(),
            ),
            attempts,
        }
    }

    /// ListFoundationModels and every page of ListInferenceProfiles: what discovery needs.
    pub async fn model_lists(
        &self,
        limit: &Limiter,
        tally: &Tally,
    ) -> (Pages<FoundationModelsPage>, Pages<InferenceProfilesPage>) {
        self.model_lists_then(limit, tally, |_| {}).await
    }

    /// As [`RegionClients::model_lists`], handing the model list to `on_models` as soon as it
    /// has answered (the region's account calls wait for it), while the profile pages go on.
    pub async fn model_lists_then(
        &self,
        limit: &Limiter,
        tally: &Tally,
        on_models: impl FnOnce(&Pages<FoundationModelsPage>),
    ) -> (Pages<FoundationModelsPage>, Pages<InferenceProfilesPage>) {
        tokio::join!(
            async {
                let models =
                    list_foundation_models(&self.bedrock, &self.region, limit, tally).await;
                on_models(&models);
                models
            },
            list_inference_profiles(&self.bedrock, &self.region, limit, tally),
        )
    }

    /// Every page of ListServiceQuotas and of ListAWSDefaultServiceQuotas.
    pub async fn quota_lists(
        &self,
        limit: &Limiter,
        tally: &Tally,
    ) -> (Pages<QuotasPage>, Pages<QuotasPage>) {
        tokio::join!(
            list_service_quotas(&self.quotas, &self.region, limit, tally),
            list_default_quotas(&self.quotas, &self.region, limit, tally),
        )
    }

    /// Requests and attempts made so far, per API.
    pub fn attempts(&self) -> BTreeMap<Api, Attempts> {
        self.attempts.snapshot()
    }
}

/// Logs every region/API that failed, one warning each. Regions not opted in are not failures:
/// one info line names them all (each API's answer at debug), so `-q` stays silent.
pub fn report_failures(raw: &AwsRaw) {
    let mut not_opted_in = Vec::new();
    for (region, r) in &raw.regions {
        for api in Api::ALL {
            if let (Err(f), _) = r.outcome(api) {
                if f.status == Status::NotOptedIn {
                    debug!(region = %region, api = api.operation(), status = f.status.as_str(), "{}", f.message);
                    if not_opted_in.last() != Some(region) {
                        not_opted_in.push(region.clone());
                    }
                } else {
                    warn!(region = %region, api = api.operation(), status = f.status.as_str(), "{}", f.message);
                }
            }
        }
    }
    // The account's calls (`--account-access`); `skipped` where the model list did not answer.
    for (region, a) in &raw.account {
        for api in Api::ACCOUNT {
            if let (Err(f), _) = a.outcome(api)
                && f.status.is_failure()
            {
                warn!(region = %region, api = api.operation(), status = f.status.as_str(), "{}", f.message);
            }
        }
    }
    if !not_opted_in.is_empty() {
        info!(
            "{} region(s) not opted in for this account, skipped: {}",
            not_opted_in.len(),
            not_opted_in.join(", ")
        );
    }
}

async fn list_foundation_models(
    client: &aws_sdk_bedrock::Client,
    region: &str,
    limit: &Limiter,
    tally: &Tally,
) -> Pages<FoundationModelsPage> {
    let permit = limit
        .acquire_page(region, Api::ListFoundationModels, FIRST)
        .await;
    debug!(region, "ListFoundationModels");
    let out = client.list_foundation_models().send().await;
    drop(permit);
    // Not paginated: its one request ends the chain, answered or not.
    tally.request(region, Api::ListFoundationModels.name(), FIRST, false);
    let out = out.map_err(|e| classify(e, region, Api::ListFoundationModels))?;
    Ok(vec![FoundationModelsPage {
        model_summaries: out.model_summaries().iter().map(model_record).collect(),
    }])
}

/// Reads every page of a paginated call. Each page holds one permit of the run's limit while
/// it is requested; `record` turns the SDK's output into the raw page. The loop ends on a page
/// without a next token rather than asking the paginator once more: that last ask sends no
/// request, but waiting in line for its permit would hold up the end of the chain.
pub(super) async fn drain_pages<O, E, P: Paged>(
    mut stream: PaginationStream<Result<O, SdkError<E>>>,
    region: &str,
    api: Api,
    limit: &Limiter,
    tally: &Tally,
    record: impl Fn(O) -> P,
) -> Pages<P>
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let mut pages = Vec::new();
    loop {
        let position = FIRST + pages.len() as Position;
        let permit = limit.acquire_page(region, api, position).await;
        debug!(region, page = position, "{}", api.operation());
        let Some(page) = stream.next().await else {
            tally.end(region, api.name(), position - 1);
            break;
        };
        // The request is done: the next one may start while this page is turned into records.
        drop(permit);
        let out = match page {
            Ok(out) => out,
            Err(e) => {
                tally.request(region, api.name(), position, false);
                return Err(classify(e, region, api));
            }
        };
        let page = record(out);
        let last = page.next_token().is_none_or(str::is_empty);
        tally.request(region, api.name(), position, !last);
        pages.push(page);
        if last {
            break;
        }
    }
    Ok(pages)
}

async fn list_inference_profiles(
    client: &aws_sdk_bedrock::Client,
    region: &str,
    limit: &Limiter,
    tally: &Tally,
) -> Pages<InferenceProfilesPage> {
    let stream = client
        .list_inference_profiles()
        .type_equals(InferenceProfileType::SystemDefined)
        .max_results(PROFILE_PAGE_SIZE)
        .into_paginator()
        .send();
    drain_pages(
        stream,
        region,
        Api::ListInferenceProfiles,
        limit,
        tally,
        |out| InferenceProfilesPage {
            inference_profile_summaries: out
                .inference_profile_summaries()
                .iter()
                .map(profile_record)
                .collect(),
            next_token: out.next_token().map(str::to_string),
        },
    )
    .await
}

async fn list_service_quotas(
    client: &aws_sdk_servicequotas::Client,
    region: &str,
    limit: &Limiter,
    tally: &Tally,
) -> Pages<QuotasPage> {
    let stream = client
        .list_service_quotas()
        .service_code(QUOTA_SERVICE_CODE)
        .max_results(QUOTA_PAGE_SIZE)
        .into_paginator()
        .send();
    drain_pages(
        stream,
        region,
        Api::ListServiceQuotas,
        limit,
        tally,
        |out| quotas_page(out.quotas(), out.next_token()),
    )
    .await
}

async fn list_default_quotas(
    client: &aws_sdk_servicequotas::Client,
    region: &str,
    limit: &Limiter,
    tally: &Tally,
) -> Pages<QuotasPage> {
    let stream = client
        .list_aws_default_service_quotas()
        .service_code(QUOTA_SERVICE_CODE)
        .max_results(QUOTA_PAGE_SIZE)
        .into_paginator()
        .send();
    drain_pages(
        stream,
        region,
        Api::ListAwsDefaultServiceQuotas,
        limit,
        tally,
        |out| quotas_page(out.quotas(), out.next_token()),
    )
    .await
}

/// Turns an SDK error into the status the catalogue reports, with a one-line message that names
/// the region and the operation.
pub(super) fn classify<E>(err: SdkError<E>, region: &str, api: Api) -> Failure
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let context = format!("{} in {region}", api.operation());
    match &err {
        SdkError::TimeoutError(_) => Failure::new(
            Status::Timeout,
            format!("{context} timed out (operation or attempt timeout)"),
        ),
        SdkError::DispatchFailure(d) if d.is_timeout() => Failure::new(
            Status::Timeout,
            format!(
                "{context} timed out: {}",
                one_line(&DisplayErrorContext(&err).to_string())
            ),
        ),
        SdkError::DispatchFailure(_) => Failure::new(
            Status::Error,
            format!(
                "{context} could not reach the endpoint: {}",
                one_line(&DisplayErrorContext(&err).to_string())
            ),
        ),
        SdkError::ResponseError(_) => Failure::new(
            Status::Error,
            format!(
                "{context} returned a response that could not be read: {}",
                one_line(&DisplayErrorContext(&err).to_string())
            ),
        ),
        _ => {
            let code = err.code().unwrap_or("");
            let message = err.message().unwrap_or("");
            let status = if code.is_empty() {
                Status::Error
            } else {
                status_for_code(code)
            };
            let said = if code.is_empty() && message.is_empty() {
                one_line(&DisplayErrorContext(&err).to_string())
            } else {
                format!("{code}: {message}")
            };
            let failure = Failure::new(status, format!("{context} failed: {said}"));
            match (status, code) {
                (Status::AccessDenied, _) => failure.with_hint(format!(
                    "grant the IAM action {} to the caller",
                    api.iam_action()
                )),
                (Status::NotOptedIn, _) => failure.with_hint(
                    "the account has not enabled this region; enable it in the AWS console or drop it from `regions`",
                ),
                (_, "ExpiredTokenException" | "ExpiredToken") => failure.with_hint(
                    "the credentials expired during the run; refresh them (e.g. `aws sso login`) and run again",
                ),
                _ => failure,
            }
        }
    }
}

/// Collapses an error chain to one line, for logs and metadata.
pub(super) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(super) fn timestamp(t: Option<&DateTime>) -> Option<String> {
    t.and_then(|t| t.fmt(DateTimeFormat::DateTime).ok())
}

fn model_record(m: &aws_sdk_bedrock::types::FoundationModelSummary) -> FoundationModelSummary {
    let strings = |v: &[_]| -> Vec<String> {
        v.iter()
            .map(|x: &aws_sdk_bedrock::types::ModelModality| x.as_str().to_string())
            .collect()
    };
    FoundationModelSummary {
        model_arn: m.model_arn().to_string(),
        model_id: m.model_id().to_string(),
        model_name: m.model_name().map(str::to_string),
        provider_name: m.provider_name().map(str::to_string),
        input_modalities: strings(m.input_modalities()),
        output_modalities: strings(m.output_modalities()),
        response_streaming_supported: m.response_streaming_supported(),
        customizations_supported: m
            .customizations_supported()
            .iter()
            .map(|c| c.as_str().to_string())
            .collect(),
        inference_types_supported: m
            .inference_types_supported()
            .iter()
            .map(|t| t.as_str().to_string())
            .collect(),
        model_lifecycle: m.model_lifecycle().map(|l| ModelLifecycle {
            status: l.status().as_str().to_string(),
            start_of_life_time: timestamp(l.start_of_life_time()),
            legacy_time: timestamp(l.legacy_time()),
            public_extended_access_time: timestamp(l.public_extended_access_time()),
            end_of_life_time: timestamp(l.end_of_life_time()),
        }),
    }
}

pub(super) fn profile_record(
    p: &aws_sdk_bedrock::types::InferenceProfileSummary,
) -> InferenceProfileSummary {
    InferenceProfileSummary {
        inference_profile_name: p.inference_profile_name().to_string(),
        inference_profile_arn: p.inference_profile_arn().to_string(),
        inference_profile_id: p.inference_profile_id().to_string(),
        description: p.description().map(str::to_string),
        created_at: timestamp(p.created_at()),
        updated_at: timestamp(p.updated_at()),
        models: p
            .models()
            .iter()
            .filter_map(|m| m.model_arn())
            .map(|arn| InferenceProfileModel {
                model_arn: arn.to_string(),
            })
            .collect(),
        status: p.status().as_str().to_string(),
        profile_type: p.r#type().as_str().to_string(),
    }
}

/// One page of either quota API (their outputs are different types with the same members).
fn quotas_page(
    quotas: &[aws_sdk_servicequotas::types::ServiceQuota],
    next_token: Option<&str>,
) -> QuotasPage {
    QuotasPage {
        quotas: quotas.iter().map(quota_record).collect(),
        next_token: next_token.map(str::to_string),
    }
}

fn quota_record(q: &aws_sdk_servicequotas::types::ServiceQuota) -> ServiceQuota {
    use serde_json::{Map, Value, json};
    let usage_metric = q.usage_metric().map(|m| {
        let mut o = Map::new();
        if let Some(v) = m.metric_namespace() {
            o.insert("MetricNamespace".into(), json!(v));
        }
        if let Some(v) = m.metric_name() {
            o.insert("MetricName".into(), json!(v));
        }
        if let Some(dims) = m.metric_dimensions() {
            let sorted: std::collections::BTreeMap<_, _> = dims.iter().collect();
            o.insert("MetricDimensions".into(), json!(sorted));
        }
        if let Some(v) = m.metric_statistic_recommendation() {
            o.insert("MetricStatisticRecommendation".into(), json!(v));
        }
        Value::Object(o)
    });
    let period = q.period().map(|p| {
        let mut o = Map::new();
        if let Some(v) = p.period_value() {
            o.insert("PeriodValue".into(), json!(v));
        }
        if let Some(u) = p.period_unit() {
            o.insert("PeriodUnit".into(), json!(u.as_str()));
        }
        Value::Object(o)
    });
    ServiceQuota {
        service_code: q.service_code().map(str::to_string),
        service_name: q.service_name().map(str::to_string),
        quota_arn: q.quota_arn().map(str::to_string),
        quota_code: q.quota_code().unwrap_or_default().to_string(),
        quota_name: q.quota_name().unwrap_or_default().to_string(),
        value: q.value(),
        unit: q.unit().map(str::to_string),
        adjustable: q.adjustable(),
        global_quota: q.global_quota(),
        usage_metric,
        period,
        quota_applied_at_level: q.quota_applied_at_level().map(|l| l.as_str().to_string()),
        description: q.description().map(str::to_string),
    }
}
