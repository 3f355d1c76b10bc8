//! Accuracy guards: the dev set (`../shared/eval`) and our own held-out set (`tests/data`),
//! scored by the eval rule, must stay above the acceptance bars.

mod support;

use std::path::Path;

use support::ENGINE;
use xihu_report_bot::cli::eval::{
    read_conversations, read_questions, score_conversations, score_questions,
};

fn assert_bars(file: &Path, answerable: f64, declined: f64) {
    let questions = read_questions(file).unwrap_or_else(|e| panic!("{}: {e:#}", file.display()));
    let s = score_questions(&ENGINE, &questions);
    let (a, an, n, nn, failures) = (
        s.answerable_right,
        s.answerable,
        s.declined,
        s.negatives,
        s.failures,
    );
    let (ra, rn) = (a as f64 / an as f64, n as f64 / nn as f64);
    assert!(
        ra >= answerable && rn >= declined,
        "{}: answerable {a}/{an}, negatives {n}/{nn}; failures:\n{}",
        file.display(),
        failures.join("\n")
    );
}

#[test]
fn dev_set_meets_the_acceptance_bars() {
    let dev = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/dev-questions.jsonl");
    if !dev.exists() {
        eprintln!("skipped: {} not found", dev.display());
        return;
    }
    assert_bars(&dev, 0.95, 0.90);
}

#[test]
fn held_out_sets_meet_the_acceptance_bars() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    assert_bars(&data.join("holdout-questions.jsonl"), 0.93, 0.90);
    assert_bars(&data.join("holdout2-questions.jsonl"), 0.93, 0.90);
    // the third set asks only the hardest kinds (paraphrase, typo, English, multi-part)
    assert_bars(&data.join("holdout3-questions.jsonl"), 0.90, 0.90);
}

/// Share of conversations right in every turn.
fn conversations(file: &Path) -> (f64, Vec<String>) {
    let c = read_conversations(file).unwrap();
    let (right, n, failures) = score_conversations(&ENGINE, &c);
    (right as f64 / n as f64, failures)
}

#[test]
fn new_kinds_meet_their_bars() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    // set 4: lists, structure, counts, yes/no, near-miss negatives (first run 92.2 % / 83.3 %)
    assert_bars(&data.join("holdout4-kinds.jsonl"), 0.90, 0.80);
    // set 5, measured once untouched (92.6 % / 75.9 %), since seen (96.3 % / 93.1 %)
    assert_bars(&data.join("holdout5-kinds.jsonl"), 0.93, 0.90);
    // set 6, first run 88.0 % / 85.0 %, since seen (98.0 % / 100 %)
    assert_bars(&data.join("holdout6-kinds.jsonl"), 0.95, 0.95);
    // set 6's figure kinds: first run 97.4 % / 100 %
    assert_bars(&data.join("holdout6-questions.jsonl"), 0.97, 0.97);
    // set 7, first run 92.9 % / 85.7 %, since seen (92.9 % / 96.4 %)
    assert_bars(&data.join("holdout7-kinds.jsonl"), 0.92, 0.95);
    // set 7's figure kinds: first run 95.6 % / 100 %
    assert_bars(&data.join("holdout7-questions.jsonl"), 0.95, 0.97);
    // set 9, first run 97.7 % / 100 % (kinds) and 98.3 % / 100 % (figure kinds)
    assert_bars(&data.join("holdout9-kinds.jsonl"), 0.95, 0.95);
    assert_bars(&data.join("holdout9-questions.jsonl"), 0.97, 0.95);
    // set 10, first run 97.1 % / 93.8 % (kinds) and 97.1 % / 100 % (figure kinds); now 33/34, 15/16
    assert_bars(&data.join("holdout10-kinds.jsonl"), 0.95, 0.9);
    assert_bars(&data.join("holdout10-questions.jsonl"), 0.95, 0.95);
    // set 11, first run 93.3 % / 100 % (kinds) and 95.8 % / 83.3 % (figure kinds); now 29/30
    assert_bars(&data.join("holdout11-kinds.jsonl"), 0.93, 0.95);
    assert_bars(&data.join("holdout11-questions.jsonl"), 0.95, 0.8);
    // set 12, first run 93.3 % / 100 % (kinds) and 95.8 % / 100 % (figure kinds)
    assert_bars(&data.join("holdout12-kinds.jsonl"), 0.93, 0.95);
    assert_bars(&data.join("holdout12-questions.jsonl"), 0.95, 0.95);
    // set 13, first run 100 % / 100 % (kinds) and 95.8 % / 100 % (figure kinds)
    assert_bars(&data.join("holdout13-kinds.jsonl"), 0.97, 0.95);
    assert_bars(&data.join("holdout13-questions.jsonl"), 0.95, 0.95);
    // set 14, first run 96.7 % / 100 % (kinds) and 91.7 % / 100 % (figure kinds); now 29/30, 24/24
    assert_bars(&data.join("holdout14-kinds.jsonl"), 0.95, 0.95);
    assert_bars(&data.join("holdout14-questions.jsonl"), 0.95, 0.95);
    // set 16, first run 100 % / 90 % (kinds)
    assert_bars(&data.join("holdout16-kinds.jsonl"), 0.97, 0.9);
    let dev = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/dev-kinds.jsonl");
    if dev.exists() {
        assert_bars(&dev, 0.97, 0.9);
    }
}

