//! Fake AWS server for the integration tests and the benchmark: Bedrock (restJson1) and Service Quotas
//! (awsJson1_1) list APIs, Mantle's OpenAI-compatible `/v1/models` (served per region at
//! `/mantle/{region}/v1/models`, so the collector's `--mantle-url` is
//! `http://127.0.0.1:PORT/mantle/{region}`), plus plain HTTP files, over raw tokio sockets, with
//! latency, fault injection and request accounting. Its per-region data (`FakeData`) is built in
//! `fixture_data.rs`.
//!
//! Include it with `#[path = "support/fake_aws.rs"] mod fake_aws;` (tests) or
//! `#[path = "../tests/suite/support/fake_aws.rs"] mod fake_aws;` (examples).
#![allow(dead_code)]

#[path = "fixture_data.rs"]
mod fixture_data;

#[allow(unused_imports)] // each test uses a subset
pub use fixture_data::{
    FAKE_ACCOUNT, NO_AGREEMENT_PROVIDER, NO_AGREEMENT_REGION, NOT_AUTHORIZED_MODEL, RAISED_QUOTAS,
    UNKNOWN_TO_AVAILABILITY, aws_bedrock_regions, fixtures, fixtures_dir, geo_prefix_candidates,
};

use bedrock_collector::records::{
    AgreementAvailability, FoundationModelSummary, FoundationModelsPage, InferenceProfileSummary,
    InferenceProfilesPage, ModelAvailability, ProvisionedModelSummary, ProvisionedThroughputsPage,
    QuotasPage, ServiceQuota,
};
use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

// ---------------------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------------------

/// Everything the fake answers with, per region. A region missing here answers like a region the
/// account has not opted into (403 `UnrecognizedClientException`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FakeData {
    pub regions: BTreeMap<String, RegionData>,
}

/// One region's answers to the four list APIs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegionData {
    pub foundation_models: Vec<FoundationModelSummary>,
    pub inference_profiles: Vec<InferenceProfileSummary>,
    /// `ListServiceQuotas` (applied values).
    pub service_quotas: Vec<ServiceQuota>,
    /// `ListAWSDefaultServiceQuotas` (default values).
    pub default_quotas: Vec<ServiceQuota>,
    /// The ids Mantle's `/v1/models` lists in this region (empty: an empty list).
    pub mantle_models: Vec<String>,
    /// `ListInferenceProfiles` with `typeEquals=APPLICATION`: the account's own profiles.
    pub application_profiles: Vec<InferenceProfileSummary>,
    /// `ListProvisionedModelThroughputs`.
    pub provisioned_throughputs: Vec<ProvisionedModelSummary>,
    /// `GetFoundationModelAvailability` answers that differ from the default. Every id the
    /// region's `foundation_models` lists answers AVAILABLE / AUTHORIZED / AVAILABLE / AVAILABLE,
    /// any other id 404 `ResourceNotFoundException`; here, per id, another answer (`Some`) or a 404
    /// although the id is listed (`None`).
    pub availability: BTreeMap<String, Option<ModelAvailability>>,
}

impl FakeData {
    /// The data of one region, if that region is opted in.
    pub fn region(&self, region: &str) -> Option<&RegionData> {
        self.regions.get(region)
    }
}

// ---------------------------------------------------------------------------------------------
// Public types: APIs, faults, rules, request records
// ---------------------------------------------------------------------------------------------

/// Which operation a request was routed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Api {
    ListFoundationModels,
    ListInferenceProfiles,
    ListServiceQuotas,
    ListAwsDefaultServiceQuotas,
    /// Mantle's `GET /mantle/{region}/v1/models` with a bearer key.
    MantleModels,
    /// `GET /foundation-model-availability/{modelId}` (`--account-access`).
    GetFoundationModelAvailability,
    /// `GET /provisioned-model-throughputs` (`--account-access`).
    ListProvisionedModelThroughputs,
    /// A plain HTTP `GET` without an `authorization` header (Price List, LiteLLM JSON, ...).
    File,
    /// STS `AssumeRole` (query protocol: a form body `Action=AssumeRole&RoleArn=...`), as the
    /// SDK sends it for a profile with `role_arn` + `source_profile`. The fake has no roles: it
    /// always answers 403 `AccessDenied` in STS's `<ErrorResponse>` XML, naming the role.
    AssumeRole,
    /// Anything else: answered 404 (never matched by a rule with `api: Some(..)`).
    Unknown,
}

impl Api {
    /// The IAM action, as an `AccessDeniedException` message names it.
    fn iam_action(self) -> &'static str {
        match self {
            Api::ListFoundationModels => "bedrock:ListFoundationModels",
            Api::ListInferenceProfiles => "bedrock:ListInferenceProfiles",
            Api::ListServiceQuotas => "servicequotas:ListServiceQuotas",
            Api::ListAwsDefaultServiceQuotas => "servicequotas:ListAWSDefaultServiceQuotas",
            Api::GetFoundationModelAvailability => "bedrock:GetFoundationModelAvailability",
            Api::ListProvisionedModelThroughputs => "bedrock:ListProvisionedModelThroughputs",
            Api::AssumeRole => "sts:AssumeRole",
            Api::MantleModels => "bedrock-mantle:CallWithBearerToken",
            Api::File | Api::Unknown => "s3:GetObject",
        }
    }
}

