//! `lexicon.toml` for a generated knowledge base: the report's own place and years, and the
//! general word lists (question words, greetings, conjunctions…) every report shares.

use serde::Serialize;

use super::region::Region;

/// The lexicon as `lexicon.toml` holds it (the fields of [`crate::knowledge::raw::RawLexicon`]).
#[derive(Debug, Clone, Default, Serialize)]
pub struct LexiconFile {
    /// The report's title, when its first line is no title naming its place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Words that carry no meaning for matching.
    pub stopwords: Vec<String>,
    /// Words that put a question in the reviewed year.
    pub past_words: Vec<String>,
    /// Words that put a question in the plan year.
    pub plan_words: Vec<String>,
    /// Relative years the report does not cover.
    pub other_year_words: Vec<String>,
    /// Other regions.
    pub other_regions: Vec<String>,
    /// Enclosing regions.
    pub parent_regions: Vec<String>,
    /// Words that keep a parent-region question in scope.
    pub scope_anchors: Vec<String>,
    /// Measures the report never gives.
    pub unsupported: Vec<String>,
    /// Topics the report never gives.
    pub unsupported_topics: Vec<String>,
    /// Places within the district.
    pub places: Vec<String>,
    /// Greetings.
    pub greetings: Vec<String>,
    /// Conjunctions of multi-part questions.
    pub conjunctions: Vec<String>,
    /// Comparison words.
    pub compare_words: Vec<String>,
    /// Yes/no check words.
    pub check_words: Vec<String>,
}

const STOPWORDS: &str = "的 了 是 吗 呢 啊 吧 呀 嘛 么 哦 呗 着 过 地 得 \
多少 什么 哪些 哪个 哪几 哪几个 哪几条 哪 几 几个 几家 几条 几件 多 多大 多高 怎么 怎么样 怎样 如何 为何 \
请问 请 问 问下 问一下 一下 想 想知道 知道 告诉 告诉我 查 查下 查一下 帮 帮我 麻烦 \
顺便 顺带 对了 再问 再问下 再问一下 想问 想问下 想问一下 问问 打听 打听一下 说说 讲讲 说一下 讲一下 介绍一下 没 所以 然后 那么 其实 话说 \
我 我们 你 你们 咱 咱们 他 他们 它 这 那 这个 那个 其 这些 那些 \
区 全区 区里 本区 区政府 政府 报告 工作报告 政府工作报告 里 里面 中 当中 上 方面 \
要 将 能 会 可以 应该 打算 \
这份 这项 这次 哪位 哪天 哪一天 什么时候 何时 几月 几号 谁 是谁 啥 什么样 哪里 哪儿 \
有 有没有 没有 在 和 与 及 以及 跟 同 或 或者 还有 并 也 都 又 还 就 才 再 \
把 被 给 对 向 从 于 为 到 以 让 使 由 \
一共 总共 共 共计 合计 大概 大约 约 左右 具体 到底 究竟 一些 些 个 之 等 \
达到 达 实现 完成了 情况 数据 数字 数值 数 分别 各 各是 各自 分别是 是否 对吗 对不对 是不是 真的 \
年 年度 全年 今年 去年 上年 本年 那年 一年 这一年 过去一年 \
what was were is are the a an of in on for to by did does do how many much \
which who whom whose when where district district's s it its and or with at as \
be been has have had that this there reach reached get got year years about tell me please number";

