//! Entry point: parse the command line and configuration, run, map the result to an exit code.

use std::process::ExitCode;

use bedrock_collector::cli::{Cli, Command, CompareFormat, FindArgs, LogFormat, SchemaOf};
use bedrock_collector::progress::Progress;
use bedrock_collector::run::{self, exit};
use bedrock_collector::{config, logging};
use clap::Parser;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        None => {}
        Some(Command::Schema { of }) => {
            let schema = match of {
                SchemaOf::Catalog => bedrock_collector::schema::catalog_schema(),
                SchemaOf::Find => bedrock_collector::schema::find_schema(),
            };
            let mut text = serde_json::to_vec_pretty(&schema).expect("a schema serializes");
            text.push(b'\n');
            return print(&text);
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
            return print(&script);
        }
        Some(Command::Man { dir }) => return man(dir.as_deref()),
        Some(Command::Show {
            model,
            region,
            catalog,
        }) => return show(&cli, model, region.as_deref(), catalog.as_deref()),
        Some(Command::Find(args)) => return find(&cli, args),
        Some(Command::Compare {
            models,
            region,
            catalog,
            format,
        }) => return compare(&cli, models, region.as_deref(), catalog.as_deref(), *format),
        Some(Command::Page {
            catalog,
            changes,
            output,
        }) => return page(&cli, catalog.as_deref(), changes.as_deref(), output),
    }
    let args = &cli.run;
    let mut config_used = None;
    let settings = match config::load_file(args).and_then(|(path, file)| {
        let settings = config::settings(args, file, path.as_deref());
        config_used = path;
        settings
    }) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(exit::USAGE);
        }
    };
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
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // A run starts ~200 tasks at once, each of which does some work before its request waits
        // on the network. With tokio's default (61 tasks between two looks at the network), the
        // first request, though connected, was written only after most of them: 18 to 26 ms after
        // the process started, against 11 to 20 ms with 8 (strace, 8 runs each; the wall time of a
        // whole run did not change).
        .event_interval(8)
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(exit::FAILED);
        }
    };
    let code = match runtime.block_on(run::run(&settings, &progress)) {
        Ok(report) => {
            let code = report.exit_code;
            // Exiting now: the catalogue's memory goes back with the process, not value by value.
            std::mem::forget(report);
            code
        }
        Err(e) => {
            eprintln!("error: {e}");
            e.exit_code()
        }
    };
    std::mem::forget(runtime);
    ExitCode::from(code)
}

/// Writes to stdout; a closed pipe (`| head`) is not an error.
fn print(bytes: &[u8]) -> ExitCode {
    use std::io::Write;
    match std::io::stdout().lock().write_all(bytes) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write to standard output: {e}");
            ExitCode::from(exit::FAILED)
        }
    }
}

/// `bedrock-collector man`: the man page from the clap definitions, to stdout or as files in `dir`.
fn man(dir: Option<&std::path::Path>) -> ExitCode {
    use clap::CommandFactory;
    let Some(dir) = dir else {
        let mut page = Vec::new();
        return match clap_mangen::Man::new(Cli::command()).render(&mut page) {
            Ok(()) => print(&page),
            Err(e) => {
                eprintln!("error: cannot render the man page: {e}");
                ExitCode::from(exit::FAILED)
            }
        };
    };
    match clap_mangen::generate_to(Cli::command(), dir) {
        Ok(()) => {
            eprintln!("man pages written to {}", dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!(
                "error: cannot write the man pages to {}: {e}",
                dir.display()
            );
            ExitCode::from(exit::FAILED)
        }
    }
}

/// The catalogue to read: `given`, else the configured output (`--output`'s variable, the
/// config file's `output`), else `data/bedrock_models.json`; with the configured change log.
fn configured_catalog(
    cli: &Cli,
    given: Option<&std::path::Path>,
) -> Result<(std::path::PathBuf, Option<std::path::PathBuf>), ExitCode> {
    if let Some(p) = given {
        return Ok((p.to_path_buf(), None));
    }
    match config::load_file(&cli.run) {
        Ok((_, file)) => Ok((
            cli.run
                .output
                .clone()
                .or(file.output)
                .filter(|p| p.as_os_str() != "-")
                .unwrap_or_else(|| "data/bedrock_models.json".into()),
            cli.run.changes.clone().or(file.changes),
        )),
        Err(e) => {
            eprintln!("error: {e}");
            Err(ExitCode::from(exit::USAGE))
        }
    }
}

/// The catalogue at the configured path, or the exit code `unreadable` after its error.
fn read_catalog(
    cli: &Cli,
    given: Option<&std::path::Path>,
    unreadable: u8,
) -> Result<bedrock_collector::catalog::Catalog, ExitCode> {
    let (path, _) = configured_catalog(cli, given)?;
    bedrock_collector::catalog::read(&path).map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(unreadable)
    })
}

