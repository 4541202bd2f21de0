//! Loop planning: give every probed principle a distinct story and backup so the
//! total fit is as high as possible (an assignment problem, solved exactly).

/// Default order of principles by how often loops probe them.
pub const DEFAULT_ORDER: [&str; 16] = [
    "CO", "OW", "DR", "BA", "DD", "HB", "ET", "IS", "AR", "HS", "LC", "HD", "FR", "TB", "BE", "SS",
];

/// A backup matters, but less than the story told first.
pub const BACKUP_WEIGHT: f64 = 0.5;

/// Below this, a story's text does not show a principle well enough to tell it.
const MIN_SHOWS: f32 = 0.25;

/// How well one story fits each probed principle: 1 where it declares it, else
/// how clearly its text shows it (0 below `MIN_SHOWS`).
pub fn fits(declared: &[usize], cues: &[f32], probed: &[usize]) -> Vec<f64> {
    probed
        .iter()
        .map(|p| {
            let shows = crate::rank::shows(cues, *p);
            if declared.contains(p) {
                1.0
            } else if shows >= MIN_SHOWS {
                f64::from(shows)
            } else {
                0.0
            }
        })
        .collect()
}

/// One line of a loop plan: indices into the stories given to `plan`.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub round: usize,
    pub principle: usize,
    pub story: Option<usize>,
    pub backup: Option<usize>,
}

/// The loop: `fit[story][k]` for `probed[k]`; every probed principle gets a
/// story and a backup (worth `BACKUP_WEIGHT`), all distinct, total fit maximal.
pub fn plan(fit: &[Vec<f64>], probed: &[usize], n_rounds: usize) -> Vec<Row> {
    let n = probed.len();
    // slots: every principle's story, then every principle's backup
    let mut weights: Vec<Vec<f64>> = Vec::new();
    for k in 0..n {
        weights.push(fit.iter().map(|f| f[k]).collect());
    }
    for k in 0..n {
        weights.push(fit.iter().map(|f| f[k] * BACKUP_WEIGHT).collect());
    }
    let chosen = assign(&weights);
    let mut rows = Vec::new();
    for (r, ps) in rounds(probed, n_rounds).iter().enumerate() {
        for p in ps {
            let k = probed.iter().position(|x| x == p).expect("probed");
            rows.push(Row {
                round: r + 1,
                principle: *p,
                story: chosen[k],
                backup: chosen[n + k],
            });
        }
    }
    rows
}

/// Which principles each round probes: `probed` split round-robin so every
/// round gets its share (2–3 each for the default spread).
pub fn rounds(probed: &[usize], n_rounds: usize) -> Vec<Vec<usize>> {
    let n = n_rounds.max(1);
    let mut out = vec![Vec::new(); n];
    for (i, p) in probed.iter().enumerate() {
        out[i % n].push(*p);
    }
    out
}

/// How many principles a loop of `n` rounds probes by default: 2–3 per round.
pub fn default_count(n_rounds: usize) -> usize {
    (n_rounds * 5).div_ceil(2).min(16)
}

