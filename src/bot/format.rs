//! Telegram HTML for everything the bot sends: an answer rendered on `teloxide::utils::html`'s
//! helpers, the message split into pieces Telegram accepts, and user text trimmed before it is
//! echoed back. Pure functions; everything from the report or the user is escaped.
//!
//! One layout ([`render`]) serves Telegram and the console: they differ only in their
//! [`Style`] ([`HTML`] here, the console's plain style in `cli`). The sentences are in
//! [`super::texts`].
//!
//! Telegram counts a message's length on its *visible* text after entity parsing (Unicode code
//! points; `&amp;` is one) and rejects HTML with a tag or an `&entity;` cut in half. So the
//! splitter works on parsed tokens, never on bytes: it cuts only between whole characters or
//! entities, outside tags, prefers paragraph and then line boundaries, and closes the tags open
//! at a cut (re-opening them at the start of the next piece), so every piece parses alone.

use teloxide::utils::html;

use super::texts;
use crate::engine::units::{self, Quantity};
use crate::engine::{Answer, Outcome, Part, Source};
use crate::knowledge::{KnowledgeBase, figures};

/// Telegram's limit on a message's visible length (code points after entity parsing).
pub const MESSAGE_LIMIT: usize = 4096;

/// How many characters of user text a reply echoes back (an unknown section id, say).
pub const ECHO_LIMIT: usize = 64;

/// How a rendering writes text, figures, quotations and citations.
pub struct Style {
    /// Escapes report or user text.
    pub text: fn(&str) -> String,
    /// Escapes a line and marks its figures.
    pub line: fn(&str) -> String,
    /// A quotation.
    pub quote: fn(&str) -> String,
    /// The citation under a quotation.
    pub cite: fn(&str) -> String,
    /// A heading (a section's title over its figures).
    pub heading: fn(&str) -> String,
}

/// Telegram HTML: figures bold, quotation as a blockquote, citation in italics.
pub const HTML: Style = Style {
    text: html::escape,
    line: bold_figures,
    quote: |q| html::blockquote(&html::escape(q)),
    cite: |c| html::italic(&html::escape(&texts::cited(c))),
    heading: |h| html::bold(&html::escape(h)),
};

/// The answer line of a part: the curated line, the items of a list page, or the figures of a
/// bare report sentence.
fn answer_line(part: &Part) -> String {
    if let Some(outline) = &part.outline {
        return texts::outline_line(outline);
    }
    if !part.answer.is_empty() {
        return part.answer.clone();
    }
    if !part.items.is_empty() {
        return texts::items_line(&part.items);
    }
    let figs: Vec<&str> = figures::figures(&part.quote)
        .iter()
        .filter(|f| !f.is_year())
        .map(|f| f.text)
        .collect();
    if figs.is_empty() {
        texts::RELATED_TEXT.to_string()
    } else {
        texts::figures_line(&figs)
    }
}

/// Where a part comes from, as cited under its quotation.
pub fn section_cite(part: &Part) -> String {
    texts::section_cite(part.part_title.as_deref(), &part.section_title)
}

