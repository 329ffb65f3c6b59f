//! Capability discovery for trees organised by technical layer.
//!
//! A Rails `app/`, an Express `src/` or Outline's `server/` keeps models,
//! controllers, jobs and mailers in folders of their own: grouping by folder
//! gives layers, the classic wrong cut. Where folders are layers, planner
//! groups files by the business entity they are about instead:
//!
//! 1. **Entities** are the ORM models the schema stage found, the files of
//!    model folders, and names that recur across two or more layers
//!    (`handlers/queries.py` beside `tasks/queries.py`).
//! 2. **Capabilities** are communities of entities (deterministic Louvain)
//!    joined by the data: foreign keys, associations and references between
//!    model files, and names that extend another (`IssueStatus` → `Issue`).
//! 3. **Files** join a capability by name first (`IssuesController`,
//!    `issue_mailer.rb`, `routes/api/issues/`), then by what they reference
//!    and what references them. Code that many capabilities use without one
//!    dominating is the shared kernel: reported, never ranked.
//!
//! Folders that are domains already (Django apps, packs, engines, workspace
//! packages, declared modules) are left as they are. Each placed file keeps
//! the reason and a confidence.

mod community;
mod entities;
mod names;

use super::modules::{ModuleAssignment, ModuleDef};
use super::roles::FileRole;
use crate::analysis::{FileEdge, ModuleKind};
use crate::inflect::pluralize;
use crate::resolve::parent_dir;
use entities::{communities, entities, Entities};
use names::{best_entity, is_layer_dir, subject_words};
use std::collections::{BTreeMap, BTreeSet};

/// Why a file sits in its module.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    pub reason: String,
    /// 0..1: how sure the evidence is.
    pub confidence: f64,
}

/// What discovery reads.
pub struct Input<'a> {
    pub files: &'a [&'a str],
    pub roles: &'a BTreeMap<&'a str, FileRole>,
    pub edges: &'a [FileEdge],
    /// Table → model file, and the foreign keys between tables (declared
    /// first, then inferred from column names).
    pub models: BTreeMap<String, String>,
    pub keys: Vec<(String, String, bool)>,
}

/// Folders that mark a tree as layered when two or more sit side by side.
pub(super) const LAYER_SIGNALS: &[&str] = &[
    "models",
    "model",
    "entities",
    "controllers",
    "views",
    "helpers",
    "mailers",
    "jobs",
    "workers",
    "serializers",
    "policies",
    "services",
    "routes",
    "routers",
    "handlers",
    "presenters",
    "decorators",
    "commands",
    "validators",
    "channels",
    "resolvers",
    "mutations",
    "repositories",
    "middlewares",
    "listeners",
    "subscribers",
    "emails",
    "queues",
    "processors",
    "scenes",
    "stores",
    "mailboxes",
    // A user interface's layers (React, Vue, Angular): `pages/` beside
    // `components/` or `services/` is a layered front end, whose subfolders
    // name the screens and features of the capabilities.
    "pages",
    "containers",
    "screens",
    "components",
    "composables",
];

/// Front-end layers that only count beside a layer of screens (`pages`,
/// `scenes`, `views`): a feature folder has its own `components/` too
/// (`shared/editor/components` beside `shared/editor/commands`).
const WIDGET_SIGNALS: &[&str] = &["components", "composables"];

/// Layers of screens, which make `components/` beside them a layer.
const SCREEN_SIGNALS: &[&str] = &["pages", "containers", "screens", "scenes", "views"];

/// Rails namespaces are domains (`Billing::Invoice` across layers) unless
/// they name a layer in disguise (`Api::V1`, `Admin`, `Avo`).
fn is_layer_namespace(def: &ModuleDef) -> bool {
    def.root
        .rsplit('/')
        .next()
        .is_some_and(|ns| is_layer_dir(ns) || matches!(ns, "avo" | "admin" | "api" | "internal"))
}

/// Module kinds that are only folders, open to discovery.
fn is_folder_kind(kind: ModuleKind) -> bool {
    matches!(
        kind,
        ModuleKind::RailsLayer
            | ModuleKind::SourceFolder
            | ModuleKind::Directory
            | ModuleKind::Layer
            | ModuleKind::RailsNamespace
    )
}

