//! Engine speed: knowledge load + index build, and answering every question of the dev set.
//!
//! `cargo bench --bench engine`; per-question p50/p99 are also printed by `report-bot eval`.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use xihu_report_bot::engine::{Engine, EngineConfig};
use xihu_report_bot::knowledge::KnowledgeBase;

fn questions() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/dev-questions.jsonl");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut out: Vec<String> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["q"].as_str().map(str::to_string))
        .collect();
    if out.is_empty() {
        out = [
            "去年西湖区GDP多少",
            "社零",
            "2023年要引进多少人才",
            "財政總收入",
        ]
        .map(String::from)
        .to_vec();
    }
    out
}

fn bench(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
    c.bench_function("load + build", |b| {
        b.iter(|| {
            Engine::build(
                &KnowledgeBase::load(&dir).expect("knowledge loads"),
                &EngineConfig::default(),
            )
        })
    });
    let engine = Engine::build(
        &KnowledgeBase::load(&dir).expect("knowledge loads"),
        &EngineConfig::default(),
    );
    let qs = questions();
    c.bench_function("answer (one question, dev set cycled)", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % qs.len();
            engine.answer(&qs[i])
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
