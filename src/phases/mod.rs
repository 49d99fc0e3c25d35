//! Phases: pure functions from raw records to catalogue pieces. No network, clock or randomness:
//! the same raw data always gives the same catalogue.

pub mod access;
pub mod changes;
pub mod discovery;
pub mod features;
pub mod guard;
pub mod pricing;
pub mod profiles;
pub mod quotas;
pub mod token_specs;
