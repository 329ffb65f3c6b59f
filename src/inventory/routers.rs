//! The router model Flask/FastAPI and Express/Koa share: router variables
//! with their own prefix, routes on them, and mounts (`app.use("/api",
//! router)`, `app.register_blueprint(bp, url_prefix=…)`) that put one router
//! under another, possibly across files. The linker composes prefixes along
//! the mount chain.

use super::syntax::join_path;
use super::{Endpoint, Unresolved};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Default, Clone)]
pub(crate) struct RouterFile {
    pub framework: String,
    /// Router variable → its own prefix (`Blueprint(url_prefix=…)`,
    /// `new Router({prefix})`, `APIRouter(prefix=…)`).
    pub routers: BTreeMap<String, String>,
    pub routes: Vec<RawRoute>,
    pub mounts: Vec<Mount>,
}

#[derive(Debug, Clone)]
pub(crate) struct RawRoute {
    /// The router variable the route is declared on.
    pub router: String,
    pub method: Option<String>,
    pub path: String,
    pub handler: String,
    /// The name to look up for the handler's file; `None` for an inline
    /// function (the handler is in this file).
    pub handler_root: Option<String>,
    pub line: usize,
    /// Overrides the file's framework (`flask-restx`, `flask-restful`).
    pub framework: Option<String>,
    /// A class-based resource (`@ns.route` on a `Resource`,
    /// `api.add_resource(X, …)`, `X.as_view(…)`): the class as written,
    /// expanded into one route per HTTP method at link time
    /// (`restful::expand`).
    pub resource: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Mount {
    pub parent: String,
    pub prefix: String,
    pub child: Child,
    /// The mount's prefix replaces the child's own prefix instead of going
    /// in front of it (`api.add_namespace(ns, "/x")` in Flask-RESTX).
    pub replaces_own: bool,
}

#[derive(Debug, Clone)]
pub(crate) enum Child {
    /// A router variable of the same file.
    Local(String),
    /// A name bound by an import, optionally an attribute of it
    /// (`items.router`): the router of that name in the imported file, or
    /// every router of that file for a default import.
    Imported { name: String, attr: Option<String> },
    /// `hook.value.routes()`: a router known only at run time.
    Dynamic(String),
}

/// A router: (file, variable). `*` stands for "every router of the file
/// that is not mounted inside it", what a default import usually means.
type Node = (String, String);

/// How to turn a name bound in a file into a file, and a handler into a
/// module.
pub(crate) trait Resolve {
    fn import_of(&self, file: &str, name: &str) -> Option<String>;
    fn imported_name(&self, file: &str, name: &str) -> Option<String>;
    fn follow_reexports(&self, file: &str, has_routers: &dyn Fn(&str) -> bool) -> String;
    fn handler_module(&self, file: &str, root: Option<&str>) -> (Option<String>, Option<String>);
}

pub(crate) fn link(
    files: &BTreeMap<String, &RouterFile>,
    resolve: &dyn Resolve,
    unresolved: &mut Vec<Unresolved>,
) -> Vec<Endpoint> {
    // child node → [(parent node, prefix, replaces the child's own prefix)]
    let mut parents: BTreeMap<Node, Vec<(Node, String, bool)>> = BTreeMap::new();
    let mut locally_mounted: BTreeSet<Node> = BTreeSet::new();
    let has_routers = |f: &str| files.contains_key(f);
    for (file, rf) in files {
        for m in &rf.mounts {
            let parent = router_node(file, rf, &m.parent, files, resolve);
            let child = match &m.child {
                Child::Local(var) => {
                    let node = (file.clone(), var.clone());
                    locally_mounted.insert(node.clone());
                    node
                }
                Child::Dynamic(_) => continue,
                Child::Imported { name, attr } => {
                    let Some(target) = resolve.import_of(file, name) else {
                        continue;
                    };
                    let target = resolve.follow_reexports(&target, &has_routers);
                    let var = match attr {
                        Some(a) => a.clone(),
                        None => match resolve.imported_name(file, name).as_deref() {
                            None | Some("default") | Some("*") => "*".to_string(),
                            Some(n) => n.to_string(),
                        },
                    };
                    (target, var)
                }
            };
            parents
                .entry(child)
                .or_default()
                .push((parent, m.prefix.clone(), m.replaces_own));
        }
    }
    let mut out = Vec::new();
    for (file, rf) in files {
        for route in &rf.routes {
            let node = router_node(file, rf, &route.router, files, resolve);
            let mut prefixes = BTreeSet::new();
            full_prefixes(&node, files, &parents, &locally_mounted, 0, &mut prefixes);
            if prefixes.len() > 4 {
                unresolved.push(Unresolved {
                    what: "route".into(),
                    reason: format!(
                        "router {} is mounted under {} prefixes; the first 4 are listed",
                        route.router,
                        prefixes.len()
                    ),
                    file: file.clone(),
                    line: route.line,
                });
            }
            let (module, handler_file) =
                resolve.handler_module(file, route.handler_root.as_deref());
            for prefix in prefixes.iter().take(4) {
                out.push(Endpoint {
                    framework: route.framework.clone().unwrap_or(rf.framework.clone()),
                    method: route.method.clone(),
                    path: join_path(prefix, &route.path),
                    handler: route.handler.clone(),
                    module: module.clone(),
                    file: file.clone(),
                    line: route.line,
                    handler_file: handler_file.clone(),
                });
            }
        }
    }
    out
}

/// The router a route is declared on: a router of the file, or one the
/// file imports (`from .api import users_ns` then `@users_ns.route(…)`),
/// which is the router of that name in the imported file.
fn router_node(
    file: &str,
    rf: &RouterFile,
    var: &str,
    files: &BTreeMap<String, &RouterFile>,
    resolve: &dyn Resolve,
) -> Node {
    if !rf.routers.contains_key(var) {
        if let Some(target) = resolve.import_of(file, var) {
            let has_routers = |f: &str| files.contains_key(f);
            let target = resolve.follow_reexports(&target, &has_routers);
            let name = match resolve.imported_name(file, var).as_deref() {
                None | Some("default") | Some("*") => var.to_string(),
                Some(n) => n.to_string(),
            };
            // Only a router that file really declares under that name.
            if target != file
                && files
                    .get(&target)
                    .is_some_and(|t| t.routers.contains_key(&name))
            {
                return (target, name);
            }
        }
    }
    (file.to_string(), var.to_string())
}

const MAX_DEPTH: usize = 12;

/// Every full prefix of a router: its own prefix under each chain of mounts.
fn full_prefixes(
    node: &Node,
    files: &BTreeMap<String, &RouterFile>,
    parents: &BTreeMap<Node, Vec<(Node, String, bool)>>,
    locally_mounted: &BTreeSet<Node>,
    depth: usize,
    out: &mut BTreeSet<String>,
) {
    let own = files
        .get(&node.0)
        .and_then(|rf| rf.routers.get(&node.1))
        .cloned()
        .unwrap_or_default();
    let mut ups: Vec<&(Node, String, bool)> = parents
        .get(node)
        .map(|v| v.iter().collect())
        .unwrap_or_default();
    if !locally_mounted.contains(node) && node.1 != "*" {
        if let Some(v) = parents.get(&(node.0.clone(), "*".to_string())) {
            ups.extend(v.iter());
        }
    }
    if ups.is_empty() || depth >= MAX_DEPTH {
        out.insert(own);
        return;
    }
    for (parent, mount_prefix, replaces_own) in ups {
        if parent == node {
            continue;
        }
        let mut above = BTreeSet::new();
        full_prefixes(
            parent,
            files,
            parents,
            locally_mounted,
            depth + 1,
            &mut above,
        );
        for p in above {
            let with_mount = join_path(&p, mount_prefix);
            out.insert(if own.is_empty() || *replaces_own {
                with_mount
            } else {
                join_path(&with_mount, &own)
            });
        }
    }
    if out.is_empty() {
        out.insert(own);
    }
}
