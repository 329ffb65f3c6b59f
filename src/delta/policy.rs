//! `[policy]` in planner.toml: boundaries a change must keep, checked by
//! `planner diff`, and the baseline file of accepted violations.
//!
//! Three rules are about the state of the head, as packwerk's are:
//! forbidden module dependencies, inbound dependencies into a module being
//! extracted, and module cycles. A violation the baseline file lists is
//! accepted; a baseline entry no longer violated is stale and fails the check
//! too, so the baseline only ever shrinks. Without a baseline file, the
//! violations the base already had are the accepted ones, so only what the
//! change introduces fails. The fourth rule, the difficulty increase, is about
//! the change itself and has no baseline.
//!
//! A cycle is accepted link by link: its subject is one module link inside
//! a cycle (`orders -> catalog`), so removing an import elsewhere in a tangle
//! leaves the other accepted links as they were, and a change fails only on
//! the new link that closes a cycle, located at its import. Baselines written
//! before (a cycle's sorted module list, `catalog, orders`) are still read:
//! such an entry accepts every link between its modules.

use super::compare::Comparison;
use super::CrossEdge;
use crate::analysis::{Analysis, Cycle};
use anyhow::{Context, Result};
use globset::{Glob, GlobMatcher};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PolicyConfig {
    /// Module dependencies that must not exist.
    pub forbidden: Vec<ForbiddenRule>,
    /// Modules being extracted: no other module may depend on them anew.
    pub extracting: Vec<String>,
    /// Fail on a module cycle the base did not have (or the baseline does
    /// not list).
    pub no_new_cycles: bool,
    /// Fail when a touched module's difficulty (0..1) grows by more than this.
    pub max_difficulty_increase: Option<f64>,
    /// The baseline file of accepted violations, relative to the repository.
    pub baseline: Option<String>,
}

impl PolicyConfig {
    pub fn is_empty(&self) -> bool {
        self.forbidden.is_empty()
            && self.extracting.is_empty()
            && !self.no_new_cycles
            && self.max_difficulty_increase.is_none()
    }
}

/// `from` and `to` are module names or globs over them (`*`, `saleor.*`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForbiddenRule {
    pub from: String,
    pub to: String,
    /// Said in the violation message.
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// A dependency between modules that `[[policy.forbidden]]` rules out.
    Forbidden,
    /// A dependency into a module listed in `policy.extracting`.
    Extracting,
    /// A module cycle (with `policy.no_new_cycles`).
    Cycle,
    /// A difficulty increase over `policy.max_difficulty_increase`.
    Difficulty,
}

impl Rule {
    pub fn id(self) -> &'static str {
        match self {
            Rule::Forbidden => "forbidden-dependency",
            Rule::Extracting => "dependency-on-extracted-module",
            Rule::Cycle => "new-module-cycle",
            Rule::Difficulty => "difficulty-increase",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Violation {
    pub rule: Rule,
    /// What the baseline file names to accept it: `from.py -> to.py` for a
    /// dependency, the sorted modules of a cycle, the module of a difficulty.
    pub subject: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

/// One accepted violation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineEntry {
    pub rule: Rule,
    pub subject: String,
}

/// The baseline file: accepted violations, sorted.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    #[serde(default)]
    pub accepted: Vec<BaselineEntry>,
}

impl Baseline {
    pub fn parse(text: &str) -> Result<Self> {
        Ok(toml::from_str(text)?)
    }

    /// The file's text: a header saying what it is, then the entries sorted.
    pub fn render(&self) -> Result<String> {
        let mut sorted = self.clone();
        sorted.accepted.sort();
        sorted.accepted.dedup();
        Ok(format!(
            "# Accepted planner policy violations (see docs/ci.md). `planner diff` fails on\n\
             # a violation not listed here, and on an entry here that is no longer violated.\n\
             # Regenerate with `planner diff --base REF --update-baseline`.\n\n{}",
            toml::to_string(&sorted)?
        ))
    }
}

/// The outcome of the policy check.
#[derive(Debug, Default)]
pub struct Outcome {
    pub violations: Vec<Violation>,
    /// Every head-state violation, accepted or not (what `--update-baseline`
    /// writes).
    pub current: Vec<BaselineEntry>,
    pub accepted: usize,
    pub stale: Vec<BaselineEntry>,
}

struct Compiled<'a> {
    forbidden: Vec<(GlobMatcher, GlobMatcher, &'a ForbiddenRule)>,
}

fn compile(config: &PolicyConfig) -> Result<Compiled<'_>> {
    let glob = |g: &str| -> Result<GlobMatcher> {
        Ok(Glob::new(g)
            .with_context(|| format!("invalid module pattern {g:?} in [[policy.forbidden]]"))?
            .compile_matcher())
    };
    let forbidden = config
        .forbidden
        .iter()
        .map(|r| Ok((glob(&r.from)?, glob(&r.to)?, r)))
        .collect::<Result<_>>()?;
    Ok(Compiled { forbidden })
}

