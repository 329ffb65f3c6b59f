//! The `[modules.declare]` section that `planner init` writes: the modules
//! planner found, as globs an architect renames, merges and commits.

use crate::analysis::{Analysis, ModuleKind};
use std::collections::{BTreeMap, BTreeSet};

/// Every module that is a candidate or the shared kernel, with the fewest
/// globs that claim exactly its files: a folder (`dir/**`) when all files
/// under it are the module's, else the file itself.
pub fn modules_toml(analysis: &Analysis) -> String {
    let keep: BTreeSet<&str> = analysis
        .modules
        .iter()
        .filter(|m| !m.support || m.kind == ModuleKind::SharedKernel)
        .map(|m| m.name.as_str())
        .collect();
    let mut modules_under: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for file in &analysis.files {
        let mut dir = file.id.as_str();
        while let Some((parent, _)) = dir.rsplit_once('/') {
            modules_under
                .entry(parent)
                .or_default()
                .insert(file.module.as_str());
            dir = parent;
        }
    }
    let mut globs: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for file in &analysis.files {
        let module = file.module.as_str();
        if !keep.contains(module) {
            continue;
        }
        // The outermost folder that holds this module's files only.
        let mut best: Option<&str> = None;
        let mut dir = file.id.as_str();
        while let Some((parent, _)) = dir.rsplit_once('/') {
            if modules_under
                .get(parent)
                .is_some_and(|m| m.len() == 1 && m.contains(module))
            {
                best = Some(parent);
            }
            dir = parent;
        }
        let glob = match best {
            Some(dir) => format!("{}/**", escape(dir)),
            None => escape(&file.id),
        };
        globs.entry(module).or_default().insert(glob);
    }
    let mut out = String::from(
        "\n# The modules planner found in this repository: business capabilities\n\
         # discovered in layered folders, detected units, and the shared kernel.\n\
         # Rename, merge or split them, then commit this file: declared modules\n\
         # always win over detection. A module named shared_kernel is never\n\
         # ranked as a candidate.\n[modules.declare]\n",
    );
    if globs.is_empty() {
        out.push_str("# (none found)\n");
    }
    for (module, globs) in globs {
        out.push_str(&format!("{} = [\n", quote(module)));
        for glob in globs {
            out.push_str(&format!("  {},\n", quote(&glob)));
        }
        out.push_str("]\n");
    }
    out
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
}

/// A path as a glob that matches only itself.
fn escape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            '*' | '?' | '[' | ']' | '{' | '}' => {
                out.push('[');
                out.push(c);
                out.push(']');
            }
            _ => out.push(c),
        }
    }
    out
}
