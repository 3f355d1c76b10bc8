//! The fake Bot API's own tests: it must refuse what Telegram refuses and answer what Telegram
//! answers, or the bot's end-to-end tests (tests/bot.rs, tests/operations.rs) prove nothing.

mod support;

use std::time::Duration;

use serde_json::{Value, json};
use support::fake_api::html_text;
use support::updates::private_text;
use support::{BOT_ID, Failure, FakeApi};

/// Sends `text` as Telegram HTML to chat 1.
async fn send_html(api: &FakeApi, text: String) -> Value {
    api.call(
        "sendMessage",
        json!({"chat_id": 1, "text": text, "parse_mode": "HTML"}),
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn honours_offset_and_waits_when_empty() {
    let api = FakeApi::start().await;
    let first = api.push_update(private_text(1, 1, "a"));
    let second = api.push_update(private_text(1, 2, "b"));
    assert_eq!(second, first + 1);
    let all = api
        .call("getUpdates", json!({"offset": 0, "timeout": 10}))
        .await;
    assert_eq!(all["result"].as_array().map(Vec::len), Some(2));
    let rest = api
        .call("getUpdates", json!({"offset": second, "timeout": 10}))
        .await;
    assert_eq!(rest["result"][0]["update_id"], second);
    assert_eq!(api.pending_updates(), 1, "offset confirms earlier updates");
    let started = std::time::Instant::now();
    let none = api
        .call("getUpdates", json!({"offset": second + 1, "timeout": 10}))
        .await;
    assert_eq!(none["result"], json!([]));
    assert!(
        started.elapsed() >= Duration::from_millis(150),
        "an empty poll waits"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fails_on_request_and_answers_with_valid_objects() {
    let api = FakeApi::start().await;
    api.fail_next(
        "sendMessage",
        1,
        Failure::TooManyRequests { retry_after: 1 },
    );
    let limited = api
        .call("sendMessage", json!({"chat_id": 1, "text": "x"}))
        .await;
    assert_eq!(limited["error_code"], 429);
    assert_eq!(limited["parameters"]["retry_after"], 1);
    let sent = api
        .call("sendMessage", json!({"chat_id": 1, "text": "x"}))
        .await;
    let msg: teloxide::types::Message =
        serde_json::from_str(&sent["result"].to_string()).expect("a valid Message");
    assert_eq!(msg.from.map(|u| u.id.0), Some(BOT_ID as u64));
    let me = api.call("getMe", Value::Null).await;
    let _: teloxide::types::Me =
        serde_json::from_str(&me["result"].to_string()).expect("a valid Me");
}

#[test]
fn parses_telegram_html_and_refuses_the_rest() {
    assert_eq!(
        html_text("<b>1</b> &lt;2&gt; <blockquote>“引”</blockquote>").as_deref(),
        Ok("1 <2> “引”")
    );
    for bad in [
        "<script>x</script>",
        "a < b",
        "<b>x",
        "<b><i>x</b></i>",
        "AT&T",
        "</b>",
    ] {
        assert!(html_text(bad).is_err(), "{bad:?} should be rejected");
    }
}

/// The fake refuses what Telegram refuses: visible text over 4,096 code points (entities count
/// once, tags not at all; an emoji is one code point though two UTF-16 units) and HTML with a
/// tag or an entity cut in half. See: issue 12 ("the fake counts the same way").
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_12_counts_visible_code_points_4096_in_4097_out() {
    let api = FakeApi::start().await;
    let accepted = [
        // 4,096 visible characters in 20,000+ bytes of source
        format!("<b>{}</b>", "&amp;".repeat(4096)),
        // 4,096 emoji: 8,192 UTF-16 units, 16,384 bytes
        "😀".repeat(4096),
        format!("<i>{}</i>{}", "字".repeat(4000), "🎉".repeat(96)),
    ];
    for ok in accepted {
        let reply = send_html(&api, ok.clone()).await;
        assert_eq!(reply["ok"], true, "refused {ok:.40}: {reply}");
    }
    let refused = [
        "&amp;".repeat(4097),
        "😀".repeat(4097),
        format!("<i>{}</i>{}", "字".repeat(4000), "🎉".repeat(97)),
        format!("{}&am", "x".repeat(10)),
        "<b>半个标签".to_string(),
        "<blockquote>引文</b>".to_string(),
        "<b".to_string(),
        "<p>x</p>".to_string(),
    ];
    let count = refused.len();
    for bad in refused {
        let reply = send_html(&api, bad.clone()).await;
        assert_eq!(reply["error_code"], 400, "accepted {bad:.40}: {reply}");
    }
    assert_eq!(api.rejections().len(), count);
}

/// `editMessageText` is as strict as Telegram: the message must be one the bot sent, the new
/// text must parse and fit 4,096 code points, and an edit that changes nothing is a 400
/// "message is not modified". See: issue 14 (edited questions edit the earlier reply).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_14_edits_only_existing_messages_and_only_with_a_change() {
    let api = FakeApi::start().await;
    let sent = send_html(&api, "<b>旧</b>".to_string()).await;
    let id = sent["result"]["message_id"].as_i64().expect("message_id");
    let edit = |text: String, message_id: i64| json!({"chat_id": 1, "message_id": message_id, "text": text, "parse_mode": "HTML"});
    let edited = api
        .call("editMessageText", edit("<b>新</b>".into(), id))
        .await;
    assert_eq!(edited["ok"], true, "{edited}");
    let msg: teloxide::types::Message =
        serde_json::from_str(&edited["result"].to_string()).expect("a valid Message");
    assert_eq!(msg.text(), Some("<b>新</b>"));
    assert!(msg.edit_date().is_some());
    assert_eq!(
        api.message(1, id).map(|m| m.0).as_deref(),
        Some("<b>新</b>")
    );
    let refused = [
        (edit("<b>新</b>".into(), id), "message is not modified"),
        (edit("<b>新".into(), id), "can't parse entities"),
        (edit("&amp;".repeat(4097), id), "message is too long"),
        (edit("x".into(), id + 100), "message to edit not found"),
    ];
    let count = refused.len();
    for (body, why) in refused {
        let reply = api.call("editMessageText", body).await;
        assert_eq!(reply["error_code"], 400, "{reply}");
        let description = reply["description"].as_str().unwrap_or_default();
        assert!(description.contains(why), "{description}");
    }
    assert_eq!(api.rejections().len(), count);
    // 4,096 visible characters still fit; new buttons alone are a change
    let full = api
        .call("editMessageText", edit("&amp;".repeat(4096), id))
        .await;
    assert_eq!(full["ok"], true, "{full}");
    let mut with_button = edit("&amp;".repeat(4096), id);
    with_button["reply_markup"] =
        json!({"inline_keyboard": [[{"text": "👍", "callback_data": "v:+:1:x"}]]});
    let buttons = api.call("editMessageText", with_button).await;
    assert_eq!(buttons["ok"], true, "{buttons}");
}
