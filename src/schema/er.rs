//! Mermaid `erDiagram`s, one per module: the tables it owns with their key
//! columns, and the tables of other modules that its foreign keys cross to.
//! REFERENCE §4: entity names are always quoted, attribute types start with a
//! letter and hold only letters, digits, `-` and `_`, cardinalities follow
//! tbls' rule, `--` marks identifying relations and `..` the others, and each
//! diagram stays under Mermaid's 50,000-character limit (cut to the most
//! connected tables, saying what is left out).

use super::types::{ForeignKey, Table};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

pub const MAX_CHARS: usize = 45_000;
/// Past this many entities a diagram stops being readable.
pub const MAX_TABLES: usize = 40;
/// Non-key columns shown per table.
pub const MAX_COLUMNS: usize = 6;

#[derive(Debug, Clone, Serialize)]
pub struct ErDiagram {
    pub module: String,
    pub diagram: String,
    pub tables_shown: usize,
    pub tables_total: usize,
    pub relations_shown: usize,
    pub relations_total: usize,
}

/// One diagram per module that owns at least one table, sorted by module.
pub fn per_module(tables: &[Table], fks: &[ForeignKey]) -> Vec<ErDiagram> {
    let modules: BTreeSet<&str> = tables.iter().filter_map(|t| t.owner.as_deref()).collect();
    modules
        .into_iter()
        .map(|m| module_diagram(m, tables, fks))
        .collect()
}

/// One diagram of every table (for `planner schema --format mermaid` when no
/// module owns anything, or for small schemas).
pub fn whole(tables: &[Table], fks: &[ForeignKey]) -> ErDiagram {
    let all: Vec<&Table> = tables.iter().collect();
    let declared: Vec<&ForeignKey> = fks.iter().filter(|f| f.kind.is_declared()).collect();
    let every = tables.iter().map(|t| (t.name.as_str(), t)).collect();
    build("all tables", &all, &declared, &BTreeMap::new(), &every)
}

fn module_diagram(module: &str, tables: &[Table], fks: &[ForeignKey]) -> ErDiagram {
    let owner: BTreeMap<&str, &str> = tables
        .iter()
        .filter_map(|t| Some((t.name.as_str(), t.owner.as_deref()?)))
        .collect();
    let own: Vec<&Table> = tables
        .iter()
        .filter(|t| t.owner.as_deref() == Some(module))
        .collect();
    let own_names: BTreeSet<&str> = own.iter().map(|t| t.name.as_str()).collect();
    let related: Vec<&ForeignKey> = fks
        .iter()
        .filter(|f| f.kind.is_declared())
        .filter(|f| {
            own_names.contains(f.from_table.as_str()) || own_names.contains(f.to_table.as_str())
        })
        .collect();
    let mut foreign: BTreeMap<String, String> = BTreeMap::new();
    for f in &related {
        for t in [&f.from_table, &f.to_table] {
            if !own_names.contains(t.as_str()) {
                let m = owner.get(t.as_str()).copied().unwrap_or("unowned");
                foreign.insert(t.clone(), m.to_string());
            }
        }
    }
    let every = tables.iter().map(|t| (t.name.as_str(), t)).collect();
    build(module, &own, &related, &foreign, &every)
}

fn build(
    module: &str,
    own: &[&Table],
    fks: &[&ForeignKey],
    foreign: &BTreeMap<String, String>,
    every: &BTreeMap<&str, &Table>,
) -> ErDiagram {
    // Rank owned tables by how many keys touch them, then by name.
    let mut degree: BTreeMap<&str, usize> = own.iter().map(|t| (t.name.as_str(), 0)).collect();
    for f in fks {
        for t in [f.from_table.as_str(), f.to_table.as_str()] {
            if let Some(d) = degree.get_mut(t) {
                *d += 1;
            }
        }
    }
    let mut ranked: Vec<&Table> = own.to_vec();
    ranked.sort_by(|a, b| {
        degree[b.name.as_str()]
            .cmp(&degree[a.name.as_str()])
            .then_with(|| a.name.cmp(&b.name))
    });
    let mut limit = MAX_TABLES.min(ranked.len());
    let mut columns = MAX_COLUMNS;
    loop {
        let kept: Vec<&Table> = ranked.iter().take(limit).copied().collect();
        let d = render(module, &kept, own.len(), fks, foreign, columns, every);
        if d.diagram.len() <= MAX_CHARS || limit <= 1 {
            return d;
        }
        if columns > 0 {
            columns /= 2;
        } else {
            limit = limit * 3 / 4;
        }
    }
}

