//! Small tree-sitter helpers shared by the framework readers: literal
//! strings per language, walks, the names an import binds, and the cheap
//! byte markers that decide whether a file is parsed at all.

use super::Binding;
use regex::bytes::Regex;
use std::collections::BTreeMap;
use std::sync::OnceLock;
use tree_sitter::Node;

pub(crate) fn text<'a>(node: Node, src: &'a [u8]) -> &'a str {
    node.utf8_text(src).unwrap_or("")
}

pub(crate) fn line(node: Node) -> usize {
    node.start_position().row + 1
}

/// Each `name = call(…)` assignment under `root` (Python): the assignment,
/// the name, the call and the call's function node.
pub(crate) fn each_call_assignment<'t>(
    root: Node<'t>,
    mut f: impl FnMut(Node<'t>, Node<'t>, Node<'t>, Node<'t>),
) {
    each_node(root, |n| {
        if n.kind() != "assignment" {
            return;
        }
        let (Some(left), Some(right)) = (
            n.child_by_field_name("left"),
            n.child_by_field_name("right"),
        ) else {
            return;
        };
        if left.kind() != "identifier" || right.kind() != "call" {
            return;
        }
        if let Some(function) = right.child_by_field_name("function") {
            f(n, left, right, function);
        }
    });
}

/// Every node under `root` (itself included), depth first, in source order.
pub(crate) fn each_node<'t>(root: Node<'t>, mut f: impl FnMut(Node<'t>)) {
    let mut cursor = root.walk();
    loop {
        f(cursor.node());
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() || cursor.node() == root {
                return;
            }
        }
    }
}

pub(crate) fn named_children<'t>(node: Node<'t>) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .collect()
}

/// A Python `decorated_definition`: the definition, its name, and each
/// decorator's expression (`app.route("/x")`, `shared_task`), in order.
pub(crate) fn py_decorated<'t>(
    n: Node<'t>,
    src: &[u8],
) -> Option<(Node<'t>, String, Vec<Node<'t>>)> {
    let def = n.child_by_field_name("definition")?;
    let name = def
        .child_by_field_name("name")
        .map(|d| text(d, src).to_string())
        .unwrap_or_default();
    let exprs = named_children(n)
        .into_iter()
        .filter(|d| d.kind() == "decorator")
        .filter_map(|d| named_children(d).into_iter().next())
        .collect();
    Some((def, name, exprs))
}

pub(crate) fn first_error_line(root: Node) -> Option<usize> {
    let mut found = None;
    each_node(root, |n| {
        if found.is_none() && (n.is_error() || n.is_missing()) {
            found = Some(line(n));
        }
    });
    found
}

