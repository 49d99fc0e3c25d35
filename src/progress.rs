//! Progress on a terminal: one line per kind of work (regions, files) with done out of total.
//! Hidden with `-q`, with JSON logs, or when stderr is not a terminal; log lines are printed above
//! the bars instead of through them.

use std::io::Write;

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

    /// A counter of `what` with no known total ("requests").
    pub fn counter(&self, what: &str) -> ProgressBar {
        let Some(multi) = &self.multi else {
            return ProgressBar::hidden();
        };
        let bar = multi.add(ProgressBar::no_length());
        bar.set_style(
            ProgressStyle::with_template("{prefix:>8} {pos} done ({per_sec})")
                .expect("a valid template"),
        );
        bar.set_prefix(what.to_string());
        bar
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

/// A `tracing` writer that prints above the progress bars.
#[derive(Clone)]
pub struct LogWriter(pub Progress);

impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // One formatted event per call: scrub it of credentials whole.
        self.0.write_above(&crate::redact::scrub(buf))?;
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
}
