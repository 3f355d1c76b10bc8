//! The handler tree and its endpoints. Each endpoint takes the text, asks the engine, renders
//! with [`crate::reply`] and sends; errors are logged with the token redacted.

use std::sync::Arc;

use teloxide::dispatching::UpdateHandler;
use teloxide::prelude::*;
use teloxide::types::{
    InlineKeyboardButton, InlineKeyboardMarkup, InlineQueryResult, InlineQueryResultArticle,
    InputMessageContent, InputMessageContentText, Me, MessageId, ParseMode, ReplyParameters,
};
use teloxide::utils::command::BotCommands;

use super::TgBot;
use super::commands::{AdminCommand, Command};
use super::flood::Verdict;
use super::format::{self, MESSAGE_LIMIT};
use super::send::deliver;
use super::state::AppState;
use crate::engine::{Answer, Part, Suggestion};
use crate::reply;

/// What endpoints return.
pub type HandlerResult = anyhow::Result<()>;

/// Callback data prefix for "ask this entry" buttons.
const ASK_PREFIX: &str = "q:";

/// The whole handler tree: user commands, admin commands (admins only; others get a polite
/// refusal), questions as text, everything else; then button presses and inline queries.
pub fn schema() -> UpdateHandler<anyhow::Error> {
    let is_admin = |state: Arc<AppState>, msg: Message| state.config.is_admin(msg.from.as_ref());
    let messages = Update::filter_message()
        .branch(
            dptree::entry()
                .filter_command::<Command>()
                .endpoint(on_command),
        )
        .branch(
            dptree::filter(is_admin)
                .filter_command::<AdminCommand>()
                .endpoint(on_admin),
        )
        .branch(
            dptree::entry()
                .filter_command::<AdminCommand>()
                .endpoint(refuse_admin),
        )
        .branch(dptree::filter_map(|msg: Message| msg.text().map(str::to_owned)).endpoint(on_text))
        .branch(dptree::endpoint(on_other));
    dptree::entry()
        .branch(messages)
        .branch(Update::filter_callback_query().endpoint(on_callback))
        .branch(Update::filter_inline_query().endpoint(on_inline))
}

