//! Fair scheduling: updates are admitted without ever waiting, queued per chat, and answered by
//! one worker task per busy chat, so one chat's backlog never holds up another.
//!
//! The rules:
//! - **Flood control for every update kind, and no question lost.** Messages (questions,
//!   commands, stickers, captions) count against their user in a private chat or their group;
//!   button presses against the user; inline queries against the user under a limit four times
//!   as loose (one arrives per keystroke). A question or command past the limit is *deferred*:
//!   it takes the window's next free slot and is answered then (a timer admits it to its chat's
//!   queue, which stays free meanwhile). Only a real flood — a slot more than
//!   [`DEFER_WINDOWS`] windows away — is skipped, and the asker gets one notice naming the
//!   skipped questions. Stickers past the limit are dropped silently; a button pressed too
//!   often gets one toast.
//! - **Bounded per-chat queues.** At most [`CHAT_QUEUE`] updates wait per chat. When one more
//!   arrives, the oldest waiting one is dropped (counted in `/stats`) and the chat gets one
//!   notice per overflow episode.
//! - **Coalescing.** A user's new inline query replaces the one of theirs still waiting (it is
//!   the same query, one keystroke further).
//! - **No chat waits for another.** Admission is synchronous and never blocks; each chat's
//!   worker waits only for that chat's turn under Telegram's limits.
//!
//! Each update's inbox entry is marked done when its handler has finished: the reply was
//! accepted, Telegram refused it for good, or no reply was due. A handler that gave up on a
//! transient error (an outage longer than the send deadline) leaves it unfinished: it is queued
//! again by the next sweep of the inbox, or answered after a restart.

use std::collections::{HashMap, HashSet, VecDeque};
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use teloxide::dispatching::UpdateHandler;
use teloxide::prelude::*;
use teloxide::types::{Me, MessageId, UpdateKind};

use super::TgBot;
use super::flood::{Slot, Verdict};
use super::handlers;
use super::inbox::{Inbox, Journaled};
use super::send::{reply_target, send_html};
use super::state::AppState;
use super::texts::{BUTTON_SLOW_DOWN, OVERFLOW, SLOW_DOWN};

/// Updates waiting per chat, at most.
pub const CHAT_QUEUE: usize = 8;

/// How many windows ahead a question past the flood limit may be deferred; beyond that it is
/// skipped (and named in a notice).
pub const DEFER_WINDOWS: u32 = 3;

/// How long skipped questions are collected before the one notice that names them (a flood
/// arrives within moments).
pub const SKIPPED_NOTICE_AFTER: Duration = Duration::from_millis(500);

/// How many characters of a skipped question its notice repeats.
const SKIPPED_ECHO: usize = 30;

/// The notice naming the questions skipped in a flood: the distinct ones, the first few named.
pub fn skipped_notice(questions: &[String]) -> String {
    let mut distinct: Vec<&str> = Vec::new();
    for q in questions {
        if !distinct.contains(&q.as_str()) {
            distinct.push(q);
        }
    }
    let named: Vec<String> = distinct
        .iter()
        .take(super::texts::SKIPPED_NAMED)
        .map(|q| super::format::trim_echo(q, SKIPPED_ECHO))
        .collect();
    super::texts::skipped_notice(&named, questions.len())
}

/// Whose queue an update waits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QueueKey {
    /// A chat (private or group): messages and button presses in it.
    Chat(i64),
    /// A user's inline queries.
    Inline(u64),
    /// Updates with neither (answered in one shared queue).
    Other,
}

enum Job {
    Update {
        id: i64,
        update: Box<Update>,
    },
    Notice {
        id: Option<i64>,
        chat: ChatId,
        reply_to: Option<MessageId>,
        text: &'static str,
    },
    Toast {
        id: i64,
        query: teloxide::types::CallbackQueryId,
        text: &'static str,
    },
    /// The notice naming a chat's skipped questions (taken from [`Inner::skipped`] when sent).
    Skipped {
        key: QueueKey,
        chat: ChatId,
    },
}

impl Job {
    fn id(&self) -> Option<i64> {
        match self {
            Job::Update { id, .. } | Job::Toast { id, .. } => Some(*id),
            Job::Notice { id, .. } => *id,
            Job::Skipped { .. } => None,
        }
    }
}

#[derive(Default)]
struct ChatQueue {
    jobs: VecDeque<Job>,
    task: Option<tokio::task::AbortHandle>,
    overflowed: bool,
}

