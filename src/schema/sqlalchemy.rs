//! SQLAlchemy declarative models, read with tree-sitter-python (never
//! imported): classes with `__tablename__` and `Column(…)` /
//! `mapped_column(…)` attributes (SQLAlchemy 2.0 `Mapped[…]` annotations
//! included), Flask-SQLAlchemy `db.Model` with its generated table names,
//! SQLModel `table=True` classes, `Table("name", metadata, …)` association
//! tables, `ForeignKey(…)`, `ForeignKeyConstraint` and `PrimaryKeyConstraint`
//! in `__table_args__` or `Table(…)`. Mixins and `__abstract__` bases pass
//! their columns on; a subclass of a mapped class with neither its own
//! `__tablename__` nor a primary key is single-table inheritance (its columns
//! go to the parent's table), one with its own table is joined-table
//! inheritance. `relationship(…)` is not a column. Names that only the
//! running program knows (`declared_attr` table names, computed strings) are
//! warnings with file:line.
//!
//! Classes are matched across files by name, as the Django reader does:
//! a base class named in one file and defined in another is found.

use super::catalog::{OrmExtract, TableDef};
use super::types::{Column, ForeignKey, RelationKind, SourceSummary};
use super::Input;
use crate::inventory::syntax::{first_error_line, line, named_children, py_args, py_str, text};
use crate::warnings::Warnings;
use std::collections::{BTreeMap, BTreeSet};
use tree_sitter::{Node, Parser};

/// Flask-SQLAlchemy's table-name rule, which changed between 2.x and 3.x.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FlaskNaming {
    /// 2.x: `([A-Z]+)(?=[a-z0-9])` runs become `_run` (`User2FA` → `user2FA`).
    V2,
    /// 3.x: `_` before a capital after a lower-case letter or digit, or
    /// before a capital that starts a word; then lower case (`user2_fa`).
    V3,
}

/// Where a foreign key points, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum FkRef {
    /// `"users.id"` or `"public.users.id"`: table and column.
    Named(String, String),
    /// `User.id` or `users_table.c.id`: a class or a `Table` variable, and
    /// the attribute.
    Attr(String, String),
}

#[derive(Debug, Clone, Default)]
pub(super) struct ColumnDecl {
    /// The Python attribute (the column's name unless one is given).
    pub(super) attr: String,
    pub(super) name: String,
    pub(super) data_type: String,
    pub(super) nullable: Option<bool>,
    pub(super) primary_key: bool,
    pub(super) unique: bool,
    pub(super) fks: Vec<FkRef>,
    pub(super) line: usize,
}

/// A table-level constraint from `__table_args__` or `Table(…)`.
#[derive(Debug, Clone)]
pub(super) enum Constraint {
    ForeignKey {
        columns: Vec<String>,
        refs: Vec<FkRef>,
        name: Option<String>,
        line: usize,
    },
    PrimaryKey(Vec<String>),
    Unique(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum TableName {
    Absent,
    Literal(String),
    /// `__tablename__` that only the running program knows (line).
    Dynamic(usize),
}

#[derive(Debug, Clone)]
struct PyClass {
    name: String,
    file: String,
    line: usize,
    /// Base classes as written (`db.Model`, `Base`, `RecordModel`).
    bases: Vec<String>,
    /// `class X(SQLModel, table=True)`.
    table_kw: bool,
    tablename: TableName,
    abstract_: bool,
    columns: Vec<ColumnDecl>,
    constraints: Vec<Constraint>,
    /// `metadata = v` in the class body (a declarative base's MetaData).
    metadata: Option<String>,
    /// `__table__ = v`: a module-level `Table` variable.
    table_var: Option<String>,
}

/// A module-level `name = Table("t", metadata, …)`.
#[derive(Debug, Clone)]
struct PyTable {
    var: Option<String>,
    /// The `MetaData` argument as written (`metadata`, `db.metadata`).
    metadata: String,
    name: String,
    columns: Vec<ColumnDecl>,
    constraints: Vec<Constraint>,
    file: String,
    line: usize,
}

/// What one pass over the files collects.
#[derive(Debug, Default)]
struct Collected {
    classes: Vec<PyClass>,
    tables: Vec<PyTable>,
    /// Names bound to a declarative base (`Base = declarative_base()`).
    bases: BTreeSet<String>,
    /// `Column = functools.partial(db.Column, nullable=False)`: alias → its
    /// default `nullable`.
    aliases: BTreeMap<String, Option<bool>>,
    /// `def primary_key(…): return Column(…, primary_key=True)`: a helper
    /// whose call is a column.
    factories: BTreeMap<String, ColumnDecl>,
    flask: bool,
    declarations: usize,
    /// `v = MetaData(…)` at module level: (file, v).
    metadata_vars: BTreeSet<(String, String)>,
    /// MetaData names a model base uses (`metadata = v` in its body,
    /// `declarative_base(metadata=v)`, `SQLAlchemy(metadata=v)`).
    attached: BTreeSet<String>,
}

/// Does this Python text import SQLAlchemy, Flask-SQLAlchemy or SQLModel?
pub fn imports_sqlalchemy(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim_start();
        let module = l
            .strip_prefix("from ")
            .or_else(|| l.strip_prefix("import "))
            .map(|r| r.trim_start());
        module.is_some_and(|m| {
            ["sqlalchemy", "flask_sqlalchemy", "sqlmodel"]
                .iter()
                .any(|p| m == *p || (m.starts_with(p) && m[p.len()..].starts_with([' ', '.', ','])))
        })
    })
}

/// Does this Python text declare columns or tables without importing
/// SQLAlchemy itself (`db.Column(…)` with `db` from the app)?
pub fn declares_columns(text: &str) -> bool {
    [
        "Column(",
        "mapped_column(",
        "__tablename__",
        ".Model)",
        ".Model,",
    ]
    .iter()
    .any(|m| text.contains(m))
}

pub fn extract(
    input: &Input<'_>,
    files: &[usize],
    naming: FlaskNaming,
    warnings: &Warnings,
) -> Option<OrmExtract> {
    if files.is_empty() {
        return None;
    }
    let mut parser = Parser::new();
    if parser
        .set_language(&tree_sitter_python::LANGUAGE.into())
        .is_err()
    {
        warnings.push("planner", None, "bug: the Python grammar did not load");
        return None;
    }
    let texts: Vec<(&str, &[u8])> = files
        .iter()
        .map(|&i| (input.files[i].rel.as_str(), input.files[i].bytes.as_slice()))
        .collect();
    let mut out = read_sources(&mut parser, &texts, naming, warnings);
    out.summary.path = super::django::common_dir(texts.iter().map(|(p, _)| *p));
    Some(out)
}

/// Reads Python sources (path, bytes) into tables. Separate from [`extract`]
/// so tests can feed text directly.
fn read_sources(
    parser: &mut Parser,
    files: &[(&str, &[u8])],
    naming: FlaskNaming,
    warnings: &Warnings,
) -> OrmExtract {
    let mut c = Collected::default();
    for (path, src) in files {
        let Some(tree) = parser.parse(src, None) else {
            continue;
        };
        let root = tree.root_node();
        if root.has_error() {
            warnings.push(
                *path,
                first_error_line(root),
                "Python syntax error in a SQLAlchemy file; the rest was read",
            );
        }
        if String::from_utf8_lossy(src).contains("flask_sqlalchemy") {
            c.flask = true;
        }
        collect_module(root, src, path, &mut c, warnings);
    }
    // Aliases and factories are known only after every file is read;
    // re-read class bodies that used them.
    if !c.aliases.is_empty() || !c.factories.is_empty() {
        let mut again = Collected {
            aliases: c.aliases.clone(),
            factories: c.factories.clone(),
            flask: c.flask,
            ..Collected::default()
        };
        let quiet = Warnings::new();
        for (path, src) in files {
            if let Some(tree) = parser.parse(src, None) {
                collect_module(tree.root_node(), src, path, &mut again, &quiet);
            }
        }
        c.classes = again.classes;
        c.tables = again.tables;
    }
    build(c, naming, warnings)
}

