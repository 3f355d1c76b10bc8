//! China's administrative divisions down to the county level (`divisions.tsv`, embedded): what a
//! report's place is next to. A district's report does not cover the other districts and counties
//! of its city, nor the other cities of its province, and usually never names them — so `init`
//! takes them from this table as "other regions" (滨江区 for a Xihu report, 鄂温克旗 and 满洲里 for
//! a Hailaer one) instead of relying on the report's text.

/// The table: `province<TAB>prefecture<TAB>county-level units separated by spaces`; `#` lines are
/// comments. The prefecture is the province itself for a municipality and `-` for county-level
/// units directly under a province.
const DATA: &str = include_str!("divisions.tsv");

/// Suffixes dropped for the short form of a name, longest first.
const SUFFIXES: &[&str] = &[
    "自治县",
    "自治旗",
    "自治州",
    "林区",
    "新区",
    "地区",
    "矿区",
    "特区",
    "区",
    "县",
    "旗",
    "市",
    "盟",
    "州",
    "省",
];

/// Nationalities named in autonomous units' names (`鄂温克族自治旗` → `鄂温克`), longest first so
/// a compound (`蒙古族藏族`) is stripped piece by piece.
const NATIONALITIES: &[&str] = &[
    "维吾尔",
    "达斡尔",
    "鄂温克",
    "鄂伦春",
    "哈萨克",
    "柯尔克孜",
    "塔吉克",
    "锡伯",
    "蒙古",
    "回",
    "藏",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "土",
    "羌",
    "撒拉",
    "仫佬",
    "仡佬",
    "毛南",
    "普米",
    "阿昌",
    "怒",
    "独龙",
    "保安",
    "裕固",
    "京",
    "基诺",
    "各",
];

/// Short forms that are everyday words or generic district names; never used alone as a region.
const GENERIC_SHORT: &[&str] = &[
    "和平", "城关", "城中", "城东", "城西", "城南", "城北", "市中", "新华", "新城", "长安", "郊区",
    "城区", "开发", "高新", "经济", "工业", "中心", "东区", "西区", "南区", "北区", "中区", "河东",
    "河西", "河南", "河北", "江北", "江南", "江东", "山东", "山西", "海南", "南山", "北山", "东山",
    "西山", "青山", "白云", "向阳", "红旗", "永安", "永和", "太平", "安定", "新市", "东方", "宝山",
    "普陀", "鼓楼", "中山", "延安", "北海", "大同", "兴安", "新区", "平安", "金山", "铁西", "铁东",
    "和顺", "长治", "吉安", "同心", "民主", "复兴", "胜利", "前进", "团结", "友谊", "建设", "光明",
];

/// One prefecture (or municipality) with its county-level units.
#[derive(Debug, Clone, Copy)]
struct Prefecture<'a> {
    province: &'a str,
    /// `-` for units directly under the province.
    name: &'a str,
    units: &'a str,
}

impl<'a> Prefecture<'a> {
    fn units(&self) -> impl Iterator<Item = &'a str> {
        self.units.split(' ').filter(|u| !u.is_empty())
    }
}

fn table() -> impl Iterator<Item = Prefecture<'static>> {
    DATA.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some(Prefecture {
                province: f.next()?,
                name: f.next()?,
                units: f.next().unwrap_or(""),
            })
        })
}

/// The short form of a division's name (`滨江区` → `滨江`, `鄂温克族自治旗` → `鄂温克`,
/// `内蒙古自治区` → `内蒙古`), if it keeps two characters or more.
pub fn short(name: &str) -> Option<String> {
    let mut base = name;
    for s in ["维吾尔自治区", "壮族自治区", "回族自治区", "自治区"] {
        if let Some(b) = base.strip_suffix(s) {
            base = b;
            break;
        }
    }
    if base == name
        && let Some(b) = SUFFIXES.iter().find_map(|s| base.strip_suffix(s))
    {
        base = b;
    }
    // autonomous units: drop the nationalities (…族) from the end
    while let Some(b) = base.strip_suffix('族') {
        match NATIONALITIES.iter().find_map(|n| b.strip_suffix(n)) {
            Some(rest) if rest.chars().count() >= 2 => base = rest,
            _ => {
                base = b;
                break;
            }
        }
    }
    (base.chars().count() >= 2 && base != name).then(|| base.to_string())
}

/// Does `name` (a full name from the table) denote the same place as `asked` (`海拉尔区` or its
/// short `海拉尔`)?
fn same(name: &str, asked: &str) -> bool {
    name == asked || short(name).is_some_and(|s| s == asked)
}

