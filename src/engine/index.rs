//! The term index: documents (curated entries and report sentences) as weighted term sets, and
//! the score of a question's terms against them.
//!
//! A document's score mixes how much of the question it covers (idf-weighted, so 新增 counts
//! less than 充电桩) with how much of its best-fitting question variant the question covers (so
//! "GDP" prefers the GDP entry over an entry that merely mentions GDP).
//!
//! [`TermIndex::top`] finds the best documents without scoring every document that shares a
//! word: one cheap pass over the posting lists adds up each document's exact question coverage
//! and an upper bound of its variant coverage (each term's idf over the shortest variant that
//! has it, summed); only documents whose bound can still reach the k-th best score so far, and
//! the caller's floor, are scored in full (the MaxScore idea of search engines). The result is
//! the same as scoring them all (a property test checks it); the work grows with the posting
//! lists, not with the full scoring of every candidate.

use std::cell::RefCell;
use rustc_hash::FxHashMap as HashMap;

/// Interned term id.
pub type TermId = u32;

/// Share of the score that comes from covering the question (the rest: covering a variant).
const QUESTION_SHARE: f32 = 0.6;
/// Credit for a question term found only in a document's quotation, not its questions or keywords.
const QUOTE_ONLY_CREDIT: f32 = 0.7;

/// A question term: known (with id) or not in any document.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QueryTerm {
    /// Id when the term is in the vocabulary.
    pub id: Option<TermId>,
    /// Its weight (idf; unknown terms weigh the most).
    pub weight: f32,
    /// Pure numbers only count when a document has them (a stated figure is checked separately).
    pub numeric: bool,
}

/// A term of a document, as the index sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DocTerm {
    /// The term.
    pub id: TermId,
    /// 1 for question/keyword/answer terms, less for quote-only terms.
    pub credit: f32,
    /// The most this term alone adds to the document's variant coverage: its idf over the total
    /// idf of the shortest variant having it (0 for quote-only terms; set by
    /// [`TermIndex::weigh`]). Summed over a question's terms it bounds the variant coverage.
    pub reach: f32,
}

/// One searchable document.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    /// The document's terms, sorted by id.
    pub terms: Vec<DocTerm>,
    /// Each variant's distinct terms, sorted.
    pub variants: Vec<Vec<TermId>>,
    /// Each variant's total idf (set by [`TermIndex::weigh`]).
    pub variant_idf: Vec<f32>,
}

impl Doc {
    fn term(&self, id: TermId) -> Option<&DocTerm> {
        let i = self.terms.binary_search_by_key(&id, |t| t.id).ok()?;
        Some(&self.terms[i])
    }

    fn credit(&self, id: TermId) -> f32 {
        self.term(id).map_or(0.0, |t| t.credit)
    }
}

/// Documents plus the vocabulary and idf over them.
#[derive(Debug, Default)]
pub struct TermIndex {
    vocab: HashMap<String, TermId>,
    df: Vec<u32>,
    idf: Vec<f32>,
    /// Weight of a term no document has.
    unknown_weight: f32,
}

impl TermIndex {
    /// Interns a term (at build time).
    pub fn intern(&mut self, term: &str) -> TermId {
        if let Some(&id) = self.vocab.get(term) {
            return id;
        }
        let id = self.df.len() as TermId;
        self.vocab.insert(term.to_string(), id);
        self.df.push(0);
        id
    }

    /// Builds a document from its variants (full credit) and extra text terms (quote credit).
    pub fn doc(&mut self, variants: &[Vec<String>], quote_terms: &[String]) -> Doc {
        let mut doc = Doc::default();
        let mut credit: HashMap<TermId, f32> = HashMap::default();
        for v in variants {
            let mut ids: Vec<TermId> = v.iter().map(|t| self.intern(t)).collect();
            ids.sort_unstable();
            ids.dedup();
            for &id in &ids {
                credit.insert(id, 1.0);
            }
            if !ids.is_empty() {
                doc.variants.push(ids);
            }
        }
        for t in quote_terms {
            let id = self.intern(t);
            credit.entry(id).or_insert(QUOTE_ONLY_CREDIT);
        }
        doc.terms = credit
            .into_iter()
            .map(|(id, credit)| DocTerm {
                id,
                credit,
                reach: 0.0,
            })
            .collect();
        doc.terms.sort_unstable_by_key(|t| t.id);
        doc
    }

    /// Computes idf from the documents that count for it (the curated entries).
    pub fn finish(&mut self, docs: &[Doc]) {
        for d in docs {
            for t in &d.terms {
                self.df[t.id as usize] += 1;
            }
        }
        let n = docs.len().max(1) as f32;
        self.idf = self
            .df
            .iter()
            .map(|&df| ((n + 1.0) / (df as f32 + 0.5)).ln().max(0.1))
            .collect();
        self.unknown_weight = ((n + 1.0) / 2.0).ln();
    }

