//! Synthetic growth: a knowledge directory 10× or 100× the real one, for scale measurements.
//!
//! Copy `k` (1 ≤ k < times) is the whole real knowledge base — report text, sections, entries,
//! dictionary words — written in a scrambled alphabet: a per-copy substitution that keeps each
//! character with probability ½ and otherwise replaces it by a pseudo-random CJK character (or
//! letter). Digits, punctuation and the unit characters of figures (亿元, %, 年…) are kept, so
//! every quotation stays verbatim in the grown report and every figure in its quotation: the
//! copies pass the same validation as the real files. Because characters are kept or replaced
//! independently, short common words survive in many copies and long specific terms in few —
//! the copies share vocabulary the way reports of different districts do, instead of being
//! exact duplicates (all ties) or strangers (no shared terms at all).
//!
//! Copy 0 is the real knowledge base, unchanged (golden questions, synonyms and lexicon are the
//! real ones), so real questions still have their real answers among the noise.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use toml::{Table, Value};

use crate::knowledge::figures::UNITS;

/// What [`grow`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grown {
    /// Entries written (real ones included).
    pub entries: usize,
    /// Sections written.
    pub sections: usize,
    /// Bytes of report text.
    pub report_bytes: usize,
}

/// SplitMix64: a well-mixed 64-bit hash of one 64-bit value.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The substitution of copy `copy` for one character (copy 0 is the identity).
pub fn scramble_char(copy: u64, c: char) -> char {
    const CJK: (u32, u32) = (0x4E00, 0x9FA5);
    if copy == 0 || UNITS.iter().any(|u| u.in_figures && u.word.contains(c)) {
        return c;
    }
    let (first, count) = match c {
        '\u{4E00}'..='\u{9FA5}' => (CJK.0, CJK.1 - CJK.0 + 1),
        'a'..='z' => ('a' as u32, 26),
        'A'..='Z' => ('A' as u32, 26),
        _ => return c,
    };
    let h = mix((copy << 32) | u64::from(c as u32));
    if h & 1 == 0 {
        return c;
    }
    char::from_u32(first + ((h >> 1) % u64::from(count)) as u32).unwrap_or(c)
}

/// A text in copy `copy`'s alphabet.
pub fn scramble(copy: u64, text: &str) -> String {
    text.chars().map(|c| scramble_char(copy, c)).collect()
}

/// Copy `copy` of a TOML table: ids and section references get a `-x<copy>` suffix, English
/// answer lines are kept, every other string (also inside arrays) is scrambled, numbers and
/// booleans are kept.
fn scramble_table(copy: u64, table: &Table) -> Table {
    table
        .iter()
        .map(|(key, value)| {
            let value = match (key.as_str(), value) {
                ("id" | "section", Value::String(s)) => Value::String(format!("{s}-x{copy}")),
                // English, checked against the quote's figures by their scale words (billion):
                // scrambled letters would lose them, and it holds no Chinese to scramble
                ("answer_en", v) => v.clone(),
                (_, v) => scramble_value(copy, v),
            };
            (key.clone(), value)
        })
        .collect()
}

fn scramble_value(copy: u64, value: &Value) -> Value {
    match value {
        Value::String(s) => Value::String(scramble(copy, s)),
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| scramble_value(copy, v)).collect())
        }
        Value::Table(t) => Value::Table(scramble_table(copy, t)),
        other => other.clone(),
    }
}

/// The `[[key]]` tables of a TOML file's text.
fn tables(path: &Path, key: &str) -> Result<Vec<Table>> {
    let text =
        fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let doc: Table =
        toml::from_str(&text).with_context(|| format!("{} is not TOML", path.display()))?;
    Ok(match doc.get(key) {
        Some(Value::Array(items)) => items.iter().filter_map(|v| v.as_table().cloned()).collect(),
        _ => Vec::new(),
    })
}

fn write_tables(path: &Path, groups: Vec<(&str, Vec<Table>)>, header: &str) -> Result<()> {
    let mut doc = Table::new();
    for (key, items) in groups.into_iter().filter(|(_, items)| !items.is_empty()) {
        doc.insert(
            key.into(),
            Value::Array(items.into_iter().map(Value::Table).collect()),
        );
    }
    let text = format!("{header}\n{}", toml::to_string(&doc)?);
    fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to).with_context(|| format!("cannot create {}", to.display()))?;
    for entry in fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target)
                .with_context(|| format!("cannot copy {}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// The file that marks a directory as written by [`grow`] (only such a directory is replaced).
pub const MARKER: &str = ".grown";

/// The largest `--times` [`grow`] accepts.
pub const MAX_TIMES: usize = 1000;

/// `path` made absolute with symlinks resolved as far as it exists (the rest is appended), so
/// `K/sub`, `./K/../K/sub` and a symlink into `K` all compare as inside `K`.
fn absolute(path: &Path) -> Result<std::path::PathBuf> {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .context("cannot read the current directory")?
            .join(path)
    };
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(canonical) = existing.canonicalize() {
            let mut out = canonical;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return Ok(out);
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return Ok(path),
        }
    }
}