/// Asserts that at least `bar` of a conversation file's conversations are right in every turn.
fn assert_conversations(file: &Path, bar: f64) {
    let (rate, failures) = conversations(file);
    assert!(
        rate >= bar,
        "{}: conversations {rate:.2} < {bar}:\n{}",
        file.display(),
        failures.join("\n")
    );
}

#[test]
fn conversations_meet_their_bars() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    assert_conversations(&data.join("holdout4-conversations.jsonl"), 0.6);
    // set 5, measured once untouched (62.9 %), since seen (74.3 %)
    assert_conversations(&data.join("holdout5-conversations.jsonl"), 0.7);
    // set 6, first run 75.0 %, since seen (87.5 %)
    assert_conversations(&data.join("holdout6-conversations.jsonl"), 0.8);
    // set 7, first run 85.0 %, since seen (92.5 %)
    assert_conversations(&data.join("holdout7-conversations.jsonl"), 0.875);
    // set 9, first run 74.0 % (118/133 turns), since seen (90.0 %)
    assert_conversations(&data.join("holdout9-conversations.jsonl"), 0.88);
    // set 10, first run 70.0 % (167/189 turns), since seen (84.3 %)
    assert_conversations(&data.join("holdout10-conversations.jsonl"), 0.82);
    // set 11, first run 78.3 % (149/164 turns), since seen (91.7 %)
    assert_conversations(&data.join("holdout11-conversations.jsonl"), 0.9);
    // set 12, first run 73.3 % (148/165 turns), since seen (91.7 %)
    assert_conversations(&data.join("holdout12-conversations.jsonl"), 0.9);
    // set 13, first run 83.3 % (158/168 turns), since seen (91.7 %)
    assert_conversations(&data.join("holdout13-conversations.jsonl"), 0.9);
    // set 14, first run 80.0 % (154/170 turns), since seen (93.3 %)
    assert_conversations(&data.join("holdout14-conversations.jsonl"), 0.9);
    // set 15, first run 83.3 % (158/170 turns), since seen (86.7 %)
    assert_conversations(&data.join("holdout15-conversations.jsonl"), 0.85);
    // set 16, first run 81.7 % (158/170 turns), since seen (90.0 %)
    assert_conversations(&data.join("holdout16-conversations.jsonl"), 0.88);
    // set 17, first run 85.0 % (159/170 turns)
    assert_conversations(&data.join("holdout17-conversations.jsonl"), 0.85);
    let dev = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/dev-conversations.jsonl");
    if dev.exists() {
        assert_conversations(&dev, 0.85);
    }
}
