//! The one HTTP client that every SDK client of a run shares: one connector, one connection pool,
//! one TLS configuration.

use std::sync::Once;

use aws_smithy_http_client::proxy::ProxyConfig;
use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode};
use aws_smithy_http_client::{Builder, ConnectorBuilder};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnectorSettings, SharedHttpClient, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::runtime_components::{
    RuntimeComponents, RuntimeComponentsBuilder,
};
use aws_smithy_runtime_api::shared::IntoShared;
use aws_smithy_types::config_bag::ConfigBag;

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

/// The largest AWS answer (one page) read: far above any real page (ListFoundationModels, the
/// biggest, is well under 1 MiB), so that a runaway answer cannot exhaust memory. With
/// [`super::aws_errors::MAX_PAGES`] it bounds what one chain holds.
pub const MAX_ANSWER_BYTES: u64 = 64 << 20;

/// Refuses an AWS answer whose `Content-Length` is over [`MAX_ANSWER_BYTES`] before its body is
/// read. The call fails (not retried) with the size in its message.
#[derive(Debug, Clone, Copy)]
pub(super) struct AnswerSizeCap;

impl aws_sdk_bedrock::config::Intercept for AnswerSizeCap {
    fn name(&self) -> &'static str {
        "AnswerSizeCap"
    }

    fn read_before_deserialization(
        &self,
        context: &aws_sdk_bedrock::config::interceptors::BeforeDeserializationInterceptorContextRef<
            '_,
        >,
        _components: &aws_sdk_bedrock::config::RuntimeComponents,
        _cfg: &mut aws_sdk_bedrock::config::ConfigBag,
    ) -> Result<(), aws_sdk_bedrock::error::BoxError> {
        let length = context
            .response()
            .headers()
            .get("content-length")
            .and_then(|v| v.parse::<u64>().ok());
        match length {
            Some(n) if n > MAX_ANSWER_BYTES => Err(format!(
                "the answer is {n} bytes, more than the {} MiB one AWS answer may have; refused",
                MAX_ANSWER_BYTES >> 20
            )
            .into()),
            _ => Ok(()),
        }
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
