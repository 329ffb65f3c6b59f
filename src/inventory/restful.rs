//! Class-based Flask resources: Flask-RESTX / Flask-RESTPlus and
//! Flask-RESTful (and Flask's own `MethodView`).
//!
//! - `ns = Namespace("users", path="/users")` is a router whose own prefix is
//!   `path`, or `/` + the name when there is none (as `Namespace.path` does);
//!   `ns = api.namespace("users")` also mounts it under `api`.
//! - `api = Api(app_or_blueprint, prefix="/api")` (or `Api()` then
//!   `api.init_app(bp)`) is a router with the `prefix` as its own prefix,
//!   mounted under the blueprint, so `Blueprint(url_prefix=…)` and
//!   `register_blueprint(bp, url_prefix=…)` add up as for plain Flask. A class
//!   of the same file that extends `Api` (redash's `ApiExt`) counts as `Api`.
//! - `api.add_namespace(ns, "/x")` mounts `ns` under `api`; a path given there
//!   replaces the namespace's own path (`Api.ns_urls`).
//! - `@ns.route("/a", "/b")` on a class, `api.add_resource(X, "/a", "/b")`, and
//!   any `api.add_<something>_resource(X, "/a", …)` (wrappers such as redash's
//!   `add_org_resource`) register the class under each literal URL.
//! - `bp.add_url_rule("/x", view_func=X.as_view("x"))` registers a `MethodView`.
//!
//! The file records routes with the class as written; [`expand`] turns each
//! into one route per HTTP method the class (or a project base class) defines
//! (`get`, `post`, `put`, `patch`, `delete`, `head`, `options`), with the
//! handler `X.get`, once every file's classes are known.

use super::routers::{Child, Mount, RawRoute, RouterFile};
use super::syntax::{
    callee_name, each_call_assignment, each_node, line, named_children, py_args, py_decorated,
    py_str, text,
};
use super::{FileFinds, Unresolved};
use regex::bytes::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;
use tree_sitter::Node;

/// Method names that are HTTP handlers on a Resource / MethodView.
pub(crate) const HTTP_METHODS: &[&str] = &[
    "get", "post", "put", "patch", "delete", "head", "options", "trace",
];

/// Base classes that end the search for inherited handlers.
const FRAMEWORK_BASES: &[&str] = &["Resource", "MethodView", "View", "object"];

/// A top-level class of a Python file: its bases as written and the HTTP
/// handler methods it defines itself.
#[derive(Debug, Clone)]
pub(crate) struct PyClass {
    pub name: String,
    pub bases: Vec<String>,
    pub methods: BTreeSet<String>,
}

/// Files that may declare resources or the classes behind them: they use
/// one of the libraries, register a resource, declare a blueprint (an `Api`
/// elsewhere may be built on it), or define a class whose base ends in
/// `Resource` or is `MethodView` (`class QueryResource(BaseResource)`).
pub(crate) fn markers(bytes: &[u8]) -> bool {
    static CELL: OnceLock<Option<Regex>> = OnceLock::new();
    CELL.get_or_init(|| {
        Regex::new(
            r"(?-u)flask_rest(x|ful|plus)|Blueprint\s*\(|\.add_\w*resource\s*\(|add_namespace|\.as_view\s*\(|class\s+\w+\s*\([^)]*(Resource|MethodView)\b",
        )
        .ok()
    })
    .as_ref()
    .is_some_and(|r| r.is_match(bytes))
}

/// `X.as_view("x")` → `X`.
pub(crate) fn as_view_class(view: Node, src: &[u8]) -> Option<String> {
    if view.kind() != "call" {
        return None;
    }
    let function = view.child_by_field_name("function")?;
    if function.kind() != "attribute" || callee_name(function, src) != "as_view" {
        return None;
    }
    let object = function.child_by_field_name("object")?;
    matches!(object.kind(), "identifier" | "attribute").then(|| text(object, src).to_string())
}

