//! Logging to stderr: human-readable lines or one JSON object per line, level from -v/-q,
//! `RUST_LOG` overrides. Colour per `--color`; `auto`: on a terminal, unless `NO_COLOR` is set.

use tracing_subscriber::EnvFilter;

use crate::cli::{Color, LogFormat};
use crate::progress::{LogWriter, Progress};

/// SDK modules whose debug and trace output prints the resolved credentials (the access key id in
/// clear; the SDK redacts only the secret and the token): capped at info whatever RUST_LOG says.
const NO_CREDENTIALS: [&str; 3] = [
    "aws_smithy_runtime::client::orchestrator=info",
    "aws_smithy_runtime::client::identity=info",
    "aws_sigv4=info",
];

/// `verbose` is the count of -v; `quiet` keeps warnings and errors only. Lines go above the
/// progress bars when they are shown.
pub fn init(verbose: u8, quiet: bool, format: LogFormat, color: Color, progress: &Progress) {
    let default = match (quiet, verbose) {
        // The SDK's credential chain warns with Debug dumps; the run's own error says why in one
        // sentence, and -v shows the SDK's lines.
        (true, _) => "warn,aws_config=error",
        (false, 0) => "warn,bedrock_collector=info,aws_config=error",
        (false, 1) => "warn,bedrock_collector=debug",
        (false, _) => "info,bedrock_collector=trace,aws_smithy_runtime=debug,aws_config=debug",
    };
    let mut filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    // The SDK's debug and trace logs print the resolved credentials' Debug form, which redacts the
    // secret and the session token but not the access key id: those modules are capped, and every
    // line is scrubbed of the credentials in use (see `redact`).
    for directive in NO_CREDENTIALS {
        filter = filter.add_directive(directive.parse().expect("a valid directive"));
    }
    let ansi = use_color(
        color,
        std::io::IsTerminal::is_terminal(&std::io::stderr()),
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
    );
    crate::terminal::colour_logs(ansi && format == LogFormat::Text);
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(LogWriter(progress.clone()))
        .with_target(false);
    let _ = match format {
        LogFormat::Text => builder.with_ansi(ansi).try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
}

/// Whether to colour: `--color always|never`, else on a terminal unless `NO_COLOR` is set
/// (non-empty, per no-color.org).
pub fn use_color(color: Color, terminal: bool, no_color: bool) -> bool {
    match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => terminal && !no_color,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_and_the_flag_decide_colour() {
        assert!(use_color(Color::Auto, true, false));
        assert!(!use_color(Color::Auto, true, true));
        assert!(!use_color(Color::Auto, false, false));
        assert!(use_color(Color::Always, false, true));
        assert!(!use_color(Color::Never, true, false));
    }
}
