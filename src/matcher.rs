//! Matching an interviewer's prompt to stories: read the prompt like a coach
//! (strip framing, detect probed principles, expand concepts), retrieve with
//! BM25 and by principle, rank with `rank`, and explain each result.

use std::collections::{HashMap, HashSet};

use anyhow::Result;
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, TextAnalyzer, TokenStream};
use tantivy::{DocAddress, TantivyDocument, Term};

use crate::analyze;
use crate::fulltext::{self, Opened};
use crate::lexicon::Lexicon;
use crate::metrics;
use crate::rank::{self, Fit, MatchInput};

/// A prompt as the matcher reads it.
#[derive(Debug, Clone, Default)]
pub struct Probe {
    /// The prompt's own stems, framing removed, in order.
    pub terms: Vec<String>,
    /// Probed principles with weights (best = 1.0), best first.
    pub principles: Vec<(usize, f32)>,
    /// Weighted phrases to search: the prompt's words, then concept expansions.
    pub query: Vec<Phrase>,
    /// Concepts the prompt touched.
    pub concepts: Vec<usize>,
    /// How sure the principle detection is, 0..1: named outright, or several cues.
    pub confidence: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Phrase {
    pub stems: Vec<String>,
    pub weight: f32,
    /// The concept it was expanded from, `None` for the prompt's own words.
    pub concept: Option<usize>,
}

/// Weight of a concept's other words relative to the prompt's own.
const EXPANSION_WEIGHT: f32 = 0.3;
/// How many similar known questions vote on the probed principles.
const KNOWN_QUESTIONS: usize = 3;
/// Their vote against one cue hit: a tie-breaker and a fallback, not a verdict.
const KNOWN_WEIGHT: f32 = 0.5;

/// Cue scores plus votes, as principle weights (best = 1.0), best first, at most 3.
fn combine(cues: &[f32], votes: &[f32], vote_weight: f32) -> Vec<(usize, f32)> {
    let vmax = votes.iter().copied().fold(0.0, f32::max);
    let scores: Vec<f32> = cues
        .iter()
        .zip(votes)
        .map(|(c, v)| {
            c + if vmax > 0.0 {
                vote_weight * v / vmax
            } else {
                0.0
            }
        })
        .collect();
    let max = scores.iter().copied().fold(0.0, f32::max);
    if max <= 0.0 {
        return Vec::new();
    }
    let mut out: Vec<(usize, f32)> = (0..scores.len())
        .filter(|&p| scores[p] >= 0.4 * max)
        .map(|p| (p, scores[p] / max))
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out.truncate(3);
    out
}

/// The floor of the BM25 normalizer, as a share of the prompt words' summed IDF.
const REFERENCE_SHARE: f32 = 0.5;
/// A prompt word the story covers only through a concept counts half.
const CONCEPT_CREDIT: f32 = 0.5;
/// Weight of two neighbouring prompt words found together.
const BIGRAM_WEIGHT: f32 = 0.5;
/// Words a phrase may skip (stopwords leave gaps: "middle of the night").
const SLOP: u32 = 2;
/// Field boosts for matching: what a story is about lives in its title and task.
const FIELDS: [(&str, f32); 8] = [
    ("title", 2.5),
    ("tags", 2.0),
    ("questions", 1.5),
    ("task", 1.3),
    ("action", 1.0),
    ("result", 1.0),
    ("situation", 0.7),
    ("notes", 0.5),
];
/// Candidates pulled by text and by principle before ranking.
const POOL: usize = 200;

/// Reads a prompt: framing and follow-ups out, principles and concepts in.
/// `forced` principles, when given, replace the detected ones.
pub fn read_prompt(prompt: &str, lex: &Lexicon, forced: &[usize]) -> Probe {
    let mut an = analyze::analyzer();
    let mut terms = Vec::new();
    for sentence in prompt.split(['.', '?', '!', ';', '\n']) {
        let mut t = analyze::terms_with(&mut an, sentence);
        if lex.follow_ups.contains(&t) {
            continue;
        }
        'strip: loop {
            for f in &lex.framing {
                if t.len() >= f.len() && t[..f.len()] == f[..] {
                    t.drain(..f.len());
                    continue 'strip;
                }
            }
            break;
        }
        terms.extend(t);
    }
    let reading = lex.read(&terms);
    let n = lex.catalogue.len();
    let mut scores = reading.cues.clone();
    for p in &reading.named {
        scores[*p] += 3.0;
    }
    let mut explicit = reading.named.clone();
    if !forced.is_empty() {
        scores = vec![0.0; n];
        for p in forced {
            scores[*p] = 1.0;
        }
        explicit = forced.to_vec();
    }
    let max = scores.iter().copied().fold(0.0, f32::max);
    // one cue hit is enough to lean on; below that, principles count for less
    let confidence = if explicit.is_empty() {
        max.min(1.0)
    } else {
        1.0
    };
    // the known questions most like this prompt vote for what they probe
    let votes = if explicit.is_empty() {
        lex.known.votes(&terms, n, KNOWN_QUESTIONS)
    } else {
        vec![0.0; n]
    };
    let principles = combine(&scores, &votes, KNOWN_WEIGHT);

