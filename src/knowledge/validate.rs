//! Validation: raw files checked against the report and each other, every problem collected
//! with its file and line.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use super::error::line_of;
use super::load::{SourceFile, is_valid_id, parse};
use super::raw::{RawEntryFile, RawGoldenFile, RawSectionsFile, RawSynonymFile};
use super::{
    DictWord, Entry, Golden, Report, ReportPart, Section, Sentence, SynonymGroup, ValidationError,
    figures, split_sentences,
};

pub(super) fn build_report(
    report: &SourceFile,
    sections: &SourceFile,
    errors: &mut Vec<ValidationError>,
) -> Option<Report> {
    let text = report.text.clone();
    if text.trim().is_empty() {
        errors.push(ValidationError::file(
            &report.path,
            None,
            "report is empty; copy the report text here",
        ));
        return None;
    }
    let raw: RawSectionsFile = parse(sections, errors)?;
    let mut starts = Vec::new();
    let mut seen = HashSet::new();
    for s in &raw.section {
        let line = Some(line_of(&sections.text, s.id.span().start));
        let id = s.id.get_ref();
        if !is_valid_id(id) {
            errors.push(ValidationError::item(
                &sections.path,
                line,
                id,
                "id must be lower-case kebab-case (a-z, 0-9, -)",
            ));
        }
        if !seen.insert(id.clone()) {
            errors.push(ValidationError::item(
                &sections.path,
                line,
                id,
                "duplicate section id; give each section its own id",
            ));
        }
        // a section starts at the beginning of a paragraph, after the previous section's start
        // (a phrase that also opens an earlier paragraph is not ambiguous, and each search is short)
        let from = starts.last().map_or(0, |&(at, _)| at + 1);
        let start = s.start.get_ref().as_str();
        let line = Some(line_of(&sections.text, s.start.span().start));
        if start.is_empty() {
            errors.push(ValidationError::item(
                &sections.path,
                line,
                id,
                "field \"start\" is empty",
            ));
            continue;
        }
        match paragraph_start(&report.text, start, from) {
            Some(at) => starts.push((at, s)),
            None if paragraph_start(&report.text, start, 0).is_some() => {
                errors.push(ValidationError::item(
                    &sections.path,
                    line,
                    id,
                    "section is out of reading order: its paragraph comes before the previous section's; list sections as they appear in the report",
                ));
            }
            None => errors.push(ValidationError::item(
                &sections.path,
                line,
                id,
                "field \"start\" does not begin any paragraph of report.txt; copy the paragraph's first words",
            )),
        }
    }
    if starts.len() != raw.section.len() {
        return None;
    }
    if starts.is_empty() {
        errors.push(ValidationError::file(
            &sections.path,
            None,
            "no sections; add [[section]] tables",
        ));
        return None;
    }
    // the first section also takes anything before its start, the last one runs to the end
    let parts: Vec<ReportPart> = raw
        .part
        .iter()
        .map(|p| ReportPart {
            title: p.title.get_ref().trim().to_string(),
            year: p.year,
        })
        .collect();
    for p in &raw.part {
        if !text.contains(p.title.get_ref().trim()) {
            errors.push(ValidationError::file(
                &sections.path,
                Some(line_of(&sections.text, p.title.span().start)),
                format!(
                    "part title {:?} is not in report.txt; copy the heading exactly",
                    p.title.get_ref()
                ),
            ));
        }
    }
    let mut sections_out = Vec::new();
    for (k, (at, s)) in starts.iter().enumerate() {
        let part = s.part.as_ref().and_then(|name| {
            let found = parts.iter().position(|p| &p.title == name.get_ref());
            if found.is_none() {
                errors.push(ValidationError::item(
                    &sections.path,
                    Some(line_of(&sections.text, name.span().start)),
                    s.id.get_ref(),
                    format!(
                        "unknown part {:?}; use the title of a [[part]]",
                        name.get_ref()
                    ),
                ));
            }
            found
        });
        let begin = if k == 0 { 0 } else { *at };
        let end = starts.get(k + 1).map_or(text.len(), |n| n.0);
        sections_out.push(Section {
            id: s.id.get_ref().clone(),
            title: s.title.clone(),
            year: s.year,
            span: begin..end,
            part,
        });
    }
    // sentences and sections are both in reading order: walk them together
    let mut section = 0;
    let sentences = split_sentences(&text)
        .into_iter()
        .map(|span| {
            while section + 1 < sections_out.len() && span.start >= sections_out[section].span.end {
                section += 1;
            }
            Sentence { span, section }
        })
        .collect();
    Some(Report {
        text,
        sections: sections_out,
        parts,
        sentences,
    })
}

