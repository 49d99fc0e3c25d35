//! Mantle, Bedrock's OpenAI-compatible endpoint: per region one `GET {base}/v1/models` under the
//! run's one limit, authenticated with a short-term Bedrock API key presigned from the run's own
//! credentials (or `AWS_BEARER_TOKEN_BEDROCK`), with the same statuses as the AWS list calls plus
//! `not_offered` for a region whose Mantle host does not resolve.
//!
//! The key is made as AWS's `aws-bedrock-token-generator` libraries make it: the SDK's own SigV4
//! signer (`aws-sigv4`) query-presigns `GET https://bedrock.amazonaws.com/?Action=CallWithBearerToken`
//! for service `bedrock` in the endpoint's region; the URL without `https://`, plus `&Version=1`, is
//! base64-encoded and prefixed with `bedrock-api-key-`. One key per region per run, never logged
//! (it is registered with `redact`) and never recorded.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use aws_config::SdkConfig;
use aws_credential_types::Credentials;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_sigv4::http_request::{
    SignableBody, SignableRequest, SignatureLocation, SigningSettings, sign,
};
use reqwest::StatusCode;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use serde::Deserialize;
use tracing::debug;

use super::aws::AwsOptions;
use super::http::{Oversize, RetryPolicy, bytes_text, read_capped, with_retries};
use super::limit::{FIRST, Limiter};
use super::status::{Failure, Status, status_for_code};
use super::{Api, Attempts, Pages};
use crate::progress::Tally;
use crate::records::MantleModelsPage;
use crate::redact::one_line;

/// The endpoint's base URL in AWS, by region.
pub const DEFAULT_URL_TEMPLATE: &str = "https://bedrock-mantle.{region}.api.aws";
/// What the URL template's region placeholder looks like.
pub const REGION_PLACEHOLDER: &str = "{region}";
/// A Bedrock API key the user gives instead of the presigned one (AWS's SDKs read the same name).
pub const KEY_ENV: &str = "AWS_BEARER_TOKEN_BEDROCK";
/// The request a short-term key presigns, and the service and prefix of the key.
const KEY_URL: &str = "https://bedrock.amazonaws.com/?Action=CallWithBearerToken";
const KEY_SERVICE: &str = "bedrock";
const KEY_PREFIX: &str = "bedrock-api-key-";
const KEY_VERSION: &str = "&Version=1";
/// AWS accepts short-term keys of at most 12 hours.
pub const MAX_KEY_LIFETIME: Duration = Duration::from_secs(43_200);
/// One run's key needs to outlive the wait for a permit and the retries, not more.
const KEY_LIFETIME: Duration = Duration::from_secs(3_600);

/// The base URL of a region's endpoint (`{region}` filled in, no trailing `/`).
pub fn base_url(template: &str, region: &str) -> String {
    template
        .replace(REGION_PLACEHOLDER, region)
        .trim_end_matches('/')
        .to_string()
}

pub use crate::records::api_base_template;

/// A template must name the region, and give an https URL (plain http only for loopback) once
/// the region is filled in.
pub fn check_template(template: &str) -> Result<(), String> {
    if !template.contains(REGION_PLACEHOLDER) {
        return Err(format!(
            "the Mantle URL template `{template}` has no `{REGION_PLACEHOLDER}`; each region has its own endpoint"
        ));
    }
    super::http::check_url(&base_url(template, "us-east-1"))
}

/// Makes a short-term Bedrock API key for `region` from `credentials`, valid for `lifetime`
/// (at most 12 hours) from `at`.
pub fn presign_key(
    credentials: &Credentials,
    region: &str,
    at: SystemTime,
    lifetime: Duration,
) -> Result<String, String> {
    let identity = credentials.clone().into();
    let mut settings = SigningSettings::default();
    settings.signature_location = SignatureLocation::QueryParams;
    settings.expires_in = Some(lifetime.min(MAX_KEY_LIFETIME));
    let params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(KEY_SERVICE)
        .time(at)
        .settings(settings)
        .build()
        .map_err(|e| format!("cannot set up the signer: {e}"))?
        .into();
    let request =
        SignableRequest::new("GET", KEY_URL, std::iter::empty(), SignableBody::Bytes(&[]))
            .map_err(|e| format!("cannot sign {KEY_URL}: {e}"))?;
    let (instructions, _signature) = sign(request, &params)
        .map_err(|e| format!("cannot sign {KEY_URL}: {e}"))?
        .into_parts();
    let mut url = reqwest::Url::parse(KEY_URL).expect("a valid constant URL");
    url.query_pairs_mut()
        .extend_pairs(instructions.params().iter().map(|(k, v)| (*k, v.as_ref())));
    let presigned = url.as_str();
    let presigned = presigned.strip_prefix("https://").unwrap_or(presigned);
    Ok(format!(
        "{KEY_PREFIX}{}",
        aws_smithy_types::base64::encode(format!("{presigned}{KEY_VERSION}"))
    ))
}

