//! The question log: every question the bot handles, in SQLite, for the curators.
//!
//! Stored per question: time, chat type (private/group/inline), the normalised question,
//! answered or declined, the matched entry id and the score. Stored per 👍/👎 on an answer
//! ([`Feedback`]): time, the question, the entry that answered and the vote. No user ids, names
//! or chat ids.
//!
//! Writes never block answering: handlers hand records to a bounded channel ([`QUEUE`]) that
//! one writer thread drains. Nothing is lost silently: while another process holds the write
//! lock the writer waits ([`BUSY_TIMEOUT`]) and retries each record for up to [`RETRY_FOR`],
//! with the queue holding what arrives meanwhile; a record that still cannot be written, or
//! that finds the queue full, is counted ([`LogHandle::dropped`], shown by `/stats`) and each
//! loss is logged with the running count (at most one line per [`WARN_EVERY`]). WAL mode keeps
//! what was written across a crash.
//!
//! The file is marked as ours (`PRAGMA application_id`); the bot and the curators' commands
//! refuse a database that belongs to another application, and the read side
//! ([`QuestionLog::open_read_only`]) never writes, so it works on a read-only `DATA_DIR`.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, OpenFlags, params};

/// Records waiting to be written, at most.
pub const QUEUE: usize = 4096;
/// Schema version, in `PRAGMA user_version`.
const SCHEMA_VERSION: i64 = 2;
/// `PRAGMA application_id` of the question log ("XRBQ").
pub const APPLICATION_ID: i32 = 0x5852_4251;
/// How long one statement waits for another process's lock.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a record is retried while the database stays busy or unavailable.
pub const RETRY_FOR: Duration = Duration::from_secs(30);
/// Losses are logged at most this often (each line has the count so far).
pub const WARN_EVERY: Duration = Duration::from_secs(10);

/// Where a question was asked. The log stores it as text ([`ChatKind::as_str`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChatKind {
    /// A private chat with the bot.
    Private,
    /// A group or supergroup (`/ask`, a mention, a reply to the bot).
    Group,
    /// Inline mode (`@bot question` in any chat).
    Inline,
}

impl ChatKind {
    /// The name stored in the log's `chat` column and written in the bot's log lines.
    pub fn as_str(self) -> &'static str {
        match self {
            ChatKind::Private => "private",
            ChatKind::Group => "group",
            ChatKind::Inline => "inline",
        }
    }
}

impl std::fmt::Display for ChatKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Now in unix seconds (0 on a clock before 1970): the stamp of every row the bot writes.
pub(crate) fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// One handled question.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Unix seconds.
    pub at: i64,
    /// Where it was asked.
    pub chat: ChatKind,
    /// The normalised question.
    pub question: String,
    /// Answered (true) or declined.
    pub answered: bool,
    /// Matched entry id (or `sentence:N`).
    pub entry: Option<String>,
    /// Confidence.
    pub score: f32,
}

impl Record {
    /// A record stamped now.
    pub fn now(
        chat: ChatKind,
        question: String,
        answered: bool,
        entry: Option<String>,
        score: f32,
    ) -> Self {
        Self {
            at: unix_now(),
            chat,
            question,
            answered,
            entry,
            score,
        }
    }
}

/// A vote on an answer: 👍 (`up`) or 👎 ("没答对").
#[derive(Debug, Clone, PartialEq)]
pub struct Feedback {
    /// Unix seconds.
    pub at: i64,
    /// The question as it was answered.
    pub question: String,
    /// The entry that answered it (or `sentence:N`).
    pub entry: String,
    /// 👍 (true) or 👎.
    pub up: bool,
}

impl Feedback {
    /// A vote stamped now.
    pub fn now(question: String, entry: String, up: bool) -> Self {
        Self {
            at: unix_now(),
            question,
            entry,
            up,
        }
    }
}

/// What the writer thread writes.
#[derive(Debug, Clone, PartialEq)]
enum Row {
    Question(Record),
    Vote(Feedback),
}

/// Why a question is on the curators' list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Why {
    /// Someone said the answer was wrong (👎): a confidently wrong answer is the worst failure.
    Disliked,
    /// Answered, but the best two entries scored close: it may have picked the wrong one.
    LowMargin,
    /// Declined, or answered below the low-confidence bound.
    Unanswered,
}

/// A question people ask that the bot declines, answers with low confidence, answers by a
/// narrow margin, or answered in a way someone disliked.
#[derive(Debug, Clone, PartialEq)]
pub struct Unanswered {
    /// The normalised question.
    pub question: String,
    /// How often it was asked (for [`Why::Disliked`]: how many 👎).
    pub count: u64,
    /// The best score it got.
    pub score: f32,
    /// Why it is listed.
    pub why: Why,
    /// The entry that answered it, where one did.
    pub entry: Option<String>,
}

