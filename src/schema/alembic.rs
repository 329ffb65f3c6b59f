//! Alembic migrations (`versions/*.py` with `revision = "…"`), replayed
//! with tree-sitter-python in revision order: each file's `down_revision`
//! (a string, `None`, or a tuple for merges) names its parents, and a file
//! runs after all of them (ties by path). Only `upgrade()` is read, never
//! `downgrade()`. Applied: `op.create_table` (columns, `ForeignKey`,
//! `ForeignKeyConstraint`, `PrimaryKeyConstraint`), `op.drop_table`,
//! `op.rename_table`, `op.add_column`, `op.drop_column`,
//! `op.alter_column(new_column_name=…, nullable=…)`,
//! `op.create_foreign_key`, `op.drop_constraint(…, type_="foreignkey")`,
//! unique `op.create_index`/`op.create_unique_constraint`,
//! `op.execute("literal SQL")` through the SQL front end, and the same
//! calls on `batch_op` inside `with op.batch_alter_table("t") as batch_op:`.
//! Anything computed (a table name in a variable, SQL built at run time,
//! calls inside loops) is a warning with file:line.

use super::catalog::{Catalog, TableDef};
use super::sqlalchemy::{constraint_call, fk_ref, Constraint, FkRef};
use super::types::{Column, ForeignKey, RelationKind, SourceSummary};
use crate::inventory::syntax::{
    each_node, first_error_line, line, named_children, py_args, py_str, text, Args,
};
use crate::warnings::Warnings;
use std::collections::{BTreeMap, BTreeSet};
use tree_sitter::{Node, Parser};

/// Is this Python text an Alembic revision file?
pub fn is_revision(text: &str) -> bool {
    let imports = text.lines().any(|l| {
        let l = l.trim_start();
        l.starts_with("from alembic import") || l.starts_with("import alembic")
    });
    imports
        && text
            .lines()
            .any(|l| l.starts_with("revision =") || l.starts_with("revision:"))
}

/// One revision file, read.
struct Revision {
    path: String,
    text: String,
    id: Option<String>,
    parents: Vec<String>,
}

/// Replays the revision files of one Alembic directory into `catalog`.
/// `quiet_missing`: do not warn for operations on tables no earlier
/// revision created (when models are the truth and the migrations start
/// from an existing database); they are counted in the returned number.
pub fn replay(
    catalog: &mut Catalog,
    dir: &str,
    files: &[(String, String)],
    quiet_missing: bool,
    warnings: &Warnings,
) -> (SourceSummary, usize) {
    let mut summary = SourceSummary {
        path: dir.to_string(),
        kind: "alembic".into(),
        ..SourceSummary::default()
    };
    let mut parser = Parser::new();
    if parser
        .set_language(&tree_sitter_python::LANGUAGE.into())
        .is_err()
    {
        warnings.push("planner", None, "bug: the Python grammar did not load");
        return (summary, 0);
    }
    let revisions: Vec<Revision> = files
        .iter()
        .map(|(path, text)| {
            let (id, parents) = revision_ids(text);
            Revision {
                path: path.clone(),
                text: text.clone(),
                id,
                parents,
            }
        })
        .collect();
    let mut missing = 0;
    for i in order(&revisions, warnings) {
        let rev = &revisions[i];
        let Some(tree) = parser.parse(&rev.text, None) else {
            continue;
        };
        let root = tree.root_node();
        if root.has_error() {
            warnings.push(
                &rev.path,
                first_error_line(root),
                "Python syntax error in an Alembic revision; the rest was read",
            );
            summary.failed += 1;
        }
        let src = rev.text.as_bytes();
        let consts = constants(root, src);
        let mut r = Replay {
            consts: &consts,
            catalog,
            path: &rev.path,
            src,
            summary: &mut summary,
            warnings,
            quiet_missing,
            missing: 0,
        };
        for f in named_children(root) {
            if f.kind() == "function_definition"
                && f.child_by_field_name("name").map(|n| text(n, src)) == Some("upgrade")
            {
                if let Some(body) = f.child_by_field_name("body") {
                    r.block(body, None, false);
                }
            }
        }
        missing += r.missing;
    }
    summary.tables = catalog.len();
    (summary, missing)
}

