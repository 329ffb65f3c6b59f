//! Sequelize migrations (`migrations/*.js|ts` with `up(queryInterface, …)`),
//! replayed in file-name (timestamp) order with tree-sitter, as
//! sequelize-cli runs them: `createTable` (attribute objects with
//! `primaryKey`, `allowNull`, `unique`, `references: { model, key }`),
//! `dropTable`, `renameTable`, `addColumn`, `removeColumn`, `renameColumn`,
//! `changeColumn` (nullability, and the key it adds with `references`),
//! `addConstraint` (foreign key and unique, both signatures),
//! `removeConstraint` by name, unique `addIndex`, and
//! `queryInterface.sequelize.query("SQL")` through the SQL front end. The
//! `down` function is skipped. A table or SQL built at run time is a warning
//! with file:line.
//!
//! Keys declared inline get PostgreSQL's default constraint name
//! (`<table>_<column>_fkey`), so a later `removeConstraint` by that name
//! finds them.

use super::catalog::{Catalog, TableDef};
use super::js_syntax::{string_value, text};
use super::knex::{is_down_migration, member_call};
use super::types::{Column, ForeignKey, RelationKind, SourceSummary};
use crate::warnings::Warnings;
use std::collections::BTreeMap;
use tree_sitter::{Node, Parser};

/// A JS/TS file that looks like a Sequelize migration.
pub fn looks_like_migration(text: &str) -> bool {
    text.contains("queryInterface") && text.contains("up")
}

/// Replays one migration directory's files, in the order given.
pub fn replay(
    catalog: &mut Catalog,
    dir: &str,
    files: &[(String, String)],
    warnings: &Warnings,
) -> SourceSummary {
    let mut summary = SourceSummary {
        path: dir.to_string(),
        kind: "sequelize_migrations".into(),
        ..SourceSummary::default()
    };
    let mut parser = Parser::new();
    for (path, text) in files {
        let language = if path.ends_with(".ts") {
            tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into()
        } else {
            tree_sitter_javascript::LANGUAGE.into()
        };
        if parser.set_language(&language).is_err() {
            continue;
        }
        let Some(tree) = parser.parse(text, None) else {
            continue;
        };
        let root = tree.root_node();
        if root.has_error() {
            warnings.push(
                path,
                super::rails::first_error_line(root),
                "syntax error in a Sequelize migration; the rest was read",
            );
            summary.failed += 1;
        }
        let mut consts = BTreeMap::new();
        string_constants(root, text.as_bytes(), &mut consts);
        let mut ctx = Ctx {
            path,
            src: text.as_bytes(),
            consts,
            catalog,
            summary: &mut summary,
            warnings,
        };
        walk(root, &mut ctx);
    }
    summary.tables = catalog.len();
    summary
}

struct Ctx<'a> {
    path: &'a str,
    src: &'a [u8],
    /// `const sql = "…"` (no substitutions) in the file, for `query(sql)`.
    consts: BTreeMap<String, String>,
    catalog: &'a mut Catalog,
    summary: &'a mut SourceSummary,
    warnings: &'a Warnings,
}

fn walk(node: Node, ctx: &mut Ctx) {
    if is_down_migration(node, ctx.src) {
        return;
    }
    if node.kind() == "call_expression" && apply(node, ctx) {
        return;
    }
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        walk(child, ctx);
    }
}

