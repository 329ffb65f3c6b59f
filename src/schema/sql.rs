//! The SQL front end: split a file into statements, parse each schema-changing
//! one with sqlparser on its own, and apply it to the catalog. A statement the
//! parser rejects becomes a warning with file:line and the parser's message;
//! the other statements still count.

use super::catalog::{Catalog, TableDef};
use super::dialect::DialectChoice;
use super::split::{split, SplitOptions};
use super::types::{Column, ForeignKey, RelationKind, SourceSummary};
use crate::warnings::Warnings;
use rayon::prelude::*;
use sqlparser::ast::{
    AlterColumnOperation, AlterTableOperation, ColumnDef, ColumnOption, CreateIndex, CreateTable,
    Expr, ForeignKeyConstraint, Ident, ObjectName, ObjectNamePart, ObjectType, RenameTableNameKind,
    Statement, TableConstraint,
};
use sqlparser::parser::Parser;

/// Schema names that planner leaves off table names (the default schemas).
const DEFAULT_SCHEMAS: &[&str] = &["public", "dbo", "main"];

/// Statements that can create, change or remove tables and keys. Everything
/// else (`SET`, `COMMENT ON`, functions, sequences, grants, data) is skipped
/// without parsing.
fn is_schema_statement(text: &str) -> bool {
    let mut words = text
        .split(|c: char| c.is_whitespace() || c == '(')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_uppercase());
    let Some(first) = words.next() else {
        return false;
    };
    match first.as_str() {
        "CREATE" => {
            for w in words.take(5) {
                match w.as_str() {
                    "TABLE" => return true,
                    "UNIQUE" => return true,
                    "OR" | "REPLACE" | "GLOBAL" | "LOCAL" | "TEMP" | "TEMPORARY" | "UNLOGGED" => {}
                    _ => return false,
                }
            }
            false
        }
        "ALTER" | "DROP" => words.next().as_deref() == Some("TABLE"),
        "RENAME" => words.next().as_deref() == Some("TABLE"),
        _ => false,
    }
}

/// Applies one SQL file to `catalog`. `path` is repo-relative, for warnings.
pub fn apply_file(
    catalog: &mut Catalog,
    path: &str,
    text: &str,
    dialect: &DialectChoice,
    warnings: &Warnings,
) -> SourceSummary {
    apply_text(catalog, path, 1, text, dialect, warnings)
}

/// Like `apply_file`, for SQL that starts at line `first_line` of `path`
/// (SQL inside a Ruby migration's `execute "…"`).
pub fn apply_text(
    catalog: &mut Catalog,
    path: &str,
    first_line: usize,
    text: &str,
    dialect: &DialectChoice,
    warnings: &Warnings,
) -> SourceSummary {
    let parts = split(
        text,
        SplitOptions {
            mysql: dialect.is_mysql(),
        },
    );
    let mut summary = SourceSummary {
        path: path.to_string(),
        kind: "sql_dump".into(),
        dialect: Some(dialect.name.clone()),
        statements: parts.statements.len(),
        ..SourceSummary::default()
    };
    let before = catalog.len();
    // Parse a chunk in parallel, apply it in order, drop its syntax trees:
    // memory stays flat however large the dump.
    for chunk in parts.statements.chunks(2048) {
        let parsed: Vec<Option<Result<Vec<Statement>, String>>> = chunk
            .par_iter()
            .map_init(
                || dialect.dialect(),
                |sql_dialect, s| {
                    if !is_schema_statement(&s.text) {
                        return None;
                    }
                    Some(
                        Parser::parse_sql(sql_dialect.as_ref(), &s.text).map_err(|e| e.to_string()),
                    )
                },
            )
            .collect();
        for (stmt, result) in chunk.iter().zip(parsed) {
            match result {
                None => summary.skipped += 1,
                Some(Err(message)) => {
                    summary.failed += 1;
                    warnings.push(
                        path,
                        Some(stmt.line + first_line - 1),
                        format!("SQL statement not understood ({}): {message}", dialect.name),
                    );
                }
                Some(Ok(statements)) => {
                    for s in statements {
                        summary.foreign_keys +=
                            apply(catalog, s, path, stmt.line + first_line - 1, warnings);
                    }
                }
            }
        }
    }
    summary.tables = catalog.len().saturating_sub(before);
    summary
}

