//! The module context map: modules and three kinds of relationship, within
//! Mermaid's limits (REFERENCE §4).
//! - imports: solid arrows labelled with the number of import statements,
//!   thick for the heaviest tenth, red where a cycle cut would remove them;
//! - data: dashed orange arrows from a module to the module whose tables it
//!   reaches (raw SQL, ORM models, or a foreign key between their tables);
//! - co-change: dotted blue two-way links between modules that often change
//!   in the same commit (history only).
//!
//! The top candidates are highlighted. Support modules (tests, migrations,
//! settings, scripts) are left out: they are not part of the design.
//!
//! A big repository's map keeps the `limit` modules most tied to the top
//! candidates (`--map-limit`, the candidates first, then their heaviest
//! neighbours, then the busiest of the rest) and says how many it left out;
//! `--focus MODULE` draws one module, its direct neighbours and the links
//! between it and them.

use super::mermaid::{ids, label, Diagram, MAX_CHARS, MAX_EDGES, MAX_NODES};
use crate::analysis::Analysis;
use crate::words::s;
use std::collections::{BTreeMap, BTreeSet};

/// At most this many data and co-change links, so imports stay readable.
const MAX_DATA: usize = 20;
const MAX_COCHANGE: usize = 15;
/// A co-change link is drawn when the pair shares at least this share
/// (code-maat's degree, in percent) of their changes.
const MIN_COCHANGE_DEGREE: u64 = 20;
/// How many top candidates are highlighted when there are no plans.
const HIGHLIGHT: usize = 5;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Import,
    Cut,
    Data,
    CoChange,
}

struct Link<'a> {
    from: &'a str,
    to: &'a str,
    weight: usize,
    label: String,
    kind: Kind,
}

/// How many modules a context map shows by default (`--map-limit`).
pub const DEFAULT_LIMIT: usize = 20;

/// Which part of the module graph a context map shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapOptions {
    /// At most this many modules (0: no limit beyond Mermaid's).
    pub limit: usize,
    /// Only this module and its direct neighbours.
    pub focus: Option<String>,
}

impl Default for MapOptions {
    fn default() -> Self {
        Self {
            limit: DEFAULT_LIMIT,
            focus: None,
        }
    }
}

pub fn context_map(analysis: &Analysis) -> Diagram {
    context_map_with(analysis, &MapOptions::default())
}

/// The module names a `--focus` can name: the modules of the design (not
/// support code).
pub fn check_focus(analysis: &Analysis, focus: &str) -> anyhow::Result<()> {
    let support = analysis.support_modules();
    if analysis
        .modules
        .iter()
        .any(|m| m.name == focus && !support.contains(m.name.as_str()))
    {
        return Ok(());
    }
    let names: Vec<&str> = analysis
        .modules
        .iter()
        .filter(|m| !support.contains(m.name.as_str()))
        .map(|m| m.name.as_str())
        .collect();
    anyhow::bail!(
        "--focus {focus}: no such module (support modules are not drawn); the modules are: {}",
        names.join(", ")
    )
}

