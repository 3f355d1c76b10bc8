//! `report-bot chat`: a console chat on the same engine, reply text and slash commands as the bot.
//!
//! Lines are read with rustyline: on a terminal that gives line editing and history (↑/↓,
//! Ctrl-R); on a pipe it reads plain lines. A line that is not UTF-8 (a GBK terminal, say) is
//! reported and skipped — the chat goes on, as a person would expect from one bad keystroke.

use std::io::ErrorKind;

use anyhow::{Context as _, Result};
use rustyline::DefaultEditor;
use rustyline::error::ReadlineError;
use teloxide::utils::command::BotCommands as _;

use super::plain::{PLAIN, plain};
use crate::bot::commands::Command;
use crate::bot::texts;
use crate::browse;
use crate::engine::Context;
use crate::snapshot::Snapshot;

/// Errors in a row after which the chat stops (a terminal that keeps failing).
const MAX_ERRORS_IN_A_ROW: usize = 5;

/// What one console line asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Line {
    /// A question for the engine.
    Question(String),
    /// A bot command (`/help`, `/section 2`, …), parsed as the bot parses it.
    Command(Command),
    /// `/quit` or `/exit`.
    Quit,
    /// A slash word that is no command.
    Unknown(String),
    /// Nothing.
    Empty,
}

/// Reads a console line: `/quit`, a bot command, else a question.
pub fn parse(line: &str) -> Line {
    let line = line.trim();
    if line.is_empty() {
        return Line::Empty;
    }
    if matches!(line, "/quit" | "/exit") {
        return Line::Quit;
    }
    if line.starts_with('/') {
        // the bot's own parser: one list of commands and their arguments for both
        return match Command::parse(line, "") {
            Ok(cmd) => Line::Command(cmd),
            Err(_) => Line::Unknown(line.split_whitespace().next().unwrap_or(line).into()),
        };
    }
    Line::Question(line.to_string())
}

/// The console's help: the bot's commands, then how to leave.
pub fn help(snapshot: &Snapshot) -> String {
    format!(
        "{}\n\n{}\n{}",
        texts::help_line(Some(snapshot.engine.scope())),
        crate::bot::commands::command_list(),
        texts::CONSOLE_QUIT
    )
}

/// The reply to a command (the same content as the bot's, in plain text).
pub fn command_reply(snapshot: &Snapshot, cmd: Command, context: &mut Context) -> String {
    let kb = snapshot.knowledge();
    match cmd {
        Command::Start(_) | Command::Help => help(snapshot),
        Command::Ask(q) if q.trim().is_empty() => texts::ASK_USAGE.into(),
        Command::Ask(q) => answer(snapshot, &q, context),
        Command::Sections => browse::render_sections(kb, &PLAIN),
        Command::Section(arg) => match browse::pick_section(kb, &arg) {
            browse::SectionPick::List => browse::render_sections(kb, &PLAIN),
            browse::SectionPick::One(i) => {
                browse::render_section(&browse::section_figures(kb, i), &PLAIN)
            }
            browse::SectionPick::Unknown => {
                let echo = crate::bot::format::trim_echo(&arg, crate::bot::format::ECHO_LIMIT);
                browse::render_unknown_section(kb, &arg, &echo, &PLAIN)
            }
        },
        Command::Figures => browse::render_key_figures(kb, &PLAIN),
        Command::About => browse::render_about(kb, &PLAIN),
    }
}

/// Answers a question in the conversation and moves the conversation on; `/ask` and
/// `@botname` are taken off as the bot does in a group.
fn answer(snapshot: &Snapshot, question: &str, context: &mut Context) -> String {
    let (answer, next) = snapshot
        .engine
        .answer_in(&crate::addressing::strip(question), context);
    *context = next;
    plain(&answer, snapshot.knowledge())
}

/// Reads lines until EOF, Ctrl-C/Ctrl-D or `/quit`, printing each reply.
pub fn run(snapshot: &Snapshot) -> Result<()> {
    let kb = snapshot.knowledge();
    let banner = texts::console_banner(
        &snapshot.engine.scope().title,
        kb.entries.len(),
        snapshot.load_time.as_secs_f64() * 1e3,
    );
    println!("{banner}");
    let mut editor = DefaultEditor::new().context("cannot set up the console")?;
    // one conversation: follow-ups ("那今年呢") read against the turns before
    let mut context = Context::default();
    let mut errors = 0;
    loop {
        let line = match editor.readline("> ") {
            Ok(line) => {
                errors = 0;
                line
            }
            Err(ReadlineError::Eof | ReadlineError::Interrupted) => break,
            Err(ReadlineError::Io(e)) if e.kind() == ErrorKind::InvalidData => {
                // the bad line is consumed: the next one reads normally
                println!("{}\n", texts::NOT_UTF8);
                continue;
            }
            Err(e) => {
                errors += 1;
                anyhow::ensure!(errors < MAX_ERRORS_IN_A_ROW, "cannot read the console: {e}");
                eprintln!("error: cannot read that line: {e}");
                continue;
            }
        };
        let text = match parse(&line) {
            Line::Empty => continue,
            Line::Quit => break,
            Line::Question(q) => answer(snapshot, &q, &mut context),
            Line::Command(cmd) => command_reply(snapshot, cmd, &mut context),
            Line::Unknown(word) => texts::unknown_console_command(&word),
        };
        let _ = editor.add_history_entry(line.trim());
        println!("{text}\n");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_parse_like_the_bot() {
        assert_eq!(parse(" /quit "), Line::Quit);
        assert_eq!(parse("/help"), Line::Command(Command::Help));
        assert_eq!(
            parse("/section 3"),
            Line::Command(Command::Section("3".into()))
        );
        assert_eq!(parse("/nope x"), Line::Unknown("/nope".into()));
        assert_eq!(parse("去年GDP多少"), Line::Question("去年GDP多少".into()));
        assert_eq!(parse("  "), Line::Empty);
    }
}
