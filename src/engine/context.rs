//! Conversation context: what the last turn of one chat was about, so a follow-up ("那今年呢",
//! "财政呢", "它", "还有呢", "不是这个,我问的是…") is read against it. A pure value:
//! [`super::Engine::answer_in`] takes one and returns the next; the caller keeps one per
//! conversation and drops it when idle.
//!
//! How a turn is read:
//! - **self-contained** (no follow-up marker, words of its own): answered on its own, exactly as
//!   without context — context never makes a single question worse;
//! - **more** ("还有呢"): the next page of the last list, or the last answer's related entries;
//! - **elliptic** ("那今年呢", "目标呢", "去年呢"): the last turn's topic with the new year;
//! - **marked** ("财政呢", "那三墩呢", a correction): first on its own with the last turn's
//!   year and places, and if that is not confident, merged into the last turn's topic (a new
//!   place replaces the old one);
//! - **pronoun** ("它", "这个", "那个园区"): merged first, on its own if the merge fails.
//!
//! A follow-up that cannot be resolved is declined with the words it was read as.

use super::answer::{Answer, Decline, Outcome, Outline, Wanted};
use super::intent::YearIntent;
use super::query::{ListCursor, Prepared};
use super::units::Quantity;
use super::{Engine, intent, normalize, wanted};
use crate::knowledge::places::short_name;

/// What one conversation has been about. Holds entry ids, not indexes, so a context stays
/// meaningful across a knowledge reload (an id that no longer exists is ignored).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Context {
    pub(crate) last: Option<Turn>,
}

/// The last resolved turn.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Turn {
    /// The content words the turn was answered with (after resolving it).
    pub(crate) words: Vec<String>,
    /// Its year reading.
    pub(crate) year: YearIntent,
    /// The places it named.
    pub(crate) places: Vec<String>,
    /// The kind of quantity and fact it asked for.
    pub(crate) asked: Option<Quantity>,
    pub(crate) wanted: Option<Wanted>,
    /// The entries it was answered with.
    pub(crate) entries: Vec<String>,
    /// Its related entries (what "还有呢" shows after a single answer).
    pub(crate) related: Vec<String>,
    /// A list shown in pages: its entries and how many items were shown.
    pub(crate) list: Option<(Vec<String>, usize)>,
    /// The answer was the report's outline (its sections), so "第四个" means the fourth of them.
    pub(crate) outline: bool,
    /// It was answered (its year found something).
    pub(crate) answered: bool,
}

impl Context {
    /// True when there is nothing to lean on.
    pub fn is_empty(&self) -> bool {
        self.last.is_none()
    }

    /// Heap and inline bytes this context holds (for the bot's memory bound).
    pub fn approx_bytes(&self) -> usize {
        let strings = |v: &[String]| -> usize {
            v.iter()
                .map(|w| w.capacity() + std::mem::size_of::<String>())
                .sum()
        };
        std::mem::size_of::<Self>()
            + self.last.as_ref().map_or(0, |t| {
                std::mem::size_of::<Turn>()
                    + strings(&t.words)
                    + strings(&t.places)
                    + strings(&t.entries)
                    + strings(&t.related)
                    + t.list.as_ref().map_or(0, |(ids, _)| strings(ids))
            })
    }
}

/// How a turn leans on the one before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    SelfContained,
    More,
    Example,
    Elliptic,
    Marked,
    Pronoun,
}

/// Whole messages asking for more of the same.
const MORE: &[&str] = &[
    "还有",
    "还有呢",
    "还有吗",
    "还有哪些",
    "还有什么",
    "还有别的",
    "还有别的吗",
    "更多",
    "继续",
    "下一页",
    "然后呢",
    // "先说两个" → "再说几个": the rest of a list shown in part
    "再说几个",
    "再说说",
    "再来几个",
    "再多说几个",
    "接着说",
    "还有几个",
    "剩下的呢",
    "剩下的",
    "其余的呢",
    "more",
    "what else",
    "anything else",
    "next",
    "and more",
];
/// Openings of "还有别的地方吗" / "其他的项目呢": more of the kind just listed.
const MORE_OF: &[&str] = &[
    "还有别的",
    "还有其他",
    "还有其它",
    "还有哪些",
    "别的",
    "其他的",
    "其他",
];

/// "还有别的地方吗", "其他的项目呢": an opening of [`MORE_OF`] and at most a short kind noun
/// (地方, 项目), no topic of its own — "还有哪些人才政策" names one and is read as a question.
fn asks_more_of_a_kind(bare: &str) -> bool {
    MORE_OF.iter().any(|m| {
        bare.strip_prefix(m)
            .is_some_and(|rest| !rest.is_empty() && rest.chars().count() <= 2)
    })
}

/// Words asking for an example of what the last answer counted ("举个例子", "代表性的是哪个").
const EXAMPLES: &[&str] = &[
    "举个例子",
    "举几个例子",
    "举例说明",
    "举例",
    "有什么例子",
    "有哪些例子",
    "比如说",
    "比如呢",
    "比如",
    "例如",
    "代表性的",
    "代表性",
    "有代表性",
    "典型的",
    "for example",
    "for instance",
    "an example",
    "example",
    "such as",
];
/// What may stand beside an example word in a turn asking only for one ("代表性的是哪个").
const EXAMPLE_FILLER: &str = "的是哪个些什么有呢吗一几下说给个项目家企业 ?,.!";

