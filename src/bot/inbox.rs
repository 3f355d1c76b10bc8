//! The durable inbox: every update is journaled in SQLite (`DATA_DIR/inbox.sqlite3`) before
//! Telegram is told it arrived, and marked done once its reply has been accepted.
//!
//! The promise is at-least-once delivery, answered once: an update is confirmed to Telegram
//! (by the next `getUpdates` offset, or the webhook's HTTP 200) only after its journal
//! transaction has committed with `synchronous = FULL`, so a crash, a `kill -9` or a power cut
//! after that point cannot lose it; on start the bot answers the unfinished ones first. The
//! `update_id` is the primary key, so an update Telegram sends twice is journaled (and answered)
//! once. The one repeat left: a reply Telegram accepted in the instant before the process died,
//! whose done mark had not been written yet; it is answered again after the restart.
//!
//! One thread owns the connection; the async side talks to it through a channel, so no handler
//! ever waits on the disk. Done marks are batched: the thread writes every mark queued so far in
//! one transaction. Privacy: an update's body (user ids, names, text) is blanked when it is done,
//! and done rows are deleted after [`KEEP_DONE`] (kept that long only to recognise a repeat).

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, params};

use crate::questionlog::unix_now;
use tokio::sync::oneshot;

/// The database file under a data directory.
pub fn db_path(data_dir: &Path) -> PathBuf {
    data_dir.join("inbox.sqlite3")
}

/// `PRAGMA application_id` of the inbox ("XRBI").
pub const APPLICATION_ID: i32 = 0x5852_4249;

/// How long a done update is remembered (to drop a repeat of it).
pub const KEEP_DONE: Duration = Duration::from_secs(600);

/// An update read back from the journal.
#[derive(Debug, Clone, PartialEq)]
pub struct Journaled {
    /// Telegram's `update_id`.
    pub id: i64,
    /// The update's JSON.
    pub body: String,
}

enum Op {
    Receive(Vec<Journaled>, oneshot::Sender<rusqlite::Result<Vec<bool>>>),
    Done(i64),
    Pending(Duration, oneshot::Sender<rusqlite::Result<Vec<Journaled>>>),
    Stats(u64, oneshot::Sender<rusqlite::Result<(u64, Option<i64>)>>),
    Flush(oneshot::Sender<()>),
}

/// The async side of the inbox (cheap to clone).
#[derive(Debug, Clone)]
pub struct Inbox {
    tx: mpsc::Sender<OpBox>,
}

struct OpBox(Op);

impl std::fmt::Debug for OpBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Op")
    }
}

/// Why the inbox is unusable.
fn closed() -> rusqlite::Error {
    rusqlite::Error::InvalidQuery
}

