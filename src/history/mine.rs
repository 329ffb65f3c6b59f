//! Walks a repository's history with git2 and mines each commit, in
//! parallel (`workers`), through the cache when there is one.

use super::cache::{self, Cache};
use super::commit_info::CommitInfo;
use super::diff::{oid_bytes, DiffMode};
use super::record::{CommitId, CommitRecord};
use super::walk::{grafts, walk_all};
use super::workers::{mine_list, walk_and_mine, Job};
use crate::warnings::Warnings;
use anyhow::Result;
use git2::{ErrorCode, Oid, Repository, Sort};
use rustc_hash::FxHashMap;
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// An author as (name, email).
pub type Author = (Arc<str>, Arc<str>);

#[derive(Debug, Clone)]
pub enum CacheChoice {
    Off,
    /// The default directory (see `cache::default_dir`).
    Default,
    Dir(PathBuf),
}

#[derive(Debug, Clone)]
pub struct MineOptions {
    pub diff: DiffMode,
    pub first_parent: bool,
    pub cache: CacheChoice,
    pub progress: bool,
    /// `--since`: commits authored before this are not diffed (nor cached);
    /// cached records of older commits are still read (the window is
    /// applied again when changesets are built).
    pub since: Option<i64>,
}

/// Everything mined, newest commit first (topological order).
#[derive(Debug, Clone, Default)]
pub struct Mined {
    pub commits: Vec<CommitRecord>,
    /// The commit mined to (HEAD), full hex id.
    pub tip: String,
    /// The files in HEAD's tree.
    pub tip_paths: BTreeSet<String>,
    /// HEAD's commit time (seconds since the epoch). A depth-1 shallow clone
    /// has no changeset to date anything by, but still has this.
    pub tip_time: i64,
    /// A shallow clone: history before the boundary is not there.
    pub shallow: bool,
    /// Commits read from the cache versus mined now.
    pub from_cache: usize,
    pub mined_now: usize,
    pub cache_file: Option<PathBuf>,
    /// The cached tip was not an ancestor of HEAD (history rewritten).
    pub rewritten: bool,
    /// (name, email) as recorded → as `.mailmap` says (only authors it
    /// changes).
    pub mailmap: FxHashMap<Author, Author>,
}

#[derive(Debug)]
pub enum MineOutcome {
    /// Not a git repository (or one git2 cannot open); the reason.
    NoGit(String),
    /// A repository without commits.
    Empty,
    Mined(Box<Mined>),
}

const FULL_WALK: &str = "full";
const FIRST_PARENT_WALK: &str = "first-parent";

