//! `storybank eval FILE`: run judged queries through match and search, report quality.

use std::collections::BTreeMap;
use std::process::ExitCode;

use anyhow::{Context, Result};
use serde_json::json;

use crate::cli::EvalArgs;
use crate::config::Config;
use crate::eval::{self, Judged, Outcome};
use crate::matcher;
use crate::out;
use crate::render;
use crate::search::{self, Request};

/// Ranks deeper than any reader looks, so MRR sees late hits too.
const DEPTH: usize = 20;

pub fn run(config: &Config, args: &EvalArgs) -> Result<ExitCode> {
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let queries: Vec<Judged> = serde_norway::from_str(&text).map_err(|e| {
        let (l, c) = e
            .location()
            .map(|l| (l.line(), l.column()))
            .unwrap_or((1, 1));
        anyhow::anyhow!("{}:{l}:{c}: {e}", args.file.display())
    })?;
    let opened = super::open_index(config)?;
    let lex = opened.lexicon()?;
    let mut outcomes: Vec<Outcome> = Vec::new();
    for q in &queries {
        let o = if q.kind == "prompt" {
            let r = matcher::run(&opened, lex, &q.text, &[], DEPTH)?;
            let top = r
                .probe
                .principles
                .first()
                .map(|(p, _)| lex.catalogue.get(*p).name.clone());
            let probed: Vec<usize> = q
                .principles
                .iter()
                .filter_map(|p| lex.catalogue.resolve(p))
                .collect();
            let ok = (!probed.is_empty()).then(|| {
                r.probe
                    .principles
                    .first()
                    .is_some_and(|(p, _)| probed.contains(p))
            });
            eval::outcome(q, r.hits.into_iter().map(|h| h.id).collect(), top, ok)
        } else {
            let req = Request {
                text: q.text.clone(),
                limit: DEPTH,
                ..Request::default()
            };
            let r = search::search(&opened, &req)?;
            eval::outcome(q, r.hits.into_iter().map(|h| h.id).collect(), None, None)
        };
        outcomes.push(o);
    }
    let mut kinds: BTreeMap<String, eval::Summary> = BTreeMap::new();
    let mut names: Vec<String> = outcomes.iter().map(|o| o.kind.clone()).collect();
    names.sort();
    names.dedup();
    for k in &names {
        kinds.insert(
            k.clone(),
            eval::summarize(outcomes.iter().filter(|o| &o.kind == k)),
        );
    }
    let overall = eval::summarize(&outcomes);
    if args.json {
        let mut v =
            json!({"file": args.file.display().to_string(), "kinds": kinds, "overall": overall});
        if args.per_query {
            v["queries"] = json!(outcomes);
        }
        out::json(&v)?;
    } else {
        if args.per_query {
            out::print(&render::eval_queries(&outcomes));
        }
        out::print(&render::eval_summary(&kinds, &overall));
    }
    Ok(ExitCode::SUCCESS)
}
