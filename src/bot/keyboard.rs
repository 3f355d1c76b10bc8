//! Inline keyboards: "did you mean", related and example-question buttons that ask an entry's
//! question; a button per section; the 👍 / 👎 pair under an answer.

use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use crate::engine::Suggestion;
use crate::knowledge::KnowledgeBase;

/// Callback data prefix for "show this section's figures" buttons.
const SECTION_PREFIX: &str = "s:";

/// A section button's label, in characters (two share a row under a section).
const SECTION_LABEL_CHARS: usize = 30;

/// Callback data prefix for "ask this entry" buttons.
const ASK_PREFIX: &str = "q:";

/// Telegram's limit on a button's callback data, in bytes; a longer entry id gets no button.
pub const CALLBACK_DATA_BYTES: usize = 64;

/// A button label's length in characters: a phone shows about this many on one row, and a
/// longer question is cut rather than wrapped.
pub const LABEL_CHARS: usize = 40;

/// Buttons that ask an entry's question, one per row; data is `q:<entry id>`.
pub fn ask_buttons(suggestions: &[Suggestion]) -> Option<InlineKeyboardMarkup> {
    markup(ask_rows(suggestions))
}

/// A keyboard of these rows, or none when there are none.
pub fn markup(rows: Vec<Vec<InlineKeyboardButton>>) -> Option<InlineKeyboardMarkup> {
    (!rows.is_empty()).then(|| InlineKeyboardMarkup::new(rows))
}

/// The rows of [`ask_buttons`].
pub fn ask_rows(suggestions: &[Suggestion]) -> Vec<Vec<InlineKeyboardButton>> {
    suggestions
        .iter()
        .filter(|s| ASK_PREFIX.len() + s.entry.len() <= CALLBACK_DATA_BYTES)
        .map(|s| {
            let label: String = s.question.chars().take(LABEL_CHARS).collect();
            vec![InlineKeyboardButton::callback(
                label,
                format!("{ASK_PREFIX}{}", s.entry),
            )]
        })
        .collect()
}

/// The 👍 / 👎 row under an answer (none when its data would not fit in 64 bytes).
pub fn vote_row(token: u64, entry: &str) -> Option<Vec<InlineKeyboardButton>> {
    use super::feedback::{DOWN, UP, data};
    let (up, down) = (data(true, token, entry)?, data(false, token, entry)?);
    Some(vec![
        InlineKeyboardButton::callback(UP, up),
        InlineKeyboardButton::callback(DOWN, down),
    ])
}

/// A section button: `n. title`, data `s:<id>` (none when the id is too long for 64 bytes).
fn section_button(kb: &KnowledgeBase, index: usize, label: String) -> Option<InlineKeyboardButton> {
    let data = format!("{SECTION_PREFIX}{}", kb.report.sections[index].id);
    (data.len() <= CALLBACK_DATA_BYTES).then(|| InlineKeyboardButton::callback(label, data))
}

/// One button per section, as `/sections` numbers them.
pub fn section_buttons(kb: &KnowledgeBase) -> Option<InlineKeyboardMarkup> {
    let rows = crate::browse::sections(kb)
        .into_iter()
        .filter_map(|(n, i, _)| {
            let label = format!("{n}. {}", kb.report.sections[i].title);
            section_button(kb, i, label.chars().take(LABEL_CHARS).collect())
        })
        .map(|b| vec![b])
        .collect();
    markup(rows)
}

/// Buttons to the sections before and after section `index`.
pub fn neighbour_sections(kb: &KnowledgeBase, index: usize) -> Option<InlineKeyboardMarkup> {
    let sections = &kb.report.sections;
    let short = |s: String| s.chars().take(SECTION_LABEL_CHARS).collect::<String>();
    let mut row = Vec::new();
    if let Some(prev) = index.checked_sub(1) {
        let label = short(format!("← {}. {}", prev + 1, sections[prev].title));
        row.extend(section_button(kb, prev, label));
    }
    if index + 1 < sections.len() {
        let label = short(format!("{}. {} →", index + 2, sections[index + 1].title));
        row.extend(section_button(kb, index + 1, label));
    }
    markup(if row.is_empty() {
        Vec::new()
    } else {
        vec![row]
    })
}

/// The section a "show this section" button names, if the data is one of ours.
pub fn pressed_section(data: &str) -> Option<&str> {
    data.strip_prefix(SECTION_PREFIX)
}

/// The entry id an "ask this entry" button carries, if the data is one of ours.
pub fn asked_entry(data: &str) -> Option<&str> {
    data.strip_prefix(ASK_PREFIX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suggestion(entry: &str, question: &str) -> Suggestion {
        Suggestion {
            entry: entry.into(),
            question: question.into(),
        }
    }

    #[test]
    fn buttons_carry_the_entry_and_a_short_label() {
        let long = "问".repeat(LABEL_CHARS + 10);
        let too_long_id = "x".repeat(CALLBACK_DATA_BYTES);
        let kb = ask_buttons(&[
            suggestion("r1-gdp", &long),
            suggestion(&too_long_id, "丢掉"),
        ])
        .expect("one button");
        assert_eq!(kb.inline_keyboard.len(), 1);
        let button = &kb.inline_keyboard[0][0];
        assert_eq!(button.text.chars().count(), LABEL_CHARS);
        let teloxide::types::InlineKeyboardButtonKind::CallbackData(data) = &button.kind else {
            panic!("a callback button");
        };
        assert_eq!(asked_entry(data), Some("r1-gdp"));
        assert_eq!(asked_entry("other"), None);
        assert!(ask_buttons(&[]).is_none());
    }
}
