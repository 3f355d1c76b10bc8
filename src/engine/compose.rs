//! Answers made of several parts: multi-part questions ("A和B分别是多少") and comparisons of the
//! 2022 result with the 2023 target through the entries' shared indicator.

use super::{Answer, Engine, Hit, Prepared};
use crate::knowledge::Entry;

impl Engine {
    /// "A和B分别是多少": split at conjunctions; answer when two or more parts each find their own entry.
    pub(super) fn multi_part(
        &self,
        normalized: &str,
        p: &Prepared,
        whole: &[Hit],
    ) -> Option<Answer> {
        let parts: Vec<&[String]> = p
            .words
            .split(|w| self.conjunctions.contains(w))
            .filter(|part| part.iter().any(|w| !w.bytes().all(|b| b.is_ascii_digit())))
            .collect();
        if parts.len() < 2 {
            return None;
        }
        let mut chosen: Vec<Hit> = Vec::new();
        for part in &parts {
            let terms = self.query_terms(part.iter());
            let hits = self.rank(&terms, p.intent.year, p, self.config.floor());
            if let Some(best) = hits
                .first()
                .filter(|h| h.score >= self.config.part_threshold)
                && !chosen.iter().any(|c| c.entry == best.entry)
            {
                chosen.push(*best);
            }
        }
        if chosen.len() < 2 {
            return None;
        }
        if let Some(why) = self.scope_problem(p, Some(chosen[0].entry)) {
            return Some(self.declined(normalized.to_string(), why, whole));
        }
        let score = chosen.iter().map(|h| h.score).fold(1.0, f32::min);
        Some(self.answered(normalized, &chosen, score, &p.intent.numbers, whole))
    }

    /// "去年完成多少、今年目标多少": the best entry's indicator, answered for both years.
    pub(super) fn compare(&self, normalized: &str, p: &Prepared, hits: &[Hit]) -> Option<Answer> {
        // the best hit that is part of a 2022/2023 pair, unless far behind the best hit overall
        let top = hits.first()?.score;
        let best = hits
            .iter()
            .take_while(|h| h.score >= self.config.part_threshold && h.score >= top * 0.8)
            .find(|h| self.kb.entries[h.entry].indicator.is_some())?;
        let indicator = self.kb.entries[best.entry].indicator.as_ref()?;
        let mut chosen: Vec<Hit> = Vec::new();
        for year in [2022, 2023] {
            let of_year = |h: &&Hit| {
                let e: &Entry = &self.kb.entries[h.entry];
                e.indicator.as_ref() == Some(indicator) && e.year == Some(year)
            };
            let pick = hits.iter().find(of_year).copied().or_else(|| {
                let e = *self
                    .same_indicator(Some(indicator))
                    .iter()
                    .find(|&&e| self.kb.entries[e].year == Some(year))?;
                Some(Hit {
                    entry: e,
                    score: best.score,
                })
            });
            chosen.extend(pick);
        }
        if chosen.len() < 2 || self.scope_problem(p, Some(best.entry)).is_some() {
            return None;
        }
        Some(self.answered(normalized, &chosen, best.score, &p.intent.numbers, hits))
    }
}
