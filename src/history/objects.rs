//! One mining worker's object access: raw trees and blobs straight from the
//! object database, kept in small caches of its own.
//!
//! Neighbouring commits share most trees, and a file's old blob in one
//! commit is its new blob in the next, so a worker that mines consecutive
//! commits reads most objects once instead of twice. libgit2's own object
//! cache is turned off for trees and blobs (see `mine::tune_libgit2`): a
//! parsed `git_tree` costs four allocations and a lock per lookup, where a
//! raw tree here is one buffer, parsed on the fly by `treediff`.

use git2::{Odb, Oid, Repository};
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// Object bytes shared between the cache and a diff in progress.
pub type Bytes = Arc<[u8]>;

/// Bytes each cache generation may hold before it is retired.
const TREE_GENERATION: usize = 4 << 20;
const BLOB_GENERATION: usize = 16 << 20;

pub struct ObjectReader<'r> {
    pub repo: &'r Repository,
    odb: Odb<'r>,
    trees: Generations,
    blobs: Generations,
    /// Tree id of the commits of the chunk being mined.
    commit_trees: FxHashMap<Oid, Oid>,
}

impl<'r> ObjectReader<'r> {
    pub fn new(repo: &'r Repository) -> Result<Self, git2::Error> {
        Ok(Self {
            repo,
            odb: repo.odb()?,
            trees: Generations::new(TREE_GENERATION),
            blobs: Generations::new(BLOB_GENERATION),
            commit_trees: FxHashMap::default(),
        })
    }

    /// A tree's raw entries (`<mode> <name>\0<20-byte id>`, repeated).
    pub fn tree(&mut self, id: Oid) -> Result<Bytes, git2::Error> {
        if let Some(bytes) = self.trees.get(id) {
            return Ok(bytes);
        }
        let bytes = self.read(id, git2::ObjectType::Tree)?;
        self.trees.insert(id, bytes.clone());
        Ok(bytes)
    }

    /// A blob's content.
    pub fn blob(&mut self, id: Oid) -> Result<Bytes, git2::Error> {
        if let Some(bytes) = self.blobs.get(id) {
            return Ok(bytes);
        }
        let bytes = self.read(id, git2::ObjectType::Blob)?;
        self.blobs.insert(id, bytes.clone());
        Ok(bytes)
    }

    /// A blob's size, from the object header when it is not cached.
    pub fn blob_size(&mut self, id: Oid) -> Result<u64, git2::Error> {
        if let Some(bytes) = self.blobs.get(id) {
            return Ok(bytes.len() as u64);
        }
        Ok(self.odb.read_header(id)?.0 as u64)
    }

    /// Notes a commit's tree, so that its child finds it without reading
    /// the commit again.
    pub fn remember_commit_tree(&mut self, commit: Oid, tree: Oid) {
        self.commit_trees.insert(commit, tree);
    }

    /// Forgets the remembered commit trees (a worker starting a new chunk
    /// needs none of them).
    pub fn forget_commit_trees(&mut self) {
        self.commit_trees.clear();
    }

    /// The tree of `commit`: remembered, or read from the commit.
    pub fn commit_tree(&mut self, commit: Oid) -> Result<Oid, git2::Error> {
        if let Some(&tree) = self.commit_trees.get(&commit) {
            return Ok(tree);
        }
        let tree = self.repo.find_commit(commit)?.tree_id();
        self.commit_trees.insert(commit, tree);
        Ok(tree)
    }

    fn read(&self, id: Oid, kind: git2::ObjectType) -> Result<Bytes, git2::Error> {
        let object = self.odb.read(id)?;
        if object.kind() != kind {
            return Err(git2::Error::from_str(&format!(
                "object {id} is a {}, not a {kind}",
                object.kind()
            )));
        }
        Ok(Arc::from(object.data()))
    }
}

/// A bounded cache: new entries go into the current generation; when it is
/// full it becomes the old one and the previous old one is dropped. Hits in
/// the old generation move to the current one, so what keeps being used
/// stays.
struct Generations {
    current: FxHashMap<Oid, Bytes>,
    old: FxHashMap<Oid, Bytes>,
    current_bytes: usize,
    limit: usize,
}

impl Generations {
    fn new(limit: usize) -> Self {
        Self {
            current: FxHashMap::default(),
            old: FxHashMap::default(),
            current_bytes: 0,
            limit,
        }
    }

    fn get(&mut self, id: Oid) -> Option<Bytes> {
        if let Some(bytes) = self.current.get(&id) {
            return Some(bytes.clone());
        }
        let bytes = self.old.remove(&id)?;
        self.insert(id, bytes.clone());
        Some(bytes)
    }

    fn insert(&mut self, id: Oid, bytes: Bytes) {
        if bytes.len() > self.limit {
            return;
        }
        if self.current_bytes + bytes.len() > self.limit {
            self.old = std::mem::take(&mut self.current);
            self.current_bytes = 0;
        }
        self.current_bytes += bytes.len();
        self.current.insert(id, bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> Oid {
        Oid::from_bytes(&[n; 20]).unwrap_or(Oid::ZERO_SHA1)
    }

    #[test]
    fn generations_keep_what_is_used_and_drop_the_rest() {
        let mut cache = Generations::new(10);
        cache.insert(id(1), Arc::from(&b"aaaa"[..]));
        cache.insert(id(2), Arc::from(&b"bbbb"[..]));
        // Full: 1 and 2 become the old generation.
        cache.insert(id(3), Arc::from(&b"cccc"[..]));
        // A hit in the old generation moves 1 into the current one.
        assert_eq!(cache.get(id(1)).as_deref(), Some(&b"aaaa"[..]));
        // Full again: 3 and 1 become old, 2 is dropped.
        cache.insert(id(4), Arc::from(&b"dddd"[..]));
        assert!(cache.get(id(2)).is_none());
        assert!(cache.get(id(1)).is_some());
        assert!(cache.get(id(3)).is_some());
        // Larger than a generation: never cached.
        cache.insert(id(5), Arc::from(&b"eeeeeeeeeeee"[..]));
        assert!(cache.get(id(5)).is_none());
    }
}