    /// Precomputes each variant's total idf and each term's reach (after [`TermIndex::finish`]).
    pub fn weigh(&self, docs: &mut [Doc]) {
        for d in docs {
            d.variant_idf = d
                .variants
                .iter()
                .map(|v| v.iter().map(|&id| self.idf(id)).sum())
                .collect();
            for (v, &all) in d.variants.iter().zip(&d.variant_idf) {
                if all <= 0.0 {
                    continue;
                }
                for &id in v {
                    if let Ok(i) = d.terms.binary_search_by_key(&id, |t| t.id) {
                        let t = &mut d.terms[i];
                        t.reach = t.reach.max(self.idf(id) / all);
                    }
                }
            }
        }
    }

    /// The id of a known term.
    pub fn id(&self, term: &str) -> Option<TermId> {
        self.vocab.get(term).copied()
    }

    /// Every known term.
    pub fn terms(&self) -> impl Iterator<Item = &str> {
        self.vocab.keys().map(String::as_str)
    }

    /// Idf of a known term.
    pub fn idf(&self, id: TermId) -> f32 {
        self.idf[id as usize]
    }

    /// Weighs question terms; `names` are numbers the question uses as names (`1248` of
    /// "1248计划"), which count like words rather than as figures.
    /// A term in no document weighs `unknown_share(term)` of the unknown weight: the caller
    /// tells a likely topic from an ordinary word or a lone character.
    pub fn query(
        &self,
        terms: &[&str],
        names: &[String],
        unknown_share: impl Fn(&str) -> f32,
    ) -> Vec<QueryTerm> {
        let mut out: Vec<QueryTerm> = Vec::with_capacity(terms.len());
        for t in terms {
            let id = self.id(t);
            if id.is_some() && out.iter().any(|q| q.id == id) {
                continue;
            }
            let weight = id.map_or_else(|| self.unknown_weight * unknown_share(t), |i| self.idf(i));
            let numeric =
                t.bytes().all(|b| b.is_ascii_digit() || b == b'.') && !names.iter().any(|n| n == t);
            out.push(QueryTerm {
                id,
                weight,
                numeric,
            });
        }
        out
    }

    /// Scores a document against question terms, in 0..=1.
    pub fn score(&self, query: &[QueryTerm], doc: &Doc) -> f32 {
        let mut total = 0.0;
        let mut matched = 0.0;
        for q in query {
            let credit = q.id.map_or(0.0, |id| doc.credit(id));
            if q.numeric && credit == 0.0 {
                continue;
            }
            total += q.weight;
            matched += q.weight * credit;
        }
        if total == 0.0 || matched == 0.0 {
            return 0.0;
        }
        let mut best_variant: f32 = 0.0;
        for (v, &all) in doc.variants.iter().zip(&doc.variant_idf) {
            if all <= 0.0 {
                continue;
            }
            let hit: f32 = query
                .iter()
                .filter_map(|q| q.id)
                .filter(|id| v.binary_search(id).is_ok())
                .map(|id| self.idf(id))
                .sum();
            best_variant = best_variant.max(hit / all);
        }
        QUESTION_SHARE * (matched / total) + (1.0 - QUESTION_SHARE) * best_variant
    }
}

/// A document having a term, with the term's credit and reach there.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Posting {
    /// Document index.
    pub doc: u32,
    /// The term's credit in the document.
    pub credit: f32,
    /// The term's reach in the document (see [`DocTerm::reach`]).
    pub reach: f32,
}

/// term id → the documents having it.
pub type Postings = Vec<Vec<Posting>>;

/// The posting lists of `docs` over `index`'s vocabulary.
pub fn postings(docs: &[Doc], index: &TermIndex) -> Postings {
    let mut out = vec![Vec::new(); index.df.len()];
    for (d, doc) in docs.iter().enumerate() {
        for t in &doc.terms {
            out[t.id as usize].push(Posting {
                doc: d as u32,
                credit: t.credit,
                reach: t.reach,
            });
        }
    }
    out
}

/// One scored document of [`TermIndex::top`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    /// Document index.
    pub doc: usize,
    /// Index score × the document's base fit.
    pub score: f32,
}

/// How [`TermIndex::top`] weighs a document beyond its index score: a base factor and two
/// rankings' extra factors (e.g. two year intents), all in 0..=1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    /// Factor kept in the returned score.
    pub base: f32,
    /// Each ranking's extra factor.
    pub rankings: [f32; 2],
}

