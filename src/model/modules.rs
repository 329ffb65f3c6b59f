//! Which module each file belongs to. Declarations in `planner.toml` win;
//! then the deepest detected unit (Django app, packwerk pack, Rails engine,
//! workspace package); then Rails `app/` namespaces and layers; then top-level
//! `src/` folders; otherwise the directory at `modules.depth`.

use crate::analysis::ModuleKind;
use crate::config::ModulesConfig;
use crate::inflect::camelize;
use crate::resolve::parent_dir;
use anyhow::{Context, Result};
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::collections::{BTreeMap, BTreeSet};

/// A module as detected: its name, kind and root directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleDef {
    pub name: String,
    pub kind: ModuleKind,
    pub root: String,
}

#[derive(Debug, Default)]
pub struct ModuleAssignment {
    /// File → module name.
    pub module_of: BTreeMap<String, String>,
    /// Module name → definition.
    pub modules: BTreeMap<String, ModuleDef>,
}

/// Directories of Rails apps whose files are not constants of a domain.
const RAILS_NON_DOMAIN: &[&str] = &["assets", "views", "javascript", "javascripts", "frontend"];

pub fn assign_modules(
    files: &[&str],
    all_paths: &BTreeSet<String>,
    config: &ModulesConfig,
) -> Result<ModuleAssignment> {
    let declared = declared_sets(config)?;
    let units = detect_units(all_paths);
    let mut out = ModuleAssignment::default();
    for &file in files {
        let def = declared
            .iter()
            .find(|(_, _, set)| set.is_match(file))
            .map(|(name, first, _)| ModuleDef {
                name: name.clone(),
                kind: ModuleKind::Declared,
                root: first.clone(),
            })
            .or_else(|| deepest_unit(file, &units))
            .or_else(|| rails_namespace(file))
            .or_else(|| src_folder(file))
            .unwrap_or_else(|| by_depth(file, config.depth));
        out.module_of.insert(file.to_string(), def.name.clone());
        out.modules.entry(def.name.clone()).or_insert(def);
    }
    split_oversized(&mut out, files.len(), config.depth);
    fold_layer_slices(&mut out, &config.layers);
    Ok(out)
}

/// A directory module that holds more than a fifth of all files (and at
/// least 100) says little; its subdirectories become modules of their own,
/// one level down. Files directly inside it stay in it.
fn split_oversized(out: &mut ModuleAssignment, total: usize, depth: usize) {
    let threshold = (total / 5).max(100);
    let mut sizes: BTreeMap<&str, usize> = BTreeMap::new();
    for module in out.module_of.values() {
        *sizes.entry(module.as_str()).or_default() += 1;
    }
    let oversized: BTreeSet<String> = sizes
        .into_iter()
        .filter(|(name, n)| {
            *n > threshold
                && out
                    .modules
                    .get(*name)
                    .is_some_and(|d| d.kind == ModuleKind::Directory)
        })
        .map(|(name, _)| name.to_string())
        .collect();
    if oversized.is_empty() {
        return;
    }
    for (file, module) in out.module_of.iter_mut() {
        if !oversized.contains(module.as_str()) {
            continue;
        }
        let deeper = by_depth(file, depth.max(1) + 1);
        if deeper.name != *module {
            *module = deeper.name.clone();
            out.modules.entry(deeper.name.clone()).or_insert(deeper);
        }
    }
    let used: BTreeSet<&String> = out.module_of.values().collect();
    out.modules.retain(|name, _| used.contains(name));
}

