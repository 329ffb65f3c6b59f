//! Stage 3: turn each raw import into an edge between repository files, or
//! count it as external or unresolved. Each language has one resolver file.

mod javascript;
mod python;
mod ruby;

use crate::analysis::{EdgeKind, FileEdge, ImportStats, Language, NameCount, ResolutionCounts};
use crate::code::{FileFacts, RawImport};
use crate::config::Config;
use crate::scan::Scan;
use crate::warnings::Warnings;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What one raw import resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Files of this repository, each with the names used from it.
    Internal(Vec<(String, Vec<String>)>),
    /// Outside the repository (package, gem, standard library); the name.
    External(String),
    /// Looked internal but matched nothing; the specifier.
    Unresolved(String),
}

/// Everything a resolver may look at: the scanned tree and each file's facts.
pub struct Context<'a> {
    pub scan: &'a Scan,
    pub facts: &'a [FileFacts],
    pub config: &'a Config,
    /// Analysed files, for checking that a target is one of them.
    pub analysed: BTreeSet<&'a str>,
}

pub struct Resolved {
    pub edges: Vec<FileEdge>,
    pub stats: ImportStats,
}

/// One file's resolved imports: (kind, line, outcome).
type FileOutcomes = (Language, Vec<(EdgeKind, usize, Outcome)>);
/// (from, to, kind) → (lines, names used).
type EdgeMap = BTreeMap<(String, String, EdgeKind), (BTreeSet<usize>, BTreeSet<String>)>;

trait Resolver: Sync {
    fn resolve(&self, from: &str, import: &RawImport) -> Outcome;
}

pub fn resolve(ctx: &Context, warnings: &Warnings) -> Resolved {
    resolve_only(ctx, None, warnings)
}

/// [`resolve`], limited to the imports of the files in `only` when given:
/// edges from other files are left out, and the counts cover those files.
pub fn resolve_only(ctx: &Context, only: Option<&BTreeSet<&str>>, warnings: &Warnings) -> Resolved {
    let python = python::PythonResolver::new(ctx);
    let ruby = ruby::RubyResolver::new(ctx, warnings);
    let javascript = javascript::JsResolver::new(ctx);
    let per_file: Vec<FileOutcomes> = ctx
        .scan
        .files
        .par_iter()
        .zip(ctx.facts.par_iter())
        .map(|(file, facts)| {
            if only.is_some_and(|only| !only.contains(file.rel.as_str())) {
                return (file.language, Vec::new());
            }
            let resolver: &dyn Resolver = match file.language {
                Language::Python => &python,
                Language::Ruby => &ruby,
                Language::JavaScript | Language::TypeScript => &javascript,
            };
            let outcomes = facts
                .imports
                .iter()
                .map(|import| {
                    (
                        import.kind,
                        import.line,
                        resolver.resolve(&file.rel, import),
                    )
                })
                .collect();
            (file.language, outcomes)
        })
        .collect();

    let mut edges: EdgeMap = BTreeMap::new();
    let mut stats = ImportStats::default();
    let mut external: HashMap<String, usize> = HashMap::new();
    let mut unresolved: HashMap<String, usize> = HashMap::new();
    for (file, (language, outcomes)) in ctx.scan.files.iter().zip(per_file) {
        let counts: &mut ResolutionCounts = stats
            .by_language
            .entry(language.name().to_string())
            .or_default();
        for (kind, line, outcome) in outcomes {
            match outcome {
                Outcome::Internal(targets) => {
                    // One import counts once: internal when any target is an
                    // analysed file (itself included), else non-source.
                    let is_analysed = |t: &str| ctx.analysed.contains(t);
                    if targets.is_empty() || targets.iter().any(|(t, _)| is_analysed(t)) {
                        counts.internal += 1;
                    } else {
                        counts.non_source += 1;
                    }
                    for (target, names) in targets {
                        if target == file.rel || !is_analysed(&target) {
                            continue;
                        }
                        let entry = edges.entry((file.rel.clone(), target, kind)).or_default();
                        entry.0.insert(line);
                        entry.1.extend(names);
                    }
                }
                Outcome::External(name) => {
                    counts.external += 1;
                    *external.entry(name).or_default() += 1;
                }
                Outcome::Unresolved(name) => {
                    counts.unresolved += 1;
                    *unresolved.entry(name).or_default() += 1;
                }
            }
        }
    }
    stats.top_external = top(external, 20);
    stats.top_unresolved = top(unresolved, 20);
    let edges = edges
        .into_iter()
        .map(|((from, to, kind), (lines, symbols))| FileEdge {
            from,
            to,
            kind,
            lines: lines.into_iter().collect(),
            symbols: symbols.into_iter().collect(),
        })
        .collect();
    Resolved { edges, stats }
}

fn top(counts: HashMap<String, usize>, n: usize) -> Vec<NameCount> {
    let mut all: Vec<NameCount> = counts
        .into_iter()
        .map(|(name, count)| NameCount { name, count })
        .collect();
    all.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    all.truncate(n);
    all
}

/// `a/b/../c` → `a/c`; `None` when the path climbs out of the repository.
pub(crate) fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// The directory part of a repo-relative path (`""` at the root).
pub(crate) fn parent_dir(rel: &str) -> &str {
    rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
}
