//! Normalisation: small named steps that turn what a person typed into the text the engine matches.
//!
//! The order matters: NFKC first (full-width → half-width, `，` → `,`), then lower case, then
//! Traditional → Simplified (the dictionaries are Simplified), then the Telegram-specific clean-up.

use unicode_normalization::UnicodeNormalization;

/// Questions longer than this (in characters) are answered from their first part.
pub const MAX_QUESTION_CHARS: usize = 500;

/// Full-width → half-width and compatibility forms → canonical ones (`ＧＤＰ` → `GDP`, `９９．６５％` → `99.65%`).
pub fn fold_width(s: &str) -> String {
    // A question is mostly CJK ideographs, ASCII and full-width punctuation (`？`, `，`), which
    // NFKC maps one character to one: done directly, as NFKC would. Anything else goes through
    // full NFKC (it was 7 % of an answer; most questions end in a full-width `？`, so a quick
    // "already normalised" check rarely helps).
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{FF01}'..='\u{FF5E}' => out.push(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)),
            '\u{3000}' => out.push(' '),
            c if c.is_ascii() || is_nfkc_stable(c) => out.push(c),
            _ => return s.nfkc().collect(),
        }
    }
    out
}

/// Characters NFKC leaves as they are, with no composition with their neighbours: CJK unified
/// ideographs and the common Chinese punctuation.
fn is_nfkc_stable(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3001}' | '\u{3002}' | '\u{300A}'..='\u{3011}'
        | '\u{2014}' | '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' | '\u{00B7}')
}

/// Lower case, for Latin letters (`GDP` → `gdp`).
pub fn lowercase(s: &str) -> String {
    s.to_lowercase()
}

/// Traditional → Simplified Chinese, by phrase and by character (`西湖區` → `西湖区`).
pub fn to_simplified(s: &str) -> String {
    hanconv::t2s(s)
}

/// A one-character word people write for another that means the same there: `做` for `作`
/// (这报告谁做的 / 报告是谁作的). Only whole words are mapped: 做好, 做地 and 工作 stay as they are.
pub fn variant(word: &str) -> Option<&'static str> {
    match word {
        "做" => Some("作"),
        _ => None,
    }
}

/// Replaces control characters with spaces and collapses runs of white space.
pub fn collapse_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Drops trailing punctuation and sentence-final particles (`GDP多少呢?` → `GDP多少`).
pub fn trim_particles(s: &str) -> &str {
    const TRAILING: &[char] = &[
        '?', '？', '!', '！', '。', '.', ',', '，', '~', '～', ' ', '…', '、', ';', '；', ':',
        '：', '吗', '呢', '啊', '呀', '吧', '嘛', '哈',
    ];
    s.trim_end_matches(TRAILING).trim_start()
}

/// Drops trailing punctuation only, keeping particles (`今年呢?` → `今年呢`): what tells a
/// follow-up from a question.
pub fn trim_particles_keep_ne(s: &str) -> &str {
    s.trim_end_matches([
        '?', '？', '!', '！', '。', '.', ',', '，', '~', '～', ' ', '…',
    ])
}

/// Writes a bare `亿` after a number as `亿元`, the report's unit (`10亿以上` → `10亿元以上`).
/// `10个亿` is read as `10亿元` too.
pub fn expand_units(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut prev_digit = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '个' && prev_digit && chars.peek() == Some(&'亿') {
            continue;
        }
        out.push(c);
        if c == '亿' && prev_digit && !matches!(chars.peek(), Some('元' | '美')) {
            out.push('元');
        }
        prev_digit = c.is_ascii_digit();
    }
    out
}

/// Keeps at most [`MAX_QUESTION_CHARS`] characters.
pub fn truncate(s: &str) -> &str {
    match s.char_indices().nth(MAX_QUESTION_CHARS) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// The singular of a lower-case English plural (industries → industry, places → place), for
/// matching; other words as they are ("gas", "its", "status" stay).
pub fn singular(word: &str) -> std::borrow::Cow<'_, str> {
    let ascii = word.bytes().all(|b| b.is_ascii_lowercase());
    if !ascii || word.len() < 4 {
        return word.into();
    }
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y").into();
    }
    if word.ends_with('s') && !["ss", "us", "is"].iter().any(|e| word.ends_with(e)) {
        return word[..word.len() - 1].to_string().into();
    }
    word.into()
}

/// Everything but particle trimming: the text the engine reads intents from.
pub fn fold(raw: &str) -> String {
    let s = truncate(raw);
    let s = fold_width(s);
    let s = lowercase(&s);
    let s = to_simplified(&s);
    let s = expand_units(&s);
    collapse_space(&s)
}

/// The full pipeline: [`fold`] then [`trim_particles`].
pub fn normalize(raw: &str) -> String {
    trim_particles(&fold(raw)).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_become_singular() {
        assert_eq!(singular("industries"), "industry");
        assert_eq!(singular("places"), "place");
        assert_eq!(singular("status"), "status");
        assert_eq!(singular("its"), "its");
        assert_eq!(singular("农民"), "农民");
    }

    #[test]
    fn width_folding_is_nfkc() {
        let samples = [
            "２０２２年西湖区ＧＤＰ是多少？",
            "去年，社零　多少！《报告》【一】“数字”—·‘a’",
            "…①㎡ｶﾀｶﾅ é e\u{301} ﬁ 〸",
            "plain ascii 123",
            "",
        ];
        for s in samples {
            assert_eq!(fold_width(s), s.nfkc().collect::<String>(), "{s}");
        }
        let every: String = ('\u{2000}'..='\u{3100}')
            .chain('\u{FF00}'..='\u{FFEF}')
            .chain('\u{4E00}'..='\u{4F00}')
            .collect();
        for c in every.chars() {
            let s = format!("a{c}中");
            assert_eq!(
                fold_width(&s),
                s.nfkc().collect::<String>(),
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn each_step() {
        assert_eq!(fold_width("ＧＤＰ９９．６５％"), "GDP99.65%");
        assert_eq!(lowercase("GDP"), "gdp");
        assert_eq!(to_simplified("西湖區財政總收入"), "西湖区财政总收入");
        assert_eq!(collapse_space(" a \t b\u{0}c "), "a b c");
        assert_eq!(trim_particles("GDP多少呢？?"), "GDP多少");
        assert_eq!(
            expand_units("10亿以上,7.01亿美元,1亿元"),
            "10亿元以上,7.01亿美元,1亿元"
        );
        assert_eq!(normalize("２０２３年營收"), "2023年营收");
    }

    #[test]
    fn huge_input_is_cut() {
        let long = "字".repeat(10_000);
        assert_eq!(normalize(&long).chars().count(), MAX_QUESTION_CHARS);
    }
}
