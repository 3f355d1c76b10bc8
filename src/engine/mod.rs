//! The answer engine: question → [`Answer`]. Pure, synchronous and deterministic: no I/O, no
//! async, no clock; build it once per knowledge base with [`Engine::build`] and share it.
//!
//! A question goes through: [`normalize`] → [`intent`] (year, region, stated figures) →
//! [`typos`] correction → [`synonyms`] → [`segment`] → scoring against the curated entries
//! ([`index`]), and against every report sentence when no entry fits. Multi-part questions
//! ("A和B分别是多少") are scored part by part, comparisons across the report's two years through the
//! entries' shared indicator.
#![deny(missing_docs)]

// The public face is small: `Engine`, its answer types, `Context`, `Trace`, `Tuning`; the
// normalisation steps (tests show each) and the unit table (the reply writes numerals with it).
mod answer;
mod context;
mod english;
mod golden;
mod index;
mod intent;
pub mod normalize;
mod premise;
mod query;
mod scan;
mod segment;
mod strategy;
mod synonyms;
mod trace;
mod tuning;
mod typos;
pub mod units;
mod wanted;

pub use answer::{
    Answer, Decline, Outcome, Outline, Part, Scope, Source, Suggestion, Verdict, Wanted,
};
pub use context::Context;
pub use golden::GoldenFailure;
pub use segment::ChineseSegmenter;
pub use trace::{Step, Trace};
pub use tuning::Tuning;

use query::Prepared;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::knowledge::{Entry, KnowledgeBase};
use index::{Doc, Fit, Postings, QueryTerm, TermIndex};
use intent::{YearIntent, Years};
use synonyms::SynonymMap;
use typos::TypoCorrector;

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
    tuning: Tuning,
    /// The years the report speaks of (review and plan), from its sections.
    years: Years,
    /// The lexicon's lists compiled for reading a question's intent.
    intents: intent::IntentReader,
    /// What the report covers, shared by every answer.
    scope: std::sync::Arc<answer::Scope>,
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
    /// Whether an entry is about one place of the district (its answer names a lexicon place:
    /// "古荡街道财政总收入"), so a question naming no place prefers the district's own figure.
    entry_local: Vec<bool>,
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
    /// Dictionary words of everyday language ([`Tuning::ordinary_freq`]): when no entry has one,
    /// it is more likely the way a question is put (包括, 内容, 情况) than a missing topic.
    ordinary: HashSet<String>,
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

