//! Start-up, the update loop (long polling or webhook) and shutdown.
//!
//! Start-up order: signal handlers first (SIGTERM/SIGINT stop, SIGHUP reloads), before any
//! network call, so no signal during start-up kills the process; then `getMe`, retried with
//! backoff while the Bot API is unreachable (one log line per attempt naming the cause, the
//! token redacted) and ending the process with a clear error when Telegram rejects the token;
//! then the command menu (a failure there is a warning); then the unfinished updates of the
//! inbox, queued before any new one.
//!
//! Shutdown: the loop stops taking updates, the scheduler gets [`BotConfig::shutdown_grace`] to
//! finish what it holds, and whatever is left stays unfinished in the inbox for the next start.
//!
//! [`BotConfig::shutdown_grace`]: super::config::BotConfig::shutdown_grace

use std::sync::Arc;
use std::time::Duration;

use anyhow::{Result, bail};
use teloxide::prelude::*;
use teloxide::types::Me;
use teloxide::{ApiError, RequestError};
use tokio::sync::watch;

use super::TgBot;
use super::config::BotConfig;
use super::inbox::{Inbox, Journaled};
use super::scheduler::Scheduler;
use super::state::AppState;
use crate::questionlog::{self, QuestionLog};
use crate::snapshot::Snapshot;

/// How often unfinished updates are looked for in the inbox while running (those whose reply
/// gave up at the send deadline during an outage).
pub const SWEEP_EVERY: Duration = Duration::from_secs(30);
/// The longest wait between two attempts to reach the Bot API at start or while polling.
pub const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// What [`run_bot`] does besides answering.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Register the command menu at start (the binary does; most tests do not).
    pub register_commands: bool,
}

/// What a run did, for the logs and the tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Unfinished updates found in the inbox at start and queued first.
    pub resumed: usize,
    /// Updates left unfinished at the end of the shutdown grace (they stay in the inbox).
    pub left_unfinished: usize,
}

/// A bot running in the background (see [`spawn`]).
#[derive(Debug)]
pub struct Running {
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<Result<Summary>>,
}

impl Running {
    /// Asks it to stop (as SIGTERM does).
    pub fn stop(&self) {
        let _ = self.stop.send(true);
    }

    /// Waits until it has stopped.
    pub async fn join(self) -> Result<Summary> {
        self.task.await?
    }

    /// Stops it at once, as `kill -9` would (nothing is drained or flushed).
    pub fn kill(&self) {
        self.task.abort();
    }
}

/// Runs the bot in the background until [`Running::stop`].
pub fn spawn(bot: TgBot, state: Arc<AppState>, options: Options) -> Running {
    let (stop, stopped) = watch::channel(false);
    let task = tokio::spawn(run_bot(bot, state, stopped, options));
    Running { stop, task }
}

/// Runs `fut` unless `stop` is set first (`None` then).
async fn unless_stopped<T>(
    stop: &mut watch::Receiver<bool>,
    fut: impl std::future::Future<Output = T>,
) -> Option<T> {
    if *stop.borrow() {
        return None;
    }
    tokio::select! {
        v = fut => Some(v),
        _ = stop.wait_for(|s| *s) => None,
    }
}

/// `report-bot run` after loading: the question log, signal handlers, then [`run_bot`]; flushes
/// the log at the end.
pub async fn serve(config: BotConfig, snapshot: Snapshot) -> Result<()> {
    let (log, writer) = match config.data_dir.as_deref().map(QuestionLog::open) {
        Some(Ok(log)) => {
            let (handle, writer) = questionlog::spawn_writer(log);
            (Some(handle), Some(writer))
        }
        Some(Err(e)) => {
            tracing::warn!(error = %e, "question log unavailable; answering without it");
            (None, None)
        }
        None => (None, None),
    };
    let mut state = AppState::new(config, snapshot);
    if let Some(log) = log {
        state = state.with_log(log);
    }
    let state = Arc::new(state);
    let (stop, stopped) = watch::channel(false);
    // before the first network call: a signal during start-up is handled, never fatal
    install_signals(state.clone(), stop);
    let bot = super::client(&state.config);
    let result = run_bot(
        bot,
        state.clone(),
        stopped,
        Options {
            register_commands: true,
        },
    )
    .await;
    state.close_log();
    if let Some(writer) = writer {
        tokio::task::spawn_blocking(move || writer.finish())
            .await
            .ok();
    }
    tracing::info!("bot stopped");
    result.map(drop)
}

