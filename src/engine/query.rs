//! A question read once for every strategy: the [`Prepared`] reading (normalised text, intent,
//! content words, the kind of fact asked) and the [`Query`] search state built from it
//! (terms, candidate entries under each year reading).

use super::answer::Wanted;
use super::index::QueryTerm;
use super::intent::{Intent, YearIntent};
use super::{Engine, Hit, units};

/// What a question says, before any search.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    /// Normalised text with trailing particles trimmed (what answers echo).
    pub(crate) text: String,
    /// Normalised text (intents are read from it).
    pub(crate) folded: String,
    /// Year, region, scope and yes/no signals.
    pub(crate) intent: Intent,
    /// Content words in order, with conjunctions kept (for splitting).
    pub(crate) words: Vec<String>,
    /// The kind of quantity asked for, if the question names one.
    pub(crate) asked: Option<units::Quantity>,
    /// The kind of fact asked for, if the question names one.
    pub(crate) wanted: Option<Wanted>,
    /// Numbers used as names ("1248计划"): they must match like words, not as figures.
    pub(crate) names: Vec<String>,
    /// The message was blank (not just punctuation).
    pub(crate) blank: bool,
}

/// Where a list shown in pages stands: which entries it is made of and how many items the
/// conversation has seen ("还有呢" shows the next page).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ListCursor {
    /// The list: one curated list entry, or the entries gathered for a list question.
    pub(crate) entries: Vec<usize>,
    /// Items already shown.
    pub(crate) shown: usize,
}

/// A prepared question with its search done: what every strategy reads.
#[derive(Debug)]
pub(crate) struct Query {
    /// The reading.
    pub(crate) p: Prepared,
    /// Its terms with their weights.
    pub(crate) terms: Vec<QueryTerm>,
    /// Candidates under any year, best first.
    pub(crate) any_year: Vec<Hit>,
    /// Candidates under the question's own year reading, best first.
    pub(crate) hits: Vec<Hit>,
    /// The next page of a list the conversation was shown ("还有呢").
    pub(crate) more: Option<ListCursor>,
}

impl Query {
    /// The best hit under the question's year, if it reaches `threshold`.
    pub(crate) fn best(&self, threshold: f32) -> Option<Hit> {
        self.hits.first().copied().filter(|h| h.score >= threshold)
    }
}

impl Engine {
    /// Searches for a prepared question; `excluded` entries (ruled out by "不是这个") are dropped.
    pub(crate) fn query(&self, p: Prepared, excluded: &[usize], more: Option<ListCursor>) -> Query {
        let terms = self.query_terms(&p.words, &p.names);
        let candidates: Vec<Hit> = self
            .candidates(
                &terms,
                &p,
                [YearIntent::Any, p.intent.year],
                self.tuning.floor(),
            )
            .into_iter()
            .filter(|h| !excluded.contains(&h.entry))
            .collect();
        let any_year = self.by_year(&candidates, YearIntent::Any);
        let hits = self.by_year(&candidates, p.intent.year);
        Query {
            p,
            terms,
            any_year,
            hits,
            more,
        }
    }
}