impl Engine {
    /// Builds the engine: segmenter with the domain words, synonym map, typo corrector and index.
    pub fn build(kb: &KnowledgeBase, tuning: &Tuning) -> Self {
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
            tuning: tuning.clone(),
            years: Years::of(&kb.report),
            intents: intent::IntentReader::new(&kb.lexicon, Years::of(&kb.report)),
            scope: std::sync::Arc::new(answer::Scope {
                title: kb.lexicon.title.clone().unwrap_or_else(|| {
                    let first = kb
                        .report
                        .text
                        .lines()
                        .map(str::trim)
                        .find(|l| !l.is_empty());
                    first.unwrap_or_default().to_string()
                }),
                parts: kb.report.parts.iter().map(|p| p.title.clone()).collect(),
                years: kb.report.years(),
            }),
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
            entry_local: kb
                .entries
                .iter()
                .map(|e| {
                    kb.lexicon
                        .places
                        .iter()
                        .any(|pl| e.answer.contains(pl.as_str()))
                })
                .collect(),
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
            by_indicator: HashMap::default(),
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
            ordinary: kb
                .dict
                .iter()
                .filter(|w| w.freq.is_some_and(|f| f >= tuning.ordinary_freq))
                .map(|w| w.word.clone())
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

    /// Does the report's text use `word` anywhere? A question word it never uses is the
    /// asker's paraphrase; one it uses elsewhere than the answering passage is a premise that
    /// passage does not hold.
    pub(crate) fn report_uses(&self, word: &str) -> bool {
        self.kb.report.text.contains(word)
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

    pub(crate) fn prepare(&self, raw: &str) -> Prepared {
        self.prepare_folded(normalize::fold(raw), raw.trim().is_empty())
    }

    /// [`Engine::prepare`] for a text already folded (a conversation turn folds once: folding
    /// is ~14 000 instructions of the ~240 000 an answer takes, measured with callgrind).
    pub(crate) fn prepare_folded(&self, folded: String, blank: bool) -> Prepared {
        let mut intent = self.intents.read(&folded);
        let text = normalize::trim_particles(&folded);
        // English words the knowledge base does not know, read as the report's Chinese (an
        // abbreviation typed with two letters swapped, "gpd", first read as the one it is)
        let glossed = if text.bytes().any(|b| b.is_ascii_alphabetic()) {
            let swapped = self.latin_swaps(text);
            let text = swapped.as_deref().unwrap_or(text);
            english::gloss(&self.synonyms.canonicalize(text), |w| {
                !self.is_content(w) || self.index.id(&normalize::singular(w)).is_some()
            })
            .or(swapped)
        } else {
            None
        };
        // what the words are read from; answers echo the question as typed (`text`)
        let read = glossed.as_deref().unwrap_or(text);
        // the glossed words' unsupported measures count too ("year on year" is 同比)
        if let Some(g) = &glossed {
            for w in self.intents.read(g).unsupported {
                if !intent.unsupported.contains(&w) {
                    intent.unsupported.push(w);
                }
            }
        }
        let mut words = self.content_words(read);
        // the text with its typos corrected, when there were any
        let mut corrected_text = None;
        // typo correction only when a word is not in the vocabulary: most questions skip it
        if words
            .iter()
            .any(|w| !self.conjunctions.contains(w) && self.index.id(w).is_none())
        {
            let pieces = self.segmenter.pieces(read);
            let unknown = |w: &str| {
                self.is_content(w) && self.index.id(w).is_none() && !self.synonyms.is_term(w)
            };
            let corrected = self.typos.correct(read, &pieces, unknown);
            if corrected != read {
                words = self.content_words(&corrected);
                // a place typed wrong ("艺创小真") is still the place the conversation goes on at
                if intent.places.is_empty() {
                    intent.places = self.intents.read(&corrected).places;
                }
                corrected_text = Some(corrected);
            }
        }
        let split = self.split_words(read);
        for w in &split {
            if !words.contains(w) {
                words.push(w.clone());
            }
        }
        // the asker's variant characters, added on the question's side only (the knowledge's
        // own 做 in 做实做细 must not make 作 common); a character that is part of a split word is
        // that word's (做了多少地 is 做地, not 作: "目标呢" after it found the report's 作报告)
        let variants: Vec<String> = words
            .iter()
            .filter(|w| !split.iter().any(|s| s.contains(w.as_str())))
            .filter_map(|w| normalize::variant(w))
            .filter(|v| !words.iter().any(|w| w == v))
            .map(str::to_string)
            .collect();
        words.extend(variants);
        // the kind of fact and quantity asked are read from the corrected text when there is
        // one: 参保律多少 asks a rate (参保率), not a bare quantity
        let asked = units::asked(
            &self
                .segmenter
                .cut(corrected_text.as_deref().unwrap_or(read)),
        );
        let wanted = corrected_text
            .as_deref()
            .and_then(wanted::wanted)
            .or_else(|| wanted::wanted(&folded));
        // "…上线了吗" with no year asks about something done: the reviewed year first
        if intent.check && intent.year == YearIntent::Any && intent::asks_done(&folded) {
            intent.year = YearIntent::Past { strong: false };
        }
        Prepared {
            text: text.to_string(),
            wanted,
            names: premise::named_numbers(&folded),
            blank,
            folded,
            intent,
            words,
            asked,
        }
    }

    /// The text with each unknown Latin word of 3–12 letters that is a known term with two
    /// neighbouring letters swapped ("gpd" → "gdp") written as that term; `None` when there is
    /// none. Only swaps: a word one letter off may be another abbreviation altogether.
    fn latin_swaps(&self, text: &str) -> Option<String> {
        let known = |w: &str| self.index.id(w).is_some() || self.synonyms.is_term(w);
        let mut out = text.to_string();
        let mut changed = false;
        for word in text
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| (3..=12).contains(&w.len()) && !known(w) && self.is_content(w))
        {
            let bytes = word.as_bytes();
            let fixed = (0..bytes.len() - 1).find_map(|i| {
                let mut b = bytes.to_vec();
                b.swap(i, i + 1);
                let candidate = String::from_utf8(b).ok()?;
                (candidate != word && known(&candidate)).then_some(candidate)
            });
            if let Some(fixed) = fixed {
                out = out.replacen(word, &fixed, 1);
                changed = true;
            }
        }
        changed.then_some(out)
    }

    /// Two-character words a question splits with an aspect particle and a quantity, as
    /// Chinese verb–object words are ("做了多少地", "做了多少亩地" → 做地): the word when the
    /// index knows it.
    fn split_words(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (i, a) in text.char_indices() {
            let Some(rest) = text[i + a.len_utf8()..].strip_prefix('了') else {
                continue;
            };
            let Some(rest) = rest
                .strip_prefix("多少")
                .or_else(|| rest.strip_prefix('几'))
            else {
                continue;
            };
            // past a unit of land or count between them: "做了多少亩地", "出了几宗地"
            let mut next = rest.chars();
            let first = next.next();
            let after_unit = first
                .filter(|c| units::unit_word(&c.to_string()).is_some())
                .and_then(|_| next.next());
            for b in [first, after_unit].into_iter().flatten() {
                let word: String = [a, b].iter().collect();
                if self.index.id(&word).is_some() {
                    out.push(word);
                    break;
                }
            }
        }
        out
    }

    /// Synonyms → segmentation → content words (conjunctions kept for splitting).
    fn content_words(&self, text: &str) -> Vec<String> {
        let canonical = self.synonyms.canonicalize(text);
        let mut out = Vec::new();
        for token in self.segmenter.cut(&canonical) {
            if self.conjunctions.contains(token) {
                out.push(token.to_string());
            } else if token.is_ascii() {
                // English and numbers stay whole: no dictionary pieces inside them (land ≠ l + and);
                // a plural is its singular (industries = industry, places = place)
                if self.is_content(token) {
                    out.push(normalize::singular(token).to_string());
                }
            } else if self.is_content(token) {
                // the word and the dictionary words inside it (地区生产总值 → 地区, 生产, 总值), but
                // nothing from inside a stopword (西湖区 must not leave 湖区 behind)
                let inner = self.segmenter.inner(token);
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

    fn query_terms<'a>(
        &self,
        words: impl IntoIterator<Item = &'a String>,
        names: &[String],
    ) -> Vec<QueryTerm> {
        let content: Vec<&str> = words
            .into_iter()
            .map(String::as_str)
            .filter(|w| !self.conjunctions.contains(*w))
            .collect();
        let t = &self.tuning;
        let mut terms = self.index.query(&content, names, |w| {
            if is_english_word(w) {
                t.english_share
            } else if self.ordinary.contains(w) {
                t.ordinary_share
            } else if w.chars().count() == 1 {
                t.lone_char_share
            } else {
                1.0
            }
        });
        // a word naming the kind of fact asked (称号, 名字) is no topic: the answer-type check
        // holds it ("拆违拿了什么称号" is about 拆违, not about any entry listing 称号); a lone
        // character's variant, added on the question's side, weighs like a lone unknown character:
        // "配合做的" gave 做's 作 more than half the weight, and 作报告's entry won (scaling every
        // known lone character instead cost four declines on the init sets)
        let variants: Vec<&str> = content
            .iter()
            .filter_map(|w| normalize::variant(w))
            .collect();
        for w in &content {
            let share = if variants.contains(w) {
                t.lone_char_share
            } else if wanted::KIND_NOUNS.contains(w) {
                t.ordinary_share
            } else {
                continue;
            };
            if let Some(q) = self
                .index
                .id(w)
                .and_then(|id| terms.iter_mut().find(|q| q.id == Some(id)))
            {
                q.weight *= share;
            }
        }
        terms
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
                Some(units::Quantity::Date) if !self.entry_dated[d] => self.tuning.unit_mismatch,
                Some(units::Quantity::Date) => 1.0,
                Some(want) if !units::fits(want, &self.entry_units[d]) => self.tuning.unit_mismatch,
                _ => 1.0,
            };
            // the places the question names (古荡, 云栖小镇) when the entry mentions none of
            // them: an entry of one of two places asked together ("灵隐和古荡分别…") is
            // half the answer, not a wrong one
            let places = &p.intent.places;
            let missing_places = if places
                .iter()
                .any(|pl| self.entry_text[d].contains(pl.as_str()))
            {
                0
            } else {
                places.len()
            };
            let local = if self.entry_local[d] && (p.intent.places.is_empty() || missing_places > 0)
            {
                self.tuning.unnamed_place
            } else {
                1.0
            };
            let year = self.kb.entries[d].year;
            Fit {
                base: unit_fit * local * self.tuning.missing_place.powi(missing_places as i32),
                rankings: years.map(|y| y.fit(year, &self.years)),
            }
        };
        let keep = index::Keep {
            k: self.tuning.top,
            floor,
        };
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
                score: h.score * year.fit(self.kb.entries[h.entry].year, &self.years),
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

    /// Answers a single question, without a conversation.
    pub fn answer(&self, question: &str) -> Answer {
        self.answer_in(question, &Context::default()).0
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
        self.rank(&self.query_terms(&p.words, &p.names), year, &p, 0.0)
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
        self.top_sentence(&self.query_terms(&p.words, &p.names), YearIntent::Any, None)
            .map(|(s, _)| s)
    }

    /// The part an entry answers with (for buttons and inline results).
    pub fn entry_part(&self, id: &str) -> Option<Part> {
        let e = *self.by_id.get(id)?;
        Some(self.part_for_entry(e, 1.0))
    }

    /// What the report covers (title, parts, years), for help texts.
    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    /// The engine's tuning numbers.
    pub fn tuning(&self) -> &Tuning {
        &self.tuning
    }

    fn part_of(&self, section: usize) -> (String, String, Option<String>) {
        let s = &self.kb.report.sections[section];
        let part = s.part.map(|p| self.kb.report.parts[p].title.clone());
        (s.id.clone(), s.title.clone(), part)
    }

    /// The part an entry answers with, all of its quotation and items.
    pub(crate) fn part_for_entry(&self, e: usize, score: f32) -> Part {
        let entry = &self.kb.entries[e];
        let (section_id, section_title, part_title) = self.part_of(entry.section);
        Part {
            source: Source::Entry {
                id: entry.id.clone(),
            },
            section_id,
            section_title,
            part_title,
            answer: entry.answer.clone(),
            items: entry.items.clone(),
            quote: entry.quote.clone(),
            score,
            outline: None,
        }
    }

    /// The part a bare report sentence answers with (no curated answer line).
    pub(crate) fn part_for_sentence(&self, s: usize, score: f32) -> Part {
        let sentence = &self.kb.report.sentences[s];
        let (section_id, section_title, part_title) = self.part_of(sentence.section);
        Part {
            source: Source::Sentence { index: s },
            section_id,
            section_title,
            part_title,
            answer: String::new(),
            items: Vec::new(),
            quote: self.kb.report.sentence_text(sentence).to_string(),
            score,
            outline: None,
        }
    }

    /// Best report sentence for `terms`, if one is good enough.
    fn best_sentence(&self, terms: &[QueryTerm], p: &Prepared) -> Option<(usize, f32)> {
        self.top_sentence(terms, p.intent.year, p.asked)
            .filter(|&(_, s)| s >= self.tuning.sentence_threshold)
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
                self.tuning.unit_mismatch
            } else {
                1.0
            };
            let f = year.fit(self.kb.report.sections[section].year, &self.years) * date_fit;
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
            .filter(|h| h.score >= self.tuning.suggest_threshold && !skip.contains(&h.entry))
        {
            let e = &self.kb.entries[h.entry];
            if out.iter().any(|s| s.entry == e.id) {
                continue;
            }
            out.push(Suggestion::from(e));
            if out.len() == self.tuning.buttons {
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
                score: self.tuning.suggest_threshold,
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
}

/// An English word the glossary left as it is ("open", "exhibited"): an English question's
/// words are mostly glossed into the report's Chinese, and one left over is more often a
/// verb or a filler of the asker's than a topic the report lacks (see `Tuning::english_share`).
fn is_english_word(w: &str) -> bool {
    w.len() >= 2 && w.bytes().all(|b| b.is_ascii_alphabetic() || b == b'\'')
}
