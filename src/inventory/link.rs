//! Joins what single files hold: URLconf includes, router mounts, GraphQL
//! root classes and their mixins, beat schedules and their tasks. Then every
//! handler is followed to the file that defines it (through the import that
//! binds its name, the resolve stage's edge on that line), and that file's
//! module becomes the endpoint's module.

use super::django::{self, Handler};
use super::django_link;
use super::graphql::{self, RootClass};
use super::routers;
use super::{Endpoint, FileFinds, Input, Inventory, Job, Unresolved};
use crate::analysis::FileEdge;
use std::collections::{BTreeMap, BTreeSet};

pub(crate) struct Ctx<'a> {
    input: &'a Input<'a>,
    finds: BTreeMap<&'a str, &'a FileFinds>,
    edges_from: BTreeMap<&'a str, Vec<&'a FileEdge>>,
    python_modules: BTreeMap<String, &'a str>,
    /// `mod/activities_controller.rb` → `app/controllers/mod/activities_controller.rb`.
    controllers: BTreeMap<String, &'a str>,
    ruby_files: Vec<&'a str>,
}

pub(crate) fn module_for_path(input: &Input<'_>, path: &str) -> Option<String> {
    if let Some(m) = input.module_of.get(path) {
        return Some(m.clone());
    }
    // A non-source file (a YAML schedule): the module of the nearest
    // analysed file in the same or a parent directory.
    let mut dir = path;
    while let Some((parent, _)) = dir.rsplit_once('/') {
        let prefix = format!("{parent}/");
        if let Some((_, m)) = input
            .module_of
            .range(prefix.clone()..)
            .next()
            .filter(|(f, _)| f.starts_with(&prefix))
        {
            return Some(m.clone());
        }
        dir = parent;
    }
    None
}

impl<'a> Ctx<'a> {
    fn new(input: &'a Input<'a>, finds: &'a [FileFinds]) -> Self {
        let mut edges_from: BTreeMap<&str, Vec<&FileEdge>> = BTreeMap::new();
        for e in input.edges {
            edges_from.entry(e.from.as_str()).or_default().push(e);
        }
        let mut python_modules = BTreeMap::new();
        let mut controllers = BTreeMap::new();
        let mut ruby_files = Vec::new();
        for f in input.files {
            let rel = f.rel.as_str();
            if let Some(stem) = rel.strip_suffix(".py") {
                let stem = stem.strip_suffix("/__init__").unwrap_or(stem);
                let dotted = stem.replace('/', ".");
                if let Some(rest) = dotted.strip_prefix("src.") {
                    python_modules.entry(rest.to_string()).or_insert(rel);
                }
                python_modules.insert(dotted, rel);
            }
            if rel.ends_with(".rb") && !crate::model::is_test_file(rel) {
                ruby_files.push(rel);
                if let Some((_, tail)) = rel.rsplit_once("controllers/") {
                    if rel.ends_with("_controller.rb") {
                        let key = tail.to_string();
                        // app/controllers wins over engines and packs.
                        if rel.starts_with("app/") || !controllers.contains_key(&key) {
                            controllers.insert(key, rel);
                        }
                    }
                }
            }
        }
        Ctx {
            input,
            finds: finds.iter().map(|f| (f.file.as_str(), f)).collect(),
            edges_from,
            python_modules,
            controllers,
            ruby_files,
        }
    }

    fn module(&self, file: &str) -> Option<String> {
        self.input.module_of.get(file).cloned()
    }

    /// The file that defines a Python dotted name: the module itself or the
    /// longest prefix that is a module (`app.views.home` → `app/views.py`).
    fn python_dotted(&self, dotted: &str) -> Option<String> {
        let mut name = dotted;
        loop {
            if let Some(f) = self.python_modules.get(name) {
                return Some(f.to_string());
            }
            name = name.rsplit_once('.')?.0;
        }
    }