/// Assigns stories to slots maximizing total weight; `weight[slot][story]`,
/// zero meaning "does not fit". Returns, per slot, the story or None. Each
/// story is used at most once. Exact (Hungarian algorithm, O(n³)).
pub fn assign(weight: &[Vec<f64>]) -> Vec<Option<usize>> {
    let rows = weight.len();
    let cols = weight.iter().map(Vec::len).max().unwrap_or(0);
    if rows == 0 || cols == 0 {
        return vec![None; rows];
    }
    let n = rows.max(cols);
    let max = weight.iter().flatten().copied().fold(0.0, f64::max);
    // minimize cost = max - weight on a square matrix padded with "no fit"
    let cost = |r: usize, c: usize| -> f64 {
        match weight.get(r).and_then(|row| row.get(c)) {
            Some(w) => max - w,
            None => max,
        }
    };
    let inf = f64::INFINITY;
    let (mut u, mut v) = (vec![0.0; n + 1], vec![0.0; n + 1]);
    let (mut p, mut way) = (vec![0usize; n + 1], vec![0usize; n + 1]);
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0;
        let mut minv = vec![inf; n + 1];
        let mut used = vec![false; n + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = inf;
            let mut j1 = 0;
            for j in 1..=n {
                if !used[j] {
                    let cur = cost(i0 - 1, j - 1) - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=n {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    let mut out = vec![None; rows];
    for (j, row) in p.iter().enumerate().skip(1) {
        let (r, c) = (row - 1, j - 1);
        if r < rows && c < cols && weight[r].get(c).copied().unwrap_or(0.0) > 0.0 {
            out[r] = Some(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn total(w: &[Vec<f64>], a: &[Option<usize>]) -> f64 {
        a.iter()
            .enumerate()
            .filter_map(|(r, c)| c.map(|c| w[r][c]))
            .sum()
    }

    #[test]
    fn beats_greedy_where_greedy_fails() {
        // greedy gives slot 0 story 0 (0.9), leaving slot 1 story 1 (0.1): 1.0
        // the optimum is 0.8 + 0.8 = 1.6
        let w = vec![vec![0.9, 0.8], vec![0.8, 0.1]];
        let a = assign(&w);
        assert_eq!(a, vec![Some(1), Some(0)]);
        assert!((total(&w, &a) - 1.6).abs() < 1e-9);
    }

    #[test]
    fn every_story_once_and_zero_means_unassigned() {
        let w = vec![vec![1.0, 0.0], vec![1.0, 0.0], vec![0.0, 0.0]];
        let a = assign(&w);
        let used: Vec<usize> = a.iter().flatten().copied().collect();
        assert_eq!(used.len(), 1, "{a:?}");
        assert_eq!(a[2], None);
    }

    #[test]
    fn more_slots_than_stories_and_the_reverse() {
        assert_eq!(assign(&[vec![0.5], vec![0.7]]), vec![None, Some(0)]);
        assert_eq!(assign(&[vec![0.2, 0.9, 0.4]]), vec![Some(1)]);
        assert_eq!(assign(&[]), Vec::<Option<usize>>::new());
    }

    #[test]
    fn matches_brute_force_on_small_tables() {
        // deterministic pseudo-random tables, checked against every permutation
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % 100) as f64 / 100.0
        };
        for _ in 0..30 {
            let w: Vec<Vec<f64>> = (0..4).map(|_| (0..5).map(|_| next()).collect()).collect();
            let best = brute(&w, 0, &mut vec![false; 5]);
            assert!((total(&w, &assign(&w)) - best).abs() < 1e-9);
        }
    }

    fn brute(w: &[Vec<f64>], r: usize, used: &mut Vec<bool>) -> f64 {
        if r == w.len() {
            return 0.0;
        }
        let mut best = brute(w, r + 1, used);
        for c in 0..used.len() {
            if !used[c] {
                used[c] = true;
                best = best.max(w[r][c] + brute(w, r + 1, used));
                used[c] = false;
            }
        }
        best
    }

    #[test]
    fn a_plan_never_repeats_a_story_and_prefers_declared_fits() {
        // three stories, two principles: story 0 fits both, 1 only the first, 2 only the second
        let fit = vec![vec![1.0, 1.0], vec![0.6, 0.0], vec![0.0, 0.6]];
        let rows = plan(&fit, &[7, 9], 1);
        let used: Vec<usize> = rows
            .iter()
            .flat_map(|r| [r.story, r.backup])
            .flatten()
            .collect();
        let mut dedup = used.clone();
        dedup.sort();
        dedup.dedup();
        assert_eq!(used.len(), dedup.len(), "{rows:?}");
        assert!(rows.iter().all(|r| r.story.is_some()), "{rows:?}");
        assert_eq!(
            rows.iter().filter(|r| r.backup.is_some()).count(),
            1,
            "only three stories for four slots"
        );
    }

    #[test]
    fn rounds_get_two_or_three_principles() {
        let probed: Vec<usize> = (0..default_count(4)).collect();
        let r = rounds(&probed, 4);
        assert!(r.iter().all(|x| (2..=3).contains(&x.len())), "{r:?}");
    }
}
