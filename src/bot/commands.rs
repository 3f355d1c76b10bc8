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
    Start,
    /// 使用说明
    Help,
    /// 提问,例如 /ask 去年GDP多少
    Ask(String),
    /// 报告的章节
    Sections,
    /// 某一章节的要点,例如 /section review-1
    Section(String),
    /// 主要数字
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
