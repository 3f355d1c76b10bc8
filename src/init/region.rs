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

/// The report's place from its title (`呼伦贝尔市海拉尔区2017年政府工作报告`) or the office line.
pub fn region(text: &str, paragraphs: &[Paragraph<'_>]) -> Region {
    let mut r = Region::default();
    let title = paragraphs.first().map_or("", |p| p.text);
    let name_part: &str = title
        .find(|c: char| c.is_ascii_digit())
        .map_or(title, |at| &title[..at]);
    let name_part = name_part.split("政府").next().unwrap_or(name_part);
    let name_part: String = name_part.chars().filter(|&c| is_han(c)).collect();
    // split city + district at the first 市 that is not the end
    if let Some(at) = name_part
        .find('市')
        .filter(|&at| at + '市'.len_utf8() < name_part.len())
    {
        let (city, district) = name_part.split_at(at + '市'.len_utf8());
        r.city = Some(city.to_string());
        r.district = Some(district.to_string());
    } else if !name_part.is_empty() {
        r.district = Some(name_part.clone());
    }
    if r.district.as_deref().is_none_or(|d| chars(d) < 2) {
        // "海拉尔区人民政府代区长": the name before 人民政府
        r.district = paragraphs.iter().take(8).find_map(|p| {
            let at = p.text.find("人民政府")?;
            let name: String = p.text[..at].chars().filter(|&c| is_han(c)).collect();
            (chars(&name) >= 2).then_some(name)
        });
    }
    r.district_short = r.district.as_deref().and_then(short);
    r.city_short = r.city.as_deref().and_then(short);
    r.places = places(text);
    r
}

/// Places inside the district: two-character names before 街道/镇/乡/苏木 (named twice, inside an
/// enumeration, or once when the name does not end like a kind of town: 奋斗镇, not 中心镇).
pub fn places(text: &str) -> Vec<String> {
    let mut found = BTreeSet::new();
    for suffix in PLACE_SUFFIXES {
        for (at, _) in text.match_indices(suffix) {
            let before: Vec<char> = text[..at].chars().rev().take(2).collect();
            if before.len() < 2
                || before
                    .iter()
                    .any(|c| !is_han(*c) || NOT_IN_PLACE.contains(*c))
            {
                continue;
            }
            // 乡村, 乡镇, 乡土: 乡 is no suffix there
            if *suffix == "乡"
                && text[at + suffix.len()..].starts_with(['村', '镇', '土', '愁', '贤', '亲'])
            {
                continue;
            }
            let name: String = before.iter().rev().collect();
            let full = format!("{name}{suffix}");
            let named_twice = text.matches(full.as_str()).count() >= 2;
            let listed = text[..at].ends_with(&format!("、{name}"))
                || text[at + suffix.len()..].starts_with('、');
            // named once: a name, unless it ends like a kind of town (中心镇, 名镇, 下乡)
            let once = !before
                .first()
                .is_some_and(|c| GENERIC_TOWN_END.contains(*c))
                && !before.iter().any(|c| NUMERALS.contains(*c));
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
    fn places_named_in_lists() {
        let got = places("古荡街道、翠苑街道和转塘街道。");
        assert!(got.contains(&"古荡街道".to_string()), "{got:?}");
        assert!(got.contains(&"翠苑街道".to_string()), "{got:?}");
    }

    #[test]
    fn a_town_named_once_is_a_place_a_kind_of_town_is_not() {
        let got = places(
            "改造现有奋斗镇农业园区,打造三个中心镇和历史文化名镇,送文化下乡,聚焦乡村振兴,中国第一茶镇。",
        );
        assert_eq!(got, vec!["奋斗镇".to_string()]);
    }
}
