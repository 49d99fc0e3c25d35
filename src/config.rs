//! Settings: `config.toml` (found and parsed by [`file`]) merged with the command line (the command
//! line wins), validated before anything touches the network. Errors name the file, the line and
//! the key.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::cli::{LogFormat, RunArgs as Cli};
use crate::phases::changes::ChangeKind;
pub use crate::phases::guard::Guard;
use crate::records::is_region_name;
use crate::sources::aws::{AwsOptions, PassPolicy, RetryMode};
use crate::sources::http::{HttpOptions, check_url};

pub use crate::records::DEFAULT_REGIONS;
pub use file::{config_path, load_file, parse_file};

mod file;

pub const DEFAULT_CONFIG_FILE: &str = "config.toml";

/// Where the catalogue goes without `--output` (relative to the working directory).
pub const DEFAULT_OUTPUT: &str = "data/bedrock_models.json";

/// `--output -`: the catalogue goes to standard output.
pub const STDOUT: &str = "-";

/// LiteLLM's community database, raw from its repository.
pub const DEFAULT_LITELLM_URL: &str =
    "https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json";
/// The public AWS Price List host (no credentials needed).
pub const DEFAULT_PRICE_LIST_URL: &str = "https://pricing.us-east-1.amazonaws.com";

/// A usage or configuration error: reported in one sentence, exit code 2, before any network call.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {problem}")]
    Invalid {
        path: PathBuf,
        line: usize,
        problem: String,
    },
    #[error("{0}")]
    Value(String),
}

/// `config.toml` as written; every key optional. Unknown keys are errors.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub profile: Option<String>,
    pub home_region: Option<String>,
    pub regions: Option<Vec<String>>,
    pub threads: Option<u32>,
    pub output: Option<PathBuf>,
    pub backups_to_keep: Option<usize>,
    pub lock_wait_secs: Option<u64>,
    pub retry: Option<RetryFile>,
    pub timeouts: Option<TimeoutsFile>,
    pub limits: Option<LimitsFile>,
    pub sources: Option<SourcesFile>,
    pub cache: Option<CacheFile>,
    pub redact_account_id: Option<bool>,
    pub changes: Option<PathBuf>,
    pub log_format: Option<String>,
    pub guard: Option<GuardFile>,
    pub account_access: Option<bool>,
    pub feed: Option<FeedFile>,
}