/// Openings of a correction; what follows is the question meant.
const CORRECTIONS: &[&str] = &[
    "不是这个",
    "不是这些",
    "不是",
    "不对",
    "错了",
    "i meant",
    "not that",
    "no,",
    "no ",
];
const MEANT: &[&str] = &[
    "我问的是",
    "我是问",
    "我是说",
    "我想问的是",
    "我想问",
    "问的是",
];
/// Words that stand for something said before.
const PRONOUNS: &[&str] = &[
    "它",
    "它们",
    "这个",
    "那个",
    "这些",
    "那些",
    "这两",
    "这几",
    "那几",
    "那两",
    "该",
    "其",
    "这项",
    "此",
    "上述",
    "这块",
    "这一块",
    "那块",
    "这方面",
    "这个方面",
    "这事",
    "这件事",
    " it ",
    " it?",
    "its ",
    " they ",
    " them",
    " this ",
    " that ",
];
/// How many of the last answer's keywords stand for "它" (the first name the subject).
const PRONOUN_KEYWORDS: usize = 2;
/// Question words: a turn with one asks its own kind of fact.
const ASKING: &[&str] = &[
    "怎么",
    "怎样",
    "如何",
    "什么",
    "啥",
    "哪",
    "吗",
    "是否",
    "有没有",
    "多少",
    "几",
    "how",
    "what",
    "which",
    "when",
    "who",
];
/// Words that name no topic of their own — verbs of a figure's change or making, and nouns of
/// a kind of fact: a turn whose only words are these ("今年计划新增多少", "完成了多少", "拿了什么
/// 称号") asks about the last topic.
const NO_TOPIC: &[&str] = &[
    "新增", "增加", "增长", "下降", "减少", "提高", "提升", "完成", "实现", "达到", "累计", "建成",
    "新建", "引进", "招引", "培育", "开工", "完工", "落地", "投入", "称号", "荣誉", "名字", "名称",
    "全称", "情况", "进展", "数据", "数字", "成效", "效果", "成果", "成绩", "结果", "超过", "突破",
    "高于", "低于", "不到", "多于", "少于",
    // the genre's general verbs of doing: "今年要打造多少" after 粮食功能区 asks about that
    "打造", "建设", "推进", "实施", "整治", "优化", "改造", "出台", "创建", "推动", "落实", "争取",
    "新开", "发放", "提供", "安排", "做到", "搞", "弄", "做", "干", "要求", "继续", "开展", "保持",
    "稳定", "控制", "确保",
    // "今年还是8个吗", "仍然是吗": the same figure asked again, of the same topic
    "还是", "仍然", "依然", "仍是", "也是", "同样",
    // a rank premise names no topic: "是全国第一吗" after a rank asks about that rank
    "全国", "全省", "全市", "第一", "第1", "首位", "new", "added", "increase", "growth", "exceed",
    "over",
];
/// Openings and endings that mark a follow-up.
const OPENINGS: &[&str] = &[
    "那",
    "那么",
    "那就",
    "具体",
    // "还要全力保障啥" after 云栖小镇's plan: more about the same subject
    "还",
    "另外",
    "此外",
    "what about",
    "how about",
    "and ",
];

impl Engine {
    /// Answers a question in a conversation: the answer and the context for the next turn.
    /// A message of several questions ("去年GDP多少? 今年呢?") is answered piece by piece, each
    /// reading the ones before it; a piece the report does not cover is named in
    /// [`Answer::uncovered`], never dropped.
    pub fn answer_in(&self, question: &str, context: &Context) -> (Answer, Context) {
        let (answer, next, _) = self.explain(question, context);
        (answer, next)
    }

    /// [`Engine::answer_in`] with the trace of how each piece was read and decided.
    pub fn explain(&self, question: &str, context: &Context) -> (Answer, Context, super::Trace) {
        let mut trace = super::Trace::default();
        let pieces = pieces(question);
        if pieces.len() < 2 {
            let (answer, next) = self.turn(question, context, &mut trace);
            return (answer, next, trace);
        }
        let mut ctx = context.clone();
        let mut combined: Option<Answer> = None;
        let mut declined: Vec<(String, Decline, Answer)> = Vec::new();
        for piece in &pieces {
            let (answer, next) = self.turn(piece, &ctx, &mut trace);
            ctx = next;
            match (&answer.outcome, combined.as_mut()) {
                (Outcome::Answered, None) => combined = Some(answer),
                (Outcome::Answered, Some(c)) => {
                    c.parts.extend(answer.parts);
                    c.score = c.score.min(answer.score);
                    c.suggestions = answer.suggestions;
                }
                (Outcome::Declined(why), _) => {
                    declined.push((normalize::normalize(piece), why.clone(), answer))
                }
                (Outcome::Greeting, _) => {}
            }
        }
        let answer = match combined {
            Some(mut c) => {
                c.question = normalize::normalize(question);
                c.uncovered = declined.into_iter().map(|(q, why, _)| (q, why)).collect();
                c
            }
            None => match declined.into_iter().next() {
                Some((_, _, first)) => first,
                None => self.turn(question, context, &mut trace).0,
            },
        };
        (answer, ctx, trace)
    }

