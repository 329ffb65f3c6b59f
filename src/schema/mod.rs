//! Stage: schema. Reads tables and foreign keys straight from the repository,
//! with no database: SQL dumps and migration directories (sqlparser, one
//! statement at a time), Rails `db/schema.rb` and Django models (tree-sitter),
//! Prisma schemas, Sequelize, Knex, TypeORM, Mongoose and Drizzle
//! declarations, SQLAlchemy models and Alembic revisions (tree-sitter).
//! Then it builds the
//! foreign-key graph, a data-migration order, and ties each table to the
//! module that owns it and the modules that reach into it.

mod access;
mod alembic;
mod catalog;
mod dialect;
mod discover;
mod django;
mod django_tables;
mod drizzle;
pub mod er;
mod infer;
mod js_syntax;
mod js_value;
mod knex;
mod mongoose;
mod order;
mod ownership;
mod prisma;
mod rails;
mod rails_migrations;
mod sequelize;
mod sequelize_migrations;
pub mod split;
pub mod sql;
mod sqlalchemy;
mod typeorm;
mod typeorm_migrations;
mod typeorm_naming;
mod types;

pub use access::{AccessMode, ModuleTables, TableAccess};
pub use dialect::{detect as detect_dialect, DialectChoice, NAMES as DIALECT_NAMES};
pub use order::{plan as plan_migration_order, CutKey, FkCycle, MigrationOrder};
pub use types::{Column, ForeignKey, RelationKind, SourceSummary, Table};

use crate::analysis::FileEdge;
use crate::code::FileFacts;
use crate::scan::SourceFile;
use crate::warnings::Warnings;
use catalog::Catalog;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// `[schema]` in planner.toml.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SchemaConfig {
    /// Schema files or directories to read, relative to the repo. Empty means
    /// discover them (`*.sql`, migration directories, `db/schema.rb`, Django
    /// `models.py`, `*.prisma`, Sequelize, Knex, TypeORM, Mongoose and Drizzle
    /// files, SQLAlchemy models, Alembic revisions).
    pub paths: Vec<String>,
    /// SQL dialect for every SQL file (`postgres`, `mysql`, `sqlite`,
    /// `generic`, …). Unset means detect it per file.
    pub dialect: Option<String>,
    /// Table → owning module, overriding what planner infers.
    pub owners: BTreeMap<String, String>,
    /// Infer relations from column names (`user_id` → `users.id`); they are
    /// kept apart from declared foreign keys. Default true.
    pub infer_relations: Option<bool>,
}

/// What the schema stage adds to `Analysis`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SchemaSection {
    pub sources: Vec<SourceSummary>,
    pub tables: Vec<Table>,
    /// Declared foreign keys, from the schema itself.
    pub foreign_keys: Vec<ForeignKey>,
    /// Relations inferred from column names only; never mixed with the above.
    pub inferred_relations: Vec<ForeignKey>,
    pub migration_order: MigrationOrder,
    /// Per module: owned tables, keys that cross module boundaries, foreign
    /// tables read, written or reached through model imports.
    pub modules: Vec<ModuleTables>,
    /// Each place code reaches a table owned by another module.
    pub access: Vec<TableAccess>,
}

/// What the schema stage reads from earlier stages.
pub struct Input<'a> {
    /// The scanned tree: file reads go through it, so a revision read from
    /// git objects is seen as that revision has it.
    pub tree: &'a crate::scan::Scan,
    pub all_paths: &'a BTreeSet<String>,
    pub files: &'a [SourceFile],
    pub facts: &'a [FileFacts],
    /// File → module, and module → root directory.
    pub module_of: &'a BTreeMap<String, String>,
    pub module_roots: BTreeMap<String, String>,
    pub edges: &'a [FileEdge],
    /// Files whose table access does not count (test files, unless
    /// `modules.include_tests`), as in the module metrics.
    pub skip_from: &'a BTreeSet<&'a str>,
}

/// Reads one SQL text on its own (no repository): its tables, foreign keys
/// and summary. The fuzz target and the benchmark drive the front end here.
pub fn read_sql(
    path: &str,
    text: &str,
    dialect: &DialectChoice,
    warnings: &Warnings,
) -> (Vec<Table>, Vec<ForeignKey>, SourceSummary) {
    let mut catalog = Catalog::new();
    let summary = sql::apply_file(&mut catalog, path, text, dialect, warnings);
    let (tables, fks) = catalog.finish();
    (tables, fks, summary)
}

/// What the schema says on its own, before files are grouped into modules:
/// tables, keys, the move order and the model that maps each table.
pub struct SchemaRead {
    sources: Vec<SourceSummary>,
    pub tables: Vec<Table>,
    pub foreign_keys: Vec<ForeignKey>,
    pub inferred_relations: Vec<ForeignKey>,
    migration_order: MigrationOrder,
    /// Table → the code file (and class) of its ORM model.
    pub models: BTreeMap<String, ownership::ModelRef>,
    /// Table → the file that defines it (schema dump, migration or model).
    defined_in: BTreeMap<String, String>,
    /// Models looked up by name in code (`mongoose.model('User')`).
    model_uses: Vec<mongoose::ModelUse>,
}

