//! Mined commits → logical changesets: merges, dates, bots and excluded
//! paths dropped, authors through `.mailmap`, files followed across renames,
//! and commits grouped by ticket id or author and day when asked.

use super::config::{GroupBy, HistoryConfig, DEFAULT_BOT_PATTERNS, DEFAULT_EXCLUDES};
use super::dates::civil_day;
use super::record::{ChangeKind, CommitRecord};
use crate::warnings::Warnings;
use anyhow::{Context, Result};
use globset::{Glob, GlobSet, GlobSetBuilder};
use regex::{Regex, RegexSet};
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The filters of one run: config plus command-line overrides.
#[derive(Debug, Clone)]
pub struct Filters {
    pub since: Option<i64>,
    pub until: Option<i64>,
    pub include_merges: bool,
    pub renames: bool,
    /// Apply the path and author excludes.
    pub path_excludes: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileTouch {
    pub path: Arc<str>,
    /// (added, deleted), when known.
    pub lines: Option<(u64, u64)>,
}

#[derive(Debug, Clone)]
pub struct Changeset {
    /// The short id of the newest commit in it.
    pub id: String,
    pub commits: usize,
    /// Newest author time in the changeset.
    pub time: i64,
    pub author: Arc<str>,
    /// Sorted by path, each path once.
    pub files: Vec<FileTouch>,
}

pub struct Prepared {
    pub changesets: Vec<Changeset>,
    pub commits_seen: usize,
    pub commits_used: usize,
    pub merges_skipped: usize,
    pub bot_commits_skipped: usize,
    pub empty_after_excludes: usize,
}

struct Matchers {
    paths: GlobSet,
    authors: RegexSet,
    ticket: Option<Regex>,
    /// Verdicts so far: a path or author is matched once, not per commit.
    path_memo: FxHashMap<Arc<str>, bool>,
    author_memo: FxHashMap<(Arc<str>, Arc<str>), bool>,
}

impl Matchers {
    fn path_excluded(&mut self, path: &Arc<str>) -> bool {
        if let Some(&v) = self.path_memo.get(path) {
            return v;
        }
        let v = self.paths.is_match(&**path);
        self.path_memo.insert(path.clone(), v);
        v
    }

