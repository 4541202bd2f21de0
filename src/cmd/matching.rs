//! `storybank match`: the best stories for an interviewer's prompt, with why.

use std::process::ExitCode;

use anyhow::Result;
use serde_json::json;

use crate::cli::MatchArgs;
use crate::config::Config;
use crate::matcher;
use crate::out;
use crate::render;

pub fn run(config: &Config, args: &MatchArgs) -> Result<ExitCode> {
    let opened = super::open_index(config)?;
    let lex = opened.lexicon()?;
    let prompt = args.prompt.join(" ");
    let forced = args
        .principle
        .as_deref()
        .map(|p| lex.catalogue.resolve_arg(p))
        .transpose()?;
    let limit = args.limit.max(1);
    // --by-principle ranks a deeper pool so each group can fill up
    let pool = if args.by_principle { limit * 6 } else { limit };
    let result = matcher::run(&opened, lex, &prompt, forced.as_slice(), pool)?;
    if let Some(note) = &result.note {
        out::note(note);
    }
    let principles: Vec<_> = result
        .probe
        .principles
        .iter()
        .map(|(p, w)| json!({"name": lex.catalogue.get(*p).name, "score": matcher::round3(*w)}))
        .collect();
    let found = !result.hits.is_empty();
    if args.json {
        let hits: Vec<_> = result.hits.iter().take(limit).collect();
        out::json(&json!({"query": prompt, "principles": principles, "results": hits}))?;
    } else if args.by_principle {
        out::print(&render::match_by_principle(&result, &lex.catalogue, limit));
    } else if !result.hits.is_empty() {
        out::print(&render::match_text(&result, &lex.catalogue, config.color));
    }
    Ok(if found {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
