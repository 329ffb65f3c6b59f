//! Mongoose and Drizzle on hand-written fixtures (testdata/schema/
//! mongoose_app, drizzle_app): collections and tables, references and keys,
//! warnings for what cannot be read statically, drizzle-kit SQL not read
//! twice, and table access through model imports.
mod common;
use common::*;
use planner::app::{analyze, RunOptions};
use planner::config::Config;
use planner::schema::{ForeignKey, RelationKind};
use std::path::Path;

fn analysis_of(fixture: &str) -> planner::analysis::Analysis {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/schema")
        .join(fixture);
    analyze(
        &root,
        &Config::default(),
        &RunOptions {
            progress: false,
            history: false,
            ..RunOptions::default()
        },
    )
    .expect("fixture analyses")
}

fn key(f: &ForeignKey) -> String {
    format!(
        "{}({})->{}({})",
        f.from_table,
        f.from_columns.join(","),
        f.to_table,
        f.to_columns.join(",")
    )
}

fn warnings(a: &planner::analysis::Analysis) -> Vec<String> {
    a.warnings
        .iter()
        .map(|w| format!("{}:{} {}", w.path, w.line.unwrap_or(0), w.message))
        .collect()
}

#[test]
fn mongoose_models_give_collections_and_references() {
    let a = analysis_of("mongoose_app");
    let s = a.schema.as_ref().expect("a schema");
    let names: Vec<&str> = s.tables.iter().map(|t| t.name.as_str()).collect();
    // Checked against mongoose 8.24.10 itself (docs/schema.md): the same
    // collections, less the model whose name comes from the environment.
    assert_eq!(
        names,
        [
            "cartitems",
            "carts",
            "catalog_products",
            "companies",
            "coupons",
            "merchants",
            "people",
            "product_categories",
            "users"
        ]
    );
    assert!(s
        .tables
        .iter()
        .all(|t| t.kind.as_deref() == Some("collection") && t.primary_key == ["_id"]));
    let keys: Vec<String> = s.foreign_keys.iter().map(key).collect();
    assert_eq!(
        keys,
        [
            "cartitems(product)->catalog_products(_id)",
            "carts(coupons)->coupons(_id)",
            "carts(products.product)->catalog_products(_id)",
            "carts(user)->users(_id)",
            "catalog_products(category)->product_categories(_id)",
            "catalog_products(lines.supplier)->companies(_id)",
            "people(employer)->companies(_id)",
            "users(home.manager)->companies(_id)",
            "users(merchant)->merchants(_id)",
            "users(profile.company)->companies(_id)",
        ]
    );
    assert!(s
        .foreign_keys
        .iter()
        .all(|k| k.kind == RelationKind::Reference));
    let users = s.tables.iter().find(|t| t.name == "users").unwrap();
    let cols: Vec<&str> = users.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        cols,
        [
            "_id",
            "email",
            "merchant",
            "profile.avatar",
            "profile.company",
            "home",
            "createdAt",
            "updatedAt"
        ]
    );
    let w = warnings(&a);
    for needle in [
        "server/models/cart.js:18 Mongoose path \"owner\" uses refPath",
        "server/models/catalog.ts:33 Mongoose model name is not a string literal",
    ] {
        assert!(w.iter().any(|x| x.starts_with(needle)), "{needle}: {w:?}");
    }
    let source = &s.sources[0];
    assert_eq!(
        (source.kind.as_str(), source.tables, source.foreign_keys),
        ("mongoose", 9, 10)
    );
}

