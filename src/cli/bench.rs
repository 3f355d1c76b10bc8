//! `report-bot bench`: the engine's speed and memory on a question file — the figures README
//! quotes.
//!
//! Loads the knowledge base (timed), answers every question once to warm up, answers the whole
//! file `repeat` times storing nothing (the memory figures: resident set before and after), then
//! `repeat` times again on one thread timing each answer. Prints latency percentiles,
//! questions per second, load time and memory (resident set after loading, after the questions,
//! and the peak), and the same percentiles per question kind when the file gives kinds. A
//! conversation file is timed turn by turn, each turn in the context of the turns before it.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Result;

use super::eval::{EvalQuestion, percentile, read_questions};
use crate::engine::{Context, Engine};

/// At least this many answers when `--repeat` is not given (so memory growth would show).
pub const DEFAULT_ANSWERS: usize = 100_000;

/// Latency figures of a set of timed answers, in nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Latency {
    /// How many answers.
    pub count: usize,
    /// Median.
    pub p50: u64,
    /// 90th percentile.
    pub p90: u64,
    /// 99th percentile.
    pub p99: u64,
    /// Slowest.
    pub max: u64,
    /// Sum of all answer times.
    pub total: Duration,
}

impl Latency {
    /// Summarises answer times (nanoseconds; sorted in place).
    pub fn of(nanos: &mut [u64]) -> Self {
        nanos.sort_unstable();
        Self {
            count: nanos.len(),
            p50: percentile(nanos, 0.5),
            p90: percentile(nanos, 0.9),
            p99: percentile(nanos, 0.99),
            max: nanos.last().copied().unwrap_or(0),
            total: Duration::from_nanos(nanos.iter().sum()),
        }
    }

    /// One line: `p50 … p90 … p99 … max … µs`.
    pub fn line(&self) -> String {
        let us = |n: u64| n as f64 / 1e3;
        format!(
            "p50 {:.1}  p90 {:.1}  p99 {:.1}  max {:.1} µs",
            us(self.p50),
            us(self.p90),
            us(self.p99),
            us(self.max)
        )
    }
}

/// Resident memory of this process from `/proc/self/status` (Linux): (current, peak) in bytes.
pub fn rss() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|kb| kb.parse::<u64>().ok())
            .map(|kb| kb * 1024)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

/// Answers every question `repeat` times, each in the conversation context given for it,
/// timing each answer: nanoseconds per question, in file order.
pub fn time_answers(
    engine: &Engine,
    questions: &[EvalQuestion],
    contexts: &[Context],
    repeat: usize,
) -> Vec<Vec<u64>> {
    let mut times = vec![Vec::with_capacity(repeat); questions.len()];
    for _ in 0..repeat {
        for ((q, t), ctx) in questions.iter().zip(&mut times).zip(contexts) {
            let started = Instant::now();
            let answer = engine.answer_in(&q.q, ctx);
            t.push(started.elapsed().as_nanos() as u64);
            std::hint::black_box(answer);
        }
    }
    times
}

/// How many of the slowest questions the report lists.
const SLOWEST: usize = 5;

/// The questions of a file with the context each is asked in: none for a question file; for a
/// conversation file, every turn with the context its earlier turns left (kind `turn N`).
/// `/ask` and `@botname` are taken off first, as the bot does, outside the timed answer.
fn questions_in_context(engine: &Engine, file: &Path) -> Result<(Vec<EvalQuestion>, Vec<Context>)> {
    if !super::eval::is_conversation_file(file)? {
        let mut questions = read_questions(file)?;
        for q in &mut questions {
            q.q = crate::addressing::strip(&q.q);
        }
        let contexts = vec![Context::default(); questions.len()];
        return Ok((questions, contexts));
    }
    let mut questions = Vec::new();
    let mut contexts = Vec::new();
    for c in super::eval::read_conversations(file)? {
        let mut ctx = Context::default();
        for (i, mut turn) in c.turns.into_iter().enumerate() {
            turn.q = crate::addressing::strip(&turn.q);
            let next = engine.answer_in(&turn.q, &ctx).1;
            turn.kind = format!("turn {}", i + 1);
            questions.push(turn);
            contexts.push(std::mem::replace(&mut ctx, next));
        }
    }
    Ok((questions, contexts))
}

/// Runs the benchmark and prints its report.
pub fn run(knowledge: &Path, questions: &Path, repeat: Option<usize>) -> Result<()> {
    let snapshot = super::load(knowledge)?;
    let (questions, contexts) = questions_in_context(&snapshot.engine, questions)?;
    let after_load = rss();
    let kb = snapshot.knowledge();
    let repeat = repeat
        .unwrap_or_else(|| DEFAULT_ANSWERS.div_ceil(questions.len()))
        .max(1);
    println!(
        "knowledge base: {} entries, {} sentences, {} sections, {} dictionary words",
        kb.entries.len(),
        kb.report.sentences.len(),
        kb.report.sections.len(),
        kb.dict.len()
    );
    println!(
        "load + index build: {:.1} ms",
        snapshot.load_time.as_secs_f64() * 1e3
    );
    // warm-up: first touches of the index and the allocator are not what a running bot sees
    time_answers(&snapshot.engine, &questions, &contexts, 1);
    // memory first, untimed and storing nothing, so the timing buffers below do not count
    let before = rss();
    for _ in 0..repeat {
        for (q, ctx) in questions.iter().zip(&contexts) {
            std::hint::black_box(snapshot.engine.answer_in(&q.q, ctx));
        }
    }
    let after = rss();
    let started = Instant::now();
    let times = time_answers(&snapshot.engine, &questions, &contexts, repeat);
    let wall = started.elapsed();
    let mut all: Vec<u64> = times.concat();
    let latency = Latency::of(&mut all);
    println!(
        "answers: {} questions × {repeat} = {}",
        questions.len(),
        latency.count
    );
    println!("latency: {}", latency.line());
    println!(
        "throughput: {:.0} questions/s on one core",
        latency.count as f64 / wall.as_secs_f64()
    );
    match (after_load, before, after) {
        (Some((load_rss, _)), Some((start_rss, _)), Some((end_rss, peak))) => println!(
            "memory: RSS {} after load, {} before and {} after {} answers, peak {}",
            mb(load_rss),
            mb(start_rss),
            mb(end_rss),
            latency.count,
            mb(peak)
        ),
        _ => println!("memory: not available on this system (needs /proc)"),
    }
    let mut by_kind: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
    for (q, t) in questions
        .iter()
        .zip(&times)
        .filter(|(q, _)| !q.kind.is_empty())
    {
        by_kind.entry(&q.kind).or_default().extend(t);
    }
    if !by_kind.is_empty() {
        println!("\n{:<12} {:>8}  latency", "kind", "answers");
        for (kind, mut nanos) in by_kind {
            let l = Latency::of(&mut nanos);
            println!("{kind:<12} {:>8}  {}", l.count, l.line());
        }
    }
    let mut medians: Vec<(u64, &str)> = times
        .into_iter()
        .zip(&questions)
        .map(|(mut nanos, q)| (Latency::of(&mut nanos).p50, q.q.as_str()))
        .collect();
    medians.sort_unstable_by_key(|&(nanos, _)| std::cmp::Reverse(nanos));
    println!("\nslowest questions (median µs):");
    for (nanos, q) in medians.iter().take(SLOWEST) {
        println!("{:>9.1}  {q}", *nanos as f64 / 1e3);
    }
    Ok(())
}