    let mut query: Vec<Phrase> = Vec::new();
    let mut seen: HashMap<Vec<String>, usize> = HashMap::new();
    // "not" carries meaning inside cue phrases ("not my job") but as a search
    // word it matches every story that ever said "didn't".
    for t in terms.iter().filter(|t| *t != "not") {
        let key = vec![t.clone()];
        if !seen.contains_key(&key) {
            seen.insert(key.clone(), query.len());
            query.push(Phrase {
                stems: key,
                weight: 1.0,
                concept: None,
            });
        }
    }
    let mut concepts = Vec::new();
    for (c, _) in &reading.concepts {
        if concepts.contains(c) {
            continue;
        }
        concepts.push(*c);
        for stems in &lex.concepts[*c].terms {
            match seen.get(stems) {
                Some(_) => {}
                None => {
                    seen.insert(stems.clone(), query.len());
                    query.push(Phrase {
                        stems: stems.clone(),
                        weight: EXPANSION_WEIGHT,
                        concept: Some(*c),
                    });
                }
            }
        }
    }
    // Neighbouring words of the prompt, as loose phrases: "new customers" says
    // more together than apart.
    for pair in terms.windows(2) {
        if pair[0] != pair[1] && !seen.contains_key(pair) {
            seen.insert(pair.to_vec(), query.len());
            query.push(Phrase {
                stems: pair.to_vec(),
                weight: BIGRAM_WEIGHT,
                concept: None,
            });
        }
    }
    Probe {
        terms,
        principles,
        query,
        concepts,
        confidence,
    }
}

#[derive(Debug, Serialize)]
pub struct MatchHit {
    pub id: String,
    pub title: String,
    pub score: f64,
    pub fit: Fit,
    pub principles: Vec<String>,
    pub why: String,
    /// Principle-fit component, for --by-principle grouping.
    #[serde(skip)]
    pub shows: Vec<f32>,
    #[serde(skip)]
    pub declared: Vec<usize>,
}

#[derive(Debug, Default)]
pub struct MatchResult {
    pub probe: Probe,
    pub hits: Vec<MatchHit>,
    /// Set when the prompt had nothing to match.
    pub note: Option<String>,
}

