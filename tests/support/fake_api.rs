//! A fake Telegram Bot API server on 127.0.0.1 for end-to-end tests: no network.
//!
//! It serves `POST /bot<token>/<method>` with JSON bodies, records every request, hands out
//! queued updates through `getUpdates` (honouring `offset` and `limit`, waiting up to
//! [`POLL_WAIT`] when nothing is queued), answers `sendMessage` with a valid `Message`, and can
//! be told to fail the next N calls of a method with a 429 (`retry_after`) or a 500.

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
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// How an injected failure answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// HTTP 429 with `parameters.retry_after` (seconds).
    TooManyRequests { retry_after: u64 },
    /// HTTP 500 "Internal Server Error". Note: teloxide waits 10 s before reading a 5xx reply.
    ServerError,
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
    next_message_id: i64,
    /// Chats seen in pushed updates, so replies carry the right chat type.
    chats: HashMap<i64, Value>,
    /// Requests whose path was not `/bot<TOKEN>/<method>`.
    bad_paths: Vec<String>,
}

struct Shared {
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
    /// Binds 127.0.0.1 on a free port and serves in the background.
    pub async fn start() -> FakeApi {
        let shared = Arc::new(Shared {
            inner: Mutex::new(Inner { next_update_id: 1, next_message_id: 1000, ..Inner::default() }),
            updates_pushed: Notify::new(),
        });
        let app = Router::new().route("/{*path}", post(handle)).with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local addr");
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("fake Bot API server failed");
        });
        FakeApi { addr, shared, server }
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
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
        let parsed: teloxide::types::Update = serde_json::from_value(update.clone())
            .unwrap_or_else(|e| panic!("fixture is not a valid Update ({e}): {update}"));
        if let teloxide::types::UpdateKind::Error(_) = parsed.kind {
            panic!("teloxide cannot parse this update's content: {update:#}");
        }
        for key in ["message", "edited_message", "channel_post", "edited_channel_post"] {
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

    /// Every request of `method` so far, in order, failed attempts included.
    pub fn calls(&self, method: &str) -> Vec<Call> {
        self.shared.lock().calls.iter().filter(|c| c.method == method).cloned().collect()
    }

    /// The bodies of every request of `method` so far (failed attempts included).
    pub fn sent(&self, method: &str) -> Vec<Value> {
        self.calls(method).into_iter().map(|c| c.body).collect()
    }

    /// The bodies of the requests of `method` that succeeded (no injected failure).
    pub fn delivered(&self, method: &str) -> Vec<Value> {
        self.calls(method).into_iter().filter(|c| c.failure.is_none()).map(|c| c.body).collect()
    }

    /// Delivered `sendMessage` bodies addressed to `chat_id`.
    pub fn messages_to(&self, chat_id: i64) -> Vec<Value> {
        self.delivered("sendMessage").into_iter().filter(|b| b["chat_id"].as_i64() == Some(chat_id)).collect()
    }

    /// The method names of all requests, in order, `getUpdates` left out.
    pub fn methods(&self) -> Vec<String> {
        self.shared.lock().calls.iter().filter(|c| c.method != "getUpdates").map(|c| c.method.clone()).collect()
    }

    /// Requests that did not use `/bot<TOKEN>/<method>`.
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
    pub async fn wait_for_messages(&self, chat_id: i64, count: usize, timeout: Duration) -> Vec<Value> {
        self.wait_until(timeout, &format!("{count} message(s) to chat {chat_id}"), || {
            let sent = self.messages_to(chat_id);
            (sent.len() >= count).then_some(sent)
        })
        .await
    }

    /// Polls `check` every 5 ms until it returns `Some`; panics after `timeout`.
    pub async fn wait_until<T>(&self, timeout: Duration, what: &str, mut check: impl FnMut() -> Option<T>) -> T {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(v) = check() {
                return v;
            }
            if Instant::now() >= deadline {
                panic!("timed out after {timeout:?} waiting for {what}; requests so far:\n{}", self.dump());
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// Every request except `getUpdates`, one a line, for failure messages.
    pub fn dump(&self) -> String {
        let inner = self.shared.lock();
        let lines: Vec<String> = inner
            .calls
            .iter()
            .filter(|c| c.method != "getUpdates")
            .map(|c| format!("  {}{} {}", c.method, c.failure.as_ref().map(|f| format!(" [{f:?}]")).unwrap_or_default(), c.body))
            .collect();
        let pending = inner.updates.len();
        format!("{}\n  ({pending} update(s) still queued; bad paths: {:?})", lines.join("\n"), inner.bad_paths)
    }
}

fn remember_chat(inner: &mut Inner, chat: &Value) {
    if let Some(id) = chat["id"].as_i64() {
        inner.chats.insert(id, chat.clone());
    }
}

fn ok(result: Value) -> Response {
    (StatusCode::OK, axum::Json(json!({"ok": true, "result": result}))).into_response()
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
        Failure::ServerError => error(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error", None),
        Failure::BadRequest(d) => error(StatusCode::BAD_REQUEST, d, None),
    }
}

async fn handle(State(shared): State<Arc<Shared>>, Path(path): Path<String>, body: Bytes) -> Response {
    let path = path.trim_start_matches('/');
    let Some((token, method)) = path.strip_prefix("bot").and_then(|p| p.rsplit_once('/')) else {
        shared.lock().bad_paths.push(path.to_string());
        return error(StatusCode::NOT_FOUND, "Not Found", None);
    };
    if token != TOKEN {
        shared.lock().bad_paths.push(path.to_string());
        return error(StatusCode::UNAUTHORIZED, "Unauthorized", None);
    }
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let failure = {
        let mut inner = shared.lock();
        let failure = inner.failures.get_mut(method).and_then(VecDeque::pop_front);
        inner.calls.push(Call { method: method.to_string(), body: body.clone(), failure: failure.clone(), at: Instant::now() });
        failure
    };
    if let Some(f) = failure {
        return failure_response(&f);
    }
    match method {
        "getUpdates" => get_updates(&shared, &body).await,
        "getMe" => ok(me()),
        "getWebhookInfo" => ok(json!({"url": "", "has_custom_certificate": false, "pending_update_count": 0})),
        "deleteWebhook" | "setMyCommands" | "answerCallbackQuery" | "answerInlineQuery" | "deleteMyCommands" => {
            ok(json!(true))
        }
        "sendMessage" => send_message(&shared, &body),
        _ => error(StatusCode::NOT_FOUND, "Not Found: method not found", None),
    }
}

async fn get_updates(shared: &Shared, body: &Value) -> Response {
    let offset = body["offset"].as_i64().unwrap_or(0);
    let limit = body["limit"].as_u64().unwrap_or(100).clamp(1, 100) as usize;
    let wait = if body["timeout"].as_u64().unwrap_or(0) == 0 { Duration::ZERO } else { POLL_WAIT };
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        let notified = shared.updates_pushed.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        {
            let mut inner = shared.lock();
            // An offset confirms every update before it: Telegram forgets them.
            inner.updates.retain(|u| u["update_id"].as_i64().unwrap_or(0) >= offset);
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

fn send_message(shared: &Shared, body: &Value) -> Response {
    let Some(chat_id) = body["chat_id"].as_i64() else {
        return error(StatusCode::BAD_REQUEST, "Bad Request: chat not found", None);
    };
    let Some(text) = body["text"].as_str().filter(|t| !t.is_empty()) else {
        return error(StatusCode::BAD_REQUEST, "Bad Request: message text is empty", None);
    };
    let mut inner = shared.lock();
    let message_id = inner.next_message_id;
    inner.next_message_id += 1;
    let chat = inner.chats.get(&chat_id).cloned().unwrap_or_else(|| {
        if chat_id > 0 {
            json!({"id": chat_id, "type": "private", "first_name": "User"})
        } else {
            json!({"id": chat_id, "type": "supergroup", "title": "Group"})
        }
    });
    ok(json!({"message_id": message_id, "date": now(), "chat": chat, "from": bot_user(), "text": text}))
}
