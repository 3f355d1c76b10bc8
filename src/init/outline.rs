//! Sections from the report's own headings: top-level parts (`一、…`, or a short line such as
//! `2023年重点工作`) and the numbered items inside them (`(一)…`, `1.…`, or paragraphs that open
//! with the same words, `这一年,我们…`). Everything before the first heading is the front matter.

use std::collections::HashMap;

use super::text::{Paragraph, chars, cn_number, is_cn_digit, prefix, unspaced};
use super::years::{PartKind, part_kind_in, part_year, report_year};

/// A top-level part of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The heading line, as the report writes it.
    pub title: String,
    /// What it is about.
    pub kind: PartKind,
    /// The year its figures describe.
    pub year: Option<u16>,
}

/// A detected section: where it starts, its title and year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionDraft {
    /// Stable id (`intro`, `review`, `review-1`, `plan-3`, `part-3`…).
    pub id: String,
    /// Readable title.
    pub title: String,
    /// The year its figures describe.
    pub year: Option<u16>,
    /// Index of its first paragraph.
    pub paragraph: usize,
    /// The words it starts with (a prefix of that paragraph).
    pub start: String,
    /// Index into [`Outline::parts`] of the part it is numbered in.
    pub part: Option<usize>,
}

/// The report's parts and sections, and its own year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    /// The report's year (the plan year).
    pub year: Option<u16>,
    /// Top-level parts.
    pub parts: Vec<Part>,
    /// Sections in reading order, the front matter first.
    pub sections: Vec<SectionDraft>,
}

/// Longest heading line taken as a top-level part.
const MAX_PART_CHARS: usize = 40;
/// Longest line without `一、` taken as a part heading (`2023年重点工作`).
const MAX_BARE_PART_CHARS: usize = 20;
/// How many paragraphs must open with the same words to count as numbered items.
const MIN_OPENER_REPEATS: usize = 3;
/// Longest opener (`这一年`, `过去一年`) of repeated paragraphs.
const MAX_OPENER_CHARS: usize = 6;
/// Characters of a paragraph kept as a section's `start`.
const START_CHARS: usize = 16;
/// Words that open the plan's or review's running text, never a heading of its own.
const BARE_PART_WORDS: &[&str] = &[
    "工作回顾",
    "工作安排",
    "重点工作",
    "主要任务",
    "工作任务",
    "主要工作",
    "总体要求",
    "目标任务",
];

/// `一、…`: a Chinese numeral and `、` (the numeral's value).
pub fn cn_numbered(text: &str) -> Option<usize> {
    let head: String = text.chars().take_while(|&c| is_cn_digit(c)).collect();
    let rest = &text[head.len()..];
    (!head.is_empty() && rest.starts_with('、'))
        .then(|| cn_number(&head))
        .flatten()
}

/// `(一)…` or `（一）…`: a parenthesised Chinese numeral (the numeral's value).
pub fn paren_numbered(text: &str) -> Option<usize> {
    let rest = text.strip_prefix(['(', '（'])?;
    let head: String = rest.chars().take_while(|&c| is_cn_digit(c)).collect();
    let after = &rest[head.len()..];
    (!head.is_empty() && after.starts_with([')', '）']))
        .then(|| cn_number(&head))
        .flatten()
}

/// `1.…`, `1、…` or `1．…`: an Arabic number and a stop (the number).
pub fn arabic_numbered(text: &str) -> Option<usize> {
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    let rest = &text[digits.len()..];
    // "1.5亿" is a number, not "1." and a heading
    let stop = rest
        .strip_prefix(['.', '、', '．'])
        .is_some_and(|after| !after.starts_with(char::is_numeric));
    (!digits.is_empty() && digits.len() <= 2 && stop)
        .then(|| digits.parse().ok())
        .flatten()
}

/// The words a paragraph opens with, up to its first comma, if short (`这一年`).
fn opener(text: &str) -> Option<&str> {
    let end = text.find([',', '，'])?;
    let head = &text[..end];
    (chars(head) >= 2 && chars(head) <= MAX_OPENER_CHARS && !head.contains("代表")).then_some(head)
}

/// Is this paragraph a top-level part heading?
pub(crate) fn is_part_heading(text: &str) -> bool {
    let head = text.trim_end_matches(['。', ':', '：']);
    let numbered = cn_numbered(head).is_some() && chars(head) <= MAX_PART_CHARS;
    let bare = chars(head) <= MAX_BARE_PART_CHARS
        && !head.contains([',', '，', '。', ';', '；'])
        && BARE_PART_WORDS.iter().any(|w| head.contains(w));
    numbered || bare
}

/// The title of a numbered item: a heading line whole, else its first sentence (for a repeated
/// opener such as `这一年,我们…,经济大盘稳进提质。`, the sentence's last clause).
fn item_title(text: &str, by_opener: bool) -> String {
    let first = text
        .split_inclusive(['。', '；', ';', '！', '？'])
        .next()
        .unwrap_or(text);
    let first = first.trim_end_matches(['。', '；', ';', '！', '？', ':', '：']);
    if by_opener {
        let last = first.rsplit([',', '，']).next().unwrap_or(first);
        return last.to_string();
    }
    first.to_string()
}