    /// One question against the conversation so far.
    fn turn(
        &self,
        question: &str,
        context: &Context,
        trace: &mut super::Trace,
    ) -> (Answer, Context) {
        let folded = normalize::fold(question);
        let blank = question.trim().is_empty();
        let Some(last) = context.last.as_ref() else {
            trace.reading = "standalone (no context)".into();
            return self.standalone(self.prepare_folded(folded, blank), trace);
        };
        if last.outline
            && let Some(text) = outline_ordinal(&folded)
        {
            trace.reading = "an ordinal of the outline just shown".into();
            let mut p = self.prepare_folded(text, blank);
            if !p.intent.year.is_set() {
                p.intent.year = last.year;
            }
            return self.standalone(p, trace);
        }
        let (form, rest, prepared) = self.form(&folded, last);
        // "不是这个" alone rules the last answer out; a correction naming what was meant does not
        let excluded: Vec<usize> = if rest.is_some() && form == Form::Elliptic {
            self.last_answered(last)
        } else {
            Vec::new()
        };
        let on = Leaning {
            last,
            excluded: &excluded,
        };
        // the turn is prepared once: `form` already read it (the text meant, after a correction)
        let p = match prepared {
            Some(mut p) => {
                p.blank = blank && rest.is_none();
                p
            }
            None => self.prepare_folded(rest.clone().unwrap_or(folded), blank),
        };
        match form {
            Form::SelfContained if rest.is_none() => {
                trace.reading = "self-contained: answered on its own".into();
                let retry = at_places(&p, last);
                let alone = self.standalone(p, trace);
                if alone.0.outcome != Outcome::Declined(Decline::LowConfidence) {
                    return alone;
                }
                retry
                    .and_then(|text| self.at_last_places(text, on, trace))
                    .unwrap_or(alone)
            }
            Form::More => {
                trace.reading = "more of the last answer".into();
                self.more(p, last, trace)
            }
            Form::Example => {
                trace.reading = "an example of what the last answer counted".into();
                self.example(p, last, trace)
            }
            Form::Elliptic => {
                trace.reading = "elliptic: the last topic, re-read".into();
                let retry = at_places(&p, last);
                let merged = self.merged(p, on, trace);
                if merged.0.answered() {
                    return merged;
                }
                retry
                    .and_then(|text| self.at_last_places(text, on, trace))
                    .unwrap_or(merged)
            }
            Form::Pronoun => {
                trace.reading =
                    "pronoun: the last answer's subject, or the turn's own words if better".into();
                // "那个区域公共卫生研究院是什么情况" names its own subject after the pronoun
                let subject = self.pronoun(p.clone(), on, trace);
                let own = self.inherited(p.clone(), on, trace);
                // the subject found but without the kind of fact or year asked ("这个在全市排
                // 第几" after R&D: no rank given) is resolved too: an honest decline about it
                // beats a weak answer about something else
                let resolved = subject.0.answered() || resolved_decline(&subject.0);
                // "尚坤那个园区评上了啥", "浙大那个小镇呢": a name before the pronoun says which one
                let named = self.named_before_pronoun(&p.folded);
                // …of another year than the last turn's ("北交所那个基地叫啥" after a 2023 target
                // is the 2022 base): read on its own when the last year finds nothing
                let own = if !named.is_empty() && !own.0.answered() {
                    let alone = self.standalone(p.clone(), trace);
                    if alone.0.answered() { alone } else { own }
                } else {
                    own
                };
                let names_own = !named.is_empty()
                    && own.0.answered()
                    && self.speaks_of(&own.0, &named)
                    && !self.speaks_of(&subject.0, &named);
                let best = if names_own {
                    own
                } else if !resolved || own.0.score >= self.tuning.pronoun_own {
                    better(subject, own)
                } else {
                    subject
                };
                // "那它是在什么会上讲的" after the reporter: the very answer of the last turn
                // again, for a turn with words of its own, is not what was asked — the last
                // topic with those words, that answer left out
                // (an honest decline about the same subject stays: "这个计划具体指什么")
                let repeated = best.0.answered()
                    && best
                        .0
                        .matched()
                        .is_some_and(|id| last.entries.contains(&id));
                // …when that answer holds none of the turn's new words ("定" of "怎么定出来的" is
                // in the last answer's "大会票选确定": that answer says it)
                let new_words: Vec<&String> = p
                    .words
                    .iter()
                    .filter(|w| !last.words.contains(w) && !self.is_year_word(w))
                    .filter(|w| !self.conjunctions.contains(*w))
                    .collect();
                let holds_new = best.0.parts.iter().any(|part| {
                    new_words.iter().any(|w| {
                        intent::mentions(&part.answer, w) || intent::mentions(&part.quote, w)
                    })
                });
                if repeated && !holds_new && !new_words.is_empty() && !self.only_places(&p) {
                    let others = self.last_answered(last);
                    let apart = Leaning {
                        last,
                        excluded: &others,
                    };
                    let merged = self.merged(p.clone(), apart, trace);
                    if merged.0.answered() && merged.0.score >= self.tuning.followup_threshold {
                        return merged;
                    }
                }
                self.or_without_year(best, p, on, trace)
            }
            Form::Marked | Form::SelfContained => {
                trace.reading =
                    "follow-up: on its own with the last year and places, or merged if better"
                        .into();
                // "那翠苑呢" after 古荡's 财政总收入 asks for 翠苑's 财政总收入, not for anything
                // about 翠苑: a turn of nothing but places keeps the measure
                if self.only_places(&p) && !last.words.is_empty() {
                    let merged = self.merged(p.clone(), on, trace);
                    // "今年文新呢" after 文新's 2022 count: with no such figure for the new year,
                    // the place's plan for that year is what is asked; "西科园呢" after 紫金港's
                    // 挂牌: a merged answer that never names the place is about the last one
                    let off_place =
                        merged.0.answered() && !names_a_place(&merged.0, &p.intent.places);
                    if (!merged.0.answered() && p.intent.year.is_set()) || off_place {
                        let alone = self.standalone(p.clone(), trace);
                        if alone.0.answered() && alone.0.score >= self.tuning.followup_threshold {
                            return alone;
                        }
                    }
                    return self.or_without_year(merged, p, on, trace);
                }
                let own = self.inherited(p.clone(), on, trace);
                if let Some(found) = self.new_topic_any_year(&own, &p, last, trace) {
                    return found;
                }
                if own.0.answered() && own.0.score >= self.tuning.followup_threshold {
                    // "那今年重点发展什么" after 艺创小镇's 2022 result: the place's own plan, when
                    // the turn's words found something elsewhere (数字经济) but also fit there
                    if !names_a_place(&own.0, &last.places)
                        && let Some(found) = at_places(&p, last)
                            .and_then(|text| self.at_last_places(text, on, trace))
                    {
                        return found;
                    }
                    // "公共的呢" after 停车泊位: the merged topic may fit better still, if its answer
                    // speaks of this turn's words too ("备选的呢" after 票选的实事 does not)
                    let merged = self.merged(p.clone(), on, trace);
                    if merged.0.answered()
                        && merged.0.score > own.0.score
                        && self.speaks_of(&merged.0, &p.words)
                    {
                        return merged;
                    }
                    return own;
                }
                let merged = self.merged(p.clone(), on, trace);
                // "那今年的GDP目标呢": the turn's own words found their topic, only not the year
                // or kind of fact asked; a merged answer about something else ("科技服务" after
                // 服务业) is not what was meant — the honest decline is
                if resolved_decline(&own.0) && !self.speaks_of(&merged.0, &p.words) {
                    return own;
                }
                self.or_without_year(merged, p, on, trace)
            }
        }
    }

