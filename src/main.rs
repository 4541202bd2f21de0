//! storybank's entry point: parse arguments, run one command, print one error line.

use std::process::ExitCode;

use clap::Parser;

mod analyze;
mod cli;
mod cmd;
mod config;
mod eval;
mod fulltext;
mod lexicon;
mod lint;
mod markdown;
mod matcher;
mod metrics;
mod out;
mod plan;
mod principles;
mod profile;
mod questions;
mod rank;
mod render;
mod repair;
mod search;
mod store;
mod story;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let config = config::Config::from_cli(&cli);
    match cmd::run(&config, cli.command) {
        Ok(code) => code,
        Err(err) => {
            let chain: Vec<String> = err.chain().map(|e| e.to_string()).collect();
            eprintln!("storybank: error: {}", chain.join(": ").replace('\n', " "));
            ExitCode::from(2)
        }
    }
}
