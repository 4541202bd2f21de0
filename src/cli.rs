//! Command-line types only (clap derive). The `///` comments are the help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// storybank: find the right STAR story for an interview question, offline.
///
/// Import a Markdown story bank into YAML stories, then match interviewer prompts,
/// search by keyword or metric, and see which principles your bank covers.
#[derive(Debug, Parser)]
#[command(name = "storybank", version, propagate_version = true)]
#[command(
    after_help = "Example:\n  storybank import my-bank.md\n  storybank match \"Tell me about a time you disagreed\""
)]
pub struct Cli {
    /// Directory holding the stories (stories/*.yaml) and vocabulary overrides.
    #[arg(long, global = true, env = "STORYBANK_DATA", default_value = "data")]
    pub data: PathBuf,
    /// Directory of the search index (generated; safe to delete).
    #[arg(long, global = true, env = "STORYBANK_INDEX", default_value = "index")]
    pub index: PathBuf,
    /// When to use colour: auto follows the terminal and NO_COLOR.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import Markdown story banks into YAML stories under DATA/stories/.
    #[command(
        after_help = "Example:\n  storybank import my-bank.md\n  storybank import --dry-run old-bank.md new-bank.md"
    )]
    Import(ImportArgs),
    /// List the stories, optionally filtered by principle or tag.
    #[command(
        after_help = "Example:\n  storybank list --principle Ownership\n  storybank list --tag spark --json"
    )]
    List(ListArgs),
    /// Show one story laid out for reading.
    #[command(after_help = "Example:\n  storybank show Q91\n  storybank show q91 --json")]
    Show(ShowArgs),
    /// Validate the stories in DATA: YAML errors, duplicate ids, unknown principles, empty parts.
    #[command(
        after_help = "Exit status: 0 clean, 1 findings, 2 cannot run.\n\nExample:\n  storybank check"
    )]
    Check,
    /// List the Leadership Principle catalogue.
    #[command(after_help = "Example:\n  storybank principles --json")]
    Principles(JsonArg),
    /// Build (or rebuild) the search index from the stories.
    #[command(
        after_help = "search and match rebuild the index by themselves when the stories change;\nrun this to build ahead of time or to see the figures.\n\nExample:\n  storybank index"
    )]
    Index,
    /// Search stories by keyword, field, or metric.
    #[command(
        after_help = "Query syntax: words, \"a phrase\", +must -mustnot, OR, field:word (title, situation,\ntask, action, result, tags, principles, notes). Metric phrases in the text\n(\"saved more than $200K\", \"over 40%\", \"halved\", \"10x\") rank stories with such results first.\n\nExamples:\n  storybank search \"broadcast join\"\n  storybank search --metric 'money>=100k'\n  storybank search \"saved more than $200K\" --principle Frugality"
    )]
    Search(SearchArgs),
    /// Match an interviewer's prompt to your best stories, with the reason for each.
    #[command(
        name = "match",
        after_help = "The prompt is plain text: punctuation, quotes and colons are fine.\n\nExamples:\n  storybank match \"Tell me about a time you disagreed\"\n  storybank match --by-principle \"Describe a time you missed a deadline\"\n  storybank match -n 3 --json \"When did you stand firm against a popular decision?\""
    )]
    Match(MatchArgs),
    /// Measure matching and search quality on judged queries (MRR, Success@k, nDCG@5).
    #[command(
        after_help = "FILE lists queries: id, kind (prompt|keyword|metric), text, principles,\nrelevant: {STORY_ID: grade} with grade 2 = the story to tell, 1 = usable.\n\nExample:\n  storybank eval tests/fixtures/eval/judged.yaml --per-query"
    )]
    Eval(EvalArgs),
    /// Stories x principles: which principles your bank covers, and the gaps.
    #[command(
        after_help = "● the story declares the principle, ○ its text clearly shows it.\nA principle with fewer than 2 such stories is a gap.\n\nExample:\n  storybank matrix\n  storybank matrix --format markdown > coverage.md"
    )]
    Matrix(MatrixArgs),
    /// Match common interview questions against your bank: what you cannot answer yet.
    #[command(
        after_help = "Questions come from data/questions.yaml (built in; yours replaces it).\n\nExample:\n  storybank coverage\n  storybank coverage --json"
    )]
    Coverage(JsonArg),
    /// Plan an interview loop: a distinct story and backup for every probed principle.
    #[command(
        after_help = "Example:\n  storybank plan --rounds 4\n  storybank plan --rounds 2 --principles \"Ownership,Dive Deep,Frugality\""
    )]
    Plan(PlanArgs),
    /// Check how each story is told: missing parts, numbers, \"we\" vs \"I\", length.
    #[command(
        after_help = "Exit status: 1 when any story has an error, 0 otherwise.\n\nExample:\n  storybank lint\n  storybank lint Q91 --json"
    )]
    Lint(LintArgs),
    /// Practise: a random question, a timer, then your best stories for it.
    #[command(
        after_help = "Example:\n  storybank practice --principle \"Dive Deep\" --count 3\n  storybank practice --seed 7 --no-wait"
    )]
    Practice(PracticeArgs),
    /// List the quantified results of one story or of all of them.
    #[command(after_help = "Example:\n  storybank metrics Q100\n  storybank metrics --json")]
    Metrics(MetricsArgs),
    /// Print a shell completion script.
    #[command(
        after_help = "Example:\n  storybank completions bash > ~/.local/share/bash-completion/completions/storybank"
    )]
    Completions(CompletionsArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Markdown files to import.
    #[arg(required = true, value_name = "FILE.md")]
    pub files: Vec<PathBuf>,
    /// Show what would change without writing anything.
    #[arg(long)]
    pub dry_run: bool,
    /// Overwrite stories that were edited by hand since their import.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only stories that declare this principle (name, alias or code).
    #[arg(long, short = 'p')]
    pub principle: Option<String>,
    /// Only stories with this tag.
    #[arg(long, short = 't')]
    pub tag: Option<String>,
    /// Print JSON: a list of stories.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The story id (any case).
    pub id: String,
    /// Print JSON: the story object.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to look for (words, phrases, field:word, metric phrases).
    #[arg(value_name = "QUERY", num_args = 0..)]
    pub query: Vec<String>,
    /// Only stories whose numbers satisfy EXPR: money>=100k, percent>50,
    /// duration<1h, x>=5, count>=1m, change<=-50%. Repeatable.
    #[arg(long = "metric", short = 'm', value_name = "EXPR")]
    pub metrics: Vec<String>,
    /// Only stories that declare this principle (name, alias or code).
    #[arg(long, short = 'p')]
    pub principle: Option<String>,
    /// Only stories with this tag.
    #[arg(long, short = 't')]
    pub tag: Option<String>,
    /// Search one STAR part only.
    #[arg(long, value_enum)]
    pub part: Option<PartArg>,
    /// How many results.
    #[arg(short = 'n', long = "limit", default_value_t = 10)]
    pub limit: usize,
    /// Print JSON: {"query", "results": [{"id", "title", "score", "principles", "snippet", "metrics"}]}.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PartArg {
    Situation,
    Task,
    Action,
    Result,
}

