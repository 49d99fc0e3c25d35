//! AWS's errors as the run reports them: one sentence per failed call (operation, region, AWS's
//! error code and message), the status it maps to, and whether a later pass may retry the chain.

use aws_sdk_bedrock::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::result::{ConnectorError, DispatchFailure};
use tracing::trace;

use super::Api;
use super::aws_http::answer_too_large;
use super::status::{Failure, Status, credential_problem, status_for_code};
use crate::redact::one_line;

/// Why a pass of a chain stopped, and whether a later pass may resume it.
pub(super) struct Stopped {
    pub failure: Failure,
    pub retryable: bool,
}

/// Longest part of a transport or parser error quoted in a message.
const CAUSE_CHARS: usize = 120;

/// Turns an SDK error into the status the catalogue reports, with one sentence that names the
/// operation, the region, AWS's error code and AWS's own message (or what went wrong on the way),
/// never the SDK's Debug output or a raw body; the full error goes to the log at `-vv` (trace).
/// Whether a later pass may resume the chain: throttling, timeouts, 5xx and dropped connections,
/// never access denied, a region not opted in, a validation error, a body that cannot be read or
/// an answer over its size cap.
pub(super) fn classify<E>(err: SdkError<E>, region: &str, api: Api) -> Stopped
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    trace!(
        region,
        api = api.operation(),
        "full error: {}",
        DisplayErrorContext(&err)
    );
    let context = format!("{} in {region}", api.operation());
    let http_status = err.raw_response().map(|r| r.status().as_u16());
    // Refused by our own cap (the `Content-Length`, or a read past the cap): final, with its size.
    if let Some(too_large) = answer_too_large(&err) {
        return stopped(
            Status::Error,
            format!("{context} failed: {too_large}"),
            false,
        );
    }
    match &err {
        SdkError::TimeoutError(_) => stopped(
            Status::Timeout,
            format!("{context} timed out: no answer within the attempt or operation timeout"),
            true,
        ),
        SdkError::DispatchFailure(d) => dispatch_failure(d, &context, region),
        SdkError::ResponseError(r) => {
            let status = r.raw().status().as_u16();
            unreadable_body(&err, &context, status, status >= 500)
        }
        // A 2xx whose body did not parse reaches here as an unhandled service error.
        _ if err.code().is_none() && http_status.is_some_and(|s| (200..300).contains(&s)) => {
            unreadable_body(&err, &context, http_status.unwrap_or_default(), false)
        }
        _ => service_error(&err, &context, region, api, http_status),
    }
}

/// A chain stopped with `status` and `message`; `retryable`: a later pass may resume it.
fn stopped(status: Status, message: String, retryable: bool) -> Stopped {
    Stopped {
        failure: Failure::new(status, message),
        retryable,
    }
}

/// A request that got no answer: a timeout, a request that could not be sent, a host name that
/// does not resolve (not retried), or an endpoint that could not be reached (through the proxy
/// the environment names, if any).
fn dispatch_failure(d: &DispatchFailure, context: &str, region: &str) -> Stopped {
    let cause = d
        .as_connector_error()
        .map(connector_cause)
        .unwrap_or_default();
    if d.is_timeout() {
        stopped(
            Status::Timeout,
            format!("{context} timed out: {cause}"),
            true,
        )
    } else if d.is_user() {
        stopped(
            Status::Error,
            format!("{context} could not be sent: {cause}"),
            false,
        )
    } else if d.as_connector_error().is_some_and(is_dns_failure) {
        // A name that does not resolve will not resolve in a second either.
        stopped(
            Status::Error,
            format!(
                "{context}: no such endpoint: its host name does not resolve (is {region} a region?): {cause}"
            ),
            false,
        )
    } else {
        let proxy = proxy_from_env()
            .map(|(var, url)| format!(" through the proxy {url} (from {var})"))
            .unwrap_or_default();
        stopped(
            Status::Error,
            format!("{context} could not reach the endpoint{proxy}: {cause}"),
            true,
        )
    }
}

/// An answer whose body could not be read (cut off, not the JSON asked for).
fn unreadable_body(
    err: &(dyn std::error::Error + 'static),
    context: &str,
    http_status: u16,
    retryable: bool,
) -> Stopped {
    stopped(
        Status::Error,
        format!(
            "{context} answered HTTP {http_status} with a body that could not be read: {}",
            innermost(err)
        ),
        retryable,
    )
}

/// An error AWS answered with a code and a message: its status, its sentence (the credential or
/// clock problem first, when it is one) and the operator's hint.
fn service_error<E>(
    err: &SdkError<E>,
    context: &str,
    region: &str,
    api: Api,
    http_status: Option<u16>,
) -> Stopped
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let code = err.code().unwrap_or("");
    let message = err.message().unwrap_or("");
    let status = if code.is_empty() {
        Status::Error
    } else {
        status_for_code(code, region)
    };
    let said = match (code, message, http_status) {
        ("", "", Some(s)) => format!("HTTP {s} without an error code"),
        ("", "", None) => innermost(err),
        (code, "", _) => code.to_string(),
        ("", message, _) => message.to_string(),
        (code, message, _) => format!("{code}: {message}"),
    };
    let retryable = match status {
        Status::Throttled | Status::Timeout => true,
        Status::Error => http_status.is_some_and(|s| s >= 500),
        _ => false,
    };
    // A credential or clock problem is said first: it is the cause, and its fix.
    let failure = match credential_problem(code, message) {
        Some(problem) if status != Status::NotOptedIn => Failure::new(
            status,
            format!("{context} failed: {problem}; AWS said {said}"),
        ),
        _ => Failure::new(status, format!("{context} failed: {said}")),
    };
    Stopped {
        failure: with_hint(failure, code, api),
        retryable,
    }
}

