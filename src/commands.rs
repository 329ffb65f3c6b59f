//! What each subcommand does, from parsed flags to output.

use crate::app::{self, RunOptions};
use crate::cli::{
    AnalyzeArgs, CandidatesArgs, CandidatesFormat, Cli, Command, DiffArgs, DiffFormat, GlobalArgs,
    GraphArgs, InitArgs, InventoryArgs, InventoryFormat, MapArgs, SchemaArgs, SchemaFormat,
};
use crate::config::{self, Config};
use crate::render;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Analyze(args) => analyze(args, &cli.global),
        Command::Graph(args) => graph(args, &cli.global),
        Command::Init(args) => init(args),
        Command::Candidates(args) => candidates(args, &cli.global),
        Command::History(args) => crate::history::command::run(args, &cli.global),
        Command::Schema(args) => schema(args, &cli.global),
        Command::Adr(args) => crate::plan_commands::adr(args, &cli.global),
        Command::Dor(args) => crate::plan_commands::checklist(args, "dor.md", &cli.global),
        Command::Dod(args) => crate::plan_commands::checklist(args, "dod.md", &cli.global),
        Command::Templates(args) => crate::plan_commands::list_templates(args),
        Command::Inventory(args) => inventory(args, &cli.global),
        Command::Diff(args) => diff(args, &cli.global),
        Command::Map(args) => map(args, &cli.global),
    }
}

pub(crate) fn load_config(repo: &Path, global: &GlobalArgs) -> Result<Config> {
    if !repo.is_dir() {
        bail!(
            "{} is not a directory; pass the repository to analyse",
            repo.display()
        );
    }
    let path = global
        .config
        .clone()
        .unwrap_or_else(|| repo.join(config::FILE_NAME));
    if global.config.is_some() && !path.exists() {
        bail!("config file {} does not exist", path.display());
    }
    if global.config.is_some() && !crate::scan::read::is_regular(&path) {
        bail!("config file {} is not a regular file", path.display());
    }
    Config::load(&path)
}

/// The template environment, with `--templates DIR` overrides applied.
pub(crate) fn templates(global: &GlobalArgs) -> Result<minijinja::Environment<'static>> {
    if let Some(dir) = &global.templates {
        if !dir.is_dir() {
            bail!("--templates {} is not a directory", dir.display());
        }
    }
    render::environment_with(global.templates.as_deref())
}

pub(crate) fn run_options(global: &GlobalArgs) -> RunOptions {
    RunOptions {
        progress: !global.no_progress && !global.quiet,
        ..RunOptions::default()
    }
}

fn report_warnings(analysis: &crate::analysis::Analysis, global: &GlobalArgs) {
    if global.quiet || analysis.warnings.is_empty() {
        return;
    }
    const SHOWN: usize = 20;
    for w in analysis.warnings.iter().take(SHOWN) {
        eprintln!("warning: {w}");
    }
    if analysis.warnings.len() > SHOWN {
        eprintln!(
            "warning: … and {} more (all are listed in analysis.json and report.md)",
            analysis.warnings.len() - SHOWN
        );
    }
}

