//! Fuzzing of every parser that reads outside data (LiteLLM's database, the corrections file,
//! `config.toml`, the Price List region index and offer files, a recorded snapshot, and the name
//! parsers they feed), with proptest.
//!
//! Properties: no parser panics or overflows its stack on any input; a truncated prefix of a valid
//! JSON document is an error, never a silently shorter result; every error displays as one line.
//!
//! Seeds are the repository's own `config.toml`, corrections file, demo snapshot and LiteLLM
//! excerpt, and, when they are present, the real fixtures (`$BEDROCK_FIXTURES`, default
//! `../shared/fixtures`: the Price List files and the whole LiteLLM database), read at test time.
//! The default case counts keep the whole file well under 30 s in a debug build; set
//! `FUZZ_CASES=N` to run every property with N cases (and more truncation points), e.g.
//! `FUZZ_CASES=20000 cargo test --release --test suite fuzz::`.
//!
//! The mutation engine and the case runner are `support::mutate`; each parser has a file of its
//! own properties here, and `limits.rs` holds those every parser shares (truncation, nesting,
//! huge input).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use bedrock_collector::config;
use bedrock_collector::phases::pricing::{parse_offer, parse_region_index};
use bedrock_collector::phases::quotas::parse_quota_name;
use bedrock_collector::phases::token_specs::{Corrections, LiteLlmDb, parse_litellm_key};
use bedrock_collector::sources::snapshot;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

use crate::support::mutate::*;

mod config_toml;
mod corrections;
mod limits;
mod litellm;
mod price_list;
mod quota_names;
mod snapshots;

use config_toml::check_config;
use limits::trimmed_len;
use snapshots::{SNAPSHOT_REGIONS, snapshot_copy};

// ---------------------------------------------------------------------------------------------
// Seeds and settings
// ---------------------------------------------------------------------------------------------

use crate::support::fake_aws::fixtures_dir;

/// The repository's excerpt of LiteLLM's database.
const LITELLM_EXCERPT: &str = "tests/data/litellm/bedrock_excerpt.json";

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| {
        panic!(
            "cannot read seed {} (set BEDROCK_FIXTURES?): {e}",
            path.display()
        )
    })
}

/// Region indexes and offer files.
type PriceListSeeds = (Vec<Vec<u8>>, Vec<Vec<u8>>);

/// Every Price List file of the fixtures: (region indexes, offer files).
fn price_list_seeds() -> &'static PriceListSeeds {
    static SEEDS: OnceLock<PriceListSeeds> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut indexes = vec![];
        let mut offers = vec![];
        let mut stack = vec![fixtures_dir().join(OFFERS)];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d)
                .expect("price list fixtures")
                .flatten()
            {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.file_name().unwrap() == "region_index.json" {
                    indexes.push(read(&p));
                } else if p.parent().unwrap().ends_with("aws") {
                    // The top-level offer index names offers, it is not an offer file.
                } else {
                    offers.push(read(&p));
                }
            }
        }
        indexes.sort();
        offers.sort_by_key(Vec::len);
        assert_eq!(indexes.len(), 3);
        assert_eq!(offers.len(), 12);
        (indexes, offers)
    })
}

fn full_litellm() -> &'static [u8] {
    static FULL: OnceLock<Vec<u8>> = OnceLock::new();
    FULL.get_or_init(|| {
        read(&fixtures_dir().join("litellm/model_prices_and_context_window_backup.json"))
    })
}

/// A 40 KB excerpt of LiteLLM's database kept in the repository (`tests/data/litellm/`, see
/// `DATA-LICENSES.md`): 60 Bedrock entries of every key shape and 10 others, so that a mutated
/// case parses in well under a millisecond, with or without the fixtures.
fn litellm_excerpt() -> &'static [u8] {
    static EXCERPT: OnceLock<Vec<u8>> = OnceLock::new();
    EXCERPT.get_or_init(|| read(&repo(LITELLM_EXCERPT)))
}

fn corrections_seed() -> &'static [u8] {
    static SEED: OnceLock<Vec<u8>> = OnceLock::new();
    SEED.get_or_init(|| read(&repo("corrections/model_spec_corrections.json")))
}

fn config_seed() -> &'static str {
    static SEED: OnceLock<String> = OnceLock::new();
    SEED.get_or_init(|| String::from_utf8(read(&repo("config.toml"))).unwrap())
}

/// The demo snapshot's files, by path relative to the snapshot.
fn snapshot_seed() -> &'static Vec<(PathBuf, Vec<u8>)> {
    static SEED: OnceLock<Vec<(PathBuf, Vec<u8>)>> = OnceLock::new();
    SEED.get_or_init(|| {
        let root = repo("demo/snapshot");
        let mut files = vec![];
        let mut stack = vec![root.clone()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    files.push((p.strip_prefix(&root).unwrap().to_path_buf(), read(&p)));
                }
            }
        }
        files.sort();
        files
    })
}