#[derive(Debug, Args)]
pub struct MatchArgs {
    /// The interviewer's question, as they asked it.
    #[arg(value_name = "PROMPT", num_args = 0..)]
    pub prompt: Vec<String>,
    /// How many stories.
    #[arg(short = 'n', long = "limit", default_value_t = 5)]
    pub limit: usize,
    /// Match for this principle instead of the detected ones (name, alias or code).
    #[arg(long, short = 'p')]
    pub principle: Option<String>,
    /// Group the ranking under each probed principle.
    #[arg(long)]
    pub by_principle: bool,
    /// Print JSON: {"query", "principles": [{"name", "score"}], "results": [{"id", "title", "score", "fit", "principles", "why"}]}.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The judged queries (YAML).
    pub file: PathBuf,
    /// Show each query's ranks.
    #[arg(long)]
    pub per_query: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct MatrixArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Markdown,
    Json,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Interviewers in the loop.
    #[arg(long, short = 'r')]
    pub rounds: usize,
    /// Principles to cover, comma-separated (names, aliases or codes); default: the
    /// most commonly probed, 2-3 per round.
    #[arg(long, value_delimiter = ',')]
    pub principles: Vec<String>,
    /// Print JSON: {"assignments": [{"round", "principle", "story", "backup"}], "uncovered": [...]}.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// One story id; all stories when omitted.
    pub id: Option<String>,
    /// Print JSON: {"stories": [{"id", "findings": [{"severity", "code", "message"}]}]}.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct PracticeArgs {
    /// Only questions that probe this principle.
    #[arg(long, short = 'p')]
    pub principle: Option<String>,
    /// How many questions.
    #[arg(long, short = 'c', default_value_t = 1)]
    pub count: usize,
    /// Seed for a repeatable order.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Show the question and the stories without waiting or timing (for scripts).
    #[arg(long)]
    pub no_wait: bool,
}

#[derive(Debug, Args)]
pub struct MetricsArgs {
    /// A story id; all stories when omitted.
    pub id: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct JsonArg {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    pub shell: clap_complete::Shell,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn global_options_parse_after_the_subcommand() {
        let cli =
            Cli::try_parse_from(["storybank", "list", "--data", "x", "--index", "y"]).unwrap();
        assert_eq!(cli.data, PathBuf::from("x"));
        assert_eq!(cli.index, PathBuf::from("y"));
        assert!(matches!(cli.command, Command::List(_)));
    }
}
