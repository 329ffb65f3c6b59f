//! Per-file and per-module change metrics: revisions, churn, authors and
//! ownership, age and change rates, hotspots. A changeset counts once per
//! file and once per module.

use super::changesets::Changeset;
use super::dates::months_between;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy)]
pub struct MetricParams {
    /// "Now" for ages and recency: the newest changeset's time, so the
    /// output depends on the history only.
    pub now: i64,
    pub recent_days: u32,
    pub island_share: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileHistory {
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub module: Option<String>,
    pub revisions: u64,
    /// Lines added and deleted; `None` without line counts (or when a blob
    /// was missing for every change of the file).
    pub added: Option<u64>,
    pub deleted: Option<u64>,
    /// Some changes lacked line counts (a missing blob): `added` and
    /// `deleted` sum only the others.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub lines_partial: bool,
    pub authors: u64,
    /// The author with the most added lines (code-maat's main-dev), or with
    /// the most revisions when lines were not counted.
    pub main_dev: String,
    /// The main developer's share of added lines (or of revisions).
    pub main_dev_share: f64,
    /// 1 − Σ(aᵢ/n)² over authors' revisions.
    pub fragmentation: f64,
    pub knowledge_island: bool,
    pub first_change: i64,
    pub last_change: i64,
    pub age_months: u64,
    pub recent_revisions: u64,
    pub old_revisions: u64,
    /// Revisions per month in the recent window, and before it.
    pub recent_rate: f64,
    pub old_rate: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complexity: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub loc: Option<u64>,
    /// revisions × complexity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hotspot: Option<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ModuleHistory {
    pub module: String,
    /// Changesets touching the module, each counted once.
    pub revisions: u64,
    pub files_changed: u64,
    pub added: Option<u64>,
    pub deleted: Option<u64>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub lines_partial: bool,
    pub authors: u64,
    pub main_dev: String,
    pub main_dev_share: f64,
    pub fragmentation: f64,
    pub knowledge_island: bool,
    pub age_months: u64,
    pub recent_revisions: u64,
    pub old_revisions: u64,
    /// Share of the module's changesets (within the changeset cap) that also
    /// touch another module.
    pub cross_module_share: f64,
    /// Sum of its files' hotspot scores.
    pub hotspot: u64,
}

#[derive(Default)]
struct Acc {
    revisions: u64,
    added: u64,
    deleted: u64,
    lines_known: bool,
    lines_unknown: bool,
    /// author → (revisions, added lines)
    authors: BTreeMap<std::sync::Arc<str>, (u64, u64)>,
    first: i64,
    last: i64,
    recent: u64,
    old: u64,
}

impl Acc {
    fn add(&mut self, set: &Changeset, lines: Option<(u64, u64)>, recent_from: i64) {
        if self.revisions == 0 {
            self.first = set.time;
            self.last = set.time;
        }
        self.revisions += 1;
        self.first = self.first.min(set.time);
        self.last = self.last.max(set.time);
        if set.time >= recent_from {
            self.recent += 1;
        } else {
            self.old += 1;
        }
        let author = self.authors.entry(set.author.clone()).or_insert((0, 0));
        author.0 += 1;
        match lines {
            Some((a, d)) => {
                self.lines_known = true;
                self.added += a;
                self.deleted += d;
                author.1 += a;
            }
            None => self.lines_unknown = true,
        }
    }

    fn ownership(&self, island_share: f64) -> Ownership {
        let by_lines = self.lines_known && self.added > 0;
        let total = if by_lines { self.added } else { self.revisions };
        // Most work first; ties go to the alphabetically first name.
        let main = self
            .authors
            .iter()
            .map(|(name, (revs, added))| (name, if by_lines { *added } else { *revs }))
            .fold(
                None::<(&std::sync::Arc<str>, u64)>,
                |best, (name, w)| match best {
                    Some((_, bw)) if bw >= w => best,
                    _ => Some((name, w)),
                },
            );
        let (main_dev, share) = match main {
            Some((name, w)) if total > 0 => (name.to_string(), w as f64 / total as f64),
            _ => (String::new(), 0.0),
        };
        let n = self.revisions.max(1) as f64;
        let fragmentation = 1.0
            - self
                .authors
                .values()
                .map(|(revs, _)| (*revs as f64 / n).powi(2))
                .sum::<f64>();
        Ownership {
            main_dev,
            share: round4(share),
            fragmentation: round4(fragmentation.max(0.0)),
            island: share > island_share,
        }
    }

