//! NestJS, read from its decorators:
//!
//! - HTTP: `@Controller()`, `@Controller('users')`, `@Controller(['a', 'b'])`,
//!   `@Controller({ path, version })` with `@Get/@Post/@Put/@Patch/@Delete/
//!   @Options/@Head/@All/@Search/@Sse(path?)` methods (array paths too) and
//!   `@Version('2')` on a method. The bootstrap's `app.setGlobalPrefix('api',
//!   { exclude })` and `app.enableVersioning({ type: VersioningType.URI,
//!   defaultVersion, prefix })` are joined in the order Nest's
//!   `RoutePathFactory` uses: global prefix, `v<version>`, controller path,
//!   method path. A bootstrap applies to the controllers of its app: the
//!   folder above its `src/` (`apps/api/src/bootstrap.ts` → `apps/api/`).
//! - GraphQL code-first: `@Query`, `@Mutation` and `@Subscription` methods of
//!   a `@Resolver()` class are root fields (`QUERY Query.me`), named by the
//!   method or the `name:` option. `@ResolveField` is not a root field.
//! - Jobs: `@Processor('queue')` with `@Process('name')` methods (Bull) or a
//!   `process` method (BullMQ's `WorkerHost`); `@Cron`, `@Interval` and
//!   `@Timeout` (@nestjs/schedule).
//! - Events consumed: `@EventPattern` / `@MessagePattern` (microservices) and
//!   `@OnEvent` (event-emitter).
//!
//! A path, name or prefix held in a variable resolves when it is a `const`
//! with a literal string in the same file; otherwise it is an unresolved
//! entry at its line. `RouterModule.register([{ path, module, children }])`
//! puts its path before the controllers of each module's `@Module({
//! controllers })`, found through the imports (Nest: version, module path,
//! controller path).

use super::syntax::{callee_name, each_node, join_path, js_args, js_object, js_str, line, text};
use super::{Endpoint, Event, FileFinds, Input, Job};
use regex::bytes::Regex;
use std::collections::BTreeMap;
use std::sync::OnceLock;
use tree_sitter::Node;

const FRAMEWORK: &str = "nestjs";

/// HTTP method decorators of `@nestjs/common` → the method (`None` for `@All`).
const VERBS: &[(&str, Option<&str>)] = &[
    ("Get", Some("GET")),
    ("Post", Some("POST")),
    ("Put", Some("PUT")),
    ("Patch", Some("PATCH")),
    ("Delete", Some("DELETE")),
    ("Options", Some("OPTIONS")),
    ("Head", Some("HEAD")),
    ("Search", Some("SEARCH")),
    ("Sse", Some("GET")),
    ("All", None),
];

const ROOT_FIELDS: &[(&str, &str, &str)] = &[
    ("Query", "QUERY", "Query"),
    ("Mutation", "MUTATION", "Mutation"),
    ("Subscription", "SUBSCRIPTION", "Subscription"),
];

/// Whether a file may hold something this reader looks for.
pub(crate) fn markers(bytes: &[u8]) -> bool {
    static CELL: OnceLock<Option<Regex>> = OnceLock::new();
    CELL.get_or_init(|| {
        Regex::new(
            r"(?-u)@(Controller|Get|Post|Put|Patch|Delete|Options|Head|All|Search|Sse|Resolver|Mutation|Subscription|Processor|Process|Cron|Interval|Timeout|EventPattern|MessagePattern|OnEvent|Module)\s*\(|setGlobalPrefix|enableVersioning|RouterModule\s*\.\s*register",
        )
        .ok()
    })
    .as_ref()
    .is_some_and(|r| r.is_match(bytes))
}

/// A URI version: a value, or `VERSION_NEUTRAL` (no version segment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Version {
    Neutral,
    Value(String),
}

#[derive(Debug, Clone)]
pub(crate) struct Route {
    pub method: Option<String>,
    pub paths: Vec<String>,
    pub version: Option<Vec<Version>>,
    /// `ClassName.method`.
    pub handler: String,
    pub line: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct Controller {
    pub class: String,
    pub paths: Vec<String>,
    pub version: Option<Vec<Version>>,
    pub routes: Vec<Route>,
}

/// A global-prefix exclusion: a path (`health`, `docs/(.*)`), with a method
/// when the `{ path, method }` form gives one.
#[derive(Debug, Clone)]
pub(crate) struct Exclude {
    pub path: String,
    pub method: Option<String>,
}

/// What a bootstrap file sets for its app. `None` when not set in this file.
#[derive(Debug, Clone, Default)]
pub(crate) struct AppSettings {
    /// The global prefix; its literal part (often `Some("")`) when it is set
    /// but cannot be read (then an unresolved entry says so).
    pub prefix: Option<String>,
    pub excludes: Vec<Exclude>,
    pub versioning: Option<Versioning>,
}

#[derive(Debug, Clone)]
pub(crate) struct Versioning {
    /// Only URI versioning puts the version in the path.
    pub uri: bool,
    /// `v` unless `prefix:` says otherwise (`false` → empty).
    pub prefix: String,
    pub default: Option<Vec<Version>>,
}

#[derive(Debug, Default)]
pub(crate) struct NestFile {
    pub controllers: Vec<Controller>,
    pub settings: Option<AppSettings>,
    /// `@Module({ controllers: [A, B] })`: module class → controller names.
    pub modules: BTreeMap<String, Vec<String>>,
    /// `RouterModule.register(…)`: (full path, module name, line), children
    /// already joined to their parents' paths.
    pub router_paths: Vec<(String, String, usize)>,
}

/// A decorator as written: its name and arguments (empty for `@Foo`).
struct Decorator<'t> {
    name: String,
    args: Vec<Node<'t>>,
    line: usize,
}

fn decorator<'t>(n: Node<'t>, src: &[u8]) -> Option<Decorator<'t>> {
    let expr = super::syntax::named_children(n).into_iter().next()?;
    let (name, args) = match expr.kind() {
        "call_expression" => {
            let function = expr.child_by_field_name("function")?;
            (callee_name(function, src).to_string(), js_args(expr))
        }
        "identifier" | "member_expression" => (callee_name(expr, src).to_string(), Vec::new()),
        _ => return None,
    };
    Some(Decorator {
        name,
        args,
        line: line(n),
    })
}

