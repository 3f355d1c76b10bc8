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
pub mod raw;
mod report;

pub use error::{LoadError, ValidationError};
pub use report::{Report, Section, Sentence, split_sentences};

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use error::line_of;
use raw::{RawEntryFile, RawGoldenFile, RawLexicon, RawSectionsFile, RawSynonymFile};
use serde::de::DeserializeOwned;

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

/// A file read from the knowledge directory: its path and text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path as given (relative to the working directory or absolute).
    pub path: PathBuf,
    /// Contents.
    pub text: String,
}

/// Every file of a knowledge directory, read but not yet parsed.
#[derive(Debug, Clone, Default)]
pub struct RawKnowledge {
    /// `report.txt`.
    pub report: Option<SourceFile>,
    /// `sections.toml`.
    pub sections: Option<SourceFile>,
    /// `entries/*.toml`, sorted by name.
    pub entries: Vec<SourceFile>,
    /// `synonyms.toml` and `synonyms/*.toml`.
    pub synonyms: Vec<SourceFile>,
    /// `golden/*.toml`.
    pub golden: Vec<SourceFile>,
    /// `lexicon.toml`.
    pub lexicon: Option<SourceFile>,
    /// `dict.txt`.
    pub dict: Option<SourceFile>,
    /// I/O problems met while reading.
    pub errors: Vec<ValidationError>,
}

/// Reads every knowledge file under `dir` (no parsing yet).
pub fn load_raw(dir: &Path) -> RawKnowledge {
    let mut raw = RawKnowledge::default();
    if !dir.is_dir() {
        raw.errors.push(ValidationError::file(
            dir,
            None,
            "knowledge directory not found; pass --knowledge DIR or set KNOWLEDGE_DIR",
        ));
        return raw;
    }
    raw.report = read_one(dir.join("report.txt"), true, &mut raw.errors);
    raw.sections = read_one(dir.join("sections.toml"), true, &mut raw.errors);
    raw.lexicon = read_one(dir.join("lexicon.toml"), true, &mut raw.errors);
    raw.dict = read_one(dir.join("dict.txt"), false, &mut raw.errors);
    raw.entries = read_dir_toml(&dir.join("entries"), &mut raw.errors);
    raw.synonyms = read_one(dir.join("synonyms.toml"), false, &mut raw.errors)
        .into_iter()
        .collect();
    raw.synonyms
        .extend(read_dir_toml(&dir.join("synonyms"), &mut raw.errors));
    raw.golden = read_dir_toml(&dir.join("golden"), &mut raw.errors);
    if raw.entries.is_empty() && raw.errors.is_empty() {
        raw.errors.push(ValidationError::file(
            dir.join("entries"),
            None,
            "no entry files; add entries/*.toml",
        ));
    }
    raw
}

fn read_one(
    path: PathBuf,
    required: bool,
    errors: &mut Vec<ValidationError>,
) -> Option<SourceFile> {
    match fs::read(&path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Some(SourceFile { path, text }),
            Err(e) => {
                let line = line_of(
                    &String::from_utf8_lossy(e.as_bytes()),
                    e.utf8_error().valid_up_to(),
                );
                errors.push(ValidationError::file(
                    path,
                    Some(line),
                    "file is not valid UTF-8; save it as UTF-8",
                ));
                None
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => None,
        Err(e) => {
            errors.push(ValidationError::file(
                path,
                None,
                format!("cannot read file: {e}"),
            ));
            None
        }
    }
}

fn read_dir_toml(dir: &Path, errors: &mut Vec<ValidationError>) -> Vec<SourceFile> {
    let Ok(listing) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = listing
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| read_one(p, true, errors))
        .collect()
}

fn parse<T: DeserializeOwned>(file: &SourceFile, errors: &mut Vec<ValidationError>) -> Option<T> {
    match toml::from_str::<T>(&file.text) {
        Ok(v) => Some(v),
        Err(e) => {
            let line = e.span().map(|s| line_of(&file.text, s.start));
            let msg = e.message().trim().to_string();
            errors.push(ValidationError::file(
                &file.path,
                line,
                format!("invalid TOML: {msg}"),
            ));
            None
        }
    }
}

fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// FNV-1a over the bytes of every file, as 16 hex digits: deterministic across builds.
fn content_hash(raw: &RawKnowledge) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let files = raw
        .report
        .iter()
        .chain(&raw.sections)
        .chain(&raw.lexicon)
        .chain(&raw.dict);
    for f in files
        .chain(&raw.entries)
        .chain(&raw.synonyms)
        .chain(&raw.golden)
    {
        for b in f
            .path
            .file_name()
            .unwrap_or_default()
            .as_encoded_bytes()
            .iter()
            .chain(f.text.as_bytes())
        {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{h:016x}")
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

    /// The section an entry belongs to.
    pub fn section_of(&self, entry: &Entry) -> &Section {
        &self.report.sections[entry.section]
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

fn build_report(
    report: &SourceFile,
    sections: &SourceFile,
    errors: &mut Vec<ValidationError>,
) -> Option<Report> {
    let text = report.text.clone();
    if text.trim().is_empty() {
        errors.push(ValidationError::file(
            &report.path,
            None,
            "report is empty; copy the report text here",
        ));
        return None;
    }
    let raw: RawSectionsFile = parse(sections, errors)?;
    let mut starts = Vec::new();
    let mut seen = HashSet::new();
    for s in &raw.section {
        let line = Some(line_of(&sections.text, s.id.span().start));
        let id = s.id.get_ref();
        if !is_valid_id(id) {
            errors.push(ValidationError::item(
                &sections.path,
                line,
                id,
                "id must be lower-case kebab-case (a-z, 0-9, -)",
            ));
        }
        if !seen.insert(id.clone()) {
            errors.push(ValidationError::item(
                &sections.path,
                line,
                id,
                "duplicate section id; give each section its own id",
            ));
        }
        // a section starts at the beginning of a paragraph: after a newline and indentation
        let found = report
            .text
            .match_indices(s.start.get_ref().as_str())
            .map(|(i, _)| i)
            .find(|&i| {
                let before = report.text[..i].trim_end_matches([' ', '\u{3000}', '\t']);
                before.is_empty() || before.ends_with('\n')
            });
        match found {
            Some(at) if s.start.get_ref().is_empty() => {
                let _ = at;
                errors.push(ValidationError::item(&sections.path, line, id, "field \"start\" is empty"));
            }
            Some(at) => starts.push((at, s)),
            None => errors.push(ValidationError::item(
                &sections.path,
                Some(line_of(&sections.text, s.start.span().start)),
                id,
                "field \"start\" does not begin any paragraph of report.txt; copy the paragraph's first words",
            )),
        }
    }
    if starts.len() != raw.section.len() {
        return None;
    }
    if starts.windows(2).any(|w| w[0].0 >= w[1].0) {
        errors.push(ValidationError::file(
            &sections.path,
            None,
            "sections are not in reading order; list them as they appear in the report",
        ));
        return None;
    }
    if starts.is_empty() {
        errors.push(ValidationError::file(
            &sections.path,
            None,
            "no sections; add [[section]] tables",
        ));
        return None;
    }
    // the first section also takes anything before its start, the last one runs to the end
    let mut sections_out = Vec::new();
    for (k, (at, s)) in starts.iter().enumerate() {
        let begin = if k == 0 { 0 } else { *at };
        let end = starts.get(k + 1).map_or(text.len(), |n| n.0);
        sections_out.push(Section {
            id: s.id.get_ref().clone(),
            title: s.title.clone(),
            year: s.year,
            span: begin..end,
        });
    }
    let sentences = split_sentences(&text)
        .into_iter()
        .map(|span| {
            let section = sections_out
                .iter()
                .position(|s| s.span.contains(&span.start))
                .unwrap_or(0);
            Sentence { span, section }
        })
        .collect();
    Some(Report {
        text,
        sections: sections_out,
        sentences,
    })
}

fn build_entries(
    report: &Report,
    files: &[SourceFile],
    errors: &mut Vec<ValidationError>,
) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    for file in files {
        let Some(raw) = parse::<RawEntryFile>(file, errors) else {
            continue;
        };
        for e in raw.entry {
            let id = e.id.get_ref().clone();
            let line_at = |offset: usize| Some(line_of(&file.text, offset));
            let err = |offset: usize, msg: String| {
                ValidationError::item(&file.path, line_at(offset), &id, msg)
            };
            let before = errors.len();
            if !is_valid_id(&id) {
                errors.push(err(
                    e.id.span().start,
                    "id must be lower-case kebab-case (a-z, 0-9, -)".into(),
                ));
            }
            if let Some(first) = seen.insert(id.clone(), file.path.clone()) {
                errors.push(err(
                    e.id.span().start,
                    format!(
                        "duplicate entry id (also in {}); rename one",
                        first.display()
                    ),
                ));
            }
            let section = report
                .sections
                .iter()
                .position(|s| &s.id == e.section.get_ref());
            if section.is_none() {
                errors.push(err(
                    e.section.span().start,
                    format!(
                        "unknown section {:?}; use an id from sections.toml",
                        e.section.get_ref()
                    ),
                ));
            }
            let questions: Vec<String> = e
                .questions
                .get_ref()
                .iter()
                .map(|q| q.trim().to_string())
                .filter(|q| !q.is_empty())
                .collect();
            if questions.is_empty() {
                errors.push(err(
                    e.questions.span().start,
                    "field \"questions\" is empty; add how people ask".into(),
                ));
            }
            let answer = e.answer.get_ref().trim().to_string();
            if answer.is_empty() {
                errors.push(err(
                    e.answer.span().start,
                    "field \"answer\" is empty; add text or remove the entry".into(),
                ));
            }
            let quote = e.quote.get_ref().clone();
            let occurrences = report.find_all(&quote);
            let quote_at = match (occurrences.first(), section) {
                (None, _) => {
                    errors.push(err(
                        e.quote.span().start,
                        "quote is not a verbatim substring of report.txt; copy it from the report exactly".into(),
                    ));
                    None
                }
                (Some(_), Some(s)) => {
                    let inside = occurrences
                        .iter()
                        .copied()
                        .find(|&at| report.sections[s].span.contains(&at));
                    if inside.is_none() {
                        let actual = report
                            .section_at(occurrences[0])
                            .map_or("?", |i| &report.sections[i].id);
                        errors.push(err(
                            e.section.span().start,
                            format!(
                                "quote is in section {actual:?}, not {:?}; fix \"section\"",
                                e.section.get_ref()
                            ),
                        ));
                    }
                    inside
                }
                (Some(_), None) => None,
            };
            for fig in figures::figures(&answer) {
                let year_in_report = fig.is_year() && report.text.contains(fig.text);
                if !year_in_report && !quote.contains(fig.number) {
                    errors.push(err(
                        e.answer.span().start,
                        format!("answer states {} but the quote does not contain {}; state only figures from the quote", fig.text, fig.number),
                    ));
                }
            }
            if errors.len() > before {
                continue;
            }
            let (Some(section), Some(quote_at)) = (section, quote_at) else {
                continue;
            };
            out.push(Entry {
                id,
                section,
                year: report.sections[section].year,
                indicator: e.indicator.filter(|i| !i.trim().is_empty()),
                questions,
                keywords: e
                    .keywords
                    .into_iter()
                    .map(|k| k.trim().to_string())
                    .filter(|k| !k.is_empty())
                    .collect(),
                answer,
                quote,
                quote_at,
            });
        }
    }
    out
}

fn build_synonyms(files: &[SourceFile], errors: &mut Vec<ValidationError>) -> Vec<SynonymGroup> {
    let mut out = Vec::new();
    let mut owner: HashMap<String, String> = HashMap::new();
    for file in files {
        let Some(raw) = parse::<RawSynonymFile>(file, errors) else {
            continue;
        };
        for g in raw.group {
            let line = Some(line_of(&file.text, g.terms.span().start));
            let terms: Vec<String> = g
                .terms
                .get_ref()
                .iter()
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect();
            let name = terms.first().cloned().unwrap_or_default();
            if terms.len() < 2 {
                errors.push(ValidationError::item(
                    &file.path,
                    line,
                    &name,
                    "synonym group needs at least two terms",
                ));
                continue;
            }
            let mut ok = true;
            for t in &terms {
                let key = t.to_lowercase();
                if let Some(other) = owner.get(&key).filter(|o| **o != name) {
                    errors.push(ValidationError::item(
                        &file.path,
                        line,
                        &name,
                        format!("term {t:?} is also in the group of {other:?}; a term belongs to one group"),
                    ));
                    ok = false;
                }
                owner.insert(key, name.clone());
            }
            if ok {
                out.push(SynonymGroup { terms });
            }
        }
    }
    out
}

fn build_golden(
    files: &[SourceFile],
    entries: &[Entry],
    errors: &mut Vec<ValidationError>,
) -> Vec<Golden> {
    let ids: HashSet<&str> = entries.iter().map(|e| e.id.as_str()).collect();
    let mut out = Vec::new();
    for file in files {
        let Some(raw) = parse::<RawGoldenFile>(file, errors) else {
            continue;
        };
        for g in raw.golden {
            let line = line_of(&file.text, g.question.span().start);
            let expect = (g.expect != "none").then(|| g.expect.clone());
            if let Some(id) = &expect
                && !ids.contains(id.as_str())
                && !entries.is_empty()
            {
                errors.push(ValidationError::item(
                    &file.path,
                    Some(line),
                    id,
                    "golden question expects an unknown entry id",
                ));
                continue;
            }
            out.push(Golden {
                question: g.question.into_inner(),
                expect,
                origin: format!("{}:{line}", file.path.display()),
            });
        }
    }
    out
}

fn parse_dict(file: &SourceFile, errors: &mut Vec<ValidationError>) -> Vec<DictWord> {
    let mut out = Vec::new();
    for (n, line) in file.text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split_whitespace();
        let word = parts.next().unwrap_or_default().to_string();
        let freq = match parts.next().map(str::parse::<usize>) {
            None => None,
            Some(Ok(f)) => Some(f),
            Some(Err(_)) => {
                errors.push(ValidationError::file(
                    &file.path,
                    Some(n + 1),
                    "frequency is not a whole number; write `word freq [tag]`",
                ));
                continue;
            }
        };
        out.push(DictWord { word, freq });
    }
    out
}
