//! Joins Django URLconfs: from `ROOT_URLCONF` (or every URLconf nobody
//! includes) through `include()`s, composing prefixes, and places each view
//! in the module of the file that defines it.

use super::django::{Entry, Handler, Target, UrlConf};
use super::Endpoint;
use std::collections::BTreeMap;

/// Everything the linker needs to place a route: how to find files and
/// handler modules.
pub(crate) trait Resolver {
    /// The file a Python dotted module names.
    fn python_module(&self, dotted: &str) -> Option<String>;
    /// The file a name bound by an import in `file` comes from.
    fn import_of(&self, file: &str, name: &str) -> Option<String>;
    /// The module and resolved file of a handler referenced from `file`.
    fn handler_module(&self, file: &str, handler: &Handler) -> (Option<String>, Option<String>);
}

/// Expands every URLconf from the roots, following includes.
pub(crate) fn link(
    confs: &BTreeMap<String, &UrlConf>,
    root_urlconfs: &[String],
    resolver: &dyn Resolver,
    unresolved: &mut Vec<super::Unresolved>,
) -> Vec<Endpoint> {
    let mut reached: BTreeMap<String, bool> = confs.keys().map(|k| (k.clone(), false)).collect();
    let mut out = Vec::new();
    let mut roots: Vec<String> = root_urlconfs
        .iter()
        .filter_map(|d| resolver.python_module(d))
        .filter(|f| confs.contains_key(f))
        .collect();
    roots.sort();
    roots.dedup();
    let mut walker = Walker {
        confs,
        resolver,
        out: &mut out,
        reached: &mut reached,
        unresolved,
    };
    if roots.is_empty() {
        // No ROOT_URLCONF found: every URLconf nobody includes is a root.
        let included = included_files(confs, resolver);
        roots = confs
            .keys()
            .filter(|f| !included.contains(*f))
            .cloned()
            .collect();
    }
    for root in &roots {
        walker.expand_file(root, "", 0);
    }
    let unreached: Vec<String> = walker
        .reached
        .iter()
        .filter(|(_, r)| !**r)
        .map(|(f, _)| f.clone())
        .collect();
    for file in unreached {
        if confs.get(&file).is_some_and(|c| c.patterns.is_empty()) {
            continue;
        }
        walker.unresolved.push(super::Unresolved {
            what: "include".into(),
            reason: "no include() of this URLconf was found from ROOT_URLCONF; its paths are listed without a prefix".into(),
            file: file.clone(),
            line: 1,
        });
        walker.expand_file(&file, "", 0);
    }
    out
}

fn included_files(
    confs: &BTreeMap<String, &UrlConf>,
    resolver: &dyn Resolver,
) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    for (file, conf) in confs {
        let all = conf.patterns.iter().chain(conf.lists.values().flatten());
        for entry in all {
            if let Entry::Include { target, .. } = entry {
                let to = match target {
                    Target::Dotted(d) => resolver.python_module(d),
                    Target::Name(n) if !conf.lists.contains_key(n) => {
                        resolver.import_of(file, n.split('.').next().unwrap_or(n))
                    }
                    _ => None,
                };
                if let Some(to) = to {
                    out.insert(to);
                }
            }
        }
    }
    out
}

struct Walker<'a, 'b> {
    confs: &'a BTreeMap<String, &'a UrlConf>,
    resolver: &'a dyn Resolver,
    out: &'b mut Vec<Endpoint>,
    reached: &'b mut BTreeMap<String, bool>,
    unresolved: &'b mut Vec<super::Unresolved>,
}

const MAX_DEPTH: usize = 16;

impl Walker<'_, '_> {
    fn expand_file(&mut self, file: &str, prefix: &str, depth: usize) {
        let Some(conf) = self.confs.get(file) else {
            return;
        };
        if let Some(r) = self.reached.get_mut(file) {
            *r = true;
        }
        self.entries(file, conf, &conf.patterns, prefix, depth);
    }

    fn entries(
        &mut self,
        file: &str,
        conf: &UrlConf,
        entries: &[Entry],
        prefix: &str,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            self.unresolved.push(super::Unresolved {
                what: "include".into(),
                reason: format!("include() nesting deeper than {MAX_DEPTH} (a cycle?)"),
                file: file.to_string(),
                line: 1,
            });
            return;
        }
        for entry in entries {
            match entry {
                Entry::Route {
                    route,
                    handler,
                    line,
                } => {
                    let (module, handler_file) = self.resolver.handler_module(file, handler);
                    self.out.push(Endpoint {
                        framework: "django".into(),
                        method: None,
                        path: format!("/{prefix}{}", route.trim_end_matches('$')),
                        handler: handler.text.clone(),
                        module,
                        file: file.to_string(),
                        line: *line,
                        handler_file,
                    });
                }
                Entry::Include {
                    route,
                    target,
                    line,
                } => {
                    let prefix = format!("{prefix}{route}");
                    match target {
                        Target::Router(name) => self.router(file, conf, name, &prefix),
                        Target::Name(name) if conf.lists.contains_key(name) => {
                            if let Some(list) = conf.lists.get(name) {
                                self.entries(file, conf, list, &prefix, depth + 1);
                            }
                        }
                        Target::Name(name) => {
                            let root = name.split('.').next().unwrap_or(name);
                            match self.resolver.import_of(file, root) {
                                Some(to) if self.confs.contains_key(&to) => {
                                    self.expand_file(&to, &prefix, depth + 1)
                                }
                                _ => self.unresolved.push(super::Unresolved {
                                    what: "include".into(),
                                    reason: format!("include({name}) names no URLconf planner could find"),
                                    file: file.to_string(),
                                    line: *line,
                                }),
                            }
                        }
                        Target::Dotted(dotted) => match self.resolver.python_module(dotted) {
                            Some(to) if self.confs.contains_key(&to) => {
                                self.expand_file(&to, &prefix, depth + 1)
                            }
                            _ => self.unresolved.push(super::Unresolved {
                                what: "include".into(),
                                reason: format!(
                                    "include({dotted:?}): no such URLconf in the repository (a third-party app?)"
                                ),
                                file: file.to_string(),
                                line: *line,
                            }),
                        },
                    }
                }
            }
        }
    }

    /// DRF routers: a list route and a detail route per registration (the
    /// methods depend on the viewset's mixins, so they are not guessed).
    fn router(&mut self, file: &str, conf: &UrlConf, name: &str, prefix: &str) {
        let Some(regs) = conf.routers.get(name) else {
            return;
        };
        for reg in regs {
            let (module, handler_file) = self.resolver.handler_module(file, &reg.viewset);
            let base = reg.prefix.trim_start_matches('^').trim_end_matches('/');
            for suffix in ["/", "/<pk>/"] {
                self.out.push(Endpoint {
                    framework: "django-rest-framework".into(),
                    method: None,
                    path: format!("/{prefix}{base}{suffix}"),
                    handler: reg.viewset.text.clone(),
                    module: module.clone(),
                    file: file.to_string(),
                    line: reg.line,
                    handler_file: handler_file.clone(),
                });
            }
        }
    }
}