/// `saleor/graphql/order` joins `saleor/order` when `graphql` is a layer
/// folder and `saleor/order` is a detected module: one vertical slice per
/// domain, the way an extraction would cut it. Declared modules are left
/// alone.
fn fold_layer_slices(out: &mut ModuleAssignment, layers: &[String]) {
    let mut target: BTreeMap<String, String> = BTreeMap::new();
    for (name, def) in &out.modules {
        if def.kind == ModuleKind::Declared {
            continue;
        }
        let parts: Vec<&str> = name.split('/').collect();
        let Some(layer_at) = parts.len().checked_sub(2) else {
            continue;
        };
        if !layers.iter().any(|l| l == parts[layer_at]) {
            continue;
        }
        let mut sibling: Vec<&str> = parts[..layer_at].to_vec();
        sibling.push(parts[layer_at + 1]);
        let sibling = sibling.join("/");
        if out
            .modules
            .get(&sibling)
            .is_some_and(|d| d.kind != ModuleKind::Declared)
        {
            target.insert(name.clone(), sibling);
        }
    }
    if target.is_empty() {
        return;
    }
    // What stays in a layer folder that was split by domain is the layer's
    // own plumbing (schema root, shared views): the front door, not a domain.
    let split_layers: BTreeSet<String> = target
        .keys()
        .filter_map(|name| name.rsplit_once('/').map(|(layer, _)| layer.to_string()))
        .collect();
    for (name, def) in out.modules.iter_mut() {
        if split_layers.contains(name) {
            def.kind = ModuleKind::Layer;
        }
    }
    for module in out.module_of.values_mut() {
        if let Some(to) = target.get(module.as_str()) {
            *module = to.clone();
        }
    }
    for (from, to) in &target {
        if let Some(def) = out.modules.remove(from) {
            if let Some(into) = out.modules.get_mut(to) {
                into.root = format!("{}, {}", into.root, def.root);
            }
        }
    }
}

fn declared_sets(config: &ModulesConfig) -> Result<Vec<(String, String, GlobSet)>> {
    let mut sets = Vec::new();
    for (name, globs) in &config.declare {
        let mut builder = GlobSetBuilder::new();
        for glob in globs {
            builder.add(Glob::new(glob).with_context(|| {
                format!("invalid glob {glob:?} for module {name} in planner.toml")
            })?);
        }
        let first = globs.first().cloned().unwrap_or_default();
        sets.push((name.clone(), first, builder.build()?));
    }
    Ok(sets)
}

/// Unit roots found from marker files, keyed by directory.
fn detect_units(all_paths: &BTreeSet<String>) -> BTreeMap<String, ModuleKind> {
    let mut units = BTreeMap::new();
    let mut rails_apps: BTreeSet<String> = BTreeSet::new();
    for path in all_paths {
        let dir = parent_dir(path);
        let name = path.rsplit('/').next().unwrap_or(path);
        let kind = match name {
            "apps.py" => Some(ModuleKind::DjangoApp),
            // Models with migrations make an app even without apps.py; a bare
            // models.py (a dataloader, a pydantic file) does not.
            "models.py" if has_migrations(all_paths, dir) => Some(ModuleKind::DjangoApp),
            "__init__.py"
                if (dir.ends_with("/models") || dir == "models")
                    && has_migrations(all_paths, parent_dir(dir)) =>
            {
                units.insert(parent_dir(dir).to_string(), ModuleKind::DjangoApp);
                None
            }
            "package.yml" => Some(ModuleKind::PackwerkPack),
            "package.json" | "project.json" if !dir.is_empty() => {
                Some(ModuleKind::WorkspacePackage)
            }
            // NestJS: `team/team.module.ts` makes `team/` a feature module.
            _ if name
                .strip_suffix(".module.ts")
                .is_some_and(|stem| !dir.is_empty() && dir.rsplit('/').next() == Some(stem)) =>
            {
                Some(ModuleKind::FeatureModule)
            }
            _ if name.ends_with(".gemspec") && !dir.is_empty() => {
                rails_apps.insert(dir.to_string());
                None
            }
            _ => None,
        };
        if let Some(kind) = kind {
            if !(kind == ModuleKind::DjangoApp && dir.is_empty()) {
                units.entry(dir.to_string()).or_insert(kind);
            }
        }
    }
    // A gem directory is a Rails engine when it has an app/ folder.
    for dir in rails_apps {
        if all_paths
            .range(format!("{dir}/app/")..)
            .next()
            .is_some_and(|p| p.starts_with(&format!("{dir}/app/")))
        {
            units.entry(dir).or_insert(ModuleKind::RailsEngine);
        }
    }
    // A root package.yml makes the root a pack; that would swallow everything.
    units.remove("");
    units
}

