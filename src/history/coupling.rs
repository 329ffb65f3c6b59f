//! Co-change coupling with code-maat's exact formulas (coupling_algos.clj),
//! sum of coupling, and the module roll-up.
//!
//! All arithmetic is on integers: degree = ⌊200·shared / (revs(A)+revs(B))⌋,
//! which is code-maat's `(int (* 100 (/ shared average)))` on exact ratios.

use super::changesets::Changeset;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy)]
pub struct CouplingParams {
    pub max_changeset_size: usize,
    pub min_revs: usize,
    pub min_shared_revs: usize,
    pub min_coupling: u32,
    pub max_coupling: u32,
}

/// One row of code-maat's `coupling` output, plus the counts behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CouplingRow {
    pub entity: String,
    pub coupled: String,
    pub degree: u64,
    pub average_revs: u64,
    pub shared_revs: u64,
    pub entity_revs: u64,
    pub coupled_revs: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SocRow {
    pub entity: String,
    pub soc: u64,
}

/// The changesets coupling counts: code-maat drops every changeset with more
/// files than the cap, and those drop out of every revision count too.
fn within_cap(changesets: &[Changeset], cap: usize) -> impl Iterator<Item = &Changeset> {
    changesets.iter().filter(move |c| c.files.len() <= cap)
}

/// File-to-file coupling. `keep` limits the reported entities (both sides)
/// without changing any count.
pub fn coupling(
    changesets: &[Changeset],
    params: &CouplingParams,
    keep: &dyn Fn(&str) -> bool,
) -> Vec<CouplingRow> {
    let mut names: Vec<&str> = Vec::new();
    let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
    let mut revs: Vec<u64> = Vec::new();
    let mut shared: FxHashMap<(u32, u32), u64> = FxHashMap::default();
    let mut touched: Vec<u32> = Vec::new();
    for set in within_cap(changesets, params.max_changeset_size) {
        touched.clear();
        for f in &set.files {
            let id = *ids.entry(&*f.path).or_insert_with(|| {
                names.push(&*f.path);
                revs.push(0);
                (names.len() - 1) as u32
            });
            revs[id as usize] += 1;
            touched.push(id);
        }
        for (i, &a) in touched.iter().enumerate() {
            for &b in &touched[i + 1..] {
                let key = if a < b { (a, b) } else { (b, a) };
                *shared.entry(key).or_insert(0) += 1;
            }
        }
    }
    let mut rows: Vec<CouplingRow> = shared
        .into_iter()
        .filter_map(|((a, b), shared)| {
            let (ra, rb) = (revs[a as usize], revs[b as usize]);
            let sum = ra + rb;
            let pass = sum >= 2 * params.min_revs as u64
                && shared >= params.min_shared_revs as u64
                && 200 * shared >= u64::from(params.min_coupling) * sum
                && 200 * shared / sum <= u64::from(params.max_coupling);
            let (na, nb) = (names[a as usize], names[b as usize]);
            if !pass || !keep(na) || !keep(nb) {
                return None;
            }
            let ((entity, er), (coupled, cr)) = if na <= nb {
                ((na, ra), (nb, rb))
            } else {
                ((nb, rb), (na, ra))
            };
            Some(CouplingRow {
                entity: entity.to_string(),
                coupled: coupled.to_string(),
                degree: 200 * shared / sum,
                average_revs: sum.div_ceil(2),
                shared_revs: shared,
                entity_revs: er,
                coupled_revs: cr,
            })
        })
        .collect();
    rows.sort_by(|x, y| {
        y.degree
            .cmp(&x.degree)
            .then(y.average_revs.cmp(&x.average_revs))
            .then_with(|| x.entity.cmp(&y.entity))
            .then_with(|| x.coupled.cmp(&y.coupled))
    });
    rows
}

/// Sum of coupling: for each changeset touching X, add (files in it − 1).
pub fn soc(
    changesets: &[Changeset],
    params: &CouplingParams,
    keep: &dyn Fn(&str) -> bool,
) -> Vec<SocRow> {
    let mut sums: FxHashMap<&str, u64> = FxHashMap::default();
    for set in within_cap(changesets, params.max_changeset_size) {
        let others = set.files.len() as u64 - 1;
        for f in &set.files {
            *sums.entry(&*f.path).or_insert(0) += others;
        }
    }
    let mut rows: Vec<SocRow> = sums
        .into_iter()
        .filter(|(path, soc)| *soc > 0 && keep(path))
        .map(|(path, soc)| SocRow {
            entity: path.to_string(),
            soc,
        })
        .collect();
    rows.sort_by(|a, b| b.soc.cmp(&a.soc).then_with(|| a.entity.cmp(&b.entity)));
    rows
}

/// How often two modules change in the same changeset.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModuleCoChange {
    pub module: String,
    pub other: String,
    pub shared_changesets: u64,
    /// shared / changesets of `module`: how often a change to `module` also
    /// touches `other`.
    pub share_of_module: f64,
    /// shared / changesets of `other`.
    pub share_of_other: f64,
    /// code-maat's degree on module level, in percent (truncated).
    pub degree: u64,
}

/// Per module: changesets touching it (each counted once) and how many of
/// them also touch another module.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ModuleCoChangeTotals {
    pub changesets: u64,
    pub cross_module: u64,
}

pub fn module_cochange(
    changesets: &[Changeset],
    params: &CouplingParams,
    module_of: &dyn Fn(&str) -> Option<String>,
) -> (Vec<ModuleCoChange>, BTreeMap<String, ModuleCoChangeTotals>) {
    let mut totals: BTreeMap<String, ModuleCoChangeTotals> = BTreeMap::new();
    let mut shared: BTreeMap<(String, String), u64> = BTreeMap::new();
    for set in within_cap(changesets, params.max_changeset_size) {
        let modules: BTreeSet<String> = set
            .files
            .iter()
            .filter_map(|f| module_of(&f.path))
            .collect();
        for m in &modules {
            let t = totals.entry(m.clone()).or_default();
            t.changesets += 1;
            if modules.len() > 1 {
                t.cross_module += 1;
            }
        }
        let list: Vec<&String> = modules.iter().collect();
        for (i, a) in list.iter().enumerate() {
            for b in &list[i + 1..] {
                *shared.entry(((*a).clone(), (*b).clone())).or_insert(0) += 1;
            }
        }
    }
    let mut rows: Vec<ModuleCoChange> = shared
        .into_iter()
        .map(|((a, b), n)| {
            let ra = totals.get(&a).map_or(1, |t| t.changesets.max(1));
            let rb = totals.get(&b).map_or(1, |t| t.changesets.max(1));
            ModuleCoChange {
                share_of_module: n as f64 / ra as f64,
                share_of_other: n as f64 / rb as f64,
                degree: 200 * n / (ra + rb),
                module: a,
                other: b,
                shared_changesets: n,
            }
        })
        .collect();
    rows.sort_by(|x, y| {
        y.shared_changesets
            .cmp(&x.shared_changesets)
            .then(y.degree.cmp(&x.degree))
            .then_with(|| x.module.cmp(&y.module))
            .then_with(|| x.other.cmp(&y.other))
    });
    (rows, totals)
}