/// Matches `prompt` against the index; `limit` results, best first.
pub fn run(
    opened: &Opened,
    lex: &Lexicon,
    prompt: &str,
    forced: &[usize],
    limit: usize,
) -> Result<MatchResult> {
    let probe = read_prompt(prompt, lex, forced);
    let f = opened.fields;
    let searcher = &opened.searcher;
    let mut result = MatchResult::default();
    if probe.terms.is_empty() && probe.principles.is_empty() {
        result.note = Some(
            "nothing to match once the interviewer's framing is removed; add what the question is about (e.g. \"a time you disagreed with your manager\")".into(),
        );
        result.probe = probe;
        return Ok(result);
    }
    if probe.query.is_empty() {
        result.note = Some(
            "the prompt names no situation, only a principle: these are your best stories for it"
                .into(),
        );
    }
    let field_of = |name: &str| -> Field {
        f.text_fields()
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(fl, _)| *fl)
            .unwrap_or(f.title)
    };
    // Candidates by text.
    let mut text_scores: HashMap<DocAddress, f32> = HashMap::new();
    if !probe.query.is_empty() {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for ph in &probe.query {
            for (name, boost) in FIELDS {
                let field = field_of(name);
                let q: Box<dyn Query> = if ph.stems.len() == 1 {
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, &ph.stems[0]),
                        IndexRecordOption::WithFreqs,
                    ))
                } else {
                    let terms = ph
                        .stems
                        .iter()
                        .map(|s| Term::from_field_text(field, s))
                        .collect();
                    let mut q = PhraseQuery::new(terms);
                    q.set_slop(SLOP);
                    Box::new(q)
                };
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(q, boost * ph.weight)),
                ));
            }
        }
        let q = BooleanQuery::new(clauses);
        for (s, addr) in searcher.search(&q, &TopDocs::with_limit(POOL).order_by_score())? {
            text_scores.insert(addr, s);
        }
    }
    // Candidates by principle.
    let mut pool: Vec<DocAddress> = text_scores.keys().copied().collect();
    if !probe.principles.is_empty() {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (p, w) in &probe.principles {
            let code = lex.catalogue.get(*p).code.to_lowercase();
            for field in [f.principle_code, f.inferred_code] {
                let q = TermQuery::new(
                    Term::from_field_text(field, &code),
                    IndexRecordOption::Basic,
                );
                clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(q), *w))));
            }
        }
        for (_, addr) in searcher.search(
            &BooleanQuery::new(clauses),
            &TopDocs::with_limit(POOL).order_by_score(),
        )? {
            if !text_scores.contains_key(&addr) {
                pool.push(addr);
            }
        }
    }
    pool.sort();
    // BM25 is normalized to the best candidate, but never to less than what
    // matching a good share of the prompt's own words is worth: when the best
    // story only shares a common word, it is not "fully relevant".
    let n_docs = searcher.num_docs() as f32;
    let reference: f32 = probe
        .query
        .iter()
        .filter(|p| p.concept.is_none() && p.stems.len() == 1)
        .map(|p| {
            let df = searcher
                .doc_freq(&Term::from_field_text(f.all, &p.stems[0]))
                .unwrap_or(0) as f32;
            (1.0 + (n_docs - df + 0.5) / (df + 0.5)).ln()
        })
        .sum();
    let best = text_scores
        .values()
        .copied()
        .fold(0.0, f32::max)
        .max(reference * REFERENCE_SHARE);
    let own: Vec<&Phrase> = probe
        .query
        .iter()
        .filter(|p| p.concept.is_none() && p.stems.len() == 1)
        .collect();
    // which of the prompt's and its concepts' stems each candidate contains,
    // read from the index's postings rather than by re-analyzing stored text
    let mut wanted: Vec<String> = own.iter().map(|p| p.stems[0].clone()).collect();
    for c in &probe.concepts {
        wanted.extend(lex.concepts[*c].terms.iter().flatten().cloned());
    }
    wanted.sort();
    wanted.dedup();
    let present = contained(searcher, f.all, &wanted, &pool)?;
    let empty = HashSet::new();
    let mut scored = Vec::new();
    for addr in pool {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let stored = fulltext::stored(&doc, &f);
        let declared: Vec<usize> = fulltext::texts(&doc, f.principles)
            .iter()
            .filter_map(|n| lex.catalogue.resolve(n))
            .collect();
        let words = present.get(&addr).unwrap_or(&empty);
        // a prompt word counts as covered when the story says it, or says
        // another word of a concept the prompt word belongs to
        let concept_met: Vec<usize> = probe
            .concepts
            .iter()
            .copied()
            .filter(|c| {
                lex.concepts[*c]
                    .terms
                    .iter()
                    .any(|t| t.iter().all(|s| words.contains(s)))
            })
            .collect();
        let matched_own: f32 = own
            .iter()
            .map(|p| {
                if words.contains(&p.stems[0]) {
                    1.0
                } else if concept_met.iter().any(|c| {
                    lex.concepts[*c]
                        .terms
                        .iter()
                        .any(|t| t.len() == 1 && t[0] == p.stems[0])
                }) {
                    CONCEPT_CREDIT
                } else {
                    0.0
                }
            })
            .sum();
        let coverage = if own.is_empty() {
            0.0
        } else {
            matched_own / own.len() as f32
        };
        let input = MatchInput {
            bm25: text_scores.get(&addr).copied().unwrap_or(0.0),
            coverage,
            declared,
            cues: stored.profile.cues.clone(),
        };
        let score = rank::match_score(&input, best, &probe.principles, probe.confidence);
        scored.push((score, input, doc, stored));
    }
    scored.sort_by(|a, b| b.0.total.total_cmp(&a.0.total));
    scored.truncate(limit);
    for (score, input, doc, stored) in scored {
        let fit = rank::fit(&score, input.coverage, !probe.principles.is_empty());
        let why = explain(&probe, lex, &input, &doc, &f, &stored.profile.metrics);
        let shows = (0..lex.catalogue.len())
            .map(|p| rank::shows(&input.cues, p))
            .collect();
        result.hits.push(MatchHit {
            id: fulltext::text(&doc, f.id),
            title: fulltext::text(&doc, f.title),
            score: round3(score.total),
            fit,
            principles: fulltext::texts(&doc, f.principles),
            why,
            shows,
            declared: input.declared,
        });
    }
    result.probe = probe;
    Ok(result)
}

