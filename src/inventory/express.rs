//! Express and Koa: `app.get("/x", handler)`, `router.post(...)`,
//! `router.route("/x").get(...).post(...)`, routers made with `express()`,
//! `express.Router()`, `new Router({ prefix })` (koa-router), and mounts:
//! `app.use("/api", router)`, `router.use("/", other.routes())`,
//! `app.use(mount("/api", api))` (koa-mount).

use super::routers::{Child, Mount, RawRoute, RouterFile};
use super::syntax::{callee_name, each_node, js_args, js_object, js_str, line, text};
use super::FileFinds;
use tree_sitter::Node;

const VERBS: &[&str] = &[
    "get", "post", "put", "patch", "delete", "del", "all", "head", "options",
];
const CONSTRUCTORS: &[&str] = &["express", "Router", "KoaRouter", "Koa", "koa", "fastify"];

pub(crate) fn scan(root: Node, src: &[u8], finds: &mut FileFinds) {
    if !super::syntax::js_route_markers(src) {
        return;
    }
    let koa = String::from_utf8_lossy(src).contains("koa");
    let mut rf = RouterFile {
        framework: if koa { "koa" } else { "express" }.into(),
        ..RouterFile::default()
    };
    each_node(root, |n| {
        if n.kind() != "variable_declarator" {
            return;
        }
        let (Some(name), Some(value)) = (
            n.child_by_field_name("name"),
            n.child_by_field_name("value"),
        ) else {
            return;
        };
        if let Some(prefix) = router_constructor(value, src) {
            rf.routers.insert(text(name, src).to_string(), prefix);
        }
    });
    each_node(root, |n| {
        if n.kind() == "call_expression" {
            call(n, src, &mut rf, finds);
        }
    });
    each_node(root, |n| {
        if matches!(n.kind(), "function_declaration" | "class_declaration") {
            if let Some(name) = n.child_by_field_name("name") {
                finds.defines.insert(text(name, src).to_string());
            }
        }
    });
    if !rf.routes.is_empty() || !rf.mounts.is_empty() {
        finds.router = Some(rf);
    }
}

/// `express()`, `express.Router()`, `Router()`, `new Router({prefix})`,
/// `new Koa()` → the router's own prefix.
fn router_constructor(value: Node, src: &[u8]) -> Option<String> {
    let callee = match value.kind() {
        "call_expression" => value.child_by_field_name("function")?,
        "new_expression" => value.child_by_field_name("constructor")?,
        _ => return None,
    };
    if !CONSTRUCTORS.contains(&callee_name(callee, src)) {
        return None;
    }
    let args = js_args(value);
    let prefix = args
        .first()
        .map(|a| js_object(*a, src))
        .unwrap_or_default()
        .into_iter()
        .find(|(k, _)| k == "prefix")
        .and_then(|(_, v)| js_str(v, src))
        .unwrap_or_default();
    Some(prefix)
}

/// A router the call may be on: one made in this file, or one whose name
/// says it is (`app`, `router`, `apiRouter`, `api`, `server`), which covers
/// imported routers and `function init(app: Koa)` parameters. The file has
/// already been seen to use express or koa.
fn is_router(name: &str, rf: &RouterFile, _finds: &FileFinds) -> bool {
    rf.routers.contains_key(name)
        || matches!(name, "app" | "api" | "server" | "koa")
        || name.ends_with("router")
        || name.ends_with("Router")
}

fn call(n: Node, src: &[u8], rf: &mut RouterFile, finds: &mut FileFinds) {
    let Some(function) = n.child_by_field_name("function") else {
        return;
    };
    if function.kind() != "member_expression" {
        return;
    }
    let method = callee_name(function, src);
    let Some(object) = function.child_by_field_name("object") else {
        return;
    };
    // router.route("/x").get(h).post(h)
    if VERBS.contains(&method) && object.kind() == "call_expression" {
        if let Some((router, path)) = route_chain(object, src) {
            if is_router(&router, rf, finds) {
                push_route(n, src, rf, finds, &router, method, path, 0);
            }
        }
        return;
    }
    let router = text(object, src).to_string();
    if !is_router(&router, rf, finds) {
        return;
    }
    let args = js_args(n);
    if VERBS.contains(&method) {
        // app.get("setting") is Express's settings getter, not a route.
        if method == "get" && args.len() < 2 {
            return;
        }
        let Some(first) = args.first() else {
            return;
        };
        push_route(n, src, rf, finds, &router, method, Some(*first), 1);
    } else if method == "use" {
        mounts(n, src, rf, finds, &router, &args);
    }
}

/// `X.route("/p")`, possibly behind earlier `.get(...)` links → (X, path node).
fn route_chain<'t>(mut node: Node<'t>, src: &[u8]) -> Option<(String, Option<Node<'t>>)> {
    for _ in 0..16 {
        let function = node.child_by_field_name("function")?;
        if function.kind() != "member_expression" {
            return None;
        }
        let object = function.child_by_field_name("object")?;
        if callee_name(function, src) == "route" {
            return Some((
                text(object, src).to_string(),
                js_args(node).first().copied(),
            ));
        }
        if object.kind() != "call_expression" {
            return None;
        }
        node = object;
    }
    None
}