/// `[feed]`: the JSON Feed of changes across runs.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedFile {
    pub path: Option<PathBuf>,
    pub max_items: Option<usize>,
    pub feed_url: Option<String>,
    pub home_page_url: Option<String>,
    pub item_url: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuardFile {
    pub max_model_drop_percent: Option<f64>,
    pub require_regions: Option<Vec<String>>,
    pub allow_degraded: Option<bool>,
    pub fail_on: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourcesFile {
    pub price_list_url: Option<String>,
    pub price_list_dir: Option<PathBuf>,
    pub litellm_url: Option<String>,
    pub litellm_file: Option<PathBuf>,
    pub corrections_file: Option<PathBuf>,
    pub mantle_url: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CacheFile {
    pub dir: Option<PathBuf>,
    pub ttl_hours: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetryFile {
    pub mode: Option<String>,
    pub max_attempts: Option<u32>,
    pub initial_backoff_ms: Option<u64>,
    pub max_backoff_ms: Option<u64>,
    pub max_passes: Option<u32>,
    pub second_pass_cooldown_ms: Option<u64>,
    pub second_pass_deadline_ms: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeoutsFile {
    pub connect_ms: Option<u64>,
    pub attempt_ms: Option<u64>,
    pub operation_ms: Option<u64>,
    pub file_idle_ms: Option<u64>,
    pub file_total_ms: Option<u64>,
}

/// `[limits]`: the largest answer and file a run reads.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsFile {
    pub max_aws_answer_bytes: Option<u64>,
    pub max_file_bytes: Option<u64>,
}

/// The range of a size cap: at least 1 KiB (an error answer fits), at most 16 GiB.
const SIZE_CAPS: std::ops::RangeInclusive<u64> = (1 << 10)..=(1 << 34);

/// Everything a run needs to know, after merging and validation.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub regions: Vec<String>,
    pub threads: usize,
    pub output: PathBuf,
    pub backups_to_keep: usize,
    /// How long to wait for another run that holds the output's lock (`--lock-wait`).
    pub lock_wait: Duration,
    pub record: Option<PathBuf>,
    pub replay: Option<Replay>,
    pub aws: AwsOptions,
    /// Where the Price List comes from: its host, a local copy of its tree, or nowhere.
    pub price_list: FileSource,
    /// Where LiteLLM's database comes from: a URL, a local file, or nowhere.
    pub litellm: FileSource,
    /// The corrections file; `None`: the corrections compiled into the binary.
    pub corrections_file: Option<PathBuf>,
    /// Mantle's base URL template, `{region}` in it; `None` when switched off (an empty
    /// `mantle_url`).
    pub mantle_url: Option<String>,
    pub http: HttpOptions,
    /// Replace the account id in quota ARNs.
    pub redact_account_id: bool,
    /// Catalogue to compare with; `None` means the file at `output` before this run.
    pub previous: Option<PathBuf>,
    /// Where the change log goes; empty: nowhere (`--output -` without `--changes`).
    pub changes: PathBuf,
    pub summary_markdown: Option<PathBuf>,
    /// The JSON Feed of changes (`--feed`, `[feed]`); `None`: no feed.
    pub feed: Option<FeedSettings>,
    pub guard: Guard,
    pub log_format: LogFormat,
    /// `-q`: no summary table.
    pub quiet: bool,
    /// `--account-access`: the account's own view (availability per model and region,
    /// application profiles, provisioned throughputs).
    pub account_access: bool,
}

/// `--replay DIR`: the snapshot, and which of its regions.
#[derive(Debug, Clone, PartialEq)]
pub struct Replay {
    pub dir: PathBuf,
    /// `--regions`: only these; `None`: every region the snapshot recorded.
    pub regions: Option<Vec<String>>,
}

/// Where a file source (the Price List, LiteLLM's database) comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum FileSource {
    Url(String),
    /// A local file, or for the Price List a local copy of its tree.
    File(PathBuf),
    /// Switched off (an empty URL).
    Off,
}

impl FileSource {
    /// A URL given on the command line beats a path anywhere; a path beats the URL from the file
    /// or the default; an empty URL switches the source off. The URL is checked even when a path
    /// wins, so a mistake in it is never silent.
    fn resolve(
        cli_url: Option<&String>,
        cli_path: Option<&PathBuf>,
        file_url: Option<String>,
        file_path: Option<PathBuf>,
        default_url: &str,
    ) -> Result<FileSource, ConfigError> {
        let url = cli_url
            .cloned()
            .or(file_url)
            .unwrap_or_else(|| default_url.to_string());
        if !url.is_empty() {
            check_url(&url).map_err(ConfigError::Value)?;
        }
        let path = match cli_url {
            Some(_) => None,
            None => cli_path.cloned().or(file_path),
        };
        Ok(match path {
            Some(p) => FileSource::File(p),
            None if url.is_empty() => FileSource::Off,
            None => FileSource::Url(url),
        })
    }
}

/// Where the change feed goes and what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedSettings {
    pub path: PathBuf,
    pub options: crate::phases::feed::FeedOptions,
}

/// `$XDG_CACHE_HOME/bedrock-collector`, else `~/.cache/bedrock-collector`; none without a home.
fn default_cache_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("bedrock-collector"))
}

/// Says where a key was set, for error messages: "`threads` in /path/config.toml".
struct Origin<'a>(Option<&'a Path>);

impl Origin<'_> {
    fn of(&self, key: &str) -> String {
        match self.0 {
            Some(p) => format!("`{key}` in {}", p.display()),
            None => format!("`{key}`"),
        }
    }

    /// `v` milliseconds, which must be above 0.
    fn positive_ms(&self, key: &str, v: u64) -> Result<Duration, ConfigError> {
        if v == 0 {
            return Err(ConfigError::Value(format!(
                "{} must be above 0",
                self.of(key)
            )));
        }
        Ok(Duration::from_millis(v))
    }

    /// `v`, which must lie in `range`.
    fn in_range<T: PartialOrd + std::fmt::Display>(
        &self,
        key: &str,
        v: T,
        range: std::ops::RangeInclusive<T>,
    ) -> Result<T, ConfigError> {
        if !range.contains(&v) {
            return Err(ConfigError::Value(format!(
                "{} must be between {} and {}, not {v}",
                self.of(key),
                range.start(),
                range.end()
            )));
        }
        Ok(v)
    }
}

