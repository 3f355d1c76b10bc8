//! Renders an [`Answer`] as text: plain for the console and the JSON `reply` field, HTML for Telegram.
//!
//! Pure functions; everything that comes from the report or the user is escaped in HTML. Both
//! renderings share one layout ([`render`]) and differ only in their [`Style`]. Every
//! user-facing sentence of an answer is here.

use crate::engine::units::{self, Quantity, chinese_numeral};
use crate::engine::{Answer, Decline, Outcome, Outline, Part, Scope, Verdict, Wanted};
use crate::knowledge::figures;

/// What the report covers, for answers made without a knowledge base's scope.
pub const SCOPE_NOTE: &str =
    "我只回答《杭州市西湖区2023年政府工作报告摘要》里的内容:西湖区2022年工作回顾和2023年重点工作。";

/// A one-line help for greetings.
pub const HELP_LINE: &str = "你好!我能回答《西湖区2023年政府工作报告摘要》里的问题,每个答案都附报告原文。试试问:去年西湖区GDP多少?";

/// What a kind of fact is called in "the report does not give …".
fn wanted_name(kind: Wanted) -> &'static str {
    match kind {
        Wanted::Name => "具体名称",
        Wanted::Quantity => "这个数字",
        Wanted::Date => "具体时间",
        Wanted::List => "具体名单",
        Wanted::Rank => "排名",
        Wanted::PerCapita => "人均数字",
    }
}

/// What the report covers, in a sentence: from the answer's scope (the knowledge base's own
/// report), else the shipped report's.
pub fn scope_note(scope: Option<&Scope>) -> String {
    match scope {
        Some(s) if !s.title.is_empty() => {
            let covers = if s.parts.is_empty() {
                String::new()
            } else {
                format!(":{}", s.parts.join("和"))
            };
            format!("我只回答《{}》里的内容{covers}。", s.title)
        }
        _ => SCOPE_NOTE.to_string(),
    }
}

/// The help line for greetings, naming the knowledge base's report.
pub fn help_line(scope: Option<&Scope>) -> String {
    match scope {
        Some(s) if !s.title.is_empty() => format!(
            "你好!我能回答《{}》里的问题,每个答案都附报告原文。试试问:去年地区生产总值多少?",
            s.title
        ),
        _ => HELP_LINE.to_string(),
    }
}

/// Why the question was declined, in a sentence.
pub fn decline_reason(why: &Decline) -> String {
    match why {
        Decline::Empty => "没有看到问题。".into(),
        Decline::OtherYear(y) => format!("报告没有{y}的数据。"),
        Decline::OtherRegion(r) => format!("报告没有{r}的数据。"),
        Decline::NotInReport(w) => format!("报告没有提到“{w}”方面的数据。"),
        Decline::WrongYear(y) => format!("报告没有给出这个指标{y}年的数字。"),
        Decline::NotGiven(kind) => format!("报告没有给出{}。", wanted_name(*kind)),
        Decline::Unresolved(words) => format!(
            "没能把这句追问和前面的问题对上(我理解为:{words}),报告里没有找到对应内容。请把问题说完整些。"
        ),
        Decline::NoMore(n) => format!("这一项一共{n}条,已经全部列出了。"),
        Decline::LowConfidence => "报告里没有找到能回答这个问题的内容。".into(),
    }
}

/// Why an English question was declined, in English (the Chinese reason follows it).
fn decline_reason_en(why: &Decline) -> String {
    match why {
        Decline::Empty => "I did not see a question.".into(),
        Decline::OtherYear(_) | Decline::WrongYear(_) => {
            "The report has no figure for that year.".into()
        }
        Decline::OtherRegion(_) => "The report has no figures for that place.".into(),
        Decline::NotGiven(_) => "The report does not give that; here is what it says.".into(),
        Decline::NoMore(n) => format!("All {n} items have been listed."),
        Decline::NotInReport(_) | Decline::Unresolved(_) | Decline::LowConfidence => {
            "The report does not answer this.".into()
        }
    }
}

/// The plain answer of a yes/no question, in English.
fn verdict_line_en(v: &Verdict) -> String {
    match v {
        Verdict::Yes => "Yes.".into(),
        Verdict::No(Some(p)) => format!("No, the report's figure is not {p}:"),
        Verdict::No(None) => "No:".into(),
        Verdict::NotSaid => "The report does not say so; what it says:".into(),
    }
}