pub fn mine(repo_path: &Path, options: &MineOptions, warnings: &Warnings) -> Result<MineOutcome> {
    tune_libgit2();
    let mut timer = crate::app::StageTimer::from_env();
    let repo = match open_enclosing(repo_path) {
        Ok(repo) => repo,
        Err(e) if e.code() == ErrorCode::NotFound => {
            return Ok(MineOutcome::NoGit("not a git repository".into()))
        }
        Err(e) => {
            warnings.push(
                "",
                None,
                format!("cannot open the git repository: {}", e.message()),
            );
            return Ok(MineOutcome::NoGit("git2 cannot open the repository".into()));
        }
    };
    let head = match repo.head() {
        Ok(head) => match head.peel_to_commit() {
            Ok(c) => c.id(),
            Err(e) => return Ok(MineOutcome::NoGit(e.message().to_string())),
        },
        Err(e) if e.code() == ErrorCode::UnbornBranch || e.code() == ErrorCode::NotFound => {
            return Ok(MineOutcome::Empty)
        }
        Err(e) => return Ok(MineOutcome::NoGit(e.message().to_string())),
    };
    let shallow_ids = shallow_boundary(&repo);
    let shallow = repo.is_shallow() || !shallow_ids.is_empty();
    let tip_paths = tip_paths(&repo, head, warnings);
    timer.lap("open");

    let cache = open_cache(&repo, options, warnings);
    let walk_key = if options.first_parent {
        FIRST_PARENT_WALK
    } else {
        FULL_WALK
    };
    let bar = crate::app::progress_bar(options.progress, 0, "history");
    let job = Job {
        git_dir: repo.path(),
        mode: options.diff,
        shallow_ids: &shallow_ids,
        since: options.since,
        bar: &bar,
    };
    // Nothing to reuse: walk and mine at once. Otherwise walk, see what the
    // cache holds, and mine the rest.
    let from_scratch = cache.as_ref().is_none_or(|c| c.is_empty(walk_key));
    let (list, walked, cached, missing, fresh, problems) = if from_scratch {
        let (list, fresh, problems) = walk_and_mine(&job, &repo, head, options.first_parent)?;
        timer.lap("walk+diff");
        let cached = vec![None; list.len()];
        let missing = list.clone();
        (list, Walked::Full, cached, missing, fresh, problems)
    } else {
        let (list, walked, infos) =
            walk_list(&repo, head, options.first_parent, cache.as_ref(), walk_key)?;
        timer.lap("walk");
        let cached = match &cache {
            Some(c) => c.load_records(&list).unwrap_or_else(|e| {
                warnings.push(
                    "",
                    None,
                    format!("history cache unreadable, mining everything ({e:#})"),
                );
                vec![None; list.len()]
            }),
            None => vec![None; list.len()],
        };
        let missing: Vec<CommitId> = list
            .iter()
            .zip(&cached)
            .filter(|(_, r)| r.is_none())
            .map(|(id, _)| *id)
            .collect();
        timer.lap("cache");
        let known: FxHashMap<CommitId, CommitInfo> = infos
            .into_iter()
            .map(|info| (oid_bytes(info.id), info))
            .collect();
        bar.set_length(missing.len() as u64);
        let (fresh, problems) = mine_list(&job, &missing, &known)?;
        timer.lap("diff");
        (list, walked, cached, missing, fresh, problems)
    };
    bar.finish_and_clear();
    for p in problems {
        warnings.push(p.path, None, p.message);
    }
    let rewritten = walked == Walked::Rewritten;

    let mut fresh_iter = fresh.into_iter();
    let from_cache = cached.iter().filter(|r| r.is_some()).count();
    let mined_now = missing.len();
    let mut commits = Vec::with_capacity(list.len());
    for record in cached {
        match record {
            Some(r) => commits.push(r),
            None => {
                if let Some(r) = fresh_iter.next() {
                    commits.push(r);
                }
            }
        }
    }

    if let Some(c) = &cache {
        let missing_set: HashSet<&CommitId> = missing.iter().collect();
        // Incomplete records (a missing blob) and shallow-boundary commits are
        // not cached: a later fetch may fill them in.
        let new: Vec<&CommitRecord> = commits
            .iter()
            .filter(|r| missing_set.contains(&r.id))
            .filter(|r| r.complete && !shallow_ids.contains(&r.id))
            .collect();
        let unchanged = new.is_empty() && walked == Walked::SameTip;
        if unchanged {
            // Nothing to write: a warm re-run stays read-only.
        } else if let Err(e) = c.store(walk_key, oid_bytes(head), &list, &new, rewritten) {
            warnings.push("", None, format!("cannot update the history cache ({e:#})"));
        }
    }

    let mailmap = resolve_authors(&repo, &commits);
    timer.lap("authors");
    let tip_time = repo
        .find_commit(head)
        .map(|c| c.time().seconds())
        .unwrap_or(0);
    let mut tip_paths = tip_paths;
    if let Some(prefix) = subdirectory_prefix(&repo, repo_path) {
        restrict_to(&prefix, &mut commits, &mut tip_paths);
    }
    Ok(MineOutcome::Mined(Box::new(Mined {
        mailmap,
        commits,
        tip: head.to_string(),
        tip_paths,
        tip_time,
        shallow,
        from_cache,
        mined_now,
        cache_file: cache.map(|c| c.path),
        rewritten,
    })))
}

/// The repository `path` is in: the directory itself, or the one around it
/// when a subdirectory of a monorepo is analysed. `GIT_CEILING_DIRECTORIES`
/// stops the search as it stops git's.
fn open_enclosing(path: &Path) -> Result<Repository, git2::Error> {
    let ceilings: Vec<PathBuf> = std::env::var_os("GIT_CEILING_DIRECTORIES")
        .map(|v| std::env::split_paths(&v).collect())
        .unwrap_or_default();
    Repository::open_ext(path, git2::RepositoryOpenFlags::empty(), &ceilings)
}