/// Parts as blocks: their answer lines, then each quotation once (consecutive parts may quote
/// the same sentence), then its section. `english`: the knowledge base whose curated English
/// lines ([`curated_english`]) an English question gets.
fn blocks(parts: &[Part], style: &Style, english: Option<&KnowledgeBase>) -> String {
    parts
        .chunk_by(|a, b| a.quote == b.quote)
        .map(|group| {
            let lines: Vec<String> = group
                .iter()
                .map(|p| {
                    let line = match english {
                        Some(kb) => english_line(p, curated_english(p, kb)),
                        None => answer_line(p),
                    };
                    (style.line)(&line)
                })
                .collect();
            format!(
                "{}\n{}\n{}",
                lines.join("\n"),
                (style.quote)(&group[0].quote),
                (style.cite)(&section_cite(&group[0]))
            )
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The whole reply in a style. Declines with suggestions end with a line that introduces them
/// (`list_suggestions`: the console lists them; Telegram shows them as buttons).
///
/// An English question ([`is_english`]) gets its answer lines, verdict and the lead of a decline
/// in English — an entry's curated English line from `kb` where it has one, else one generated
/// from its figures; the quotation stays verbatim Chinese with its section.
pub fn render(
    answer: &Answer,
    style: &Style,
    list_suggestions: bool,
    kb: &KnowledgeBase,
) -> String {
    let english = is_english(&answer.question);
    let curated = english.then_some(kb);
    match &answer.outcome {
        Outcome::Greeting => (style.text)(&texts::help_line(answer.scope.as_deref())),
        Outcome::Declined(why) => {
            let mut out = String::new();
            if english {
                out.push_str(&(style.text)(texts::decline_reason_en(why)));
                out.push('\n');
            }
            out.push_str(&(style.text)(&texts::decline_reason(why)));
            if answer.parts.is_empty() {
                out.push_str(&(style.text)(&texts::scope_note(answer.scope.as_deref())));
            } else {
                out.push_str(&(style.text)(texts::ONLY_MENTIONS));
                out.push('\n');
                out.push_str(&blocks(&answer.parts, style, curated));
            }
            if !answer.suggestions.is_empty() {
                out.push('\n');
                if list_suggestions {
                    out.push_str(&(style.text)(texts::DID_YOU_MEAN_LIST));
                    for s in &answer.suggestions {
                        out.push_str(&format!("\n  · {}", (style.text)(&s.question)));
                    }
                } else {
                    out.push_str(&(style.text)(texts::DID_YOU_MEAN_BUTTONS));
                }
            }
            out
        }
        Outcome::Answered => {
            let mut out = String::new();
            if let Some(v) = &answer.verdict {
                let line = if english {
                    texts::verdict_line_en(v)
                } else {
                    texts::verdict_line(v)
                };
                out.push_str(&(style.text)(&line));
                out.push('\n');
            }
            if answer.whole_again {
                out.push_str(&(style.text)(texts::WHOLE_LIST_AGAIN));
                out.push('\n');
            }
            out.push_str(&blocks(&answer.parts, style, curated));
            if answer.more > 0 {
                out.push_str("\n\n");
                out.push_str(&(style.text)(&texts::more_pages(answer.more)));
            }
            for (q, why) in &answer.uncovered {
                out.push_str("\n\n");
                out.push_str(&(style.text)(&texts::uncovered(q, why)));
            }
            out
        }
    }
}

/// The whole reply as Telegram HTML (suggestions become buttons); `kb` holds the curated
/// English lines.
pub fn answer(answer: &Answer, kb: &KnowledgeBase) -> String {
    render(answer, &HTML, false, kb)
}

/// One answered part as Telegram HTML: bold figures, the quotation as a blockquote, the section cited.
pub fn part(part: &Part) -> String {
    blocks(std::slice::from_ref(part), &HTML, None)
}

/// Is the question in English: Latin words and no Chinese characters? ("GDP多少" is Chinese;
/// "What was Xihu's GDP in 2022?" is English.) The engine folds questions to lower case, so
/// this reads [`Answer::question`] as well as the raw text.
pub fn is_english(question: &str) -> bool {
    let cjk = question
        .chars()
        .any(|c| matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}'));
    let words = question
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2)
        .count();
    !cjk && words >= 2
}

/// A number in words of thousands, millions, billions (`1.9701e11` → `197.01 billion`).
fn english_amount(amount: f64) -> String {
    let (scaled, word) = [(1e9, " billion"), (1e6, " million"), (1e4, " thousand")]
        .into_iter()
        .find(|(s, _)| amount >= *s)
        // ten thousand and more reads in thousands (3.7万 = 37 thousand)
        .map_or((amount, ""), |(s, w)| {
            (amount / if s == 1e4 { 1e3 } else { s }, w)
        });
    let mut digits = format!("{scaled:.4}");
    while digits.contains('.') && (digits.ends_with('0') || digits.ends_with('.')) {
        digits.pop();
    }
    format!("{digits}{word}")
}

/// A report figure in English, beside the figure as written: `1970.1亿元 (197.01 billion yuan)`;
/// `None` when English adds nothing (`99.65%`, a ratio, a unit with no English name).
pub fn english_figure(figure: &str) -> Option<String> {
    let number_len = figure
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ':'))
        .unwrap_or(figure.len());
    let (number, unit) = figure.split_at(number_len);
    let unit = unit.trim_start();
    let value = units::value(number, unit)?;
    let noun = match value.quantity? {
        Quantity::Percent | Quantity::Date => return None,
        Quantity::Money if unit.contains("美元") => "US dollars",
        Quantity::Money => "yuan",
        Quantity::People => "people",
        Quantity::Area if unit.contains('亩') => "mu",
        Quantity::Area => "square metres",
        Quantity::Length if unit.contains("公里") => "km",
        Quantity::Length => "metres",
        Quantity::Time if unit.contains("分钟") => "minutes",
        Quantity::Time => return None,
        Quantity::Count => texts::count_noun_en(unit)?,
    };
    let amount = english_amount(value.amount);
    if noun.is_empty() {
        return (amount != number).then(|| format!("{figure} ({amount})"));
    }
    Some(format!("{figure} ({amount} {noun})"))
}

