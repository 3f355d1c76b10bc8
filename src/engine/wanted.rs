//! Answer types: the kind of fact a question asks for (a name, a quantity, a date, the items of
//! a list, a rank, a per-capita figure) and whether a passage holds one. An entry that matches
//! the topic but not the kind is not an answer: the engine says what the report does say
//! instead ("报告没有给出这个名称。报告只提到:…").

use super::answer::Wanted;
use super::query::{Prepared, Query};
use super::segment::ChineseSegmenter;
use super::{Engine, Hit, premise, units};
use crate::knowledge::figures;

/// Words asking for each kind, checked in this order (`第几` is a rank before `几` is a
/// quantity; `哪几` a list).
const ASKS: &[(Wanted, &[&str])] = &[
    (
        Wanted::Name,
        &[
            "叫什么",
            "什么名字",
            "名字",
            "名称",
            "全称",
            "叫啥",
            "是谁",
            "谁",
            // an honour is a name too: what the report says it was awarded
            "什么称号",
            "啥称号",
            "哪个称号",
            "什么荣誉",
            "啥荣誉",
            "哪个荣誉",
            "什么奖项",
            "什么奖",
            "啥奖",
            "哪个奖",
            "award",
            "honour",
            "honor",
            "prize",
            "name",
            "called",
            "who",
        ],
    ),
    (
        Wanted::Date,
        &[
            "什么时候",
            "啥时候",
            "几时",
            "何时",
            "哪天",
            "哪一天",
            "几月",
            "几号",
            "哪年",
            "哪一年",
            "哪个月",
            "日期",
            "when",
            "what date",
            "what year",
        ],
    ),
    // no place word holds 哪些/哪几 ("在哪些方面" asks for a list), nor "在哪个", which asks for
    // a meeting as often as for a place ("在哪个会上讲的")
    (
        Wanted::Place,
        &[
            "在哪里",
            "在哪儿",
            "哪里",
            "哪儿",
            "什么地方",
            "啥地方",
            "哪个地方",
            "什么位置",
            "位置",
            "地址",
            "地点",
            "位于哪",
            "落在哪",
            "建在哪",
            "设在哪",
            "落户在哪",
            "哪个街道",
            "哪个镇",
            "哪个乡",
            "哪个村",
            "哪个社区",
            "哪条路",
            "哪条街",
            "where",
            "location",
            "located",
        ],
    ),
    (
        Wanted::Rank,
        &["第几", "排名", "排第几", "名次", "排多少", "几名", "rank"],
    ),
    (Wanted::PerCapita, &["人均", "per capita"]),
    // before the list words: "包括哪些内容" asks what a named plan holds
    (
        Wanted::Meaning,
        &[
            // not "指的是什么": people ask it of a name as "…是什么" (一号改革工程指的是什么)
            "具体指",
            "什么意思",
            "啥意思",
            "具体内容",
            "哪些内容",
            "什么内容",
            "具体包括",
            "包括什么",
            "包括啥",
            "mean",
        ],
    ),
    (
        Wanted::List,
        &[
            // "分别是多少" asks for several figures, not a list
            "哪些",
            "哪几",
            "分别是什么",
            "分别是啥",
            "分别有什么",
            "都有什么",
            "都有啥",
            "列举",
            "名单",
            "which",
            "what are",
            "list",
        ],
    ),
    (
        Wanted::Quantity,
        &[
            "多少", "几", "多大", "多长", "多高", "多远", "how many", "how much",
        ],
    ),
];

/// [`ASKS`] compiled once: a question is scanned in one pass, not once per word (the ~70
/// `str::contains` were 7 % of an answer, callgrind).
static ASK_SCAN: std::sync::LazyLock<super::scan::WordScan> = std::sync::LazyLock::new(|| {
    let lists: Vec<Vec<String>> = ASKS
        .iter()
        .map(|(_, words)| words.iter().map(|w| w.to_string()).collect())
        .collect();
    super::scan::WordScan::new(lists.iter().map(Vec::as_slice))
});

/// Date words asking for a month or a day: a year alone ("2023年是亚运举办之年") does not
/// say on which day (哪天开幕).
const DAY_ASKS: &[&str] = &[
    "哪天",
    "哪一天",
    "几号",
    "几月",
    "哪个月",
    "日期",
    "what date",
];

/// Words asking what something is.
const WHAT: &[&str] = &["是什么", "是啥", "有什么", "有啥", "是哪些", "what"];

/// The kind of fact a folded question asks for, if it names one.
pub(crate) fn wanted(folded: &str) -> Option<Wanted> {
    let seen = ASK_SCAN.scan(folded);
    let kind = ASKS
        .iter()
        .enumerate()
        .find(|(i, _)| seen.any(*i))
        .map(|(_, &(kind, _))| kind);
    // "它在哪", "基地在哪?": where, at the end of the question
    let kind = kind.or_else(|| {
        super::normalize::trim_particles(folded.trim_end_matches(['?', '？', '!', '！', '。', ' ']))
            .ends_with("在哪")
            .then_some(Wanted::Place)
    });
    // "哪两个", "哪十件", "哪五条": the members of a counted set
    let which_n = folded.match_indices('哪').any(|(i, _)| {
        premise::leading_number(&folded[i + '哪'.len_utf8()..]).is_some_and(|(n, _)| n >= 2)
    });
    // "那2件备选项目是啥": what a counted set is asks for its members too
    let what_of_counted =
        kind.is_none() && WHAT.iter().any(|w| folded.contains(w)) && stated_count(folded).is_some();
    match kind {
        // "从哪里来的": where from is a source, which any passage may state
        Some(Wanted::Place) if SOURCE_ASKS.iter().any(|w| folded.contains(w)) => None,
        Some(Wanted::Quantity) | None if which_n || what_of_counted => Some(Wanted::List),
        Some(Wanted::List) if which_one(folded) => None,
        k => k,
    }
}

