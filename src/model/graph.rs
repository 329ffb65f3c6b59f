//! The module graph (petgraph): coupling (Ca, Ce, instability), API surface,
//! and cycles with the edges that would break them.

use super::cycles::cycles_with_cuts;
use super::modules::ModuleAssignment;
use crate::analysis::{Cycle, FileEdge, ModuleEdge, ModuleInfo, ModuleKind, NameCount};
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::{BTreeMap, BTreeSet};

pub struct ModuleGraph {
    pub modules: Vec<ModuleInfo>,
    pub edges: Vec<ModuleEdge>,
    pub cycles: Vec<Cycle>,
}

#[derive(Default)]
struct EdgeAcc {
    imports: usize,
    file_pairs: BTreeSet<(String, String)>,
    kinds: BTreeMap<String, usize>,
}

/// Builds the module graph from file edges. Edges from files in `skip_from`
/// (test files, unless configured otherwise) are left out.
pub fn build_module_graph(
    assignment: &ModuleAssignment,
    file_edges: &[FileEdge],
    file_loc: &BTreeMap<String, usize>,
    skip_from: &BTreeSet<&str>,
    non_production: &BTreeSet<&str>,
) -> ModuleGraph {
    let mut acc: BTreeMap<(String, String), EdgeAcc> = BTreeMap::new();
    // Module → symbol → number of uses from other modules.
    let mut symbols: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for edge in file_edges
        .iter()
        .filter(|e| !skip_from.contains(e.from.as_str()))
    {
        let (Some(from), Some(to)) = (
            assignment.module_of.get(&edge.from),
            assignment.module_of.get(&edge.to),
        ) else {
            continue;
        };
        if from == to {
            continue;
        }
        let entry = acc.entry((from.clone(), to.clone())).or_default();
        entry.imports += edge.lines.len();
        entry
            .file_pairs
            .insert((edge.from.clone(), edge.to.clone()));
        *entry.kinds.entry(edge.kind.name().to_string()).or_default() += edge.lines.len();
        let used = symbols.entry(to.clone()).or_default();
        if edge.symbols.is_empty() {
            *used.entry(edge.to.clone()).or_default() += edge.lines.len();
        }
        for symbol in &edge.symbols {
            *used.entry(symbol_id(&edge.to, symbol)).or_default() += 1;
        }
    }

    let edges: Vec<ModuleEdge> = acc
        .into_iter()
        .map(|((from, to), a)| ModuleEdge {
            from,
            to,
            imports: a.imports,
            file_edges: a.file_pairs.len(),
            kinds: a.kinds,
        })
        .collect();

    let names: Vec<&String> = assignment.modules.keys().collect();
    let mut graph: DiGraph<&str, usize> = DiGraph::new();
    let index: BTreeMap<&str, NodeIndex> = names
        .iter()
        .map(|n| (n.as_str(), graph.add_node(n.as_str())))
        .collect();
    for edge in &edges {
        graph.add_edge(
            index[edge.from.as_str()],
            index[edge.to.as_str()],
            edge.imports,
        );
    }
    let mut cycles = cycles_with_cuts(&graph);
    for cut in cycles.iter_mut().flat_map(|c| c.cut.iter_mut()) {
        if let Some(edge) = edges.iter().find(|e| e.from == cut.from && e.to == cut.to) {
            cut.kinds = edge.kinds.clone();
        }
    }
    let cycle_of: BTreeMap<&str, usize> = cycles
        .iter()
        .enumerate()
        .flat_map(|(i, c)| c.modules.iter().map(move |m| (m.as_str(), i)))
        .collect();

    // A module holding a Django project's settings (or its WSGI/ASGI entry)
    // is configuration, not a capability.
    let config_packages: BTreeSet<&str> = assignment
        .module_of
        .iter()
        .filter(|(file, _)| {
            let name = file.rsplit('/').next().unwrap_or(file);
            matches!(name, "settings.py" | "wsgi.py" | "asgi.py") || file.contains("/settings/")
        })
        .map(|(_, module)| module.as_str())
        .collect();
    // A Rails layer holding only the framework's base classes
    // (`app/models/application_record.rb`, `application_controller.rb`, …)
    // is shared plumbing, not a capability.
    let mut rails_base_only: BTreeMap<&str, bool> = BTreeMap::new();
    for (file, module) in &assignment.module_of {
        let name = file.rsplit('/').next().unwrap_or(file);
        let is_base = file.starts_with("app/")
            && file.matches('/').count() == 2
            && name.starts_with("application_")
            && name.ends_with(".rb");
        let entry = rails_base_only.entry(module.as_str()).or_insert(true);
        *entry &= is_base;
    }
    let config_packages: BTreeSet<&str> = config_packages
        .into_iter()
        .chain(
            rails_base_only
                .iter()
                .filter(|(_, &only)| only)
                .map(|(m, _)| *m),
        )
        .collect();
    let mut files_per_module: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    // Modules with production code: the others hold only tests, tooling,
    // assets or docs, and are never candidates.
    let mut has_production: BTreeSet<&str> = BTreeSet::new();
    for (file, module) in &assignment.module_of {
        let entry = files_per_module.entry(module.as_str()).or_default();
        entry.0 += 1;
        entry.1 += file_loc.get(file).copied().unwrap_or(0);
        if !non_production.contains(file.as_str()) {
            has_production.insert(module.as_str());
        }
    }

    // A library that a quarter or more of the modules import and that
    // imports none of them (a workspace package of shared types) is the
    // language they share, not a capability to extract.
    let library_floor = (has_production.len() / 4).max(5);
    let modules = assignment
        .modules
        .values()
        .map(|def| {
            let incoming: Vec<&ModuleEdge> = edges.iter().filter(|e| e.to == def.name).collect();
            let outgoing: Vec<&ModuleEdge> = edges.iter().filter(|e| e.from == def.name).collect();
            let ca = incoming.len();
            let ce = outgoing.len();
            let instability = if ca + ce == 0 {
                0.0
            } else {
                round3(ce as f64 / (ca + ce) as f64)
            };
            let used = symbols.get(&def.name);
            let mut top_symbols: Vec<NameCount> = used
                .map(|u| {
                    u.iter()
                        .map(|(name, &count)| NameCount {
                            name: name.clone(),
                            count,
                        })
                        .collect()
                })
                .unwrap_or_default();
            top_symbols.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
            top_symbols.truncate(10);
            let (files, loc) = files_per_module
                .get(def.name.as_str())
                .copied()
                .unwrap_or_default();
            ModuleInfo {
                name: def.name.clone(),
                kind: def.kind,
                root: def.root.clone(),
                files,
                loc,
                ca,
                ce,
                instability,
                api_surface: used.map_or(0, |u| u.len()),
                top_symbols,
                imports_in: incoming.iter().map(|e| e.imports).sum(),
                imports_out: outgoing.iter().map(|e| e.imports).sum(),
                support: (def.kind != ModuleKind::Capability && is_support(&def.root))
                    || config_packages.contains(def.name.as_str())
                    || !has_production.contains(def.name.as_str())
                    || matches!(def.kind, ModuleKind::Layer | ModuleKind::SharedKernel)
                    || def.name == super::capabilities::SHARED_KERNEL
                    || (def.kind != ModuleKind::Capability
                        && def.kind != ModuleKind::Declared
                        && ce == 0
                        && ca >= library_floor),
                cycle: cycle_of.get(def.name.as_str()).copied(),
            }
        })
        .collect();
    ModuleGraph {
        modules,
        edges,
        cycles,
    }
}

