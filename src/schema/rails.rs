//! Rails `db/schema.rb`, read with tree-sitter-ruby (never run): the
//! `create_table` blocks and `add_foreign_key` lines, with Rails' naming
//! defaults. A `create_table` has an `id` bigint primary key unless `id:` or
//! `primary_key:` says otherwise; `add_foreign_key "from", "to"` uses the
//! column `singular(to)_id` and the target's primary key unless `column:` and
//! `primary_key:` are given.

use super::catalog::{Catalog, TableDef};
use super::types::{Column, ForeignKey, RelationKind, SourceSummary};
use crate::inflect::{pluralize, singularize};
use crate::warnings::Warnings;
use tree_sitter::{Node, Parser};

pub fn apply_schema_rb(
    catalog: &mut Catalog,
    path: &str,
    text: &str,
    warnings: &Warnings,
) -> SourceSummary {
    let mut summary = SourceSummary {
        path: path.to_string(),
        kind: "rails_schema".into(),
        ..SourceSummary::default()
    };
    let mut parser = Parser::new();
    if parser
        .set_language(&tree_sitter_ruby::LANGUAGE.into())
        .is_err()
    {
        warnings.push(path, None, "bug: the Ruby grammar did not load");
        return summary;
    }
    let Some(tree) = parser.parse(text, None) else {
        warnings.push(path, None, "could not parse schema.rb");
        return summary;
    };
    let root = tree.root_node();
    if root.has_error() {
        let line = first_error_line(root).unwrap_or(1);
        warnings.push(
            path,
            Some(line),
            "schema.rb has a syntax error here; the rest was read",
        );
        summary.failed += 1;
    }
    let src = text.as_bytes();
    let before = catalog.len();
    let mut fks = Vec::new();
    visit_calls(root, src, &mut |call, method| {
        let line = call.start_position().row + 1;
        match method {
            "create_table" => {
                summary.statements += 1;
                match create_table(call, src, path, line) {
                    Some(t) => catalog.create(t),
                    None => {
                        summary.failed += 1;
                        warnings.push(
                            path,
                            Some(line),
                            "create_table without a literal table name; skipped",
                        );
                    }
                }
                true
            }
            "add_foreign_key" => {
                summary.statements += 1;
                match add_foreign_key(call, src, path, line) {
                    Some(fk) => fks.push(fk),
                    None => {
                        summary.failed += 1;
                        warnings.push(
                            path,
                            Some(line),
                            "add_foreign_key without literal table names; skipped",
                        );
                    }
                }
                true
            }
            "add_index" => {
                summary.statements += 1;
                let args = arguments(call);
                if let (Some(table), Some(cols)) = (
                    args.first().and_then(|a| literal(*a, src)),
                    args.get(1).map(|a| string_list(*a, src)),
                ) {
                    if option(&args, "unique", src).as_deref() == Some("true") {
                        if let Some(t) = catalog.table_mut(&table) {
                            t.mark_unique(&cols);
                        }
                    }
                }
                true
            }
            _ => false,
        }
    });
    summary.foreign_keys = fks.len();
    for fk in fks {
        match catalog.table_mut(&fk.from_table) {
            Some(t) => t.foreign_keys.push(fk),
            None => warnings.push(
                path,
                Some(fk.line),
                format!(
                    "add_foreign_key from {}, which no create_table defines",
                    fk.from_table
                ),
            ),
        }
    }
    summary.tables = catalog.len().saturating_sub(before);
    summary
}

pub(super) fn first_error_line(node: Node) -> Option<usize> {
    if node.is_error() || node.is_missing() {
        return Some(node.start_position().row + 1);
    }
    let mut cursor = node.walk();
    let children: Vec<Node> = node.children(&mut cursor).collect();
    children
        .into_iter()
        .filter(|c| c.has_error())
        .find_map(first_error_line)
}

/// Calls `f(call, method)` for every method call without a receiver; when `f`
/// returns true the call's children are not visited.
pub(super) fn visit_calls(node: Node, src: &[u8], f: &mut impl FnMut(Node, &str) -> bool) {
    visit_calls_except(node, src, &|_| false, f);
}