/// "which session", "which award": English `which` before a singular noun asks for one thing,
/// not a list ("which projects", "which ones" do), when no other list word is there.
fn which_one(folded: &str) -> bool {
    let Some(i) = folded.find("which ") else {
        return false;
    };
    let next = folded[i + "which ".len()..]
        .split(|c: char| !c.is_ascii_alphabetic())
        .find(|w| !w.is_empty())
        .unwrap_or_default();
    let others = ASKS
        .iter()
        .find(|(kind, _)| *kind == Wanted::List)
        .is_some_and(|(_, words)| words.iter().any(|w| *w != "which" && folded.contains(w)));
    !others && !next.is_empty() && next != "ones" && !next.ends_with('s')
}

/// Units a set is counted in ("8家企业", "十件实事", "2个工程").
const SET_UNITS: &[&str] = &["家", "个", "件", "条", "项", "所", "座", "名", "位"];

/// The size a list question gives the set it asks about ("新增的6家上市企业是哪几家" → 6 家), if any.
pub(crate) fn stated_count(folded: &str) -> Option<(u32, &'static str)> {
    folded.char_indices().find_map(|(i, c)| {
        if i > 0 && folded[..i].ends_with(['第', '哪']) {
            return None;
        }
        let (n, len) = premise::leading_number(&folded[i..])?;
        let at_start = i == 0 || !folded[..i].ends_with(|p: char| p.is_ascii_digit());
        let unit = SET_UNITS
            .iter()
            .find(|u| folded[i + len..].starts_with(**u))?;
        (c != '0' && at_start && n >= 2).then_some((n, *unit))
    })
}

/// Does a curated list name the members a question asks for? "具体是哪几家上市了" asks for
/// firms; a list whose every item is counted in that unit in its quotation ("上市及挂牌企业
/// 10家以上": a kind of firm and how many) names kinds, not members.
pub(crate) fn names_members(items: &[String], quote: &str, folded: &str) -> bool {
    let unit = ["哪几", "哪些"].iter().find_map(|w| {
        let at = folded.find(w)? + w.len();
        SET_UNITS
            .iter()
            .find(|u| folded[at..].starts_with(**u))
            .copied()
    });
    let Some(unit) = unit else {
        return true;
    };
    let counted = |item: &String| {
        quote.match_indices(item.as_str()).any(|(at, _)| {
            let rest = quote[at + item.len()..].trim_start_matches(['”', '"', '’']);
            premise::leading_number(rest).is_some_and(|(_, len)| {
                rest[len..]
                    .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
                    .starts_with(unit)
            })
        })
    };
    !items.iter().all(counted)
}

/// The ways a count is written: `6家`, `六家`.
fn count_forms((n, unit): (u32, &str)) -> [String; 2] {
    [
        format!("{n}{unit}"),
        format!("{}{unit}", units::chinese_numeral(n as usize)),
    ]
}

/// Does a passage state the count a question gives ("…8个" for "那8个…分别是啥")?
fn states_count(passage: &str, count: (u32, &str)) -> bool {
    count_forms(count)
        .iter()
        .any(|c| passage.contains(c.as_str()))
}

/// Does a passage count the set a question sizes ("新增上市企业6家" for "6家…是哪几家") without
/// naming its members right before the count ("推进西湖大学、双浦2个TOD" names both)?
fn counts_set(passage: &str, count: (u32, &str)) -> bool {
    let n = count.0;
    count_forms(count).iter().any(|count| {
        passage.match_indices(count.as_str()).any(|(at, _)| {
            let clause = passage[..at]
                .rsplit(['，', ',', '。', ';', '；', ':', '：'])
                .next()
                .unwrap_or_default();
            clause
                .split(['、', '和', '及'])
                .filter(|m| !m.is_empty())
                .count()
                < n as usize
        })
    })
}

/// Nouns that name the kind of fact asked for, not its topic: they weigh like everyday words
/// in retrieval, since [`holds`] checks the kind.
pub(crate) const KIND_NOUNS: &[&str] = &["称号", "荣誉", "奖", "奖项", "名字", "名称", "全称"];

/// Words asking for an honour (a kind of name): "获了啥称号", "拿了什么奖", "which award".
const HONOUR_ASKS: &[&str] = &["称号", "荣誉", "奖", "award", "honour", "honor", "prize"];
/// Words with which a report states an honour received.
/// (获 covers 获评, 荣获, 获得: "获全省最佳应用").
const HONOURS: &[&str] = &[
    "获", "评为", "称号", "荣誉", "奖", "鼎", "入选", "授予", "最佳",
];

