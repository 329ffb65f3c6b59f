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
}

pub fn analyze(repo: &Path, config: &Config, options: &RunOptions) -> Result<Analysis> {
    let mut timer = StageTimer::from_env();
    let warnings = Warnings::new();
    let scan = scan::scan(repo, &config.scan, &warnings)?;
    timer.lap("scan");

    let bar = progress_bar(options.progress, scan.files.len() as u64, "parsing");
    let facts: Vec<FileFacts> = scan
        .files
        .par_iter()
        .map(|file| {
            let facts = code::extract(file, &warnings);
            bar.inc(1);
            facts
        })
        .collect();
    bar.finish_and_clear();
    timer.lap("parse");

    let ctx = resolve::Context {
        scan: &scan,
        facts: &facts,
        config,
        analysed: scan.files.iter().map(|f| f.rel.as_str()).collect(),
    };
    let resolved = resolve::resolve(&ctx, &warnings);
    timer.lap("resolve");

    let file_names: Vec<&str> = scan.files.iter().map(|f| f.rel.as_str()).collect();
    let assignment = model::assign_modules(&file_names, &scan.all_paths, &config.modules)?;
    let file_loc: BTreeMap<String, usize> = scan
        .files
        .iter()
        .zip(&facts)
        .map(|(f, facts)| (f.rel.clone(), facts.loc))
        .collect();
    let tests: BTreeSet<&str> = if config.modules.include_tests {
        BTreeSet::new()
    } else {
        file_names
            .iter()
            .copied()
            .filter(|f| model::is_test_file(f))
            .collect()
    };
    let graph = model::build_module_graph(&assignment, &resolved.edges, &file_loc, &tests);
    timer.lap("model");
    let schema = schema_stage(
        &scan,
        &facts,
        &assignment,
        &resolved.edges,
        &tests,
        config,
        &warnings,
    );

    let files: Vec<FileNode> = scan
        .files
        .iter()
        .zip(&facts)
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
            test: model::is_test_file(&file.rel),
        })
        .collect();

    let (history, notes) = if options.history {
        crate::history::section_for(repo, &config.history, options.progress, &files, &warnings)?
    } else {
        (None, Vec::new())
    };

    let mut analysis = Analysis {
        schema_version: SCHEMA_VERSION,
        tool: ToolInfo::default(),
        repo: repo_name(&scan.root),
        scan: scan.summary,
        imports: resolved.stats,
        files,
        edges: resolved.edges,
        modules: graph.modules,
        module_edges: graph.edges,
        cycles: graph.cycles,
        history,
        notes,
        candidates: crate::score::Ranking::default(),
        schema,
        warnings: warnings.into_sorted(),
    };
    analysis.candidates = crate::score::rank(&analysis, &config.score);
    Ok(analysis)
}

/// Tables and keys from the repository's schema sources, tied to modules.
fn schema_stage(
    scan: &scan::Scan,
    facts: &[FileFacts],
    assignment: &model::ModuleAssignment,
    edges: &[crate::analysis::FileEdge],
    skip_from: &BTreeSet<&str>,
    config: &Config,
    warnings: &Warnings,
) -> Option<schema::SchemaSection> {
    let input = schema::Input {
        root: &scan.root,
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
    };
    let section = schema::analyze(&input, &config.schema, warnings);
    (!section.sources.is_empty()).then_some(section)
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
