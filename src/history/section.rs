//! The history part of `analysis.json`: a summary and the top of each list,
//! so the file stays readable; `planner history` prints the full lists.

use super::coupling::{CouplingRow, ModuleCoChange};
use super::metrics::{FileHistory, ModuleHistory};
use super::{History, Request, Results};
use serde::Serialize;

const TOP: usize = 30;

#[derive(Debug, Clone, Serialize)]
pub struct HistorySection {
    /// The commit mined to.
    pub tip: String,
    /// The newest mined change's day (UTC, YYYY-MM-DD): the "as of" date of
    /// documents, so they do not change from one day to the next.
    pub tip_date: String,
    /// True when history is cut short (a shallow clone).
    pub partial: bool,
    pub commits_walked: usize,
    pub commits_used: usize,
    pub changesets: usize,
    pub merges_skipped: usize,
    pub bot_commits_skipped: usize,
    pub settings: Settings,
    /// Files by revisions, most changed first.
    pub top_files: Vec<FileHistory>,
    /// Files by hotspot score (revisions × complexity).
    pub hotspots: Vec<FileHistory>,
    /// Files whose main developer did more than the island share of the work.
    pub knowledge_islands: Vec<FileHistory>,
    pub modules: Vec<ModuleHistory>,
    /// Module pairs that change together, most shared changesets first: the
    /// strongest pairs overall and each module's three strongest partners.
    pub module_cochange: Vec<ModuleCoChange>,
    /// The strongest file couplings (code-maat's thresholds).
    pub coupling: Vec<CouplingRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Settings {
    pub renames: bool,
    pub first_parent: bool,
    pub include_merges: bool,
    pub line_counts: bool,
    pub max_changeset_size: usize,
    pub min_revs: usize,
    pub min_shared_revs: usize,
    pub min_coupling: u32,
    pub max_coupling: u32,
    pub group_by: String,
    /// The window, in days, that "recent" changes fall in.
    pub recent_days: u32,
}

pub fn build(history: &History, request: &Request, results: Results) -> HistorySection {
    let c = &request.config;
    let mut top_files = results.files.clone();
    top_files.sort_by(|a, b| {
        b.revisions
            .cmp(&a.revisions)
            .then_with(|| a.path.cmp(&b.path))
    });
    top_files.truncate(TOP);
    let mut hotspots: Vec<FileHistory> = results
        .files
        .iter()
        .filter(|f| f.hotspot.is_some())
        .cloned()
        .collect();
    hotspots.sort_by(|a, b| b.hotspot.cmp(&a.hotspot).then_with(|| a.path.cmp(&b.path)));
    hotspots.truncate(TOP);
    let mut islands: Vec<FileHistory> = results
        .files
        .iter()
        .filter(|f| f.knowledge_island && f.revisions >= c.min_revs as u64)
        .cloned()
        .collect();
    islands.sort_by(|a, b| {
        b.revisions
            .cmp(&a.revisions)
            .then_with(|| a.path.cmp(&b.path))
    });
    islands.truncate(TOP);
    let module_cochange = strongest_pairs(results.module_cochange);
    let mut coupling = results.coupling;
    coupling.truncate(TOP);
    HistorySection {
        tip: history.mined.tip.clone(),
        tip_date: {
            // HEAD's own date: what the ADR and checklists say "as of".
            let (y, m, d) = super::dates::civil_day(history.mined.tip_time);
            format!("{y:04}-{m:02}-{d:02}")
        },
        partial: history.mined.shallow,
        commits_walked: history.prepared.commits_seen,
        commits_used: history.prepared.commits_used,
        changesets: history.prepared.changesets.len(),
        merges_skipped: history.prepared.merges_skipped,
        bot_commits_skipped: history.prepared.bot_commits_skipped,
        settings: Settings {
            renames: c.renames,
            first_parent: c.first_parent,
            include_merges: c.include_merges,
            line_counts: c.line_counts,
            max_changeset_size: c.max_changeset_size,
            min_revs: c.min_revs,
            min_shared_revs: c.min_shared_revs,
            min_coupling: c.min_coupling,
            max_coupling: c.max_coupling,
            group_by: c.group_by.name().to_string(),
            recent_days: c.recent_days,
        },
        top_files,
        hotspots,
        knowledge_islands: islands,
        modules: results.modules,
        module_cochange,
        coupling,
    }
}

/// The `TOP` strongest pairs, plus each module's three strongest partners, in
/// the input's order (most shared changesets first).
fn strongest_pairs(pairs: Vec<ModuleCoChange>) -> Vec<ModuleCoChange> {
    let mut per_module: std::collections::BTreeMap<&str, usize> = Default::default();
    let keep: Vec<bool> = pairs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut under = false;
            for m in [p.module.as_str(), p.other.as_str()] {
                let n = per_module.entry(m).or_default();
                *n += 1;
                under |= *n <= 3;
            }
            i < TOP || under
        })
        .collect();
    pairs
        .into_iter()
        .zip(keep)
        .filter_map(|(p, k)| k.then_some(p))
        .collect()
}
