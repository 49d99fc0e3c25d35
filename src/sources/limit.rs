//! The run's one limit on requests in flight (`--threads`), shared by the AWS calls and the file
//! downloads, and the order in which waiting requests are let through.
//!
//! A waiting request is served by its position in its chain first, then in the order it asked:
//! the first page of every chain (and every single request) goes before any second page, every
//! second page before any third, and so on. The longest chains (about 11 quota pages per region
//! and API) therefore advance together and end together, instead of a chain that started late
//! queueing behind requests that could wait; and the requests that the first phases need
//! (ListFoundationModels, ListInferenceProfiles, LiteLLM) are answered in the first rounds.

use std::collections::BTreeMap;
use std::sync::Mutex;

use tokio::sync::oneshot;

/// Where a request stands in its chain of dependent requests: 1 for a first page or a request
/// that depends on no other, `k` for the `k`-th page of a paginated call.
pub type Position = u32;

/// The position of a request that depends on no other.
pub const FIRST: Position = 1;

pub struct Limiter {
    state: Mutex<State>,
}

struct State {
    available: usize,
    next_ticket: u64,
    waiting: BTreeMap<(Position, u64), oneshot::Sender<()>>,
}

/// One request's right to be in flight; given back (to the next waiter, if any) when dropped.
pub struct Permit<'a> {
    limiter: &'a Limiter,
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        self.limiter.release();
    }
}

impl Limiter {
    pub fn new(permits: usize) -> Self {
        Limiter {
            state: Mutex::new(State {
                available: permits,
                next_ticket: 0,
                waiting: BTreeMap::new(),
            }),
        }
    }

    /// Waits for a permit. Requests at a lower position are served first; equal positions in the
    /// order they asked.
    pub async fn acquire(&self, position: Position) -> Permit<'_> {
        let receiver = {
            let mut state = self.state.lock().expect("limiter lock");
            if state.available > 0 && state.waiting.is_empty() {
                state.available -= 1;
                return Permit { limiter: self };
            }
            let (sender, receiver) = oneshot::channel();
            let ticket = state.next_ticket;
            state.next_ticket += 1;
            state.waiting.insert((position, ticket), sender);
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
        Permit { limiter: self }
    }

    /// Hands a permit to the first waiter still waiting, or puts it back.
    fn release(&self) {
        let mut state = self.state.lock().expect("limiter lock");
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
        self.state.lock().expect("limiter lock").available
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

    /// Runs `requests` (position, name) against a limiter of `permits`, all queued while the
    /// permits are held, and returns the names in the order they were let through.
    async fn order(permits: usize, requests: &[(Position, &'static str)]) -> Vec<&'static str> {
        let limiter = Arc::new(Limiter::new(permits));
        let held: Vec<_> = (0..permits).map(|_| limiter.clone()).collect();
        let mut blockers = Vec::new();
        for l in &held {
            blockers.push(l.acquire(FIRST).await);
        }
        let served = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        for &(position, name) in requests {
            let (limiter, served) = (limiter.clone(), served.clone());
            tasks.push(tokio::spawn(async move {
                let _permit = limiter.acquire(position).await;
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
    async fn never_more_in_flight_than_permits() {
        let limiter = Arc::new(Limiter::new(3));
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
        let limiter = Limiter::new(1);
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
