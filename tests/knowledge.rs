//! Knowledge loading: the repository's base is valid and complete; broken files are rejected
//! with file, line and entry id, and nothing half-loaded comes out.

mod support;

use std::fs;
use std::path::Path;

use support::{copy_dir, knowledge_dir};
use xihu_report_bot::knowledge::KnowledgeBase;
use xihu_report_bot::snapshot::{Golden, Snapshot, SnapshotError};

fn broken_copy(edit: impl FnOnce(&Path)) -> (tempfile::TempDir, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&knowledge_dir(), dir.path());
    edit(dir.path());
    let errors = match KnowledgeBase::load(dir.path()) {
        Ok(_) => Vec::new(),
        Err(e) => e.0.iter().map(ToString::to_string).collect(),
    };
    (dir, errors)
}

#[test]
fn repository_knowledge_is_valid_and_covers_every_figure() {
    let kb = KnowledgeBase::load(&knowledge_dir()).expect("valid");
    assert_eq!(kb.report.sections.len(), 16);
    assert!(kb.entries.len() >= 150, "{} entries", kb.entries.len());
    let coverage = kb.coverage();
    assert!(
        coverage.uncovered.is_empty(),
        "uncovered: {:?}",
        coverage.uncovered
    );
    assert!(coverage.total > 100);
    for e in &kb.entries {
        assert!(kb.report.text.contains(&e.quote), "{}", e.id);
    }
}

#[test]
fn every_sentence_belongs_to_exactly_one_section() {
    let kb = KnowledgeBase::load(&knowledge_dir()).unwrap();
    let sections = &kb.report.sections;
    assert_eq!(sections[0].span.start, 0);
    assert_eq!(sections.last().unwrap().span.end, kb.report.text.len());
    assert!(
        sections
            .windows(2)
            .all(|w| w[0].span.end == w[1].span.start)
    );
    for s in &kb.report.sentences {
        let owners = sections
            .iter()
            .filter(|sec| sec.span.contains(&s.span.start))
            .count();
        assert_eq!(owners, 1);
        assert!(
            sections[s.section].span.contains(&(s.span.end - 1)),
            "{:?}",
            kb.report.sentence_text(s)
        );
    }
    let review: Vec<&str> = sections
        .iter()
        .filter(|s| s.id.starts_with("review-"))
        .map(|s| s.title.as_str())
        .collect();
    assert_eq!(review[0], "经济大盘稳进提质");
    assert_eq!(review.len(), 6);
}

#[test]
fn golden_questions_pass() {
    let snapshot = Snapshot::load(&knowledge_dir(), Golden::Check);
    if let Err(e) = &snapshot {
        panic!("{e}");
    }
}

#[test]
fn a_non_verbatim_quote_is_rejected_with_file_line_and_id() {
    let (_dir, errors) = broken_copy(|d| {
        let path = d.join("entries/review-1.toml");
        let text = fs::read_to_string(&path).unwrap().replace(
            "全区实现地区生产总值1970.1亿元",
            "全区实现地区生产总值1971亿元",
        );
        fs::write(path, text).unwrap();
    });
    assert!(!errors.is_empty());
    let e = errors
        .iter()
        .find(|e| e.contains("not a verbatim substring"))
        .expect("quote error");
    assert!(e.contains("entries/review-1.toml:"), "{e}");
    assert!(e.contains("\"r1-gdp\""), "{e}");
    let line: usize = e
        .split("review-1.toml:")
        .nth(1)
        .unwrap()
        .split(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(line > 1);
}

#[test]
fn an_answer_figure_missing_from_the_quote_is_rejected() {
    let (_dir, errors) = broken_copy(|d| {
        let path = d.join("entries/review-1.toml");
        let text = fs::read_to_string(&path).unwrap();
        let text = text.replacen("answer = \"", "answer = \"12345亿元 ", 1);
        fs::write(path, text).unwrap();
    });
    assert!(
        errors
            .iter()
            .any(|e| e.contains("12345") && e.contains("review-1.toml:")),
        "{errors:?}"
    );
}

/// A curated English line (`answer_en`) is checked like the Chinese one: English only, and
/// every number from the quote, as written or scaled (197.01 billion = 1970.1亿). See: issue 14
/// ("curated entries may carry an English answer line").
#[test]
fn r_14_an_english_answer_line_is_validated_like_the_rest() {
    let kb = KnowledgeBase::load(&knowledge_dir()).expect("valid");
    let curated: Vec<&str> = kb
        .entries
        .iter()
        .filter(|e| e.answer_en.is_some())
        .map(|e| e.id.as_str())
        .collect();
    for id in [
        "r1-gdp",
        "r1-general-budget-revenue",
        "r1-service-value-added",
    ] {
        assert!(
            curated.contains(&id),
            "{id} has an English line: {curated:?}"
        );
    }
    let gdp =
        "answer_en = \"In 2022 Xihu's gross domestic product (GDP) reached 197.01 billion yuan.\"";
    for (bad, why) in [
        (
            "answer_en = \"In 2022 GDP was 1970.1亿元.\"",
            "answer_en has Chinese",
        ),
        (
            "answer_en = \"In 2022 GDP reached 198 billion yuan.\"",
            "answer_en states 198",
        ),
        (
            "answer_en = \"In 2022 GDP reached 197.01 million yuan.\"",
            "answer_en states 197.01",
        ),
        ("answer_en = \"  \"", "\"answer_en\" is empty"),
    ] {
        let (_dir, errors) = broken_copy(|d| {
            let path = d.join("entries/review-1.toml");
            let text = fs::read_to_string(&path).unwrap();
            assert!(text.contains(gdp), "the GDP entry's English line");
            fs::write(path, text.replacen(gdp, bad, 1)).unwrap();
        });
        assert!(
            errors
                .iter()
                .any(|e| e.contains(why) && e.contains("review-1.toml:") && e.contains("r1-gdp")),
            "{bad}: {errors:?}"
        );
    }
    // figures as the quote writes them, thousands, and the report's years are accepted
    let (_dir, errors) = broken_copy(|d| {
        let path = d.join("entries/review-1.toml");
        let text = fs::read_to_string(&path).unwrap();
        let fine = "answer_en = \"In 2022 GDP was 1970.1 hundred million yuan (197010 million).\"";
        fs::write(path, text.replacen(gdp, fine, 1)).unwrap();
    });
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn a_broken_file_is_rejected_with_its_line() {
    let (_dir, errors) = broken_copy(|d| {
        let path = d.join("entries/review-2.toml");
        let mut text = fs::read_to_string(&path).unwrap();
        text.push_str("\n[[entry]]\nid = \"r2-broken\"\nquestions = [\"x\"\n");
        fs::write(path, text).unwrap();
    });
    let e = errors
        .iter()
        .find(|e| e.contains("review-2.toml"))
        .expect("error for the file");
    assert!(e.contains("invalid TOML"), "{e}");
    assert!(e.contains("review-2.toml:"), "line number in {e}");
}

#[test]
fn unknown_fields_duplicates_and_bad_sections_are_reported_together() {
    let (_dir, errors) = broken_copy(|d| {
        let path = d.join("entries/review-3.toml");
        let mut text = fs::read_to_string(&path).unwrap();
        text.push_str(
            "\n[[entry]]\nid = \"r1-gdp\"\nsection = \"review-9\"\nquestions = [\"q\"]\nanswer = \"a\"\nquote = \"全区实现地区生产总值1970.1亿元\"\n",
        );
        fs::write(path, text).unwrap();
        fs::write(
            d.join("synonyms.toml"),
            "[[group]]\nterms = [\"一个\"]\ncolour = 1\n",
        )
        .unwrap();
    });
    assert!(
        errors.iter().any(|e| e.contains("duplicate entry id")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("unknown section")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("synonyms.toml") && e.contains("invalid TOML")),
        "{errors:?}"
    );
}

#[test]
fn a_failing_golden_question_stops_the_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&knowledge_dir(), dir.path());
    fs::write(
        dir.path().join("golden/zz-bad.toml"),
        "[[golden]]\nquestion = \"去年GDP多少\"\nexpect = \"r1-fdi\"\n",
    )
    .unwrap();
    match Snapshot::load(dir.path(), Golden::Check) {
        Err(SnapshotError::Golden(f)) => assert!(f[0].to_string().contains("zz-bad.toml:2")),
        other => panic!("expected a golden failure, got {:?}", other.map(|_| ())),
    }
}

