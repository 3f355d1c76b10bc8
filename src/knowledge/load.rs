//! Reading a knowledge directory: every file's path and text, and TOML parsing with line numbers.
//!
//! Reads never block and nothing unreadable is skipped silently: a file is opened without
//! blocking (`O_NONBLOCK`) and read only when the opened handle is a regular file, so a FIFO,
//! socket or device in the directory is a validation error naming it instead of a hang; a
//! subdirectory that exists but cannot be listed (`golden` replaced by a file, a symlink loop,
//! no permission) is an error too, not an empty list.

use std::fs;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::ValidationError;
use super::error::line_of;

/// A file read from the knowledge directory: its path and text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path as given (relative to the working directory or absolute).
    pub path: PathBuf,
    /// Contents.
    pub text: String,
}

/// Every file of a knowledge directory, read but not yet parsed.
#[derive(Debug, Clone, Default)]
pub struct RawKnowledge {
    /// `report.txt`.
    pub report: Option<SourceFile>,
    /// `sections.toml`.
    pub sections: Option<SourceFile>,
    /// `entries/*.toml`, sorted by name.
    pub entries: Vec<SourceFile>,
    /// `synonyms.toml` and `synonyms/*.toml`.
    pub synonyms: Vec<SourceFile>,
    /// `golden/*.toml`.
    pub golden: Vec<SourceFile>,
    /// `lexicon.toml`.
    pub lexicon: Option<SourceFile>,
    /// `dict.txt`.
    pub dict: Option<SourceFile>,
    /// I/O problems met while reading.
    pub errors: Vec<ValidationError>,
}

/// Reads every knowledge file under `dir` (no parsing yet).
pub fn load_raw(dir: &Path) -> RawKnowledge {
    let mut raw = RawKnowledge::default();
    if !dir.is_dir() {
        raw.errors.push(ValidationError::file(
            dir,
            None,
            "knowledge directory not found; pass --knowledge DIR or set KNOWLEDGE_DIR",
        ));
        return raw;
    }
    raw.report = read_one(dir.join("report.txt"), true, &mut raw.errors);
    raw.sections = read_one(dir.join("sections.toml"), true, &mut raw.errors);
    raw.lexicon = read_one(dir.join("lexicon.toml"), true, &mut raw.errors);
    raw.dict = read_one(dir.join("dict.txt"), false, &mut raw.errors);
    raw.entries = read_dir_toml(&dir.join("entries"), &mut raw.errors);
    raw.synonyms = read_one(dir.join("synonyms.toml"), false, &mut raw.errors)
        .into_iter()
        .collect();
    raw.synonyms
        .extend(read_dir_toml(&dir.join("synonyms"), &mut raw.errors));
    raw.golden = read_dir_toml(&dir.join("golden"), &mut raw.errors);
    if raw.entries.is_empty() && raw.errors.is_empty() {
        raw.errors.push(ValidationError::file(
            dir.join("entries"),
            None,
            "no entry files; add entries/*.toml",
        ));
    }
    raw
}

/// Files larger than this are refused (a knowledge file is kilobytes; 100× grown, megabytes).
const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Reads a regular file without ever blocking on a special one.
fn read_regular(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // opening a FIFO for reading would wait for a writer; a device could do anything
        options.custom_flags(libc::O_NONBLOCK);
    }
    let mut file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("not a regular file ({})", kind(&meta.file_type())),
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("file is larger than {} MB", MAX_FILE_BYTES >> 20),
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// What a file is, in words.
fn kind(t: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    if t.is_dir() {
        "a directory"
    } else if t.is_symlink() {
        "a symbolic link"
    } else {
        "a special file"
    }
}

fn read_one(
    path: PathBuf,
    required: bool,
    errors: &mut Vec<ValidationError>,
) -> Option<SourceFile> {
    match read_regular(&path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Some(SourceFile { path, text }),
            Err(e) => {
                let line = line_of(
                    &String::from_utf8_lossy(e.as_bytes()),
                    e.utf8_error().valid_up_to(),
                );
                errors.push(ValidationError::file(
                    path,
                    Some(line),
                    "file is not valid UTF-8; save it as UTF-8",
                ));
                None
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => None,
        Err(e) => {
            errors.push(ValidationError::file(
                path,
                None,
                format!("cannot read file: {e}; replace it with a regular UTF-8 file or remove it"),
            ));
            None
        }
    }
}

/// Every `*.toml` file of `dir` (none when `dir` does not exist). A special file there (FIFO,
/// socket, device, a link to one, a broken or looping link), whatever its name, is an error.
fn read_dir_toml(dir: &Path, errors: &mut Vec<ValidationError>) -> Vec<SourceFile> {
    let listing = match fs::read_dir(dir) {
        Ok(listing) => listing,
        Err(e)
            if e.kind() == std::io::ErrorKind::NotFound && fs::symlink_metadata(dir).is_err() =>
        {
            return Vec::new();
        }
        Err(e) => {
            errors.push(ValidationError::file(
                dir,
                None,
                format!("cannot list this directory: {e}; it must be a directory of .toml files"),
            ));
            return Vec::new();
        }
    };
    let mut paths = Vec::new();
    for entry in listing {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                errors.push(ValidationError::file(
                    dir,
                    None,
                    format!("cannot list this directory: {e}"),
                ));
                continue;
            }
        };
        let path = entry.path();
        // follows links: a loop or a dangling link is an error here
        match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => {}
            Ok(meta) if meta.is_file() => {
                if path.extension().is_some_and(|x| x == "toml") {
                    paths.push(path);
                }
            }
            Ok(meta) => errors.push(ValidationError::file(
                &path,
                None,
                format!(
                    "{} in the knowledge directory; remove it (only regular files are read)",
                    kind(&meta.file_type())
                ),
            )),
            Err(e) => errors.push(ValidationError::file(
                &path,
                None,
                format!("cannot read file: {e}; fix or remove the link"),
            )),
        }
    }
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| read_one(p, true, errors))
        .collect()
}

pub(super) fn parse<T: DeserializeOwned>(
    file: &SourceFile,
    errors: &mut Vec<ValidationError>,
) -> Option<T> {
    match toml::from_str::<T>(&file.text) {
        Ok(v) => Some(v),
        Err(e) => {
            let line = e.span().map(|s| line_of(&file.text, s.start));
            let msg = e.message().trim().to_string();
            errors.push(ValidationError::file(
                &file.path,
                line,
                format!("invalid TOML: {msg}"),
            ));
            None
        }
    }
}

pub(super) fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// FNV-1a over the bytes of every file, as 16 hex digits: deterministic across builds.
pub(super) fn content_hash(raw: &RawKnowledge) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let files = raw
        .report
        .iter()
        .chain(&raw.sections)
        .chain(&raw.lexicon)
        .chain(&raw.dict);
    for f in files
        .chain(&raw.entries)
        .chain(&raw.synonyms)
        .chain(&raw.golden)
    {
        for b in f
            .path
            .file_name()
            .unwrap_or_default()
            .as_encoded_bytes()
            .iter()
            .chain(f.text.as_bytes())
        {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}
