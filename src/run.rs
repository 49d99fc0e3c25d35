//! One collection run: fetch (or replay) the raw data, run the phases, write the catalogue.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use aws_sdk_bedrock::primitives::{DateTime, DateTimeFormat};
use futures::StreamExt;
use futures::stream::FuturesUnordered;
use tracing::{debug, info, warn};

use crate::catalog::BatchSupport;
use crate::catalog::{ApiStatus, Catalog, Metadata, SCHEMA_VERSION, SourceStatus};
use crate::config::Settings;
use crate::output;
use crate::phases::pricing::{self, Offer};
use crate::phases::token_specs::{Corrections, LiteLlmDb};
use crate::phases::{changes, guard};
use crate::phases::{discovery, features, profiles, quotas, token_specs};
use crate::progress::Progress;
use crate::records::ServiceQuota;
use crate::sources::http::{self, HttpSource};
use crate::sources::limit::{self, Limiter};
use crate::sources::{
    Api, AwsRaw, Failure, FileOutcome, RegionRaw, Status, aws, price_list, snapshot,
};
use crate::summary;

/// Process exit codes (also in `--help` and the README).
pub mod exit {
    pub const COMPLETE: u8 = 0;
    pub const FAILED: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const PARTIAL: u8 = 3;
    pub const CHANGES: u8 = 4;
}

/// The corrections file is hand-edited and small; a huge one is a mistake, refused before parsing.
const MAX_CORRECTIONS_BYTES: u64 = 16 << 20;

/// What `--redact-account-id` puts in place of the account id in quota ARNs.
pub const REDACTED_ACCOUNT: &str = "000000000000";

/// Name of the LiteLLM database among the file sources (and in a snapshot's `files/`).
pub const LITELLM_FILE: &str = "litellm.json";

/// A run that could not produce a catalogue: one sentence for the user and the exit code.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct RunError {
    pub message: String,
    pub exit_code: u8,
}

impl RunError {
    fn failed(message: impl Into<String>) -> Self {
        RunError {
            message: message.into(),
            exit_code: exit::FAILED,
        }
    }
}

/// What a finished run wrote and how complete it was.
#[derive(Debug)]
pub struct RunReport {
    pub catalog: Catalog,
    pub exit_code: u8,
}

/// Everything the phases read, from the network or a snapshot.
pub struct Inputs {
    pub aws: AwsRaw,
    pub litellm: FileOutcome,
    /// Price List files by path on the host; `None` when prices are switched off.
    pub price_list: Option<BTreeMap<String, FileOutcome>>,
    /// Those files parsed (as soon as they arrived), and how the source fared.
    pub offers: (Vec<Offer>, SourceStatus),
    pub corrections: Corrections,
    /// `built-in`, or the path given with `--corrections`.
    pub corrections_location: String,
    /// `sha256:` and 12 hex digits of the corrections' text.
    pub corrections_revision: String,
}

/// The corrections file at `path`, or the built-in corrections; with their location and revision.
fn load_corrections(path: Option<&Path>) -> Result<(Corrections, String, String), RunError> {
    let usage = |message: String| RunError {
        message,
        exit_code: exit::USAGE,
    };
    let Some(path) = path else {
        let location = crate::corrections::BUILT_IN_LOCATION.to_string();
        let bytes = crate::corrections::BUILT_IN.as_bytes();
        let corrections = Corrections::parse(bytes, &location).map_err(|e| usage(e.to_string()))?;
        return Ok((
            corrections,
            location,
            crate::corrections::built_in_revision(),
        ));
    };
    let location = path.display().to_string();
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    if size > MAX_CORRECTIONS_BYTES {
        return Err(usage(format!(
            "the corrections file {location} is {size} bytes; it is at most {MAX_CORRECTIONS_BYTES}"
        )));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| usage(format!("cannot read the corrections file {location}: {e}")))?;
    let corrections = Corrections::parse(&bytes, &location).map_err(|e| usage(e.to_string()))?;
    let revision = crate::corrections::revision(&bytes);
    Ok((corrections, location, revision))
}

/// Unix seconds as RFC 3339 UTC (`2026-11-25T21:04:05Z`).
fn rfc3339(secs: u64) -> Option<String> {
    DateTime::from_secs(secs as i64)
        .fmt(DateTimeFormat::DateTime)
        .ok()
}

/// Current time as RFC 3339 UTC with seconds precision (`2026-11-25T21:04:05Z`).
pub fn now_rfc3339() -> String {
    DateTime::from(SystemTime::now())
        .fmt(DateTimeFormat::DateTime)
        .map(|s| match s.split_once('.') {
            // Drop sub-second digits for stable, readable timestamps.
            Some((secs, _)) => format!("{secs}Z"),
            None => s,
        })
        .unwrap_or_default()
}