/// Merges the file and the command line, and validates the result.
pub fn settings(
    cli: &Cli,
    file: FileConfig,
    source: Option<&Path>,
) -> Result<Settings, ConfigError> {
    let origin = Origin(source);
    let regions = regions(cli.regions.clone().or(file.regions))?;
    let home_region = home_region(cli.region.clone().or(file.home_region))?;
    let threads = origin.in_range(
        "threads",
        cli.threads.or(file.threads).unwrap_or(4),
        1..=256,
    )?;
    let retry = file.retry.unwrap_or_default();
    let timeouts = file.timeouts.unwrap_or_default();
    let sources = file.sources.unwrap_or_default();
    let limits = file.limits.unwrap_or_default();
    let aws = aws_options(
        cli,
        file.profile,
        home_region,
        &retry,
        &timeouts,
        &limits,
        &origin,
    )?;
    let litellm = FileSource::resolve(
        cli.litellm_url.as_ref(),
        cli.litellm_file.as_ref(),
        sources.litellm_url,
        sources.litellm_file,
        DEFAULT_LITELLM_URL,
    )?;
    let price_list = FileSource::resolve(
        cli.price_list_url.as_ref(),
        cli.price_list_dir.as_ref(),
        sources.price_list_url,
        sources.price_list_dir,
        DEFAULT_PRICE_LIST_URL,
    )?;
    let mantle_url = mantle_url(cli.mantle_url.clone().or(sources.mantle_url))?;
    let cache = file.cache.unwrap_or_default();
    let http = http_options(cli, &aws, &timeouts, &limits, cache, &origin)?;
    let guard = guard(cli, file.guard.unwrap_or_default(), &regions, &origin)?;
    let log_format = log_format(cli, file.log_format.as_deref(), &origin)?;
    let (output, changes) = output_and_changes(cli, file.output, file.changes);
    let feed = feed(cli, file.feed.unwrap_or_default(), &origin)?;
    let replay = cli.replay.clone().map(|dir| Replay {
        dir,
        regions: cli.regions.is_some().then(|| regions.clone()),
    });
    Ok(Settings {
        price_list,
        litellm,
        corrections_file: cli.corrections.clone().or(sources.corrections_file),
        mantle_url,
        http,
        regions,
        threads: threads as usize,
        output,
        changes,
        previous: cli.previous.clone(),
        summary_markdown: cli.summary_markdown.clone(),
        feed,
        redact_account_id: cli.redact_account_id || file.redact_account_id.unwrap_or(false),
        guard,
        log_format,
        quiet: cli.quiet,
        account_access: cli.account_access || file.account_access.unwrap_or(false),
        backups_to_keep: cli.backups.or(file.backups_to_keep).unwrap_or(10),
        lock_wait: Duration::from_secs(cli.lock_wait.or(file.lock_wait_secs).unwrap_or(0)),
        record: cli.record.clone(),
        replay,
        aws,
    })
}

/// The home region (`--region`, `home_region`), `us-east-1` unless given, checked.
fn home_region(given: Option<String>) -> Result<String, ConfigError> {
    let home_region = given.unwrap_or_else(|| "us-east-1".to_string());
    if !is_region_name(&home_region) {
        return Err(ConfigError::Value(format!(
            "`{home_region}` is not a region name (expected something like us-east-1)"
        )));
    }
    Ok(home_region)
}

/// How files are downloaded and cached: the AWS calls' connect timeout and retries, the files'
/// own timeouts and size cap, and the cache (an empty directory switches it off).
fn http_options(
    cli: &Cli,
    aws: &AwsOptions,
    timeouts: &TimeoutsFile,
    limits: &LimitsFile,
    cache: CacheFile,
    origin: &Origin,
) -> Result<HttpOptions, ConfigError> {
    let cache_dir = match cli.cache_dir.clone().map(PathBuf::from).or(cache.dir) {
        Some(d) => Some(d).filter(|d| !d.as_os_str().is_empty()),
        None => default_cache_dir(),
    };
    Ok(HttpOptions {
        connect_timeout: aws.connect_timeout,
        // Files are cut by the bytes that stop coming, not by total time: the Price List
        // files are tens of megabytes.
        idle_timeout: origin.positive_ms(
            "timeouts.file_idle_ms",
            timeouts.file_idle_ms.unwrap_or(10_000),
        )?,
        // ... and by a total per attempt, so that a trickle ends too.
        total_timeout: origin.positive_ms(
            "timeouts.file_total_ms",
            timeouts.file_total_ms.unwrap_or(300_000),
        )?,
        max_attempts: aws.max_attempts,
        initial_backoff: aws.initial_backoff,
        cache_dir,
        cache_ttl: Duration::from_secs(3600 * cache.ttl_hours.unwrap_or(24)),
        max_file_bytes: origin.in_range(
            "limits.max_file_bytes",
            limits.max_file_bytes.unwrap_or(256 << 20),
            SIZE_CAPS,
        )?,
    })
}

