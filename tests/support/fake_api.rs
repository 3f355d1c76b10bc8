//! A fake Telegram Bot API server on 127.0.0.1 for end-to-end tests: no network.
//!
//! It serves `POST /bot<token>/<method>` with JSON bodies, records every request, hands out
//! queued updates through `getUpdates` (honouring `offset` and `limit`, waiting up to
//! [`POLL_WAIT`] when nothing is queued), answers `sendMessage` with a valid `Message`, and can
//! be told to fail the next N calls of a method with a 429 (`retry_after`) or a 500, or every
//! call of a method until it recovers (an outage).

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};
use tokio::sync::Notify;

/// The token the bot under test uses.
pub const TOKEN: &str = "123456:TEST";
/// The bot's user id.
pub const BOT_ID: i64 = 7000;
/// The bot's username (without `@`).
pub const BOT_USERNAME: &str = "xihu_report_bot";
/// How long an empty `getUpdates` waits for an update before returning `[]`.
pub const POLL_WAIT: Duration = Duration::from_millis(200);

/// The bot's `User`.
pub fn bot_user() -> Value {
    json!({"id": BOT_ID, "is_bot": true, "first_name": "Xihu", "username": BOT_USERNAME})
}

/// What `getMe` returns.
pub fn me() -> Value {
    json!({
        "id": BOT_ID,
        "is_bot": true,
        "first_name": "Xihu",
        "username": BOT_USERNAME,
        "can_join_groups": true,
        "can_read_all_group_messages": false,
        "supports_inline_queries": true,
        "can_connect_to_business": false,
        "has_main_web_app": false
    })
}

/// Seconds since the epoch, for `date` fields.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// How an injected failure answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// HTTP 429 with `parameters.retry_after` (seconds).
    TooManyRequests { retry_after: u64 },
    /// HTTP 500 "Internal Server Error". Note: teloxide waits 10 s before reading a 5xx reply.
    ServerError,
    /// `{"ok":false,"error_code":500,"description":"Internal Server Error"}` with HTTP status
    /// 200: the error teloxide reads from a 500, without its 10-s wait on 5xx statuses (for
    /// outages that must stay short in tests).
    ServerErrorInBody,
    /// HTTP 400 with this description (e.g. "Bad Request: chat not found").
    BadRequest(String),
}

/// One request the bot made.
#[derive(Debug, Clone)]
pub struct Call {
    /// Bot API method name as requested (`sendMessage`).
    pub method: String,
    /// The JSON body (`null` when empty or not JSON).
    pub body: Value,
    /// The failure injected for this request, if any.
    pub failure: Option<Failure>,
    /// Why the fake itself rejected it (invalid HTML, unknown method, ...), if it did.
    pub rejected: Option<String>,
    /// When it arrived.
    pub at: Instant,
}

#[derive(Default)]
struct Inner {
    /// Queued updates, each with its `update_id`, oldest first.
    updates: Vec<Value>,
    next_update_id: i64,
    calls: Vec<Call>,
    failures: HashMap<String, VecDeque<Failure>>,
    /// Methods failing on every call until [`FakeApi::recover`] (after the queued failures).
    outages: HashMap<String, Failure>,
    /// How long calls of a method wait before they are answered.
    delays: HashMap<String, Duration>,
    /// Waits for the next calls of a method only (a hang that ends).
    hangs: HashMap<String, VecDeque<Duration>>,
    /// The last `setWebhook` body.
    webhook: Option<Value>,
    next_message_id: i64,
    /// The messages the bot sent, as they read now: (chat id, message id) → (text, reply
    /// markup), so `editMessageText` can tell a missing or unchanged message.
    messages: HashMap<(i64, i64), (String, Value)>,
    /// Chats seen in pushed updates, so replies carry the right chat type.
    chats: HashMap<i64, Value>,
    /// Requests whose path was not `/bot<token>/<method>`.
    bad_paths: Vec<String>,
}

