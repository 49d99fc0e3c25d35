//! The run's one limit on requests in flight (`--threads`), shared by the AWS calls and the file
//! downloads, and the order in which waiting requests are let through.
//!
//! Critical path first: a waiting request is served by the expected number of requests left in
//! its chain (itself included), longest first; then by its position in its chain; then in the
//! order it asked. Chains differ by a factor of four on a real account (us-east-1 lists about 12
//! quota pages per quota API, most regions 3 to 5), and the run cannot end before its longest
//! chain does: letting the long chains through first keeps them from finishing alone at the end
//! with most permits idle, while the short chains and single requests fill the other permits.
//! The expected lengths come from [`Chains`]: the page counts of the previous run when there is a
//! record of them, otherwise a prior that puts us-east-1's and us-west-2's quota chains first.
//! The regions start in the same order ([`Chains::start_order`]). Each page asks for its permit
//! anew, in its place in line: a long chain's next page still comes before the shorter chains'.
//!
//! A permit bounds requests in flight, not requests waiting: an AWS request that is waiting out
//! a retry backoff gives its permit back and takes one again (in its place in line) before its
//! next attempt ([`Limiter::in_flight`], [`attempt_failed`], [`BackoffSleep`]). The SDK still
//! decides whether to retry and how long to wait; these hooks, in its interceptor and its sleep,
//! only move the permit, so that one throttled region does not hold the others back.

use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::future::Future;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_smithy_async::rt::sleep::{AsyncSleep, SharedAsyncSleep, Sleep};
use tokio::sync::oneshot;

use super::{Api, AwsRaw, Status};

/// Where a request stands in its chain of dependent requests: 1 for a first page or a request
/// that depends on no other, `k` for the `k`-th page of a paginated call.
pub type Position = u32;

/// The position of a request that depends on no other.
pub const FIRST: Position = 1;

/// Requests expected to be left in a chain, the current one included (at least 1).
pub type Remaining = u32;

/// Expected length (in requests) of each region's chain of pages per API.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chains {
    /// Pages seen per (region, API) by the previous run.
    pages: BTreeMap<(String, Api), u32>,
}

/// File name of the record of the last run's page counts, in the cache directory.
pub const CHAINS_FILE: &str = "chains.json";

impl Chains {
    /// The page counts of `raw` (a finished run), to be saved for the next run.
    pub fn from_raw(raw: &AwsRaw) -> Chains {
        let mut pages = BTreeMap::new();
        for (region, r) in &raw.regions {
            for api in Api::ALL {
                match r.outcome(api) {
                    (Ok(_), n) if n > 0 => {
                        pages.insert((region.clone(), api), n as u32);
                    }
                    // A region not opted in answers each call once, with an error; the prior
                    // would expect a whole quota chain of it (and start it early).
                    (Err(f), _) if f.status == Status::NotOptedIn => {
                        pages.insert((region.clone(), api), 1);
                    }
                    _ => {}
                }
            }
        }
        Chains { pages }
    }

    /// The expected length of `region`'s chain of `api` pages: the previous run's, else the prior.
    pub fn expected(&self, region: &str, api: Api) -> u32 {
        if let Some(&n) = self.pages.get(&(region.to_string(), api)) {
            return n.max(1);
        }
        match (api, region) {
            (Api::ListServiceQuotas | Api::ListAwsDefaultServiceQuotas, "us-east-1") => 12,
            (Api::ListServiceQuotas | Api::ListAwsDefaultServiceQuotas, "us-west-2") => 5,
            (Api::ListServiceQuotas | Api::ListAwsDefaultServiceQuotas, _) => 4,
            _ => 1,
        }
    }

    /// The requests expected to be left in that chain when its `position`-th page is asked for.
    pub fn remaining(&self, region: &str, api: Api, position: Position) -> Remaining {
        (self.expected(region, api) + 1)
            .saturating_sub(position)
            .max(1)
    }

