//! Kinds of quantity: what a question asks for (`多少亩` asks for an area) and what an entry's
//! figures measure, so "外资企业有多少家" does not get a figure in 亿美元. The unit words, their
//! kinds and scales are one table, [`figures::UNITS`], shared with the figures' reader.

use crate::knowledge::figures::{self, unit_at};

pub use crate::knowledge::figures::Quantity;

/// English number words and unit words a premise may use (`200 billion yuan`, `5 percent`).
const ENGLISH_SCALES: &[(&str, f64)] = &[
    ("trillion", 1e12),
    ("billion", 1e9),
    ("million", 1e6),
    ("thousand", 1e3),
];
const ENGLISH_UNITS: &[(&str, Quantity)] = &[
    ("percent", Quantity::Percent),
    ("per cent", Quantity::Percent),
    ("yuan", Quantity::Money),
    ("rmb", Quantity::Money),
    ("dollars", Quantity::Money),
    ("usd", Quantity::Money),
    ("people", Quantity::People),
    ("companies", Quantity::Count),
    ("enterprises", Quantity::Count),
    ("mu", Quantity::Area),
    ("km", Quantity::Length),
    ("kilometres", Quantity::Length),
    ("kilometers", Quantity::Length),
];

/// A number with its unit read as one value in base units (`1970.1亿元` → 1.9701e11 of money).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Value {
    /// The value in base units.
    pub amount: f64,
    /// Its kind, when the unit says.
    pub quantity: Option<Quantity>,
}

/// Reads `number` followed by `unit_text` (what follows the digits) as a [`Value`]; `None`
/// for a ratio such as `0.2:7.8:92`.
pub fn value(number: &str, unit_text: &str) -> Option<Value> {
    if number.contains(':') {
        return None;
    }
    let n: f64 = number.parse().ok()?;
    let unit = unit_text.trim_start();
    if let Some(&(word, scale)) = ENGLISH_SCALES.iter().find(|(w, _)| unit.starts_with(w)) {
        let rest = unit[word.len()..].trim_start();
        let quantity = ENGLISH_UNITS
            .iter()
            .find(|(w, _)| rest.starts_with(w))
            .map(|&(_, q)| q);
        return Some(Value {
            amount: n * scale,
            quantity,
        });
    }
    if let Some(&(_, q)) = ENGLISH_UNITS.iter().find(|(w, _)| unit.starts_with(w)) {
        return Some(Value {
            amount: n,
            quantity: Some(q),
        });
    }
    // the unit table of the figures (knowledge::figures::UNITS): one scale and one kind per word
    let scale = unit_at(unit_text, |u| u.scale != 1.0).map_or(1.0, |u| u.scale);
    Some(Value {
        amount: n * scale,
        quantity: quantity_at(unit_text),
    })
}

/// The kind of quantity of the unit word `s` starts with, past a `万` the table has no word
/// for with that unit (`万亩` is an area, as `亩` is; see [`figures::figures`]).
fn quantity_at(s: &str) -> Option<Quantity> {
    let kind = |s: &str| unit_at(s, |u| u.quantity.is_some()).and_then(|u| u.quantity);
    kind(s).or_else(|| kind(s.strip_prefix('万')?))
}
/// The kind of quantity of the unit word `s` is.
pub(crate) fn unit_word(s: &str) -> Option<Quantity> {
    figures::UNITS
        .iter()
        .find(|u| u.quantity.is_some() && u.word == s)
        .and_then(|u| u.quantity)
}

