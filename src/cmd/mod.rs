//! One file per subcommand; each `run` turns a parsed request into output.

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::Command;
use crate::config::Config;

mod check;
mod completions;
mod coverage;
mod eval;
mod import;
mod index;
mod lint;
mod list;
mod matching;
mod matrix;
mod metrics;
mod plan;
mod practice;
mod principles;
mod search;
mod show;

pub fn run(config: &Config, command: Command) -> Result<ExitCode> {
    match command {
        Command::Import(args) => import::run(config, &args),
        Command::List(args) => list::run(config, &args),
        Command::Show(args) => show::run(config, &args),
        Command::Check => check::run(config),
        Command::Principles(args) => principles::run(config, args.json),
        Command::Match(args) => matching::run(config, &args),
        Command::Eval(args) => eval::run(config, &args),
        Command::Matrix(args) => matrix::run(config, &args),
        Command::Coverage(args) => coverage::run(config, args.json),
        Command::Plan(args) => plan::run(config, &args),
        Command::Lint(args) => lint::run(config, &args),
        Command::Practice(args) => practice::run(config, &args),
        Command::Index => index::run(config),
        Command::Search(args) => search::run(config, &args),
        Command::Metrics(args) => metrics::run(config, &args),
        Command::Completions(args) => completions::run(args.shell),
    }
}
