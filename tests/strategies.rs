//! One test per answer strategy and per follow-up form, on the real knowledge base; and the
//! promise that context never changes a self-contained question.

mod support;

use support::{ENGINE, ids};
use xihu_report_bot::engine::{Context, Decline, Outcome, Verdict, Wanted};

/// Asks a conversation; returns each turn's answer.
fn chat(turns: &[&str]) -> Vec<xihu_report_bot::engine::Answer> {
    let mut ctx = Context::default();
    turns
        .iter()
        .map(|q| {
            let (a, next) = ENGINE.answer_in(q, &ctx);
            ctx = next;
            a
        })
        .collect()
}

fn text(a: &xihu_report_bot::engine::Answer) -> String {
    xihu_report_bot::cli::plain::plain(a, ENGINE.knowledge())
}

fn steps(q: &str) -> String {
    ENGINE.explain(q, &Context::default()).2.to_string()
}

#[test]
fn structure_answers_the_outline() {
    let a = ENGINE.answer("今年重点工作的第三项讲的是什么");
    assert!(text(&a).contains("坚持改革第一活力"), "{}", text(&a));
    assert!(steps("今年重点工作的第三项讲的是什么").contains("structure  answered"));
    let count = ENGINE.answer("2023年重点工作一共分几个方面");
    assert!(text(&count).contains("八方面"), "{}", text(&count));
    let last = ENGINE.answer("去年工作回顾最后一部分讲什么");
    assert!(text(&last).contains("自身建设得到加强"), "{}", text(&last));
    // the report's parts by ordinal; past the number of parts, the plan's sections
    let part = ENGINE.answer("报告第一部分的标题是什么");
    assert!(text(&part).contains("2022年工作回顾"), "{}", text(&part));
    let seventh = ENGINE.answer("第七部分是关于什么的");
    assert!(text(&seventh).contains("共富首善"), "{}", text(&seventh));
    // a number that is not an ordinal of the outline is no structure question
    assert!(!steps("第2个问题,社零多少").contains("structure  answered"));
}

#[test]
fn list_answers_every_item() {
    let a = ENGINE.answer("今年北强成效年要成立哪几个中介联盟");
    let t = text(&a);
    for item in ["生命健康", "数字经济", "智能制造"] {
        assert!(t.contains(item), "{t}");
    }
    assert!(steps("“南启”融合年点名了哪些小镇和区域").contains("list       answered"));
    // no list's topic named: every curated list of the task reaching the threshold
    let t = text(&ENGINE.answer("今年西湖要重点发展哪些产业"));
    for item in ["人工智能", "空天地海", "传媒影视"] {
        assert!(t.contains(item), "{t}");
    }
    // its topic named: that list alone
    let t = text(&ENGINE.answer("今年新制造业重点发展哪些产业"));
    assert!(t.contains("空天地海") && !t.contains("传媒影视"), "{t}");
}

#[test]
fn long_lists_come_in_pages_and_more_follows() {
    let turns = chat(&[
        "去年各个镇街比学赶超,报告点到了哪些镇街",
        "还有呢",
        "还有呢",
    ]);
    assert!(
        turns[0].answered() && turns[0].more > 0,
        "{}",
        text(&turns[0])
    );
    assert!(turns[1].answered(), "{}", text(&turns[1]));
    assert_eq!(turns[1].more, 0);
    let shown = format!("{}{}", text(&turns[0]), text(&turns[1]));
    for town in ["北山", "双浦"] {
        assert!(shown.contains(town));
    }
    // the whole list was shown: "还有呢" says that is all, with the list again
    assert!(
        turns[2].answered() && turns[2].whole_again,
        "{}",
        text(&turns[2])
    );
    assert_eq!(ids(&turns[2]), ids(&turns[0]));
    assert!(
        text(&turns[2]).starts_with("报告列出的就是这些"),
        "{}",
        text(&turns[2])
    );
    let short = chat(&["南启那块都有哪些地方", "还有呢"]);
    assert!(short[1].whole_again && text(&short[1]).contains("双浦"));
}

