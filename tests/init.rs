//! `report-bot init`: section detection on several heading styles, year inference, figure
//! extraction, refusal to overwrite, a generated base that passes `check`, the embedded general
//! dictionary, the "never gives" groups, bare-verb figures and their object clauses, the
//! neighbouring regions in the lexicon, hailaer-2017 end to end, and the generated bases'
//! acceptance bars on the independent question sets.

use std::path::{Path, PathBuf};

use xihu_report_bot::init::{self, clauses, dict, lexicon, outline, text};
use xihu_report_bot::snapshot::{Golden, Snapshot};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .expect("fixture")
}

fn outline_of(report: &str) -> outline::Outline {
    let t = text::normalise(report);
    outline::outline(&text::paragraphs(&t))
}

fn ids_years(o: &outline::Outline) -> Vec<(String, Option<u16>)> {
    o.sections.iter().map(|s| (s.id.clone(), s.year)).collect()
}

#[test]
fn sections_from_chinese_numbered_parts_and_arabic_items() {
    let o = outline_of(&fixture("arabic-style.txt"));
    assert_eq!(o.year, Some(2025));
    assert_eq!(o.parts.len(), 2);
    assert_eq!(o.parts[0].title, "一、2024年工作回顾");
    let got = ids_years(&o);
    let want: Vec<(String, Option<u16>)> = [
        ("intro", None),
        ("review", Some(2024)),
        ("review-1", Some(2024)),
        ("review-2", Some(2024)),
        ("plan", Some(2025)),
        ("plan-1", Some(2025)),
        ("plan-2", Some(2025)),
    ]
    .iter()
    .map(|(i, y)| (i.to_string(), *y))
    .collect();
    assert_eq!(got, want);
    assert_eq!(o.sections[2].title, "1.经济运行稳中向好");
}

#[test]
fn sections_from_repeated_openers_bare_parts_and_fullwidth_parens() {
    let o = outline_of(&fixture("opener-style.txt"));
    assert_eq!(o.year, Some(2024));
    let titles: Vec<&str> = o.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "某某市某某区2024年政府工作报告摘要",
            "2023年工作回顾",
            "经济运行持续回升",
            "科技实力不断增强",
            "群众生活更加幸福",
            "2024年重点工作",
            "（一）聚力产业发展",
            "（二）聚力民生改善",
        ]
    );
    assert_eq!(o.sections[3].year, Some(2023));
    assert_eq!(o.sections[7].year, Some(2024));
    assert_eq!(o.sections[7].part, Some(1));
}

#[test]
fn a_report_opening_on_its_first_part_has_no_intro() {
    // no title or greeting: the first line is the review's heading, and its figures are 2019's
    let o = outline_of(
        "一、2019年工作回顾\n2019年,全县地区生产总值预计完成51.08亿元。\n二、 2020年主要任务\n(一)产业。新增项目5个。\n(二)民生。新增学位200个。\n",
    );
    assert_eq!(
        ids_years(&o),
        [
            ("review".to_string(), Some(2019)),
            ("plan".to_string(), Some(2020)),
            ("plan-1".to_string(), Some(2020)),
            ("plan-2".to_string(), Some(2020)),
        ]
    );
    // the report's year is then its plan's, not unknown
    assert_eq!(o.year, Some(2020));
}

#[test]
fn years_without_a_year_in_the_headings() {
    let o = outline_of(
        "某县2026年政府工作报告\n一、过去一年工作回顾\n(一)经济。地区生产总值10亿元。\n(二)民生。新增就业100人。\n二、今年工作安排\n(一)产业。新增项目5个。\n(二)民生。新增学位200个。\n",
    );
    assert_eq!(o.parts[0].year, Some(2025));
    assert_eq!(o.parts[1].year, Some(2026));
}

fn figures_of(clause: &str) -> Vec<String> {
    clauses::stated_figures(clause)
        .into_iter()
        .map(|f| f.text)
        .collect()
}

#[test]
fn figures_with_units_ranges_and_qualifiers() {
    let cases: &[(&str, &[&str])] = &[
        ("地区生产总值完成303.6亿元", &["303.6亿元"]),
        ("发放贷款1230万元", &["1230万元"]),
        ("同比增长7.2%", &["7.2%"]),
        ("新建蔬菜大棚320个", &["320个"]),
        ("新增企业20家", &["20家"]),
        ("引进人才1.2万人", &["1.2万人"]),
        ("新增造林8000亩", &["8000亩"]),
        ("建成绿道25公里", &["25公里"]),
        ("收入达到6-7万元", &["6-7万元"]),
        ("累计减税降费超70亿元", &["超70亿元"]),
        ("新引进亿元以上项目20个", &["20个"]),
        ("招引10亿元以上重大项目8个", &["10亿元以上", "8个"]),
        ("三次产业结构调整为0.2:7.8:92", &["0.2:7.8:92"]),
        ("2016年", &[]),
    ];
    for (clause, want) in cases {
        assert_eq!(figures_of(clause), *want, "{clause}");
    }
    let range = &clauses::stated_figures("补贴3至5万元")[0];
    assert_eq!(
        (range.number.as_str(), range.unit.as_str()),
        ("3至5", "万元")
    );
}

