//! One file per subcommand; each `run` turns a parsed request into output.

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::Command;
use crate::config::Config;
use crate::fulltext::{self, Opened};
use crate::out;

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

/// Opens the index fresh for a query command: says when it had to build it, and
/// turns an empty bank into an error that says what to do.
fn open_index(config: &Config) -> Result<Opened> {
    let opened = fulltext::open_fresh(&config.index, &config.data, config.progress)?;
    if opened.searcher.num_docs() == 0 {
        anyhow::bail!(
            "no stories in {}; import a bank first: storybank import FILE.md",
            crate::store::stories_dir(&config.data).display()
        );
    }
    if let Some(n) = opened.rebuilt {
        out::note(&format!("(indexed {n} stories)"));
    }
    Ok(opened)
}
