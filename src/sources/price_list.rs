//! The AWS Price List source: the public bulk offer files of the three Bedrock offers
//! (`region_index.json`, then the per-region `index.json` files it names for the regions of the run),
//! from the Price List host, a local directory in the same layout, or a recorded snapshot.
//!
//! Files are returned as they came, keyed by their path on the host
//! (`/offers/v1.0/aws/AmazonBedrock/current/region_index.json`); parsing them into prices is phase 2.

use std::collections::BTreeMap;
use std::path::Path;

use futures::future::join_all;
use indicatif::ProgressBar;

use super::FileOutcome;
use super::http::{HttpSource, read_local};
use super::limit::{FIRST, Position};
use super::snapshot::{self, Manifest};
use crate::records::price_list::parse_region_index;
pub use crate::records::price_list::{OFFER_CODES, disabled, index_path};

/// Prefix of price list files among a snapshot's `files/`.
pub const SNAPSHOT_PREFIX: &str = "price-list";

/// Where the files come from.
pub enum Store<'a> {
    /// `https://pricing.us-east-1.amazonaws.com` or a mirror: `base` + path.
    Http { http: &'a HttpSource, base: &'a str },
    /// A directory laid out like the host (`DIR/offers/v1.0/aws/...`).
    Dir(&'a Path),
    /// A recorded snapshot's `files/price-list/...`.
    Snapshot {
        dir: &'a Path,
        manifest: &'a Manifest,
    },
}

impl Store<'_> {
    /// One file; `position` is its place in its chain (region index, then the offer files).
    async fn get(&self, path: &str, position: Position) -> FileOutcome {
        match self {
            Store::Http { http, base } => {
                let url = format!("{}{path}", base.trim_end_matches('/'));
                FileOutcome {
                    result: http.get(&url, position).await,
                    location: url,
                }
            }
            Store::Dir(dir) => {
                let file = dir.join(path.trim_start_matches('/'));
                FileOutcome {
                    location: file.display().to_string(),
                    result: read_local(&file),
                }
            }
            Store::Snapshot { dir, manifest } => {
                snapshot::replay_file(dir, manifest, &snapshot_name(path))
            }
        }
    }
}

/// Name of a price list file in a snapshot.
pub fn snapshot_name(path: &str) -> String {
    format!("{SNAPSHOT_PREFIX}{path}")
}

/// Fetches every offer's region index, then the offer files of `regions` that the index lists,
/// all concurrently (each request under the run's limit).
pub async fn fetch(store: &Store<'_>, regions: &[String]) -> BTreeMap<String, FileOutcome> {
    fetch_counting(store, regions, &ProgressBar::hidden()).await
}

/// Like [`fetch`], counting each file on `files` as it arrives: the three region indexes are
/// added to its length at once, each offer's region files as soon as its index is read.
pub async fn fetch_counting(
    store: &Store<'_>,
    regions: &[String],
    files: &ProgressBar,
) -> BTreeMap<String, FileOutcome> {
    files.inc_length(OFFER_CODES.len() as u64);
    let per_offer = OFFER_CODES.iter().map(|code| async move {
        let path = index_path(code);
        let index = store.get(&path, FIRST).await;
        files.inc(1);
        let mut out = vec![];
        let region_files = match &index.result {
            Ok(f) => match parse_region_index(&f.bytes) {
                Ok(ix) => regions
                    .iter()
                    .filter_map(|r| ix.regions.get(r).cloned())
                    .collect(),
                // The phase reports the broken index; nothing more to fetch for this offer.
                Err(_) => vec![],
            },
            Err(_) => vec![],
        };
        out.push((path, index));
        files.inc_length(region_files.len() as u64);
        let fetched = join_all(region_files.iter().map(|p| async move {
            let f = store.get(p, FIRST + 1).await;
            files.inc(1);
            f
        }))
        .await;
        out.extend(region_files.into_iter().zip(fetched));
        out
    });
    join_all(per_offer).await.into_iter().flatten().collect()
}
