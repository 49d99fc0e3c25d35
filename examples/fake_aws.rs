//! Runs the fake AWS server of the tests on its own, for manual runs and the benchmark:
//!
//! `cargo run --example fake_aws -- [--port 4566] [--latency-ms 100] [--fixtures DIR] [--regions a,b] [--seed N]`
//!
//! Serves Bedrock and Service Quotas for the regions (default: the 33 commercial Bedrock regions),
//! the Price List fixture under `/offers/...` and the LiteLLM JSON at
//! `/litellm/model_prices_and_context_window.json`. Prints `listening on http://127.0.0.1:PORT`,
//! runs until SIGINT/SIGTERM, then prints the request count.

#[path = "../tests/support/fake_aws.rs"]
mod fake_aws;

use fake_aws::{FakeAws, FakeData, aws_bedrock_regions, fixtures_dir};
use std::path::PathBuf;
use std::time::Duration;

const USAGE: &str =
    "usage: fake_aws [--port N] [--latency-ms N] [--fixtures DIR] [--regions a,b] [--seed N]";

struct Args {
    port: u16,
    latency: Duration,
    fixtures: PathBuf,
    regions: Option<Vec<String>>,
    seed: Option<u64>,
}

fn parse_args() -> anyhow::Result<Args> {
    let mut args = Args {
        port: 4566,
        latency: Duration::ZERO,
        fixtures: fixtures_dir(),
        regions: None,
        seed: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--help" || flag == "-h" {
            println!("{USAGE}");
            std::process::exit(0);
        }
        let value = it
            .next()
            .ok_or_else(|| anyhow::anyhow!("{flag} needs a value\n{USAGE}"))?;
        match flag.as_str() {
            "--port" => args.port = value.parse()?,
            "--latency-ms" => args.latency = Duration::from_millis(value.parse()?),
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
            _ => anyhow::bail!("unknown argument {flag}\n{USAGE}"),
        }
    }
    Ok(args)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = parse_args()?;
    let regions = match args.regions {
        Some(r) => r,
        None => aws_bedrock_regions(&args.fixtures)?,
    };
    let region_refs: Vec<&str> = regions.iter().map(String::as_str).collect();
    let data = FakeData::from_fixtures(&args.fixtures, &region_refs)?;

    let fake = FakeAws::start_on(data, args.port).await?;
    fake.set_latency(args.latency);
    if let Some(seed) = args.seed {
        fake.set_seed(seed);
    }
    let offers = args.fixtures.join("price-list/offers");
    let files = fake.serve_dir("/offers", &offers)?;
    let litellm = args
        .fixtures
        .join("litellm/model_prices_and_context_window_backup.json");
    fake.serve_file(
        "/litellm/model_prices_and_context_window.json",
        std::fs::read(&litellm)?,
    );
    eprintln!(
        "{} regions, {files} price-list files under /offers, LiteLLM at /litellm/model_prices_and_context_window.json",
        regions.len()
    );
    println!("listening on {}", fake.url());

    wait_for_signal().await?;
    println!("requests: {}", fake.request_count());
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