/// A Python string literal's value; `None` for f-strings with fields and
/// anything that is not a literal. Implicit concatenation and parentheses
/// are looked through.
pub(crate) fn py_str(node: Node, src: &[u8]) -> Option<String> {
    match node.kind() {
        "string" => {
            let raw = text(node, src);
            let prefix_len = raw.find(['"', '\'']).unwrap_or(0);
            let prefix = raw[..prefix_len].to_ascii_lowercase();
            let body = &raw[prefix_len..];
            let quote = if body.starts_with("\"\"\"") || body.starts_with("'''") {
                3
            } else {
                1
            };
            // An unterminated string (a syntax error) has no closing quote;
            // `get` keeps a multi-byte character from being cut in two.
            if body.len() < 2 * quote {
                return None;
            }
            let open = body.get(..quote)?;
            if !body.ends_with(open) {
                return None;
            }
            let inner = body.get(quote..body.len() - quote)?;
            if prefix.contains('f') && inner.contains('{') {
                return None;
            }
            Some(inner.to_string())
        }
        "concatenated_string" => {
            let mut out = String::new();
            for part in named_children(node) {
                out.push_str(&py_str(part, src)?);
            }
            Some(out)
        }
        "parenthesized_expression" => {
            let inner = named_children(node);
            if inner.len() == 1 {
                py_str(inner[0], src)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// A Ruby string or symbol literal's value; `None` with interpolation.
pub(crate) fn rb_str(node: Node, src: &[u8]) -> Option<String> {
    match node.kind() {
        "string" | "delimited_symbol" => {
            let mut out = String::new();
            for part in named_children(node) {
                match part.kind() {
                    "string_content" => out.push_str(text(part, src)),
                    "escape_sequence" => out.push_str(text(part, src)),
                    _ => return None,
                }
            }
            Some(out)
        }
        "simple_symbol" => Some(text(node, src).trim_start_matches(':').to_string()),
        "hash_key_symbol" | "identifier" => Some(text(node, src).to_string()),
        _ => None,
    }
}

/// Ruby `[:a, :b]`, `%i[a b]`, `%w[a b]` or a single literal → the values.
pub(crate) fn rb_str_list(node: Node, src: &[u8]) -> Option<Vec<String>> {
    match node.kind() {
        "array" | "symbol_array" | "string_array" => {
            let mut out = Vec::new();
            for item in named_children(node) {
                match item.kind() {
                    "bare_symbol" | "bare_string" => out.push(text(item, src).to_string()),
                    _ => out.push(rb_str(item, src)?),
                }
            }
            Some(out)
        }
        _ => rb_str(node, src).map(|s| vec![s]),
    }
}

/// A JS/TS string literal (or a template literal without `${}`).
pub(crate) fn js_str(node: Node, src: &[u8]) -> Option<String> {
    match node.kind() {
        "string" => strip_quotes(text(node, src), &['"', '\'']),
        "template_string" => {
            if named_children(node)
                .iter()
                .any(|c| c.kind() == "template_substitution")
            {
                return None;
            }
            strip_quotes(text(node, src), &['`'])
        }
        "parenthesized_expression" => {
            let inner = named_children(node);
            (inner.len() == 1).then(|| js_str(inner[0], src)).flatten()
        }
        _ => None,
    }
}

/// `"abc"` → `abc`; `None` unless the same quote opens and closes it (an
/// unterminated literal after a syntax error is not a value).
fn strip_quotes(raw: &str, quotes: &[char]) -> Option<String> {
    let first = raw.chars().next()?;
    if !quotes.contains(&first) || raw.len() < 2 {
        return None;
    }
    raw.strip_prefix(first)?
        .strip_suffix(first)
        .map(str::to_string)
}

/// The callee's last name: `path` for `path(...)`, `get` for `app.get(...)`.
pub(crate) fn callee_name<'a>(function: Node, src: &'a [u8]) -> &'a str {
    match function.kind() {
        "attribute" => function
            .child_by_field_name("attribute")
            .map(|n| text(n, src))
            .unwrap_or(""),
        "member_expression" => function
            .child_by_field_name("property")
            .map(|n| text(n, src))
            .unwrap_or(""),
        _ => text(function, src),
    }
}

/// The callee's receiver as written: `app` for `app.get`, `router` for
/// `router.route`; empty for a plain call.
pub(crate) fn callee_object<'a>(function: Node, src: &'a [u8]) -> &'a str {
    function
        .child_by_field_name("object")
        .map(|n| text(n, src))
        .unwrap_or("")
}

/// Positional and keyword arguments of a Python or JS call.
pub(crate) struct Args<'t> {
    pub positional: Vec<Node<'t>>,
    pub keywords: Vec<(String, Node<'t>)>,
}

impl<'t> Args<'t> {
    pub fn keyword(&self, name: &str) -> Option<Node<'t>> {
        self.keywords
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| *v)
    }
}

pub(crate) fn py_args<'t>(call: Node<'t>, src: &[u8]) -> Args<'t> {
    let mut args = Args {
        positional: Vec::new(),
        keywords: Vec::new(),
    };
    if let Some(list) = call.child_by_field_name("arguments") {
        for a in named_children(list) {
            if a.kind() == "keyword_argument" {
                if let (Some(k), Some(v)) = (
                    a.child_by_field_name("name"),
                    a.child_by_field_name("value"),
                ) {
                    args.keywords.push((text(k, src).to_string(), v));
                }
            } else {
                args.positional.push(a);
            }
        }
    }
    args
}

pub(crate) fn js_args<'t>(call: Node<'t>) -> Vec<Node<'t>> {
    call.child_by_field_name("arguments")
        .map(named_children)
        .unwrap_or_default()
}

/// A JS object literal's `key: value` pairs with literal keys.
pub(crate) fn js_object<'t>(node: Node<'t>, src: &[u8]) -> Vec<(String, Node<'t>)> {
    if node.kind() != "object" {
        return Vec::new();
    }
    let mut out = Vec::new();
    for pair in named_children(node) {
        if pair.kind() != "pair" {
            continue;
        }
        if let (Some(k), Some(v)) = (
            pair.child_by_field_name("key"),
            pair.child_by_field_name("value"),
        ) {
            let key = js_str(k, src).unwrap_or_else(|| text(k, src).to_string());
            out.push((key, v));
        }
    }
    out
}

