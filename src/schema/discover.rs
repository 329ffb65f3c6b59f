//! Finds the schema sources in a repository: SQL dumps, SQL migration
//! directories, Rails `schema.rb`, Django models, Prisma schemas, Sequelize
//! and Knex files. `[schema] paths` in planner.toml narrows the search.

use super::{Input, SchemaConfig};
use crate::analysis::Language;
use crate::scan::Scan;
use crate::warnings::Warnings;
use std::collections::BTreeMap;

/// Dumps larger than this are not read (a warning says so).
pub const MAX_SQL_BYTES: u64 = 512 * 1024 * 1024;

#[derive(Debug, Default)]
pub struct Found {
    pub sql_dumps: Vec<String>,
    /// Migration directory → its `.sql` files, in the order they apply.
    pub sql_migrations: BTreeMap<String, Vec<String>>,
    pub rails_schemas: Vec<String>,
    /// `db/migrate` directories of Rails apps without `schema.rb` or
    /// `structure.sql`, with their migrations in timestamp order.
    pub rails_migrations: BTreeMap<String, Vec<String>>,
    pub django_models: Vec<usize>,
    pub prisma: Vec<String>,
    pub sequelize: Vec<usize>,
    pub knex: Vec<usize>,
    /// Sequelize migration directories → their files, in the order they
    /// apply (file-name order, as sequelize-cli runs them).
    pub sequelize_migrations: BTreeMap<String, Vec<String>>,
    /// Files importing from `typeorm` (entities and their base classes),
    /// test files left out.
    pub typeorm: Vec<usize>,
    /// TypeORM migration classes (`MigrationInterface`).
    pub typeorm_migrations: Vec<usize>,
    /// Python files that import SQLAlchemy, Flask-SQLAlchemy or SQLModel
    /// (tests and Alembic revisions left out).
    pub sqlalchemy: Vec<usize>,
    /// Alembic `versions/` directory → its revision files.
    pub alembic: BTreeMap<String, Vec<usize>>,
    pub mongoose: Vec<usize>,
    pub drizzle: Vec<usize>,
    /// drizzle-kit `out` directories (`meta/_journal.json` beside the SQL):
    /// placed by `drizzle::place_kit_migrations` once the Drizzle schema
    /// files are read.
    pub drizzle_kit: BTreeMap<String, Vec<String>>,
    /// Migration directory → the dialect its tool records (drizzle-kit's
    /// `meta/_journal.json`), which beats detection.
    pub migration_dialects: BTreeMap<String, super::DialectChoice>,
}

fn wanted(path: &str, config: &SchemaConfig) -> bool {
    config.paths.is_empty()
        || config.paths.iter().any(|p| {
            let p = p.trim_end_matches('/');
            path == p || path.starts_with(&format!("{p}/"))
        })
}