/// The year a part speaks of: the first year in its answer line, else in its part's title.
fn part_year(part: &Part) -> Option<&str> {
    [
        part.answer.as_str(),
        part.part_title.as_deref().unwrap_or_default(),
    ]
    .into_iter()
    .flat_map(figures::figures)
    .find(|f| f.is_year())
    .map(|f| f.number)
}

/// The curated English answer line (`answer_en`) of the entry a part shows, when the part
/// shows that entry's own answer line (not a list page, an outline or another year's line).
pub fn curated_english<'a>(part: &Part, kb: &'a KnowledgeBase) -> Option<&'a str> {
    let Source::Entry { id } = &part.source else {
        return None;
    };
    let entry = kb.entry(id)?;
    let own_line = part.outline.is_none() && part.items.is_empty() && part.answer == entry.answer;
    own_line.then_some(entry.answer_en.as_deref()).flatten()
}

/// A part's answer line in English (the quotation below it stays verbatim Chinese): the
/// `curated` line when there is one, else generated from its figures and year: "In 2022:
/// 1970.1亿元 (197.01 billion yuan)."
pub fn english_line(part: &Part, curated: Option<&str>) -> String {
    if let Some(outline) = &part.outline {
        return texts::outline_en(&texts::outline_line(outline));
    }
    if !part.items.is_empty() {
        return texts::items_en(&part.items);
    }
    if let Some(line) = curated {
        return line.to_string();
    }
    let source = if part.answer.is_empty() {
        &part.quote
    } else {
        &part.answer
    };
    let figs: Vec<String> = figures::figures(source)
        .iter()
        .filter(|f| !f.is_year())
        .map(|f| english_figure(f.text).unwrap_or_else(|| f.text.to_string()))
        .collect();
    texts::figures_en(part_year(part), &figs)
}

/// Escapes `text` and puts its figures in bold.
pub fn bold_figures(text: &str) -> String {
    let mut out = String::new();
    let mut last = 0;
    for f in figures::figures(text).into_iter().filter(|f| !f.is_year()) {
        out.push_str(&html::escape(&text[last..f.start]));
        out.push_str(&html::bold(&html::escape(f.text)));
        last = f.start + f.text.len();
    }
    out.push_str(&html::escape(&text[last..]));
    out
}

