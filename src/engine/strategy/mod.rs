//! The answer strategies, tried in order; each answers or passes, and says why in the trace.
//!
//! To add a kind of question: write a file here with `pub(super) fn run(&Engine, &Query) -> Step`,
//! put it in [`PIPELINE`] where it belongs (before the strategies it should win over), add a
//! test per strategy in `tests/strategies.rs`, and give its display text to `reply`.

mod compare;
mod decline;
mod entry;
mod greeting;
mod list;
mod multi;
mod partial;
mod scope;
mod sentence;
mod structure;
mod yesno;

use super::answer::{Answer, Decline, Outcome};
use super::query::Query;
use super::trace::Trace;
use super::{Engine, Hit};

/// What a strategy did.
pub(crate) enum Step {
    /// It answers (or declines) the question: the pipeline stops.
    Answer(Answer),
    /// It does not apply; why.
    Pass(&'static str),
}

type Strategy = fn(&Engine, &Query) -> Step;

/// The strategies in the order they are tried. Specific readings come before general ones
/// (a list question before a single entry or a split into parts), honest declines before weaker matches (a passage
/// that lacks the asked kind of fact is declined before the sentence fallback could quote it).
const PIPELINE: &[(&str, Strategy)] = &[
    ("greeting", greeting::run),
    ("scope", scope::run),
    ("structure", structure::run),
    ("compare", compare::run),
    ("list", list::run),
    ("multi", multi::run),
    ("entry", entry::run),
    ("partial", partial::run),
    ("sentence", sentence::run),
    ("decline", decline::run),
];

/// Runs the pipeline on a query; yes/no questions get their verdict on whatever answered.
pub(crate) fn run(engine: &Engine, q: &Query, trace: &mut Trace) -> Answer {
    for (name, strategy) in PIPELINE {
        match strategy(engine, q) {
            Step::Answer(mut answer) => {
                trace.step(
                    name,
                    match &answer.outcome {
                        Outcome::Answered => {
                            format!("answered ({})", answer.matched().unwrap_or_default())
                        }
                        Outcome::Declined(why) => format!("declined: {why:?}"),
                        Outcome::Greeting => "greeting".into(),
                    },
                );
                yesno::decide(engine, q, &mut answer, trace);
                return answer;
            }
            Step::Pass(why) => trace.step(name, why),
        }
    }
    // the last strategy always answers; an empty pipeline would decline
    engine.declined(q, Decline::LowConfidence)
}

impl Engine {
    /// A decline with "did you mean" suggestions from any year's candidates.
    pub(crate) fn declined(&self, q: &Query, why: Decline) -> Answer {
        let mut answer = Answer::bare(q.p.text.clone(), Outcome::Declined(why));
        answer.score = q.any_year.first().map_or(0.0, |h| h.score);
        answer.suggestions = self.suggestions(&q.any_year, &[]);
        answer
    }

    /// An answer from chosen entries, with related entries as suggestions.
    pub(crate) fn answered(&self, q: &Query, chosen: &[Hit], score: f32) -> Answer {
        let ids: Vec<usize> = chosen.iter().map(|h| h.entry).collect();
        let mut answer = Answer::bare(q.p.text.clone(), Outcome::Answered);
        answer.parts = chosen
            .iter()
            .map(|h| self.part_for_entry(h.entry, h.score))
            .collect();
        answer.score = score;
        answer.suggestions = self.related(&ids, &q.hits);
        answer
    }
}
