//! The handler tree and its endpoints. Each endpoint takes the text, asks the engine, renders
//! with [`crate::reply`] and sends; errors are logged with the token redacted.

use std::sync::Arc;

use teloxide::dispatching::UpdateHandler;
use teloxide::prelude::*;
use teloxide::types::{
    InlineKeyboardButton, InlineKeyboardMarkup, InlineQueryResult, InlineQueryResultArticle,
    InputMessageContent, InputMessageContentText, Me, MessageId, ParseMode, ReplyParameters,
};

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

/// Callback data prefix for "show this section's figures" buttons.
const SECTION_PREFIX: &str = "s:";

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
        .branch(dptree::filter(added_me).endpoint(on_added))
        .branch(dptree::filter_map(question_text).endpoint(on_text))
        .branch(dptree::endpoint(on_other));
    // an edited question is answered again (commands are not re-run)
    let edits = Update::filter_edited_message()
        .filter_map(question_text)
        .filter(|text: String| !text.starts_with('/'))
        .endpoint(on_text);
    dptree::entry()
        .branch(messages)
        .branch(edits)
        .branch(Update::filter_callback_query().endpoint(on_callback))
        .branch(Update::filter_inline_query().endpoint(on_inline))
        .branch(dptree::endpoint(on_unhandled))
}

/// A message's question: its text, or the caption of a photo or document.
fn question_text(msg: Message) -> Option<String> {
    msg.text().or(msg.caption()).map(str::to_owned)
}

/// Is this the service message of the bot being added to a group?
fn added_me(msg: Message, me: Me) -> bool {
    msg.new_chat_members()
        .is_some_and(|members| members.iter().any(|u| u.id == me.id))
}

/// Welcomes a group that added the bot, with the ways to ask there.
async fn on_added(bot: TgBot, msg: Message, me: Me, state: Arc<AppState>) -> HandlerResult {
    let title = state.live().snapshot.engine.scope().title.clone();
    let text = super::etiquette::welcome(&title, me.username());
    send(&bot, &state, msg.chat.id, None, &reply::escape(&text), None).await
}

