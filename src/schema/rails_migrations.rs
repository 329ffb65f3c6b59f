//! Rails migrations (`db/migrate/*.rb`), replayed in file-name (timestamp)
//! order with tree-sitter-ruby, for apps that commit neither `schema.rb` nor
//! `structure.sql`. The schema DSL calls are applied to the catalog:
//! `create_table`, `create_join_table`, `drop_table`, `rename_table`,
//! `add_column`, `remove_column`, `rename_column`, `add_reference` /
//! `add_belongs_to` (with `foreign_key:`), `add_foreign_key`,
//! `remove_foreign_key`, `add_index … unique: true`, `change_table` blocks,
//! `change_column_null`, and `execute` with literal SQL (a string or a
//! heredoc without interpolation). Loops over a literal list (`%w[a b].each
//! do |t| … end`, `[:a, :b].each`) are unrolled. `def down` is skipped; a
//! call whose table name or SQL is built at run time is a warning.

use super::catalog::{Catalog, TableDef};
use super::rails::{
    add_foreign_key, apply_table_block, arguments, column, create_table, first_error_line, literal,
    option, reference_target, string_list,
};
use super::types::{ForeignKey, RelationKind, SourceSummary};
use crate::inflect::singularize;
use crate::warnings::Warnings;
use std::collections::BTreeMap;
use tree_sitter::{Node, Parser};

/// The schema DSL calls whose first argument names a table.
const TABLE_CALLS: &[&str] = &[
    "create_table",
    "create_join_table",
    "drop_table",
    "rename_table",
    "change_table",
    "add_column",
    "remove_column",
    "remove_columns",
    "rename_column",
    "change_column_null",
    "add_reference",
    "add_belongs_to",
    "remove_reference",
    "remove_belongs_to",
    "add_foreign_key",
    "remove_foreign_key",
    "add_index",
    "add_timestamps",
    "remove_timestamps",
];

/// One file's replay state.
struct Ctx<'a> {
    path: &'a str,
    /// `@tables = %w[a b]`, `TABLES = [:a, :b]`: names assigned a literal
    /// list once in the file, which loops may run over.
    lists: BTreeMap<String, Vec<String>>,
    catalog: &'a mut Catalog,
    summary: &'a mut SourceSummary,
    warnings: &'a Warnings,
}

/// A heredoc's body: its text (None when it interpolates) and first line.
struct Heredoc {
    text: Option<String>,
    line: usize,
}

pub fn replay(
    catalog: &mut Catalog,
    dir: &str,
    files: &[(String, String)],
    warnings: &Warnings,
) -> SourceSummary {
    let mut summary = SourceSummary {
        path: dir.to_string(),
        kind: "rails_migrations".into(),
        ..SourceSummary::default()
    };
    let mut parser = Parser::new();
    if parser
        .set_language(&tree_sitter_ruby::LANGUAGE.into())
        .is_err()
    {
        return summary;
    }
    for (path, text) in files {
        let mut ctx = Ctx {
            path,
            lists: BTreeMap::new(),
            catalog,
            summary: &mut summary,
            warnings,
        };
        replay_text(&mut parser, text, &mut ctx);
    }
    summary.tables = catalog.len();
    summary
}

fn replay_text(parser: &mut Parser, text: &str, ctx: &mut Ctx) {
    let Some(tree) = parser.parse(text, None) else {
        return;
    };
    let root = tree.root_node();
    if root.has_error() {
        ctx.warnings.push(
            ctx.path,
            first_error_line(root),
            "Ruby syntax error in migration; the rest was read",
        );
        ctx.summary.failed += 1;
    }
    let src = text.as_bytes();
    let docs = heredocs(root, src);
    let mut counts = BTreeMap::new();
    list_assignments(root, src, &mut ctx.lists, &mut counts);
    for (name, n) in counts {
        if n > 1 {
            ctx.lists.remove(&name);
        }
    }
    walk(root, src, &docs, parser, ctx);
}

