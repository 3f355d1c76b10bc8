//! The answer engine: question → [`Answer`]. Pure, synchronous and deterministic: no I/O, no
//! async, no clock; build it once per knowledge base with [`Engine::build`] and share it.
//!
//! A question goes through: [`normalize`] → [`intent`] (year, region, stated figures) →
//! [`typos`] correction → [`synonyms`] → [`segment`] → scoring against the curated entries
//! ([`index`]), and against every report sentence when no entry fits. Multi-part questions
//! ("A和B分别是多少") are scored part by part, comparisons across the report's two years through the
//! entries' shared indicator.
#![deny(missing_docs)]

pub mod answer;
mod compose;
pub mod context;
pub mod golden;
pub mod index;
pub mod intent;
pub mod normalize;
pub mod segment;
pub mod synonyms;
pub mod typos;
pub mod units;

pub use answer::{Answer, Decline, Outcome, Part, Source, Suggestion};
pub use context::Context;

use std::collections::{HashMap, HashSet};

use crate::knowledge::{Entry, KnowledgeBase, figures};
use index::{Doc, Fit, Postings, QueryTerm, TermIndex};
use intent::{Intent, YearIntent};
use segment::ChineseSegmenter;
use synonyms::SynonymMap;
use typos::TypoCorrector;

/// Score factor for an entry whose figures measure another kind of quantity than asked.
const UNIT_MISMATCH: f32 = 0.5;
/// Score factor for each place named in the question that an entry never mentions.
const MISSING_PLACE: f32 = 0.7;
/// How many of the best entries a ranking must keep exactly (answers use the first, buttons
/// the next three, comparisons and multi-part questions a few more).
const TOP: usize = 16;

/// Tunable thresholds.
#[derive(Debug, Clone, PartialEq)]
pub struct EngineConfig {
    /// Minimum score to answer from a curated entry.
    pub threshold: f32,
    /// Minimum score for each part of a multi-part question.
    pub part_threshold: f32,
    /// Minimum score to answer from a bare report sentence.
    pub sentence_threshold: f32,
    /// Minimum score for a "did you mean" suggestion.
    pub suggest_threshold: f32,
}

impl EngineConfig {
    /// The lowest score an answer, a part or a button accepts: below it, only the best entry's
    /// score is ever used (as the confidence of a decline), so the search stops scoring there.
    pub fn floor(&self) -> f32 {
        self.threshold
            .min(self.part_threshold)
            .min(self.suggest_threshold)
    }
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            threshold: 0.55,
            part_threshold: 0.55,
            sentence_threshold: 0.75,
            suggest_threshold: 0.3,
        }
    }
}

/// A scored curated entry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// Index into the knowledge base's entries.
    pub entry: usize,
    /// Score in 0..=1.
    pub score: f32,
}

/// The engine for one knowledge base.
#[derive(Debug)]
pub struct Engine {
    kb: KnowledgeBase,
    config: EngineConfig,
    segmenter: ChineseSegmenter,
    synonyms: SynonymMap,
    typos: TypoCorrector,
    stopwords: HashSet<String>,
    index: TermIndex,
    entries: Vec<Doc>,
    sentences: Vec<Doc>,
    /// term id → entries having it
    entry_postings: Postings,
    /// term id → sentences having it
    sentence_postings: Postings,
    /// Whether each report sentence holds a date or a year.
    sentence_dated: Vec<bool>,
    /// Folded text of each entry (questions, keywords, quote), for "does the entry mention X".
    entry_text: Vec<String>,
    /// Kinds of quantity each entry's quotation measures.
    entry_units: Vec<Vec<units::Quantity>>,
    /// Whether each entry's quotation holds a date or a year.
    entry_dated: Vec<bool>,
    /// Entry index by entry id.
    by_id: HashMap<String, usize>,
    /// Entries of each indicator, in file order (the 2022/2023 pairs).
    by_indicator: HashMap<String, Vec<usize>>,
    /// Entries of each section, in file order.
    by_section: Vec<Vec<usize>>,
    conjunctions: HashSet<String>,
    greetings: HashSet<String>,
    /// Idf of a term in a tenth of the entries: rarer terms select candidates.
    common_idf: f32,
}

