//! Knex schema builders where the declarations are static:
//! `knex.schema.createTable('posts', (t) => { … })` with column builders
//! (`t.integer('user_id').notNullable().references('users.id')`,
//! `.references('id').inTable('users')`, `t.foreign('user_id').references(…)`,
//! `t.increments()`, `.primary()`). Files are applied in path order, which is
//! migration order for Knex's timestamped names; `dropTable` removes a table.

use super::catalog::{OrmExtract, TableDef};
use super::js_syntax::{string_value, text};
use super::types::{Column, ForeignKey, RelationKind, SourceSummary};
use super::Input;
use crate::warnings::Warnings;
use std::collections::BTreeMap;
use tree_sitter::Node;

pub fn looks_like_knex(text: &str) -> bool {
    text.contains("createTable(") && (text.contains("knex") || text.contains(".schema"))
}

pub fn extract(input: &Input<'_>, files: &[usize], warnings: &Warnings) -> Option<OrmExtract> {
    if files.is_empty() {
        return None;
    }
    let mut tables: BTreeMap<String, TableDef> = BTreeMap::new();
    let mut summary = SourceSummary {
        path: super::django::common_dir(files.iter().map(|&i| input.files[i].rel.as_str())),
        kind: "knex".into(),
        ..SourceSummary::default()
    };
    for &i in files {
        let file = &input.files[i];
        let Some(tree) = super::js_syntax::parse_reporting(file, "a Knex file", warnings) else {
            continue;
        };
        visit(
            tree.root_node(),
            &file.bytes,
            &file.rel,
            &mut tables,
            &mut summary,
        );
    }
    let tables: Vec<TableDef> = tables.into_values().collect();
    summary.tables = tables.len();
    summary.foreign_keys = tables.iter().map(|t| t.foreign_keys.len()).sum();
    (!tables.is_empty()).then_some(OrmExtract { tables, summary })
}

/// A call chain `a.b(x).c(y)` from the innermost call: [(b, [x]), (c, [y])],
/// and the innermost receiver.
fn chain<'t>(mut node: Node<'t>, src: &[u8]) -> (Vec<(String, Vec<Node<'t>>)>, Option<Node<'t>>) {
    let mut calls = Vec::new();
    let mut receiver = None;
    while node.kind() == "call_expression" {
        let (Some(function), Some(args)) = (
            node.child_by_field_name("function"),
            node.child_by_field_name("arguments"),
        ) else {
            break;
        };
        if function.kind() != "member_expression" {
            break;
        }
        let (Some(object), Some(property)) = (
            function.child_by_field_name("object"),
            function.child_by_field_name("property"),
        ) else {
            break;
        };
        let mut c = args.walk();
        calls.push((
            text(property, src).to_string(),
            args.named_children(&mut c).collect(),
        ));
        receiver = Some(object);
        node = object;
    }
    calls.reverse();
    (calls, receiver)
}

fn visit(
    node: Node,
    src: &[u8],
    file: &str,
    tables: &mut BTreeMap<String, TableDef>,
    summary: &mut SourceSummary,
) {
    if is_down_migration(node, src) {
        return; // `exports.down` undoes `up`; replaying it would drop everything
    }
    if node.kind() == "call_expression" {
        if let Some((object, method, args)) = member_call(node, src) {
            let name = args.first().and_then(|a| string_value(*a, src));
            match (method.as_str(), name) {
                ("createTable" | "createTableIfNotExists", Some(name)) => {
                    // `a.createTable(x).createTable(y)`: x comes first.
                    visit(object, src, file, tables, summary);
                    summary.statements += 1;
                    let mut t = TableDef::new(&name, file, node.start_position().row + 1);
                    if let Some(body) = args.get(1) {
                        builder_body(*body, src, &mut t, file);
                    }
                    tables.insert(name, t);
                    return;
                }
                ("dropTable" | "dropTableIfExists", Some(name)) => {
                    visit(object, src, file, tables, summary);
                    summary.statements += 1;
                    tables.remove(&name);
                    return;
                }
                _ => {}
            }
        }
    }
    let mut c = node.walk();
    for child in node.named_children(&mut c) {
        visit(child, src, file, tables, summary);
    }
}

/// `exports.down = …`, `function down(…)`, `down: …`, `async down(…) {…}`.
pub(super) fn is_down_migration(node: Node, src: &[u8]) -> bool {
    let named_down = |field: &str| {
        node.child_by_field_name(field)
            .is_some_and(|n| text(n, src) == "down" || text(n, src).ends_with(".down"))
    };
    match node.kind() {
        "assignment_expression" => named_down("left"),
        "function_declaration" | "method_definition" => named_down("name"),
        "pair" => named_down("key"),
        _ => false,
    }
}

/// `object.method(args)`.
pub(super) fn member_call<'t>(
    call: Node<'t>,
    src: &[u8],
) -> Option<(Node<'t>, String, Vec<Node<'t>>)> {
    let function = call
        .child_by_field_name("function")
        .filter(|f| f.kind() == "member_expression")?;
    let object = function.child_by_field_name("object")?;
    let property = text(function.child_by_field_name("property")?, src).to_string();
    let args = call.child_by_field_name("arguments")?;
    let mut c = args.walk();
    let list = args.named_children(&mut c).collect();
    Some((object, property, list))
}