/// Top-level `const X = "…"` (also exported, and `as const`) → value.
fn string_consts(root: Node, src: &[u8]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for stmt in super::syntax::named_children(root) {
        let decl = if stmt.kind() == "export_statement" {
            match stmt.child_by_field_name("declaration") {
                Some(d) => d,
                None => continue,
            }
        } else {
            stmt
        };
        if decl.kind() != "lexical_declaration" || !text(decl, src).starts_with("const") {
            continue;
        }
        for d in super::syntax::named_children(decl) {
            if d.kind() != "variable_declarator" {
                continue;
            }
            let (Some(name), Some(value)) = (
                d.child_by_field_name("name"),
                d.child_by_field_name("value"),
            ) else {
                continue;
            };
            if name.kind() != "identifier" {
                continue;
            }
            if let Some(v) = js_str(unwrap_expr(value), src) {
                out.insert(text(name, src).to_string(), v);
            }
        }
    }
    out
}

/// `x as const`, `x satisfies T`, `(x)` → `x`.
fn unwrap_expr(mut n: Node) -> Node {
    for _ in 0..4 {
        match n.kind() {
            "as_expression" | "satisfies_expression" | "parenthesized_expression" => {
                match super::syntax::named_children(n).first() {
                    Some(inner) => n = *inner,
                    None => return n,
                }
            }
            _ => return n,
        }
    }
    n
}

/// A string, a same-file string const, or a template whose every `${}` is
/// one of those.
fn str_value(n: Node, src: &[u8], consts: &BTreeMap<String, String>) -> Option<String> {
    let n = unwrap_expr(n);
    match n.kind() {
        "identifier" => consts.get(text(n, src)).cloned(),
        "template_string" => {
            let mut out = String::new();
            let mut cursor = n.walk();
            for part in n.children(&mut cursor) {
                match part.kind() {
                    "string_fragment" | "escape_sequence" => out.push_str(text(part, src)),
                    "template_substitution" => {
                        let inner = super::syntax::named_children(part).into_iter().next()?;
                        out.push_str(&str_value(inner, src, consts)?);
                    }
                    _ => {}
                }
            }
            Some(out)
        }
        _ => js_str(n, src),
    }
}

/// A string or an array of strings (every item must resolve).
fn str_values(n: Node, src: &[u8], consts: &BTreeMap<String, String>) -> Option<Vec<String>> {
    let n = unwrap_expr(n);
    if n.kind() == "array" {
        super::syntax::named_children(n)
            .into_iter()
            .map(|i| str_value(i, src, consts))
            .collect()
    } else {
        str_value(n, src, consts).map(|s| vec![s])
    }
}

/// `'2'`, `['1', '2']`, `VERSION_NEUTRAL`.
fn versions(n: Node, src: &[u8], consts: &BTreeMap<String, String>) -> Option<Vec<Version>> {
    let n = unwrap_expr(n);
    let one = |i: Node| -> Option<Version> {
        let i = unwrap_expr(i);
        if text(i, src).ends_with("VERSION_NEUTRAL") {
            Some(Version::Neutral)
        } else {
            str_value(i, src, consts).map(Version::Value)
        }
    };
    if n.kind() == "array" {
        super::syntax::named_children(n)
            .into_iter()
            .map(one)
            .collect()
    } else {
        one(n).map(|v| vec![v])
    }
}

fn short(n: Node, src: &[u8]) -> String {
    let t: String = text(n, src)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    t.chars().take(60).collect()
}

pub(crate) fn scan(root: Node, src: &[u8], finds: &mut FileFinds) {
    if !markers(src) {
        return;
    }
    let consts = string_consts(root, src);
    let mut nest = NestFile::default();
    each_node(root, |n| match n.kind() {
        "class_declaration" | "abstract_class_declaration" | "class" => {
            class(n, src, &consts, &mut nest, finds)
        }
        "call_expression" => app_call(n, src, &consts, &mut nest, finds),
        _ => {}
    });
    if !nest.controllers.is_empty()
        || nest.settings.is_some()
        || !nest.modules.is_empty()
        || !nest.router_paths.is_empty()
    {
        finds.nest = Some(nest);
    }
}

/// The decorators on a class: its own, and those written before `export`.
fn class_decorators<'t>(n: Node<'t>, src: &[u8]) -> Vec<Decorator<'t>> {
    let mut nodes: Vec<Node> = Vec::new();
    if let Some(parent) = n.parent() {
        if parent.kind() == "export_statement" {
            nodes.extend(
                super::syntax::named_children(parent)
                    .into_iter()
                    .filter(|c| c.kind() == "decorator"),
            );
        }
    }
    nodes.extend(
        super::syntax::named_children(n)
            .into_iter()
            .filter(|c| c.kind() == "decorator"),
    );
    nodes
        .into_iter()
        .filter_map(|d| decorator(d, src))
        .collect()
}

/// Each method of a class body with the decorators written above it.
fn methods<'t>(body: Node<'t>, src: &[u8]) -> Vec<(String, Node<'t>, Vec<Decorator<'t>>)> {
    let mut out = Vec::new();
    let mut pending = Vec::new();
    for member in super::syntax::named_children(body) {
        match member.kind() {
            "decorator" => pending.extend(decorator(member, src)),
            "method_definition" => {
                let name = member
                    .child_by_field_name("name")
                    .map(|x| text(x, src).to_string())
                    .unwrap_or_default();
                // Decorators the grammar puts inside the method node.
                let mut decos = std::mem::take(&mut pending);
                decos.extend(
                    super::syntax::named_children(member)
                        .into_iter()
                        .filter(|c| c.kind() == "decorator")
                        .filter_map(|d| decorator(d, src)),
                );
                out.push((name, member, decos));
            }
            _ => pending.clear(),
        }
    }
    out
}

