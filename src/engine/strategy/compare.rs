//! "去年完成多少、今年目标多少": the best entry's indicator, answered for both of the report's years.

use super::{Engine, Hit, Query, Step};
use crate::engine::intent::YearIntent;

pub(super) fn run(engine: &Engine, q: &Query) -> Step {
    if !(q.p.intent.year == YearIntent::Both || q.p.intent.compare) {
        return Step::Pass("no comparison asked");
    }
    let hits = &q.any_year;
    let Some(top) = hits.first().map(|h| h.score) else {
        return Step::Pass("no candidate");
    };
    let t = &engine.tuning;
    // the best hit that is part of a pair of years, unless far behind the best hit overall
    let Some(best) = hits
        .iter()
        .take_while(|h| h.score >= t.part_threshold && h.score >= top * t.compare_ratio)
        .find(|h| engine.kb.entries[h.entry].indicator.is_some())
    else {
        return Step::Pass("no close entry has an indicator in both years");
    };
    let Some(indicator) = engine.kb.entries[best.entry].indicator.as_ref() else {
        return Step::Pass("no indicator");
    };
    let mut chosen: Vec<Hit> = Vec::new();
    for year in [engine.years.review, engine.years.plan]
        .into_iter()
        .flatten()
    {
        let of_year = |h: &&Hit| {
            let e = &engine.kb.entries[h.entry];
            e.indicator.as_ref() == Some(indicator) && e.year == Some(year)
        };
        let pick = hits.iter().find(of_year).copied().or_else(|| {
            let e = *engine
                .same_indicator(Some(indicator))
                .iter()
                .find(|&&e| engine.kb.entries[e].year == Some(year))?;
            Some(Hit {
                entry: e,
                score: best.score,
            })
        });
        chosen.extend(pick);
    }
    if chosen.len() < 2 || engine.scope_problem(q, Some(best.entry)).is_some() {
        return Step::Pass("the indicator lacks one of the years");
    }
    Step::Answer(engine.answered(q, &chosen, best.score))
}
