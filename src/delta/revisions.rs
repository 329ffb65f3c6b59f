//! Runs `planner diff`: both revisions analysed from one working-tree scan.
//!
//! The head is the working tree (scanned as `planner analyze` scans it) or,
//! with `--head`, the working tree overlaid with the blobs that differ at
//! that commit. The base is the working tree overlaid with the base's blobs
//! (`scan::revision`). Files whose bytes are the same at both revisions keep
//! the head's parse; only changed files are parsed again. Resolution, the
//! module model, the schema and the scores then run in full for each
//! revision, as they depend on the whole file list. History is mined once,
//! without the commits under review, and serves both.

use super::{cochange, compare, policy, Report, RevisionInfo, REPORT_VERSION};
use crate::analysis::{Analysis, FileEdge, ToolInfo};
use crate::app::{self, StageTimer};
use crate::config::Config;
use crate::history::{self, mine::CacheChoice};
use crate::scan::{self, revision};
use crate::warnings::Warnings;
use anyhow::{anyhow, bail, Result};
use git2::{Oid, Repository};
use std::collections::BTreeSet;
use std::path::Path;

pub struct Options<'a> {
    pub base: &'a str,
    /// `None`: the working tree.
    pub head: Option<&'a str>,
    pub progress: bool,
    pub cache: CacheChoice,
}

/// The report, and the head's policy violations as baseline entries (for
/// `--update-baseline`).
pub struct Outcome {
    pub report: Report,
    pub current: Vec<policy::BaselineEntry>,
    pub baseline_missing: bool,
}

pub fn run(root: &Path, config: &Config, options: &Options) -> Result<Outcome> {
    let mut timer = StageTimer::from_env();
    let warnings = Warnings::new();
    let base_warnings = Warnings::new();
    let (repo, prefix) = revision::open_repository(root)?;
    let base_commit = resolve(&repo, options.base, "--base")?;
    let head_commit = options
        .head
        .map(|spec| resolve(&repo, spec, "--head"))
        .transpose()?;

    // Three independent pieces of work overlap: the history (read from its
    // cache), the git diffs that describe each revision, and the scan.
    let (worktree, overlays, mined) = std::thread::scope(|s| {
        let mined = s.spawn(|| mine_history(root, config, options, &warnings));
        let overlays = s.spawn(
            || -> Result<(revision::Overlay, Option<revision::Overlay>)> {
                let (repo, prefix) = revision::open_repository(root)?;
                let tree = repo.find_commit(base_commit)?.tree()?;
                let base =
                    revision::overlay_for(&repo, &prefix, &tree, &config.scan, &base_warnings)?;
                let head = match head_commit {
                    None => None,
                    Some(id) => {
                        let tree = repo.find_commit(id)?.tree()?;
                        Some(revision::overlay_for(
                            &repo,
                            &prefix,
                            &tree,
                            &config.scan,
                            &warnings,
                        )?)
                    }
                };
                Ok((base, head))
            },
        );
        let worktree = scan::scan(root, &config.scan, &warnings);
        let join = |e: Box<dyn std::any::Any + Send>| {
            anyhow!(
                "internal error: a worker thread panicked ({:?})",
                e.downcast_ref::<&str>()
            )
        };
        let overlays = overlays.join().map_err(join);
        let mined = mined.join().map_err(join);
        (worktree, overlays, mined)
    });
    let worktree = worktree?;
    let (base_overlay, head_overlay) = overlays??;
    let mined = mined??;
    timer.lap("scan");
    let base_scan = revision::apply(&worktree, base_overlay, &config.scan, &base_warnings)?;
    let head_scan = match head_overlay {
        None => worktree,
        Some(overlay) => revision::apply(&worktree, overlay, &config.scan, &warnings)?,
    };
    let changed = revision::changed_paths(&base_scan, &head_scan);
    timer.lap("revisions");

    let head_facts = app::parse(&head_scan, options.progress, &warnings);
    let base_facts = app::parse_reusing(&base_scan, (&head_scan, &head_facts), &base_warnings);
    timer.lap("parse");
    let head_resolved = app::resolve_all(&head_scan, &head_facts, config, None, &warnings);
    let base_resolved = match reusable_resolution(&base_scan, &head_scan, &changed) {
        Some(only) => {
            let mut own =
                app::resolve_all(&base_scan, &base_facts, config, Some(&only), &base_warnings);
            let mut edges: Vec<FileEdge> = head_resolved
                .edges
                .iter()
                .filter(|e| !only.contains(e.from.as_str()))
                .cloned()
                .collect();
            edges.append(&mut own.edges);
            edges.sort_by(|a, b| (&a.from, &a.to, a.kind).cmp(&(&b.from, &b.to, b.kind)));
            own.edges = edges;
            own
        }
        None => app::resolve_all(&base_scan, &base_facts, config, None, &base_warnings),
    };
    timer.lap("resolve");
    // Model and schema are mostly sequential: build both revisions at once,
    // and count the history (which needs the head's modules) beside the
    // base's build.
    let under_review = commits_between(&repo, head_commit, base_commit);
    let (head_part, base) = rayon::join(
        || -> Result<_> {
            let head =
                app::build_resolved(&head_scan, &head_facts, config, head_resolved, &warnings)?;
            let counted = count_history(
                mined,
                &under_review,
                &head,
                &head_scan,
                &changed,
                &prefix,
                config,
                options,
            );
            Ok((head, counted))
        },
        || {
            app::build_resolved(
                &base_scan,
                &base_facts,
                config,
                base_resolved,
                &base_warnings,
            )
        },
    );
    let (mut head, (section, mut notes, missing_cochanges)) = head_part?;
    let mut base = base?;
    head.history = section.clone();
    base.history = section;
    timer.lap("build");

    let include_tests = config.modules.include_tests;
    let mut baseline_missing = false;
    let baseline = match &config.policy.baseline {
        Some(path) => match head_scan.read(path) {
            Ok(bytes) => {
                let text = String::from_utf8_lossy(&bytes);
                Some(
                    policy::Baseline::parse(&text)
                        .map_err(|e| anyhow!("invalid baseline file {path}: {e:#}"))?,
                )
            }
            Err(_) => {
                baseline_missing = true;
                None
            }
        },
        None => None,
    };
    // The report compares rankings; it needs no plans.
    rayon::join(
        || app::finish_ranking(&mut head, config, warnings),
        || app::finish_ranking(&mut base, config, base_warnings),
    );
    timer.lap("rank");
    crate::config_names::check(config, &head)?;
    let comparison = compare::compare(&base, &head, &changed, include_tests);
    let outcome = policy::evaluate(&config.policy, &base, &head, &comparison, baseline.as_ref())?;
    if config.policy.is_empty() {
        notes.push("no [policy] in planner.toml: this report cannot fail the check".into());
    }
    timer.lap("compare");

    let passed = outcome.violations.is_empty() && outcome.stale.is_empty();
    let report = Report {
        schema_version: REPORT_VERSION,
        tool: ToolInfo::default(),
        repo: head.repo.clone(),
        root: prefix.clone(),
        base: RevisionInfo {
            spec: options.base.to_string(),
            commit: Some(base_commit.to_string()),
        },
        head: RevisionInfo {
            spec: options.head.unwrap_or("working tree").to_string(),
            commit: head_commit
                .or_else(|| repo.head().ok().and_then(|h| h.target()))
                .map(|id| id.to_string()),
        },
        changed_files: comparison.changed_files,
        modules: comparison.modules,
        edges_added: comparison.edges_added,
        edges_removed: comparison.edges_removed,
        module_edges_added: comparison.module_edges_added,
        new_cycles: comparison.new_cycles,
        foreign_keys_added: comparison.foreign_keys_added,
        table_access_added: comparison.table_access_added,
        missing_cochanges,
        violations: outcome.violations,
        accepted_violations: outcome.accepted,
        stale_baseline: outcome.stale,
        passed,
        notes,
        warnings: merge_warnings(&head, &base),
    };
    Ok(Outcome {
        report,
        current: outcome.current,
        baseline_missing,
    })
}