#[test]
fn measures_of_figure_clauses() {
    let t = "2016年,地区生产总值完成303.6亿元,同比增长7.2%;新增停车泊位8068个、新能源汽车公用充电桩414个。87项专利获得国家授权。";
    let got = measures_and_growth(t);
    assert_eq!(
        got,
        [
            ("地区生产总值".to_string(), false),
            ("地区生产总值增长".to_string(), true),
            ("新增停车泊位".to_string(), false),
            ("新能源汽车公用充电桩".to_string(), false),
            ("专利获得国家授权".to_string(), false),
        ]
    );
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn init_refuses_a_directory_it_did_not_create() {
    let report = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/arabic-style.txt");
    let out = scratch("init-refuse");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "a curator's file").unwrap();
    let err = init::init(&report, &out, true).unwrap_err().to_string();
    assert!(err.contains("did not create"), "{err}");
    assert!(out.join("notes.txt").is_file());

    let out = scratch("init-force");
    init::init(&report, &out, false).unwrap();
    let err = init::init(&report, &out, false).unwrap_err().to_string();
    assert!(err.contains("--force"), "{err}");
    init::init(&report, &out, true).unwrap();
    assert!(out.join(init::MARKER).is_file());
}

#[test]
fn a_generated_base_passes_check_and_answers() {
    for name in ["arabic-style.txt", "opener-style.txt"] {
        let report = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        let out = scratch(&format!("init-check-{name}"));
        let g = init::init(&report, &out, false).unwrap();
        assert!(g.entries > 0);
        let snap = Snapshot::load(&out, Golden::Check).unwrap_or_else(|e| panic!("{name}: {e}"));
        let kb = snap.knowledge();
        assert!(
            kb.coverage().uncovered.is_empty(),
            "{name}: {:?}",
            kb.coverage().uncovered
        );
        assert_eq!(kb.drafts().count(), kb.entries.len());
        // the report's text is kept verbatim apart from line endings
        let written = std::fs::read_to_string(out.join("report.txt")).unwrap();
        assert_eq!(
            written,
            text::normalise(&std::fs::read_to_string(&report).unwrap())
        );
    }
}

#[test]
fn bom_and_crlf_are_normalised_and_still_verbatim() {
    let raw = format!(
        "\u{feff}{}",
        fixture("arabic-style.txt").replace('\n', "\r\n")
    );
    let g = init::generate(&raw).unwrap();
    assert!(!g.files["report.txt"].contains('\r'));
    assert!(!g.files["report.txt"].starts_with('\u{feff}'));
    let out = scratch("init-bom");
    let report = out.with_extension("txt");
    std::fs::write(&report, raw).unwrap();
    init::init(&report, &out, false).unwrap();
    Snapshot::load(&out, Golden::Check).unwrap();
}

#[test]
fn hailaer_2017_end_to_end() {
    let report =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reports/hailaer-2017/report.txt");
    if !report.is_file() {
        eprintln!("skipped: {} not found", report.display());
        return;
    }
    let out = scratch("init-hailaer");
    let started = std::time::Instant::now();
    init::init(&report, &out, false).unwrap();
    let init_time = started.elapsed();
    let snap = Snapshot::load(&out, Golden::Check).unwrap();
    eprintln!("init {init_time:?}, load {:?}", snap.load_time);
    let cases = [
        ("2016年地区生产总值是多少", "303.6亿元"),
        ("去年接待了多少游客", "704万人次"),
        ("今年地区生产总值目标是多少", "326.4亿元"),
        ("城镇登记失业率", "3.9%"),
        ("报告是谁作的", "杨国宏"),
        ("去年教育基础设施投了多少钱", "6349万元"),
        ("城里人的收入是多少", "32943元"),
        (
            "What is the 2017 target for rural per capita disposable income?",
            "25617元",
        ),
    ];
    for (q, want) in cases {
        let answer = snap.engine.answer(q);
        let reply = xihu_report_bot::cli::plain::plain(&answer, snap.engine.knowledge());
        assert!(answer.answered() && reply.contains(want), "{q}: {reply}");
    }
    for q in [
        "今天天气怎么样",
        "海拉尔区2018年GDP是多少",
        "去年外贸进出口额多少",
        "鄂尔多斯去年GDP多少",
        "鄂温克旗2016年GDP是多少",
        "满洲里市去年旅游收入多少",
    ] {
        assert!(!snap.engine.answer(q).answered(), "{q} should be declined");
    }
}

