//! Bot configuration from the environment (`.env` is read first by `main`).

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Result, bail};

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

/// The bot's settings, as flags of `report-bot run` or environment variables (`.env` is read
/// first by `main`): one place for each setting's name, default and meaning, so `run --help`
/// documents them all. [`BotArgs::into_config`] turns them into a [`BotConfig`].
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Bot settings (flags or environment variables; .env is read first)")]
pub struct BotArgs {
    /// The bot's token from @BotFather (/newbot); required
    #[arg(
        long,
        env = "TELOXIDE_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN"
    )]
    pub token: Option<String>,
    /// Another Bot API server: a local telegram-bot-api, or a test double [default: Telegram's]
    #[arg(long, env = "TELOXIDE_API_URL", value_name = "URL")]
    pub api_url: Option<Url>,
    /// Telegram user ids allowed to run /reload, /rollback, /stats and /unanswered, comma-separated
    #[arg(long, env = "ADMIN_IDS", value_name = "ID,...", default_value = "")]
    pub admin_ids: AdminIds,
    /// Receive updates by webhook at this public HTTPS URL instead of long polling
    #[arg(long, env = "WEBHOOK_URL", value_name = "URL")]
    pub webhook_url: Option<Url>,
    /// Where the webhook server listens (with --webhook-url)
    #[arg(long, env = "PORT", default_value_t = 8443)]
    pub port: u16,
    /// Where the question log and the inbox (SQLite) are kept; the log stores no user ids, names or chat ids
    #[arg(
        long = "data",
        env = "DATA_DIR",
        value_name = "DIR",
        default_value = "data"
    )]
    pub data_dir: PathBuf,
    /// Flood control: questions per seconds, per user in private chats and per group
    #[arg(long, env = "FLOOD_LIMIT", value_name = "N/SECS", default_value = "5/10", value_parser = parse_flood_limit)]
    pub flood_limit: FloodLimit,
    /// Sending limits, messages per second overall / per second per chat / per minute per group
    /// (Telegram's; change only for a local Bot API server or a test double)
    #[arg(long, env = "SEND_LIMITS", value_name = "A/B/C", default_value = "30/1/20", value_parser = parse_send_limits)]
    pub send_limits: SendLimits,
    /// Seconds a reply is retried (5xx, timeouts, connection errors, each 429's retry_after)
    /// before it is left in the inbox for a later attempt
    #[arg(long, env = "SEND_DEADLINE", value_name = "SECS", default_value = "60", value_parser = parse_seconds)]
    pub send_deadline: Duration,
    /// After SIGTERM: seconds to finish queued and in-flight replies before exiting (the rest
    /// stays in the inbox); 8 fits Docker's 10-s stop timeout
    #[arg(long, env = "SHUTDOWN_GRACE", value_name = "SECS", default_value = "8", value_parser = parse_seconds)]
    pub shutdown_grace: Duration,
}

/// `ADMIN_IDS`: numeric Telegram user ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AdminIds(pub Vec<u64>);

impl std::str::FromStr for AdminIds {
    type Err = String;

    /// Parses `123, 456` (spaces and empty items are ignored).
    fn from_str(s: &str) -> Result<Self, String> {
        s.split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| {
                p.parse::<u64>()
                    .map_err(|_| format!("{p:?} is not a numeric Telegram user id"))
            })
            .collect::<Result<_, _>>()
            .map(AdminIds)
    }
}

/// Parses a number of seconds (`0.3`, `60`).
fn parse_seconds(s: &str) -> Result<Duration, String> {
    s.trim()
        .parse()
        .ok()
        .filter(|s: &f64| s.is_finite() && *s >= 0.0)
        .map(Duration::from_secs_f64)
        .ok_or_else(|| format!("{s:?} is not a number of seconds"))
}

