//! Drizzle ORM tables where the declarations are static, read with
//! tree-sitter-typescript/javascript:
//! - `pgTable` / `mysqlTable` / `sqliteTable` / `singlestoreTable`
//!   (`"name", { … }, (t) => […] | ({ … })`), the columns object also as a
//!   callback (`(t) => ({ id: t.integer() })`), and `pgSchema("auth").table`
//!   (table `auth.name`);
//! - columns with their database names (`userId: text("user_id")`, the
//!   property name when the builder has none), `.notNull()`,
//!   `.primaryKey()`, `.unique()`, `.references(() => users.id, { onDelete })`;
//! - the extra-config callback, object or array form: `primaryKey({ columns })`
//!   (and the older `primaryKey(t.a, t.b)`), `foreignKey({ columns,
//!   foreignColumns })`, single-column `unique().on(…)` / `uniqueIndex().on(…)`.
//!
//! Tables are known by their exported variable (`export const usersTable =
//! pgTable("users", …)`); a reference to a variable is resolved in its file,
//! then through the file's imports (planner's resolved edges), then by the
//! only table variable of that name anywhere, so tables imported across
//! files and barrels resolve. `relations(…)` are Drizzle's query helpers,
//! not keys, and are not read.
//!
//! drizzle-kit's generated SQL (`out` directories holding
//! `meta/_journal.json`) is the same schema again: [`place_kit_migrations`]
//! skips such a directory when Drizzle tables were read from its package.

use super::catalog::{OrmExtract, TableDef};
use super::discover::Found;
use super::js_syntax::{string_value, text};
use super::js_value::{
    args, assigned_name, edge_index, entries, import_targets, pairs, strip, top_level_consts,
    EdgeIndex, Entry,
};
use super::types::{Column, ForeignKey, RelationKind, SourceSummary};
use super::Input;
use crate::warnings::Warnings;
use std::collections::BTreeMap;
use tree_sitter::Node;

const TABLE_FUNCTIONS: &[&str] = &[
    "pgTable",
    "mysqlTable",
    "sqliteTable",
    "singlestoreTable",
    "gelTable",
];
const SCHEMA_FUNCTIONS: &[&str] = &["pgSchema", "mysqlSchema", "singlestoreSchema", "gelSchema"];

/// Files importing a Drizzle dialect core (`drizzle-orm/pg-core`, …).
pub fn looks_like_drizzle(text: &str) -> bool {
    text.contains("drizzle-orm/") && text.contains("-core")
}

/// A column reference in the source: table variable and property.
#[derive(Debug, Clone)]
struct ColRef {
    var: String,
    prop: String,
}

#[derive(Debug, Clone, Default)]
struct DColumn {
    prop: String,
    name: String,
    data_type: String,
    not_null: bool,
    primary: bool,
    unique: bool,
}

#[derive(Debug, Clone)]
struct DKey {
    /// Properties of this table.
    columns: Vec<String>,
    targets: Vec<ColRef>,
    line: usize,
}

#[derive(Debug, Clone, Default)]
struct DTable {
    var: Option<String>,
    name: String,
    file: String,
    line: usize,
    columns: Vec<DColumn>,
    /// Composite primary key, by property.
    primary_key: Vec<String>,
    keys: Vec<DKey>,
    /// Single-column unique constraints from the extra config, by property.
    unique: Vec<String>,
    /// `...timestamps` in the columns: (position in `columns`, variable,
    /// line), filled in from a shared column object when built.
    spreads: Vec<(usize, String, usize)>,
}

