//! Plain HTTP files (AWS Price List offer files, the LiteLLM database): fetched with reqwest under
//! the run's limit, cached on disk with ETag / Last-Modified revalidation and a TTL.
//!
//! Cache layout: `<cache_dir>/<name>` (the body) and `<cache_dir>/<name>.meta.json` (URL, ETag,
//! Last-Modified, fetch time), where `<name>` is the URL with every character other than
//! `[A-Za-z0-9._-]` replaced by `_`.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::StatusCode;
use reqwest::header::{ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};
use serde::{Deserialize, Serialize};
use tracing::{debug, warn};

use super::limit::{Limiter, Position};
use super::{Failure, Status};
pub use crate::records::{Fetched, Origin};

/// How files are fetched and cached.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpOptions {
    pub connect_timeout: Duration,
    /// Longest wait for the next bytes of an answer (head or body): a stalled download is cut
    /// after this, while a large file that keeps arriving is never cut by its total time.
    pub idle_timeout: Duration,
    /// Longest one attempt at a file may take in all, head and body: a server that trickles
    /// (never idle for `idle_timeout`) is cut after this.
    pub total_timeout: Duration,
    /// Attempts per file for connection errors, 429 and 5xx.
    pub max_attempts: u32,
    pub initial_backoff: Duration,
    /// `None` disables the cache.
    pub cache_dir: Option<PathBuf>,
    /// A cached copy younger than this is used without asking the server.
    pub cache_ttl: Duration,
    /// The largest file downloaded (`limits.max_file_bytes`): far above the biggest real one
    /// (the AmazonBedrock whole-offer file, about 16 MB), so that a body that is not what we
    /// asked for cannot exhaust memory. A larger one fails its download, not retried.
    pub max_file_bytes: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct CacheMeta {
    url: String,
    etag: Option<String>,
    last_modified: Option<String>,
    /// Seconds since the Unix epoch.
    fetched_at: u64,
    /// `sha256:<hex>` of the body as it was written: a body that no longer matches (cut short,
    /// changed on disk) is not used, and not revalidated either.
    #[serde(default)]
    digest: Option<String>,
}

/// The digest a cached body is checked against.
fn body_digest(bytes: &[u8]) -> String {
    crate::digest::sha256_revision(bytes, 64)
}

/// Accepts `https://` URLs, and plain `http://` only for loopback hosts (tests, local mirrors).
pub fn check_url(url: &str) -> Result<(), String> {
    let parsed = reqwest::Url::parse(url).map_err(|e| format!("`{url}` is not a URL ({e})"))?;
    match parsed.scheme() {
        "https" => Ok(()),
        "http" => {
            let host = parsed.host_str().unwrap_or("");
            let loopback = host == "localhost"
                || host
                    .trim_start_matches('[')
                    .trim_end_matches(']')
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback());
            if loopback {
                Ok(())
            } else {
                Err(format!(
                    "`{url}` uses plain http; only https is allowed except for loopback addresses"
                ))
            }
        }
        other => Err(format!("`{url}` has scheme `{other}`; expected https")),
    }
}