/// An injected failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// 400 with `ThrottlingException` (restJson1) / `TooManyRequestsException` (awsJson1_1); 429 for files.
    Throttle,
    /// That status: 500 `InternalServerException`, 503 `ServiceUnavailableException`, others `InternalFailure`.
    ServerError(u16),
    /// Read the request and never answer; the socket stays open until the server is dropped.
    Stall,
    /// Read the request, answer nothing for this long, then close the connection.
    StallFor(Duration),
    /// The real answer, its body in ten pieces this far apart: slow, but never idle that long.
    Trickle(Duration),
    /// 200 with the first half of the real body (invalid JSON).
    Malformed,
    /// 403 `UnrecognizedClientException`: what a region the account has not opted into answers.
    NotOptedIn,
    /// 403 `AccessDeniedException` naming the IAM action.
    AccessDenied,
    /// 403 `AccessDeniedException` as AWS words it for an assumed role denied by a service
    /// control policy: the caller's STS ARN and the policy's ARN, both with the account id.
    AccessDeniedRole,
    /// 403 `ExpiredTokenException`.
    ExpiredToken,
    /// Drop the connection without a response.
    CloseConnection,
    /// 403 `InvalidSignatureException` "Signature expired", as AWS answers a request signed by a
    /// clock this many minutes behind its own (AWS allows 5).
    ClockBehind(u32),
    /// 403 `AccessDeniedException` whose message echoes the request's `X-Amz-Security-Token`
    /// and `Authorization` headers, as a misbehaving proxy or service might.
    AccessDeniedEcho,
    /// A paginated list whose request carries the token of offset `at` (see [`page_token`]; 0:
    /// the first page, no token) is answered its real page, but naming `page_token(next)` as the
    /// next one: `at == next` repeats the token just sent, `next < at` cycles. Other requests
    /// are answered normally.
    NextTokenAt { at: usize, next: usize },
    /// 403 `AccessDeniedException` whose message holds terminal escape sequences (a window
    /// title, a screen clear), a bell and a right-to-left override.
    HostileMessage,
    /// The real answer with this many spaces after it (still valid JSON): an answer far larger
    /// than any real page.
    Padded(usize),
    /// As `Padded`, sent without a `Content-Length`: `Transfer-Encoding: chunked`, in chunks of
    /// 16 KiB, so that only the bytes read say how large it is.
    PaddedChunked(usize),
    /// A paginated list that never ends: every answer is the first page again, naming a next
    /// token never seen before (`endless-1`, `endless-2`, ...).
    EndlessPages,
}

/// A fault-injection rule. The first rule (in insertion order) that matches a request, still has
/// `times` left and wins its probability roll fires.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Only requests signed for this region (`None`: any request, including files).
    pub region: Option<String>,
    /// Only this API (`None`: any).
    pub api: Option<Api>,
    pub fault: Fault,
    /// 1.0 = every matching request; rolls use the server's seeded xorshift, so runs are reproducible.
    pub probability: f64,
    /// Fire at most this many times (`None`: unlimited).
    pub times: Option<u32>,
}

impl Rule {
    /// A rule firing on every request of `api` (any region), without limit.
    pub fn always(api: Api, fault: Fault) -> Rule {
        Rule {
            region: None,
            api: Some(api),
            fault,
            probability: 1.0,
            times: None,
        }
    }

    /// A rule firing on the first `n` requests of `api` (any region).
    pub fn first(n: u32, api: Api, fault: Fault) -> Rule {
        Rule {
            times: Some(n),
            ..Rule::always(api, fault)
        }
    }

    /// Restrict the rule to one region.
    pub fn in_region(mut self, region: &str) -> Rule {
        self.region = Some(region.to_string());
        self
    }
}

/// What the fake saw and did for one request.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestRecord {
    /// Region of the SigV4 credential scope (`None` for unsigned file requests).
    pub region: Option<String>,
    /// Service of the credential scope: `bedrock` or `servicequotas`.
    pub service: Option<String>,
    /// The access key id that signed the request (SigV4's `Credential=AKID/...`).
    pub access_key_id: Option<String>,
    pub api: Api,
    /// The request's (decoded) `nextToken` / `NextToken`.
    pub next_token: Option<String>,
    /// `attempt=N` of the `amz-sdk-request` header.
    pub attempt: Option<u32>,
    /// The fault answered: injected by a rule, or `NotOptedIn` for a region missing from the data.
    pub fault: Option<Fault>,
    /// Path without the query string.
    pub path: String,
    /// The raw request target (path and query, still percent-encoded).
    pub target: String,
    /// When the request arrived, counted from the fake's start.
    pub received: Duration,
    /// The server's whole time for it ([`FakeAws::set_latency`], jittered by
    /// [`FakeAws::set_latency_jitter`]).
    pub latency: Duration,
}

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

/// A running fake. Stops (and closes every connection, stalled ones included) when dropped.
pub struct FakeAws {
    addr: SocketAddr,
    state: Arc<State>,
    accept: JoinHandle<()>,
}

struct ServedFile {
    bytes: Arc<Vec<u8>>,
    etag: String,
}

struct RuleState {
    rule: Rule,
    fired: u32,
}

/// Throttling in bursts, as a real account sees it: one region's API is throttled for `on` at the
/// start of every `period` (counted from the server's start), and answers normally in between.
#[derive(Debug, Clone, PartialEq)]
pub struct Burst {
    pub region: String,
    pub api: Api,
    pub on: Duration,
    pub period: Duration,
}

impl Burst {
    fn throttles(&self, region: Option<&str>, api: Api, elapsed: Duration) -> bool {
        let phase = elapsed.as_nanos() % self.period.as_nanos().max(1);
        region == Some(self.region.as_str()) && api == self.api && phase < self.on.as_nanos()
    }
}

/// Region, API and page token of a quota page.
type QuotaPageKey = (String, Api, Option<String>);

struct State {
    data: Mutex<Arc<FakeData>>,
    files: Mutex<HashMap<String, ServedFile>>,
    latency: Mutex<Duration>,
    /// Each request's latency is drawn uniformly from latency × [1 - j, 1 + j].
    latency_jitter: Mutex<f64>,
    /// The draws' own generator, so that jitter leaves the faults' draws as they were.
    latency_rng: Mutex<u64>,
    rules: Mutex<Vec<RuleState>>,
    bursts: Mutex<Vec<Burst>>,
    started: tokio::time::Instant,
    rng: Mutex<u64>,
    requests: Mutex<Vec<RequestRecord>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    /// Numbers the `x-amzn-requestid` of responses.
    next_request_id: AtomicUsize,
    /// Quota page bodies rendered ahead ([`FakeAws::prerender_quota_pages`]), by region, API and
    /// page token, for requests with `ServiceCode: "bedrock"` and `MaxResults: 100`.
    quota_pages: Mutex<HashMap<QuotaPageKey, Vec<u8>>>,
    quota_pages_served: AtomicUsize,
}

const DEFAULT_SEED: u64 = 0x9E37_79B9_7F4A_7C15;

impl State {
    /// The next request's latency (see [`FakeAws::set_latency_jitter`]).
    fn next_latency(&self) -> Duration {
        let latency = *self.latency.lock().unwrap();
        let jitter = *self.latency_jitter.lock().unwrap();
        if jitter == 0.0 || latency.is_zero() {
            return latency;
        }
        let u = next_random(&mut self.latency_rng.lock().unwrap());
        latency.mul_f64(1.0 + jitter * (2.0 * u - 1.0))
    }
}

impl FakeAws {
    /// Start on an ephemeral port of 127.0.0.1.
    pub async fn start(data: FakeData) -> FakeAws {
        FakeAws::start_on(data, 0).await.expect("bind 127.0.0.1:0")
    }