/// Python: names bound by imports → the import's line and the imported name.
pub(crate) fn python_bindings(root: Node, src: &[u8]) -> BTreeMap<String, Binding> {
    let mut out = BTreeMap::new();
    each_node(root, |n| match n.kind() {
        "import_from_statement" => {
            let module = n.child_by_field_name("module_name");
            let mut cursor = n.walk();
            for name in n.children_by_field_name("name", &mut cursor) {
                let (imported, bound) = aliased(name, src);
                out.insert(
                    bound,
                    Binding {
                        line: line(n),
                        imported: Some(imported),
                    },
                );
            }
            let _ = module;
        }
        "import_statement" => {
            let mut cursor = n.walk();
            for name in n.children_by_field_name("name", &mut cursor) {
                let (imported, bound) = aliased(name, src);
                let bound = if name.kind() == "aliased_import" {
                    bound
                } else {
                    imported.split('.').next().unwrap_or("").to_string()
                };
                out.insert(
                    bound,
                    Binding {
                        line: line(n),
                        imported: None,
                    },
                );
            }
        }
        _ => {}
    });
    out
}

fn aliased(name: Node, src: &[u8]) -> (String, String) {
    if name.kind() == "aliased_import" {
        let imported = name
            .child_by_field_name("name")
            .map(|n| text(n, src).to_string())
            .unwrap_or_default();
        let alias = name
            .child_by_field_name("alias")
            .map(|n| text(n, src).to_string())
            .unwrap_or_else(|| imported.clone());
        (imported, alias)
    } else {
        let t = text(name, src).to_string();
        (t.clone(), t)
    }
}

