//! `storybank coverage`: every common question against the bank, gaps first.

use std::process::ExitCode;

use anyhow::Result;
use serde_json::json;

use crate::config::Config;
use crate::matcher;
use crate::out;
use crate::questions;
use crate::rank::Fit;
use crate::render::{self, CoverageRow};

pub fn run(config: &Config, as_json: bool) -> Result<ExitCode> {
    let opened = super::open_index(config)?;
    let lex = opened.lexicon()?;
    let qs = questions::load(&config.data, &lex.catalogue)?;
    let mut rows = Vec::new();
    for q in &qs {
        // the question's own tags say what it probes
        let r = matcher::run(&opened, lex, &q.text, &q.principles, 1)?;
        let best = r.hits.into_iter().next().map(|h| (h.id, h.title, h.fit));
        rows.push(CoverageRow {
            text: q.text.clone(),
            principles: q.principles.clone(),
            best,
        });
    }
    // questions without a strong story first, grouped by their first principle
    rows.sort_by_key(|r| {
        let strong = r.best.as_ref().is_some_and(|b| b.2 == Fit::Strong);
        (strong, r.principles.first().copied().unwrap_or(usize::MAX))
    });
    if as_json {
        let list: Vec<_> = rows
            .iter()
            .map(|r| {
                json!({
                    "text": r.text,
                    "principles": r.principles.iter().map(|p| lex.catalogue.get(*p).name.clone()).collect::<Vec<_>>(),
                    "best": r.best.as_ref().map(|(id, _, fit)| json!({"id": id, "fit": fit})),
                })
            })
            .collect();
        out::json(&json!({"questions": list}))?;
    } else {
        out::print(&render::coverage(&rows, &lex.catalogue));
    }
    Ok(ExitCode::SUCCESS)
}