#[test]
fn yes_no_starts_with_a_verdict() {
    let no = ENGINE.answer("全社会R&D经费支出占比超过5%了吗");
    assert_eq!(no.verdict, Some(Verdict::NotAbove("5%".into())));
    let yes = ENGINE.answer("数字经济核心产业增加值占GDP比重超过30%了吗");
    assert_eq!(yes.verdict, Some(Verdict::Yes));
    let english = ENGINE.answer("Did GDP exceed 200 billion yuan?");
    assert!(
        matches!(english.verdict, Some(Verdict::NotAbove(_))),
        "{}",
        text(&english)
    );
    // "超过…了吗" as a follow-up has no topic of its own: the last turn's
    let t = chat(&["西湖区22年GDP多少来着", "超过2000亿了吗"]);
    assert_eq!(t[1].verdict, Some(Verdict::NotAbove("2000亿元".into())));
    assert!(text(&t[1]).contains("1970.1亿元"));
    // a verb–object word split by a quantity and its unit: 做了多少亩地 is 做地
    assert!(text(&ENGINE.answer("去年做了多少亩地")).contains("2683亩"));
    // a figure checked with no year: the entry stating the nearest figure (the 2022 99.65%, not
    // the 2023 target 99%), compared to the precision written (99.61% is not 99.65%; 1970亿 is
    // 1970.1亿元)
    let near = ENGINE.answer("全民参保率是不是99.61%");
    assert_eq!(
        near.verdict,
        Some(Verdict::No(Some("99.61%".into()))),
        "{}",
        text(&near)
    );
    assert!(text(&near).contains("99.65%"));
    assert_eq!(
        ENGINE.answer("去年GDP是不是1970亿").verdict,
        Some(Verdict::Yes)
    );
    let rank = ENGINE.answer("西湖区的收入规模是全市第一吗");
    assert_eq!(rank.verdict, Some(Verdict::No(None)));
    // a rank asked in another scope than the report's (全国 of a 全省第1) is not confirmed, and
    // as a follow-up it is about the last rank
    let t = chat(&["七张问题清单管控力指数排第几", "是全国第一吗"]);
    assert_eq!(t[1].verdict, Some(Verdict::NotSaid), "{}", text(&t[1]));
    assert!(text(&t[1]).contains("全省第1"));
    // a premise word the report uses elsewhere but the answering passage lacks: not confirmed
    let role = ENGINE.answer("报告是区委书记作的吗");
    assert_eq!(role.verdict, Some(Verdict::NotSaid), "{}", text(&role));
    // the asker's own word for a thing counted is paraphrase, still answered
    let a = ENGINE.answer("去年西湖区冒出来多少家新的公司和个体户");
    assert!(a.answered() && text(&a).contains("2.2万家"), "{}", text(&a));
    // numbers that are not stated figures are never a wrong premise
    for q in ["1. 社零多少", "第2个问题,社零多少"] {
        let a = ENGINE.answer(q);
        assert!(
            a.answered() && !matches!(a.verdict, Some(Verdict::No(_))),
            "{q}: {}",
            text(&a)
        );
    }
}

#[test]
fn partial_answers_decline_with_what_the_report_says() {
    for (q, kind) in [
        ("新增的6家上市企业都是哪几家", Wanted::List),
        ("西湖区区委书记是谁", Wanted::Name),
        ("西湖区GDP全市排第几", Wanted::Rank),
        // a rank in another scope: the report ranks revenue 全市, not 全省
        ("一般公共预算收入在全省排第几", Wanted::Rank),
        // a plan the report names but does not spell out
        ("7181机制具体指什么", Wanted::Meaning),
        ("1248计划具体包括哪些内容", Wanted::Meaning),
        // a number in quotation marks is a name too
        ("数字经济“1248”计划具体指什么", Wanted::Meaning),
        // a sized set the report only counts, and an amount where it gives a share
        ("那8个10亿元以上重大项目分别是啥", Wanted::List),
        ("华大研究院国际总部投资了多少钱", Wanted::Quantity),
        // what a counted set is asks for its members
        ("那2件备选项目是啥", Wanted::List),
        // a count of a thing the report names elsewhere but not in the passage (站, 学校)
        ("地铁19号线西湖段有几个站", Wanted::Quantity),
        ("新增的7200个学位里新建了几所学校", Wanted::Quantity),
        // a day asked: a year alone does not say it
        ("杭州亚运会哪天开幕", Wanted::Date),
        ("地铁4号线三期啥时候能通车", Wanted::Date),
        // a place asked of a passage that names none besides the subject's own
        ("尚坤·杭州互联网创新创业园在哪个街道", Wanted::Place),
        ("三墩五里塘在哪条路上", Wanted::Place),
    ] {
        let a = ENGINE.answer(q);
        assert_eq!(
            a.outcome,
            Outcome::Declined(Decline::NotGiven(kind)),
            "{q}: {}",
            text(&a)
        );
    }
    let a = ENGINE.answer("新增的6家上市企业都是哪几家");
    assert!(text(&a).contains("报告只提到") && !a.parts.is_empty());
}

