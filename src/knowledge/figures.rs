//! Figures: numbers with their units, as the report writes them (`1970.1亿元`, `0.2:7.8:92`, `99.65%`).
//!
//! Used to check that answer lines only state numbers from their quotation, to measure the
//! knowledge base's coverage of the report, to bold figures in replies and to spot a number a
//! question states (a possible wrong premise).

/// A kind of quantity: what a unit measures, what a question asks for (`多少亩` asks for an
/// area) and what an entry's figures measure, so "外资企业有多少家" does not get a figure in 亿美元.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Quantity {
    /// Things counted: 个, 家, 所, 条, 套, 号线…
    Count,
    /// People: 人, 名.
    People,
    /// Money: 元, 亿元, 亿美元, 钱.
    Money,
    /// Area: 亩, 平方米.
    Area,
    /// Length: 公里, 米.
    Length,
    /// A share: %, 占比, 比重.
    Percent,
    /// Time: 天, 分钟, 年.
    Time,
    /// A date: the answer to "when".
    Date,
}

/// A unit word: what it measures, how many base units it stands for, and whether the report
/// writes it after a figure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Unit {
    /// The word (`亿元`).
    pub word: &'static str,
    /// What it measures; `None` for a word that only ends a figure (`月`, a bare `万`).
    pub quantity: Option<Quantity>,
    /// How many base units one stands for (`亿元` = 10⁸ 元), so a premise is compared with the
    /// report's figures in one base unit (2000亿 vs 1970.1亿元); 1 where it does not scale.
    pub scale: f64,
    /// Part of a figure as the report writes it (`1970.1亿元`): figures are read with these
    /// only. Words a question uses but the report does not write after digits (`多少钱`, `几天`)
    /// are not, so a figure's text stays what the report prints.
    pub in_figures: bool,
}

const fn unit(
    word: &'static str,
    quantity: Option<Quantity>,
    scale: f64,
    in_figures: bool,
) -> Unit {
    Unit {
        word,
        quantity,
        scale,
        in_figures,
    }
}

use Quantity::{Area, Count, Length, Money, People, Percent, Time};

/// Every unit word, longest first so `亿美元` wins over `亿` (a text starts with at most one
/// word of each length, so the first match is the longest).
pub const UNITS: &[Unit] = &[
    unit("万平方米", Some(Area), 1e4, true),
    unit("万平米", Some(Area), 1e4, true),
    unit("百分点", Some(Percent), 1.0, false),
    unit("亿美元", Some(Money), 1e8, true),
    unit("平方米", Some(Area), 1.0, true),
    unit("平米", Some(Area), 1.0, true),
    unit("号线", Some(Count), 1.0, true),
    unit("分钟", Some(Time), 1.0, true),
    unit("周年", Some(Time), 1.0, true),
    unit("亿元", Some(Money), 1e8, true),
    unit("万元", Some(Money), 1e4, true),
    unit("万人", Some(People), 1e4, true),
    unit("万家", Some(Count), 1e4, true),
    unit("万套", Some(Count), 1e4, true),
    unit("公里", Some(Length), 1.0, true),
    unit("%", Some(Percent), 1.0, true),
    unit("个", Some(Count), 1.0, true),
    unit("家", Some(Count), 1.0, true),
    unit("亩", Some(Area), 1.0, true),
    unit("套", Some(Count), 1.0, true),
    unit("人", Some(People), 1.0, true),
    unit("幢", Some(Count), 1.0, true),
    unit("条", Some(Count), 1.0, true),
    unit("件", Some(Count), 1.0, true),
    unit("宗", Some(Count), 1.0, true),
    unit("间", Some(Count), 1.0, true),
    unit("所", Some(Count), 1.0, true),
    unit("次", None, 1.0, true),
    unit("年", Some(Time), 1.0, true),
    unit("月", None, 1.0, true),
    unit("日", None, 1.0, true),
    unit("项", Some(Count), 1.0, true),
    unit("亿", Some(Money), 1e8, true),
    unit("万", None, 1e4, true),
    unit("钱", Some(Money), 1.0, false),
    unit("元", Some(Money), 1.0, false),
    unit("栋", Some(Count), 1.0, false),
    unit("起", Some(Count), 1.0, false),
    unit("座", Some(Count), 1.0, false),
    unit("名", Some(People), 1.0, false),
    unit("位", Some(People), 1.0, false),
    unit("米", Some(Length), 1.0, false),
    unit("天", Some(Time), 1.0, true),
];

