//! Sources: everything that crosses the process boundary on the way in. Each returns typed raw
//! records (what the API said, per region and page) with one status per region and API.

pub mod account;
pub mod aws;
mod aws_errors;
mod aws_http;
mod aws_records;
pub mod credentials;
pub mod http;
pub mod limit;
pub mod mantle;
pub mod price_list;
pub mod snapshot;
pub mod status;

pub use crate::records::{
    AccountRaw, Api, Attempts, AwsRaw, Failure, FileOutcome, Pages, RegionRaw, Status,
    mantle_skipped,
};