struct Shared {
    /// The token the bot must use (requests with another one get a 401).
    token: String,
    inner: Mutex<Inner>,
    updates_pushed: Notify,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The fake server; stops when dropped.
pub struct FakeApi {
    addr: SocketAddr,
    shared: Arc<Shared>,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for FakeApi {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl FakeApi {
    /// Binds 127.0.0.1 on a free port and serves in the background; the bot must use [`TOKEN`].
    pub async fn start() -> FakeApi {
        Self::start_with_token(TOKEN).await
    }

    /// Like [`FakeApi::start`], for a bot using `token` (a bot run as a subprocess, say).
    pub async fn start_with_token(token: &str) -> FakeApi {
        let shared = Arc::new(Shared {
            token: token.to_string(),
            inner: Mutex::new(Inner {
                next_update_id: 1,
                next_message_id: 1000,
                ..Inner::default()
            }),
            updates_pushed: Notify::new(),
        });
        let app = Router::new()
            .route("/{*path}", post(handle))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local addr");
        let server = tokio::spawn(async move {
            axum::serve(listener, app)
                .await
                .expect("fake Bot API server failed");
        });
        FakeApi {
            addr,
            shared,
            server,
        }
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Calls a Bot API `method` as the bot would (token in the path, JSON body) and returns the
    /// JSON reply: for tests of the fake itself.
    pub async fn call(&self, method: &str, body: Value) -> Value {
        let path = format!("/bot{}/{method}", self.shared.token);
        super::http::post(self.addr, &path, &[], &body.to_string())
            .await
            .json()
    }

    /// The base URL to give the bot (`http://127.0.0.1:port/`).
    pub fn url(&self) -> url::Url {
        url::Url::parse(&format!("http://{}/", self.addr)).expect("url")
    }

    /// Queues an update; sets `update_id` when it has none. Returns the `update_id`.
    ///
    /// Panics when teloxide cannot parse it, so a broken fixture fails loudly instead of being
    /// silently dropped by the bot.
    pub fn push_update(&self, mut update: Value) -> i64 {
        let mut inner = self.shared.lock();
        let id = match update.get("update_id").and_then(Value::as_i64) {
            Some(id) => id,
            None => {
                let id = inner.next_update_id;
                update["update_id"] = json!(id);
                id
            }
        };
        inner.next_update_id = inner.next_update_id.max(id + 1);
        // from_str, not from_value: teloxide's Update parser wants borrowed keys, as from a reply body
        let parsed: teloxide::types::Update = serde_json::from_str(&update.to_string())
            .unwrap_or_else(|e| panic!("fixture is not a valid Update ({e}): {update}"));
        if let teloxide::types::UpdateKind::Error(_) = parsed.kind {
            panic!("teloxide cannot parse this update's content: {update:#}");
        }
        for key in [
            "message",
            "edited_message",
            "channel_post",
            "edited_channel_post",
        ] {
            if let Some(chat) = update.get(key).and_then(|m| m.get("chat")) {
                remember_chat(&mut inner, chat);
            }
        }
        if let Some(chat) = update.pointer("/callback_query/message/chat") {
            remember_chat(&mut inner, chat);
        }
        inner.updates.push(update);
        drop(inner);
        self.shared.updates_pushed.notify_waiters();
        id
    }

    /// Makes the next `n` calls of `method` fail with `failure`.
    pub fn fail_next(&self, method: &str, n: usize, failure: Failure) {
        let mut inner = self.shared.lock();
        let queue = inner.failures.entry(method.to_string()).or_default();
        queue.extend(std::iter::repeat_n(failure, n));
    }

    /// Makes every call of `method` fail with `failure` (after any [`FakeApi::fail_next`]
    /// failures) until [`FakeApi::recover`].
    pub fn fail_all(&self, method: &str, failure: Failure) {
        self.shared
            .lock()
            .outages
            .insert(method.to_string(), failure);
    }

    /// Ends an outage started by [`FakeApi::fail_all`].
    pub fn recover(&self, method: &str) {
        self.shared.lock().outages.remove(method);
    }

    /// Makes every later call of `method` wait `delay` before it is answered (a slow Telegram).
    pub fn delay(&self, method: &str, delay: Duration) {
        self.shared.lock().delays.insert(method.to_string(), delay);
    }

    /// Makes the next `n` calls of `method` hang for `wait` before they are answered (the
    /// client may give up first).
    pub fn hang_next(&self, method: &str, n: usize, wait: Duration) {
        let mut inner = self.shared.lock();
        let queue = inner.hangs.entry(method.to_string()).or_default();
        queue.extend(std::iter::repeat_n(wait, n));
    }

    /// The last `setWebhook` request's body.
    pub fn webhook(&self) -> Option<Value> {
        self.shared.lock().webhook.clone()
    }

    /// Every request of `method` so far, in order, failed attempts included.
    pub fn calls(&self, method: &str) -> Vec<Call> {
        self.shared
            .lock()
            .calls
            .iter()
            .filter(|c| c.method == method)
            .cloned()
            .collect()
    }

    /// How many requests of `method` so far (failed attempts included).
    pub fn count(&self, method: &str) -> usize {
        self.shared
            .lock()
            .calls
            .iter()
            .filter(|c| c.method == method)
            .count()
    }

    /// The bodies of every request of `method` so far (failed attempts included).
    pub fn sent(&self, method: &str) -> Vec<Value> {
        self.calls(method).into_iter().map(|c| c.body).collect()
    }

    /// The bodies of the requests of `method` that succeeded (neither failed on purpose nor
    /// rejected as invalid).
    pub fn delivered(&self, method: &str) -> Vec<Value> {
        self.calls(method)
            .into_iter()
            .filter(|c| c.failure.is_none() && c.rejected.is_none())
            .map(|c| c.body)
            .collect()
    }

    /// Requests the fake rejected as invalid (Telegram would have too): method, reason, body.
    pub fn rejections(&self) -> Vec<(String, String, Value)> {
        let inner = self.shared.lock();
        inner
            .calls
            .iter()
            .filter_map(|c| Some((c.method.clone(), c.rejected.clone()?, c.body.clone())))
            .collect()
    }

    /// Delivered `sendMessage` bodies addressed to `chat_id`.
    pub fn messages_to(&self, chat_id: i64) -> Vec<Value> {
        self.delivered("sendMessage")
            .into_iter()
            .filter(|b| b["chat_id"].as_i64() == Some(chat_id))
            .collect()
    }

    /// What the bot's message `message_id` in `chat_id` shows now (after any edits): its text
    /// and reply markup (`null` without buttons).
    pub fn message(&self, chat_id: i64, message_id: i64) -> Option<(String, Value)> {
        self.shared
            .lock()
            .messages
            .get(&(chat_id, message_id))
            .cloned()
    }

    /// The ids of the messages the bot sent to `chat_id`, oldest first.
    pub fn message_ids(&self, chat_id: i64) -> Vec<i64> {
        let mut ids: Vec<i64> = self
            .shared
            .lock()
            .messages
            .keys()
            .filter(|(chat, _)| *chat == chat_id)
            .map(|&(_, id)| id)
            .collect();
        ids.sort_unstable();
        ids
    }

    /// Delivered `editMessageText` bodies addressed to `chat_id`.
    pub fn edits_to(&self, chat_id: i64) -> Vec<Value> {
        self.delivered("editMessageText")
            .into_iter()
            .filter(|b| b["chat_id"].as_i64() == Some(chat_id))
            .collect()
    }

    /// The method names of all requests, in order, `getUpdates` left out.
    pub fn methods(&self) -> Vec<String> {
        self.shared
            .lock()
            .calls
            .iter()
            .filter(|c| c.method != "getUpdates")
            .map(|c| c.method.clone())
            .collect()
    }

    /// Requests that did not use `/bot<token>/<method>`.
    pub fn bad_paths(&self) -> Vec<String> {
        self.shared.lock().bad_paths.clone()
    }

    /// Updates still queued (not yet confirmed by a later `getUpdates` offset).
    pub fn pending_updates(&self) -> usize {
        self.shared.lock().updates.len()
    }

    /// Waits until at least `count` requests of `method` have been received and returns their
    /// bodies (failed attempts included); panics after `timeout` with a list of what was received.
    pub async fn wait_for(&self, method: &str, count: usize, timeout: Duration) -> Vec<Value> {
        self.wait_until(timeout, &format!("{count} {method} request(s)"), || {
            let sent = self.sent(method);
            (sent.len() >= count).then_some(sent)
        })
        .await
    }

    /// Waits until `chat_id` has received at least `count` delivered messages.
    pub async fn wait_for_messages(
        &self,
        chat_id: i64,
        count: usize,
        timeout: Duration,
    ) -> Vec<Value> {
        self.wait_until(
            timeout,
            &format!("{count} message(s) to chat {chat_id}"),
            || {
                let sent = self.messages_to(chat_id);
                (sent.len() >= count).then_some(sent)
            },
        )
        .await
    }

    /// Polls `check` every 5 ms until it returns `Some`; panics after `timeout`.
    pub async fn wait_until<T>(
        &self,
        timeout: Duration,
        what: &str,
        check: impl FnMut() -> Option<T>,
    ) -> T {
        poll_until(timeout, Duration::from_millis(5), check, || {
            format!(
                "timed out after {timeout:?} waiting for {what}; requests so far:\n{}",
                self.dump()
            )
        })
        .await
    }

    /// Every request except `getUpdates`, one a line, for failure messages.
    pub fn dump(&self) -> String {
        let inner = self.shared.lock();
        let lines: Vec<String> = inner
            .calls
            .iter()
            .filter(|c| c.method != "getUpdates")
            .map(|c| {
                format!(
                    "  {}{} {}",
                    c.method,
                    c.failure
                        .as_ref()
                        .map(|f| format!(" [{f:?}]"))
                        .or_else(|| c.rejected.as_ref().map(|r| format!(" [rejected: {r}]")))
                        .unwrap_or_default(),
                    c.body
                )
            })
            .collect();
        let pending = inner.updates.len();
        format!(
            "{}\n  ({pending} update(s) still queued; bad paths: {:?})",
            lines.join("\n"),
            inner.bad_paths
        )
    }
}

fn remember_chat(inner: &mut Inner, chat: &Value) {
    if let Some(id) = chat["id"].as_i64() {
        inner.chats.insert(id, chat.clone());
    }
}

fn ok(result: Value) -> Response {
    (
        StatusCode::OK,
        axum::Json(json!({"ok": true, "result": result})),
    )
        .into_response()
}

fn error(status: StatusCode, description: &str, parameters: Option<Value>) -> Response {
    let mut body = json!({"ok": false, "error_code": status.as_u16(), "description": description});
    if let Some(p) = parameters {
        body["parameters"] = p;
    }
    (status, axum::Json(body)).into_response()
}

fn failure_response(failure: &Failure) -> Response {
    match failure {
        Failure::TooManyRequests { retry_after } => error(
            StatusCode::TOO_MANY_REQUESTS,
            &format!("Too Many Requests: retry after {retry_after}"),
            Some(json!({"retry_after": retry_after})),
        ),
        Failure::ServerError => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Internal Server Error",
            None,
        ),
        Failure::ServerErrorInBody => (
            StatusCode::OK,
            axum::Json(
                json!({"ok": false, "error_code": 500, "description": "Internal Server Error"}),
            ),
        )
            .into_response(),
        Failure::BadRequest(d) => error(StatusCode::BAD_REQUEST, d, None),
    }
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    Path(path): Path<String>,
    body: Bytes,
) -> Response {
    let path = path.trim_start_matches('/');
    let Some((token, method)) = path.strip_prefix("bot").and_then(|p| p.rsplit_once('/')) else {
        shared.lock().bad_paths.push(path.to_string());
        return error(StatusCode::NOT_FOUND, "Not Found", None);
    };
    if token != shared.token {
        shared.lock().bad_paths.push(path.to_string());
        return error(StatusCode::UNAUTHORIZED, "Unauthorized", None);
    }
    // Telegram's method names are case-insensitive and teloxide sends `SendMessage`; record and
    // match them as the Bot API documents them (`sendMessage`)
    let mut chars = method.chars();
    let method = chars
        .next()
        .map(|c| c.to_ascii_lowercase().to_string() + chars.as_str())
        .unwrap_or_default();
    let body: Value = serde_json::from_slice(&body).unwrap_or_else(|_| multipart_fields(&body));
    let (index, failure, delay) = {
        let mut inner = shared.lock();
        let failure = inner
            .failures
            .get_mut(&method)
            .and_then(VecDeque::pop_front)
            .or_else(|| inner.outages.get(&method).cloned());
        inner.calls.push(Call {
            method: method.clone(),
            body: body.clone(),
            failure: failure.clone(),
            rejected: None,
            at: Instant::now(),
        });
        let hang = inner.hangs.get_mut(&method).and_then(VecDeque::pop_front);
        let delay = hang.or_else(|| inner.delays.get(&method).copied());
        if method == "setWebhook" {
            inner.webhook = Some(body.clone());
        }
        (inner.calls.len() - 1, failure, delay)
    };
    if let Some(delay) = delay {
        tokio::time::sleep(delay).await;
    }
    if let Some(f) = failure {
        return failure_response(&f);
    }
    let result = match method.as_str() {
        "getUpdates" => return get_updates(&shared, &body).await,
        "getMe" => Ok(me()),
        "getWebhookInfo" => {
            Ok(json!({"url": "", "has_custom_certificate": false, "pending_update_count": 0}))
        }
        "deleteWebhook" | "deleteMyCommands" | "setWebhook" => Ok(json!(true)),
        "answerCallbackQuery" => check_callback_answer(&body).map(|()| json!(true)),
        "setMyCommands" => check_commands(&body).map(|()| json!(true)),
        "answerInlineQuery" => check_inline_results(&body).map(|()| json!(true)),
        "sendMessage" => send_message(&shared, &body),
        "editMessageText" => edit_message_text(&shared, &body),
        _ => Err((
            StatusCode::NOT_FOUND,
            "Not Found: method not found".to_string(),
        )),
    };
    match result {
        Ok(v) => ok(v),
        Err((status, description)) => {
            shared.lock().calls[index].rejected = Some(description.clone());
            error(status, &description, None)
        }
    }
}

/// The text fields of a `multipart/form-data` body as a JSON object (teloxide sends
/// `setWebhook` that way, for its optional certificate); `null` when there are none.
fn multipart_fields(body: &[u8]) -> Value {
    let text = String::from_utf8_lossy(body);
    let mut fields = serde_json::Map::new();
    for part in text
        .split("Content-Disposition: form-data; name=\"")
        .skip(1)
    {
        let Some((name, rest)) = part.split_once('"') else {
            continue;
        };
        let Some((_, value)) = rest.split_once("\r\n\r\n") else {
            continue;
        };
        let value = value.split("\r\n--").next().unwrap_or_default();
        fields.insert(name.to_string(), Value::String(value.to_string()));
    }
    if fields.is_empty() {
        Value::Null
    } else {
        Value::Object(fields)
    }
}

type Checked<T> = Result<T, (StatusCode, String)>;

fn bad_request(description: impl std::fmt::Display) -> (StatusCode, String) {
    (
        StatusCode::BAD_REQUEST,
        format!("Bad Request: {description}"),
    )
}

/// `setMyCommands`: 1-100 commands, names of 1-32 lowercase letters, digits and underscores
/// (Telegram strips a leading `/`), descriptions of 1-256 characters.
fn check_commands(body: &Value) -> Checked<()> {
    let commands = body["commands"]
        .as_array()
        .ok_or_else(|| bad_request("commands must be an array"))?;
    if commands.len() > 100 {
        return Err(bad_request("too many commands"));
    }
    for c in commands {
        let name = c["command"].as_str().unwrap_or_default();
        let name = name.strip_prefix('/').unwrap_or(name);
        let valid = (1..=32).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        let description = c["description"]
            .as_str()
            .unwrap_or_default()
            .chars()
            .count();
        if !valid || !(1..=256).contains(&description) {
            return Err(bad_request(format!("BOT_COMMAND_INVALID ({c})")));
        }
    }
    Ok(())
}

/// `answerCallbackQuery`: a toast of at most 200 characters.
fn check_callback_answer(body: &Value) -> Checked<()> {
    let text = body["text"].as_str().unwrap_or_default();
    if text.chars().count() > 200 {
        return Err(bad_request("MESSAGE_TOO_LONG (callback answer text)"));
    }
    Ok(())
}

/// `answerInlineQuery`: at most 50 results with unique ids, titles, and valid message texts;
/// a button above them with a label and a valid `start_parameter` (1-64 of `A-Za-z0-9_-`).
fn check_inline_results(body: &Value) -> Checked<()> {
    let results = body["results"]
        .as_array()
        .ok_or_else(|| bad_request("results must be an array"))?;
    if results.len() > 50 {
        return Err(bad_request("RESULTS_TOO_MUCH"));
    }
    if let Some(button) = body.get("button") {
        // InlineQueryResultsButton: a label and exactly one of start_parameter, web_app
        let start = button["start_parameter"].as_str();
        let valid_start = start.is_some_and(|p| {
            (1..=64).contains(&p.len())
                && p.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        });
        let web_app = button.get("web_app").is_some();
        if button["text"].as_str().is_none_or(str::is_empty)
            || (start.is_some() == web_app)
            || (start.is_some() && !valid_start)
        {
            return Err(bad_request(format!("BUTTON_INVALID ({button})")));
        }
    }
    let mut ids = std::collections::HashSet::new();
    for r in results {
        let id = r["id"].as_str().unwrap_or_default();
        if id.is_empty() || id.len() > 64 || !ids.insert(id) {
            return Err(bad_request("RESULT_ID_DUPLICATE or invalid id"));
        }
        if r["type"] == "article" && r["title"].as_str().is_none_or(str::is_empty) {
            return Err(bad_request("RESULT_TITLE_EMPTY"));
        }
        let content = &r["input_message_content"];
        if let Some(text) = content["message_text"].as_str() {
            check_text(text, content["parse_mode"].as_str())?;
        }
    }
    Ok(())
}

/// A message text: non-empty, at most 4096 characters once parsed, valid Telegram HTML when
/// `parse_mode` is HTML.
fn check_text(text: &str, parse_mode: Option<&str>) -> Checked<()> {
    let visible = match parse_mode {
        Some(mode) if mode.eq_ignore_ascii_case("html") => {
            html_text(text).map_err(|e| bad_request(format!("can't parse entities: {e}")))?
        }
        Some(mode) => {
            return Err(bad_request(format!(
                "unsupported parse_mode {mode} in this fake"
            )));
        }
        None => text.to_string(),
    };
    if visible.trim().is_empty() {
        return Err(bad_request("message text is empty"));
    }
    if visible.chars().count() > 4096 {
        return Err(bad_request("message is too long"));
    }
    Ok(())
}

/// Parses Telegram's HTML subset like the Bot API does and returns the visible text: only the
/// supported tags, properly nested, and only `&lt; &gt; &amp; &quot;` and numeric entities.
pub fn html_text(html: &str) -> Result<String, String> {
    const TAGS: [&str; 16] = [
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "code",
        "pre",
        "blockquote",
        "tg-emoji",
    ];
    let mut visible = String::new();
    let mut open: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        match c {
            '<' => {
                let end = rest
                    .find('>')
                    .ok_or_else(|| format!("unclosed start tag at {rest:?}"))?;
                let inner = &rest[1..end];
                if let Some(name) = inner.strip_prefix('/') {
                    let name = name.trim().to_ascii_lowercase();
                    match open.pop() {
                        Some(top) if top == name => {}
                        top => return Err(format!("unmatched end tag </{name}> (open: {top:?})")),
                    }
                } else {
                    let name = inner
                        .split_whitespace()
                        .next()
                        .unwrap_or_default()
                        .to_ascii_lowercase();
                    if !TAGS.contains(&name.as_str()) {
                        return Err(format!("unsupported start tag \"{name}\""));
                    }
                    open.push(name);
                }
                rest = &rest[end + 1..];
            }
            '&' => {
                let end = rest
                    .find(';')
                    .filter(|&e| e <= 10)
                    .ok_or_else(|| format!("bare & at {rest:?}"))?;
                let entity = &rest[1..end];
                let ch = match entity {
                    "lt" => '<',
                    "gt" => '>',
                    "amp" => '&',
                    "quot" => '"',
                    _ => entity
                        .strip_prefix('#')
                        .and_then(|n| {
                            n.strip_prefix('x')
                                .map_or_else(|| n.parse().ok(), |h| u32::from_str_radix(h, 16).ok())
                        })
                        .and_then(char::from_u32)
                        .ok_or_else(|| format!("unknown entity &{entity};"))?,
                };
                visible.push(ch);
                rest = &rest[end + 1..];
            }
            c => {
                visible.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    match open.pop() {
        Some(tag) => Err(format!(
            "can't find end tag corresponding to start tag \"{tag}\""
        )),
        None => Ok(visible),
    }
}

async fn get_updates(shared: &Shared, body: &Value) -> Response {
    let offset = body["offset"].as_i64().unwrap_or(0);
    let limit = body["limit"].as_u64().unwrap_or(100).clamp(1, 100) as usize;
    let wait = if body["timeout"].as_u64().unwrap_or(0) == 0 {
        Duration::ZERO
    } else {
        POLL_WAIT
    };
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        let notified = shared.updates_pushed.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        {
            let mut inner = shared.lock();
            // An offset confirms every update before it: Telegram forgets them.
            inner
                .updates
                .retain(|u| u["update_id"].as_i64().unwrap_or(0) >= offset);
            let ready: Vec<Value> = inner.updates.iter().take(limit).cloned().collect();
            if !ready.is_empty() {
                return ok(Value::Array(ready));
            }
        }
        if tokio::time::timeout_at(deadline, notified).await.is_err() {
            return ok(json!([]));
        }
    }
}

fn send_message(shared: &Shared, body: &Value) -> Checked<Value> {
    let chat_id = body["chat_id"]
        .as_i64()
        .ok_or_else(|| bad_request("chat not found"))?;
    let text = body["text"]
        .as_str()
        .ok_or_else(|| bad_request("message text is empty"))?;
    check_text(text, body["parse_mode"].as_str())?;
    check_buttons(body)?;
    let mut inner = shared.lock();
    let message_id = inner.next_message_id;
    inner.next_message_id += 1;
    let markup = body.get("reply_markup").cloned().unwrap_or(Value::Null);
    inner
        .messages
        .insert((chat_id, message_id), (text.to_string(), markup));
    let chat = inner.chats.get(&chat_id).cloned().unwrap_or_else(|| {
        if chat_id > 0 {
            json!({"id": chat_id, "type": "private", "first_name": "User"})
        } else {
            json!({"id": chat_id, "type": "supergroup", "title": "Group"})
        }
    });
    Ok(
        json!({"message_id": message_id, "date": now(), "chat": chat, "from": bot_user(), "text": text}),
    )
}

/// An inline keyboard's buttons: each with a text and 1-64 bytes of callback data.
fn check_buttons(body: &Value) -> Checked<()> {
    let Some(markup) = body.get("reply_markup") else {
        return Ok(());
    };
    for button in markup["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|r| r.as_array().into_iter().flatten())
    {
        let data = button["callback_data"].as_str().unwrap_or_default();
        if button["text"].as_str().is_none_or(str::is_empty) || data.is_empty() || data.len() > 64 {
            return Err(bad_request(format!("BUTTON_DATA_INVALID ({button})")));
        }
    }
    Ok(())
}

/// `editMessageText` of a message the bot sent: the text checked as `sendMessage`'s, the
/// message must exist, and text and buttons must differ from what it shows now (Telegram
/// answers "message is not modified" otherwise). A missing `reply_markup` removes the buttons.
fn edit_message_text(shared: &Shared, body: &Value) -> Checked<Value> {
    let chat_id = body["chat_id"]
        .as_i64()
        .ok_or_else(|| bad_request("chat not found"))?;
    let message_id = body["message_id"]
        .as_i64()
        .ok_or_else(|| bad_request("message identifier is not specified"))?;
    let text = body["text"]
        .as_str()
        .ok_or_else(|| bad_request("message text is empty"))?;
    check_text(text, body["parse_mode"].as_str())?;
    check_buttons(body)?;
    let markup = body.get("reply_markup").cloned().unwrap_or(Value::Null);
    let mut inner = shared.lock();
    let Some(current) = inner.messages.get_mut(&(chat_id, message_id)) else {
        return Err(bad_request("message to edit not found"));
    };
    if current.0 == text && current.1 == markup {
        return Err(bad_request(
            "message is not modified: specified new message content and reply markup are \
             exactly the same as a current content and reply markup of the message",
        ));
    }
    *current = (text.to_string(), markup);
    let chat = inner
        .chats
        .get(&chat_id)
        .cloned()
        .unwrap_or_else(|| json!({"id": chat_id, "type": "private", "first_name": "User"}));
    Ok(json!({
        "message_id": message_id,
        "date": now(),
        "edit_date": now(),
        "chat": chat,
        "from": bot_user(),
        "text": text
    }))
}

/// The tests' one polling loop: calls `check` every `every` until it gives a value, or
/// `None` once `timeout` has passed.
pub async fn poll_for<T>(
    timeout: Duration,
    every: Duration,
    mut check: impl FnMut() -> Option<T>,
) -> Option<T> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(v) = check() {
            return Some(v);
        }
        if Instant::now() >= deadline {
            return None;
        }
        tokio::time::sleep(every).await;
    }
}

/// [`poll_for`] that panics with `describe()` after `timeout`.
pub async fn poll_until<T>(
    timeout: Duration,
    every: Duration,
    check: impl FnMut() -> Option<T>,
    describe: impl FnOnce() -> String,
) -> T {
    match poll_for(timeout, every, check).await {
        Some(v) => v,
        None => panic!("{}", describe()),
    }
}