fn collect_module(root: Node, src: &[u8], path: &str, c: &mut Collected, warnings: &Warnings) {
    for stmt in named_children(root) {
        let stmt = match stmt.kind() {
            "decorated_definition" => match stmt.child_by_field_name("definition") {
                Some(d) => d,
                None => continue,
            },
            _ => stmt,
        };
        match stmt.kind() {
            "class_definition" => {
                if let Some(class) = read_class(stmt, src, path, c) {
                    c.classes.push(class);
                }
            }
            "function_definition" => {
                // A helper that returns a column: its calls are columns.
                if let (Some(name), Some(body)) = (
                    stmt.child_by_field_name("name"),
                    stmt.child_by_field_name("body"),
                ) {
                    if let Some(col) = returned_column(body, src, "", c) {
                        c.factories.insert(text(name, src).to_string(), col);
                    }
                }
            }
            "expression_statement" => {
                let Some(assign) = stmt.named_child(0).filter(|a| a.kind() == "assignment") else {
                    continue;
                };
                module_assignment(assign, src, path, c, warnings);
            }
            _ => {}
        }
    }
}

fn callee(call: Node, src: &[u8]) -> String {
    call.child_by_field_name("function")
        .map(|f| {
            let t = text(f, src);
            t.rsplit('.').next().unwrap_or(t).to_string()
        })
        .unwrap_or_default()
}

fn module_assignment(assign: Node, src: &[u8], path: &str, c: &mut Collected, warnings: &Warnings) {
    let (Some(left), Some(right)) = (
        assign.child_by_field_name("left"),
        assign.child_by_field_name("right"),
    ) else {
        return;
    };
    let var = (left.kind() == "identifier").then(|| text(left, src).to_string());
    if right.kind() != "call" {
        return;
    }
    let function = right
        .child_by_field_name("function")
        .map(|f| text(f, src))
        .unwrap_or("");
    if let Some(m) = py_args(right, src).keyword("metadata") {
        c.attached.insert(last_name(text(m, src)).to_string());
    }
    match callee(right, src).as_str() {
        "MetaData" => {
            if let Some(v) = var {
                c.metadata_vars.insert((path.to_string(), v));
            }
        }
        "declarative_base" | "generate_base" => {
            if let Some(v) = var {
                c.bases.insert(v);
            }
        }
        "partial" => {
            let args = py_args(right, src);
            let wraps_column = args
                .positional
                .first()
                .is_some_and(|f| matches!(last_name(text(*f, src)), "Column" | "mapped_column"));
            if let (Some(v), true) = (var, wraps_column) {
                let nullable = args.keyword("nullable").map(|n| text(n, src) == "True");
                c.aliases.insert(v, nullable);
            }
        }
        "Table" if !function.contains("op.") => {
            c.declarations += 1;
            if let Some(table) = table_call(right, src, var, path, c, warnings) {
                c.tables.push(table);
            }
        }
        _ => {}
    }
}

/// `Table("name", metadata, Column(…), ForeignKeyConstraint(…), …)`.
fn table_call(
    call: Node,
    src: &[u8],
    var: Option<String>,
    path: &str,
    c: &Collected,
    warnings: &Warnings,
) -> Option<PyTable> {
    let args = py_args(call, src);
    let Some(name) = args.positional.first().and_then(|n| py_str(*n, src)) else {
        warnings.push(
            path,
            Some(line(call)),
            "SQLAlchemy Table(…) whose name is not a string literal; not read",
        );
        return None;
    };
    let mut table = PyTable {
        var,
        metadata: args
            .positional
            .get(1)
            .map(|m| text(*m, src).to_string())
            .unwrap_or_default(),
        name: qualify(&name, args.keyword("schema").and_then(|s| py_str(s, src))),
        columns: Vec::new(),
        constraints: Vec::new(),
        file: path.to_string(),
        line: line(call),
    };
    for a in args.positional.iter().skip(1) {
        if a.kind() != "call" {
            continue;
        }
        if let Some(col) = column_call(*a, src, None, None, c) {
            table.columns.push(col);
        } else if let Some(k) = constraint_call(*a, src) {
            table.constraints.push(k);
        }
    }
    Some(table)
}

fn qualify(name: &str, schema: Option<String>) -> String {
    match schema {
        Some(s) if !s.is_empty() && s != "public" => format!("{s}.{name}"),
        _ => name.to_string(),
    }
}

fn last_name(t: &str) -> &str {
    t.rsplit('.').next().unwrap_or(t)
}

fn read_class(node: Node, src: &[u8], path: &str, c: &Collected) -> Option<PyClass> {
    let name = text(node.child_by_field_name("name")?, src).to_string();
    let mut class = PyClass {
        name,
        file: path.to_string(),
        line: line(node),
        bases: Vec::new(),
        table_kw: false,
        tablename: TableName::Absent,
        abstract_: false,
        columns: Vec::new(),
        constraints: Vec::new(),
        metadata: None,
        table_var: None,
    };
    if let Some(supers) = node.child_by_field_name("superclasses") {
        for b in named_children(supers) {
            match b.kind() {
                "keyword_argument" => {
                    let k = b.child_by_field_name("name").map(|n| text(n, src));
                    let v = b.child_by_field_name("value").map(|n| text(n, src));
                    if k == Some("table") && v == Some("True") {
                        class.table_kw = true;
                    }
                }
                "identifier" | "attribute" | "subscript" => {
                    let t = text(b, src);
                    class
                        .bases
                        .push(t.split('[').next().unwrap_or(t).to_string());
                }
                _ => {}
            }
        }
    }
    let body = node.child_by_field_name("body")?;
    for stmt in named_children(body) {
        match stmt.kind() {
            "expression_statement" => {
                let Some(assign) = stmt.named_child(0).filter(|a| a.kind() == "assignment") else {
                    continue;
                };
                class_assignment(assign, src, &mut class, c);
            }
            "decorated_definition" => {
                let Some(def) = stmt.child_by_field_name("definition") else {
                    continue;
                };
                let decorators = text(stmt, src);
                if def.kind() != "function_definition" || !decorators.contains("declared_attr") {
                    continue;
                }
                let Some(fname) = def.child_by_field_name("name").map(|n| text(n, src)) else {
                    continue;
                };
                let Some(fbody) = def.child_by_field_name("body") else {
                    continue;
                };
                if fname == "__tablename__" {
                    class.tablename = match declared_tablename(fbody, src, &class.name) {
                        Some(t) => TableName::Literal(t),
                        None => TableName::Dynamic(line(def)),
                    };
                } else if let Some(col) = returned_column(fbody, src, fname, c) {
                    class.columns.push(col);
                }
            }
            _ => {}
        }
    }
    Some(class)
}

/// `@declared_attr def __tablename__(cls): return "x"` or
/// `return cls.__name__.lower()`.
fn declared_tablename(body: Node, src: &[u8], class: &str) -> Option<String> {
    let ret = named_children(body)
        .into_iter()
        .find(|s| s.kind() == "return_statement")?;
    let value = ret.named_child(0)?;
    if let Some(s) = py_str(value, src) {
        return Some(s);
    }
    (text(value, src).replace(' ', "") == "cls.__name__.lower()").then(|| class.to_lowercase())
}

