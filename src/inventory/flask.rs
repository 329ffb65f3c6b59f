//! Flask and FastAPI: route decorators (`@app.route("/x", methods=[…])`,
//! `@bp.get("/x")`, `@router.post("/x")`), `add_url_rule`, blueprints and
//! API routers with their prefixes, and `register_blueprint` /
//! `include_router` / `mount`, which put one under another.

use super::routers::{Child, Mount, RawRoute, RouterFile};
use super::syntax::{
    callee_name, each_node, line, named_children, py_args, py_decorated, py_str, text,
};
use super::FileFinds;
use tree_sitter::Node;

const CONSTRUCTORS: &[(&str, &str)] = &[
    ("Flask", ""),
    ("Blueprint", "url_prefix"),
    ("FastAPI", "root_path"),
    ("APIRouter", "prefix"),
];

const VERBS: &[&str] = &["get", "post", "put", "patch", "delete", "head", "options"];

pub(crate) fn scan(root: Node, src: &[u8], finds: &mut FileFinds) {
    let text_all = String::from_utf8_lossy(src);
    let fastapi = text_all.contains("fastapi");
    if !fastapi && !text_all.contains("flask") {
        return;
    }
    let mut rf = RouterFile {
        framework: if fastapi { "fastapi" } else { "flask" }.into(),
        ..RouterFile::default()
    };
    // Router variables first, so decorators anywhere in the file see them.
    super::syntax::each_call_assignment(root, |_, left, right, function| {
        let callee = callee_name(function, src);
        if let Some((_, key)) = CONSTRUCTORS.iter().find(|(c, _)| *c == callee) {
            let args = py_args(right, src);
            let prefix = if key.is_empty() {
                String::new()
            } else {
                args.keyword(key)
                    .and_then(|v| py_str(v, src))
                    .unwrap_or_default()
            };
            rf.routers.insert(text(left, src).to_string(), prefix);
        }
    });
    each_node(root, |n| match n.kind() {
        "decorated_definition" => decorated(n, src, &mut rf, finds),
        "call" => call(n, src, &mut rf, finds),
        _ => {}
    });
    for stmt in named_children(root) {
        let def = if stmt.kind() == "decorated_definition" {
            stmt.child_by_field_name("definition")
        } else {
            Some(stmt)
        };
        if let Some(def) = def {
            if matches!(def.kind(), "function_definition" | "class_definition") {
                if let Some(name) = def.child_by_field_name("name") {
                    finds.defines.insert(text(name, src).to_string());
                }
            }
        }
    }
    // A file that only declares a blueprint keeps it too: a Flask-RESTX
    // `Api(bp)` of the same file is mounted on it (`restful.rs`).
    if !rf.routes.is_empty() || !rf.mounts.is_empty() || !rf.routers.is_empty() {
        finds.router = Some(rf);
    }
}

/// A router name the decorator may use: a router of this file, or one
/// imported from another (`from .app import app`).
fn is_router(name: &str, rf: &RouterFile, finds: &FileFinds) -> bool {
    rf.routers.contains_key(name) || finds.bindings.contains_key(name)
}

fn decorated(n: Node, src: &[u8], rf: &mut RouterFile, finds: &mut FileFinds) {
    let Some((def, name, decorators)) = py_decorated(n, src) else {
        return;
    };
    // `@ns.route(…)` on a class is a Flask-RESTX resource (`restful.rs`).
    if def.kind() == "class_definition" {
        return;
    }
    for expr in decorators {
        if expr.kind() != "call" {
            continue;
        }
        let Some(function) = expr.child_by_field_name("function") else {
            continue;
        };
        if function.kind() != "attribute" {
            continue;
        }
        let router = function
            .child_by_field_name("object")
            .map(|o| text(o, src).to_string())
            .unwrap_or_default();
        let method = callee_name(function, src);
        let methods: Vec<Option<String>> = match method {
            "route" | "api_route" => {
                let args = py_args(expr, src);
                let listed = args.keyword("methods").map(|m| {
                    named_children(m)
                        .into_iter()
                        .filter_map(|v| py_str(v, src))
                        .map(|v| v.to_ascii_uppercase())
                        .collect::<Vec<_>>()
                });
                match listed {
                    Some(list) if !list.is_empty() => list.into_iter().map(Some).collect(),
                    // Flask's default is GET; FastAPI's api_route default is GET too.
                    _ => vec![Some("GET".to_string())],
                }
            }
            "websocket" => vec![Some("WEBSOCKET".into())],
            m if VERBS.contains(&m) => vec![Some(m.to_ascii_uppercase())],
            _ => continue,
        };
        if !is_router(&router, rf, finds) {
            continue;
        }
        let args = py_args(expr, src);
        let path_node = args
            .positional
            .first()
            .copied()
            .or_else(|| args.keyword("path"))
            .or_else(|| args.keyword("rule"));
        let Some(path) = path_node.and_then(|p| py_str(p, src)) else {
            finds.unresolved(
                "route",
                format!("@{router}.{method}() with a path that is not a literal string"),
                line(expr),
            );
            continue;
        };
        for m in methods {
            rf.routes.push(RawRoute {
                router: router.clone(),
                method: m,
                path: path.clone(),
                handler: name.clone(),
                handler_root: None,
                line: line(expr),
                framework: None,
                resource: None,
            });
        }
    }
}

