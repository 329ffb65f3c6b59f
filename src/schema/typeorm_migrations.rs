//! TypeORM migrations (classes implementing `MigrationInterface`), replayed in
//! the order TypeORM runs them: by the JavaScript timestamp that ends the
//! class name (or its `name` property), as `MigrationExecutor.getMigrations`
//! does (`parseInt(name.substr(-13))`). Only `up(queryRunner)` is read;
//! `down()` never is. Inside `up`:
//! - `queryRunner.query(\`SQL\`)` with literal SQL goes through the SQL
//!   front end (`sql::apply_text`), one dialect for the whole directory;
//! - the Table API: `createTable(new Table({ name, columns, foreignKeys }))`,
//!   `dropTable`, `renameTable`, `addColumn(s)`, `dropColumn(s)`,
//!   `renameColumn`, `changeColumn` (a rename), `createForeignKey(s)`,
//!   `dropForeignKey(s)`; `Table`/`TableColumn`/`TableForeignKey` objects may
//!   be built in a local `const` first.
//!
//! SQL built at run time (template strings with `${…}`, variables) and calls
//! whose table is not a literal are warnings with file:line.

use super::catalog::{Catalog, TableDef};
use super::dialect::{self, DialectChoice};
use super::js_syntax::{string_value, text};
use super::typeorm::object_pairs;
use super::types::{Column, ForeignKey, RelationKind, SourceSummary};
use super::{sql, Input};
use crate::warnings::Warnings;
use std::collections::{BTreeMap, BTreeSet};
use tree_sitter::Node;

/// One migration file's `up` work, in source order.
enum Step {
    Sql {
        line: usize,
        text: String,
    },
    Call {
        line: usize,
        method: String,
        node: usize,
    },
}

struct Migration {
    path: String,
    /// The timestamp TypeORM orders by; `None` when the name has none.
    timestamp: Option<u64>,
    index: usize,
    tree: tree_sitter::Tree,
    steps: Vec<Step>,
}

/// Replays the migrations of `files` (indices into `input.files`) into a
/// catalog of their own and returns its tables.
pub fn replay(
    input: &Input<'_>,
    files: &[usize],
    forced: Option<&DialectChoice>,
    warnings: &Warnings,
) -> Option<(Vec<TableDef>, SourceSummary)> {
    // Each file parsed once: steps name nodes of its tree by id.
    let mut migrations: Vec<Migration> = Vec::new();
    for &i in files {
        let file = &input.files[i];
        let Some(tree) = crate::code::parse_file(file) else {
            continue;
        };
        let src = &file.bytes;
        let mut ups = Vec::new();
        find_up_methods(tree.root_node(), src, &mut ups);
        let Some((class_name, own_name, _)) = ups.first() else {
            continue;
        };
        if tree.root_node().has_error() {
            warnings.push(
                &file.rel,
                super::rails::first_error_line(tree.root_node()),
                "syntax error in a TypeORM migration; the rest was read",
            );
        }
        let name = own_name.clone().unwrap_or_else(|| class_name.clone());
        let timestamp = timestamp_of(&name);
        if timestamp.is_none() {
            warnings.push(
                &file.rel,
                None,
                format!(
                    "TypeORM migration {name} has no JavaScript timestamp at the end of its name; replayed after the others"
                ),
            );
        }
        let mut steps = Vec::new();
        for (_, _, up) in &ups {
            if let Some(node) = node_at(tree.root_node(), *up) {
                collect_steps(node, src, &file.rel, &mut steps, warnings);
            }
        }
        migrations.push(Migration {
            path: file.rel.clone(),
            timestamp,
            index: i,
            tree,
            steps,
        });
    }
    if migrations.is_empty() {
        return None;
    }
    migrations.sort_by(|a, b| {
        (a.timestamp.is_none(), a.timestamp, &a.path).cmp(&(
            b.timestamp.is_none(),
            b.timestamp,
            &b.path,
        ))
    });
    let d = forced.cloned().unwrap_or_else(|| {
        dialect::majority(
            migrations
                .iter()
                .flat_map(|m| &m.steps)
                .filter_map(|s| match s {
                    Step::Sql { text, .. } => Some(text.as_str()),
                    Step::Call { .. } => None,
                }),
        )
    });
    let mut catalog = Catalog::new();
    let mut summary = SourceSummary {
        path: super::django::common_dir(migrations.iter().map(|m| m.path.as_str())),
        kind: "typeorm_migrations".into(),
        dialect: Some(d.name.clone()),
        ..SourceSummary::default()
    };
    for m in &migrations {
        let src = &input.files[m.index].bytes;
        for step in &m.steps {
            match step {
                Step::Sql { line, text } => {
                    let s = sql::apply_text(&mut catalog, &m.path, *line, text, &d, warnings);
                    summary.statements += s.statements;
                    summary.skipped += s.skipped;
                    summary.failed += s.failed;
                    summary.foreign_keys += s.foreign_keys;
                }
                Step::Call { line, method, node } => {
                    summary.statements += 1;
                    if let Some(call) = node_at(m.tree.root_node(), *node) {
                        let ctx = Ctx {
                            src,
                            path: &m.path,
                            line: *line,
                            locals: locals_of(call, src),
                            warnings,
                        };
                        summary.foreign_keys += apply_call(&ctx, method, call, &mut catalog);
                    }
                }
            }
        }
    }
    summary.tables = catalog.len();
    Some((catalog.into_defs(), summary))
}

