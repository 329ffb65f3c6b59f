//! Prisma `schema.prisma`. There is no tree-sitter grammar for Prisma in the
//! build, and the language is line-oriented, so a small reader does it:
//! `model X { … }` blocks, `@@map("table")` and `@map("column")`,
//! `@relation(fields: [a], references: [b])` for keys, `@id`/`@@id`,
//! `@unique`, optional types (`String?`), and implicit many-to-many join
//! tables named `_AToB` (the two models in alphabetical order).

use super::catalog::{OrmExtract, TableDef};
use super::types::{Column, ForeignKey, RelationKind, SourceSummary};
use super::Input;
use crate::warnings::Warnings;
use std::collections::BTreeMap;

#[derive(Debug, Default)]
struct Model {
    name: String,
    table: String,
    line: usize,
    fields: Vec<PField>,
    id: Vec<String>,
}

#[derive(Debug, Default, Clone)]
struct PField {
    name: String,
    column: String,
    type_name: String,
    list: bool,
    optional: bool,
    unique: bool,
    id: bool,
    relation_fields: Vec<String>,
    relation_refs: Vec<String>,
    relation_name: Option<String>,
    line: usize,
}

pub fn extract(input: &Input<'_>, files: &[String], warnings: &Warnings) -> Option<OrmExtract> {
    if files.is_empty() {
        return None;
    }
    let mut models = Vec::new();
    let mut summary = SourceSummary {
        path: super::django::common_dir(files.iter().map(String::as_str)),
        kind: "prisma".into(),
        ..SourceSummary::default()
    };
    let mut file_of = BTreeMap::new();
    for path in files {
        let Some(text) = super::discover::read_text(input.tree, path, warnings) else {
            continue;
        };
        for m in parse(&text, path, warnings) {
            file_of.insert(m.name.clone(), path.clone());
            models.push(m);
        }
    }
    summary.statements = models.len();
    let tables = build(&models, &file_of);
    summary.tables = tables.len();
    summary.foreign_keys = tables.iter().map(|t| t.foreign_keys.len()).sum();
    Some(OrmExtract { tables, summary })
}

fn parse(text: &str, path: &str, warnings: &Warnings) -> Vec<Model> {
    let mut models = Vec::new();
    let mut current: Option<Model> = None;
    let mut in_other_block = false;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.split("//").next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if current.is_none() && !in_other_block {
            let words: Vec<&str> = line.split_whitespace().collect();
            match words.as_slice() {
                ["model", name, "{", ..] | ["model", name, ..] => {
                    let name = name.trim_end_matches('{').to_string();
                    current = Some(Model {
                        table: name.clone(),
                        name,
                        line: line_no,
                        ..Model::default()
                    });
                }
                [_, _, "{"] | [_, "{"] => in_other_block = true,
                _ if line.ends_with('{') => in_other_block = true,
                _ => {}
            }
            continue;
        }
        if line.starts_with('}') {
            if let Some(m) = current.take() {
                models.push(m);
            }
            in_other_block = false;
            continue;
        }
        let Some(model) = current.as_mut() else {
            continue;
        };
        if let Some(rest) = line.strip_prefix("@@") {
            if let Some(arg) = rest.strip_prefix("map(") {
                if let Some(name) = first_string(arg) {
                    model.table = name;
                }
            } else if let Some(arg) = rest.strip_prefix("id(") {
                model.id = bracket_list(arg);
            }
            continue;
        }
        match field(line, line_no) {
            Some(f) => model.fields.push(f),
            None => warnings.push(
                path,
                Some(line_no),
                format!("Prisma field not understood: {line}"),
            ),
        }
    }
    if let Some(m) = current {
        warnings.push(
            path,
            Some(m.line),
            format!("model {} is not closed", m.name),
        );
        models.push(m);
    }
    models
}

fn field(line: &str, line_no: usize) -> Option<PField> {
    let (name, rest) = line.split_once(char::is_whitespace)?;
    let rest = rest.trim_start();
    let (ty, attrs) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let name = name.to_string();
    if !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return None;
    }
    let list = ty.ends_with("[]");
    let optional = ty.ends_with('?');
    let type_name = ty.trim_end_matches("[]").trim_end_matches('?').to_string();
    let mut f = PField {
        column: name.clone(),
        name,
        type_name,
        list,
        optional,
        unique: attrs.contains("@unique"),
        id: attrs.contains("@id"),
        line: line_no,
        ..PField::default()
    };
    if let Some(k) = attrs.find("@map(") {
        if let Some(c) = first_string(&attrs[k + 5..]) {
            f.column = c;
        }
    }
    if let Some(k) = attrs.find("@relation(") {
        let args = &attrs[k + 10..];
        if let Some(j) = args.find("fields:") {
            f.relation_fields = bracket_list(&args[j + 7..]);
        }
        if let Some(j) = args.find("references:") {
            f.relation_refs = bracket_list(&args[j + 11..]);
        }
        let head = args.trim_start();
        if head.starts_with('"') {
            f.relation_name = first_string(head);
        } else if let Some(j) = args.find("name:") {
            f.relation_name = first_string(&args[j + 5..]);
        }
    }
    Some(f)
}

fn first_string(s: &str) -> Option<String> {
    let start = s.find('"')? + 1;
    let len = s[start..].find('"')?;
    Some(s[start..start + len].to_string())
}

