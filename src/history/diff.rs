//! One commit → its changes, against its first parent (or the empty tree).
//! Name-only tree diffs are cheap; libgit2's rename detection (which reads
//! blobs) runs only when a commit both adds and deletes files, and line
//! counts (blob diffs) only when asked for.

use super::record::{path_string, Change, ChangeKind, CommitRecord};
use super::similarity::{best_pairs, Signature, MAX_CANDIDATES};
use super::treediff::{diff_trees, RawChange, RawKind};
use git2::{Commit, Oid, Repository};
use imara_diff::intern::InternedInput;
use imara_diff::sink::Counter;
use imara_diff::sources::byte_lines_with_terminator;
use imara_diff::Algorithm;
use std::collections::HashMap;

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

// Ticket ids sit at the start of a message; the rest would only cost memory.
const MESSAGE_LIMIT: usize = 512;

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
    let mut raw = Vec::new();
    diff_trees(
        repo,
        old_tree.as_ref(),
        Some(&new_tree),
        &mut Vec::new(),
        &mut raw,
    )?;
    let hex_id = record.hex_id();
    let renames = if mode.renames {
        find_renames(repo, &raw, problems, &hex_id)
    } else {
        Vec::new()
    };
    record.changes = changes_of(
        repo,
        raw,
        renames,
        mode.line_counts,
        &mut record.complete,
        problems,
        &hex_id,
    );
    record.diffed = true;
    Ok(record)
}

/// Pairs of (deleted index, added index) in `raw` that are renames: exact
/// renames (same blob) first, then by content similarity, which reads blobs,
/// and only when a commit both adds and deletes files.
fn find_renames(
    repo: &Repository,
    raw: &[RawChange],
    problems: &mut Vec<DiffProblem>,
    commit: &str,
) -> Vec<(usize, usize)> {
    // Empty files are never renames (git ignores them too): every empty
    // `__init__.py` has the same blob.
    let empty = Oid::hash_object(git2::ObjectType::Blob, b"").ok();
    let candidate = |i: usize, kind: RawKind, id: Oid| {
        raw[i].kind == kind && !raw[i].gitlink && Some(id) != empty
    };
    let deleted: Vec<usize> = (0..raw.len())
        .filter(|&i| candidate(i, RawKind::Deleted, raw[i].old_id))
        .collect();
    let added: Vec<usize> = (0..raw.len())
        .filter(|&i| candidate(i, RawKind::Added, raw[i].new_id))
        .collect();
    if deleted.is_empty() || added.is_empty() {
        return Vec::new();
    }
    let mut pairs = Vec::new();
    let mut by_blob: HashMap<Oid, Vec<usize>> = HashMap::new();
    for &d in deleted.iter().rev() {
        by_blob.entry(raw[d].old_id).or_default().push(d);
    }
    let mut open_adds = Vec::new();
    for &a in &added {
        match by_blob.get_mut(&raw[a].new_id).and_then(Vec::pop) {
            Some(d) => pairs.push((d, a)),
            None => open_adds.push(a),
        }
    }
    let open_deletes: Vec<usize> = by_blob.into_values().flatten().collect();
    if open_adds.is_empty() || open_deletes.is_empty() {
        return pairs;
    }
    if open_adds.len() * open_deletes.len() > MAX_CANDIDATES {
        problems.push(DiffProblem {
            path: String::new(),
            message: format!(
                "commit {commit}: {} added × {} deleted files is too many to compare; \
                 only exact renames are followed",
                open_adds.len(),
                open_deletes.len()
            ),
        });
        return pairs;
    }
    let mut open_deletes = open_deletes;
    open_deletes.sort_unstable();
    let signatures = |side: &[usize],
                      id: fn(&RawChange) -> Oid|
     -> Result<Vec<(usize, Signature)>, git2::Error> {
        side.iter()
            .map(|&i| Ok((i, Signature::of(repo.find_blob(id(&raw[i]))?.content()))))
            .collect()
    };
    match (
        signatures(&open_deletes, |r| r.old_id),
        signatures(&open_adds, |r| r.new_id),
    ) {
        (Ok(d), Ok(a)) => pairs.extend(best_pairs(&d, &a)),
        (Err(e), _) | (_, Err(e)) => problems.push(DiffProblem {
            path: String::new(),
            message: format!(
                "commit {commit}: rename detection skipped ({}); renamed files count as deleted and added",
                e.message()
            ),
        }),
    }
    pairs
}