pub async fn run(settings: &Settings, progress: &Progress) -> Result<RunReport, RunError> {
    let clock = Instant::now();
    let started_at = now_rfc3339();
    let mut settings = settings.clone();

    // Local input first: a broken corrections file is a configuration error, before any request.
    // Without --corrections the corrections compiled into the binary are used.
    let (corrections, corrections_location, corrections_revision) =
        load_corrections(settings.corrections_file.as_deref())?;
    // Every file the run will write can be written: checked before the first request.
    crate::preflight::check(&settings).map_err(|message| RunError {
        message,
        exit_code: exit::USAGE,
    })?;

    // The catalogue this run may replace: read while the run fetches, before anything is written.
    let to_stdout = settings.output == Path::new(crate::config::STDOUT);
    let previous_path = settings
        .previous
        .clone()
        .unwrap_or_else(|| settings.output.clone());
    let previous = {
        let path = previous_path.clone();
        // `--output -` has no previous catalogue unless --previous names one.
        let read = !to_stdout || settings.previous.is_some();
        tokio::task::spawn_blocking(move || read.then(|| read_previous(&path)).flatten())
    };

    let (inputs, mut catalog) = match settings.replay.clone() {
        Some(dir) => {
            let manifest =
                snapshot::read_manifest(&dir).map_err(|e| RunError::failed(e.to_string()))?;
            if !settings.regions_from_cli {
                // Replay what was recorded, not the config's region list.
                settings.regions = manifest.calls.keys().cloned().collect();
            }
            info!(snapshot = %dir.display(), regions = settings.regions.len(), "replaying a recorded snapshot");
            let aws = snapshot::replay(&dir, &settings.regions)
                .map_err(|e| RunError::failed(e.to_string()))?;
            let litellm = snapshot::replay_file(&dir, &manifest, LITELLM_FILE);
            // A snapshot recorded with prices switched off holds no price list files.
            let recorded_prices = manifest
                .files
                .keys()
                .any(|k| k.starts_with(price_list::SNAPSHOT_PREFIX));
            let prices = if recorded_prices {
                let store = price_list::Store::Snapshot {
                    dir: &dir,
                    manifest: &manifest,
                };
                Some(price_list::fetch(&store, &settings.regions).await)
            } else {
                None
            };
            let offers = read_offers(prices.as_ref(), &settings.regions);
            let inputs = Inputs {
                aws,
                litellm,
                price_list: prices,
                offers,
                corrections,
                corrections_location,
                corrections_revision,
            };
            let catalog = assemble(&inputs, &settings);
            (inputs, catalog)
        }
        None => {
            collect_live(
                &settings,
                progress,
                corrections,
                corrections_location,
                corrections_revision,
            )
            .await?
        }
    };
    if let Some(dir) = &settings.record {
        // Record before judging the data, so a failed run can be replayed and reported.
        let mut files = BTreeMap::from([(LITELLM_FILE.to_string(), inputs.litellm.clone())]);
        for (path, outcome) in inputs.price_list.iter().flatten() {
            files.insert(price_list::snapshot_name(path), outcome.clone());
        }
        snapshot::record(dir, &inputs.aws, &files, &started_at)
            .map_err(|e| RunError::failed(e.to_string()))?;
        info!(snapshot = %dir.display(), "recorded the raw responses");
    }

    refuse_empty_run(&inputs.aws)?;
    let previous = previous
        .await
        .map_err(|e| RunError::failed(format!("reading the previous catalogue failed: {e}")))?;
    catalog.metadata.started_at = started_at.clone();
    catalog.metadata.collection_timestamp = started_at.clone();
    catalog.metadata.finished_at = now_rfc3339();
    catalog.metadata.duration_ms = clock.elapsed().as_millis() as u64;
    carry_first_discovered(&mut catalog, previous.as_ref(), &started_at);
    debug!(
        elapsed_ms = clock.elapsed().as_millis() as u64,
        "catalogue assembled"
    );

    // Judge the run against the previous catalogue, then compare the two.
    let degraded = {
        let current = serde_json::to_value(&catalog.metadata).expect("metadata serializes");
        guard::degraded_reasons(previous.as_ref(), &current, &settings.guard)
    };
    catalog.metadata.degraded_reasons = degraded.clone();
    let publish = degraded.is_empty() || settings.guard.allow_degraded;
    let partial_path = output::partial_path(&settings.output);
    let written = if publish {
        &settings.output
    } else {
        &partial_path
    };
    // With a previous catalogue to compare with, the writer also parses each model's text into
    // the small comparable view, on the thread that wrote it, rather than reading the file back.
    let also: Option<&output::AlsoFn<changes::ComparableModel>> =
        previous.is_some().then_some(&changes::comparable_model);
    let views = if to_stdout {
        write_stdout(&catalog, also.is_some())?
    } else {
        output::write_catalog_atomic(written, &catalog, also)
            .map_err(|e| RunError::failed(e.to_string()))?
    };
    let events = match &previous {
        Some(p) => {
            let current = changes::comparable_of(&catalog, views).map_err(|e| {
                RunError::failed(format!("cannot compare {}: {e}", written.display()))
            })?;
            changes::diff(p, &current)
        }
        None => vec![],
    };
    if to_stdout {
        // Nothing beside a file: no backup; a change log only where --changes names it.
        if !settings.changes.as_os_str().is_empty() {
            let changes = changes_file(previous.as_ref(), &previous_path, &started_at, &events);
            output::write_atomic(&settings.changes, &output::to_json(&changes))
                .map_err(|e| RunError::failed(e.to_string()))?;
        }
        info!("catalogue written to standard output");
    } else if publish {
        let backup = output::write_backup(&settings.output, &started_at, settings.backups_to_keep)
            .map_err(|e| RunError::failed(e.to_string()))?;
        // A partial catalogue from an earlier degraded run is stale now.
        let _ = std::fs::remove_file(&partial_path);
        let changes = changes_file(previous.as_ref(), &previous_path, &started_at, &events);
        output::write_atomic(&settings.changes, &output::to_json(&changes))
            .map_err(|e| RunError::failed(e.to_string()))?;
        info!(
            output = %settings.output.display(),
            backup = backup.as_ref().map(|b| b.display().to_string()).unwrap_or_default(),
            changes = %settings.changes.display(),
            "catalogue written"
        );
    } else {
        warn!(
            "the run is degraded, so {} was kept and the new catalogue was written to {} (use --allow-degraded to publish it): {}",
            settings.output.display(),
            partial_path.display(),
            degraded.join("; ")
        );
    }

    debug!(elapsed_ms = clock.elapsed().as_millis() as u64, "written");
    let m = &catalog.metadata;
    let outcome = summary::RunOutcome {
        events: &events,
        previous_collected_at: previous
            .as_ref()
            .and_then(|p| p.pointer("/metadata/collection_timestamp"))
            .and_then(|v| v.as_str()),
        degraded: &degraded,
        published: publish,
    };
    if let Some(path) = &settings.summary_markdown {
        output::write_atomic(path, summary::markdown(m, &outcome).as_bytes())
            .map_err(|e| RunError::failed(e.to_string()))?;
    }
    progress.clear();
    report_summary(&settings, m, &outcome);

    let exit_code = if m.run_status != "complete" || !degraded.is_empty() {
        let mut what = Vec::new();
        if !m.regions_failed.is_empty() {
            what.push(format!(
                "{} region(s) had failures ({})",
                m.regions_failed.len(),
                m.regions_failed.join(", ")
            ));
        }
        if !m.sources_failed.is_empty() {
            what.push(format!("source(s) failed: {}", m.sources_failed.join(", ")));
        }
        if !what.is_empty() {
            warn!(
                "the run is partial: {}; see metadata.region_status and metadata.sources",
                what.join("; ")
            );
        }
        exit::PARTIAL
    } else if let Some(kind) = settings
        .guard
        .fail_on
        .iter()
        .find(|k| events.iter().any(|e| e.kind == **k))
    {
        warn!(
            "changes of kind {} happened (--fail-on); see {}",
            kind.name(),
            settings.changes.display()
        );
        exit::CHANGES
    } else {
        exit::COMPLETE
    };
    // The process exits next: freeing tens of megabytes of raw records one by one is wasted work.
    std::mem::forget(inputs);
    Ok(RunReport { catalog, exit_code })
}