pub fn discover(input: &Input<'_>, config: &SchemaConfig) -> Found {
    let mut found = Found::default();
    for path in input.all_paths.iter().filter(|p| wanted(p, config)) {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".sql") {
            if let Some(dir) = drizzle_kit_dir(path, input) {
                found.drizzle_kit.entry(dir).or_default().push(path.clone());
                continue;
            }
            match migration_root(path) {
                Some(root) if !is_down_migration(&lower) => {
                    found
                        .sql_migrations
                        .entry(root)
                        .or_default()
                        .push(path.clone());
                }
                Some(_) => {}
                None => found.sql_dumps.push(path.clone()),
            }
        } else if lower.ends_with(".prisma") {
            found.prisma.push(path.clone());
        } else if lower == "db/schema.rb" || lower.ends_with("/db/schema.rb") {
            found.rails_schemas.push(path.clone());
        } else if let Some(dir) = rails_migrate_dir(path) {
            found
                .rails_migrations
                .entry(dir)
                .or_default()
                .push(path.clone());
        }
    }
    // A dumped schema is the truth; migrations are only replayed without one.
    found.rails_migrations.retain(|dir, _| {
        let db = dir.trim_end_matches("migrate");
        !input.all_paths.contains(&format!("{db}schema.rb"))
            && !input.all_paths.contains(&format!("{db}structure.sql"))
    });
    for files in found.rails_migrations.values_mut() {
        files.sort_by_key(|f| natural_key(f));
    }
    for files in found.sql_migrations.values_mut() {
        files.sort_by_key(|f| natural_key(f));
    }
    let mut sqlalchemy_maybe = Vec::new();
    for (i, file) in input.files.iter().enumerate() {
        if !wanted(&file.rel, config) {
            continue;
        }
        match file.language {
            Language::Python => {
                let text = String::from_utf8_lossy(&file.bytes);
                if is_django_models(&file.rel) && imports_django(&text) {
                    found.django_models.push(i);
                } else if super::alembic::is_revision(&text) {
                    let dir = file.rel.rsplit_once('/').map_or(".", |(d, _)| d);
                    found.alembic.entry(dir.to_string()).or_default().push(i);
                } else if super::django::is_test_path(&file.rel) {
                } else if super::sqlalchemy::imports_sqlalchemy(&text) {
                    found.sqlalchemy.push(i);
                } else if super::sqlalchemy::declares_columns(&text) {
                    // `from app import db` then `db.Column(…)`: read when
                    // the repository uses SQLAlchemy at all.
                    sqlalchemy_maybe.push(i);
                }
            }
            Language::TypeScript | Language::JavaScript => {
                let text = String::from_utf8_lossy(&file.bytes);
                if super::sequelize::looks_like_models(&text) {
                    found.sequelize.push(i);
                }
                if super::knex::looks_like_knex(&text) {
                    found.knex.push(i);
                }
                if let Some(root) = migration_root(&file.rel)
                    .filter(|_| super::sequelize_migrations::looks_like_migration(&text))
                {
                    found
                        .sequelize_migrations
                        .entry(root)
                        .or_default()
                        .push(file.rel.clone());
                }
                if super::typeorm::imports_typeorm(&text) && !crate::model::is_test_file(&file.rel)
                {
                    if super::typeorm::is_migration(&text) {
                        found.typeorm_migrations.push(i);
                    } else {
                        found.typeorm.push(i);
                    }
                }
                // Test files declare throwaway models (a plugin's test
                // builds `mongoose.model('Model', …)`): not the app's schema.
                let test = crate::model::is_test_file(&file.rel);
                if !test && super::mongoose::looks_like_mongoose(&text) {
                    found.mongoose.push(i);
                }
                if !test && super::drizzle::looks_like_drizzle(&text) {
                    found.drizzle.push(i);
                }
            }
            _ => {}
        }
    }
    for files in found.sequelize_migrations.values_mut() {
        files.sort_by_key(|f| natural_key(f));
    }
    if !found.sqlalchemy.is_empty() {
        found.sqlalchemy.extend(sqlalchemy_maybe);
        found.sqlalchemy.sort_unstable();
    }
    found
}

/// The directory of a `.sql` file drizzle-kit generated: one holding
/// `meta/_journal.json`.
fn drizzle_kit_dir(path: &str, input: &Input<'_>) -> Option<String> {
    let (dir, _) = path.rsplit_once('/').unwrap_or(("", path));
    let journal = if dir.is_empty() {
        "meta/_journal.json".to_string()
    } else {
        format!("{dir}/meta/_journal.json")
    };
    input.all_paths.contains(&journal).then(|| dir.to_string())
}

/// `…/db/migrate/x.rb` → `…/db/migrate`.
fn rails_migrate_dir(path: &str) -> Option<String> {
    let (dir, name) = path.rsplit_once('/')?;
    (name.ends_with(".rb") && (dir == "db/migrate" || dir.ends_with("/db/migrate")))
        .then(|| dir.to_string())
}