/// Per-document sums of one query, reused across queries on a thread.
#[derive(Debug, Clone, Copy, Default)]
struct Acc {
    /// Σ weight × credit of the query terms the document has.
    matched: f32,
    /// Σ weight of numeric query terms the document has (they count only there).
    numeric: f32,
    /// Σ reach of the query terms the document has (bounds variant coverage).
    reach: f32,
}

thread_local! {
    static SCRATCH: RefCell<(Vec<Acc>, Vec<u32>)> = const { RefCell::new((Vec::new(), Vec::new())) };
}

/// What [`TermIndex::top`] searches.
#[derive(Debug, Clone, Copy)]
pub struct Search<'a> {
    /// The question's terms.
    pub query: &'a [QueryTerm],
    /// The terms that select documents: only documents having one are considered.
    pub seeds: &'a [TermId],
    /// The documents...
    pub docs: &'a [Doc],
    /// ...and their posting lists.
    pub postings: &'a Postings,
    /// Which documents of each ranking to return.
    pub keep: Keep,
}

/// Which documents of a ranking [`TermIndex::top`] must return.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Keep {
    /// The `k` best...
    pub k: usize,
    /// ...of those scoring at least `floor`, and the best one whatever its score.
    pub floor: f32,
}

/// The k best scores seen, worst first, for one ranking.
struct Best {
    keep: Keep,
    scores: Vec<f32>,
}

impl Best {
    fn new(keep: Keep) -> Self {
        Self {
            keep,
            scores: Vec::with_capacity(keep.k + 1),
        }
    }

    /// The score a document must reach to enter: the k-th best once k are known, and the
    /// floor once a document above it is (below the floor, only a new best counts).
    fn bar(&self) -> f32 {
        let best = self.scores.last().copied().unwrap_or(0.0);
        let kth = if self.scores.len() < self.keep.k {
            0.0
        } else {
            self.scores[0]
        };
        kth.max(self.keep.floor.min(best))
    }

    fn push(&mut self, score: f32) {
        let at = self.scores.partition_point(|&s| s < score);
        self.scores.insert(at, score);
        if self.scores.len() > self.keep.k {
            self.scores.remove(0);
        }
    }
}

impl TermIndex {
    /// The documents that can be among the best of either ranking, scored (see [`Search`]).
    /// Every document `keep` asks for in either ranking (ties included) is returned, in no
    /// order; documents that cannot be among them may be left out.
    pub fn top(&self, search: &Search<'_>, fit: impl Fn(usize) -> Fit) -> Vec<Scored> {
        SCRATCH.with_borrow_mut(|(acc, touched)| {
            // the sums the last call touched go back to zero first (even if that call never
            // finished), so the whole buffer is zero without clearing all of it each time
            for &d in touched.iter() {
                acc[d as usize] = Acc::default();
            }
            touched.clear();
            if acc.len() < search.docs.len() {
                acc.resize(search.docs.len(), Acc::default());
            }
            self.top_in(search, fit, acc, touched)
        })
    }

    fn top_in(
        &self,
        search: &Search<'_>,
        fit: impl Fn(usize) -> Fit,
        acc: &mut [Acc],
        touched: &mut Vec<u32>,
    ) -> Vec<Scored> {
        let Search {
            query,
            seeds,
            docs,
            postings,
            keep,
        } = *search;
        // seeds select the documents; every known term adds to the sums of selected ones
        let mut is_seed = |id: TermId| seeds.contains(&id);
        for q in query.iter().filter(|q| q.id.is_some_and(&mut is_seed)) {
            let id = q.id.unwrap_or_default();
            for p in &postings[id as usize] {
                let a = &mut acc[p.doc as usize];
                if a.matched == 0.0 {
                    touched.push(p.doc);
                }
                add(a, q, p.credit, p.reach);
            }
        }
        for q in query
            .iter()
            .filter(|q| q.id.is_some_and(|id| !seeds.contains(&id)))
        {
            let id = q.id.unwrap_or_default();
            let list = &postings[id as usize];
            if list.len() <= touched.len() * 8 {
                for p in list {
                    let a = &mut acc[p.doc as usize];
                    if a.matched > 0.0 {
                        add(a, q, p.credit, p.reach);
                    }
                }
            } else {
                for &d in touched.iter() {
                    if let Some(t) = docs[d as usize].term(id) {
                        add(&mut acc[d as usize], q, t.credit, t.reach);
                    }
                }
            }
        }
        let base_total: f32 = query.iter().filter(|q| !q.numeric).map(|q| q.weight).sum();
        let bound = |d: u32| {
            let a = acc[d as usize];
            let total = base_total + a.numeric;
            if total == 0.0 || a.matched == 0.0 {
                return 0.0;
            }
            QUESTION_SHARE * (a.matched / total) + (1.0 - QUESTION_SHARE) * a.reach.min(1.0)
        };
        // the highest bounds first (a cheap partial order), then every other document whose
        // bound can still reach the k-th best score of a ranking
        let mut order: Vec<(f32, u32)> = touched.iter().map(|&d| (bound(d), d)).collect();
        let head = keep.k.min(order.len());
        if head < order.len() && head > 0 {
            order.select_nth_unstable_by(head - 1, |a, b| b.0.total_cmp(&a.0));
        }
        let mut best = [Best::new(keep), Best::new(keep)];
        let mut out = Vec::new();
        for &(ub, d) in &order {
            if ub <= 0.0 {
                continue;
            }
            // a little slack: the bound is summed in another order than the exact score
            let ub = ub + 1e-4;
            // every fit factor is at most 1: most documents are out before their fit is known
            if !(0..2).any(|r| ub >= best[r].bar()) {
                continue;
            }
            let f = fit(d as usize);
            if !(0..2).any(|r| ub * f.base * f.rankings[r] >= best[r].bar()) {
                continue;
            }
            let score = self.score(query, &docs[d as usize]) * f.base;
            if score <= 0.0 {
                continue;
            }
            for (b, factor) in best.iter_mut().zip(f.rankings) {
                b.push(score * factor);
            }
            out.push(Scored {
                doc: d as usize,
                score,
            });
        }
        out
    }
}

