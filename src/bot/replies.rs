//! Which message of the bot answered which question, so an edited question edits its earlier
//! reply instead of posting another one under it.
//!
//! Only a reply sent as one message is remembered: a reply split over several messages cannot
//! become one edit. The map is bounded: past [`KEPT`] replies the oldest is forgotten, and an
//! edit of its question is answered with a new reply (as after a restart: nothing is kept on
//! disk). Nothing but chat and message ids is kept.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

/// Replies remembered for edits (ids only: about 40 bytes each with the map's overhead).
pub(crate) const KEPT: usize = 10_000;

/// A question in a chat: (chat id, the question's message id).
pub(crate) type Asked = (i64, i32);

/// The bot's latest single-message replies, by the question they answer.
#[derive(Debug, Default)]
pub struct Replies {
    inner: Mutex<Kept>,
}

#[derive(Debug, Default)]
struct Kept {
    order: VecDeque<Asked>,
    reply: HashMap<Asked, i32>,
}

impl Replies {
    /// Remembers that message `reply` of the bot answers `asked`; forgets the oldest past
    /// [`KEPT`].
    pub(crate) fn remember(&self, asked: Asked, reply: i32) {
        let mut k = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if k.reply.insert(asked, reply).is_none() {
            k.order.push_back(asked);
        }
        while k.order.len() > KEPT {
            if let Some(old) = k.order.pop_front() {
                k.reply.remove(&old);
            }
        }
    }

    /// The bot's reply to `asked`, if it is still remembered.
    pub(crate) fn reply_to(&self, asked: Asked) -> Option<i32> {
        let k = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        k.reply.get(&asked).copied()
    }

    /// How many replies are remembered.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.inner
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .reply
            .len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_the_latest_and_forgets_the_oldest_past_the_bound() {
        let r = Replies::default();
        r.remember((1, 1), 100);
        r.remember((1, 1), 101);
        assert_eq!(
            r.reply_to((1, 1)),
            Some(101),
            "a new reply replaces the old"
        );
        assert_eq!(r.reply_to((2, 1)), None, "another chat's question");
        for i in 0..KEPT as i32 {
            r.remember((3, i), i);
        }
        assert_eq!(r.len(), KEPT);
        assert_eq!(r.reply_to((1, 1)), None, "the oldest is forgotten");
        assert_eq!(r.reply_to((3, KEPT as i32 - 1)), Some(KEPT as i32 - 1));
    }
}