fn has_migrations(all_paths: &BTreeSet<String>, dir: &str) -> bool {
    let prefix = if dir.is_empty() {
        "migrations/".to_string()
    } else {
        format!("{dir}/migrations/")
    };
    all_paths
        .range(prefix.clone()..)
        .next()
        .is_some_and(|p| p.starts_with(&prefix))
}

fn deepest_unit(file: &str, units: &BTreeMap<String, ModuleKind>) -> Option<ModuleDef> {
    let mut dir = parent_dir(file);
    while !dir.is_empty() {
        if let Some(&kind) = units.get(dir) {
            return Some(ModuleDef {
                name: dir.to_string(),
                kind,
                root: dir.to_string(),
            });
        }
        dir = parent_dir(dir);
    }
    None
}

/// `app/models/billing/invoice.rb` → `Billing` (a namespace across layers);
/// `app/models/story.rb` → `app/models` (a layer).
fn rails_namespace(file: &str) -> Option<ModuleDef> {
    let parts: Vec<&str> = file.split('/').collect();
    if parts.len() < 3 || parts[0] != "app" || RAILS_NON_DOMAIN.contains(&parts[1]) {
        return None;
    }
    if !file.ends_with(".rb") {
        return None;
    }
    let is_namespaced = parts.len() >= 4 && parts[2] != "concerns";
    if is_namespaced {
        let name = camelize(parts[2], &[]);
        return Some(ModuleDef {
            name: name.clone(),
            kind: ModuleKind::RailsNamespace,
            root: format!("app/*/{}", parts[2]),
        });
    }
    let layer = format!("app/{}", parts[1]);
    Some(ModuleDef {
        name: layer.clone(),
        kind: ModuleKind::RailsLayer,
        root: layer,
    })
}

/// `src/billing/...` → `src/billing`.
fn src_folder(file: &str) -> Option<ModuleDef> {
    let parts: Vec<&str> = file.split('/').collect();
    if parts.len() >= 3 && parts[0] == "src" {
        let root = format!("src/{}", parts[1]);
        return Some(ModuleDef {
            name: root.clone(),
            kind: ModuleKind::SourceFolder,
            root,
        });
    }
    None
}