/// The column a function body returns (`return Column(…)`), if any.
fn returned_column(body: Node, src: &[u8], attr: &str, c: &Collected) -> Option<ColumnDecl> {
    let ret = named_children(body)
        .into_iter()
        .find(|s| s.kind() == "return_statement")?;
    let value = ret.named_child(0).filter(|v| v.kind() == "call")?;
    column_call(value, src, Some(attr), None, c)
}

fn class_assignment(assign: Node, src: &[u8], class: &mut PyClass, c: &Collected) {
    let Some(left) = assign.child_by_field_name("left") else {
        return;
    };
    if left.kind() != "identifier" {
        return;
    }
    let attr = text(left, src);
    // `x: Mapped[int] = (mapped_column(…))`, as black wraps long lines.
    let mut right = assign.child_by_field_name("right");
    while let Some(r) = right.filter(|r| r.kind() == "parenthesized_expression") {
        right = r.named_child(0);
    }
    let annotation = assign.child_by_field_name("type").map(|t| text(t, src));
    match attr {
        "__tablename__" => {
            class.tablename = match right.and_then(|r| py_str(r, src)) {
                Some(t) => TableName::Literal(t),
                None => TableName::Dynamic(line(assign)),
            };
            return;
        }
        "__abstract__" => {
            class.abstract_ = right.is_some_and(|r| text(r, src) == "True");
            return;
        }
        "__table__" => {
            match right {
                // `__table__ = Table("t", Base.metadata, Column(…), …)`.
                Some(r) if r.kind() == "call" && callee(r, src) == "Table" => {
                    let quiet = Warnings::new();
                    match table_call(r, src, None, &class.file, c, &quiet) {
                        Some(t) => {
                            class.tablename = TableName::Literal(t.name);
                            class.columns.extend(t.columns);
                            class.constraints.extend(t.constraints);
                        }
                        None => class.tablename = TableName::Dynamic(line(assign)),
                    }
                }
                // `__table__ = users_table`: resolved once every file is read.
                Some(r) if r.kind() == "identifier" => {
                    class.table_var = Some(text(r, src).to_string());
                }
                _ => class.tablename = TableName::Dynamic(line(assign)),
            }
            return;
        }
        "metadata" => {
            if let Some(r) = right.filter(|r| r.kind() != "call") {
                class.metadata = Some(last_name(text(r, src)).to_string());
            }
            return;
        }
        "__table_args__" => {
            if let Some(r) = right {
                let items = match r.kind() {
                    "tuple" | "list" | "parenthesized_expression" => named_children(r),
                    _ => vec![r],
                };
                for item in items.into_iter().filter(|i| i.kind() == "call") {
                    if let Some(k) = constraint_call(item, src) {
                        class.constraints.push(k);
                    }
                }
            }
            return;
        }
        _ => {}
    }
    if attr.starts_with("__") {
        return;
    }
    // A SQLModel table, or a SQLModel class a table may derive from (its
    // fields become the table's columns then; a class no table derives
    // from is never a table, so its fields are never reported).
    let sqlmodel = class.table_kw || class.bases.iter().any(|b| last_name(b) == "SQLModel");
    match right {
        Some(r) if r.kind() == "call" => {
            let mapped = annotation.map(mapped_inner);
            if let Some(col) = column_call(r, src, Some(attr), mapped.as_ref(), c) {
                class.columns.push(col);
            } else if sqlmodel && callee(r, src) == "Field" {
                class.columns.push(sqlmodel_field(r, src, attr, annotation));
            }
        }
        Some(_) if sqlmodel && annotation.is_some() => {
            // SQLModel `name: str = "default"`.
            class
                .columns
                .push(annotated_column(attr, annotation, line(assign)));
        }
        None => {
            // `id: Mapped[int]` alone is a column in SQLAlchemy 2.0 (a
            // relationship needs `relationship()`); every annotated
            // attribute is one in a SQLModel table.
            let is_mapped = annotation.is_some_and(|a| a.trim_start().starts_with("Mapped["));
            if is_mapped || (sqlmodel && annotation.is_some()) {
                class
                    .columns
                    .push(annotated_column(attr, annotation, line(assign)));
            }
        }
        _ => {}
    }
}

/// `Mapped[Optional[int]]` / `Mapped[int | None]` → (`int`, nullable).
fn mapped_inner(annotation: &str) -> (String, bool) {
    let a = annotation.trim();
    let inner = a
        .strip_prefix("Mapped[")
        .and_then(|r| r.strip_suffix(']'))
        .unwrap_or(a)
        .trim();
    if let Some(opt) = inner
        .strip_prefix("Optional[")
        .and_then(|r| r.strip_suffix(']'))
    {
        return (opt.trim().to_string(), true);
    }
    let parts: Vec<&str> = inner.split('|').map(str::trim).collect();
    if parts.len() > 1 && parts.contains(&"None") {
        let rest: Vec<&str> = parts.into_iter().filter(|p| *p != "None").collect();
        return (rest.join(" | "), true);
    }
    (inner.to_string(), false)
}

fn annotated_column(attr: &str, annotation: Option<&str>, line: usize) -> ColumnDecl {
    let (ty, nullable) = annotation.map(mapped_inner).unwrap_or_default();
    ColumnDecl {
        attr: attr.to_string(),
        name: attr.to_string(),
        data_type: ty,
        nullable: Some(nullable),
        line,
        ..ColumnDecl::default()
    }
}

/// SQLModel `Field(primary_key=True, foreign_key="team.id")`.
fn sqlmodel_field(call: Node, src: &[u8], attr: &str, annotation: Option<&str>) -> ColumnDecl {
    let mut col = annotated_column(attr, annotation, line(call));
    let args = py_args(call, src);
    col.primary_key = args
        .keyword("primary_key")
        .is_some_and(|v| text(v, src) == "True");
    col.unique = args
        .keyword("unique")
        .is_some_and(|v| text(v, src) == "True");
    if let Some(n) = args.keyword("nullable") {
        col.nullable = Some(text(n, src) == "True");
    }
    if let Some(fk) = args.keyword("foreign_key").and_then(|v| fk_ref(v, src)) {
        col.fks.push(fk);
    }
    col
}

/// `Column(…)`, `db.Column(…)`, `mapped_column(…)`, an alias of them or a
/// column helper → the column. `attr` is the attribute it is assigned to;
/// `mapped` the `Mapped[…]` annotation's type and nullability.
fn column_call(
    call: Node,
    src: &[u8],
    attr: Option<&str>,
    mapped: Option<&(String, bool)>,
    c: &Collected,
) -> Option<ColumnDecl> {
    let name = callee(call, src);
    // `column_property(Column(…), …)` and `deferred(Column(…))` map the
    // column they wrap (CTFd's `Solves`).
    if matches!(name.as_str(), "column_property" | "deferred") {
        let args = py_args(call, src);
        let inner = args.positional.first().filter(|a| a.kind() == "call")?;
        return column_call(*inner, src, attr, mapped, c);
    }
    let function = call
        .child_by_field_name("function")
        .map(|f| text(f, src))
        .unwrap_or("");
    let mut col = if let Some(template) = c.factories.get(function) {
        let mut t = template.clone();
        t.line = line(call);
        t
    } else {
        let alias_default = c.aliases.get(function);
        if !matches!(name.as_str(), "Column" | "mapped_column") && alias_default.is_none() {
            return None;
        }
        let mut col = ColumnDecl {
            line: line(call),
            nullable: alias_default.copied().flatten(),
            ..ColumnDecl::default()
        };
        let args = py_args(call, src);
        for (i, a) in args.positional.iter().enumerate() {
            if i == 0 {
                if let Some(s) = py_str(*a, src) {
                    col.name = s;
                    continue;
                }
            }
            if a.kind() == "call" && callee(*a, src) == "ForeignKey" {
                if let Some(target) = py_args(*a, src).positional.first() {
                    if let Some(fk) = fk_ref(*target, src) {
                        col.fks.push(fk);
                    }
                }
                continue;
            }
            if a.kind() == "call"
                && matches!(
                    callee(*a, src).as_str(),
                    "Sequence" | "Identity" | "Computed"
                )
            {
                continue;
            }
            if col.data_type.is_empty() {
                col.data_type = type_text(text(*a, src));
            }
        }
        for (k, v) in &args.keywords {
            let value = text(*v, src);
            match k.as_str() {
                "primary_key" => col.primary_key = value == "True",
                "nullable" => col.nullable = Some(value == "True"),
                "unique" => col.unique = value == "True",
                "name" => {
                    if let Some(s) = py_str(*v, src) {
                        col.name = s;
                    }
                }
                "type_" => col.data_type = type_text(value),
                _ => {}
            }
        }
        col
    };
    if let Some(a) = attr {
        col.attr = a.to_string();
    }
    if col.name.is_empty() {
        col.name = col.attr.clone();
    }
    if let Some((ty, nullable)) = mapped {
        if col.data_type.is_empty() {
            col.data_type = ty.clone();
        }
        if col.nullable.is_none() && !col.primary_key {
            col.nullable = Some(*nullable);
        }
    }
    Some(col)
}

