//! Premises of yes/no questions: the figure or rank the asker states ("超过2000亿", "200 billion
//! yuan", "全市第一") and how it compares with the report's, in the same base unit.
//!
//! Numbers that are not stated figures never become premises: list markers (`1. 社零多少`),
//! ordinals (`第2个问题`), names with digits (`4号线`, `152工程`, `116N`) and the report's years.

use super::answer::Verdict;
use super::units::{self, Quantity, Value};
use crate::knowledge::figures;

/// How the asker's figure relates to the real one in the question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Relation {
    /// "超过 / 突破 / more than": the real figure is above it.
    Above,
    /// "不到 / 低于 / less than": the real figure is below it.
    Below,
    /// "是 / 有 / 达到": the real figure is it.
    Equal,
}

/// A figure stated in a yes/no question.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Premise {
    /// As the question writes it (`2000亿元`).
    pub(crate) text: String,
    /// Its value in base units.
    pub(crate) value: Value,
    /// How the question relates it to the real figure.
    pub(crate) relation: Relation,
}

const ABOVE: &[&str] = &[
    "超过",
    "突破",
    "超",
    "高于",
    "多于",
    "大于",
    "以上",
    "过",
    "more than",
    "over",
    "exceed",
    "above",
];
const BELOW: &[&str] = &[
    "不到",
    "低于",
    "少于",
    "小于",
    "不足",
    "以下",
    "less than",
    "below",
    "under",
];
/// Words after a number that make it a name, not a figure (`4号线`, `152工程`, `116N`).
const NAME_AFTER: &[&str] = &["号", "工程", "体系", "计划", "战略", "行动", "清单", "机制"];

/// Whether the text after a number makes it a name (`号线`, `工程`, `N` of `116N`).
fn names_by(after: &str) -> bool {
    // a number in quotation marks is a name ("“1248”计划", "“7181”机制")
    if after.starts_with(['"', '”', '’', '\'', '」', '』']) {
        return true;
    }
    NAME_AFTER.iter().any(|w| after.starts_with(w))
        || after.starts_with(|c: char| c.is_ascii_alphabetic() && !c.is_whitespace())
            && !after.starts_with('%')
}

/// The numbers of `folded` that are names, not figures (`1248` of "1248计划", `7181` of
/// "7181机制", `116` of "116N"): search treats them as words that must match, like any name.
pub(crate) fn named_numbers(folded: &str) -> Vec<String> {
    figures::figures(folded)
        .iter()
        .filter(|f| !f.is_year() && names_by(&folded[f.start + f.number.len()..]))
        .map(|f| f.number.to_string())
        .collect()
}

/// The stated figure of a yes/no question, if it has one.
pub(crate) fn premise(folded: &str) -> Option<Premise> {
    let figs = figures::figures(folded);
    for f in figs.iter().filter(|f| !f.is_year()) {
        let before = &folded[..f.start];
        let after = &folded[f.start + f.number.len()..];
        let list_marker = before.trim().is_empty() && after.starts_with(['.', '、', ')', ':', ' ']);
        let ordinal = before.ends_with('第');
        if list_marker || ordinal || names_by(after) {
            continue;
        }
        let Some(value) = units::value(f.number, after) else {
            continue;
        };
        let near = |words: &[&str]| {
            let window: String = before
                .chars()
                .rev()
                .take(6)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            // English words are longer than the window: the last two words before the number
            let english: Vec<&str> = before
                .split_whitespace()
                .rev()
                .take_while(|w| w.is_ascii())
                .take(2)
                .collect();
            let english = english.into_iter().rev().collect::<Vec<_>>().join(" ");
            let tail: String = after.chars().take(8).collect();
            words.iter().any(|w| {
                window.contains(w)
                    || english.contains(w)
                    || tail.starts_with(w)
                    || tail.contains(&format!(" {w}"))
            })
        };
        let relation = if near(BELOW) {
            Relation::Below
        } else if near(ABOVE) {
            Relation::Above
        } else {
            Relation::Equal
        };
        // English units stand after a space: "200 billion yuan"
        let english: Vec<&str> = after
            .split_whitespace()
            .take_while(|w| w.starts_with(|c: char| c.is_ascii_alphabetic()))
            .take(2)
            .map(|w| w.trim_end_matches(|c: char| !c.is_ascii_alphanumeric()))
            .collect();
        let text = if f.text.len() == f.number.len() && !english.is_empty() {
            format!("{} {}", f.number, english.join(" "))
        } else {
            f.text.to_string()
        };
        return Some(Premise {
            text,
            value,
            relation,
        });
    }
    None
}

/// Chinese numerals up to 99 (`三` 3, `十六` 16, `两` 2).
pub(crate) fn chinese_number(s: &str) -> Option<u32> {
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|d| d as u32)
    };
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        ['两'] => Some(2),
        ['十'] => Some(10),
        [c] => digit(*c),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        _ => None,
    }
}

/// The leading ordinal number of `s`: Arabic digits or a Chinese numeral (`3项` → 3, `三方面` → 3).
pub(crate) fn leading_number(s: &str) -> Option<(u32, usize)> {
    // no allocation: it is tried at every character of passages (was 5 % of an answer)
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        return Some((s[..digits].parse().ok()?, digits));
    }
    let mut ends = [0usize; 3];
    let mut count = 0;
    for (i, c) in s.char_indices().take(3) {
        if !"零一二三四五六七八九十两".contains(c) {
            break;
        }
        ends[count] = i + c.len_utf8();
        count += 1;
    }
    (1..=count)
        .rev()
        .find_map(|n| chinese_number(&s[..ends[n - 1]]).map(|v| (v, ends[n - 1])))
}

