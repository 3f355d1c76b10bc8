//! The fallback: a report sentence no entry covers, when it matches the question closely.

use super::{Engine, Query, Step};
use crate::engine::answer::{Answer, Decline, Outcome};
use crate::engine::wanted;

pub(super) fn run(engine: &Engine, q: &Query) -> Step {
    let Some((s, score)) = engine.best_sentence(&q.terms, &q.p) else {
        return Step::Pass("no sentence reaches the sentence threshold");
    };
    let part = engine.part_for_sentence(s, score);
    if let Some(why) = engine.year_problem(q, &part.quote, None) {
        let mut answer = engine.declined(q, why);
        answer.parts = vec![part];
        return Step::Answer(answer);
    }
    if let Some(kind) = q.p.wanted
        && !wanted::holds(kind, &part.quote, &q.p, engine)
    {
        let mut answer = engine.declined(q, Decline::NotGiven(kind));
        answer.parts = vec![part];
        return Step::Answer(answer);
    }
    let mut answer = Answer::bare(q.p.text.clone(), Outcome::Answered);
    answer.parts = vec![part];
    answer.score = score;
    answer.suggestions = engine.suggestions(&q.hits, &[]);
    Step::Answer(answer)
}
