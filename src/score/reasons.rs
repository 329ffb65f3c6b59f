//! Plain-language reasons, each built from a computed number, in the order a
//! reader weighs them: who depends on the module, what it depends on, cycles,
//! then how it changes.

use super::factors::ModuleFacts;
use crate::analysis::Analysis;

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
            plural_count(info.imports_in, "import statement"),
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
    if info.imports_out == 0 {
        out.push("it imports no other module".to_string());
    } else {
        out.push(format!(
            "it imports {} other module{} ({})",
            info.ce,
            s(info.ce),
            plural_count(info.imports_out, "import statement")
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
            out.push(format!(
                "it owns {}; {keys}",
                plural_count(t.owns.len(), "table")
            ));
        }
        if !t.reads.is_empty() || !t.writes.is_empty() {
            out.push(format!(
                "its SQL reads {} and writes {} of other modules' tables",
                t.reads.len(),
                t.writes.len()
            ));
        }
        if !t.via_models.is_empty() {
            out.push(format!(
                "it uses the models of {} owned by other modules",
                plural_count(t.via_models.len(), "table")
            ));
        }
    }
    if let Some(h) = &m.history {
        if h.revisions == 0 {
            out.push("no commit in the mined history touched it".to_string());
        } else {
            out.push(format!(
                "{} touched it, {} in the last {} days",
                plural_count(h.revisions as usize, "commit"),
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

/// `shop/notifications/email.py:send_receipt` → `send_receipt`;
/// a whole-file symbol → its file name; Ruby constants stay as they are.
fn short_symbol(symbol: &str) -> String {
    match symbol.rsplit_once(':') {
        Some((_, name)) if !name.is_empty() && !symbol.contains("::") => name.to_string(),
        _ => symbol.rsplit('/').next().unwrap_or(symbol).to_string(),
    }
}

fn plural_count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", s(n))
}

fn s(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
