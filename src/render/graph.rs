//! `planner graph`: the file or module graph as JSON, DOT or Mermaid.

use super::context_map::MapOptions;
use super::mermaid;
use crate::analysis::Analysis;
use crate::cli::{GraphFormat, GraphLevel};
use serde::Serialize;

#[derive(Serialize)]
struct Graph<'a> {
    nodes: Vec<Node<'a>>,
    edges: Vec<Edge<'a>>,
}

#[derive(Serialize)]
struct Node<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    module: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    files: Option<usize>,
}

#[derive(Serialize)]
struct Edge<'a> {
    from: &'a str,
    to: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lines: Option<&'a [usize]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    imports: Option<usize>,
}

pub fn render(
    analysis: &Analysis,
    level: GraphLevel,
    format: GraphFormat,
) -> anyhow::Result<String> {
    render_with(analysis, level, format, &MapOptions::default())
}

/// [`render`]; at module level, `map.focus` keeps one module, its direct
/// import neighbours and the edges touching it, and `map.limit` bounds the
/// Mermaid map.
pub fn render_with(
    analysis: &Analysis,
    level: GraphLevel,
    format: GraphFormat,
    map: &MapOptions,
) -> anyhow::Result<String> {
    let focused;
    let analysis = match (&map.focus, level, format) {
        (Some(focus), GraphLevel::Module, GraphFormat::Json | GraphFormat::Dot) => {
            focused = focus_on(analysis, focus);
            &focused
        }
        _ => analysis,
    };
    Ok(match (format, level) {
        (GraphFormat::Json, GraphLevel::File) => {
            let graph = Graph {
                nodes: analysis
                    .files
                    .iter()
                    .map(|f| Node {
                        id: &f.id,
                        module: Some(&f.module),
                        language: Some(f.language.name()),
                        files: None,
                    })
                    .collect(),
                edges: analysis
                    .edges
                    .iter()
                    .map(|e| Edge {
                        from: &e.from,
                        to: &e.to,
                        kind: Some(e.kind.name()),
                        lines: Some(&e.lines),
                        imports: None,
                    })
                    .collect(),
            };
            serde_json::to_string_pretty(&graph)? + "\n"
        }
        (GraphFormat::Json, GraphLevel::Module) => {
            let graph = Graph {
                nodes: analysis
                    .modules
                    .iter()
                    .map(|m| Node {
                        id: &m.name,
                        module: None,
                        language: None,
                        files: Some(m.files),
                    })
                    .collect(),
                edges: analysis
                    .module_edges
                    .iter()
                    .map(|e| Edge {
                        from: &e.from,
                        to: &e.to,
                        kind: None,
                        lines: None,
                        imports: Some(e.imports),
                    })
                    .collect(),
            };
            serde_json::to_string_pretty(&graph)? + "\n"
        }
        (GraphFormat::Dot, level) => dot(analysis, level),
        (GraphFormat::Mermaid, GraphLevel::Module) => {
            super::context_map::context_map_with(analysis, map).diagram + "\n"
        }
        (GraphFormat::Mermaid, GraphLevel::File) => mermaid::file_graph(analysis) + "\n",
    })
}

/// The analysis with only `focus`'s module edges and the modules they join
/// (the JSON and DOT module graphs; the Mermaid map applies the focus
/// itself, with data and co-change links too).
fn focus_on(analysis: &Analysis, focus: &str) -> Analysis {
    let mut out = analysis.clone();
    out.module_edges
        .retain(|e| e.from == focus || e.to == focus);
    let near: std::collections::BTreeSet<String> = out
        .module_edges
        .iter()
        .flat_map(|e| [e.from.clone(), e.to.clone()])
        .chain([focus.to_string()])
        .collect();
    out.modules.retain(|m| near.contains(&m.name));
    out
}

fn dot(analysis: &Analysis, level: GraphLevel) -> String {
    let mut out = String::from("digraph planner {\n  rankdir=LR;\n  node [shape=box];\n");
    let quote = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    match level {
        GraphLevel::File => {
            for f in &analysis.files {
                out.push_str(&format!("  {};\n", quote(&f.id)));
            }
            for e in &analysis.edges {
                out.push_str(&format!(
                    "  {} -> {} [label={}];\n",
                    quote(&e.from),
                    quote(&e.to),
                    quote(e.kind.name())
                ));
            }
        }
        GraphLevel::Module => {
            for m in &analysis.modules {
                out.push_str(&format!("  {};\n", quote(&m.name)));
            }
            for e in &analysis.module_edges {
                out.push_str(&format!(
                    "  {} -> {} [label=\"{}\", penwidth={:.1}];\n",
                    quote(&e.from),
                    quote(&e.to),
                    e.imports,
                    1.0 + (e.imports as f64).ln()
                ));
            }
        }
    }
    out.push_str("}\n");
    out
}
