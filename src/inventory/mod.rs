//! Stage: the boundary inventory. Each module's HTTP endpoints, background
//! jobs, schedules and events, found statically (tree-sitter, never running
//! the app), tied to modules, plus the tables the schema stage gave each
//! module. This is the map migration guides start from: "every table to a
//! domain, every endpoint to its owning domain".
//!
//! Shape: one file per framework reads one parsed file into [`FileFinds`]
//! (in parallel); the linkers then join files (Django `include()`, Express
//! `app.use(prefix, router)`, Flask blueprints) and resolve each handler to
//! the file, hence the module, that defines it.

mod django;
mod django_link;
mod events;
mod express;
mod flask;
mod graphql;
mod jobs_js;
mod jobs_python;
mod jobs_ruby;
mod link;
mod nestjs;
mod nextjs;
mod rails_dsl;
mod rails_routes;
mod restful;
mod routers;
mod schedules_yaml;
pub(crate) mod syntax;

use crate::analysis::{FileEdge, Language, ModuleInfo};
use crate::scan::SourceFile;
use crate::warnings::Warnings;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Everything the inventory found, sorted.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Inventory {
    pub endpoints: Vec<Endpoint>,
    pub jobs: Vec<Job>,
    pub events: Vec<Event>,
    /// Routes, jobs or events that exist but could not be read statically
    /// (a path built at run time, routes made in a loop, a syntax error).
    pub unresolved: Vec<Unresolved>,
    /// One row per module: every module of the module graph, plus any
    /// module only the inventory names (a schedule file's folder).
    pub modules: Vec<ModuleInventory>,
}

/// One HTTP route (or GraphQL root field).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Endpoint {
    /// `django`, `django-rest-framework`, `flask`, `fastapi`, `rails`,
    /// `express`, `koa`, `nextjs`, `graphql`, `flask-restx`, `flask-restful`, `nestjs` (HTTP routes and
    /// GraphQL root fields alike).
    pub framework: String,
    /// `GET`, `POST`, …; `QUERY`/`MUTATION` for GraphQL root fields; absent
    /// when the route takes every method or the method is not written down.
    pub method: Option<String>,
    /// The full path pattern, prefixes included, in the framework's own
    /// syntax (`/users/:id`, `/plugins/(?P<plugin_id>…)/`, `Query.orders`).
    pub path: String,
    /// The handler as written: `views.home`, `stories#show`, `UserViewSet`.
    pub handler: String,
    /// The module of the handler's file; the routes file's module when the
    /// handler could not be resolved (then `handler_file` is absent).
    pub module: Option<String>,
    /// Where the route is declared.
    pub file: String,
    pub line: usize,
    /// The file the handler resolved to, when it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handler_file: Option<String>,
}

/// A background job, worker, queue or schedule.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Job {
    /// `celery`, `sidekiq`, `activejob`, `whenever`, `sidekiq-cron`,
    /// `solid_queue`, `bull`, `bullmq`, `node-cron`, `cron`, `node-schedule`,
    /// `class-convention`, `nestjs`.
    pub framework: String,
    pub name: String,
    /// `task`, `worker`, `schedule`, `queue` or `processor`.
    pub kind: String,
    /// The schedule as written (cron expression, `every 1.day`, `crontab(…)`).
    pub schedule: Option<String>,
    pub module: Option<String>,
    pub file: String,
    pub line: usize,
    /// The queue it runs on, when written down (`queue_as`, `queue=`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub queue: Option<String>,
    /// For a schedule: the task or class it runs, as written
    /// (`app.tasks.cleanup`, `PrefillPageCacheJob`); its module is the
    /// schedule's module when it resolves.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runs: Option<String>,
}

/// An event name found as a string literal where it is published or consumed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Event {
    pub name: String,
    /// `publish` or `consume`.
    pub role: String,
    /// `kafka`, `rabbitmq`, `redis`, `activesupport`, … when the call says so.
    pub transport: Option<String>,
    pub module: Option<String>,
    pub file: String,
    pub line: usize,
}

/// Something that looks like a route, job or event but cannot be read
/// without running the code.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Unresolved {
    /// What it is: `route`, `routes file`, `include`, `job`, `schedule`, …
    pub what: String,
    pub reason: String,
    pub file: String,
    pub line: usize,
}