#[test]
fn facts_the_report_does_give_are_found_by_their_kind() {
    for (q, want) in [
        // members named before their count
        ("今年要推进前期工作的两个TOD分别是哪两个", "西湖大学、双浦"),
        // a rate word met by a change in percent
        ("2022年全区电信网络诈骗立案数同比下降了多少", "35.9%"),
        // a total word met by a count that is not an addition, in a close entry
        ("西湖区一共有几个镇街", "11个镇街"),
        // the parts of the report in other words, and the outline listed by its count
        ("报告分成哪两大块", "2023年重点工作"),
        ("今年八方面重点工作都有哪些", "壮大产业经济"),
        // where, answered by a venue the passage names
        ("灵隐街道今年要放大哪里的亚运效应", "黄龙体育中心"),
        // …by the 街道 opening the passage, not one named for other things (双浦's TOD)
        ("白沙泉金融并购街区在哪个街道", "北山"),
        ("小和山TOD在哪个街道", "留下"),
    ] {
        let a = ENGINE.answer(q);
        assert!(a.answered() && text(&a).contains(want), "{q}: {}", text(&a));
    }
    // a part named: its sections are counted, not the report's parts
    assert!(text(&ENGINE.answer("今年的重点工作分成几部分")).contains("八方面"));
    // a place-specific entry does not answer for the district
    let a = ENGINE.answer("财政总收入有没有超过500个亿");
    assert!(text(&a).contains("463.4亿元"), "{}", text(&a));
}

#[test]
fn several_questions_in_one_message_each_get_an_answer() {
    let a = ENGINE.answer("去年GDP多少? 今年呢?");
    assert!(a.answered());
    assert!(text(&a).contains("1970.1亿元"));
    assert_eq!(a.uncovered.len(), 1, "{}", text(&a));
    let b = ENGINE.answer("GDP多少,今年目标呢");
    assert!(b.answered() && b.uncovered.len() == 1, "{}", text(&b));
    // one topic, two kinds of fact: each kind from the entry that holds it
    let c = ENGINE.answer("报告是谁作的,哪天作的");
    let c = text(&c);
    assert!(c.contains("周扬") && c.contains("2023年2月1日"), "{c}");
    // each part is held to its own measure: 服务业增加值 is not checked against 财政总收入
    let d = ENGINE.answer("去年财政总收入多少，服务业增加值又是多少？");
    let d_text = text(&d);
    assert!(
        d.uncovered.is_empty() && d_text.contains("463.4亿元") && d_text.contains("1813亿元"),
        "{d_text}"
    );
    // names side by side before 分别, one part each
    let f = text(&ENGINE.answer("北强南启中兴今年分别是什么年"));
    assert!(
        f.contains("成效年") && f.contains("融合年") && f.contains("决胜年"),
        "{f}"
    );
    // a typo'd rate word still asks a rate
    let e = ENGINE.answer("全民参保律多少");
    assert!(e.answered() && text(&e).contains("99.65%"), "{}", text(&e));
    // an English question's glossed words are checked like Chinese ones: 同比 is not given
    assert!(
        !ENGINE
            .answer("How much did the farmers' income grow year on year?")
            .answered()
    );
    // a rate's modifier must be the entry's: no forest coverage in the report
    assert!(!ENGINE.answer("西湖区森林覆盖率多少").answered());
}