    fn import_target(&self, file: &str, name: &str) -> Option<String> {
        let finds = self.finds.get(file)?;
        let binding = finds.bindings.get(name)?;
        let edges: Vec<&&FileEdge> = self
            .edges_from
            .get(file)?
            .iter()
            .filter(|e| e.lines.contains(&binding.line))
            .collect();
        let stem = |to: &str| {
            let base = to.rsplit('/').next().unwrap_or(to);
            base.split('.').next().unwrap_or(base).to_string()
        };
        let pick = edges
            .iter()
            .find(|e| {
                binding
                    .imported
                    .as_ref()
                    .is_some_and(|i| e.symbols.iter().any(|s| s == i))
            })
            .or_else(|| edges.iter().find(|e| stem(&e.to) == name))
            .or_else(|| edges.first());
        pick.map(|e| e.to.clone())
    }

    fn handler_in(&self, file: &str, root: Option<&str>) -> (Option<String>, Option<String>) {
        let Some(root) = root else {
            return (self.module(file), Some(file.to_string()));
        };
        if let Some(to) = self.import_target(file, root) {
            return (self.module(&to), Some(to));
        }
        let defined_here = self
            .finds
            .get(file)
            .is_some_and(|f| f.defines.contains(root));
        if defined_here {
            return (self.module(file), Some(file.to_string()));
        }
        (self.module(file), None)
    }

    /// `mod/activities#index` → the controller's file.
    fn controller_file(&self, handler: &str) -> Option<String> {
        let (controller, _) = handler.split_once('#')?;
        let key = format!("{controller}_controller.rb");
        self.controllers.get(&key).map(|f| f.to_string())
    }

    /// A job's module: the module of what it runs when that resolves to a
    /// file (`runs: PrefillPageCacheJob` → `app/jobs/…`), else its file's.
    fn place_job(&self, mut j: Job) -> Job {
        let runs_file = j.runs.as_deref().and_then(|r| {
            let head = r.split(['.', '(', ' ']).next().unwrap_or(r);
            if head.starts_with(|c: char| c.is_ascii_uppercase()) {
                self.ruby_constant_file(head)
            } else {
                None
            }
        });
        j.module = runs_file
            .and_then(|r| self.module(&r))
            .or_else(|| module_for_path(self.input, &j.file));
        j
    }

    /// `PrefillPageCacheJob` or `Admin::Report` → the Ruby file defining it
    /// by Zeitwerk's naming.
    fn ruby_constant_file(&self, constant: &str) -> Option<String> {
        let path = format!(
            "/{}.rb",
            constant
                .split("::")
                .map(crate::inflect::underscore)
                .collect::<Vec<_>>()
                .join("/")
        );
        let mut hits: Vec<&&str> = self
            .ruby_files
            .iter()
            .filter(|f| f.ends_with(&path) || format!("/{f}") == path)
            .collect();
        hits.sort_by_key(|f| (!f.starts_with("app/"), f.len()));
        hits.first().map(|f| f.to_string())
    }
}

impl django_link::Resolver for Ctx<'_> {
    fn python_module(&self, dotted: &str) -> Option<String> {
        self.python_modules.get(dotted).map(|f| f.to_string())
    }

    fn import_of(&self, file: &str, name: &str) -> Option<String> {
        self.import_target(file, name)
    }

    fn handler_module(&self, file: &str, handler: &Handler) -> (Option<String>, Option<String>) {
        if let Some(dotted) = &handler.dotted {
            return match self.python_dotted(dotted) {
                Some(f) => (self.module(&f), Some(f)),
                None => (self.module(file), None),
            };
        }
        match &handler.root {
            Some(root) => self.handler_in(file, Some(root)),
            None => (self.module(file), None),
        }
    }
}