#[test]
fn the_general_dictionary_is_embedded() {
    // no file needed: jieba's own dictionary is in the binary, and only init reads it
    let general = dict::General::embedded();
    let found = general.words_in("地区生产总值完成88.6亿元");
    let words: Vec<&str> = found.iter().map(|(w, _)| w.as_str()).collect();
    for w in ["地区", "生产总值", "完成"] {
        assert!(words.contains(&w), "{w} not in {words:?}");
    }
    for (w, line) in &found {
        let mut parts = line.split_whitespace();
        assert_eq!(parts.next(), Some(w.as_str()));
        let freq: usize = parts.next().unwrap().parse().unwrap();
        assert!(freq > 0, "{line}");
    }
    // the written dictionary holds them (and no word the report lacks, bar question words)
    let g = init::generate(&fixture("arabic-style.txt")).unwrap();
    let dict = &g.files["dict.txt"];
    assert!(dict.lines().any(|l| l.starts_with("生产总值 ")), "{dict}");
    assert!(!dict.lines().any(|l| l.starts_with("西湖 ")));
}

#[test]
fn measures_the_report_never_names_are_unsupported() {
    let absent = lexicon::absent_groups("全年进出口总额完成12亿元,空气质量优良率达到95%。");
    assert!(!absent.iter().any(|w| w == "进出口" || w == "外贸"));
    assert!(
        !absent.iter().any(|w| w == "优良天数"),
        "a group the report names stays out whole"
    );
    assert!(absent.iter().any(|w| w == "粮食产量"));
    assert!(absent.iter().any(|w| w == "foreign capital"));
    let g = init::generate(&fixture("arabic-style.txt")).unwrap();
    let lex = &g.files["lexicon.toml"];
    assert!(lex.contains("\"进出口\""), "{lex}");
}

#[test]
fn the_district_s_area_is_named_with_its_own_names() {
    let names = ["蠡县".to_string()];
    let absent = lexicon::absent_groups_of("建设现代农业园区10.2万亩。", &names);
    assert!(absent.iter().any(|w| w == "蠡县面积"), "{absent:?}");
    assert!(absent.iter().any(|w| w == "全县面积"));
    assert!(
        !absent.iter().any(|w| w == "区面积" || w == "县面积"),
        "a bare 区面积 is a piece of 园区面积"
    );
}

#[test]
fn a_growth_asked_of_a_level_alone_is_declined() {
    let report = "东岭区2025年政府工作报告\n一、2024年工作回顾\n\
        (一)经济平稳增长。地区生产总值完成303.6亿元,同比增长7.2%。\
        全年旅游接待人数达到525.6万人次,旅游收入完成56.4亿元,均创历史新高。\n\
        二、2025年工作安排\n(一)扩大有效投资。固定资产投资增长6%。\n";
    let snap = engine_for("init-growth-of-a-level", report);
    let told = said(&snap, "2024年地区生产总值增长了多少").unwrap_or_default();
    assert!(told.contains("7.2%"), "{told}");
    assert!(
        said(&snap, "2024年旅游收入增长了多少").is_none(),
        "the report gives 旅游收入 as a level only"
    );
    assert!(said(&snap, "2024年旅游收入是多少").is_some_and(|t| t.contains("56.4亿元")));
}

#[test]
fn a_spaced_base_year_and_a_verb_s_le_leave_the_measure() {
    assert_eq!(
        measures("扩大城区集中供热范围,供热面积由 2011 年的 32 万平米达到现在的 143 万平米。")[0],
        "供热面积"
    );
    assert_eq!(clauses::clean_measure("实施了拆炉并网工程"), "拆炉并网工程");
}

#[test]
fn an_answer_line_opening_with_its_year_does_not_repeat_it() {
    let report = "东岭县2020年政府工作报告\n一、2019年工作回顾\n\
        (一)项目建设加快。2019年实施省市重点项目16个。\n\
        二、2020年工作安排\n(一)扩大有效投资。固定资产投资增长6%。\n";
    let entries = generated_entries(report);
    assert!(
        entries.contains("answer = \"2019年实施省市重点项目16个。\""),
        "{entries}"
    );
    assert!(!entries.contains("2019年,2019年"), "{entries}");
}

#[test]
fn a_part_naming_an_earlier_year_is_the_review_and_a_spaced_title_is_read_whole() {
    let o = outline_of(
        "政 府 工 作 报 告\n徐水县2013年政府工作报告\n一、关于2012年政府工作\n\
        2012年,全县生产总值完成100亿元。\n二、2013年经济社会发展任务目标和重点工作\n\
        （一）着力做大做强产业园区\n生产总值增长10%。\n",
    );
    let got = ids_years(&o);
    assert_eq!(got[1], ("review".to_string(), Some(2012)), "{got:?}");
    assert_eq!(o.sections[0].title, "政府工作报告");
    assert_eq!(text::unspaced("政 府 工 作 报 告"), "政府工作报告");
    assert_eq!(text::unspaced("2015年 2月 A 区"), "2015年 2月 A 区");
}