/// Regroups the layered parts of the tree by capability. Returns why each
/// moved file went where it did.
pub fn discover(input: &Input<'_>, out: &mut ModuleAssignment) -> BTreeMap<String, Placement> {
    let zone = layered_zone(input, out);
    if zone.files.is_empty() {
        return BTreeMap::new();
    }
    let entities = entities(input, &zone);
    if entities.keys.len() < 2 {
        return BTreeMap::new();
    }
    let community_of = communities(input, &entities);
    let mut placed = attach_by_name(&zone, &entities, &community_of);
    attach_by_reference(input, &zone, &mut placed);
    apply(input, out, &zone, &entities, &community_of, placed)
}

/// The files discovery may move, and the layered roots they sit under.
pub(super) struct Zone {
    /// File → its layered root (`app`, `server`, `src`).
    pub(super) files: BTreeMap<String, String>,
    /// Files of a Rails namespace that is a domain (`Billing`, `Mod`): they
    /// stay in it unless their own name is an entity defined elsewhere
    /// (`Mod::StoriesController` is about stories).
    pub(super) namespaced: BTreeMap<String, String>,
}

/// The entity key a table, class or file name stands for
/// (`query_results` → `query_result`).
pub fn entity_key(name: &str) -> String {
    names::key_of(&names::subject_words(name))
}

/// The entity keys of a discovered capability, read from the root discovery
/// gives it (`entities: query, query_result`); None for other modules.
pub fn capability_entities(root: &str) -> Option<impl Iterator<Item = &str>> {
    root.strip_prefix("entities: ")
        .map(|list| list.split(", ").filter(|k| !k.is_empty()))
}

/// Would discovery look at any file (is any part of the tree layered)? When
/// not, it needs no schema: `planner graph` then skips reading it.
pub fn has_layered_zone(
    files: &[&str],
    roles: &BTreeMap<&str, FileRole>,
    out: &ModuleAssignment,
) -> bool {
    let input = Input {
        files,
        roles,
        edges: &[],
        models: BTreeMap::new(),
        keys: Vec::new(),
    };
    !layered_zone(&input, out).files.is_empty()
}

fn layered_zone(input: &Input<'_>, out: &ModuleAssignment) -> Zone {
    // A workspace package is opened too, but only below its own root: an
    // app package (`client/`, `packages/web`) has layers of its own, while
    // a library package has none and stays whole.
    let package_of = |f: &str| {
        out.module_of
            .get(f)
            .and_then(|m| out.modules.get(m))
            .filter(|def| def.kind == ModuleKind::WorkspacePackage)
            .map(|def| def.root.as_str())
    };
    let open: Vec<&str> = input
        .files
        .iter()
        .copied()
        .filter(|f| {
            out.module_of
                .get(*f)
                .and_then(|m| out.modules.get(m))
                .is_some_and(|def| {
                    is_folder_kind(def.kind) || def.kind == ModuleKind::WorkspacePackage
                })
        })
        .collect();
    let namespaced: BTreeMap<String, String> = open
        .iter()
        .filter_map(|f| {
            let def = out.modules.get(out.module_of.get(*f)?)?;
            (def.kind == ModuleKind::RailsNamespace && !is_layer_namespace(def)).then(|| {
                (
                    f.to_string(),
                    def.root.rsplit('/').next().unwrap_or("").to_string(),
                )
            })
        })
        .collect();
    // Directory → the layer-named folders under it that hold files.
    let mut layers_under: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for &file in &open {
        let floor = package_of(file);
        let mut dir = parent_dir(file);
        while !dir.is_empty() && Some(dir) != floor {
            let parent = parent_dir(dir);
            let name = dir.rsplit('/').next().unwrap_or(dir);
            if LAYER_SIGNALS.contains(&name) {
                layers_under.entry(parent).or_default().insert(name);
            }
            dir = parent;
        }
    }
    let roots: BTreeSet<&str> = layers_under
        .iter()
        .filter(|(_, layers)| {
            let screens = layers.iter().any(|l| SCREEN_SIGNALS.contains(l));
            layers
                .iter()
                .filter(|l| screens || !WIDGET_SIGNALS.contains(l))
                .count()
                >= 2
        })
        .map(|(dir, _)| *dir)
        .collect();
    let rails_app = roots.contains("app");
    if roots.is_empty() {
        // Nothing is layered: folders are the modules.
        return Zone {
            files: BTreeMap::new(),
            namespaced,
        };
    }
    let mut files = BTreeMap::new();
    for &file in &open {
        let floor = package_of(file);
        let mut dir = parent_dir(file);
        let mut root = None;
        loop {
            if roots.contains(dir) {
                root = Some(dir);
            }
            if dir.is_empty() || Some(dir) == floor {
                break;
            }
            dir = parent_dir(dir);
        }
        if floor.is_some() {
            // Only a package's layered tree is opened.
            if let Some(root) = root {
                files.insert(file.to_string(), root.to_string());
            }
            continue;
        }
        // The outermost layered root: `server` rather than `server/routes`.
        // Beside a Rails `app/`, Ruby under `lib/`, `extras/` and the like
        // serves the same capabilities.
        let root = root.or_else(|| {
            (rails_app && file.ends_with(".rb"))
                .then(|| file.split('/').next().filter(|top| *top != file))
                .flatten()
        });
        if let Some(root) = root {
            files.insert(file.to_string(), root.to_string());
        } else if !input.roles.get(file).is_some_and(|r| r.is_production()) {
            // Tests, migrations and tooling outside the layered tree are
            // attributed by name when they can be.
            files.insert(file.to_string(), String::new());
        }
    }
    Zone { files, namespaced }
}

