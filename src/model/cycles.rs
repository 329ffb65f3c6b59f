//! Cycles between modules, and a small set of edges whose removal breaks them.
//!
//! Finding the minimum feedback arc set is NP-hard; planner uses a greedy
//! heuristic that is good on real dependency graphs and easy to explain:
//! inside each strongly connected component, remove the lightest edge (fewest
//! imports) until no cycle remains, then put back every removed edge that no
//! longer closes a cycle, heaviest first. The cut is thus minimal: each edge
//! in it is needed.

use crate::analysis::{CutEdge, Cycle};
use petgraph::algo::{is_cyclic_directed, tarjan_scc};
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::stable_graph::StableDiGraph;
use petgraph::visit::EdgeRef;
use std::collections::{BTreeMap, BTreeSet};

pub fn cycles_with_cuts(graph: &DiGraph<&str, usize>) -> Vec<Cycle> {
    let mut cycles: Vec<Cycle> = tarjan_scc(graph)
        .into_iter()
        .filter(|scc| scc.len() > 1)
        .map(|scc| {
            let mut modules: Vec<String> = scc.iter().map(|&n| graph[n].to_string()).collect();
            modules.sort();
            Cycle {
                cut: cut_component(graph, &scc),
                modules,
            }
        })
        .collect();
    cycles.sort_by(|a, b| {
        b.modules
            .len()
            .cmp(&a.modules.len())
            .then_with(|| a.modules.cmp(&b.modules))
    });
    cycles
}

fn cut_component(graph: &DiGraph<&str, usize>, scc: &[NodeIndex]) -> Vec<CutEdge> {
    let members: BTreeSet<NodeIndex> = scc.iter().copied().collect();
    // A StableGraph keeps edge indices valid while edges are removed.
    let mut sub: StableDiGraph<(), usize> = StableDiGraph::new();
    let local: BTreeMap<NodeIndex, NodeIndex> =
        scc.iter().map(|&n| (n, sub.add_node(()))).collect();
    // Lightest first; names break ties, so the cut is deterministic.
    let mut inner: Vec<(usize, &str, &str, NodeIndex, NodeIndex)> = graph
        .edge_references()
        .filter(|e| members.contains(&e.source()) && members.contains(&e.target()))
        .map(|e| {
            (
                *e.weight(),
                graph[e.source()],
                graph[e.target()],
                local[&e.source()],
                local[&e.target()],
            )
        })
        .collect();
    inner.sort();
    let ids: Vec<EdgeIndex> = inner
        .iter()
        .map(|&(w, _, _, a, b)| sub.add_edge(a, b, w))
        .collect();
    let mut removed: Vec<usize> = Vec::new();
    loop {
        // Edges still on a cycle are those inside a remaining non-trivial SCC.
        let mut component = BTreeMap::new();
        for (i, comp) in tarjan_scc(&sub).into_iter().enumerate() {
            if comp.len() > 1 {
                for n in comp {
                    component.insert(n, i);
                }
            }
        }
        if component.is_empty() {
            break;
        }
        let lightest = (0..inner.len()).find(|&i| {
            !removed.contains(&i) && {
                let (_, _, _, a, b) = inner[i];
                component
                    .get(&a)
                    .is_some_and(|ca| component.get(&b) == Some(ca))
            }
        });
        let Some(i) = lightest else { break };
        sub.remove_edge(ids[i]);
        removed.push(i);
    }
    // Put back what is not needed, heaviest first.
    removed.sort_by(|a, b| b.cmp(a));
    let mut cut = Vec::new();
    for i in removed {
        let (w, _, _, a, b) = inner[i];
        let edge = sub.add_edge(a, b, w);
        if is_cyclic_directed(&sub) {
            sub.remove_edge(edge);
            cut.push(i);
        }
    }
    cut.sort();
    cut.into_iter()
        .map(|i| CutEdge {
            from: inner[i].1.to_string(),
            to: inner[i].2.to_string(),
            imports: inner[i].0,
            kinds: Default::default(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lightest_edge_of_a_two_cycle_is_cut() {
        let mut g: DiGraph<&str, usize> = DiGraph::new();
        let a = g.add_node("a");
        let b = g.add_node("b");
        let c = g.add_node("c");
        g.add_edge(a, b, 10);
        g.add_edge(b, a, 2);
        g.add_edge(b, c, 1);
        let cycles = cycles_with_cuts(&g);
        assert_eq!(cycles.len(), 1);
        assert_eq!(cycles[0].modules, vec!["a", "b"]);
        assert_eq!(cycles[0].cut.len(), 1);
        assert_eq!(
            (cycles[0].cut[0].from.as_str(), cycles[0].cut[0].to.as_str()),
            ("b", "a")
        );
    }

    #[test]
    fn a_cut_breaks_every_cycle_and_keeps_no_spare_edge() {
        // Two cycles sharing the edge c→a: cutting it alone is enough.
        let mut g: DiGraph<&str, usize> = DiGraph::new();
        let a = g.add_node("a");
        let b = g.add_node("b");
        let c = g.add_node("c");
        g.add_edge(a, b, 1);
        g.add_edge(b, c, 5);
        g.add_edge(c, a, 3);
        g.add_edge(a, c, 4);
        let cycles = cycles_with_cuts(&g);
        let cut: Vec<(String, String)> = cycles[0]
            .cut
            .iter()
            .map(|e| (e.from.clone(), e.to.clone()))
            .collect();
        assert_eq!(cut, vec![("c".to_string(), "a".to_string())]);
    }
}