/// `queryInterface.<method>(…)` (any receiver whose name ends in
/// `queryInterface`, or the conventional short names) and
/// `queryInterface.sequelize.query(…)`.
fn apply(call: Node, ctx: &mut Ctx) -> bool {
    let src = ctx.src;
    let Some((object, method, args)) = member_call(call, src) else {
        return false;
    };
    let receiver = text(object, src);
    let on_interface = |r: &str| {
        let last = r.rsplit('.').next().unwrap_or(r);
        last.ends_with("queryInterface") || last == "qi" || last == "queryInterface"
    };
    if method == "query" && receiver.ends_with(".sequelize") {
        if on_interface(receiver.trim_end_matches(".sequelize")) {
            query(call, &args, ctx);
            return true;
        }
        return false;
    }
    if !on_interface(receiver) {
        return false;
    }
    let line = call.start_position().row + 1;
    let lit = |i: usize| args.get(i).and_then(|a| table_name(*a, src));
    let table_calls = [
        "createTable",
        "dropTable",
        "renameTable",
        "addColumn",
        "removeColumn",
        "renameColumn",
        "changeColumn",
        "addConstraint",
        "removeConstraint",
        "addIndex",
    ];
    if !table_calls.contains(&method.as_str()) {
        return false;
    }
    ctx.summary.statements += 1;
    let Some(table) = lit(0) else {
        let what = args.first().map(|a| text(*a, src)).unwrap_or("nothing");
        ctx.warnings.push(
            ctx.path,
            Some(line),
            format!("`{method}` on a table named at run time (`{what}`); not replayed"),
        );
        return true;
    };
    let path = ctx.path.to_string();
    match method.as_str() {
        "createTable" => {
            let mut t = TableDef::new(&table, &path, line);
            let mut pk = Vec::new();
            if let Some(attrs) = args.get(1) {
                for (name, value) in object_entries(*attrs, src) {
                    let (column, primary, fk) = attribute(&table, &name, value, src, &path);
                    if primary {
                        pk.push(name.clone());
                    }
                    t.add_column(column);
                    t.foreign_keys.extend(fk);
                }
            }
            if !pk.is_empty() {
                t.set_primary_key(pk);
            }
            ctx.summary.foreign_keys += t.foreign_keys.len();
            ctx.catalog.create(t);
        }
        "dropTable" => {
            ctx.catalog.drop_table(&table);
        }
        "renameTable" => {
            if let Some(to) = lit(1) {
                ctx.catalog.rename_table(&table, &to);
            }
        }
        "addColumn" | "changeColumn" => {
            let (Some(name), Some(value)) = (lit(1), args.get(2)) else {
                return true;
            };
            if !exists(&table, &method, line, ctx) {
                return true;
            }
            let Some(t) = ctx.catalog.table_mut(&table) else {
                return true;
            };
            let (column, primary, fk) = attribute(&table, &name, *value, src, &path);
            if method == "changeColumn" {
                if let Some(c) = t.column_mut(&name) {
                    // Sequelize's PostgreSQL `changeColumn` sets NOT NULL for
                    // `allowNull: false`, and drops it otherwise unless the
                    // definition has REFERENCES (then it leaves it alone).
                    let says_null = pairs(*value, src).contains_key("allowNull");
                    if says_null || fk.is_none() {
                        c.nullable = column.nullable;
                    }
                    c.unique |= column.unique;
                } else {
                    t.add_column(column);
                }
            } else {
                t.add_column(column);
                if primary {
                    t.set_primary_key(vec![name.clone()]);
                }
            }
            if let Some(fk) = fk {
                ctx.summary.foreign_keys += 1;
                t.foreign_keys.push(fk);
            }
        }
        "removeColumn" => {
            if let (Some(name), Some(t)) = (lit(1), ctx.catalog.table_mut(&table)) {
                t.drop_column(&name);
            }
        }
        "renameColumn" => {
            if let (Some(a), Some(b), Some(t)) = (lit(1), lit(2), ctx.catalog.table_mut(&table)) {
                t.rename_column(&a, &b);
                let fresh = default_fk_name(&table, &b);
                for fk in &mut t.foreign_keys {
                    if fk.from_columns == [b.clone()] && fk.name.is_none() {
                        fk.name = Some(fresh.clone());
                    }
                }
            }
        }
        "addConstraint" => add_constraint(&table, &args, line, ctx),
        "removeConstraint" => {
            if let (Some(name), Some(t)) = (lit(1), ctx.catalog.table_mut(&table)) {
                t.foreign_keys
                    .retain(|fk| fk.name.as_deref() != Some(&name));
            }
        }
        "addIndex" => {
            let options = args.get(2).map(|o| pairs(*o, src)).unwrap_or_default();
            let first = args.get(1).map(|a| pairs(*a, src)).unwrap_or_default();
            let unique = [&options, &first]
                .iter()
                .any(|p| p.get("unique").is_some_and(|v| text(*v, src) == "true"));
            let fields = args
                .get(1)
                .copied()
                .filter(|a| a.kind() == "array")
                .or_else(|| first.get("fields").copied());
            if let (true, Some(fields), Some(t)) = (unique, fields, ctx.catalog.table_mut(&table)) {
                t.mark_unique(&strings(fields, src));
            }
        }
        _ => {}
    }
    true
}

/// The table named by `"users"`, `` `users` `` or `{ tableName: "users" }`.
fn table_name(n: Node, src: &[u8]) -> Option<String> {
    string_value(n, src).or_else(|| {
        let p = pairs(n, src);
        string_value(*p.get("tableName")?, src)
    })
}

