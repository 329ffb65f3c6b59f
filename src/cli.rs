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
    after_help = "Main flags (`planner COMMAND --help` lists them all):\n  \
analyze REPO --out DIR [--since DATE] [--map-limit N] [--no-cache]\n  \
graph REPO --level file|module --format json|dot|mermaid [--focus MODULE]\n  \
candidates REPO --format markdown|json [--top N]\n  \
history REPO --analysis coupling|revisions|hotspots|… --format csv|json\n  \
schema REPO --format json|markdown|mermaid [--dialect NAME] [--module M]\n  \
inventory REPO --format json|markdown [--module M]\n  \
diff REPO --base REF [--head REF] [--format markdown|json|sarif] [--update-baseline]\n  \
map REPO --check DIR | --write DIR [--all] [--history]\n  \
adr|dor|dod MODULE REPO [--write]      init REPO [--stdout] [--force]\n  \
templates [--write DIR]\n\n\
Exit codes: 0 ok, 1 a policy or check failed, 2 usage or input error.\n\
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
    /// Directory of minijinja templates overriding the built-in ones, by file
    /// name (e.g. DIR/adr.md.j2). Print the built-ins with `planner templates`.
    #[arg(long, global = true, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyse a repository and write analysis.json, report.md, context-map.md,
    /// ER diagrams, and an ADR draft with Definition of Ready and Done checklists
    /// for each top extraction candidate.
    Analyze(AnalyzeArgs),
    /// Print the dependency graph between files or modules.
    Graph(GraphArgs),
    /// Rank modules as extraction candidates, with the reasons behind each rank.
    Candidates(CandidatesArgs),
    /// Write planner.toml: every option, commented, and the modules planner
    /// finds (business capabilities, units, the shared kernel) as
    /// [modules.declare] globs to rename, merge and commit.
    Init(InitArgs),
    /// Mine git history: change frequency, churn, coupling, ownership, age,
    /// hotspots (CSV with code-maat's columns, or JSON).
    History(HistoryArgs),
    /// Tables, foreign keys, ownership and a foreign-key-ordered migration
    /// plan, read from SQL dumps, migrations and ORM models (no database).
    Schema(SchemaArgs),
    /// Draft the architecture decision record (MADR 4.0) for extracting one
    /// module, numbered after the ADRs already in the repository.
    Adr(AdrArgs),
    /// Print the Definition of Ready checklist for extracting one module.
    Dor(PlanDocArgs),
    /// Print the Definition of Done checklist for extracting one module.
    Dod(PlanDocArgs),
    /// Print the built-in templates, or write them to a directory to edit and
    /// pass back with --templates DIR.
    Templates(TemplatesArgs),
    /// Each module's HTTP endpoints, background jobs, schedules, events and
    /// tables: the boundary map a migration starts from, read statically.
    #[command(
        long_about = "Each module's HTTP endpoints, background jobs, schedules, events and \
tables: the boundary map a migration starts from (\"payments/ → 23 tables, 15 endpoints, 3 \
jobs\").\n\n\
Routes are read statically, never by running the app: Django urls.py (include() and DRF \
routers), Flask and FastAPI decorators, Rails config/routes.rb, Express and Koa routers, \
Next.js file-system routes, graphene GraphQL root fields, and NestJS controllers and \
GraphQL resolvers (global prefix and URI versioning joined). Jobs: Celery tasks and beat, \
Sidekiq, ActiveJob, whenever, sidekiq-cron and solid_queue schedules, Bull/BullMQ, node cron \
libraries, NestJS processors and @nestjs/schedule. Events: publish/consume calls with a \
literal name (Kafka, RabbitMQ, ActiveSupport::Notifications, domain events), NestJS \
@EventPattern/@MessagePattern/@OnEvent handlers.\n\n\
Whatever cannot be read without running the code (paths built in loops, metaprogramming, \
syntax errors) is listed as unresolved with its file and line. Git history is not mined."
    )]
    Inventory(InventoryArgs),
    /// What a change does to coupling, for a pull request: imports across
    /// modules added and removed, new cycles, cross-module foreign keys and
    /// table reads, expected co-changes left out, difficulty moves; checks
    /// the [policy] of planner.toml (exit 1 when violated).
    Diff(DiffArgs),
    /// Keep committed documents (context map, candidates, ER diagrams) in
    /// step with the code: --check fails with a diff when they are stale,
    /// --write regenerates them.
    Map(MapArgs),
}

#[derive(Debug, Args)]
pub struct PlanDocArgs {
    /// The module, as named in `planner candidates` (e.g. shop/notifications).
    #[arg(value_name = "MODULE")]
    pub module: String,
    #[command(flatten)]
    pub repo: RepoArg,
}

