//! `report-bot`: thin entry point; everything lives in the library.

use std::process::ExitCode;

use clap::Parser;
use xihu_report_bot::cli::{self, Cli};

fn main() -> ExitCode {
    // a missing .env is normal; the environment still applies
    let _ = dotenvy::dotenv();
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
