//! Validation errors: each one names the file, the line, the entry and what to do.

use std::fmt;
use std::path::PathBuf;

/// One problem found while loading the knowledge base.
///
/// Rendered as `knowledge/entries/r1.toml:12: entry "r1-gdp": quote is not in the report; copy it verbatim`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// The file the problem is in.
    pub file: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// The entry (or section, golden question) id, when the problem belongs to one.
    pub item: Option<String>,
    /// What is wrong and what to do, lower-case, no trailing period.
    pub message: String,
}

impl ValidationError {
    /// A problem with a whole file (or a place in it without an item).
    pub fn file(file: impl Into<PathBuf>, line: Option<usize>, message: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            line,
            item: None,
            message: message.into(),
        }
    }

    /// A problem with one item (an entry, a section, a golden question) of a file.
    pub fn item(
        file: impl Into<PathBuf>,
        line: Option<usize>,
        item: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            file: file.into(),
            line,
            item: Some(item.into()),
            message: message.into(),
        }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": ")?;
        if let Some(item) = &self.item {
            write!(f, "{item:?}: ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// Why a knowledge directory could not be loaded: every problem found, not just the first.
#[derive(Debug, thiserror::Error)]
#[error("{} problem(s) in the knowledge base:\n{}", .0.len(), render(.0))]
pub struct LoadError(pub Vec<ValidationError>);

fn render(errors: &[ValidationError]) -> String {
    errors
        .iter()
        .map(|e| format!("  {e}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Turns a byte offset into a 1-based line number.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}
