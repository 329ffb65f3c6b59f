//! `report.html`: one self-contained page (no network at view time) with the
//! context map as a pan-and-zoom SVG, the sortable candidate table, the
//! hotspot and priority scatter plots and a drill-down per candidate.
//!
//! Rust computes everything the page shows, including the map's layout (a
//! force layout from a fixed start, with a fixed number of steps), and embeds
//! it as one JSON blob; the template's inline JavaScript only draws it. The
//! same analysis therefore gives a byte-identical file.

use crate::analysis::{Analysis, ModuleKind};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The layout's drawing area, in SVG units.
const WIDTH: f64 = 1000.0;
const HEIGHT: f64 = 700.0;

#[derive(Serialize)]
pub struct Report<'a> {
    repo: &'a str,
    version: &'a str,
    /// The history tip's date, the analysis's own date; absent without history.
    date: Option<&'a str>,
    confidence: &'static str,
    inputs: &'a crate::score::Inputs,
    width: f64,
    height: f64,
    modules: Vec<Node<'a>>,
    imports: Vec<ImportLink<'a>>,
    data: Vec<DataLink<'a>>,
    cochange: Vec<CoChangeLink<'a>>,
    candidates: &'a [crate::score::Candidate],
    hotspots: Vec<Hotspot<'a>>,
    details: BTreeMap<&'a str, Detail<'a>>,
}

#[derive(Serialize)]
struct Node<'a> {
    name: &'a str,
    /// `capability`, `shared_kernel`, `support` or `module`: how the page
    /// colours it.
    role: &'static str,
    kind: ModuleKind,
    files: usize,
    loc: usize,
    ca: usize,
    ce: usize,
    /// Candidate rank, when ranked.
    #[serde(skip_serializing_if = "Option::is_none")]
    rank: Option<usize>,
    /// Has a plan (ADR, checklists).
    planned: bool,
    in_cycle: bool,
    x: f64,
    y: f64,
}

#[derive(Serialize)]
struct ImportLink<'a> {
    from: &'a str,
    to: &'a str,
    imports: usize,
    /// A cycle cut would remove it.
    cut: bool,
}

#[derive(Serialize)]
struct DataLink<'a> {
    from: &'a str,
    to: &'a str,
    /// Tables of `to` that `from` reads or writes.
    tables: Vec<&'a str>,
    /// Foreign keys from `from`'s tables to `to`'s.
    fks: usize,
}

#[derive(Serialize)]
struct CoChangeLink<'a> {
    from: &'a str,
    to: &'a str,
    shared: u64,
    degree: u64,
}

#[derive(Serialize)]
struct Hotspot<'a> {
    path: &'a str,
    module: Option<&'a str>,
    revisions: u64,
    loc: Option<u64>,
    complexity: Option<u64>,
    hotspot: Option<u64>,
}

#[derive(Serialize)]
struct Neighbour<'a> {
    module: &'a str,
    imports: usize,
}

#[derive(Serialize)]
struct OwnedTable<'a> {
    name: &'a str,
    columns: usize,
    incoming: usize,
    outgoing: usize,
}

#[derive(Serialize)]
struct PlanSummary<'a> {
    adr_number: u32,
    approach: &'a str,
    data: &'a str,
    data_summary: &'a str,
    callers: usize,
}

/// A foreign key between this module's tables and another module's.
#[derive(Serialize)]
struct CrossKey<'a> {
    from_table: &'a str,
    from_columns: &'a [String],
    from_module: &'a str,
    to_table: &'a str,
    to_module: &'a str,
}

/// What the page shows when a candidate is clicked.
#[derive(Serialize)]
struct Detail<'a> {
    imports_in: Vec<Neighbour<'a>>,
    imports_out: Vec<Neighbour<'a>>,
    tables: Vec<OwnedTable<'a>>,
    crossing_keys: Vec<CrossKey<'a>>,
    /// Its code reaching other modules' tables.
    uses_tables: Vec<&'a crate::schema::TableAccess>,
    /// Other modules reaching its tables.
    used_by: Vec<&'a crate::schema::TableAccess>,
    endpoints: Vec<&'a crate::inventory::Endpoint>,
    jobs: Vec<&'a crate::inventory::Job>,
    events: Vec<&'a crate::inventory::Event>,
    #[serde(skip_serializing_if = "Option::is_none")]
    plan: Option<PlanSummary<'a>>,
}

