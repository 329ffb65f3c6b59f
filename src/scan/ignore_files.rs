//! `.ignore`, `.gitignore` and `.git/info/exclude`, read by planner instead of
//! the `ignore` crate, whose reader opens whatever the name points at: a FIFO
//! named `.gitignore` blocked the walk forever and a `.gitignore` linked to
//! `/dev/zero` tried to allocate gigabytes. Here each file goes through
//! [`super::read::read_regular`]; one that is not a regular file, or is too
//! large, is skipped with a warning naming it, and the walk goes on.
//!
//! Precedence is the crate's: the deepest directory that has an opinion
//! wins, `.ignore` rules over `.gitignore` rules, and `.git/info/exclude`
//! last. Ignore files above the analysed root are not read.

use super::read::{read_regular, MAX_SMALL_FILE_BYTES};
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::Match;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The rules of one directory.
#[derive(Default)]
struct DirRules {
    ignore: Option<Gitignore>,
    git: Option<Gitignore>,
}

/// Warnings found while reading ignore files: (repo-relative path, message).
pub type Notes = Arc<Mutex<Vec<(String, String)>>>;

pub struct IgnoreRules {
    root: PathBuf,
    exclude: Option<Gitignore>,
    dirs: Mutex<HashMap<PathBuf, Arc<DirRules>>>,
    notes: Notes,
}

impl IgnoreRules {
    pub fn new(root: &Path) -> Self {
        let notes = Notes::default();
        let exclude_path = root.join(".git").join("info").join("exclude");
        let exclude = if root.join(".git").is_dir() {
            load(root, root, &exclude_path, &notes)
        } else {
            None
        };
        Self {
            root: root.to_path_buf(),
            exclude,
            dirs: Mutex::new(HashMap::new()),
            notes,
        }
    }

    pub fn notes(&self) -> Notes {
        Arc::clone(&self.notes)
    }

    fn rules(&self, dir: &Path) -> Arc<DirRules> {
        let mut dirs = self.dirs.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(rules) = dirs.get(dir) {
            return Arc::clone(rules);
        }
        let rules = Arc::new(DirRules {
            ignore: load(&self.root, dir, &dir.join(".ignore"), &self.notes),
            git: load(&self.root, dir, &dir.join(".gitignore"), &self.notes),
        });
        dirs.insert(dir.to_path_buf(), Arc::clone(&rules));
        rules
    }

    /// Whether `path` (below the root) is ignored. The walk asks for every
    /// entry and prunes ignored directories, so parents need no check.
    pub fn is_ignored(&self, path: &Path, is_dir: bool) -> bool {
        let Ok(rel) = path.strip_prefix(&self.root) else {
            return false;
        };
        let mut dirs = vec![self.root.clone()];
        if let Some(parent) = rel.parent() {
            for part in parent.components() {
                let next = dirs[dirs.len() - 1].join(part);
                dirs.push(next);
            }
        }
        let mut by_ignore = None;
        let mut by_git = None;
        for dir in dirs.iter().rev() {
            let rules = self.rules(dir);
            if by_ignore.is_none() {
                by_ignore = verdict(rules.ignore.as_ref(), path, is_dir);
            }
            if by_git.is_none() {
                by_git = verdict(rules.git.as_ref(), path, is_dir);
            }
            if by_ignore.is_some() {
                break;
            }
        }
        by_ignore
            .or(by_git)
            .or_else(|| verdict(self.exclude.as_ref(), path, is_dir))
            .unwrap_or(false)
    }
}

/// `Some(true)` ignored, `Some(false)` whitelisted, `None` no opinion.
fn verdict(rules: Option<&Gitignore>, path: &Path, is_dir: bool) -> Option<bool> {
    match rules?.matched(path, is_dir) {
        Match::None => None,
        Match::Ignore(_) => Some(true),
        Match::Whitelist(_) => Some(false),
    }
}

/// The rules in `file`, anchored at `dir`; `None` when there is no such file
/// or it cannot be read (with a note).
fn load(root: &Path, dir: &Path, file: &Path, notes: &Notes) -> Option<Gitignore> {
    // Absent is the common case: one cheap lstat.
    std::fs::symlink_metadata(file).ok()?;
    let rel = file
        .strip_prefix(root)
        .unwrap_or(file)
        .to_string_lossy()
        .replace('\\', "/");
    let note = |message: String| {
        let mut notes = notes.lock().unwrap_or_else(|p| p.into_inner());
        notes.push((rel.clone(), message));
    };
    let bytes = match read_regular(file, MAX_SMALL_FILE_BYTES) {
        Ok(bytes) => bytes,
        Err(err) => {
            note(format!("ignore file skipped, its rules not applied: {err}"));
            return None;
        }
    };
    let mut builder = GitignoreBuilder::new(dir);
    for (i, line) in String::from_utf8_lossy(&bytes).lines().enumerate() {
        if let Err(err) = builder.add_line(Some(file.to_path_buf()), line) {
            note(format!("line {}: pattern not understood: {err}", i + 1));
        }
    }
    match builder.build() {
        Ok(rules) => Some(rules),
        Err(err) => {
            note(format!("ignore file not understood: {err}"));
            None
        }
    }
}
