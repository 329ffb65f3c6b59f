//! `planner diff` for people: a Markdown pull-request comment with a small
//! Mermaid diagram of the modules the change affects.

use super::mermaid::{ids, label};
use crate::delta::Report;
use anyhow::Result;
use minijinja::Environment;
use serde::Serialize;
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
        access => access_rows(report),
        base => short(&report.base.spec),
        head => short(&report.head.spec),
        limit => LIST_LIMIT,
    })?;
    Ok(text)
}

/// A full commit id, shortened as git shows it; anything else as given.
fn short(spec: &str) -> String {
    if spec.len() == 40 && spec.bytes().all(|b| b.is_ascii_hexdigit()) {
        spec[..10].to_string()
    } else {
        spec.to_string()
    }
}

/// New uses of other modules' tables at one place, grouped: one import of
/// a models module reaches many tables.
#[derive(Debug, Serialize)]
struct AccessRow {
    file: String,
    line: usize,
    module: String,
    verb: &'static str,
    owner: String,
    tables: Vec<String>,
}

fn access_rows(report: &Report) -> Vec<AccessRow> {
    let mut rows: Vec<AccessRow> = Vec::new();
    for a in &report.table_access_added {
        let verb = match a.mode {
            crate::schema::AccessMode::Read => "reads",
            crate::schema::AccessMode::Write => "writes",
            crate::schema::AccessMode::Model => "uses the model of",
        };
        // `table_access_added` is sorted by module, table, …: group by
        // place with a map from place to row.
        match rows.iter_mut().find(|r| {
            r.file == a.file
                && r.line == a.line
                && r.module == a.module
                && r.verb == verb
                && r.owner == a.owner
        }) {
            Some(row) => row.tables.push(a.table.clone()),
            None => rows.push(AccessRow {
                file: a.file.clone(),
                line: a.line,
                module: a.module.clone(),
                verb,
                owner: a.owner.clone(),
                tables: vec![a.table.clone()],
            }),
        }
    }
    for row in &mut rows {
        row.tables.sort();
    }
    rows.sort_by(|a, b| (&a.file, a.line, &a.module).cmp(&(&b.file, b.line, &b.module)));
    rows
}

/// The modules table, formatted: (module, files changed, difficulty, change),
/// the largest difficulty moves first, then the most files changed.
fn module_rows(report: &Report) -> Vec<(String, usize, String, String)> {
    let mut modules: Vec<&crate::delta::TouchedModule> = report.modules.iter().collect();
    modules.sort_by(|a, b| {
        let moved = |m: &crate::delta::TouchedModule| m.difficulty_change.map_or(0.0, f64::abs);
        moved(b)
            .total_cmp(&moved(a))
            .then(b.files_changed.cmp(&a.files_changed))
            .then_with(|| a.module.cmp(&b.module))
    });
    modules
        .into_iter()
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
    // Modules whose links changed first (touched ones before the others,
    // most imports added or removed first), then touched modules whose links
    // did not change (most files changed first).
    let mut traffic: BTreeMap<&str, usize> = BTreeMap::new();
    for (&(a, b), &(add, rem)) in &links {
        *traffic.entry(a).or_default() += add + rem;
        *traffic.entry(b).or_default() += add + rem;
    }
    let mut ranked: Vec<(u8, std::cmp::Reverse<usize>, &str)> = traffic
        .iter()
        .map(|(&name, &t)| {
            (
                u8::from(!touched.contains(name)),
                std::cmp::Reverse(t),
                name,
            )
        })
        .collect();
    for m in &report.modules {
        if !traffic.contains_key(m.module.as_str()) {
            ranked.push((2, std::cmp::Reverse(m.files_changed), m.module.as_str()));
        }
    }
    ranked.sort();
    let shown: BTreeSet<&str> = ranked
        .iter()
        .take(DIAGRAM_NODES)
        .map(|(_, _, n)| *n)
        .collect();
    if shown.is_empty() {
        return String::new();
    }
    let id = ids(shown.iter().copied(), "m_");
    let mut text = String::from("flowchart LR\n");
    text.push_str("  classDef touched fill:#fff3bf,stroke:#f08c00\n");
    for name in &shown {
        let class = if touched.contains(name) {
            ":::touched"
        } else {
            ""
        };
        text.push_str(&format!("  {}[{}]{class}\n", id[name], label(name)));
    }
    let mut red = Vec::new();
    let mut n = 0;
    for (&(a, b), &(add, rem)) in &links {
        if !shown.contains(a) || !shown.contains(b) {
            continue;
        }
        if add > 0 {
            text.push_str(&format!(
                "  {} ==>|{}| {}\n",
                id[a],
                label(&format!("+{add}")),
                id[b]
            ));
            if cycle_links.contains(&(a, b)) {
                red.push(n);
            }
            n += 1;
        }
        if rem > 0 {
            text.push_str(&format!(
                "  {} -.->|{}| {}\n",
                id[a],
                label(&format!("−{rem}")),
                id[b]
            ));
            n += 1;
        }
    }
    for i in red {
        text.push_str(&format!(
            "  linkStyle {i} stroke:#e03131,stroke-width:3px\n"
        ));
    }
    text.trim_end().to_string()
}
