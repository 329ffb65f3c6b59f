//! Builds small git histories with git2 in a temporary directory.
#![allow(dead_code)]

use git2::{Oid, Repository, Signature, Time};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tempfile::TempDir;

pub struct TestRepo {
    pub dir: TempDir,
    pub repo: Repository,
    files: BTreeMap<Vec<u8>, Vec<u8>>,
    /// Seconds since the epoch of the next commit; each commit adds a day.
    pub clock: i64,
}

pub const DAY: i64 = 86_400;

impl TestRepo {
    pub fn new() -> Self {
        let dir = TempDir::new().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        Self {
            dir,
            repo,
            files: BTreeMap::new(),
            clock: 1_600_000_000,
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Commits as `author` (`Name <email>`), one day after the previous
    /// commit: `Some(content)` writes a file, `None` deletes it.
    pub fn commit(&mut self, author: &str, message: &str, changes: &[(&str, Option<&str>)]) -> Oid {
        let changes: Vec<(&[u8], Option<&str>)> =
            changes.iter().map(|(p, c)| (p.as_bytes(), *c)).collect();
        self.commit_bytes(author, message, &changes)
    }

    pub fn commit_bytes(
        &mut self,
        author: &str,
        message: &str,
        changes: &[(&[u8], Option<&str>)],
    ) -> Oid {
        for (path, content) in changes {
            match content {
                Some(c) => {
                    self.files.insert(path.to_vec(), c.as_bytes().to_vec());
                }
                None => {
                    self.files.remove(*path);
                }
            }
        }
        let parents: Vec<Oid> = match self.repo.head() {
            Ok(h) => vec![h.peel_to_commit().unwrap().id()],
            Err(_) => vec![],
        };
        self.commit_with_parents(author, message, &parents)
    }

    /// Appends text to existing files (a new file starts empty) and commits.
    pub fn append(&mut self, author: &str, message: &str, changes: &[(&str, String)]) -> Oid {
        for (path, text) in changes {
            self.files
                .entry(path.as_bytes().to_vec())
                .or_default()
                .extend_from_slice(text.as_bytes());
        }
        let parents: Vec<Oid> = match self.repo.head() {
            Ok(h) => vec![h.peel_to_commit().unwrap().id()],
            Err(_) => vec![],
        };
        self.commit_with_parents(author, message, &parents)
    }

    /// Changes the working files without committing.
    pub fn stage(&mut self, changes: &[(&str, Option<&str>)]) {
        for (path, content) in changes {
            match content {
                Some(c) => {
                    self.files
                        .insert(path.as_bytes().to_vec(), c.as_bytes().to_vec());
                }
                None => {
                    self.files.remove(path.as_bytes());
                }
            }
        }
    }

    /// Renames a file (same content) in one commit.
    pub fn rename(&mut self, author: &str, from: &str, to: &str) -> Oid {
        let content = self.files.remove(from.as_bytes()).unwrap();
        self.files.insert(to.as_bytes().to_vec(), content);
        let head = self.repo.head().unwrap().peel_to_commit().unwrap().id();
        self.commit_with_parents(author, &format!("rename {from} to {to}"), &[head])
    }

    pub fn commit_with_parents(&mut self, author: &str, message: &str, parents: &[Oid]) -> Oid {
        let parents: Vec<git2::Commit> = parents
            .iter()
            .map(|p| self.repo.find_commit(*p).unwrap())
            .collect();
        let parents: Vec<&git2::Commit> = parents.iter().collect();
        let tree_id = self.write_tree();
        let tree = self.repo.find_tree(tree_id).unwrap();
        let (name, email) = split_author(author);
        let sig = Signature::new(name, email, &Time::new(self.clock, 0)).unwrap();
        self.clock += DAY;
        let id = self
            .repo
            .commit(None, &sig, &sig, message, &tree, &parents)
            .unwrap();
        self.set_head(id);
        id
    }

    pub fn set_head(&self, id: Oid) {
        let head = self.repo.head();
        let branch = match head {
            Ok(h) => h.name().unwrap().to_string(),
            Err(_) => "refs/heads/main".to_string(),
        };
        self.repo.reference(&branch, id, true, "test").unwrap();
        self.repo.set_head(&branch).unwrap();
        // Keep the working tree in step, as the static analysis reads it.
        self.repo
            .checkout_head(Some(
                git2::build::CheckoutBuilder::new()
                    .force()
                    .remove_untracked(true),
            ))
            .unwrap();
    }

    /// Resets the in-memory file list to `commit`'s tree (for rewriting history).
    pub fn reset_files_to(&mut self, commit: Oid) {
        self.files.clear();
        let tree = self.repo.find_commit(commit).unwrap().tree().unwrap();
        let repo = &self.repo;
        let files = &mut self.files;
        tree.walk(git2::TreeWalkMode::PreOrder, |dir, e| {
            if e.kind() == Some(git2::ObjectType::Blob) {
                let blob = repo.find_blob(e.id()).unwrap();
                let mut p = dir.as_bytes().to_vec();
                p.extend_from_slice(e.name_bytes());
                files.insert(p, blob.content().to_vec());
            }
            git2::TreeWalkResult::Ok
        })
        .unwrap();
    }

    fn write_tree(&self) -> Oid {
        build_tree(&self.repo, &self.files, b"")
    }

    pub fn blob_id(&self, content: &str) -> Oid {
        Oid::hash_object(git2::ObjectType::Blob, content.as_bytes()).unwrap()
    }

    /// Deletes a loose object, as a partial clone would lack it.
    pub fn remove_object(&self, id: Oid) {
        let hex = id.to_string();
        let path = self
            .repo
            .path()
            .join("objects")
            .join(&hex[..2])
            .join(&hex[2..]);
        std::fs::remove_file(path).unwrap();
    }
}

fn build_tree(repo: &Repository, files: &BTreeMap<Vec<u8>, Vec<u8>>, prefix: &[u8]) -> Oid {
    let mut builder = repo.treebuilder(None).unwrap();
    let mut dirs: BTreeMap<Vec<u8>, ()> = BTreeMap::new();
    for (path, content) in files.range(prefix.to_vec()..) {
        if !path.starts_with(prefix) {
            break;
        }
        let rest = &path[prefix.len()..];
        match rest.iter().position(|&b| b == b'/') {
            Some(i) => {
                dirs.insert(rest[..i].to_vec(), ());
            }
            None => {
                let blob = repo.blob(content).unwrap();
                builder.insert(rest, blob, 0o100644).unwrap();
            }
        }
    }
    for dir in dirs.keys() {
        let mut sub = prefix.to_vec();
        sub.extend_from_slice(dir);
        sub.push(b'/');
        let id = build_tree(repo, files, &sub);
        builder.insert(dir.as_slice(), id, 0o040000).unwrap();
    }
    builder.write().unwrap()
}

fn split_author(author: &str) -> (&str, &str) {
    match author.split_once(" <") {
        Some((name, rest)) => (name, rest.trim_end_matches('>')),
        None => (author, "dev@example.com"),
    }
}

/// Runs the planner binary with a private cache directory.
pub fn planner(args: &[&str], cache: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_planner"))
        .args(args)
        .env("XDG_CACHE_HOME", cache)
        .env_remove("HOME")
        // Fixtures under testdata/ must not pick up planner's own history.
        .env(
            "GIT_CEILING_DIRECTORIES",
            Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata"),
        )
        .output()
        .unwrap()
}

pub fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "planner failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn cache_dir() -> (TempDir, PathBuf) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().to_path_buf();
    (dir, path)
}
