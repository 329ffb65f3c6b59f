//! `planner diff` as SARIF 2.1.0, so code scanning (GitHub, GitLab) puts
//! each finding on its line. Policy violations and stale baseline entries
//! are errors; the rest of the report is warnings and notes.

use crate::delta::policy::Rule;
use crate::delta::Report;
use serde_json::{json, Value};
use std::collections::BTreeSet;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// (id, short description, default level, help).
const RULES: &[(&str, &str, &str, &str)] = &[
    (
        "forbidden-dependency",
        "Dependency between modules that planner.toml forbids",
        "error",
        "A [[policy.forbidden]] rule in planner.toml says this module must not depend on that one. Remove the import, or move the code it needs.",
    ),
    (
        "dependency-on-extracted-module",
        "New dependency on a module being extracted",
        "error",
        "The target module is listed in [policy] extracting: new code must not depend on it. Depend on its public interface outside the monolith instead.",
    ),
    (
        "new-module-cycle",
        "New cycle between modules",
        "error",
        "This change makes modules depend on each other in a cycle, which ties them together for any extraction. Cut one of the imports that close it.",
    ),
    (
        "difficulty-increase",
        "Module's extraction difficulty rose more than allowed",
        "error",
        "The module's difficulty score (planner candidates) rose by more than [policy] max_difficulty_increase.",
    ),
    (
        "stale-baseline-entry",
        "Baseline entry no longer violated",
        "error",
        "The baseline file accepts a violation that no longer exists. Remove the entry (planner diff --update-baseline) so it cannot come back unnoticed.",
    ),
    (
        "cross-module-import",
        "New import between modules",
        "note",
        "A file now imports a file of another module. Not a violation by itself; it is how modules get entangled.",
    ),
    (
        "cross-module-foreign-key",
        "New foreign key between modules' tables",
        "warning",
        "A declared foreign key now links tables owned by different modules: an extraction would have to replace it with an ID the application checks.",
    ),
    (
        "foreign-table-access",
        "New use of another module's table",
        "note",
        "Code now reads, writes or uses the model of a table another module owns.",
    ),
    (
        "missing-co-change",
        "A file that usually changes with this one is not in the change",
        "note",
        "In the git history this file and the named one change together often (code-maat's coupling degree). Check whether it needs changing too.",
    ),
];

fn rule_id(rule: Rule) -> &'static str {
    rule.id()
}

pub fn render(report: &Report, baseline_path: Option<&str>) -> Value {
    let mut results = Vec::new();
    for v in &report.violations {
        results.push(result(
            &report.root,
            rule_id(v.rule),
            "error",
            &v.message,
            v.file.as_deref(),
            v.line,
        ));
    }
    for e in &report.stale_baseline {
        results.push(result(
            &report.root,
            "stale-baseline-entry",
            "error",
            &format!(
                "baseline entry `{}` ({:?}) is no longer violated; remove it",
                e.subject, e.rule
            ),
            baseline_path,
            None,
        ));
    }
    let violated: BTreeSet<(Option<&str>, Option<usize>)> = report
        .violations
        .iter()
        .map(|v| (v.file.as_deref(), v.line))
        .collect();
    for e in &report.edges_added {
        if violated.contains(&(Some(e.from.as_str()), Some(e.line()))) {
            continue;
        }
        results.push(result(
            &report.root,
            "cross-module-import",
            "note",
            &format!(
                "`{}` ({}) now imports `{}` ({})",
                e.from, e.from_module, e.to, e.to_module
            ),
            Some(&e.from),
            Some(e.line()),
        ));
    }
    let cycle_policy = report.violations.iter().any(|v| v.rule == Rule::Cycle);
    if !cycle_policy {
        for c in &report.new_cycles {
            let edge = c.added_edges.first();
            results.push(result(
                &report.root,
                "new-module-cycle",
                "warning",
                &if c.path.is_empty() {
                    format!("new cycle between modules: {}", c.modules.join(" ⇄ "))
                } else {
                    format!("new cycle between modules: {}", c.path.join(" → "))
                },
                edge.map(|e| e.from.as_str()),
                edge.map(|e| e.line()),
            ));
        }
    }
    for k in &report.foreign_keys_added {
        results.push(result(
            &report.root,
            "cross-module-foreign-key",
            "warning",
            &format!(
                "foreign key {}({}) ({}) → {} ({}) crosses modules",
                k.from_table,
                k.from_columns.join(", "),
                k.from_module,
                k.to_table,
                k.to_module
            ),
            Some(&k.file),
            Some(k.line),
        ));
    }
    for a in &report.table_access_added {
        let verb = match a.mode {
            crate::schema::AccessMode::Read => "reads",
            crate::schema::AccessMode::Write => "writes",
            crate::schema::AccessMode::Model => "uses the model of",
        };
        results.push(result(
            &report.root,
            "foreign-table-access",
            "note",
            &format!(
                "{} {} table `{}`, owned by {}",
                a.module, verb, a.table, a.owner
            ),
            Some(&a.file),
            Some(a.line),
        ));
    }
    for m in &report.missing_cochanges {
        results.push(result(
            &report.root,
            "missing-co-change",
            "note",
            &format!(
                "`{}` changed together with this file in {} past changes ({} % coupling) but is not in this change",
                m.file, m.shared_revs, m.degree
            ),
            Some(&m.changed_with),
            None,
        ));
    }
    for r in &mut results {
        let id = r["ruleId"].as_str().unwrap_or_default();
        if let Some(i) = RULES.iter().position(|(rid, ..)| *rid == id) {
            r["ruleIndex"] = json!(i);
        }
    }
    let rules: Vec<Value> = RULES
        .iter()
        .map(|(id, short, level, help)| {
            json!({
                "id": id,
                "shortDescription": { "text": short },
                "fullDescription": { "text": help },
                "help": { "text": help },
                "defaultConfiguration": { "level": level },
            })
        })
        .collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "planner",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "automationDetails": { "id": "planner/diff/" },
            "originalUriBaseIds": { "SRCROOT": { "description": { "text": "The repository root." } } },
            "results": results,
        }],
    })
}

fn result(
    root: &str,
    rule: &str,
    level: &str,
    message: &str,
    file: Option<&str>,
    line: Option<usize>,
) -> Value {
    let mut r = json!({
        "ruleId": rule,
        "level": level,
        "message": { "text": message },
    });
    if let Some(file) = file {
        r["locations"] = json!([{
            "physicalLocation": {
                "artifactLocation": { "uri": uri(&format!("{root}{file}")), "uriBaseId": "SRCROOT" },
                "region": { "startLine": line.unwrap_or(1).max(1) },
            }
        }]);
    }
    r
}

/// A relative URI reference: each path segment percent-encoded where URI
/// syntax needs it.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