/// Entities are the truth for the tables they map (they are what
/// `migration:generate` diffs against and `synchronize` builds); a table
/// only the migrations create is added as the replay leaves it. Where both
/// exist, each difference is a warning: an entity table no migration creates
/// (a pending migration, or `synchronize`), keys only one side declares.
/// Returns the summary and the tables added (name, defining file).
pub fn combine(
    catalog: &mut Catalog,
    entity_tables: &BTreeSet<String>,
    (defs, summary): (Vec<TableDef>, SourceSummary),
    warnings: &Warnings,
) -> (SourceSummary, Vec<(String, String)>) {
    let mut added = Vec::new();
    let replayed: BTreeSet<String> = defs.iter().map(|d| d.name.clone()).collect();
    for def in defs {
        if !entity_tables.contains(&def.name) {
            if !catalog.contains(&def.name) {
                added.push((def.name.clone(), def.source.clone()));
                catalog.create(def);
            }
            continue;
        }
        let Some(entity) = catalog.table_mut(&def.name) else {
            continue;
        };
        let key = |k: &ForeignKey| format!("({}) → {}", k.from_columns.join(", "), k.to_table);
        let theirs: BTreeSet<String> = def.foreign_keys.iter().map(key).collect();
        let ours: BTreeSet<String> = entity.foreign_keys.iter().map(key).collect();
        let only_entity: Vec<&String> = ours.difference(&theirs).collect();
        let only_migrations: Vec<&String> = theirs.difference(&ours).collect();
        if !only_entity.is_empty() || !only_migrations.is_empty() {
            warnings.push(
                &entity.source,
                Some(entity.line),
                format!(
                    "TypeORM entity and migrations disagree on the keys of {}: only the entity has [{}], only the migrations have [{}]; the entity's are used",
                    def.name,
                    only_entity.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("; "),
                    only_migrations.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("; "),
                ),
            );
        }
    }
    if !replayed.is_empty() {
        for t in entity_tables.difference(&replayed) {
            if let Some(source) = catalog.table_source(t) {
                warnings.push(
                    &source,
                    None,
                    format!(
                        "TypeORM entity table {t} is created by no migration in {} (a pending migration, or `synchronize`?)",
                        summary.path
                    ),
                );
            }
        }
    }
    (summary, added)
}

