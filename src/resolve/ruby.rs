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
    /// File → the constants it defines itself; these win lexical lookup
    /// from inside that file (a migration's own `class Category`).
    local: HashMap<String, HashSet<String>>,
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
        // File → the constant Zeitwerk expects it to define.
        let mut zeitwerk: HashMap<&str, String> = HashMap::new();
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
            zeitwerk.insert(rel, name.clone());
            constants.entry(name).or_insert_with(|| rel.to_string());
        }
        // Extra constants a file defines inside its own Zeitwerk constant
        // (`Story::Error` in story.rb). Definitions elsewhere are not
        // autoloaded, and files that reopen `Rails` or `String` must not
        // capture references to the real thing.
        for (file, facts) in ctx.scan.files.iter().zip(ctx.facts) {
            let Some(own) = zeitwerk.get(file.rel.as_str()) else {
                continue;
            };
            for name in &facts.defines {
                if name.starts_with(&format!("{own}::")) {
                    constants
                        .entry(name.clone())
                        .or_insert_with(|| file.rel.clone());
                }
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
        // RSpec and Minitest put spec/ and test/ on the load path.
        load_path.extend(["spec".to_string(), "test".to_string(), String::new()]);
        let local = ctx
            .scan
            .files
            .iter()
            .zip(ctx.facts)
            .filter(|(f, facts)| f.language == Language::Ruby && !facts.defines.is_empty())
            .map(|(f, facts)| (f.rel.clone(), facts.defines.iter().cloned().collect()))
            .collect();
        Self {
            constants,
            namespaces,
            local,
            files: ruby_files.iter().map(|s| s.to_string()).collect(),
            load_path,
        }
    }

    /// Lexical lookup of `path` (e.g. `Foo::Bar`) from `nesting`.
    fn lookup(&self, from: &str, path: &str, nesting: &[String]) -> Option<(String, String)> {
        let local = self.local.get(from);
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
            if local.is_some_and(|defs| defs.contains(&candidate)) {
                // Defined in this very file: a reference to itself.
                return Some((from.to_string(), candidate));
            }
            if !self.namespaces.contains(&candidate) {
                continue;
            }
            // Walk down the rest of the path as far as constants are known.
            let mut best = self
                .constants
                .get(&candidate)
                .map(|f| (f.clone(), candidate.clone()));
            let mut current = candidate;
            for seg in &segments[1..] {
                current = format!("{current}::{seg}");
                if !self.namespaces.contains(&current) {
                    break;
                }
                if let Some(file) = self.constants.get(&current) {
                    best = Some((file.clone(), current.clone()));
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
            _ => match self.lookup(from, &import.specifier, &import.nesting) {
                Some((file, name)) => Outcome::Internal(vec![(file, vec![name])]),
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
    let mut roots: BTreeSet<String> = configured_autoload_paths(ctx).into_iter().collect();
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

/// Extra autoload roots an app declares in `config/application.rb`:
/// `config.autoload_paths += %W[#{config.root}/extras]`,
/// `autoload_paths.push("#{root}/lib")`, `Rails.root.join("app/lib")`.
fn configured_autoload_paths(ctx: &Context) -> Vec<String> {
    static PATH: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
    let Some(path_re) = PATH
        .get_or_init(|| {
            regex::Regex::new(r#"#\{(?:config\.)?root\}/([\w./-]+)|join\(\s*["']([\w./-]+)["']"#)
                .ok()
        })
        .as_ref()
    else {
        return Vec::new();
    };
    let mut roots = Vec::new();
    for path in ctx
        .scan
        .all_paths
        .iter()
        .filter(|p| p.ends_with("config/application.rb"))
    {
        let Ok(bytes) = ctx.scan.read(path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let app = parent_dir(parent_dir(path));
        for (at, _) in text
            .match_indices("autoload_paths")
            .chain(text.match_indices("eager_load_paths"))
        {
            // The argument list: up to the closing bracket, within reason.
            let window: String = text[at..].chars().take(400).collect();
            let end = window
                .find([')', ']'])
                .unwrap_or(window.find('\n').unwrap_or(window.len()));
            for caps in path_re.captures_iter(&window[..end]) {
                if let Some(dir) = caps.get(1).or_else(|| caps.get(2)) {
                    let dir = dir.as_str().trim_matches('/');
                    roots.push(if app.is_empty() {
                        dir.to_string()
                    } else {
                        format!("{app}/{dir}")
                    });
                }
            }
        }
    }
    roots
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
        match ctx.scan.read(path) {
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
