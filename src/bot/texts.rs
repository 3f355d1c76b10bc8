//! Every sentence the bot (and the console, which shares its replies) says to a person, in one
//! place: a second language would be a second module with the same items.
//!
//! Plain text only: callers escape for Telegram HTML ([`super::format`]). The command
//! descriptions are the one exception: teloxide's `BotCommands` derive reads them from doc
//! comments in [`super::commands`].

use crate::engine::units::chinese_numeral;
use crate::engine::{Decline, Outline, Scope, Verdict, Wanted};

// Answers

/// What the report covers, for answers made without a knowledge base's scope.
pub const SCOPE_NOTE: &str =
    "我只回答《杭州市西湖区2023年政府工作报告摘要》里的内容:西湖区2022年工作回顾和2023年重点工作。";

/// A one-line help for greetings, for answers made without a knowledge base's scope.
pub const HELP_LINE: &str = "你好!我能回答《西湖区2023年政府工作报告摘要》里的问题,每个答案都附报告原文。试试问:去年西湖区GDP多少?";

/// Introduces what the report does say after a decline.
pub const ONLY_MENTIONS: &str = "报告只提到:";

/// Introduces suggestions listed as text (the console).
pub const DID_YOU_MEAN_LIST: &str = "你是不是想问:";

/// Introduces suggestions shown as buttons (Telegram).
pub const DID_YOU_MEAN_BUTTONS: &str = "你是不是想问下面的问题?";

/// The answer line of a report sentence without figures.
pub const RELATED_TEXT: &str = "报告中的相关表述如下。";

/// What the report covers, in a sentence: from the answer's scope (the knowledge base's own
/// report), else the shipped report's.
pub fn scope_note(scope: Option<&Scope>) -> String {
    match scope {
        Some(s) if !s.title.is_empty() => {
            let covers = if s.parts.is_empty() {
                String::new()
            } else {
                format!(":{}", s.parts.join("和"))
            };
            format!("我只回答《{}》里的内容{covers}。", s.title)
        }
        _ => SCOPE_NOTE.to_string(),
    }
}

/// The help line for greetings, naming the knowledge base's report.
pub fn help_line(scope: Option<&Scope>) -> String {
    match scope {
        Some(s) if !s.title.is_empty() => format!(
            "你好!我能回答《{}》里的问题,每个答案都附报告原文。试试问:去年地区生产总值多少?",
            s.title
        ),
        _ => HELP_LINE.to_string(),
    }
}

/// What a kind of fact is called in "the report does not give …".
fn wanted_name(kind: Wanted) -> &'static str {
    match kind {
        Wanted::Name => "具体名称",
        Wanted::Quantity => "这个数字",
        Wanted::Date => "具体时间",
        Wanted::Place => "具体位置",
        Wanted::List => "具体名单",
        Wanted::Rank => "排名",
        Wanted::PerCapita => "人均数字",
        Wanted::Meaning => "具体内容",
    }
}

/// Why the question was declined, in a sentence.
pub fn decline_reason(why: &Decline) -> String {
    match why {
        Decline::Empty => "没有看到问题。".into(),
        Decline::OtherYear(y) => format!("报告没有{y}的数据。"),
        Decline::OtherRegion(r) => format!("报告没有{r}的数据。"),
        Decline::NotInReport(w) => format!("报告没有提到“{w}”方面的数据。"),
        Decline::WrongYear(y) => format!("报告没有给出这个指标{y}年的数字。"),
        Decline::NotGiven(kind) => format!("报告没有给出{}。", wanted_name(*kind)),
        Decline::Unresolved(words) => format!(
            "没能把这句追问和前面的问题对上(我理解为:{words}),报告里没有找到对应内容。请把问题说完整些。"
        ),
        Decline::NoMore(n) => format!("这一项一共{n}条,已经全部列出了。"),
        Decline::LowConfidence => "报告里没有找到能回答这个问题的内容。".into(),
    }
}

