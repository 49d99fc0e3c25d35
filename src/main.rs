//! Entry point: parse the command line and configuration, run, map the result to an exit code.

use std::process::ExitCode;

use bedrock_collector::cli::Cli;
use bedrock_collector::run::{self, exit};
use bedrock_collector::{config, logging};
use clap::Parser;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let args = &cli.run;
    let settings = match config::load_file(args)
        .and_then(|(path, file)| config::settings(args, file, path.as_deref()))
    {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(exit::USAGE);
        }
    };
    logging::init(args.verbose, args.quiet, settings.log_format);
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
    match runtime.block_on(run::run(&settings)) {
        Ok(report) => ExitCode::from(report.exit_code),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code)
        }
    }
}
