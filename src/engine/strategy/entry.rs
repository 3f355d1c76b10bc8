//! The common case: the best curated entry, when it reaches the threshold, fits the question's
//! scope and holds the kind of fact asked (among entries nearly as good, the first that does).

use super::{Engine, Hit, Query, Step};
use crate::engine::answer::Wanted;

pub(super) fn run(engine: &Engine, q: &Query) -> Step {
    let best = q.best(engine.tuning.threshold);
    if let Some(why) = engine.scope_problem(q, best.map(|h| h.entry)) {
        return Step::Answer(engine.declined(q, why));
    }
    let Some(best) = best else {
        return Step::Pass("no entry reaches the threshold");
    };
    let best = engine.specific(q, best);
    match engine.holding(q, best) {
        Some(hit) => Step::Answer(engine.answered(q, &[hit], hit.score)),
        None => Step::Pass("no close entry holds the kind of fact asked"),
    }
}

impl Engine {
    /// For a question that is not a list question, a single fact beats a list entry quoting it:
    /// among the close hits, the first entry that is no list and whose quotation lies inside
    /// the best list entry's.
    pub(crate) fn specific(&self, q: &Query, best: Hit) -> Hit {
        let entries = &self.kb.entries;
        let list = &entries[best.entry];
        if q.p.wanted == Some(Wanted::List) || list.items.is_empty() {
            return best;
        }
        q.hits
            .iter()
            .take_while(|h| h.score >= best.score * self.tuning.wanted_ratio)
            .find(|h| {
                let e = &entries[h.entry];
                e.items.is_empty() && list.quote.contains(e.quote.as_str())
            })
            .copied()
            .unwrap_or(best)
    }
}
