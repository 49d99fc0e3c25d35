//! bedrock-collector: builds a machine-readable catalogue of Amazon Bedrock foundation models.
//!
//! Data flows one way: `sources` (all I/O in) -> `phases` (pure) -> `catalog` -> `output` (all I/O
//! out). `run` wires them together for one run; `main` maps the result to an exit code.

pub mod catalog;
pub mod cli;
pub mod compare;
pub mod config;
pub mod corrections;
pub mod digest;
pub mod files;
pub mod find;
pub mod format;
pub mod logging;
pub mod model;
pub mod output;
pub mod page;
pub mod phases;
pub mod preflight;
pub mod progress;
pub mod providers;
pub mod records;
pub mod redact;
pub mod route;
pub mod run;
pub mod schema;
pub mod show;
pub mod sources;
pub mod summary;
pub mod terminal;

/// Whether the real-world fixtures are beside the checkout, for the unit tests that read them
/// (one file with the integration suite's).
#[cfg(test)]
#[path = "../tests/suite/support/fixtures_gate.rs"]
pub(crate) mod fixtures_gate;