/// A symbol's identity: the name within its file (`shop/orders/models.py:Order`);
/// Ruby constants are already unique (`Billing::Invoice`).
fn symbol_id(file: &str, symbol: &str) -> String {
    if symbol.contains("::")
        || symbol
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase())
            && file.ends_with(".rb")
    {
        symbol.to_string()
    } else {
        format!("{file}:{symbol}")
    }
}

/// Test files by the conventions of pytest, unittest, RSpec, Minitest, Jest
/// and Vitest.
pub fn is_test_file(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let dirs = &rel[..rel.len() - name.len()];
    dirs.split('/')
        .any(|d| matches!(d, "test" | "tests" | "spec" | "specs" | "__tests__" | "e2e"))
        || name.starts_with("test_")
        || name.ends_with("_test.py")
        || name == "conftest.py"
        || name.ends_with("_spec.rb")
        || name.ends_with("_test.rb")
        || [".test.", ".spec."].iter().any(|m| name.contains(m))
}

/// Folder names that hold supporting code, not a business capability.
const SUPPORT_DIRS: &[&str] = &[
    "test",
    "tests",
    "spec",
    "specs",
    "__tests__",
    "e2e",
    "fixtures",
    "migrations",
    "migrate",
    "db",
    "old_migrations",
    "script",
    "scripts",
    "bin",
    "config",
    "asgi",
    "wsgi",
    "utils",
    "lib",
    "util",
    "helpers",
    "common",
    "shared",
    "typings",
    "types",
    "docs",
    "stories",
    ".storybook",
    ".semgrep",
    "benchmarks",
    "bench",
];

/// Rails front-end folders: assets and templates, not a back-end capability.
const RAILS_FRONT_END: &[&str] = &[
    "app/assets",
    "app/javascript",
    "app/javascripts",
    "app/frontend",
];

pub(crate) fn is_support(root: &str) -> bool {
    root == "(root)"
        || RAILS_FRONT_END.contains(&root)
        || root.ends_with("lib/tasks")
        || root.split('/').any(|part| SUPPORT_DIRS.contains(&part))
}

pub(crate) fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
