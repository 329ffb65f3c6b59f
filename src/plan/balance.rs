//! The arguments for and against extracting one module, each a fact with its
//! number: what makes it worth taking out and cheap to take out, and what
//! will hurt. The ADR's options and consequences are built from these.

use super::callers::{Caller, CallsOut};
use super::data::DataStrategy;
use crate::analysis::Analysis;
use crate::words::{capped, count, s};
use std::collections::BTreeSet;

pub struct Balance {
    pub pros: Vec<String>,
    pub cons: Vec<String>,
}

pub fn weigh(
    analysis: &Analysis,
    candidate: &crate::score::Candidate,
    callers: &[Caller],
    calls_out: &[CallsOut],
    data: &DataStrategy,
) -> Balance {
    let module = candidate.module.as_str();
    let mut pros = Vec::new();
    let mut cons = Vec::new();
    let frequency = candidate
        .value_factors
        .iter()
        .find(|f| f.name == "change_frequency")
        .map_or(0.0, |f| f.score);
    let history = analysis
        .history
        .as_ref()
        .map(|h| (h, h.modules.iter().find(|m| m.module == module)));
    if let Some((h, Some(m))) = history {
        if m.revisions > 0 {
            let changes = format!(
                "{} commit{} touched it, {} in the last {} days",
                m.revisions,
                s(m.revisions as usize),
                m.recent_revisions,
                h.settings.recent_days
            );
            if frequency >= 0.5 {
                pros.push(format!(
                    "it changes often enough to gain from its own releases: {changes}"
                ));
            } else {
                cons.push(format!(
                    "it changes less than most candidates ({changes}), so separate releases gain less"
                ));
            }
            let alone = 1.0 - m.cross_module_share;
            if alone >= 0.6 {
                pros.push(format!(
                    "{:.0}% of its commits touch no other module, so it already changes on its own",
                    alone * 100.0
                ));
            } else if alone <= 0.4 {
                cons.push(format!(
                    "{:.0}% of its commits also touch other modules: a service boundary would split those changes across two deployments",
                    m.cross_module_share * 100.0
                ));
            }
        }
    }
    let production: Vec<&Caller> = callers.iter().filter(|c| !c.test).collect();
    if production.is_empty() {
        pros.push("no other module imports it, so no in-process call has to be redirected".into());
    } else {
        let modules: BTreeSet<&str> = production.iter().map(|c| c.module.as_str()).collect();
        cons.push(format!(
            "{} call site{} in {} module{} ({}) must be redirected and become network calls",
            production.len(),
            s(production.len()),
            modules.len(),
            s(modules.len()),
            capped(modules.iter().copied(), 4)
        ));
    }
    if calls_out.is_empty() {
        pros.push(
            "it imports no other module, so the service needs nothing from the monolith's code"
                .into(),
        );
    } else {
        let total: usize = calls_out.iter().map(|c| c.imports).sum();
        cons.push(format!(
            "it calls back into {} module{} ({}; {} import statement{})",
            calls_out.len(),
            s(calls_out.len()),
            capped(calls_out.iter().map(|c| c.module.as_str()), 4),
            total,
            s(total)
        ));
    }
    let cycle = analysis
        .modules
        .iter()
        .find(|m| m.name == module)
        .and_then(|m| m.cycle)
        .and_then(|i| analysis.cycles.get(i));
    if cycle.is_none() && !analysis.cycles.is_empty() {
        pros.push("it sits in no dependency cycle, so no link has to be cut first".into());
    }
    if let Some(cycle) = cycle {
        cons.push(format!(
            "it sits in a dependency cycle with {}",
            capped(
                cycle
                    .modules
                    .iter()
                    .map(String::as_str)
                    .filter(|m| *m != module),
                4
            )
        ));
    }
    if data.choice != "no-schema" {
        if !data.move_order.is_empty() && data.keys_to_break.is_empty() {
            pros.push(format!(
                "no foreign key ties its {} to another module's tables",
                count(data.move_order.len(), "table")
            ));
        }
        if data.move_order.is_empty() && data.foreign_access.is_empty() {
            pros.push("it owns no table and reaches no other module's, so no data moves".into());
        }
        if !data.keys_to_break.is_empty() {
            cons.push(format!(
                "{} cross{} the boundary and must become IDs the application checks",
                count(data.keys_to_break.len(), "foreign key"),
                if data.keys_to_break.len() == 1 {
                    "es"
                } else {
                    ""
                }
            ));
        }
        let users: BTreeSet<&str> = data
            .used_by_others
            .iter()
            .map(|a| a.module.as_str())
            .collect();
        if !users.is_empty() {
            cons.push(format!(
                "{} use{} its tables directly and must switch to views or events",
                capped(users.iter().copied(), 4),
                if users.len() == 1 { "s" } else { "" }
            ));
        }
        let foreign: BTreeSet<&str> = data
            .foreign_access
            .iter()
            .map(|a| a.table.as_str())
            .collect();
        if !foreign.is_empty() {
            cons.push(format!(
                "its code reaches {} of other modules ({}), which it must get through their owners",
                count(foreign.len(), "table"),
                capped(foreign.iter().copied(), 4)
            ));
        }
    }
    Balance { pros, cons }
}
