//! Runs the fake AWS server of the tests on its own, for manual runs and the benchmark:
//!
//! `cargo run --example fake_aws -- [--port 4566] [--latency-ms 100] [--fixtures DIR] [--regions a,b] [--seed N] [--throttle P] [--full-size]`
//!
//! Serves Bedrock and Service Quotas for the regions (default: the 33 commercial Bedrock regions),
//! the Price List under `/offers/...` and the LiteLLM JSON at
//! `/litellm/model_prices_and_context_window.json`.
//!
//! * Default: the real fixtures spread over the regions (`tests/suite/support/fixture_data.rs`) and the
//!   Price List fixture as it is (4 regions in its region indexes).
//! * `--full-size`: the same data grown to a real account's size with deterministic, clearly named
//!   synthetic records (`tests/suite/support/synthetic.rs`): 110 to 150 models and about 60 profiles per
//!   region, and Price List offer files for every region totalling the real whole-offer sizes
//!   (AmazonBedrock about 16 MB, FoundationModels about 6.6 MB). Generated in memory at start.
//!
//! Prints `minimum requests: N` (the fewest requests a complete run can make against this data) and
//! `listening on http://127.0.0.1:PORT` on stdout, a data summary on stderr; runs until
//! SIGINT/SIGTERM, then prints `requests: N`.

#[path = "../tests/suite/support/fake_aws.rs"]
mod fake_aws;
#[path = "../tests/suite/support/synthetic.rs"]
mod synthetic;

use fake_aws::{Api, FakeAws, FakeData, Fault, Rule, aws_bedrock_regions, fixtures_dir};
use std::path::PathBuf;
use std::time::Duration;

const USAGE: &str = "usage: fake_aws [--port N] [--latency-ms N] [--fixtures DIR] [--regions a,b] [--seed N] [--throttle P] [--full-size] [--latency-jitter J] [--account-access] [--timeline FILE]";

struct Args {
    port: u16,
    latency: Duration,
    /// Each request's latency drawn from latency × [1 - J, 1 + J] (seeded by --seed).
    latency_jitter: f64,
    fixtures: PathBuf,
    regions: Option<Vec<String>>,
    seed: Option<u64>,
    /// The share of AWS API requests answered with a throttling error (0 to 1).
    throttle: f64,
    full_size: bool,
    /// The minimum printed counts the calls of a collector run with `--account-access`.
    account_access: bool,
    /// Where to write every request's arrival time (ms after the first request), region, API and
    /// page token when the fake stops.
    timeline: Option<PathBuf>,
}

fn parse_args() -> anyhow::Result<Args> {
    let mut args = Args {
        port: 4566,
        latency: Duration::ZERO,
        latency_jitter: 0.0,
        fixtures: fixtures_dir(),
        regions: None,
        seed: None,
        throttle: 0.0,
        full_size: false,
        account_access: false,
        timeline: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--help" || flag == "-h" {
            println!("{USAGE}");
            std::process::exit(0);
        }
        if flag == "--full-size" {
            args.full_size = true;
            continue;
        }
        if flag == "--account-access" {
            args.account_access = true;
            continue;
        }
        let value = it
            .next()
            .ok_or_else(|| anyhow::anyhow!("{flag} needs a value\n{USAGE}"))?;
        match flag.as_str() {
            "--port" => args.port = value.parse()?,
            "--latency-ms" => args.latency = Duration::from_millis(value.parse()?),
            "--latency-jitter" => args.latency_jitter = value.parse()?,
            "--fixtures" => args.fixtures = PathBuf::from(value),
            "--regions" => {
                args.regions = Some(
                    value
                        .split(',')
                        .map(str::trim)
                        .filter(|r| !r.is_empty())
                        .map(str::to_string)
                        .collect(),
                )
            }
            "--seed" => args.seed = Some(value.parse()?),
            "--throttle" => args.throttle = value.parse()?,
            "--timeline" => args.timeline = Some(PathBuf::from(value)),
            _ => anyhow::bail!("unknown argument {flag}\n{USAGE}"),
        }
    }
    Ok(args)
}