pub(crate) fn scan(root: Node, src: &[u8], finds: &mut FileFinds) {
    let classes = classes(root, src);
    for c in &classes {
        finds.defines.insert(c.name.clone());
    }
    let all = String::from_utf8_lossy(src);
    let framework = if all.contains("flask_restx") || all.contains("flask_restplus") {
        "flask-restx"
    } else {
        "flask-restful"
    };
    let api_classes: BTreeSet<String> = classes
        .iter()
        .filter(|c| c.bases.iter().any(|b| last(b) == "Api"))
        .map(|c| c.name.clone())
        .collect();
    finds.py_classes = classes;
    let uses_library = all.contains("flask_restx")
        || all.contains("flask_restplus")
        || all.contains("flask_restful");
    if !uses_library && !all.contains("resource(") {
        return;
    }
    let mut rf = finds.router.take().unwrap_or_else(|| RouterFile {
        framework: "flask".into(),
        ..RouterFile::default()
    });
    let mut found = false;
    // Namespaces and Api objects first, so the routes below see them.
    each_call_assignment(root, |n, left, right, function| {
        let var = text(left, src).to_string();
        let callee = callee_name(function, src);
        let args = py_args(right, src);
        let is_method = function.kind() == "attribute";
        if callee == "Namespace" || (is_method && callee == "namespace") {
            let own = match args.keyword("path") {
                Some(p) => match py_str(p, src) {
                    Some(p) => p,
                    None => {
                        finds.unresolved(
                            "route",
                            format!("Namespace {var} with a path that is not a literal string"),
                            line(n),
                        );
                        String::new()
                    }
                },
                None => match args.positional.first().and_then(|a| py_str(*a, src)) {
                    Some(name) => format!("/{name}"),
                    None => {
                        finds.unresolved(
                            "route",
                            format!("Namespace {var} with a name that is not a literal string"),
                            line(n),
                        );
                        String::new()
                    }
                },
            };
            rf.routers
                .insert(var.clone(), own.trim_end_matches('/').to_string());
            if is_method {
                let parent = super::syntax::callee_object(function, src).to_string();
                rf.mounts.push(Mount {
                    parent,
                    prefix: String::new(),
                    child: Child::Local(var),
                    replaces_own: false,
                });
            }
            found = true;
        } else if !is_method && (callee == "Api" || api_classes.contains(callee)) {
            let prefix = args
                .keyword("prefix")
                .and_then(|p| py_str(p, src))
                .unwrap_or_default();
            rf.routers.insert(var.clone(), prefix);
            let app = args
                .positional
                .first()
                .copied()
                .or_else(|| args.keyword("app"));
            if let Some(app) = app.filter(|a| a.kind() == "identifier") {
                rf.mounts.push(Mount {
                    parent: text(app, src).to_string(),
                    prefix: String::new(),
                    child: Child::Local(var),
                    replaces_own: false,
                });
            }
            found = true;
        }
    });
    each_node(root, |n| {
        let hit = match n.kind() {
            "decorated_definition" => decorated(n, src, framework, &mut rf, finds),
            "call" => call(n, src, framework, &mut rf, finds),
            _ => false,
        };
        found |= hit;
    });
    if found || !rf.routes.is_empty() || !rf.mounts.is_empty() {
        finds.router = Some(rf);
    }
}

fn last(dotted: &str) -> &str {
    dotted.rsplit('.').next().unwrap_or(dotted)
}

/// Top-level classes (decorated or not) with their bases and HTTP methods.
fn classes(root: Node, src: &[u8]) -> Vec<PyClass> {
    let mut out = Vec::new();
    for stmt in named_children(root) {
        let def = if stmt.kind() == "decorated_definition" {
            stmt.child_by_field_name("definition")
        } else {
            Some(stmt)
        };
        let Some(def) = def.filter(|d| d.kind() == "class_definition") else {
            continue;
        };
        let Some(name) = def.child_by_field_name("name") else {
            continue;
        };
        let bases = def
            .child_by_field_name("superclasses")
            .map(|s| {
                named_children(s)
                    .into_iter()
                    .filter(|b| matches!(b.kind(), "identifier" | "attribute"))
                    .map(|b| text(b, src).to_string())
                    .collect()
            })
            .unwrap_or_default();
        let mut methods = BTreeSet::new();
        if let Some(body) = def.child_by_field_name("body") {
            for item in named_children(body) {
                let f = if item.kind() == "decorated_definition" {
                    item.child_by_field_name("definition")
                } else {
                    Some(item)
                };
                let Some(f) = f.filter(|f| f.kind() == "function_definition") else {
                    continue;
                };
                if let Some(fname) = f.child_by_field_name("name") {
                    let fname = text(fname, src);
                    if HTTP_METHODS.contains(&fname) {
                        methods.insert(fname.to_string());
                    }
                }
            }
        }
        out.push(PyClass {
            name: text(name, src).to_string(),
            bases,
            methods,
        });
    }
    out
}