/// Django's reader only reads files that import Django (`from django.db
/// import models`, `import django…`); a SQLAlchemy `models.py` is not one.
fn imports_django(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim_start();
        l.starts_with("from django") || l.starts_with("import django")
    })
}

fn is_django_models(rel: &str) -> bool {
    rel.ends_with("/models.py") || rel == "models.py" || rel.contains("/models/")
}

/// The nearest ancestor directory named like `migrations`, `migrate`,
/// `db/migration`, when a `.sql` file sits under one.
fn migration_root(path: &str) -> Option<String> {
    let parts: Vec<&str> = path.split('/').collect();
    let dirs = &parts[..parts.len().saturating_sub(1)];
    dirs.iter()
        .rposition(|d| {
            let d = d.to_ascii_lowercase();
            d.starts_with("migrat") || d == "migrate"
        })
        .map(|i| dirs[..=i].join("/"))
}

fn is_down_migration(lower: &str) -> bool {
    let name = lower.rsplit('/').next().unwrap_or(lower);
    name.ends_with(".down.sql")
        || name.ends_with("_down.sql")
        || name == "down.sql"
        || (name.starts_with('u')
            && name.contains("__")
            && name[1..].starts_with(|c: char| c.is_ascii_digit()))
}

/// Orders `V2__x` before `V10__x` and `9_a` before `10_a`: runs of digits
/// compare as numbers.
pub(super) fn natural_key(s: &str) -> Vec<(u8, u128, String)> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(&c) = chars.peek() {
        let digits = c.is_ascii_digit();
        let mut run = String::new();
        while let Some(&d) = chars.peek() {
            if d.is_ascii_digit() != digits {
                break;
            }
            run.push(d);
            chars.next();
        }
        if digits {
            out.push((0, run.parse().unwrap_or(u128::MAX), run));
        } else {
            out.push((1, 0, run));
        }
    }
    out
}

/// Reads a schema file; non-UTF-8 bytes are replaced (with a warning), an
/// unreadable or huge file is a warning.
pub fn read_text(tree: &Scan, rel: &str, warnings: &Warnings) -> Option<String> {
    match tree.size(rel) {
        Ok(len) if len > MAX_SQL_BYTES => {
            warnings.push(
                rel,
                None,
                format!(
                    "schema file is {len} bytes, over planner's limit of {MAX_SQL_BYTES}; not read"
                ),
            );
            return None;
        }
        Ok(_) => {}
        Err(e) => {
            warnings.push(rel, None, format!("cannot read schema file: {e}"));
            return None;
        }
    }
    match tree.read(rel) {
        Ok(bytes) => Some(decode(rel, bytes, warnings)),
        Err(e) => {
            warnings.push(rel, None, format!("cannot read schema file: {e}"));
            None
        }
    }
}

/// UTF-8, or lossy UTF-8 with a warning naming the first bad line.
pub fn decode(rel: &str, bytes: Vec<u8>, warnings: &Warnings) -> String {
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
            warnings.push(
                rel,
                Some(line),
                "schema file is not valid UTF-8; bad bytes were replaced with U+FFFD",
            );
            String::from_utf8_lossy(&bytes).into_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migration_files_sort_numerically() {
        let mut files = vec!["m/V10__c.sql", "m/V2__b.sql", "m/V1__a.sql"];
        files.sort_by_key(|f| natural_key(f));
        assert_eq!(files, ["m/V1__a.sql", "m/V2__b.sql", "m/V10__c.sql"]);
    }

    #[test]
    fn sql_under_a_migrations_directory_is_a_migration() {
        assert_eq!(
            migration_root("db/migrations/001/up.sql").as_deref(),
            Some("db/migrations")
        );
        assert_eq!(migration_root("db/structure.sql"), None);
        assert!(is_down_migration("db/migrations/001.down.sql"));
        assert!(!is_down_migration("db/migrations/001.up.sql"));
    }
}
