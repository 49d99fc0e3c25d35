//! Logging to stderr: human-readable lines or one JSON object per line, level from -v/-q,
//! `RUST_LOG` overrides. No colours when stderr is not a terminal.

use tracing_subscriber::EnvFilter;

use crate::cli::LogFormat;
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
pub fn init(verbose: u8, quiet: bool, format: LogFormat, progress: &Progress) {
    let default = match (quiet, verbose) {
        (true, _) => "warn",
        (false, 0) => "warn,bedrock_collector=info",
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
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(LogWriter(progress.clone()))
        .with_target(false);
    let _ = match format {
        LogFormat::Text => builder.with_ansi(ansi).try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
}
