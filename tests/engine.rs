//! Engine behaviour over the repository's knowledge base: one table per question kind.
//!
//! The questions here are written for these tests (not copied from the dev set).

mod support;

use support::{ENGINE, MINI_ENGINE, ids};
use xihu_report_bot::addressing;
use xihu_report_bot::engine::normalize::normalize;
use xihu_report_bot::engine::{Decline, Outcome, Verdict};

/// Asserts that `question` is answered and its parts include `expected`; on failure prints the
/// answer and the top hits with scores.
macro_rules! assert_answers {
    ($question:expr, $($expected:expr),+) => {{
        let answer = ENGINE.answer($question);
        let got = ids(&answer);
        for want in [$($expected),+] {
            if !answer.answered() || !got.iter().any(|g| g == want) {
                let top: Vec<String> = ENGINE
                    .search($question)
                    .iter()
                    .take(3)
                    .map(|h| format!("{} {:.3}", ENGINE.knowledge().entries[h.entry].id, h.score))
                    .collect();
                panic!(
                    "question {:?}: expected {want}, got {:?} ({:?}, score {:.3}); top hits: {top:?}",
                    $question, got, answer.outcome, answer.score
                );
            }
        }
    }};
}

/// Asserts that `question` is declined.
macro_rules! assert_declines {
    ($question:expr) => {{
        let answer = ENGINE.answer($question);
        assert!(
            !answer.answered(),
            "question {:?} should be declined, got {:?} (score {:.3})",
            $question,
            ids(&answer),
            answer.score
        );
        answer
    }};
}

#[test]
fn normalisation_steps() {
    assert_eq!(normalize("ＧＤＰ多少？"), "gdp多少");
    // the bot takes its addressing off before the engine normalises
    assert_eq!(
        normalize(&addressing::strip("/ask@xihu_report_bot 去年GDP多少呢?")),
        "去年gdp多少"
    );
    assert_eq!(
        normalize(&addressing::strip("@xihu_report_bot 財政總收入")),
        "财政总收入"
    );
    assert_eq!(normalize("  社零  吗 "), "社零");
}

#[test]
fn report_terms_stay_whole() {
    let seg = ENGINE.segmenter();
    for (text, term) in [
        ("去年新增国高企多少家", "国高企"),
        ("省科小有多少", "省科小"),
        ("专精特新小巨人几家", "专精特新"),
        ("去年做地多少亩", "做地"),
        ("出地多少", "出地"),
        ("回迁安置多少套", "回迁安置"),
    ] {
        let words = seg.cut(text);
        assert!(
            words.contains(&term),
            "{text:?} → {words:?} should keep {term:?} whole"
        );
    }
}

#[test]
fn exact_questions() {
    assert_answers!("2022年西湖区服务业增加值是多少", "r1-service-value-added");
    assert_answers!("2022年规上工业增加值多少", "r1-industrial-value-added");
    assert_answers!("农民人均纯收入是多少", "r1-rural-income");
}

#[test]
fn paraphrases() {
    assert_answers!("去年西湖一共产出了多少GDP", "r1-gdp");
    assert_answers!("去年给企业兑现了多少扶持资金", "r1-support-funds");
    assert_answers!("去年新修了多少公里绿道", "r4-greenways");
    assert_answers!("回迁房去年安置了多少套", "r5-resettlement");
}

#[test]
fn synonyms_and_abbreviations() {
    assert_answers!("去年固投多少", "r1-fixed-investment");
    assert_answers!("国高企去年新增几家", "r1-guogaoqi");
    assert_answers!("去年研发投入强度", "r2-rd-intensity");
}

#[test]
fn short_keyword_queries() {
    assert_answers!("社零", "r1-retail-sales");
    assert_answers!("停车泊位", "r4-parking-spaces");
    assert_answers!("人工林", "r4-afforestation");
}

#[test]
fn typos_and_homophones() {
    assert_answers!("去年固定资产头资多少", "r1-fixed-investment");
    assert_answers!("新能源汽车充电装有几个", "r4-charging-piles");
    assert_answers!("去年新增绿倒多长", "r4-greenways");
}

#[test]
fn traditional_chinese() {
    assert_answers!("去年一般公共預算收入多少", "r1-general-budget-revenue");
    assert_answers!("新增綠道多少公里", "r4-greenways");
}

#[test]
fn english_questions() {
    assert_answers!("GDP of Xihu in 2022", "r1-gdp");
    assert_answers!("how many charging piles were added", "r4-charging-piles");
}