/// Titles a person's name follows in a report (`代区长  周扬`).
const TITLES: &[&str] = &[
    "区长", "书记", "主任", "市长", "县长", "省长", "局长", "部长", "主席",
];
/// Modifiers that make a name-ending word generic (国家实验室, 省级基地), not a proper name.
const GENERIC: &[&str] = &[
    "国家级",
    "国家",
    "省级",
    "省",
    "市级",
    "区级",
    "全省",
    "全国",
    "重点",
    "科研",
    "产业",
    "创新",
    "新型",
    "一流",
];
/// Endings of proper names of places and organisations.
const NAME_ENDINGS: &[&str] = &[
    "研究院",
    "实验室",
    "中心",
    "集团",
    "公司",
    "大学",
    "小镇",
    "园区",
    "产业园",
    "基地",
    "博物馆",
    "体育馆",
    "街区",
    "科技城",
    "茶镇",
    "平台",
];

/// Does `passage` hold a fact of kind `kind` for question `q`, which asks for it? A quantity
/// must be of the unit family asked (`多少公里` needs a length).
pub(crate) fn holds(kind: Wanted, passage: &str, q: &Prepared, engine: &Engine) -> bool {
    let question = q.folded.as_str();
    let seg = &engine.segmenter;
    match kind {
        Wanted::Place => names_other_place(passage, q, &engine.kb.lexicon.places, seg),
        Wanted::Name => {
            if question.contains('谁') || question.contains("who") {
                // a title the question names (书记), else any, followed by a name
                let asked_titles: Vec<&&str> =
                    TITLES.iter().filter(|t| question.contains(**t)).collect();
                let titles: Vec<&&str> = if asked_titles.is_empty() {
                    TITLES.iter().collect()
                } else {
                    asked_titles
                };
                return titles.iter().any(|t| {
                    passage.match_indices(**t).any(|(i, _)| {
                        passage[i + t.len()..]
                            .trim_start_matches(char::is_whitespace)
                            .chars()
                            .next()
                            .is_some_and(char::is_alphanumeric)
                    })
                });
            }
            if HONOUR_ASKS.iter().any(|w| question.contains(w)) {
                return HONOURS.iter().any(|w| passage.contains(w));
            }
            // a name near the question's words: the clause that speaks of what was asked
            let focus = focus(passage, &q.words);
            // …but not the name of a programme standing for something else ("“116N”实验室体系"
            // names a system, not the lab asked about)
            let quoted = quoted_spans(focus).into_iter().any(|span| {
                let after = &focus[span.as_ptr() as usize - focus.as_ptr() as usize + span.len()..];
                let clause = after.split(CLAUSE_BREAKS).next().unwrap_or("");
                !question.contains(span)
                    && !PROGRAMMES
                        .iter()
                        .any(|w| clause.contains(w) && !question.contains(w))
            });
            quoted
                || seg.cut(focus).iter().any(|w| {
                    let Some(ending) = NAME_ENDINGS.iter().find(|e| w.ends_with(**e)) else {
                        return false;
                    };
                    let head = &w[..w.len() - ending.len()];
                    w.chars().count() >= 4
                        && !head.is_empty()
                        && !GENERIC.contains(&head)
                        && !question.contains(w)
                })
        }
        Wanted::Date if DAY_ASKS.iter().any(|w| question.contains(w)) => {
            units::dated_to_day(passage)
        }
        Wanted::Date => units::dated(passage),
        Wanted::Rank => {
            let ranked = premise::rank(passage).is_some() || passage.contains("前列");
            // "在全省排第几" is not answered by a rank "全市第3"
            let scope_fits = RANK_SCOPES
                .iter()
                .filter(|s| question.contains(**s))
                .all(|s| passage.contains(s));
            ranked && scope_fits
        }
        // "人均纯收入是多少" is not answered by its growth alone
        Wanted::PerCapita => passage.contains("人均") && (asks_rate(q) || !only_rates(passage)),
        // a passage that spells the thing out, not one that only names it ("完善“7181”机制")
        Wanted::Meaning => EXPLAINS.iter().any(|w| passage.contains(w)),
        // the members of a set the passage only counts ("6家…是哪几家"), or a clause that counts
        // without enumerating: not a list; a figure may stand in any clause (choosing one by
        // shared words cut "11个镇街" off its "执法改革")
        Wanted::List => match stated_count(question) {
            // a sized set: the passage names that many members, with the count or without it
            Some(c) if states_count(passage, c) => !counts_set(passage, c),
            Some((n, _)) => {
                let clause = focus(passage, &q.words);
                let items = clause.split('、').count().max(quoted_spans(clause).len());
                items >= n as usize
            }
            None => !only_counts(focus(passage, &q.words)),
        },
        // in the clause that speaks of what was asked ("华大研究院国际总部成功落户" holds no
        // investment figure though its sentence goes on to "10亿元以上重大项目8个")
        // a date may stand anywhere in the passage: read once, not per clause
        Wanted::Quantity if q.asked == Some(units::Quantity::Date) => units::dated(passage),
        Wanted::Quantity => speaking(passage, &q.words, measure(q)).any(|clause| match q.asked {
            // "十件民生实事": a count in a Chinese numeral
            Some(units::Quantity::Count) => {
                units::fits(units::Quantity::Count, &units::measured(clause))
                    || chinese_count(clause)
            }
            Some(unit) => units::fits(unit, &units::measured(clause)),
            None => has_quantity(clause) && (asks_rate(q) || !only_rates(clause)),
        }),
    }
}

