//! Out of scope: a year the report does not cover is declined at once; other regions, measures
//! and topics the report never gives are declined unless the matched entry mentions them
//! ([`Engine::scope_problem`], used by every strategy that answers from entries).

use super::{Engine, Query, Step};
use crate::engine::answer::Decline;
use crate::engine::{intent, wanted};

pub(super) fn run(engine: &Engine, q: &Query) -> Step {
    match &q.p.intent.other_year {
        Some(y) => Step::Answer(engine.declined(q, Decline::OtherYear(y.clone()))),
        None => Step::Pass("a year of the report, or none"),
    }
}

impl Engine {
    /// A reason to decline `entry` for this question: a region or measure the entry never mentions.
    pub(crate) fn scope_problem(&self, q: &Query, entry: Option<usize>) -> Option<Decline> {
        let intent = &q.p.intent;
        let mentions =
            |word: &str| entry.is_some_and(|e| intent::mentions(&self.entry_text[e], word));
        if let Some(r) = &intent.other_region
            && !mentions(r)
        {
            return Some(Decline::OtherRegion(r.clone()));
        }
        if let Some(r) = &intent.parent_region
            && !mentions(r)
        {
            return Some(Decline::OtherRegion(r.clone()));
        }
        let met = |w: &str| {
            entry.is_some_and(|e| wanted::measure_met(w, &self.kb.entries[e].quote, &q.p))
        };
        if let Some(w) = intent.unsupported.iter().find(|w| !mentions(w) && !met(w)) {
            return Some(Decline::NotInReport(w.clone()));
        }
        // a topic the report never gives: fine only if the entry's quote names it, or the rest of
        // the question matches the entry well on its own (户籍人口医保参保率 → 户籍居民医保参保率)
        let quoted = |word: &str| entry.is_some_and(|e| self.kb.entries[e].quote.contains(word));
        let topic = intent.topics.iter().find(|w| !quoted(w))?;
        let rest: Vec<&String> =
            q.p.words
                .iter()
                .filter(|w| !topic.contains(w.as_str()) && !w.contains(topic.as_str()))
                .collect();
        let standalone = entry.map_or(0.0, |e| {
            self.index
                .score(&self.query_terms(rest, &q.p.names), &self.entries[e])
        });
        (standalone < self.tuning.threshold).then(|| Decline::NotInReport(topic.clone()))
    }
}