/// A score for people and JSON: three decimals, no float noise.
pub fn round3(x: f32) -> f64 {
    (f64::from(x) * 1000.0).round() / 1000.0
}

/// The texts of a story that say what happened (not its id or principles).
fn story_texts<'a>(
    doc: &'a TantivyDocument,
    f: &'a fulltext::Fields,
) -> impl Iterator<Item = String> + 'a {
    f.text_fields()
        .into_iter()
        .filter(|(_, name)| *name != "id" && *name != "principles")
        .flat_map(move |(field, _)| fulltext::texts(doc, field))
}

/// For each of `docs` (sorted), which of `stems` its `field` contains, by
/// seeking each stem's postings list through the documents in order.
fn contained(
    searcher: &tantivy::Searcher,
    field: Field,
    stems: &[String],
    docs: &[DocAddress],
) -> Result<HashMap<DocAddress, HashSet<String>>> {
    use tantivy::DocSet;
    let mut out: HashMap<DocAddress, HashSet<String>> = HashMap::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let in_segment: Vec<u32> = docs
            .iter()
            .filter(|d| d.segment_ord as usize == ord)
            .map(|d| d.doc_id)
            .collect();
        if in_segment.is_empty() {
            continue;
        }
        let inverted = segment.inverted_index(field)?;
        for stem in stems {
            let term = Term::from_field_text(field, stem);
            let Some(mut postings) = inverted.read_postings(&term, IndexRecordOption::Basic)?
            else {
                continue;
            };
            for doc in &in_segment {
                // seek only forwards: past this doc already means it lacks the stem
                if postings.doc() <= *doc && postings.seek(*doc) == *doc {
                    out.entry(DocAddress::new(ord as u32, *doc))
                        .or_default()
                        .insert(stem.clone());
                }
            }
        }
    }
    Ok(out)
}

/// The why line: principles answered, words matched (as the story says them),
/// and the story's headline result.
fn explain(
    probe: &Probe,
    lex: &Lexicon,
    input: &MatchInput,
    doc: &TantivyDocument,
    f: &fulltext::Fields,
    ms: &[metrics::Metric],
) -> String {
    let mut parts = Vec::new();
    let answered: Vec<String> = probe
        .principles
        .iter()
        .filter_map(|(p, _)| {
            let name = &lex.catalogue.get(*p).name;
            if input.declared.contains(p) {
                Some(name.clone())
            } else if rank::shows(&input.cues, *p) >= 0.5 {
                Some(format!("{name} (shown)"))
            } else {
                None
            }
        })
        .collect();
    if !answered.is_empty() {
        parts.push(format!("answers {}", answered.join(", ")));
    }
    let surface = surface_words(doc, f);
    let mut an = analyze::analyzer();
    let sequences: Vec<Vec<String>> = story_texts(doc, f)
        .map(|t| analyze::terms_with(&mut an, &t))
        .collect();
    let mut matched: Vec<String> = Vec::new();
    for ph in probe
        .query
        .iter()
        .filter(|p| p.concept.is_some() || p.stems.len() == 1)
    {
        let found = if ph.stems.len() == 1 {
            surface.get(&ph.stems[0]).cloned()
        } else if sequences.iter().any(|seq| has_phrase(seq, &ph.stems)) {
            let all: Option<Vec<String>> =
                ph.stems.iter().map(|s| surface.get(s).cloned()).collect();
            all.map(|w| w.join(" "))
        } else {
            None
        };
        if let Some(w) = found {
            let w = match ph.concept {
                Some(c) => format!("{w} (~{})", lex.concepts[c].name),
                None => w,
            };
            if !matched.contains(&w) && matched.len() < 5 {
                matched.push(w);
            }
        }
    }
    if !matched.is_empty() {
        parts.push(format!("matched {}", matched.join(", ")));
    }
    if let Some(h) = metrics::headline(ms) {
        parts.push(format!("result: {}", h.phrase));
    }
    if parts.is_empty() {
        parts.push("closest story by principle".into());
    }
    parts.join(" · ")
}

