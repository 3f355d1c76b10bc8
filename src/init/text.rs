//! Text helpers for `init`: the report's line endings and BOM normalised (nothing else changed),
//! paragraphs with their offsets, and small character tests used by the detectors.

/// The report as `report.txt` holds it: a leading BOM dropped, CRLF and lone CR turned into LF,
/// one final newline. Nothing else changes, so every quotation stays verbatim.
pub fn normalise(raw: &str) -> String {
    let text = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    let mut out = text.replace("\r\n", "\n").replace('\r', "\n");
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// One non-empty line of the report: its text without the indentation, and where that text starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph<'a> {
    /// Byte offset of the first non-blank character in the report.
    pub at: usize,
    /// The line without leading and trailing blanks.
    pub text: &'a str,
}

/// A line with the blanks between two Han characters taken out, for a title written letter-
/// spaced ("政 府 工 作 报 告", as Hailar's reports write it, read 《政 府 工 作 报 告》 in the
/// title's answer line).
pub fn unspaced(line: &str) -> String {
    let cs: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    for (i, &c) in cs.iter().enumerate() {
        if INDENT.contains(&c) {
            let before = cs[..i].iter().rev().find(|c| !INDENT.contains(c));
            let after = cs[i + 1..].iter().find(|c| !INDENT.contains(c));
            if before.is_some_and(|&b| is_han(b)) && after.is_some_and(|&a| is_han(a)) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Blanks that indent a paragraph (the validator allows the same ones before a section's start).
pub const INDENT: &[char] = &[' ', '\u{3000}', '\t'];

/// The report's paragraphs (non-empty lines), in reading order.
pub fn paragraphs(text: &str) -> Vec<Paragraph<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        let body = line.trim_start_matches(INDENT);
        let lead = line.len() - body.len();
        let body = body.trim_end();
        if !body.is_empty() {
            out.push(Paragraph {
                at: offset + lead,
                text: body,
            });
        }
        offset += line.len() + 1;
    }
    out
}

/// Chinese numerals used in headings (一 … 十, 两, 〇).
pub fn is_cn_digit(c: char) -> bool {
    "一二三四五六七八九十〇两".contains(c)
}

/// A CJK ideograph.
pub fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// The first `n` characters of `s`.
pub fn prefix(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// The last `n` characters of `s`.
pub fn suffix(s: &str, n: usize) -> &str {
    let count = s.chars().count();
    if count <= n {
        return s;
    }
    let (i, _) = s.char_indices().nth(count - n).unwrap_or((0, ' '));
    &s[i..]
}

/// Number of characters.
pub fn chars(s: &str) -> usize {
    s.chars().count()
}

/// The value of a small Chinese numeral (一 → 1, 十二 → 12), if it is one.
pub fn cn_number(s: &str) -> Option<usize> {
    const DIGITS: &str = "〇一二三四五六七八九";
    let digit = |c: char| {
        DIGITS
            .chars()
            .position(|d| d == c)
            .or((c == '两').then_some(2))
    };
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        [a] if *a == '十' => Some(10),
        [a] => digit(*a),
        ['十', b] => Some(10 + digit(*b)?),
        [a, '十'] => Some(digit(*a)? * 10),
        [a, '十', b] => Some(digit(*a)? * 10 + digit(*b)?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_line_endings_are_normalised() {
        assert_eq!(
            normalise("\u{feff}标题\r\n正文\r末行"),
            "标题\n正文\n末行\n"
        );
    }

    #[test]
    fn paragraphs_skip_indentation() {
        let text = "标题\n\n\u{3000}\u{3000}正文。\n";
        let p = paragraphs(text);
        assert_eq!(p.len(), 2);
        assert_eq!(&text[p[1].at..p[1].at + p[1].text.len()], "正文。");
    }

    #[test]
    fn chinese_numerals_are_read() {
        assert_eq!(cn_number("三"), Some(3));
        assert_eq!(cn_number("十二"), Some(12));
        assert_eq!(cn_number("二十"), Some(20));
        assert_eq!(cn_number("年"), None);
    }
}
