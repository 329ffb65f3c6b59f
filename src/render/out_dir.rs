//! Reusing an `--out` directory: planner writes a fresh set of documents and
//! removes the ones it wrote before that the new set no longer has (an ADR
//! renumbered, a module gone), so no stale ADR keeps a duplicate number. It
//! removes only files it wrote: those listed in the directory's manifest, or,
//! for a directory written before the manifest existed, generated names
//! (`adr/NNNN-extract-*.md`, `dor/*.md`, `dod/*.md`, `er/*.md`) whose text
//! shows planner's built-in template. Anything else is the user's and stays.

use crate::scan::read::{read_regular, MAX_SMALL_FILE_BYTES};
use anyhow::{Context, Result};
use std::collections::BTreeSet;
use std::path::Path;

/// The list of files planner wrote in an output directory, one per line.
pub const MANIFEST: &str = ".planner-written";

/// `adr/NNNN-extract-*.md`, `dor/*.md`, `dod/*.md`, `er/*.md`: the per-module
/// documents whose set changes from run to run.
fn is_per_module_document(rel: &str) -> bool {
    let Some((folder, name)) = rel.split_once('/') else {
        return false;
    };
    if name.contains('/') || !name.ends_with(".md") {
        return false;
    }
    match folder {
        "adr" => {
            let digits = name.chars().take_while(|c| c.is_ascii_digit()).count();
            digits == 4 && name[digits..].starts_with("-extract-")
        }
        "dor" | "dod" | "er" => true,
        _ => false,
    }
}

/// The first words of the built-in template for `rel`'s folder.
fn looks_generated(rel: &str, text: &str) -> bool {
    match rel.split_once('/').map(|(folder, _)| folder) {
        Some("adr") => text.contains("* Drafted by planner "),
        Some("dor") => text.starts_with("# Definition of Ready: extract `"),
        Some("dod") => text.starts_with("# Definition of Done: extract `"),
        Some("er") => text.starts_with("# Tables of `"),
        _ => false,
    }
}

/// The per-module documents planner wrote in `out` before this run.
fn written_before(out: &Path) -> BTreeSet<String> {
    if let Ok(bytes) = read_regular(&out.join(MANIFEST), MAX_SMALL_FILE_BYTES) {
        return String::from_utf8_lossy(&bytes)
            .lines()
            .map(str::trim)
            .filter(|rel| is_per_module_document(rel))
            .map(str::to_string)
            .collect();
    }
    let mut found = BTreeSet::new();
    for folder in ["adr", "dor", "dod", "er"] {
        let Ok(entries) = std::fs::read_dir(out.join(folder)) else {
            continue;
        };
        for entry in entries.flatten() {
            let Some(name) = entry.file_name().to_str().map(str::to_string) else {
                continue;
            };
            let rel = format!("{folder}/{name}");
            if !is_per_module_document(&rel) {
                continue;
            }
            let Ok(bytes) = read_regular(&entry.path(), MAX_SMALL_FILE_BYTES) else {
                continue;
            };
            if looks_generated(&rel, &String::from_utf8_lossy(&bytes)) {
                found.insert(rel);
            }
        }
    }
    found
}

/// Removes what planner wrote in `out` before and `now` no longer holds.
/// Returns the removed paths.
pub fn remove_stale(out: &Path, now: &BTreeSet<String>) -> Result<Vec<String>> {
    let mut removed = Vec::new();
    for rel in written_before(out) {
        if now.contains(&rel) {
            continue;
        }
        let path = out.join(&rel);
        // Only a regular file (never a directory or what a link points at).
        let is_file = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
        if is_file {
            std::fs::remove_file(&path)
                .with_context(|| format!("cannot remove {}", path.display()))?;
            removed.push(rel);
        }
    }
    Ok(removed)
}

/// Records what this run wrote.
pub fn write_manifest(out: &Path, written: &[String]) -> Result<()> {
    let mut text = String::new();
    for rel in written {
        text.push_str(rel);
        text.push('\n');
    }
    let path = out.join(MANIFEST);
    std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_module_documents_are_recognised_by_name() {
        assert!(is_per_module_document("adr/0003-extract-shop.md"));
        assert!(!is_per_module_document("adr/0003-use-postgres.md"));
        assert!(!is_per_module_document("report.md"));
        assert!(is_per_module_document("er/shop.md"));
        assert!(!is_per_module_document("er/notes.txt"));
    }
}
