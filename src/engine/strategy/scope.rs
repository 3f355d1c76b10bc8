//! Out of scope: a year the report does not cover is declined at once; other regions, measures
//! and topics the report never gives are declined unless the matched entry mentions them
//! ([`Engine::scope_problem`], used by every strategy that answers from entries).

use super::{Engine, Query, Step};
use crate::engine::answer::Decline;
use crate::engine::{intent, units, wanted};
use crate::knowledge::periods::{asks_period, period_word, year_digits};

pub(super) fn run(engine: &Engine, q: &Query) -> Step {
    match &q.p.intent.other_year {
        // a base or target year the report writes ("比2010年", "到2020年"): the passage must name it
        Some(y) if engine.writes_year(y) => {
            Step::Pass("a year the report writes as a base or target")
        }
        Some(y) => Step::Answer(engine.declined(q, Decline::OtherYear(y.clone()))),
        None => Step::Pass("a year of the report, or none"),
    }
}

impl Engine {
    /// Does the report write this year (`2010年`) though it neither reviews nor plans it, as the
    /// base of a comparison or the date of a target?
    pub(crate) fn writes_year(&self, year: &str) -> bool {
        year_digits(year).is_some_and(|d| self.kb.report.text.contains(&format!("{d}年")))
    }

    /// A reason to decline a passage for the year asked: it does not name the base or target
    /// year the question names, or it gives a several-year period's figure ("五年新增就业",
    /// "“十二五”期间") to a question about the reviewed or planned year alone.
    pub(crate) fn year_problem(
        &self,
        q: &Query,
        passage: &str,
        said: Option<&str>,
    ) -> Option<Decline> {
        let intent = &q.p.intent;
        if let Some(y) = &intent.other_year {
            // the answer line may say it when the quotation is the clause alone ("到2021年,…"),
            // and some reports break the digits with a space ("到 202 1年")
            let names = |t: &str, d: &str| t.replace(' ', "").contains(d);
            let named = year_digits(y)
                .is_some_and(|d| names(passage, d) || said.is_some_and(|t| names(t, d)));
            return (!named).then(|| Decline::NotInReport(y.clone()));
        }
        let single = intent.year.strong_year(&self.years)?;
        if period_word(said.unwrap_or(passage)).is_some() && !asks_period(&q.p.folded) {
            return Some(Decline::NotInReport(format!("{single}年当年")));
        }
        None
    }
}

impl Engine {
    /// A reason to decline `entry` for this question: a region or measure the entry never mentions.
    pub(crate) fn scope_problem(&self, q: &Query, entry: Option<usize>) -> Option<Decline> {
        let intent = &q.p.intent;
        // the year named must be in the quotation; a period's figure says so in its answer line
        // ("五年来,再就业15326人"), not only in a long quotation that also gives the year's
        if let Some(e) = entry
            && let Some(why) = self.year_problem(
                q,
                &self.kb.entries[e].quote,
                Some(&self.kb.entries[e].answer),
            )
        {
            return Some(why);
        }
        let mentions =
            |word: &str| entry.is_some_and(|e| intent::mentions(&self.entry_text[e], word));
        if let Some(r) = &intent.other_region
            && !mentions(r)
        {
            return Some(Decline::OtherRegion(r.clone()));
        }
        if let Some(r) = &intent.parent_region
            && !mentions(r)
        {
            return Some(Decline::OtherRegion(r.clone()));
        }
        // "亿元以上的" is not answered by the 10亿元以上 figure
        if let Some(e) = entry
            && let Some(t) = units::other_threshold(&q.p.folded, &self.kb.entries[e].quote)
        {
            return Some(Decline::NotInReport(t));
        }
        // the measure asked ("旅游收入是多少": 收入) must be the entry's: 海拉尔 and 旅游 alone
        // found 海拉尔航空港's 旅客吞吐量
        if let Some(e) = entry
            && let Some(m) = wanted::measure(&q.p)
            && let Some(head) = wanted::MEASURE_HEADS.iter().find(|h| m.ends_with(**h))
            && !speaks_of(&self.kb.entries[e], head)
        {
            return Some(Decline::NotInReport(m.to_string()));
        }
        // …and so must the word that makes it that measure: "旅游收入" is no 财政收入, "规模以上
        // 工业企业" no 12家企业
        if let Some(e) = entry
            && let Some(m) = wanted::measure(&q.p)
            && let Some(head) = wanted::MEASURE_HEADS.iter().find(|h| m.ends_with(**h))
            && let Some(modifier) = self.measure_modifier(q, m, head)
            && !speaks_of(&self.kb.entries[e], modifier)
        {
            return Some(Decline::NotInReport(format!("{modifier}{head}")));
        }
        if let Some(e) = entry
            && let Some(w) = self.subset_problem(&q.p.folded, &self.kb.entries[e].quote)
        {
            return Some(Decline::NotInReport(w));
        }
        let met = |w: &str| {
            entry.is_some_and(|e| wanted::measure_met(w, &self.kb.entries[e].quote, &q.p))
        };
        if let Some(w) = intent.unsupported.iter().find(|w| !mentions(w) && !met(w)) {
            return Some(Decline::NotInReport(w.clone()));
        }
        // a topic the report never gives: fine only if the entry's quote names it, or the rest of
        // the question matches the entry well on its own (户籍人口医保参保率 → 户籍居民医保参保率)
        let quoted = |word: &str| entry.is_some_and(|e| self.kb.entries[e].quote.contains(word));
        let topic = intent.topics.iter().find(|w| !quoted(w))?;
        let rest: Vec<&String> =
            q.p.words
                .iter()
                .filter(|w| !topic.contains(w.as_str()) && !w.contains(topic.as_str()))
                .collect();
        let standalone = entry.map_or(0.0, |e| {
            self.index
                .score(&self.query_terms(rest, &q.p.names), &self.entries[e])
        });
        (standalone < self.tuning.threshold).then(|| Decline::NotInReport(topic.clone()))
    }
}