    fn author_excluded(&mut self, name: &Arc<str>, email: &Arc<str>) -> bool {
        if self.authors.is_empty() {
            return false;
        }
        let key = (name.clone(), email.clone());
        if let Some(&v) = self.author_memo.get(&key) {
            return v;
        }
        let v = self.authors.is_match(&format!("{name} <{email}>"));
        self.author_memo.insert(key, v);
        v
    }
}

impl HistoryConfig {
    /// Checks globs and regexes, so a typo is a clear error up front.
    pub fn validate(&self) -> Result<()> {
        let filters = Filters {
            since: None,
            until: None,
            include_merges: false,
            renames: true,
            path_excludes: true,
        };
        let mut config = self.clone();
        config.group_by = GroupBy::Ticket;
        matchers(&config, &filters).map(|_| ())
    }
}

fn matchers(config: &HistoryConfig, filters: &Filters) -> Result<Matchers> {
    let mut builder = GlobSetBuilder::new();
    if filters.path_excludes {
        let defaults = if config.default_excludes {
            DEFAULT_EXCLUDES
        } else {
            &[]
        };
        for glob in defaults
            .iter()
            .copied()
            .chain(config.exclude.iter().map(String::as_str))
        {
            builder.add(
                Glob::new(glob)
                    .with_context(|| format!("invalid glob {glob:?} in [history] exclude"))?,
            );
        }
    }
    let mut patterns: Vec<String> = Vec::new();
    if filters.path_excludes {
        patterns.extend(config.exclude_authors.iter().cloned());
    }
    if filters.path_excludes && config.default_bot_excludes {
        patterns.extend(DEFAULT_BOT_PATTERNS.iter().map(|s| s.to_string()));
    }
    let authors = RegexSet::new(&patterns)
        .with_context(|| "invalid regex in [history] exclude_authors".to_string())?;
    let ticket = match config.group_by {
        GroupBy::Ticket => Some(Regex::new(&config.ticket_pattern).with_context(|| {
            format!(
                "invalid [history] ticket_pattern {:?}",
                config.ticket_pattern
            )
        })?),
        _ => None,
    };
    Ok(Matchers {
        paths: builder.build()?,
        authors,
        ticket,
        path_memo: Default::default(),
        author_memo: Default::default(),
    })
}

/// Resolves an author (name, email) through `.mailmap`.
pub type Mailmap<'a> = &'a dyn Fn(&Arc<str>, &Arc<str>) -> (Arc<str>, Arc<str>);

pub fn prepare(
    commits: &[CommitRecord],
    config: &HistoryConfig,
    filters: &Filters,
    mailmap: Mailmap<'_>,
    warnings: &Warnings,
) -> Result<Prepared> {
    let mut m = matchers(config, filters)?;
    // Old path → the path it has now (newest name), across renames.
    let mut alias: FxHashMap<Arc<str>, Arc<str>> = FxHashMap::default();
    let mut non_utf8: BTreeSet<Arc<str>> = BTreeSet::new();
    let mut groups: BTreeMap<String, usize> = BTreeMap::new();
    let mut out: Vec<Changeset> = Vec::new();
    let mut prepared = Prepared {
        changesets: Vec::new(),
        commits_seen: commits.len(),
        commits_used: 0,
        merges_skipped: 0,
        bot_commits_skipped: 0,
        empty_after_excludes: 0,
    };
    // Newest first: a rename seen in one commit applies to every older one.
    for commit in commits {
        if commit.parents > 1 && !filters.include_merges {
            prepared.merges_skipped += 1;
            continue;
        }
        let used = use_commit(
            commit,
            filters,
            &mut m,
            mailmap,
            &alias,
            &mut non_utf8,
            &mut prepared,
        );
        if filters.renames {
            for change in &commit.changes {
                if let (ChangeKind::Renamed, Some(old)) = (change.kind, &change.old_path) {
                    let current = resolve(&alias, &change.path);
                    alias.insert(old.clone(), current);
                }
            }
        }
        let Some((name, files)) = used else {
            continue;
        };
        prepared.commits_used += 1;
        let key = group_key(commit, config.group_by, m.ticket.as_ref(), &name);
        let touches = files.into_iter();
        match key.as_ref().and_then(|k| groups.get(k).copied()) {
            Some(i) => merge_into(&mut out[i], touches),
            None => {
                if let Some(k) = key {
                    groups.insert(k, out.len());
                }
                out.push(Changeset {
                    id: commit.short_id(),
                    commits: 1,
                    time: commit.time,
                    author: name,
                    files: touches.collect(),
                });
            }
        }
    }
    for path in non_utf8 {
        warnings.push(
            path.to_string(),
            None,
            "path in history is not valid UTF-8; its invalid bytes are shown as \\xNN",
        );
    }
    prepared.changesets = out;
    Ok(prepared)
}

fn resolve(alias: &FxHashMap<Arc<str>, Arc<str>>, path: &Arc<str>) -> Arc<str> {
    alias.get(path).unwrap_or(path).clone()
}

/// The author and files `commit` contributes, or `None` when it is filtered out.
fn use_commit(
    commit: &CommitRecord,
    filters: &Filters,
    m: &mut Matchers,
    mailmap: Mailmap<'_>,
    alias: &FxHashMap<Arc<str>, Arc<str>>,
    non_utf8: &mut BTreeSet<Arc<str>>,
    prepared: &mut Prepared,
) -> Option<(Arc<str>, Vec<FileTouch>)> {
    if !commit.diffed
        || filters.since.is_some_and(|s| commit.time < s)
        || filters.until.is_some_and(|u| commit.time >= u)
    {
        return None;
    }
    let (name, email) = mailmap(&commit.author_name, &commit.author_email);
    if m.author_excluded(&name, &email) {
        prepared.bot_commits_skipped += 1;
        return None;
    }
    let mut files: Vec<FileTouch> = Vec::with_capacity(commit.changes.len());
    for change in &commit.changes {
        if change.non_utf8 {
            non_utf8.insert(change.path.clone());
        }
        let path = if filters.renames {
            resolve(alias, &change.path)
        } else {
            change.path.clone()
        };
        if m.path_excluded(&path) {
            continue;
        }
        files.push(FileTouch {
            path,
            lines: change.lines.map(|(a, d)| (a as u64, d as u64)),
        });
    }
    // Two names of one file (a rename inside the history of a file renamed
    // again later) are one file.
    let files = merge_touches(files);
    if files.is_empty() {
        prepared.empty_after_excludes += 1;
        return None;
    }
    Some((name, files))
}

/// Sorted by path, each path once, its line counts summed (unknown anywhere
/// means unknown in the sum).
fn merge_touches(mut files: Vec<FileTouch>) -> Vec<FileTouch> {
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut out: Vec<FileTouch> = Vec::with_capacity(files.len());
    for f in files {
        match out.last_mut() {
            Some(last) if last.path == f.path => {
                last.lines = match (last.lines, f.lines) {
                    (Some((a0, d0)), Some((a, d))) => Some((a0 + a, d0 + d)),
                    _ => None,
                };
            }
            _ => out.push(f),
        }
    }
    out
}

fn group_key(
    commit: &CommitRecord,
    group_by: GroupBy,
    ticket: Option<&Regex>,
    author: &str,
) -> Option<String> {
    match group_by {
        GroupBy::Commit => None,
        GroupBy::Ticket => ticket
            .and_then(|re| re.find(&commit.message))
            .map(|m| format!("ticket:{}", m.as_str())),
        GroupBy::AuthorDay => {
            let (y, mo, d) = civil_day(commit.time + i64::from(commit.offset_minutes) * 60);
            Some(format!("day:{author}:{y:04}-{mo:02}-{d:02}"))
        }
    }
}

fn merge_into(set: &mut Changeset, touches: impl Iterator<Item = FileTouch>) {
    set.commits += 1;
    let mut files = std::mem::take(&mut set.files);
    files.extend(touches);
    set.files = merge_touches(files);
}