/// Module-level `NAME = "literal"` assignments, for operations that name
/// a constraint or table through a constant.
fn constants(root: Node, src: &[u8]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for stmt in named_children(root) {
        let Some(assign) = stmt
            .named_child(0)
            .filter(|a| stmt.kind() == "expression_statement" && a.kind() == "assignment")
        else {
            continue;
        };
        if let (Some(l), Some(r)) = (
            assign.child_by_field_name("left"),
            assign.child_by_field_name("right"),
        ) {
            if let (true, Some(v)) = (l.kind() == "identifier", py_str(r, src)) {
                out.insert(text(l, src).to_string(), v);
            }
        }
    }
    out
}

/// `revision = "abc"`, `down_revision = "x"` / `None` / `("a", "b")`.
fn revision_ids(text: &str) -> (Option<String>, Vec<String>) {
    let value = |name: &str| -> Option<String> {
        text.lines().find_map(|l| {
            let rest = l.strip_prefix(name)?;
            // `down_revision: str | None = "x"` as well as `down_revision = "x"`.
            let rest = rest.trim_start();
            let rest = if rest.starts_with(':') {
                rest.split_once('=')?.1
            } else {
                rest.strip_prefix('=')?
            };
            Some(rest.trim().to_string())
        })
    };
    let strings = |v: &str| -> Vec<String> {
        let mut out = Vec::new();
        let mut rest = v;
        while let Some(start) = rest.find(['"', '\'']) {
            let q = &rest[start..=start];
            let after = &rest[start + 1..];
            let Some(end) = after.find(q) else { break };
            out.push(after[..end].to_string());
            rest = &after[end + 1..];
        }
        out
    };
    let id = value("revision").and_then(|v| strings(&v).into_iter().next());
    let parents = value("down_revision")
        .map(|v| strings(&v))
        .unwrap_or_default();
    (id, parents)
}

/// Revision order: parents before children; among the ready, by path.
/// A parent that is not in the directory is ignored (with a warning).
fn order(revisions: &[Revision], warnings: &Warnings) -> Vec<usize> {
    let by_id: BTreeMap<&str, usize> = revisions
        .iter()
        .enumerate()
        .filter_map(|(i, r)| Some((r.id.as_deref()?, i)))
        .collect();
    let mut waiting: Vec<BTreeSet<usize>> = Vec::new();
    for r in revisions {
        let mut parents = BTreeSet::new();
        for p in &r.parents {
            match by_id.get(p.as_str()) {
                Some(&i) => {
                    parents.insert(i);
                }
                None => warnings.push(
                    &r.path,
                    None,
                    format!(
                        "Alembic down_revision {p:?} is not in this directory; replayed as a root"
                    ),
                ),
            }
        }
        waiting.push(parents);
    }
    let mut done: Vec<usize> = Vec::new();
    let mut placed = vec![false; revisions.len()];
    let mut paths: Vec<usize> = (0..revisions.len()).collect();
    paths.sort_by(|a, b| revisions[*a].path.cmp(&revisions[*b].path));
    loop {
        let next = paths
            .iter()
            .copied()
            .find(|&i| !placed[i] && waiting[i].iter().all(|p| placed[*p]));
        match next {
            Some(i) => {
                placed[i] = true;
                done.push(i);
            }
            None => break,
        }
    }
    for i in paths {
        if !placed[i] {
            warnings.push(
                &revisions[i].path,
                None,
                "Alembic revision in a down_revision cycle; replayed last, by path",
            );
            done.push(i);
        }
    }
    done
}

struct Replay<'a> {
    /// Module-level `NAME = "literal"` of the revision file.
    consts: &'a BTreeMap<String, String>,
    catalog: &'a mut Catalog,
    path: &'a str,
    src: &'a [u8],
    summary: &'a mut SourceSummary,
    warnings: &'a Warnings,
    quiet_missing: bool,
    missing: usize,
}

