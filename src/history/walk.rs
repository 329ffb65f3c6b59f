//! The full commit walk: every commit reachable from the tip, in the order
//! libgit2's revwalk gives with `TOPOLOGICAL | TIME`, rebuilt over raw
//! commits so that each commit is read once and what mining needs from it
//! is kept (libgit2's revwalk reads every commit, and mining then had to
//! read each one again).
//!
//! The steps are libgit2's (`revwalk.c`): `limit_list` visits commits from
//! a list kept in committer-time order (ties first come, first served), and
//! `sort_in_topological_order` then emits a commit once all its children
//! are out, picking among the ready ones with libgit2's binary heap, whose
//! tie order this copies exactly. Walks that hide an older tip (the
//! incremental cache) still use libgit2's revwalk.

use super::commit_info::CommitInfo;
use git2::{ObjectType, Odb, Oid, Repository};
use rustc_hash::FxHashMap;
use std::collections::VecDeque;

struct Node {
    id: Oid,
    /// Committer time (0 until the commit is read).
    time: i64,
    parents: Vec<usize>,
    info: Option<CommitInfo>,
    seen: bool,
    added: bool,
    in_degree: u32,
}

/// Every commit reachable from `tip` (first parents only with
/// `first_parent`), newest first in libgit2's topological-time order.
/// `visit` sees each commit as it is first read (in `limit_list`'s order,
/// close to the final one), so that work on it can start before the walk
/// ends.
pub fn walk_all(
    odb: &Odb<'_>,
    tip: Oid,
    first_parent: bool,
    grafts: &Grafts,
    visit: &mut dyn FnMut(&CommitInfo),
) -> Result<Vec<CommitInfo>, git2::Error> {
    let mut graph = Graph {
        grafts,
        nodes: Vec::new(),
        index: FxHashMap::default(),
    };
    let head = graph.node(tip);
    graph.parse(odb, head)?;
    graph.nodes[head].seen = true;
    let visited = graph.limit_list(odb, head, first_parent, visit)?;
    let order = graph.topological(&visited);
    Ok(order
        .into_iter()
        .filter_map(|i| graph.nodes[i].info.take())
        .collect())
}

/// Commits whose recorded parents libgit2 replaces: `info/grafts`, then
/// the shallow boundary (`shallow`: no parents), as `git_commit__parse_ext`.
pub type Grafts = FxHashMap<Oid, Vec<Oid>>;

/// The repository's grafts and shallow boundary; unreadable lines are
/// skipped (libgit2 would not have opened the repository with them).
pub fn grafts(repo: &Repository) -> Grafts {
    let mut out = Grafts::default();
    let read = |path: std::path::PathBuf| {
        crate::scan::read::read_regular_string(&path, crate::scan::read::MAX_SMALL_FILE_BYTES)
            .unwrap_or_default()
    };
    for line in read(repo.path().join("shallow")).lines() {
        if let Ok(id) = Oid::from_str(line.trim()) {
            out.insert(id, Vec::new());
        }
    }
    for line in read(repo.commondir().join("info").join("grafts")).lines() {
        let ids: Result<Vec<Oid>, _> = line.split_whitespace().map(Oid::from_str).collect();
        if let Ok(ids) = ids {
            if let Some((&id, parents)) = ids.split_first() {
                out.insert(id, parents.to_vec());
            }
        }
    }
    out
}

struct Graph<'g> {
    grafts: &'g Grafts,
    nodes: Vec<Node>,
    index: FxHashMap<Oid, usize>,
}