fn cache_name(url: &str) -> String {
    url.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Fetches files over HTTP(S), one permit of the run's limit per request.
#[derive(Clone)]
pub struct HttpSource {
    client: reqwest::Client,
    limit: Arc<Limiter>,
    opts: HttpOptions,
}

impl HttpSource {
    pub fn new(opts: HttpOptions, limit: Arc<Limiter>) -> Result<Self, reqwest::Error> {
        let client = reqwest::Client::builder()
            .connect_timeout(opts.connect_timeout)
            // Per read, reset by every byte that arrives: a stalled download is cut after this
            // long without data, however long a healthy large file takes.
            .read_timeout(opts.idle_timeout)
            .timeout(opts.total_timeout)
            .user_agent(concat!("bedrock-collector/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(HttpSource {
            client,
            limit,
            opts,
        })
    }

    fn cache_paths(&self, url: &str) -> Option<(PathBuf, PathBuf)> {
        let dir = self.opts.cache_dir.as_ref()?;
        let name = cache_name(url);
        Some((dir.join(&name), dir.join(format!("{name}.meta.json"))))
    }

    /// The cached copy of `url`, when its body is whole: one whose digest does not match what
    /// was written (or was written without one) is removed, so that the next request is an
    /// unconditional download rather than a revalidation of a broken copy.
    fn read_cache(&self, url: &str) -> Option<(CacheMeta, Vec<u8>)> {
        let (body_path, meta_path) = self.cache_paths(url)?;
        let meta: CacheMeta = serde_json::from_slice(&std::fs::read(&meta_path).ok()?).ok()?;
        (meta.url == url).then_some(())?;
        let body = std::fs::read(&body_path).ok()?;
        if meta.digest.as_deref() != Some(body_digest(&body).as_str()) {
            warn!(
                url,
                "the cached copy is damaged (its digest does not match); downloading it again"
            );
            let _ = std::fs::remove_file(&meta_path);
            let _ = std::fs::remove_file(&body_path);
            return None;
        }
        Some((meta, body))
    }

    fn write_cache(&self, f: &Fetched) {
        let Some((body, meta)) = self.cache_paths(&f.url) else {
            return;
        };
        let m = CacheMeta {
            url: f.url.clone(),
            etag: f.etag.clone(),
            last_modified: f.last_modified.clone(),
            fetched_at: unix_now(),
            digest: Some(body_digest(&f.bytes)),
        };
        let result = body
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| crate::files::write_atomic(&body, &f.bytes).map_err(|e| e.source))
            .and_then(|_| {
                crate::files::write_atomic(&meta, &serde_json::to_vec(&m).unwrap_or_default())
                    .map_err(|e| e.source)
            });
        if let Err(e) = result {
            warn!(url = %f.url, "cannot write the download cache: {e}");
        }
    }

    /// GETs `url`, from the cache when it is fresh, revalidating it when it is not, and falling
    /// back to a stale cached copy when the server cannot be reached. `position` is the request's
    /// place in its chain (see [`Limiter`]).
    pub async fn get(&self, url: &str, position: Position) -> Result<Fetched, Failure> {
        let cached = self.read_cache(url);
        if let Some((meta, bytes)) = &cached
            && unix_now().saturating_sub(meta.fetched_at) < self.opts.cache_ttl.as_secs()
        {
            debug!(url, "using the cached copy");
            return Ok(Fetched {
                url: url.to_string(),
                bytes: bytes.clone(),
                etag: meta.etag.clone(),
                last_modified: meta.last_modified.clone(),
                origin: Origin::Cache,
                downloaded_at: Some(meta.fetched_at),
            });
        }
        match self
            .download(url, cached.as_ref().map(|(m, _)| m), position)
            .await
        {
            Ok(Some(f)) => {
                self.write_cache(&f);
                Ok(f)
            }
            Ok(None) => {
                let (meta, bytes) = cached.expect("304 only follows a conditional request");
                let f = Fetched {
                    url: url.to_string(),
                    bytes,
                    etag: meta.etag,
                    last_modified: meta.last_modified,
                    origin: Origin::Revalidated,
                    downloaded_at: None,
                };
                self.write_cache(&f);
                Ok(f)
            }
            Err(failure) => match cached {
                Some((meta, bytes)) => {
                    warn!(
                        url,
                        "{}; using the cached copy from an earlier run", failure.message
                    );
                    Ok(Fetched {
                        url: url.to_string(),
                        bytes,
                        etag: meta.etag,
                        last_modified: meta.last_modified,
                        origin: Origin::StaleCache,
                        downloaded_at: Some(meta.fetched_at),
                    })
                }
                None => Err(failure),
            },
        }
    }

    /// One download with retries. `Ok(None)` means 304 Not Modified.
    async fn download(
        &self,
        url: &str,
        cached: Option<&CacheMeta>,
        position: Position,
    ) -> Result<Option<Fetched>, Failure> {
        let policy = RetryPolicy {
            max_attempts: self.opts.max_attempts,
            initial_backoff: self.opts.initial_backoff,
            max_backoff: Duration::MAX,
        };
        let attempt = |attempt: u32| async move {
            let _permit = self.limit.acquire(position).await;
            debug!(url, attempt, "GET");
            let mut req = self.client.get(url);
            if let Some(m) = cached {
                if let Some(etag) = &m.etag {
                    req = req.header(IF_NONE_MATCH, etag);
                }
                if let Some(lm) = &m.last_modified {
                    req = req.header(IF_MODIFIED_SINCE, lm);
                }
            }
            match req.send().await {
                Ok(resp) if resp.status() == StatusCode::NOT_MODIFIED && cached.is_some() => {
                    Ok(None)
                }
                Ok(resp) if resp.status().is_success() => {
                    let header = |name| {
                        resp.headers()
                            .get(name)
                            .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                            .map(str::to_string)
                    };
                    let (etag, last_modified) = (header(ETAG), header(LAST_MODIFIED));
                    let max = self.opts.max_file_bytes;
                    match read_capped(resp, max).await {
                        Ok(Err(size)) => Err((
                            false,
                            Failure::new(
                                Status::Error,
                                format!(
                                    "GET {url} returned {size}, more than the {} one file may \
                                     have (limits.max_file_bytes); refused",
                                    bytes_text(max)
                                ),
                            ),
                        )),
                        Ok(Ok(body)) => Ok(Some(Fetched {
                            url: url.to_string(),
                            bytes: body,
                            etag,
                            last_modified,
                            origin: Origin::Network,
                            downloaded_at: None,
                        })),
                        Err(e) => Err((true, failure_of(url, &e))),
                    }
                }
                Ok(resp) => {
                    let s = resp.status();
                    let retry = s == StatusCode::TOO_MANY_REQUESTS || s.is_server_error();
                    let status = match s {
                        StatusCode::TOO_MANY_REQUESTS => Status::Throttled,
                        StatusCode::FORBIDDEN | StatusCode::UNAUTHORIZED => Status::AccessDenied,
                        _ => Status::Error,
                    };
                    Err((
                        retry,
                        Failure::new(status, format!("GET {url} answered HTTP {s}")),
                    ))
                }
                Err(e) => Err((true, failure_of(url, &e))),
            }
        };
        with_retries(url, policy, attempt).await.0
    }
}

