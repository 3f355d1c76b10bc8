//! The kinds of division a place inside a district is named with (`西溪街道`, `奋斗镇`): `init`
//! finds places by them and writes a place's short name too (`西溪`), and the engine counts a text
//! that gives the short name as naming the place. One list, so both read places the same way.

/// Suffixes of places inside a district.
pub(crate) const PLACE_SUFFIXES: &[&str] = &["街道", "苏木", "镇", "乡"];

/// A place's name without its kind of division, when two or more characters are left
/// (`西溪街道` → `西溪`; `蒋村` and `西湖大学城` have none).
pub(crate) fn short_name(place: &str) -> Option<&str> {
    PLACE_SUFFIXES
        .iter()
        .find_map(|s| place.strip_suffix(s))
        .filter(|s| s.chars().count() >= 2)
}
