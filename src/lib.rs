//! xihu-report-bot: answers questions about the 2023 government work report of Hangzhou's Xihu District,
//! every answer with the verbatim quotation and the section it comes from.
//!
//! # Layout
//! - [`knowledge`]: files under `knowledge/` → a validated [`knowledge::KnowledgeBase`]. No Telegram.
//! - [`engine`]: question + conversation context → [`engine::Answer`] and the next context; pure,
//!   synchronous, no I/O. A pipeline of strategies (one file each under `engine/strategy/`).
//! - [`snapshot`]: a knowledge base and its engine, loaded and checked together (what `/reload` swaps).
//! - [`browse`]: the content of `/sections`, `/section`, `/figures` and `/about`, computed once
//!   for the bot and the console and rendered in either's [`bot::format::Style`].
//! - [`curator`]: unanswered questions and draft entries from the question log.
//! - [`questionlog`]: the SQLite log of handled questions, for the curators (no user data).
//! - [`addressing`]: `/ask`, `@botname` taken off a message before the engine reads it (bot and
//!   console).
//! - [`bot`]: teloxide handlers, commands, admin reload; answers as Telegram HTML
//!   ([`bot::format`]) with every user-facing sentence in [`bot::texts`]; its own update loop,
//!   per-chat scheduler and durable inbox.
//! - [`init`]: a draft knowledge directory generated from any report's text (`report-bot init`).
//! - [`synthetic`]: knowledge directories 10× or 100× the real one, for scale measurements.
//! - [`cli`]: the `report-bot` command line, the console's plain-text answers, and the bot's
//!   configuration (flags and environment, [`bot::config::BotArgs`]).
//!
//! Data flows one way: files → knowledge → engine → bot/cli. The engine never imports tokio or teloxide.

pub mod addressing;
pub mod bot;
pub mod browse;
pub mod cli;
pub mod curator;
pub mod engine;
pub mod init;
pub mod knowledge;
pub mod questionlog;
pub mod snapshot;
pub mod synthetic;