pub use ownership::ModelRef;

impl SchemaRead {
    /// No schema source was found.
    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }
}

/// [`read`] then [`attach`]: the whole stage for one module assignment.
pub fn analyze(input: &Input<'_>, config: &SchemaConfig, warnings: &Warnings) -> SchemaSection {
    attach(read(input, config, warnings), input, config)
}

/// Ties what [`read`] found to the modules of `input`: owners, keys that
/// cross modules, and access.
pub fn attach(read: SchemaRead, input: &Input<'_>, config: &SchemaConfig) -> SchemaSection {
    let SchemaRead {
        mut sources,
        mut tables,
        foreign_keys,
        inferred_relations,
        migration_order,
        models,
        defined_in,
        model_uses,
    } = read;
    ownership::assign(
        &mut tables,
        input,
        config,
        &defined_in,
        &models,
        &foreign_keys,
    );
    let (modules, access) = access::analyze(input, &tables, &foreign_keys, &models, &model_uses);
    sources.sort_by(|a, b| (&a.path, &a.kind).cmp(&(&b.path, &b.kind)));
    SchemaSection {
        sources,
        tables,
        foreign_keys,
        inferred_relations,
        migration_order,
        modules,
        access,
    }
}

/// Reads every schema source of the repository. `input.module_of` only
/// tells which files were analysed here; modules come in [`attach`].
pub fn read(input: &Input<'_>, config: &SchemaConfig, warnings: &Warnings) -> SchemaRead {
    let forced = match config.dialect.as_deref() {
        Some(name) => match DialectChoice::named(name) {
            Some(d) => Some(d),
            None => {
                warnings.push(
                    "planner.toml",
                    None,
                    format!(
                        "unknown SQL dialect {name:?} in [schema]; known: {}; detecting instead",
                        DIALECT_NAMES.join(", ")
                    ),
                );
                None
            }
        },
        None => None,
    };
    let mut found = discover::discover(input, config);
    let drizzle = drizzle::extract(input, &found.drizzle, warnings);
    let (mongoose, model_uses) = mongoose::extract(input, &found.mongoose, warnings);
    drizzle::place_kit_migrations(input, &mut found, drizzle.as_ref(), warnings);
    let mut catalog = Catalog::new();
    let mut sources = Vec::new();
    // Table → the file that defines it, for ownership.
    let mut defined_in: BTreeMap<String, String> = BTreeMap::new();
    // Table → the ORM model file that declares it (not schema dumps).
    let mut model_defined_in: BTreeMap<String, (String, Option<String>)> = BTreeMap::new();

    for path in &found.sql_dumps {
        if let Some(text) = discover::read_text(input.tree, path, warnings) {
            let d = forced.clone().unwrap_or_else(|| dialect::detect(&text));
            let before: BTreeSet<String> = catalog.names();
            let s = sql::apply_file(&mut catalog, path, &text, &d, warnings);
            for t in catalog.names().difference(&before) {
                defined_in.insert(t.clone(), path.clone());
            }
            sources.push(s);
        }
    }
    for (dir, files) in &found.sql_migrations {
        let mut summary = SourceSummary {
            path: dir.clone(),
            kind: "sql_migrations".into(),
            ..SourceSummary::default()
        };
        let texts: Vec<(&String, String)> = files
            .iter()
            .filter_map(|p| Some((p, discover::read_text(input.tree, p, warnings)?)))
            .collect();
        // One dialect for the whole directory: the one most files look like.
        let dir_dialect = forced
            .clone()
            .or_else(|| found.migration_dialects.get(dir).cloned())
            .unwrap_or_else(|| dialect::majority(texts.iter().map(|(_, t)| t.as_str())));
        for (path, text) in &texts {
            let path = *path;
            let d = dir_dialect.clone();
            let before = catalog.names();
            let s = sql::apply_file(&mut catalog, path, text, &d, warnings);
            for t in catalog.names().difference(&before) {
                defined_in.insert(t.clone(), path.clone());
            }
            summary.dialect.get_or_insert(d.name.clone());
            summary.statements += s.statements;
            summary.skipped += s.skipped;
            summary.failed += s.failed;
            summary.foreign_keys += s.foreign_keys;
        }
        summary.tables = catalog.len();
        sources.push(summary);
    }
    for path in &found.rails_schemas {
        if let Some(text) = discover::read_text(input.tree, path, warnings) {
            let before = catalog.names();
            sources.push(rails::apply_schema_rb(&mut catalog, path, &text, warnings));
            for t in catalog.names().difference(&before) {
                defined_in.insert(t.clone(), path.clone());
            }
        }
    }
    for (dir, paths) in &found.rails_migrations {
        let files: Vec<(String, String)> = paths
            .iter()
            .filter_map(|p| Some((p.clone(), discover::read_text(input.tree, p, warnings)?)))
            .collect();
        let before = catalog.names();
        let summary = rails_migrations::replay(&mut catalog, dir, &files, warnings);
        for t in catalog.names().difference(&before) {
            if let Some(def) = catalog.table_source(t) {
                defined_in.insert(t.clone(), def);
            }
        }
        sources.push(summary);
    }
    for (dir, paths) in &found.sequelize_migrations {
        let files: Vec<(String, String)> = paths
            .iter()
            .filter_map(|p| Some((p.clone(), discover::read_text(input.tree, p, warnings)?)))
            .collect();
        let before = catalog.names();
        let summary = sequelize_migrations::replay(&mut catalog, dir, &files, warnings);
        for t in catalog.names().difference(&before) {
            if let Some(def) = catalog.table_source(t) {
                defined_in.insert(t.clone(), def);
            }
        }
        sources.push(summary);
    }
    let typeorm_entities = typeorm::extract(input, &found.typeorm, warnings);
    let typeorm_tables: BTreeSet<String> = typeorm_entities
        .iter()
        .flat_map(|e| e.tables.iter().map(|t| t.name.clone()))
        .collect();
    let orm = [
        django::extract(input, &found.django_models, warnings),
        prisma::extract(input, &found.prisma, warnings),
        sequelize::extract(input, &found.sequelize, warnings),
        knex::extract(input, &found.knex, warnings),
        typeorm_entities,
        sqlalchemy::extract(
            input,
            &found.sqlalchemy,
            sqlalchemy::flask_naming(input),
            warnings,
        ),
        mongoose,
        drizzle,
    ];
    // SQLAlchemy models are the declared truth; Alembic is then replayed
    // apart and compared with them. Without models it is the schema.
    let model_tables: Vec<catalog::TableDef> = orm
        .iter()
        .flatten()
        .filter(|e| e.summary.kind == "sqlalchemy")
        .flat_map(|e| e.tables.iter().cloned())
        .collect();
    for (dir, files) in &found.alembic {
        let files: Vec<(String, String)> = files
            .iter()
            .map(|&i| {
                let f = &input.files[i];
                (
                    f.rel.clone(),
                    String::from_utf8_lossy(&f.bytes).into_owned(),
                )
            })
            .collect();
        if model_tables.is_empty() {
            let before = catalog.names();
            let (summary, _) = alembic::replay(&mut catalog, dir, &files, false, warnings);
            for t in catalog.names().difference(&before) {
                if let Some(def) = catalog.table_source(t) {
                    defined_in.insert(t.clone(), def);
                }
            }
            sources.push(summary);
        } else {
            let mut replayed = Catalog::new();
            let (summary, missing) = alembic::replay(&mut replayed, dir, &files, true, warnings);
            alembic::cross_check(&model_tables, replayed, dir, missing, warnings);
            sources.push(summary);
        }
    }
    for extracted in orm.into_iter().flatten() {
        for def in extracted.tables {
            defined_in
                .entry(def.name.clone())
                .or_insert_with(|| def.source.clone());
            model_defined_in
                .entry(def.name.clone())
                .or_insert_with(|| (def.source.clone(), def.model.clone()));
            catalog.merge(def);
        }
        sources.push(extracted.summary);
    }
    if let Some(replayed) =
        typeorm_migrations::replay(input, &found.typeorm_migrations, forced.as_ref(), warnings)
    {
        let added = typeorm_migrations::combine(&mut catalog, &typeorm_tables, replayed, warnings);
        for (table, source) in added.1 {
            defined_in.entry(table).or_insert(source);
        }
        sources.push(added.0);
    }

    let (mut tables, foreign_keys) = catalog.finish();
    let inferred_relations = if config.infer_relations.unwrap_or(true) {
        infer::relations(&tables, &foreign_keys)
    } else {
        Vec::new()
    };
    let migration_order = order::plan(&mut tables, &foreign_keys);
    let models = ownership::model_files(input, &tables, &model_defined_in);
    SchemaRead {
        sources,
        tables,
        foreign_keys,
        inferred_relations,
        migration_order,
        models,
        defined_in,
        model_uses,
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;

    #[test]
    fn the_example_config_with_schema_keys_uncommented_parses() {
        let uncommented: String = crate::config::EXAMPLE
            .lines()
            .skip_while(|l| *l != "[schema]")
            .map(|l| {
                l.strip_prefix("# ")
                    .filter(|r| r.contains(" = ") || r.starts_with('['))
                    .unwrap_or(l)
            })
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n");
        let config = Config::parse(&uncommented).expect("example parses");
        assert_eq!(
            config.schema.owners.get("payments").map(String::as_str),
            Some("billing")
        );
        assert_eq!(config.schema.dialect.as_deref(), Some("postgres"));
    }
}
