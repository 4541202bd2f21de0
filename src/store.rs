//! The data directory: stories files under `data/stories/`, vocabulary overrides,
//! and atomic writes.
//!
//! Layout: one YAML file per imported bank (`stories/<bank>.yaml`), one document
//! per story. A person edits one familiar file per bank; storybank stats a handful
//! of files, not one per story, to tell whether the index is fresh.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::de::DeserializeOwned;

use crate::story::{is_blank, parse_doc, split_docs, validate_id, Doc, Story};

pub const STORIES: &str = "stories";

/// A story as loaded, with where it lives.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub story: Story,
    pub path: PathBuf,
    pub line: usize,
}

/// Everything found in `data/stories/`, with the problems `check` reports.
#[derive(Debug, Default)]
pub struct Scan {
    pub stories: Vec<Loaded>,
    /// `path:line:col: message` lines.
    pub errors: Vec<String>,
}

pub fn stories_dir(data: &Path) -> PathBuf {
    data.join(STORIES)
}

/// The stories files, sorted by name. A missing directory is an empty bank.
pub fn story_files(data: &Path) -> Result<Vec<PathBuf>> {
    let dir = stories_dir(data);
    let entries = match fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", dir.display())),
    };
    let mut files = Vec::new();
    for entry in entries {
        let path = entry
            .with_context(|| format!("cannot read {}", dir.display()))?
            .path();
        let is_yaml = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml") | Some("yml")
        );
        if is_yaml && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Reads every story, collecting every problem instead of stopping at the first.
pub fn scan(data: &Path) -> Result<Scan> {
    let mut scan = Scan::default();
    let mut seen: HashMap<String, (PathBuf, usize)> = HashMap::new();
    for path in story_files(data)? {
        let text = match fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                scan.errors
                    .push(format!("{}: cannot read: {e}", path.display()));
                continue;
            }
        };
        for doc in split_docs(&text) {
            if is_blank(&doc) {
                continue;
            }
            match parse_doc(&doc) {
                Err((line, col, msg)) => scan
                    .errors
                    .push(format!("{}:{line}:{col}: {msg}", path.display())),
                Ok(story) => {
                    if let Err(e) = validate_id(&story.id) {
                        scan.errors
                            .push(format!("{}:{}: {e}", path.display(), doc.line));
                        continue;
                    }
                    let key = story.id.to_lowercase();
                    if let Some((p, l)) = seen.get(&key) {
                        scan.errors.push(format!(
                            "{}:{}: duplicate id {} (also at {}:{})",
                            path.display(),
                            doc.line,
                            story.id,
                            p.display(),
                            l
                        ));
                        continue;
                    }
                    seen.insert(key, (path.clone(), doc.line));
                    scan.stories.push(Loaded {
                        story,
                        path: path.clone(),
                        line: doc.line,
                    });
                }
            }
        }
    }
    Ok(scan)
}

/// Reads every story; any problem is an error that says how to find the rest.
pub fn load(data: &Path) -> Result<Vec<Loaded>> {
    let scan = scan(data)?;
    if let Some(first) = scan.errors.first() {
        let more = scan.errors.len() - 1;
        if more > 0 {
            bail!("{first} (and {more} more; run `storybank check`)");
        }
        bail!("{first}");
    }
    Ok(scan.stories)
}

/// The story with `id`, in any case.
pub fn find<'a>(stories: &'a [Loaded], id: &str) -> Result<&'a Loaded> {
    validate_id(id)?;
    stories
        .iter()
        .find(|l| l.story.id.eq_ignore_ascii_case(id))
        .with_context(|| format!("no story with id {id:?}; `storybank list` shows the ids"))
}

/// One story by id (any case), or every story when `id` is `None`.
pub fn select(data: &Path, id: Option<&str>) -> Result<Vec<Story>> {
    let loaded = load(data)?;
    Ok(match id {
        Some(id) => vec![find(&loaded, id)?.story.clone()],
        None => loaded.into_iter().map(|l| l.story).collect(),
    })
}

