//! The AWS source: one `SdkConfig`, per-region Bedrock and Service Quotas clients, and the four
//! list calls per region, every page bounded by the run's one limit (sources::limit), each chain
//! resumed in later passes when it stops on a retryable cause.
//!
//! Retries with backoff, pagination, signing, credentials and endpoint resolution (including
//! `AWS_ENDPOINT_URL` and the per-service endpoint variables) are the SDK's; this module sets
//! explicit retry and timeout policies, turns SDK types into raw records, and classifies failures.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::aws_records::{model_record, profiles_page, quotas_page};
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_bedrock::error::ProvideErrorMetadata;
use aws_sdk_bedrock::error::SdkError;
use aws_sdk_bedrock::types::InferenceProfileType;
use aws_smithy_async::future::pagination_stream::PaginationStream;
use tracing::{debug, info, warn};

use super::aws_errors::{MAX_PAGES, PageFault, Stopped, classify, pagination_failure};
pub use super::aws_http::AnswerSizeCap;
use super::limit::{BackoffSleep, FIRST, Limiter, Position};
use super::status::{Failure, Status};
use super::{Api, Attempts, AwsRaw, Pages};
use crate::progress::Tally;
use crate::records::{FoundationModelsPage, InferenceProfilesPage, Paged, QuotasPage};

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
    /// Second passes over chains that failed on a retryable cause.
    pub passes: PassPolicy,
    /// The largest answer one call may have (`limits.max_aws_answer_bytes`; see [`AnswerSizeCap`]).
    pub max_answer_bytes: u64,
}

/// When a (region, API) chain that ended on a retryable cause (throttling, a timeout, a 5xx, a
/// dropped connection) is resumed from its last good page. The SDK still retries each request;
/// this is the chain's next pass, after a cool-down in which it holds no permit, so the rest of
/// the run goes on meanwhile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PassPolicy {
    /// Passes per chain, the first included (1: no second pass).
    pub max_passes: u32,
    /// Wait before the second pass; doubled before each later one.
    pub cooldown: Duration,
    /// No pass starts later than this after the fetch began.
    pub deadline: Duration,
}

/// A [`PassPolicy`] fixed in time: the instant after which no pass starts.
#[derive(Debug, Clone, Copy)]
pub struct Passes {
    policy: PassPolicy,
    deadline: tokio::time::Instant,
}

impl Passes {
    /// The policy, counted from now (the start of the fetch).
    pub fn starting_now(policy: PassPolicy) -> Passes {
        Passes {
            policy,
            deadline: tokio::time::Instant::now() + policy.deadline,
        }
    }

    /// The cool-down before pass `done + 1`, if a chain that failed `done` times (retryably) may
    /// have another pass.
    fn cooldown_after(&self, done: u32) -> Option<Duration> {
        let wait = self.policy.cooldown * 2u32.saturating_pow(done.saturating_sub(1));
        (done < self.policy.max_passes && tokio::time::Instant::now() + wait < self.deadline)
            .then_some(wait)
    }
}

/// Loads the shared SDK configuration: credentials chain, retry and timeout policies, and the one
/// HTTP client.
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
        // One HTTP client for every SDK client of the run (see `aws_http`).
        .http_client(super::aws_http::shared_client())
        .region(Region::new(opts.home_region.clone()))
        .retry_config(retry)
        .timeout_config(timeouts);
    if let Some(profile) = &opts.profile {
        // The named profile's own provider, not the default chain: that chain reads the
        // environment's keys first, and a user who names a profile means that account.
        let provider_config = aws_config::provider_config::ProviderConfig::without_region()
            .with_region(Some(Region::new(opts.home_region.clone())))
            .with_http_client(super::aws_http::shared_client());
        let credentials = aws_config::profile::ProfileFileCredentialsProvider::builder()
            .configure(&provider_config)
            .profile_name(profile)
            .build();
        loader = loader
            .profile_name(profile)
            .credentials_provider(credentials);
    }
    // The SDK's own (tokio) sleep, except that a request waiting out a retry backoff gives its
    // permit back meanwhile (see `limit::BackoffSleep`).
    if let Some(sleep) = aws_smithy_async::rt::sleep::default_async_sleep() {
        loader = loader.sleep_impl(BackoffSleep::new(sleep));
    }
    loader.load().await
}

