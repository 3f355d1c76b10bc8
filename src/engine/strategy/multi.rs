//! "A和B分别是多少": split at conjunctions; answer when two or more parts each find their own entry.

use super::{Engine, Hit, Query, Step};

pub(super) fn run(engine: &Engine, q: &Query) -> Step {
    let parts: Vec<&[String]> =
        q.p.words
            .split(|w| engine.conjunctions.contains(w))
            .filter(|part| part.iter().any(|w| !w.bytes().all(|b| b.is_ascii_digit())))
            .collect();
    if parts.len() < 2 {
        return Step::Pass("one part");
    }
    let t = &engine.tuning;
    let mut chosen: Vec<Hit> = Vec::new();
    for part in &parts {
        let terms = engine.query_terms(part.iter(), &q.p.names);
        let hits = engine.rank(&terms, q.p.intent.year, &q.p, t.floor());
        if let Some(best) = hits.first().filter(|h| h.score >= t.part_threshold)
            && !chosen.iter().any(|c| c.entry == best.entry)
        {
            chosen.push(*best);
        }
    }
    if chosen.len() < 2 {
        return Step::Pass("fewer than two parts found their own entry");
    }
    if let Some(why) = engine.scope_problem(q, Some(chosen[0].entry)) {
        return Step::Answer(engine.declined(q, why));
    }
    let score = chosen.iter().map(|h| h.score).fold(1.0, f32::min);
    Step::Answer(engine.answered(q, &chosen, score))
}