fn render(
    module: &str,
    kept: &[&Table],
    total: usize,
    fks: &[&ForeignKey],
    foreign: &BTreeMap<String, String>,
    max_columns: usize,
    every: &BTreeMap<&str, &Table>,
) -> ErDiagram {
    let names: BTreeSet<&str> = kept.iter().map(|t| t.name.as_str()).collect();
    let shown_fks: Vec<&&ForeignKey> = fks
        .iter()
        .filter(|f| {
            let ok = |t: &str| names.contains(t) || foreign.contains_key(t);
            ok(&f.from_table)
                && ok(&f.to_table)
                && (names.contains(f.from_table.as_str()) || names.contains(f.to_table.as_str()))
        })
        .collect();
    let fk_cols: BTreeSet<(&str, &str)> = super::types::key_columns(fks.iter().map(|f| &**f));
    let mut out = String::from("erDiagram\n");
    let mut sorted: Vec<&Table> = kept.to_vec();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    for t in &sorted {
        out.push_str(&format!("  {} {{\n", entity(&t.name)));
        let mut extra = 0;
        let mut shown = 0;
        for c in &t.columns {
            let pk = t.primary_key.contains(&c.name);
            let fk = fk_cols.contains(&(t.name.as_str(), c.name.as_str()));
            if !pk && !fk {
                if shown >= max_columns {
                    extra += 1;
                    continue;
                }
                shown += 1;
            }
            let keys: Vec<&str> = [(pk, "PK"), (fk, "FK"), (c.unique && !pk, "UK")]
                .iter()
                .filter(|(on, _)| *on)
                .map(|(_, k)| *k)
                .collect();
            out.push_str(&format!(
                "    {} {}{}\n",
                attr_type(&c.data_type),
                attr_name(&c.name),
                if keys.is_empty() {
                    String::new()
                } else {
                    format!(" {}", keys.join(", "))
                }
            ));
        }
        if extra > 0 {
            out.push_str(&format!("    %% {extra} more columns\n"));
        }
        out.push_str("  }\n");
    }
    let mut foreign_shown = BTreeSet::new();
    for f in &shown_fks {
        for t in [&f.from_table, &f.to_table] {
            if let Some(m) = foreign.get(t) {
                foreign_shown.insert((t.as_str(), m.as_str()));
            }
        }
    }
    for (t, m) in &foreign_shown {
        out.push_str(&format!(
            "  {} {{\n    module {}\n  }}\n",
            entity(t),
            attr_name(m)
        ));
    }
    for f in &shown_fks {
        // The child table from the whole schema, not only this diagram's
        // tables: the same key gets the same ends in every diagram.
        let (child_end, line, parent_end) = relation_ends(f, every.get(f.from_table.as_str()));
        out.push_str(&format!(
            "  {} {child_end}{line}{parent_end} {} : {}\n",
            entity(&f.from_table),
            entity(&f.to_table),
            quote(&f.from_columns.join(", ")),
        ));
    }
    if kept.len() < total {
        out.push_str(&format!(
            "  %% showing the {} most connected of {} tables\n",
            kept.len(),
            total
        ));
    }
    ErDiagram {
        module: module.to_string(),
        diagram: out.trim_end().to_string(),
        tables_shown: kept.len(),
        tables_total: total,
        relations_shown: shown_fks.len(),
        relations_total: fks.len(),
    }
}

/// The Mermaid ends of a foreign key, tbls's rule: the child end is zero or
/// one (`|o`) when the key's columns are unique, else zero or more (`}o`);
/// the parent end is exactly one (`||`) when every key column is NOT NULL,
/// else zero or one (`o|`). A key made of the child's primary key is an
/// identifying relation (solid line).
fn relation_ends(
    f: &ForeignKey,
    child: Option<&&Table>,
) -> (&'static str, &'static str, &'static str) {
    let col = |name: &str| child.and_then(|t| t.columns.iter().find(|c| c.name == name));
    let unique_columns = f.from_columns.len() == 1
        && col(&f.from_columns[0]).is_some_and(|c| c.unique)
        || child.is_some_and(|t| !f.from_columns.is_empty() && t.primary_key == f.from_columns);
    let required = !f.from_columns.is_empty()
        && f.from_columns
            .iter()
            .all(|c| col(c).is_some_and(|c| !c.nullable));
    let identifying = child.is_some_and(|t| {
        !t.primary_key.is_empty() && f.from_columns.iter().all(|c| t.primary_key.contains(c))
    });
    (
        if unique_columns { "|o" } else { "}o" },
        if identifying { "--" } else { ".." },
        if required { "||" } else { "o|" },
    )
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "'"))
}

