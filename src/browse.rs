//! Browsing the report: the section list, one section's figures, the key figures and the report's
//! own lines — the content of `/sections`, `/section`, `/figures` and `/about`, computed once
//! from the knowledge base and rendered by each side (HTML in the bot, plain text on the console),
//! so the two can never list different things.
//!
//! A *figure* is a number of a quotation other than a year (`1970.1亿元`, not `2022年`): an
//! overview sentence ("经济大盘稳进提质") is not a figure and never listed.

use std::ops::Range;

use crate::bot::format::Style;
use crate::bot::texts;
use crate::knowledge::{Entry, KnowledgeBase, figures};

/// One line of a figure listing: a statement and the entry (if any) that answers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureLine {
    /// The entry's answer line, or the report sentence holding figures no answer line states.
    pub text: String,
    /// The entry it comes from, for a "tell me more" button.
    pub entry: Option<String>,
}

/// A section's figures, in report order, each stated once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionFigures {
    /// Index into the report's sections.
    pub section: usize,
    /// `2022年工作回顾 · 经济大盘稳进提质`.
    pub title: String,
    /// The lines; empty when the section gives no figure.
    pub lines: Vec<FigureLine>,
}

/// What a `/section` argument names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SectionPick {
    /// No argument: show the list.
    List,
    /// One section (index into the report's sections).
    One(usize),
    /// Nothing matches the argument.
    Unknown,
}

/// The non-year figures of a text, as written (`1970.1亿元`).
pub fn figure_texts(text: &str) -> Vec<&str> {
    figures::figures(text)
        .into_iter()
        .filter(|f| !f.is_year())
        .map(|f| f.text)
        .collect()
}

/// Does an entry's answer line state a figure (a year alone does not count)?
pub fn states_figure(e: &Entry) -> bool {
    !figure_texts(&e.answer).is_empty()
}

/// A section's title as listed and cited: with its part's title when it has one.
pub fn section_title(kb: &KnowledgeBase, index: usize) -> String {
    let s = &kb.report.sections[index];
    match s.part.and_then(|p| kb.report.parts.get(p)) {
        Some(part) => format!("{} · {}", part.title, s.title),
        None => s.title.clone(),
    }
}

/// The sections as `/sections` numbers them (1-based): `(number, index, title)`.
pub fn sections(kb: &KnowledgeBase) -> Vec<(usize, usize, String)> {
    (0..kb.report.sections.len())
        .map(|i| (i + 1, i, section_title(kb, i)))
        .collect()
}

/// Reads a `/section` argument: its number in [`sections`], its id, or words of its title
/// (the first section whose title holds them all).
pub fn pick_section(kb: &KnowledgeBase, arg: &str) -> SectionPick {
    let arg = arg.trim();
    if arg.is_empty() {
        return SectionPick::List;
    }
    let sections = &kb.report.sections;
    if let Ok(n) = arg.parse::<usize>() {
        return match n.checked_sub(1).filter(|&i| i < sections.len()) {
            Some(i) => SectionPick::One(i),
            None => SectionPick::Unknown,
        };
    }
    if let Some(i) = sections.iter().position(|s| s.id.eq_ignore_ascii_case(arg)) {
        return SectionPick::One(i);
    }
    let words: Vec<&str> = arg.split_whitespace().collect();
    let found = (0..sections.len()).find(|&i| {
        let title = section_title(kb, i);
        words.iter().all(|w| title.contains(w))
    });
    found.map_or(SectionPick::Unknown, SectionPick::One)
}

/// A section's figures: each entry's answer line that states a figure not listed yet, then the
/// report sentences of the section holding figures still unstated — so every figure of the
/// section appears, and none twice.
pub fn section_figures(kb: &KnowledgeBase, index: usize) -> SectionFigures {
    // what is stated so far: the report span a line is about and its figures; a figure counts
    // as stated only for the same passage (`5家` of one sentence is not `5家` of another)
    let mut stated: Vec<(Range<usize>, Vec<&str>)> = Vec::new();
    let is_new = |stated: &[(Range<usize>, Vec<&str>)], span: &Range<usize>, figs: &[&str]| {
        figs.iter().any(|f| {
            !stated
                .iter()
                .any(|(s, said)| s.start < span.end && span.start < s.end && said.contains(f))
        })
    };
    let mut lines = Vec::new();
    for e in kb.entries.iter().filter(|e| e.section == index) {
        let figs = figure_texts(&e.answer);
        let span = e.quote_at..e.quote_at + e.quote.len();
        if is_new(&stated, &span, &figs) {
            stated.push((span, figs));
            lines.push(FigureLine {
                text: e.answer.clone(),
                entry: Some(e.id.clone()),
            });
        }
    }
    let report = &kb.report;
    for sentence in report.sentences.iter().filter(|s| s.section == index) {
        let text = report.sentence_text(sentence);
        let figs = figure_texts(text);
        if is_new(&stated, &sentence.span, &figs) {
            // the entry quoting it, if one does, answers a button press on this line
            let entry = kb
                .entries
                .iter()
                .find(|e| {
                    e.quote_at < sentence.span.end
                        && sentence.span.start < e.quote_at + e.quote.len()
                })
                .map(|e| e.id.clone());
            stated.push((sentence.span.clone(), figs));
            lines.push(FigureLine {
                text: text.trim().to_string(),
                entry,
            });
        }
    }
    SectionFigures {
        section: index,
        title: section_title(kb, index),
        lines,
    }
}