/// `sa.String(length=3)` → `String(length=3)`; `db.Integer()` → `Integer`.
fn type_text(t: &str) -> String {
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    let head_end = t.find('(').unwrap_or(t.len());
    let head = &t[..head_end];
    let short = head.rsplit('.').next().unwrap_or(head);
    let rest = &t[head_end..];
    if rest == "()" {
        short.to_string()
    } else {
        format!("{short}{rest}")
    }
}

/// A `ForeignKey` target: `"users.id"`, `User.id`, `users.c.id`.
pub(super) fn fk_ref(node: Node, src: &[u8]) -> Option<FkRef> {
    if let Some(s) = py_str(node, src) {
        let s = s.strip_prefix("public.").unwrap_or(&s).to_string();
        let (table, column) = s.rsplit_once('.')?;
        return Some(FkRef::Named(table.to_string(), column.to_string()));
    }
    if node.kind() == "attribute" {
        let t = text(node, src);
        let parts: Vec<&str> = t.split('.').collect();
        return match parts.as_slice() {
            [.., owner, "c", column] | [.., owner, "columns", column] => {
                Some(FkRef::Attr(owner.to_string(), column.to_string()))
            }
            [.., owner, column] => Some(FkRef::Attr(owner.to_string(), column.to_string())),
            _ => None,
        };
    }
    None
}

/// A list of strings: `["a", "b"]`, `("a",)`.
fn str_list(node: Node, src: &[u8]) -> Vec<String> {
    match node.kind() {
        "list" | "tuple" => named_children(node)
            .into_iter()
            .filter_map(|n| py_str(n, src))
            .collect(),
        _ => py_str(node, src).into_iter().collect(),
    }
}

/// `ForeignKeyConstraint([cols], [refs])`, `PrimaryKeyConstraint(…)`,
/// `UniqueConstraint(…)`.
pub(super) fn constraint_call(call: Node, src: &[u8]) -> Option<Constraint> {
    let args = py_args(call, src);
    let named = args.keyword("name").and_then(|n| {
        // `name=op.f("x")` in migrations.
        py_str(n, src).or_else(|| {
            (n.kind() == "call")
                .then(|| {
                    py_args(n, src)
                        .positional
                        .first()
                        .and_then(|a| py_str(*a, src))
                })
                .flatten()
        })
    });
    match callee(call, src).as_str() {
        "ForeignKeyConstraint" => {
            let columns = args
                .positional
                .first()
                .map(|n| str_list(*n, src))
                .unwrap_or_default();
            let refs = args
                .positional
                .get(1)
                .map(|n| match n.kind() {
                    "list" | "tuple" => named_children(*n)
                        .into_iter()
                        .filter_map(|r| fk_ref(r, src))
                        .collect(),
                    _ => fk_ref(*n, src).into_iter().collect(),
                })
                .unwrap_or_default();
            Some(Constraint::ForeignKey {
                columns,
                refs,
                name: named,
                line: line(call),
            })
        }
        "PrimaryKeyConstraint" => Some(Constraint::PrimaryKey(
            args.positional
                .iter()
                .filter_map(|n| py_str(*n, src))
                .collect(),
        )),
        "UniqueConstraint" => Some(Constraint::Unique(
            args.positional
                .iter()
                .filter_map(|n| py_str(*n, src))
                .collect(),
        )),
        _ => None,
    }
}

/// Flask-SQLAlchemy's generated table name.
pub(super) fn camel_to_snake(name: &str, naming: FlaskNaming) -> String {
    let chars: Vec<char> = name.chars().collect();
    let upper = |i: usize| chars.get(i).is_some_and(|c| c.is_ascii_uppercase());
    let lower_or_digit = |i: usize| {
        chars
            .get(i)
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    };
    let mut out = String::new();
    match naming {
        FlaskNaming::V2 => {
            let mut i = 0;
            while i < chars.len() {
                if upper(i) {
                    let mut j = i;
                    while upper(j) {
                        j += 1;
                    }
                    if lower_or_digit(j) {
                        let word: String = chars[i..j].iter().collect();
                        if word.len() > 1 {
                            out.push('_');
                            out.push_str(&word[..word.len() - 1].to_lowercase());
                            out.push('_');
                            out.push_str(&word[word.len() - 1..].to_lowercase());
                        } else {
                            out.push('_');
                            out.push_str(&word.to_lowercase());
                        }
                    } else {
                        out.extend(&chars[i..j]);
                    }
                    i = j;
                } else {
                    out.push(chars[i]);
                    i += 1;
                }
            }
            out.trim_start_matches('_').to_string()
        }
        FlaskNaming::V3 => {
            for (i, ch) in chars.iter().enumerate() {
                let after_lower = i > 0 && lower_or_digit(i - 1);
                let starts_word = i > 0 && chars.get(i + 1).is_some_and(|c| c.is_ascii_lowercase());
                if ch.is_ascii_uppercase() && (after_lower || starts_word) {
                    out.push('_');
                }
                out.push(*ch);
            }
            out.to_lowercase().trim_start_matches('_').to_string()
        }
    }
}

/// Which Flask-SQLAlchemy naming rule the repository's pinned version uses:
/// 2.x when a requirements/pyproject/lock file pins `flask-sqlalchemy` 2.x,
/// else 3.x.
pub fn flask_naming(input: &Input<'_>) -> FlaskNaming {
    for path in input.all_paths.iter().filter(|p| {
        let name = p.rsplit('/').next().unwrap_or(p);
        name == "pyproject.toml"
            || name == "setup.py"
            || name == "Pipfile"
            || (name.starts_with("requirements") && name.ends_with(".txt"))
    }) {
        let Ok(bytes) = input.tree.read(path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes).to_ascii_lowercase();
        for l in text.lines() {
            let l = l.replace('_', "-");
            if let Some(pos) = l.find("flask-sqlalchemy") {
                let rest = &l[pos + "flask-sqlalchemy".len()..];
                let version = rest.trim_start_matches(|c: char| {
                    c == '='
                        || c == '<'
                        || c == '>'
                        || c == '~'
                        || c == ' '
                        || c == '"'
                        || c == '\''
                });
                if version.starts_with("2.") || version.starts_with("1.") {
                    return FlaskNaming::V2;
                }
            }
        }
    }
    FlaskNaming::V3
}

