//! Sending: every reply goes out through [`send_html`] (split within Telegram's length limit),
//! and every request to Telegram that carries a reply through [`deliver`] (the limiter's turn,
//! then retries).
//!
//! What is retried, and for how long:
//! - 429 Too Many Requests: after exactly the `retry_after` Telegram gives, every time;
//! - 5xx, timeouts, connection errors, a reply that is not Telegram's JSON (a proxy's error page):
//!   with exponential backoff from [`RetryPolicy::first_backoff`] doubling up to
//!   [`RetryPolicy::max_backoff`];
//! - both only until [`RetryPolicy::deadline`] has passed since the first attempt; then the
//!   error is returned, and the update stays unfinished in the inbox to be answered later.
//!
//! A request Telegram refuses (400 Bad Request, 403 blocked by the user, ...) is never retried:
//! sending it again would be refused again.

use std::time::{Duration, Instant};

use teloxide::prelude::*;
use teloxide::requests::{Output, Request};
use teloxide::types::{InlineKeyboardMarkup, MessageId, ReplyParameters};
use teloxide::{ApiError, RequestError};

use super::TgBot;
use super::format::{self, MESSAGE_LIMIT};
use super::limiter::SendLimiter;
use super::state::AppState;

/// How long and how often a request is retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Total time from the first attempt after which no retry starts.
    pub deadline: Duration,
    /// The first wait after a 5xx or network error.
    pub first_backoff: Duration,
    /// The longest wait between two attempts (429's `retry_after` aside).
    pub max_backoff: Duration,
}

/// Default of [`RetryPolicy::deadline`] (`SEND_DEADLINE`): long enough to ride out a Bot API
/// restart, short enough that the inbox, not a stuck worker, holds an update for later.
pub const SEND_DEADLINE: Duration = Duration::from_secs(60);

impl Default for RetryPolicy {
    /// 60 s in all, waits of 0.5, 1, 2, 4, 8, 8, ... s.
    fn default() -> Self {
        Self {
            deadline: SEND_DEADLINE,
            first_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
        }
    }
}

/// Where a reply goes: threaded under the asker's message in groups, plain in private chats.
pub fn reply_target(msg: &Message) -> Option<MessageId> {
    (!msg.chat.is_private()).then_some(msg.id)
}

/// Replies to `msg` with HTML and no buttons (threaded in groups).
pub async fn reply_html(
    bot: &TgBot,
    state: &AppState,
    msg: &Message,
    html: &str,
) -> anyhow::Result<()> {
    send_html(bot, state, msg.chat.id, reply_target(msg), html, None).await
}

/// Sends HTML to `chat`, split between whole rendered parts within Telegram's limit
/// ([`format::split`]); buttons go on the last piece. Each piece is retried by the
/// configuration's [`RetryPolicy`].
pub async fn send_html(
    bot: &TgBot,
    state: &AppState,
    chat: ChatId,
    reply_to: Option<MessageId>,
    html: &str,
    buttons: Option<InlineKeyboardMarkup>,
) -> anyhow::Result<()> {
    send_html_in(bot, state, chat, None, reply_to, html, buttons)
        .await
        .map(drop)
}

/// [`send_html`] into a forum topic (`thread`): where a button was pressed. Returns the ids of
/// the messages sent, in order (an answer sent as one message is remembered for edits).
pub async fn send_html_in(
    bot: &TgBot,
    state: &AppState,
    chat: ChatId,
    thread: Option<teloxide::types::ThreadId>,
    reply_to: Option<MessageId>,
    html: &str,
    buttons: Option<InlineKeyboardMarkup>,
) -> anyhow::Result<Vec<MessageId>> {
    let pieces = format::split(html, MESSAGE_LIMIT);
    let last = pieces.len().saturating_sub(1);
    let mut sent = Vec::with_capacity(pieces.len());
    for (i, piece) in pieces.into_iter().enumerate() {
        // HTML: the client's default parse mode (see [`super::client`])
        let mut req = bot.send_message(chat, piece);
        if let Some(thread) = thread {
            req = req.message_thread_id(thread);
        }
        if let Some(id) = reply_to {
            req = req.reply_parameters(ReplyParameters::new(id).allow_sending_without_reply());
        }
        if i == last
            && let Some(b) = buttons.clone()
        {
            req = req.reply_markup(b);
        }
        sent.push(
            deliver(&state.limiter, &state.config.retry, Some(chat), req)
                .await?
                .id,
        );
    }
    Ok(sent)
}

