//! A name-only diff of two trees, walked the way git does it: entries in
//! git's order, and only subtrees whose ids differ are opened. No blob is
//! read here.

use super::objects::ObjectReader;
use git2::Oid;
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

const TREE_MODE: u32 = 0o040000;
const GITLINK_MODE: u32 = 0o160000;

/// Appends the changes from tree `old` to tree `new` (`None`: no such side)
/// under `prefix` to `out`.
pub fn diff_trees(
    reader: &mut ObjectReader<'_>,
    old: Option<Oid>,
    new: Option<Oid>,
    prefix: &mut Vec<u8>,
    out: &mut Vec<RawChange>,
) -> Result<(), git2::Error> {
    let old_bytes = old.map(|id| reader.tree(id)).transpose()?;
    let new_bytes = new.map(|id| reader.tree(id)).transpose()?;
    let mut olds = Entries::new(old_bytes.as_deref(), old);
    let mut news = Entries::new(new_bytes.as_deref(), new);
    let (mut a, mut b) = (olds.next()?, news.next()?);
    loop {
        let order = match (&a, &b) {
            (Some(a), Some(b)) => {
                git_order(a.name, a.mode == TREE_MODE, b.name, b.mode == TREE_MODE)
            }
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => break,
        };
        match (order, &a, &b) {
            (Ordering::Less, Some(a), _) => side(reader, a, RawKind::Deleted, prefix, out)?,
            (Ordering::Greater, _, Some(b)) => side(reader, b, RawKind::Added, prefix, out)?,
            (Ordering::Equal, Some(a), Some(b)) => {
                if a.id != b.id || a.mode != b.mode {
                    let len = prefix.len();
                    prefix.extend_from_slice(b.name);
                    if b.mode == TREE_MODE {
                        prefix.push(b'/');
                        diff_trees(reader, Some(a.id), Some(b.id), prefix, out)?;
                    } else {
                        out.push(RawChange {
                            path: prefix.clone(),
                            kind: RawKind::Modified,
                            old_id: a.id,
                            new_id: b.id,
                            gitlink: b.mode == GITLINK_MODE || a.mode == GITLINK_MODE,
                        });
                    }
                    prefix.truncate(len);
                }
            }
            _ => break,
        }
        if order != Ordering::Greater {
            a = olds.next()?;
        }
        if order != Ordering::Less {
            b = news.next()?;
        }
    }
    Ok(())
}

/// An entry present on one side only: a file, or every file of a subtree.
fn side(
    reader: &mut ObjectReader<'_>,
    entry: &Entry<'_>,
    kind: RawKind,
    prefix: &mut Vec<u8>,
    out: &mut Vec<RawChange>,
) -> Result<(), git2::Error> {
    let len = prefix.len();
    prefix.extend_from_slice(entry.name);
    if entry.mode == TREE_MODE {
        prefix.push(b'/');
        match kind {
            RawKind::Deleted => diff_trees(reader, Some(entry.id), None, prefix, out)?,
            _ => diff_trees(reader, None, Some(entry.id), prefix, out)?,
        }
    } else {
        let zero = Oid::ZERO_SHA1;
        out.push(RawChange {
            path: prefix.clone(),
            kind,
            old_id: if kind == RawKind::Deleted {
                entry.id
            } else {
                zero
            },
            new_id: if kind == RawKind::Deleted {
                zero
            } else {
                entry.id
            },
            gitlink: entry.mode == GITLINK_MODE,
        });
    }
    prefix.truncate(len);
    Ok(())
}

/// One entry of a raw tree.
#[derive(Debug, Clone, Copy)]
struct Entry<'a> {
    /// Normalised as libgit2 reports it (`git_tree_entry_filemode`).
    mode: u32,
    name: &'a [u8],
    id: Oid,
}

/// The entries of a raw tree object: `<octal mode> <name>\0<20-byte id>`,
/// repeated, already in git's order.
struct Entries<'a> {
    rest: &'a [u8],
    tree: Option<Oid>,
}

