//! The Telegram bot.

use std::path::Path;

/// Starts the bot.
pub fn run(_knowledge: &Path) -> anyhow::Result<()> {
    anyhow::bail!("the Telegram bot is not built yet")
}