impl routers::Resolve for Ctx<'_> {
    fn import_of(&self, file: &str, name: &str) -> Option<String> {
        self.import_target(file, name)
    }

    fn imported_name(&self, file: &str, name: &str) -> Option<String> {
        self.finds.get(file)?.bindings.get(name)?.imported.clone()
    }

    /// `documents/index.ts` that only re-exports `./documents` → the file
    /// that holds the routes.
    fn follow_reexports(&self, file: &str, has_routers: &dyn Fn(&str) -> bool) -> String {
        let mut current = file.to_string();
        for _ in 0..4 {
            if has_routers(&current) {
                return current;
            }
            let next = self.edges_from.get(current.as_str()).and_then(|edges| {
                edges
                    .iter()
                    .find(|e| e.kind == crate::analysis::EdgeKind::Reexport)
                    .map(|e| e.to.clone())
            });
            match next {
                Some(n) => current = n,
                None => return current,
            }
        }
        current
    }

    fn handler_module(&self, file: &str, root: Option<&str>) -> (Option<String>, Option<String>) {
        self.handler_in(file, root)
    }
}

impl super::restful::Classes for Ctx<'_> {
    fn classes_of(&self, file: &str) -> Option<&[super::restful::PyClass]> {
        self.finds.get(file).map(|f| f.py_classes.as_slice())
    }

    fn import_of(&self, file: &str, name: &str) -> Option<(String, Option<String>)> {
        let to = self.import_target(file, name)?;
        let imported = self.finds.get(file)?.bindings.get(name)?.imported.clone();
        Some((to, imported))
    }
}

pub(crate) fn link(input: &Input<'_>, finds: Vec<FileFinds>, schedules: Vec<Job>) -> Inventory {
    let ctx = Ctx::new(input, &finds);
    let mut inv = Inventory::default();

    for f in &finds {
        inv.unresolved.extend(f.unresolved.iter().cloned());
        for e in &f.endpoints {
            let mut e = e.clone();
            if e.framework == "rails" {
                e.handler_file = ctx.controller_file(&e.handler);
            }
            e.module = match &e.handler_file {
                Some(h) => ctx.module(h),
                None => ctx.module(&e.file),
            };
            inv.endpoints.push(e);
        }
        for j in &f.jobs {
            inv.jobs.push(ctx.place_job(j.clone()));
        }
        for e in &f.events {
            let mut e = e.clone();
            e.module = ctx.module(&e.file);
            inv.events.push(e);
        }
    }

    for j in schedules {
        inv.jobs.push(ctx.place_job(j));
    }

    // Django URLconfs.
    let confs: BTreeMap<String, &django::UrlConf> = finds
        .iter()
        .filter_map(|f| f.django.as_ref().map(|c| (f.file.clone(), c)))
        .collect();
    if !confs.is_empty() {
        let roots: Vec<String> = finds
            .iter()
            .filter_map(|f| f.root_urlconf.clone())
            .collect();
        inv.endpoints
            .extend(django_link::link(&confs, &roots, &ctx, &mut inv.unresolved));
    }

    // Flask/FastAPI and Express/Koa routers.
    let router_files: BTreeMap<String, &routers::RouterFile> = finds
        .iter()
        .filter_map(|f| f.router.as_ref().map(|r| (f.file.clone(), r)))
        .collect();
    // Flask-RESTX / Flask-RESTful resources: one route per method.
    let expanded = super::restful::expand(&router_files, &ctx, &mut inv.unresolved);
    let router_files: BTreeMap<String, &routers::RouterFile> = router_files
        .into_iter()
        .map(|(f, rf)| {
            let rf = expanded.get(&f).unwrap_or(rf);
            (f, rf)
        })
        .collect();
    if !router_files.is_empty() {
        inv.endpoints
            .extend(routers::link(&router_files, &ctx, &mut inv.unresolved));
    }

    inv.endpoints.extend(graphql_endpoints(&ctx, &finds));
    inv.endpoints.extend(super::nestjs::link(
        input,
        &finds,
        &|file, name| ctx.import_target(file, name),
        &mut inv.unresolved,
    ));
    inv.jobs
        .extend(beat_jobs(&ctx, &finds, &mut inv.unresolved));
    inv
}