/// The head-state violations of one analysis (forbidden dependencies,
/// dependencies into extracted modules, cycles), one per subject, sorted.
pub fn state_violations(
    config: &PolicyConfig,
    cross: &[CrossEdge],
    cycles: &[Cycle],
) -> Result<Vec<Violation>> {
    let compiled = compile(config)?;
    let mut out: BTreeMap<(Rule, String), Violation> = BTreeMap::new();
    let edge_rules = !compiled.forbidden.is_empty() || !config.extracting.is_empty();
    for edge in cross.iter().filter(|_| edge_rules) {
        let subject = format!("{} -> {}", edge.from, edge.to);
        for (from, to, rule) in &compiled.forbidden {
            if from.is_match(&edge.from_module) && to.is_match(&edge.to_module) {
                let why = rule
                    .reason
                    .as_deref()
                    .map(|r| format!(" ({r})"))
                    .unwrap_or_default();
                insert(
                    &mut out,
                    Rule::Forbidden,
                    &subject,
                    edge,
                    format!(
                        "imports `{}`: {} must not depend on {}{}",
                        edge.to, edge.from_module, edge.to_module, why
                    ),
                );
                break;
            }
        }
        if config.extracting.contains(&edge.to_module) {
            insert(
                &mut out,
                Rule::Extracting,
                &subject,
                edge,
                format!(
                    "imports `{}`: {} is being extracted, so {} must not depend on it anew",
                    edge.to, edge.to_module, edge.from_module
                ),
            );
        }
    }
    if config.no_new_cycles {
        let component: BTreeMap<&str, usize> = cycles
            .iter()
            .enumerate()
            .flat_map(|(i, c)| c.modules.iter().map(move |m| (m.as_str(), i)))
            .collect();
        for edge in cross {
            let Some(&i) = component.get(edge.from_module.as_str()) else {
                continue;
            };
            if component.get(edge.to_module.as_str()) != Some(&i) {
                continue;
            }
            let mut modules = cycles[i].modules.clone();
            modules.sort();
            let subject = cycle_link(&edge.from_module, &edge.to_module);
            insert(
                &mut out,
                Rule::Cycle,
                &subject,
                edge,
                format!(
                    "{} → {} is a link of a module cycle ({})",
                    edge.from_module,
                    edge.to_module,
                    crate::words::capped(modules.iter(), 6)
                ),
            );
        }
    }
    Ok(out.into_values().collect())
}

/// The baseline subject of a module link inside a cycle.
fn cycle_link(from: &str, to: &str) -> String {
    format!("{from} -> {to}")
}

/// Baseline entries written before cycles were accepted link by link: the
/// sorted module list of a whole cycle.
fn legacy_cycles(accepted: &BTreeSet<BaselineEntry>) -> Vec<BTreeSet<&str>> {
    accepted
        .iter()
        .filter(|e| e.rule == Rule::Cycle && !e.subject.contains(" -> "))
        .map(|e| e.subject.split(", ").collect())
        .collect()
}

/// The two modules of a cycle-link subject.
fn link_modules(subject: &str) -> Option<(&str, &str)> {
    subject.split_once(" -> ")
}

/// One violation per subject; several kinds of import between the same two
/// files keep the first line.
fn insert(
    out: &mut BTreeMap<(Rule, String), Violation>,
    rule: Rule,
    subject: &str,
    edge: &CrossEdge,
    message: String,
) {
    let entry = out
        .entry((rule, subject.to_string()))
        .or_insert_with(|| Violation {
            rule,
            subject: subject.to_string(),
            message,
            file: Some(edge.from.clone()),
            line: Some(edge.line()),
        });
    entry.line = entry.line.min(Some(edge.line()));
}