/// Where `start` first begins a paragraph (after a newline and indentation) at or after `from`.
fn paragraph_start(text: &str, start: &str, from: usize) -> Option<usize> {
    let from = (from..=text.len()).find(|&i| text.is_char_boundary(i))?;
    text[from..]
        .match_indices(start)
        .map(|(i, _)| from + i)
        .find(|&i| {
            let before = text[..i].trim_end_matches([' ', '\u{3000}', '\t']);
            before.is_empty() || before.ends_with('\n')
        })
}

/// Each file parsed as `T`, with the file; a file that does not parse is left out and its
/// error collected.
fn parse_each<'a, T: serde::de::DeserializeOwned>(
    files: &'a [SourceFile],
    errors: &mut Vec<ValidationError>,
) -> Vec<(&'a SourceFile, T)> {
    files
        .iter()
        .filter_map(|file| parse::<T>(file, errors).map(|raw| (file, raw)))
        .collect()
}

pub(super) fn build_entries(
    report: &Report,
    files: &[SourceFile],
    errors: &mut Vec<ValidationError>,
) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    for (file, raw) in parse_each::<RawEntryFile>(files, errors) {
        for e in raw.entry {
            let id = e.id.get_ref().clone();
            let line_at = |offset: usize| Some(line_of(&file.text, offset));
            let err = |offset: usize, msg: String| {
                ValidationError::item(&file.path, line_at(offset), &id, msg)
            };
            let before = errors.len();
            if !is_valid_id(&id) {
                errors.push(err(
                    e.id.span().start,
                    "id must be lower-case kebab-case (a-z, 0-9, -)".into(),
                ));
            }
            if let Some(first) = seen.insert(id.clone(), file.path.clone()) {
                errors.push(err(
                    e.id.span().start,
                    format!(
                        "duplicate entry id (also in {}); rename one",
                        first.display()
                    ),
                ));
            }
            let section = report
                .sections
                .iter()
                .position(|s| &s.id == e.section.get_ref());
            if section.is_none() {
                errors.push(err(
                    e.section.span().start,
                    format!(
                        "unknown section {:?}; use an id from sections.toml",
                        e.section.get_ref()
                    ),
                ));
            }
            let questions: Vec<String> = e
                .questions
                .get_ref()
                .iter()
                .map(|q| q.trim().to_string())
                .filter(|q| !q.is_empty())
                .collect();
            if questions.is_empty() {
                errors.push(err(
                    e.questions.span().start,
                    "field \"questions\" is empty; add how people ask".into(),
                ));
            }
            let answer = e.answer.get_ref().trim().to_string();
            if answer.is_empty() {
                errors.push(err(
                    e.answer.span().start,
                    "field \"answer\" is empty; add text or remove the entry".into(),
                ));
            }
            let quote = e.quote.get_ref().clone();
            // the quote's own section first: one short search per entry, however big the report
            let in_section = section.and_then(|s| {
                let span = report.sections[s].span.clone();
                report.text[span.clone()]
                    .find(quote.as_str())
                    .filter(|_| !quote.is_empty())
                    .map(|at| span.start + at)
            });
            let occurrences = match in_section {
                Some(at) => vec![at],
                None => report.find_all(&quote),
            };
            let quote_at = match (occurrences.first(), section) {
                (None, _) => {
                    errors.push(err(
                        e.quote.span().start,
                        "quote is not a verbatim substring of report.txt; copy it from the report exactly".into(),
                    ));
                    None
                }
                (Some(_), Some(s)) => {
                    let inside = occurrences
                        .iter()
                        .copied()
                        .find(|&at| report.sections[s].span.contains(&at));
                    if inside.is_none() {
                        let actual = report
                            .section_at(occurrences[0])
                            .map_or("?", |i| &report.sections[i].id);
                        errors.push(err(
                            e.section.span().start,
                            format!(
                                "quote is in section {actual:?}, not {:?}; fix \"section\"",
                                e.section.get_ref()
                            ),
                        ));
                    }
                    inside
                }
                (Some(_), None) => None,
            };
            for fig in figures::figures(&answer) {
                // a year may come from the report's context ("2022年…") rather than the quote
                let stated =
                    quote.contains(fig.number) || (fig.is_year() && report.text.contains(fig.text));
                if !stated {
                    errors.push(err(
                        e.answer.span().start,
                        format!("answer states {} but the quote does not contain {}; state only figures from the quote", fig.text, fig.number),
                    ));
                }
            }
            let answer_en = e.answer_en.as_ref().map(|a| a.get_ref().trim().to_string());
            if let (Some(en), Some(spanned)) = (&answer_en, &e.answer_en) {
                let at = spanned.span().start;
                if let Some(problem) = english_problem(en, &quote, &report.text) {
                    errors.push(err(at, problem));
                }
            }
            let items_at = e
                .items
                .as_ref()
                .map_or(e.id.span().start, |i| i.span().start);
            let items: Vec<String> = e
                .items
                .as_ref()
                .map(|i| i.get_ref().iter().map(|i| i.trim().to_string()).collect())
                .unwrap_or_default();
            if let Some(item) = items
                .iter()
                .find(|i| i.is_empty() || !quote.contains(i.as_str()))
            {
                errors.push(err(
                    items_at,
                    format!(
                        "item {item:?} is not in the quote; each item must be copied from the quote"
                    ),
                ));
            }
            if items.len() == 1 {
                errors.push(err(
                    items_at,
                    "a list needs two or more items; drop \"items\" for a single fact".into(),
                ));
            }
            if errors.len() > before {
                continue;
            }
            let (Some(section), Some(quote_at)) = (section, quote_at) else {
                continue;
            };
            out.push(Entry {
                id,
                section,
                year: report.sections[section].year,
                indicator: e.indicator.filter(|i| !i.trim().is_empty()),
                questions,
                keywords: e
                    .keywords
                    .into_iter()
                    .map(|k| k.trim().to_string())
                    .filter(|k| !k.is_empty())
                    .collect(),
                answer,
                answer_en,
                items,
                quote,
                quote_at,
                draft: e.draft,
            });
        }
    }
    out
}

