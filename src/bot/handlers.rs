//! The handler tree and its endpoints. Each endpoint takes the text, asks the engine, renders
//! with [`super::format`] and sends with [`super::send`]; errors are logged with the token
//! redacted (by the scheduler).

use std::sync::Arc;

use teloxide::dispatching::UpdateHandler;
use teloxide::prelude::*;
use teloxide::types::{
    InlineQueryResult, InlineQueryResultArticle, InlineQueryResultsButton,
    InlineQueryResultsButtonKind, InputMessageContent, InputMessageContentText, Me,
};
use teloxide::utils::command::BotCommands;

use teloxide::types::{InlineKeyboardMarkup, ThreadId};
use teloxide::utils::html;

use super::TgBot;
use super::commands::{AdminCommand, Command};
use super::etiquette::{self, Reading};
use super::flood::Verdict;
use super::keyboard::{self, ask_buttons, asked_entry};
use super::send::{answer_question, deliver, reply_html, reply_target, send_html, send_html_in};
use super::state::AppState;
use super::{admin, feedback, format, texts};
use crate::addressing;
use crate::browse::{self, SectionPick};
use crate::engine::{Answer, Part, Suggestion};
use crate::questionlog::ChatKind;

/// What endpoints return.
pub type HandlerResult = anyhow::Result<()>;

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
    // an edited question is answered again (an edited command is not run again)
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
    let text = texts::welcome(&title, me.username());
    send_html(&bot, &state, msg.chat.id, None, &html::escape(&text), None).await
}

/// Update kinds the bot does not handle (chat member changes, polls, …): logged, not lost
/// silently.
async fn on_unhandled(update: Update) -> HandlerResult {
    let kind = std::mem::discriminant(&update.kind);
    tracing::debug!(id = update.id.0, kind = ?kind, "update not handled");
    Ok(())
}

/// Is a group message addressed to the bot: a mention of it, or a reply to one of its messages?
pub fn addressed_to_bot(msg: &Message, text: &str, me: &Me) -> bool {
    let replied_to_bot = msg
        .reply_to_message()
        .and_then(|m| m.from.as_ref())
        .is_some_and(|u| u.id == me.id);
    replied_to_bot || addressing::mentions(text, me.username())
}

async fn on_text(
    bot: TgBot,
    msg: Message,
    me: Me,
    state: Arc<AppState>,
    text: String,
) -> HandlerResult {
    let to_bot = msg.chat.is_private()
        || ((msg.chat.is_group() || msg.chat.is_supergroup())
            && addressed_to_bot(&msg, &text, &me));
    if !to_bot {
        return Ok(());
    }
    if let Some((typed, nearest)) = mistyped_command(&text, me.username()) {
        let html = html::escape(&texts::did_you_mean_command(&typed, &nearest));
        return reply_html(&bot, &state, &msg, &html).await;
    }
    if msg.chat.is_private() || addressing::mentions(&text, me.username()) {
        return ask(&bot, &state, &msg, &text).await;
    }
    // a reply to the bot in a group: a question is answered, thanks get a short thanks,
    // chatter nothing (never a decline note into the group)
    match etiquette::read(&text, &state.live().snapshot.engine) {
        Reading::Question => ask(&bot, &state, &msg, &text).await,
        Reading::Thanks => {
            reply_html(&bot, &state, &msg, &html::escape(texts::YOU_ARE_WELCOME)).await
        }
        Reading::Chatter => Ok(()),
    }
}

/// The most a command name may be off by (edits) and still be taken for a typo of one of
/// ours: two catches a dropped, doubled or swapped letter (`/sectons`, `/hlep`) without
/// turning every short word into a command.
pub const COMMAND_TYPO_EDITS: usize = 2;

/// `/sectons` → `("sectons", "sections")`: an unknown command close to one of ours. A command
/// for another bot (`/start@other_bot`) or far from all of ours is `None` (asked as a question).
pub fn mistyped_command(text: &str, username: &str) -> Option<(String, String)> {
    let word = text.strip_prefix('/')?.split_whitespace().next()?;
    let (name, to) = word.split_once('@').unwrap_or((word, username));
    if !to.eq_ignore_ascii_case(username) || name.is_empty() {
        return None;
    }
    let name = name.to_lowercase();
    let known: Vec<String> = Command::bot_commands()
        .into_iter()
        .map(|c| c.command.trim_start_matches('/').to_string())
        .collect();
    if known.contains(&name) {
        return None;
    }
    known
        .into_iter()
        .map(|k| (strsim::damerau_levenshtein(&name, &k), k))
        .filter(|(d, _)| *d <= COMMAND_TYPO_EDITS)
        .min()
        .map(|(_, k)| (name, k))
}

