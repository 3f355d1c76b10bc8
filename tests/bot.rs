//! End-to-end tests of the Telegram bot against a fake Bot API server on 127.0.0.1: updates go
//! in through `getUpdates`, and the tests check what the bot sent. No network.
//!
//! Each test starts its own server and bot. Run with `RUST_LOG=debug` to see the bot's log.

mod support;

use std::path::Path;
use std::time::Duration;

use serde_json::Value;
use support::updates::{
    callback, edited_text, group_chat, group_reply_to_bot, group_text, inline_query, private_chat,
    private_text, sticker, supergroup_chat,
};
use support::{
    ADMIN_ID, BOT_USERNAME, Failure, FakeApi, GOLDEN, TestBot, WAIT, assert_contains, assert_lacks,
    finish,
};
use xihu_report_bot::bot::handlers::INLINE_START;
use xihu_report_bot::bot::state::AppState;
use xihu_report_bot::bot::{client, register_commands};

/// The r1-gdp entry as it is in knowledge/entries/review-1.toml.
const GDP_ID: &str = "r1-gdp";
const GDP_ANSWER: &str = "2022年西湖区实现地区生产总值1970.1亿元。";
const GDP_QUOTE: &str = "全区实现地区生产总值1970.1亿元,服务业增加值1813亿元。";
const GDP_QUESTION: &str = "去年西湖区GDP多少";
const RETAIL_QUESTION: &str = "去年西湖区社零多少";

/// Sends a known question to `chat` and waits for its answer: updates of one chat are handled
/// in order, so once it is answered everything pushed before it to that chat has been handled.
/// Returns all messages the chat has received.
async fn flush_chat(t: &TestBot, chat: Value, user_id: i64, before: usize) -> Vec<Value> {
    let chat_id = chat["id"].as_i64().expect("chat id");
    let update = if chat["type"] == "private" {
        private_text(user_id, 9999, GDP_QUESTION)
    } else {
        group_text(chat, user_id, 9999, &format!("/ask {GDP_QUESTION}"))
    };
    t.push(update);
    let sent = t.api.wait_for_messages(chat_id, before + 1, WAIT).await;
    assert_eq!(
        sent.len(),
        before + 1,
        "unexpected messages to chat {chat_id}:\n{}",
        t.api.dump()
    );
    assert_contains(&sent[before], "1970.1亿元");
    sent
}

// 1. Private questions

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_question_is_answered_with_the_verbatim_quote() {
    let t = TestBot::start_mini().await;
    t.push(private_text(1001, 1, GDP_QUESTION));
    let sent = t.api.wait_for_messages(1001, 1, WAIT).await;
    let m = &sent[0];
    assert_eq!(m["parse_mode"], "HTML");
    assert_contains(m, "1970.1亿元");
    assert_contains(m, "全区实现地区生产总值1970.1亿元");
    assert_contains(m, &format!("<blockquote>{GDP_QUOTE}</blockquote>"));
    assert_contains(m, "<b>1970.1亿元</b>");
    assert_contains(m, "摘自报告「");
    assert!(
        m.get("reply_parameters").is_none(),
        "no reply threading in private chats: {m}"
    );
    // the dispatcher asked who it is before handling anything
    assert_eq!(t.api.sent("getMe").len(), 1);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        t.api.messages_to(1001).len(),
        1,
        "one question, one reply:\n{}",
        t.api.dump()
    );
    finish(t).await;
}

// 2. Group chatter

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn group_chatter_is_ignored() {
    let t = TestBot::start_mini().await;
    let group = group_chat(-5001);
    let supergroup = supergroup_chat(-1_001_234_567);
    t.push(group_text(group.clone(), 2001, 1, "大家中午吃什么"));
    t.push(group_text(group.clone(), 2002, 2, "去年西湖区GDP多少")); // a question, but not to the bot
    t.push(group_text(
        group.clone(),
        2002,
        3,
        "/ask@some_other_bot 社零多少",
    )); // another bot's command
    t.push(group_text(supergroup.clone(), 2003, 1, "今天开会吗"));
    t.push(group_text(
        supergroup.clone(),
        2003,
        2,
        "xihu_report_bot 真好用",
    )); // no @: not a mention
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        t.api.sent("sendMessage").is_empty(),
        "the bot spoke in a group:\n{}",
        t.api.dump()
    );
    // and the bot was alive all along: the chatter was handled before these questions
    flush_chat(&t, group, 2001, 0).await;
    flush_chat(&t, supergroup, 2003, 0).await;
    finish(t).await;
}

// 3. Group questions addressed to the bot

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn group_questions_to_the_bot_are_answered_as_replies() {
    let t = TestBot::start().await;
    let group = group_chat(-5002);
    let supergroup = supergroup_chat(-1_005_002);
    t.push(group_text(group.clone(), 3001, 11, "/ask 社零多少"));
    t.push(group_text(
        group.clone(),
        3002,
        12,
        &format!("/ask@{BOT_USERNAME} 外资多少"),
    ));
    t.push(group_text(
        supergroup.clone(),
        3003,
        13,
        &format!("@{BOT_USERNAME} 充电桩多少个"),
    ));
    t.push(group_reply_to_bot(
        supergroup.clone(),
        3004,
        14,
        "去年GDP是多少",
        900,
    ));
    t.push(group_text(
        supergroup.clone(),
        3005,
        15,
        "@Xihu_Report_Bot 外资多少",
    )); // mention in other case
    let in_group = t.api.wait_for_messages(-5002, 2, WAIT).await;
    let in_supergroup = t.api.wait_for_messages(-1_005_002, 3, WAIT).await;
    let expected = [
        (&in_group[0], 11, "845.7亿元", "社会消费品零售总额845.7亿元"),
        (&in_group[1], 12, "7.01亿美元", "实际利用外资7.01亿美元"),
        (&in_supergroup[0], 13, "414个", "新能源汽车公用充电桩414个"),
        (
            &in_supergroup[1],
            14,
            "1970.1亿元",
            "全区实现地区生产总值1970.1亿元",
        ),
        (
            &in_supergroup[2],
            15,
            "7.01亿美元",
            "实际利用外资7.01亿美元",
        ),
    ];
    for (m, asked, figure, quote) in expected {
        assert_eq!(
            m["reply_parameters"]["message_id"], asked,
            "reply to the asker's message: {m}"
        );
        assert_eq!(m["reply_parameters"]["allow_sending_without_reply"], true);
        assert_eq!(m["parse_mode"], "HTML");
        assert_contains(m, figure);
        assert_contains(m, quote);
        assert_contains(m, "<blockquote>");
    }
    finish(t).await;
}

