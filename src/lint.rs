//! STAR lint: findings about how a story is told, from its own text alone.

use serde::Serialize;

use crate::story::{Part, Story};

/// Words a person speaks in a minute.
pub const WORDS_PER_MINUTE: f64 = 140.0;
/// Longest comfortable answer, in minutes.
pub const MAX_MINUTES: f64 = 2.5;
/// Longest useful Situation, in words.
pub const MAX_SITUATION_WORDS: usize = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Counts first-person singular and plural pronouns, as whole words.
pub fn i_and_we(text: &str) -> (usize, usize) {
    let (mut i, mut we) = (0, 0);
    for w in text.split(|c: char| !c.is_alphanumeric() && c != '\'') {
        match w.to_lowercase().as_str() {
            "i" | "i'm" | "i've" | "i'd" | "i'll" | "me" | "my" | "myself" => i += 1,
            "we" | "we're" | "we've" | "we'd" | "we'll" | "us" | "our" | "ourselves" => we += 1,
            _ => {}
        }
    }
    (i, we)
}

/// Findings for one story; `fits_a_principle` says whether any principle is
/// declared or clearly shown (the caller infers it with the matching vocabulary).
pub fn lint(s: &Story, fits_a_principle: bool) -> Vec<Finding> {
    let mut out = Vec::new();
    for part in s.missing_parts() {
        out.push(Finding {
            severity: Severity::Error,
            code: "missing-part",
            message: format!("{} is missing or empty", part.name().to_uppercase()),
        });
    }
    let result = s.part_text(Part::Result);
    if !result.trim().is_empty() && !result.chars().any(|c| c.is_ascii_digit()) {
        out.push(Finding {
            severity: Severity::Warning,
            code: "result-without-number",
            message: "the Result has no number in it; quantify the outcome".into(),
        });
    }
    let (i, we) = i_and_we(&s.part_text(Part::Action));
    if we > i {
        out.push(Finding {
            severity: Severity::Warning,
            code: "we-over-i",
            message: format!(
                "the Action says \"we\" {we} times and \"I\" {i} times; say what you did"
            ),
        });
    }
    let sw = words(&s.situation);
    if sw > MAX_SITUATION_WORDS {
        out.push(Finding {
            severity: Severity::Warning,
            code: "long-situation",
            message: format!(
                "the Situation is {sw} words (aim for {MAX_SITUATION_WORDS} or fewer)"
            ),
        });
    }
    let spoken: usize = Part::ALL.iter().map(|p| words(&s.part_text(*p))).sum();
    let minutes = spoken as f64 / WORDS_PER_MINUTE;
    if minutes > MAX_MINUTES {
        out.push(Finding {
            severity: Severity::Warning,
            code: "too-long",
            message: format!("about {minutes:.1} minutes spoken ({spoken} words at {WORDS_PER_MINUTE} wpm; aim for {MAX_MINUTES})"),
        });
    }
    if !fits_a_principle {
        out.push(Finding {
            severity: Severity::Warning,
            code: "no-principle",
            message: "no principle fits: declare one or tell what it shows".into(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::story::Item;

    fn story(action: &str, result: &str) -> Story {
        Story {
            id: "X".into(),
            title: "t".into(),
            situation: "s".into(),
            task: "t".into(),
            action: vec![Item::Plain(action.into())],
            result: vec![Item::Plain(result.into())],
            ..Story::default()
        }
    }

    fn codes(f: &[Finding]) -> Vec<&str> {
        f.iter().map(|x| x.code).collect()
    }

    #[test]
    fn lint_table() {
        let cases: Vec<(Story, bool, Vec<&str>)> = vec![
            (story("I fixed it", "Saved 20%"), true, vec![]),
            (
                story("I fixed it", "It went well"),
                true,
                vec!["result-without-number"],
            ),
            (
                story("We met, we agreed, I wrote it", "3 bugs"),
                true,
                vec!["we-over-i"],
            ),
            (story("I fixed it", "3 bugs"), false, vec!["no-principle"]),
            (
                Story {
                    task: String::new(),
                    ..story("I did", "1")
                },
                true,
                vec!["missing-part"],
            ),
            (
                Story {
                    situation: "word ".repeat(61),
                    ..story("I did", "1")
                },
                true,
                vec!["long-situation"],
            ),
            (
                story(&"I said words ".repeat(120), "1"),
                true,
                vec!["too-long"],
            ),
        ];
        for (s, fits, expected) in cases {
            assert_eq!(codes(&lint(&s, fits)), expected, "{s:?}");
        }
    }

    #[test]
    fn pronouns_are_whole_words() {
        assert_eq!(
            i_and_we("I think we should; our team and I, weekly item"),
            (2, 2)
        );
    }
}
