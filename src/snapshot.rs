//! A knowledge base and the engine built from it, loaded and checked together.
//!
//! This is the unit the bot swaps on `/reload` and the CLI loads at start: a directory that
//! fails validation, or whose golden questions fail, never becomes a snapshot.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::engine::{Engine, GoldenFailure, Tuning};
use crate::knowledge::{KnowledgeBase, LoadError};

/// Whether loading runs the knowledge base's golden questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Golden {
    /// They must pass: what the bot loads and `/reload` swaps in.
    Check,
    /// Not run: the console tools, and `check`, which reports them itself.
    Skip,
}

/// A loaded, validated knowledge base with its engine.
#[derive(Debug)]
pub struct Snapshot {
    /// The engine (it owns the knowledge base: see [`Engine::knowledge`]).
    pub engine: Engine,
    /// How long loading, building and checking took.
    pub load_time: Duration,
}

/// Why a knowledge directory could not become a snapshot.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    /// The files did not validate.
    #[error(transparent)]
    Invalid(#[from] LoadError),
    /// Golden questions failed.
    #[error("{} golden question(s) failed:\n{}", .0.len(), .0.iter().map(|f| format!("  {f}")).collect::<Vec<_>>().join("\n"))]
    Golden(Vec<GoldenFailure>),
    /// `tuning.toml` is not valid.
    #[error("{0}")]
    Tuning(String),
    /// Loading stopped unexpectedly (a bug); the live knowledge base is untouched.
    #[error("loading the knowledge base failed unexpectedly: {0}")]
    Crashed(String),
}

impl SnapshotError {
    /// Each problem on its own line, for a chat message or the console.
    pub fn problems(&self) -> Vec<String> {
        match self {
            SnapshotError::Invalid(e) => e.0.iter().map(ToString::to_string).collect(),
            SnapshotError::Golden(g) => g.iter().map(ToString::to_string).collect(),
            SnapshotError::Tuning(e) | SnapshotError::Crashed(e) => vec![e.clone()],
        }
    }
}

impl Snapshot {
    /// Loads `dir`, validates it and builds the engine; with [`Golden::Check`] its golden
    /// questions must pass too.
    pub fn load(dir: &Path, golden: Golden) -> Result<Self, SnapshotError> {
        let started = Instant::now();
        let kb = KnowledgeBase::load(dir)?;
        let engine = Engine::build(&kb, &tuning(dir)?);
        if golden == Golden::Check {
            let failures = engine.check_golden();
            if !failures.is_empty() {
                return Err(SnapshotError::Golden(failures));
            }
        }
        Ok(Self {
            engine,
            load_time: started.elapsed(),
        })
    }

    /// The knowledge base.
    pub fn knowledge(&self) -> &KnowledgeBase {
        self.engine.knowledge()
    }
}

/// The knowledge directory's `tuning.toml`, or the defaults when there is none.
fn tuning(dir: &Path) -> Result<Tuning, SnapshotError> {
    let path = dir.join("tuning.toml");
    if !path.is_file() {
        return Ok(Tuning::default());
    }
    let text = std::fs::read_to_string(&path)
        .map_err(|e| SnapshotError::Tuning(format!("{}: {e}", path.display())))?;
    Tuning::from_toml(&text).map_err(|e| {
        SnapshotError::Tuning(format!(
            "{}: {}; see the keys of engine::Tuning (README: Tuning)",
            path.display(),
            e.message()
        ))
    })
}