pub fn report(analysis: &Analysis) -> Report<'_> {
    let support = analysis.support_modules();
    let ranks: BTreeMap<&str, usize> = analysis
        .candidates
        .candidates
        .iter()
        .map(|c| (c.module.as_str(), c.rank))
        .collect();
    let planned: BTreeSet<&str> = analysis.plans.iter().map(|p| p.module.as_str()).collect();
    let cut: BTreeSet<(&str, &str)> = analysis
        .cycles
        .iter()
        .flat_map(|c| c.cut.iter().map(|e| (e.from.as_str(), e.to.as_str())))
        .collect();
    let imports: Vec<ImportLink> = analysis
        .module_edges
        .iter()
        .map(|e| ImportLink {
            from: &e.from,
            to: &e.to,
            imports: e.imports,
            cut: cut.contains(&(e.from.as_str(), e.to.as_str())),
        })
        .collect();
    let data = data_links(analysis);
    let cochange: Vec<CoChangeLink> = analysis
        .history
        .iter()
        .flat_map(|h| &h.module_cochange)
        .map(|p| CoChangeLink {
            from: &p.module,
            to: &p.other,
            shared: p.shared_changesets,
            degree: p.degree,
        })
        .collect();

    let names: Vec<&str> = analysis.modules.iter().map(|m| m.name.as_str()).collect();
    let mut springs: Vec<(&str, &str, f64)> = imports
        .iter()
        .map(|l| (l.from, l.to, l.imports as f64))
        .collect();
    springs.extend(
        data.iter()
            .map(|l| (l.from, l.to, (l.tables.len() + l.fks) as f64)),
    );
    springs.extend(cochange.iter().map(|l| (l.from, l.to, 1.0)));
    let at = layout(&names, &springs);

    let modules = analysis
        .modules
        .iter()
        .zip(&at)
        .map(|(m, &(x, y))| Node {
            name: &m.name,
            role: if support.contains(m.name.as_str()) {
                "support"
            } else {
                match m.kind {
                    ModuleKind::Capability => "capability",
                    ModuleKind::SharedKernel => "shared_kernel",
                    _ => "module",
                }
            },
            kind: m.kind,
            files: m.files,
            loc: m.loc,
            ca: m.ca,
            ce: m.ce,
            rank: ranks.get(m.name.as_str()).copied(),
            planned: planned.contains(m.name.as_str()),
            in_cycle: m.cycle.is_some(),
            x,
            y,
        })
        .collect();

    let mut hotspots: BTreeMap<&str, Hotspot> = BTreeMap::new();
    for f in analysis.history.iter().flat_map(|h| {
        h.top_files
            .iter()
            .chain(&h.hotspots)
            .chain(&h.knowledge_islands)
    }) {
        hotspots.entry(&f.path).or_insert(Hotspot {
            path: &f.path,
            module: f.module.as_deref(),
            revisions: f.revisions,
            loc: f.loc,
            complexity: f.complexity,
            hotspot: f.hotspot,
        });
    }

    let details = analysis
        .candidates
        .candidates
        .iter()
        .map(|c| (c.module.as_str(), detail(analysis, &c.module)))
        .collect();

    Report {
        repo: &analysis.repo,
        version: &analysis.tool.version,
        date: analysis.history.as_ref().map(|h| h.tip_date.as_str()),
        confidence: analysis.candidates.confidence,
        inputs: &analysis.candidates.inputs,
        width: WIDTH,
        height: HEIGHT,
        modules,
        imports,
        data,
        cochange,
        candidates: &analysis.candidates.candidates,
        hotspots: hotspots.into_values().collect(),
        details,
    }
}

/// module → owner of the tables it reaches (raw SQL or ORM models), and
/// foreign keys from its tables to another module's.
fn data_links(analysis: &Analysis) -> Vec<DataLink<'_>> {
    let Some(schema) = &analysis.schema else {
        return Vec::new();
    };
    let mut links: BTreeMap<(&str, &str), (BTreeSet<&str>, usize)> = BTreeMap::new();
    for a in &schema.access {
        if a.module != a.owner {
            links
                .entry((&a.module, &a.owner))
                .or_default()
                .0
                .insert(&a.table);
        }
    }
    for m in &schema.modules {
        for k in &m.crossing_keys {
            if k.from_module == m.module && k.from_module != k.to_module {
                links.entry((&k.from_module, &k.to_module)).or_default().1 += 1;
            }
        }
    }
    links
        .into_iter()
        .map(|((from, to), (tables, fks))| DataLink {
            from,
            to,
            tables: tables.into_iter().collect(),
            fks,
        })
        .collect()
}

