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
    /// Section title as shown to people (with the report part, e.g. `2022年工作回顾 · 经济大盘稳进提质`).
    pub section_title: String,
    /// The answer line (its figures all appear in `quote`).
    pub answer: String,
    /// The verbatim quotation.
    pub quote: String,
    /// Match score in 0..=1.
    pub score: f32,
    /// A figure the question stated that the quotation does not contain (a wrong premise).
    pub corrected: Option<String>,
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
}

impl Answer {
    /// True when the question was answered.
    pub fn answered(&self) -> bool {
        self.outcome == Outcome::Answered
    }

    /// The first part's entry id, or `sentence:N` for a report sentence.
    pub fn matched(&self) -> Option<String> {
        self.parts.first().map(|p| match &p.source {
            Source::Entry { id } => id.clone(),
            Source::Sentence { index } => format!("sentence:{index}"),
        })
    }
}
