//! The schema outputs of `planner schema`: Markdown (the same section the
//! report carries) and Mermaid erDiagrams.

use crate::analysis::Analysis;
use crate::schema::er::{self, ErDiagram};
use crate::schema::SchemaSection;
use anyhow::{bail, Result};

/// One erDiagram per module that owns tables, or one of every table when no
/// module owns any.
pub fn diagrams(analysis: &Analysis) -> Vec<ErDiagram> {
    let Some(s) = &analysis.schema else {
        return Vec::new();
    };
    let per_module = er::per_module(&s.tables, &s.foreign_keys);
    if per_module.is_empty() && !s.tables.is_empty() {
        vec![er::whole(&s.tables, &s.foreign_keys)]
    } else {
        per_module
    }
}

pub fn mermaid(section: &SchemaSection, module: Option<&str>) -> Result<String> {
    match module {
        None => Ok(er::whole(&section.tables, &section.foreign_keys).diagram),
        Some(m) => match er::per_module(&section.tables, &section.foreign_keys)
            .into_iter()
            .find(|d| d.module == m)
        {
            Some(d) => Ok(d.diagram),
            None => {
                bail!("module {m:?} owns no table; `planner schema --format json` lists owners")
            }
        },
    }
}

pub fn markdown(analysis: &Analysis, env: &minijinja::Environment) -> Result<String> {
    let ctx = minijinja::context! { a => analysis, er => diagrams(analysis) };
    Ok(env.get_template("schema.md")?.render(&ctx)?)
}

/// `er/<module>.md`: one module's erDiagram and the keys that cross out of it.
/// `a`: `analysis` as a template value (built once by the caller).
pub fn er_document(
    analysis: &Analysis,
    a: &minijinja::Value,
    diagram: &ErDiagram,
    env: &minijinja::Environment,
) -> Result<String> {
    let keys = analysis
        .schema
        .as_ref()
        .and_then(|s| s.modules.iter().find(|m| m.module == diagram.module))
        .map(|m| m.crossing_keys.clone())
        .unwrap_or_default();
    let ctx = minijinja::context! { a => a.clone(), d => diagram, keys => keys };
    Ok(env.get_template("er.md")?.render(ctx)?)
}