#[allow(clippy::too_many_arguments)]
fn push_route(
    n: Node,
    src: &[u8],
    rf: &mut RouterFile,
    finds: &mut FileFinds,
    router: &str,
    method: &str,
    path_node: Option<Node>,
    handler_from: usize,
) {
    let paths = match path_node {
        Some(p) if p.kind() == "array" => {
            let items = super::syntax::named_children(p);
            items
                .iter()
                .map(|i| js_str(*i, src))
                .collect::<Option<Vec<_>>>()
        }
        Some(p) => js_str(p, src).map(|s| vec![s]),
        None => None,
    };
    let Some(paths) = paths else {
        finds.unresolved(
            "route",
            format!("{router}.{method}() with a path that is not a literal string"),
            line(n),
        );
        return;
    };
    let args = js_args(n);
    let (handler, root) = match args.iter().skip(handler_from).last() {
        Some(h) => handler_of(*h, src),
        None => ("<none>".to_string(), None),
    };
    let method = match method {
        "all" => None,
        "del" => Some("DELETE".to_string()),
        m => Some(m.to_ascii_uppercase()),
    };
    for path in paths {
        rf.routes.push(RawRoute {
            router: router.to_string(),
            method: method.clone(),
            path,
            handler: handler.clone(),
            handler_root: root.clone(),
            line: line(n),
            framework: None,
            resource: None,
        });
    }
}

fn handler_of(h: Node, src: &[u8]) -> (String, Option<String>) {
    match h.kind() {
        "identifier" | "member_expression" => {
            let t = text(h, src).to_string();
            let root = t.split('.').next().map(str::to_string);
            (t, root)
        }
        "arrow_function" | "function_expression" | "function" => ("<inline>".to_string(), None),
        "call_expression" => {
            // wrap(handler) → the wrapped handler.
            match js_args(h).last() {
                Some(inner) => handler_of(*inner, src),
                None => (text(h, src).to_string(), None),
            }
        }
        _ => (text(h, src).chars().take(60).collect(), None),
    }
}

fn mounts(
    n: Node,
    src: &[u8],
    rf: &mut RouterFile,
    finds: &mut FileFinds,
    parent: &str,
    args: &[Node],
) {
    let mut prefixes = vec![String::new()];
    let mut rest = args;
    if let Some(first) = args.first() {
        if let Some(p) = js_str(*first, src) {
            prefixes = vec![p];
            rest = &args[1..];
        } else if first.kind() == "array" {
            let items = super::syntax::named_children(*first);
            if let Some(list) = items
                .iter()
                .map(|i| js_str(*i, src))
                .collect::<Option<Vec<_>>>()
            {
                prefixes = list;
                rest = &args[1..];
            }
        } else if matches!(first.kind(), "template_string" | "binary_expression") {
            finds.unresolved(
                "route",
                format!("{parent}.use() with a prefix that is not a literal string"),
                line(n),
            );
            return;
        }
    }
    for arg in rest {
        let (child, extra) = match child_of(*arg, src) {
            Some(c) => c,
            None => continue,
        };
        let name = match &child {
            Child::Local(v) => v.clone(),
            Child::Imported { name, .. } => name.clone(),
            Child::Dynamic(what) => {
                finds.unresolved(
                    "route",
                    format!("{parent}.use() mounts {what}, a router known only at run time (a plugin registry or a loop): its routes are listed without this prefix"),
                    line(n),
                );
                continue;
            }
        };
        let known = rf.routers.contains_key(&name) || finds.bindings.contains_key(&name);
        if !known {
            continue;
        }
        let child = if rf.routers.contains_key(&name) {
            Child::Local(name)
        } else {
            child
        };
        for prefix in &prefixes {
            rf.mounts.push(Mount {
                parent: parent.to_string(),
                prefix: super::syntax::join_path(prefix, &extra),
                child: child.clone(),
                replaces_own: false,
            });
        }
    }
}

/// A mounted router: `router`, `other.routes()`, `mount("/x", api)`.
fn child_of(arg: Node, src: &[u8]) -> Option<(Child, String)> {
    match arg.kind() {
        "identifier" => Some((
            Child::Imported {
                name: text(arg, src).to_string(),
                attr: None,
            },
            String::new(),
        )),
        "call_expression" => {
            let function = arg.child_by_field_name("function")?;
            let name = callee_name(function, src);
            if function.kind() == "member_expression" && matches!(name, "routes" | "middleware") {
                let object = function.child_by_field_name("object")?;
                if object.kind() == "identifier" {
                    return Some((
                        Child::Imported {
                            name: text(object, src).to_string(),
                            attr: None,
                        },
                        String::new(),
                    ));
                }
                return Some((Child::Dynamic(text(object, src).to_string()), String::new()));
            }
            if name == "mount" {
                let args = js_args(arg);
                let (prefix, target) = match args.as_slice() {
                    [p, t] => (js_str(*p, src)?, *t),
                    [t] => (String::new(), *t),
                    _ => return None,
                };
                let (child, _) = child_of(target, src)?;
                return Some((child, prefix));
            }
            None
        }
        _ => None,
    }
}
