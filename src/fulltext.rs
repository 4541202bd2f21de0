//! The tantivy index: schema, analyzer registration, atomic generational builds,
//! and opening a fresh index (rebuilding when the stories changed).
//!
//! `index/CURRENT` names the live generation directory (`gen-000042`). A build
//! writes `gen-N.tmp`, renames it to `gen-N`, then swaps CURRENT by rename, so a
//! reader sees the old index or the new one, and a killed build leaves only a
//! `.tmp` directory that the next build removes. `index/.lock` serializes builds.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, STORED,
};
use tantivy::tokenizer::{LowerCaser, RawTokenizer, TextAnalyzer};
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument};

use crate::analyze::{self, ANALYZER};
use crate::lexicon::{Concept, Lexicon};
use crate::metrics::Kind;
use crate::principles::Catalogue;
use crate::profile::{self, Profile};
use crate::store;
use crate::story::Story;

/// Bump when the schema or what is derived at build time changes.
const SCHEMA_VERSION: u32 = 1;
const RAW: &str = "raw_lower";
const META: &str = "storybank.json";
/// The analyzed vocabulary the generation was built with.
const LEXICON: &str = "lexicon.json";
/// Its catalogue and concepts alone, for commands that need no more (search).
const CATALOGUE: &str = "catalogue.json";
const CONCEPTS: &str = "concepts.json";

#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub title: Field,
    pub principles: Field,
    pub tags: Field,
    pub questions: Field,
    pub situation: Field,
    pub task: Field,
    pub action: Field,
    pub result: Field,
    pub notes: Field,
    pub all: Field,
    pub principle_code: Field,
    pub inferred_code: Field,
    pub tag: Field,
    pub data: Field,
    /// One f64 field per metric kind, every part (`Kind::ALL` order).
    pub metric: [Field; 6],
    /// The same for metrics in the Result part only: the story's headline numbers.
    pub headline: [Field; 6],
}

impl Fields {
    /// The text fields people search, with their names for `field:word` syntax.
    pub fn text_fields(&self) -> [(Field, &'static str); 10] {
        [
            (self.id, "id"),
            (self.title, "title"),
            (self.principles, "principles"),
            (self.tags, "tags"),
            (self.questions, "questions"),
            (self.situation, "situation"),
            (self.task, "task"),
            (self.action, "action"),
            (self.result, "result"),
            (self.notes, "notes"),
        ]
    }
    pub fn metric_field(&self, kind: Kind, headline_only: bool) -> Field {
        let i = Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        if headline_only {
            self.headline[i]
        } else {
            self.metric[i]
        }
    }
}

pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let raw = |stored: bool| {
        let o = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(RAW)
                .set_index_option(IndexRecordOption::Basic),
        );
        if stored {
            o.set_stored()
        } else {
            o
        }
    };
    let all = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let num = NumericOptions::default().set_indexed().set_fast();
    let id = b.add_text_field("id", raw(true));
    let title = b.add_text_field("title", text.clone());
    let principles = b.add_text_field("principles", text.clone());
    let tags = b.add_text_field("tags", text.clone());
    let questions = b.add_text_field("questions", text.clone());
    let situation = b.add_text_field("situation", text.clone());
    let task = b.add_text_field("task", text.clone());
    let action = b.add_text_field("action", text.clone());
    let result = b.add_text_field("result", text.clone());
    let notes = b.add_text_field("notes", text);
    let all = b.add_text_field("all", all);
    let principle_code = b.add_text_field("principle_code", raw(false));
    let inferred_code = b.add_text_field("inferred_code", raw(false));
    let tag = b.add_text_field("tag", raw(false));
    let data = b.add_text_field("data", STORED);
    let metric = Kind::ALL.map(|k| b.add_f64_field(&format!("m_{}", k.name()), num.clone()));
    let headline = Kind::ALL.map(|k| b.add_f64_field(&format!("h_{}", k.name()), num.clone()));
    let fields = Fields {
        id,
        title,
        principles,
        tags,
        questions,
        situation,
        task,
        action,
        result,
        notes,
        all,
        principle_code,
        inferred_code,
        tag,
        data,
        metric,
        headline,
    };
    (b.build(), fields)
}