fn detail<'a>(analysis: &'a Analysis, module: &str) -> Detail<'a> {
    let mut imports_in: Vec<Neighbour> = analysis
        .module_edges
        .iter()
        .filter(|e| e.to == module && e.from != module)
        .map(|e| Neighbour {
            module: &e.from,
            imports: e.imports,
        })
        .collect();
    let mut imports_out: Vec<Neighbour> = analysis
        .module_edges
        .iter()
        .filter(|e| e.from == module && e.to != module)
        .map(|e| Neighbour {
            module: &e.to,
            imports: e.imports,
        })
        .collect();
    for list in [&mut imports_in, &mut imports_out] {
        list.sort_by(|a, b| b.imports.cmp(&a.imports).then(a.module.cmp(b.module)));
    }
    let schema = analysis.schema.as_ref();
    let tables = schema
        .iter()
        .flat_map(|s| &s.tables)
        .filter(|t| t.owner.as_deref() == Some(module))
        .map(|t| OwnedTable {
            name: &t.name,
            columns: t.columns.len(),
            incoming: t.incoming,
            outgoing: t.outgoing,
        })
        .collect();
    let crossing_keys = schema
        .iter()
        .flat_map(|s| &s.modules)
        .filter(|m| m.module == module)
        .flat_map(|m| &m.crossing_keys)
        .map(|k| CrossKey {
            from_table: &k.from_table,
            from_columns: &k.from_columns,
            from_module: &k.from_module,
            to_table: &k.to_table,
            to_module: &k.to_module,
        })
        .collect();
    let access = || schema.iter().flat_map(|s| &s.access);
    let uses_tables = access()
        .filter(|a| a.module == module && a.owner != module)
        .collect();
    let used_by = access()
        .filter(|a| a.owner == module && a.module != module)
        .collect();
    let inventory = analysis.inventory.as_ref();
    let mine = |m: &Option<String>| m.as_deref() == Some(module);
    Detail {
        imports_in,
        imports_out,
        tables,
        crossing_keys,
        uses_tables,
        used_by,
        endpoints: inventory
            .iter()
            .flat_map(|i| &i.endpoints)
            .filter(|e| mine(&e.module))
            .collect(),
        jobs: inventory
            .iter()
            .flat_map(|i| &i.jobs)
            .filter(|j| mine(&j.module))
            .collect(),
        events: inventory
            .iter()
            .flat_map(|i| &i.events)
            .filter(|e| mine(&e.module))
            .collect(),
        plan: analysis
            .plans
            .iter()
            .find(|p| p.module == module)
            .map(|p| PlanSummary {
                adr_number: p.adr_number,
                approach: p.integration.title,
                data: p.data.choice,
                data_summary: &p.data.summary,
                callers: p.callers.len(),
            }),
    }
}