/// Checks the head against the policies: head-state violations minus the
/// accepted ones, stale baseline entries, and the difficulty rule.
pub fn evaluate(
    config: &PolicyConfig,
    base: &Analysis,
    head: &Analysis,
    comparison: &Comparison,
    baseline: Option<&Baseline>,
) -> Result<Outcome> {
    let now = state_violations(config, &comparison.head_cross, &head.cycles)?;
    let accepted: BTreeSet<BaselineEntry> = match baseline {
        Some(b) => b.accepted.iter().cloned().collect(),
        None => state_violations(config, &comparison.base_cross, &base.cycles)?
            .into_iter()
            .map(|v| entry_of(&v))
            .collect(),
    };
    let now_keys: BTreeSet<BaselineEntry> = now.iter().map(entry_of).collect();
    let current: Vec<BaselineEntry> = now_keys.iter().cloned().collect();
    let legacy = legacy_cycles(&accepted);
    let in_legacy = |subject: &str| {
        link_modules(subject)
            .is_some_and(|(a, b)| legacy.iter().any(|set| set.contains(a) && set.contains(b)))
    };
    let stale = match baseline {
        Some(_) => accepted
            .difference(&now_keys)
            .filter(|e| {
                // An old whole-cycle entry is stale once no link of the head
                // lies within its modules.
                if e.rule != Rule::Cycle || e.subject.contains(" -> ") {
                    return true;
                }
                let set: BTreeSet<&str> = e.subject.split(", ").collect();
                !now_keys.iter().any(|k| {
                    k.rule == Rule::Cycle
                        && link_modules(&k.subject)
                            .is_some_and(|(a, b)| set.contains(a) && set.contains(b))
                })
            })
            .cloned()
            .collect(),
        None => Vec::new(),
    };
    // A cycle link the base already had is not what this change did: the
    // change fails on the new link that closes the cycle.
    let base_links: BTreeSet<String> = comparison
        .base_cross
        .iter()
        .map(|e| cycle_link(&e.from_module, &e.to_module))
        .collect();
    let (kept, failing): (Vec<Violation>, Vec<Violation>) = now.into_iter().partition(|v| {
        accepted.contains(&entry_of(v))
            || (v.rule == Rule::Cycle && (in_legacy(&v.subject) || base_links.contains(&v.subject)))
    });
    let mut violations = failing;
    // A new cycle says which cycle the link closes.
    for v in violations.iter_mut().filter(|v| v.rule == Rule::Cycle) {
        let closed = comparison
            .new_cycles
            .iter()
            .find(|c| c.path.len() >= 2 && cycle_link(&c.path[0], &c.path[1]) == v.subject);
        if let Some(c) = closed {
            v.message = format!(
                "{} → {} closes a module cycle: {}",
                c.path[0],
                c.path[1],
                c.path.join(" → ")
            );
            if let Some(edge) = c.added_edges.first() {
                v.message
                    .push_str(&format!("; `{}` imports `{}`", edge.from, edge.to));
            }
        }
    }
    if let Some(max) = config.max_difficulty_increase {
        for m in &comparison.modules {
            let Some(change) = m.difficulty_change else {
                continue;
            };
            if change > max + 1e-9 {
                let file = comparison
                    .changed_files
                    .iter()
                    .find(|f| f.module.as_deref() == Some(m.module.as_str()))
                    .map(|f| f.path.clone());
                violations.push(Violation {
                    rule: Rule::Difficulty,
                    subject: m.module.clone(),
                    message: format!(
                        "difficulty of {} rose by {change:.3} (from {:.3} to {:.3}); the limit is {max}",
                        m.module,
                        m.difficulty_before.unwrap_or(0.0),
                        m.difficulty_after.unwrap_or(0.0)
                    ),
                    line: file.as_ref().map(|_| 1),
                    file,
                });
            }
        }
    }
    Ok(Outcome {
        violations,
        current,
        accepted: kept.len(),
        stale,
    })
}

pub fn entry_of(v: &Violation) -> BaselineEntry {
    BaselineEntry {
        rule: v.rule,
        subject: v.subject.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn baseline_round_trips_sorted_with_a_header() {
        let b = Baseline {
            accepted: vec![
                BaselineEntry {
                    rule: Rule::Forbidden,
                    subject: "b.py -> a.py".into(),
                },
                BaselineEntry {
                    rule: Rule::Cycle,
                    subject: "a, b".into(),
                },
            ],
        };
        let text = b.render().unwrap();
        assert!(text.starts_with("# Accepted planner policy violations"));
        let back = Baseline::parse(&text).unwrap();
        assert_eq!(back.accepted.len(), 2);
        assert_eq!(back.accepted[0].rule, Rule::Forbidden);
        assert!(Baseline::parse("[[accepted]]\nrule = \"nope\"\nsubject = \"x\"\n").is_err());
    }

    #[test]
    fn invalid_module_pattern_is_an_error() {
        let config: PolicyConfig =
            toml::from_str("[[forbidden]]\nfrom = \"a[\"\nto = \"b\"\n").unwrap();
        assert!(compile(&config).is_err());
    }
}

#[cfg(test)]
mod example_tests {
    use crate::config::{Config, EXAMPLE};

    /// The `[diff]` and `[policy]` part of `planner init`'s example with
    /// every commented setting (and table header) uncommented.
    fn uncommented_tail() -> String {
        let start = EXAMPLE.find("\n[diff]").expect("[diff] in the example");
        EXAMPLE[start..]
            .lines()
            .map(|l| l.strip_prefix("# ").unwrap_or(l))
            .filter(|l| l.contains(" = ") || l.starts_with('['))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn every_documented_diff_and_policy_key_parses() {
        let config = Config::parse(&uncommented_tail()).unwrap();
        assert_eq!(config.diff.cochange_min_degree, 50);
        assert_eq!(config.diff.cochange_min_shared, 5);
        let p = &config.policy;
        assert!(p.no_new_cycles);
        assert_eq!(p.extracting, ["billing"]);
        assert_eq!(p.max_difficulty_increase, Some(0.05));
        assert_eq!(p.baseline.as_deref(), Some("planner-baseline.toml"));
        assert_eq!(p.forbidden.len(), 1);
        assert_eq!(p.forbidden[0].from, "catalog");
        assert!(p.forbidden[0].reason.is_some());
    }

    #[test]
    fn unknown_policy_key_is_an_error() {
        assert!(Config::parse("[policy]\nno_new_cycle = true\n").is_err());
        assert!(Config::parse("[[policy.forbidden]]\nfrom = \"a\"\n").is_err());
    }
}