/// A file's entity, by the folders below its layer, then its own name.
fn entity_by_name(file: &str, root: &str, entities: &Entities) -> Option<(String, &'static str)> {
    let below = file
        .strip_prefix(root)
        .unwrap_or(file)
        .trim_start_matches('/');
    let mut parts: Vec<&str> = below.split('/').collect();
    let name = parts.pop().unwrap_or("");
    let is_entity = |k: &str| entities.keys.contains_key(k);
    if let Some(key) = best_entity(&subject_words(name), is_entity) {
        return Some((key, "its name"));
    }
    // A folder names an entity only by its whole subject: `issues/` and
    // `issue_statuses/` do, but `query_runner/` (71 database connectors)
    // and `wiki_formatting/` are subsystems of their own.
    parts
        .iter()
        .rev()
        .filter(|dir| !is_layer_dir(dir))
        .find_map(|dir| {
            let key = names::key_of(&subject_words(dir));
            is_entity(&key).then_some(key)
        })
        .map(|k| (k, "its folder"))
}

/// Placements so far: file → (community, reason, confidence).
type Placed = BTreeMap<String, (usize, String, f64)>;

fn attach_by_name(
    zone: &Zone,
    entities: &Entities,
    community_of: &BTreeMap<String, usize>,
) -> Placed {
    let mut placed = Placed::new();
    for (key, files) in &entities.keys {
        for file in files {
            placed.insert(
                file.clone(),
                (community_of[key], format!("defines the entity {key}"), 1.0),
            );
        }
    }
    for (file, root) in &zone.files {
        if placed.contains_key(file) {
            continue;
        }
        if let Some(namespace) = zone.namespaced.get(file) {
            let is_outside = |k: &str| {
                entities.keys.get(k).is_some_and(|defs| {
                    !defs.is_empty()
                        && defs
                            .iter()
                            .all(|d| !d.split('/').any(|part| part == namespace))
                })
            };
            if let Some(key) = best_entity(&subject_words(file_name(file)), is_outside) {
                placed.insert(
                    file.clone(),
                    (
                        community_of[&key],
                        format!("its name names the entity {key}, defined outside its namespace"),
                        0.8,
                    ),
                );
            }
            continue;
        }
        if let Some((key, how)) = entity_by_name(file, root, entities) {
            let confidence = if how == "its folder" { 0.8 } else { 0.9 };
            placed.insert(
                file.clone(),
                (
                    community_of[&key],
                    format!("{how} names the entity {key}"),
                    confidence,
                ),
            );
        }
    }
    placed
}

