//! `planner history`: one analysis over the mined history, printed as CSV
//! (code-maat's columns) or JSON.

use super::config::GroupBy;
use super::dates::parse_date;
use super::mine::CacheChoice;
use super::{output, History, Request, StaticView};
use crate::app;
use crate::cli::{GlobalArgs, HistoryAnalysis, HistoryArgs, HistoryFormat, HistoryGroupBy};
use crate::commands::{load_config, run_options};
use crate::warnings::Warnings;
use anyhow::{bail, Result};
use std::io::Write;
use std::process::ExitCode;

pub fn run(args: HistoryArgs, global: &GlobalArgs) -> Result<ExitCode> {
    let repo = &args.repo.repo;
    let config = load_config(repo, global)?;
    let request = request(&args, config.history.clone(), global)?;
    request.config.validate()?;
    let warnings = Warnings::new();
    let mut timer = app::StageTimer::from_env();
    let history = match super::load(repo, &request, &warnings)? {
        Ok(history) => history,
        Err(unavailable) => {
            print_warnings(warnings, global);
            bail!("{}", unavailable.note());
        }
    };
    let statics = if args.analysis == HistoryAnalysis::Hotspots {
        let mut static_config = config.clone();
        static_config.history.enabled = false;
        let options = app::RunOptions {
            history: false,
            ..run_options(global)
        };
        let analysis = app::analyze(repo, &static_config, &options)?;
        StaticView::from_files(&analysis.files)
    } else {
        StaticView::default()
    };
    timer.lap("history");
    let table = table(args.analysis, &history, &request, &statics);
    let text = match args.format {
        HistoryFormat::Csv => table.to_csv(),
        HistoryFormat::Json => table.to_json()?,
    };
    timer.lap("analysis");
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth reporting.
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
    if !global.quiet {
        let m = &history.mined;
        eprintln!(
            "planner: {} commits walked ({} from cache, {} mined), {} changesets used{}",
            history.prepared.commits_seen,
            m.from_cache,
            m.mined_now,
            history.prepared.changesets.len(),
            if m.shallow {
                "; PARTIAL: shallow clone"
            } else {
                ""
            }
        );
    }
    print_warnings(warnings, global);
    Ok(ExitCode::SUCCESS)
}

fn print_warnings(warnings: Warnings, global: &GlobalArgs) {
    if global.quiet {
        return;
    }
    let all = warnings.into_sorted();
    const SHOWN: usize = 20;
    for w in all.iter().take(SHOWN) {
        eprintln!("warning: {w}");
    }
    if all.len() > SHOWN {
        eprintln!("warning: … and {} more", all.len() - SHOWN);
    }
}

fn request(
    args: &HistoryArgs,
    mut c: super::HistoryConfig,
    global: &GlobalArgs,
) -> Result<Request> {
    if args.first_parent {
        c.first_parent = true;
    }
    if args.include_merges {
        c.include_merges = true;
    }
    if args.no_renames {
        c.renames = false;
    }
    if args.line_counts || args.analysis == HistoryAnalysis::Churn {
        c.line_counts = true;
    }
    if let Some(n) = args.max_changeset_size {
        c.max_changeset_size = n;
    }
    if let Some(n) = args.min_revs {
        c.min_revs = n;
    }
    if let Some(n) = args.min_shared_revs {
        c.min_shared_revs = n;
    }
    if let Some(n) = args.min_coupling {
        c.min_coupling = n;
    }
    if let Some(n) = args.max_coupling {
        c.max_coupling = n;
    }
    if let Some(g) = args.group_by {
        c.group_by = match g {
            HistoryGroupBy::Commit => GroupBy::Commit,
            HistoryGroupBy::Ticket => GroupBy::Ticket,
            HistoryGroupBy::AuthorDay => GroupBy::AuthorDay,
        };
    }
    let mut request = Request::new(c);
    request.since = args.since.as_deref().map(parse_date).transpose()?;
    request.until = args.until.as_deref().map(parse_date).transpose()?;
    request.path_excludes = !args.no_excludes;
    request.progress = run_options(global).progress;
    request.cache = match (&args.cache_dir, args.no_cache) {
        (_, true) => CacheChoice::Off,
        (Some(dir), false) => CacheChoice::Dir(dir.clone()),
        (None, false) => CacheChoice::Default,
    };
    Ok(request)
}

fn table(
    analysis: HistoryAnalysis,
    history: &History,
    request: &Request,
    statics: &StaticView,
) -> output::Table {
    let renames = request.config.renames;
    let keep = |p: &str| history.is_reported(renames, p);
    let params = request.coupling_params();
    match analysis {
        HistoryAnalysis::Coupling => output::coupling(&super::coupling::coupling(
            history.changesets(),
            &params,
            &keep,
        )),
        HistoryAnalysis::Soc => {
            output::soc(&super::coupling::soc(history.changesets(), &params, &keep))
        }
        other => {
            let files = super::file_metrics(history, request, statics);
            match other {
                HistoryAnalysis::Authors => output::authors(&files),
                HistoryAnalysis::Age => output::age(&files),
                HistoryAnalysis::Churn => output::churn(&files),
                HistoryAnalysis::Hotspots => output::hotspots(&files),
                _ => output::revisions(&files),
            }
        }
    }
}
