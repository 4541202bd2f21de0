//! `storybank show ID`: one story laid out for reading.

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::ShowArgs;
use crate::config::Config;
use crate::out;
use crate::profile;
use crate::render;
use crate::store;

pub fn run(config: &Config, args: &ShowArgs) -> Result<ExitCode> {
    let stories = store::load(&config.data)?;
    let found = store::find(&stories, &args.id)?;
    let metrics = profile::story_metrics(&found.story);
    if args.json {
        let mut v = serde_json::to_value(render::StoryJson::from(&found.story))?;
        v["metrics"] = serde_json::to_value(&metrics)?;
        out::json(&v)?;
    } else {
        out::print(&render::story_text(&found.story, config.color));
        if !metrics.is_empty() {
            out::print(&format!("\n{}", render::metric_lines(&metrics)));
        }
    }
    Ok(ExitCode::SUCCESS)
}