#[test]
fn a_bare_verb_figure_takes_its_subject_from_the_sentence_before() {
    let report = "东岭县2025年政府工作报告\n一、2024年工作回顾\n\
        (一)社会事业全面进步。教育基础设施投入不断加大。投资6349万元,重点实施了第五中学改扩建等5项工程。\
        全年投入14.5亿元,重点实施了40个民生保障和社会事业项目。\n\
        二、2025年工作安排\n(一)扩大有效投资。固定资产投资增长6%。\n";
    let entries = generated_entries(report);
    assert!(
        entries.contains("\"教育基础设施投入投资多少\""),
        "{entries}"
    );
    assert!(
        entries.contains("\"民生保障和社会事业项目投入多少\""),
        "{entries}"
    );
}

#[test]
fn a_bare_verb_figure_takes_the_clause_after_it_that_names_its_object() {
    let report = "东岭县2025年政府工作报告\n一、2024年工作回顾\n(一)经济发展。地区生产总值80亿元。\n\
        二、2025年工作安排\n(一)发展旅游。投资2.5亿元,实施俄罗斯风情精品街项目。\n";
    let entries = generated_entries(report);
    assert!(
        entries.contains("\"俄罗斯风情精品街项目投资多少\""),
        "{entries}"
    );
    assert!(
        entries.contains("投资2.5亿元,实施俄罗斯风情精品街项目。\""),
        "{entries}"
    );
}

#[test]
fn the_lexicon_names_the_district_s_neighbours_and_knows_its_words() {
    let report = "杭州市西湖区2023年政府工作报告\n一、2022年工作回顾\n(一)经济发展。地区生产总值1970.1亿元。\n\
        二、2023年工作安排\n(一)扩大有效投资。固定资产投资增长6%。\n";
    let out = scratch("init-neighbours");
    let path = out.with_extension("txt");
    std::fs::write(&path, report).unwrap();
    init::init(&path, &out, false).unwrap();
    let lex = std::fs::read_to_string(out.join("lexicon.toml")).unwrap();
    for w in ["\"滨江区\"", "\"滨江\"", "\"宁波市\""] {
        assert!(lex.contains(w), "{w} missing: {lex}");
    }
    // the words of the lists are dictionary words (not typos to correct into report words)
    let dict = std::fs::read_to_string(out.join("dict.txt")).unwrap();
    assert!(dict.lines().any(|l| l.starts_with("常住人口 ")), "{dict}");
    let snap = Snapshot::load(&out, Golden::Check).expect("generated base loads");
    for q in [
        "滨江区2022年的地区生产总值是多少",
        "常住人口有多少",
        "城镇居民人均消费支出多少",
    ] {
        assert!(!snap.engine.answer(q).answered(), "{q} answered");
    }
    assert!(snap.engine.answer("地区生产总值是多少").answered());
}

#[test]
fn generated_bases_meet_the_acceptance_bars() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sets = [
        (
            "../shared/reports/hailaer-2017/report.txt",
            vec![
                "tests/fixtures/hailaer-questions-independent.jsonl",
                "tests/fixtures/hailaer-questions-independent2.jsonl",
                "tests/fixtures/hailaer-questions-independent3.jsonl",
            ],
        ),
        (
            "../shared/report/xihu-2023-government-work-report.txt",
            vec!["../shared/eval/dev-questions.jsonl"],
        ),
    ];
    for (report, questions) in sets {
        let report = root.join(report);
        if !report.is_file() {
            eprintln!("skipped: {} not found", report.display());
            continue;
        }
        let out = scratch(&format!(
            "init-bars-{}",
            report.file_stem().unwrap().to_string_lossy()
        ));
        init::init(&report, &out, false).unwrap();
        let snap = Snapshot::load(&out, Golden::Check).unwrap();
        for q in questions {
            let file = root.join(q);
            if !file.is_file() {
                eprintln!("skipped: {} not found", file.display());
                continue;
            }
            let questions = xihu_report_bot::cli::eval::read_questions(&file).unwrap();
            let s = xihu_report_bot::cli::eval::score_questions(&snap.engine, &questions);
            let (a, an, n, nn) = (s.answerable_right, s.answerable, s.declined, s.negatives);
            assert!(
                a * 100 >= an * 85 && n * 100 >= nn * 85,
                "{q}: answerable {a}/{an}, declined {n}/{nn}"
            );
        }
    }
}

