//! The Story type and its YAML form: one YAML document per story, many per file.
//!
//! Each document starts with a `---` line that may carry the importer's fingerprint
//! of the body (`--- # Q91 · fp:…`). A body that no longer matches its fingerprint
//! was edited by hand, and the importer leaves it alone unless told `--force`.

use std::fmt;

use anyhow::{bail, Result};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Story {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub principles: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub questions: Vec<String>,
    #[serde(default)]
    pub situation: String,
    #[serde(default)]
    pub task: String,
    #[serde(default)]
    pub action: Vec<Item>,
    #[serde(default)]
    pub result: Vec<Item>,
    #[serde(default)]
    pub notes: Vec<Note>,
}

/// One action or result: plain text, or text with the bold lead-in it had.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Item {
    Plain(String),
    Labelled { label: String, text: String },
}

/// Any other section of a story, kept with its heading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub heading: String,
    pub text: String,
}

/// The STAR parts, for warnings, lint and `--part`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    Situation,
    Task,
    Action,
    Result,
}

impl Part {
    pub const ALL: [Part; 4] = [Part::Situation, Part::Task, Part::Action, Part::Result];
    pub fn name(self) -> &'static str {
        match self {
            Part::Situation => "situation",
            Part::Task => "task",
            Part::Action => "action",
            Part::Result => "result",
        }
    }
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Item {
    pub fn label(&self) -> Option<&str> {
        match self {
            Item::Plain(_) => None,
            Item::Labelled { label, .. } => Some(label),
        }
    }
    pub fn text(&self) -> &str {
        match self {
            Item::Plain(t) | Item::Labelled { text: t, .. } => t,
        }
    }
    /// "Label: text", as a person would say it.
    pub fn joined(&self) -> String {
        match self {
            Item::Plain(t) => t.clone(),
            Item::Labelled { label, text } if text.is_empty() => label.clone(),
            Item::Labelled { label, text } => format!("{label}: {text}"),
        }
    }
}

impl Story {
    /// The text of one STAR part, items joined by newlines.
    pub fn part_text(&self, part: Part) -> String {
        match part {
            Part::Situation => self.situation.clone(),
            Part::Task => self.task.clone(),
            Part::Action => join_items(&self.action),
            Part::Result => join_items(&self.result),
        }
    }

    /// The parts that are missing or empty.
    pub fn missing_parts(&self) -> Vec<Part> {
        Part::ALL
            .into_iter()
            .filter(|p| self.part_text(*p).trim().is_empty())
            .collect()
    }

