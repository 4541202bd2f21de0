//! Quality measurement on judged queries: MRR, Success@1/3, nDCG@5 and
//! principle-detection accuracy, per query kind and overall.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One judged query, in the format of the shared dev sets.
#[derive(Debug, Clone, Deserialize)]
pub struct Judged {
    pub id: String,
    pub kind: String,
    pub text: String,
    #[serde(default)]
    pub principles: Vec<String>,
    /// story id -> grade (2 = the story to tell, 1 = usable)
    pub relevant: BTreeMap<String, u8>,
}

/// What the system answered for one query.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub id: String,
    pub kind: String,
    pub text: String,
    /// Ranked story ids.
    pub ranked: Vec<String>,
    /// Rank (1-based) of the first grade-2 story, if found.
    pub first_hit: Option<usize>,
    pub ndcg5: f64,
    /// Whether the top detected principle is one the query probes (prompts only).
    pub principle_ok: Option<bool>,
    pub top_principle: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub queries: usize,
    pub mrr: f64,
    pub success_at_1: f64,
    pub success_at_3: f64,
    pub ndcg_at_5: f64,
    /// Share of prompts whose top detected principle is probed; None without prompts.
    pub principle_accuracy: Option<f64>,
}

/// Scores one ranking against its judgments.
pub fn outcome(
    q: &Judged,
    ranked: Vec<String>,
    top_principle: Option<String>,
    principle_ok: Option<bool>,
) -> Outcome {
    let grade = |id: &str| -> u8 {
        q.relevant
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(id))
            .map(|(_, g)| *g)
            .unwrap_or(0)
    };
    let first_hit = ranked.iter().position(|id| grade(id) >= 2).map(|i| i + 1);
    let gain = |g: u8| match g {
        2 => 3.0,
        1 => 1.0,
        _ => 0.0,
    };
    let dcg: f64 = ranked
        .iter()
        .take(5)
        .enumerate()
        .map(|(i, id)| gain(grade(id)) / ((i + 2) as f64).log2())
        .sum();
    let mut ideal: Vec<f64> = q.relevant.values().map(|g| gain(*g)).collect();
    ideal.sort_by(|a, b| b.total_cmp(a));
    let idcg: f64 = ideal
        .iter()
        .take(5)
        .enumerate()
        .map(|(i, g)| g / ((i + 2) as f64).log2())
        .sum();
    Outcome {
        id: q.id.clone(),
        kind: q.kind.clone(),
        text: q.text.clone(),
        ranked,
        first_hit,
        ndcg5: if idcg > 0.0 { dcg / idcg } else { 0.0 },
        principle_ok,
        top_principle,
    }
}

pub fn summarize<'a>(outcomes: impl IntoIterator<Item = &'a Outcome>) -> Summary {
    let list: Vec<&Outcome> = outcomes.into_iter().collect();
    let n = list.len();
    if n == 0 {
        return Summary::default();
    }
    let avg = |f: &dyn Fn(&Outcome) -> f64| list.iter().map(|o| f(o)).sum::<f64>() / n as f64;
    let judged: Vec<bool> = list.iter().filter_map(|o| o.principle_ok).collect();
    Summary {
        queries: n,
        mrr: avg(&|o| o.first_hit.map(|r| 1.0 / r as f64).unwrap_or(0.0)),
        success_at_1: avg(&|o| f64::from(u8::from(o.first_hit == Some(1)))),
        success_at_3: avg(&|o| f64::from(u8::from(o.first_hit.is_some_and(|r| r <= 3)))),
        ndcg_at_5: avg(&|o| o.ndcg5),
        principle_accuracy: (!judged.is_empty())
            .then(|| judged.iter().filter(|b| **b).count() as f64 / judged.len() as f64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(rel: &[(&str, u8)]) -> Judged {
        Judged {
            id: "q".into(),
            kind: "prompt".into(),
            text: "t".into(),
            principles: vec![],
            relevant: rel.iter().map(|(k, g)| (k.to_string(), *g)).collect(),
        }
    }

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn ranks_and_gains() {
        let q = judged(&[("A", 2), ("B", 1)]);
        let perfect = outcome(&q, ids(&["A", "B", "C"]), None, None);
        assert_eq!(perfect.first_hit, Some(1));
        assert!((perfect.ndcg5 - 1.0).abs() < 1e-9);
        let second = outcome(&q, ids(&["b", "a"]), None, None);
        assert_eq!(second.first_hit, Some(2), "ids compare in any case");
        assert!(second.ndcg5 < 1.0);
        let miss = outcome(&q, ids(&["C"]), None, None);
        assert_eq!(miss.first_hit, None);
        assert_eq!(miss.ndcg5, 0.0);
    }

    #[test]
    fn summary_table() {
        let q = judged(&[("A", 2)]);
        let outs = [
            outcome(&q, ids(&["A"]), None, Some(true)),
            outcome(&q, ids(&["X", "Y", "A"]), None, Some(false)),
            outcome(&q, ids(&["X"]), None, None),
        ];
        let s = summarize(&outs);
        assert_eq!(s.queries, 3);
        assert!((s.mrr - (1.0 + 1.0 / 3.0) / 3.0).abs() < 1e-9);
        assert!((s.success_at_1 - 1.0 / 3.0).abs() < 1e-9);
        assert!((s.success_at_3 - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(s.principle_accuracy, Some(0.5));
    }
}