pub fn extract(input: &Input<'_>, files: &[usize], warnings: &Warnings) -> Option<OrmExtract> {
    if files.is_empty() {
        return None;
    }
    let mut tables = Vec::new();
    let mut shared = Vec::new();
    for &i in files {
        let file = &input.files[i];
        let Some(tree) = super::js_syntax::parse_reporting(file, "a Drizzle schema file", warnings)
        else {
            continue;
        };
        let mut r = FileReader {
            src: &file.bytes,
            file: &file.rel,
            schemas: BTreeMap::new(),
            warnings,
            out: &mut tables,
        };
        r.visit(tree.root_node());
        r.shared_columns(tree.root_node(), &mut shared);
    }
    let edges = edge_index(input.edges);
    expand_spreads(&edges, &mut tables, &shared, warnings);
    let defs = build(&edges, &tables, warnings);
    if defs.is_empty() {
        return None;
    }
    let summary = SourceSummary {
        path: super::django::common_dir(files.iter().map(|&i| input.files[i].rel.as_str())),
        kind: "drizzle".into(),
        statements: tables.len(),
        tables: defs.len(),
        foreign_keys: defs.iter().map(|t| t.foreign_keys.len()).sum(),
        ..SourceSummary::default()
    };
    Some(OrmExtract {
        tables: defs,
        summary,
    })
}

/// drizzle-kit `out` directories (a `meta/_journal.json` beside the `.sql`
/// files) are migrations, not dumps. Each one is replayed as a SQL
/// migration directory, unless Drizzle tables were read from files under
/// the directory's parent (the package that owns both): then the schema
/// files are the truth and the generated SQL would only repeat them.
pub fn place_kit_migrations(
    input: &Input<'_>,
    found: &mut Found,
    drizzle: Option<&OrmExtract>,
    warnings: &Warnings,
) {
    for (dir, mut files) in std::mem::take(&mut found.drizzle_kit) {
        let package = dir.rsplit_once('/').map(|(p, _)| p).unwrap_or("");
        let shadowed = drizzle.is_some_and(|d| {
            d.tables
                .iter()
                .any(|t| package.is_empty() || t.source.starts_with(&format!("{package}/")))
        });
        if shadowed {
            continue;
        }
        let journal = format!("{dir}/meta/_journal.json");
        let journal = journal.trim_start_matches('/');
        if let Some(d) = super::discover::read_text(input.tree, journal, warnings)
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .and_then(|j| j.get("dialect")?.as_str().and_then(kit_dialect))
        {
            found.migration_dialects.insert(dir.clone(), d);
        }
        files.sort_by_key(|f| super::discover::natural_key(f));
        found.sql_migrations.insert(dir, files);
    }
}

/// drizzle-kit's `dialect` → planner's SQL dialect.
fn kit_dialect(name: &str) -> Option<super::DialectChoice> {
    super::DialectChoice::named(match name {
        "postgresql" => "postgres",
        "turso" => "sqlite",
        "singlestore" => "mysql",
        other => other,
    })
}

struct FileReader<'a> {
    src: &'a [u8],
    file: &'a str,
    /// `const auth = pgSchema("auth")` → `auth`.
    schemas: BTreeMap<String, String>,
    warnings: &'a Warnings,
    out: &'a mut Vec<DTable>,
}

fn line(n: Node) -> usize {
    n.start_position().row + 1
}