fn class(
    n: Node,
    src: &[u8],
    consts: &BTreeMap<String, String>,
    nest: &mut NestFile,
    finds: &mut FileFinds,
) {
    let Some(body) = n.child_by_field_name("body") else {
        return;
    };
    let class_name = n
        .child_by_field_name("name")
        .map(|x| text(x, src).to_string())
        .unwrap_or_else(|| "default".to_string());
    let decos = class_decorators(n, src);
    let find = |name: &str| decos.iter().find(|d| d.name == name);
    let methods = methods(body, src);

    match find("Controller") {
        Some(d) => controller(d, &class_name, &methods, src, consts, nest, finds),
        None => {
            if let Some((_, _, d)) = methods.iter().find_map(|(m, node, ds)| {
                ds.iter()
                    .find(|d| VERBS.iter().any(|(v, _)| *v == d.name))
                    .map(|d| (m, node, d))
            }) {
                finds.unresolved(
                    "route",
                    format!("@{}() in class {class_name}, which has no @Controller(): a base class whose routes the subclasses inherit; not listed", d.name),
                    d.line,
                );
            }
        }
    }
    if find("Resolver").is_some() {
        resolver(&class_name, &methods, src, consts, finds);
    } else if let Some(d) = methods.iter().find_map(|(_, _, ds)| {
        ds.iter()
            .find(|d| matches!(d.name.as_str(), "Mutation" | "Subscription"))
    }) {
        finds.unresolved(
            "route",
            format!(
                "@{}() in class {class_name}, which has no @Resolver(): not listed",
                d.name
            ),
            d.line,
        );
    }
    if let Some(d) = find("Module") {
        let controllers = d
            .args
            .first()
            .map(|a| js_object(unwrap_expr(*a), src))
            .unwrap_or_default()
            .into_iter()
            .find(|(k, _)| k == "controllers")
            .map(|(_, v)| {
                super::syntax::named_children(unwrap_expr(v))
                    .into_iter()
                    .filter(|c| c.kind() == "identifier")
                    .map(|c| text(c, src).to_string())
                    .collect()
            })
            .unwrap_or_default();
        nest.modules.insert(class_name.clone(), controllers);
    }
    if let Some(d) = find("Processor") {
        processor(d, &class_name, n, &methods, src, consts, finds);
    }
    for (method, _, ds) in &methods {
        for d in ds {
            schedule(d, &class_name, method, src, consts, finds);
            event(d, method, &class_name, src, consts, finds);
        }
    }
}

fn controller(
    d: &Decorator,
    class_name: &str,
    methods: &[(String, Node, Vec<Decorator>)],
    src: &[u8],
    consts: &BTreeMap<String, String>,
    nest: &mut NestFile,
    finds: &mut FileFinds,
) {
    let mut paths = vec![String::new()];
    let mut version = None;
    if let Some(arg) = d.args.first() {
        let arg = unwrap_expr(*arg);
        if arg.kind() == "object" {
            for (key, value) in js_object(arg, src) {
                match key.as_str() {
                    "path" => match str_values(value, src, consts) {
                        Some(p) => paths = p,
                        None => {
                            finds.unresolved(
                                "route",
                                format!(
                                    "@Controller() of {class_name} with a path that is not a literal ({}): its routes are not listed",
                                    short(value, src)
                                ),
                                d.line,
                            );
                            return;
                        }
                    },
                    "version" => match versions(value, src, consts) {
                        Some(v) => version = Some(v),
                        None => finds.unresolved(
                            "route",
                            format!(
                                "@Controller() of {class_name} with a version that is not a literal ({}): its routes are listed without it",
                                short(value, src)
                            ),
                            d.line,
                        ),
                    },
                    _ => {}
                }
            }
        } else {
            match str_values(arg, src, consts) {
                Some(p) => paths = p,
                None => {
                    finds.unresolved(
                        "route",
                        format!(
                            "@Controller({}) of {class_name}: the path is not a literal, its routes are not listed",
                            short(arg, src)
                        ),
                        d.line,
                    );
                    return;
                }
            }
        }
    }
    let mut routes = Vec::new();
    for (method, _, decos) in methods {
        let method_version = decos
            .iter()
            .find(|x| x.name == "Version")
            .and_then(|x| match x.args.first() {
                Some(a) => match versions(*a, src, consts) {
                    Some(v) => Some(v),
                    None => {
                        finds.unresolved(
                            "route",
                            format!(
                                "@Version({}) on {class_name}.{method} is not a literal: listed with the controller's version",
                                short(*a, src)
                            ),
                            x.line,
                        );
                        None
                    }
                },
                None => None,
            });
        for x in decos {
            let Some((_, verb)) = VERBS.iter().find(|(v, _)| *v == x.name) else {
                continue;
            };
            let route_paths = match x.args.first() {
                None => Some(vec![String::new()]),
                Some(a) => str_values(*a, src, consts),
            };
            let Some(route_paths) = route_paths else {
                finds.unresolved(
                    "route",
                    format!(
                        "@{}({}) on {class_name}.{method}: the path is not a literal",
                        x.name,
                        x.args.first().map(|a| short(*a, src)).unwrap_or_default()
                    ),
                    x.line,
                );
                continue;
            };
            routes.push(Route {
                method: verb.map(str::to_string),
                paths: route_paths,
                version: method_version.clone(),
                handler: format!("{class_name}.{method}"),
                line: x.line,
            });
        }
    }
    nest.controllers.push(Controller {
        class: class_name.to_string(),
        paths,
        version,
        routes,
    });
}