    /// The turn read about the last turn's places ([`at_places`]), kept when the answer names
    /// one of them: "今年要抓什么机遇" after 云栖小镇's 产业基地, "去年招了哪些项目" after 西溪's
    /// plan. Only a reading that found nothing else tries it, so a question answered on its own
    /// is never changed by context.
    fn at_last_places(
        &self,
        text: String,
        on: Leaning<'_>,
        trace: &mut super::Trace,
    ) -> Option<(Answer, Context)> {
        let places = &on.last.places;
        let found = self.resolve(self.prepare_folded(text, false), on.excluded, None, trace);
        let names_place = names_a_place(&found.0, places);
        (found.0.answered() && found.0.score >= self.tuning.followup_threshold && names_place)
            .then_some(found)
    }

    /// Is every content word of the turn a place it names ("那三墩呢", "留下呢")?
    fn only_places(&self, p: &Prepared) -> bool {
        let mut own = p
            .words
            .iter()
            .filter(|w| !self.conjunctions.contains(*w) && !self.is_year_word(w))
            .peekable();
        own.peek().is_some() && own.all(|w| p.intent.places.iter().any(|pl| pl == w))
    }

    /// The content word typed right before a pronoun ("尚坤那个园区" → 尚坤): it names the one
    /// meant.
    fn named_before_pronoun(&self, folded: &str) -> Vec<String> {
        let Some(at) = PRONOUNS.iter().filter_map(|w| folded.find(w)).min() else {
            return Vec::new();
        };
        let before = &folded[..at];
        // the word right before it: "哪个小镇要全力保障它的建设" names no 它
        self.content_words(before)
            .into_iter()
            .filter(|w| before.ends_with(w.as_str()))
            .filter(|w| w.chars().count() >= 2 && !self.is_year_word(w))
            .filter(|w| !NO_TOPIC.contains(&w.as_str()) && !self.conjunctions.contains(w))
            .collect()
    }

