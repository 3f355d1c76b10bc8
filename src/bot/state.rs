//! Shared bot state: the live snapshot (swapped atomically on reload), the previous one for
//! rollback, and counters.
//!
//! The live snapshot sits in an [`ArcSwap`]: a handler takes an `Arc` to the current snapshot
//! and answers from it, so a reload never blocks a question and a question in flight finishes on
//! the snapshot it started with. No lock is held across `.await`.

use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use arc_swap::ArcSwap;

use super::config::BotConfig;
use super::conversations::Conversations;
use super::flood::{FloodGate, FloodLimit};
use super::limiter::SendLimiter;
use super::scheduler::SchedulerStats;
use super::texts;
use crate::questionlog::{ChatKind, LogHandle, Record};
use crate::snapshot::{Golden, Snapshot, SnapshotError};

/// State shared by all handlers.
#[derive(Debug)]
pub struct AppState {
    /// Configuration.
    pub config: BotConfig,
    live: ArcSwap<Live>,
    previous: Mutex<Option<Arc<Live>>>,
    /// Serialises reloads (two admins pressing /reload at once).
    reloading: tokio::sync::Mutex<()>,
    answered: AtomicU64,
    declined: AtomicU64,
    started: Instant,
    /// Per-user / per-group question limit.
    pub flood: FloodGate,
    /// Per-user inline query limit (four times the question limit: one arrives per keystroke).
    pub inline_flood: FloodGate,
    /// The "text only" hint for stickers and photos: once a minute per chat.
    pub hints: FloodGate,
    /// Telegram's sending limits, shared by every reply.
    pub limiter: SendLimiter,
    /// What the scheduler dropped, coalesced or left unfinished.
    pub scheduler: SchedulerStats,
    /// Conversation contexts (follow-up questions).
    pub conversations: Conversations,
    /// The latest answers' questions, for their 👍/👎 buttons.
    pub answers: super::feedback::Answers,
    /// The bot's reply to each recent question, for edited questions.
    pub replies: super::replies::Replies,
    log: Mutex<Option<LogHandle>>,
    /// Each user's latest inline query, logged once it has settled.
    inline_pending: Mutex<HashMap<u64, (Instant, Record)>>,
}

/// How many hex digits of the knowledge base's hash `/stats` shows as its version (as `git`
/// abbreviates commits: enough to tell versions apart).
pub const VERSION_CHARS: usize = 12;

/// Inline queries allowed per user for each question the flood limit allows: one arrives per
/// keystroke.
pub const INLINE_PER_QUESTION: usize = 4;

/// The "text only" hint for stickers and photos: at most once a minute per chat.
pub const HINT_LIMIT: FloodLimit = FloodLimit {
    max: 1,
    window: Duration::from_secs(60),
};

/// An inline query is logged once no newer one from its user came for this long (Telegram
/// sends one per keystroke; the last one is the question).
pub const INLINE_SETTLE: Duration = Duration::from_millis(1500);

/// A snapshot and when it went live.
#[derive(Debug)]
pub struct Live {
    /// The snapshot.
    pub snapshot: Snapshot,
    /// When it was loaded.
    pub loaded_at: SystemTime,
}

/// What a reload or rollback changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwapReport {
    /// Entries before → after.
    pub entries: (usize, usize),
    /// Sections before → after.
    pub sections: (usize, usize),
    /// Entry ids added.
    pub added: Vec<String>,
    /// Entry ids removed.
    pub removed: Vec<String>,
    /// Entry ids whose content changed.
    pub changed: Vec<String>,
    /// Time taken to load and check.
    pub took: Duration,
}

impl AppState {
    /// State with a first snapshot.
    pub fn new(config: BotConfig, snapshot: Snapshot) -> Self {
        Self {
            flood: FloodGate::new(config.flood),
            inline_flood: FloodGate::new(FloodLimit {
                max: config.flood.max * INLINE_PER_QUESTION,
                window: config.flood.window,
            }),
            hints: FloodGate::new(HINT_LIMIT),
            limiter: SendLimiter::new(config.send_limits),
            scheduler: SchedulerStats::default(),
            conversations: Conversations::default(),
            answers: super::feedback::Answers::default(),
            replies: super::replies::Replies::default(),
            log: Mutex::new(None),
            inline_pending: Mutex::new(HashMap::new()),
            config,
            live: ArcSwap::from_pointee(Live {
                snapshot,
                loaded_at: SystemTime::now(),
            }),
            previous: Mutex::new(None),
            reloading: tokio::sync::Mutex::new(()),
            answered: AtomicU64::new(0),
            declined: AtomicU64::new(0),
            started: Instant::now(),
        }
    }

