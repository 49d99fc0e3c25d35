//! The one HTTP client that every SDK client of a run shares: one connector, one connection pool,
//! one TLS configuration; and the cap on the size of every answer the SDK reads.

use std::sync::Once;

use aws_smithy_http_client::proxy::ProxyConfig;
use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode};
use aws_smithy_http_client::{Builder, ConnectorBuilder};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnectorSettings, SharedHttpClient, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeDeserializationInterceptorContextMut, InterceptorContext,
};
use aws_smithy_runtime_api::client::retries::classifiers::{ClassifyRetry, RetryAction};
use aws_smithy_runtime_api::client::runtime_components::{
    RuntimeComponents, RuntimeComponentsBuilder,
};
use aws_smithy_runtime_api::shared::IntoShared;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::ConfigBag;
use http_body_util::{BodyExt, LengthLimitError, Limited};

use super::http::bytes_text;

/// The run's HTTP client for the SDK: the SDK's default as `aws-smithy-runtime` builds it (hyper 1,
/// rustls with aws-lc, proxy settings from the environment), built once, its configuration check
/// run for the first SDK client only.
///
/// Without it each of a run's 66 SDK clients (two per region, more with `--account-access`) builds
/// a default client of its own, which parses the system's root certificates into a TLS
/// configuration twice: in the SDK's check of the client's configuration (which builds a
/// connector and drops it) and again for its first request. Measured with `perf` at 64 threads:
/// ~18 ms of the main thread while it built the clients, as much again on the runtime's workers.
pub fn shared_client() -> SharedHttpClient {
    let inner = Builder::new().build_with_connector_fn(|settings, components| {
        let mut connector =
            ConnectorBuilder::default().tls_provider(tls::Provider::Rustls(CryptoMode::AwsLc));
        connector.set_connector_settings(settings.cloned());
        if let Some(components) = components {
            connector.set_sleep_impl(components.sleep_impl());
        }
        // As the SDK's default client does for current behaviour versions: HTTP(S)_PROXY and
        // NO_PROXY are honoured.
        connector.set_proxy_config(Some(ProxyConfig::from_env()));
        connector.build()
    });
    CheckedOnce {
        inner,
        checked: Once::new(),
    }
    .into_shared()
}

/// An HTTP client whose configuration check runs for the first SDK client only: the client is the
/// same for all of them, so the answer is too.
#[derive(Debug)]
struct CheckedOnce {
    inner: SharedHttpClient,
    checked: Once,
}

impl HttpClient for CheckedOnce {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        self.inner.http_connector(settings, components)
    }

    fn validate_base_client_config(
        &self,
        runtime_components: &RuntimeComponentsBuilder,
        cfg: &ConfigBag,
    ) -> Result<(), BoxError> {
        let mut result = Ok(());
        self.checked.call_once(|| {
            result = self
                .inner
                .validate_base_client_config(runtime_components, cfg);
        });
        result
    }

    fn validate_final_config(
        &self,
        runtime_components: &RuntimeComponents,
        cfg: &ConfigBag,
    ) -> Result<(), BoxError> {
        self.inner.validate_final_config(runtime_components, cfg)
    }

    fn connector_metadata(
        &self,
    ) -> Option<aws_smithy_runtime_api::client::connector_metadata::ConnectorMetadata> {
        self.inner.connector_metadata()
    }
}

/// Caps every AWS answer (one page) at `max_bytes` (`limits.max_aws_answer_bytes`, 64 MiB unless
/// configured): far above any real page (ListFoundationModels, the biggest, is well under 1 MiB),
/// so that a runaway answer cannot exhaust memory. With [`super::aws_errors::MAX_PAGES`] it bounds
/// what one chain holds.
///
/// An answer whose `Content-Length` is over the cap is refused before its body is read; one sent
/// without a length (chunked) has its body replaced, in the SDK's `modify_before_deserialization`
/// hook, by the same body read through a [`Limited`] one, so that the SDK's own read of it fails
/// past the cap. Either way the call fails with [`AnswerTooLarge`] and is not retried (the same
/// answer would come again): see `Intercept::modify_before_deserialization`
/// (docs.rs/aws-smithy-runtime-api, `client::interceptors`), `SdkBody::map` and
/// `SdkBody::from_body_1_x` (docs.rs/aws-smithy-types, `body`), `http_body_util::Limited`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerSizeCap {
    pub max_bytes: u64,
}

