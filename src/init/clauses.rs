//! Figure-bearing clauses: each clause of a sentence that states a figure (`303.6亿元`, `7.2%`,
//! `超70亿元`, `10亿元以上`, `3-5万元`, `0.2:7.8:92`), with the measure phrase it is about.

use std::ops::Range;

use super::text::{chars, is_han, suffix};
use crate::knowledge::figures::figures;

/// A figure as the clause states it, with its qualifiers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatedFigure {
    /// The figure with qualifiers and unit, verbatim (`超70亿元`, `3-5万元`, `10亿元以上`).
    pub text: String,
    /// The number (`70`, `3-5`, `0.2:7.8:92`).
    pub number: String,
    /// The unit after the number (`亿元`, `%`), empty if none.
    pub unit: String,
}

/// One figure-bearing clause of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// The clause (without its closing comma), as a byte range of the text it was found in.
    pub span: Range<usize>,
    /// The sentence holding it.
    pub sentence: Range<usize>,
    /// Where the clause naming its measure starts (this clause's start, or an earlier one's).
    pub from: usize,
    /// What the figure measures (`地区生产总值`, `城镇新增就业`).
    pub measure: String,
    /// The figures it states.
    pub figures: Vec<StatedFigure>,
    /// True when the clause states the growth of the previous clause's measure (`同比增长7.2%`).
    pub growth: bool,
}

/// Qualifiers written before a figure.
const BEFORE: &[&str] = &["超过", "超", "近", "约", "逾", "达", "突破"];
/// Qualifiers written after a figure (and its unit).
const AFTER: &[&str] = &["以上", "以内", "左右", "多", "余"];
/// Words stripped from the front of a measure phrase.
const LEADING: &[&str] = &[
    "其中",
    "就是要",
    "就是",
    "举全区之力",
    "举全市之力",
    "举全县之力",
    "初步安排的",
    "安排的",
    "我们",
    "通过",
    "按照",
    "围绕",
    "全力",
    "着力",
    "努力",
    "大力",
    "积极",
    "进一步",
    "切实",
    "深入",
    "不断",
    "继续",
    "加快推进",
    "扎实推进",
    "推进",
    "加快",
    "做好",
    "抓好",
    "落实",
    "现有",
    "当年",
    "五年来",
    "年均",
    "而且",
    "以及",
    "以",
    "由",
    "的",
    "、",
    "全年",
    "全区",
    "全市",
    "全县",
    "我区",
    "我市",
    "我县",
    "年内",
    "同时",
    "并且",
    "另外",
    "此外",
    "累计",
    "累积",
    "共计",
    "共",
    "并",
    "已",
    "还",
    "今年",
    "去年",
    "上年",
    "实现了",
    "实现",
    "完成了",
    "完成",
    "力争",
    "确保",
    "预计",
    "计划",
    "争取",
    "全面",
    "其",
    "在",
    "将",
    "要",
];
/// Words stripped from the end of a measure phrase (verbs and qualifiers before the figure).
const TRAILING: &[&str] = &[
    "有序推进",
    "顺利推进",
    "稳步推进",
    "扎实推进",
    "发展到",
    "控制到",
    "增长到",
    "达到了",
    "完成了",
    "由",
    "其中",
    "今年",
    "去年",
    "当年",
    "全年",
    "递增",
    "增幅",
    "增速为",
    "拥有",
    "共有",
    "有",
    "完成",
    "达到了",
    "达到",
    "达",
    "实现了",
    "实现",
    "为",
    "是",
    "突破",
    "超过",
    "超",
    "约",
    "近",
    "逾",
    "共计",
    "共",
    "累计",
    "分别",
    "增长到",
    "增长了",
    "增长",
    "增加到",
    "增加了",
    "增加",
    "提高到",
    "提高了",
    "提高",
    "提升至",
    "提升到",
    "提升",
    "下降到",
    "下降了",
    "下降",
    "降低到",
    "降低",
    "减少",
    "占",
    "控制在",
    "保持在",
    "稳定在",
    "调整为",
    "新增了",
    "达到约",
    "总计",
    "合计",
    "同比",
    "比上年",
    "较上年",
    "按可比口径",
    "年均",
    "平均",
    "接近",
    "高于",
    "低于",
    "不低于",
    "不少于",
    "以上",
    "了",
    "的",
    "和",
    "及",
    "、",
];
/// Words that make a clause the growth of the measure before it.
const GROWTH: &[&str] = &[
    "增长", "增速", "递增", "增幅", "下降", "提高", "增加", "减少", "降低",
];
/// Growth words that say the measure fell: the clause names a 下降, not an 增长.
const FALL: &[&str] = &["下降", "减少", "降低"];
/// Verbs that end a clause naming what was built or done after its figure ("23万平方米的建材城完工").
const DONE_AFTER: &[&str] = &[
    "投入使用",
    "开工建设",
    "建成投用",
    "全部完工",
    "主体完工",
    "完工",
    "竣工",
    "开工",
    "建成",
    "落地",
];
/// Classifiers and units that open a measure written after its figure ("户危旧房屋…").
const AFTER_UNITS: &str = "个项所座条家户人次亩头只栋件名位台辆套处座批场类万亿元的";
/// Longest measure kept (characters); a longer phrase keeps its end, where the noun is.
const MAX_MEASURE: usize = 20;