/// The kind of quantity a question asks for, from its words: `多少` / `几` followed by a unit word
/// (`多少 亩`, `几个`; not `多少 人工林`), or a share word (`占比`, `比重`).
pub fn asked(words: &[&str]) -> Option<Quantity> {
    let share = [
        "占比",
        "比重",
        "比例",
        "百分之",
        "百分比",
        "百分点",
        "share",
    ];
    let text = words.concat();
    if share.iter().any(|s| text.contains(s)) {
        return Some(Quantity::Percent);
    }
    if ["什么时候", "何时", "哪天", "哪一天", "几月", "几号", "when"]
        .iter()
        .any(|w| text.contains(w))
    {
        return Some(Quantity::Date);
    }
    if words
        .iter()
        .any(|w| matches!(*w, "多长" | "多远" | "长度" | "多少米"))
    {
        return Some(Quantity::Length);
    }
    // a measure named by its noun: "规划面积多大", "占地多少", "金额是多少"
    if words
        .iter()
        .any(|w| matches!(*w, "面积" | "占地" | "占地面积"))
    {
        return Some(Quantity::Area);
    }
    // "多少钱" however it was cut (多少|钱, 多|少钱)
    if words
        .iter()
        .any(|w| matches!(*w, "金额" | "多少钱" | "投资额"))
        || [
            "多少钱",
            "多少元",
            "几块钱",
            "总投资",
            "投资多",
            "投资是多",
            "投资有多",
        ]
        .iter()
        .any(|w| text.contains(w))
    {
        return Some(Quantity::Money);
    }
    for (i, w) in words.iter().enumerate() {
        // "这几年", "近几年": a span of time the question is about, not a count asked
        let span_word = |w: &str| {
            ["这", "那", "近", "前", "头", "最近"]
                .iter()
                .any(|p| w.ends_with(p))
        };
        for marker in ["多少", "几"] {
            let this_few = marker == "几"
                && ((i > 0 && span_word(words[i - 1]))
                    || w.strip_suffix(marker)
                        .is_some_and(|h| !h.is_empty() && span_word(h)));
            if this_few {
                continue;
            }
            if let Some(rest) = w.strip_prefix(marker) {
                let unit = if rest.is_empty() {
                    words.get(i + 1).and_then(|n| unit_word(n))
                } else {
                    unit_word(rest)
                };
                if unit.is_some() {
                    return unit;
                }
            }
        }
    }
    None
}

/// The kinds of quantity the figures in `text` measure (years excepted).
pub fn measured(text: &str) -> Vec<Quantity> {
    let mut out = Vec::new();
    for f in figures::figures(text).into_iter().filter(|f| !f.is_year()) {
        // a class named by a threshold ("10亿元以上重大项目8个") measures nothing itself
        let rest = &text[f.start + f.text.len()..];
        let after = rest
            .strip_prefix("以上")
            .or_else(|| rest.strip_prefix("以下"));
        if f.text.ends_with('元')
            && after.is_some_and(|a| a.chars().next().is_some_and(super::typos::is_han))
        {
            continue;
        }
        // a ratio (0.2:7.8:92) is a structure of shares
        let q = if f.number.contains(':') {
            Quantity::Percent
        } else {
            quantity_at(f.unit()).unwrap_or(Quantity::Count)
        };
        if !out.contains(&q) {
            out.push(q);
        }
    }
    out
}

/// Does `text` hold a date or a year (so it can say "when")?
pub fn dated(text: &str) -> bool {
    figures::figures(text)
        .iter()
        .any(|f| f.is_year() || f.text.ends_with(['年', '月', '日']))
}

/// Does a text give a month or a day (`2月`, `15日`, `2023-02-08`), not just a year?
pub fn dated_to_day(text: &str) -> bool {
    let numeric = text.as_bytes().windows(5).any(|w| {
        w[0].is_ascii_digit()
            && w[1].is_ascii_digit()
            && w[2] == b'-'
            && w[3].is_ascii_digit()
            && w[4].is_ascii_digit()
    });
    numeric
        || figures::figures(text)
            .iter()
            .any(|f| f.text.ends_with(['月', '日']))
}

/// Can a text measuring `have` answer a question asking for `want`? Counting words (个) are
/// used loosely for people and things alike.
pub fn fits(want: Quantity, have: &[Quantity]) -> bool {
    have.iter().any(|&h| {
        h == want
            || matches!(
                (want, h),
                (Quantity::Count, Quantity::People) | (Quantity::People, Quantity::Count)
            )
    })
}

/// The money thresholds a text names ("10亿元以上" → ("10", "亿"), "亿元以上" → ("", "亿"),
/// "千万元以上" → ("千", "万")): the number before the magnitude and the magnitude.
pub(crate) fn thresholds(text: &str) -> Vec<(String, String)> {
    const NUMERALS: &str = "0123456789.一二三四五六七八九十百千两";
    let mut out = Vec::new();
    for (i, _) in text.match_indices("元以上") {
        let before = &text[..i];
        let magnitude = ["万亿", "亿", "万"]
            .into_iter()
            .find(|m| before.ends_with(m))
            .unwrap_or("");
        let head = &before[..before.len() - magnitude.len()];
        let number: String = head
            .chars()
            .rev()
            .take_while(|c| NUMERALS.contains(*c))
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if !magnitude.is_empty() || !number.is_empty() {
            out.push((number, magnitude.to_string()));
        }
    }
    out
}