impl Engine {
    /// The content word that narrows the measure asked to a kind (旅游 in "旅游收入多少"): the
    /// measure word's own text before its head, or the word typed right before it. None when that
    /// is no content word of two characters or more (a year, a place, the district's name).
    fn measure_modifier<'q>(&self, q: &'q Query, m: &'q str, head: &str) -> Option<&'q str> {
        let modifier = match m.strip_suffix(head).filter(|p| !p.is_empty()) {
            Some(prefix) => prefix,
            None => {
                let at = q.p.folded.find(m)?;
                let before = &q.p.folded[..at];
                q.p.words
                    .iter()
                    .filter(|w| before.ends_with(w.as_str()))
                    .max_by_key(|w| w.len())?
                    .as_str()
            }
        };
        let content = modifier.chars().count() >= 2
            && modifier.chars().all(|c| !c.is_ascii())
            && !self.is_year_word(modifier)
            && !self.content_words(modifier).is_empty()
            && !q.p.intent.places.iter().any(|p| p.contains(modifier))
            && !q.p.names.iter().any(|n| n.contains(modifier));
        content.then_some(modifier)
    }

    /// "其中海外人才多少" after 3000名高层次人才: a part of the last figure. The passage must name
    /// the part and give it a figure of its own — a "其中" of its own, or the part's words right
    /// before a number and not one item of an enumeration sharing one figure ("中小学、幼儿园学位
    /// 7200个" gives no 幼儿园 figure). The part's first missing word, or the part, when not.
    fn subset_problem(&self, folded: &str, quote: &str) -> Option<String> {
        let (_, part) = folded.split_once("其中")?;
        let words: Vec<String> = self
            .content_words(part)
            .into_iter()
            .filter(|w| w.chars().count() >= 2 && units::unit_word(w).is_none())
            .filter(|w| !self.is_year_word(w) && !self.conjunctions.contains(w))
            .collect();
        if words.is_empty() {
            return None;
        }
        if let Some(missing) = words.iter().find(|w| !quote.contains(w.as_str())) {
            return Some(missing.clone());
        }
        if quote.contains("其中") {
            return None;
        }
        let joined = words.concat();
        let own_figure = quote.match_indices(joined.as_str()).any(|(i, _)| {
            // one member of an enumeration sharing one figure ("中小学、幼儿园学位7200个"), not
            // one of figures each with its own ("泊位8068个、公共停车泊位629个")
            let before = &quote[..i];
            let listed = before.ends_with(['、', '和', '及'])
                && !before
                    .trim_end_matches(['、', '和', '及'])
                    .rsplit(['、', ',', '，', '。', ';', '；'])
                    .next()
                    .unwrap_or("")
                    .contains(|c: char| c.is_ascii_digit());
            // a figure in the rest of its item ("公共停车泊位629个": 公共 + the last topic's noun)
            let after = &quote[i + joined.len()..];
            let item = after
                .split(['、', ',', '，', '。', ';', '；'])
                .next()
                .unwrap_or("");
            let figure_next = item.chars().take(12).any(|c| c.is_ascii_digit());
            figure_next && !listed
        });
        (!own_figure).then_some(joined)
    }
}

/// Does the entry speak of the measure head anywhere (its questions, keywords, answer or quote)?
/// A 总 inside the entry's word counts as the head: 零售总额 is a 零售额, 销售总额 a 销售额.
fn speaks_of(e: &crate::knowledge::Entry, head: &str) -> bool {
    let texts = e
        .questions
        .iter()
        .chain(&e.keywords)
        .chain([&e.answer, &e.quote]);
    texts
        .into_iter()
        .any(|t| t.contains(head) || t.replace('总', "").contains(head))
}
