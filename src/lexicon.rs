//! The matching vocabulary, analyzed: principle cues and names, and concepts.
//!
//! Every entry goes through `analyze`, the analyzer the index uses, so a cue
//! "pushed back" is the stem pair (push, back) wherever it is looked for.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Result;
use serde::{Deserialize, Serialize};
use tantivy::tokenizer::TextAnalyzer;

use crate::analyze;
use crate::principles::Catalogue;
use crate::store::read_vocabulary;

const DEFAULT_CONCEPTS: &str = include_str!("../data/concepts.yaml");
pub const CONCEPTS_FILE: &str = "concepts.yaml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConceptsFile {
    #[serde(default)]
    framing: Vec<String>,
    #[serde(default)]
    follow_ups: Vec<String>,
    #[serde(default)]
    not_cues: Vec<String>,
    concepts: Vec<ConceptEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConceptEntry {
    name: String,
    terms: Vec<String>,
}

/// A group of words that mean the same thing in interview talk.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Concept {
    pub name: String,
    /// Each term as its stem sequence.
    pub terms: Vec<Vec<String>>,
}

impl Concept {
    /// True when one of the concept's terms occurs in `terms` (in order).
    pub fn found_in(&self, terms: &[String]) -> bool {
        self.terms
            .iter()
            .any(|t| !t.is_empty() && terms.windows(t.len()).any(|w| w == t.as_slice()))
    }
}

/// A phrase to look for, and what finding it means.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    stems: Vec<String>,
    target: Target,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
enum Target {
    Cue(usize),
    Name(usize),
    Concept(usize),
    /// A topic phrase whose words are not cues.
    NotCue,
}

/// A phrase found in a term sequence.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Position of the first term.
    pub at: usize,
    pub len: usize,
}

/// Serializable, so a build can store the analyzed vocabulary beside the index
/// and a query can read it instead of analyzing ~1,500 phrases again.
#[derive(Serialize, Deserialize)]
pub struct Lexicon {
    pub catalogue: Catalogue,
    pub concepts: Vec<Concept>,
    /// Interviewer framing as stem sequences, longest first.
    pub framing: Vec<Vec<String>>,
    /// Follow-up sentences as stem sequences.
    pub follow_ups: Vec<Vec<String>>,
    /// Entries by their first stem, for one pass over a text.
    by_first: HashMap<String, Vec<Entry>>,
    /// The common questions, analyzed, for principle detection by example.
    pub known: KnownQuestions,
}

/// The common questions (`questions.yaml`) as stem sets with the principles
/// they probe: a prompt like a known question probably probes what it probes.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct KnownQuestions {
    questions: Vec<(Vec<String>, Vec<usize>)>,
    /// In how many questions each stem appears.
    df: HashMap<String, u32>,
}

impl KnownQuestions {
    pub fn new(questions: &[crate::questions::Question]) -> KnownQuestions {
        let mut an = analyze::analyzer();
        let mut out = KnownQuestions::default();
        for q in questions {
            let mut stems = analyze::terms_with(&mut an, &q.text);
            stems.sort();
            stems.dedup();
            for s in &stems {
                *out.df.entry(s.clone()).or_default() += 1;
            }
            out.questions.push((stems, q.principles.clone()));
        }
        out
    }

    /// Votes per principle (best = 1.0) from the `k` known questions most like
    /// `terms`, by shared words weighted by rarity (IDF).
    pub fn votes(&self, terms: &[String], n_principles: usize, k: usize) -> Vec<f32> {
        let n = self.questions.len() as f32;
        let idf = |s: &str| (1.0 + n / self.df.get(s).copied().unwrap_or(1) as f32).ln();
        let mut scored: Vec<(f32, usize)> = self
            .questions
            .iter()
            .enumerate()
            .map(|(i, (stems, _))| {
                let shared: f32 = terms
                    .iter()
                    .filter(|t| stems.binary_search(t).is_ok())
                    .map(|t| idf(t))
                    .sum();
                let norm: f32 = stems.iter().map(|s| idf(s)).sum::<f32>().sqrt().max(1.0);
                (shared / norm, i)
            })
            .filter(|(s, _)| *s > 0.0)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut votes = vec![0.0f32; n_principles];
        let Some(best) = scored.first().map(|s| s.0) else {
            return votes;
        };
        for (s, i) in scored.into_iter().take(k) {
            for p in &self.questions[i].1 {
                if let Some(v) = votes.get_mut(*p) {
                    *v += s / best;
                }
            }
        }
        let max = votes.iter().copied().fold(0.0, f32::max);
        if max > 0.0 {
            votes.iter_mut().for_each(|v| *v /= max);
        }
        votes
    }
}

