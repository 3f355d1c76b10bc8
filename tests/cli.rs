//! The `report-bot` command line: the JSON contract, check, eval, and clear errors with exit code 2.

mod support;

use std::process::Command;

use support::{copy_dir, knowledge_dir, report_bot, report_bot_bytes};

#[test]
fn ask_jsonl_writes_one_object_per_question() {
    let out = report_bot(&["ask", "--jsonl"], "去年GDP多少\n\n2021年GDP多少\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    let first = &lines[0];
    for key in [
        "question", "answered", "reply", "entry", "section", "score", "micros",
    ] {
        assert!(first.get(key).is_some(), "missing {key} in {first}");
    }
    assert_eq!(first["question"], "去年GDP多少");
    assert_eq!(first["answered"], true);
    assert_eq!(first["entry"], "r1-gdp");
    assert_eq!(first["section"], "review-1");
    assert!(
        first["reply"]
            .as_str()
            .unwrap()
            .contains("全区实现地区生产总值1970.1亿元")
    );
    assert!(first["micros"].as_u64().is_some());
    assert_eq!(lines[1]["answered"], false);
    assert!(lines[1]["entry"].is_null());
}

#[test]
fn ask_prints_answer_quote_and_section() {
    let out = report_bot(&["ask", "社零多少"], "");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("845.7亿元")
            && text.contains("社会消费品零售总额845.7亿元")
            && text.contains("经济大盘稳进提质"),
        "{text}"
    );
}

/// The console answers an English question with the entry's curated English line when it has
/// one (read from the knowledge base), the quotation verbatim Chinese. See: issue 14.
#[test]
fn r_14_the_console_gives_the_curated_english_line() {
    let kb = xihu_report_bot::knowledge::KnowledgeBase::load(&knowledge_dir()).expect("valid");
    let entry = kb.entry("r1-general-budget-revenue").expect("the entry");
    let curated = entry.answer_en.as_deref().expect("a curated English line");
    let out = report_bot(
        &["ask", "What was the general public budget revenue in 2022?"],
        "",
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with(curated), "{text}");
    assert!(text.contains(&format!("“{}”", entry.quote)), "{text}");
    assert!(
        !text.contains(&entry.answer),
        "no Chinese answer line: {text}"
    );
}

#[test]
fn check_passes_on_the_repository_knowledge() {
    let out = report_bot(&["check"], "");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("figure coverage") && text.contains("(100.0 %)"),
        "{text}"
    );
    assert!(text.contains("0 failed"), "{text}");
}

#[test]
fn a_broken_knowledge_dir_exits_2_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&knowledge_dir(), dir.path());
    std::fs::write(dir.path().join("sections.toml"), "[[section]]\nid = 3\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_report-bot"))
        .args(["--knowledge", dir.path().to_str().unwrap(), "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("sections.toml:2"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn running_the_bot_without_a_token_explains_how_to_get_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_report-bot"))
        .arg("run")
        .current_dir(dir.path())
        .env("KNOWLEDGE_DIR", knowledge_dir())
        .env_remove("TELOXIDE_TOKEN")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("BotFather") && err.contains("report-bot chat"),
        "{err}"
    );
}

#[test]
fn eval_scores_a_question_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("q.jsonl");
    std::fs::write(
        &file,
        "{\"id\":\"a\",\"kind\":\"short\",\"q\":\"外资\",\"expect\":[\"7.01亿美元\"]}\n{\"id\":\"b\",\"kind\":\"negative\",\"q\":\"2024年GDP\",\"expect\":[]}\n",
    )
    .unwrap();
    let out = report_bot(&["eval", file.to_str().unwrap()], "");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("answerable accuracy: 1/1") && text.contains("negatives declined: 1/1"),
        "{text}"
    );
}

#[test]
fn chat_answers_on_the_console() {
    let out = report_bot(&["chat"], "外资多少\n/quit\n");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success());
    assert!(text.contains("7.01亿美元"), "{text}");
}

/// The console's replies after its banner (which holds the load time).
fn chat(stdin: &[u8]) -> String {
    let out = report_bot_bytes(&["chat"], stdin);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    text.split_once('\n')
        .map(|(_, rest)| rest.to_string())
        .unwrap_or_default()
}

