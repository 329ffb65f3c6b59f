//! What mining one commit yields: plain data, cached (`cache`) with paths
//! and authors interned.
//!
//! Paths and author names are `Arc<str>`: one history repeats the same few
//! thousand paths in every commit, so records loaded from the cache share
//! one string per path, and everything downstream clones a pointer.

use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A commit id (SHA-1; libgit2 and thus planner read SHA-1 repositories).
pub type CommitId = [u8; 20];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChangeKind {
    Added,
    Modified,
    Deleted,
    /// `old_path` holds the previous name.
    Renamed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Repo-relative, `/`-separated; bytes that are not UTF-8 are written as
    /// `\xNN` so distinct paths stay distinct.
    pub path: Arc<str>,
    pub old_path: Option<Arc<str>>,
    pub kind: ChangeKind,
    /// (added, deleted) lines; `None` when line counts were not asked for or
    /// a blob is missing. Binary files count 0, as in code-maat.
    pub lines: Option<(u32, u32)>,
    /// The path (or the old path) was not valid UTF-8.
    pub non_utf8: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitRecord {
    pub id: CommitId,
    /// Author time, seconds since the epoch, and the author's UTC offset.
    pub time: i64,
    pub offset_minutes: i32,
    pub author_name: Arc<str>,
    pub author_email: Arc<str>,
    /// The message, cut to 512 bytes (only ticket ids are read from it).
    pub message: String,
    pub parents: u32,
    /// False for a commit whose parent is cut off by a shallow clone, or a
    /// merge when merges are not counted: it has no changes.
    pub diffed: bool,
    /// Every line count asked for is there (no blob was missing). Only
    /// complete records are cached, so a later fetch can fill the gaps.
    pub complete: bool,
    pub changes: Vec<Change>,
}

impl CommitRecord {
    pub fn short_id(&self) -> String {
        hex(&self.id[..4])
    }

    pub fn hex_id(&self) -> String {
        hex(&self.id)
    }
}

pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Decodes a path; invalid UTF-8 bytes become `\xNN`. Returns whether any did.
pub fn path_string(bytes: &[u8]) -> (String, bool) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), false),
        Err(_) => {
            let mut out = String::with_capacity(bytes.len() + 8);
            let mut rest = bytes;
            while !rest.is_empty() {
                match std::str::from_utf8(rest) {
                    Ok(s) => {
                        out.push_str(s);
                        break;
                    }
                    Err(e) => {
                        let (good, bad) = rest.split_at(e.valid_up_to());
                        out.push_str(std::str::from_utf8(good).unwrap_or_default());
                        let n = e.error_len().unwrap_or(bad.len()).max(1);
                        for b in &bad[..n] {
                            out.push_str(&format!("\\x{b:02X}"));
                        }
                        rest = &bad[n..];
                    }
                }
            }
            (out, true)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_bytes_are_escaped_and_flagged() {
        assert_eq!(
            path_string(b"caf\xe9.py"),
            ("caf\\xE9.py".to_string(), true)
        );
        assert_eq!(
            path_string("café.py".as_bytes()),
            ("café.py".to_string(), false)
        );
    }

    #[test]
    fn distinct_invalid_paths_stay_distinct() {
        assert_ne!(path_string(b"a\xff").0, path_string(b"a\xfe").0);
    }
}