/// What is wrong with a curated English answer line, if anything: it must be non-empty, free
/// of Chinese (the quotation below it carries the Chinese), and state only numbers of the
/// quote — as written (`99.65%`), scaled (`197.01 billion` for `1970.1亿`, `37 thousand` for
/// `3.7万`) — or a year the report names.
fn english_problem(en: &str, quote: &str, report: &str) -> Option<String> {
    if en.is_empty() {
        return Some(
            "field \"answer_en\" is empty; write the English line or remove the field".into(),
        );
    }
    if let Some(c) = en.chars().find(|&c| is_han(c)) {
        return Some(format!(
            "answer_en has Chinese ({c:?}); write it in English, the quotation stays Chinese"
        ));
    }
    // the quote's figures as amounts in base units (1970.1亿元 → 1.9701e11)
    let amounts: Vec<f64> = figures::figures(quote)
        .iter()
        .filter_map(|f| {
            let n: f64 = f.number.parse().ok()?;
            let unit = &f.text[f.number.len()..];
            let scale = figures::unit_at(unit, |u| u.scale != 1.0).map_or(1.0, |u| u.scale);
            Some(n * scale)
        })
        .collect();
    for (number, rest) in english_numbers(en) {
        let literal = quote.contains(number)
            || (number.len() == 4 && report.contains(&format!("{number}年")));
        let scale = [("billion", 1e9), ("million", 1e6), ("thousand", 1e3)]
            .into_iter()
            .find(|(w, _)| rest.trim_start().starts_with(w))
            .map_or(1.0, |(_, s)| s);
        let scaled = number.parse::<f64>().ok().is_some_and(|n| {
            amounts
                .iter()
                .any(|&a| (n * scale - a).abs() <= a.abs() * 1e-9)
        });
        if !literal && !scaled {
            return Some(format!(
                "answer_en states {number} but the quote has no such figure; state only figures from the quote (scaled to thousand, million or billion where it reads better)"
            ));
        }
    }
    None
}