/// `--output -`: the catalogue's JSON on standard output (and nothing else there). With `views`,
/// each model's comparable view in catalogue order, for the change log.
fn write_stdout(catalog: &Catalog, views: bool) -> Result<Vec<changes::ComparableModel>, RunError> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(&output::to_json(catalog))
        .and_then(|()| out.flush())
        .map_err(|e| {
            RunError::failed(format!(
                "cannot write the catalogue to standard output: {e}"
            ))
        })?;
    if !views {
        return Ok(vec![]);
    }
    catalog
        .providers
        .values()
        .flat_map(|p| p.models.values())
        .map(|m| {
            serde_json::to_vec(m)
                .map_err(std::io::Error::other)
                .and_then(|t| changes::comparable_model(&t))
                .map_err(|e| RunError::failed(format!("cannot compare the catalogue: {e}")))
        })
        .collect()
}

/// `first_discovered_at` of every model: as the previous catalogue has it, or this run's start.
fn carry_first_discovered(
    catalog: &mut Catalog,
    previous: Option<&serde_json::Value>,
    started_at: &str,
) {
    let now = started_at.replacen('T', " ", 1).replace('Z', " UTC");
    let before: BTreeMap<&str, &str> = previous
        .and_then(|p| p.get("providers"))
        .and_then(|p| p.as_object())
        .into_iter()
        .flat_map(|p| p.values())
        .filter_map(|p| p.get("models")?.as_object())
        .flat_map(|m| m.iter())
        .filter_map(|(k, m)| {
            Some((
                k.as_str(),
                m.pointer("/collection_metadata/first_discovered_at")?
                    .as_str()?,
            ))
        })
        .collect();
    for model in catalog
        .providers
        .values_mut()
        .flat_map(|p| p.models.values_mut())
    {
        model.collection_metadata.first_discovered_at = before
            .get(model.model_id.as_str())
            .map_or_else(|| now.clone(), |t| t.to_string());
    }
}

