//! The domain dictionary (`dict.txt`, jieba format) built from the report: every word of a general
//! Chinese word list (jieba's dictionary embedded in the binary, or the file `$JIEBA_DICT` names)
//! that occurs in the report, plus question words and the phrases the entries are about. Without a
//! general word list (only in tests), the words the report repeats stand in: recurring runs of two
//! to four characters that do not start or end on a function word.

use std::collections::{BTreeMap, HashMap};

use super::entries::DraftEntry;
use super::text::{chars, is_han};

/// Frequency given to the entries' own phrases (they must win over pieces of them).
const PHRASE_FREQ: usize = 5000;
/// Frequency per occurrence of a repeated run.
const RUN_FREQ: usize = 300;
/// How often a run of two characters must occur to count as a word (longer runs: twice).
const MIN_PAIR_COUNT: usize = 3;
/// Characters a word never starts or ends with.
const EDGE: &str = "的了和与及在是等为对把将并以中上个年我各一也都而或其之于被从向就";
/// Question words every report's users type.
pub const QUESTION_WORDS: &str = "多少 什么 哪些 哪个 哪几 几个 怎么 怎么样 如何 是否 是不是 有没有 请问 告诉 知道 \
去年 今年 明年 前年 计划 目标 打算 准备 分别 各自 一共 总共 大概 大约 对比 比较 相比 变化 增长 增速 同比 \
人口 房价 天气 推荐 排名 第几 占比 比重 比例 多大 多高 新增 建成 开工 获得 情况";

/// Longest general word looked up in the report (characters).
const MAX_WORD: usize = 8;

/// jieba's general word list: the file `$JIEBA_DICT` names (`word freq tag` lines) when set,
/// else the dictionary embedded in the binary (jieba-rs's `default-dict` feature), so a deployed
/// binary needs no file. Only `init` loads it (~0.2 s, ~35 MB while init runs); the engine keeps
/// `Jieba::empty()` plus the knowledge base's own `dict.txt`.
pub enum General {
    /// A word list read from a file.
    List(String),
    /// jieba's embedded dictionary.
    Embedded(Box<jieba_rs::Jieba>),
}

impl General {
    /// `$JIEBA_DICT` if it is set and readable, else the embedded dictionary.
    pub fn load() -> Self {
        if let Some(p) = std::env::var_os("JIEBA_DICT")
            && let Ok(list) = std::fs::read_to_string(p)
        {
            return Self::List(list);
        }
        Self::embedded()
    }

    /// jieba's embedded dictionary (~0.2 s to decompress and load).
    pub fn embedded() -> Self {
        Self::Embedded(Box::new(jieba_rs::Jieba::new()))
    }

    /// The general words that occur in `text`, each with its dictionary line (`word freq [tag]`).
    pub fn words_in(&self, text: &str) -> Vec<(String, String)> {
        match self {
            Self::List(list) => general_words(list, text),
            Self::Embedded(j) => {
                let mut found: BTreeMap<String, String> = BTreeMap::new();
                for sub in substrings(text) {
                    if found.contains_key(sub) || !j.has_word(sub) {
                        continue;
                    }
                    found.insert(sub.to_string(), embedded_line(j, sub));
                }
                found.into_iter().collect()
            }
        }
    }
}

/// Frequency written for a word of jieba's dictionary that jieba itself would cut into pieces:
/// its own frequency is below what would keep it whole, and most such words have jieba's rare-word
/// frequency, 3.
const RARE_FREQ: usize = 3;

/// The dictionary line of a word of jieba's embedded dictionary. jieba-rs does not expose a
/// word's frequency, but `suggest_freq` of a word that jieba keeps whole is that frequency (to
/// within one, from rounding).
fn embedded_line(j: &jieba_rs::Jieba, word: &str) -> String {
    if j.cut(word, false).len() != 1 {
        return format!("{word} {RARE_FREQ}");
    }
    let freq = j.suggest_freq(word);
    match j.tag(word, false).first().map(|t| t.tag) {
        Some(tag) if !tag.is_empty() => format!("{word} {freq} {tag}"),
        _ => format!("{word} {freq}"),
    }
}

/// Every substring of `text` of one to [`MAX_WORD`] characters (with repeats).
fn substrings(text: &str) -> impl Iterator<Item = &str> {
    let starts: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    (0..starts.len()).flat_map(move |k| {
        let a = starts[k];
        starts[k + 1..]
            .iter()
            .take(MAX_WORD)
            .map(move |&b| &text[a..b])
            .collect::<Vec<_>>()
    })
}

/// The words of a general word list (`word freq tag` lines) that occur in `text`, with their line.
pub fn general_words(list: &str, text: &str) -> Vec<(String, String)> {
    let substrings: std::collections::HashSet<&str> = substrings(text).collect();
    list.lines()
        .filter_map(|line| {
            let word = line.split_whitespace().next()?;
            substrings
                .contains(word)
                .then(|| (word.to_string(), line.trim().to_string()))
        })
        .collect()
}