/// The regions next to a report's place: the other county-level units of its prefecture and the
/// other prefectures of its province (a report about a prefecture-level city: the other cities of
/// its province), each by full name and by short form where that is not an everyday word. `district`
/// and `city` are the report's own names as its title gives them; a district found in several
/// prefectures is placed by `city`, and left unplaced (nothing returned) when that does not decide.
pub fn neighbours(district: Option<&str>, city: Option<&str>) -> Vec<String> {
    let all: Vec<Prefecture<'static>> = table().collect();
    let own = |p: &Prefecture<'_>| city.is_none_or(|c| same(p.name, c) || same(p.province, c));
    // the report's place as a county-level unit…
    let homes: Vec<&Prefecture<'_>> = match district {
        Some(d) => all
            .iter()
            .filter(|p| p.units().any(|u| same(u, d)))
            .filter(|p| own(p))
            .collect(),
        None => Vec::new(),
    };
    let mut names: Vec<&str> = Vec::new();
    let province;
    if let [home] = homes.as_slice() {
        names.extend(
            home.units()
                .filter(|u| !district.is_some_and(|d| same(u, d))),
        );
        province = Some(home.province);
    } else if homes.is_empty() {
        // …or as a prefecture (a city's own report)
        let place = district.or(city);
        let found: Vec<&Prefecture<'_>> = all
            .iter()
            .filter(|p| place.is_some_and(|d| p.name != "-" && same(p.name, d)))
            .collect();
        province = match found.as_slice() {
            [p] => Some(p.province),
            _ => None,
        };
    } else {
        return Vec::new();
    }
    let Some(province) = province else {
        return Vec::new();
    };
    let own_names: Vec<&str> = [district, city].into_iter().flatten().collect();
    names.extend(
        all.iter()
            .filter(|p| p.province == province && p.name != "-" && p.name != province)
            .map(|p| p.name)
            .filter(|n| !own_names.iter().any(|o| same(n, o))),
    );
    let mut out = Vec::new();
    for n in names {
        out.push(n.to_string());
        if let Some(s) = short(n)
            && !GENERIC_SHORT.contains(&s.as_str())
            && !own_names.iter().any(|o| o.contains(s.as_str()))
        {
            out.push(s);
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_forms() {
        assert_eq!(short("滨江区").as_deref(), Some("滨江"));
        assert_eq!(short("鄂温克族自治旗").as_deref(), Some("鄂温克"));
        assert_eq!(short("莫力达瓦达斡尔族自治旗").as_deref(), Some("莫力达瓦"));
        assert_eq!(short("内蒙古自治区").as_deref(), Some("内蒙古"));
        assert_eq!(short("满洲里市").as_deref(), Some("满洲里"));
        assert_eq!(short("忠县"), None);
    }

    #[test]
    fn a_district_is_next_to_its_city_s_other_districts_and_its_province_s_cities() {
        let n = neighbours(Some("西湖区"), Some("杭州市"));
        for w in [
            "滨江区",
            "滨江",
            "余杭区",
            "建德市",
            "宁波市",
            "宁波",
            "温州",
        ] {
            assert!(n.iter().any(|x| x == w), "{w} missing from {n:?}");
        }
        assert!(!n.iter().any(|x| x.contains("西湖") || x.contains("杭州")));
    }

    #[test]
    fn a_banner_s_neighbours() {
        let n = neighbours(Some("海拉尔区"), Some("呼伦贝尔市"));
        for w in ["鄂温克族自治旗", "鄂温克", "满洲里", "扎赉诺尔区", "包头"] {
            assert!(n.iter().any(|x| x == w), "{w} missing from {n:?}");
        }
        assert!(
            !n.iter()
                .any(|x| x.contains("海拉尔") || x.contains("呼伦贝尔"))
        );
    }

    #[test]
    fn an_ambiguous_district_is_placed_by_its_city_or_not_at_all() {
        // 朝阳区 is in Beijing and in Changchun
        assert!(neighbours(Some("朝阳区"), None).is_empty());
        let n = neighbours(Some("朝阳区"), Some("北京市"));
        assert!(n.iter().any(|x| x == "海淀区"), "{n:?}");
        assert!(!n.iter().any(|x| x == "宽城区"), "{n:?}");
    }

    #[test]
    fn a_city_s_report_is_next_to_its_province_s_other_cities() {
        let n = neighbours(Some("呼伦贝尔市"), None);
        assert!(n.iter().any(|x| x == "包头市"), "{n:?}");
        assert!(!n.iter().any(|x| x == "海拉尔区"), "{n:?}");
    }

    #[test]
    fn an_unknown_place_has_no_neighbours() {
        assert!(neighbours(Some("不存在区"), None).is_empty());
        assert!(neighbours(None, None).is_empty());
    }

    #[test]
    fn the_table_parses() {
        assert!(table().count() > 300);
        assert!(table().map(|p| p.units().count()).sum::<usize>() > 2800);
    }
}
