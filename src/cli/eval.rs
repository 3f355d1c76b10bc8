//! `report-bot eval FILE`: scores a question file by the rule in `shared/eval/README.md`.
//!
//! An answerable question is correct when the bot answers and its reply contains every expected
//! string (white space removed from both); a negative is correct when the bot declines.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use serde::Deserialize;

use super::json_reply;
use crate::engine::Engine;

/// One question of an eval file.
#[derive(Debug, Deserialize)]
pub struct EvalQuestion {
    /// Question id.
    #[serde(default)]
    pub id: String,
    /// Kind (exact, typo, negative…).
    #[serde(default)]
    pub kind: String,
    /// The question.
    pub q: String,
    /// Strings a correct reply contains; empty for negatives.
    #[serde(default)]
    pub expect: Vec<String>,
}

/// The `p`-quantile (0..=1) of sorted values, nearest rank; 0 when empty.
pub fn percentile(sorted: &[u64], p: f64) -> u64 {
    sorted
        .get(((sorted.len() as f64 - 1.0) * p).round() as usize)
        .copied()
        .unwrap_or(0)
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Is this reply correct for this question?
pub fn is_correct(q: &EvalQuestion, answered: bool, reply: &str) -> bool {
    if q.expect.is_empty() {
        return !answered;
    }
    let reply = squeeze(reply);
    answered && q.expect.iter().all(|e| reply.contains(&squeeze(e)))
}

/// Reads a question file: JSONL objects with `q` (and optionally `id`, `kind`, `expect`), or
/// plain lines, each a question; blank lines are skipped. Errors name the file and line.
pub fn read_questions(file: &Path) -> Result<Vec<EvalQuestion>> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let mut questions = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let q = if line.starts_with('{') {
            serde_json::from_str(line)
                .with_context(|| format!("{}:{}: not a question object", file.display(), n + 1))?
        } else {
            EvalQuestion {
                id: format!("{}", n + 1),
                kind: String::new(),
                q: line.to_string(),
                expect: Vec::new(),
            }
        };
        questions.push(q);
    }
    anyhow::ensure!(
        !questions.is_empty(),
        "{} holds no questions",
        file.display()
    );
    Ok(questions)
}

/// One conversation of a conversation file: turns asked in order in one chat.
#[derive(Debug, Deserialize)]
pub struct EvalConversation {
    /// Conversation id.
    #[serde(default)]
    pub id: String,
    /// The turns, each scored like a question.
    pub turns: Vec<EvalQuestion>,
}

/// Reads a conversation file: one `{"id", "turns": [{"q", "expect"}, …]}` per line.
pub fn read_conversations(file: &Path) -> Result<Vec<EvalConversation>> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let c: EvalConversation = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not a conversation object", file.display(), n + 1))?;
        out.push(c);
    }
    anyhow::ensure!(!out.is_empty(), "{} holds no conversations", file.display());
    Ok(out)
}

/// Is this a conversation file (its first object has `turns`)?
pub fn is_conversation_file(file: &Path) -> Result<bool> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    Ok(text
        .lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.contains("\"turns\"")))
}

/// Scores conversations: how many are right in every turn, and the turns.
pub fn score_conversations(
    engine: &Engine,
    conversations: &[EvalConversation],
) -> (usize, usize, Vec<String>) {
    let (mut right, mut turns_right, mut turns) = (0, 0, 0);
    let mut failures = Vec::new();
    for c in conversations {
        let mut ctx = crate::engine::Context::default();
        let mut all = true;
        for (i, t) in c.turns.iter().enumerate() {
            let (r, next) = super::json_turn(engine, &t.q, &ctx);
            ctx = next;
            let ok = is_correct(t, r.answered, &r.reply);
            turns += 1;
            turns_right += usize::from(ok);
            if !ok {
                all = false;
                failures.push(format!(
                    "{} turn {} {} — expect {:?}; got {} {} (score {:.2})",
                    c.id,
                    i + 1,
                    t.q,
                    t.expect,
                    if r.answered { "answer" } else { "decline" },
                    r.entry.as_deref().unwrap_or("-"),
                    r.score
                ));
            }
        }
        right += usize::from(all);
    }
    failures.insert(0, format!("turns right: {turns_right}/{turns}"));
    (right, conversations.len(), failures)
}

/// How a question file scored, by the eval rule.
#[derive(Debug, Default)]
pub struct QuestionScore {
    /// Answerable questions answered right.
    pub answerable_right: usize,
    /// Answerable questions.
    pub answerable: usize,
    /// Negatives declined.
    pub declined: usize,
    /// Negatives (questions the report does not answer).
    pub negatives: usize,
    /// Per kind: (right, total).
    pub by_kind: BTreeMap<String, (usize, usize)>,
    /// Engine time per question, µs, in file order.
    pub micros: Vec<u64>,
    /// One line per wrong question: id, kind, question, expected, what came.
    pub failures: Vec<String>,
}

/// Scores single questions on `engine` (for `eval` and the accuracy tests).
pub fn score_questions(engine: &Engine, questions: &[EvalQuestion]) -> QuestionScore {
    let mut s = QuestionScore::default();
    for q in questions {
        let r = json_reply(engine, &q.q);
        s.micros.push(r.micros);
        let ok = is_correct(q, r.answered, &r.reply);
        let slot = s.by_kind.entry(q.kind.clone()).or_default();
        slot.1 += 1;
        slot.0 += usize::from(ok);
        if q.expect.is_empty() {
            s.negatives += 1;
            s.declined += usize::from(ok);
        } else {
            s.answerable += 1;
            s.answerable_right += usize::from(ok);
        }
        if !ok {
            s.failures.push(format!(
                "{} [{}] {} — expect {:?}; got {} {} (score {:.2})",
                q.id,
                q.kind,
                q.q,
                q.expect,
                if r.answered { "answer" } else { "decline" },
                r.entry.as_deref().unwrap_or("-"),
                r.score
            ));
        }
    }
    s
}

/// Scores the file and prints the summary, the per-kind table and the failures.
pub fn run(engine: &Engine, file: &Path) -> Result<()> {
    if is_conversation_file(file)? {
        let conversations = read_conversations(file)?;
        let (right, n, lines) = score_conversations(engine, &conversations);
        println!(
            "conversations right in every turn: {right}/{n} ({:.1} %)",
            100.0 * right as f64 / n.max(1) as f64
        );
        for l in &lines {
            println!("  {l}");
        }
        return Ok(());
    }
    let questions = read_questions(file)?;
    let QuestionScore {
        answerable_right: ans_ok,
        answerable: ans_n,
        declined: neg_ok,
        negatives: neg_n,
        by_kind,
        mut micros,
        failures,
    } = score_questions(engine, &questions);
    micros.sort_unstable();
    let pct = |a: usize, n: usize| 100.0 * a as f64 / n.max(1) as f64;
    println!(
        "answerable accuracy: {ans_ok}/{ans_n} ({:.1} %)",
        pct(ans_ok, ans_n)
    );
    println!(
        "negatives declined: {neg_ok}/{neg_n} ({:.1} %)",
        pct(neg_ok, neg_n)
    );
    println!(
        "engine time: p50 {} µs, p99 {} µs",
        percentile(&micros, 0.5),
        percentile(&micros, 0.99)
    );
    println!("\n{:<12} {:>8} {:>8}", "kind", "correct", "total");
    for (kind, (ok, n)) in &by_kind {
        println!("{kind:<12} {ok:>8} {n:>8}");
    }
    if !failures.is_empty() {
        println!("\nfailures:");
        for f in &failures {
            println!("  {f}");
        }
    }
    Ok(())
}
