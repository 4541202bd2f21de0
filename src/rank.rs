//! Pure scoring: every input is an argument, nothing is read from disk.
//!
//! Search blends normalized text relevance with metric fit; match blends text
//! relevance on the expanded prompt with principle fit. Both are tables of
//! numbers in, ordered scores out, so they are tested with tables of cases.

use crate::metrics::{Filter, Metric};

/// How well a story's numbers answer the metric filters of a search.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct MetricFit {
    /// Filters with some satisfying metric, of all filters.
    pub satisfied: usize,
    pub total: usize,
    /// A satisfying metric sits in the Result part.
    pub in_result: bool,
    /// The story's headline metric is a satisfying one.
    pub headline: bool,
    /// How close the best satisfying number is to an "about this much" target,
    /// 0..1 (1 for exact, and for filters that are bounds rather than targets).
    pub closeness: f32,
}

/// Measures `metrics` against `filters`; `headline` is the story's lead metric.
pub fn metric_fit(metrics: &[Metric], headline: Option<&Metric>, filters: &[Filter]) -> MetricFit {
    let mut fit = MetricFit {
        total: filters.len(),
        ..MetricFit::default()
    };
    for f in filters {
        let hits: Vec<&Metric> = metrics.iter().filter(|m| f.accepts(m)).collect();
        if hits.is_empty() {
            continue;
        }
        fit.satisfied += 1;
        fit.in_result |= hits.iter().any(|m| m.part == "result");
        fit.headline |= headline.is_some_and(|h| f.accepts(h));
        let close = hits.iter().map(|m| closeness(f, m)).fold(0.0, f32::max);
        fit.closeness = if fit.satisfied == 1 {
            close
        } else {
            fit.closeness.min(close)
        };
    }
    fit
}

/// 1 at the target of a `Near` filter, falling to 0 at the edge of its window.
fn closeness(f: &Filter, m: &Metric) -> f32 {
    if f.op != crate::metrics::Op::Near || f.value == 0.0 || m.value == 0.0 {
        return 1.0;
    }
    let ratio = (m.value / f.value).abs().ln().abs() / 1.5f64.ln();
    (1.0 - ratio).clamp(0.0, 1.0) as f32
}

/// A search candidate's score: text relevance (BM25, normalized to the best
/// candidate) plus metric fit, where a headline number outranks an incidental one.
pub fn search_score(bm25: f32, best_bm25: f32, fit: MetricFit) -> f32 {
    let text = if best_bm25 > 0.0 {
        bm25 / best_bm25
    } else {
        0.0
    };
    if fit.total == 0 {
        return text;
    }
    let share = fit.satisfied as f32 / fit.total as f32;
    let place = if fit.headline {
        1.0
    } else if fit.in_result {
        0.6
    } else {
        0.3
    };
    text + share * (0.4 + 0.8 * place + 0.4 * fit.closeness)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::{extract, Kind, Op};

    fn m(text: &str, part: &str) -> Vec<Metric> {
        extract(text, part)
    }

    #[test]
    fn metric_fit_table() {
        let over_200k = [Filter {
            kind: Kind::Money,
            op: Op::Gt,
            value: 2e5,
            unit: None,
        }];
        let cases: Vec<(Vec<Metric>, MetricFit)> = vec![
            (
                m("saved $360K/year", "result"),
                MetricFit {
                    satisfied: 1,
                    total: 1,
                    in_result: true,
                    headline: true,
                    closeness: 1.0,
                },
            ),
            (
                m("a $2M mismatch", "situation"),
                MetricFit {
                    satisfied: 1,
                    total: 1,
                    in_result: false,
                    headline: true,
                    closeness: 1.0,
                },
            ),
            (
                m("saved $45K/month", "result"),
                MetricFit {
                    satisfied: 0,
                    total: 1,
                    in_result: false,
                    headline: false,
                    closeness: 0.0,
                },
            ),
            (
                vec![],
                MetricFit {
                    satisfied: 0,
                    total: 1,
                    in_result: false,
                    headline: false,
                    closeness: 0.0,
                },
            ),
        ];
        for (metrics, expected) in cases {
            let head = crate::metrics::headline(&metrics);
            assert_eq!(
                metric_fit(&metrics, head, &over_200k),
                expected,
                "{metrics:?}"
            );
        }
    }

    #[test]
    fn an_exact_number_outranks_a_nearby_one() {
        let about_500k = [Filter {
            kind: Kind::Money,
            op: Op::Near,
            value: 5e5,
            unit: None,
        }];
        let exact = m("added $500K in revenue", "result");
        let near = m("saved $360K/year", "result");
        let fe = metric_fit(&exact, exact.first(), &about_500k);
        let fn_ = metric_fit(&near, near.first(), &about_500k);
        assert!(fe.closeness > fn_.closeness);
        assert!(search_score(1.0, 1.0, fe) > search_score(1.0, 1.0, fn_));
    }

    #[test]
    fn headline_numbers_outrank_incidental_ones_at_equal_text() {
        let headline = MetricFit {
            satisfied: 1,
            total: 1,
            in_result: true,
            headline: true,
            closeness: 1.0,
        };
        let incidental = MetricFit {
            satisfied: 1,
            total: 1,
            in_result: false,
            headline: false,
            closeness: 1.0,
        };
        let none = MetricFit {
            satisfied: 0,
            total: 1,
            ..MetricFit::default()
        };
        let s = |fit| search_score(2.0, 4.0, fit);
        assert!(s(headline) > s(incidental));
        assert!(s(incidental) > s(none));
        // without filters the score is the normalized text relevance
        assert_eq!(search_score(2.0, 4.0, MetricFit::default()), 0.5);
        assert_eq!(search_score(1.0, 0.0, MetricFit::default()), 0.0);
    }
}

