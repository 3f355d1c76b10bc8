//! The question log: every question the bot handles, in SQLite, for the curators.
//!
//! Stored per question: time, chat type (private/group/inline), the normalised question,
//! answered or declined, the matched entry id and the score. No user ids, names or chat ids.
//!
//! Writes never block answering: handlers hand records to a bounded channel that one writer
//! thread drains. If the database is unavailable or the disk is full, the bot keeps answering
//! and logs one warning. WAL mode keeps what was written across a crash.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::thread::JoinHandle;
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, params};

/// Records waiting to be written, at most.
const QUEUE: usize = 1024;
/// Schema version, in `PRAGMA user_version`.
const SCHEMA_VERSION: i64 = 1;

/// One handled question.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Unix seconds.
    pub at: i64,
    /// `private`, `group` or `inline`.
    pub chat: &'static str,
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
        chat: &'static str,
        question: String,
        answered: bool,
        entry: Option<String>,
        score: f32,
    ) -> Self {
        let at = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        Self {
            at,
            chat,
            question,
            answered,
            entry,
            score,
        }
    }
}

/// A question people ask that the bot declines or answers with low confidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Unanswered {
    /// The normalised question.
    pub question: String,
    /// How often it was asked.
    pub count: u64,
    /// The best score it got.
    pub score: f32,
}

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
    /// Opens (creating and migrating) the log under `data_dir`.
    pub fn open(data_dir: &Path) -> rusqlite::Result<Self> {
        std::fs::create_dir_all(data_dir)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        let conn = Connection::open(db_path(data_dir))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(2))?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
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
        Ok(Self { conn })
    }

    /// Writes one record.
    pub fn insert(&self, r: &Record) -> rusqlite::Result<()> {
        self.conn.execute(
            "INSERT INTO questions (at, chat, question, answered, entry, score) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![r.at, r.chat, r.question, r.answered, r.entry, f64::from(r.score)],
        )?;
        Ok(())
    }

    /// Number of records.
    pub fn count(&self) -> rusqlite::Result<u64> {
        self.conn
            .query_row("SELECT COUNT(*) FROM questions", [], |r| r.get::<_, i64>(0))
            .map(|n| n as u64)
    }

    /// The most frequent declined or low-confidence questions (score below `low`), most asked first.
    pub fn unanswered(&self, limit: usize, low: f32) -> rusqlite::Result<Vec<Unanswered>> {
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
            })
        })?;
        rows.collect()
    }
}

/// The handlers' side of the log: hands records to the writer, never waits.
#[derive(Debug, Clone)]
pub struct LogHandle {
    tx: SyncSender<Record>,
    warned: Arc<AtomicBool>,
}

impl LogHandle {
    /// Queues a record; when the queue is full or the writer is gone, drops it (one warning).
    pub fn record(&self, r: Record) {
        match self.tx.try_send(r) {
            Ok(()) => {}
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => warn_once(
                &self.warned,
                "question log queue unavailable; questions are not being logged",
            ),
        }
    }
}

fn warn_once(flag: &AtomicBool, what: &str) {
    if !flag.swap(true, Ordering::Relaxed) {
        tracing::warn!("{what}");
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
    let (tx, rx) = sync_channel(QUEUE);
    let warned = Arc::new(AtomicBool::new(false));
    let flag = warned.clone();
    let thread = std::thread::spawn(move || write_all(&log, &rx, &flag));
    (LogHandle { tx, warned }, LogWriter { thread })
}

fn write_all(log: &QuestionLog, rx: &Receiver<Record>, warned: &AtomicBool) {
    while let Ok(r) = rx.recv() {
        if let Err(e) = log.insert(&r) {
            warn_once(
                warned,
                &format!("cannot write the question log ({e}); answering goes on"),
            );
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
                "private",
                q.into(),
                answered,
                None,
                if answered { 0.9 } else { 0.1 },
            ));
        }
        drop(handle);
        writer.finish();
        let log = QuestionLog::open(dir.path()).unwrap();
        assert_eq!(log.count().unwrap(), 4);
        let top = log.unanswered(10, 0.6).unwrap();
        assert_eq!(top[0].question, "人口");
        assert_eq!(top[0].count, 2);
        assert_eq!(top.len(), 2);
    }
}
