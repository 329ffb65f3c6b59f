//! Stage 1: find the source files worth analysing.
//!
//! The walk (with `ignore`, so `.gitignore` is honoured) is sequential and cheap;
//! reading and classifying file contents runs in parallel with rayon.

mod classify;
mod ignore_files;
pub mod read;
pub mod revision;

use crate::analysis::{Language, ScanSummary};
use crate::config::ScanConfig;
use crate::warnings::Warnings;
use anyhow::{Context, Result};
use ignore::overrides::OverrideBuilder;
use ignore::WalkBuilder;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

pub use classify::SkipReason;

/// A source file that passed every filter, with its bytes.
#[derive(Debug)]
pub struct SourceFile {
    /// Repo-relative, `/`-separated.
    pub rel: String,
    pub abs: PathBuf,
    pub language: Language,
    pub bytes: Vec<u8>,
}

/// The result of scanning: source files plus every other path the walk saw
/// (detectors need `apps.py`, `package.json`, `package.yml`, …).
#[derive(Debug)]
pub struct Scan {
    pub root: PathBuf,
    /// Sorted by `rel`.
    pub files: Vec<SourceFile>,
    /// Every non-ignored regular file, repo-relative.
    pub all_paths: BTreeSet<String>,
    pub summary: ScanSummary,
    /// Files whose content at the analysed revision differs from the working
    /// tree (empty for a plain working-tree scan). Every read of a file
    /// outside `files` goes through [`Scan::read`], which consults it first.
    pub overlay: revision::Overlay,
}

impl Scan {
    /// The bytes of `rel` as the analysed revision has them: from the overlay
    /// when the revision differs from the working tree, else from disk.
    pub fn read(&self, rel: &str) -> std::io::Result<Vec<u8>> {
        match self.overlay.get(rel) {
            Some(entry) => entry.bytes(rel),
            None => read::read_regular(&self.root.join(rel), MAX_READ_BYTES),
        }
    }

    /// The size of `rel` at the analysed revision, without reading it.
    pub fn size(&self, rel: &str) -> std::io::Result<u64> {
        match self.overlay.get(rel) {
            Some(entry) => entry.bytes(rel).map(|b| b.len() as u64),
            None => std::fs::metadata(self.root.join(rel)).map(|m| m.len()),
        }
    }
}

/// The cap of [`Scan::read`]: the largest schema dump planner reads
/// (`schema::discover::MAX_SQL_BYTES`).
pub const MAX_READ_BYTES: u64 = 512 * 1024 * 1024;

/// Directories that hold other people's code.
pub(crate) const VENDORED_DIRS: &[&str] = &[
    "node_modules",
    "vendor",
    "third_party",
    "third-party",
    "bower_components",
    "site-packages",
    "__pycache__",
    ".venv",
    "venv",
];

/// A file left out: its path, why, and a detail for the warning.
type Skipped = (String, SkipReason, Option<String>);