/// SIGTERM and SIGINT stop the bot; SIGHUP reloads the knowledge base like `/reload`. The
/// handlers are registered when this returns.
fn install_signals(state: Arc<AppState>, stop: watch::Sender<bool>) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) {
            (Ok(mut term), Ok(mut int)) => {
                tokio::spawn(async move {
                    tokio::select! {
                        _ = term.recv() => {}
                        _ = int.recv() => {}
                    }
                    tracing::info!("shutting down");
                    let _ = stop.send(true);
                });
            }
            _ => tracing::warn!("cannot listen for SIGTERM"),
        }
        match signal(SignalKind::hangup()) {
            Ok(mut hup) => {
                tokio::spawn(async move {
                    while hup.recv().await.is_some() {
                        let text = super::admin::reload(&state).await;
                        tracing::info!(result = %text.replace('\n', "; "), "SIGHUP reload");
                    }
                });
            }
            Err(_) => tracing::warn!("cannot listen for SIGHUP; use /reload"),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = state;
        tokio::spawn(async move {
            let _ = tokio::signal::ctrl_c().await;
            tracing::info!("shutting down");
            let _ = stop.send(true);
        });
    }
}

/// The bot's life after the signal handlers: who am I, the menu, the inbox, the update loop,
/// the drain.
pub async fn run_bot(
    bot: TgBot,
    state: Arc<AppState>,
    mut stop: watch::Receiver<bool>,
    options: Options,
) -> Result<Summary> {
    let Some(me) = unless_stopped(&mut stop, get_me(&bot, &state.config)).await else {
        return Ok(Summary::default());
    };
    let me = me?;
    if options.register_commands {
        match unless_stopped(&mut stop, super::register_commands(&bot, &state)).await {
            None => return Ok(Summary::default()),
            Some(Err(e)) => tracing::warn!(
                error = %state.config.token.redact(&e.to_string()),
                "cannot register the command menu"
            ),
            Some(Ok(())) => {}
        }
    }
    let inbox = match state.config.data_dir.clone() {
        Some(dir) => match tokio::task::spawn_blocking(move || Inbox::open(&dir)).await? {
            Ok(inbox) => Some(inbox),
            Err(e) => {
                tracing::error!(error = %e, "inbox unavailable: updates are answered but not journaled (a crash loses the ones in flight)");
                None
            }
        },
        None => None,
    };
    let me_id = me.id.0;
    let scheduler = Scheduler::new(bot.clone(), me, state.clone(), inbox.clone());
    let mut summary = Summary::default();
    let mut offset = 0;
    if let Some(inbox) = &inbox {
        let pending = inbox.pending().await?;
        summary.resumed = scheduler.requeue(pending);
        if let (_, Some(max)) = inbox.stats(me_id).await? {
            offset = max as i32 + 1;
        }
    }
    let webhook = state.config.webhook_url.clone();
    tracing::info!(
        mode = if webhook.is_some() {
            "webhook"
        } else {
            "polling"
        },
        resumed = summary.resumed,
        "bot started"
    );
    let ticker = tokio::spawn(background(
        state.clone(),
        scheduler.clone(),
        inbox.clone(),
        stop.clone(),
    ));
    if webhook.is_none() {
        // getUpdates is refused while a webhook is set (a previous run in webhook mode)
        let req = bot.delete_webhook();
        let deleted = super::send::deliver(&state.limiter, &state.config.retry, None, req);
        if let Some(Err(e)) = unless_stopped(&mut stop, deleted).await {
            tracing::warn!(error = %state.config.token.redact(&format!("{e:#}")), "cannot delete the webhook; polling may be refused");
        }
    }
    match webhook {
        Some(url) => {
            webhook::serve(&bot, &state, &scheduler, inbox.as_ref(), url, stop.clone()).await?;
        }
        None => {
            poll(
                &bot,
                &state,
                &scheduler,
                inbox.as_ref(),
                offset,
                stop.clone(),
            )
            .await
        }
    }
    ticker.abort();
    let grace = state.config.shutdown_grace;
    let waiting = scheduler.in_process();
    summary.left_unfinished = scheduler.drain(grace).await;
    if let Some(inbox) = &inbox {
        inbox.flush().await;
    }
    state.flush_inline(None);
    tracing::info!(
        waiting,
        left_unfinished = summary.left_unfinished,
        grace_s = grace.as_secs_f64(),
        "drained"
    );
    Ok(summary)
}

