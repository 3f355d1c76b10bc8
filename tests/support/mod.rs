//! Test support, one module for every test binary: the repository's knowledge directory and an
//! engine over it, knowledge copies to edit, the fake Bot API server, update fixtures, a bot
//! running against the fake, and the one HTTP client ([`http`]).

#![allow(dead_code, unused_imports)]

pub mod fake_api;
pub mod http;
pub mod updates;

use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use serde_json::Value;
use xihu_report_bot::bot::config::{BotConfig, Token};
use xihu_report_bot::bot::limiter::SendLimits;
use xihu_report_bot::bot::runner::{self, Options, Running, Summary};
use xihu_report_bot::bot::send::RetryPolicy;
use xihu_report_bot::bot::state::AppState;
use xihu_report_bot::bot::{TgBot, client};
use xihu_report_bot::engine::{Answer, Engine, Tuning};
use xihu_report_bot::knowledge::KnowledgeBase;
use xihu_report_bot::snapshot::{Golden, Snapshot, SnapshotError};

pub use fake_api::{BOT_ID, BOT_USERNAME, Failure, FakeApi, TOKEN};

/// The admin id the test configuration uses.
pub const ADMIN_ID: u64 = 42;
/// How long a test waits for something the bot should do.
pub const WAIT: Duration = Duration::from_secs(5);

/// The repository's knowledge directory.
pub fn knowledge_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge")
}

/// The mini knowledge base for mechanics tests (`tests/fixtures/mini_kb/`): a few sentences of
/// the report — its front matter, the review's headline figures, one plan section — with their
/// entries, so a test of how the bot or engine works does not break when the real base is
/// curated. Counts are read from it, never written into assertions. The real base
/// ([`knowledge_dir`]) is for accuracy.
pub fn mini_kb_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini_kb")
}

/// Runs the `report-bot` binary with `args`, `stdin` as its input, the repository's knowledge
/// base by default (`--knowledge` overrides it), no token and no data directory from the
/// environment: the tests' one subprocess helper.
pub fn report_bot(args: &[&str], stdin: &str) -> std::process::Output {
    report_bot_bytes(args, stdin.as_bytes())
}

/// [`report_bot`] with raw bytes on stdin (a terminal in another encoding).
pub fn report_bot_bytes(args: &[&str], stdin: &[u8]) -> std::process::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_report-bot"))
        .args(args)
        .env("KNOWLEDGE_DIR", knowledge_dir())
        .env_remove("TELOXIDE_TOKEN")
        .env_remove("DATA_DIR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("report-bot runs");
    let mut input = child.stdin.take().expect("stdin");
    // a command that does not read stdin may exit first: a closed pipe is not a failure
    let _ = input.write_all(stdin);
    drop(input);
    child.wait_with_output().expect("report-bot finishes")
}

/// The engine over the repository's knowledge base, built once per test binary.
pub static ENGINE: LazyLock<Engine> = LazyLock::new(|| {
    let kb = KnowledgeBase::load(&knowledge_dir()).expect("the repository's knowledge base loads");
    Engine::build(&kb, &Tuning::default())
});

/// The engine over the mini knowledge base ([`mini_kb_dir`]), for mechanics.
pub static MINI_ENGINE: LazyLock<Engine> = LazyLock::new(|| {
    let kb = KnowledgeBase::load(&mini_kb_dir()).expect("the mini knowledge base loads");
    Engine::build(&kb, &Tuning::default())
});

/// Entry ids (or `sentence:N`) of an answer's parts.
pub fn ids(answer: &Answer) -> Vec<String> {
    answer.parts.iter().map(|p| p.source.to_string()).collect()
}

/// Copies the knowledge directory into a fresh temporary directory (for reload tests).
pub fn knowledge_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&knowledge_dir(), dir.path());
    dir
}

/// A knowledge copy with the small fixed golden set [`GOLDEN`]: for tests of the bot's
/// operation, which should not fail while someone is retuning the engine.
pub fn knowledge_copy_small_golden() -> tempfile::TempDir {
    let dir = knowledge_copy();
    replace_golden(dir.path(), GOLDEN);
    dir
}

/// Copies a directory tree (for tests that edit a knowledge base).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// A small golden set for tests of reloading and operations (see [`replace_golden`]).
pub const GOLDEN: &str = "[[golden]]\nquestion = \"去年西湖区GDP多少\"\nexpect = \"r1-gdp\"\n";

