//! Draft entries generated from the report: one per figure-bearing clause, one per section
//! theme, one per enumeration (`items`), and the structure facts of the front matter (title,
//! who delivered it, when and at which congress). Every one is `draft = true`.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use serde::Serialize;

use super::clauses::{Clause, clauses, clean_measure, sentences};
use super::outline::Outline;
use super::region::Region;
use super::text::{Paragraph, chars, is_cn_digit, prefix};
use super::years::PartKind;

/// An entry as `entries/*.toml` holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DraftEntry {
    /// Stable id.
    pub id: String,
    /// Section id.
    pub section: String,
    /// Measure shared by the review year's result and the plan year's target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicator: Option<String>,
    /// Ways people ask.
    pub questions: Vec<String>,
    /// Key terms.
    pub keywords: Vec<String>,
    /// For a list: its items, verbatim in the quote.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<String>>,
    /// The answer line (every number in it is in the quote).
    pub answer: String,
    /// The verbatim quotation.
    pub quote: String,
    /// Not yet reviewed.
    pub draft: bool,
}

/// Longest sentence quoted whole (characters); a longer one is quoted from the clause naming the measure.
const MAX_QUOTE: usize = 120;
/// Longest sentence quoted whole for a list.
const MAX_LIST_QUOTE: usize = 220;
/// Shortest and longest item of an enumeration (characters).
const ITEM_CHARS: (usize, usize) = (2, 16);
/// Fewest items of an enumeration.
const MIN_ITEMS: usize = 3;

/// A section's text range in the report and its kind of year.
pub struct SectionSpan {
    /// Byte range.
    pub span: Range<usize>,
    /// Review, plan or other.
    pub kind: Option<PartKind>,
}

/// Byte ranges of the outline's sections (the first runs from the start, each to the next).
pub fn spans(text: &str, paragraphs: &[Paragraph<'_>], outline: &Outline) -> Vec<Range<usize>> {
    let starts: Vec<usize> = outline
        .sections
        .iter()
        .map(|s| paragraphs[s.paragraph].at)
        .collect();
    (0..starts.len())
        .map(|k| {
            let begin = if k == 0 { 0 } else { starts[k] };
            begin..starts.get(k + 1).copied().unwrap_or(text.len())
        })
        .collect()
}

/// The kind of year of a section: its part's, or the part it heads.
fn kind_of(outline: &Outline, k: usize) -> Option<PartKind> {
    let s = &outline.sections[k];
    let y = s.year?;
    let plan = outline.year;
    Some(match plan {
        Some(p) if y < p => PartKind::Review,
        _ => PartKind::Plan,
    })
}

fn numeral_free(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_ascii_digit() && !is_cn_digit(*c) && !"项个条件家所座户类大".contains(*c))
        .collect()
}

/// The title without its numbering (`(一)`, `一、`).
pub fn bare_title(title: &str) -> &str {
    let t = title.trim_start_matches(['(', '（']);
    let t = t.trim_start_matches(is_cn_digit);
    let t = t.trim_start_matches([')', '）', '、']);
    if super::outline::arabic_numbered(t).is_some() {
        return t
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start_matches(['.', '、', '．']);
    }
    t
}

fn dedup(v: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::new();
    v.into_iter()
        .filter(|s| !s.trim().is_empty() && seen.insert(s.clone()))
        .collect()
}

/// Questions for a measure in a year of the report.
pub fn measure_questions(measure: &str, year: Option<u16>, kind: Option<PartKind>) -> Vec<String> {
    let m = measure;
    let mut q = match (kind, year) {
        (Some(PartKind::Review), Some(y)) => vec![
            format!("{y}年{m}是多少"),
            format!("去年{m}是多少"),
            format!("{m}多少"),
            format!("去年{m}"),
        ],
        (Some(_), Some(y)) => vec![
            format!("{y}年{m}目标是多少"),
            format!("今年计划{m}多少"),
            format!("今年{m}目标"),
            format!("{m}多少"),
        ],
        _ => vec![format!("{m}是多少"), format!("{m}多少")],
    };
    q.push(m.to_string());
    q
}

/// Questions for a measure with a target date of its own (到2021年…): that year's, not the plan's.
fn target_questions(measure: &str, year: u16) -> Vec<String> {
    let m = measure;
    vec![
        format!("{year}年{m}目标是多少"),
        format!("到{year}年{m}目标"),
        format!("{m}目标是多少"),
        format!("{m}多少"),
        m.to_string(),
    ]
}

/// A figure's own target date, when its sentence writes one before it for another year than its
/// section's ("到 2021 年,…城镇化水平达到 50%以上" in a 2017 plan): the year, the answer line's
/// lead ("到2021年,", empty when the answer's clause says it) and a quote that holds the date.
struct Target {
    year: u16,
    lead: String,
    quote: String,
}