impl<'a> Entries<'a> {
    fn new(bytes: Option<&'a [u8]>, tree: Option<Oid>) -> Self {
        Self {
            rest: bytes.unwrap_or_default(),
            tree,
        }
    }

    fn next(&mut self) -> Result<Option<Entry<'a>>, git2::Error> {
        if self.rest.is_empty() {
            return Ok(None);
        }
        let entry = parse_entry(self.rest).ok_or_else(|| {
            let tree = self.tree.map(|t| t.to_string()).unwrap_or_default();
            git2::Error::from_str(&format!("malformed tree object {tree}"))
        })?;
        self.rest = entry.1;
        Ok(Some(entry.0))
    }
}

/// The first entry of `bytes` and what follows it; `None` if malformed.
fn parse_entry(bytes: &[u8]) -> Option<(Entry<'_>, &[u8])> {
    let space = bytes.iter().position(|&c| c == b' ')?;
    let mut mode = 0u32;
    for &c in &bytes[..space] {
        if !(b'0'..=b'7').contains(&c) || mode > 0o7777777 {
            return None;
        }
        mode = mode * 8 + u32::from(c - b'0');
    }
    let after_mode = &bytes[space + 1..];
    let nul = after_mode.iter().position(|&c| c == 0)?;
    let id_bytes = after_mode.get(nul + 1..nul + 21)?;
    let id = Oid::from_bytes(id_bytes).ok()?;
    let entry = Entry {
        mode: normalize_mode(mode),
        name: &after_mode[..nul],
        id,
    };
    Some((entry, &after_mode[nul + 21..]))
}

/// libgit2's `normalize_filemode`: what `git_tree_entry_filemode` reports.
fn normalize_mode(mode: u32) -> u32 {
    const TYPE: u32 = 0o170000;
    if mode & TYPE == TREE_MODE {
        TREE_MODE
    } else if mode & 0o100 != 0 {
        0o100755
    } else if mode & TYPE == GITLINK_MODE {
        GITLINK_MODE
    } else if mode & TYPE == 0o120000 {
        0o120000
    } else {
        0o100644
    }
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
    fn raw_entries_parse_with_libgit2s_normalised_modes() {
        let mut raw = Vec::new();
        for (mode, name, n) in [
            (&b"100755"[..], &b"run.sh"[..], 1u8),
            (b"40000", b"src", 2),
            (b"100664", b"old-style", 3),
        ] {
            raw.extend_from_slice(mode);
            raw.push(b' ');
            raw.extend_from_slice(name);
            raw.push(0);
            raw.extend_from_slice(&[n; 20]);
        }
        let mut entries = Entries::new(Some(&raw), None);
        let mut seen = Vec::new();
        while let Ok(Some(e)) = entries.next() {
            seen.push((e.mode, e.name.to_vec(), e.id.as_bytes()[0]));
        }
        assert_eq!(
            seen,
            [
                (0o100755, b"run.sh".to_vec(), 1),
                (TREE_MODE, b"src".to_vec(), 2),
                (0o100644, b"old-style".to_vec(), 3),
            ]
        );
        // Cut short: an error, not a panic.
        let mut cut = Entries::new(Some(&raw[..40]), None);
        assert!(cut.next().is_ok());
        assert!(cut.next().is_err());
    }

    #[test]
    fn git_order_sorts_a_tree_as_if_its_name_ended_in_a_slash() {
        // "foo" the tree sorts after "foo.c" ('/' > '.'), "foo" the file before.
        assert_eq!(git_order(b"foo", true, b"foo.c", false), Ordering::Greater);
        assert_eq!(git_order(b"foo", false, b"foo.c", false), Ordering::Less);
        assert_eq!(git_order(b"foo", true, b"foo", true), Ordering::Equal);
        assert_ne!(git_order(b"foo", true, b"foo", false), Ordering::Equal);
    }
}
