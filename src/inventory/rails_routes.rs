//! Rails `config/routes.rb` (and `config/routes/*.rb`), read the way the
//! router's DSL expands it, without booting the app: verbs (`get "/x" =>
//! "c#a"`, `post :approve`, `match … via:`), `root`, `resources`/`resource`
//! with `only`/`except`/`path`/`controller`/`param` and nested blocks,
//! `member`/`collection`, `namespace`, `scope`, `controller`, `constraints`,
//! `mount`. Each route gets its `controller#action`, resolved later to
//! `app/controllers/…_controller.rb`. Loops, unknown DSL calls with blocks
//! and interpolated paths are unresolved.

use super::rails_dsl::{join, join_module, normalize_path, Args};
use super::syntax::{line, named_children, rb_str, rb_str_list, text};
use super::{Endpoint, FileFinds};
use crate::inflect::{pluralize, singularize};
use tree_sitter::Node;

pub(crate) fn is_routes_file(rel: &str) -> bool {
    rel == "config/routes.rb"
        || rel.ends_with("/config/routes.rb")
        || (rel.contains("config/routes/") && rel.ends_with(".rb"))
}

#[derive(Debug, Clone, Default)]
struct Scope {
    /// Path prefix, e.g. `/mod` or `/stories/:story_id`.
    path: String,
    /// Controller namespace, e.g. `mod` or `admin/reports`.
    module: String,
    controller: Option<String>,
    resource: Option<Resource>,
    /// Inside `member do` / `collection do` of `resource`.
    on: Option<On>,
}

#[derive(Debug, Clone)]
struct Resource {
    /// Path of the collection (`/stories`) or singular resource (`/profile`).
    base: String,
    controller: String,
    /// `:id` by default.
    param: String,
    /// `story` for nested paths (`/stories/:story_id`).
    singular: String,
    singular_resource: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum On {
    Member,
    Collection,
}

const VERBS: &[&str] = &[
    "get", "post", "put", "patch", "delete", "options", "head", "match",
];
const TRANSPARENT_BLOCKS: &[&str] = &["constraints", "defaults", "with_options", "format"];
const LOOPS: &[&str] = &[
    "each",
    "each_with_index",
    "map",
    "times",
    "each_pair",
    "each_key",
    "flat_map",
];

pub(crate) fn scan(root: Node, src: &[u8], finds: &mut FileFinds) {
    let mut reader = Reader {
        src,
        finds,
        concerns: std::collections::BTreeMap::new(),
        depth: 0,
    };
    match draw_block(root, src) {
        Some(body) => reader.statements(body, &Scope::default()),
        // config/routes/*.rb drawn with `draw :name` hold bare DSL calls.
        None => reader.statements(root, &Scope::default()),
    }
}

/// The body of `….routes.draw do … end`.
fn draw_block<'t>(root: Node<'t>, src: &[u8]) -> Option<Node<'t>> {
    let mut found = None;
    super::syntax::each_node(root, |n| {
        if found.is_none()
            && n.kind() == "call"
            && n.child_by_field_name("method")
                .is_some_and(|m| text(m, src) == "draw")
            && n.child_by_field_name("receiver").is_some()
        {
            found = n.child_by_field_name("block");
        }
    });
    found
}

/// The statements of a block (`do … end` or `{ … }`) or a body node.
fn body_statements<'t>(node: Node<'t>) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    for child in named_children(node) {
        match child.kind() {
            "body_statement" | "block_body" => out.extend(named_children(child)),
            "block_parameters" => {}
            _ => out.push(child),
        }
    }
    out
}

struct Reader<'s, 'f, 't> {
    src: &'s [u8],
    finds: &'f mut FileFinds,
    /// `concern :name do … end` blocks, expanded where a resource uses them.
    concerns: std::collections::BTreeMap<String, Node<'t>>,
    /// Concern expansion depth, so a concern using itself cannot loop.
    depth: usize,
}

impl<'t> Reader<'_, '_, 't> {
    fn statements(&mut self, body: Node<'t>, scope: &Scope) {
        for stmt in body_statements(body) {
            self.statement(stmt, scope);
        }
    }