/// Why the question log cannot be opened, read or written.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    /// The data directory cannot be created.
    #[error("cannot create the data directory {}: {source}", path.display())]
    DataDir {
        /// The directory.
        path: PathBuf,
        /// What the file system said.
        source: std::io::Error,
    },
    /// The file is a database of another application (or no database at all).
    #[error(
        "{} is not report-bot's question log (application id {app:#x}, tables {tables:?}); \
         point --data / DATA_DIR at the bot's data directory",
        path.display()
    )]
    Foreign {
        /// The file.
        path: PathBuf,
        /// Its `PRAGMA application_id`.
        app: i32,
        /// Its tables.
        tables: Vec<String>,
    },
    /// SQLite refused (busy, read-only, corrupt, …).
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

/// What the question log's operations return.
pub type Result<T, E = LogError> = std::result::Result<T, E>;

/// The database file under a data directory.
pub fn db_path(data_dir: &Path) -> PathBuf {
    data_dir.join("questions.sqlite3")
}

/// An open question log.
#[derive(Debug)]
pub struct QuestionLog {
    conn: Connection,
}

impl QuestionLog {
    /// Opens (creating and migrating) the log under `data_dir` for writing; refuses a database
    /// of another application before changing anything in it.
    pub fn open(data_dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(data_dir).map_err(|source| LogError::DataDir {
            path: data_dir.to_path_buf(),
            source,
        })?;
        let path = db_path(data_dir);
        let conn = Connection::open(&path)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        check_ours(&conn, &path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        if version < SCHEMA_VERSION {
            conn.execute_batch(
                "CREATE TABLE IF NOT EXISTS questions (
                    id INTEGER PRIMARY KEY,
                    at INTEGER NOT NULL,
                    chat TEXT NOT NULL,
                    question TEXT NOT NULL,
                    answered INTEGER NOT NULL,
                    entry TEXT,
                    score REAL NOT NULL
                 );
                 CREATE INDEX IF NOT EXISTS questions_answered ON questions (answered, score);
                 PRAGMA user_version = 1;",
            )?;
        }
        if version < 2 {
            conn.execute_batch(
                "CREATE TABLE IF NOT EXISTS feedback (
                    id INTEGER PRIMARY KEY,
                    at INTEGER NOT NULL,
                    question TEXT NOT NULL,
                    entry TEXT NOT NULL,
                    up INTEGER NOT NULL
                 );
                 PRAGMA user_version = 2;",
            )?;
        }
        Ok(Self { conn })
    }

    /// Opens an existing log for reading only: nothing is created, migrated or switched, so it
    /// works on a read-only `DATA_DIR` (and on a copy); refuses another application's database.
    pub fn open_read_only(data_dir: &Path) -> Result<Self> {
        let path = db_path(data_dir);
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&path, flags)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let conn = match check_ours(&conn, &path) {
            Ok(()) => conn,
            // a WAL database in a directory we cannot write has no -shm file to read through:
            // read the file as it is (nobody can be writing to it there)
            Err(LogError::Sqlite(rusqlite::Error::SqliteFailure(e, _)))
                if e.code == rusqlite::ErrorCode::CannotOpen =>
            {
                let uri = format!("file:{}?immutable=1", path.display());
                let conn = Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)?;
                check_ours(&conn, &path)?;
                conn
            }
            Err(e) => return Err(e),
        };
        Ok(Self { conn })
    }

    /// Writes one record.
    pub fn insert(&self, r: &Record) -> Result<()> {
        self.conn.execute(
            "INSERT INTO questions (at, chat, question, answered, entry, score) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![r.at, r.chat.as_str(), r.question, r.answered, r.entry, f64::from(r.score)],
        )?;
        Ok(())
    }

    /// Writes one vote.
    pub fn insert_feedback(&self, f: &Feedback) -> Result<()> {
        self.conn.execute(
            "INSERT INTO feedback (at, question, entry, up) VALUES (?1, ?2, ?3, ?4)",
            params![f.at, f.question, f.entry, f.up],
        )?;
        Ok(())
    }

    fn write(&self, row: &Row) -> Result<()> {
        match row {
            Row::Question(r) => self.insert(r),
            Row::Vote(f) => self.insert_feedback(f),
        }
    }

    /// Does the log have the feedback table (a log of a bot before votes has not)?
    fn has_feedback(&self) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'feedback'",
            [],
            |r| Ok(r.get::<_, i64>(0)? > 0),
        )?)
    }

    /// The answers most often disliked (👎 net of 👍 does not matter: one 👎 is worth a look),
    /// most disliked first.
    pub fn disliked(&self, limit: usize) -> Result<Vec<Unanswered>> {
        if !self.has_feedback()? {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare(
            "SELECT question, entry, COUNT(*) AS n FROM feedback WHERE up = 0
             GROUP BY question, entry ORDER BY n DESC, question LIMIT ?1",
        )?;
        let rows = stmt.query_map(params![limit as i64], |r| {
            Ok(Unanswered {
                question: r.get(0)?,
                entry: Some(r.get(1)?),
                count: r.get::<_, i64>(2)? as u64,
                score: 0.0,
                why: Why::Disliked,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The answered questions most often asked, with the entry that answered them and their
    /// best score: the curator re-ranks them to find narrow margins.
    pub fn answered(&self, limit: usize) -> Result<Vec<Unanswered>> {
        let mut stmt = self.conn.prepare(
            "SELECT question, COUNT(*) AS n, MAX(score), MAX(entry) FROM questions
             WHERE answered = 1 GROUP BY question ORDER BY n DESC, question LIMIT ?1",
        )?;
        let rows = stmt.query_map(params![limit as i64], |r| {
            Ok(Unanswered {
                question: r.get(0)?,
                count: r.get::<_, i64>(1)? as u64,
                score: r.get::<_, f64>(2)? as f32,
                entry: r.get(3)?,
                why: Why::LowMargin,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Number of records.
    pub fn count(&self) -> Result<u64> {
        let n = self
            .conn
            .query_row("SELECT COUNT(*) FROM questions", [], |r| r.get::<_, i64>(0))?;
        Ok(n as u64)
    }

    /// The most frequent declined or low-confidence questions (score below `low`), most asked first.
    pub fn unanswered(&self, limit: usize, low: f32) -> Result<Vec<Unanswered>> {
        let mut stmt = self.conn.prepare(
            "SELECT question, COUNT(*) AS n, MAX(score) FROM questions
             WHERE answered = 0 OR score < ?1
             GROUP BY question ORDER BY n DESC, question LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![f64::from(low), limit as i64], |r| {
            Ok(Unanswered {
                question: r.get(0)?,
                count: r.get::<_, i64>(1)? as u64,
                score: r.get::<_, f64>(2)? as f32,
                why: Why::Unanswered,
                entry: None,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Is this database ours (or empty)? A log written before the application id existed (a
/// `questions` table, id 0) counts as ours.
fn check_ours(conn: &Connection, path: &Path) -> Result<()> {
    let app: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    if app == APPLICATION_ID {
        return Ok(());
    }
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if app == 0
        && (tables.is_empty() || tables == ["questions"] || tables == ["questions", "feedback"])
    {
        return Ok(());
    }
    Err(LogError::Foreign {
        path: path.to_path_buf(),
        app,
        tables,
    })
}

/// Losses of the log, shared by the handles and the writer.
#[derive(Debug, Default)]
struct Losses {
    dropped: AtomicU64,
    /// Seconds since `epoch` of the last warning (+1; 0 = never).
    warned_at: AtomicU64,
    epoch: std::sync::OnceLock<Instant>,
}

impl Losses {
    fn lose(&self, why: &str) {
        let total = self.dropped.fetch_add(1, Ordering::Relaxed) + 1;
        let epoch = *self.epoch.get_or_init(Instant::now);
        let now = epoch.elapsed().as_secs() + 1;
        let last = self.warned_at.load(Ordering::Relaxed);
        if (last == 0 || now >= last + WARN_EVERY.as_secs())
            && self
                .warned_at
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            tracing::warn!(
                dropped_total = total,
                "question log entry dropped ({why}); answering goes on"
            );
        }
    }
}

/// The handlers' side of the log: hands records to the writer, never waits.
#[derive(Debug, Clone)]
pub struct LogHandle {
    tx: SyncSender<Row>,
    losses: Arc<Losses>,
}

impl LogHandle {
    /// Queues a record; when the queue is full or the writer is gone, drops it and counts it.
    pub fn record(&self, r: Record) {
        self.send(Row::Question(r));
    }

    /// Queues a vote, as [`LogHandle::record`] does a question.
    pub fn feedback(&self, f: Feedback) {
        self.send(Row::Vote(f));
    }

    fn send(&self, row: Row) {
        match self.tx.try_send(row) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => self.losses.lose("queue full"),
            Err(TrySendError::Disconnected(_)) => self.losses.lose("writer stopped"),
        }
    }

    /// Records dropped so far (queue full, or not writable within [`RETRY_FOR`]).
    pub fn dropped(&self) -> u64 {
        self.losses.dropped.load(Ordering::Relaxed)
    }
}

/// The writer thread; joining it (after every handle is dropped) flushes the queue.
#[derive(Debug)]
pub struct LogWriter {
    thread: JoinHandle<()>,
}

impl LogWriter {
    /// Waits until every queued record is written.
    pub fn finish(self) {
        let _ = self.thread.join();
    }
}

/// Starts the writer for `log`.
pub fn spawn_writer(log: QuestionLog) -> (LogHandle, LogWriter) {
    spawn_writer_with(log, QUEUE, RETRY_FOR)
}

/// [`spawn_writer`] with another queue size and retry time (for tests).
pub fn spawn_writer_with(
    log: QuestionLog,
    queue: usize,
    retry_for: Duration,
) -> (LogHandle, LogWriter) {
    let (tx, rx) = sync_channel(queue);
    let losses = Arc::new(Losses::default());
    let shared = losses.clone();
    let thread = std::thread::spawn(move || write_all(&log, &rx, &shared, retry_for));
    (LogHandle { tx, losses }, LogWriter { thread })
}

fn write_all(log: &QuestionLog, rx: &Receiver<Row>, losses: &Losses, retry_for: Duration) {
    while let Ok(r) = rx.recv() {
        let started = Instant::now();
        let mut wait = Duration::from_millis(50);
        loop {
            match log.write(&r) {
                Ok(()) => break,
                Err(e) if started.elapsed() + wait <= retry_for => {
                    tracing::debug!(error = %e, "question log busy; retrying");
                    std::thread::sleep(wait);
                    wait = (wait * 2).min(Duration::from_secs(2));
                }
                Err(e) => {
                    losses.lose(&format!("cannot write: {e}"));
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_and_groups_unanswered() {
        let dir = tempfile::tempdir().unwrap();
        let (handle, writer) = spawn_writer(QuestionLog::open(dir.path()).unwrap());
        for q in ["人口", "人口", "gdp", "房价"] {
            let answered = q == "gdp";
            handle.record(Record::now(
                ChatKind::Private,
                q.into(),
                answered,
                None,
                if answered { 0.9 } else { 0.1 },
            ));
        }
        drop(handle);
        writer.finish();
        let log = QuestionLog::open_read_only(dir.path()).unwrap();
        assert_eq!(log.count().unwrap(), 4);
        let top = log.unanswered(10, 0.6).unwrap();
        assert_eq!(top[0].question, "人口");
        assert_eq!(top[0].count, 2);
        assert_eq!(top.len(), 2);
        assert!(log.disliked(10).unwrap().is_empty());
    }

    #[test]
    fn votes_are_logged_and_dislikes_ranked_by_count() {
        let dir = tempfile::tempdir().unwrap();
        let (handle, writer) = spawn_writer(QuestionLog::open(dir.path()).unwrap());
        for (q, entry, up) in [
            ("外资多少", "r1-fdi", false),
            ("外资多少", "r1-fdi", false),
            ("gdp", "r1-gdp", false),
            ("gdp", "r1-gdp", true),
        ] {
            handle.feedback(Feedback::now(q.into(), entry.into(), up));
        }
        drop(handle);
        writer.finish();
        let log = QuestionLog::open_read_only(dir.path()).unwrap();
        let disliked = log.disliked(10).unwrap();
        assert_eq!(disliked.len(), 2);
        assert_eq!(
            (
                disliked[0].question.as_str(),
                disliked[0].count,
                disliked[0].entry.as_deref()
            ),
            ("外资多少", 2, Some("r1-fdi"))
        );
        assert_eq!(disliked[0].why, Why::Disliked);
    }

    #[test]
    fn refuses_another_applications_database_without_touching_it() {
        let dir = tempfile::tempdir().unwrap();
        let other = Connection::open(db_path(dir.path())).unwrap();
        other.execute_batch("CREATE TABLE notes (x)").unwrap();
        drop(other);
        for err in [
            QuestionLog::open(dir.path()).unwrap_err(),
            QuestionLog::open_read_only(dir.path()).unwrap_err(),
        ] {
            assert!(
                err.to_string().contains("not report-bot's question log"),
                "{err}"
            );
        }
        let other = Connection::open(db_path(dir.path())).unwrap();
        let mode: String = other
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "delete", "still in its own journal mode");
    }
}