fn resolver(
    class_name: &str,
    methods: &[(String, Node, Vec<Decorator>)],
    src: &[u8],
    consts: &BTreeMap<String, String>,
    finds: &mut FileFinds,
) {
    for (method, _, decos) in methods {
        for d in decos {
            let Some((_, op, root)) = ROOT_FIELDS.iter().find(|(n, _, _)| *n == d.name) else {
                continue;
            };
            // `@Query('name')`, `@Query(() => T, { name })`, `@Query({ name })`.
            let mut name = Some(method.clone());
            for a in &d.args {
                let a = unwrap_expr(*a);
                if a.kind() == "object" {
                    if let Some((_, v)) = js_object(a, src).into_iter().find(|(k, _)| k == "name") {
                        name = str_value(v, src, consts);
                    }
                } else if matches!(a.kind(), "string" | "template_string") {
                    name = str_value(a, src, consts);
                }
            }
            let Some(name) = name else {
                finds.unresolved(
                    "route",
                    format!(
                        "@{}() on {class_name}.{method} with a name that is not a literal",
                        d.name
                    ),
                    d.line,
                );
                continue;
            };
            finds.endpoints.push(Endpoint {
                framework: FRAMEWORK.into(),
                method: Some((*op).to_string()),
                path: format!("{root}.{name}"),
                handler: format!("{class_name}.{method}"),
                module: None,
                file: finds.file.clone(),
                line: d.line,
                handler_file: Some(finds.file.clone()),
            });
        }
    }
}

fn push_job(
    finds: &mut FileFinds,
    name: String,
    kind: &str,
    schedule: Option<String>,
    queue: Option<String>,
    runs: String,
    line: usize,
) {
    finds.jobs.push(Job {
        framework: FRAMEWORK.into(),
        name,
        kind: kind.into(),
        schedule,
        module: None,
        file: finds.file.clone(),
        line,
        queue,
        runs: Some(runs),
    });
}

/// `'q'`, `{ name: 'q' }`, a same-file const; else the expression as written.
fn name_arg(n: Node, src: &[u8], consts: &BTreeMap<String, String>) -> String {
    let n = unwrap_expr(n);
    if n.kind() == "object" {
        if let Some((_, v)) = js_object(n, src).into_iter().find(|(k, _)| k == "name") {
            return name_arg(v, src, consts);
        }
    }
    str_value(n, src, consts).unwrap_or_else(|| short(n, src))
}

fn processor(
    d: &Decorator,
    class_name: &str,
    class: Node,
    methods: &[(String, Node, Vec<Decorator>)],
    src: &[u8],
    consts: &BTreeMap<String, String>,
    finds: &mut FileFinds,
) {
    let queue = d.args.first().map(|a| name_arg(*a, src, consts));
    let queue_label = queue.clone().unwrap_or_else(|| class_name.to_string());
    let mut any = false;
    for (method, _, decos) in methods {
        for p in decos.iter().filter(|x| x.name == "Process") {
            let job = p
                .args
                .first()
                .filter(|a| unwrap_expr(**a).kind() != "object" || has_name(**a, src))
                .map(|a| name_arg(*a, src, consts));
            let name = match job {
                Some(j) => format!("{queue_label}: {j}"),
                None => queue_label.clone(),
            };
            push_job(
                finds,
                name,
                "processor",
                None,
                queue.clone(),
                format!("{class_name}.{method}"),
                p.line,
            );
            any = true;
        }
    }
    if !any {
        // BullMQ: `class X extends WorkerHost { async process(job) {…} }`.
        let runs = if methods.iter().any(|(m, _, _)| m == "process") {
            format!("{class_name}.process")
        } else {
            class_name.to_string()
        };
        push_job(
            finds,
            queue_label,
            "processor",
            None,
            queue,
            runs,
            line(class).max(d.line),
        );
    }
}

fn has_name(n: Node, src: &[u8]) -> bool {
    js_object(unwrap_expr(n), src)
        .iter()
        .any(|(k, _)| k == "name")
}

/// `@Cron(expr, { name })`, `@Interval([name,] ms)`, `@Timeout([name,] ms)`.
fn schedule(
    d: &Decorator,
    class_name: &str,
    method: &str,
    src: &[u8],
    consts: &BTreeMap<String, String>,
    finds: &mut FileFinds,
) {
    let runs = format!("{class_name}.{method}");
    let (name, when) = match d.name.as_str() {
        "Cron" => {
            let Some(expr) = d.args.first() else {
                return;
            };
            let name = d
                .args
                .get(1)
                .filter(|o| has_name(**o, src))
                .map(|o| name_arg(*o, src, consts));
            (name, name_arg(*expr, src, consts))
        }
        "Interval" | "Timeout" => {
            let (name, ms) = match d.args.as_slice() {
                [ms] => (None, *ms),
                [name, ms, ..] => (Some(name_arg(*name, src, consts)), *ms),
                [] => return,
            };
            let every = if d.name == "Interval" {
                "every"
            } else {
                "once, after"
            };
            (name, format!("{every} {} ms", short(ms, src)))
        }
        _ => return,
    };
    push_job(
        finds,
        name.unwrap_or_else(|| runs.clone()),
        "schedule",
        Some(when),
        None,
        runs,
        d.line,
    );
}

/// `@EventPattern('x', Transport.KAFKA)`, `@MessagePattern({ cmd: 'x' })`,
/// `@OnEvent('order.*')`, `@OnEvent(['a', 'b'])`: events consumed.
fn event(
    d: &Decorator,
    method: &str,
    class_name: &str,
    src: &[u8],
    consts: &BTreeMap<String, String>,
    finds: &mut FileFinds,
) {
    let transport = match d.name.as_str() {
        "EventPattern" | "MessagePattern" => d
            .args
            .get(1)
            .map(|t| {
                let t = text(*t, src);
                match t.rsplit('.').next().unwrap_or(t) {
                    "KAFKA" => "kafka",
                    "RMQ" => "rabbitmq",
                    "REDIS" => "redis",
                    "NATS" => "nats",
                    "MQTT" => "mqtt",
                    "GRPC" => "grpc",
                    "TCP" => "tcp",
                    _ => "microservices",
                }
            })
            .unwrap_or("microservices"),
        "OnEvent" => "event-emitter",
        _ => return,
    };
    let Some(arg) = d.args.first() else {
        return;
    };
    let a = unwrap_expr(*arg);
    let names = if a.kind() == "object" {
        Some(vec![short(a, src)])
    } else {
        str_values(a, src, consts)
    };
    let Some(names) = names else {
        finds.unresolved(
            "event",
            format!(
                "@{}({}) on {class_name}.{method}: the event name is not a literal",
                d.name,
                short(a, src)
            ),
            d.line,
        );
        return;
    };
    for name in names {
        finds.events.push(Event {
            name,
            role: "consume".into(),
            transport: Some(transport.to_string()),
            module: None,
            file: finds.file.clone(),
            line: d.line,
        });
    }
}