/// What one text says, in lexicon terms.
#[derive(Debug, Default, Clone)]
pub struct Reading {
    /// Cue hits per principle.
    pub cues: Vec<f32>,
    /// Principles named outright (name or alias).
    pub named: Vec<usize>,
    /// Concepts touched, with the positions that touched them.
    pub concepts: Vec<(usize, Hit)>,
    /// The cue phrases found, per principle, for explanations.
    pub cue_words: Vec<Vec<String>>,
}

impl Lexicon {
    pub fn load(data: &Path) -> Result<Lexicon> {
        let catalogue = Catalogue::load(data)?;
        let file: ConceptsFile = read_vocabulary(data, CONCEPTS_FILE, DEFAULT_CONCEPTS)?;
        let questions = crate::questions::load(data, &catalogue)?;
        let mut lex = Lexicon::new(catalogue, file);
        lex.known = KnownQuestions::new(&questions);
        Ok(lex)
    }

    #[cfg(test)]
    pub fn builtin() -> Lexicon {
        let file: ConceptsFile =
            serde_norway::from_str(DEFAULT_CONCEPTS).expect("built-in concepts parse");
        Lexicon::new(Catalogue::builtin(), file)
    }

    fn new(catalogue: Catalogue, file: ConceptsFile) -> Lexicon {
        let mut an = analyze::analyzer();
        let mut by_first: HashMap<String, Vec<Entry>> = HashMap::new();
        let mut add = |an: &mut TextAnalyzer, text: &str, target: Target| -> Vec<String> {
            let stems = analyze::terms_with(an, text);
            // "2 AM" analyzes to "2": an entry reduced to a bare number or a
            // fragment means nothing on its own.
            // "weeks before" analyzes to "week", "on time" to "time": a phrase that
            // lost its meaning to stopwords.
            // Pronouns and articles may go ("taught myself" is still "taught").
            const LIGHT: &[&str] = &[
                "a", "an", "the", "my", "myself", "your", "yourself", "our", "me", "i", "we",
                "you", "us", "it",
            ];
            let words = text
                .split(|c: char| c.is_whitespace() || c == '-')
                .filter(|w| !w.is_empty() && !LIGHT.contains(&w.to_lowercase().as_str()))
                .count();
            let fragment = stems.len() == 1 && words > 1;
            if fragment {
                return Vec::new();
            }
            if let Some(first) = stems.first() {
                let list = by_first.entry(first.clone()).or_default();
                if !list.iter().any(|e| e.stems == stems && e.target == target) {
                    list.push(Entry {
                        stems: stems.clone(),
                        target,
                    });
                }
            }
            stems
        };
        for (i, p) in catalogue.principles.iter().enumerate() {
            for cue in &p.cues {
                add(&mut an, cue, Target::Cue(i));
            }
            add(&mut an, &p.name, Target::Name(i));
            // A one-word alias ("Disagree", "Trust") is an everyday word in a
            // prompt, not a principle named outright; it only serves --principle.
            for a in &p.aliases {
                if analyze::terms_with(&mut an, a).len() > 1 {
                    add(&mut an, a, Target::Name(i));
                }
            }
        }
        for t in &file.not_cues {
            add(&mut an, t, Target::NotCue);
        }
        let mut concepts = Vec::new();
        for (ci, c) in file.concepts.iter().enumerate() {
            let mut terms = Vec::new();
            for t in &c.terms {
                let stems = add(&mut an, t, Target::Concept(ci));
                if !stems.is_empty() && !terms.contains(&stems) {
                    terms.push(stems);
                }
            }
            concepts.push(Concept {
                name: c.name.clone(),
                terms,
            });
        }
        let mut stems_of = |list: &[String]| {
            let mut out: Vec<Vec<String>> = list
                .iter()
                .map(|t| analyze::terms_with(&mut an, t))
                .filter(|s| !s.is_empty())
                .collect();
            out.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
            out.dedup();
            out
        };
        let framing = stems_of(&file.framing);
        let follow_ups = stems_of(&file.follow_ups);
        Lexicon {
            catalogue,
            concepts,
            framing,
            follow_ups,
            by_first,
            known: KnownQuestions::default(),
        }
    }