    /// Start on a given port of 127.0.0.1 (0: ephemeral).
    pub async fn start_on(data: FakeData, port: u16) -> std::io::Result<FakeAws> {
        let listener = TcpListener::bind(("127.0.0.1", port)).await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(State {
            data: Mutex::new(Arc::new(data)),
            files: Mutex::new(HashMap::new()),
            latency: Mutex::new(Duration::ZERO),
            latency_jitter: Mutex::new(0.0),
            latency_rng: Mutex::new(DEFAULT_SEED ^ 0x5DEE_CE66_D1CE_4E5B),
            rules: Mutex::new(Vec::new()),
            bursts: Mutex::new(Vec::new()),
            started: tokio::time::Instant::now(),
            rng: Mutex::new(DEFAULT_SEED),
            requests: Mutex::new(Vec::new()),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
            next_request_id: AtomicUsize::new(0),
            quota_pages: Mutex::new(HashMap::new()),
            quota_pages_served: AtomicUsize::new(0),
        });
        let accept = tokio::spawn(accept_loop(listener, state.clone()));
        Ok(FakeAws {
            addr,
            state,
            accept,
        })
    }

    /// `http://127.0.0.1:PORT`, for `endpoint_url`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Replace the data (takes effect for the next request).
    pub fn set_data(&self, data: FakeData) {
        *self.state.data.lock().unwrap() = Arc::new(data);
    }

    /// Serve `bytes` at `path` (e.g. `/offers/v1.0/aws/index.json`) to unsigned `GET`s.
    pub fn serve_file(&self, path: &str, bytes: impl Into<Vec<u8>>) {
        let bytes: Vec<u8> = bytes.into();
        let etag = format!("\"{:016x}\"", fnv1a(&bytes));
        self.state.files.lock().unwrap().insert(
            path.to_string(),
            ServedFile {
                bytes: Arc::new(bytes),
                etag,
            },
        );
    }

    /// Serve every file under `dir`, recursively, at `url_prefix` + its relative path.
    /// Returns how many files were added.
    pub fn serve_dir(&self, url_prefix: &str, dir: &Path) -> std::io::Result<usize> {
        let mut count = 0;
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d)? {
                let p = entry?.path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    let rel = p.strip_prefix(dir).expect("under dir");
                    let rel: Vec<_> = rel.iter().map(|c| c.to_string_lossy()).collect();
                    let url = format!("{}/{}", url_prefix.trim_end_matches('/'), rel.join("/"));
                    self.serve_file(&url, std::fs::read(&p)?);
                    count += 1;
                }
            }
        }
        Ok(count)
    }

    /// Sleep this long before every response (all routes, faults included).
    /// Renders every quota page of every region now, as the collector asks for them (`bedrock`,
    /// 100 per page), so that answering them during a benchmark takes next to no CPU: the fake
    /// stands for AWS, whose work does not share the collector's cores. Faults still apply.
    pub fn prerender_quota_pages(&self) {
        let data = self.state.data.lock().unwrap().clone();
        let body = serde_json::json!({"ServiceCode": "bedrock", "MaxResults": 100});
        let mut pages = HashMap::new();
        for (region, rd) in &data.regions {
            for (api, quotas) in [
                (Api::ListServiceQuotas, &rd.service_quotas),
                (Api::ListAwsDefaultServiceQuotas, &rd.default_quotas),
            ] {
                let mut token: Option<String> = None;
                loop {
                    let resp = list_quotas(quotas, &body, token.as_deref());
                    let next = serde_json::from_slice::<QuotasPage>(&resp.body)
                        .ok()
                        .and_then(|p| p.next_token);
                    pages.insert((region.clone(), api, token), resp.body);
                    match next {
                        Some(t) => token = Some(t),
                        None => break,
                    }
                }
            }
        }
        *self.state.quota_pages.lock().unwrap() = pages;
    }

    /// How many quota pages are rendered ahead (and how many requests used one).
    pub fn prerendered_quota_pages(&self) -> (usize, usize) {
        (
            self.state.quota_pages.lock().unwrap().len(),
            self.state.quota_pages_served.load(Ordering::SeqCst),
        )
    }

    pub fn set_latency(&self, latency: Duration) {
        *self.state.latency.lock().unwrap() = latency;
    }

    /// Real endpoints do not answer in a fixed time: each request's latency is drawn from
    /// latency × [1 - `jitter`, 1 + `jitter`] (0 to 1), seeded, so that the answers to one wave
    /// of requests come back spread out rather than together.
    pub fn set_latency_jitter(&self, jitter: f64, seed: u64) {
        *self.state.latency_jitter.lock().unwrap() = jitter.clamp(0.0, 1.0);
        *self.state.latency_rng.lock().unwrap() = seed.max(1) ^ 0x5DEE_CE66_D1CE_4E5B;
    }

    /// Seed of the xorshift used for `Rule::probability` (resets the generator).
    pub fn set_seed(&self, seed: u64) {
        *self.state.rng.lock().unwrap() = if seed == 0 { DEFAULT_SEED } else { seed };
    }

    pub fn add_rule(&self, rule: Rule) {
        self.state
            .rules
            .lock()
            .unwrap()
            .push(RuleState { rule, fired: 0 });
    }

    /// Throttles a region's API in bursts (after the rules, which win).
    pub fn add_burst(&self, burst: Burst) {
        self.state.bursts.lock().unwrap().push(burst);
    }

    pub fn clear_rules(&self) {
        self.state.rules.lock().unwrap().clear();
    }

    /// Every request so far, in arrival order.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.state.requests.lock().unwrap().clone()
    }

    /// The requests routed to `api`.
    pub fn requests_for(&self, api: Api) -> Vec<RequestRecord> {
        self.requests()
            .into_iter()
            .filter(|r| r.api == api)
            .collect()
    }

    pub fn request_count(&self) -> usize {
        self.state.requests.lock().unwrap().len()
    }

    /// The highest number of requests handled at once (request read to response written).
    /// Stalled and closed requests stop counting once their fault starts.
    pub fn max_in_flight(&self) -> usize {
        self.state.max_in_flight.load(Ordering::SeqCst)
    }

    /// Forget recorded requests and the in-flight high-water mark.
    pub fn reset_counters(&self) {
        self.state.requests.lock().unwrap().clear();
        self.state.max_in_flight.store(0, Ordering::SeqCst);
    }
}

impl Drop for FakeAws {
    fn drop(&mut self) {
        // The accept task owns the connection tasks (a JoinSet): aborting it drops them all.
        self.accept.abort();
    }
}

