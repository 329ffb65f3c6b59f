//! Stage: git history (git2) → change frequency, churn, ownership, age,
//! hotspots and co-change coupling, per file and per module.
//!
//! `walk` lists the commits (reading each once), `mine` diffs them on one
//! thread per core (`treediff`, `similarity` for renames, `lines` for line
//! counts, over the per-worker `objects` caches) through the incremental
//! `cache`,
//! `changesets` applies the filters and follows renames, and `metrics` and
//! `coupling` count. `output` renders code-maat-compatible CSV or JSON;
//! `section` is what `planner analyze` puts into `analysis.json`.

pub mod cache;
pub mod changesets;
pub mod command;
pub mod commit_info;
pub mod config;
pub mod coupling;
pub mod dates;
pub mod diff;
pub mod lines;
pub mod metrics;
pub mod mine;
pub mod objects;
pub mod output;
pub mod record;
pub mod section;
pub mod similarity;
pub mod treediff;
pub mod walk;
pub mod workers;

pub use config::HistoryConfig;
pub use section::HistorySection;

use crate::warnings::Warnings;
use anyhow::Result;
use changesets::{Changeset, Filters, Prepared};
use coupling::CouplingParams;
use diff::DiffMode;
use metrics::{MetricParams, StaticFacts};
use mine::{CacheChoice, MineOptions, MineOutcome, Mined};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

/// One history run: the configuration (with command-line overrides already
/// applied) and what only the command line says.
#[derive(Debug, Clone)]
pub struct Request {
    pub config: HistoryConfig,
    pub since: Option<i64>,
    pub until: Option<i64>,
    pub cache: CacheChoice,
    /// Apply `[history]` path excludes (built-in and configured).
    pub path_excludes: bool,
    pub progress: bool,
}

impl Request {
    pub fn new(config: HistoryConfig) -> Self {
        Self {
            config,
            since: None,
            until: None,
            cache: CacheChoice::Default,
            path_excludes: true,
            progress: false,
        }
    }

    pub fn coupling_params(&self) -> CouplingParams {
        let c = &self.config;
        CouplingParams {
            max_changeset_size: c.max_changeset_size,
            min_revs: c.min_revs,
            min_shared_revs: c.min_shared_revs,
            min_coupling: c.min_coupling,
            max_coupling: c.max_coupling,
        }
    }
}

/// Mined and filtered history, ready to be counted.
pub struct History {
    pub mined: Mined,
    pub prepared: Prepared,
}

impl History {
    pub fn changesets(&self) -> &[Changeset] {
        &self.prepared.changesets
    }

    /// Files that results report: with rename tracking, only files that
    /// exist at the tip (renamed-away and deleted files drop out); without
    /// it, every path, as code-maat reports them.
    pub fn is_reported(&self, renames: bool, path: &str) -> bool {
        !renames || self.mined.tip_paths.contains(path)
    }

    /// The newest changeset's time: "now" for ages, so output depends on the
    /// history alone. Without changesets (a depth-1 shallow clone), HEAD's
    /// commit time.
    pub fn now(&self) -> i64 {
        self.prepared
            .changesets
            .iter()
            .map(|c| c.time)
            .max()
            .unwrap_or(self.mined.tip_time)
    }
}

/// Why there is no history to count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unavailable {
    NoGit(String),
    Empty,
}

impl Unavailable {
    pub fn note(&self) -> String {
        match self {
            Unavailable::NoGit(reason) => {
                format!("no git history: {reason}")
            }
            Unavailable::Empty => "no git history: the repository has no commits yet".into(),
        }
    }
}

/// Mines and filters the history of `repo`.
pub fn load(
    repo: &Path,
    request: &Request,
    warnings: &Warnings,
) -> Result<Result<History, Unavailable>> {
    let c = &request.config;
    let options = MineOptions {
        diff: DiffMode {
            renames: c.renames,
            line_counts: c.line_counts,
            include_merges: c.include_merges,
        },
        first_parent: c.first_parent,
        cache: request.cache.clone(),
        progress: request.progress,
        since: request.since,
    };
    let mined = match mine::mine(repo, &options, warnings)? {
        MineOutcome::NoGit(reason) => return Ok(Err(Unavailable::NoGit(reason))),
        MineOutcome::Empty => return Ok(Err(Unavailable::Empty)),
        MineOutcome::Mined(mined) => *mined,
    };
    if mined.shallow {
        warnings.push(
            "",
            None,
            "shallow clone: history before the clone's depth is missing, so every count is partial \
             (run `git fetch --unshallow` for full results)",
        );
    }
    let filters = Filters {
        since: request.since,
        until: request.until,
        include_merges: c.include_merges,
        renames: c.renames,
        path_excludes: request.path_excludes,
    };
    let mailmap = |name: &Arc<str>, email: &Arc<str>| {
        let key = (name.clone(), email.clone());
        mined.mailmap.get(&key).cloned().unwrap_or(key)
    };
    let mut timer = crate::app::StageTimer::from_env();
    let prepared = changesets::prepare(&mined.commits, c, &filters, &mailmap, warnings)?;
    timer.lap("prepare");
    let mut mined = mined;
    // Everything later reads the changesets; free the raw commits.
    mined.commits = Vec::new();
    timer.lap("free");
    Ok(Ok(History { mined, prepared }))
}

