//! `lexicon.toml` for a generated knowledge base: the report's own place and years, and the
//! general word lists (question words, greetings, conjunctions…) every report shares.

use serde::Serialize;

use super::region::Region;

/// The lexicon as `lexicon.toml` holds it (the fields of [`crate::knowledge::raw::RawLexicon`]).
#[derive(Debug, Clone, Default, Serialize)]
pub struct LexiconFile {
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
    "rank",
];

/// Pieces of the "never gives" words about growth: a report that states growth rates gives them.
const GROWTH_WORDS: &[&str] = &["增", "同比", "比上年", "比去年", "growth", "百分之"];

/// Does the report state growth rates ("增长7.2%")?
fn states_growth(text: &str) -> bool {
    text.match_indices("增长")
        .any(|(i, w)| text[i + w.len()..].starts_with(|c: char| c.is_ascii_digit()))
}

fn owned(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| w.to_string()).collect()
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
        for s in ["街道", "苏木", "镇", "乡"] {
            if let Some(base) = p.strip_suffix(s) {
                places.push(base.to_string());
            }
        }
    }
    let mut scope_anchors = owned(SCOPE_ANCHORS);
    scope_anchors.extend(names.iter().cloned());
    LexiconFile {
        stopwords,
        past_words,
        plan_words,
        other_year_words: owned(OTHER_YEAR_WORDS),
        other_regions: OTHER_REGIONS
            .iter()
            .filter(|r| {
                !city
                    .iter()
                    .chain(&names)
                    .any(|n| n.contains(**r) || r.contains(n.as_str()))
            })
            .map(|r| r.to_string())
            .collect(),
        parent_regions: city,
        scope_anchors,
        unsupported: absent(UNSUPPORTED)
            .into_iter()
            .filter(|w| !(states_growth(text) && GROWTH_WORDS.iter().any(|g| w.contains(g))))
            .collect(),
        unsupported_topics: absent(UNSUPPORTED_TOPICS),
        places,
        greetings: owned(GREETINGS),
        conjunctions: owned(CONJUNCTIONS),
        compare_words: owned(COMPARE_WORDS),
        check_words: owned(CHECK_WORDS),
    }
}
