//! GraphQL entry points written with graphene: the fields of the root
//! `Query`, `Mutation` and `Subscription` classes, including the fields they
//! inherit from `XQueries(graphene.ObjectType)` mixins in other files. Field
//! names are camel-cased the way graphene does it, so they match the printed
//! schema (`schema.graphql`).

use super::syntax::{callee_name, each_node, line, named_children, text};
use super::FileFinds;
use tree_sitter::Node;

#[derive(Debug, Clone)]
pub(crate) struct RootClass {
    pub name: String,
    pub bases: Vec<String>,
    /// (python field name, line, callee as written: `graphene.Field`,
    /// `AccountRegister.Field`).
    pub fields: Vec<(String, usize, String)>,
    /// Methods defined in the class body (`resolve_orders`).
    pub methods: Vec<String>,
}

pub(crate) const ROOTS: &[(&str, &str)] = &[
    ("Query", "QUERY"),
    ("Mutation", "MUTATION"),
    ("Subscription", "SUBSCRIPTION"),
];

pub(crate) fn scan(root: Node, src: &[u8], finds: &mut FileFinds) {
    if !super::syntax::graphql_marker(src) {
        return;
    }

    each_node(root, |n| {
        if n.kind() != "class_definition" {
            return;
        }
        let Some(name) = n
            .child_by_field_name("name")
            .map(|x| text(x, src).to_string())
        else {
            return;
        };
        let bases: Vec<String> = n
            .child_by_field_name("superclasses")
            .map(named_children)
            .unwrap_or_default()
            .into_iter()
            .filter(|b| matches!(b.kind(), "identifier" | "attribute"))
            .map(|b| text(b, src).to_string())
            .collect();
        // A Django model that happens to be called `Subscription` is not a
        // GraphQL root.
        let is_model = bases
            .iter()
            .any(|b| b.ends_with("Model") || b.starts_with("models."));
        let is_root = !is_model && ROOTS.iter().any(|(r, _)| *r == name);
        let object_type = bases.iter().any(|b| b.ends_with("ObjectType"));
        if !is_root && !object_type {
            return;
        }
        let mut class = RootClass {
            name,
            bases,
            fields: Vec::new(),
            methods: Vec::new(),
        };
        if let Some(body) = n.child_by_field_name("body") {
            for stmt in named_children(body) {
                match stmt.kind() {
                    "expression_statement" => {
                        for expr in named_children(stmt) {
                            field(expr, src, &mut class);
                        }
                    }
                    "function_definition" => {
                        if let Some(m) = stmt.child_by_field_name("name") {
                            class.methods.push(text(m, src).to_string());
                        }
                    }
                    "decorated_definition" => {
                        if let Some(m) = stmt
                            .child_by_field_name("definition")
                            .and_then(|d| d.child_by_field_name("name"))
                        {
                            class.methods.push(text(m, src).to_string());
                        }
                    }
                    _ => {}
                }
            }
        }
        finds.graphql.push(class);
    });
}

fn field(expr: Node, src: &[u8], class: &mut RootClass) {
    if expr.kind() != "assignment" {
        return;
    }
    let (Some(left), Some(right)) = (
        expr.child_by_field_name("left"),
        expr.child_by_field_name("right"),
    ) else {
        return;
    };
    // `x = (\n    Mutation.Field()\n)` when a line is too long.
    let mut right = right;
    while right.kind() == "parenthesized_expression" {
        match named_children(right).first() {
            Some(inner) => right = *inner,
            None => return,
        }
    }
    if left.kind() != "identifier" || right.kind() != "call" {
        return;
    }
    let Some(function) = right.child_by_field_name("function") else {
        return;
    };
    let name = text(left, src);
    if name.starts_with('_') || name == "Meta" {
        return;
    }
    let callee = callee_name(function, src);
    // Fields are made by Field-like constructors; `x = SomeHelper()` is not one.
    let fieldish = callee.contains("Field")
        || callee.ends_with("List")
        || matches!(
            callee,
            "String" | "Int" | "Boolean" | "Float" | "ID" | "JSONString"
        );
    if fieldish {
        class.fields.push((
            name.to_string(),
            line(expr),
            text(function, src).to_string(),
        ));
    }
}

/// graphene's default: `account_register` → `accountRegister`.
pub(crate) fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for (i, c) in name.chars().enumerate() {
        if c == '_' && i > 0 {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn field_names_are_camel_cased_like_graphene() {
        assert_eq!(super::camel("account_register"), "accountRegister");
        assert_eq!(super::camel("me"), "me");
        assert_eq!(super::camel("_entities"), "_entities");
    }
}
