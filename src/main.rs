//! Entry point: parse the command line, run the command, and report its error (if any) in one
//! place, as one sentence on stderr with its exit code.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use bedrock_collector::catalog::{Catalog, ReadError};
use bedrock_collector::cli::{Cli, Command, CompareFormat, FindArgs, LogFormat, SchemaOf};
use bedrock_collector::compare::CompareError;
use bedrock_collector::config::{self, ConfigError};
use bedrock_collector::find::FindError;
use bedrock_collector::logging;
use bedrock_collector::page::{self, PageError};
use bedrock_collector::progress::Progress;
use bedrock_collector::run::{self, RunError, exit};
use bedrock_collector::show::ShowError;
use clap::Parser;

/// Why a command produced nothing. Each variant reads as one sentence and has one exit code.
#[derive(Debug, thiserror::Error)]
enum Error {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Run(#[from] RunError),
    #[error(transparent)]
    Catalog(#[from] ReadError),
    #[error(transparent)]
    Show(#[from] ShowError),
    #[error(transparent)]
    Page(#[from] PageError),
    #[error(transparent)]
    Find(#[from] FindError),
    /// `find` exits 1 when nothing matches, so a catalogue it cannot read is a usage error (2).
    #[error(transparent)]
    FindCatalog(ReadError),
    #[error(transparent)]
    Compare(#[from] CompareError),
    #[error("cannot write the man pages to {dir}: {source}")]
    Man {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write to standard output: {0}")]
    Stdout(std::io::Error),
}

impl Error {
    fn exit_code(&self) -> u8 {
        match self {
            Error::Config(_)
            | Error::Show(_)
            | Error::Find(_)
            | Error::FindCatalog(_)
            | Error::Compare(_) => exit::USAGE,
            Error::Run(e) => e.exit_code(),
            Error::Catalog(_) | Error::Page(_) | Error::Man { .. } | Error::Stdout(_) => {
                exit::FAILED
            }
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match command(&cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            // Messages can quote data (a model name, an AWS message): never raw on a terminal.
            eprintln!(
                "error: {}",
                bedrock_collector::terminal::text(&e.to_string())
            );
            ExitCode::from(e.exit_code())
        }
    }
}

/// Runs the command line's command; the exit code of a command that produced something.
fn command(cli: &Cli) -> Result<u8, Error> {
    match &cli.command {
        None => collect(cli),
        Some(Command::Schema { of }) => {
            let schema = match of {
                SchemaOf::Catalog => bedrock_collector::schema::catalog_schema(),
                SchemaOf::Find => bedrock_collector::schema::find_schema(),
            };
            let mut text = serde_json::to_vec_pretty(&schema).expect("a schema serializes");
            text.push(b'\n');
            print(&text)
        }
        Some(Command::Completions { shell }) => {
            use clap::CommandFactory;
            let mut script = Vec::new();
            clap_complete::generate(
                *shell,
                &mut Cli::command(),
                "bedrock-collector",
                &mut script,
            );
            print(&script)
        }
        Some(Command::Man { dir }) => man(dir.as_deref()),
        Some(Command::Show {
            model,
            region,
            catalog,
        }) => show(cli, model, region.as_deref(), catalog.as_deref()),
        Some(Command::Find(args)) => find(cli, args),
        Some(Command::Compare {
            models,
            region,
            catalog,
            format,
        }) => compare(cli, models, region.as_deref(), catalog.as_deref(), *format),
        Some(Command::Page {
            catalog,
            changes,
            output,
        }) => page(cli, catalog.as_deref(), changes.as_deref(), output),
    }
}

/// A collection run.
fn collect(cli: &Cli) -> Result<u8, Error> {
    let args = &cli.run;
    let (config_used, file) = config::load_file(args)?;
    let settings = config::settings(args, file, config_used.as_deref())?;
    let interactive = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let progress =
        Progress::new(interactive && !args.quiet && settings.log_format == LogFormat::Text);
    logging::init(
        args.verbose,
        args.quiet,
        settings.log_format,
        args.color,
        &progress,
    );
    match &config_used {
        Some(path) => tracing::debug!("configuration file: {}", path.display()),
        None => tracing::debug!("no configuration file found; using the defaults"),
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // A run starts ~200 tasks at once, each of which does some work before its request waits
        // on the network. With tokio's default (61 tasks between two looks at the network), the
        // first request, though connected, was written only after most of them: 18 to 26 ms after
        // the process started, against 11 to 20 ms with 8 (strace, 8 runs each; the wall time of a
        // whole run did not change).
        .event_interval(8)
        .build()
        .map_err(RunError::Runtime)?;
    let report = runtime.block_on(run::run(&settings, &progress));
    std::mem::forget(runtime);
    Ok(report?.exit_code)
}

/// Writes to stdout; a closed pipe (`| head`) is not an error.
fn print(bytes: &[u8]) -> Result<u8, Error> {
    use std::io::Write;
    match std::io::stdout().lock().write_all(bytes) {
        Ok(()) => Ok(exit::COMPLETE),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(exit::COMPLETE),
        Err(e) => Err(Error::Stdout(e)),
    }
}

/// Text made from the catalogue's data (names and ids from AWS and LiteLLM) to stdout: never raw
/// on a terminal. JSON goes out as the catalogue keeps it, through `print`.
fn print_text(text: &str) -> Result<u8, Error> {
    print(bedrock_collector::terminal::text(text).as_bytes())
}

/// `bedrock-collector man`: the man page from the clap definitions, to stdout or as files in `dir`.
fn man(dir: Option<&Path>) -> Result<u8, Error> {
    use clap::CommandFactory;
    let Some(dir) = dir else {
        let mut page = Vec::new();
        clap_mangen::Man::new(Cli::command())
            .render(&mut page)
            .map_err(Error::Stdout)?;
        return print(&page);
    };
    clap_mangen::generate_to(Cli::command(), dir).map_err(|source| Error::Man {
        dir: dir.to_path_buf(),
        source,
    })?;
    eprintln!("man pages written to {}", dir.display());
    Ok(exit::COMPLETE)
}

/// The catalogue to read: `given`, else the configured output (`--output`'s variable, the
/// config file's `output`), else the default output; with the configured change log.
fn configured_catalog(
    cli: &Cli,
    given: Option<&Path>,
) -> Result<(PathBuf, Option<PathBuf>), Error> {
    if let Some(p) = given {
        return Ok((p.to_path_buf(), None));
    }
    let (_, file) = config::load_file(&cli.run)?;
    let output = cli
        .run
        .output
        .clone()
        .or(file.output)
        .filter(|p| p.as_os_str() != config::STDOUT)
        .unwrap_or_else(|| PathBuf::from(config::DEFAULT_OUTPUT));
    Ok((output, cli.run.changes.clone().or(file.changes)))
}

/// The catalogue at `given` or the configured path.
fn read_catalog(cli: &Cli, given: Option<&Path>) -> Result<Catalog, Error> {
    let (path, _) = configured_catalog(cli, given)?;
    Ok(bedrock_collector::catalog::read(&path)?)
}

/// `bedrock-collector show`: reads the catalogue and prints how to call the model.
fn show(cli: &Cli, model: &str, region: Option<&str>, catalog: Option<&Path>) -> Result<u8, Error> {
    let catalog = read_catalog(cli, catalog)?;
    let today = run::now_rfc3339();
    let text = bedrock_collector::show::show_on(&catalog, model, region, Some(&today))?;
    print_text(&text)
}

/// `bedrock-collector find`: the models that fit; exit 0 with matches, 1 with none, 2 for a usage
/// error or an unreadable catalogue (as grep).
fn find(cli: &Cli, args: &FindArgs) -> Result<u8, Error> {
    use bedrock_collector::find;
    let catalog = match read_catalog(cli, args.catalog.as_deref()) {
        Err(Error::Catalog(e)) => return Err(Error::FindCatalog(e)),
        other => other?,
    };
    let found = find::find(&catalog, &args.query())?;
    let account_view = catalog.metadata.account_access.is_some();
    let text = find::render(&found, args.format, account_view);
    let code = match args.format {
        find::Format::Json => print(text.as_bytes())?,
        _ => print_text(&text)?,
    };
    // As grep: 1 when nothing matches.
    Ok(if found.is_empty() { exit::FAILED } else { code })
}

/// `bedrock-collector compare`: models side by side.
fn compare(
    cli: &Cli,
    models: &[String],
    region: Option<&str>,
    catalog: Option<&Path>,
    format: CompareFormat,
) -> Result<u8, Error> {
    let catalog = read_catalog(cli, catalog)?;
    let region = region.map(|r| r.trim().to_ascii_lowercase());
    let table = bedrock_collector::compare::compare(&catalog, models, region.as_deref())?;
    match format {
        CompareFormat::Table => print_text(&table.to_text()),
        CompareFormat::Json => print(table.to_json().as_bytes()),
    }
}

/// `bedrock-collector page`: the catalogue (and its change log) as one self-contained HTML file.
fn page(
    cli: &Cli,
    catalog: Option<&Path>,
    changes: Option<&Path>,
    output: &Path,
) -> Result<u8, Error> {
    // Without --catalog: the configured output and change log, as a run would write them.
    let (catalog_path, configured_changes) = configured_catalog(cli, catalog)?;
    let catalog = bedrock_collector::catalog::read(&catalog_path)?;
    let log = match changes.map(Path::to_path_buf).or(configured_changes) {
        Some(p) => page::read_changes(&p, changes.is_some())?,
        None => page::read_changes(&catalog_path.with_file_name("changes.json"), false)?,
    };
    let html = page::render(&catalog, log.as_ref());
    if output.as_os_str() == config::STDOUT {
        return print(html.as_bytes());
    }
    page::write(output, &html)?;
    eprintln!("page written to {}", output.display());
    Ok(exit::COMPLETE)
}