async fn accept_loop(listener: TcpListener, state: Arc<State>) {
    let mut connections = JoinSet::new();
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            // E.g. out of file descriptors: back off instead of spinning.
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        // Head and body go out as separate writes: without TCP_NODELAY the body's last segment
        // waits for the client's delayed ACK (about 40 ms per response on a kept-alive connection).
        let _ = stream.set_nodelay(true);
        while connections.try_join_next().is_some() {}
        connections.spawn(serve_connection(stream, state.clone()));
    }
}

/// A parsed HTTP/1.1 request.
struct Request {
    method: String,
    target: String,
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }
}

/// Read one request; `None` at end of stream or on a malformed request.
async fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Request> {
    let mut line = String::new();
    if reader.read_line(&mut line).await.ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).await.ok()? == 0 {
            return None;
        }
        let h = h.trim_end_matches(['\r', '\n']);
        if h.is_empty() {
            break;
        }
        let (name, value) = h.split_once(':')?;
        headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
    }
    let len: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body).await.ok()?;
    Some(Request {
        method,
        target,
        headers,
        body,
    })
}

/// Decrements the in-flight count when dropped (also when the connection task is aborted).
struct InFlight<'a>(&'a AtomicUsize);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn serve_connection(stream: TcpStream, state: Arc<State>) {
    let mut reader = BufReader::new(stream);
    while let Some(req) = read_request(&mut reader).await {
        let now = state.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        state.max_in_flight.fetch_max(now, Ordering::SeqCst);
        let guard = InFlight(&state.in_flight);

        // The latency is the server's whole time per request, counted from the request's arrival:
        // building the response is part of it, not added to it.
        let received = tokio::time::Instant::now();
        let request_id = state.next_request_id.fetch_add(1, Ordering::SeqCst) + 1;
        let latency = state.next_latency();
        let outcome = handle(&state, &req, latency);
        if !latency.is_zero() {
            tokio::time::sleep_until(received + latency).await;
        }
        match outcome {
            Outcome::Respond(resp) => {
                let close = req
                    .header("connection")
                    .is_some_and(|v| v.eq_ignore_ascii_case("close"));
                let stream = reader.get_mut();
                let ok = stream
                    .write_all(resp.head(request_id).as_bytes())
                    .await
                    .is_ok()
                    && stream.write_all(&resp.body).await.is_ok()
                    && stream.flush().await.is_ok();
                drop(guard);
                if !ok || close {
                    return;
                }
            }
            Outcome::Stall => {
                drop(guard);
                // Keep the socket open until the server (and so this task) is dropped.
                std::future::pending::<()>().await;
            }
            Outcome::Trickle(resp, gap) => {
                let stream = reader.get_mut();
                let mut ok = stream
                    .write_all(resp.head(request_id).as_bytes())
                    .await
                    .is_ok();
                for piece in resp.body.chunks(resp.body.len().div_ceil(10).max(1)) {
                    tokio::time::sleep(gap).await;
                    ok =
                        ok && stream.write_all(piece).await.is_ok() && stream.flush().await.is_ok();
                }
                drop(guard);
                if !ok {
                    return;
                }
            }
            Outcome::StallFor(d) => {
                drop(guard);
                tokio::time::sleep(d).await;
                return;
            }
            Outcome::Chunked(resp) => {
                let ok = write_chunked(reader.get_mut(), &resp, request_id).await;
                drop(guard);
                if !ok {
                    return;
                }
            }
            Outcome::Close => return,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Routing
// ---------------------------------------------------------------------------------------------

enum Outcome {
    Respond(Response),
    /// The response with its body in ten pieces, this far apart.
    Trickle(Response, Duration),
    Stall,
    StallFor(Duration),
    Close,
    /// The response without a `Content-Length`, its body in chunks (`Transfer-Encoding: chunked`).
    Chunked(Response),
}

/// Writes `resp` with `Transfer-Encoding: chunked`, 16 KiB a chunk; false when the client has
/// gone (as it does when it refuses an answer part-way).
async fn write_chunked(stream: &mut TcpStream, resp: &Response, request_id: usize) -> bool {
    if stream
        .write_all(
            resp.head_framed(request_id, "transfer-encoding: chunked")
                .as_bytes(),
        )
        .await
        .is_err()
    {
        return false;
    }
    for piece in resp.body.chunks(16 << 10) {
        let mut chunk = format!("{:x}\r\n", piece.len()).into_bytes();
        chunk.extend_from_slice(piece);
        chunk.extend_from_slice(b"\r\n");
        if stream.write_all(&chunk).await.is_err() {
            return false;
        }
    }
    stream.write_all(b"0\r\n\r\n").await.is_ok() && stream.flush().await.is_ok()
}

struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Response {
    /// Status line and headers; `request_id` becomes `x-amzn-requestid`.
    fn head(&self, request_id: usize) -> String {
        self.head_framed(request_id, &format!("content-length: {}", self.body.len()))
    }

    /// Status line and headers, the body's length said by `framing` (a `content-length` or
    /// `transfer-encoding` header).
    fn head_framed(&self, request_id: usize, framing: &str) -> String {
        let mut out = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            out.push_str(&format!("{name}: {value}\r\n"));
        }
        out.push_str(&format!(
            "{framing}\r\nx-amzn-requestid: fake-{request_id:08}\r\n\r\n"
        ));
        out
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        304 => "Not Modified",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Unknown",
    }
}

/// Wire protocol of the answer.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Protocol {
    RestJson1,
    AwsJson11,
    /// Mantle's: errors as `{"error": {"message", "type", "code"}}`.
    OpenAi,
    Plain,
}

/// Why a Mantle bearer key is not one AWS's token generator makes for `region`, if it is not:
/// `bedrock-api-key-` + base64 of `bedrock.amazonaws.com/?Action=CallWithBearerToken&...` (a
/// SigV4 query presign: algorithm, credential scoped to `region` and `bedrock`, date, expiry of at
/// most 12 hours, signed headers with `host`, a 64-hex signature) + `&Version=1`.
pub fn mantle_key_problem(authorization: Option<&str>, region: &str) -> Option<String> {
    let Some(bearer) = authorization.and_then(|a| a.strip_prefix("Bearer ")) else {
        return Some("no bearer key".into());
    };
    let Some(b64) = bearer.strip_prefix("bedrock-api-key-") else {
        return Some("the key lacks the bedrock-api-key- prefix".into());
    };
    let Some(url) = aws_smithy_types::base64::decode(b64)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
    else {
        return Some("the key is not base64 of a URL".into());
    };
    let Some(rest) = url.strip_prefix("bedrock.amazonaws.com/?") else {
        return Some(format!(
            "the key's URL is not bedrock.amazonaws.com/: {url}"
        ));
    };
    let Some(query) = rest.strip_suffix("&Version=1") else {
        return Some("the key's URL does not end with &Version=1".into());
    };
    let q = parse_query(query);
    let want = |k: &str| q.get(k).map(String::as_str).unwrap_or("");
    if want("Action") != "CallWithBearerToken" {
        return Some("the key does not presign Action=CallWithBearerToken".into());
    }
    if want("X-Amz-Algorithm") != "AWS4-HMAC-SHA256" {
        return Some("the key is not SigV4 (X-Amz-Algorithm)".into());
    }
    let scope: Vec<&str> = want("X-Amz-Credential").split('/').collect();
    if scope.len() != 5 || scope[2] != region || scope[3] != "bedrock" || scope[4] != "aws4_request"
    {
        return Some(format!(
            "the key's credential scope {:?} is not {region}/bedrock",
            want("X-Amz-Credential")
        ));
    }
    if want("X-Amz-Date").len() != 16 || !want("X-Amz-Date").starts_with(scope[1]) {
        return Some("the key's X-Amz-Date does not match its scope".into());
    }
    match want("X-Amz-Expires").parse::<u64>() {
        Ok(1..=43200) => {}
        _ => return Some("the key's X-Amz-Expires is not 1 to 43200 seconds".into()),
    }
    if !want("X-Amz-SignedHeaders").split(';').any(|h| h == "host") {
        return Some("the key does not sign the host header".into());
    }
    let sig = want("X-Amz-Signature");
    if sig.len() != 64 || !sig.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Some("the key has no SigV4 signature".into());
    }
    None
}

