//! The Telegram bot: configuration, shared state, the handler tree and start-up.
//!
//! Replies keep to Telegram's rate limits through [`limiter`] (sent at once while the limits
//! allow) and are retried after the `retry_after` of a 429. `TELOXIDE_API_URL` points the
//! client at another Bot API server (a local one, or the fake one the tests start on 127.0.0.1).

pub mod admin;
pub mod commands;
pub mod config;
pub mod flood;
pub mod handlers;
pub mod info;
pub mod limiter;
pub mod state;

use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result};
use futures_util::future::BoxFuture;
use teloxide::dispatching::DefaultKey;
use teloxide::error_handlers::ErrorHandler;
use teloxide::prelude::*;
use teloxide::types::{BotCommandScope, Recipient};
use teloxide::utils::command::BotCommands;

use crate::questionlog::{self, QuestionLog};
use crate::snapshot::Snapshot;
use commands::{AdminCommand, Command};
use config::{BotConfig, Token};
use state::AppState;

/// The Bot API client the bot runs on (rate limits are kept by [`limiter`]).
pub type TgBot = Bot;

/// Builds the Bot API client from the configuration.
pub fn client(config: &BotConfig) -> TgBot {
    let bot = Bot::new(config.token.expose());
    match &config.api_url {
        Some(url) => bot.set_api_url(url.clone()),
        None => bot,
    }
}

/// Logs handler and listener errors with the token replaced.
struct RedactingErrorHandler {
    token: Token,
}

impl<E: std::fmt::Debug + Send + 'static> ErrorHandler<E> for RedactingErrorHandler {
    fn handle_error(self: Arc<Self>, error: E) -> BoxFuture<'static, ()> {
        let text = self.token.redact(&format!("{error:?}"));
        Box::pin(async move { tracing::error!(error = %text, "update handling failed") })
    }
}

/// The dispatcher for a bot and state (tests run it against a fake Bot API server).
pub fn dispatcher(
    bot: TgBot,
    state: Arc<AppState>,
) -> Dispatcher<TgBot, anyhow::Error, DefaultKey> {
    let errors = Arc::new(RedactingErrorHandler {
        token: state.config.token.clone(),
    });
    Dispatcher::builder(bot, handlers::schema())
        .dependencies(dptree::deps![state])
        .default_handler(|_| async {})
        .error_handler(errors)
        .build()
}

/// Registers the command menu: user commands for private chats and groups, admin commands in
/// each admin's private chat.
pub async fn register_commands(bot: &TgBot, state: &AppState) -> Result<()> {
    let user = Command::bot_commands();
    bot.set_my_commands(user.clone())
        .scope(BotCommandScope::AllPrivateChats)
        .await?;
    bot.set_my_commands(user.clone())
        .scope(BotCommandScope::AllGroupChats)
        .await?;
    for &admin in &state.config.admin_ids {
        let mut all = user.clone();
        all.extend(AdminCommand::bot_commands());
        let scope = BotCommandScope::Chat {
            chat_id: Recipient::Id(ChatId(admin as i64)),
        };
        bot.set_my_commands(all).scope(scope).await?;
    }
    Ok(())
}

/// Reloads on SIGHUP, like `/reload`.
#[cfg(unix)]
fn reload_on_sighup(state: Arc<AppState>) {
    tokio::spawn(async move {
        let Ok(mut hup) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())
        else {
            tracing::warn!("cannot listen for SIGHUP; use /reload");
            return;
        };
        while hup.recv().await.is_some() {
            let text = admin::reload(&state).await;
            tracing::info!(result = %text.replace('\n', "; "), "SIGHUP reload");
        }
    });
}

#[cfg(not(unix))]
fn reload_on_sighup(_state: Arc<AppState>) {}

/// `report-bot run`: loads the knowledge base, then serves Telegram until Ctrl-C.
pub fn run(knowledge: &Path) -> Result<()> {
    let config = BotConfig::from_env(knowledge.to_path_buf())?;
    let snapshot = Snapshot::load(knowledge)
        .with_context(|| format!("cannot load knowledge base {}", knowledge.display()))?;
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(serve(config, snapshot))
}

async fn serve(config: BotConfig, snapshot: Snapshot) -> Result<()> {
    let bot = client(&config);
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
    // listen for SIGTERM before the first request: a signal during start-up is not lost
    let mut dispatcher = dispatcher(bot.clone(), state.clone());
    stop_on_signals(dispatcher.shutdown_token());
    if let Err(e) = register_commands(&bot, &state).await {
        tracing::warn!(error = %state.config.token.redact(&e.to_string()), "cannot register the command menu");
    }
    reload_on_sighup(state.clone());
    let webhook = state.config.webhook_url.clone();
    let port = state.config.port;
    let token = state.config.token.clone();
    tracing::info!(
        mode = if webhook.is_some() {
            "webhook"
        } else {
            "polling"
        },
        "bot started"
    );
    match webhook {
        Some(url) => {
            let options = teloxide::update_listeners::webhooks::Options::new(
                ([0, 0, 0, 0], port).into(),
                url,
            );
            let listener = teloxide::update_listeners::webhooks::axum(bot, options)
                .await
                .map_err(|e| anyhow::anyhow!(token.redact(&e.to_string())))
                .context("cannot set the webhook")?;
            let errors = Arc::new(RedactingErrorHandler { token });
            dispatcher.dispatch_with_listener(listener, errors).await;
        }
        None => {
            let listener = teloxide::update_listeners::polling_default(bot).await;
            let errors = Arc::new(RedactingErrorHandler { token });
            dispatcher.dispatch_with_listener(listener, errors).await;
        }
    }
    // dispatching has stopped and in-flight handlers have finished: flush the question log
    state.close_log();
    if let Some(writer) = writer {
        tokio::task::spawn_blocking(move || writer.finish())
            .await
            .ok();
    }
    tracing::info!("bot stopped");
    Ok(())
}

/// SIGTERM or Ctrl-C: stop taking updates and let in-flight replies finish. Listens from the
/// moment it is called; a signal that arrives before dispatching has started (while the bot
/// registers its commands or sets up polling) stops the bot as soon as dispatching starts.
fn stop_on_signals(token: teloxide::dispatching::ShutdownToken) {
    #[cfg(unix)]
    let signals = {
        use tokio::signal::unix::{SignalKind, signal};
        signal(SignalKind::terminate()).and_then(|t| Ok((t, signal(SignalKind::interrupt())?)))
    };
    tokio::spawn(async move {
        #[cfg(unix)]
        {
            let Ok((mut term, mut int)) = signals else {
                tracing::warn!("cannot listen for SIGTERM");
                return;
            };
            tokio::select! {
                _ = term.recv() => {}
                _ = int.recv() => {}
            }
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutting down");
        // `shutdown` fails while the dispatcher is idle, i.e. has not started yet: retry
        loop {
            if let Ok(done) = token.shutdown() {
                done.await;
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    });
}