/// Warns when `table` was never created; true when it exists.
fn exists(table: &str, method: &str, line: usize, ctx: &Ctx) -> bool {
    let found = ctx.catalog.contains(table);
    if !found {
        ctx.warnings.push(
            ctx.path,
            Some(line),
            format!("{method} on {table}, which no earlier migration created"),
        );
    }
    found
}

/// `queryInterface.sequelize.query("…")`: literal SQL goes through the SQL
/// front end (PostgreSQL unless the text says otherwise).
fn query(call: Node, args: &[Node], ctx: &mut Ctx) {
    let line = call.start_position().row + 1;
    let Some(arg) = args.first() else { return };
    let named = (arg.kind() == "identifier")
        .then(|| ctx.consts.get(text(*arg, ctx.src)).cloned())
        .flatten();
    let Some(sql) = string_value(*arg, ctx.src).or(named) else {
        let why = if arg.kind() == "template_string" {
            "SQL template with substitutions"
        } else {
            "SQL built at run time"
        };
        ctx.warnings.push(
            ctx.path,
            Some(line),
            format!("`sequelize.query` of {why}; not replayed"),
        );
        return;
    };
    let first_line = arg.start_position().row + 1;
    let dialect = super::dialect::detect(&sql);
    let dialect = if dialect.name == "generic" {
        super::dialect::DialectChoice::named("postgres").unwrap_or(dialect)
    } else {
        dialect
    };
    let s = super::sql::apply_text(
        ctx.catalog,
        ctx.path,
        first_line,
        &sql,
        &dialect,
        ctx.warnings,
    );
    ctx.summary.skipped += s.skipped;
    ctx.summary.failed += s.failed;
    ctx.summary.foreign_keys += s.foreign_keys;
}

/// `const name = "…"` / `` `…` `` declarations (without substitutions),
/// anywhere in the file; a name declared twice is left out.
fn string_constants(node: Node, src: &[u8], out: &mut BTreeMap<String, String>) {
    fn collect(node: Node, src: &[u8], seen: &mut BTreeMap<String, Option<String>>) {
        if node.kind() == "variable_declarator" {
            if let (Some(name), Some(value)) = (
                node.child_by_field_name("name"),
                node.child_by_field_name("value"),
            ) {
                let v = string_value(value, src);
                seen.entry(text(name, src).to_string())
                    .and_modify(|e| *e = None)
                    .or_insert(v);
            }
        }
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            collect(child, src, seen);
        }
    }
    let mut seen = BTreeMap::new();
    collect(node, src, &mut seen);
    out.extend(seen.into_iter().filter_map(|(k, v)| Some((k, v?))));
}

/// `addConstraint(table, { type: "foreign key", fields, references: {
/// table, field }, name })`, or the older `addConstraint(table, fields, {
/// … })`; unique constraints mark their column.
fn add_constraint(table: &str, args: &[Node], line: usize, ctx: &mut Ctx) {
    let src = ctx.src;
    let (fields, options) = match args.get(1) {
        Some(a) if a.kind() == "array" => (Some(*a), args.get(2).map(|o| pairs(*o, src))),
        Some(a) => {
            let p = pairs(*a, src);
            (p.get("fields").copied(), Some(p))
        }
        None => (None, None),
    };
    let (Some(fields), Some(options)) = (fields, options) else {
        return;
    };
    let columns = strings(fields, src);
    let kind = options
        .get("type")
        .and_then(|v| string_value(*v, src))
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !exists(table, "addConstraint", line, ctx) {
        return;
    }
    let Some(t) = ctx.catalog.table_mut(table) else {
        return;
    };
    match kind.as_str() {
        "unique" => t.mark_unique(&columns),
        "primary key" => t.set_primary_key(columns),
        "foreign key" => {
            let refs = options.get("references").map(|r| pairs(*r, src));
            let to_table = refs
                .as_ref()
                .and_then(|r| r.get("table"))
                .and_then(|v| table_name(*v, src));
            let Some(to_table) = to_table else {
                ctx.warnings.push(
                    ctx.path,
                    Some(line),
                    "foreign key constraint whose target table is built at run time; not replayed",
                );
                return;
            };
            let to_columns = refs
                .as_ref()
                .and_then(|r| r.get("field"))
                .and_then(|v| string_value(*v, src))
                .into_iter()
                .collect();
            let name = options
                .get("name")
                .and_then(|v| string_value(*v, src))
                .or_else(|| Some(format!("{table}_{}_{to_table}_fk", columns.join("_"))));
            ctx.summary.foreign_keys += 1;
            t.foreign_keys.push(ForeignKey {
                from_table: table.to_string(),
                from_columns: columns,
                to_table,
                to_columns,
                kind: RelationKind::Declared,
                name,
                source: ctx.path.to_string(),
                line,
            });
        }
        _ => {}
    }
}

