//! Django models, read with tree-sitter-python (never imported). Tables follow
//! Django's defaults: `<app_label>_<modelname lowercased>` unless
//! `Meta.db_table` says otherwise; `app_label` is the app directory's name
//! unless `apps.py` sets `label` or `Meta.app_label` overrides it. A
//! `ForeignKey`/`OneToOneField` column is `<field>_id` unless `db_column`; a
//! `ManyToManyField` without `through` makes the join table `<table>_<field>`.
//! Abstract models make no table but pass their fields on; proxies make no
//! table; a concrete parent gives the child a `<parent>_ptr_id` key.

use super::catalog::{OrmExtract, TableDef};
use super::django_tables::Models;
use super::types::SourceSummary;
use super::Input;
use crate::warnings::Warnings;
use std::collections::BTreeMap;
use tree_sitter::{Node, Parser};

#[derive(Debug, Clone, Default)]
pub(super) struct Field {
    pub(super) name: String,
    pub(super) kind: String,
    /// The related model as written: `Order`, `"order.Order"`, `"self"`.
    pub(super) target: Option<String>,
    pub(super) db_column: Option<String>,
    pub(super) null: bool,
    pub(super) unique: bool,
    pub(super) primary_key: bool,
    pub(super) through: bool,
    pub(super) db_table: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub(super) struct ModelClass {
    pub(super) name: String,
    pub(super) bases: Vec<String>,
    pub(super) fields: Vec<Field>,
    pub(super) app_label: String,
    pub(super) db_table: Option<String>,
    pub(super) abstract_: bool,
    pub(super) proxy: bool,
    pub(super) file: String,
    pub(super) line: usize,
}

const RELATIONS: &[&str] = &[
    "ForeignKey",
    "OneToOneField",
    "ManyToManyField",
    "ParentalKey",
];

pub fn extract(input: &Input<'_>, files: &[usize], warnings: &Warnings) -> Option<OrmExtract> {
    if files.is_empty() {
        return None;
    }
    let mut parser = Parser::new();
    if parser
        .set_language(&tree_sitter_python::LANGUAGE.into())
        .is_err()
    {
        warnings.push("planner", None, "bug: the Python grammar did not load");
        return None;
    }
    let labels = app_labels(input);
    let auth_user = auth_user_model(input);
    let mut classes = Vec::new();
    let mut summary = SourceSummary {
        path: common_dir(files.iter().map(|&i| input.files[i].rel.as_str())),
        kind: "django".into(),
        ..SourceSummary::default()
    };
    for &i in files {
        let file = &input.files[i];
        if is_test_path(&file.rel) {
            continue;
        }
        let Some(tree) = parser.parse(&file.bytes, None) else {
            continue;
        };
        let root = tree.root_node();
        if root.has_error() {
            warnings.push(
                &file.rel,
                first_error_line(root),
                "Python syntax error in models file; the rest was read",
            );
        }
        let label = app_label_for(&file.rel, &labels);
        let mut cursor = root.walk();
        for child in root.named_children(&mut cursor) {
            let class = match child.kind() {
                "class_definition" => Some(child),
                "decorated_definition" => child
                    .child_by_field_name("definition")
                    .filter(|d| d.kind() == "class_definition"),
                _ => None,
            };
            if let Some(c) = class.and_then(|c| read_class(c, &file.bytes, &label, &file.rel)) {
                classes.push(c);
            }
        }
    }
    let models = Models::new(classes, auth_user);
    let mut tables = Vec::new();
    for c in models
        .classes
        .iter()
        .filter(|c| models.is_model(c) && !c.abstract_ && !c.proxy)
    {
        summary.statements += 1;
        tables.extend(models.tables_for(c));
    }
    summary.tables = tables.len();
    summary.foreign_keys = tables.iter().map(|t: &TableDef| t.foreign_keys.len()).sum();
    Some(OrmExtract { tables, summary })
}

pub(super) fn is_test_path(rel: &str) -> bool {
    rel.split('/')
        .any(|p| p == "tests" || p == "test" || p.starts_with("test_"))
}

fn first_error_line(node: Node) -> Option<usize> {
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

pub(super) fn common_dir<'a>(paths: impl Iterator<Item = &'a str>) -> String {
    let mut common: Option<Vec<&str>> = None;
    for p in paths {
        let parts: Vec<&str> = p.split('/').collect();
        let dir = &parts[..parts.len().saturating_sub(1)];
        common = Some(match common {
            None => dir.to_vec(),
            Some(c) => c
                .iter()
                .zip(dir)
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| *a)
                .collect(),
        });
    }
    match common.map(|c| c.join("/")) {
        Some(dir) if !dir.is_empty() => dir,
        _ => ".".to_string(),
    }
}

/// App directory → label, from `apps.py` (`label = "…"`, else the last part
/// of `name`, else the directory name).
fn app_labels(input: &Input<'_>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for file in input.files.iter().filter(|f| f.rel.ends_with("apps.py")) {
        let dir = file.rel.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        let text = String::from_utf8_lossy(&file.bytes);
        let label = assigned_string(&text, "label");
        if let Some(l) = label {
            out.insert(dir, l);
        }
    }
    out
}

/// `name = "value"` at the start of a line (any indentation).
fn assigned_string(text: &str, name: &str) -> Option<String> {
    text.lines().find_map(|l| {
        let rest = l
            .trim_start()
            .strip_prefix(name)?
            .trim_start()
            .strip_prefix('=')?
            .trim();
        let q = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let inner = &rest[1..];
        Some(inner[..inner.find(q)?].to_string())
    })
}