/// `(region, service)` of a short-term Bedrock API key (`Bearer bedrock-api-key-...`).
fn bearer_scope(authorization: &str) -> Option<(String, String)> {
    let b64 = authorization.strip_prefix("Bearer bedrock-api-key-")?;
    let url = String::from_utf8(aws_smithy_types::base64::decode(b64).ok()?).ok()?;
    let query = parse_query(url.split_once('?')?.1);
    let scope: Vec<&str> = query.get("X-Amz-Credential")?.split('/').collect();
    (scope.len() == 5).then(|| (scope[2].to_string(), scope[3].to_string()))
}

/// `(region, service)` from `Credential=AKID/DATE/REGION/SERVICE/aws4_request`.
fn credential_scope(authorization: &str) -> Option<(String, String)> {
    let scope = authorization.split("Credential=").nth(1)?;
    let scope = scope.split([',', ' ']).next()?;
    let mut parts = scope.split('/');
    let (_akid, _date) = (parts.next()?, parts.next()?);
    Some((parts.next()?.to_string(), parts.next()?.to_string()))
}

fn handle(state: &State, req: &Request, latency: Duration) -> Outcome {
    let (path, query) = req.target.split_once('?').unwrap_or((&req.target, ""));
    let query = parse_query(query);
    // SigV4, or a bearer key (the SDK sends `AWS_BEARER_TOKEN_BEDROCK` to Bedrock as one): the
    // region of a short-term key's presigned credential scope.
    let scope = req
        .header("authorization")
        .and_then(|a| credential_scope(a).or_else(|| bearer_scope(a)));
    let (region, service) = match &scope {
        Some((r, s)) => (Some(r.clone()), Some(s.clone())),
        None => (None, None),
    };
    let target_op = req
        .header("x-amz-target")
        .map(|t| t.rsplit('.').next().unwrap_or(t));
    let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap_or_default();

    // Mantle: the region is in the path (`/mantle/{region}/v1/models`), the key in a bearer header.
    let mantle_region = path
        .strip_prefix("/mantle/")
        .and_then(|p| p.strip_suffix("/v1/models"))
        .filter(|_| req.method == "GET")
        .map(str::to_string);
    let (region, service) = match &mantle_region {
        Some(r) => (Some(r.clone()), Some("bedrock-mantle".to_string())),
        None => (region, service),
    };
    let api = match (req.method.as_str(), path, target_op, scope.is_some()) {
        _ if mantle_region.is_some() => Api::MantleModels,
        (_, _, _, false) if req.method == "GET" => Api::File,
        ("GET", "/foundation-models", None, true) => Api::ListFoundationModels,
        ("GET", "/inference-profiles", None, true) => Api::ListInferenceProfiles,
        ("GET", p, None, true) if p.starts_with("/foundation-model-availability/") => {
            Api::GetFoundationModelAvailability
        }
        ("GET", "/provisioned-model-throughputs", None, true) => {
            Api::ListProvisionedModelThroughputs
        }
        ("POST", "/", Some("ListServiceQuotas"), true) => Api::ListServiceQuotas,
        ("POST", "/", Some("ListAWSDefaultServiceQuotas"), true) => {
            Api::ListAwsDefaultServiceQuotas
        }
        ("POST", "/", None, true)
            if service.as_deref() == Some("sts")
                && form_action(&req.body) == Some("AssumeRole".to_string()) =>
        {
            Api::AssumeRole
        }
        _ => Api::Unknown,
    };
    let protocol = if api == Api::File {
        Protocol::Plain
    } else if api == Api::MantleModels {
        Protocol::OpenAi
    } else if target_op.is_some() || service.as_deref() == Some("servicequotas") {
        Protocol::AwsJson11
    } else {
        Protocol::RestJson1
    };
    let next_token = match api {
        Api::ListInferenceProfiles | Api::ListProvisionedModelThroughputs => {
            query.get("nextToken").cloned()
        }
        Api::ListServiceQuotas | Api::ListAwsDefaultServiceQuotas => {
            body["NextToken"].as_str().map(str::to_string)
        }
        _ => None,
    };
    let attempt = req
        .header("amz-sdk-request")
        .and_then(|v| v.split(';').find_map(|p| p.trim().strip_prefix("attempt=")))
        .and_then(|n| n.parse().ok());

    let data = state.data.lock().unwrap().clone();
    let region_data = region.as_deref().and_then(|r| data.regions.get(r));
    let mut fault = pick_fault(state, region.as_deref(), api);
    if fault.is_none() {
        let elapsed = state.started.elapsed();
        let bursts = state.bursts.lock().unwrap();
        if bursts
            .iter()
            .any(|b| b.throttles(region.as_deref(), api, elapsed))
        {
            fault = Some(Fault::Throttle);
        }
    }
    if fault.is_none()
        && !matches!(api, Api::File | Api::Unknown | Api::AssumeRole)
        && region_data.is_none()
    {
        fault = Some(Fault::NotOptedIn);
    }
    let access_key_id = req
        .header("authorization")
        .and_then(|a| a.split("Credential=").nth(1))
        .and_then(|c| c.split('/').next())
        .map(str::to_string);
    state.requests.lock().unwrap().push(RequestRecord {
        region: region.clone(),
        service,
        access_key_id,
        api,
        next_token: next_token.clone(),
        attempt,
        fault,
        path: path.to_string(),
        target: req.target.clone(),
        received: state.started.elapsed(),
        latency,
    });

    // The real answer to the page of `next_token`; `Malformed` truncates it.
    let answer_at = |next_token: Option<&str>| -> Response {
        match (api, region_data) {
            (Api::File, _) => serve_file(state, path, req.header("if-none-match")),
            (Api::AssumeRole, _) => assume_role_denied(&req.body),
            (Api::ListFoundationModels, Some(rd)) => list_foundation_models(rd, &query),
            (Api::ListInferenceProfiles, Some(rd)) => {
                list_inference_profiles(rd, &query, next_token)
            }
            (Api::GetFoundationModelAvailability, Some(rd)) => {
                let id = percent_decode(path.trim_start_matches("/foundation-model-availability/"));
                foundation_model_availability(rd, &id)
            }
            (Api::ListProvisionedModelThroughputs, Some(rd)) => {
                list_provisioned_throughputs(rd, &query, next_token)
            }
            (Api::ListServiceQuotas | Api::ListAwsDefaultServiceQuotas, Some(_))
                if body["ServiceCode"] == "bedrock"
                    && body["MaxResults"] == 100
                    && let Some(page) = state.quota_pages.lock().unwrap().get(&(
                        region.clone().unwrap_or_default(),
                        api,
                        next_token.map(str::to_string),
                    )) =>
            {
                state.quota_pages_served.fetch_add(1, Ordering::SeqCst);
                json_response(Protocol::AwsJson11, 200, page.clone())
            }
            (Api::ListServiceQuotas, Some(rd)) => {
                list_quotas(&rd.service_quotas, &body, next_token)
            }
            (Api::ListAwsDefaultServiceQuotas, Some(rd)) => {
                list_quotas(&rd.default_quotas, &body, next_token)
            }
            (Api::MantleModels, Some(rd)) => {
                match mantle_key_problem(
                    req.header("authorization"),
                    region.as_deref().unwrap_or(""),
                ) {
                    Some(problem) => {
                        let body = serde_json::json!({"error": {
                            "message": format!("Invalid API key: {problem}"),
                            "type": "invalid_request_error",
                            "code": "invalid_api_key",
                        }});
                        json_response(protocol, 401, body.to_string().into_bytes())
                    }
                    None => mantle_models(rd),
                }
            }
            _ => error(
                protocol,
                404,
                "UnknownOperationException",
                &format!("No route for {} {}", req.method, path),
            ),
        }
    };

    let answer = || answer_at(next_token.as_deref());

    let Some(fault) = fault else {
        return Outcome::Respond(answer());
    };
    let denied = format!(
        "User: arn:aws:iam::{FAKE_ACCOUNT}:user/x is not authorized to perform: {action} \
         because no identity-based policy allows the {action} action",
        action = api.iam_action()
    );
    let denied_role = format!(
        "User: arn:aws:sts::{FAKE_ACCOUNT}:assumed-role/ci-role/session-1733300000 is not \
         authorized to perform: {action} on resource: * with an explicit deny in a service control \
         policy: arn:aws:organizations::{FAKE_ACCOUNT}:policy/o-a1b2c3d4e5/service_control_policy/p-abcd1234",
        action = api.iam_action()
    );
    Outcome::Respond(match fault {
        Fault::Stall => return Outcome::Stall,
        Fault::StallFor(d) => return Outcome::StallFor(d),
        Fault::Trickle(gap) => return Outcome::Trickle(answer(), gap),
        Fault::AccessDeniedRole => error(protocol, 403, "AccessDeniedException", &denied_role),
        Fault::CloseConnection => return Outcome::Close,
        Fault::NextTokenAt { at, next } => {
            let offset = next_token.as_deref().map_or(Some(0), parse_page_token);
            let resp = answer();
            if offset == Some(at) && resp.status == 200 {
                with_next_token(resp, protocol, &page_token(next))
            } else {
                resp
            }
        }
        Fault::HostileMessage => error(
            protocol,
            403,
            "AccessDeniedException",
            "denied\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202e}txt.exe",
        ),
        Fault::Padded(n) => {
            let mut resp = answer();
            resp.body.resize(resp.body.len() + n, b' ');
            resp
        }
        Fault::PaddedChunked(n) => {
            let mut resp = answer();
            resp.body.resize(resp.body.len() + n, b' ');
            return Outcome::Chunked(resp);
        }
        Fault::EndlessPages => {
            let n = next_token
                .as_deref()
                .and_then(|t| t.strip_prefix("endless-"))
                .and_then(|n| n.parse::<u64>().ok())
                .unwrap_or(0);
            with_next_token(answer_at(None), protocol, &format!("endless-{}", n + 1))
        }
        Fault::Malformed => {
            let mut resp = answer();
            let half = resp.body.len() / 2;
            resp.body.truncate(half);
            resp
        }
        Fault::Throttle => match protocol {
            Protocol::RestJson1 => error(protocol, 400, "ThrottlingException", "Rate exceeded"),
            Protocol::AwsJson11 => {
                error(protocol, 400, "TooManyRequestsException", "Rate exceeded")
            }
            Protocol::Plain => error(
                protocol,
                429,
                "SlowDown",
                "Please reduce your request rate.",
            ),
            Protocol::OpenAi => error(protocol, 429, "ThrottlingException", "Rate exceeded"),
        },
        Fault::ServerError(status) => {
            let code = match status {
                500 => "InternalServerException",
                503 => "ServiceUnavailableException",
                _ => "InternalFailure",
            };
            error(protocol, status, code, "Internal error, please retry.")
        }
        Fault::NotOptedIn => error(
            protocol,
            403,
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
        ),
        Fault::AccessDenied => error(protocol, 403, "AccessDeniedException", &denied),
        Fault::ClockBehind(minutes) => error(
            protocol,
            403,
            "InvalidSignatureException",
            &signature_expired(req.header("x-amz-date").unwrap_or(""), minutes),
        ),
        Fault::AccessDeniedEcho => error(
            protocol,
            403,
            "AccessDeniedException",
            &format!(
                "{denied}; request headers: X-Amz-Security-Token: {}, Authorization: {}",
                req.header("x-amz-security-token").unwrap_or(""),
                req.header("authorization").unwrap_or("")
            ),
        ),
        Fault::ExpiredToken => error(
            protocol,
            403,
            "ExpiredTokenException",
            "The security token included in the request is expired",
        ),
    })
}