    fn statement(&mut self, stmt: Node<'t>, scope: &Scope) {
        match stmt.kind() {
            "call" | "identifier" => self.call(stmt, scope),
            "if" | "unless" | "then" | "else" | "elsif" | "begin" | "parenthesized_statements" => {
                for child in named_children(stmt) {
                    if matches!(
                        child.kind(),
                        "then" | "else" | "elsif" | "call" | "if" | "unless"
                    ) {
                        self.statement(child, scope);
                    }
                }
            }
            "for" | "while" | "until" => self.finds.unresolved(
                "route",
                "routes built in a loop; run `bin/rails routes` for the expanded list",
                line(stmt),
            ),
            "ERROR" => {
                self.finds
                    .unresolved("route", "syntax error in the routes file", line(stmt))
            }
            _ => {}
        }
    }

    fn call(&mut self, node: Node<'t>, scope: &Scope) {
        let src = self.src;
        let method = if node.kind() == "identifier" {
            text(node, src)
        } else {
            node.child_by_field_name("method")
                .map(|m| text(m, src))
                .unwrap_or("")
        };
        let receiver = node.child_by_field_name("receiver");
        let block = node.child_by_field_name("block");
        let args = Args::of(node, src);
        if receiver.is_some() {
            if LOOPS.contains(&method) && block.is_some() {
                self.finds.unresolved(
                    "route",
                    format!(
                        "routes built in a loop (.{method}); the paths are only known at run time"
                    ),
                    line(node),
                );
            } else if block.is_some() {
                self.finds.unresolved(
                    "route",
                    format!(
                        "routes inside {}: not expanded",
                        text(node, src).lines().next().unwrap_or("")
                    ),
                    line(node),
                );
            }
            return;
        }
        match method {
            m if VERBS.contains(&m) => self.verb(node, m, &args, scope),
            "root" => self.root(node, &args, scope),
            "resources" | "resource" => {
                self.resources(node, method == "resource", &args, block, scope)
            }
            "namespace" => {
                let Some(name) = args.positional_str(0) else {
                    return self.dynamic(node, "namespace");
                };
                let path = args.option("path").unwrap_or_else(|| name.clone());
                let inner = Scope {
                    path: join(&scope.path, &path),
                    module: join_module(&scope.module, &args.option("module").unwrap_or(name)),
                    controller: None,
                    resource: None,
                    on: None,
                };
                if let Some(b) = block {
                    self.statements(b, &inner);
                }
            }
            "scope" => {
                let mut inner = scope.clone();
                let path = args.positional_str(0).or_else(|| args.option("path"));
                if let Some(p) = path {
                    inner.path = join(&scope.path, &p);
                } else if !args.positional.is_empty() {
                    return self.dynamic(node, "scope");
                }
                if let Some(m) = args.option("module") {
                    inner.module = join_module(&scope.module, &m);
                }
                if let Some(c) = args.option("controller") {
                    inner.controller = Some(c);
                }
                if let Some(b) = block {
                    self.statements(b, &inner);
                }
            }
            "controller" => {
                let mut inner = scope.clone();
                inner.controller = args.positional_str(0);
                if let Some(b) = block {
                    self.statements(b, &inner);
                }
            }
            "member" | "collection" => {
                let mut inner = scope.clone();
                inner.on = Some(if method == "member" {
                    On::Member
                } else {
                    On::Collection
                });
                if scope.resource.is_none() {
                    self.finds.unresolved(
                        "route",
                        format!("{method} outside resources"),
                        line(node),
                    );
                }
                if let Some(b) = block {
                    self.statements(b, &inner);
                }
            }
            m if TRANSPARENT_BLOCKS.contains(&m) => {
                if let Some(b) = block {
                    self.statements(b, scope);
                }
            }
            "mount" => self.mount(node, &args, scope),
            "draw" => {} // config/routes/<name>.rb is read on its own.
            "devise_for" | "devise_scope" | "use_doorkeeper" => self.finds.unresolved(
                "route",
                format!("{method}: routes generated by a gem at boot time, not listed"),
                line(node),
            ),
            "concern" => match (args.positional_str(0), block) {
                (Some(name), Some(b)) => {
                    self.concerns.insert(name, b);
                }
                _ => self.dynamic(node, "concern"),
            },
            "concerns" => {
                let names: Vec<String> = args
                    .positional
                    .iter()
                    .filter_map(|n| rb_str_list(*n, self.src))
                    .flatten()
                    .collect();
                self.expand_concerns(node, &names, scope);
            }
            "direct" | "resolve" | "default_url_options" | "redirect" => {}
            m if LOOPS.contains(&m) => self.finds.unresolved(
                "route",
                "routes built in a loop; the paths are only known at run time",
                line(node),
            ),
            other => self.finds.unresolved(
                "route",
                format!(
                    "unknown routing call `{other}` (a helper or metaprogramming); not expanded"
                ),
                line(node),
            ),
        }
    }