    /// All notes as one text, headings included.
    pub fn notes_text(&self) -> String {
        self.notes
            .iter()
            .map(|n| format!("{}\n{}", n.heading, n.text))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Everything the story says, for inference and word counts.
    pub fn full_text(&self) -> String {
        let mut s = String::new();
        for t in [&self.title, &self.situation, &self.task] {
            s.push_str(t);
            s.push('\n');
        }
        s.push_str(&join_items(&self.action));
        s.push('\n');
        s.push_str(&join_items(&self.result));
        s.push('\n');
        s.push_str(&self.notes_text());
        s
    }

    /// The YAML body of this story's document (without the `---` line).
    pub fn to_yaml(&self) -> String {
        serde_norway::to_string(self).unwrap_or_default()
    }
}

fn join_items(items: &[Item]) -> String {
    items
        .iter()
        .map(Item::joined)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Refuses ids that could name a path outside `data/` or confuse a terminal.
pub fn validate_id(id: &str) -> Result<()> {
    if id.trim().is_empty() {
        bail!("empty story id");
    }
    if id.contains('/')
        || id.contains('\\')
        || id.contains("..")
        || id.chars().any(char::is_control)
    {
        bail!(
            "story id {:?} is not allowed: ids may not contain '/', '\\', '..' or control characters; use letters, digits, '-' and '_'",
            id.escape_debug().to_string()
        );
    }
    Ok(())
}

/// The fingerprint written on a document's `---` line: FNV-1a 64 of the body.
pub fn fingerprint(body: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in body.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// One document of a stories file, as found on disk.
#[derive(Debug, Clone)]
pub struct Doc {
    /// 1-based line of the document's first body line.
    pub line: usize,
    /// The `---` line, when there was one.
    pub header: Option<String>,
    pub body: String,
}

impl Doc {
    /// The fingerprint the header carries, if any.
    pub fn recorded_fp(&self) -> Option<&str> {
        let h = self.header.as_deref()?;
        let at = h.find("fp:")?;
        h[at + 3..].split_whitespace().next()
    }
    /// True when the body is exactly what the importer wrote.
    pub fn is_pristine(&self) -> bool {
        self.recorded_fp() == Some(fingerprint(&self.body).as_str())
    }
    /// The document as it is written in a file.
    pub fn render(&self) -> String {
        match &self.header {
            Some(h) => format!("{h}\n{}", self.body),
            None => self.body.clone(),
        }
    }
}

/// Splits a stories file into its documents at `---` lines.
pub fn split_docs(text: &str) -> Vec<Doc> {
    let mut docs = Vec::new();
    let mut cur = Doc {
        line: 1,
        header: None,
        body: String::new(),
    };
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let bare = line.trim_end_matches(['\n', '\r']);
        if bare == "---" || bare.starts_with("--- ") || bare.starts_with("---\t") {
            if cur.header.is_some() || !cur.body.trim().is_empty() {
                docs.push(cur);
            }
            cur = Doc {
                line: i + 2,
                header: Some(bare.to_string()),
                body: String::new(),
            };
        } else {
            cur.body.push_str(line);
        }
    }
    if cur.header.is_some() || !cur.body.trim().is_empty() {
        docs.push(cur);
    }
    docs
}

/// A new importer-written document for `story`, fingerprinted.
pub fn imported_doc(story: &Story, source: &str) -> Doc {
    let body = story.to_yaml();
    let header = format!(
        "--- # {} · from {} · fp:{}",
        story.id,
        source,
        fingerprint(&body)
    );
    Doc {
        line: 0,
        header: Some(header),
        body,
    }
}

/// True for a chunk with nothing but comments and blank lines (a file preamble).
pub fn is_blank(doc: &Doc) -> bool {
    doc.body
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
}

/// Parses a document body; errors carry `line:column` within the file.
pub fn parse_doc(doc: &Doc) -> std::result::Result<Story, (usize, usize, String)> {
    serde_norway::from_str::<Story>(&doc.body).map_err(|e| {
        let (l, c) = e
            .location()
            .map(|loc| (loc.line(), loc.column()))
            .unwrap_or((1, 1));
        let msg = e.to_string();
        // serde_norway appends " at line L column C"; we print our own position.
        let msg = match msg.find(" at line ") {
            Some(at) => msg[..at].to_string(),
            None => msg,
        };
        (doc.line + l.saturating_sub(1), c, msg)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Story {
        Story {
            id: "Q1".into(),
            title: "A title: with colon".into(),
            principles: vec!["Ownership".into()],
            situation: "Line one\nline two".into(),
            task: "Fix it".into(),
            action: vec![
                Item::Labelled {
                    label: "Diagnosis".into(),
                    text: "Read logs".into(),
                },
                Item::Plain("--- not a separator".into()),
            ],
            result: vec![Item::Plain("Saved $2M".into())],
            ..Story::default()
        }
    }

    #[test]
    fn yaml_round_trip_through_a_document_stream() {
        let a = imported_doc(&sample(), "bank.md");
        let mut b_story = sample();
        b_story.id = "Q2".into();
        let b = imported_doc(&b_story, "bank.md");
        let file = format!("{}{}", a.render(), b.render());
        let docs = split_docs(&file);
        assert_eq!(docs.len(), 2);
        assert!(docs.iter().all(Doc::is_pristine));
        assert_eq!(parse_doc(&docs[0]).unwrap(), sample());
        assert_eq!(parse_doc(&docs[1]).unwrap().id, "Q2");
    }

    #[test]
    fn an_edited_body_is_not_pristine() {
        let mut doc = imported_doc(&sample(), "bank.md");
        doc.body = doc.body.replace("Fix it", "Fix it well");
        assert!(!doc.is_pristine());
        let bare = Doc {
            header: None,
            ..doc
        };
        assert!(!bare.is_pristine(), "no fingerprint means written by hand");
    }

    #[test]
    fn parse_errors_point_at_the_file_line() {
        let file = "--- # Q1\nid: Q1\ntitle: ok\n--- # Q2\nid: Q2\ntitle: [unclosed\n";
        let docs = split_docs(file);
        let err = parse_doc(&docs[1]).unwrap_err();
        assert!(err.0 >= 5, "line {} is in the second document", err.0);
    }

    #[test]
    fn id_validation_table() {
        for ok in ["Q91", "cut-cloud-costs", "D01", "story_3"] {
            assert!(validate_id(ok).is_ok(), "{ok}");
        }
        for bad in ["../x", "a/b", "a\\b", "..", "a\u{7}b", ""] {
            assert!(validate_id(bad).is_err(), "{bad:?}");
        }
    }
}
