//! What a story shows beyond what it declares: its metrics and the principles
//! its own words point to, inferred with the matching vocabulary.

use serde::{Deserialize, Serialize};
use tantivy::tokenizer::TextAnalyzer;

use crate::analyze;
use crate::lexicon::Lexicon;
use crate::metrics::{self, Metric};
use crate::story::{Part, Story};

/// How much a cue counts in each part of a story: the title and task say what
/// the story is about; the situation is often someone else's problem.
const PART_WEIGHTS: [(&str, f32); 8] = [
    ("title", 3.0),
    ("tags", 2.0),
    ("questions", 2.0),
    ("task", 1.5),
    ("action", 1.0),
    ("result", 1.0),
    ("situation", 0.7),
    ("notes", 0.5),
];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Profile {
    pub metrics: Vec<Metric>,
    /// Weighted cue hits per principle (catalogue order).
    pub cues: Vec<f32>,
}

/// The texts of a story by part name, in `PART_WEIGHTS` order.
pub fn part_texts(s: &Story) -> [(&'static str, String); 8] {
    [
        ("title", s.title.clone()),
        ("tags", s.tags.join(", ")),
        ("questions", s.questions.join("\n")),
        ("task", s.task.clone()),
        ("action", s.part_text(Part::Action)),
        ("result", s.part_text(Part::Result)),
        ("situation", s.situation.clone()),
        ("notes", s.notes_text()),
    ]
}

pub fn profile(s: &Story, lex: &Lexicon, an: &mut TextAnalyzer) -> Profile {
    let mut cues = vec![0.0f32; lex.catalogue.len()];
    for ((_, text), (_, w)) in part_texts(s).iter().zip(PART_WEIGHTS) {
        if text.is_empty() {
            continue;
        }
        let reading = lex.read(&analyze::terms_with(an, text));
        for (c, h) in cues.iter_mut().zip(&reading.cues) {
            *c += h * w;
        }
    }
    Profile {
        metrics: story_metrics(s),
        cues,
    }
}

/// The numbers a story reports, line by line, in part order.
pub fn story_metrics(s: &Story) -> Vec<Metric> {
    let mut found = Vec::new();
    for (part, text) in part_texts(s) {
        if matches!(part, "title" | "situation" | "task" | "action" | "result") {
            for line in text.lines() {
                found.extend(metrics::extract(line, part));
            }
        }
    }
    found
}

/// The principles a story's text clearly shows: enough cue weight, and close
/// to the story's strongest principle.
pub fn inferred(cues: &[f32]) -> Vec<usize> {
    let max = cues.iter().copied().fold(0.0, f32::max);
    let mut out: Vec<usize> = (0..cues.len())
        .filter(|&i| cues[i] >= 3.0 && cues[i] >= 0.5 * max)
        .collect();
    out.sort_by(|a, b| cues[*b].total_cmp(&cues[*a]));
    out.truncate(4);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::story::Item;

    #[test]
    fn a_pushback_story_shows_backbone() {
        let lex = Lexicon::builtin();
        let s = Story {
            id: "X1".into(),
            title: "Pushed back on a launch date".into(),
            situation: "Leadership wanted the launch in two weeks.".into(),
            task: "I disagreed: the release had no rollback plan.".into(),
            action: vec![Item::Plain(
                "Challenged the plan in the review and convinced the director".into(),
            )],
            result: vec![Item::Plain(
                "Launch moved by 1 week; zero incidents; saved $40K".into(),
            )],
            ..Story::default()
        };
        let p = profile(&s, &lex, &mut analyze::analyzer());
        let hb = lex.catalogue.resolve("HB").unwrap();
        assert_eq!(inferred(&p.cues).first(), Some(&hb), "{:?}", p.cues);
        assert!(p
            .metrics
            .iter()
            .any(|m| m.part == "result" && m.value == 40_000.0));
    }
}
