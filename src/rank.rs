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
    }
    fit
}

/// A search candidate's score: text relevance (BM25, normalized to the best
/// candidate) plus metric fit, where a headline number outranks an incidental one.
pub fn search_score(bm25: f32, best_bm25: f32, fit: MetricFit) -> f32 {
    let text = if best_bm25 > 0.0 { bm25 / best_bm25 } else { 0.0 };
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
    text + share * (0.6 + 0.8 * place)
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
        let over_200k = [Filter { kind: Kind::Money, op: Op::Gt, value: 2e5 }];
        let cases: Vec<(Vec<Metric>, MetricFit)> = vec![
            (m("saved $360K/year", "result"), MetricFit { satisfied: 1, total: 1, in_result: true, headline: true }),
            (m("a $2M mismatch", "situation"), MetricFit { satisfied: 1, total: 1, in_result: false, headline: true }),
            (m("saved $45K/month", "result"), MetricFit { satisfied: 0, total: 1, in_result: false, headline: false }),
            (vec![], MetricFit { satisfied: 0, total: 1, in_result: false, headline: false }),
        ];
        for (metrics, expected) in cases {
            let head = crate::metrics::headline(&metrics);
            assert_eq!(metric_fit(&metrics, head, &over_200k), expected, "{metrics:?}");
        }
    }

    #[test]
    fn headline_numbers_outrank_incidental_ones_at_equal_text() {
        let headline = MetricFit { satisfied: 1, total: 1, in_result: true, headline: true };
        let incidental = MetricFit { satisfied: 1, total: 1, in_result: false, headline: false };
        let none = MetricFit { satisfied: 0, total: 1, ..MetricFit::default() };
        let s = |fit| search_score(2.0, 4.0, fit);
        assert!(s(headline) > s(incidental));
        assert!(s(incidental) > s(none));
        // without filters the score is the normalized text relevance
        assert_eq!(search_score(2.0, 4.0, MetricFit::default()), 0.5);
        assert_eq!(search_score(1.0, 0.0, MetricFit::default()), 0.0);
    }
}
