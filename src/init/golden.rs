//! Golden questions for a generated knowledge base: each entry's second question (a form the
//! entry was not matched on verbatim first) must give that entry, and a few questions every report
//! must decline. Only those the generated base passes are kept, so `check` passes as written;
//! the curator adds harder ones while reviewing.

use serde::Serialize;

use super::entries::DraftEntry;

/// One `[[golden]]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoldenQuestion {
    /// The question.
    pub question: String,
    /// The entry id, or `none`.
    pub expect: String,
}

/// Questions no government work report answers.
const NEGATIVES: &[&str] = &["今天天气怎么样", "附近有什么好吃的餐厅", "明年的房价会涨吗"];

/// Candidate golden questions: one per entry, and the negatives.
pub fn candidates(entries: &[DraftEntry]) -> Vec<GoldenQuestion> {
    let mut out: Vec<GoldenQuestion> = entries
        .iter()
        .filter_map(|e| {
            let q = e.questions.get(1).or(e.questions.first())?;
            Some(GoldenQuestion {
                question: q.clone(),
                expect: e.id.clone(),
            })
        })
        .collect();
    out.extend(NEGATIVES.iter().map(|q| GoldenQuestion {
        question: q.to_string(),
        expect: "none".into(),
    }));
    out
}
