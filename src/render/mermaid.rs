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
    /// The `--map-limit` that left modules out, when it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<usize>,
    /// Modules the limit or the focus left out, by name.
    pub left_out: Vec<String>,
    /// The module a `--focus` map is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub focus: Option<String>,
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
