//! Inline keyboards: "did you mean" and example-question buttons that ask an entry's question.

use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use crate::engine::Suggestion;

/// Callback data prefix for "ask this entry" buttons.
const ASK_PREFIX: &str = "q:";

/// Telegram's limit on a button's callback data, in bytes; a longer entry id gets no button.
pub const CALLBACK_DATA_BYTES: usize = 64;

/// A button label's length in characters: a phone shows about this many on one row, and a
/// longer question is cut rather than wrapped.
pub const LABEL_CHARS: usize = 40;

/// Buttons that ask an entry's question, one per row; data is `q:<entry id>`.
pub fn ask_buttons(suggestions: &[Suggestion]) -> Option<InlineKeyboardMarkup> {
    let rows: Vec<Vec<InlineKeyboardButton>> = suggestions
        .iter()
        .filter(|s| ASK_PREFIX.len() + s.entry.len() <= CALLBACK_DATA_BYTES)
        .map(|s| {
            let label: String = s.question.chars().take(LABEL_CHARS).collect();
            vec![InlineKeyboardButton::callback(
                label,
                format!("{ASK_PREFIX}{}", s.entry),
            )]
        })
        .collect();
    (!rows.is_empty()).then(|| InlineKeyboardMarkup::new(rows))
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
