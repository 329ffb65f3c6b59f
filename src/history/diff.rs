//! One commit → its changes, against its first parent (or the empty tree).
//! Name-only tree diffs are cheap; rename detection (which reads blobs) runs
//! only when a commit both adds and deletes files, and line counts (blob
//! diffs) only when asked for.

use super::commit_info::CommitInfo;
use super::lines::count_lines;
use super::objects::ObjectReader;
use super::record::{path_string, Change, ChangeKind, CommitRecord};
use super::similarity::{best_pairs, Signature, MAX_CANDIDATES, MIN_SCORE};
use super::treediff::{diff_trees, RawChange, RawKind};
use git2::Oid;
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
    reader: &mut ObjectReader<'_>,
    commit: &CommitInfo,
    mode: DiffMode,
    boundary: bool,
    problems: &mut Vec<DiffProblem>,
) -> Result<CommitRecord, git2::Error> {
    let mut message = String::from_utf8_lossy(&commit.message).into_owned();
    if message.len() > MESSAGE_LIMIT {
        let mut cut = MESSAGE_LIMIT;
        while !message.is_char_boundary(cut) {
            cut -= 1;
        }
        message.truncate(cut);
    }
    let parents = commit.parents.len() as u32;
    let mut record = CommitRecord {
        id: oid_bytes(commit.id),
        time: commit.time,
        offset_minutes: commit.offset_minutes,
        author_name: String::from_utf8_lossy(&commit.author_name).into(),
        author_email: String::from_utf8_lossy(&commit.author_email).into(),
        message,
        parents,
        diffed: false,
        complete: true,
        changes: Vec::new(),
    };
    if boundary || (parents > 1 && !mode.include_merges) {
        return Ok(record);
    }
    let new_tree = commit.tree;
    let old_tree = match commit.parents.first() {
        None => None,
        Some(&parent) => Some(reader.commit_tree(parent)?),
    };
    let mut raw = Vec::new();
    diff_trees(reader, old_tree, Some(new_tree), &mut Vec::new(), &mut raw)?;
    let hex_id = record.hex_id();
    let renames = if mode.renames {
        find_renames(reader, &raw, problems, &hex_id)
    } else {
        Vec::new()
    };
    record.changes = changes_of(
        reader,
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
    reader: &mut ObjectReader<'_>,
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
    let (open_deletes, open_adds) =
        with_a_partner_of_similar_size(reader, raw, open_deletes, open_adds);
    let mut signatures = |side: &[usize],
                          id: fn(&RawChange) -> Oid|
     -> Result<Vec<(usize, Signature)>, git2::Error> {
        side.iter()
            .map(|&i| Ok((i, Signature::of(&reader.blob(id(&raw[i]))?))))
            .collect()
    };
    let deleted = signatures(&open_deletes, |r| r.old_id);
    let added = signatures(&open_adds, |r| r.new_id);
    match (deleted, added) {
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

/// Drops the files that no file on the other side comes close to in size:
/// they cannot reach `MIN_SCORE` (`Signature::score` gives them 0), so
/// their blobs need not be read. Sizes come from object headers; if one is
/// unreadable, every file is kept, so a missing blob is reported as before.
fn with_a_partner_of_similar_size(
    reader: &mut ObjectReader<'_>,
    raw: &[RawChange],
    deletes: Vec<usize>,
    adds: Vec<usize>,
) -> (Vec<usize>, Vec<usize>) {
    let mut sizes = |side: &[usize], id: fn(&RawChange) -> Oid| -> Option<Vec<u64>> {
        side.iter()
            .map(|&i| reader.blob_size(id(&raw[i])).ok())
            .collect()
    };
    let (Some(deleted), Some(added)) = (sizes(&deletes, |r| r.old_id), sizes(&adds, |r| r.new_id))
    else {
        return (deletes, adds);
    };
    let close = |a: u64, b: u64| a.min(b) * 100 >= a.max(b) * MIN_SCORE;
    let keep = |side: &[usize], own: &[u64], other: &[u64]| -> Vec<usize> {
        side.iter()
            .zip(own)
            .filter(|(_, &size)| other.iter().any(|&o| close(size, o)))
            .map(|(&i, _)| i)
            .collect()
    };
    (
        keep(&deletes, &deleted, &added),
        keep(&adds, &added, &deleted),
    )
}

fn changes_of(
    reader: &mut ObjectReader<'_>,
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
            match count_lines(reader, old_id, r.new_id) {
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
            path: path.into(),
            old_path: old_path.map(Into::into),
            kind,
            lines,
            non_utf8,
        });
    }
    changes.sort_by(|a, b| a.path.cmp(&b.path));
    changes
}

pub fn oid_bytes(oid: git2::Oid) -> [u8; 20] {
    let mut out = [0u8; 20];
    let bytes = oid.as_bytes();
    let n = bytes.len().min(20);
    out[..n].copy_from_slice(&bytes[..n]);
    out
}