/// How the plain-HTTP sources retry: attempts in all, and the backoff before the second attempt,
/// doubling up to `max_backoff`.
#[derive(Debug, Clone, Copy)]
pub(super) struct RetryPolicy {
    pub(super) max_attempts: u32,
    pub(super) initial_backoff: Duration,
    pub(super) max_backoff: Duration,
}

/// The one retry loop of the sources the AWS SDK does not serve (files, Mantle): `attempt(n)`
/// makes attempt `n` (from 1), holding a permit of its own while in flight; a failure it marks
/// retryable (`(true, failure)`) is tried again after the backoff, which it waits out without a
/// permit. Returns the outcome and the number of attempts made. `what` names the request in logs.
pub(super) async fn with_retries<T, Fut>(
    what: &str,
    policy: RetryPolicy,
    mut attempt: impl FnMut(u32) -> Fut,
) -> (Result<T, Failure>, u32)
where
    Fut: std::future::Future<Output = Result<T, (bool, Failure)>>,
{
    let mut n = 0;
    loop {
        n += 1;
        let (retryable, failure) = match attempt(n).await {
            Ok(done) => return (Ok(done), n),
            Err(failed) => failed,
        };
        if !retryable || n >= policy.max_attempts {
            return (Err(failure), n);
        }
        let backoff = policy
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(n - 1))
            .min(policy.max_backoff);
        debug!(
            what,
            attempt = n,
            "retrying after {backoff:?}: {}",
            failure.message
        );
        tokio::time::sleep(backoff).await;
    }
}

