//! Which module owns each table: a `planner.toml` override, else the module of
//! the ORM model that maps the table (Rails model classes by naming
//! convention, Django/Sequelize/Prisma model files), else the module of the
//! schema file or migration that defines it.

use super::types::Table;
use super::{Input, SchemaConfig};
use crate::analysis::Language;
use crate::inflect::{pluralize, underscore};
use std::collections::BTreeMap;

/// The code file and class that map a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelRef {
    pub file: String,
    pub class: Option<String>,
}

/// Table → the model that maps it. Only files planner analysed count, since
/// only those have a module.
pub fn model_files(
    input: &Input<'_>,
    tables: &[Table],
    defined_in: &BTreeMap<String, (String, Option<String>)>,
) -> BTreeMap<String, ModelRef> {
    let known: BTreeMap<&str, &str> = tables
        .iter()
        .map(|t| (t.name.as_str(), t.name.as_str()))
        .collect();
    let mut out = BTreeMap::new();
    for (table, (file, class)) in defined_in {
        if input.module_of.contains_key(file) {
            out.insert(
                table.clone(),
                ModelRef {
                    file: file.clone(),
                    class: class.clone(),
                },
            );
        }
    }
    for (file, facts) in input.files.iter().zip(input.facts) {
        if file.language != Language::Ruby || !is_rails_model_path(&file.rel) {
            continue;
        }
        // `self.table_name = "current_nodes"` beats the naming convention.
        let text = String::from_utf8_lossy(&file.bytes);
        let first_class = facts.defines.first().cloned();
        for explicit in explicit_table_names(&text) {
            if let Some(t) = known.get(explicit.as_str()) {
                out.insert(
                    t.to_string(),
                    ModelRef {
                        file: file.rel.clone(),
                        class: first_class.clone(),
                    },
                );
            }
        }
        for class in &facts.defines {
            for candidate in rails_table_names(class) {
                if let Some(t) = known.get(candidate.as_str()) {
                    out.entry(t.to_string()).or_insert_with(|| ModelRef {
                        file: file.rel.clone(),
                        class: Some(class.clone()),
                    });
                    break;
                }
            }
        }
    }
    out
}

/// Values of `self.table_name = "…"` in a Ruby file.
fn explicit_table_names(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            let rest = l.trim_start().strip_prefix("self.table_name")?.trim_start();
            let rest = rest.strip_prefix('=')?.trim_start();
            let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
            let inner = &rest[1..];
            Some(inner[..inner.find(quote)?].to_string())
        })
        .collect()
}

fn is_rails_model_path(rel: &str) -> bool {
    rel.contains("app/models/") || rel.contains("/models/")
}

/// `Admin::UserRole` → `admin_user_roles` (namespaced prefix) then
/// `user_roles` (Rails' default when the namespace sets no prefix).
fn rails_table_names(class: &str) -> Vec<String> {
    let parts: Vec<String> = class.split("::").map(underscore).collect();
    let Some(last) = parts.last() else {
        return Vec::new();
    };
    let plain = pluralize(last);
    let mut out = Vec::new();
    if parts.len() > 1 {
        out.push(format!("{}_{plain}", parts[..parts.len() - 1].join("_")));
    }
    out.push(plain);
    out
}

/// The module a non-source path (a `.sql` file) belongs to: the module of the
/// path itself if analysed, else the module whose root is its longest prefix.
pub fn module_for_path(input: &Input<'_>, path: &str) -> Option<String> {
    if let Some(m) = input.module_of.get(path) {
        return Some(m.clone());
    }
    input
        .module_roots
        .iter()
        .filter(|(_, root)| {
            !root.is_empty()
                && !root.contains('*')
                && path.starts_with(&format!("{}/", root.trim_end_matches('/')))
        })
        .max_by_key(|(name, root)| (root.len(), std::cmp::Reverse(name.as_str())))
        .map(|(name, _)| name.clone())
}

pub fn assign(
    tables: &mut [Table],
    input: &Input<'_>,
    config: &SchemaConfig,
    defined_in: &BTreeMap<String, String>,
    models: &BTreeMap<String, ModelRef>,
) {
    for t in tables.iter_mut() {
        let (owner, reason) = if let Some(m) = config.owners.get(&t.name) {
            (Some(m.clone()), "override")
        } else if let Some(m) = models
            .get(&t.name)
            .and_then(|m| input.module_of.get(&m.file))
        {
            (Some(m.clone()), "model")
        } else if let Some(m) = defined_in
            .get(&t.name)
            .and_then(|f| module_for_path(input, f))
        {
            (Some(m), "definition")
        } else {
            (None, "")
        };
        t.owner_reason = owner.as_ref().map(|_| reason.to_string());
        t.owner = owner;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_table_names_are_read() {
        assert_eq!(
            explicit_table_names("class Node\n  self.table_name = \"current_nodes\"\nend"),
            ["current_nodes"]
        );
    }

    #[test]
    fn rails_class_names_map_to_pluralised_tables() {
        assert_eq!(rails_table_names("LineItem"), ["line_items"]);
        assert_eq!(
            rails_table_names("Admin::Person"),
            ["admin_people", "people"]
        );
    }
}