/// Every real report among the fixtures (hailar-2012…2019, 徐水 2012, 2013 and 2015, 清苑 2005,
/// 2008 and 2013, 阜平 2017, 蠡县 2020, 易县 2018 and 2019, 容城 2015 and 2020), each with a
/// question set written by someone who saw only that report (容城 2020 has two): `init` writes a
/// base that loads and checks, and together they stay at or above their measured level (995/1174
/// = 84.8 % answerable, 270/296 = 91.2 % declined with nineteen reports; the bar is 85 % /
/// 85 %).
#[test]
fn unseen_report_fixtures_load_and_hold_their_level() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let (mut a, mut an, mut n, mut nn) = (0, 0, 0, 0);
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|d| d.unwrap().path())
        .filter(|d| d.join("report.txt").is_file() && d.join("questions.jsonl").is_file())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 19, "fixtures: {dirs:?}");
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let out = scratch(&format!("init-unseen-{name}"));
        init::init(&dir.join("report.txt"), &out, false).unwrap();
        let snap = Snapshot::load(&out, Golden::Check)
            .unwrap_or_else(|e| panic!("{name}: the generated base does not load: {e}"));
        // questions.jsonl, and questions-2.jsonl where a second set was written for the report
        let mut sets: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|f| f.unwrap().path())
            .filter(|f| {
                let name = f.file_name().unwrap().to_string_lossy();
                name.starts_with("questions") && name.ends_with(".jsonl")
            })
            .collect();
        sets.sort();
        for set in sets {
            let questions = xihu_report_bot::cli::eval::read_questions(&set).unwrap();
            let s = xihu_report_bot::cli::eval::score_questions(&snap.engine, &questions);
            a += s.answerable_right;
            an += s.answerable;
            n += s.declined;
            nn += s.negatives;
        }
    }
    assert!(
        a * 1000 >= an * 840 && n * 1000 >= nn * 905,
        "answerable {a}/{an}, declined {n}/{nn}"
    );
}

/// The entry files `init` generates for a report, concatenated.
fn generated_entries(report: &str) -> String {
    let g = init::generate(report).unwrap();
    g.files
        .iter()
        .filter(|(n, _)| n.starts_with("entries/"))
        .map(|(_, t)| t.as_str())
        .collect()
}

/// A knowledge base generated from an inline report, loaded as the bot loads it.
fn engine_for(name: &str, report: &str) -> Snapshot {
    let out = scratch(name);
    let file = out.with_extension("txt");
    std::fs::write(&file, report).unwrap();
    init::init(&file, &out, true).unwrap();
    Snapshot::load(&out, Golden::Check).unwrap()
}

/// The reply's quotations and answer lines, joined.
fn said(snap: &Snapshot, q: &str) -> Option<String> {
    let a = snap.engine.answer(q);
    a.answered().then(|| {
        a.parts
            .iter()
            .map(|p| format!("{} {}", p.answer, p.quote))
            .collect()
    })
}

fn measures(t: &str) -> Vec<String> {
    measures_and_growth(t).into_iter().map(|(m, _)| m).collect()
}

/// Each figure clause's measure, and whether it is a growth.
fn measures_and_growth(t: &str) -> Vec<(String, bool)> {
    clauses::clauses(t, 0..t.len())
        .into_iter()
        .map(|c| (c.measure, c.growth))
        .collect()
}

#[test]
fn measure_phrases_lose_leading_verbs_comparison_bases_and_particles() {
    assert_eq!(
        measures("城镇常住居民人均可支配收入完成30788元,比2010年增加13480元,年均递增12.2%。"),
        [
            "城镇常住居民人均可支配收入",
            "城镇常住居民人均可支配收入增长",
            "城镇常住居民人均可支配收入增长"
        ]
    );
    assert_eq!(
        measures("地区生产总值由2010年的162.4亿元增加到2015年的287.9亿元。"),
        ["地区生产总值"]
    );
    assert_eq!(
        measures("旅游收入达到69亿元,是2010年的2.6倍。"),
        ["旅游收入", "旅游收入"]
    );
    assert_eq!(measures("农民专业合作社发展到133家。"), ["农民专业合作社"]);
    assert_eq!(measures("城镇登记失业率控制到3.9%。"), ["城镇登记失业率"]);
    assert_eq!(
        measures("我区初步安排的重点调度项目有66个。"),
        ["重点调度项目"]
    );
    assert_eq!(measures("建成平安小区136个。"), ["平安小区"]);
    assert_eq!(
        measures("开通了海拉尔至乌兰巴托、赤塔、香港等国际及地区航线10条。"),
        ["国际及地区航线"]
    );
    assert_eq!(
        measures("全面完成了13672户的年度改造任务。"),
        ["年度改造任务"]
    );
    assert_eq!(measures("年内23万平方米的建材城完工。"), ["建材城"]);
    assert_eq!(
        measures("到2017年底前实现农村贫困人口96户。"),
        ["农村贫困人口"]
    );
}