impl Graph<'_> {
    fn node(&mut self, id: Oid) -> usize {
        if let Some(&i) = self.index.get(&id) {
            return i;
        }
        self.nodes.push(Node {
            id,
            time: 0,
            parents: Vec::new(),
            info: None,
            seen: false,
            added: false,
            in_degree: 0,
        });
        self.index.insert(id, self.nodes.len() - 1);
        self.nodes.len() - 1
    }

    fn parse(&mut self, odb: &Odb<'_>, i: usize) -> Result<(), git2::Error> {
        if self.nodes[i].info.is_some() {
            return Ok(());
        }
        let id = self.nodes[i].id;
        let object = odb.read(id)?;
        if object.kind() != ObjectType::Commit {
            return Err(git2::Error::from_str(&format!(
                "object {id} is not a commit"
            )));
        }
        let mut info = CommitInfo::parse(id, object.data())
            .ok_or_else(|| git2::Error::from_str(&format!("malformed commit {id}")))?;
        if let Some(parents) = self.grafts.get(&id) {
            info.parents = parents.clone();
        }
        let parents: Vec<usize> = info.parents.iter().map(|&p| self.node(p)).collect();
        let node = &mut self.nodes[i];
        node.time = info.commit_time;
        node.parents = parents;
        node.info = Some(info);
        Ok(())
    }

    /// libgit2's `limit_list` (with `add_parents_to_list`), nothing hidden:
    /// the commits in the order they are visited.
    fn limit_list(
        &mut self,
        odb: &Odb<'_>,
        head: usize,
        first_parent: bool,
        visit: &mut dyn FnMut(&CommitInfo),
    ) -> Result<Vec<usize>, git2::Error> {
        let mut list = VecDeque::from([head]);
        let mut visited = Vec::new();
        while let Some(commit) = list.pop_front() {
            if !self.nodes[commit].added {
                self.nodes[commit].added = true;
                for k in 0..self.nodes[commit].parents.len() {
                    let p = self.nodes[commit].parents[k];
                    self.parse(odb, p)?;
                    if !self.nodes[p].seen {
                        self.nodes[p].seen = true;
                        // Before the first commit with an older time.
                        let time = self.nodes[p].time;
                        let at = list
                            .iter()
                            .position(|&q| self.nodes[q].time < time)
                            .unwrap_or(list.len());
                        list.insert(at, p);
                    }
                    if first_parent {
                        break;
                    }
                }
            }
            if let Some(info) = &self.nodes[commit].info {
                visit(info);
            }
            visited.push(commit);
        }
        Ok(visited)
    }

    /// libgit2's `sort_in_topological_order` with the time comparison.
    fn topological(&mut self, list: &[usize]) -> Vec<usize> {
        for &i in list {
            self.nodes[i].in_degree = 1;
        }
        for &i in list {
            for k in 0..self.nodes[i].parents.len() {
                let p = self.nodes[i].parents[k];
                if self.nodes[p].in_degree != 0 {
                    self.nodes[p].in_degree += 1;
                }
            }
        }
        let mut heap = Heap::default();
        for &i in list {
            if self.nodes[i].in_degree == 1 {
                heap.insert(i, &self.nodes);
            }
        }
        let mut out = Vec::with_capacity(list.len());
        while let Some(next) = heap.pop(&self.nodes) {
            for k in 0..self.nodes[next].parents.len() {
                let p = self.nodes[next].parents[k];
                if self.nodes[p].in_degree == 0 {
                    continue;
                }
                self.nodes[p].in_degree -= 1;
                if self.nodes[p].in_degree == 1 {
                    heap.insert(p, &self.nodes);
                }
            }
            self.nodes[next].in_degree = 0;
            out.push(next);
        }
        out
    }
}

/// libgit2's `git_pqueue` (a binary heap over a vector) with
/// `git_commit_list_time_cmp`: newest first; equal times come out in the
/// heap's own order, which is why this is a copy and not `BinaryHeap`.
#[derive(Default)]
struct Heap(Vec<usize>);

/// `git_commit_list_time_cmp`: positive when `a` is older than `b`.
fn cmp(nodes: &[Node], a: usize, b: usize) -> i32 {
    let (ta, tb) = (nodes[a].time, nodes[b].time);
    match ta.cmp(&tb) {
        std::cmp::Ordering::Less => 1,
        std::cmp::Ordering::Greater => -1,
        std::cmp::Ordering::Equal => 0,
    }
}

impl Heap {
    fn insert(&mut self, item: usize, nodes: &[Node]) {
        self.0.push(item);
        let mut el = self.0.len() - 1;
        let kid = self.0[el];
        while el > 0 {
            let parent_el = (el - 1) >> 1;
            let parent = self.0[parent_el];
            if cmp(nodes, parent, kid) <= 0 {
                break;
            }
            self.0[el] = parent;
            el = parent_el;
        }
        self.0[el] = kid;
    }

    fn pop(&mut self, nodes: &[Node]) -> Option<usize> {
        let top = *self.0.first()?;
        let last = self.0.pop()?;
        if !self.0.is_empty() {
            self.0[0] = last;
            self.down(nodes);
        }
        Some(top)
    }

