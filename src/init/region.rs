//! The report's own place: the district (or county, city) it is about, the city above it, and
//! the places inside it (镇街, parks and platforms) the text names.

use crate::knowledge::places::PLACE_SUFFIXES;
use std::collections::BTreeSet;

use super::text::{Paragraph, chars, is_han};

/// The report's place.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Region {
    /// Full name of the district (`海拉尔区`).
    pub district: Option<String>,
    /// Short name (`海拉尔`).
    pub district_short: Option<String>,
    /// The city above it (`呼伦贝尔市`), if the title names one.
    pub city: Option<String>,
    /// Short city name (`呼伦贝尔`).
    pub city_short: Option<String>,
    /// Places inside the district named in the text.
    pub places: Vec<String>,
}

/// Suffixes of administrative units, longest first.
const UNIT_SUFFIXES: &[&str] = &["自治县", "自治旗", "新区", "区", "县", "旗", "市"];
/// Characters that never end or start a place name (function words, counters, verbs).
const NOT_IN_PLACE: &str =
    "的了和与及在个各全等有是为对将把城乡新型美丽小农现坚持成立建设推进特色型重点我";

/// Verbs that stand before a place-like suffix in running text ("加快乡淘院子", "推动镇村"): no
/// names.
const VERBS_BEFORE: &[&str] = &[
    "加快", "加强", "推动", "促进", "打造", "实施", "完成", "发展", "提升", "支持", "带动", "深化",
    "优化", "开展", "启动", "引导", "鼓励", "覆盖", "实现", "做好", "抓好", "落实",
];

/// Last characters of words for a kind of town rather than a town's name (中心镇, 示范镇, 名镇,
/// 强镇, 集镇, 建制镇, 口岸镇, 古镇, 茶镇, 下乡, 家乡, 老乡).
const GENERIC_TOWN_END: &str = "心范名强集制星境岸游下家老故边区古茶";
/// Numerals: "第一茶镇", "一镇一品" are no names.
const NUMERALS: &str = "一二三四五六七八九十百千第";

fn short(name: &str) -> Option<String> {
    UNIT_SUFFIXES.iter().find_map(|s| {
        let base = name.strip_suffix(s)?;
        (chars(base) >= 2).then(|| base.to_string())
    })
}

/// Words of a title that are no place: what remains of `2017年政府工作报告摘要` once the year is
/// cut off.
const TITLE_WORDS: &[&str] = &[
    "人民政府",
    "政府工作报告",
    "工作报告",
    "政府",
    "报告",
    "摘要",
];