/// `bedrock-collector show`: reads the catalogue and prints how to call the model.
fn show(
    cli: &Cli,
    model: &str,
    region: Option<&str>,
    catalog: Option<&std::path::Path>,
) -> ExitCode {
    let catalog = match read_catalog(cli, catalog, exit::FAILED) {
        Ok(c) => c,
        Err(code) => return code,
    };
    match bedrock_collector::show::show_on(
        &catalog,
        model,
        region,
        Some(&bedrock_collector::run::now_rfc3339()),
    ) {
        Ok(text) => print(text.as_bytes()),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(exit::USAGE)
        }
    }
}

/// `bedrock-collector find`: the models that fit; exit 0 with matches, 1 with none, 2 for a usage
/// error or an unreadable catalogue (as grep).
fn find(cli: &Cli, args: &FindArgs) -> ExitCode {
    use bedrock_collector::find;
    let catalog = match read_catalog(cli, args.catalog.as_deref(), exit::USAGE) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let query = find::Query {
        text: args.query.clone(),
        region: args.region.as_ref().map(|r| r.trim().to_ascii_lowercase()),
        routes: args.route.clone(),
        providers: args.provider.clone(),
        input: args.input.clone(),
        output: args.output.clone(),
        features: args.feature.clone(),
        min_context: args.min_context,
        min_output: args.min_output,
        max_input_price: args.max_input_price,
        max_output_price: args.max_output_price,
        lifecycle: args.lifecycle,
        eol_within: args.eol_within.map(i64::from),
        mantle_only: args.mantle_only,
        access: match (args.callable, args.blocked) {
            (true, _) => Some(find::Access::Callable),
            (_, true) => Some(find::Access::Blocked),
            _ => None,
        },
        include_blocked: args.include_blocked,
        sort: args.sort,
        limit: args.limit,
    };
    match find::find(&catalog, &query) {
        Ok(found) => {
            let account_view = catalog.metadata.account_access.is_some();
            let code = print(find::render(&found, args.format, account_view).as_bytes());
            if found.is_empty() && code == ExitCode::SUCCESS {
                ExitCode::from(1)
            } else {
                code
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(exit::USAGE)
        }
    }
}

/// `bedrock-collector compare`: models side by side.
fn compare(
    cli: &Cli,
    models: &[String],
    region: Option<&str>,
    catalog: Option<&std::path::Path>,
    format: CompareFormat,
) -> ExitCode {
    let catalog = match read_catalog(cli, catalog, exit::FAILED) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let region = region.map(|r| r.trim().to_ascii_lowercase());
    match bedrock_collector::compare::compare(&catalog, models, region.as_deref()) {
        Ok(table) => {
            let text = match format {
                CompareFormat::Table => table.to_text(),
                CompareFormat::Json => table.to_json(),
            };
            print(text.as_bytes())
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(exit::USAGE)
        }
    }
}

/// `bedrock-collector page`: the catalogue (and its change log) as one self-contained HTML file.
fn page(
    cli: &Cli,
    catalog: Option<&std::path::Path>,
    changes: Option<&std::path::Path>,
    output: &std::path::Path,
) -> ExitCode {
    use bedrock_collector::page;
    // Without --catalog: the configured output and change log, as a run would write them.
    let (catalog_path, configured_changes) = match configured_catalog(cli, catalog) {
        Ok(paths) => paths,
        Err(code) => return code,
    };
    let built = bedrock_collector::catalog::read(&catalog_path)
        .map_err(page::PageError::from)
        .and_then(|c| {
            let log = match changes
                .map(std::path::Path::to_path_buf)
                .or(configured_changes)
            {
                Some(p) => page::read_changes(&p, changes.is_some())?,
                None => page::read_changes(&catalog_path.with_file_name("changes.json"), false)?,
            };
            Ok(page::render(&c, log.as_ref()))
        });
    let html = match built {
        Ok(html) => html,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(exit::FAILED);
        }
    };
    if output.as_os_str() == "-" {
        return print(html.as_bytes());
    }
    match page::write(output, &html) {
        Ok(()) => {
            eprintln!("page written to {}", output.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(exit::FAILED)
        }
    }
}
