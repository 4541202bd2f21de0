//! `storybank import`: Markdown banks in, YAML stories out, nothing half-written.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::cli::ImportArgs;
use crate::config::Config;
use crate::markdown;
use crate::out;
use crate::principles::Catalogue;
use crate::repair;
use crate::store;

pub fn run(config: &Config, args: &ImportArgs) -> Result<ExitCode> {
    let cat = Catalogue::load(&config.data)?;
    // Everything is read and checked before anything is written.
    let mut banks = Vec::new();
    for path in &args.files {
        banks.push(read_bank(path, &cat, config.progress)?);
    }
    store::load(&config.data)
        .context("the data directory has problems; fix them before importing")?;
    let mut any_change = false;
    for (path, parsed) in banks {
        for w in &parsed.warnings {
            out::note(&format!("warning: {w}"));
        }
        let source = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bank = markdown::slug(
            &path
                .file_stem()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        );
        let stories: Vec<_> = parsed.stories.into_iter().map(|f| f.story).collect();
        let plan = store::plan_import(&config.data, &source, &bank, &stories, args.force)?;
        if !args.dry_run {
            for (file, text) in &plan.writes {
                store::atomic_write(file, text.as_bytes())?;
            }
        }
        any_change |= !plan.writes.is_empty();
        let verb = if args.dry_run {
            "would import"
        } else {
            "imported"
        };
        out::print(&format!(
            "{verb} {}: {} {} ({} added, {} updated, {} unchanged, {} kept)",
            path.display(),
            stories.len(),
            if stories.len() == 1 {
                "story"
            } else {
                "stories"
            },
            plan.added.len(),
            plan.updated.len(),
            plan.unchanged.len(),
            plan.kept.len()
        ));
        for (label, ids) in [("added", &plan.added), ("updated", &plan.updated)] {
            if args.dry_run && !ids.is_empty() {
                out::print(&format!("  {label}: {}", ids.join(", ")));
            }
        }
        if !plan.kept.is_empty() {
            out::print(&format!(
                "  kept (edited by hand since import; --force to overwrite): {}",
                plan.kept.join(", ")
            ));
        }
        for (file, _) in &plan.writes {
            let verb = if args.dry_run { "would write" } else { "wrote" };
            out::print(&format!("  {verb} {}", file.display()));
        }
    }
    if !any_change && !args.dry_run {
        out::print("no change");
    }
    Ok(ExitCode::SUCCESS)
}

fn read_bank(
    path: &Path,
    cat: &Catalogue,
    progress: bool,
) -> Result<(std::path::PathBuf, markdown::Parsed)> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    // a spinner for big banks on a terminal; nothing when stderr is not one
    let spinner = if progress && bytes.len() > 1_000_000 {
        let s = indicatif::ProgressBar::new_spinner();
        s.set_message(format!("reading {}", path.display()));
        s.enable_steady_tick(std::time::Duration::from_millis(120));
        s
    } else {
        indicatif::ProgressBar::hidden()
    };
    let text = repair::decode(&bytes).map_err(|_| {
        anyhow::anyhow!("{}: binary file, not a Markdown story bank", path.display())
    })?;
    let (text, _) = repair::repair(&text);
    let parsed = markdown::parse(&text, &path.display().to_string(), cat)?;
    spinner.finish_and_clear();
    Ok((path.to_path_buf(), parsed))
}