pub fn context_map_with(analysis: &Analysis, options: &MapOptions) -> Diagram {
    let support = analysis.support_modules();
    let design = |m: &str| !support.contains(m);
    let cut: BTreeSet<(&str, &str)> = analysis
        .cycles
        .iter()
        .flat_map(|c| c.cut.iter().map(|e| (e.from.as_str(), e.to.as_str())))
        .collect();
    let mut imports: Vec<Link> = analysis
        .module_edges
        .iter()
        .filter(|e| design(&e.from) && design(&e.to))
        .map(|e| Link {
            from: &e.from,
            to: &e.to,
            weight: e.imports,
            label: e.imports.to_string(),
            kind: if cut.contains(&(e.from.as_str(), e.to.as_str())) {
                Kind::Cut
            } else {
                Kind::Import
            },
        })
        .collect();
    sort_links(&mut imports);
    let data = data_links(analysis, &design);
    let cochange = cochange_links(analysis, &design);
    // The candidates with a plan (ADR, checklists), else the first few.
    let highlighted: Vec<&str> = if analysis.plans.is_empty() {
        analysis
            .candidates
            .candidates
            .iter()
            .take(HIGHLIGHT)
            .map(|c| c.module.as_str())
            .collect()
    } else {
        analysis.plans.iter().map(|p| p.module.as_str()).collect()
    };

    // Rank modules by the traffic of their import and data links.
    let mut traffic: BTreeMap<&str, usize> = analysis
        .modules
        .iter()
        .filter(|m| !m.support)
        .map(|m| (m.name.as_str(), 0))
        .collect();
    for l in imports.iter().chain(&data) {
        *traffic.entry(l.from).or_default() += l.weight;
        *traffic.entry(l.to).or_default() += l.weight;
    }
    let mut ranked: Vec<(&str, usize)> = traffic.iter().map(|(n, t)| (*n, *t)).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let files: BTreeMap<&str, usize> = analysis
        .modules
        .iter()
        .map(|m| (m.name.as_str(), m.files))
        .collect();

    // The modules this map may show: a focus and its neighbours, or the
    // `limit` modules most tied to the top candidates.
    let focus = options.focus.as_deref().filter(|f| traffic.contains_key(f));
    let mut highlighted = highlighted;
    let (imports, data, cochange) = match focus {
        Some(f) => {
            let touches = |l: &Link| l.from == f || l.to == f;
            highlighted = vec![f];
            (
                imports.into_iter().filter(touches).collect::<Vec<_>>(),
                data.into_iter().filter(touches).collect::<Vec<_>>(),
                cochange.into_iter().filter(touches).collect::<Vec<_>>(),
            )
        }
        None => (imports, data, cochange),
    };
    let all_links = imports.len() + data.len() + cochange.len();
    let eligible: BTreeSet<&str> = match focus {
        Some(f) => imports
            .iter()
            .chain(&data)
            .chain(&cochange)
            .flat_map(|l| [l.from, l.to])
            .chain([f])
            .collect(),
        None if options.limit > 0 && traffic.len() > options.limit => limited(
            &ranked,
            &highlighted,
            [&imports, &data, &cochange],
            options.limit,
        ),
        None => traffic.keys().copied().collect(),
    };
    let left_out: Vec<String> = traffic
        .keys()
        .filter(|m| !eligible.contains(*m))
        .map(|m| m.to_string())
        .collect();
    let ranked: Vec<(&str, usize)> = ranked
        .into_iter()
        .filter(|(n, _)| eligible.contains(n))
        .collect();
    highlighted.retain(|m| eligible.contains(m));

    // A limited map also draws fewer links, those of the candidates first:
    // about two imports per module, half as many data and co-change links.
    let limited_map = focus.is_none() && !left_out.is_empty();
    let (mut imports, mut data, mut cochange) = (imports, data, cochange);
    let (mut max_edges, max_data, max_cochange) = if limited_map {
        let mine = |l: &Link| !(highlighted.contains(&l.from) || highlighted.contains(&l.to));
        for links in [&mut imports, &mut data, &mut cochange] {
            links.sort_by_key(|l| mine(l));
        }
        let half = (options.limit / 2).max(4);
        (
            MAX_EDGES.min(2 * options.limit),
            MAX_DATA.min(half),
            MAX_COCHANGE.min(half),
        )
    } else {
        (MAX_EDGES, MAX_DATA, MAX_COCHANGE)
    };
    let mut max_nodes = MAX_NODES;
    loop {
        let mut allowed: BTreeSet<&str> = ranked.iter().take(max_nodes).map(|(n, _)| *n).collect();
        allowed.extend(highlighted.iter().copied());
        let inside = |l: &&Link| allowed.contains(l.from) && allowed.contains(l.to);
        let shown_imports: Vec<&Link> = imports.iter().filter(inside).take(max_edges).collect();
        let shown_data: Vec<&Link> = data.iter().filter(inside).take(max_data).collect();
        let shown_cochange: Vec<&Link> =
            cochange.iter().filter(inside).take(max_cochange).collect();
        let shown: Vec<&Link> = shown_imports
            .iter()
            .chain(&shown_data)
            .chain(&shown_cochange)
            .copied()
            .collect();
        // Draw a module when one of its links is drawn, or when it is a top
        // candidate; without any link, draw them all.
        let mut kept: BTreeSet<&str> = shown.iter().flat_map(|l| [l.from, l.to]).collect();
        kept.extend(
            highlighted
                .iter()
                .copied()
                .filter(|m| traffic.contains_key(m)),
        );
        if shown.is_empty() {
            kept = allowed.clone();
        }
        let id = ids(kept.iter().copied(), "m_");
        let mut weights: Vec<usize> = shown_imports.iter().map(|l| l.weight).collect();
        weights.sort_by(|a, b| b.cmp(a));
        let heavy = weights
            .get(weights.len() / 10)
            .map_or(usize::MAX, |w| (*w).max(10));
        let mut text = String::from("flowchart LR\n");
        for name in &kept {
            let n = files.get(name).copied().unwrap_or(0);
            text.push_str(&format!(
                "  {}[{}]\n",
                id[name],
                label(&format!("{name}<br/>{n} file{}", s(n)))
            ));
        }
        let mut styles: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, l) in shown.iter().enumerate() {
            let arrow = match l.kind {
                Kind::Import | Kind::Cut if l.weight >= heavy => "==>",
                Kind::Import | Kind::Cut => "-->",
                Kind::Data => "-.->",
                Kind::CoChange => "<-.->",
            };
            text.push_str(&format!(
                "  {} {arrow}|{}| {}\n",
                id[l.from],
                label(&l.label),
                id[l.to]
            ));
            match l.kind {
                Kind::Cut => styles
                    .entry("stroke:#c0392b,color:#c0392b")
                    .or_default()
                    .push(i),
                Kind::Data => styles
                    .entry("stroke:#e67e22,color:#e67e22")
                    .or_default()
                    .push(i),
                Kind::CoChange => styles
                    .entry("stroke:#2e86de,color:#2e86de")
                    .or_default()
                    .push(i),
                Kind::Import => {}
            }
        }
        for (style, links) in &styles {
            let list: Vec<String> = links.iter().map(usize::to_string).collect();
            text.push_str(&format!("  linkStyle {} {style}\n", list.join(",")));
        }
        let marked: Vec<&str> = highlighted
            .iter()
            .filter_map(|m| id.get(m).map(String::as_str))
            .collect();
        if !marked.is_empty() {
            text.push_str("  classDef candidate fill:#e8f8e8,stroke:#27ae60,stroke-width:3px\n");
            text.push_str(&format!("  class {} candidate\n", marked.join(",")));
        }
        if text.len() <= MAX_CHARS || max_nodes <= 5 {
            let linked: BTreeSet<&str> = imports
                .iter()
                .chain(&data)
                .chain(&cochange)
                .flat_map(|l| [l.from, l.to])
                .collect();
            return Diagram {
                diagram: text.trim_end().to_string(),
                nodes_shown: kept.len(),
                nodes_total: traffic.len(),
                edges_shown: shown.len(),
                edges_total: all_links,
                unlinked: traffic
                    .keys()
                    .filter(|m| {
                        focus.is_none()
                            && eligible.contains(*m)
                            && !linked.contains(*m)
                            && !kept.contains(*m)
                    })
                    .map(|m| m.to_string())
                    .collect(),
                limit: (focus.is_none() && !left_out.is_empty()).then_some(options.limit),
                left_out,
                focus: focus.map(str::to_string),
            };
        }
        max_nodes = max_nodes * 3 / 4;
        max_edges = max_edges * 3 / 4;
    }
}