impl Replay<'_> {
    /// The statements of a block; `batch` is the table of an enclosing
    /// `batch_alter_table`, `in_loop` whether a loop encloses them.
    fn block(&mut self, body: Node, batch: Option<(String, String)>, in_loop: bool) {
        for stmt in named_children(body) {
            match stmt.kind() {
                "with_statement" => {
                    let mut inner = batch.clone();
                    // Only the `with …:` header, not the body.
                    let header = named_children(stmt)
                        .into_iter()
                        .find(|c| c.kind() == "with_clause")
                        .unwrap_or(stmt);
                    each_node(header, |n| {
                        if n.kind() == "as_pattern" || n.kind() == "with_item" {
                            let call = n.named_child(0).filter(|c| c.kind() == "call");
                            let alias = n
                                .child_by_field_name("alias")
                                .or_else(|| n.named_child(1))
                                .map(|a| text(a, self.src).trim().to_string());
                            if let (Some(call), Some(alias)) = (call, alias) {
                                let f = call
                                    .child_by_field_name("function")
                                    .map(|f| text(f, self.src))
                                    .unwrap_or("");
                                if f.ends_with("batch_alter_table") {
                                    let a = py_args(call, self.src);
                                    if let Some(t) =
                                        a.positional.first().and_then(|t| py_str(*t, self.src))
                                    {
                                        inner = Some((alias, t));
                                    }
                                }
                            }
                        }
                    });
                    if let Some(b) = stmt.child_by_field_name("body") {
                        self.block(b, inner, in_loop);
                    }
                }
                "for_statement" | "while_statement" => {
                    if let Some(b) = stmt.child_by_field_name("body") {
                        self.block(b, batch.clone(), true);
                    }
                }
                "if_statement" | "try_statement" => {
                    for child in named_children(stmt) {
                        match child.kind() {
                            "block" => self.block(child, batch.clone(), in_loop),
                            "else_clause" | "elif_clause" | "except_clause" | "finally_clause" => {
                                if let Some(b) = child.child_by_field_name("body").or_else(|| {
                                    named_children(child)
                                        .into_iter()
                                        .find(|c| c.kind() == "block")
                                }) {
                                    self.block(b, batch.clone(), in_loop);
                                }
                            }
                            _ => {}
                        }
                    }
                }
                "expression_statement" => {
                    each_node(stmt, |n| {
                        if n.kind() == "call" {
                            self.call(
                                n,
                                batch.as_ref().map(|(a, t)| (a.as_str(), t.as_str())),
                                in_loop,
                            );
                        }
                    });
                }
                _ => {}
            }
        }
    }

    fn warn(&mut self, node: Node, msg: String) {
        self.warnings.push(self.path, Some(line(node)), msg);
    }

    fn table_missing(&mut self, node: Node, op: &str, table: &str) -> bool {
        if self.catalog.contains(table) {
            return false;
        }
        self.missing += 1;
        if !self.quiet_missing {
            self.warn(
                node,
                format!("op.{op} on {table}, which no earlier revision created"),
            );
        }
        true
    }

    fn call(&mut self, call: Node, batch: Option<(&str, &str)>, in_loop: bool) {
        let Some(function) = call.child_by_field_name("function") else {
            return;
        };
        let (object, method) = match function.kind() {
            "attribute" => (
                function
                    .child_by_field_name("object")
                    .map(|o| text(o, self.src))
                    .unwrap_or(""),
                function
                    .child_by_field_name("attribute")
                    .map(|a| text(a, self.src))
                    .unwrap_or(""),
            ),
            _ => return,
        };
        // `op.x(…)`, or `batch_op.x(…)` on the batch's table.
        let batch_table = match batch {
            Some((alias, table)) if alias == object => Some(table.to_string()),
            _ => None,
        };
        if object != "op" && batch_table.is_none() {
            return;
        }
        if !OPS.contains(&method) {
            return;
        }
        let args = py_args(call, self.src);
        let src = self.src;
        let consts = self.consts;
        let value = |n: Node| {
            py_str(n, src).or_else(|| {
                (n.kind() == "identifier")
                    .then(|| consts.get(text(n, src)).cloned())
                    .flatten()
            })
        };
        let s = |i: usize| args.positional.get(i).and_then(|n| value(*n));
        let kw = |k: &str| args.keyword(k).and_then(value);
        // In a batch, the table is implied and the other arguments move one
        // place left.
        let shift = usize::from(batch_table.is_none());
        let table_arg = |name_kw: &str| -> Option<String> {
            batch_table.clone().or_else(|| s(0)).or_else(|| kw(name_kw))
        };
        if in_loop {
            self.warn(
                call,
                format!("op.{method} inside a loop; applied once, with its literal arguments only"),
            );
        }
        self.summary.statements += 1;
        match method {
            "create_table" => {
                let Some(name) = s(0).or_else(|| kw("table_name")) else {
                    return self.warn(
                        call,
                        "op.create_table with a computed name; not replayed".into(),
                    );
                };
                let mut def = TableDef::new(&name, self.path, line(call));
                let mut pk = Vec::new();
                for a in args.positional.iter().skip(1) {
                    if a.kind() != "call" {
                        continue;
                    }
                    if let Some(col) = self.column(*a, &name) {
                        if col.1 {
                            pk.push(col.0.name.clone());
                        }
                        def.add_column(col.0);
                        def.foreign_keys.extend(col.2);
                    } else if let Some(k) = constraint_call(*a, self.src) {
                        match k {
                            Constraint::PrimaryKey(cols) => pk = cols,
                            Constraint::Unique(cols) => def.mark_unique(&cols),
                            Constraint::ForeignKey {
                                columns,
                                refs,
                                name: fk_name,
                                line: l,
                            } => {
                                if let Some(fk) =
                                    self.constraint_fk(&name, columns, &refs, fk_name, l)
                                {
                                    def.foreign_keys.push(fk);
                                }
                            }
                        }
                    }
                }
                if !pk.is_empty() {
                    def.set_primary_key(pk);
                }
                self.summary.foreign_keys += def.foreign_keys.len();
                self.catalog.create(def);
            }
            "drop_table" => {
                if let Some(t) = s(0).or_else(|| kw("table_name")) {
                    if !self.table_missing(call, method, &t) {
                        self.catalog.drop_table(&t);
                    }
                } else {
                    self.warn(
                        call,
                        "op.drop_table with a computed name; not replayed".into(),
                    );
                }
            }
            "rename_table" => match (
                s(0).or_else(|| kw("old_table_name")),
                s(1).or_else(|| kw("new_table_name")),
            ) {
                (Some(a), Some(b)) => {
                    if !self.table_missing(call, method, &a) {
                        self.catalog.rename_table(&a, &b);
                    }
                }
                _ => self.warn(
                    call,
                    "op.rename_table with computed names; not replayed".into(),
                ),
            },
            "add_column" => {
                let Some(t) = table_arg("table_name") else {
                    return self.warn(
                        call,
                        "op.add_column with a computed table; not replayed".into(),
                    );
                };
                let Some(col_node) = args
                    .positional
                    .get(shift)
                    .copied()
                    .filter(|n| n.kind() == "call")
                else {
                    return self.warn(
                        call,
                        "op.add_column without a Column(…) literal; not replayed".into(),
                    );
                };
                if self.table_missing(call, method, &t) {
                    return;
                }
                if let Some((col, pk, fks)) = self.column(col_node, &t) {
                    self.summary.foreign_keys += fks.len();
                    if let Some(table) = self.catalog.table_mut(&t) {
                        let name = col.name.clone();
                        table.add_column(col);
                        table.foreign_keys.extend(fks);
                        if pk {
                            let mut cols = table.primary_key.clone();
                            cols.push(name);
                            table.set_primary_key(cols);
                        }
                    }
                }
            }
            "drop_column" => match (
                table_arg("table_name"),
                s(shift).or_else(|| kw("column_name")),
            ) {
                (Some(t), Some(c)) => {
                    if !self.table_missing(call, method, &t) {
                        if let Some(table) = self.catalog.table_mut(&t) {
                            table.drop_column(&c);
                        }
                    }
                }
                _ => self.warn(
                    call,
                    "op.drop_column with computed names; not replayed".into(),
                ),
            },
            "alter_column" => match (
                table_arg("table_name"),
                s(shift).or_else(|| kw("column_name")),
            ) {
                (Some(t), Some(c)) => {
                    if self.table_missing(call, method, &t) {
                        return;
                    }
                    let new_name = kw("new_column_name");
                    let nullable = args.keyword("nullable").map(|n| text(n, src) == "True");
                    if let Some(table) = self.catalog.table_mut(&t) {
                        if let Some(col) = table.column_mut(&c) {
                            if let Some(n) = nullable {
                                col.nullable = n;
                            }
                        }
                        if let Some(n) = new_name {
                            table.rename_column(&c, &n);
                        }
                    }
                }
                _ => self.warn(
                    call,
                    "op.alter_column with computed names; not replayed".into(),
                ),
            },
            "create_foreign_key" => {
                // op: (name, source, referent, local_cols, remote_cols);
                // batch_op: (name, referent, local_cols, remote_cols).
                let name = s(0).or_else(|| kw("constraint_name")).or_else(|| {
                    args.positional.first().and_then(|n| {
                        (n.kind() == "call")
                            .then(|| {
                                py_args(*n, src)
                                    .positional
                                    .first()
                                    .and_then(|a| py_str(*a, src))
                            })
                            .flatten()
                    })
                });
                let source = batch_table
                    .clone()
                    .or_else(|| s(1))
                    .or_else(|| kw("source_table"));
                let referent = s(1 + shift).or_else(|| kw("referent_table"));
                let list = |i: usize, k: &str| -> Vec<String> {
                    args.positional
                        .get(i)
                        .copied()
                        .or_else(|| args.keyword(k))
                        .map(|n| str_list(n, src))
                        .unwrap_or_default()
                };
                let local = list(2 + shift, "local_cols");
                let remote = list(3 + shift, "remote_cols");
                match (source, referent) {
                    (Some(from), Some(to)) if !local.is_empty() => {
                        if self.table_missing(call, method, &from) {
                            return;
                        }
                        let fk = ForeignKey {
                            from_table: from.clone(),
                            from_columns: local,
                            to_table: to.strip_prefix("public.").unwrap_or(&to).to_string(),
                            to_columns: remote,
                            kind: RelationKind::Declared,
                            name,
                            source: self.path.to_string(),
                            line: line(call),
                        };
                        self.summary.foreign_keys += 1;
                        if let Some(table) = self.catalog.table_mut(&from) {
                            table.foreign_keys.push(fk);
                        }
                    }
                    _ => self.warn(
                        call,
                        "op.create_foreign_key with computed arguments; not replayed".into(),
                    ),
                }
            }
            "drop_constraint" => {
                let name = s(0).or_else(|| kw("constraint_name")).or_else(|| {
                    args.positional.first().and_then(|n| {
                        (n.kind() == "call")
                            .then(|| {
                                py_args(*n, src)
                                    .positional
                                    .first()
                                    .and_then(|a| py_str(*a, src))
                            })
                            .flatten()
                    })
                });
                let table = batch_table
                    .clone()
                    .or_else(|| s(1))
                    .or_else(|| kw("table_name"));
                // Only foreign keys matter here (and untyped drops, which
                // may be one).
                if kw("type_").is_some_and(|k| k != "foreignkey") {
                    return;
                }
                match (name, table) {
                    (Some(n), Some(t)) => {
                        if self.table_missing(call, method, &t) {
                            return;
                        }
                        if let Some(table) = self.catalog.table_mut(&t) {
                            table.foreign_keys.retain(|fk| !fk_named(fk, &n));
                        }
                    }
                    _ => self.warn(
                        call,
                        "op.drop_constraint with computed names; not replayed".into(),
                    ),
                }
            }
            "create_index" | "create_unique_constraint" => {
                let unique = method == "create_unique_constraint"
                    || args
                        .keyword("unique")
                        .is_some_and(|u| text(u, src) == "True");
                if !unique {
                    return;
                }
                let t = batch_table
                    .clone()
                    .or_else(|| s(1))
                    .or_else(|| kw("table_name"));
                let cols = args
                    .positional
                    .get(2 - usize::from(batch_table.is_some()))
                    .copied()
                    .or_else(|| args.keyword("columns"))
                    .map(|n| str_list(n, src))
                    .unwrap_or_default();
                if let Some(t) = t {
                    if let Some(table) = self.catalog.table_mut(&t) {
                        table.mark_unique(&cols);
                    }
                }
            }
            "execute" => self.execute(call, &args),
            _ => {}
        }
    }

    /// `op.execute("literal SQL")` (also `sa.text("…")`) through the SQL
    /// front end, as PostgreSQL unless the text looks like another dialect.
    fn execute(&mut self, call: Node, args: &Args) {
        let src = self.src;
        let Some(arg) = args
            .positional
            .first()
            .copied()
            .or_else(|| args.keyword("sqltext"))
        else {
            return;
        };
        let sql = py_str(arg, src).or_else(|| {
            (arg.kind() == "call")
                .then(|| {
                    py_args(arg, src)
                        .positional
                        .first()
                        .and_then(|a| py_str(*a, src))
                })
                .flatten()
        });
        let Some(sql) = sql else {
            if !self.quiet_missing {
                self.warn(
                    call,
                    "op.execute with SQL built at run time (or an expression object); not replayed"
                        .into(),
                );
            }
            return;
        };
        self.summary.statements -= 1;
        let detected = super::dialect::detect(&sql);
        let dialect = if detected.name == "generic" {
            super::dialect::DialectChoice::named("postgres").unwrap_or(detected)
        } else {
            detected
        };
        let s = super::sql::apply_text(
            self.catalog,
            self.path,
            line(arg),
            &sql,
            &dialect,
            self.warnings,
        );
        self.summary.statements += s.statements;
        self.summary.skipped += s.skipped;
        self.summary.failed += s.failed;
        self.summary.foreign_keys += s.foreign_keys;
    }

    /// `sa.Column("name", type, sa.ForeignKey("t.c"), primary_key=…,
    /// nullable=…)` → the column, whether it is a primary key, its keys.
    fn column(&mut self, call: Node, table: &str) -> Option<(Column, bool, Vec<ForeignKey>)> {
        let src = self.src;
        let f = call
            .child_by_field_name("function")
            .map(|f| text(f, src))
            .unwrap_or("");
        if f.rsplit('.').next() != Some("Column") {
            return None;
        }
        let args = py_args(call, src);
        let name = args
            .positional
            .first()
            .and_then(|n| py_str(*n, src))
            .or_else(|| args.keyword("name").and_then(|n| py_str(n, src)))?;
        let mut data_type = String::new();
        let mut fks = Vec::new();
        for a in args.positional.iter().skip(1) {
            let callee = a
                .child_by_field_name("function")
                .map(|f| text(f, src).rsplit('.').next().unwrap_or(""))
                .unwrap_or("");
            if a.kind() == "call" && callee == "ForeignKey" {
                let fa = py_args(*a, src);
                match fa.positional.first().and_then(|t| fk_ref(*t, src)) {
                    Some(FkRef::Named(to, to_col)) => fks.push(ForeignKey {
                        from_table: table.to_string(),
                        from_columns: vec![name.clone()],
                        to_table: to,
                        to_columns: vec![to_col],
                        kind: RelationKind::Declared,
                        name: fa.keyword("name").and_then(|n| py_str(n, src)),
                        source: self.path.to_string(),
                        line: line(*a),
                    }),
                    _ => self.warn(
                        *a,
                        "ForeignKey target is not a \"table.column\" literal; key not replayed"
                            .into(),
                    ),
                }
            } else if data_type.is_empty()
                && !matches!(callee, "Sequence" | "Identity" | "Computed")
            {
                let t = text(*a, src);
                let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
                let head_end = t.find('(').unwrap_or(t.len());
                let short = t[..head_end].rsplit('.').next().unwrap_or("");
                let rest = &t[head_end..];
                data_type = if rest == "()" {
                    short.to_string()
                } else {
                    format!("{short}{rest}")
                };
            }
        }
        let flag = |k: &str| args.keyword(k).map(|v| text(v, src) == "True");
        let pk = flag("primary_key").unwrap_or(false);
        let nullable = flag("nullable").unwrap_or(!pk) && !pk;
        Some((
            Column {
                name,
                data_type,
                nullable,
                unique: flag("unique").unwrap_or(false),
            },
            pk,
            fks,
        ))
    }

    fn constraint_fk(
        &mut self,
        table: &str,
        columns: Vec<String>,
        refs: &[FkRef],
        name: Option<String>,
        l: usize,
    ) -> Option<ForeignKey> {
        let mut to_table = None;
        let mut to_columns = Vec::new();
        for r in refs {
            match r {
                FkRef::Named(t, c) => {
                    to_table.get_or_insert_with(|| t.clone());
                    to_columns.push(c.clone());
                }
                FkRef::Attr(..) => {
                    self.warnings.push(
                        self.path,
                        Some(l),
                        "ForeignKeyConstraint target is not a \"table.column\" literal; key not replayed",
                    );
                    return None;
                }
            }
        }
        Some(ForeignKey {
            from_table: table.to_string(),
            from_columns: columns,
            to_table: to_table?,
            to_columns,
            kind: RelationKind::Declared,
            name,
            source: self.path.to_string(),
            line: l,
        })
    }
}