const OTHER_YEAR_WORDS: &[&str] = &["前年", "明年", "后年", "大前年", "next year"];
const OTHER_REGIONS: &[&str] = &[
    "北京",
    "上海",
    "天津",
    "重庆",
    "广州",
    "深圳",
    "南京",
    "苏州",
    "杭州",
    "宁波",
    "温州",
    "成都",
    "武汉",
    "西安",
    "长沙",
    "郑州",
    "济南",
    "青岛",
    "沈阳",
    "大连",
    "哈尔滨",
    "长春",
    "呼和浩特",
    "包头",
    "石家庄",
    "太原",
    "合肥",
    "福州",
    "厦门",
    "南昌",
    "昆明",
    "贵阳",
    "南宁",
    "海口",
    "兰州",
    "西宁",
    "银川",
    "乌鲁木齐",
    "拉萨",
    "shanghai",
    "beijing",
    "shenzhen",
    "guangzhou",
];
/// More cities of the country (prefecture level), for "other region" declines; names that are also
/// common street or park names (中山, 延安, 北海, 大同) are left out.
const MORE_CITIES: &[&str] = &[
    "无锡",
    "常州",
    "南通",
    "徐州",
    "扬州",
    "镇江",
    "泰州",
    "盐城",
    "淮安",
    "连云港",
    "宿迁",
    "嘉兴",
    "湖州",
    "绍兴",
    "金华",
    "衢州",
    "舟山",
    "台州",
    "丽水",
    "芜湖",
    "蚌埠",
    "安庆",
    "泉州",
    "漳州",
    "莆田",
    "赣州",
    "九江",
    "烟台",
    "潍坊",
    "临沂",
    "淄博",
    "济宁",
    "威海",
    "洛阳",
    "开封",
    "南阳",
    "宜昌",
    "襄阳",
    "岳阳",
    "株洲",
    "湘潭",
    "衡阳",
    "东莞",
    "佛山",
    "珠海",
    "惠州",
    "汕头",
    "湛江",
    "江门",
    "柳州",
    "桂林",
    "三亚",
    "绵阳",
    "宜宾",
    "泸州",
    "南充",
    "遵义",
    "大理",
    "丽江",
    "宝鸡",
    "咸阳",
    "榆林",
    "天水",
    "酒泉",
    "保定",
    "唐山",
    "邯郸",
    "秦皇岛",
    "廊坊",
    "张家口",
    "承德",
    "临汾",
    "运城",
    "鞍山",
    "抚顺",
    "丹东",
    "锦州",
    "吉林市",
    "延边",
    "齐齐哈尔",
    "大庆",
    "牡丹江",
    "佳木斯",
    "鄂尔多斯",
    "赤峰",
    "通辽",
    "乌兰察布",
    "巴彦淖尔",
    "乌海",
    "锡林郭勒",
    "兴安盟",
    "阿拉善",
    "克拉玛依",
    "喀什",
    "伊犁",
    "吐鲁番",
    "日喀则",
    "格尔木",
];

/// Provinces and autonomous regions; one the report never names is another region.
const PROVINCES: &[&str] = &[
    "河北",
    "山西",
    "内蒙古",
    "辽宁",
    "吉林省",
    "黑龙江",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "广西",
    "海南",
    "四川",
    "贵州",
    "云南",
    "西藏",
    "陕西",
    "甘肃",
    "青海",
    "宁夏",
    "新疆",
    "台湾",
    "香港",
    "澳门",
];