fn entity(name: &str) -> String {
    quote(name)
}

/// `numeric(10,2)` → `numeric`, `character varying` → `character_varying`.
fn attr_type(t: &str) -> String {
    let base = t.split(['(', '[']).next().unwrap_or("").trim();
    let mut s: String = base
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if t.trim_end().ends_with("[]") {
        s.push_str("[]");
    }
    if !s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        s = format!("t_{s}");
    }
    s
}

fn attr_name(n: &str) -> String {
    let mut s: String = n
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        s = format!("_{s}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::types::{Column, RelationKind};

    fn table(name: &str, owner: &str, columns: usize) -> Table {
        Table {
            name: name.into(),
            columns: (0..columns)
                .map(|i| Column {
                    name: format!("a_rather_long_column_name_{i}"),
                    data_type: "character varying(255)".into(),
                    nullable: true,
                    unique: false,
                })
                .collect(),
            primary_key: vec![],
            source: "s.sql".into(),
            line: 1,
            kind: None,
            owner: Some(owner.into()),
            owner_reason: None,
            incoming: 0,
            outgoing: 0,
            references: Vec::new(),
            referenced_by: Vec::new(),
            leaf: true,
            cycle: None,
        }
    }

    fn fk(from: &str, to: &str) -> ForeignKey {
        ForeignKey {
            from_table: from.into(),
            from_columns: vec!["a_rather_long_column_name_0".into()],
            to_table: to.into(),
            to_columns: vec![],
            kind: RelationKind::Declared,
            name: None,
            source: "s.sql".into(),
            line: 1,
        }
    }

    #[test]
    fn a_huge_module_is_cut_to_fit_mermaid_and_says_so() {
        let mut tables: Vec<Table> = (0..400)
            .map(|i| table(&format!("t{i}"), "big", 60))
            .collect();
        tables.push(table("other", "elsewhere", 3));
        let mut fks: Vec<ForeignKey> = (1..400)
            .map(|i| fk(&format!("t{i}"), &format!("t{}", i / 2)))
            .collect();
        fks.push(fk("t1", "other"));
        let d = per_module(&tables, &fks)
            .into_iter()
            .find(|d| d.module == "big")
            .unwrap();
        assert!(d.diagram.len() <= MAX_CHARS);
        assert!(d.tables_shown < d.tables_total);
        assert!(d.diagram.contains("most connected of 400 tables"));
        // The cross-module key and its foreign table are drawn.
        assert!(d.diagram.contains("\"t1\" }o..o| \"other\""));
        assert!(d.diagram.contains("\"other\" {\n    module elsewhere"));
    }

    #[test]
    fn a_foreign_key_has_the_same_ends_in_both_modules_diagrams() {
        let mut child = table("orders", "sales", 2);
        child.columns[0].nullable = false; // NOT NULL key column
        let parent = table("customers", "crm", 2);
        let key = fk("orders", "customers");
        let diagrams = per_module(&[child.clone(), parent.clone()], std::slice::from_ref(&key));
        let lines: Vec<&str> = diagrams
            .iter()
            .flat_map(|d| d.diagram.lines())
            .filter(|l| l.contains("\"orders\"") && l.contains("\"customers\""))
            .collect();
        // Not unique, NOT NULL: zero or more orders, exactly one customer.
        assert_eq!(lines.len(), 2, "{diagrams:#?}");
        assert!(
            lines
                .iter()
                .all(|l| l.contains("\"orders\" }o..|| \"customers\"")),
            "{lines:?}"
        );

        // Unique and nullable: zero or one on both ends, in both diagrams.
        child.columns[0].nullable = true;
        child.columns[0].unique = true;
        let diagrams = per_module(&[child, parent], &[key]);
        let lines: Vec<&str> = diagrams
            .iter()
            .flat_map(|d| d.diagram.lines())
            .filter(|l| l.contains("\"orders\"") && l.contains("\"customers\""))
            .collect();
        assert_eq!(lines.len(), 2);
        assert!(
            lines
                .iter()
                .all(|l| l.contains("\"orders\" |o..o| \"customers\"")),
            "{lines:?}"
        );
    }

    #[test]
    fn attribute_types_are_sanitised() {
        assert_eq!(attr_type("numeric(10,2)"), "numeric");
        assert_eq!(attr_type("character varying(255)"), "character_varying");
        assert_eq!(attr_type("text[]"), "text[]");
        assert_eq!(attr_type("2d"), "t_2d");
        assert_eq!(attr_name("1st"), "_1st");
    }
}
