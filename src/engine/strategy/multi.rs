//! "A和B分别是多少": split at conjunctions; answer when two or more parts each find their own entry.
//! "报告是谁作的,哪天作的": one topic asked for two kinds of fact; each kind is answered by the
//! closest entry that holds it.

use super::{Engine, Hit, Query, Step};
use crate::engine::wanted;

pub(super) fn run(engine: &Engine, q: &Query) -> Step {
    if let Some(chosen) = kinds(engine, q) {
        let score = chosen.iter().map(|h| h.score).fold(1.0, f32::min);
        return Step::Answer(engine.answered(q, &chosen, score));
    }
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

/// Pieces of a question between conjunctions, as typed.
fn pieces<'a>(engine: &Engine, folded: &'a str) -> Vec<&'a str> {
    let mut pieces = vec![folded];
    for c in &engine.conjunctions {
        pieces = pieces
            .into_iter()
            .flat_map(|p| p.split(c.as_str()))
            .filter(|p| !p.trim().is_empty())
            .collect();
    }
    pieces
}

/// Two pieces asking different kinds of fact ("谁作的", "哪天作的") about the topic of the
/// whole: for each kind, the closest hit whose entry holds it; None unless two entries answer.
fn kinds(engine: &Engine, q: &Query) -> Option<Vec<Hit>> {
    // most questions have no conjunction at all: no split, no second scan of the kinds asked
    if !q.p.words.iter().any(|w| engine.conjunctions.contains(w)) {
        return None;
    }
    let kinds: Vec<_> = pieces(engine, &q.p.folded)
        .into_iter()
        .filter_map(wanted::wanted)
        .collect();
    let [first, second] = kinds.as_slice() else {
        return None;
    };
    if first == second {
        return None;
    }
    let t = &engine.tuning;
    let best = q.best(t.part_threshold)?;
    let floor = (best.score * t.wanted_ratio).max(t.part_threshold);
    let mut chosen: Vec<Hit> = Vec::new();
    for kind in [*first, *second] {
        let hit = q.hits.iter().take_while(|h| h.score >= floor).find(|h| {
            wanted::holds(
                kind,
                &engine.kb.entries[h.entry].quote,
                &q.p,
                &engine.segmenter,
            )
        })?;
        if !chosen.iter().any(|c| c.entry == hit.entry) {
            chosen.push(*hit);
        }
    }
    (chosen.len() == 2).then_some(chosen)
}
