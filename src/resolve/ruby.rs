//! Ruby resolution, the way packwerk and pks do it without booting Rails:
//! - Zeitwerk maps `ROOT/foo/bar.rb` to `Foo::Bar` for each autoload root
//!   (`app/*`, `app/*/concerns`, `lib`, under the app, engines and packs);
//! - a reference to `Boo` inside `Foo::Bar` tries `Foo::Bar::Boo`, `Foo::Boo`,
//!   then `Boo`, and the rest of a qualified path is looked up inside the match;
//! - constants defined in files outside the Zeitwerk layout are known too;
//! - `require` searches `lib/` and the roots; `require_relative` is a path.

use super::{normalize, parent_dir, Context, Outcome, Resolver};
use crate::analysis::{EdgeKind, Language};
use crate::code::RawImport;
use crate::inflect::camelize;
use crate::warnings::Warnings;
use std::collections::{BTreeSet, HashMap, HashSet};

pub struct RubyResolver {
    /// Fully qualified constant → the file that defines it.
    constants: HashMap<String, String>,
    /// Every prefix of a known constant (implicit Zeitwerk namespaces).
    namespaces: HashSet<String>,
    /// Every Ruby file, for `require`/`require_relative`.
    files: HashSet<String>,
    /// Directories searched by `require`.
    load_path: Vec<String>,
}

/// App directories that hold no constants.
const NOT_AUTOLOADED: &[&str] = &[
    "assets",
    "views",
    "javascript",
    "javascripts",
    "frontend",
    "stylesheets",
    "images",
];

impl RubyResolver {
    pub fn new(ctx: &Context, warnings: &Warnings) -> Self {
        let acronyms = acronyms(ctx, warnings);
        let roots = autoload_roots(ctx);
        let ruby_files: Vec<&str> = ctx
            .scan
            .files
            .iter()
            .filter(|f| f.language == Language::Ruby)
            .map(|f| f.rel.as_str())
            .collect();
        let mut constants = HashMap::new();
        for rel in &ruby_files {
            let Some(stem) = rel.strip_suffix(".rb") else {
                continue;
            };
            // The longest root wins: `app/models/concerns` is a root, not a namespace.
            let Some(root) = roots
                .iter()
                .filter(|r| stem.starts_with(&format!("{r}/")))
                .max_by_key(|r| r.len())
            else {
                continue;
            };
            let name = stem[root.len() + 1..]
                .split('/')
                .map(|seg| camelize(seg, &acronyms))
                .collect::<Vec<_>>()
                .join("::");
            constants.entry(name).or_insert_with(|| rel.to_string());
        }
        // Constants defined outside the Zeitwerk layout (lib files, several
        // classes in one file): the first definition in path order.
        for (file, facts) in ctx.scan.files.iter().zip(ctx.facts) {
            if file.language != Language::Ruby {
                continue;
            }
            for name in &facts.defines {
                constants
                    .entry(name.clone())
                    .or_insert_with(|| file.rel.clone());
            }
        }
        let mut namespaces = HashSet::new();
        for name in constants.keys() {
            let mut prefix = String::new();
            for seg in name.split("::") {
                if !prefix.is_empty() {
                    prefix.push_str("::");
                }
                prefix.push_str(seg);
                namespaces.insert(prefix.clone());
            }
        }
        let mut load_path: Vec<String> = roots
            .iter()
            .filter(|r| r.ends_with("lib"))
            .cloned()
            .collect();
        load_path.extend(roots.iter().filter(|r| !r.ends_with("lib")).cloned());
        load_path.push(String::new());
        Self {
            constants,
            namespaces,
            files: ruby_files.iter().map(|s| s.to_string()).collect(),
            load_path,
        }
    }

    /// Lexical lookup of `path` (e.g. `Foo::Bar`) from `nesting`.
    fn lookup(&self, path: &str, nesting: &[String]) -> Option<(&String, String)> {
        let absolute = path.starts_with("::");
        let segments: Vec<&str> = path.trim_start_matches("::").split("::").collect();
        let first = segments[0];
        let scopes = if absolute { 0 } else { nesting.len() };
        for depth in (0..=scopes).rev() {
            let mut candidate = nesting[..depth].join("::");
            if !candidate.is_empty() {
                candidate.push_str("::");
            }
            candidate.push_str(first);
            if !self.namespaces.contains(&candidate) {
                continue;
            }
            // Walk down the rest of the path as far as constants are known.
            let mut best = self
                .constants
                .get(&candidate)
                .map(|f| (f, candidate.clone()));
            let mut current = candidate;
            for seg in &segments[1..] {
                current = format!("{current}::{seg}");
                if !self.namespaces.contains(&current) {
                    break;
                }
                if let Some(file) = self.constants.get(&current) {
                    best = Some((file, current.clone()));
                }
            }
            if best.is_some() {
                return best;
            }
        }
        None
    }