/// The previous catalogue, when there is one that can be read. One that cannot be read is reported
/// and treated as absent: it gives no change log and no protection.
fn read_previous(path: &std::path::Path) -> Option<serde_json::Value> {
    if !path.exists() {
        return None;
    }
    match read_comparable(path) {
        Ok(v) if v["providers"].as_object().is_some_and(|o| !o.is_empty()) => Some(v),
        Ok(_) => {
            warn!(
                "{} holds no models; treating this as a first run",
                path.display()
            );
            None
        }
        Err(e) => {
            warn!(
                "the previous catalogue {} cannot be read ({e}); treating this as a first run",
                path.display()
            );
            None
        }
    }
}

/// The comparable view of a catalogue file, streamed from disk.
fn read_comparable(path: &std::path::Path) -> Result<serde_json::Value, String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    changes::comparable_reader(std::io::BufReader::with_capacity(1 << 20, file))
        .map_err(|e| e.to_string())
}

/// `changes.json`: the events against the previous catalogue, or a note that there was none.
#[derive(serde::Serialize)]
struct ChangesFile<'a> {
    schema_version: u32,
    collection_timestamp: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    previous: Option<PreviousRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'static str>,
    counts: BTreeMap<&'static str, usize>,
    events: &'a [changes::ChangeEvent],
}

#[derive(serde::Serialize)]
struct PreviousRef {
    path: String,
    collection_timestamp: Option<String>,
}

fn changes_file<'a>(
    previous: Option<&serde_json::Value>,
    path: &std::path::Path,
    started_at: &'a str,
    events: &'a [changes::ChangeEvent],
) -> ChangesFile<'a> {
    ChangesFile {
        schema_version: SCHEMA_VERSION,
        collection_timestamp: started_at,
        previous: previous.map(|p| PreviousRef {
            path: path.display().to_string(),
            collection_timestamp: p
                .pointer("/metadata/collection_timestamp")
                .and_then(|v| v.as_str())
                .map(str::to_string),
        }),
        note: previous
            .is_none()
            .then_some("first run: there was no previous catalogue to compare with"),
        counts: changes::count_by_kind(events)
            .into_iter()
            .map(|(k, n)| (k.name(), n))
            .collect(),
        events,
    }
}

/// The end-of-run summary on stderr: a table for people, or one structured event in JSON logs.
fn report_summary(settings: &Settings, m: &Metadata, outcome: &summary::RunOutcome) {
    if settings.quiet {
        return;
    }
    match settings.log_format {
        crate::cli::LogFormat::Json => info!(
            run_status = %m.run_status,
            models = m.total_models,
            providers = m.providers_count,
            regions_ok = m.regions_ok.len(),
            regions_not_opted_in = m.regions_not_opted_in.len(),
            regions_failed = m.regions_failed.len(),
            with_prices = m.models_with_pricing,
            with_quotas = m.models_with_quotas,
            with_token_specs = m.models_with_token_specs,
            changes = outcome.events.len(),
            degraded = outcome.degraded.len(),
            duration_ms = m.duration_ms,
            "run summary"
        ),
        crate::cli::LogFormat::Text => {
            eprint!("{}", summary::text(m, outcome));
            for e in outcome.events.iter().take(10) {
                info!("{}", e.describe());
            }
            if outcome.events.len() > 10 {
                info!(
                    "... and {} more changes in {}",
                    outcome.events.len() - 10,
                    settings.changes.display()
                );
            }
        }
    }
}