const OPS: &[&str] = &[
    "create_table",
    "drop_table",
    "rename_table",
    "add_column",
    "drop_column",
    "alter_column",
    "create_foreign_key",
    "drop_constraint",
    "create_index",
    "create_unique_constraint",
    "execute",
];

/// A key answers to its name, or to PostgreSQL's default
/// `<table>_<columns>_fkey` when it has none.
fn fk_named(fk: &ForeignKey, name: &str) -> bool {
    match &fk.name {
        Some(n) => n == name,
        None => format!("{}_{}_fkey", fk.from_table, fk.from_columns.join("_")) == name,
    }
}

fn str_list(node: Node, src: &[u8]) -> Vec<String> {
    match node.kind() {
        "list" | "tuple" => named_children(node)
            .into_iter()
            .filter_map(|n| py_str(n, src))
            .collect(),
        _ => py_str(node, src).into_iter().collect(),
    }
}

/// Compares an Alembic replay with the SQLAlchemy models (the declared
/// truth): one warning lists the tables and keys only one side has, and how
/// many operations touched tables no revision created.
pub fn cross_check(
    models: &[TableDef],
    replayed: Catalog,
    dir: &str,
    missing: usize,
    warnings: &Warnings,
) {
    let (tables, fks) = replayed.finish();
    let model_names: BTreeSet<&str> = models.iter().map(|t| t.name.as_str()).collect();
    let migration_names: BTreeSet<&str> = tables.iter().map(|t| t.name.as_str()).collect();
    let key = |f: &ForeignKey| {
        format!(
            "{}({})→{}",
            f.from_table,
            f.from_columns.join(","),
            f.to_table
        )
    };
    let model_keys: BTreeSet<String> = models
        .iter()
        .flat_map(|t| t.foreign_keys.iter())
        .map(key)
        .collect();
    let migration_keys: BTreeSet<String> = fks.iter().map(key).collect();
    let list = |items: Vec<String>| -> String {
        let n = items.len();
        let mut shown: Vec<String> = items.into_iter().take(8).collect();
        if n > 8 {
            shown.push(format!("… {} more", n - 8));
        }
        shown.join(", ")
    };
    let mut parts = Vec::new();
    let only = |a: &BTreeSet<&str>, b: &BTreeSet<&str>| -> Vec<String> {
        a.difference(b).map(|s| s.to_string()).collect()
    };
    let (tm, tg) = (
        only(&model_names, &migration_names),
        only(&migration_names, &model_names),
    );
    let km: Vec<String> = model_keys.difference(&migration_keys).cloned().collect();
    let kg: Vec<String> = migration_keys.difference(&model_keys).cloned().collect();
    for (what, items) in [
        ("tables only in the models", tm),
        ("tables only in the migrations", tg),
        ("keys only in the models", km),
        ("keys only in the migrations", kg),
    ] {
        if !items.is_empty() {
            parts.push(format!("{} {what} ({})", items.len(), list(items)));
        }
    }
    if missing > 0 {
        parts.push(format!(
            "{missing} operations on tables no revision created (the history starts from an existing database)"
        ));
    }
    if !parts.is_empty() {
        warnings.push(
            dir,
            None,
            format!(
                "Alembic replay ({} tables, {} keys) differs from the SQLAlchemy models ({} tables, {} keys), which are used: {}",
                migration_names.len(),
                migration_keys.len(),
                model_names.len(),
                model_keys.len(),
                parts.join("; ")
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(files: &[(&str, &str)]) -> (Vec<String>, Vec<String>, Vec<String>, SourceSummary) {
        let files: Vec<(String, String)> = files
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect();
        let mut catalog = Catalog::new();
        let warnings = Warnings::new();
        let (summary, _) = replay(
            &mut catalog,
            "migrations/versions",
            &files,
            false,
            &warnings,
        );
        let (tables, fks) = catalog.finish();
        let names = tables.iter().map(|t| t.name.clone()).collect();
        let keys = fks.iter().map(ForeignKey::arrow).collect();
        let w = warnings
            .into_sorted()
            .into_iter()
            .map(|w| format!("{}:{}: {}", w.path, w.line.unwrap_or(0), w.message))
            .collect();
        (names, keys, w, summary)
    }

    #[test]
    fn revisions_apply_in_down_revision_order_with_merges_and_no_downgrade() {
        // File names sort opposite to the revision chain on purpose.
        let a = r#"from alembic import op
import sqlalchemy as sa
revision = "aaa"
down_revision: str | None = None

def upgrade():
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mail", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("users_pkey")),
    )

def downgrade():
    op.drop_table("users")
"#;
        let b = r#"from alembic import op
import sqlalchemy as sa
revision = 'bbb'
down_revision = 'aaa'

def upgrade():
    op.create_table("posts", sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id")))
    op.alter_column("users", "mail", new_column_name="email", nullable=False)
"#;
        let c = r#"from alembic import op
import sqlalchemy as sa
revision = "ccc"
down_revision = "aaa"

def upgrade():
    op.create_table("tags", sa.Column("id", sa.Integer(), primary_key=True))
    op.execute("ALTER TABLE tags ADD COLUMN post_id integer REFERENCES posts(id)")
"#;
        let d = r#"from alembic import op
import sqlalchemy as sa
revision = "ddd"
down_revision = ("bbb", "ccc")

def upgrade():
    with op.batch_alter_table("posts") as batch_op:
        batch_op.add_column(sa.Column("editor_id", sa.Integer()))
        batch_op.create_foreign_key("posts_editor_fk", "users", ["editor_id"], ["id"])
        batch_op.drop_constraint("posts_user_id_fkey", type_="foreignkey")
    op.rename_table("tags", "labels")
    op.drop_column("users", "obsolete")

def downgrade():
    op.drop_table("posts")
    op.drop_table("users")
"#;
        let (names, keys, warnings, summary) = run(&[
            ("v/1_merge.py", d),
            ("v/2_tags.py", c),
            ("v/3_posts.py", b),
            ("v/4_users.py", a),
        ]);
        assert_eq!(summary.kind, "alembic");
        assert_eq!(summary.failed, 0);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(names, ["labels", "posts", "users"]);
        assert_eq!(
            keys,
            ["labels(post_id)->posts(id)", "posts(editor_id)->users(id)"]
        );
    }

    #[test]
    fn computed_arguments_and_loops_are_warnings_with_lines() {
        let a = r#"from alembic import op
import sqlalchemy as sa
revision = "aaa"
down_revision = None
KEY = "users_org_fkey"

def upgrade():
    op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True))
    for t in TABLES:
        op.add_column(t, sa.Column("x", sa.Integer()))
    op.execute(f"DROP TABLE {name}")
    op.drop_constraint(OLD, "users", type_="unique")
    op.drop_constraint(KEY, "users")
    op.add_column("ghosts", sa.Column("x", sa.Integer()))
"#;
        let (names, _, warnings, _) = run(&[("v/a.py", a)]);
        assert_eq!(names, ["users"]);
        assert_eq!(warnings.len(), 4, "{warnings:?}");
        assert!(warnings[0].starts_with("v/a.py:10: op.add_column inside a loop"));
        assert!(warnings[1].starts_with("v/a.py:10: op.add_column with a computed table"));
        assert!(warnings[2].starts_with("v/a.py:11: op.execute with SQL built at run time"));
        assert!(warnings[3].starts_with("v/a.py:14: op.add_column on ghosts"));
    }

    #[test]
    fn revision_files_are_recognised() {
        assert!(is_revision("from alembic import op\nrevision = \"x\"\n"));
        assert!(!is_revision("from alembic import context\n"));
        assert!(!is_revision("import sqlalchemy\nrevision = 1\n"));
    }

    #[test]
    fn cross_check_lists_what_only_one_side_has() {
        let mut model = TableDef::new("users", "m.py", 1);
        model.foreign_keys.push(ForeignKey {
            from_table: "users".into(),
            from_columns: vec!["org_id".into()],
            to_table: "orgs".into(),
            to_columns: vec!["id".into()],
            kind: RelationKind::Declared,
            name: None,
            source: "m.py".into(),
            line: 2,
        });
        let mut replayed = Catalog::new();
        replayed.create(TableDef::new("users", "v/a.py", 1));
        replayed.create(TableDef::new("legacy", "v/a.py", 5));
        let warnings = Warnings::new();
        cross_check(&[model], replayed, "v", 3, &warnings);
        let w = warnings.into_sorted();
        assert_eq!(w.len(), 1);
        let m = &w[0].message;
        assert!(
            m.contains("1 tables only in the migrations (legacy)"),
            "{m}"
        );
        assert!(
            m.contains("1 keys only in the models (users(org_id)→orgs)"),
            "{m}"
        );
        assert!(
            m.contains("3 operations on tables no revision created"),
            "{m}"
        );
    }
}
