//! Figures: numbers with their units, as the report writes them (`1970.1亿元`, `0.2:7.8:92`, `99.65%`).
//!
//! Used to check that answer lines only state numbers from their quotation, to measure the
//! knowledge base's coverage of the report, to bold figures in replies and to spot a number a
//! question states (a possible wrong premise).

/// Units that may follow a number, longest first so `亿美元` wins over `亿`.
pub const UNITS: &[&str] = &[
    "万平方米",
    "亿美元",
    "平方米",
    "号线",
    "分钟",
    "周年",
    "亿元",
    "万元",
    "万人",
    "万家",
    "万套",
    "公里",
    "%",
    "个",
    "家",
    "亩",
    "套",
    "人",
    "幢",
    "条",
    "件",
    "宗",
    "间",
    "所",
    "次",
    "年",
    "月",
    "日",
    "项",
    "亿",
    "万",
];

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
        let rest = &text[end..];
        let unit_len = UNITS
            .iter()
            .find(|u| rest.starts_with(*u))
            .map_or(0, |u| u.len());
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
    }

    #[test]
    fn years_are_recognised() {
        let f = figures("2022年是开局之年,全年做地3000亩");
        assert!(f[0].is_year());
        assert!(!f[1].is_year());
    }
}
