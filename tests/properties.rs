//! Property tests: whatever people type — arbitrary Unicode, emoji, control characters, huge
//! inputs, mixed scripts, report fragments — the engine never panics, every quotation it gives is
//! verbatim from the report, and every number in an answer line is in the report.
//!
//! 25,000 cases per property, 100,000 per run; a longer run: `PROPTEST_CASES=1000000 cargo test --release --test properties`.

mod support;

use proptest::prelude::*;
use support::ENGINE;
use xihu_report_bot::knowledge::figures::figures;

fn check(question: &str) -> Result<(), TestCaseError> {
    let answer = ENGINE.answer(question);
    let report = &ENGINE.knowledge().report.text;
    // an answer has parts; a decline may carry what the report does say
    prop_assert!(!answer.answered() || !answer.parts.is_empty());
    for part in &answer.parts {
        prop_assert!(
            report.contains(&part.quote),
            "quote not in report: {:?}",
            part.quote
        );
        for f in figures(&part.answer) {
            prop_assert!(
                report.contains(f.number),
                "answer figure {} not in report",
                f.number
            );
        }
        for item in &part.items {
            prop_assert!(
                part.quote.contains(item.as_str()),
                "item {item:?} not in its quote"
            );
        }
    }
    Ok(())
}

/// Cases per property: `PROPTEST_CASES`, or 25,000.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(25_000)
}

/// Fragments of the report and of questions, glued together at random.
fn fragments() -> impl Strategy<Value = String> {
    let report = ENGINE.knowledge().report.text.clone();
    let pieces: Vec<String> = report
        .split(['。', ',', '、', '\n'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .chain(
            [
                "去年",
                "今年",
                "多少",
                "吗",
                "和",
                "分别",
                "/ask ",
                "@xihu_report_bot ",
                "GDP",
                "2021年",
                "對比",
                "🙂",
            ]
            .map(String::from),
        )
        .collect();
    prop::collection::vec(prop::sample::select(pieces), 1..6).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_unicode_never_breaks_the_engine(q in any::<String>()) {
        check(&q)?;
    }

    #[test]
    fn mixed_scripts_and_controls(q in "[\\PC\\x00-\\x1f\u{200b}\u{3000}\u{ff01}-\u{ff5e}a-zA-Z0-9西湖區财政总收入？！]{0,80}") {
        check(&q)?;
    }

    #[test]
    fn report_fragments(q in fragments()) {
        check(&q)?;
    }

    #[test]
    fn huge_inputs(seed in fragments(), n in 1usize..400) {
        check(&seed.repeat(n))?;
    }
}