/// How often a pair of characters no general word list holds must stand on its own in the
/// report to be a word of its own (容城 2020: 征迁 40 times, 容东 9; without it both were cut into
/// single characters that weigh like unknown terms).
const MIN_OWN_PAIR_COUNT: usize = 5;

/// The report's own two-character words: pairs of Han characters that the general words do not
/// hold, occurring at least [`MIN_OWN_PAIR_COUNT`] times where no general word crosses their
/// edges ("改造提升" has 造提 often, but 改造 and 提升 cross it: no word).
fn report_pairs(text: &str, general: &BTreeMap<String, String>) -> Vec<(String, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let is_word = |a: char, b: char| general.contains_key(&String::from_iter([a, b]));
    let mut counts: HashMap<String, usize> = HashMap::new();
    for i in 0..chars.len().saturating_sub(1) {
        let (a, b) = (chars[i], chars[i + 1]);
        if !is_han(a) || !is_han(b) || EDGE.contains(a) || EDGE.contains(b) || is_word(a, b) {
            continue;
        }
        let crossed_before = i > 0 && is_word(chars[i - 1], a);
        let crossed_after = chars.get(i + 2).is_some_and(|&c| is_word(b, c));
        if !crossed_before && !crossed_after {
            *counts.entry(String::from_iter([a, b])).or_default() += 1;
        }
    }
    let mut pairs: Vec<(String, usize)> = counts
        .into_iter()
        .filter(|(_, n)| *n >= MIN_OWN_PAIR_COUNT)
        .collect();
    pairs.sort();
    pairs
}

/// The dictionary lines (`word freq [tag]`), sorted.
/// `general` holds the general words found in the report and the question words (see
/// [`General::words_in`]); without it, recurring runs of the report stand in.
pub fn dictionary(
    text: &str,
    entries: &[DraftEntry],
    general: Option<&[(String, String)]>,
) -> Vec<String> {
    let mut words: BTreeMap<String, usize> = BTreeMap::new();
    for w in QUESTION_WORDS.split_whitespace() {
        words.insert(w.to_string(), PHRASE_FREQ);
    }
    if let Some(found) = general {
        let mut lines: BTreeMap<String, String> = found.iter().cloned().collect();
        for w in words.keys() {
            lines
                .entry(w.clone())
                .or_insert_with(|| format!("{w} {PHRASE_FREQ}"));
        }
        for (w, count) in report_pairs(text, &lines) {
            lines
                .entry(w.clone())
                .or_insert_with(|| format!("{w} {}", RUN_FREQ * count));
        }
        return lines.into_values().collect();
    }
    for e in entries {
        for k in e.keywords.iter().chain(e.items.iter().flatten()) {
            if chars(k) >= 2 && chars(k) <= 12 && k.chars().all(is_han) {
                words.insert(k.clone(), PHRASE_FREQ);
            }
        }
    }
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut runs: Vec<Vec<char>> = vec![Vec::new()];
    for c in text.chars() {
        if is_han(c) {
            if let Some(r) = runs.last_mut() {
                r.push(c);
            }
        } else if runs.last().is_some_and(|r| !r.is_empty()) {
            runs.push(Vec::new());
        }
    }
    for r in &runs {
        for n in 2..=4 {
            for w in r.windows(n) {
                if EDGE.contains(w[0]) || EDGE.contains(w[n - 1]) {
                    continue;
                }
                *counts.entry(w.iter().collect()).or_default() += 1;
            }
        }
    }
    // a shorter run that only ever occurs inside one longer run is a piece, not a word
    let mut pieces: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (l, &c) in &counts {
        let cs: Vec<char> = l.chars().collect();
        if cs.len() < 3 {
            continue;
        }
        for sub in [&cs[..cs.len() - 1], &cs[1..]] {
            let sub: String = sub.iter().collect();
            if counts.get(&sub) == Some(&c) {
                pieces.insert(sub);
            }
        }
    }
    for (w, &count) in &counts {
        let enough = if chars(w) == 2 {
            count >= MIN_PAIR_COUNT
        } else {
            count >= 2
        };
        if enough && !pieces.contains(w) {
            words.entry(w.clone()).or_insert(RUN_FREQ * count);
        }
    }
    words.into_iter().map(|(w, f)| format!("{w} {f}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_s_own_pairs_are_words_where_no_general_word_crosses_them() {
        let general: BTreeMap<String, String> = ["改造", "提升", "群众"]
            .iter()
            .map(|w| (w.to_string(), format!("{w} 100")))
            .collect();
        let text = "征迁群众,".repeat(5) + &"改造提升,".repeat(5);
        let pairs: Vec<String> = report_pairs(&text, &general)
            .into_iter()
            .map(|(w, _)| w)
            .collect();
        assert_eq!(pairs, ["征迁"]);
    }
}
