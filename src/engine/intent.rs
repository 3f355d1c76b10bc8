//! What a question is about besides its topic: which year, which region, a stated figure,
//! a comparison — read from the folded text with the lexicon's word lists.

use super::scan::WordScan;
use crate::knowledge::{Lexicon, Report, figures};

/// The two years a work report speaks of, read from its sections: the year it reviews and the
/// year it plans. Nothing in the engine names a year itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Years {
    /// The reviewed year (the earliest section year).
    pub review: Option<u16>,
    /// The planned year (the latest section year, when there are two).
    pub plan: Option<u16>,
}

impl Years {
    /// The years of a report's sections.
    pub fn of(report: &Report) -> Self {
        let years = report.years();
        Self {
            review: years.first().copied(),
            plan: years.last().copied().filter(|_| years.len() > 1),
        }
    }

    /// Is `number` (digits) one of the report's years?
    fn covers(&self, number: &str) -> bool {
        [self.review, self.plan]
            .iter()
            .flatten()
            .any(|y| y.to_string() == number)
    }
}

/// Which part of the report a question points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearIntent {
    /// No year signal.
    Any,
    /// The 2022 review; `strong` for an explicit 2022/去年, weak for hints.
    Past {
        /// Explicit signal.
        strong: bool,
    },
    /// The 2023 plan; `strong` for 2023/今年/计划/目标, weak for 要/将.
    Plan {
        /// Explicit signal.
        strong: bool,
    },
    /// Both: a comparison of the 2022 result with the 2023 target.
    Both,
}

impl YearIntent {
    /// How well a document of `year` fits: 1 fits, 0 excluded. With no year signal the review
    /// year wins a tie (people ask about results more than plans).
    pub fn fit(self, year: Option<u16>, years: &Years) -> f32 {
        match (self, year) {
            (_, None) | (YearIntent::Both, _) => 1.0,
            (YearIntent::Any, y) if y == years.review => 1.0,
            (YearIntent::Any, Some(_)) => 0.97,
            (YearIntent::Past { .. }, y) if y == years.review => 1.0,
            (YearIntent::Plan { .. }, y) if y == years.plan => 1.0,
            (YearIntent::Past { strong } | YearIntent::Plan { strong }, Some(_)) => {
                if strong {
                    0.0
                } else {
                    0.8
                }
            }
        }
    }

    /// The year asked for, when explicit.
    pub fn strong_year(self, years: &Years) -> Option<u16> {
        match self {
            YearIntent::Past { strong: true } => years.review,
            YearIntent::Plan { strong: true } => years.plan,
            _ => None,
        }
    }

    /// True when the question gives any year signal.
    pub fn is_set(self) -> bool {
        self != YearIntent::Any
    }
}

/// Everything read from a question besides its topic words.
#[derive(Debug, Clone, PartialEq)]
pub struct Intent {
    /// Which year.
    pub year: YearIntent,
    /// A year the report does not cover (`2021`, `明年`).
    pub other_year: Option<String>,
    /// Another district or city named.
    pub other_region: Option<String>,
    /// An enclosing region named without anything tying the question to Xihu.
    pub parent_region: Option<String>,
    /// Unsupported measures named (增速, 同比…).
    pub unsupported: Vec<String>,
    /// Unsupported topics named (人口, 房价…).
    pub topics: Vec<String>,
    /// Places of the district named (古荡, 云栖小镇…).
    pub places: Vec<String>,
    /// Asks to compare the 2022 result with the 2023 target.
    pub compare: bool,
    /// A yes/no question (…吗, 是不是, 有没有).
    pub check: bool,
}

/// Plan words that are nouns: with [`DONE`] ("任务完成了吗") they ask about a result.
const DONE_NOUNS: &[&str] = &["任务", "目标"];

/// Words asking whether something has happened ("上线了吗", "已经").
pub(crate) const DONE: &[&str] = &[
    "了吗",
    "已经",
    "过吗",
    "了没",
    "了没有",
    "has it",
    "have they",
    "did ",
];

/// Does a folded question ask whether something has happened?
pub(crate) fn asks_done(folded: &str) -> bool {
    DONE.iter().any(|w| folded.contains(w))
}

/// True when `text` contains `word`; Latin words must stand alone (`plan` not in `planet`).
pub fn mentions(text: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    if !word.as_bytes()[0].is_ascii_alphanumeric() {
        return text.contains(word);
    }
    text.match_indices(word)
        .any(|(i, _)| super::scan::stands_alone(text, i, i + word.len()))
}

/// The lexicon's lists [`IntentReader::read`] looks for, in the order [`WordScan`] holds them.
const OTHER_YEAR: usize = 0;
const PAST: usize = 1;
const PLAN: usize = 2;
const ANCHORS: usize = 3;
const OTHER_REGIONS: usize = 4;
const PARENT_REGIONS: usize = 5;
const UNSUPPORTED: usize = 6;
const TOPICS: usize = 7;
const PLACES: usize = 8;
const COMPARE: usize = 9;
const CHECK: usize = 10;

/// Reads the intent of folded questions with the lexicon's word lists, scanned in one pass.
#[derive(Debug, Clone)]
pub(crate) struct IntentReader {
    years: Years,
    scan: WordScan,
}