#[test]
fn drizzle_tables_keys_and_generated_sql_read_once() {
    let a = analysis_of("drizzle_app");
    let s = a.schema.as_ref().expect("a schema");
    let names: Vec<&str> = s.tables.iter().map(|t| t.name.as_str()).collect();
    // `dropped_later` lives only in packages/db/drizzle, drizzle-kit's SQL
    // for the schema read from TypeScript: not read. packages/legacy has no
    // Drizzle schema: its generated SQL is replayed as migrations.
    assert_eq!(
        names,
        [
            "audit_events",
            "auth.sessions",
            "folders",
            "memberships",
            "teams",
            "users"
        ]
    );
    let keys: Vec<String> = s.foreign_keys.iter().map(key).collect();
    assert_eq!(
        keys,
        [
            "audit_events(team_id)->teams(team_id)",
            "auth.sessions(user_id)->users(id)",
            "folders(parent_id)->folders(id)",
            "memberships(team_id)->teams(team_id)",
            "memberships(user_id)->users(id)",
            "users(team_id)->teams(team_id)",
        ]
    );
    let memberships = s.tables.iter().find(|t| t.name == "memberships").unwrap();
    assert_eq!(memberships.primary_key, ["user_id", "team_id"]);
    // `...timestamps` from shared.ts, and a column named by its property.
    let teams = s.tables.iter().find(|t| t.name == "teams").unwrap();
    let cols: Vec<(&str, bool)> = teams
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c.nullable))
        .collect();
    assert_eq!(
        cols,
        [
            ("team_id", false),
            ("name", false),
            ("created_at", false),
            ("updated_at", true)
        ]
    );
    let folders = s.tables.iter().find(|t| t.name == "folders").unwrap();
    assert!(folders.columns.iter().any(|c| c.name == "slug" && c.unique));
    let kinds: Vec<(&str, &str, Option<&str>)> = s
        .sources
        .iter()
        .map(|x| (x.kind.as_str(), x.path.as_str(), x.dialect.as_deref()))
        .collect();
    // The replayed directory takes the dialect drizzle-kit's journal records.
    assert_eq!(
        kinds,
        [
            ("drizzle", "packages/db/src/schema", None),
            (
                "sql_migrations",
                "packages/legacy/drizzle",
                Some("postgres")
            )
        ]
    );
    let w = warnings(&a);
    assert!(
        w.iter().any(|x| x.starts_with(
            "packages/db/src/schema/users/user.ts:58 Drizzle table name is not a string literal"
        )),
        "{w:?}"
    );
}

#[test]
fn planner_schema_reports_collections_and_model_access() {
    let root = fixture("schema/mongoose_app");
    let out = run(&["schema", root.to_str().unwrap(), "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("9 tables, 10 foreign keys"), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["tables"][0]["kind"], "collection");
    assert_eq!(v["foreign_keys"][0]["kind"], "reference");
    // `require('../../server/models/cart')` reaches both models of the file;
    // `mongoose.model('User')` reaches `users`.
    let access: Vec<(String, String)> = v["access"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["module"].as_str().unwrap().to_string(),
                a["table"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        access,
        [
            ("plugins/report".to_string(), "cartitems".to_string()),
            ("plugins/report".to_string(), "carts".to_string()),
            ("plugins/report".to_string(), "users".to_string())
        ]
    );

    // Drizzle: an import through two barrels reaches the one table named.
    let root = fixture("schema/drizzle_app");
    let out = run(&["schema", root.to_str().unwrap(), "--format", "json", "-q"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let access = v["access"].as_array().unwrap();
    assert_eq!(access.len(), 1, "{access:?}");
    assert_eq!(access[0]["module"], "apps/web");
    assert_eq!(access[0]["table"], "teams");
    assert!(v["tables"][0].get("kind").is_none());
}

#[test]
fn truncated_deep_and_binary_files_are_warnings_not_crashes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |rel: &str, text: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    let deep = format!("{}String{}", "{ a:\n".repeat(3000), "\n}".repeat(3000));
    write(
        "models/deep.js",
        &format!(
            "const mongoose = require('mongoose');\nconst S = new mongoose.Schema({{ x: {deep}, y: {{ type: mongoose.Schema.Types.ObjectId, ref: 'Deep' }} }});\nmodule.exports = mongoose.model('Deep', S);\n"
        ),
    );
    write(
        "models/cut.js",
        "const mongoose = require('mongoose');\nconst S = new mongoose.Schema({ a: { type: String, ref: 'X' }, b: [[[[\n",
    );
    write(
        "db/table.ts",
        "import { pgTable, text } from \"drizzle-orm/pg-core\";\nexport const t = pgTable(\"t\", { id: text(\"id\").references(() => nowhere.id) });\nexport const u = pgTable(\"u\", { x: ",
    );
    let out = run(&["schema", root.to_str().unwrap(), "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    for needle in [
        "models/cut.js:2: syntax error in a Mongoose model file",
        "db/table.ts:3: syntax error in a Drizzle schema file",
        "db/table.ts:2: key of Drizzle table \"t\" points at nowhere.id",
        "deeper paths are not read",
    ] {
        assert!(err.contains(needle), "{needle}: {err}");
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = v["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["deeps", "t"]);
    assert_eq!(v["foreign_keys"][0]["from_columns"][0], "y");
}
