//! Stage 5: render the `Analysis` for people (Markdown, Mermaid) and machines
//! (JSON, DOT). Every document is a minijinja template in `templates/`.

pub mod context_map;
pub mod declare;
pub mod diff;
pub mod graph;
pub mod html;
pub mod map;
pub mod mermaid;
mod out_dir;
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
    ("adr.md", include_str!("../../templates/adr.md.j2")),
    ("dor.md", include_str!("../../templates/dor.md.j2")),
    ("dod.md", include_str!("../../templates/dod.md.j2")),
    ("er.md", include_str!("../../templates/er.md.j2")),
    (
        "inventory.md",
        include_str!("../../templates/inventory.md.j2"),
    ),
    ("diff.md", include_str!("../../templates/diff.md.j2")),
    (
        "report.html",
        include_str!("../../templates/report.html.j2"),
    ),
];

/// The names of the built-in templates (`NAME.j2` in `--templates DIR`
/// overrides one), and their text.
pub fn builtin_templates() -> &'static [(&'static str, &'static str)] {
    TEMPLATES
}

pub fn environment() -> Result<Environment<'static>> {
    environment_with(None)
}

/// The built-in templates, each replaced by `DIR/<name>.j2` when `overrides`
/// names a directory holding a file of that name (`--templates DIR`).
pub fn environment_with(overrides: Option<&Path>) -> Result<Environment<'static>> {
    let mut env = Environment::new();
    env.set_trim_blocks(true);
    // `{{ n | count("table") }}`: "1 table", "3 tables".
    env.add_filter("count", |n: usize, noun: String| {
        crate::words::count(n, &noun)
    });
    env.set_lstrip_blocks(true);
    for (name, source) in TEMPLATES {
        let custom = overrides.map(|dir| dir.join(format!("{name}.j2")));
        match custom.filter(|p| p.is_file()) {
            Some(path) => {
                let text = crate::scan::read::read_regular_string(
                    &path,
                    crate::scan::read::MAX_SMALL_FILE_BYTES,
                )
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
    documents_with(analysis, env, &context_map::MapOptions::default())
}

/// [`documents`], with the context map limited or focused as `map` says.
pub fn documents_with(
    analysis: &Analysis,
    env: &Environment,
    map: &context_map::MapOptions,
) -> Result<Vec<Document>> {
    let mut docs = Vec::new();
    let json = serde_json::to_string_pretty(analysis)? + "\n";
    docs.push(Document {
        path: "analysis.json".into(),
        text: json,
    });
    // The analysis as a template value once: every document's context shares
    // it (serializing it per document cost a third of `analyze` on saleor).
    let a = minijinja::Value::from_serialize(analysis);
    let map = context_map::context_map_with(analysis, map);
    let ctx = minijinja::context! {
        a => a.clone(),
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
    docs.push(Document {
        path: "candidates.md".into(),
        text: render_candidates(&a, 1_000_000, env)?,
    });
    docs.push(Document {
        path: "report.html".into(),
        text: render_html(analysis, env)?,
    });
    for d in schema::diagrams(analysis) {
        docs.push(Document {
            path: format!("er/{}.md", crate::plan::slug(&d.module)),
            text: schema::er_document(analysis, &a, &d, env)?,
        });
    }
    for plan in &analysis.plans {
        docs.extend(plan_documents(analysis, &a, plan, env)?);
    }
    for doc in &mut docs {
        end_with_newline(&mut doc.text);
    }
    Ok(docs)
}

/// Exactly one final newline, whatever the template's last line does.
fn end_with_newline(text: &mut String) {
    while text.ends_with('\n') {
        text.pop();
    }
    text.push('\n');
}

/// The ADR draft and the Definition of Ready and Done of one plan, with
/// the relative links between them.
fn plan_documents(
    analysis: &Analysis,
    a: &minijinja::Value,
    plan: &crate::plan::Plan,
    env: &Environment,
) -> Result<Vec<Document>> {
    let links = PlanLinks::new(analysis, plan);
    let mut docs = Vec::new();
    for (name, path) in [
        ("adr.md", &links.adr),
        ("dor.md", &links.dor),
        ("dod.md", &links.dod),
    ] {
        docs.push(Document {
            path: path.clone(),
            text: render_plan(analysis, a, plan, &links, name, env)?,
        });
    }
    Ok(docs)
}

/// One of a plan's documents alone (for `planner adr` and `planner dor`).
pub fn plan_document(
    analysis: &Analysis,
    plan: &crate::plan::Plan,
    template: &str,
    env: &Environment,
) -> Result<String> {
    let links = PlanLinks::new(analysis, plan);
    let a = minijinja::Value::from_serialize(analysis);
    let mut text = render_plan(analysis, &a, plan, &links, template, env)?;
    end_with_newline(&mut text);
    Ok(text)
}

/// Where a plan's documents live relative to the output directory, and the
/// links between them (relative to each document's own folder).
struct PlanLinks {
    number: String,
    adr: String,
    dor: String,
    dod: String,
    er: Option<String>,
}

impl PlanLinks {
    fn new(analysis: &Analysis, plan: &crate::plan::Plan) -> Self {
        let number = plan.adr_number;
        let owns_tables = analysis.schema.as_ref().is_some_and(|s| {
            s.tables
                .iter()
                .any(|t| t.owner.as_deref() == Some(&plan.module))
        });
        Self {
            number: format!("{number:04}"),
            adr: format!("adr/{number:04}-extract-{}.md", plan.slug),
            dor: format!("dor/{}.md", plan.slug),
            dod: format!("dod/{}.md", plan.slug),
            er: owns_tables.then(|| format!("er/{}.md", plan.slug)),
        }
    }
}

fn render_plan(
    analysis: &Analysis,
    a: &minijinja::Value,
    plan: &crate::plan::Plan,
    links: &PlanLinks,
    template: &str,
    env: &Environment,
) -> Result<String> {
    let candidate = analysis
        .candidates
        .candidates
        .iter()
        .find(|c| c.module == plan.module);
    let up = |p: &String| format!("../{p}");
    let ctx = minijinja::context! {
        a => a.clone(),
        p => plan,
        c => candidate,
        number => links.number,
        adr => up(&links.adr),
        dor => up(&links.dor),
        dod => up(&links.dod),
        er => links.er.as_ref().map(up),
    };
    Ok(env.get_template(template)?.render(ctx)?)
}

/// Writes every document of [`documents`] into `out`, creating folders.
pub fn write_all(
    analysis: &Analysis,
    out: &Path,
    env: &Environment,
    map: &context_map::MapOptions,
) -> Result<Vec<String>> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let docs = documents_with(analysis, env, map)?;
    let now: std::collections::BTreeSet<String> = docs.iter().map(|d| d.path.clone()).collect();
    out_dir::remove_stale(out, &now)?;
    let mut written = Vec::new();
    for doc in docs {
        let path = out.join(&doc.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, &doc.text)
            .with_context(|| format!("cannot write {}", path.display()))?;
        written.push(doc.path);
    }
    out_dir::write_manifest(out, &written)?;
    Ok(written)
}

/// `report.html`: the page's data as one JSON blob in the template.
fn render_html(analysis: &Analysis, env: &Environment) -> Result<String> {
    let data = html::script_json(&html::report(analysis))?;
    let text = env
        .get_template("report.html")?
        .render(minijinja::context! {
            repo => analysis.repo,
            version => analysis.tool.version,
            data => minijinja::Value::from_safe_string(data),
        })?;
    Ok(text)
}

/// The candidates section alone, for `planner candidates --format markdown`.
pub fn candidates_markdown(analysis: &Analysis, top: usize, env: &Environment) -> Result<String> {
    render_candidates(&minijinja::Value::from_serialize(analysis), top, env)
}

/// The candidates template over `a`, the analysis as a template value.
fn render_candidates(a: &minijinja::Value, top: usize, env: &Environment) -> Result<String> {
    let text = env
        .get_template("candidates.md")?
        .render(minijinja::context! { a => a.clone(), top => top })?;
    Ok(text)
}

/// The boundary inventory, for `planner inventory --format markdown`;
/// `module` keeps only that module's endpoints, jobs and events.
pub fn inventory_markdown(
    analysis: &Analysis,
    module: Option<&str>,
    env: &Environment,
) -> Result<String> {
    let text = env
        .get_template("inventory.md")?
        .render(minijinja::context! { a => analysis, only => module })?;
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
