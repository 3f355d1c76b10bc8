//! Words of the genre for several-year periods: a sentence's figures that are a period's ("五年",
//! "“十二五”期间") and questions that ask about one. Shared by `init` (which leaves a period
//! figure out of the year's questions) and the engine's scope check (which does not answer a
//! year's question with a period's figure), so both read periods the same way.

/// Words of a sentence that make its figures a several-year period's (the five years of a plan,
/// "“十二五”期间", "三年来"), not the reviewed year's.
const PERIOD_WORDS: &[&str] = &[
    "五年",
    "年均",
    "三年来",
    "两年来",
    "十年来",
    "近三年",
    "五”期间",
    "五”时期",
    "五期间",
    "五时期",
];

/// The word that makes a passage's figures a several-year period's (`五年`, `“十二五”期间`), if any.
pub(crate) fn period_word(text: &str) -> Option<&'static str> {
    PERIOD_WORDS.iter().find(|w| text.contains(**w)).copied()
}

/// Words of a question that ask about a several-year period (so a period's figure answers it).
const PERIOD_ASKS: &[&str] = &[
    "五年",
    "十二五",
    "十三五",
    "十四五",
    "十一五",
    "期间",
    "时期",
    "这几年",
    "几年来",
    "这些年",
    "以来",
    "累计",
    "一共",
    "总共",
    "三年",
    "两年",
    "十年",
    "年均",
    "平均每年",
    "每年平均",
    "years",
    "period",
    "annual average",
    "average annual",
];

/// Does a question ask about a several-year period ("十二五期间", "这五年", "累计")?
pub(crate) fn asks_period(question: &str) -> bool {
    PERIOD_ASKS.iter().any(|w| question.contains(w))
}

/// The four-digit year of a year figure as a question writes it (`2010年`, `2010`), if any.
pub(crate) fn year_digits(text: &str) -> Option<&str> {
    let t = text.trim_end_matches('年');
    (t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit())).then_some(t)
}