/// The first rank a text states: `第3` → 3, `首位` / `第一` / `最` → 1.
pub(crate) fn rank(text: &str) -> Option<u32> {
    for (i, _) in text.match_indices('第') {
        if let Some((n, _)) = leading_number(&text[i + '第'.len_utf8()..]) {
            return Some(n);
        }
    }
    [
        "首位",
        "首家",
        "最高",
        "最好",
        "最强",
        "最大",
        "最多",
        "第一名",
        "top",
        "first",
    ]
    .iter()
    .any(|w| text.contains(w))
    .then_some(1)
}

/// The figures of `text` of the kind a premise states (a sum of money for `2000亿`, a share for
/// `99.61%`), each with where it stands and its value.
fn comparable<'a>(
    premise: &'a Premise,
    text: &'a str,
) -> impl Iterator<Item = (figures::Figure<'a>, Value)> + 'a {
    figures::figures(text)
        .into_iter()
        .filter(|f| !f.is_year())
        .filter_map(move |f| {
            let real = units::value(f.number, &text[f.start + f.number.len()..])?;
            let same_kind = match (premise.value.quantity, real.quantity) {
                (Some(a), Some(b)) => a == b || units::fits(a, &[b]),
                (None, _) | (_, None) => true,
            };
            let money = |q: Option<Quantity>| q == Some(Quantity::Money);
            (same_kind && money(premise.value.quantity) == money(real.quantity))
                .then_some((f, real))
        })
}

/// How far the nearest figure of `text` of the premise's kind is from it, relative to the
/// larger of the two (`None` when `text` states none of that kind).
pub(crate) fn distance(premise: &Premise, text: &str) -> Option<f64> {
    let p = premise.value.amount;
    comparable(premise, text)
        .map(|(_, real)| {
            (p - real.amount).abs() / p.abs().max(real.amount.abs()).max(f64::MIN_POSITIVE)
        })
        .min_by(f64::total_cmp)
}

/// Half a unit of the last digit of the number `written` starts with, in the base units of
/// `amount` (its value): `1970亿` → 0.5亿, `99.61%` → 0.005. `None` when it starts with no
/// Arabic number.
fn half_unit(written: &str, amount: f64) -> Option<f64> {
    let digits: String = written
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .filter(|c| *c != ',')
        .collect();
    let number: f64 = digits.parse().ok().filter(|n: &f64| *n != 0.0)?;
    let decimals = digits.split_once('.').map_or(0, |(_, d)| d.len());
    let scale = amount / number;
    Some(0.5 * 10f64.powi(-(decimals as i32)) * scale.abs())
}

/// Judges a premise against the figures of an answer (its answer lines, then its quotations):
/// the first figure of the same kind, a lower bound where the report says `超` or `以上`.
pub(crate) fn judge(premise: &Premise, texts: &[&str]) -> Option<Verdict> {
    let (text, (f, real)) = texts
        .iter()
        .find_map(|text| comparable(premise, text).next().map(|found| (*text, found)))?;
    let after = &text[f.start + f.number.len()..];
    let before = &text[..f.start];
    let at_least = before.ends_with('超')
        || before.ends_with("超过")
        || before.ends_with("突破")
        || after[f.text.len() - f.number.len()..].starts_with("以上");
    let (p, r) = (premise.value.amount, real.amount);
    // equal to the precision of the less precise of the two as written: 1970亿 is
    // 1970.1亿元, 8.3万 is 8.27万; 99.61% is not 99.65%
    let equal = match (half_unit(&premise.text, p), half_unit(f.number, r)) {
        (Some(a), Some(b)) => (p - r).abs() <= a.max(b) * (1.0 + 1e-9),
        _ => (p - r).abs() <= p.abs().max(r.abs()) * 0.005,
    };
    let yes = match premise.relation {
        Relation::Above => r > p || (at_least && r >= p),
        Relation::Below => r < p && !at_least,
        Relation::Equal => equal || (at_least && r >= p),
    };
    let stated = premise.text.clone();
    Some(match (yes, premise.relation) {
        (true, _) => Verdict::Yes,
        (false, Relation::Above) => Verdict::NotAbove(stated),
        (false, Relation::Below) => Verdict::NotBelow(stated),
        (false, Relation::Equal) => Verdict::No(Some(stated)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stated_figures_are_premises() {
        let p = premise("去年gdp突破2000亿元了吗").unwrap();
        assert_eq!(p.text, "2000亿元");
        assert_eq!(p.relation, Relation::Above);
        assert_eq!(
            judge(&p, &["实现地区生产总值1970.1亿元"]),
            Some(Verdict::NotAbove("2000亿元".into()))
        );
        let english = premise("did gdp exceed 200 billion yuan?").unwrap();
        assert_eq!(
            judge(&english, &["1970.1亿元"]),
            Some(Verdict::NotAbove("200 billion yuan".into()))
        );
        let share = premise("数字经济核心产业增加值占gdp比重超过30%了吗").unwrap();
        assert_eq!(judge(&share, &["占GDP比重超30%"]), Some(Verdict::Yes));
    }

    #[test]
    fn numbers_that_are_not_figures_are_not_premises() {
        for q in [
            "1. 社零多少",
            "第2个问题,社零多少",
            "地铁4号线开通了吗",
            "152工程有几个",
            "116n实验室体系是什么",
            "2022年gdp多少",
        ] {
            assert_eq!(premise(q), None, "{q}");
        }
    }

    #[test]
    fn ranks_and_numerals() {
        assert_eq!(rank("收入规模跃升至全市第3"), Some(3));
        assert_eq!(rank("是全市第一吗"), Some(1));
        assert_eq!(rank("空气环境质量居主城区首位"), Some(1));
        assert_eq!(leading_number("十六届"), Some((16, "十六".len())));
        assert_eq!(leading_number("三项"), Some((3, "三".len())));
    }
}
