//! The term index: documents (curated entries and report sentences) as weighted term sets, and
//! the score of a question's terms against them.
//!
//! A document's score mixes how much of the question it covers (idf-weighted, so 新增 counts
//! less than 充电桩) with how much of its best-fitting question variant the question covers (so
//! "GDP" prefers the GDP entry over an entry that merely mentions GDP).

use std::collections::HashMap;

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

/// One searchable document.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    /// (term, credit), sorted by term: 1 for question/keyword/answer terms, less for quote-only terms.
    pub terms: Vec<(TermId, f32)>,
    /// Each variant's distinct terms, sorted.
    pub variants: Vec<Vec<TermId>>,
    /// Each variant's total idf (set by [`TermIndex::weigh`]).
    pub variant_idf: Vec<f32>,
}

impl Doc {
    fn credit(&self, id: TermId) -> f32 {
        self.terms
            .binary_search_by_key(&id, |&(t, _)| t)
            .map_or(0.0, |i| self.terms[i].1)
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
        let mut credit: HashMap<TermId, f32> = HashMap::new();
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
        doc.terms = credit.into_iter().collect();
        doc.terms.sort_unstable_by_key(|&(t, _)| t);
        doc
    }

    /// Computes idf from the documents that count for it (the curated entries).
    pub fn finish(&mut self, docs: &[Doc]) {
        for d in docs {
            for &(id, _) in &d.terms {
                self.df[id as usize] += 1;
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

    /// Precomputes each variant's total idf (after [`TermIndex::finish`]).
    pub fn weigh(&self, docs: &mut [Doc]) {
        for d in docs {
            d.variant_idf = d
                .variants
                .iter()
                .map(|v| v.iter().map(|&id| self.idf(id)).sum())
                .collect();
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

    /// Weighs question terms.
    pub fn query(&self, terms: &[&str]) -> Vec<QueryTerm> {
        let mut out: Vec<QueryTerm> = Vec::with_capacity(terms.len());
        for t in terms {
            let id = self.id(t);
            if id.is_some() && out.iter().any(|q| q.id == id) {
                continue;
            }
            // a lone unknown character is more often a fragment of a paraphrase than a topic
            let unknown = if t.chars().count() == 1 {
                self.unknown_weight * 0.5
            } else {
                self.unknown_weight
            };
            let weight = id.map_or(unknown, |i| self.idf(i));
            let numeric = t.bytes().all(|b| b.is_ascii_digit() || b == b'.');
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
