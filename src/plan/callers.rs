//! Who calls the module (the call sites to redirect) and whom it calls (the
//! calls the extracted service would make back into the monolith).

use crate::analysis::{Analysis, FileEdge};
use serde::Serialize;
use std::collections::BTreeMap;

/// One import site in another module: `file:line` imports `symbols` from
/// `target`, a file of the candidate.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Caller {
    pub module: String,
    pub file: String,
    pub line: usize,
    pub target: String,
    pub symbols: Vec<String>,
    pub kind: &'static str,
    pub test: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CallsOut {
    pub module: String,
    pub imports: usize,
    /// The names it uses there, most used first (at most 5).
    pub symbols: Vec<String>,
}

/// The file edges between two different modules, each with the module of
/// either end and whether the importing file is a test; built once for all
/// the plans of a run (a large repository has tens of thousands of edges,
/// and every plan and alternative asks for its module's).
pub struct CrossEdges<'a> {
    by_to: BTreeMap<&'a str, Vec<Cross<'a>>>,
    by_from: BTreeMap<&'a str, Vec<Cross<'a>>>,
}

#[derive(Clone, Copy)]
struct Cross<'a> {
    edge: &'a FileEdge,
    from: &'a str,
    to: &'a str,
    test: bool,
}

impl<'a> CrossEdges<'a> {
    pub fn new(analysis: &'a Analysis) -> Self {
        let files: std::collections::HashMap<&str, (&str, bool)> = analysis
            .files
            .iter()
            .map(|f| (f.id.as_str(), (f.module.as_str(), f.test)))
            .collect();
        let mut by_to: BTreeMap<&str, Vec<Cross>> = BTreeMap::new();
        let mut by_from: BTreeMap<&str, Vec<Cross>> = BTreeMap::new();
        for edge in &analysis.edges {
            let (Some(&(from, test)), Some(&(to, _))) =
                (files.get(edge.from.as_str()), files.get(edge.to.as_str()))
            else {
                continue;
            };
            if from == to {
                continue;
            }
            let c = Cross {
                edge,
                from,
                to,
                test,
            };
            by_to.entry(to).or_default().push(c);
            by_from.entry(from).or_default().push(c);
        }
        Self { by_to, by_from }
    }

    fn importing(&self, module: &str) -> &[Cross<'a>] {
        self.by_to.get(module).map_or(&[], Vec::as_slice)
    }

    fn imported_by(&self, module: &str) -> &[Cross<'a>] {
        self.by_from.get(module).map_or(&[], Vec::as_slice)
    }
}

/// Import sites of `module`'s files in other modules: production code first,
/// then tests, each by module, file and line. Also the number in tests.
pub fn callers(cross: &CrossEdges, module: &str) -> (Vec<Caller>, usize) {
    let mut out = Vec::new();
    for &Cross {
        edge: e,
        from: from_module,
        test,
        ..
    } in cross.importing(module)
    {
        for &line in &e.lines {
            out.push(Caller {
                module: from_module.to_string(),
                file: e.from.clone(),
                line,
                target: e.to.clone(),
                symbols: e.symbols.clone(),
                kind: e.kind.name(),
                test,
            });
        }
    }
    out.sort_by(|a, b| {
        (a.test, &a.module, &a.file, a.line, &a.target)
            .cmp(&(b.test, &b.module, &b.file, b.line, &b.target))
    });
    out.dedup_by(|a, b| a.file == b.file && a.line == b.line && a.target == b.target);
    let tests = out.iter().filter(|c| c.test).count();
    (out, tests)
}

/// Modules `module` imports, heaviest first, with the names it uses. Support
/// code (settings, framework base classes) is left out: the service brings
/// its own.
pub fn calls_out(analysis: &Analysis, cross: &CrossEdges, module: &str) -> Vec<CallsOut> {
    let mut symbols: BTreeMap<&str, BTreeMap<String, usize>> = BTreeMap::new();
    for &Cross {
        edge: e, to, test, ..
    } in cross.imported_by(module)
    {
        if test {
            continue;
        }
        let names = symbols.entry(to).or_default();
        if e.symbols.is_empty() {
            *names.entry(short_file(&e.to)).or_default() += e.lines.len();
        }
        for s in &e.symbols {
            *names.entry(s.clone()).or_default() += e.lines.len();
        }
    }
    let support = analysis.support_modules();
    let mut out: Vec<CallsOut> = analysis
        .module_edges
        .iter()
        .filter(|e| e.from == module && !support.contains(e.to.as_str()))
        .map(|e| {
            let mut names: Vec<(String, usize)> = symbols
                .remove(e.to.as_str())
                .unwrap_or_default()
                .into_iter()
                .collect();
            names.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            CallsOut {
                module: e.to.clone(),
                imports: e.imports,
                symbols: names.into_iter().take(5).map(|(n, _)| n).collect(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.imports
            .cmp(&a.imports)
            .then_with(|| a.module.cmp(&b.module))
    });
    out
}

fn short_file(path: &str) -> String {
    path.rsplit('/').next().unwrap_or(path).to_string()
}
