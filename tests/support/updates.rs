//! Update fixtures in the Bot API's JSON shapes (what Telegram sends through `getUpdates`).

use serde_json::{Value, json};

use super::fake_api::{bot_user, now};

/// A human user.
pub fn user(id: i64) -> Value {
    json!({"id": id, "is_bot": false, "first_name": format!("用户{id}"), "language_code": "zh-hans"})
}

/// A private chat with user `id`.
pub fn private_chat(id: i64) -> Value {
    json!({"id": id, "type": "private", "first_name": format!("用户{id}")})
}

/// A basic group (`id` negative).
pub fn group_chat(id: i64) -> Value {
    json!({"id": id, "type": "group", "title": "西湖区讨论组"})
}

/// A supergroup (`id` like -100…).
pub fn supergroup_chat(id: i64) -> Value {
    json!({"id": id, "type": "supergroup", "title": "西湖区大群"})
}

/// A text message object; commands get their `bot_command` entity like Telegram sends it.
pub fn text_message(chat: Value, from: Value, message_id: i64, text: &str) -> Value {
    let mut msg =
        json!({"message_id": message_id, "date": now(), "chat": chat, "from": from, "text": text});
    if text.starts_with('/') {
        let command = text.split_whitespace().next().unwrap_or(text);
        msg["entities"] =
            json!([{"type": "bot_command", "offset": 0, "length": command.encode_utf16().count()}]);
    }
    msg
}

/// A message the bot sent earlier in `chat`.
pub fn bot_message(chat: Value, message_id: i64, text: &str) -> Value {
    json!({"message_id": message_id, "date": now(), "chat": chat, "from": bot_user(), "text": text})
}

/// `{"message": msg}`.
pub fn message(msg: Value) -> Value {
    json!({"message": msg})
}

/// A private text message from user `user_id` (chat id = user id).
pub fn private_text(user_id: i64, message_id: i64, text: &str) -> Value {
    message(text_message(
        private_chat(user_id),
        user(user_id),
        message_id,
        text,
    ))
}

/// A text message in a group chat (`chat` from [`group_chat`] or [`supergroup_chat`]).
pub fn group_text(chat: Value, user_id: i64, message_id: i64, text: &str) -> Value {
    message(text_message(chat, user(user_id), message_id, text))
}

/// A group message replying to one of the bot's messages.
pub fn group_reply_to_bot(
    chat: Value,
    user_id: i64,
    message_id: i64,
    text: &str,
    bot_message_id: i64,
) -> Value {
    let mut msg = text_message(chat.clone(), user(user_id), message_id, text);
    msg["reply_to_message"] = bot_message(
        chat,
        bot_message_id,
        "2022年西湖区实现地区生产总值1970.1亿元。",
    );
    message(msg)
}

/// A sticker message.
pub fn sticker(chat: Value, user_id: i64, message_id: i64) -> Value {
    message(json!({
        "message_id": message_id,
        "date": now(),
        "chat": chat,
        "from": user(user_id),
        "sticker": {
            "file_id": "CAACAgIAAxkBAAIB",
            "file_unique_id": "AgADAQAD",
            "file_size": 12345,
            "width": 512,
            "height": 512,
            "type": "regular",
            "is_animated": false,
            "is_video": false,
            "emoji": "👍"
        }
    }))
}

/// An `edited_message` update for a text message.
pub fn edited_text(chat: Value, user_id: i64, message_id: i64, text: &str) -> Value {
    let mut msg = text_message(chat, user(user_id), message_id, text);
    msg["edit_date"] = json!(now());
    json!({"edited_message": msg})
}

/// An inline query from user `user_id`.
pub fn inline_query(user_id: i64, id: &str, query: &str) -> Value {
    json!({"inline_query": {"id": id, "from": user(user_id), "query": query, "offset": "", "chat_type": "private"}})
}

/// A button press on the bot's message `bot_message_id` in `chat`.
pub fn callback(chat: Value, user_id: i64, id: &str, bot_message_id: i64, data: &str) -> Value {
    json!({"callback_query": {
        "id": id,
        "from": user(user_id),
        "message": bot_message(chat, bot_message_id, "你好!"),
        "chat_instance": "-4242",
        "data": data
    }})
}