    /// Reads analyzed `terms`: cue hits per principle, named principles, concepts.
    pub fn read(&self, terms: &[String]) -> Reading {
        let n = self.catalogue.len();
        let mut r = Reading {
            cues: vec![0.0; n],
            cue_words: vec![Vec::new(); n],
            ..Reading::default()
        };
        let fits = |e: &Entry, at: usize| {
            terms.len() >= at + e.stems.len() && terms[at..at + e.stems.len()] == e.stems[..]
        };
        // positions inside a not-cue phrase ("machine learning") give no cue hits
        let mut topic = vec![false; terms.len()];
        for (at, t) in terms.iter().enumerate() {
            for e in self.by_first.get(t).into_iter().flatten() {
                if e.target == Target::NotCue && fits(e, at) {
                    topic[at..at + e.stems.len()]
                        .iter_mut()
                        .for_each(|x| *x = true);
                }
            }
        }
        for (at, t) in terms.iter().enumerate() {
            let Some(entries) = self.by_first.get(t) else {
                continue;
            };
            for e in entries {
                if !fits(e, at) {
                    continue;
                }
                let hit = Hit {
                    at,
                    len: e.stems.len(),
                };
                match e.target {
                    Target::Cue(_) if topic[at..at + e.stems.len()].iter().any(|x| *x) => {}
                    Target::NotCue => {}
                    Target::Cue(p) => {
                        // multi-word cues are more specific than single words
                        r.cues[p] += if e.stems.len() > 1 { 1.5 } else { 1.0 };
                        let w = e.stems.join(" ");
                        if !r.cue_words[p].contains(&w) {
                            r.cue_words[p].push(w);
                        }
                    }
                    Target::Name(p) => {
                        if !r.named.contains(&p) {
                            r.named.push(p);
                        }
                    }
                    Target::Concept(c) => r.concepts.push((c, hit)),
                }
            }
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe(text: &str) -> Vec<String> {
        let lex = Lexicon::builtin();
        let r = lex.read(&analyze::terms(text));
        let mut ranked: Vec<(f32, usize)> = r
            .cues
            .iter()
            .copied()
            .zip(0..)
            .filter(|(s, _)| *s > 0.0)
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        ranked
            .into_iter()
            .map(|(_, i)| lex.catalogue.get(i).code.clone())
            .collect()
    }

    #[test]
    fn cues_meet_inflected_text() {
        assert_eq!(probe("I pushed back and objected")[0], "HB");
        assert_eq!(probe("we stretched a small budget")[0], "FR");
        assert_eq!(probe("I taught myself statistics")[0], "LC");
    }

    #[test]
    fn names_are_found_as_phrases() {
        let lex = Lexicon::builtin();
        let r = lex.read(&analyze::terms("Tell me about Disagree and Commit"));
        assert_eq!(r.named, vec![lex.catalogue.resolve("HB").unwrap()]);
    }

    #[test]
    fn known_questions_vote_for_what_they_probe() {
        let cat = Catalogue::builtin();
        let qs = crate::questions::load(Path::new("/nonexistent"), &cat).unwrap();
        let known = KnownQuestions::new(&qs);
        let votes = known.votes(
            &analyze::terms("a time you mentored someone junior"),
            cat.len(),
            3,
        );
        let best = (0..votes.len())
            .max_by(|a, b| votes[*a].total_cmp(&votes[*b]))
            .unwrap();
        assert_eq!(cat.get(best).code, "HD", "{votes:?}");
        assert!(known
            .votes(&analyze::terms("zzz qqq"), cat.len(), 3)
            .iter()
            .all(|v| *v == 0.0));
    }

    #[test]
    fn concepts_group_words() {
        let lex = Lexicon::builtin();
        let r = lex.read(&analyze::terms("a time you disagreed"));
        let names: Vec<_> = r
            .concepts
            .iter()
            .map(|(c, _)| lex.concepts[*c].name.as_str())
            .collect();
        assert!(names.contains(&"disagreement"), "{names:?}");
    }
}
