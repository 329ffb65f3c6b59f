//! Python resolution, following grimp's rules (REFERENCE §2):
//! - a module is `x.py` or `x/__init__.py`;
//! - a file's source root is the first directory above it that is not a
//!   package, so src layouts and several roots need no configuration;
//! - `from x import y` is the module `x.y` if it exists, otherwise `x`, and
//!   `x` must exist (a missing one is unresolved, never its parent);
//! - relative imports drop `level` parts (`level − 1` from an `__init__.py`).

use super::{Context, Outcome, Resolver};
use crate::analysis::Language;
use crate::code::RawImport;
use std::collections::{BTreeSet, HashMap, HashSet};

pub struct PythonResolver {
    /// Dotted module name → files defining it (usually one).
    modules: HashMap<String, Vec<String>>,
    /// Repo file → (its module name, whether it is a package `__init__`).
    module_of: HashMap<String, (String, bool)>,
    /// Packages without a file: PEP 420 namespace packages (every dotted
    /// prefix of a module that is not itself a module).
    namespaces: HashSet<String>,
    /// First segments of internal module names.
    top_level: BTreeSet<String>,
}

impl PythonResolver {
    pub fn new(ctx: &Context) -> Self {
        let roots: Vec<String> = ctx
            .config
            .python
            .source_roots
            .iter()
            .map(|r| r.trim_matches('/').to_string())
            .collect();
        let mut modules: HashMap<String, Vec<String>> = HashMap::new();
        let mut module_of = HashMap::new();
        for file in ctx
            .scan
            .files
            .iter()
            .filter(|f| f.language == Language::Python)
        {
            let Some((name, is_init)) = module_name(&file.rel, &roots, &ctx.scan.all_paths) else {
                continue;
            };
            modules
                .entry(name.clone())
                .or_default()
                .push(file.rel.clone());
            module_of.insert(file.rel.clone(), (name, is_init));
        }
        for files in modules.values_mut() {
            // Prefer real modules over `.pyi` stubs, then path order.
            files.sort_by_key(|f| (f.ends_with(".pyi"), f.clone()));
        }
        let top_level = modules
            .keys()
            .map(|m| m.split('.').next().unwrap_or(m).to_string())
            .collect();
        let namespaces = modules
            .keys()
            .flat_map(|m| m.match_indices('.').map(move |(i, _)| &m[..i]))
            .filter(|prefix| !modules.contains_key(*prefix))
            .map(str::to_string)
            .collect();
        Self {
            modules,
            module_of,
            namespaces,
            top_level,
        }
    }

    /// The file for `module`, choosing among duplicates the one closest to
    /// the importer.
    fn file_of(&self, module: &str, importer: &str) -> Option<&String> {
        let files = self.modules.get(module)?;
        files
            .iter()
            .max_by_key(|f| (shared_prefix(f, importer), std::cmp::Reverse(*f)))
    }

    fn absolute_target(&self, from: &str, import: &RawImport) -> Result<String, Outcome> {
        if import.level == 0 {
            return Ok(import.specifier.clone());
        }
        let Some((importer, is_init)) = self.module_of.get(from) else {
            return Err(Outcome::Unresolved(dots(import)));
        };
        let parts: Vec<&str> = importer.split('.').collect();
        let drop = if *is_init {
            import.level - 1
        } else {
            import.level
        };
        if drop > parts.len() {
            return Err(Outcome::Unresolved(dots(import)));
        }
        let mut base: Vec<&str> = parts[..parts.len() - drop].to_vec();
        if !import.specifier.is_empty() {
            base.push(&import.specifier);
        }
        if base.is_empty() {
            return Err(Outcome::Unresolved(dots(import)));
        }
        Ok(base.join("."))
    }
}

