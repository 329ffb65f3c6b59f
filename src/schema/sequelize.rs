//! Sequelize models where the declarations are static, read with
//! tree-sitter-typescript/javascript:
//! - sequelize-typescript classes: `@Table({ tableName })`, `@Column`,
//!   `@PrimaryKey`, `@AllowNull`, `@ForeignKey(() => User)` and
//!   `@BelongsTo(() => User, "userId")`; fields are inherited from base
//!   classes found in the same files (`IdModel`);
//! - `sequelize.define("user", { … })` and `X.init({ … }, { tableName })`
//!   attribute objects with `references: { model: "users" }`.
//!
//! The table name is `tableName`, else the plural of `modelName` or the class
//! name; a `belongsTo` column is `<model>Id`, or `<model>_id` when `underscored`.

use super::catalog::{OrmExtract, TableDef};
use super::js_syntax::{string_value, text};
use super::types::{Column, ForeignKey, RelationKind, SourceSummary};
use super::Input;
use crate::inflect::{pluralize, underscore};
use crate::warnings::Warnings;
use std::collections::BTreeMap;
use tree_sitter::Node;

pub fn looks_like_models(text: &str) -> bool {
    (text.contains("sequelize-typescript") && (text.contains("@Table") || text.contains("@Column")))
        || (text.contains("sequelize") && (text.contains(".define(") || text.contains(".init(")))
}

#[derive(Debug, Default, Clone)]
struct Class {
    name: String,
    base: Option<String>,
    table: Option<String>,
    model_name: Option<String>,
    underscored: bool,
    fields: Vec<SField>,
    file: String,
    line: usize,
}

#[derive(Debug, Default, Clone)]
struct SField {
    name: String,
    data_type: String,
    nullable: bool,
    primary: bool,
    unique: bool,
    /// Target model class (decorators) or table (`references.model`).
    references: Option<Target>,
    line: usize,
}

#[derive(Debug, Clone)]
enum Target {
    Class(String),
    Table(String),
}

pub fn extract(input: &Input<'_>, files: &[usize], warnings: &Warnings) -> Option<OrmExtract> {
    if files.is_empty() {
        return None;
    }
    let mut classes = Vec::new();
    for &i in files {
        let file = &input.files[i];
        let Some(tree) =
            super::js_syntax::parse_reporting(file, "a Sequelize model file", warnings)
        else {
            continue;
        };
        collect(tree.root_node(), &file.bytes, &file.rel, &mut classes);
    }
    let mut summary = SourceSummary {
        path: super::django::common_dir(files.iter().map(|&i| input.files[i].rel.as_str())),
        kind: "sequelize".into(),
        ..SourceSummary::default()
    };
    let tables = build(&classes);
    summary.statements = tables.len();
    summary.tables = tables.len();
    summary.foreign_keys = tables.iter().map(|t| t.foreign_keys.len()).sum();
    (!tables.is_empty()).then_some(OrmExtract { tables, summary })
}

/// `() => User` → `User`.
fn arrow_target(n: Node, src: &[u8]) -> Option<String> {
    if n.kind() == "arrow_function" {
        let body = n.child_by_field_name("body")?;
        return (body.kind() == "identifier").then(|| text(body, src).to_string());
    }
    (n.kind() == "identifier").then(|| text(n, src).to_string())
}

/// A decorator's name and argument nodes.
fn decorator<'t>(d: Node<'t>, src: &[u8]) -> Option<(String, Vec<Node<'t>>)> {
    let inner = d.named_child(0)?;
    match inner.kind() {
        "identifier" => Some((text(inner, src).to_string(), Vec::new())),
        "call_expression" => {
            let name = text(inner.child_by_field_name("function")?, src).to_string();
            let args = inner.child_by_field_name("arguments")?;
            let mut c = args.walk();
            Some((name, args.named_children(&mut c).collect()))
        }
        _ => None,
    }
}

/// `{ a: "x", b: true }` → key → value node.
fn object_pairs<'t>(obj: Node<'t>, src: &[u8]) -> BTreeMap<String, Node<'t>> {
    let mut out = BTreeMap::new();
    if obj.kind() != "object" {
        return out;
    }
    let mut c = obj.walk();
    for p in obj.named_children(&mut c) {
        if p.kind() == "pair" {
            if let (Some(k), Some(v)) =
                (p.child_by_field_name("key"), p.child_by_field_name("value"))
            {
                out.insert(
                    text(k, src)
                        .trim_matches(|c| c == '"' || c == '\'')
                        .to_string(),
                    v,
                );
            }
        }
    }
    out
}

