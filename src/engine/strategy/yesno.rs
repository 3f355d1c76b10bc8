//! Yes/no questions ("…了吗", "是不是", "超过…吗", "是全市第一吗"): whatever strategy answered,
//! the answer starts with a plain verdict. A stated figure is compared with the report's in the
//! same base unit; a stated rank with the report's rank; a question about something done that
//! the report only plans gets "the report does not say".

use super::{Engine, Query};
use crate::engine::answer::{Answer, Outcome, Source, Verdict};
use crate::engine::trace::Trace;
use crate::engine::{intent, premise, wanted};

pub(super) fn decide(engine: &Engine, q: &Query, answer: &mut Answer, trace: &mut Trace) {
    if !q.p.intent.check || q.p.wanted.is_some() || answer.outcome != Outcome::Answered {
        return;
    }
    let Some(first) = answer.parts.first() else {
        return;
    };
    let texts: Vec<&str> = answer
        .parts
        .iter()
        .map(|p| p.answer.as_str())
        .chain(answer.parts.iter().map(|p| p.quote.as_str()))
        .collect();
    let folded = q.p.folded.as_str();
    let verdict = if let Some(p) = premise::premise(folded) {
        let v = premise::judge(&p, &texts);
        trace.note(format!("premise {} ({:?}): {v:?}", p.text, p.relation));
        v
    } else if let Some(asked) = premise::rank(folded) {
        let real = texts.iter().find_map(|t| premise::rank(t));
        trace.note(format!("rank premise {asked}: report {real:?}"));
        // "是全国第一吗" of a 全省第1: the report ranks it in another scope, and says nothing
        // of the one asked
        let other_scope = wanted::RANK_SCOPES
            .iter()
            .any(|s| folded.contains(s) && !texts.iter().any(|t| t.contains(s)));
        real.map(|r| {
            if other_scope {
                Verdict::NotSaid
            } else if r == asked {
                Verdict::Yes
            } else {
                Verdict::No(None)
            }
        })
    } else {
        let planned = match &first.source {
            Source::Entry { id } => engine.by_id.get(id).is_some_and(|&e| {
                let year = engine.kb.entries[e].year;
                year.is_some() && year == engine.years.plan
            }),
            Source::Sentence { index } => {
                let s = engine.kb.report.sentences[*index].section;
                engine.kb.report.sections[s].year == engine.years.plan
            }
        };
        let done = intent::asks_done(folded);
        let unstated = unstated_word(engine, q, &first.source, &texts);
        trace.note(format!(
            "no premise; asks if done: {done}; the report plans it: {planned}; \
             a report word the passage lacks: {unstated:?}"
        ));
        Some(if (done && planned) || unstated.is_some() {
            Verdict::NotSaid
        } else {
            Verdict::Yes
        })
    };
    answer.verdict = verdict;
}

/// A word of the question that the report uses elsewhere but the answering passage does not
/// hold ("报告是区委书记作的吗" answered by the meeting line, which names no 区委书记): the
/// passage cannot confirm what the question states. Words the report never uses (建好, 搞定)
/// are paraphrase, not premise.
fn unstated_word(engine: &Engine, q: &Query, source: &Source, texts: &[&str]) -> Option<String> {
    let passage_text = match source {
        Source::Entry { id } => engine.by_id.get(id).map(|&e| engine.entry_text[e].as_str()),
        Source::Sentence { .. } => None,
    };
    q.p.words
        .iter()
        .filter(|w| w.chars().count() >= 2)
        .filter(|w| !engine.conjunctions.contains(*w) && !engine.is_year_word(w))
        .filter(|w| engine.report_uses(w))
        .find(|w| {
            !texts.iter().any(|t| intent::mentions(t, w))
                && !passage_text.is_some_and(|t| intent::mentions(t, w))
        })
        .cloned()
}
