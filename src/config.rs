//! The plain run configuration the commands read, built once from the parsed CLI.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::cli::{Cli, ColorChoice};

#[derive(Debug, Clone)]
pub struct Config {
    pub data: PathBuf,
    pub index: PathBuf,
    /// Colour and emphasis on stdout.
    pub color: bool,
    /// Progress bars on stderr.
    pub progress: bool,
}

impl Config {
    pub fn from_cli(cli: &Cli) -> Config {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match cli.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => !no_color && std::io::stdout().is_terminal(),
        };
        Config {
            data: cli.data.clone(),
            index: cli.index.clone(),
            color,
            progress: std::io::stderr().is_terminal(),
        }
    }
}
