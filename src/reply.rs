//! Renders an [`Answer`] as text: plain for the console and the JSON `reply` field, HTML for Telegram.
//!
//! Pure functions; everything that comes from the report or the user is escaped in HTML.

use crate::engine::{Answer, Decline, Outcome, Part};
use crate::knowledge::figures;

/// What the report covers, for declines and help.
pub const SCOPE_NOTE: &str =
    "我只回答《杭州市西湖区2023年政府工作报告摘要》里的内容:西湖区2022年工作回顾和2023年重点工作。";

/// A one-line help for greetings.
pub const HELP_LINE: &str = "你好!我能回答《西湖区2023年政府工作报告摘要》里的问题,每个答案都附报告原文。试试问:去年西湖区GDP多少?";

/// Why the question was declined, in a sentence.
pub fn decline_reason(why: &Decline) -> String {
    match why {
        Decline::Empty => "没有看到问题。".into(),
        Decline::OtherYear(y) => format!("报告没有{y}的数据,只有2022年的情况和2023年的计划。"),
        Decline::OtherRegion(r) => format!("报告只讲西湖区,没有{r}的数据。"),
        Decline::NotInReport(w) => format!("报告没有提到“{w}”方面的数据。"),
        Decline::WrongYear(y) => format!("报告没有给出这个指标{y}年的数字。"),
        Decline::LowConfidence => "报告里没有找到能回答这个问题的内容。".into(),
    }
}

/// The part's answer line plus a wrong-premise correction, plain text.
fn answer_line(part: &Part) -> String {
    match &part.corrected {
        Some(n) => format!("报告里的数字不是“{n}”,而是:{}", part.answer),
        None => part.answer.clone(),
    }
}

/// Consecutive parts that quote the same sentence, so the quotation is shown once.
fn by_quote(parts: &[Part]) -> Vec<&[Part]> {
    parts.chunk_by(|a, b| a.quote == b.quote).collect()
}

/// Plain-text reply, as a person reads it on the console.
pub fn plain(answer: &Answer) -> String {
    match &answer.outcome {
        Outcome::Greeting => HELP_LINE.to_string(),
        Outcome::Declined(why) => {
            let mut out = format!("{}{}", decline_reason(why), SCOPE_NOTE);
            if !answer.suggestions.is_empty() {
                out.push_str("\n你是不是想问:");
                for s in &answer.suggestions {
                    out.push_str(&format!("\n  · {}", s.question));
                }
            }
            out
        }
        Outcome::Answered => {
            let blocks: Vec<String> = by_quote(&answer.parts)
                .into_iter()
                .map(|group| {
                    let lines: Vec<String> = group.iter().map(answer_line).collect();
                    format!(
                        "{}\n“{}”\n—— 摘自报告「{}」",
                        lines.join("\n"),
                        group[0].quote,
                        group[0].section_title
                    )
                })
                .collect();
            blocks.join("\n\n")
        }
    }
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

/// One answered part as Telegram HTML: bold figures, the quotation as a blockquote, the section cited.
pub fn html_part(part: &Part) -> String {
    html_group(std::slice::from_ref(part))
}

/// Parts sharing one quotation: their answer lines, then the quotation once.
fn html_group(group: &[Part]) -> String {
    let lines: Vec<String> = group
        .iter()
        .map(|p| bold_figures(&answer_line(p)))
        .collect();
    format!(
        "{}\n<blockquote>{}</blockquote>\n<i>—— 摘自报告「{}」</i>",
        lines.join("\n"),
        escape(&group[0].quote),
        escape(&group[0].section_title)
    )
}

/// The whole reply as Telegram HTML.
pub fn html(answer: &Answer) -> String {
    match &answer.outcome {
        Outcome::Greeting => escape(HELP_LINE),
        Outcome::Declined(why) => {
            let mut out = escape(&format!("{}{}", decline_reason(why), SCOPE_NOTE));
            if !answer.suggestions.is_empty() {
                out.push_str("\n你是不是想问下面的问题?");
            }
            out
        }
        Outcome::Answered => by_quote(&answer.parts)
            .into_iter()
            .map(html_group)
            .collect::<Vec<_>>()
            .join("\n\n"),
    }
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
