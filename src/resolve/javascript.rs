//! JavaScript/TypeScript resolution with `oxc_resolver`, a Rust port of
//! enhanced-resolve: relative paths with extension and `index` probing,
//! package.json `exports`/`imports`, tsconfig `paths`/`baseUrl` through
//! `extends` (the nearest tsconfig per file), and `.js` → `.ts` under NodeNext.
//! Workspace packages resolve to their folders even without `node_modules`.

use super::{Context, Outcome, Resolver};
use crate::code::RawImport;
use crate::scan::read::{read_regular, MAX_SMALL_FILE_BYTES};
use oxc_resolver::{
    AliasValue, FileMetadata, FileSystem, FileSystemOs, ResolveError, ResolveOptions,
    ResolverGeneric, TsconfigDiscovery, TsconfigOptions, TsconfigReferences,
};
use std::io;
use std::path::{Path, PathBuf};

type Oxc = ResolverGeneric<GuardedFs>;

/// `oxc_resolver`'s file system with planner's reads: `package.json` and
/// `tsconfig.json` are opened only when they are regular files (a FIFO would
/// block, `/dev/zero` would never end) and read up to a cap.
#[derive(Clone, Copy)]
struct GuardedFs;

impl FileSystem for GuardedFs {
    fn new() -> Self {
        GuardedFs
    }

    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        read_regular(path, MAX_SMALL_FILE_BYTES)
    }

    fn read_to_string(&self, path: &Path) -> io::Result<String> {
        FileSystemOs::validate_string(self.read(path)?)
    }

    fn metadata(&self, path: &Path) -> io::Result<FileMetadata> {
        FileSystemOs::metadata(path)
    }

    fn symlink_metadata(&self, path: &Path) -> io::Result<FileMetadata> {
        FileSystemOs::symlink_metadata(path)
    }

    fn read_link(&self, path: &Path) -> Result<PathBuf, ResolveError> {
        FileSystemOs::read_link(path)
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        FileSystemOs::canonicalize(path)
    }
}

pub struct JsResolver {
    oxc: Oxc,
    /// The same options without tsconfig: for files whose tsconfig
    /// `extends` a package that is not installed (`"extends":
    /// "@acme/tsconfig/base.json"` in a monorepo checked out without
    /// `node_modules`), where `oxc` refuses every import.
    plain: Oxc,
    root: PathBuf,
}

const EXTENSIONS: &[&str] = &[
    ".ts", ".tsx", ".d.ts", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts", ".json", ".node",
];

