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
        let mut out = Vec::new();
        for piece in self.pieces(text) {
            if piece.is_ascii() {
                out.push(piece);
            } else {
                out.extend(
                    self.jieba
                        .cut_for_search(piece, false)
                        .into_iter()
                        .map(|t| t.word),
                );
            }
        }
        out.retain(|w| !w.trim().is_empty());
        out
    }

    /// A word [`ChineseSegmenter::cut`] gave whole, and the dictionary words inside it (search
    /// mode): [`ChineseSegmenter::words`] without cutting the word again (one jieba pass instead
    /// of two for each word of a question).
    pub fn inner<'a>(&self, word: &'a str) -> Vec<&'a str> {
        if word.is_ascii() || word.chars().nth(1).is_none() {
            return vec![word];
        }
        self.jieba
            .cut_for_search(word, false)
            .into_iter()
            .map(|t| t.word)
            .filter(|w| !w.trim().is_empty())
            .collect()
    }

    /// Every piece of `text` in sequence, blanks included: concatenated they give `text` back.
    /// Latin words stay whole: jieba cuts "task" into t + as + k where the dictionary holds "as",
    /// so pieces meeting letter to letter are joined again (digits next to Chinese keep jieba's
    /// cut: "10亿元以上项目" is a dictionary word).
    pub fn pieces<'a>(&self, text: &'a str) -> Vec<&'a str> {
        let mut out: Vec<&'a str> = Vec::new();
        let mut start = 0;
        for t in self.jieba.cut(text, false) {
            let len = t.word.len();
            let letters_meet = start > 0
                && text[..start].ends_with(|c: char| c.is_ascii_alphabetic())
                && t.word.starts_with(|c: char| c.is_ascii_alphabetic());
            match out.last_mut() {
                Some(last) if letters_meet => {
                    let from = start - last.len();
                    *last = &text[from..start + len];
                }
                _ => out.push(&text[start..start + len]),
            }
            start += len;
        }
        out
    }

    /// Words of `text` in sequence, without sub-words (for splitting multi-part questions).
    pub fn cut<'a>(&self, text: &'a str) -> Vec<&'a str> {
        self.pieces(text)
            .into_iter()
            .filter(|w| !w.trim().is_empty())
            .collect()
    }
}
