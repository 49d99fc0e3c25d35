//! The integration tests: one binary, one module per concern, sharing `support` (one fake AWS,
//! one harness that runs the real binary). Run one concern with `cargo test --test suite faults::`.

mod support;

mod account_access;
mod architecture;
mod burndown;
mod catalogue_truths;
mod changes;
mod choose;
mod commands;
mod credentials_sts;
mod demo_run;
mod docs_agree;
mod drift_runs;
mod edges;
mod end_of_life;
mod fake_wire;
mod faults;
mod faults_sources;
mod faults_storms;
mod fixture_run;
mod fuzz;
mod golden;
mod install;
mod kill_during_write;
mod lifecycle_feed;
mod litellm_extras;
mod mantle;
mod page;
mod preflight;
mod publication;
mod quota_drift;
mod routes;
mod secrets;
mod unknown_values;
