//! Rails migrations (`db/migrate/*.rb`), replayed in file-name (timestamp)
//! order with tree-sitter-ruby, for apps that commit neither `schema.rb` nor
//! `structure.sql`. The schema DSL calls are applied to the catalog:
//! `create_table`, `create_join_table`, `drop_table`, `rename_table`,
//! `add_column`, `remove_column`, `rename_column`, `add_reference` /
//! `add_belongs_to` (with `foreign_key:`), `add_foreign_key`,
//! `remove_foreign_key`, `add_index … unique: true`. `def down` is skipped;
//! `change_table` blocks and raw `execute` SQL are not replayed.

use super::catalog::{Catalog, TableDef};
use super::rails::{
    add_foreign_key, arguments, column, create_table, first_error_line, literal, option,
    reference_target, string_list, visit_calls_except,
};
use super::types::{ForeignKey, RelationKind, SourceSummary};
use crate::inflect::singularize;
use crate::warnings::Warnings;
use tree_sitter::{Node, Parser};

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
        let Some(tree) = parser.parse(text, None) else {
            continue;
        };
        let root = tree.root_node();
        if root.has_error() {
            warnings.push(
                path,
                first_error_line(root),
                "Ruby syntax error in migration; the rest was read",
            );
            summary.failed += 1;
        }
        let src = text.as_bytes();
        replay_node(root, src, path, catalog, &mut summary, warnings);
    }
    summary.tables = catalog.len();
    summary
}

fn replay_node(
    node: Node,
    src: &[u8],
    path: &str,
    catalog: &mut Catalog,
    summary: &mut SourceSummary,
    warnings: &Warnings,
) {
    visit_calls_except(
        node,
        src,
        &|n| is_down_method(n, src),
        &mut |call, method| apply(call, method, src, path, catalog, summary, warnings),
    );
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
    path: &str,
    catalog: &mut Catalog,
    summary: &mut SourceSummary,
    warnings: &Warnings,
) -> bool {
    let line = call.start_position().row + 1;
    let args = arguments(call);
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
            // Raw SQL with a literal string (no interpolation, no heredoc).
            let Some(sql) = lit(0) else { return true };
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