/// `…1715028537217` → 1715028537217 (the last 13 characters, as TypeORM).
fn timestamp_of(name: &str) -> Option<u64> {
    let chars: Vec<char> = name.chars().collect();
    let tail: String = chars[chars.len().saturating_sub(13)..].iter().collect();
    // `parseInt` reads the leading digits of the tail.
    let digits: String = tail.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok().filter(|n| *n > 0)
}

/// A node by its id inside `root` (trees are re-parsed per pass).
fn node_at(root: Node, id: usize) -> Option<Node> {
    if root.id() == id {
        return Some(root);
    }
    let mut c = root.walk();
    let children: Vec<Node> = root.named_children(&mut c).collect();
    children.into_iter().find_map(|n| node_at(n, id))
}

/// Every class with an `up` method: (class name, `name` property, `up` node id).
fn find_up_methods(node: Node, src: &[u8], out: &mut Vec<(String, Option<String>, usize)>) {
    if matches!(node.kind(), "class_declaration" | "class") {
        let class_name = node
            .child_by_field_name("name")
            .map(|n| text(n, src).to_string())
            .unwrap_or_default();
        if let Some(body) = node.child_by_field_name("body") {
            let mut own_name = None;
            let mut up = None;
            let mut c = body.walk();
            for m in body.named_children(&mut c) {
                match m.kind() {
                    "public_field_definition" | "field_definition" => {
                        let is_name = m
                            .child_by_field_name("name")
                            .is_some_and(|n| text(n, src) == "name");
                        if is_name {
                            own_name = m
                                .child_by_field_name("value")
                                .and_then(|v| string_value(v, src));
                        }
                    }
                    "method_definition"
                        if m.child_by_field_name("name")
                            .is_some_and(|n| text(n, src) == "up") =>
                    {
                        up = Some(m.id());
                    }
                    _ => {}
                }
            }
            if let Some(up) = up {
                out.push((class_name, own_name, up));
            }
        }
    }
    let mut c = node.walk();
    for child in node.named_children(&mut c) {
        find_up_methods(child, src, out);
    }
}

/// The name `up` calls its query runner by (its first parameter).
fn runner_name(up: Node, src: &[u8]) -> Option<String> {
    let params = up.child_by_field_name("parameters")?;
    let first = params.named_child(0)?;
    let pattern = first.child_by_field_name("pattern").unwrap_or(first);
    Some(text(pattern, src).to_string())
}

const TABLE_API: &[&str] = &[
    "createTable",
    "dropTable",
    "renameTable",
    "addColumn",
    "addColumns",
    "dropColumn",
    "dropColumns",
    "renameColumn",
    "changeColumn",
    "createForeignKey",
    "createForeignKeys",
    "dropForeignKey",
    "dropForeignKeys",
];

fn collect_steps(up: Node, src: &[u8], path: &str, out: &mut Vec<Step>, warnings: &Warnings) {
    let runner = runner_name(up, src).unwrap_or_else(|| "queryRunner".into());
    let Some(body) = up.child_by_field_name("body") else {
        return;
    };
    visit_calls(body, &mut |call| {
        let Some(function) = call.child_by_field_name("function") else {
            return;
        };
        if function.kind() != "member_expression" {
            return;
        }
        let (Some(object), Some(property)) = (
            function.child_by_field_name("object"),
            function.child_by_field_name("property"),
        ) else {
            return;
        };
        if text(object, src) != runner {
            return;
        }
        let method = text(property, src);
        let line = call.start_position().row + 1;
        if method == "query" {
            let arg = call
                .child_by_field_name("arguments")
                .and_then(|a| a.named_child(0));
            match arg.and_then(|a| literal(a, src)) {
                Some(sql) => out.push(Step::Sql {
                    line: arg.map_or(line, |a| a.start_position().row + 1),
                    text: sql,
                }),
                None => warnings.push(
                    path,
                    Some(line),
                    format!(
                        "TypeORM migration SQL built at run time ({}); not replayed",
                        arg.map(|a| first_line(text(a, src))).unwrap_or_default()
                    ),
                ),
            }
        } else if TABLE_API.contains(&method) {
            out.push(Step::Call {
                line,
                method: method.to_string(),
                node: call.id(),
            });
        }
    });
}

