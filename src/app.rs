//! Runs the pipeline, stage after stage, each taking plain data and returning
//! plain data.

use crate::analysis::{Analysis, FileNode, ToolInfo, SCHEMA_VERSION};
use crate::code::{self, FileFacts};
use crate::config::Config;
use crate::model;
use crate::resolve;
use crate::scan;
use crate::schema;
use crate::warnings::Warnings;
use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::io::IsTerminal;
use std::path::Path;

pub struct RunOptions {
    /// Draw progress bars (only ever on a terminal).
    pub progress: bool,
    /// Mine git history. Off for commands that only need the code
    /// (`graph`, and `history` itself, which mines on its own terms).
    pub history: bool,
    /// Only commits on or after this moment (seconds since the epoch) are
    /// diffed: `--since`.
    pub since: Option<i64>,
    /// Where the history cache lives, or none: `--cache-dir`, `--no-cache`.
    pub cache: crate::history::mine::CacheChoice,
    /// Stop once files, edges and modules are known (`planner graph`): no
    /// schema ownership and access, inventory, history, ranking or plans.
    pub graph_only: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        Self {
            progress: false,
            history: true,
            since: None,
            cache: crate::history::mine::CacheChoice::Default,
            graph_only: false,
        }
    }
}

pub fn analyze(repo: &Path, config: &Config, options: &RunOptions) -> Result<Analysis> {
    let mut timer = StageTimer::from_env();
    let warnings = Warnings::new();
    let scan = scan::scan(repo, &config.scan, &warnings)?;
    timer.lap("scan");
    let facts = parse(&scan, options.progress, &warnings);
    timer.lap("parse");
    if options.graph_only {
        let resolved = resolve_all(&scan, &facts, config, None, &warnings);
        timer.lap("resolve");
        let mut analysis = build_stages(&scan, &facts, config, resolved, false, &warnings)?;
        analysis.warnings = warnings.into_sorted();
        return Ok(analysis);
    }
    let mut analysis = build(&scan, &facts, config, &warnings)?;
    inventory_stage(&scan, &mut analysis, &warnings);
    timer.lap("inventory");
    let (history, notes) = if options.history {
        crate::history::section_for(repo, &config.history, options, &analysis.files, &warnings)?
    } else {
        (None, Vec::new())
    };
    timer.lap("history");
    analysis.history = history;
    analysis.notes = notes;
    finish(&mut analysis, config, warnings);
    timer.lap("score");
    Ok(analysis)
}

/// The code stage over every scanned file, in parallel.
pub fn parse(scan: &scan::Scan, progress: bool, warnings: &Warnings) -> Vec<FileFacts> {
    let bar = progress_bar(progress, scan.files.len() as u64, "parsing");
    let facts: Vec<FileFacts> = scan
        .files
        .par_iter()
        .map(|file| {
            let facts = code::extract(file, warnings);
            bar.inc(1);
            facts
        })
        .collect();
    bar.finish_and_clear();
    facts
}

/// The code stage for `scan`, reusing the facts of `known` (another scan's
/// files and facts) for every file whose bytes are the same: a revision that
/// differs in a few files re-parses only those.
pub fn parse_reusing(
    scan: &scan::Scan,
    known: (&scan::Scan, &[FileFacts]),
    warnings: &Warnings,
) -> Vec<FileFacts> {
    let (known_scan, known_facts) = known;
    let index: BTreeMap<&str, usize> = known_scan
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.rel.as_str(), i))
        .collect();
    scan.files
        .par_iter()
        .map(|file| match index.get(file.rel.as_str()) {
            Some(&i) if known_scan.files[i].bytes == file.bytes => known_facts[i].clone(),
            _ => code::extract(file, warnings),
        })
        .collect()
}

/// Resolve, model and schema over parsed files: an `Analysis` without
/// history, candidates or warnings (see [`finish`]).
pub fn build(
    scan: &scan::Scan,
    facts: &[FileFacts],
    config: &Config,
    warnings: &Warnings,
) -> Result<Analysis> {
    let mut timer = StageTimer::from_env();
    let resolved = resolve_all(scan, facts, config, None, warnings);
    timer.lap("resolve");
    build_resolved(scan, facts, config, resolved, warnings)
}

/// The resolve stage over `scan`; with `only`, just the imports of those
/// files (their edges and counts alone).
pub fn resolve_all(
    scan: &scan::Scan,
    facts: &[FileFacts],
    config: &Config,
    only: Option<&BTreeSet<&str>>,
    warnings: &Warnings,
) -> resolve::Resolved {
    let ctx = resolve::Context {
        scan,
        facts,
        config,
        analysed: scan.files.iter().map(|f| f.rel.as_str()).collect(),
    };
    resolve::resolve_only(&ctx, only, warnings)
}

/// [`build`] from resolved imports.
pub fn build_resolved(
    scan: &scan::Scan,
    facts: &[FileFacts],
    config: &Config,
    resolved: resolve::Resolved,
    warnings: &Warnings,
) -> Result<Analysis> {
    build_stages(scan, facts, config, resolved, true, warnings)
}