const UNSUPPORTED: &[&str] = &[
    "增速",
    "增长率",
    "增幅",
    "同比",
    "环比",
    "比上年",
    "比去年",
    "增长了",
    "增长多少",
    "百分之几",
    "人均gdp",
    "growth",
    "price",
    "累计有",
    "目前有",
    "现有",
    "现在有",
    "现在一共",
    "目前一共",
    "总数",
    "一共有几",
    "总共有几",
    "现在总共",
    "目前总共",
    "现在共有",
    "目前共有",
];
const UNSUPPORTED_TOPICS: &[&str] = &[
    "人口",
    "常住人口",
    "户籍人口",
    "面积",
    "房价",
    "天气",
    "气温",
    "餐厅",
    "饭店",
    "美食",
    "酒店",
    "景点",
    "门票",
    "攻略",
    "股票",
    "股价",
    "彩票",
    "工资",
    "平均工资",
    "失业率",
    "出生率",
    "地铁站",
    "游客",
    "旅游人数",
    "进出口",
    "出口额",
    "进口额",
    "population",
    "weather",
    "restaurant",
    "hotel",
    "ticket",
    "salary",
    "unemployment",
];
/// Measures and topics people ask of any district's report, in groups of words for the same thing.
/// A group the report never mentions (none of its words occurs in the text) goes into
/// `unsupported` whole: no entry can then contain its words, so a question naming one is declined
/// rather than answered from a neighbouring figure (进出口总额 → 资产总额). English words are
/// phrases that cannot be part of another question's wording.
const ABSENT_GROUPS: &[&[&str]] = &[
    &[
        "进出口",
        "外贸",
        "出口额",
        "进口额",
        "出口总额",
        "exports",
        "imports",
        "foreign trade",
    ],
    &[
        "实际利用外资",
        "利用外资",
        "外资",
        "外商投资",
        "foreign capital",
        "foreign investment",
        "fdi",
    ],
    &[
        "研发投入",
        "研发经费",
        "研发强度",
        "r&d spending",
        "r&d investment",
        "r&d intensity",
    ],
    &[
        "空气质量",
        "优良天数",
        "优良率",
        "pm2.5",
        "pm10",
        "aqi",
        "雾霾",
        "air quality",
    ],
    &["粮食产量", "粮食总产", "粮食播种", "grain output"],
    &["工业增加值", "industrial value added"],
    &["三次产业", "产业结构", "industrial structure"],
    &["第一产业", "一产", "primary industry"],
    &["第二产业", "二产", "secondary industry"],
    &["居民消费价格", "cpi", "物价涨幅", "consumer price"],
    &["最低工资", "minimum wage"],
    &[
        "人均消费支出",
        "消费支出",
        "生活消费支出",
        "consumption expenditure",
        "consumer spending",
    ],
    &[
        "登记失业人数",
        "失业人数",
        "失业人员",
        "number of unemployed",
    ],
    &[
        "入境游客",
        "入境旅游",
        "海外游客",
        "境外游客",
        "国际游客",
        "inbound tourists",
        "foreign tourists",
        "foreign visitors",
    ],
    &["旅游外汇", "创汇", "foreign exchange earnings"],
    &["城镇化率", "urbanization rate"],
    &["森林覆盖率", "forest coverage"],
    &["存款余额", "贷款余额", "存贷款"],
    &["网络零售", "电商交易额", "网上零售", "online retail"],
    &["刑事案件", "犯罪率", "发案率", "crime rate"],
    &["交通事故", "traffic accidents"],
    &["在校生", "学生人数", "在校学生"],
    &["床位", "病床", "执业医师", "hospital beds"],
    &["高铁", "高速铁路", "high-speed rail"],
    &["地铁", "轨道交通", "subway", "metro line"],
    &["5g"],
    &["碳排放", "碳达峰", "碳中和", "carbon emissions"],
    &["税收收入", "tax revenue"],
    &["人均地区生产总值", "人均生产总值", "per capita gdp"],
    &[
        "辖区面积",
        "总面积",
        "土地面积",
        "国土面积",
        "区域面积",
        "全区面积",
        "全县面积",
        "全市面积",
        "全旗面积",
        // the district's own names: "区面积" alone was found inside "现代农业园区面积" (lixian
        // o4-018 declined as "区面积")
        PLACE_AREA,
    ],
    &["房地产", "商品房", "house prices", "real estate"],
    &["政府债务", "债务余额", "government debt"],
    &["数字经济", "digital economy"],
    // officials the report does not name: a question about one is declined, not answered from
    // the report's reporter or a figure
    &[
        "副区长",
        "副县长",
        "副市长",
        "副旗长",
        "常务副",
        "deputy mayor",
        "deputy head",
    ],
    &[
        "区委书记",
        "县委书记",
        "市委书记",
        "旗委书记",
        "党委书记",
        "party secretary",
    ],
    &["人大主任", "人大常委会主任", "政协主席"],
    // a report that names no head of government at all
    &["区长", "县长", "市长", "旗长", "mayor"],
    &["世界500强", "fortune 500"],
];

const GREETINGS: &[&str] = &[
    "你好",
    "您好",
    "嗨",
    "哈喽",
    "hello",
    "hi",
    "hey",
    "在吗",
    "在不在",
    "早",
    "早上好",
    "晚上好",
    "下午好",
    "谢谢",
    "多谢",
    "感谢",
    "thanks",
    "thank you",
    "好的",
    "ok",
    "嗯",
    "帮助",
    "help",
    "你是谁",
    "你能做什么",
    "怎么用",
    "start",
];
const CONJUNCTIONS: &[&str] = &[
    "和", "与", "及", "以及", "、", "跟", ",", "还有", "and", "同",
];
const COMPARE_WORDS: &[&str] = &[
    "对比", "比较", "相比", "比起", "变化", "compare", "versus", "vs",
];
const CHECK_WORDS: &[&str] = &[
    "吗",
    "是不是",
    "对吗",
    "对不对",
    "是否",
    "真的",
    "有没有",
    "了没",
    "了没有",
    "没错吧",
    "did",
    "does",
    "is it",
    "was it",
    "is there",
    "was there",
    "has it",
    "have they",
];
const PLAN_WORDS: &[&str] = &[
    "今年",
    "本年",
    "计划",
    "目标",
    "打算",
    "准备",
    "将要",
    "将",
    "要",
    "力争",
    "任务",
    "plan",
    "plans",
    "planned",
    "target",
    "will",
    "this year",
];
const PAST_WORDS: &[&str] = &["去年", "上年", "过去一年", "这一年", "last year"];
const SCOPE_ANCHORS: &[&str] = &[
    "全区",
    "区里",
    "排名",
    "排第",
    "第几",
    "排多少",
    "名次",
    "第一",
    "第1",
    "rank",
];

