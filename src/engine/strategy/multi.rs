//! "A和B分别是多少": split at conjunctions; answer when two or more parts each find their own entry.
//! "报告是谁作的,哪天作的": one topic asked for two kinds of fact; each kind is answered by the
//! closest entry that holds it.

use super::{Engine, Hit, Query, Step};
use crate::engine::answer::Decline;
use crate::engine::{intent, wanted};

pub(super) fn run(engine: &Engine, q: &Query) -> Step {
    if let Some(chosen) = kinds(engine, q) {
        let score = chosen.iter().map(|h| h.score).fold(1.0, f32::min);
        return Step::Answer(engine.answered(q, &chosen, score));
    }
    let mut parts: Vec<&[String]> =
        q.p.words
            .split(|w| engine.conjunctions.contains(w))
            .filter(|part| part.iter().any(|w| !w.bytes().all(|b| b.is_ascii_digit())))
            .collect();
    let per_name = named_severally(engine, q);
    if parts.len() < 2 && per_name.len() >= 2 {
        parts = per_name.iter().map(Vec::as_slice).collect();
    }
    if parts.len() < 2 {
        return Step::Pass("one part");
    }
    let t = &engine.tuning;
    let mut chosen: Vec<(&[String], Hit)> = Vec::new();
    for part in &parts {
        let terms = engine.query_terms(part.iter(), &q.p.names);
        let hits = engine.rank(&terms, q.p.intent.year, &q.p, t.floor());
        if let Some(best) = hits.first().filter(|h| h.score >= t.part_threshold)
            && !chosen.iter().any(|(_, c)| c.entry == best.entry)
        {
            chosen.push((part, *best));
        }
    }
    if let [(_, hit)] = chosen.as_slice() {
        return one_found(engine, q, &parts, *hit);
    }
    if chosen.len() < 2 {
        return Step::Pass("fewer than two parts found their own entry");
    }
    // the question's scope words belong to one of its parts ("城镇和农村居民收入分别增长了多少":
    // 增长 is met by the growth entry, not by the income level's): a part whose entry fails
    // them is named as not covered, unless every part fails
    let mut problems: Vec<(String, _)> = Vec::new();
    let mut answered: Vec<Hit> = Vec::new();
    for (part, hit) in &chosen {
        match engine.scope_problem(&part_query(engine, q, part), Some(hit.entry)) {
            Some(why) => problems.push((part_text(part), why)),
            None => answered.push(*hit),
        }
    }
    if answered.is_empty() {
        let (_, why) = problems.swap_remove(0);
        return Step::Answer(engine.declined(q, why));
    }
    let score = answered.iter().map(|h| h.score).fold(1.0, f32::min);
    let mut answer = engine.answered(q, &answered, score);
    answer.uncovered = problems;
    Step::Answer(answer)
}

/// One part found its entry and another asks a topic or measure the report never gives
/// ("去年GDP和常住人口分别是多少"): the first is answered and the other named as not covered —
/// never dropped because the whole still matches the first part's entry.
fn one_found(engine: &Engine, q: &Query, parts: &[&[String]], hit: Hit) -> Step {
    let intent = &q.p.intent;
    let text = &engine.entry_text[hit.entry];
    let missing: Vec<(String, Decline)> = parts
        .iter()
        .filter_map(|part| {
            let part = part_text(part);
            let word = intent
                .topics
                .iter()
                .chain(&intent.unsupported)
                .find(|w| part.contains(w.as_str()) && !intent::mentions(text, w))?;
            Some((part, Decline::NotInReport(word.clone())))
        })
        .collect();
    if missing.is_empty() || missing.len() == parts.len() {
        return Step::Pass("fewer than two parts found their own entry");
    }
    // the found part must stand on its own ("…游客多少人次,旅游收入多少": 旅游收入 is no 财政收入):
    // the pieces typed without the missing words, read as a question of their own
    let missing_words: Vec<&str> = missing
        .iter()
        .filter_map(|(_, why)| match why {
            Decline::NotInReport(w) => Some(w.as_str()),
            _ => None,
        })
        .collect();
    let rest: String = pieces(engine, &q.p.folded)
        .into_iter()
        .filter(|p| !missing_words.iter().any(|w| p.contains(w)))
        .collect::<Vec<_>>()
        .join(",");
    let own = engine.query(engine.prepare_folded(rest, false), &[], None);
    if engine.scope_problem(&own, Some(hit.entry)).is_some() {
        return Step::Pass("the part found fails the scope on its own");
    }
    let mut answer = engine.answered(q, &[hit], hit.score);
    answer.uncovered = missing;
    Step::Answer(answer)
}