#[test]
fn a_clause_with_a_growth_and_a_level_answers_both() {
    let t = "地区生产总值增长7.5%,达到309亿元。";
    let got = measures_and_growth(t);
    assert_eq!(
        got,
        [
            ("地区生产总值增长".to_string(), true),
            ("地区生产总值".to_string(), false)
        ]
    );
    let report = "东岭县2025年政府工作报告\n一、2024年工作回顾\n(一)经济发展。全县上下团结一心,克服了多年未遇的困难和挑战,推动经济社会发展取得了新的成绩,地区生产总值完成80.5亿元,同比增长6.2%,固定资产投资完成30亿元。\n\
        二、2025年工作安排\n(一)扩大有效投资。地区生产总值增长7.5%,达到86亿元。\n";
    let entries = generated_entries(report);
    // the level's answer line goes on to its growth, and the growth's names the level
    assert!(
        entries.contains("answer = \"2024年,地区生产总值完成80.5亿元,同比增长6.2%。\""),
        "{entries}"
    );
    assert!(
        entries.contains("answer = \"2025年安排:地区生产总值增长7.5%,达到86亿元。\""),
        "{entries}"
    );
    let snap = engine_for("init-level-growth", report);
    let a = said(&snap, "去年地区生产总值增长多少").unwrap();
    assert!(a.contains("6.2%"), "{a}");
    let a = said(&snap, "今年地区生产总值目标是多少").unwrap();
    assert!(a.contains("86亿元"), "{a}");
}

#[test]
fn nouns_between_figures_and_the_paragraph_s_topic_are_keywords() {
    let report = "东岭县2025年政府工作报告\n一、2024年工作回顾\n(一)城市建设。\
        全年累计完成投资3.23亿元的拆炉并网工程新接入集中供热面积190万平方米。\n\
        四是全力推进棚户区改造工程。充分利用国家的有利政策,全力完成8008户改造任务。\n\
        二、2025年工作安排\n(一)扩大有效投资。固定资产投资增长6%。\n";
    let entries = generated_entries(report);
    let keywords = |figure: &str| -> String {
        entries
            .split("[[entry]]")
            .find(|e| e.contains(figure) && e.contains("-f"))
            .and_then(|e| e.lines().find(|l| l.starts_with("keywords")))
            .unwrap_or_default()
            .to_string()
    };
    let k = keywords("3.23亿元");
    assert!(
        k.contains("\"集中供热\"") || k.contains("\"供热面积\""),
        "{k}"
    );
    let k = keywords("8008户");
    assert!(k.contains("\"棚户区改造工程\""), "{k}");
}

#[test]
fn general_synonym_groups_and_exclusive_ones() {
    let header = "";
    let t = init::synonyms::synonyms_toml(
        "新农合参合率达到99.42%,旅游接待人数达到607万人次,年度空气质量优良天数355天。",
        header,
    );
    assert!(t.contains("\"新农合\", \"新型农村合作医疗\""), "{t}");
    assert!(t.contains("\"参合率\", \"参保率\""), "{t}");
    assert!(t.contains("\"旅游接待人数\""), "{t}");
    assert!(t.contains("\"游客\""), "{t}");
    assert!(t.contains("\"空气质量优良天数\""), "{t}");
    // a report giving both 参合率 and 参保率 means two figures: no group
    let t = init::synonyms::synonyms_toml("新农合参合率99%,养老保险参保率95%。", header);
    assert!(!t.contains("\"参保率\""), "{t}");
    // the older reports' income measure and the everyday words for 人均 and 技改
    let t = init::synonyms::synonyms_toml("农民人均纯收入10202元,企业技改投入4.7亿元。", header);
    assert!(
        t.contains("\"农民人均纯收入\", \"农牧民人均纯收入\""),
        "{t}"
    );
    assert!(t.contains("\"人均\", \"平均每人\""), "{t}");
    assert!(t.contains("\"技改\", \"技术改造\""), "{t}");
}

