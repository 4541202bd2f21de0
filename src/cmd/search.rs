//! `storybank search`: keyword, field and metric search.

use std::process::ExitCode;

use anyhow::Result;
use serde_json::json;

use crate::cli::{PartArg, SearchArgs};
use crate::config::Config;
use crate::metrics;
use crate::out;
use crate::render;
use crate::search::{self, Request};
use crate::story::Part;

pub fn run(config: &Config, args: &SearchArgs) -> Result<ExitCode> {
    let text = args.query.join(" ");
    let filters = args
        .metrics
        .iter()
        .map(|e| metrics::parse_filter(e))
        .collect::<Result<Vec<_>>>()?;
    if text.trim().is_empty() && filters.is_empty() {
        anyhow::bail!(
            "nothing to search for: give a QUERY or --metric EXPR (see `storybank search --help`)"
        );
    }
    let opened = super::open_index(config)?;
    let catalogue = opened.catalogue()?;
    let principle = args
        .principle
        .as_deref()
        .map(|p| catalogue.resolve_arg(p))
        .transpose()?;
    let req = Request {
        text: text.clone(),
        metrics: filters,
        principle,
        tag: args.tag.clone(),
        part: args.part.map(|p| match p {
            PartArg::Situation => Part::Situation,
            PartArg::Task => Part::Task,
            PartArg::Action => Part::Action,
            PartArg::Result => Part::Result,
        }),
        limit: args.limit.max(1),
    };
    let resp = search::search(&opened, &req)?;
    for e in &resp.ignored {
        out::note(&format!("note: ignored part of the query: {e}"));
    }
    for (from, to) in &resp.corrected {
        out::note(&format!(
            "note: no story says {from:?}; searched for {to:?}"
        ));
    }
    if args.json {
        out::json(&json!({"query": text, "results": resp.hits}))?;
    } else if !resp.hits.is_empty() {
        out::print(&render::search_table(&resp.hits, catalogue, config.color));
    }
    if resp.hits.is_empty() {
        out::note("no stories match; try fewer words, another spelling, or a looser --metric");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
