//! `planner map`: the generated documents a team commits (context map,
//! candidates, ER diagrams), compared with what planner generates now.

use super::Document;
use anyhow::{Context, Result};
use std::collections::BTreeSet;
use std::path::Path;

/// The map set: `context-map.md`, `candidates.md` and `er/*.md`.
pub fn in_map_set(path: &str) -> bool {
    matches!(path, "context-map.md" | "candidates.md")
        || (path.starts_with("er/") && path.ends_with(".md") && !path[3..].contains('/'))
}

/// Folders whose files planner owns, as (folder, extension): a file there
/// that is no longer generated is stale. `er/*.md` always; with `all`, the
/// folder of every generated document in a folder.
fn owned_folders(docs: &[Document], all: bool) -> BTreeSet<(String, String)> {
    let mut out: BTreeSet<(String, String)> = BTreeSet::new();
    out.insert(("er".into(), "md".into()));
    if all {
        for d in docs {
            if let (Some((dir, _)), Some((_, ext))) =
                (d.path.rsplit_once('/'), d.path.rsplit_once('.'))
            {
                out.insert((dir.to_string(), ext.to_string()));
            }
        }
    }
    out
}

/// The documents to compare: the map set, or every document.
pub fn select(docs: Vec<Document>, all: bool) -> Vec<Document> {
    docs.into_iter()
        .filter(|d| all || in_map_set(&d.path))
        .collect()
}

/// One document that differs from what is in the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    /// Not in the directory.
    Missing(String),
    /// In the directory with other contents; the unified diff.
    Stale(String, String),
    /// In a folder planner owns but no longer generated.
    Extra(String),
}

impl Drift {
    pub fn path(&self) -> &str {
        match self {
            Drift::Missing(p) | Drift::Stale(p, _) | Drift::Extra(p) => p,
        }
    }
}

/// Compares `docs` with the files in `dir`.
pub fn check(dir: &Path, docs: &[Document], all: bool) -> Result<Vec<Drift>> {
    let mut drift = Vec::new();
    for doc in docs {
        let path = dir.join(&doc.path);
        match crate::scan::read::read_regular(&path, crate::scan::read::MAX_SMALL_FILE_BYTES) {
            Ok(bytes) => {
                let old = String::from_utf8_lossy(&bytes);
                if old != doc.text {
                    drift.push(Drift::Stale(
                        doc.path.clone(),
                        unified(&doc.path, &old, &doc.text),
                    ));
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                drift.push(Drift::Missing(doc.path.clone()))
            }
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        }
    }
    let expected: BTreeSet<&str> = docs.iter().map(|d| d.path.as_str()).collect();
    for (folder, ext) in owned_folders(docs, all) {
        let Ok(entries) = std::fs::read_dir(dir.join(&folder)) else {
            continue;
        };
        let mut names: Vec<String> = entries
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter_map(|e| e.file_name().to_str().map(str::to_string))
            .filter(|n| n.ends_with(&format!(".{ext}")))
            .collect();
        names.sort();
        for name in names {
            let rel = format!("{folder}/{name}");
            if !expected.contains(rel.as_str()) {
                drift.push(Drift::Extra(rel));
            }
        }
    }
    drift.sort_by(|a, b| a.path().cmp(b.path()));
    Ok(drift)
}

/// Brings `dir` in step: writes missing and stale documents, removes extra
/// ones. Returns what it did, one line per file.
pub fn write(dir: &Path, docs: &[Document], drift: &[Drift]) -> Result<Vec<String>> {
    let mut done = Vec::new();
    for d in drift {
        let path = dir.join(d.path());
        match d {
            Drift::Missing(p) | Drift::Stale(p, _) => {
                let Some(doc) = docs.iter().find(|doc| &doc.path == p) else {
                    continue;
                };
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)
                        .with_context(|| format!("cannot create {}", parent.display()))?;
                }
                std::fs::write(&path, &doc.text)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                let verb = if matches!(d, Drift::Missing(_)) {
                    "created"
                } else {
                    "updated"
                };
                done.push(format!("{verb} {p}"));
            }
            Drift::Extra(p) => {
                std::fs::remove_file(&path)
                    .with_context(|| format!("cannot remove {}", path.display()))?;
                done.push(format!("removed {p}"));
            }
        }
    }
    Ok(done)
}

/// A unified diff, committed file first (`a/`), generated second (`b/`).
pub fn unified(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(path: &str, text: &str) -> Document {
        Document {
            path: path.into(),
            text: text.into(),
        }
    }

    #[test]
    fn map_set_is_context_map_candidates_and_er_diagrams() {
        assert!(in_map_set("context-map.md"));
        assert!(in_map_set("candidates.md"));
        assert!(in_map_set("er/billing.md"));
        assert!(!in_map_set("er/x/y.md"));
        assert!(!in_map_set("report.md"));
        assert!(!in_map_set("analysis.json"));
        assert!(!in_map_set("adr/0001-extract-billing.md"));
    }

    #[test]
    fn stale_missing_and_extra_documents_are_found_and_fixed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("er")).unwrap();
        std::fs::write(dir.path().join("context-map.md"), "old\nsame\n").unwrap();
        std::fs::write(dir.path().join("er/gone.md"), "x").unwrap();
        std::fs::write(dir.path().join("er/notes.txt"), "kept").unwrap();
        let docs = vec![
            doc("context-map.md", "new\nsame\n"),
            doc("er/shop.md", "er\n"),
        ];
        let drift = check(dir.path(), &docs, false).unwrap();
        assert_eq!(drift.len(), 3);
        match &drift[0] {
            Drift::Stale(p, diff) => {
                assert_eq!(p, "context-map.md");
                assert!(diff.contains("-old\n+new\n"), "{diff}");
                assert!(diff.contains("--- a/context-map.md"), "{diff}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(drift[1], Drift::Extra("er/gone.md".into()));
        assert_eq!(drift[2], Drift::Missing("er/shop.md".into()));
        let done = write(dir.path(), &docs, &drift).unwrap();
        assert_eq!(done.len(), 3);
        assert!(check(dir.path(), &docs, false).unwrap().is_empty());
        assert!(dir.path().join("er/notes.txt").exists());
    }
}