    /// Does the entry of `answer` mention every content word of `words`?
    fn speaks_of(&self, answer: &Answer, words: &[String]) -> bool {
        let Some(e) = answer.matched().and_then(|id| self.by_id.get(&id).copied()) else {
            return false;
        };
        words
            .iter()
            .filter(|w| !self.conjunctions.contains(*w) && !self.is_year_word(w))
            .all(|w| intent::mentions(&self.entry_text[e], w))
    }

    /// A reading that found nothing with the year carried over from the last turn: the turn's
    /// own words under any year ("服务业增加值呢" after a declined "今年目标呢" asks for the
    /// figure the report has, which the answer dates).
    fn or_without_year(
        &self,
        found: (Answer, Context),
        p: Prepared,
        on: Leaning<'_>,
        trace: &mut super::Trace,
    ) -> (Answer, Context) {
        let Leaning { last, excluded } = on;
        if found.0.answered() || p.intent.year.is_set() || !last.year.is_set() {
            return found;
        }
        let mut p = p;
        // only a year that itself found nothing gives way: after "第八项是什么" (2023), "具体有
        // 哪些实事项目" asks for 2023's, which the report does not list
        if last.answered {
            p.intent.year = last.year;
        }
        if p.intent.places.is_empty() {
            p.intent.places = last.places.clone();
        }
        let any_year = self.resolve(p, excluded, None, trace);
        if any_year.0.answered() && any_year.0.score >= self.tuning.followup_threshold {
            any_year
        } else {
            found
        }
    }

    /// "美丽乡村精品村覆盖率呢" after 今年's 粮食功能区: a new topic of its own (no word shared with
    /// the last turn) that the carried year alone rules out asks for what the report has, under
    /// any year — not for the last topic with the new words merged in. A turn opened as a
    /// continuation ("具体…") keeps the year: it is the last topic's.
    fn new_topic_any_year(
        &self,
        own: &(Answer, Context),
        p: &Prepared,
        last: &Turn,
        trace: &mut super::Trace,
    ) -> Option<(Answer, Context)> {
        let carried_out = matches!(own.0.outcome, Outcome::Declined(Decline::WrongYear(_)));
        if !carried_out
            || p.intent.year.is_set()
            || OPENINGS
                .iter()
                .any(|o| p.folded.trim_start().starts_with(o))
            || p.words.iter().any(|w| last.words.contains(w))
        {
            return None;
        }
        let mut p = p.clone();
        if p.intent.places.is_empty() {
            p.intent.places = last.places.clone();
        }
        let any_year = self.resolve(p, &[], None, trace);
        (any_year.0.answered() && any_year.0.score >= self.tuning.followup_threshold)
            .then_some(any_year)
    }

    /// Reads how a folded turn leans on the last one; a correction also gives the text meant;
    /// and the turn (or the text meant) prepared, so it is prepared once.
    fn form(&self, folded: &str, last: &Turn) -> (Form, Option<String>, Option<Prepared>) {
        let bare = normalize::trim_particles(folded);
        if MORE.contains(&bare) || asks_more_of_a_kind(bare) {
            return (Form::More, None, None);
        }
        if let Some(m) = EXAMPLES.iter().find(|m| bare.contains(**m))
            && bare
                .replacen(m, "", 1)
                .chars()
                .all(|c| EXAMPLE_FILLER.contains(c))
        {
            return (Form::Example, None, None);
        }
        let mut text = folded.trim_start();
        let mut corrected = false;
        for c in CORRECTIONS {
            if let Some(r) = text.strip_prefix(c) {
                text = r.trim_start_matches([',', ' ', '。', '!']);
                corrected = true;
                break;
            }
        }
        for m in MEANT {
            if let Some(i) = text.find(m) {
                text = &text[i + m.len()..];
                corrected = true;
                break;
            }
        }
        let rest = corrected.then(|| text.to_string());
        let p = self.prepare_folded(text.to_string(), false);
        let own: Vec<&String> = p
            .words
            .iter()
            .filter(|w| !self.conjunctions.contains(*w) && !self.is_year_word(w))
            // a number and its unit are a premise ("超过2000亿了吗"), not a topic, and a unit
            // asked alone ("具体是多少亿元") names none either
            .filter(|w| !w.starts_with(|c: char| c.is_ascii_digit()))
            .filter(|w| super::units::unit_word(w).is_none())
            .collect();
        if own.is_empty() {
            return (Form::Elliptic, rest, Some(p));
        }
        let padded = format!(" {text} ");
        if PRONOUNS.iter().any(|w| padded.contains(w)) {
            return (Form::Pronoun, rest, Some(p));
        }
        // one word of its own, and a common one ("是什么项目", "去年引进了多少"): no topic of its
        // own, so it is about the last one
        let named: Vec<&&String> = own.iter().filter(|w| w.chars().count() >= 2).collect();
        let common = |w: &str| {
            self.index
                .id(w)
                .is_some_and(|i| self.index.idf(i) < self.common_idf)
        };
        if matches!(named.as_slice(), [only] if common(only))
            || (!named.is_empty() && named.iter().all(|w| NO_TOPIC.contains(&w.as_str())))
        {
            return (Form::Elliptic, rest, Some(p));
        }
        let marked = normalize::trim_particles_keep_ne(folded).ends_with('呢')
            || OPENINGS.iter().any(|o| text.starts_with(o))
            || (own.len() == 1 && last.words.len() > 1 && p.intent.places.len() == own.len());
        let form = if marked || corrected {
            Form::Marked
        } else {
            Form::SelfContained
        };
        (form, rest, Some(p))
    }