/// Files no name placed join the capability they depend on and are used by
/// most, in rounds, each round reading only the previous one's placements.
fn attach_by_reference(input: &Input<'_>, zone: &Zone, placed: &mut Placed) {
    let mut neighbours: BTreeMap<&str, Vec<(&str, f64)>> = BTreeMap::new();
    for edge in input.edges {
        if edge.from == edge.to {
            continue;
        }
        // Depending on a file says more about a file's subject than being
        // used by it.
        neighbours
            .entry(edge.from.as_str())
            .or_default()
            .push((edge.to.as_str(), 1.0));
        neighbours
            .entry(edge.to.as_str())
            .or_default()
            .push((edge.from.as_str(), 0.5));
    }
    for _round in 0..4 {
        let mut next: Vec<(String, (usize, String, f64))> = Vec::new();
        for (file, root) in &zone.files {
            if placed.contains_key(file)
                || root.is_empty()
                || zone.namespaced.contains_key(file)
                || is_base_code(file)
            {
                continue;
            }
            let mut weight: BTreeMap<usize, f64> = BTreeMap::new();
            let mut total = 0.0;
            for &(other, w) in neighbours.get(file.as_str()).map_or(&[][..], |v| v) {
                total += w;
                if let Some((c, _, _)) = placed.get(other) {
                    *weight.entry(*c).or_default() += w;
                }
            }
            let best = weight
                .iter()
                .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)));
            if let Some((&c, &w)) = best {
                let share = w / total;
                if share >= 0.5 {
                    next.push((
                        file.clone(),
                        (
                            c,
                            format!(
                                "{:.0}% of its references are to this capability",
                                share * 100.0
                            ),
                            (share * 0.7 * 100.0).round() / 100.0,
                        ),
                    ));
                }
            }
        }
        if next.is_empty() {
            break;
        }
        placed.extend(next);
    }
}

/// Writes the placements into the assignment: one module per community,
/// the shared kernel, and layer leftovers marked as layers.
fn apply(
    input: &Input<'_>,
    out: &mut ModuleAssignment,
    zone: &Zone,
    entities: &Entities,
    community_of: &BTreeMap<String, usize>,
    placed: Placed,
) -> BTreeMap<String, Placement> {
    // Name each community after its entity with the most files.
    let mut files_per_key: BTreeMap<&str, usize> = BTreeMap::new();
    for (file, root) in &zone.files {
        if let Some((key, _)) = entity_by_name(file, root, entities) {
            if let Some(k) = entities.keys.get_key_value(key.as_str()) {
                *files_per_key.entry(k.0.as_str()).or_default() += 1;
            }
        }
    }
    let mut name_of: BTreeMap<usize, (usize, String)> = BTreeMap::new();
    for (key, &c) in community_of {
        let weight =
            files_per_key.get(key.as_str()).copied().unwrap_or(0) + entities.keys[key].len() * 2;
        let entry = name_of.entry(c).or_insert((0, String::new()));
        if entry.1.is_empty() || weight > entry.0 {
            *entry = (weight, key.clone());
        }
    }
    let taken: BTreeSet<String> = out
        .modules
        .iter()
        .filter(|(_, d)| !is_folder_kind(d.kind))
        .map(|(n, _)| n.clone())
        .collect();
    let module_name: BTreeMap<usize, String> = name_of
        .iter()
        .map(|(&c, (_, key))| {
            let name = pluralize(key);
            let name = if taken.contains(&name) {
                format!("{name}_capability")
            } else {
                name
            };
            (c, name)
        })
        .collect();
    let members: BTreeMap<usize, Vec<&str>> =
        community_of
            .iter()
            .fold(BTreeMap::new(), |mut acc, (key, &c)| {
                acc.entry(c).or_default().push(key.as_str());
                acc
            });

    let mut reasons = BTreeMap::new();
    let kernel = shared_kernel(input, zone, &placed);
    for (file, root) in &zone.files {
        let production = input
            .roles
            .get(file.as_str())
            .is_some_and(|r| r.is_production());
        if let Some((c, reason, confidence)) = placed.get(file) {
            let name = &module_name[c];
            out.module_of.insert(file.clone(), name.clone());
            out.modules
                .entry(name.clone())
                .or_insert_with(|| ModuleDef {
                    name: name.clone(),
                    kind: ModuleKind::Capability,
                    root: format!("entities: {}", members[c].join(", ")),
                });
            reasons.insert(
                file.clone(),
                Placement {
                    reason: reason.clone(),
                    confidence: *confidence,
                },
            );
        } else if production
            && !root.is_empty()
            && (kernel.contains(file.as_str()) || in_layer_module(out, file))
        {
            let (reason, confidence) = if kernel.contains(file.as_str()) {
                ("used by several capabilities, none of them most", 0.6)
            } else {
                ("a layer's file with no entity in its name and no capability among its references", 0.3)
            };
            out.module_of
                .insert(file.clone(), SHARED_KERNEL.to_string());
            out.modules
                .entry(SHARED_KERNEL.to_string())
                .or_insert_with(shared_kernel_def);
            reasons.insert(
                file.clone(),
                Placement {
                    reason: reason.into(),
                    confidence,
                },
            );
        }
    }
    // Beside capabilities, framework set-up and helpers folders
    // (`config/initializers`, `utils`) are the kernel they share.
    if !reasons.is_empty() {
        for file in input.files {
            let production = input.roles.get(file).is_some_and(|r| r.is_production());
            let Some(def) = out.module_of.get(*file).and_then(|m| out.modules.get(m)) else {
                continue;
            };
            if production
                && !zone.files.contains_key(*file)
                && matches!(
                    def.kind,
                    ModuleKind::Directory | ModuleKind::SourceFolder | ModuleKind::RailsLayer
                )
                && def
                    .root
                    .split('/')
                    .next()
                    .is_some_and(super::graph::is_support)
                && is_plumbing(&def.root)
            {
                out.module_of
                    .insert(file.to_string(), SHARED_KERNEL.to_string());
                out.modules
                    .entry(SHARED_KERNEL.to_string())
                    .or_insert_with(shared_kernel_def);
                reasons.insert(
                    file.to_string(),
                    Placement {
                        reason: "framework set-up or helpers folder".into(),
                        confidence: 0.7,
                    },
                );
            }
        }
    }
    // What stays in a layer folder is the layer's plumbing, not a capability.
    let left: BTreeSet<String> = zone
        .files
        .iter()
        .filter(|(f, root)| !root.is_empty() && !placed.contains_key(*f))
        .filter(|(f, _)| in_layer_module(out, f))
        .filter_map(|(f, _)| out.module_of.get(f).cloned())
        .collect();
    for name in left {
        if let Some(def) = out.modules.get_mut(&name) {
            if is_folder_kind(def.kind) {
                def.kind = ModuleKind::Layer;
            }
        }
    }
    let used: BTreeSet<&String> = out.module_of.values().collect();
    out.modules.retain(|name, _| used.contains(name));
    reasons
}

