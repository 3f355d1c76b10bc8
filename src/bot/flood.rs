//! Flood control: at most `max` questions per `window` per user (private chats) or per chat
//! (groups). A question past the limit is not dropped: it gets the next free slot of the window
//! ([`FloodGate::reserve`]) and is answered then; only a real flood, whose slot would be more than
//! a few windows away, is skipped — and the asker is told which questions were. Other updates
//! past the limit (stickers, button presses) are checked with [`FloodGate::check`]: one notice,
//! then silence until the window has passed.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The limit: `max` questions per `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FloodLimit {
    /// Questions allowed per window.
    pub max: usize,
    /// The window.
    pub window: Duration,
}

impl Default for FloodLimit {
    fn default() -> Self {
        Self {
            max: 5,
            window: Duration::from_secs(10),
        }
    }
}

impl FloodLimit {
    /// Parses `5/10` (5 questions per 10 seconds).
    pub fn parse(s: &str) -> Option<Self> {
        let (max, secs) = s.trim().split_once('/')?;
        let max = max.trim().parse().ok().filter(|&m| m > 0)?;
        let secs: u64 = secs.trim().parse().ok().filter(|&s| s > 0)?;
        Some(Self {
            max,
            window: Duration::from_secs(secs),
        })
    }
}

/// What to do with a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Answer it.
    Allow,
    /// Over the limit for the first time in this window: say so once.
    Warn,
    /// Over the limit again: stay silent.
    Silent,
}

#[derive(Debug, Default)]
struct Track {
    times: VecDeque<Instant>,
    warned: bool,
}

/// When a question may be answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// Now.
    Now,
    /// At this instant, when the window has room again (the slot is taken).
    At(Instant),
    /// Not within the longest deferral: a flood; skip it (no slot is taken).
    TooFar,
}

/// Per-key sliding windows.
#[derive(Debug)]
pub struct FloodGate {
    limit: FloodLimit,
    tracks: Mutex<HashMap<i64, Track>>,
}

impl FloodGate {
    /// A gate with this limit.
    pub fn new(limit: FloodLimit) -> Self {
        Self {
            limit,
            tracks: Mutex::new(HashMap::new()),
        }
    }

    /// Counts a question from `key` at `now`.
    pub fn check(&self, key: i64, now: Instant) -> Verdict {
        let mut tracks = self.tracks.lock().unwrap_or_else(|e| e.into_inner());
        // forget idle keys now and then so the map stays small
        if tracks.len() > 10_000 {
            tracks.retain(|_, t| {
                t.times
                    .back()
                    .is_some_and(|&last| now.duration_since(last) < self.limit.window)
            });
        }
        let track = tracks.entry(key).or_default();
        while track
            .times
            .front()
            .is_some_and(|&t| now.duration_since(t) >= self.limit.window)
        {
            track.times.pop_front();
        }
        if track.times.len() < self.limit.max {
            track.times.push_back(now);
            track.warned = false;
            Verdict::Allow
        } else if !track.warned {
            track.warned = true;
            Verdict::Warn
        } else {
            Verdict::Silent
        }
    }
}

impl FloodGate {
    /// Takes the first slot for a question from `key` at or after `now` in which the window
    /// holds fewer than `max` questions; [`Slot::TooFar`] when that slot is more than
    /// `longest_wait` away. Slots taken are counted like answered questions.
    pub fn reserve(&self, key: i64, now: Instant, longest_wait: Duration) -> Slot {
        let mut tracks = self.tracks.lock().unwrap_or_else(|e| e.into_inner());
        let window = self.limit.window;
        let track = tracks.entry(key).or_default();
        while track
            .times
            .front()
            .is_some_and(|&t| now.saturating_duration_since(t) >= window)
        {
            track.times.pop_front();
        }
        let n = track.times.len();
        if n < self.limit.max {
            track.times.push_back(now);
            return Slot::Now;
        }
        // the times are in order: the slot opens when the max-th latest one leaves the window
        let at = track.times[n - self.limit.max] + window;
        if at.saturating_duration_since(now) > longest_wait {
            return Slot::TooFar;
        }
        track.times.push_back(at);
        Slot::At(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_past_the_limit_get_the_next_slots() {
        let window = Duration::from_secs(10);
        let gate = FloodGate::new(FloodLimit { max: 2, window });
        let t0 = Instant::now();
        let longest = window * 2;
        assert_eq!(gate.reserve(1, t0, longest), Slot::Now);
        assert_eq!(gate.reserve(1, t0, longest), Slot::Now);
        assert_eq!(gate.reserve(1, t0, longest), Slot::At(t0 + window));
        assert_eq!(gate.reserve(1, t0, longest), Slot::At(t0 + window));
        assert_eq!(gate.reserve(1, t0, longest), Slot::At(t0 + 2 * window));
        assert_eq!(gate.reserve(1, t0, longest), Slot::At(t0 + 2 * window));
        assert_eq!(gate.reserve(1, t0, longest), Slot::TooFar);
        assert_eq!(gate.reserve(2, t0, longest), Slot::Now, "another key");
    }

    #[test]
    fn limit_warns_once_then_recovers() {
        let gate = FloodGate::new(FloodLimit {
            max: 2,
            window: Duration::from_secs(10),
        });
        let t0 = Instant::now();
        assert_eq!(gate.check(1, t0), Verdict::Allow);
        assert_eq!(gate.check(1, t0), Verdict::Allow);
        assert_eq!(gate.check(1, t0), Verdict::Warn);
        assert_eq!(gate.check(1, t0), Verdict::Silent);
        assert_eq!(gate.check(2, t0), Verdict::Allow);
        assert_eq!(gate.check(1, t0 + Duration::from_secs(11)), Verdict::Allow);
    }

    #[test]
    fn limits_parse() {
        assert_eq!(
            FloodLimit::parse("3/60"),
            Some(FloodLimit {
                max: 3,
                window: Duration::from_secs(60)
            })
        );
        assert_eq!(FloodLimit::parse("0/5"), None);
        assert_eq!(FloodLimit::parse("x"), None);
    }
}
