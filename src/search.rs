//! Keyword and metric search over the index: lenient query parsing, typo
//! correction, filters, metric phrases, and snippets of the best-matching part.

use std::ops::Bound;

use anyhow::Result;
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, QueryParser, RangeQuery,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::snippet::SnippetGenerator;
use tantivy::{TantivyDocument, Term};

use crate::analyze;
use crate::fulltext::{self, Fields, Opened};
use crate::metrics::{self, Filter, Metric};
use crate::rank;
use crate::story::Part;

#[derive(Debug, Clone, Default)]
pub struct Request {
    pub text: String,
    /// Hard filters (`--metric`).
    pub metrics: Vec<Filter>,
    pub principle: Option<usize>,
    pub tag: Option<String>,
    pub part: Option<Part>,
    pub limit: usize,
}

#[derive(Debug, Serialize)]
pub struct Hit {
    pub id: String,
    pub title: String,
    pub score: f64,
    pub principles: Vec<String>,
    pub snippet: String,
    /// Where the snippet comes from.
    #[serde(skip)]
    pub part: String,
    pub metrics: Vec<Metric>,
}

#[derive(Debug, Default)]
pub struct Response {
    pub hits: Vec<Hit>,
    /// What the lenient parser could not read and dropped.
    pub ignored: Vec<String>,
    /// Misspelled words and what they were read as.
    pub corrected: Vec<(String, String)>,
    /// Metric phrases understood in the free text.
    pub understood: Vec<Filter>,
}

/// Field boosts: a word in the title or tags says more than one in the situation.
const BOOSTS: [(&str, f32); 10] = [
    ("id", 3.0),
    ("title", 3.0),
    ("tags", 2.5),
    ("principles", 1.5),
    ("questions", 1.5),
    ("task", 1.2),
    ("result", 1.2),
    ("action", 1.0),
    ("situation", 0.8),
    ("notes", 0.6),
];

