//! `planner.toml`: one small optional file at the repository root. Every key is
//! optional; unknown keys are an error, so a typo never silently does nothing.

use anyhow::{Context, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

pub const FILE_NAME: &str = "planner.toml";

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub scan: ScanConfig,
    pub modules: ModulesConfig,
    /// Globs that set a file's role (test, tooling, …) over the conventions.
    pub roles: RolesConfig,
    pub python: PythonConfig,
    pub ruby: RubyConfig,
    pub javascript: JavaScriptConfig,
    pub history: crate::history::HistoryConfig,
    /// Weights of the extraction-candidate scores.
    pub score: crate::score::Weights,
    pub schema: crate::schema::SchemaConfig,
    /// How many candidates get a plan, an ADR and checklists.
    pub plan: crate::plan::PlanConfig,
    /// What `planner diff` reports beyond policies.
    pub diff: crate::delta::DiffConfig,
    /// Boundaries `planner diff` checks.
    pub policy: crate::delta::PolicyConfig,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScanConfig {
    /// Files larger than this many bytes are skipped.
    pub max_file_bytes: u64,
    /// Extra globs (gitignore syntax, relative to the root) to leave out.
    pub exclude: Vec<String>,
}

impl Default for ScanConfig {
    fn default() -> Self {
        Self {
            max_file_bytes: 1024 * 1024,
            exclude: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ModulesConfig {
    /// Directory depth used for files that no detector claims.
    pub depth: usize,
    /// Module name → globs. Declared modules win over detected ones; the first
    /// matching declaration (in name order) wins.
    pub declare: BTreeMap<String, Vec<String>>,
    /// Count imports made by test files in module coupling and cycles.
    pub include_tests: bool,
    /// Layer folders (an API or presentation layer split by domain, such as
    /// `saleor/graphql/order` beside `saleor/order`): a module inside one of
    /// these folders joins the sibling module of the same name, so a domain
    /// and its API layer form one vertical slice. Empty to turn it off.
    pub layers: Vec<String>,
    /// Where folders are technical layers (Rails `app/models`,
    /// `app/controllers`; Express `routes`, `models`), group files by the
    /// business capability they serve instead. Declared modules still win.
    pub discover: bool,
}

impl Default for ModulesConfig {
    fn default() -> Self {
        Self {
            depth: 2,
            declare: BTreeMap::new(),
            include_tests: false,
            layers: [
                "graphql",
                "api",
                "rest",
                "rest_api",
                "serializers",
                "views",
                "admin",
            ]
            .map(String::from)
            .to_vec(),
            discover: true,
        }
    }
}

/// `[roles]`: globs that give files a role, tried before the conventions.
/// Only production files make a module a candidate; the others are
/// evidence, attributed to the capability they exercise.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RolesConfig {
    pub production: Vec<String>,
    pub test: Vec<String>,
    pub tooling: Vec<String>,
    pub assets: Vec<String>,
    pub vendored: Vec<String>,
    pub generated: Vec<String>,
    pub docs: Vec<String>,
    pub migration: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PythonConfig {
    /// Source roots, relative to the repo. Empty means: infer them from the
    /// package layout (every directory that holds a top-level package).
    pub source_roots: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RubyConfig {
    /// Autoload roots, relative to the repo. Empty means: infer them as pks does
    /// (`app/*`, `app/*/concerns`, `lib`, and the same under engines and packs).
    pub autoload_roots: Vec<String>,
    /// Extra acronyms for camelizing paths (`api` → `API`), added to those read
    /// from `config/initializers/inflections.rb`.
    pub acronyms: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct JavaScriptConfig {
    /// tsconfig/jsconfig files to use, relative to the repo. Empty means: the
    /// nearest `tsconfig.json` or `jsconfig.json` above each file.
    pub tsconfig: Vec<String>,
}

impl Config {
    /// Reads `path` if it exists; a missing file is the default configuration.
    /// So is one that is not a regular file (a FIFO, a link to a device):
    /// planner never opens those, and the scan warns about them by name.
    pub fn load(path: &Path) -> Result<Self> {
        if !path.exists() || !crate::scan::read::is_regular(path) {
            return Ok(Self::default());
        }
        let text =
            crate::scan::read::read_regular_string(path, crate::scan::read::MAX_SMALL_FILE_BYTES)
                .with_context(|| format!("cannot read {}", path.display()))?;
        Self::parse(&text).with_context(|| format!("invalid {}", path.display()))
    }

    pub fn parse(text: &str) -> Result<Self> {
        Ok(toml::from_str(text)?)
    }
}

/// The commented example that `planner init` writes.
pub const EXAMPLE: &str = include_str!("../templates/planner.toml");

/// The `[name]` section of the example with every commented `key = value`
/// line uncommented, so tests can check the documented keys parse.
#[cfg(test)]
pub(crate) fn example_section(name: &str) -> String {
    let header = format!("[{name}]");
    let start = EXAMPLE.find(&header).unwrap_or(0);
    // This section only: up to the next table header.
    let end = EXAMPLE[start + 1..]
        .find("\n[")
        .map_or(EXAMPLE.len(), |i| start + 1 + i);
    EXAMPLE[start..end]
        .lines()
        .map(|l| {
            l.strip_prefix("# ")
                .filter(|r| r.contains(" = "))
                .unwrap_or(l)
        })
        .filter(|l| !l.starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n")
}
