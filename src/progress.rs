//! Progress on a terminal: regions done, requests done against an estimate of their total, files
//! fetched. Hidden with `-q`, with JSON logs, or when stderr is not a terminal; log lines are
//! printed above the bars instead of through them.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The run's progress display; every method is a no-op when it is hidden.
#[derive(Clone)]
pub struct Progress {
    multi: Option<MultiProgress>,
}

impl Progress {
    /// A display on stderr when `visible`, else a hidden one.
    pub fn new(visible: bool) -> Progress {
        Progress {
            multi: visible.then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr())),
        }
    }

    /// A bar counting `total` items of `what` ("regions", "files").
    pub fn bar(&self, what: &str, total: u64) -> ProgressBar {
        let Some(multi) = &self.multi else {
            return ProgressBar::hidden();
        };
        let bar = multi.add(ProgressBar::new(total));
        bar.set_style(
            ProgressStyle::with_template("{prefix:>8} [{bar:30}] {pos}/{len} {msg}")
                .expect("a valid template")
                .progress_chars("=> "),
        );
        bar.set_prefix(what.to_string());
        bar
    }

    /// A bar of requests done against an estimated total, with a whole-number rate.
    fn estimate_bar(&self, what: &str) -> ProgressBar {
        let Some(multi) = &self.multi else {
            return ProgressBar::hidden();
        };
        let bar = multi.add(ProgressBar::new(0));
        bar.set_style(estimate_style());
        bar.set_prefix(what.to_string());
        bar
    }

    /// The request and region accounting of a live run, drawing on this display: `chains` are
    /// every chain of requests the run will make, `(region, chain name, expected requests)`.
    pub fn tally(
        &self,
        regions: usize,
        chains: impl IntoIterator<Item = (String, &'static str, u32)>,
    ) -> Tally {
        Tally::new(
            chains,
            self.bar("regions", regions as u64),
            self.estimate_bar("requests"),
        )
    }

    /// Writes a log line above the bars.
    pub fn write_above(&self, bytes: &[u8]) -> std::io::Result<()> {
        match &self.multi {
            Some(m) => m.suspend(|| std::io::stderr().write_all(bytes)),
            None => std::io::stderr().write_all(bytes),
        }
    }

    /// Clears the bars, before the summary.
    pub fn clear(&self) {
        if let Some(m) = &self.multi {
            let _ = m.clear();
        }
    }
}

/// `requests [=====>    ] 276/334 estimated, 24/s`, and `359/359, 377/s` once the total is known:
/// the message ([`ESTIMATED`] or nothing) carries its own leading space.
fn estimate_style() -> ProgressStyle {
    ProgressStyle::with_template("{prefix:>8} [{bar:30}] {pos}/{len}{msg}{rate}")
        .expect("a valid template")
        .with_key(
            "rate",
            |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, ", {:.0}/s", state.per_sec());
            },
        )
        .progress_chars("=> ")
}

/// The requests bar's message while some chain is still open.
const ESTIMATED: &str = " estimated";

/// Counts a live run's requests against an estimate of their total, and its regions done as each
/// region's last chain of requests ends. The estimate starts from the expected length of every
/// chain (the previous run's page counts, else a prior); a chain that reports a next token past its
/// estimate grows it by one, a chain that ends early (last page or failure) gives back what it did
/// not use. Shared by every request task; cheap to clone.
#[derive(Clone)]
pub struct Tally {
    state: Arc<Mutex<TallyState>>,
    regions: ProgressBar,
    requests: ProgressBar,
}

/// What [`Tally`] has counted so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub requests_done: u64,
    /// Estimated total; exact once every chain has ended.
    pub requests_expected: u64,
    pub regions_done: u64,
    pub chains_open: usize,
}