async fn on_other(bot: TgBot, msg: Message, state: Arc<AppState>) -> HandlerResult {
    // stickers, photos, voice, service messages: a hint in private chats, silence in groups
    let hint_due = state.hints.check(msg.chat.id.0, std::time::Instant::now()) == Verdict::Allow;
    if msg.chat.is_private() && msg.from.is_some() && hint_due {
        reply_html(&bot, &state, &msg, &html::escape(texts::TEXT_ONLY)).await?;
    }
    Ok(())
}

async fn on_command(bot: TgBot, msg: Message, state: Arc<AppState>, cmd: Command) -> HandlerResult {
    let live = state.live();
    let kb = live.snapshot.knowledge();
    let (html, buttons) = match cmd {
        Command::Ask(q) if !q.trim().is_empty() => return ask(&bot, &state, &msg, &q).await,
        Command::Ask(_) => (html::escape(texts::ASK_USAGE), None),
        // a deep link (t.me/bot?start=<entry id>) opens that answer
        Command::Start(payload) if live.snapshot.engine.entry_part(payload.trim()).is_some() => {
            return answer_entry(&bot, &state, msg.chat.id, None, payload.trim()).await;
        }
        Command::Start(_) | Command::Help => {
            let examples: Vec<Suggestion> = browse::example_entries(kb, EXAMPLES)
                .into_iter()
                .map(Suggestion::from)
                .collect();
            let help = texts::help_line(Some(live.snapshot.engine.scope()));
            let text = format!("{help}\n\n{}", super::commands::command_list());
            (html::escape(&text), ask_buttons(&examples))
        }
        Command::Sections => (
            browse::render_sections(kb, &format::HTML),
            keyboard::section_buttons(kb),
        ),
        Command::Section(arg) => match browse::pick_section(kb, &arg) {
            SectionPick::List => (
                browse::render_sections(kb, &format::HTML),
                keyboard::section_buttons(kb),
            ),
            SectionPick::One(i) => section_reply(kb, i),
            SectionPick::Unknown => {
                let echo = format::trim_echo(&arg, format::ECHO_LIMIT);
                (
                    browse::render_unknown_section(kb, &arg, &echo, &format::HTML),
                    keyboard::section_buttons(kb),
                )
            }
        },
        Command::Figures => (browse::render_key_figures(kb, &format::HTML), None),
        Command::About => (browse::render_about(kb, &format::HTML), None),
    };
    send_html(
        &bot,
        &state,
        msg.chat.id,
        reply_target(&msg),
        &html,
        buttons,
    )
    .await
}

/// Example questions under /start and /help.
const EXAMPLES: usize = 3;

/// A section's figures, with buttons to the sections before and after it.
fn section_reply(
    kb: &crate::knowledge::KnowledgeBase,
    index: usize,
) -> (String, Option<InlineKeyboardMarkup>) {
    let html = browse::render_section(&browse::section_figures(kb, index), &format::HTML);
    (html, keyboard::neighbour_sections(kb, index))
}

/// How many questions `/unanswered` lists when it is given no number.
pub const UNANSWERED_DEFAULT: usize = 10;

async fn on_admin(
    bot: TgBot,
    msg: Message,
    state: Arc<AppState>,
    cmd: AdminCommand,
) -> HandlerResult {
    if !msg.chat.is_private() {
        return reply_html(&bot, &state, &msg, &html::escape(texts::ADMIN_IN_PRIVATE)).await;
    }
    let text = match cmd {
        AdminCommand::Reload => admin::reload(&state).await,
        AdminCommand::Rollback => admin::rollback(&state).await,
        AdminCommand::Stats => state.stats(),
        AdminCommand::Unanswered(n) => {
            let limit = n.trim().parse().unwrap_or(UNANSWERED_DEFAULT);
            admin::unanswered(&state, limit).await
        }
    };
    reply_html(&bot, &state, &msg, &html::escape(&text)).await
}