#[derive(Debug, Args)]
pub struct AdrArgs {
    #[command(flatten)]
    pub doc: PlanDocArgs,
    /// The ADR directory, for numbering (adr-tools: the highest number + 1)
    /// [default: the directory named in REPO/.adr-dir, else REPO/doc/adr].
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Write NNNN-extract-MODULE.md into the ADR directory instead of
    /// printing it (this writes into the repository when the directory is there).
    #[arg(long)]
    pub write: bool,
}

#[derive(Debug, Args)]
pub struct TemplatesArgs {
    /// Write every built-in template as DIR/NAME.j2 instead of listing them.
    #[arg(long, value_name = "DIR")]
    pub write: Option<PathBuf>,
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
    /// Only commits authored on or after this day (YYYY-MM-DD, UTC) count in
    /// the history section; older commits are not even diffed.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Neither read nor write the history cache.
    #[arg(long)]
    pub no_cache: bool,
    /// Where the history cache lives [default: $XDG_CACHE_HOME/planner/history
    /// or ~/.cache/planner/history].
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// context-map.md shows at most N modules: the top candidates, their
    /// closest neighbours, then the busiest of the rest (0: no limit).
    #[arg(long, value_name = "N", default_value_t = crate::render::context_map::DEFAULT_LIMIT)]
    pub map_limit: usize,
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
    /// Only this module, its direct neighbours and the links between it and
    /// them (with --level module).
    #[arg(long, value_name = "MODULE")]
    pub focus: Option<String>,
    /// The Mermaid module map shows at most N modules (0: no limit).
    #[arg(long, value_name = "N", default_value_t = crate::render::context_map::DEFAULT_LIMIT)]
    pub map_limit: usize,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    #[command(flatten)]
    pub repo: RepoArg,
    /// Print the commented example (without the modules found) to stdout
    /// instead of writing REPO/planner.toml.
    #[arg(long)]
    pub stdout: bool,
    /// Overwrite an existing planner.toml.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HistoryAnalysis {
    /// Revisions per file (code-maat `revisions`: entity,n-revs).
    Revisions,
    /// Co-change coupling between files (code-maat `coupling`:
    /// entity,coupled,degree,average-revs).
    Coupling,
    /// Sum of coupling per file (code-maat `soc`: entity,soc).
    Soc,
    /// Authors, main developer, fragmentation and knowledge islands per file.
    Authors,
    /// Months since the last change, and recent versus old change rates.
    Age,
    /// Lines added and deleted per file (turns --line-counts on).
    Churn,
    /// Revisions × complexity from the tree-sitter parse (runs the static
    /// analysis too).
    Hotspots,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HistoryFormat {
    Csv,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HistoryGroupBy {
    /// One commit, one changeset.
    Commit,
    /// Commits naming the same ticket id ([history] ticket_pattern).
    Ticket,
    /// One author's commits on one day.
    AuthorDay,
}

/// Flags override `[history]` in planner.toml.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    #[command(flatten)]
    pub repo: RepoArg,
    /// What to compute.
    #[arg(short, long, value_enum, default_value_t = HistoryAnalysis::Revisions)]
    pub analysis: HistoryAnalysis,
    /// CSV (code-maat's columns for coupling, revisions, soc and churn) or
    /// JSON (an array of objects with the same fields).
    #[arg(long, value_enum, default_value_t = HistoryFormat::Csv)]
    pub format: HistoryFormat,
    /// Only commits authored on or after this day (YYYY-MM-DD, UTC); older
    /// commits are not even diffed.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only commits authored before this day (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Follow only the first parent of each commit (the mainline).
    #[arg(long)]
    pub first_parent: bool,
    /// Count merge commits too, diffed against their first parent (left out
    /// by default, as `git log` shows them without files).
    #[arg(long)]
    pub include_merges: bool,
    /// Do not follow renames; deleted and renamed-away files stay in the
    /// results, as in code-maat with `git log --no-renames`.
    #[arg(long)]
    pub no_renames: bool,
    /// Leave out changesets touching more files than this [default: 30].
    #[arg(long, value_name = "N")]
    pub max_changeset_size: Option<usize>,
    /// Coupling: minimum average revisions of a pair [default: 5].
    #[arg(long, value_name = "N")]
    pub min_revs: Option<usize>,
    /// Coupling: minimum shared revisions of a pair [default: 5].
    #[arg(long, value_name = "N")]
    pub min_shared_revs: Option<usize>,
    /// Coupling: minimum degree in percent [default: 30].
    #[arg(long, value_name = "PERCENT")]
    pub min_coupling: Option<u32>,
    /// Coupling: maximum degree in percent [default: 100].
    #[arg(long, value_name = "PERCENT")]
    pub max_coupling: Option<u32>,
    /// Count added and deleted lines (reads blobs; slower).
    #[arg(long)]
    pub line_counts: bool,
    /// Group commits into logical changesets.
    #[arg(long, value_enum, value_name = "HOW")]
    pub group_by: Option<HistoryGroupBy>,
    /// Ignore every [history] path and author exclude, built-in and
    /// configured (for a like-for-like comparison with code-maat).
    #[arg(long)]
    pub no_excludes: bool,
    /// Neither read nor write the history cache.
    #[arg(long)]
    pub no_cache: bool,
    /// Where the history cache lives [default: $XDG_CACHE_HOME/planner/history
    /// or ~/.cache/planner/history].
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CandidatesFormat {
    Json,
    Markdown,
}

#[derive(Debug, Args)]
pub struct CandidatesArgs {
    #[command(flatten)]
    pub repo: RepoArg,
    #[arg(long, value_enum, default_value_t = CandidatesFormat::Markdown)]
    pub format: CandidatesFormat,
    /// How many candidates to list in Markdown (JSON always has all).
    #[arg(long, default_value_t = 20)]
    pub top: usize,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InventoryFormat {
    /// The inventory section of analysis.json.
    Json,
    /// The per-module table, then every endpoint, job, event and unresolved item.
    Markdown,
}

#[derive(Debug, Args)]
pub struct InventoryArgs {
    #[command(flatten)]
    pub repo: RepoArg,
    #[arg(long, value_enum, default_value_t = InventoryFormat::Markdown)]
    pub format: InventoryFormat,
    /// Only this module's endpoints, jobs and events. JSON keeps only its row
    /// of the module table; Markdown keeps the whole table. Unresolved items
    /// are always all listed.
    #[arg(long, value_name = "MODULE")]
    pub module: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Sized for a pull-request comment: a summary, a small Mermaid diagram
    /// and collapsible details.
    Markdown,
    /// The whole report.
    Json,
    /// SARIF 2.1.0, for code scanning annotations (GitHub, GitLab).
    Sarif,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    #[command(flatten)]
    pub repo: RepoArg,
    /// The revision the change starts from (the pull request's base, e.g.
    /// origin/main). Read from git objects; nothing is checked out.
    #[arg(long, value_name = "REF")]
    pub base: String,
    /// The revision under review [default: the working tree, as it is,
    /// uncommitted changes included].
    #[arg(long, value_name = "REF")]
    pub head: Option<String>,
    /// The format printed on stdout.
    #[arg(long, value_enum, default_value_t = DiffFormat::Markdown)]
    pub format: DiffFormat,
    /// Also write the Markdown report to FILE.
    #[arg(long, value_name = "FILE")]
    pub markdown_out: Option<PathBuf>,
    /// Also write the JSON report to FILE.
    #[arg(long, value_name = "FILE")]
    pub json_out: Option<PathBuf>,
    /// Also write the SARIF report to FILE.
    #[arg(long, value_name = "FILE")]
    pub sarif_out: Option<PathBuf>,
    /// Write the head's current policy violations to the baseline file
    /// ([policy] baseline) and exit 0: accept what exists today.
    #[arg(long)]
    pub update_baseline: bool,
    /// Neither read nor write the history cache.
    #[arg(long)]
    pub no_cache: bool,
    /// Where the history cache lives [default: $XDG_CACHE_HOME/planner/history
    /// or ~/.cache/planner/history].
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("mode").required(true).args(["check", "write"])))]
pub struct MapArgs {
    #[command(flatten)]
    pub repo: RepoArg,
    /// Compare the documents in DIR (e.g. docs/architecture) with what
    /// planner generates now; exit 1 with a unified diff when any is stale,
    /// missing or no longer generated.
    #[arg(long, value_name = "DIR")]
    pub check: Option<PathBuf>,
    /// Regenerate the documents in DIR, removing ones no longer generated.
    #[arg(long, value_name = "DIR")]
    pub write: Option<PathBuf>,
    /// Every generated document (analysis.json, report.md, …), not only the
    /// map set: context-map.md, candidates.md and er/*.md.
    #[arg(long)]
    pub all: bool,
    /// Include git history (value scores, co-change). Off by default: then
    /// the documents depend on the files alone, so a new commit that
    /// changes no code does not make them stale.
    #[arg(long)]
    pub history: bool,
    /// The name the documents give the repository [default: the directory's
    /// name], so that checkouts in differently named directories agree.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// context-map.md shows at most N modules (0: no limit).
    #[arg(long, value_name = "N", default_value_t = crate::render::context_map::DEFAULT_LIMIT)]
    pub map_limit: usize,
    /// context-map.md shows only this module and its direct neighbours.
    #[arg(long, value_name = "MODULE")]
    pub focus: Option<String>,
}
