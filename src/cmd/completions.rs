//! `storybank completions SHELL`: a completion script on stdout.

use std::process::ExitCode;

use anyhow::Result;
use clap::CommandFactory;

use crate::cli::Cli;

pub fn run(shell: clap_complete::Shell) -> Result<ExitCode> {
    let mut cmd = Cli::command();
    clap_complete::generate(shell, &mut cmd, "storybank", &mut std::io::stdout());
    Ok(ExitCode::SUCCESS)
}
