//! Numbers in stories: money, percent, durations, counts, multipliers and
//! before→after changes, normalized so they can be compared and filtered.
//!
//! The same extractor reads stories at index time and the numbers inside a
//! search query ("saved more than $200K"), so both sides agree on units.

use std::fmt;
use std::sync::OnceLock;

use anyhow::{bail, Result};
use regex::Regex;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Money,
    Change,
    Percent,
    Multiplier,
    Duration,
    Count,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Money,
        Kind::Change,
        Kind::Percent,
        Kind::Multiplier,
        Kind::Duration,
        Kind::Count,
    ];
    pub fn name(self) -> &'static str {
        match self {
            Kind::Money => "money",
            Kind::Change => "change",
            Kind::Percent => "percent",
            Kind::Multiplier => "x",
            Kind::Duration => "duration",
            Kind::Count => "count",
        }
    }
    fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "money" | "cost" | "usd" | "$" => Kind::Money,
            "change" | "delta" => Kind::Change,
            "percent" | "pct" | "%" => Kind::Percent,
            "x" | "multiplier" | "factor" | "times" => Kind::Multiplier,
            "duration" | "time" => Kind::Duration,
            "count" | "n" | "number" => Kind::Count,
            _ => return None,
        })
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One quantified statement in a story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metric {
    pub kind: Kind,
    /// money in currency units, percent as a number, duration in seconds,
    /// multiplier as a factor, change as relative percent (−67 for 45→15).
    pub value: f64,
    /// "USD", "EUR", "GBP", "%", "s", "x", or a count's noun ("records").
    pub unit: String,
    /// "month", "year", "week", "day", "hour" when the amount is a rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// The words it came from.
    pub phrase: String,
    /// The story part it came from (situation, task, action, result, title, notes).
    pub part: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<f64>,
}

/// Compiles once. ASCII classes (`\d`, `\b`, `(?i)`) keep compiles cheap, which
/// matters in a process that lives for one query.
fn rx(cell: &'static OnceLock<Regex>, p: &str) -> &'static Regex {
    cell.get_or_init(|| {
        regex::RegexBuilder::new(p)
            .unicode(false)
            .build()
            .expect("static regex")
    })
}

const NUM: &str = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?";
const PERIOD: &str = r"(?:\s?(?:/|per\s|a\s|an\s|each\s)\s?(?P<per>month|mo|year|yr|annum|annually|week|wk|day|hour|hr|quarter|qtr)\b)?";

fn money_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    rx(
        &R,
        &format!(
            r"(?i)(?P<cur>\$|€|£)\s?(?P<num>{NUM})\s?(?P<mag>k|m|mm|b|bn|thousand|million|billion)?\b{PERIOD}"
        ),
    )
}
fn percent_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    rx(&R, &format!(r"(?P<num>{NUM})\s?(?:%|percent\b)"))
}
fn multiplier_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    rx(&R, &format!(r"(?i)\b(?P<num>{NUM})\s?(?:x|×)(?:\b|$)"))
}
fn duration_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    rx(
        &R,
        &format!(
            r"(?i)\b(?P<num>{NUM})\+?\s?-?(?P<unit>milliseconds?|ms|seconds?|secs?|minutes?|mins?|min|hours?|hrs?|h|days?|weeks?|wks?|months?|years?|yrs?|quarters?)\b{PERIOD}"
        ),
    )
}
fn count_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    rx(
        &R,
        &format!(
            r"(?i)\b(?P<num>{NUM})\s?(?P<mag>k|m|b)?\+?\s+(?:(?:fewer|more|other|new|extra|additional|of)\s+)?(?P<noun>[a-z][a-z\-]{{2,}})"
        ),
    )
}
fn change_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    let q = r"(?:\$|€|£)?\s?\d[\d,]*(?:\.\d+)?\s?(?:k|m|bn|b)?\s?(?:%|[a-z]+)?(?:/[a-z]+)?";
    rx(
        &R,
        &format!(
            r"(?i)(?:\bfrom\s+(?P<a>{q})\s+(?:to|→|->)\s+(?P<b>{q}))|(?:(?P<c>{q})\s*(?:→|->|to)\s*(?P<d>{q}))"
        ),
    )
}
fn word_change_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    rx(
        &R,
        r"(?i)\b(halved|cut (?:it |that |this )?in half|doubled|tripled|quadrupled)\b",
    )
}

