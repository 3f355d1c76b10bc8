//! The command line: `report-bot [run|ask|chat|eval|check|bench|unanswered|suggest]`, wired to the snapshot and the bot.

pub mod bench;
mod chat;
pub mod eval;
pub mod plain;

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

use crate::engine::Engine;
use crate::snapshot::{Golden, Snapshot};
use plain::plain;

/// Answers questions about the Xihu District 2023 government work report, with verbatim quotations.
#[derive(Debug, Parser)]
#[command(name = "report-bot", version, about)]
pub struct Cli {
    /// Knowledge directory.
    #[arg(
        long,
        global = true,
        env = "KNOWLEDGE_DIR",
        default_value = "knowledge"
    )]
    pub knowledge: PathBuf,
    /// What to do (default: run the Telegram bot).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
// `Run` holds every bot setting: the enum is parsed once at start-up, so its size costs nothing
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the Telegram bot (needs TELOXIDE_TOKEN); every setting is a flag or an environment variable.
    #[command(
        after_help = "A variable set but blank counts as not set. RUST_LOG sets the log level (tracing's EnvFilter syntax, default info)."
    )]
    Run(#[command(flatten)] crate::bot::config::BotArgs),
    /// Ask one question, or with --jsonl one question per stdin line.
    Ask {
        /// The question.
        question: Option<String>,
        /// Read questions from stdin, write one JSON object per line.
        #[arg(long)]
        jsonl: bool,
        /// Also print the top entries with their scores (for curators tuning entries); with
        /// --jsonl, each chat turn's decision trace on stderr.
        #[arg(long)]
        explain: bool,
    },
    /// Chat with the engine on the console (no token needed).
    Chat,
    /// Score a question file (JSONL with q, kind, expect) by the eval rule.
    Eval {
        /// The question file.
        file: PathBuf,
    },
    /// Validate the knowledge base, run its golden questions and report coverage.
    Check {
        /// Also list the entries still marked `draft = true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Generate a draft knowledge directory for a report (every entry `draft = true`).
    Init {
        /// The report's text (UTF-8).
        report: PathBuf,
        /// The directory to write (new, empty, or written by an earlier `init` with --force).
        #[arg(long)]
        out: PathBuf,
        /// Replace a directory an earlier `init` wrote.
        #[arg(long)]
        force: bool,
    },
    /// Time the engine over a question file: latency percentiles, questions/s, load time, memory.
    Bench {
        /// Questions: JSONL with "q" (an eval file) or one question per line.
        #[arg(long, default_value = "../shared/eval/dev-questions.jsonl")]
        questions: PathBuf,
        /// Answer the whole file this many times (default: enough for 100 000 answers).
        #[arg(long)]
        repeat: Option<usize>,
    },
    /// Write a synthetic knowledge directory TIMES the size of --knowledge (scale measurements).
    Grow {
        /// How many times the real knowledge base (the real one is copy 0).
        #[arg(long, default_value_t = 10)]
        times: usize,
        /// The directory to write (replaced if it exists).
        #[arg(long)]
        out: PathBuf,
    },
    /// List disliked (👎) and narrowly chosen answers, then declined or low-confidence questions, from the question log.
    Unanswered(LogArgs),
    /// Turn unanswered questions into draft knowledge entries (TOML) for a curator to review.
    Suggest(LogArgs),
}

/// Where the question log is and how many questions to take from it.
#[derive(Debug, clap::Args)]
pub struct LogArgs {
    /// How many.
    #[arg(default_value_t = 20)]
    limit: usize,
    /// The data directory holding the question log.
    #[arg(long, env = "DATA_DIR", default_value = "data")]
    data: PathBuf,
}

/// Removes the environment variables the command line reads (`KNOWLEDGE_DIR`, the bot's
/// settings) that are set but blank, so `ADMIN_IDS=` or `WEBHOOK_URL=` in a `.env` means "not
/// set" (the default), as `.env.example` writes them, rather than an invalid value.
///
/// # Safety
/// Changes the process environment: call it before any other thread exists.
pub unsafe fn unset_blank_env() {
    use clap::CommandFactory;
    fn walk(command: &clap::Command, names: &mut Vec<std::ffi::OsString>) {
        names.extend(
            command
                .get_arguments()
                .filter_map(|a| a.get_env())
                .map(Into::into),
        );
        for sub in command.get_subcommands() {
            walk(sub, names);
        }
    }
    let mut names = Vec::new();
    walk(&Cli::command(), &mut names);
    for name in names {
        if std::env::var_os(&name).is_some_and(|v| v.to_string_lossy().trim().is_empty()) {
            // SAFETY: the caller guarantees no other thread reads the environment yet.
            unsafe { std::env::remove_var(&name) };
        }
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let command = match cli.command {
        Some(command) => command,
        None => Command::Run(crate::bot::config::BotArgs::from_env()?),
    };
    match command {
        Command::Run(args) => crate::bot::run(&cli.knowledge, args),
        Command::Ask {
            question,
            jsonl,
            explain,
        } => ask(&cli.knowledge, question, jsonl, explain),
        Command::Chat => chat::run(&load(&cli.knowledge)?),
        Command::Eval { file } => eval::run(&load(&cli.knowledge)?.engine, &file),
        Command::Check { drafts } => check(&cli.knowledge, drafts),
        Command::Init { report, out, force } => {
            let started = Instant::now();
            let g = crate::init::init(&report, &out, force)?;
            println!(
                "wrote {}: {} sections, {} draft entries, {} golden questions in {:.0} ms",
                out.display(),
                g.sections,
                g.entries,
                g.golden,
                started.elapsed().as_secs_f64() * 1e3
            );
            for d in &g.dropped {
                println!("left out (did not validate): {d}");
            }
            println!(
                "next: read the drafts (report-bot --knowledge {0} check --drafts), edit, then report-bot --knowledge {0} check",
                out.display()
            );
            Ok(())
        }
        Command::Grow { times, out } => {
            let started = Instant::now();
            let grown = crate::synthetic::grow(&cli.knowledge, &out, times)?;
            println!(
                "wrote {}: {} entries, {} sections, {:.1} MB of report text ({times}×) in {:.1} s",
                out.display(),
                grown.entries,
                grown.sections,
                grown.report_bytes as f64 / 1e6,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Bench { questions, repeat } => bench::run(&cli.knowledge, &questions, repeat),
        Command::Unanswered(log) => {
            let engine = load(&cli.knowledge)?.engine;
            let rows = unanswered(&log, &engine)?;
            println!("{}", crate::curator::unanswered_report(&engine, &rows));
            Ok(())
        }
        Command::Suggest(log) => {
            let engine = load(&cli.knowledge)?.engine;
            let rows = unanswered(&log, &engine)?;
            print!("{}", crate::curator::suggest_entries(&engine, &rows));
            Ok(())
        }
    }
}

fn unanswered(
    LogArgs { limit, data }: &LogArgs,
    engine: &Engine,
) -> Result<Vec<crate::questionlog::Unanswered>> {
    let (limit, data) = (*limit, data.as_path());
    let path = crate::questionlog::db_path(data);
    anyhow::ensure!(
        path.exists(),
        "no question log at {}; the bot writes it while running (DATA_DIR)",
        path.display()
    );
    // read-only: a curator's command never changes the bot's database (nor someone else's)
    let log = crate::questionlog::QuestionLog::open_read_only(data)
        .with_context(|| format!("cannot open {}", path.display()))?;
    crate::curator::gather(&log, engine, limit, engine.tuning().low_confidence)
        .context("cannot read the question log")
}

/// Loads the knowledge directory for the console tools: invalid files are an error, failing
/// golden questions only a warning (`check` and the bot treat them as errors).
pub fn load(dir: &Path) -> Result<Snapshot> {
    let snapshot = Snapshot::load(dir, Golden::Skip)
        .with_context(|| format!("cannot load knowledge base {}", dir.display()))?;
    let failures = snapshot.engine.check_golden().len();
    if failures > 0 {
        eprintln!(
            "warning: {failures} golden question(s) fail; run `report-bot check` for details"
        );
    }
    Ok(snapshot)
}

/// One line of `ask --jsonl` output.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct JsonReply {
    /// The question as given.
    pub question: String,
    /// Whether the bot answered.
    pub answered: bool,
    /// The full text the bot would send.
    pub reply: String,
    /// Matched entry id (or `sentence:N`).
    pub entry: Option<String>,
    /// Section id of the first part.
    pub section: Option<String>,
    /// Confidence.
    pub score: f32,
    /// Engine time in microseconds.
    pub micros: u64,
}

/// Answers `question` and times the engine.
pub fn json_reply(engine: &Engine, question: &str) -> JsonReply {
    json_turn(engine, question, &crate::engine::Context::default()).0
}

/// Answers one turn of a conversation and times the engine; also gives the next context.
pub fn json_turn(
    engine: &Engine,
    question: &str,
    context: &crate::engine::Context,
) -> (JsonReply, crate::engine::Context) {
    let started = Instant::now();
    let (answer, next) = engine.answer_in(&crate::addressing::strip(question), context);
    let micros = started.elapsed().as_micros() as u64;
    let reply = JsonReply {
        question: question.to_string(),
        answered: answer.answered(),
        reply: plain(&answer, engine.knowledge()),
        entry: answer.matched(),
        section: answer.parts.first().map(|p| p.section_id.clone()),
        score: answer.score,
        micros,
    };
    (reply, next)
}

/// A line of `ask --jsonl` input: a plain question, or `{"q": "...", "chat": "id"}` whose turns
/// share a conversation per chat id.
#[derive(Debug, serde::Deserialize)]
struct JsonAsk {
    q: String,
    #[serde(default)]
    chat: Option<String>,
}

fn ask(dir: &Path, question: Option<String>, jsonl: bool, explain: bool) -> Result<()> {
    let snapshot = load(dir)?;
    let engine = &snapshot.engine;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if jsonl {
        let mut chats: std::collections::HashMap<String, crate::engine::Context> =
            std::collections::HashMap::new();
        for (n, line) in std::io::stdin().lock().lines().enumerate() {
            let line = line.context("cannot read stdin")?;
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let ask: JsonAsk = if line.starts_with('{') {
                serde_json::from_str(line)
                    .with_context(|| format!("stdin line {}: not {{\"q\", \"chat\"}}", n + 1))?
            } else {
                JsonAsk {
                    q: line.to_string(),
                    chat: None,
                }
            };
            let reply = match ask.chat {
                Some(chat) => {
                    let ctx = chats.entry(chat).or_default();
                    if explain {
                        // the trace on stderr keeps stdout one JSON object per line
                        let q = crate::addressing::strip(&ask.q);
                        eprintln!("{}\n{}", ask.q, engine.explain(&q, ctx).2);
                    }
                    let (reply, next) = json_turn(engine, &ask.q, ctx);
                    *ctx = next;
                    reply
                }
                None => json_reply(engine, &ask.q),
            };
            writeln!(out, "{}", serde_json::to_string(&reply)?)?;
        }
        return Ok(());
    }
    let question =
        question.context("give a question: report-bot ask \"去年GDP多少\" (or --jsonl)")?;
    let question = crate::addressing::strip(&question);
    let (answer, _, trace) = engine.explain(&question, &crate::engine::Context::default());
    writeln!(out, "{}", plain(&answer, engine.knowledge()))?;
    if explain {
        writeln!(out, "\nhow it was decided:\n{trace}")?;
        writeln!(out, "terms: {}", engine.terms(&question).join(" | "))?;
        writeln!(out, "top entries:")?;
        for hit in engine.search(&question).iter().take(5) {
            let e = &engine.knowledge().entries[hit.entry];
            writeln!(out, "  {:.3}  {:<28} {}", hit.score, e.id, e.questions[0])?;
        }
    }
    Ok(())
}

fn check(dir: &Path, list_drafts: bool) -> Result<()> {
    let snapshot = Snapshot::load(dir, Golden::Skip)
        .with_context(|| format!("knowledge base {} is invalid", dir.display()))?;
    let kb = snapshot.knowledge();
    let failures = snapshot.engine.check_golden();
    let coverage = kb.coverage();
    let covered = coverage.total - coverage.uncovered.len();
    println!(
        "{} sections, {} entries, {} synonym groups, {} dictionary words, {} golden questions",
        kb.report.sections.len(),
        kb.entries.len(),
        kb.synonyms.len(),
        kb.dict.len(),
        kb.golden.len()
    );
    println!(
        "figure coverage: {covered}/{} ({:.1} %)",
        coverage.total,
        100.0 * covered as f64 / coverage.total.max(1) as f64
    );
    for u in &coverage.uncovered {
        println!("  not covered: {u}");
    }
    println!(
        "golden questions: {} passed, {} failed",
        kb.golden.len() - failures.len(),
        failures.len()
    );
    for f in &failures {
        println!("  {f}");
    }
    let drafts: Vec<_> = kb.drafts().collect();
    println!("draft entries (not yet reviewed): {}", drafts.len());
    if list_drafts {
        for e in &drafts {
            println!(
                "  {} ({}): {}",
                e.id, kb.report.sections[e.section].id, e.answer
            );
        }
    }
    println!(
        "loaded in {:.1} ms (version {})",
        snapshot.load_time.as_secs_f64() * 1e3,
        kb.hash
    );
    if !failures.is_empty() || !coverage.uncovered.is_empty() {
        anyhow::bail!("knowledge base check failed");
    }
    Ok(())
}