pub fn scan(root: &Path, config: &ScanConfig, warnings: &Warnings) -> Result<Scan> {
    let root = root
        .canonicalize()
        .with_context(|| format!("cannot open {}", root.display()))?;
    if !root.is_dir() {
        anyhow::bail!("{} is not a directory", root.display());
    }
    let mut summary = ScanSummary::default();
    let mut candidates: Vec<(String, PathBuf, Language, u64)> = Vec::new();
    let mut all_paths = BTreeSet::new();

    let overrides = exclude_overrides(&root, config)?;

    let vendored_dirs = Arc::new(AtomicUsize::new(0));
    let vendored_counter = Arc::clone(&vendored_dirs);
    // planner reads ignore files itself, so only regular ones are opened.
    let ignore_rules = ignore_files::IgnoreRules::new(&root);
    let ignore_notes = ignore_rules.notes();
    let walker = WalkBuilder::new(&root)
        .hidden(true)
        .ignore(false)
        .git_ignore(false)
        .git_exclude(false)
        .parents(false)
        .require_git(false)
        .follow_links(false)
        .overrides(overrides)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |entry| {
            let vendored = entry.file_type().is_some_and(|t| t.is_dir())
                && entry
                    .file_name()
                    .to_str()
                    .is_some_and(|name| VENDORED_DIRS.contains(&name));
            if vendored {
                vendored_counter.fetch_add(1, Ordering::Relaxed);
                return false;
            }
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            entry.depth() == 0 || !ignore_rules.is_ignored(entry.path(), is_dir)
        })
        .build();

    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                warnings.push(".", None, format!("while walking the tree: {err}"));
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let Some(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            continue;
        }
        let path = entry.path();
        let rel_path = path.strip_prefix(&root).unwrap_or(path);
        let Some(rel) = rel_path.to_str().map(|s| s.replace('\\', "/")) else {
            summary.files_seen += 1;
            *summary.skipped.entry("non_utf8_path".into()).or_default() += 1;
            warnings.push(
                rel_path.to_string_lossy().replace('\\', "/"),
                None,
                "file name is not valid UTF-8; skipped",
            );
            continue;
        };
        if file_type.is_symlink() {
            summary.files_seen += 1;
            *summary.skipped.entry("symlink".into()).or_default() += 1;
            match std::fs::metadata(path) {
                Err(err) => warnings.push(
                    rel,
                    None,
                    format!("broken or looping symlink skipped: {err}"),
                ),
                Ok(target) if !target.is_file() && !target.is_dir() => warnings.push(
                    rel,
                    None,
                    format!(
                        "symlink to {}, not a regular file; skipped",
                        read::kind_of(&target)
                    ),
                ),
                Ok(_) => {}
            }
            continue;
        }
        if !file_type.is_file() {
            summary.files_seen += 1;
            *summary.skipped.entry("not_regular".into()).or_default() += 1;
            let kind = entry
                .metadata()
                .map_or("not a regular file", |m| read::kind_of(&m));
            warnings.push(rel, None, format!("{kind}, not a regular file; skipped"));
            continue;
        }
        all_paths.insert(rel.clone());
        let Some(language) = classify::language_of(&rel) else {
            continue;
        };
        summary.files_seen += 1;
        let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
        candidates.push((rel, path.to_path_buf(), language, size));
    }

    let notes = std::mem::take(&mut *ignore_notes.lock().unwrap_or_else(|p| p.into_inner()));
    for (path, message) in notes {
        warnings.push(path, None, message);
    }

    let vendored = vendored_dirs.load(Ordering::Relaxed);
    if vendored > 0 {
        summary.skipped.insert("vendored_dir".into(), vendored);
    }

    let results: Vec<Result<SourceFile, Skipped>> = candidates
        .into_par_iter()
        .map(|(rel, abs, language, size)| {
            if size > config.max_file_bytes {
                return Err((rel, SkipReason::TooLarge, None));
            }
            let bytes = read::read_regular(&abs, config.max_file_bytes)
                .map_err(|e| (rel.clone(), SkipReason::Unreadable, Some(e.to_string())))?;
            if let Some(reason) = classify::skip_reason(&rel, &bytes) {
                return Err((rel, reason, None));
            }
            Ok(SourceFile {
                rel,
                abs,
                language,
                bytes,
            })
        })
        .collect();

    let mut files = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(file) => {
                *summary
                    .by_language
                    .entry(file.language.name().into())
                    .or_default() += 1;
                files.push(file);
            }
            Err((rel, reason, detail)) => {
                *summary.skipped.entry(reason.name().into()).or_default() += 1;
                if let Some(message) = reason.warning(detail.as_deref()) {
                    warnings.push(rel, None, message);
                }
            }
        }
    }
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    summary.files_analysed = files.len();
    Ok(Scan {
        root,
        files,
        all_paths,
        summary,
        overlay: revision::Overlay::default(),
    })
}

/// The exclude globs of `[scan]` as the walk applies them.
pub(crate) fn exclude_overrides(
    root: &Path,
    config: &ScanConfig,
) -> Result<ignore::overrides::Override> {
    let mut overrides = OverrideBuilder::new(root);
    for glob in &config.exclude {
        overrides
            .add(&format!("!{glob}"))
            .with_context(|| format!("invalid exclude glob {glob:?} in planner.toml"))?;
    }
    Ok(overrides.build()?)
}
