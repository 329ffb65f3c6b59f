//! Interprets the captures of `grammars/ruby/references.scm`: requires,
//! association macros, constant definitions and constant references, each
//! with the lexical nesting needed for Zeitwerk-style resolution.

use super::{line_of, node_text, FileFacts, RawImport};
use crate::analysis::EdgeKind;
use tree_sitter::{Node, QueryMatch};

/// Handles one match of the language's dependency patterns.
pub fn on_match(m: &QueryMatch, names: &[&str], source: &[u8], facts: &mut FileFacts) {
    let capture_of = |name: &str| {
        m.captures
            .iter()
            .find(|c| names[c.index as usize] == name)
            .map(|c| c.node)
    };
    if let Some(call) = capture_of("assoc") {
        if let (Some(macro_node), Some(name_node)) =
            (capture_of("assoc.macro"), capture_of("assoc.name"))
        {
            if let Some(import) = association(call, macro_node, name_node, source) {
                facts.imports.push(import);
            }
        }
        return;
    }
    for capture in m.captures {
        let node = capture.node;
        match names[capture.index as usize] {
            "require" | "require_relative" => {
                let kind = if names[capture.index as usize] == "require" {
                    EdgeKind::Require
                } else {
                    EdgeKind::RequireRelative
                };
                facts.imports.push(RawImport {
                    kind,
                    specifier: node_text(node, source),
                    names: Vec::new(),
                    line: line_of(node),
                    level: 0,
                    nesting: Vec::new(),
                    ..RawImport::default()
                });
            }
            "constant" | "scoped" => constant(node, source, facts),
            _ => {}
        }
    }
}

/// A constant or `A::B` path: either the name of a class/module being
/// defined, or a reference.
fn constant(node: Node, source: &[u8], facts: &mut FileFacts) {
    let Some(parent) = node.parent() else { return };
    // Part of a longer `A::B::C`; the outermost path is captured on its own.
    if parent.kind() == "scope_resolution" {
        return;
    }
    let text = node_text(node, source);
    if !is_constant_path(&text) {
        return;
    }
    if matches!(parent.kind(), "class" | "module")
        && parent
            .child_by_field_name("name")
            .is_some_and(|n| n.id() == node.id())
    {
        let mut full = if text.starts_with("::") {
            Vec::new()
        } else {
            nesting(parent, source)
        };
        full.extend(segments(&text));
        facts.defines.push(full.join("::"));
        return;
    }
    facts.imports.push(RawImport {
        kind: EdgeKind::Constant,
        specifier: text,
        names: Vec::new(),
        line: line_of(node),
        level: 0,
        nesting: nesting(node, source),
        ..RawImport::default()
    });
}

/// The namespace path in force at `node`: the names of the enclosing classes
/// and modules, outermost first, with `Foo::Bar` split as packwerk does.
/// A class's superclass is evaluated outside the class, so it is skipped.
fn nesting(node: Node, source: &[u8]) -> Vec<String> {
    let mut scopes = Vec::new();
    let mut child = node;
    while let Some(parent) = child.parent() {
        if matches!(parent.kind(), "class" | "module") {
            let in_header = ["name", "superclass"].iter().any(|field| {
                parent
                    .child_by_field_name(field)
                    .is_some_and(|n| n.id() == child.id())
            });
            if !in_header {
                if let Some(name) = parent.child_by_field_name("name") {
                    let text = node_text(name, source);
                    let absolute = text.starts_with("::");
                    scopes.push(segments(&text));
                    if absolute {
                        break;
                    }
                }
            }
        }
        child = parent;
    }
    scopes.into_iter().rev().flatten().collect()
}

/// `has_many :line_items, class_name: "Billing::Item"` → a reference to
/// `Billing::Item` (or to `LineItem` without `class_name`).
fn association(call: Node, macro_node: Node, name_node: Node, source: &[u8]) -> Option<RawImport> {
    // `t.belongs_to :blob` in a migration is a column helper, not a macro.
    if call.child_by_field_name("receiver").is_some() {
        return None;
    }
    let macro_name = node_text(macro_node, source);
    let name = node_text(name_node, source)
        .trim_start_matches(':')
        .to_string();
    let mut class_name = None;
    let mut source_name = None;
    if let Some(args) = call.child_by_field_name("arguments") {
        let mut cursor = args.walk();
        for pair in args.children(&mut cursor).filter(|c| c.kind() == "pair") {
            let key = pair
                .child_by_field_name("key")
                .map(|k| node_text(k, source))
                .unwrap_or_default();
            let key = key.trim_end_matches(':').trim_start_matches(':');
            let value = pair.child_by_field_name("value");
            match key {
                "polymorphic" => return None,
                // `through:` associations name their target with `source:`
                // (an association name) or `source_type:` (a class).
                "source" => {
                    source_name =
                        value.map(|v| node_text(v, source).trim_start_matches(':').to_string())
                }
                "class_name" | "source_type" => {
                    class_name = value.map(|v| {
                        node_text(v, source)
                            .trim_matches(|c| c == '"' || c == '\'' || c == ':')
                            .to_string()
                    })
                }
                _ => {}
            }
        }
    }
    let target = match class_name {
        Some(name) if is_constant_path(&name) => name,
        Some(_) => return None,
        None => {
            // A `source:` names an association of the through model, plural
            // or singular; the macro's own name is plural for collections.
            let singular = match source_name {
                Some(source) => crate::inflect::singularize(&source),
                None if matches!(macro_name.as_str(), "has_many" | "has_and_belongs_to_many") => {
                    crate::inflect::singularize(&name)
                }
                None => name,
            };
            crate::inflect::camelize(&singular, &[])
        }
    };
    Some(RawImport {
        kind: EdgeKind::Association,
        specifier: target,
        names: Vec::new(),
        line: line_of(call),
        level: 0,
        nesting: nesting(call, source),
        ..RawImport::default()
    })
}

fn segments(path: &str) -> Vec<String> {
    path.trim_start_matches("::")
        .split("::")
        .map(str::to_string)
        .collect()
}

/// `Foo`, `Foo::Bar`, `::Foo`: a path of constant names and nothing else.
fn is_constant_path(text: &str) -> bool {
    let body = text.strip_prefix("::").unwrap_or(text);
    !body.is_empty()
        && body.split("::").all(|seg| {
            seg.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && seg.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}
