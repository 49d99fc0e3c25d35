//! Command-line flags (clap derive). Every option can also be set in `config.toml`; a flag given on
//! the command line wins.

use std::path::PathBuf;

use clap::{ArgAction, Parser, Subcommand, ValueEnum};

pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  complete: every region, API and source answered (regions not opted in count as answered)
  1  failed: nothing written (no credentials, output not writable after the run, unreadable
     snapshot, ...)
  2  usage or configuration error, before any network call (including an output, change log
     or summary location that can never be written)
  3  partial: some region, API or source failed, or the run was degraded against the previous
     catalogue (which is then kept; the new one is written beside it as <output>.partial)
  4  --fail-on: a change of a listed kind happened (everything was written)
  5  another run was writing the same output (see --lock-wait); nothing was done";

#[derive(Debug, Clone, Parser)]
#[command(
    name = "bedrock-collector",
    version = VERSION,
    about = "Builds a machine-readable catalogue of Amazon Bedrock foundation models in every region.",
    after_help = EXIT_CODES_HELP,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub run: RunArgs,
}

/// The version `--version` prints: the package's, and the git revision when built from a checkout
/// (set by `build.rs`).
pub const VERSION: &str = env!("BEDROCK_COLLECTOR_VERSION");

/// Commands besides collecting (the default).
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Print the JSON Schema of the catalogue (or of `find --format json`).
    Schema {
        #[arg(value_enum, default_value_t = SchemaOf::Catalog)]
        of: SchemaOf,
    },
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), or with --dir write one page per command into DIR.
    Man {
        /// Write bedrock-collector.1 and a page per subcommand (bedrock-collector-show.1, ...)
        /// into DIR instead.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// How do I call MODEL from REGION? Answered from the last catalogue, with no network.
    Show {
        /// A model id, catalogue key or name fragment (e.g. "sonnet 4.5").
        model: String,
        /// The region to call from (default: every region).
        #[arg(long, value_name = "REGION")]
        region: Option<String>,
        /// Catalogue to read [default: the configured output, else data/bedrock_models.json].
        #[arg(long, value_name = "PATH")]
        catalog: Option<PathBuf>,
    },
    /// Which models fit? Filters over the last catalogue, one line per model, with no network.
    /// Exit code 0 with matches, 1 with none, 2 for a usage error or an unreadable catalogue.
    Find(Box<FindArgs>),
    /// Models side by side: limits, features, routes, prices, access and quotas from --region.
    Compare {
        /// Two or more models (ids, catalogue keys or name fragments, as `show` takes them).
        #[arg(required = true, num_args = 2..)]
        models: Vec<String>,
        /// The region to call from (routes, prices, access and quotas are per region).
        #[arg(long, value_name = "REGION")]
        region: Option<String>,
        /// Catalogue to read [default: the configured output, else data/bedrock_models.json].
        #[arg(long, value_name = "PATH")]
        catalog: Option<PathBuf>,
        /// table or json.
        #[arg(long, value_enum, default_value_t = CompareFormat::Table)]
        format: CompareFormat,
    },
    /// Write the catalogue as one self-contained HTML page (no network when opened).
    Page {
        /// Catalogue to read [default: the configured output, else data/bedrock_models.json].
        #[arg(long, value_name = "PATH")]
        catalog: Option<PathBuf>,
        /// Change log to show [default: the configured change log, else changes.json beside the catalogue; none when missing].
        #[arg(long, value_name = "PATH")]
        changes: Option<PathBuf>,
        /// Where to write the page; "-" for standard output.
        #[arg(long, value_name = "PATH", default_value = "site/index.html")]
        output: PathBuf,
    },
}

/// Which JSON Schema `schema` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaOf {
    /// The catalogue (`data/bedrock_models.json`).
    Catalog,
    /// The output of `find --format json`.
    Find,
}

/// How `compare` writes its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompareFormat {
    Table,
    Json,
}