#[test]
fn a_missing_directory_is_a_clear_error() {
    let err = KnowledgeBase::load(Path::new("/nonexistent/knowledge")).unwrap_err();
    assert!(err.to_string().contains("knowledge directory not found"));
}

#[test]
fn non_utf8_files_are_rejected() {
    let (_dir, errors) =
        broken_copy(|d| fs::write(d.join("entries/zz.toml"), [0xffu8, 0xfe, 0x00]).unwrap());
    assert!(
        errors
            .iter()
            .any(|e| e.contains("zz.toml") && e.contains("UTF-8")),
        "{errors:?}"
    );
}

#[test]
fn sections_out_of_reading_order_are_rejected() {
    let (_dir, errors) = broken_copy(|d| {
        let path = d.join("sections.toml");
        let text = fs::read_to_string(&path).unwrap();
        // swap the starts of review-1 and review-2: both paragraphs exist, in the wrong order
        let (a, b) = (
            "这一年,我们顶压前行、精准发力",
            "这一年,我们创新驱动、产业优先",
        );
        let swapped = text.replace(a, "\u{0}").replace(b, a).replace('\u{0}', b);
        fs::write(path, swapped).unwrap();
    });
    assert!(
        errors
            .iter()
            .any(|e| e.contains("sections.toml") && e.contains("out of reading order")),
        "{errors:?}"
    );
}

#[test]
fn a_grown_knowledge_base_loads_validates_and_still_answers() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("kb-3x");
    let grown = xihu_report_bot::synthetic::grow(&knowledge_dir(), &out, 3).unwrap();
    let real = KnowledgeBase::load(&knowledge_dir()).unwrap();
    assert_eq!(grown.entries, 3 * real.entries.len());
    let kb = KnowledgeBase::load(&out).expect("the grown copies pass validation");
    assert_eq!(kb.entries.len(), grown.entries);
    assert_eq!(kb.report.sections.len(), 3 * real.report.sections.len());
    // every quotation of every copy is verbatim in the grown report
    assert!(kb.entries.iter().all(|e| kb.report.text.contains(&e.quote)));
    let engine = xihu_report_bot::engine::Engine::build(&kb, &Default::default());
    let answer = engine.answer("去年西湖区GDP多少");
    assert_eq!(support::ids(&answer), ["r1-gdp"]);
    assert!(answer.parts[0].quote.contains("1970.1亿元"));
    // growing again replaces its own output, but never a directory it did not write
    xihu_report_bot::synthetic::grow(&knowledge_dir(), &out, 2).unwrap();
    let real_copy = dir.path().join("real");
    copy_dir(&knowledge_dir(), &real_copy);
    let refused = xihu_report_bot::synthetic::grow(&knowledge_dir(), &real_copy, 2).unwrap_err();
    assert!(
        refused.to_string().contains("refusing to replace"),
        "{refused}"
    );
    assert!(
        real_copy.join("entries").is_dir(),
        "the refused directory is untouched"
    );
}
