//! The curators' loop: what people ask that the bot cannot answer, and draft entries for it.
//!
//! Like QnA Maker's active learning, with a human in charge: `report-bot unanswered` lists the
//! most frequent declined or low-confidence questions with their nearest section, and
//! `report-bot suggest` turns them into draft entries (question + nearest report sentence as the
//! candidate quotation) in the knowledge file format, to review, edit and paste.
//!
//! Declines are only half of it: a confidently wrong answer is the worst failure of a bot that
//! promises exact figures, and it never shows up as a decline. So the list also holds the
//! answers someone marked 👎 and the answers whose best two entries scored within
//! [`LOW_MARGIN`] — those first, each group ranked by count.

use crate::bot::texts;
use crate::engine::Engine;
use crate::questionlog::{QuestionLog, Unanswered, Why};

/// Answers whose best two entries score closer than this are listed as narrow calls: the
/// engine may have picked the wrong one of two similar entries (scores are in 0..=1; a clear
/// answer leads by 0.2 or more).
pub const LOW_MARGIN: f32 = 0.1;

/// How many answered questions are re-ranked to look for narrow margins (the most asked).
pub const MARGIN_SCAN: usize = 2000;

/// The curators' list from the log: disliked answers, narrow calls, then declined and
/// low-confidence questions; at most `limit` of each kind, each kind most frequent first.
pub fn gather(
    log: &QuestionLog,
    engine: &Engine,
    limit: usize,
    low_confidence: f32,
) -> crate::questionlog::Result<Vec<Unanswered>> {
    let mut rows = log.disliked(limit)?;
    rows.extend(narrow_calls(engine, log.answered(MARGIN_SCAN)?, limit));
    rows.extend(log.unanswered(limit, low_confidence)?);
    // a question both disliked and narrow is listed once, under its worse kind
    let mut seen = std::collections::HashSet::new();
    rows.retain(|r| seen.insert(r.question.clone()));
    Ok(rows)
}

/// The answered questions whose top two entries score within [`LOW_MARGIN`], most asked first;
/// their `score` becomes the margin.
pub fn narrow_calls(engine: &Engine, answered: Vec<Unanswered>, limit: usize) -> Vec<Unanswered> {
    answered
        .into_iter()
        .filter_map(|mut u| {
            let hits = engine.search(&u.question);
            let margin = match hits.as_slice() {
                [a, b, ..] => a.score - b.score,
                _ => return None,
            };
            (margin < LOW_MARGIN).then(|| {
                u.score = margin;
                u.why = Why::LowMargin;
                u
            })
        })
        .take(limit)
        .collect()
}

/// The list grouped by kind, one line per question: count, question, the entry that answered
/// (if one did) and the nearest section.
pub fn unanswered_report(engine: &Engine, rows: &[Unanswered]) -> String {
    if rows.is_empty() {
        return texts::NO_UNANSWERED.into();
    }
    let kb = engine.knowledge();
    let mut out = Vec::new();
    for group in rows.chunk_by(|a, b| a.why == b.why) {
        out.push(texts::unanswered_heading(group[0].why).to_string());
        out.extend(group.iter().map(|u| {
            let section = engine
                .nearest_sentence(&u.question)
                .map(|s| {
                    kb.report.sections[kb.report.sentences[s].section]
                        .title
                        .clone()
                })
                .unwrap_or_else(|| "—".into());
            texts::unanswered_line(u.count, &u.question, u.entry.as_deref(), &section)
        }));
    }
    out.join("\n")
}

/// Draft entries in the knowledge file format, one per unanswered question with a nearby sentence.
pub fn suggest_entries(engine: &Engine, rows: &[Unanswered]) -> String {
    let kb = engine.knowledge();
    let mut out = String::from(
        "# Draft entries from the question log. Review each one: keep or trim the quote (it must stay\n\
         # verbatim), write the answer line, add question variants, then paste into knowledge/entries/.\n",
    );
    for (n, u) in rows.iter().enumerate() {
        if let (Why::Disliked | Why::LowMargin, Some(entry)) = (u.why, &u.entry) {
            // the question was answered, perhaps wrongly: the fix may be in that entry
            out.push_str(&format!(
                "\n# answered by {entry}, {}: check that entry's questions and keywords first\n",
                match u.why {
                    Why::Disliked => format!("{} × 👎", u.count),
                    _ => format!("margin {:.2} over the runner-up", u.score),
                }
            ));
        }
        let Some(s) = engine.nearest_sentence(&u.question) else {
            // nothing in the report shares a word with it: likely out of scope, listed for the record
            out.push_str(&format!(
                "\n# asked {} time(s), no related report sentence: {}\n",
                u.count, u.question
            ));
            continue;
        };
        let sentence = &kb.report.sentences[s];
        let section = &kb.report.sections[sentence.section];
        let quote = kb.report.sentence_text(sentence);
        out.push_str(&format!(
            "\n# asked {} time(s)\n[[entry]]\nid = \"draft-{}\"\nsection = {}\nquestions = [{}]\nkeywords = []\nanswer = \"TODO: 用报告原文里的数字写一句回答\"\nquote = {}\n",
            u.count,
            n + 1,
            toml_string(&section.id),
            toml_string(&u.question),
            toml_string(quote),
        ));
    }
    out
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}
