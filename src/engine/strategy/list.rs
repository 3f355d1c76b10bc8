//! "哪些 / 有哪几 / 分别是什么 / which": every item, each quotation once. A curated list entry
//! (`items`) among the close hits answers first; otherwise entries of the best one's section
//! scoring nearly as well are gathered. Long lists come in balanced pages of at most
//! `list_page` items: the first page names every item of a curated list and quotes the
//! sentences of its first items; "还有呢" in the conversation quotes the next page.

use super::{Engine, Hit, Query, Step};
use crate::engine::answer::{Answer, Decline, Outcome, Wanted};
use crate::engine::query::ListCursor;
use crate::engine::wanted;

pub(super) fn run(engine: &Engine, q: &Query) -> Step {
    if let Some(cursor) = &q.more {
        return Step::Answer(page(engine, q, cursor));
    }
    if q.p.wanted != Some(Wanted::List) {
        return Step::Pass("not a list question");
    }
    let t = &engine.tuning;
    let Some(best) = q.best(t.threshold) else {
        return Step::Pass("no entry reaches the threshold");
    };
    if let Some(why) = engine.scope_problem(q, Some(best.entry)) {
        return Step::Answer(engine.declined(q, why));
    }
    let close = |h: &&Hit| h.score >= best.score * t.wanted_ratio;
    let sized = wanted::stated_count(&q.p.folded);
    // the best entry is the place named ("三墩去年新集聚了哪些项目": 三墩's own 中竟实业等17个):
    // a curated list of every place's members is not what is asked
    let place_entry =
        q.p.intent
            .places
            .iter()
            .any(|pl| crate::engine::intent::mentions(&engine.entry_text[best.entry], pl));
    if let Some(list) = q.hits.iter().take_while(close).find(|h| {
        if place_entry && h.entry != best.entry {
            return false;
        }
        let items = &engine.kb.entries[h.entry].items;
        // "蒋村去年集聚了哪些项目" asks about one member of the towns' list, not for its members
        let names_member = items.iter().any(|i| {
            q.p.folded.contains(i.as_str()) || q.p.intent.places.iter().any(|pl| i.contains(pl))
        });
        !items.is_empty() && !names_member && sized.is_none_or(|(n, _)| items.len() == n as usize)
    }) {
        let entry = &engine.kb.entries[list.entry];
        if !wanted::names_members(&entry.items, &entry.quote, &q.p.folded) {
            // the closest list counts kinds of what is asked; a list further down is about
            // something else
            return Step::Pass("the closest list names kinds counted, not the members asked");
        }
        let cursor = ListCursor {
            entries: siblings(engine, q, list.entry),
            shown: 0,
        };
        return Step::Answer(page(engine, q, &cursor));
    }
    let entries = &engine.kb.entries;
    if sized.is_some() {
        return Step::Pass("a sized set with no curated list of that size");
    }
    if wanted::enumerates(&entries[best.entry].quote) {
        return Step::Pass("the best entry's quotation enumerates the items itself");
    }
    let section = entries[best.entry].section;
    let mut gathered: Vec<usize> = Vec::new();
    for h in q
        .hits
        .iter()
        .take_while(|h| h.score >= best.score * t.list_ratio && h.score >= t.threshold)
    {
        let e = &entries[h.entry];
        let new_quote = !gathered
            .iter()
            .any(|&g| entries[g].quote.contains(&e.quote) || e.quote.contains(&entries[g].quote));
        if e.section == section && new_quote {
            gathered.push(h.entry);
        }
    }
    if gathered.len() < 2 {
        return Step::Pass("one entry, and no list among the close hits");
    }
    gathered.sort_by_key(|&e| entries[e].quote_at);
    let cursor = ListCursor {
        entries: gathered,
        shown: 0,
    };
    Step::Answer(page(engine, q, &cursor))
}

