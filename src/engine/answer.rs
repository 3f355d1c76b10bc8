//! What the engine returns: an [`Answer`] with one [`Part`] per answered question part.

use serde::Serialize;

/// Where a part's quotation comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Source {
    /// A curated entry.
    Entry {
        /// The entry id.
        id: String,
    },
    /// A report sentence no entry covers.
    Sentence {
        /// Index into the report's sentences.
        index: usize,
    },
}

/// One answered part of a question: the answer line and its verbatim quotation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Part {
    /// Where it comes from.
    pub source: Source,
    /// Section id.
    pub section_id: String,
    /// Section title (e.g. `经济大盘稳进提质`).
    pub section_title: String,
    /// Title of the report part the section is in (e.g. `2022年工作回顾`), if any.
    pub part_title: Option<String>,
    /// The curated answer line (its figures all appear in `quote`); empty for a bare report
    /// sentence, whose figures the reply lists itself.
    pub answer: String,
    /// For a list: the items shown in this part, each verbatim in `quote`.
    pub items: Vec<String>,
    /// The verbatim quotation.
    pub quote: String,
    /// Match score in 0..=1.
    pub score: f32,
    /// For an answer about the report's outline, what it says (the reply words it).
    pub outline: Option<Outline>,
}

/// What an outline answer says: the reply turns it into a sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outline {
    /// The `ordinal`-th (1-based) section of a part.
    Nth {
        /// The part's title.
        part: String,
        /// 1-based position.
        ordinal: usize,
        /// The section's title.
        title: String,
    },
    /// The sections of a part.
    Sections {
        /// The part's title.
        part: String,
        /// Its sections' titles, in order.
        titles: Vec<String>,
    },
    /// The `ordinal`-th (1-based) top-level part of the report.
    NthPart {
        /// 1-based position.
        ordinal: usize,
        /// The part's title.
        title: String,
    },
    /// The report's top-level parts.
    Parts {
        /// Their titles, in order.
        titles: Vec<String>,
    },
}

/// The plain answer to a yes/no question, before the figure and quotation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "verdict", content = "premise", rename_all = "snake_case")]
pub enum Verdict {
    /// The report confirms it.
    Yes,
    /// The report contradicts it; the premise as stated (e.g. `2000亿元`).
    No(Option<String>),
    /// The asker's "more than X" is wrong: the report's figure is not above X.
    NotAbove(String),
    /// The asker's "less than X" is wrong: the report's figure is not below X.
    NotBelow(String),
    /// The report does not say (it speaks of a plan where a result was asked, or the reverse).
    NotSaid,
}

/// The kind of fact a question asks for, where the matched passage must hold one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Wanted {
    /// A name (叫什么, 名称).
    Name,
    /// A quantity (多少, 几), of the unit family in the engine's unit table where one is named.
    Quantity,
    /// A date or a year (什么时候, 哪年).
    Date,
    /// A place: where something stands or which 街道 it is in (在哪里, 哪个街道, 哪条路).
    Place,
    /// The items of a list (哪些, 分别是).
    List,
    /// A rank (第几, 排名).
    Rank,
    /// A per-capita figure (人均).
    PerCapita,
    /// What a named thing consists of or means (具体指什么, 包括哪些内容, 什么意思).
    Meaning,
}

/// Why a question was declined.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "reason", content = "detail", rename_all = "snake_case")]
pub enum Decline {
    /// Nothing to answer (empty after normalisation).
    Empty,
    /// A year the report does not cover.
    OtherYear(String),
    /// Another district or city.
    OtherRegion(String),
    /// A measure or topic the report does not give.
    NotInReport(String),
    /// A 2023 target asked for a measure the report only gives for 2022 (or the other way round).
    WrongYear(u16),
    /// The passage that matches does not hold the kind of fact asked for; the answer's parts
    /// hold what the report does say.
    NotGiven(Wanted),
    /// A follow-up that the conversation so far cannot resolve; the words it was read as.
    Unresolved(String),
    /// "还有呢" after the whole list was shown: how many items it had.
    NoMore(usize),
    /// Nothing matched well enough.
    LowConfidence,
}

/// The outcome of a question.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Answered: see [`Answer::parts`].
    Answered,
    /// Declined with a reason.
    Declined(Decline),
    /// A greeting or thanks: reply with help.
    Greeting,
}

/// A follow-up question to offer as a button.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// Entry id.
    pub entry: String,
    /// The question to ask (the entry's first question).
    pub question: String,
}

impl From<&crate::knowledge::Entry> for Suggestion {
    /// Offers an entry by its first question.
    fn from(e: &crate::knowledge::Entry) -> Self {
        Self {
            entry: e.id.clone(),
            question: e.questions[0].clone(),
        }
    }
}

/// What the knowledge base covers, for declines and help: read from the report and its
/// sections, so a generated knowledge base speaks of its own report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scope {
    /// The report's title (its first line).
    pub title: String,
    /// The headings of its parts (`2022年工作回顾`, `2023年重点工作`).
    pub parts: Vec<String>,
    /// The years it covers, earliest first.
    pub years: Vec<u16>,
}

/// The engine's reply to one question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    /// The question after normalisation.
    pub question: String,
    /// Answered, declined or greeting.
    pub outcome: Outcome,
    /// Answered parts (empty unless answered).
    pub parts: Vec<Part>,
    /// Confidence of the best match, 0..=1.
    pub score: f32,
    /// Related entries to offer after an answer, or "did you mean" after a decline.
    pub suggestions: Vec<Suggestion>,
    /// For a yes/no question, the plain answer.
    pub verdict: Option<Verdict>,
    /// Parts of the question the report does not cover, with the reason (never dropped silently).
    pub uncovered: Vec<(String, Decline)>,
    /// A list shown in pages: how many items are left after this reply ("还有N项").
    pub more: usize,
    /// "还有呢" after a list shown whole: this is the whole list again, as nothing more is listed.
    pub whole_again: bool,
    /// What the report covers (for the decline note).
    #[serde(skip)]
    pub scope: Option<std::sync::Arc<Scope>>,
    /// Where a paged list stands, for the conversation's next "还有呢".
    #[serde(skip)]
    pub(crate) list: Option<super::query::ListCursor>,
}

impl Answer {
    /// True when the question was answered.
    pub fn answered(&self) -> bool {
        self.outcome == Outcome::Answered
    }

    /// The first part's entry id, or `sentence:N` for a report sentence.
    pub fn matched(&self) -> Option<String> {
        self.parts.first().map(|p| p.source.to_string())
    }

    /// An answer with nothing but an outcome (greetings, declines without a passage).
    pub(crate) fn bare(question: String, outcome: Outcome) -> Self {
        Self {
            question,
            outcome,
            parts: Vec::new(),
            score: 0.0,
            suggestions: Vec::new(),
            verdict: None,
            uncovered: Vec::new(),
            more: 0,
            whole_again: false,
            scope: None,
            list: None,
        }
    }
}

impl std::fmt::Display for Source {
    /// The entry id, or `sentence:N` for a bare report sentence (logs, golden checks, JSON).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Entry { id } => f.write_str(id),
            Source::Sentence { index } => write!(f, "sentence:{index}"),
        }
    }
}