fn bracket_list(s: &str) -> Vec<String> {
    let Some(start) = s.find('[') else {
        return Vec::new();
    };
    let Some(len) = s[start..].find(']') else {
        return Vec::new();
    };
    s[start + 1..start + len]
        .split(',')
        .map(|p| p.trim().split('(').next().unwrap_or("").trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

fn build(models: &[Model], file_of: &BTreeMap<String, String>) -> Vec<TableDef> {
    let by_name: BTreeMap<&str, &Model> = models.iter().map(|m| (m.name.as_str(), m)).collect();
    let mut tables = Vec::new();
    let mut implicit: BTreeMap<(String, String), (String, usize)> = BTreeMap::new();
    for m in models {
        let file = file_of.get(&m.name).cloned().unwrap_or_default();
        let mut t = TableDef::new(&m.table, &file, m.line);
        t.model = Some(m.name.clone());
        let column_of: BTreeMap<&str, &str> = m
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.column.as_str()))
            .collect();
        for f in &m.fields {
            if let Some(target) = by_name.get(f.type_name.as_str()) {
                if !f.relation_fields.is_empty() {
                    let target_cols: BTreeMap<&str, &str> = target
                        .fields
                        .iter()
                        .map(|tf| (tf.name.as_str(), tf.column.as_str()))
                        .collect();
                    t.foreign_keys.push(ForeignKey {
                        from_table: m.table.clone(),
                        from_columns: f
                            .relation_fields
                            .iter()
                            .map(|c| column_of.get(c.as_str()).unwrap_or(&c.as_str()).to_string())
                            .collect(),
                        to_table: target.table.clone(),
                        to_columns: f
                            .relation_refs
                            .iter()
                            .map(|c| {
                                target_cols
                                    .get(c.as_str())
                                    .unwrap_or(&c.as_str())
                                    .to_string()
                            })
                            .collect(),
                        kind: RelationKind::Declared,
                        name: f.relation_name.clone(),
                        source: file.clone(),
                        line: f.line,
                    });
                } else if f.list
                    && target.fields.iter().any(|tf| {
                        tf.list
                            && tf.type_name == m.name
                            && tf.relation_name == f.relation_name
                            && !(target.name == m.name && tf.name == f.name)
                    })
                {
                    let (a, b) = if m.name <= target.name {
                        (&m.name, &target.name)
                    } else {
                        (&target.name, &m.name)
                    };
                    implicit
                        .entry((a.clone(), b.clone()))
                        .or_insert((file.clone(), f.line));
                }
                continue; // a relation field has no column of its own
            }
            t.add_column(Column {
                name: f.column.clone(),
                data_type: f.type_name.clone(),
                nullable: f.optional,
                unique: f.unique || f.id,
            });
        }
        let mut pk: Vec<String> = m
            .fields
            .iter()
            .filter(|f| f.id)
            .map(|f| f.column.clone())
            .collect();
        if pk.is_empty() {
            pk =
                m.id.iter()
                    .map(|c| column_of.get(c.as_str()).unwrap_or(&c.as_str()).to_string())
                    .collect();
        }
        t.set_primary_key(pk);
        tables.push(t);
    }
    for ((a, b), (file, line)) in implicit {
        let (Some(ma), Some(mb)) = (by_name.get(a.as_str()), by_name.get(b.as_str())) else {
            continue;
        };
        let name = format!("_{a}To{b}");
        let mut t = TableDef::new(&name, &file, line);
        for (col, target) in [("A", ma), ("B", mb)] {
            t.add_column(Column {
                name: col.into(),
                data_type: "relation".into(),
                nullable: false,
                unique: false,
            });
            t.foreign_keys.push(ForeignKey {
                from_table: name.clone(),
                from_columns: vec![col.into()],
                to_table: target.table.clone(),
                to_columns: Vec::new(),
                kind: RelationKind::Declared,
                name: None,
                source: file.clone(),
                line,
            });
        }
        tables.push(t);
    }
    tables
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relations_become_keys_and_implicit_many_to_many_gets_a_join_table() {
        let src = r#"
datasource db { provider = "postgresql" }
model User {
  id    Int    @id @default(autoincrement())
  posts Post[]
  @@map("users")
}
model Post {
  id         Int        @id
  authorId   Int        @map("author_id")
  author     User       @relation(fields: [authorId], references: [id])
  categories Category[]
}
model Category {
  id    Int    @id
  posts Post[]
}
model Folder {
  id         Int      @id
  parentId   Int?
  parent     Folder?  @relation("FolderToFolder", fields: [parentId], references: [id])
  subfolders Folder[] @relation("FolderToFolder")
}
enum Role { USER ADMIN }
"#;
        let warnings = Warnings::new();
        let models = parse(src, "schema.prisma", &warnings);
        assert!(warnings.into_sorted().is_empty());
        let files = models
            .iter()
            .map(|m| (m.name.clone(), "schema.prisma".to_string()))
            .collect();
        let tables = build(&models, &files);
        let names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
        // A self relation with a key side is one-to-many, not an implicit join.
        assert_eq!(
            names,
            ["users", "Post", "Category", "Folder", "_CategoryToPost"]
        );
        let post = &tables[1];
        assert_eq!(post.foreign_keys[0].from_columns, ["author_id"]);
        assert_eq!(post.foreign_keys[0].to_table, "users");
        assert_eq!(tables[4].foreign_keys.len(), 2);
        assert_eq!(tables[3].foreign_keys[0].to_table, "Folder");
    }
}
