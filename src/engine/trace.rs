//! How an answer was decided: one step per strategy tried, in order, built by the same code that
//! decides (as tantivy's `explain` is built by the scorer), so the view cannot drift from it.

use serde::Serialize;

/// One strategy's turn.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// The strategy's name (`entry`, `list`, …).
    pub strategy: &'static str,
    /// `answered`, `declined`, or why it passed.
    pub outcome: String,
}

/// The steps of one answer, with the conversation reading and the factors that fired.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Trace {
    /// How the turn was read against the conversation (standalone, follow-up, …).
    pub reading: String,
    /// The strategies tried, in order.
    pub steps: Vec<Step>,
    /// Factors that fired (verdicts, answer-type checks).
    pub notes: Vec<String>,
}

impl Trace {
    pub(crate) fn step(&mut self, strategy: &'static str, outcome: impl Into<String>) {
        self.steps.push(Step {
            strategy,
            outcome: outcome.into(),
        });
    }

    pub(crate) fn note(&mut self, note: impl Into<String>) {
        self.notes.push(note.into());
    }
}

impl std::fmt::Display for Trace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.reading.is_empty() {
            writeln!(f, "reading: {}", self.reading)?;
        }
        for s in &self.steps {
            writeln!(f, "  {:<10} {}", s.strategy, s.outcome)?;
        }
        for n in &self.notes {
            writeln!(f, "  note: {n}")?;
        }
        Ok(())
    }
}