/// Bases that add no columns: typing helpers and SQLAlchemy's own.
const IGNORED_BASES: &[&str] = &[
    "object",
    "Generic",
    "Protocol",
    "AsyncAttrs",
    "MappedAsDataclass",
    "DeclarativeBase",
    "DeclarativeBaseNoMeta",
    "SQLModel",
];

/// What a class is, once bases are resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Not mapped: a mixin or a plain class.
    Plain,
    /// A declarative base (`class Base(DeclarativeBase)`): no table.
    Base,
    /// Mapped but `__abstract__`: no table, passes its columns on.
    Abstract,
    /// Mapped with a table (its own or its parent's).
    Concrete,
}

struct Resolver<'c> {
    c: &'c Collected,
    by_name: BTreeMap<&'c str, Vec<usize>>,
    naming: FlaskNaming,
}

impl<'c> Resolver<'c> {
    fn new(c: &'c Collected, naming: FlaskNaming) -> Self {
        let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, class) in c.classes.iter().enumerate() {
            by_name.entry(class.name.as_str()).or_default().push(i);
        }
        Self { c, by_name, naming }
    }

    /// A base as written → the class it names: the one in the same file
    /// first, else the first by path.
    fn resolve(&self, base: &str, from: usize) -> Option<usize> {
        let name = last_name(base);
        let found = self.by_name.get(name)?;
        let file = &self.c.classes[from].file;
        found
            .iter()
            .copied()
            .filter(|&i| i != from)
            .find(|&i| &self.c.classes[i].file == file)
            .or_else(|| found.iter().copied().find(|&i| i != from))
    }

    /// A base written as a declarative root: `db.Model`, a name bound by
    /// `declarative_base()`, `SQLModel`.
    fn is_root(&self, base: &str) -> bool {
        let last = last_name(base);
        (self.c.flask && base.ends_with(".Model") && base.matches('.').count() == 1)
            || self.c.bases.contains(last)
            || last == "SQLModel"
    }

    fn kind(&self, i: usize, depth: usize) -> Kind {
        let class = &self.c.classes[i];
        if class
            .bases
            .iter()
            .any(|b| matches!(last_name(b), "DeclarativeBase" | "DeclarativeBaseNoMeta"))
        {
            return Kind::Base;
        }
        if depth > 32 {
            return Kind::Plain;
        }
        let sqlmodel = self.is_sqlmodel(i, 0);
        let mapped = class.bases.iter().any(|b| {
            (self.is_root(b) && last_name(b) != "SQLModel")
                || self
                    .resolve(b, i)
                    .is_some_and(|p| self.kind(p, depth + 1) != Kind::Plain)
        }) || (sqlmodel && class.table_kw);
        if !mapped {
            return Kind::Plain;
        }
        if class.abstract_ {
            return Kind::Abstract;
        }
        Kind::Concrete
    }

    /// The concrete mapped class this one inherits from, if any (through
    /// abstract bases and mixins too).
    /// Does the class derive from `SQLModel`, directly or through its own
    /// non-table bases (`class User(UserBase, table=True)`)?
    fn is_sqlmodel(&self, i: usize, depth: usize) -> bool {
        depth <= 32
            && self.c.classes[i].bases.iter().any(|b| {
                last_name(b) == "SQLModel"
                    || self
                        .resolve(b, i)
                        .is_some_and(|p| p != i && self.is_sqlmodel(p, depth + 1))
            })
    }

    fn parent(&self, i: usize, depth: usize) -> Option<usize> {
        if depth > 32 {
            return None;
        }
        for b in &self.c.classes[i].bases {
            if let Some(p) = self.resolve(b, i) {
                match self.kind(p, 0) {
                    Kind::Concrete => return Some(p),
                    Kind::Abstract | Kind::Plain => {
                        if let Some(found) = self.parent(p, depth + 1) {
                            return Some(found);
                        }
                    }
                    Kind::Base => {}
                }
            }
        }
        None
    }

    /// Columns, constraints and `__tablename__` a class declares or takes
    /// from its mixins and abstract bases (not from a concrete parent),
    /// nearest first.
    fn own(
        &self,
        i: usize,
        depth: usize,
        seen: &mut BTreeSet<usize>,
    ) -> (Vec<ColumnDecl>, Vec<Constraint>, TableName) {
        let class = &self.c.classes[i];
        let mut columns = class.columns.clone();
        let mut constraints = class.constraints.clone();
        let mut tablename = class.tablename.clone();
        if depth > 32 || !seen.insert(i) {
            return (columns, constraints, tablename);
        }
        for b in &class.bases {
            let Some(p) = self.resolve(b, i) else {
                continue;
            };
            if self.kind(p, 0) == Kind::Concrete {
                continue;
            }
            let (cols, cons, name) = self.own(p, depth + 1, seen);
            for col in cols {
                if !columns.iter().any(|c| c.attr == col.attr) {
                    columns.push(col);
                }
            }
            if constraints.is_empty() {
                constraints = cons;
            }
            if tablename == TableName::Absent {
                tablename = name;
            }
        }
        (columns, constraints, tablename)
    }

    /// The table a concrete class maps to, and whether it is its own
    /// (false: single-table inheritance into the parent's).
    fn table_of(&self, i: usize, depth: usize, warnings: &Warnings) -> Option<(String, bool)> {
        if depth > 32 {
            return None;
        }
        let class = &self.c.classes[i];
        let (columns, constraints, tablename) = self.own(i, 0, &mut BTreeSet::new());
        let has_pk = columns.iter().any(|c| c.primary_key)
            || constraints
                .iter()
                .any(|k| matches!(k, Constraint::PrimaryKey(_)));
        let flask = self.is_flask(i, 0);
        let sqlmodel = class.table_kw;
        let parent = self.parent(i, 0);
        match (&tablename, parent) {
            (TableName::Literal(t), None) => Some((t.clone(), true)),
            // Flask-SQLAlchemy 2.x drops even an explicit name when the
            // subclass has no primary key; SQLAlchemy itself keeps it.
            (TableName::Literal(t), Some(p)) => {
                if flask && !has_pk {
                    self.table_of(p, depth + 1, warnings)
                        .map(|(t, _)| (t, false))
                } else {
                    Some((t.clone(), true))
                }
            }
            (TableName::Dynamic(l), _) => {
                warnings.push(
                    &class.file,
                    Some(*l),
                    format!(
                        "the table of {} (`__tablename__` or `__table__`) is computed at run time or not found; not read",
                        class.name
                    ),
                );
                None
            }
            (TableName::Absent, Some(p)) => {
                if flask && has_pk {
                    Some((camel_to_snake(&class.name, self.naming), true))
                } else {
                    self.table_of(p, depth + 1, warnings)
                        .map(|(t, _)| (t, false))
                }
            }
            (TableName::Absent, None) => {
                if flask {
                    Some((camel_to_snake(&class.name, self.naming), true))
                } else if sqlmodel {
                    Some((class.name.to_lowercase(), true))
                } else {
                    warnings.push(
                        &class.file,
                        Some(class.line),
                        format!(
                            "SQLAlchemy model {} has no `__tablename__` (nor `__table__`); its table is not read",
                            class.name
                        ),
                    );
                    None
                }
            }
        }
    }

    /// Does this class descend from Flask-SQLAlchemy's `db.Model`?
    fn is_flask(&self, i: usize, depth: usize) -> bool {
        if depth > 32 || !self.c.flask {
            return false;
        }
        self.c.classes[i].bases.iter().any(|b| {
            (b.ends_with(".Model") && b.matches('.').count() == 1)
                || self
                    .resolve(b, i)
                    .is_some_and(|p| self.is_flask(p, depth + 1))
        })
    }
}