// 4. /ask without a question

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ask_without_a_question_gets_the_usage_line() {
    let t = TestBot::start_mini().await;
    let group = group_chat(-5004);
    t.push(group_text(group.clone(), 4001, 21, "/ask"));
    t.push(group_text(
        group.clone(),
        4001,
        22,
        &format!("/ask@{BOT_USERNAME}   "),
    ));
    t.push(private_text(4002, 23, "/ask"));
    let sent = t.api.wait_for_messages(-5004, 2, WAIT).await;
    for (m, asked) in sent.iter().zip([21, 22]) {
        assert_contains(m, "用法");
        assert_contains(m, "/ask 你的问题");
        assert_eq!(m["reply_parameters"]["message_id"], asked);
    }
    let private = t.api.wait_for_messages(4002, 1, WAIT).await;
    assert_contains(&private[0], "用法");
    assert!(private[0].get("reply_parameters").is_none());
    finish(t).await;
}

// 5. Inline mode

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inline_query_answers_with_quoted_articles() {
    let t = TestBot::start_mini().await;
    t.push(inline_query(5001, "iq-gdp", "GDP"));
    let answers = t.api.wait_for("answerInlineQuery", 1, WAIT).await;
    let a = &answers[0];
    assert_eq!(a["inline_query_id"], "iq-gdp");
    let results = a["results"].as_array().expect("results");
    assert!(!results.is_empty() && results.len() <= 8, "results: {a}");
    let content = &results[0]["input_message_content"];
    assert_eq!(results[0]["type"], "article");
    assert_eq!(content["parse_mode"], "HTML");
    let first = content["message_text"].as_str().unwrap_or_default();
    assert!(
        first.contains("1970.1亿元") && first.contains("<blockquote>"),
        "first result: {first}"
    );
    let ids: Vec<&str> = results.iter().filter_map(|r| r["id"].as_str()).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        ids.len(),
        unique.len(),
        "result ids must be unique: {ids:?}"
    );
    for r in results {
        assert!(
            r["title"].as_str().is_some_and(|s| !s.is_empty()),
            "every article needs a title: {r}"
        );
    }
    assert!(
        t.api.sent("sendMessage").is_empty(),
        "inline answers send no messages"
    );
    finish(t).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn empty_inline_query_lists_key_figures() {
    let t = TestBot::start_mini().await;
    t.push(inline_query(5002, "iq-empty", ""));
    let answers = t.api.wait_for("answerInlineQuery", 1, WAIT).await;
    let results = answers[0]["results"].as_array().expect("results");
    assert!(
        !results.is_empty(),
        "an empty query should offer key figures: {}",
        answers[0]
    );
    for r in results {
        let text = r["input_message_content"]["message_text"]
            .as_str()
            .unwrap_or_default();
        assert!(
            text.contains("<blockquote>") && text.contains("摘自报告"),
            "result without a quote: {r}"
        );
    }
    let all: String = results
        .iter()
        .filter_map(|r| r["input_message_content"]["message_text"].as_str())
        .collect();
    assert!(all.contains("1970.1亿元"), "GDP is a key figure: {all}");
    finish(t).await;
}

