//! The foreign-key graph and the data-migration order. Referenced tables must
//! be moved before the tables that point at them ("if Orders has a foreign key
//! to Customers and you extract Customers first, Orders breaks"), so the order
//! is a topological order with parents first. Cycles, including a table that
//! points at itself, are called out with the keys to cut: load those columns
//! as NULL, then fill them in once both sides exist.
//!
//! The cut is greedy and minimal, like the module cycles' cut: inside each
//! strongly connected component remove the cheapest keys (nullable before NOT
//! NULL, then by name) until no cycle remains, then put back every key that no
//! longer closes a cycle.

use super::types::{ForeignKey, Table};
use petgraph::algo::{is_cyclic_directed, tarjan_scc};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Default, Serialize)]
pub struct MigrationOrder {
    /// Every table, parents before children; ties broken by name.
    pub order: Vec<String>,
    pub cycles: Vec<FkCycle>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FkCycle {
    pub tables: Vec<String>,
    /// Keys to cut (defer) so that the order holds.
    pub cut: Vec<CutKey>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct CutKey {
    pub from_table: String,
    pub from_columns: Vec<String>,
    pub to_table: String,
    /// Every column of the key may be NULL, so rows can load without it.
    pub nullable: bool,
}

/// One edge per (child, parent) pair, however many keys join them.
struct Edge {
    child: String,
    parent: String,
    columns: Vec<String>,
    nullable: bool,
}

fn edges(tables: &[Table], fks: &[ForeignKey]) -> Vec<Edge> {
    let nullable_of: BTreeMap<(&str, &str), bool> = tables
        .iter()
        .flat_map(|t| {
            t.columns
                .iter()
                .map(move |c| ((t.name.as_str(), c.name.as_str()), c.nullable))
        })
        .collect();
    let mut by_pair: BTreeMap<(String, String), Edge> = BTreeMap::new();
    for fk in fks.iter().filter(|f| f.kind.is_declared()) {
        let nullable = fk.from_columns.iter().all(|c| {
            nullable_of
                .get(&(fk.from_table.as_str(), c.as_str()))
                .copied()
                .unwrap_or(true)
        });
        let e = by_pair
            .entry((fk.from_table.clone(), fk.to_table.clone()))
            .or_insert_with(|| Edge {
                child: fk.from_table.clone(),
                parent: fk.to_table.clone(),
                columns: Vec::new(),
                nullable: true,
            });
        e.columns.extend(fk.from_columns.iter().cloned());
        e.nullable &= nullable;
    }
    by_pair.into_values().collect()
}

/// Fills in each table's incoming/outgoing counts, leaf flag and cycle, and
/// returns the migration order. Foreign-key targets that no source defines
/// still take part, so the order names them too.
pub fn plan(tables: &mut [Table], fks: &[ForeignKey]) -> MigrationOrder {
    let edges = edges(tables, fks);
    let mut names: BTreeSet<String> = tables.iter().map(|t| t.name.clone()).collect();
    for e in &edges {
        names.insert(e.child.clone());
        names.insert(e.parent.clone());
    }
    let mut graph: DiGraph<String, usize> = DiGraph::new();
    let index: BTreeMap<String, NodeIndex> = names
        .iter()
        .map(|n| (n.clone(), graph.add_node(n.clone())))
        .collect();
    // Edges run parent → child: the parent must be loaded first.
    for (i, e) in edges.iter().enumerate() {
        graph.add_edge(index[&e.parent], index[&e.child], i);
    }

    let mut cycles = Vec::new();
    let mut cut_ids: BTreeSet<usize> = BTreeSet::new();
    for scc in tarjan_scc(&graph) {
        let members: BTreeSet<NodeIndex> = scc.iter().copied().collect();
        // Only the members' own edges: scanning every edge for every
        // component would be quadratic on large schemas.
        let inner: Vec<usize> = scc
            .iter()
            .flat_map(|&n| graph.edges(n))
            .filter(|e| members.contains(&e.target()))
            .map(|e| *e.weight())
            .collect();
        if inner.is_empty() {
            continue;
        }
        let cut = cut_component(&edges, &inner);
        cut_ids.extend(cut.iter().copied());
        let mut tables: Vec<String> = scc.iter().map(|&n| graph[n].clone()).collect();
        tables.sort();
        let mut cut: Vec<CutKey> = cut
            .iter()
            .map(|&i| CutKey {
                from_table: edges[i].child.clone(),
                from_columns: edges[i].columns.clone(),
                to_table: edges[i].parent.clone(),
                nullable: edges[i].nullable,
            })
            .collect();
        cut.sort();
        cycles.push(FkCycle { tables, cut });
    }
    cycles.sort_by(|a, b| {
        b.tables
            .len()
            .cmp(&a.tables.len())
            .then_with(|| a.tables.cmp(&b.tables))
    });

    let order = kahn(&names, &edges, &cut_ids);

    let mut incoming: BTreeMap<&str, usize> = BTreeMap::new();
    let mut outgoing: BTreeMap<&str, usize> = BTreeMap::new();
    let mut references: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut referenced_by: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for fk in fks.iter().filter(|f| f.kind.is_declared()) {
        *incoming.entry(fk.to_table.as_str()).or_default() += 1;
        *outgoing.entry(fk.from_table.as_str()).or_default() += 1;
        references
            .entry(fk.from_table.as_str())
            .or_default()
            .insert(fk.to_table.as_str());
        referenced_by
            .entry(fk.to_table.as_str())
            .or_default()
            .insert(fk.from_table.as_str());
    }
    let list = |m: &BTreeMap<&str, BTreeSet<&str>>, t: &str| -> Vec<String> {
        m.get(t)
            .map(|s| s.iter().map(|x| x.to_string()).collect())
            .unwrap_or_default()
    };
    let cycle_of: BTreeMap<&str, usize> = cycles
        .iter()
        .enumerate()
        .flat_map(|(i, c)| c.tables.iter().map(move |t| (t.as_str(), i)))
        .collect();
    for t in tables.iter_mut() {
        t.incoming = incoming.get(t.name.as_str()).copied().unwrap_or(0);
        t.outgoing = outgoing.get(t.name.as_str()).copied().unwrap_or(0);
        t.leaf = t.incoming == 0;
        t.references = list(&references, &t.name);
        t.referenced_by = list(&referenced_by, &t.name);
        t.cycle = cycle_of.get(t.name.as_str()).copied();
    }
    MigrationOrder { order, cycles }
}

/// A minimal set of edges (indices into `edges`) whose removal leaves the
/// component acyclic.
fn cut_component(edges: &[Edge], inner: &[usize]) -> Vec<usize> {
    let cost = |i: usize| (!edges[i].nullable, &edges[i].child, &edges[i].parent);
    let mut by_cost: Vec<usize> = inner.to_vec();
    by_cost.sort_by(|&a, &b| cost(a).cmp(&cost(b)));
    let mut kept: BTreeSet<usize> = inner.iter().copied().collect();
    let mut removed = Vec::new();
    for &i in &by_cost {
        if !cyclic(edges, &kept) {
            break;
        }
        kept.remove(&i);
        removed.push(i);
    }
    // Put back, most expensive first, whatever no longer closes a cycle.
    let mut cut = Vec::new();
    for &i in removed.iter().rev() {
        kept.insert(i);
        if cyclic(edges, &kept) {
            kept.remove(&i);
            cut.push(i);
        }
    }
    cut.sort_unstable();
    cut
}

fn cyclic(edges: &[Edge], kept: &BTreeSet<usize>) -> bool {
    let mut g: DiGraph<(), ()> = DiGraph::new();
    let mut nodes: BTreeMap<&str, NodeIndex> = BTreeMap::new();
    for &i in kept {
        let e = &edges[i];
        let a = *nodes.entry(&e.parent).or_insert_with(|| g.add_node(()));
        let b = *nodes.entry(&e.child).or_insert_with(|| g.add_node(()));
        g.add_edge(a, b, ());
    }
    is_cyclic_directed(&g)
}

/// Kahn's algorithm over the uncut edges, smallest name first among the ready.
fn kahn(names: &BTreeSet<String>, edges: &[Edge], cut: &BTreeSet<usize>) -> Vec<String> {
    let mut indegree: BTreeMap<&str, usize> = names.iter().map(|n| (n.as_str(), 0)).collect();
    let mut children: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (i, e) in edges.iter().enumerate() {
        if cut.contains(&i) || e.child == e.parent {
            continue;
        }
        *indegree.entry(&e.child).or_default() += 1;
        children.entry(&e.parent).or_default().push(&e.child);
    }
    let mut ready: BTreeSet<&str> = indegree
        .iter()
        .filter(|(_, &d)| d == 0)
        .map(|(n, _)| *n)
        .collect();
    let mut order = Vec::with_capacity(names.len());
    while let Some(n) = ready.pop_first() {
        order.push(n.to_string());
        for &c in children.get(n).map(Vec::as_slice).unwrap_or(&[]) {
            if let Some(d) = indegree.get_mut(c) {
                *d -= 1;
                if *d == 0 {
                    ready.insert(c);
                }
            }
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::super::types::{Column, RelationKind};
    use super::*;

    pub fn table(name: &str, cols: &[(&str, bool)]) -> Table {
        Table {
            name: name.into(),
            columns: cols
                .iter()
                .map(|(c, nullable)| Column {
                    name: c.to_string(),
                    data_type: "int".into(),
                    nullable: *nullable,
                    unique: false,
                })
                .collect(),
            primary_key: vec![],
            source: "x.sql".into(),
            line: 1,
            kind: None,
            owner: None,
            owner_reason: None,
            incoming: 0,
            outgoing: 0,
            references: Vec::new(),
            referenced_by: Vec::new(),
            leaf: true,
            cycle: None,
        }
    }

    pub fn fk(from: &str, col: &str, to: &str) -> ForeignKey {
        ForeignKey {
            from_table: from.into(),
            from_columns: vec![col.into()],
            to_table: to.into(),
            to_columns: vec!["id".into()],
            kind: RelationKind::Declared,
            name: None,
            source: "x.sql".into(),
            line: 1,
        }
    }

    #[test]
    fn customers_come_before_orders_and_orders_is_the_leaf() {
        let mut tables = vec![
            table("orders", &[("customer_id", false)]),
            table("customers", &[]),
        ];
        let plan = plan(&mut tables, &[fk("orders", "customer_id", "customers")]);
        assert_eq!(plan.order, ["customers", "orders"]);
        assert!(plan.cycles.is_empty());
        let orders = tables.iter().find(|t| t.name == "orders").unwrap();
        assert!(orders.leaf);
        assert_eq!(orders.outgoing, 1);
        assert_eq!(orders.references, ["customers"]);
        let customers = tables.iter().find(|t| t.name == "customers").unwrap();
        assert_eq!(customers.referenced_by, ["orders"]);
        assert!(!customers.leaf);
    }

    #[test]
    fn a_cycle_is_cut_at_its_nullable_key() {
        let mut tables = vec![
            table("a", &[("b_id", false)]),
            table("b", &[("a_id", true)]),
        ];
        let plan = plan(&mut tables, &[fk("a", "b_id", "b"), fk("b", "a_id", "a")]);
        assert_eq!(plan.cycles.len(), 1);
        assert_eq!(plan.cycles[0].cut.len(), 1);
        assert_eq!(plan.cycles[0].cut[0].from_table, "b");
        assert!(plan.cycles[0].cut[0].nullable);
        assert_eq!(plan.order, ["b", "a"]);
    }

    #[test]
    fn a_self_reference_is_a_cycle_of_one() {
        let mut tables = vec![table("comments", &[("parent_id", true)])];
        let plan = plan(&mut tables, &[fk("comments", "parent_id", "comments")]);
        assert_eq!(plan.cycles.len(), 1);
        assert_eq!(plan.order, ["comments"]);
        assert_eq!(tables[0].cycle, Some(0));
    }
}