impl Engine {
    /// Among the hits nearly as good as `best`, the first whose entry holds the kind of fact
    /// the question asks for (`best` itself when it asks for none).
    pub(crate) fn holding(&self, q: &Query, best: Hit) -> Option<Hit> {
        let Some(kind) = q.p.wanted else {
            return Some(best);
        };
        let floor = (best.score * self.tuning.wanted_ratio).max(self.tuning.threshold);
        // read from the question once, not once per hit
        let count = stated_count(&q.p.folded);
        let counted = match kind {
            Wanted::Quantity => self.counted_noun(&q.p),
            _ => None,
        };
        let holds_kind = |h: &Hit| {
            let entry = &self.kb.entries[h.entry];
            match (kind, count) {
                // a curated list answers a sized question only with that many items
                (Wanted::List, Some((n, _))) if !entry.items.is_empty() => {
                    entry.items.len() == n as usize
                }
                (Wanted::List, None) if !entry.items.is_empty() => {
                    names_members(&entry.items, &entry.quote, &q.p.folded)
                }
                // a list spells out what the question names, unless that is one of its items
                // (数字经济的重点 lists "1248计划"; it does not say what the plan holds)
                (Wanted::Meaning, _) if !entry.items.is_empty() => !entry
                    .items
                    .iter()
                    .any(|item| q.p.names.iter().any(|n| item.contains(n.as_str()))),
                // "19号线西湖段有几个站": a count of something the entry never names
                (Wanted::Quantity, _)
                    if counted
                        .as_deref()
                        .is_some_and(|noun| !self.entry_names(h.entry, noun)) =>
                {
                    false
                }
                // "覆盖了几个镇街": a count written right before the noun counted ("11个镇街")
                // answers, in whichever clause it stands
                (Wanted::Quantity, _)
                    if counted
                        .as_deref()
                        .is_some_and(|noun| counts_noun(&entry.quote, noun)) =>
                {
                    true
                }
                _ => holds(kind, &entry.quote, &q.p, self),
            }
        };
        // `best` first (it may be a more specific entry than the top hit), then the close hits
        std::iter::once(&best)
            .chain(q.hits.iter().take_while(|h| h.score >= floor))
            .find(|h| holds_kind(h))
            .copied()
    }

    /// What a count question counts, in the report's terms ("几所学校" → 学校; the asker's
    /// "新的公司和个体户" → 市场主体): `None` when it counts nothing the report names — a unit
    /// (几个百分点) is no thing counted, and a word the report never uses is paraphrase, not a
    /// thing an entry fails to name.
    fn counted_noun(&self, p: &Prepared) -> Option<String> {
        let tail = self.synonyms.canonicalize(counted_tail(&p.folded)?);
        self.segmenter
            .cut(&tail)
            .into_iter()
            .rev()
            .find(|w| w.chars().all(|c| !c.is_ascii() && c.is_alphabetic()))
            .filter(|n| units::unit_word(n).is_none() && self.report_uses(n))
            .map(str::to_string)
    }

    /// Does entry `e` name `noun`, directly or through a synonym (国高企 ↔ 国家高新技术企业)?
    fn entry_names(&self, e: usize, noun: &str) -> bool {
        let text = &self.entry_text[e];
        text.contains(noun) || self.synonyms.canonicalize(text).contains(noun)
    }
}

/// What follows `几个` / `多少家` / `几所`… in a count question, where the thing counted is named
/// ("有几个站" → 站, "招了几个10亿元以上的项目" → 10亿元以上的项目).
fn counted_tail(folded: &str) -> Option<&str> {
    let tail = ["几", "多少"].iter().find_map(|m| {
        folded.match_indices(m).find_map(|(i, _)| {
            let rest = &folded[i + m.len()..];
            SET_UNITS
                .iter()
                .find(|u| rest.starts_with(**u))
                .map(|u| &rest[u.len()..])
        })
    })?;
    // the thing counted stands in the same clause ("改了几条路,多长" counts 路)
    let clause = tail
        .split([',', '，', ';', '；', '。', '?', '？', ' '])
        .next()?;
    Some(super::normalize::trim_particles(clause))
}

/// Words asking where something comes from, not where it stands.
const SOURCE_ASKS: &[&str] = &["从哪", "哪来", "哪里来", "哪儿来", "where from"];
/// Words asking for a division of the district ("哪个街道"): only a place of the lexicon or a
/// named division answers.
const DIVISION_ASKS: &[&str] = &["哪个街道", "哪个镇", "哪个乡", "哪个村", "哪个社区"];
/// Words asking for a road, not any place ("它在哪条路上").
const ROAD_ASKS: &[&str] = &["哪条路", "哪条街", "路上", "road", "street"];
/// Endings of the names of roads and streets (之江路, 文二西路).
const ROAD_ENDINGS: &[&str] = &["路", "大道", "大街"];

