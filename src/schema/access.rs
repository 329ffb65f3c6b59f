//! Which modules reach into which tables. Two kinds of evidence:
//! - model imports: a file imports (or references) the ORM model that maps a
//!   table owned by another module, or fetches a Mongoose model by name
//!   (`mongoose.model('User')`);
//! - SQL in string literals: tables named in SQL that code holds, parsed with
//!   sqlparser (with a keyword scan when the string is not whole SQL).
//!
//! The answer reads "notifications queries payment tables" and "reporting
//! reads everything": per module, the foreign tables it reads, writes or uses
//! through models, and the foreign keys that cross its boundary.

use super::ownership::ModelRef;
use super::sql::table_name;
use super::types::{ForeignKey, Table};
use super::Input;
use serde::Serialize;
use sqlparser::ast::{FromTable, Statement, TableFactor, TableObject};
use sqlparser::parser::Parser;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::ControlFlow;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessMode {
    Read,
    Write,
    /// Through an import of the table's ORM model: read or write unknown.
    Model,
}

/// Code in `module` reaching a table another module owns, in one mode: how
/// often, and the first place (by path and line) it does.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct TableAccess {
    pub module: String,
    pub table: String,
    pub owner: String,
    pub mode: AccessMode,
    pub occurrences: usize,
    pub file: String,
    pub line: usize,
}

/// One place where code reaches a foreign table, before grouping.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Hit {
    module: String,
    table: String,
    owner: String,
    mode: AccessMode,
    file: String,
    line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct CrossingKey {
    pub from_table: String,
    pub from_columns: Vec<String>,
    pub from_module: String,
    pub to_table: String,
    pub to_module: String,
}

/// One module's data: what it owns and how it reaches beyond.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ModuleTables {
    pub module: String,
    pub owns: Vec<String>,
    /// Declared foreign keys between this module's tables and another's, in
    /// either direction: an extraction must replace each with an ID the
    /// application checks.
    pub crossing_keys: Vec<CrossingKey>,
    /// Foreign tables named in SQL this module reads from.
    pub reads: Vec<String>,
    /// Foreign tables named in SQL this module writes to.
    pub writes: Vec<String>,
    /// Foreign tables whose ORM models this module imports.
    pub via_models: Vec<String>,
    /// Modules whose tables this module reaches, by any of the above.
    pub reaches_modules: Vec<String>,
}

