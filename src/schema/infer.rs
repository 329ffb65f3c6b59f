//! Relations inferred from names alone, as tbls and SchemaSpy do: a column
//! `user_id` (or `userId`) with no declared key, next to a table `users`,
//! probably points at `users.id`. They are a separate kind and never counted
//! as foreign keys. Polymorphic pairs (`owner_id` + `owner_type`) are skipped.

use super::types::{ForeignKey, RelationKind, Table};
use crate::inflect::{pluralize, underscore};
use std::collections::{BTreeMap, BTreeSet};

pub fn relations(tables: &[Table], declared: &[ForeignKey]) -> Vec<ForeignKey> {
    let names: BTreeMap<String, &Table> = tables
        .iter()
        .map(|t| (t.name.to_ascii_lowercase(), t))
        .collect();
    let covered: BTreeSet<(&str, &str)> = super::types::key_columns(declared);
    let mut out = Vec::new();
    for t in tables {
        let columns: BTreeSet<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        for c in &t.columns {
            if covered.contains(&(t.name.as_str(), c.name.as_str()))
                || t.primary_key == [c.name.clone()]
            {
                continue;
            }
            let Some(stem) = id_stem(&c.name) else {
                continue;
            };
            if columns.contains(format!("{stem}_type").as_str())
                || columns.contains(format!("{stem}Type").as_str())
            {
                continue;
            }
            let snake = underscore(&stem);
            let candidates = [
                pluralize(&snake),
                snake.clone(),
                pluralize(&stem),
                stem.clone(),
            ];
            let Some(target) = candidates
                .iter()
                .find_map(|n| names.get(&n.to_ascii_lowercase()))
            else {
                continue;
            };
            out.push(ForeignKey {
                from_table: t.name.clone(),
                from_columns: vec![c.name.clone()],
                to_table: target.name.clone(),
                to_columns: target.primary_key.clone(),
                kind: RelationKind::Inferred,
                name: None,
                source: t.source.clone(),
                line: t.line,
            });
        }
    }
    out.sort();
    out
}

/// `user_id` → `user`, `userId` → `user`; anything else → None.
fn id_stem(column: &str) -> Option<String> {
    let stem = column
        .strip_suffix("_id")
        .or_else(|| column.strip_suffix("Id"))
        .or_else(|| column.strip_suffix("ID"))?;
    (!stem.is_empty() && !stem.ends_with('_')).then(|| stem.to_string())
}

#[cfg(test)]
mod tests {
    use super::super::types::Column;
    use super::*;

    fn table(name: &str, cols: &[&str]) -> Table {
        Table {
            name: name.into(),
            columns: cols
                .iter()
                .map(|c| Column {
                    name: c.to_string(),
                    data_type: "int".into(),
                    nullable: true,
                    unique: false,
                })
                .collect(),
            primary_key: vec!["id".into()],
            source: "s".into(),
            line: 1,
            kind: None,
            owner: None,
            owner_reason: None,
            incoming: 0,
            outgoing: 0,
            references: Vec::new(),
            referenced_by: Vec::new(),
            leaf: true,
            cycle: None,
        }
    }

    #[test]
    fn user_id_infers_users_but_declared_and_polymorphic_columns_do_not() {
        let tables = vec![
            table("users", &["id"]),
            table(
                "posts",
                &["id", "user_id", "author_id", "owner_id", "owner_type"],
            ),
            table("comments", &["id", "user_id"]),
        ];
        let declared = vec![ForeignKey {
            from_table: "comments".into(),
            from_columns: vec!["user_id".into()],
            to_table: "users".into(),
            to_columns: vec![],
            kind: RelationKind::Declared,
            name: None,
            source: "s".into(),
            line: 1,
        }];
        let got = relations(&tables, &declared);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].from_table, "posts");
        assert_eq!(got[0].kind, RelationKind::Inferred);
    }
}