/// The report's place, from the first of: its title (`呼伦贝尔市海拉尔区2017年政府工作报告`), the
/// session line (`在海拉尔区第十四届人民代表大会…`), the office line (`我代表蠡县人民政府`), and the
/// county or district name the text keeps using (清苑 18 times, 清苑县 once). Many reports open
/// with a bare `政府工作报告` or straight with `各位代表:`, which name no place.
pub fn region(text: &str, paragraphs: &[Paragraph<'_>]) -> Region {
    let mut r = Region::default();
    let found = paragraphs
        .first()
        .and_then(|p| from_title(p.text))
        .or_else(|| paragraphs.iter().take(8).find_map(|p| from_session(p.text)))
        .or_else(|| paragraphs.iter().find_map(|p| from_office(p.text)))
        .or_else(|| most_named(text));
    if let Some(name) = found {
        // split city + district at the first 市 that is not the end
        match name
            .find('市')
            .filter(|&at| at + '市'.len_utf8() < name.len())
        {
            Some(at) => {
                let (city, district) = name.split_at(at + '市'.len_utf8());
                r.city = Some(city.to_string());
                r.district = Some(district.to_string());
            }
            None => r.district = Some(name),
        }
    }
    r.district_short = r.district.as_deref().and_then(short);
    r.city_short = r.city.as_deref().and_then(short);
    r.places = places(text);
    r
}

/// The Han characters of `s`.
fn han(s: &str) -> String {
    s.chars().filter(|&c| is_han(c)).collect()
}

/// A place name of two or more characters ending in an administrative unit (蠡县, 海拉尔区).
fn named(name: String) -> Option<String> {
    (chars(&name) >= 2 && UNIT_SUFFIXES.iter().any(|s| name.ends_with(s))).then_some(name)
}

/// The place a title names before its year: none in a bare `政府工作报告`, and no title at all
/// when the report opens with its address (`各位代表:`, no 报告 in it).
fn from_title(line: &str) -> Option<String> {
    if !line.contains("报告") || chars(line) > 40 {
        return None;
    }
    let before = line
        .find(|c: char| c.is_ascii_digit())
        .map_or(line, |at| &line[..at]);
    let mut name = han(before);
    for w in TITLE_WORDS {
        if let Some(at) = name.find(w) {
            name.truncate(at);
        }
    }
    named(name)
}

/// `2013年3月10日在徐水县十五届人民代表大会…`: the place between 在 and the congress's number.
fn from_session(line: &str) -> Option<String> {
    let at = line.find("人民代表大会")?;
    let before = &line[..at];
    let before = before.rsplit_once('在').map_or(before, |(_, b)| b);
    let end = before
        .find('第')
        .or_else(|| before.find(|c: char| NUMERAL_CHARS.contains(c)))?;
    named(clean_tail(&han(&before[..end])))
}

/// The end of a run of Han characters that can be a name: back from its unit to the first
/// character that never stands in a place name ("…较好完成了县十六届人民代表大会" names no county:
/// 了 ends the run, and "县" alone is no name).
fn clean_tail(run: &str) -> String {
    let chars: Vec<char> = run.chars().collect();
    let mut start = chars.len().saturating_sub(1);
    while start > 0 {
        if !in_name(chars[start - 1], start == chars.len() - 1, COUNTY_BASE_ENDS) {
            break;
        }
        start -= 1;
    }
    chars[start..].iter().collect()
}

/// `我代表蠡县人民政府`: the place between 代表 and 人民政府 (`代表区人民政府` names none).
fn from_office(line: &str) -> Option<String> {
    let at = line.find("人民政府")?;
    let before = &line[..at];
    let before = before.rsplit_once("代表").map_or(before, |(_, b)| b);
    named(clean_tail(&han(before)))
}

/// Numerals of a congress's number (`十五届`).
const NUMERAL_CHARS: &str = "一二三四五六七八九十";

/// The two Han characters before byte `at` of `text`, when they can be a place's base (no
/// particle or generic word among them: 的, 全, 新…).
fn base_before(text: &str, at: usize, last_ok: &str) -> Option<String> {
    let base: Vec<char> = text[..at].chars().rev().take(2).collect();
    let fits = base.len() == 2
        && base
            .iter()
            .enumerate()
            .all(|(i, c)| is_han(*c) && in_name(*c, i == 0, last_ok));
    fits.then(|| base.iter().rev().collect())
}

/// May `c` stand in a place's name: no particle or generic word (的, 全, 新…), except one of
/// `last_ok` right before the unit (容城县)?
fn in_name(c: char, before_unit: bool, last_ok: &str) -> bool {
    !NOT_IN_PLACE.contains(c) || (before_unit && last_ok.contains(c))
}

/// Characters that may end the base of a county's name though they start no place name
/// (容城县, 武城县): 城 is kept out of the bases of 镇街, where "县城镇" is no town.
const COUNTY_BASE_ENDS: &str = "城";

/// The county, district or banner whose two-character base the text names most, at least five
/// times (`清苑县` once, `清苑` 18 times): a report speaks of its own place again and again.
fn most_named(text: &str) -> Option<String> {
    // a name written whole twice or more beats a frequent word once followed by a suffix
    // (容城 2020: "征迁" 40 times but "征迁区" once; "容城县" 3 times)
    let mut best: Option<((bool, usize), String)> = None;
    for suffix in ["县", "区", "旗"] {
        for (at, _) in text.match_indices(suffix) {
            let Some(base) = base_before(text, at, COUNTY_BASE_ENDS) else {
                continue;
            };
            // 蠡县县委: the base is a whole name already; "做好县、乡公路维修": a verb
            if UNIT_SUFFIXES.iter().any(|s| base.ends_with(s))
                || VERBS_BEFORE.contains(&base.as_str())
            {
                continue;
            }
            let n = text.matches(base.as_str()).count();
            let name = format!("{base}{suffix}");
            let key = (text.matches(name.as_str()).count() >= 2, n);
            if n >= 5 && best.as_ref().is_none_or(|(m, _)| key > *m) {
                best = Some((key, name));
            }
        }
    }
    best.map(|(_, name)| name)
}

/// Places inside the district: two-character names before 街道/镇/乡/苏木 (named twice, inside an
/// enumeration, or once when the name does not end like a kind of town: 奋斗镇, not 中心镇).
pub fn places(text: &str) -> Vec<String> {
    let mut found = BTreeSet::new();
    for suffix in PLACE_SUFFIXES {
        for (at, _) in text.match_indices(suffix) {
            let Some(name) = base_before(text, at, "") else {
                continue;
            };
            // 乡村, 乡镇, 乡土: 乡 is no suffix there
            if *suffix == "乡"
                && text[at + suffix.len()..].starts_with(['村', '镇', '土', '愁', '贤', '亲'])
            {
                continue;
            }
            if VERBS_BEFORE.contains(&name.as_str()) {
                continue;
            }
            let full = format!("{name}{suffix}");
            let named_twice = text.matches(full.as_str()).count() >= 2;
            let listed = text[..at].ends_with(&format!("、{name}"))
                || text[at + suffix.len()..].starts_with('、');
            // named once: a name, unless it ends like a kind of town (中心镇, 名镇, 下乡)
            let once = !name.ends_with(|c| GENERIC_TOWN_END.contains(c))
                && !name.chars().any(|c| NUMERALS.contains(c));
            if named_twice || listed || once {
                found.insert(full);
            }
        }
    }
    found.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::init::text::paragraphs;

    #[test]
    fn the_district_and_city_come_from_the_title() {
        let text = "呼伦贝尔市海拉尔区2017年政府工作报告\n正文\n";
        let r = region(text, &paragraphs(text));
        assert_eq!(r.district.as_deref(), Some("海拉尔区"));
        assert_eq!(r.district_short.as_deref(), Some("海拉尔"));
        assert_eq!(r.city.as_deref(), Some("呼伦贝尔市"));
        assert_eq!(r.city_short.as_deref(), Some("呼伦贝尔"));
    }

    #[test]
    fn an_untitled_report_is_about_the_county_it_names_most() {
        // no title, and the session line names no county ("完成了县十六届…"); a verb before 县
        // ("做好县、乡公路") and a frequent word once before 区 are no names; 城 may end one
        let text = "一、2019年工作回顾\n较好完成了县十六届人民代表大会第三次会议确定的目标任务。\n\
                    容城县征迁工作。容城县。容城容城容城容城。征迁征迁征迁征迁征迁区。做好县、乡公路,做好做好做好做好县城。\n";
        let r = region(text, &paragraphs(text));
        assert_eq!(r.district.as_deref(), Some("容城县"), "{r:?}");
        assert_eq!(clean_tail("较好完成了县"), "县");
        assert_eq!(clean_tail("我容城县"), "容城县");
    }

    #[test]
    fn places_named_in_lists() {
        let got = places("古荡街道、翠苑街道和转塘街道。");
        assert!(got.contains(&"古荡街道".to_string()), "{got:?}");
        assert!(got.contains(&"翠苑街道".to_string()), "{got:?}");
    }

    #[test]
    fn a_town_named_once_is_a_place_a_kind_of_town_is_not() {
        let got = places(
            "改造现有奋斗镇农业园区,打造三个中心镇和历史文化名镇,送文化下乡,聚焦乡村振兴,中国第一茶镇,加快乡淘院子建设。",
        );
        assert_eq!(got, vec!["奋斗镇".to_string()]);
    }
}