#[test]
fn officials_the_report_does_not_name_are_declined() {
    let report = "东岭县2025年政府工作报告\n——2025年1月10日在东岭县第五届人民代表大会第四次会议上\n县长 王小明\n\
        一、2024年工作回顾\n(一)经济发展。地区生产总值完成80.5亿元,同比增长6.2%。\n\
        二、2025年工作安排\n(一)扩大有效投资。地区生产总值增长7.5%。\n";
    let g = init::generate(report).unwrap();
    assert!(g.files["lexicon.toml"].contains("\"副县长\""));
    assert!(g.files["lexicon.toml"].contains("\"县委书记\""));
    let snap = engine_for("init-officials", report);
    assert!(said(&snap, "副县长是谁").is_none());
    assert!(said(&snap, "县委书记叫什么名字").is_none());
    assert!(said(&snap, "县长是谁").unwrap().contains("王小明"));
    assert!(!g.files["lexicon.toml"].contains("\"县长\""));
    // a report naming no head of government: the office is never given
    let nameless = report.replace("县长 王小明\n", "");
    let g = init::generate(&nameless).unwrap();
    assert!(g.files["lexicon.toml"].contains("\"县长\""));
    let snap = engine_for("init-officials-nameless", &nameless);
    assert!(said(&snap, "县长叫什么名字").is_none());
}

#[test]
fn base_and_target_years_and_period_figures() {
    let report = "东岭县2016年政府工作报告\n一、“十二五”时期和2015年工作回顾\n\
        (一)经济发展。地区生产总值由2010年的162.4亿元增加到2015年的287.9亿元,年均增长12.1%。\
        全面落实各项就业政策,五年新增就业3.25万人,再就业15326人。\
        “十二五”期间,累积完成全社会固定资产投资615亿元。\n\
        (二)民生改善。全年实现新增就业5650人,再就业2100人。\n\
        二、2016年工作安排\n(一)扩大有效投资。地区生产总值增长7.5%。到2020年,地区生产总值达到450亿元。\n";
    let snap = engine_for("init-years", report);
    // a base year the report writes is answered from the sentence naming it
    let a = said(&snap, "2010年地区生产总值是多少").unwrap();
    assert!(a.contains("162.4亿元"), "{a}");
    // a target year it writes, likewise
    let a = said(&snap, "到2020年地区生产总值目标是多少").unwrap();
    assert!(a.contains("450亿元"), "{a}");
    // a year it never writes is declined
    assert!(said(&snap, "2012年地区生产总值是多少").is_none());
    // the year's figure, not the five years'
    let a = said(&snap, "去年新增就业多少人").unwrap();
    assert!(a.contains("5650人"), "{a}");
    // a period's sum is no answer to the year alone, but to the period
    assert!(said(&snap, "2015年当年全社会固定资产投资完成了多少").is_none());
    let a = said(&snap, "十二五期间全社会固定资产投资多少").unwrap();
    assert!(a.contains("615亿元"), "{a}");
    let a = said(&snap, "五年新增就业多少").unwrap();
    assert!(a.contains("3.25万人"), "{a}");
}

#[test]
fn measures_after_a_qualifier_amounts_that_look_like_years_and_counters() {
    // a phrase ending in 的 qualifies the noun after the figure
    assert_eq!(
        measures("对大会票选确定的10件实事项目,区政府将细化目标任务。"),
        ["实事项目"]
    );
    // but 由2010年的 is a base year's
    let t = "月人均养老金由2010年的1264元增加到2011元。";
    let c = clauses::clauses(t, 0..t.len());
    assert_eq!(c[0].measure, "月人均养老金");
    let figs: Vec<&str> = c[0].figures.iter().map(|f| f.text.as_str()).collect();
    assert_eq!(figs, ["1264", "2011"], "2011元 is an amount, not a year");
    let report = "东岭县2025年政府工作报告\n一、2024年工作回顾\n(一)城市建设。全面完成了13672户的年度改造任务。\n\
        二、2025年工作安排\n(一)扩大有效投资。固定资产投资增长6%。\n";
    let entries = generated_entries(report);
    assert!(entries.contains("\"年度改造任务多少户\""), "{entries}");
}

#[test]
fn words_common_to_every_measure_are_no_keyword_alone() {
    let report = "东岭县2025年政府工作报告\n一、2024年工作回顾\n(一)民生。城镇常住居民人均可支配收入32943元。旅游收入完成69亿元。\n\
        二、2025年工作安排\n(一)民生。城镇常住居民人均可支配收入达到35578元。\n";
    let entries = generated_entries(report);
    assert!(!entries.contains("\"收入\","), "{entries}");
    assert!(entries.contains("\"可支配收入\""), "{entries}");
    let snap = engine_for("init-generic-keywords", report);
    // the plan gives no tourism revenue: its income target is no answer to it
    assert!(said(&snap, "今年旅游收入目标是多少").is_none());
    let a = said(&snap, "今年城镇居民人均可支配收入目标").unwrap();
    assert!(a.contains("35578元"), "{a}");
}

#[test]
fn everyday_words_map_to_the_report_s_terms() {
    let t = init::synonyms::synonyms_toml("城镇常住居民人均可支配收入32943元,投资6349万元。", "");
    assert!(
        t.contains("\"城镇常住居民\", \"城镇居民\", \"城里人\""),
        "{t}"
    );
    assert!(t.contains("\"投资\", \"砸了\""), "{t}");
}