/// The plain answer of a yes/no question.
pub fn verdict_line(v: &Verdict) -> String {
    match v {
        Verdict::Yes => "是的。".into(),
        Verdict::No(Some(p)) => format!("不是,报告里的数字不是{p}:"),
        Verdict::No(None) => "不是:".into(),
        Verdict::NotAbove(p) => format!("没有,报告里的数字没有超过{p}:"),
        Verdict::NotBelow(p) => format!("没有,报告里的数字不低于{p}:"),
        Verdict::NotSaid => "报告没有这么说,相关的内容是:".into(),
    }
}

/// An outline answer in a sentence ("2023年重点工作的第三项:…").
pub fn outline_line(outline: &Outline) -> String {
    match outline {
        Outline::Nth {
            part,
            ordinal,
            title,
        } => format!("{part}的第{}项:{title}", chinese_numeral(*ordinal)),
        Outline::Sections { part, titles } => format!(
            "{part}共{}方面:{}。",
            chinese_numeral(titles.len()),
            titles.join(";")
        ),
        Outline::NthPart { ordinal, title } => {
            format!("报告的第{}部分:{title}", chinese_numeral(*ordinal))
        }
        Outline::Parts { titles } => format!(
            "报告分{}部分:{}。",
            chinese_numeral(titles.len()),
            titles.join("、")
        ),
    }
}

/// The answer line of a list page: its items.
pub fn items_line(items: &[String]) -> String {
    format!("{}。", items.join("、"))
}

/// The answer line of a report sentence with figures: the figures.
pub fn figures_line(figures: &[&str]) -> String {
    format!("报告中的相关数字:{}。", figures.join("、"))
}

/// A quotation in plain text (Telegram shows it as a blockquote instead).
pub fn quoted(quote: &str) -> String {
    format!("“{quote}”")
}

/// The citation under a quotation.
pub fn cited(section: &str) -> String {
    format!("—— 摘自报告「{section}」")
}

/// Where a part comes from: its report part, if any, and its section.
pub fn section_cite(part_title: Option<&str>, section_title: &str) -> String {
    match part_title {
        Some(p) => format!("{p} · {section_title}"),
        None => section_title.to_string(),
    }
}

/// Leads the whole list again when "还有呢" follows a list that was shown whole.
pub const WHOLE_LIST_AGAIN: &str = "报告列出的就是这些,没有更多了:";

/// How to see the next page of a long list.
pub fn more_pages(more: usize) -> String {
    format!("还有{more}项的原文,回复“还有呢”接着看。")
}

/// A piece of a message the report does not cover, with the reason.
pub fn uncovered(piece: &str, why: &Decline) -> String {
    format!("「{piece}」:{}", decline_reason(why))
}

// Chat

/// Said for stickers, photos and voice in a private chat (at most once a minute per chat).
pub const TEXT_ONLY: &str = "我只看得懂文字问题。请直接输入,比如:去年地区生产总值多少?";

/// `/ask` without a question.
pub const ASK_USAGE: &str = "用法:/ask 你的问题,例如 /ask 去年地区生产总值多少";

/// Said when an admin command is sent in a group: its output (other users' questions, the
/// knowledge base's state) is for the admin alone.
pub const ADMIN_IN_PRIVATE: &str = "管理员命令请在和我的私聊中使用,群里不显示管理数据。";

/// An admin command from someone who is not an admin.
pub const ADMIN_ONLY: &str = "抱歉,这个命令只有管理员可以使用。";

/// A button whose entry no longer exists (after a reload) or whose data is not ours.
pub const STALE_BUTTON: &str = "这个按钮已失效,请重新提问。";

/// Said once when someone asks faster than the flood limit allows.
pub const SLOW_DOWN: &str = "问得有点快了,我先歇一下,请过几秒再问。";

/// Said once when a chat's queue overflows.
pub const OVERFLOW: &str = "消息太多,我跳过了较早的几条,请稍后再问。";

/// Said on a button pressed too often (Telegram shows it as a toast).
pub const BUTTON_SLOW_DOWN: &str = "点得太快了,请过几秒再试。";

/// A command the bot does not know, with the nearest one it does.
pub fn did_you_mean_command(typed: &str, nearest: &str) -> String {
    format!("没有 /{typed} 这个命令。你是不是想用 /{nearest}?")
}