fn changes_of(
    repo: &Repository,
    raw: Vec<RawChange>,
    renames: Vec<(usize, usize)>,
    line_counts: bool,
    complete: &mut bool,
    problems: &mut Vec<DiffProblem>,
    commit: &str,
) -> Vec<Change> {
    let mut renamed_from: HashMap<usize, usize> = HashMap::new();
    let mut consumed = vec![false; raw.len()];
    for (d, a) in renames {
        renamed_from.insert(a, d);
        consumed[d] = true;
    }
    let mut changes = Vec::with_capacity(raw.len());
    for (i, r) in raw.iter().enumerate() {
        if consumed[i] {
            continue;
        }
        let (path, mut non_utf8) = path_string(&r.path);
        let (kind, old_path, old_id) = match renamed_from.get(&i) {
            Some(&d) => {
                let (old, bad) = path_string(&raw[d].path);
                non_utf8 |= bad;
                (ChangeKind::Renamed, Some(old), raw[d].old_id)
            }
            None => (
                match r.kind {
                    RawKind::Added => ChangeKind::Added,
                    RawKind::Deleted => ChangeKind::Deleted,
                    RawKind::Modified => ChangeKind::Modified,
                },
                None,
                r.old_id,
            ),
        };
        let lines = if !line_counts {
            None
        } else if r.gitlink {
            Some((0, 0))
        } else {
            match count_lines(repo, old_id, r.new_id) {
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

/// (added, deleted) lines between two blobs (zero id: no such side), as
/// `git diff --numstat` counts them; binary files count 0.
fn count_lines(repo: &Repository, old: Oid, new: Oid) -> Result<(u32, u32), git2::Error> {
    if old == new {
        return Ok((0, 0));
    }
    if old.is_zero() || new.is_zero() {
        let blob = repo.find_blob(if old.is_zero() { new } else { old })?;
        let n = if blob.is_binary() {
            0
        } else {
            line_count(blob.content())
        };
        return Ok(if old.is_zero() { (n, 0) } else { (0, n) });
    }
    let (old_blob, new_blob) = (repo.find_blob(old)?, repo.find_blob(new)?);
    if old_blob.is_binary() || new_blob.is_binary() {
        return Ok((0, 0));
    }
    trimmed_counts(old_blob.content(), new_blob.content())
}

/// Added and deleted lines between two texts. Lines both share at the start
/// and at the end are cut off first, as git does before xdiff
/// (`trim_common_tail`): a one-line edit of a 30,000-line schema then costs
/// one line, not 60,000 hashed lines.
fn trimmed_counts(old: &[u8], new: &[u8]) -> Result<(u32, u32), git2::Error> {
    let same = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let prefix = old[..same]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let (o, n) = (&old[prefix..], &new[prefix..]);
    let mut suffix = o
        .iter()
        .rev()
        .zip(n.iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let at_line_start = |text: &[u8], at: usize| at == 0 || text[at - 1] == b'\n';
    while suffix > 0 && !(at_line_start(o, o.len() - suffix) && at_line_start(n, n.len() - suffix))
    {
        suffix -= 1;
    }
    let (o, n) = (&o[..o.len() - suffix], &n[..n.len() - suffix]);
    if o.is_empty() || n.is_empty() {
        return Ok((line_count(n), line_count(o)));
    }
    // Myers, like git's default; lines compared with their terminators so a
    // lost final newline counts as a change, as in git.
    let input = InternedInput::new(byte_lines_with_terminator(o), byte_lines_with_terminator(n));
    let counter = imara_diff::diff(Algorithm::Myers, &input, Counter::default());
    Ok((counter.insertions, counter.removals))
}

fn line_count(content: &[u8]) -> u32 {
    let newlines = content.iter().filter(|&&b| b == b'\n').count();
    let unterminated = !content.is_empty() && content.last() != Some(&b'\n');
    (newlines + usize::from(unterminated)) as u32
}

pub fn oid_bytes(oid: git2::Oid) -> [u8; 20] {
    let mut out = [0u8; 20];
    let bytes = oid.as_bytes();
    let n = bytes.len().min(20);
    out[..n].copy_from_slice(&bytes[..n]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trimming_common_lines_keeps_the_counts() {
        let old = b"a\nb\nc\nd\n";
        assert_eq!(trimmed_counts(old, b"a\nB\nc\nd\n").ok(), Some((1, 1)));
        assert_eq!(trimmed_counts(old, b"a\nb\nc\nd\ne\n").ok(), Some((1, 0)));
        assert_eq!(trimmed_counts(old, b"b\nc\nd\n").ok(), Some((0, 1)));
        // A change inside a line, and a last line without a newline.
        assert_eq!(trimmed_counts(b"ab\ncd", b"ab\nce").ok(), Some((1, 1)));
        assert_eq!(trimmed_counts(b"x\nab\n", b"x\nab").ok(), Some((1, 1)));
    }
}