    fn down(&mut self, nodes: &[Node]) {
        let v = &mut self.0;
        let mut el = 0;
        let parent = v[el];
        loop {
            let mut kid_el = (el << 1) + 1;
            let Some(&first) = v.get(kid_el) else { break };
            let mut kid = first;
            if let Some(&right) = v.get(kid_el + 1) {
                if cmp(nodes, kid, right) > 0 {
                    kid = right;
                    kid_el += 1;
                }
            }
            if cmp(nodes, parent, kid) <= 0 {
                break;
            }
            v[el] = kid;
            el = kid_el;
        }
        v[el] = parent;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use git2::{Signature, Sort, Time};

    /// A history with merges, side branches and many equal
    /// committer times, where only an exact copy of libgit2's ordering
    /// (list insertion and heap ties included) gives the same list.
    fn tangled_repo(dir: &std::path::Path) -> (Repository, Oid) {
        let repo = Repository::init(dir).expect("init");
        let tree_id = repo
            .treebuilder(None)
            .and_then(|b| b.write())
            .expect("tree");
        let mut tips: Vec<Oid> = Vec::new();
        let mut last = None;
        for n in 0..60u32 {
            // Few distinct times: ties everywhere; some children older than
            // their parents.
            let time = Time::new(1_000 + i64::from((n * 7) % 5), 0);
            let sig = Signature::new("T", "t@x", &time).expect("sig");
            let tree = repo.find_tree(tree_id).expect("tree");
            let mut parents = Vec::new();
            if let Some(p) = last {
                parents.push(p);
            }
            if n % 6 == 5 && !tips.is_empty() {
                parents.push(tips.remove(0));
            }
            let parent_commits: Vec<git2::Commit> = parents
                .iter()
                .map(|&p| repo.find_commit(p).expect("parent"))
                .collect();
            let refs: Vec<&git2::Commit> = parent_commits.iter().collect();
            let id = repo
                .commit(None, &sig, &sig, &format!("c{n}"), &tree, &refs)
                .expect("commit");
            if n % 4 == 1 {
                // Start a side branch here and carry on from its parent.
                tips.push(id);
                last = parents.first().copied().or(Some(id));
            } else {
                last = Some(id);
            }
        }
        let head = last.expect("head");
        (repo, head)
    }

    fn libgit2_order(repo: &Repository, head: Oid, first_parent: bool) -> Vec<Oid> {
        let mut walk = repo.revwalk().expect("revwalk");
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)
            .expect("sort");
        if first_parent {
            walk.simplify_first_parent().expect("first parent");
        }
        walk.push(head).expect("push");
        walk.map(|id| id.expect("id")).collect()
    }

    #[test]
    fn the_walk_gives_libgit2s_order_on_a_tangled_history() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (repo, head) = tangled_repo(dir.path());
        let odb = repo.odb().expect("odb");
        for first_parent in [false, true] {
            let ours: Vec<Oid> = walk_all(&odb, head, first_parent, &grafts(&repo), &mut |_| ())
                .expect("walk")
                .into_iter()
                .map(|info| info.id)
                .collect();
            let theirs = libgit2_order(&repo, head, first_parent);
            assert!(theirs.len() > 20);
            // Ties matter here: ordering by time alone would differ.
            let time = |id: &Oid| repo.find_commit(*id).expect("commit").time().seconds();
            let mut by_time = theirs.clone();
            by_time.sort_by_key(|id| std::cmp::Reverse(time(id)));
            assert_ne!(by_time, theirs);
            assert_eq!(ours, theirs, "first_parent = {first_parent}");
        }
    }

    #[test]
    fn the_walk_stops_at_a_shallow_boundary_like_libgit2() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (repo, head) = tangled_repo(dir.path());
        let all = libgit2_order(&repo, head, false);
        let boundary = all[all.len() / 2];
        std::fs::write(repo.path().join("shallow"), format!("{boundary}\n")).expect("write");
        // libgit2 reads the shallow file when the repository is opened.
        let repo = Repository::open(dir.path()).expect("open");
        let ours: Vec<CommitInfo> = walk_all(
            &repo.odb().expect("odb"),
            head,
            false,
            &grafts(&repo),
            &mut |_| (),
        )
        .expect("walk");
        let theirs = libgit2_order(&repo, head, false);
        assert!(theirs.len() < all.len());
        let ids: Vec<Oid> = ours.iter().map(|info| info.id).collect();
        assert_eq!(ids, theirs);
        let cut = ours
            .iter()
            .find(|info| info.id == boundary)
            .expect("boundary");
        assert!(cut.parents.is_empty());
    }
}
