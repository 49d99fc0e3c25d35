//! The live fetch: every region's calls and the file sources under one limiter, with the phases run as their inputs arrive.

use super::assemble::{
    RegionQuotas, discover, finish_catalog, join_models, lap, read_offers, resolve_specs,
};
use super::error::RunError;
use super::inputs::{Inputs, LoadedCorrections};
use crate::catalog::Catalog;
use crate::config::Settings;
use crate::phases::pricing::{self};
use crate::progress::Progress;
use crate::sources::http::{self, HttpSource};
use crate::sources::limit::{self, Limiter};
use crate::sources::mantle::{MantleOptions, MantleSource};
use crate::sources::{
    Api, AwsRaw, Failure, FileOutcome, RegionRaw, Status, account, aws, credentials,
    mantle_skipped, price_list,
};
use futures::StreamExt;
use futures::stream::FuturesUnordered;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;
use tracing::{debug, info};

/// A network run. Every request starts at once under one limit ([`Limiter`]), and each phase runs
/// as soon as its inputs have arrived: discovery, token specs and prices while the quota pages are
/// still coming, then the models are joined with all of these (and Mantle), then each region's
/// quotas are assigned as its pages complete. When the last page arrives, only that region's
/// quotas, the quotas' place in the models and the metadata remain. The phases run on this task's
/// thread while spawned tasks drive the requests on the runtime's workers, so neither waits for
/// the other.
pub(super) async fn collect_live(
    settings: &Settings,
    progress: &Progress,
    corrections: LoadedCorrections,
) -> Result<(Inputs, Catalog), RunError> {
    let config = aws::load_sdk_config(&settings.aws).await;
    let mut credential_source =
        credentials::check_credentials(&config, settings.aws.profile.as_deref())
            .await
            .map_err(RunError::Credentials)?;
    info!(
        regions = settings.regions.len(),
        threads = settings.threads,
        "querying Bedrock and Service Quotas in every region; downloading the Price List and LiteLLM"
    );
    let clock = Instant::now();
    // This thread runs the phases from now on; the requests are handled on the runtime's workers.
    yield_cpu_to_requests();
    // One limit for every request, AWS and HTTP alike; all fetches start together.
    // Waiting requests go longest expected chain first: the last run's page counts, if recorded.
    let chains = (settings.http.cache_dir.as_deref())
        .map(limit::Chains::load)
        .unwrap_or_default();
    // Requests done against the expected total of every region's chains; a region is done when
    // its last chain ends.
    let account_apis: &[Api] = if settings.account_access {
        &Api::ACCOUNT
    } else {
        &[]
    };
    let tally = progress.tally(
        settings.regions.len(),
        settings.regions.iter().flat_map(|region| {
            Api::ALL
                .iter()
                .chain(account_apis)
                .map(|&api| (region.clone(), api.name(), chains.expected(region, api)))
        }),
    );
    let start_order = chains.start_order(&settings.regions);
    let limit = Arc::new(Limiter::with_chains(settings.threads, chains));
    let files_bar = progress.bar("files", 1);

    // A region's requests start as soon as its clients are built, before the next region's are:
    // building all 66 clients first would hold every request back by several milliseconds. The
    // region with the longest expected chain (us-east-1's quota pages) starts first.
    let mut clients = Vec::with_capacity(settings.regions.len());
    let mut quota_tasks = FuturesUnordered::new();
    // The run-level deadline of second passes over failed chains counts from here.
    let passes = aws::Passes::starting_now(settings.aws.passes);
    let mut list_tasks = Vec::with_capacity(settings.regions.len());
    let mut account_tasks = Vec::new();
    for region in start_order {
        let c = Arc::new(aws::RegionClients::new(&config, region, passes));
        quota_tasks.push({
            let (c, limit, tally) = (c.clone(), limit.clone(), tally.clone());
            tokio::spawn(async move {
                let (applied, defaults) = c.quota_lists(&limit, &tally).await;
                (c, applied, defaults)
            })
        });
        // With --account-access, the region's availability calls start when its model list is in.
        let (models_tx, models_rx) = tokio::sync::oneshot::channel();
        if settings.account_access {
            let a = account::AccountClients::new(&config, region);
            let (limit, tally) = (limit.clone(), tally.clone());
            account_tasks.push(tokio::spawn(async move {
                let ids = async {
                    models_rx.await.unwrap_or_else(|_| {
                        Err(Failure::new(
                            Status::Error,
                            "the model list task ended early",
                        ))
                    })
                };
                let raw = a.collect(&limit, &tally, ids).await;
                (a.region.clone(), raw)
            }));
        }
        list_tasks.push({
            let (c, limit, tally) = (c.clone(), limit.clone(), tally.clone());
            tokio::spawn(async move {
                c.model_lists_then(&limit, &tally, |models| {
                    let _ = models_tx.send(account::availability_ids(&c.region, models));
                })
                .await
            })
        });
        clients.push(c);
    }
    // Mantle's model list, one request per region, under the same limit.
    let mantle = match &settings.mantle_url {
        Some(template) => Some(Arc::new(
            MantleSource::new(
                MantleOptions::new(template, &settings.aws),
                &config,
                limit.clone(),
            )
            .map_err(RunError::HttpClient)?,
        )),
        None => None,
    };
    let mantle_tasks: Vec<_> = settings
        .regions
        .iter()
        .map(|region| {
            let (mantle, region, tally) = (mantle.clone(), region.clone(), tally.clone());
            tokio::spawn(async move {
                match mantle {
                    Some(m) => {
                        let (pages, attempts) = m.list_models(&region, &tally).await;
                        (pages, Some(attempts))
                    }
                    None => {
                        tally.end(&region, Api::MantleModels.name(), 0);
                        (
                            mantle_skipped("Mantle is switched off (sources.mantle_url is empty)"),
                            None,
                        )
                    }
                }
            })
        })
        .collect();
    let http =
        HttpSource::new(settings.http.clone(), limit.clone()).map_err(RunError::HttpClient)?;
    let litellm_task = {
        let (settings, http, bar) = (settings.clone(), http.clone(), files_bar.clone());
        tokio::spawn(async move {
            let f = fetch_litellm(&settings, &http).await;
            bar.inc(1);
            f
        })
    };
    let prices_task = {
        let (settings, http, bar) = (settings.clone(), http.clone(), files_bar.clone());
        tokio::spawn(async move {
            let files = fetch_price_list(&settings, &http, &bar).await;
            // Parsed on a thread of its own (not one of the runtime's blocking threads, which
            // keep their priority), while the quota pages are still arriving.
            let (parsed, offers) = tokio::sync::oneshot::channel();
            std::thread::spawn(move || {
                yield_cpu_to_requests();
                let offers = read_offers(files.as_ref(), &settings.regions);
                let _ = parsed.send((files, offers));
            });
            offers.await
        })
    };

    // Phases 1 and 4 once every region has listed its models and profiles.
    let mut aws_raw = AwsRaw {
        mantle_url: settings.mantle_url.clone(),
        ..AwsRaw::default()
    };
    for (c, task) in clients.iter().zip(list_tasks) {
        let (foundation_models, inference_profiles) = task.await?;
        aws_raw.regions.insert(
            c.region.clone(),
            RegionRaw {
                foundation_models,
                inference_profiles,
                // Filled in as each region's quota pages arrive, below.
                service_quotas: Ok(vec![]),
                default_quotas: Ok(vec![]),
                // Filled in when Mantle has answered, below.
                mantle: Ok(vec![]),
                attempts: BTreeMap::new(),
            },
        );
    }
    debug!(
        elapsed_ms = clock.elapsed().as_millis() as u64,
        "model lists in"
    );
    let discovered = discover(&aws_raw, settings);
    lap(clock, "1 discovery, 4 profiles");
    let litellm = litellm_task.await?;
    let (price_list, offers) = prices_task.await?.map_err(|_| RunError::PriceListParser)?;
    let mut inputs = Inputs {
        aws: aws_raw,
        litellm,
        price_list,
        offers,
        corrections,
    };
    let specs = resolve_specs(&discovered.refs, &inputs);
    lap(clock, "4.5 token specs");
    let pricing = pricing::match_prices(&discovered.refs, &inputs.offers.offers);
    lap(clock, "2-3 prices");
    // Mantle's one request per region has usually been answered by now (if not, the quota pages
    // keep arriving meanwhile: their tasks run on their own).
    for (region, task) in settings.regions.iter().zip(mantle_tasks) {
        let (pages, attempts) = task.await?;
        if let Some(r) = inputs.aws.regions.get_mut(region) {
            r.mantle = pages;
            if let Some(a) = attempts {
                r.attempts.insert(Api::MantleModels, a);
            }
        }
    }
    // Everything but the quotas and the account's view, while the last quota pages arrive.
    let joined = join_models(discovered, specs, pricing, &inputs);
    lap(clock, "models joined");

    // Phase 5, region by region as the quota pages complete.
    let mut region_quotas = RegionQuotas::new(&joined.refs, settings.redact_account_id);
    while let Some(done) = quota_tasks.next().await {
        let (c, applied, defaults) = done?;
        let region = inputs
            .aws
            .regions
            .get_mut(&c.region)
            .expect("every region has its model lists");
        region.service_quotas = applied;
        region.default_quotas = defaults;
        region_quotas.add(&c.region, region);
    }
    debug!(
        elapsed_ms = clock.elapsed().as_millis() as u64,
        "last quota page in"
    );
    if let Some(dir) = &settings.http.cache_dir
        && let Err(e) = limit::Chains::from_raw(&inputs.aws).save(dir)
    {
        debug!(error = %e, "the page counts for the next run's schedule were not saved");
    }
    for c in &clients {
        if let Some(region) = inputs.aws.regions.get_mut(&c.region) {
            // Mantle's attempts are counted by its own client, already in.
            region.attempts.extend(c.attempts());
        }
    }
    for task in account_tasks {
        let (region, raw) = task.await?;
        inputs.aws.account.insert(region, raw);
    }
    tally.finish();
    files_bar.finish();
    aws::report_failures(&inputs.aws);
    let assignment = region_quotas.finish();
    lap(clock, "5 quotas");
    if credential_source.account_id.is_none()
        && let Some(account) = quota_account(&inputs.aws)
    {
        credential_source.set_account(&account);
    }
    inputs.aws.credentials = Some(credential_source);
    let catalog = finish_catalog(joined, assignment, &inputs, settings);
    lap(clock, "joined");
    // Closing the connections and freeing the clients takes a few milliseconds: off the critical
    // path.
    std::thread::spawn(move || drop((clients, quota_tasks, limit, http, mantle, config)));
    Ok((inputs, catalog))
}

