//! The live fetch: every region's calls and the file sources start at once under one limiter,
//! and hand their answers to the assembly ([`crate::phases::assembly`]) as they arrive. The
//! region expected to end the run makes its calls on a runtime of its own ([`OwnRuntime`]).

use std::collections::BTreeMap;
use std::sync::Arc;

use aws_config::SdkConfig;
use futures::StreamExt;
use futures::stream::FuturesUnordered;
use tokio::task::JoinHandle;
use tracing::{debug, info};

use super::error::{HttpClientFor, RunError};
use crate::catalog::Catalog;
use crate::config::{FileSource, Settings};
use crate::output::{self, ModelHeads};
use crate::phases::assembly::{self, Arrivals, Files, Inputs, LoadedCorrections, ParsedOffers};
use crate::progress::{Progress, Tally};
use crate::records::{
    AccountRaw, Api, Attempts, AwsRaw, Failure, FileOutcome, Pages, RegionRaw, Status,
    mantle_skipped,
};
use crate::records::{FoundationModelsPage, InferenceProfilesPage, MantleModelsPage, QuotasPage};
use crate::sources::http::{self, HttpSource};
use crate::sources::limit::{self, Limiter};
use crate::sources::mantle::{MantleOptions, MantleSource};
use crate::sources::{account, aws, credentials, price_list};

/// A network run: checks the credentials, starts every request under one limit ([`Limiter`]) and
/// runs the assembly on this task's thread as the answers arrive, while spawned tasks drive the
/// requests on the runtime's workers.
pub(super) async fn collect_live(
    settings: &Settings,
    progress: &Progress,
    corrections: LoadedCorrections,
) -> Result<(Inputs, Catalog, ModelHeads), RunError> {
    let config = aws::load_sdk_config(&settings.aws).await;
    let mut credential_source =
        credentials::check_credentials(&config, settings.aws.profile.as_deref())
            .await
            .map_err(|e| RunError::Credentials(Box::new(e)))?;
    info!(
        regions = settings.regions.len(),
        threads = settings.threads,
        "querying Bedrock and Service Quotas in every region; downloading the Price List and LiteLLM"
    );
    let mut fetch = LiveFetch::start(settings, progress, &config)?;
    let options = assembly::Options {
        home_region: &settings.aws.home_region,
        regions: &settings.regions,
        redact_account_id: settings.redact_account_id,
    };
    // The models' heads are serialized as soon as the models are joined, while the last quota
    // pages are on their way: after the last page only the rest of each model is.
    let mut heads = ModelHeads::default();
    let (mut inputs, mut catalog) =
        assembly::assemble(&mut fetch, corrections, &options, |providers| {
            heads = ModelHeads::of(providers, output::threads());
        })
        .await?;
    if let Some(dir) = &settings.http.cache_dir
        && let Err(e) = limit::Chains::from_raw(&inputs.aws).save(dir)
    {
        debug!(error = %e, "the page counts for the next run's schedule were not saved");
    }
    if credential_source.account_id.is_none()
        && let Some(account) = quota_account(&inputs.aws)
    {
        credential_source.set_account(&account);
    }
    // The record and the catalogue name the credentials the calls were made with.
    inputs.aws.credentials = Some(credential_source.clone());
    catalog.metadata.credentials = Some(credential_source);
    Ok((inputs, catalog, heads))
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

type ModelLists = (Pages<FoundationModelsPage>, Pages<InferenceProfilesPage>);
type QuotaLists = (
    Arc<aws::RegionClients>,
    Pages<QuotasPage>,
    Pages<QuotasPage>,
);
type PriceFiles = (Option<BTreeMap<String, FileOutcome>>, ParsedOffers);
type MantleAnswer = (Pages<MantleModelsPage>, Option<Attempts>);

/// Every request of a live run, started; each answer is awaited when the assembly asks for it.
struct LiveFetch {
    clients: Vec<Arc<aws::RegionClients>>,
    model_lists: Vec<JoinHandle<ModelLists>>,
    quotas: FuturesUnordered<JoinHandle<QuotaLists>>,
    account: Vec<JoinHandle<(String, AccountRaw)>>,
    mantle: Vec<(String, JoinHandle<MantleAnswer>)>,
    litellm: Option<JoinHandle<FileOutcome>>,
    prices: Option<JoinHandle<Result<PriceFiles, tokio::task::JoinError>>>,
    tally: Tally,
    files_bar: indicatif::ProgressBar,
    /// Mantle's URL template, recorded with the raw records; `None` when switched off.
    mantle_url: Option<String>,
    /// The size cap of every AWS answer (`limits.max_aws_answer_bytes`).
    answer_cap: aws::AnswerSizeCap,
    /// The runtime of the region expected to end the run; `None` if its thread could not start.
    longest_chain: Option<OwnRuntime>,
}

/// A single-threaded runtime on a thread of its own, for the requests of the region whose chain
/// is expected to end the run (us-east-1's quota pages). On the shared runtime each of its pages
/// waits behind the answers of every other region that came in at the same moment (the first
/// waves bring ~190 at once) before the next page is asked for; here it is asked for at once.
/// Its thread ends when this is dropped, after the run's last answer.
struct OwnRuntime {
    handle: tokio::runtime::Handle,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl OwnRuntime {
    fn start() -> std::io::Result<OwnRuntime> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let handle = runtime.handle().clone();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        std::thread::Builder::new()
            .name("longest-chain".to_string())
            .spawn(move || {
                let _ = runtime.block_on(stopped);
            })?;
        Ok(OwnRuntime {
            handle,
            _stop: stop,
        })
    }
}

/// Spawns `task` on the runtime of `own`, or on the shared one.
fn spawn_on<F>(own: Option<&tokio::runtime::Handle>, task: F) -> JoinHandle<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    match own {
        Some(own) => own.spawn(task),
        None => tokio::spawn(task),
    }
}