fn collect(node: Node, src: &[u8], file: &str, out: &mut Vec<Class>) {
    match node.kind() {
        "class_declaration" | "class" => {
            if let Some(c) = read_class(node, src, file) {
                out.push(c);
            }
        }
        "call_expression" => {
            if let Some(c) = read_define(node, src, file) {
                out.push(c);
            }
        }
        _ => {}
    }
    let mut c = node.walk();
    for child in node.named_children(&mut c) {
        collect(child, src, file, out);
    }
}

fn read_class(node: Node, src: &[u8], file: &str) -> Option<Class> {
    let name = text(node.child_by_field_name("name")?, src).to_string();
    let mut class = Class {
        name,
        file: file.to_string(),
        line: node.start_position().row + 1,
        ..Class::default()
    };
    let mut decorators: Vec<Node> = Vec::new();
    let mut c = node.walk();
    for child in node.children(&mut c) {
        match child.kind() {
            "decorator" => decorators.push(child),
            "class_heritage" => {
                let t = text(child, src);
                let after = t.split("extends").nth(1).unwrap_or("").trim();
                let base: String = after
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !base.is_empty() {
                    class.base = Some(base);
                }
            }
            _ => {}
        }
    }
    if let Some(parent) = node.parent().filter(|p| p.kind() == "export_statement") {
        let mut c = parent.walk();
        decorators.extend(parent.children(&mut c).filter(|d| d.kind() == "decorator"));
    }
    for d in decorators {
        if let Some((dname, args)) = decorator(d, src) {
            if dname == "Table" {
                class.table = Some(String::new());
                if let Some(obj) = args.first() {
                    let pairs = object_pairs(*obj, src);
                    class.table = pairs
                        .get("tableName")
                        .and_then(|v| string_value(*v, src))
                        .or(Some(String::new()));
                    class.model_name = pairs.get("modelName").and_then(|v| string_value(*v, src));
                    class.underscored = pairs
                        .get("underscored")
                        .is_some_and(|v| text(*v, src) == "true");
                }
            }
        }
    }
    let body = node.child_by_field_name("body")?;
    let mut c = body.walk();
    for member in body.named_children(&mut c) {
        if member.kind() != "public_field_definition" && member.kind() != "field_definition" {
            continue;
        }
        if let Some(f) = read_field(member, src) {
            class.fields.push(f);
        }
    }
    Some(class)
}

fn read_field(member: Node, src: &[u8]) -> Option<SField> {
    let name_node = member
        .child_by_field_name("name")
        .or_else(|| member.child_by_field_name("property"))?;
    let mut f = SField {
        name: text(name_node, src).to_string(),
        line: member.start_position().row + 1,
        ..SField::default()
    };
    let mut is_column = false;
    let mut belongs_to_fk: Option<String> = None;
    let mut c = member.walk();
    for d in member.children(&mut c).filter(|d| d.kind() == "decorator") {
        let Some((name, args)) = decorator(d, src) else {
            continue;
        };
        match name.as_str() {
            "Column" => {
                is_column = true;
                if let Some(a) = args.first() {
                    let t = text(*a, src);
                    f.data_type = t.strip_prefix("DataType.").unwrap_or(t).to_string();
                    let pairs = object_pairs(*a, src);
                    if let Some(ty) = pairs.get("type") {
                        let t = text(*ty, src);
                        f.data_type = t.strip_prefix("DataType.").unwrap_or(t).to_string();
                    }
                    if pairs
                        .get("allowNull")
                        .is_some_and(|v| text(*v, src) == "true")
                    {
                        f.nullable = true;
                    }
                    if pairs
                        .get("primaryKey")
                        .is_some_and(|v| text(*v, src) == "true")
                    {
                        f.primary = true;
                    }
                }
            }
            "PrimaryKey" => f.primary = true,
            "AllowNull" => f.nullable = args.first().is_none_or(|a| text(*a, src) != "false"),
            "Unique" => f.unique = true,
            "ForeignKey" => {
                is_column = true;
                f.references = args
                    .first()
                    .and_then(|a| arrow_target(*a, src))
                    .map(Target::Class);
            }
            "BelongsTo" => {
                if let (Some(target), Some(key)) = (
                    args.first().and_then(|a| arrow_target(*a, src)),
                    args.get(1).and_then(|a| string_value(*a, src)),
                ) {
                    belongs_to_fk = Some(format!("{target}\u{0}{key}"));
                }
            }
            "CreatedAt" | "UpdatedAt" | "DeletedAt" => is_column = true,
            _ => {}
        }
    }
    if let Some(t) = member.child_by_field_name("type") {
        if text(t, src).contains("null") {
            f.nullable = true;
        }
    }
    if !is_column {
        // `@BelongsTo(() => User, "userId") user` names the key column elsewhere.
        let (target, key) = belongs_to_fk?
            .split_once('\u{0}')
            .map(|(a, b)| (a.to_string(), b.to_string()))?;
        return Some(SField {
            name: key,
            references: Some(Target::Class(target)),
            data_type: "belongsTo".into(),
            nullable: true,
            line: f.line,
            ..SField::default()
        });
    }
    if f.data_type.is_empty() {
        f.data_type = "column".into();
    }
    Some(f)
}

