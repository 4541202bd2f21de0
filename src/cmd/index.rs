//! `storybank index`: build the search index now.

use std::process::ExitCode;

use anyhow::Result;

use crate::config::Config;
use crate::fulltext;
use crate::lexicon::Lexicon;
use crate::out;

pub fn run(config: &Config) -> Result<ExitCode> {
    let lex = Lexicon::load(&config.data)?;
    let (n, took) =
        fulltext::timed(|| fulltext::build(&config.index, &config.data, &lex, config.progress));
    let n = n?;
    out::print(&format!(
        "indexed {n} stories from {} into {} in {} ms",
        config.data.display(),
        config.index.display(),
        took.as_millis()
    ));
    Ok(ExitCode::SUCCESS)
}
