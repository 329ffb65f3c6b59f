//! A scan of a git revision, read straight from git objects: no checkout,
//! nothing written anywhere.
//!
//! A revision is described as the working-tree scan plus an [`Overlay`]: the
//! paths whose content at that revision differs from the working tree, with
//! their bytes taken from blobs. A revision close to the working tree (the
//! base of a pull request) then costs one tree-to-workdir diff and the blobs
//! of the changed files, not a read of every blob.

use super::{classify, exclude_overrides, Scan, SourceFile, VENDORED_DIRS};
use crate::config::ScanConfig;
use crate::warnings::Warnings;
use anyhow::{Context, Result};
use git2::{Delta, DiffOptions, FileMode, Repository, Tree};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// One path at a revision, where it differs from the working tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// The file's bytes at the revision.
    Present(Arc<Vec<u8>>),
    /// The path does not exist at the revision (or is not a regular file).
    Absent,
    /// The revision has the file but its blob could not be read (a partial
    /// clone that lacks it); the reason.
    Unreadable(String),
}

impl Entry {
    pub fn bytes(&self, rel: &str) -> std::io::Result<Vec<u8>> {
        match self {
            Entry::Present(bytes) => Ok(bytes.as_ref().clone()),
            Entry::Absent => Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("{rel} does not exist at this revision"),
            )),
            Entry::Unreadable(reason) => Err(std::io::Error::other(reason.clone())),
        }
    }
}

/// Repo-relative path → its state at the revision, for the paths that differ
/// from the working tree.
#[derive(Debug, Clone, Default)]
pub struct Overlay(BTreeMap<String, Entry>);

impl Overlay {
    pub fn get(&self, rel: &str) -> Option<&Entry> {
        self.0.get(rel)
    }

