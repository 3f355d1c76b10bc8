//! Answers as plain text, for the console (`chat`, `ask`) and the `reply` field of `ask --jsonl`:
//! the bot's layout ([`crate::bot::format::render`]) in a plain style.

use crate::bot::format::{Style, render};
use crate::bot::texts;
use crate::engine::Answer;
use crate::knowledge::KnowledgeBase;

/// Console and JSON text: quotation marks around quotations, suggestions listed.
pub const PLAIN: Style = Style {
    text: str::to_string,
    line: str::to_string,
    quote: texts::quoted,
    cite: texts::cited,
    heading: texts::heading,
};

/// Plain-text reply, as a person reads it on the console; `kb` holds the curated English lines.
pub fn plain(answer: &Answer, kb: &KnowledgeBase) -> String {
    render(answer, &PLAIN, true, kb)
}