/// `find`'s filters (all must hold), order and format.
#[derive(Debug, Clone, clap::Args)]
pub struct FindArgs {
    /// Words that must each occur in the model's id, key or name (e.g. "claude sonnet").
    pub query: Option<String>,
    /// Callable from REGION by a route that counts (see --route); prices are this region's.
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// Only these routes count (repeatable): on-demand, geo, global, mantle, provisioned
    /// [default: all but provisioned].
    #[arg(long, value_name = "ROUTE", value_parser = parse_route)]
    pub route: Vec<crate::route::Route>,
    /// Provider name, any case (repeatable: any of them).
    #[arg(long, value_name = "NAME")]
    pub provider: Vec<String>,
    /// Input modality: text, image, ... (repeatable: all of them).
    #[arg(long, value_name = "MODALITY")]
    pub input: Vec<String>,
    /// Output modality: text, image, embedding, ... (repeatable: all of them).
    #[arg(long, value_name = "MODALITY")]
    pub output: Vec<String>,
    /// A feature the model is known to support (repeatable): function_calling, vision,
    /// reasoning, prompt_caching, pdf_input, response_schema, tool_choice, computer_use.
    #[arg(long, value_name = "NAME")]
    pub feature: Vec<String>,
    /// Context window of at least N tokens (200k, 1m, 128000).
    #[arg(long, value_name = "N", value_parser = parse_tokens)]
    pub min_context: Option<u64>,
    /// Max output tokens of at least N (8k, 64000).
    #[arg(long, value_name = "N", value_parser = parse_tokens)]
    pub min_output: Option<u64>,
    /// At most USD per 1M input tokens on the best route from --region.
    #[arg(long, value_name = "USD", value_parser = parse_usd)]
    pub max_input_price: Option<f64>,
    /// At most USD per 1M output tokens on the best route from --region.
    #[arg(long, value_name = "USD", value_parser = parse_usd)]
    pub max_output_price: Option<f64>,
    /// Lifecycle status (in --region where it lists the model).
    #[arg(long, value_enum)]
    pub lifecycle: Option<crate::find::Lifecycle>,
    /// A legacy or end-of-life date within DAYS of the catalogue's date (in --region, else anywhere).
    #[arg(long, value_name = "DAYS")]
    pub eol_within: Option<u32>,
    /// Served only through Mantle.
    #[arg(long)]
    pub mantle_only: bool,
    /// The account can call it (in --region, else somewhere); needs --account-access's view.
    #[arg(long, conflicts_with = "blocked")]
    pub callable: bool,
    /// The account cannot call it (in --region, else somewhere), with why.
    #[arg(long)]
    pub blocked: bool,
    /// Routes the account cannot use count too.
    #[arg(long)]
    pub include_blocked: bool,
    /// Order of the lines.
    #[arg(long, value_enum, default_value_t)]
    pub sort: crate::find::Sort,
    /// At most N lines.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// table, json, csv or ids.
    #[arg(long, value_enum, default_value_t)]
    pub format: crate::find::Format,
    /// Catalogue to read [default: the configured output, else data/bedrock_models.json].
    #[arg(long, value_name = "PATH")]
    pub catalog: Option<PathBuf>,
}

fn parse_route(text: &str) -> Result<crate::route::Route, String> {
    crate::route::Route::from_name(text)
        .ok_or_else(|| "expected on-demand, geo, global, mantle or provisioned".to_string())
}

fn parse_tokens(text: &str) -> Result<u64, String> {
    crate::format::parse_tokens(text)
        .ok_or_else(|| "expected a token count such as 8192, 200k or 1m".to_string())
}

fn parse_usd(text: &str) -> Result<f64, String> {
    match text.trim().trim_start_matches('$').parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
        _ => Err("expected USD per 1M tokens, such as 3 or 0.25".to_string()),
    }
}

/// Log line format on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

/// When log lines on stderr are coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Color {
    /// On a terminal, unless NO_COLOR is set to a non-empty value.
    #[default]
    Auto,
    Always,
    Never,
}