// See: issue 14 — "/help" was answered as a question and "/start" as "南启融合年"
#[test]
fn r_14_console_takes_the_bots_slash_commands() {
    let help = chat(b"/help\n");
    for line in ["/sections", "/section", "/figures", "/about", "/quit"] {
        assert!(help.contains(line), "missing {line} in:\n{help}");
    }
    assert_eq!(
        help.matches("我能回答").count(),
        1,
        "the intro is said once:\n{help}"
    );
    assert!(!help.contains("南启融合年"), "{help}");

    let sections = chat(b"/sections\n");
    assert!(
        sections.contains("2. 2022年工作回顾 · 经济大盘稳进提质 (review-1)"),
        "{sections}"
    );
    // by number as /sections lists it, by title words, by id: the same section's figures
    let by_number = chat(b"/section 2\n");
    assert!(
        by_number.contains("【2022年工作回顾 · 经济大盘稳进提质】")
            && by_number.contains("1970.1亿元")
            && by_number.contains("2.2万家"),
        "{by_number}"
    );
    assert_eq!(
        chat(b"/section \xe7\xbb\x8f\xe6\xb5\x8e\xe5\xa4\xa7\xe7\x9b\x98\n"),
        by_number,
        "by title words (经济大盘)"
    );
    assert_eq!(chat(b"/section review-1\n"), by_number);
    assert!(
        !by_number.contains("经济大盘稳进提质。"),
        "an overview sentence is no figure:\n{by_number}"
    );
    // a missing argument lists the sections; an unknown one says so and where to look
    assert!(chat(b"/section\n").contains("16. "));
    let unknown = chat(b"/section \xe7\x81\xab\xe6\x98\x9f\n");
    assert!(
        unknown.contains("没有这个章节")
            && unknown.contains("火星")
            && unknown.contains("/sections"),
        "{unknown}"
    );

    let figures = chat(b"/figures\n");
    assert!(
        figures.contains("1970.1亿元") && figures.contains("99.65%"),
        "{figures}"
    );
    assert!(!figures.contains("经济大盘稳进提质。"), "{figures}");
    assert!(chat(b"/about\n").contains("第十六届人民代表大会第二次会议"));
    assert!(chat(b"/nope\n").contains("没有 /nope 这个命令"));
    // /ask works as in a group, and a question after the commands is still a question
    let asked = chat("/ask 外资多少\n外资多少\n/quit\n去年GDP多少\n".as_bytes());
    assert_eq!(asked.matches("7.01亿美元").count(), 4, "{asked}");
    assert!(
        !asked.contains("1970.1"),
        "nothing is read after /quit:\n{asked}"
    );
}

// See: issue 14 — a GBK line ended the chat with an error
#[test]
fn r_14_a_line_that_is_not_utf8_is_reported_and_the_chat_goes_on() {
    // "国内" in GBK, then a question in UTF-8
    let mut input = vec![0xb9, 0xfa, 0xc4, 0xda, b'\n'];
    input.extend_from_slice("外资多少\n".as_bytes());
    let text = chat(&input);
    assert!(text.contains("不是 UTF-8"), "{text}");
    assert!(
        text.contains("7.01亿美元"),
        "the next line is answered:\n{text}"
    );
}

#[test]
fn bench_prints_latency_throughput_load_time_and_memory() {
    let dir = tempfile::tempdir().unwrap();
    let questions = dir.path().join("questions.txt");
    std::fs::write(
        &questions,
        "去年GDP多少\n今年GDP增长目标\n\n火星的GDP多少\n",
    )
    .unwrap();
    let out = report_bot(
        &[
            "bench",
            "--questions",
            questions.to_str().unwrap(),
            "--repeat",
            "2",
        ],
        "",
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for line in [
        "load + index build: ",
        "answers: 3 questions × 2 = 6",
        "latency: p50 ",
        "questions/s on one core",
        "slowest questions",
        "火星的GDP多少",
    ] {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
    if cfg!(target_os = "linux") {
        assert!(text.contains("memory: RSS "), "{text}");
    }
}

#[test]
fn grow_writes_a_bigger_knowledge_base_the_bot_can_answer_from() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("kb-2x");
    let grown = report_bot(
        &["grow", "--times", "2", "--out", out.to_str().unwrap()],
        "",
    );
    assert!(
        grown.status.success(),
        "{}",
        String::from_utf8_lossy(&grown.stderr)
    );
    let real = xihu_report_bot::knowledge::KnowledgeBase::load(&knowledge_dir())
        .unwrap()
        .entries
        .len();
    let says = format!("{} entries", 2 * real);
    assert!(String::from_utf8_lossy(&grown.stdout).contains(&says));
    let asked = report_bot(
        &[
            "--knowledge",
            out.to_str().unwrap(),
            "ask",
            "去年西湖区GDP多少",
        ],
        "",
    );
    let text = String::from_utf8(asked.stdout).unwrap();
    assert!(
        asked.status.success(),
        "{}",
        String::from_utf8_lossy(&asked.stderr)
    );
    assert!(text.contains("1970.1亿元"), "{text}");
}