    pub fn paths(&self) -> impl Iterator<Item = &String> {
        self.0.keys()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The git repository holding `root`, and `root`'s path inside its work tree
/// (`""` at the top, else `sub/dir/`).
pub fn open_repository(root: &Path) -> Result<(Repository, String)> {
    let root = root
        .canonicalize()
        .with_context(|| format!("cannot open {}", root.display()))?;
    let repo = Repository::discover(&root).map_err(|e| {
        anyhow::anyhow!(
            "{} is not inside a git repository ({}); planner diff compares two revisions",
            root.display(),
            e.message()
        )
    })?;
    let workdir = repo
        .workdir()
        .context("the git repository is bare; planner diff needs its work tree")?
        .canonicalize()?;
    let prefix = root
        .strip_prefix(&workdir)
        .ok()
        .and_then(|p| p.to_str())
        .map(|p| p.replace('\\', "/"))
        .unwrap_or_default();
    let prefix = if prefix.is_empty() {
        prefix
    } else {
        format!("{}/", prefix.trim_end_matches('/'))
    };
    Ok((repo, prefix))
}

/// What differs between `tree` and the working tree below `prefix`: every
/// tracked change (staged or not) and every untracked, non-ignored file.
pub fn overlay_for(
    repo: &Repository,
    prefix: &str,
    tree: &Tree,
    config: &ScanConfig,
    warnings: &Warnings,
) -> Result<Overlay> {
    // Paths the walk would not see (hidden or vendored folders, excludes)
    // are no part of either revision: an untracked `.cache/` in CI is not a
    // change under review.
    let root = repo.workdir().map(|w| w.join(prefix)).unwrap_or_default();
    let excludes = exclude_overrides(&root, config)?;
    let mut options = DiffOptions::new();
    options
        .include_untracked(true)
        .recurse_untracked_dirs(true)
        .include_typechange(true)
        .ignore_submodules(true);
    if !prefix.is_empty() {
        options.pathspec(prefix);
    }
    let diff = repo
        .diff_tree_to_workdir_with_index(Some(tree), Some(&mut options))
        .context("cannot compare the revision with the working tree")?;
    let mut map = BTreeMap::new();
    for delta in diff.deltas() {
        let (side, present) = match delta.status() {
            Delta::Added | Delta::Untracked => (delta.new_file(), false),
            Delta::Deleted | Delta::Modified | Delta::Typechange => (delta.old_file(), true),
            _ => continue,
        };
        let Some(path) = side.path_bytes() else {
            continue;
        };
        let Ok(path) = std::str::from_utf8(path) else {
            warnings.push(
                String::from_utf8_lossy(path).into_owned(),
                None,
                "file name is not valid UTF-8; skipped",
            );
            continue;
        };
        let Some(rel) = path.strip_prefix(prefix) else {
            continue;
        };
        if !admitted(rel, &excludes) {
            continue;
        }
        let blob_mode = matches!(side.mode(), FileMode::Blob | FileMode::BlobExecutable);
        let entry = if present && blob_mode {
            match repo.find_blob(side.id()) {
                Ok(blob) => Entry::Present(Arc::new(blob.content().to_vec())),
                Err(e) => {
                    let reason = format!(
                        "blob {} is missing from the repository (a partial or shallow clone?): {}",
                        side.id(),
                        e.message()
                    );
                    warnings.push(
                        rel,
                        None,
                        format!("cannot read the revision's file: {reason}"),
                    );
                    Entry::Unreadable(reason)
                }
            }
        } else {
            Entry::Absent
        };
        map.insert(rel.to_string(), entry);
    }
    Ok(Overlay(map))
}

/// The scan of a revision: `worktree` with every overlay path swapped in or
/// out, under the same filters the walk applies (hidden and vendored
/// folders, `[scan] exclude`, size, binary, minified and generated files).
pub fn apply(
    worktree: &Scan,
    overlay: Overlay,
    config: &ScanConfig,
    warnings: &Warnings,
) -> Result<Scan> {
    let excludes = exclude_overrides(&worktree.root, config)?;
    let admitted = |rel: &str| admitted(rel, &excludes);

    let mut files: Vec<SourceFile> = worktree
        .files
        .iter()
        .filter(|f| overlay.get(&f.rel).is_none())
        .map(|f| SourceFile {
            rel: f.rel.clone(),
            abs: f.abs.clone(),
            language: f.language,
            bytes: f.bytes.clone(),
        })
        .collect();
    let mut all_paths = worktree.all_paths.clone();
    for (rel, entry) in &overlay.0 {
        let bytes = match entry {
            Entry::Present(bytes) if admitted(rel) => bytes,
            _ => {
                all_paths.remove(rel);
                continue;
            }
        };
        all_paths.insert(rel.clone());
        let Some(language) = classify::language_of(rel) else {
            continue;
        };
        if bytes.len() as u64 > config.max_file_bytes {
            if let Some(message) = classify::SkipReason::TooLarge.warning(None) {
                warnings.push(rel.as_str(), None, message);
            }
            continue;
        }
        if let Some(reason) = classify::skip_reason(rel, bytes) {
            if let Some(message) = reason.warning(None) {
                warnings.push(rel.as_str(), None, message);
            }
            continue;
        }
        files.push(SourceFile {
            rel: rel.clone(),
            abs: worktree.root.join(rel),
            language,
            bytes: bytes.as_ref().clone(),
        });
    }
    files.sort_by(|a, b| a.rel.cmp(&b.rel));

    let mut summary = worktree.summary.clone();
    summary.by_language.clear();
    for f in &files {
        *summary
            .by_language
            .entry(f.language.name().into())
            .or_default() += 1;
    }
    summary.files_seen = (summary.files_seen + files.len()).saturating_sub(summary.files_analysed);
    summary.files_analysed = files.len();
    Ok(Scan {
        root: worktree.root.clone(),
        files,
        all_paths,
        summary,
        overlay,
    })
}

/// Whether the working-tree walk would see `rel` at all: not hidden, not in
/// a vendored folder, not excluded by `[scan] exclude`.
fn admitted(rel: &str, excludes: &ignore::overrides::Override) -> bool {
    let parts: Vec<&str> = rel.split('/').collect();
    if parts
        .iter()
        .any(|p| p.starts_with('.') || VENDORED_DIRS.contains(p))
    {
        return false;
    }
    let mut dir = String::new();
    for part in &parts[..parts.len().saturating_sub(1)] {
        if !dir.is_empty() {
            dir.push('/');
        }
        dir.push_str(part);
        if excludes.matched(&dir, true).is_ignore() {
            return false;
        }
    }
    !excludes.matched(rel, false).is_ignore()
}

/// How a path differs between two revisions described against the same
/// working tree: `None` when it does not.
pub fn change_between(base: &Scan, head: &Scan, rel: &str) -> Option<ChangeStatus> {
    let disk = || std::fs::symlink_metadata(base.root.join(rel)).is_ok_and(|m| m.is_file());
    let exists = |scan: &Scan| match scan.overlay.get(rel) {
        Some(Entry::Absent) => false,
        Some(_) => true,
        None => disk(),
    };
    let same = match (base.overlay.get(rel), head.overlay.get(rel)) {
        (None, None) => true,
        (Some(a), Some(b)) => a == b,
        _ => false,
    };
    if same {
        return None;
    }
    match (exists(base), exists(head)) {
        (false, true) => Some(ChangeStatus::Added),
        (true, false) => Some(ChangeStatus::Deleted),
        (true, true) => Some(ChangeStatus::Modified),
        (false, false) => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeStatus {
    Added,
    Modified,
    Deleted,
}

/// Every path that differs between two revisions described against the same
/// working tree, sorted.
pub fn changed_paths(base: &Scan, head: &Scan) -> Vec<(String, ChangeStatus)> {
    let mut paths: Vec<&String> = base.overlay.paths().chain(head.overlay.paths()).collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .filter_map(|p| change_between(base, head, p).map(|s| (p.clone(), s)))
        .collect()
}