/// A network run. Every request starts at once under one limit ([`Limiter`]), and each phase runs
/// as soon as its inputs have arrived: discovery, token specs and prices while the quota pages are
/// still coming, then each region's quotas as its pages complete. When the last page arrives, only
/// that region's quotas and the join remain. The phases run on this task's thread while spawned
/// tasks drive the requests on the runtime's workers, so neither waits for the other.
async fn collect_live(
    settings: &Settings,
    progress: &Progress,
    corrections: Corrections,
    corrections_location: String,
    corrections_revision: String,
) -> Result<(Inputs, Catalog), RunError> {
    let config = aws::load_sdk_config(&settings.aws).await;
    aws::check_credentials(&config, settings.aws.profile.as_deref())
        .await
        .map_err(RunError::failed)?;
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
    let limit = Arc::new(Limiter::with_chains(settings.threads, chains));
    let regions_bar = progress.bar("regions", settings.regions.len() as u64);
    let requests_bar = progress.counter("requests");
    let files_bar = progress.bar("files", 1);
    let task_failed = |e: tokio::task::JoinError| RunError::failed(format!("a fetch failed: {e}"));

    // A region's requests start as soon as its clients are built, before the next region's are:
    // building all 66 clients first would hold every request back by several milliseconds.
    let mut clients = Vec::with_capacity(settings.regions.len());
    let mut quota_tasks = FuturesUnordered::new();
    let mut list_tasks = Vec::with_capacity(settings.regions.len());
    for region in &settings.regions {
        let c = Arc::new(aws::RegionClients::new(&config, region));
        quota_tasks.push({
            let (c, limit, bar) = (c.clone(), limit.clone(), requests_bar.clone());
            tokio::spawn(async move {
                let (applied, defaults) = c.quota_lists(&limit, &bar).await;
                (c, applied, defaults)
            })
        });
        list_tasks.push({
            let (c, limit, bar) = (c.clone(), limit.clone(), requests_bar.clone());
            tokio::spawn(async move { c.model_lists(&limit, &bar).await })
        });
        clients.push(c);
    }
    let http = HttpSource::new(settings.http.clone(), limit.clone()).map_err(RunError::failed)?;
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
            let files = fetch_price_list(&settings, &http).await;
            if let Some(files) = &files {
                bar.inc_length(files.len() as u64);
                bar.inc(files.len() as u64);
            }
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
    let mut aws_raw = AwsRaw::default();
    for (c, task) in clients.iter().zip(list_tasks) {
        let (foundation_models, inference_profiles) = task.await.map_err(task_failed)?;
        aws_raw.regions.insert(
            c.region.clone(),
            RegionRaw {
                foundation_models,
                inference_profiles,
                // Filled in as each region's quota pages arrive, below.
                service_quotas: Ok(vec![]),
                default_quotas: Ok(vec![]),
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
    let litellm = litellm_task.await.map_err(task_failed)?;
    let (price_list, offers) = prices_task
        .await
        .map_err(task_failed)?
        .map_err(|_| RunError::failed("parsing the Price List failed"))?;
    let mut inputs = Inputs {
        aws: aws_raw,
        litellm,
        price_list,
        offers,
        corrections,
        corrections_location,
        corrections_revision,
    };
    let specs = resolve_specs(&discovered.refs, &inputs);
    lap(clock, "4.5 token specs");
    let pricing = pricing::match_prices(&discovered.refs, &inputs.offers.0);
    lap(clock, "2-3 prices");

    // Phase 5, region by region as the quota pages complete.
    let mut region_quotas = RegionQuotas::new(&discovered.refs, settings.redact_account_id);
    while let Some(done) = quota_tasks.next().await {
        let (c, applied, defaults) = done.map_err(task_failed)?;
        let region = inputs
            .aws
            .regions
            .get_mut(&c.region)
            .expect("every region has its model lists");
        region.service_quotas = applied;
        region.default_quotas = defaults;
        region_quotas.add(&c.region, region);
        regions_bar.inc(1);
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
            region.attempts = c.attempts();
        }
    }
    regions_bar.finish();
    requests_bar.finish();
    files_bar.finish();
    aws::report_failures(&inputs.aws);
    let assignment = region_quotas.finish();
    lap(clock, "5 quotas");
    let catalog = join_phases(discovered, specs, pricing, assignment, &inputs, settings);
    lap(clock, "joined");
    // Closing the connections and freeing the clients takes a few milliseconds: off the critical
    // path.
    std::thread::spawn(move || drop((clients, quota_tasks, limit, http, config)));
    Ok((inputs, catalog))
}

/// Gives the calling thread the lowest CPU priority (Linux; elsewhere a no-op). The phases that run
/// while requests are in flight use it, so handling a response never waits behind them on a busy
/// machine; they use the CPU the requests leave idle, which is most of it.
fn yield_cpu_to_requests() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only reads its arguments; the id is this thread's.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t, 19);
    }
}

