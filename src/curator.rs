//! The curators' loop: what people ask that the bot cannot answer, and draft entries for it.
//!
//! Like QnA Maker's active learning, with a human in charge: `report-bot unanswered` lists the
//! most frequent declined or low-confidence questions with their nearest section, and
//! `report-bot suggest` turns them into draft entries (question + nearest report sentence as the
//! candidate quotation) in the knowledge file format, to review, edit and paste.

use crate::bot::texts;
use crate::engine::Engine;
use crate::questionlog::Unanswered;

/// One line per unanswered question: count, question, nearest section.
pub fn unanswered_report(engine: &Engine, rows: &[Unanswered]) -> String {
    if rows.is_empty() {
        return texts::NO_UNANSWERED.into();
    }
    let kb = engine.knowledge();
    rows.iter()
        .map(|u| {
            let section = engine
                .nearest_sentence(&u.question)
                .map(|s| {
                    kb.report.sections[kb.report.sentences[s].section]
                        .title
                        .clone()
                })
                .unwrap_or_else(|| "—".into());
            texts::unanswered_line(u.count, &u.question, &section)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Draft entries in the knowledge file format, one per unanswered question with a nearby sentence.
pub fn suggest_entries(engine: &Engine, rows: &[Unanswered]) -> String {
    let kb = engine.knowledge();
    let mut out = String::from(
        "# Draft entries from the question log. Review each one: keep or trim the quote (it must stay\n\
         # verbatim), write the answer line, add question variants, then paste into knowledge/entries/.\n",
    );
    for (n, u) in rows.iter().enumerate() {
        let Some(s) = engine.nearest_sentence(&u.question) else {
            // nothing in the report shares a word with it: likely out of scope, listed for the record
            out.push_str(&format!(
                "\n# asked {} time(s), no related report sentence: {}\n",
                u.count, u.question
            ));
            continue;
        };
        let sentence = &kb.report.sentences[s];
        let section = &kb.report.sections[sentence.section];
        let quote = kb.report.sentence_text(sentence);
        out.push_str(&format!(
            "\n# asked {} time(s)\n[[entry]]\nid = \"draft-{}\"\nsection = {}\nquestions = [{}]\nkeywords = []\nanswer = \"TODO: 用报告原文里的数字写一句回答\"\nquote = {}\n",
            u.count,
            n + 1,
            toml_string(&section.id),
            toml_string(&u.question),
            toml_string(quote),
        ));
    }
    out
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}
