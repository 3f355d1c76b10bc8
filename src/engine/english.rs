//! English questions on a Chinese report: the words of the genre that the knowledge base does
//! not know (no synonym group, no entry holds them) are read as the Chinese a report writes,
//! from one built-in glossary (`english.tsv`). A curated base keeps its own English: a word
//! its synonyms or entries know is left as it is. A base `init` wrote has English only for the
//! standard measures, so "How many projects were under construction in the county seat's
//! industrial park?" needs this to reach 县城工业园区's 在建项目.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::normalize::singular;

/// The glossary, read once.
static GLOSSARY: LazyLock<Glossary> =
    LazyLock::new(|| Glossary::parse(include_str!("english.tsv")));

/// English word or phrase → Chinese.
struct Glossary {
    phrases: HashMap<String, String>,
    /// Words in the longest phrase.
    longest: usize,
}

impl Glossary {
    fn parse(text: &str) -> Self {
        let phrases: HashMap<String, String> = text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split_once('\t'))
            // a hyphen joins words as a space does (county-seat, e-commerce)
            .map(|(en, zh)| (en.trim().replace('-', " "), zh.trim().to_string()))
            .collect();
        let longest = phrases
            .keys()
            .map(|p| p.split(' ').count())
            .max()
            .unwrap_or(1);
        Self { phrases, longest }
    }

    fn get(&self, words: &[&str]) -> Option<&str> {
        let exact = words.join(" ");
        self.phrases
            .get(&exact)
            .or_else(|| {
                let single: Vec<String> = words.iter().map(|w| singular(w).into_owned()).collect();
                self.phrases.get(&single.join(" "))
            })
            .map(String::as_str)
    }
}

/// A Latin word (or number) of the text: its byte range.
fn latin_words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let part = c.is_ascii_alphanumeric() || (start.is_some() && c == '\'');
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The folded, lower-case `text` with the English words and phrases of the glossary that
/// `known` does not claim replaced by their Chinese; `None` when nothing was replaced. Glossed
/// words next to each other join into one Chinese run (county seat industrial park →
/// 县城工业园区), as the report writes them.
pub(crate) fn gloss(text: &str, known: impl Fn(&str) -> bool) -> Option<String> {
    let g = &*GLOSSARY;
    let words = latin_words(text);
    let mut spans: Vec<(usize, usize, &str)> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let mut taken = 1;
        for n in (1..=g.longest.min(words.len() - i)).rev() {
            let run = &words[i..i + n];
            // a phrase is words apart by spaces or hyphens only
            if run
                .windows(2)
                .any(|w| !text[w[0].1..w[1].0].chars().all(|c| c == ' ' || c == '-'))
            {
                continue;
            }
            let parts: Vec<&str> = run.iter().map(|&(s, e)| &text[s..e]).collect();
            if n == 1 && known(parts[0]) {
                break;
            }
            if let Some(zh) = g.get(&parts) {
                spans.push((run[0].0, run[n - 1].1, zh));
                taken = n;
                break;
            }
        }
        i += taken;
    }
    if spans.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut at = 0;
    for (k, &(s, e, zh)) in spans.iter().enumerate() {
        let gap = &text[at..s];
        let joined = k > 0 && gap.chars().all(|c| c == ' ' || c == '-');
        if !joined {
            out.push_str(gap);
        }
        out.push_str(zh);
        at = e;
    }
    out.push_str(&text[at..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_win_over_words_and_glossed_neighbours_join() {
        let out = gloss(
            "how much was invested in the county-seat industrial park",
            |_| false,
        );
        assert_eq!(
            out.as_deref(),
            Some("how much was 投资 in the 县城工业园区")
        );
    }

    #[test]
    fn every_key_is_written_once() {
        let mut seen = std::collections::HashSet::new();
        for line in include_str!("english.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            // an empty Chinese side drops the word ("worth")
            let (en, _) = line.split_once('\t').expect("english<TAB>中文");
            assert!(
                seen.insert(en.trim().replace('-', " ")),
                "written twice: {en}"
            );
        }
    }

    #[test]
    fn plurals_and_known_words_are_handled() {
        let out = gloss("how many projects", |_| false);
        assert_eq!(out.as_deref(), Some("how many 项目"));
        // a word the knowledge base knows stays English
        assert_eq!(gloss("how many projects", |w| w == "projects"), None);
        // no English at all: nothing to do
        assert_eq!(gloss("去年GDP多少", |_| false), None);
    }
}