    /// `concerns :commentable` or `resources :posts, concerns: […]`: the
    /// concern's routes, declared in the resource's scope.
    fn expand_concerns(&mut self, node: Node<'t>, names: &[String], scope: &Scope) {
        for name in names {
            match self.concerns.get(name).copied() {
                Some(block) if self.depth < 8 => {
                    self.depth += 1;
                    self.statements(block, scope);
                    self.depth -= 1;
                }
                Some(_) => self.finds.unresolved(
                    "route",
                    format!("concern {name:?} nests too deep (uses itself?)"),
                    line(node),
                ),
                None => self.finds.unresolved(
                    "route",
                    format!(
                        "concern {name:?} is not defined in this file; its routes are not listed"
                    ),
                    line(node),
                ),
            }
        }
    }

    fn dynamic(&mut self, node: Node, what: &str) {
        self.finds.unresolved(
            "route",
            format!("{what} with a name or path that is not a literal"),
            line(node),
        );
    }

    /// The path prefix for routes declared directly in `scope`.
    fn prefix(scope: &Scope) -> String {
        match (&scope.resource, scope.on) {
            (Some(r), Some(On::Member)) if !r.singular_resource => join(&r.base, &r.param),
            (Some(r), Some(_)) => r.base.clone(),
            (Some(r), None) if r.singular_resource => r.base.clone(),
            (Some(r), None) => join(
                &r.base,
                &format!(":{}_{}", r.singular, r.param.trim_start_matches(':')),
            ),
            (None, _) => scope.path.clone(),
        }
    }

    fn verb(&mut self, node: Node, verb: &str, args: &Args, scope: &Scope) {
        // `get "/x" => "c#a"`: the first pair's key is the path.
        let (path, to) = match (args.positional.first(), args.first_pair_path.clone()) {
            (Some(p), _) => match rb_str(*p, self.src) {
                Some(s) => (s, args.option("to")),
                None => return self.dynamic(node, verb),
            },
            (None, Some((p, to))) => (p, to.or_else(|| args.option("to"))),
            (None, None) => match args.option("to") {
                Some(to) => (String::new(), Some(to)),
                None => return self.dynamic(node, verb),
            },
        };
        let mut scope = scope.clone();
        match args.option("on").as_deref() {
            Some("member") => scope.on = Some(On::Member),
            Some("collection") => scope.on = Some(On::Collection),
            _ => {}
        }
        let full = join(&Self::prefix(&scope), &path);
        let handler = self.handler(&path, to, args, &scope, args.to_is_call.clone());
        let methods: Vec<Option<String>> = if verb == "match" {
            match args.via.clone() {
                Some(list) if list.iter().any(|v| v == "all") => vec![None],
                Some(list) => list.iter().map(|v| Some(v.to_ascii_uppercase())).collect(),
                None => vec![None],
            }
        } else {
            vec![Some(verb.to_ascii_uppercase())]
        };
        for method in methods {
            self.push(method, &full, &handler, line(node));
        }
    }

    /// `controller#action` for a verb route.
    fn handler(
        &self,
        path: &str,
        to: Option<String>,
        args: &Args,
        scope: &Scope,
        to_is_call: Option<String>,
    ) -> String {
        if let Some(call) = to_is_call {
            return call;
        }
        if let Some(to) = to {
            if let Some((c, a)) = to.split_once('#') {
                return format!("{}#{a}", join_module(&scope.module, c));
            }
            return to;
        }
        let action_from_path = path
            .trim_start_matches('/')
            .split('/')
            .rev()
            .find(|s| !s.is_empty() && !s.starts_with(':') && !s.starts_with('('))
            .map(|s| s.split(['(', '.']).next().unwrap_or(s).to_string())
            .unwrap_or_default();
        let action = args.option("action").unwrap_or(action_from_path);
        let controller = args
            .option("controller")
            .or_else(|| scope.controller.clone())
            .map(|c| join_module(&scope.module, &c))
            // A resource's controller already carries its namespace.
            .or_else(|| scope.resource.as_ref().map(|r| r.controller.clone()));
        match controller {
            Some(c) => format!("{c}#{action}"),
            None => {
                // `get "photos/search"` → photos#search.
                let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
                if segments.len() >= 2 {
                    let c = segments[..segments.len() - 1].join("/");
                    format!("{}#{action}", join_module(&scope.module, &c))
                } else {
                    format!("?#{action}")
                }
            }
        }
    }