impl Inbox {
    /// Opens (creating) the journal under `data_dir` and starts its thread.
    pub fn open(data_dir: &Path) -> rusqlite::Result<Inbox> {
        std::fs::create_dir_all(data_dir)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        let path = db_path(data_dir);
        let conn = Connection::open(&path)?;
        let app: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
        let tables: i64 = conn.query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| r.get(0))?;
        if app != APPLICATION_ID && tables > 0 {
            return Err(foreign(&path));
        }
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.execute_batch(&format!(
            "PRAGMA application_id = {APPLICATION_ID};
             CREATE TABLE IF NOT EXISTS inbox (
                update_id INTEGER PRIMARY KEY,
                body TEXT NOT NULL,
                received INTEGER NOT NULL,
                done INTEGER NOT NULL DEFAULT 0
             );
             CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);"
        ))?;
        let (tx, rx) = mpsc::channel();
        std::thread::Builder::new()
            .name("inbox".into())
            .spawn(move || serve(conn, rx))
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        Ok(Inbox { tx })
    }

    async fn ask<T>(
        &self,
        op: impl FnOnce(oneshot::Sender<rusqlite::Result<T>>) -> Op,
    ) -> rusqlite::Result<T> {
        let (tx, rx) = oneshot::channel();
        self.tx.send(OpBox(op(tx))).map_err(|_| closed())?;
        rx.await.map_err(|_| closed())?
    }

    /// Journals updates durably; for each, whether it is new (`false`: seen before, skip it).
    pub async fn receive(&self, updates: Vec<Journaled>) -> rusqlite::Result<Vec<bool>> {
        self.ask(|tx| Op::Receive(updates, tx)).await
    }

    /// Marks an update done (its reply was accepted, or it needs none). Never waits.
    pub fn done(&self, id: i64) {
        let _ = self.tx.send(OpBox(Op::Done(id)));
    }

    /// Every unfinished update, oldest first.
    pub async fn pending(&self) -> rusqlite::Result<Vec<Journaled>> {
        self.pending_older_than(Duration::ZERO).await
    }

    /// The unfinished updates journaled at least `age` ago (a sweep leaves alone the ones that
    /// just arrived and are still on their way to the scheduler).
    pub async fn pending_older_than(&self, age: Duration) -> rusqlite::Result<Vec<Journaled>> {
        self.ask(|tx| Op::Pending(age, tx)).await
    }

    /// Unfinished updates, and the highest `update_id` journaled for the bot `bot_id` (`None`
    /// when the journal belonged to another bot: a new token's update ids start elsewhere, and
    /// resuming from the old offset would skip them).
    pub async fn stats(&self, bot_id: u64) -> rusqlite::Result<(u64, Option<i64>)> {
        self.ask(|tx| Op::Stats(bot_id, tx)).await
    }

    /// Waits until every done mark sent so far is written.
    pub async fn flush(&self) {
        let (tx, rx) = oneshot::channel();
        if self.tx.send(OpBox(Op::Flush(tx))).is_ok() {
            let _ = rx.await;
        }
    }
}

fn foreign(path: &Path) -> rusqlite::Error {
    rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_NOTADB),
        Some(format!(
            "{} is not report-bot's inbox (another application's database); move it away or set DATA_DIR",
            path.display()
        )),
    )
}

fn serve(mut conn: Connection, rx: mpsc::Receiver<OpBox>) {
    let mut marks = 0usize;
    while let Ok(OpBox(op)) = rx.recv() {
        match op {
            Op::Receive(updates, reply) => {
                let _ = reply.send(receive(&mut conn, &updates));
            }
            Op::Done(id) => {
                // every mark queued behind this one goes into the same transaction
                let mut ids = vec![id];
                let mut after = Vec::new();
                while let Ok(OpBox(next)) = rx.try_recv() {
                    match next {
                        Op::Done(id) => ids.push(id),
                        other => {
                            after.push(other);
                            break;
                        }
                    }
                }
                if let Err(e) = mark_done(&mut conn, &ids) {
                    tracing::warn!(error = %e, count = ids.len(), "cannot mark updates done in the inbox; they may be answered again after a restart");
                }
                marks += ids.len();
                if marks > 1000 {
                    marks = 0;
                    prune(&conn);
                }
                for op in after {
                    handle_other(&mut conn, op);
                }
            }
            other => handle_other(&mut conn, other),
        }
    }
}

fn handle_other(conn: &mut Connection, op: Op) {
    match op {
        Op::Receive(updates, reply) => {
            let _ = reply.send(receive(conn, &updates));
        }
        Op::Done(id) => {
            if let Err(e) = mark_done(conn, &[id]) {
                tracing::warn!(error = %e, "cannot mark an update done in the inbox");
            }
        }
        Op::Pending(age, reply) => {
            let _ = reply.send(pending(conn, age));
        }
        Op::Stats(bot_id, reply) => {
            let _ = reply.send(stats(conn, bot_id));
        }
        Op::Flush(reply) => {
            prune(conn);
            let _ = reply.send(());
        }
    }
}

fn receive(conn: &mut Connection, updates: &[Journaled]) -> rusqlite::Result<Vec<bool>> {
    // this commit is what makes confirming the updates to Telegram safe: wait for the disk
    conn.pragma_update(None, "synchronous", "FULL")?;
    let tx = conn.transaction()?;
    let mut new = Vec::with_capacity(updates.len());
    {
        let mut insert = tx.prepare_cached(
            "INSERT OR IGNORE INTO inbox (update_id, body, received) VALUES (?1, ?2, ?3)",
        )?;
        let now = unix_now();
        for u in updates {
            new.push(insert.execute(params![u.id, u.body, now])? == 1);
        }
    }
    tx.commit()?;
    Ok(new)
}

