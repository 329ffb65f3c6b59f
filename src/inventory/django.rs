//! Django URLconfs: `urlpatterns` lists of `path`/`re_path`/`url`, with
//! `include()` prefixes followed from `ROOT_URLCONF` across files, and
//! Django REST framework routers (`router.register(prefix, ViewSet)` mounted
//! through `router.urls`). Lists built in loops or comprehensions, and paths
//! that are not literals, are unresolved.

use super::syntax::{callee_name, each_node, line, named_children, py_args, py_str, text};
use super::FileFinds;
use std::collections::BTreeMap;
use tree_sitter::Node;

#[derive(Debug, Default)]
pub(crate) struct UrlConf {
    /// The `urlpatterns` entries.
    pub patterns: Vec<Entry>,
    /// Other module-level lists of routes, by variable name.
    pub lists: BTreeMap<String, Vec<Entry>>,
    /// DRF routers, by variable name, with their registrations.
    pub routers: BTreeMap<String, Vec<Registration>>,
}

#[derive(Debug, Clone)]
pub(crate) enum Entry {
    Route {
        route: String,
        handler: Handler,
        line: usize,
    },
    Include {
        route: String,
        target: Target,
        line: usize,
    },
}

#[derive(Debug, Clone)]
pub(crate) enum Target {
    /// `include("app.urls")`.
    Dotted(String),
    /// `include(api_urls)`: a list in this file or an imported module.
    Name(String),
    /// `include(router.urls)` or `urlpatterns += router.urls`.
    Router(String),
}