fn strip_all<'a>(mut s: &'a str, leading: &[&str], trailing: &[&str]) -> &'a str {
    loop {
        let before = s;
        s = s.trim_matches(|c: char| !is_han(c) && !c.is_ascii_alphanumeric());
        for w in leading {
            s = s.strip_prefix(w).unwrap_or(s);
        }
        // a year or a date at the front ("2016年,", "2016年全年")
        if let Some(rest) = strip_year(s) {
            s = rest;
        }
        for w in trailing {
            s = s.strip_suffix(w).unwrap_or(s);
        }
        if !trailing.is_empty() {
            // "…收入均增长8%": 均 of the figure, not of 人均/年均/平均
            if s.ends_with('均') && !["人均", "年均", "平均"].iter().any(|w| s.ends_with(w))
            {
                s = &s[..s.len() - '均'.len_utf8()];
            }
            s = strip_comparison(s);
            s = strip_trailing_year(s);
        }
        if s == before {
            return s;
        }
    }
}

fn strip_year(s: &str) -> Option<&str> {
    // a target date at the front ("到2017年底前", "至2020年")
    let (s, _) = ["到", "至", "截至"]
        .iter()
        .find_map(|w| s.strip_prefix(w).map(|r| (r, true)))
        .unwrap_or((s, false));
    // spaced the same way as a trailing year ("2016 年全年…")
    let s = s.trim_start();
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let after = s[digits..].trim_start();
    if !(digits == 4 && after.starts_with('年')) {
        return None;
    }
    let mut rest = after['年'.len_utf8()..].trim_start();
    for w in ["年底", "底", "末", "前", "以来", "全年"] {
        rest = rest.strip_prefix(w).unwrap_or(rest);
    }
    Some(rest)
}

/// A year at the end of a measure phrase ("…由2010年" before "的162.4亿元"), spaced or not
/// ("供热面积由 2011 年" of 阜平 2017 was a measure of its own, the year kept).
fn strip_trailing_year(s: &str) -> &str {
    let Some(body) = s.trim_end().strip_suffix('年') else {
        return s;
    };
    let body = body.trim_end();
    let digits = body.bytes().rev().take_while(u8::is_ascii_digit).count();
    if digits == 4 {
        body[..body.len() - 4].trim_end()
    } else {
        s
    }
}

/// A comparison base at the end of a measure phrase: "比2010年", "较上年", "是“十一五”时期",
/// "与2015年相比" — the base, not the measure.
fn strip_comparison(s: &str) -> &str {
    let s = s.strip_suffix("相比").unwrap_or(s);
    for w in ["比", "较", "是", "与", "同"] {
        let Some(at) = s.rfind(w) else { continue };
        let base = &s[at + w.len()..];
        let dated = base.ends_with('年') && base.starts_with(|c: char| c.is_ascii_digit());
        let relative = ["上年", "去年", "上年同期", "同期", "前年"].contains(&base);
        let period = base.ends_with("时期") || base.ends_with("期末");
        if dated || relative || period {
            return &s[..at];
        }
    }
    s
}

