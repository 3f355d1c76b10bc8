//! End-to-end load test: many users in private chats and groups ask through `getUpdates` of the
//! fake Bot API on 127.0.0.1, and the bot's handlers answer through `sendMessage`. It measures,
//! it does not guard, so it is ignored by default:
//!
//! ```text
//! cargo test --release --test loadtest -- --ignored --nocapture
//! ```
//!
//! The bot's sending limits are lifted (Telegram's ~30 messages/s would be all this test
//! measured); `LOADTEST_LIMITS=1` keeps Telegram's own, to see what they add at ~20 updates/s.
//! Two phases, each question's reply checked against the engine's own answer (same text, same
//! chat, one reply per question):
//!
//! 1. saturation: every update queued at once; updates per second until the last reply;
//! 2. steady load: updates offered at a fixed rate while an admin sends `/reload` several times;
//!    latency from queuing an update to the bot's `sendMessage` for it (p50/p99), and each
//!    reload's time as the bot reports it.
//!
//! `LOADTEST_UPDATES` (saturation size, default 20 000), `LOADTEST_RATE` (updates/s, default
//! 1 000) and `LOADTEST_SECONDS` (default 10) change the load; `LOADTEST_INBOX=1` journals every
//! update in the durable inbox as the bot does with a `DATA_DIR`. A small run of the same test
//! (1 000 updates, then 500/s for 2 s with the reloads) is part of every `cargo test`.

mod support;

use std::collections::{HashMap, VecDeque};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use support::fake_api::FakeApi;
use support::updates::{group_chat, group_text, private_text};
use support::{ADMIN_ID, BOT_USERNAME};
use xihu_report_bot::bot::client;
use xihu_report_bot::bot::config::BotConfig;
use xihu_report_bot::bot::format::{self, MESSAGE_LIMIT};
use xihu_report_bot::bot::limiter::SendLimits;
use xihu_report_bot::bot::runner::{self, Options, Running};
use xihu_report_bot::bot::state::AppState;
use xihu_report_bot::cli::eval::{percentile, read_questions};
use xihu_report_bot::snapshot::Snapshot;

/// Users asking in private chats.
const PRIVATE_USERS: i64 = 2_000;
/// Groups asking with `/ask` or an @mention.
const GROUPS: i64 = 50;
/// `/reload`s during the steady phase.
const RELOADS: usize = 5;

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One question as a user sends it, and the reply the bot must give.
struct Ask {
    /// The message text (with `/ask` or the @mention in groups).
    text: String,
    /// The reply's HTML, from the engine directly.
    expected: String,
}

/// The questions: the knowledge base's golden questions and the dev set when it is beside us;
/// each in the three forms a user sends it (private, `/ask` in a group, @mention in a group).
fn asks(reference: &Snapshot) -> [Vec<Ask>; 3] {
    let mut questions: Vec<String> = reference
        .knowledge()
        .golden
        .iter()
        .map(|g| g.question.clone())
        .collect();
    let dev = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/dev-questions.jsonl");
    if let Ok(dev) = read_questions(&dev) {
        questions.extend(dev.into_iter().map(|q| q.q));
    }
    let answer = |asked: &str, text: String| {
        let expected = format::answer(
            &reference.engine.answer(asked),
            reference.engine.knowledge(),
        );
        // one reply per question keeps the matching simple; long answers are split elsewhere
        (format::split(&expected, MESSAGE_LIMIT).len() == 1).then_some(Ask { text, expected })
    };
    let private = questions.iter().filter_map(|q| answer(q, q.clone()));
    let command = questions
        .iter()
        .filter_map(|q| answer(q, format!("/ask {q}")));
    let mention = questions
        .iter()
        .filter_map(|q| answer(q, format!("@{BOT_USERNAME} {q}")));
    [private.collect(), command.collect(), mention.collect()]
}

/// A question sent and not yet answered.
struct Waiting {
    /// Which form (private, /ask, @mention) of which question.
    form: usize,
    question: usize,
    /// When its update was queued.
    at: Instant,
}

/// Sends updates and remembers, per chat, what each reply must be and when it was asked.
struct Load<'a> {
    api: &'a FakeApi,
    asks: &'a [Vec<Ask>; 3],
    next: u64,
    message_ids: HashMap<i64, i64>,
    /// Per chat, in order: the questions waiting for their reply.
    pending: HashMap<i64, VecDeque<Waiting>>,
    sent: usize,
}

