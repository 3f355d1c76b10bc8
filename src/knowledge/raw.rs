//! Raw knowledge files: serde types that mirror the TOML exactly.
//!
//! Nothing here is validated; [`super::KnowledgeBase::from_raw`] turns these into checked data.
//! Fields that errors must point at are [`Spanned`] so the error can name the line.

use serde::Deserialize;
use toml::Spanned;

/// `sections.toml`: the report's sections in reading order.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSectionsFile {
    /// The report's top-level parts (the review of the past year, the plan for this year).
    #[serde(default)]
    pub part: Vec<RawPart>,
    /// The sections.
    pub section: Vec<RawSection>,
}

/// One `[[part]]`: a top-level heading of the report that numbered sections belong to.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPart {
    /// The heading exactly as the report writes it (`2022年工作回顾`); sections name it in `part`.
    pub title: Spanned<String>,
    /// The year the part's figures describe.
    pub year: Option<u16>,
}

/// One `[[section]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSection {
    /// Stable id, e.g. `review-1`.
    pub id: Spanned<String>,
    /// Readable title.
    pub title: String,
    /// The year the section's figures describe, if any.
    pub year: Option<u16>,
    /// The beginning of the paragraph that opens the section.
    pub start: Spanned<String>,
    /// The title of the `[[part]]` the section is numbered in (the outline: "the third task").
    pub part: Option<Spanned<String>>,
}

/// A file under `entries/`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEntryFile {
    /// The curated entries.
    #[serde(default)]
    pub entry: Vec<RawEntry>,
}

/// One `[[entry]]`: a curated question/answer with its verbatim quotation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEntry {
    /// Stable id, lower-case kebab-case.
    pub id: Spanned<String>,
    /// The section id the quotation is in.
    pub section: Spanned<String>,
    /// Measure shared by a 2022 result and a 2023 target, for comparisons.
    pub indicator: Option<String>,
    /// Ways people ask.
    pub questions: Spanned<Vec<String>>,
    /// Key terms and aliases.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// For a list entry: the items it enumerates, each verbatim in the quote, in report order.
    pub items: Option<Spanned<Vec<String>>>,
    /// The short answer line.
    pub answer: Spanned<String>,
    /// The answer line for English questions, curated (English words only; every number from
    /// the quote, in its own unit or scaled: `197.01 billion yuan` for `1970.1亿元`). Without
    /// it an English question gets a line generated from the figures.
    pub answer_en: Option<Spanned<String>>,
    /// The verbatim quotation.
    pub quote: Spanned<String>,
    /// Written by `report-bot init` and not yet reviewed; a curator removes the flag.
    #[serde(default)]
    pub draft: bool,
}

/// A file under `synonyms/` (or `synonyms.toml`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSynonymFile {
    /// Synonym groups.
    #[serde(default)]
    pub group: Vec<RawSynonymGroup>,
}

/// One `[[group]]`: interchangeable terms, the first one canonical.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSynonymGroup {
    /// The terms, canonical first.
    pub terms: Spanned<Vec<String>>,
}

/// A file under `golden/`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGoldenFile {
    /// Golden questions.
    #[serde(default)]
    pub golden: Vec<RawGolden>,
}

/// One `[[golden]]`: a question and the entry id that must answer it (`"none"`: must decline).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGolden {
    /// The question as a user would type it.
    pub question: Spanned<String>,
    /// Expected entry id, or `none`.
    pub expect: String,
}

/// `lexicon.toml`: word lists the engine needs besides the entries.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLexicon {
    /// The report's title, as `/about` and declines name it (`海拉尔区2012年政府工作报告`); the
    /// first line of `report.txt` when absent.
    #[serde(default)]
    pub title: Option<String>,
    /// Words that carry no meaning for matching (question words, particles, the district's name).
    #[serde(default)]
    pub stopwords: Vec<String>,
    /// Words that put a question in the 2022 review.
    #[serde(default)]
    pub past_words: Vec<String>,
    /// Words that put a question in the 2023 plan.
    #[serde(default)]
    pub plan_words: Vec<String>,
    /// Relative years the report does not cover (前年, 明年).
    #[serde(default)]
    pub other_year_words: Vec<String>,
    /// Other districts and cities: a question about them is out of scope.
    #[serde(default)]
    pub other_regions: Vec<String>,
    /// Enclosing regions (杭州市, 浙江省): out of scope unless the question names Xihu or a ranking.
    #[serde(default)]
    pub parent_regions: Vec<String>,
    /// Words that keep a parent-region question in scope (西湖, 排名, 第几).
    #[serde(default)]
    pub scope_anchors: Vec<String>,
    /// Measures the report never gives (增速, 同比): declined unless the matched entry mentions them.
    #[serde(default)]
    pub unsupported: Vec<String>,
    /// Topics the report never gives (人口, 房价): declined unless the matched entry's quote mentions
    /// them or the rest of the question matches the entry on its own.
    #[serde(default)]
    pub unsupported_topics: Vec<String>,
    /// Places within the district (镇街, platforms): an entry that never mentions a place the
    /// question names is a worse match.
    #[serde(default)]
    pub places: Vec<String>,
    /// Whole messages that are greetings.
    #[serde(default)]
    pub greetings: Vec<String>,
    /// Words that join the parts of a multi-part question.
    #[serde(default)]
    pub conjunctions: Vec<String>,
    /// Words that ask to compare the 2022 result with the 2023 target.
    #[serde(default)]
    pub compare_words: Vec<String>,
    /// Words that make a question a yes/no check of a stated figure.
    #[serde(default)]
    pub check_words: Vec<String>,
}