    /// `regions` in the order their requests should start: longest expected chain first (ties in
    /// the given order). Permits are handed out in order of asking while some are free, so the
    /// region whose chain ends the run must ask first, before the first wave of permits is gone.
    pub fn start_order<'a>(&self, regions: &'a [String]) -> Vec<&'a String> {
        let mut order: Vec<&String> = regions.iter().collect();
        order.sort_by_key(|region| {
            Reverse(Api::ALL.iter().map(|&api| self.expected(region, api)).max())
        });
        order
    }

    /// Reads the record in `dir`; an absent or unreadable record is no history.
    pub fn load(dir: &Path) -> Chains {
        let Ok(bytes) = std::fs::read(dir.join(CHAINS_FILE)) else {
            return Chains::default();
        };
        let Ok(v) = serde_json::from_slice::<BTreeMap<String, BTreeMap<String, u32>>>(&bytes)
        else {
            return Chains::default();
        };
        let mut pages = BTreeMap::new();
        for (region, apis) in v {
            for (name, n) in apis {
                if let Some(api) = Api::ALL.into_iter().find(|a| a.name() == name) {
                    pages.insert((region.clone(), api), n);
                }
            }
        }
        Chains { pages }
    }

    /// Writes the record into `dir` (replacing it whole).
    pub fn save(&self, dir: &Path) -> std::io::Result<()> {
        let mut v: BTreeMap<&str, BTreeMap<&str, u32>> = BTreeMap::new();
        for ((region, api), n) in &self.pages {
            v.entry(region).or_default().insert(api.name(), *n);
        }
        let bytes = serde_json::to_vec(&v).map_err(std::io::Error::other)?;
        crate::files::write_atomic(&dir.join(CHAINS_FILE), &bytes).map_err(|e| e.source)
    }
}

/// The limit; clones share it.
#[derive(Clone)]
pub struct Limiter {
    inner: Arc<Inner>,
}

struct Inner {
    state: Mutex<State>,
    chains: Chains,
}

struct State {
    available: usize,
    next_ticket: u64,
    waiting: BTreeMap<(Reverse<Remaining>, Position, u64), oneshot::Sender<()>>,
}

/// One request's right to be in flight; given back (to the next waiter, if any) when dropped.
pub struct Permit {
    limiter: Limiter,
}

impl Drop for Permit {
    fn drop(&mut self) {
        self.limiter.release();
    }
}

impl Limiter {
    /// A limit of `permits` that orders AWS pages by the expected lengths of `chains`.
    pub fn new(permits: usize, chains: Chains) -> Self {
        Limiter {
            inner: Arc::new(Inner {
                chains,
                state: Mutex::new(State {
                    available: permits,
                    next_ticket: 0,
                    waiting: BTreeMap::new(),
                }),
            }),
        }
    }

    /// Waits for a permit for a request of a chain whose length is not known (one request left
    /// expected): served after the longer chains, then by position, then in the order it asked.
    pub async fn acquire(&self, position: Position) -> Permit {
        self.acquire_in_chain(1, position).await
    }

    /// Waits for a permit for the `position`-th page of `region`'s `api` chain.
    pub async fn acquire_page(&self, region: &str, api: Api, position: Position) -> Permit {
        let remaining = self.inner.chains.remaining(region, api, position);
        self.acquire_in_chain(remaining, position).await
    }

    /// Runs `request`, the `position`-th page of `region`'s `api` chain (one SDK operation: its
    /// attempts and their retries), holding a permit, except while the SDK waits out a retry
    /// backoff: then the permit is given back, and taken again in the request's place in line
    /// before the next attempt. The hooks are [`attempt_failed`] (the SDK's interceptor) and
    /// [`BackoffSleep`] (its sleep); they find the request through a task-local.
    pub async fn in_flight<F: Future>(
        &self,
        region: &str,
        api: Api,
        position: Position,
        request: F,
    ) -> F::Output {
        let remaining = self.inner.chains.remaining(region, api, position);
        let permit = self.acquire_in_chain(remaining, position).await;
        let slot = Arc::new(InFlight {
            limiter: self.clone(),
            remaining,
            position,
            permit: Mutex::new(Some(permit)),
            backoff_next: AtomicBool::new(false),
        });
        IN_FLIGHT.scope(slot, request).await
    }

