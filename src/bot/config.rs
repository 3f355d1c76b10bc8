//! Bot configuration from the environment (`.env` is read first by `main`).

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result, bail};

use super::flood::FloodLimit;
use super::limiter::SendLimits;
use super::send::RetryPolicy;
use teloxide::types::User;
use url::Url;

/// The bot token; never printed (its `Debug` is redacted).
#[derive(Clone)]
pub struct Token(String);

impl Token {
    /// Wraps a token.
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }

    /// The token itself, for the Bot API client only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Replaces the token wherever it appears in `text` (request URLs in errors contain it).
    pub fn redact(&self, text: &str) -> String {
        if self.0.is_empty() {
            text.to_string()
        } else {
            text.replace(&self.0, "<token>")
        }
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

/// Everything the bot reads from the environment.
#[derive(Debug, Clone)]
pub struct BotConfig {
    /// `TELOXIDE_TOKEN`.
    pub token: Token,
    /// `TELOXIDE_API_URL`: a local Bot API server, or a fake one in tests.
    pub api_url: Option<Url>,
    /// `ADMIN_IDS`: user ids allowed to run admin commands.
    pub admin_ids: Vec<u64>,
    /// `KNOWLEDGE_DIR`.
    pub knowledge_dir: PathBuf,
    /// `WEBHOOK_URL`: receive updates by webhook instead of long polling.
    pub webhook_url: Option<Url>,
    /// `PORT`: where the webhook server listens.
    pub port: u16,
    /// `DATA_DIR` (default `data`): where the question log lives; `None` keeps no log.
    pub data_dir: Option<PathBuf>,
    /// `FLOOD_LIMIT` (default `5/10`): questions per seconds, per user or group.
    pub flood: FloodLimit,
    /// What the bot may send (Telegram's limits).
    pub send_limits: SendLimits,
    /// How sending is retried (`SEND_DEADLINE` seconds in all, default 60).
    pub retry: RetryPolicy,
    /// Longest wait for one Bot API response (long polls add their own timeout).
    pub http_timeout: Duration,
    /// Seconds a `getUpdates` long poll waits for updates.
    pub poll_timeout: u32,
    /// `SHUTDOWN_GRACE` (seconds, default 8): after SIGTERM, how long in-flight and queued
    /// replies may take before the bot exits and leaves the rest in the inbox. Fits Docker's
    /// default 10-s stop timeout and systemd's 90 s.
    pub shutdown_grace: Duration,
    /// How long a `/reload` may take before it is abandoned (the reload lock is released).
    pub reload_deadline: Duration,
}

/// Default of `SHUTDOWN_GRACE`.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(8);
/// Default of [`BotConfig::reload_deadline`].
pub const RELOAD_DEADLINE: Duration = Duration::from_secs(60);
/// Default of [`BotConfig::http_timeout`] (teloxide's own is 17 s).
pub const HTTP_TIMEOUT: Duration = Duration::from_secs(25);
/// Default of [`BotConfig::poll_timeout`].
pub const POLL_TIMEOUT: u32 = 10;

fn seconds(key: &str, default: Duration) -> Result<Duration> {
    match std::env::var(key) {
        Ok(v) if !v.trim().is_empty() => {
            let secs: f64 = v
                .trim()
                .parse()
                .ok()
                .filter(|s: &f64| s.is_finite() && *s >= 0.0)
                .with_context(|| format!("{key} must be a number of seconds, not {v:?}"))?;
            Ok(Duration::from_secs_f64(secs))
        }
        _ => Ok(default),
    }
}

/// Shown when `TELOXIDE_TOKEN` is missing.
pub const MISSING_TOKEN: &str = "TELOXIDE_TOKEN is not set. Create a bot with @BotFather in Telegram (/newbot), \
copy the token it gives you and put it in a .env file next to Cargo.toml as TELOXIDE_TOKEN=123456:ABC... \
(see .env.example), or export it in the environment. To try the bot without Telegram, run `report-bot chat`.";

impl BotConfig {
    /// Reads the configuration; a missing token is an error that says how to get one.
    pub fn from_env(knowledge_dir: PathBuf) -> Result<Self> {
        let token = std::env::var("TELOXIDE_TOKEN")
            .ok()
            .filter(|t| !t.trim().is_empty());
        let Some(token) = token else {
            bail!(MISSING_TOKEN)
        };
        let url = |key: &str| -> Result<Option<Url>> {
            match std::env::var(key).ok().filter(|v| !v.trim().is_empty()) {
                Some(v) => {
                    Ok(Some(Url::parse(v.trim()).with_context(|| {
                        format!("{key} is not a valid URL: {v}")
                    })?))
                }
                None => Ok(None),
            }
        };
        let port = match std::env::var("PORT") {
            Ok(p) => p
                .trim()
                .parse()
                .with_context(|| format!("PORT is not a port number: {p}"))?,
            Err(_) => 8443,
        };
        Ok(Self {
            token: Token::new(token.trim()),
            api_url: url("TELOXIDE_API_URL")?,
            admin_ids: parse_admin_ids(&std::env::var("ADMIN_IDS").unwrap_or_default())?,
            knowledge_dir,
            webhook_url: url("WEBHOOK_URL")?,
            port,
            data_dir: Some(
                std::env::var("DATA_DIR")
                    .ok()
                    .filter(|d| !d.trim().is_empty())
                    .unwrap_or_else(|| "data".into())
                    .into(),
            ),
            flood: match std::env::var("FLOOD_LIMIT") {
                Ok(v) => FloodLimit::parse(&v).with_context(|| {
                    format!("FLOOD_LIMIT must look like 5/10 (questions/seconds), not {v:?}")
                })?,
                Err(_) => FloodLimit::default(),
            },
            send_limits: match std::env::var("SEND_LIMITS") {
                Ok(v) if !v.trim().is_empty() => parse_send_limits(&v).with_context(|| {
                    format!("SEND_LIMITS must look like 30/1/20 (messages per second overall, per second per chat, per minute per group), not {v:?}")
                })?,
                _ => SendLimits::default(),
            },
            retry: RetryPolicy {
                deadline: seconds("SEND_DEADLINE", RetryPolicy::default().deadline)?,
                ..RetryPolicy::default()
            },
            http_timeout: HTTP_TIMEOUT,
            poll_timeout: POLL_TIMEOUT,
            shutdown_grace: seconds("SHUTDOWN_GRACE", SHUTDOWN_GRACE)?,
            reload_deadline: RELOAD_DEADLINE,
        })
    }

    /// True when `user` may run admin commands (checked by user id only).
    pub fn is_admin(&self, user: Option<&User>) -> bool {
        user.is_some_and(|u| self.admin_ids.contains(&u.id.0))
    }
}

/// Parses `SEND_LIMITS` (`30/1/20`: per second overall, per second per chat, per minute per
/// group). Only for a local Bot API server or a test double: Telegram's own are the default.
pub fn parse_send_limits(s: &str) -> Option<SendLimits> {
    let parts: Vec<u32> = s
        .split('/')
        .map(|p| p.trim().parse().ok().filter(|&n| n > 0))
        .collect::<Option<_>>()?;
    match parts[..] {
        [overall_per_second, chat_per_second, group_per_minute] => Some(SendLimits {
            overall_per_second,
            chat_per_second,
            group_per_minute,
        }),
        _ => None,
    }
}

/// Parses `ADMIN_IDS` (`123, 456`).
pub fn parse_admin_ids(s: &str) -> Result<Vec<u64>> {
    s.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            p.parse::<u64>()
                .with_context(|| format!("ADMIN_IDS: {p:?} is not a numeric Telegram user id"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_ids_parse() {
        assert_eq!(parse_admin_ids(" 1, 22 ,").unwrap(), [1, 22]);
        assert!(parse_admin_ids("abc").is_err());
    }

    #[test]
    fn send_limits_parse() {
        assert_eq!(parse_send_limits("30/1/20"), Some(SendLimits::default()));
        assert_eq!(parse_send_limits("30/1"), None);
        assert_eq!(parse_send_limits("30/0/20"), None);
    }

    #[test]
    fn token_is_redacted() {
        let t = Token::new("123:SECRET");
        assert_eq!(format!("{t:?}"), "Token(<redacted>)");
        assert_eq!(
            t.redact("https://api/bot123:SECRET/getMe"),
            "https://api/bot<token>/getMe"
        );
    }
}