/// What the static analysis knows about current files.
#[derive(Debug, Clone, Default)]
pub struct StaticView {
    pub module_of: BTreeMap<String, String>,
    pub facts: StaticFacts,
}

impl StaticView {
    pub fn from_files(files: &[crate::analysis::FileNode]) -> Self {
        Self {
            module_of: files
                .iter()
                .map(|f| (f.id.clone(), f.module.clone()))
                .collect(),
            facts: files
                .iter()
                .map(|f| (f.id.clone(), (f.complexity as u64, f.loc as u64)))
                .collect(),
        }
    }
}

/// Every metric, for `planner analyze` and the per-file analyses.
pub struct Results {
    pub files: Vec<metrics::FileHistory>,
    pub modules: Vec<metrics::ModuleHistory>,
    pub coupling: Vec<coupling::CouplingRow>,
    pub soc: Vec<coupling::SocRow>,
    pub module_cochange: Vec<coupling::ModuleCoChange>,
}

pub fn metric_params(history: &History, request: &Request) -> MetricParams {
    MetricParams {
        now: history.now(),
        recent_days: request.config.recent_days,
        island_share: request.config.knowledge_island_share,
    }
}

pub fn file_metrics(
    history: &History,
    request: &Request,
    statics: &StaticView,
) -> Vec<metrics::FileHistory> {
    let renames = request.config.renames;
    let keep = |p: &str| history.is_reported(renames, p);
    let module_of = |p: &str| statics.module_of.get(p).cloned();
    metrics::file_metrics(
        history.changesets(),
        &metric_params(history, request),
        &keep,
        &module_of,
        &statics.facts,
    )
}

pub fn compute(history: &History, request: &Request, statics: &StaticView) -> Results {
    compute_with(history, request, statics, true)
}

/// [`compute`], optionally without the file-to-file coupling and sum of
/// coupling (the costliest part), for callers that need only the per-file
/// and per-module metrics the scores read.
pub fn compute_with(
    history: &History,
    request: &Request,
    statics: &StaticView,
    file_coupling: bool,
) -> Results {
    let renames = request.config.renames;
    let keep = |p: &str| history.is_reported(renames, p);
    let module_of = |p: &str| statics.module_of.get(p).cloned();
    let params = request.coupling_params();
    let files = file_metrics(history, request, statics);
    let (module_cochange, totals) =
        coupling::module_cochange(history.changesets(), &params, &module_of);
    let modules = metrics::module_metrics(
        history.changesets(),
        &metric_params(history, request),
        &module_of,
        &files,
        &totals,
    );
    if !file_coupling {
        return Results {
            coupling: Vec::new(),
            soc: Vec::new(),
            files,
            modules,
            module_cochange,
        };
    }
    Results {
        coupling: coupling::coupling(history.changesets(), &params, &keep),
        soc: coupling::soc(history.changesets(), &params, &keep),
        files,
        modules,
        module_cochange,
    }
}

/// The history section of `planner analyze`, with notes for the reader;
/// `None` (and a note) when there is no history. Only a bad `[history]`
/// configuration is an error.
pub fn section_for(
    repo: &Path,
    config: &HistoryConfig,
    options: &crate::app::RunOptions,
    files: &[crate::analysis::FileNode],
    warnings: &Warnings,
) -> Result<(Option<HistorySection>, Vec<String>)> {
    if !config.enabled {
        return Ok((
            None,
            vec!["history not mined: [history] enabled = false".into()],
        ));
    }
    config.validate()?;
    let mut request = Request::new(config.clone());
    request.progress = options.progress;
    request.since = options.since;
    request.cache = options.cache.clone();
    let history = match load(repo, &request, warnings) {
        Ok(Ok(history)) => history,
        Ok(Err(unavailable)) => return Ok((None, vec![unavailable.note()])),
        Err(e) => {
            warnings.push("", None, format!("history skipped: {e:#}"));
            return Ok((
                None,
                vec!["no git history: mining failed (see warnings)".into()],
            ));
        }
    };
    let mut notes = Vec::new();
    if history.mined.shallow {
        notes.push("history is partial: this is a shallow clone".to_string());
    }
    let statics = StaticView::from_files(files);
    let results = compute(&history, &request, &statics);
    Ok((Some(section::build(&history, &request, results)), notes))
}

/// Paths that exist at the tip, for callers that need them.
pub fn tip_paths(history: &History) -> &BTreeSet<String> {
    &history.mined.tip_paths
}