fn magnitude(m: Option<&str>) -> f64 {
    match m.map(|s| s.to_lowercase()).as_deref() {
        Some("k") | Some("thousand") => 1e3,
        Some("m") | Some("mm") | Some("million") => 1e6,
        Some("b") | Some("bn") | Some("billion") => 1e9,
        _ => 1.0,
    }
}

fn number(s: &str) -> Option<f64> {
    s.replace(',', "").parse().ok()
}

fn period(p: Option<&str>) -> Option<String> {
    let p = p?.to_lowercase();
    Some(
        match p.as_str() {
            "mo" | "month" => "month",
            "yr" | "year" | "annum" | "annually" => "year",
            "wk" | "week" => "week",
            "day" => "day",
            "hr" | "hour" => "hour",
            "quarter" | "qtr" => "quarter",
            _ => return None,
        }
        .to_string(),
    )
}

/// Seconds in a duration unit.
fn seconds(unit: &str) -> Option<f64> {
    let u = unit.to_lowercase();
    let u = u.trim_end_matches('s');
    Some(match u {
        "m" if unit.eq_ignore_ascii_case("ms") => 0.001,
        "millisecond" => 0.001,
        "" | "sec" | "second" => 1.0,
        "min" | "minute" => 60.0,
        "h" | "hr" | "hour" => 3600.0,
        "day" => 86400.0,
        "week" | "wk" => 604_800.0,
        "month" => 2_629_800.0,
        "year" | "yr" => 31_557_600.0,
        "quarter" => 7_889_400.0,
        _ => return None,
    })
}

const NOT_COUNT_NOUNS: &[&str] = &[
    "am", "pm", "to", "and", "or", "of", "the", "in", "on", "at", "for", "with", "a", "an", "jan",
    "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "fewer", "more",
    "other", "times", "percent", "out", "than", "vs", "by", "from", "when", "if", "while",
    "because", "but", "after", "before", "per", "each", "during", "until", "into", "is", "was",
    "were", "are", "be", "it", "that", "this", "which", "as", "so",
];

/// A quantity and its kind (money, duration or a plain number), so that two
/// sides of a comparison are only compared when they measure the same thing.
fn typed_quantity(s: &str) -> Option<(Kind, f64)> {
    let s = s.trim();
    if let Some(c) = money_re().captures(s) {
        return Some((
            Kind::Money,
            number(&c["num"])? * magnitude(c.name("mag").map(|m| m.as_str())),
        ));
    }
    if let Some(c) = duration_re().captures(s) {
        return Some((Kind::Duration, number(&c["num"])? * seconds(&c["unit"])?));
    }
    static PLAIN: OnceLock<Regex> = OnceLock::new();
    let c = rx(&PLAIN, r"(?i)(\d[\d,]*(?:\.\d+)?)\s?(k|m)?\b").captures(s)?;
    Some((
        Kind::Count,
        number(&c[1])? * magnitude(c.get(2).map(|m| m.as_str())),
    ))
}

/// "7 weeks versus 5 months", "3 days (vs 2+ weeks)", "11 weeks against a
/// 6-month estimate": the new value, then the baseline it is compared with.
fn versus_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    let q = r"(?:\$|€|£)?\d[\d,]*(?:\.\d+)?\+?\s?-?(?:k|m|bn|b)?\s?(?:%|[a-z]+)?";
    rx(
        &R,
        &format!(
            r"(?i)(?P<new>{q})(?u:[^.;\n]){{0,40}}?\(?\b(?:vs\.?|versus|against an?|instead of|compared (?:to|with))\s+(?:~|about\s+|over\s+)?(?P<old>{q})"
        ),
    )
}

