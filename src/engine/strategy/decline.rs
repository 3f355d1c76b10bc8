//! The last strategy: nothing matched well enough; decline with "did you mean" suggestions.

use super::{Engine, Query, Step};
use crate::engine::answer::Decline;

pub(super) fn run(engine: &Engine, q: &Query) -> Step {
    Step::Answer(engine.declined(q, Decline::LowConfidence))
}