/// Where the run's Mantle keys come from.
enum Keys {
    /// `AWS_BEARER_TOKEN_BEDROCK`, for every region.
    Given(String),
    /// Presigned per region from the SDK's credentials.
    Presigned(SharedCredentialsProvider),
    None,
}

/// How Mantle is called.
#[derive(Debug, Clone, PartialEq)]
pub struct MantleOptions {
    /// The endpoint's base URL with `{region}` in it.
    pub url_template: String,
    pub connect_timeout: Duration,
    /// Bound on one attempt, body included.
    pub attempt_timeout: Duration,
    /// Bound on the call with its retries.
    pub operation_timeout: Duration,
    /// Attempts for connection errors, timeouts, 429 and 5xx.
    pub max_attempts: u32,
    pub initial_backoff: Duration,
    pub max_backoff: Duration,
    /// The largest answer read, as for every AWS answer (`limits.max_aws_answer_bytes`): a model
    /// list is a few kilobytes, a body far beyond that is not what we asked for.
    pub max_answer_bytes: u64,
}

impl MantleOptions {
    /// The AWS calls' timeouts and retry policy, for the endpoint at `url_template`.
    pub fn new(url_template: &str, aws: &AwsOptions) -> MantleOptions {
        MantleOptions {
            url_template: url_template.to_string(),
            connect_timeout: aws.connect_timeout,
            attempt_timeout: aws.attempt_timeout,
            operation_timeout: aws.operation_timeout,
            max_attempts: aws.max_attempts.max(1),
            initial_backoff: aws.initial_backoff,
            max_backoff: aws.max_backoff,
            max_answer_bytes: aws.max_answer_bytes,
        }
    }
}

/// Calls Mantle in each region, one permit of the run's limit per attempt.
pub struct MantleSource {
    client: reqwest::Client,
    opts: MantleOptions,
    keys: Keys,
    limit: Arc<Limiter>,
}

impl MantleSource {
    /// The source, with keys from `AWS_BEARER_TOKEN_BEDROCK` when it is set, else presigned from
    /// `config`'s credentials.
    pub fn new(
        opts: MantleOptions,
        config: &SdkConfig,
        limit: Arc<Limiter>,
    ) -> Result<MantleSource, reqwest::Error> {
        let keys = match std::env::var(KEY_ENV).ok().filter(|k| !k.is_empty()) {
            Some(key) => {
                crate::redact::register(&[&key]);
                Keys::Given(key)
            }
            None => match config.credentials_provider() {
                Some(p) => Keys::Presigned(p),
                None => Keys::None,
            },
        };
        let client = reqwest::Client::builder()
            .connect_timeout(opts.connect_timeout)
            .timeout(opts.attempt_timeout)
            .user_agent(concat!("bedrock-collector/", env!("CARGO_PKG_VERSION")))
            .dns_resolver(Arc::new(Resolver))
            .build()?;
        Ok(MantleSource {
            client,
            opts,
            keys,
            limit,
        })
    }

    /// The region's model list, and the requests and attempts it took.
    pub async fn list_models(
        &self,
        region: &str,
        tally: &Tally,
    ) -> (Pages<MantleModelsPage>, Attempts) {
        let url = format!("{}/v1/models", base_url(&self.opts.url_template, region));
        let context = format!("Mantle GET {url} in {region}");
        let mut counted = Attempts::default();
        let result = tokio::time::timeout(
            self.opts.operation_timeout,
            self.fetch(region, &url, &context, &mut counted),
        )
        .await
        .unwrap_or_else(|_| {
            Err(Failure::new(
                Status::Timeout,
                format!("{context} timed out (operation timeout)"),
            ))
        });
        // One request, answered or not, ends the region's Mantle chain.
        let name = Api::MantleModels.name();
        match counted.requests {
            0 => tally.end(region, name, 0),
            _ => tally.request(region, name, FIRST, false),
        }
        (result.map(|page| vec![page]), counted)
    }