impl Resolver for PythonResolver {
    fn resolve(&self, from: &str, import: &RawImport) -> Outcome {
        let target = match self.absolute_target(from, import) {
            Ok(target) => target,
            Err(outcome) => return outcome,
        };
        // `import X` and `from X import …` both need X to be a module; a
        // missing one is a broken import (stale code), never its parent.
        if !self.modules.contains_key(&target) && !self.namespaces.contains(&target) {
            let top = target.split('.').next().unwrap_or(&target).to_string();
            return if import.level > 0 || self.top_level.contains(&top) {
                Outcome::Unresolved(target)
            } else {
                Outcome::External(top)
            };
        }
        let module = target;
        let mut targets: Vec<(String, Vec<String>)> = Vec::new();
        let mut add = |module: &str, names: Vec<String>| {
            if let Some(file) = self.file_of(module, from) {
                targets.push((file.clone(), names));
            }
        };
        // A module imported whole: the names the file reads from it
        // (`models.User`) are the names it takes.
        let members = |name: &str| {
            import
                .members
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, m)| m.clone())
                .unwrap_or_default()
        };
        if import.names.is_empty() {
            add(&module, members(""));
        } else {
            let mut plain = Vec::new();
            for name in &import.names {
                let submodule = format!("{module}.{name}");
                if name != "*" && self.modules.contains_key(&submodule) {
                    add(&submodule, members(name));
                } else {
                    plain.push(name.clone());
                }
            }
            if !plain.is_empty() {
                add(&module, plain);
            }
        }
        Outcome::Internal(targets)
    }
}

/// A file's dotted module name and whether it is a package `__init__`.
/// Declared source roots win; otherwise the root is the first directory
/// above the file that is not a package.
fn module_name(rel: &str, roots: &[String], all: &BTreeSet<String>) -> Option<(String, bool)> {
    let stem = rel
        .strip_suffix(".py")
        .or_else(|| rel.strip_suffix(".pyi"))?;
    let is_init = stem == "__init__" || stem.ends_with("/__init__");
    let dotted_path = if is_init {
        stem.strip_suffix("__init__")
            .unwrap_or(stem)
            .trim_end_matches('/')
    } else {
        stem
    };
    let declared = roots
        .iter()
        .filter(|root| root.is_empty() || dotted_path.starts_with(&format!("{root}/")))
        .max_by_key(|root| root.len());
    let relative = if let Some(root) = declared {
        dotted_path
            .strip_prefix(root.as_str())
            .unwrap_or(dotted_path)
            .trim_start_matches('/')
    } else {
        // Climb through packages, and through PEP 420 namespace packages: a
        // directory without `__init__.py` whose parent is a package.
        let mut root = super::parent_dir(rel);
        while !root.is_empty()
            && (is_package_dir(root, all) || is_package_dir(super::parent_dir(root), all))
        {
            root = super::parent_dir(root);
        }
        if root.is_empty() {
            dotted_path
        } else {
            dotted_path
                .strip_prefix(root)
                .unwrap_or("")
                .trim_start_matches('/')
        }
    };
    if relative.is_empty() || relative.contains(['-', ' ', '.']) {
        return None;
    }
    Some((relative.replace('/', "."), is_init))
}

fn is_package_dir(dir: &str, all: &BTreeSet<String>) -> bool {
    all.contains(&format!("{dir}/__init__.py")) || all.contains(&format!("{dir}/__init__.pyi"))
}

fn shared_prefix(a: &str, b: &str) -> usize {
    a.split('/')
        .zip(b.split('/'))
        .take_while(|(x, y)| x == y)
        .count()
}

fn dots(import: &RawImport) -> String {
    format!("{}{}", ".".repeat(import.level), import.specifier)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn module_name_climbs_packages_to_the_source_root() {
        let all = paths(&[
            "src/app/__init__.py",
            "src/app/orders/__init__.py",
            "src/app/orders/models.py",
        ]);
        assert_eq!(
            module_name("src/app/orders/models.py", &[], &all),
            Some(("app.orders.models".into(), false))
        );
        assert_eq!(
            module_name("src/app/orders/__init__.py", &[], &all),
            Some(("app.orders".into(), true))
        );
    }

    #[test]
    fn a_script_outside_packages_is_a_top_level_module() {
        let all = paths(&["manage.py", "scripts/run.py"]);
        assert_eq!(
            module_name("manage.py", &[], &all),
            Some(("manage".into(), false))
        );
        assert_eq!(
            module_name("scripts/run.py", &[], &all),
            Some(("run".into(), false))
        );
    }

    #[test]
    fn namespace_package_inside_a_package_keeps_the_dotted_path() {
        let all = paths(&["app/__init__.py", "app/hooks/breaker.py"]);
        assert_eq!(
            module_name("app/hooks/breaker.py", &[], &all),
            Some(("app.hooks.breaker".into(), false))
        );
    }

    #[test]
    fn declared_source_root_wins() {
        let all = paths(&["lib/pkg/mod.py"]);
        assert_eq!(
            module_name("lib/pkg/mod.py", &["lib".into()], &all),
            Some(("pkg.mod".into(), false))
        );
    }
}
