//! `storybank matrix`: stories x principles, declared and shown, with the gaps.

use std::process::ExitCode;

use anyhow::Result;

use crate::analyze;
use crate::cli::MatrixArgs;
use crate::config::Config;
use crate::lexicon::Lexicon;
use crate::out;
use crate::profile;
use crate::render::{self, MatrixRow};
use crate::store;

/// A principle needs this many stories that declare or clearly show it.
pub const MIN_STRONG: usize = 2;

pub fn run(config: &Config, args: &MatrixArgs) -> Result<ExitCode> {
    let lex = Lexicon::load(&config.data)?;
    let stories = store::load(&config.data)?;
    let mut an = analyze::analyzer();
    let rows: Vec<MatrixRow> = stories
        .iter()
        .map(|l| {
            let s = &l.story;
            let declared: Vec<usize> = s
                .principles
                .iter()
                .filter_map(|n| lex.catalogue.resolve(n))
                .collect();
            let cues = profile::profile(s, &lex, &mut an).cues;
            let inferred = profile::inferred(&cues)
                .into_iter()
                .filter(|p| !declared.contains(p))
                .collect();
            MatrixRow {
                id: s.id.clone(),
                title: s.title.clone(),
                declared,
                inferred,
            }
        })
        .collect();
    let counts: Vec<usize> = (0..lex.catalogue.len())
        .map(|p| {
            rows.iter()
                .filter(|r| r.declared.contains(&p) || r.inferred.contains(&p))
                .count()
        })
        .collect();
    let gaps: Vec<usize> = (0..counts.len())
        .filter(|p| counts[*p] < MIN_STRONG)
        .collect();
    out::print(&render::matrix(
        &rows,
        &counts,
        &gaps,
        &lex.catalogue,
        args.format,
    )?);
    Ok(ExitCode::SUCCESS)
}