    async fn key(&self, region: &str) -> Result<String, Failure> {
        let provider = match &self.keys {
            Keys::Given(key) => return Ok(key.clone()),
            Keys::Presigned(p) => p,
            Keys::None => {
                return Err(Failure::new(
                    Status::Error,
                    format!("no AWS credentials to make a Mantle API key for {region} with"),
                )
                .with_hint(format!(
                    "configure AWS credentials or set {KEY_ENV} to a Bedrock API key"
                )));
            }
        };
        let credentials = provider.provide_credentials().await.map_err(|e| {
            Failure::new(
                Status::Error,
                format!("no credentials for the Mantle API key of {region}: {e}"),
            )
        })?;
        let key =
            presign_key(&credentials, region, SystemTime::now(), KEY_LIFETIME).map_err(|e| {
                Failure::new(Status::Error, format!("Mantle API key for {region}: {e}"))
            })?;
        crate::redact::register(&[&key]);
        Ok(key)
    }

    async fn fetch(
        &self,
        region: &str,
        url: &str,
        context: &str,
        counted: &mut Attempts,
    ) -> Result<MantleModelsPage, Failure> {
        let key = self.key(region).await?;
        counted.requests = 1;
        let policy = RetryPolicy {
            max_attempts: self.opts.max_attempts,
            initial_backoff: self.opts.initial_backoff,
            max_backoff: self.opts.max_backoff,
        };
        let (key, max) = (key.as_str(), self.opts.max_answer_bytes);
        let attempt = |attempt: u32| async move {
            let answer = {
                let _permit = self
                    .limit
                    .acquire_page(region, Api::MantleModels, FIRST)
                    .await;
                debug!(region, attempt, "Mantle GET /v1/models");
                match self.client.get(url).bearer_auth(key).send().await {
                    Ok(resp) => {
                        let status = resp.status();
                        read_capped(resp, max).await.map(|body| (status, body))
                    }
                    Err(e) => Err(e),
                }
            };
            match answer {
                Ok((_, Err(size))) => Err((false, oversize(context, size, max))),
                Ok((status, Ok(body))) if status.is_success() => {
                    serde_json::from_slice::<MantleModelsPage>(&body).map_err(|e| {
                        let failure = Failure::new(
                            Status::Error,
                            format!("{context} returned a response that could not be read: {e}"),
                        );
                        (false, failure)
                    })
                }
                Ok((status, Ok(body))) => Err(failure_of_answer(context, region, status, &body)),
                Err(e) => Err(failure_of_transport(context, &e)),
            }
        };
        let (page, attempts) = with_retries(context, policy, attempt).await;
        counted.attempts = attempts as usize;
        page
    }
}

/// An answer over the cap: an error, not retried (the same answer would come again).
fn oversize(context: &str, size: Oversize, max: u64) -> Failure {
    Failure::new(
        Status::Error,
        format!(
            "{context} failed: the answer is {size}, more than the {} one AWS answer may have \
             (limits.max_aws_answer_bytes); refused",
            bytes_text(max)
        ),
    )
}

/// OpenAI's error shape: `{"error": {"message", "type", "code"}}`.
#[derive(Debug, Default, Deserialize)]
struct ErrorBody {
    #[serde(default)]
    error: OpenAiError,
}

#[derive(Debug, Default, Deserialize)]
struct OpenAiError {
    #[serde(default)]
    message: Option<String>,
    #[serde(default, rename = "type")]
    kind: Option<String>,
    /// A string or a number, or null.
    #[serde(default)]
    code: Option<serde_json::Value>,
}

const ACCESS_HINT: &str = "grant bedrock:CallWithBearerToken and bedrock-mantle:CallWithBearerToken to the caller (see the README's IAM policy), or check AWS_BEARER_TOKEN_BEDROCK";