/// `getMe`, retried with backoff while the Bot API cannot be reached; a rejected token ends it.
async fn get_me(bot: &TgBot, config: &BotConfig) -> Result<Me> {
    let api = config
        .api_url
        .as_ref()
        .map_or("https://api.telegram.org".to_string(), |u| u.to_string());
    let mut wait = Duration::from_secs(1);
    loop {
        match bot.get_me().await {
            Ok(me) => return Ok(me),
            Err(RequestError::Api(ApiError::InvalidToken)) => bail!(
                "the Bot API at {api} rejected the token (401 Unauthorized); check TELOXIDE_TOKEN (@BotFather: /mybots → API Token)"
            ),
            Err(e) => {
                tracing::warn!(
                    api = %api,
                    cause = %config.token.redact(&e.to_string()),
                    retry_in_s = wait.as_secs(),
                    "cannot reach the Bot API; retrying"
                );
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(MAX_BACKOFF);
            }
        }
    }
}

/// Every half second: inline queries that have settled go to the question log; every
/// [`SWEEP_EVERY`]: the inbox's unfinished updates nobody holds are queued again.
async fn background(
    state: Arc<AppState>,
    scheduler: Arc<Scheduler>,
    inbox: Option<Inbox>,
    mut stop: watch::Receiver<bool>,
) {
    let mut tick = tokio::time::interval(Duration::from_millis(500));
    let mut last_sweep = tokio::time::Instant::now();
    loop {
        if unless_stopped(&mut stop, tick.tick()).await.is_none() {
            return;
        }
        state.flush_inline(Some(std::time::Instant::now()));
        if let Some(inbox) = &inbox
            && last_sweep.elapsed() >= SWEEP_EVERY
        {
            last_sweep = tokio::time::Instant::now();
            if let Ok(pending) = inbox.pending_older_than(SWEEP_EVERY).await {
                let queued = scheduler.requeue(pending);
                if queued > 0 {
                    tracing::info!(queued, "unfinished updates queued again");
                }
            }
        }
    }
}

/// Journals a batch (when there is an inbox) and admits the new ones. Without an inbox, or
/// when it cannot be written, the updates are answered anyway (and the error logged).
async fn take(scheduler: &Arc<Scheduler>, inbox: Option<&Inbox>, updates: Vec<(Update, String)>) {
    let fresh = match inbox {
        Some(inbox) => {
            let journal = updates
                .iter()
                .map(|(u, body)| Journaled {
                    id: i64::from(u.id.0),
                    body: body.clone(),
                })
                .collect();
            match inbox.receive(journal).await {
                Ok(fresh) => fresh,
                Err(e) => {
                    tracing::error!(error = %e, count = updates.len(), "cannot journal updates; answering them unjournaled");
                    vec![true; updates.len()]
                }
            }
        }
        None => vec![true; updates.len()],
    };
    for ((update, _), fresh) in updates.into_iter().zip(fresh) {
        if fresh {
            scheduler.admit(update, true);
        }
    }
}

/// Long polling. An update is confirmed to Telegram by the next call's offset, which is sent
/// only after the update has been journaled.
async fn poll(
    bot: &TgBot,
    state: &AppState,
    scheduler: &Arc<Scheduler>,
    inbox: Option<&Inbox>,
    mut offset: i32,
    mut stop: watch::Receiver<bool>,
) {
    let mut wait = Duration::from_secs(1);
    loop {
        let req = bot
            .get_updates()
            .offset(offset)
            .timeout(state.config.poll_timeout)
            .limit(100);
        let Some(result) = unless_stopped(&mut stop, req.send()).await else {
            break;
        };
        match result {
            Ok(updates) => {
                wait = Duration::from_secs(1);
                if let Some(last) = updates.last() {
                    offset = last.id.0 as i32 + 1;
                }
                let batch = updates
                    .into_iter()
                    .map(|u| {
                        let body = serde_json::to_string(&u).unwrap_or_default();
                        (u, body)
                    })
                    .collect();
                take(scheduler, inbox, batch).await;
            }
            Err(e) => {
                tracing::warn!(
                    error = %state.config.token.redact(&e.to_string()),
                    retry_in_s = wait.as_secs(),
                    "getUpdates failed; retrying"
                );
                if unless_stopped(&mut stop, tokio::time::sleep(wait))
                    .await
                    .is_none()
                {
                    break;
                }
                wait = (wait * 2).min(MAX_BACKOFF);
            }
        }
    }
    // confirm what was taken (the offset is confirmed by a call that carries it); an update
    // this call returns is journaled, not answered now: the next start answers it
    let confirm = bot.get_updates().offset(offset).limit(1).timeout(0).send();
    if let Ok(Ok(updates)) = tokio::time::timeout(Duration::from_secs(2), confirm).await
        && let Some(inbox) = inbox
        && !updates.is_empty()
    {
        let journal = updates
            .iter()
            .map(|u| Journaled {
                id: i64::from(u.id.0),
                body: serde_json::to_string(u).unwrap_or_default(),
            })
            .collect();
        let _ = inbox.receive(journal).await;
    }
}

