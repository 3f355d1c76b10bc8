//! Group etiquette: which replies to the bot in a group are questions.
//!
//! In a group people reply to the bot's answer to say "哈哈哈 这机器人还挺准", "👍" or "谢谢" to
//! each other as much as to the bot; posting a decline note into the group for each of those is
//! noise. So a reply is answered only when it reads as a question — a question word or mark, a
//! request for a figure, or a term the engine knows (it matches an entry confidently); thanks get
//! a short thanks, and the rest gets nothing.

use crate::engine::Engine;

/// What a group reply to the bot is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// A question: answer it.
    Question,
    /// Thanks: a short thanks back.
    Thanks,
    /// Laughter, emoji, "好的": nothing.
    Chatter,
}

/// Words that make a sentence a question (Chinese question particles and words, English wh-words).
const QUESTION_WORDS: &[&str] = &[
    "吗",
    "呢",
    "多少",
    "几",
    "什么",
    "哪",
    "怎么",
    "怎样",
    "如何",
    "为什么",
    "为何",
    "是否",
    "有没有",
    "是不是",
    "能否",
    "可否",
    "请问",
    "介绍",
    "讲讲",
    "说说",
    "告诉",
];

/// English question words, matched as whole words.
const ENGLISH_QUESTION_WORDS: &[&str] = &[
    "what", "how", "which", "who", "when", "where", "why", "did", "does", "do", "is", "are", "was",
    "were", "can", "tell",
];

/// Words asking for a figure.
const FIGURE_WORDS: &[&str] = &[
    "数字", "数据", "目标", "指标", "增长", "总额", "金额", "规模",
];

/// Ways of saying thanks.
const THANKS: &[&str] = &["谢谢", "多谢", "感谢", "谢啦", "thank", "thanks", "thx"];

/// Reads a group reply to the bot. `engine` tells whether it names a known term.
pub fn read(text: &str, engine: &Engine) -> Reading {
    let t = text.trim().to_lowercase();
    let asks = t.contains('?')
        || t.contains('?')
        || QUESTION_WORDS.iter().any(|w| t.contains(w))
        || t.split(|c: char| !c.is_ascii_alphabetic())
            .any(|w| ENGLISH_QUESTION_WORDS.contains(&w))
        || FIGURE_WORDS.iter().any(|w| t.contains(w));
    if asks {
        return Reading::Question;
    }
    if THANKS.iter().any(|w| t.contains(w)) {
        return Reading::Thanks;
    }
    // a bare term the report knows ("充电桩", "GDP"): the engine answers it (a greeting or a
    // decline is no question to post into the group); a lone character is a piece of chatter
    // ("收到" reads as 收 + 到), not a term
    let knows =
        engine.terms(&t).iter().any(|w| w.chars().count() >= 2) && engine.answer(&t).answered();
    if knows {
        Reading::Question
    } else {
        Reading::Chatter
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine() -> Engine {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
        let kb = crate::knowledge::KnowledgeBase::load(&dir).expect("knowledge loads");
        Engine::build(&kb, &crate::engine::Tuning::default())
    }

    #[test]
    fn chatter_thanks_and_questions_are_told_apart() {
        let e = engine();
        for chatter in ["哈哈哈 这机器人还挺准", "👍", "好的", "哈哈", "ok", "收到"]
        {
            assert_eq!(read(chatter, &e), Reading::Chatter, "{chatter}");
        }
        for thanks in ["谢谢", "谢谢!", "thanks a lot"] {
            assert_eq!(read(thanks, &e), Reading::Thanks, "{thanks}");
        }
        for q in [
            "那今年呢",
            "社零多少",
            "充电桩",
            "GDP",
            "目标是什么",
            "how about 2023?",
        ] {
            assert_eq!(read(q, &e), Reading::Question, "{q}");
        }
    }
}