/// `config` with an HTTP client of its own, for the SDK clients of a runtime of their own: a
/// connection's task lives on the runtime that opened it, so two runtimes must not share a pool.
pub fn with_own_http_client(config: &SdkConfig) -> SdkConfig {
    config
        .to_builder()
        .http_client(super::aws_http::shared_client())
        .build()
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

    /// Records that `api`'s chain is on its `pass`-th pass.
    fn passes(&self, api: Api, pass: u32) {
        self.counts
            .lock()
            .expect("counter lock")
            .entry(api)
            .or_default()
            .passes = pass as usize;
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

    fn read_after_attempt(
        &self,
        context: &aws_sdk_bedrock::config::interceptors::FinalizerInterceptorContextRef<'_>,
        _components: &aws_sdk_bedrock::config::RuntimeComponents,
        _cfg: &mut aws_sdk_bedrock::config::ConfigBag,
    ) -> Result<(), aws_sdk_bedrock::error::BoxError> {
        if matches!(context.output_or_error(), Some(Err(_))) {
            // If the SDK retries, the request gives its permit back while it backs off.
            super::limit::attempt_failed();
        }
        Ok(())
    }
}

/// One region's Bedrock and Service Quotas clients, counting their requests and attempts. Every
/// request (each page) holds a permit of the run's [`Limiter`] while it is in flight (not while
/// it waits out a retry backoff), so `--threads` bounds the whole run's concurrency.
pub struct RegionClients {
    pub region: String,
    bedrock: aws_sdk_bedrock::Client,
    quotas: aws_sdk_servicequotas::Client,
    attempts: AttemptCounter,
    passes: Passes,
}

/// What every chain of one region shares: where, under which limit, counted where, passes how.
struct Chain<'a> {
    region: &'a str,
    limit: &'a Limiter,
    tally: &'a Tally,
    counter: &'a AttemptCounter,
    passes: &'a Passes,
}

impl RegionClients {
    pub fn new(config: &SdkConfig, region: &str, passes: Passes, cap: AnswerSizeCap) -> Self {
        let attempts = AttemptCounter::default();
        RegionClients {
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
            quotas: aws_sdk_servicequotas::Client::from_conf(
                aws_sdk_servicequotas::config::Builder::from(config)
                    .region(Region::new(region.to_string()))
                    .interceptor(attempts.clone())
                    .interceptor(cap)
                    .retry_classifier(cap)
                    .retry_classifier(super::aws_errors::NoRetryOnDns)
                    .build(),
            ),
            attempts,
            passes,
        }
    }

