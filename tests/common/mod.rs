//! Shared test helpers: one engine over the real knowledge base, built once per test binary.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::LazyLock;

use xihu_report_bot::engine::{Answer, Engine, Tuning};
use xihu_report_bot::knowledge::KnowledgeBase;

/// The repository's `knowledge/` directory.
pub fn knowledge_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("knowledge")
}

/// The engine over the real knowledge base.
pub static ENGINE: LazyLock<Engine> = LazyLock::new(|| {
    let kb = KnowledgeBase::load(&knowledge_dir()).expect("the repository's knowledge base loads");
    Engine::build(&kb, &Tuning::default())
});

/// Entry ids of an answer's parts.
pub fn ids(answer: &Answer) -> Vec<String> {
    answer.parts.iter().map(|p| p.source.to_string()).collect()
}

/// Copies a directory tree (for tests that edit a knowledge base).
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
