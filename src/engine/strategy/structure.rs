//! The report's own outline, from `sections.toml`: a part's sections by ordinal ("第三项",
//! "(三)", "最后一项", "the third task"), how many there are and what they are ("分几个方面",
//! "有哪几方面"), and the top-level parts ("分成哪两大部分"). Answers quote the section's
//! opening sentence, or the report's own sentence stating the count.

use super::{Engine, Query, Step};
use crate::engine::answer::{Answer, Outcome, Outline, Part};
use crate::engine::intent::YearIntent;
use crate::engine::premise::leading_number;
use crate::engine::units;

/// Nouns the outline is counted in ("八方面工作", "几大任务", "两部分"): after a count they make it a
/// count of the outline.
const COUNTED_IN: &[&str] = &[
    "方面",
    "项工作",
    "项任务",
    "项重点",
    "大任务",
    "个任务",
    "部分",
];
/// More nouns that make an ordinal refer to the outline (`第三项`, `第五条`), though a count in
/// them (`几项`) may count anything.
const ORDINAL_NOUNS: &[&str] = &["个方面", "任务", "个部分", "大部分", "项", "条", "块"];

/// Every noun that makes an ordinal or a count refer to the outline (`第三项`, `几个方面`), not to
/// a figure (`第2个问题`, `几个镇街`).
fn outline_nouns() -> impl Iterator<Item = &'static &'static str> {
    COUNTED_IN.iter().chain(ORDINAL_NOUNS)
}
/// English ordinals and the outline nouns they go with.
const ENGLISH_ORDINALS: &[&str] = &[
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
];
const ENGLISH_NOUNS: &[&str] = &["task", "part", "section", "priority", "area"];
/// Words of outline questions themselves: what is left after them must be (nearly) nothing,
/// or the question is about a topic inside a section ("健康西湖有哪些方面的举措").
const OUTLINE_WORDS: &[&str] = &[
    "方面",
    "工作",
    "重点",
    "重点工作",
    "部分",
    "任务",
    "项",
    "回顾",
    "工作回顾",
    "讲",
    "讲的是",
    "内容",
    "主要",
    "分",
    "分成",
    "分为",
    "大",
    "两大",
    "一共",
    "最后",
    "最后一项",
    "第一",
    "摘要",
    "报告摘要",
    "条",
    "块",
    "task",
    "tasks",
    "part",
    "parts",
    "section",
    "sections",
    "priority",
    "priorities",
    "about",
    "last",
    "work",
    "plan",
    "report",
    "review",
];

enum Ask {
    /// The n-th (1-based) section of a part; `usize::MAX` for the last.
    Nth(usize),
    /// The n-th (1-based) top-level part ("报告第一部分"), unless a part is named.
    NthPart(usize),
    /// How many sections, and which.
    Outline,
    /// The report's top-level parts.
    Parts,
}