/// `--log-format`, else `log_format` in the file: "text" (the default) or "json".
fn log_format(cli: &Cli, file: Option<&str>, origin: &Origin) -> Result<LogFormat, ConfigError> {
    match (cli.log_format, file) {
        (Some(f), _) => Ok(f),
        (None, None | Some("text")) => Ok(LogFormat::Text),
        (None, Some("json")) => Ok(LogFormat::Json),
        (None, Some(other)) => Err(ConfigError::Value(format!(
            "{} must be \"text\" or \"json\", not \"{other}\"",
            origin.of("log_format")
        ))),
    }
}

/// Where the catalogue and the change log go. `--output -` (stdout): no file beside it, so a
/// change log only where the user names one; an empty path means none.
fn output_and_changes(
    cli: &Cli,
    output: Option<PathBuf>,
    changes: Option<PathBuf>,
) -> (PathBuf, PathBuf) {
    let output = cli
        .output
        .clone()
        .or(output)
        .unwrap_or_else(|| PathBuf::from(DEFAULT_OUTPUT));
    let changes = cli.changes.clone().or(changes).unwrap_or_else(|| {
        if output == Path::new(STDOUT) {
            return PathBuf::new();
        }
        output
            .parent()
            .map(|d| d.join("changes.json"))
            .unwrap_or_else(|| PathBuf::from("changes.json"))
    });
    (output, changes)
}

/// Mantle's URL template, checked; `None` when switched off (an empty URL).
fn mantle_url(given: Option<String>) -> Result<Option<String>, ConfigError> {
    let url = given.unwrap_or_else(|| crate::sources::mantle::DEFAULT_URL_TEMPLATE.to_string());
    if url.is_empty() {
        return Ok(None);
    }
    crate::sources::mantle::check_template(&url).map_err(ConfigError::Value)?;
    Ok(Some(url))
}

/// The run's regions: as given (else the default list), trimmed, checked, sorted, de-duplicated.
fn regions(given: Option<Vec<String>>) -> Result<Vec<String>, ConfigError> {
    let given = given.unwrap_or_else(|| DEFAULT_REGIONS.iter().map(|r| r.to_string()).collect());
    let mut regions: Vec<String> = given
        .into_iter()
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty())
        .collect();
    if regions.is_empty() {
        return Err(ConfigError::Value("the region list is empty".into()));
    }
    if let Some(bad) = regions.iter().find(|r| !is_region_name(r)) {
        return Err(ConfigError::Value(format!(
            "`{bad}` is not a region name (expected something like eu-west-3)"
        )));
    }
    regions.sort();
    regions.dedup();
    Ok(regions)
}

/// How the AWS clients retry and time out, how large an answer they read, and whose credentials
/// they use.
fn aws_options(
    cli: &Cli,
    profile: Option<String>,
    home_region: String,
    retry: &RetryFile,
    t: &TimeoutsFile,
    limits: &LimitsFile,
    origin: &Origin,
) -> Result<AwsOptions, ConfigError> {
    let retry_mode = match retry.mode.as_deref().unwrap_or("standard") {
        "standard" => RetryMode::Standard,
        "adaptive" => RetryMode::Adaptive,
        other => {
            return Err(ConfigError::Value(format!(
                "{} must be \"standard\" or \"adaptive\", not \"{other}\"",
                origin.of("retry.mode")
            )));
        }
    };
    let at_least_one = |key: &str, v: u32| {
        if v == 0 {
            return Err(ConfigError::Value(format!(
                "{} must be at least 1",
                origin.of(key)
            )));
        }
        Ok(v)
    };
    let max_attempts = at_least_one("retry.max_attempts", retry.max_attempts.unwrap_or(10))?;
    // List calls answer in well under a second when healthy: a stalled attempt costs seconds.
    let attempt_timeout =
        origin.positive_ms("timeouts.attempt_ms", t.attempt_ms.unwrap_or(2_000))?;
    let ms = Duration::from_millis;
    let passes = PassPolicy {
        max_passes: at_least_one("retry.max_passes", retry.max_passes.unwrap_or(4))?,
        cooldown: ms(retry.second_pass_cooldown_ms.unwrap_or(2_000)),
        deadline: ms(retry.second_pass_deadline_ms.unwrap_or(60_000)),
    };
    Ok(AwsOptions {
        profile: cli.profile.clone().or(profile).filter(|p| !p.is_empty()),
        home_region,
        retry_mode,
        max_attempts,
        initial_backoff: ms(retry.initial_backoff_ms.unwrap_or(25)),
        max_backoff: ms(retry.max_backoff_ms.unwrap_or(20_000)),
        connect_timeout: origin
            .positive_ms("timeouts.connect_ms", t.connect_ms.unwrap_or(3_000))?,
        attempt_timeout,
        operation_timeout: origin
            .positive_ms("timeouts.operation_ms", t.operation_ms.unwrap_or(90_000))?,
        passes,
        max_answer_bytes: origin.in_range(
            "limits.max_aws_answer_bytes",
            limits.max_aws_answer_bytes.unwrap_or(64 << 20),
            SIZE_CAPS,
        )?,
    })
}

