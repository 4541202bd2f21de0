//! `storybank check`: validate the data directory. Exit 0 clean, 1 findings.

use std::process::ExitCode;

use anyhow::Result;

use crate::config::Config;
use crate::out;
use crate::principles::Catalogue;
use crate::store;

pub fn run(config: &Config) -> Result<ExitCode> {
    let cat = Catalogue::load(&config.data)?;
    let scan = store::scan(&config.data)?;
    let mut findings = scan.errors.clone();
    for l in &scan.stories {
        let at = format!("{}:{}", l.path.display(), l.line);
        for p in &l.story.principles {
            if cat.resolve(p).is_none() {
                findings.push(format!(
                    "{at}: {} names unknown principle {p:?}",
                    l.story.id
                ));
            }
        }
        for part in l.story.missing_parts() {
            findings.push(format!(
                "{at}: {} has an empty {}",
                l.story.id,
                part.name().to_uppercase()
            ));
        }
        if l.story.title.trim().is_empty() {
            findings.push(format!("{at}: {} has no title", l.story.id));
        }
    }
    for f in &findings {
        out::print(f);
    }
    if findings.is_empty() {
        out::print(&format!("ok: {} stories, no problems", scan.stories.len()));
        Ok(ExitCode::SUCCESS)
    } else {
        out::note(&format!(
            "{} problem(s) in {} stories",
            findings.len(),
            scan.stories.len()
        ));
        Ok(ExitCode::from(1))
    }
}
