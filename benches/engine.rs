//! Engine speed: knowledge load + index build, and answering questions of each kind of the dev
//! set (exact, paraphrase, typo, traditional, english, multi, negative, …).
//!
//! `cargo bench --bench engine`; `report-bot bench` prints p50/p90/p99/max over a whole file.

use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use xihu_report_bot::addressing;
use xihu_report_bot::cli::eval::{EvalQuestion, read_questions};
use xihu_report_bot::engine::{Engine, Tuning};
use xihu_report_bot::knowledge::KnowledgeBase;

/// The dev set, or a few questions of our own when `../shared` is not beside the repository.
fn questions() -> Vec<EvalQuestion> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/dev-questions.jsonl");
    read_questions(&path).unwrap_or_else(|_| {
        [
            ("exact", "2022年西湖区地区生产总值是多少"),
            ("short", "社零"),
            ("plan", "2023年要引进多少人才"),
            ("traditional", "財政總收入多少"),
            ("negative", "西湖区常住人口多少"),
        ]
        .map(|(kind, q)| EvalQuestion {
            id: String::new(),
            kind: kind.into(),
            q: q.into(),
            expect: Vec::new(),
        })
        .into()
    })
}

fn bench(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
    c.bench_function("load + build", |b| {
        b.iter(|| {
            Engine::build(
                &KnowledgeBase::load(&dir).expect("knowledge loads"),
                &Tuning::default(),
            )
        })
    });
    let engine = Engine::build(
        &KnowledgeBase::load(&dir).expect("knowledge loads"),
        &Tuning::default(),
    );
    let all = questions();
    let mut kinds: Vec<&str> = all.iter().map(|q| q.kind.as_str()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let mut group = c.benchmark_group("answer");
    for kind in kinds {
        // the bot takes `/ask` and `@botname` off before the engine reads a group question
        let qs: Vec<String> = all
            .iter()
            .filter(|q| q.kind == kind)
            .map(|q| addressing::strip(&q.q))
            .collect();
        // one iteration answers one question of the kind, cycling through them
        group.bench_function(kind, |b| {
            let mut i = 0;
            b.iter(|| {
                i = (i + 1) % qs.len();
                engine.answer(&qs[i])
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2));
    targets = bench
}
criterion_main!(benches);