pub(super) fn run(engine: &Engine, q: &Query) -> Step {
    let report = &engine.kb.report;
    if report.parts.is_empty() {
        return Step::Pass("sections.toml names no parts");
    }
    let text = q.p.folded.as_str();
    let ask = match read(text) {
        None => return Step::Pass("no ordinal or count of the outline"),
        // "今年的重点工作分成几部分" counts the sections of a part it names
        // (a strong year or a title: "摘要" reads as a weak plan year through its 要)
        Some(Ask::Parts) if named_part(engine, q, false).is_some() => Ask::Outline,
        // "今年重点工作的第三部分" is a section of the part it names; "第七部分" of a report in
        // two parts, a section of the plan
        Some(Ask::NthPart(n))
            if named_part(engine, q, false).is_some() || n > report.parts.len() =>
        {
            Ask::Nth(n)
        }
        Some(ask) => ask,
    };
    let topical =
        q.p.words
            .iter()
            .filter(|w| {
                // single characters are pieces of other words (最后 → 最, 后), not a topic
                w.chars().count() > 1
                    && !OUTLINE_WORDS.contains(&w.as_str())
                    && !outline_nouns().any(|n| w.ends_with(n))
                    && !w
                        .chars()
                        .all(|c| c.is_ascii_digit() || "一二三四五六七八九十两几".contains(c))
                    && !report.parts.iter().any(|p| p.title.contains(w.as_str()))
            })
            .count();
    if topical > 1 {
        return Step::Pass("the question names a topic beyond the outline");
    }
    if let Ask::NthPart(n) = ask {
        let Some(p) = n.checked_sub(1).and_then(|i| report.parts.get(i)) else {
            return Step::Pass("no part with that ordinal");
        };
        let Some(sentence) = heading(engine, n - 1) else {
            return Step::Pass("no heading sentence to quote");
        };
        let outline = Outline::NthPart {
            ordinal: n,
            title: p.title.clone(),
        };
        return Step::Answer(outline_answer(engine, q, sentence, outline));
    }
    let part = pick_part(engine, q);
    let sections: Vec<usize> = report.part_sections(part).collect();
    if sections.is_empty() {
        return Step::Pass("the part has no sections");
    }
    let answer = match ask {
        // a part's ordinal was answered above
        Ask::Nth(n) | Ask::NthPart(n) => {
            let at = if n == usize::MAX { sections.len() } else { n };
            let Some(&s) = sections.get(at.wrapping_sub(1)) else {
                return Step::Pass("no section with that ordinal");
            };
            let outline = Outline::Nth {
                part: report.parts[part].title.clone(),
                ordinal: at,
                title: report.sections[s].title.clone(),
            };
            outline_answer(engine, q, first_sentence(engine, s), outline)
        }
        Ask::Outline => {
            let titles: Vec<String> = sections
                .iter()
                .map(|&s| report.sections[s].title.clone())
                .collect();
            let count = units::chinese_numeral(sections.len());
            // the report's own sentence stating the count, else the part's heading
            let stated = report.sentences.iter().position(|s| {
                let t = report.sentence_text(s);
                [
                    format!("{count}方面"),
                    format!("{count}个方面"),
                    format!("{count}项"),
                ]
                .iter()
                .any(|c| t.contains(c.as_str()))
            });
            let sentence = stated.or_else(|| heading(engine, part));
            let Some(sentence) = sentence else {
                return Step::Pass("no sentence to quote for the outline");
            };
            let outline = Outline::Sections {
                part: report.parts[part].title.clone(),
                titles,
            };
            outline_answer(engine, q, sentence, outline)
        }
        Ask::Parts => {
            let titles: Vec<String> = report.parts.iter().map(|p| p.title.clone()).collect();
            let Some(sentence) = heading(engine, 0) else {
                return Step::Pass("no heading sentence to quote");
            };
            outline_answer(engine, q, sentence, Outline::Parts { titles })
        }
    };
    Step::Answer(answer)
}

/// Reads an outline question: an ordinal with an outline noun, a count of them, or the parts.
fn read(text: &str) -> Option<Ask> {
    let noun_at = |rest: &str| outline_nouns().any(|n| rest.starts_with(n));
    // "分成哪两大部分", "哪两块", "几大板块": how many parts, counted in a part noun
    let parts_at = |marker: &str| {
        text.match_indices(marker).any(|(i, _)| {
            let rest = text[i + marker.len()..].trim_start_matches(['个', '大']);
            ["部分", "块", "板块"].iter().any(|n| rest.starts_with(n))
        })
    };
    if ["两", "几"].iter().any(|m| parts_at(m)) {
        return Some(Ask::Parts);
    }
    for (i, _) in text.match_indices('第') {
        let rest = &text[i + '第'.len_utf8()..];
        if let Some((n, len)) = leading_number(rest)
            && noun_at(&rest[len..])
        {
            let of_parts = ["部分", "大部分", "个部分"]
                .iter()
                .any(|w| rest[len..].starts_with(w));
            return Some(if of_parts {
                Ask::NthPart(n as usize)
            } else {
                Ask::Nth(n as usize)
            });
        }
    }
    for (i, _) in text.match_indices('(') {
        let rest = &text[i + 1..];
        if let Some((n, len)) = leading_number(rest)
            && rest[len..].starts_with(')')
        {
            return Some(Ask::Nth(n as usize));
        }
    }
    if let Some(i) = text.find("最后一") {
        let rest = &text[i + "最后一".len()..];
        if noun_at(rest) || rest.starts_with('个') {
            return Some(Ask::Nth(usize::MAX));
        }
    }
    let english = |nouns: &[&str]| nouns.iter().any(|n| text.contains(n));
    if english(ENGLISH_NOUNS) {
        if let Some(n) = ENGLISH_ORDINALS.iter().position(|o| text.contains(o)) {
            return Some(Ask::Nth(n + 1));
        }
        if text.contains("last") {
            return Some(Ask::Nth(usize::MAX));
        }
        if text.contains("how many") {
            return Some(Ask::Outline);
        }
    }
    // "哪八个方面": which of a counted outline
    for (i, _) in text.match_indices('哪') {
        let rest = &text[i + '哪'.len_utf8()..];
        if let Some((_, len)) = leading_number(rest)
            && outline_noun(rest[len..].trim_start_matches(['个', '大']))
        {
            return Some(Ask::Outline);
        }
    }
    // "八方面重点工作都有哪些": a counted outline, then a list word
    let lists = ["哪些", "哪几", "都有什么", "都有啥", "分别是", "是哪"]
        .iter()
        .any(|w| text.contains(w));
    let counted = text.char_indices().any(|(i, _)| {
        leading_number(&text[i..])
            .is_some_and(|(_, len)| outline_noun(text[i + len..].trim_start_matches(['个', '大'])))
    });
    if lists && counted {
        return Some(Ask::Outline);
    }
    for marker in ["几", "多少", "哪几", "哪些"] {
        for (i, _) in text.match_indices(marker) {
            let rest = text[i + marker.len()..].trim_start_matches(['个', '大']);
            if outline_noun(rest) {
                return Some(Ask::Outline);
            }
        }
    }
    None
}