#[test]
fn follow_up_forms() {
    // ellipsis with a year switch: the report has no 2023 figure, so it declines
    let t = chat(&["去年西湖区新增了多少个中小学、幼儿园学位", "那今年呢"]);
    assert!(t[0].answered() && !t[1].answered(), "{}", text(&t[1]));
    // topic switch keeping the year
    let t = chat(&[
        "2022年西湖区财政总收入是多少",
        "一般公共预算收入呢",
        "实际利用外资呢",
    ]);
    assert!(text(&t[1]).contains("233.5亿元"), "{}", text(&t[1]));
    assert!(text(&t[2]).contains("7.01亿美元"), "{}", text(&t[2]));
    // a place switch
    let t = chat(&["蒋村今年具体要做什么", "灵隐呢"]);
    assert!(
        text(&t[1]).contains("环浙江大学人工智能产业带"),
        "{}",
        text(&t[1])
    );
    // a place typed wrong, then its plan; "还…" goes on about the same subject
    let t = chat(&["艺创小真去年建成了什么", "那今年重点发展什么"]);
    assert!(text(&t[1]).contains("网络视听"), "{}", text(&t[1]));
    let t = chat(&[
        "云栖小镇去年在建什么基地",
        "今年它要抓什么机遇",
        "还要全力保障啥",
    ]);
    assert!(text(&t[2]).contains("国家实验室建设"), "{}", text(&t[2]));
    // the same figure asked again of the other year, and a place of the outline's platforms
    let t = chat(&["去年招引了几个10亿元以上重大项目", "今年还是8个吗"]);
    assert!(
        text(&t[1]).contains("10亿元以上项目10个"),
        "{}",
        text(&t[1])
    );
    let t = chat(&["紫金港科技城管理局挂牌了吗", "西科园呢"]);
    assert!(text(&t[1]).contains("提升改造项目4个"), "{}", text(&t[1]));
    // a pronoun for the report, not for the last answer: that answer again is not what was asked
    let t = chat(&["谁作的报告", "那它是在什么会上讲的"]);
    assert!(text(&t[1]).contains("第二次会议"), "{}", text(&t[1]));
    // what came of the last topic
    let t = chat(&["去年疫情防控用的什么机制", "成效呢"]);
    assert!(text(&t[1]).contains("零社区感染"), "{}", text(&t[1]));
    // a pronoun
    let t = chat(&["去年落户的国之重器是什么", "它叫什么名字"]);
    assert!(t[0].answered() && !t[1].answered(), "{}", text(&t[1]));
    // a correction naming what was meant
    let t = chat(&["去年新增绿道多少公里", "不是绿道,我问的是新造人工林有多少"]);
    assert!(text(&t[1]).contains("697亩"), "{}", text(&t[1]));
    // a modifier of the last topic, and a fragment with a topic of its own
    let t = chat(&["去年新增了多少停车泊位", "公共的呢", "充电桩呢"]);
    assert!(text(&t[1]).contains("629个"), "{}", text(&t[1]));
    assert!(text(&t[2]).contains("414个"), "{}", text(&t[2]));
    // "其中…" of one figure in an enumeration of figures each with its own
    let t = chat(&["去年停车泊位新增多少", "其中公共的呢"]);
    assert!(
        t[1].answered() && text(&t[1]).contains("629个"),
        "{}",
        text(&t[1])
    );
    // a list question naming one member of a curated list asks about that member
    let t = text(&ENGINE.answer("蒋村去年集聚了哪些项目"));
    assert!(
        t.contains("沃德事全国研发中心") && !t.contains("北山"),
        "{t}"
    );
    // a pronoun before a subject of its own
    let t = chat(&[
        "去年新增中小学幼儿园学位多少个",
        "那个区域公共卫生研究院是什么情况",
    ]);
    assert!(text(&t[1]).contains("全省首家"), "{}", text(&t[1]));
    // one common word of its own is about the last topic; a question word asks its own kind
    let t = chat(&["双浦去年招了几个优质项目", "是什么项目"]);
    assert!(text(&t[1]).contains("悠然谷农旅"), "{}", text(&t[1]));
    let t = chat(&["文新去年引进了多少绿城蓝城系的企业", "它今年要怎么发展"]);
    assert!(text(&t[1]).contains("腾笼换鸟"), "{}", text(&t[1]));
    // a place alone keeps the measure: 翠苑's 财政总收入 is not given, so it declines
    let t = chat(&["古荡的财政总收入多少", "那翠苑呢"]);
    assert!(t[0].answered() && !t[1].answered(), "{}", text(&t[1]));
    // a pronoun whose subject lacks the kind asked declines about it, not about another topic
    let t = chat(&["R&D经费支出占比多少", "这个在全市排第几"]);
    assert_eq!(
        t[1].outcome,
        Outcome::Declined(Decline::NotGiven(Wanted::Rank)),
        "{}",
        text(&t[1])
    );
    // figure verbs alone ask about the last topic
    let t = chat(&["去年新增了多少个中小学幼儿园学位", "今年计划新增多少"]);
    assert!(!t[1].answered(), "{}", text(&t[1]));
    // the places a follow-up carries are those its answer names
    let t = chat(&["三墩文体中心建好了吗", "之江文体中心呢", "今年呢"]);
    assert!(text(&t[2]).contains("建成开放"), "{}", text(&t[2]));
    // a carried year that finds nothing gives way to the year the report has
    let t = chat(&["去年GDP多少", "那今年目标呢", "服务业增加值呢"]);
    assert!(text(&t[2]).contains("1813亿元"), "{}", text(&t[2]));
    // a new topic of its own that only the carried year rules out is the year the report has
    let t = chat(&[
        "去年粮食功能区整治了多少亩",
        "今年呢",
        "美丽乡村精品村覆盖率呢",
    ]);
    assert!(text(&t[2]).contains("100%"), "{}", text(&t[2]));
    // a split verb–object word is that word: "做了多少地" is 做地, so "目标呢" is its target
    let t = chat(&["去年做了多少地", "目标呢"]);
    assert!(text(&t[1]).contains("3000亩"), "{}", text(&t[1]));
    // an example of what was counted: the passage naming it ("华丰管道等…18个")
    let t = chat(&["转塘招了几个亿元以上项目", "举个例子"]);
    assert!(
        t[1].answered() && text(&t[1]).contains("华丰管道"),
        "{}",
        text(&t[1])
    );
    // …and a passage naming no member has no example to give
    let t = chat(&["去年GDP多少", "举个例子"]);
    assert!(!t[1].answered(), "{}", text(&t[1]));
    // a turn naming its own topic keeps its honest decline over a merged answer elsewhere
    let t = chat(&["去年服务业增加值多少", "那今年的GDP目标呢"]);
    assert!(!t[1].answered(), "{}", text(&t[1]));
    // a part of the last figure ("其中…") needs a figure of its own in the passage
    let t = chat(&["新增了多少中小学幼儿园学位", "其中幼儿园学位多少"]);
    assert!(t[0].answered() && !t[1].answered(), "{}", text(&t[1]));
    let t = chat(&["今年引进高层次人才目标多少", "其中海外人才多少"]);
    assert!(!t[1].answered(), "{}", text(&t[1]));
    // a place and a new year after a figure the new year lacks: the place's plan for it
    let t = chat(&["文新引进了多少绿城蓝城系企业", "今年文新呢"]);
    assert!(text(&t[1]).contains("腾笼换鸟"), "{}", text(&t[1]));
    // an honour asked of a topic comes from that topic's passage (拆违 → 无违建区)
    let t = chat(&["去年拆违多少", "拿了什么称号"]);
    assert!(text(&t[1]).contains("无违建区"), "{}", text(&t[1]));
    // a name right before the pronoun says which one ("尚坤那个园区")
    let t = chat(&["去年规上高新技术产业增加值占比多少", "尚坤那个园区评上了啥"]);
    assert!(text(&t[1]).contains("孵化器"), "{}", text(&t[1]));
    // a turn of the genre's verbs only is about the last topic
    let t = chat(&["去年整治优化了多少亩粮食功能区", "今年要打造多少"]);
    assert!(text(&t[1]).contains("4800亩"), "{}", text(&t[1]));
    // a kind carried over (a name) is let go when the new year's passage has none
    let t = chat(&["今年出台的惠企政策是多少条", "叫什么名字", "去年呢"]);
    assert!(text(&t[2]).contains("52条"), "{}", text(&t[2]));
    // a list question about one place is not answered with every place's list
    let t = chat(&["蒋村去年新集聚了哪些项目", "三敦呢"]);
    assert!(text(&t[0]).contains("沃德事"), "{}", text(&t[0]));
    assert!(text(&t[1]).contains("中竟实业"), "{}", text(&t[1]));
}