fn walk(
    node: Node,
    src: &[u8],
    docs: &BTreeMap<usize, Heredoc>,
    parser: &mut Parser,
    ctx: &mut Ctx,
) {
    if is_down_method(node, src) {
        return;
    }
    if node.kind() == "call" {
        let method = node
            .child_by_field_name("method")
            .and_then(|m| m.utf8_text(src).ok())
            .unwrap_or("");
        match node.child_by_field_name("receiver") {
            Some(receiver) if method == "each" => {
                let items = literal_items(receiver, src).or_else(|| {
                    let name = receiver.utf8_text(src).ok()?;
                    ctx.lists.get(name).cloned()
                });
                if let (Some(items), Some(block)) = (items, node.child_by_field_name("block")) {
                    if unroll(block, &items, src, parser, ctx) {
                        return;
                    }
                }
            }
            Some(_) => {}
            None => {
                if apply(node, method, src, docs, ctx) {
                    return;
                }
            }
        }
    }
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        walk(child, src, docs, parser, ctx);
    }
}

/// The items of `%w[a b]`, `%i[a b]`, `[:a, "b"]`; None when any is not a
/// literal.
fn literal_items(node: Node, src: &[u8]) -> Option<Vec<String>> {
    let mut cursor = node.walk();
    let children: Vec<Node> = node.named_children(&mut cursor).collect();
    match node.kind() {
        "string_array" | "symbol_array" => children
            .iter()
            .map(|c| c.utf8_text(src).ok().map(str::to_string))
            .collect(),
        "array" => children.iter().map(|c| literal(*c, src)).collect(),
        _ => None,
    }
}

/// Records `name = <literal list>` assignments (instance variables,
/// constants, locals) and how often each name is assigned.
fn list_assignments(
    node: Node,
    src: &[u8],
    lists: &mut BTreeMap<String, Vec<String>>,
    counts: &mut BTreeMap<String, usize>,
) {
    if node.kind() == "assignment" {
        if let (Some(left), Some(right)) = (
            node.child_by_field_name("left"),
            node.child_by_field_name("right"),
        ) {
            if let Ok(name) = left.utf8_text(src) {
                *counts.entry(name.to_string()).or_default() += 1;
                if let Some(items) = literal_items(right, src) {
                    lists.insert(name.to_string(), items);
                }
            }
        }
    }
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        list_assignments(child, src, lists, counts);
    }
}

/// Replays a `do |x| … end` block once per item, with `x` replaced by the
/// item as a string literal. The block text is re-parsed at its own line
/// and column, so warnings keep their file:line. False when the block does
/// not take exactly one parameter.
fn unroll(block: Node, items: &[String], src: &[u8], parser: &mut Parser, ctx: &mut Ctx) -> bool {
    let Some(params) = block.child_by_field_name("parameters") else {
        return false;
    };
    let mut cursor = params.walk();
    let names: Vec<Node> = params.named_children(&mut cursor).collect();
    let [param] = names.as_slice() else {
        return false;
    };
    if param.kind() != "identifier" {
        return false;
    }
    let Some(body) = block.child_by_field_name("body") else {
        return true;
    };
    let Ok(name) = param.utf8_text(src) else {
        return false;
    };
    let mut uses = Vec::new();
    collect_identifiers(body, src, name, &mut uses);
    let start = body.start_position();
    for item in items {
        let escaped = item
            .replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('#', "\\#");
        let mut text = "\n".repeat(start.row) + &" ".repeat(start.column);
        let mut at = body.start_byte();
        for (from, to, inside_string) in &uses {
            text.push_str(&String::from_utf8_lossy(&src[at..*from]));
            if *inside_string {
                text.push_str(&escaped);
            } else {
                text.push('"');
                text.push_str(&escaped);
                text.push('"');
            }
            at = *to;
        }
        text.push_str(&String::from_utf8_lossy(&src[at..body.end_byte()]));
        replay_text(parser, &text, ctx);
    }
    true
}