/// `resp` (a 200 list page) naming `token` as its next page.
fn with_next_token(mut resp: Response, protocol: Protocol, token: &str) -> Response {
    let mut page: serde_json::Value = serde_json::from_slice(&resp.body).expect("a JSON page");
    let key = match protocol {
        Protocol::AwsJson11 => "NextToken",
        _ => "nextToken",
    };
    page[key] = serde_json::Value::String(token.to_string());
    resp.body = page.to_string().into_bytes();
    resp
}

/// AWS's message for a signature made `minutes` before its own clock (`signed` is the request's
/// `X-Amz-Date`, `20261206T101500Z`).
fn signature_expired(signed: &str, minutes: u32) -> String {
    use aws_smithy_types::date_time::{DateTime, Format};
    let rfc = |d: &str| {
        format!(
            "{}-{}-{}T{}:{}:{}Z",
            &d[..4],
            &d[4..6],
            &d[6..8],
            &d[9..11],
            &d[11..13],
            &d[13..15]
        )
    };
    let amz = |secs: i64| {
        DateTime::from_secs(secs)
            .fmt(Format::DateTime)
            .unwrap()
            .replace(['-', ':'], "")
    };
    let signed_secs = DateTime::from_str(&rfc(signed), Format::DateTime)
        .expect("X-Amz-Date")
        .secs();
    let now = signed_secs + i64::from(minutes) * 60;
    format!(
        "Signature expired: {signed} is now earlier than {} ({} - 5 min.)",
        amz(now - 300),
        amz(now)
    )
}