pub fn analyze(
    input: &Input<'_>,
    tables: &[Table],
    fks: &[ForeignKey],
    models: &BTreeMap<String, ModelRef>,
    model_uses: &[super::mongoose::ModelUse],
) -> (Vec<ModuleTables>, Vec<TableAccess>) {
    let owner: BTreeMap<&str, &str> = tables
        .iter()
        .filter_map(|t| Some((t.name.as_str(), t.owner.as_deref()?)))
        .collect();
    let by_lower: BTreeMap<String, &str> = tables
        .iter()
        .map(|t| (t.name.to_ascii_lowercase(), t.name.as_str()))
        .collect();
    let mut access = BTreeSet::new();

    // Model imports: the tables of the models an edge names (its symbols:
    // imported names, or for a module imported whole the names read from
    // it, `models.User`). An edge that names nothing (the use is unknown)
    // (or imports a JS default or namespace) reaches every table of the
    // file; one that names only other things (an abstract base class, a
    // helper) reaches none, except tables whose model class is unknown.
    let mut tables_of_model: BTreeMap<&str, Vec<(&str, Option<&str>)>> = BTreeMap::new();
    for (t, m) in models {
        tables_of_model
            .entry(m.file.as_str())
            .or_default()
            .push((t.as_str(), m.class.as_deref()));
    }
    // Barrel files (`export { default as User } from "./User"`): an import
    // of `User` from the barrel reaches the model it passes on.
    // Barrels of barrels (`schema/index.ts` → `export * from "./users"` →
    // `users/index.ts` → `export * from "./user"`) pass models on too.
    let mut reexport_edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for e in input
        .edges
        .iter()
        .filter(|e| e.kind == crate::analysis::EdgeKind::Reexport)
    {
        reexport_edges
            .entry(e.from.as_str())
            .or_default()
            .push(&e.to);
    }
    let mut reexports: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for &barrel in reexport_edges.keys() {
        let mut seen: BTreeSet<&str> = BTreeSet::from([barrel]);
        let mut stack = vec![barrel];
        while let Some(f) = stack.pop() {
            for &to in reexport_edges.get(f).into_iter().flatten() {
                if seen.insert(to) {
                    if tables_of_model.contains_key(to) {
                        reexports.entry(barrel).or_default().push(to);
                    }
                    stack.push(to);
                }
            }
        }
    }
    // Does an edge name this model class?
    let names = |e: &crate::analysis::FileEdge, class: Option<&str>| {
        class.is_some_and(|c| {
            let short = c.rsplit("::").next().unwrap_or(c);
            e.symbols
                .iter()
                .any(|s| s == c || s == short || s.ends_with(&format!("::{short}")))
        })
    };
    for e in input
        .edges
        .iter()
        .filter(|e| !input.skip_from.contains(e.from.as_str()))
    {
        let Some(module) = input.module_of.get(&e.from) else {
            continue;
        };
        let reached: Vec<&str> = match tables_of_model.get(e.to.as_str()) {
            // Through a barrel: only the models it passes on by name.
            None => reexports
                .get(e.to.as_str())
                .into_iter()
                .flatten()
                .filter_map(|target| tables_of_model.get(target))
                .flatten()
                .filter(|(_, class)| names(e, *class))
                .map(|(t, _)| *t)
                .collect(),
            // JS/TS `default` and `*` (namespace) imports say nothing
            // about which class is used.
            Some(ts)
                if e.symbols.is_empty() || e.symbols.iter().any(|s| s == "default" || s == "*") =>
            {
                ts.iter().map(|(t, _)| *t).collect()
            }
            Some(ts) => ts
                .iter()
                .filter(|(_, class)| class.is_none() || names(e, *class))
                .map(|(t, _)| *t)
                .collect(),
        };
        for t in reached {
            if let Some(&o) = owner.get(t) {
                if o != module {
                    access.insert(Hit {
                        module: module.clone(),
                        table: t.to_string(),
                        owner: o.to_string(),
                        mode: AccessMode::Model,
                        file: e.from.clone(),
                        line: e.lines.first().copied().unwrap_or(1),
                    });
                }
            }
        }
    }

    // Models fetched by name (`mongoose.model('User')`).
    for u in model_uses
        .iter()
        .filter(|u| !input.skip_from.contains(u.file.as_str()))
    {
        let (Some(module), Some(&o)) = (input.module_of.get(&u.file), owner.get(u.table.as_str()))
        else {
            continue;
        };
        if o != module {
            access.insert(Hit {
                module: module.clone(),
                table: u.table.clone(),
                owner: o.to_string(),
                mode: AccessMode::Model,
                file: u.file.clone(),
                line: u.line,
            });
        }
    }

    // SQL in string literals.
    for (file, facts) in input.files.iter().zip(input.facts) {
        if input.skip_from.contains(file.rel.as_str()) {
            continue;
        }
        let Some(module) = input.module_of.get(&file.rel) else {
            continue;
        };
        for s in &facts.sql_strings {
            for (name, mode) in tables_in_sql(&s.text) {
                let Some(&t) = by_lower.get(&name.to_ascii_lowercase()) else {
                    continue;
                };
                let Some(&o) = owner.get(t) else { continue };
                if o != module {
                    access.insert(Hit {
                        module: module.clone(),
                        table: t.to_string(),
                        owner: o.to_string(),
                        mode,
                        file: file.rel.clone(),
                        line: s.line,
                    });
                }
            }
        }
    }

    let mut modules: BTreeMap<String, ModuleTables> = BTreeMap::new();
    for t in tables {
        if let Some(o) = &t.owner {
            module_entry(&mut modules, o).owns.push(t.name.clone());
        }
    }
    for fk in fks.iter().filter(|f| f.kind.is_declared()) {
        let (Some(&a), Some(&b)) = (
            owner.get(fk.from_table.as_str()),
            owner.get(fk.to_table.as_str()),
        ) else {
            continue;
        };
        if a == b {
            continue;
        }
        let key = CrossingKey {
            from_table: fk.from_table.clone(),
            from_columns: fk.from_columns.clone(),
            from_module: a.to_string(),
            to_table: fk.to_table.clone(),
            to_module: b.to_string(),
        };
        module_entry(&mut modules, a)
            .crossing_keys
            .push(key.clone());
        module_entry(&mut modules, b).crossing_keys.push(key);
    }
    for a in &access {
        let m = module_entry(&mut modules, &a.module);
        match a.mode {
            AccessMode::Read => m.reads.push(a.table.clone()),
            AccessMode::Write => m.writes.push(a.table.clone()),
            AccessMode::Model => m.via_models.push(a.table.clone()),
        }
        m.reaches_modules.push(a.owner.clone());
    }
    let modules = modules
        .into_values()
        .map(|mut m| {
            for v in [
                &mut m.owns,
                &mut m.reads,
                &mut m.writes,
                &mut m.via_models,
                &mut m.reaches_modules,
            ] {
                v.sort();
                v.dedup();
            }
            m.crossing_keys.sort();
            m.crossing_keys.dedup();
            m
        })
        .collect();
    (modules, group(access))
}

/// One row per (module, table, mode); hits arrive sorted, so the first one
/// kept is the first place by path and line.
fn group(hits: BTreeSet<Hit>) -> Vec<TableAccess> {
    let mut out: Vec<TableAccess> = Vec::new();
    for h in hits {
        match out.last_mut() {
            Some(last)
                if (&last.module, &last.table, &last.owner, last.mode)
                    == (&h.module, &h.table, &h.owner, h.mode) =>
            {
                last.occurrences += 1;
            }
            _ => out.push(TableAccess {
                module: h.module,
                table: h.table,
                owner: h.owner,
                mode: h.mode,
                occurrences: 1,
                file: h.file,
                line: h.line,
            }),
        }
    }
    out
}