/// The answer to a question: sent as a reply to it (threaded in groups) and remembered when
/// it is one message; for an edited question (`msg.edit_date()`), the earlier reply is edited
/// instead where it is remembered and fits one message. An edit Telegram refuses for good (the
/// reply was deleted, is too old to edit) falls back to a new reply; "message is not modified"
/// means the reply already reads so, and nothing more is sent.
pub async fn answer_question(
    bot: &TgBot,
    state: &AppState,
    msg: &Message,
    html: &str,
    buttons: Option<InlineKeyboardMarkup>,
) -> anyhow::Result<()> {
    let asked = (msg.chat.id.0, msg.id.0);
    let earlier = msg.edit_date().and_then(|_| state.replies.reply_to(asked));
    if let Some(reply) = earlier
        && format::split(html, MESSAGE_LIMIT).len() == 1
    {
        let mut req = bot.edit_message_text(msg.chat.id, MessageId(reply), html);
        if let Some(b) = buttons.clone() {
            req = req.reply_markup(b);
        }
        match deliver(&state.limiter, &state.config.retry, Some(msg.chat.id), req).await {
            Ok(_) => return Ok(()),
            Err(e) if not_modified(&e) => return Ok(()),
            Err(e) if is_transient_anyhow(&e) => return Err(e),
            Err(e) => {
                let error = state.config.token.redact(&format!("{e:#}"));
                tracing::info!(error = %error, "cannot edit the earlier reply; sending a new one");
            }
        }
    }
    let sent = send_html_in(
        bot,
        state,
        msg.chat.id,
        None,
        reply_target(msg),
        html,
        buttons,
    )
    .await?;
    if let [one] = sent[..] {
        state.replies.remember(asked, one.0);
    }
    Ok(())
}

/// Is this Telegram's "message is not modified" (an edit to the text the message has)?
fn not_modified(error: &anyhow::Error) -> bool {
    error.chain().any(|e| {
        matches!(
            e.downcast_ref::<RequestError>(),
            Some(RequestError::Api(ApiError::MessageNotModified))
        )
    })
}

/// Whether an error may go away by itself (retry) or will come back (do not).
pub fn is_transient(error: &RequestError) -> bool {
    match error {
        RequestError::RetryAfter(_)
        | RequestError::Network(_)
        | RequestError::InvalidJson { .. }
        | RequestError::Io(_) => true,
        RequestError::MigrateToChatId(_) => false,
        // teloxide keeps the description only: 5xx descriptions are not among its known errors
        RequestError::Api(ApiError::Unknown(description)) => {
            let d = description.to_ascii_lowercase();
            ![
                "bad request",
                "forbidden",
                "unauthorized",
                "not found",
                "conflict",
            ]
            .iter()
            .any(|p| d.starts_with(p))
        }
        RequestError::Api(_) => false,
    }
}

/// Whether an error (from a handler) is a transient Bot API error.
pub fn is_transient_anyhow(error: &anyhow::Error) -> bool {
    error.chain().any(|e| {
        e.downcast_ref::<RequestError>().is_some_and(is_transient)
            || e.downcast_ref::<GaveUp>().is_some()
    })
}

/// Sending stopped at the deadline; the last error is the source.
#[derive(Debug, thiserror::Error)]
#[error("gave up after {attempts} attempt(s) in {elapsed:?}")]
pub struct GaveUp {
    /// Attempts made.
    pub attempts: u32,
    /// Time spent.
    pub elapsed: Duration,
    /// The last error.
    #[source]
    pub last: RequestError,
}

/// Sends `req`, waiting for `chat`'s turn under Telegram's limits first when `chat` is given,
/// and retries by [`RetryPolicy`]. Refused requests return at once.
pub async fn deliver<R>(
    limiter: &SendLimiter,
    policy: &RetryPolicy,
    chat: Option<ChatId>,
    req: R,
) -> anyhow::Result<Output<R>>
where
    R: Request<Err = RequestError> + Sync,
{
    let started = Instant::now();
    let mut backoff = policy.first_backoff;
    let mut attempts = 0;
    loop {
        if let Some(chat) = chat {
            limiter.wait_turn(chat).await;
        }
        attempts += 1;
        let error = match req.send_ref().await {
            Ok(output) => return Ok(output),
            Err(e) if !is_transient(&e) => return Err(e.into()),
            Err(e) => e,
        };
        let wait = match &error {
            RequestError::RetryAfter(after) => after.duration(),
            _ => {
                let wait = backoff;
                backoff = (backoff * 2).min(policy.max_backoff);
                wait
            }
        };
        let elapsed = started.elapsed();
        if elapsed + wait > policy.deadline {
            return Err(GaveUp {
                attempts,
                elapsed,
                last: error,
            }
            .into());
        }
        tracing::warn!(
            attempt = attempts,
            wait_ms = wait.as_millis() as u64,
            error = %error,
            "Bot API request failed; retrying"
        );
        tokio::time::sleep(wait).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_are_final_and_server_errors_are_not() {
        let api = |d: &str| RequestError::Api(ApiError::Unknown(d.into()));
        assert!(is_transient(&api("Internal Server Error")));
        assert!(is_transient(&api("Bad Gateway")));
        assert!(!is_transient(&api("Bad Request: message is too long")));
        assert!(!is_transient(&RequestError::Api(ApiError::BotBlocked)));
        assert!(is_transient(&RequestError::RetryAfter(
            teloxide::types::Seconds::from_seconds(1)
        )));
    }
}
