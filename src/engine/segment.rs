//! Chinese word segmentation with jieba and the knowledge base's own domain dictionary.
//!
//! `Jieba::empty()` plus the domain dictionary loads in about a millisecond, against ~200 ms and
//! ~36 MB for jieba's bundled 349k-word dictionary (see STACK.md); report terms such as 国高企 or
//! 专精特新 are added as words so they stay whole.

use jieba_rs::Jieba;

use crate::knowledge::DictWord;

/// Splits Chinese (and mixed) text into words.
pub struct ChineseSegmenter {
    jieba: Jieba,
}

impl std::fmt::Debug for ChineseSegmenter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ChineseSegmenter")
    }
}

impl ChineseSegmenter {
    /// Builds a segmenter from the domain dictionary plus extra words that must stay whole.
    pub fn new<'a>(dict: &[DictWord], extra: impl IntoIterator<Item = &'a str>) -> Self {
        let mut jieba = Jieba::empty();
        for w in dict {
            jieba.add_word(&w.word, w.freq, None);
        }
        let mut extra: Vec<&str> = extra
            .into_iter()
            .filter(|w| w.chars().count() >= 2)
            .collect();
        extra.sort_unstable();
        extra.dedup();
        // also for words already in the dictionary: add_word raises the frequency enough to keep
        // the word whole (西湖区 must not become 西 + 湖区). Each addition grows the dictionary's
        // total, so a second pass settles the frequencies against the final total.
        for _ in 0..2 {
            for w in &extra {
                jieba.add_word(w, None, None);
            }
        }
        Self { jieba }
    }

    /// Words of `text`, with the shorter dictionary words inside long ones too (search mode), no blanks.
    pub fn words<'a>(&self, text: &'a str) -> Vec<&'a str> {
        self.split(text, |t| {
            self.jieba
                .cut_for_search(t, false)
                .into_iter()
                .map(|t| t.word)
                .collect()
        })
        .into_iter()
        .filter(|w| !w.trim().is_empty())
        .collect()
    }

    /// Every piece of `text` in sequence, blanks included: concatenated they give `text` back.
    pub fn pieces<'a>(&self, text: &'a str) -> Vec<&'a str> {
        self.split(text, |t| self.jieba_cut(t))
    }

    /// Words of `text` in sequence, without sub-words (for splitting multi-part questions).
    pub fn cut<'a>(&self, text: &'a str) -> Vec<&'a str> {
        self.pieces(text)
            .into_iter()
            .filter(|w| !w.trim().is_empty())
            .collect()
    }

    fn jieba_cut<'a>(&self, text: &'a str) -> Vec<&'a str> {
        self.jieba
            .cut(text, false)
            .into_iter()
            .map(|t| t.word)
            .collect()
    }

    /// Latin words and numbers stay whole — jieba would cut "task" into t + as + k where the
    /// dictionary holds "as" — and the rest goes to `cut_other`, in order.
    fn split<'a>(
        &self,
        text: &'a str,
        cut_other: impl Fn(&'a str) -> Vec<&'a str>,
    ) -> Vec<&'a str> {
        let latin =
            |c: char| c.is_ascii_alphanumeric() || matches!(c, '&' | '.' | '\'' | '-' | '%' | ':');
        let mut out = Vec::new();
        let mut rest = text;
        while !rest.is_empty() {
            let first = rest.chars().next().unwrap_or(' ');
            let is_latin = first.is_ascii_alphanumeric() && latin(first);
            let end = rest
                .char_indices()
                .find(|&(_, c)| {
                    if is_latin {
                        !latin(c)
                    } else {
                        c.is_ascii_alphanumeric()
                    }
                })
                .map_or(rest.len(), |(i, _)| i);
            let (head, tail) = rest.split_at(end.max(first.len_utf8()));
            if is_latin {
                // a trailing full stop or apostrophe belongs to the sentence, not the word
                let word = head.trim_end_matches(['.', '\'', '-', ':']);
                out.push(word);
                if word.len() < head.len() {
                    out.push(&head[word.len()..]);
                }
            } else {
                out.extend(cut_other(head));
            }
            rest = tail;
        }
        out
    }
}