/// One attribute of `createTable`/`addColumn`: `{ type, allowNull,
/// primaryKey, unique, references: { model, key } }` or a bare type.
fn attribute(
    table: &str,
    name: &str,
    value: Node,
    src: &[u8],
    path: &str,
) -> (Column, bool, Option<ForeignKey>) {
    let p = pairs(value, src);
    let flag = |k: &str| p.get(k).map(|v| text(*v, src) == "true");
    let data_type = p
        .get("type")
        .map(|v| type_name(*v, src))
        .unwrap_or_else(|| type_name(value, src));
    let primary = flag("primaryKey").unwrap_or(false);
    let column = Column {
        name: name.to_string(),
        data_type,
        nullable: !primary && flag("allowNull").unwrap_or(true),
        unique: flag("unique").unwrap_or(false) || primary,
    };
    let fk = p.get("references").and_then(|r| {
        let refs = pairs(*r, src);
        let model = refs.get("model")?;
        let to_table = table_name(*model, src)?;
        Some(ForeignKey {
            from_table: table.to_string(),
            from_columns: vec![name.to_string()],
            to_table,
            to_columns: refs
                .get("key")
                .and_then(|k| string_value(*k, src))
                .into_iter()
                .collect(),
            kind: RelationKind::Declared,
            name: Some(default_fk_name(table, name)),
            source: path.to_string(),
            line: r.start_position().row + 1,
        })
    });
    (column, primary, fk)
}

/// PostgreSQL's name for an inline column key.
fn default_fk_name(table: &str, column: &str) -> String {
    format!("{table}_{column}_fkey")
}

/// `Sequelize.STRING(255)` → `STRING`; `"UUID"` → `UUID`.
fn type_name(n: Node, src: &[u8]) -> String {
    if let Some(s) = string_value(n, src) {
        return s;
    }
    let t = text(n, src);
    let t = t.split('(').next().unwrap_or(t);
    t.rsplit('.').next().unwrap_or(t).trim().to_string()
}

/// The `key: value` pairs of an object literal (shorthand and computed keys
/// are left out).
fn pairs<'t>(obj: Node<'t>, src: &[u8]) -> BTreeMap<String, Node<'t>> {
    object_entries(obj, src).into_iter().collect()
}

/// The entries of an object literal in source order.
fn object_entries<'t>(obj: Node<'t>, src: &[u8]) -> Vec<(String, Node<'t>)> {
    let mut out = Vec::new();
    if obj.kind() != "object" {
        return out;
    }
    let mut c = obj.walk();
    for p in obj.named_children(&mut c) {
        if p.kind() != "pair" {
            continue;
        }
        if let (Some(k), Some(v)) = (p.child_by_field_name("key"), p.child_by_field_name("value")) {
            let key = string_value(k, src).unwrap_or_else(|| text(k, src).to_string());
            out.push((key, v));
        }
    }
    out
}