/// [`build_resolved`]; without `attach_schema`, the schema is read only as
/// far as module discovery needs it (no ownership or access section).
fn build_stages(
    scan: &scan::Scan,
    facts: &[FileFacts],
    config: &Config,
    resolved: resolve::Resolved,
    attach_schema: bool,
    warnings: &Warnings,
) -> Result<Analysis> {
    let mut timer = StageTimer::from_env();

    let file_names: Vec<&str> = scan.files.iter().map(|f| f.rel.as_str()).collect();
    let classifier = model::RoleClassifier::new(&config.roles)?;
    let roles: BTreeMap<&str, model::FileRole> = scan
        .files
        .iter()
        .map(|f| (f.rel.as_str(), classifier.role_of(&f.rel, &f.bytes)))
        .collect();
    let mut assignment = model::assign_modules(&file_names, &scan.all_paths, &config.modules)?;
    warn_empty_declarations(&assignment, &config.modules, warnings);
    let file_loc: BTreeMap<String, usize> = scan
        .files
        .iter()
        .zip(facts)
        .map(|(f, facts)| (f.rel.clone(), facts.loc))
        .collect();
    let non_production: BTreeSet<&str> = roles
        .iter()
        .filter(|(_, r)| !r.is_production())
        .map(|(f, _)| *f)
        .collect();
    // Imports made by anything but production code stay out of the module
    // metrics; `include_tests` lets tests' imports count.
    let skip_from: BTreeSet<&str> = roles
        .iter()
        .filter(|(_, r)| {
            !(r.is_production() || config.modules.include_tests && **r == model::FileRole::Test)
        })
        .map(|(f, _)| *f)
        .collect();
    // Without the schema section (`planner graph`), the schema is read only
    // when capability discovery has a layered tree to cut.
    let read_schema = attach_schema
        || (config.modules.discover
            && model::capabilities::has_layered_zone(&file_names, &roles, &assignment));
    let schema_read = if read_schema {
        schema_read(
            scan,
            facts,
            &assignment,
            &resolved.edges,
            &skip_from,
            config,
            warnings,
        )
    } else {
        None
    };
    timer.lap("schema-read");
    let placements = if config.modules.discover {
        discover_capabilities(
            &file_names,
            &roles,
            &resolved.edges,
            schema_read.as_ref(),
            &mut assignment,
        )
    } else {
        BTreeMap::new()
    };
    timer.lap("discover");
    let graph = model::build_module_graph(
        &assignment,
        &resolved.edges,
        &file_loc,
        &skip_from,
        &non_production,
    );
    timer.lap("model");
    let schema = schema_read.filter(|_| attach_schema).and_then(|read| {
        let input = schema_input(scan, facts, &assignment, &resolved.edges, &skip_from);
        let section = schema::attach(read, &input, &config.schema);
        (!section.sources.is_empty()).then_some(section)
    });
    timer.lap("schema");

    let files: Vec<FileNode> = scan
        .files
        .iter()
        .zip(facts)
        .map(|(file, facts)| FileNode {
            id: file.rel.clone(),
            language: file.language,
            module: assignment
                .module_of
                .get(&file.rel)
                .cloned()
                .unwrap_or_default(),
            loc: facts.loc,
            complexity: facts.complexity,
            test: roles.get(file.rel.as_str()) == Some(&model::FileRole::Test),
            role: roles.get(file.rel.as_str()).copied().unwrap_or_default(),
            placed_by: placements.get(&file.rel).map(|p| p.reason.clone()),
            confidence: placements.get(&file.rel).map(|p| p.confidence),
        })
        .collect();

    Ok(Analysis {
        schema_version: SCHEMA_VERSION,
        tool: ToolInfo::default(),
        repo: repo_name(&scan.root),
        scan: scan.summary.clone(),
        imports: resolved.stats,
        files,
        edges: resolved.edges,
        modules: graph.modules,
        module_edges: graph.edges,
        cycles: graph.cycles,
        history: None,
        notes: Vec::new(),
        candidates: crate::score::Ranking::default(),
        schema,
        plans: Vec::new(),
        inventory: None,
        warnings: Vec::new(),
    })
}

/// The boundary inventory (endpoints, jobs, events) of a built analysis.
/// `analyze` runs it; `diff` does not need it.
pub fn inventory_stage(scan: &scan::Scan, analysis: &mut Analysis, warnings: &Warnings) {
    let module_of: BTreeMap<String, String> = analysis
        .files
        .iter()
        .map(|f| (f.id.clone(), f.module.clone()))
        .collect();
    let inventory = crate::inventory::run(
        &crate::inventory::Input {
            root: &scan.root,
            files: &scan.files,
            all_paths: &scan.all_paths,
            module_of: &module_of,
            edges: &analysis.edges,
            schema: analysis.schema.as_ref(),
            modules: &analysis.modules,
        },
        warnings,
    );
    analysis.inventory = Some(inventory);
}