fn is_router(name: &str, rf: &RouterFile, finds: &FileFinds) -> bool {
    rf.routers.contains_key(name) || finds.bindings.contains_key(name)
}

/// `@ns.route("/a", "/b")` on a class.
fn decorated(
    n: Node,
    src: &[u8],
    framework: &str,
    rf: &mut RouterFile,
    finds: &mut FileFinds,
) -> bool {
    let Some((def, name, decorators)) = py_decorated(n, src) else {
        return false;
    };
    if def.kind() != "class_definition" {
        return false;
    }
    let mut found = false;
    for expr in decorators {
        if expr.kind() != "call" {
            continue;
        }
        let Some(function) = expr.child_by_field_name("function") else {
            continue;
        };
        if function.kind() != "attribute" || callee_name(function, src) != "route" {
            continue;
        }
        let router = super::syntax::callee_object(function, src).to_string();
        if !is_router(&router, rf, finds) {
            continue;
        }
        found = true;
        let args = py_args(expr, src);
        let mut urls = Vec::new();
        for a in &args.positional {
            match py_str(*a, src) {
                Some(u) => urls.push(u),
                None => finds.unresolved(
                    "route",
                    format!("@{router}.route() on {name} with a URL that is not a literal string"),
                    line(expr),
                ),
            }
        }
        if args.positional.is_empty() {
            finds.unresolved(
                "route",
                format!("@{router}.route() on {name} without a URL"),
                line(expr),
            );
        }
        for url in urls {
            rf.routes
                .push(resource_route(&router, url, &name, framework, line(expr)));
        }
    }
    found
}

fn resource_route(
    router: &str,
    path: String,
    class: &str,
    framework: &str,
    line: usize,
) -> RawRoute {
    RawRoute {
        router: router.to_string(),
        method: None,
        path,
        handler: class.to_string(),
        handler_root: class.split('.').next().map(str::to_string),
        line,
        framework: Some(framework.to_string()),
        resource: Some(class.to_string()),
    }
}

/// `api.add_resource(X, "/a", …)`, `api.add_org_resource(…)`,
/// `api.add_namespace(ns, "/x")`, `api.init_app(bp)`.
fn call(n: Node, src: &[u8], framework: &str, rf: &mut RouterFile, finds: &mut FileFinds) -> bool {
    let Some(function) = n.child_by_field_name("function") else {
        return false;
    };
    if function.kind() != "attribute" {
        return false;
    }
    let receiver = super::syntax::callee_object(function, src).to_string();
    let method = callee_name(function, src);
    let args = py_args(n, src);
    let is_add_resource = method.starts_with("add_") && method.ends_with("resource");
    if is_add_resource {
        // The wrapper's own body (`self.add_resource(resource, *urls)`).
        if receiver == "self" || receiver == "cls" || receiver.starts_with("super(") {
            return false;
        }
        let Some(class) = args.positional.first().copied() else {
            return false;
        };
        if !matches!(class.kind(), "identifier" | "attribute") {
            finds.unresolved(
                "route",
                format!("{receiver}.{method}() with a resource that is not a class name"),
                line(n),
            );
            return false;
        }
        let class = text(class, src).to_string();
        let mut urls = Vec::new();
        let mut dynamic = false;
        for a in args.positional.iter().skip(1) {
            match py_str(*a, src) {
                Some(u) => urls.push(u),
                None => dynamic = true,
            }
        }
        if dynamic || urls.is_empty() {
            finds.unresolved(
                "route",
                format!("{receiver}.{method}({class}, …) with a URL that is not a literal string"),
                line(n),
            );
        }
        for url in urls {
            rf.routes
                .push(resource_route(&receiver, url, &class, framework, line(n)));
        }
        return true;
    }
    match method {
        "add_namespace" if is_router(&receiver, rf, finds) => {
            let Some(ns) = args
                .positional
                .first()
                .copied()
                .or_else(|| args.keyword("ns"))
            else {
                return false;
            };
            let path_node = args
                .positional
                .get(1)
                .copied()
                .or_else(|| args.keyword("path"));
            let path = match path_node {
                Some(p) => match py_str(p, src) {
                    Some(p) => Some(p),
                    None => {
                        finds.unresolved(
                            "route",
                            "add_namespace() with a path that is not a literal string",
                            line(n),
                        );
                        None
                    }
                },
                None => None,
            };
            let child = match ns.kind() {
                "identifier" => {
                    let name = text(ns, src).to_string();
                    if rf.routers.contains_key(&name) {
                        Child::Local(name)
                    } else {
                        Child::Imported { name, attr: None }
                    }
                }
                "attribute" => Child::Imported {
                    name: ns
                        .child_by_field_name("object")
                        .map(|o| text(o, src).to_string())
                        .unwrap_or_default(),
                    attr: ns
                        .child_by_field_name("attribute")
                        .map(|o| text(o, src).to_string()),
                },
                _ => {
                    finds.unresolved(
                        "route",
                        "add_namespace() of an expression planner cannot follow",
                        line(n),
                    );
                    return false;
                }
            };
            // `Api.ns_urls`: a non-empty path replaces the namespace's own.
            let replaces_own = path.as_deref().is_some_and(|p| !p.is_empty());
            rf.mounts.push(Mount {
                parent: receiver,
                prefix: path.unwrap_or_default(),
                child,
                replaces_own,
            });
            true
        }
        "init_app" if rf.routers.contains_key(&receiver) => {
            if let Some(app) = args.positional.first().filter(|a| a.kind() == "identifier") {
                rf.mounts.push(Mount {
                    parent: text(*app, src).to_string(),
                    prefix: String::new(),
                    child: Child::Local(receiver),
                    replaces_own: false,
                });
            }
            true
        }
        _ => false,
    }
}

