//! Bot commands; they document themselves for /help and the command menu.

use teloxide::macros::BotCommands;

// Commands everyone can use (a doc comment here would show up in /help). The description names no
// report: /help's first line, from the knowledge base's scope, says which report is loaded.
#[derive(BotCommands, Clone, Debug, PartialEq)]
#[command(
    rename_rule = "lowercase",
    description = "可用的命令(回答的是当前知识库里的那份报告):"
)]
pub enum Command {
    /// 开始使用
    Start(String),
    /// 使用说明
    Help,
    /// 提问,例如 /ask 去年GDP多少
    Ask(String),
    /// 报告的章节
    Sections,
    /// 某一章节的数字,例如 /section 2 或 /section 经济大盘
    Section(String),
    /// 报告里的主要数字
    Figures,
    /// 关于这份报告
    About,
}

// Commands for the ids in `ADMIN_IDS`.
#[derive(BotCommands, Clone, Debug, PartialEq)]
#[command(rename_rule = "lowercase", description = "管理员命令:")]
pub enum AdminCommand {
    /// 重新加载知识库(校验通过才生效)
    Reload,
    /// 回到上一个知识库
    Rollback,
    /// 运行统计
    Stats,
    /// 最常见的未回答问题,例如 /unanswered 10
    Unanswered(String),
}

/// The user commands, one `/command — what it does` line each (for /help, on the console too);
/// without the macro's header line, which would repeat the greeting above it, and without
/// /start, which is how one got here.
pub fn command_list() -> String {
    use teloxide::utils::command::BotCommands as _;
    Command::bot_commands()
        .iter()
        .filter(|c| c.command.trim_start_matches('/') != "start")
        .map(|c| format!("{} — {}", c.command, c.description))
        .collect::<Vec<_>>()
        .join("\n")
}
