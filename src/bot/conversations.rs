//! Conversation contexts: one [`Context`] per private chat and per (group, user), so a
//! follow-up ("那今年呢") is read against what that person asked last.
//!
//! Bounded in time and memory: a context idle for [`IDLE`] is forgotten, and at most
//! [`MAX_CONTEXTS`] are kept — past that the least recently used are evicted (a tenth of them at
//! once, so eviction costs O(1) per insert on average). Only non-empty contexts are stored.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::engine::Context;

/// A context is forgotten after this long without a question.
pub const IDLE: Duration = Duration::from_secs(15 * 60);
/// Contexts kept at most.
pub const MAX_CONTEXTS: usize = 20_000;

/// Whose context: (chat id, user id); a private chat's chat id is its user's id.
pub type ConversationKey = (i64, u64);

/// What a conversation remembers: the engine's [`Context`] (a trait so the store's bounds can
/// be tested without the engine).
pub trait Remembered: Clone + Default {
    /// Nothing to remember.
    fn is_empty(&self) -> bool;
    /// Bytes held.
    fn approx_bytes(&self) -> usize;
}

impl Remembered for Context {
    fn is_empty(&self) -> bool {
        Context::is_empty(self)
    }
    fn approx_bytes(&self) -> usize {
        Context::approx_bytes(self)
    }
}

/// The contexts of every conversation.
#[derive(Debug)]
pub struct Conversations<C = Context> {
    map: Mutex<HashMap<ConversationKey, (Instant, C)>>,
    cap: usize,
    idle: Duration,
}

impl<C: Remembered> Default for Conversations<C> {
    fn default() -> Self {
        Self::new(MAX_CONTEXTS, IDLE)
    }
}

impl<C: Remembered> Conversations<C> {
    /// At most `cap` contexts, each forgotten after `idle`.
    pub fn new(cap: usize, idle: Duration) -> Self {
        Self {
            map: Mutex::new(HashMap::new()),
            cap: cap.max(1),
            idle,
        }
    }

    /// The conversation's context at `now` (empty when there is none or it has expired).
    pub fn get(&self, key: ConversationKey, now: Instant) -> C {
        let map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        match map.get(&key) {
            Some((at, ctx)) if now.saturating_duration_since(*at) < self.idle => ctx.clone(),
            _ => C::default(),
        }
    }

    /// Stores the context after a question at `now`.
    pub fn put(&self, key: ConversationKey, ctx: C, now: Instant) {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        if ctx.is_empty() {
            map.remove(&key);
            return;
        }
        map.insert(key, (now, ctx));
        if map.len() > self.cap {
            let idle = self.idle;
            map.retain(|_, (at, _)| now.saturating_duration_since(*at) < idle);
        }
        if map.len() > self.cap {
            let mut times: Vec<Instant> = map.values().map(|(at, _)| *at).collect();
            let evict = (self.cap / 10).max(map.len() - self.cap);
            let nth = evict.min(times.len() - 1);
            times.select_nth_unstable(nth);
            let cutoff = times[nth];
            map.retain(|_, (at, _)| *at > cutoff);
        }
    }

    /// How many contexts are kept and the bytes they hold.
    pub fn size(&self) -> (usize, usize) {
        let map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        let bytes = map
            .values()
            .map(|(_, c)| c.approx_bytes() + std::mem::size_of::<(ConversationKey, Instant)>())
            .sum();
        (map.len(), bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Remembered for String {
        fn is_empty(&self) -> bool {
            str::is_empty(self)
        }
        fn approx_bytes(&self) -> usize {
            self.capacity()
        }
    }

    #[test]
    fn contexts_expire_and_stay_bounded() {
        let store: Conversations<String> = Conversations::new(100, Duration::from_secs(60));
        let t0 = Instant::now();
        store.put((1, 1), "gdp".into(), t0);
        assert_eq!(store.get((1, 1), t0 + Duration::from_secs(59)), "gdp");
        assert_eq!(store.get((1, 1), t0 + Duration::from_secs(61)), "");
        assert_eq!(store.get((2, 1), t0), "", "another chat of the same user");
        for i in 0..1000 {
            store.put((i, 7), "x".into(), t0 + Duration::from_millis(i as u64));
        }
        let (kept, _) = store.size();
        assert!(kept <= 100, "{kept}");
        let last = t0 + Duration::from_millis(999);
        assert_eq!(store.get((999, 7), last), "x", "the newest stays");
        store.put((999, 7), String::new(), last);
        assert_eq!(store.get((999, 7), last), "", "an empty context is dropped");
    }
}