/// `sequelize.define("user", {…}, {tableName})` and `User.init({…}, {tableName})`.
fn read_define(call: Node, src: &[u8], file: &str) -> Option<Class> {
    let function = call.child_by_field_name("function")?;
    if function.kind() != "member_expression" {
        return None;
    }
    let method = text(function.child_by_field_name("property")?, src);
    let args_node = call.child_by_field_name("arguments")?;
    let mut c = args_node.walk();
    let args: Vec<Node> = args_node.named_children(&mut c).collect();
    let (name, attrs, options) = match method {
        "define" => (
            string_value(*args.first()?, src)?,
            *args.get(1)?,
            args.get(2).copied(),
        ),
        "init" => {
            let object = function.child_by_field_name("object")?;
            if object.kind() != "identifier" || args.first()?.kind() != "object" {
                return None;
            }
            (
                text(object, src).to_string(),
                *args.first()?,
                args.get(1).copied(),
            )
        }
        _ => return None,
    };
    if attrs.kind() != "object" {
        return None;
    }
    let options = options.map(|o| object_pairs(o, src)).unwrap_or_default();
    let mut class = Class {
        name: name.clone(),
        table: Some(
            options
                .get("tableName")
                .and_then(|v| string_value(*v, src))
                .unwrap_or_default(),
        ),
        model_name: options
            .get("modelName")
            .and_then(|v| string_value(*v, src))
            .or(Some(name)),
        underscored: options
            .get("underscored")
            .is_some_and(|v| text(*v, src) == "true"),
        file: file.to_string(),
        line: call.start_position().row + 1,
        ..Class::default()
    };
    for (col, value) in object_pairs(attrs, src) {
        let mut f = SField {
            name: col,
            data_type: "column".into(),
            nullable: true,
            line: value.start_position().row + 1,
            ..SField::default()
        };
        let pairs = object_pairs(value, src);
        if pairs.is_empty() {
            f.data_type = text(value, src)
                .trim_start_matches("DataTypes.")
                .trim_start_matches("Sequelize.")
                .to_string();
        }
        if let Some(t) = pairs.get("type") {
            f.data_type = text(*t, src)
                .trim_start_matches("DataTypes.")
                .trim_start_matches("Sequelize.")
                .to_string();
        }
        if pairs
            .get("allowNull")
            .is_some_and(|v| text(*v, src) == "false")
        {
            f.nullable = false;
        }
        f.primary = pairs
            .get("primaryKey")
            .is_some_and(|v| text(*v, src) == "true");
        f.unique = pairs.get("unique").is_some_and(|v| text(*v, src) == "true");
        if let Some(r) = pairs.get("references") {
            let rp = object_pairs(*r, src);
            f.references = rp.get("model").and_then(|m| {
                string_value(*m, src)
                    .map(Target::Table)
                    .or_else(|| Some(Target::Class(text(*m, src).to_string())))
            });
        }
        class.fields.push(f);
    }
    Some(class)
}

fn table_of(c: &Class) -> Option<String> {
    let t = c.table.as_ref()?;
    if !t.is_empty() {
        return Some(t.clone());
    }
    Some(pluralize(c.model_name.as_deref().unwrap_or(&c.name)))
}