/// The unit word `text` starts with, among those `keep` accepts (the longest).
pub fn unit_at(text: &str, keep: impl Fn(&Unit) -> bool) -> Option<&'static Unit> {
    UNITS.iter().find(|u| keep(u) && text.starts_with(u.word))
}

/// One number found in a text, with its unit if one follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figure<'a> {
    /// The digits (with `.` and `:`), e.g. `1970.1` or `0.2:7.8:92`.
    pub number: &'a str,
    /// The number and its unit, e.g. `1970.1亿元`.
    pub text: &'a str,
    /// Byte offset of the figure in the text it was found in.
    pub start: usize,
}

impl Figure<'_> {
    /// The unit after the number (`亿元`; empty for none), without a space between them.
    pub fn unit(&self) -> &str {
        self.text[self.number.len()..].trim_start()
    }

    /// True for a year such as `2022年` (or a bare 4-digit 19xx/20xx with no other unit).
    pub fn is_year(&self) -> bool {
        let year_like = self.number.len() == 4
            && (self.number.starts_with("19") || self.number.starts_with("20"))
            && self.number.bytes().all(|b| b.is_ascii_digit());
        year_like && (self.text.len() == 4 || self.text.ends_with('年'))
    }
}

/// Finds every figure in `text`, left to right.
pub fn figures(text: &str) -> Vec<Figure<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        // digits, then groups of [.:] + digits
        while end < bytes.len() && bytes[end].is_ascii_digit() {
            end += 1;
        }
        while end + 1 < bytes.len()
            && (bytes[end] == b'.' || bytes[end] == b':')
            && bytes[end + 1].is_ascii_digit()
        {
            end += 1;
            while end < bytes.len() && bytes[end].is_ascii_digit() {
                end += 1;
            }
        }
        // some reports space figures from their units ("达到 176 天", 阜平 2017): one space
        // may stand between them
        let spaced = usize::from(text[end..].starts_with(' '));
        let rest = &text[end + spaced..];
        let unit = unit_at(rest, |u| u.in_figures);
        // a magnitude the table has no word for with this unit keeps the unit: 6.5万亩 is an
        // area, as 亩 is (it had read as "6.5万", a count)
        let then = unit
            .filter(|u| u.word == "万")
            .and_then(|u| unit_at(&rest[u.word.len()..], |v| v.quantity.is_some()))
            .map_or(0, |v| v.word.len());
        let unit_len = unit.map_or(0, |u| u.word.len() + spaced + then);
        out.push(Figure {
            number: &text[start..end],
            text: &text[start..end + unit_len],
            start,
        });
        i = end + unit_len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        figures(s).iter().map(|f| f.text).collect()
    }

    #[test]
    fn numbers_keep_their_units() {
        assert_eq!(
            texts("地区生产总值1970.1亿元,服务业增加值1813亿元"),
            ["1970.1亿元", "1813亿元"]
        );
        assert_eq!(texts("实际利用外资7.01亿美元"), ["7.01亿美元"]);
        assert_eq!(texts("调整为0.2:7.8:92。"), ["0.2:7.8:92"]);
        assert_eq!(texts("参保率达99.65%,"), ["99.65%"]);
        assert_eq!(texts("新扩绿60.6万平方米"), ["60.6万平方米"]);
        assert_eq!(texts("达到 176 天,由 32 万平米"), ["176 天", "32 万平米"]);
        assert_eq!(figures("达到 176 天")[0].unit(), "天");
        assert_eq!(texts("大棚西瓜突破1万亩,9万吨"), ["1万亩", "9万"]);
    }

    #[test]
    fn units_are_longest_first() {
        for (i, a) in UNITS.iter().enumerate() {
            for b in &UNITS[i + 1..] {
                assert!(
                    !b.word.starts_with(a.word),
                    "{} must come before {}",
                    b.word,
                    a.word
                );
            }
        }
        assert_eq!(unit_at("亿美元", |_| true).map(|u| u.scale), Some(1e8));
        assert_eq!(
            texts("花了5元"),
            ["5"],
            "元 is not part of the report's figures"
        );
    }

    #[test]
    fn years_are_recognised() {
        let f = figures("2022年是开局之年,全年做地3000亩");
        assert!(f[0].is_year());
        assert!(!f[1].is_year());
    }
}
