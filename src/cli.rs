//! Every command and flag, defined and documented in one place.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "planner",
    version,
    about = "Tells a team how to take a monolith apart safely.",
    long_about = "planner reads a monolith's code, SQL schema and git history and answers the \
questions every migration plan starts from: which module is a leaf, which changes most, \
which tables it owns, and in what order to move them.\n\n\
It never runs code from the analysed repository and never writes into it unless --out \
points there.",
    after_help = "Exit codes: 0 ok, 1 a policy or check failed, 2 usage or input error.\n\
Start with:  planner analyze path/to/repo --out planner-out"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub global: GlobalArgs,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Do not print warnings or the summary on stderr.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Never draw a progress bar (it is only drawn on a terminal anyway).
    #[arg(long, global = true)]
    pub no_progress: bool,
    /// Configuration file [default: REPO/planner.toml].
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyse a repository and write analysis.json, report.md and context-map.md.
    Analyze(AnalyzeArgs),
    /// Print the dependency graph between files or modules.
    Graph(GraphArgs),
    /// Write a commented example planner.toml.
    Init(InitArgs),
    /// Tables, foreign keys, ownership and a foreign-key-ordered migration
    /// plan, read from SQL dumps, migrations and ORM models (no database).
    Schema(SchemaArgs),
}

#[derive(Debug, Args)]
pub struct RepoArg {
    /// The repository (or any source tree) to analyse.
    #[arg(default_value = ".", value_name = "REPO")]
    pub repo: PathBuf,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub repo: RepoArg,
    /// Directory to write the results to. Created if missing. planner refuses
    /// to default to a directory inside REPO; name it explicitly to allow that.
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphLevel {
    File,
    Module,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// `{"nodes":[{"id":…}],"edges":[{"from":…,"to":…,"kind":…}]}`
    Json,
    /// Graphviz.
    Dot,
    /// A Mermaid flowchart (cut to fit Mermaid's limits).
    Mermaid,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    #[command(flatten)]
    pub repo: RepoArg,
    /// Nodes are files or modules.
    #[arg(long, value_enum, default_value_t = GraphLevel::File)]
    pub level: GraphLevel,
    #[arg(long, value_enum, default_value_t = GraphFormat::Json)]
    pub format: GraphFormat,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    #[command(flatten)]
    pub repo: RepoArg,
    /// Print the example to stdout instead of writing REPO/planner.toml.
    #[arg(long)]
    pub stdout: bool,
    /// Overwrite an existing planner.toml.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaFormat {
    /// The schema section of analysis.json.
    Json,
    /// A Mermaid erDiagram (one module with --module, else every table, cut
    /// to fit Mermaid's limits).
    Mermaid,
    /// Tables, migration order, ownership and per-module ER diagrams.
    Markdown,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    #[command(flatten)]
    pub repo: RepoArg,
    #[arg(long, value_enum, default_value_t = SchemaFormat::Markdown)]
    pub format: SchemaFormat,
    /// SQL dialect for every .sql file, instead of detecting it per file:
    /// postgres, mysql, sqlite, generic, mssql, snowflake, redshift, bigquery,
    /// clickhouse, duckdb, hive, ansi, databricks, oracle.
    #[arg(long, value_name = "NAME")]
    pub dialect: Option<String>,
    /// With --format mermaid: draw only this module's tables (and the tables
    /// its foreign keys cross to).
    #[arg(long, value_name = "MODULE")]
    pub module: Option<String>,
}