/// Byte ranges of the uses of `name` under `node`, in order: a bare
/// identifier, or a whole `#{name}` inside a string (marked true, to be
/// replaced by the item's text rather than a string literal).
fn collect_identifiers(node: Node, src: &[u8], name: &str, out: &mut Vec<(usize, usize, bool)>) {
    let is_name = |n: Node| n.kind() == "identifier" && n.utf8_text(src).ok() == Some(name);
    if node.kind() == "interpolation"
        && node.named_child_count() == 1
        && node.named_child(0).is_some_and(is_name)
    {
        out.push((node.start_byte(), node.end_byte(), true));
        return;
    }
    if is_name(node) {
        out.push((node.start_byte(), node.end_byte(), false));
        return;
    }
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        collect_identifiers(child, src, name, out);
    }
}

/// Each heredoc's body, keyed by where its `<<~TAG` starts. Bodies follow
/// their openers in the same order, so the k-th opener has the k-th body.
fn heredocs(root: Node, src: &[u8]) -> BTreeMap<usize, Heredoc> {
    fn collect<'t>(node: Node<'t>, openers: &mut Vec<Node<'t>>, bodies: &mut Vec<Node<'t>>) {
        match node.kind() {
            "heredoc_beginning" => openers.push(node),
            "heredoc_body" => bodies.push(node),
            _ => {}
        }
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            collect(child, openers, bodies);
        }
    }
    let (mut openers, mut bodies) = (Vec::new(), Vec::new());
    collect(root, &mut openers, &mut bodies);
    openers.sort_by_key(|n| n.start_byte());
    bodies.sort_by_key(|n| n.start_byte());
    openers
        .iter()
        .zip(&bodies)
        .map(|(open, body)| {
            let mut cursor = body.walk();
            let mut text = Some(String::new());
            for part in body.named_children(&mut cursor) {
                match part.kind() {
                    "heredoc_content" | "escape_sequence" => {
                        if let (Some(t), Ok(s)) = (text.as_mut(), part.utf8_text(src)) {
                            t.push_str(s);
                        }
                    }
                    "heredoc_end" => {}
                    _ => text = None,
                }
            }
            (
                open.start_byte(),
                Heredoc {
                    text,
                    line: body.start_position().row + 1,
                },
            )
        })
        .collect()
}

/// The SQL text of `execute`'s argument: a plain string, or a heredoc
/// (also `<<~SQL.squish`). Err(reason) when it is built at run time.
fn sql_argument(
    arg: Node,
    src: &[u8],
    docs: &BTreeMap<usize, Heredoc>,
    line: usize,
) -> Result<(String, usize), &'static str> {
    let opener = match arg.kind() {
        "heredoc_beginning" => Some(arg),
        "call" => arg
            .child_by_field_name("receiver")
            .filter(|r| r.kind() == "heredoc_beginning"),
        _ => None,
    };
    if let Some(open) = opener {
        return match docs.get(&open.start_byte()) {
            Some(Heredoc {
                text: Some(t),
                line,
            }) => Ok((t.clone(), *line)),
            _ => Err("heredoc SQL with interpolation"),
        };
    }
    if arg.kind() == "chained_string" {
        let mut cursor = arg.walk();
        let parts: Option<Vec<String>> = arg
            .named_children(&mut cursor)
            .map(|p| literal(p, src))
            .collect();
        return parts
            .map(|p| (p.concat(), line))
            .ok_or("SQL string with interpolation");
    }
    match literal(arg, src) {
        Some(t) => Ok((t, line)),
        None if arg.kind() == "string" => Err("SQL string with interpolation"),
        None => Err("SQL built at run time"),
    }
}