/// A measure phrase cleaned of verbs, qualifiers and the year (empty when nothing is left).
pub fn clean_measure(raw: &str) -> String {
    let mut m = strip_all(raw, LEADING, TRAILING);
    // an enumeration's head noun ("赤塔、韩国、香港等国际及地区航线" → 国际及地区航线); nothing
    // when the head follows the figure ("孙家屯、哈克村等7个现代牧场")
    if let Some(at) = m.rfind('等')
        && m[..at].contains('、')
    {
        m = strip_all(&m[at + '等'.len_utf8()..], LEADING, TRAILING);
    }
    // a verb of doing before its object ("建成平安小区", "铺设自来水管道"): the object, when it
    // is a noun phrase of its own
    for v in DOING {
        // the verb's 了 goes with it ("实施了拆炉并网工程" gave the measure 了拆炉并网工程, a
        // dictionary word that cut 并网 out of hailar-2015's questions)
        if let Some(rest) = m.strip_prefix(v).map(|r| r.trim_start_matches('了'))
            && chars(rest) >= 3
            && !rest.starts_with(['、', '和'])
        {
            m = rest;
            break;
        }
    }
    // two measures sharing one figure ("城镇…收入、农村…收入均增长8%"), too long together: the
    // one next to the figure
    if chars(m) > MAX_MEASURE
        && let Some(at) = m.rfind('、')
        && chars(&m[at + '、'.len_utf8()..]) >= 2
    {
        m = &m[at + '、'.len_utf8()..];
    }
    let m = if chars(m) > MAX_MEASURE {
        suffix(m, MAX_MEASURE)
    } else {
        m
    };
    // a quotation mark cut off from its pair ("新培育国家专精特新“小巨人"): dropped
    if m.matches('“').count() != m.matches('”').count() {
        return m.replace(['“', '”'], "");
    }
    m.to_string()
}

/// Verbs of doing that open a measure phrase before its object; the object is the measure.
const DOING: &[&str] = &[
    "开工建设",
    "新建、改扩建",
    "新建、改造",
    "改扩建",
    "建成",
    "新建",
    "修建",
    "铺设",
    "发放",
    "实施",
    "引进",
    "培育",
    "打造",
    "创建",
    "改造",
    "开通",
    "办理",
    "关停",
    "淘汰",
    "削减",
    "减少",
    "解决",
    "组织",
    "举办",
    "开展",
    "扩建",
];

/// Is a figure of `text` a year? A year-like number written with a unit the figures leave out
/// ("增加到2011元", "2000人") is an amount: a year is written with 年 or opens a range of years
/// ("2016-2020年").
pub fn is_year_in(text: &str, f: &crate::knowledge::figures::Figure<'_>) -> bool {
    if !f.is_year() {
        return false;
    }
    if f.text.ends_with('年') {
        return true;
    }
    let next = text[f.start + f.text.len()..].chars().next();
    !next.is_some_and(|c| is_han(c) && !"至到—".contains(c))
}

/// Does a phrase before a figure end with a growth word ("地区生产总值同比增长", "…较2010年下降")?
fn ends_with_growth(raw: &str) -> bool {
    let mut s = raw.trim_end_matches(['了', '为', '到']);
    for w in ["达", "约", "近", "超过", "超"] {
        s = s.strip_suffix(w).unwrap_or(s);
    }
    GROWTH.iter().any(|g| s.ends_with(g))
}

/// A measure written after its figure, cleaned of the classifier that ends the figure and of a
/// closing verb ("户的年度改造任务" → 年度改造任务, "的建材城完工" → 建材城).
pub fn after_measure(raw: &str) -> String {
    let mut m = raw.trim_start_matches(|c: char| AFTER_UNITS.contains(c));
    loop {
        let before = m;
        for w in DONE_AFTER {
            m = m.strip_suffix(w).unwrap_or(m);
        }
        if m == before {
            break;
        }
    }
    let cleaned = clean_measure(m);
    if chars(&cleaned) >= 2 {
        cleaned
    } else {
        clean_measure(raw)
    }
}