fn module_entry<'m>(
    modules: &'m mut BTreeMap<String, ModuleTables>,
    m: &str,
) -> &'m mut ModuleTables {
    modules
        .entry(m.to_string())
        .or_insert_with(|| ModuleTables {
            module: m.to_string(),
            ..ModuleTables::default()
        })
}

/// Tables a SQL string names, each with read or write. Placeholders of every
/// language (`%s`, `${x}`, `{x}`, `#{x}`) become `?` before parsing; when the
/// parser still refuses, a keyword scan (`FROM x`, `JOIN x`, `INTO x`,
/// `UPDATE x`) stands in.
pub fn tables_in_sql(text: &str) -> Vec<(String, AccessMode)> {
    let cleaned = placeholders(text);
    let dialect = super::dialect::for_code();
    match Parser::parse_sql(dialect.as_ref(), &cleaned) {
        Ok(statements) => {
            let mut out = BTreeSet::new();
            for s in &statements {
                let writes = write_targets(s);
                let _ = sqlparser::ast::visit_relations(s, |name| {
                    let n = table_name(name);
                    let mode = if writes.contains(&n) {
                        AccessMode::Write
                    } else {
                        AccessMode::Read
                    };
                    out.insert((n, mode));
                    ControlFlow::<()>::Continue(())
                });
                for w in writes {
                    out.insert((w, AccessMode::Write));
                }
            }
            out.into_iter().collect()
        }
        Err(_) => keyword_scan(&cleaned),
    }
}

fn write_targets(s: &Statement) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut factor = |f: &TableFactor| {
        if let TableFactor::Table { name, .. } = f {
            out.insert(table_name(name));
        }
    };
    match s {
        Statement::Insert(i) => {
            if let TableObject::TableName(n) = &i.table {
                out.insert(table_name(n));
            }
        }
        Statement::Update(u) => factor(&u.table.relation),
        Statement::Delete(d) => {
            let (FromTable::WithFromKeyword(v) | FromTable::WithoutKeyword(v)) = &d.from;
            for t in v {
                factor(&t.relation);
            }
        }
        Statement::Merge(m) => factor(&m.table),
        _ => {}
    }
    out
}

fn placeholders(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '%' if matches!(chars.peek(), Some('s' | 'd' | '(')) => {
                if chars.peek() == Some(&'(') {
                    for d in chars.by_ref() {
                        if d == ')' {
                            break;
                        }
                    }
                }
                chars.next();
                out.push('?');
            }
            '$' | '#' if chars.peek() == Some(&'{') => {
                skip_braces(&mut chars, 0);
                out.push('?');
            }
            '{' => {
                // The opening brace is already consumed.
                skip_braces(&mut chars, 1);
                out.push('?');
            }
            _ => out.push(c),
        }
    }
    out
}

/// Consumes up to the brace that closes the group; `depth` counts the
/// braces already open.
fn skip_braces(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, mut depth: i32) {
    for d in chars.by_ref() {
        match d {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return;
                }
            }
            _ => {}
        }
    }
}

fn keyword_scan(text: &str) -> Vec<(String, AccessMode)> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = BTreeSet::new();
    for pair in words.windows(2) {
        let mode = match pair[0].to_ascii_lowercase().as_str() {
            "from" | "join" => AccessMode::Read,
            "into" | "update" => AccessMode::Write,
            _ => continue,
        };
        let name =
            pair[1].trim_matches(|c| c == '"' || c == '`' || c == ';' || c == '[' || c == ']');
        let name = name.rsplit('.').next().unwrap_or(name);
        if !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_') {
            out.insert((name.to_string(), mode));
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn select_reads_and_insert_writes() {
        let got = tables_in_sql("INSERT INTO audit_log (a) SELECT id FROM payments p JOIN refunds r ON r.p = p.id WHERE p.x = %s");
        assert!(got.contains(&("audit_log".into(), AccessMode::Write)));
        assert!(got.contains(&("payments".into(), AccessMode::Read)));
        assert!(got.contains(&("refunds".into(), AccessMode::Read)));
    }

    #[test]
    fn update_and_delete_targets_are_writes() {
        assert_eq!(
            tables_in_sql("UPDATE orders SET x = ${v}"),
            [("orders".to_string(), AccessMode::Write)]
        );
        assert_eq!(
            tables_in_sql("DELETE FROM public.orders WHERE id = ?"),
            [("orders".to_string(), AccessMode::Write)]
        );
    }

    #[test]
    fn unparsable_sql_falls_back_to_a_keyword_scan() {
        let got = tables_in_sql("SELECT ... FROM payments WHERE ::weird");
        assert!(got.contains(&("payments".into(), AccessMode::Read)));
    }
}