/// Pieces of the "never gives" words about growth: a report that states growth rates gives them.
const GROWTH_WORDS: &[&str] = &["增", "同比", "比上年", "比去年", "growth", "百分之"];

/// Growth words kept as "never given" even in a report that states growth rates (when the
/// report itself never writes them): the engine lets such a word through when the entry's quote
/// gives a change in percent, so only a question asking the change of a figure the report gives
/// as a level alone is declined ("旅游收入增长了多少" of "旅游收入完成56.4亿元"). Keeping every
/// growth word (增幅, 比上年, 百分之几, growth…) cost 8 answers on the dev sets for 1 decline
/// (增幅是多少 and "growth target" questions of figures whose quote gives the rate); these three
/// gained 3 declines over all sets for 1 answer (a two-part question, whose scope the engine
/// reads from its first part's entry only).
const KEPT_GROWTH_WORDS: &[&str] = &["同比", "增长了", "增长多少"];

/// Does the report state growth rates ("增长7.2%")?
fn states_growth(text: &str) -> bool {
    text.match_indices("增长")
        .any(|(i, w)| text[i + w.len()..].starts_with(|c: char| c.is_ascii_digit()))
}

/// Stands in a group of [`ABSENT_GROUPS`] for "the district's area": one word per name of the
/// district (海拉尔区面积, 海拉尔面积), none when the report names no district.
const PLACE_AREA: &str = "<place>面积";

/// The words of the [`ABSENT_GROUPS`] none of whose words the report uses (after width and case
/// folding, as questions are read).
pub fn absent_groups(text: &str) -> Vec<String> {
    absent_groups_of(text, &[])
}

/// [`absent_groups`] with [`PLACE_AREA`] spelt with each of the district's `names`.
pub fn absent_groups_of(text: &str, names: &[String]) -> Vec<String> {
    let lower = crate::engine::normalize::fold_width(text).to_lowercase();
    let spelt = |w: &str| -> Vec<String> {
        if w == PLACE_AREA {
            names.iter().map(|n| format!("{n}面积")).collect()
        } else {
            vec![w.to_string()]
        }
    };
    ABSENT_GROUPS
        .iter()
        .map(|g| g.iter().flat_map(|w| spelt(w)).collect::<Vec<String>>())
        .filter(|g| !g.iter().any(|w| lower.contains(w.as_str())))
        .flatten()
        .collect()
}

impl LexiconFile {
    /// The words of the lists that name things (other regions, places, measures and topics the
    /// report never gives), space-separated: words the dictionary must know so a question naming
    /// one is read as that word.
    pub fn vocabulary(&self) -> String {
        [
            &self.other_regions,
            &self.parent_regions,
            &self.places,
            &self.unsupported,
            &self.unsupported_topics,
        ]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ")
    }
}

/// A place name in pinyin without tones, and — when it ends in 尔, as names of Mongolian origin
/// do — the customary spelling with a final `r` (海拉尔 → `hailaer`, `hailar`; 齐齐哈尔 → `qiqihar`).
/// Nothing for a name with a character that has no reading.
pub fn romanised(name: &str) -> Vec<String> {
    use pinyin::ToPinyin;
    let syllables: Option<Vec<&str>> = name
        .chars()
        .map(|c| c.to_pinyin().map(|p| p.plain()))
        .collect();
    let Some(syllables) = syllables else {
        return Vec::new();
    };
    let plain = syllables.concat();
    let mut out = vec![plain.clone()];
    if name.ends_with('尔')
        && let Some(base) = plain.strip_suffix("er")
    {
        out.push(format!("{base}r"));
    }
    out
}

fn owned(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| w.to_string()).collect()
}

/// The title a reply names the report by: its first line when that is a title naming the
/// report's place; else, for a bare `政府工作报告` or a report opening with `各位代表:`, one made
/// of the place and the plan year (`海拉尔区2012年政府工作报告`). None when the first line serves
/// (the engine reads it) or no place is known.
fn title(first_line: &str, region: &Region, plan: Option<u16>) -> Option<String> {
    let district = region.district.as_deref()?;
    let line = super::text::unspaced(first_line);
    if line.contains("报告") && line.contains(district) {
        return None;
    }
    let year = plan.map_or_else(String::new, |y| format!("{y}年"));
    let city = region.city.as_deref().unwrap_or("");
    Some(format!("{city}{district}{year}政府工作报告"))
}