/// Update kinds the bot does not handle (chat member changes, polls, …): logged, not lost silently.
async fn on_unhandled(update: Update) -> HandlerResult {
    tracing::debug!(id = update.id.0, kind = ?std::mem::discriminant(&update.kind), "update not handled");
    Ok(())
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
        if mentions_username(&text, me.username()) {
            return ask(&bot, &state, &msg, &text).await;
        }
        // a reply to the bot: a question is answered, thanks get a short thanks, chatter nothing
        let reading = super::etiquette::read(&text, &state.live().snapshot.engine);
        return match reading {
            super::etiquette::Reading::Question => ask(&bot, &state, &msg, &text).await,
            super::etiquette::Reading::Thanks => {
                answer_with(&bot, &state, &msg, super::etiquette::YOU_ARE_WELCOME).await
            }
            super::etiquette::Reading::Chatter => Ok(()),
        };
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
        // a deep link (t.me/bot?start=<entry id>) opens that answer
        Command::Start(payload) if live.snapshot.engine.entry_part(payload.trim()).is_some() => {
            return answer_entry(&bot, &state, chat, None, payload.trim()).await;
        }
        Command::Start(_) | Command::Help => {
            let examples: Vec<Suggestion> = crate::browse::example_entries(kb, 3)
                .into_iter()
                .map(Suggestion::from)
                .collect();
            let help = reply::help_line(Some(live.snapshot.engine.scope()));
            let text = format!("{help}\n\n{}", super::commands::command_list());
            (reply::escape(&text), keyboard(&examples))
        }
        Command::Sections => (
            crate::browse::render_sections(kb, &reply::HTML),
            section_buttons(kb),
        ),
        Command::Section(arg) => match crate::browse::pick_section(kb, &arg) {
            crate::browse::SectionPick::List => (
                crate::browse::render_sections(kb, &reply::HTML),
                section_buttons(kb),
            ),
            crate::browse::SectionPick::One(i) => section_reply(kb, i),
            crate::browse::SectionPick::Unknown => {
                let echo = format::trim_echo(&arg, format::ECHO_LIMIT);
                (
                    crate::browse::render_unknown_section(&echo, &reply::HTML),
                    section_buttons(kb),
                )
            }
        },
        Command::Figures => (crate::browse::render_key_figures(kb, &reply::HTML), None),
        Command::About => (crate::browse::render_about(kb, &reply::HTML), None),
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

/// What a button asks for.
enum Pressed {
    /// An entry's answer.
    Entry(String),
    /// A section's figures.
    Section(usize),
    /// A vote on an answer.
    Vote(super::feedback::Vote),
}

/// Reads a button's data against the live knowledge base (`None`: expired or unknown).
fn pressed(data: &str, live: &super::state::Live) -> Option<Pressed> {
    if let Some(id) = data.strip_prefix(ASK_PREFIX) {
        return live
            .snapshot
            .engine
            .entry_part(id)
            .map(|_| Pressed::Entry(id.to_string()));
    }
    if let Some(id) = data.strip_prefix(SECTION_PREFIX) {
        let kb = live.snapshot.knowledge();
        return kb
            .report
            .sections
            .iter()
            .position(|s| s.id == id)
            .map(Pressed::Section);
    }
    super::feedback::parse(data).map(Pressed::Vote)
}

async fn on_callback(bot: TgBot, q: CallbackQuery, state: Arc<AppState>) -> HandlerResult {
    let live = state.live();
    let what = q.data.as_deref().and_then(|d| pressed(d, &live));
    tracing::info!(kind = "button", valid = what.is_some(), "button pressed");
    let retry = &state.config.retry;
    match (what, q.regular_message()) {
        (Some(Pressed::Vote(vote)), _) => {
            // the question comes from the bot's memory; the entry from the button itself
            let question = state.answers.question(vote.token).unwrap_or_default();
            tracing::info!(kind = "vote", up = vote.up, entry = %vote.entry, "answer rated");
            state.record_vote(crate::questionlog::Feedback::now(
                question,
                vote.entry.clone(),
                vote.up,
            ));
            let text = if vote.up {
                super::feedback::THANKS_UP
            } else {
                super::feedback::THANKS_DOWN
            };
            let req = bot.answer_callback_query(q.id.clone()).text(text);
            deliver(&state.limiter, retry, None, req).await?;
            Ok(())
        }
        (Some(what), Some(pressed)) => {
            // the toast only stops the button's spinner: a failure there (a query too old after
            // a restart, say) must not cost the answer
            let toast = bot.answer_callback_query(q.id.clone());
            if let Err(e) = deliver(&state.limiter, retry, None, toast).await {
                let error = state.config.token.redact(&format!("{e:#}"));
                tracing::warn!(error = %error, "cannot answer the button press");
            }
            // the answer goes where the button was: same chat, same forum topic
            let (chat, thread) = (pressed.chat.id, pressed.thread_id);
            match what {
                Pressed::Entry(id) => answer_entry(&bot, &state, chat, thread, &id).await,
                Pressed::Section(i) => {
                    let (html, buttons) = section_reply(live.snapshot.knowledge(), i);
                    send_in(&bot, &state, chat, thread, None, &html, buttons).await
                }
                Pressed::Vote(_) => Ok(()),
            }
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
        // an empty query: figures from different sections, as /start's examples
        crate::browse::example_entries(engine.knowledge(), INLINE_RESULTS)
            .iter()
            .filter_map(|e| engine.entry_part(&e.id))
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
    let mut results: Vec<InlineQueryResult> = parts
        .iter()
        .take(INLINE_RESULTS)
        .enumerate()
        .map(|(i, p)| article(i, p).into())
        .collect();
    if results.is_empty() {
        // nothing to offer: say so, rather than an empty list that looks broken
        results.push(no_result_article(&q.query, &engine.answer(&q.query)).into());
    }
    let count = results.len();
    let req = bot
        .answer_inline_query(q.id.clone(), results)
        .cache_time(60);
    deliver(&state.limiter, &state.config.retry, None, req).await?;
    let micros = started.elapsed().as_micros() as u64;
    tracing::info!(kind = "inline", results = count, micros, "inline query");
    Ok(())
}

/// The one result of an inline query the report has no answer for: "报告没有…", and the decline
/// note (what the report covers) as the message if it is chosen.
fn no_result_article(query: &str, answer: &Answer) -> InlineQueryResultArticle {
    let shown = format::trim_echo(query, format::ECHO_LIMIT);
    let content = InputMessageContentText::new(reply::html(answer)).parse_mode(ParseMode::Html);
    InlineQueryResultArticle::new(
        "none",
        format!("报告没有“{shown}”的内容"),
        InputMessageContent::Text(content),
    )
    .description("换个说法试试,或私聊我看 /sections")
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
    let buttons = answer_keyboard(state, &answer.suggestions, &answer);
    send(
        bot,
        state,
        msg.chat.id,
        reply_target(msg),
        &reply::html(&answer),
        buttons,
    )
    .await
}

/// An entry's answer (a button, a deep link), with its related buttons and the vote pair.
async fn answer_entry(
    bot: &TgBot,
    state: &AppState,
    chat: ChatId,
    thread: Option<teloxide::types::ThreadId>,
    id: &str,
) -> HandlerResult {
    let live = state.live();
    let engine = &live.snapshot.engine;
    let (Some(part), Some(entry)) = (engine.entry_part(id), engine.knowledge().entry(id)) else {
        return Ok(());
    };
    // the related entries are those the engine offers after the entry's own question
    let mut answer = engine.answer(&entry.questions[0]);
    answer.suggestions.retain(|s| s.entry != id);
    state.count(true);
    let token = state.answers.remember(&entry.questions[0]);
    let mut rows = suggestion_rows(&answer.suggestions);
    rows.extend(vote_row(token, id));
    let buttons = (!rows.is_empty()).then(|| InlineKeyboardMarkup::new(rows));
    send_in(
        bot,
        state,
        chat,
        thread,
        None,
        &reply::html_part(&part),
        buttons,
    )
    .await
}

/// The buttons under an answer: its related questions, then 👍 / 👎 when it was answered.
fn answer_keyboard(
    state: &AppState,
    suggestions: &[Suggestion],
    answer: &Answer,
) -> Option<InlineKeyboardMarkup> {
    let mut rows = suggestion_rows(suggestions);
    if let (true, Some(entry)) = (answer.answered(), answer.matched()) {
        let token = state.answers.remember(&answer.question);
        rows.extend(vote_row(token, &entry));
    }
    (!rows.is_empty()).then(|| InlineKeyboardMarkup::new(rows))
}

/// The 👍 / 👎 row of an answer (none when its data would not fit in 64 bytes).
fn vote_row(token: u64, entry: &str) -> Option<Vec<InlineKeyboardButton>> {
    use super::feedback::{DOWN, UP, data};
    let (up, down) = (data(true, token, entry)?, data(false, token, entry)?);
    Some(vec![
        InlineKeyboardButton::callback(UP, up),
        InlineKeyboardButton::callback(DOWN, down),
    ])
}

/// One button per section, as `/sections` numbers them.
fn section_buttons(kb: &crate::knowledge::KnowledgeBase) -> Option<InlineKeyboardMarkup> {
    let rows: Vec<Vec<InlineKeyboardButton>> = crate::browse::sections(kb)
        .into_iter()
        .filter(|(_, i, _)| SECTION_PREFIX.len() + kb.report.sections[*i].id.len() <= 64)
        .map(|(n, i, _)| {
            let label: String = format!("{n}. {}", kb.report.sections[i].title)
                .chars()
                .take(40)
                .collect();
            let data = format!("{SECTION_PREFIX}{}", kb.report.sections[i].id);
            vec![InlineKeyboardButton::callback(label, data)]
        })
        .collect();
    (!rows.is_empty()).then(|| InlineKeyboardMarkup::new(rows))
}

/// A section's figures, with buttons to the sections before and after it.
fn section_reply(
    kb: &crate::knowledge::KnowledgeBase,
    index: usize,
) -> (String, Option<InlineKeyboardMarkup>) {
    let html =
        crate::browse::render_section(&crate::browse::section_figures(kb, index), &reply::HTML);
    let sections = &kb.report.sections;
    let mut row = Vec::new();
    if let Some(prev) = index.checked_sub(1) {
        let data = format!("{SECTION_PREFIX}{}", sections[prev].id);
        row.push(InlineKeyboardButton::callback(
            format!("← {}. {}", prev + 1, sections[prev].title)
                .chars()
                .take(30)
                .collect::<String>(),
            data,
        ));
    }
    if let Some(next) = sections.get(index + 1) {
        let data = format!("{SECTION_PREFIX}{}", next.id);
        row.push(InlineKeyboardButton::callback(
            format!("{}. {} →", index + 2, next.title)
                .chars()
                .take(30)
                .collect::<String>(),
            data,
        ));
    }
    row.retain(|b| match &b.kind {
        teloxide::types::InlineKeyboardButtonKind::CallbackData(d) => d.len() <= 64,
        _ => true,
    });
    (
        html,
        (!row.is_empty()).then(|| InlineKeyboardMarkup::new(vec![row])),
    )
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
    let rows = suggestion_rows(suggestions);
    (!rows.is_empty()).then(|| InlineKeyboardMarkup::new(rows))
}

/// One row per suggestion (see [`keyboard`]).
fn suggestion_rows(suggestions: &[Suggestion]) -> Vec<Vec<InlineKeyboardButton>> {
    suggestions
        .iter()
        .filter(|s| ASK_PREFIX.len() + s.entry.len() <= 64)
        .map(|s| {
            let label: String = s.question.chars().take(40).collect();
            vec![InlineKeyboardButton::callback(
                label,
                format!("{ASK_PREFIX}{}", s.entry),
            )]
        })
        .collect()
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
    send_in(bot, state, chat, None, reply_to, html, buttons).await
}

/// [`send`] into a forum topic (`thread`), where a button was pressed.
async fn send_in(
    bot: &TgBot,
    state: &AppState,
    chat: ChatId,
    thread: Option<teloxide::types::ThreadId>,
    reply_to: Option<MessageId>,
    html: &str,
    buttons: Option<InlineKeyboardMarkup>,
) -> HandlerResult {
    let pieces = format::split(html, MESSAGE_LIMIT);
    let last = pieces.len().saturating_sub(1);
    for (i, piece) in pieces.into_iter().enumerate() {
        let mut req = bot.send_message(chat, piece).parse_mode(ParseMode::Html);
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
        deliver(&state.limiter, &state.config.retry, Some(chat), req).await?;
    }
    Ok(())
}