impl JsResolver {
    pub fn new(ctx: &Context) -> Self {
        let root = ctx.scan.root.clone();
        let tsconfig = match ctx.config.javascript.tsconfig.first() {
            Some(path) => TsconfigDiscovery::Manual(TsconfigOptions {
                config_file: root.join(path),
                references: TsconfigReferences::Auto,
            }),
            None => TsconfigDiscovery::Auto,
        };
        let options = ResolveOptions {
            extensions: EXTENSIONS.iter().map(|e| e.to_string()).collect(),
            extension_alias: vec![
                (
                    ".js".into(),
                    vec![".ts".into(), ".tsx".into(), ".js".into()],
                ),
                (".jsx".into(), vec![".tsx".into(), ".jsx".into()]),
                (".mjs".into(), vec![".mts".into(), ".mjs".into()]),
                (".cjs".into(), vec![".cts".into(), ".cjs".into()]),
            ],
            condition_names: ["types", "import", "require", "node", "default"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            main_fields: vec!["types".into(), "module".into(), "main".into()],
            alias: workspace_aliases(ctx),
            tsconfig: Some(tsconfig),
            ..ResolveOptions::default()
        };
        let plain = ResolveOptions {
            tsconfig: None,
            ..options.clone()
        };
        Self {
            oxc: Oxc::new_with_file_system(GuardedFs, options),
            plain: Oxc::new_with_file_system(GuardedFs, plain),
            root,
        }
    }

    /// The repo-relative path of `path`, unless it lies outside the repo or in
    /// installed dependencies.
    fn internal(&self, path: &Path) -> Option<String> {
        let rel = path.strip_prefix(&self.root).ok()?;
        let rel = rel.to_str()?.replace('\\', "/");
        if rel.split('/').any(|part| part == "node_modules") {
            return None;
        }
        Some(rel)
    }
}

impl Resolver for JsResolver {
    fn resolve(&self, from: &str, import: &RawImport) -> Outcome {
        let spec = import.specifier.as_str();
        let relative = spec.starts_with('.') || spec.starts_with('/') || spec.starts_with('#');
        let path = self.root.join(from);
        let resolved = match self.oxc.resolve_file(&path, spec) {
            Err(ResolveError::TsconfigNotFound(_)) => self.plain.resolve_file(&path, spec),
            other => other,
        };
        match resolved {
            Ok(resolution) => match self.internal(resolution.path()) {
                Some(rel) => Outcome::Internal(vec![(rel, import.names.clone())]),
                None => Outcome::External(package_name(spec)),
            },
            Err(_) if relative => Outcome::Unresolved(spec.to_string()),
            Err(_) => Outcome::External(package_name(spec)),
        }
    }
}

/// `@scope/pkg/sub` → `@scope/pkg`; `node:fs` → `node:fs`; `lodash/fp` → `lodash`.
fn package_name(spec: &str) -> String {
    let mut parts = spec.split('/');
    match (parts.next(), parts.next()) {
        (Some(scope), Some(name)) if scope.starts_with('@') => format!("{scope}/{name}"),
        (Some(first), _) => first.to_string(),
        _ => spec.to_string(),
    }
}

/// Every `package.json` below the root with a `name` becomes an alias, as a
/// workspace install would link it: `name` alone goes to the package's entry
/// (`exports["."]`, else `types`/`module`/`main`), `name/sub` to its folder.
fn workspace_aliases(ctx: &Context) -> Vec<(String, Vec<AliasValue>)> {
    let mut aliases = Vec::new();
    for path in ctx
        .scan
        .all_paths
        .iter()
        .filter(|p| p.ends_with("/package.json"))
    {
        let Ok(text) = ctx.scan.read(path).map(String::from_utf8) else {
            continue;
        };
        let Ok(text) = text else { continue };
        let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        let Some(name) = json.get("name").and_then(|n| n.as_str()) else {
            continue;
        };
        let dir_rel = super::parent_dir(path);
        let dir = ctx.scan.root.join(dir_rel);
        let entry = package_entry(&json)
            .map(|e| e.trim_start_matches("./").to_string())
            .filter(|e| ctx.scan.all_paths.contains(&join_rel(dir_rel, e)))
            .or_else(|| {
                source_entry(
                    dir_rel,
                    package_entry(&json).as_deref(),
                    &ctx.scan.all_paths,
                )
            });
        if let Some(entry) = entry {
            let file = dir.join(entry.trim_start_matches("./"));
            aliases.push((
                format!("{name}$"),
                vec![AliasValue::Path(file.to_string_lossy().into_owned())],
            ));
        }
        aliases.push((
            name.to_string(),
            vec![AliasValue::Path(dir.to_string_lossy().into_owned())],
        ));
    }
    // Aliases are tried in order and the first match wins: exact (`$`)
    // entries must come before their folder prefix.
    aliases.sort_by(|a, b| {
        let key = |s: &str| (s.trim_end_matches('$').to_string(), !s.ends_with('$'));
        key(&a.0).cmp(&key(&b.0))
    });
    aliases.dedup_by(|a, b| a.0 == b.0);
    aliases
}

fn join_rel(dir: &str, rel: &str) -> String {
    if dir.is_empty() {
        rel.to_string()
    } else {
        format!("{dir}/{rel}")
    }
}

/// A workspace package whose entry is build output (`dist/index.js`, not in
/// the repository) is imported, in the repository, from its sources: the
/// same path under `src/` with a source extension, else `src/index.*`,
/// else `index.*` (`dist/hoppscotch-data.js` → `src/index.ts`).
fn source_entry(
    dir: &str,
    built: Option<&str>,
    all_paths: &std::collections::BTreeSet<String>,
) -> Option<String> {
    const SOURCE_EXTENSIONS: &[&str] = &["ts", "tsx", "mts", "js", "jsx", "mjs"];
    let mut stems: Vec<String> = Vec::new();
    if let Some(built) = built {
        let built = built.trim_start_matches("./");
        let stem = built
            .trim_end_matches(".d.ts")
            .rsplit_once('.')
            .map_or(built, |(s, _)| s);
        for out_dir in ["dist/", "build/", "lib/", "out/"] {
            if let Some(rest) = stem.strip_prefix(out_dir) {
                stems.push(format!("src/{rest}"));
            }
        }
    }
    stems.extend(["src/index", "index", "lib/index"].map(String::from));
    stems.iter().find_map(|stem| {
        SOURCE_EXTENSIONS
            .iter()
            .map(|ext| format!("{stem}.{ext}"))
            .find(|candidate| all_paths.contains(&join_rel(dir, candidate)))
    })
}

/// The file a bare import of a package loads: `exports["."]` (a string, or
/// the first of the `types`/`import`/`require`/`default` conditions), else
/// the `types`, `module` or `main` field.
fn package_entry(json: &serde_json::Value) -> Option<String> {
    fn pick(value: &serde_json::Value) -> Option<String> {
        match value {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Object(map) => ["types", "import", "require", "node", "default"]
                .iter()
                .find_map(|c| map.get(*c).and_then(pick)),
            _ => None,
        }
    }
    if let Some(exports) = json.get("exports") {
        let root = match exports {
            serde_json::Value::Object(map) if map.keys().any(|k| k.starts_with('.')) => {
                map.get(".")
            }
            other => Some(other),
        };
        if let Some(entry) = root.and_then(pick) {
            return Some(entry);
        }
    }
    ["types", "module", "main"]
        .iter()
        .find_map(|f| json.get(*f).and_then(|v| v.as_str()).map(str::to_string))
}