/// True when `stems` occur in order in `seq`, each within `SLOP` words of the
/// last, as the phrase queries that retrieved the story allow.
fn has_phrase(seq: &[String], stems: &[String]) -> bool {
    (0..seq.len()).any(|start| {
        if seq[start] != stems[0] {
            return false;
        }
        let mut at = start;
        stems[1..].iter().all(|s| {
            let window = at + 1..(at + 2 + SLOP as usize).min(seq.len());
            match seq[window.clone()].iter().position(|w| w == s) {
                Some(k) => {
                    at = window.start + k;
                    true
                }
                None => false,
            }
        })
    })
}

/// stem -> the first word in the story that has it, for explanations.
fn surface_words(doc: &TantivyDocument, f: &fulltext::Fields) -> HashMap<String, String> {
    let mut lower = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .build();
    let mut an = analyze::analyzer();
    let mut out = HashMap::new();
    for text in story_texts(doc, f) {
        let mut stream = lower.token_stream(&text);
        while stream.advance() {
            let word = stream.token().text.clone();
            if let Some(stem) = analyze::terms_with(&mut an, &word).pop() {
                out.entry(stem).or_insert(word);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn principle_codes(prompt: &str) -> Vec<String> {
        let lex = Lexicon::builtin();
        read_prompt(prompt, &lex, &[])
            .principles
            .iter()
            .map(|(p, _)| lex.catalogue.get(*p).code.clone())
            .collect()
    }

    #[test]
    fn framing_is_stripped() {
        let lex = Lexicon::builtin();
        let cases: &[(&str, &[&str])] = &[
            ("Tell me about a time you disagreed", &["disagre"]),
            (
                "Describe a situation where you missed a deadline. What did you do?",
                &["miss", "deadlin"],
            ),
            (
                "Give me an example of a time you simplified a process",
                &["simplifi", "process"],
            ),
            (
                "Have you ever had to work with real-time data?",
                &["work", "real", "time", "data"],
            ),
            ("Tell me about a time", &[]),
        ];
        for (prompt, expected) in cases {
            assert_eq!(read_prompt(prompt, &lex, &[]).terms, *expected, "{prompt}");
        }
    }

    #[test]
    fn probed_principles_without_naming_them() {
        let cases: &[(&str, &str)] = &[
            ("When did you stand firm against a popular decision?", "HB"),
            (
                "Tell me about a time you taught yourself an unfamiliar field",
                "LC",
            ),
            ("Tell me about a time you stretched a small budget", "FR"),
            ("Tell me about a time you disagreed with your manager", "HB"),
            ("Tell me about a time you mentored a junior engineer", "HD"),
        ];
        for (prompt, code) in cases {
            let got = principle_codes(prompt);
            assert_eq!(
                got.first().map(String::as_str),
                Some(*code),
                "{prompt}: {got:?}"
            );
        }
    }

    #[test]
    fn concepts_expand_to_story_words() {
        let lex = Lexicon::builtin();
        let probe = read_prompt("Tell me about a time you disagreed", &lex, &[]);
        let expanded: Vec<String> = probe
            .query
            .iter()
            .filter(|p| p.concept.is_some())
            .map(|p| p.stems.join(" "))
            .collect();
        assert!(expanded.contains(&"push back".to_string()), "{expanded:?}");
    }

    #[test]
    fn phrases_need_their_words_close_together() {
        let seq: Vec<String> = ["push", "back", "hard", "not", "x", "y", "z", "job"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let p = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(has_phrase(&seq, &p(&["push", "back"])));
        assert!(
            has_phrase(&seq, &p(&["push", "hard"])),
            "one word between is within the slop"
        );
        assert!(
            !has_phrase(&seq, &p(&["not", "job"])),
            "four words apart is not the phrase"
        );
        assert!(!has_phrase(&seq, &p(&["back", "push"])));
    }

    #[test]
    fn forced_principle_replaces_detection() {
        let lex = Lexicon::builtin();
        let fr = lex.catalogue.resolve("Frugality").unwrap();
        let probe = read_prompt("Tell me about a time you disagreed", &lex, &[fr]);
        assert_eq!(probe.principles, vec![(fr, 1.0)]);
    }
}
