//! The knowledge base: files under `knowledge/` turned into validated data. No Telegram, no engine.
//!
//! Loading has two stages (as ripgrep turns low-level arguments into high-level ones):
//! [`load_raw`] reads and parses the files into [`raw`] types that mirror the TOML, and
//! [`KnowledgeBase::from_raw`] checks them against the report and builds the validated
//! [`KnowledgeBase`] that everything downstream takes by reference. Every problem is collected
//! with its file and line, so an admin fixes them all in one round.
//!
//! The directory holds:
//! - `report.txt`: the report, verbatim;
//! - `sections.toml`: section ids, titles, years and where each starts;
//! - `entries/*.toml`: curated entries, each with a verbatim quotation;
//! - `synonyms.toml` and/or `synonyms/*.toml`: groups of interchangeable terms;
//! - `golden/*.toml`: golden questions, run by `report-bot check` and before every reload;
//! - `lexicon.toml`: stopwords, year words, scope words;
//! - `dict.txt`: the domain dictionary for segmentation (jieba format: `word [freq] [tag]`).

mod error;
pub mod figures;
mod load;
pub mod raw;
mod report;
mod validate;

pub use error::{LoadError, ValidationError};
pub use load::{RawKnowledge, SourceFile, load_raw};
pub use report::{Report, ReportPart, Section, Sentence, split_sentences};

use std::path::Path;

use load::{content_hash, parse};
use raw::RawLexicon;
use validate::{build_entries, build_golden, build_report, build_synonyms, parse_dict};

/// A curated entry, validated: its quote is in the report, inside its section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Stable id.
    pub id: String,
    /// Index into [`Report::sections`].
    pub section: usize,
    /// The year the entry's figure describes (its section's year).
    pub year: Option<u16>,
    /// Measure shared with entries of the other year, for comparisons.
    pub indicator: Option<String>,
    /// Ways people ask.
    pub questions: Vec<String>,
    /// Key terms and aliases.
    pub keywords: Vec<String>,
    /// Short answer line; all its numbers are in `quote`.
    pub answer: String,
    /// For a list entry, the items it enumerates (each verbatim in `quote`), in report order.
    pub items: Vec<String>,
    /// Verbatim quotation.
    pub quote: String,
    /// Byte offset of the quotation in the report.
    pub quote_at: usize,
}

/// Interchangeable terms; `terms[0]` is canonical.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynonymGroup {
    /// The terms, canonical first.
    pub terms: Vec<String>,
}

/// A golden question: `question` must be answered by entry `expect` (`None`: must be declined).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Golden {
    /// The question.
    pub question: String,
    /// The expected entry id, or `None` for a question that must be declined.
    pub expect: Option<String>,
    /// Where it was written, for error messages.
    pub origin: String,
}

/// Word lists the engine needs besides the entries; see [`raw::RawLexicon`] for each list's meaning.
pub type Lexicon = RawLexicon;

/// One domain-dictionary word for segmentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DictWord {
    /// The word.
    pub word: String,
    /// Its frequency, if given.
    pub freq: Option<usize>,
}

/// The validated knowledge base.
#[derive(Debug, Clone)]
pub struct KnowledgeBase {
    /// The report with its sections and sentences.
    pub report: Report,
    /// Curated entries, in file order.
    pub entries: Vec<Entry>,
    /// Synonym groups.
    pub synonyms: Vec<SynonymGroup>,
    /// Golden questions.
    pub golden: Vec<Golden>,
    /// Word lists.
    pub lexicon: Lexicon,
    /// Domain dictionary.
    pub dict: Vec<DictWord>,
    /// Content hash of every file read (hex), to tell versions apart.
    pub hash: String,
}

impl KnowledgeBase {
    /// Reads and validates the knowledge directory.
    pub fn load(dir: &Path) -> Result<Self, LoadError> {
        Self::from_raw(load_raw(dir))
    }

    /// Validates raw files and builds the knowledge base, or returns every problem found.
    pub fn from_raw(raw: RawKnowledge) -> Result<Self, LoadError> {
        let mut errors = raw.errors.clone();
        let hash = content_hash(&raw);
        let report = raw.report.as_ref().and_then(|r| {
            let sections = raw.sections.as_ref()?;
            build_report(r, sections, &mut errors)
        });
        let lexicon = raw
            .lexicon
            .as_ref()
            .and_then(|f| parse::<RawLexicon>(f, &mut errors))
            .unwrap_or_default();
        let dict = raw
            .dict
            .as_ref()
            .map(|f| parse_dict(f, &mut errors))
            .unwrap_or_default();
        let synonyms = build_synonyms(&raw.synonyms, &mut errors);
        let entries = match &report {
            Some(report) => build_entries(report, &raw.entries, &mut errors),
            None => Vec::new(),
        };
        let golden = build_golden(&raw.golden, &entries, &mut errors);
        match report {
            Some(report) if errors.is_empty() => Ok(Self {
                report,
                entries,
                synonyms,
                golden,
                lexicon,
                dict,
                hash,
            }),
            _ => Err(LoadError(errors)),
        }
    }

    /// Looks an entry up by id.
    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// Figure coverage: the report's body figures (years excepted) and which of them no quote covers.
    pub fn coverage(&self) -> Coverage {
        let text = &self.report.text;
        let spans: Vec<(usize, usize)> = self
            .entries
            .iter()
            .map(|e| (e.quote_at, e.quote_at + e.quote.len()))
            .collect();
        let mut total = 0;
        let mut uncovered = Vec::new();
        for section in self.report.sections.iter().filter(|s| s.year.is_some()) {
            let body = &text[section.span.clone()];
            for fig in figures::figures(body).into_iter().filter(|f| !f.is_year()) {
                total += 1;
                let (a, b) = (
                    section.span.start + fig.start,
                    section.span.start + fig.start + fig.text.len(),
                );
                if !spans.iter().any(|&(s, e)| s <= a && b <= e) {
                    uncovered.push(format!("{} ({})", fig.text, section.id));
                }
            }
        }
        Coverage { total, uncovered }
    }
}

/// How many body figures the entries' quotations cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    /// Figures in the report body (years excepted).
    pub total: usize,
    /// Figures no quotation covers, with their section id.
    pub uncovered: Vec<String>,
}