#[test]
fn plan_questions() {
    assert_answers!("今年计划引进多少创新创业团队", "t2-teams");
    // a list question: the list entry quoting the same sentence answers it
    assert_answers!("2023年要开工哪几条地铁", "t5-metro-list");
    assert_answers!("今年全年做地目标多少亩", "t2-land-prep");
}

#[test]
fn group_prefixes() {
    // what the engine gets once the bot has taken `/ask` or the mention off
    assert_answers!(&addressing::strip("/ask 去年社零多少"), "r1-retail-sales");
    assert_answers!(
        &addressing::strip("/ask@xihu_report_bot 去年社零多少"),
        "r1-retail-sales"
    );
    assert_answers!(&addressing::strip("@xihu_report_bot 外资多少"), "r1-fdi");
}

#[test]
fn multi_part_questions_answer_every_part() {
    assert_answers!(
        "去年服务业增加值和规上工业增加值分别是多少",
        "r1-service-value-added",
        "r1-industrial-value-added"
    );
    assert_answers!(
        "停车泊位、充电桩各新增多少",
        "r4-parking-spaces",
        "r4-charging-piles"
    );
}

#[test]
fn comparisons_answer_both_years() {
    assert_answers!(
        "国高企去年新增多少、今年目标多少",
        "r1-guogaoqi",
        "t2-guogaoqi"
    );
    assert_answers!(
        "10亿元以上项目去年和今年对比",
        "r1-projects-1bn",
        "t2-projects-1bn"
    );
}

#[test]
fn a_wrong_premise_gets_a_plain_no() {
    let answer = ENGINE.answer("去年GDP是2000亿元吗");
    assert!(answer.answered());
    assert_eq!(ids(&answer), ["r1-gdp"]);
    assert_eq!(answer.verdict, Some(Verdict::No(Some("2000亿元".into()))));
    let right = ENGINE.answer("去年GDP是1970.1亿元吗");
    assert_eq!(right.verdict, Some(Verdict::Yes));
}

#[test]
fn out_of_scope_questions_are_declined() {
    let a = assert_declines!("2020年西湖区GDP多少");
    assert_eq!(
        a.outcome,
        Outcome::Declined(Decline::OtherYear("2020年".into()))
    );
    let a = assert_declines!("余杭区去年社零多少");
    assert!(matches!(
        a.outcome,
        Outcome::Declined(Decline::OtherRegion(_))
    ));
    assert_declines!("杭州市去年固定资产投资多少");
    assert_declines!("西湖区户籍人口多少");
    assert_declines!("2022年西湖区社零同比增长多少");
    assert_declines!("2023年西湖区固定资产投资目标是多少");
    assert_declines!("西湖区外资企业有多少家");
    assert_declines!("给我讲个笑话");
    assert_declines!("西湖边有什么好吃的餐厅");
}

#[test]
fn declines_offer_suggestions() {
    let a = assert_declines!("2021年西湖区社零多少");
    assert!(
        a.suggestions.iter().any(|s| s.entry == "r1-retail-sales"),
        "{:?}",
        a.suggestions
    );
    assert!(a.suggestions.len() <= 3);
}

#[test]
fn answers_offer_related_entries() {
    let a = ENGINE.answer("去年新增国高企多少家");
    assert!(!a.suggestions.is_empty() && a.suggestions.len() <= 3);
    assert!(a.suggestions.iter().all(|s| s.entry != "r1-guogaoqi"));
}

#[test]
fn greetings_get_help_not_a_figure() {
    // mechanics: the same on the mini knowledge base as on the real one
    for engine in [&*ENGINE, &*MINI_ENGINE] {
        for g in ["你好", "Hello!", "谢谢", "/ask 你好"] {
            let a = engine.answer(&addressing::strip(g));
            assert_eq!(a.outcome, Outcome::Greeting, "{g}");
        }
    }
}

#[test]
fn odd_input_never_panics_and_declines() {
    for q in [
        "",
        "   ",
        "🙂🙂🙂",
        "\u{0}\u{7}",
        "？？？",
        &"西湖".repeat(5000),
        "/ask",
        "@xihu_report_bot",
    ] {
        for engine in [&*ENGINE, &*MINI_ENGINE] {
            let a = engine.answer(q);
            assert!(!a.answered() || !a.parts.is_empty(), "{q:?}");
        }
    }
}

#[test]
fn every_answer_quotes_the_report_verbatim() {
    let report = &ENGINE.knowledge().report.text;
    for q in [
        "去年GDP多少",
        "三次产业结构",
        "今年要招引多少亿元以上项目",
        "报告是谁作的",
    ] {
        let a = ENGINE.answer(q);
        assert!(a.answered(), "{q}");
        for p in &a.parts {
            assert!(report.contains(&p.quote), "{q}: {:?}", p.quote);
        }
    }
}