fn target_lead(
    text: &str,
    c: &Clause,
    next: Option<&Clause>,
    section_year: Option<u16>,
) -> Option<Target> {
    let before = &text[c.sentence.start..c.span.end];
    let (at, year, phrase) = match super::years::target_date(before) {
        Some((at, year, phrase)) => (c.sentence.start + at, year, phrase),
        None => heading_target(text, c.sentence.start)?,
    };
    if Some(year) == section_year {
        return None;
    }
    let told = told_with(c, next);
    // the answer's own clause says the date: no lead, and the usual quote holds it
    if at >= told.start {
        let quote = quote_for(text, c, next);
        return Some(Target {
            year,
            lead: String::new(),
            quote,
        });
    }
    let dated = text[at..told.end].trim();
    let quote = if chars(dated) <= MAX_QUOTE {
        dated.to_string()
    } else {
        quote_for(text, c, next)
    };
    let lead = format!("{phrase},");
    Some(Target { year, lead, quote })
}

/// A target date that heads the run of `；`-joined sentences a sentence belongs to ("到2016年，地方
/// 生产总值…；全社会固定资产投资…；城镇居民人均可支配收入…达33895元"): its offset in `text`, year
/// and phrase, when it stands in the run's first clause.
fn heading_target(text: &str, sentence_start: usize) -> Option<(usize, u16, String)> {
    let run_start = text[..sentence_start]
        .rfind(['。', '\n', '！', '？'])
        .map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
    if run_start == sentence_start {
        return None;
    }
    let head = &text[run_start..sentence_start];
    let first_clause = head.find(['，', ',', '：', ':']).unwrap_or(head.len());
    let (at, year, phrase) = super::years::target_date(&head[..first_clause])?;
    Some((run_start + at, year, phrase))
}

/// The measure whose growth a growth measure is (`地区生产总值增长` → `地区生产总值`).
fn growth_base(measure: &str) -> Option<&str> {
    measure
        .strip_suffix("增长")
        .or_else(|| measure.strip_suffix("下降"))
        .filter(|b| chars(b) >= 2)
}

/// The sentence holding a clause, or (when too long) the clauses from the one naming its measure.
fn quote_for(text: &str, c: &Clause, next: Option<&Clause>) -> String {
    let sentence = text[c.sentence.clone()].trim();
    if chars(sentence) <= MAX_QUOTE {
        return sentence.to_string();
    }
    let r = told_with(c, next);
    text[r].trim().to_string()
}

/// For a figure of a several-year period (the sentence's period word, "五年" or "“十二五”期间",
/// stands in its clause or before it): the words that say so, to open its answer line (empty when
/// the clause says it itself); `None` for a figure of one year.
fn period_lead(text: &str, c: &Clause) -> Option<String> {
    let sentence = &text[c.sentence.clone()];
    let word = crate::knowledge::periods::period_word(sentence)?;
    let at = c.sentence.start + sentence.find(word)?;
    if at >= c.span.end {
        return None;
    }
    // a level reached ("规模以上工业企业达到62户") is the last year's, a sum ("累计…") the period's
    let clause = &text[c.span.clone()];
    let reached = ["达到", "突破", "发展到", "增加到", "提高到", "增至", "总数"]
        .iter()
        .any(|w| clause.contains(w));
    if reached && !clause.contains("累计") && !clause.contains(word) {
        return None;
    }
    if at >= c.from.min(c.span.start) {
        return Some(String::new());
    }
    let opens = text[c.sentence.start..at]
        .rfind([',', '，', ';', '；'])
        .map_or(c.sentence.start, |i| {
            c.sentence.start
                + i
                + text[c.sentence.start + i..]
                    .chars()
                    .next()
                    .map_or(1, char::len_utf8)
        });
    let lead = text[opens..at + word.len()].trim();
    Some(if chars(lead) <= 12 {
        format!("{lead},")
    } else {
        format!("{word},")
    })
}

/// The clauses that state a measure's level and growth together ("完成303.6亿元,同比增长7.2%";
/// "增长7.5%,达到309亿元"): from the clause naming the measure to its growth clause, so the
/// entry of either figure answers a question about the level and one about the growth.
fn told_with(c: &Clause, next: Option<&Clause>) -> Range<usize> {
    let start = c.from.min(c.span.start);
    let end = match next {
        Some(n) if n.sentence == c.sentence && n.from == c.span.start && n.from != n.span.start => {
            n.span.end
        }
        _ => c.span.end,
    };
    start..end
}

/// Counters and units a question names when it asks a figure ("多少户", "多少公里").
const COUNTERS: &[&str] = &[
    "人次",
    "万人",
    "平方米",
    "公里",
    "公顷",
    "万亩",
    "户",
    "人",
    "个",
    "家",
    "所",
    "座",
    "条",
    "项",
    "件",
    "套",
    "栋",
    "辆",
    "台",
    "处",
    "名",
    "次",
    "亩",
    "吨",
    "天",
    "批",
    "场",
];

/// The counter or unit written after a clause's first figure ("8008户" → 户), if the question
/// could name it.
fn counter_of(text: &str, c: &Clause) -> Option<&'static str> {
    let f = c.figures.first()?;
    let clause = &text[c.span.clone()];
    let at = clause.find(&f.text)?;
    let digits_end = at + f.text.find(&f.number).unwrap_or(0) + f.number.len();
    let after = &clause[digits_end..];
    let after = after.trim_start_matches(['万', '亿']);
    COUNTERS
        .iter()
        .find(|u| after.starts_with(**u) || f.unit.trim_start_matches(['万', '亿']) == **u)
        .copied()
}