/// Like `visit_calls`, but never enters a node for which `skip` is true.
pub(super) fn visit_calls_except(
    node: Node,
    src: &[u8],
    skip: &impl Fn(Node) -> bool,
    f: &mut impl FnMut(Node, &str) -> bool,
) {
    if skip(node) {
        return;
    }
    if node.kind() == "call" && node.child_by_field_name("receiver").is_none() {
        if let Some(method) = node
            .child_by_field_name("method")
            .and_then(|m| m.utf8_text(src).ok())
        {
            if f(node, method) {
                return;
            }
        }
    }
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        visit_calls_except(child, src, skip, f);
    }
}

pub(super) fn arguments(call: Node) -> Vec<Node> {
    let Some(list) = call.child_by_field_name("arguments") else {
        return Vec::new();
    };
    let mut cursor = list.walk();
    list.named_children(&mut cursor).collect()
}

/// A string or symbol literal's value; `true`/`false`/integers as written.
pub(super) fn literal(node: Node, src: &[u8]) -> Option<String> {
    match node.kind() {
        "string" => {
            let mut cursor = node.walk();
            let mut out = String::new();
            for c in node.named_children(&mut cursor) {
                if c.kind() != "string_content" {
                    return None; // interpolation
                }
                out.push_str(c.utf8_text(src).ok()?);
            }
            Some(out)
        }
        "simple_symbol" => Some(
            node.utf8_text(src)
                .ok()?
                .trim_start_matches(':')
                .to_string(),
        ),
        "true" | "false" | "integer" | "nil" => Some(node.utf8_text(src).ok()?.to_string()),
        _ => None,
    }
}

pub(super) fn string_list(node: Node, src: &[u8]) -> Vec<String> {
    if node.kind() == "array" {
        let mut cursor = node.walk();
        node.named_children(&mut cursor)
            .filter_map(|c| literal(c, src))
            .collect()
    } else {
        literal(node, src).into_iter().collect()
    }
}

/// The value node of `key:` among the arguments (in a trailing hash or bare pairs).
pub(super) fn option_node<'t>(args: &[Node<'t>], key: &str, src: &[u8]) -> Option<Node<'t>> {
    for a in args {
        let pairs: Vec<Node> = if a.kind() == "pair" {
            vec![*a]
        } else if a.kind() == "hash" {
            let mut cursor = a.walk();
            a.named_children(&mut cursor).collect()
        } else {
            continue;
        };
        for p in pairs {
            let Some(k) = p.child_by_field_name("key") else {
                continue;
            };
            let name = k
                .utf8_text(src)
                .ok()?
                .trim_start_matches(':')
                .trim_end_matches(':')
                .trim_matches('"');
            if name == key {
                return p.child_by_field_name("value");
            }
        }
    }
    None
}

pub(super) fn option(args: &[Node], key: &str, src: &[u8]) -> Option<String> {
    option_node(args, key, src).and_then(|v| literal(v, src))
}

pub(super) fn create_table(call: Node, src: &[u8], path: &str, line: usize) -> Option<TableDef> {
    let args = arguments(call);
    let name = literal(*args.first()?, src)?;
    let mut table = TableDef::new(&name, path, line);
    let id = option(&args, "id", src);
    let pk = option_node(&args, "primary_key", src).map(|n| string_list(n, src));
    match (id.as_deref(), pk) {
        (Some("false"), None) => {}
        (_, Some(cols)) => {
            for c in &cols {
                table.add_column(column(
                    c,
                    id.as_deref().filter(|t| *t != "false").unwrap_or("bigint"),
                    false,
                ));
            }
            table.set_primary_key(cols);
        }
        (id_type, None) => {
            table.add_column(column("id", id_type.unwrap_or("bigint"), false));
            table.set_primary_key(vec!["id".into()]);
        }
    }
    if let Some(block) = call.child_by_field_name("block") {
        apply_table_block(&mut table, block, src, path);
    }
    Some(table)
}