#[derive(Default)]
struct Inner {
    queues: HashMap<QueueKey, ChatQueue>,
    /// Update ids admitted and not finished.
    in_process: HashSet<i64>,
    /// Workers running.
    running: usize,
    /// Questions skipped in a flood, per chat, until their notice is sent.
    skipped: HashMap<QueueKey, Vec<String>>,
}

/// Counters for `/stats` and the logs.
#[derive(Debug, Default)]
pub struct SchedulerStats {
    /// Updates dropped from a full chat queue.
    pub overflowed: AtomicU64,
    /// Updates silenced or skipped by flood control.
    pub flooded: AtomicU64,
    /// Questions past the flood limit answered later, in their slot.
    pub deferred: AtomicU64,
    /// Inline queries replaced by a newer one of the same user.
    pub coalesced: AtomicU64,
    /// Updates whose reply could not be sent before the deadline (left in the inbox).
    pub unfinished: AtomicU64,
}

/// Per-chat queues and their workers.
pub struct Scheduler {
    bot: TgBot,
    me: Me,
    state: Arc<AppState>,
    handler: UpdateHandler<anyhow::Error>,
    inbox: Option<Inbox>,
    inner: Mutex<Inner>,
    idle: tokio::sync::Notify,
}

impl Scheduler {
    /// A scheduler answering with `handlers::schema()`.
    pub fn new(bot: TgBot, me: Me, state: Arc<AppState>, inbox: Option<Inbox>) -> Arc<Self> {
        Arc::new(Self {
            bot,
            me,
            state,
            handler: handlers::schema(),
            inbox,
            inner: Mutex::new(Inner::default()),
            idle: tokio::sync::Notify::new(),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn done(&self, id: Option<i64>) {
        if let (Some(id), Some(inbox)) = (id, &self.inbox) {
            inbox.done(id);
        }
    }

    /// Admits an update: flood control (when `check_flood`), then its chat's queue. Never waits.
    pub fn admit(self: &Arc<Self>, update: Update, check_flood: bool) {
        let id = i64::from(update.id.0);
        let key = queue_key(&update);
        let job = if check_flood {
            match self.flood(&update) {
                Flood::Allow => Job::Update {
                    id,
                    update: Box::new(update),
                },
                Flood::Notice(chat, reply_to) => Job::Notice {
                    id: Some(id),
                    chat,
                    reply_to,
                    text: SLOW_DOWN,
                },
                Flood::Toast(query) => Job::Toast {
                    id,
                    query,
                    text: BUTTON_SLOW_DOWN,
                },
                Flood::Drop => {
                    self.state.scheduler.flooded.fetch_add(1, Ordering::Relaxed);
                    self.done(Some(id));
                    return;
                }
                Flood::Defer(at) => {
                    self.defer(id, key, update, at);
                    return;
                }
                Flood::Skip(chat, question) => {
                    self.state.scheduler.flooded.fetch_add(1, Ordering::Relaxed);
                    self.skip(key, chat, question);
                    self.done(Some(id));
                    return;
                }
            }
        } else {
            Job::Update {
                id,
                update: Box::new(update),
            }
        };
        self.enqueue(key, job);
    }

    /// Holds a question past the flood limit until its slot, then queues it. It counts as in
    /// process meanwhile (a sweep does not queue it twice); at shutdown it stays unfinished in
    /// the inbox and is answered after the restart.
    fn defer(self: &Arc<Self>, id: i64, key: QueueKey, update: Update, at: Instant) {
        if !self.lock().in_process.insert(id) {
            return;
        }
        self.state
            .scheduler
            .deferred
            .fetch_add(1, Ordering::Relaxed);
        let me = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep_until(at.into()).await;
            let job = Job::Update {
                id,
                update: Box::new(update),
            };
            me.enqueue_admitted(key, job);
        });
    }

    /// Notes a question skipped in a flood; the first of a run schedules the notice naming them.
    fn skip(self: &Arc<Self>, key: QueueKey, chat: ChatId, question: String) {
        let first = {
            let mut inner = self.lock();
            let list = inner.skipped.entry(key).or_default();
            list.push(question);
            list.len() == 1
        };
        if first {
            let me = self.clone();
            tokio::spawn(async move {
                tokio::time::sleep(SKIPPED_NOTICE_AFTER).await;
                me.enqueue(key, Job::Skipped { key, chat });
            });
        }
    }

    fn enqueue(self: &Arc<Self>, key: QueueKey, job: Job) {
        if let Some(id) = job.id()
            && !self.lock().in_process.insert(id)
        {
            // already queued or running (a sweep and the update loop met): answered once
            return;
        }
        self.enqueue_admitted(key, job);
    }

    /// Queues a job whose update is already counted in process.
    fn enqueue_admitted(self: &Arc<Self>, key: QueueKey, job: Job) {
        let mut finished = Vec::new();
        let mut inner = self.lock();
        let queue = inner.queues.entry(key).or_default();
        if let QueueKey::Inline(_) = key {
            for old in queue.jobs.drain(..) {
                self.state
                    .scheduler
                    .coalesced
                    .fetch_add(1, Ordering::Relaxed);
                finished.extend(old.id());
            }
        } else if queue.jobs.len() >= CHAT_QUEUE {
            // the oldest waiting update goes; notices stay (they are what tells the user)
            while queue.jobs.len() >= CHAT_QUEUE {
                let Some(oldest) = queue
                    .jobs
                    .iter()
                    .position(|j| !matches!(j, Job::Notice { id: None, .. } | Job::Skipped { .. }))
                else {
                    break;
                };
                if let Some(old) = queue.jobs.remove(oldest) {
                    self.state
                        .scheduler
                        .overflowed
                        .fetch_add(1, Ordering::Relaxed);
                    finished.extend(old.id());
                }
            }
            if !queue.overflowed
                && let QueueKey::Chat(chat) = key
            {
                queue.overflowed = true;
                tracing::warn!(chat, "chat queue full; dropping its oldest waiting update");
                queue.jobs.push_back(Job::Notice {
                    id: None,
                    chat: ChatId(chat),
                    reply_to: None,
                    text: OVERFLOW,
                });
            }
        }
        queue.jobs.push_back(job);
        let start = queue.task.is_none();
        if start {
            let me = self.clone();
            let handle = tokio::spawn(async move { me.work(key).await });
            inner.running += 1;
            if let Some(q) = inner.queues.get_mut(&key) {
                q.task = Some(handle.abort_handle());
            }
        }
        for id in &finished {
            inner.in_process.remove(id);
        }
        drop(inner);
        for id in finished {
            self.done(Some(id));
        }
    }

    async fn work(self: Arc<Self>, key: QueueKey) {
        loop {
            let job = {
                let mut inner = self.lock();
                match inner.queues.get_mut(&key).and_then(|q| q.jobs.pop_front()) {
                    Some(job) => job,
                    None => {
                        inner.queues.remove(&key);
                        inner.running -= 1;
                        if inner.running == 0 {
                            self.idle.notify_waiters();
                        }
                        return;
                    }
                }
            };
            let id = job.id();
            let finished = self.run(job).await;
            if let Some(id) = id {
                self.lock().in_process.remove(&id);
            }
            if finished {
                self.done(id);
            } else {
                self.state
                    .scheduler
                    .unfinished
                    .fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// Runs one job; false when it failed in a way worth retrying later.
    async fn run(&self, job: Job) -> bool {
        let result = match job {
            Job::Update { update, .. } => {
                let deps = dptree::deps![
                    self.bot.clone(),
                    self.me.clone(),
                    self.state.clone(),
                    *update
                ];
                match self.handler.dispatch(deps).await {
                    ControlFlow::Break(result) => result,
                    ControlFlow::Continue(_) => Ok(()),
                }
            }
            Job::Notice {
                chat,
                reply_to,
                text,
                ..
            } => send_html(&self.bot, &self.state, chat, reply_to, text, None).await,
            Job::Skipped { key, chat } => {
                let skipped = self.lock().skipped.remove(&key).unwrap_or_default();
                if skipped.is_empty() {
                    Ok(())
                } else {
                    let html = teloxide::utils::html::escape(&skipped_notice(&skipped));
                    send_html(&self.bot, &self.state, chat, None, &html, None).await
                }
            }
            Job::Toast { query, text, .. } => {
                let req = self.bot.answer_callback_query(query).text(text);
                super::send::deliver(&self.state.limiter, &self.state.config.retry, None, req)
                    .await
                    .map(drop)
            }
        };
        match result {
            Ok(()) => true,
            Err(e) => {
                let transient = super::send::is_transient_anyhow(&e);
                let text = self.state.config.token.redact(&format!("{e:#}"));
                tracing::error!(error = %text, retry_later = transient, "update handling failed");
                !transient
            }
        }
    }

    fn flood(&self, update: &Update) -> Flood {
        let now = Instant::now();
        let state = &self.state;
        match &update.kind {
            UpdateKind::Message(msg) => {
                if !counts_for_flood(msg, &self.me) {
                    return Flood::Allow;
                }
                let key = handlers::flood_key(msg);
                if let Some(question) = msg.text().or(msg.caption()) {
                    // a question or command: deferred to its slot, skipped only in a flood
                    let longest = state.config.flood.window * DEFER_WINDOWS;
                    return match state.flood.reserve(key, now, longest) {
                        Slot::Now => Flood::Allow,
                        Slot::At(at) => Flood::Defer(at),
                        Slot::TooFar => Flood::Skip(msg.chat.id, question.to_string()),
                    };
                }
                match state.flood.check(key, now) {
                    Verdict::Allow => Flood::Allow,
                    Verdict::Warn => Flood::Notice(msg.chat.id, reply_target(msg)),
                    Verdict::Silent => Flood::Drop,
                }
            }
            UpdateKind::CallbackQuery(q) => match state.flood.check(q.from.id.0 as i64, now) {
                Verdict::Allow => Flood::Allow,
                Verdict::Warn => Flood::Toast(q.id.clone()),
                Verdict::Silent => Flood::Drop,
            },
            UpdateKind::InlineQuery(q) => match state.inline_flood.check(q.from.id.0 as i64, now) {
                Verdict::Allow => Flood::Allow,
                Verdict::Warn | Verdict::Silent => Flood::Drop,
            },
            _ => Flood::Allow,
        }
    }

    /// Queues the journal's unfinished updates that are not already queued or running (at
    /// start: every one of them, before any new update). Returns how many were queued.
    pub fn requeue(self: &Arc<Self>, pending: Vec<Journaled>) -> usize {
        let mut queued = 0;
        for j in pending {
            if self.lock().in_process.contains(&j.id) {
                continue;
            }
            match serde_json::from_str::<Update>(&j.body) {
                Ok(update) => {
                    self.admit(update, false);
                    queued += 1;
                }
                Err(e) => {
                    tracing::warn!(id = j.id, error = %e, "unreadable update in the inbox; skipping it");
                    self.done(Some(j.id));
                }
            }
        }
        queued
    }

    /// Updates admitted and not finished.
    pub fn in_process(&self) -> usize {
        self.lock().in_process.len()
    }

    /// Lets the workers finish for up to `grace`, then stops the rest; returns how many updates
    /// were left unfinished (they stay in the inbox).
    pub async fn drain(&self, grace: Duration) -> usize {
        let deadline = tokio::time::Instant::now() + grace;
        loop {
            let idle = self.idle.notified();
            tokio::pin!(idle);
            idle.as_mut().enable();
            if self.lock().running == 0 {
                return 0;
            }
            if tokio::time::timeout_at(deadline, idle).await.is_err() {
                break;
            }
        }
        let mut inner = self.lock();
        for queue in inner.queues.values() {
            if let Some(task) = &queue.task {
                task.abort();
            }
        }
        inner.queues.clear();
        inner.running = 0;
        inner.in_process.len()
    }
}

enum Flood {
    Allow,
    /// Answer at this instant (the next free slot of the flood window).
    Defer(Instant),
    /// A flood: skip this question and name it in the chat's notice.
    Skip(ChatId, String),
    Notice(ChatId, Option<MessageId>),
    Toast(teloxide::types::CallbackQueryId),
    Drop,
}

/// Does a message count against flood control: everything in a private chat; in a group only
/// what the bot answers (commands, mentions, replies to it), not the chatter it ignores.
fn counts_for_flood(msg: &Message, me: &Me) -> bool {
    if msg.chat.is_private() {
        return true;
    }
    let text = msg.text().or(msg.caption()).unwrap_or_default();
    text.starts_with('/') || handlers::addressed_to_bot(msg, text, me)
}

/// The queue an update waits in.
pub fn queue_key(update: &Update) -> QueueKey {
    match &update.kind {
        UpdateKind::InlineQuery(q) => QueueKey::Inline(q.from.id.0),
        UpdateKind::CallbackQuery(q) => match q.regular_message() {
            Some(m) => QueueKey::Chat(m.chat.id.0),
            None => QueueKey::Chat(q.from.id.0 as i64),
        },
        _ => match update.chat() {
            Some(chat) => QueueKey::Chat(chat.id.0),
            None => QueueKey::Other,
        },
    }
}
