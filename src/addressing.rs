//! How a message names the bot — `/ask`, `/ask@botname`, `@botname` — and how that is taken off
//! before the engine reads the question. The bot strips it from the messages it answers and the
//! console strips it from what is typed (the console stands for a group chat), so the engine only
//! ever sees the question itself.

/// Drops a leading `/ask` (or `/q`), with or without `@botname`, and every `@mention`
/// (`/ask@xihu_bot 社零` → ` 社零`; `@xihu_report_bot GDP` → `  GDP`). A mention becomes a space
/// so the words on either side stay apart.
pub fn strip(text: &str) -> String {
    let mut rest = text.trim_start();
    if let Some(after) = rest.strip_prefix('/') {
        let cmd_len = after
            .find(|c: char| c.is_whitespace())
            .unwrap_or(after.len());
        let cmd = after[..cmd_len].split('@').next().unwrap_or_default();
        if cmd.eq_ignore_ascii_case("ask") || cmd.eq_ignore_ascii_case("q") {
            rest = &after[cmd_len..];
        }
    }
    let is_name = |c: &char| c.is_ascii_alphanumeric() || *c == '_';
    let mut out = String::with_capacity(rest.len());
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '@' && chars.peek().is_some_and(is_name) {
            while chars.next_if(is_name).is_some() {}
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// Does `text` contain `@username` as a whole mention (not the start of `@username_fan`)?
pub fn mentions(text: &str, username: &str) -> bool {
    let text = text.to_lowercase();
    let mention = format!("@{}", username.to_lowercase());
    text.match_indices(&mention).any(|(i, m)| {
        let next = text[i + m.len()..].chars().next();
        !next.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_and_mentions_are_taken_off() {
        assert_eq!(strip("/ask@xihu_bot 社零").trim(), "社零");
        assert_eq!(strip("/ASK 社零").trim(), "社零");
        assert_eq!(strip("/q 社零").trim(), "社零");
        assert_eq!(strip("@xihu_report_bot GDP").trim(), "GDP");
        assert_eq!(strip("GDP@xihu_report_bot多少").trim(), "GDP 多少");
        // another command, an e-mail-less @ and plain text stay as they are
        assert_eq!(strip("/start 社零"), "/start 社零");
        assert_eq!(strip("社零 @ 多少"), "社零 @ 多少");
        assert_eq!(strip("/ask").trim(), "");
    }

    #[test]
    fn a_mention_is_a_whole_name() {
        assert!(mentions("hi @Xihu_Bot", "xihu_bot"));
        assert!(mentions("@xihu_bot,GDP", "xihu_bot"));
        assert!(!mentions("@xihu_bot_fan hi", "xihu_bot"));
        assert!(!mentions("xihu_bot", "xihu_bot"));
    }
}
