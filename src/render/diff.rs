//! `planner diff` for people: a Markdown pull-request comment with a small
//! Mermaid diagram of the modules the change affects.

use super::mermaid::{ids, label};
use crate::delta::Report;
use anyhow::Result;
use minijinja::Environment;
use std::collections::{BTreeMap, BTreeSet};

/// A comment stays short: each list shows this many items, the JSON has all.
pub const LIST_LIMIT: usize = 25;
/// The diagram draws at most this many modules.
pub const DIAGRAM_NODES: usize = 15;

pub fn markdown(report: &Report, env: &Environment) -> Result<String> {
    let text = env.get_template("diff.md")?.render(minijinja::context! {
        r => report,
        diagram => diagram(report),
        modules => module_rows(report),
        limit => LIST_LIMIT,
    })?;
    Ok(text)
}

/// The modules table, formatted: (module, files changed, difficulty, change).
fn module_rows(report: &Report) -> Vec<(String, usize, String, String)> {
    report
        .modules
        .iter()
        .map(|m| {
            let difficulty = m
                .difficulty_after
                .map_or_else(|| "–".to_string(), |d| format!("{d:.3}"));
            let change = match m.difficulty_change {
                Some(c) if c > 0.0 => format!("+{c:.3}"),
                Some(c) if c < 0.0 => format!("−{:.3}", -c),
                Some(_) => "0".to_string(),
                None if m.difficulty_after.is_some() => "new".to_string(),
                None => "–".to_string(),
            };
            (m.module.clone(), m.files_changed, difficulty, change)
        })
        .collect()
}

/// The touched modules and the modules at the other end of every module
/// link the change adds or removes: added links solid with the number of
/// imports added, removed ones dotted, links of a new cycle in red. Empty
/// when the change touches no module.
pub fn diagram(report: &Report) -> String {
    // (from, to) → (imports added, imports removed).
    let mut links: BTreeMap<(&str, &str), (usize, usize)> = BTreeMap::new();
    for e in &report.edges_added {
        links
            .entry((e.from_module.as_str(), e.to_module.as_str()))
            .or_default()
            .0 += e.lines.len();
    }
    for e in &report.edges_removed {
        links
            .entry((e.from_module.as_str(), e.to_module.as_str()))
            .or_default()
            .1 += e.lines.len();
    }
    let touched: BTreeSet<&str> = report.modules.iter().map(|m| m.module.as_str()).collect();
    let cycle_links: BTreeSet<(&str, &str)> = report
        .new_cycles
        .iter()
        .flat_map(|c| &c.added_edges)
        .map(|e| (e.from_module.as_str(), e.to_module.as_str()))
        .collect();
    // Touched modules first (most files changed), then the others by traffic.
    let mut ranked: Vec<(&str, usize, usize)> = Vec::new();
    let mut traffic: BTreeMap<&str, usize> = BTreeMap::new();
    for (&(a, b), &(add, rem)) in &links {
        *traffic.entry(a).or_default() += add + rem;
        *traffic.entry(b).or_default() += add + rem;
    }
    for m in &report.modules {
        ranked.push((m.module.as_str(), 0, usize::MAX - m.files_changed));
    }
    for (&name, &t) in &traffic {
        if !touched.contains(name) {
            ranked.push((name, 1, usize::MAX - t));
        }
    }
    ranked.sort();
    let shown: BTreeSet<&str> = ranked
        .iter()
        .take(DIAGRAM_NODES)
        .map(|(n, _, _)| *n)
        .collect();
    if shown.is_empty() {
        return String::new();
    }
    let id = ids(shown.iter().copied(), "m_");
    let mut text = String::from("flowchart LR\n");
    text.push_str("  classDef touched fill:#fff3bf,stroke:#f08c00\n");
    for name in &shown {
        let class = if touched.contains(name) { ":::touched" } else { "" };
        text.push_str(&format!("  {}[{}]{class}\n", id[name], label(name)));
    }
    let mut red = Vec::new();
    let mut n = 0;
    for (&(a, b), &(add, rem)) in &links {
        if !shown.contains(a) || !shown.contains(b) {
            continue;
        }
        if add > 0 {
            text.push_str(&format!("  {} ==>|{}| {}\n", id[a], label(&format!("+{add}")), id[b]));
            if cycle_links.contains(&(a, b)) {
                red.push(n);
            }
            n += 1;
        }
        if rem > 0 {
            text.push_str(&format!("  {} -.->|{}| {}\n", id[a], label(&format!("−{rem}")), id[b]));
            n += 1;
        }
    }
    for i in red {
        text.push_str(&format!("  linkStyle {i} stroke:#e03131,stroke-width:3px\n"));
    }
    text.trim_end().to_string()
}