fn auth_user_model(input: &Input<'_>) -> String {
    input
        .files
        .iter()
        .filter(|f| f.rel.ends_with("settings.py") || f.rel.contains("/settings/"))
        .find_map(|f| assigned_string(&String::from_utf8_lossy(&f.bytes), "AUTH_USER_MODEL"))
        .unwrap_or_else(|| "auth.User".into())
}

/// The app a models file belongs to: the directory holding `models.py` (or
/// the `models/` package), labelled by `apps.py` when it says so.
fn app_label_for(rel: &str, labels: &BTreeMap<String, String>) -> String {
    let parts: Vec<&str> = rel.split('/').collect();
    let dir_parts = &parts[..parts.len().saturating_sub(1)];
    let app_parts = match dir_parts.iter().rposition(|p| *p == "models") {
        Some(i) => &dir_parts[..i],
        None => dir_parts,
    };
    let dir = app_parts.join("/");
    labels.get(&dir).cloned().unwrap_or_else(|| {
        app_parts
            .last()
            .map_or("app".to_string(), |s| s.to_string())
    })
}

fn text<'s>(node: Node, src: &'s [u8]) -> &'s str {
    node.utf8_text(src).unwrap_or("")
}

fn unquote(s: &str) -> Option<String> {
    let body = s.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    for q in ["\"\"\"", "'''", "\"", "'"] {
        if let Some(inner) = body.strip_prefix(q).and_then(|b| b.strip_suffix(q)) {
            return Some(inner.to_string());
        }
    }
    None
}

fn read_class(node: Node, src: &[u8], label: &str, file: &str) -> Option<ModelClass> {
    let name = text(node.child_by_field_name("name")?, src).to_string();
    let mut class = ModelClass {
        name,
        app_label: label.to_string(),
        file: file.to_string(),
        line: node.start_position().row + 1,
        ..ModelClass::default()
    };
    if let Some(supers) = node.child_by_field_name("superclasses") {
        let mut cursor = supers.walk();
        for b in supers.named_children(&mut cursor) {
            if matches!(b.kind(), "identifier" | "attribute" | "subscript") {
                let t = text(b, src);
                class
                    .bases
                    .push(t.split('[').next().unwrap_or(t).to_string());
            }
        }
    }
    let body = node.child_by_field_name("body")?;
    let mut cursor = body.walk();
    for stmt in body.named_children(&mut cursor) {
        match stmt.kind() {
            "class_definition"
                if stmt.child_by_field_name("name").map(|n| text(n, src)) == Some("Meta") =>
            {
                read_meta(stmt, src, &mut class);
            }
            "expression_statement" => {
                let Some(assign) = stmt.named_child(0).filter(|a| a.kind() == "assignment") else {
                    continue;
                };
                if let Some(f) = read_field(assign, src) {
                    class.fields.push(f);
                }
            }
            _ => {}
        }
    }
    Some(class)
}

fn read_meta(meta: Node, src: &[u8], class: &mut ModelClass) {
    let Some(body) = meta.child_by_field_name("body") else {
        return;
    };
    let mut cursor = body.walk();
    for stmt in body.named_children(&mut cursor) {
        let Some(assign) = stmt.named_child(0).filter(|a| a.kind() == "assignment") else {
            continue;
        };
        let (Some(left), Some(right)) = (
            assign.child_by_field_name("left"),
            assign.child_by_field_name("right"),
        ) else {
            continue;
        };
        let value = text(right, src);
        match text(left, src) {
            "db_table" => class.db_table = unquote(value),
            "app_label" => {
                if let Some(l) = unquote(value) {
                    class.app_label = l;
                }
            }
            "abstract" => class.abstract_ = value == "True",
            "proxy" => class.proxy = value == "True",
            _ => {}
        }
    }
}

fn read_field(assign: Node, src: &[u8]) -> Option<Field> {
    let left = assign.child_by_field_name("left")?;
    if left.kind() != "identifier" {
        return None;
    }
    let call = assign
        .child_by_field_name("right")
        .filter(|r| r.kind() == "call")?;
    let function = text(call.child_by_field_name("function")?, src);
    let kind = function.rsplit('.').next().unwrap_or(function).to_string();
    if !kind.ends_with("Field") && !RELATIONS.contains(&kind.as_str()) {
        return None;
    }
    let mut field = Field {
        name: text(left, src).to_string(),
        kind,
        ..Field::default()
    };
    let args = call.child_by_field_name("arguments")?;
    let mut cursor = args.walk();
    let mut positional = 0;
    for a in args.named_children(&mut cursor) {
        if a.kind() == "keyword_argument" {
            let (Some(k), Some(v)) = (
                a.child_by_field_name("name"),
                a.child_by_field_name("value"),
            ) else {
                continue;
            };
            let value = text(v, src);
            match text(k, src) {
                "to" => field.target = Some(target_text(v, src)),
                "db_column" => field.db_column = unquote(value),
                "null" => field.null = value == "True",
                "unique" => field.unique = value == "True",
                "primary_key" => field.primary_key = value == "True",
                "through" => field.through = true,
                "db_table" => field.db_table = unquote(value),
                _ => {}
            }
        } else if a.kind() != "comment" {
            if positional == 0 && RELATIONS.contains(&field.kind.as_str()) {
                field.target = Some(target_text(a, src));
            }
            positional += 1;
        }
    }
    Some(field)
}

fn target_text(node: Node, src: &[u8]) -> String {
    let t = text(node, src);
    unquote(t).unwrap_or_else(|| t.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn assigned_string_reads_labels() {
        assert_eq!(
            super::assigned_string("class C:\n    label = 'shop'\n", "label").as_deref(),
            Some("shop")
        );
    }

    #[test]
    fn common_dir_is_the_shared_prefix() {
        assert_eq!(
            super::common_dir(["a/b/models.py", "a/c/models.py"].into_iter()),
            "a"
        );
    }
}
