//! `storybank practice`: a random question, a timed answer, then the best stories.

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{bail, Result};

use crate::cli::PracticeArgs;
use crate::config::Config;
use crate::matcher;
use crate::out;
use crate::questions;

/// The mark a spoken answer should land under.
const TARGET: Duration = Duration::from_secs(120);

pub fn run(config: &Config, args: &PracticeArgs) -> Result<ExitCode> {
    let wait = !args.no_wait;
    if wait && !std::io::stdin().is_terminal() {
        bail!("practice waits for Enter at a terminal, and stdin is not one; use --no-wait to print questions and stories without timing");
    }
    let opened = super::open_index(config)?;
    let lex = opened.lexicon()?;
    let mut qs = questions::load(&config.data, &lex.catalogue)?;
    if let Some(p) = &args.principle {
        let p = lex.catalogue.resolve_arg(p)?;
        qs.retain(|q| q.principles.contains(&p));
    }
    if qs.is_empty() {
        bail!("no question probes that principle in questions.yaml");
    }
    let seed = args.seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1)
    });
    let order = shuffled(qs.len(), seed);
    let stdin = std::io::stdin();
    for (n, i) in order.into_iter().take(args.count.max(1)).enumerate() {
        let q = &qs[i];
        out::print(&format!("\nQuestion {}: {}", n + 1, q.text));
        if wait {
            out::print("(answer out loud, then press Enter)");
            let start = Instant::now();
            let mut line = String::new();
            stdin.lock().read_line(&mut line)?;
            let took = start.elapsed();
            let verdict = if took <= TARGET { "inside" } else { "over" };
            out::print(&format!(
                "You took {}:{:02}, {verdict} the 2:00 mark.",
                took.as_secs() / 60,
                took.as_secs() % 60
            ));
        }
        let r = matcher::run(&opened, lex, &q.text, &q.principles, 3)?;
        if r.hits.is_empty() {
            out::print("No story in your bank fits this question yet.");
        }
        for (k, h) in r.hits.iter().enumerate() {
            out::print(&format!(
                "  {}. {} {} [{}]\n     {}",
                k + 1,
                h.id,
                h.title,
                h.fit.name(),
                h.why
            ));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A permutation of 0..n from `seed` (splitmix64 + Fisher-Yates): same seed, same order.
fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut state = seed;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let mut v: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::shuffled;

    #[test]
    fn same_seed_same_order_and_a_permutation() {
        assert_eq!(shuffled(20, 7), shuffled(20, 7));
        assert_ne!(shuffled(20, 7), shuffled(20, 8));
        let mut v = shuffled(20, 7);
        v.sort();
        assert_eq!(v, (0..20).collect::<Vec<_>>());
    }
}