/// What ranking needs to know about one match candidate.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MatchInput {
    /// BM25 of the expanded prompt against the story.
    pub bm25: f32,
    /// Share of the prompt's own words (not expansions) the story contains, 0..1;
    /// a word met only through one of its concepts counts half.
    pub coverage: f32,
    /// Principles the story declares (catalogue indices).
    pub declared: Vec<usize>,
    /// Weighted cue hits per principle in the story's text.
    pub cues: Vec<f32>,
}

/// The parts of a match score, kept for the explanation.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct MatchScore {
    pub total: f32,
    pub text: f32,
    /// How well the story's principles answer the probed ones, 0..1.
    pub principle: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Fit {
    Strong,
    Workable,
    Stretch,
}

impl Fit {
    pub fn name(self) -> &'static str {
        match self {
            Fit::Strong => "strong",
            Fit::Workable => "workable",
            Fit::Stretch => "stretch",
        }
    }
}

/// Weight of text relevance against principle fit. Text says what happened;
/// principles say why an interviewer would care. Both are 0..1 before weighting.
const W_TEXT: f32 = 1.0;
/// Coverage is absolute where BM25 is relative to the best candidate: it keeps a
/// story rich in one principle's words from outranking one about the question.
const W_COVERAGE: f32 = 1.0;
const W_DECLARED: f32 = 1.0;
const W_INFERRED: f32 = 1.0;

/// How strongly a story shows principle `p` in its own words, 0..1: saturating
/// in the cue weight, and relative to the story's strongest principle.
pub fn shows(cues: &[f32], p: usize) -> f32 {
    let c = cues.get(p).copied().unwrap_or(0.0);
    let max = cues.iter().copied().fold(0.0, f32::max);
    if max <= 0.0 {
        return 0.0;
    }
    0.5 * (c / (c + 4.0)) + 0.5 * (c / max)
}

/// Scores one candidate against the probed principles (weights 0..1, best first).
pub fn match_score(
    c: &MatchInput,
    best_bm25: f32,
    probed: &[(usize, f32)],
    confidence: f32,
) -> MatchScore {
    let text = if best_bm25 > 0.0 {
        c.bm25 / best_bm25
    } else {
        0.0
    };
    let total_w: f32 = probed.iter().map(|(_, w)| w).sum();
    let (mut declared, mut inferred) = (0.0, 0.0);
    if total_w > 0.0 {
        for (p, w) in probed {
            if c.declared.contains(p) {
                declared += w;
            }
            inferred += w * shows(&c.cues, *p);
        }
        declared /= total_w;
        inferred /= total_w;
    }
    MatchScore {
        total: W_TEXT * text
            + W_COVERAGE * c.coverage
            + confidence * (W_DECLARED * declared + W_INFERRED * inferred),
        text,
        principle: declared.max(inferred).min(1.0),
    }
}