impl<'a> Load<'a> {
    fn new(api: &'a FakeApi, asks: &'a [Vec<Ask>; 3]) -> Self {
        Self {
            api,
            asks,
            next: 0,
            message_ids: HashMap::new(),
            pending: HashMap::new(),
            sent: 0,
        }
    }

    /// Queues the next question: three in four from a private user, the rest in a group.
    fn push_one(&mut self) {
        let n = self.next;
        self.next += 1;
        let form = if n % 4 == 3 {
            1 + (n / 4 % 2) as usize
        } else {
            0
        };
        let question = (n / 7) as usize % self.asks[form].len();
        let (chat, user) = if form == 0 {
            let user = 10_000 + (n as i64 % PRIVATE_USERS);
            (user, user)
        } else {
            (-(1_000 + n as i64 % GROUPS), 20_000 + n as i64 % 997)
        };
        let id = self.message_ids.entry(chat).or_insert(0);
        *id += 1;
        let text = &self.asks[form][question].text;
        let update = if form == 0 {
            private_text(user, *id, text)
        } else {
            group_text(group_chat(chat), user, *id, text)
        };
        let at = Instant::now();
        self.api.push_update(update);
        self.pending
            .entry(chat)
            .or_default()
            .push_back(Waiting { form, question, at });
        self.sent += 1;
    }

    /// Matches every `sendMessage` to the question it answers; returns the latencies (µs) and
    /// the number of wrong or unexpected replies (printing the first few).
    fn check_replies(&mut self, calls: &[support::fake_api::Call]) -> (Vec<u64>, usize) {
        let mut latencies = Vec::new();
        let mut wrong = 0;
        for call in calls {
            let chat = call.body["chat_id"].as_i64().unwrap_or_default();
            if chat == ADMIN_ID as i64 {
                continue;
            }
            let Some(Waiting { form, question, at }) =
                self.pending.get_mut(&chat).and_then(VecDeque::pop_front)
            else {
                wrong += 1;
                if wrong <= 3 {
                    eprintln!("unexpected reply to chat {chat}: {}", call.body);
                }
                continue;
            };
            let ask = &self.asks[form][question];
            if call.body["text"].as_str() != Some(ask.expected.as_str()) || call.rejected.is_some()
            {
                wrong += 1;
                if wrong <= 3 {
                    eprintln!(
                        "wrong reply to {:?}: {}\nexpected: {}",
                        ask.text, call.body["text"], ask.expected
                    );
                }
            }
            latencies.push(call.at.saturating_duration_since(at).as_micros() as u64);
        }
        (latencies, wrong)
    }

    fn unanswered(&self) -> usize {
        self.pending.values().map(VecDeque::len).sum()
    }
}