/// Is `c` a Chinese character (CJK ideographs, extension A, compatibility ideographs)?
fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// The numbers of an English line (digits with a decimal point; `1,813` is two numbers, so
/// write `1813`), each with the text after it.
fn english_numbers(en: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let bytes = en.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_digit()
                    || (bytes[i] == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)))
            {
                i += 1;
            }
            out.push((&en[start..i], &en[i..]));
        } else {
            i += 1;
        }
    }
    out
}

pub(super) fn build_synonyms(
    files: &[SourceFile],
    errors: &mut Vec<ValidationError>,
) -> Vec<SynonymGroup> {
    let mut out = Vec::new();
    let mut owner: HashMap<String, String> = HashMap::new();
    for (file, raw) in parse_each::<RawSynonymFile>(files, errors) {
        for g in raw.group {
            let line = Some(line_of(&file.text, g.terms.span().start));
            let terms: Vec<String> = g
                .terms
                .get_ref()
                .iter()
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect();
            let name = terms.first().cloned().unwrap_or_default();
            if terms.len() < 2 {
                errors.push(ValidationError::item(
                    &file.path,
                    line,
                    &name,
                    "synonym group needs at least two terms",
                ));
                continue;
            }
            let mut ok = true;
            for t in &terms {
                let key = t.to_lowercase();
                if let Some(other) = owner.get(&key).filter(|o| **o != name) {
                    errors.push(ValidationError::item(
                        &file.path,
                        line,
                        &name,
                        format!("term {t:?} is also in the group of {other:?}; a term belongs to one group"),
                    ));
                    ok = false;
                }
                owner.insert(key, name.clone());
            }
            if ok {
                out.push(SynonymGroup { terms });
            }
        }
    }
    out
}

pub(super) fn build_golden(
    files: &[SourceFile],
    entries: &[Entry],
    errors: &mut Vec<ValidationError>,
) -> Vec<Golden> {
    let ids: HashSet<&str> = entries.iter().map(|e| e.id.as_str()).collect();
    let mut out = Vec::new();
    for (file, raw) in parse_each::<RawGoldenFile>(files, errors) {
        for g in raw.golden {
            let line = line_of(&file.text, g.question.span().start);
            let expect = (g.expect != "none").then(|| g.expect.clone());
            if let Some(id) = &expect
                && !ids.contains(id.as_str())
                && !entries.is_empty()
            {
                errors.push(ValidationError::item(
                    &file.path,
                    Some(line),
                    id,
                    "golden question expects an unknown entry id",
                ));
                continue;
            }
            out.push(Golden {
                question: g.question.into_inner(),
                expect,
                origin: format!("{}:{line}", file.path.display()),
            });
        }
    }
    out
}

pub(super) fn parse_dict(file: &SourceFile, errors: &mut Vec<ValidationError>) -> Vec<DictWord> {
    let mut out = Vec::new();
    for (n, line) in file.text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split_whitespace();
        let word = parts.next().unwrap_or_default().to_string();
        let freq = match parts.next().map(str::parse::<usize>) {
            None => None,
            Some(Ok(f)) => Some(f),
            Some(Err(_)) => {
                errors.push(ValidationError::file(
                    &file.path,
                    Some(n + 1),
                    "frequency is not a whole number; write `word freq [tag]`",
                ));
                continue;
            }
        };
        out.push(DictWord { word, freq });
    }
    out
}