/// A year list with the short forms people type: "22年" for 2022年.
fn with_short_years(words: &[String]) -> Vec<String> {
    let short = words.iter().filter_map(|w| {
        let digits = w.strip_suffix('年')?;
        (digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| format!("{}年", &digits[2..]))
    });
    let mut out = words.to_vec();
    out.extend(short);
    out
}

impl IntentReader {
    /// Compiles the lexicon's lists for a report of `years`.
    pub(crate) fn new(lex: &Lexicon, years: Years) -> Self {
        let past = with_short_years(&lex.past_words);
        let plan = with_short_years(&lex.plan_words);
        let lists: [&[String]; 11] = [
            &lex.other_year_words,
            &past,
            &plan,
            &lex.scope_anchors,
            &lex.other_regions,
            &lex.parent_regions,
            &lex.unsupported,
            &lex.unsupported_topics,
            &lex.places,
            &lex.compare_words,
            &lex.check_words,
        ];
        Self {
            years,
            scan: WordScan::new(lists),
        }
    }

    /// Reads the intent of a folded question.
    pub(crate) fn read(&self, folded: &str) -> Intent {
        let seen = self.scan.scan(folded);
        let figs = figures::figures(folded);
        let other_year = figs
            .iter()
            .filter(|f| f.is_year() && !self.years.covers(f.number))
            .map(|f| f.text.to_string())
            .next()
            .or_else(|| seen.first(OTHER_YEAR));
        let strong = |w: &str| w.chars().count() > 1;
        // "隐性债务化解任务完成了吗": a task or target asked about as done is the reviewed year's
        // result, not a plan
        let done_task =
            asks_done(folded) && seen.any(CHECK) && seen.of(PLAN).all(|w| DONE_NOUNS.contains(&w));
        let plan = seen.any(PLAN) && !done_task;
        let year = match (
            seen.of(PAST).any(strong),
            plan && seen.of(PLAN).any(strong),
            seen.any(PAST),
            plan,
        ) {
            (true, true, _, _) => YearIntent::Both,
            (true, false, _, _) => YearIntent::Past { strong: true },
            (false, true, _, _) => YearIntent::Plan { strong: true },
            (false, false, true, false) => YearIntent::Past { strong: false },
            (false, false, false, true) => YearIntent::Plan { strong: false },
            _ => YearIntent::Any,
        };
        let owned = |list| seen.of(list).map(str::to_string).collect();
        Intent {
            year,
            other_year,
            other_region: seen.first(OTHER_REGIONS),
            parent_region: if seen.any(ANCHORS) {
                None
            } else {
                seen.first(PARENT_REGIONS)
            },
            unsupported: owned(UNSUPPORTED),
            topics: owned(TOPICS),
            places: owned(PLACES),
            compare: seen.any(COMPARE),
            check: seen.any(CHECK),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YEARS: Years = Years {
        review: Some(2022),
        plan: Some(2023),
    };

    fn read(folded: &str, lex: &Lexicon) -> Intent {
        IntentReader::new(lex, YEARS).read(folded)
    }

    fn lex() -> Lexicon {
        Lexicon {
            past_words: vec!["去年".into(), "2022".into(), "2022年".into()],
            plan_words: vec!["今年".into(), "2023".into(), "要".into(), "plan".into()],
            other_year_words: vec!["明年".into()],
            other_regions: vec!["滨江区".into()],
            parent_regions: vec!["杭州市".into()],
            scope_anchors: vec!["西湖".into(), "第几".into()],
            unsupported: vec!["增速".into()],
            check_words: vec!["吗".into()],
            compare_words: vec!["对比".into()],
            ..Lexicon::default()
        }
    }

    #[test]
    fn years() {
        assert_eq!(
            read("去年gdp", &lex()).year,
            YearIntent::Past { strong: true }
        );
        assert_eq!(
            read("今年要引进多少人才", &lex()).year,
            YearIntent::Plan { strong: true }
        );
        assert_eq!(
            read("要引进多少人才", &lex()).year,
            YearIntent::Plan { strong: false }
        );
        assert_eq!(read("去年和今年对比", &lex()).year, YearIntent::Both);
        let mut done = lex();
        done.plan_words.push("任务".into());
        assert_eq!(read("化解任务完成了吗", &done).year, YearIntent::Any);
        assert_eq!(
            read("今年的任务完成了吗", &done).year,
            YearIntent::Plan { strong: true }
        );
        assert_eq!(
            read("2021年gdp", &lex()).other_year.as_deref(),
            Some("2021年")
        );
        assert_eq!(
            read("gdp in 2024", &lex()).other_year.as_deref(),
            Some("2024")
        );
        assert_eq!(read("全年做地3000亩", &lex()).other_year, None);
        assert_eq!(read("planet", &lex()).year, YearIntent::Any);
        // the short form people type
        assert_eq!(
            read("22年招了几个大项目", &lex()).year,
            YearIntent::Past { strong: true }
        );
    }

    #[test]
    fn scope_and_figures() {
        assert_eq!(
            read("滨江区gdp", &lex()).other_region.as_deref(),
            Some("滨江区")
        );
        assert_eq!(
            read("杭州市gdp", &lex()).parent_region.as_deref(),
            Some("杭州市")
        );
        assert_eq!(read("西湖区在杭州市排第几", &lex()).parent_region, None);
        assert!(read("gdp是2000亿吗", &lex()).check);
    }
}