/// LiteLLM's database from `--litellm-file`, or downloaded (through the cache).
async fn fetch_litellm(settings: &Settings, http: &HttpSource) -> FileOutcome {
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
async fn fetch_price_list(
    settings: &Settings,
    http: &HttpSource,
) -> Option<BTreeMap<String, FileOutcome>> {
    let store = match (&settings.price_list_dir, &settings.price_list_url) {
        (Some(dir), _) => price_list::Store::Dir(dir),
        (None, Some(base)) => price_list::Store::Http { http, base },
        (None, None) => return None,
    };
    Some(price_list::fetch(&store, &settings.regions).await)
}

/// A run in which no region listed its models has nothing to publish. When every region rejected
/// the credentials, the credentials are wrong (an unusable region list would be a different mistake),
/// so say that rather than "not opted in" everywhere.
fn refuse_empty_run(raw: &AwsRaw) -> Result<(), RunError> {
    if raw.regions.values().any(|r| r.foundation_models.is_ok()) {
        return Ok(());
    }
    let failures: Vec<_> = raw
        .regions
        .values()
        .filter_map(|r| r.foundation_models.as_ref().err())
        .collect();
    if failures.is_empty() {
        return Err(RunError::failed("no region was queried"));
    }
    if failures.iter().all(|f| f.status == Status::NotOptedIn) {
        return Err(RunError::failed(format!(
            "every region rejected the AWS credentials ({}); they are invalid or expired, or belong to another partition",
            failures[0].message
        )));
    }
    Err(RunError::failed(format!(
        "ListFoundationModels failed in every region, so there is nothing to publish; the first failure: {}",
        failures[0].message
    )))
}

/// Parses the fetched Price List files into offers, and says how the source fared. Files that
/// could not be had or read make the source `error`, naming each; the offers that could be read
/// are still used.
fn read_offers(
    files: Option<&BTreeMap<String, FileOutcome>>,
    regions: &[String],
) -> (Vec<Offer>, SourceStatus) {
    let Some(files) = files else {
        let off = price_list::disabled();
        return (
            vec![],
            SourceStatus {
                status: Some(off.status),
                message: Some(off.message),
                ..Default::default()
            },
        );
    };
    let mut offers = Vec::new();
    let mut problems = Vec::new();
    // The oldest cached copy used, if any: how old the prices are.
    let oldest = files
        .values()
        .filter_map(|o| o.result.as_ref().ok()?.downloaded_at)
        .min();
    let mut versions = Vec::new();
    let mut location = String::new();
    for code in price_list::OFFER_CODES {
        let path = price_list::index_path(code);
        let Some(index) = files.get(&path) else {
            problems.push(format!("{code}: region index not fetched"));
            continue;
        };
        if location.is_empty() {
            location = index.location.trim_end_matches(&path).to_string();
        }
        let parsed = match &index.result {
            Ok(f) => pricing::parse_region_index(&f.bytes)
                .map_err(|e| format!("{}: {e}", index.location)),
            Err(e) => Err(e.message.clone()),
        };
        let ix = match parsed {
            Ok(ix) => ix,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        for region in regions {
            let Some(file_path) = ix.regions.get(region) else {
                continue;
            };
            let parsed = match files.get(file_path).map(|o| (o, &o.result)) {
                Some((o, Ok(f))) => {
                    pricing::parse_offer(&f.bytes).map_err(|e| format!("{}: {e}", o.location))
                }
                Some((_, Err(e))) => Err(e.message.clone()),
                None => Err(format!("{file_path} was not fetched")),
            };
            match parsed {
                Ok(offer) => {
                    versions.push(format!("{}@{}", offer.offer_code, offer.version));
                    offers.push(offer);
                }
                Err(e) => problems.push(e),
            }
        }
    }
    versions.sort();
    versions.dedup();
    let status = SourceStatus {
        status: Some(if problems.is_empty() {
            Status::Ok
        } else {
            Status::Error
        }),
        location,
        revision: (!versions.is_empty()).then(|| versions.join(", ")),
        entries: Some(offers.iter().map(|o| o.rows.len()).sum()),
        message: (!problems.is_empty()).then(|| problems.join("; ")),
        downloaded_at: oldest.and_then(rfc3339),
        ..Default::default()
    };
    (offers, status)
}

fn source_status(outcome: &FileOutcome, entries: Result<usize, Failure>) -> SourceStatus {
    match (&outcome.result, entries) {
        (Ok(f), Ok(n)) => SourceStatus {
            status: Some(Status::Ok),
            location: outcome.location.clone(),
            origin: Some(f.origin.clone()),
            revision: Some(f.revision()),
            downloaded_at: f.downloaded_at.and_then(rfc3339),
            entries: Some(n),
            message: None,
        },
        (Ok(f), Err(e)) => SourceStatus {
            status: Some(e.status),
            location: outcome.location.clone(),
            origin: Some(f.origin.clone()),
            revision: Some(f.revision()),
            downloaded_at: f.downloaded_at.and_then(rfc3339),
            entries: None,
            message: Some(e.message),
        },
        (Err(e), _) => SourceStatus {
            status: Some(e.status),
            location: outcome.location.clone(),
            message: Some(e.message.clone()),
            ..Default::default()
        },
    }
}

/// Runs the pure phases over the inputs, one after another, and fills the metadata (all but the
/// run's timestamps). A network run calls the same steps as their inputs arrive
/// (`collect_live`); both give the same catalogue.
pub fn assemble(inputs: &Inputs, settings: &Settings) -> Catalog {
    let clock = Instant::now();
    let discovered = discover(&inputs.aws, settings);
    lap(clock, "1 discovery, 4 profiles");
    let specs = resolve_specs(&discovered.refs, inputs);
    lap(clock, "4.5 token specs");
    let pricing = pricing::match_prices(&discovered.refs, &inputs.offers.0);
    lap(clock, "2-3 prices");
    let mut region_quotas = RegionQuotas::new(&discovered.refs, settings.redact_account_id);
    for (region, r) in &inputs.aws.regions {
        region_quotas.add(region, r);
    }
    let assignment = region_quotas.finish();
    lap(clock, "5 quotas");
    let catalog = join_phases(discovered, specs, pricing, assignment, inputs, settings);
    lap(clock, "joined");
    catalog
}

fn lap(clock: Instant, phase: &str) {
    debug!(
        phase,
        elapsed_ms = clock.elapsed().as_millis() as u64,
        "phase done"
    );
}

/// Phases 1 (discovery) and 4 (cross-region profiles): they read only the two Bedrock lists.
pub struct Discovered {
    providers: BTreeMap<String, crate::catalog::Provider>,
    profile_stats: profiles::ProfileStats,
    refs: Vec<crate::model::ModelRef>,
}

fn discover(raw: &AwsRaw, settings: &Settings) -> Discovered {
    let mut providers = discovery::discover(raw, &settings.aws.home_region);
    let profile_stats = profiles::attach_profiles(&mut providers, raw);
    let refs = discovery::model_refs(&providers);
    Discovered {
        providers,
        profile_stats,
        refs,
    }
}

/// Phase 4.5: token specs per model key, and how many entries LiteLLM's database had (or why it
/// could not be used).
struct Specs {
    by_model: BTreeMap<String, token_specs::TokenSpec>,
    litellm_entries: Result<usize, Failure>,
}

fn resolve_specs(refs: &[crate::model::ModelRef], inputs: &Inputs) -> Specs {
    let litellm = match &inputs.litellm.result {
        Ok(f) => LiteLlmDb::parse(&f.bytes).map_err(|e| {
            Failure::new(
                Status::Error,
                format!(
                    "LiteLLM's database from {} is not usable: {e}",
                    inputs.litellm.location
                ),
            )
        }),
        Err(e) => Err(e.clone()),
    };
    if let Err(e) = &litellm {
        // Switched off by the user: information, not a warning (a quiet run stays quiet).
        if e.status == Status::Skipped {
            info!("{}; token specs come from the corrections only", e.message);
        } else {
            warn!("{}; token specs come from the corrections only", e.message);
        }
    }
    let by_model =
        token_specs::resolve_token_specs(refs, litellm.as_ref().ok(), &inputs.corrections);
    let unmatched = token_specs::unmatched_corrections(refs, &inputs.corrections);
    if !unmatched.is_empty() {
        // Normal when only some regions are queried; worth a look after a full run.
        debug!(
            "{} correction(s) in {} match no model in this run: {}",
            unmatched.len(),
            inputs.corrections_location,
            unmatched.join(", ")
        );
    }
    Specs {
        by_model,
        litellm_entries: litellm.as_ref().map(LiteLlmDb::len).map_err(Clone::clone),
    }
}

/// Phase 5, one region at a time (as its pages complete, or one after another in a replay): each
/// region's lists, with the account id redacted when asked, go into the assignment's `models`.
struct RegionQuotas<'m> {
    assigner: quotas::QuotaAssigner<'m>,
    models: BTreeMap<String, BTreeMap<String, Vec<quotas::AssignedQuota>>>,
    redact_account_id: bool,
}

impl<'m> RegionQuotas<'m> {
    fn new(refs: &'m [crate::model::ModelRef], redact_account_id: bool) -> Self {
        RegionQuotas {
            assigner: quotas::QuotaAssigner::new(refs),
            models: BTreeMap::new(),
            redact_account_id,
        }
    }

    /// A region's quotas from whichever of its two lists were read in full.
    fn add(&mut self, region: &str, raw: &crate::sources::RegionRaw) {
        fn all(
            pages: &crate::sources::Pages<crate::records::QuotasPage>,
        ) -> Option<Vec<&ServiceQuota>> {
            let pages = pages.as_ref().ok()?;
            Some(pages.iter().flat_map(|p| &p.quotas).collect())
        }
        let (applied, defaults) = (all(&raw.service_quotas), all(&raw.default_quotas));
        if applied.is_none() && defaults.is_none() {
            return;
        }
        let lists = self
            .assigner
            .add_region(region, applied.as_ref(), defaults.as_ref());
        for (key, mut list) in lists {
            if self.redact_account_id {
                for quota in &mut list {
                    quota.quota_arn =
                        crate::redact::redact_account_id(&quota.quota_arn, REDACTED_ACCOUNT);
                }
            }
            self.models
                .entry(key)
                .or_default()
                .insert(region.to_string(), list);
        }
    }

    fn finish(self) -> quotas::QuotaAssignment {
        quotas::QuotaAssignment {
            models: self.models,
            ..self.assigner.finish()
        }
    }
}

/// Joins the phases' results into the catalogue and fills its metadata.
fn join_phases(
    discovered: Discovered,
    specs: Specs,
    pricing: pricing::PricingResult,
    mut assignment: quotas::QuotaAssignment,
    inputs: &Inputs,
    settings: &Settings,
) -> Catalog {
    let raw = &inputs.aws;
    let Discovered {
        mut providers,
        profile_stats,
        ..
    } = discovered;
    let price_status = &inputs.offers.1;
    let mut with_specs = 0;
    let mut with_quotas = 0;
    let mut with_prices = 0;
    let mut model_prices = pricing.models;
    for model in providers.values_mut().flat_map(|p| p.models.values_mut()) {
        model.model_capabilities = features::capabilities(
            &model.model_modalities.input_modalities,
            &model.model_modalities.output_modalities,
        );
        model.model_use_cases = features::use_cases(&model.model_capabilities);
        model.documentation_links = features::documentation_links(&model.model_provider);
        if let Some(spec) = specs.by_model.get(&model.model_id) {
            with_specs +=
                usize::from(spec.context_window.is_some() && spec.max_output_tokens.is_some());
            model.converse_data = Some(token_specs::converse_data(
                spec,
                model.model_capabilities.len(),
                model.model_use_cases.len(),
                model.total_regions_available,
            ));
            model.token_specs = Some(spec.clone());
        }
        if let Some(p) = model_prices.remove(&model.model_id) {
            model.has_pricing = p.is_pricing_available;
            with_prices += usize::from(p.is_pricing_available);
            model.batch_inference_supported = Some(BatchSupport::from_prices(
                &p.batch_regions,
                model.total_regions_available,
            ));
            model.model_pricing = Some(p);
        }
        model.consumption_options = features::consumption_options(
            &model.inference_types_supported,
            model
                .batch_inference_supported
                .as_ref()
                .is_some_and(|b| b.supported),
        );
        if let Some(q) = assignment.models.remove(&model.model_id) {
            model.total_quotas_assigned = q.values().map(Vec::len).sum();
            model.has_quotas = model.total_quotas_assigned > 0;
            with_quotas += usize::from(model.has_quotas);
            model.model_service_quotas = q;
        }
    }

    let mut region_status = BTreeMap::new();
    let (mut ok, mut not_opted_in, mut failed) = (vec![], vec![], vec![]);
    let mut total_quotas = 0;
    let (mut aws_requests, mut aws_attempts) = (0, 0);
    for (region, r) in &raw.regions {
        let mut apis = BTreeMap::new();
        let mut region_failed = false;
        for api in Api::ALL {
            let (outcome, pages) = r.outcome(api);
            let counted = r.attempts.get(&api).copied();
            if let Some(c) = counted {
                aws_requests += c.requests;
                aws_attempts += c.attempts;
            }
            let mut status = match outcome {
                Ok(items) => {
                    if api == Api::ListServiceQuotas {
                        total_quotas += items;
                    }
                    ApiStatus {
                        status: Status::Ok,
                        items: Some(items),
                        pages,
                        requests: None,
                        attempts: None,
                        message: None,
                        hint: None,
                    }
                }
                Err(f) => {
                    region_failed |= f.status.is_failure();
                    ApiStatus {
                        status: f.status,
                        items: None,
                        pages,
                        requests: None,
                        attempts: None,
                        message: Some(f.message.clone()),
                        hint: f.hint.clone(),
                    }
                }
            };
            status.requests = counted.map(|c| c.requests);
            status.attempts = counted.map(|c| c.attempts);
            apis.insert(api, status);
        }
        match &r.foundation_models {
            Ok(_) => ok.push(region.clone()),
            Err(f) if f.status == Status::NotOptedIn => not_opted_in.push(region.clone()),
            Err(_) => {}
        }
        if region_failed {
            failed.push(region.clone());
        }
        region_status.insert(region.clone(), apis);
    }

    let mut sources = BTreeMap::new();
    sources.insert(
        "litellm".to_string(),
        source_status(&inputs.litellm, specs.litellm_entries),
    );
    sources.insert("price_list".to_string(), price_status.clone());
    sources.insert(
        "corrections".to_string(),
        SourceStatus {
            status: Some(Status::Ok),
            location: inputs.corrections_location.clone(),
            origin: Some(
                if inputs.corrections_location == crate::corrections::BUILT_IN_LOCATION {
                    "built_in"
                } else {
                    "file"
                }
                .to_string(),
            ),
            revision: Some(inputs.corrections_revision.clone()),
            entries: Some(inputs.corrections.len()),
            ..Default::default()
        },
    );
    let sources_failed: Vec<String> = sources
        .iter()
        .filter(|(_, s)| s.status.is_some_and(Status::is_failure))
        .map(|(name, _)| name.clone())
        .collect();

    let total_models = providers.values().map(|p| p.models.len()).sum();
    let complete = failed.is_empty() && sources_failed.is_empty();
    Catalog {
        metadata: Metadata {
            schema_version: SCHEMA_VERSION,
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            run_status: if complete { "complete" } else { "partial" }.to_string(),
            regions_requested: settings.regions.clone(),
            regions_covered: ok.len(),
            regions_ok: ok,
            regions_not_opted_in: not_opted_in,
            regions_failed: failed,
            region_status,
            total_models,
            providers_count: providers.len(),
            total_inference_profiles: profile_stats.total_profiles,
            profiles_without_model: profile_stats.profiles_without_model,
            total_quotas_available: total_quotas,
            aws_requests,
            aws_attempts,
            aws_retries: aws_attempts.saturating_sub(aws_requests),
            models_with_quotas: with_quotas,
            models_with_pricing: with_prices,
            price_list_offers: pricing.offers,
            models_with_token_specs: with_specs,
            quota_assignment: assignment.totals,
            quota_assignment_by_region: assignment.by_region,
            quota_value_sources: assignment.value_sources,
            account_id_redacted: settings.redact_account_id,
            unmatched_price_rows: pricing.unmatched,
            unassigned_quotas: assignment.unassigned,
            sources,
            sources_failed,
            collection_method: "bedrock-collector: ListFoundationModels, ListInferenceProfiles, ListServiceQuotas and ListAWSDefaultServiceQuotas in every region; LiteLLM and the corrections file for token specs".to_string(),
            ..Default::default()
        },
        providers,
    }
}
