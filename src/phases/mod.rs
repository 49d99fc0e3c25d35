//! Phases: pure functions from raw records to catalogue pieces. No network, clock or randomness:
//! the same raw data always gives the same catalogue. Their order is written once, in
//! [`assembly`]: discover, specs, prices, join, region quotas, finish.

pub mod access;
pub mod assembly;
pub mod change_event;
pub mod change_log;
pub mod changes;
pub mod discovery;
pub mod features;
pub mod feed;
pub mod guard;
pub mod lifecycle;
pub mod mantle;
pub mod pricing;
pub mod profiles;
pub mod quota_presence;
pub mod quotas;
pub mod routes;
pub mod token_specs;
pub mod unknowns;
