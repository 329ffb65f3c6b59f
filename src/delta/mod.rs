//! `planner diff`: what a change does to the monolith's coupling. Two
//! revisions are analysed (see `revisions.rs` for how cheaply), compared
//! (`compare.rs`), checked against history (`cochange.rs`) and against the
//! policies of `planner.toml` (`policy.rs`).

pub mod cochange;
pub mod compare;
pub mod policy;
pub mod revisions;

use crate::analysis::ToolInfo;
use crate::scan::revision::ChangeStatus;
use crate::schema::AccessMode;
use crate::warnings::Warning;
use serde::{Deserialize, Serialize};

pub use policy::{Baseline, PolicyConfig};

/// Bump when the meaning of a field of [`Report`] changes.
pub const REPORT_VERSION: u32 = 1;

/// `[diff]` in planner.toml: what `planner diff` reports, beyond policies.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DiffConfig {
    /// A file not in the change is an expected co-change when its coupling
    /// degree (percent, code-maat's formula) with a changed file is at least
    /// this.
    pub cochange_min_degree: u32,
    /// … and the two changed together in at least this many changesets.
    pub cochange_min_shared: usize,
}

impl Default for DiffConfig {
    fn default() -> Self {
        Self {
            cochange_min_degree: 50,
            cochange_min_shared: 5,
        }
    }
}

/// Everything `planner diff` found; the JSON output is this struct.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub tool: ToolInfo,
    pub repo: String,
    /// The analysed directory inside the git work tree (`sub/dir/`), when it
    /// is not the top: every path in the report is relative to it.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub root: String,
    pub base: RevisionInfo,
    pub head: RevisionInfo,
    /// Every path that differs, with the module it belongs to (at the head,
    /// or at the base for deleted files) when it is analysed source.
    pub changed_files: Vec<ChangedFile>,
    /// Modules with changed files, and how their difficulty moved.
    pub modules: Vec<TouchedModule>,
    /// Imports between files of different modules that the head has and the
    /// base has not.
    pub edges_added: Vec<CrossEdge>,
    /// … and the other way round (lines are the base's).
    pub edges_removed: Vec<CrossEdge>,
    /// Module dependencies (from → to) the base did not have at all.
    pub module_edges_added: Vec<ModulePair>,
    /// Module cycles at the head that no cycle of the base contains.
    pub new_cycles: Vec<NewCycle>,
    /// Declared foreign keys between tables of different modules, new at the head.
    pub foreign_keys_added: Vec<CrossKey>,
    /// A module reaching another module's table in a way the base did not.
    pub table_access_added: Vec<NewAccess>,
    /// Files that usually change with a changed file but are not in this change.
    pub missing_cochanges: Vec<MissingCoChange>,
    /// Policy violations that fail the check.
    pub violations: Vec<policy::Violation>,
    /// Violations present but accepted (by the baseline file, or present at
    /// the base already when there is no baseline file).
    pub accepted_violations: usize,
    /// Baseline entries no longer violated: they fail the check until removed.
    pub stale_baseline: Vec<policy::BaselineEntry>,
    /// No violation and no stale baseline entry.
    pub passed: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RevisionInfo {
    /// As given (`origin/main`, `HEAD~3`), or `working tree`.
    pub spec: String,
    /// The commit, full hex; for the working tree, the commit it sits on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChangedFile {
    pub path: String,
    pub status: ChangeStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub module: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TouchedModule {
    pub module: String,
    pub files_changed: usize,
    /// Difficulty (0..1) at the base; absent for a module new at the head or
    /// one that is support code (tests, scripts) and not a candidate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub difficulty_before: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub difficulty_after: Option<f64>,
    /// after − before, rounded to 3 places.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub difficulty_change: Option<f64>,
}

/// An import from a file of one module into a file of another.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct CrossEdge {
    pub from: String,
    pub to: String,
    pub from_module: String,
    pub to_module: String,
    pub kind: String,
    /// 1-based lines in `from`.
    pub lines: Vec<usize>,
}

impl CrossEdge {
    pub fn line(&self) -> usize {
        self.lines.first().copied().unwrap_or(1)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ModulePair {
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NewCycle {
    /// The modules of the cycle, sorted.
    pub modules: Vec<String>,
    /// The cycle in order, from the module whose new import closes it back to
    /// that module (`a → b → … → a`): the shortest cycle through the new
    /// link. Empty when the cycle holds no new link (files moved between
    /// modules); then `modules` is the whole new tangle.
    pub path: Vec<String>,
    /// How many modules the tangle (strongly connected component) that now
    /// holds the cycle has.
    pub component_size: usize,
    /// The added imports that make the closing link, with file and line (or,
    /// without a path, every added import between the cycle's modules).
    pub added_edges: Vec<CrossEdge>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct CrossKey {
    pub from_table: String,
    pub from_columns: Vec<String>,
    pub to_table: String,
    pub from_module: String,
    pub to_module: String,
    /// Where the key is declared.
    pub file: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct NewAccess {
    pub module: String,
    pub table: String,
    /// The module that owns the table.
    pub owner: String,
    pub mode: AccessMode,
    pub file: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct MissingCoChange {
    /// The file left out of the change.
    pub file: String,
    /// The changed file it usually changes with (the strongest coupling).
    pub changed_with: String,
    /// Coupling degree in percent (code-maat).
    pub degree: u64,
    /// Changesets touching both.
    pub shared_revs: u64,
}