/// Ranks the candidates (history must be in place), plans the top ones and
/// takes the warnings.
pub fn finish(analysis: &mut Analysis, config: &Config, warnings: Warnings) {
    finish_ranking(analysis, config, warnings);
    analysis.plans = crate::plan::for_top(analysis, &config.plan);
}

/// [`finish`] without the plans (the ADR, DoR and DoD material), for
/// `planner diff`, which compares rankings only.
pub fn finish_ranking(analysis: &mut Analysis, config: &Config, warnings: Warnings) {
    analysis.candidates = crate::score::rank(analysis, &config.score);
    analysis.warnings = warnings.into_sorted();
}

/// Tables and keys from the repository's schema sources, before modules;
/// `None` when the repository has none.
fn schema_read(
    scan: &scan::Scan,
    facts: &[FileFacts],
    assignment: &model::ModuleAssignment,
    edges: &[crate::analysis::FileEdge],
    skip_from: &BTreeSet<&str>,
    config: &Config,
    warnings: &Warnings,
) -> Option<schema::SchemaRead> {
    let input = schema_input(scan, facts, assignment, edges, skip_from);
    let read = schema::read(&input, &config.schema, warnings);
    (!read.is_empty()).then_some(read)
}

/// Capability discovery over the layered parts of the tree (see
/// `model::capabilities`), fed with the schema's models and keys.
fn discover_capabilities(
    files: &[&str],
    roles: &BTreeMap<&str, model::FileRole>,
    edges: &[crate::analysis::FileEdge],
    schema: Option<&schema::SchemaRead>,
    assignment: &mut model::ModuleAssignment,
) -> BTreeMap<String, model::capabilities::Placement> {
    let (models, keys) = schema.map_or_else(Default::default, |s| {
        let models = s
            .models
            .iter()
            .map(|(table, m)| (table.clone(), m.file.clone()))
            .collect();
        let keys = s
            .foreign_keys
            .iter()
            .map(|k| (k.from_table.clone(), k.to_table.clone(), true))
            .chain(
                s.inferred_relations
                    .iter()
                    .map(|k| (k.from_table.clone(), k.to_table.clone(), false)),
            )
            .collect();
        (models, keys)
    });
    let input = model::capabilities::Input {
        files,
        roles,
        edges,
        models,
        keys,
    };
    model::capabilities::discover(&input, assignment)
}

fn schema_input<'a>(
    scan: &'a scan::Scan,
    facts: &'a [FileFacts],
    assignment: &'a model::ModuleAssignment,
    edges: &'a [crate::analysis::FileEdge],
    skip_from: &'a BTreeSet<&'a str>,
) -> schema::Input<'a> {
    schema::Input {
        tree: scan,
        all_paths: &scan.all_paths,
        files: &scan.files,
        facts,
        module_of: &assignment.module_of,
        module_roots: assignment
            .modules
            .iter()
            .map(|(name, def)| (name.clone(), def.root.clone()))
            .collect(),
        edges,
        skip_from,
    }
}

fn repo_name(root: &Path) -> String {
    root.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "repo".into())
}

/// A bar on stderr when it is a terminal; a hidden one otherwise.
pub fn progress_bar(enabled: bool, len: u64, what: &str) -> ProgressBar {
    if !enabled || !std::io::stderr().is_terminal() {
        return ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::hidden());
    }
    let bar = ProgressBar::new(len);
    if let Ok(style) = ProgressStyle::with_template("{msg:>10} [{bar:40}] {pos}/{len} {elapsed}") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_string());
    bar
}

/// Stage durations on stderr when `PLANNER_TIMINGS` is set: for profiling,
/// never part of the output.
pub(crate) struct StageTimer(Option<std::time::Instant>);

impl StageTimer {
    pub(crate) fn from_env() -> Self {
        Self(std::env::var_os("PLANNER_TIMINGS").map(|_| std::time::Instant::now()))
    }

    pub(crate) fn lap(&mut self, stage: &str) {
        if let Some(start) = self.0 {
            eprintln!("timing: {stage:<8} {:>8.3}s", start.elapsed().as_secs_f64());
            self.0 = Some(std::time::Instant::now());
        }
    }
}

/// A module declared in `planner.toml` that no analysed file falls in (its
/// globs match nothing, or an earlier declaration takes every match) would
/// otherwise vanish without a word.
fn warn_empty_declarations(
    assignment: &model::ModuleAssignment,
    config: &crate::config::ModulesConfig,
    warnings: &Warnings,
) {
    for (name, globs) in &config.declare {
        if !assignment.module_of.values().any(|m| m == name) {
            warnings.push(
                crate::config::FILE_NAME,
                None,
                format!(
                    "declared module {name} matches no analysed file (globs: {}); it is left out",
                    globs
                        .iter()
                        .map(|g| format!("{g:?}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
    }
}
