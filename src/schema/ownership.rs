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
        let first_class = model_class(&file.rel, &facts.defines);
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

/// The model class a Rails model file defines: the constant its path names
/// (Zeitwerk: `app/models/users/user.rb` → `Users::User`), not the module
/// around it; else the last class it defines.
fn model_class(rel: &str, defines: &[String]) -> Option<String> {
    let stem = rel.rsplit("models/").next()?.strip_suffix(".rb")?;
    let expected: Vec<String> = stem
        .split('/')
        .map(|segment| {
            segment
                .split('_')
                .map(|w| {
                    let mut c = w.chars();
                    c.next()
                        .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect();
    let expected = expected.join("::");
    let last = |d: &str| d.rsplit("::").next().unwrap_or(d).to_ascii_lowercase();
    defines
        .iter()
        .find(|d| d.eq_ignore_ascii_case(&expected))
        .or_else(|| defines.iter().find(|d| last(d) == last(&expected)))
        .or(defines.last())
        .cloned()
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
    keys: &[super::ForeignKey],
) {
    // A model file that maps several tables (redash's
    // `models/__init__.py`) sits in one module, but each of its tables
    // belongs to the capability of its own entity, when discovery made one.
    let capability_of_entity: BTreeMap<String, &String> = input
        .module_roots
        .iter()
        .filter_map(|(module, root)| {
            crate::model::capabilities::capability_entities(root)
                .map(|keys| keys.map(move |k| (k.to_string(), module)))
        })
        .flatten()
        .collect();
    let mut tables_in_file: BTreeMap<&str, usize> = BTreeMap::new();
    for m in models.values() {
        *tables_in_file.entry(m.file.as_str()).or_default() += 1;
    }
    let entity_owner = |table: &str, file: &str| {
        (tables_in_file.get(file).copied().unwrap_or(0) >= 2)
            .then(|| capability_of_entity.get(&crate::model::capabilities::entity_key(table)))
            .flatten()
    };
    for t in tables.iter_mut() {
        let (owner, reason) = if let Some(m) = config.owners.get(&t.name) {
            (Some(m.clone()), "override")
        } else if let Some(m) = models
            .get(&t.name)
            .and_then(|m| entity_owner(&t.name, &m.file))
        {
            (Some((*m).clone()), "entity")
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
    // A table with no model that only a shared schema file defines (a join
    // table such as `taggings`) belongs with the table its keys point to.
    let model_owner: BTreeMap<String, String> = tables
        .iter()
        .filter(|t| matches!(t.owner_reason.as_deref(), Some("model" | "entity")))
        .filter_map(|t| Some((t.name.clone(), t.owner.clone()?)))
        .collect();
    for t in tables.iter_mut() {
        let shared = t.owner.is_none()
            || t.owner.as_deref() == Some(crate::model::capabilities::SHARED_KERNEL);
        if !shared || t.owner_reason.as_deref() == Some("override") {
            continue;
        }
        if let Some(owner) = keys
            .iter()
            .filter(|k| k.from_table == t.name && k.to_table != t.name)
            .find_map(|k| model_owner.get(&k.to_table))
        {
            t.owner = Some(owner.clone());
            t.owner_reason = Some("foreign key".into());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_model_file_names_its_class_not_the_module_around_it() {
        let defines = |d: &[&str]| d.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            model_class(
                "app/models/users/user.rb",
                &defines(&["Users", "Users::User", "Users::User::Error"])
            ),
            Some("Users::User".into())
        );
        assert_eq!(
            model_class("app/models/line_item.rb", &defines(&["LineItem"])),
            Some("LineItem".into())
        );
        // Acronyms: `API` is not `Api`, but the last segment still matches.
        assert_eq!(
            model_class("app/models/api_key.rb", &defines(&["APIKey"])),
            Some("APIKey".into())
        );
    }

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