/// Whether `file` sits in a module named after a layer (`app/jobs`,
/// `server/utils`) rather than after something of its own.
fn in_layer_module(out: &ModuleAssignment, file: &str) -> bool {
    out.module_of
        .get(file)
        .and_then(|m| out.modules.get(m))
        .is_some_and(|def| {
            // Named after a layer or support folder all the way down:
            // `app/jobs`, `config/initializers`, but not `shared/editor`.
            def.kind == ModuleKind::RailsLayer
                || def.kind == ModuleKind::Layer
                || is_plumbing(&def.root)
        })
}

/// A folder named after layers or support code all the way down
/// (`app/jobs`, `config/initializers`, `server/utils`), unlike
/// `shared/editor`, which names something of its own.
fn is_plumbing(root: &str) -> bool {
    root.split('/')
        .all(|part| is_layer_dir(part) || super::graph::is_support(part))
}

/// Base classes (`ApplicationRecord`, `BaseController`) and concerns: every
/// capability builds on them, whatever they reference.
pub(super) fn is_base_code(path: &str) -> bool {
    let name = file_name(path);
    name.starts_with("application_")
        || name.starts_with("application.")
        || name.starts_with("base")
        || name.starts_with("Base")
        || path.contains("/concerns/")
}

/// The module that holds code used everywhere.
pub const SHARED_KERNEL: &str = "shared_kernel";

fn shared_kernel_def() -> ModuleDef {
    ModuleDef {
        name: SHARED_KERNEL.to_string(),
        kind: ModuleKind::SharedKernel,
        root: "code used across capabilities".into(),
    }
}

/// Unplaced production files that at least two capabilities use, or that
/// are base classes (`ApplicationRecord`, `Base`) and concerns.
fn shared_kernel<'z>(input: &Input<'_>, zone: &'z Zone, placed: &Placed) -> BTreeSet<&'z str> {
    let mut users: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
    for edge in input.edges {
        if let Some((c, _, _)) = placed.get(&edge.from) {
            users.entry(edge.to.as_str()).or_default().insert(*c);
        }
    }
    zone.files
        .keys()
        .filter(|f| !placed.contains_key(*f) && !zone.namespaced.contains_key(*f))
        .filter(|f| users.get(f.as_str()).is_some_and(|u| u.len() >= 2) || is_base_code(f))
        .map(String::as_str)
        .collect()
}

pub(super) fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}
