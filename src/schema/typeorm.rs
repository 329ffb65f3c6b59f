//! TypeORM entities, read statically with tree-sitter-typescript (no
//! database, no `DataSource`). What TypeORM's `EntityMetadataBuilder` would
//! build from the decorators, named by its `DefaultNamingStrategy`
//! (`typeorm_naming.rs`):
//! - `@Entity()` / `@Entity("name")` / `@Entity({ name, schema, database })`
//!   classes are tables (`snake_case(ClassName)` by default); `@ViewEntity`
//!   classes are not;
//! - `@Column`, `@PrimaryColumn`, `@PrimaryGeneratedColumn`,
//!   `@Create/Update/DeleteDateColumn`, `@VersionColumn`, embedded
//!   `@Column(() => Embedded)` (prefixed columns);
//! - `@ManyToOne`, and `@OneToOne` with `@JoinColumn`, give a key column
//!   (`<relation><ReferencedProperty>` unless `@JoinColumn({ name })`) that
//!   references the target's primary key (or `referencedColumnName`);
//!   `createForeignKeyConstraints: false` keeps the column, drops the key;
//!   `@OneToMany` and `@OneToOne` without `@JoinColumn` add nothing;
//! - `@ManyToMany` with `@JoinTable` gives a junction table with two keys;
//! - base classes (abstract or not, generic or not) pass on their columns and
//!   relations; `@TableInheritance` + `@ChildEntity` fold the children into
//!   the parent's table (with the discriminator column);
//! - `@Tree("closure-table")` adds `<table>_closure` (`<pk>_ancestor`,
//!   `<pk>_descendant`), `materialized-path` adds `mpath`, `nested-set`
//!   `nsleft`/`nsright`; `@TreeParent` is a many-to-one.
//!
//! Names computed at run time (a variable as table name, classes built inside
//! functions, mixin bases) are warnings with file:line.

use super::catalog::{OrmExtract, TableDef};
use super::js_syntax::{string_value, text};
use super::typeorm_naming as naming;
use super::types::{Column, ForeignKey, RelationKind, SourceSummary};
use super::Input;
use crate::warnings::Warnings;
use std::collections::{BTreeMap, BTreeSet};
use tree_sitter::Node;

/// The file imports from the `typeorm` package.
pub fn imports_typeorm(text: &str) -> bool {
    text.contains("from 'typeorm'")
        || text.contains("from \"typeorm\"")
        || text.contains("require('typeorm')")
        || text.contains("require(\"typeorm\")")
}

/// A TypeORM migration class rather than entities.
pub fn is_migration(text: &str) -> bool {
    text.contains("MigrationInterface")
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    /// `@Entity`: the table name as given, when given.
    Entity(Option<String>),
    ChildEntity,
    View,
    Plain,
}

#[derive(Debug, Clone)]
struct Class {
    name: String,
    file: String,
    line: usize,
    kind: Kind,
    schema: Option<String>,
    database: Option<String>,
    base: Option<String>,
    /// `@TableInheritance`: the discriminator column, when it has one.
    inheritance: Option<Option<String>>,
    tree: Option<String>,
    fields: Vec<Field>,
}

#[derive(Debug, Clone, Default)]
struct JoinCol {
    name: Option<String>,
    referenced: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct JoinTableOpt {
    name: Option<String>,
    schema: Option<String>,
    database: Option<String>,
    join_columns: Vec<JoinCol>,
    inverse_join_columns: Vec<JoinCol>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Rel {
    ManyToOne,
    OneToOne,
    OneToMany,
    ManyToMany,
}

#[derive(Debug, Clone)]
enum FieldKind {
    Column {
        name: Option<String>,
        data_type: String,
        nullable: bool,
        primary: bool,
        unique: bool,
    },
    Embedded {
        class: String,
        /// `None`: the property name; `Some("")`: no prefix (`prefix: false`).
        prefix: Option<String>,
    },
    Relation {
        rel: Rel,
        target: String,
        nullable: bool,
        constraint: bool,
        join_columns: Option<Vec<JoinCol>>,
        join_table: Option<JoinTableOpt>,
    },
}

#[derive(Debug, Clone)]
struct Field {
    prop: String,
    line: usize,
    kind: FieldKind,
}

/// Column decorators TypeORM defines, with the data type they imply.
fn column_decorator(name: &str) -> Option<&'static str> {
    Some(match name {
        "Column" => "",
        "PrimaryColumn" => "",
        "PrimaryGeneratedColumn" => "integer",
        "CreateDateColumn" | "UpdateDateColumn" | "DeleteDateColumn" => "timestamp",
        "VersionColumn" => "integer",
        "ObjectIdColumn" => "objectId",
        _ => return None,
    })
}

pub fn extract(input: &Input<'_>, files: &[usize], warnings: &Warnings) -> Option<OrmExtract> {
    if files.is_empty() {
        return None;
    }
    let mut classes = Vec::new();
    for &i in files {
        let file = &input.files[i];
        let Some(tree) = super::js_syntax::parse_reporting(file, "a TypeORM entity file", warnings)
        else {
            continue;
        };
        collect(
            tree.root_node(),
            &file.bytes,
            &file.rel,
            &mut classes,
            warnings,
        );
    }
    let imports: BTreeMap<&str, Vec<(&str, &[String])>> =
        input.edges.iter().fold(BTreeMap::new(), |mut m, e| {
            m.entry(e.from.as_str())
                .or_default()
                .push((e.to.as_str(), e.symbols.as_slice()));
            m
        });
    // Base and embedded classes may live in files that do not import
    // typeorm (Vendure's `AdjustmentSource`): follow the imports that name
    // them, a few hops deep (barrels re-export).
    let index_of: BTreeMap<&str, usize> = input
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.rel.as_str(), i))
        .collect();
    let mut read: BTreeSet<usize> = files.iter().copied().collect();
    for _ in 0..4 {
        let defined: BTreeSet<&str> = classes.iter().map(|c| c.name.as_str()).collect();
        let mut wanted: BTreeSet<usize> = BTreeSet::new();
        for c in &classes {
            let mut names: Vec<&str> = c.base.iter().map(String::as_str).collect();
            names.extend(c.fields.iter().filter_map(|f| match &f.kind {
                FieldKind::Embedded { class, .. } => Some(class.as_str()),
                _ => None,
            }));
            for name in names.into_iter().filter(|n| !defined.contains(n)) {
                let mut from = vec![c.file.as_str()];
                for _ in 0..4 {
                    let mut next = Vec::new();
                    for f in &from {
                        for (to, symbols) in imports.get(f).into_iter().flatten() {
                            if symbols.iter().any(|s| s == name) {
                                if let Some(&i) = index_of.get(to) {
                                    if !read.contains(&i) {
                                        wanted.insert(i);
                                    }
                                }
                                next.push(*to);
                            }
                        }
                    }
                    if next.is_empty() {
                        break;
                    }
                    from = next;
                }
            }
        }
        if wanted.is_empty() {
            break;
        }
        for i in wanted {
            read.insert(i);
            let file = &input.files[i];
            if let Some(tree) = crate::code::parse_file(file) {
                let mut found = Vec::new();
                collect(
                    tree.root_node(),
                    &file.bytes,
                    &file.rel,
                    &mut found,
                    warnings,
                );
                // Only plain classes: entities come from typeorm files.
                classes.extend(found.into_iter().filter(|c| c.kind == Kind::Plain));
            }
        }
    }
    // Names each file imports that no edge into the repository carries.
    let mut external: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for &i in &read {
        let rel = input.files[i].rel.as_str();
        let internal: BTreeSet<&str> = imports
            .get(rel)
            .into_iter()
            .flatten()
            .flat_map(|(_, symbols)| symbols.iter().map(String::as_str))
            .collect();
        let names: BTreeSet<String> = input
            .facts
            .get(i)
            .into_iter()
            .flat_map(|f| &f.imports)
            .flat_map(|imp| &imp.names)
            .filter(|n| !internal.contains(n.as_str()) && *n != "default" && *n != "*")
            .cloned()
            .collect();
        if !names.is_empty() {
            external.insert(rel.to_string(), names);
        }
    }
    let tables = build(&classes, &imports, &external, warnings);
    if tables.is_empty() {
        return None;
    }
    let summary = SourceSummary {
        path: super::django::common_dir(files.iter().map(|&i| input.files[i].rel.as_str())),
        kind: "typeorm".into(),
        statements: classes
            .iter()
            .filter(|c| matches!(c.kind, Kind::Entity(_) | Kind::ChildEntity))
            .count(),
        tables: tables.len(),
        foreign_keys: tables.iter().map(|t| t.foreign_keys.len()).sum(),
        ..SourceSummary::default()
    };
    Some(OrmExtract { tables, summary })
}

