//! The plain data the schema stage produces: tables, columns, relations, and
//! what each source contributed. Everything here is sorted before it leaves
//! the stage.

use serde::Serialize;

/// One column as declared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column {
    pub name: String,
    /// The type as written (`bigint`, `character varying(255)`, `ForeignKey`).
    pub data_type: String,
    pub nullable: bool,
    /// A single-column unique constraint or unique index.
    pub unique: bool,
}

/// A table, wherever it was read from.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// Unqualified for the default schema (`users`), qualified otherwise
    /// (`audit.events`).
    pub name: String,
    pub columns: Vec<Column>,
    pub primary_key: Vec<String>,
    /// Where the table is defined (repo-relative path).
    pub source: String,
    pub line: usize,
    /// What the "table" is when it is not a SQL table: `collection` for a
    /// MongoDB collection (Mongoose). Absent for SQL tables.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The module that owns the table, when one could be found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Why that module: `override` (planner.toml), `model` (the ORM model or
    /// migration file defining it), `entity` (the capability of the table's
    /// entity, when its model file maps several tables), `definition` (the
    /// schema file's module), `foreign key` (a join table without a model).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_reason: Option<String>,
    /// Declared foreign keys pointing at this table.
    pub incoming: usize,
    /// Declared foreign keys from this table.
    pub outgoing: usize,
    /// Tables this one references (distinct, sorted).
    pub references: Vec<String>,
    /// Tables that reference this one (distinct, sorted).
    pub referenced_by: Vec<String>,
    /// Nothing references this table: it can move without breaking others.
    pub leaf: bool,
    /// Index into `SchemaSection::order.cycles`, when the table sits in one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cycle: Option<usize>,
}

/// Declared relations come from the schema; inferred ones only from names
/// (`user_id` → `users.id`) and are never mixed with declared ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    Declared,
    Inferred,
    /// Declared by the ORM but not enforced by the database: a Mongoose
    /// `ref` between MongoDB collections. It binds the code as a key does
    /// (populate, lookups), so it counts wherever declared keys count.
    Reference,
}

impl RelationKind {
    /// Declared in the schema or the models (a key or an ORM reference),
    /// as opposed to inferred from names.
    pub fn is_declared(self) -> bool {
        self != RelationKind::Inferred
    }
}

/// A foreign key: `from_table(from_columns)` references `to_table(to_columns)`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ForeignKey {
    pub from_table: String,
    pub from_columns: Vec<String>,
    pub to_table: String,
    /// Empty in SQL means the target's primary key; filled in when known.
    pub to_columns: Vec<String>,
    pub kind: RelationKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub source: String,
    pub line: usize,
}

/// What one schema source contributed, and how much of it failed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SourceSummary {
    pub path: String,
    /// `sql_dump`, `sql_migrations`, `rails_schema`, `django`, `prisma`,
    /// `sequelize`, `knex`, `typeorm`, `typeorm_migrations`, `sqlalchemy`,
    /// `alembic`, `sequelize_migrations`, `mongoose`,
    /// `drizzle`.
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dialect: Option<String>,
    /// Statements (SQL) or declarations (ORM) seen.
    pub statements: usize,
    /// Statements skipped on purpose: they cannot change tables or keys
    /// (`SET`, `COMMENT ON`, `CREATE FUNCTION`, `COPY` data, …).
    pub skipped: usize,
    /// Statements the parser rejected (each one is a warning).
    pub failed: usize,
    pub tables: usize,
    pub foreign_keys: usize,
}

/// Every (table, column) that holds a foreign key.
pub fn key_columns<'a>(
    fks: impl IntoIterator<Item = &'a ForeignKey>,
) -> std::collections::BTreeSet<(&'a str, &'a str)> {
    fks.into_iter()
        .flat_map(|f| {
            f.from_columns
                .iter()
                .map(move |c| (f.from_table.as_str(), c.as_str()))
        })
        .collect()
}

#[cfg(test)]
impl ForeignKey {
    /// `from(cols)->to(cols)`, the form the readers' unit tests compare.
    pub(crate) fn arrow(&self) -> String {
        format!(
            "{}({})->{}({})",
            self.from_table,
            self.from_columns.join(","),
            self.to_table,
            self.to_columns.join(",")
        )
    }
}
