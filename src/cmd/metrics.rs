//! `storybank metrics [ID]`: the numbers each story reports.

use std::process::ExitCode;

use anyhow::Result;
use serde_json::json;

use crate::analyze;
use crate::cli::MetricsArgs;
use crate::config::Config;
use crate::lexicon::Lexicon;
use crate::out;
use crate::profile;
use crate::render;
use crate::store;

pub fn run(config: &Config, args: &MetricsArgs) -> Result<ExitCode> {
    let lex = Lexicon::load(&config.data)?;
    let stories = store::select(&config.data, args.id.as_deref())?;
    let mut an = analyze::analyzer();
    let rows: Vec<_> = stories
        .iter()
        .map(|s| (s.id.clone(), profile::profile(s, &lex, &mut an).metrics))
        .collect();
    if args.json {
        let list: Vec<_> = rows
            .iter()
            .map(|(id, ms)| json!({"id": id, "metrics": ms}))
            .collect();
        match &args.id {
            Some(_) => out::json(&list[0])?,
            None => out::json(&list)?,
        }
    } else {
        out::print(&render::metrics_table(&rows));
    }
    Ok(ExitCode::SUCCESS)
}