/// Positions for `names` (in that order) inside `WIDTH` × `HEIGHT`: a
/// Fruchterman–Reingold force layout started from a sunflower spiral in name
/// order, run for a fixed number of steps, with a pull to the centre so
/// unlinked modules stay near. No randomness: the same graph gives the same
/// coordinates, rounded to one decimal.
fn layout(names: &[&str], springs: &[(&str, &str, f64)]) -> Vec<(f64, f64)> {
    let n = names.len();
    if n == 0 {
        return Vec::new();
    }
    let index: BTreeMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    // Spring strength grows with the log of the weight; a pair linked both
    // ways counts once per link.
    let mut pairs: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    for (a, b, w) in springs {
        if let (Some(&i), Some(&j)) = (index.get(a), index.get(b)) {
            if i != j {
                *pairs.entry((i.min(j), i.max(j))).or_default() += (1.0 + w).ln();
            }
        }
    }
    // Normalised to 0..1, so a dense graph does not collapse into a ball.
    let heaviest = pairs.values().fold(f64::MIN_POSITIVE, |a, &b| a.max(b));
    for w in pairs.values_mut() {
        *w = 0.1 + 0.9 * *w / heaviest;
    }
    let golden = std::f64::consts::PI * (3.0 - 5f64.sqrt());
    let mut pos: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let r = ((i as f64 + 0.5) / n as f64).sqrt();
            let t = i as f64 * golden;
            (r * t.cos(), r * t.sin())
        })
        .collect();
    let k = (1.0 / n as f64).sqrt();
    // At most about 40 million pair visits, whatever the module count.
    let steps = (40_000_000 / (n * n).max(1)).clamp(30, 400);
    let mut temp = 0.1;
    let cool = temp / steps as f64;
    for _ in 0..steps {
        let mut disp = vec![(0.0f64, 0.0f64); n];
        for i in 0..n {
            for j in (i + 1)..n {
                let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                let d2 = (dx * dx + dy * dy).max(1e-6);
                let f = k * k / d2;
                disp[i].0 += dx * f;
                disp[i].1 += dy * f;
                disp[j].0 -= dx * f;
                disp[j].1 -= dy * f;
            }
        }
        for (&(i, j), &w) in &pairs {
            let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
            let d = (dx * dx + dy * dy).sqrt().max(1e-6);
            let f = 0.15 * d * w / k;
            disp[i].0 -= dx * f;
            disp[i].1 -= dy * f;
            disp[j].0 += dx * f;
            disp[j].1 += dy * f;
        }
        for (p, d) in pos.iter_mut().zip(&disp) {
            // Gravity toward the centre, as strong as the repulsion of all
            // the others at distance 1: the cloud stays about a unit disc and
            // an unlinked module does not drift off.
            let (dx, dy) = (d.0 - p.0, d.1 - p.1);
            let len = (dx * dx + dy * dy).sqrt();
            if len > 0.0 {
                let step = len.min(temp);
                p.0 += dx / len * step;
                p.1 += dy / len * step;
            }
        }
        temp -= cool;
    }
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in &pos {
        x0 = x0.min(x);
        y0 = y0.min(y);
        x1 = x1.max(x);
        y1 = y1.max(y);
    }
    let margin = 80.0;
    let sx = (WIDTH - 2.0 * margin) / (x1 - x0).max(1e-9);
    let sy = (HEIGHT - 2.0 * margin) / (y1 - y0).max(1e-9);
    let round = |v: f64| (v * 10.0).round() / 10.0;
    pos.iter()
        .map(|&(x, y)| {
            if n == 1 {
                (WIDTH / 2.0, HEIGHT / 2.0)
            } else {
                (round(margin + (x - x0) * sx), round(margin + (y - y0) * sy))
            }
        })
        .collect()
}

/// `value` as JSON that is safe inside `<script type="application/json">`:
/// `<`, `>` and `&` become `\u003c`, `\u003e`, `\u0026` (so no `</script>`
/// or `<!--` can appear), and U+2028/U+2029 are escaped too.
pub fn script_json<T: Serialize>(value: &T) -> serde_json::Result<String> {
    let text = serde_json::to_string(value)?;
    let mut out = String::with_capacity(text.len() + 64);
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_script_element() {
        let text = script_json(&vec!["</script><!--", "a&b", "\u{2028}"]).unwrap();
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        let back: Vec<String> = serde_json::from_str(&text).unwrap();
        assert_eq!(back, vec!["</script><!--", "a&b", "\u{2028}"]);
    }

    #[test]
    fn layout_is_deterministic_and_inside_the_area() {
        let names = ["a", "b", "c", "d", "e"];
        let springs = [("a", "b", 10.0), ("b", "c", 1.0), ("d", "a", 3.0)];
        let one = layout(&names, &springs);
        assert_eq!(one, layout(&names, &springs));
        assert_eq!(one.len(), 5);
        for &(x, y) in &one {
            assert!((0.0..=WIDTH).contains(&x) && (0.0..=HEIGHT).contains(&y));
        }
        // Nodes do not sit on top of each other.
        for i in 0..5 {
            for j in (i + 1)..5 {
                let d = ((one[i].0 - one[j].0).powi(2) + (one[i].1 - one[j].1).powi(2)).sqrt();
                assert!(d > 20.0, "{i} {j} {d}");
            }
        }
    }
}