/// The flags of a collection run.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct RunArgs {
    /// Named AWS profile (default: the SDK's chain: env, SSO, web identity, IMDS).
    #[arg(long, env = "BEDROCK_COLLECTOR_PROFILE", value_name = "NAME")]
    pub profile: Option<String>,

    /// Home region, for the default client and account-level calls [default: us-east-1].
    #[arg(long, env = "BEDROCK_COLLECTOR_REGION", value_name = "REGION")]
    pub region: Option<String>,

    /// Comma-separated regions to query, instead of the config's list.
    #[arg(
        long,
        env = "BEDROCK_COLLECTOR_REGIONS",
        value_name = "A,B,C",
        value_delimiter = ','
    )]
    pub regions: Option<Vec<String>>,

    /// Most requests in flight at once (1 to 256), AWS and HTTP alike [default: 4].
    #[arg(long, env = "BEDROCK_COLLECTOR_THREADS", value_name = "N")]
    pub threads: Option<u32>,

    /// Where to write the catalogue; "-" for standard output [default: data/bedrock_models.json].
    #[arg(long, env = "BEDROCK_COLLECTOR_OUTPUT", value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Configuration file [default: ./config.toml, else $XDG_CONFIG_HOME/bedrock-collector/config.toml
    /// (~/.config/bedrock-collector/config.toml), the first that exists].
    #[arg(long, env = "BEDROCK_COLLECTOR_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// More log detail (-v debug, with the SDK's whole error chain of a credential failure;
    /// -vv trace including the SDK).
    #[arg(short, long, action = ArgAction::Count, conflicts_with = "quiet")]
    pub verbose: u8,

    /// Only warnings and errors on stderr: no progress lines, no summary.
    #[arg(short, long, env = "BEDROCK_COLLECTOR_QUIET")]
    pub quiet: bool,

    /// Save every raw response and status under DIR, for replay or a bug report.
    #[arg(
        long,
        env = "BEDROCK_COLLECTOR_RECORD",
        value_name = "DIR",
        conflicts_with = "replay"
    )]
    pub record: Option<PathBuf>,

    /// Run from a recorded snapshot in DIR: no network, no credentials.
    #[arg(long, env = "BEDROCK_COLLECTOR_REPLAY", value_name = "DIR")]
    pub replay: Option<PathBuf>,

    /// AWS Price List host (https, or http on loopback); "" switches prices off [default: https://pricing.us-east-1.amazonaws.com].
    #[arg(
        long,
        env = "BEDROCK_COLLECTOR_PRICE_LIST_URL",
        value_name = "URL",
        conflicts_with = "price_list_dir"
    )]
    pub price_list_url: Option<String>,

    /// Read the Price List offer files from DIR (laid out like the host: DIR/offers/v1.0/aws/...).
    #[arg(long, env = "BEDROCK_COLLECTOR_PRICE_LIST_DIR", value_name = "DIR")]
    pub price_list_dir: Option<PathBuf>,

    /// URL of LiteLLM's model database (https, or http on loopback); "" switches it off [default: LiteLLM's GitHub raw file].
    #[arg(
        long,
        env = "BEDROCK_COLLECTOR_LITELLM_URL",
        value_name = "URL",
        conflicts_with = "litellm_file"
    )]
    pub litellm_url: Option<String>,

    /// Read LiteLLM's model database from this file instead of downloading it.
    #[arg(long, env = "BEDROCK_COLLECTOR_LITELLM_FILE", value_name = "PATH")]
    pub litellm_file: Option<PathBuf>,

    /// Mantle's base URL with {region} in it (https, or http on loopback); "" switches Mantle off [default: https://bedrock-mantle.{region}.api.aws].
    #[arg(long, env = "BEDROCK_COLLECTOR_MANTLE_URL", value_name = "URL")]
    pub mantle_url: Option<String>,

    /// Token-spec corrections file, replacing the built-in corrections [default: built in].
    #[arg(long, env = "BEDROCK_COLLECTOR_CORRECTIONS", value_name = "PATH")]
    pub corrections: Option<PathBuf>,

    /// Download cache directory; "" disables the cache [default: ~/.cache/bedrock-collector].
    #[arg(long, env = "BEDROCK_COLLECTOR_CACHE_DIR", value_name = "DIR")]
    pub cache_dir: Option<String>,

    /// Timestamped backups of the catalogue to keep beside it [default: 10].
    #[arg(long, env = "BEDROCK_COLLECTOR_BACKUPS", value_name = "N")]
    pub backups: Option<usize>,

    /// Replace the AWS account id with 000000000000 in quota ARNs and in every ARN of a message or
    /// log line (for published catalogues).
    #[arg(long, env = "BEDROCK_COLLECTOR_REDACT_ACCOUNT_ID")]
    pub redact_account_id: bool,

    /// Catalogue to compare with [default: the file at --output before this run].
    #[arg(long, env = "BEDROCK_COLLECTOR_PREVIOUS", value_name = "PATH")]
    pub previous: Option<PathBuf>,

    /// Where the change log goes [default: changes.json beside --output].
    #[arg(long, env = "BEDROCK_COLLECTOR_CHANGES", value_name = "PATH")]
    pub changes: Option<PathBuf>,

    /// Keep a JSON Feed 1.1 of the changes across runs at PATH (newest first) [default: none].
    #[arg(long, env = "BEDROCK_COLLECTOR_FEED", value_name = "PATH")]
    pub feed: Option<PathBuf>,

    /// Items the feed keeps, newest first (1 to 10000) [default: 100].
    #[arg(long, env = "BEDROCK_COLLECTOR_FEED_ITEMS", value_name = "N")]
    pub feed_items: Option<usize>,

    /// Also write a Markdown summary of the run and its changes (e.g. $GITHUB_STEP_SUMMARY).
    #[arg(long, env = "BEDROCK_COLLECTOR_SUMMARY_MARKDOWN", value_name = "PATH")]
    pub summary_markdown: Option<PathBuf>,

    /// Seconds to wait for another run writing the same output to finish; 0 refuses at once
    /// (exit 5) [default: 0].
    #[arg(long, env = "BEDROCK_COLLECTOR_LOCK_WAIT", value_name = "SECONDS")]
    pub lock_wait: Option<u64>,

    /// Publish even a degraded run (the exit code still says partial).
    #[arg(long, env = "BEDROCK_COLLECTOR_ALLOW_DEGRADED")]
    pub allow_degraded: bool,

    /// Regions that must answer: if one fails, the run is degraded.
    #[arg(
        long,
        env = "BEDROCK_COLLECTOR_REQUIRE_REGIONS",
        value_name = "A,B",
        value_delimiter = ','
    )]
    pub require_regions: Option<Vec<String>>,

    /// Exit 4 when a change of one of these kinds happened (e.g. model-removed,price-changed).
    #[arg(
        long,
        env = "BEDROCK_COLLECTOR_FAIL_ON",
        value_name = "KINDS",
        value_delimiter = ','
    )]
    pub fail_on: Option<Vec<String>>,

    /// Degraded when the model count falls by more than this percentage [default: 10].
    #[arg(
        long,
        env = "BEDROCK_COLLECTOR_MAX_MODEL_DROP_PERCENT",
        value_name = "PCT"
    )]
    pub max_model_drop_percent: Option<f64>,

    /// Colour in log lines: auto (a terminal, and NO_COLOR unset or empty), always or never.
    #[arg(long, env = "BEDROCK_COLLECTOR_COLOR", value_enum, value_name = "WHEN", default_value_t = Color::Auto)]
    pub color: Color,

    /// Log format on stderr [default: text].
    #[arg(
        long,
        env = "BEDROCK_COLLECTOR_LOG_FORMAT",
        value_enum,
        value_name = "FORMAT"
    )]
    pub log_format: Option<LogFormat>,

    /// Also ask what this account can call: GetFoundationModelAvailability per listed model and
    /// region (one request each), the application inference profiles and provisioned throughputs.
    #[arg(long, env = "BEDROCK_COLLECTOR_ACCOUNT_ACCESS")]
    pub account_access: bool,
}

impl FindArgs {
    /// The query these arguments ask for (regions compared in lower case).
    pub fn query(&self) -> crate::find::Query {
        use crate::find::{Access, Query};
        Query {
            text: self.query.clone(),
            region: self.region.as_ref().map(|r| r.trim().to_ascii_lowercase()),
            routes: self.route.clone(),
            providers: self.provider.clone(),
            input: self.input.clone(),
            output: self.output.clone(),
            features: self.feature.clone(),
            min_context: self.min_context,
            min_output: self.min_output,
            max_input_price: self.max_input_price,
            max_output_price: self.max_output_price,
            lifecycle: self.lifecycle,
            eol_within: self.eol_within.map(i64::from),
            mantle_only: self.mantle_only,
            access: match (self.callable, self.blocked) {
                (true, _) => Some(Access::Callable),
                (_, true) => Some(Access::Blocked),
                _ => None,
            },
            include_blocked: self.include_blocked,
            sort: self.sort,
            limit: self.limit,
        }
    }
}
