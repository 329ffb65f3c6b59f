//! Two analyses side by side: what the head has that the base has not.

use super::{ChangedFile, CrossEdge, CrossKey, ModulePair, NewAccess, NewCycle, TouchedModule};
use crate::analysis::Analysis;
use crate::scan::revision::ChangeStatus;
use std::collections::{BTreeMap, BTreeSet};

/// The report items that come from comparing the two analyses.
#[derive(Debug, Default)]
pub struct Comparison {
    pub changed_files: Vec<ChangedFile>,
    pub modules: Vec<TouchedModule>,
    pub edges_added: Vec<CrossEdge>,
    pub edges_removed: Vec<CrossEdge>,
    pub module_edges_added: Vec<ModulePair>,
    pub new_cycles: Vec<NewCycle>,
    pub foreign_keys_added: Vec<CrossKey>,
    pub table_access_added: Vec<NewAccess>,
    /// Every import between modules, at each revision (for the policies).
    pub base_cross: Vec<CrossEdge>,
    pub head_cross: Vec<CrossEdge>,
}

pub fn compare(
    base: &Analysis,
    head: &Analysis,
    changed: &[(String, ChangeStatus)],
    include_tests: bool,
) -> Comparison {
    let changed_files = changed_files(base, head, changed);
    let base_edges = cross_edges(base, include_tests);
    let head_edges = cross_edges(head, include_tests);
    let key = |e: &CrossEdge| (e.from.clone(), e.to.clone(), e.kind.clone());
    let base_keys: BTreeSet<_> = base_edges.iter().map(key).collect();
    let head_keys: BTreeSet<_> = head_edges.iter().map(key).collect();
    let edges_added: Vec<CrossEdge> = head_edges
        .iter()
        .filter(|e| !base_keys.contains(&key(e)))
        .cloned()
        .collect();
    let edges_removed: Vec<CrossEdge> = base_edges
        .iter()
        .filter(|e| !head_keys.contains(&key(e)))
        .cloned()
        .collect();

    let base_pairs: BTreeSet<(&str, &str)> = base
        .module_edges
        .iter()
        .map(|e| (e.from.as_str(), e.to.as_str()))
        .collect();
    let module_edges_added = head
        .module_edges
        .iter()
        .filter(|e| !base_pairs.contains(&(e.from.as_str(), e.to.as_str())))
        .map(|e| ModulePair {
            from: e.from.clone(),
            to: e.to.clone(),
        })
        .collect();

    let new_cycles = new_cycles(base, head, &edges_added);
    let modules = touched_modules(base, head, &changed_files);
    Comparison {
        changed_files,
        modules,
        edges_added,
        edges_removed,
        module_edges_added,
        new_cycles,
        foreign_keys_added: keys_added(base, head),
        table_access_added: access_added(base, head),
        base_cross: base_edges,
        head_cross: head_edges,
    }
}

fn changed_files(
    base: &Analysis,
    head: &Analysis,
    changed: &[(String, ChangeStatus)],
) -> Vec<ChangedFile> {
    let module_at = |a: &Analysis| -> BTreeMap<String, String> {
        a.files
            .iter()
            .map(|f| (f.id.clone(), f.module.clone()))
            .collect()
    };
    let (base_of, head_of) = (module_at(base), module_at(head));
    changed
        .iter()
        .map(|(path, status)| ChangedFile {
            path: path.clone(),
            status: *status,
            module: head_of.get(path).or_else(|| base_of.get(path)).cloned(),
        })
        .collect()
}

/// Every file edge that crosses modules, with the modules named; test files'
/// imports are left out unless configured, as in the module graph.
pub fn cross_edges(analysis: &Analysis, include_tests: bool) -> Vec<CrossEdge> {
    let files: BTreeMap<&str, (&str, bool)> = analysis
        .files
        .iter()
        .map(|f| (f.id.as_str(), (f.module.as_str(), f.test)))
        .collect();
    let mut out: Vec<CrossEdge> = analysis
        .edges
        .iter()
        .filter_map(|e| {
            let &(from_module, test) = files.get(e.from.as_str())?;
            let &(to_module, _) = files.get(e.to.as_str())?;
            if from_module == to_module || (test && !include_tests) {
                return None;
            }
            Some(CrossEdge {
                from: e.from.clone(),
                to: e.to.clone(),
                from_module: from_module.to_string(),
                to_module: to_module.to_string(),
                kind: e.kind.name().to_string(),
                lines: e.lines.clone(),
            })
        })
        .collect();
    out.sort();
    out
}

