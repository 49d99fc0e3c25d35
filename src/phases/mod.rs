//! Phases: pure functions from raw records to catalogue pieces. No network, clock or randomness:
//! the same raw data always gives the same catalogue.

pub mod discovery;
pub mod profiles;
