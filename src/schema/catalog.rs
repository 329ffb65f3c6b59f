//! A mutable catalog that schema sources are applied to, in order: dumps
//! create tables, migrations create, alter, rename and drop them. Foreign keys
//! live with their table, so dropping a table drops its keys.

use super::types::{Column, ForeignKey, Table};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default)]
pub struct TableDef {
    pub name: String,
    pub columns: Vec<Column>,
    pub primary_key: Vec<String>,
    pub foreign_keys: Vec<ForeignKey>,
    pub source: String,
    pub line: usize,
    /// The ORM model class that maps the table, when one does.
    pub model: Option<String>,
    /// `collection` for a MongoDB collection; `None` for a SQL table.
    pub kind: Option<String>,
}

#[derive(Debug, Default)]
pub struct Catalog {
    tables: BTreeMap<String, TableDef>,
}

impl Catalog {
    pub fn new() -> Self {
        Self::default()
    }

    /// Creates (or replaces) a table. A later definition wins, as when a
    /// migration recreates a table.
    pub fn create(&mut self, table: TableDef) {
        self.tables.insert(table.name.clone(), table);
    }

    /// Adds an ORM model's table; when two models map the same table
    /// (Sequelize `Template` and `Document` both on `documents`), their
    /// columns and keys are merged and the first definition stays the source.
    pub fn merge(&mut self, table: TableDef) {
        match self.tables.get_mut(&table.name) {
            None => {
                self.tables.insert(table.name.clone(), table);
            }
            Some(existing) => {
                for c in table.columns {
                    if existing.column_mut(&c.name).is_none() {
                        existing.columns.push(c);
                    }
                }
                if existing.primary_key.is_empty() {
                    existing.primary_key = table.primary_key;
                }
                existing.foreign_keys.extend(table.foreign_keys);
            }
        }
    }

    pub fn contains(&self, name: &str) -> bool {
        self.tables.contains_key(name)
    }

    pub fn table_mut(&mut self, name: &str) -> Option<&mut TableDef> {
        self.tables.get_mut(name)
    }

    pub fn drop_table(&mut self, name: &str) -> bool {
        self.tables.remove(name).is_some()
    }

    /// Renames a table and every key that points at it.
    pub fn rename_table(&mut self, old: &str, new: &str) -> bool {
        let Some(mut table) = self.tables.remove(old) else {
            return false;
        };
        table.name = new.to_string();
        for fk in &mut table.foreign_keys {
            fk.from_table = new.to_string();
        }
        self.tables.insert(new.to_string(), table);
        for t in self.tables.values_mut() {
            for fk in &mut t.foreign_keys {
                if fk.to_table == old {
                    fk.to_table = new.to_string();
                }
            }
        }
        true
    }

    pub fn len(&self) -> usize {
        self.tables.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tables.is_empty()
    }

    /// Tables (sorted by name) and their foreign keys (sorted), with empty
    /// target columns filled in from the target's primary key.
    pub fn finish(self) -> (Vec<Table>, Vec<ForeignKey>) {
        let pks: BTreeMap<String, Vec<String>> = self
            .tables
            .values()
            .map(|t| (t.name.clone(), t.primary_key.clone()))
            .collect();
        let mut tables = Vec::new();
        let mut fks = Vec::new();
        for (_, def) in self.tables {
            for mut fk in def.foreign_keys {
                if fk.to_columns.is_empty() {
                    fk.to_columns = pks.get(&fk.to_table).cloned().unwrap_or_default();
                }
                fks.push(fk);
            }
            tables.push(Table {
                name: def.name,
                columns: def.columns,
                primary_key: def.primary_key,
                source: def.source,
                line: def.line,
                kind: def.kind,
                owner: None,
                owner_reason: None,
                incoming: 0,
                outgoing: 0,
                references: Vec::new(),
                referenced_by: Vec::new(),
                leaf: true,
                cycle: None,
            });
        }
        fks.sort();
        fks.dedup_by(|a, b| {
            a.from_table == b.from_table
                && a.from_columns == b.from_columns
                && a.to_table == b.to_table
                && a.to_columns == b.to_columns
        });
        (tables, fks)
    }
}

impl TableDef {
    pub fn new(name: &str, source: &str, line: usize) -> Self {
        Self {
            name: name.to_string(),
            source: source.to_string(),
            line,
            ..Self::default()
        }
    }

    pub fn column_mut(&mut self, name: &str) -> Option<&mut Column> {
        self.columns.iter_mut().find(|c| c.name == name)
    }

    /// Adds a column, replacing one of the same name.
    pub fn add_column(&mut self, column: Column) {
        if let Some(existing) = self.column_mut(&column.name) {
            *existing = column;
        } else {
            self.columns.push(column);
        }
    }

    pub fn drop_column(&mut self, name: &str) {
        self.columns.retain(|c| c.name != name);
        self.primary_key.retain(|c| c != name);
        self.foreign_keys
            .retain(|fk| !fk.from_columns.iter().any(|c| c == name));
    }

    pub fn rename_column(&mut self, old: &str, new: &str) {
        if let Some(c) = self.column_mut(old) {
            c.name = new.to_string();
        }
        for pk in &mut self.primary_key {
            if pk == old {
                *pk = new.to_string();
            }
        }
        for fk in &mut self.foreign_keys {
            for c in &mut fk.from_columns {
                if c == old {
                    *c = new.to_string();
                }
            }
        }
    }

    /// Marks a single column unique (for cardinality).
    pub fn mark_unique(&mut self, columns: &[String]) {
        if let [only] = columns {
            if let Some(c) = self.column_mut(only) {
                c.unique = true;
            }
        }
    }

    pub fn set_primary_key(&mut self, columns: Vec<String>) {
        for name in &columns {
            if let Some(c) = self.column_mut(name) {
                c.nullable = false;
            }
        }
        self.mark_unique(&columns);
        self.primary_key = columns;
    }
}

impl Catalog {
    pub fn table_source(&self, name: &str) -> Option<String> {
        self.tables.get(name).map(|t| t.source.clone())
    }

    pub fn names(&self) -> std::collections::BTreeSet<String> {
        self.tables.keys().cloned().collect()
    }

    /// The tables as they stand, sorted by name (for a replay kept apart
    /// from the main catalog).
    pub fn into_defs(self) -> Vec<TableDef> {
        self.tables.into_values().collect()
    }
}

/// What an ORM reader found: its tables (each with its defining file as
/// `source`) and a summary.
#[derive(Debug, Default)]
pub struct OrmExtract {
    pub tables: Vec<TableDef>,
    pub summary: super::types::SourceSummary,
}