/// Parses `FLOOD_LIMIT` (`5/10`: 5 questions per 10 seconds).
fn parse_flood_limit(s: &str) -> Result<FloodLimit, String> {
    FloodLimit::parse(s).ok_or_else(|| format!("{s:?} does not look like 5/10 (questions/seconds)"))
}

/// Everything the bot runs with: [`BotArgs`] checked, plus the settings that only tests change.
#[derive(Debug, Clone)]
pub struct BotConfig {
    /// `TELOXIDE_TOKEN`.
    pub token: Token,
    /// `TELOXIDE_API_URL`: a local Bot API server, or a fake one in tests.
    pub api_url: Option<Url>,
    /// `ADMIN_IDS`: user ids allowed to run admin commands.
    pub admin_ids: Vec<u64>,
    /// `KNOWLEDGE_DIR` (`--knowledge`).
    pub knowledge_dir: PathBuf,
    /// `WEBHOOK_URL`: receive updates by webhook instead of long polling.
    pub webhook_url: Option<Url>,
    /// `PORT`: where the webhook server listens.
    pub port: u16,
    /// `DATA_DIR`: where the question log and the inbox live. Always set by `report-bot run`;
    /// `None` runs without either (tests of other things).
    pub data_dir: Option<PathBuf>,
    /// `FLOOD_LIMIT`: questions per seconds, per user or group.
    pub flood: FloodLimit,
    /// `SEND_LIMITS`: what the bot may send (Telegram's limits).
    pub send_limits: SendLimits,
    /// How sending is retried (`SEND_DEADLINE` seconds in all).
    pub retry: RetryPolicy,
    /// Longest wait for one Bot API response (long polls add their own timeout).
    pub http_timeout: Duration,
    /// Seconds a `getUpdates` long poll waits for updates.
    pub poll_timeout: u32,
    /// `SHUTDOWN_GRACE`: after SIGTERM, how long in-flight and queued replies may take before
    /// the bot exits and leaves the rest in the inbox. Fits Docker's default 10-s stop timeout
    /// and systemd's 90 s.
    pub shutdown_grace: Duration,
    /// How long a `/reload` may take before it is abandoned (the reload lock is released).
    pub reload_deadline: Duration,
}

/// Default of [`BotConfig::reload_deadline`].
pub const RELOAD_DEADLINE: Duration = Duration::from_secs(60);
/// Default of [`BotConfig::http_timeout`] (teloxide's own is 17 s).
pub const HTTP_TIMEOUT: Duration = Duration::from_secs(25);
/// Default of [`BotConfig::poll_timeout`].
pub const POLL_TIMEOUT: u32 = 10;

/// Shown when `TELOXIDE_TOKEN` is missing.
pub const MISSING_TOKEN: &str = "TELOXIDE_TOKEN is not set. Create a bot with @BotFather in Telegram (/newbot), \
copy the token it gives you and put it in a .env file next to Cargo.toml as TELOXIDE_TOKEN=123456:ABC... \
(see .env.example), or export it in the environment. To try the bot without Telegram, run `report-bot chat`.";

impl BotArgs {
    /// The settings of a bare `report-bot` (no `run`): the environment and the defaults.
    pub fn from_env() -> Result<Self> {
        use clap::{Args, FromArgMatches};
        let command = Self::augment_args(clap::Command::new("run"));
        let matches = command.try_get_matches_from(["run"])?;
        Ok(Self::from_arg_matches(&matches)?)
    }

    /// The configuration for a bot on `knowledge_dir`; a missing token is an error that says
    /// how to get one.
    pub fn into_config(self, knowledge_dir: PathBuf) -> Result<BotConfig> {
        let Some(token) = self.token.filter(|t| !t.trim().is_empty()) else {
            bail!(MISSING_TOKEN)
        };
        Ok(BotConfig {
            token: Token::new(token.trim()),
            api_url: self.api_url,
            admin_ids: self.admin_ids.0,
            knowledge_dir,
            webhook_url: self.webhook_url,
            port: self.port,
            data_dir: Some(self.data_dir),
            flood: self.flood_limit,
            send_limits: self.send_limits,
            retry: RetryPolicy {
                deadline: self.send_deadline,
                ..RetryPolicy::default()
            },
            http_timeout: HTTP_TIMEOUT,
            poll_timeout: POLL_TIMEOUT,
            shutdown_grace: self.shutdown_grace,
            reload_deadline: RELOAD_DEADLINE,
        })
    }
}