/// Analyzers are not saved in an index: register ours on every open.
fn register(index: &Index) {
    index.tokenizers().register(ANALYZER, analyze::analyzer());
    index.tokenizers().register(
        RAW,
        TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .build(),
    );
}

/// What the build derived for a story, stored beside it for ranking and display.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Stored {
    pub profile: Profile,
}

#[derive(Debug, Serialize, Deserialize)]
struct Meta {
    schema: u32,
    signature: String,
    stories: usize,
}

/// A freshly opened index.
pub struct Opened {
    pub searcher: Searcher,
    /// The generation directory, where the build left its analyzed vocabulary.
    gen: PathBuf,
    data: PathBuf,
    lexicon: OnceLock<Lexicon>,
    catalogue: OnceLock<Catalogue>,
    concepts: OnceLock<Vec<Concept>>,
    pub fields: Fields,
    pub index: Index,
    _reader: IndexReader,
    /// Stories indexed, when this open had to (re)build first.
    pub rebuilt: Option<usize>,
}

/// What identifies the data an index was built from: every stories file's name,
/// size and mtime, the vocabulary overrides, and the built-in defaults.
pub fn signature(data: &Path) -> Result<String> {
    let mut parts = vec![format!("v{SCHEMA_VERSION}/{}", env!("CARGO_PKG_VERSION"))];
    // a new storybank binary may derive metrics or cues differently: rebuild
    if let Ok(exe) = std::env::current_exe() {
        parts.push(stamp(&exe));
    }
    let mut files = store::story_files(data)?;
    files.push(data.join(crate::principles::FILE));
    files.push(data.join(crate::lexicon::CONCEPTS_FILE));
    files.push(data.join(crate::questions::FILE));
    for f in files {
        parts.push(stamp(&f));
    }
    parts.push(crate::story::fingerprint(concat!(
        include_str!("../data/principles.yaml"),
        include_str!("../data/concepts.yaml"),
        include_str!("../data/questions.yaml")
    )));
    Ok(parts.join("\n"))
}

/// `path=size:mtime_ns`, or `path=-` when it does not exist.
fn stamp(path: &Path) -> String {
    let s = match fs::metadata(path) {
        Ok(m) => {
            let mtime = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            format!("{}:{mtime}", m.len())
        }
        Err(_) => "-".to_string(),
    };
    format!("{}={s}", path.display())
}

fn current_gen(index_dir: &Path) -> Option<PathBuf> {
    let name = fs::read_to_string(index_dir.join("CURRENT")).ok()?;
    let name = name.trim();
    if name.is_empty() || name.contains('/') {
        return None;
    }
    Some(index_dir.join(name))
}

fn read_meta(gen: &Path) -> Option<Meta> {
    serde_json::from_str(&fs::read_to_string(gen.join(META)).ok()?).ok()
}

fn is_fresh(index_dir: &Path, sig: &str) -> bool {
    current_gen(index_dir)
        .and_then(|g| read_meta(&g))
        .is_some_and(|m| m.schema == SCHEMA_VERSION && m.signature == sig)
}

/// Holds `index/.lock` until dropped; waits (saying so) when another build runs.
struct BuildLock {
    _file: fs::File,
}

impl BuildLock {
    fn take(index_dir: &Path) -> Result<BuildLock> {
        fs::create_dir_all(index_dir)
            .with_context(|| format!("cannot create index directory {}", index_dir.display()))?;
        let path = index_dir.join(".lock");
        let f = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("cannot open {}", path.display()))?;
        match f.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                eprintln!("storybank: another index build is running; waiting for it to finish");
                f.lock()
                    .with_context(|| format!("cannot lock {}", path.display()))?;
            }
            Err(fs::TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("cannot lock {}", path.display()))
            }
        }
        Ok(BuildLock { _file: f })
    }
}

/// Builds a new generation from `data` and makes it current. Returns the story count.
pub fn build(index_dir: &Path, data: &Path, lex: &Lexicon, progress: bool) -> Result<usize> {
    let _lock = BuildLock::take(index_dir)?;
    build_locked(index_dir, data, lex, progress)
}