fn builder_body(callback: Node, src: &[u8], t: &mut TableDef, file: &str) {
    let mut stack = vec![callback];
    let mut pk = Vec::new();
    while let Some(n) = stack.pop() {
        if n.kind() == "expression_statement"
            || (n.kind() == "call_expression"
                && n.parent().is_some_and(|p| p.kind() == "arrow_function"))
        {
            if let Some(call) = if n.kind() == "call_expression" {
                Some(n)
            } else {
                n.named_child(0)
            } {
                column_chain(call, src, t, file, &mut pk);
            }
            continue;
        }
        let mut c = n.walk();
        let children: Vec<Node> = n.named_children(&mut c).collect();
        stack.extend(children.into_iter().rev());
    }
    t.set_primary_key(pk);
}

fn column_chain(call: Node, src: &[u8], t: &mut TableDef, file: &str, pk: &mut Vec<String>) {
    let (calls, _) = chain(call, src);
    let Some((first, first_args)) = calls.first() else {
        return;
    };
    let line = call.start_position().row + 1;
    let names: Vec<String> = match first_args.first() {
        Some(a) if a.kind() == "array" => {
            let mut c = a.walk();
            a.named_children(&mut c)
                .filter_map(|x| string_value(x, src))
                .collect()
        }
        Some(a) => string_value(*a, src).into_iter().collect(),
        None if first == "increments" || first == "bigIncrements" => vec!["id".into()],
        None if first == "timestamps" => vec!["created_at".into(), "updated_at".into()],
        None => Vec::new(),
    };
    if names.is_empty() {
        return;
    }
    let mut references: Option<(String, Vec<String>)> = None;
    let mut nullable = true;
    let mut primary = first == "increments" || first == "bigIncrements" || first == "primary";
    let mut unique = first == "unique";
    for (m, args) in &calls[1..] {
        let arg = args.first().and_then(|a| string_value(*a, src));
        match (m.as_str(), arg) {
            ("references", Some(r)) => {
                references = Some(match r.rsplit_once('.') {
                    Some((table, col)) => (table.to_string(), vec![col.to_string()]),
                    None => (String::new(), vec![r]),
                });
            }
            ("inTable", Some(table)) => {
                if let Some(r) = references.as_mut() {
                    r.0 = table;
                }
            }
            ("notNullable", _) => nullable = false,
            ("primary", _) => primary = true,
            ("unique", _) => unique = true,
            _ => {}
        }
    }
    let is_constraint = matches!(first.as_str(), "foreign" | "primary" | "unique" | "index");
    if !is_constraint {
        for n in &names {
            t.add_column(Column {
                name: n.clone(),
                data_type: first.clone(),
                nullable: nullable && !primary,
                unique: unique || primary,
            });
        }
    }
    if primary {
        pk.extend(names.iter().cloned());
    }
    if unique && is_constraint {
        t.mark_unique(&names);
    }
    if let Some((table, cols)) = references.filter(|r| !r.0.is_empty()) {
        t.foreign_keys.push(ForeignKey {
            from_table: t.name.clone(),
            from_columns: names,
            to_table: table,
            to_columns: cols,
            kind: RelationKind::Declared,
            name: None,
            source: file.to_string(),
            line,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tree_sitter::Parser;

    #[test]
    fn create_table_builders_give_columns_and_keys() {
        let src = r#"exports.up = (knex) => knex.schema
  .createTable('users', (t) => { t.increments(); t.string('email').notNullable().unique(); })
  .createTable('posts', function (table) {
    table.increments('id');
    table.integer('user_id').unsigned().notNullable().references('users.id');
    table.integer('editor_id').references('id').inTable('users');
    table.integer('topic_id');
    table.foreign('topic_id').references('topics.id');
  });"#;
        let mut parser = Parser::new();
        parser
            .set_language(&tree_sitter_javascript::LANGUAGE.into())
            .unwrap();
        let tree = parser.parse(src, None).unwrap();
        let mut tables = BTreeMap::new();
        visit(
            tree.root_node(),
            src.as_bytes(),
            "m.js",
            &mut tables,
            &mut SourceSummary::default(),
        );
        let posts = &tables["posts"];
        assert_eq!(posts.primary_key, ["id"]);
        let targets: Vec<(&str, &str)> = posts
            .foreign_keys
            .iter()
            .map(|k| (k.from_columns[0].as_str(), k.to_table.as_str()))
            .collect();
        assert_eq!(
            targets,
            [
                ("user_id", "users"),
                ("editor_id", "users"),
                ("topic_id", "topics")
            ]
        );
        assert!(posts
            .columns
            .iter()
            .any(|c| c.name == "user_id" && !c.nullable));
        assert_eq!(tables["users"].primary_key, ["id"]);
    }
}