/// The per-module row of the map: tables, endpoints, jobs, events and the
/// inbound API surface.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModuleInventory {
    pub module: String,
    /// Tables the schema stage says this module owns (0 without a schema).
    pub tables: usize,
    pub endpoints: usize,
    pub jobs: usize,
    pub events_published: Vec<String>,
    pub events_consumed: Vec<String>,
    /// Distinct names other modules import from it (`ModuleInfo::api_surface`).
    pub api_surface: usize,
}

impl Inventory {
    pub fn module(&self, name: &str) -> Option<&ModuleInventory> {
        self.modules.iter().find(|m| m.module == name)
    }

    pub fn endpoints_of<'a>(&'a self, module: &'a str) -> impl Iterator<Item = &'a Endpoint> + 'a {
        self.endpoints
            .iter()
            .filter(move |e| e.module.as_deref() == Some(module))
    }

    pub fn jobs_of<'a>(&'a self, module: &'a str) -> impl Iterator<Item = &'a Job> + 'a {
        self.jobs
            .iter()
            .filter(move |j| j.module.as_deref() == Some(module))
    }

    pub fn events_of<'a>(&'a self, module: &'a str) -> impl Iterator<Item = &'a Event> + 'a {
        self.events
            .iter()
            .filter(move |e| e.module.as_deref() == Some(module))
    }
}

/// What the stage reads: the scan's files, the module model, the resolved
/// edges (to follow a handler's import to its file) and, when there is one,
/// the schema's table ownership.
pub struct Input<'a> {
    pub root: &'a Path,
    pub files: &'a [SourceFile],
    pub all_paths: &'a BTreeSet<String>,
    pub module_of: &'a BTreeMap<String, String>,
    pub edges: &'a [FileEdge],
    pub schema: Option<&'a crate::schema::SchemaSection>,
    pub modules: &'a [ModuleInfo],
}

/// Where a name bound in a file comes from: the line of the import that
/// binds it (matched to the resolved edge on that line) and the specifier.
#[derive(Debug, Clone, Default)]
pub(crate) struct Binding {
    pub line: usize,
    /// The name in the imported file (`default` for a JS default import,
    /// the module itself for `import x` / `from . import views`).
    pub imported: Option<String>,
}

/// What one file holds, before files are joined.
#[derive(Debug, Default)]
pub(crate) struct FileFinds {
    pub file: String,
    pub bindings: BTreeMap<String, Binding>,
    pub django: Option<django::UrlConf>,
    /// Flask/FastAPI or Express/Koa routers, routes and mounts.
    pub router: Option<routers::RouterFile>,
    /// Names defined at the top level of the file (functions, classes).
    pub defines: std::collections::BTreeSet<String>,
    pub graphql: Vec<graphql::RootClass>,
    /// Endpoints complete on their own (Rails, Next.js): path, handler, and
    /// an optional handler file already known.
    pub endpoints: Vec<Endpoint>,
    pub jobs: Vec<Job>,
    pub events: Vec<Event>,
    pub unresolved: Vec<Unresolved>,
    /// Python: the ROOT_URLCONF this settings file names.
    pub root_urlconf: Option<String>,
    /// Python: Celery beat entries (name, task, schedule, line).
    pub beat: Vec<jobs_python::BeatEntry>,
    /// NestJS controllers and the bootstrap's prefix and versioning.
    pub nest: Option<nestjs::NestFile>,
    /// Python: top-level classes with their bases and HTTP handler methods
    /// (Flask-RESTX / Flask-RESTful resources, `MethodView`s).
    pub py_classes: Vec<restful::PyClass>,
}

impl FileFinds {
    fn new(file: &str) -> Self {
        Self {
            file: file.to_string(),
            ..Self::default()
        }
    }

    pub(crate) fn unresolved(&mut self, what: &str, reason: impl Into<String>, line: usize) {
        self.unresolved.push(Unresolved {
            what: what.into(),
            reason: reason.into(),
            file: self.file.clone(),
            line,
        });
    }
}

/// Runs the stage. Problems in a file become unresolved entries (and, for
/// files that do not parse, a warning); they never stop the analysis.
pub fn run(input: &Input<'_>, warnings: &Warnings) -> Inventory {
    let finds: Vec<FileFinds> = input
        .files
        .par_iter()
        .filter_map(|file| scan_file(input, file, warnings))
        .collect();
    let schedules = schedules_yaml::read(input, warnings);
    let mut inv = link::link(input, finds, schedules);
    finish(input, &mut inv);
    inv
}