/// Applies the `t.…` calls of a `create_table` or `change_table` block to
/// `table`: columns, references, timestamps, unique indexes, keys; and the
/// `change_table` forms `t.remove`, `t.rename`, `t.remove_references`,
/// `t.remove_timestamps` (`t.change`, `t.change_default`, `t.remove_index`
/// change no table or key planner reports).
pub(super) fn apply_table_block(table: &mut TableDef, block: Node, src: &[u8], path: &str) {
    let mut inner = Vec::new();
    collect_receiver_calls(block, &mut inner);
    for c in inner {
        let Some(method) = c
            .child_by_field_name("method")
            .and_then(|m| m.utf8_text(src).ok())
        else {
            continue;
        };
        let args = arguments(c);
        match method {
            "remove" => {
                for a in args.iter().filter_map(|a| literal(*a, src)) {
                    table.drop_column(&a);
                }
            }
            "rename" => {
                if let (Some(a), Some(b)) = (
                    args.first().and_then(|a| literal(*a, src)),
                    args.get(1).and_then(|a| literal(*a, src)),
                ) {
                    table.rename_column(&a, &b);
                }
            }
            "remove_references" | "remove_belongs_to" => {
                for a in args.iter().filter_map(|a| literal(*a, src)) {
                    table.drop_column(&format!("{a}_id"));
                }
            }
            "remove_timestamps" => {
                table.drop_column("created_at");
                table.drop_column("updated_at");
            }
            "change_null" => {
                if let (Some(c), Some(null)) = (
                    args.first().and_then(|a| literal(*a, src)),
                    args.get(1).and_then(|a| literal(*a, src)),
                ) {
                    if let Some(col) = table.column_mut(&c) {
                        col.nullable = null != "false";
                    }
                }
            }
            "change" | "change_default" | "remove_index" | "rename_index" => {}
            "index" => {
                if option(&args, "unique", src).as_deref() == Some("true") {
                    if let Some(a) = args.first() {
                        table.mark_unique(&string_list(*a, src));
                    }
                }
            }
            "timestamps" => {
                table.add_column(column("created_at", "datetime", false));
                table.add_column(column("updated_at", "datetime", false));
            }
            "references" | "belongs_to" => {
                let nullable = option(&args, "null", src).as_deref() != Some("false");
                for a in args.iter().filter_map(|a| literal(*a, src)) {
                    let col = format!("{a}_id");
                    table.add_column(column(&col, "bigint", nullable));
                    if let Some(to) = reference_target(&args, &a, src) {
                        table.foreign_keys.push(ForeignKey {
                            from_table: table.name.clone(),
                            from_columns: vec![col],
                            to_table: to,
                            to_columns: Vec::new(),
                            kind: RelationKind::Declared,
                            name: None,
                            source: path.to_string(),
                            line: c.start_position().row + 1,
                        });
                    }
                }
            }
            "foreign_key" => {
                // `t.foreign_key :users, column: :owner_id` inside the block.
                if let Some(to) = args.first().and_then(|a| literal(*a, src)) {
                    let columns = option_node(&args, "column", src)
                        .map(|n| string_list(n, src))
                        .unwrap_or_else(|| vec![format!("{}_id", singularize(&to))]);
                    table.foreign_keys.push(ForeignKey {
                        from_table: table.name.clone(),
                        from_columns: columns,
                        to_table: to,
                        to_columns: option_node(&args, "primary_key", src)
                            .map(|n| string_list(n, src))
                            .unwrap_or_default(),
                        kind: RelationKind::Declared,
                        name: option(&args, "name", src),
                        source: path.to_string(),
                        line: c.start_position().row + 1,
                    });
                }
            }
            "check_constraint" | "exclusion_constraint" | "unique_constraint" => {}
            _ => {
                let data_type = if method == "column" {
                    args.get(1)
                        .and_then(|a| literal(*a, src))
                        .unwrap_or_else(|| "column".into())
                } else {
                    method.to_string()
                };
                let nullable = option(&args, "null", src).as_deref() != Some("false");
                for a in args
                    .iter()
                    .filter(|a| a.kind() == "string" || a.kind() == "simple_symbol")
                    .take(if method == "column" { 1 } else { usize::MAX })
                {
                    if let Some(n) = literal(*a, src) {
                        table.add_column(column(&n, &data_type, nullable));
                    }
                }
            }
        }
    }
}

/// The table a `references :user, foreign_key: true` (or `foreign_key: {
/// to_table: :people }`) points at; None without `foreign_key`.
pub(super) fn reference_target(args: &[Node], name: &str, src: &[u8]) -> Option<String> {
    let fk = option_node(args, "foreign_key", src)?;
    if fk.kind() == "hash" {
        let inner = [fk];
        return Some(option(&inner, "to_table", src).unwrap_or_else(|| pluralize(name)));
    }
    (literal(fk, src).as_deref() == Some("true")).then(|| pluralize(name))
}