/// The first rule that matches and fires, if any (consumes one of its `times`).
fn pick_fault(state: &State, region: Option<&str>, api: Api) -> Option<Fault> {
    let mut rules = state.rules.lock().unwrap();
    for rs in rules.iter_mut() {
        let r = &rs.rule;
        let matches = r.region.as_deref().is_none_or(|want| region == Some(want))
            && r.api.is_none_or(|want| want == api)
            && r.times.is_none_or(|n| rs.fired < n);
        if !matches {
            continue;
        }
        if r.probability < 1.0 {
            let roll = next_random(&mut state.rng.lock().unwrap());
            if roll >= r.probability {
                continue;
            }
        }
        rs.fired += 1;
        return Some(r.fault);
    }
    None
}

/// xorshift64*: a uniform f64 in [0, 1).
fn next_random(s: &mut u64) -> f64 {
    let mut x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn parse_query(query: &str) -> HashMap<String, String> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

/// RFC 3986 percent-decoding (`+` stays `+`: the SDK encodes a plus as `%2B`).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

// ---------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------

fn json_response(protocol: Protocol, status: u16, body: Vec<u8>) -> Response {
    let content_type = match protocol {
        Protocol::AwsJson11 => "application/x-amz-json-1.1",
        _ => "application/json",
    };
    Response {
        status,
        headers: vec![("content-type", content_type.to_string())],
        body,
    }
}

/// An error as the SDK parses it: restJson1 reads the `x-amzn-errortype` header and `message`;
/// awsJson1_1 reads `__type` (namespace before `#` stripped) and `message`/`Message`.
fn error(protocol: Protocol, status: u16, code: &str, message: &str) -> Response {
    match protocol {
        Protocol::RestJson1 => {
            let body = serde_json::json!({ "message": message });
            let mut r = json_response(protocol, status, body.to_string().into_bytes());
            r.headers.push(("x-amzn-errortype", code.to_string()));
            r
        }
        Protocol::AwsJson11 => {
            let body = serde_json::json!({
                "__type": format!("com.amazonaws.servicequotas#{code}"),
                "Message": message,
            });
            json_response(protocol, status, body.to_string().into_bytes())
        }
        Protocol::Plain => {
            let body = serde_json::json!({ "code": code, "message": message });
            json_response(protocol, status, body.to_string().into_bytes())
        }
        Protocol::OpenAi => {
            let body =
                serde_json::json!({"error": {"message": message, "type": code, "code": null}});
            json_response(protocol, status, body.to_string().into_bytes())
        }
    }
}

/// The `Action` of an AWS query-protocol form body (`Action=AssumeRole&Version=...`).
fn form_action(body: &[u8]) -> Option<String> {
    form_value(body, "Action")
}

fn form_value(body: &[u8], key: &str) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    parse_query(text).remove(key)
}

/// STS's answer to an `AssumeRole` the caller may not make: 403 with the query protocol's
/// `<ErrorResponse>` XML, which the SDK reads as code `AccessDenied` and the message.
fn assume_role_denied(body: &[u8]) -> Response {
    let role = form_value(body, "RoleArn").unwrap_or_default();
    let xml = format!(
        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
         <Error><Type>Sender</Type><Code>AccessDenied</Code>\
         <Message>User: arn:aws:iam::{FAKE_ACCOUNT}:user/x is not authorized to perform: \
         sts:AssumeRole on resource: {role}</Message></Error>\
         <RequestId>fake-sts</RequestId></ErrorResponse>"
    );
    Response {
        status: 403,
        headers: vec![("content-type", "text/xml".to_string())],
        body: xml.into_bytes(),
    }
}

/// Mantle's list in OpenAI's shape.
fn mantle_models(rd: &RegionData) -> Response {
    let data: Vec<serde_json::Value> = rd
        .mantle_models
        .iter()
        .map(|id| serde_json::json!({"id": id, "object": "model", "created": 1_764_460_800, "owned_by": "system"}))
        .collect();
    let body = serde_json::json!({"object": "list", "data": data});
    json_response(Protocol::OpenAi, 200, body.to_string().into_bytes())
}

fn serve_file(state: &State, path: &str, if_none_match: Option<&str>) -> Response {
    let files = state.files.lock().unwrap();
    let Some(file) = files.get(path) else {
        return Response {
            status: 404,
            headers: vec![("content-type", "text/plain".to_string())],
            body: format!("no such file: {path}").into_bytes(),
        };
    };
    let etag_header = ("etag", file.etag.clone());
    let matched = if_none_match.is_some_and(|v| {
        v.split(',')
            .any(|t| t.trim() == "*" || t.trim().trim_start_matches("W/") == file.etag)
    });
    if matched {
        return Response {
            status: 304,
            headers: vec![etag_header],
            body: Vec::new(),
        };
    }
    let content_type = if path.ends_with(".json") {
        "application/json"
    } else {
        "application/octet-stream"
    };
    Response {
        status: 200,
        headers: vec![("content-type", content_type.to_string()), etag_header],
        body: file.bytes.as_ref().clone(),
    }
}