/// A string literal, or a template string without `${…}`.
fn literal(n: Node, src: &[u8]) -> Option<String> {
    if n.kind() == "template_string" {
        let mut c = n.walk();
        let dynamic = n
            .named_children(&mut c)
            .any(|x| x.kind() == "template_substitution");
        return (!dynamic).then(|| text(n, src).trim_matches('`').to_string());
    }
    string_value(n, src)
}

fn first_line(s: &str) -> String {
    let l = s.lines().next().unwrap_or("");
    if l.len() > 60 {
        format!(
            "{}…",
            &l[..l.char_indices().nth(60).map_or(l.len(), |(i, _)| i)]
        )
    } else {
        l.to_string()
    }
}

fn visit_calls<'t>(node: Node<'t>, f: &mut impl FnMut(Node<'t>)) {
    if node.kind() == "call_expression" {
        f(node);
    }
    let mut c = node.walk();
    let children: Vec<Node> = node.named_children(&mut c).collect();
    for child in children {
        visit_calls(child, f);
    }
}

/// `const x = …` in the enclosing method: name → value.
fn locals_of<'t>(call: Node<'t>, src: &[u8]) -> BTreeMap<String, Node<'t>> {
    let mut out = BTreeMap::new();
    let mut method = call.parent();
    while let Some(m) = method {
        if m.kind() == "method_definition" {
            break;
        }
        method = m.parent();
    }
    fn walk<'t>(n: Node<'t>, src: &[u8], out: &mut BTreeMap<String, Node<'t>>) {
        if n.kind() == "variable_declarator" {
            if let (Some(name), Some(value)) = (
                n.child_by_field_name("name"),
                n.child_by_field_name("value"),
            ) {
                out.insert(text(name, src).to_string(), value);
            }
        }
        let mut c = n.walk();
        let children: Vec<Node> = n.named_children(&mut c).collect();
        for child in children {
            walk(child, src, out);
        }
    }
    if let Some(m) = method {
        walk(m, src, &mut out);
    }
    out
}

struct Ctx<'a, 't> {
    src: &'a [u8],
    path: &'a str,
    line: usize,
    locals: BTreeMap<String, Node<'t>>,
    warnings: &'a Warnings,
}