/// Celery beat entries, each tied to the module of the task it runs.
fn beat_jobs(ctx: &Ctx<'_>, finds: &[FileFinds], unresolved: &mut Vec<Unresolved>) -> Vec<Job> {
    let mut out = Vec::new();
    for f in finds {
        for b in &f.beat {
            let task_file = b.task.as_deref().and_then(|t| ctx.python_dotted(t));
            if b.task.is_none() {
                unresolved.push(Unresolved {
                    what: "schedule".into(),
                    reason: format!(
                        "beat entry {:?} runs a task whose name is not a literal",
                        b.name
                    ),
                    file: f.file.clone(),
                    line: b.line,
                });
            }
            out.push(Job {
                framework: "celery".into(),
                name: b.name.clone(),
                kind: "schedule".into(),
                schedule: (!b.schedule.is_empty()).then(|| b.schedule.clone()),
                module: task_file
                    .as_deref()
                    .and_then(|t| ctx.module(t))
                    .or_else(|| ctx.module(&f.file)),
                file: f.file.clone(),
                line: b.line,
                queue: None,
                runs: b.task.clone(),
            });
        }
    }
    out
}

/// Root fields of every `Query`/`Mutation`/`Subscription` class, with the
/// fields inherited from mixins (`class Query(AccountQueries, …)`).
fn graphql_endpoints(ctx: &Ctx<'_>, finds: &[FileFinds]) -> Vec<Endpoint> {
    let mut by_name: BTreeMap<&str, Vec<(&str, &RootClass)>> = BTreeMap::new();
    for f in finds {
        for c in &f.graphql {
            by_name
                .entry(c.name.as_str())
                .or_default()
                .push((f.file.as_str(), c));
        }
    }
    let mut out = Vec::new();
    for f in finds {
        for root in &f.graphql {
            let Some((_, op)) = graphql::ROOTS.iter().find(|(r, _)| *r == root.name) else {
                continue;
            };
            let mut seen = BTreeSet::new();
            let mut stack = vec![(f.file.as_str(), root)];
            while let Some((file, class)) = stack.pop() {
                if !seen.insert((file.to_string(), class.name.clone())) {
                    continue;
                }
                for (field, line, callee) in &class.fields {
                    let resolver = format!("resolve_{field}");
                    let (handler, root_name) = if class.methods.contains(&resolver) {
                        (format!("{}.{resolver}", class.name), None)
                    } else {
                        let head = callee.split('.').next().unwrap_or(callee);
                        let is_mutation_class = callee.ends_with(".Field") && head != "graphene";
                        if is_mutation_class {
                            (head.to_string(), Some(head))
                        } else {
                            (format!("{}.{field}", class.name), None)
                        }
                    };
                    let (module, handler_file) = match root_name {
                        Some(r) => match ctx.import_target(file, r) {
                            Some(to) => (ctx.module(&to), Some(to)),
                            None => (ctx.module(file), Some(file.to_string())),
                        },
                        None => (ctx.module(file), Some(file.to_string())),
                    };
                    out.push(Endpoint {
                        framework: "graphql".into(),
                        method: Some((*op).to_string()),
                        path: format!("{}.{}", root.name, graphql::camel(field)),
                        handler,
                        module,
                        file: file.to_string(),
                        line: *line,
                        handler_file,
                    });
                }
                for base in &class.bases {
                    let name = base.rsplit('.').next().unwrap_or(base);
                    if name.ends_with("ObjectType") {
                        continue;
                    }
                    let target_file =
                        ctx.import_target(file, base.split('.').next().unwrap_or(base));
                    let candidates = by_name.get(name).cloned().unwrap_or_default();
                    let pick = candidates
                        .iter()
                        .find(|(cf, _)| Some(cf.to_string()) == target_file)
                        .or_else(|| candidates.iter().find(|(cf, _)| *cf == file))
                        .or_else(|| (candidates.len() == 1).then(|| &candidates[0]));
                    if let Some((cf, c)) = pick {
                        stack.push((cf, c));
                    }
                }
            }
        }
    }
    out
}
