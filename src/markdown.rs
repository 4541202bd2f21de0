//! The STAR Markdown importer: finds stories in the many ways people write a bank.
//!
//! A heading is a story when STAR part labels follow it directly (bold, plain,
//! one-letter or heading labels). Everything else is framing: section headings may
//! declare principles for the stories under them; frameworks, tips and fenced
//! blocks outside stories are not stories.

use std::collections::HashSet;
use std::sync::OnceLock;

use anyhow::{bail, Result};
use regex::Regex;

use crate::principles::Catalogue;
use crate::story::{validate_id, Item, Note, Part, Story};

/// A story found in the file.
#[derive(Debug, Clone)]
pub struct Found {
    pub story: Story,
}

#[derive(Debug, Default)]
pub struct Parsed {
    pub stories: Vec<Found>,
    /// `FILE:LINE: message` lines.
    pub warnings: Vec<String>,
}

/// What a label line or heading starts.
#[derive(Debug, Clone, PartialEq)]
enum Label {
    Part(Part),
    SituationTask,
    Question,
    Tags,
    BestFor,
    Principles,
    Note(String),
}

#[derive(Debug, Clone)]
enum Line {
    Heading { level: usize, text: String },
    Code(String),
    Fence,
    Rule,
    Blank,
    Text(String),
}

/// Where text goes while reading a story.
#[derive(Debug, Clone, PartialEq)]
enum Slot {
    None,
    Part(Part),
    SituationTask,
    Questions,
    Tags,
    Principles,
    Note(usize),
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("static regex"))
}

fn heading_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"^(#{1,6})\s+(.*?)\s*#*\s*$")
}

fn list_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"^(\s*)(?:\d{1,3}[.)]|[-*+•])\s+(.*)$")
}

fn bold_label_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"^(?:\*\*|__)([^*_]{1,60}?)(?:\*\*|__)\s*(.*)$")
}

fn plain_label_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"^([A-Za-z][A-Za-z &/\-]{0,30}?)\s*:\s*(.*)$")
}

fn story_prefix_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)^(?:story|example|case|star)\s*#?\s*\d+\s*[:.)\-—–]\s*",
    )
}

/// Parses `text` (already decoded and repaired); `file` names it in messages.
pub fn parse(text: &str, file: &str, cat: &Catalogue) -> Result<Parsed> {
    let lines = classify(text);
    let mut parsed = Parsed::default();
    let mut section: Vec<(usize, Vec<String>)> = Vec::new();
    let mut used_ids: HashSet<String> = HashSet::new();
    let mut i = 0;
    while i < lines.len() {
        let (level, heading) = match &lines[i] {
            Line::Heading { level, text } if heading_label(text).is_none() => {
                (*level, text.clone())
            }
            _ => {
                i += 1;
                continue;
            }
        };
        if !starts_story(&lines, i) || is_framing(&heading) {
            section.retain(|(l, _)| *l < level);
            let names = cat
                .find_in(&strip_inline(&heading))
                .into_iter()
                .map(|p| cat.get(p).name.clone())
                .collect();
            section.push((level, names));
            i += 1;
            continue;
        }
        let end = story_end(&lines, i, level);
        let mut story = read_story(&lines[i + 1..end]);
        let line = i + 1;
        let (id, title) = split_heading(&heading);
        if let Some(id) = &id {
            validate_id(id).map_err(|e| anyhow::anyhow!("{file}:{line}: {e}"))?;
        }
        let (title, mut declared) = principle_affixes(&title, cat);
        for (_, names) in &section {
            declared.extend(names.iter().cloned());
        }
        declared.extend(std::mem::take(&mut story.principles));
        story.principles = normalize_principles(declared, cat, file, line, &mut parsed.warnings);
        story.title = title;
        let base = id.unwrap_or_else(|| slug(&story.title));
        story.id = unique_id(&base, &mut used_ids, file, line, &mut parsed.warnings);
        for part in story.missing_parts() {
            parsed.warnings.push(format!(
                "{file}:{line}: {} has no {}",
                story.id,
                part.name().to_uppercase()
            ));
        }
        parsed.stories.push(Found { story });
        i = end;
    }
    if parsed.stories.is_empty() {
        bail!(
            "{file}: no story found (a story is a heading such as `### Q1: Title` followed by SITUATION, TASK, ACTION and RESULT parts)"
        );
    }
    Ok(parsed)
}