/// The history section both revisions' scores read (the commits under
/// review left out), notes, and the expected co-changes that are missing.
#[allow(clippy::too_many_arguments)]
fn count_history(
    mined: std::result::Result<history::History, String>,
    under_review: &BTreeSet<String>,
    head: &Analysis,
    head_scan: &scan::Scan,
    changed: &[(String, revision::ChangeStatus)],
    prefix: &str,
    config: &Config,
    options: &Options,
) -> (
    Option<history::HistorySection>,
    Vec<String>,
    Vec<super::MissingCoChange>,
) {
    let mut h = match mined {
        Ok(h) => h,
        Err(note) => {
            return (
                None,
                vec![format!("{note}: expected co-changes are not checked")],
                Vec::new(),
            )
        }
    };
    let mut notes = Vec::new();
    h.prepared
        .changesets
        .retain(|c| !under_review.contains(&c.id));
    let request = history_request(config, options);
    let statics = history::StaticView::from_files(&head.files);
    // The scores read per-module history only; file coupling is not needed.
    let results = history::compute_with(&h, &request, &statics, false);
    let section = history::section::build(&h, &request, results);
    if h.mined.shallow {
        notes.push(
            "history is partial (a shallow clone): co-changes and scores rest on the \
             commits fetched; fetch the full history (`git fetch --unshallow`, or \
             `fetch-depth: 0` in CI) for complete results"
                .into(),
        );
    }
    let changed_set: BTreeSet<String> = changed
        .iter()
        .map(|(p, _)| format!("{prefix}{p}"))
        .collect();
    let changed_refs: BTreeSet<&str> = changed_set.iter().map(String::as_str).collect();
    let params = cochange::Params {
        max_changeset_size: config.history.max_changeset_size,
        min_revs: config.history.min_revs,
        min_shared: config.diff.cochange_min_shared,
        min_degree: config.diff.cochange_min_degree,
    };
    let exists = |p: &str| {
        p.strip_prefix(prefix)
            .is_some_and(|rel| head_scan.all_paths.contains(rel))
    };
    let mut missing = cochange::missing(h.changesets(), &changed_refs, &params, &exists);
    for m in &mut missing {
        m.file = m.file[prefix.len()..].to_string();
        m.changed_with = m.changed_with[prefix.len()..].to_string();
    }
    (Some(section), notes, missing)
}

