//! Louvain community detection (Blondel et al. 2008) on a small weighted
//! undirected graph, deterministic: nodes are visited in index order and
//! ties go to the lowest community, so the same graph always gives the same
//! communities whatever the thread count.

use std::collections::BTreeMap;

/// Communities of `n` nodes joined by weighted `edges` (`a`, `b`, weight;
/// both directions implied, self-loops allowed). Returns each node's
/// community, numbered 0.. in order of each community's lowest node.
/// `resolution` above 1 favours smaller communities.
pub fn louvain(n: usize, edges: &[(usize, usize, f64)], resolution: f64) -> Vec<usize> {
    let mut membership: Vec<usize> = (0..n).collect();
    let mut graph = Graph::new(n, edges);
    loop {
        let local = graph.local_moves(resolution);
        let communities = renumber(&local);
        let count = communities.iter().max().map_or(0, |m| m + 1);
        for m in membership.iter_mut() {
            *m = communities[*m];
        }
        if count == graph.n {
            break;
        }
        graph = graph.aggregate(&communities, count);
    }
    renumber(&membership)
}

struct Graph {
    n: usize,
    /// Neighbours with weights, self-loops included once.
    adj: Vec<Vec<(usize, f64)>>,
    /// Weighted degree (a self-loop counts twice).
    degree: Vec<f64>,
    /// Twice the total weight.
    two_m: f64,
}

impl Graph {
    fn new(n: usize, edges: &[(usize, usize, f64)]) -> Self {
        let mut merged: BTreeMap<(usize, usize), f64> = BTreeMap::new();
        for &(a, b, w) in edges {
            if a >= n || b >= n || w <= 0.0 || !w.is_finite() {
                continue;
            }
            *merged.entry((a.min(b), a.max(b))).or_default() += w;
        }
        let mut adj = vec![Vec::new(); n];
        let mut degree = vec![0.0; n];
        for (&(a, b), &w) in &merged {
            if a == b {
                adj[a].push((a, w));
                degree[a] += 2.0 * w;
            } else {
                adj[a].push((b, w));
                adj[b].push((a, w));
                degree[a] += w;
                degree[b] += w;
            }
        }
        let two_m = degree.iter().sum();
        Self {
            n,
            adj,
            degree,
            two_m,
        }
    }

    /// Moves single nodes to the neighbouring community with the best
    /// modularity gain until no move helps.
    fn local_moves(&self, resolution: f64) -> Vec<usize> {
        let mut community: Vec<usize> = (0..self.n).collect();
        if self.two_m <= 0.0 {
            return community;
        }
        let mut total: Vec<f64> = self.degree.clone();
        for _pass in 0..100 {
            let mut moved = false;
            for node in 0..self.n {
                let current = community[node];
                let k = self.degree[node];
                let mut links: BTreeMap<usize, f64> = BTreeMap::new();
                for &(other, w) in &self.adj[node] {
                    if other != node {
                        *links.entry(community[other]).or_default() += w;
                    }
                }
                total[current] -= k;
                let gain = |c: usize, w_in: f64| w_in - resolution * total[c] * k / self.two_m;
                let mut best = current;
                let mut best_gain = gain(current, links.get(&current).copied().unwrap_or(0.0));
                for (&c, &w_in) in &links {
                    let g = gain(c, w_in);
                    if g > best_gain + 1e-12 {
                        best = c;
                        best_gain = g;
                    }
                }
                total[best] += k;
                if best != current {
                    community[node] = best;
                    moved = true;
                }
            }
            if !moved {
                break;
            }
        }
        community
    }

    fn aggregate(&self, communities: &[usize], count: usize) -> Graph {
        let mut edges = Vec::new();
        for a in 0..self.n {
            for &(b, w) in &self.adj[a] {
                if a <= b {
                    edges.push((communities[a], communities[b], w));
                }
            }
        }
        Graph::new(count, &edges)
    }
}

/// Community labels renumbered 0.. by first appearance.
fn renumber(labels: &[usize]) -> Vec<usize> {
    let mut seen: BTreeMap<usize, usize> = BTreeMap::new();
    labels
        .iter()
        .map(|&l| {
            let next = seen.len();
            *seen.entry(l).or_insert(next)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_cliques_joined_by_one_edge_are_two_communities() {
        let mut edges = Vec::new();
        for group in [[0, 1, 2, 3], [4, 5, 6, 7]] {
            for i in 0..4 {
                for j in i + 1..4 {
                    edges.push((group[i], group[j], 1.0));
                }
            }
        }
        edges.push((3, 4, 1.0));
        let c = louvain(8, &edges, 1.0);
        assert_eq!(c, vec![0, 0, 0, 0, 1, 1, 1, 1]);
    }

    #[test]
    fn isolated_nodes_stay_alone_and_the_result_is_repeatable() {
        let edges = [(0, 1, 5.0), (2, 3, 5.0), (1, 2, 0.1)];
        let a = louvain(5, &edges, 1.0);
        assert_eq!(a, louvain(5, &edges, 1.0));
        assert_eq!(a[0], a[1]);
        assert_eq!(a[2], a[3]);
        assert_ne!(a[1], a[2]);
        assert!(a[..4].iter().all(|&c| c != a[4]));
    }

    #[test]
    fn a_hub_does_not_swallow_every_community() {
        // Node 0 touches everyone once; two triangles hold together.
        let mut edges = vec![
            (1, 2, 3.0),
            (2, 3, 3.0),
            (1, 3, 3.0),
            (4, 5, 3.0),
            (5, 6, 3.0),
            (4, 6, 3.0),
        ];
        for i in 1..7 {
            edges.push((0, i, 1.0));
        }
        let c = louvain(7, &edges, 1.0);
        assert_ne!(c[1], c[4]);
    }
}