/// A decorator's name and argument nodes.
pub(super) fn decorator<'t>(d: Node<'t>, src: &[u8]) -> Option<(String, Vec<Node<'t>>, bool)> {
    let inner = d.named_child(0)?;
    match inner.kind() {
        "identifier" => Some((text(inner, src).to_string(), Vec::new(), false)),
        "call_expression" => {
            let function = inner.child_by_field_name("function")?;
            let name = text(function, src).to_string();
            let args = inner.child_by_field_name("arguments")?;
            let mut c = args.walk();
            Some((name, args.named_children(&mut c).collect(), true))
        }
        _ => None,
    }
}

/// `{ a: "x", b: true }` → key → value node (shorthand `{ name }` included).
pub(super) fn object_pairs<'t>(obj: Node<'t>, src: &[u8]) -> BTreeMap<String, Node<'t>> {
    let mut out = BTreeMap::new();
    if obj.kind() != "object" {
        return out;
    }
    let mut c = obj.walk();
    for p in obj.named_children(&mut c) {
        match p.kind() {
            "pair" => {
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
            "shorthand_property_identifier" => {
                out.insert(text(p, src).to_string(), p);
            }
            _ => {}
        }
    }
    out
}

fn is_true(n: Option<&Node>, src: &[u8]) -> bool {
    n.is_some_and(|v| text(*v, src) == "true")
}

fn is_false(n: Option<&Node>, src: &[u8]) -> bool {
    n.is_some_and(|v| text(*v, src) == "false")
}

fn line_of(n: Node) -> usize {
    n.start_position().row + 1
}

/// A string option; a non-literal value is a warning.
fn string_opt(
    pairs: &BTreeMap<String, Node>,
    key: &str,
    src: &[u8],
    file: &str,
    warnings: &Warnings,
) -> Option<String> {
    let v = pairs.get(key)?;
    let s = string_value(*v, src);
    if s.is_none() {
        warnings.push(
            file,
            Some(line_of(*v)),
            format!(
                "TypeORM `{key}: {}` is computed at run time; the default name is used",
                text(*v, src)
            ),
        );
    }
    s
}

fn collect(node: Node, src: &[u8], file: &str, out: &mut Vec<Class>, warnings: &Warnings) {
    if matches!(
        node.kind(),
        "class_declaration" | "class" | "abstract_class_declaration"
    ) {
        if let Some(c) = read_class(node, src, file, warnings) {
            out.push(c);
        }
    }
    if node.kind() == "new_expression"
        && node
            .child_by_field_name("constructor")
            .is_some_and(|c| text(c, src) == "EntitySchema")
    {
        warnings.push(
            file,
            Some(line_of(node)),
            "TypeORM `new EntitySchema({ … })` is not read (only decorated entity classes are); its table is missing",
        );
    }
    let mut c = node.walk();
    for child in node.named_children(&mut c) {
        collect(child, src, file, out, warnings);
    }
}

/// Inside a function body: a class a factory builds, once per call.
fn in_function(node: Node) -> bool {
    let mut cur = node.parent();
    while let Some(p) = cur {
        if matches!(
            p.kind(),
            "function_declaration"
                | "function_expression"
                | "function"
                | "arrow_function"
                | "method_definition"
                | "generator_function_declaration"
        ) {
            return true;
        }
        cur = p.parent();
    }
    false
}

