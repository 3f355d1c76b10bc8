//! Which years the report speaks of: the report's own year (the plan year, from its title or the
//! date it was delivered) and the year each part describes (the reviewed year is the one before).

use super::text::Paragraph;

/// Four-digit years (19xx/20xx) followed by 年, in reading order.
pub fn years_in(text: &str) -> Vec<u16> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 <= b.len() {
        let digits = b[i..i + 4].iter().all(u8::is_ascii_digit);
        let alone = digits
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && text[i + 4..].starts_with('年')
            && (b[i] == b'1' && b[i + 1] == b'9' || b[i] == b'2' && b[i + 1] == b'0');
        if digits && alone {
            out.push(text[i..i + 4].parse().unwrap_or(0));
            i += 4;
        } else {
            i += 1;
        }
    }
    out
}

/// The report's own year: the year in its title line ("…2017年政府工作报告"), else the year of
/// the date it was delivered ("2017年2月11日在…会议上"), else the latest year of the front matter.
pub fn report_year(paragraphs: &[Paragraph<'_>]) -> Option<u16> {
    let front = &paragraphs[..paragraphs.len().min(8)];
    let titled = front
        .iter()
        .filter(|p| p.text.contains("报告"))
        .find_map(|p| years_in(p.text).into_iter().next());
    let dated = || {
        front
            .iter()
            .filter(|p| p.text.contains("月") && p.text.contains("日"))
            .find_map(|p| years_in(p.text).into_iter().next())
    };
    // no title or date (容城 2020 opens on "一、2019年工作回顾"): the latest year a part heading
    // names is the plan's; the front paragraphs' latest year only when no heading names one
    // (theirs is the review year there: "2019 年，是雄安新区…")
    let headed = || {
        paragraphs
            .iter()
            .filter(|p| super::outline::is_part_heading(p.text))
            .flat_map(|p| years_in(p.text))
            .max()
    };
    titled
        .or_else(dated)
        .or_else(headed)
        .or_else(|| front.iter().flat_map(|p| years_in(p.text)).max())
}

/// A target date written before a figure ("到2021年,", "力争到 2018 年底", "至 202 1年"): where
/// the last one in `text` starts, its year, and the phrase with its spaces removed (`到2021年底`).
/// Some reports break numbers with stray spaces (阜平 2017: "到 202 1年"), so spaces between the
/// digits are allowed.
pub fn target_date(text: &str) -> Option<(usize, u16, String)> {
    let mut found = None;
    for (i, c) in text.char_indices() {
        if c != '到' && c != '至' {
            continue;
        }
        let rest = &text[i + c.len_utf8()..];
        let mut digits = String::new();
        let mut end = 0;
        for (j, d) in rest.char_indices() {
            if d.is_ascii_digit() {
                digits.push(d);
            } else if d != ' ' && d != '\u{3000}' {
                end = j;
                break;
            }
        }
        let tail = &rest[end..];
        let Some(after) = tail.strip_prefix('年') else {
            continue;
        };
        let year: u16 = match digits.parse() {
            Ok(y) if digits.len() == 4 && (1900..2100).contains(&y) => y,
            _ => continue,
        };
        let end_word = ["底", "末"]
            .into_iter()
            .find(|w| after.trim_start().starts_with(w));
        found = Some((i, year, format!("{c}{year}年{}", end_word.unwrap_or(""))));
    }
    found
}

/// What a top-level part is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// The review of the past year (工作回顾, 过去一年).
    Review,
    /// The plan for the report's year (工作安排, 重点工作, 主要任务).
    Plan,
    /// Anything else (government self-building, closing).
    Other,
}

/// Words of a heading that mark the review of the past year.
pub const REVIEW_WORDS: &[&str] = &["回顾", "过去", "总结", "去年"];
/// Words of a heading that mark the plan for the report's year.
pub const PLAN_WORDS: &[&str] = &[
    "安排",
    "重点工作",
    "主要任务",
    "任务",
    "计划",
    "目标",
    "打算",
    "建议",
    "总体要求",
    "今年",
];

/// The kind of a part from its heading.
pub fn part_kind(heading: &str) -> PartKind {
    if REVIEW_WORDS.iter().any(|w| heading.contains(w)) {
        PartKind::Review
    } else if PLAN_WORDS.iter().any(|w| heading.contains(w)) {
        PartKind::Plan
    } else {
        PartKind::Other
    }
}

/// The kind of a part in a report of year `report`: by its heading's words, else by the year it
/// names — an earlier year's part is a review, the report's own year's a plan ("一、关于2012年
/// 政府工作" in 徐水's 2013 report was a section "part").
pub fn part_kind_in(heading: &str, report: Option<u16>) -> PartKind {
    match (part_kind(heading), years_in(heading).first(), report) {
        (PartKind::Other, Some(&y), Some(r)) if y < r => PartKind::Review,
        (PartKind::Other, Some(&y), Some(r)) if y == r => PartKind::Plan,
        (kind, _, _) => kind,
    }
}

/// The year a part's figures describe: the year its heading names, else the year before the
/// report's for a review and the report's year for a plan; `previous` for any other part.
pub fn part_year(
    heading: &str,
    kind: PartKind,
    report: Option<u16>,
    previous: Option<u16>,
) -> Option<u16> {
    if let Some(&y) = years_in(heading).first() {
        return Some(y);
    }
    match kind {
        PartKind::Review => report.map(|y| y - 1),
        PartKind::Plan => report,
        PartKind::Other => previous.or(report),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::init::text::paragraphs;

    #[test]
    fn the_report_year_comes_from_the_title_or_the_date() {
        let p = paragraphs("某某区2017年政府工作报告\n—2017年2月11日在会议上\n");
        assert_eq!(report_year(&p), Some(2017));
        let p = paragraphs("政府工作报告\n(2023年2月1日在某某区人民代表大会上)\n");
        assert_eq!(report_year(&p), Some(2023));
    }

    #[test]
    fn part_years_follow_their_headings() {
        assert_eq!(
            part_year("一、2016年工作回顾", PartKind::Review, Some(2017), None),
            Some(2016)
        );
        assert_eq!(
            part_year(
                "过去一年工作回顾",
                part_kind("过去一年工作回顾"),
                Some(2024),
                None
            ),
            Some(2023)
        );
        assert_eq!(part_kind("二、今年工作安排"), PartKind::Plan);
        assert_eq!(
            part_year(
                "三、加强政府自身建设",
                PartKind::Other,
                Some(2024),
                Some(2024)
            ),
            Some(2024)
        );
        assert_eq!(years_in("12016年 2016年和1999年"), vec![2016, 1999]);
    }

    #[test]
    fn target_dates_allow_stray_spaces_and_keep_the_last() {
        let t = "力争到 2018 年,基本完成。到 202 1年底,全县";
        assert_eq!(
            target_date(t),
            Some((t.rfind('到').unwrap(), 2021, "到2021年底".to_string()))
        );
        assert_eq!(target_date("到20个村"), None);
        assert_eq!(target_date("增长到12345年"), None);
    }
}