/// `packages/backend/` when `path` is that folder of the repository's work
/// tree; `None` at the top.
fn subdirectory_prefix(repo: &Repository, path: &Path) -> Option<String> {
    let workdir = repo.workdir()?.canonicalize().ok()?;
    let path = path.canonicalize().ok()?;
    let rel = path.strip_prefix(&workdir).ok()?;
    let rel = rel.to_str()?.replace('\\', "/");
    (!rel.is_empty()).then(|| format!("{}/", rel.trim_end_matches('/')))
}

/// Keeps the changes inside `prefix`, with paths relative to it: the
/// history of a subdirectory, as `git log -- DIR` sees it.
fn restrict_to(prefix: &str, commits: &mut [CommitRecord], tip_paths: &mut BTreeSet<String>) {
    let inside = |p: &str| p.strip_prefix(prefix).map(Arc::<str>::from);
    for commit in commits.iter_mut() {
        commit.changes.retain(|c| c.path.starts_with(prefix));
        for change in commit.changes.iter_mut() {
            if let Some(rel) = inside(&change.path) {
                change.path = rel;
            }
            change.old_path = change.old_path.as_deref().and_then(inside);
        }
    }
    *tip_paths = tip_paths
        .iter()
        .filter_map(|p| p.strip_prefix(prefix).map(str::to_string))
        .collect();
}

fn open_cache(repo: &Repository, options: &MineOptions, warnings: &Warnings) -> Option<Cache> {
    let dir = match &options.cache {
        CacheChoice::Off => return None,
        CacheChoice::Dir(dir) => dir.clone(),
        CacheChoice::Default => match cache::default_dir() {
            Some(dir) => dir,
            None => {
                warnings.push(
                    "",
                    None,
                    "no history cache: neither XDG_CACHE_HOME nor HOME is set (pass --cache-dir)",
                );
                return None;
            }
        },
    };
    let d = options.diff;
    let mode = format!(
        "r{}-l{}-m{}",
        d.renames as u8, d.line_counts as u8, d.include_merges as u8
    );
    let path = cache::file_for(&dir, repo.path());
    match Cache::open(&path, &mode) {
        Ok(cache) => Some(cache),
        Err(e) => {
            warnings.push("", None, format!("history cache not used ({e:#})"));
            None
        }
    }
}

/// How the commit list was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Walked {
    /// Walked from HEAD (no cached walk, or one that could not be extended).
    Full,
    /// HEAD is the cached tip: the cached list as it is.
    SameTip,
    /// The cached tip is an ancestor of HEAD: only the new commits walked.
    Extended,
    /// The cached tip is no longer an ancestor of HEAD: history rewritten.
    Rewritten,
}

/// The commits to count, newest first, how they were found, and what the
/// walk read of them (nothing when libgit2's revwalk did the walking).
fn walk_list(
    repo: &Repository,
    head: Oid,
    first_parent: bool,
    cache: Option<&Cache>,
    walk_key: &str,
) -> Result<(Vec<CommitId>, Walked, Vec<CommitInfo>)> {
    let full = |walked| -> Result<(Vec<CommitId>, Walked, Vec<CommitInfo>)> {
        let infos = walk_all(&repo.odb()?, head, first_parent, &grafts(repo), &mut |_| ())?;
        let list = infos.iter().map(|info| oid_bytes(info.id)).collect();
        Ok((list, walked, infos))
    };
    let stored = cache.and_then(|c| c.load_walk(walk_key).ok().flatten());
    let Some((old_tip, old_list)) = stored else {
        return full(Walked::Full);
    };
    let old_oid = Oid::from_bytes(&old_tip)?;
    if old_oid == head {
        return Ok((old_list, Walked::SameTip, Vec::new()));
    }
    let is_ancestor = repo.graph_descendant_of(head, old_oid).unwrap_or(false);
    if !is_ancestor {
        return full(Walked::Rewritten);
    }
    let new = walk_since(repo, head, old_oid, first_parent)?;
    // On the first-parent walk, the new part must join the old mainline;
    // otherwise (the old tip was merged in from the side) walk it all.
    if first_parent {
        let joins = match new.last() {
            Some(last) => {
                repo.find_commit(Oid::from_bytes(last)?)
                    .ok()
                    .and_then(|c| c.parent_id(0).ok())
                    == Some(old_oid)
            }
            None => true,
        };
        if !joins {
            return full(Walked::Full);
        }
    }
    let mut list = new;
    list.extend(old_list);
    Ok((list, Walked::Extended, Vec::new()))
}