/// `app.setGlobalPrefix(…)`, `app.enableVersioning(…)`, `RouterModule.register(…)`.
fn app_call(
    n: Node,
    src: &[u8],
    consts: &BTreeMap<String, String>,
    nest: &mut NestFile,
    finds: &mut FileFinds,
) {
    let Some(function) = n.child_by_field_name("function") else {
        return;
    };
    if function.kind() != "member_expression" {
        return;
    }
    let name = callee_name(function, src);
    let args = js_args(n);
    match name {
        "setGlobalPrefix" => {
            let settings = nest.settings.get_or_insert_with(AppSettings::default);
            let Some(first) = args.first() else {
                return;
            };
            match str_value(*first, src, consts) {
                Some(p) => settings.prefix = Some(p),
                None => {
                    // `${CONTEXT_PATH}v1` (novu's worker): keep the literal parts.
                    let literal = literal_parts(*first, src);
                    let listed = if literal.is_empty() {
                        "without it".to_string()
                    } else {
                        format!("with {literal:?}, its literal part")
                    };
                    finds.unresolved(
                        "route",
                        format!(
                            "setGlobalPrefix({}): the prefix is not a literal; this app's routes are listed {listed}",
                            short(*first, src)
                        ),
                        line(n),
                    );
                    settings.prefix = Some(literal);
                }
            }
            if let Some(opts) = args.get(1) {
                if let Some((_, list)) = js_object(unwrap_expr(*opts), src)
                    .into_iter()
                    .find(|(k, _)| k == "exclude")
                {
                    for item in super::syntax::named_children(unwrap_expr(list)) {
                        let item = unwrap_expr(item);
                        let ex = if item.kind() == "object" {
                            let pairs = js_object(item, src);
                            let path = pairs
                                .iter()
                                .find(|(k, _)| k == "path")
                                .and_then(|(_, v)| str_value(*v, src, consts));
                            let method = pairs.iter().find(|(k, _)| k == "method").map(|(_, v)| {
                                let t = text(*v, src);
                                t.rsplit('.').next().unwrap_or(t).to_string()
                            });
                            path.map(|path| Exclude { path, method })
                        } else {
                            str_value(item, src, consts).map(|path| Exclude { path, method: None })
                        };
                        match ex {
                            Some(e) => settings.excludes.push(e),
                            None => finds.unresolved(
                                "route",
                                format!(
                                    "setGlobalPrefix exclude {} is not a literal: ignored",
                                    short(item, src)
                                ),
                                line(item),
                            ),
                        }
                    }
                }
            }
        }
        "enableVersioning" => {
            let settings = nest.settings.get_or_insert_with(AppSettings::default);
            let pairs = args
                .first()
                .map(|a| js_object(unwrap_expr(*a), src))
                .unwrap_or_default();
            let get = |k: &str| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| *v);
            let uri = get("type").is_some_and(|t| text(t, src).ends_with("URI"));
            let prefix = match get("prefix") {
                None => "v".to_string(),
                Some(p) if text(p, src) == "false" => String::new(),
                Some(p) => match str_value(p, src, consts) {
                    Some(s) => s,
                    None => {
                        // `${CONTEXT_PATH}v` (novu): keep the literal parts.
                        let literal = literal_parts(p, src);
                        finds.unresolved(
                            "route",
                            format!(
                                "enableVersioning prefix {} is not a literal: the routes use {literal:?}, its literal part",
                                short(p, src)
                            ),
                            line(p),
                        );
                        literal
                    }
                },
            };
            let default = match get("defaultVersion") {
                None => None,
                Some(v) => {
                    let parsed = versions(v, src, consts);
                    if parsed.is_none() {
                        finds.unresolved(
                            "route",
                            format!(
                                "enableVersioning defaultVersion {} is not a literal: controllers without a version are listed without one",
                                short(v, src)
                            ),
                            line(v),
                        );
                    }
                    parsed
                }
            };
            settings.versioning = Some(Versioning {
                uri,
                prefix,
                default,
            });
        }
        "register" if callee_object_is(function, src, "RouterModule") => {
            if let Some(list) = args.first() {
                router_routes(*list, "", src, consts, nest, finds);
            }
        }
        _ => {}
    }
}

/// `[{ path: 'admin', module: AdminModule, children: [...] }]`, recursively.
fn router_routes(
    list: Node,
    parent: &str,
    src: &[u8],
    consts: &BTreeMap<String, String>,
    nest: &mut NestFile,
    finds: &mut FileFinds,
) {
    let list = unwrap_expr(list);
    if list.kind() != "array" {
        finds.unresolved(
            "route",
            format!(
                "RouterModule.register({}) is not an array literal: its module paths are not applied",
                short(list, src)
            ),
            line(list),
        );
        return;
    }
    for item in super::syntax::named_children(list) {
        let pairs = js_object(unwrap_expr(item), src);
        let get = |k: &str| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| *v);
        let path = match get("path") {
            None => Some(String::new()),
            Some(p) => str_value(p, src, consts),
        };
        let Some(path) = path else {
            finds.unresolved(
                "route",
                format!(
                    "RouterModule path {} is not a literal: not applied",
                    short(item, src)
                ),
                line(item),
            );
            continue;
        };
        let full = join_path(parent, &path);
        if let Some(m) = get("module").filter(|m| m.kind() == "identifier") {
            nest.router_paths
                .push((full.clone(), text(m, src).to_string(), line(item)));
        }
        if let Some(children) = get("children") {
            router_routes(children, &full, src, consts, nest, finds);
        }
    }
}

fn callee_object_is(function: Node, src: &[u8], name: &str) -> bool {
    super::syntax::callee_object(function, src) == name
}

/// The literal fragments of a template string (substitutions dropped).
fn literal_parts(n: Node, src: &[u8]) -> String {
    let n = unwrap_expr(n);
    if n.kind() != "template_string" {
        return String::new();
    }
    let mut out = String::new();
    let mut cursor = n.walk();
    for part in n.children(&mut cursor) {
        if part.kind() == "string_fragment" {
            out.push_str(text(part, src));
        }
    }
    out
}