/// Does `passage` name a place the question does not already name — a place of the lexicon
/// (翠苑, 留下), a division (西溪街道, 奋斗镇) or, when a road is asked for, a road? "那个园区在哪
/// 个街道" is not answered by the park's own sentence, which names no 街道.
fn names_other_place(
    passage: &str,
    q: &Prepared,
    places: &[String],
    seg: &ChineseSegmenter,
) -> bool {
    let whole = passage;
    // in the clause that speaks of the subject: "推进西湖大学、双浦2个TOD前期工作,加快小和山TOD
    // 建设步伐" names 双浦 for other TODs, not where 小和山TOD is
    let passage = focus(passage, &q.words);
    let asked = |place: &str| {
        q.folded.contains(place)
            || q.intent
                .places
                .iter()
                .any(|p| p.contains(place) || place.contains(p.as_str()))
    };
    // a division or road is named in three characters or more (之江路, 留下街道)
    let words: Vec<&str> = seg
        .cut(passage)
        .into_iter()
        .filter(|w| w.chars().count() >= 3)
        .collect();
    if ROAD_ASKS.iter().any(|w| q.folded.contains(w)) {
        return words
            .iter()
            .any(|w| ROAD_ENDINGS.iter().any(|e| w.ends_with(e)) && !asked(w));
    }
    // …or a place opening another clause of the passage, as its subject ("北山落户省自然资源集团,
    // 白沙泉金融并购街区…": 白沙泉 is in 北山)
    let openings: Vec<&str> = whole.split(CLAUSE_BREAKS).map(str::trim_start).collect();
    let opens_clause = |name: &str| openings.iter().any(|c| c.starts_with(name));
    let lexicon = places.iter().any(|place| {
        let short = crate::knowledge::places::short_name(place);
        let names = |name: &str| passage.contains(name) || opens_clause(name);
        (names(place) || short.is_some_and(names)) && !asked(place) && !short.is_some_and(asked)
    });
    let division = |w: &&str| {
        crate::knowledge::places::PLACE_SUFFIXES
            .iter()
            .any(|s| w.ends_with(s))
    };
    // "放大哪里的亚运效应": where may be a venue or a park (黄龙体育中心), unless a division is asked
    let venue = |w: &&str| {
        !DIVISION_ASKS.iter().any(|a| q.folded.contains(a))
            && NAME_ENDINGS.iter().any(|e| {
                w.strip_suffix(e)
                    .is_some_and(|head| !head.is_empty() && !GENERIC.contains(&head))
            })
    };
    lexicon || words.iter().any(|w| (division(w) || venue(w)) && !asked(w))
}

/// What ends a clause of a passage.
const CLAUSE_BREAKS: [char; 5] = ['，', ',', '。', ';', '；'];

/// The clause of `passage` sharing most of the question's words (the whole passage if none does).
fn focus<'a>(passage: &'a str, words: &[String]) -> &'a str {
    passage
        .split(CLAUSE_BREAKS)
        .map(|c| (words.iter().filter(|w| c.contains(w.as_str())).count(), c))
        .filter(|(n, _)| *n > 0)
        .max_by_key(|(n, _)| *n)
        .map_or(passage, |(_, c)| c)
}

/// The clauses of `passage` that speak of what the question asks: sharing at least half as many
/// of its words as the clause sharing most (the whole passage if none shares any). Ties matter:
/// "拆违2万平方米,再获省“无违建区”" shares one word in each clause.
/// A clause naming the question's measure speaks of it however few other words it shares
/// ("第十四届中俄蒙经贸洽谈暨商品展销会…,现场销售额达到1.8亿元": the event's name shares a dozen
/// of the words, the figure's clause only 现场销售额).
fn speaking<'a>(
    passage: &'a str,
    words: &'a [String],
    measure: Option<&'a str>,
) -> impl Iterator<Item = &'a str> + 'a {
    let clauses: Vec<&str> = passage.split(CLAUSE_BREAKS).collect();
    // each clause's shared words counted once (this runs for every close hit of a quantity
    // question)
    let shared: Vec<usize> = clauses
        .iter()
        .map(|c| words.iter().filter(|w| c.contains(w.as_str())).count())
        .collect();
    let most = shared.iter().copied().max().unwrap_or(0);
    let speaks: Vec<bool> = (0..clauses.len())
        .map(|k| {
            most == 0 || 2 * shared[k] >= most || measure.is_some_and(|m| clauses[k].contains(m))
        })
        .collect();
    // a bare verb and figure beside the clause that names what it is for ("投资 1.7亿元，实施县城
    // 改造提升系列工程"): the figure speaks of that clause's thing
    let beside = |k: usize| (k > 0 && speaks[k - 1]) || speaks.get(k + 1).copied().unwrap_or(false);
    // the figure right after a topic clause that holds none, sharing a word of the question
    // itself ("2007年新型农村合作医疗开展以来，兑付补偿资金2.3亿元"): the topic's figure; not a
    // figure of something else ("华大研究院国际总部成功落户，招引10亿元以上重大项目8个")
    let after_topic =
        |k: usize| k > 0 && speaks[k - 1] && shared[k] > 0 && !has_quantity(clauses[k - 1]);
    let chosen: Vec<&str> = (0..clauses.len())
        .filter(|&k| speaks[k] || after_topic(k) || (beside(k) && bare_figure(clauses[k])))
        .map(|k| clauses[k])
        .collect();
    chosen.into_iter()
}