#[test]
fn days_and_a_measure_after_a_long_event_name_are_figures_asked() {
    let report = "东岭县2025年政府工作报告\n——2025年1月10日在东岭县第五届人民代表大会第四次会议上\n县长 王小明\n\
        一、2024年工作回顾\n(一)开放合作。第十四届东岭国际经贸洽谈暨商品展销会,吸引419家企业参展,现场销售额达到1.8亿元。东岭航空港年旅客吞吐量突破233万人次。\n\
        二、2025年工作安排\n(一)生态环境。全力确保空气优良天数达到350天。\n";
    let snap = engine_for("init-days-measure", report);
    // 天 is a unit the report writes after digits: a question asking 多少天 is answered
    assert!(
        said(&snap, "今年空气优良天数要达到多少天")
            .unwrap()
            .contains("350天")
    );
    // the clause naming the measure asked holds the figure, though the event's name shares
    // more of the question's words
    let a = said(
        &snap,
        "第十四届东岭国际经贸洽谈暨商品展销会现场销售额是多少",
    )
    .unwrap();
    assert!(a.contains("1.8亿元"), "{a}");
    // a measure head the passage does not speak of: 旅游收入 is not the 旅客吞吐量
    assert!(said(&snap, "去年东岭旅游收入是多少").is_none());
    assert!(
        said(&snap, "去年东岭航空港旅客吞吐量是多少")
            .unwrap()
            .contains("233万人次")
    );
}

/// Lines a report is made of: headings of every style, openers, stops that are several bytes
/// long (a heading's `1、` once cut a `、` in half), figures, and an address with no title.
fn report_lines() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let pieces: Vec<&str> = vec![
        "各位代表：",
        "政府工作报告",
        "一、2019年工作回顾",
        "二、2020年工作安排",
        "(一)",
        "（二）",
        "1、",
        "2.",
        "1.5亿元",
        "、便民工程,完成两条小街小巷的硬化挖补",
        "新建3处公厕、10个垃圾箱。",
        "这一年,我们",
        "地区生产总值达到36.59亿元,增长7%",
        "到2021年,",
        "我代表某某县人民政府",
        "　",
        "\n",
        "。",
        "％",
    ];
    prop::collection::vec(prop::sample::select(pieces), 1..40).prop_map(|v| v.concat())
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 24, ..Default::default() })]

    /// Whatever a report's lines look like, `init` never panics, and what it writes loads and
    /// passes `check` (each case loads the general dictionary: 24 cases, ~5 s).
    #[test]
    fn init_never_panics_and_what_it_writes_loads(body in report_lines()) {
        let report = format!("各位代表:\n{body}\n");
        if let Ok(g) = init::generate(&report) {
            let kb = xihu_report_bot::knowledge::KnowledgeBase::from_raw(g.raw(Path::new("<p>")));
            proptest::prop_assert!(kb.is_ok(), "{:?}", kb.err().map(|e| e.to_string()));
        }
    }
}

#[test]
fn a_report_without_a_title_is_named_by_its_session_office_or_most_named_place() {
    use xihu_report_bot::init::region::region;
    let named = |t: &str| region(t, &text::paragraphs(t)).district;
    assert_eq!(
        named("政 府 工 作 报 告\n——2012年2月29日在海拉尔区第十三届人民代表大会第六次会议上\n"),
        Some("海拉尔区".into())
    );
    assert_eq!(
        named("各位代表：\n现在，我代表蠡县人民政府，向大会作政府工作报告。\n"),
        Some("蠡县".into())
    );
    assert_eq!(
        named(
            "政府工作报告\n现在，我代表县政府向大会作工作报告。清苑县一年来,清苑清苑清苑清苑。\n"
        ),
        Some("清苑县".into())
    );
    let text = "各位代表：\n现在，我代表蠡县人民政府，向大会作政府工作报告。\n";
    let g = init::generate(text).unwrap();
    assert!(
        g.files["lexicon.toml"].contains("title = \"蠡县政府工作报告\""),
        "{}",
        g.files["lexicon.toml"]
    );
}

#[test]
fn english_words_the_glossary_leaves_weigh_little() {
    // "open" has no gloss: it must not outweigh the glossed 航线 and sink the answer
    let snap = engine_for(
        "init-english-leftover",
        "某区2012年政府工作报告\n一、2011年工作回顾\n(一)交通。新开通至香港、上海等6条航线,国内外航线达到25条。\n(二)民生。新增就业岗位3000个。\n二、2012年工作安排\n(一)产业。新增项目5个。\n(二)民生。新增学位200个。\n",
    );
    let got = said(&snap, "How many new flight routes did it open last year?");
    assert!(
        got.as_deref().is_some_and(|t| t.contains("6条航线")),
        "{got:?}"
    );
}