/// An error answer: whether to retry it, and the failure it is.
fn failure_of_answer(
    context: &str,
    region: &str,
    status: StatusCode,
    body: &[u8],
) -> (bool, Failure) {
    let error = serde_json::from_slice::<ErrorBody>(body)
        .map(|b| b.error)
        .unwrap_or_default();
    let code = match &error.code {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(v @ serde_json::Value::Number(_)) => v.to_string(),
        _ => String::new(),
    };
    let kind = error.kind.unwrap_or_default();
    // The most specific status either name gives.
    let named = [code.as_str(), kind.as_str()]
        .into_iter()
        .filter(|n| !n.is_empty())
        .map(|n| status_for_code(n, region))
        .find(|s| *s != Status::Error);
    let (retry, status_kind) = match (named, status.as_u16()) {
        (Some(Status::NotOptedIn), _) => (false, Status::NotOptedIn),
        (Some(Status::Throttled), _) | (_, 429) => (true, Status::Throttled),
        (Some(s), _) => (false, s),
        (None, 401 | 403) => (false, Status::AccessDenied),
        (None, 408) => (true, Status::Timeout),
        (None, s) if s >= 500 => (true, Status::Error),
        (None, _) => (false, Status::Error),
    };
    let said: Vec<&str> = [kind.as_str(), code.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    let message = error
        .message
        .map(|m| one_line(&m))
        .unwrap_or_else(|| one_line(&String::from_utf8_lossy(&body[..body.len().min(200)])));
    let failure = Failure::new(
        status_kind,
        if said.is_empty() {
            format!("{context} answered HTTP {status}: {message}")
        } else {
            format!(
                "{context} answered HTTP {status}: {}: {message}",
                said.join("/")
            )
        },
    );
    let failure = match status_kind {
        Status::AccessDenied => failure.with_hint(ACCESS_HINT),
        Status::NotOptedIn => failure.with_hint(
            "the account has not enabled this region; enable it in the AWS console or drop it from `regions`",
        ),
        _ => failure,
    };
    (retry, failure)
}

/// A request that got no answer: a host that does not resolve is `not_offered` (Mantle is not
/// served there); a timeout or a connection failure is retried.
fn failure_of_transport(context: &str, e: &reqwest::Error) -> (bool, Failure) {
    let mut chain = e.to_string();
    let mut unresolved = None;
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if let Some(n) = s.downcast_ref::<NotResolved>() {
            unresolved = Some(n.host.clone());
        }
        chain.push_str(": ");
        chain.push_str(&s.to_string());
        source = s.source();
    }
    if let Some(host) = unresolved {
        return (
            false,
            Failure::new(
                Status::NotOffered,
                format!(
                    "{context}: the host {host} does not resolve, so Mantle is not offered there"
                ),
            ),
        );
    }
    let status = if e.is_timeout() {
        Status::Timeout
    } else {
        Status::Error
    };
    (
        true,
        Failure::new(status, format!("{context} failed: {}", one_line(&chain))),
    )
}

/// A host name that does not resolve (no such name, or a name that never resolves).
#[derive(Debug, thiserror::Error)]
#[error("{host} does not resolve: {cause}")]
struct NotResolved {
    host: String,
    cause: String,
}

/// The system resolver, except that names under `.invalid` fail at once without a lookup
/// (RFC 6761), and that a name the resolver does not know is a [`NotResolved`] error, which is how
/// a region without Mantle answers.
struct Resolver;

