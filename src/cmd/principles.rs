//! `storybank principles`: the catalogue.

use std::process::ExitCode;

use anyhow::Result;
use serde_json::json;

use crate::config::Config;
use crate::out;
use crate::principles::Catalogue;
use crate::render;

pub fn run(config: &Config, as_json: bool) -> Result<ExitCode> {
    let cat = Catalogue::load(&config.data)?;
    if as_json {
        let list: Vec<_> = cat
            .principles
            .iter()
            .map(|p| json!({"name": p.name, "code": p.code, "aliases": p.aliases, "description": p.description}))
            .collect();
        out::json(&list)?;
    } else {
        out::print(&render::principles_table(&cat));
    }
    Ok(ExitCode::SUCCESS)
}