    fn chain<'a>(&'a self, limit: &'a Limiter, tally: &'a Tally) -> Chain<'a> {
        Chain {
            region: &self.region,
            limit,
            tally,
            counter: &self.attempts,
            passes: &self.passes,
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
        let chain = self.chain(limit, tally);
        tokio::join!(
            async {
                let models = list_foundation_models(&self.bedrock, &chain).await;
                on_models(&models);
                models
            },
            list_inference_profiles(&self.bedrock, &chain),
        )
    }

    /// Every page of ListServiceQuotas and of ListAWSDefaultServiceQuotas.
    pub async fn quota_lists(
        &self,
        limit: &Limiter,
        tally: &Tally,
    ) -> (Pages<QuotasPage>, Pages<QuotasPage>) {
        let chain = self.chain(limit, tally);
        tokio::join!(
            list_service_quotas(&self.quotas, &chain),
            list_default_quotas(&self.quotas, &chain),
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
    let mut not_offered = Vec::new();
    for (region, r) in &raw.regions {
        for api in Api::ALL {
            if let (Err(f), _) = r.outcome(api) {
                if matches!(f.status, Status::NotOffered | Status::Skipped) {
                    debug!(region = %region, api = api.operation(), status = f.status.as_str(), "{}", f.message);
                    if f.status == Status::NotOffered {
                        not_offered.push(region.clone());
                    }
                } else if f.status == Status::NotOptedIn {
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
    if !not_offered.is_empty() {
        info!(
            "Mantle is not offered in {} region(s): {}",
            not_offered.len(),
            not_offered.join(", ")
        );
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
    chain: &Chain<'_>,
) -> Pages<FoundationModelsPage> {
    let api = Api::ListFoundationModels;
    let region = chain.region;
    let mut pass = 0;
    loop {
        pass += 1;
        chain.counter.passes(api, pass);
        debug!(region, pass, "ListFoundationModels");
        let out = chain
            .limit
            .in_flight(region, api, FIRST, client.list_foundation_models().send())
            .await;
        match out {
            Ok(out) => {
                // Not paginated: its one request ends the chain.
                chain.tally.request(region, api.name(), FIRST, false);
                return Ok(vec![FoundationModelsPage {
                    model_summaries: out.model_summaries().iter().map(model_record).collect(),
                }]);
            }
            Err(e) => {
                if let Err(failure) = next_pass(chain, api, pass, 0, classify(e, region, api)).await
                {
                    chain.tally.request(region, api.name(), FIRST, false);
                    return Err(failure);
                }
            }
        }
    }
}

/// After a pass that stopped: waits out the cool-down when another pass may start (`Ok`), else
/// the chain's final failure.
async fn next_pass(
    chain: &Chain<'_>,
    api: Api,
    pass: u32,
    pages: usize,
    stopped: Stopped,
) -> Result<(), Failure> {
    let cooldown = match chain.passes.cooldown_after(pass) {
        Some(wait) if stopped.retryable => wait,
        _ => return Err(stopped.failure),
    };
    info!(
        region = chain.region,
        api = api.operation(),
        pass = pass + 1,
        "resuming from page {} in {} ms: {}",
        pages + 1,
        cooldown.as_millis(),
        stopped.failure.message
    );
    tokio::time::sleep(cooldown).await;
    Ok(())
}

/// Reads every page of a paginated call, in passes: a pass that stops on a retryable cause is
/// followed, after a cool-down, by one that resumes from the last good page's token, keeping the
/// pages read so far (see [`PassPolicy`]). `start` makes the paginator from a token.
async fn chain_pages<O, E, P: Paged>(
    chain: &Chain<'_>,
    api: Api,
    start: impl Fn(Option<String>) -> PaginationStream<Result<O, SdkError<E>>>,
    record: impl Fn(O) -> P,
) -> Pages<P>
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let mut pages = Vec::new();
    let mut pass = 0;
    loop {
        pass += 1;
        chain.counter.passes(api, pass);
        let token = pages
            .last()
            .and_then(|p: &P| p.next_token())
            .map(str::to_string);
        match drain_pages(start(token), chain, api, &record, &mut pages).await {
            Ok(()) => return Ok(pages),
            Err(stopped) => {
                if let Err(failure) = next_pass(chain, api, pass, pages.len(), stopped).await {
                    let position = FIRST + pages.len() as Position;
                    chain
                        .tally
                        .request(chain.region, api.name(), position, false);
                    return Err(failure);
                }
            }
        }
    }
}

/// Every page of a paginated call in a single pass (no second pass): the account's optional lists
/// (`--account-access`), counted by their clients' own `counter`.
pub(super) async fn all_pages<O, E, P: Paged>(
    stream: PaginationStream<Result<O, SdkError<E>>>,
    region: &str,
    api: Api,
    limit: &Limiter,
    counter: &AttemptCounter,
    tally: &Tally,
    record: impl Fn(O) -> P,
) -> Pages<P>
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let passes = Passes::starting_now(PassPolicy {
        max_passes: 1,
        cooldown: Duration::ZERO,
        deadline: Duration::ZERO,
    });
    let chain = Chain {
        region,
        limit,
        tally,
        counter,
        passes: &passes,
    };
    let mut pages = Vec::new();
    match drain_pages(stream, &chain, api, &record, &mut pages).await {
        Ok(()) => Ok(pages),
        Err(stopped) => {
            tally.request(region, api.name(), FIRST + pages.len() as Position, false);
            Err(stopped.failure)
        }
    }
}

/// One pass of a paginated call, appending to `pages`. Each page holds one permit of the run's
/// limit while it is requested; `record` turns the SDK's output into the raw page. The loop ends on
/// a page without a next token rather than asking the paginator once more: that last ask sends no
/// request, but waiting in line for its permit would hold up the end of the chain.
async fn drain_pages<O, E, P: Paged>(
    mut stream: PaginationStream<Result<O, SdkError<E>>>,
    chain: &Chain<'_>,
    api: Api,
    record: &impl Fn(O) -> P,
    pages: &mut Vec<P>,
) -> Result<(), Stopped>
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let region = chain.region;
    // Every token this chain has sent (earlier passes' included): a page that hands one back
    // would loop for ever, or (the SDK's paginator stops on a repeated token) end the chain early.
    let mut sent: HashSet<String> = pages
        .iter()
        .filter_map(|p| p.next_token())
        .map(str::to_string)
        .collect();
    // Each page holds a permit while it is in flight (not while it waits out a retry backoff).
    loop {
        let position = FIRST + pages.len() as Position;
        debug!(region, page = position, "{}", api.operation());
        let page = chain
            .limit
            .in_flight(region, api, position, stream.next())
            .await;
        let Some(page) = page else {
            // The paginator ended although the last page named a next one: it stopped on a
            // token it had just sent.
            if let Some(token) = pages.last().and_then(|p| p.next_token()) {
                return Err(pagination_failure(
                    region,
                    api,
                    PageFault::Loop(token),
                    pages.len(),
                ));
            }
            chain.tally.end(region, api.name(), position - 1);
            return Ok(());
        };
        let out = page.map_err(|e| classify(e, region, api))?;
        let page = record(out);
        let next = page.next_token().filter(|t| !t.is_empty());
        if let Some(token) = next {
            if sent.contains(token) {
                return Err(pagination_failure(
                    region,
                    api,
                    PageFault::Loop(token),
                    pages.len() + 1,
                ));
            }
            if pages.len() + 1 >= MAX_PAGES {
                return Err(pagination_failure(
                    region,
                    api,
                    PageFault::TooMany,
                    pages.len() + 1,
                ));
            }
            sent.insert(token.to_string());
        }
        let last = next.is_none();
        chain.tally.request(region, api.name(), position, !last);
        pages.push(page);
        if last {
            return Ok(());
        }
    }
}

async fn list_inference_profiles(
    client: &aws_sdk_bedrock::Client,
    chain: &Chain<'_>,
) -> Pages<InferenceProfilesPage> {
    let start = |token| {
        client
            .list_inference_profiles()
            .type_equals(InferenceProfileType::SystemDefined)
            .max_results(PROFILE_PAGE_SIZE)
            .set_next_token(token)
            .into_paginator()
            .send()
    };
    chain_pages(chain, Api::ListInferenceProfiles, start, |out| {
        profiles_page(&out)
    })
    .await
}

async fn list_service_quotas(
    client: &aws_sdk_servicequotas::Client,
    chain: &Chain<'_>,
) -> Pages<QuotasPage> {
    let start = |token| {
        client
            .list_service_quotas()
            .service_code(QUOTA_SERVICE_CODE)
            .max_results(QUOTA_PAGE_SIZE)
            .set_next_token(token)
            .into_paginator()
            .send()
    };
    chain_pages(chain, Api::ListServiceQuotas, start, |out| {
        quotas_page(out.quotas(), out.next_token())
    })
    .await
}

async fn list_default_quotas(
    client: &aws_sdk_servicequotas::Client,
    chain: &Chain<'_>,
) -> Pages<QuotasPage> {
    let start = |token| {
        client
            .list_aws_default_service_quotas()
            .service_code(QUOTA_SERVICE_CODE)
            .max_results(QUOTA_PAGE_SIZE)
            .set_next_token(token)
            .into_paginator()
            .send()
    };
    chain_pages(chain, Api::ListAwsDefaultServiceQuotas, start, |out| {
        quotas_page(out.quotas(), out.next_token())
    })
    .await
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passes_cool_down_longer_each_time_and_stop_at_the_limit_or_the_deadline() {
        let policy = PassPolicy {
            max_passes: 3,
            cooldown: Duration::from_secs(2),
            deadline: Duration::from_secs(60),
        };
        let passes = Passes::starting_now(policy);
        assert_eq!(passes.cooldown_after(1), Some(Duration::from_secs(2)));
        assert_eq!(passes.cooldown_after(2), Some(Duration::from_secs(4)));
        assert_eq!(passes.cooldown_after(3), None);
        // A pass that would start after the deadline does not start.
        let near = Passes::starting_now(PassPolicy {
            deadline: Duration::from_secs(3),
            ..policy
        });
        assert_eq!(near.cooldown_after(1), Some(Duration::from_secs(2)));
        assert_eq!(near.cooldown_after(2), None);
        let once = Passes::starting_now(PassPolicy {
            max_passes: 1,
            ..policy
        });
        assert_eq!(once.cooldown_after(1), None);
    }
}
