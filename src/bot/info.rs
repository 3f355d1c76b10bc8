//! Texts for /sections, /section, /figures, /about and the help's example questions, as
//! Telegram HTML.

use teloxide::utils::html::{bold, code_inline, escape};

use super::format::{ECHO_LIMIT, bold_figures, trim_echo};
use super::texts;
use crate::engine::Suggestion;
use crate::knowledge::{Entry, KnowledgeBase, Section};

/// How many key figures `/figures` and an empty inline query show.
pub const KEY_FIGURES: usize = 10;

/// How many example questions /start and /help offer as buttons.
pub const EXAMPLES: usize = 3;

/// How many lines `/section` shows: a section's headline figures fit one phone screen.
pub const SECTION_LINES: usize = 15;

/// How many of the report's first lines `/about` shows (title, date, source, meeting).
pub const ABOUT_LINES: usize = 5;

/// The most a `/section` argument may differ from a section id (edits) to be offered as that
/// section: one or two slips of the keyboard (`reveiw-1`, `plan1`).
pub const SECTION_ID_EDITS: usize = 2;

/// How alike (0–1, normalised edit distance over characters) a `/section` argument and a
/// section title must be to be offered as that section: half the title right is a typo or a
/// wrong character, less is another question.
pub const SECTION_TITLE_LIKENESS: f64 = 0.5;

fn has_figure(e: &Entry) -> bool {
    e.answer.bytes().any(|b| b.is_ascii_digit())
}

/// Key figures: the first entries with figures in the first 2022 section.
pub fn key_entries(kb: &KnowledgeBase) -> Vec<String> {
    let first_review = kb.report.sections.iter().position(|s| s.year.is_some());
    kb.entries
        .iter()
        .filter(|e| Some(e.section) == first_review && has_figure(e))
        .take(KEY_FIGURES)
        .map(|e| e.id.clone())
        .collect()
}

/// Example questions from different sections, for /start and /help.
pub fn examples(kb: &KnowledgeBase) -> Vec<Suggestion> {
    let mut out: Vec<Suggestion> = Vec::new();
    for e in kb
        .entries
        .iter()
        .filter(|e| e.year.is_some() && has_figure(e))
    {
        if out
            .iter()
            .any(|s| kb.entry(&s.entry).is_some_and(|x| x.section == e.section))
        {
            continue;
        }
        out.push(Suggestion::from(e));
        if out.len() == EXAMPLES {
            break;
        }
    }
    out
}

/// `/sections`.
pub fn sections(kb: &KnowledgeBase) -> String {
    let lines: Vec<String> = kb
        .report
        .sections
        .iter()
        .map(|s| format!("{} {}", code_inline(&s.id), escape(&s.title)))
        .collect();
    format!("{}\n{}", escape(texts::SECTIONS_HEADER), lines.join("\n"))
}

/// The section a `/section` argument names: by id, or by its exact title.
fn named_section<'a>(kb: &'a KnowledgeBase, typed: &str) -> Option<(usize, &'a Section)> {
    kb.report
        .sections
        .iter()
        .enumerate()
        .find(|(_, s)| s.id.eq_ignore_ascii_case(typed) || s.title == typed)
}

/// The section a mistyped `/section` argument most likely means: the nearest id within
/// [`SECTION_ID_EDITS`], else the most alike title of at least [`SECTION_TITLE_LIKENESS`].
pub fn nearest_section<'a>(kb: &'a KnowledgeBase, typed: &str) -> Option<&'a Section> {
    let typed_id = typed.to_ascii_lowercase();
    let by_id = kb
        .report
        .sections
        .iter()
        .map(|s| (strsim::damerau_levenshtein(&typed_id, &s.id), s))
        .filter(|(d, _)| *d <= SECTION_ID_EDITS)
        .min_by_key(|(d, _)| *d)
        .map(|(_, s)| s);
    by_id.or_else(|| {
        kb.report
            .sections
            .iter()
            .map(|s| (strsim::normalized_levenshtein(typed, &s.title), s))
            .filter(|(likeness, _)| *likeness >= SECTION_TITLE_LIKENESS)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, s)| s)
    })
}

/// `/section <id or title>`: the section's headline figures (its entries with figures, or all
/// its entries when none has one). An unknown id gets the nearest section's id, if one is close.
pub fn section(kb: &KnowledgeBase, typed: &str) -> String {
    let Some((index, s)) = named_section(kb, typed) else {
        let shown = trim_echo(typed, ECHO_LIMIT);
        let text = match nearest_section(kb, typed) {
            Some(near) => texts::no_such_section_did_you_mean(&shown, &near.id, &near.title),
            None => texts::no_such_section(&shown),
        };
        return escape(&text);
    };
    let entries: Vec<&Entry> = kb.entries.iter().filter(|e| e.section == index).collect();
    let with_figures: Vec<&Entry> = entries.iter().copied().filter(|e| has_figure(e)).collect();
    let shown = if with_figures.is_empty() {
        entries
    } else {
        with_figures
    };
    let lines: Vec<String> = shown
        .iter()
        .take(SECTION_LINES)
        .map(|e| format!("• {}", bold_figures(&e.answer)))
        .collect();
    format!("{}\n{}", bold(&escape(&s.title)), lines.join("\n"))
}

/// `/figures`: the key figures.
pub fn figures(kb: &KnowledgeBase) -> String {
    let lines: Vec<String> = key_entries(kb)
        .iter()
        .filter_map(|id| kb.entry(id))
        .map(|e| format!("• {}", bold_figures(&e.answer)))
        .collect();
    format!("{}\n{}", escape(texts::FIGURES_HEADER), lines.join("\n"))
}

/// `/about`: the report's title, date, source and meeting (its first lines).
pub fn about(kb: &KnowledgeBase) -> String {
    let head: Vec<String> = kb
        .report
        .text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(ABOUT_LINES)
        .map(escape)
        .collect();
    format!("{}\n\n{}", head.join("\n"), escape(texts::ABOUT_FOOTER))
}