/// The folder an app's bootstrap governs: the part before its last `src/`
/// (`apps/api/src/bootstrap.ts` → `apps/api/`), else the file's folder.
fn scope_of(file: &str) -> String {
    if let Some(i) = file.rfind("src/") {
        if i == 0 || file[..i].ends_with('/') {
            return file[..i].to_string();
        }
    }
    match file.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/"),
        None => String::new(),
    }
}

/// Every controller route with its full path: the settings of the app
/// whose folder holds the controller (the longest such folder), merged over
/// that app's files in path order.
pub(crate) fn link(
    input: &Input<'_>,
    finds: &[FileFinds],
    import_of: &dyn Fn(&str, &str) -> Option<String>,
    unresolved: &mut Vec<super::Unresolved>,
) -> Vec<Endpoint> {
    let module_paths = module_paths(finds, import_of, unresolved);
    let mut apps: BTreeMap<String, AppSettings> = BTreeMap::new();
    for f in finds {
        let Some(s) = f.nest.as_ref().and_then(|n| n.settings.as_ref()) else {
            continue;
        };
        let app = apps.entry(scope_of(&f.file)).or_default();
        if app.prefix.is_none() {
            app.prefix = s.prefix.clone();
            app.excludes = s.excludes.clone();
        }
        if app.versioning.is_none() {
            app.versioning = s.versioning.clone();
        }
    }
    let mut out = Vec::new();
    for f in finds {
        let Some(nest) = &f.nest else {
            continue;
        };
        let app = apps
            .iter()
            .filter(|(scope, _)| f.file.starts_with(scope.as_str()))
            .max_by_key(|(scope, _)| scope.len())
            .map(|(_, s)| s);
        for c in &nest.controllers {
            let mounted = module_paths.get(&(f.file.clone(), c.class.clone()));
            let under: Vec<String> = match mounted {
                Some(set) => set.iter().cloned().collect(),
                None => vec![String::new()],
            };
            for r in &c.routes {
                for path in under.iter().flat_map(|m| full_paths(app, m, c, r)) {
                    out.push(Endpoint {
                        framework: FRAMEWORK.into(),
                        method: r.method.clone(),
                        path,
                        handler: r.handler.clone(),
                        module: input.module_of.get(&f.file).cloned(),
                        file: f.file.clone(),
                        line: r.line,
                        handler_file: Some(f.file.clone()),
                    });
                }
            }
        }
    }
    out
}

/// `RouterModule` paths per controller: (controller file, class) → paths.
/// A module name is followed through its import to the file that declares
/// the `@Module`, and each controller name from there to its file.
fn module_paths(
    finds: &[FileFinds],
    import_of: &dyn Fn(&str, &str) -> Option<String>,
    unresolved: &mut Vec<super::Unresolved>,
) -> BTreeMap<(String, String), std::collections::BTreeSet<String>> {
    let by_file: BTreeMap<&str, &NestFile> = finds
        .iter()
        .filter_map(|f| f.nest.as_ref().map(|n| (f.file.as_str(), n)))
        .collect();
    let binds = |file: &str, name: &str| -> (Option<String>, String) {
        let here = by_file.get(file);
        let local = here.is_some_and(|n| {
            n.modules.contains_key(name) || n.controllers.iter().any(|c| c.class == name)
        });
        if local {
            return (Some(file.to_string()), name.to_string());
        }
        let imported = finds
            .iter()
            .find(|f| f.file == file)
            .and_then(|f| f.bindings.get(name))
            .and_then(|b| b.imported.clone())
            .filter(|i| i != "default" && i != "*")
            .unwrap_or_else(|| name.to_string());
        (import_of(file, name), imported)
    };
    let mut out: BTreeMap<(String, String), std::collections::BTreeSet<String>> = BTreeMap::new();
    for f in finds {
        let Some(nest) = &f.nest else {
            continue;
        };
        for (path, module, at) in &nest.router_paths {
            let (module_file, module_name) = binds(&f.file, module);
            let controllers = module_file
                .as_deref()
                .and_then(|m| by_file.get(m))
                .and_then(|n| n.modules.get(&module_name));
            let (Some(module_file), Some(controllers)) = (module_file.clone(), controllers) else {
                unresolved.push(super::Unresolved {
                    what: "route".into(),
                    reason: format!(
                        "RouterModule path {path:?} for {module}: the module's @Module() was not found; its controllers are listed without this path"
                    ),
                    file: f.file.clone(),
                    line: *at,
                });
                continue;
            };
            for c in controllers {
                if let (Some(cf), name) = binds(&module_file, c) {
                    out.entry((cf, name)).or_default().insert(path.clone());
                }
            }
        }
    }
    out
}

/// Nest's `RoutePathFactory.create`: version segment, controller path,
/// method path, then the global prefix unless the path is excluded.
fn full_paths(
    app: Option<&AppSettings>,
    module_path: &str,
    c: &Controller,
    r: &Route,
) -> Vec<String> {
    let versioning = app.and_then(|a| a.versioning.as_ref()).filter(|v| v.uri);
    let version = r
        .version
        .clone()
        .or_else(|| c.version.clone())
        .or_else(|| versioning.and_then(|v| v.default.clone()));
    let mut heads = vec![String::new()];
    if let (Some(v), Some(versions)) = (versioning, version) {
        heads = versions
            .iter()
            .map(|x| match x {
                Version::Neutral => String::new(),
                Version::Value(x) => format!("/{}{x}", v.prefix),
            })
            .collect();
    }
    let mut out = Vec::new();
    for head in &heads {
        for cp in &c.paths {
            for mp in &r.paths {
                // Exclusions match the path without its version segment
                // (`truncateVersionPrefixFromPath`).
                let rest = join_path(&join_path(module_path, cp), mp);
                let path = join_path(head, &rest);
                let prefixed = match app.and_then(|a| a.prefix.as_deref()) {
                    Some(p) if !p.is_empty() && !excluded(app, &rest, r.method.as_deref()) => {
                        join_path(p, &path)
                    }
                    _ => path,
                };
                if !out.contains(&prefixed) {
                    out.push(prefixed);
                }
            }
        }
    }
    out
}

