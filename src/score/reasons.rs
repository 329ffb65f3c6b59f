//! Plain-language reasons, each built from a computed number, in the order a
//! reader weighs them: who depends on the module, what it depends on, cycles,
//! then how it changes.

use super::factors::ModuleFacts;
use crate::analysis::Analysis;
use crate::schema::AccessMode;
use crate::words::{capped, count, s};
use std::collections::{BTreeMap, BTreeSet};

pub fn explain(m: &ModuleFacts, analysis: &Analysis) -> Vec<String> {
    let info = m.info;
    let name = &m.name;
    let mut out = Vec::new();
    if info.imports_in == 0 {
        out.push(format!("nothing imports {name}"));
    } else {
        let names: Vec<String> = info
            .top_symbols
            .iter()
            .take(3)
            .map(|s| short_symbol(&s.name))
            .collect();
        out.push(format!(
            "{} in {} other module{} {} {} of its names ({}{})",
            count(info.imports_in, "import statement"),
            info.ca,
            s(info.ca),
            if info.imports_in == 1 { "uses" } else { "use" },
            info.api_surface,
            names.join(", "),
            if info.api_surface > names.len() {
                ", …"
            } else {
                ""
            }
        ));
    }
    let support = if m.support_out.is_empty() {
        String::new()
    } else {
        format!(
            " (besides shared support code: {})",
            m.support_out.join(", ")
        )
    };
    if m.calls_out == 0 {
        out.push(format!("it imports no other module{support}"));
    } else {
        out.push(format!(
            "it imports {} other module{} ({}){support}",
            m.calls_out_modules,
            s(m.calls_out_modules),
            count(m.calls_out, "import statement")
        ));
    }
    if let Some(cycle) = info.cycle.and_then(|i| analysis.cycles.get(i)) {
        out.push(format!(
            "it sits in a dependency cycle with {} other module{}",
            cycle.modules.len() - 1,
            s(cycle.modules.len() - 1)
        ));
    }
    if let Some(t) = &m.tables {
        if !t.owns.is_empty() {
            let keys = if t.crossing_keys.is_empty() {
                "none of them tied to another module's tables by a foreign key".to_string()
            } else {
                format!(
                    "{} foreign key{} cross{} to other modules' tables",
                    t.crossing_keys.len(),
                    s(t.crossing_keys.len()),
                    if t.crossing_keys.len() == 1 { "es" } else { "" }
                )
            };
            out.push(format!("it owns {}; {keys}", count(t.owns.len(), "table")));
        }
        for (mode, verb) in [(AccessMode::Read, "reads"), (AccessMode::Write, "writes")] {
            if let Some(text) = sql_access(name, mode, verb, analysis) {
                out.push(text);
            }
        }
        if !t.via_models.is_empty() {
            out.push(format!(
                "it uses the ORM models of {} owned by other modules ({})",
                count(t.via_models.len(), "table"),
                capped(&t.via_models, 3)
            ));
        }
        let readers = readers_of(name, analysis);
        if !readers.is_empty() {
            let reached: BTreeSet<&String> = readers.values().flatten().collect();
            out.push(format!(
                "other modules use {} of its tables directly, by raw SQL or its ORM models: {}",
                reached.len(),
                readers
                    .iter()
                    .map(|(m, t)| format!("{m} ({})", t.len()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    if let Some(h) = &m.history {
        if h.revisions == 0 {
            out.push("no commit in the mined history touched it".to_string());
        } else {
            out.push(format!(
                "{} touched it, {} in the last {} days",
                count(h.revisions as usize, "commit"),
                h.recent_revisions,
                analysis
                    .history
                    .as_ref()
                    .map_or(90, |hist| hist.settings.recent_days)
            ));
            let alone = (1.0 - h.cross_module_share) * 100.0;
            out.push(format!("{alone:.0}% of its commits touch no other module"));
            if h.authors > 0 {
                out.push(format!(
                    "{} author{}; {} made {:.0}% of the changes",
                    h.authors,
                    s(h.authors as usize),
                    h.main_dev,
                    h.main_dev_share * 100.0
                ));
            }
        }
    }
    out
}

/// "it reads 1 table of payments by raw SQL (payments_payment, at
/// notifications/digest.py:9)", or `None` when it reads none.
fn sql_access(module: &str, mode: AccessMode, verb: &str, analysis: &Analysis) -> Option<String> {
    let schema = analysis.schema.as_ref()?;
    let hits: Vec<_> = schema
        .access
        .iter()
        .filter(|a| a.module == module && a.mode == mode)
        .collect();
    let first = hits
        .iter()
        .min_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)))?;
    let tables: BTreeSet<&str> = hits.iter().map(|a| a.table.as_str()).collect();
    let owners: BTreeSet<&str> = hits.iter().map(|a| a.owner.as_str()).collect();
    let whose = if owners.len() == 1 {
        format!("of {}", owners.iter().next().unwrap_or(&""))
    } else {
        format!("of {} other modules", owners.len())
    };
    let names: Vec<String> = tables.iter().map(|t| t.to_string()).collect();
    Some(format!(
        "its raw SQL {verb} {} {whose} ({}; first at {}:{})",
        count(tables.len(), "table"),
        capped(&names, 4),
        first.file,
        first.line
    ))
}

/// Other modules that reach this module's tables, with the tables they reach.
fn readers_of(module: &str, analysis: &Analysis) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    if let Some(schema) = &analysis.schema {
        for a in schema
            .access
            .iter()
            .filter(|a| a.owner == module && a.module != module)
        {
            out.entry(a.module.clone())
                .or_default()
                .insert(a.table.clone());
        }
    }
    out
}

/// `shop/notifications/email.py:send_receipt` → `send_receipt`;
/// a whole-file symbol → its file name; Ruby constants stay as they are.
fn short_symbol(symbol: &str) -> String {
    match symbol.rsplit_once(':') {
        Some((_, name)) if !name.is_empty() && !symbol.contains("::") => name.to_string(),
        _ => symbol.rsplit('/').next().unwrap_or(symbol).to_string(),
    }
}
