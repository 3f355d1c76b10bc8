//! 👍 / 👎 on answers: each answer carries the pair, and a vote is logged with the question and
//! the entry that answered it, so the curators see confidently wrong answers
//! ([`crate::curator::gather`]).
//!
//! Telegram allows 64 bytes of callback data, too few for a question; so the button carries a
//! short token and the bot keeps token → (question, entry) for the last [`KEPT`] answers. A vote
//! on an answer older than that (or from before a restart) still logs its entry, which the
//! button carries too. No user id is kept or logged.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

/// Callback data prefix of a vote: `v:+:<token>:<entry>` or `v:-:<token>:<entry>`.
pub const VOTE_PREFIX: &str = "v:";

/// Answers whose question is remembered for a vote.
pub const KEPT: usize = 10_000;

/// The button texts.
pub const UP: &str = "👍";
/// The 👎 button says what it means.
pub const DOWN: &str = "👎 没答对";

/// A vote read back from a button.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vote {
    /// 👍 (true) or 👎.
    pub up: bool,
    /// The answer's token.
    pub token: u64,
    /// The entry that answered (carried by the button).
    pub entry: String,
}

/// The callback data of a vote, or `None` when it would not fit Telegram's 64 bytes (an
/// unusually long entry id: then the answer has no vote buttons).
pub fn data(up: bool, token: u64, entry: &str) -> Option<String> {
    let d = format!(
        "{VOTE_PREFIX}{}:{token}:{entry}",
        if up { '+' } else { '-' }
    );
    (d.len() <= 64).then_some(d)
}

/// Reads callback data written by [`data`].
pub fn parse(data: &str) -> Option<Vote> {
    let rest = data.strip_prefix(VOTE_PREFIX)?;
    let (sign, rest) = rest.split_once(':')?;
    let (token, entry) = rest.split_once(':')?;
    let up = match sign {
        "+" => true,
        "-" => false,
        _ => return None,
    };
    Some(Vote {
        up,
        token: token.parse().ok()?,
        entry: entry.to_string(),
    })
}

/// The questions of the latest answers, by token.
#[derive(Debug, Default)]
pub struct Answers {
    inner: Mutex<Kept>,
}

#[derive(Debug, Default)]
struct Kept {
    next: u64,
    order: VecDeque<u64>,
    questions: HashMap<u64, String>,
}

impl Answers {
    /// Remembers an answer's question; returns its token.
    pub fn remember(&self, question: &str) -> u64 {
        let mut k = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        k.next += 1;
        let token = k.next;
        k.order.push_back(token);
        k.questions.insert(token, question.to_string());
        while k.order.len() > KEPT {
            if let Some(old) = k.order.pop_front() {
                k.questions.remove(&old);
            }
        }
        token
    }

    /// The question of an answer, if it is still remembered.
    pub fn question(&self, token: u64) -> Option<String> {
        let k = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        k.questions.get(&token).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn votes_round_trip_within_64_bytes() {
        let d = data(false, 123, "r1-gdp").unwrap();
        assert!(d.len() <= 64);
        assert_eq!(
            parse(&d),
            Some(Vote {
                up: false,
                token: 123,
                entry: "r1-gdp".into()
            })
        );
        assert_eq!(data(true, u64::MAX, &"x".repeat(60)), None);
        assert_eq!(parse("q:r1-gdp"), None);
    }

    #[test]
    fn old_answers_are_forgotten() {
        let a = Answers::default();
        let first = a.remember("去年GDP多少");
        assert_eq!(a.question(first).as_deref(), Some("去年GDP多少"));
        for _ in 0..KEPT {
            a.remember("x");
        }
        assert_eq!(a.question(first), None);
    }
}
