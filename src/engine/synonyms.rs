//! Synonym groups: every variant is rewritten to its group's canonical term before segmentation.

use rustc_hash::FxHashMap as HashMap;

use super::normalize;
use crate::knowledge::SynonymGroup;

/// Rewrites synonyms to canonical terms, longest match first.
#[derive(Debug, Default)]
pub struct SynonymMap {
    /// First char of a variant → (variant, canonical), longest variant first.
    by_first: HashMap<char, Vec<(String, String)>>,
}

impl SynonymMap {
    /// Builds the map; terms are normalised the same way questions are.
    pub fn new(groups: &[SynonymGroup]) -> Self {
        let mut by_first: HashMap<char, Vec<(String, String)>> = HashMap::default();
        for g in groups {
            let canonical = normalize::fold(&g.terms[0]);
            for t in &g.terms {
                let t = normalize::fold(t);
                if let Some(c) = t.chars().next() {
                    by_first.entry(c).or_default().push((t, canonical.clone()));
                }
            }
        }
        for list in by_first.values_mut() {
            list.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
            list.dedup_by(|a, b| a.0 == b.0);
        }
        Self { by_first }
    }

    /// True when `word` is one of the terms (a variant or a canonical form).
    pub fn is_term(&self, word: &str) -> bool {
        word.chars()
            .next()
            .and_then(|c| self.by_first.get(&c))
            .is_some_and(|l| l.iter().any(|(t, _)| t == word))
    }

    fn canonical_of(&self, term: &str) -> Option<&str> {
        let list = self.by_first.get(&term.chars().next()?)?;
        list.iter()
            .find(|(t, _)| t == term)
            .map(|(_, c)| c.as_str())
    }

    /// Every canonical term (to add to the segmenter's dictionary).
    pub fn canonical_terms(&self) -> impl Iterator<Item = &str> {
        self.by_first.values().flatten().map(|(_, c)| c.as_str())
    }

    /// Every term, variants included.
    pub fn all_terms(&self) -> impl Iterator<Item = &str> {
        self.by_first.values().flatten().map(|(t, _)| t.as_str())
    }

    /// Replaces each variant in `text` with its canonical term (`社零多少` → `社会消费品零售总额多少`).
    ///
    /// Latin variants only match whole words, so `vs` does not fire inside `investment`.
    pub fn canonicalize(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 16);
        let mut i = 0;
        let bytes = text.as_bytes();
        while i < text.len() {
            let c = text[i..].chars().next().unwrap_or(' ');
            let hit = self.by_first.get(&c).and_then(|list| {
                list.iter().find(|(variant, _)| {
                    text[i..].starts_with(variant.as_str()) && {
                        let end = i + variant.len();
                        let ascii_word = variant.as_bytes()[0].is_ascii_alphanumeric();
                        !ascii_word
                            || ((i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
                                && (end == text.len() || !bytes[end].is_ascii_alphanumeric()))
                    }
                })
            });
            match hit {
                Some((variant, canonical)) => {
                    out.push(' ');
                    out.push_str(canonical);
                    out.push(' ');
                    i += variant.len();
                }
                None if c.is_ascii_alphabetic()
                    && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric()) =>
                {
                    // an English plural: `greenways` is `greenway`
                    let end = text[i..]
                        .find(|ch: char| !ch.is_ascii_alphanumeric())
                        .map_or(text.len(), |n| i + n);
                    let word = &text[i..end];
                    let singular = [word.strip_suffix("es"), word.strip_suffix('s')]
                        .into_iter()
                        .flatten()
                        .find_map(|w| self.canonical_of(w));
                    match singular {
                        Some(canonical) => {
                            out.push(' ');
                            out.push_str(canonical);
                            out.push(' ');
                        }
                        None => out.push_str(word),
                    }
                    i = end;
                }
                None => {
                    out.push(c);
                    i += c.len_utf8();
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map() -> SynonymMap {
        SynonymMap::new(&[
            SynonymGroup {
                terms: vec!["社会消费品零售总额".into(), "社零".into()],
            },
            SynonymGroup {
                terms: vec!["实际利用外资".into(), "外资".into(), "fdi".into()],
            },
        ])
    }

    #[test]
    fn variants_become_canonical() {
        assert_eq!(
            map().canonicalize("社零多少").trim(),
            "社会消费品零售总额 多少"
        );
        assert_eq!(map().canonicalize("实际利用外资").trim(), "实际利用外资");
        assert_eq!(
            map().canonicalize("fdi in 2022").trim(),
            "实际利用外资  in 2022"
        );
        assert_eq!(map().canonicalize("fdic"), "fdic");
        assert_eq!(map().canonicalize("fdis").trim(), "实际利用外资");
    }
}