/// Does `rest` start with a noun that a count of the outline is counted in (方面, 项工作, 部分)?
fn outline_noun(rest: &str) -> bool {
    COUNTED_IN.iter().any(|n| rest.starts_with(n))
}

/// The part a question names: by its year reading (weak readings too when `weak`), or by its
/// title words.
fn named_part(engine: &Engine, q: &Query, weak: bool) -> Option<usize> {
    let parts = &engine.kb.report.parts;
    let of_year = |y: Option<u16>| parts.iter().position(|p| p.year.is_some() && p.year == y);
    let by_year = match q.p.intent.year {
        YearIntent::Past { strong } if strong || weak => of_year(engine.years.review),
        YearIntent::Plan { strong } if strong || weak => of_year(engine.years.plan),
        _ => None,
    };
    let named = || {
        parts.iter().position(|p| {
            let words: String = p
                .title
                .chars()
                .filter(|c| !c.is_ascii_digit() && *c != '年')
                .collect();
            let tail: String = words
                .chars()
                .skip(words.chars().count().saturating_sub(2))
                .collect();
            q.p.folded.contains(&words) || (tail != "工作" && q.p.folded.contains(&tail))
        })
    };
    by_year.or_else(named)
}

/// The part a question points at: the one it names, else the plan's, else the last.
fn pick_part(engine: &Engine, q: &Query) -> usize {
    let parts = &engine.kb.report.parts;
    named_part(engine, q, true)
        .or_else(|| {
            parts
                .iter()
                .position(|p| p.year.is_some() && p.year == engine.years.plan)
        })
        .unwrap_or(parts.len() - 1)
}

/// The first sentence of a section.
fn first_sentence(engine: &Engine, section: usize) -> usize {
    let report = &engine.kb.report;
    report
        .sentences
        .iter()
        .position(|s| s.section == section)
        .unwrap_or(0)
}

/// The sentence that is a part's heading.
fn heading(engine: &Engine, part: usize) -> Option<usize> {
    let report = &engine.kb.report;
    let title = &report.parts.get(part)?.title;
    report
        .sentences
        .iter()
        .position(|s| report.sentence_text(s).trim() == title.as_str())
}

fn outline_answer(engine: &Engine, q: &Query, sentence: usize, outline: Outline) -> Answer {
    let mut part: Part = engine.part_for_sentence(sentence, 1.0);
    part.outline = Some(outline);
    let mut answer = Answer::bare(q.p.text.clone(), Outcome::Answered);
    answer.parts = vec![part];
    answer.score = 1.0;
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outline_questions_are_read() {
        assert!(matches!(
            read("今年重点工作的第三项讲的是什么"),
            Some(Ask::Nth(3))
        ));
        assert!(matches!(read("(三)讲的是什么"), Some(Ask::Nth(3))));
        assert!(matches!(
            read("八项重点工作里最后一项是什么"),
            Some(Ask::Nth(usize::MAX))
        ));
        assert!(matches!(
            read("2023年重点工作一共分几个方面"),
            Some(Ask::Outline)
        ));
        assert!(matches!(read("报告摘要分成哪两大部分"), Some(Ask::Parts)));
        assert!(matches!(read("what is the third task"), Some(Ask::Nth(3))));
        assert!(read("第2个问题,社零多少").is_none());
        assert!(read("去年有几个镇街实现了一支队伍管执法").is_none());
    }
}