/// What a change measures, for `Metric::unit` of a change.
fn base_unit(k: Kind) -> &'static str {
    match k {
        Kind::Money => "money",
        Kind::Duration => "duration",
        _ => "number",
    }
}

/// "from months to weeks": a change told in units alone.
fn unit_change_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    let u = r"(seconds|minutes|hours|days|weeks|months|years|quarters)";
    rx(
        &R,
        &format!(r"(?i)\bfrom\s+{u}\s+(?:down\s+|up\s+)?to\s+{u}\b"),
    )
}

/// Every metric in `text`, attributed to `part`.
pub fn extract(text: &str, part: &str) -> Vec<Metric> {
    // no digit and no "halved"/"doubled": nothing to find, and no regex to compile
    let lower = text.to_ascii_lowercase();
    if !text.bytes().any(|b| b.is_ascii_digit())
        && !["halv", "half", "doubl", "tripl", "quadrupl", "from "]
            .iter()
            .any(|w| lower.contains(w))
    {
        return Vec::new();
    }
    let mut out: Vec<Metric> = Vec::new();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let free = |taken: &Vec<(usize, usize)>, s: usize, e: usize| {
        taken.iter().all(|(a, b)| e <= *a || s >= *b)
    };
    let mk = |kind, value, unit: &str, period: Option<String>, phrase: &str| Metric {
        kind,
        value,
        unit: unit.to_string(),
        period,
        phrase: balanced(phrase.trim()),
        part: part.to_string(),
        from: None,
        to: None,
    };
    for c in change_re().captures_iter(text) {
        let (a, b) = match (c.name("a"), c.name("b"), c.name("c"), c.name("d")) {
            (Some(a), Some(b), _, _) => (a, b),
            (_, _, Some(a), Some(b)) => (a, b),
            _ => continue,
        };
        let whole = c.get(0).expect("match");
        // both sides need a digit and a unit or the same shape, not "Day 1-3" style ranges
        let (Some((kx, x)), Some((_, y))) =
            (typed_quantity(a.as_str()), typed_quantity(b.as_str()))
        else {
            continue;
        };
        if x == 0.0
            || !a.as_str().chars().any(|ch| ch.is_ascii_digit())
            || !b.as_str().chars().any(|ch| ch.is_ascii_digit())
        {
            continue;
        }
        let plain_numbers = !a
            .as_str()
            .chars()
            .any(|ch| ch.is_alphabetic() || "$€£%/".contains(ch))
            && !b
                .as_str()
                .chars()
                .any(|ch| ch.is_alphabetic() || "$€£%/".contains(ch));
        if plain_numbers && !whole.as_str().to_lowercase().starts_with("from") {
            continue;
        }
        let base = if a.as_str().contains('%') {
            "%"
        } else {
            base_unit(kx)
        };
        let mut m = mk(
            Kind::Change,
            ((y - x) / x * 1000.0).round() / 10.0,
            base,
            None,
            whole.as_str(),
        );
        m.from = Some(x);
        m.to = Some(y);
        out.push(m);
    }
    for c in versus_re().captures_iter(text) {
        let (Some(new), Some(old)) = (typed_quantity(&c["new"]), typed_quantity(&c["old"])) else {
            continue;
        };
        // same kind on both sides, and a kind worth comparing
        if new.0 != old.0 || new.0 == Kind::Count || old.1 == 0.0 {
            continue;
        }
        let mut m = mk(
            Kind::Change,
            ((new.1 - old.1) / old.1 * 1000.0).round() / 10.0,
            base_unit(new.0),
            None,
            c.get(0).expect("match").as_str(),
        );
        m.from = Some(old.1);
        m.to = Some(new.1);
        out.push(m);
    }
    for c in unit_change_re().captures_iter(text) {
        let (Some(a), Some(b)) = (seconds(&c[1]), seconds(&c[2])) else {
            continue;
        };
        out.push(mk(
            Kind::Change,
            ((b - a) / a * 1000.0).round() / 10.0,
            "duration",
            None,
            c.get(0).expect("match").as_str(),
        ));
    }
    for c in word_change_re().captures_iter(text) {
        let w = c[1].to_lowercase();
        let v = if w.starts_with("halved") || w.starts_with("cut") {
            -50.0
        } else if w == "doubled" {
            100.0
        } else if w == "tripled" {
            200.0
        } else {
            300.0
        };
        out.push(mk(Kind::Change, v, "", None, &c[1]));
    }
    for c in money_re().captures_iter(text) {
        let whole = c.get(0).expect("match");
        let Some(n) = number(&c["num"]) else { continue };
        let unit = match &c["cur"] {
            "€" => "EUR",
            "£" => "GBP",
            _ => "USD",
        };
        let value = n * magnitude(c.name("mag").map(|m| m.as_str()));
        out.push(mk(
            Kind::Money,
            value,
            unit,
            period(c.name("per").map(|m| m.as_str())),
            whole.as_str(),
        ));
        taken.push((whole.start(), whole.end()));
    }
    // "67% savings", "4x faster": the number and the word it qualifies
    for (re, kind, unit) in [
        (percent_re(), Kind::Percent, "%"),
        (multiplier_re(), Kind::Multiplier, "x"),
    ] {
        for c in re.captures_iter(text) {
            let whole = c.get(0).expect("match");
            if !free(&taken, whole.start(), whole.end()) {
                continue;
            }
            let Some(n) = number(&c["num"]) else { continue };
            let phrase = phrase_with_next_word(text, whole.start(), whole.end());
            out.push(mk(kind, n, unit, None, &phrase));
            taken.push((whole.start(), whole.end()));
        }
    }
    for c in duration_re().captures_iter(text) {
        let whole = c.get(0).expect("match");
        if !free(&taken, whole.start(), whole.end()) {
            continue;
        }
        let (Some(n), Some(s)) = (number(&c["num"]), seconds(&c["unit"])) else {
            continue;
        };
        out.push(mk(
            Kind::Duration,
            n * s,
            "s",
            period(c.name("per").map(|m| m.as_str())),
            whole.as_str(),
        ));
        taken.push((whole.start(), whole.end()));
    }
    for c in count_re().captures_iter(text) {
        let whole = c.get(0).expect("match");
        let num = c.name("num").expect("num");
        if !free(&taken, num.start(), num.end()) {
            continue;
        }
        let noun = c["noun"].to_lowercase();
        if NOT_COUNT_NOUNS.contains(&noun.as_str()) || seconds(&noun).is_some() {
            continue;
        }
        let before = &text[..num.start()];
        if before.ends_with(':') || before.ends_with("Day ") || before.ends_with("day ") {
            continue;
        }
        let Some(n) = number(&c["num"]) else { continue };
        let mag = magnitude(c.name("mag").map(|m| m.as_str()));
        if mag == 1.0 && (1900.0..=2100.0).contains(&n) && !c["num"].contains(',') {
            continue; // a year
        }
        out.push(mk(Kind::Count, n * mag, &noun, None, whole.as_str()));
        taken.push((num.start(), num.end()));
    }
    out
}