/// Does `text` contain `@username` as a whole mention (not the start of `@username_fan`)?
pub fn mentions_username(text: &str, username: &str) -> bool {
    let text = text.to_lowercase();
    let mention = format!("@{}", username.to_lowercase());
    text.match_indices(&mention).any(|(i, m)| {
        let next = text[i + m.len()..].chars().next();
        !next.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// Is a group message addressed to the bot: a mention of it, or a reply to one of its messages?
pub fn addressed_to_bot(msg: &Message, text: &str, me: &Me) -> bool {
    let replied_to_bot = msg
        .reply_to_message()
        .and_then(|m| m.from.as_ref())
        .is_some_and(|u| u.id == me.id);
    replied_to_bot || mentions_username(text, me.username())
}

async fn on_text(
    bot: TgBot,
    msg: Message,
    me: Me,
    state: Arc<AppState>,
    text: String,
) -> HandlerResult {
    if msg.chat.is_private() {
        return ask(&bot, &state, &msg, &text).await;
    }
    if (msg.chat.is_group() || msg.chat.is_supergroup()) && addressed_to_bot(&msg, &text, &me) {
        return ask(&bot, &state, &msg, &text).await;
    }
    Ok(())
}

/// Said for stickers, photos and voice in a private chat (at most once a minute per chat).
const TEXT_ONLY: &str = "我只看得懂文字问题。请直接输入,比如:去年地区生产总值多少?";

async fn on_other(bot: TgBot, msg: Message, state: Arc<AppState>) -> HandlerResult {
    // stickers, photos, voice, service messages: a hint in private chats, silence in groups
    let hint_due = state.hints.check(msg.chat.id.0, std::time::Instant::now()) == Verdict::Allow;
    if msg.chat.is_private() && msg.from.is_some() && hint_due {
        answer_with(&bot, &state, &msg, TEXT_ONLY).await?;
    }
    Ok(())
}

async fn on_command(bot: TgBot, msg: Message, state: Arc<AppState>, cmd: Command) -> HandlerResult {
    let chat = msg.chat.id;
    let reply_to = reply_target(&msg);
    let live = state.live();
    let kb = live.snapshot.knowledge();
    let (html, buttons) = match cmd {
        Command::Ask(q) if !q.trim().is_empty() => return ask(&bot, &state, &msg, &q).await,
        Command::Ask(_) => (
            "用法:/ask 你的问题,例如 /ask 去年地区生产总值多少".to_string(),
            None,
        ),
        Command::Start | Command::Help => {
            let examples: Vec<Suggestion> = super::info::examples(kb);
            let help = reply::help_line(Some(live.snapshot.engine.scope()));
            let text = format!("{help}\n\n{}", Command::descriptions());
            (reply::escape(&text), keyboard(&examples))
        }
        Command::Sections => (super::info::sections(kb), None),
        Command::Section(id) => (super::info::section(kb, id.trim()), None),
        Command::Figures => (super::info::figures(kb), None),
        Command::About => (super::info::about(kb), None),
    };
    send(&bot, &state, chat, reply_to, &html, buttons).await
}

/// Said when an admin command is sent in a group: its output (other users' questions, the
/// knowledge base's state) is for the admin alone.
pub const ADMIN_IN_PRIVATE: &str = "管理员命令请在和我的私聊中使用,群里不显示管理数据。";

async fn on_admin(
    bot: TgBot,
    msg: Message,
    state: Arc<AppState>,
    cmd: AdminCommand,
) -> HandlerResult {
    if !msg.chat.is_private() {
        return answer_with(&bot, &state, &msg, ADMIN_IN_PRIVATE).await;
    }
    let text = match cmd {
        AdminCommand::Reload => super::admin::reload(&state).await,
        AdminCommand::Rollback => super::admin::rollback(&state).await,
        AdminCommand::Stats => state.stats(),
        AdminCommand::Unanswered(n) => {
            super::admin::unanswered(&state, n.trim().parse().unwrap_or(10)).await
        }
    };
    answer_with(&bot, &state, &msg, &reply::escape(&text)).await
}

async fn refuse_admin(bot: TgBot, msg: Message, state: Arc<AppState>) -> HandlerResult {
    answer_with(&bot, &state, &msg, "抱歉,这个命令只有管理员可以使用。").await
}

/// Replies to `msg` with HTML and no buttons (threaded in groups).
async fn answer_with(bot: &TgBot, state: &AppState, msg: &Message, html: &str) -> HandlerResult {
    send(bot, state, msg.chat.id, reply_target(msg), html, None).await
}

async fn on_callback(bot: TgBot, q: CallbackQuery, state: Arc<AppState>) -> HandlerResult {
    let live = state.live();
    let part = q
        .data
        .as_deref()
        .and_then(|d| d.strip_prefix(ASK_PREFIX))
        .and_then(|id| live.snapshot.engine.entry_part(id));
    tracing::info!(kind = "button", valid = part.is_some(), "button pressed");
    let retry = &state.config.retry;
    match (part, q.regular_message()) {
        (Some(part), Some(pressed)) => {
            // the toast only stops the button's spinner: a failure there (a query too old after
            // a restart, say) must not cost the answer
            let toast = bot.answer_callback_query(q.id.clone());
            if let Err(e) = deliver(&state.limiter, retry, None, toast).await {
                let error = state.config.token.redact(&format!("{e:#}"));
                tracing::warn!(error = %error, "cannot answer the button press");
            }
            state.count(true);
            // the answer goes where the button was: same chat, same forum topic
            let mut req = bot
                .send_message(pressed.chat.id, reply::html_part(&part))
                .parse_mode(ParseMode::Html);
            if let Some(thread) = pressed.thread_id {
                req = req.message_thread_id(thread);
            }
            deliver(&state.limiter, retry, Some(pressed.chat.id), req).await?;
            Ok(())
        }
        _ => {
            let req = bot
                .answer_callback_query(q.id.clone())
                .text("这个按钮已失效,请重新提问。");
            deliver(&state.limiter, retry, None, req).await?;
            Ok(())
        }
    }
}

/// Results offered in inline mode (Telegram allows 50; a phone shows about eight without scrolling).
const INLINE_RESULTS: usize = 8;

async fn on_inline(bot: TgBot, q: InlineQuery, state: Arc<AppState>) -> HandlerResult {
    let started = std::time::Instant::now();
    let live = state.live();
    let engine = &live.snapshot.engine;
    let parts: Vec<Part> = if q.query.trim().is_empty() {
        super::info::key_entries(engine.knowledge())
            .iter()
            .filter_map(|id| engine.entry_part(id))
            .collect()
    } else {
        let answer = engine.answer(&q.query);
        // one row per finished query, not per keystroke
        state.record_inline(q.from.id.0, &answer);
        let mut parts = answer.parts.clone();
        let t = engine.tuning();
        for hit in engine.search(&q.query).iter().take(t.inline_extra) {
            let id = &engine.knowledge().entries[hit.entry].id;
            if hit.score >= t.inline_threshold
                && !parts
                    .iter()
                    .any(|p| p.source == crate::engine::Source::Entry { id: id.clone() })
            {
                parts.extend(engine.entry_part(id));
            }
        }
        parts
    };
    let results: Vec<InlineQueryResult> = parts
        .iter()
        .take(INLINE_RESULTS)
        .enumerate()
        .map(|(i, p)| article(i, p).into())
        .collect();
    let count = results.len();
    let req = bot
        .answer_inline_query(q.id.clone(), results)
        .cache_time(60);
    deliver(&state.limiter, &state.config.retry, None, req).await?;
    let micros = started.elapsed().as_micros() as u64;
    tracing::info!(kind = "inline", results = count, micros, "inline query");
    Ok(())
}

fn article(i: usize, part: &Part) -> InlineQueryResultArticle {
    let content = InputMessageContentText::new(reply::html_part(part)).parse_mode(ParseMode::Html);
    InlineQueryResultArticle::new(
        format!("r{i}"),
        part.answer.clone(),
        InputMessageContent::Text(content),
    )
    .description(part.section_title.clone())
}

/// Where a reply goes: threaded under the asker's message in groups, plain in private chats.
pub fn reply_target(msg: &Message) -> Option<MessageId> {
    (!msg.chat.is_private()).then_some(msg.id)
}

/// Answers a question in its conversation's context and sends the reply (as a reply to the
/// asker in groups). Flood control has already been applied by the scheduler.
async fn ask(bot: &TgBot, state: &AppState, msg: &Message, text: &str) -> HandlerResult {
    let kind = if msg.chat.is_private() {
        "private"
    } else {
        "group"
    };
    let live = state.live();
    let started = std::time::Instant::now();
    let key = (msg.chat.id.0, msg.from.as_ref().map_or(0, |u| u.id.0));
    let context = state.conversations.get(key, started);
    let (answer, context): (Answer, _) = live.snapshot.engine.answer_in(text, &context);
    state.conversations.put(key, context, started);
    let micros = started.elapsed().as_micros() as u64;
    state.record(kind, &answer);
    tracing::info!(
        kind,
        answered = answer.answered(),
        entry = answer.matched().unwrap_or_default(),
        micros,
        "question"
    );
    send(
        bot,
        state,
        msg.chat.id,
        reply_target(msg),
        &reply::html(&answer),
        keyboard(&answer.suggestions),
    )
    .await
}

/// Said once when someone asks faster than the flood limit allows.
pub const SLOW_DOWN: &str = "问得有点快了,我先歇一下,请过几秒再问。";

/// Who a message counts against for flood control: the user in a private chat, the whole group otherwise.
pub fn flood_key(msg: &Message) -> i64 {
    match (&msg.from, msg.chat.is_private()) {
        (Some(user), true) => user.id.0 as i64,
        _ => msg.chat.id.0,
    }
}

/// Buttons that ask an entry's question; data is `q:<entry id>` (Telegram allows 64 bytes).
pub fn keyboard(suggestions: &[Suggestion]) -> Option<InlineKeyboardMarkup> {
    let rows: Vec<Vec<InlineKeyboardButton>> = suggestions
        .iter()
        .filter(|s| ASK_PREFIX.len() + s.entry.len() <= 64)
        .map(|s| {
            let label: String = s.question.chars().take(40).collect();
            vec![InlineKeyboardButton::callback(
                label,
                format!("{ASK_PREFIX}{}", s.entry),
            )]
        })
        .collect();
    (!rows.is_empty()).then(|| InlineKeyboardMarkup::new(rows))
}

/// Sends HTML to `chat`, split between whole rendered parts within Telegram's limit
/// ([`format::split`]); buttons go on the last piece. Each piece is retried by the
/// configuration's [`super::send::RetryPolicy`].
pub async fn send(
    bot: &TgBot,
    state: &AppState,
    chat: ChatId,
    reply_to: Option<MessageId>,
    html: &str,
    buttons: Option<InlineKeyboardMarkup>,
) -> HandlerResult {
    let pieces = format::split(html, MESSAGE_LIMIT);
    let last = pieces.len().saturating_sub(1);
    for (i, piece) in pieces.into_iter().enumerate() {
        let mut req = bot.send_message(chat, piece).parse_mode(ParseMode::Html);
        if let Some(id) = reply_to {
            req = req.reply_parameters(ReplyParameters::new(id).allow_sending_without_reply());
        }
        if i == last
            && let Some(b) = buttons.clone()
        {
            req = req.reply_markup(b);
        }
        deliver(&state.limiter, &state.config.retry, Some(chat), req).await?;
    }
    Ok(())
}
