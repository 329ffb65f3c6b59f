//! Mining commits on one thread per core. Each thread has its own
//! `Repository` and object caches (`objects`), takes chunks of consecutive
//! commits in turn, and mines each chunk oldest first: a commit's parent
//! tree and the old side of its blobs were then just read for the commit
//! before it.
//!
//! The chunks come either from a commit list (`mine_list`: what the cache
//! lacks) or straight from the walk as it visits commits (`walk_and_mine`,
//! for a history mined from scratch), so that on a cold run the walk and
//! the diffs overlap instead of following each other.

use super::commit_info::CommitInfo;
use super::diff::{mine_commit, oid_bytes, DiffMode, DiffProblem};
use super::objects::ObjectReader;
use super::record::{hex, CommitId, CommitRecord};
use super::walk::{grafts, walk_all};
use anyhow::Result;
use git2::{Oid, Repository};
use indicatif::ProgressBar;
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::Mutex;

/// Commits per chunk while the walk is still going (the total is unknown).
const STREAM_CHUNK: usize = 512;

/// What every worker shares.
pub struct Job<'a> {
    pub git_dir: &'a Path,
    pub mode: DiffMode,
    /// Shallow-clone boundary commits: not diffed.
    pub shallow_ids: &'a HashSet<CommitId>,
    /// `--since`: commits authored before it are not diffed either (their
    /// records are marked incomplete, so the cache does not keep them).
    pub since: Option<i64>,
    pub bar: &'a ProgressBar,
}

/// A chunk's records (in the chunk's order) and the problems met.
type MinedChunk = (Vec<CommitRecord>, Vec<DiffProblem>);

/// Mines `ids`, using what the walk read (`known`) where it has it;
/// records in the order of `ids`.
pub fn mine_list(
    job: &Job<'_>,
    ids: &[CommitId],
    known: &FxHashMap<CommitId, CommitInfo>,
) -> Result<(Vec<CommitRecord>, Vec<DiffProblem>)> {
    if ids.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let threads = threads();
    // Small enough that no thread is left with a long tail, large enough
    // that chunk edges (where caches start cold) are rare.
    let size = (ids.len() / (threads * 8)).clamp(64, 1024);
    let chunks: Vec<&[CommitId]> = ids.chunks(size).collect();
    let next = AtomicUsize::new(0);
    let source = |repo: &Repository| -> Result<Option<(usize, Vec<Cow<'_, CommitInfo>>)>> {
        let index = next.fetch_add(1, Ordering::Relaxed);
        let Some(chunk) = chunks.get(index) else {
            return Ok(None);
        };
        let mut commits = Vec::with_capacity(chunk.len());
        for id in chunk.iter() {
            commits.push(match known.get(id) {
                Some(info) => Cow::Borrowed(info),
                None => Cow::Owned(CommitInfo::from_commit(
                    &repo.find_commit(Oid::from_bytes(id)?)?,
                )),
            });
        }
        Ok(Some((index, commits)))
    };
    let mined = run(job, threads.min(chunks.len()), &source)?;
    Ok(flatten(mined))
}