fn strings(n: Node, src: &[u8]) -> Vec<String> {
    if let Some(s) = string_value(n, src) {
        return vec![s];
    }
    let mut c = n.walk();
    n.named_children(&mut c)
        .filter_map(|x| string_value(x, src))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(files: &[(&str, &str)]) -> (Vec<String>, Vec<String>, Vec<String>) {
        let files: Vec<(String, String)> = files
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect();
        let mut catalog = Catalog::new();
        let warnings = Warnings::new();
        replay(&mut catalog, "server/migrations", &files, &warnings);
        let (tables, fks) = catalog.finish();
        (
            tables.iter().map(|t| t.name.clone()).collect(),
            fks.iter()
                .map(|f| {
                    format!(
                        "{}.{}->{}",
                        f.from_table,
                        f.from_columns.join("+"),
                        f.to_table
                    )
                })
                .collect(),
            warnings
                .into_sorted()
                .iter()
                .map(|w| format!("{}:{}: {}", w.path, w.line.unwrap_or(0), w.message))
                .collect(),
        )
    }

    #[test]
    fn query_interface_calls_replay_in_order_and_down_is_skipped() {
        let (tables, keys, warned) = run(&[
            (
                "server/migrations/1-init.js",
                r#"module.exports = {
  up: async (queryInterface, Sequelize) => {
    await queryInterface.createTable("teams", {
      id: { type: Sequelize.UUID, primaryKey: true },
      name: Sequelize.STRING,
    });
    await queryInterface.createTable("users", {
      id: { type: "UUID", allowNull: false, primaryKey: true },
      teamId: { type: "UUID", references: { model: "teams" } },
    });
    await queryInterface.createTable("atlases", { id: { type: "UUID", primaryKey: true } });
    await queryInterface.createTable("documents", { id: { type: "UUID", primaryKey: true } });
  },
  down: async (queryInterface) => {
    await queryInterface.dropTable("users");
  },
};"#,
            ),
            (
                "server/migrations/2-more.js",
                r#"module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.addColumn("documents", "atlasId", {
        type: Sequelize.UUID,
        references: { model: "atlases", key: "id" },
      }, { transaction });
      await queryInterface.changeColumn("documents", "userId", {
        type: Sequelize.UUID, allowNull: true, references: { model: "users" },
      });
      await queryInterface.renameTable("atlases", "collections");
      await queryInterface.renameColumn("documents", "atlasId", "collectionId");
      await queryInterface.addConstraint("documents", {
        type: "foreign key",
        fields: ["teamId"],
        name: "documents_team_fk",
        references: { table: "teams", field: "id" },
      });
      await queryInterface.removeConstraint("users", "users_teamId_fkey");
      await queryInterface.sequelize.query(`CREATE TABLE stars (id uuid PRIMARY KEY, "userId" uuid REFERENCES users(id))`);
    });
  },
  async down(queryInterface) {
    await queryInterface.dropTable("documents");
  },
};"#,
            ),
        ]);
        assert_eq!(
            tables,
            ["collections", "documents", "stars", "teams", "users"],
            "{warned:?}"
        );
        assert_eq!(
            keys,
            [
                "documents.collectionId->collections",
                "documents.teamId->teams",
                "documents.userId->users",
                "stars.userId->users",
            ]
        );
        assert!(warned.is_empty(), "{warned:?}");
    }

    #[test]
    fn run_time_names_and_interpolated_sql_are_warnings() {
        let (tables, _, warned) = run(&[(
            "m/1.js",
            "module.exports = { up: async (queryInterface) => {\n  await queryInterface.createTable(name, {});\n  await queryInterface.sequelize.query(`DROP TABLE ${t}`);\n} };\n",
        )]);
        assert!(tables.is_empty());
        assert_eq!(
            warned,
            [
                "m/1.js:2: `createTable` on a table named at run time (`name`); not replayed",
                "m/1.js:3: `sequelize.query` of SQL template with substitutions; not replayed",
            ]
        );
    }

    #[test]
    fn renamed_constraints_const_sql_and_change_column_nullability() {
        let files = vec![(
            "m/1.js".to_string(),
            r#"const addSearch = `ALTER TABLE users ADD COLUMN "searchVector" tsvector;`;
module.exports = { up: async (queryInterface, Sequelize) => {
  await queryInterface.createTable("teams", { id: { type: "UUID", primaryKey: true } });
  await queryInterface.createTable("users", {
    id: { type: "UUID", primaryKey: true },
    teamId: { type: "UUID", allowNull: false, references: { model: "teams" } },
    name: { type: "TEXT", allowNull: false },
  });
  await queryInterface.sequelize.query(addSearch);
  await queryInterface.sequelize.query(`ALTER TABLE ONLY users RENAME CONSTRAINT "users_teamId_fkey" TO "members_teamId_fkey"`);
  await queryInterface.changeColumn("users", "teamId", { type: "UUID", onDelete: "cascade", references: { model: "teams" } });
  await queryInterface.changeColumn("users", "name", { type: "TEXT" });
} };"#
                .to_string(),
        )];
        let mut catalog = Catalog::new();
        let warnings = Warnings::new();
        replay(&mut catalog, "m", &files, &warnings);
        assert!(warnings.into_sorted().is_empty());
        let users = catalog.table_mut("users").expect("users");
        let nullable: Vec<(String, bool)> = users
            .columns
            .iter()
            .map(|c| (c.name.clone(), c.nullable))
            .collect();
        assert_eq!(
            nullable,
            [
                ("id".to_string(), false),
                ("teamId".to_string(), false),
                ("name".to_string(), true),
                ("searchVector".to_string(), true),
            ]
        );
        let names: Vec<Option<String>> =
            users.foreign_keys.iter().map(|f| f.name.clone()).collect();
        assert!(
            names.contains(&Some("members_teamId_fkey".to_string())),
            "{names:?}"
        );
        // The later `changeColumn … references` adds a second constraint, as
        // PostgreSQL does (free to take the default name again).
        assert_eq!(names.len(), 2, "{names:?}");
    }
}