/// The cycles this change closes. Each new import between two modules
/// (a module link the base did not have) whose target already reaches its
/// source at the head closes a cycle; reported as that link's shortest cycle
/// (`a → b → … → a`) with the imports that make the link, file and line, not
/// as the whole tangle it joins. Links between modules that were already in
/// one cycle at the base close nothing new. A head cycle that is new but
/// holds no new link (files moved between modules) is reported whole.
fn new_cycles(base: &Analysis, head: &Analysis, added: &[CrossEdge]) -> Vec<NewCycle> {
    let component_of = |a: &Analysis| -> BTreeMap<String, usize> {
        a.cycles
            .iter()
            .enumerate()
            .flat_map(|(i, c)| c.modules.iter().map(move |m| (m.clone(), i)))
            .collect()
    };
    let (base_component, head_component) = (component_of(base), component_of(head));
    let base_links: BTreeSet<(&str, &str)> = base
        .module_edges
        .iter()
        .map(|e| (e.from.as_str(), e.to.as_str()))
        .collect();
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for e in &head.module_edges {
        next.entry(e.from.as_str()).or_default().push(e.to.as_str());
    }
    // Added imports by the module link they make, in link order.
    let mut by_link: BTreeMap<(&str, &str), Vec<CrossEdge>> = BTreeMap::new();
    for e in added {
        by_link
            .entry((e.from_module.as_str(), e.to_module.as_str()))
            .or_default()
            .push(e.clone());
    }
    let mut out = Vec::new();
    let mut explained: BTreeSet<usize> = BTreeSet::new();
    for ((a, b), edges) in by_link {
        let Some(&component) = head_component.get(a) else {
            continue;
        };
        let same_at_head = head_component.get(b) == Some(&component);
        let same_at_base = base_component
            .get(a)
            .is_some_and(|c| base_component.get(b) == Some(c));
        if !same_at_head || same_at_base || base_links.contains(&(a, b)) {
            continue;
        }
        let Some(back) = shortest_path(&next, b, a) else {
            continue;
        };
        let mut path: Vec<String> = vec![a.to_string()];
        path.extend(back.iter().map(|m| m.to_string()));
        let mut modules: Vec<String> = path[..path.len() - 1].to_vec();
        modules.sort();
        modules.dedup();
        explained.insert(component);
        out.push(NewCycle {
            modules,
            path,
            component_size: head.cycles[component].modules.len(),
            added_edges: edges,
        });
    }
    let base_sets: Vec<BTreeSet<&str>> = base
        .cycles
        .iter()
        .map(|c| c.modules.iter().map(String::as_str).collect())
        .collect();
    for (i, c) in head.cycles.iter().enumerate() {
        let set: BTreeSet<&str> = c.modules.iter().map(String::as_str).collect();
        if explained.contains(&i) || base_sets.iter().any(|b| set.is_subset(b)) {
            continue;
        }
        let mut modules = c.modules.clone();
        modules.sort();
        out.push(NewCycle {
            component_size: modules.len(),
            modules,
            path: Vec::new(),
            added_edges: added
                .iter()
                .filter(|e| {
                    set.contains(e.from_module.as_str()) && set.contains(e.to_module.as_str())
                })
                .cloned()
                .collect(),
        });
    }
    out
}

/// The shortest module path from `from` to `to` (both ends included), by
/// breadth-first search over `next`; neighbours in name order, so the path
/// is deterministic.
fn shortest_path<'a>(
    next: &BTreeMap<&'a str, Vec<&'a str>>,
    from: &'a str,
    to: &'a str,
) -> Option<Vec<&'a str>> {
    let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([from]);
    let mut seen: BTreeSet<&str> = BTreeSet::from([from]);
    while let Some(m) = queue.pop_front() {
        if m == to {
            let mut path = vec![to];
            let mut at = to;
            while let Some(&prev) = came_from.get(at) {
                path.push(prev);
                at = prev;
            }
            path.reverse();
            return Some(path);
        }
        let mut neighbours: Vec<&str> = next.get(m).cloned().unwrap_or_default();
        neighbours.sort_unstable();
        for n in neighbours {
            if seen.insert(n) {
                came_from.insert(n, m);
                queue.push_back(n);
            }
        }
    }
    None
}

