//! `Analysis`: the one plain-data result every renderer reads. The JSON output of
//! `planner analyze` is this struct serialised; bump `SCHEMA_VERSION` whenever the
//! meaning of a field changes.

use crate::warnings::Warning;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const SCHEMA_VERSION: u32 = 3;

#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub schema_version: u32,
    pub tool: ToolInfo,
    /// The repository's directory name; never an absolute path, so output is
    /// the same on every machine.
    pub repo: String,
    pub scan: ScanSummary,
    pub imports: ImportStats,
    pub files: Vec<FileNode>,
    pub edges: Vec<FileEdge>,
    pub modules: Vec<ModuleInfo>,
    pub module_edges: Vec<ModuleEdge>,
    pub cycles: Vec<Cycle>,
    /// Git history metrics; `None` when there is no history (see `notes`).
    pub history: Option<crate::history::HistorySection>,
    /// Facts about the run that are not problems in a file (e.g. "no git
    /// history").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Modules ranked as extraction candidates, with the reasons.
    pub candidates: crate::score::Ranking,
    /// Tables, foreign keys, ownership and access; absent when the repository
    /// holds no schema planner can read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<crate::schema::SchemaSection>,
    /// Extraction plans for the top candidates (`[plan] top`): integration
    /// approach, data strategy, callers to redirect.
    pub plans: Vec<crate::plan::Plan>,
    /// Each module's HTTP endpoints, background jobs, schedules, events and
    /// tables; `None` only when the stage could not run.
    pub inventory: Option<crate::inventory::Inventory>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ToolInfo {
    pub name: String,
    pub version: String,
}

impl Analysis {
    /// Names of the support modules (tests, migrations, settings, scripts,
    /// framework plumbing): not candidates, and not "calls back" when a
    /// module imports them.
    pub fn support_modules(&self) -> std::collections::BTreeSet<&str> {
        self.modules
            .iter()
            .filter(|m| m.support)
            .map(|m| m.name.as_str())
            .collect()
    }
}

impl Default for ToolInfo {
    fn default() -> Self {
        Self {
            name: "planner".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Python,
    Ruby,
    JavaScript,
    TypeScript,
}

impl Language {
    pub fn name(self) -> &'static str {
        match self {
            Language::Python => "python",
            Language::Ruby => "ruby",
            Language::JavaScript => "javascript",
            Language::TypeScript => "typescript",
        }
    }
}

/// What the scan saw and what it skipped, with reasons.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ScanSummary {
    pub files_seen: usize,
    pub files_analysed: usize,
    pub by_language: BTreeMap<String, usize>,
    /// Skip reason (`vendored`, `generated`, `minified`, `binary`, `too_large`,
    /// `symlink`, `excluded`, `non_utf8_path`) → number of files.
    pub skipped: BTreeMap<String, usize>,
}

/// How every import or reference found in code ended up.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportStats {
    /// Language → counts.
    pub by_language: BTreeMap<String, ResolutionCounts>,
    /// The most frequent external targets (packages, gems, core constants).
    pub top_external: Vec<NameCount>,
    /// The most frequent internal-looking targets that matched no file.
    pub top_unresolved: Vec<NameCount>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ResolutionCounts {
    /// Resolved to a file of this repository.
    pub internal: usize,
    /// Left the repository: standard library, third-party package, gem.
    pub external: usize,
    /// Looked internal but matched no file.
    pub unresolved: usize,
    /// Resolved to a repository file that is not analysed (an asset, JSON, or
    /// a skipped file), so it has no node in the graph.
    pub non_source: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct NameCount {
    pub name: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileNode {
    /// Path relative to the repository root, `/`-separated.
    pub id: String,
    pub language: Language,
    pub module: String,
    /// Non-blank lines.
    pub loc: usize,
    /// 1 + decision points (if, loops, boolean operators, …) in the file.
    pub complexity: usize,
    /// A test file (`tests/`, `spec/`, `test_*.py`, `*.test.ts`, `*_spec.rb`, …).
    /// Its imports stay in the file graph but, by default, not in module metrics.
    pub test: bool,
    /// What the file is: production code, or evidence about it (test,
    /// tooling, assets, vendored, generated, docs, migration).
    pub role: crate::model::FileRole,
    /// Why the file is in its module, when capability discovery placed it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub placed_by: Option<String>,
    /// How sure that placement is, 0..1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
}

/// How one file depends on another.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// A plain import (Python `import`/`from … import`, ESM `import`).
    #[default]
    Import,
    /// A Python import under `if TYPE_CHECKING:`; gone at run time.
    TypeChecking,
    /// A TypeScript `import type` / `export type`; erased at run time.
    TypeOnly,
    /// ESM `export … from`.
    Reexport,
    /// CommonJS `require('…')` or Ruby `require '…'`.
    Require,
    /// Ruby `require_relative '…'`.
    RequireRelative,
    /// `import('literal')` or `importlib.import_module('literal')`.
    DynamicImport,
    /// A Ruby constant reference resolved through Zeitwerk paths and lexical scope.
    Constant,
    /// A Rails association macro (`has_many :orders`) naming a model.
    Association,
}

impl EdgeKind {
    pub fn name(self) -> &'static str {
        match self {
            EdgeKind::Import => "import",
            EdgeKind::TypeChecking => "type_checking",
            EdgeKind::TypeOnly => "type_only",
            EdgeKind::Reexport => "reexport",
            EdgeKind::Require => "require",
            EdgeKind::RequireRelative => "require_relative",
            EdgeKind::DynamicImport => "dynamic_import",
            EdgeKind::Constant => "constant",
            EdgeKind::Association => "association",
        }
    }
}

