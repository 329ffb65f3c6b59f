//! Stage 6: what to do about a candidate. From the facts the earlier stages
//! computed, each plan chooses an integration approach, a data strategy, and
//! lists the callers to redirect, the keys to break and the tables to move in
//! order. Every statement carries the numbers it rests on, so the documents
//! (ADR, Definition of Ready and Done) can say why.

mod balance;
mod callers;
mod data;
mod integration;

use crate::analysis::Analysis;
use serde::{Deserialize, Serialize};

pub use callers::{Caller, CallsOut};
pub use data::{DataStrategy, KeyToBreak, Rung};
pub use integration::Integration;

/// `[plan]` in planner.toml.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PlanConfig {
    /// How many top candidates get a plan, an ADR and checklists in
    /// `planner analyze`.
    pub top: usize,
    /// The first ADR number `planner analyze` uses (adr-tools numbering;
    /// `planner adr` continues from the highest number in --dir instead).
    pub first_adr_number: u32,
}

impl Default for PlanConfig {
    fn default() -> Self {
        Self {
            top: 3,
            first_adr_number: 1,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub module: String,
    pub rank: usize,
    /// The number of its ADR (adr-tools numbering, `NNNN-extract-<slug>.md`).
    pub adr_number: u32,
    /// The module's root directory, files and lines: what moves.
    pub root: String,
    pub files: usize,
    pub loc: usize,
    pub integration: Integration,
    pub data: DataStrategy,
    /// Import sites in other modules, production code first.
    pub callers: Vec<Caller>,
    /// The names production callers use from it, most used first: the
    /// contract to keep.
    pub used_names: Vec<String>,
    /// HTTP endpoints it serves (boundary inventory): the routes a facade
    /// sends to the service.
    pub endpoints: Vec<crate::inventory::Endpoint>,
    /// Background jobs and schedules that move with it.
    pub jobs: Vec<crate::inventory::Job>,
    /// Events it publishes or consumes: the messages the service needs.
    pub events: Vec<crate::inventory::Event>,
    /// How many of `callers` are in test files.
    pub test_callers: usize,
    /// Modules this one imports: calls the service would make back.
    pub calls_out: Vec<CallsOut>,
    /// The dependency cycle it sits in, and the links to cut so it can leave.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cycle: Option<PlanCycle>,
    /// Modules it changes together with, strongest first (needs history).
    pub co_changes: Vec<CoChange>,
    /// How often it changed in the mined history (needs history).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<Changes>,
    /// Who knows the code: its main developer and their share.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub main_developer: Option<Developer>,
    /// Facts in favour of extracting it now.
    pub pros: Vec<String>,
    /// Facts against, or costs the extraction will pay.
    pub cons: Vec<String>,
    /// The forces behind the rank, strongest first: each factor that counts,
    /// in words, with its number.
    pub drivers: Vec<Driver>,
    /// The next candidates in the ranking, for "considered options".
    pub alternatives: Vec<Alternative>,
    /// The day of the newest mined commit, or `None` without history.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// The commit the history was mined to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// Short flag name for the rollout, derived from the module name.
    pub flag: String,
    /// The module name as a file name: `shop/notifications` → `shop-notifications`.
    pub slug: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CoChange {
    pub module: String,
    pub shared_changesets: u64,
    /// shared / this module's changesets.
    pub share: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanCycle {
    /// Other modules in the cycle.
    pub others: usize,
    /// Cut links (planner's minimal cut) that start or end in this module,
    /// lightest first; the cycle's lightest links when none does.
    pub cut: Vec<crate::analysis::CutEdge>,
    /// True when `cut` holds links of this module.
    pub own_links: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Changes {
    pub revisions: u64,
    pub recent_revisions: u64,
    pub recent_days: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Developer {
    pub name: String,
    pub share: f64,
    pub authors: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Driver {
    /// `value` or `difficulty`.
    pub side: &'static str,
    pub text: String,
    /// Weight × normalised score: how much it moved the rank.
    pub weight: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Alternative {
    pub module: String,
    pub rank: usize,
    pub priority: f64,
    pub difficulty: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    pub pros: Vec<String>,
    pub cons: Vec<String>,
}

/// Plans for the top `config.top` candidates, best first.
pub fn for_top(analysis: &Analysis, config: &PlanConfig) -> Vec<Plan> {
    let cross = callers::CrossEdges::new(analysis);
    analysis
        .candidates
        .candidates
        .iter()
        .take(config.top)
        .filter_map(|c| build_with(analysis, &cross, &c.module))
        .enumerate()
        .map(|(i, mut plan)| {
            plan.adr_number = config.first_adr_number + i as u32;
            plan
        })
        .collect()
}

/// The plan for one candidate module; `None` when it is not a candidate
/// (support code, or no such module).
pub fn build(analysis: &Analysis, module: &str) -> Option<Plan> {
    build_with(analysis, &callers::CrossEdges::new(analysis), module)
}

fn build_with(analysis: &Analysis, cross: &callers::CrossEdges, module: &str) -> Option<Plan> {
    let candidate = analysis
        .candidates
        .candidates
        .iter()
        .find(|c| c.module == module)?;
    let info = analysis.modules.iter().find(|m| m.name == module)?;
    let (callers, test_callers) = callers::callers(cross, module);
    let calls_out = callers::calls_out(analysis, cross, module);
    let data = data::strategy(analysis, module);
    let (endpoints, jobs, events) = match &analysis.inventory {
        Some(inv) => (
            inv.endpoints_of(module).cloned().collect(),
            inv.jobs_of(module).cloned().collect(),
            inv.events_of(module).cloned().collect(),
        ),
        None => (Vec::new(), Vec::new(), Vec::new()),
    };
    let integration = integration::choose(analysis, module, &callers, &calls_out, &endpoints);
    let history = analysis.history.as_ref();
    let co_changes = history.map_or_else(Vec::new, |h| {
        let mut out: Vec<CoChange> = h
            .module_cochange
            .iter()
            .filter_map(|p| {
                let (other, share) = if p.module == module {
                    (&p.other, p.share_of_module)
                } else if p.other == module {
                    (&p.module, p.share_of_other)
                } else {
                    return None;
                };
                Some(CoChange {
                    module: other.clone(),
                    shared_changesets: p.shared_changesets,
                    share: round3(share),
                })
            })
            .collect();
        out.sort_by(|a, b| {
            b.shared_changesets
                .cmp(&a.shared_changesets)
                .then_with(|| a.module.cmp(&b.module))
        });
        out.truncate(5);
        out
    });
    let cycle = info.cycle.and_then(|i| analysis.cycles.get(i)).map(|c| {
        let mut own: Vec<crate::analysis::CutEdge> = c
            .cut
            .iter()
            .filter(|e| e.from == module || e.to == module)
            .cloned()
            .collect();
        let own_links = !own.is_empty();
        if !own_links {
            own = c.cut.clone();
        }
        own.sort_by(|a, b| {
            a.imports
                .cmp(&b.imports)
                .then_with(|| (&a.from, &a.to).cmp(&(&b.from, &b.to)))
        });
        own.truncate(10);
        PlanCycle {
            others: c.modules.len().saturating_sub(1),
            cut: own,
            own_links,
        }
    });
    let changes = history.and_then(|h| {
        let m = h.modules.iter().find(|m| m.module == module)?;
        Some(Changes {
            revisions: m.revisions,
            recent_revisions: m.recent_revisions,
            recent_days: h.settings.recent_days,
        })
    });
    let main_developer = history
        .and_then(|h| h.modules.iter().find(|m| m.module == module))
        .filter(|m| m.revisions > 0 && !m.main_dev.is_empty())
        .map(|m| Developer {
            name: m.main_dev.clone(),
            share: round3(m.main_dev_share),
            authors: m.authors,
        });
    // The next two in the ranking; when this module and both of them sit in
    // dependency cycles, also the best one that does not, since it can
    // leave without cutting links first.
    let in_cycle = |m: &str| {
        analysis
            .modules
            .iter()
            .any(|x| x.name == m && x.cycle.is_some())
    };
    let others = || {
        analysis
            .candidates
            .candidates
            .iter()
            .filter(|c| c.module != module)
    };
    let mut picks: Vec<&crate::score::Candidate> = others().take(2).collect();
    if in_cycle(module) && picks.iter().all(|c| in_cycle(&c.module)) {
        picks.extend(others().find(|c| !in_cycle(&c.module)));
    }
    let alternatives = picks
        .into_iter()
        .map(|c| {
            let (callers, _) = callers::callers(cross, &c.module);
            let calls_out = callers::calls_out(analysis, cross, &c.module);
            let data = data::strategy(analysis, &c.module);
            let b = balance::weigh(analysis, c, &callers, &calls_out, &data);
            Alternative {
                module: c.module.clone(),
                rank: c.rank,
                priority: c.priority,
                difficulty: c.difficulty,
                value: c.value,
                pros: b.pros.into_iter().take(3).collect(),
                cons: b.cons.into_iter().take(3).collect(),
            }
        })
        .collect();
    let balance = balance::weigh(analysis, candidate, &callers, &calls_out, &data);
    let statements_out = calls_out.iter().map(|c| c.imports).sum();
    Some(Plan {
        module: module.to_string(),
        rank: candidate.rank,
        adr_number: 1,
        root: info.root.clone(),
        files: info.files,
        loc: info.loc,
        integration,
        data,
        used_names: used_names(&callers),
        callers,
        endpoints,
        jobs,
        events,
        test_callers,
        calls_out,
        cycle,
        co_changes,
        changes,
        main_developer,
        pros: balance.pros,
        cons: balance.cons,
        drivers: drivers(candidate, statements_out),
        alternatives,
        // One rule for every document: HEAD's commit date; today only
        // without git.
        as_of: Some(history.map_or_else(crate::history::dates::today, |h| h.tip_date.clone())),
        commit: history.map(|h| h.tip.chars().take(12).collect()),
        flag: format!("extract-{}", slug(module)),
        slug: slug(module),
    })
}

fn used_names(callers: &[Caller]) -> Vec<String> {
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for c in callers.iter().filter(|c| !c.test) {
        for s in &c.symbols {
            *counts.entry(s.as_str()).or_default() += 1;
        }
    }
    let mut names: Vec<(&str, usize)> = counts.into_iter().collect();
    names.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    names.into_iter().map(|(n, _)| n.to_string()).collect()
}

/// Every factor with a non-zero score, in words, strongest first.
/// `statements_out`: the import statements behind the `calls_out` factor,
/// which counts modules.
fn drivers(c: &crate::score::Candidate, statements_out: usize) -> Vec<Driver> {
    let mut out: Vec<Driver> = c
        .value_factors
        .iter()
        .map(|f| ("value", f))
        .chain(c.difficulty_factors.iter().map(|f| ("difficulty", f)))
        .filter(|(_, f)| f.score > 0.0 && f.weight > 0.0)
        .map(|(side, f)| Driver {
            side,
            text: factor_text(f, statements_out),
            weight: round3(f.weight * f.score),
        })
        .collect();
    out.sort_by(|a, b| {
        b.weight
            .total_cmp(&a.weight)
            .then_with(|| a.text.cmp(&b.text))
    });
    out
}

fn factor_text(f: &crate::score::Factor, statements_out: usize) -> String {
    let n = f.raw;
    let plural = |word: &str| {
        if n == 1.0 {
            word.to_string()
        } else {
            format!("{word}s")
        }
    };
    let score = format!("score {:.2}", f.score);
    match f.name {
        "callers" => format!(
            "{n} {} in other modules to redirect ({score})",
            plural("import statement")
        ),
        "api_surface" => format!(
            "{n} of its {} used by other modules: the API to keep ({score})",
            plural("name")
        ),
        // The factor counts modules; the statements are said beside them.
        "calls_out" => format!(
            "{n} other {} it imports, in {}: calls the service would make back ({score})",
            plural("module"),
            crate::words::count(statements_out, "import statement")
        ),
        "cycle" => "it sits in a dependency cycle".to_string(),
        "co_change" => format!("{:.0}% of its commits also touch other modules", n * 100.0),
        "crossing_keys" => format!(
            "{n} foreign {} between its tables and other modules' ({score})",
            plural("key")
        ),
        "foreign_tables" => format!(
            "{n} {} of other modules reached from its code ({score})",
            plural("table")
        ),
        "change_frequency" => format!(
            "change frequency {n}: commits touching it, recent ones counted twice ({score})"
        ),
        "hotspot" => format!("hotspot score {n}, revisions × complexity of its files ({score})"),
        "author_spread" => {
            format!("author fragmentation {n:.2}: how spread its changes are across people")
        }
        "churn" => format!("{n} {} added and deleted ({score})", plural("line")),
        other => format!("{other} = {n} ({score})"),
    }
}

/// `shop/notifications` → `shop-notifications`, `Api::V1` → `api-v1`: lower
/// case, runs of other characters as one dash.
pub fn slug(module: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in module.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push_str("root");
    }
    out
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_commented_plan_key_in_the_example_parses() {
        let section = crate::config::example_section("plan");
        let config = crate::config::Config::parse(&section).unwrap();
        assert_eq!(config.plan.top, 3);
        assert_eq!(config.plan.first_adr_number, 1);
    }

    #[test]
    fn slugs_are_lowercase_and_dashed() {
        assert_eq!(slug("shop/notifications"), "shop-notifications");
        assert_eq!(slug("Api::V1"), "api-v1");
        assert_eq!(slug("(root)"), "root");
        assert_eq!(slug("@outline/server"), "outline-server");
    }
}