/// Walks every commit from `head` (see `walk::walk_all`) while the workers
/// mine them; the commit list in walk order, and the records in that order.
pub fn walk_and_mine(
    job: &Job<'_>,
    repo: &Repository,
    head: Oid,
    first_parent: bool,
) -> Result<(Vec<CommitId>, Vec<CommitRecord>, Vec<DiffProblem>)> {
    let (sender, receiver) = sync_channel::<(usize, Vec<CommitInfo>)>(64);
    let receiver: Mutex<Receiver<(usize, Vec<CommitInfo>)>> = Mutex::new(receiver);
    let source = |_: &Repository| -> Result<Option<(usize, Vec<Cow<'_, CommitInfo>>)>> {
        // A poisoned lock means another worker panicked; that one reports it.
        let Ok(receiver) = receiver.lock() else {
            return Ok(None);
        };
        Ok(receiver
            .recv()
            .ok()
            .map(|(index, chunk)| (index, chunk.into_iter().map(Cow::Owned).collect())))
    };
    let (walked, mined) = std::thread::scope(|scope| {
        let workers = scope.spawn(|| run(job, threads(), &source));
        let walked = (|| -> Result<Vec<CommitInfo>> {
            let mut chunk = Vec::with_capacity(STREAM_CHUNK);
            let mut index = 0;
            let mut visit = |info: &CommitInfo| {
                chunk.push(info.clone());
                if chunk.len() == STREAM_CHUNK {
                    job.bar.inc_length(chunk.len() as u64);
                    // The workers only stop early on an error, reported below.
                    let _ = sender.send((index, std::mem::take(&mut chunk)));
                    index += 1;
                }
            };
            let infos = walk_all(&repo.odb()?, head, first_parent, &grafts(repo), &mut visit)?;
            if !chunk.is_empty() {
                job.bar.inc_length(chunk.len() as u64);
                let _ = sender.send((index, chunk));
            }
            Ok(infos)
        })();
        // No more chunks: the workers finish what is queued and stop.
        drop(sender);
        let mined = workers
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("a history worker panicked")));
        (walked, mined)
    });
    let order: Vec<CommitId> = walked?.iter().map(|info| oid_bytes(info.id)).collect();
    let (records, problems) = flatten(mined?);
    // Records come in visit order; the list is in the walk's final order.
    let mut by_id: FxHashMap<CommitId, CommitRecord> =
        records.into_iter().map(|r| (r.id, r)).collect();
    let records = order.iter().filter_map(|id| by_id.remove(id)).collect();
    Ok((order, records, problems))
}

fn threads() -> usize {
    rayon::current_num_threads().max(1)
}

/// Runs `threads` workers until `next` has no more chunks; each chunk's
/// result with its index.
fn run<'k, F>(job: &Job<'_>, threads: usize, next: &F) -> Result<Vec<(usize, MinedChunk)>>
where
    F: Fn(&Repository) -> Result<Option<(usize, Vec<Cow<'k, CommitInfo>>)>> + Sync,
{
    let worker = || -> Result<Vec<(usize, MinedChunk)>> {
        let repo = Repository::open(job.git_dir)?;
        let mut reader = ObjectReader::new(&repo)?;
        let mut done = Vec::new();
        while let Some((index, commits)) = next(&repo)? {
            done.push((index, mine_chunk(&mut reader, &commits, job)?));
            job.bar.inc(commits.len() as u64);
        }
        Ok(done)
    };
    let results: Vec<Result<Vec<(usize, MinedChunk)>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads.max(1)).map(|_| scope.spawn(worker)).collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("a history worker panicked")))
            })
            .collect()
    });
    let mut mined = Vec::new();
    for result in results {
        mined.extend(result?);
    }
    Ok(mined)
}

/// Chunks back in index order, as one list of records and of problems.
fn flatten(mut mined: Vec<(usize, MinedChunk)>) -> (Vec<CommitRecord>, Vec<DiffProblem>) {
    mined.sort_by_key(|(index, _)| *index);
    let (mut records, mut problems) = (Vec::new(), Vec::new());
    for (_, (r, p)) in mined {
        records.extend(r);
        problems.extend(p);
    }
    (records, problems)
}

fn mine_chunk(
    reader: &mut ObjectReader<'_>,
    chunk: &[Cow<'_, CommitInfo>],
    job: &Job<'_>,
) -> Result<MinedChunk> {
    reader.forget_commit_trees();
    // Commits of the chunk know their trees: a parent in the chunk is not
    // read again.
    for commit in chunk {
        reader.remember_commit_tree(commit.id, commit.tree);
    }
    let mut records = Vec::with_capacity(chunk.len());
    let mut problems = Vec::new();
    for commit in chunk.iter().rev() {
        let id = oid_bytes(commit.id);
        let outside = job.since.is_some_and(|since| commit.time < since);
        let boundary = job.shallow_ids.contains(&id) || outside;
        let record = match mine_commit(reader, commit, job.mode, boundary, &mut problems) {
            Ok(mut record) if outside => {
                record.complete = false;
                record
            }
            Ok(record) => record,
            Err(e) => {
                problems.push(DiffProblem {
                    path: String::new(),
                    message: format!(
                        "commit {}: cannot diff ({}); its changes are left out",
                        hex(&id),
                        e.message()
                    ),
                });
                let mut r = mine_commit(reader, commit, job.mode, true, &mut problems)?;
                r.complete = false;
                r
            }
        };
        records.push(record);
    }
    records.reverse();
    Ok((records, problems))
}