/// Words of a change ("同比增长", "下降"), which no bare figure clause opens with.
const CHANGE_HEADS: &[&str] = &["增", "降", "比", "提高", "减少", "超"];

/// Most Han characters before the figure of a bare verb-and-figure clause (投资, 投入资金).
const BARE_VERB_CHARS: usize = 4;

/// A clause that is a verb and a figure only ("投资 1.7亿元", "投入资金2亿元"): what the figure is
/// for stands in the clause beside it.
fn bare_figure(clause: &str) -> bool {
    let clause = clause.trim();
    let Some(at) = clause.find(|c: char| c.is_ascii_digit()) else {
        return false;
    };
    let head = clause[..at].trim();
    let tail = clause[at..].trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    // "同比增长7.2%" is a change of the clause before, not a figure of its own
    !head.is_empty()
        && !CHANGE_HEADS.iter().any(|w| head.contains(w))
        && head.chars().count() <= BARE_VERB_CHARS
        && head.chars().all(|c| !c.is_ascii())
        && tail.chars().count() <= 3
}

/// Head nouns of statistical measures: a passage answers "…收入是多少" only if it speaks of a
/// 收入 (a verb before 多少 — 增加, 安排 — is no measure; paraphrases keep them).
pub(crate) const MEASURE_HEADS: &[&str] = &[
    "收入",
    "总值",
    "增加值",
    "产值",
    "销售额",
    "零售额",
    "吞吐量",
    "产量",
    "营业额",
    "成交额",
    "交易额",
    "利润",
    "税收",
    // rates: "森林覆盖率" is no 精品村覆盖率
    "覆盖率",
    "达标率",
    "合格率",
    "普及率",
    "入学率",
    "处理率",
    "利用率",
    "满意率",
    "参保率",
];

/// Words between a measure and the asking word ("天数要达到多少天", "销售额是多少").
const BEFORE_ASKING: &[&str] = &[
    "达到", "一共", "总共", "大概", "是", "有", "为", "要", "达", "将", "能", "的", "了", "共",
];

/// The question's measure: its longest word that ends right before the asking word (多少, 几),
/// past the verbs and particles between them (现场销售额 in "…现场销售额是多少"). Two characters
/// at least, so a single character never stands for a measure.
pub(crate) fn measure(q: &Prepared) -> Option<&str> {
    let text = q.folded.as_str();
    let at = ["多少", "几"].iter().filter_map(|m| text.find(m)).min()?;
    let mut head = &text[..at];
    while let Some(rest) = BEFORE_ASKING.iter().find_map(|w| head.strip_suffix(w)) {
        head = rest;
    }
    q.words
        .iter()
        .filter(|w| w.chars().count() >= 2 && head.ends_with(w.as_str()))
        .max_by_key(|w| w.len())
        .map(String::as_str)
}

/// Text inside “…” and 《…》.
fn quoted_spans(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for (open, close) in [('“', '”'), ('《', '》')] {
        let mut rest = text;
        while let Some(i) = rest.find(open) {
            let after = &rest[i + open.len_utf8()..];
            let Some(j) = after.find(close) else { break };
            out.push(&after[..j]);
            rest = &after[j + close.len_utf8()..];
        }
    }
    out
}

/// Does a passage list several things (`A、B`, `“A”“B”`)?
pub(crate) fn enumerates(passage: &str) -> bool {
    passage.contains('、') || passage.contains("”“") || quoted_spans(passage).len() >= 2
}

/// Does a passage state a number other than a year (digits, or a Chinese numeral with a unit)?
pub(crate) fn has_quantity(passage: &str) -> bool {
    figures::figures(passage).iter().any(|f| !f.is_year())
        || ["I类", "V类", "X类"].iter().any(|r| passage.contains(r))
        || chinese_count(passage)
}

/// Words of a question that ask for a rate, a share or a change, which a percentage answers.
const RATE_ASKS: &[&str] = &[
    "率",
    "比重",
    "占",
    "比例",
    "幅",
    "速",
    "增",
    "降",
    "提高",
    "提升",
    "减少",
    "百分",
    "%",
    "‰",
    "水平",
    "指数",
    "强度",
    "覆盖",
    "达标",
    "满意",
    "比",
    "压缩",
    "缩",
    "涨",
    "升",
    "rate",
    "percent",
    "growth",
    "share",
    "ratio",
    "increase",
    "rise",
    "grow",
    "fall",
    "fell",
    "drop",
    "decline",
    "decrease",
    "reduce",
    "cut",
    "by how much",
];

/// Does the question ask for a rate or change — or for a target, which reports set as rates
/// ("今年GDP目标" → 增长6.5%)?
fn asks_rate(q: &Prepared) -> bool {
    matches!(q.intent.year, super::intent::YearIntent::Plan { .. })
        || RATE_ASKS.iter().any(|w| q.folded.contains(w))
        // the words as read, typos corrected: "参保律多少" asks 参保率
        || q.words.iter().any(|w| RATE_ASKS.iter().any(|r| w.contains(r)))
}