/// An AWS answer over its cap; its message says how large it is, or was when the read stopped.
#[derive(Debug, Clone, Copy, thiserror::Error)]
pub enum AnswerTooLarge {
    #[error(
        "the answer is {length} bytes, more than the {} one AWS answer may have \
         (limits.max_aws_answer_bytes); refused unread",
        bytes_text(*max)
    )]
    Declared { length: u64, max: u64 },
    #[error(
        "the answer, sent without a Content-Length, ran past {}, more than one AWS answer may \
         have (limits.max_aws_answer_bytes); refused after reading that much",
        bytes_text(*max)
    )]
    Streamed { max: u64 },
}

/// The [`AnswerTooLarge`] an SDK error stems from, if it does (its chain of sources holds one).
pub(super) fn answer_too_large(err: &(dyn std::error::Error + 'static)) -> Option<AnswerTooLarge> {
    let mut next = Some(err);
    while let Some(e) = next {
        if let Some(too_large) = e.downcast_ref::<AnswerTooLarge>() {
            return Some(*too_large);
        }
        next = e.source();
    }
    None
}

impl Intercept for AnswerSizeCap {
    fn name(&self) -> &'static str {
        "AnswerSizeCap"
    }

    fn modify_before_deserialization(
        &self,
        context: &mut BeforeDeserializationInterceptorContextMut<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let max = self.max_bytes;
        let response = context.response_mut();
        let length = response
            .headers()
            .get("content-length")
            .and_then(|v| v.parse::<u64>().ok());
        if let Some(length) = length
            && length > max
        {
            return Err(AnswerTooLarge::Declared { length, max }.into());
        }
        let body = std::mem::replace(response.body_mut(), SdkBody::taken());
        *response.body_mut() = body.map(move |body| {
            let limited = Limited::new(body, usize::try_from(max).unwrap_or(usize::MAX));
            SdkBody::from_body_1_x(limited.map_err(move |e| {
                if e.is::<LengthLimitError>() {
                    AnswerTooLarge::Streamed { max }.into()
                } else {
                    e
                }
            }))
        });
        Ok(())
    }
}

/// An answer over the cap is not retried: the same request would bring the same answer.
impl ClassifyRetry for AnswerSizeCap {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        match ctx.output_or_error() {
            Some(Err(e)) if answer_too_large(e).is_some() => RetryAction::RetryForbidden,
            _ => RetryAction::NoActionIndicated,
        }
    }

    fn name(&self) -> &'static str {
        "AnswerSizeCap"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Counts the configuration checks it is asked for.
    #[derive(Debug, Default)]
    struct Counting(Arc<AtomicUsize>);

    impl HttpClient for Counting {
        fn http_connector(
            &self,
            _: &HttpConnectorSettings,
            _: &RuntimeComponents,
        ) -> SharedHttpConnector {
            unreachable!("no request is made")
        }

        fn validate_base_client_config(
            &self,
            _: &RuntimeComponentsBuilder,
            _: &ConfigBag,
        ) -> Result<(), BoxError> {
            self.0.fetch_add(1, Ordering::SeqCst);
            Ok(())
        }
    }

    /// The check that builds a TLS configuration runs for the first SDK client, not for each.
    #[test]
    fn the_configuration_check_runs_once() {
        let count = Arc::new(AtomicUsize::new(0));
        let client: SharedHttpClient = CheckedOnce {
            inner: Counting(count.clone()).into_shared(),
            checked: Once::new(),
        }
        .into_shared();
        let components = RuntimeComponentsBuilder::new("test");
        for _ in 0..66 {
            client
                .validate_base_client_config(&components, &ConfigBag::base())
                .unwrap();
        }
        assert_eq!(count.load(Ordering::SeqCst), 1);
    }
}