    fn root(&mut self, node: Node, args: &Args, scope: &Scope) {
        let to = args.positional_str(0).or_else(|| args.option("to"));
        let handler = match to {
            Some(t) => match t.split_once('#') {
                Some((c, a)) => format!("{}#{a}", join_module(&scope.module, c)),
                None => t,
            },
            None => return self.dynamic(node, "root"),
        };
        let path = join(&scope.path, "");
        self.push(Some("GET".into()), &path, &handler, line(node));
    }

    fn mount(&mut self, node: Node, args: &Args, scope: &Scope) {
        let (app, at) = match (args.positional.first(), &args.first_pair_raw) {
            (Some(app), _) => (text(*app, self.src).to_string(), args.option("at")),
            (None, Some((app, at))) => (app.clone(), Some(at.clone())),
            _ => return self.dynamic(node, "mount"),
        };
        let Some(at) = at else {
            return self.dynamic(node, "mount");
        };
        let path = join(&scope.path, &at);
        self.push(None, &path, &app, line(node));
    }

    fn resources(
        &mut self,
        node: Node<'t>,
        singular: bool,
        args: &Args,
        block: Option<Node<'t>>,
        scope: &Scope,
    ) {
        let names: Vec<String> = args
            .positional
            .iter()
            .filter_map(|n| rb_str(*n, self.src))
            .collect();
        if names.is_empty() {
            return self.dynamic(node, if singular { "resource" } else { "resources" });
        }
        let only = args.list_option("only");
        let except = args.list_option("except").unwrap_or_default();
        for name in names {
            let segment = args.option("path").unwrap_or_else(|| name.clone());
            let base = join(&Self::prefix(scope), &segment);
            let controller = join_module(
                &args
                    .option("module")
                    .map(|m| join_module(&scope.module, &m))
                    .unwrap_or_else(|| scope.module.clone()),
                &args.option("controller").unwrap_or_else(|| {
                    // `resource :terms` keeps `terms`: ActiveSupport does
                    // not pluralize a plural again.
                    if singular && singularize(&name) == name {
                        pluralize(&name)
                    } else {
                        name.clone()
                    }
                }),
            );
            let param = format!(":{}", args.option("param").unwrap_or_else(|| "id".into()));
            let actions: &[(&str, &str, &str)] = if singular {
                &[
                    ("create", "POST", ""),
                    ("new", "GET", "new"),
                    ("edit", "GET", "edit"),
                    ("show", "GET", ""),
                    ("update", "PATCH", ""),
                    ("update", "PUT", ""),
                    ("destroy", "DELETE", ""),
                ]
            } else {
                &[
                    ("index", "GET", ""),
                    ("create", "POST", ""),
                    ("new", "GET", "new"),
                    ("edit", "GET", ":id/edit"),
                    ("show", "GET", ":id"),
                    ("update", "PATCH", ":id"),
                    ("update", "PUT", ":id"),
                    ("destroy", "DELETE", ":id"),
                ]
            };
            for (action, method, suffix) in actions {
                let wanted = only.as_ref().is_none_or(|o| o.iter().any(|x| x == action))
                    && !except.iter().any(|x| x == action);
                if !wanted {
                    continue;
                }
                let path = join(&base, &suffix.replace(":id", &param));
                self.push(
                    Some((*method).into()),
                    &path,
                    &format!("{controller}#{action}"),
                    line(node),
                );
            }
            let inner = Scope {
                path: base.clone(),
                module: scope.module.clone(),
                controller: None,
                resource: Some(Resource {
                    base: base.clone(),
                    controller: controller.clone(),
                    param: param.clone(),
                    singular: singularize(&name),
                    singular_resource: singular,
                }),
                on: None,
            };
            if let Some(used) = args.list_option("concerns") {
                self.expand_concerns(node, &used, &inner);
            }
            if let Some(b) = block {
                self.statements(b, &inner);
            }
        }
    }

    fn push(&mut self, method: Option<String>, path: &str, handler: &str, line: usize) {
        let path = normalize_path(path);
        self.finds.endpoints.push(Endpoint {
            framework: "rails".into(),
            method,
            path,
            handler: handler.to_string(),
            module: None,
            file: self.finds.file.clone(),
            line,
            handler_file: None,
        });
    }
}