/// What an operator can do about a service error, where the status or the code says.
fn with_hint(failure: Failure, code: &str, api: Api) -> Failure {
    match (failure.status, code) {
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

/// Whether a connector error is a host name that did not resolve (hyper's "dns error").
fn is_dns_failure(e: &ConnectorError) -> bool {
    let mut next: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = next {
        let text = err.to_string();
        if text.contains("dns error") || text.contains("failed to lookup address") {
            return true;
        }
        next = err.source();
    }
    false
}

/// The proxy the SDK's HTTP client takes from the environment (`HTTPS_PROXY`, `ALL_PROXY`,
/// `HTTP_PROXY`, upper or lower case), as `(variable, URL without its user and password)`.
pub(super) fn proxy_from_env() -> Option<(String, String)> {
    [
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
        "HTTP_PROXY",
        "http_proxy",
    ]
    .into_iter()
    .find_map(|var| {
        let url = std::env::var(var).ok().filter(|v| !v.trim().is_empty())?;
        let shown = match (url.find("://"), url.rfind('@')) {
            (Some(scheme), Some(at)) if at > scheme => {
                format!("{}{}", &url[..scheme + 3], &url[at + 1..])
            }
            _ => url,
        };
        Some((var.to_string(), shown))
    })
}

/// Forbids the SDK's retries of a host name that does not resolve: ten attempts at a region name
/// that does not exist cost half a minute and say nothing more.
#[derive(Debug, Clone, Copy)]
pub(super) struct NoRetryOnDns;

impl aws_smithy_runtime_api::client::retries::classifiers::ClassifyRetry for NoRetryOnDns {
    fn classify_retry(
        &self,
        ctx: &aws_smithy_runtime_api::client::interceptors::context::InterceptorContext,
    ) -> aws_smithy_runtime_api::client::retries::classifiers::RetryAction {
        use aws_smithy_runtime_api::client::retries::classifiers::RetryAction;
        match ctx.output_or_error() {
            Some(Err(e)) if e.as_connector_error().is_some_and(is_dns_failure) => {
                RetryAction::RetryForbidden
            }
            _ => RetryAction::NoActionIndicated,
        }
    }

    fn name(&self) -> &'static str {
        "NoRetryOnDns"
    }
}

/// What a connector error says, in a few words: its kind and its innermost cause.
fn connector_cause(e: &ConnectorError) -> String {
    let kind = if e.is_timeout() {
        "timeout"
    } else if e.is_io() {
        "I/O error"
    } else if e.is_user() {
        "request error"
    } else {
        "connection error"
    };
    format!("{kind} ({})", innermost(e))
}

/// The innermost cause of an error, on one line and cut short: the outer layers of the SDK's
/// errors only say "dispatch failure" or "service error".
fn innermost(e: &(dyn std::error::Error + 'static)) -> String {
    let mut inner = e;
    while let Some(next) = inner.source() {
        inner = next;
    }
    let text = one_line(&inner.to_string());
    if text.chars().count() > CAUSE_CHARS {
        text.chars().take(CAUSE_CHARS - 3).collect::<String>() + "..."
    } else {
        text
    }
}
/// Most pages one chain may read: far beyond any real account (us-east-1's quotas are about a
/// dozen pages of 100), so a service that never stops paginating cannot run the run for ever.
pub const MAX_PAGES: usize = 1000;

/// Why a chain's pages cannot be trusted.
pub(super) enum PageFault<'a> {
    /// A page named a next token the chain had already sent.
    Loop(&'a str),
    /// The chain would read more than [`MAX_PAGES`] pages.
    TooMany,
}

/// A chain stopped because its pages do not end: an error, not retried (a later pass would loop
/// the same way), and none of its pages are kept.
pub(super) fn pagination_failure(region: &str, api: Api, fault: PageFault, read: usize) -> Stopped {
    let said = match fault {
        PageFault::Loop(token) => format!(
            "pagination loop: page {read} named the next token {:?}, which this chain had already sent",
            crate::redact::message(&token.chars().take(40).collect::<String>())
        ),
        PageFault::TooMany => format!(
            "pagination did not end: more than {MAX_PAGES} pages, far beyond any real account"
        ),
    };
    Stopped {
        failure: Failure::new(
            Status::Error,
            format!("{} in {region} failed: {said}", api.operation()),
        ),
        retryable: false,
    }
}