/// Replaces the golden questions of a knowledge copy with `toml` (one `golden/bot-tests.toml`).
///
/// Reload tests exercise reloading, not engine tuning: with a small fixed golden set they do not
/// break while someone is retuning the engine (the full set is `report-bot check`'s job).
pub fn replace_golden(knowledge: &Path, toml: &str) {
    let golden = knowledge.join("golden");
    if golden.exists() {
        std::fs::remove_dir_all(&golden).expect("remove golden/");
    }
    std::fs::create_dir_all(&golden).expect("create golden/");
    std::fs::write(golden.join("bot-tests.toml"), toml).expect("write golden file");
}

/// Replaces exactly one occurrence of `from` with `to` in `file`.
pub fn edit_file(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).expect("read file");
    assert_eq!(
        text.matches(from).count(),
        1,
        "{from:?} should occur once in {}",
        file.display()
    );
    std::fs::write(file, text.replacen(from, to, 1)).expect("write file");
}

/// Sending limits high enough never to delay a test (one test checks Telegram's own).
pub const FAST_LIMITS: SendLimits = SendLimits {
    overall_per_second: 1_000_000,
    chat_per_second: 1_000_000,
    group_per_minute: 1_000_000,
};

/// The configuration for a bot talking to `api`.
pub fn config(api: &FakeApi, knowledge_dir: PathBuf) -> BotConfig {
    BotConfig {
        token: Token::new(TOKEN),
        api_url: Some(api.url()),
        admin_ids: vec![ADMIN_ID],
        knowledge_dir,
        webhook_url: None,
        port: 0,
        data_dir: None,
        flood: xihu_report_bot::bot::flood::FloodLimit {
            max: 1000,
            window: std::time::Duration::from_secs(10),
        },
        send_limits: FAST_LIMITS,
        // short enough for tests: a retried send gives up after 15 s (a real 5xx costs 10 s in
        // teloxide), a hung request after 2 s
        retry: RetryPolicy {
            deadline: Duration::from_secs(15),
            first_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(1),
        },
        http_timeout: Duration::from_secs(1),
        poll_timeout: 1,
        shutdown_grace: Duration::from_secs(5),
        reload_deadline: Duration::from_secs(20),
    }
}

/// Logs to the test output with `RUST_LOG=...` (teloxide's `log` records included).
pub fn init_logging() {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_test_writer()
        .try_init();
}

/// A fake Bot API server and the bot polling it.
pub struct TestBot {
    /// The fake server.
    pub api: FakeApi,
    /// The bot's shared state.
    pub state: Arc<AppState>,
    /// The client (for calling library functions like `register_commands` directly).
    pub bot: TgBot,
    running: Option<Running>,
    /// What the run did, once stopped.
    pub summary: Option<Summary>,
    _knowledge: Option<tempfile::TempDir>,
}

impl TestBot {
    /// Starts a bot on the repository's knowledge base.
    pub async fn start() -> TestBot {
        Self::start_in(knowledge_dir(), None, |_| {}, |s| s).await
    }

    /// Starts a bot on the mini knowledge base ([`mini_kb_dir`]): for tests of mechanics.
    pub async fn start_mini() -> TestBot {
        Self::start_in(mini_kb_dir(), None, |_| {}, |s| s).await
    }

    /// [`TestBot::start_custom`] on the mini knowledge base.
    pub async fn start_mini_custom(
        configure: impl FnOnce(&mut BotConfig),
        build: impl FnOnce(AppState) -> AppState,
    ) -> TestBot {
        Self::start_in(mini_kb_dir(), None, configure, build).await
    }

    /// Starts a bot on the repository's knowledge base after `configure` has adjusted its
    /// configuration (flood limit, data directory) and `build` its state (`|s| s.with_log(log)`).
    pub async fn start_custom(
        configure: impl FnOnce(&mut BotConfig),
        build: impl FnOnce(AppState) -> AppState,
    ) -> TestBot {
        Self::start_in(knowledge_dir(), None, configure, build).await
    }

    /// Starts a bot on a copy of the knowledge base (kept until the bot is dropped), after
    /// `prepare` has edited the copy; edit it later through [`TestBot::knowledge_path`].
    pub async fn start_with_copy(prepare: impl FnOnce(&Path)) -> TestBot {
        let copy = knowledge_copy();
        prepare(copy.path());
        Self::start_in(copy.path().to_path_buf(), Some(copy), |_| {}, |s| s).await
    }