    /// Waits for a permit. Requests with more requests expected to be left in their chain are
    /// served first; then lower positions; then in the order they asked.
    pub async fn acquire_in_chain(&self, remaining: Remaining, position: Position) -> Permit {
        let receiver = {
            let mut state = self.inner.state.lock().expect("limiter lock");
            if state.available > 0 && state.waiting.is_empty() {
                state.available -= 1;
                return Permit {
                    limiter: self.clone(),
                };
            }
            let (sender, receiver) = oneshot::channel();
            let ticket = state.next_ticket;
            state.next_ticket += 1;
            state
                .waiting
                .insert((Reverse(remaining.max(1)), position, ticket), sender);
            receiver
        };
        let mut wait = Wait {
            limiter: self,
            receiver: Some(receiver),
        };
        if let Some(receiver) = wait.receiver.as_mut() {
            // The sender lives in `waiting` until a permit is handed over: it is never dropped
            // unsent while this future waits.
            let _ = receiver.await;
        }
        wait.receiver = None;
        Permit {
            limiter: self.clone(),
        }
    }

    /// Hands a permit to the first waiter still waiting, or puts it back.
    fn release(&self) {
        let mut state = self.inner.state.lock().expect("limiter lock");
        while let Some((_, sender)) = state.waiting.pop_first() {
            if sender.send(()).is_ok() {
                return;
            }
        }
        state.available += 1;
    }

    /// Permits not in use (for tests).
    #[cfg(test)]
    fn available(&self) -> usize {
        self.inner.state.lock().expect("limiter lock").available
    }
}

tokio::task_local! {
    /// The AWS request this task has in flight (see [`Limiter::in_flight`]).
    static IN_FLIGHT: Arc<InFlight>;
}

/// One AWS request in flight: its place in line and, except during a retry backoff, its permit.
struct InFlight {
    limiter: Limiter,
    remaining: Remaining,
    position: Position,
    permit: Mutex<Option<Permit>>,
    /// An attempt failed: if the SDK retries, the next sleep it asks for is the backoff.
    backoff_next: AtomicBool,
}

/// Tells the request in flight in this task that an attempt failed (from the SDK's
/// `read_after_attempt` interceptor hook): the SDK's next sleep, if it retries, is its backoff.
/// Nothing happens outside [`Limiter::in_flight`].
pub fn attempt_failed() {
    let _ = IN_FLIGHT.try_with(|r| r.backoff_next.store(true, Ordering::SeqCst));
}

/// The SDK's sleep (set with `sleep_impl`), which gives the request's permit back for the length
/// of a retry backoff: the SDK asks for that sleep right after deciding to retry a failed
/// attempt, and awaits it before the next attempt, outside the attempt timeout. Every other sleep
/// (timeouts, credential refreshes) is the inner sleep unchanged.
#[derive(Debug, Clone)]
pub struct BackoffSleep {
    inner: SharedAsyncSleep,
}

impl BackoffSleep {
    pub fn new(inner: SharedAsyncSleep) -> Self {
        BackoffSleep { inner }
    }
}

impl AsyncSleep for BackoffSleep {
    fn sleep(&self, duration: Duration) -> Sleep {
        let sleep = self.inner.sleep(duration);
        let backoff = IN_FLIGHT
            .try_with(Arc::clone)
            .ok()
            .filter(|r| r.backoff_next.swap(false, Ordering::SeqCst));
        let Some(request) = backoff else {
            return sleep;
        };
        // Given back now, while the SDK waits; taken again before the next attempt.
        drop(request.permit.lock().expect("permit lock").take());
        Sleep::new(async move {
            sleep.await;
            let permit = request
                .limiter
                .acquire_in_chain(request.remaining, request.position)
                .await;
            *request.permit.lock().expect("permit lock") = Some(permit);
        })
    }
}

/// A waiter that gave up (its future was dropped) after a permit was handed to it passes the
/// permit on, so no permit is ever lost.
struct Wait<'a> {
    limiter: &'a Limiter,
    receiver: Option<oneshot::Receiver<()>>,
}