/// Closes a parenthesis the phrase opened ("3 days (vs 2+ weeks" gets its ")").
fn balanced(phrase: &str) -> String {
    let open = phrase.matches('(').count();
    let close = phrase.matches(')').count();
    let mut s = phrase.to_string();
    for _ in close..open {
        s.push(')');
    }
    s
}

fn phrase_with_next_word(text: &str, start: usize, end: usize) -> String {
    let rest = &text[end..];
    let next: String = rest
        .trim_start()
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .next()
        .unwrap_or("")
        .to_string();
    let mut s = text[start..end].to_string();
    const GLUE: &[&str] = &[
        "due", "to", "of", "in", "on", "for", "and", "the", "a", "with", "by", "from", "at",
        "than", "vs", "was", "is", "were", "when", "after", "before", "over",
    ];
    if !next.is_empty()
        && !GLUE.contains(&next.to_lowercase().as_str())
        && rest.starts_with(' ')
        && next.chars().all(|c| c.is_alphabetic() || c == '-')
    {
        s.push(' ');
        s.push_str(&next);
    }
    s
}

/// The metric a story leads with: from the Result when it has one, the kind a
/// coach quotes first (money, then change, percent, multiplier, duration,
/// count); the biggest sum of money (rates compared per year), else the first.
pub fn headline(metrics: &[Metric]) -> Option<&Metric> {
    metrics
        .iter()
        .enumerate()
        .min_by(|(i, a), (j, b)| {
            let size = |m: &Metric| {
                if m.kind == Kind::Money {
                    -yearly(m)
                } else {
                    0.0
                }
            };
            (a.part != "result", a.kind)
                .cmp(&(b.part != "result", b.kind))
                .then(size(a).total_cmp(&size(b)))
                .then(i.cmp(j))
        })
        .map(|(_, m)| m)
}