/// The commits reachable from `head` but not from `hide`, with libgit2's
/// revwalk (in the same order `walk::walk_all` gives).
fn walk_since(
    repo: &Repository,
    head: Oid,
    hide: Oid,
    first_parent: bool,
) -> Result<Vec<CommitId>> {
    let mut revwalk = repo.revwalk()?;
    revwalk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)?;
    if first_parent {
        revwalk.simplify_first_parent()?;
    }
    revwalk.push(head)?;
    revwalk.hide(hide)?;
    let mut out = Vec::new();
    for oid in revwalk {
        out.push(oid_bytes(oid?));
    }
    Ok(out)
}

/// libgit2 re-hashes every object it reads unless told not to (git does not,
/// and planner only reads). Its object cache is off: each mining worker
/// caches raw trees and blobs itself (`objects`), and everything else is
/// read once, so libgit2's cache would only cost a lock and a copy per
/// object, and time to free it all at the end.
fn tune_libgit2() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        git2::opts::strict_hash_verification(false);
        git2::opts::enable_caching(false);
    });
}

/// Every distinct author through `.mailmap` (when the repository has one).
fn resolve_authors(repo: &Repository, commits: &[CommitRecord]) -> FxHashMap<Author, Author> {
    let mut out = FxHashMap::default();
    let Some(mailmap) = mailmap(repo) else {
        return out;
    };
    let mut seen: HashSet<(&str, &str)> = HashSet::new();
    for c in commits {
        if !seen.insert((&c.author_name, &c.author_email)) {
            continue;
        }
        let resolved =
            git2::Signature::new(&c.author_name, &c.author_email, &git2::Time::new(0, 0))
                .and_then(|sig| mailmap.resolve_signature(&sig));
        if let Ok(sig) = resolved {
            let name = String::from_utf8_lossy(sig.name_bytes());
            let email = String::from_utf8_lossy(sig.email_bytes());
            if name != *c.author_name || email != *c.author_email {
                out.insert(
                    (c.author_name.clone(), c.author_email.clone()),
                    (Arc::from(name), Arc::from(email)),
                );
            }
        }
    }
    out
}

/// The working tree's `.mailmap` (with git's config), or else the one
/// committed at HEAD, as git reads it in a bare repository.
fn mailmap(repo: &Repository) -> Option<git2::Mailmap> {
    let in_workdir = repo.workdir().is_some_and(|d| d.join(".mailmap").is_file());
    if !in_workdir {
        let committed = repo
            .revparse_single("HEAD:.mailmap")
            .ok()
            .and_then(|o| o.peel_to_blob().ok())
            .map(|b| String::from_utf8_lossy(b.content()).into_owned());
        if let Some(text) = committed {
            return git2::Mailmap::from_buffer(&text).ok();
        }
    }
    repo.mailmap().ok()
}

/// Commits listed in `.git/shallow`: their parents are not in the clone.
fn shallow_boundary(repo: &Repository) -> HashSet<CommitId> {
    let Ok(text) = crate::scan::read::read_regular_string(
        &repo.path().join("shallow"),
        crate::scan::read::MAX_SMALL_FILE_BYTES,
    ) else {
        return HashSet::new();
    };
    text.lines()
        .filter_map(|line| Oid::from_str(line.trim()).ok())
        .map(oid_bytes)
        .collect()
}

fn tip_paths(repo: &Repository, head: Oid, warnings: &Warnings) -> BTreeSet<String> {
    let mut paths = BTreeSet::new();
    let tree = match repo.find_commit(head).and_then(|c| c.tree()) {
        Ok(tree) => tree,
        Err(e) => {
            warnings.push(
                "",
                None,
                format!("cannot read HEAD's tree ({})", e.message()),
            );
            return paths;
        }
    };
    let _ = tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
        if entry.kind() != Some(git2::ObjectType::Tree) {
            let mut bytes = dir.as_bytes().to_vec();
            bytes.extend_from_slice(entry.name_bytes());
            paths.insert(super::record::path_string(&bytes).0);
        }
        git2::TreeWalkResult::Ok
    });
    paths
}