impl LiveFetch {
    /// Starts every request: one limit for all of them, AWS and HTTP alike. Waiting requests go
    /// longest expected chain first: the last run's page counts, if recorded.
    fn start(
        settings: &Settings,
        progress: &Progress,
        config: &SdkConfig,
    ) -> Result<LiveFetch, RunError> {
        let chains = (settings.http.cache_dir.as_deref())
            .map(limit::Chains::load)
            .unwrap_or_default();
        let tally = progress.tally(settings.regions.len(), expected_chains(settings, &chains));
        let start_order = chains.start_order(&settings.regions);
        let limit = Arc::new(Limiter::new(settings.threads, chains));
        let files_bar = progress.bar("files", 1);
        let mut fetch = LiveFetch {
            clients: Vec::with_capacity(settings.regions.len()),
            model_lists: Vec::with_capacity(settings.regions.len()),
            quotas: FuturesUnordered::new(),
            account: Vec::new(),
            mantle: Vec::new(),
            litellm: None,
            prices: None,
            tally,
            files_bar,
            mantle_url: settings.mantle_url.clone(),
            answer_cap: aws::AnswerSizeCap {
                max_bytes: settings.aws.max_answer_bytes,
            },
            longest_chain: OwnRuntime::start()
                .inspect_err(|e| debug!(error = %e, "no thread of its own for the longest chain"))
                .ok(),
        };
        // The run-level deadline of second passes over failed chains counts from here.
        let passes = aws::Passes::starting_now(settings.aws.passes);
        // A region's requests start as soon as its clients are built, before the next region's
        // are; the region with the longest expected chain (us-east-1's quota pages) first, on a
        // runtime of its own.
        for (i, region) in start_order.into_iter().enumerate() {
            let own = i == 0;
            fetch.start_region(config, region, passes, &limit, settings.account_access, own);
        }
        fetch.start_mantle(settings, config, &limit)?;
        fetch.start_files(settings, &limit)?;
        Ok(fetch)
    }

