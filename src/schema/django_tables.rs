//! Django's table naming, resolved over every model read by `django.rs`:
//! which classes are models, the table each maps, the columns and keys each
//! field adds (inherited abstract fields included), many-to-many join tables
//! and multi-table inheritance.

use super::catalog::TableDef;
use super::django::{Field, ModelClass};
use super::types::{Column, ForeignKey, RelationKind};
use std::collections::BTreeMap;

/// Tables of `django.contrib` models, for relations to models the
/// repository does not define.
const CONTRIB: &[(&str, &str)] = &[
    ("ContentType", "django_content_type"),
    ("Site", "django_site"),
    ("Group", "auth_group"),
    ("Permission", "auth_permission"),
    ("User", "auth_user"),
    ("Session", "django_session"),
];

pub(super) struct Models {
    pub(super) classes: Vec<ModelClass>,
    by_name: BTreeMap<String, Vec<usize>>,
    auth_user: String,
}

impl Models {
    pub(super) fn new(mut classes: Vec<ModelClass>, auth_user: String) -> Self {
        classes.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, c) in classes.iter().enumerate() {
            by_name.entry(c.name.clone()).or_default().push(i);
        }
        Self {
            classes,
            by_name,
            auth_user,
        }
    }

    /// A class by name, preferring the same app, then the same file.
    fn find(&self, name: &str, app: Option<&str>, near: &ModelClass) -> Option<&ModelClass> {
        let ids = self.by_name.get(name)?;
        let candidates: Vec<&ModelClass> = ids.iter().map(|&i| &self.classes[i]).collect();
        if let Some(app) = app {
            return candidates.into_iter().find(|c| c.app_label == app);
        }
        candidates
            .iter()
            .find(|c| c.file == near.file)
            .or_else(|| candidates.iter().find(|c| c.app_label == near.app_label))
            .or_else(|| candidates.first())
            .copied()
    }

    fn base_classes<'m>(&'m self, c: &ModelClass) -> Vec<&'m ModelClass> {
        c.bases
            .iter()
            .filter_map(|b| {
                let last = b.rsplit('.').next().unwrap_or(b);
                self.find(last, None, c)
                    .filter(|found| found.name != c.name || found.file != c.file)
            })
            .collect()
    }

    pub(super) fn is_model(&self, c: &ModelClass) -> bool {
        self.is_model_depth(c, 0)
    }

    fn is_model_depth(&self, c: &ModelClass, depth: usize) -> bool {
        if depth > 16 {
            return false;
        }
        c.bases.iter().any(|b| {
            b == "models.Model"
                || b == "Model"
                || b.ends_with("AbstractBaseUser")
                || b.ends_with("AbstractUser")
        }) || self
            .base_classes(c)
            .iter()
            .any(|b| self.is_model_depth(b, depth + 1))
    }

    fn table_of(&self, c: &ModelClass) -> String {
        c.db_table
            .clone()
            .unwrap_or_else(|| format!("{}_{}", c.app_label, c.name.to_ascii_lowercase()))
    }

    /// The table a relation points at, from how the target is written.
    fn target_table(&self, target: &str, from: &ModelClass) -> (String, String) {
        let target = if target == "settings.AUTH_USER_MODEL" {
            self.auth_user.as_str()
        } else {
            target
        };
        if target == "self" {
            return (self.table_of(from), from.name.clone());
        }
        let (app, name) = match target.rsplit_once('.') {
            Some((app, name))
                if !app.contains('.') && target.starts_with(|c: char| c.is_ascii_lowercase()) =>
            {
                (Some(app), name)
            }
            Some((_, name)) => (None, name),
            None => (None, target),
        };
        match self.find(name, app, from) {
            Some(c) => (self.table_of(c), c.name.clone()),
            None => {
                let contrib = CONTRIB
                    .iter()
                    .find(|(model, _)| *model == name)
                    .map(|(_, t)| t.to_string());
                let table = match (app, contrib) {
                    (Some(app), _) => format!("{app}_{}", name.to_ascii_lowercase()),
                    (None, Some(t)) => t,
                    (None, None) => format!("{}_{}", from.app_label, name.to_ascii_lowercase()),
                };
                (table, name.to_string())
            }
        }
    }

    /// Fields of the class, inherited abstract fields first.
    fn all_fields(&self, c: &ModelClass, depth: usize) -> Vec<Field> {
        let mut out = Vec::new();
        if depth < 16 {
            for b in self.base_classes(c) {
                if b.abstract_ {
                    out.extend(self.all_fields(b, depth + 1));
                }
            }
        }
        for f in &c.fields {
            out.retain(|o: &Field| o.name != f.name);
            out.push(f.clone());
        }
        out
    }

    pub(super) fn tables_for(&self, c: &ModelClass) -> Vec<TableDef> {
        let name = self.table_of(c);
        let mut table = TableDef::new(&name, &c.file, c.line);
        table.model = Some(c.name.clone());
        let mut pk = Vec::new();
        for parent in self
            .base_classes(c)
            .into_iter()
            .filter(|b| !b.abstract_ && self.is_model(b))
        {
            let col = format!("{}_ptr_id", parent.name.to_ascii_lowercase());
            table.add_column(column(&col, "OneToOneField", false, true));
            table
                .foreign_keys
                .push(fk(&name, &col, &self.table_of(parent), c));
            if pk.is_empty() {
                pk.push(col);
            }
        }
        let mut extra = Vec::new();
        for f in self.all_fields(c, 0) {
            match (f.kind.as_str(), &f.target) {
                ("ManyToManyField", Some(target)) => {
                    if !f.through {
                        extra.push(self.join_table(c, &name, &f, target));
                    }
                }
                ("ForeignKey" | "OneToOneField" | "ParentalKey", Some(target)) => {
                    let col = f
                        .db_column
                        .clone()
                        .unwrap_or_else(|| format!("{}_id", f.name));
                    table.add_column(column(
                        &col,
                        &f.kind,
                        f.null,
                        f.unique || f.kind == "OneToOneField",
                    ));
                    let (to, _) = self.target_table(target, c);
                    table.foreign_keys.push(fk(&name, &col, &to, c));
                    if f.primary_key {
                        pk = vec![col];
                    }
                }
                _ => {
                    let col = f.db_column.clone().unwrap_or_else(|| f.name.clone());
                    table.add_column(column(&col, &f.kind, f.null, f.unique));
                    if f.primary_key {
                        pk = vec![col];
                    }
                }
            }
        }
        if pk.is_empty() {
            table
                .columns
                .insert(0, column("id", "AutoField", false, true));
            pk.push("id".into());
        }
        table.set_primary_key(pk);
        let mut out = vec![table];
        out.extend(extra);
        out
    }

    fn join_table(&self, c: &ModelClass, from_table: &str, f: &Field, target: &str) -> TableDef {
        let (to_table, to_name) = self.target_table(target, c);
        let name = f
            .db_table
            .clone()
            .unwrap_or_else(|| format!("{from_table}_{}", f.name));
        let from = c.name.to_ascii_lowercase();
        let to = to_name.to_ascii_lowercase();
        let (a, b) = if from == to {
            (format!("from_{from}_id"), format!("to_{to}_id"))
        } else {
            (format!("{from}_id"), format!("{to}_id"))
        };
        let mut t = TableDef::new(&name, &c.file, c.line);
        t.model = Some(c.name.clone());
        t.add_column(column("id", "AutoField", false, true));
        t.add_column(column(&a, "ForeignKey", false, false));
        t.add_column(column(&b, "ForeignKey", false, false));
        t.set_primary_key(vec!["id".into()]);
        t.foreign_keys.push(fk(&name, &a, from_table, c));
        t.foreign_keys.push(fk(&name, &b, &to_table, c));
        t
    }
}

fn column(name: &str, kind: &str, nullable: bool, unique: bool) -> Column {
    Column {
        name: name.to_string(),
        data_type: kind.to_string(),
        nullable,
        unique,
    }
}

fn fk(from: &str, col: &str, to: &str, c: &ModelClass) -> ForeignKey {
    ForeignKey {
        from_table: from.to_string(),
        from_columns: vec![col.to_string()],
        to_table: to.to_string(),
        to_columns: Vec::new(),
        kind: RelationKind::Declared,
        name: None,
        source: c.file.clone(),
        line: c.line,
    }
}