/// A view reference: the text as written and how to find its file.
#[derive(Debug, Clone)]
pub(crate) struct Handler {
    pub text: String,
    /// The first name of the reference (`views` in `views.home`).
    pub root: Option<String>,
    /// An old-style dotted string view (`"app.views.home"`).
    pub dotted: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Registration {
    pub prefix: String,
    pub viewset: Handler,
    pub line: usize,
}

const ROUTE_CALLS: &[&str] = &["path", "re_path", "url"];
const ROUTER_CLASSES: &[&str] = &[
    "DefaultRouter",
    "SimpleRouter",
    "ExtendedSimpleRouter",
    "ExtendedDefaultRouter",
    "NestedSimpleRouter",
    "NestedDefaultRouter",
    "OptionalSlashRouter",
];

pub(crate) fn scan(root: Node, src: &[u8], finds: &mut FileFinds) {
    let has_urls = memfind(src, b"urlpatterns") || memfind(src, b"Router(");
    if memfind(src, b"ROOT_URLCONF") {
        find_root_urlconf(root, src, finds);
    }
    if !has_urls {
        return;
    }
    let mut conf = UrlConf::default();
    statements(root, src, &mut conf, finds);
    if !conf.patterns.is_empty() || !conf.lists.is_empty() || !conf.routers.is_empty() {
        finds.django = Some(conf);
    }
}

fn memfind(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn find_root_urlconf(root: Node, src: &[u8], finds: &mut FileFinds) {
    each_node(root, |n| {
        if n.kind() == "assignment" {
            let is_it = n
                .child_by_field_name("left")
                .is_some_and(|l| text(l, src) == "ROOT_URLCONF");
            if is_it {
                if let Some(v) = n.child_by_field_name("right").and_then(|r| py_str(r, src)) {
                    finds.root_urlconf = Some(v);
                }
            }
        }
    });
}

/// Module-level statements, including those under `if`/`try` (e.g. `if
/// settings.DEBUG:`), but not inside functions or classes.
fn statements(block: Node, src: &[u8], conf: &mut UrlConf, finds: &mut FileFinds) {
    for stmt in named_children(block) {
        match stmt.kind() {
            "expression_statement" => {
                for expr in named_children(stmt) {
                    expression_statement(expr, src, conf, finds);
                }
            }
            "if_statement" | "try_statement" | "else_clause" | "elif_clause" | "block"
            | "except_clause" | "finally_clause" | "with_statement" => {
                statements(stmt, src, conf, finds);
            }
            "for_statement" | "while_statement" => {
                let body = text(stmt, src);
                if body.contains("urlpatterns") || body.contains(".register(") {
                    finds.unresolved(
                        "route",
                        "routes added in a loop; the paths are only known at run time",
                        line(stmt),
                    );
                }
            }
            _ => {}
        }
    }
}

fn expression_statement(expr: Node, src: &[u8], conf: &mut UrlConf, finds: &mut FileFinds) {
    match expr.kind() {
        "assignment" | "augmented_assignment" => {
            let (Some(left), Some(right)) = (
                expr.child_by_field_name("left"),
                expr.child_by_field_name("right"),
            ) else {
                return;
            };
            let name = text(left, src).to_string();
            if right.kind() == "call"
                && right
                    .child_by_field_name("function")
                    .is_some_and(|f| ROUTER_CLASSES.contains(&callee_name(f, src)))
            {
                conf.routers.entry(name).or_default();
                return;
            }
            let is_patterns = name == "urlpatterns";
            if !is_patterns && !looks_like_routes(right, src) {
                return;
            }
            let mut entries = Vec::new();
            collect(right, src, conf, &mut entries, finds);
            let list = if is_patterns {
                &mut conf.patterns
            } else {
                conf.lists.entry(name).or_default()
            };
            if expr.kind() == "assignment" {
                list.clear();
            }
            list.extend(entries);
        }
        "call" => {
            let Some(function) = expr.child_by_field_name("function") else {
                return;
            };
            let method = callee_name(function, src);
            let object = function
                .child_by_field_name("object")
                .map(|o| text(o, src).to_string())
                .unwrap_or_default();
            let args = py_args(expr, src);
            match method {
                "register" if conf.routers.contains_key(&object) => {
                    let prefix = args.positional.first().and_then(|p| py_str(*p, src));
                    let viewset = args.positional.get(1).map(|v| handler(*v, src));
                    match (prefix, viewset) {
                        (Some(prefix), Some(viewset)) => {
                            if let Some(regs) = conf.routers.get_mut(&object) {
                                regs.push(Registration {
                                    prefix,
                                    viewset,
                                    line: line(expr),
                                });
                            }
                        }
                        _ => finds.unresolved(
                            "route",
                            format!("{object}.register() with a prefix that is not a literal"),
                            line(expr),
                        ),
                    }
                }
                "append" | "extend" | "insert" if object == "urlpatterns" => {
                    let mut entries = Vec::new();
                    for a in &args.positional {
                        if a.kind() == "integer" {
                            continue;
                        }
                        if method == "extend" {
                            collect(*a, src, conf, &mut entries, finds);
                        } else {
                            element(*a, src, conf, &mut entries, finds);
                        }
                    }
                    conf.patterns.extend(entries);
                }
                _ => {}
            }
        }
        _ => {}
    }
}

/// A right-hand side that holds route calls, at any depth.
fn looks_like_routes(node: Node, src: &[u8]) -> bool {
    let mut found = false;
    each_node(node, |n| {
        if !found && n.kind() == "call" {
            if let Some(f) = n.child_by_field_name("function") {
                found = ROUTE_CALLS.contains(&callee_name(f, src));
            }
        }
    });
    found
}

/// The entries of an expression: lists, `a + b`, `router.urls`, names.
fn collect(node: Node, src: &[u8], conf: &UrlConf, out: &mut Vec<Entry>, finds: &mut FileFinds) {
    match node.kind() {
        "list" | "tuple" => {
            for item in named_children(node) {
                element(item, src, conf, out, finds);
            }
        }
        "binary_operator" | "parenthesized_expression" => {
            for part in named_children(node) {
                collect(part, src, conf, out, finds);
            }
        }
        "attribute" => {
            if let Some(router) = router_urls(node, src, conf) {
                out.push(Entry::Include {
                    route: String::new(),
                    target: Target::Router(router),
                    line: line(node),
                });
            }
        }
        "identifier" => out.push(Entry::Include {
            route: String::new(),
            target: Target::Name(text(node, src).to_string()),
            line: line(node),
        }),
        "list_comprehension" | "generator_expression" => finds.unresolved(
            "route",
            "routes built in a comprehension; the paths are only known at run time",
            line(node),
        ),
        // `static(...)`, `debug_toolbar_urls()`: helpers that add dev-only routes.
        "call" => {
            let callee = node
                .child_by_field_name("function")
                .map(|f| callee_name(f, src))
                .unwrap_or("");
            if ROUTE_CALLS.contains(&callee) {
                element(node, src, conf, out, finds);
            } else if callee != "static" {
                finds.unresolved(
                    "route",
                    format!("routes returned by {callee}(); not followed"),
                    line(node),
                );
            }
        }
        _ => {}
    }
}

fn router_urls(node: Node, src: &[u8], conf: &UrlConf) -> Option<String> {
    let attr = node.child_by_field_name("attribute")?;
    let object = node.child_by_field_name("object")?;
    let name = text(object, src);
    (text(attr, src) == "urls" && conf.routers.contains_key(name)).then(|| name.to_string())
}

/// One element of a `urlpatterns` list.
fn element(item: Node, src: &[u8], conf: &UrlConf, out: &mut Vec<Entry>, finds: &mut FileFinds) {
    match item.kind() {
        "call" => {}
        "list_splat" => {
            for inner in named_children(item) {
                collect(inner, src, conf, out, finds);
            }
            return;
        }
        "list_comprehension" | "generator_expression" => {
            collect(item, src, conf, out, finds);
            return;
        }
        _ => {
            collect(item, src, conf, out, finds);
            return;
        }
    }
    let Some(function) = item.child_by_field_name("function") else {
        return;
    };
    let name = callee_name(function, src);
    if !ROUTE_CALLS.contains(&name) {
        collect(item, src, conf, out, finds);
        return;
    }
    let args = py_args(item, src);
    let route_node = args
        .positional
        .first()
        .copied()
        .or_else(|| args.keyword("route"));
    let Some(route) = route_node.and_then(|r| py_str(r, src)) else {
        finds.unresolved(
            "route",
            format!("{name}() with a path that is not a literal string"),
            line(item),
        );
        return;
    };
    let route = if name == "path" {
        route
    } else {
        route.trim_start_matches('^').to_string()
    };
    let Some(view) = args
        .positional
        .get(1)
        .copied()
        .or_else(|| args.keyword("view"))
    else {
        finds.unresolved("route", format!("{name}() without a view"), line(item));
        return;
    };
    if let Some(target) = include_target(view, src, conf) {
        out.push(Entry::Include {
            route: route.trim_end_matches('$').to_string(),
            target,
            line: line(item),
        });
        return;
    }
    if view.kind() == "call"
        && view
            .child_by_field_name("function")
            .is_some_and(|f| callee_name(f, src) == "include")
    {
        finds.unresolved(
            "include",
            "include() of something that is not a module name, a list or router.urls",
            line(item),
        );
        return;
    }
    out.push(Entry::Route {
        route,
        handler: handler(view, src),
        line: line(item),
    });
}

fn include_target(view: Node, src: &[u8], conf: &UrlConf) -> Option<Target> {
    if view.kind() != "call" {
        return None;
    }
    let function = view.child_by_field_name("function")?;
    if callee_name(function, src) != "include" {
        return None;
    }
    let args = py_args(view, src);
    let mut arg = *args.positional.first()?;
    // include((patterns, "app_name")) or include(("app.urls", "ns")).
    if arg.kind() == "tuple" || arg.kind() == "parenthesized_expression" {
        arg = *named_children(arg).first()?;
    }
    if let Some(dotted) = py_str(arg, src) {
        return Some(Target::Dotted(dotted));
    }
    match arg.kind() {
        "attribute" => router_urls(arg, src, conf)
            .map(Target::Router)
            .or_else(|| Some(Target::Name(text(arg, src).to_string()))),
        "identifier" => Some(Target::Name(text(arg, src).to_string())),
        _ => None,
    }
}

/// A view as written, looking through `csrf_exempt(...)`-style wrappers and
/// `View.as_view(...)`.
pub(crate) fn handler(node: Node, src: &[u8]) -> Handler {
    match node.kind() {
        "call" => {
            if let Some(function) = node.child_by_field_name("function") {
                if callee_name(function, src) == "as_view" {
                    if let Some(object) = function.child_by_field_name("object") {
                        return handler(object, src);
                    }
                }
                if let Some(first) = py_args(node, src).positional.first() {
                    return handler(*first, src);
                }
            }
        }
        "attribute" | "identifier" => {
            let t = text(node, src).to_string();
            let root = t.split('.').next().map(str::to_string);
            return Handler {
                text: t,
                root,
                dotted: None,
            };
        }
        "string" => {
            if let Some(s) = py_str(node, src) {
                return Handler {
                    text: s.clone(),
                    root: None,
                    dotted: Some(s),
                };
            }
        }
        _ => {}
    }
    Handler {
        text: text(node, src)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        root: None,
        dotted: None,
    }
}
