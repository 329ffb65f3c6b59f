//! `planner schema` end to end, running the real binary.

use std::path::PathBuf;
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/schema")
        .join(name)
}

fn planner(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_planner"))
        .args(args)
        .env(
            "GIT_CEILING_DIRECTORIES",
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata"),
        )
        .output()
        .expect("planner runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn json_format_prints_the_schema_section() {
    let repo = fixture("pg_dump");
    let (code, out, err) = planner(&["schema", repo.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["tables"].as_array().unwrap().len(), 6);
    assert!(err.contains("6 tables, 5 foreign keys"));
}

#[test]
fn mermaid_format_prints_a_quoted_er_diagram() {
    let repo = fixture("django_shop");
    let (code, out, _) = planner(&[
        "schema",
        repo.to_str().unwrap(),
        "--format",
        "mermaid",
        "--module",
        "billing",
        "-q",
    ]);
    assert_eq!(code, 0);
    assert!(out.starts_with("erDiagram\n"));
    assert!(out.contains("\"payments_invoice\" {"));
    // The cross-module key to shop's table is drawn, with shop's table shown.
    assert!(
        out.contains("\"payments_invoice\" }o..|| \"shop_order\" : \"order_id\""),
        "{out}"
    );
}

#[test]
fn markdown_format_has_order_ownership_and_diagrams() {
    let repo = fixture("django_shop");
    let (code, out, _) = planner(&["schema", repo.to_str().unwrap(), "-q"]);
    assert_eq!(code, 0);
    for needle in [
        "## Schema",
        "### Data migration order",
        "`reporting` reads",
        "```mermaid",
        "#### billing",
    ] {
        assert!(out.contains(needle), "missing {needle}");
    }
}

#[test]
fn analyze_report_gains_the_schema_section() {
    let repo = fixture("rails_app");
    let out_dir = tempfile::tempdir().unwrap();
    let (code, _, err) = planner(&[
        "analyze",
        repo.to_str().unwrap(),
        "--out",
        out_dir.path().to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(code, 0, "{err}");
    let report = std::fs::read_to_string(out_dir.path().join("report.md")).unwrap();
    assert!(report.contains("## Schema") && report.contains("erDiagram"));
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out_dir.path().join("analysis.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json["schema"]["foreign_keys"].as_array().unwrap().len(), 4);
}

#[test]
fn typeorm_app_end_to_end() {
    let repo = fixture("typeorm_app");
    let (code, out, err) = planner(&["schema", repo.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["tables"].as_array().unwrap().len(), 10);
    assert_eq!(v["foreign_keys"].as_array().unwrap().len(), 12);
    assert!(err.contains("10 tables, 12 foreign keys"), "{err}");
    // The entity a factory builds is a warning with file:line.
    assert!(
        err.contains("src/plugins/dynamic.entity.ts:4: TypeORM entity TenantRow is declared inside a function"),
        "{err}"
    );
    // Entities win over the migrations; where they differ, planner says so.
    assert!(
        err.contains("src/users/profile.entity.ts:6: TypeORM entity and migrations disagree on the keys of profile"),
        "{err}"
    );
    assert!(
        err.contains(
            "src/users/user.entity.ts: TypeORM entity table users is created by no migration"
        ),
        "{err}"
    );
}

#[test]
fn unknown_dialect_flag_is_a_usage_error() {
    let repo = fixture("pg_dump");
    let (code, _, err) = planner(&["schema", repo.to_str().unwrap(), "--dialect", "cobol"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown SQL dialect"));
}

#[test]
fn a_repository_without_schema_is_an_error_that_says_what_planner_reads() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.py"), "x = 1\n").unwrap();
    let (code, _, err) = planner(&["schema", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("found no schema"));
}

#[test]
fn schema_reads_sqlalchemy_models_and_replays_alembic() {
    let repo = fixture("flask_app");
    let (code, out, err) = planner(&["schema", repo.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let sources: Vec<(&str, u64, u64)> = v["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["kind"].as_str().unwrap(),
                s["tables"].as_u64().unwrap(),
                s["foreign_keys"].as_u64().unwrap(),
            )
        })
        .collect();
    // Alembic ends with the same 9 tables; 9 keys were added along the way,
    // one of them dropped again.
    assert_eq!(sources, [("sqlalchemy", 9, 8), ("alembic", 9, 9)]);
    assert!(err.contains("9 tables, 8 foreign keys"), "{err}");
    // No disagreement between models and migrations; the loop is flagged.
    assert!(!err.contains("differs from the SQLAlchemy models"), "{err}");
    assert!(
        err.contains("e5_merge.py:28: op.add_column inside a loop"),
        "{err}"
    );
}
