#!/usr/bin/env python3
"""MoJo distance and MoJoFM (stdlib only).

References
----------
* V. Tzerpos, R. C. Holt, "MoJo: a distance metric for software clusterings",
  WCRE 1999 -- MoJo: the minimum number of Move (one object into another,
  possibly new, cluster) and Join (two clusters into one) operations that turn
  partition A into partition B.
* Z. Wen, V. Tzerpos, "An optimal algorithm for MoJo distance", IWPC 2003, and
  "An effectiveness measure for software clustering algorithms", IWPC 2004
  (doi:10.1109/WPC.2004.1311061) -- the tagging + maximum bipartite matching
  algorithm, and

      MoJoFM(A, B) = (1 - mno(A, B) / max(mno(any A, B))) * 100

  with max(mno(any A, B)) = n - g, where n is the number of objects and g is
  obtained by sorting B's cluster sizes ascending and counting
  ``if g < |B_i|: g += 1`` (so g <= number of clusters of B, and g grows only
  while the next cluster is big enough to "hold" one more group).

This module is a port of the reference Java implementation (mojo.jar by
Zhihua Wen, classes ``MoJoCalculator``, ``Cluster``, ``BipartiteGraph``), read
from the copy vendored in HUSACCT/HUSACCT,
``src/husacct/analyse/task/reconstruct/mojo/{MoJoCalculator,Cluster,BipartiteGraph}.java``:

* ``tagAssignment`` / ``Cluster.addobject_mojo``: every object of cluster A_i
  carries the tag of its B cluster; ``maxtag`` is the largest tag count, the
  cluster's ``group`` is the first tag to reach that maximum and ``groupList``
  holds every tag tied at the maximum.
* ``maxbipartiteMatching``: an edge A_i -> G_j for every j in A_i's groupList,
  maximum matching by augmenting paths; matched clusters take the matched group,
  the others keep their tagging group.
* ``calculateCost``: moves = sum(|A_i| - maxtag_i), joins = l - (number of
  distinct groups used), mno = moves + joins.
* ``maxDistanceTo`` and ``mojofmValue``:
  ``Math.rint((1 - mno / maxDis) * 10000) / 100`` (two decimals, round half to
  even; Python's ``round`` on a float does the same).

Differences from the Java code, none of which changes a result:

* the augmenting-path search keeps a per-phase ``visited`` set (Kuhn's
  algorithm); the Java search only avoids vertices on the current path, which
  finds a maximum matching too but can take exponential time on many ties.
  The cost depends only on the matching's size, not on which one is found.
* n == 1 makes maxDis 0 and the Java code returns NaN (0/0); here the MoJoFM of
  one shared object is 100.0. n == 0 raises ValueError.

Like the Java code with two files, only objects present in both partitions are
compared.  MoJo is one-directional: mno(A, B) transforms A (the clustering
under test) into B (the reference).

Run ``python3 bench/capabilities/mojo.py`` for the self-tests, which include an
exhaustive check against a breadth-first search over all partitions of up to 6
objects (MoJo value and the max-mno formula).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Hashable, Mapping

__all__ = ["MoJoResult", "mojo_details", "mojo", "mojofm", "max_mno"]


@dataclass(frozen=True)
class MoJoResult:
    n: int  # objects compared (common to both partitions)
    clusters_a: int  # l
    clusters_b: int  # m (non-empty clusters of B over the common objects)
    moves: int
    joins: int
    mno: int  # moves + joins = MoJo(A, B)
    max_mno: int  # max(mno(any A, B)) = n - g
    mojofm: float  # rounded like mojo.jar (2 decimals)
    mojofm_exact: float  # unrounded

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def max_mno(b_sizes: list[int], n: int | None = None) -> int:
    """max(mno(any A, B)) for a B with these cluster sizes (MoJoCalculator.maxDistanceTo)."""
    if n is None:
        n = sum(b_sizes)
    g = 0
    for size in sorted(b_sizes):
        if g < size:
            g += 1
    return n - g


class _Cluster:
    """Cluster A_i with its tags (Cluster.java, MoJo mode)."""

    __slots__ = ("tags", "maxtag", "totaltags", "group", "group_list")

    def __init__(self, m: int):
        self.tags = [0] * m
        self.maxtag = 0
        self.totaltags = 0
        self.group = 0
        self.group_list: list[int] = []

    def add(self, t: int) -> None:  # Cluster.addobject_mojo
        self.tags[t] += 1
        self.totaltags += 1
        if self.tags[t] > self.maxtag:
            self.maxtag = self.tags[t]
            self.group = t
            self.group_list = [t]
        elif self.tags[t] == self.maxtag:
            self.group_list.append(t)


def _max_matching(adj: list[list[int]], m: int) -> list[int]:
    """Maximum bipartite matching of left vertices 0..l-1 onto groups 0..m-1.

    Returns match_of_group[j] = index of the A cluster matched to group j, or -1.
    Augmenting paths by iterative DFS (Kuhn); left vertices are tried in index
    order and their edges in groupList order, as in BipartiteGraph.java.
    """
    match_of_group = [-1] * m
    for start in range(len(adj)):
        if not adj[start]:
            continue
        visited = [False] * m
        # stack of (left vertex, next edge index); parent links via path list
        path: list[tuple[int, int]] = []  # (left, group chosen)
        stack = [(start, 0)]
        found = -1
        while stack:
            left, k = stack[-1]
            if k >= len(adj[left]):
                stack.pop()
                if path:
                    path.pop()
                continue
            stack[-1] = (left, k + 1)
            j = adj[left][k]
            if visited[j]:
                continue
            visited[j] = True
            path.append((left, j))
            if match_of_group[j] == -1:
                found = j
                break
            stack.append((match_of_group[j], 0))
        if found >= 0:
            for left, j in path:  # flip the augmenting path
                match_of_group[j] = left
    return match_of_group


def mojo_details(a: Mapping[Hashable, Hashable], b: Mapping[Hashable, Hashable]) -> MoJoResult:
    """MoJo(A -> B) and MoJoFM(A, B) for two partitions given as object -> cluster.

    Only objects present in both mappings are compared.
    """
    # Target (B) first, as commonPrep() does; cluster indices in order of first appearance.
    tag_b: dict[Hashable, int] = {}
    common = [o for o in a if o in b]
    for o in common:
        tag_b.setdefault(b[o], len(tag_b))
    n = len(common)
    if n == 0:
        raise ValueError("the two partitions have no object in common")
    m = len(tag_b)
    b_sizes = [0] * m
    for o in common:
        b_sizes[tag_b[b[o]]] += 1

    index_a: dict[Hashable, int] = {}
    clusters: list[_Cluster] = []
    for o in common:  # tagAssignment
        i = index_a.get(a[o])
        if i is None:
            i = index_a[a[o]] = len(clusters)
            clusters.append(_Cluster(m))
        clusters[i].add(tag_b[b[o]])
    l = len(clusters)

    match_of_group = _max_matching([c.group_list for c in clusters], m)
    for j, i in enumerate(match_of_group):  # maxbipartiteMatching: matched A_i take group j
        if i >= 0:
            clusters[i].group = j

    # calculateCost
    moves = sum(c.totaltags - c.maxtag for c in clusters)
    nonempty_groups = len({c.group for c in clusters})
    joins = l - nonempty_groups
    mno = moves + joins

    max_dis = max_mno(b_sizes, n)
    if max_dis == 0:  # only when n == 1; Java gives 0/0 = NaN
        exact = 100.0
    else:
        exact = (1 - mno / max_dis) * 100
    rounded = round((1 - mno / max_dis) * 10000) / 100 if max_dis else 100.0
    return MoJoResult(n, l, m, moves, joins, mno, max_dis, rounded, exact)


def mojo(a: Mapping, b: Mapping) -> int:
    """mno(A, B): minimum number of Move and Join operations turning A into B."""
    return mojo_details(a, b).mno


def mojofm(a: Mapping, b: Mapping) -> float:
    """MoJoFM(A, B) in percent, two decimals as mojo.jar prints it (100 = identical)."""
    return mojo_details(a, b).mojofm


# ----------------------------------------------------------------------------- self-tests


def _rsf(spec: str) -> dict[str, str]:
    """'A1 o1, A1 o2, A2 o3' -> {'o1': 'A1', 'o2': 'A1', 'o3': 'A2'} (RSF 'contain' lines)."""
    out = {}
    for item in spec.split(","):
        cluster, obj = item.split()
        out[obj] = cluster
    return out


def _from_groups(groups: list[list[str]]) -> dict[str, str]:
    return {o: f"C{i}" for i, g in enumerate(groups) for o in g}


def _all_partitions(items: list) -> list[list[list]]:
    if not items:
        return [[]]
    first, rest = items[0], items[1:]
    out = []
    for p in _all_partitions(rest):
        out.append([[first]] + p)
        for k in range(len(p)):
            out.append(p[:k] + [[first] + p[k]] + p[k + 1 :])
    return out


def _canon(p) -> frozenset:
    return frozenset(frozenset(c) for c in p if c)


def _bfs_distances(start: frozenset) -> dict[frozenset, int]:
    """Shortest Move/Join distance from `start` to every partition of its objects."""
    from collections import deque

    dist = {start: 0}
    queue = deque([start])
    while queue:
        s = queue.popleft()
        d = dist[s] + 1
        cl = list(s)
        nxt = []
        for x in range(len(cl)):  # Join
            for y in range(x + 1, len(cl)):
                nxt.append([c for k, c in enumerate(cl) if k not in (x, y)] + [cl[x] | cl[y]])
        for x, src in enumerate(cl):  # Move one object to another cluster or a new one
            for o in src:
                rest = src - {o}
                for y, dst in enumerate(cl):
                    if y != x:
                        nxt.append([c for k, c in enumerate(cl) if k not in (x, y)] + [rest, dst | {o}])
                if rest:
                    nxt.append([c for k, c in enumerate(cl) if k != x] + [rest, frozenset([o])])
        for p in nxt:
            t = _canon(p)
            if t not in dist:
                dist[t] = d
                queue.append(t)
    return dist


def _self_test(verbose: bool = True) -> None:
    import random

    def check(name, got, want):
        assert got == want, f"{name}: expected {want!r}, got {got!r}"

    # 1. The MoJo distribution's own JUnit suite (TestCoverage/MoJoCalculatorTest.java),
    #    mno(A, B) for A -> B.
    suite = [
        ("A1 o1", "B1 o1", 0),
        ("A1 o1, A1 o2", "B1 o1, B2 o2", 1),
        ("A1 o1, A2 o2", "B1 o1, B1 o2", 1),
        ("A1 o1, A1 o2", "B1 o1, B1 o2", 0),
        ("A1 o1, A2 o2", "B1 o1, B2 o2", 0),
        ("A1 o1, A2 o2, A3 o3", "B1 o1, B2 o2, B3 o3", 0),
        ("A1 o1, A2 o2, A3 o3", "B1 o1, B1 o2, B2 o3", 1),
        ("A1 o1, A2 o2, A3 o3", "B1 o1, B2 o2, B2 o3", 1),
        ("A1 o1, A2 o2, A3 o3", "B1 o1, B2 o2, B1 o3", 1),
        ("A1 o1, A2 o2, A3 o3", "B1 o1, B1 o2, B1 o3", 2),
        ("A1 o1, A2 o2, A2 o3", "B1 o1, B2 o2, B3 o3", 1),
        ("A1 o1, A2 o2, A2 o3", "B1 o1, B1 o2, B2 o3", 1),
        ("A1 o1, A2 o2, A2 o3", "B1 o1, B2 o2, B2 o3", 0),
        ("A1 o1, A2 o2, A2 o3", "B1 o1, B2 o2, B1 o3", 1),
        ("A1 o1, A2 o2, A2 o3", "B1 o1, B1 o2, B1 o3", 1),
        ("A1 o1, A1 o2, A2 o3", "B1 o1, B2 o2, B3 o3", 1),
        ("A1 o1, A1 o2, A2 o3", "B1 o1, B1 o2, B2 o3", 0),
        ("A1 o1, A1 o2, A2 o3", "B1 o1, B2 o2, B2 o3", 1),
        ("A1 o1, A1 o2, A2 o3", "B1 o1, B2 o2, B1 o3", 1),
        ("A1 o1, A1 o2, A2 o3", "B1 o1, B1 o2, B1 o3", 1),
        ("A1 o1, A2 o2, A1 o3", "B1 o1, B2 o2, B3 o3", 1),
        ("A1 o1, A2 o2, A1 o3", "B1 o1, B1 o2, B2 o3", 1),
        ("A1 o1, A2 o2, A1 o3", "B1 o1, B2 o2, B2 o3", 1),
        ("A1 o1, A2 o2, A1 o3", "B1 o1, B2 o2, B1 o3", 0),
        ("A1 o1, A2 o2, A1 o3", "B1 o1, B1 o2, B1 o3", 1),
        ("A1 o1, A1 o2, A1 o3", "B1 o1, B2 o2, B3 o3", 2),
        ("A1 o1, A1 o2, A1 o3", "B1 o1, B1 o2, B2 o3", 1),
        ("A1 o1, A1 o2, A1 o3", "B1 o1, B2 o2, B2 o3", 1),
        ("A1 o1, A1 o2, A1 o3", "B1 o1, B2 o2, B1 o3", 1),
        ("A1 o1, A1 o2, A1 o3", "B1 o1, B1 o2, B1 o3", 0),
        ("A1 o1, A1 o2, A2 o3, A2 o4", "B1 o1, B1 o2, B1 o3, B1 o4", 1),
        ("A1 o1, A1 o2, A1 o3, A1 o4", "B1 o1, B1 o2, B2 o3, B2 o4", 2),
    ]
    for i, (sa, sb, want) in enumerate(suite):
        check(f"MoJo suite case {i}", mojo(_rsf(sa), _rsf(sb)), want)
    # testZhihuaThesis (example of Wen's thesis): 9
    zhihua_a = _from_groups([[f"o{k}" for k in range(s, s + 4)] for s in (1, 5, 9, 13)])
    zhihua_b = _rsf("B1 o1, B1 o2, B4 o3, B2 o4, B2 o5, B2 o6, B1 o7, B1 o8, B3 o9, B3 o10, "
                    "B2 o11, B2 o12, B2 o13, B2 o14, B3 o15, B3 o16")
    check("testZhihuaThesis", mojo(zhihua_a, zhihua_b), 9)
    # testBilThesis: 11
    bil_a = _from_groups([[f"o{k}" for k in r] for r in (range(1, 7), range(7, 10), range(10, 17), range(17, 26))])
    bil_b_groups = {"B1": [1, 2, 4, 5, 8, 9, 21], "B2": [3, 6, 7], "B3": [10, 14],
                    "B4": [11, 12, 15, 16, 17, 18, 19, 22, 23, 24], "B5": [13, 20, 25]}
    bil_b = {f"o{k}": g for g, ks in bil_b_groups.items() for k in ks}
    check("testBilThesis", mojo(bil_a, bil_b), 11)
    # Hand-derived cases pinned against the Java implementation by mono2micro's test suite.
    check("one move", mojo(_rsf("A1 1, A1 2, A2 3"), _rsf("B1 1, B2 2, B2 3")), 1)
    check("one join", mojo(_rsf("A1 1, A2 2"), _rsf("B1 1, B1 2")), 1)
    check("matching, not greedy", mojo(_rsf("A1 1, A1 2, A2 3, A2 4"), _rsf("B1 1, B1 2, B1 3, B2 4")), 1)
    check("33.33", mojofm(_rsf("A1 1, A2 2, A3 3, A3 4"), _rsf("B1 1, B1 2, B1 3, B1 4")), 33.33)

    # 2. Identical partitions -> 100, whatever the names.
    b = _rsf("X a, X b, Y c, Z d, Z e, Z f")
    check("identical", mojofm(b, b), 100.0)
    check("renamed", mojofm(_rsf("p a, p b, q c, r d, r e, r f"), b), 100.0)
    check("one object", mojofm({"a": 1}, {"a": 2}), 100.0)

    # 3. A all singletons: no move, n - m joins. B sizes [2,1,3] -> g = 3 (1,2,3), max = 6 - 3 = 3.
    singles = {o: o for o in b}
    r = mojo_details(singles, b)
    check("singletons moves/joins", (r.moves, r.joins, r.mno, r.max_mno), (0, 3, 3, 3))
    check("singletons MoJoFM", r.mojofm, 0.0)
    # B sizes [3,3]: g = 2, max = 4; singletons cost 6 - 2 = 4 -> 0; one cluster costs 3 moves -> 25.
    b33 = _from_groups([["a", "b", "c"], ["d", "e", "f"]])
    check("singletons vs [3,3]", mojofm({o: o for o in b33}, b33), 0.0)
    # 4. A one big cluster: n - max|B_j| moves, no join.
    r = mojo_details({o: "all" for o in b33}, b33)
    check("one cluster vs [3,3]", (r.moves, r.joins, r.mojofm), (3, 0, 25.0))
    r = mojo_details({o: "all" for o in b}, b)
    check("one cluster vs [2,1,3]", (r.moves, r.joins, r.max_mno, r.mojofm), (3, 0, 3, 0.0))
    r = mojo_details({o: "all" for o in "abcd"}, {o: o for o in "abcd"})
    check("one cluster vs singletons", (r.mno, r.max_mno, r.mojofm), (3, 3, 0.0))
    # max_mno examples from the Java comment: sizes 1,2,...,8,10,10,10,15 -> g = 11
    sizes = [1, 2, 3, 4, 5, 6, 7, 8, 10, 10, 10, 15]
    check("maxDistanceTo comment", max_mno(sizes), sum(sizes) - 11)
    # 5. Only common objects count.
    check("common objects", mojo_details({"a": 1, "b": 1, "x": 2}, {"a": 1, "b": 1, "y": 3}).n, 2)
    # rounding: 1/3 -> 66.67, 2/3 -> 33.33
    check("rounding", mojofm(_rsf("A 1, A 2, B 3, B 4"), _rsf("X 1, X 2, X 3, X 4")), 66.67)

    # 6. Exhaustive: for every pair of partitions of n <= 6 objects, MoJo equals the BFS
    #    minimum of Moves + Joins, and max over A of mno(A, B) equals n - g.
    rng = random.Random(20040624)
    pairs = 0
    for n in range(1, 7):
        objs = [f"o{k}" for k in range(n)]
        parts = _all_partitions(objs)
        for pa in parts:
            dist = _bfs_distances(_canon(pa))
            for pb in parts:
                want = dist[_canon(pb)]
                # shuffle object order and cluster names: tie-breaking must not matter
                order = objs[:]
                rng.shuffle(order)
                names_a = rng.sample(range(100), len(pa))
                names_b = rng.sample(range(100), len(pb))
                amap = {o: names_a[i] for i, c in enumerate(pa) for o in c}
                bmap = {o: names_b[i] for i, c in enumerate(pb) for o in c}
                amap = {o: amap[o] for o in order}
                got = mojo(amap, bmap)
                assert got == want, f"MoJo {pa} -> {pb}: algorithm {got}, BFS {want}"
                pairs += 1
        for pb in parts:
            bmap = {o: i for i, c in enumerate(pb) for o in c}
            worst = max(mojo({o: i for i, c in enumerate(pa) for o in c}, bmap) for pa in parts)
            want = max_mno([len(c) for c in pb], n)
            assert worst == want, f"max mno for B={pb}: brute force {worst}, formula {want}"
            # and MoJoFM therefore stays in [0, 100]
    # 7. Random n = 7 pairs (877 partitions), BFS from A.
    objs7 = [f"o{k}" for k in range(7)]
    for _ in range(40):
        amap = {o: rng.randrange(4) for o in objs7}
        bmap = {o: rng.randrange(4) for o in objs7}
        groups_a: dict = {}
        for o, c in amap.items():
            groups_a.setdefault(c, []).append(o)
        groups_b: dict = {}
        for o, c in bmap.items():
            groups_b.setdefault(c, []).append(o)
        want = _bfs_distances(_canon(groups_a.values()))[_canon(groups_b.values())]
        check(f"n=7 {amap} -> {bmap}", mojo(amap, bmap), want)
        pairs += 1
    # 8. A larger case runs fast and stays within range.
    big_a = {i: rng.randrange(60) for i in range(5000)}
    big_b = {i: rng.randrange(25) for i in range(5000)}
    r = mojo_details(big_a, big_b)
    assert 0 <= r.mojofm <= 100 and r.mno <= r.max_mno, r
    if verbose:
        print(f"mojo.py self-tests OK: {len(suite) + 2} MoJo-distribution JUnit cases, "
              f"hand cases, {pairs} partition pairs checked against BFS (n <= 6 exhaustive, "
              f"40 at n = 7), max-mno formula exhaustive for n <= 6")


if __name__ == "__main__":
    _self_test()
