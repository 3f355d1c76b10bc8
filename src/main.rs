//! `report-bot`: thin entry point; everything lives in the library.

use std::process::ExitCode;

use clap::Parser;
use xihu_report_bot::cli::{self, Cli};

fn main() -> ExitCode {
    // a missing .env is normal; the environment still applies
    let _ = dotenvy::dotenv();
    // SAFETY: start-up, before any other thread exists.
    unsafe { cli::unset_blank_env() };
    let cli = Cli::parse();
    if !matches!(cli.command, None | Some(cli::Command::Run(_))) {
        end_quietly_on_closed_pipe();
    }
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

/// Console commands end quietly when their reader goes away (`report-bot bench | head`), as Unix
/// tools do, instead of panicking on the next `println!`. The bot itself keeps Rust's default
/// (SIGPIPE ignored), so a closed socket is an error to handle, not the end of the process.
fn end_quietly_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: called once at start-up, before any other thread exists; SIG_DFL is a valid handler.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