// Report information (/sections, /section, /figures, /about)

/// `/sections`' first line.
pub const SECTIONS_HEADER: &str = "报告章节(用 /section 编号 查看要点):";

/// `/figures`' first line.
pub const FIGURES_HEADER: &str = "主要数字(2022年):";

/// `/about`'s last line.
pub const ABOUT_FOOTER: &str = "每个回答都引用报告原文并注明章节;报告没有的内容会直说。";

/// `/section` with an id that is not a section's (`shown` is already trimmed).
pub fn no_such_section(shown: &str) -> String {
    format!("没有这个章节:{shown}。用 /sections 查看章节编号。")
}

/// `/section` with an unknown id that is close to a section's id or title.
pub fn no_such_section_did_you_mean(shown: &str, id: &str, title: &str) -> String {
    format!("没有这个章节:{shown}。你是不是想看 /section {id}({title})?")
}

// Admin

/// `/rollback` with nothing to roll back to.
pub const NOTHING_TO_ROLL_BACK: &str = "没有可以回滚的上一个版本。";

/// `/unanswered` when the bot keeps no question log.
pub const NO_QUESTION_LOG: &str = "没有启用提问记录(DATA_DIR)。";

/// `/unanswered` when the question log cannot be read.
pub const QUESTION_LOG_UNREADABLE: &str = "暂时读不到提问记录,请稍后再试。";

/// `/unanswered` (and `report-bot unanswered`) with nothing to show.
pub const NO_UNANSWERED: &str = "没有未回答的问题。";

/// One question of the curators' list: how often it was asked (or disliked), the entry that
/// answered it where one did, and the nearest section.
pub fn unanswered_line(count: u64, question: &str, entry: Option<&str>, section: &str) -> String {
    match entry {
        Some(entry) => format!("{count:>4} × {question}  (回答条目: {entry}; 最近章节: {section})"),
        None => format!("{count:>4} × {question}  (最近章节: {section})"),
    }
}

/// The heading a kind of the curators' list is shown under.
pub fn unanswered_heading(why: crate::questionlog::Why) -> &'static str {
    use crate::questionlog::Why;
    match why {
        Why::Disliked => "被标记“没答对”的回答(👎):",
        Why::LowMargin => "勉强选中的回答(前两个条目得分接近):",
        Why::Unanswered => "没有回答或把握不大的问题:",
    }
}

/// A rejected `/reload`: how many problems, the first ones as bullet lines, and how many more.
pub fn reload_rejected(total: usize, shown: &[String]) -> String {
    let mut text = format!(
        "知识库未更新,旧版本继续使用。发现 {total} 个问题:\n{}",
        shown.join("\n")
    );
    let more = total.saturating_sub(shown.len());
    if more > 0 {
        text.push_str(&format!("\n…还有 {more} 个,运行 report-bot check 查看全部"));
    }
    text
}

/// The name of a reload in [`swap_report`].
pub const RELOADED: &str = "重新加载";

/// The name of a rollback in [`swap_report`].
pub const ROLLED_BACK: &str = "回滚";

/// What a reload or rollback changed, for the admin.
pub struct SwapText<'a> {
    /// [`RELOADED`] or [`ROLLED_BACK`].
    pub what: &'a str,
    /// Milliseconds taken.
    pub millis: f64,
    /// Entries before → after.
    pub entries: (usize, usize),
    /// Sections before → after.
    pub sections: (usize, usize),
    /// Entry ids added, removed and changed.
    pub added: &'a [String],
    /// Entry ids removed.
    pub removed: &'a [String],
    /// Entry ids whose content changed.
    pub changed: &'a [String],
}

/// The admin's reply to a reload or rollback.
pub fn swap_report(s: &SwapText<'_>) -> String {
    let list = |v: &[String]| {
        if v.is_empty() {
            "无".to_string()
        } else {
            v.join(", ")
        }
    };
    format!(
        "{}完成 ({:.1} ms)\n条目: {} → {}\n章节: {} → {}\n新增: {}\n删除: {}\n修改: {}",
        s.what,
        s.millis,
        s.entries.0,
        s.entries.1,
        s.sections.0,
        s.sections.1,
        list(s.added),
        list(s.removed),
        list(s.changed),
    )
}