fn call(n: Node, src: &[u8], rf: &mut RouterFile, finds: &mut FileFinds) {
    let Some(function) = n.child_by_field_name("function") else {
        return;
    };
    if function.kind() != "attribute" {
        return;
    }
    let parent = function
        .child_by_field_name("object")
        .map(|o| text(o, src).to_string())
        .unwrap_or_default();
    if !is_router(&parent, rf, finds) {
        return;
    }
    let args = py_args(n, src);
    match callee_name(function, src) {
        "add_url_rule" => {
            let Some(path) = args.positional.first().and_then(|p| py_str(*p, src)) else {
                finds.unresolved(
                    "route",
                    "add_url_rule() with a path that is not a literal string",
                    line(n),
                );
                return;
            };
            let view = args
                .keyword("view_func")
                .or_else(|| args.positional.get(2).copied());
            let (handler, root) = match view {
                Some(v) => {
                    let h = super::django::handler(v, src);
                    (h.text, h.root)
                }
                None => ("<endpoint>".to_string(), None),
            };
            // `view_func=X.as_view("x")`: a MethodView, one route per method.
            let resource = view.and_then(|v| super::restful::as_view_class(v, src));
            rf.routes.push(RawRoute {
                router: parent,
                method: None,
                path,
                handler,
                handler_root: root,
                line: line(n),
                framework: None,
                resource,
            });
        }
        "register_blueprint" | "include_router" | "mount" => {
            let (child, prefix) = if callee_name(function, src) == "mount" {
                (
                    args.positional
                        .get(1)
                        .copied()
                        .or_else(|| args.keyword("app")),
                    args.positional.first().and_then(|p| py_str(*p, src)),
                )
            } else {
                let key = if callee_name(function, src) == "include_router" {
                    "prefix"
                } else {
                    "url_prefix"
                };
                (
                    args.positional.first().copied(),
                    args.keyword(key).and_then(|p| py_str(p, src)),
                )
            };
            let Some(child) = child else {
                return;
            };
            let child = match child.kind() {
                "identifier" => {
                    let name = text(child, src).to_string();
                    if rf.routers.contains_key(&name) {
                        Child::Local(name)
                    } else {
                        Child::Imported { name, attr: None }
                    }
                }
                "attribute" => {
                    let object = child
                        .child_by_field_name("object")
                        .map(|o| text(o, src).to_string())
                        .unwrap_or_default();
                    let attr = child
                        .child_by_field_name("attribute")
                        .map(|o| text(o, src).to_string());
                    Child::Imported { name: object, attr }
                }
                _ => {
                    finds.unresolved(
                        "route",
                        "a router mounted from an expression planner cannot follow",
                        line(n),
                    );
                    return;
                }
            };
            // Flask: `register_blueprint(bp, url_prefix=…)` replaces the
            // blueprint's own `url_prefix` (`BlueprintSetupState`); FastAPI's
            // `include_router(prefix=…)` goes in front of the router's.
            let replaces_own =
                callee_name(function, src) == "register_blueprint" && prefix.is_some();
            rf.mounts.push(Mount {
                parent,
                prefix: prefix.unwrap_or_default(),
                child,
                replaces_own,
            });
        }
        _ => {}
    }
}
