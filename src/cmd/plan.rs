//! `storybank plan`: one distinct story and backup per probed principle in a loop.

use std::process::ExitCode;

use anyhow::{bail, Result};
use serde_json::json;

use crate::analyze;
use crate::cli::PlanArgs;
use crate::config::Config;
use crate::lexicon::Lexicon;
use crate::out;
use crate::plan;
use crate::profile;
use crate::render;
use crate::store;

pub fn run(config: &Config, args: &PlanArgs) -> Result<ExitCode> {
    if args.rounds == 0 || args.rounds > 12 {
        bail!("--rounds {}: a loop has 1 to 12 interviewers", args.rounds);
    }
    let lex = Lexicon::load(&config.data)?;
    let cat = &lex.catalogue;
    let probed: Vec<usize> = if args.principles.is_empty() {
        plan::DEFAULT_ORDER
            .iter()
            .filter_map(|c| cat.resolve(c))
            .take(plan::default_count(args.rounds))
            .collect()
    } else {
        let mut v = Vec::new();
        for p in &args.principles {
            let i = cat.resolve_arg(p.trim())?;
            if !v.contains(&i) {
                v.push(i);
            }
        }
        v
    };
    let stories: Vec<_> = store::load(&config.data)?
        .into_iter()
        .map(|l| l.story)
        .collect();
    let mut an = analyze::analyzer();
    let fit: Vec<Vec<f64>> = stories
        .iter()
        .map(|s| {
            let cues = profile::profile(s, &lex, &mut an).cues;
            let declared: Vec<usize> = s.principles.iter().filter_map(|n| cat.resolve(n)).collect();
            plan::fits(&declared, &cues, &probed)
        })
        .collect();
    let rows: Vec<(usize, usize, Option<String>, Option<String>)> =
        plan::plan(&fit, &probed, args.rounds)
            .into_iter()
            .map(|r| {
                (
                    r.round,
                    r.principle,
                    r.story.map(|i| stories[i].id.clone()),
                    r.backup.map(|i| stories[i].id.clone()),
                )
            })
            .collect();
    let uncovered: Vec<String> = rows
        .iter()
        .filter(|r| r.2.is_none())
        .map(|r| cat.get(r.1).name.clone())
        .collect();
    if args.json {
        let a: Vec<_> = rows
            .iter()
            .map(|(r, p, s, b)| json!({"round": r, "principle": cat.get(*p).name, "story": s, "backup": b}))
            .collect();
        out::json(&json!({"assignments": a, "uncovered": uncovered}))?;
    } else {
        let titles = |id: &Option<String>| -> String {
            id.as_ref()
                .map(|id| {
                    let t = stories
                        .iter()
                        .find(|s| &s.id == id)
                        .map(|s| s.title.as_str())
                        .unwrap_or("");
                    format!("{id} {t}")
                })
                .unwrap_or_else(|| "—".into())
        };
        let mut t = render::table(&["round", "principle", "story", "backup"]);
        for (r, p, s, b) in &rows {
            t.add_row(vec![
                r.to_string(),
                cat.get(*p).name.clone(),
                titles(s),
                titles(b),
            ]);
        }
        out::print(&t.to_string());
        if uncovered.is_empty() {
            out::print("every probed principle has a story");
        } else {
            out::print(&format!("no story for: {}", uncovered.join("; ")));
        }
    }
    Ok(ExitCode::SUCCESS)
}