/// Writes into `out` a knowledge directory `times` × the one in `real` (see the module docs).
/// `out` is replaced if an earlier `grow` wrote it; any other existing directory is refused, so a
/// mistyped `--out knowledge` cannot delete a real knowledge base.
pub fn grow(real: &Path, out: &Path, times: usize) -> Result<Grown> {
    anyhow::ensure!(
        (1..=MAX_TIMES).contains(&times),
        "--times must be between 1 and {MAX_TIMES} (at {MAX_TIMES}× the directory is about 220 MB and the bot needs about 3 GB to load it); got {times}"
    );
    let (real_abs, out_abs) = (absolute(real)?, absolute(out)?);
    anyhow::ensure!(
        !out_abs.starts_with(&real_abs),
        "--out {} is inside the knowledge directory {} it copies; choose a directory outside it",
        out.display(),
        real.display()
    );
    anyhow::ensure!(
        !real_abs.starts_with(&out_abs),
        "--out {} contains the knowledge directory {} and would be replaced; choose another directory",
        out.display(),
        real.display()
    );
    if out.exists() {
        anyhow::ensure!(
            out.join(MARKER).is_file(),
            "refusing to replace {}: `report-bot grow` did not write it; choose a new directory or remove it yourself",
            out.display()
        );
        fs::remove_dir_all(out).with_context(|| format!("cannot replace {}", out.display()))?;
    }
    copy_dir(real, out)?;
    fs::write(
        out.join(MARKER),
        "written by `report-bot grow`; replaced by the next one\n",
    )
    .with_context(|| format!("cannot write {}", out.join(MARKER).display()))?;
    let copies = 1..times as u64;
    let header = "# Synthetic growth written by `report-bot grow`: scrambled copies of the real knowledge base.";

    let mut report = fs::read_to_string(real.join("report.txt"))
        .with_context(|| format!("cannot read {}", real.join("report.txt").display()))?;
    let original = report.clone();
    if !report.ends_with('\n') {
        report.push('\n');
    }
    for k in copies.clone() {
        report.push_str(&scramble(k, &original));
        if !report.ends_with('\n') {
            report.push('\n');
        }
    }
    fs::write(out.join("report.txt"), &report)?;

    // parts are scrambled like the report, so each copy's sections name their copy's parts
    let grow_tables = |key: &str| -> Result<Vec<Table>> {
        let real_tables = tables(&real.join("sections.toml"), key)?;
        let mut all = real_tables.clone();
        for k in copies.clone() {
            all.extend(real_tables.iter().map(|s| scramble_table(k, s)));
        }
        Ok(all)
    };
    let sections = grow_tables("section")?;
    let section_count = sections.len();
    write_tables(
        &out.join("sections.toml"),
        vec![("part", grow_tables("part")?), ("section", sections)],
        header,
    )?;

    let mut real_entries = Vec::new();
    let mut names: Vec<_> = fs::read_dir(real.join("entries"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    names.sort();
    for path in &names {
        real_entries.extend(tables(path, "entry")?);
    }
    for k in copies.clone() {
        let copy = real_entries.iter().map(|e| scramble_table(k, e)).collect();
        write_tables(
            &out.join("entries").join(format!("synthetic-{k:04}.toml")),
            vec![("entry", copy)],
            header,
        )?;
    }

    let dict = fs::read_to_string(real.join("dict.txt"))?;
    let mut grown_dict = dict.clone();
    for k in copies {
        for line in dict.lines().filter(|l| !l.trim_start().starts_with('#')) {
            grown_dict.push_str(&scramble(k, line));
            grown_dict.push('\n');
        }
    }
    fs::write(out.join("dict.txt"), grown_dict)?;

    Ok(Grown {
        entries: real_entries.len() * times,
        sections: section_count,
        report_bytes: report.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_zero_is_the_real_text_and_figures_survive() {
        let text = "全区实现地区生产总值1970.1亿元,增长2.1%。GDP";
        assert_eq!(scramble(0, text), text);
        let copy = scramble(7, text);
        assert_ne!(copy, text);
        assert_eq!(copy.chars().count(), text.chars().count());
        assert!(copy.contains("1970.1亿元"));
        assert!(copy.contains("2.1%"));
        // the same substitution everywhere: a quotation stays a substring of its copy
        assert!(
            scramble(7, "全区实现地区生产总值1970.1亿元,增长2.1%。GDP")
                .contains(&scramble(7, "生产总值1970.1"))
        );
    }

    #[test]
    fn about_half_the_characters_change() {
        let text: String = ('\u{5000}'..'\u{5400}').collect();
        let changed = text.chars().filter(|&c| scramble_char(3, c) != c).count();
        assert!((400..624).contains(&changed), "{changed} of 1024 changed");
    }
}