fn add(a: &mut Acc, q: &QueryTerm, credit: f32, reach: f32) {
    if q.numeric {
        a.numeric += q.weight;
    }
    a.matched += q.weight * credit;
    a.reach += reach;
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Small random corpora: documents of a few variants over a 12-word vocabulary.
    fn corpus() -> impl Strategy<Value = Vec<(Vec<Vec<u8>>, Vec<u8>)>> {
        let words = || prop::collection::vec(0u8..12, 0..5);
        prop::collection::vec((prop::collection::vec(words(), 0..4), words()), 1..40)
    }

    fn word(w: u8) -> String {
        format!("w{w}")
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        /// `top` returns every document `Keep` asks for in both rankings, with its exact score.
        #[test]
        fn top_equals_scoring_every_document(
            corpus in corpus(),
            question in prop::collection::vec(0u8..14, 1..6),
            seed_count in 1usize..4,
            fits in prop::collection::vec((0.1f32..=1.0, 0.1f32..=1.0, 0.1f32..=1.0), 40),
            k in 1usize..6,
            floor in prop::sample::select(vec![0.0f32, 0.2, 0.3, 0.5]),
        ) {
            let mut index = TermIndex::default();
            let mut docs: Vec<Doc> = corpus
                .iter()
                .map(|(variants, quote)| {
                    let variants: Vec<Vec<String>> =
                        variants.iter().map(|v| v.iter().copied().map(word).collect()).collect();
                    let quote: Vec<String> = quote.iter().copied().map(word).collect();
                    index.doc(&variants, &quote)
                })
                .collect();
            index.finish(&docs);
            index.weigh(&mut docs);
            let postings = postings(&docs, &index);
            let terms: Vec<String> = question.iter().copied().map(word).collect();
            let query = index.query(&terms.iter().map(String::as_str).collect::<Vec<_>>(), &[], |_| 1.0);
            let seeds: Vec<TermId> = query.iter().filter_map(|q| q.id).take(seed_count).collect();
            let fit = |d: usize| Fit { base: fits[d].0, rankings: [fits[d].1, fits[d].2] };

            let search = Search { query: &query, seeds: &seeds, docs: &docs, postings: &postings, keep: Keep { k, floor } };
            let got = index.top(&search, fit);
            for s in &got {
                prop_assert_eq!(s.score, index.score(&query, &docs[s.doc]) * fit(s.doc).base);
            }
            let seeded = |d: &Doc| d.terms.iter().any(|t| seeds.contains(&t.id));
            let exact: Vec<(usize, f32)> = docs
                .iter()
                .enumerate()
                .filter(|(_, d)| seeded(d))
                .map(|(i, d)| (i, index.score(&query, d) * fit(i).base))
                .filter(|&(_, s)| s > 0.0)
                .collect();
            for r in 0..2 {
                let mut ranked: Vec<f32> = exact.iter().map(|&(i, s)| s * fit(i).rankings[r]).collect();
                ranked.sort_unstable_by(|a, b| b.total_cmp(a));
                let Some(&first) = ranked.first() else { continue };
                // the k best of those at or above the floor, and the best whatever its score
                let bar = ranked.get(k - 1).copied().unwrap_or(0.0).max(floor);
                for &(i, s) in &exact {
                    let value = s * fit(i).rankings[r];
                    if value >= bar || value == first {
                        prop_assert!(got.iter().any(|g| g.doc == i), "ranking {r}: document {i} missing");
                    }
                }
            }
        }
    }
}