#[test]
fn follow_ups_lean_on_the_last_place_and_the_outline() {
    // a question found nowhere on its own is about the place the chat was about
    let t = chat(&["云栖小镇去年在建什么产业基地", "今年要抓什么机遇"]);
    assert!(text(&t[1]).contains("军民融合"), "{}", text(&t[1]));
    // a place written without its kind of division (西溪 for 西溪街道) is still the topic
    let t = chat(&["西溪街道今年重点抓什么", "去年招了哪些项目"]);
    assert!(text(&t[1]).contains("沃土教育"), "{}", text(&t[1]));
    // a bare ordinal after the outline is that section; after it, the next ordinal too
    let t = chat(&["今年重点工作分几方面", "第四个是什么", "第7个呢"]);
    assert!(text(&t[1]).contains("全力提升城市能级"), "{}", text(&t[1]));
    assert!(text(&t[2]).contains("全力推进共富首善"), "{}", text(&t[2]));
    // without the outline before it, "第2个问题" is no ordinal of it
    let t = chat(&["去年GDP多少", "第2个问题,社零多少"]);
    assert!(
        text(&t[1]).contains("社会消费品零售总额"),
        "{}",
        text(&t[1])
    );
    // English "which" before a singular noun asks for one thing, not a list
    let t = chat(&["报告什么时候作的", "At which session?"]);
    assert!(
        t[1].answered() && text(&t[1]).contains("第二次会议"),
        "{}",
        text(&t[1])
    );
    // a "…呢" turn that asks nothing keeps the unit asked: a count after 几个
    let t = chat(&["去年启动了几个单元控规修编", "村庄规划编制呢"]);
    assert!(text(&t[1]).contains("8个"), "{}", text(&t[1]));
    // a count written right before the noun counted answers in whichever clause it stands
    let a = ENGINE.answer("大综合一体化改革覆盖了几个镇街");
    assert!(text(&a).contains("11个镇街"), "{}", text(&a));
    // an abbreviation typed with two letters swapped is the abbreviation
    let a = ENGINE.answer("西湖区去年GPD多少");
    assert!(text(&a).contains("1970.1亿元"), "{}", text(&a));
    // English words no synonym knows are read through the built-in glossary
    let a = ENGINE.answer("how many square meters of illegal buildings were demolished last year?");
    assert!(text(&a).contains("2万平方米"), "{}", text(&a));
    // an honour asked ("获了啥称号") is answered by a close entry that states one
    let a = ENGINE.answer("西湖区营商环境获了啥称号");
    assert!(text(&a).contains("企业家幸福感最强区"), "{}", text(&a));
    // 做 for 作: "这报告谁做的"
    let a = ENGINE.answer("这报告谁做的");
    assert!(text(&a).contains("周扬"), "{}", text(&a));
}