/// A `def down` body: the migration's undo, not its effect.
fn is_down_method(node: Node, src: &[u8]) -> bool {
    matches!(node.kind(), "method" | "singleton_method")
        && node
            .child_by_field_name("name")
            .and_then(|n| n.utf8_text(src).ok())
            == Some("down")
}

fn apply(
    call: Node,
    method: &str,
    src: &[u8],
    docs: &BTreeMap<usize, Heredoc>,
    ctx: &mut Ctx,
) -> bool {
    let line = call.start_position().row + 1;
    let args = arguments(call);
    let (path, warnings) = (ctx.path, ctx.warnings);
    let catalog = &mut *ctx.catalog;
    let summary = &mut *ctx.summary;
    if TABLE_CALLS.contains(&method) {
        if let Some(first) = args.first() {
            if literal(*first, src).is_none() {
                let what = first.utf8_text(src).unwrap_or("?");
                warnings.push(
                    path,
                    Some(line),
                    format!("`{method}` on a table named at run time (`{what}`); not replayed"),
                );
                return true;
            }
        }
    }
    let lit = |i: usize| args.get(i).and_then(|a| literal(*a, src));
    let missing = |what: &str, catalog: &Catalog, t: &str| {
        if !catalog.contains(t) {
            warnings.push(
                path,
                Some(line),
                format!("{what} on {t}, which no earlier migration created"),
            );
        }
    };
    match method {
        "create_table" => {
            summary.statements += 1;
            if let Some(t) = create_table(call, src, path, line) {
                summary.foreign_keys += t.foreign_keys.len();
                catalog.create(t);
            }
        }
        "create_join_table" => {
            summary.statements += 1;
            if let (Some(a), Some(b)) = (lit(0), lit(1)) {
                let mut names = [a, b];
                names.sort();
                let name = option(&args, "table_name", src)
                    .unwrap_or_else(|| format!("{}_{}", names[0], names[1]));
                let mut t = TableDef::new(&name, path, line);
                for n in &names {
                    t.add_column(column(&format!("{}_id", singularize(n)), "bigint", false));
                }
                catalog.create(t);
            }
        }
        "drop_table" => {
            summary.statements += 1;
            if let Some(t) = lit(0) {
                catalog.drop_table(&t);
            }
        }
        "rename_table" => {
            summary.statements += 1;
            if let (Some(a), Some(b)) = (lit(0), lit(1)) {
                catalog.rename_table(&a, &b);
            }
        }
        "add_column" => {
            summary.statements += 1;
            if let (Some(t), Some(c)) = (lit(0), lit(1)) {
                missing("add_column", catalog, &t);
                let ty = lit(2).unwrap_or_else(|| "column".into());
                let nullable = option(&args, "null", src).as_deref() != Some("false");
                if let Some(table) = catalog.table_mut(&t) {
                    table.add_column(column(&c, &ty, nullable));
                }
            }
        }
        "remove_column" => {
            summary.statements += 1;
            if let (Some(t), Some(c)) = (lit(0), lit(1)) {
                if let Some(table) = catalog.table_mut(&t) {
                    table.drop_column(&c);
                }
            }
        }
        "rename_column" => {
            summary.statements += 1;
            if let (Some(t), Some(a), Some(b)) = (lit(0), lit(1), lit(2)) {
                if let Some(table) = catalog.table_mut(&t) {
                    table.rename_column(&a, &b);
                }
            }
        }
        "add_reference" | "add_belongs_to" => {
            summary.statements += 1;
            if let (Some(t), Some(r)) = (lit(0), lit(1)) {
                missing(method, catalog, &t);
                let col = format!("{r}_id");
                let nullable = option(&args, "null", src).as_deref() != Some("false");
                let target = reference_target(&args, &r, src);
                if let Some(table) = catalog.table_mut(&t) {
                    table.add_column(column(&col, "bigint", nullable));
                    if let Some(to) = target {
                        summary.foreign_keys += 1;
                        table.foreign_keys.push(ForeignKey {
                            from_table: t.clone(),
                            from_columns: vec![col],
                            to_table: to,
                            to_columns: Vec::new(),
                            kind: RelationKind::Declared,
                            name: None,
                            source: path.to_string(),
                            line,
                        });
                    }
                }
            }
        }
        "add_foreign_key" => {
            summary.statements += 1;
            if let Some(fk) = add_foreign_key(call, src, path, line) {
                missing("add_foreign_key", catalog, &fk.from_table);
                if let Some(table) = catalog.table_mut(&fk.from_table) {
                    summary.foreign_keys += 1;
                    table.foreign_keys.push(fk);
                }
            }
        }
        "remove_foreign_key" => {
            summary.statements += 1;
            if let Some(t) = lit(0) {
                let column = option(&args, "column", src);
                let to = lit(1);
                if let Some(table) = catalog.table_mut(&t) {
                    table.foreign_keys.retain(|fk| {
                        let by_column = column
                            .as_ref()
                            .is_some_and(|c| fk.from_columns == [c.clone()]);
                        let by_table = to.as_ref().is_some_and(|to| &fk.to_table == to);
                        !(by_column || (column.is_none() && by_table))
                    });
                }
            }
        }
        "execute" => {
            let Some(arg) = args.first() else { return true };
            let (sql, line) = match sql_argument(*arg, src, docs, line) {
                Ok(found) => found,
                Err(why) => {
                    warnings.push(
                        path,
                        Some(line),
                        format!("`execute` of {why}; not replayed"),
                    );
                    return true;
                }
            };
            let dialect = super::dialect::detect(&sql);
            let dialect = if dialect.name == "generic" {
                super::dialect::DialectChoice::named("postgres").unwrap_or(dialect)
            } else {
                dialect
            };
            let s = super::sql::apply_text(catalog, path, line, &sql, &dialect, warnings);
            summary.statements += s.statements;
            summary.skipped += s.skipped;
            summary.failed += s.failed;
            summary.foreign_keys += s.foreign_keys;
        }
        "change_table" => {
            summary.statements += 1;
            if let Some(t) = lit(0) {
                missing("change_table", catalog, &t);
                if let (Some(table), Some(block)) =
                    (catalog.table_mut(&t), call.child_by_field_name("block"))
                {
                    let keys = table.foreign_keys.len();
                    apply_table_block(table, block, src, path);
                    summary.foreign_keys += table.foreign_keys.len().saturating_sub(keys);
                }
            }
        }
        "change_column_null" => {
            summary.statements += 1;
            if let (Some(t), Some(c), Some(null)) = (lit(0), lit(1), lit(2)) {
                if let Some(col) = catalog.table_mut(&t).and_then(|t| t.column_mut(&c)) {
                    col.nullable = null != "false";
                }
            }
        }
        "remove_columns" => {
            summary.statements += 1;
            if let Some(t) = lit(0) {
                if let Some(table) = catalog.table_mut(&t) {
                    for c in args.iter().skip(1).filter_map(|a| literal(*a, src)) {
                        table.drop_column(&c);
                    }
                }
            }
        }
        "remove_reference" | "remove_belongs_to" => {
            summary.statements += 1;
            if let (Some(t), Some(r)) = (lit(0), lit(1)) {
                if let Some(table) = catalog.table_mut(&t) {
                    table.drop_column(&format!("{r}_id"));
                }
            }
        }
        "add_timestamps" => {
            summary.statements += 1;
            if let Some(table) = lit(0).and_then(|t| catalog.table_mut(&t)) {
                table.add_column(column("created_at", "datetime", false));
                table.add_column(column("updated_at", "datetime", false));
            }
        }
        "remove_timestamps" => {
            summary.statements += 1;
            if let Some(table) = lit(0).and_then(|t| catalog.table_mut(&t)) {
                table.drop_column("created_at");
                table.drop_column("updated_at");
            }
        }
        "add_index" => {
            summary.statements += 1;
            if option(&args, "unique", src).as_deref() == Some("true") {
                if let (Some(t), Some(cols)) = (lit(0), args.get(1).map(|a| string_list(*a, src))) {
                    if let Some(table) = catalog.table_mut(&t) {
                        table.mark_unique(&cols);
                    }
                }
            }
        }
        _ => return false,
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_replay_in_order_and_skip_down() {
        let files = vec![
            (
                "db/migrate/1_create.rb".to_string(),
                "class A < ActiveRecord::Migration[7.0]\n  def change\n    create_table :users do |t|\n      t.string :email, null: false\n    end\n    create_table :posts do |t|\n      t.references :user, null: false, foreign_key: true\n      t.references :editor, foreign_key: { to_table: :users }\n    end\n  end\nend\n".to_string(),
            ),
            (
                "db/migrate/2_more.rb".to_string(),
                "class B < ActiveRecord::Migration[7.0]\n  def up\n    add_reference :posts, :topic, foreign_key: true\n    create_table :topics\n    rename_table :posts, :articles\n    add_column :articles, :title, :string\n  end\n  def self.down\n    drop_table :articles\n  end\nend\n".to_string(),
            ),
        ];
        let mut catalog = Catalog::new();
        let warnings = Warnings::new();
        let s = replay(&mut catalog, "db/migrate", &files, &warnings);
        assert_eq!(s.failed, 0);
        let (tables, fks) = catalog.finish();
        let names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["articles", "topics", "users"]);
        let keys: Vec<String> = fks
            .iter()
            .map(|f| format!("{}.{}->{}", f.from_table, f.from_columns[0], f.to_table))
            .collect();
        assert_eq!(
            keys,
            [
                "articles.editor_id->users",
                "articles.topic_id->topics",
                "articles.user_id->users"
            ]
        );
        assert!(tables[0].columns.iter().any(|c| c.name == "title"));
    }
}