/// Does a clause give only rates and changes in percent or per mille ("农民人均纯收入增长
/// 12.1%"), no level? "去年农民人均纯收入是多少" asks for the level such a clause does not give.
fn only_rates(clause: &str) -> bool {
    let mut figures = figures::figures(clause)
        .into_iter()
        .filter(|f| !f.is_year())
        .peekable();
    figures.peek().is_some()
        && figures.all(|f| {
            f.text.ends_with('%') || clause[f.start + f.text.len()..].starts_with(['‰', '％'])
        })
}

/// Does a passage count something in a Chinese numeral (十件, 两大, 八方面)?
fn chinese_count(passage: &str) -> bool {
    passage.char_indices().any(|(i, c)| {
        "一二三四五六七八九十两".contains(c)
            && premise::leading_number(&passage[i..]).is_some_and(|(_, len)| {
                let rest = &passage[i + len..];
                ["个", "项", "件", "方面", "家", "条", "大", "张", "所", "类"]
                    .iter()
                    .any(|u| rest.starts_with(u))
            })
    })
}

/// Nouns of programmes and systems that a quoted name is often the name of (“1612”体系).
const PROGRAMMES: &[&str] = &[
    "体系", "机制", "计划", "工程", "行动", "清单", "战略", "模式", "品牌", "活动",
];

/// Scopes a rank is counted in (全市第3): a rank in another scope does not answer.
pub(crate) const RANK_SCOPES: &[&str] = &["全国", "全省", "全市", "主城区", "全区"];

/// Words with which a passage spells out what something is or holds.
const EXPLAINS: &[&str] = &["即", "是指", "包括", "分别是", "：", ":", "(", "（"];

/// Verbs of a change a percentage can measure (增长8%, 下降35.9%).
const CHANGES: &[&str] = &[
    "增长", "下降", "减少", "提高", "提升", "上升", "降低", "增加", "回落",
];
/// Marks of a rate or change in the measure words of the lexicon's `unsupported` (同比, 增速,
/// 增长率, 比上年): such a word is met by a passage that gives a change in percent.
const RATE_MARKS: &[&str] = &["增", "比", "率", "幅", "百分", "growth"];
/// Words before a count that make it an addition, not a total (新增国高企250家).
const ADDED: &[&str] = &[
    "新增",
    "新",
    "新建",
    "新招引",
    "新落地",
    "新集聚",
    "引进",
    "培育",
];

/// Does a passage give a change in percent ("立案数分别下降35.9%")?
fn changes_by_percent(passage: &str) -> bool {
    CHANGES.iter().any(|verb| {
        passage.match_indices(verb).any(|(i, _)| {
            let rest = passage[i + verb.len()..].trim_start_matches(['了', '约', '近']);
            let digits = rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
            digits.len() < rest.len() && digits.starts_with('%')
        })
    })
}

/// Does a passage write a count right before `noun` ("11个镇街", "十件民生实事")?
fn counts_noun(passage: &str, noun: &str) -> bool {
    passage
        .match_indices(noun)
        .any(|(i, _)| before_count(&passage[..i]).is_some())
}

/// When `before` ends in a count, digits or a Chinese numeral and a set unit ("…新增250家"), the
/// text before that count ("…新增").
fn before_count(before: &str) -> Option<&str> {
    let unit = SET_UNITS.iter().find(|u| before.ends_with(**u))?;
    let number = &before[..before.len() - unit.len()];
    number
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit() || "一二三四五六七八九十两".contains(*c))
        .last()
        .map(|(j, _)| &number[..j])
}

/// Does a passage state how many of one of `words` there are in all, not how many were added
/// ("11个镇街全部实现…" for "一共有几个镇街"; not "新增…250家")?
fn counts_total(passage: &str, words: &[String]) -> bool {
    words.iter().filter(|w| w.chars().count() >= 2).any(|w| {
        passage.match_indices(w.as_str()).any(|(i, _)| {
            before_count(&passage[..i])
                .is_some_and(|prefix| !ADDED.iter().any(|a| prefix.ends_with(a)))
        })
    })
}

/// Is a measure word the report never gives (the lexicon's `unsupported`) met by `passage`
/// anyway: a rate word by a change in percent, a total word by a total count of the question's
/// words?
pub(crate) fn measure_met(word: &str, passage: &str, p: &Prepared) -> bool {
    if RATE_MARKS.iter().any(|m| word.contains(m)) {
        let asks_change = CHANGES.iter().any(|c| p.folded.contains(c))
            || ["同比", "环比"].iter().any(|w| p.folded.contains(w));
        asks_change && changes_by_percent(passage)
    } else {
        counts_total(passage, &p.words) || states_stock(passage)
    }
}

/// Words with which a passage dates a count to the present or sums it up (截止目前, 累计).
const STOCK_MARKS: &[&str] = &[
    "截止目前",
    "截至目前",
    "截止",
    "截至",
    "累计",
    "共有",
    "总数",
    "总计",
    "现有",
];