/// When a run counts as degraded, and which change kinds make it exit 4.
fn guard(
    cli: &Cli,
    file: GuardFile,
    regions: &[String],
    origin: &Origin,
) -> Result<Guard, ConfigError> {
    let require_regions: Vec<String> = cli
        .require_regions
        .clone()
        .or(file.require_regions)
        .unwrap_or_default();
    if let Some(bad) = require_regions.iter().find(|r| !is_region_name(r)) {
        return Err(ConfigError::Value(format!(
            "`{bad}` in --require-regions is not a region name"
        )));
    }
    if let Some(r) = require_regions.iter().find(|r| !regions.contains(r)) {
        return Err(ConfigError::Value(format!(
            "required region `{r}` is not in the region list of this run"
        )));
    }
    let fail_on = (cli
        .fail_on
        .clone()
        .or(file.fail_on)
        .unwrap_or_default()
        .iter())
    .map(|k| {
        ChangeKind::parse(k.trim()).ok_or_else(|| {
            ConfigError::Value(format!(
                "`{k}` is not a change kind; expected some of: {}",
                ChangeKind::ALL
                    .iter()
                    .map(|k| k.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })
    })
    .collect::<Result<Vec<_>, _>>()?;
    let max_model_drop_percent = origin.in_range(
        "guard.max_model_drop_percent",
        cli.max_model_drop_percent
            .or(file.max_model_drop_percent)
            .unwrap_or(10.0),
        0.0..=100.0,
    )?;
    Ok(Guard {
        max_model_drop_percent,
        require_regions,
        allow_degraded: cli.allow_degraded || file.allow_degraded.unwrap_or(false),
        fail_on,
    })
}

/// The change feed: `None` without a path.
fn feed(cli: &Cli, file: FeedFile, origin: &Origin) -> Result<Option<FeedSettings>, ConfigError> {
    let path = match cli.feed.clone().or(file.path) {
        Some(path) if !path.as_os_str().is_empty() => path,
        _ => return Ok(None),
    };
    let max_items = origin.in_range(
        "feed.max_items",
        cli.feed_items.or(file.max_items).unwrap_or(100),
        1..=10_000,
    )?;
    for (key, url) in [
        ("feed.feed_url", &file.feed_url),
        ("feed.home_page_url", &file.home_page_url),
        ("feed.item_url", &file.item_url),
    ] {
        if let Some(url) = url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            return Err(ConfigError::Value(format!(
                "{} must be an http(s) URL, not \"{url}\"",
                origin.of(key)
            )));
        }
    }
    Ok(Some(FeedSettings {
        path,
        options: crate::phases::feed::FeedOptions {
            max_items,
            feed_url: file.feed_url,
            home_page_url: file.home_page_url,
            item_url: file.item_url,
        },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn cli(args: &[&str]) -> Cli {
        crate::cli::Cli::parse_from(
            std::iter::once("bedrock-collector").chain(args.iter().copied()),
        )
        .run
    }

    #[test]
    fn the_shipped_config_parses_and_lists_the_33_regions() {
        let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/config.toml"));
        let text = std::fs::read_to_string(path).unwrap();
        let file = parse_file(path, &text).unwrap();
        let s = settings(&cli(&[]), file, Some(path)).unwrap();
        assert_eq!(s.regions.len(), 33);
        assert_eq!(s.regions, DEFAULT_REGIONS);
        assert_eq!(s.threads, 4);
        assert_eq!(s.aws.max_attempts, 10);
        assert_eq!(s.aws.initial_backoff, Duration::from_millis(25));
        assert_eq!(s.aws.operation_timeout, Duration::from_secs(90));
        assert_eq!(s.aws.attempt_timeout, Duration::from_secs(2));
        assert_eq!(
            s.aws.passes,
            PassPolicy {
                max_passes: 4,
                cooldown: Duration::from_secs(2),
                deadline: Duration::from_secs(60),
            }
        );
        assert_eq!(s.http.idle_timeout, Duration::from_secs(10));
        assert_eq!(s.aws.max_answer_bytes, 64 << 20);
        assert_eq!(s.http.max_file_bytes, 256 << 20);
        // The file says what the built-in defaults are.
        let none = settings(&cli(&[]), parse_file(path, "").unwrap(), None).unwrap();
        assert_eq!(
            (
                none.aws.passes,
                none.aws.attempt_timeout,
                none.http.idle_timeout
            ),
            (s.aws.passes, s.aws.attempt_timeout, s.http.idle_timeout)
        );
        assert_eq!(
            (none.aws.max_answer_bytes, none.http.max_file_bytes),
            (s.aws.max_answer_bytes, s.http.max_file_bytes)
        );
        let zero = parse_file(Path::new("c.toml"), "[retry]\nmax_passes = 0\n").unwrap();
        let err = settings(&cli(&[]), zero, Some(Path::new("c.toml"))).unwrap_err();
        assert!(err.to_string().contains("retry.max_passes"), "{err}");
    }

    #[test]
    fn command_line_wins_over_the_file() {
        let file = parse_file(
            Path::new("c.toml"),
            "threads = 8\nregions = [\"eu-west-1\"]\n",
        )
        .unwrap();
        let s = settings(
            &cli(&["--threads", "2", "--regions", "us-west-2,eu-west-3"]),
            file,
            None,
        )
        .unwrap();
        assert_eq!(s.threads, 2);
        assert_eq!(s.regions, ["eu-west-3", "us-west-2"]);
    }

    #[test]
    fn errors_name_file_line_and_key() {
        let e = parse_file(Path::new("c.toml"), "threads = 4\ntreads = 5\n").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("c.toml:2: unknown field `treads`"),
            "{e}"
        );
        let e = parse_file(
            Path::new("c.toml"),
            "\n\n[retry]\nmax_attempts = \"many\"\n",
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("c.toml:4: key `max_attempts`: invalid type"),
            "{e}"
        );
        let e = parse_file(Path::new("c.toml"), "threads = \n").unwrap_err();
        assert!(e.to_string().starts_with("c.toml:1:"), "{e}");
    }

    #[test]
    fn bad_values_are_refused() {
        let e = settings(
            &cli(&["--regions", "us-east-1,EU_WEST"]),
            FileConfig::default(),
            None,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "`EU_WEST` is not a region name (expected something like eu-west-3)"
        );
        let file = parse_file(Path::new("c.toml"), "threads = 0\n").unwrap();
        let e = settings(&cli(&[]), file, Some(Path::new("c.toml"))).unwrap_err();
        assert_eq!(
            e.to_string(),
            "`threads` in c.toml must be between 1 and 256, not 0"
        );
        let file = parse_file(Path::new("c.toml"), "[limits]\nmax_file_bytes = 10\n").unwrap();
        let e = settings(&cli(&[]), file, Some(Path::new("c.toml"))).unwrap_err();
        assert_eq!(
            e.to_string(),
            "`limits.max_file_bytes` in c.toml must be between 1024 and 17179869184, not 10"
        );
        let file = parse_file(
            Path::new("c.toml"),
            "[limits]\nmax_aws_answer_bytes = 65536\nmax_file_bytes = 2048\n",
        )
        .unwrap();
        let s = settings(&cli(&[]), file, None).unwrap();
        assert_eq!(
            (s.aws.max_answer_bytes, s.http.max_file_bytes),
            (65536, 2048)
        );
        assert!(is_region_name("us-gov-west-1"));
        assert!(!is_region_name("us-east"));
        assert!(!is_region_name("useast1"));
    }
}