/// A metric's size for comparison: rates scaled to a year, changes by magnitude.
fn yearly(m: &Metric) -> f64 {
    let per_year = match m.period.as_deref() {
        Some("month") => 12.0,
        Some("week") => 52.0,
        Some("day") => 365.0,
        Some("hour") => 8760.0,
        Some("quarter") => 4.0,
        _ => 1.0,
    };
    m.value.abs() * per_year
}

/// A comparison on one kind of metric: `money>=100k`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Filter {
    pub kind: Kind,
    pub op: Op,
    pub value: f64,
    /// For changes read from text: what changed ("duration", "money",
    /// "number", "%"), so "from months to weeks" does not match a headcount cut.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Op {
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = "<")]
    Lt,
    /// Roughly equal: within a factor of 1.5 either way.
    #[serde(rename = "~")]
    Near,
}

impl Filter {
    pub fn accepts(&self, m: &Metric) -> bool {
        if m.kind != self.kind {
            return false;
        }
        if let Some(u) = &self.unit {
            if !m.unit.is_empty() && &m.unit != u {
                return false;
            }
        }
        let v = m.value;
        match self.op {
            Op::Ge => v >= self.value,
            Op::Le => v <= self.value,
            Op::Gt => v > self.value,
            Op::Lt => v < self.value,
            Op::Near if self.value == 0.0 => v == 0.0,
            Op::Near => {
                let r = v / self.value;
                (1.0 / 1.5..=1.5).contains(&r)
            }
        }
    }

    /// The bounds as a closed range for index range queries (None = open).
    pub fn bounds(&self) -> (Option<f64>, Option<f64>) {
        match self.op {
            Op::Ge | Op::Gt => (Some(self.value), None),
            Op::Le | Op::Lt => (None, Some(self.value)),
            Op::Near if self.value >= 0.0 => (Some(self.value / 1.5), Some(self.value * 1.5)),
            Op::Near => (Some(self.value * 1.5), Some(self.value / 1.5)),
        }
    }
}

/// Parses `--metric` expressions: `money>=100k`, `percent>50`, `duration<1h`,
/// `x>=5`, `count>=1m`, `change<=-50%`.
pub fn parse_filter(expr: &str) -> Result<Filter> {
    let e: String = expr
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    let at = e.find(['>', '<', '=', '~']);
    let Some(at) = at else {
        bail!("--metric {expr:?}: expected KIND OP VALUE, e.g. money>=100k, percent>50, duration<1h, x>=5, count>=1m, change<=-50%");
    };
    let kind = Kind::parse(&e[..at]).ok_or_else(|| {
        anyhow::anyhow!("--metric {expr:?}: unknown kind {:?}; use money, percent, duration, count, x or change", &e[..at])
    })?;
    let rest = &e[at..];
    let (op, val) = if let Some(v) = rest.strip_prefix(">=") {
        (Op::Ge, v)
    } else if let Some(v) = rest.strip_prefix("<=") {
        (Op::Le, v)
    } else if let Some(v) = rest.strip_prefix('>') {
        (Op::Gt, v)
    } else if let Some(v) = rest.strip_prefix('<') {
        (Op::Lt, v)
    } else if let Some(v) = rest
        .strip_prefix("==")
        .or_else(|| rest.strip_prefix('='))
        .or_else(|| rest.strip_prefix('~'))
    {
        (Op::Near, v)
    } else {
        bail!("--metric {expr:?}: unknown comparison; use >=, <=, >, <, = or ~");
    };
    let value = parse_value(kind, val).ok_or_else(|| {
        anyhow::anyhow!("--metric {expr:?}: cannot read {val:?} as a {kind} value (e.g. 100k, 1.5m, 50%, 1h, 30min, 5)")
    })?;
    Ok(Filter {
        kind,
        op,
        value,
        unit: None,
    })
}