fn build(mut c: Collected, naming: FlaskNaming, warnings: &Warnings) -> OrmExtract {
    // `__table__ = users_table` maps the class onto that Table's name; the
    // Table itself brings the columns.
    let var_names: BTreeMap<String, String> = c
        .tables
        .iter()
        .filter_map(|t| Some((t.var.clone()?, t.name.clone())))
        .collect();
    for class in &mut c.classes {
        if let Some(v) = &class.table_var {
            class.tablename = match var_names.get(v) {
                Some(name) => TableName::Literal(name.clone()),
                None => TableName::Dynamic(class.line),
            };
        }
    }
    let r = Resolver::new(&c, naming);
    let mut summary = SourceSummary {
        kind: "sqlalchemy".into(),
        ..SourceSummary::default()
    };
    summary.statements = c.declarations;
    // Class → (table, attribute → column), for `ForeignKey(User.id)`.
    let mut class_tables: BTreeMap<&str, (String, BTreeMap<String, String>)> = BTreeMap::new();
    let mut owned: Vec<(usize, String, bool)> = Vec::new();
    for (i, class) in c.classes.iter().enumerate() {
        if r.kind(i, 0) != Kind::Concrete {
            continue;
        }
        summary.statements += 1;
        for b in &class.bases {
            if r.resolve(b, i).is_none() && !r.is_root(b) && !IGNORED_BASES.contains(&last_name(b))
            {
                warnings.push(
                    &class.file,
                    Some(class.line),
                    format!(
                        "base {b} of model {} is not defined in the repository (a library mixin?); columns it adds are not read",
                        class.name
                    ),
                );
            }
        }
        let quiet = Warnings::new();
        let Some((table, own)) = r.table_of(i, 0, &quiet) else {
            // Say it once, from the class itself.
            r.table_of(i, 0, warnings);
            continue;
        };
        let (cols, _, _) = r.own(i, 0, &mut BTreeSet::new());
        let attrs = cols
            .iter()
            .map(|c| (c.attr.clone(), c.name.clone()))
            .collect();
        class_tables
            .entry(class.name.as_str())
            .or_insert((table.clone(), attrs));
        owned.push((i, table, own));
    }
    let table_vars: BTreeMap<&str, &str> = c
        .tables
        .iter()
        .filter_map(|t| Some((t.var.as_deref()?, t.name.as_str())))
        .collect();
    let resolve_fk = |fk: &FkRef| -> Option<(String, String)> {
        match fk {
            FkRef::Named(t, col) => Some((t.clone(), col.clone())),
            FkRef::Attr(owner, attr) => {
                if let Some((t, attrs)) = class_tables.get(owner.as_str()) {
                    return Some((t.clone(), attrs.get(attr).unwrap_or(attr).clone()));
                }
                table_vars
                    .get(owner.as_str())
                    .map(|t| (t.to_string(), attr.clone()))
            }
        }
    };
    let mut tables: Vec<TableDef> = Vec::new();
    let mut unresolved = |file: &str, line: usize, fk: &FkRef| {
        if let FkRef::Attr(o, a) = fk {
            warnings.push(
                file,
                Some(line),
                format!("ForeignKey({o}.{a}): {o} is no model or Table planner read; key not read"),
            );
        }
    };
    // Own tables first, then single-table subclasses merge into them.
    owned.sort_by_key(|(_, _, own)| !*own);
    for (i, table, own) in owned {
        let class = &c.classes[i];
        let mut def = TableDef::new(&table, &class.file, class.line);
        def.model = Some(class.name.clone());
        let (columns, constraints, _) = r.own(i, 0, &mut BTreeSet::new());
        fill(
            &mut def,
            &columns,
            &constraints,
            &class.file,
            &resolve_fk,
            &mut unresolved,
        );
        if !own {
            // Single-table inheritance: only the columns, no primary key.
            def.primary_key.clear();
        }
        tables.push(def);
    }
    let attached: BTreeSet<&str> = c
        .attached
        .iter()
        .map(String::as_str)
        .chain(c.classes.iter().filter_map(|k| k.metadata.as_deref()))
        .collect();
    for t in &c.tables {
        // A `Table` on a `MetaData()` of its own file that no model base
        // uses belongs to another database (polar's Tinybird tables).
        let own_metadata = c
            .metadata_vars
            .contains(&(t.file.clone(), t.metadata.clone()));
        if own_metadata && !attached.contains(t.metadata.as_str()) && !class_tables.is_empty() {
            warnings.push(
                &t.file,
                Some(t.line),
                format!(
                    "Table {:?} is on `{}`, a MetaData() of this file that no model base uses (another database); not read",
                    t.name, t.metadata
                ),
            );
            continue;
        }
        let mut def = TableDef::new(&t.name, &t.file, t.line);
        fill(
            &mut def,
            &t.columns,
            &t.constraints,
            &t.file,
            &resolve_fk,
            &mut unresolved,
        );
        tables.push(def);
    }
    summary.tables = tables
        .iter()
        .map(|t| t.name.as_str())
        .collect::<BTreeSet<_>>()
        .len();
    summary.foreign_keys = tables.iter().map(|t| t.foreign_keys.len()).sum();
    OrmExtract { tables, summary }
}