    /// The entries the last turn answered with, by index.
    fn last_answered(&self, last: &Turn) -> Vec<usize> {
        last.entries
            .iter()
            .filter_map(|id| self.by_id.get(id).copied())
            .collect()
    }

    /// A year word of the lexicon (今年, 去年, 目标, 计划…): it switches the year, not the topic.
    pub(crate) fn is_year_word(&self, w: &str) -> bool {
        let lex = &self.kb.lexicon;
        lex.past_words.iter().chain(&lex.plan_words).any(|y| y == w)
    }

    /// Answers a prepared question on its own, and remembers it.
    fn standalone(&self, p: Prepared, trace: &mut super::Trace) -> (Answer, Context) {
        self.resolve(p, &[], None, trace)
    }

    /// The turn's own words, with the last turn's year, places and kind of fact where it gives none.
    fn inherited(
        &self,
        mut p: Prepared,
        on: Leaning<'_>,
        trace: &mut super::Trace,
    ) -> (Answer, Context) {
        let Leaning { last, excluded } = on;
        if !p.intent.year.is_set() {
            p.intent.year = last.year;
        }
        if p.intent.places.is_empty() {
            p.intent.places = last.places.clone();
        }
        // the kind of fact is the new turn's own: "外资呢" after "排第几" asks for the figure;
        // but a turn that asks nothing keeps the unit asked ("村庄规划编制呢" after 几个: a count)
        if !ASKING.iter().any(|w| intent::mentions(&p.folded, w)) {
            p.asked = p.asked.or(last.asked);
        }
        self.resolve(p, excluded, None, trace)
    }

    /// The last turn's topic with this turn's words added (a new place replaces the old ones).
    fn merged(&self, p: Prepared, on: Leaning<'_>, trace: &mut super::Trace) -> (Answer, Context) {
        let last = on.last;
        let new_places = !p.intent.places.is_empty();
        let mut words: Vec<String> = last
            .words
            .iter()
            .filter(|w| !(new_places && last.places.contains(w)))
            .filter(|w| !self.conjunctions.contains(*w))
            .cloned()
            .collect();
        self.merge_into(&mut words, p, on, trace)
    }

    /// "它", "这个园区": the subject of the last answer (its entry's keywords) with the new words;
    /// the last question's own words when the last turn had no answer.
    fn pronoun(&self, p: Prepared, on: Leaning<'_>, trace: &mut super::Trace) -> (Answer, Context) {
        let last = on.last;
        let subject = last
            .entries
            .first()
            .and_then(|id| self.by_id.get(id))
            .map(|&e| {
                let keywords = &self.kb.entries[e].keywords;
                // the first keywords name the entry's subject; later ones are aliases
                keywords
                    .iter()
                    .take(PRONOUN_KEYWORDS)
                    .flat_map(|k| self.content_words(&normalize::fold(k)))
                    .collect::<Vec<String>>()
            });
        match subject {
            Some(mut words) if !words.is_empty() => {
                words.retain(|w| !self.conjunctions.contains(w));
                words.dedup();
                self.merge_into(&mut words, p, on, trace)
            }
            _ => self.merged(p, on, trace),
        }
    }

    /// Adds the turn's own words to `words` (the topic carried over) and answers that, with the
    /// last turn's year, places and kinds where the turn gives none.
    fn merge_into(
        &self,
        words: &mut Vec<String>,
        mut p: Prepared,
        on: Leaning<'_>,
        trace: &mut super::Trace,
    ) -> (Answer, Context) {
        let Leaning { last, excluded } = on;
        let new_places = !p.intent.places.is_empty();
        let mut words = std::mem::take(words);
        for w in &p.words {
            if !words.contains(w) && !self.conjunctions.contains(w) && !self.is_year_word(w) {
                words.push(w.clone());
            }
        }
        p.words = words;
        if !p.intent.year.is_set() {
            p.intent.year = last.year;
        }
        if !new_places {
            p.intent.places = last.places.clone();
        }
        // the kind of fact carries over only to a turn that asks nothing itself: "它今年要怎么
        // 发展" after "…多少家" asks how, not how many
        // …and is let go when the new turn's passage does not hold it: "去年呢" after "叫什么
        // 名字" (of this year's 28条 policy) asks for last year's package, which has no name
        let own = (p.asked, p.wanted);
        let inherits = !ASKING.iter().any(|w| intent::mentions(&p.folded, w))
            && (own.0.is_none() && last.asked.is_some()
                || own.1.is_none() && last.wanted.is_some());
        if inherits {
            p.asked = p.asked.or(last.asked);
            p.wanted = p.wanted.or(last.wanted);
        }
        let read_as = p.words.join(" ");
        // a figure carried over stays asked: "服务业增加值呢" after a 2023 target finds no 2023
        // figure and goes on to the reviewed year's, not to a 2023 sentence with no figure
        let retry = (inherits && own.1.is_none() && !matches!(last.wanted, Some(Wanted::Quantity)))
            .then(|| Prepared {
                asked: own.0,
                wanted: own.1,
                ..p.clone()
            });
        let (mut answer, mut next) = self.resolve(p, excluded, None, trace);
        if let Some(p) = retry
            && matches!(answer.outcome, Outcome::Declined(Decline::NotGiven(_)))
        {
            trace.note("the kind of fact carried over is not held: read without it");
            (answer, next) = self.resolve(p, excluded, None, trace);
        }
        if answer.outcome == Outcome::Declined(Decline::LowConfidence) {
            answer.outcome = Outcome::Declined(Decline::Unresolved(read_as));
        }
        (answer, next)
    }

