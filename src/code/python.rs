//! Interprets the captures of `grammars/python/imports.scm`.

use super::{line_of, node_text, FileFacts, RawImport};
use crate::analysis::EdgeKind;
use tree_sitter::{Node, QueryMatch};

/// Handles one match of the language's dependency patterns.
pub fn on_match(m: &QueryMatch, names: &[&str], source: &[u8], facts: &mut FileFacts) {
    for capture in m.captures {
        let node = capture.node;
        match names[capture.index as usize] {
            "import.module" => {
                let specifier = node_text(node, source);
                // `import a.b as c` binds `c`; `import a.b` binds `a.b` (read
                // as `a.b.X`).
                let binding = node
                    .parent()
                    .filter(|p| p.kind() == "aliased_import")
                    .and_then(|p| p.child_by_field_name("alias"))
                    .map_or_else(|| specifier.clone(), |a| node_text(a, source));
                facts.imports.push(RawImport {
                    kind: kind_at(node, source, EdgeKind::Import),
                    specifier,
                    line: line_of(node),
                    bindings: vec![(String::new(), binding)],
                    ..RawImport::default()
                })
            }
            "from" => {
                if let Some(import) = from_import(node, source) {
                    facts.imports.push(import);
                }
            }
            "dynamic" => {
                let text = string_literal(node, source);
                if !text.is_empty() && !text.contains(['{', ' ', '/']) {
                    let level = text.chars().take_while(|&c| c == '.').count();
                    facts.imports.push(RawImport {
                        kind: EdgeKind::DynamicImport,
                        specifier: text[level..].to_string(),
                        names: Vec::new(),
                        line: line_of(node),
                        level,
                        nesting: Vec::new(),
                        ..RawImport::default()
                    });
                }
            }
            _ => {}
        }
    }
}

/// `from .a.b import c, d as e` → specifier `a.b`, level 1, names `[c, d]`.
fn from_import(node: Node, source: &[u8]) -> Option<RawImport> {
    let module = node.child_by_field_name("module_name")?;
    let (level, specifier) = if module.kind() == "relative_import" {
        let text = node_text(module, source);
        let level = text.chars().take_while(|&c| c == '.').count();
        (level, text[level..].trim().to_string())
    } else {
        (0, node_text(module, source))
    };
    let mut names = Vec::new();
    let mut bindings = Vec::new();
    let mut cursor = node.walk();
    for child in node.children_by_field_name("name", &mut cursor) {
        let (name_node, alias) = if child.kind() == "aliased_import" {
            (
                child.child_by_field_name("name").unwrap_or(child),
                child.child_by_field_name("alias"),
            )
        } else {
            (child, None)
        };
        let name = node_text(name_node, source);
        let binding = alias.map_or_else(|| name.clone(), |a| node_text(a, source));
        bindings.push((name.clone(), binding));
        names.push(name);
    }
    let mut cursor = node.walk();
    if node
        .children(&mut cursor)
        .any(|c| c.kind() == "wildcard_import")
    {
        names.push("*".into());
    }
    Some(RawImport {
        kind: kind_at(node, source, EdgeKind::Import),
        specifier,
        names,
        line: line_of(node),
        level,
        bindings,
        ..RawImport::default()
    })
}

/// `TypeChecking` when the import sits in the body of `if TYPE_CHECKING:`.
fn kind_at(node: Node, source: &[u8], default: EdgeKind) -> EdgeKind {
    let mut child = node;
    while let Some(parent) = child.parent() {
        if parent.kind() == "if_statement" {
            let in_body = parent
                .child_by_field_name("consequence")
                .is_some_and(|body| body.id() == child.id());
            let condition = parent
                .child_by_field_name("condition")
                .map(|c| node_text(c, source))
                .unwrap_or_default();
            if in_body && matches!(condition.trim(), "TYPE_CHECKING" | "typing.TYPE_CHECKING") {
                return EdgeKind::TypeChecking;
            }
        }
        child = parent;
    }
    default
}

/// The value of a plain string literal; empty for f-strings and
/// concatenations, whose value is not known statically.
fn string_literal(node: Node, source: &[u8]) -> String {
    let mut cursor = node.walk();
    let mut content = String::new();
    for child in node.children(&mut cursor) {
        match child.kind() {
            "string_content" => content.push_str(&node_text(child, source)),
            "interpolation" => return String::new(),
            _ => {}
        }
    }
    content
}