/// Entries (or sentences) analysed at a time while building.
const BUILD_SLICE: usize = 2048;

/// A knowledge text folded, and its content terms.
struct Analysed {
    folded: String,
    terms: Vec<String>,
}

/// An entry's texts in index order: questions, keywords, the answer line, the quotation.
fn entry_texts(e: &Entry) -> impl Iterator<Item = &str> {
    e.questions
        .iter()
        .chain(&e.keywords)
        .chain([&e.answer, &e.quote])
        .map(String::as_str)
}

/// A question after normalisation, ready to score.
struct Prepared {
    folded: String,
    intent: Intent,
    /// Content words in order, with conjunctions kept (for splitting).
    words: Vec<String>,
    /// The kind of quantity asked for, if the question names one.
    asked: Option<units::Quantity>,
}

impl Engine {
    /// Builds the engine: segmenter with the domain words, synonym map, typo corrector and index.
    pub fn build(kb: &KnowledgeBase, config: &EngineConfig) -> Self {
        let synonyms = SynonymMap::new(&kb.synonyms);
        let keywords: Vec<String> = kb
            .entries
            .iter()
            .flat_map(|e| e.keywords.iter().map(|k| normalize::fold(k)))
            .collect();
        let stopwords: HashSet<String> = kb
            .lexicon
            .stopwords
            .iter()
            .map(|w| normalize::fold(w))
            .collect();
        // stopwords such as 西湖区 must stay whole too, or they leave fragments like 湖区 behind
        let segmenter = ChineseSegmenter::new(
            &kb.dict,
            synonyms
                .canonical_terms()
                .chain(keywords.iter().map(String::as_str))
                .chain(stopwords.iter().map(String::as_str)),
        );
        let mut engine = Self {
            kb: kb.clone(),
            config: config.clone(),
            segmenter,
            typos: TypoCorrector::default(),
            stopwords,
            index: TermIndex::default(),
            entries: Vec::new(),
            sentences: Vec::new(),
            entry_postings: Vec::new(),
            sentence_postings: Vec::new(),
            sentence_dated: kb
                .report
                .sentences
                .iter()
                .map(|s| units::dated(kb.report.sentence_text(s)))
                .collect(),
            entry_text: Vec::new(),
            // the answer line names the figure the entry is about; the quote may hold others
            entry_dated: kb.entries.iter().map(|e| units::dated(&e.quote)).collect(),
            entry_units: kb
                .entries
                .iter()
                .map(|e| {
                    Some(units::measured(&e.answer))
                        .filter(|u| !u.is_empty())
                        .unwrap_or_else(|| units::measured(&e.quote))
                })
                .collect(),
            by_id: kb
                .entries
                .iter()
                .enumerate()
                .map(|(i, e)| (e.id.clone(), i))
                .collect(),
            by_indicator: HashMap::new(),
            by_section: vec![Vec::new(); kb.report.sections.len()],
            conjunctions: kb
                .lexicon
                .conjunctions
                .iter()
                .map(|w| normalize::fold(w))
                .collect(),
            greetings: kb
                .lexicon
                .greetings
                .iter()
                .map(|w| normalize::normalize(w))
                .collect(),
            common_idf: ((kb.entries.len() as f32 + 1.0) / (kb.entries.len() as f32 / 10.0 + 0.5))
                .ln(),
            synonyms,
        };
        for (i, e) in kb.entries.iter().enumerate() {
            if let Some(ind) = &e.indicator {
                engine.by_indicator.entry(ind.clone()).or_default().push(i);
            }
            if let Some(list) = engine.by_section.get_mut(e.section) {
                list.push(i);
            }
        }
        // in slices, so the analysed text of a large knowledge base is never all in memory at once
        let mut index = TermIndex::default();
        for slice in kb.entries.chunks(BUILD_SLICE) {
            let analysed = engine.analyse_all(slice.iter().flat_map(entry_texts));
            for e in slice {
                let mine: Vec<&Analysed> = entry_texts(e).map(|t| &analysed[t]).collect();
                // questions, keywords and the answer line are variants; the quotation comes last
                let Some((quote, variants)) = mine.split_last() else {
                    continue;
                };
                let variants: Vec<Vec<String>> = variants.iter().map(|a| a.terms.clone()).collect();
                engine.entries.push(index.doc(&variants, &quote.terms));
                let text: Vec<&str> = mine.iter().map(|a| a.folded.as_str()).collect();
                engine.entry_text.push(text.join("\n"));
            }
        }
        for slice in kb.report.sentences.chunks(BUILD_SLICE) {
            let texts = slice.iter().map(|s| kb.report.sentence_text(s));
            let analysed = engine.analyse_all(texts.clone());
            for text in texts {
                let terms = analysed[text].terms.clone();
                engine.sentences.push(index.doc(&[terms], &[]));
            }
        }
        // idf counts the curated entries only; sentence-only terms get the rarest weight
        index.finish(&engine.entries);
        index.weigh(&mut engine.entries);
        index.weigh(&mut engine.sentences);
        engine.entry_postings = index::postings(&engine.entries, &index);
        engine.sentence_postings = index::postings(&engine.sentences, &index);
        let vocabulary = index
            .terms()
            .chain(engine.synonyms.all_terms())
            .chain(kb.dict.iter().map(|w| w.word.as_str()));
        engine.typos = TypoCorrector::new(vocabulary);
        engine.index = index;
        engine
    }