/// `/figures`: the figures of every section with a year of the first part (the review), each
/// section's in turn; sections without figures are left out.
pub fn key_figures(kb: &KnowledgeBase) -> Vec<SectionFigures> {
    let first_part = kb
        .report
        .sections
        .iter()
        .find(|s| s.year.is_some())
        .and_then(|s| s.part);
    (0..kb.report.sections.len())
        .filter(|&i| {
            let s = &kb.report.sections[i];
            s.year.is_some() && s.part == first_part
        })
        .map(|i| section_figures(kb, i))
        .filter(|s| !s.lines.is_empty())
        .collect()
}

/// Entries that state a figure, from different sections, for example buttons: one per section,
/// at most `n`, the figure sections of the first part first.
pub fn example_entries(kb: &KnowledgeBase, n: usize) -> Vec<&Entry> {
    let mut out: Vec<&Entry> = Vec::new();
    for e in kb
        .entries
        .iter()
        .filter(|e| e.year.is_some() && states_figure(e))
    {
        if out.iter().any(|x| x.section == e.section) {
            continue;
        }
        out.push(e);
        if out.len() == n {
            break;
        }
    }
    out
}

/// The report's first lines: title, date, meeting (what `/about` shows).
pub fn about_lines(kb: &KnowledgeBase) -> Vec<&str> {
    kb.report
        .text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(5)
        .collect()
}

/// Lines of a listing rendered in a style: figures marked by `style.line`.
fn render_lines(lines: &[FigureLine], style: &Style) -> String {
    lines
        .iter()
        .map(|l| format!("• {}", (style.line)(&l.text)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `/sections` in a style: one numbered line per section.
pub fn render_sections(kb: &KnowledgeBase, style: &Style) -> String {
    let lines: Vec<String> = sections(kb)
        .into_iter()
        .map(|(n, i, title)| {
            format!(
                "{n}. {} ({})",
                (style.text)(&title),
                (style.text)(&kb.report.sections[i].id)
            )
        })
        .collect();
    format!(
        "{}\n{}",
        (style.text)(texts::SECTIONS_HEADING),
        lines.join("\n")
    )
}

/// One section's figures in a style (a heading, then one line per figure statement).
pub fn render_section(figures: &SectionFigures, style: &Style) -> String {
    let heading = (style.heading)(&figures.title);
    if figures.lines.is_empty() {
        return format!(
            "{heading}\n{}",
            (style.text)(texts::SECTION_WITHOUT_FIGURES)
        );
    }
    format!("{heading}\n{}", render_lines(&figures.lines, style))
}

/// The most a mistyped section id may be off by (edits) and still be suggested.
pub const SECTION_ID_EDITS: usize = 2;

/// How alike (normalised Levenshtein, 0..=1) a mistyped title must be to a section's title to
/// be suggested.
pub const SECTION_TITLE_LIKENESS: f64 = 0.5;

/// The section a mistyped `/section` argument most likely means: the nearest id within
/// [`SECTION_ID_EDITS`], else the most alike title of at least [`SECTION_TITLE_LIKENESS`].
pub fn nearest_section(kb: &KnowledgeBase, typed: &str) -> Option<usize> {
    let typed_id = typed.to_ascii_lowercase();
    let sections = &kb.report.sections;
    let by_id = (0..sections.len())
        .map(|i| (strsim::damerau_levenshtein(&typed_id, &sections[i].id), i))
        .filter(|(d, _)| *d <= SECTION_ID_EDITS)
        .min()
        .map(|(_, i)| i);
    by_id.or_else(|| {
        (0..sections.len())
            .map(|i| (strsim::normalized_levenshtein(typed, &sections[i].title), i))
            .filter(|(likeness, _)| *likeness >= SECTION_TITLE_LIKENESS)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, i)| i)
    })
}

/// `/section` with an argument that names no section, in a style: the nearest section when
/// one is close, else where to look. `echo` is the argument as the reply may repeat it
/// (trimmed by the caller to its medium's echo limit).
pub fn render_unknown_section(
    kb: &KnowledgeBase,
    typed: &str,
    echo: &str,
    style: &Style,
) -> String {
    let text = match nearest_section(kb, typed.trim()) {
        Some(i) => {
            let s = &kb.report.sections[i];
            texts::no_such_section_did_you_mean(echo, &s.id, &s.title)
        }
        None => texts::no_such_section(echo),
    };
    (style.text)(&text)
}

/// `/figures` in a style: each review section's figures, blocks separated by a blank line.
pub fn render_key_figures(kb: &KnowledgeBase, style: &Style) -> String {
    let blocks: Vec<String> = key_figures(kb)
        .iter()
        .map(|f| render_section(f, style))
        .collect();
    format!(
        "{}\n\n{}",
        (style.text)(texts::KEY_FIGURES_HEADING),
        blocks.join("\n\n")
    )
}

/// `/about` in a style.
pub fn render_about(kb: &KnowledgeBase, style: &Style) -> String {
    let head: Vec<String> = about_lines(kb).into_iter().map(style.text).collect();
    format!(
        "{}\n\n{}",
        head.join("\n"),
        (style.text)(texts::ABOUT_PROMISE)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_are_not_figures() {
        assert_eq!(
            figure_texts("2022年西湖区实现地区生产总值1970.1亿元。"),
            ["1970.1亿元"]
        );
        assert!(figure_texts("2022年西湖区经济大盘稳进提质。").is_empty());
    }
}
