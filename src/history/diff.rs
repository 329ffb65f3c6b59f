//! One commit → its changes, against its first parent (or the empty tree).
//! Name-only tree diffs are cheap; libgit2's rename detection (which reads
//! blobs) runs only when a commit both adds and deletes files, and line
//! counts (blob diffs) only when asked for.

use super::record::{path_string, Change, ChangeKind, CommitRecord};
use git2::{Commit, Delta, Diff, DiffFindOptions, DiffOptions, Repository};

#[derive(Debug, Clone, Copy)]
pub struct DiffMode {
    pub renames: bool,
    pub line_counts: bool,
    pub include_merges: bool,
}

/// A problem with one file of one commit; analysis goes on without it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffProblem {
    pub path: String,
    pub message: String,
}

const MESSAGE_LIMIT: usize = 4096;

/// Mines `commit`. `boundary` marks a shallow-clone boundary: its parents are
/// not in the clone, so it has no meaningful diff.
pub fn mine_commit(
    repo: &Repository,
    commit: &Commit<'_>,
    mode: DiffMode,
    boundary: bool,
    problems: &mut Vec<DiffProblem>,
) -> Result<CommitRecord, git2::Error> {
    let author = commit.author();
    let time = author.when();
    let mut message = String::from_utf8_lossy(commit.message_bytes()).into_owned();
    if message.len() > MESSAGE_LIMIT {
        let mut cut = MESSAGE_LIMIT;
        while !message.is_char_boundary(cut) {
            cut -= 1;
        }
        message.truncate(cut);
    }
    let parents = commit.parent_count() as u32;
    let mut record = CommitRecord {
        id: oid_bytes(commit.id()),
        time: time.seconds(),
        offset_minutes: time.offset_minutes(),
        author_name: String::from_utf8_lossy(author.name_bytes()).into_owned(),
        author_email: String::from_utf8_lossy(author.email_bytes()).into_owned(),
        message,
        parents,
        diffed: false,
        complete: true,
        changes: Vec::new(),
    };
    if boundary || (parents > 1 && !mode.include_merges) {
        return Ok(record);
    }
    let new_tree = commit.tree()?;
    let old_tree = match parents {
        0 => None,
        _ => Some(commit.parent(0)?.tree()?),
    };
    let mut opts = DiffOptions::new();
    opts.skip_binary_check(!mode.line_counts)
        .ignore_submodules(false)
        .context_lines(0);
    let mut diff = repo.diff_tree_to_tree(old_tree.as_ref(), Some(&new_tree), Some(&mut opts))?;
    if mode.renames && has_adds_and_deletes(&diff) {
        let mut find = DiffFindOptions::new();
        find.renames(true);
        if let Err(e) = diff.find_similar(Some(&mut find)) {
            problems.push(DiffProblem {
                path: String::new(),
                message: format!(
                    "commit {}: rename detection skipped ({}); renamed files count as deleted and added",
                    record.hex_id(),
                    e.message()
                ),
            });
            // find_similar may leave the diff half-rewritten; start again.
            diff = repo.diff_tree_to_tree(old_tree.as_ref(), Some(&new_tree), Some(&mut opts))?;
        }
    }
    let hex_id = record.hex_id();
    record.changes = changes_of(&diff, mode.line_counts, &mut record.complete, problems, &hex_id);
    record.diffed = true;
    Ok(record)
}

fn has_adds_and_deletes(diff: &Diff<'_>) -> bool {
    let (mut adds, mut deletes) = (false, false);
    for delta in diff.deltas() {
        match delta.status() {
            Delta::Added => adds = true,
            Delta::Deleted => deletes = true,
            _ => {}
        }
        if adds && deletes {
            return true;
        }
    }
    false
}

fn changes_of(
    diff: &Diff<'_>,
    line_counts: bool,
    complete: &mut bool,
    problems: &mut Vec<DiffProblem>,
    commit: &str,
) -> Vec<Change> {
    let mut changes = Vec::with_capacity(diff.deltas().len());
    for (idx, delta) in diff.deltas().enumerate() {
        let kind = match delta.status() {
            Delta::Added | Delta::Copied => ChangeKind::Added,
            Delta::Deleted => ChangeKind::Deleted,
            Delta::Renamed => ChangeKind::Renamed,
            Delta::Unmodified => continue,
            _ => ChangeKind::Modified,
        };
        let new_file = match kind {
            ChangeKind::Deleted => delta.old_file(),
            _ => delta.new_file(),
        };
        let Some(path_bytes) = new_file.path_bytes() else {
            continue;
        };
        let (path, mut non_utf8) = path_string(path_bytes);
        let old_path = match kind {
            ChangeKind::Renamed => delta.old_file().path_bytes().map(|b| {
                let (p, bad) = path_string(b);
                non_utf8 |= bad;
                p
            }),
            _ => None,
        };
        let lines = if line_counts {
            match line_stats(diff, idx) {
                Ok(lines) => Some(lines),
                Err(e) => {
                    *complete = false;
                    problems.push(DiffProblem {
                        path: path.clone(),
                        message: format!(
                            "commit {commit}: line counts skipped for this file ({}); \
                             is this a partial clone with missing blobs?",
                            e.message()
                        ),
                    });
                    None
                }
            }
        } else {
            None
        };
        changes.push(Change {
            path,
            old_path,
            kind,
            lines,
            non_utf8,
        });
    }
    changes.sort_by(|a, b| a.path.cmp(&b.path));
    changes
}

fn line_stats(diff: &Diff<'_>, idx: usize) -> Result<(u32, u32), git2::Error> {
    match git2::Patch::from_diff(diff, idx)? {
        Some(patch) => {
            let (_, added, deleted) = patch.line_stats()?;
            Ok((added as u32, deleted as u32))
        }
        None => Ok((0, 0)),
    }
}

pub fn oid_bytes(oid: git2::Oid) -> [u8; 20] {
    let mut out = [0u8; 20];
    let bytes = oid.as_bytes();
    let n = bytes.len().min(20);
    out[..n].copy_from_slice(&bytes[..n]);
    out
}