/// Calls with a receiver (`t.string …`) inside a `create_table` block.
fn collect_receiver_calls<'t>(node: Node<'t>, out: &mut Vec<Node<'t>>) {
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        if child.kind() == "call" && child.child_by_field_name("receiver").is_some() {
            out.push(child);
        } else {
            collect_receiver_calls(child, out);
        }
    }
}

pub(super) fn column(name: &str, data_type: &str, nullable: bool) -> Column {
    Column {
        name: name.to_string(),
        data_type: data_type.to_string(),
        nullable,
        unique: false,
    }
}

pub(super) fn add_foreign_key(
    call: Node,
    src: &[u8],
    path: &str,
    line: usize,
) -> Option<ForeignKey> {
    let args = arguments(call);
    let from = literal(*args.first()?, src)?;
    let to = literal(*args.get(1)?, src)?;
    let columns = option_node(&args, "column", src)
        .map(|n| string_list(n, src))
        .unwrap_or_else(|| vec![format!("{}_id", singularize(&to))]);
    let to_columns = option_node(&args, "primary_key", src)
        .map(|n| string_list(n, src))
        .unwrap_or_default();
    Some(ForeignKey {
        from_table: from,
        from_columns: columns,
        to_table: to,
        to_columns,
        kind: RelationKind::Declared,
        name: option(&args, "name", src),
        source: path.to_string(),
        line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(
        text: &str,
    ) -> (
        Vec<super::super::types::Table>,
        Vec<ForeignKey>,
        SourceSummary,
    ) {
        let mut catalog = Catalog::new();
        let warnings = Warnings::new();
        let s = apply_schema_rb(&mut catalog, "db/schema.rb", text, &warnings);
        let (t, f) = catalog.finish();
        (t, f, s)
    }

    #[test]
    fn foreign_key_defaults_to_singular_target_id_and_its_primary_key() {
        let rb = r#"ActiveRecord::Schema[7.1].define(version: 1) do
  create_table "categories", force: :cascade do |t|
    t.string "name", null: false
  end
  create_table "stories", id: :serial do |t|
    t.bigint "category_id", null: false
    t.integer "parent_story_id"
    t.index ["category_id"], name: "i", unique: true
    t.timestamps
    t.foreign_key "people", column: "person_id"
  end
  add_foreign_key "stories", "categories"
  add_foreign_key "stories", "stories", column: "parent_story_id", on_delete: :cascade
end
"#;
        let (tables, fks, s) = run(rb);
        assert_eq!(s.statements, 4);
        assert_eq!(tables.len(), 2);
        let stories = &tables[1];
        assert_eq!(stories.primary_key, ["id"]);
        assert_eq!(stories.columns[0].data_type, "serial");
        assert!(stories
            .columns
            .iter()
            .any(|c| c.name == "category_id" && !c.nullable && c.unique));
        assert!(stories.columns.iter().any(|c| c.name == "updated_at"));
        assert_eq!(fks.len(), 3);
        assert_eq!(fks[0].from_columns, ["category_id"]);
        assert_eq!(fks[0].to_columns, ["id"]);
        assert_eq!(fks[1].from_columns, ["parent_story_id"]);
        assert_eq!(
            (fks[2].from_columns[0].as_str(), fks[2].to_table.as_str()),
            ("person_id", "people")
        );
    }

    #[test]
    fn id_false_and_composite_primary_keys_are_honoured() {
        let rb = "create_table \"a\", id: false do |t|\n  t.integer \"x\"\nend\ncreate_table \"b\", primary_key: [\"k1\", \"k2\"] do |t|\nend\n";
        let (tables, _, _) = run(rb);
        assert!(tables[0].primary_key.is_empty());
        assert_eq!(tables[1].primary_key, ["k1", "k2"]);
    }

    #[test]
    fn a_syntax_error_warns_and_keeps_the_tables_before_it() {
        let mut catalog = Catalog::new();
        let warnings = Warnings::new();
        apply_schema_rb(
            &mut catalog,
            "db/schema.rb",
            "create_table \"a\" do |t|\n t.string \"x\"\nend\ncreate_table \"b\" do |t| ((( \n",
            &warnings,
        );
        assert!(catalog.contains("a"));
        assert!(!warnings.into_sorted().is_empty());
    }
}
