//! A name-only diff of two trees, walked the way git does it: entries in
//! git's order, and only subtrees whose ids differ are opened. No blob is
//! read here.

use git2::{Oid, Repository, Tree};
use std::cmp::Ordering;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawKind {
    Added,
    Deleted,
    Modified,
}

#[derive(Debug, Clone)]
pub struct RawChange {
    pub path: Vec<u8>,
    pub kind: RawKind,
    /// Blob ids (zero where the side does not exist).
    pub old_id: Oid,
    pub new_id: Oid,
    /// A submodule (gitlink): it has no blob to count lines in.
    pub gitlink: bool,
}

const TREE_MODE: i32 = 0o040000;
const GITLINK_MODE: i32 = 0o160000;

/// Appends the changes from `old` to `new` under `prefix` to `out`.
pub fn diff_trees(
    repo: &Repository,
    old: Option<&Tree<'_>>,
    new: Option<&Tree<'_>>,
    prefix: &mut Vec<u8>,
    out: &mut Vec<RawChange>,
) -> Result<(), git2::Error> {
    let (old_len, new_len) = (old.map_or(0, |t| t.len()), new.map_or(0, |t| t.len()));
    let (mut i, mut j) = (0, 0);
    while i < old_len || j < new_len {
        let a = old.and_then(|t| t.get(i));
        let b = new.and_then(|t| t.get(j));
        let order = match (&a, &b) {
            (Some(a), Some(b)) => git_order(
                a.name_bytes(),
                a.filemode() == TREE_MODE,
                b.name_bytes(),
                b.filemode() == TREE_MODE,
            ),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => break,
        };
        match order {
            Ordering::Less => {
                if let Some(a) = &a {
                    side(
                        repo,
                        a.name_bytes(),
                        a.id(),
                        a.filemode(),
                        RawKind::Deleted,
                        prefix,
                        out,
                    )?;
                }
                i += 1;
            }
            Ordering::Greater => {
                if let Some(b) = &b {
                    side(
                        repo,
                        b.name_bytes(),
                        b.id(),
                        b.filemode(),
                        RawKind::Added,
                        prefix,
                        out,
                    )?;
                }
                j += 1;
            }
            Ordering::Equal => {
                if let (Some(a), Some(b)) = (&a, &b) {
                    if a.id() != b.id() || a.filemode() != b.filemode() {
                        let len = prefix.len();
                        prefix.extend_from_slice(b.name_bytes());
                        if b.filemode() == TREE_MODE {
                            prefix.push(b'/');
                            let (ot, nt) = (repo.find_tree(a.id())?, repo.find_tree(b.id())?);
                            diff_trees(repo, Some(&ot), Some(&nt), prefix, out)?;
                        } else {
                            out.push(RawChange {
                                path: prefix.clone(),
                                kind: RawKind::Modified,
                                old_id: a.id(),
                                new_id: b.id(),
                                gitlink: b.filemode() == GITLINK_MODE
                                    || a.filemode() == GITLINK_MODE,
                            });
                        }
                        prefix.truncate(len);
                    }
                }
                i += 1;
                j += 1;
            }
        }
    }
    Ok(())
}

/// An entry present on one side only: a file, or every file of a subtree.
fn side(
    repo: &Repository,
    name: &[u8],
    id: Oid,
    mode: i32,
    kind: RawKind,
    prefix: &mut Vec<u8>,
    out: &mut Vec<RawChange>,
) -> Result<(), git2::Error> {
    let len = prefix.len();
    prefix.extend_from_slice(name);
    if mode == TREE_MODE {
        prefix.push(b'/');
        let tree = repo.find_tree(id)?;
        match kind {
            RawKind::Deleted => diff_trees(repo, Some(&tree), None, prefix, out)?,
            _ => diff_trees(repo, None, Some(&tree), prefix, out)?,
        }
    } else {
        let zero = Oid::ZERO_SHA1;
        out.push(RawChange {
            path: prefix.clone(),
            kind,
            old_id: if kind == RawKind::Deleted { id } else { zero },
            new_id: if kind == RawKind::Deleted { zero } else { id },
            gitlink: mode == GITLINK_MODE,
        });
    }
    prefix.truncate(len);
    Ok(())
}

/// git's tree order: names compared bytewise, a tree's name as if it ended
/// in `/`.
fn git_order(a: &[u8], a_tree: bool, b: &[u8], b_tree: bool) -> Ordering {
    let n = a.len().min(b.len());
    match a[..n].cmp(&b[..n]) {
        Ordering::Equal => {}
        other => return other,
    }
    let end = |name: &[u8], tree: bool| match name.get(n) {
        Some(&c) => c,
        None if tree => b'/',
        None => 0,
    };
    end(a, a_tree).cmp(&end(b, b_tree))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_order_sorts_a_tree_as_if_its_name_ended_in_a_slash() {
        // "foo" the tree sorts after "foo.c" ('/' > '.'), "foo" the file before.
        assert_eq!(git_order(b"foo", true, b"foo.c", false), Ordering::Greater);
        assert_eq!(git_order(b"foo", false, b"foo.c", false), Ordering::Less);
        assert_eq!(git_order(b"foo", true, b"foo", true), Ordering::Equal);
        assert_ne!(git_order(b"foo", true, b"foo", false), Ordering::Equal);
    }
}