    /// The segmenter, with the knowledge base's words added.
    pub fn segmenter(&self) -> &ChineseSegmenter {
        &self.segmenter
    }

    /// The knowledge base the engine was built from.
    pub fn knowledge(&self) -> &KnowledgeBase {
        &self.kb
    }

    /// Folds a knowledge text and finds its content terms (no typo correction).
    fn analyse(&self, text: &str) -> Analysed {
        let folded = normalize::fold(text);
        let terms = self
            .content_words(&folded)
            .into_iter()
            .filter(|w| !self.conjunctions.contains(w))
            .collect();
        Analysed { folded, terms }
    }

    /// [`Engine::analyse`] for each distinct text, split over the machine's cores (segmenting
    /// the knowledge base is most of the build time, and a reload should be quick).
    fn analyse_all<'t>(&self, texts: impl Iterator<Item = &'t str>) -> HashMap<&'t str, Analysed> {
        let mut distinct: Vec<&str> = texts.collect();
        distinct.sort_unstable();
        distinct.dedup();
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunk = distinct.len().div_ceil(threads).max(1);
        let mut parts = distinct.chunks(chunk);
        let analyse = |part: &[&'t str]| {
            part.iter()
                .map(|&t| (t, self.analyse(t)))
                .collect::<Vec<_>>()
        };
        // this thread takes the first part, one more thread each other part
        let mine = parts.next().unwrap_or_default();
        std::thread::scope(|scope| {
            let workers: Vec<_> = parts
                .map(|part| scope.spawn(move || analyse(part)))
                .collect();
            let mut out: HashMap<&'t str, Analysed> = analyse(mine).into_iter().collect();
            for w in workers {
                out.extend(w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
            }
            out
        })
    }

    fn is_content(&self, word: &str) -> bool {
        !self.stopwords.contains(word) && word.chars().any(|c| c.is_alphanumeric())
    }

    fn prepare(&self, raw: &str) -> Prepared {
        let folded = normalize::fold(raw);
        let intent = intent::read(&folded, &self.kb.lexicon);
        let text = normalize::trim_particles(&folded);
        let mut words = self.content_words(text);
        // typo correction only when a word is not in the vocabulary: most questions skip it
        if words
            .iter()
            .any(|w| !self.conjunctions.contains(w) && self.index.id(w).is_none())
        {
            let pieces = self.segmenter.pieces(text);
            let unknown = |w: &str| {
                self.is_content(w) && self.index.id(w).is_none() && !self.synonyms.is_term(w)
            };
            let corrected = self.typos.correct(text, &pieces, unknown);
            if corrected != text {
                words = self.content_words(&corrected);
            }
        }
        let asked = units::asked(&self.segmenter.cut(text));
        Prepared {
            folded,
            intent,
            words,
            asked,
        }
    }

    /// Synonyms → segmentation → content words (conjunctions kept for splitting).
    fn content_words(&self, text: &str) -> Vec<String> {
        let canonical = self.synonyms.canonicalize(text);
        let mut out = Vec::new();
        for token in self.segmenter.cut(&canonical) {
            if self.conjunctions.contains(token) {
                out.push(token.to_string());
            } else if token.is_ascii() {
                // English and numbers stay whole: no dictionary pieces inside them (land ≠ l + and)
                if self.is_content(token) {
                    out.push(token.to_string());
                }
            } else if self.is_content(token) {
                // the word and the dictionary words inside it (地区生产总值 → 地区, 生产, 总值), but
                // nothing from inside a stopword (西湖区 must not leave 湖区 behind)
                let inner = self.segmenter.words(token);
                out.extend(
                    inner
                        .into_iter()
                        .filter(|w| self.is_content(w))
                        .map(str::to_string),
                );
            }
        }
        out
    }

    fn query_terms<'a>(&self, words: impl IntoIterator<Item = &'a String>) -> Vec<QueryTerm> {
        let content: Vec<&str> = words
            .into_iter()
            .map(String::as_str)
            .filter(|w| !self.conjunctions.contains(*w))
            .collect();
        self.index.query(&content)
    }

    /// The question terms that select candidates: all known terms but the very common ones
    /// (in more than a tenth of the entries), which still count in scores. A document sharing
    /// only common words with a question cannot score well, and skipping them keeps answers fast.
    fn seeds<'t>(&self, terms: &'t [QueryTerm]) -> impl Iterator<Item = index::TermId> + 't {
        let rare = self.common_idf;
        let any_rare = terms.iter().any(|t| t.id.is_some() && t.weight >= rare);
        terms
            .iter()
            .filter(move |t| !any_rare || t.weight >= rare)
            .filter_map(|t| t.id)
    }

    /// [`TermIndex::top`] over `docs`, selected by the question's seed terms.
    fn top(
        &self,
        terms: &[QueryTerm],
        docs: &[Doc],
        postings: &Postings,
        keep: index::Keep,
        fit: impl Fn(usize) -> Fit,
    ) -> Vec<index::Scored> {
        let seeds: Vec<index::TermId> = self.seeds(terms).collect();
        let search = index::Search {
            query: terms,
            seeds: &seeds,
            docs,
            postings,
            keep,
        };
        self.index.top(&search, fit)
    }

    /// The entries that can be among the best [`TOP`] scoring at least `floor` (and the best one
    /// whatever its score) under either year intent, with their year-independent scores (unit
    /// and place fit included).
    fn candidates(
        &self,
        terms: &[QueryTerm],
        p: &Prepared,
        years: [YearIntent; 2],
        floor: f32,
    ) -> Vec<Hit> {
        let fit = |d: usize| {
            let unit_fit = match p.asked {
                // "when": only a quotation with a date or a year can say
                Some(units::Quantity::Date) if !self.entry_dated[d] => UNIT_MISMATCH,
                Some(units::Quantity::Date) => 1.0,
                Some(want) if !units::fits(want, &self.entry_units[d]) => UNIT_MISMATCH,
                _ => 1.0,
            };
            // a place the question names (古荡, 云栖小镇) that the entry never mentions
            let missing_places = p
                .intent
                .places
                .iter()
                .filter(|pl| !self.entry_text[d].contains(pl.as_str()))
                .count();
            let year = self.kb.entries[d].year;
            Fit {
                base: unit_fit * MISSING_PLACE.powi(missing_places as i32),
                rankings: years.map(|y| y.fit(year)),
            }
        };
        let keep = index::Keep { k: TOP, floor };
        self.top(terms, &self.entries, &self.entry_postings, keep, fit)
            .into_iter()
            .map(|s| Hit {
                entry: s.doc,
                score: s.score,
            })
            .collect()
    }

    /// Candidates weighed by how their year fits, best first (ties: entry order).
    fn by_year(&self, candidates: &[Hit], year: YearIntent) -> Vec<Hit> {
        let mut hits: Vec<Hit> = candidates
            .iter()
            .map(|h| Hit {
                entry: h.entry,
                score: h.score * year.fit(self.kb.entries[h.entry].year),
            })
            .filter(|h| h.score > 0.0)
            .collect();
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entry.cmp(&b.entry)));
        hits
    }

    /// Entries ranked for `terms` under a year intent, the asked quantity and the places named.
    fn rank(&self, terms: &[QueryTerm], year: YearIntent, p: &Prepared, floor: f32) -> Vec<Hit> {
        self.by_year(&self.candidates(terms, p, [year, year], floor), year)
    }

    /// Curated entries ranked for a question, best first: the engine's raw search (for inline mode).
    pub fn search(&self, question: &str) -> Vec<Hit> {
        let p = self.prepare(question);
        let year = if p.intent.year == YearIntent::Both {
            YearIntent::Any
        } else {
            p.intent.year
        };
        // every score, low ones too: `ask --explain` shows them
        self.rank(&self.query_terms(&p.words), year, &p, 0.0)
    }

    /// The content words the engine matches for a question, after normalisation, typo
    /// correction and synonyms (for `ask --explain`).
    pub fn terms(&self, question: &str) -> Vec<String> {
        self.prepare(question).words
    }

    /// The report sentence closest to a question, however weak the match (for the curators'
    /// `unanswered` and `suggest`): its index, or `None` when no sentence shares a word.
    pub fn nearest_sentence(&self, question: &str) -> Option<usize> {
        let p = self.prepare(question);
        self.top_sentence(&self.query_terms(&p.words), YearIntent::Any, None)
            .map(|(s, _)| s)
    }

    /// The part an entry answers with (for buttons and inline results).
    pub fn entry_part(&self, id: &str) -> Option<Part> {
        let e = *self.by_id.get(id)?;
        Some(self.part_for_entry(e, 1.0, &[]))
    }

    fn section_title(&self, section: usize) -> String {
        let s = &self.kb.report.sections[section];
        match s.year {
            Some(2022) => format!("2022年工作回顾 · {}", s.title),
            Some(2023) if !s.title.starts_with("2023") => format!("2023年重点工作 · {}", s.title),
            _ => s.title.clone(),
        }
    }

    fn part_for_entry(&self, e: usize, score: f32, numbers: &[String]) -> Part {
        let entry = &self.kb.entries[e];
        Part {
            source: Source::Entry {
                id: entry.id.clone(),
            },
            section_id: self.kb.report.sections[entry.section].id.clone(),
            section_title: self.section_title(entry.section),
            answer: entry.answer.clone(),
            quote: entry.quote.clone(),
            score,
            corrected: numbers
                .iter()
                .find(|n| !entry.quote.contains(n.as_str()))
                .cloned(),
        }
    }

    fn part_for_sentence(&self, s: usize, score: f32, numbers: &[String]) -> Part {
        let sentence = &self.kb.report.sentences[s];
        let quote = self.kb.report.sentence_text(sentence).to_string();
        let figs: Vec<&str> = figures::figures(&quote)
            .iter()
            .filter(|f| !f.is_year())
            .map(|f| f.text)
            .collect();
        let answer = if figs.is_empty() {
            "报告中的相关表述如下。".to_string()
        } else {
            format!("报告中的相关数字:{}。", figs.join("、"))
        };
        Part {
            source: Source::Sentence { index: s },
            section_id: self.kb.report.sections[sentence.section].id.clone(),
            section_title: self.section_title(sentence.section),
            answer,
            corrected: numbers
                .iter()
                .find(|n| !quote.contains(n.as_str()))
                .cloned(),
            quote,
            score,
        }
    }

    /// Best report sentence for `terms`, if one is good enough.
    fn best_sentence(&self, terms: &[QueryTerm], p: &Prepared) -> Option<(usize, f32)> {
        self.top_sentence(terms, p.intent.year, p.asked)
            .filter(|&(_, s)| s >= self.config.sentence_threshold)
    }

    /// The highest-scoring report sentence for `terms` under a year intent (ties: the earlier one);
    /// a "when" question only takes sentences with a date or a year.
    fn top_sentence(
        &self,
        terms: &[QueryTerm],
        year: YearIntent,
        asked: Option<units::Quantity>,
    ) -> Option<(usize, f32)> {
        let fit = |s: usize| {
            let section = self.kb.report.sentences[s].section;
            let date_fit = if asked == Some(units::Quantity::Date) && !self.sentence_dated[s] {
                UNIT_MISMATCH
            } else {
                1.0
            };
            let f = year.fit(self.kb.report.sections[section].year) * date_fit;
            Fit {
                base: f,
                rankings: [1.0, 1.0],
            }
        };
        let keep = index::Keep { k: 1, floor: 0.0 };
        self.top(terms, &self.sentences, &self.sentence_postings, keep, fit)
            .into_iter()
            .map(|s| (s.doc, s.score))
            .reduce(|a, b| {
                if b.1 > a.1 || (b.1 == a.1 && b.0 < a.0) {
                    b
                } else {
                    a
                }
            })
    }

    fn suggestions(&self, hits: &[Hit], skip: &[usize]) -> Vec<Suggestion> {
        let mut out: Vec<Suggestion> = Vec::new();
        for h in hits
            .iter()
            .filter(|h| h.score >= self.config.suggest_threshold && !skip.contains(&h.entry))
        {
            let e = &self.kb.entries[h.entry];
            if out.iter().any(|s| s.entry == e.id) {
                continue;
            }
            out.push(Suggestion::from(e));
            if out.len() == 3 {
                break;
            }
        }
        out
    }

    /// The entries measuring `indicator` (none for an entry without one).
    fn same_indicator(&self, indicator: Option<&str>) -> &[usize] {
        indicator
            .and_then(|ind| self.by_indicator.get(ind))
            .map_or(&[], Vec::as_slice)
    }

    /// Related entries after an answer: the other year's entry of the same indicator, next best
    /// hits, then neighbours in the same section.
    fn related(&self, answered: &[usize], hits: &[Hit]) -> Vec<Suggestion> {
        let mut pool: Vec<Hit> = Vec::new();
        for &a in answered {
            let entry = &self.kb.entries[a];
            let partners = self.same_indicator(entry.indicator.as_deref()).iter();
            pool.extend(
                partners
                    .filter(|&&i| self.kb.entries[i].year != entry.year)
                    .map(|&i| Hit {
                        entry: i,
                        score: 1.0,
                    }),
            );
        }
        pool.extend(hits.iter().copied());
        if let Some(&first) = answered.first() {
            let section = self.kb.entries[first].section;
            let neighbours = self.by_section.get(section).map_or(&[][..], Vec::as_slice);
            pool.extend(neighbours.iter().map(|&i| Hit {
                entry: i,
                score: self.config.suggest_threshold,
            }));
        }
        let answered_quotes: Vec<&str> = answered
            .iter()
            .map(|&a| self.kb.entries[a].quote.as_str())
            .collect();
        pool.retain(|h| {
            !answered_quotes.contains(&self.kb.entries[h.entry].quote.as_str()) || h.score == 1.0
        });
        self.suggestions(&pool, answered)
    }

    fn declined(&self, question: String, why: Decline, hits: &[Hit]) -> Answer {
        Answer {
            question,
            outcome: Outcome::Declined(why),
            parts: Vec::new(),
            score: hits.first().map_or(0.0, |h| h.score),
            suggestions: self.suggestions(hits, &[]),
        }
    }

    /// A reason to decline `entry` for this intent: a region or measure the entry never mentions.
    fn scope_problem(&self, p: &Prepared, entry: Option<usize>) -> Option<Decline> {
        let intent = &p.intent;
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
        if let Some(w) = intent.unsupported.iter().find(|w| !mentions(w)) {
            return Some(Decline::NotInReport(w.clone()));
        }
        // a topic the report never gives: fine only if the entry's quote names it, or the rest of
        // the question matches the entry well on its own (户籍人口医保参保率 → 户籍居民医保参保率)
        let quoted = |word: &str| entry.is_some_and(|e| self.kb.entries[e].quote.contains(word));
        let topic = intent.topics.iter().find(|w| !quoted(w))?;
        let rest: Vec<&String> = p
            .words
            .iter()
            .filter(|w| !topic.contains(w.as_str()) && !w.contains(topic.as_str()))
            .collect();
        let standalone = entry.map_or(0.0, |e| {
            self.index.score(&self.query_terms(rest), &self.entries[e])
        });
        (standalone < self.config.threshold).then(|| Decline::NotInReport(topic.clone()))
    }

    /// Answers a question in a conversation: the answer and the context for the next turn.
    pub fn answer_in(&self, question: &str, _context: &Context) -> (Answer, Context) {
        (self.answer(question), Context::default())
    }

    /// Answers a question.
    pub fn answer(&self, question: &str) -> Answer {
        let p = self.prepare(question);
        let normalized = normalize::trim_particles(&p.folded).to_string();
        if normalized.is_empty() || self.greetings.contains(&normalized) {
            let outcome = if normalized.is_empty() && !question.trim().is_empty() {
                Outcome::Declined(Decline::Empty)
            } else {
                Outcome::Greeting
            };
            return Answer {
                question: normalized,
                outcome,
                parts: Vec::new(),
                score: 0.0,
                suggestions: Vec::new(),
            };
        }
        let terms = self.query_terms(&p.words);
        let candidates = self.candidates(
            &terms,
            &p,
            [YearIntent::Any, p.intent.year],
            self.config.floor(),
        );
        let any_year = self.by_year(&candidates, YearIntent::Any);
        if let Some(y) = &p.intent.other_year {
            return self.declined(normalized, Decline::OtherYear(y.clone()), &any_year);
        }
        if (p.intent.year == YearIntent::Both || p.intent.compare)
            && let Some(answer) = self.compare(&normalized, &p, &any_year)
        {
            return answer;
        }
        let hits = self.by_year(&candidates, p.intent.year);
        if let Some(answer) = self.multi_part(&normalized, &p, &hits) {
            return answer;
        }
        let best = hits.first().filter(|h| h.score >= self.config.threshold);
        if let Some(why) = self.scope_problem(&p, best.map(|h| h.entry)) {
            return self.declined(normalized, why, &any_year);
        }
        if let Some(best) = best {
            return self.answered(&normalized, &[*best], best.score, &p.intent.numbers, &hits);
        }
        // a strong year that no entry fits, while the other year has the measure
        if let (Some(year), Some(other)) = (p.intent.year.strong_year(), any_year.first())
            && other.score >= self.config.threshold
            && self.kb.entries[other.entry].year != Some(year)
        {
            return self.declined(normalized, Decline::WrongYear(year), &any_year);
        }
        if let Some((s, score)) = self.best_sentence(&terms, &p) {
            return Answer {
                question: normalized,
                outcome: Outcome::Answered,
                parts: vec![self.part_for_sentence(s, score, &p.intent.numbers)],
                score,
                suggestions: self.suggestions(&hits, &[]),
            };
        }
        self.declined(normalized, Decline::LowConfidence, &any_year)
    }

    /// An answer from chosen entries, with related entries as suggestions.
    fn answered(
        &self,
        question: &str,
        chosen: &[Hit],
        score: f32,
        numbers: &[String],
        hits: &[Hit],
    ) -> Answer {
        let ids: Vec<usize> = chosen.iter().map(|h| h.entry).collect();
        Answer {
            question: question.to_string(),
            outcome: Outcome::Answered,
            parts: chosen
                .iter()
                .map(|h| self.part_for_entry(h.entry, h.score, numbers))
                .collect(),
            score,
            suggestions: self.related(&ids, hits),
        }
    }
}