fn by_depth(file: &str, depth: usize) -> ModuleDef {
    let dirs: Vec<&str> = parent_dir(file)
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let root = if dirs.is_empty() {
        "(root)".to_string()
    } else {
        dirs[..dirs.len().min(depth.max(1))].join("/")
    };
    ModuleDef {
        name: root.clone(),
        kind: ModuleKind::Directory,
        root,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assign(files: &[&str], extra: &[&str]) -> BTreeMap<String, String> {
        let all: BTreeSet<String> = files.iter().chain(extra).map(|s| s.to_string()).collect();
        assign_modules(files, &all, &ModulesConfig::default())
            .unwrap()
            .module_of
    }

    #[test]
    fn django_app_claims_its_files_and_the_deepest_app_wins() {
        let m = assign(
            &[
                "shop/orders/models.py",
                "shop/orders/views/list.py",
                "shop/orders/refunds/models.py",
                "shop/settings.py",
            ],
            &["shop/orders/apps.py", "shop/orders/refunds/apps.py"],
        );
        assert_eq!(m["shop/orders/views/list.py"], "shop/orders");
        assert_eq!(m["shop/orders/refunds/models.py"], "shop/orders/refunds");
        assert_eq!(m["shop/settings.py"], "shop");
    }

    #[test]
    fn an_api_layer_split_by_domain_joins_the_domain_module() {
        let files = [
            "shop/order/__init__.py",
            "shop/order/apps.py",
            "shop/order/models.py",
            "shop/order/migrations/__init__.py",
            "shop/graphql/order/__init__.py",
            "shop/graphql/order/schema.py",
            "shop/graphql/api.py",
            "shop/graphql/search/__init__.py",
        ];
        let all: BTreeSet<String> = files.iter().map(|s| s.to_string()).collect();
        let config = ModulesConfig {
            depth: 3,
            ..ModulesConfig::default()
        };
        let m = assign_modules(&files, &all, &config).unwrap();
        assert_eq!(m.module_of["shop/graphql/order/schema.py"], "shop/order");
        assert_eq!(
            m.modules["shop/order"].root,
            "shop/order, shop/graphql/order"
        );
        // No sibling `shop/search`: the layer's own package stays apart.
        assert_eq!(
            m.module_of["shop/graphql/search/__init__.py"],
            "shop/graphql/search"
        );
        if let Some(layer) = m.modules.get("shop/graphql") {
            assert_eq!(layer.kind, ModuleKind::Layer);
        }
        assert_ne!(m.module_of["shop/graphql/api.py"], "shop/order");
    }

    #[test]
    fn rails_namespaces_cross_layers_and_top_level_files_group_by_layer() {
        let m = assign(
            &[
                "app/models/billing/invoice.rb",
                "app/controllers/billing/invoices_controller.rb",
                "app/models/story.rb",
                "app/models/concerns/taggable.rb",
            ],
            &[],
        );
        assert_eq!(m["app/models/billing/invoice.rb"], "Billing");
        assert_eq!(
            m["app/controllers/billing/invoices_controller.rb"],
            "Billing"
        );
        assert_eq!(m["app/models/story.rb"], "app/models");
        assert_eq!(m["app/models/concerns/taggable.rb"], "app/models");
    }

    #[test]
    fn a_bare_models_py_without_migrations_is_not_an_app() {
        let m = assign(
            &[
                "api/loaders/models.py",
                "api/loaders/users.py",
                "shop/orders/models.py",
            ],
            &["shop/orders/migrations/0001_initial.py"],
        );
        assert_eq!(m["shop/orders/models.py"], "shop/orders");
        assert_eq!(m["api/loaders/models.py"], "api/loaders");
    }

    #[test]
    fn an_oversized_directory_module_is_split_one_level_down() {
        let mut files: Vec<String> = (0..150)
            .map(|i| format!("web/api/orders/f{i}.py"))
            .collect();
        files.extend((0..150).map(|i| format!("web/api/users/f{i}.py")));
        files.extend((0..100).map(|i| format!("lib/x{i}.py")));
        files.push("web/api/schema.py".into());
        let refs: Vec<&str> = files.iter().map(String::as_str).collect();
        let all: BTreeSet<String> = files.iter().cloned().collect();
        let a = assign_modules(&refs, &all, &ModulesConfig::default()).unwrap();
        assert_eq!(a.module_of["web/api/orders/f1.py"], "web/api/orders");
        assert_eq!(a.module_of["web/api/schema.py"], "web/api");
        assert_eq!(a.module_of["lib/x1.py"], "lib");
    }

    #[test]
    fn declared_modules_win() {
        let files = ["shop/orders/models.py"];
        let all: BTreeSet<String> = files.iter().map(|s| s.to_string()).collect();
        let mut config = ModulesConfig::default();
        config
            .declare
            .insert("sales".into(), vec!["shop/**".into()]);
        let a = assign_modules(&files, &all, &config).unwrap();
        assert_eq!(a.module_of["shop/orders/models.py"], "sales");
        assert_eq!(a.modules["sales"].kind, ModuleKind::Declared);
    }

    #[test]
    fn packs_and_workspace_packages_are_units() {
        let m = assign(
            &[
                "packs/billing/app/models/invoice.rb",
                "packages/ui/src/button.ts",
                "tools/x/y/z.js",
            ],
            &["packs/billing/package.yml", "packages/ui/package.json"],
        );
        assert_eq!(m["packs/billing/app/models/invoice.rb"], "packs/billing");
        assert_eq!(m["packages/ui/src/button.ts"], "packages/ui");
        assert_eq!(m["tools/x/y/z.js"], "tools/x");
    }
}