/// Waits until `count` replies to users (admin replies aside) have arrived, or `timeout`.
async fn wait_replies(
    api: &FakeApi,
    count: usize,
    timeout: Duration,
) -> Vec<support::fake_api::Call> {
    let deadline = Instant::now() + timeout;
    loop {
        if api.count("sendMessage") >= count || Instant::now() > deadline {
            // the admin's /reload replies are among the sendMessage calls: give them a moment
            tokio::time::sleep(Duration::from_millis(50)).await;
            return api.calls("sendMessage");
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

fn micros_line(mut us: Vec<u64>) -> String {
    us.sort_unstable();
    let ms = |v: u64| v as f64 / 1e3;
    format!(
        "p50 {:.2} ms  p90 {:.2} ms  p99 {:.2} ms  max {:.2} ms",
        ms(percentile(&us, 0.5)),
        ms(percentile(&us, 0.9)),
        ms(percentile(&us, 0.99)),
        ms(us.last().copied().unwrap_or(0))
    )
}

/// Starts the bot.
fn start(config: &BotConfig, state: Arc<AppState>) -> Running {
    runner::spawn(client(config), state, Options::default())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "load test; run with --release -- --ignored --nocapture"]
async fn many_users_through_the_fake_bot_api() {
    run_load(
        env_or("LOADTEST_UPDATES", 20_000) as usize,
        env_or("LOADTEST_RATE", 1_000),
        env_or("LOADTEST_SECONDS", 10),
    )
    .await;
}

/// The same at a small size, in every test run: it checks behaviour (every question answered
/// correctly in its chat while the knowledge base is reloaded), not speed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reloads_under_load_lose_no_answers() {
    run_load(1_000, 500, 2).await;
}

/// Warm-up, saturation with `total` updates, then `rate` updates/s for `seconds` with
/// [`RELOADS`] reloads; prints the figures and asserts that no reply is wrong or missing.
async fn run_load(total: usize, rate: u64, seconds: u64) {
    let dir = support::knowledge_dir();
    let reference = support::load_snapshot(&dir);
    let asks = asks(&reference);
    let api = FakeApi::start().await;
    let mut config = support::config(&api, dir.clone());
    if env_or("LOADTEST_LIMITS", 0) == 1 {
        // Telegram's own limits (offer no more than ~20 updates/s then)
        config.send_limits = SendLimits::default();
    }
    // LOADTEST_INBOX=1: journal every update in a durable inbox, as the bot does with DATA_DIR
    let data = tempfile::tempdir().expect("tempdir");
    if env_or("LOADTEST_INBOX", 0) == 1 {
        config.data_dir = Some(data.path().to_path_buf());
    }
    let state = Arc::new(AppState::new(config.clone(), support::load_snapshot(&dir)));
    let task = start(&config, state.clone());
    println!(
        "questions: {} private, {} /ask, {} @mention forms",
        asks[0].len(),
        asks[1].len(),
        asks[2].len()
    );

    // warm-up: connections, the first touches of the engine
    let mut load = Load::new(&api, &asks);
    for _ in 0..200 {
        load.push_one();
    }
    let calls = wait_replies(&api, 200, Duration::from_secs(30)).await;
    let (_, wrong) = load.check_replies(&calls);
    assert_eq!(wrong, 0, "wrong replies during warm-up");
    let mut seen = calls.len();

    // 1. saturation
    let started = Instant::now();
    for _ in 0..total {
        load.push_one();
    }
    let queued = started.elapsed();
    let calls = wait_replies(&api, seen + total, Duration::from_secs(120)).await;
    let last = calls.iter().map(|c| c.at).max().unwrap_or(started);
    let took = last.saturating_duration_since(started);
    let (_, wrong) = load.check_replies(&calls[seen..]);
    seen = calls.len();
    println!(
        "saturation: {total} updates queued in {:.0} ms, all answered in {:.0} ms: {:.0} updates/s; wrong replies: {wrong}; unanswered: {}",
        queued.as_secs_f64() * 1e3,
        took.as_secs_f64() * 1e3,
        total as f64 / took.as_secs_f64(),
        load.unanswered()
    );
    assert_eq!(wrong, 0);
    assert_eq!(load.unanswered(), 0);

    // 2. steady load with reloads
    let steady = (rate * seconds) as usize;
    let every = Duration::from_secs_f64(1.0 / rate as f64);
    let reload_every = steady / (RELOADS + 1);
    let mut admin_message = 0;
    let started = Instant::now();
    for i in 0..steady {
        // pace by the clock: push what is due, then sleep a little
        let due = started + every * i as u32;
        if let Some(wait) = due.checked_duration_since(Instant::now())
            && wait > Duration::from_millis(1)
        {
            tokio::time::sleep(wait).await;
        }
        load.push_one();
        if i > 0 && i % reload_every == 0 && admin_message < RELOADS as i64 {
            admin_message += 1;
            api.push_update(private_text(ADMIN_ID as i64, admin_message, "/reload"));
        }
    }
    let offered = steady as f64 / started.elapsed().as_secs_f64();
    let calls = wait_replies(&api, seen + steady + RELOADS, Duration::from_secs(60)).await;
    let (latencies, wrong) = load.check_replies(&calls[seen..]);
    let reloads: Vec<String> = calls
        .iter()
        .filter(|c| c.body["chat_id"].as_i64() == Some(ADMIN_ID as i64))
        .filter_map(|c| c.body["text"].as_str())
        .map(|t| t.lines().next().unwrap_or_default().to_string())
        .collect();
    println!(
        "steady: {steady} updates offered at {offered:.0}/s; update → sendMessage {}; wrong replies: {wrong}; unanswered: {}",
        micros_line(latencies),
        load.unanswered()
    );
    println!("reloads under load: {}", reloads.join(" | "));
    println!("rejected by the fake Bot API: {}", api.rejections().len());
    assert_eq!(wrong, 0);
    assert_eq!(load.unanswered(), 0);
    assert_eq!(reloads.len(), RELOADS, "every /reload is answered");
    assert!(
        reloads.iter().all(|r| r.starts_with("重新加载完成")),
        "every reload succeeds: {reloads:?}"
    );
    assert!(api.rejections().is_empty());
    task.kill();
}