/// The account of the run's credentials as the quota ARNs name it (the 5th field of
/// `arn:aws:servicequotas:REGION:ACCOUNT:bedrock/L-...`).
fn quota_account(raw: &AwsRaw) -> Option<String> {
    raw.regions
        .values()
        .filter_map(|r| r.service_quotas.as_ref().ok())
        .flatten()
        .flat_map(|p| &p.quotas)
        .filter_map(|q| q.quota_arn.as_deref())
        .find_map(|arn| {
            let account = arn.split(':').nth(4)?;
            (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()))
                .then(|| account.to_string())
        })
}

/// Gives the calling thread the lowest CPU priority (Linux; elsewhere a no-op). The phases that run
/// while requests are in flight use it, so handling a response never waits behind them on a busy
/// machine; they use the CPU the requests leave idle, which is most of it.
pub(super) fn yield_cpu_to_requests() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only reads its arguments; the id is this thread's.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t, 19);
    }
}

/// LiteLLM's database from `--litellm-file`, or downloaded (through the cache).
pub(super) async fn fetch_litellm(settings: &Settings, http: &HttpSource) -> FileOutcome {
    match (&settings.litellm_file, &settings.litellm_url) {
        (Some(path), _) => FileOutcome {
            location: path.display().to_string(),
            result: http::read_local(path),
        },
        (None, Some(url)) => FileOutcome {
            location: url.clone(),
            result: http.get(url, limit::FIRST).await,
        },
        (None, None) => FileOutcome {
            location: String::new(),
            result: Err(Failure::new(
                Status::Skipped,
                "LiteLLM is switched off (sources.litellm_url is empty)",
            )),
        },
    }
}

/// The Price List files from `--price-list-dir`, or downloaded (through the cache). `None` when
/// prices are switched off.
pub(super) async fn fetch_price_list(
    settings: &Settings,
    http: &HttpSource,
    files: &indicatif::ProgressBar,
) -> Option<BTreeMap<String, FileOutcome>> {
    let store = match (&settings.price_list_dir, &settings.price_list_url) {
        (Some(dir), _) => price_list::Store::Dir(dir),
        (None, Some(base)) => price_list::Store::Http { http, base },
        (None, None) => return None,
    };
    Some(price_list::fetch_counting(&store, &settings.regions, files).await)
}