    /// "还有呢": the next page of the last list, else the last answer's related entries.
    fn more(&self, p: Prepared, last: &Turn, trace: &mut super::Trace) -> (Answer, Context) {
        let ids = |v: &[String]| -> Vec<usize> {
            v.iter()
                .filter_map(|id| self.by_id.get(id).copied())
                .collect()
        };
        if let Some((entries, shown)) = &last.list {
            let cursor = ListCursor {
                entries: ids(entries),
                shown: *shown,
            };
            if !cursor.entries.is_empty() {
                // a list shown whole: nothing more is listed, so the whole list again, saying
                // so (its related entries come as suggestions)
                let whole = self.list_len(&cursor) <= cursor.shown;
                let cursor = ListCursor {
                    shown: if whole { 0 } else { cursor.shown },
                    ..cursor
                };
                let mut p = p;
                p.words = last.words.clone();
                p.intent.year = last.year;
                let (mut answer, next) = self.resolve(p, &[], Some(cursor), trace);
                answer.whole_again = whole && answer.answered();
                // "还有别的地方吗" after the whole list: the reply says nothing more is listed;
                // a yes/no reading of 吗 would open it with a contradicting 是
                if answer.whole_again {
                    answer.verdict = None;
                }
                return (answer, next);
            }
        }
        let related = ids(&last.related);
        if related.is_empty() {
            let answer = Answer::bare(
                p.text.clone(),
                Outcome::Declined(Decline::Unresolved(last.words.join(" "))),
            );
            return (
                answer,
                Context {
                    last: Some(last.clone()),
                },
            );
        }
        let cursor = ListCursor {
            entries: related,
            shown: 0,
        };
        let mut p = p;
        p.words = last.words.clone();
        self.resolve(p, &[], Some(cursor), trace)
    }

    /// "举个例子" after "转塘招了几个亿元以上项目": the last answer's passage again when it names
    /// members of what it counts ("华丰管道等…项目18个", a list), so the example is quoted as the
    /// report gives it; declined with the last topic when it names none.
    fn example(&self, p: Prepared, last: &Turn, trace: &mut super::Trace) -> (Answer, Context) {
        let named = last
            .entries
            .first()
            .and_then(|id| self.by_id.get(id).copied())
            .filter(|&e| {
                let entry = &self.kb.entries[e];
                !entry.items.is_empty()
                    || wanted::enumerates(&entry.quote)
                    || entry.quote.contains('等')
            });
        let Some(e) = named else {
            let answer = Answer::bare(
                p.text.clone(),
                Outcome::Declined(Decline::Unresolved(last.words.join(" "))),
            );
            let next = Context {
                last: Some(last.clone()),
            };
            return (answer, next);
        };
        let cursor = ListCursor {
            entries: vec![e],
            shown: 0,
        };
        let mut p = p;
        p.words = last.words.clone();
        p.intent.year = last.year;
        self.resolve(p, &[], Some(cursor), trace)
    }

    /// Runs the pipeline on a resolved reading and makes the next context from it.
    fn resolve(
        &self,
        p: Prepared,
        excluded: &[usize],
        more: Option<ListCursor>,
        trace: &mut super::Trace,
    ) -> (Answer, Context) {
        let q = self.query(p, excluded, more);
        let mut answer = super::strategy::run(self, &q, trace);
        answer.scope = Some(self.scope.clone());
        let id = |&e: &usize| self.kb.entries[e].id.clone();
        // a place carried over that the answer line does not name is not the topic any more
        // (the quote may name others)
        // ("之江文体中心呢" after 三墩文体中心: the next "今年呢" is about 之江's, not 三墩's)
        let mut places = q.p.intent.places.clone();
        if answer.answered() {
            places.retain(|pl| answer.parts.iter().any(|part| names(&part.answer, pl)));
        }
        let turn = Turn {
            words: q.p.words.clone(),
            year: q.p.intent.year,
            places,
            asked: q.p.asked,
            wanted: q.p.wanted,
            entries: answer.parts.iter().map(|p| p.source.to_string()).collect(),
            related: answer.suggestions.iter().map(|s| s.entry.clone()).collect(),
            list: answer
                .list
                .as_ref()
                .map(|c| (c.entries.iter().map(id).collect(), c.shown)),
            answered: answer.answered(),
            outline: answer.parts.first().is_some_and(|part| {
                matches!(
                    part.outline,
                    Some(Outline::Sections { .. } | Outline::Nth { .. })
                )
            }),
        };
        (answer, Context { last: Some(turn) })
    }
}