// 6. Buttons

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn button_press_sends_the_entrys_quote() {
    let t = TestBot::start_mini().await;
    t.push(callback(
        private_chat(6001),
        6001,
        "cb-gdp",
        1000,
        &format!("q:{GDP_ID}"),
    ));
    let sent = t.api.wait_for_messages(6001, 1, WAIT).await;
    let answered = t.api.sent("answerCallbackQuery");
    assert_eq!(answered.len(), 1);
    assert_eq!(answered[0]["callback_query_id"], "cb-gdp");
    assert!(
        answered[0].get("text").is_none(),
        "a working button needs no toast: {}",
        answered[0]
    );
    let order = t.api.methods();
    let ack = order.iter().position(|m| m == "answerCallbackQuery");
    let msg = order.iter().position(|m| m == "sendMessage");
    assert!(
        ack < msg,
        "the button is acknowledged before the reply: {order:?}"
    );
    assert_contains(&sent[0], "2022年西湖区实现地区生产总值<b>1970.1亿元</b>。");
    assert_contains(&sent[0], &format!("<blockquote>{GDP_QUOTE}</blockquote>"));
    assert_eq!(sent[0]["parse_mode"], "HTML");
    finish(t).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stale_button_is_refused_without_a_message() {
    let t = TestBot::start_mini().await;
    t.push(callback(
        private_chat(6002),
        6002,
        "cb-gone",
        1000,
        "q:does-not-exist",
    ));
    t.push(callback(group_chat(-6003), 6003, "cb-junk", 1000, "junk"));
    let answered = t.api.wait_for("answerCallbackQuery", 2, WAIT).await;
    for a in &answered {
        assert!(
            a["text"].as_str().is_some_and(|s| s.contains("失效")),
            "expected a 失效 toast: {a}"
        );
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        t.api.sent("sendMessage").is_empty(),
        "a stale button must not send:\n{}",
        t.api.dump()
    );
    finish(t).await;
}

// 7. Admin: reload and rollback

fn review_1(dir: &Path) -> std::path::PathBuf {
    dir.join("entries").join("review-1.toml")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_reload_applies_an_edit_and_rollback_restores_it() {
    let t = TestBot::start_with_copy(|dir| support::replace_golden(dir, GOLDEN)).await;
    let admin = ADMIN_ID as i64;
    let revised = "2022年西湖区实现地区生产总值1970.1亿元(修订版)。";
    edit_file(
        &review_1(t.knowledge_path()),
        &format!("answer = \"{GDP_ANSWER}\""),
        &format!("answer = \"{revised}\""),
    );

    t.push(private_text(admin, 1, "/reload"));
    let sent = t.api.wait_for_messages(admin, 1, WAIT).await;
    assert_contains(&sent[0], "重新加载完成");
    assert_contains(&sent[0], &format!("修改: {GDP_ID}"));
    assert_contains(&sent[0], "新增: 无");
    assert_contains(&sent[0], "删除: 无");

    t.push(private_text(admin, 2, GDP_QUESTION));
    let sent = t.api.wait_for_messages(admin, 2, WAIT).await;
    assert_contains(&sent[1], "(修订版)");
    assert_contains(&sent[1], GDP_QUOTE);

    t.push(private_text(admin, 3, "/rollback"));
    let sent = t.api.wait_for_messages(admin, 3, WAIT).await;
    assert_contains(&sent[2], "回滚完成");
    assert_contains(&sent[2], &format!("修改: {GDP_ID}"));

    t.push(private_text(admin, 4, GDP_QUESTION));
    let sent = t.api.wait_for_messages(admin, 4, WAIT).await;
    assert_lacks(&sent[3], "修订版");
    assert_contains(&sent[3], "1970.1亿元");

    // rollback toggles: the revised version comes back
    t.push(private_text(admin, 5, "/rollback"));
    t.push(private_text(admin, 6, GDP_QUESTION));
    let sent = t.api.wait_for_messages(admin, 6, WAIT).await;
    assert_contains(&sent[4], "回滚完成");
    assert_contains(&sent[5], "(修订版)");

    t.push(private_text(admin, 7, "/stats"));
    let sent = t.api.wait_for_messages(admin, 7, WAIT).await;
    assert_contains(&sent[6], "已回答: 3");
    let entries = xihu_report_bot::knowledge::KnowledgeBase::load(t.knowledge_path())
        .unwrap()
        .entries
        .len();
    assert_contains(&sent[6], &format!("知识库: {entries} 条"));
    finish(t).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reload_by_a_non_admin_is_refused() {
    let t = TestBot::start_with_copy(|dir| support::replace_golden(dir, GOLDEN)).await;
    edit_file(
        &review_1(t.knowledge_path()),
        GDP_ANSWER,
        "2022年西湖区实现地区生产总值1970.1亿元(未经授权)。",
    );
    let group = group_chat(-7002);
    t.push(private_text(99, 1, "/reload"));
    t.push(private_text(99, 2, "/rollback"));
    t.push(private_text(99, 3, "/stats"));
    t.push(group_text(
        group.clone(),
        99,
        4,
        &format!("/reload@{BOT_USERNAME}"),
    ));
    let sent = t.api.wait_for_messages(99, 3, WAIT).await;
    for m in &sent {
        assert_contains(m, "管理员");
    }
    let in_group = t.api.wait_for_messages(-7002, 1, WAIT).await;
    assert_contains(&in_group[0], "管理员");
    assert_eq!(in_group[0]["reply_parameters"]["message_id"], 4);

    t.push(private_text(99, 5, GDP_QUESTION));
    let sent = t.api.wait_for_messages(99, 4, WAIT).await;
    assert_lacks(&sent[3], "未经授权");
    assert_contains(&sent[3], "1970.1亿元");
    let live = t.state.live();
    assert_eq!(
        live.snapshot
            .knowledge()
            .entry(GDP_ID)
            .map(|e| e.answer.as_str()),
        Some(GDP_ANSWER)
    );
    finish(t).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broken_reload_is_rejected_and_the_old_knowledge_stays() {
    let t = TestBot::start_with_copy(|dir| support::replace_golden(dir, GOLDEN)).await;
    let admin = ADMIN_ID as i64;
    edit_file(
        &review_1(t.knowledge_path()),
        &format!("answer = \"{GDP_ANSWER}\"\nquote = \"{GDP_QUOTE}\""),
        &format!(
            "answer = \"{GDP_ANSWER}\"\nquote = \"全区实现地区生产总值1970.1亿元,比上年增长9.9%。\""
        ),
    );

    t.push(private_text(admin, 1, "/reload"));
    let sent = t.api.wait_for_messages(admin, 1, WAIT).await;
    assert_contains(&sent[0], "知识库未更新");
    assert_contains(&sent[0], "review-1.toml");
    assert_contains(&sent[0], &format!("\"{GDP_ID}\""));
    assert_contains(&sent[0], "not a verbatim substring");

    t.push(private_text(admin, 2, GDP_QUESTION));
    t.push(private_text(admin, 3, "/rollback"));
    let sent = t.api.wait_for_messages(admin, 3, WAIT).await;
    assert_contains(&sent[1], GDP_QUOTE);
    assert_lacks(&sent[1], "9.9%");
    assert_contains(&sent[2], "没有可以回滚");
    finish(t).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reload_with_a_failing_golden_question_is_rejected() {
    let t = TestBot::start_with_copy(|dir| support::replace_golden(dir, GOLDEN)).await;
    let admin = ADMIN_ID as i64;
    let dir = t.knowledge_path().to_path_buf();
    edit_file(
        &review_1(&dir),
        GDP_ANSWER,
        "2022年西湖区实现地区生产总值1970.1亿元(不该生效)。",
    );
    let wrong =
        format!("{GOLDEN}\n[[golden]]\nquestion = \"去年西湖区社零多少\"\nexpect = \"{GDP_ID}\"\n");
    std::fs::write(dir.join("golden").join("bot-tests.toml"), wrong).expect("write golden");

    t.push(private_text(admin, 1, "/reload"));
    t.push(private_text(admin, 2, GDP_QUESTION));
    let sent = t.api.wait_for_messages(admin, 2, WAIT).await;
    assert_contains(&sent[0], "知识库未更新");
    assert_contains(&sent[0], "去年西湖区社零多少");
    assert_lacks(&sent[1], "不该生效");
    finish(t).await;
}

fn edit_file(file: &Path, from: &str, to: &str) {
    support::edit_file(file, from, to);
}

// 8. Rate limits and errors from Telegram

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn telegram_limits_space_replies_in_one_chat_but_not_across_chats() {
    let t = TestBot::start_mini_custom(
        |c| c.send_limits = xihu_report_bot::bot::limiter::SendLimits::default(),
        |s| s,
    )
    .await;
    t.push(private_text(8101, 1, GDP_QUESTION));
    t.push(private_text(8101, 2, "今年GDP增长目标"));
    t.push(private_text(8102, 1, GDP_QUESTION));
    t.api.wait_for_messages(8101, 2, WAIT).await;
    t.api.wait_for_messages(8102, 1, WAIT).await;
    let at = |chat: i64| -> Vec<std::time::Instant> {
        t.api
            .calls("sendMessage")
            .into_iter()
            .filter(|c| c.body["chat_id"].as_i64() == Some(chat))
            .map(|c| c.at)
            .collect()
    };
    let (one, other) = (at(8101), at(8102));
    let gap = one[1] - one[0];
    assert!(
        gap >= Duration::from_millis(900),
        "one message a second per chat, got {gap:?}"
    );
    // another chat is not held up behind it
    assert!(
        other[0] < one[1],
        "the other chat's reply waited for the first chat's second one"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limited_message_is_retried_after_retry_after() {
    let t = TestBot::start_mini().await;
    t.api.fail_next(
        "sendMessage",
        1,
        Failure::TooManyRequests { retry_after: 1 },
    );
    t.push(private_text(8001, 1, GDP_QUESTION));
    let delivered = t.api.wait_for_messages(8001, 1, WAIT).await;
    assert_contains(&delivered[0], "1970.1亿元");
    let attempts = t.api.calls("sendMessage");
    assert_eq!(attempts.len(), 2, "one 429, one retry:\n{}", t.api.dump());
    assert_eq!(
        attempts[0].failure,
        Some(Failure::TooManyRequests { retry_after: 1 })
    );
    assert_eq!(attempts[1].failure, None);
    assert_eq!(
        attempts[0].body, attempts[1].body,
        "the retry sends the same message"
    );
    let waited = attempts[1].at - attempts[0].at;
    assert!(
        waited >= Duration::from_millis(900),
        "retried after {waited:?}, before retry_after"
    );
    assert!(
        waited < Duration::from_secs(3),
        "retried only after {waited:?}"
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(t.api.calls("sendMessage").len(), 2, "no further attempts");
    finish(t).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rejected_message_is_not_retried_and_the_bot_carries_on() {
    let t = TestBot::start_mini().await;
    t.api.fail_next(
        "sendMessage",
        1,
        Failure::BadRequest("Bad Request: not enough rights to send text messages".into()),
    );
    t.push(private_text(8002, 1, GDP_QUESTION));
    t.push(private_text(8002, 2, "去年西湖区社零多少"));
    let delivered = t.api.wait_for_messages(8002, 1, WAIT).await;
    assert_contains(&delivered[0], "845.7亿元");
    let attempts = t.api.calls("sendMessage");
    assert_eq!(attempts.len(), 2, "a 400 is not retried:\n{}", t.api.dump());
    assert!(
        attempts[0].failure.is_some()
            && attempts[0].body["text"]
                .as_str()
                .is_some_and(|s| s.contains("1970.1"))
    );
    finish(t).await;
}

/// teloxide waits 10 s before reading a 5xx reply, so this test takes ~10 s; it checks that a
/// server error stalls only its own chat and is not retried.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_error_stalls_only_its_chat_and_is_retried() {
    // a real HTTP 500: teloxide itself waits 10 s before reading it
    let t = TestBot::start_mini().await;
    t.api.fail_next("sendMessage", 1, Failure::ServerError);
    t.push(private_text(8003, 1, GDP_QUESTION));
    t.api.wait_for("sendMessage", 1, WAIT).await;
    t.push(private_text(8003, 2, "去年西湖区社零多少"));
    t.push(private_text(8004, 1, "去年西湖区外资多少"));
    let other = t
        .api
        .wait_for_messages(8004, 1, Duration::from_secs(3))
        .await;
    assert_contains(&other[0], "7.01亿美元");
    assert!(
        t.api.messages_to(8003).is_empty(),
        "chat 8003 waits for its failed send"
    );
    let next = t
        .api
        .wait_for_messages(8003, 2, Duration::from_secs(15))
        .await;
    assert_contains(&next[0], "1970.1亿元");
    assert_contains(&next[1], "845.7亿元");
    let to_8003 = t
        .api
        .calls("sendMessage")
        .into_iter()
        .filter(|c| c.body["chat_id"] == 8003)
        .count();
    assert_eq!(
        to_8003,
        3,
        "the failed GDP answer is retried once:\n{}",
        t.api.dump()
    );
    finish(t).await;
}

// 9. Non-text updates

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sticker_gets_a_hint_in_private_and_silence_in_groups() {
    let t = TestBot::start_mini().await;
    let group = group_chat(-9002);
    t.push(sticker(private_chat(9001), 9001, 1));
    t.push(sticker(group.clone(), 9003, 1));
    let private = flush_chat(&t, private_chat(9001), 9001, 1).await;
    assert_contains(&private[0], "只看得懂文字");
    assert_contains(&private[0], "地区生产总值");
    flush_chat(&t, group, 9003, 0).await;
    finish(t).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edited_questions_are_answered_again_and_edited_commands_are_not() {
    let t = TestBot::start_mini().await;
    let group = group_chat(-9005);
    t.push(edited_text(private_chat(9004), 9004, 1, GDP_QUESTION));
    t.push(edited_text(
        group.clone(),
        9006,
        1,
        &format!("@{BOT_USERNAME} {GDP_QUESTION}"),
    ));
    t.push(edited_text(group.clone(), 9006, 2, "/ask 社零多少"));
    let private = flush_chat(&t, private_chat(9004), 9004, 1).await;
    assert_contains(&private[0], "1970.1亿元");
    let in_group = flush_chat(&t, group, 9006, 1).await;
    assert_eq!(in_group[0]["reply_parameters"]["message_id"], 1);
    finish(t).await;
}

// 10. /start

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_shows_help_and_example_buttons_that_work() {
    let t = TestBot::start_mini().await;
    t.push(private_text(10_001, 1, "/start"));
    let sent = t.api.wait_for_messages(10_001, 1, WAIT).await;
    let m = &sent[0];
    assert_contains(m, "你好");
    assert_contains(m, "/ask");
    assert_contains(m, "/sections");
    let rows = m["reply_markup"]["inline_keyboard"]
        .as_array()
        .expect("inline keyboard");
    assert!(!rows.is_empty(), "no buttons: {m}");
    let live = t.state.live();
    let kb = live.snapshot.knowledge();
    let mut first = None;
    for button in rows.iter().flat_map(|r| r.as_array().into_iter().flatten()) {
        let data = button["callback_data"].as_str().expect("callback_data");
        let id = data
            .strip_prefix("q:")
            .unwrap_or_else(|| panic!("button data should start with q: {button}"));
        let entry = kb
            .entry(id)
            .unwrap_or_else(|| panic!("button for an unknown entry: {button}"));
        assert!(
            entry.questions[0].starts_with(button["text"].as_str().unwrap_or("?")),
            "label is the entry's question"
        );
        assert!(data.len() <= 64, "callback data over 64 bytes: {data}");
        first.get_or_insert((data.to_string(), entry.quote.clone()));
    }
    // pressing the first button answers it
    let (data, quote) = first.expect("a button");
    t.push(callback(
        private_chat(10_001),
        10_001,
        "cb-start",
        1000,
        &data,
    ));
    let sent = t.api.wait_for_messages(10_001, 2, WAIT).await;
    assert_contains(&sent[1], &quote);
    // /help is the same text
    t.push(private_text(10_001, 2, "/help"));
    let sent = t.api.wait_for_messages(10_001, 3, WAIT).await;
    assert_eq!(sent[2]["text"], sent[0]["text"]);
    finish(t).await;
}

// Info commands

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn info_commands_show_report_content() {
    let t = TestBot::start_mini().await;
    let chat = 11_001;
    for (i, cmd) in ["/sections", "/section review-1", "/about", "/section nope"]
        .iter()
        .enumerate()
    {
        t.push(private_text(chat, i as i64 + 1, cmd));
    }
    let sent = t.api.wait_for_messages(chat, 4, WAIT).await;
    assert_contains(&sent[0], "(review-1)");
    assert_contains(&sent[1], "<b>1970.1亿元</b>");
    assert_contains(&sent[2], "西湖区");
    assert_contains(&sent[3], "没有这个章节");
    for m in &sent {
        assert_eq!(m["parse_mode"], "HTML");
    }
    finish(t).await;
}

// 11. Command menu

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn register_commands_sets_menus_for_private_chats_groups_and_admins() {
    support::init_logging();
    let api = FakeApi::start().await;
    let config = support::config(&api, support::knowledge_dir());
    let bot = client(&config);
    let state = AppState::new(config, support::load_snapshot(&support::knowledge_dir()));
    register_commands(&bot, &state)
        .await
        .expect("register_commands");
    let calls = api.sent("setMyCommands");
    assert_eq!(calls.len(), 3, "{}", api.dump());
    let names = |c: &Value| -> Vec<String> {
        c["commands"]
            .as_array()
            .into_iter()
            .flatten()
            // teloxide sends "/start"; Telegram strips the slash (the fake checks the rest)
            .filter_map(|c| {
                c["command"]
                    .as_str()
                    .map(|n| n.trim_start_matches('/').to_owned())
            })
            .collect()
    };
    let user = [
        "start", "help", "ask", "sections", "section", "figures", "about",
    ];
    assert_eq!(
        calls[0]["scope"],
        serde_json::json!({"type": "all_private_chats"})
    );
    assert_eq!(
        calls[1]["scope"],
        serde_json::json!({"type": "all_group_chats"})
    );
    assert_eq!(
        calls[2]["scope"],
        serde_json::json!({"type": "chat", "chat_id": ADMIN_ID})
    );
    assert_eq!(names(&calls[0]), user);
    assert_eq!(names(&calls[1]), user);
    let mut admin: Vec<&str> = user.to_vec();
    admin.extend(["reload", "rollback", "stats", "unanswered"]);
    assert_eq!(names(&calls[2]), admin);
    for c in &calls {
        for cmd in c["commands"].as_array().into_iter().flatten() {
            assert!(
                cmd["description"].as_str().is_some_and(|d| !d.is_empty()),
                "command without description: {cmd}"
            );
        }
    }
    assert!(api.bad_paths().is_empty());
}

// Declined questions

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn declined_question_says_why_and_offers_buttons() {
    let t = TestBot::start_mini().await;
    t.push(private_text(12_001, 1, "上城区GDP多少"));
    t.push(private_text(12_001, 2, "2019年GDP多少"));
    let sent = t.api.wait_for_messages(12_001, 2, WAIT).await;
    assert_contains(&sent[0], "没有上城区的数据");
    assert_contains(&sent[1], "没有2019年的数据");
    for m in &sent {
        assert_lacks(m, "<blockquote>");
        assert_contains(m, "你是不是想问");
        let buttons: Vec<&str> = m["reply_markup"]["inline_keyboard"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|row| row.as_array().into_iter().flatten())
            .filter_map(|b| b["callback_data"].as_str())
            .collect();
        assert!(
            buttons.contains(&"q:r1-gdp"),
            "expected a GDP suggestion: {m}"
        );
    }
    finish(t).await;
}

// Mentions, help, forum topics

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mention_of_a_longer_username_is_not_a_mention() {
    let t = TestBot::start_mini().await;
    let group = group_chat(-13_001);
    t.push(group_text(
        group.clone(),
        13_002,
        1,
        &format!("@{BOT_USERNAME}_fan 外资多少"),
    ));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let sent = t.api.messages_to(-13_001);
    assert!(
        sent.is_empty(),
        "the bot answered a message for @{BOT_USERNAME}_fan: {sent:?}"
    );
    flush_chat(&t, group, 13_002, 0).await;
    finish(t).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn help_is_all_chinese() {
    let t = TestBot::start_mini().await;
    t.push(private_text(13_003, 1, "/help"));
    let sent = t.api.wait_for_messages(13_003, 1, WAIT).await;
    assert_lacks(&sent[0], "Commands everyone can use");
    finish(t).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn button_answer_in_a_forum_topic_stays_in_the_topic() {
    let t = TestBot::start_mini().await;
    let forum = serde_json::json!({"id": -1_013_004, "type": "supergroup", "title": "论坛", "is_forum": true});
    let mut press = callback(forum, 13_005, "cb-topic", 1000, &format!("q:{GDP_ID}"));
    press["callback_query"]["message"]["message_thread_id"] = 77.into();
    press["callback_query"]["message"]["is_topic_message"] = true.into();
    t.push(press);
    let sent = t.api.wait_for_messages(-1_013_004, 1, WAIT).await;
    assert_eq!(
        sent[0]["message_thread_id"], 77,
        "the answer went to the General topic: {}",
        sent[0]
    );
    finish(t).await;
}

// Issue 11: reliability. See: issue 11 ("no chat can silence the others ...").

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_11_echoed_text_is_trimmed_and_every_reply_parses() {
    let t = TestBot::start_mini().await;
    let user = 11_0001;
    t.push(private_text(
        user,
        1,
        &format!("/section {}", "&".repeat(4000)),
    ));
    t.push(private_text(
        user,
        2,
        &format!("/section <b>{}", "长".repeat(5000)),
    ));
    t.push(private_text(user, 3, &"去年GDP多少&".repeat(400)));
    let sent = t.api.wait_for_messages(user, 3, WAIT).await;
    assert_contains(&sent[0], "没有这个章节");
    assert_contains(&sent[0], "…");
    for m in &sent[..2] {
        let visible = support::fake_api::html_text(m["text"].as_str().unwrap_or_default())
            .expect("valid HTML");
        assert!(
            visible.chars().count() <= 400,
            "echo not trimmed: {visible:.80}"
        );
    }
    // the long question's reply (whatever it is) was accepted: `finish` checks no rejections
    finish(t).await;
}

/// Admin commands in a group answer with one line and no data; the data stays private.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_11_admin_commands_in_a_group_show_no_data() {
    let t = TestBot::start_with_copy(|dir| support::replace_golden(dir, GOLDEN)).await;
    let group = supergroup_chat(-100_110_002);
    let admin = ADMIN_ID as i64;
    for (i, cmd) in ["/unanswered", "/stats", "/reload", "/rollback"]
        .iter()
        .enumerate()
    {
        t.push(group_text(
            group.clone(),
            admin,
            i as i64 + 1,
            &format!("{cmd}@{BOT_USERNAME}"),
        ));
    }
    t.push(group_text(
        group.clone(),
        99,
        9,
        &format!("/stats@{BOT_USERNAME}"),
    ));
    let sent = t.api.wait_for_messages(-100_110_002, 5, WAIT).await;
    for m in &sent[..4] {
        assert_contains(m, "私聊");
        for data in ["运行时间", "已回答", "×", "知识库", "重新加载完成", "条目"]
        {
            assert_lacks(m, data);
        }
        assert_eq!(support::text(m).lines().count(), 1, "one line: {m}");
    }
    assert_contains(&sent[4], "只有管理员");
    // the same commands in private still work
    t.push(private_text(admin, 1, "/stats"));
    let private = t.api.wait_for_messages(admin, 1, WAIT).await;
    assert_contains(&private[0], "运行时间");
    assert_contains(&private[0], "提问记录丢失: 0");
    assert_contains(&private[0], "队列溢出丢弃: 0");
    finish(t).await;
}

/// Unreadable parts of the knowledge directory are validation errors naming the path; a FIFO
/// never hangs /reload, and later reloads are not stuck behind it.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_11_special_files_and_broken_golden_fail_the_reload_by_name() {
    let t = TestBot::start_with_copy(|dir| support::replace_golden(dir, GOLDEN)).await;
    let admin = ADMIN_ID as i64;
    let dir = t.knowledge_path().to_path_buf();
    let fifo = dir.join("entries").join("pipe.toml");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
    let started = std::time::Instant::now();
    t.push(private_text(admin, 1, "/reload"));
    let sent = t.api.wait_for_messages(admin, 1, WAIT).await;
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "the FIFO blocked the reload"
    );
    assert_contains(&sent[0], "知识库未更新");
    assert_contains(&sent[0], "pipe.toml");
    assert_contains(&sent[0], "named pipe");
    std::fs::remove_file(&fifo).expect("remove fifo");

    // golden/ replaced by a file, then by a symlink to itself
    let golden = dir.join("golden");
    std::fs::remove_dir_all(&golden).expect("remove golden/");
    std::fs::write(&golden, "not a directory").expect("write golden file");
    t.push(private_text(admin, 2, "/reload"));
    let sent = t.api.wait_for_messages(admin, 2, WAIT).await;
    assert_contains(&sent[1], "知识库未更新");
    assert_contains(&sent[1], "golden");
    std::fs::remove_file(&golden).expect("remove golden file");
    std::os::unix::fs::symlink("golden", &golden).expect("symlink loop");
    t.push(private_text(admin, 3, "/reload"));
    let sent = t.api.wait_for_messages(admin, 3, WAIT).await;
    assert_contains(&sent[2], "知识库未更新");
    assert_contains(&sent[2], "golden");

    // repaired: the next reload goes through (the lock was never held)
    std::fs::remove_file(&golden).expect("remove link");
    support::replace_golden(&dir, GOLDEN);
    t.push(private_text(admin, 4, "/reload"));
    let sent = t.api.wait_for_messages(admin, 4, WAIT).await;
    assert_contains(&sent[3], "重新加载完成");
    finish(t).await;
}

/// A reload that takes longer than its deadline is abandoned: the old knowledge stays, and the
/// reload lock is free for the next admin command.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_11_a_reload_past_its_deadline_is_abandoned_and_frees_the_lock() {
    let t =
        TestBot::start_mini_custom(|c| c.reload_deadline = Duration::from_millis(1), |s| s).await;
    let admin = ADMIN_ID as i64;
    t.push(private_text(admin, 1, "/reload"));
    t.push(private_text(admin, 2, "/rollback"));
    let sent = t.api.wait_for_messages(admin, 2, WAIT).await;
    assert_contains(&sent[0], "知识库未更新");
    assert_contains(&sent[0], "abandoned");
    assert_contains(&sent[1], "没有可以回滚");
    finish(t).await;
}

// Issue 14: a bot people enjoy in a chat

/// The texts of the messages sent to `chat` (visible text).
fn texts(t: &TestBot, chat: i64) -> Vec<String> {
    t.api.messages_to(chat).iter().map(support::text).collect()
}

/// The callback data of every button of a message.
fn button_data(m: &Value) -> Vec<String> {
    m["reply_markup"]["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row.as_array().into_iter().flatten())
        .filter_map(|b| b["callback_data"].as_str().map(str::to_string))
        .collect()
}

// See: issue 14 — "哈哈哈 这机器人还挺准" and "👍" got the decline note in the group
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_14_group_chatter_replies_get_no_decline() {
    let t = TestBot::start_mini().await;
    let group = group_chat(-14_001);
    let id = -14_001;
    for (i, chatter) in ["哈哈哈 这机器人还挺准", "👍", "好的", "哈哈"]
        .iter()
        .enumerate()
    {
        t.push(group_reply_to_bot(
            group.clone(),
            14_002,
            i as i64 + 1,
            chatter,
            900,
        ));
    }
    t.push(group_reply_to_bot(group.clone(), 14_002, 10, "谢谢", 900));
    t.push(group_reply_to_bot(
        group.clone(),
        14_002,
        11,
        "那社零呢",
        900,
    ));
    let sent = flush_chat(&t, group, 14_002, 2).await;
    let shown: Vec<String> = sent.iter().map(support::text).collect();
    assert_eq!(shown[0], "不客气!", "thanks get a short thanks: {shown:?}");
    assert!(
        shown[1].contains("845.7亿元"),
        "a question is answered: {shown:?}"
    );
    assert!(
        shown
            .iter()
            .all(|s| !s.contains("报告里没有找到") && !s.contains("我只回答")),
        "no decline note for chatter: {shown:?}"
    );
    assert_eq!(sent[0]["reply_parameters"]["message_id"], 10);
    let _ = id;
    finish(t).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_14_a_group_that_adds_the_bot_is_welcomed() {
    let t = TestBot::start_mini().await;
    let group = group_chat(-14_101);
    t.push(serde_json::json!({"message": {
        "message_id": 1,
        "date": support::fake_api::now(),
        "chat": group,
        "from": support::updates::user(14_102),
        "new_chat_members": [support::fake_api::bot_user()]
    }}));
    let sent = t.api.wait_for_messages(-14_101, 1, WAIT).await;
    let welcome = support::text(&sent[0]);
    for how in ["/ask", &format!("@{BOT_USERNAME}"), "回复"] {
        assert!(welcome.contains(how), "{how} missing: {welcome}");
    }
    finish(t).await;
}

// See: issue 14 — the 6th question within 10 s got "歇一下" and the 7th was never answered
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_14_a_burst_over_the_flood_limit_is_answered_in_full() {
    let window = Duration::from_secs(1);
    let t = TestBot::start_custom(
        |c| c.flood = xihu_report_bot::bot::flood::FloodLimit { max: 2, window },
        |s| s,
    )
    .await;
    let user = 14_201;
    // 2 now, 2 a window later, … : 8 questions fit in DEFER_WINDOWS (3) windows
    for i in 1..=8 {
        t.push(private_text(user, i, GDP_QUESTION));
    }
    let sent = t
        .api
        .wait_for_messages(user, 8, Duration::from_secs(8))
        .await;
    assert_eq!(sent.len(), 8, "{}", t.api.dump());
    for m in &sent {
        assert_contains(m, "1970.1亿元");
    }
    // a real flood: what does not fit is skipped and named in one notice
    let flooder = 14_202;
    for i in 1..=10 {
        t.push(private_text(flooder, i, &format!("{RETAIL_QUESTION} {i}")));
    }
    let sent = t
        .api
        .wait_for_messages(flooder, 9, Duration::from_secs(8))
        .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let shown = texts(&t, flooder);
    let answers = shown.iter().filter(|s| s.contains("845.7亿元")).count();
    let notices: Vec<&String> = shown.iter().filter(|s| s.contains("没有回答")).collect();
    assert_eq!(answers, 8, "{shown:?}");
    assert_eq!(notices.len(), 1, "{shown:?}");
    assert!(
        notices[0].contains(&format!("{RETAIL_QUESTION} 9"))
            && notices[0].contains(&format!("{RETAIL_QUESTION} 10")),
        "the notice names the skipped questions: {}",
        notices[0]
    );
    assert!(sent.iter().all(|m| !support::text(m).contains("歇")));
    finish(t).await;
}

// See: issue 14 — "/section 3" and "/section" failed, /sections had no buttons
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_14_sections_browse_by_number_name_id_and_button() {
    let t = TestBot::start().await;
    let chat = 14_301;
    for (i, cmd) in [
        "/sections",
        "/section 2",
        "/section 经济大盘",
        "/section review-1",
        "/section",
    ]
    .iter()
    .enumerate()
    {
        t.push(private_text(chat, i as i64 + 1, cmd));
    }
    let sent = t.api.wait_for_messages(chat, 5, WAIT).await;
    let buttons = button_data(&sent[0]);
    assert_eq!(buttons.len(), 16, "a button per section: {}", sent[0]);
    assert!(buttons.contains(&"s:review-1".to_string()));
    for m in &sent[1..4] {
        assert_eq!(
            m["text"], sent[1]["text"],
            "by number, by title words, by id"
        );
    }
    assert_contains(&sent[1], "<b>1970.1亿元</b>");
    assert_contains(&sent[1], "2.2万家");
    assert_lacks(&sent[1], "经济大盘稳进提质。");
    assert_contains(&sent[4], "16. ");
    assert_eq!(
        button_data(&sent[4]).len(),
        16,
        "no argument: the list with its buttons"
    );
    // a section's button shows the same figures, with buttons to its neighbours
    t.push(callback(
        private_chat(chat),
        chat,
        "cb-s",
        500,
        "s:review-1",
    ));
    let sent = t.api.wait_for_messages(chat, 6, WAIT).await;
    assert_eq!(sent[5]["text"], sent[1]["text"]);
    let near = button_data(&sent[5]);
    assert!(
        near.contains(&"s:intro".into()) && near.contains(&"s:review-2".into()),
        "{near:?}"
    );
    finish(t).await;
}

// See: issue 14 — /figures began with "经济大盘稳进提质", cut off silently and repeated an item
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_14_figures_are_figures_complete_split_and_unrepeated() {
    let t = TestBot::start().await;
    let chat = 14_401;
    t.push(private_text(chat, 1, "/figures"));
    let sent = t
        .api
        .wait_until(WAIT, "every piece of /figures", || {
            let sent = t.api.messages_to(chat);
            sent.iter()
                .any(|m| support::text(m).contains("99.61%"))
                .then_some(sent)
        })
        .await;
    // the fake Bot API refuses a piece over 4 096 characters: /figures is split as needed
    assert!(!sent.is_empty());
    let lines: Vec<String> = sent
        .iter()
        .flat_map(|m| {
            support::text(m)
                .lines()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|l| l.starts_with('•'))
        .collect();
    for line in &lines {
        let figures = xihu_report_bot::browse::figure_texts(line);
        assert!(!figures.is_empty(), "a line without a figure: {line}");
    }
    let mut seen = std::collections::HashSet::new();
    for line in &lines {
        assert!(seen.insert(line), "repeated: {line}");
    }
    // complete: every figure of the review sections is on some line
    let live = t.state.live();
    let kb = live.snapshot.knowledge();
    let all = lines.join("\n");
    let first_part = kb.report.sections.iter().find_map(|s| s.year.and(s.part));
    for s in kb
        .report
        .sections
        .iter()
        .filter(|s| s.year.is_some() && s.part == first_part)
    {
        for f in xihu_report_bot::browse::figure_texts(&kb.report.text[s.span.clone()]) {
            assert!(all.contains(f), "{f} of {} missing from /figures", s.id);
        }
    }
    println!(
        "/figures: {} lines in {} message(s)",
        lines.len(),
        sent.len()
    );
    finish(t).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_14_start_has_one_intro_figure_examples_and_deep_links() {
    let t = TestBot::start_mini().await;
    let chat = 14_501;
    t.push(private_text(chat, 1, "/start"));
    let sent = t.api.wait_for_messages(chat, 1, WAIT).await;
    let intro = support::text(&sent[0]);
    assert_eq!(intro.matches("我能回答").count(), 1, "{intro}");
    assert!(
        !intro.contains("/start"),
        "/start does not list itself: {intro}"
    );
    let live = t.state.live();
    let kb = live.snapshot.knowledge();
    for data in button_data(&sent[0]) {
        let entry = kb.entry(data.trim_start_matches("q:")).expect("an entry");
        assert!(
            !xihu_report_bot::browse::figure_texts(&entry.answer).is_empty(),
            "an example without a figure: {}",
            entry.answer
        );
    }
    // t.me/bot?start=r1-gdp
    t.push(private_text(chat, 2, &format!("/start {GDP_ID}")));
    let sent = t.api.wait_for_messages(chat, 2, WAIT).await;
    assert_contains(&sent[1], GDP_QUOTE);
    let data = button_data(&sent[1]);
    assert!(
        data.iter().any(|d| d.starts_with("q:")),
        "related buttons: {data:?}"
    );
    assert!(
        data.iter().any(|d| d.starts_with("v:-:")),
        "the vote pair: {data:?}"
    );
    assert!(data.iter().all(|d| d.len() <= 64));
    finish(t).await;
}

// See: issue 14 — answers reached through a button carried no further buttons
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_14_an_answer_through_a_button_carries_related_buttons() {
    let t = TestBot::start_mini().await;
    let chat = 14_601;
    t.push(callback(
        private_chat(chat),
        chat,
        "cb-q",
        500,
        &format!("q:{GDP_ID}"),
    ));
    let sent = t.api.wait_for_messages(chat, 1, WAIT).await;
    assert_contains(&sent[0], GDP_QUOTE);
    let data = button_data(&sent[0]);
    assert!(data.iter().any(|d| d.starts_with("q:")), "{data:?}");
    assert!(
        !data.contains(&format!("q:{GDP_ID}")),
        "not itself: {data:?}"
    );
    assert!(data.iter().any(|d| d.starts_with("v:+:")), "{data:?}");
    finish(t).await;
}

// See: issue 14 — a photo captioned "GDP多少" got "我只看得懂文字问题"; edits were ignored
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_14_captions_and_edited_questions_are_answered() {
    let t = TestBot::start_mini().await;
    let chat = 14_701;
    t.push(serde_json::json!({"message": {
        "message_id": 1,
        "date": support::fake_api::now(),
        "chat": private_chat(chat),
        "from": support::updates::user(chat),
        "photo": [{"file_id": "AgAD", "file_unique_id": "AQAD", "width": 90, "height": 90}],
        "caption": "GDP多少"
    }}));
    let sent = t.api.wait_for_messages(chat, 1, WAIT).await;
    assert_contains(&sent[0], "1970.1亿元");
    assert_lacks(&sent[0], "我只看得懂");
    t.push(private_text(chat, 2, "外资"));
    t.api.wait_for_messages(chat, 2, WAIT).await;
    // an edit of a question the bot does not remember (from before a restart): a new reply
    t.push(edited_text(
        private_chat(chat),
        chat,
        1_000_000,
        RETAIL_QUESTION,
    ));
    let sent = t.api.wait_for_messages(chat, 3, WAIT).await;
    assert_contains(&sent[2], "845.7亿元");
    finish(t).await;
}

/// The ids of the messages the bot sent to `chat`, oldest first.
fn sent_ids(t: &TestBot, chat: i64) -> Vec<i64> {
    t.api.message_ids(chat)
}

// See: issue 14 — an edited question is answered by editing the bot's earlier reply
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_14_an_edited_question_edits_the_earlier_reply() {
    let t = TestBot::start_mini().await;
    let chat = 14_711;
    t.push(private_text(chat, 1, "外资多少"));
    t.api.wait_for_messages(chat, 1, WAIT).await;
    let [reply] = sent_ids(&t, chat)[..] else {
        panic!("one reply: {}", t.api.dump());
    };
    t.push(edited_text(private_chat(chat), chat, 1, RETAIL_QUESTION));
    let edits = t
        .api
        .wait_until(WAIT, "an edit", || {
            let e = t.api.edits_to(chat);
            (!e.is_empty()).then_some(e)
        })
        .await;
    assert_eq!(edits[0]["message_id"], reply, "{}", edits[0]);
    assert_eq!(edits[0]["parse_mode"], "HTML", "the client's default");
    let (text, buttons) = t.api.message(chat, reply).expect("the reply");
    assert!(text.contains("845.7亿元"), "{text}");
    assert!(
        buttons["inline_keyboard"].is_array(),
        "its buttons: {buttons}"
    );
    // the same in a group, where the reply is threaded under the question
    let group = group_chat(-14_712);
    t.push(group_text(
        group.clone(),
        14_713,
        5,
        &format!("/ask {GDP_QUESTION}"),
    ));
    t.api.wait_for_messages(-14_712, 1, WAIT).await;
    t.push(edited_text(
        group.clone(),
        14_713,
        5,
        &format!("@{BOT_USERNAME} {RETAIL_QUESTION}"),
    ));
    t.api
        .wait_until(WAIT, "the group's edit", || {
            (!t.api.edits_to(-14_712).is_empty()).then_some(())
        })
        .await;
    let [group_reply] = sent_ids(&t, -14_712)[..] else {
        panic!("one reply in the group: {}", t.api.dump());
    };
    let (text, _) = t.api.message(-14_712, group_reply).expect("the reply");
    assert!(text.contains("845.7亿元"), "{text}");
    // nothing new was posted: each chat still has its one reply, and nothing after it
    flush_chat(&t, private_chat(chat), chat, 1).await;
    flush_chat(&t, group, 14_713, 1).await;
    finish(t).await;
}

/// An edit Telegram refuses (the reply was deleted) falls back to a new reply; "message is not
/// modified" means the reply already reads so: nothing more is sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_14_a_refused_edit_sends_a_new_reply_and_an_unmodified_one_nothing() {
    let t = TestBot::start_mini().await;
    let chat = 14_721;
    t.push(private_text(chat, 1, "外资多少"));
    t.api.wait_for_messages(chat, 1, WAIT).await;
    t.api.fail_next(
        "editMessageText",
        1,
        Failure::BadRequest("Bad Request: message to edit not found".into()),
    );
    t.push(edited_text(private_chat(chat), chat, 1, RETAIL_QUESTION));
    let sent = t.api.wait_for_messages(chat, 2, WAIT).await;
    assert_contains(&sent[1], "845.7亿元");
    assert_eq!(
        t.api.count("editMessageText"),
        1,
        "one attempt: a 400 is final"
    );
    // the new reply is the one remembered: the next edit edits it
    let latest = *sent_ids(&t, chat).last().expect("ids");
    t.api.fail_next(
        "editMessageText",
        1,
        Failure::BadRequest(
            "Bad Request: message is not modified: specified new message content and reply \
             markup are exactly the same as a current content and reply markup of the message"
                .into(),
        ),
    );
    t.push(edited_text(private_chat(chat), chat, 1, RETAIL_QUESTION));
    let attempts = t.api.wait_for("editMessageText", 2, WAIT).await;
    assert_eq!(attempts[1]["message_id"], latest);
    flush_chat(&t, private_chat(chat), chat, 2).await;
    finish(t).await;
}

// See: issue 14 — an inline query with no result showed nothing
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_14_an_inline_query_without_results_says_so() {
    let t = TestBot::start_mini().await;
    t.push(inline_query(14_801, "iq-none", "火星的房价多少"));
    let answers = t.api.wait_for("answerInlineQuery", 1, WAIT).await;
    let results = answers[0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 1, "{}", answers[0]);
    assert!(
        results[0]["title"]
            .as_str()
            .unwrap_or_default()
            .starts_with("报告没有"),
        "{}",
        results[0]
    );
    // and a button into a private chat, whose /start payload opens the help there
    let button = &answers[0]["button"];
    assert_eq!(button["start_parameter"], INLINE_START, "{}", answers[0]);
    assert!(!button["text"].as_str().unwrap_or_default().is_empty());
    t.push(private_text(
        14_801,
        1,
        &format!(
            "/start {}",
            button["start_parameter"].as_str().unwrap_or_default()
        ),
    ));
    let sent = t.api.wait_for_messages(14_801, 1, WAIT).await;
    assert_contains(&sent[0], "/sections");
    // a query with results has no button
    t.push(inline_query(14_802, "iq-gdp", "GDP"));
    let answers = t.api.wait_for("answerInlineQuery", 2, WAIT).await;
    assert!(answers[1].get("button").is_none(), "{}", answers[1]);
    finish(t).await;
}

// See: issue 14 — English questions got Chinese-only answers
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_14_an_english_question_is_answered_in_english() {
    let t = TestBot::start().await;
    t.push(private_text(14_901, 1, "What was Xihu's GDP in 2022?"));
    let sent = t.api.wait_for_messages(14_901, 1, WAIT).await;
    // the GDP entry's curated English line (answer_en), figures bold
    let curated = {
        let live = t.state.live();
        let entry = live
            .snapshot
            .knowledge()
            .entry(GDP_ID)
            .expect("the GDP entry");
        entry.answer_en.clone().expect("a curated English line")
    };
    assert!(curated.contains("197.01 billion yuan"), "{curated}");
    assert_contains(
        &sent[0],
        &xihu_report_bot::bot::format::bold_figures(&curated),
    );
    assert_lacks(&sent[0], GDP_ANSWER);
    assert_contains(&sent[0], &format!("<blockquote>{GDP_QUOTE}</blockquote>"));
    assert_contains(&sent[0], "经济大盘稳进提质");
    // an entry without one gets the line generated from its figures and year
    t.push(private_text(
        14_901,
        2,
        "How many charging piles were added?",
    ));
    let sent = t.api.wait_for_messages(14_901, 2, WAIT).await;
    assert_contains(&sent[1], "In 2022: <b>414个</b>.");
    assert_contains(&sent[1], "充电桩414个");
    finish(t).await;
}

// Issue 12: edit distance where a person mistypes. See: issue 12 ("put strsim to real use").

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_12_a_mistyped_command_or_section_gets_did_you_mean() {
    let t = TestBot::start_mini().await;
    let user = 12_0001;
    let live = t.state.live();
    let review = live
        .snapshot
        .knowledge()
        .report
        .sections
        .iter()
        .find(|s| s.id == "review-1")
        .expect("a section review-1");
    t.push(private_text(user, 1, "/sectons"));
    t.push(private_text(user, 2, "/section reveiw-1"));
    t.push(private_text(user, 3, &format!("/section {}", review.title)));
    let sent = t.api.wait_for_messages(user, 3, WAIT).await;
    assert_contains(&sent[0], "你是不是想用 /sections");
    assert_contains(&sent[1], "没有这个章节");
    assert_contains(&sent[1], "/section review-1");
    // a section's title names it as well as its id does
    assert_contains(&sent[2], &review.title);
    assert_lacks(&sent[2], "没有这个章节");
    finish(t).await;
}
