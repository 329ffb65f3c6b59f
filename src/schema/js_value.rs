//! Static values in JavaScript/TypeScript syntax trees, shared by the
//! Mongoose and Drizzle readers: object literals as key → node, wrappers
//! that do not change a value (`(x)`, `x as T`, `x!`, `x satisfies T`),
//! local `const` bindings, and the file an imported name comes from.

use super::js_syntax::text;
use crate::analysis::FileEdge;
use std::collections::BTreeMap;
use tree_sitter::Node;

/// `(x)`, `x as T`, `x satisfies T`, `x!`, `<T>x` → `x`.
pub(super) fn strip(mut n: Node) -> Node {
    loop {
        let inner = match n.kind() {
            "parenthesized_expression" | "non_null_expression" | "type_assertion" => {
                let mut c = n.walk();
                let last = n.named_children(&mut c).last();
                last
            }
            "as_expression" | "satisfies_expression" => n.named_child(0),
            _ => None,
        };
        match inner {
            Some(i) if i.id() != n.id() => n = i,
            _ => return n,
        }
    }
}

/// One entry of an object literal.
pub(super) enum Entry<'t> {
    Pair(String, Node<'t>),
    /// `...x`
    Spread(Node<'t>),
    /// `{ x }`, `[computed]: v`, methods: nothing static to read.
    Other(Node<'t>),
}

/// The entries of an object literal, in order; keys unquoted.
pub(super) fn entries<'t>(obj: Node<'t>, src: &[u8]) -> Vec<Entry<'t>> {
    let obj = strip(obj);
    let mut out = Vec::new();
    if obj.kind() != "object" {
        return out;
    }
    let mut c = obj.walk();
    for p in obj.named_children(&mut c) {
        match p.kind() {
            "pair" => match (p.child_by_field_name("key"), p.child_by_field_name("value")) {
                (Some(k), Some(v)) if k.kind() != "computed_property_name" => {
                    let key = text(k, src)
                        .trim_matches(|c| c == '"' || c == '\'' || c == '`')
                        .to_string();
                    out.push(Entry::Pair(key, v));
                }
                _ => out.push(Entry::Other(p)),
            },
            "spread_element" => {
                if let Some(v) = p.named_child(0) {
                    out.push(Entry::Spread(v));
                }
            }
            "comment" => {}
            _ => out.push(Entry::Other(p)),
        }
    }
    out
}

/// Key → value of an object literal (spreads and computed keys left out).
pub(super) fn pairs<'t>(obj: Node<'t>, src: &[u8]) -> BTreeMap<String, Node<'t>> {
    entries(obj, src)
        .into_iter()
        .filter_map(|e| match e {
            Entry::Pair(k, v) => Some((k, v)),
            _ => None,
        })
        .collect()
}

/// The named children of an `arguments` node.
pub(super) fn args<'t>(call: Node<'t>) -> Vec<Node<'t>> {
    call.child_by_field_name("arguments")
        .map(|a| {
            let mut c = a.walk();
            a.named_children(&mut c)
                .filter(|n| n.kind() != "comment")
                .collect()
        })
        .unwrap_or_default()
}

/// Top-level `const NAME = value` (also `export const`, `let`, `var`) of a
/// file: name → value node.
pub(super) fn top_level_consts<'t>(root: Node<'t>, src: &[u8]) -> BTreeMap<String, Node<'t>> {
    let mut out = BTreeMap::new();
    let mut c = root.walk();
    for stmt in root.named_children(&mut c) {
        let decl = if stmt.kind() == "export_statement" {
            stmt.child_by_field_name("declaration")
        } else {
            Some(stmt)
        };
        let Some(decl) = decl else { continue };
        if decl.kind() != "lexical_declaration" && decl.kind() != "variable_declaration" {
            continue;
        }
        let mut c2 = decl.walk();
        for d in decl.named_children(&mut c2) {
            if d.kind() != "variable_declarator" {
                continue;
            }
            if let (Some(n), Some(v)) = (
                d.child_by_field_name("name"),
                d.child_by_field_name("value"),
            ) {
                if n.kind() == "identifier" {
                    out.insert(text(n, src).to_string(), v);
                }
            }
        }
    }
    out
}

/// The variable a value is assigned to: `const X = …`, `export const X =
/// (… || …)`, `X = …`; `module.exports = …` gives `None`.
pub(super) fn assigned_name(mut n: Node, src: &[u8]) -> Option<String> {
    while let Some(p) = n.parent() {
        match p.kind() {
            "parenthesized_expression"
            | "as_expression"
            | "satisfies_expression"
            | "non_null_expression"
            | "binary_expression"
            | "await_expression"
            | "ternary_expression" => n = p,
            "variable_declarator" => {
                let name = p.child_by_field_name("name")?;
                return (name.kind() == "identifier").then(|| text(name, src).to_string());
            }
            "assignment_expression" => {
                let left = p.child_by_field_name("left")?;
                return (left.kind() == "identifier").then(|| text(left, src).to_string());
            }
            _ => return None,
        }
    }
    None
}

/// Import edges by the file they start from.
pub(super) type EdgeIndex<'e> = BTreeMap<&'e str, Vec<&'e FileEdge>>;

pub(super) fn edge_index(edges: &[FileEdge]) -> EdgeIndex<'_> {
    let mut out: EdgeIndex = BTreeMap::new();
    for e in edges {
        out.entry(e.from.as_str()).or_default().push(e);
    }
    out
}

/// The files an imported `name` may come from, by planner's resolved
/// import edges from `file`.
pub(super) fn import_targets<'e>(edges: &EdgeIndex<'e>, file: &str, name: &str) -> Vec<&'e str> {
    edges
        .get(file)
        .into_iter()
        .flatten()
        .filter(|e| e.symbols.iter().any(|s| s == name))
        .map(|e| e.to.as_str())
        .collect()
}