async fn refuse_admin(bot: TgBot, msg: Message, state: Arc<AppState>) -> HandlerResult {
    reply_html(&bot, &state, &msg, &html::escape(texts::ADMIN_ONLY)).await
}

/// What a button asks for.
enum Pressed {
    /// An entry's answer.
    Entry(String),
    /// A section's figures.
    Section(usize),
    /// A vote on an answer.
    Vote(feedback::Vote),
}

/// Reads a button's data against the live knowledge base (`None`: expired or unknown).
fn pressed(data: &str, live: &super::state::Live) -> Option<Pressed> {
    if let Some(id) = asked_entry(data) {
        let known = live.snapshot.engine.entry_part(id).is_some();
        return known.then(|| Pressed::Entry(id.to_string()));
    }
    if let Some(id) = keyboard::pressed_section(data) {
        let sections = &live.snapshot.knowledge().report.sections;
        return sections
            .iter()
            .position(|s| s.id == id)
            .map(Pressed::Section);
    }
    feedback::parse(data).map(Pressed::Vote)
}

async fn on_callback(bot: TgBot, q: CallbackQuery, state: Arc<AppState>) -> HandlerResult {
    let live = state.live();
    let what = q.data.as_deref().and_then(|d| pressed(d, &live));
    tracing::info!(kind = "button", valid = what.is_some(), "button pressed");
    let retry = &state.config.retry;
    match (what, q.regular_message()) {
        (Some(Pressed::Vote(vote)), _) => {
            // the question comes from the bot's memory of its answers; the entry from the button
            let question = state.answers.question(vote.token).unwrap_or_default();
            tracing::info!(kind = "vote", up = vote.up, entry = %vote.entry, "answer rated");
            let text = if vote.up {
                texts::THANKS_UP
            } else {
                texts::THANKS_DOWN
            };
            state.record_vote(crate::questionlog::Feedback::now(
                question, vote.entry, vote.up,
            ));
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
                    send_html_in(&bot, &state, chat, thread, None, &html, buttons)
                        .await
                        .map(drop)
                }
                Pressed::Vote(_) => Ok(()),
            }
        }
        _ => {
            let req = bot
                .answer_callback_query(q.id.clone())
                .text(texts::STALE_BUTTON);
            deliver(&state.limiter, retry, None, req).await?;
            Ok(())
        }
    }
}

/// An entry's answer (a button, a deep link), with its related buttons and the vote pair.
async fn answer_entry(
    bot: &TgBot,
    state: &AppState,
    chat: ChatId,
    thread: Option<ThreadId>,
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
    let mut rows = keyboard::ask_rows(&answer.suggestions);
    rows.extend(keyboard::vote_row(token, id));
    let html = format::part(&part);
    send_html_in(
        bot,
        state,
        chat,
        thread,
        None,
        &html,
        keyboard::markup(rows),
    )
    .await
    .map(drop)
}

/// The buttons under an answer: its related questions, then 👍 / 👎 when it was answered.
fn answer_keyboard(state: &AppState, answer: &Answer) -> Option<InlineKeyboardMarkup> {
    let mut rows = keyboard::ask_rows(&answer.suggestions);
    if let (true, Some(entry)) = (answer.answered(), answer.matched()) {
        let token = state.answers.remember(&answer.question);
        rows.extend(keyboard::vote_row(token, &entry));
    }
    keyboard::markup(rows)
}

/// Results offered in inline mode (Telegram allows 50; a phone shows about eight without scrolling).
const INLINE_RESULTS: usize = 8;

/// How long Telegram may serve an inline query's results from its cache, in seconds: the
/// answers change only on a reload, and a minute keeps a reload visible soon.
const INLINE_CACHE_SECS: u32 = 60;