/// The figures `/stats` shows.
pub struct StatsText<'a> {
    /// Uptime, as `1h02m03s`.
    pub uptime: &'a str,
    /// Questions answered.
    pub answered: u64,
    /// Questions declined.
    pub declined: u64,
    /// Entries in the live knowledge base.
    pub entries: usize,
    /// The live knowledge base's version (a hash prefix).
    pub version: &'a str,
    /// When it was loaded (local time).
    pub loaded_at: &'a str,
    /// How long loading took (ms).
    pub load_millis: f64,
    /// Updates ignored or skipped by flood control.
    pub flooded: u64,
    /// Questions past the flood limit answered later.
    pub deferred: u64,
    /// Updates dropped on queue overflow.
    pub overflowed: u64,
    /// Inline queries coalesced.
    pub coalesced: u64,
    /// Updates left unfinished for a retry.
    pub unfinished: u64,
    /// Question log records lost.
    pub log_dropped: u64,
    /// Conversation contexts kept.
    pub contexts: usize,
    /// Their approximate size (KB).
    pub context_kb: usize,
}

/// `/stats`.
pub fn stats(s: &StatsText<'_>) -> String {
    format!(
        "运行时间: {}\n已回答: {}\n已婉拒: {}\n知识库: {} 条, 版本 {} (加载于 {}; 用时 {:.1} ms)\n\
         限流忽略: {}, 限流延后回答: {}, 队列溢出丢弃: {}, 内联合并: {}, 待重试: {}\n\
         提问记录丢失: {}\n对话上下文: {} 个, 约 {} KB",
        s.uptime,
        s.answered,
        s.declined,
        s.entries,
        s.version,
        s.loaded_at,
        s.load_millis,
        s.flooded,
        s.deferred,
        s.overflowed,
        s.coalesced,
        s.unfinished,
        s.log_dropped,
        s.contexts,
        s.context_kb,
    )
}

// Console

/// `report-bot chat`'s first line.
pub fn console_banner(title: &str, entries: usize, load_millis: f64) -> String {
    format!(
        "《{title}》问答 ({entries} 条知识, 加载 {load_millis:.1} ms)。输入问题;/help 看命令,/quit 退出。"
    )
}

/// How many skipped questions a flood notice names at most (the rest are counted).
pub const SKIPPED_NAMED: usize = 5;

/// The notice naming the questions skipped in a flood (each already trimmed for echo).
pub fn skipped_notice(named: &[String], total: usize) -> String {
    let named: Vec<String> = named.iter().map(|q| format!("“{q}”")).collect();
    let more = if total > named.len() {
        format!("等共{total}条")
    } else {
        String::new()
    };
    format!(
        "问得太快了,这些我没有回答:{}{more}。需要的话请过一会儿再问一次。",
        named.join("、")
    )
}

/// A console line that is not valid UTF-8.
pub const NOT_UTF8: &str =
    "这一行不是 UTF-8 编码,没能读懂(终端是 GBK 吗?请把终端编码设成 UTF-8 再输入)。";

/// A console slash word that is no command.
pub fn unknown_console_command(word: &str) -> String {
    format!("没有 {word} 这个命令。/help 列出所有命令。")
}

/// The console help's last line.
pub const CONSOLE_QUIT: &str = "/quit — 退出";

// English, for English questions: the answer line, verdicts and the lead of a decline (the
// quotation and the rest stay in the report's Chinese).

/// Why an English question was declined, in English (the Chinese reason follows it).
pub fn decline_reason_en(why: &Decline) -> &'static str {
    match why {
        Decline::Empty => "I did not see a question.",
        Decline::OtherYear(_) | Decline::WrongYear(_) => "The report has no figure for that year.",
        Decline::OtherRegion(_) => "The report has no figures for that place.",
        Decline::NotGiven(_) => "The report does not give that; here is what it says.",
        Decline::NoMore(_) => "All items have been listed.",
        Decline::NotInReport(_) | Decline::Unresolved(_) | Decline::LowConfidence => {
            "The report does not answer this."
        }
    }
}