fn analyze(args: AnalyzeArgs, global: &GlobalArgs) -> Result<ExitCode> {
    let repo = &args.repo.repo;
    let config = load_config(repo, global)?;
    let out = match args.out {
        Some(out) => out,
        None => default_out(repo)?,
    };
    let options = RunOptions {
        since: args
            .since
            .as_deref()
            .map(crate::history::dates::parse_date)
            .transpose()?,
        cache: match (&args.cache_dir, args.no_cache) {
            (_, true) => crate::history::mine::CacheChoice::Off,
            (Some(dir), false) => crate::history::mine::CacheChoice::Dir(dir.clone()),
            (None, false) => crate::history::mine::CacheChoice::Default,
        },
        ..run_options(global)
    };
    let analysis = app::analyze(repo, &config, &options)?;
    crate::config_names::check(&config, &analysis)?;
    let env = templates(global)?;
    let map = render::context_map::MapOptions {
        limit: args.map_limit,
        focus: None,
    };
    let written = render::write_all(&analysis, &out, &env, &map)?;
    report_warnings(&analysis, global);
    if !global.quiet {
        eprintln!(
            "planner: {} files, {} modules, {} cycle{}; wrote {} to {}",
            analysis.scan.files_analysed,
            analysis.modules.len(),
            analysis.cycles.len(),
            if analysis.cycles.len() == 1 { "" } else { "s" },
            summarize_written(&written),
            out.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `analysis.json, report.md, …, er/ (30 files), adr/ (3 files)`: top-level
/// files by name, folders by count.
fn summarize_written(written: &[String]) -> String {
    let mut top = Vec::new();
    let mut folders: Vec<(&str, usize)> = Vec::new();
    for path in written {
        match path.split_once('/') {
            Some((folder, _)) => match folders.iter_mut().find(|(f, _)| *f == folder) {
                Some((_, n)) => *n += 1,
                None => folders.push((folder, 1)),
            },
            None => top.push(path.clone()),
        }
    }
    top.extend(
        folders
            .into_iter()
            .map(|(f, n)| format!("{f}/ ({n} file{})", if n == 1 { "" } else { "s" })),
    );
    top.join(", ")
}

/// `./planner-out`, unless that lies inside the analysed repository: planner
/// never writes there unless told to.
fn default_out(repo: &Path) -> Result<PathBuf> {
    let out = std::env::current_dir()?.join("planner-out");
    let repo = repo
        .canonicalize()
        .with_context(|| format!("cannot open {}", repo.display()))?;
    let cwd = std::env::current_dir()?.canonicalize()?;
    if cwd.starts_with(&repo) {
        bail!(
            "the default output directory {} would be inside the analysed repository; \
             pass --out DIR (e.g. --out /tmp/planner-out, or --out planner-out to write there on purpose)",
            out.display()
        );
    }
    Ok(out)
}

fn graph(args: GraphArgs, global: &GlobalArgs) -> Result<ExitCode> {
    let repo = &args.repo.repo;
    let config = load_config(repo, global)?;
    let options = RunOptions {
        history: false,
        graph_only: true,
        ..run_options(global)
    };
    let analysis = app::analyze(repo, &config, &options)?;
    report_warnings(&analysis, global);
    if let Some(focus) = &args.focus {
        if args.level != crate::cli::GraphLevel::Module {
            bail!("--focus needs --level module");
        }
        render::context_map::check_focus(&analysis, focus)?;
    }
    let map = render::context_map::MapOptions {
        limit: args.map_limit,
        focus: args.focus.clone(),
    };
    let text = render::graph::render_with(&analysis, args.level, args.format, &map)?;
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

fn candidates(args: CandidatesArgs, global: &GlobalArgs) -> Result<ExitCode> {
    let repo = &args.repo.repo;
    let config = load_config(repo, global)?;
    let analysis = app::analyze(repo, &config, &run_options(global))?;
    report_warnings(&analysis, global);
    let text = match args.format {
        CandidatesFormat::Json => serde_json::to_string_pretty(&analysis.candidates)? + "\n",
        CandidatesFormat::Markdown => {
            render::candidates_markdown(&analysis, args.top, &templates(global)?)?
        }
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

fn init(args: InitArgs) -> Result<ExitCode> {
    if args.stdout {
        print!("{}", config::EXAMPLE);
        return Ok(ExitCode::SUCCESS);
    }
    let repo = &args.repo.repo;
    if !repo.is_dir() {
        bail!("{} is not a directory", repo.display());
    }
    let path = repo.join(config::FILE_NAME);
    if path.exists() && !args.force {
        bail!(
            "{} already exists; pass --force to overwrite it",
            path.display()
        );
    }
    // The modules planner finds, written as declarations to rename, merge
    // and commit: from then on they are the plan's units.
    let options = app::RunOptions {
        history: false,
        ..app::RunOptions::default()
    };
    let analysis = app::analyze(repo, &config::Config::default(), &options)?;
    let text = format!(
        "{}{}",
        config::EXAMPLE,
        render::declare::modules_toml(&analysis)
    );
    std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    eprintln!("planner: wrote {}", path.display());
    Ok(ExitCode::SUCCESS)
}

fn schema(args: SchemaArgs, global: &GlobalArgs) -> Result<ExitCode> {
    let repo = &args.repo.repo;
    let mut config = load_config(repo, global)?;
    if let Some(name) = &args.dialect {
        if crate::schema::DialectChoice::named(name).is_none() {
            bail!(
                "unknown SQL dialect {name:?}; use one of: {}",
                crate::schema::DIALECT_NAMES.join(", ")
            );
        }
        config.schema.dialect = Some(name.clone());
    }
    let analysis = app::analyze(repo, &config, &run_options(global))?;
    report_warnings(&analysis, global);
    let Some(section) = &analysis.schema else {
        bail!(
            "found no schema in {}: planner reads *.sql dumps and migrations, db/schema.rb, \
             Django models.py, SQLAlchemy models, Alembic revisions, *.prisma, Sequelize, Knex, TypeORM, Mongoose and Drizzle files (set [schema] paths in planner.toml \
             if yours live elsewhere)",
            repo.display()
        );
    };
    let text = match args.format {
        SchemaFormat::Json => serde_json::to_string_pretty(section)? + "\n",
        SchemaFormat::Mermaid => render::schema::mermaid(section, args.module.as_deref())? + "\n",
        SchemaFormat::Markdown => render::schema::markdown(&analysis, &templates(global)?)?,
    };
    print!("{text}");
    if !global.quiet {
        eprintln!(
            "planner: {} tables, {} foreign keys, {} inferred relations from {} sources",
            section.tables.len(),
            section.foreign_keys.len(),
            section.inferred_relations.len(),
            section.sources.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn inventory(args: InventoryArgs, global: &GlobalArgs) -> Result<ExitCode> {
    let repo = &args.repo.repo;
    let config = load_config(repo, global)?;
    let options = RunOptions {
        history: false,
        ..run_options(global)
    };
    let analysis = app::analyze(repo, &config, &options)?;
    report_warnings(&analysis, global);
    let Some(inventory) = &analysis.inventory else {
        bail!("the inventory stage did not run for {}", repo.display());
    };
    if let Some(module) = &args.module {
        if !analysis.modules.iter().any(|m| &m.name == module) {
            bail!(
                "no module named {module:?} in {}; `planner graph --level module` lists them",
                repo.display()
            );
        }
    }
    let text = match args.format {
        InventoryFormat::Json => {
            let shown = match &args.module {
                Some(m) => crate::inventory::Inventory {
                    endpoints: inventory.endpoints_of(m).cloned().collect(),
                    jobs: inventory.jobs_of(m).cloned().collect(),
                    events: inventory.events_of(m).cloned().collect(),
                    unresolved: inventory.unresolved.clone(),
                    modules: inventory.module(m).cloned().into_iter().collect(),
                },
                None => inventory.clone(),
            };
            serde_json::to_string_pretty(&shown)? + "\n"
        }
        InventoryFormat::Markdown => {
            render::inventory_markdown(&analysis, args.module.as_deref(), &templates(global)?)?
        }
    };
    print!("{text}");
    if !global.quiet {
        eprintln!(
            "planner: {} endpoints, {} jobs, {} events, {} unresolved",
            inventory.endpoints.len(),
            inventory.jobs.len(),
            inventory.events.len(),
            inventory.unresolved.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn diff(args: DiffArgs, global: &GlobalArgs) -> Result<ExitCode> {
    use crate::delta::revisions::{self, Options};
    use crate::history::mine::CacheChoice;
    let repo = &args.repo.repo;
    let config = load_config(repo, global)?;
    if args.update_baseline && config.policy.baseline.is_none() {
        bail!(
            "--update-baseline needs a baseline file: set `baseline = \"planner-baseline.toml\"` \
             under [policy] in planner.toml"
        );
    }
    let env = templates(global)?;
    let options = Options {
        base: &args.base,
        head: args.head.as_deref(),
        progress: !global.no_progress && !global.quiet,
        cache: match (&args.no_cache, &args.cache_dir) {
            (true, _) => CacheChoice::Off,
            (false, Some(dir)) => CacheChoice::Dir(dir.clone()),
            (false, None) => CacheChoice::Default,
        },
    };
    let outcome = revisions::run(repo, &config, &options)?;
    let report = &outcome.report;
    if let (Some(path), true) = (&config.policy.baseline, args.update_baseline) {
        let baseline = crate::delta::Baseline {
            accepted: outcome.current.clone(),
        };
        let file = repo.join(path);
        std::fs::write(&file, baseline.render()?)
            .with_context(|| format!("cannot write {}", file.display()))?;
        if !global.quiet {
            eprintln!(
                "planner: wrote {} accepted violation{} to {}",
                baseline.accepted.len(),
                if baseline.accepted.len() == 1 {
                    ""
                } else {
                    "s"
                },
                file.display()
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    if outcome.baseline_missing {
        if let Some(path) = &config.policy.baseline {
            bail!(
                "the baseline file {path} named in planner.toml does not exist at the head; \
                 create it with `planner diff --base {} --update-baseline`",
                args.base
            );
        }
    }
    let markdown = || render::diff::markdown(report, &env);
    let json = || -> Result<String> { Ok(serde_json::to_string_pretty(report)? + "\n") };
    let sarif = || -> Result<String> {
        let value = render::sarif::render(report, config.policy.baseline.as_deref());
        Ok(serde_json::to_string_pretty(&value)? + "\n")
    };
    for (path, text) in [
        (&args.markdown_out, &markdown as &dyn Fn() -> Result<String>),
        (&args.json_out, &json),
        (&args.sarif_out, &sarif),
    ] {
        if let Some(path) = path {
            std::fs::write(path, text()?)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
    }
    let text = match args.format {
        DiffFormat::Markdown => markdown()?,
        DiffFormat::Json => json()?,
        DiffFormat::Sarif => sarif()?,
    };
    print!("{text}");
    if !global.quiet {
        for w in report.warnings.iter().take(10) {
            eprintln!("warning: {w}");
        }
        eprintln!(
            "planner: {} file{} changed in {} module{}; {} policy violation{}, {} stale baseline entr{}",
            report.changed_files.len(),
            if report.changed_files.len() == 1 { "" } else { "s" },
            report.modules.len(),
            if report.modules.len() == 1 { "" } else { "s" },
            report.violations.len(),
            if report.violations.len() == 1 { "" } else { "s" },
            report.stale_baseline.len(),
            if report.stale_baseline.len() == 1 { "y" } else { "ies" },
        );
    }
    Ok(if report.passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn map(args: MapArgs, global: &GlobalArgs) -> Result<ExitCode> {
    use render::map::{check, select, write, Drift};
    let repo = &args.repo.repo;
    let config = load_config(repo, global)?;
    let (dir, writing) = match (&args.check, &args.write) {
        (Some(dir), _) => (dir, false),
        (None, Some(dir)) => (dir, true),
        (None, None) => bail!("pass --check DIR or --write DIR"),
    };
    // Nothing to compare with is a usage error (exit 2), not a stale map.
    if !writing && !dir.is_dir() {
        bail!(
            "--check {} is not a directory; create it with `planner map --write {}`",
            dir.display(),
            dir.display()
        );
    }
    let options = RunOptions {
        history: args.history,
        ..run_options(global)
    };
    let mut analysis = app::analyze(repo, &config, &options)?;
    if let Some(name) = &args.name {
        analysis.repo = name.clone();
    }
    let env = templates(global)?;
    if let Some(focus) = &args.focus {
        render::context_map::check_focus(&analysis, focus)?;
    }
    let map = render::context_map::MapOptions {
        limit: args.map_limit,
        focus: args.focus.clone(),
    };
    let docs = select(render::documents_with(&analysis, &env, &map)?, args.all);
    let drift = check(dir, &docs, args.all)?;
    if writing {
        for line in write(dir, &docs, &drift)? {
            if !global.quiet {
                eprintln!("planner: {line}");
            }
        }
        if !global.quiet && drift.is_empty() {
            eprintln!(
                "planner: {} documents in {} are up to date",
                docs.len(),
                dir.display()
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    if drift.is_empty() {
        if !global.quiet {
            eprintln!(
                "planner: {} documents in {} are up to date",
                docs.len(),
                dir.display()
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    for d in &drift {
        match d {
            Drift::Stale(_, diff) => print!("{diff}"),
            Drift::Missing(p) => println!("missing: {p} (planner generates it)"),
            Drift::Extra(p) => println!("extra: {p} (planner no longer generates it)"),
        }
    }
    eprintln!(
        "planner: {} of the documents in {} {} stale; run `planner map --write {}` and commit the result",
        drift.len(),
        dir.display(),
        if drift.len() == 1 { "is" } else { "are" },
        dir.display()
    );
    Ok(ExitCode::from(1))
}