/// The curated list `best` and, when the question names no topic of it ("今年重点发展哪些产业"
/// found 新制造业's list, but 数字经济's and 现代服务业's stand beside it in the same task), every
/// other curated list of its section that reaches the threshold without its topic named either,
/// in report order; `best` alone when the question names its topic.
fn siblings(engine: &Engine, q: &Query, best: usize) -> Vec<usize> {
    let entries = &engine.kb.entries;
    let named = |e: usize| {
        entries[e]
            .keywords
            .first()
            .is_some_and(|k| q.p.folded.contains(k.as_str()))
    };
    if named(best) {
        return vec![best];
    }
    let mut out: Vec<usize> = q
        .hits
        .iter()
        .filter(|h| {
            let e = h.entry;
            e == best
                || (h.score >= engine.tuning.threshold
                    && entries[e].section == entries[best].section
                    && !entries[e].items.is_empty()
                    && !named(e))
        })
        .map(|h| h.entry)
        .take(engine.tuning.list_page)
        .collect();
    out.sort_by_key(|&e| entries[e].quote_at);
    out
}

/// Items in a page of a list of `total`: balanced pages of at most `max` (9 items: 5 + 4).
fn page_size(total: usize, max: usize) -> usize {
    let max = max.max(1);
    total.div_ceil(total.div_ceil(max).max(1)).max(1)
}

impl Engine {
    /// The curated list entry a cursor pages through, if it is one.
    fn curated(&self, cursor: &ListCursor) -> Option<usize> {
        match cursor.entries.as_slice() {
            [one] if !self.kb.entries[*one].items.is_empty() => Some(*one),
            _ => None,
        }
    }

    /// How many items a cursor's list has.
    pub(crate) fn list_len(&self, cursor: &ListCursor) -> usize {
        self.curated(cursor)
            .map_or(cursor.entries.len(), |e| self.kb.entries[e].items.len())
    }
}

/// The page of a list after `cursor.shown` items.
fn page(engine: &Engine, q: &Query, cursor: &ListCursor) -> Answer {
    let curated = engine.curated(cursor);
    let total = engine.list_len(cursor);
    let from = cursor.shown.min(total);
    if from == total {
        let mut answer = Answer::bare(q.p.text.clone(), Outcome::Declined(Decline::NoMore(total)));
        answer.list = Some(cursor.clone());
        return answer;
    }
    let to = (from + page_size(total, engine.tuning.list_page)).min(total);
    let mut answer = Answer::bare(q.p.text.clone(), Outcome::Answered);
    match curated {
        Some(e) => {
            let mut part = engine.part_for_entry(e, 1.0);
            let items = part.items[from..to].to_vec();
            if to - from < total {
                // the sentences naming this page's items: one contiguous, verbatim piece of the quote
                let naming: Vec<std::ops::Range<usize>> =
                    crate::knowledge::split_sentences(&part.quote)
                        .into_iter()
                        .filter(|r| {
                            items
                                .iter()
                                .any(|i| part.quote[r.clone()].contains(i.as_str()))
                        })
                        .collect();
                if let (Some(first), Some(last)) = (naming.first(), naming.last()) {
                    part.quote = part.quote[first.start..last.end].to_string();
                }
                part.answer.clear();
            }
            // the first page names every item (names are short); quotations come page by page
            part.items = if from == 0 { part.items.clone() } else { items };
            answer.parts = vec![part];
        }
        None => {
            answer.parts = cursor.entries[from..to]
                .iter()
                .map(|&e| engine.part_for_entry(e, 1.0))
                .collect();
        }
    }
    answer.score = 1.0;
    answer.more = total - to;
    answer.list = Some(ListCursor {
        entries: cursor.entries.clone(),
        shown: to,
    });
    let shown: Vec<usize> = cursor.entries.clone();
    answer.suggestions = engine.related(&shown, &q.hits);
    answer
}

#[cfg(test)]
mod tests {
    #[test]
    fn pages_are_balanced() {
        assert_eq!(super::page_size(9, 8), 5);
        assert_eq!(super::page_size(8, 8), 8);
        assert_eq!(super::page_size(17, 8), 6);
        assert_eq!(super::page_size(3, 8), 3);
    }
}