fn mark_done(conn: &mut Connection, ids: &[i64]) -> rusqlite::Result<()> {
    // a lost done mark costs one repeated reply, not a lost one: no need to wait for the disk
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    let tx = conn.transaction()?;
    {
        let mut update =
            tx.prepare_cached("UPDATE inbox SET done = 1, body = '' WHERE update_id = ?1")?;
        for id in ids {
            update.execute([id])?;
        }
    }
    tx.commit()
}

fn pending(conn: &Connection, age: Duration) -> rusqlite::Result<Vec<Journaled>> {
    let mut stmt = conn.prepare(
        "SELECT update_id, body FROM inbox WHERE done = 0 AND received <= ?1 ORDER BY update_id",
    )?;
    let before = unix_now() - age.as_secs() as i64;
    let rows = stmt.query_map([before], |r| {
        Ok(Journaled {
            id: r.get(0)?,
            body: r.get(1)?,
        })
    })?;
    rows.collect()
}

fn stats(conn: &Connection, bot_id: u64) -> rusqlite::Result<(u64, Option<i64>)> {
    let pending: i64 = conn.query_row("SELECT COUNT(*) FROM inbox WHERE done = 0", [], |r| {
        r.get(0)
    })?;
    let owner: Option<i64> = conn
        .query_row("SELECT value FROM meta WHERE key = 'bot_id'", [], |r| {
            r.get(0)
        })
        .optional()?;
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('bot_id', ?1)",
        [bot_id as i64],
    )?;
    if owner.is_some_and(|o| o != bot_id as i64) {
        return Ok((pending as u64, None));
    }
    let max: Option<i64> = conn
        .query_row("SELECT MAX(update_id) FROM inbox", [], |r| r.get(0))
        .optional()?
        .flatten();
    Ok((pending as u64, max))
}

fn prune(conn: &Connection) {
    let before = unix_now() - KEEP_DONE.as_secs() as i64;
    // the newest row stays: it carries the offset to resume from
    if let Err(e) = conn.execute(
        "DELETE FROM inbox WHERE done = 1 AND received < ?1
           AND update_id < (SELECT MAX(update_id) FROM inbox)",
        [before],
    ) {
        tracing::warn!(error = %e, "cannot prune the inbox");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn update(id: i64) -> Journaled {
        Journaled {
            id,
            body: format!("{{\"update_id\":{id}}}"),
        }
    }

    #[tokio::test]
    async fn journals_once_and_forgets_done_bodies() {
        let dir = tempfile::tempdir().unwrap();
        let inbox = Inbox::open(dir.path()).unwrap();
        assert_eq!(
            inbox.receive(vec![update(1), update(2)]).await.unwrap(),
            [true, true]
        );
        assert_eq!(
            inbox.receive(vec![update(2), update(3)]).await.unwrap(),
            [false, true],
            "a repeat is recognised"
        );
        inbox.done(1);
        inbox.done(3);
        inbox.flush().await;
        assert_eq!(inbox.pending().await.unwrap(), [update(2)]);
        assert_eq!(inbox.stats(7).await.unwrap(), (1, Some(3)));
        assert_eq!(inbox.stats(7).await.unwrap(), (1, Some(3)));
        assert_eq!(
            inbox.stats(8).await.unwrap(),
            (1, None),
            "another bot's offsets"
        );
        drop(inbox);
        // another process reopens it: the unfinished one is still there
        let again = Inbox::open(dir.path()).unwrap();
        assert_eq!(again.pending().await.unwrap(), [update(2)]);
    }

    #[test]
    fn refuses_a_foreign_database() {
        let dir = tempfile::tempdir().unwrap();
        let other = Connection::open(db_path(dir.path())).unwrap();
        other.execute_batch("CREATE TABLE t (x)").unwrap();
        drop(other);
        let err = Inbox::open(dir.path()).unwrap_err();
        assert!(err.to_string().contains("not report-bot's inbox"), "{err}");
    }
}
