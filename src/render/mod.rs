//! Stage 5: render the `Analysis` for people (Markdown, Mermaid) and machines
//! (JSON, DOT). Every document is a minijinja template in `templates/`.

pub mod graph;
pub mod mermaid;
pub mod schema;

use crate::analysis::Analysis;
use anyhow::{Context, Result};
use minijinja::Environment;
use std::path::Path;

const TEMPLATES: &[(&str, &str)] = &[
    ("report.md", include_str!("../../templates/report.md.j2")),
    (
        "context-map.md",
        include_str!("../../templates/context-map.md.j2"),
    ),
    (
        "candidates.md",
        include_str!("../../templates/candidates.md.j2"),
    ),
    ("schema.md", include_str!("../../templates/schema.md.j2")),
];

pub fn environment() -> Result<Environment<'static>> {
    let mut env = Environment::new();
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    for (name, source) in TEMPLATES {
        env.add_template(name, source)
            .with_context(|| format!("bug: template {name} does not compile"))?;
    }
    Ok(env)
}

/// Writes `analysis.json`, `report.md` and `context-map.md` into `out`.
pub fn write_all(analysis: &Analysis, out: &Path) -> Result<Vec<String>> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut written = Vec::new();
    let json = serde_json::to_string_pretty(analysis)? + "\n";
    write(out, "analysis.json", &json, &mut written)?;
    let env = environment()?;
    let map = mermaid::context_map(analysis);
    let ctx = minijinja::context! {
        a => analysis,
        map => map,
        leaves => leaves(analysis),
        er => schema::diagrams(analysis),
    };
    for name in ["report.md", "context-map.md"] {
        let text = env.get_template(name)?.render(&ctx)?;
        write(out, name, &text, &mut written)?;
    }
    Ok(written)
}

/// The candidates section alone, for `planner candidates --format markdown`.
pub fn candidates_markdown(analysis: &Analysis, top: usize) -> Result<String> {
    let env = environment()?;
    let text = env
        .get_template("candidates.md")?
        .render(minijinja::context! { a => analysis, top => top })?;
    Ok(text)
}

fn write(dir: &Path, name: &str, text: &str, written: &mut Vec<String>) -> Result<()> {
    let path = dir.join(name);
    std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    written.push(name.to_string());
    Ok(())
}

/// Modules nothing else depends on, largest first: the first places to look.
fn leaves(analysis: &Analysis) -> Vec<&crate::analysis::ModuleInfo> {
    let mut leaves: Vec<_> = analysis
        .modules
        .iter()
        .filter(|m| m.ca == 0 && m.files > 0 && !m.support)
        .collect();
    leaves.sort_by(|a, b| b.loc.cmp(&a.loc).then_with(|| a.name.cmp(&b.name)));
    leaves
}