/// The `limit` modules a limited map keeps: the highlighted candidates,
/// then the modules most tied to them (by the weight of their links), then
/// the busiest of the rest.
fn limited<'a>(
    ranked: &[(&'a str, usize)],
    highlighted: &[&'a str],
    links: [&Vec<Link<'a>>; 3],
    limit: usize,
) -> BTreeSet<&'a str> {
    let known: BTreeSet<&str> = ranked.iter().map(|(n, _)| *n).collect();
    let mut kept: BTreeSet<&str> = BTreeSet::new();
    for m in highlighted {
        if kept.len() < limit && known.contains(m) {
            kept.insert(m);
        }
    }
    let mut tie: BTreeMap<&str, usize> = BTreeMap::new();
    for l in links.iter().flat_map(|v| v.iter()) {
        if kept.contains(l.from) && !kept.contains(l.to) {
            *tie.entry(l.to).or_default() += l.weight;
        }
        if kept.contains(l.to) && !kept.contains(l.from) {
            *tie.entry(l.from).or_default() += l.weight;
        }
    }
    let mut near: Vec<(&str, usize)> = tie.into_iter().collect();
    near.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    for (m, _) in near.into_iter().chain(ranked.iter().copied()) {
        if kept.len() >= limit {
            break;
        }
        kept.insert(m);
    }
    kept
}

/// module → owner of tables it reaches by SQL or ORM models, and the
/// modules tied by a foreign key (from the referencing side to the owner).
fn data_links<'a>(analysis: &'a Analysis, design: &dyn Fn(&str) -> bool) -> Vec<Link<'a>> {
    let Some(schema) = &analysis.schema else {
        return Vec::new();
    };
    let mut tables: BTreeMap<(&str, &str), BTreeSet<&str>> = BTreeMap::new();
    let mut keys: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for a in &schema.access {
        if a.module != a.owner && design(&a.module) && design(&a.owner) {
            tables
                .entry((a.module.as_str(), a.owner.as_str()))
                .or_default()
                .insert(a.table.as_str());
        }
    }
    for m in &schema.modules {
        for k in &m.crossing_keys {
            if k.from_module == m.module && design(&k.from_module) && design(&k.to_module) {
                *keys
                    .entry((k.from_module.as_str(), k.to_module.as_str()))
                    .or_default() += 1;
            }
        }
    }
    let pairs: BTreeSet<(&str, &str)> = tables.keys().chain(keys.keys()).copied().collect();
    let mut out: Vec<Link> = pairs
        .into_iter()
        .map(|(from, to)| {
            let t = tables.get(&(from, to)).map_or(0, BTreeSet::len);
            let k = keys.get(&(from, to)).copied().unwrap_or(0);
            let mut parts = Vec::new();
            if t > 0 {
                parts.push(format!("uses {t} table{}", s(t)));
            }
            if k > 0 {
                parts.push(format!("{k} FK{}", s(k)));
            }
            Link {
                from,
                to,
                weight: t + k,
                label: parts.join(", "),
                kind: Kind::Data,
            }
        })
        .collect();
    sort_links(&mut out);
    out
}

fn cochange_links<'a>(analysis: &'a Analysis, design: &dyn Fn(&str) -> bool) -> Vec<Link<'a>> {
    let Some(history) = &analysis.history else {
        return Vec::new();
    };
    let mut out: Vec<Link> = history
        .module_cochange
        .iter()
        .filter(|p| p.degree >= MIN_COCHANGE_DEGREE && design(&p.module) && design(&p.other))
        .map(|p| Link {
            from: &p.module,
            to: &p.other,
            weight: p.shared_changesets as usize,
            label: format!("co-change {}%", p.degree),
            kind: Kind::CoChange,
        })
        .collect();
    sort_links(&mut out);
    out
}

/// Heaviest first; ties by (from, to), so the drawing order is stable.
fn sort_links(links: &mut [Link<'_>]) {
    links.sort_by(|a, b| {
        b.weight
            .cmp(&a.weight)
            .then_with(|| (a.from, a.to).cmp(&(b.from, b.to)))
    });
}