    fn require(&self, from: &str, import: &RawImport) -> Outcome {
        let spec = import.specifier.trim();
        let with_ext = if spec.ends_with(".rb") {
            spec.to_string()
        } else {
            format!("{spec}.rb")
        };
        if import.kind == EdgeKind::RequireRelative {
            let joined = format!("{}/{}", parent_dir(from), with_ext);
            return match normalize(&joined) {
                Some(path) if self.files.contains(&path) => Outcome::Internal(vec![(path, vec![])]),
                _ => Outcome::Unresolved(spec.to_string()),
            };
        }
        for dir in &self.load_path {
            let candidate = if dir.is_empty() {
                with_ext.clone()
            } else {
                format!("{dir}/{with_ext}")
            };
            if self.files.contains(&candidate) {
                return Outcome::Internal(vec![(candidate, vec![])]);
            }
        }
        Outcome::External(spec.split('/').next().unwrap_or(spec).to_string())
    }
}

impl Resolver for RubyResolver {
    fn resolve(&self, from: &str, import: &RawImport) -> Outcome {
        match import.kind {
            EdgeKind::Require | EdgeKind::RequireRelative => self.require(from, import),
            _ => match self.lookup(&import.specifier, &import.nesting) {
                Some((file, name)) => Outcome::Internal(vec![(file.clone(), vec![name])]),
                None => {
                    let first = import
                        .specifier
                        .trim_start_matches("::")
                        .split("::")
                        .next()
                        .unwrap_or("")
                        .to_string();
                    if import.kind == EdgeKind::Association {
                        Outcome::Unresolved(import.specifier.clone())
                    } else {
                        Outcome::External(first)
                    }
                }
            },
        }
    }
}

/// Autoload roots: configured ones, or inferred for the app and for every
/// engine or pack (a directory with its own `app/` and a gemspec,
/// `package.yml` or `lib/*/engine.rb`).
fn autoload_roots(ctx: &Context) -> Vec<String> {
    if !ctx.config.ruby.autoload_roots.is_empty() {
        return ctx
            .config
            .ruby
            .autoload_roots
            .iter()
            .map(|r| r.trim_matches('/').to_string())
            .collect();
    }
    let all = &ctx.scan.all_paths;
    let mut app_roots: BTreeSet<String> = BTreeSet::new();
    for path in all {
        let dir = parent_dir(path);
        let name = path.rsplit('/').next().unwrap_or(path);
        let is_app_root = name == "package.yml"
            || name.ends_with(".gemspec")
            || (name == "application.rb" && dir.ends_with("config"))
            || (name == "Gemfile");
        if is_app_root {
            let root = if name == "application.rb" {
                parent_dir(dir)
            } else {
                dir
            };
            app_roots.insert(root.to_string());
        }
    }
    app_roots.insert(String::new());
    let mut roots = BTreeSet::new();
    for path in all {
        if !path.ends_with(".rb") {
            continue;
        }
        for app in &app_roots {
            let prefix = if app.is_empty() {
                String::new()
            } else {
                format!("{app}/")
            };
            let Some(rest) = path.strip_prefix(&prefix) else {
                continue;
            };
            let parts: Vec<&str> = rest.split('/').collect();
            if parts.len() >= 3 && parts[0] == "app" && !NOT_AUTOLOADED.contains(&parts[1]) {
                roots.insert(format!("{prefix}app/{}", parts[1]));
                if parts.len() >= 4 && parts[2] == "concerns" {
                    roots.insert(format!("{prefix}app/{}/concerns", parts[1]));
                }
            }
            if parts.len() >= 2 && parts[0] == "lib" && parts[1] != "tasks" {
                roots.insert(format!("{prefix}lib"));
            }
        }
    }
    roots.into_iter().collect()
}

/// Acronyms from `config/initializers/inflections.rb` (`inflect.acronym "API"`)
/// plus `ruby.acronyms` in planner.toml.
fn acronyms(ctx: &Context, warnings: &Warnings) -> Vec<String> {
    let mut acronyms: Vec<String> = ctx.config.ruby.acronyms.clone();
    for path in ctx
        .scan
        .all_paths
        .iter()
        .filter(|p| p.ends_with("config/initializers/inflections.rb"))
    {
        match std::fs::read(ctx.scan.root.join(path)) {
            Ok(bytes) => {
                let text = String::from_utf8_lossy(&bytes);
                for line in text.lines() {
                    let line = line.trim();
                    if line.starts_with('#') {
                        continue;
                    }
                    if let Some(rest) = line.split(".acronym").nth(1) {
                        let word: String = rest
                            .trim_start_matches(['(', ' '])
                            .trim_start_matches(['"', '\''])
                            .chars()
                            .take_while(|c| c.is_ascii_alphanumeric())
                            .collect();
                        if !word.is_empty() {
                            acronyms.push(word);
                        }
                    }
                }
            }
            Err(err) => warnings.push(path, None, format!("cannot read inflections: {err}")),
        }
    }
    acronyms.sort();
    acronyms.dedup();
    acronyms
}