/// A turn naming no place, as if the last turn's places had been typed before it ("云栖" +
/// "今年要抓什么机遇"); None when there is no place to carry. Made before the turn is read, so
/// the turn need not be kept for the retry.
fn at_places(p: &Prepared, last: &Turn) -> Option<String> {
    (!last.places.is_empty() && p.intent.places.is_empty())
        .then(|| format!("{}{}", last.places.concat(), p.folded))
}

/// "第四个是什么", "第4个呢": a bare ordinal, which after the outline asks for that section;
/// the text with the ordinal in the outline's own noun ("第四项是什么"), for the structure
/// strategy. None when the turn says more (a topic: "第2个问题").
fn outline_ordinal(folded: &str) -> Option<String> {
    let i = folded.find('第')?;
    let rest = &folded[i + '第'.len_utf8()..];
    let (_, len) = super::premise::leading_number(rest)?;
    let after = rest[len..].strip_prefix('个')?;
    let others = folded[..i].chars().chain(after.chars());
    let said = others
        .filter(|c| !"是什么啥呢吗哪那的呀?!,。 ".contains(*c))
        .count();
    (said == 0).then(|| format!("{}第{}项{after}", &folded[..i], &rest[..len]))
}

/// Does `text` name `place`, in full or without its kind of division ("西溪" for 西溪街道)?
/// A decline that found the topic but not the year or kind of fact asked: an honest answer
/// about what was meant, which a reading about something else must not replace.
fn resolved_decline(answer: &Answer) -> bool {
    matches!(
        answer.outcome,
        Outcome::Declined(Decline::NotGiven(_) | Decline::WrongYear(_))
    )
}

/// Does an answer's reply (an answer line or quotation) name one of `places`?
fn names_a_place(answer: &Answer, places: &[String]) -> bool {
    answer.parts.iter().any(|part| {
        places
            .iter()
            .any(|pl| names(&part.answer, pl) || names(&part.quote, pl))
    })
}

fn names(text: &str, place: &str) -> bool {
    text.contains(place) || short_name(place).is_some_and(|s| text.contains(s))
}

/// The better of two readings: an answer over a decline, then the higher score; the first on a tie.
fn better(first: (Answer, Context), second: (Answer, Context)) -> (Answer, Context) {
    match (first.0.answered(), second.0.answered()) {
        (false, true) => second,
        (true, true) if second.0.score > first.0.score => second,
        _ => first,
    }
}

/// What a follow-up leans on: the last turn, and the entries a correction ruled out.
#[derive(Debug, Clone, Copy)]
struct Leaning<'a> {
    last: &'a Turn,
    excluded: &'a [usize],
}

/// The questions of one message: split after `?` `!` `。` `;`, and at a comma followed by a
/// follow-up ("GDP多少,今年目标呢"). Pieces with nothing to read are dropped.
fn pieces(question: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for c in question.chars() {
        current.push(c);
        if matches!(c, '?' | '？' | '!' | '！' | '。' | ';' | '；') {
            out.push(std::mem::take(&mut current));
        }
    }
    out.push(current);
    // most messages are one question with no comma: nothing to normalise
    if out.iter().filter(|p| !p.trim().is_empty()).count() < 2 && !question.contains([',', '，']) {
        return vec![question.to_string()];
    }
    let mut split: Vec<String> = Vec::new();
    for piece in out {
        let mut rest = piece.as_str();
        while let Some(i) = rest.find([',', '，']) {
            let (head, tail) = rest.split_at(i);
            let tail = &tail[tail.chars().next().map_or(0, char::len_utf8)..];
            let follow = normalize::fold(tail);
            let follow = follow.trim();
            let is_followup = normalize::trim_particles_keep_ne(follow).ends_with('呢')
                || OPENINGS.iter().any(|o| follow.starts_with(o));
            if !is_followup {
                break;
            }
            split.push(head.to_string());
            rest = tail;
        }
        split.push(rest.to_string());
    }
    split
        .into_iter()
        .filter(|p| !normalize::normalize(p).is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{asks_more_of_a_kind, pieces};

    #[test]
    fn more_of_the_kind_just_listed() {
        assert!(asks_more_of_a_kind("还有别的地方"));
        assert!(asks_more_of_a_kind("其他的项目"));
        assert!(!asks_more_of_a_kind("还有哪些人才政策"));
        assert!(!asks_more_of_a_kind("其他"));
    }

    #[test]
    fn messages_split_into_questions() {
        assert_eq!(pieces("去年GDP多少? 今年呢?").len(), 2);
        assert_eq!(pieces("GDP多少,今年目标呢").len(), 2);
        assert_eq!(pieces("财政总收入和一般公共预算收入分别是多少?").len(), 1);
        assert_eq!(pieces("1. 社零多少").len(), 1);
        assert_eq!(pieces("??").len(), 0);
    }
}