/// Writes `bytes` to `path` through a temporary file and a rename, so a reader
/// sees the old file or the new one, never half of one.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp.{}", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("cannot write {}", path.display()));
    }
    Ok(())
}

/// A vocabulary file: the data directory's own when present, else the built-in text.
pub fn read_vocabulary<T: DeserializeOwned>(data: &Path, file: &str, builtin: &str) -> Result<T> {
    let path = data.join(file);
    match fs::read_to_string(&path) {
        Ok(text) => serde_norway::from_str(&text).map_err(|e| {
            let (l, c) = e
                .location()
                .map(|loc| (loc.line(), loc.column()))
                .unwrap_or((1, 1));
            anyhow::anyhow!("{}:{l}:{c}: {e}", path.display())
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            serde_norway::from_str(builtin).with_context(|| format!("built-in {file}"))
        }
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// What an import would do, file by file.
#[derive(Debug, Default)]
pub struct ImportPlan {
    /// Whole new contents of each file that changes.
    pub writes: Vec<(PathBuf, String)>,
    pub added: Vec<String>,
    pub updated: Vec<String>,
    pub unchanged: Vec<String>,
    /// Stories edited by hand since their import, left as they are.
    pub kept: Vec<String>,
}

/// Plans the import of `incoming` stories (from the bank named `source`).
/// A story already in the data directory is updated where it lives; a new one
/// goes to `stories/<bank>.yaml`. Hand-edited stories are kept unless `force`.
pub fn plan_import(
    data: &Path,
    source: &str,
    bank: &str,
    incoming: &[Story],
    force: bool,
) -> Result<ImportPlan> {
    let mut files: Vec<(PathBuf, Vec<Doc>)> = Vec::new();
    let mut where_: HashMap<String, (usize, usize)> = HashMap::new();
    for path in story_files(data)? {
        let text =
            fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let docs = split_docs(&text);
        for (d, doc) in docs.iter().enumerate() {
            if is_blank(doc) {
                continue;
            }
            if let Ok(story) = parse_doc(doc) {
                where_.insert(story.id.to_lowercase(), (files.len(), d));
            }
        }
        files.push((path, docs));
    }
    let bank_path = stories_dir(data).join(format!("{bank}.yaml"));
    let mut plan = ImportPlan::default();
    let mut changed = vec![false; files.len()];
    for story in incoming {
        let doc = crate::story::imported_doc(story, source);
        match where_.get(&story.id.to_lowercase()) {
            Some(&(f, d)) => {
                let current = &files[f].1[d];
                if parse_doc(current).ok().as_ref() == Some(story) {
                    plan.unchanged.push(story.id.clone());
                } else if current.is_pristine() || force {
                    files[f].1[d] = doc;
                    changed[f] = true;
                    plan.updated.push(story.id.clone());
                } else {
                    plan.kept.push(story.id.clone());
                }
            }
            None => {
                let f = match files.iter().position(|(p, _)| *p == bank_path) {
                    Some(f) => f,
                    None => {
                        let preamble = Doc {
                            line: 1,
                            header: None,
                            body: format!(
                                "# Stories imported by storybank from {source}.\n# One YAML document per story. Edit freely: storybank never overwrites\n# a story you changed (unless you import with --force).\n"
                            ),
                        };
                        files.push((bank_path.clone(), vec![preamble]));
                        changed.push(false);
                        files.len() - 1
                    }
                };
                where_.insert(story.id.to_lowercase(), (f, files[f].1.len()));
                files[f].1.push(doc);
                changed[f] = true;
                plan.added.push(story.id.clone());
            }
        }
    }
    for (f, (path, docs)) in files.into_iter().enumerate() {
        if changed[f] {
            let text: String = docs.iter().map(Doc::render).collect();
            plan.writes.push((path, text));
        }
    }
    Ok(plan)
}