/// Does a passage give a count as a total standing now ("截止目前，入园企业达136家")?
fn states_stock(passage: &str) -> bool {
    STOCK_MARKS.iter().any(|m| {
        passage.match_indices(m).any(|(i, _)| {
            let clause = passage[i..]
                .split(['。', ';', '；'])
                .next()
                .unwrap_or_default();
            figures::figures(clause)
                .iter()
                .any(|f| SET_UNITS.iter().any(|u| f.text.ends_with(u)))
        })
    })
}

/// Does a passage only count a list it does not name ("新增上市企业6家")? One that names an
/// example of what it counts ("新集聚沃德事全国研发中心等优质项目15个") names what the report
/// names of it.
pub(crate) fn only_counts(passage: &str) -> bool {
    !enumerates(passage) && !names_examples(passage) && has_quantity(passage)
}

/// Does a clause name members of a set it counts, "X等…N个"? (等级, 一等奖 are no 等 of examples.)
fn names_examples(passage: &str) -> bool {
    passage.split(CLAUSE_BREAKS).any(|clause| {
        clause.match_indices('等').any(|(i, _)| {
            let before = clause[..i]
                .chars()
                .rev()
                .take_while(|c| super::typos::is_han(*c))
                .count();
            let after = &clause[i + '等'.len_utf8()..];
            before >= 4
                && !after.starts_with(['级', '奖', '次', '待', '于', '同', '方'])
                && has_quantity(after)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_with_a_named_example_is_not_only_a_count() {
        assert!(only_counts("新增上市企业6家"));
        assert!(!only_counts("蒋村新集聚沃德事全国研发中心等优质项目15个"));
        assert!(only_counts("获评省一等奖3个"));
    }

    #[test]
    fn a_count_after_its_members_is_not_only_a_count() {
        assert!(counts_set("新增上市企业6家", (6, "家")));
        assert!(!counts_set("推进西湖大学、双浦2个TOD前期工作", (2, "个")));
    }

    #[test]
    fn changes_and_totals_meet_rate_and_total_words() {
        assert!(changes_by_percent(
            "电信网络诈骗、养老诈骗立案数分别下降35.9%、29.2%"
        ));
        assert!(!changes_by_percent("全区实现地区生产总值1970.1亿元"));
        let words = |ws: &[&str]| ws.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        assert!(counts_total(
            "11个镇街全部实现一支队伍管执法",
            &words(&["镇街"])
        ));
        assert!(!counts_total("新增5家国高企", &words(&["国高企"])));
    }

    #[test]
    fn a_bare_verb_and_figure_is_read_with_the_clause_beside_it() {
        assert!(bare_figure("投资 1.7亿元"));
        assert!(bare_figure("投入资金2亿元"));
        assert!(!bare_figure("同比增长7.2%"));
        assert!(!bare_figure(
            "推进投资5.5亿元的第十四届全国冬运会主场馆二期工程建设"
        ));
        let words = ["县城".to_string(), "改造".to_string(), "工程".to_string()];
        let chosen: Vec<&str> =
            speaking("投资 1.7亿元，实施县城改造提升系列工程。", &words, None).collect();
        assert_eq!(chosen, ["投资 1.7亿元", "实施县城改造提升系列工程"]);
    }

    #[test]
    fn kinds_asked() {
        assert_eq!(wanted("那个国家实验室叫什么名字"), Some(Wanted::Name));
        assert_eq!(wanted("地铁19号线是哪一天开通的"), Some(Wanted::Date));
        assert_eq!(wanted("西湖区gdp全市排第几"), Some(Wanted::Rank));
        assert_eq!(wanted("新增的6家上市企业都是哪几家"), Some(Wanted::List));
        assert_eq!(wanted("彩虹快速路全长多少公里"), Some(Wanted::Quantity));
        assert_eq!(wanted("那个园区在哪个街道"), Some(Wanted::Place));
        assert_eq!(wanted("这个基地在哪?"), Some(Wanted::Place));
        // a source, and a meeting, are no place
        assert_eq!(wanted("这个报告摘要是从哪里来的"), None);
        assert_eq!(wanted("那它是在哪个会上讲的"), None);
        assert_eq!(wanted("数字化改革"), None);
    }

    #[test]
    fn passages_hold_kinds_or_not() {
        assert!(has_quantity("今年要重点抓好以下八方面工作"));
        assert!(!has_quantity("华大研究院国际总部成功落户"));
        assert!(has_quantity("市控以上断面水质保持在III类以上"));
        assert_eq!(
            quoted_spans("“民呼我为·西湖码”“一指减负”"),
            ["民呼我为·西湖码", "一指减负"]
        );
        assert!(premise::rank("收入规模跃升至全市第3").is_some());
        assert!(only_counts("新增上市企业6家"));
        assert_eq!(stated_count("新增的6家上市企业都是哪几家"), Some((6, "家")));
        assert_eq!(stated_count("十件民生实事具体是哪十件"), Some((10, "件")));
        assert_eq!(stated_count("去年哪几条地铁线开通了"), None);
        assert!(counts_set("十件民生实事圆满完成", (10, "件")));
        assert!(!only_counts("地铁3号线、10号线、19号线西湖段开通运营"));
    }
}