/// Webhook mode: an HTTP server Telegram posts updates to; each is journaled before the 200.
mod webhook {
    use std::sync::Arc;

    use anyhow::{Context, Result};
    use axum::body::Bytes;
    use axum::extract::State;
    use axum::http::{HeaderMap, StatusCode};
    use teloxide::prelude::*;
    use tokio::sync::watch;
    use url::Url;

    use super::super::TgBot;
    use super::super::inbox::Inbox;
    use super::super::scheduler::Scheduler;
    use super::super::state::AppState;

    struct Hook {
        scheduler: Arc<Scheduler>,
        inbox: Option<Inbox>,
        secret: String,
    }

    /// A secret Telegram sends back in a header, so only Telegram can post updates.
    fn secret() -> String {
        let mut bytes = [0u8; 24];
        #[cfg(unix)]
        {
            use std::io::Read;
            if let Ok(mut f) = std::fs::File::open("/dev/urandom") {
                let _ = f.read_exact(&mut bytes);
            }
        }
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    pub(super) async fn serve(
        bot: &TgBot,
        state: &AppState,
        scheduler: &Arc<Scheduler>,
        inbox: Option<&Inbox>,
        url: Url,
        mut stop: watch::Receiver<bool>,
    ) -> Result<()> {
        let secret = secret();
        let listener = tokio::net::TcpListener::bind(("0.0.0.0", state.config.port))
            .await
            .with_context(|| format!("cannot listen on port {}", state.config.port))?;
        let req = bot.set_webhook(url.clone()).secret_token(secret.clone());
        super::super::send::deliver(&state.limiter, &state.config.retry, None, req)
            .await
            .map_err(|e| anyhow::anyhow!(state.config.token.redact(&format!("{e:#}"))))
            .context("cannot set the webhook")?;
        let path = if url.path().is_empty() {
            "/"
        } else {
            url.path()
        };
        let hook = Arc::new(Hook {
            scheduler: scheduler.clone(),
            inbox: inbox.cloned(),
            secret,
        });
        let app = axum::Router::new()
            .route(path, axum::routing::post(on_update))
            .with_state(hook);
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = stop.wait_for(|s| *s).await;
            })
            .await
            .context("webhook server failed")
    }

    async fn on_update(
        State(hook): State<Arc<Hook>>,
        headers: HeaderMap,
        body: Bytes,
    ) -> StatusCode {
        let authentic = headers
            .get("x-telegram-bot-api-secret-token")
            .is_some_and(|v| v.as_bytes() == hook.secret.as_bytes());
        if !authentic {
            return StatusCode::UNAUTHORIZED;
        }
        let text = String::from_utf8_lossy(&body).into_owned();
        let update: Update = match serde_json::from_str(&text) {
            Ok(u) => u,
            Err(e) => {
                // Telegram would resend it forever: take it and say why it was ignored
                tracing::warn!(error = %e, "webhook body is not an update; ignored");
                return StatusCode::OK;
            }
        };
        super::take(&hook.scheduler, hook.inbox.as_ref(), vec![(update, text)]).await;
        StatusCode::OK
    }
}

#[cfg(test)]
mod tests {
    use teloxide::types::Update;

    #[test]
    fn updates_survive_the_journal_round_trip() {
        let json = r#"{"update_id":7,"message":{"message_id":1,"date":1700000000,
            "chat":{"id":5,"type":"private","first_name":"A"},
            "from":{"id":5,"is_bot":false,"first_name":"A"},
            "text":"/ask 去年GDP多少","entities":[{"type":"bot_command","offset":0,"length":4}]}}"#;
        let update: Update = serde_json::from_str(json).unwrap();
        let again: Update = serde_json::from_str(&serde_json::to_string(&update).unwrap()).unwrap();
        assert_eq!(update, again);
        let json = r#"{"update_id":8,"inline_query":{"id":"q1","from":{"id":5,"is_bot":false,"first_name":"A"},"query":"gdp","offset":""}}"#;
        let update: Update = serde_json::from_str(json).unwrap();
        let again: Update = serde_json::from_str(&serde_json::to_string(&update).unwrap()).unwrap();
        assert_eq!(update, again);
    }
}