#[derive(Default)]
struct TallyState {
    /// Open chains: the requests expected of each, by (region, chain).
    open: HashMap<(String, &'static str), u32>,
    /// Open chains per region.
    open_in_region: HashMap<String, usize>,
    done: u64,
    expected: u64,
    regions_done: u64,
}

impl Tally {
    fn new(
        chains: impl IntoIterator<Item = (String, &'static str, u32)>,
        regions: ProgressBar,
        requests: ProgressBar,
    ) -> Tally {
        let mut state = TallyState::default();
        for (region, chain, expected) in chains {
            let expected = expected.max(1);
            if state
                .open
                .insert((region.clone(), chain), expected)
                .is_none()
            {
                state.expected += u64::from(expected);
                *state.open_in_region.entry(region).or_default() += 1;
            }
        }
        requests.set_length(state.expected);
        requests.set_message(ESTIMATED);
        Tally {
            state: Arc::new(Mutex::new(state)),
            regions,
            requests,
        }
    }

    /// A tally drawn nowhere (replays, tests).
    pub fn hidden(chains: impl IntoIterator<Item = (String, &'static str, u32)>) -> Tally {
        Tally::new(chains, ProgressBar::hidden(), ProgressBar::hidden())
    }

    /// The `position`-th request of `region`'s `chain` is done (answered or failed); `more`: its
    /// answer has a next token, so the chain goes on. Without `more` the chain ends here.
    pub fn request(&self, region: &str, chain: &'static str, position: u32, more: bool) {
        let mut s = self.state.lock().expect("tally lock");
        s.done += 1;
        if more {
            if let Some(expected) = s.open.get_mut(&(region.to_string(), chain))
                && position >= *expected
            {
                *expected = position + 1;
                s.expected += 1;
            }
        } else {
            self.close(&mut s, region, chain, position);
        }
        self.draw(&s);
    }

    /// `region`'s `chain` ended after `made` requests (a no-op if it already ended).
    pub fn end(&self, region: &str, chain: &'static str, made: u32) {
        let mut s = self.state.lock().expect("tally lock");
        self.close(&mut s, region, chain, made);
        self.draw(&s);
    }

    fn close(&self, s: &mut TallyState, region: &str, chain: &'static str, made: u32) {
        let Some(expected) = s.open.remove(&(region.to_string(), chain)) else {
            return;
        };
        s.expected = s
            .expected
            .saturating_sub(u64::from(expected.saturating_sub(made)));
        if let Some(n) = s.open_in_region.get_mut(region) {
            *n -= 1;
            if *n == 0 {
                s.open_in_region.remove(region);
                s.regions_done += 1;
                self.regions.inc(1);
            }
        }
    }

    fn draw(&self, s: &TallyState) {
        // Never less than what is done: a chain still open may ask for more than expected.
        self.requests.set_length(s.expected.max(s.done));
        self.requests.set_position(s.done);
        if s.open.is_empty() {
            self.requests.set_message("");
        }
    }

    pub fn counts(&self) -> Counts {
        let s = self.state.lock().expect("tally lock");
        Counts {
            requests_done: s.done,
            requests_expected: s.expected,
            regions_done: s.regions_done,
            chains_open: s.open.len(),
        }
    }

    /// Stops drawing the request and region bars.
    pub fn finish(&self) {
        self.regions.finish();
        self.requests.finish();
    }
}

/// A `tracing` writer that prints above the progress bars.
#[derive(Clone)]
pub struct LogWriter(pub Progress);

impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // One formatted event per call: scrub it of credentials whole, and show the control
        // characters of the data in it escaped.
        let scrubbed = crate::redact::scrub(buf);
        self.0.write_above(&crate::terminal::log_line(&scrubbed))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LogWriter {
    type Writer = LogWriter;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hidden_display_draws_nothing() {
        let p = Progress::new(false);
        let bar = p.bar("regions", 33);
        bar.inc(1);
        assert!(bar.is_hidden());
    }

    fn chains() -> Vec<(String, &'static str, u32)> {
        let mut v = Vec::new();
        for region in ["eu-west-1", "us-east-1"] {
            v.push((region.to_string(), "models", 1));
            v.push((region.to_string(), "quotas", 3));
        }
        v
    }

    #[test]
    fn the_estimate_starts_from_the_expected_chains_and_follows_them() {
        let t = Tally::hidden(chains());
        let c = t.counts();
        assert_eq!((c.requests_done, c.requests_expected), (0, 8));
        // us-east-1's quota chain runs past its estimate of 3: each next token adds one.
        t.request("us-east-1", "quotas", 1, true);
        t.request("us-east-1", "quotas", 2, true);
        t.request("us-east-1", "quotas", 3, true);
        assert_eq!(t.counts().requests_expected, 9);
        t.request("us-east-1", "quotas", 4, true);
        assert_eq!(t.counts().requests_expected, 10);
        t.request("us-east-1", "quotas", 5, false);
        assert_eq!(t.counts().requests_expected, 10);
        // eu-west-1's ends after 1 of 3: the two it did not need leave the estimate.
        t.request("eu-west-1", "quotas", 1, false);
        let c = t.counts();
        assert_eq!((c.requests_done, c.requests_expected), (6, 8));
        // A chain that fails part-way ends where it failed.
        t.request("eu-west-1", "models", 1, false);
        t.request("us-east-1", "models", 1, false);
        let c = t.counts();
        assert_eq!(
            (c.requests_done, c.requests_expected, c.chains_open),
            (8, 8, 0)
        );
    }

    #[test]
    fn a_region_is_done_when_its_last_chain_ends() {
        let t = Tally::hidden(chains());
        t.request("us-east-1", "models", 1, false);
        assert_eq!(t.counts().regions_done, 0);
        t.request("eu-west-1", "quotas", 1, true);
        t.request("eu-west-1", "models", 1, false);
        assert_eq!(t.counts().regions_done, 0, "eu-west-1 quotas still open");
        t.request("eu-west-1", "quotas", 2, false);
        assert_eq!(t.counts().regions_done, 1);
        // A chain that ends without a request of its own, and an end reported twice.
        t.end("us-east-1", "quotas", 0);
        t.end("us-east-1", "quotas", 0);
        let c = t.counts();
        assert_eq!(
            (c.regions_done, c.requests_done, c.requests_expected),
            (2, 4, 4)
        );
    }

    /// A terminal that keeps the last bar drawn (not the blanks written to clear a line).
    #[derive(Debug, Default, Clone)]
    struct Screen(Arc<Mutex<String>>);

    impl indicatif::TermLike for Screen {
        fn width(&self) -> u16 {
            120
        }
        fn move_cursor_up(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_down(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn write_line(&self, s: &str) -> std::io::Result<()> {
            if s.contains("requests") {
                *self.0.lock().unwrap() = s.to_string();
            }
            Ok(())
        }
        fn write_str(&self, s: &str) -> std::io::Result<()> {
            self.write_line(s)
        }
        fn clear_line(&self) -> std::io::Result<()> {
            Ok(())
        }
        fn flush(&self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_requests_line_reads_cleanly_while_estimated_and_when_done() {
        let screen = Screen::default();
        let requests = ProgressBar::with_draw_target(
            Some(0),
            ProgressDrawTarget::term_like_with_hz(Box::new(screen.clone()), 200),
        );
        // The draw target lets a burst of draws through, then one per 5 ms: wait for a token.
        let draw = || {
            std::thread::sleep(std::time::Duration::from_millis(60));
            requests.tick();
            screen.0.lock().unwrap().clone()
        };
        requests.set_style(estimate_style());
        requests.set_prefix("requests");
        let t = Tally::new(chains(), ProgressBar::hidden(), requests.clone());
        t.request("us-east-1", "models", 1, false);
        t.request("us-east-1", "quotas", 1, true);
        let line = draw();
        assert!(line.contains("] 2/8 estimated, "), "{line:?}");
        assert!(line.ends_with("/s"), "{line:?}");
        t.request("us-east-1", "quotas", 2, false);
        t.request("eu-west-1", "quotas", 1, true);
        t.request("eu-west-1", "quotas", 2, false);
        t.request("eu-west-1", "models", 1, false);
        let line = draw();
        // Done: the exact total, then the rate, without a space before the comma.
        assert!(line.contains("] 6/6, "), "{line:?}");
        assert!(!line.contains(" ,"), "{line:?}");
    }

    #[test]
    fn the_bars_show_the_counts() {
        // Hidden bars keep their state; the drawn ones get the same calls.
        let (regions, requests) = (ProgressBar::hidden(), ProgressBar::hidden());
        let t = Tally::new(chains(), regions.clone(), requests.clone());
        assert_eq!(requests.length(), Some(8));
        t.request("us-east-1", "models", 1, false);
        t.request("us-east-1", "quotas", 1, false);
        assert_eq!(requests.position(), 2);
        assert_eq!(requests.length(), Some(6));
        assert_eq!(regions.position(), 1);
    }
}
