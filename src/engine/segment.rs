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
        self.jieba
            .cut_for_search(text, false)
            .into_iter()
            .map(|t| t.word)
            .filter(|w| !w.trim().is_empty())
            .collect()
    }

    /// Every piece of `text` in sequence, blanks included: concatenated they give `text` back.
    pub fn pieces<'a>(&self, text: &'a str) -> Vec<&'a str> {
        self.jieba
            .cut(text, false)
            .into_iter()
            .map(|t| t.word)
            .collect()
    }

    /// Words of `text` in sequence, without sub-words (for splitting multi-part questions).
    pub fn cut<'a>(&self, text: &'a str) -> Vec<&'a str> {
        self.jieba
            .cut(text, false)
            .into_iter()
            .map(|t| t.word)
            .filter(|w| !w.trim().is_empty())
            .collect()
    }
}