#[test]
fn context_never_changes_a_self_contained_question() {
    let questions = [
        "2022年西湖区地区生产总值是多少",
        "今年要引进多少高层次人才",
        "去年新增了多少家上市企业",
        "西湖区新能源汽车公用充电桩去年新增多少个",
    ];
    let contexts = [
        Context::default(),
        ENGINE
            .answer_in("今年要开工哪些地铁工程", &Context::default())
            .1,
        ENGINE
            .answer_in("国高企去年新增多少", &Context::default())
            .1,
    ];
    for q in questions {
        let alone = ENGINE.answer(q);
        for ctx in &contexts {
            let (with, _) = ENGINE.answer_in(q, ctx);
            assert_eq!(ids(&with), ids(&alone), "{q}");
            assert_eq!(with.score, alone.score, "{q}");
        }
    }
}

#[test]
fn contexts_stay_small() {
    let (_, ctx) = ENGINE.answer_in(
        "去年各个镇街比学赶超,报告点到了哪些镇街",
        &Context::default(),
    );
    assert!(ctx.approx_bytes() < 4096, "{}", ctx.approx_bytes());
}

#[test]
fn the_trace_names_every_strategy_tried() {
    let trace = steps("去年GDP多少");
    for s in [
        "greeting",
        "scope",
        "structure",
        "compare",
        "multi",
        "list",
        "entry",
    ] {
        assert!(trace.contains(s), "{trace}");
    }
}
