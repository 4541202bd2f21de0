//! `storybank lint`: how each story is told. Exit 1 when any story has an error.

use std::process::ExitCode;

use anyhow::Result;
use serde_json::json;

use crate::analyze;
use crate::cli::LintArgs;
use crate::config::Config;
use crate::lexicon::Lexicon;
use crate::lint::{self, Severity};
use crate::out;
use crate::profile;
use crate::render;
use crate::store;

pub fn run(config: &Config, args: &LintArgs) -> Result<ExitCode> {
    let lex = Lexicon::load(&config.data)?;
    let stories = store::select(&config.data, args.id.as_deref())?;
    let mut an = analyze::analyzer();
    let results: Vec<(String, Vec<lint::Finding>)> = stories
        .iter()
        .map(|s| {
            let declares = s
                .principles
                .iter()
                .any(|n| lex.catalogue.resolve(n).is_some());
            let shows = !profile::inferred(&profile::profile(s, &lex, &mut an).cues).is_empty();
            (s.id.clone(), lint::lint(s, declares || shows))
        })
        .collect();
    let errors = results
        .iter()
        .any(|(_, f)| f.iter().any(|x| x.severity == Severity::Error));
    if args.json {
        let list: Vec<_> = results
            .iter()
            .map(|(id, f)| json!({"id": id, "findings": f}))
            .collect();
        out::json(&json!({"stories": list}))?;
    } else {
        out::print(&render::lint(&results));
    }
    Ok(if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
