//! The domain dictionary (`dict.txt`, jieba format) built from the report: every word of a general
//! Chinese word list (jieba's own `dict.txt`, found as `$JIEBA_DICT` or in the cargo registry) that
//! occurs in the report, plus question words and the phrases the entries are about. Without a
//! general word list, the words the report repeats stand in: recurring runs of two to four
//! characters that do not start or end on a function word.

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
const QUESTION_WORDS: &str = "多少 什么 哪些 哪个 哪几 几个 怎么 怎么样 如何 是否 是不是 有没有 请问 告诉 知道 \
去年 今年 明年 前年 计划 目标 打算 准备 分别 各自 一共 总共 大概 大约 对比 比较 相比 变化 增长 增速 同比 \
人口 房价 天气 推荐 排名 第几 占比 比重 比例 多大 多高 新增 建成 开工 获得 情况";

/// Longest general word looked up in the report (characters).
const MAX_WORD: usize = 8;

/// Where jieba's general word list is: `$JIEBA_DICT`, else the jieba-rs sources in the cargo registry.
pub fn general_list() -> Option<std::path::PathBuf> {
    if let Some(p) = std::env::var_os("JIEBA_DICT") {
        return Some(p.into());
    }
    let home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".cargo")))?;
    let src = home.join("registry").join("src");
    let mut found: Vec<std::path::PathBuf> = std::fs::read_dir(src)
        .ok()?
        .filter_map(|e| e.ok())
        .flat_map(|index| std::fs::read_dir(index.path()).into_iter().flatten())
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("jieba-rs-"))
        .map(|e| e.path().join("src").join("data").join("dict.txt"))
        .filter(|p| p.is_file())
        .collect();
    found.sort();
    found.pop()
}

/// The words of a general word list (`word freq tag` lines) that occur in `text`, with their line.
pub fn general_words(list: &str, text: &str) -> Vec<(String, String)> {
    let mut substrings: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let starts: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    for (k, &a) in starts.iter().enumerate() {
        for &b in starts.iter().skip(k + 1).take(MAX_WORD) {
            substrings.insert(&text[a..b]);
        }
    }
    list.lines()
        .filter_map(|line| {
            let word = line.split_whitespace().next()?;
            substrings
                .contains(word)
                .then(|| (word.to_string(), line.trim().to_string()))
        })
        .collect()
}

/// The dictionary lines (`word freq [tag]`), sorted.
pub fn dictionary(text: &str, entries: &[DraftEntry], general: Option<&str>) -> Vec<String> {
    let mut words: BTreeMap<String, usize> = BTreeMap::new();
    for w in QUESTION_WORDS.split_whitespace() {
        words.insert(w.to_string(), PHRASE_FREQ);
    }
    if let Some(list) = general {
        let corpus = format!("{text}\n{QUESTION_WORDS}");
        let mut lines: BTreeMap<String, String> =
            general_words(list, &corpus).into_iter().collect();
        for w in words.keys() {
            lines
                .entry(w.clone())
                .or_insert_with(|| format!("{w} {PHRASE_FREQ}"));
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