    fn lines(&self) -> (Option<u64>, Option<u64>) {
        if self.lines_known {
            (Some(self.added), Some(self.deleted))
        } else {
            (None, None)
        }
    }
}

struct Ownership {
    main_dev: String,
    share: f64,
    fragmentation: f64,
    island: bool,
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Static facts about a current file: (complexity, loc).
pub type StaticFacts = BTreeMap<String, (u64, u64)>;

/// Per-file metrics for the files `keep` accepts, sorted by path.
pub fn file_metrics(
    changesets: &[Changeset],
    params: &MetricParams,
    keep: &dyn Fn(&str) -> bool,
    module_of: &dyn Fn(&str) -> Option<String>,
    statics: &StaticFacts,
) -> Vec<FileHistory> {
    let recent_from = params.now - i64::from(params.recent_days) * 86_400;
    let mut accs: BTreeMap<&str, Acc> = BTreeMap::new();
    for set in changesets {
        for f in &set.files {
            if keep(&f.path) {
                accs.entry(&*f.path)
                    .or_default()
                    .add(set, f.lines, recent_from);
            }
        }
    }
    accs.into_iter()
        .map(|(path, acc)| {
            let own = acc.ownership(params.island_share);
            let (added, deleted) = acc.lines();
            let (recent_rate, old_rate) = rates(&acc, params, recent_from);
            let facts = statics.get(path).copied();
            FileHistory {
                path: path.to_string(),
                module: module_of(path),
                revisions: acc.revisions,
                added,
                deleted,
                lines_partial: acc.lines_known && acc.lines_unknown,
                authors: acc.authors.len() as u64,
                main_dev: own.main_dev,
                main_dev_share: own.share,
                fragmentation: own.fragmentation,
                knowledge_island: own.island,
                first_change: acc.first,
                last_change: acc.last,
                age_months: months_between(acc.last, params.now),
                recent_revisions: acc.recent,
                old_revisions: acc.old,
                recent_rate,
                old_rate,
                complexity: facts.map(|(c, _)| c),
                loc: facts.map(|(_, l)| l),
                hotspot: facts.map(|(c, _)| c * acc.revisions),
            }
        })
        .collect()
}

/// Revisions per month inside the recent window and before it.
fn rates(acc: &Acc, params: &MetricParams, recent_from: i64) -> (f64, f64) {
    let month = 30.436_875 * 86_400.0;
    let recent_months = (f64::from(params.recent_days) * 86_400.0 / month).max(1.0 / 30.0);
    let old_span = (recent_from - acc.first).max(0) as f64 / month;
    let old_rate = if acc.old == 0 {
        0.0
    } else {
        acc.old as f64 / old_span.max(1.0)
    };
    (round4(acc.recent as f64 / recent_months), round4(old_rate))
}

/// Per-module metrics over current files with a module, sorted by name.
pub fn module_metrics(
    changesets: &[Changeset],
    params: &MetricParams,
    module_of: &dyn Fn(&str) -> Option<String>,
    files: &[FileHistory],
    cross: &BTreeMap<String, super::coupling::ModuleCoChangeTotals>,
) -> Vec<ModuleHistory> {
    let recent_from = params.now - i64::from(params.recent_days) * 86_400;
    let mut accs: BTreeMap<String, Acc> = BTreeMap::new();
    for set in changesets {
        let mut per_module: BTreeMap<String, Option<(u64, u64)>> = BTreeMap::new();
        for f in &set.files {
            let Some(m) = module_of(&f.path) else {
                continue;
            };
            let entry = per_module.entry(m).or_insert(Some((0, 0)));
            *entry = match (*entry, f.lines) {
                (Some((a0, d0)), Some((a, d))) => Some((a0 + a, d0 + d)),
                _ => None,
            };
        }
        for (m, lines) in per_module {
            accs.entry(m).or_default().add(set, lines, recent_from);
        }
    }
    let mut hotspots: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    for f in files {
        if let Some(m) = &f.module {
            let e = hotspots.entry(m.as_str()).or_default();
            e.0 += f.hotspot.unwrap_or(0);
            e.1 += 1;
        }
    }
    accs.into_iter()
        .map(|(module, acc)| {
            let own = acc.ownership(params.island_share);
            let (added, deleted) = acc.lines();
            let cross_share = cross
                .get(&module)
                .filter(|t| t.changesets > 0)
                .map_or(0.0, |t| round4(t.cross_module as f64 / t.changesets as f64));
            let (hotspot, files_changed) =
                hotspots.get(module.as_str()).copied().unwrap_or_default();
            ModuleHistory {
                revisions: acc.revisions,
                files_changed,
                added,
                deleted,
                lines_partial: acc.lines_known && acc.lines_unknown,
                authors: acc.authors.len() as u64,
                main_dev: own.main_dev,
                main_dev_share: own.share,
                fragmentation: own.fragmentation,
                knowledge_island: own.island,
                age_months: months_between(acc.last, params.now),
                recent_revisions: acc.recent,
                old_revisions: acc.old,
                cross_module_share: cross_share,
                hotspot,
                module,
            }
        })
        .collect()
}