/// Reads one file when its bytes hold a marker of something the inventory
/// looks for; most files are never parsed a second time.
fn scan_file(input: &Input<'_>, file: &SourceFile, warnings: &Warnings) -> Option<FileFinds> {
    if crate::model::is_test_file(&file.rel) {
        return None;
    }
    let bytes = file.bytes.as_slice();
    let next_route = nextjs::route_kind(input, &file.rel);
    let wanted = match file.language {
        Language::Python => syntax::python_markers(bytes) || restful::markers(bytes),
        Language::Ruby => syntax::ruby_markers(bytes, &file.rel),
        Language::JavaScript | Language::TypeScript => {
            syntax::js_markers(bytes) || nestjs::markers(bytes)
        }
    };
    if !wanted && next_route.is_none() {
        return None;
    }
    let mut finds = FileFinds::new(&file.rel);
    let Some(tree) = crate::code::parse_file(file) else {
        warnings.push(
            &file.rel,
            None,
            "tree-sitter could not parse this file; its routes and jobs are not in the inventory",
        );
        return None;
    };
    let root = tree.root_node();
    if root.has_error() {
        if let Some(line) = syntax::first_error_line(root) {
            finds.unresolved(
                "file",
                "syntax error: routes, jobs or events after this line may be missing or wrong",
                line,
            );
        }
    }
    let src = bytes;
    match file.language {
        Language::Python => {
            finds.bindings = syntax::python_bindings(root, src);
            django::scan(root, src, &mut finds);
            flask::scan(root, src, &mut finds);
            restful::scan(root, src, &mut finds);
            graphql::scan(root, src, &mut finds);
            jobs_python::scan(root, src, &mut finds);
        }
        Language::Ruby => {
            if rails_routes::is_routes_file(&file.rel) {
                rails_routes::scan(root, src, &mut finds);
            }
            jobs_ruby::scan(root, src, &mut finds);
        }
        Language::JavaScript | Language::TypeScript => {
            finds.bindings = syntax::js_bindings(root, src);
            express::scan(root, src, &mut finds);
            jobs_js::scan(root, src, &mut finds);
            nestjs::scan(root, src, &mut finds);
            if let Some(kind) = next_route {
                nextjs::scan(root, src, kind, &mut finds);
            }
        }
    }
    events::scan(file.language, root, src, &mut finds);
    Some(finds)
}

/// Modules, sorting, de-duplication and the per-module rows.
fn finish(input: &Input<'_>, inv: &mut Inventory) {
    inv.endpoints.sort();
    inv.endpoints.dedup();
    inv.jobs.sort();
    inv.jobs.dedup();
    inv.events.sort();
    inv.events.dedup();
    // By place, so a reader walks each file top to bottom.
    inv.unresolved.sort_by(|a, b| {
        (&a.file, a.line, &a.what, &a.reason).cmp(&(&b.file, b.line, &b.what, &b.reason))
    });
    inv.unresolved.dedup();

    let mut rows: BTreeMap<String, ModuleInventory> = BTreeMap::new();
    for m in input.modules {
        row(&mut rows, &m.name).api_surface = m.api_surface;
    }
    if let Some(schema) = input.schema {
        for t in &schema.tables {
            if let Some(owner) = &t.owner {
                row(&mut rows, owner).tables += 1;
            }
        }
    }
    for e in &inv.endpoints {
        if let Some(m) = &e.module {
            row(&mut rows, m).endpoints += 1;
        }
    }
    for j in &inv.jobs {
        if let Some(m) = &j.module {
            row(&mut rows, m).jobs += 1;
        }
    }
    for e in &inv.events {
        if let Some(m) = &e.module {
            let row = row(&mut rows, m);
            let list = if e.role == "publish" {
                &mut row.events_published
            } else {
                &mut row.events_consumed
            };
            list.push(e.name.clone());
        }
    }
    inv.modules = rows
        .into_values()
        .map(|mut r| {
            r.events_published.sort();
            r.events_published.dedup();
            r.events_consumed.sort();
            r.events_consumed.dedup();
            r
        })
        .collect();
}

fn row<'a>(rows: &'a mut BTreeMap<String, ModuleInventory>, name: &str) -> &'a mut ModuleInventory {
    rows.entry(name.to_string())
        .or_insert_with(|| ModuleInventory {
            module: name.to_string(),
            tables: 0,
            endpoints: 0,
            jobs: 0,
            events_published: Vec::new(),
            events_consumed: Vec::new(),
            api_surface: 0,
        })
}
