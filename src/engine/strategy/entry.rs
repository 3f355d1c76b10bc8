//! The common case: the best curated entry, when it reaches the threshold, fits the question's
//! scope and holds the kind of fact asked (among entries nearly as good, the first that does).

use super::{Engine, Hit, Query, Step};
use crate::engine::answer::{Decline, Wanted};
use crate::engine::intent::YearIntent;
use crate::engine::premise;

pub(super) fn run(engine: &Engine, q: &Query) -> Step {
    let mut best = q.best(engine.tuning.threshold);
    if let Some(why) = engine.scope_problem(q, best.map(|h| h.entry)) {
        // a measure the best entry does not give may be given by one nearly as good ("一共有几个
        // 镇街": the list of 镇街 does not count them, the 执法改革 entry says "11个镇街")
        match best.and_then(|b| engine.close_without_scope_problem(q, b)) {
            Some(other) if matches!(why, Decline::NotInReport(_)) => best = Some(other),
            _ => return Step::Answer(engine.declined(q, why)),
        }
    }
    let Some(best) = best else {
        return Step::Pass("no entry reaches the threshold");
    };
    let best = engine.premised(q, engine.specific(q, best));
    match engine.holding(q, best) {
        Some(hit) => Step::Answer(engine.answered(q, &[hit], hit.score)),
        None => Step::Pass("no close entry holds the kind of fact asked"),
    }
}

impl Engine {
    /// Among the hits within [`Tuning::wanted_ratio`](crate::engine::Tuning) of `best`, the
    /// first with no scope problem.
    fn close_without_scope_problem(&self, q: &Query, best: Hit) -> Option<Hit> {
        let floor = (best.score * self.tuning.wanted_ratio).max(self.tuning.threshold);
        q.hits
            .iter()
            .take_while(|h| h.score >= floor)
            .find(|h| self.scope_problem(q, Some(h.entry)).is_none())
            .copied()
    }

    /// A figure checked with no year ("全民参保率是不是99.61%"): among the close hits, the entry
    /// whose own answer states the figure nearest to it, of its kind — the 2022 result (99.65%),
    /// not the 2023 target (99%以上). `best` on a tie, and when no close entry states one.
    pub(crate) fn premised(&self, q: &Query, best: Hit) -> Hit {
        if !q.p.intent.check || q.p.intent.year != YearIntent::Any {
            return best;
        }
        let Some(stated) = premise::premise(&q.p.folded) else {
            return best;
        };
        let floor = best.score * self.tuning.wanted_ratio;
        std::iter::once(&best)
            .chain(q.hits.iter().take_while(|h| h.score >= floor))
            .filter_map(|h| {
                premise::distance(&stated, &self.kb.entries[h.entry].answer).map(|d| (d, *h))
            })
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map_or(best, |(_, h)| h)
    }

    /// For a question that is not a list question, a single fact beats a list entry quoting it:
    /// among the close hits, the first entry that is no list and whose quotation lies inside
    /// the best list entry's.
    pub(crate) fn specific(&self, q: &Query, best: Hit) -> Hit {
        let entries = &self.kb.entries;
        let list = &entries[best.entry];
        if matches!(q.p.wanted, Some(Wanted::List | Wanted::Meaning)) || list.items.is_empty() {
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