/// `text` cut to at most `max` characters, with `…` when it was longer (before escaping).
pub fn trim_echo(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// One parsed piece of Telegram HTML.
#[derive(Debug, Clone, PartialEq)]
enum Token<'a> {
    /// `<b>`, `<a href="…">`: the tag's name and its source.
    Open(String, &'a str),
    /// `</b>`.
    Close(&'a str),
    /// One visible character: its source (`x` or `&amp;`) and the character.
    Char(&'a str, char),
}

/// Tokenises Telegram HTML. A stray `<` or `&` (never produced by our renderer, which escapes
/// everything) becomes a visible character whose source is escaped on output.
fn tokenize(html: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < html.len() {
        let rest = &html[i..];
        let c = rest.chars().next().unwrap_or_default();
        if c == '<'
            && let Some(end) = rest.find('>')
        {
            let raw = &rest[..=end];
            let inner = &rest[1..end];
            out.push(match inner.strip_prefix('/') {
                Some(_) => Token::Close(raw),
                None => Token::Open(tag_name(inner), raw),
            });
            i += end + 1;
            continue;
        }
        if c == '&'
            && let Some(end) = rest.find(';').filter(|&e| e <= 10)
            && let Some(ch) = entity(&rest[1..end])
        {
            out.push(Token::Char(&rest[..=end], ch));
            i += end + 1;
            continue;
        }
        out.push(Token::Char(&rest[..c.len_utf8()], c));
        i += c.len_utf8();
    }
    out
}

/// A start tag's name, lower-cased: `a` for `<a href="…">`.
fn tag_name(inner: &str) -> String {
    let end = inner.find(char::is_whitespace).unwrap_or(inner.len());
    inner[..end].to_ascii_lowercase()
}

fn entity(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        _ => {
            let n = name.strip_prefix('#')?;
            let code = match n.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

fn source(token: &Token<'_>) -> String {
    match token {
        Token::Open(_, raw) | Token::Close(raw) => (*raw).to_string(),
        Token::Char("<", _) => "&lt;".into(),
        Token::Char("&", _) => "&amp;".into(),
        Token::Char(raw, _) => (*raw).to_string(),
    }
}

/// Splits Telegram HTML into pieces whose visible text is at most `limit` characters, cutting
/// at the last paragraph break that fits, else the last line break, else between two
/// characters; tags open at a cut are closed there and re-opened in the next piece. Pieces with
/// no visible text are left out (Telegram rejects empty messages); one piece at least is returned.
pub fn split(html: &str, limit: usize) -> Vec<String> {
    let limit = limit.max(1);
    let tokens = tokenize(html);
    let mut pieces = Vec::new();
    // tags open at the start of the current piece: (name, source of the start tag)
    let mut open: Vec<(String, &str)> = Vec::new();
    let mut start = 0;
    while start < tokens.len() {
        let mut visible = 0;
        let (mut para, mut line) = (None, None);
        let mut end = tokens.len();
        for (j, token) in tokens.iter().enumerate().skip(start) {
            if let Token::Char(_, c) = token {
                if visible == limit {
                    end = j;
                    break;
                }
                if *c == '\n' && visible > 0 {
                    let next_newline = matches!(tokens.get(j + 1), Some(Token::Char(_, '\n')));
                    if next_newline {
                        para = Some(j);
                    }
                    line = Some(j);
                }
                visible += 1;
            }
        }
        if end < tokens.len() {
            end = para.or(line).unwrap_or(end);
            // a start tag right before the cut belongs to the next piece
            while end > start + 1 && matches!(tokens[end - 1], Token::Open(..)) {
                end -= 1;
            }
        }
        let mut piece: String = open.iter().map(|(_, raw)| *raw).collect();
        let mut text = String::new();
        for token in &tokens[start..end] {
            match token {
                Token::Open(name, raw) => open.push((name.clone(), raw)),
                Token::Close(_) => {
                    open.pop();
                }
                Token::Char(_, c) => text.push(*c),
            }
            piece.push_str(&source(token));
        }
        for (name, _) in open.iter().rev() {
            piece.push_str(&format!("</{name}>"));
        }
        if !text.trim().is_empty() {
            pieces.push(piece);
        }
        // the line breaks at a cut are not carried into the next piece
        start = end;
        while matches!(tokens.get(start), Some(Token::Char(_, '\n'))) {
            start += 1;
        }
    }
    if pieces.is_empty() {
        pieces.push(html.to_string());
    }
    pieces
}

/// The visible text of Telegram HTML (tags dropped, entities decoded), for length checks.
pub fn visible_text(html: &str) -> String {
    tokenize(html)
        .into_iter()
        .filter_map(|t| match t {
            Token::Char(_, c) => Some(c),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_questions_are_told_apart() {
        assert!(is_english("What was Xihu's GDP in 2022?"));
        assert!(is_english("how many charging piles were added"));
        assert!(!is_english("GDP多少"));
        assert!(!is_english("GDP"));
        assert!(!is_english("去年西湖区GDP多少"));
    }

    #[test]
    fn figures_are_given_in_english_beside_the_reports() {
        assert_eq!(
            english_figure("1970.1亿元").as_deref(),
            Some("1970.1亿元 (197.01 billion yuan)")
        );
        assert_eq!(
            english_figure("7.01亿美元").as_deref(),
            Some("7.01亿美元 (701 million US dollars)")
        );
        assert_eq!(
            english_figure("3.7万人").as_deref(),
            Some("3.7万人 (37 thousand people)")
        );
        assert_eq!(
            english_figure("6家").as_deref(),
            Some("6家 (6 organisations)")
        );
        assert_eq!(
            english_figure("22.6公里").as_deref(),
            Some("22.6公里 (22.6 km)")
        );
        assert_eq!(english_figure("99.65%"), None);
        assert_eq!(english_figure("0.2:7.8:92"), None);
    }

    #[test]
    fn an_english_line_has_figure_unit_and_year() {
        let part = Part {
            source: crate::engine::Source::Entry {
                id: "r1-gdp".into(),
            },
            section_id: "review-1".into(),
            section_title: "经济大盘稳进提质".into(),
            part_title: Some("2022年工作回顾".into()),
            answer: "2022年西湖区实现地区生产总值1970.1亿元。".into(),
            items: Vec::new(),
            quote: "全区实现地区生产总值1970.1亿元,服务业增加值1813亿元。".into(),
            score: 1.0,
            outline: None,
        };
        assert_eq!(
            english_line(&part, None),
            "In 2022: 1970.1亿元 (197.01 billion yuan)."
        );
        assert_eq!(
            english_line(&part, Some("In 2022 Xihu's GDP was 197.01 billion yuan.")),
            "In 2022 Xihu's GDP was 197.01 billion yuan."
        );
    }

    fn visible_len(html: &str) -> usize {
        visible_text(html).chars().count()
    }

    #[test]
    fn short_text_is_one_piece() {
        assert_eq!(split("<b>1</b> 亿元", 4096), ["<b>1</b> 亿元"]);
    }

    #[test]
    fn paragraphs_are_preferred_and_kept_whole() {
        let para = "字".repeat(30);
        let text = vec![para.clone(); 5].join("\n\n");
        let pieces = split(&text, 70);
        assert_eq!(
            pieces,
            [
                format!("{para}\n\n{para}"),
                format!("{para}\n\n{para}"),
                para
            ]
        );
    }

    #[test]
    fn entities_count_once_and_are_never_cut() {
        // 4,000 escaped ampersands: 20,000 bytes of source, 4,000 visible characters
        let html = "&amp;".repeat(4000);
        assert_eq!(split(&html, 4096).len(), 1);
        let pieces = split(&html, 1000);
        assert_eq!(pieces.len(), 4);
        assert!(pieces.iter().all(|p| p == &"&amp;".repeat(1000)));
    }

    #[test]
    fn tags_open_at_a_cut_are_closed_and_reopened() {
        let html = format!("<blockquote>{}</blockquote>", "长".repeat(25));
        let pieces = split(&html, 10);
        assert_eq!(pieces.len(), 3);
        for p in &pieces {
            assert!(
                p.starts_with("<blockquote>") && p.ends_with("</blockquote>"),
                "{p}"
            );
            assert!(visible_len(p) <= 10);
        }
        let html = "<a href=\"https://x.org/?a=1&amp;b=2\">链接文字很长很长</a>";
        let pieces = split(html, 4);
        assert_eq!(
            pieces[0],
            "<a href=\"https://x.org/?a=1&amp;b=2\">链接文字</a>"
        );
        assert_eq!(
            pieces[1],
            "<a href=\"https://x.org/?a=1&amp;b=2\">很长很长</a>"
        );
    }

    #[test]
    fn every_piece_fits_and_nothing_is_lost() {
        let block = "<b>1970.1亿元</b> 全区实现&lt;地区生产总值&gt;\n<blockquote>原文原文原文</blockquote>\n<i>—— 摘自</i>";
        let html = vec![block; 300].join("\n\n");
        let pieces = split(&html, 4096);
        assert!(pieces.len() > 1);
        let mut seen = String::new();
        for p in &pieces {
            assert!(visible_len(p) <= 4096, "{}", visible_len(p));
            seen.push_str(&visible_text(p));
        }
        let all: String = visible_text(&html).chars().filter(|c| *c != '\n').collect();
        assert_eq!(seen.chars().filter(|c| *c != '\n').collect::<String>(), all);
    }

    #[test]
    fn empty_pieces_are_left_out() {
        assert_eq!(split("a\n\n\n\n\n\nb", 1), ["a", "b"]);
        assert_eq!(split("", 10), [""]);
    }

    #[test]
    fn figures_are_bold_and_text_escaped() {
        assert_eq!(
            bold_figures("GDP <1970.1亿元>"),
            "GDP &lt;<b>1970.1亿元</b>&gt;"
        );
        assert_eq!(bold_figures("2022年实现"), "2022年实现");
    }

    #[test]
    fn echoes_are_trimmed() {
        assert_eq!(trim_echo(" review-1 ", 64), "review-1");
        assert_eq!(trim_echo(&"&".repeat(4000), 5), "&&&&…");
    }
}
