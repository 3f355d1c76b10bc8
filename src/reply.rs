//! Renders an [`Answer`] as text: plain for the console and the JSON `reply` field, HTML for Telegram.
//!
//! Pure functions; everything that comes from the report or the user is escaped in HTML. Both
//! renderings share one layout ([`render`]) and differ only in their [`Style`]. Every
//! user-facing sentence of an answer is here.

use crate::engine::units::chinese_numeral;
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
        Wanted::Meaning => "具体内容",
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
}

/// Console and JSON text.
pub const PLAIN: Style = Style {
    text: str::to_string,
    line: str::to_string,
    quote: |q| format!("“{q}”"),
    cite: |c| format!("—— 摘自报告「{c}」"),
};

/// Telegram HTML: figures bold, quotation as a blockquote, citation in italics.
pub const HTML: Style = Style {
    text: escape,
    line: bold_figures,
    quote: |q| format!("<blockquote>{}</blockquote>", escape(q)),
    cite: |c| format!("<i>—— 摘自报告「{}」</i>", escape(c)),
};

/// Parts as blocks: their answer lines, then each quotation once, then its section.
fn blocks(parts: &[Part], style: &Style) -> String {
    by_quote(parts)
        .into_iter()
        .map(|group| {
            let lines: Vec<String> = group
                .iter()
                .map(|p| (style.line)(&answer_line(p)))
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
    match &answer.outcome {
        Outcome::Greeting => (style.text)(&help_line(answer.scope.as_deref())),
        Outcome::Declined(why) => {
            let mut out = (style.text)(&decline_reason(why));
            if answer.parts.is_empty() {
                out.push_str(&(style.text)(&scope_note(answer.scope.as_deref())));
            } else {
                out.push_str(&(style.text)("报告只提到:"));
                out.push('\n');
                out.push_str(&blocks(&answer.parts, style));
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
                out.push_str(&(style.text)(&verdict_line(v)));
                out.push('\n');
            }
            out.push_str(&blocks(&answer.parts, style));
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
    blocks(std::slice::from_ref(part), &HTML)
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
}