/// Where class names are looked up at link time.
pub(crate) trait Classes {
    /// The classes a file defines.
    fn classes_of(&self, file: &str) -> Option<&[PyClass]>;
    /// The file a name bound by an import in `file` comes from, and the name
    /// it has there.
    fn import_of(&self, file: &str, name: &str) -> Option<(String, Option<String>)>;
}

/// The class `name` as written in `file` (`X` or `module.X`): its file and
/// its definition.
fn find_class<'a>(
    classes: &'a dyn Classes,
    file: &str,
    name: &str,
) -> Option<(String, &'a PyClass)> {
    let here = |f: &str, n: &str| {
        classes
            .classes_of(f)
            .and_then(|cs| cs.iter().find(|c| c.name == n))
    };
    if let Some((module, attr)) = name.rsplit_once('.') {
        let root = module.split('.').next().unwrap_or(module);
        let (target, _) = classes.import_of(file, root)?;
        return here(&target, attr).map(|c| (target, c));
    }
    if let Some(c) = here(file, name) {
        return Some((file.to_string(), c));
    }
    let (target, imported) = classes.import_of(file, name)?;
    let real = imported.unwrap_or_else(|| name.to_string());
    here(&target, &real).map(|c| (target, c))
}

/// The HTTP methods of a class, its own and those of its project base
/// classes (Flask computes `methods` over the whole MRO).
fn methods_of(classes: &dyn Classes, file: &str, class: &PyClass) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![(file.to_string(), class.clone())];
    let mut seen = BTreeSet::new();
    while let Some((f, c)) = stack.pop() {
        if !seen.insert((f.clone(), c.name.clone())) || seen.len() > 32 {
            continue;
        }
        out.extend(c.methods.iter().cloned());
        for base in &c.bases {
            if FRAMEWORK_BASES.contains(&last(base)) {
                continue;
            }
            if let Some((bf, bc)) = find_class(classes, &f, base) {
                stack.push((bf, bc.clone()));
            }
        }
    }
    out
}