/// The plain answer of a yes/no question.
fn verdict_line(v: &Verdict) -> String {
    match v {
        Verdict::Yes => "是的。".into(),
        Verdict::No(Some(p)) => format!("不是,报告里的数字不是{p}:"),
        Verdict::No(None) => "不是:".into(),
        Verdict::NotSaid => "报告没有这么说,相关的内容是:".into(),
    }
}

/// The answer line of a part: the curated line, the items of a list page, or the figures of a
/// bare report sentence.
fn answer_line(part: &Part) -> String {
    if let Some(outline) = &part.outline {
        return outline_line(outline);
    }
    if !part.answer.is_empty() {
        return part.answer.clone();
    }
    if !part.items.is_empty() {
        return format!("{}。", part.items.join("、"));
    }
    let figs: Vec<&str> = figures::figures(&part.quote)
        .iter()
        .filter(|f| !f.is_year())
        .map(|f| f.text)
        .collect();
    if figs.is_empty() {
        "报告中的相关表述如下。".to_string()
    } else {
        format!("报告中的相关数字:{}。", figs.join("、"))
    }
}

/// An outline answer in a sentence ("2023年重点工作的第三项:…").
fn outline_line(outline: &Outline) -> String {
    match outline {
        Outline::Nth {
            part,
            ordinal,
            title,
        } => format!("{part}的第{}项:{title}", chinese_numeral(*ordinal)),
        Outline::Sections { part, titles } => format!(
            "{part}共{}方面:{}。",
            chinese_numeral(titles.len()),
            titles.join(";")
        ),
        Outline::Parts { titles } => format!(
            "报告分{}部分:{}。",
            chinese_numeral(titles.len()),
            titles.join("、")
        ),
    }
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

/// English names of count units (`6家` → "6 organisations"); a unit not here is shown as the
/// report writes it.
const COUNT_NOUNS: &[(&str, &str)] = &[
    ("万家", "organisations"),
    ("万套", "homes"),
    ("家", "organisations"),
    ("个", ""),
    ("所", "institutions"),
    ("条", ""),
    ("套", "homes"),
    ("幢", "buildings"),
    ("栋", "buildings"),
    ("件", "cases"),
    ("项", "items"),
    ("宗", "plots"),
    ("座", ""),
    ("间", "rooms"),
    ("号线", "(metro line)"),
];

/// A number in words of thousands, millions, billions (`1.9701e11` → `197.01 billion`).
fn english_amount(amount: f64) -> String {
    let (scaled, word) = [(1e9, " billion"), (1e6, " million"), (1e4, " thousand")]
        .into_iter()
        .find(|(s, _)| amount >= *s)
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
    let value = units::value(number, unit)?;
    let noun = match value.quantity? {
        Quantity::Percent => return None,
        Quantity::Money if unit.contains("美元") => "US dollars",
        Quantity::Money => "yuan",
        Quantity::People => "people",
        Quantity::Area if unit.contains("亩") => "mu",
        Quantity::Area => "square metres",
        Quantity::Length if unit.contains("公里") => "km",
        Quantity::Length => "metres",
        Quantity::Time if unit.contains("分钟") => "minutes",
        Quantity::Count => COUNT_NOUNS.iter().find(|(u, _)| unit.starts_with(u))?.1,
        Quantity::Time | Quantity::Date => return None,
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

/// A part's answer line in English, generated from its figures and year (the quotation below
/// it stays verbatim Chinese): "2022: 1970.1亿元 (197.01 billion yuan)."
pub fn english_line(part: &Part) -> String {
    if let Some(outline) = &part.outline {
        return format!("From the report's outline: {}", outline_line(outline));
    }
    if !part.items.is_empty() {
        return format!(
            "The report lists {}: {}.",
            part.items.len(),
            part.items.join("; ")
        );
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
    let when = part_year(part)
        .map(|y| format!("In {y}"))
        .unwrap_or_else(|| "In the report".into());
    if figs.is_empty() {
        format!("{when}, the report says (in Chinese):")
    } else {
        format!("{when}: {}.", figs.join("; "))
    }
}

/// Where a part comes from, as cited under its quotation.
pub fn section_cite(part: &Part) -> String {
    match &part.part_title {
        Some(p) => format!("{p} · {}", part.section_title),
        None => part.section_title.clone(),
    }
}

/// Consecutive parts that quote the same sentence, so the quotation is shown once.
fn by_quote(parts: &[Part]) -> Vec<&[Part]> {
    parts.chunk_by(|a, b| a.quote == b.quote).collect()
}

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

/// Console and JSON text.
pub const PLAIN: Style = Style {
    text: str::to_string,
    line: str::to_string,
    quote: |q| format!("“{q}”"),
    cite: |c| format!("—— 摘自报告「{c}」"),
    heading: |h| format!("【{h}】"),
};

/// Telegram HTML: figures bold, quotation as a blockquote, citation in italics.
pub const HTML: Style = Style {
    text: escape,
    line: bold_figures,
    quote: |q| format!("<blockquote>{}</blockquote>", escape(q)),
    cite: |c| format!("<i>—— 摘自报告「{}」</i>", escape(c)),
    heading: |h| format!("<b>{}</b>", escape(h)),
};

/// Parts as blocks: their answer lines (in English for an English question), then each
/// quotation once, then its section.
fn blocks(parts: &[Part], style: &Style, english: bool) -> String {
    by_quote(parts)
        .into_iter()
        .map(|group| {
            let lines: Vec<String> = group
                .iter()
                .map(|p| {
                    let line = if english {
                        english_line(p)
                    } else {
                        answer_line(p)
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
/// (the console lists them, Telegram shows them as buttons).
pub fn render(answer: &Answer, style: &Style, list_suggestions: bool) -> String {
    let english = is_english(&answer.question);
    match &answer.outcome {
        Outcome::Greeting => (style.text)(&help_line(answer.scope.as_deref())),
        Outcome::Declined(why) => {
            let mut out = String::new();
            if english {
                out.push_str(&(style.text)(&decline_reason_en(why)));
                out.push('\n');
            }
            out.push_str(&(style.text)(&decline_reason(why)));
            if answer.parts.is_empty() {
                out.push_str(&(style.text)(&scope_note(answer.scope.as_deref())));
            } else {
                out.push_str(&(style.text)("报告只提到:"));
                out.push('\n');
                out.push_str(&blocks(&answer.parts, style, english));
            }
            if !answer.suggestions.is_empty() {
                if list_suggestions {
                    out.push_str("\n你是不是想问:");
                    for s in &answer.suggestions {
                        out.push_str(&format!("\n  · {}", (style.text)(&s.question)));
                    }
                } else {
                    out.push_str("\n你是不是想问下面的问题?");
                }
            }
            out
        }
        Outcome::Answered => {
            let mut out = String::new();
            if let Some(v) = &answer.verdict {
                let line = if english {
                    verdict_line_en(v)
                } else {
                    verdict_line(v)
                };
                out.push_str(&(style.text)(&line));
                out.push('\n');
            }
            out.push_str(&blocks(&answer.parts, style, english));
            if answer.more > 0 {
                out.push_str(&(style.text)(&format!(
                    "\n\n还有{}项的原文,回复“还有呢”接着看。",
                    answer.more
                )));
            }
            for (q, why) in &answer.uncovered {
                out.push_str(&(style.text)(&format!(
                    "\n\n「{q}」:{}",
                    decline_reason(why)
                )));
            }
            out
        }
    }
}

/// Plain-text reply, as a person reads it on the console.
pub fn plain(answer: &Answer) -> String {
    render(answer, &PLAIN, true)
}

/// The whole reply as Telegram HTML.
pub fn html(answer: &Answer) -> String {
    render(answer, &HTML, false)
}

/// One answered part as Telegram HTML: bold figures, the quotation as a blockquote, the section cited.
pub fn html_part(part: &Part) -> String {
    blocks(std::slice::from_ref(part), &HTML, false)
}

/// Escapes text for Telegram HTML.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes `text` and puts its figures in bold.
pub fn bold_figures(text: &str) -> String {
    let mut out = String::new();
    let mut last = 0;
    for f in figures::figures(text).into_iter().filter(|f| !f.is_year()) {
        out.push_str(&escape(&text[last..f.start]));
        out.push_str("<b>");
        out.push_str(&escape(f.text));
        out.push_str("</b>");
        last = f.start + f.text.len();
    }
    out.push_str(&escape(&text[last..]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_bold_and_text_escaped() {
        assert_eq!(
            bold_figures("GDP <1970.1亿元>"),
            "GDP &lt;<b>1970.1亿元</b>&gt;"
        );
        assert_eq!(bold_figures("2022年实现"), "2022年实现");
    }

    #[test]
    fn english_questions_are_told_apart() {
        assert!(is_english("What was Xihu's GDP in 2022?"));
        assert!(is_english("how many charging piles were added"));
        assert!(!is_english("GDP多少"));
        assert!(!is_english("GDP"));
        assert!(!is_english("去年西湖区GDP多少"));
    }

    #[test]
    fn figures_are_given_in_english_beside_the_report_s() {
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
            english_line(&part),
            "In 2022: 1970.1亿元 (197.01 billion yuan)."
        );
    }
}