/// The plain answer of a yes/no question, in English.
pub fn verdict_line_en(v: &Verdict) -> String {
    match v {
        Verdict::Yes => "Yes.".into(),
        Verdict::No(Some(p)) => format!("No, the report's figure is not {p}:"),
        Verdict::No(None) => "No:".into(),
        Verdict::NotAbove(p) => format!("No, the report's figure is not above {p}:"),
        Verdict::NotBelow(p) => format!("No, the report's figure is not below {p}:"),
        Verdict::NotSaid => "The report does not say so; what it says:".into(),
    }
}

/// English names of count units (`6家` → "6 organisations"); `""` counts without a noun; a
/// unit not here is shown only as the report writes it.
pub fn count_noun_en(unit: &str) -> Option<&'static str> {
    const NOUNS: &[(&str, &str)] = &[
        ("万家", "organisations"),
        ("万套", "homes"),
        ("家", "organisations"),
        ("个", ""),
        ("所", "institutions"),
        ("条", ""),
        ("套", "homes"),
        ("幢", "buildings"),
        ("栋", "buildings"),
        ("件", "cases"),
        ("项", "items"),
        ("宗", "plots"),
        ("座", ""),
        ("间", "rooms"),
    ];
    NOUNS
        .iter()
        .find(|(u, _)| unit.starts_with(u))
        .map(|(_, n)| *n)
}

/// An outline answer for an English question (the titles are the report's).
pub fn outline_en(line: &str) -> String {
    format!("From the report's outline: {line}")
}

/// A list page for an English question.
pub fn items_en(items: &[String]) -> String {
    format!("The report lists {}: {}.", items.len(), items.join("; "))
}

/// An English answer line from a year and figures in English.
pub fn figures_en(year: Option<&str>, figures: &[String]) -> String {
    let when = year.map_or_else(|| "In the report".to_string(), |y| format!("In {y}"));
    if figures.is_empty() {
        format!("{when}, the report says (in Chinese):")
    } else {
        format!("{when}: {}.", figures.join("; "))
    }
}

/// A heading on the console (a section's title over its figures).
pub fn heading(title: &str) -> String {
    format!("【{title}】")
}

/// The short thanks for thanks in a group.
pub const YOU_ARE_WELCOME: &str = "不客气!";

/// Said when the bot is added to a group: how to ask there.
pub fn welcome(title: &str, username: &str) -> String {
    format!(
        "大家好!我能回答《{title}》里的问题,每个答案都附报告原文。\n在群里可以这样问我:\n\
         • /ask 去年地区生产总值多少\n• @{username} 去年地区生产总值多少\n• 直接回复我的消息接着问\n\
         /help 看全部命令。"
    )
}

/// The toast after 👍.
pub const THANKS_UP: &str = "谢谢!";
/// The toast after 👎.
pub const THANKS_DOWN: &str = "记下了,谢谢指正。管理员会核对这个回答。";

/// The title of the one inline result when the report has nothing for the query.
pub fn inline_none_title(query: &str) -> String {
    format!("报告没有“{query}”的内容")
}

/// Its description.
pub const INLINE_NONE_HINT: &str = "换个说法试试,或私聊我看 /sections";

/// The button above an inline query's results when the report has nothing for the query: it
/// opens a private chat with the bot (its /start help).
pub const INLINE_TO_PRIVATE: &str = "私聊提问,看报告目录";

// Browsing (/sections, /section, /figures, /about; the console's too)

/// Above the numbered list of `/sections`.
pub const SECTIONS_HEADING: &str =
    "报告章节(/section 加序号、名称或编号查看其中的数字,例如 /section 2):";

/// Under a section's heading when it states no figures.
pub const SECTION_WITHOUT_FIGURES: &str = "这一部分没有具体数字,可以直接提问。";

/// Above `/figures`.
pub const KEY_FIGURES_HEADING: &str = "报告里的主要数字:";

/// The last line of `/about`: what every answer promises.
pub const ABOUT_PROMISE: &str = "每个回答都引用报告原文并注明章节;报告没有的内容会直说。";
