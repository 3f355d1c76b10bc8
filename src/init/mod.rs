//! `report-bot init REPORT.txt --out DIR`: a complete, checked knowledge directory for any
//! government work report, for a curator to review instead of typing.
//!
//! The steps, one file each: [`text`] normalises line endings and finds paragraphs, [`years`]
//! reads the report's year and each part's, [`outline`] detects parts and sections from the
//! report's own headings, [`region`] finds its district, city and places, [`divisions`] the places next to it, [`clauses`] finds the
//! figure-bearing clauses and their measures, [`entries`] turns them (and themes, enumerations,
//! the front matter's facts) into draft entries, [`dict`] builds the segmentation dictionary,
//! [`lexicon`] the word lists, [`golden`] the golden questions, and [`write`] the directory.
//! Every generated entry is `draft = true` until a curator has read it.

pub mod clauses;
pub mod dict;
pub mod divisions;
pub mod entries;
pub mod golden;
pub mod lexicon;
pub mod outline;
pub mod region;
pub mod synonyms;
pub mod text;
pub mod write;
pub mod years;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::knowledge::{KnowledgeBase, RawKnowledge, SourceFile};
pub use write::MARKER;

/// A generated knowledge directory, in memory: file name (relative) → contents.
#[derive(Debug, Clone, Default)]
pub struct Generated {
    /// Files by relative path, e.g. `entries/review-1.toml`.
    pub files: BTreeMap<String, String>,
    /// Sections detected.
    pub sections: usize,
    /// Draft entries written.
    pub entries: usize,
    /// Golden questions kept.
    pub golden: usize,
    /// Validation errors of the draft entries left out (a heuristic slip the curator may want
    /// to write by hand).
    pub dropped: Vec<String>,
}

impl Generated {
    /// The files as the loader reads them (paths under `dir`), for validating before writing.
    pub fn raw(&self, dir: &Path) -> RawKnowledge {
        let file = |name: &str| {
            self.files.get(name).map(|t| SourceFile {
                path: dir.join(name),
                text: t.clone(),
            })
        };
        let under = |prefix: &str| -> Vec<SourceFile> {
            self.files
                .iter()
                .filter(|(n, _)| n.starts_with(prefix))
                .map(|(n, t)| SourceFile {
                    path: dir.join(n),
                    text: t.clone(),
                })
                .collect()
        };
        RawKnowledge {
            report: file("report.txt"),
            sections: file("sections.toml"),
            entries: under("entries/"),
            synonyms: file("synonyms.toml").into_iter().collect(),
            golden: under("golden/"),
            lexicon: file("lexicon.toml"),
            dict: file("dict.txt"),
            errors: Vec::new(),
        }
    }
}

/// Generates the knowledge directory for a report's text (any line endings, BOM or not).
pub fn generate(raw_text: &str) -> Result<Generated> {
    let text = text::normalise(raw_text);
    let paragraphs = text::paragraphs(&text);
    anyhow::ensure!(!paragraphs.is_empty(), "the report is empty");
    let outline = outline::outline(&paragraphs);
    let region = region::region(&text, &paragraphs);
    let general = dict::General::load();
    let report_words = general.words_in(&text);
    let general_words: Vec<String> = report_words.iter().map(|(w, _)| w.clone()).collect();
    let segmenter = entries::Pieces::new(&general_words);
    let mut entries = entries::entries(&text, &paragraphs, &outline, &region, &segmenter);
    let years: Vec<u16> = {
        let mut y: Vec<u16> = outline.sections.iter().filter_map(|s| s.year).collect();
        y.sort_unstable();
        y.dedup();
        y
    };
    let review = years.first().copied();
    let plan = years.last().copied().filter(|_| years.len() > 1);
    let lexicon = lexicon::lexicon(&text, &region, review, plan);
    let mut found = report_words;
    found.extend(general.words_in(dict::QUESTION_WORDS));
    // the lexicon's words are vocabulary too: kept whole by segmentation and never "corrected"
    // as typos into a word of the report (常住人口 → 场主 + 人口)
    found.extend(general.words_in(&lexicon.vocabulary()));
    drop(general);
    let dictionary = dict::dictionary(&text, &entries, Some(&found));

    let dir = Path::new("<generated>");
    let mut generated = Generated {
        sections: outline.sections.len(),
        ..Generated::default()
    };
    let files = &mut generated.files;
    files.insert("report.txt".into(), text.clone());
    files.insert("sections.toml".into(), write::sections_toml(&outline)?);
    files.insert("lexicon.toml".into(), write::lexicon_toml(&lexicon)?);
    files.insert("dict.txt".into(), write::dict_txt(&dictionary));
    files.insert(
        "synonyms.toml".into(),
        synonyms::synonyms_toml(&text, write::SYNONYMS_TOML),
    );

    // entries that do not validate (a rare heuristic slip) are dropped, not written
    let probe = |entries: &[entries::DraftEntry], files: &BTreeMap<String, String>| {
        let mut g = Generated {
            files: files.clone(),
            ..Generated::default()
        };
        write::entry_files(entries, &mut g.files)?;
        anyhow::Ok(KnowledgeBase::from_raw(g.raw(dir)))
    };
    if let Err(e) = probe(&entries, &generated.files)? {
        let bad: Vec<String> = e.0.iter().map(ToString::to_string).collect();
        entries.retain(|en| !bad.iter().any(|b| b.contains(&format!("{:?}:", en.id))));
        generated.dropped = bad;
    }
    write::entry_files(&entries, &mut generated.files)?;
    generated.entries = entries.len();

    // golden questions: keep the ones the generated base answers as expected
    let candidates = golden::candidates(&entries);
    generated.files.insert(
        "golden/generated.toml".into(),
        write::golden_toml(&candidates)?,
    );
    let kb = KnowledgeBase::from_raw(generated.raw(dir))
        .map_err(|e| anyhow::anyhow!("the generated knowledge base does not validate:\n{e}"))?;
    let engine = crate::engine::Engine::build(&kb, &crate::engine::Tuning::default());
    let failed: Vec<String> = engine
        .check_golden()
        .into_iter()
        .map(|f| f.question)
        .collect();
    let kept: Vec<golden::GoldenQuestion> = candidates
        .into_iter()
        .filter(|g| !failed.contains(&g.question))
        .collect();
    generated.golden = kept.len();
    generated
        .files
        .insert("golden/generated.toml".into(), write::golden_toml(&kept)?);
    Ok(generated)
}

/// Reads `report`, generates its knowledge directory and writes it to `out` (see [`write::into`]
/// for when an existing directory is refused).
pub fn init(report: &Path, out: &Path, force: bool) -> Result<Generated> {
    let bytes =
        std::fs::read(report).with_context(|| format!("cannot read {}", report.display()))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        anyhow::anyhow!(
            "{} is not UTF-8; convert it first (e.g. iconv -f GBK -t UTF-8)",
            report.display()
        )
    })?;
    let generated = generate(&text)?;
    write::into(out, &generated, force)?;
    Ok(generated)
}

/// The path of a generated file under `out`.
pub fn path_of(out: &Path, name: &str) -> PathBuf {
    out.join(name)
}
