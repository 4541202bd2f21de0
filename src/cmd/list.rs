//! `storybank list`: the stories, filtered by principle or tag.

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::ListArgs;
use crate::config::Config;
use crate::out;
use crate::principles::Catalogue;
use crate::render;
use crate::store;

pub fn run(config: &Config, args: &ListArgs) -> Result<ExitCode> {
    let cat = Catalogue::load(&config.data)?;
    let principle = match &args.principle {
        Some(p) => Some(cat.get(cat.resolve_arg(p)?).name.clone()),
        None => None,
    };
    let all = store::load(&config.data)?;
    if all.is_empty() && !args.json {
        out::note(&format!(
            "no stories in {}; import a bank first: storybank import FILE.md",
            store::stories_dir(&config.data).display()
        ));
        return Ok(ExitCode::SUCCESS);
    }
    let stories: Vec<_> = all
        .into_iter()
        .map(|l| l.story)
        .filter(|s| principle.as_ref().is_none_or(|p| s.principles.contains(p)))
        .filter(|s| {
            args.tag
                .as_ref()
                .is_none_or(|t| s.tags.iter().any(|x| x.eq_ignore_ascii_case(t)))
        })
        .collect();
    if args.json {
        let views: Vec<_> = stories.iter().map(render::StoryJson::from).collect();
        out::json(&views)?;
    } else if stories.is_empty() {
        out::note("no stories match; `storybank list` with no filter shows them all");
    } else {
        out::print(&render::story_table(&stories, &cat));
    }
    Ok(ExitCode::SUCCESS)
}
