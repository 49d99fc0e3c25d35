//! What every integration test shares: the fake AWS server (`fake_aws`, with its data from the
//! fixtures in `fake_aws::fixture_data`), the demo data, and the harness that runs the real
//! binary. `synthetic.rs` here is not part of the suite: the benchmark's fake
//! (`examples/fake_aws.rs`) grows the fixture data into a full-size account with it.
#![allow(dead_code)]

pub mod demo_data;
pub mod fake_aws;
pub mod harness;
pub mod mutate;
