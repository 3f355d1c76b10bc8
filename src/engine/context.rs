//! Conversation context: what the last turns of one chat were about, so a follow-up ("那今年呢",
//! "还有呢", "它") can be read against them. A pure value: [`super::Engine::answer_in`] takes one
//! and returns the next; the caller keeps one per conversation and drops it when idle.

/// What one conversation has been about. Holds entry ids, not indexes, so a context stays
/// meaningful across a knowledge reload (an id that no longer exists is ignored).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Context {
    pub(crate) last: Option<Turn>,
}

/// The last resolved turn.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Turn {
    /// The content words the turn was answered with (after resolving it).
    pub(crate) words: Vec<String>,
}

impl Context {
    /// True when there is nothing to lean on.
    pub fn is_empty(&self) -> bool {
        self.last.is_none()
    }

    /// Heap and inline bytes this context holds (for the bot's memory bound).
    pub fn approx_bytes(&self) -> usize {
        std::mem::size_of::<Self>()
            + self.last.as_ref().map_or(0, |t| {
                t.words
                    .iter()
                    .map(|w| w.capacity() + std::mem::size_of::<String>())
                    .sum()
            })
    }
}
