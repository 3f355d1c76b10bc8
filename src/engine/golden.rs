//! Golden questions: the knowledge base's own test-before-publish.

use super::Engine;

/// A golden question the engine got wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldenFailure {
    /// `file:line` of the golden question.
    pub origin: String,
    /// The question.
    pub question: String,
    /// What it should give (entry id, or `none`).
    pub expected: String,
    /// What it gave (entry id, `sentence:N`, or `declined`).
    pub got: String,
}

impl std::fmt::Display for GoldenFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: golden question {:?} should give {} but gives {}; add a question variant or keyword to the entry",
            self.origin, self.question, self.expected, self.got
        )
    }
}

impl Engine {
    /// Runs every golden question of the knowledge base; returns the failures.
    pub fn check_golden(&self) -> Vec<GoldenFailure> {
        let mut out = Vec::new();
        for g in &self.knowledge().golden {
            let answer = self.answer(&g.question);
            let got_ids: Vec<String> = answer.parts.iter().map(|p| p.source.to_string()).collect();
            // an entry quoting exactly the expected entry's passage gives the same evidence
            let expected_quote = g
                .expect
                .as_ref()
                .and_then(|id| self.entry_part(id))
                .map(|p| p.quote);
            // (the outline and sentence strategies quote a report sentence the entry quotes too)
            let same_passage = got_ids.iter().any(|got| {
                self.entry_part(got).map(|p| p.quote).as_ref() == expected_quote.as_ref()
            }) || answer.parts.iter().any(|p| {
                expected_quote
                    .as_ref()
                    .is_some_and(|q| p.quote.contains(q.as_str()) || q.contains(p.quote.as_str()))
            });
            let ok = match &g.expect {
                Some(id) => answer.answered() && (got_ids.contains(id) || same_passage),
                None => !answer.answered(),
            };
            if !ok {
                out.push(GoldenFailure {
                    origin: g.origin.clone(),
                    question: g.question.clone(),
                    expected: g.expect.clone().unwrap_or_else(|| "none (declined)".into()),
                    got: if answer.answered() {
                        got_ids.join("+")
                    } else {
                        "declined".into()
                    },
                });
            }
        }
        out
    }
}
