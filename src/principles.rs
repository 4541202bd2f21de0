//! The Leadership Principle catalogue: official names, codes, aliases and cue vocabulary.
//!
//! The default is compiled in from `data/principles.yaml`; a file of that name in the
//! user's data directory replaces it, so a fresh `--data` directory works as is.

use std::path::Path;

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};

use crate::store::read_vocabulary;

const DEFAULT: &str = include_str!("../data/principles.yaml");
pub const FILE: &str = "principles.yaml";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Principle {
    pub name: String,
    pub code: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub cues: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    pub principles: Vec<Principle>,
    /// normalized name, code or alias -> index; built on first use
    #[serde(skip)]
    keys: std::sync::OnceLock<std::collections::HashMap<String, usize>>,
}

impl Catalogue {
    /// The catalogue of `data_dir`, or the built-in one when it has none.
    pub fn load(data_dir: &Path) -> Result<Catalogue> {
        let cat: Catalogue = read_vocabulary(data_dir, FILE, DEFAULT)?;
        if cat.is_empty() {
            bail!("{}: lists no principles", data_dir.join(FILE).display());
        }
        Ok(cat)
    }

    /// The built-in catalogue.
    #[cfg(test)]
    pub fn builtin() -> Catalogue {
        serde_norway::from_str(DEFAULT)
            .context("built-in principles.yaml")
            .expect("the compiled-in catalogue parses")
    }

    pub fn len(&self) -> usize {
        self.principles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.principles.is_empty()
    }

    pub fn get(&self, idx: usize) -> &Principle {
        &self.principles[idx]
    }

    /// Index of the principle called `name` by its name, code or an alias, in any
    /// case and punctuation ("disagree & commit", "HB", "Are right a lot").
    pub fn resolve(&self, name: &str) -> Option<usize> {
        let key = normalize(name);
        if key.is_empty() {
            return None;
        }
        let keys = self.keys.get_or_init(|| {
            let mut m = std::collections::HashMap::new();
            // reversed, so the first principle to claim a key keeps it
            for (i, p) in self.principles.iter().enumerate().rev() {
                m.insert(normalize(&p.name), i);
                m.insert(normalize(&p.code), i);
                for a in &p.aliases {
                    m.insert(normalize(a), i);
                }
            }
            m
        });
        keys.get(&key).copied()
    }

    /// `resolve`, or an error that lists what is accepted.
    pub fn resolve_arg(&self, name: &str) -> Result<usize> {
        self.resolve(name).with_context(|| {
            format!(
                "unknown principle {name:?}; use a name, alias or code from `storybank principles` (e.g. {:?} or {:?})",
                self.principles[0].name, self.principles[0].code
            )
        })
    }

    /// Every principle named anywhere in `text`, in order of appearance, longest
    /// names first where they overlap ("Disagree and Commit" before "Disagree").
    pub fn find_in(&self, text: &str) -> Vec<usize> {
        let hay = format!(" {} ", normalize(text));
        let mut names: Vec<(String, usize)> = Vec::new();
        for (i, p) in self.principles.iter().enumerate() {
            names.push((normalize(&p.name), i));
            for a in &p.aliases {
                names.push((normalize(a), i));
            }
        }
        names.sort_by_key(|n| std::cmp::Reverse(n.0.len()));
        let mut taken = vec![false; hay.len()];
        let mut found: Vec<(usize, usize)> = Vec::new();
        for (name, idx) in names {
            if name.is_empty() {
                continue;
            }
            let needle = format!(" {name} ");
            let mut from = 0;
            while let Some(pos) = hay[from..].find(&needle) {
                let start = from + pos;
                let end = start + needle.len();
                if !taken[start + 1..end - 1].iter().any(|t| *t) {
                    taken[start + 1..end - 1].iter_mut().for_each(|t| *t = true);
                    found.push((start, idx));
                }
                from = start + 1;
            }
        }
        found.sort();
        let mut out = Vec::new();
        for (_, idx) in found {
            if !out.contains(&idx) {
                out.push(idx);
            }
        }
        out
    }
}

/// Lowercase words separated by single spaces; `&` reads as "and", apostrophes vanish.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\'' | '’' => {}
            '&' => out.push_str(" and "),
            c if c.is_alphanumeric() => out.extend(c.to_lowercase()),
            _ => out.push(' '),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_has_the_sixteen_official_principles() {
        let cat = Catalogue::builtin();
        assert_eq!(cat.len(), 16);
        assert_eq!(cat.get(12).name, "Have Backbone; Disagree and Commit");
        let mut codes: Vec<_> = cat.principles.iter().map(|p| p.code.clone()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), 16, "codes are unique");
    }

    #[test]
    fn resolve_table() {
        let cat = Catalogue::builtin();
        let cases: &[(&str, Option<&str>)] = &[
            ("Ownership", Some("Ownership")),
            ("ownership", Some("Ownership")),
            ("OW", Some("Ownership")),
            ("Backbone", Some("Have Backbone; Disagree and Commit")),
            (
                "disagree & commit",
                Some("Have Backbone; Disagree and Commit"),
            ),
            ("Customer Focus", Some("Customer Obsession")),
            ("are right a lot", Some("Are Right, A Lot")),
            (
                "Earths best employer",
                Some("Strive to be Earth's Best Employer"),
            ),
            (
                "Success and Scale",
                Some("Success and Scale Bring Broad Responsibility"),
            ),
            ("Teamwork", None),
            ("", None),
        ];
        for (input, expected) in cases {
            let got = cat.resolve(input).map(|i| cat.get(i).name.as_str());
            assert_eq!(got, *expected, "input {input:?}");
        }
    }

    #[test]
    fn find_in_section_headings() {
        let cat = Catalogue::builtin();
        let names = |t: &str| -> Vec<String> {
            cat.find_in(t)
                .into_iter()
                .map(|i| cat.get(i).code.clone())
                .collect()
        };
        assert_eq!(names("1️⃣ Ownership / Dive Deep (Q91-Q95)"), ["OW", "DD"]);
        assert_eq!(
            names("Bias for Action / Deliver Results (Q96-Q100)"),
            ["BA", "DR"]
        );
        assert_eq!(names("Disagree and Commit / Deliver Results"), ["HB", "DR"]);
        assert_eq!(names("Are Right, A Lot / Dive Deep"), ["AR", "DD"]);
        assert!(names("Part 2: Additional Behavioral Questions (Q101-Q104)").is_empty());
    }
}