    /// Records handled questions in the question log.
    pub fn with_log(self, log: LogHandle) -> Self {
        *self.log.lock().unwrap_or_else(|e| e.into_inner()) = Some(log);
        self
    }

    /// Stops logging: writes the inline queries still settling, then drops the handle so the
    /// writer can flush and finish at shutdown.
    pub fn close_log(&self) {
        self.flush_inline(None);
        self.log.lock().unwrap_or_else(|e| e.into_inner()).take();
    }

    /// Keeps a user's inline query to log it once it has settled ([`INLINE_SETTLE`]); a newer
    /// one from the same user replaces it.
    pub fn record_inline(&self, user: u64, answer: &crate::engine::Answer) {
        let record = Record::now(
            ChatKind::Inline,
            answer.question.clone(),
            answer.answered(),
            answer.matched(),
            answer.score,
        );
        let mut pending = self
            .inline_pending
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        pending.insert(user, (Instant::now(), record));
    }

    /// Logs the inline queries that have settled by `now` (all of them for `None`).
    pub fn flush_inline(&self, now: Option<Instant>) {
        let settled: Vec<Record> = {
            let mut pending = self
                .inline_pending
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            let due: Vec<u64> = pending
                .iter()
                .filter(|(_, (at, _))| {
                    now.is_none_or(|now| now.duration_since(*at) >= INLINE_SETTLE)
                })
                .map(|(user, _)| *user)
                .collect();
            due.iter()
                .filter_map(|u| pending.remove(u).map(|(_, r)| r))
                .collect()
        };
        if let Some(log) = self.log.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
            for r in settled {
                log.record(r);
            }
        }
    }

    /// Records a handled question in the question log, and counts it for `/stats` unless it
    /// came from inline mode (inline queries arrive on every keystroke).
    pub fn record(&self, chat: ChatKind, answer: &crate::engine::Answer) {
        if chat != ChatKind::Inline {
            self.count(answer.answered());
        }
        if let Some(log) = self.log.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
            log.record(Record::now(
                chat,
                answer.question.clone(),
                answer.answered(),
                answer.matched(),
                answer.score,
            ));
        }
    }

    /// Logs a 👍/👎 on an answer.
    pub fn record_vote(&self, vote: crate::questionlog::Feedback) {
        if let Some(log) = self.log.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
            log.feedback(vote);
        }
    }

    /// The live snapshot (cheap: an `Arc` clone).
    pub fn live(&self) -> Arc<Live> {
        self.live.load_full()
    }

    /// Counts a handled question.
    pub fn count(&self, answered: bool) {
        let counter = if answered {
            &self.answered
        } else {
            &self.declined
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// Re-reads the knowledge directory, checks it fully (golden questions included) off the
    /// async threads, and swaps it in only if it passes. On failure the old snapshot stays live.
    pub async fn reload(&self) -> Result<SwapReport, SnapshotError> {
        let _guard = self.reloading.lock().await;
        let dir = self.config.knowledge_dir.clone();
        let started = Instant::now();
        let deadline = self.config.reload_deadline;
        // reads never block (special files are refused unread), and the deadline is the
        // backstop: a load that hangs anyway is abandoned and the lock released
        let load = tokio::task::spawn_blocking(move || Snapshot::load(&dir, Golden::Check));
        let loaded = tokio::time::timeout(deadline, load)
            .await
            .map_err(|_| {
                SnapshotError::Crashed(format!(
                    "reading the knowledge directory took longer than {} s; abandoned",
                    deadline.as_secs()
                ))
            })?
            .map_err(|e| SnapshotError::Crashed(e.to_string()))??;
        let new = Arc::new(Live {
            snapshot: loaded,
            loaded_at: SystemTime::now(),
        });
        let old = self.live.swap(new.clone());
        let report = diff(&old, &new, started.elapsed());
        *self.previous.lock().unwrap_or_else(|e| e.into_inner()) = Some(old);
        Ok(report)
    }

    /// Swaps back to the previous snapshot; `None` when there is none.
    pub async fn rollback(&self) -> Option<SwapReport> {
        let _guard = self.reloading.lock().await;
        let started = Instant::now();
        let previous = self
            .previous
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()?;
        let old = self.live.swap(previous.clone());
        let report = diff(&old, &previous, started.elapsed());
        *self.previous.lock().unwrap_or_else(|e| e.into_inner()) = Some(old);
        Some(report)
    }

    /// `/stats` text.
    pub fn stats(&self) -> String {
        let live = self.live();
        let kb = live.snapshot.knowledge();
        let loaded = local_time(live.loaded_at);
        let log_dropped = self
            .log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .map_or(0, LogHandle::dropped);
        let s = &self.scheduler;
        let (contexts, context_bytes) = self.conversations.size();
        texts::stats(&texts::StatsText {
            uptime: &human_duration(self.started.elapsed()),
            answered: self.answered.load(Ordering::Relaxed),
            declined: self.declined.load(Ordering::Relaxed),
            entries: kb.entries.len(),
            version: &kb.hash[..VERSION_CHARS.min(kb.hash.len())],
            loaded_at: &loaded,
            load_millis: live.snapshot.load_time.as_secs_f64() * 1e3,
            flooded: s.flooded.load(Ordering::Relaxed),
            deferred: s.deferred.load(Ordering::Relaxed),
            overflowed: s.overflowed.load(Ordering::Relaxed),
            coalesced: s.coalesced.load(Ordering::Relaxed),
            unfinished: s.unfinished.load(Ordering::Relaxed),
            log_dropped,
            contexts,
            context_kb: context_bytes.div_ceil(1024),
        })
    }
}

/// A time as the machine's local time (`2026-12-02 10:41:38 +0800`): an admin reads `/stats`
/// on the clock of the place the bot runs, not in unix seconds.
pub fn local_time(t: SystemTime) -> String {
    let secs = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as libc::time_t);
    // SAFETY: localtime_r writes only into `tm`, which lives on this stack frame; a zeroed
    // `tm` is a valid value of the plain C struct.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    if unsafe { libc::localtime_r(&secs, &mut tm) }.is_null() {
        return format!("unix {secs}");
    }
    let offset = tm.tm_gmtoff / 60;
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02} {}{:02}{:02}",
        tm.tm_year + 1900,
        tm.tm_mon + 1,
        tm.tm_mday,
        tm.tm_hour,
        tm.tm_min,
        tm.tm_sec,
        if offset < 0 { '-' } else { '+' },
        offset.abs() / 60,
        offset.abs() % 60
    )
}