/// "三墩 翠苑分别…", "北强 南启 中兴分别是什么年": places, or names typed side by side right
/// before 分别, with no conjunction between them: one part per name with the question's other
/// words.
fn named_severally(engine: &Engine, q: &Query) -> Vec<Vec<String>> {
    let Some(at) = q.p.folded.find("分别") else {
        return Vec::new();
    };
    let places = &q.p.intent.places;
    let mut named: Vec<&String> = q.p.words.iter().filter(|w| places.contains(w)).collect();
    if named.len() < 2 {
        // names side by side right before 分别, each a word of the index: "北强南启中兴今年分别"
        let before = &q.p.folded[..at];
        named =
            q.p.words
                .iter()
                .filter(|w| w.chars().count() >= 2 && before.contains(w.as_str()))
                .filter(|w| !engine.is_year_word(w) && !engine.conjunctions.contains(*w))
                .collect();
        let mut joined: String = named.iter().map(|w| w.as_str()).collect();
        joined.retain(|c| c != ' ');
        let typed: String = before.chars().filter(|c| *c != ' ').collect();
        if named.len() < 2 || named.len() > 4 || !typed.contains(&joined) {
            return Vec::new();
        }
    }
    let rest: Vec<&String> = q.p.words.iter().filter(|w| !named.contains(w)).collect();
    named
        .iter()
        .map(|&name| {
            std::iter::once(name)
                .chain(rest.iter().copied())
                .cloned()
                .collect()
        })
        .collect()
}

/// One part read as a question of its own under the whole question's year and region: the
/// measure, thresholds and unsupported words checked are the part's ("去年财政总收入多少,服务业
/// 增加值又是多少": the service entry was held to 财政总收入, the first part's measure).
fn part_query(engine: &Engine, q: &Query, part: &[String]) -> Query {
    let text = part_text(part);
    let mut p = q.p.clone();
    p.intent.unsupported.retain(|w| text.contains(w.as_str()));
    p.intent.topics.retain(|w| text.contains(w.as_str()));
    p.words = part.to_vec();
    p.folded = text;
    engine.query(p, &[], None)
}

/// A part's words as one text, a compound without its pieces (常住 人口 常住人口 → 常住人口;
/// 服务 增加 加值 服务业 增加值 服务业增加值 → 服务业增加值, where joining the pieces that are
/// not yet in the text gave 服务增加加值服务业增加值).
fn part_text(words: &[String]) -> String {
    let mut text = String::new();
    for (i, w) in words.iter().enumerate() {
        let inside_another = words
            .iter()
            .enumerate()
            .any(|(j, o)| j != i && o.len() > w.len() && o.contains(w.as_str()));
        if !inside_another && !text.contains(w.as_str()) {
            text.push_str(w);
        }
    }
    text
}

/// Pieces of a question between conjunctions, as typed.
fn pieces<'a>(engine: &Engine, folded: &'a str) -> Vec<&'a str> {
    let mut pieces = vec![folded];
    for c in &engine.conjunctions {
        pieces = pieces
            .into_iter()
            .flat_map(|p| p.split(c.as_str()))
            .filter(|p| !p.trim().is_empty())
            .collect();
    }
    pieces
}

/// Two pieces asking different kinds of fact ("谁作的", "哪天作的") about the topic of the
/// whole: for each kind, the closest hit whose entry holds it; None unless two entries answer.
fn kinds(engine: &Engine, q: &Query) -> Option<Vec<Hit>> {
    // most questions have no conjunction at all: no split, no second scan of the kinds asked
    if !q.p.words.iter().any(|w| engine.conjunctions.contains(w)) {
        return None;
    }
    let kinds: Vec<_> = pieces(engine, &q.p.folded)
        .into_iter()
        .filter_map(wanted::wanted)
        .collect();
    let [first, second] = kinds.as_slice() else {
        return None;
    };
    if first == second {
        return None;
    }
    let t = &engine.tuning;
    let best = q.best(t.part_threshold)?;
    let floor = (best.score * t.wanted_ratio).max(t.part_threshold);
    let mut chosen: Vec<Hit> = Vec::new();
    for kind in [*first, *second] {
        let hit = q
            .hits
            .iter()
            .take_while(|h| h.score >= floor)
            .find(|h| wanted::holds(kind, &engine.kb.entries[h.entry].quote, &q.p, engine))?;
        if !chosen.iter().any(|c| c.entry == hit.entry) {
            chosen.push(*hit);
        }
    }
    (chosen.len() == 2).then_some(chosen)
}