fn parse_value(kind: Kind, v: &str) -> Option<f64> {
    static VALUE: OnceLock<Regex> = OnceLock::new();
    let c = rx(&VALUE, r"^(?:\$|€|£)?(-?\d+(?:\.\d+)?)([a-z%]*)$").captures(v)?;
    let n: f64 = c[1].parse().ok()?;
    let suffix = &c[2];
    match kind {
        Kind::Duration => match suffix {
            "" => Some(n),
            s => Some(n * seconds(s)?),
        },
        Kind::Percent | Kind::Change => matches!(suffix, "" | "%").then_some(n),
        Kind::Multiplier => matches!(suffix, "" | "x").then_some(n),
        Kind::Money | Kind::Count => match suffix {
            "" => Some(n),
            "k" | "m" | "b" | "bn" | "mm" => Some(n * magnitude(Some(suffix))),
            _ => None,
        },
    }
}

/// Metric phrases inside free text ("saved more than $200K", "over 40%",
/// "halved the runtime", "10x"): the filters they mean.
pub fn filters_in_text(text: &str) -> Vec<Filter> {
    static CMP: OnceLock<Regex> = OnceLock::new();
    let mut out = Vec::new();
    for m in extract(text, "query") {
        // compiled only when the text has a metric at all
        let cmp = rx(
            &CMP,
            r"(?i)(more than|greater than|over|above|at least|exceeding|>=|>|less than|fewer than|under|below|at most|within|up to|<=|<)\s*$",
        );
        let start = text.find(&m.phrase).unwrap_or(0);
        let op = match cmp.captures(&text[..start]).map(|c| c[1].to_lowercase()) {
            Some(w)
                if [
                    "more than",
                    "greater than",
                    "over",
                    "above",
                    "exceeding",
                    ">",
                ]
                .contains(&w.as_str()) =>
            {
                Op::Gt
            }
            Some(w) if ["at least", ">="].contains(&w.as_str()) => Op::Ge,
            Some(w) if ["less than", "fewer than", "under", "below", "<"].contains(&w.as_str()) => {
                Op::Lt
            }
            Some(w) if ["at most", "within", "up to", "<="].contains(&w.as_str()) => Op::Le,
            _ if m.kind == Kind::Change => {
                // "halved" means a cut of about half or more
                if m.value < 0.0 {
                    Op::Le
                } else {
                    Op::Ge
                }
            }
            _ => Op::Near,
        };
        let value = if m.kind == Kind::Change && op == Op::Le {
            m.value * 0.8
        } else {
            m.value
        };
        let unit = (m.kind == Kind::Change && !m.unit.is_empty()).then(|| m.unit.clone());
        out.push(Filter {
            kind: m.kind,
            op,
            value,
            unit,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, f64, Option<String>)> {
        extract(text, "result")
            .into_iter()
            .map(|m| (m.kind, (m.value * 10.0).round() / 10.0, m.period))
            .collect()
    }

    #[test]
    fn extraction_table() {
        let month = Some("month".to_string());
        let year = Some("year".to_string());
        let cases: Vec<(&str, Vec<(Kind, f64, Option<String>)>)> = vec![
            ("Resolved $2M discrepancy", vec![(Kind::Money, 2e6, None)]),
            (
                "costs were $45K/month",
                vec![(Kind::Money, 45e3, month.clone())],
            ),
            ("= $360K/year", vec![(Kind::Money, 360e3, year.clone())]),
            ("saved €145K", vec![(Kind::Money, 145e3, None)]),
            ("within 0.2%", vec![(Kind::Percent, 0.2, None)]),
            ("(90% saving)", vec![(Kind::Percent, 90.0, None)]),
            ("took 4 hours", vec![(Kind::Duration, 14400.0, None)]),
            ("in 3 days", vec![(Kind::Duration, 259200.0, None)]),
            ("10M records", vec![(Kind::Count, 1e7, None)]),
            ("200+ operations managers", vec![(Kind::Count, 200.0, None)]),
            ("15K fewer orders", vec![(Kind::Count, 15e3, None)]),
            ("3 other pipelines", vec![(Kind::Count, 3.0, None)]),
            (
                "DQ issues caught 4x faster",
                vec![(Kind::Multiplier, 4.0, None)],
            ),
            ("10x cost savings", vec![(Kind::Multiplier, 10.0, None)]),
            ("at 2 AM in 2023", vec![]),
        ];
        for (text, expected) in cases {
            assert_eq!(kinds(text), expected, "{text:?}");
        }
    }

    #[test]
    fn before_after_changes() {
        let cases: &[(&str, f64)] = &[
            ("Reduced average runtime from 45 min to 15 min", -66.7),
            ("P2 incidents dropped from 5/month to 1/month", -80.0),
            ("Costs reduced from $45K to $15K/month", -66.7),
            ("rose from 71% to 96%", 35.2),
            ("we halved the runtime", -50.0),
            (
                "launched in 7 weeks with 6 engineers, versus 5 months",
                -67.8,
            ),
            (
                "Data corrected in 3 days (vs 2+ weeks with full approval)",
                -78.6,
            ),
            ("Shipped in 11 weeks against a 6-month estimate", -57.7),
            ("cut from months to weeks", -77.0),
        ];
        for (text, change) in cases {
            let found = extract(text, "result");
            let c = found
                .iter()
                .find(|m| m.kind == Kind::Change)
                .unwrap_or_else(|| panic!("{text}: {found:?}"));
            assert!((c.value - change).abs() < 0.1, "{text}: {}", c.value);
        }
        assert!(extract("Day 1-3: load tested", "action")
            .iter()
            .all(|m| m.kind != Kind::Change));
    }

    #[test]
    fn filter_expressions() {
        let ok: &[(&str, Kind, Op, f64)] = &[
            ("money>=100k", Kind::Money, Op::Ge, 1e5),
            ("percent>50", Kind::Percent, Op::Gt, 50.0),
            ("duration<1h", Kind::Duration, Op::Lt, 3600.0),
            ("x>=5", Kind::Multiplier, Op::Ge, 5.0),
            ("count>=1m", Kind::Count, Op::Ge, 1e6),
            ("change<=-50%", Kind::Change, Op::Le, -50.0),
            ("money >= $2M", Kind::Money, Op::Ge, 2e6),
        ];
        for (e, k, o, v) in ok {
            assert_eq!(
                parse_filter(e).unwrap(),
                Filter {
                    kind: *k,
                    op: *o,
                    value: *v,
                    unit: None
                },
                "{e}"
            );
        }
        for bad in ["money", "weight>5", "money>>5", "duration<1parsec", ""] {
            assert!(parse_filter(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn phrases_in_free_text() {
        let f = filters_in_text("saved more than $200K");
        assert_eq!(
            f,
            vec![Filter {
                kind: Kind::Money,
                op: Op::Gt,
                value: 2e5,
                unit: None
            }]
        );
        let f = filters_in_text("halved the runtime");
        assert_eq!(f[0].kind, Kind::Change);
        assert!(f[0].accepts(&extract("from 45 min to 15 min", "result")[0]));
        assert_eq!(filters_in_text("over 40%")[0].op, Op::Gt);
        assert_eq!(filters_in_text("10x")[0].kind, Kind::Multiplier);
    }

    #[test]
    fn headline_prefers_results_and_money() {
        let mut ms = extract("for 200+ managers", "situation");
        ms.extend(extract("cut 20% and saved $5K", "result"));
        assert_eq!(headline(&ms).unwrap().kind, Kind::Money);
    }
}
