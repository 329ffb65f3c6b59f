//! Entities and the capabilities they form: which names are business
//! entities, and the communities the data joins them into.

use super::community;
use super::names::{is_layer_dir, key_of, subject_words, MODEL_DIRS};
use super::{file_name, is_base_code, Input, Zone, LAYER_SIGNALS};
use crate::analysis::EdgeKind;
use std::collections::{BTreeMap, BTreeSet};

/// Names that recur across layers without naming a business entity.
const NOT_ENTITIES: &[&str] = &[
    "init",
    "index",
    "server",
    "client",
    "application",
    "base",
    "my",
    "me",
    "main",
    "app",
    "root",
    "default",
    "welcome",
    "home",
];

/// Layers of a user interface.
const FRONT_END_LAYERS: &[&str] = &[
    "components",
    "scenes",
    "stores",
    "pages",
    "hooks",
    "actions",
    "reducers",
    "selectors",
    "containers",
    "layouts",
    "menus",
    "screens",
    "composables",
];

/// Folders of generic code: a name found there says nothing of the domain.
const GENERIC_LAYERS: &[&str] = &[
    "utils",
    "util",
    "lib",
    "types",
    "typings",
    "interfaces",
    "core",
    "common",
    "shared",
    "config",
    "constants",
    "errors",
    "test",
    "tests",
    "spec",
];

/// Entity keys and the files that define them.
pub(super) struct Entities {
    /// Key → the files that define it (model files).
    pub(super) keys: BTreeMap<String, BTreeSet<String>>,
}

pub(super) fn entities(input: &Input<'_>, zone: &Zone) -> Entities {
    let mut keys: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    // A domain namespace keeps its own entities.
    let production = |f: &str| {
        input.roles.get(f).is_some_and(|r| r.is_production())
            && !zone.namespaced.contains_key(f)
            && !is_base_code(f)
    };
    for (table, file) in &input.models {
        if zone.files.contains_key(file) && production(file) {
            // The model file names its entity (`models/story.rb`), unless it
            // is a package or barrel holding many (`models/__init__.py`,
            // `models/index.ts`): then the table does.
            let mut key = key_of(&subject_words(file_name(file)));
            if NOT_ENTITIES.contains(&key.as_str()) {
                key = key_of(&subject_words(table));
            }
            if !key.is_empty() && !NOT_ENTITIES.contains(&key.as_str()) {
                keys.entry(key).or_default().insert(file.clone());
            }
        }
    }
    // Names recurring across layers, per layered root; folders inside a
    // layer that hold two or more files (`app/controllers/mod/`).
    let mut layers_of: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    let mut folder_files: BTreeMap<String, usize> = BTreeMap::new();
    for (file, root) in &zone.files {
        if root.is_empty() || !production(file) {
            continue;
        }
        let below = file
            .strip_prefix(root.as_str())
            .unwrap_or(file)
            .trim_start_matches('/');
        let mut parts: Vec<&str> = below.split('/').collect();
        let name = parts.pop().unwrap_or("");
        let Some(layer) = parts.first().copied() else {
            continue;
        };
        let in_model_dir = parts.iter().any(|p| MODEL_DIRS.contains(p));
        let stem_key = key_of(&subject_words(name));
        if in_model_dir && !stem_key.is_empty() && !NOT_ENTITIES.contains(&stem_key.as_str()) {
            keys.entry(stem_key.clone())
                .or_default()
                .insert(file.clone());
        }
        let mut seen = vec![stem_key];
        for (depth, dir) in parts.iter().enumerate().skip(1) {
            if !is_layer_dir(dir) {
                let key = key_of(&subject_words(dir));
                // A front end's folders name widgets as often as features.
                if depth == 1
                    && LAYER_SIGNALS.contains(&layer)
                    && !FRONT_END_LAYERS.contains(&layer)
                {
                    *folder_files.entry(key.clone()).or_default() += 1;
                }
                seen.push(key);
            }
        }
        // Front-end folders name widgets (`Header`, `Dialog`), not entities;
        // their files still join capabilities by name below.
        if FRONT_END_LAYERS.contains(&layer) || GENERIC_LAYERS.contains(&layer) {
            continue;
        }
        for key in seen.into_iter().filter(|k| !k.is_empty()) {
            layers_of
                .entry((root.clone(), key))
                .or_default()
                .insert(layer.to_string());
        }
    }
    for ((_, key), layers) in layers_of {
        if layers.len() >= 2 && !NOT_ENTITIES.contains(&key.as_str()) {
            keys.entry(key).or_default();
        }
    }
    for (key, n) in folder_files {
        if n >= 2 && !key.is_empty() && !NOT_ENTITIES.contains(&key.as_str()) {
            keys.entry(key).or_default();
        }
    }
    Entities { keys }
}

/// Louvain's resolution: above 1 keeps hubs (users, projects) from pulling
/// every entity that points at them into one capability.
const RESOLUTION: f64 = 2.5;

/// Entity key → community number.
pub(super) fn communities(input: &Input<'_>, entities: &Entities) -> BTreeMap<String, usize> {
    let index: BTreeMap<&str, usize> = entities
        .keys
        .keys()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let key_of_file: BTreeMap<&str, &str> = entities
        .keys
        .iter()
        .flat_map(|(k, files)| files.iter().map(move |f| (f.as_str(), k.as_str())))
        .collect();
    let key_of_table = |table: &str| {
        input
            .models
            .get(table)
            .and_then(|file| key_of_file.get(file.as_str()))
            .and_then(|k| index.get(k))
            .copied()
    };
    let mut edges: Vec<(usize, usize, f64)> = Vec::new();
    for (from, to, declared) in &input.keys {
        if let (Some(a), Some(b)) = (key_of_table(from), key_of_table(to)) {
            if a != b {
                edges.push((a, b, if *declared { 1.0 } else { 0.5 }));
            }
        }
    }
    for edge in input.edges {
        let (Some(a), Some(b)) = (
            key_of_file
                .get(edge.from.as_str())
                .and_then(|k| index.get(k)),
            key_of_file.get(edge.to.as_str()).and_then(|k| index.get(k)),
        ) else {
            continue;
        };
        if a != b {
            let w = if edge.kind == EdgeKind::Association {
                1.0
            } else {
                0.5
            };
            edges.push((*a, *b, w));
        }
    }
    // `issue_status` extends `issue`; `time_entry_activity` ends with
    // `activity`: a name built on another entity's name is close to it.
    for (key, &i) in &index {
        let words: Vec<&str> = key.split('_').collect();
        for len in 1..words.len() {
            for part in [words[..len].join("_"), words[words.len() - len..].join("_")] {
                if let Some(&j) = index.get(part.as_str()) {
                    edges.push((i, j, 2.0));
                }
            }
        }
    }
    let labels = community::louvain(index.len(), &edges, RESOLUTION);
    entities.keys.keys().cloned().zip(labels).collect()
}