fn list_foundation_models(rd: &RegionData, query: &HashMap<String, String>) -> Response {
    let has = |list: &[String], key: &str| match query.get(key) {
        Some(want) => list.iter().any(|v| v.eq_ignore_ascii_case(want)),
        None => true,
    };
    let page = FoundationModelsPage {
        model_summaries: rd
            .foundation_models
            .iter()
            .filter(|m| {
                query.get("byProvider").is_none_or(|p| {
                    m.provider_name
                        .as_deref()
                        .is_some_and(|n| n.eq_ignore_ascii_case(p))
                })
            })
            .filter(|m| has(&m.inference_types_supported, "byInferenceType"))
            .filter(|m| has(&m.output_modalities, "byOutputModality"))
            .filter(|m| has(&m.customizations_supported, "byCustomizationType"))
            .cloned()
            .collect(),
    };
    json_response(
        Protocol::RestJson1,
        200,
        serde_json::to_vec(&page).expect("serialize"),
    )
}

/// Opaque pagination token for offset `n`: contains `+`, `/` and `=` so that clients must
/// percent-encode it (and the fake must decode it).
pub fn page_token(offset: usize) -> String {
    format!("fk+{offset}/page==")
}

fn parse_page_token(token: &str) -> Option<usize> {
    token
        .strip_prefix("fk+")?
        .strip_suffix("/page==")?
        .parse()
        .ok()
}

/// `(items of this page, next token)`, or `Err` for a token the fake did not issue.
fn paginate<T: Clone>(
    items: &[T],
    token: Option<&str>,
    max_results: Option<usize>,
    default_size: usize,
) -> Result<(Vec<T>, Option<String>), ()> {
    let start = match token {
        None | Some("") => 0,
        Some(t) => parse_page_token(t)
            .filter(|&n| n <= items.len())
            .ok_or(())?,
    };
    let size = max_results.filter(|&n| n > 0).unwrap_or(default_size);
    let end = (start + size).min(items.len());
    let next = (end < items.len()).then(|| page_token(end));
    Ok((items[start..end].to_vec(), next))
}

/// Items per ListInferenceProfiles page when the request has no `maxResults`.
pub const PROFILES_DEFAULT_PAGE: usize = 10;

fn list_inference_profiles(
    rd: &RegionData,
    query: &HashMap<String, String>,
    token: Option<&str>,
) -> Response {
    // The account's own profiles are asked for apart (`typeEquals=APPLICATION`).
    let listed = if query.get("type").map(String::as_str) == Some("APPLICATION") {
        &rd.application_profiles
    } else {
        &rd.inference_profiles
    };
    let filtered: Vec<InferenceProfileSummary> = listed
        .iter()
        .filter(|p| query.get("type").is_none_or(|t| &p.profile_type == t))
        .cloned()
        .collect();
    let max = query.get("maxResults").and_then(|v| v.parse().ok());
    // AWS's default page is small (and undocumented): without `maxResults` a client that does
    // not ask for the maximum makes several requests per region.
    match paginate(&filtered, token, max, PROFILES_DEFAULT_PAGE) {
        Ok((items, next_token)) => {
            let page = InferenceProfilesPage {
                inference_profile_summaries: items,
                next_token,
            };
            json_response(
                Protocol::RestJson1,
                200,
                serde_json::to_vec(&page).expect("serialize"),
            )
        }
        Err(()) => error(
            Protocol::RestJson1,
            400,
            "ValidationException",
            "The pagination token is invalid.",
        ),
    }
}

/// Only `ServiceCode: "bedrock"` has quotas; other service codes get an empty list.
fn list_quotas(quotas: &[ServiceQuota], body: &serde_json::Value, token: Option<&str>) -> Response {
    let quotas = if body["ServiceCode"].as_str() == Some("bedrock") {
        quotas
    } else {
        &[]
    };
    let max = body["MaxResults"].as_u64().map(|n| n as usize);
    match paginate(quotas, token, max, 100) {
        Ok((items, next_token)) => {
            let page = QuotasPage {
                quotas: items,
                next_token,
            };
            json_response(
                Protocol::AwsJson11,
                200,
                serde_json::to_vec(&page).expect("serialize"),
            )
        }
        Err(()) => error(
            Protocol::AwsJson11,
            400,
            "InvalidPaginationTokenException",
            "Invalid pagination token.",
        ),
    }
}

/// `GetFoundationModelAvailability`: see `RegionData::availability`.
fn foundation_model_availability(rd: &RegionData, id: &str) -> Response {
    let listed = rd.foundation_models.iter().find(|m| m.model_id == id);
    let answer = match (listed, rd.availability.get(id)) {
        (None, _) | (Some(_), Some(None)) => {
            return error(
                Protocol::RestJson1,
                404,
                "ResourceNotFoundException",
                &format!("The model {id} is not found."),
            );
        }
        (Some(_), Some(Some(answer))) => answer.clone(),
        (Some(_), None) => ModelAvailability {
            model_id: id.to_string(),
            agreement_availability: Some(AgreementAvailability {
                status: "AVAILABLE".into(),
                error_message: None,
            }),
            authorization_status: Some("AUTHORIZED".into()),
            entitlement_availability: Some("AVAILABLE".into()),
            region_availability: Some("AVAILABLE".into()),
            not_found: None,
        },
    };
    json_response(
        Protocol::RestJson1,
        200,
        serde_json::to_vec(&answer).expect("serialize"),
    )
}

/// `ListProvisionedModelThroughputs`, paginated like the profiles.
fn list_provisioned_throughputs(
    rd: &RegionData,
    query: &HashMap<String, String>,
    token: Option<&str>,
) -> Response {
    let max = query.get("maxResults").and_then(|v| v.parse().ok());
    match paginate(
        &rd.provisioned_throughputs,
        token,
        max,
        PROFILES_DEFAULT_PAGE,
    ) {
        Ok((items, next_token)) => {
            let page = ProvisionedThroughputsPage {
                provisioned_model_summaries: items,
                next_token,
            };
            json_response(
                Protocol::RestJson1,
                200,
                serde_json::to_vec(&page).expect("serialize"),
            )
        }
        Err(()) => error(
            Protocol::RestJson1,
            400,
            "ValidationException",
            "The pagination token is invalid.",
        ),
    }
}