pub fn search(opened: &Opened, req: &Request) -> Result<Response> {
    let catalogue = opened.catalogue()?;
    let f = opened.fields;
    let searcher = &opened.searcher;
    let mut resp = Response {
        understood: metrics::filters_in_text(&req.text),
        ..Response::default()
    };
    let metric_words: Vec<String> = metrics::extract(&req.text, "query")
        .iter()
        .flat_map(|m| {
            m.phrase
                .split_whitespace()
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        })
        .collect();
    let (text, corrected) = correct_typos(opened, &req.text, &metric_words);
    resp.corrected = corrected;
    // "right to erasure" is one term, not "right" anywhere plus "erasure"
    let text = if is_plain(&text) {
        quote_known_phrases(&text, opened.concepts()?)
    } else {
        text
    };
    let fields: Vec<Field> = match req.part {
        Some(p) => vec![part_field(&f, p)],
        None => f.text_fields().iter().map(|(field, _)| *field).collect(),
    };
    let mut parser = QueryParser::for_index(&opened.index, fields.clone());
    for (field, name) in f.text_fields() {
        if let Some((_, b)) = BOOSTS.iter().find(|(n, _)| *n == name) {
            parser.set_field_boost(field, *b);
        }
    }
    let has_words = !analyze::terms(&text).is_empty() || text.contains(':') || text.contains('"');
    let text_query: Option<Box<dyn Query>> = if has_words {
        let (q, errors) = parser.parse_query_lenient(&text);
        if errors.is_empty() {
            Some(q)
        } else {
            // What the syntax could not read is still text: search its words.
            for e in errors {
                let e = e.to_string();
                if !resp.ignored.contains(&e) {
                    resp.ignored.push(e);
                }
            }
            let (q, _) = parser.parse_query_lenient(&plain_words(&text));
            Some(q)
        }
    } else {
        None
    };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if let Some(q) = text_query {
        clauses.push((Occur::Should, q));
    }
    for filt in &resp.understood {
        clauses.push((
            Occur::Should,
            Box::new(ConstScoreQuery::new(range(&f, filt, false), 0.5)),
        ));
    }
    for filt in &req.metrics {
        clauses.push((Occur::Must, range(&f, filt, false)));
    }
    if let Some(p) = req.principle {
        let code = catalogue.get(p).code.to_lowercase();
        clauses.push((Occur::Must, term(f.principle_code, &code)));
    }
    if let Some(t) = &req.tag {
        clauses.push((Occur::Must, term(f.tag, &t.to_lowercase())));
    }
    if !clauses.iter().any(|(o, _)| *o == Occur::Should) {
        if clauses.is_empty() {
            return Ok(resp);
        }
        clauses.push((Occur::Should, Box::new(AllQuery)));
    }
    // A story can be the answer for a term it never spells out ("GDPR" for a
    // data-deletion story): the query's concepts add their other words, weakly.
    // Not for queries written in the syntax: those ask for exactly what they say.
    if has_words && is_plain(&req.text) {
        for (stems, weight) in expansions(opened.concepts()?, &text) {
            let terms: Vec<Box<dyn Query>> = stems.iter().map(|s| term_freq(f.all, s)).collect();
            let q: Box<dyn Query> = if terms.len() == 1 {
                terms.into_iter().next().expect("one term")
            } else {
                Box::new(BooleanQuery::intersection(terms))
            };
            clauses.push((Occur::Should, Box::new(BoostQuery::new(q, weight))));
        }
    }
    let query = BooleanQuery::new(clauses);
    let pool = (req.limit * 5).max(50);
    let top = searcher.search(&query, &TopDocs::with_limit(pool).order_by_score())?;
    let all_filters: Vec<Filter> = req
        .metrics
        .iter()
        .chain(&resp.understood)
        .cloned()
        .collect();
    let mut scored = Vec::new();
    let best = top.first().map(|(s, _)| *s).unwrap_or(0.0);
    for (bm25, addr) in top {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let stored = fulltext::stored(&doc, &f);
        let ms = &stored.profile.metrics;
        let fit = rank::metric_fit(ms, metrics::headline(ms), &all_filters);
        // a metric-only search has no text to rank by: lead with the size of the headline number
        let text_part = if has_words { bm25 } else { 0.0 };
        let mut score = rank::search_score(text_part, if has_words { best } else { 0.0 }, fit);
        if !has_words {
            score += magnitude_bonus(ms, &all_filters);
        }
        scored.push((score, doc, stored));
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.truncate(req.limit);
    let generators: Vec<(String, SnippetGenerator)> = if has_words {
        let fields = [
            (f.result, "result"),
            (f.action, "action"),
            (f.task, "task"),
            (f.situation, "situation"),
            (f.title, "title"),
            (f.tags, "tags"),
            (f.notes, "notes"),
            (f.questions, "questions"),
        ];
        fields
            .iter()
            .filter_map(|(field, name)| {
                let mut g = SnippetGenerator::create(searcher, &query, *field).ok()?;
                g.set_max_num_chars(100);
                Some((name.to_string(), g))
            })
            .collect()
    } else {
        Vec::new()
    };
    for (score, doc, stored) in scored {
        let mut ms = stored.profile.metrics;
        // matching metrics first, so the reason for a hit is in view
        ms.sort_by_key(|m| !all_filters.iter().any(|flt| flt.accepts(m)));
        let (snippet, part) = best_snippet(&doc, &f, &generators, &ms, &all_filters);
        resp.hits.push(Hit {
            id: fulltext::text(&doc, f.id),
            title: fulltext::text(&doc, f.title),
            score: crate::matcher::round3(score),
            principles: fulltext::texts(&doc, f.principles),
            snippet,
            part,
            metrics: ms,
        });
    }
    Ok(resp)
}

/// The query's words with every syntax character removed, so a prompt like
/// `Describe: a conflict` or an unbalanced quote searches for its words.
pub fn plain_words(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '$' && c != '%' && c != '.')
        .filter(|w| !w.is_empty() && !matches!(*w, "AND" | "OR" | "NOT" | "IN"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn magnitude_bonus(ms: &[Metric], filters: &[Filter]) -> f32 {
    let best = ms
        .iter()
        .filter(|m| filters.iter().any(|f| f.accepts(m)))
        .map(|m| m.value.abs())
        .fold(0.0f64, f64::max);
    // log scale, small enough never to beat a better-placed number
    ((best + 1.0).log10() / 100.0) as f32
}

fn part_field(f: &Fields, p: Part) -> Field {
    match p {
        Part::Situation => f.situation,
        Part::Task => f.task,
        Part::Action => f.action,
        Part::Result => f.result,
    }
}

/// True for a query written as plain words, with no search syntax.
fn is_plain(text: &str) -> bool {
    !text.contains([':', '"', '+', '-', '(', ')'])
}

/// The weight of a known phrase's words when they stand apart.
const PHRASE_WORD_WEIGHT: f32 = 0.4;

/// Quotes every known multi-word term (a concept's phrase) found in a plain
/// query, so its words count most where they stand together.
fn quote_known_phrases(text: &str, concepts: &[crate::lexicon::Concept]) -> String {
    // (byte range, stem) of each word the analyzer keeps
    let mut words: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut an = analyze::analyzer();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_alphanumeric() || c == '\'', start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                if let Some(stem) = analyze::terms_with(&mut an, &text[s..i]).pop() {
                    words.push((s..i, stem));
                }
                start = None;
            }
            _ => {}
        }
    }
    let stems: Vec<String> = words.iter().map(|(_, s)| s.clone()).collect();
    let mut spans: Vec<std::ops::Range<usize>> = Vec::new();
    for term in concepts
        .iter()
        .flat_map(|c| &c.terms)
        .filter(|t| t.len() > 1)
    {
        for at in 0..stems.len().saturating_sub(term.len() - 1) {
            if stems[at..at + term.len()] == term[..] {
                let span = words[at].0.start..words[at + term.len() - 1].0.end;
                if !spans
                    .iter()
                    .any(|s| s.start < span.end && span.start < s.end)
                {
                    spans.push(span);
                }
            }
        }
    }
    spans.sort_by_key(|s| s.start);
    let mut out = String::new();
    let mut at = 0;
    for s in spans {
        out.push_str(&text[at..s.start]);
        // the phrase in full, and its words alone at a lower weight
        out.push_str(&format!(
            "\"{}\" ({})^{PHRASE_WORD_WEIGHT}",
            &text[s.clone()],
            &text[s.clone()]
        ));
        at = s.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The other words of every concept the query's words belong to.
fn expansions(concepts: &[crate::lexicon::Concept], text: &str) -> Vec<(Vec<String>, f32)> {
    let words = analyze::terms(&plain_words(text));
    let mut out: Vec<(Vec<String>, f32)> = Vec::new();
    for c in concepts.iter().filter(|c| c.found_in(&words)) {
        for t in &c.terms {
            let own_word = t.len() == 1 && words.contains(&t[0]);
            if !own_word && !out.iter().any(|(s, _)| s == t) {
                out.push((t.clone(), EXPANSION_WEIGHT));
            }
        }
    }
    out
}

/// Weight of a concept's other words in a search.
const EXPANSION_WEIGHT: f32 = 0.3;

fn term_freq(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::WithFreqs,
    ))
}

