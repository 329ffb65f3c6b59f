use clap::Parser;
use planner::cli::Cli;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match planner::commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("planner: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