/// JS/TS: names bound by `import` and `require` → line and imported name.
pub(crate) fn js_bindings(root: Node, src: &[u8]) -> BTreeMap<String, Binding> {
    let mut out = BTreeMap::new();
    each_node(root, |n| match n.kind() {
        "import_statement" => {
            let at = line(n);
            for clause in named_children(n) {
                if clause.kind() != "import_clause" {
                    continue;
                }
                for part in named_children(clause) {
                    match part.kind() {
                        "identifier" => {
                            out.insert(text(part, src).to_string(), bind(at, "default"));
                        }
                        "namespace_import" => {
                            for id in named_children(part) {
                                out.insert(text(id, src).to_string(), bind(at, "*"));
                            }
                        }
                        "named_imports" => {
                            for spec in named_children(part) {
                                let name = spec.child_by_field_name("name");
                                let alias = spec.child_by_field_name("alias").or(name);
                                if let (Some(name), Some(alias)) = (name, alias) {
                                    out.insert(
                                        text(alias, src).to_string(),
                                        bind(at, text(name, src)),
                                    );
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        "variable_declarator" => {
            let (Some(name), Some(value)) = (
                n.child_by_field_name("name"),
                n.child_by_field_name("value"),
            ) else {
                return;
            };
            let is_require = value.kind() == "call_expression"
                && value
                    .child_by_field_name("function")
                    .is_some_and(|f| text(f, src) == "require");
            if !is_require {
                return;
            }
            match name.kind() {
                "identifier" => {
                    out.insert(text(name, src).to_string(), bind(line(n), "default"));
                }
                // const { a, b: c } = require("x")
                "object_pattern" => {
                    for part in named_children(name) {
                        match part.kind() {
                            "shorthand_property_identifier_pattern" => {
                                let t = text(part, src);
                                out.insert(t.to_string(), bind(line(n), t));
                            }
                            "pair_pattern" => {
                                if let (Some(k), Some(v)) = (
                                    part.child_by_field_name("key"),
                                    part.child_by_field_name("value"),
                                ) {
                                    out.insert(
                                        text(v, src).to_string(),
                                        bind(line(n), text(k, src)),
                                    );
                                }
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        _ => {}
    });
    out
}

fn bind(line: usize, imported: &str) -> Binding {
    Binding {
        line,
        imported: Some(imported.to_string()),
    }
}

/// Markers are ASCII (`(?-u)`): a Unicode `\b` keeps the regex crate off
/// its fast DFA, which made the byte scan cost seconds on outline.
fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| {
        Regex::new(&format!("(?-u){pattern}")).unwrap_or_else(|e| panic!("bug: marker regex: {e}"))
    })
}

/// Event calls, in any language (see `events.rs`).
const EVENT_MARKERS: &str = r"publish\w*\s*\(|subscribe\w*\s*\(|emit\w*\s*\(|send_event|trigger_event|basic_consume|basic_publish|Kafka(Consumer|Producer)|\.produce\s*\(|instrument\s*\(|applicableEvents|sendToQueue|assertQueue";

/// graphene root classes and their mixins (`class Query(…)`,
/// `class AccountQueries(graphene.ObjectType)`): matching on
/// `ObjectType` alone would parse every file of types.
const GRAPHQL_ROOTS: &str =
    r"class\s+\w*(Query|Queries|Mutation|Mutations|Subscription|Subscriptions)\s*\(";

pub(crate) fn graphql_marker(bytes: &[u8]) -> bool {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(&CELL, GRAPHQL_ROOTS).is_match(bytes)
}

pub(crate) fn python_markers(bytes: &[u8]) -> bool {
    static CELL: OnceLock<Regex> = OnceLock::new();
    let pattern = format!(
        r"urlpatterns|@\w+(\.\w+)*\.(route|get|post|put|patch|delete|api_route|websocket)\s*\(|add_url_rule|include_router|register_blueprint|shared_task|\.task\b|@task\b|BEAT_SCHEDULE|beat_schedule|ROOT_URLCONF|{GRAPHQL_ROOTS}|{EVENT_MARKERS}"
    );
    regex(&CELL, &pattern).is_match(bytes)
}

pub(crate) fn ruby_markers(bytes: &[u8], rel: &str) -> bool {
    if super::rails_routes::is_routes_file(rel) || rel.ends_with("config/schedule.rb") {
        return true;
    }
    static CELL: OnceLock<Regex> = OnceLock::new();
    let pattern = format!(r"Sidekiq|ActiveJob|<\s*(::)?\w*Job\b|Cron::Job|{EVENT_MARKERS}");
    regex(&CELL, &pattern).is_match(bytes)
}

/// Files that may declare Express/Koa routes: they import a router
/// package, or call a verb on something named like a router (which covers
/// `module.exports = (app) => { app.get(…) }`).
const JS_ROUTE_MARKERS: &str = r#"["'](koa|koa-router|@koa/router|koa-mount|express|fastify)["']|\b(app|router|api|server|\w+Router)\s*\.\s*(get|post|put|patch|delete|del|all|use|route)\s*\("#;

pub(crate) fn js_route_markers(bytes: &[u8]) -> bool {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(&CELL, JS_ROUTE_MARKERS).is_match(bytes)
}

pub(crate) fn js_markers(bytes: &[u8]) -> bool {
    static CELL: OnceLock<Regex> = OnceLock::new();
    let pattern = format!(
        r#"{JS_ROUTE_MARKERS}|["'](bull|bullmq|node-cron|cron|node-schedule|agenda)["']|Queue\s*\(|scheduleJob|extends\s+\w*(Task|Job|Worker|Processor)\b|{EVENT_MARKERS}"#
    );
    regex(&CELL, &pattern).is_match(bytes)
}

/// Joins URL pieces with exactly one `/` between them.
pub(crate) fn join_path(prefix: &str, path: &str) -> String {
    let left = prefix.trim_end_matches('/');
    let right = path.trim_start_matches('/');
    match (left.is_empty(), right.is_empty()) {
        (true, true) => "/".into(),
        (true, false) => format!("/{right}"),
        (false, true) => format!("/{}", left.trim_start_matches('/')),
        (false, false) => {
            let joined = format!("{left}/{right}");
            if joined.starts_with('/') {
                joined
            } else {
                format!("/{joined}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unterminated_literals_with_multibyte_characters_are_not_values() {
        assert_eq!(strip_quotes("\"café", &['"']), None);
        assert_eq!(strip_quotes("\"café\"", &['"']), Some("café".into()));
        assert_eq!(strip_quotes("\"", &['"']), None);
    }

    #[test]
    fn paths_join_with_one_slash() {
        assert_eq!(join_path("", ""), "/");
        assert_eq!(join_path("/api", "users"), "/api/users");
        assert_eq!(join_path("/api/", "/users"), "/api/users");
        assert_eq!(join_path("/", "documents.list"), "/documents.list");
        assert_eq!(join_path("api/", ""), "/api");
    }
}
