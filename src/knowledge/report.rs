//! The report text split into sections and sentences.

use std::ops::Range;

/// A section of the report: a contiguous range of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Stable id, e.g. `review-1`.
    pub id: String,
    /// Readable title, e.g. `经济大盘稳进提质`.
    pub title: String,
    /// The year its figures describe (2022 review, 2023 plan), if any.
    pub year: Option<u16>,
    /// Byte range of the section in the report text.
    pub span: Range<usize>,
    /// Index into [`Report::parts`] of the part the section is numbered in.
    pub part: Option<usize>,
}

/// A top-level part of the report, whose sections are its numbered items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportPart {
    /// The heading as the report writes it.
    pub title: String,
    /// The year the part's figures describe.
    pub year: Option<u16>,
}

/// One sentence of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte range in the report text (trimmed).
    pub span: Range<usize>,
    /// Index of the section it belongs to.
    pub section: usize,
}

/// The report: its text, sections and sentences.
#[derive(Debug, Clone)]
pub struct Report {
    /// The full text, exactly as in `report.txt`.
    pub text: String,
    /// Sections in reading order; together they cover the text.
    pub sections: Vec<Section>,
    /// Top-level parts, in reading order.
    pub parts: Vec<ReportPart>,
    /// Every sentence, in reading order.
    pub sentences: Vec<Sentence>,
}

impl Report {
    /// The text of a sentence.
    pub fn sentence_text(&self, sentence: &Sentence) -> &str {
        &self.text[sentence.span.clone()]
    }

    /// The section a byte offset falls in.
    pub fn section_at(&self, offset: usize) -> Option<usize> {
        self.sections.iter().position(|s| s.span.contains(&offset))
    }

    /// The sections numbered in part `part`, in reading order.
    pub fn part_sections(&self, part: usize) -> impl Iterator<Item = usize> + '_ {
        (0..self.sections.len()).filter(move |&s| self.sections[s].part == Some(part))
    }

    /// The years the sections describe, earliest first (the review year, then the plan year).
    pub fn years(&self) -> Vec<u16> {
        let mut years: Vec<u16> = self.sections.iter().filter_map(|s| s.year).collect();
        years.sort_unstable();
        years.dedup();
        years
    }

    /// Start offsets of every occurrence of `needle` in the text.
    pub fn find_all(&self, needle: &str) -> Vec<usize> {
        if needle.is_empty() {
            return Vec::new();
        }
        self.text.match_indices(needle).map(|(i, _)| i).collect()
    }
}

/// Splits `text` into trimmed sentences: a line break or `。！？；!?;` ends a sentence.
pub fn split_sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let end = match c {
            '\n' => Some(i),
            '。' | '！' | '？' | '；' | '!' | '?' | ';' => Some(i + c.len_utf8()),
            _ => None,
        };
        if let Some(end) = end {
            push_trimmed(text, start..end, &mut out);
            start = end;
        }
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let piece = &text[range.clone()];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        out.push(range.start + lead..range.end - trail);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_at_full_stops_and_lines() {
        let text = "标题\n\n  第一句。第二句,还有!\n最后";
        let got: Vec<&str> = split_sentences(text)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(got, ["标题", "第一句。", "第二句,还有!", "最后"]);
    }
}