/// A threshold the question names that the passage states only with another number in the
/// same magnitude: "亿元以上的项目" against "10亿元以上重大项目8个" (a near miss, not the figure
/// asked). The question's threshold, as written, when so.
pub(crate) fn other_threshold(question: &str, passage: &str) -> Option<String> {
    let stated = thresholds(passage);
    thresholds(question).into_iter().find_map(|(n, m)| {
        let same_magnitude = stated.iter().any(|(_, sm)| *sm == m);
        let exact = stated.iter().any(|s| *s == (n.clone(), m.clone()));
        (same_magnitude && !exact).then(|| format!("{n}{m}元以上"))
    })
}

/// A count as a Chinese numeral (the outline's counts are small): 3 → 三, 12 → 十二. The report
/// states its counts this way ("八方面工作"), so the outline is found by it.
pub fn chinese_numeral(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", DIGITS[n - 10]),
        20..=99 if n.is_multiple_of(10) => format!("{}十", DIGITS[n / 10]),
        20..=99 => format!("{}十{}", DIGITS[n / 10], DIGITS[n % 10]),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn these_few_years_ask_no_count() {
        assert_eq!(
            asked(&["这", "几年", "累计", "发放", "资金", "有", "多少"]),
            None
        );
        assert_eq!(
            asked(&["近", "几年", "新增", "多少", "亩"]),
            Some(Quantity::Area)
        );
    }

    #[test]
    fn asked_quantities() {
        assert_eq!(
            asked(&["外资", "企业", "有", "多少", "家"]),
            Some(Quantity::Count)
        );
        assert_eq!(asked(&["做地", "几个"]), Some(Quantity::Count));
        assert_eq!(
            asked(&["龙井茶", "多少", "钱", "一斤"]),
            Some(Quantity::Money)
        );
        assert_eq!(
            asked(&["数字经济", "占", "gdp", "比重"]),
            Some(Quantity::Percent)
        );
        assert_eq!(asked(&["新种", "了", "多少", "人工林"]), None);
        assert_eq!(asked(&["收入", "是", "多", "少钱"]), Some(Quantity::Money));
        assert_eq!(
            asked(&["项目", "总", "投资", "多少"]),
            Some(Quantity::Money)
        );
    }

    #[test]
    fn a_threshold_naming_a_class_measures_nothing() {
        assert_eq!(measured("招引10亿元以上项目10个"), vec![Quantity::Count]);
        assert_eq!(
            measured("完成投资50.03亿元,占任务的162.4%"),
            vec![Quantity::Money, Quantity::Percent]
        );
    }

    #[test]
    fn a_magnitude_keeps_its_unit_s_kind() {
        assert_eq!(measured("大棚西瓜突破1万亩"), vec![Quantity::Area]);
        assert_eq!(measured("新建3处公厕、10个垃圾箱"), vec![Quantity::Count]);
    }

    #[test]
    fn numerals() {
        assert_eq!(chinese_numeral(8), "八");
        assert_eq!(chinese_numeral(16), "十六");
        assert_eq!(chinese_numeral(20), "二十");
    }

    #[test]
    fn values_share_a_base_unit() {
        let gdp = value("1970.1", "亿元").unwrap();
        let premise = value("2000", "亿元").unwrap();
        let english = value("200", " billion yuan").unwrap();
        assert_eq!(gdp.quantity, Some(Quantity::Money));
        assert!(gdp.amount < premise.amount);
        assert_eq!(english.amount, premise.amount);
        assert_eq!(english.quantity, Some(Quantity::Money));
        assert_eq!(value("5", "%").unwrap().quantity, Some(Quantity::Percent));
        assert_eq!(value("0.2:7.8:92", ""), None);
    }

    #[test]
    fn measured_quantities_fit() {
        let fdi = measured("实际利用外资7.01亿美元。");
        assert!(!fits(Quantity::Count, &fdi));
        assert!(fits(Quantity::Money, &fdi));
        assert!(fits(Quantity::Count, &measured("地铁3号线、10号线")));
        assert!(fits(Quantity::People, &measured("新增大学生创业企业815家")));
    }

    #[test]
    fn thresholds_are_compared_by_number_and_magnitude() {
        assert_eq!(
            thresholds("招引10亿元以上项目10个、亿元以上项目120个"),
            vec![("10".into(), "亿".into()), ("".into(), "亿".into())]
        );
        assert_eq!(
            other_threshold("亿元以上的去年招了多少", "招引10亿元以上重大项目8个"),
            Some("亿元以上".into())
        );
        assert_eq!(
            other_threshold("10亿元以上项目", "招引10亿元以上重大项目8个"),
            None
        );
        assert_eq!(
            other_threshold("税收亿元以上楼宇", "培育税收亿元楼6幢"),
            None
        );
    }
}