async fn on_inline(bot: TgBot, q: InlineQuery, state: Arc<AppState>) -> HandlerResult {
    let started = std::time::Instant::now();
    let live = state.live();
    let engine = &live.snapshot.engine;
    let parts: Vec<Part> = if q.query.trim().is_empty() {
        // an empty query: figures from different sections, as /start's examples
        browse::example_entries(engine.knowledge(), INLINE_RESULTS)
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
    let none = results.is_empty();
    if none {
        // nothing to offer: say so, rather than an empty list that looks broken
        let answer = engine.answer(&q.query);
        results.push(no_result_article(&q.query, &answer, engine.knowledge()).into());
    }
    let count = results.len();
    let mut req = bot
        .answer_inline_query(q.id.clone(), results)
        .cache_time(INLINE_CACHE_SECS);
    if none {
        // and a way into a private chat, where /start shows what the report covers
        req = req.button(InlineQueryResultsButton {
            text: texts::INLINE_TO_PRIVATE.to_string(),
            kind: InlineQueryResultsButtonKind::StartParameter(INLINE_START.to_string()),
        });
    }
    deliver(&state.limiter, &state.config.retry, None, req).await?;
    let micros = started.elapsed().as_micros() as u64;
    tracing::info!(kind = "inline", results = count, micros, "inline query");
    Ok(())
}

/// The deep-link payload of the inline "ask in private" button: not an entry id, so /start
/// answers it with its help and example questions.
pub const INLINE_START: &str = "inline";

/// The one result of an inline query the report has no answer for: "报告没有…", and the decline
/// note (what the report covers) as the message if it is chosen.
fn no_result_article(
    query: &str,
    answer: &Answer,
    kb: &crate::knowledge::KnowledgeBase,
) -> InlineQueryResultArticle {
    let shown = format::trim_echo(query, format::ECHO_LIMIT);
    let content = InputMessageContentText::new(format::answer(answer, kb));
    InlineQueryResultArticle::new(
        "none",
        texts::inline_none_title(&shown),
        InputMessageContent::Text(content),
    )
    .description(texts::INLINE_NONE_HINT)
}

fn article(i: usize, part: &Part) -> InlineQueryResultArticle {
    let content = InputMessageContentText::new(format::part(part));
    InlineQueryResultArticle::new(
        format!("r{i}"),
        part.answer.clone(),
        InputMessageContent::Text(content),
    )
    .description(part.section_title.clone())
}

/// A chat's kind, as the question log and the statistics count it.
pub fn chat_kind(chat: &teloxide::types::Chat) -> ChatKind {
    if chat.is_private() {
        ChatKind::Private
    } else {
        ChatKind::Group
    }
}

/// Answers a question in its conversation's context and sends the reply (as a reply to the
/// asker in groups). Flood control has already been applied by the scheduler.
async fn ask(bot: &TgBot, state: &AppState, msg: &Message, text: &str) -> HandlerResult {
    let kind = chat_kind(&msg.chat);
    let text = &addressing::strip(text);
    let live = state.live();
    let started = std::time::Instant::now();
    let key = (msg.chat.id.0, msg.from.as_ref().map_or(0, |u| u.id.0));
    let context = state.conversations.get(key, started);
    let (answer, context): (Answer, _) = live.snapshot.engine.answer_in(text, &context);
    state.conversations.put(key, context, started);
    let micros = started.elapsed().as_micros() as u64;
    state.record(kind, &answer);
    tracing::info!(
        kind = kind.as_str(),
        answered = answer.answered(),
        entry = answer.matched().unwrap_or_default(),
        micros,
        "question"
    );
    // an edited question edits the earlier reply where it can
    answer_question(
        bot,
        state,
        msg,
        &format::answer(&answer, live.snapshot.knowledge()),
        answer_keyboard(state, &answer),
    )
    .await
}

/// Who a message counts against for flood control: the user in a private chat, the whole group otherwise.
pub fn flood_key(msg: &Message) -> i64 {
    match (&msg.from, msg.chat.is_private()) {
        (Some(user), true) => user.id.0 as i64,
        _ => msg.chat.id.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_passes_dptrees_type_check() {
        // building the tree runs dptree's check that every endpoint's arguments are provided
        let _ = schema();
    }

    #[test]
    fn close_command_names_are_suggested() {
        let typo = |t: &str| mistyped_command(t, "xihu_bot").map(|(_, k)| k);
        assert_eq!(typo("/sectons").as_deref(), Some("sections"));
        assert_eq!(typo("/hlep").as_deref(), Some("help"));
        assert_eq!(typo("/Figure 1").as_deref(), Some("figures"));
        assert_eq!(typo("/sectons@xihu_bot").as_deref(), Some("sections"));
        // ours, another bot's, or nothing like ours: not a typo
        assert_eq!(typo("/sections"), None);
        assert_eq!(typo("/sectons@other_bot"), None);
        assert_eq!(typo("/weather"), None);
        assert_eq!(typo("去年GDP多少"), None);
    }
}
