//! `storybank show ID`: one story laid out for reading.

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::ShowArgs;
use crate::config::Config;
use crate::out;
use crate::render;
use crate::store;

pub fn run(config: &Config, args: &ShowArgs) -> Result<ExitCode> {
    let stories = store::load(&config.data)?;
    let found = store::find(&stories, &args.id)?;
    if args.json {
        out::json(&render::StoryJson::from(&found.story))?;
    } else {
        out::print(&render::story_text(&found.story, config.color));
    }
    Ok(ExitCode::SUCCESS)
}