#[cfg(test)]
mod more_tests {
    use super::*;

    fn run(files: &[(&str, &str)]) -> (Vec<String>, Vec<String>, Vec<String>, Catalog) {
        let files: Vec<(String, String)> = files
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect();
        let mut catalog = Catalog::new();
        let warnings = Warnings::new();
        replay(&mut catalog, "db/migrate", &files, &warnings);
        let (tables, fks) = catalog.finish();
        let names = tables.iter().map(|t| t.name.clone()).collect();
        let keys = fks
            .iter()
            .map(|f| format!("{}.{}->{}", f.from_table, f.from_columns[0], f.to_table))
            .collect();
        let warned = warnings
            .into_sorted()
            .iter()
            .map(|w| format!("{}:{}: {}", w.path, w.line.unwrap_or(0), w.message))
            .collect();
        let mut again = Catalog::new();
        for t in tables {
            let mut def = TableDef::new(&t.name, &t.source, t.line);
            def.columns = t.columns;
            again.create(def);
        }
        (names, keys, warned, again)
    }

    #[test]
    fn change_table_heredoc_sql_and_literal_loops_are_replayed() {
        let (names, keys, warned, mut catalog) = run(&[
            (
                "db/migrate/1_init.rb",
                "class Init < ActiveRecord::Migration[7.1]\n  def change\n    create_table :users do |t|\n      t.string :name\n      t.string :legacy\n    end\n    create_table :changesets\n    create_table :changeset_tags\n    create_table :changeset_comments\n  end\nend\n",
            ),
            (
                "db/migrate/2_change.rb",
                "class Change < ActiveRecord::Migration[7.1]\n  def up\n    change_table :users do |t|\n      t.remove :legacy\n      t.rename :name, :display_name\n      t.references :changeset, foreign_key: true\n      t.timestamps\n    end\n    execute <<~SQL\n      CREATE TABLE notes (id bigint PRIMARY KEY, user_id bigint REFERENCES users(id));\n    SQL\n    %w[changeset_tags changeset_comments].each do |tbl|\n      add_column tbl, :changeset_id, :bigint\n      add_foreign_key tbl, :changesets\n    end\n  end\nend\n",
            ),
        ]);
        assert!(warned.is_empty(), "{warned:?}");
        assert_eq!(
            names,
            [
                "changeset_comments",
                "changeset_tags",
                "changesets",
                "notes",
                "users"
            ]
        );
        assert_eq!(
            keys,
            [
                "changeset_comments.changeset_id->changesets",
                "changeset_tags.changeset_id->changesets",
                "notes.user_id->users",
                "users.changeset_id->changesets",
            ]
        );
        let users = catalog.table_mut("users").expect("users");
        let cols: Vec<&str> = users.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            cols,
            [
                "id",
                "display_name",
                "changeset_id",
                "created_at",
                "updated_at"
            ]
        );
    }

    #[test]
    fn run_time_table_names_and_interpolated_sql_are_warnings_with_lines() {
        let (names, keys, warned, _) = run(&[(
            "db/migrate/3_dyn.rb",
            "class Dyn < ActiveRecord::Migration[7.1]\n  def up\n    create_table :a\n    TABLES.each do |t|\n      add_foreign_key t, :a\n    end\n    execute <<~SQL\n      ALTER TABLE #{table} ADD COLUMN x int;\n    SQL\n    execute \"DROP TABLE #{name}\"\n  end\nend\n",
        )]);
        assert_eq!(names, ["a"]);
        assert!(keys.is_empty());
        assert_eq!(
            warned,
            [
                "db/migrate/3_dyn.rb:5: `add_foreign_key` on a table named at run time (`t`); not replayed",
                "db/migrate/3_dyn.rb:7: `execute` of heredoc SQL with interpolation; not replayed",
                "db/migrate/3_dyn.rb:10: `execute` of SQL string with interpolation; not replayed",
            ]
        );
    }

    #[test]
    fn warnings_inside_an_unrolled_loop_keep_their_line() {
        let (_, _, warned, _) = run(&[(
            "db/migrate/4_loop.rb",
            "class L < ActiveRecord::Migration[7.1]\n  def up\n    [:a, :b].each do |t|\n      add_column t, :x, :int\n    end\n  end\nend\n",
        )]);
        assert_eq!(
            warned,
            [
                "db/migrate/4_loop.rb:4: add_column on a, which no earlier migration created",
                "db/migrate/4_loop.rb:4: add_column on b, which no earlier migration created",
            ]
        );
    }
}

