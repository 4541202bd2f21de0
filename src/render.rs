//! Output for people and scripts: comfy-table tables, terminal story layout, JSON views.

use comfy_table::{presets::UTF8_FULL_CONDENSED, Cell, ContentArrangement, Table};
use serde::Serialize;

use crate::principles::Catalogue;
use crate::story::{Item, Story};

/// A table sized for the terminal, or for `COLUMNS` (default 100) when piped.
pub fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.iter().map(|h| Cell::new(*h)));
    if !t.is_tty() {
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse::<u16>().ok())
            .unwrap_or(100);
        t.set_width(width);
    }
    t
}

/// Principle names as short codes ("OW, DD"); unknown names as written.
pub fn codes(names: &[String], cat: &Catalogue) -> String {
    names
        .iter()
        .map(|n| match cat.resolve(n) {
            Some(i) => cat.get(i).code.clone(),
            None => n.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn story_table(stories: &[Story], cat: &Catalogue) -> String {
    let mut t = table(&["id", "title", "principles", "tags"]);
    for s in stories {
        t.add_row(vec![
            s.id.clone(),
            s.title.clone(),
            codes(&s.principles, cat),
            s.tags.join(", "),
        ]);
    }
    t.to_string()
}

pub fn principles_table(cat: &Catalogue) -> String {
    let mut t = table(&["code", "name", "aliases", "description"]);
    for p in &cat.principles {
        t.add_row(vec![
            p.code.clone(),
            p.name.clone(),
            p.aliases.join(", "),
            p.description.clone(),
        ]);
    }
    t.to_string()
}

fn bold(s: &str, color: bool) -> String {
    if color {
        format!("\x1b[1m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

/// A story for reading in a terminal: the STAR parts in order, actions numbered.
pub fn story_text(s: &Story, color: bool) -> String {
    let mut out = String::new();
    out.push_str(&bold(&format!("{}: {}", s.id, s.title), color));
    out.push('\n');
    if !s.principles.is_empty() {
        out.push_str(&format!("Principles: {}\n", s.principles.join(", ")));
    }
    if !s.tags.is_empty() {
        out.push_str(&format!("Tags: {}\n", s.tags.join(", ")));
    }
    for q in &s.questions {
        out.push_str(&format!("Question: {q}\n"));
    }
    let section = |out: &mut String, name: &str, body: &str| {
        out.push('\n');
        out.push_str(&bold(name, color));
        out.push('\n');
        out.push_str(if body.trim().is_empty() {
            "(empty)"
        } else {
            body
        });
        out.push('\n');
    };
    section(&mut out, "SITUATION", &s.situation);
    section(&mut out, "TASK", &s.task);
    section(&mut out, "ACTION", &items(&s.action, true));
    section(&mut out, "RESULT", &items(&s.result, false));
    for n in &s.notes {
        section(&mut out, &n.heading, &n.text);
    }
    out.trim_end().to_string()
}

fn items(list: &[Item], numbered: bool) -> String {
    list.iter()
        .enumerate()
        .map(|(i, it)| {
            let mark = if numbered {
                format!("{}.", i + 1)
            } else {
                "-".into()
            };
            match it.label() {
                Some(l) => format!("{mark} [{l}] {}", it.text()),
                None => format!("{mark} {}", it.text()),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The JSON shape of a story (a contract: scripts depend on these keys).
#[derive(Serialize)]
pub struct StoryJson<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub principles: &'a [String],
    pub tags: &'a [String],
    pub questions: &'a [String],
    pub situation: &'a str,
    pub task: &'a str,
    pub action: Vec<ItemJson<'a>>,
    pub result: Vec<ItemJson<'a>>,
    pub notes: Vec<NoteJson<'a>>,
}

#[derive(Serialize)]
pub struct ItemJson<'a> {
    pub label: Option<&'a str>,
    pub text: &'a str,
}

#[derive(Serialize)]
pub struct NoteJson<'a> {
    pub heading: &'a str,
    pub text: &'a str,
}

impl<'a> From<&'a Story> for StoryJson<'a> {
    fn from(s: &'a Story) -> Self {
        let items = |v: &'a [Item]| {
            v.iter()
                .map(|i| ItemJson {
                    label: i.label(),
                    text: i.text(),
                })
                .collect()
        };
        StoryJson {
            id: &s.id,
            title: &s.title,
            principles: &s.principles,
            tags: &s.tags,
            questions: &s.questions,
            situation: &s.situation,
            task: &s.task,
            action: items(&s.action),
            result: items(&s.result),
            notes: s
                .notes
                .iter()
                .map(|n| NoteJson {
                    heading: &n.heading,
                    text: &n.text,
                })
                .collect(),
        }
    }
}

/// A story's metrics for `show`: one line each, headline first.
pub fn metric_lines(ms: &[crate::metrics::Metric]) -> String {
    let head = crate::metrics::headline(ms);
    let mut out = String::from("METRICS");
    for m in ms {
        let per = m
            .period
            .as_ref()
            .map(|p| format!("/{p}"))
            .unwrap_or_default();
        let mark = if head.is_some_and(|h| std::ptr::eq(h, m)) {
            "  (headline)"
        } else {
            ""
        };
        out.push_str(&format!(
            "\n- {}: {}{} ({}, \"{}\"){mark}",
            m.kind,
            metric_value(m),
            per,
            m.part,
            m.phrase
        ));
    }
    out
}

/// One row per metric: story, kind, value, period, part, phrase.
pub fn metrics_table(rows: &[(String, Vec<crate::metrics::Metric>)]) -> String {
    let mut t = table(&["id", "kind", "value", "per", "part", "phrase"]);
    for (id, ms) in rows {
        for m in ms {
            t.add_row(vec![
                id.clone(),
                m.kind.to_string(),
                metric_value(m),
                m.period.clone().unwrap_or_default(),
                m.part.clone(),
                m.phrase.clone(),
            ]);
        }
    }
    t.to_string()
}

/// A normalized value in the unit a person reads: $45,000, 67%, 45 min, 4x.
pub fn metric_value(m: &crate::metrics::Metric) -> String {
    use crate::metrics::Kind;
    match m.kind {
        Kind::Money => format!("{} {}", group(m.value), m.unit),
        Kind::Percent => format!("{}%", trim_num(m.value)),
        Kind::Change => format!("{:+}%", m.value),
        Kind::Multiplier => format!("{}x", trim_num(m.value)),
        Kind::Count => format!("{} {}", group(m.value), m.unit),
        Kind::Duration => human_duration(m.value),
    }
}

fn trim_num(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn group(v: f64) -> String {
    let whole = v.round() as i64;
    let digits = whole.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if whole < 0 {
        format!("-{out}")
    } else {
        out
    }
}

fn human_duration(secs: f64) -> String {
    let units = [
        (31_557_600.0, "y"),
        (2_629_800.0, "mo"),
        (604_800.0, "w"),
        (86_400.0, "d"),
        (3_600.0, "h"),
        (60.0, "min"),
        (1.0, "s"),
    ];
    for (size, name) in units {
        if secs >= size {
            return format!("{} {name}", trim_num(secs / size));
        }
    }
    format!("{} ms", trim_num(secs * 1000.0))
}

/// Search results: rank, id, title, principles (codes), score, snippet.
pub fn search_table(hits: &[crate::search::Hit], cat: &Catalogue, color: bool) -> String {
    let mut t = table(&["#", "id", "title", "principles", "score", "best match"]);
    for (i, h) in hits.iter().enumerate() {
        let snippet = highlight(&h.snippet, color);
        let snippet = if h.part.is_empty() {
            snippet
        } else {
            format!("{}: {snippet}", h.part)
        };
        t.add_row(vec![
            (i + 1).to_string(),
            h.id.clone(),
            h.title.clone(),
            codes(&h.principles, cat),
            format!("{:.2}", h.score),
            snippet,
        ]);
    }
    t.to_string()
}

/// Turns `**word**` marks into bold when colour is on; keeps the marks otherwise.
pub fn highlight(s: &str, color: bool) -> String {
    if !color {
        return s.to_string();
    }
    let mut out = String::new();
    for (i, piece) in s.split("**").enumerate() {
        if i % 2 == 1 {
            out.push_str(&format!("\x1b[1;33m{piece}\x1b[0m"));
        } else {
            out.push_str(piece);
        }
    }
    out
}

fn probed_line(r: &crate::matcher::MatchResult, cat: &Catalogue) -> String {
    if r.probe.principles.is_empty() {
        return "Probes: no principle detected (ranked by relevance)".into();
    }
    let list: Vec<String> = r
        .probe
        .principles
        .iter()
        .map(|(p, w)| format!("{} {:.2}", cat.get(*p).name, w))
        .collect();
    format!("Probes: {}", list.join(" · "))
}

/// `match` for a person: the probed principles, then one block per story.
pub fn match_text(r: &crate::matcher::MatchResult, cat: &Catalogue, color: bool) -> String {
    let mut out = probed_line(r, cat);
    out.push('\n');
    for (i, h) in r.hits.iter().enumerate() {
        out.push_str(&format!(
            "\n{}. {}  [{}]  {:.2}\n   {}\n",
            i + 1,
            bold(&format!("{} {}", h.id, h.title), color),
            h.fit.name(),
            h.score,
            h.why
        ));
    }
    out.trim_end().to_string()
}

fn grouped_hits<'a>(hits: impl Iterator<Item = &'a crate::matcher::MatchHit>) -> String {
    hits.enumerate()
        .map(|(i, h)| {
            format!(
                "  {}. {} {}  [{}]  {:.2}\n     {}\n",
                i + 1,
                h.id,
                h.title,
                h.fit.name(),
                h.score,
                h.why
            )
        })
        .collect()
}

/// `match --by-principle`: the ranking split under each probed principle.
pub fn match_by_principle(
    r: &crate::matcher::MatchResult,
    cat: &Catalogue,
    limit: usize,
) -> String {
    let mut out = probed_line(r, cat);
    out.push('\n');
    for (p, _) in &r.probe.principles {
        out.push_str(&format!("\n{}\n", cat.get(*p).name));
        let group: Vec<_> = r
            .hits
            .iter()
            .filter(|h| h.declared.contains(p) || h.shows.get(*p).copied().unwrap_or(0.0) >= 0.5)
            .take(limit)
            .collect();
        if group.is_empty() {
            out.push_str("   (no story answers it: a gap in your bank)\n");
        }
        out.push_str(&grouped_hits(group.into_iter()));
    }
    if r.probe.principles.is_empty() {
        out.push_str(&grouped_hits(r.hits.iter().take(limit)));
    }
    out.trim_end().to_string()
}

/// The quality table of `eval`: one row per query kind, then overall.
pub fn eval_summary(
    kinds: &std::collections::BTreeMap<String, crate::eval::Summary>,
    overall: &crate::eval::Summary,
) -> String {
    let mut t = table(&[
        "kind",
        "queries",
        "MRR",
        "S@1",
        "S@3",
        "nDCG@5",
        "principle acc.",
    ]);
    let row = |name: &str, s: &crate::eval::Summary| {
        vec![
            name.to_string(),
            s.queries.to_string(),
            format!("{:.3}", s.mrr),
            format!("{:.3}", s.success_at_1),
            format!("{:.3}", s.success_at_3),
            format!("{:.3}", s.ndcg_at_5),
            s.principle_accuracy
                .map(|a| format!("{a:.3}"))
                .unwrap_or_else(|| "-".into()),
        ]
    };
    for (k, s) in kinds {
        t.add_row(row(k, s));
    }
    t.add_row(row("overall", overall));
    t.to_string()
}

/// `eval --per-query`: where each query's first right story landed.
pub fn eval_queries(outcomes: &[crate::eval::Outcome]) -> String {
    let mut t = table(&["id", "kind", "first hit", "top 3", "principle", "text"]);
    for o in outcomes {
        t.add_row(vec![
            o.id.clone(),
            o.kind.clone(),
            o.first_hit
                .map(|r| r.to_string())
                .unwrap_or_else(|| "-".into()),
            o.ranked
                .iter()
                .take(3)
                .cloned()
                .collect::<Vec<_>>()
                .join(" "),
            match (o.principle_ok, &o.top_principle) {
                (Some(true), Some(p)) => format!("ok {p}"),
                (Some(false), Some(p)) => format!("MISS {p}"),
                (Some(false), None) => "MISS (none)".into(),
                _ => String::new(),
            },
            o.text.clone(),
        ]);
    }
    t.to_string()
}

/// One story's row of the coverage matrix.
pub struct MatrixRow {
    pub id: String,
    pub title: String,
    pub declared: Vec<usize>,
    pub inferred: Vec<usize>,
}

/// The terminal width to lay out for: `COLUMNS`, else 100.
fn columns() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w: &usize| *w >= 40)
        .unwrap_or(100)
}

fn clip(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return format!("{s:<width$}");
    }
    let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The matrix in one of four formats; `counts` per principle, `gaps` flagged.
pub fn matrix(
    rows: &[MatrixRow],
    counts: &[usize],
    gaps: &[usize],
    cat: &Catalogue,
    format: crate::cli::Format,
) -> anyhow::Result<String> {
    use crate::cli::Format;
    let cell = |r: &MatrixRow, p: usize| {
        if r.declared.contains(&p) {
            "●"
        } else if r.inferred.contains(&p) {
            "○"
        } else {
            ""
        }
    };
    let n = cat.len();
    let codes: Vec<&str> = cat.principles.iter().map(|p| p.code.as_str()).collect();
    Ok(match format {
        Format::Json => {
            let names = |v: &[usize]| {
                v.iter()
                    .map(|p| cat.get(*p).name.clone())
                    .collect::<Vec<_>>()
            };
            let value = serde_json::json!({
                "principles": cat.principles.iter().zip(counts).map(|(p, c)| serde_json::json!({"name": p.name, "code": p.code, "stories": c})).collect::<Vec<_>>(),
                "stories": rows.iter().map(|r| serde_json::json!({"id": r.id, "title": r.title, "declared": names(&r.declared), "inferred": names(&r.inferred)})).collect::<Vec<_>>(),
                "gaps": names(gaps),
            });
            serde_json::to_string_pretty(&value)?
        }
        Format::Csv => {
            let esc = |s: &str| {
                if s.contains([',', '"', '\n']) {
                    format!("\"{}\"", s.replace('"', "\"\""))
                } else {
                    s.to_string()
                }
            };
            let mut out = format!("id,title,{}\n", codes.join(","));
            for r in rows {
                let cells: Vec<&str> = (0..n)
                    .map(|p| match cell(r, p) {
                        "●" => "declared",
                        "○" => "inferred",
                        _ => "",
                    })
                    .collect();
                out.push_str(&format!(
                    "{},{},{}\n",
                    esc(&r.id),
                    esc(&r.title),
                    cells.join(",")
                ));
            }
            out.push_str(&format!("total,,{}", join_counts(counts, ",")));
            out
        }
        Format::Markdown => {
            let mut out = format!(
                "| id | title | {} |\n|---|---|{}\n",
                codes.join(" | "),
                "---|".repeat(n)
            );
            for r in rows {
                let cells: Vec<&str> = (0..n).map(|p| cell(r, p)).collect();
                out.push_str(&format!(
                    "| {} | {} | {} |\n",
                    r.id,
                    r.title.replace('|', "\\|"),
                    cells.join(" | ")
                ));
            }
            out.push_str(&format!(
                "| **total** | | {} |\n",
                join_counts(counts, " | ")
            ));
            out.push_str(&gap_line(gaps, counts, cat));
            out
        }
        Format::Table => {
            // fixed layout: id, title, then 3 columns a principle; fits COLUMNS (default 100)
            let id_w = rows
                .iter()
                .map(|r| r.id.chars().count())
                .max()
                .unwrap_or(2)
                .clamp(5, 12);
            let title_w = columns().saturating_sub(id_w + 2 + 3 * n).max(10);
            let mut out = String::from("● declared  ○ shown in the story's text\n");
            out.push_str(&format!(
                "{} {} {}\n",
                clip("id", id_w),
                clip("title", title_w),
                codes
                    .iter()
                    .map(|c| format!("{c:>2}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            ));
            for r in rows {
                let cells: Vec<String> = (0..n).map(|p| format!("{:>2}", cell(r, p))).collect();
                out.push_str(&format!(
                    "{} {} {}\n",
                    clip(&r.id, id_w),
                    clip(&r.title, title_w),
                    cells.join(" ")
                ));
            }
            let totals: Vec<String> = counts.iter().map(|c| format!("{c:>2}")).collect();
            out.push_str(&format!(
                "{} {} {}\n",
                clip("total", id_w),
                clip("", title_w),
                totals.join(" ")
            ));
            let marks: Vec<String> = (0..n)
                .map(|p| {
                    if gaps.contains(&p) {
                        " !".into()
                    } else {
                        "  ".into()
                    }
                })
                .collect();
            out.push_str(&format!(
                "{} {} {}\n",
                clip("gap", id_w),
                clip("", title_w),
                marks.join(" ")
            ));
            out.push_str(&gap_line(gaps, counts, cat));
            out
        }
    })
}

fn join_counts(counts: &[usize], sep: &str) -> String {
    counts
        .iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(sep)
}

fn gap_line(gaps: &[usize], counts: &[usize], cat: &Catalogue) -> String {
    if gaps.is_empty() {
        return "no gaps: every principle has 2 or more stories".into();
    }
    let list: Vec<String> = gaps
        .iter()
        .map(|p| format!("{} ({})", cat.get(*p).name, counts[*p]))
        .collect();
    wrap(
        &format!("gaps (fewer than 2 stories): {}", list.join("; ")),
        columns(),
    )
}

/// Greedy word wrap to `width` columns.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split(' ') {
        let w = word.chars().count();
        if line > 0 && line + 1 + w > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += w;
    }
    out
}

/// One question of `coverage`, with its best story (id, title, fit).
pub struct CoverageRow {
    pub text: String,
    pub principles: Vec<usize>,
    pub best: Option<(String, String, crate::rank::Fit)>,
}

pub fn coverage(rows: &[CoverageRow], cat: &Catalogue) -> String {
    let open = rows
        .iter()
        .filter(|r| {
            !r.best
                .as_ref()
                .is_some_and(|b| b.2 == crate::rank::Fit::Strong)
        })
        .count();
    let mut out = format!(
        "{open} of {} questions have no strong story (listed first, by principle)\n",
        rows.len()
    );
    let mut t = table(&["principle", "question", "best story", "fit"]);
    for r in rows {
        let (story, fit) = match &r.best {
            Some((id, title, fit)) => (format!("{id} {title}"), fit.name().to_string()),
            None => ("—".into(), "none".into()),
        };
        let p = r
            .principles
            .first()
            .map(|p| cat.get(*p).code.clone())
            .unwrap_or_default();
        t.add_row(vec![p, r.text.clone(), story, fit]);
    }
    out.push_str(&t.to_string());
    out
}

pub fn lint(results: &[(String, Vec<crate::lint::Finding>)]) -> String {
    let mut t = table(&["id", "severity", "finding"]);
    let mut clean = 0;
    for (id, findings) in results {
        if findings.is_empty() {
            clean += 1;
        }
        for f in findings {
            let sev = match f.severity {
                crate::lint::Severity::Error => "error",
                crate::lint::Severity::Warning => "warning",
            };
            t.add_row(vec![
                id.clone(),
                sev.to_string(),
                format!("{} ({})", f.message, f.code),
            ]);
        }
    }
    let summary = format!("{clean} of {} stories have no findings", results.len());
    if clean == results.len() {
        summary
    } else {
        format!("{t}\n{summary}")
    }
}
