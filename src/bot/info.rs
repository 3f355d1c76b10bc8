//! Texts for /sections, /section, /figures, /about and the help's example questions.

use crate::engine::Suggestion;
use crate::knowledge::{Entry, KnowledgeBase};
use crate::reply::escape;

fn has_figure(e: &Entry) -> bool {
    e.answer.bytes().any(|b| b.is_ascii_digit())
}

/// Key figures: the first entries with figures in the first 2022 section, up to 10.
pub fn key_entries(kb: &KnowledgeBase) -> Vec<String> {
    let first_review = kb.report.sections.iter().position(|s| s.year.is_some());
    kb.entries
        .iter()
        .filter(|e| Some(e.section) == first_review && has_figure(e))
        .take(10)
        .map(|e| e.id.clone())
        .collect()
}

/// Three example questions from different sections, for /start and /help.
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
        if out.len() == 3 {
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
        .map(|s| format!("<code>{}</code> {}", escape(&s.id), escape(&s.title)))
        .collect();
    format!("报告章节(用 /section 编号 查看要点):\n{}", lines.join("\n"))
}

/// `/section <id>`: the section's headline figures.
pub fn section(kb: &KnowledgeBase, id: &str) -> String {
    let Some((index, s)) = kb
        .report
        .sections
        .iter()
        .enumerate()
        .find(|(_, s)| s.id == id)
    else {
        let shown = super::format::trim_echo(id, super::format::ECHO_LIMIT);
        return format!(
            "没有这个章节:{}。用 /sections 查看章节编号。",
            escape(&shown)
        );
    };
    let entries: Vec<&Entry> = kb.entries.iter().filter(|e| e.section == index).collect();
    let with_figures: Vec<&&Entry> = entries.iter().filter(|e| has_figure(e)).collect();
    let shown: Vec<String> = if with_figures.is_empty() {
        entries
            .iter()
            .take(15)
            .map(|e| format!("• {}", crate::reply::bold_figures(&e.answer)))
            .collect()
    } else {
        with_figures
            .iter()
            .take(15)
            .map(|e| format!("• {}", crate::reply::bold_figures(&e.answer)))
            .collect()
    };
    format!("<b>{}</b>\n{}", escape(&s.title), shown.join("\n"))
}

/// `/figures`: the key figures.
pub fn figures(kb: &KnowledgeBase) -> String {
    let lines: Vec<String> = key_entries(kb)
        .iter()
        .filter_map(|id| kb.entry(id))
        .map(|e| format!("• {}", crate::reply::bold_figures(&e.answer)))
        .collect();
    format!("主要数字(2022年):\n{}", lines.join("\n"))
}

/// `/about`: the report's title, date, source and meeting (its first lines).
pub fn about(kb: &KnowledgeBase) -> String {
    let head: Vec<String> = kb
        .report
        .text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(5)
        .map(escape)
        .collect();
    format!(
        "{}\n\n每个回答都引用报告原文并注明章节;报告没有的内容会直说。",
        head.join("\n")
    )
}