    async fn start_in(
        dir: PathBuf,
        keep: Option<tempfile::TempDir>,
        configure: impl FnOnce(&mut BotConfig),
        build: impl FnOnce(AppState) -> AppState,
    ) -> TestBot {
        init_logging();
        let api = FakeApi::start().await;
        let snapshot = load_snapshot(&dir);
        let mut config = config(&api, dir);
        configure(&mut config);
        let state = Arc::new(build(AppState::new(config, snapshot)));
        let mut t = Self::start_on(api, state);
        t._knowledge = keep;
        t
    }

    /// Starts a bot on an existing fake server and state (a restart, say).
    pub fn start_on(api: FakeApi, state: Arc<AppState>) -> TestBot {
        let bot = client(&state.config);
        let running = runner::spawn(bot.clone(), state.clone(), Options::default());
        TestBot {
            api,
            state,
            bot,
            running: Some(running),
            summary: None,
            _knowledge: None,
        }
    }

    /// The knowledge directory the bot loads from.
    pub fn knowledge_path(&self) -> &Path {
        &self.state.config.knowledge_dir
    }

    /// Queues an update (see [`FakeApi::push_update`]).
    pub fn push(&self, update: serde_json::Value) -> i64 {
        self.api.push_update(update)
    }

    /// Stops the bot gracefully (it confirms the updates it has taken and drains its queues).
    pub async fn stop(&mut self) {
        if let Some(running) = self.running.take() {
            running.stop();
            let grace = self.state.config.shutdown_grace;
            if let Ok(Ok(summary)) = tokio::time::timeout(grace + WAIT, running.join()).await {
                self.summary = Some(summary);
            }
        }
    }

    /// Stops the bot at once, as `kill -9` would: nothing drained, nothing confirmed.
    pub fn kill(&mut self) {
        if let Some(running) = self.running.take() {
            running.kill();
        }
    }
}

impl Drop for TestBot {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Loads a knowledge directory with its golden questions checked; falls back to an unchecked
/// load (with a warning) so a golden regression elsewhere does not hide bot bugs.
pub fn load_snapshot(dir: &Path) -> Snapshot {
    match Snapshot::load(dir, Golden::Check) {
        Ok(s) => s,
        Err(e @ SnapshotError::Golden(_)) => {
            eprintln!(
                "warning: loading {} without its golden questions: {e}",
                dir.display()
            );
            Snapshot::load(dir, Golden::Skip).expect("knowledge base loads")
        }
        Err(e) => panic!("cannot load {}: {e}", dir.display()),
    }
}

/// A message's text with Telegram-HTML escapes undone (admin replies are escaped).
pub fn text(msg: &Value) -> String {
    msg["text"]
        .as_str()
        .unwrap_or_default()
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Asserts that a message's text (escapes undone) contains `needle`.
pub fn assert_contains(msg: &Value, needle: &str) {
    let t = text(msg);
    assert!(
        t.contains(needle),
        "expected {needle:?} in the message; it was:\n{t}\n(full body: {msg})"
    );
}

/// Asserts that a message's text (escapes undone) does not contain `needle`.
pub fn assert_lacks(msg: &Value, needle: &str) {
    let t = text(msg);
    assert!(
        !t.contains(needle),
        "did not expect {needle:?} in the message; it was:\n{t}"
    );
}

/// Stops the bot and checks the conversation with the fake server was clean.
pub async fn finish(mut t: TestBot) {
    t.stop().await;
    assert!(
        t.api.bad_paths().is_empty(),
        "requests outside /bot<token>/: {:?}",
        t.api.bad_paths()
    );
    let known = [
        "getMe",
        "getWebhookInfo",
        "deleteWebhook",
        "sendMessage",
        "editMessageText",
        "answerCallbackQuery",
        "answerInlineQuery",
        "setMyCommands",
        "setWebhook",
    ];
    let unknown: Vec<String> = t
        .api
        .methods()
        .into_iter()
        .filter(|m| !known.contains(&m.as_str()))
        .collect();
    let rejected = t.api.rejections();
    assert!(rejected.is_empty(), "Telegram would reject: {rejected:#?}");
    assert!(
        unknown.is_empty(),
        "unexpected Bot API methods: {unknown:?}"
    );
    assert_eq!(
        t.api.pending_updates(),
        0,
        "the bot did not confirm all updates"
    );
}
