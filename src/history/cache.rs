//! The incremental cache: an embedded redb store per analysed repository,
//! outside it (`$XDG_CACHE_HOME/planner/history` or `~/.cache/planner/history`).
//!
//! It holds, per diff mode, each mined commit keyed by its id (a commit's
//! changes against its first parent never change, so a cached record stays
//! true), and per walk mode the tip mined to with the commit list. A re-run
//! walks only the commits that are new since that tip; when the old tip is no
//! longer an ancestor (a force-push), it walks everything again, reuses the
//! records still reachable and deletes the rest.

use super::record::{CommitId, CommitRecord};
use anyhow::{Context, Result};
use redb::{Database, ReadableTable, ReadableTableMetadata, TableDefinition, TableError};
use rustc_hash::FxHashMap;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

const WALKS: TableDefinition<&str, &[u8]> = TableDefinition::new("walks");
/// Bump when `CommitRecord` changes shape; older files are then replaced.
const FORMAT: u32 = 1;

pub struct Cache {
    db: Database,
    commits: String,
    pub path: PathBuf,
}

/// The default cache directory, or `None` when neither `XDG_CACHE_HOME` nor
/// `HOME` is set.
pub fn default_dir() -> Option<PathBuf> {
    let xdg = std::env::var_os("XDG_CACHE_HOME").filter(|v| !v.is_empty());
    let base = match xdg {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(std::env::var_os("HOME").filter(|v| !v.is_empty())?).join(".cache"),
    };
    Some(base.join("planner").join("history"))
}

/// The store's file for one repository: a hash of its canonical path.
pub fn file_for(dir: &Path, repo_git_dir: &Path) -> PathBuf {
    let canonical = repo_git_dir
        .canonicalize()
        .unwrap_or_else(|_| repo_git_dir.to_path_buf());
    let key = canonical.to_string_lossy();
    let hash = git2::Oid::hash_object(git2::ObjectType::Blob, key.as_bytes())
        .map(|oid| oid.to_string())
        .unwrap_or_else(|_| "repo".into());
    let name: String = hash.chars().take(20).collect();
    dir.join(format!("{name}-v{FORMAT}.redb"))
}

impl Cache {
    /// Opens (or creates) the store; `diff_mode` names the table of records.
    pub fn open(path: &Path, diff_mode: &str) -> Result<Self> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create cache directory {}", dir.display()))?;
        }
        let db = Database::create(path)
            .with_context(|| format!("cannot open history cache {}", path.display()))?;
        Ok(Self {
            db,
            commits: format!("commits-{diff_mode}"),
            path: path.to_path_buf(),
        })
    }

    fn commits_def(&self) -> TableDefinition<'_, &'static [u8], &'static [u8]> {
        TableDefinition::new(&self.commits)
    }

    /// The tip and commit list stored for `walk`, newest first.
    pub fn load_walk(&self, walk: &str) -> Result<Option<(CommitId, Vec<CommitId>)>> {
        let txn = self.db.begin_read()?;
        let table = match txn.open_table(WALKS) {
            Ok(t) => t,
            Err(TableError::TableDoesNotExist(_)) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let Some(value) = table.get(walk)? else {
            return Ok(None);
        };
        let bytes = value.value();
        let mut ids = bytes.chunks_exact(20).map(|c| {
            let mut id = [0u8; 20];
            id.copy_from_slice(c);
            id
        });
        let Some(tip) = ids.next() else {
            return Ok(None);
        };
        Ok(Some((tip, ids.collect())))
    }

    /// Nothing stored yet for `walk`, and no mined commit at all: a run
    /// can mine from scratch without asking the cache per commit. An
    /// unreadable store counts as not empty (the careful path reports it).
    pub fn is_empty(&self, walk: &str) -> bool {
        let Ok(txn) = self.db.begin_read() else {
            return false;
        };
        let no_walk = match txn.open_table(WALKS) {
            Ok(table) => matches!(table.get(walk), Ok(None)),
            Err(TableError::TableDoesNotExist(_)) => true,
            Err(_) => false,
        };
        let no_records = match txn.open_table(self.commits_def()) {
            Ok(table) => matches!(table.is_empty(), Ok(true)),
            Err(TableError::TableDoesNotExist(_)) => true,
            Err(_) => false,
        };
        no_walk && no_records
    }

    /// The cached record for each id, where there is one.
    pub fn load_records(&self, ids: &[CommitId]) -> Result<Vec<Option<CommitRecord>>> {
        let txn = self.db.begin_read()?;
        let table = match txn.open_table(self.commits_def()) {
            Ok(t) => t,
            Err(TableError::TableDoesNotExist(_)) => return Ok(vec![None; ids.len()]),
            Err(e) => return Err(e.into()),
        };
        let mut out = vec![None; ids.len()];
        // One pass over the table in key order is much cheaper than a tree
        // search per commit, and the table holds little besides this list.
        let position: FxHashMap<&[u8], usize> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_slice(), i))
            .collect();
        for entry in table.iter()? {
            let (key, value) = entry?;
            if let Some(&i) = position.get(key.value()) {
                // A record that does not decode is simply mined again.
                out[i] = postcard::from_bytes::<CommitRecord>(value.value()).ok();
            }
        }
        Ok(out)
    }

    /// Stores new records and the walk; with `prune`, drops every record not
    /// in `list` (after a history rewrite).
    pub fn store(
        &self,
        walk: &str,
        tip: CommitId,
        list: &[CommitId],
        records: &[&CommitRecord],
        prune: bool,
    ) -> Result<()> {
        let mut txn = self.db.begin_write()?;
        // A cache need not survive a crash: skip the fsync wait.
        txn.set_durability(redb::Durability::Eventual);
        {
            let mut table = txn.open_table(self.commits_def())?;
            for record in records {
                let bytes = postcard::to_stdvec(record)?;
                table.insert(record.id.as_slice(), bytes.as_slice())?;
            }
            if prune {
                let keep: HashSet<&[u8]> = list.iter().map(|id| id.as_slice()).collect();
                table.retain(|key, _| keep.contains(key))?;
            }
            let mut walks = txn.open_table(WALKS)?;
            let mut bytes = Vec::with_capacity((list.len() + 1) * 20);
            bytes.extend_from_slice(&tip);
            for id in list {
                bytes.extend_from_slice(id);
            }
            walks.insert(walk, bytes.as_slice())?;
        }
        txn.commit()?;
        Ok(())
    }
}
