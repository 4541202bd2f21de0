//! The common-question list (`data/questions.yaml`) behind `coverage` and `practice`.

use std::path::Path;

use anyhow::{bail, Result};
use serde::Deserialize;

use crate::principles::Catalogue;
use crate::store::read_vocabulary;

const DEFAULT: &str = include_str!("../data/questions.yaml");
pub const FILE: &str = "questions.yaml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    questions: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    text: String,
    #[serde(default)]
    principles: Vec<String>,
}

/// A question and the principles (catalogue indices) it probes.
#[derive(Debug, Clone)]
pub struct Question {
    pub text: String,
    pub principles: Vec<usize>,
}

/// The data directory's questions, or the built-in list. Unknown principle
/// names are an error naming the question, so a typo cannot hide a gap.
pub fn load(data: &Path, cat: &Catalogue) -> Result<Vec<Question>> {
    let file: File = read_vocabulary(data, FILE, DEFAULT)?;
    let mut out = Vec::new();
    for e in file.questions {
        let mut ps = Vec::new();
        for name in &e.principles {
            match cat.resolve(name) {
                Some(p) => ps.push(p),
                None => bail!(
                    "{}: question {:?} names unknown principle {name:?}",
                    data.join(FILE).display(),
                    e.text
                ),
            }
        }
        out.push(Question {
            text: e.text,
            principles: ps,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_list_covers_every_principle_five_times() {
        let cat = Catalogue::builtin();
        let qs = load(Path::new("/nonexistent"), &cat).unwrap();
        assert!(qs.len() >= 100, "{}", qs.len());
        for p in 0..cat.len() {
            let n = qs.iter().filter(|q| q.principles.contains(&p)).count();
            assert!(n >= 5, "{} has {n} questions", cat.get(p).name);
        }
    }
}