// One thread: the fake stands for the network, and the benchmark runs it on the collector's
// machine; it should take as little of the collector's CPU as it can.
#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let args = parse_args()?;
    let regions = match args.regions {
        Some(r) => r,
        None => aws_bedrock_regions(&args.fixtures)?,
    };
    let region_refs: Vec<&str> = regions.iter().map(String::as_str).collect();
    let started = std::time::Instant::now();
    let mut data = FakeData::from_fixtures(&args.fixtures, &region_refs)?;
    let litellm = args
        .fixtures
        .join("litellm/model_prices_and_context_window_backup.json");
    let litellm = std::fs::read(&litellm)?;

    // Price List files: (url path, bytes).
    let offers: Vec<(String, Vec<u8>)> = if args.full_size {
        let stats = synthetic::grow(&mut data)?;
        eprintln!(
            "full size: {} synthetic models; {} regions not opted in; per region {}-{} models, \
             {}-{} profiles, {}-{} quotas",
            stats.synthetic_models,
            synthetic::NOT_OPTED_IN.len(),
            stats.models_per_region.0,
            stats.models_per_region.1,
            stats.profiles_per_region.0,
            stats.profiles_per_region.1,
            stats.quotas_per_region.0,
            stats.quotas_per_region.1,
        );
        let (files, offer_stats) = synthetic::price_list(&args.fixtures, &data)?;
        for o in &offer_stats {
            eprintln!(
                "  {}: {} regions, {} rows ({} synthetic), per-region files {} B in total \
                 ({}..{} B each), whole offer {} B, region index {} B",
                o.code,
                o.regions,
                o.rows,
                o.synthetic_rows,
                o.per_region_bytes,
                o.smallest_region_file,
                o.largest_region_file,
                o.whole_offer_bytes,
                o.region_index_bytes
            );
        }
        files
    } else {
        let dir = args.fixtures.join("price-list/offers");
        let mut files = Vec::new();
        let mut stack = vec![dir.clone()];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d)? {
                let p = entry?.path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    let rel: Vec<_> = p
                        .strip_prefix(&dir)?
                        .iter()
                        .map(|c| c.to_string_lossy().into_owned())
                        .collect();
                    files.push((format!("/offers/{}", rel.join("/")), std::fs::read(&p)?));
                }
            }
        }
        files
    };
    let not_opted_in = regions
        .iter()
        .filter(|r| !data.regions.contains_key(*r))
        .count();
    let minimum = synthetic::minimum_requests(
        &data,
        not_opted_in,
        offers
            .iter()
            .filter(|(p, _)| p.ends_with("/region_index.json"))
            .map(|(_, b)| b.as_slice()),
        true,
    )? + if args.account_access {
        synthetic::account_minimum_requests(&data)
    } else {
        0
    };
    let offer_bytes: usize = offers.iter().map(|(_, b)| b.len()).sum();
    let offer_files = offers.len();

    let fake = FakeAws::start_on(data, args.port).await?;
    fake.set_latency(args.latency);
    fake.set_latency_jitter(args.latency_jitter, args.seed.unwrap_or(1));
    fake.prerender_quota_pages();
    if let Some(seed) = args.seed {
        fake.set_seed(seed);
    }
    if args.throttle > 0.0 {
        // A throttling storm on every AWS list API, at random (seeded), files and Mantle excepted.
        for api in [
            Api::ListFoundationModels,
            Api::ListInferenceProfiles,
            Api::ListServiceQuotas,
            Api::ListAwsDefaultServiceQuotas,
        ] {
            fake.add_rule(Rule {
                region: None,
                api: Some(api),
                fault: Fault::Throttle,
                probability: args.throttle,
                times: None,
            });
        }
    }
    for (path, bytes) in offers {
        fake.serve_file(&path, bytes);
    }
    fake.serve_file("/litellm/model_prices_and_context_window.json", litellm);
    eprintln!(
        "{} regions, {offer_files} price-list files ({offer_bytes} B) under /offers, LiteLLM at \
         /litellm/model_prices_and_context_window.json; data ready in {:.2} s",
        regions.len(),
        started.elapsed().as_secs_f64()
    );
    println!("minimum requests: {minimum}");
    println!("listening on {}", fake.url());

    wait_for_signal().await?;
    println!("requests: {}", fake.request_count());
    println!("max in flight: {}", fake.max_in_flight());
    let (chain, sum) = latency_bound_parts(&fake.requests());
    println!(
        "longest chain latency ms: {:.1}",
        chain.as_secs_f64() * 1000.0
    );
    println!("latency sum ms: {:.1}", sum.as_secs_f64() * 1000.0);
    if let Some(path) = args.timeline {
        write_timeline(&path, &fake.requests())?;
    }
    Ok(())
}

/// The two parts of the least time any schedule needs with the latencies these requests got: the
/// longest chain of requests that must follow each other (one region's pages of one API; a Price
/// List region index and then its offer's files), and all the latencies added up (to be spread over
/// the permits).
fn latency_bound_parts(requests: &[fake_aws::RequestRecord]) -> (Duration, Duration) {
    let mut chains: std::collections::HashMap<(Option<&str>, Api), Duration> = Default::default();
    let (mut index, mut file) = (Duration::ZERO, Duration::ZERO);
    for r in requests {
        match r.api {
            Api::File if r.path.ends_with("/region_index.json") => index = index.max(r.latency),
            Api::File => file = file.max(r.latency),
            // Independent calls, each after its region's model list (below).
            Api::GetFoundationModelAvailability => {}
            api => {
                *chains.entry((r.region.as_deref(), api)).or_default() += r.latency;
            }
        }
    }
    let mut longest = chains
        .values()
        .copied()
        .max()
        .unwrap_or_default()
        .max(index + file);
    for r in requests {
        if r.api == Api::GetFoundationModelAvailability {
            let list = chains
                .get(&(r.region.as_deref(), Api::ListFoundationModels))
                .copied()
                .unwrap_or_default();
            longest = longest.max(list + r.latency);
        }
    }
    (longest, requests.iter().map(|r| r.latency).sum())
}

/// One line per request, in arrival order: ms after the first request, its latency in ms, region,
/// API, attempt and page token (or the file's path).
fn write_timeline(
    path: &std::path::Path,
    requests: &[fake_aws::RequestRecord],
) -> anyhow::Result<()> {
    use std::fmt::Write;
    let first = requests
        .iter()
        .map(|r| r.received)
        .min()
        .unwrap_or_default();
    let mut out = String::new();
    for r in requests {
        writeln!(
            out,
            "{:8.1} {:6.1} {:15} {:?} {} {}",
            (r.received - first).as_secs_f64() * 1000.0,
            r.latency.as_secs_f64() * 1000.0,
            r.region.as_deref().unwrap_or("-"),
            r.api,
            r.attempt.unwrap_or(1),
            r.next_token.as_deref().unwrap_or(&r.path),
        )?;
    }
    std::fs::write(path, out)?;
    Ok(())
}

/// SIGINT or SIGTERM.
async fn wait_for_signal() -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate())?;
        tokio::select! {
            r = tokio::signal::ctrl_c() => r?,
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    tokio::signal::ctrl_c().await?;
    Ok(())
}