fn build_locked(index_dir: &Path, data: &Path, lex: &Lexicon, progress: bool) -> Result<usize> {
    let sig = signature(data)?;
    let stories: Vec<Story> = store::load(data)?.into_iter().map(|l| l.story).collect();
    // A failed or killed build leaves gen-N.tmp behind; clear them first.
    let mut last = 0u64;
    for entry in fs::read_dir(index_dir)?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("gen-") && name.ends_with(".tmp") {
            let _ = fs::remove_dir_all(entry.path());
        } else if let Some(n) = name
            .strip_prefix("gen-")
            .and_then(|n| n.parse::<u64>().ok())
        {
            last = last.max(n);
        }
    }
    let gen_name = format!("gen-{:06}", last + 1);
    let tmp = index_dir.join(format!("{gen_name}.tmp"));
    fs::create_dir_all(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
    let (schema, f) = schema();
    let index = Index::create_in_dir(&tmp, schema).context("cannot create the index")?;
    register(&index);
    let threads = if stories.len() > 5_000 { 2 } else { 1 };
    let mut writer: tantivy::IndexWriter = index
        .writer_with_num_threads(threads, threads * 120_000_000)
        .context("cannot start the index writer")?;
    let bar = progress_bar(progress && stories.len() > 2_000, stories.len());
    let mut an = analyze::analyzer();
    for s in &stories {
        writer.add_document(document(s, &f, lex, &mut an))?;
        bar.inc(1);
    }
    bar.finish_and_clear();
    writer.commit().context("cannot commit the index")?;
    writer
        .wait_merging_threads()
        .context("cannot finish the index")?;
    if let Some(ms) = std::env::var("STORYBANK_TEST_BUILD_DELAY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        // test seam: hold a build open so a test can kill it mid-way
        std::thread::sleep(Duration::from_millis(ms));
    }
    let meta = Meta {
        schema: SCHEMA_VERSION,
        signature: sig,
        stories: stories.len(),
    };
    fs::write(tmp.join(META), serde_json::to_vec(&meta)?)?;
    fs::write(tmp.join(LEXICON), serde_json::to_vec(lex)?)?;
    fs::write(tmp.join(CATALOGUE), serde_json::to_vec(&lex.catalogue)?)?;
    fs::write(tmp.join(CONCEPTS), serde_json::to_vec(&lex.concepts)?)?;
    let live = index_dir.join(&gen_name);
    fs::rename(&tmp, &live).with_context(|| format!("cannot publish {}", live.display()))?;
    let cur_tmp = index_dir.join("CURRENT.tmp");
    {
        let mut c = fs::File::create(&cur_tmp)?;
        c.write_all(gen_name.as_bytes())?;
        c.sync_all()?;
    }
    fs::rename(&cur_tmp, index_dir.join("CURRENT"))?;
    if let Ok(dir) = fs::File::open(index_dir) {
        let _ = dir.sync_all();
    }
    for entry in fs::read_dir(index_dir)?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("gen-") && name != gen_name {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
    Ok(stories.len())
}

fn progress_bar(show: bool, len: usize) -> indicatif::ProgressBar {
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("indexing {bar:40} {pos}/{len} stories {eta}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

fn document(s: &Story, f: &Fields, lex: &Lexicon, an: &mut TextAnalyzer) -> TantivyDocument {
    let mut d = TantivyDocument::default();
    d.add_text(f.id, &s.id);
    d.add_text(f.title, &s.title);
    for p in &s.principles {
        d.add_text(f.principles, p);
        if let Some(i) = lex.catalogue.resolve(p) {
            d.add_text(f.principle_code, &lex.catalogue.get(i).code);
        }
    }
    for t in &s.tags {
        d.add_text(f.tags, t);
        d.add_text(f.tag, t);
    }
    let parts = [
        (f.questions, s.questions.join("\n")),
        (f.situation, s.situation.clone()),
        (f.task, s.task.clone()),
        (f.action, s.part_text(crate::story::Part::Action)),
        (f.result, s.part_text(crate::story::Part::Result)),
        (f.notes, s.notes_text()),
    ];
    for (field, text) in &parts {
        if !text.is_empty() {
            d.add_text(*field, text);
        }
    }
    d.add_text(f.all, s.full_text());
    d.add_text(f.all, s.tags.join(" "));
    d.add_text(f.all, s.questions.join("\n"));
    let profile = profile::profile(s, lex, an);
    for i in profile::inferred(&profile.cues) {
        d.add_text(f.inferred_code, &lex.catalogue.get(i).code);
    }
    for m in &profile.metrics {
        d.add_f64(f.metric_field(m.kind, false), m.value);
        if m.part == "result" {
            d.add_f64(f.metric_field(m.kind, true), m.value);
        }
    }
    let stored = Stored { profile };
    d.add_text(f.data, serde_json::to_string(&stored).unwrap_or_default());
    d
}

impl Opened {
    /// The vocabulary the index was built with, read back rather than analyzed
    /// again (each part is read on first use, so a search never parses cues).
    pub fn lexicon(&self) -> Result<&Lexicon> {
        cached(&self.lexicon, &self.gen.join(LEXICON), || {
            Lexicon::load(&self.data)
        })
    }

    pub fn catalogue(&self) -> Result<&Catalogue> {
        cached(&self.catalogue, &self.gen.join(CATALOGUE), || {
            Ok(self.lexicon()?.catalogue.clone())
        })
    }

    pub fn concepts(&self) -> Result<&[Concept]> {
        cached(&self.concepts, &self.gen.join(CONCEPTS), || {
            Ok(self.lexicon()?.concepts.clone())
        })
        .map(Vec::as_slice)
    }
}

/// The cell's value, else the JSON file's, else `fallback()`'s; kept in the cell.
fn cached<'a, T: serde::de::DeserializeOwned>(
    cell: &'a OnceLock<T>,
    path: &Path,
    fallback: impl FnOnce() -> Result<T>,
) -> Result<&'a T> {
    if let Some(v) = cell.get() {
        return Ok(v);
    }
    let v = match read_json(path) {
        Some(v) => v,
        None => fallback()?,
    };
    Ok(cell.get_or_init(|| v))
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Option<T> {
    serde_json::from_slice(&fs::read(path).ok()?).ok()
}

/// Opens the current index, building or rebuilding it first when the stories
/// or the vocabulary changed since it was built (or there is none yet).
pub fn open_fresh(index_dir: &Path, data: &Path, progress: bool) -> Result<Opened> {
    let sig = signature(data)?;
    let mut rebuilt = None;
    if !is_fresh(index_dir, &sig) {
        let _lock = BuildLock::take(index_dir)?;
        // another process may have built it while we waited
        if !is_fresh(index_dir, &signature(data)?) {
            let lex = Lexicon::load(data)?;
            rebuilt = Some(build_locked(index_dir, data, &lex, progress)?);
        }
    }
    // A concurrent build may delete the generation we just named; read again once.
    let mut last_err = None;
    for _ in 0..3 {
        match open_current(index_dir) {
            Ok((gen, index, reader, searcher)) => {
                let (_, fields) = schema();
                return Ok(Opened {
                    searcher,
                    gen,
                    data: data.to_path_buf(),
                    lexicon: OnceLock::new(),
                    catalogue: OnceLock::new(),
                    concepts: OnceLock::new(),
                    fields,
                    index,
                    _reader: reader,
                    rebuilt,
                });
            }
            Err(e) => {
                last_err = Some(e);
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
    Err(last_err.unwrap_or_else(|| anyhow::anyhow!("cannot open the index"))).with_context(|| {
        format!(
            "cannot open the index in {}; `storybank index` rebuilds it",
            index_dir.display()
        )
    })
}

fn open_current(index_dir: &Path) -> Result<(PathBuf, Index, IndexReader, Searcher)> {
    let Some(gen) = current_gen(index_dir) else {
        bail!("no index in {}", index_dir.display());
    };
    let index = Index::open_in_dir(&gen)?;
    register(&index);
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    let searcher = reader.searcher();
    Ok((gen, index, reader, searcher))
}

/// The stored text of `field` in a document ("" when absent).
pub fn text(doc: &TantivyDocument, field: Field) -> String {
    use tantivy::schema::Value;
    doc.get_first(field)
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Every stored text value of `field`.
pub fn texts(doc: &TantivyDocument, field: Field) -> Vec<String> {
    use tantivy::schema::Value;
    doc.get_all(field)
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

/// The build-time data stored with a document.
pub fn stored(doc: &TantivyDocument, f: &Fields) -> Stored {
    serde_json::from_str(&text(doc, f.data)).unwrap_or(Stored {
        profile: Profile::default(),
    })
}

/// Time a closure, for `--verbose` style reports and the benchmark.
pub fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let t = Instant::now();
    let v = f();
    (v, t.elapsed())
}