fn term(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

fn range(f: &Fields, filt: &Filter, headline: bool) -> Box<dyn Query> {
    let field = f.metric_field(filt.kind, headline);
    let (lo, hi) = filt.bounds();
    let strict = matches!(filt.op, metrics::Op::Gt | metrics::Op::Lt);
    let bound = |v: Option<f64>| match v {
        None => Bound::Unbounded,
        Some(v) if strict => Bound::Excluded(Term::from_field_f64(field, v)),
        Some(v) => Bound::Included(Term::from_field_f64(field, v)),
    };
    Box::new(RangeQuery::new(bound(lo), bound(hi)))
}

/// The snippet of the part that matched best (most highlighted words); for a
/// metric-only search, the phrase of the first matching metric.
fn best_snippet(
    doc: &TantivyDocument,
    f: &Fields,
    generators: &[(String, SnippetGenerator)],
    metrics: &[Metric],
    filters: &[Filter],
) -> (String, String) {
    let mut best: Option<(usize, String, String)> = None;
    for (name, g) in generators {
        let s = g.snippet_from_doc(doc);
        let n = s.highlighted().len();
        if n == 0 || best.as_ref().is_some_and(|(b, _, _)| *b >= n) {
            continue;
        }
        let mut text = String::new();
        let frag = s.fragment();
        let mut at = 0;
        for r in s.highlighted() {
            text.push_str(&frag[at..r.start]);
            text.push_str("**");
            text.push_str(&frag[r.start..r.end]);
            text.push_str("**");
            at = r.end;
        }
        text.push_str(&frag[at..]);
        best = Some((n, text.replace('\n', " · "), name.clone()));
    }
    if let Some((_, text, name)) = best {
        return (text, name);
    }
    match metrics
        .iter()
        .find(|m| filters.iter().any(|flt| flt.accepts(m)))
        .or(metrics.first())
    {
        Some(m) => (metric_context(doc, f, m), m.part.clone()),
        None => (
            fulltext::text(doc, f.result)
                .lines()
                .next()
                .unwrap_or("")
                .to_string(),
            "result".into(),
        ),
    }
}

/// The line of the story part a metric came from, the metric highlighted.
fn metric_context(doc: &TantivyDocument, f: &Fields, m: &Metric) -> String {
    let field = match m.part.as_str() {
        "situation" => f.situation,
        "task" => f.task,
        "action" => f.action,
        "title" => f.title,
        _ => f.result,
    };
    let text = fulltext::text(doc, field);
    let line = text
        .lines()
        .find(|l| l.contains(&m.phrase))
        .unwrap_or(&m.phrase);
    let marked = line.replacen(&m.phrase, &format!("**{}**", m.phrase), 1);
    if marked.chars().count() <= 110 {
        return marked;
    }
    marked.chars().take(109).collect::<String>() + "…"
}

/// Replaces each plain word that no story contains with the closest indexed
/// term (edit distance 1, or 2 for long words), the most common on ties.
fn correct_typos(opened: &Opened, text: &str, keep: &[String]) -> (String, Vec<(String, String)>) {
    let f = opened.fields;
    let mut out = Vec::new();
    let mut corrected = Vec::new();
    for word in text.split_whitespace() {
        let plain = word.trim_matches(|c: char| !c.is_alphanumeric());
        let is_syntax = word.contains(':')
            || word.starts_with(['+', '-'])
            || plain.is_empty()
            || keep.contains(&plain.to_lowercase());
        let terms = analyze::terms(plain);
        if is_syntax
            || terms.len() != 1
            || terms[0].len() < 4
            || terms[0].chars().any(|c| c.is_ascii_digit())
        {
            out.push(word.to_string());
            continue;
        }
        let stem = &terms[0];
        let df = opened
            .searcher
            .doc_freq(&Term::from_field_text(f.all, stem))
            .unwrap_or(1);
        if df > 0 {
            out.push(word.to_string());
            continue;
        }
        match closest_term(opened, stem) {
            Some(fix) => {
                corrected.push((plain.to_string(), fix.clone()));
                out.push(word.replace(plain, &fix));
            }
            None => out.push(word.to_string()),
        }
    }
    (out.join(" "), corrected)
}

fn closest_term(opened: &Opened, stem: &str) -> Option<String> {
    let max = if stem.chars().count() > 6 { 2 } else { 1 };
    let mut best: Option<(usize, u32, String)> = None;
    for seg in opened.searcher.segment_readers() {
        let Ok(inv) = seg.inverted_index(opened.fields.all) else {
            continue;
        };
        let Ok(mut stream) = inv.terms().stream() else {
            continue;
        };
        while stream.advance() {
            let Ok(t) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            if t.len().abs_diff(stem.len()) > max {
                continue;
            }
            let Some(d) = bounded_distance(stem, t, max) else {
                continue;
            };
            let df = stream.value().doc_freq;
            let better = match &best {
                None => true,
                Some((bd, bdf, _)) => d < *bd || (d == *bd && df > *bdf),
            };
            if better {
                best = Some((d, df, t.to_string()));
            }
        }
    }
    best.map(|(_, _, t)| t)
}

/// Damerau-Levenshtein distance (adjacent swaps count 1) when it is at most `max`.
fn bounded_distance(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    let dist = d[a.len()][b.len()];
    (dist <= max).then_some(dist)
}

#[cfg(test)]
mod tests {
    use super::{bounded_distance, quote_known_phrases};
    use crate::lexicon::Concept;

    #[test]
    fn known_phrases_are_quoted() {
        let c = |t: &[&[&str]]| Concept {
            name: "c".into(),
            terms: t
                .iter()
                .map(|x| x.iter().map(|s| s.to_string()).collect())
                .collect(),
        };
        let concepts = [
            c(&[&["right", "erasur"], &["gdpr"]]),
            c(&[&["load", "test"]]),
        ];
        assert_eq!(
            quote_known_phrases("GDPR right to erasure", &concepts),
            "GDPR \"right to erasure\" (right to erasure)^0.4"
        );
        assert_eq!(
            quote_known_phrases("load testing at peak", &concepts),
            "\"load testing\" (load testing)^0.4 at peak"
        );
        assert_eq!(
            quote_known_phrases("the right call", &concepts),
            "the right call"
        );
    }

    #[test]
    fn distance_table() {
        let cases: &[(&str, &str, usize, Option<usize>)] = &[
            ("brodcast", "broadcast", 2, Some(1)),
            ("recieve", "receive", 1, Some(1)),
            ("kafka", "kafka", 1, Some(0)),
            ("spark", "shark", 1, Some(1)),
            ("pipeline", "pipes", 2, None),
        ];
        for (a, b, max, expected) in cases {
            assert_eq!(bounded_distance(a, b, *max), *expected, "{a} {b}");
        }
    }
}