/// Applies one parsed statement; returns the number of foreign keys it added.
pub fn apply(
    catalog: &mut Catalog,
    statement: Statement,
    path: &str,
    line: usize,
    warnings: &Warnings,
) -> usize {
    match statement {
        Statement::CreateTable(create) => create_table(catalog, create, path, line),
        Statement::AlterTable(alter) => {
            let name = table_name(&alter.name);
            let Some(table) = catalog.table_mut(&name) else {
                warnings.push(
                    path,
                    Some(line),
                    format!("ALTER TABLE on {name}, which no earlier statement created"),
                );
                return 0;
            };
            let mut added = 0;
            let mut rename_to = None;
            for op in alter.operations {
                match alter_table(table, op, path, line) {
                    Altered::Keys(n) => added += n,
                    Altered::RenameTo(new) => rename_to = Some(new),
                }
            }
            if let Some(new) = rename_to {
                catalog.rename_table(&name, &new);
            }
            added
        }
        Statement::Drop {
            object_type: ObjectType::Table,
            names,
            ..
        } => {
            for n in names {
                catalog.drop_table(&table_name(&n));
            }
            0
        }
        Statement::RenameTable(renames) => {
            for r in renames {
                catalog.rename_table(&table_name(&r.old_name), &table_name(&r.new_name));
            }
            0
        }
        Statement::CreateIndex(index) => {
            unique_index(catalog, &index);
            0
        }
        _ => 0,
    }
}

fn create_table(catalog: &mut Catalog, create: CreateTable, path: &str, line: usize) -> usize {
    let name = table_name(&create.name);
    let mut table = TableDef::new(&name, path, line);
    let mut pk = Vec::new();
    for col in create.columns {
        let (column, keys, is_pk) = column_def(&name, col, path, line);
        if is_pk {
            pk.push(column.name.clone());
        }
        table.add_column(column);
        table.foreign_keys.extend(keys);
    }
    for constraint in create.constraints {
        apply_constraint(&mut table, constraint, path, line, &mut pk);
    }
    if !pk.is_empty() {
        table.set_primary_key(pk);
    }
    let added = table.foreign_keys.len();
    catalog.create(table);
    added
}

/// A column, the foreign keys it declares inline, and whether it is the
/// primary key.
fn column_def(
    table: &str,
    col: ColumnDef,
    path: &str,
    line: usize,
) -> (Column, Vec<ForeignKey>, bool) {
    let name = ident(&col.name);
    let mut column = Column {
        name: name.clone(),
        data_type: col.data_type.to_string(),
        nullable: true,
        unique: false,
    };
    let mut keys = Vec::new();
    let mut is_pk = false;
    for option in col.options {
        match option.option {
            ColumnOption::NotNull => column.nullable = false,
            ColumnOption::PrimaryKey(_) => {
                is_pk = true;
                column.nullable = false;
                column.unique = true;
            }
            ColumnOption::Unique(_) => column.unique = true,
            ColumnOption::ForeignKey(fk) => {
                let mut key = foreign_key(table, fk, path, line);
                key.from_columns = vec![name.clone()];
                keys.push(key);
            }
            _ => {}
        }
    }
    (column, keys, is_pk)
}

fn foreign_key(table: &str, fk: ForeignKeyConstraint, path: &str, line: usize) -> ForeignKey {
    ForeignKey {
        from_table: table.to_string(),
        from_columns: fk.columns.iter().map(ident).collect(),
        to_table: table_name(&fk.foreign_table),
        to_columns: fk.referred_columns.iter().map(ident).collect(),
        kind: RelationKind::Declared,
        name: fk.name.as_ref().map(ident),
        source: path.to_string(),
        line,
    }
}

fn apply_constraint(
    table: &mut TableDef,
    constraint: TableConstraint,
    path: &str,
    line: usize,
    pk: &mut Vec<String>,
) -> usize {
    match constraint {
        TableConstraint::ForeignKey(fk) => {
            let key = foreign_key(&table.name, fk, path, line);
            table.foreign_keys.push(key);
            1
        }
        TableConstraint::PrimaryKey(p) => {
            *pk = p
                .columns
                .iter()
                .filter_map(|c| expr_column(&c.column.expr))
                .collect();
            0
        }
        TableConstraint::Unique(u) => {
            let cols: Vec<String> = u
                .columns
                .iter()
                .filter_map(|c| expr_column(&c.column.expr))
                .collect();
            table.mark_unique(&cols);
            0
        }
        _ => 0,
    }
}