impl Resolve for Resolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_string();
        Box::pin(async move {
            let lower = host.trim_end_matches('.').to_ascii_lowercase();
            if lower == "invalid" || lower.ends_with(".invalid") {
                return Err(NotResolved {
                    host,
                    cause: "names under .invalid never resolve (RFC 6761)".to_string(),
                }
                .into());
            }
            let looked_up = tokio::net::lookup_host((host.as_str(), 0))
                .await
                .map(|addrs| addrs.collect::<Vec<SocketAddr>>());
            match looked_up {
                Ok(addrs) => {
                    if addrs.is_empty() {
                        return Err(NotResolved {
                            host,
                            cause: "no addresses".to_string(),
                        }
                        .into());
                    }
                    Ok(Box::new(addrs.into_iter()) as Addrs)
                }
                // A resolver that could not answer now says nothing about the name.
                Err(e) if e.to_string().contains("emporary failure") => Err(e.into()),
                Err(e) => Err(NotResolved {
                    host,
                    cause: e.to_string(),
                }
                .into()),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(key: &str) -> String {
        let b64 = key.strip_prefix(KEY_PREFIX).expect("prefix");
        String::from_utf8(aws_smithy_types::base64::decode(b64).expect("base64")).unwrap()
    }

    #[test]
    fn a_key_is_a_presigned_call_with_bearer_token_url() {
        let creds = Credentials::new("AKIDEXAMPLE", "secret", Some("tok+en/=".into()), None, "t");
        // 2026-01-02T03:04:05Z
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_767_323_045);
        let key = presign_key(&creds, "eu-west-3", at, Duration::from_secs(99_999)).unwrap();
        let url = decoded(&key);
        assert!(
            url.starts_with("bedrock.amazonaws.com/?Action=CallWithBearerToken&"),
            "{url}"
        );
        assert!(url.ends_with("&Version=1"), "{url}");
        let query: std::collections::BTreeMap<String, String> =
            reqwest::Url::parse(&format!("https://{url}"))
                .unwrap()
                .query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
        assert_eq!(query["X-Amz-Algorithm"], "AWS4-HMAC-SHA256");
        assert_eq!(
            query["X-Amz-Credential"],
            "AKIDEXAMPLE/20260102/eu-west-3/bedrock/aws4_request"
        );
        assert_eq!(query["X-Amz-Date"], "20260102T030405Z");
        // Capped at 12 hours.
        assert_eq!(query["X-Amz-Expires"], "43200");
        assert_eq!(query["X-Amz-SignedHeaders"], "host");
        assert_eq!(query["X-Amz-Security-Token"], "tok+en/=");
        assert_eq!(query["X-Amz-Signature"].len(), 64);
        // Same inputs, same key; another region, another key.
        assert_eq!(
            presign_key(&creds, "eu-west-3", at, Duration::from_secs(99_999)).unwrap(),
            key
        );
        let other = decoded(&presign_key(&creds, "us-east-1", at, MAX_KEY_LIFETIME).unwrap());
        assert!(other.contains("%2Fus-east-1%2Fbedrock%2F"), "{other}");
    }

    #[test]
    fn templates_name_the_region_and_use_https() {
        assert!(check_template(DEFAULT_URL_TEMPLATE).is_ok());
        assert!(check_template("http://127.0.0.1:9/mantle/{region}").is_ok());
        let e = check_template("https://bedrock-mantle.api.aws").unwrap_err();
        assert!(e.contains("has no `{region}`"), "{e}");
        let e = check_template("http://mantle.{region}.example.com").unwrap_err();
        assert!(e.contains("only https is allowed"), "{e}");
        assert_eq!(
            base_url("https://bedrock-mantle.{region}.api.aws/", "ap-south-1"),
            "https://bedrock-mantle.ap-south-1.api.aws"
        );
        assert_eq!(
            api_base_template(DEFAULT_URL_TEMPLATE),
            "https://bedrock-mantle.{region}.api.aws/v1"
        );
    }

    #[test]
    fn openai_errors_map_to_statuses() {
        let ctx = "Mantle GET u in r";
        let body = br#"{"error": {"message": "The security token included in the request is invalid.", "type": "UnrecognizedClientException", "code": null}}"#;
        let (retry, f) = failure_of_answer(ctx, "eu-central-2", StatusCode::FORBIDDEN, body);
        assert_eq!((retry, f.status), (false, Status::NotOptedIn));
        let body = br#"{"error": {"message": "Invalid API key", "type": "invalid_request_error", "code": "invalid_api_key"}}"#;
        let (retry, f) = failure_of_answer(ctx, "r", StatusCode::UNAUTHORIZED, body);
        assert_eq!((retry, f.status), (false, Status::AccessDenied));
        assert_eq!(
            f.message,
            "Mantle GET u in r answered HTTP 401 Unauthorized: invalid_request_error/invalid_api_key: Invalid API key"
        );
        assert!(
            f.hint
                .unwrap()
                .contains("bedrock-mantle:CallWithBearerToken")
        );
        let (retry, f) = failure_of_answer(ctx, "r", StatusCode::TOO_MANY_REQUESTS, b"{}");
        assert_eq!((retry, f.status), (true, Status::Throttled));
        let (retry, f) = failure_of_answer(ctx, "r", StatusCode::BAD_GATEWAY, b"<html>");
        assert_eq!((retry, f.status), (true, Status::Error));
        let (retry, f) = failure_of_answer(ctx, "r", StatusCode::NOT_FOUND, b"");
        assert_eq!((retry, f.status), (false, Status::Error));
    }

    #[tokio::test]
    async fn an_invalid_host_is_not_offered_without_a_lookup() {
        let client = reqwest::Client::builder()
            .dns_resolver(Arc::new(Resolver))
            .build()
            .unwrap();
        let e = client
            .get("https://bedrock-mantle.eu-west-3.invalid/v1/models")
            .send()
            .await
            .unwrap_err();
        let (retry, f) = failure_of_transport("ctx", &e);
        assert_eq!(
            (retry, f.status),
            (false, Status::NotOffered),
            "{}",
            f.message
        );
        assert!(
            f.message
                .contains("the host bedrock-mantle.eu-west-3.invalid does not resolve"),
            "{}",
            f.message
        );
        // Answered by the resolver itself, before any lookup.
        let causes: Vec<String> =
            std::iter::successors(Some(&e as &dyn std::error::Error), |e| e.source())
                .map(|e| e.to_string())
                .collect();
        assert!(
            causes
                .iter()
                .any(|c| c.contains("names under .invalid never resolve")),
            "{causes:?}"
        );
    }
}