/// How large a body over its cap was: its `Content-Length`, or what had been read when one sent
/// without a length passed the cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(super) enum Oversize {
    #[error("{0} bytes")]
    Declared(u64),
    #[error("at least {0} bytes (sent without a Content-Length)")]
    Read(u64),
}

/// Reads a response body of at most `max` bytes: one whose `Content-Length` is larger is refused
/// unread, one without a length as soon as the bytes read pass `max`. The outer error is a
/// transport failure (retried); the inner one is final.
pub(super) async fn read_capped(
    mut resp: reqwest::Response,
    max: u64,
) -> Result<Result<Vec<u8>, Oversize>, reqwest::Error> {
    if let Some(n) = resp.content_length().filter(|n| *n > max) {
        return Ok(Err(Oversize::Declared(n)));
    }
    let mut body = Vec::with_capacity(resp.content_length().unwrap_or(0) as usize);
    while let Some(chunk) = resp.chunk().await? {
        let read = (body.len() + chunk.len()) as u64;
        if read > max {
            return Ok(Err(Oversize::Read(read)));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Ok(body))
}

/// `n` bytes in the largest whole unit: "64 MiB", "16 KiB", "1000 bytes".
pub fn bytes_text(n: u64) -> String {
    match n {
        n if n > 0 && n.is_multiple_of(1 << 20) => format!("{} MiB", n >> 20),
        n if n > 0 && n.is_multiple_of(1 << 10) => format!("{} KiB", n >> 10),
        n => format!("{n} bytes"),
    }
}

fn failure_of(url: &str, e: &reqwest::Error) -> Failure {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    let status = if e.is_timeout() {
        Status::Timeout
    } else {
        Status::Error
    };
    Failure::new(status, format!("GET {url} failed: {msg}"))
}

/// Reads a local file in place of a download (`--litellm-file`, `--price-list-dir`, replay).
pub fn read_local(path: &Path) -> Result<Fetched, Failure> {
    std::fs::read(path)
        .map(|bytes| Fetched {
            url: path.display().to_string(),
            bytes,
            etag: None,
            last_modified: None,
            origin: Origin::File,
            downloaded_at: None,
        })
        .map_err(|e| {
            Failure::new(
                Status::Error,
                format!("cannot read {}: {e}", path.display()),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_or_loopback_http() {
        assert!(check_url("https://pricing.us-east-1.amazonaws.com").is_ok());
        assert!(check_url("http://127.0.0.1:8080/x").is_ok());
        assert!(check_url("http://localhost/x").is_ok());
        assert!(check_url("http://[::1]:9/x").is_ok());
        let e = check_url("http://example.com/x").unwrap_err();
        assert!(e.contains("only https is allowed"), "{e}");
        assert!(check_url("ftp://x/y").is_err());
        assert!(check_url("not a url").is_err());
    }

    #[test]
    fn revision_is_the_etag_or_a_content_hash() {
        let mut f = Fetched {
            url: "u".into(),
            bytes: b"abc".to_vec(),
            etag: None,
            last_modified: None,
            origin: Origin::File,
            downloaded_at: None,
        };
        assert_eq!(
            f.revision(),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        f.etag = Some("\"v1\"".into());
        assert_eq!(f.revision(), "\"v1\"");
    }

    #[test]
    fn sizes_are_said_in_their_largest_whole_unit() {
        assert_eq!(bytes_text(64 << 20), "64 MiB");
        assert_eq!(bytes_text(256 << 20), "256 MiB");
        assert_eq!(bytes_text(16 << 10), "16 KiB");
        assert_eq!(bytes_text(1000), "1000 bytes");
        assert_eq!(bytes_text((1 << 20) + 1), "1048577 bytes");
    }

    #[test]
    fn cache_names_are_flat_file_names() {
        assert_eq!(
            cache_name("https://h.com/offers/v1.0/aws/AmazonBedrock/current/region_index.json"),
            "https___h.com_offers_v1.0_aws_AmazonBedrock_current_region_index.json"
        );
    }
}