fn touched_modules(
    base: &Analysis,
    head: &Analysis,
    changed: &[ChangedFile],
) -> Vec<TouchedModule> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for file in changed {
        if let Some(m) = &file.module {
            *counts.entry(m.as_str()).or_default() += 1;
        }
    }
    let difficulty = |a: &Analysis, m: &str| {
        a.candidates
            .candidates
            .iter()
            .find(|c| c.module == m)
            .map(|c| c.difficulty)
    };
    counts
        .into_iter()
        .map(|(module, files_changed)| {
            let before = difficulty(base, module);
            let after = difficulty(head, module);
            let change = match (before, after) {
                (Some(b), Some(a)) => Some(((a - b) * 1000.0).round() / 1000.0),
                _ => None,
            };
            TouchedModule {
                module: module.to_string(),
                files_changed,
                difficulty_before: before,
                difficulty_after: after,
                difficulty_change: change,
            }
        })
        .collect()
}

/// Declared foreign keys between tables of different modules that the base
/// did not declare (by table and columns).
fn keys_added(base: &Analysis, head: &Analysis) -> Vec<CrossKey> {
    let Some(hs) = &head.schema else {
        return Vec::new();
    };
    let key =
        |from: &str, cols: &[String], to: &str| (from.to_string(), cols.to_vec(), to.to_string());
    let base_keys: BTreeSet<_> = base
        .schema
        .iter()
        .flat_map(|s| &s.foreign_keys)
        .filter(|f| f.kind.is_declared())
        .map(|f| key(&f.from_table, &f.from_columns, &f.to_table))
        .collect();
    let owner: BTreeMap<&str, &str> = hs
        .tables
        .iter()
        .filter_map(|t| Some((t.name.as_str(), t.owner.as_deref()?)))
        .collect();
    let mut out: Vec<CrossKey> = hs
        .foreign_keys
        .iter()
        .filter(|f| f.kind.is_declared())
        .filter(|f| !base_keys.contains(&key(&f.from_table, &f.from_columns, &f.to_table)))
        .filter_map(|f| {
            let from_module = owner.get(f.from_table.as_str())?;
            let to_module = owner.get(f.to_table.as_str())?;
            (from_module != to_module).then(|| CrossKey {
                from_table: f.from_table.clone(),
                from_columns: f.from_columns.clone(),
                to_table: f.to_table.clone(),
                from_module: from_module.to_string(),
                to_module: to_module.to_string(),
                file: f.source.clone(),
                line: f.line,
            })
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// (module, table, mode) reaches the head has and the base has not.
fn access_added(base: &Analysis, head: &Analysis) -> Vec<NewAccess> {
    let Some(hs) = &head.schema else {
        return Vec::new();
    };
    let base_keys: BTreeSet<_> = base
        .schema
        .iter()
        .flat_map(|s| &s.access)
        .map(|a| (a.module.as_str(), a.table.as_str(), a.mode))
        .collect();
    let mut out: Vec<NewAccess> = hs
        .access
        .iter()
        .filter(|a| !base_keys.contains(&(a.module.as_str(), a.table.as_str(), a.mode)))
        .map(|a| NewAccess {
            module: a.module.clone(),
            table: a.table.clone(),
            owner: a.owner.clone(),
            mode: a.mode,
            file: a.file.clone(),
            line: a.line,
        })
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod cycle_tests {
    use super::*;

    #[test]
    fn shortest_path_takes_the_fewest_links() {
        let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        next.insert("b", vec!["c", "x"]);
        next.insert("c", vec!["d"]);
        next.insert("d", vec!["a"]);
        next.insert("x", vec!["a"]);
        assert_eq!(shortest_path(&next, "b", "a"), Some(vec!["b", "x", "a"]));
        assert_eq!(shortest_path(&next, "a", "b"), None);
    }
}