/// All occurrences of one (from, to, kind) dependency.
#[derive(Debug, Clone, Serialize)]
pub struct FileEdge {
    pub from: String,
    pub to: String,
    pub kind: EdgeKind,
    /// 1-based lines in `from`, ascending.
    pub lines: Vec<usize>,
    /// Names used from `to` (imported names, constants), sorted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub symbols: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ModuleKind {
    /// Declared in `planner.toml`.
    Declared,
    DjangoApp,
    PythonPackage,
    PackwerkPack,
    RailsEngine,
    RailsNamespace,
    RailsLayer,
    WorkspacePackage,
    /// A NestJS feature module (`team/team.module.ts`).
    FeatureModule,
    /// What stays in an API layer folder once its domain packages joined
    /// their domains (`[modules] layers`): the front door, support code.
    Layer,
    SourceFolder,
    Directory,
    /// Found by capability discovery in a layered tree: the files about one
    /// group of business entities, across layers.
    Capability,
    /// Code that many capabilities use and none owns: reported, not ranked.
    SharedKernel,
}

#[derive(Debug, Clone, Serialize)]
pub struct ModuleInfo {
    pub name: String,
    pub kind: ModuleKind,
    /// The directory the module was found at (repo-relative), or the first glob.
    pub root: String,
    pub files: usize,
    pub loc: usize,
    /// Afferent coupling: modules that depend on this one.
    pub ca: usize,
    /// Efferent coupling: modules this one depends on.
    pub ce: usize,
    /// Ce / (Ca + Ce), 0 when both are 0.
    pub instability: f64,
    /// Distinct symbols other modules use from this one.
    pub api_surface: usize,
    /// The most used of those symbols, most used first.
    pub top_symbols: Vec<NameCount>,
    /// Import occurrences from other modules into this one.
    pub imports_in: usize,
    /// Import occurrences from this module into others.
    pub imports_out: usize,
    /// Tests, migrations, scripts, configuration or type stubs: code that
    /// supports the system rather than being a capability one could extract.
    pub support: bool,
    /// Index into `Analysis::cycles`, when the module sits in one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cycle: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ModuleEdge {
    pub from: String,
    pub to: String,
    /// Import occurrences (one per line that imports).
    pub imports: usize,
    /// Distinct (file, file) pairs.
    pub file_edges: usize,
    pub kinds: BTreeMap<String, usize>,
}

/// A strongly connected group of modules, and the edges whose removal would
/// make it acyclic (the lightest ones first).
#[derive(Debug, Clone, Serialize)]
pub struct Cycle {
    pub modules: Vec<String>,
    pub cut: Vec<CutEdge>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CutEdge {
    pub from: String,
    pub to: String,
    pub imports: usize,
    /// Edge kind → occurrences, so a reader sees when a link is only
    /// type-checking or type-only imports (cheap to cut).
    pub kinds: BTreeMap<String, usize>,
}