/// The lexicon for a report about `region` reviewing `review` and planning `plan`. Words the
/// report itself uses are dropped from the "never gives" lists: it may give them.
pub fn lexicon(text: &str, region: &Region, review: Option<u16>, plan: Option<u16>) -> LexiconFile {
    let names: Vec<String> = [&region.district, &region.district_short]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    let city: Vec<String> = [&region.city, &region.city_short]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    let mut stopwords: Vec<String> = STOPWORDS.split_whitespace().map(str::to_string).collect();
    stopwords.extend(names.iter().cloned());
    // the place's names in Latin letters ("Xihu", "Hailaer"/"Hailar"): no content word of an
    // English question
    let latin: Vec<String> = [&region.district_short, &region.city_short]
        .into_iter()
        .flatten()
        .flat_map(|n| romanised(n))
        .collect();
    stopwords.extend(latin.iter().cloned());
    let mut past_words = owned(PAST_WORDS);
    let mut plan_words = owned(PLAN_WORDS);
    for (list, year) in [(&mut past_words, review), (&mut plan_words, plan)] {
        if let Some(y) = year {
            list.extend([y.to_string(), format!("{y}年"), format!("in {y}")]);
            stopwords.extend([y.to_string(), format!("{y}年")]);
        }
    }
    let absent = |words: &[&str]| -> Vec<String> {
        words
            .iter()
            .filter(|w| !text.contains(**w))
            .map(|w| w.to_string())
            .collect()
    };
    let mut places = Vec::new();
    for p in &region.places {
        places.push(p.clone());
        for s in crate::knowledge::places::PLACE_SUFFIXES {
            // the short name only where the text never uses it otherwise (奋斗镇, but 团结奋斗)
            if let Some(base) = p.strip_suffix(s)
                && text.matches(base).count() == text.matches(p.as_str()).count()
            {
                places.push(base.to_string());
            }
        }
    }
    let mut scope_anchors = owned(SCOPE_ANCHORS);
    scope_anchors.extend(names.iter().cloned());
    scope_anchors.extend(latin);
    LexiconFile {
        title: title(
            text.lines().find(|l| !l.trim().is_empty()).unwrap_or(""),
            region,
            plan,
        ),
        stopwords,
        past_words,
        plan_words,
        other_year_words: owned(OTHER_YEAR_WORDS),
        other_regions: OTHER_REGIONS
            .iter()
            .chain(MORE_CITIES)
            .chain(PROVINCES.iter().filter(|p| !text.contains(**p)))
            // a place the report keeps naming is probably its own city (a title without the city)
            .filter(|r| text.matches(**r).count() < 3)
            .filter(|r| {
                !city
                    .iter()
                    .chain(&names)
                    .any(|n| n.contains(**r) || r.contains(n.as_str()))
            })
            .map(|r| r.to_string())
            .chain(super::divisions::neighbours(
                region.district.as_deref(),
                region.city.as_deref(),
            ))
            .fold(Vec::new(), |mut v, r| {
                if !v.contains(&r) {
                    v.push(r);
                }
                v
            }),
        parent_regions: city,
        scope_anchors,
        unsupported: absent(UNSUPPORTED)
            .into_iter()
            .filter(|w| {
                !(states_growth(text)
                    && GROWTH_WORDS.iter().any(|g| w.contains(g))
                    && !KEPT_GROWTH_WORDS.contains(&w.as_str()))
            })
            .chain(absent_groups_of(text, &names))
            .collect(),
        // a topic word the synonyms map to one of the report's terms (游客 → 旅游接待人数) is given
        unsupported_topics: {
            let given = super::synonyms::terms_for(text);
            absent(UNSUPPORTED_TOPICS)
                .into_iter()
                .filter(|w| !given.contains(w))
                .collect()
        },
        places,
        greetings: owned(GREETINGS),
        conjunctions: owned(CONJUNCTIONS),
        compare_words: owned(COMPARE_WORDS),
        check_words: owned(CHECK_WORDS),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_names_in_latin_letters() {
        assert_eq!(romanised("西湖"), ["xihu"]);
        assert_eq!(romanised("海拉尔"), ["hailaer", "hailar"]);
        assert!(romanised("A区").is_empty());
    }

    #[test]
    fn the_lexicon_holds_the_place_s_latin_names() {
        let region = Region {
            district: Some("海拉尔区".into()),
            district_short: Some("海拉尔".into()),
            ..Region::default()
        };
        let lex = lexicon("海拉尔区", &region, Some(2016), Some(2017));
        assert!(lex.stopwords.iter().any(|w| w == "hailar"));
        assert!(lex.scope_anchors.iter().any(|w| w == "hailaer"));
    }
}