/// `a.b(x).c(y)` → innermost call first: [(b, [x]), (c, [y])] with the
/// innermost function node (`text` in `text("id").notNull()`).
fn chain<'t>(mut node: Node<'t>, src: &[u8]) -> (Vec<(String, Vec<Node<'t>>)>, Option<Node<'t>>) {
    let mut calls = Vec::new();
    let mut base = None;
    loop {
        node = strip(node);
        if node.kind() != "call_expression" {
            break;
        }
        let Some(function) = node.child_by_field_name("function") else {
            break;
        };
        match function.kind() {
            "member_expression" => {
                let property = function
                    .child_by_field_name("property")
                    .map(|p| text(p, src).to_string())
                    .unwrap_or_default();
                let object = function.child_by_field_name("object");
                // `t.integer("id")` (callback columns): the base builder.
                let object_is_call = object.is_some_and(|o| strip(o).kind() == "call_expression");
                calls.push((property, args(node)));
                if !object_is_call {
                    base = Some(function);
                    break;
                }
                match object {
                    Some(o) => node = o,
                    None => break,
                }
            }
            _ => {
                calls.push((text(function, src).to_string(), args(node)));
                base = Some(function);
                break;
            }
        }
    }
    calls.reverse();
    (calls, base)
}

/// `() => users.id`, `(): AnyPgColumn => users.id` → `users.id`.
fn column_ref(n: Node, src: &[u8]) -> Option<ColRef> {
    let mut n = strip(n);
    if n.kind() == "arrow_function" {
        n = strip(n.child_by_field_name("body")?);
        if n.kind() == "statement_block" {
            let ret = {
                let mut c = n.walk();
                let found = n
                    .named_children(&mut c)
                    .find(|s| s.kind() == "return_statement");
                found
            }?;
            n = strip(ret.named_child(0)?);
        }
    }
    if n.kind() != "member_expression" {
        return None;
    }
    let object = strip(n.child_by_field_name("object")?);
    let property = n.child_by_field_name("property")?;
    (object.kind() == "identifier").then(|| ColRef {
        var: text(object, src).to_string(),
        prop: text(property, src).to_string(),
    })
}

impl<'t> FileReader<'_> {
    fn warn(&self, n: Node, msg: String) {
        self.warnings.push(self.file, Some(line(n)), msg);
    }

    /// Every table call, in source order (a loop, not recursion).
    fn visit(&mut self, root: Node<'t>) {
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            if node.kind() == "call_expression" && self.table_call(node) {
                continue;
            }
            super::mongoose::push_children(&mut stack, node);
        }
    }

    /// Reads a table call; true when `call` was one.
    fn table_call(&mut self, call: Node<'t>) -> bool {
        let Some(function) = call.child_by_field_name("function") else {
            return false;
        };
        let schema = match function.kind() {
            "identifier" => {
                let f = text(function, self.src);
                if SCHEMA_FUNCTIONS.contains(&f) {
                    if let (Some(var), Some(name)) = (
                        assigned_name(call, self.src),
                        args(call).first().and_then(|a| string_value(*a, self.src)),
                    ) {
                        self.schemas.insert(var, name);
                    }
                    return false;
                }
                if f == "pgTableCreator" || f == "mysqlTableCreator" || f == "sqliteTableCreator" {
                    self.warn(
                        call,
                        format!(
                            "{f}(…) names tables with a function; tables made with it are not read"
                        ),
                    );
                    return false;
                }
                if !TABLE_FUNCTIONS.contains(&f) {
                    return false;
                }
                None
            }
            "member_expression" => {
                let (Some(object), Some(property)) = (
                    function.child_by_field_name("object"),
                    function.child_by_field_name("property"),
                ) else {
                    return false;
                };
                if text(property, self.src) != "table" {
                    return false;
                }
                let o = strip(object);
                let name = match o.kind() {
                    "identifier" => self.schemas.get(text(o, self.src)).cloned(),
                    // `pgSchema("auth").table(…)`
                    "call_expression" => o
                        .child_by_field_name("function")
                        .filter(|f| SCHEMA_FUNCTIONS.contains(&text(*f, self.src)))
                        .and_then(|_| args(o).first().and_then(|a| string_value(*a, self.src))),
                    _ => None,
                };
                match name {
                    Some(n) => Some(n),
                    None => return false,
                }
            }
            _ => return false,
        };
        let a = args(call);
        let Some(name) = a.first().and_then(|n| string_value(strip(*n), self.src)) else {
            self.warn(
                call,
                format!(
                    "Drizzle table name is not a string literal ({}); table not read",
                    a.first().map(|n| text(*n, self.src)).unwrap_or("")
                ),
            );
            return true;
        };
        let name = match schema {
            Some(s) if s != "public" => format!("{s}.{name}"),
            _ => name,
        };
        let mut t = DTable {
            var: assigned_name(call, self.src),
            name,
            file: self.file.to_string(),
            line: line(call),
            ..DTable::default()
        };
        if let Some(cols) = a.get(1) {
            let mut cols = strip(*cols);
            if cols.kind() == "arrow_function" {
                if let Some(body) = cols.child_by_field_name("body") {
                    cols = strip(body);
                }
            }
            self.columns(&mut t, cols);
        }
        if let Some(extra) = a.get(2) {
            self.extra(&mut t, *extra);
        }
        self.out.push(t);
        true
    }

    fn columns(&self, t: &mut DTable, obj: Node) {
        if obj.kind() != "object" {
            self.warn(
                obj,
                format!(
                    "columns of Drizzle table {:?} are not an object literal; not read",
                    t.name
                ),
            );
            return;
        }
        for e in entries(obj, self.src) {
            match e {
                Entry::Pair(prop, v) => self.column(t, prop, v),
                Entry::Spread(s) if strip(s).kind() == "identifier" => {
                    let var = text(strip(s), self.src).to_string();
                    t.spreads.push((t.columns.len(), var, line(s)));
                }
                Entry::Spread(s) => self.warn(
                    s,
                    format!(
                        "spread `...{}` in the columns of Drizzle table {:?}; its columns are not read",
                        text(s, self.src),
                        t.name
                    ),
                ),
                Entry::Other(n) => self.warn(
                    n,
                    format!("computed or shorthand column in Drizzle table {:?}; not read", t.name),
                ),
            }
        }
    }

    fn column(&self, t: &mut DTable, prop: String, v: Node) {
        let (calls, _) = chain(v, self.src);
        let Some((builder, builder_args)) = calls.first() else {
            self.warn(
                v,
                format!(
                    "column {prop:?} of Drizzle table {:?} is not a column builder; not read",
                    t.name
                ),
            );
            return;
        };
        let mut c = DColumn {
            name: builder_args
                .first()
                .and_then(|a| string_value(strip(*a), self.src))
                .unwrap_or_else(|| prop.clone()),
            prop,
            data_type: builder.clone(),
            ..DColumn::default()
        };
        for (m, margs) in &calls[1..] {
            match m.as_str() {
                "notNull" => c.not_null = true,
                "primaryKey" => c.primary = true,
                "unique" => c.unique = true,
                "references" => match margs.first().and_then(|a| column_ref(*a, self.src)) {
                    Some(target) => t.keys.push(DKey {
                        columns: vec![c.prop.clone()],
                        targets: vec![target],
                        line: line(margs[0]),
                    }),
                    None => self.warn(
                        v,
                        format!(
                            "`.references(…)` of {}.{} is not `() => table.column`; no key recorded",
                            t.name, c.name
                        ),
                    ),
                },
                _ => {}
            }
        }
        t.columns.push(c);
    }

    /// Top-level `const x = { a: builder(), … }` objects, which tables may
    /// spread into their columns (`...timestamps`).
    fn shared_columns(&self, root: Node, out: &mut Vec<DTable>) {
        for (var, value) in top_level_consts(root, self.src) {
            let obj = strip(value);
            let es = entries(obj, self.src);
            let columns_only = !es.is_empty()
                && es.iter().all(
                    |e| matches!(e, Entry::Pair(_, v) if strip(*v).kind() == "call_expression"),
                );
            if obj.kind() != "object" || !columns_only {
                continue;
            }
            let mut t = DTable {
                var: Some(var),
                file: self.file.to_string(),
                line: line(obj),
                ..DTable::default()
            };
            self.columns(&mut t, obj);
            out.push(t);
        }
    }

    /// The third argument: `(t) => [ … ]`, `(t) => ({ … })`, or a block
    /// returning one of them.
    fn extra(&self, t: &mut DTable, f: Node) {
        let f = strip(f);
        if f.kind() != "arrow_function" && f.kind() != "function_expression" {
            return;
        }
        let param = f
            .child_by_field_name("parameters")
            .and_then(|p| {
                let mut c = p.walk();
                let first = p.named_children(&mut c).next();
                first
            })
            .or_else(|| f.child_by_field_name("parameter"))
            .map(|p| {
                let p = p.child_by_field_name("pattern").unwrap_or(p);
                text(p, self.src).to_string()
            });
        let Some(mut body) = f.child_by_field_name("body").map(strip) else {
            return;
        };
        if body.kind() == "statement_block" {
            let mut c = body.walk();
            let ret = body
                .named_children(&mut c)
                .find(|s| s.kind() == "return_statement")
                .and_then(|r| r.named_child(0));
            match ret {
                Some(r) => body = strip(r),
                None => return,
            }
        }
        let items: Vec<Node> = match body.kind() {
            "array" => {
                let mut c = body.walk();
                body.named_children(&mut c)
                    .filter(|n| n.kind() != "comment")
                    .collect()
            }
            "object" => entries(body, self.src)
                .into_iter()
                .filter_map(|e| match e {
                    Entry::Pair(_, v) => Some(v),
                    _ => None,
                })
                .collect(),
            _ => return,
        };
        for item in items {
            self.constraint(t, item, param.as_deref());
        }
    }

    /// `t.a` (the callback's parameter) → `a`.
    fn own_prop(&self, n: Node, param: Option<&str>, t: &DTable) -> Option<String> {
        let r = column_ref(n, self.src)?;
        (Some(r.var.as_str()) == param || t.var.as_deref() == Some(r.var.as_str()))
            .then_some(r.prop)
    }

    fn constraint(&self, t: &mut DTable, item: Node, param: Option<&str>) {
        let (calls, _) = chain(item, self.src);
        let Some((kind, kargs)) = calls.first() else {
            return;
        };
        match kind.as_str() {
            "primaryKey" => {
                let cols: Vec<Node> = match kargs.first().map(|n| strip(*n)) {
                    Some(o) if o.kind() == "object" => list(pairs(o, self.src).get("columns")),
                    _ => kargs.clone(),
                };
                let props: Vec<String> = cols
                    .iter()
                    .filter_map(|c| self.own_prop(*c, param, t))
                    .collect();
                if props.len() == cols.len() && !props.is_empty() {
                    t.primary_key = props;
                } else {
                    self.warn(item, format!("primaryKey(…) of Drizzle table {:?} names columns planner cannot read; not read", t.name));
                }
            }
            "foreignKey" => {
                let Some(o) = kargs
                    .first()
                    .map(|n| strip(*n))
                    .filter(|o| o.kind() == "object")
                else {
                    self.warn(item, format!("foreignKey(…) of Drizzle table {:?} is not an object literal; not read", t.name));
                    return;
                };
                let ps = pairs(o, self.src);
                let cols = list(ps.get("columns"));
                let targets = list(ps.get("foreignColumns"));
                let props: Vec<String> = cols
                    .iter()
                    .filter_map(|c| self.own_prop(*c, param, t))
                    .collect();
                let refs: Vec<ColRef> = targets
                    .iter()
                    .filter_map(|c| column_ref(*c, self.src))
                    .map(|mut r| {
                        if Some(r.var.as_str()) == param {
                            // `foreignColumns: [t.id]`: a self reference.
                            r.var = t.var.clone().unwrap_or_default();
                        }
                        r
                    })
                    .collect();
                if props.is_empty() || props.len() != cols.len() || refs.len() != targets.len() {
                    self.warn(item, format!("foreignKey(…) of Drizzle table {:?} names columns planner cannot read; not read", t.name));
                    return;
                }
                t.keys.push(DKey {
                    columns: props,
                    targets: refs,
                    line: line(item),
                });
            }
            "unique" | "uniqueIndex" => {
                if let Some((_, on)) = calls.iter().find(|(m, _)| m == "on") {
                    if let [only] = on.as_slice() {
                        if let Some(p) = self.own_prop(*only, param, t) {
                            t.unique.push(p);
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// Puts the columns (and keys) of shared column objects where tables
/// spread them; the object is found like a table variable.
fn expand_spreads(
    edges: &EdgeIndex<'_>,
    tables: &mut [DTable],
    shared: &[DTable],
    warnings: &Warnings,
) {
    for t in tables.iter_mut() {
        let spreads = std::mem::take(&mut t.spreads);
        for (at, var, line) in spreads.into_iter().rev() {
            let in_file = |f: &str| {
                shared
                    .iter()
                    .find(|x| x.file == f && x.var.as_deref() == Some(var.as_str()))
            };
            let found = in_file(&t.file)
                .or_else(|| {
                    import_targets(edges, &t.file, &var)
                        .into_iter()
                        .find_map(in_file)
                })
                .or_else(|| {
                    let mut all = shared
                        .iter()
                        .filter(|x| x.var.as_deref() == Some(var.as_str()));
                    match (all.next(), all.next()) {
                        (Some(one), None) => Some(one),
                        _ => None,
                    }
                });
            match found {
                Some(s) => {
                    let at = at.min(t.columns.len());
                    t.columns.splice(at..at, s.columns.iter().cloned());
                    t.keys.extend(s.keys.iter().cloned());
                }
                None => warnings.push(
                    &t.file,
                    Some(line),
                    format!(
                        "spread `...{var}` in the columns of Drizzle table {:?} is not a column object planner found; its columns are not read",
                        t.name
                    ),
                ),
            }
        }
    }
}

/// The elements of an array literal.
fn list<'t>(n: Option<&Node<'t>>) -> Vec<Node<'t>> {
    match n.map(|n| strip(*n)) {
        Some(a) if a.kind() == "array" => {
            let mut c = a.walk();
            a.named_children(&mut c)
                .filter(|n| n.kind() != "comment")
                .collect()
        }
        _ => Vec::new(),
    }
}

/// Resolves table variables across files and turns properties into
/// database column names.
fn build(edges: &EdgeIndex<'_>, tables: &[DTable], warnings: &Warnings) -> Vec<TableDef> {
    let resolve = |file: &str, var: &str| -> Option<usize> {
        let in_file = |f: &str| {
            tables
                .iter()
                .position(|t| t.file == f && t.var.as_deref() == Some(var))
        };
        in_file(file)
            .or_else(|| {
                import_targets(edges, file, var)
                    .into_iter()
                    .find_map(in_file)
            })
            .or_else(|| {
                let all: Vec<usize> = (0..tables.len())
                    .filter(|&i| tables[i].var.as_deref() == Some(var))
                    .collect();
                (all.len() == 1).then(|| all[0])
            })
    };
    let column_name = |t: &DTable, prop: &str| -> Option<String> {
        t.columns
            .iter()
            .find(|c| c.prop == prop)
            .map(|c| c.name.clone())
    };
    let mut out = Vec::new();
    for t in tables {
        let mut def = TableDef::new(&t.name, &t.file, t.line);
        def.model = t.var.clone();
        let mut pk = Vec::new();
        for c in &t.columns {
            def.add_column(Column {
                name: c.name.clone(),
                data_type: c.data_type.clone(),
                nullable: !c.not_null && !c.primary,
                unique: c.unique || c.primary,
            });
            if c.primary {
                pk.push(c.name.clone());
            }
        }
        if !t.primary_key.is_empty() {
            pk = t
                .primary_key
                .iter()
                .filter_map(|p| column_name(t, p))
                .collect();
        }
        def.set_primary_key(pk);
        for p in &t.unique {
            if let Some(n) = column_name(t, p) {
                def.mark_unique(&[n]);
            }
        }
        'keys: for k in &t.keys {
            let mut to_table: Option<&DTable> = None;
            let mut to_columns = Vec::new();
            for r in &k.targets {
                let Some(i) = resolve(&t.file, &r.var) else {
                    warnings.push(
                        &t.file,
                        Some(k.line),
                        format!("key of Drizzle table {:?} points at {}.{}, a table planner did not find; not recorded", t.name, r.var, r.prop),
                    );
                    continue 'keys;
                };
                let target = &tables[i];
                to_table = Some(target);
                to_columns.push(column_name(target, &r.prop).unwrap_or_else(|| r.prop.clone()));
            }
            let Some(target) = to_table else { continue };
            def.foreign_keys.push(ForeignKey {
                from_table: t.name.clone(),
                from_columns: k
                    .columns
                    .iter()
                    .map(|p| column_name(t, p).unwrap_or_else(|| p.clone()))
                    .collect(),
                to_table: target.name.clone(),
                to_columns,
                kind: RelationKind::Declared,
                name: None,
                source: t.file.clone(),
                line: k.line,
            });
        }
        out.push(def);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use tree_sitter::Parser;

    fn read(files: &[(&str, &str)]) -> (Vec<TableDef>, Vec<String>) {
        let warnings = Warnings::new();
        let mut tables = Vec::new();
        for (path, src) in files {
            let mut parser = Parser::new();
            parser
                .set_language(&tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into())
                .unwrap();
            let tree = parser.parse(src, None).unwrap();
            FileReader {
                src: src.as_bytes(),
                file: path,
                schemas: BTreeMap::new(),
                warnings: &warnings,
                out: &mut tables,
            }
            .visit(tree.root_node());
        }
        let defs = build(&EdgeIndex::new(), &tables, &warnings);
        let msgs = warnings
            .into_sorted()
            .into_iter()
            .map(|w| format!("{}:{} {}", w.path, w.line.unwrap_or(0), w.message))
            .collect();
        (defs, msgs)
    }

    fn keys(t: &TableDef) -> Vec<String> {
        t.foreign_keys
            .iter()
            .map(|k| {
                format!(
                    "{}->{}({})",
                    k.from_columns.join(","),
                    k.to_table,
                    k.to_columns.join(",")
                )
            })
            .collect()
    }

    #[test]
    fn tables_columns_keys_and_extra_config_across_files() {
        let teams = r#"
import { pgTable, serial, text } from "drizzle-orm/pg-core";
export const teamsTable = pgTable("teams", { teamId: serial("team_id").primaryKey(), name: text() });
"#;
        let users = r#"
import { pgTable, pgSchema, integer, text, foreignKey, primaryKey, unique } from "drizzle-orm/pg-core";
import { teamsTable } from "./teams";
export const users = pgTable("users", {
  id: integer("id").primaryKey(),
  email: text("email").notNull().unique(),
  teamId: integer("team_id").references(() => teamsTable.teamId, { onDelete: "cascade" }),
});
export const memberships = pgTable(
  "memberships",
  { userId: integer("user_id").notNull(), teamId: integer("team_id").notNull(), parentId: integer("parent_id"), slug: text("slug") },
  (t) => [
    primaryKey({ columns: [t.userId, t.teamId] }),
    foreignKey({ columns: [t.userId], foreignColumns: [users.id] }).onDelete("cascade"),
  ],
);
export const nodes = pgTable("nodes", { id: integer("id").primaryKey(), parentId: integer("parent_id"), slug: text("slug") }, (t) => ({
  parent: foreignKey({ columns: [t.parentId], foreignColumns: [t.id], name: "nodes_parent_fk" }),
  slugUnique: unique().on(t.slug),
}));
export const auth = pgSchema("auth");
export const sessions = auth.table("sessions", { userId: integer("user_id").references((): AnyPgColumn => users.id) });
export const dynamic = pgTable(`${prefix}_x`, { id: integer() });
"#;
        let (tables, warnings) = read(&[("db/teams.ts", teams), ("db/users.ts", users)]);
        let names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            ["teams", "users", "memberships", "nodes", "auth.sessions"]
        );
        assert_eq!(tables[0].model.as_deref(), Some("teamsTable"));
        assert_eq!(tables[0].primary_key, ["team_id"]);
        // A column without a name takes its property's.
        assert!(tables[0].columns.iter().any(|c| c.name == "name"));
        assert_eq!(keys(&tables[1]), ["team_id->teams(team_id)"]);
        assert!(tables[1]
            .columns
            .iter()
            .any(|c| c.name == "email" && c.unique && !c.nullable));
        assert_eq!(tables[2].primary_key, ["user_id", "team_id"]);
        assert_eq!(keys(&tables[2]), ["user_id->users(id)"]);
        assert_eq!(keys(&tables[3]), ["parent_id->nodes(id)"]);
        assert!(tables[3]
            .columns
            .iter()
            .any(|c| c.name == "slug" && c.unique));
        assert_eq!(keys(&tables[4]), ["user_id->users(id)"]);
        assert!(
            warnings
                .iter()
                .any(|w| w.starts_with("db/users.ts:23 ") && w.contains("not a string literal")),
            "{warnings:?}"
        );
    }
}