/// The figures of a clause, with qualifiers, ranges and units; years and dates are left out.
pub fn stated_figures(clause: &str) -> Vec<StatedFigure> {
    let figs: Vec<_> = figures(clause)
        .into_iter()
        .filter(|f| !is_year_in(clause, f))
        .collect();
    let mut out: Vec<StatedFigure> = Vec::new();
    let mut skip_until = 0;
    for (k, f) in figs.iter().enumerate() {
        if f.start < skip_until {
            continue;
        }
        let mut start = f.start;
        let mut end = f.start + f.text.len();
        let mut number = f.number.to_string();
        let mut unit = f.unit().to_string();
        // a range: 3-5万元, 3至5万元, 3~5
        if let Some(next) = figs.get(k + 1) {
            let between = &clause[f.start + f.number.len()..next.start];
            if ["-", "~", "～", "至", "到", "—"].contains(&between) {
                number = format!("{}{between}{}", f.number, next.number);
                end = next.start + next.text.len();
                skip_until = end;
                unit = next.unit().to_string();
            }
        }
        for q in BEFORE {
            if clause[..start].ends_with(q) {
                start -= q.len();
                break;
            }
        }
        for q in AFTER {
            if clause[end..].starts_with(q) {
                end += q.len();
                break;
            }
        }
        out.push(StatedFigure {
            text: clause[start..end].to_string(),
            number,
            unit,
        });
    }
    out
}

/// Byte ranges of the sentences of `text` (ended by `。；！？` or a line break), trimmed.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    crate::knowledge::split_sentences(text)
}

/// Byte ranges of the clauses of a sentence: split at commas, semicolons and colons.
fn clause_spans(text: &str, sentence: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = sentence.start;
    for (i, c) in text[sentence.clone()].char_indices() {
        if matches!(
            c,
            ',' | '，' | ';' | '；' | ':' | '：' | '。' | '!' | '?' | '！' | '？'
        ) {
            let at = sentence.start + i;
            if at > start {
                out.push(start..at);
            }
            start = at + c.len_utf8();
        }
    }
    if start < sentence.end {
        out.push(start..sentence.end);
    }
    // a clause listing figures ("泊位8068个、充电桩414个"): one clause per figure
    out.into_iter()
        .flat_map(|span| {
            let clause = &text[span.clone()];
            let pieces: Vec<&str> = clause.split('、').collect();
            let all_figures = pieces.len() > 1
                && pieces
                    .iter()
                    .all(|p| figures(p).iter().any(|f| !is_year_in(p, f)));
            if !all_figures {
                return vec![span];
            }
            let mut at = span.start;
            pieces
                .iter()
                .map(|p| {
                    let r = at..at + p.len();
                    at += p.len() + '、'.len_utf8();
                    r
                })
                .collect()
        })
        .collect()
}

