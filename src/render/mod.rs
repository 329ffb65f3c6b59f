//! Stage 5: render the `Analysis` for people (Markdown, Mermaid) and machines
//! (JSON, DOT). Every document is a minijinja template in `templates/`.

pub mod diff;
pub mod graph;
pub mod map;
pub mod mermaid;
pub mod sarif;
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
    ("diff.md", include_str!("../../templates/diff.md.j2")),
];

pub fn environment() -> Result<Environment<'static>> {
    environment_with(None)
}

/// The built-in templates, each replaced by `DIR/<name>.j2` when `overrides`
/// names a directory holding a file of that name (`--templates DIR`).
pub fn environment_with(overrides: Option<&Path>) -> Result<Environment<'static>> {
    let mut env = Environment::new();
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    for (name, source) in TEMPLATES {
        let custom = overrides.map(|dir| dir.join(format!("{name}.j2")));
        match custom.filter(|p| p.is_file()) {
            Some(path) => {
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read template {}", path.display()))?;
                env.add_template_owned(name.to_string(), text)
                    .with_context(|| format!("template {} does not compile", path.display()))?;
            }
            None => env
                .add_template(name, source)
                .with_context(|| format!("bug: template {name} does not compile"))?,
        }
    }
    Ok(env)
}

/// One generated document: its path relative to the output directory and
/// its text. `analyze` writes them; `map --check` compares them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub path: String,
    pub text: String,
}

/// Every document `planner analyze` writes, in a fixed order.
pub fn documents(analysis: &Analysis, env: &Environment) -> Result<Vec<Document>> {
    let mut docs = Vec::new();
    let json = serde_json::to_string_pretty(analysis)? + "\n";
    docs.push(Document {
        path: "analysis.json".into(),
        text: json,
    });
    let map = mermaid::context_map(analysis);
    let ctx = minijinja::context! {
        a => analysis,
        map => map,
        leaves => leaves(analysis),
        er => schema::diagrams(analysis),
    };
    for name in ["report.md", "context-map.md"] {
        let text = env.get_template(name)?.render(&ctx)?;
        docs.push(Document {
            path: name.into(),
            text,
        });
    }
    Ok(docs)
}

/// Writes every document of [`documents`] into `out`, creating folders.
pub fn write_all(analysis: &Analysis, out: &Path, env: &Environment) -> Result<Vec<String>> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut written = Vec::new();
    for doc in documents(analysis, env)? {
        let path = out.join(&doc.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, &doc.text)
            .with_context(|| format!("cannot write {}", path.display()))?;
        written.push(doc.path);
    }
    Ok(written)
}

/// The candidates section alone, for `planner candidates --format markdown`.
pub fn candidates_markdown(analysis: &Analysis, top: usize, env: &Environment) -> Result<String> {
    let text = env
        .get_template("candidates.md")?
        .render(minijinja::context! { a => analysis, top => top })?;
    Ok(text)
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