impl BotConfig {
    /// True when `user` may run admin commands (checked by user id only).
    pub fn is_admin(&self, user: Option<&User>) -> bool {
        user.is_some_and(|u| self.admin_ids.contains(&u.id.0))
    }
}

/// Parses `SEND_LIMITS` (`30/1/20`: per second overall, per second per chat, per minute per
/// group). Only for a local Bot API server or a test double: Telegram's own are the default.
fn parse_send_limits(s: &str) -> Result<SendLimits, String> {
    let bad = || {
        format!(
            "{s:?} does not look like 30/1/20 (messages per second overall, per second per chat, per minute per group)"
        )
    };
    let parts: Vec<u32> = s
        .split('/')
        .map(|p| p.trim().parse().ok().filter(|&n| n > 0))
        .collect::<Option<_>>()
        .ok_or_else(bad)?;
    match parts[..] {
        [overall_per_second, chat_per_second, group_per_minute] => Ok(SendLimits {
            overall_per_second,
            chat_per_second,
            group_per_minute,
        }),
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use clap::Parser;

    /// `report-bot run`'s settings alone, as the command line parses them.
    #[derive(Parser)]
    struct Run {
        #[command(flatten)]
        args: BotArgs,
    }

    fn parse(flags: &[&str]) -> Result<BotArgs, clap::Error> {
        let argv = std::iter::once("run").chain(flags.iter().copied());
        Run::try_parse_from(argv).map(|r| r.args)
    }

    #[test]
    fn admin_ids_parse() {
        assert_eq!(" 1, 22 ,".parse(), Ok(AdminIds(vec![1, 22])));
        assert_eq!("".parse(), Ok(AdminIds::default()));
        assert!("abc".parse::<AdminIds>().is_err());
    }

    #[test]
    fn send_limits_parse() {
        assert_eq!(parse_send_limits("30/1/20"), Ok(SendLimits::default()));
        assert!(parse_send_limits("30/1").is_err());
        assert!(parse_send_limits("30/0/20").is_err());
    }

    #[test]
    fn defaults_are_the_documented_ones() {
        let args = parse(&["--token", "1:x"]).expect("parses");
        let cfg = args.into_config("k".into()).expect("config");
        assert_eq!(cfg.flood, FloodLimit::default());
        assert_eq!(cfg.send_limits, SendLimits::default());
        assert_eq!(cfg.retry, RetryPolicy::default());
        assert_eq!(cfg.shutdown_grace, Duration::from_secs(8));
        assert_eq!(cfg.port, 8443);
        assert!(
            parse(&["--flood-limit", "5"]).is_err()
                && parse(&["--send-deadline", "-1"]).is_err()
                && parse(&["--admin-ids", "12,x"]).is_err()
        );
        let cfg = parse(&[
            "--token",
            " 1:x ",
            "--shutdown-grace",
            "0.3",
            "--admin-ids",
            "7, 8",
        ])
        .expect("parses")
        .into_config("k".into())
        .expect("config");
        assert_eq!(cfg.token.expose(), "1:x");
        assert_eq!(cfg.shutdown_grace, Duration::from_millis(300));
        assert_eq!(cfg.admin_ids, [7, 8]);
    }

    #[test]
    fn a_missing_token_says_how_to_get_one() {
        let args = parse(&["--token", " "]).expect("parses");
        let err = args.into_config("k".into()).expect_err("no token");
        assert!(err.to_string().contains("BotFather"), "{err}");
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