    /// A region's model and profile lists, its two quota lists and, with `--account-access`,
    /// its account calls (which start when its model list is in). With `own_runtime`, its lists
    /// run on the longest chain's runtime, with an HTTP client of their own.
    fn start_region(
        &mut self,
        config: &SdkConfig,
        region: &str,
        passes: aws::Passes,
        limit: &Arc<Limiter>,
        account_access: bool,
        own_runtime: bool,
    ) {
        let own = (self.longest_chain.as_ref())
            .filter(|_| own_runtime)
            .map(|r| r.handle.clone());
        let own_config = own.as_ref().map(|_| aws::with_own_http_client(config));
        let c = Arc::new(aws::RegionClients::new(
            own_config.as_ref().unwrap_or(config),
            region,
            passes,
            self.answer_cap,
        ));
        let (limit_, tally) = (limit.clone(), self.tally.clone());
        let c_ = c.clone();
        self.quotas.push(spawn_on(own.as_ref(), async move {
            let (applied, defaults) = c_.quota_lists(&limit_, &tally).await;
            (c_, applied, defaults)
        }));
        let (models_tx, models_rx) = tokio::sync::oneshot::channel();
        if account_access {
            let a = account::AccountClients::new(config, region, self.answer_cap);
            let (limit, tally) = (limit.clone(), self.tally.clone());
            self.account.push(tokio::spawn(async move {
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
        let (c_, limit, tally) = (c.clone(), limit.clone(), self.tally.clone());
        self.model_lists.push(spawn_on(own.as_ref(), async move {
            c_.model_lists_then(&limit, &tally, |models| {
                let _ = models_tx.send(account::availability_ids(&c_.region, models));
            })
            .await
        }));
        self.clients.push(c);
    }

    /// Mantle's model list, one request per region, under the same limit.
    fn start_mantle(
        &mut self,
        settings: &Settings,
        config: &SdkConfig,
        limit: &Arc<Limiter>,
    ) -> Result<(), RunError> {
        let mantle = match &settings.mantle_url {
            Some(template) => Some(Arc::new(
                MantleSource::new(
                    MantleOptions::new(template, &settings.aws),
                    config,
                    limit.clone(),
                )
                .map_err(|source| RunError::HttpClient {
                    client: HttpClientFor::Mantle,
                    source,
                })?,
            )),
            None => None,
        };
        for region in &settings.regions {
            let (mantle, region_, tally) = (mantle.clone(), region.clone(), self.tally.clone());
            let task = tokio::spawn(async move {
                let Some(m) = mantle else {
                    tally.end(&region_, Api::MantleModels.name(), 0);
                    let off =
                        mantle_skipped("Mantle is switched off (sources.mantle_url is empty)");
                    return (off, None);
                };
                let (pages, attempts) = m.list_models(&region_, &tally).await;
                (pages, Some(attempts))
            });
            self.mantle.push((region.clone(), task));
        }
        Ok(())
    }

    /// LiteLLM's database and the Price List's files, the latter parsed as soon as they are in,
    /// while the quota pages are still arriving.
    fn start_files(&mut self, settings: &Settings, limit: &Arc<Limiter>) -> Result<(), RunError> {
        let http = HttpSource::new(settings.http.clone(), limit.clone()).map_err(|source| {
            RunError::HttpClient {
                client: HttpClientFor::Files,
                source,
            }
        })?;
        let (litellm, http_, bar) = (
            settings.litellm.clone(),
            http.clone(),
            self.files_bar.clone(),
        );
        self.litellm = Some(tokio::spawn(async move {
            let f = fetch_litellm(&litellm, &http_).await;
            bar.inc(1);
            f
        }));
        let (source, regions, bar) = (
            settings.price_list.clone(),
            settings.regions.clone(),
            self.files_bar.clone(),
        );
        self.prices = Some(tokio::spawn(async move {
            let files = fetch_price_list(&source, &regions, &http, &bar).await;
            // Parsed on a blocking thread while the quota pages are still arriving.
            tokio::task::spawn_blocking(move || {
                let offers = assembly::read_offers(files.as_ref(), &regions);
                (files, offers)
            })
            .await
        }));
        Ok(())
    }
}

/// Every chain the run will make, with its expected requests: the tally's totals.
fn expected_chains(
    settings: &Settings,
    chains: &limit::Chains,
) -> Vec<(String, &'static str, u32)> {
    let account_apis: &[Api] = if settings.account_access {
        &Api::ACCOUNT
    } else {
        &[]
    };
    (settings.regions.iter())
        .flat_map(|region| {
            (Api::ALL.iter().chain(account_apis))
                .map(|&api| (region.clone(), api.name(), chains.expected(region, api)))
        })
        .collect()
}

impl Arrivals for LiveFetch {
    type Error = RunError;

    async fn model_lists(&mut self) -> Result<AwsRaw, RunError> {
        let mut aws = AwsRaw {
            mantle_url: self.mantle_url.clone(),
            ..AwsRaw::default()
        };
        for (c, task) in self.clients.iter().zip(self.model_lists.drain(..)) {
            let (foundation_models, inference_profiles) = task.await?;
            aws.regions.insert(
                c.region.clone(),
                RegionRaw {
                    foundation_models,
                    inference_profiles,
                    // Filled in as each region's quota pages arrive, and when Mantle answers.
                    service_quotas: Ok(vec![]),
                    default_quotas: Ok(vec![]),
                    mantle: Ok(vec![]),
                    attempts: BTreeMap::new(),
                },
            );
        }
        Ok(aws)
    }

    async fn files(&mut self) -> Result<Files, RunError> {
        let litellm = self.litellm.take().expect("started").await?;
        let prices = self.prices.take().expect("started").await?;
        let (price_list, offers) = prices?;
        Ok(Files {
            litellm,
            price_list,
            offers,
        })
    }

    async fn mantle(&mut self, aws: &mut AwsRaw) -> Result<(), RunError> {
        for (region, task) in self.mantle.drain(..) {
            let (pages, attempts) = task.await?;
            if let Some(r) = aws.regions.get_mut(&region) {
                r.mantle = pages;
                r.attempts.extend(attempts.map(|a| (Api::MantleModels, a)));
            }
        }
        Ok(())
    }

    async fn next_quotas(&mut self, aws: &mut AwsRaw) -> Result<Option<String>, RunError> {
        let Some(done) = self.quotas.next().await else {
            return Ok(None);
        };
        let (c, applied, defaults) = done?;
        if let Some(region) = aws.regions.get_mut(&c.region) {
            region.service_quotas = applied;
            region.default_quotas = defaults;
        }
        Ok(Some(c.region.clone()))
    }

    async fn rest(&mut self, aws: &mut AwsRaw) -> Result<(), RunError> {
        for c in &self.clients {
            if let Some(region) = aws.regions.get_mut(&c.region) {
                // Mantle's attempts are counted by its own client, already in.
                region.attempts.extend(c.attempts());
            }
        }
        for task in self.account.drain(..) {
            let (region, raw) = task.await?;
            aws.account.insert(region, raw);
        }
        self.tally.finish();
        self.files_bar.finish();
        aws::report_failures(aws);
        Ok(())
    }
}

/// LiteLLM's database from a file, or downloaded (through the cache).
async fn fetch_litellm(source: &FileSource, http: &HttpSource) -> FileOutcome {
    match source {
        FileSource::File(path) => FileOutcome {
            location: path.display().to_string(),
            result: http::read_local(path),
        },
        FileSource::Url(url) => FileOutcome {
            location: url.clone(),
            result: http.get(url, limit::FIRST).await,
        },
        FileSource::Off => FileOutcome {
            location: String::new(),
            result: Err(Failure::new(
                Status::Skipped,
                "LiteLLM is switched off (sources.litellm_url is empty)",
            )),
        },
    }
}

/// The Price List files from a directory, or downloaded (through the cache). `None` when prices
/// are switched off.
async fn fetch_price_list(
    source: &FileSource,
    regions: &[String],
    http: &HttpSource,
    files: &indicatif::ProgressBar,
) -> Option<BTreeMap<String, FileOutcome>> {
    let store = match source {
        FileSource::File(dir) => price_list::Store::Dir(dir),
        FileSource::Url(base) => price_list::Store::Http { http, base },
        FileSource::Off => return None,
    };
    Some(price_list::fetch_counting(&store, regions, files).await)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn thread_name() -> Option<String> {
        std::thread::current().name().map(str::to_string)
    }

    /// The longest chain's tasks run on the thread of its own runtime, the others on the shared
    /// one; dropping it ends its runtime, cancelling whatever was still on it.
    #[tokio::test]
    async fn the_longest_chain_runs_on_a_thread_of_its_own() {
        let own = OwnRuntime::start().unwrap();
        let handle = own.handle.clone();
        let on_own = spawn_on(Some(&handle), async { thread_name() });
        assert_eq!(on_own.await.unwrap().as_deref(), Some("longest-chain"));
        let on_shared = spawn_on(None, async { thread_name() });
        assert_ne!(on_shared.await.unwrap().as_deref(), Some("longest-chain"));

        let forever = handle.spawn(std::future::pending::<()>());
        drop(own);
        assert!(forever.await.unwrap_err().is_cancelled());
    }
}