/// Turns every resource route into one route per HTTP method; a class that
/// cannot be found, or has no handler method, becomes an unresolved entry.
pub(crate) fn expand(
    files: &BTreeMap<String, &RouterFile>,
    classes: &dyn Classes,
    unresolved: &mut Vec<Unresolved>,
) -> BTreeMap<String, RouterFile> {
    let mut out = BTreeMap::new();
    for (file, rf) in files {
        if rf.routes.iter().all(|r| r.resource.is_none()) {
            continue;
        }
        let mut copy = (*rf).clone();
        copy.routes = Vec::new();
        for route in &rf.routes {
            let Some(class) = &route.resource else {
                copy.routes.push(route.clone());
                continue;
            };
            let Some((class_file, def)) = find_class(classes, file, class) else {
                unresolved.push(Unresolved {
                    what: "route".into(),
                    reason: format!(
                        "resource class {class} for {} is not defined in the project, or its import could not be followed",
                        route.path
                    ),
                    file: file.clone(),
                    line: route.line,
                });
                continue;
            };
            let methods = methods_of(classes, &class_file, def);
            if methods.is_empty() {
                unresolved.push(Unresolved {
                    what: "route".into(),
                    reason: format!(
                        "resource class {class} for {} defines no get/post/put/patch/delete method (checked its project base classes)",
                        route.path
                    ),
                    file: file.clone(),
                    line: route.line,
                });
                continue;
            }
            let short = last(class);
            for m in methods {
                let mut r = route.clone();
                r.handler = format!("{short}.{m}");
                r.method = Some(m.to_ascii_uppercase());
                r.resource = None;
                copy.routes.push(r);
            }
        }
        out.insert(file.clone(), copy);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Language;
    use crate::scan::SourceFile;

    /// Scans one Python file the way the stage does (flask first, as `mod.rs`).
    fn scan_py(rel: &str, source: &str) -> FileFinds {
        let file = SourceFile {
            rel: rel.to_string(),
            abs: std::path::PathBuf::from(rel),
            language: Language::Python,
            bytes: source.as_bytes().to_vec(),
        };
        let tree = crate::code::parse_file(&file).expect("parses");
        let mut finds = FileFinds::new(rel);
        let root = tree.root_node();
        finds.bindings = super::super::syntax::python_bindings(root, source.as_bytes());
        super::super::flask::scan(root, source.as_bytes(), &mut finds);
        scan(root, source.as_bytes(), &mut finds);
        finds
    }

    fn routes(f: &FileFinds) -> Vec<String> {
        f.router
            .as_ref()
            .map(|rf| {
                rf.routes
                    .iter()
                    .map(|r| {
                        format!(
                            "{} {} {} {}",
                            r.router,
                            r.path,
                            r.resource.as_deref().unwrap_or("-"),
                            r.framework.as_deref().unwrap_or("-")
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn namespace_routes_on_classes_with_several_urls() {
        let src = r#"
from flask_restx import Namespace, Resource
ns = Namespace("users", description="x")
orders = Namespace("orders", path="/shop/orders/")

@ns.route("", "/all")
@ns.param("id", "x")
class UserList(Resource):
    def get(self): pass
    @ns.doc("x")
    def post(self): pass
    def helper(self): pass

@orders.route("/<int:id>")
class Order(Resource):
    def put(self, id): pass
"#;
        let f = scan_py("app/users.py", src);
        let rf = f.router.as_ref().expect("router file");
        assert_eq!(rf.routers.get("ns").map(String::as_str), Some("/users"));
        assert_eq!(
            rf.routers.get("orders").map(String::as_str),
            Some("/shop/orders")
        );
        assert_eq!(
            routes(&f),
            vec![
                "ns  UserList flask-restx",
                "ns /all UserList flask-restx",
                "orders /<int:id> Order flask-restx",
            ]
        );
        let user_list = f.py_classes.iter().find(|c| c.name == "UserList").unwrap();
        assert_eq!(
            user_list.methods.iter().collect::<Vec<_>>(),
            vec!["get", "post"]
        );
        assert!(f.unresolved.is_empty(), "{:?}", f.unresolved);
    }

    #[test]
    fn api_add_namespace_and_add_resource_wrappers() {
        let src = r#"
from flask import Blueprint
from flask_restful import Api
from .users import ns, other_ns
from .res import A, B

class ApiExt(Api):
    def add_org_resource(self, resource, *urls, **kwargs):
        return self.add_resource(resource, *urls, **kwargs)

bp = Blueprint("api", __name__, url_prefix="/api")
api = ApiExt(bp, prefix="/v1")
api.add_namespace(ns, "/people")
api.add_namespace(other_ns)
api.add_org_resource(A, "/a", "/a/<id>", endpoint="a")
api.add_resource(B, PATH)
"#;
        let f = scan_py("app/api.py", src);
        let rf = f.router.as_ref().expect("router file");
        assert_eq!(rf.routers.get("bp").map(String::as_str), Some("/api"));
        assert_eq!(rf.routers.get("api").map(String::as_str), Some("/v1"));
        let mounts: Vec<String> = rf
            .mounts
            .iter()
            .map(|m| format!("{} {:?} {} {}", m.parent, m.child, m.prefix, m.replaces_own))
            .collect();
        assert!(
            mounts.contains(&"bp Local(\"api\")  false".to_string()),
            "{mounts:?}"
        );
        assert!(
            mounts.contains(&"api Imported { name: \"ns\", attr: None } /people true".to_string()),
            "{mounts:?}"
        );
        assert!(
            mounts.contains(&"api Imported { name: \"other_ns\", attr: None }  false".to_string()),
            "{mounts:?}"
        );
        assert_eq!(
            routes(&f),
            vec!["api /a A flask-restful", "api /a/<id> A flask-restful"]
        );
        // The wrapper's own `self.add_resource(resource, *urls)` is not a
        // registration; only `PATH` is unresolved.
        assert_eq!(f.unresolved.len(), 1, "{:?}", f.unresolved);
        assert_eq!(f.unresolved[0].line, 16);
    }

    struct Fake(
        BTreeMap<String, Vec<PyClass>>,
        BTreeMap<(String, String), String>,
    );

    impl Classes for Fake {
        fn classes_of(&self, file: &str) -> Option<&[PyClass]> {
            self.0.get(file).map(Vec::as_slice)
        }
        fn import_of(&self, file: &str, name: &str) -> Option<(String, Option<String>)> {
            self.1
                .get(&(file.to_string(), name.to_string()))
                .map(|t| (t.clone(), Some(name.to_string())))
        }
    }

    fn class(name: &str, bases: &[&str], methods: &[&str]) -> PyClass {
        PyClass {
            name: name.into(),
            bases: bases.iter().map(|b| b.to_string()).collect(),
            methods: methods.iter().map(|m| m.to_string()).collect(),
        }
    }

    #[test]
    fn expand_follows_imports_and_base_classes() {
        let classes = Fake(
            BTreeMap::from([
                (
                    "res.py".to_string(),
                    vec![
                        class("Base", &["Resource"], &["get"]),
                        class("Item", &["Base"], &["delete"]),
                        class("Empty", &["Resource"], &[]),
                    ],
                ),
                ("api.py".to_string(), vec![]),
            ]),
            BTreeMap::from([
                (("api.py".into(), "Item".into()), "res.py".to_string()),
                (("api.py".into(), "Empty".into()), "res.py".to_string()),
            ]),
        );
        let mut rf = RouterFile {
            framework: "flask".into(),
            ..RouterFile::default()
        };
        for (i, class) in ["Item", "Empty", "Gone"].iter().enumerate() {
            rf.routes.push(resource_route(
                "api",
                format!("/{i}"),
                class,
                "flask-restful",
                i + 1,
            ));
        }
        let files = BTreeMap::from([("api.py".to_string(), &rf)]);
        let mut unresolved = Vec::new();
        let out = expand(&files, &classes, &mut unresolved);
        let got: Vec<String> = out["api.py"]
            .routes
            .iter()
            .map(|r| {
                format!(
                    "{} {} {}",
                    r.method.as_deref().unwrap_or("-"),
                    r.path,
                    r.handler
                )
            })
            .collect();
        assert_eq!(got, vec!["DELETE /0 Item.delete", "GET /0 Item.get"]);
        let lines: Vec<usize> = unresolved.iter().map(|u| u.line).collect();
        assert_eq!(lines, vec![2, 3], "{unresolved:?}");
    }

    #[test]
    fn markers_find_resource_files() {
        assert!(markers(b"from flask_restx import Namespace"));
        assert!(markers(b"class QueryResource(BaseResource):\n"));
        assert!(markers(b"api.add_org_resource(X, '/x')"));
        assert!(!markers(b"class Resourceful(object):\n    pass"));
    }
}
