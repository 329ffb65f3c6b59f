//! Mermaid flowcharts within the renderer's limits (REFERENCE §4): prefixed
//! `[A-Za-z0-9_]` ids, quoted labels with `#quot;`, at most `MAX_EDGES` links
//! and well under the 50,000-character `maxTextSize`. What is cut is counted,
//! so documents can say what they leave out.

use crate::analysis::Analysis;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Mermaid's hard limit is 500 edges; past ~80 a map stops being readable.
pub const MAX_EDGES: usize = 80;
pub const MAX_NODES: usize = 60;
/// Mermaid replaces any diagram over 50,000 characters with an error.
pub const MAX_CHARS: usize = 45_000;

#[derive(Debug, Clone, Serialize)]
pub struct Diagram {
    pub diagram: String,
    pub nodes_shown: usize,
    pub nodes_total: usize,
    pub edges_shown: usize,
    pub edges_total: usize,
    /// Modules linked to no other module at all (not drawn).
    pub unlinked: Vec<String>,
}

/// Stable, safe ids: `m_` + the name with every other character as `_`,
/// with a numeric suffix on collision.
pub fn ids<'a>(
    names: impl IntoIterator<Item = &'a str>,
    prefix: &str,
) -> BTreeMap<&'a str, String> {
    let mut used = BTreeSet::new();
    let mut out = BTreeMap::new();
    for name in names {
        let base: String = format!(
            "{prefix}{}",
            name.chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect::<String>()
        );
        let mut id = base.clone();
        let mut n = 2;
        while !used.insert(id.clone()) {
            id = format!("{base}_{n}");
            n += 1;
        }
        out.insert(name, id);
    }
    out
}

pub fn label(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "#quot;"))
}

/// The module context map: modules weighted by size, links by import count.
/// Links that a cycle cut would remove are dotted. Support modules (tests,
/// migrations, scripts) are left out: they are not part of the design.
pub fn context_map(analysis: &Analysis) -> Diagram {
    let support: BTreeSet<&str> = analysis
        .modules
        .iter()
        .filter(|m| m.support)
        .map(|m| m.name.as_str())
        .collect();
    let cut: BTreeSet<(&str, &str)> = analysis
        .cycles
        .iter()
        .flat_map(|c| c.cut.iter().map(|e| (e.from.as_str(), e.to.as_str())))
        .collect();
    let mut edges: Vec<(&str, &str, usize)> = analysis
        .module_edges
        .iter()
        .filter(|e| !support.contains(e.from.as_str()) && !support.contains(e.to.as_str()))
        .map(|e| (e.from.as_str(), e.to.as_str(), e.imports))
        .collect();
    edges.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| (a.0, a.1).cmp(&(b.0, b.1))));
    // Rank modules by how much import traffic they carry.
    let mut traffic: BTreeMap<&str, usize> = analysis
        .modules
        .iter()
        .filter(|m| !m.support)
        .map(|m| (m.name.as_str(), 0))
        .collect();
    for &(a, b, w) in &edges {
        *traffic.entry(a).or_default() += w;
        *traffic.entry(b).or_default() += w;
    }
    let mut ranked: Vec<(&str, usize)> = traffic.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let mut max_nodes = MAX_NODES;
    let mut max_edges = MAX_EDGES;
    loop {
        let candidates: BTreeSet<&str> = ranked.iter().take(max_nodes).map(|(n, _)| *n).collect();
        let shown: Vec<&(&str, &str, usize)> = edges
            .iter()
            .filter(|(a, b, _)| candidates.contains(a) && candidates.contains(b))
            .take(max_edges)
            .collect();
        // Draw a module only when one of its links is drawn: a box whose
        // links were all cut says nothing. Without any link, draw them all.
        let kept: BTreeSet<&str> = if shown.is_empty() {
            candidates
        } else {
            shown.iter().flat_map(|(a, b, _)| [*a, *b]).collect()
        };
        let files: BTreeMap<&str, usize> = analysis
            .modules
            .iter()
            .map(|m| (m.name.as_str(), m.files))
            .collect();
        let id = ids(kept.iter().copied(), "m_");
        let heavy = shown
            .get(shown.len() / 10)
            .map_or(usize::MAX, |e| e.2.max(10));
        let mut text = String::from("flowchart LR\n");
        for name in &kept {
            let n = files.get(name).copied().unwrap_or(0);
            text.push_str(&format!(
                "  {}[{}]\n",
                id[name],
                label(&format!("{name}<br/>{n} files"))
            ));
        }
        for &&(a, b, w) in &shown {
            let arrow = if cut.contains(&(a, b)) {
                "-.->"
            } else if w >= heavy {
                "==>"
            } else {
                "-->"
            };
            text.push_str(&format!("  {} {}|{}| {}\n", id[a], arrow, w, id[b]));
        }
        if text.len() <= MAX_CHARS || max_nodes <= 5 {
            return Diagram {
                diagram: text.trim_end().to_string(),
                nodes_shown: kept.len(),
                nodes_total: analysis.modules.len() - support.len(),
                edges_shown: shown.len(),
                edges_total: edges.len(),
                unlinked: ranked
                    .iter()
                    .filter(|(_, traffic)| *traffic == 0)
                    .map(|(n, _)| n.to_string())
                    .collect(),
            };
        }
        max_nodes = max_nodes * 3 / 4;
        max_edges = max_edges * 3 / 4;
    }
}

/// The file graph, cut to the most connected files.
pub fn file_graph(analysis: &Analysis) -> String {
    let mut degree: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &analysis.edges {
        *degree.entry(e.from.as_str()).or_default() += 1;
        *degree.entry(e.to.as_str()).or_default() += 1;
    }
    let mut ranked: Vec<(&str, usize)> = degree.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let kept: BTreeSet<&str> = ranked.iter().take(MAX_NODES).map(|(n, _)| *n).collect();
    let id = ids(kept.iter().copied(), "f_");
    let mut text = String::from("flowchart LR\n");
    for name in &kept {
        text.push_str(&format!("  {}[{}]\n", id[name], label(name)));
    }
    let mut seen = BTreeSet::new();
    for e in &analysis.edges {
        if kept.contains(e.from.as_str())
            && kept.contains(e.to.as_str())
            && seen.len() < MAX_EDGES
            && seen.insert((&e.from, &e.to))
        {
            text.push_str(&format!(
                "  {} --> {}\n",
                id[e.from.as_str()],
                id[e.to.as_str()]
            ));
        }
    }
    if kept.len() < analysis.files.len() {
        text.push_str(&format!(
            "  %% showing the {} most connected of {} files\n",
            kept.len(),
            analysis.files.len()
        ));
    }
    text.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_safe_prefixed_and_unique() {
        let id = ids(["end", "a-b", "a_b", "graph"], "m_");
        assert_eq!(id["end"], "m_end");
        assert_eq!(id["a-b"], "m_a_b");
        assert_eq!(id["a_b"], "m_a_b_2");
    }

    #[test]
    fn labels_escape_quotes() {
        assert_eq!(label("say \"hi\""), "\"say #quot;hi#quot;\"");
    }
}