/// Evaluations that end a topic clause's subject ("棚户区改造工作|成效显著").
const EVALUATIONS: &[&str] = &[
    "成效显著",
    "成效明显",
    "成果丰硕",
    "取得",
    "显著",
    "明显",
    "不断",
    "持续",
    "稳步",
    "全面",
    "进一步",
    "加快",
    "扎实",
    "有序",
    "顺利",
    "深入",
    "大幅",
    "得到",
    "更加",
    "日益",
];

/// Ordinals that open a paragraph's lead sentence ("四是全力推进棚户区改造工程。").
const ORDINALS: &[&str] = &[
    "一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "九是", "十是", "第一", "第二",
    "第三", "第四", "第五", "首先", "其次", "最后",
];

/// What the sentence and paragraph around a figure are about: the subject of the sentence's
/// opening clause when it states no figure ("棚户区改造工作成效显著,…完成了13672户的年度改造任务")
/// and the paragraph's short lead sentence ("四是全力推进棚户区改造工程。"), as keywords.
fn context_topics(
    text: &str,
    paragraphs: &[Paragraph<'_>],
    c: &Clause,
    pieces: &Pieces,
) -> Vec<String> {
    let figure_free = |s: &str| {
        crate::knowledge::figures::figures(s)
            .iter()
            .all(|f| f.is_year())
    };
    let subject = |s: &str| -> Option<String> {
        let mut s = s.trim();
        for o in ORDINALS {
            s = s.strip_prefix(o).unwrap_or(s);
        }
        let s = s.trim_start_matches([',', '，', '、']);
        let cut = EVALUATIONS
            .iter()
            .filter_map(|w| s.find(w))
            .filter(|&at| at > 0)
            .min()
            .unwrap_or(s.len());
        let m = clean_measure(&s[..cut]);
        (chars(&m) >= 2 && chars(&m) <= 14 && m.chars().all(super::text::is_han)).then_some(m)
    };
    let mut phrases = Vec::new();
    let sentence = &text[c.sentence.start..c.span.start];
    if let Some(first) = sentence.split([',', '，', ';', '；', ':', '：']).next()
        && first.len() < sentence.len()
        && figure_free(first)
    {
        phrases.extend(subject(first));
    }
    if let Some(p) = paragraphs.iter().rev().find(|p| p.at <= c.span.start)
        && let Some(lead) = p.text.split(['。', ':', '：']).next()
        && p.at + lead.len() < c.sentence.start
        && chars(lead) <= 24
        && figure_free(lead)
    {
        phrases.extend(subject(lead));
    }
    let mut out = Vec::new();
    for phrase in phrases {
        for w in pieces.words(&phrase) {
            if !FILLER.contains(&w.as_str()) && !out.contains(&w) {
                out.push(w);
            }
        }
        if !out.contains(&phrase) {
            out.push(phrase);
        }
    }
    out
}

/// Words that say nothing of what a figure is about.
const FILLER: &[&str] = &[
    "完成",
    "实现",
    "达到",
    "累计",
    "其中",
    "全年",
    "全区",
    "以上",
    "左右",
    "同比",
    "增长",
    "新增",
    "提高",
    "达到",
    "分别",
    "我们",
    "使得",
    "项目",
    "工作",
    "任务",
    "目标",
    "主要",
    "预期",
    "发展",
    "经济社会",
    "经济",
    "社会",
    "建设",
    "情况",
    "方面",
    "推进",
    "加强",
    "全力",
    "提升",
    "水平",
    "进一步",
    "重点",
    "实施",
    "政策",
    "有效",
    "坚持",
    "积极",
    "不断",
    "全面",
    "取得",
    "成效",
    "显著",
    "明显",
];

/// The nouns written between a clause's figures and after its last one ("投资3.23亿元的拆炉并网
/// 工程新接入集中供热面积190万平方米" → 拆炉, 并网, 集中供热, 供热面积): keywords of the entry,
/// so a question naming what the figures are about finds it.
fn between_figures(text: &str, c: &Clause, pieces: &Pieces) -> Vec<String> {
    let clause = &text[c.span.clone()];
    let figs: Vec<_> = crate::knowledge::figures::figures(clause)
        .into_iter()
        .filter(|f| !f.is_year())
        .collect();
    if figs.len() < 2 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for w in figs.windows(2) {
        let from = w[0].start + w[0].text.len();
        if from >= w[1].start {
            continue;
        }
        let between = &clause[from..w[1].start];
        for word in pieces.words(between) {
            if !FILLER.contains(&word.as_str())
                && word.chars().all(super::text::is_han)
                && !out.contains(&word)
            {
                out.push(word);
            }
        }
    }
    out.truncate(6);
    out
}

/// The answer line of a figure clause; a bare verb's figure (`投资2.5亿元`) takes the figure-less
/// clause after it that says what it is for (`…,实施俄罗斯风情精品街项目`).
fn bare_verb_answer(
    text: &str,
    c: &Clause,
    next: Option<&Clause>,
    year: Option<u16>,
    kind: Option<PartKind>,
) -> String {
    let line = answer_for(text, c, next, year, kind);
    match object_clause(text, c) {
        Some((clause, _)) if is_bare_verb(&c.measure) => match line.strip_suffix('。') {
            Some(body) => format!("{body},{clause}。"),
            None => line,
        },
        _ => line,
    }
}

/// The answer line: the year, then the clause (with the measure if the clause leaves it out).
fn answer_for(
    text: &str,
    c: &Clause,
    next: Option<&Clause>,
    year: Option<u16>,
    kind: Option<PartKind>,
) -> String {
    let told = told_with(c, next);
    let clause = text[told].trim();
    let subject = growth_base(&c.measure).unwrap_or(&c.measure);
    let body = if clause.contains(subject) {
        clause.to_string()
    } else {
        format!("{subject}{clause}")
    };
    // a clause that opens with its year ("2019年实施省市重点项目16个") says it already: 14
    // answer lines of the dev reports read "2019年,2019年…"
    let says_year = |y: u16| body.replace(' ', "").starts_with(&format!("{y}年"));
    let lead = match (year, kind) {
        (Some(y), _) if says_year(y) => String::new(),
        (Some(y), Some(PartKind::Review)) if text.contains(&format!("{y}年")) => format!("{y}年,"),
        (Some(y), Some(_)) if text.contains(&format!("{y}年")) => format!("{y}年安排:"),
        _ => String::new(),
    };
    format!("{lead}{body}。")
}

/// Cuts measure phrases into words, for short keyword forms (`新能源汽车公用充电桩` → `充电桩`).
pub struct Pieces(Option<jieba_rs::Jieba>);

impl Pieces {
    /// A segmenter over the given words (none: measures are not cut).
    pub fn new(words: &[String]) -> Self {
        if words.is_empty() {
            return Self(None);
        }
        let mut j = jieba_rs::Jieba::empty();
        for w in words {
            j.add_word(w, None, None);
        }
        Self(Some(j))
    }

    /// The words of a phrase of two or more characters.
    pub fn words(&self, phrase: &str) -> Vec<String> {
        match &self.0 {
            Some(j) => j
                .cut(phrase, false)
                .into_iter()
                .map(|t| t.word)
                .filter(|w| chars(w) >= 2)
                .map(str::to_string)
                .collect(),
            None => Vec::new(),
        }
    }
}

/// Keywords of a measure: the measure itself and, for a long one, its last words (the head
/// noun: `充电桩`) and first word.
fn measure_keywords(measure: &str, pieces: &Pieces) -> Vec<String> {
    let mut k = vec![measure.to_string()];
    let words = pieces.words(measure);
    if words.len() > 1 {
        k.extend(words.last().cloned());
        if words.len() > 2 {
            k.push(words[words.len() - 2..].concat());
        }
        k.extend(words.first().cloned());
    }
    // a head or first word any measure of the genre may have (收入, 面积, 城镇) alone would match
    // "旅游收入目标" to 人均可支配收入: only the measure and its specific words
    let generic = |w: &String| w != measure && GENERIC_WORDS.contains(&w.as_str());
    k.retain(|w| !generic(w));
    k
}

/// Words too common among the genre's measures to be keywords on their own.
const GENERIC_WORDS: &[&str] = &[
    "收入", "面积", "企业", "项目", "投资", "人数", "总额", "规模", "任务", "工作", "建设", "工程",
    "资金", "人次", "总量", "产值", "比重", "数量", "支出", "地区", "社会", "全区", "一般", "公共",
    "全社", "国家", "全部", "年度", "当年", "新增", "完成", "实施", "发展", "经济", "重点", "主要",
    "其他", "城市", "总数",
];

/// Generates every draft entry of the report.
pub fn entries(
    text: &str,
    paragraphs: &[Paragraph<'_>],
    outline: &Outline,
    region: &Region,
    pieces: &Pieces,
) -> Vec<DraftEntry> {
    let spans = spans(text, paragraphs, outline);
    let mut out = structure_facts(text, paragraphs, outline, region);
    for (k, s) in outline.sections.iter().enumerate() {
        let span = spans[k].clone();
        let kind = kind_of(outline, k);
        if k > 0 {
            out.extend(theme_entry(text, &span, &s.id, &s.title, s.year, kind));
        }
        if s.year.is_some() {
            let found = clauses(text, span.clone());
            for (n, c) in found.iter().enumerate() {
                let measure = c.measure.clone();
                // a several-year period's figure ("五年新增就业3.25万人") is not the year's
                let period = period_lead(text, c);
                let target = target_lead(text, c, found.get(n + 1), s.year);
                let (year, kind) = if period.is_some() || target.is_some() {
                    (None, None)
                } else {
                    (s.year, kind)
                };
                let mut keywords = measure_keywords(&measure, pieces);
                keywords.extend(between_figures(text, c, pieces));
                keywords.extend(context_topics(text, paragraphs, c, pieces));
                let base = growth_base(&measure);
                if let Some(base) = base {
                    keywords.push(base.to_string());
                    keywords.push(format!("{base}增速"));
                }
                let mut questions = match &target {
                    Some(t) => target_questions(&measure, t.year),
                    None => measure_questions(&measure, year, kind),
                };
                if let Some(base) = base {
                    questions.insert(1, format!("{base}增速是多少"));
                    if measure.ends_with("下降") {
                        questions.insert(2, format!("{base}下降了多少"));
                    } else {
                        questions.insert(2, format!("{base}增长了多少"));
                    }
                }
                // the unit asked for ("完成多少户改造任务"): the figure's counter or unit
                if let Some(unit) = counter_of(text, c) {
                    questions.push(format!("{measure}多少{unit}"));
                }
                if is_bare_verb(&measure) {
                    for topic in topics_of(text, c) {
                        questions.push(format!("{topic}{measure}多少"));
                        keywords.push(topic);
                    }
                }
                out.push(DraftEntry {
                    id: format!("{}-f{}", s.id, n + 1),
                    section: s.id.clone(),
                    indicator: None,
                    questions: dedup(questions),
                    keywords: dedup(keywords),
                    items: None,
                    answer: format!(
                        "{}{}{}",
                        period.unwrap_or_default(),
                        target.as_ref().map_or("", |t| t.lead.as_str()),
                        bare_verb_answer(text, c, found.get(n + 1), year, kind)
                    ),
                    quote: match &target {
                        Some(t) => t.quote.clone(),
                        None => quote_for(text, c, found.get(n + 1)),
                    },
                    draft: true,
                });
            }
        }
        if s.year.is_some() {
            let rescued = uncovered_sentences(text, &span, &s.id, &out);
            out.extend(rescued);
        }
        out.extend(list_entries(text, &span, &s.id));
    }
    link_indicators(&mut out, outline);
    out
}

/// A sentence with a figure no entry of its section quotes (one the clause reader could not
/// take apart) is an entry of its own, quoted whole: every figure of the report stays answerable
/// and `check`'s figure coverage holds on any report.
fn uncovered_sentences(
    text: &str,
    span: &Range<usize>,
    section: &str,
    made: &[DraftEntry],
) -> Vec<DraftEntry> {
    let body = &text[span.clone()];
    let quoted: Vec<Range<usize>> = made
        .iter()
        .filter(|e| e.section == section && !e.quote.is_empty())
        .filter_map(|e| body.find(&e.quote).map(|at| at..at + e.quote.len()))
        .collect();
    let mut out = Vec::new();
    for sentence in sentences(body) {
        let piece = &body[sentence.clone()];
        let uncovered = crate::knowledge::figures::figures(piece)
            .into_iter()
            .filter(|f| !f.is_year())
            .any(|f| {
                let at = sentence.start + f.start..sentence.start + f.start + f.text.len();
                !quoted
                    .iter()
                    .any(|q| q.start <= at.start && at.end <= q.end)
            });
        let first = crate::knowledge::figures::figures(piece)
            .into_iter()
            .find(|f| !f.is_year());
        let (true, Some(first)) = (uncovered, first) else {
            continue;
        };
        let lead = clean_measure(&piece[..first.start]);
        let mut questions = vec![format!(
            "{}是多少",
            prefix(piece, 24).trim_end_matches(|c: char| !c.is_alphanumeric())
        )];
        if chars(&lead) >= 2 {
            questions.insert(0, format!("{lead}是多少"));
        }
        out.push(DraftEntry {
            id: format!("{section}-s{}", out.len() + 1),
            section: section.to_string(),
            indicator: None,
            questions: dedup(questions),
            keywords: if chars(&lead) >= 2 {
                vec![lead]
            } else {
                Vec::new()
            },
            items: None,
            answer: piece.to_string(),
            quote: piece.to_string(),
            draft: true,
        });
    }
    out
}

/// Measures that are only a verb: the figure's subject is elsewhere in the sentence or in the
/// sentence before ("教育基础设施投入不断加大。投资6349万元,…").
const BARE_VERBS: &[&str] = &[
    "投入",
    "投资",
    "完成投资",
    "实施",
    "重点实施",
    "新建",
    "建成",
    "改造",
    "新增",
    "发放",
    "开工",
    "引进",
    "落实",
    "安排",
    "筹集",
    "争取",
    "拨付",
    "建设",
    "培训",
    "帮扶",
    "救助",
    "资助",
    "完成",
];

/// Predicate words that end a topic sentence's subject ("教育基础设施投入|不断加大").
const TOPIC_ENDS: &[&str] = &[
    "不断",
    "进一步",
    "明显",
    "持续",
    "稳步",
    "加快",
    "取得",
    "日益",
    "得到",
    "更加",
    "全面",
    "有效",
    "扎实",
    "深入",
    "大力",
    "显著",
    "实现",
];

/// Longest topic sentence read as a subject (characters).
const MAX_TOPIC: usize = 24;

fn is_bare_verb(measure: &str) -> bool {
    BARE_VERBS.contains(&measure)
}

/// Verbs that open a figure-less clause naming what a bare-verb figure is spent on or done for
/// ("投资2.5亿元,实施俄罗斯风情精品街项目").
const OBJECT_VERBS: &[&str] = &[
    "重点实施",
    "实施",
    "推进",
    "启动",
    "建设",
    "新建",
    "改造",
    "打造",
    "完成",
    "用于",
    "加快",
    "开工",
    "建成",
    "扩建",
    "续建",
    "开展",
    "支持",
    "推动",
];

/// Longest object clause taken into a bare-verb figure's answer line (characters).
const MAX_OBJECT: usize = 24;

/// The clause right after a bare-verb figure's clause when it states no figure of its own and
/// opens with a verb: what the figure is about (`实施俄罗斯风情精品街项目`), and the object
/// after that verb (`俄罗斯风情精品街项目`).
fn object_clause<'t>(text: &'t str, c: &Clause) -> Option<(&'t str, &'t str)> {
    let rest = &text[c.span.end..c.sentence.end];
    let clause = rest
        .split([',', '，', ';', '；', '。'])
        .find(|p| !p.trim().is_empty())?
        .trim();
    let no_figure = crate::knowledge::figures::figures(clause)
        .iter()
        .all(|f| f.is_year());
    if !no_figure || chars(clause) > MAX_OBJECT {
        return None;
    }
    let object = OBJECT_VERBS
        .iter()
        .find_map(|v| clause.strip_prefix(v))?
        .trim_start_matches(['了', '的']);
    (chars(object) >= 2
        && object
            .chars()
            .all(|ch| super::text::is_han(ch) || "“”".contains(ch)))
    .then_some((clause, object))
}

/// What a bare-verb figure is about: the noun after a figure of its sentence's next clauses
/// ("重点实施了40个民生保障和社会事业项目"), and the subject of a short figure-less sentence just
/// before it.
fn topics_of(text: &str, c: &Clause) -> Vec<String> {
    let mut out = Vec::new();
    if let Some((_, object)) = object_clause(text, c) {
        out.push(object.replace(['“', '”'], ""));
    }
    let rest = &text[c.span.end..c.sentence.end];
    for clause in rest
        .split([',', ',', ';', ';', '。'])
        .filter(|p| !p.trim().is_empty())
        .take(2)
    {
        let Some(last) = crate::knowledge::figures::figures(clause)
            .into_iter()
            .rfind(|f| !f.is_year())
        else {
            continue;
        };
        let after = clean_measure(&clause[last.start + last.text.len()..]);
        let after = after.trim_start_matches(|ch: char| "个项所座条家户人次万亿元的".contains(ch));
        if chars(after) >= 2 {
            out.push(after.to_string());
            break;
        }
    }
    let head = text[..c.sentence.start].trim_end();
    if let Some(body) = head.strip_suffix('。') {
        let start = body.rfind(['。', '\n', ';', ';']).map_or(0, |i| {
            i + body[i..].chars().next().map_or(1, char::len_utf8)
        });
        let sentence = body[start..].trim();
        let no_figure = crate::knowledge::figures::figures(sentence)
            .iter()
            .all(|f| f.is_year());
        if no_figure && chars(sentence) <= MAX_TOPIC {
            let cut = TOPIC_ENDS
                .iter()
                .filter_map(|w| sentence.find(w))
                .filter(|&at| at > 0)
                .min()
                .unwrap_or(sentence.len());
            let subject = sentence[..cut].trim();
            if chars(subject) >= 2 && subject.chars().all(super::text::is_han) {
                out.push(subject.to_string());
            }
        }
    }
    out
}

/// The same measure in a review section and a plan section: one indicator, for comparisons.
fn link_indicators(entries: &mut [DraftEntry], outline: &Outline) {
    let year_of: HashMap<&str, Option<u16>> = outline
        .sections
        .iter()
        .map(|s| (s.id.as_str(), s.year))
        .collect();
    let mut years: HashMap<String, HashSet<u16>> = HashMap::new();
    for e in entries.iter().filter(|e| e.items.is_none()) {
        if let (Some(m), Some(Some(y))) = (e.keywords.first(), year_of.get(e.section.as_str())) {
            years.entry(m.clone()).or_default().insert(*y);
        }
    }
    for e in entries.iter_mut().filter(|e| e.items.is_none()) {
        if let Some(m) = e.keywords.first()
            && years.get(m).is_some_and(|y| y.len() > 1)
            && e.id.contains("-f")
        {
            e.indicator = Some(m.clone());
        }
    }
}

/// One entry per section: its theme (the title and the sentence that opens it).
fn theme_entry(
    text: &str,
    span: &Range<usize>,
    id: &str,
    title: &str,
    year: Option<u16>,
    kind: Option<PartKind>,
) -> Option<DraftEntry> {
    let body = &text[span.clone()];
    let first = sentences(body).into_iter().next()?;
    let quote = body[first].trim().to_string();
    let core = bare_title(title).trim();
    if chars(core) < 2 || !quote.contains(core) {
        return None;
    }
    let mut questions = vec![
        core.to_string(),
        format!("{core}怎么样"),
        format!("{core}方面做了什么"),
    ];
    match (kind, year) {
        (Some(PartKind::Review), Some(_)) => questions.push(format!("去年{core}情况")),
        (Some(_), Some(_)) => questions.push(format!("今年在{core}方面有什么安排")),
        _ => {}
    }
    let keywords: Vec<String> = core
        .split([',', '，', '、', ' '])
        .filter(|w| chars(w) >= 2)
        .map(str::to_string)
        .collect();
    Some(DraftEntry {
        id: format!("{id}-theme"),
        section: id.to_string(),
        indicator: None,
        questions: dedup(questions),
        keywords: dedup(keywords),
        items: None,
        answer: format!("{core}。"),
        quote,
        draft: true,
    })
}

/// Words before the first item that end the lead-in ("重点实施了|棚户区改造、…").
const LEAD_ENDS: &[&str] = &[
    "了", "实施", "开展", "推进", "包括", "加强", "加快", "打造", "围绕", "重点", "是", "在", "对",
    "建设", "完成",
];

/// An enumeration `A、B、C等…` inside one clause: (lead-in, items, head noun after 等).
pub fn enumeration(clause: &str) -> Option<(String, Vec<String>, String)> {
    let pieces: Vec<&str> = clause.split('、').collect();
    // a list of figures ("泊位8068个、充电桩414个") is a set of figure clauses, not items
    let listed = clause.split('等').next().unwrap_or(clause);
    if pieces.len() < MIN_ITEMS || listed.contains(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let middle = &pieces[1..pieces.len() - 1];
    if middle
        .iter()
        .any(|p| chars(p) < ITEM_CHARS.0 || chars(p) > ITEM_CHARS.1)
    {
        return None;
    }
    let longest = middle.iter().map(|p| chars(p)).max().unwrap_or(4) + 2;
    let first_piece = pieces[0];
    let cut = LEAD_ENDS
        .iter()
        .filter_map(|w| first_piece.rfind(w).map(|at| at + w.len()))
        .max()
        .unwrap_or(0);
    let mut first = &first_piece[cut..];
    if chars(first) > longest {
        first = super::text::suffix(first, longest);
    }
    let last_piece = pieces[pieces.len() - 1];
    let (last, tail) = match last_piece.find('等') {
        Some(at) => (&last_piece[..at], &last_piece[at + '等'.len_utf8()..]),
        None if chars(last_piece) <= longest => (last_piece, ""),
        None => (prefix(last_piece, longest), ""),
    };
    if chars(first) < ITEM_CHARS.0 || chars(last) < ITEM_CHARS.0 {
        return None;
    }
    let mut items = vec![first.to_string()];
    items.extend(middle.iter().map(|s| s.to_string()));
    items.push(last.to_string());
    let lead = first_piece[..first_piece.len() - first.len()]
        .trim_start_matches("重点")
        .to_string();
    Some((lead, items, numeral_free(tail)))
}

/// List entries for the enumerations of a section.
fn list_entries(text: &str, span: &Range<usize>, id: &str) -> Vec<DraftEntry> {
    let mut out = Vec::new();
    let body = &text[span.clone()];
    for sentence in sentences(body) {
        let s = body[sentence].trim();
        for clause in s.split([',', '，', ';', '；', '。', ':', '：']) {
            let Some((lead, items, head)) = enumeration(clause) else {
                continue;
            };
            let quote = if chars(s) <= MAX_LIST_QUOTE {
                s
            } else {
                clause
            };
            let lead_verb = lead.trim_end_matches('了');
            let mut questions = Vec::new();
            if !head.is_empty() {
                if !lead_verb.is_empty() {
                    questions.push(format!("{lead_verb}了哪些{head}"));
                }
                questions.push(format!("有哪些{head}"));
                questions.push(format!("{head}有哪些"));
            } else if !lead_verb.is_empty() {
                questions.push(format!("{lead_verb}了哪些"));
                questions.push(format!("{lead_verb}哪些内容"));
            } else {
                questions.push(format!("{}等有哪些", items[0]));
            }
            let mut keywords = vec![head.clone(), lead_verb.to_string()];
            keywords.extend(items.iter().cloned());
            out.push(DraftEntry {
                id: format!("{id}-list{}", out.len() + 1),
                section: id.to_string(),
                indicator: None,
                questions: dedup(questions),
                keywords: dedup(keywords.into_iter().filter(|k| chars(k) >= 2).collect()),
                items: Some(items),
                answer: format!("{}。", clause.trim()),
                quote: quote.to_string(),
                draft: true,
            });
        }
    }
    out
}

/// `2017年2月11日` in a line.
fn date_in(line: &str) -> Option<&str> {
    let y = line.find('年')?;
    let start = line[..y]
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit())
        .last()?
        .0;
    let end = line[y..].find('日')? + y + '日'.len_utf8();
    let date = &line[start..end];
    (date.contains('月') && chars(date) <= 11).then_some(date)
}

/// Offices that deliver a government work report.
const OFFICES: &[&str] = &[
    "区长", "县长", "市长", "旗长", "州长", "省长", "盟长", "主席",
];

/// The front matter's facts: the title, who delivered the report, when and at which congress.
fn structure_facts(
    text: &str,
    paragraphs: &[Paragraph<'_>],
    outline: &Outline,
    region: &Region,
) -> Vec<DraftEntry> {
    let mut out = Vec::new();
    let end = outline
        .sections
        .get(1)
        .map_or(paragraphs.len(), |s| s.paragraph);
    let front = &paragraphs[..end.min(paragraphs.len())];
    let fact =
        |id: &str, questions: &[&str], keywords: &[&str], answer: String, quote: &str| DraftEntry {
            id: id.into(),
            section: "intro".into(),
            indicator: None,
            questions: questions.iter().map(|s| s.to_string()).collect(),
            keywords: keywords.iter().map(|s| s.to_string()).collect(),
            items: None,
            answer,
            quote: quote.to_string(),
            draft: true,
        };
    if let Some(title) = front.first() {
        out.push(fact(
            "report-title",
            &[
                "这份报告的标题是什么",
                "这是什么报告",
                "报告名称",
                "报告全称",
                "Which report is this?",
            ],
            &["报告标题", "标题", "政府工作报告", "government work report"],
            format!("这份报告是《{}》。", super::text::unspaced(title.text)),
            title.text,
        ));
    }
    if let Some(p) = front
        .iter()
        .find(|p| p.text.contains("代表大会") && p.text.contains("会议"))
    {
        let line = p.text;
        let meeting = line
            .find('在')
            .and_then(|a| {
                let b = line[a..].rfind("会议")? + a + "会议".len();
                Some(&line[a + '在'.len_utf8()..b])
            })
            .unwrap_or("");
        let answer = match (date_in(line), meeting) {
            (Some(d), m) if !m.is_empty() => format!("报告于{d}在{m}上作。"),
            (Some(d), _) => format!("报告于{d}作。"),
            (None, m) if !m.is_empty() => format!("报告在{m}上作。"),
            _ => format!("{line}。"),
        };
        out.push(fact(
            "report-meeting",
            &[
                "报告是什么时候作的",
                "报告在哪次会议上作的",
                "政府工作报告是在什么会议上作的",
                "人代会是哪天开的",
                "报告日期",
                "When and at which meeting was the report delivered?",
            ],
            &[
                "人民代表大会",
                "人代会",
                "人大",
                "会议",
                "日期",
                "作报告",
                "meeting",
            ],
            answer,
            line,
        ));
    }
    let blank = |c: char| c.is_whitespace() || c == '\u{a0}';
    let reporter = front.iter().enumerate().find_map(|(k, p)| {
        let at = OFFICES
            .iter()
            .filter_map(|o| p.text.find(o).map(|i| (i + o.len(), *o)))
            .min()?;
        if !(p.text.contains("人民政府") || chars(p.text) <= 30) {
            return None;
        }
        // "徐水县人民政府县长 \n李保森": the name on a line of its own; the quote spans both lines
        let own = p.text[at.0..].trim_matches(blank);
        let quote = match front.get(k + 1) {
            Some(next) if own.is_empty() && chars(next.text) <= 4 => {
                &text[p.at..next.at + next.text.len()]
            }
            _ => p.text,
        };
        Some((p.text, quote, at))
    });
    if let Some((line, quote, (at, office))) = reporter {
        let title = line[..at].trim();
        let name = quote[at..].trim_matches(blank);
        if chars(name) >= 2 && chars(name) <= 4 {
            out.push(fact(
                "report-reporter",
                &[
                    "报告是谁作的",
                    "谁作的政府工作报告",
                    "报告人是谁",
                    "Who delivered the government work report?",
                ],
                &["报告人", "作报告", "reporter"],
                format!("政府工作报告由{title}{name}作。"),
                quote,
            ));
            let short = title.rsplit("人民政府").next().unwrap_or(office);
            let district = region.district.clone().unwrap_or_default();
            let q1 = format!("{short}是谁");
            let q2 = format!("{name}是什么职务");
            let q3 = format!("{district}{office}是谁");
            out.push(fact(
                "report-office",
                &[&q1, &q2, &q3, "Who is the head of the government?"],
                &[short, office, name, "mayor"],
                format!("{name}的职务是{title}。"),
                quote,
            ));
        }
    }
    // the report's own text: only quotes it holds
    out.retain(|e| text.contains(&e.quote));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enumerations_are_split_into_items() {
        let (lead, items, head) = enumeration(
            "重点实施了棚户区改造、基础设施完善、景观提升、市容市貌整治和东山组团建设等5项工程",
        )
        .unwrap();
        assert_eq!(lead, "实施了");
        assert_eq!(items[0], "棚户区改造");
        assert_eq!(items[3], "市容市貌整治和东山组团建设");
        assert_eq!(head, "工程");
        assert!(enumeration("一、二").is_none());
    }

    #[test]
    fn dates_and_titles() {
        assert_eq!(
            date_in("—2017年2月11日在海拉尔区会议上"),
            Some("2017年2月11日")
        );
        assert_eq!(bare_title("(三)城乡建设呈现新面貌"), "城乡建设呈现新面貌");
        assert_eq!(bare_title("二、2017年工作安排"), "2017年工作安排");
    }
}
