//! Honest partial answers: the report has the topic but not what was asked — not the kind of
//! fact (a name, a date, a capacity, the items of a list it only counts), or not for the year
//! asked. Declined, with what the report does say.

use super::{Engine, Query, Step};
use crate::engine::answer::Decline;

pub(super) fn run(engine: &Engine, q: &Query) -> Step {
    let t = &engine.tuning;
    if let (Some(kind), Some(best)) = (q.p.wanted, q.best(t.threshold)) {
        // the entry strategy passed this topic because no close entry holds the kind asked
        let mut answer = engine.declined(q, Decline::NotGiven(kind));
        answer.parts = vec![engine.part_for_entry(best.entry, best.score)];
        return Step::Answer(answer);
    }
    // a strong year that no entry fits, while the other year has the measure
    if let (Some(year), Some(other)) = (
        q.p.intent.year.strong_year(&engine.years),
        q.any_year.first(),
    ) && other.score >= t.threshold
        && engine.kb.entries[other.entry].year != Some(year)
        && engine.scope_problem(q, Some(other.entry)).is_none()
    {
        let mut answer = engine.declined(q, Decline::WrongYear(year));
        answer.parts = vec![engine.part_for_entry(other.entry, other.score)];
        return Step::Answer(answer);
    }
    Step::Pass("no topic match missing only a kind of fact or a year")
}