fn classify(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut in_fence = false;
    for raw in text.lines() {
        let trimmed = raw.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            out.push(Line::Fence);
        } else if in_fence {
            out.push(Line::Code(raw.to_string()));
        } else if trimmed.is_empty() {
            out.push(Line::Blank);
        } else if let Some(c) = heading_re().captures(trimmed) {
            out.push(Line::Heading {
                level: c[1].len(),
                text: c[2].to_string(),
            });
        } else if is_rule(trimmed) {
            out.push(Line::Rule);
        } else {
            let unquoted = raw.trim_start().strip_prefix('>').map(str::trim_start);
            out.push(Line::Text(unquoted.unwrap_or(raw).trim_end().to_string()));
        }
    }
    out
}

fn is_rule(t: &str) -> bool {
    let s: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    s.len() >= 3
        && (s.chars().all(|c| c == '-')
            || s.chars().all(|c| c == '*')
            || s.chars().all(|c| c == '_'))
}

/// True when STAR labels follow heading `at` before the next non-part heading.
fn starts_story(lines: &[Line], at: usize) -> bool {
    for line in &lines[at + 1..] {
        match line {
            Line::Heading { text, .. } => match heading_label(text) {
                Some(l) if is_star(&l) => return true,
                Some(_) => {}
                None => return false,
            },
            Line::Text(t) => {
                let label = if list_re().is_match(t) {
                    item_label(t)
                } else {
                    line_label(t)
                };
                if label.is_some_and(|(l, _)| is_star(&l)) {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

fn is_star(l: &Label) -> bool {
    matches!(l, Label::Part(_) | Label::SituationTask)
}

/// The story under heading `at` ends at the next heading of its level or above,
/// or at a deeper heading that is itself a story.
fn story_end(lines: &[Line], at: usize, level: usize) -> usize {
    for (j, line) in lines.iter().enumerate().skip(at + 1) {
        if let Line::Heading { level: l, text } = line {
            if heading_label(text).is_some() {
                continue;
            }
            if *l <= level || starts_story(lines, j) {
                return j;
            }
        }
    }
    lines.len()
}

/// Headings that frame a bank rather than tell a story.
fn is_framing(heading: &str) -> bool {
    let h = strip_inline(heading).to_lowercase();
    let (id, _) = split_heading(heading);
    id.is_none()
        && [
            "framework",
            "template",
            "tips",
            "format",
            "how to use",
            "cheat sheet",
        ]
        .iter()
        .any(|w| {
            h.split(|c: char| !c.is_alphanumeric() && c != ' ')
                .any(|part| part.contains(w))
        })
}

fn read_story(lines: &[Line]) -> Story {
    let mut s = Story::default();
    let mut slot = Slot::None;
    let mut item_indent: Option<usize> = None;
    for line in lines {
        let text = match line {
            Line::Heading { text, .. } => {
                slot = match heading_label_rest(text) {
                    Some((l, rest)) => enter(&mut s, l, &rest),
                    None => {
                        s.notes.push(Note {
                            heading: strip_inline(text),
                            text: String::new(),
                        });
                        Slot::Note(s.notes.len() - 1)
                    }
                };
                item_indent = None;
                continue;
            }
            Line::Code(t) => t.clone(),
            Line::Text(t) => t.clone(),
            Line::Blank | Line::Fence | Line::Rule => continue,
        };
        let is_item = list_re().is_match(&text);
        let label = if is_item {
            item_label(&text)
        } else {
            line_label(&text)
        };
        if let Some((label, rest)) = label {
            let in_list = matches!(slot, Slot::Part(Part::Action) | Slot::Part(Part::Result));
            let unknown = matches!(label, Label::Note(_));
            if !(unknown && in_list && !rest.is_empty()) {
                slot = enter(&mut s, label, &rest);
                item_indent = None;
                continue;
            }
        }
        add_text(&mut s, &slot, &text, &mut item_indent);
    }
    for note in &mut s.notes {
        note.text = note.text.trim().to_string();
    }
    s.situation = s.situation.trim().to_string();
    s.task = s.task.trim().to_string();
    s
}

/// Starts the slot a label opens, taking the text on the label's own line.
fn enter(s: &mut Story, label: Label, rest: &str) -> Slot {
    let slot = match label {
        Label::Part(p) => Slot::Part(p),
        Label::SituationTask => Slot::SituationTask,
        Label::Question => Slot::Questions,
        Label::Tags => Slot::Tags,
        Label::BestFor | Label::Principles => Slot::Principles,
        Label::Note(h) => {
            s.notes.push(Note {
                heading: h,
                text: String::new(),
            });
            Slot::Note(s.notes.len() - 1)
        }
    };
    if !rest.trim().is_empty() {
        let mut none = None;
        add_text(s, &slot, rest, &mut none);
    }
    slot
}

fn add_text(s: &mut Story, slot: &Slot, raw: &str, item_indent: &mut Option<usize>) {
    let list = list_re().captures(raw);
    let indent = raw.len() - raw.trim_start().len();
    let body = match &list {
        Some(c) => c[2].to_string(),
        None => raw.trim().to_string(),
    };
    match slot {
        Slot::None => {}
        Slot::Part(Part::Situation) => append(&mut s.situation, &strip_inline(&body), " "),
        Slot::Part(Part::Task) => append(&mut s.task, &strip_inline(&body), " "),
        Slot::SituationTask => {
            append(&mut s.situation, &strip_inline(&body), " ");
            append(&mut s.task, &strip_inline(&body), " ");
        }
        Slot::Part(p @ (Part::Action | Part::Result)) => {
            let items = if *p == Part::Action {
                &mut s.action
            } else {
                &mut s.result
            };
            let nested = match (&list, *item_indent) {
                (Some(_), Some(base)) => indent > base,
                (None, Some(_)) => indent > 0,
                _ => false,
            };
            if nested && !items.is_empty() {
                let last = items.last_mut().expect("non-empty");
                let sep = if list.is_some() { "; " } else { " " };
                let t = strip_inline(&body);
                match last {
                    Item::Plain(text) | Item::Labelled { text, .. } => append(text, &t, sep),
                }
            } else {
                if list.is_some() {
                    *item_indent = Some(indent);
                }
                items.push(item(&body));
            }
        }
        Slot::Questions => {
            let q = strip_inline(&body);
            let q = q
                .trim_matches(|c| c == '"' || c == '“' || c == '”' || c == '\'')
                .trim();
            if !q.is_empty() {
                s.questions.push(q.to_string());
            }
        }
        Slot::Tags => {
            for t in strip_inline(&body).split([',', ';', '#']) {
                let t = t.trim().trim_matches('`').trim();
                if !t.is_empty() && !s.tags.iter().any(|x| x.eq_ignore_ascii_case(t)) {
                    s.tags.push(t.to_string());
                }
            }
        }
        Slot::Principles => {
            for p in strip_inline(&body).split([',', '/', '|']) {
                let p = p.trim();
                if !p.is_empty() {
                    s.principles.push(p.to_string());
                }
            }
        }
        Slot::Note(n) => {
            let line = match &list {
                Some(_) => format!("{}- {}", " ".repeat(indent), strip_inline(&body)),
                None => strip_inline(&body),
            };
            append(&mut s.notes[*n].text, &line, "\n");
        }
    }
}

fn append(target: &mut String, text: &str, sep: &str) {
    if text.is_empty() {
        return;
    }
    if !target.is_empty() {
        target.push_str(sep);
    }
    target.push_str(text);
}

/// A list item, keeping a bold lead-in (`**Diagnosis:** text`) as its label.
fn item(body: &str) -> Item {
    if let Some(c) = bold_label_re().captures(body.trim()) {
        let inner = c[1].trim();
        let rest = c[2].trim();
        let colon = inner.ends_with(':') || rest.starts_with(':');
        if colon {
            let label = inner.trim_end_matches(':').trim().to_string();
            let text = strip_inline(rest.trim_start_matches(':').trim());
            return Item::Labelled { label, text };
        }
    }
    Item::Plain(strip_inline(body.trim()))
}

/// The label a text line starts with, and the text after it.
fn line_label(text: &str) -> Option<(Label, String)> {
    let t = text.trim();
    if let Some(c) = bold_label_re().captures(t) {
        let inner = c[1].trim();
        let rest = c[2].trim();
        // "**Situation:** text", "**Situation**: text", "**Situation** — text"
        let colon = inner.ends_with(':') || rest.starts_with([':', '—', '–']);
        if colon || rest.is_empty() {
            let name = inner.trim_end_matches(':').trim();
            let rest = rest.trim_start_matches([':', '—', '–']).trim().to_string();
            return match label_of(name) {
                Some(l) => Some((l, rest)),
                None if colon && !name.is_empty() => Some((Label::Note(name.to_string()), rest)),
                None => None,
            };
        }
        return None;
    }
    let c = plain_label_re().captures(t)?;
    let label = label_of(c[1].trim())?;
    Some((label, c[2].trim().to_string()))
}

/// A top-level list item that is a label (`- **Situation:** ...`): only the
/// STAR parts and story metadata, never a bold lead-in like `**Diagnosis:**`.
fn item_label(text: &str) -> Option<(Label, String)> {
    let c = list_re().captures(text)?;
    if !c[1].is_empty() {
        return None;
    }
    line_label(&c[2]).filter(|(l, _)| !matches!(l, Label::Note(_)))
}

/// A heading that is itself a part label (`#### Situation`).
fn heading_label(text: &str) -> Option<Label> {
    heading_label_rest(text).map(|(l, _)| l)
}

/// A part heading and any text on its line (`#### Situation: Our pipeline ...`).
fn heading_label_rest(text: &str) -> Option<(Label, String)> {
    let t = strip_inline(text);
    let t = t.trim().trim_end_matches(':');
    if let Some(l) = label_of(t).filter(|l| !matches!(l, Label::Note(_))) {
        return Some((l, String::new()));
    }
    let (name, rest) = t.split_once(':')?;
    let l = label_of(name).filter(|l| !matches!(l, Label::Note(_)))?;
    Some((l, rest.trim().to_string()))
}

/// Maps a label's words to what it opens; `None` for words that are no label.
fn label_of(name: &str) -> Option<Label> {
    let lower = crate::principles::normalize(name);
    let mut words: Vec<&str> = lower.split(' ').filter(|w| !w.is_empty()).collect();
    // "S - Situation", "S: Situation" -> "situation"
    if words.len() == 2 && words[0].len() == 1 && words[1].starts_with(words[0]) {
        words.remove(0);
    }
    let key = words.join(" ");
    let label = match key.as_str() {
        "s" | "situation" | "context" | "background" | "the situation" => {
            Label::Part(Part::Situation)
        }
        "t" | "task" | "tasks" | "goal" | "objective" | "the task" | "my task" => {
            Label::Part(Part::Task)
        }
        "a" | "action" | "actions" | "what i did" | "actions taken" | "approach" => {
            Label::Part(Part::Action)
        }
        "r" | "result" | "results" | "outcome" | "outcomes" | "the result" => {
            Label::Part(Part::Result)
        }
        "situation and task" | "situation task" | "context and task" | "st" => Label::SituationTask,
        "question"
        | "questions"
        | "q"
        | "prompt"
        | "prompts"
        | "asked as"
        | "interview question"
        | "interview questions"
        | "sample question"
        | "sample questions" => Label::Question,
        "tags" | "tag" | "keywords" | "topics" | "skills" => Label::Tags,
        "best for" | "good for" | "use for" | "use it for" => Label::BestFor,
        "principle"
        | "principles"
        | "lp"
        | "lps"
        | "leadership principle"
        | "leadership principles" => Label::Principles,
        // "Results & Learnings", "Actions taken", "Outcome and impact"
        _ => {
            const EXTRA: &[&str] = &[
                "and",
                "learnings",
                "learning",
                "lessons",
                "learned",
                "impact",
                "taken",
                "i",
                "took",
                "key",
                "my",
            ];
            let (first, rest) = words.split_first()?;
            if rest.is_empty() || !rest.iter().all(|w| EXTRA.contains(w)) {
                return None;
            }
            match *first {
                "situation" | "context" | "background" => Label::Part(Part::Situation),
                "task" | "goal" | "objective" => Label::Part(Part::Task),
                "action" | "actions" => Label::Part(Part::Action),
                "result" | "results" | "outcome" | "outcomes" | "impact" => {
                    Label::Part(Part::Result)
                }
                _ => return None,
            }
        }
    };
    Some(label)
}

/// Splits a story heading into the id as written (if any) and the title.
fn split_heading(heading: &str) -> (Option<String>, String) {
    let t = strip_inline(heading);
    let t = t.trim();
    let end = t
        .find(|c: char| c.is_whitespace() || c == ':')
        .unwrap_or(t.len());
    let token = &t[..end];
    let rest = &t[end..];
    let clean = token.trim_end_matches(['.', ')']);
    let ended = clean.len() < token.len();
    let rest_trim = rest.trim_start();
    let separated = rest.is_empty()
        || rest.starts_with(':')
        || ended
        || rest_trim.starts_with(['-', '—', '–', '|'])
        || short_code(clean);
    if separated && is_id_like(clean) {
        let title = rest_trim
            .trim_start_matches([':', '-', '—', '–', '|'])
            .trim()
            .to_string();
        let title = if title.is_empty() {
            clean.to_string()
        } else {
            title
        };
        return (Some(clean.to_string()), title);
    }
    let title = story_prefix_re().replace(t, "").trim().to_string();
    (None, title)
}

/// A label like "Q91" or "ST12": a few letters then digits, an id even
/// when only a space follows it ("### Q91 Fixed the pipeline").
fn short_code(token: &str) -> bool {
    let letters = token
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    let digits = token
        .chars()
        .skip(letters)
        .take_while(|c| c.is_ascii_digit())
        .count();
    (1..=3).contains(&letters) && digits >= 1 && letters + digits == token.len()
}

fn is_id_like(token: &str) -> bool {
    if token.is_empty() || token.chars().count() > 32 {
        return false;
    }
    let path_like = token.contains('/') || token.contains('\\') || token.contains("..");
    let digit = token.chars().any(|c| c.is_ascii_digit());
    let letter = token.chars().any(|c| c.is_alphabetic());
    path_like || (digit && letter)
}

/// Strips a principle prefix (`Customer Obsession — Title`) or suffix
/// (`Title (Think Big)`), returning the clean title and what they declared.
fn principle_affixes(title: &str, cat: &Catalogue) -> (String, Vec<String>) {
    let names = |s: &str| -> Option<Vec<String>> {
        let whole = cat.resolve(s).map(|i| vec![cat.get(i).name.clone()]);
        whole.or_else(|| {
            let parts: Vec<&str> = s.split(['/', ',', '+']).map(str::trim).collect();
            if parts.len() < 2 {
                return None;
            }
            parts
                .iter()
                .map(|p| cat.resolve(p).map(|i| cat.get(i).name.clone()))
                .collect()
        })
    };
    let mut title = title.trim().to_string();
    let mut declared = Vec::new();
    for sep in [" — ", " – ", " - ", ": ", " | "] {
        if let Some(at) = title.find(sep) {
            if let Some(found) = names(&title[..at]) {
                declared.extend(found);
                title = title[at + sep.len()..].trim().to_string();
                break;
            }
        }
    }
    if title.ends_with(')') {
        if let Some(open) = title.rfind('(') {
            if let Some(found) = names(&title[open + 1..title.len() - 1]) {
                declared.extend(found);
                title = title[..open].trim().to_string();
            }
        }
    }
    (title, declared)
}

fn normalize_principles(
    names: Vec<String>,
    cat: &Catalogue,
    file: &str,
    line: usize,
    warnings: &mut Vec<String>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in names {
        let official = match cat.resolve(&name) {
            Some(i) => cat.get(i).name.clone(),
            None => {
                warnings.push(format!("{file}:{line}: unknown principle {name:?} (kept)"));
                name
            }
        };
        if !out.contains(&official) {
            out.push(official);
        }
    }
    out
}

fn unique_id(
    base: &str,
    used: &mut HashSet<String>,
    file: &str,
    line: usize,
    warnings: &mut Vec<String>,
) -> String {
    let mut id = base.to_string();
    let mut n = 2;
    while used.contains(&id.to_lowercase()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    if id != base {
        warnings.push(format!(
            "{file}:{line}: duplicate id {base}, imported as {id}"
        ));
    }
    used.insert(id.to_lowercase());
    id
}

/// A stable id made from a title: lowercase words joined by '-', at most 48 chars.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for word in crate::principles::normalize(title).split(' ') {
        let word: String = word.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() && out.len() + word.len() + 1 > 48 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word);
    }
    if out.is_empty() {
        out.push_str("story");
    }
    out
}

/// Drops Markdown emphasis and code marks, keeping the words.
fn strip_inline(s: &str) -> String {
    let mut out = s.replace("**", "").replace("__", "").replace('`', "");
    if out.starts_with('*') && out.ends_with('*') && out.len() > 1 {
        out = out[1..out.len() - 1].to_string();
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(md: &str) -> Story {
        let p = parse(md, "t.md", &Catalogue::builtin()).expect("parses");
        assert_eq!(p.stories.len(), 1, "{:?}", p.stories);
        p.stories.into_iter().next().unwrap().story
    }

    const BODY: &str = "\n**SITUATION:** S text.\n\n**TASK:** T text.\n\n**ACTION:**\n1. Did a\n2. Did b\n\n**RESULT:**\n- R one\n";

    #[test]
    fn heading_variants() {
        let cases: &[(&str, &str, &str)] = &[
            ("### Q91: Fixed a pipeline", "Q91", "Fixed a pipeline"),
            ("### Q302 - Title here", "Q302", "Title here"),
            ("### Q303. Title here", "Q303", "Title here"),
            ("### **Q304** — Title here", "Q304", "Title here"),
            ("## Q305: Title here", "Q305", "Title here"),
            ("#### D01 – Dashed", "D01", "Dashed"),
            (
                "### Led the payment migration",
                "led-the-payment-migration",
                "Led the payment migration",
            ),
            (
                "## Story 3: Cut cloud costs",
                "cut-cloud-costs",
                "Cut cloud costs",
            ),
            (
                "### Customer Obsession — Pushed back",
                "pushed-back",
                "Pushed back",
            ),
            (
                "### Q9: Bet on a rewrite (Think Big)",
                "Q9",
                "Bet on a rewrite",
            ),
            (
                "### Q97: Chose speed over perfection — why?",
                "Q97",
                "Chose speed over perfection — why?",
            ),
        ];
        for (heading, id, title) in cases {
            let s = one(&format!("{heading}\n{BODY}"));
            assert_eq!(
                (s.id.as_str(), s.title.as_str()),
                (*id, *title),
                "{heading}"
            );
        }
    }

    #[test]
    fn part_label_variants() {
        let variants = [
            "**SITUATION:** S.\n**TASK:** T.\n**ACTION:**\n1. A\n**RESULT:**\n- R",
            "**Situation:** S.\n**Task:** T.\n**Action:**\n- A\n**Result:**\n- R",
            "Situation: S.\nTask: T.\nAction:\n* A\nResult:\n* R",
            "S: S.\nT: T.\nA: A\nR: R",
            "**S - Situation**\nS.\n**T - Task**\nT.\n**A - Action**\n1. A\n**R - Result**\n1. R",
            "#### Situation\nS.\n#### Task\nT.\n#### Actions\n1. A\n#### Results\n- R",
            "**situation**: S.\n**task**: T.\n**actions**:\n1) A\n**results**:\n1) R",
            "- **Situation:** S.\n- **Task:** T.\n- **Action:**\n  - A\n- **Result:**\n  - R",
            "**Context:** S.\n**Goal:** T.\n**Actions taken:**\n- A\n**Results & Learnings:**\n- R",
            "#### Situation: S.\n#### Task: T.\n#### Action\n- A\n#### Result\n- R",
            "**Situation** — S.\n**Task** — T.\n**Action**\n- A\n**Result**\n- R",
        ];
        for v in variants {
            let s = one(&format!("### Q1: Title\n{v}\n"));
            assert_eq!(s.situation, "S.", "{v}");
            assert_eq!(s.task, "T.", "{v}");
            assert_eq!(s.action, vec![Item::Plain("A".into())], "{v}");
            assert_eq!(s.result, vec![Item::Plain("R".into())], "{v}");
        }
    }

    #[test]
    fn situation_and_task_together() {
        let s = one(
            "### Q1: T\n**Situation & Task:** Both at once.\n**Action:**\n- A\n**Result:**\n- R\n",
        );
        assert_eq!(s.situation, "Both at once.");
        assert_eq!(s.task, "Both at once.");
    }

    #[test]
    fn labelled_and_nested_items() {
        let s = one("### Q1: T\n**S:** s\n**T:** t\n**ACTION:**\n1. **Diagnosis:** Analyzed 2 weeks of logs\n2. **Justification:** \n   - first reason\n   - second reason\n3. plain step\n   continued here\n**RESULT:**\n- Saved $2M\n");
        assert_eq!(
            s.action,
            vec![
                Item::Labelled {
                    label: "Diagnosis".into(),
                    text: "Analyzed 2 weeks of logs".into()
                },
                Item::Labelled {
                    label: "Justification".into(),
                    text: "first reason; second reason".into()
                },
                Item::Plain("plain step continued here".into()),
            ]
        );
    }

    #[test]
    fn extra_sections_questions_and_tags() {
        let s = one("### Q1: T\n**Question:** \"Tell me about a time you failed\"\nTags: spark, on-call\nBest for: Ownership, Dive Deep\n**S:** s\n**T:** t\n**A:**\n- a\n**R:**\n- r\n\n**Why Speed Was Right:**\n- Fine >> debt\n\n**LEARNINGS:** Test earlier.\n");
        assert_eq!(s.questions, ["Tell me about a time you failed"]);
        assert_eq!(s.tags, ["spark", "on-call"]);
        assert_eq!(s.principles, ["Ownership", "Dive Deep"]);
        assert_eq!(s.notes.len(), 2);
        assert_eq!(s.notes[0].heading, "Why Speed Was Right");
        assert_eq!(s.notes[0].text, "- Fine >> debt");
        assert_eq!(s.notes[1].heading, "LEARNINGS");
        assert_eq!(s.result, vec![Item::Plain("r".into())]);
    }

    #[test]
    fn section_principles_apply_until_the_next_section() {
        let md = format!("## 1️⃣ Ownership / Dive Deep (Q1-Q2)\n### Q1: A\n{BODY}\n## Part 2: More\n### Q2: Customer Obsession — B\n{BODY}");
        let p = parse(&md, "t.md", &Catalogue::builtin()).unwrap();
        assert_eq!(p.stories[0].story.principles, ["Ownership", "Dive Deep"]);
        assert_eq!(p.stories[1].story.principles, ["Customer Obsession"]);
        assert_eq!(p.stories[1].story.title, "B");
    }

    #[test]
    fn framing_is_not_a_story() {
        let md = format!("# Bank\n## STAR Framework\nSITUATION: Set the context\nTASK: Yours\nACTION: What you did\nRESULT: Numbers\n\n```\nSITUATION: x\n```\n### Q1: Real\n{BODY}\n## Tips\n```\n1. PREPARE\n```\n");
        let p = parse(&md, "t.md", &Catalogue::builtin()).unwrap();
        let ids: Vec<_> = p.stories.iter().map(|f| f.story.id.as_str()).collect();
        assert_eq!(ids, ["Q1"]);
    }

    #[test]
    fn missing_part_warns_with_file_and_line() {
        let p = parse(
            "\n### Q306: No task\n**S:** s\n**A:**\n- a\n**R:**\n- r\n",
            "bank.md",
            &Catalogue::builtin(),
        )
        .unwrap();
        assert_eq!(p.warnings, ["bank.md:2: Q306 has no TASK"]);
    }

    #[test]
    fn unknown_principle_is_kept_and_warned() {
        let p = parse(
            &format!("### Q1: T\nPrinciples: Teamwork\n{BODY}"),
            "b.md",
            &Catalogue::builtin(),
        )
        .unwrap();
        assert_eq!(p.stories[0].story.principles, ["Teamwork"]);
        assert!(p.warnings[0].contains("unknown principle \"Teamwork\""));
    }

    #[test]
    fn errors_table() {
        let cat = Catalogue::builtin();
        assert!(parse("", "e.md", &cat)
            .unwrap_err()
            .to_string()
            .contains("no story found"));
        assert!(parse("# Just notes\nhello\n", "e.md", &cat).is_err());
        let err = parse(&format!("### ../x: Escape\n{BODY}"), "e.md", &cat).unwrap_err();
        assert!(err.to_string().starts_with("e.md:1: story id"), "{err}");
    }

    #[test]
    fn duplicate_and_slug_ids_are_unique() {
        let md = format!(
            "### Same title\n{BODY}\n### Same title\n{BODY}\n### Q1: x\n{BODY}\n### Q1: y\n{BODY}"
        );
        let p = parse(&md, "t.md", &Catalogue::builtin()).unwrap();
        let ids: Vec<_> = p.stories.iter().map(|f| f.story.id.as_str()).collect();
        assert_eq!(ids, ["same-title", "same-title-2", "Q1", "Q1-2"]);
    }
}