fn build(classes: &[Class]) -> Vec<TableDef> {
    let by_name: BTreeMap<&str, &Class> = classes.iter().map(|c| (c.name.as_str(), c)).collect();
    let mut tables = Vec::new();
    for c in classes {
        let Some(name) = table_of(c) else { continue };
        let mut t = TableDef::new(&name, &c.file, c.line);
        t.model = Some(c.name.clone());
        let mut chain = vec![c];
        let mut cur = c;
        while let Some(base) = cur.base.as_deref().and_then(|b| by_name.get(b)) {
            if chain.len() > 16 || chain.iter().any(|x| x.name == base.name) {
                break;
            }
            chain.push(base);
            cur = base;
        }
        let mut pk = Vec::new();
        for class in chain.iter().rev() {
            for f in &class.fields {
                let col = if c.underscored {
                    underscore(&f.name)
                } else {
                    f.name.clone()
                };
                if f.data_type == "belongsTo" && t.column_mut(&col).is_some() {
                    // The column is declared; only add its key if missing.
                } else {
                    t.add_column(Column {
                        name: col.clone(),
                        data_type: f.data_type.clone(),
                        nullable: f.nullable && !f.primary,
                        unique: f.unique || f.primary,
                    });
                }
                if f.primary {
                    pk.retain(|p| p != &col);
                    pk.push(col.clone());
                }
                let target = match &f.references {
                    Some(Target::Class(cls)) => {
                        by_name.get(cls.as_str()).and_then(|tc| table_of(tc))
                    }
                    Some(Target::Table(tbl)) => Some(tbl.clone()),
                    None => None,
                };
                if let Some(to) = target {
                    if !t
                        .foreign_keys
                        .iter()
                        .any(|k| k.from_columns == [col.clone()])
                    {
                        t.foreign_keys.push(ForeignKey {
                            from_table: name.clone(),
                            from_columns: vec![col],
                            to_table: to,
                            to_columns: Vec::new(),
                            kind: RelationKind::Declared,
                            name: None,
                            source: class.file.clone(),
                            line: f.line,
                        });
                    }
                }
            }
        }
        t.set_primary_key(pk);
        tables.push(t);
    }
    tables
}

#[cfg(test)]
mod tests {
    use super::*;
    use tree_sitter::Parser;

    fn classes(src: &str) -> Vec<Class> {
        let mut parser = Parser::new();
        parser
            .set_language(&tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into())
            .unwrap();
        let tree = parser.parse(src, None).unwrap();
        let mut out = Vec::new();
        collect(tree.root_node(), src.as_bytes(), "m.ts", &mut out);
        out
    }

    #[test]
    fn decorated_classes_give_tables_keys_and_inherited_primary_keys() {
        let src = r#"
import { Table, Column, ForeignKey, BelongsTo, PrimaryKey, DataType } from "sequelize-typescript";
class IdModel extends Model {
  @PrimaryKey
  @Column(DataType.UUID)
  id: string;
}
@Table({ tableName: "users", modelName: "user" })
class User extends IdModel {
  @Column(DataType.STRING)
  name: string;
}
@Table({ tableName: "stars", modelName: "star" })
class Star extends IdModel {
  @BelongsTo(() => User, "userId")
  user: User;

  @ForeignKey(() => User)
  @Column(DataType.UUID)
  userId: string | null;
}
"#;
        let tables = build(&classes(src));
        let names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["users", "stars"]);
        assert_eq!(tables[1].primary_key, ["id"]);
        assert_eq!(tables[1].foreign_keys.len(), 1);
        assert_eq!(tables[1].foreign_keys[0].to_table, "users");
        assert!(tables[1]
            .columns
            .iter()
            .any(|c| c.name == "userId" && c.nullable));
    }

    #[test]
    fn define_with_references_model_is_a_key() {
        let src = r#"const Post = sequelize.define("post", { title: DataTypes.STRING, authorId: { type: DataTypes.INTEGER, references: { model: "authors", key: "id" } } }, { tableName: "posts" });"#;
        let tables = build(&classes(src));
        assert_eq!(tables[0].name, "posts");
        assert_eq!(tables[0].foreign_keys[0].to_table, "authors");
    }
}
