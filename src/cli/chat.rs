//! `report-bot chat`: a console chat on the same engine and reply text as the bot.

use std::io::{BufRead, Write};

use anyhow::Result;

use super::plain::plain;
use crate::bot::texts;
use crate::snapshot::Snapshot;

/// Reads questions from stdin until EOF or `/quit`, printing each reply.
pub fn run(snapshot: &Snapshot) -> Result<()> {
    let kb = snapshot.knowledge();
    let banner = texts::console_banner(
        &snapshot.engine.scope().title,
        kb.entries.len(),
        snapshot.load_time.as_secs_f64() * 1e3,
    );
    println!("{banner}");
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    // one conversation: follow-ups ("那今年呢") read against the turns before
    let mut context = crate::engine::Context::default();
    loop {
        print!("> ");
        std::io::stdout().flush()?;
        let Some(line) = lines.next() else { break };
        let line = line?;
        let q = line.trim();
        if q == "/quit" || q == "/exit" {
            break;
        }
        if q.is_empty() {
            continue;
        }
        let (answer, next) = snapshot.engine.answer_in(q, &context);
        context = next;
        println!("{}\n", plain(&answer));
    }
    Ok(())
}
