//! The Telegram bot: configuration, shared state, the handler tree and start-up.
//!
//! The way an update travels: [`runner`] takes it from `getUpdates` (or the webhook), journals
//! it in the [`inbox`] before Telegram learns it arrived, and hands it to the [`scheduler`]
//! (flood control, one bounded queue per chat); a worker runs the handler tree
//! ([`handlers::schema`]), which renders the reply with [`format`] and [`texts`], and
//! [`send::send_html`] sends it within Telegram's limits ([`limiter`]), retrying what can be
//! retried; then the inbox marks it done.
//! `TELOXIDE_API_URL` points the client at another Bot API server (a local one, or the fake one
//! the tests start on 127.0.0.1).

pub mod admin;
pub mod commands;
pub mod config;
pub mod conversations;
pub mod etiquette;
pub mod feedback;
pub mod flood;
pub mod format;
pub mod handlers;
pub mod inbox;
pub mod keyboard;
pub mod limiter;
pub mod replies;
pub mod runner;
pub mod scheduler;
pub mod send;
pub mod state;
pub mod texts;

use std::path::Path;

use anyhow::{Context, Result};
use teloxide::adaptors::DefaultParseMode;
use teloxide::prelude::*;
use teloxide::types::{BotCommandScope, ParseMode, Recipient};
use teloxide::utils::command::BotCommands;

use crate::snapshot::{Golden, Snapshot};
use commands::{AdminCommand, Command};
use config::BotConfig;
use state::AppState;

/// The Bot API client the bot runs on: every message text, edit and inline result is sent as
/// HTML (teloxide's [`DefaultParseMode`] adaptor sets it on each request that has none); rate
/// limits are kept by [`limiter`].
pub type TgBot = DefaultParseMode<Bot>;

/// Builds the Bot API client from the configuration: its HTTP timeout bounds a hung request.
pub fn client(config: &BotConfig) -> TgBot {
    let http = teloxide::net::default_reqwest_settings()
        .timeout(
            config.http_timeout + std::time::Duration::from_secs(u64::from(config.poll_timeout)),
        )
        .build();
    let bot = match http {
        Ok(http) => Bot::with_client(config.token.expose(), http),
        Err(_) => Bot::new(config.token.expose()),
    };
    let bot = match &config.api_url {
        Some(url) => bot.set_api_url(url.clone()),
        None => bot,
    };
    bot.parse_mode(ParseMode::Html)
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

/// `report-bot run`: loads the knowledge base, then serves Telegram until SIGTERM or Ctrl-C.
pub fn run(knowledge: &Path, args: config::BotArgs) -> Result<()> {
    let config = args.into_config(knowledge.to_path_buf())?;
    let snapshot = Snapshot::load(knowledge, Golden::Check)
        .with_context(|| format!("cannot load knowledge base {}", knowledge.display()))?;
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(runner::serve(config, snapshot))
}