/// Detects the outline of a report from its paragraphs.
pub fn outline(paragraphs: &[Paragraph<'_>]) -> Outline {
    let year = report_year(paragraphs);
    let mut openers: HashMap<&str, usize> = HashMap::new();
    for p in paragraphs {
        if let Some(o) = opener(p.text) {
            *openers.entry(o).or_default() += 1;
        }
    }
    let repeated = |p: &Paragraph<'_>| {
        opener(p.text).is_some_and(|o| openers.get(o).copied().unwrap_or(0) >= MIN_OPENER_REPEATS)
    };
    let has_paren = paragraphs
        .iter()
        .filter(|p| paren_numbered(p.text).is_some())
        .count()
        >= 2;
    let has_opener = paragraphs.iter().any(repeated);
    let item = |p: &Paragraph<'_>| -> Option<bool> {
        if paren_numbered(p.text).is_some() {
            Some(false)
        } else if repeated(p) {
            Some(true)
        } else if !has_paren && !has_opener && arabic_numbered(p.text).is_some() {
            Some(false)
        } else {
            None
        }
    };

    let mut parts: Vec<Part> = Vec::new();
    // a report that opens on its first part heading ("一、2019年工作回顾", with no title or
    // greeting before it: 容城 2015 and 2020) has no intro; that heading starts a part
    let opens_on_part = paragraphs.first().is_some_and(|p| is_part_heading(p.text));
    let mut sections = if opens_on_part {
        Vec::new()
    } else {
        vec![SectionDraft {
            id: "intro".into(),
            title: paragraphs
                .first()
                .map_or_else(String::new, |p| unspaced(&item_title(p.text, false))),
            year: None,
            paragraph: 0,
            start: paragraphs
                .first()
                .map_or_else(String::new, |p| prefix(p.text, START_CHARS).to_string()),
            part: None,
        }]
    };
    let mut part_ids: Vec<String> = Vec::new();
    let mut bases: HashMap<&str, usize> = HashMap::new();
    let mut items: HashMap<String, usize> = HashMap::new();
    let first = usize::from(!opens_on_part);
    for (i, p) in paragraphs.iter().enumerate().skip(first) {
        let start = prefix(p.text, START_CHARS).to_string();
        if is_part_heading(p.text) {
            let title = p.text.trim_end_matches(['。', ':', '：']).to_string();
            let kind = part_kind_in(&title, year);
            let previous = parts.last().and_then(|p| p.year);
            let part_year = part_year(&title, kind, year, previous);
            let base = match kind {
                PartKind::Review => "review",
                PartKind::Plan => "plan",
                PartKind::Other => "part",
            };
            let n = bases.entry(base).or_default();
            *n += 1;
            let id = match *n {
                1 => base.to_string(),
                n => format!("{base}{n}"),
            };
            parts.push(Part {
                title: title.clone(),
                kind,
                year: part_year,
            });
            part_ids.push(id.clone());
            sections.push(SectionDraft {
                id,
                title,
                year: part_year,
                paragraph: i,
                start,
                part: None,
            });
        } else if let Some(by_opener) = item(p) {
            let part = parts.len().checked_sub(1);
            let base = part.map_or("section", |k| part_ids[k].as_str()).to_string();
            let n = items.entry(base.clone()).or_default();
            *n += 1;
            sections.push(SectionDraft {
                id: format!("{base}-{n}"),
                title: item_title(p.text, by_opener),
                year: part.map_or(year, |k| parts[k].year),
                paragraph: i,
                start,
                part,
            });
        }
    }
    // a part heading with no numbered items is one section, not an outline part
    let numbered: Vec<bool> = (0..parts.len())
        .map(|k| sections.iter().any(|s| s.part == Some(k)))
        .collect();
    let keep: Vec<usize> = (0..parts.len()).filter(|&k| numbered[k]).collect();
    let parts_out: Vec<Part> = keep.iter().map(|&k| parts[k].clone()).collect();
    for s in &mut sections {
        s.part = s.part.and_then(|k| keep.iter().position(|&kk| kk == k));
    }
    Outline {
        year,
        parts: parts_out,
        sections,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_headings_are_recognised() {
        assert_eq!(cn_numbered("二、2017年工作安排"), Some(2));
        assert_eq!(paren_numbered("(三)城乡建设呈现新面貌。"), Some(3));
        assert_eq!(paren_numbered("（十二）其他"), Some(12));
        assert_eq!(arabic_numbered("3.推进改革"), Some(3));
        assert_eq!(arabic_numbered("3.5亿元"), None);
        assert_eq!(cn_numbered("一是加强"), None);
    }

    #[test]
    fn titles_of_items() {
        assert_eq!(
            item_title("(一)经济实力迈上新台阶。2016年,…", false),
            "(一)经济实力迈上新台阶"
        );
        assert_eq!(
            item_title(
                "这一年,我们顶压前行、精准发力,经济大盘稳进提质。发展态势",
                true
            ),
            "经济大盘稳进提质"
        );
    }
}
