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
use std::collections::{BTreeMap, BTreeSet, HashMap};

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
    pub path: String,
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
    pub author: String,
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
    path_memo: std::cell::RefCell<HashMap<String, bool>>,
    author_memo: std::cell::RefCell<HashMap<(String, String), bool>>,
}

impl Matchers {
    fn path_excluded(&self, path: &str) -> bool {
        if let Some(&v) = self.path_memo.borrow().get(path) {
            return v;
        }
        let v = self.paths.is_match(path);
        self.path_memo.borrow_mut().insert(path.to_string(), v);
        v
    }

    fn author_excluded(&self, name: &str, email: &str) -> bool {
        if self.authors.is_empty() {
            return false;
        }
        let key = (name.to_string(), email.to_string());
        if let Some(&v) = self.author_memo.borrow().get(&key) {
            return v;
        }
        let v = self.authors.is_match(&format!("{name} <{email}>"));
        self.author_memo.borrow_mut().insert(key, v);
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

/// Resolves authors through `.mailmap` (`None`: no mailmap).
pub type Mailmap<'a> = &'a dyn Fn(&str, &str) -> (String, String);

pub fn prepare(
    commits: &[CommitRecord],
    config: &HistoryConfig,
    filters: &Filters,
    mailmap: Mailmap<'_>,
    warnings: &Warnings,
) -> Result<Prepared> {
    let m = matchers(config, filters)?;
    let mut alias: HashMap<String, String> = HashMap::new();
    let mut non_utf8: BTreeSet<String> = BTreeSet::new();
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
            &m,
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
        let touches = files
            .into_iter()
            .map(|(path, lines)| FileTouch { path, lines });
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
            path,
            None,
            "path in history is not valid UTF-8; its invalid bytes are shown as \\xNN",
        );
    }
    prepared.changesets = out;
    Ok(prepared)
}

type Touches = BTreeMap<String, Option<(u64, u64)>>;

fn resolve(alias: &HashMap<String, String>, path: &str) -> String {
    alias.get(path).cloned().unwrap_or_else(|| path.to_string())
}

/// The author and files `commit` contributes, or `None` when it is filtered out.
fn use_commit(
    commit: &CommitRecord,
    filters: &Filters,
    m: &Matchers,
    mailmap: Mailmap<'_>,
    alias: &HashMap<String, String>,
    non_utf8: &mut BTreeSet<String>,
    prepared: &mut Prepared,
) -> Option<(String, Touches)> {
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
    let mut files = Touches::new();
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
        add_lines(
            &mut files,
            path,
            change.lines.map(|(a, d)| (a as u64, d as u64)),
        );
    }
    if files.is_empty() {
        prepared.empty_after_excludes += 1;
        return None;
    }
    Some((name, files))
}

/// Adds a file's line counts; unknown anywhere means unknown in the sum.
fn add_lines(files: &mut Touches, path: String, lines: Option<(u64, u64)>) {
    let entry = files.entry(path).or_insert(Some((0, 0)));
    *entry = match (*entry, lines) {
        (Some((a0, d0)), Some((a, d))) => Some((a0 + a, d0 + d)),
        _ => None,
    };
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
    let mut files: Touches = set.files.drain(..).map(|f| (f.path, f.lines)).collect();
    for t in touches {
        add_lines(&mut files, t.path, t.lines);
    }
    set.files = files
        .into_iter()
        .map(|(path, lines)| FileTouch { path, lines })
        .collect();
}
