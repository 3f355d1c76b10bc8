//! Greetings and thanks get the help line; a message with nothing to read is declined as empty.

use super::{Engine, Query, Step};
use crate::engine::answer::{Answer, Decline, Outcome};

pub(super) fn run(engine: &Engine, q: &Query) -> Step {
    if q.p.text.is_empty() {
        let outcome = if q.p.blank {
            Outcome::Greeting
        } else {
            Outcome::Declined(Decline::Empty)
        };
        return Step::Answer(Answer::bare(String::new(), outcome));
    }
    if engine.greetings.contains(&q.p.text) {
        return Step::Answer(Answer::bare(q.p.text.clone(), Outcome::Greeting));
    }
    Step::Pass("not a greeting")
}