fn fill(
    def: &mut TableDef,
    columns: &[ColumnDecl],
    constraints: &[Constraint],
    file: &str,
    resolve_fk: &dyn Fn(&FkRef) -> Option<(String, String)>,
    unresolved: &mut dyn FnMut(&str, usize, &FkRef),
) {
    let mut pk = Vec::new();
    for col in columns {
        def.add_column(Column {
            name: col.name.clone(),
            data_type: col.data_type.clone(),
            nullable: col.nullable.unwrap_or(!col.primary_key) && !col.primary_key,
            unique: col.unique,
        });
        if col.primary_key {
            pk.push(col.name.clone());
        }
        for fk in &col.fks {
            match resolve_fk(fk) {
                Some((to, to_col)) => def.foreign_keys.push(ForeignKey {
                    from_table: def.name.clone(),
                    from_columns: vec![col.name.clone()],
                    to_table: to,
                    to_columns: vec![to_col],
                    kind: RelationKind::Declared,
                    name: None,
                    source: file.to_string(),
                    line: col.line,
                }),
                None => unresolved(file, col.line, fk),
            }
        }
    }
    for k in constraints {
        match k {
            Constraint::PrimaryKey(cols) => pk = cols.clone(),
            Constraint::Unique(cols) => def.mark_unique(cols),
            Constraint::ForeignKey {
                columns,
                refs,
                name,
                line,
            } => {
                let resolved: Vec<(String, String)> = refs.iter().filter_map(resolve_fk).collect();
                match resolved.first() {
                    Some((to, _)) if resolved.len() == refs.len() => {
                        def.foreign_keys.push(ForeignKey {
                            from_table: def.name.clone(),
                            from_columns: columns.clone(),
                            to_table: to.clone(),
                            to_columns: resolved.iter().map(|(_, c)| c.clone()).collect(),
                            kind: RelationKind::Declared,
                            name: name.clone(),
                            source: file.to_string(),
                            line: *line,
                        })
                    }
                    _ => {
                        if let Some(r) = refs.first() {
                            unresolved(file, *line, r);
                        }
                    }
                }
            }
        }
    }
    if !pk.is_empty() {
        def.set_primary_key(pk);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::catalog::Catalog;

    fn read(files: &[(&str, &str)], naming: FlaskNaming) -> (OrmExtract, Vec<String>) {
        let mut parser = Parser::new();
        parser
            .set_language(&tree_sitter_python::LANGUAGE.into())
            .expect("grammar");
        let warnings = Warnings::new();
        let bytes: Vec<(&str, &[u8])> = files.iter().map(|(p, t)| (*p, t.as_bytes())).collect();
        let out = read_sources(&mut parser, &bytes, naming, &warnings);
        let w = warnings
            .into_sorted()
            .into_iter()
            .map(|w| format!("{}:{}: {}", w.path, w.line.unwrap_or(0), w.message))
            .collect();
        (out, w)
    }

    /// Tables (merged as the catalog merges them) and keys as
    /// `from(cols)->to(cols)`.
    fn schema(out: OrmExtract) -> (Vec<String>, Vec<String>) {
        let mut catalog = Catalog::new();
        for t in out.tables {
            catalog.merge(t);
        }
        let names = catalog.names().into_iter().collect();
        let (_, fks) = catalog.finish();
        let keys = fks.iter().map(ForeignKey::arrow).collect();
        (names, keys)
    }

    #[test]
    fn flask_sqlalchemy_names_follow_the_pinned_major_version() {
        // Values printed by Flask-SQLAlchemy 2.5.1's and 3.1's own
        // `camel_to_snake_case`.
        for (name, v2, v3) in [
            ("User", "user", "user"),
            ("DataSourceGroup", "data_source_group", "data_source_group"),
            ("HTTPResponse", "http_response", "http_response"),
            ("OAuth2Token", "o_auth2_token", "o_auth2_token"),
            ("User2FA", "user2FA", "user2_fa"),
            ("CSVFile", "csv_file", "csv_file"),
            ("Version2", "version2", "version2"),
        ] {
            assert_eq!(camel_to_snake(name, FlaskNaming::V2), v2, "{name}");
            assert_eq!(camel_to_snake(name, FlaskNaming::V3), v3, "{name}");
        }
    }

    #[test]
    fn declarative_columns_keys_and_direct_imports() {
        let src = r#"
from sqlalchemy import Column, ForeignKey, Integer, String, Table, ForeignKeyConstraint
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()

tags = Table(
    "post_tags",
    Base.metadata,
    Column("post_id", ForeignKey("posts.id"), primary_key=True),
    Column("tag", String, primary_key=True),
)

class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    name = Column("full_name", String(80), nullable=False)
    posts = relationship("Post")

class Post(Base):
    __tablename__ = "posts"
    __table_args__ = (
        ForeignKeyConstraint(["editor_id", "editor_org"], ["editors.id", "editors.org"]),
        {"schema": None},
    )
    id = Column(Integer, primary_key=True)
    author_id = Column(Integer, ForeignKey(User.id), nullable=False)
    editor_id = Column(Integer)
    editor_org = Column(Integer)
"#;
        let (out, warnings) = read(&[("m/models.py", src)], FlaskNaming::V3);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(out.summary.kind, "sqlalchemy");
        let user = out
            .tables
            .iter()
            .find(|t| t.name == "users")
            .expect("users");
        assert_eq!(user.model.as_deref(), Some("User"));
        assert_eq!(user.source, "m/models.py");
        let cols: Vec<&str> = user.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(cols, ["id", "full_name"], "relationship is no column");
        assert!(!user.columns[1].nullable);
        let (names, keys) = schema(out);
        assert_eq!(names, ["post_tags", "posts", "users"]);
        assert_eq!(
            keys,
            [
                "post_tags(post_id)->posts(id)",
                "posts(author_id)->users(id)",
                "posts(editor_id,editor_org)->editors(id,org)",
            ]
        );
    }

    #[test]
    fn sqlalchemy_2_mapped_columns_mixins_and_abstract_bases() {
        let base = r#"
from sqlalchemy import ForeignKey, MetaData, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

my_metadata = MetaData()

class Model(DeclarativeBase):
    __abstract__ = True
    metadata = my_metadata

class RecordModel(Model):
    __abstract__ = True
    id: Mapped[int] = mapped_column(primary_key=True)
    deleted_at: Mapped[datetime | None]

class OrgMixin:
    organization_id: Mapped[UUID] = mapped_column(
        Uuid, ForeignKey("organizations.id", ondelete="cascade")
    )

    @declared_attr
    def organization(cls) -> Mapped["Organization"]:
        return relationship("Organization")

    @declared_attr
    def owner_id(cls) -> Mapped[UUID]:
        return mapped_column(Uuid, ForeignKey("users.id"))
"#;
        let models = r#"
from typing import Optional
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column
from polar.kit.db.models import RecordModel, OrgMixin

class Organization(RecordModel):
    __tablename__ = "organizations"
    name: Mapped[str] = mapped_column(String(80))
    bio: Mapped[Optional[str]] = (
        mapped_column("biography", String)
    )

class User(RecordModel):
    __tablename__ = "users"

class Product(OrgMixin, RecordModel):
    __tablename__ = "products"
    price: Mapped[int]
"#;
        let (out, warnings) = read(
            &[("kit/db/models/base.py", base), ("models/all.py", models)],
            FlaskNaming::V3,
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        let org = out
            .tables
            .iter()
            .find(|t| t.name == "organizations")
            .expect("organizations");
        let cols: Vec<(&str, bool)> = org
            .columns
            .iter()
            .map(|c| (c.name.as_str(), c.nullable))
            .collect();
        assert_eq!(
            cols,
            [
                ("name", false),
                ("biography", true),
                ("id", false),
                ("deleted_at", true)
            ]
        );
        assert_eq!(org.primary_key, ["id"]);
        let (names, keys) = schema(out);
        assert_eq!(names, ["organizations", "products", "users"]);
        assert_eq!(
            keys,
            [
                "products(organization_id)->organizations(id)",
                "products(owner_id)->users(id)",
            ]
        );
    }

    #[test]
    fn single_and_joined_table_inheritance() {
        let src = r#"
from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import declarative_base
Base = declarative_base()

class Employee(Base):
    __tablename__ = "employees"
    id = Column(Integer, primary_key=True)
    type = Column(String(20))
    __mapper_args__ = {"polymorphic_on": type}

class Manager(Employee):
    manager_data = Column(String(50))

class Engineer(Employee):
    __tablename__ = "engineers"
    id = Column(Integer, ForeignKey("employees.id"), primary_key=True)
    language = Column(String)
"#;
        let (out, warnings) = read(&[("models.py", src)], FlaskNaming::V3);
        assert!(warnings.is_empty(), "{warnings:?}");
        let manager = out
            .tables
            .iter()
            .find(|t| t.model.as_deref() == Some("Manager"))
            .expect("manager");
        assert_eq!(manager.name, "employees", "single-table inheritance");
        let (names, keys) = schema(out);
        assert_eq!(names, ["employees", "engineers"]);
        assert_eq!(keys, ["engineers(id)->employees(id)"]);
    }

    #[test]
    fn flask_models_get_generated_names_and_helper_columns() {
        let base = r#"
import functools
from flask_sqlalchemy import SQLAlchemy
db = SQLAlchemy()
Column = functools.partial(db.Column, nullable=False)

def primary_key(name):
    return Column(db.Integer, primary_key=True)
"#;
        let models = r#"
from sqlalchemy.orm import relationship
from .base import Column, db, primary_key

class DataSourceGroup(db.Model):
    id = primary_key("DataSourceGroup")
    group_id = Column(db.Integer, db.ForeignKey("groups.id"))
    note = Column(db.Text, nullable=True)

class Group(db.Model):
    __tablename__ = "groups"
    id = primary_key("Group")

class AdminGroup(Group):
    level = Column(db.Integer)

class User2FA(db.Model):
    id = primary_key("User2FA")
"#;
        let (out, warnings) = read(
            &[
                ("app/models/base.py", base),
                ("app/models/__init__.py", models),
            ],
            FlaskNaming::V2,
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        let dsg = out
            .tables
            .iter()
            .find(|t| t.name == "data_source_group")
            .expect("generated name");
        assert_eq!(dsg.primary_key, ["id"]);
        let nullable: Vec<bool> = dsg.columns.iter().map(|c| c.nullable).collect();
        assert_eq!(nullable, [false, false, true], "alias says nullable=False");
        let (names, keys) = schema(out);
        assert_eq!(names, ["data_source_group", "groups", "user2FA"]);
        assert_eq!(keys, ["data_source_group(group_id)->groups(id)"]);
    }

    #[test]
    fn classes_mapped_onto_a_table_object() {
        let src = r#"
from sqlalchemy import Column, ForeignKey, Integer, Table
from sqlalchemy.orm import declarative_base
Base = declarative_base()

users_table = Table("users", Base.metadata, Column("id", Integer, primary_key=True))

class User(Base):
    __table__ = users_table

class Address(Base):
    __table__ = Table(
        "addresses",
        Base.metadata,
        Column("id", Integer, primary_key=True),
        Column("user_id", ForeignKey("users.id")),
    )
"#;
        let (out, warnings) = read(&[("models.py", src)], FlaskNaming::V3);
        assert!(warnings.is_empty(), "{warnings:?}");
        let user = out
            .tables
            .iter()
            .find(|t| t.name == "users")
            .expect("users");
        assert_eq!(user.model.as_deref(), Some("User"));
        let (names, keys) = schema(out);
        assert_eq!(names, ["addresses", "users"]);
        assert_eq!(keys, ["addresses(user_id)->users(id)"]);
    }

    #[test]
    fn column_property_and_deferred_wrap_a_column() {
        let src = r#"
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import column_property, deferred
db = SQLAlchemy()

class Users(db.Model):
    __tablename__ = "users"
    id = db.Column(db.Integer, primary_key=True)

class Submissions(db.Model):
    __tablename__ = "submissions"
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"))
    type = db.Column(db.String(32))
    __mapper_args__ = {"polymorphic_on": type}

class Solves(Submissions):
    __tablename__ = "solves"
    id = db.Column(None, db.ForeignKey("submissions.id"), primary_key=True)
    user_id = column_property(
        db.Column(db.Integer, db.ForeignKey("users.id")), Submissions.user_id
    )
    notes = deferred(db.Column(db.Text))
"#;
        let (out, warnings) = read(&[("app/models.py", src)], FlaskNaming::V2);
        assert!(warnings.is_empty(), "{warnings:?}");
        let solves = out
            .tables
            .iter()
            .find(|t| t.name == "solves")
            .expect("solves");
        let cols: Vec<&str> = solves.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(cols, ["id", "user_id", "notes"]);
        let (_, keys) = schema(out);
        assert_eq!(
            keys,
            [
                "solves(id)->submissions(id)",
                "solves(user_id)->users(id)",
                "submissions(user_id)->users(id)"
            ]
        );
    }

    #[test]
    fn sqlmodel_tables_whose_bases_are_sqlmodel_classes_are_read() {
        // The full-stack-fastapi-template layout: fields on a non-table
        // base, `table=True` on the subclass.
        let src = r#"
import uuid
from sqlmodel import Field, SQLModel

class UserBase(SQLModel):
    email: str = Field(unique=True, max_length=255)

class User(UserBase, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)

class UserPublic(UserBase):
    id: uuid.UUID

class ItemBase(SQLModel):
    title: str

class Item(ItemBase, table=True):
    id: uuid.UUID = Field(primary_key=True)
    owner_id: uuid.UUID = Field(foreign_key="user.id", nullable=False)
"#;
        let (out, warnings) = read(&[("app/models.py", src)], FlaskNaming::V3);
        assert!(warnings.is_empty(), "{warnings:?}");
        let user = out.tables.iter().find(|t| t.name == "user").expect("user");
        let cols: Vec<&str> = user.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(cols, ["id", "email"]);
        let (names, keys) = schema(out);
        assert_eq!(names, ["item", "user"]);
        assert_eq!(keys, ["item(owner_id)->user(id)"]);
    }

    #[test]
    fn sqlmodel_tables_are_read() {
        let src = r#"
from sqlmodel import Field, Relationship, SQLModel

class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str

class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    team_id: int | None = Field(default=None, foreign_key="team.id")
    team: Team | None = Relationship(back_populates="heroes")

class HeroRead(SQLModel):
    id: int
"#;
        let (out, warnings) = read(&[("app/models.py", src)], FlaskNaming::V3);
        assert!(warnings.is_empty(), "{warnings:?}");
        let hero = out.tables.iter().find(|t| t.name == "hero").expect("hero");
        let cols: Vec<&str> = hero.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(cols, ["id", "team_id"]);
        let (names, keys) = schema(out);
        assert_eq!(names, ["hero", "team"]);
        assert_eq!(keys, ["hero(team_id)->team(id)"]);
    }

    #[test]
    fn dynamic_names_and_foreign_metadata_are_warnings_with_lines() {
        let src = r#"
from sqlalchemy import Column, Integer, MetaData, Table
from sqlalchemy.orm import declarative_base, declared_attr
Base = declarative_base()

class Tenant(Base):
    @declared_attr
    def __tablename__(cls):
        return settings.PREFIX + "tenants"
    id = Column(Integer, primary_key=True)

class Plain(Base):
    id = Column(Integer, primary_key=True)

class Lowered(Base):
    @declared_attr
    def __tablename__(cls):
        return cls.__name__.lower()
    id = Column(Integer, primary_key=True)

class Oauth(Base, OAuth2ClientMixin):
    __tablename__ = "oauth"
    id = Column(Integer, primary_key=True)

analytics = MetaData()
events = Table("events", analytics, Column("id", Integer))
"#;
        let (out, warnings) = read(&[("app/models.py", src)], FlaskNaming::V3);
        let (names, _) = schema(out);
        assert_eq!(names, ["lowered", "oauth"]);
        assert_eq!(warnings.len(), 4, "{warnings:?}");
        assert!(warnings[0].starts_with("app/models.py:8: the table of Tenant"));
        assert!(warnings[1].starts_with("app/models.py:12: SQLAlchemy model Plain has no"));
        assert!(warnings[2].contains(":21: base OAuth2ClientMixin of model Oauth"));
        assert!(warnings[3].starts_with("app/models.py:26: Table \"events\" is on `analytics`"));
    }

    #[test]
    fn broken_python_is_a_warning_and_the_rest_is_read() {
        let src = "from sqlalchemy import Column, Integer\nfrom sqlalchemy.orm import declarative_base\nBase = declarative_base()\n\nclass A(Base):\n    __tablename__ = \"a\"\n    id = Column(Integer, primary_key=True)\n\nclass B(Base:\n    __tablename__ = \n\u{1F600}é";
        let (out, warnings) = read(&[("m.py", src)], FlaskNaming::V3);
        let (names, _) = schema(out);
        assert!(names.contains(&"a".to_string()), "{names:?}");
        assert!(warnings[0].starts_with("m.py:"), "{warnings:?}");
        assert!(warnings[0].contains("Python syntax error"), "{warnings:?}");
    }

    #[test]
    fn imports_are_recognised() {
        assert!(imports_sqlalchemy("from sqlalchemy.orm import Mapped\n"));
        assert!(imports_sqlalchemy("import sqlalchemy as sa\n"));
        assert!(imports_sqlalchemy(
            "from flask_sqlalchemy import SQLAlchemy\n"
        ));
        assert!(imports_sqlalchemy("from sqlmodel import SQLModel\n"));
        assert!(!imports_sqlalchemy(
            "from sqlalchemy_utils import UUIDType\n"
        ));
        assert!(!imports_sqlalchemy("from django.db import models\n"));
    }
}
