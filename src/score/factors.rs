//! The raw numbers behind each score, and their normalisation.
//!
//! Counts (imports, revisions, churn) are heavy-tailed, so they are scored as
//! log(1 + x) / log(1 + max) across the candidates; shares (co-change,
//! fragmentation) are already 0..1 and are used as they are.

use super::{Factor, Weights};
use crate::analysis::{Analysis, ModuleInfo};
use crate::history::metrics::ModuleHistory;
use crate::schema::ModuleTables;

/// What the scores read for one candidate module.
pub struct ModuleFacts<'a> {
    pub name: String,
    pub info: &'a ModuleInfo,
    /// `None` when there is no history at all; a module untouched by the
    /// mined history has an all-zero entry instead.
    pub history: Option<ModuleHistory>,
    /// `None` without a schema; an empty entry for a module with no tables.
    pub tables: Option<ModuleTables>,
    /// Import statements into other modules that are capabilities, not
    /// support code (settings, framework base classes, scripts).
    pub calls_out: usize,
    /// How many such modules.
    pub calls_out_modules: usize,
    /// Support modules it imports (not counted as calls back).
    pub support_out: Vec<String>,
}

impl ModuleFacts<'_> {
    /// Distinct tables of other modules it reads, writes or uses models of.
    pub fn foreign_tables(&self) -> usize {
        self.tables.as_ref().map_or(0, |t| {
            let all: std::collections::BTreeSet<&String> = t
                .reads
                .iter()
                .chain(&t.writes)
                .chain(&t.via_models)
                .collect();
            all.len()
        })
    }
}

/// Candidates are the modules that hold code and are not support code
/// (tests, migrations, scripts, configuration).
pub fn collect(analysis: &Analysis) -> Vec<ModuleFacts<'_>> {
    let support = analysis.support_modules();
    analysis
        .modules
        .iter()
        .filter(|m| !m.support && m.files > 0)
        .map(|info| {
            let (to_support, to_capabilities): (Vec<_>, Vec<_>) = analysis
                .module_edges
                .iter()
                .filter(|e| e.from == info.name)
                .partition(|e| support.contains(e.to.as_str()));
            ModuleFacts {
                name: info.name.clone(),
                calls_out: to_capabilities.iter().map(|e| e.imports).sum(),
                calls_out_modules: to_capabilities.len(),
                support_out: to_support.iter().map(|e| e.to.clone()).collect(),
                info,
                history: analysis.history.as_ref().map(|h| {
                    h.modules
                        .iter()
                        .find(|mh| mh.module == info.name)
                        .cloned()
                        .unwrap_or_else(|| ModuleHistory {
                            module: info.name.clone(),
                            ..ModuleHistory::default()
                        })
                }),
                tables: analysis.schema.as_ref().map(|s| {
                    s.modules
                        .iter()
                        .find(|t| t.module == info.name)
                        .cloned()
                        .unwrap_or_default()
                }),
            }
        })
        .collect()
}

pub fn difficulty(m: &ModuleFacts, all: &[ModuleFacts], w: &Weights) -> Vec<Factor> {
    let mut out = vec![
        count("callers", m, all, w.callers, |f| f.info.imports_in as f64),
        count("api_surface", m, all, w.api_surface, |f| {
            f.info.api_surface as f64
        }),
        count("calls_out", m, all, w.calls_out, |f| {
            f.calls_out_modules as f64
        }),
        share(
            "cycle",
            w.cycle,
            if m.info.cycle.is_some() { 1.0 } else { 0.0 },
        ),
    ];
    if let Some(h) = &m.history {
        out.push(share("co_change", w.co_change, h.cross_module_share));
    }
    if m.tables.is_some() {
        out.push(count("crossing_keys", m, all, w.crossing_keys, |f| {
            f.tables
                .as_ref()
                .map_or(0.0, |t| t.crossing_keys.len() as f64)
        }));
        out.push(count("foreign_tables", m, all, w.foreign_tables, |f| {
            f.foreign_tables() as f64
        }));
    }
    out
}

pub fn value(m: &ModuleFacts, all: &[ModuleFacts], w: &Weights) -> Vec<Factor> {
    let Some(h) = &m.history else {
        return Vec::new();
    };
    let mut out = vec![
        count("change_frequency", m, all, w.change_frequency, |f| {
            f.history
                .as_ref()
                .map_or(0.0, |h| (h.revisions + h.recent_revisions) as f64)
        }),
        count("hotspot", m, all, w.hotspot, |f| {
            f.history.as_ref().map_or(0.0, |h| h.hotspot as f64)
        }),
        share("author_spread", w.author_spread, h.fragmentation),
    ];
    if h.added.is_some() {
        out.push(count("churn", m, all, w.churn, |f| {
            f.history.as_ref().map_or(0.0, |h| {
                (h.added.unwrap_or(0) + h.deleted.unwrap_or(0)) as f64
            })
        }));
    }
    out
}

fn count(
    name: &'static str,
    m: &ModuleFacts,
    all: &[ModuleFacts],
    weight: f64,
    get: impl Fn(&ModuleFacts) -> f64,
) -> Factor {
    let raw = get(m);
    let max = all.iter().map(&get).fold(0.0, f64::max);
    let score = if max > 0.0 {
        raw.ln_1p() / max.ln_1p()
    } else {
        0.0
    };
    Factor {
        name,
        raw,
        score: round3(score),
        weight,
    }
}

fn share(name: &'static str, weight: f64, raw: f64) -> Factor {
    Factor {
        name,
        raw: round3(raw),
        score: round3(raw.clamp(0.0, 1.0)),
        weight,
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