impl<'t> Ctx<'_, 't> {
    fn warn(&self, msg: String) {
        self.warnings.push(self.path, Some(self.line), msg);
    }

    /// A local `const` stands for its value; `await`/parentheses are seen through.
    fn resolve(&self, n: Node<'t>) -> Node<'t> {
        let mut n = n;
        for _ in 0..4 {
            match n.kind() {
                "identifier" => match self.locals.get(text(n, self.src)) {
                    Some(v) => n = *v,
                    None => return n,
                },
                "parenthesized_expression" | "await_expression" => match n.named_child(0) {
                    Some(v) => n = v,
                    None => return n,
                },
                _ => return n,
            }
        }
        n
    }

    /// `new Table({ … })` / `new TableColumn({ … })` → its options object; a
    /// plain object as is.
    fn options(&self, n: Node<'t>) -> Option<Node<'t>> {
        let n = self.resolve(n);
        match n.kind() {
            "object" => Some(n),
            "new_expression" => {
                let args = n.child_by_field_name("arguments")?;
                let first = args.named_child(0)?;
                let first = self.resolve(first);
                (first.kind() == "object").then_some(first)
            }
            _ => None,
        }
    }

    fn string(&self, n: Node<'t>) -> Option<String> {
        literal(self.resolve(n), self.src)
    }

    /// A table argument: a name, or a `Table` whose `name` is literal.
    fn table_name(&self, n: Node<'t>) -> Option<String> {
        let name = self.string(n).or_else(|| {
            let o = self.options(n)?;
            let p = object_pairs(o, self.src);
            self.string(*p.get("name")?)
        });
        if name.is_none() {
            self.warn(format!(
                "TypeORM migration: table `{}` is computed at run time; call not replayed",
                text(n, self.src)
            ));
        }
        name.map(|s| plain_table(&s))
    }

    /// A column argument: a name, or a `TableColumn`'s `name`.
    fn column_name(&self, n: Node<'t>) -> Option<String> {
        self.string(n).or_else(|| {
            let o = self.options(n)?;
            let p = object_pairs(o, self.src);
            self.string(*p.get("name")?)
        })
    }

    fn array(&self, n: Node<'t>) -> Vec<Node<'t>> {
        let n = self.resolve(n);
        if n.kind() != "array" {
            return Vec::new();
        }
        let mut c = n.walk();
        n.named_children(&mut c).collect()
    }

    fn strings(&self, n: Node<'t>) -> Vec<String> {
        self.array(n)
            .into_iter()
            .filter_map(|x| self.string(x))
            .collect()
    }

    fn column(&self, n: Node<'t>) -> Option<(Column, bool)> {
        let o = self.options(n)?;
        let p = object_pairs(o, self.src);
        let name = self.string(*p.get("name")?)?;
        let truthy = |k: &str| p.get(k).is_some_and(|v| text(*v, self.src) == "true");
        let primary = truthy("isPrimary");
        Some((
            Column {
                name,
                data_type: p
                    .get("type")
                    .map(|t| {
                        self.string(*t)
                            .unwrap_or_else(|| text(*t, self.src).to_string())
                    })
                    .unwrap_or_else(|| "column".into()),
                nullable: truthy("isNullable") && !primary,
                unique: truthy("isUnique") || primary,
            },
            primary,
        ))
    }

    fn foreign_key(&self, table: &str, n: Node<'t>) -> Option<ForeignKey> {
        let o = self.options(n)?;
        let p = object_pairs(o, self.src);
        let from_columns = self.strings(*p.get("columnNames")?);
        let mut to_table = plain_table(&self.string(*p.get("referencedTableName")?)?);
        if let Some(schema) = p.get("referencedSchema").and_then(|s| self.string(*s)) {
            to_table = plain_table(&format!("{schema}.{to_table}"));
        }
        let to_columns = p
            .get("referencedColumnNames")
            .map(|v| self.strings(*v))
            .unwrap_or_default();
        Some(ForeignKey {
            from_table: table.to_string(),
            from_columns,
            to_table,
            to_columns,
            kind: RelationKind::Declared,
            name: p.get("name").and_then(|v| self.string(*v)),
            source: self.path.to_string(),
            line: self.line,
        })
    }
}

/// `public.users` → `users`, as the SQL front end names tables.
fn plain_table(name: &str) -> String {
    match name.split_once('.') {
        Some((schema, table))
            if ["public", "dbo", "main"].contains(&schema.to_ascii_lowercase().as_str()) =>
        {
            table.to_string()
        }
        _ => name.to_string(),
    }
}

/// Applies one Table API call; returns the number of keys it added.
fn apply_call(ctx: &Ctx<'_, '_>, method: &str, call: Node, catalog: &mut Catalog) -> usize {
    let args: Vec<Node> = call
        .child_by_field_name("arguments")
        .map(|a| {
            let mut c = a.walk();
            a.named_children(&mut c).collect()
        })
        .unwrap_or_default();
    let Some(&first) = args.first() else {
        return 0;
    };
    let Some(table) = ctx.table_name(first) else {
        return 0;
    };
    let missing = |catalog: &Catalog| {
        if catalog.contains(&table) {
            false
        } else {
            ctx.warn(format!(
                "TypeORM migration: {method} on {table}, which no earlier migration created"
            ));
            true
        }
    };
    match method {
        "createTable" => {
            let Some(o) = ctx.options(first) else {
                ctx.warn(format!(
                    "TypeORM migration: createTable({}) is not a literal Table; not replayed",
                    text(first, ctx.src)
                ));
                return 0;
            };
            let p = object_pairs(o, ctx.src);
            let mut t = TableDef::new(&table, ctx.path, ctx.line);
            let mut pk = Vec::new();
            if let Some(cols) = p.get("columns") {
                for c in ctx.array(*cols) {
                    match ctx.column(c) {
                        Some((col, primary)) => {
                            if primary {
                                pk.push(col.name.clone());
                            }
                            t.add_column(col);
                        }
                        None => ctx.warn(format!(
                            "TypeORM migration: a column of {table} is computed at run time; not read"
                        )),
                    }
                }
            }
            t.set_primary_key(pk);
            if let Some(fks) = p.get("foreignKeys") {
                for f in ctx.array(*fks) {
                    match ctx.foreign_key(&table, f) {
                        Some(fk) => t.foreign_keys.push(fk),
                        None => ctx.warn(format!(
                            "TypeORM migration: a foreign key of {table} is computed at run time; not read"
                        )),
                    }
                }
            }
            if let Some(us) = p.get("uniques") {
                for u in ctx.array(*us) {
                    if let Some(o) = ctx.options(u) {
                        let up = object_pairs(o, ctx.src);
                        if let Some(cols) = up.get("columnNames") {
                            t.mark_unique(&ctx.strings(*cols));
                        }
                    }
                }
            }
            let n = t.foreign_keys.len();
            catalog.create(t);
            n
        }
        "dropTable" => {
            if !catalog.drop_table(&table) {
                ctx.warn(format!(
                    "TypeORM migration: dropTable on {table}, which no earlier migration created"
                ));
            }
            0
        }
        "renameTable" => {
            match args.get(1).and_then(|a| ctx.string(*a)) {
                Some(new) => {
                    if !catalog.rename_table(&table, &plain_table(&new)) {
                        missing(catalog);
                    }
                }
                None => ctx.warn(
                    "TypeORM migration: renameTable to a name computed at run time; not replayed"
                        .into(),
                ),
            }
            0
        }
        "addColumn" | "addColumns" => {
            if missing(catalog) {
                return 0;
            }
            let cols: Vec<Node> = match (method, args.get(1)) {
                ("addColumn", Some(c)) => vec![*c],
                ("addColumns", Some(a)) => ctx.array(*a),
                _ => Vec::new(),
            };
            if let Some(t) = catalog.table_mut(&table) {
                for c in cols {
                    match ctx.column(c) {
                        Some((col, _)) => t.add_column(col),
                        None => ctx.warn(format!(
                            "TypeORM migration: a column added to {table} is computed at run time; not read"
                        )),
                    }
                }
            }
            0
        }
        "dropColumn" | "dropColumns" => {
            if missing(catalog) {
                return 0;
            }
            let cols: Vec<Node> = match (method, args.get(1)) {
                ("dropColumn", Some(c)) => vec![*c],
                ("dropColumns", Some(a)) => ctx.array(*a),
                _ => Vec::new(),
            };
            if let Some(t) = catalog.table_mut(&table) {
                for c in cols {
                    if let Some(name) = ctx.column_name(c) {
                        t.drop_column(&name);
                    }
                }
            }
            0
        }
        "renameColumn" | "changeColumn" => {
            if missing(catalog) {
                return 0;
            }
            let old = args.get(1).and_then(|a| ctx.column_name(*a));
            let new = args.get(2).and_then(|a| ctx.column_name(*a));
            if let (Some(old), Some(new), Some(t)) = (old, new, catalog.table_mut(&table)) {
                if old != new {
                    t.rename_column(&old, &new);
                }
            }
            0
        }
        "createForeignKey" | "createForeignKeys" => {
            if missing(catalog) {
                return 0;
            }
            let fks: Vec<Node> = match (method, args.get(1)) {
                ("createForeignKey", Some(c)) => vec![*c],
                ("createForeignKeys", Some(a)) => ctx.array(*a),
                _ => Vec::new(),
            };
            let mut n = 0;
            for f in fks {
                match ctx.foreign_key(&table, f) {
                    Some(fk) => {
                        if let Some(t) = catalog.table_mut(&table) {
                            t.foreign_keys.push(fk);
                            n += 1;
                        }
                    }
                    None => ctx.warn(format!(
                        "TypeORM migration: a foreign key of {table} is computed at run time; not read"
                    )),
                }
            }
            n
        }
        "dropForeignKey" | "dropForeignKeys" => {
            if missing(catalog) {
                return 0;
            }
            let fks: Vec<Node> = match (method, args.get(1)) {
                ("dropForeignKey", Some(c)) => vec![*c],
                ("dropForeignKeys", Some(a)) => ctx.array(*a),
                _ => Vec::new(),
            };
            for f in fks {
                let by_name = ctx.string(f);
                let by_columns = ctx.foreign_key(&table, f).map(|k| k.from_columns);
                let Some(t) = catalog.table_mut(&table) else {
                    continue;
                };
                let before = t.foreign_keys.len();
                match (&by_name, &by_columns) {
                    (Some(name), _) => t.foreign_keys.retain(|k| k.name.as_deref() != Some(name)),
                    (None, Some(cols)) => t.foreign_keys.retain(|k| &k.from_columns != cols),
                    (None, None) => {}
                }
                if t.foreign_keys.len() == before {
                    ctx.warn(format!(
                        "TypeORM migration: dropForeignKey({}) on {table} matches no key planner knows (keys created by the Table API without a name are named at run time); not replayed",
                        text(f, ctx.src)
                    ));
                }
            }
            0
        }
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fk(from: &str, col: &str, to: &str) -> ForeignKey {
        ForeignKey {
            from_table: from.into(),
            from_columns: vec![col.into()],
            to_table: to.into(),
            to_columns: Vec::new(),
            kind: RelationKind::Declared,
            name: None,
            source: "m.ts".into(),
            line: 1,
        }
    }

    #[test]
    fn entities_win_and_migration_only_tables_are_added() {
        let mut catalog = Catalog::new();
        let mut users = TableDef::new("users", "user.entity.ts", 3);
        users.foreign_keys.push(fk("users", "roleId", "role"));
        catalog.create(users);
        catalog.create(TableDef::new("posts", "post.entity.ts", 1));
        let entity_tables: BTreeSet<String> = ["users".into(), "posts".into()].into();
        let mut old_users = TableDef::new("users", "m.ts", 1);
        old_users.foreign_keys.push(fk("users", "teamId", "team"));
        let defs = vec![old_users, TableDef::new("audit", "m.ts", 2)];
        let warnings = Warnings::new();
        let (_, added) = combine(
            &mut catalog,
            &entity_tables,
            (defs, SourceSummary::default()),
            &warnings,
        );
        assert_eq!(added, [("audit".to_string(), "m.ts".to_string())]);
        assert_eq!(catalog.names().len(), 3);
        let w = warnings.into_sorted();
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w[0].message.contains("posts is created by no migration"));
        assert!(w[1].message.contains(
            "only the entity has [(roleId) → role], only the migrations have [(teamId) → team]"
        ));
    }

    #[test]
    fn timestamps_come_from_the_last_13_characters() {
        assert_eq!(timestamp_of("CreateUser1715028537217"), Some(1715028537217));
        assert_eq!(timestamp_of("Init"), None);
        assert_eq!(plain_table("public.user"), "user");
        assert_eq!(plain_table("audit.log"), "audit.log");
    }
}