/// The changed source files, when the base's imports of every other file
/// resolve exactly as the head's do, so only these need resolving again:
/// both revisions have the same analysed files (Python and JS/TS resolution
/// depends on the file list, not on other files' contents), no Ruby file
/// changed (constant lookup reads every file's definitions), and no file
/// that configures resolution changed. `None` means: resolve everything.
fn reusable_resolution<'a>(
    base: &scan::Scan,
    head: &scan::Scan,
    changed: &'a [(String, revision::ChangeStatus)],
) -> Option<BTreeSet<&'a str>> {
    let same_files = base.files.len() == head.files.len()
        && base
            .files
            .iter()
            .zip(&head.files)
            .all(|(a, b)| a.rel == b.rel);
    if !same_files {
        return None;
    }
    let configures = |p: &str| {
        let name = p.rsplit('/').next().unwrap_or(p);
        name == "package.json"
            || (name.starts_with("tsconfig") || name.starts_with("jsconfig"))
                && name.ends_with(".json")
            || p.ends_with("config/application.rb")
            || p.ends_with("config/initializers/inflections.rb")
            || name.ends_with(".rb")
            || name.ends_with(".rake")
    };
    if changed.iter().any(|(p, _)| configures(p)) {
        return None;
    }
    Some(changed.iter().map(|(p, _)| p.as_str()).collect())
}

/// The head's warnings, plus the base's that the head does not have,
/// marked as the base's.
fn merge_warnings(head: &Analysis, base: &Analysis) -> Vec<crate::warnings::Warning> {
    let known: BTreeSet<&crate::warnings::Warning> = head.warnings.iter().collect();
    let mut all = head.warnings.clone();
    all.extend(
        base.warnings
            .iter()
            .filter(|w| !known.contains(w))
            .map(|w| crate::warnings::Warning {
                message: format!("(base revision) {}", w.message),
                ..w.clone()
            }),
    );
    all.sort();
    all
}

fn resolve(repo: &Repository, spec: &str, flag: &str) -> Result<Oid> {
    let object = repo.revparse_single(spec).map_err(|e| {
        let shallow = if repo.is_shallow() {
            " This is a shallow clone: fetch the revision (`git fetch origin <branch>`) or clone \
             with full history (`fetch-depth: 0` on GitHub Actions, `GIT_DEPTH: 0` on GitLab)."
        } else {
            ""
        };
        anyhow!(
            "cannot find {flag} {spec:?} in the repository ({}).{shallow}",
            e.message()
        )
    })?;
    match object.peel_to_commit() {
        Ok(c) => Ok(c.id()),
        Err(_) => bail!("{flag} {spec:?} does not name a commit"),
    }
}

fn history_request(config: &Config, options: &Options) -> history::Request {
    let mut request = history::Request::new(config.history.clone());
    request.progress = options.progress;
    request.cache = options.cache.clone();
    request
}

/// The mined history, or the note saying why there is none.
fn mine_history(
    root: &Path,
    config: &Config,
    options: &Options,
    warnings: &Warnings,
) -> Result<std::result::Result<history::History, String>> {
    if !config.history.enabled {
        return Ok(Err("history not mined ([history] enabled = false)".into()));
    }
    config.history.validate()?;
    let request = history_request(config, options);
    Ok(match history::load(root, &request, warnings) {
        Ok(Ok(h)) => Ok(h),
        Ok(Err(unavailable)) => Err(unavailable.note()),
        Err(e) => {
            warnings.push("", None, format!("history skipped: {e:#}"));
            Err("no git history: mining failed (see warnings)".into())
        }
    })
}

/// Short ids (as changesets carry them) of the commits under review: those
/// reachable from the head (HEAD for the working tree) but not from the base.
fn commits_between(repo: &Repository, head: Option<Oid>, base: Oid) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let Some(head) = head.or_else(|| repo.head().ok().and_then(|h| h.target())) else {
        return out;
    };
    let Ok(mut walk) = repo.revwalk() else {
        return out;
    };
    if walk.push(head).is_err() || walk.hide(base).is_err() {
        return out;
    }
    for id in walk.flatten() {
        out.insert(history::record::hex(&id.as_bytes()[..4]));
    }
    out
}