#[cfg(test)]
mod loop_tests {
    use super::*;

    #[test]
    fn loops_over_a_list_assigned_once_unroll_with_interpolated_names() {
        let files = vec![(
            "db/migrate/5_ivar.rb".to_string(),
            "class C < ActiveRecord::Migration[4.2]\n  @tables = %w[nodes ways]\n  def self.up\n    create_table :changesets\n    create_table :nodes\n    create_table :ways\n    create_table :current_nodes\n    create_table :current_ways\n    @tables.each do |tbl|\n      add_column \"current_#{tbl}\", :changeset_id, :bigint\n      add_foreign_key \"current_#{tbl}\", :changesets, :name => \"#{tbl}_fkey\"\n    end\n  end\nend\n".to_string(),
        )];
        let mut catalog = Catalog::new();
        let warnings = Warnings::new();
        replay(&mut catalog, "db/migrate", &files, &warnings);
        assert!(warnings.into_sorted().is_empty());
        let (_, fks) = catalog.finish();
        let keys: Vec<String> = fks
            .iter()
            .map(|f| format!("{}->{} {:?}", f.from_table, f.to_table, f.name))
            .collect();
        assert_eq!(
            keys,
            [
                "current_nodes->changesets Some(\"nodes_fkey\")",
                "current_ways->changesets Some(\"ways_fkey\")"
            ]
        );
    }
}