impl Drop for Wait<'_> {
    fn drop(&mut self) {
        if let Some(mut receiver) = self.receiver.take() {
            receiver.close();
            if receiver.try_recv().is_ok() {
                self.limiter.release();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use super::*;

    /// A sleep that ends when the test says so, not after a time: what the test asserts is the
    /// order of events, never how long they took.
    #[derive(Debug, Clone, Default)]
    struct SignalledSleep(Arc<tokio::sync::Notify>);

    impl AsyncSleep for SignalledSleep {
        fn sleep(&self, _: Duration) -> Sleep {
            let ended = self.0.clone();
            Sleep::new(async move { ended.notified().await })
        }
    }

    /// A request that waits out a retry backoff gives its permit to a request waiting in line,
    /// and takes one again before its next attempt.
    #[tokio::test]
    async fn a_request_backing_off_lends_its_permit() {
        let limiter = Limiter::new(1, Chains::default());
        let backoff = SignalledSleep::default();
        let sleep = BackoffSleep::new(SharedAsyncSleep::new(backoff.clone()));
        let events = Arc::new(Mutex::new(Vec::new()));
        let backing_off = limiter.in_flight("us-east-1", Api::ListServiceQuotas, 2, async {
            attempt_failed();
            sleep.sleep(Duration::from_secs(1)).await;
            // The next attempt runs with the permit again.
            events
                .lock()
                .unwrap()
                .push(("retried", limiter.available()));
        });
        let waiting = async {
            limiter
                .in_flight("eu-west-1", Api::ListServiceQuotas, 1, async {
                    events
                        .lock()
                        .unwrap()
                        .push(("other served", limiter.available()));
                })
                .await;
            // Only now does the backoff end.
            backoff.0.notify_one();
        };
        tokio::join!(backing_off, waiting);
        assert_eq!(
            *events.lock().unwrap(),
            [("other served", 0), ("retried", 0)]
        );
        assert_eq!(limiter.available(), 1, "a permit was lost or made");
    }

    /// Without a failed attempt, a sleep (a timeout, say) keeps the permit: the other request
    /// waits until it ends.
    #[tokio::test]
    async fn a_sleep_that_is_not_a_backoff_keeps_the_permit() {
        let limiter = Limiter::new(1, Chains::default());
        let timer = SignalledSleep::default();
        let sleep = BackoffSleep::new(SharedAsyncSleep::new(timer.clone()));
        let events = Arc::new(Mutex::new(Vec::new()));
        let sleeping = limiter.in_flight("us-east-1", Api::ListServiceQuotas, 1, async {
            sleep.sleep(Duration::from_secs(1)).await;
            events.lock().unwrap().push("sleep ended");
        });
        let waiting = async {
            let other = limiter.in_flight("eu-west-1", Api::ListServiceQuotas, 1, async {
                events.lock().unwrap().push("other served");
            });
            let ending = async {
                // However long the other request has been waiting, it has not been served.
                for _ in 0..100 {
                    tokio::task::yield_now().await;
                }
                events.lock().unwrap().push("still waiting");
                timer.0.notify_one();
            };
            tokio::join!(other, ending);
        };
        tokio::join!(sleeping, waiting);
        assert_eq!(
            *events.lock().unwrap(),
            ["still waiting", "sleep ended", "other served"]
        );
        assert_eq!(limiter.available(), 1);
    }

    /// A request dropped during its backoff (its operation timed out) leaves no permit taken.
    #[tokio::test]
    async fn a_request_dropped_while_backing_off_loses_no_permit() {
        let limiter = Limiter::new(2, Chains::default());
        let sleep = BackoffSleep::new(aws_smithy_async::rt::sleep::default_async_sleep().unwrap());
        let request = limiter.in_flight("us-east-1", Api::ListServiceQuotas, 1, async {
            attempt_failed();
            sleep.sleep(Duration::from_secs(60)).await;
        });
        let _ = tokio::time::timeout(Duration::from_millis(50), request).await;
        assert_eq!(limiter.available(), 2);
    }

    /// A region not opted in is expected to answer each call once next time, not a prior's chain;
    /// a failed chain (any other error) keeps the prior.
    #[test]
    fn a_region_not_opted_in_is_one_request_per_call_next_time() {
        use crate::sources::{Failure, RegionRaw};
        let failed = |status| RegionRaw {
            foundation_models: Err(Failure::new(status, "no")),
            inference_profiles: Err(Failure::new(status, "no")),
            service_quotas: Err(Failure::new(status, "no")),
            default_quotas: Err(Failure::new(status, "no")),
            mantle: Err(Failure::new(status, "no")),
            attempts: BTreeMap::new(),
        };
        let mut raw = AwsRaw::default();
        raw.regions
            .insert("me-south-1".into(), failed(Status::NotOptedIn));
        raw.regions
            .insert("eu-west-1".into(), failed(Status::Throttled));
        let chains = Chains::from_raw(&raw);
        for api in Api::ALL {
            assert_eq!(chains.expected("me-south-1", api), 1, "{api:?}");
        }
        assert_eq!(chains.expected("eu-west-1", Api::ListServiceQuotas), 4);
        let regions: Vec<String> = ["me-south-1", "eu-west-1"].map(String::from).to_vec();
        assert_eq!(chains.start_order(&regions), ["eu-west-1", "me-south-1"]);
    }

    /// Regions start longest expected chain first, the others in the order given.
    #[test]
    fn regions_start_longest_chain_first() {
        let regions: Vec<String> = ["ap-south-1", "us-west-2", "eu-west-1", "us-east-1"]
            .map(String::from)
            .to_vec();
        let prior = Chains::default();
        assert_eq!(
            prior.start_order(&regions),
            ["us-east-1", "us-west-2", "ap-south-1", "eu-west-1"]
        );
        // The last run's page counts, where recorded, replace the prior.
        let mut pages = BTreeMap::new();
        pages.insert(("eu-west-1".to_string(), Api::ListServiceQuotas), 20);
        let recorded = Chains { pages };
        assert_eq!(
            recorded.start_order(&regions),
            ["eu-west-1", "us-east-1", "us-west-2", "ap-south-1"]
        );
    }

    /// Runs `requests` (position, name) against a limiter of `permits`, all queued while the
    /// permits are held, and returns the names in the order they were let through.
    async fn order(permits: usize, requests: &[(Position, &'static str)]) -> Vec<&'static str> {
        let requests: Vec<_> = requests.iter().map(|&(p, n)| (None, p, n)).collect();
        order_in(Limiter::new(permits, Chains::default()), permits, &requests).await
    }

    /// `(Some((region, api)) for an AWS page, position, name)`.
    type Request = (Option<(&'static str, Api)>, Position, &'static str);

    /// Like `order`, for AWS pages too.
    async fn order_in(limiter: Limiter, permits: usize, requests: &[Request]) -> Vec<&'static str> {
        let limiter = Arc::new(limiter);
        let held: Vec<_> = (0..permits).map(|_| limiter.clone()).collect();
        let mut blockers = Vec::new();
        for l in &held {
            blockers.push(l.acquire(FIRST).await);
        }
        let served = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        for &(chain, position, name) in requests {
            let (limiter, served) = (limiter.clone(), served.clone());
            tasks.push(tokio::spawn(async move {
                let _permit = match chain {
                    Some((region, api)) => limiter.acquire_page(region, api, position).await,
                    None => limiter.acquire(position).await,
                };
                served.lock().unwrap().push(name);
            }));
            // Let the task queue before the next one asks.
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        drop(blockers);
        for t in tasks {
            t.await.unwrap();
        }
        assert_eq!(limiter.available(), permits, "every permit came back");
        Arc::try_unwrap(served).unwrap().into_inner().unwrap()
    }

    #[tokio::test]
    async fn earlier_positions_first_then_arrival_order() {
        let served = order(
            1,
            &[
                (3, "quotas page 3"),
                (2, "quotas page 2"),
                (FIRST, "models"),
                (2, "price file"),
                (FIRST, "profiles"),
            ],
        )
        .await;
        assert_eq!(
            served,
            [
                "models",
                "profiles",
                "quotas page 2",
                "price file",
                "quotas page 3"
            ]
        );
    }

    #[tokio::test]
    async fn longest_expected_remaining_chain_first() {
        // No history: the prior puts us-east-1's quota chains (12) before us-west-2's (5), before
        // the other regions' (4), before single requests; a chain's later pages have less left.
        let quotas = Api::ListServiceQuotas;
        let defaults = Api::ListAwsDefaultServiceQuotas;
        let served = order_in(
            Limiter::new(1, Chains::default()),
            1,
            &[
                (None, FIRST, "litellm"),
                (Some(("eu-west-1", quotas)), 2, "eu-west-1 quotas page 2"),
                (
                    Some(("us-east-1", Api::ListFoundationModels)),
                    FIRST,
                    "models",
                ),
                (
                    Some(("us-west-2", defaults)),
                    FIRST,
                    "us-west-2 defaults page 1",
                ),
                (Some(("us-east-1", quotas)), 3, "us-east-1 quotas page 3"),
                (
                    Some(("eu-west-1", quotas)),
                    FIRST,
                    "eu-west-1 quotas page 1",
                ),
                (Some(("us-east-1", quotas)), 20, "us-east-1 quotas page 20"),
            ],
        )
        .await;
        assert_eq!(
            served,
            [
                "us-east-1 quotas page 3",   // 10 left
                "us-west-2 defaults page 1", // 5 left
                "eu-west-1 quotas page 1",   // 4 left
                "eu-west-1 quotas page 2",   // 3 left
                // Longer than expected: one left, like single requests, then by position.
                "litellm",
                "models",
                "us-east-1 quotas page 20",
            ]
        );
    }

    #[tokio::test]
    async fn the_last_runs_page_counts_replace_the_prior() {
        let mut last = Chains::default();
        last.pages
            .insert(("eu-west-1".into(), Api::ListServiceQuotas), 20);
        last.pages
            .insert(("us-east-1".into(), Api::ListServiceQuotas), 2);
        let dir = tempfile::tempdir().unwrap();
        last.save(dir.path()).unwrap();
        let chains = Chains::load(dir.path());
        assert_eq!(chains, last, "the record replays");
        assert_eq!(
            chains.expected("us-west-2", Api::ListServiceQuotas),
            5,
            "prior"
        );
        let served = order_in(
            Limiter::new(1, chains),
            1,
            &[
                (
                    Some(("us-east-1", Api::ListServiceQuotas)),
                    FIRST,
                    "us-east-1",
                ),
                (
                    Some(("us-west-2", Api::ListServiceQuotas)),
                    FIRST,
                    "us-west-2",
                ),
                (
                    Some(("eu-west-1", Api::ListServiceQuotas)),
                    FIRST,
                    "eu-west-1",
                ),
            ],
        )
        .await;
        assert_eq!(served, ["eu-west-1", "us-west-2", "us-east-1"]);
        // No record, or an unreadable one: the prior.
        let empty = tempfile::tempdir().unwrap();
        assert_eq!(Chains::load(empty.path()), Chains::default());
        std::fs::write(empty.path().join(CHAINS_FILE), b"{not json").unwrap();
        assert_eq!(Chains::load(empty.path()), Chains::default());
    }

    #[tokio::test]
    async fn never_more_in_flight_than_permits() {
        let limiter = Arc::new(Limiter::new(3, Chains::default()));
        let in_flight = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let most = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let tasks: Vec<_> = (0..40)
            .map(|i| {
                let (limiter, in_flight, most) = (limiter.clone(), in_flight.clone(), most.clone());
                tokio::spawn(async move {
                    let _permit = limiter.acquire(i % 4).await;
                    let now = in_flight.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                    most.fetch_max(now, std::sync::atomic::Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(1)).await;
                    in_flight.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
                })
            })
            .collect();
        for t in tasks {
            t.await.unwrap();
        }
        assert_eq!(most.load(std::sync::atomic::Ordering::SeqCst), 3);
        assert_eq!(limiter.available(), 3);
    }

    #[tokio::test]
    async fn a_waiter_that_gives_up_loses_no_permit() {
        let limiter = Limiter::new(1, Chains::default());
        let held = limiter.acquire(FIRST).await;
        // Gives up while waiting.
        let gave_up = tokio::time::timeout(Duration::from_millis(5), limiter.acquire(FIRST)).await;
        assert!(gave_up.is_err());
        drop(held);
        assert_eq!(limiter.available(), 1);
        // Gives up after the permit was handed over but before it was taken.
        let held = limiter.acquire(FIRST).await;
        let mut waiter = Box::pin(limiter.acquire(FIRST));
        assert!(futures::poll!(waiter.as_mut()).is_pending());
        drop(held);
        drop(waiter);
        assert_eq!(limiter.available(), 1);
        let _again = limiter.acquire(FIRST).await;
        assert_eq!(limiter.available(), 0);
    }
}