fn read_class(node: Node, src: &[u8], file: &str, warnings: &Warnings) -> Option<Class> {
    let line = line_of(node);
    // A class a factory builds is one warning below, not one per name.
    let factory = in_function(node);
    let name = node
        .child_by_field_name("name")
        .map(|n| text(n, src).to_string());
    let mut decorators: Vec<Node> = Vec::new();
    let mut base = None;
    let mut c = node.walk();
    for child in node.children(&mut c) {
        match child.kind() {
            "decorator" => decorators.push(child),
            "class_heritage" => {
                let mut hc = child.walk();
                for clause in child.named_children(&mut hc) {
                    if clause.kind() != "extends_clause" {
                        continue;
                    }
                    let value = clause.child_by_field_name("value");
                    match value {
                        Some(v) if v.kind() == "identifier" => {
                            base = Some(text(v, src).to_string());
                        }
                        Some(v) if v.kind() == "member_expression" => {
                            // `typeorm.BaseEntity`, `ns.Base`: the last name.
                            base = v
                                .child_by_field_name("property")
                                .map(|p| text(p, src).to_string());
                        }
                        Some(v) => {
                            base = Some(format!("\u{0}{}", text(v, src)));
                        }
                        None => {}
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(parent) = node.parent().filter(|p| p.kind() == "export_statement") {
        let mut c = parent.walk();
        decorators.extend(parent.children(&mut c).filter(|d| d.kind() == "decorator"));
    }
    let mut class = Class {
        name: name.clone().unwrap_or_default(),
        file: file.to_string(),
        line,
        kind: Kind::Plain,
        schema: None,
        database: None,
        base: None,
        inheritance: None,
        tree: None,
        fields: Vec::new(),
    };
    for d in decorators {
        let Some((dname, args, _)) = decorator(d, src) else {
            continue;
        };
        match dname.as_str() {
            "Entity" => {
                let mut given = None;
                let mut options = None;
                match args.first() {
                    Some(a) if a.kind() == "object" => options = Some(*a),
                    Some(a) => {
                        given = string_value(*a, src);
                        if given.is_none() && !factory {
                            warnings.push(
                                file,
                                Some(line_of(*a)),
                                format!(
                                    "TypeORM @Entity({}) names its table at run time; the class name is used",
                                    text(*a, src)
                                ),
                            );
                        }
                        options = args.get(1).copied();
                    }
                    None => {}
                }
                if let Some(o) = options {
                    let pairs = object_pairs(o, src);
                    if given.is_none() {
                        given = string_opt(&pairs, "name", src, file, warnings);
                    }
                    class.schema = string_opt(&pairs, "schema", src, file, warnings);
                    class.database = string_opt(&pairs, "database", src, file, warnings);
                }
                class.kind = Kind::Entity(given);
            }
            "ChildEntity" => class.kind = Kind::ChildEntity,
            "ViewEntity" => class.kind = Kind::View,
            "TableInheritance" => {
                let column = args.first().and_then(|o| {
                    let pairs = object_pairs(*o, src);
                    let col = pairs.get("column")?;
                    string_value(*col, src).or_else(|| {
                        let cp = object_pairs(*col, src);
                        Some(
                            cp.get("name")
                                .and_then(|n| string_value(*n, src))
                                .unwrap_or_else(|| "type".into()),
                        )
                    })
                });
                class.inheritance = Some(column);
            }
            "Tree" => {
                class.tree = args.first().and_then(|a| string_value(*a, src));
            }
            _ => {}
        }
    }
    if let Some(b) = base {
        if let Some(expr) = b.strip_prefix('\u{0}') {
            if class.kind != Kind::Plain {
                warnings.push(
                    file,
                    Some(line),
                    format!(
                        "TypeORM entity extends `{expr}`, computed at run time (a mixin?); its inherited columns are not read"
                    ),
                );
            }
        } else {
            class.base = Some(b);
        }
    }
    if class.kind != Kind::Plain && factory {
        warnings.push(
            file,
            Some(line),
            format!(
                "TypeORM entity {} is declared inside a function (built by a factory); not read",
                name.as_deref().unwrap_or("(anonymous)")
            ),
        );
        return None;
    }
    name.as_ref()?;
    let body = node.child_by_field_name("body")?;
    let mut c = body.walk();
    for member in body.named_children(&mut c) {
        if member.kind() != "public_field_definition" && member.kind() != "field_definition" {
            continue;
        }
        if let Some(f) = read_field(member, src, file, warnings) {
            class.fields.push(f);
        }
    }
    Some(class)
}

/// `() => User`, `type => User`, `(type) => User`, `User`, `"User"` → `User`.
fn relation_target(n: Node, src: &[u8]) -> Option<String> {
    match n.kind() {
        "arrow_function" => {
            let mut body = n.child_by_field_name("body")?;
            while body.kind() == "parenthesized_expression" {
                body = body.named_child(0)?;
            }
            match body.kind() {
                "identifier" => Some(text(body, src).to_string()),
                "member_expression" => body
                    .child_by_field_name("property")
                    .map(|p| text(p, src).to_string()),
                _ => string_value(body, src),
            }
        }
        "identifier" => Some(text(n, src).to_string()),
        _ => string_value(n, src),
    }
}

fn join_cols(n: Node, src: &[u8]) -> Vec<JoinCol> {
    let one = |o: Node| {
        let p = object_pairs(o, src);
        JoinCol {
            name: p.get("name").and_then(|v| string_value(*v, src)),
            referenced: p
                .get("referencedColumnName")
                .and_then(|v| string_value(*v, src)),
        }
    };
    match n.kind() {
        "object" => vec![one(n)],
        "array" => {
            let mut c = n.walk();
            n.named_children(&mut c)
                .filter(|x| x.kind() == "object")
                .map(one)
                .collect()
        }
        _ => Vec::new(),
    }
}

fn read_field(member: Node, src: &[u8], file: &str, warnings: &Warnings) -> Option<Field> {
    let name_node = member
        .child_by_field_name("name")
        .or_else(|| member.child_by_field_name("property"))?;
    let prop = text(name_node, src).to_string();
    let line = line_of(member);
    let mut kind: Option<FieldKind> = None;
    let mut join_columns: Option<Vec<JoinCol>> = None;
    let mut join_table: Option<JoinTableOpt> = None;
    let mut unknown_primary = false;
    let mut c = member.walk();
    for d in member.children(&mut c).filter(|d| d.kind() == "decorator") {
        let Some((dname, args, _)) = decorator(d, src) else {
            continue;
        };
        if let Some(implied) = column_decorator(&dname) {
            let mut col_name = None;
            let mut data_type = implied.to_string();
            let mut nullable = false;
            let mut primary = dname.starts_with("Primary");
            let mut unique = false;
            let mut options = None;
            for a in &args {
                match a.kind() {
                    "object" => options = Some(*a),
                    "arrow_function" if dname == "Column" => {
                        // Embedded: `@Column(() => Name, { prefix })`.
                        if let Some(class) = relation_target(*a, src) {
                            let prefix = args.get(1).and_then(|o| {
                                let p = object_pairs(*o, src);
                                let v = p.get("prefix")?;
                                if text(*v, src) == "false" {
                                    Some(String::new())
                                } else {
                                    string_value(*v, src)
                                }
                            });
                            kind = Some(FieldKind::Embedded { class, prefix });
                        }
                    }
                    _ => {
                        if let Some(s) = string_value(*a, src) {
                            data_type = s;
                        } else if a.kind() == "identifier" {
                            data_type = text(*a, src).to_string();
                        }
                    }
                }
            }
            if matches!(kind, Some(FieldKind::Embedded { .. })) {
                continue;
            }
            if let Some(o) = options {
                let p = object_pairs(o, src);
                col_name = string_opt(&p, "name", src, file, warnings);
                if let Some(t) = p.get("type") {
                    data_type = string_value(*t, src).unwrap_or_else(|| text(*t, src).to_string());
                }
                nullable = is_true(p.get("nullable"), src);
                primary |= is_true(p.get("primary"), src);
                unique = is_true(p.get("unique"), src);
            }
            if data_type.is_empty() {
                data_type = member
                    .child_by_field_name("type")
                    .map(|t| text(t, src).trim_start_matches(':').trim().to_string())
                    .unwrap_or_else(|| "column".into());
            }
            if dname == "DeleteDateColumn" {
                nullable = true;
            }
            kind = Some(FieldKind::Column {
                name: col_name,
                data_type,
                nullable: nullable && !primary,
                primary,
                unique: unique || primary,
            });
            continue;
        }
        let rel = match dname.as_str() {
            "ManyToOne" | "TreeParent" => Some(Rel::ManyToOne),
            "OneToOne" => Some(Rel::OneToOne),
            "OneToMany" | "TreeChildren" => Some(Rel::OneToMany),
            "ManyToMany" => Some(Rel::ManyToMany),
            _ => None,
        };
        if let Some(rel) = rel {
            let target = if dname == "TreeParent" || dname == "TreeChildren" {
                Some("\u{0}self".to_string())
            } else {
                args.first().and_then(|a| relation_target(*a, src))
            };
            let Some(target) = target else {
                let what = args.first().map(|a| text(*a, src)).unwrap_or("");
                warnings.push(
                    file,
                    Some(line),
                    format!(
                        "TypeORM @{dname}({what}) on `{prop}`: the target entity is computed at run time; no key read"
                    ),
                );
                return None;
            };
            let options = args
                .iter()
                .skip(if dname.starts_with("Tree") { 0 } else { 1 })
                .find(|a| a.kind() == "object")
                .map(|o| object_pairs(*o, src))
                .unwrap_or_default();
            kind = Some(FieldKind::Relation {
                rel,
                target,
                nullable: !is_false(options.get("nullable"), src),
                constraint: !is_false(options.get("createForeignKeyConstraints"), src),
                join_columns: None,
                join_table: None,
            });
            continue;
        }
        match dname.as_str() {
            "JoinColumn" => {
                join_columns = Some(args.first().map(|a| join_cols(*a, src)).unwrap_or_default());
            }
            "JoinTable" => {
                let mut jt = JoinTableOpt::default();
                if let Some(o) = args.first() {
                    let p = object_pairs(*o, src);
                    jt.name = string_opt(&p, "name", src, file, warnings);
                    jt.schema = string_opt(&p, "schema", src, file, warnings);
                    jt.database = string_opt(&p, "database", src, file, warnings);
                    for key in ["joinColumn", "joinColumns"] {
                        if let Some(v) = p.get(key) {
                            jt.join_columns = join_cols(*v, src);
                        }
                    }
                    for key in ["inverseJoinColumn", "inverseJoinColumns"] {
                        if let Some(v) = p.get(key) {
                            jt.inverse_join_columns = join_cols(*v, src);
                        }
                    }
                }
                join_table = Some(jt);
            }
            // Not TypeORM's: Vendure's `@PrimaryGeneratedId()` sets the
            // primary column at bootstrap; read `Primary*` as primary.
            other if other.starts_with("Primary") => unknown_primary = true,
            _ => {}
        }
    }
    let kind = match kind {
        Some(FieldKind::Relation {
            rel,
            target,
            nullable,
            constraint,
            ..
        }) => FieldKind::Relation {
            rel,
            target,
            nullable,
            constraint,
            join_columns,
            join_table,
        },
        Some(k) => k,
        None if unknown_primary => FieldKind::Column {
            name: None,
            data_type: "id".into(),
            nullable: false,
            primary: true,
            unique: true,
        },
        None => return None,
    };
    Some(Field { prop, line, kind })
}

/// A column as TypeORM's metadata holds it.
#[derive(Debug, Clone)]
struct Col {
    prop: String,
    db: String,
    column: Column,
    primary: bool,
    /// Comes from an embedded class (its property names may repeat).
    embedded: bool,
}

/// An entity's table and what it gathered from its class chain.
struct Meta<'c> {
    table: String,
    class: &'c Class,
    /// Classes whose fields land in this table: the chain, base first, then
    /// the single-table children.
    sources: Vec<&'c Class>,
    columns: Vec<Col>,
}

struct Resolver<'c, 'i> {
    by_name: BTreeMap<&'c str, Vec<&'c Class>>,
    imports: &'i BTreeMap<&'i str, Vec<(&'i str, &'i [String])>>,
    /// Per file, names it imports from outside the repository (`BaseEntity`
    /// from `typeorm`): never a class of the repository.
    external: &'i BTreeMap<String, BTreeSet<String>>,
}

impl<'c> Resolver<'c, '_> {
    /// The class `name` means in `file`: one defined there, else the one an
    /// import of `file` names, else one of that name (entities first).
    fn resolve(&self, name: &str, file: &str) -> Option<&'c Class> {
        let candidates = self.by_name.get(name)?;
        if let Some(c) = candidates.iter().find(|c| c.file == file) {
            return Some(c);
        }
        if self
            .external
            .get(file)
            .is_some_and(|names| names.contains(name))
        {
            return None;
        }
        if let Some(edges) = self.imports.get(file) {
            for (to, symbols) in edges {
                if symbols.is_empty() || symbols.iter().any(|s| s == name) {
                    if let Some(c) = candidates.iter().find(|c| c.file == *to) {
                        return Some(c);
                    }
                }
            }
        }
        // Several classes of that name and no import to tell: an entity
        // before a plain class (a DTO or GraphQL type of the same name).
        candidates
            .iter()
            .find(|c| c.kind != Kind::Plain)
            .or(candidates.first())
            .copied()
    }

    /// The class and its bases, most derived first.
    fn chain(&self, class: &'c Class) -> Vec<&'c Class> {
        let mut chain = vec![class];
        let mut cur = class;
        while let Some(base) = cur.base.as_deref().and_then(|b| self.resolve(b, &cur.file)) {
            if chain.len() > 32 || chain.iter().any(|x| std::ptr::eq(*x, base)) {
                break;
            }
            chain.push(base);
            cur = base;
        }
        chain
    }
}

fn qualified(table: &str, schema: Option<&str>, database: Option<&str>) -> String {
    let schema =
        schema.filter(|s| !["public", "dbo", "main"].contains(&s.to_ascii_lowercase().as_str()));
    let mut parts: Vec<&str> = Vec::new();
    parts.extend(database);
    parts.extend(schema);
    parts.push(table);
    parts.join(".")
}

fn build(
    classes: &[Class],
    imports: &BTreeMap<&str, Vec<(&str, &[String])>>,
    external: &BTreeMap<String, BTreeSet<String>>,
    warnings: &Warnings,
) -> Vec<TableDef> {
    let mut by_name: BTreeMap<&str, Vec<&Class>> = BTreeMap::new();
    for c in classes {
        by_name.entry(c.name.as_str()).or_default().push(c);
    }
    let r = Resolver {
        by_name,
        imports,
        external,
    };

    // Class (by address) → the table its rows live in, for entities and
    // single-table children.
    let mut table_of: BTreeMap<*const Class, String> = BTreeMap::new();
    let mut metas: Vec<Meta> = Vec::new();
    for c in classes {
        if let Kind::Entity(given) = &c.kind {
            let name = naming::table_name(&c.name, given.as_deref());
            let name = qualified(&name, c.schema.as_deref(), c.database.as_deref());
            table_of.insert(c as *const Class, name.clone());
            let mut sources = r.chain(c);
            sources.reverse();
            metas.push(Meta {
                table: name,
                class: c,
                sources,
                columns: Vec::new(),
            });
        }
    }
    for c in classes.iter().filter(|c| c.kind == Kind::ChildEntity) {
        let chain = r.chain(c);
        let root = chain
            .iter()
            .skip(1)
            .position(|x| x.inheritance.is_some() && matches!(x.kind, Kind::Entity(_)))
            .map(|i| i + 1);
        let Some(root_at) = root else {
            warnings.push(
                &c.file,
                Some(c.line),
                format!(
                    "TypeORM @ChildEntity {} has no @TableInheritance parent entity among the files read; not read",
                    c.name
                ),
            );
            continue;
        };
        let root = chain[root_at];
        let Some(table) = table_of.get(&(root as *const Class)).cloned() else {
            continue;
        };
        table_of.insert(c as *const Class, table);
        if let Some(m) = metas.iter_mut().find(|m| std::ptr::eq(m.class, root)) {
            for x in chain[..root_at].iter().rev() {
                if !m.sources.iter().any(|s| std::ptr::eq(*s, *x)) {
                    m.sources.push(x);
                }
            }
        }
    }

    // Pass 1: plain and embedded columns, primary keys.
    for m in &mut metas {
        let mut cols: Vec<Col> = Vec::new();
        for class in &m.sources {
            for f in &class.fields {
                add_plain_columns(&r, class, f, &[], &mut cols, 0);
            }
        }
        if let Some(Some(disc)) = &m.class.inheritance {
            if !cols.iter().any(|c| &c.db == disc) {
                cols.push(Col {
                    prop: disc.clone(),
                    db: disc.clone(),
                    column: Column {
                        name: disc.clone(),
                        data_type: "varchar".into(),
                        nullable: false,
                        unique: false,
                    },
                    primary: false,
                    embedded: false,
                });
            }
        }
        match m.class.tree.as_deref() {
            Some("materialized-path") => cols.push(extra("mpath", "varchar", true)),
            Some("nested-set") => {
                cols.push(extra("nsleft", "integer", false));
                cols.push(extra("nsright", "integer", false));
            }
            _ => {}
        }
        m.columns = cols;
    }
    let pks: BTreeMap<String, Vec<(String, String)>> = metas
        .iter()
        .map(|m| {
            (
                m.table.clone(),
                m.columns
                    .iter()
                    .filter(|c| c.primary)
                    .map(|c| (c.prop.clone(), c.db.clone()))
                    .collect(),
            )
        })
        .collect();
    let own_cols: BTreeMap<String, Vec<(String, String)>> = metas
        .iter()
        .map(|m| {
            (
                m.table.clone(),
                m.columns
                    .iter()
                    .map(|c| (c.prop.clone(), c.db.clone()))
                    .collect(),
            )
        })
        .collect();

    // Pass 2: relations.
    let mut out: BTreeMap<String, TableDef> = BTreeMap::new();
    let mut junctions: Vec<TableDef> = Vec::new();
    let mut warned: BTreeSet<(String, usize)> = BTreeSet::new();
    for m in &metas {
        let mut t = TableDef::new(&m.table, &m.class.file, m.class.line);
        t.model = Some(m.class.name.clone());
        for c in &m.columns {
            t.add_column(c.column.clone());
        }
        let mut seen_props: BTreeSet<&str> = BTreeSet::new();
        for class in m.sources.iter().rev() {
            for f in &class.fields {
                let FieldKind::Relation {
                    rel,
                    target,
                    nullable,
                    constraint,
                    join_columns,
                    join_table,
                } = &f.kind
                else {
                    continue;
                };
                // A property redeclared lower in the chain wins.
                if !seen_props.insert(f.prop.as_str()) {
                    continue;
                }
                let target_table = if target == "\u{0}self" {
                    Some(m.table.clone())
                } else {
                    r.resolve(target, &class.file)
                        .and_then(|tc| table_of.get(&(tc as *const Class)).cloned())
                };
                let owns_column = match rel {
                    Rel::ManyToOne => true,
                    Rel::OneToOne => join_columns.is_some(),
                    _ => false,
                };
                let owns_junction = *rel == Rel::ManyToMany && join_table.is_some();
                if !owns_column && !owns_junction {
                    continue;
                }
                let Some(to) = target_table else {
                    if warned.insert((class.file.clone(), f.line)) {
                        warnings.push(
                            &class.file,
                            Some(f.line),
                            format!(
                                "TypeORM relation `{}` targets {target}, which is no entity among the files read; no key",
                                f.prop
                            ),
                        );
                    }
                    continue;
                };
                let target_pk = pks.get(&to).cloned().unwrap_or_default();
                if owns_column {
                    let jcs = join_columns.clone().unwrap_or_default();
                    let referenced = referenced_columns(&jcs, &target_pk, own_cols.get(&to));
                    if referenced.is_empty() {
                        if warned.insert((class.file.clone(), f.line)) {
                            warnings.push(
                                &class.file,
                                Some(f.line),
                                format!(
                                    "TypeORM relation `{}`: the primary key of {to} is not known statically; no key",
                                    f.prop
                                ),
                            );
                        }
                        continue;
                    }
                    let mut from = Vec::new();
                    let mut to_cols = Vec::new();
                    for (rprop, rdb) in &referenced {
                        let given = jcs
                            .iter()
                            .find(|j| {
                                j.name.is_some() && j.referenced.as_ref().is_none_or(|x| x == rprop)
                            })
                            .and_then(|j| j.name.clone());
                        let col = given.unwrap_or_else(|| naming::join_column_name(&f.prop, rprop));
                        if t.column_mut(&col).is_none() {
                            t.add_column(Column {
                                name: col.clone(),
                                data_type: "relation".into(),
                                nullable: *nullable,
                                unique: false,
                            });
                        }
                        from.push(col);
                        to_cols.push(rdb.clone());
                    }
                    if *rel == Rel::OneToOne {
                        t.mark_unique(&from);
                    }
                    if *constraint {
                        t.foreign_keys.push(ForeignKey {
                            from_table: m.table.clone(),
                            from_columns: from,
                            to_table: to,
                            to_columns: to_cols,
                            kind: RelationKind::Declared,
                            name: None,
                            source: class.file.clone(),
                            line: f.line,
                        });
                    }
                } else if let Some(jt) = join_table {
                    let own_pk = pks.get(&m.table).cloned().unwrap_or_default();
                    let left =
                        referenced_columns(&jt.join_columns, &own_pk, own_cols.get(&m.table));
                    let right =
                        referenced_columns(&jt.inverse_join_columns, &target_pk, own_cols.get(&to));
                    if left.is_empty() || right.is_empty() {
                        warnings.push(
                            &class.file,
                            Some(f.line),
                            format!(
                                "TypeORM many-to-many `{}`: a primary key is not known statically; no join table",
                                f.prop
                            ),
                        );
                        continue;
                    }
                    let bare = |t: &str| t.rsplit('.').next().unwrap_or(t).to_string();
                    let name = jt.name.clone().unwrap_or_else(|| {
                        naming::join_table_name(&bare(&m.table), &bare(&to), &f.prop)
                    });
                    let schema = jt.schema.clone().or_else(|| m.class.schema.clone());
                    let database = jt.database.clone().or_else(|| m.class.database.clone());
                    let name = qualified(&name, schema.as_deref(), database.as_deref());
                    let side = |cols: &[(String, String)], jcs: &[JoinCol], table: &str| {
                        cols.iter()
                            .map(|(rprop, rdb)| {
                                jcs.iter()
                                    .find(|j| {
                                        j.name.is_some()
                                            && j.referenced.as_ref().is_none_or(|x| x == rprop)
                                    })
                                    .and_then(|j| j.name.clone())
                                    .unwrap_or_else(|| {
                                        naming::join_table_column_name(&bare(table), rdb)
                                    })
                            })
                            .collect::<Vec<String>>()
                    };
                    let mut lcols = side(&left, &jt.join_columns, &m.table);
                    let mut rcols = side(&right, &jt.inverse_join_columns, &to);
                    for l in lcols.iter_mut() {
                        for r in rcols.iter_mut() {
                            if l == r {
                                *l = format!("{l}_1");
                                *r = format!("{r}_2");
                            }
                        }
                    }
                    // The entity's file, also for a relation a base class
                    // declares: each entity gets its own junction.
                    let line = if class.file == m.class.file {
                        f.line
                    } else {
                        m.class.line
                    };
                    let mut j = TableDef::new(&name, &m.class.file, line);
                    // As Django's join tables: the model that declares it.
                    j.model = Some(m.class.name.clone());
                    for c in lcols.iter().chain(&rcols) {
                        j.add_column(Column {
                            name: c.clone(),
                            data_type: "relation".into(),
                            nullable: false,
                            unique: false,
                        });
                    }
                    j.set_primary_key(lcols.iter().chain(&rcols).cloned().collect());
                    if *constraint {
                        for (cols, target, refs) in
                            [(&lcols, &m.table, &left), (&rcols, &to, &right)]
                        {
                            j.foreign_keys.push(ForeignKey {
                                from_table: name.clone(),
                                from_columns: cols.clone(),
                                to_table: target.clone(),
                                to_columns: refs.iter().map(|(_, db)| db.clone()).collect(),
                                kind: RelationKind::Declared,
                                name: None,
                                source: class.file.clone(),
                                line: f.line,
                            });
                        }
                    }
                    junctions.push(j);
                }
            }
        }
        let pk: Vec<String> = m
            .columns
            .iter()
            .filter(|c| c.primary)
            .map(|c| c.db.clone())
            .collect();
        t.set_primary_key(pk);
        if m.class.tree.as_deref() == Some("closure-table") {
            match pks.get(&m.table).map(Vec::as_slice) {
                Some([(prop, db)]) => {
                    let name = naming::closure_junction_table_name(&m.table);
                    let mut j = TableDef::new(&name, &m.class.file, m.class.line);
                    j.model = Some(m.class.name.clone());
                    let cols = [format!("{prop}_ancestor"), format!("{prop}_descendant")];
                    for c in &cols {
                        j.add_column(Column {
                            name: c.clone(),
                            data_type: "relation".into(),
                            nullable: false,
                            unique: false,
                        });
                        j.foreign_keys.push(ForeignKey {
                            from_table: name.clone(),
                            from_columns: vec![c.clone()],
                            to_table: m.table.clone(),
                            to_columns: vec![db.clone()],
                            kind: RelationKind::Declared,
                            name: None,
                            source: m.class.file.clone(),
                            line: m.class.line,
                        });
                    }
                    j.set_primary_key(cols.to_vec());
                    junctions.push(j);
                }
                _ => warnings.push(
                    &m.class.file,
                    Some(m.class.line),
                    format!(
                        "TypeORM closure table of {}: needs one primary column known statically; closure table not read",
                        m.table
                    ),
                ),
            }
        }
        match out.get_mut(&t.name) {
            Some(existing) => {
                warnings.push(
                    &m.class.file,
                    Some(m.class.line),
                    format!(
                        "TypeORM entity {} maps table {}, which {} ({}) maps too; merged",
                        m.class.name,
                        t.name,
                        existing.model.as_deref().unwrap_or("?"),
                        existing.source
                    ),
                );
                for c in t.columns {
                    if existing.column_mut(&c.name).is_none() {
                        existing.columns.push(c);
                    }
                }
                existing.foreign_keys.extend(t.foreign_keys);
            }
            None => {
                out.insert(t.name.clone(), t);
            }
        }
    }
    for j in junctions {
        match out.get_mut(&j.name) {
            // The same junction seen from a base class and an entity, or
            // from the STI parent and its child.
            Some(existing) => {
                for fk in j.foreign_keys {
                    if !existing
                        .foreign_keys
                        .iter()
                        .any(|k| k.from_columns == fk.from_columns)
                    {
                        existing.foreign_keys.push(fk);
                    }
                }
            }
            None => {
                out.insert(j.name.clone(), j);
            }
        }
    }
    for t in out.values_mut() {
        let mut seen = BTreeSet::new();
        t.foreign_keys.retain(|k| {
            seen.insert((
                k.from_columns.clone(),
                k.to_table.clone(),
                k.to_columns.clone(),
            ))
        });
    }
    out.into_values().collect()
}

fn extra(name: &str, data_type: &str, nullable: bool) -> Col {
    Col {
        prop: name.into(),
        db: name.into(),
        column: Column {
            name: name.into(),
            data_type: data_type.into(),
            nullable,
            unique: false,
        },
        primary: false,
        embedded: false,
    }
}

/// The target columns a relation references, as (property, column): the
/// named `referencedColumnName`s, else the primary key.
fn referenced_columns(
    jcs: &[JoinCol],
    pk: &[(String, String)],
    columns: Option<&Vec<(String, String)>>,
) -> Vec<(String, String)> {
    if jcs.iter().all(|j| j.referenced.is_none()) {
        return pk.to_vec();
    }
    jcs.iter()
        .filter_map(|j| {
            let r = j.referenced.as_ref()?;
            columns
                .and_then(|cs| cs.iter().find(|(p, _)| p == r).cloned())
                .or_else(|| Some((r.clone(), r.clone())))
        })
        .collect()
}

/// Columns of a field: plain columns as they are, embedded classes expanded
/// with their prefix (nested up to 4 levels).
fn add_plain_columns(
    r: &Resolver<'_, '_>,
    class: &Class,
    f: &Field,
    prefixes: &[String],
    cols: &mut Vec<Col>,
    depth: usize,
) {
    match &f.kind {
        FieldKind::Column {
            name,
            data_type,
            nullable,
            primary,
            unique,
        } => {
            let db = naming::column_name(&f.prop, name.as_deref(), prefixes);
            let col = Col {
                prop: f.prop.clone(),
                db: db.clone(),
                column: Column {
                    name: db,
                    data_type: data_type.clone(),
                    nullable: *nullable,
                    unique: *unique,
                },
                primary: *primary,
                embedded: depth > 0,
            };
            // A redeclared property (lower in the chain) replaces the base's.
            if let Some(existing) = cols
                .iter_mut()
                .find(|c| c.db == col.db || (depth == 0 && !c.embedded && c.prop == col.prop))
            {
                *existing = col;
            } else {
                cols.push(col);
            }
        }
        FieldKind::Embedded { class: ec, prefix } => {
            if depth > 4 {
                return;
            }
            let Some(embedded) = r.resolve(ec, &class.file) else {
                return;
            };
            let mut p = prefixes.to_vec();
            match prefix.as_deref() {
                None => p.push(f.prop.clone()),
                Some("") => {}
                Some(s) => p.push(s.to_string()),
            }
            for e in r.chain(embedded).iter().rev() {
                for ef in &e.fields {
                    add_plain_columns(r, e, ef, &p, cols, depth + 1);
                }
            }
        }
        FieldKind::Relation { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tree_sitter::Parser;

    fn tables(src: &str) -> (Vec<TableDef>, Vec<crate::warnings::Warning>) {
        let mut parser = Parser::new();
        parser
            .set_language(&tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into())
            .unwrap();
        let tree = parser.parse(src, None).unwrap();
        let warnings = Warnings::new();
        let mut classes = Vec::new();
        collect(
            tree.root_node(),
            src.as_bytes(),
            "e.ts",
            &mut classes,
            &warnings,
        );
        let out = build(&classes, &BTreeMap::new(), &BTreeMap::new(), &warnings);
        (out, warnings.into_sorted())
    }

    fn keys(ts: &[TableDef]) -> Vec<String> {
        let mut out: Vec<String> = ts
            .iter()
            .flat_map(|t| &t.foreign_keys)
            .map(ForeignKey::arrow)
            .collect();
        out.sort();
        out
    }

    fn names(ts: &[TableDef]) -> Vec<&str> {
        ts.iter().map(|t| t.name.as_str()).collect()
    }

    #[test]
    fn relations_give_default_named_key_columns_and_junctions() {
        let src = r#"
import { Entity, PrimaryGeneratedColumn, Column, ManyToOne, OneToOne, OneToMany, ManyToMany, JoinColumn, JoinTable } from "typeorm";
abstract class Base<T> {
  @PrimaryGeneratedColumn() id: number;
  @Column() createdAt: Date;
}
@Entity()
export class UserProfile extends Base<UserProfile> {
  @OneToOne(() => Photo) @JoinColumn() photo: Photo;
  @OneToOne(() => Photo) backup: Photo;
  @OneToMany(() => Post, p => p.author) posts: Post[];
}
@Entity({ name: "photos" })
export class Photo extends Base<Photo> {
  @Column({ name: "file_path" }) path: string;
}
@Entity("posts")
export class Post extends Base<Post> {
  @ManyToOne(type => UserProfile, u => u.posts, { nullable: false }) author: UserProfile;
  @ManyToOne(() => Photo) @JoinColumn({ name: "cover_id" }) cover: Photo;
  @ManyToOne(() => Photo, { createForeignKeyConstraints: false }) thumb: Photo;
  @ManyToMany(() => Photo) @JoinTable() gallery: Photo[];
  @ManyToMany(() => UserProfile) @JoinTable({ name: "post_readers", joinColumn: { name: "post_id" }, inverseJoinColumn: { name: "reader_id", referencedColumnName: "id" } }) readers: UserProfile[];
  @ManyToMany(() => Photo, p => p.posts) likedBy: Photo[];
}
"#;
        let (ts, warnings) = tables(src);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            names(&ts),
            [
                "photos",
                "post_readers",
                "posts",
                "posts_gallery_photos",
                "user_profile"
            ]
        );
        assert_eq!(
            keys(&ts),
            [
                "post_readers(post_id)->posts(id)",
                "post_readers(reader_id)->user_profile(id)",
                "posts(authorId)->user_profile(id)",
                "posts(cover_id)->photos(id)",
                "posts_gallery_photos(photosId)->photos(id)",
                "posts_gallery_photos(postsId)->posts(id)",
                "user_profile(photoId)->photos(id)",
            ]
        );
        let posts = ts.iter().find(|t| t.name == "posts").unwrap();
        assert!(posts.columns.iter().any(|c| c.name == "thumbId"));
        assert!(posts
            .columns
            .iter()
            .any(|c| c.name == "authorId" && !c.nullable));
        assert_eq!(posts.primary_key, ["id"]);
        let photos = ts.iter().find(|t| t.name == "photos").unwrap();
        assert!(photos.columns.iter().any(|c| c.name == "file_path"));
        let profile = ts.iter().find(|t| t.name == "user_profile").unwrap();
        assert!(!profile.columns.iter().any(|c| c.name == "backupId"));
    }

    #[test]
    fn single_table_inheritance_folds_children_into_the_parent() {
        let src = r#"
@Entity() @TableInheritance({ column: { type: "varchar", name: "kind" } })
export class Content { @PrimaryColumn({ name: "content_id" }) id: string; }
@ChildEntity() export class Video extends Content { @ManyToOne(() => Channel) channel: Channel; @Column() length: number; }
@ChildEntity() export class Article extends Content { @ManyToOne(() => Channel) channel: Channel; }
@Entity() @Tree("closure-table") export class Channel { @PrimaryGeneratedColumn("uuid") uuid: string; @TreeParent() parent: Channel; @TreeChildren() children: Channel[]; }
@ViewEntity({ expression: "select 1" }) export class Stats { @ViewColumn() n: number; }
"#;
        let (ts, warnings) = tables(src);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(names(&ts), ["channel", "channel_closure", "content"]);
        assert_eq!(
            keys(&ts),
            [
                "channel(parentUuid)->channel(uuid)",
                "channel_closure(uuid_ancestor)->channel(uuid)",
                "channel_closure(uuid_descendant)->channel(uuid)",
                "content(channelUuid)->channel(uuid)",
            ]
        );
        let content = &ts[2];
        let cols: Vec<&str> = content.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(cols, ["content_id", "length", "kind", "channelUuid"]);
        assert_eq!(content.model.as_deref(), Some("Content"));
    }

    // Same tables, keys and columns as TypeORM 0.3.28 synchronizes from
    // these classes into PostgreSQL (docs/schema.md).
    #[test]
    fn referenced_columns_self_joins_and_tree_columns() {
        let src = r#"
@Entity() export class Role { @PrimaryGeneratedColumn() id: number; @Column({ name: "role_code" }) code: string; }
@Entity() @Tree("nested-set") export class Member {
  @PrimaryGeneratedColumn() id: number;
  @ManyToOne(() => Role) @JoinColumn({ referencedColumnName: "code" }) role: Role;
  @OneToOne(() => Role) @JoinColumn({ name: "main_role", referencedColumnName: "code" }) mainRole: Role;
  @ManyToMany(() => Member) @JoinTable() friends: Member[];
  @ManyToMany(() => Role) @JoinTable({ joinColumn: { referencedColumnName: "id" }, inverseJoinColumn: { referencedColumnName: "code" } }) roles: Role[];
}
@Entity() @Tree("materialized-path") export class Folder { @PrimaryGeneratedColumn() id: number; @TreeParent() parent: Folder; }
"#;
        let (ts, warnings) = tables(src);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            names(&ts),
            [
                "folder",
                "member",
                "member_friends_member",
                "member_roles_role",
                "role"
            ]
        );
        assert_eq!(
            keys(&ts),
            [
                "folder(parentId)->folder(id)",
                "member(main_role)->role(role_code)",
                "member(roleCode)->role(role_code)",
                "member_friends_member(memberId_1)->member(id)",
                "member_friends_member(memberId_2)->member(id)",
                "member_roles_role(memberId)->member(id)",
                "member_roles_role(roleRoleCode)->role(role_code)",
            ]
        );
        let cols = |n: &str| -> Vec<String> {
            let t = ts.iter().find(|t| t.name == n).unwrap();
            t.columns.iter().map(|c| c.name.clone()).collect()
        };
        assert_eq!(
            cols("member"),
            ["id", "nsleft", "nsright", "roleCode", "main_role"]
        );
        assert_eq!(cols("folder"), ["id", "mpath", "parentId"]);
        let member = ts.iter().find(|t| t.name == "member").unwrap();
        assert!(member
            .columns
            .iter()
            .any(|c| c.name == "main_role" && c.unique));
    }

    #[test]
    fn dynamic_names_and_factories_are_warnings() {
        let src = r#"
const T = "t";
@Entity(T) export class A { @PrimaryColumn() id: number; @ManyToOne(() => pick()) b: B; }
function make(name: string) { @Entity(name) class X { @PrimaryColumn() id: number; } return X; }
@Entity() export class Mixed extends Timestamps(Base) { @PrimaryColumn() id: number; }
export const Legacy = new EntitySchema({ name: "legacy", columns: {} });
"#;
        let (ts, warnings) = tables(src);
        assert_eq!(names(&ts), ["a", "mixed"]);
        let text: Vec<String> = warnings
            .iter()
            .map(|w| format!("{}:{}", w.line.unwrap_or(0), w.message))
            .collect();
        assert_eq!(text.len(), 5, "{text:?}");
        assert!(
            text[4].starts_with("6:TypeORM `new EntitySchema"),
            "{text:?}"
        );
        assert!(text[0].starts_with("3:TypeORM @Entity(T)"), "{text:?}");
        assert!(
            text[1].starts_with("3:TypeORM @ManyToOne(() => pick())"),
            "{text:?}"
        );
        assert!(
            text[2].starts_with("4:TypeORM entity X is declared inside a function"),
            "{text:?}"
        );
        assert!(
            text[3].starts_with("5:TypeORM entity extends `Timestamps(Base)`"),
            "{text:?}"
        );
    }

    #[test]
    fn schema_option_qualifies_tables_and_embedded_columns_get_prefixes() {
        let src = r#"
class Address { @Column() street: string; @Column() zipCode: string; }
@Entity({ schema: "billing" }) export class Invoice {
  @PrimaryGeneratedColumn() id: number;
  @Column(() => Address) address: Address;
  @Column(() => Address, { prefix: "ship" }) shipping: Address;
  @Column(() => Address, { prefix: false }) plain: Address;
}
@Entity({ schema: "public" }) export class Line { @PrimaryGeneratedColumn() id: number; @ManyToOne(() => Invoice) invoice: Invoice; }
"#;
        let (ts, _) = tables(src);
        assert_eq!(names(&ts), ["billing.invoice", "line"]);
        assert_eq!(keys(&ts), ["line(invoiceId)->billing.invoice(id)"]);
        let cols: Vec<&str> = ts[0].columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            cols,
            [
                "id",
                "addressStreet",
                "addressZipcode",
                "shipStreet",
                "shipZipcode",
                "street",
                "zipCode"
            ]
        );
    }
}