/// Strong: the story is about what was asked and answers the principle probed.
/// Workable: one of the two. Stretch: a distant fit, worth telling only if nothing else.
/// "About" is absolute (the share of the prompt's words the story covers), so
/// the best of a weak field is not called strong.
pub fn fit(score: &MatchScore, coverage: f32, probed_any: bool) -> Fit {
    let about = coverage >= 0.5 || (coverage >= 0.3 && score.text >= 0.75);
    let answers = if probed_any {
        score.principle >= 0.5
    } else {
        about
    };
    match (about, answers) {
        (true, true) => Fit::Strong,
        (true, false) | (false, true) => Fit::Workable,
        (false, false) => Fit::Stretch,
    }
}

#[cfg(test)]
mod match_tests {
    use super::*;

    fn input(bm25: f32, declared: Vec<usize>, cues: Vec<f32>) -> MatchInput {
        MatchInput {
            bm25,
            coverage: 0.5,
            declared,
            cues,
        }
    }

    #[test]
    fn principle_fit_breaks_text_ties() {
        let probed = [(0usize, 1.0)];
        let declares = input(2.0, vec![0], vec![0.0, 0.0]);
        let shows_it = input(2.0, vec![], vec![6.0, 1.0]);
        let neither = input(2.0, vec![1], vec![0.0, 6.0]);
        let s = |c: &MatchInput| match_score(c, 2.0, &probed, 1.0).total;
        assert!(s(&declares) > s(&neither));
        assert!(s(&shows_it) > s(&neither));
    }

    #[test]
    fn text_orders_stories_of_equal_principle_fit() {
        let probed = [(0usize, 1.0)];
        let closer = input(4.0, vec![0], vec![3.0, 1.0]);
        let farther = input(2.0, vec![0], vec![3.0, 1.0]);
        assert!(
            match_score(&closer, 4.0, &probed, 1.0).total
                > match_score(&farther, 4.0, &probed, 1.0).total
        );
    }

    #[test]
    fn covering_more_of_the_prompt_wins_at_equal_bm25() {
        let probed = [(0usize, 1.0)];
        let mut wide = input(2.0, vec![0], vec![3.0, 1.0]);
        wide.coverage = 1.0;
        let mut narrow = input(2.0, vec![0], vec![3.0, 1.0]);
        narrow.coverage = 0.25;
        assert!(
            match_score(&wide, 2.0, &probed, 1.0).total
                > match_score(&narrow, 2.0, &probed, 1.0).total
        );
    }

    #[test]
    fn low_confidence_detection_leans_on_text() {
        let probed = [(0usize, 1.0)];
        let on_topic = input(4.0, vec![], vec![0.0, 3.0]);
        let on_principle = input(2.0, vec![0], vec![6.0, 0.0]);
        let s = |c: &MatchInput, conf| match_score(c, 4.0, &probed, conf).total;
        assert!(s(&on_principle, 1.0) > s(&on_topic, 1.0));
        assert!(s(&on_topic, 0.2) > s(&on_principle, 0.2));
    }

    #[test]
    fn fit_levels_table() {
        let sc = |text, principle| MatchScore {
            total: 0.0,
            text,
            principle,
        };
        let cases = [
            (sc(1.0, 0.8), 0.6, true, Fit::Strong),
            (sc(0.8, 0.8), 0.3, true, Fit::Strong),
            (sc(1.0, 0.1), 0.6, true, Fit::Workable),
            (sc(0.5, 0.8), 0.3, true, Fit::Workable),
            // the best text of a weak field is not "about" the prompt
            (sc(1.0, 0.1), 0.25, true, Fit::Stretch),
            (sc(0.2, 0.1), 0.1, true, Fit::Stretch),
            (sc(0.9, 0.0), 0.6, false, Fit::Strong),
            (sc(0.9, 0.0), 0.2, false, Fit::Stretch),
        ];
        for (score, coverage, probed, expected) in cases {
            assert_eq!(
                fit(&score, coverage, probed),
                expected,
                "{score:?} {coverage}"
            );
        }
    }

    #[test]
    fn shows_is_bounded() {
        assert_eq!(shows(&[0.0, 0.0], 0), 0.0);
        let v = shows(&[100.0, 1.0], 0);
        assert!(v > 0.9 && v <= 1.0, "{v}");
        assert!(shows(&[1.0, 10.0], 0) < shows(&[10.0, 1.0], 0));
    }
}