fn human_duration(d: Duration) -> String {
    let s = d.as_secs();
    format!("{}h{:02}m{:02}s", s / 3600, s / 60 % 60, s % 60)
}

fn diff(old: &Live, new: &Live, took: Duration) -> SwapReport {
    let (a, b) = (old.snapshot.knowledge(), new.snapshot.knowledge());
    let ids = |kb: &crate::knowledge::KnowledgeBase| {
        kb.entries
            .iter()
            .map(|e| e.id.clone())
            .collect::<BTreeSet<_>>()
    };
    let (before, after) = (ids(a), ids(b));
    let changed = before
        .intersection(&after)
        .filter(|id| a.entry(id) != b.entry(id))
        .cloned()
        .collect();
    SwapReport {
        entries: (a.entries.len(), b.entries.len()),
        sections: (a.report.sections.len(), b.report.sections.len()),
        added: after.difference(&before).cloned().collect(),
        removed: before.difference(&after).cloned().collect(),
        changed,
        took,
    }
}

impl SwapReport {
    /// The admin's reply.
    pub fn describe(&self, what: &str) -> String {
        texts::swap_report(&texts::SwapText {
            what,
            millis: self.took.as_secs_f64() * 1e3,
            entries: self.entries,
            sections: self.sections,
            added: &self.added,
            removed: &self.removed,
            changed: &self.changed,
        })
    }
}