enum Altered {
    Keys(usize),
    RenameTo(String),
}

fn alter_table(table: &mut TableDef, op: AlterTableOperation, path: &str, line: usize) -> Altered {
    let mut added = 0;
    match op {
        AlterTableOperation::AddConstraint { constraint, .. } => {
            let mut pk = Vec::new();
            let is_pk = matches!(constraint, TableConstraint::PrimaryKey(_));
            added += apply_constraint(table, constraint, path, line, &mut pk);
            if is_pk {
                table.set_primary_key(pk);
            }
        }
        AlterTableOperation::AddColumn {
            column_def: col, ..
        } => {
            let (column, keys, is_pk) = column_def(&table.name.clone(), col, path, line);
            let name = column.name.clone();
            table.add_column(column);
            added += keys.len();
            table.foreign_keys.extend(keys);
            if is_pk {
                table.set_primary_key(vec![name]);
            }
        }
        AlterTableOperation::DropColumn { column_names, .. } => {
            for c in column_names {
                table.drop_column(&ident(&c));
            }
        }
        AlterTableOperation::RenameColumn {
            old_column_name,
            new_column_name,
        } => table.rename_column(&ident(&old_column_name), &ident(&new_column_name)),
        AlterTableOperation::RenameTable { table_name: kind } => {
            let new = match kind {
                RenameTableNameKind::As(n) | RenameTableNameKind::To(n) => n,
            };
            return Altered::RenameTo(table_name(&new));
        }
        AlterTableOperation::RenameConstraint { old_name, new_name } => {
            let (old, new) = (ident(&old_name), ident(&new_name));
            for fk in &mut table.foreign_keys {
                if fk.name.as_deref() == Some(old.as_str()) {
                    fk.name = Some(new.clone());
                }
            }
        }
        AlterTableOperation::DropConstraint { name, .. }
        | AlterTableOperation::DropForeignKey { name, .. } => {
            let name = ident(&name);
            table
                .foreign_keys
                .retain(|fk| fk.name.as_deref() != Some(name.as_str()));
        }
        AlterTableOperation::ChangeColumn {
            old_name,
            new_name,
            data_type,
            options,
            ..
        } => {
            let old = ident(&old_name);
            let new = ident(&new_name);
            table.rename_column(&old, &new);
            change_column(table, &new, data_type.to_string(), &options);
        }
        AlterTableOperation::ModifyColumn {
            col_name,
            data_type,
            options,
            ..
        } => change_column(table, &ident(&col_name), data_type.to_string(), &options),
        AlterTableOperation::AlterColumn { column_name, op } => {
            if let Some(c) = table.column_mut(&ident(&column_name)) {
                match op {
                    AlterColumnOperation::SetNotNull => c.nullable = false,
                    AlterColumnOperation::DropNotNull => c.nullable = true,
                    AlterColumnOperation::SetDataType { data_type, .. } => {
                        c.data_type = data_type.to_string()
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
    Altered::Keys(added)
}

fn change_column(table: &mut TableDef, name: &str, data_type: String, options: &[ColumnOption]) {
    if let Some(c) = table.column_mut(name) {
        c.data_type = data_type;
        c.nullable = !options.iter().any(|o| matches!(o, ColumnOption::NotNull));
    }
}

fn unique_index(catalog: &mut Catalog, index: &CreateIndex) {
    if !index.unique || index.predicate.is_some() {
        return;
    }
    let cols: Vec<String> = index
        .columns
        .iter()
        .filter_map(|c| expr_column(&c.column.expr))
        .collect();
    if cols.len() != index.columns.len() {
        return;
    }
    if let Some(t) = catalog.table_mut(&table_name(&index.table_name)) {
        t.mark_unique(&cols);
    }
}

fn expr_column(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Identifier(i) => Some(ident(i)),
        Expr::CompoundIdentifier(parts) => parts.last().map(ident),
        _ => None,
    }
}

pub fn ident(i: &Ident) -> String {
    i.value.clone()
}

/// `public.users` → `users`; `audit.events` stays qualified.
pub fn table_name(name: &ObjectName) -> String {
    let parts: Vec<String> = name
        .0
        .iter()
        .map(|p| match p {
            ObjectNamePart::Identifier(i) => ident(i),
            other => other.to_string(),
        })
        .collect();
    match parts.as_slice() {
        [] => String::new(),
        [.., schema, table] if DEFAULT_SCHEMAS.contains(&schema.to_ascii_lowercase().as_str()) => {
            table.clone()
        }
        _ => parts.join("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(sql: &str, dialect: &str) -> (Catalog, SourceSummary, Vec<crate::warnings::Warning>) {
        let mut catalog = Catalog::new();
        let warnings = Warnings::new();
        let d = DialectChoice::named(dialect).expect("known dialect");
        let summary = apply_file(&mut catalog, "db/x.sql", sql, &d, &warnings);
        (catalog, summary, warnings.into_sorted())
    }

    #[test]
    fn structure_sql_foreign_keys_come_from_alter_table_only() {
        let sql = "SET x = 1;\nCREATE TABLE public.users (id bigint NOT NULL);\nCREATE TABLE public.posts (id bigint NOT NULL, user_id bigint);\nALTER TABLE ONLY public.users ADD CONSTRAINT users_pkey PRIMARY KEY (id);\nALTER TABLE ONLY public.posts\n    ADD CONSTRAINT fk_rails_1 FOREIGN KEY (user_id) REFERENCES public.users(id);\n";
        let (catalog, summary, warnings) = run(sql, "postgres");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(summary.skipped, 1);
        assert_eq!(summary.foreign_keys, 1);
        let (tables, fks) = catalog.finish();
        assert_eq!(tables.len(), 2);
        assert_eq!(fks[0].from_table, "posts");
        assert_eq!(fks[0].to_table, "users");
        assert_eq!(fks[0].name.as_deref(), Some("fk_rails_1"));
        assert_eq!(fks[0].line, 5);
    }

    #[test]
    fn inline_and_table_level_references_are_keys_with_target_primary_key() {
        let sql = "CREATE TABLE a (id INTEGER PRIMARY KEY);\nCREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a, c INT, FOREIGN KEY (c) REFERENCES a (id));";
        let (catalog, _, _) = run(sql, "sqlite");
        let (_, fks) = catalog.finish();
        assert_eq!(fks.len(), 2);
        assert!(fks.iter().all(|f| f.to_columns == vec!["id".to_string()]));
    }

    #[test]
    fn a_bad_statement_warns_with_its_line_and_the_rest_still_counts() {
        let sql = "CREATE TABLE a (id int);\nCREATE TABLE b (id int,,);\nCREATE TABLE c (id int);";
        let (catalog, summary, warnings) = run(sql, "generic");
        assert_eq!(summary.failed, 1);
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].line, Some(2));
        assert_eq!(catalog.len(), 2);
    }

    #[test]
    fn migrations_rename_and_drop_tables_and_columns() {
        let sql = "CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (id int, a_id int REFERENCES a(id));\nALTER TABLE a RENAME TO accounts;\nALTER TABLE b RENAME COLUMN a_id TO account_id;\nCREATE TABLE gone (id int);\nDROP TABLE gone;";
        let (catalog, _, _) = run(sql, "postgres");
        let (tables, fks) = catalog.finish();
        let names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["accounts", "b"]);
        assert_eq!(fks[0].to_table, "accounts");
        assert_eq!(fks[0].from_columns, ["account_id"]);
    }

    #[test]
    fn mysql_dump_with_hints_parses() {
        let sql = "/*!40101 SET NAMES utf8 */;\nDROP TABLE IF EXISTS `orders`;\nCREATE TABLE `customers` (`id` int NOT NULL AUTO_INCREMENT, PRIMARY KEY (`id`)) ENGINE=InnoDB /*!50100 x */;\nCREATE TABLE `orders` (\n  `id` int NOT NULL,\n  `customer_id` int NOT NULL,\n  KEY `k` (`customer_id`),\n  CONSTRAINT `fk_c` FOREIGN KEY (`customer_id`) REFERENCES `customers` (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\nLOCK TABLES `orders` WRITE;\nINSERT INTO `orders` VALUES (1,1);\nUNLOCK TABLES;";
        let (catalog, summary, warnings) = run(sql, "mysql");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(summary.failed, 0);
        let (_, fks) = catalog.finish();
        assert_eq!(fks.len(), 1);
        assert_eq!(fks[0].to_table, "customers");
    }
}
