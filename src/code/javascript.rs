//! Interprets the captures of `grammars/{javascript,typescript}/imports.scm`.

use super::{line_of, node_text, FileFacts, RawImport};
use crate::analysis::EdgeKind;
use tree_sitter::{Node, QueryMatch};

/// Handles one match of the language's dependency patterns.
pub fn on_match(m: &QueryMatch, names: &[&str], source: &[u8], facts: &mut FileFacts) {
    let mut statement = None;
    let mut specifier = None;
    for capture in m.captures {
        match names[capture.index as usize] {
            "source" => specifier = Some(node_text(capture.node, source)),
            name @ ("import" | "reexport" | "require" | "dynamic") => {
                statement = Some((name, capture.node))
            }
            _ => {}
        }
    }
    let (Some((form, node)), Some(specifier)) = (statement, specifier) else {
        return;
    };
    let (kind, imported) = match form {
        "import" => {
            let names = imported_names(node, source);
            let kind = if is_type_only(node, source) {
                EdgeKind::TypeOnly
            } else {
                EdgeKind::Import
            };
            (kind, names)
        }
        "reexport" => {
            let kind = if has_type_keyword(node) {
                EdgeKind::TypeOnly
            } else {
                EdgeKind::Reexport
            };
            (kind, exported_names(node, source))
        }
        "require" => (EdgeKind::Require, Vec::new()),
        _ => (EdgeKind::DynamicImport, Vec::new()),
    };
    facts.imports.push(RawImport {
        kind,
        specifier,
        names: imported,
        line: line_of(node),
        level: 0,
        nesting: Vec::new(),
        ..RawImport::default()
    });
}

/// `import type …`, `export type … from`.
fn has_type_keyword(statement: Node) -> bool {
    let mut cursor = statement.walk();
    let found = statement
        .children(&mut cursor)
        .any(|c| !c.is_named() && c.kind() == "type");
    found
}

/// `import type {A} from`, or `import {type A, type B} from` where every
/// specifier is a type.
fn is_type_only(statement: Node, source: &[u8]) -> bool {
    if has_type_keyword(statement) {
        return true;
    }
    let Some(clause) = child_of_kind(statement, "import_clause") else {
        return false;
    };
    let mut cursor = clause.walk();
    let parts: Vec<Node> = clause.named_children(&mut cursor).collect();
    if parts.len() != 1 || parts[0].kind() != "named_imports" {
        return false;
    }
    let mut cursor = parts[0].walk();
    let specifiers: Vec<Node> = parts[0]
        .named_children(&mut cursor)
        .filter(|c| c.kind() == "import_specifier")
        .collect();
    !specifiers.is_empty()
        && specifiers
            .iter()
            .all(|s| node_text(*s, source).trim_start().starts_with("type "))
}

fn imported_names(statement: Node, source: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    let Some(clause) = child_of_kind(statement, "import_clause") else {
        return names;
    };
    let mut cursor = clause.walk();
    for part in clause.named_children(&mut cursor) {
        match part.kind() {
            "identifier" => names.push("default".into()),
            "namespace_import" => names.push("*".into()),
            "named_imports" => {
                let mut inner = part.walk();
                for spec in part.named_children(&mut inner) {
                    if spec.kind() == "import_specifier" {
                        if let Some(name) = spec.child_by_field_name("name") {
                            names.push(node_text(name, source));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    names
}

fn exported_names(statement: Node, source: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    let mut cursor = statement.walk();
    for part in statement.named_children(&mut cursor) {
        match part.kind() {
            "export_clause" => {
                let mut inner = part.walk();
                for spec in part.named_children(&mut inner) {
                    if let Some(name) = spec.child_by_field_name("name") {
                        names.push(node_text(name, source));
                    }
                }
            }
            "namespace_export" => names.push("*".into()),
            _ => {}
        }
    }
    if names.is_empty() {
        names.push("*".into());
    }
    names
}

fn child_of_kind<'a>(node: Node<'a>, kind: &str) -> Option<Node<'a>> {
    let mut cursor = node.walk();
    let found = node.named_children(&mut cursor).find(|c| c.kind() == kind);
    found
}