/// Whether a global-prefix exclusion matches: the same path (leading and
/// trailing slashes ignored), or a prefix for `x/(.*)`, `x/*` and `x/*path`.
fn excluded(app: Option<&AppSettings>, path: &str, method: Option<&str>) -> bool {
    let Some(app) = app else {
        return false;
    };
    let norm = |p: &str| p.trim_matches('/').to_string();
    let path = norm(path);
    app.excludes.iter().any(|e| {
        let method_ok = match (&e.method, method) {
            (None, _) => true,
            (Some(m), _) if m == "ALL" => true,
            (Some(m), Some(x)) => m == x,
            (Some(_), None) => false,
        };
        let pattern = norm(&e.path);
        let path_ok = if let Some(base) = pattern
            .strip_suffix("(.*)")
            .or_else(|| pattern.strip_suffix('*'))
            .or_else(|| pattern.rsplit_once("/*").map(|(b, _)| b))
        {
            let base = norm(base);
            path == base || path.starts_with(&format!("{base}/")) || base.is_empty()
        } else {
            path == pattern
        };
        method_ok && path_ok
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Language;
    use crate::scan::SourceFile;

    /// Scans one TypeScript file the way the stage does.
    fn scan_ts(rel: &str, source: &str) -> FileFinds {
        let file = SourceFile {
            rel: rel.to_string(),
            abs: std::path::PathBuf::from(rel),
            language: Language::TypeScript,
            bytes: source.as_bytes().to_vec(),
        };
        let tree = crate::code::parse_file(&file).expect("parses");
        let mut finds = FileFinds::new(rel);
        scan(tree.root_node(), source.as_bytes(), &mut finds);
        finds
    }

    #[test]
    fn controllers_read_decorators_before_export_and_in_the_class_body() {
        let src = r#"
const BASE = 'users';
@UseGuards(AuthGuard)
@Controller({ path: BASE, version: '1' })
export class UsersController {
  constructor(private readonly svc: UsersService) {}

  @Get(':id')
  @Version(['2', VERSION_NEUTRAL])
  show(@Param('id') id: string, @Query() q: Dto) {}

  @Post([`bulk/${BASE}`, 'many'])
  create(
    @Body() body: Dto,
  ) {}

  @Delete(SOMEWHERE_ELSE)
  remove() {}
}
"#;
        let f = scan_ts("src/users/users.controller.ts", src);
        let nest = f.nest.expect("a controller");
        let c = &nest.controllers[0];
        assert_eq!(c.paths, vec!["users"]);
        assert_eq!(c.version, Some(vec![Version::Value("1".into())]));
        let routes: Vec<(Option<&str>, &[String], &str, usize)> = c
            .routes
            .iter()
            .map(|r| {
                (
                    r.method.as_deref(),
                    r.paths.as_slice(),
                    r.handler.as_str(),
                    r.line,
                )
            })
            .collect();
        assert_eq!(routes.len(), 2, "{routes:?}");
        assert_eq!(routes[0].0, Some("GET"));
        assert_eq!(routes[0].2, "UsersController.show");
        assert_eq!(routes[0].3, 8);
        assert_eq!(
            c.routes[0].version,
            Some(vec![Version::Value("2".into()), Version::Neutral])
        );
        assert_eq!(routes[1].1, ["bulk/users".to_string(), "many".to_string()]);
        // @Query() and @Body() on parameters are not routes; the imported
        // constant is an unresolved entry at its line.
        assert_eq!(f.unresolved.len(), 1, "{:?}", f.unresolved);
        assert_eq!(f.unresolved[0].line, 17);
        assert!(f.endpoints.is_empty());
    }

    #[test]
    fn resolvers_give_root_fields_but_not_resolve_fields() {
        let src = r#"
@Resolver(() => Team)
export class TeamResolver {
  @ResolveField(() => [Member])
  members(@Parent() team: Team) {}

  @Query(() => Team, { name: 'team', nullable: true })
  getTeam(@Args('id') id: string) {}

  @Mutation(() => Team)
  createTeam() {}

  @Subscription(() => Member, { resolve: (v) => v })
  teamMemberAdded() {}
}
"#;
        let f = scan_ts("src/team/team.resolver.ts", src);
        let got: Vec<String> = f
            .endpoints
            .iter()
            .map(|e| {
                format!(
                    "{} {} {}",
                    e.method.as_deref().unwrap_or(""),
                    e.path,
                    e.handler
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                "QUERY Query.team TeamResolver.getTeam",
                "MUTATION Mutation.createTeam TeamResolver.createTeam",
                "SUBSCRIPTION Subscription.teamMemberAdded TeamResolver.teamMemberAdded",
            ]
        );
        assert!(
            f.endpoints
                .iter()
                .all(|e| e.framework == "nestjs"
                    && e.handler_file.as_deref() == Some(f.file.as_str()))
        );
    }

    #[test]
    fn processors_schedules_and_event_handlers() {
        let src = r#"
@Processor('mail')
export class MailProcessor {
  @Process('welcome') async welcome(job) {}
  @Cron('*/5 * * * *') sweep() {}
  @OnEvent(['user.created', 'user.deleted']) onUser() {}
  @EventPattern(TOPIC) fromElsewhere() {}
}
"#;
        let f = scan_ts("src/mail/mail.processor.ts", src);
        let jobs: Vec<String> = f
            .jobs
            .iter()
            .map(|j| format!("{} {} {:?}", j.kind, j.name, j.schedule))
            .collect();
        assert_eq!(
            jobs,
            [
                "processor mail: welcome None",
                "schedule MailProcessor.sweep Some(\"*/5 * * * *\")",
            ]
        );
        let events: Vec<&str> = f.events.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(events, ["user.created", "user.deleted"]);
        assert_eq!(f.unresolved.len(), 1);
        assert_eq!(f.unresolved[0].what, "event");
    }

    #[test]
    fn router_module_paths_join_children_to_parents() {
        let src = r#"
@Module({
  imports: [
    RouterModule.register([
      { path: 'admin', module: AdminModule, children: [{ path: 'reports', module: ReportsModule }] },
      { path: PREFIX, module: OtherModule },
    ]),
  ],
  controllers: [AppController, HealthController],
})
export class AppModule {}
"#;
        let f = scan_ts("src/app.module.ts", src);
        let nest = f.nest.expect("a module");
        let paths: Vec<(&str, &str)> = nest
            .router_paths
            .iter()
            .map(|(p, m, _)| (p.as_str(), m.as_str()))
            .collect();
        assert_eq!(
            paths,
            [
                ("/admin", "AdminModule"),
                ("/admin/reports", "ReportsModule")
            ]
        );
        assert_eq!(
            nest.modules.get("AppModule").map(Vec::as_slice),
            Some(["AppController".to_string(), "HealthController".to_string()].as_slice())
        );
        assert_eq!(f.unresolved.len(), 1, "{:?}", f.unresolved);
        assert_eq!(f.unresolved[0].line, 6);
    }

    #[test]
    fn a_router_module_path_goes_between_version_and_controller() {
        let a = app("api", &[], Some(("v", None)));
        assert_eq!(
            full_paths(
                Some(&a),
                "/manage",
                &ctrl(&["admin"], Some("1")),
                &route(&["x"], None)
            ),
            vec!["/api/v1/manage/admin/x"]
        );
    }

    #[test]
    fn bootstrap_settings_are_read_and_dynamic_prefixes_reported() {
        let src = r#"
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.setGlobalPrefix(`${CONTEXT}v1`, { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: ['1', '2'], prefix: false });
}
"#;
        let f = scan_ts("apps/api/src/main.ts", src);
        let s = f.nest.and_then(|n| n.settings).expect("settings");
        assert_eq!(s.prefix.as_deref(), Some("v1"));
        assert_eq!(s.excludes[0].path, "health");
        assert_eq!(s.excludes[0].method.as_deref(), Some("GET"));
        let v = s.versioning.expect("versioning");
        assert!(v.uri);
        assert_eq!(v.prefix, "");
        assert_eq!(v.default.map(|d| d.len()), Some(2));
        assert_eq!(f.unresolved.len(), 1);
        assert_eq!(f.unresolved[0].line, 4);
    }

    fn app(
        prefix: &str,
        excludes: &[&str],
        versioning: Option<(&str, Option<&str>)>,
    ) -> AppSettings {
        AppSettings {
            prefix: Some(prefix.to_string()),
            excludes: excludes
                .iter()
                .map(|p| Exclude {
                    path: p.to_string(),
                    method: None,
                })
                .collect(),
            versioning: versioning.map(|(prefix, default)| Versioning {
                uri: true,
                prefix: prefix.to_string(),
                default: default.map(|d| vec![Version::Value(d.to_string())]),
            }),
        }
    }

    fn route(paths: &[&str], version: Option<Vec<Version>>) -> Route {
        Route {
            method: Some("GET".into()),
            paths: paths.iter().map(|p| p.to_string()).collect(),
            version,
            handler: "C.m".into(),
            line: 1,
        }
    }

    fn ctrl(paths: &[&str], version: Option<&str>) -> Controller {
        Controller {
            class: "C".into(),
            paths: paths.iter().map(|p| p.to_string()).collect(),
            version: version.map(|v| vec![Version::Value(v.into())]),
            routes: Vec::new(),
        }
    }

    #[test]
    fn paths_join_prefix_version_controller_and_method_in_nests_order() {
        let a = app("api", &[], Some(("v", None)));
        assert_eq!(
            full_paths(
                Some(&a),
                "",
                &ctrl(&["users"], Some("1")),
                &route(&[":id"], None)
            ),
            vec!["/api/v1/users/:id"]
        );
        // The method's @Version wins over the controller's.
        let v2 = Some(vec![Version::Value("2".into())]);
        assert_eq!(
            full_paths(
                Some(&a),
                "",
                &ctrl(&["users"], Some("1")),
                &route(&[""], v2)
            ),
            vec!["/api/v2/users"]
        );
        // No version anywhere and no defaultVersion: no segment.
        assert_eq!(
            full_paths(Some(&a), "", &ctrl(&["/ping/"], None), &route(&[""], None)),
            vec!["/api/ping"]
        );
        // defaultVersion, a custom prefix, VERSION_NEUTRAL and arrays.
        let d = app("", &[], Some(("version-", Some("1"))));
        let both = Some(vec![Version::Neutral, Version::Value("3".into())]);
        assert_eq!(
            full_paths(Some(&d), "", &ctrl(&["a", "b"], None), &route(&["x"], both)),
            vec!["/a/x", "/b/x", "/version-3/a/x", "/version-3/b/x"]
        );
        // Without URI versioning, versions do not reach the path.
        assert_eq!(
            full_paths(None, "", &ctrl(&["users"], Some("1")), &route(&[""], None)),
            vec!["/users"]
        );
    }

    #[test]
    fn excluded_routes_keep_no_global_prefix() {
        let a = app("api", &["health", "docs/(.*)", "/"], None);
        let c = ctrl(&[""], None);
        assert_eq!(
            full_paths(Some(&a), "", &c, &route(&["health"], None)),
            vec!["/health"]
        );
        assert_eq!(
            full_paths(Some(&a), "", &c, &route(&["docs/x"], None)),
            vec!["/docs/x"]
        );
        assert_eq!(full_paths(Some(&a), "", &c, &route(&[""], None)), vec!["/"]);
        assert_eq!(
            full_paths(Some(&a), "", &c, &route(&["healthz"], None)),
            vec!["/api/healthz"]
        );
    }

    #[test]
    fn a_bootstrap_governs_the_folder_above_its_src() {
        assert_eq!(scope_of("apps/api/src/bootstrap.ts"), "apps/api/");
        assert_eq!(scope_of("src/main.ts"), "");
        assert_eq!(scope_of("server/main.ts"), "server/");
        assert_eq!(scope_of("mysrc/main.ts"), "mysrc/");
    }
}