/// Every figure-bearing clause of `text` within `range` (a section), in reading order.
pub fn clauses(text: &str, range: Range<usize>) -> Vec<Clause> {
    let mut out: Vec<Clause> = Vec::new();
    for sentence in sentences(&text[range.clone()]) {
        let sentence = range.start + sentence.start..range.start + sentence.end;
        let mut previous: Option<String> = None;
        let mut named_at = sentence.start;
        for span in clause_spans(text, sentence.clone()) {
            let clause = &text[span.clone()];
            let figs = stated_figures(clause);
            let first = figures(clause).into_iter().find(|f| !is_year_in(clause, f));
            let Some(first) = first else {
                // a clause naming the measure for the next one ("地区生产总值增长7.5%,达到326.4亿元")
                let m = clean_measure(clause);
                if chars(&m) >= 2 {
                    previous = Some(m);
                    named_at = span.start;
                }
                continue;
            };
            let before = &clause[..first.start];
            let mut measure = clean_measure(before);
            // a phrase ending in 的 qualifies the noun after the figure ("对大会票选确定的10件实事
            // 项目"): that noun is the measure
            let qualifies = before.trim_end().ends_with('的')
                && !before.trim_end().ends_with("年的")
                && !GROWTH.iter().any(|g| before.contains(g));
            if qualifies {
                let last = figs.last().map_or("", |f| f.text.as_str());
                let after = clause
                    .rfind(last)
                    .map_or("", |at| &clause[at + last.len()..]);
                let noun = after_measure(after);
                if chars(&noun) >= 2 && noun.chars().all(super::text::is_han) {
                    measure = noun;
                }
            }
            let raw_before = strip_all(before, LEADING, &[]);
            let growth_words = GROWTH.iter().any(|g| raw_before.contains(g));
            let growth_word = if FALL.iter().any(|g| raw_before.contains(g)) {
                "下降"
            } else {
                "增长"
            };
            let growth = growth_words && chars(&measure) < 2 && previous.is_some();
            // the measure's own growth ("地区生产总值增长7.5%,达到309亿元"): the growth of the
            // measure named, which the next clause's level is of
            let own_growth = !growth && chars(&measure) >= 2 && ends_with_growth(raw_before);
            let mut from = span.start;
            if growth {
                let base = previous.clone().unwrap_or_default();
                measure = format!("{base}{growth_word}");
                from = named_at;
            } else if own_growth {
                previous = Some(measure.clone());
                named_at = span.start;
                measure = format!("{measure}{growth_word}");
            } else if chars(&measure) < 2 {
                // the measure follows the figure: "87项专利获得国家授权", "96户、183人实现全部脱贫"
                let last = figs.last().map_or("", |f| f.text.as_str());
                let after = clause
                    .rfind(last)
                    .map_or("", |at| &clause[at + last.len()..]);
                measure = after_measure(after);
                // "为1467位80岁以上低收入老年人发放高龄补贴176万元": what is done before the last
                // figure, after the figure before it
                if chars(&measure) < 2
                    && let [.., second, last] = figs.as_slice()
                    && let Some(end) = clause.rfind(&last.text)
                    && let Some(start) = clause[..end].rfind(&second.text)
                {
                    let between = &clause[start + second.text.len()..end];
                    let between = between
                        .trim_start_matches(|c: char| c == '岁' || AFTER_UNITS.contains(c))
                        .trim_start_matches("以上");
                    measure = after_measure(between);
                }
                if chars(&measure) < 2
                    && let Some(p) = &previous
                {
                    measure = p.clone();
                    from = named_at;
                }
            }
            if chars(&measure) < 2 {
                continue;
            }
            if !growth && !own_growth && from == span.start {
                previous = Some(measure.clone());
                named_at = span.start;
            }
            out.push(Clause {
                span,
                sentence: sentence.clone(),
                from,
                measure,
                figures: figs,
                growth: growth || own_growth,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Vec<(String, Vec<String>, bool)> {
        clauses(text, 0..text.len())
            .into_iter()
            .map(|c| {
                (
                    c.measure,
                    c.figures.into_iter().map(|f| f.text).collect(),
                    c.growth,
                )
            })
            .collect()
    }

    #[test]
    fn measures_and_growth() {
        let got = one("2016年,地区生产总值完成303.6亿元,同比增长7.2%。");
        assert_eq!(got[0].0, "地区生产总值");
        assert_eq!(got[0].1, ["303.6亿元"]);
        assert_eq!(got[1].0, "地区生产总值增长");
        assert!(got[1].2);
    }

    #[test]
    fn measure_before_the_last_figure_when_the_clause_opens_with_one() {
        let got = one(
            "为1467位80岁以上低收入老年人发放高龄补贴176万元;为3729户低收入农牧户发放冬煤补贴223.7万元。",
        );
        assert_eq!(got[0].0, "低收入老年人发放高龄补贴");
        assert_eq!(got[1].0, "低收入农牧户发放冬煤补贴");
    }

    #[test]
    fn measure_after_the_figure() {
        let got = one("87项专利获得国家授权。");
        assert_eq!(got[0].0, "专利获得国家授权");
    }

    #[test]
    fn qualifiers_ranges_and_ratios() {
        assert_eq!(stated_figures("累计减税降费超70亿元")[0].text, "超70亿元");
        assert_eq!(
            stated_figures("招引10亿元以上重大项目")[0].text,
            "10亿元以上"
        );
        assert_eq!(stated_figures("补贴3-5万元")[0].number, "3-5");
        assert_eq!(
            stated_figures("三次产业结构调整为0.2:7.8:92")[0].number,
            "0.2:7.8:92"
        );
        assert!(stated_figures("2016年").is_empty());
    }
}
