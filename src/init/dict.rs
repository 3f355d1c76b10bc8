//! The domain dictionary (`dict.txt`, jieba format) built from the report itself: the phrases
//! the entries are about (measures, items, titles, places) and the words the report repeats,
//! found as recurring runs of two to four characters that do not start or end on a function word.

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

/// The dictionary lines (`word freq`), sorted.
pub fn dictionary(text: &str, entries: &[DraftEntry]) -> Vec<String> {
    let mut words: BTreeMap<String, usize> = BTreeMap::new();
    for w in QUESTION_WORDS.split_whitespace() {
        words.insert(w.to_string(), PHRASE_FREQ);
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
