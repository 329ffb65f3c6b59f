//! `planner adr`, `planner dor`, `planner dod` and `planner templates`: one
//! plan document at a time, and the templates behind them.

use crate::analysis::Analysis;
use crate::app;
use crate::cli::{AdrArgs, GlobalArgs, PlanDocArgs, TemplatesArgs};
use crate::commands::{load_config, run_options, templates as template_env};
use crate::render;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn plan_for(args: &PlanDocArgs, global: &GlobalArgs) -> Result<(Analysis, crate::plan::Plan)> {
    let repo = &args.repo.repo;
    let config = load_config(repo, global)?;
    let analysis = app::analyze(repo, &config, &run_options(global))?;
    // `analyze`'s own plan when the module has one (it keeps its ADR number).
    let existing = analysis
        .plans
        .iter()
        .find(|p| p.module == args.module)
        .cloned();
    let built = || {
        crate::plan::build(&analysis, &args.module).map(|mut plan| {
            plan.adr_number = number_beyond_top(&analysis, &args.module, &config.plan);
            plan
        })
    };
    let Some(plan) = existing.or_else(built) else {
        let known: Vec<&str> = analysis
            .candidates
            .candidates
            .iter()
            .take(10)
            .map(|c| c.module.as_str())
            .collect();
        if analysis.modules.iter().any(|m| m.name == args.module) {
            bail!(
                "{} is support code (tests, migrations, scripts or configuration), not an \
                 extraction candidate",
                args.module
            );
        }
        bail!(
            "no module named {:?}; the top candidates are: {}",
            args.module,
            known.join(", ")
        );
    };
    Ok((analysis, plan))
}

/// The ADR number of a candidate `analyze` gave no plan: after the numbers
/// `analyze` used, in rank order, so it never repeats one of them.
fn number_beyond_top(analysis: &Analysis, module: &str, config: &crate::plan::PlanConfig) -> u32 {
    let planned = |m: &str| analysis.plans.iter().any(|p| p.module == m);
    let beyond = analysis
        .candidates
        .candidates
        .iter()
        .filter(|c| !planned(&c.module))
        .position(|c| c.module == module)
        .unwrap_or(0);
    config.first_adr_number + analysis.plans.len() as u32 + beyond as u32
}

pub fn checklist(args: PlanDocArgs, template: &str, global: &GlobalArgs) -> Result<ExitCode> {
    let (analysis, plan) = plan_for(&args, global)?;
    let env = template_env(global)?;
    print!(
        "{}",
        render::plan_document(&analysis, &plan, template, &env)?
    );
    Ok(ExitCode::SUCCESS)
}

pub fn adr(args: AdrArgs, global: &GlobalArgs) -> Result<ExitCode> {
    let (analysis, mut plan) = plan_for(&args.doc, global)?;
    let dir = adr_dir(&args.doc.repo.repo, args.dir.as_deref())?;
    plan.adr_number = next_adr_number(&dir)?;
    let env = template_env(global)?;
    let text = render::plan_document(&analysis, &plan, "adr.md", &env)?;
    if !args.write {
        print!("{text}");
        return Ok(ExitCode::SUCCESS);
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let path = dir.join(format!("{:04}-extract-{}.md", plan.adr_number, plan.slug));
    std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    if !global.quiet {
        eprintln!("planner: wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// adr-tools' rule: `.adr-dir` at the project root names the folder,
/// otherwise `doc/adr`.
fn adr_dir(repo: &Path, explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(dir) = explicit {
        return Ok(dir.to_path_buf());
    }
    let marker = repo.join(".adr-dir");
    if marker.is_file() {
        let text = crate::scan::read::read_regular_string(
            &marker,
            crate::scan::read::MAX_SMALL_FILE_BYTES,
        )
        .with_context(|| format!("cannot read {}", marker.display()))?;
        let name = text.trim();
        if !name.is_empty() {
            return Ok(repo.join(name));
        }
    }
    Ok(repo.join("doc/adr"))
}

/// The highest `NNNN-*.md` number in `dir`, plus one; 1 when there is none.
pub fn next_adr_number(dir: &Path) -> Result<u32> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(1);
    };
    let mut highest = 0;
    for entry in entries {
        let name = entry?.file_name();
        let name = name.to_string_lossy();
        let digits: String = name.chars().take_while(|c| c.is_ascii_digit()).collect();
        if !digits.is_empty() && name[digits.len()..].starts_with('-') && name.ends_with(".md") {
            if let Ok(n) = digits.parse::<u32>() {
                highest = highest.max(n);
            }
        }
    }
    Ok(highest + 1)
}

pub fn list_templates(args: TemplatesArgs) -> Result<ExitCode> {
    let builtins = render::builtin_templates();
    match args.write {
        None => {
            for (name, _) in builtins {
                println!("{name}.j2");
            }
            eprintln!(
                "planner: copy them with `planner templates --write DIR`, edit, and pass \
                 --templates DIR; a file you delete falls back to the built-in one"
            );
        }
        Some(dir) => {
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            for (name, text) in builtins {
                let path = dir.join(format!("{name}.j2"));
                if path.exists() {
                    bail!(
                        "{} exists; planner does not overwrite templates",
                        path.display()
                    );
                }
                std::fs::write(&path, text)
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            eprintln!(
                "planner: wrote {} templates to {}",
                builtins.len(),
                dir.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_adr_number_follows_the_highest_existing_one() {
        let dir = tempfile::TempDir::new().unwrap();
        assert_eq!(next_adr_number(dir.path()).unwrap(), 1);
        for name in [
            "0001-record-architecture-decisions.md",
            "0007-use-postgres.md",
            "README.md",
            "12.md",
        ] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        assert_eq!(next_adr_number(dir.path()).unwrap(), 8);
    }
}
