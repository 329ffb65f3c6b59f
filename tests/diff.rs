//! `planner diff` end to end: a fixture history whose head commit adds a
//! forbidden cross-module import, a new module cycle, a cross-module foreign
//! key and a read of another module's table, and leaves out a file that
//! historically changes with one it touches. Each must be reported, with its
//! location, in Markdown, JSON and SARIF, with the right exit codes.

mod history_support;

use git2::Oid;
use history_support::{cache_dir, planner, stderr, TestRepo};
use serde_json::Value;

const AUTHOR: &str = "Ada <ada@example.com>";

const CONFIG: &str = r#"
[modules.declare]
billing = ["billing/**"]
catalog = ["catalog/**"]
orders = ["orders/**"]

[schema.owners]
products = "catalog"
invoices = "billing"

[history]
min_revs = 2
min_shared_revs = 2

[diff]
cochange_min_shared = 2

[policy]
no_new_cycles = true

[[policy.forbidden]]
from = "catalog"
to = "billing"
reason = "catalog must stay free of billing"
"#;

const SCHEMA_BASE: &str = "CREATE TABLE products (id int PRIMARY KEY);\n\
CREATE TABLE invoices (id int PRIMARY KEY, product_id int);\n";

struct Fixture {
    repo: TestRepo,
    base: Oid,
    head: Oid,
}

/// Base: three modules, `orders` → `catalog`; `catalog/models.py` and
/// `catalog/views.py` always change together. Head: one commit with the
/// four problems.
fn fixture(config: &str) -> Fixture {
    let mut repo = TestRepo::new();
    repo.commit(
        AUTHOR,
        "start",
        &[
            ("planner.toml", Some(config)),
            ("schema.sql", Some(SCHEMA_BASE)),
            ("billing/__init__.py", Some("")),
            ("billing/invoice.py", Some("class Invoice:\n    pass\n")),
            ("catalog/__init__.py", Some("")),
            ("catalog/models.py", Some("class Product:\n    pass\n")),
            (
                "catalog/views.py",
                Some("from catalog.models import Product\n"),
            ),
            ("catalog/pricing.py", Some("RATE = 1\n")),
            ("orders/__init__.py", Some("")),
            (
                "orders/service.py",
                Some("from catalog.models import Product\n"),
            ),
            ("orders/report.py", Some("def total():\n    return 0\n")),
        ],
    );
    for i in 1..=3 {
        repo.commit(
            AUTHOR,
            &format!("products v{i}"),
            &[
                (
                    "catalog/models.py",
                    Some(&format!("class Product:\n    version = {i}\n")),
                ),
                (
                    "catalog/views.py",
                    Some(&format!(
                        "from catalog.models import Product\n\nVERSION = {i}\n"
                    )),
                ),
            ],
        );
    }
    let base = repo.repo.head().unwrap().peel_to_commit().unwrap().id();
    let head = repo.commit(
        AUTHOR,
        "pricing from invoices, products know orders",
        &[
            // Forbidden: catalog → billing, line 2.
            (
                "catalog/pricing.py",
                Some("RATE = 1\nfrom billing.invoice import Invoice\n"),
            ),
            // New cycle catalog ⇄ orders, closed on line 1; views.py, which
            // always changed with models.py, is left out.
            (
                "catalog/models.py",
                Some("from orders.service import place\n\nclass Product:\n    version = 4\n"),
            ),
            // A foreign key from billing's table to catalog's, line 3.
            (
                "schema.sql",
                Some(&format!(
                    "{SCHEMA_BASE}ALTER TABLE invoices ADD CONSTRAINT fk_product FOREIGN KEY (product_id) REFERENCES products (id);\n"
                )),
            ),
            // orders reads billing's table, line 3.
            (
                "orders/report.py",
                Some("def total(cursor):\n    cursor.execute(\n        \"SELECT id FROM invoices\")\n"),
            ),
        ],
    );
    Fixture { repo, base, head }
}

fn diff(fx: &Fixture, cache: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let base = fx.base.to_string();
    let mut args = vec![
        "diff",
        fx.repo.path().to_str().unwrap(),
        "--base",
        base.as_str(),
        "--no-progress",
    ];
    args.extend_from_slice(extra);
    planner(&args, cache)
}

fn json_report(fx: &Fixture, cache: &std::path::Path, extra: &[&str]) -> (Value, i32) {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    let out = diff(fx, cache, &args);
    let code = out.status.code().unwrap();
    let value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("JSON ({e}): {}", stderr(&out)));
    (value, code)
}

#[test]
fn head_commit_problems_are_reported_in_json_with_locations_and_exit_1() {
    let fx = fixture(CONFIG);
    let (_c, cache) = cache_dir();
    let head = fx.head.to_string();
    let (r, code) = json_report(&fx, &cache, &["--head", &head]);
    assert_eq!(code, 1, "{r:#}");
    assert_eq!(r["passed"], false);

    let violations = r["violations"].as_array().unwrap();
    let forbidden = violations
        .iter()
        .find(|v| v["rule"] == "forbidden")
        .expect("forbidden violation");
    assert_eq!(forbidden["file"], "catalog/pricing.py");
    assert_eq!(forbidden["line"], 2);
    assert_eq!(
        forbidden["subject"],
        "catalog/pricing.py -> billing/invoice.py"
    );
    let cycle = violations
        .iter()
        .find(|v| v["rule"] == "cycle")
        .expect("cycle violation");
    // Cycles are accepted and blamed link by link: the new link closes it.
    assert_eq!(cycle["subject"], "catalog -> orders");
    assert_eq!(cycle["file"], "catalog/models.py");
    assert_eq!(cycle["line"], 1);
    assert_eq!(violations.len(), 2, "{violations:#?}");

    assert_eq!(
        r["new_cycles"][0]["modules"],
        serde_json::json!(["catalog", "orders"])
    );
    let added: Vec<String> = r["edges_added"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}:{} -> {}",
                e["from"].as_str().unwrap(),
                e["lines"][0],
                e["to"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        added,
        [
            "catalog/models.py:1 -> orders/service.py",
            "catalog/pricing.py:2 -> billing/invoice.py"
        ]
    );
    assert_eq!(r["edges_removed"].as_array().unwrap().len(), 0);

    let fk = &r["foreign_keys_added"][0];
    assert_eq!(fk["from_table"], "invoices");
    assert_eq!(fk["to_table"], "products");
    assert_eq!(fk["from_module"], "billing");
    assert_eq!(fk["to_module"], "catalog");
    assert_eq!(fk["file"], "schema.sql");
    assert_eq!(fk["line"], 3);
    assert_eq!(r["foreign_keys_added"].as_array().unwrap().len(), 1);

    let access = &r["table_access_added"][0];
    assert_eq!(access["module"], "orders");
    assert_eq!(access["table"], "invoices");
    assert_eq!(access["owner"], "billing");
    assert_eq!(access["mode"], "read");
    assert_eq!(access["file"], "orders/report.py");

    let missing = r["missing_cochanges"].as_array().unwrap();
    assert_eq!(missing.len(), 1, "{missing:#?}");
    assert_eq!(missing[0]["file"], "catalog/views.py");
    assert_eq!(missing[0]["changed_with"], "catalog/models.py");
    assert_eq!(missing[0]["degree"], 100);
    assert_eq!(missing[0]["shared_revs"], 4);

    let modules: Vec<&str> = r["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["module"].as_str().unwrap())
        .collect();
    assert_eq!(modules, ["catalog", "orders"]);
    let catalog = &r["modules"][0];
    assert!(
        catalog["difficulty_change"].as_f64().unwrap() > 0.0,
        "{catalog}"
    );
    assert_eq!(r["head"]["commit"], head);
}

#[test]
fn working_tree_head_gives_the_same_report_as_the_head_commit() {
    let fx = fixture(CONFIG);
    let (_c, cache) = cache_dir();
    let head = fx.head.to_string();
    let (by_ref, _) = json_report(&fx, &cache, &["--head", &head]);
    let (by_tree, code) = json_report(&fx, &cache, &[]);
    assert_eq!(code, 1);
    assert_eq!(by_tree["head"]["spec"], "working tree");
    for key in [
        "changed_files",
        "modules",
        "edges_added",
        "edges_removed",
        "new_cycles",
        "foreign_keys_added",
        "table_access_added",
        "missing_cochanges",
        "violations",
    ] {
        assert_eq!(by_ref[key], by_tree[key], "{key}");
    }
}

#[test]
fn markdown_names_every_problem_with_its_location() {
    let fx = fixture(CONFIG);
    let (_c, cache) = cache_dir();
    let out = diff(&fx, &cache, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let md = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "❌ **2 policy problems**",
        "**forbidden** `catalog/pricing.py:2`",
        "**cycle** `catalog/models.py:1`",
        "`catalog/models.py:1` (catalog) → `orders/service.py` (orders)",
        "`schema.sql:3`: `invoices`(product_id) (billing) → `products` (catalog)",
        "`orders/report.py:3`: orders reads `invoices`, owned by billing",
        "`catalog/views.py` changed with `catalog/models.py` in 4 past changes (100 % coupling)",
        "<details><summary>Details</summary>",
        "```mermaid\nflowchart LR",
    ] {
        assert!(md.contains(needle), "missing {needle:?} in:\n{md}");
    }
    // The diagram: the new link catalog → billing, and the cycle's link in red.
    assert!(md.contains("m_catalog ==>|\"+1\"| m_billing"), "{md}");
    assert!(md.contains("linkStyle"), "{md}");
}

#[test]
fn sarif_locates_every_problem() {
    let fx = fixture(CONFIG);
    let (_c, cache) = cache_dir();
    let out = diff(&fx, &cache, &["--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let find = |rule: &str| -> (String, u64, String) {
        let r = results
            .iter()
            .find(|r| r["ruleId"] == rule)
            .unwrap_or_else(|| panic!("no {rule} in {results:#?}"));
        let loc = &r["locations"][0]["physicalLocation"];
        (
            loc["artifactLocation"]["uri"].as_str().unwrap().to_string(),
            loc["region"]["startLine"].as_u64().unwrap(),
            r["level"].as_str().unwrap().to_string(),
        )
    };
    assert_eq!(
        find("forbidden-dependency"),
        ("catalog/pricing.py".into(), 2, "error".into())
    );
    assert_eq!(
        find("new-module-cycle"),
        ("catalog/models.py".into(), 1, "error".into())
    );
    assert_eq!(
        find("cross-module-foreign-key"),
        ("schema.sql".into(), 3, "warning".into())
    );
    assert_eq!(
        find("foreign-table-access"),
        ("orders/report.py".into(), 3, "note".into())
    );
    let missing = results
        .iter()
        .find(|r| r["ruleId"] == "missing-co-change")
        .unwrap();
    assert!(missing["message"]["text"]
        .as_str()
        .unwrap()
        .contains("catalog/views.py"));
    assert_eq!(
        missing["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "catalog/models.py"
    );
    // Every ruleIndex points at its rule.
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    for r in results {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
    }
}

#[test]
fn all_three_reports_can_be_written_in_one_run() {
    let fx = fixture(CONFIG);
    let (_c, cache) = cache_dir();
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("r.md");
    let json = dir.path().join("r.json");
    let sarif = dir.path().join("r.sarif");
    let out = diff(
        &fx,
        &cache,
        &[
            "-q",
            "--markdown-out",
            md.to_str().unwrap(),
            "--json-out",
            json.to_str().unwrap(),
            "--sarif-out",
            sarif.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(&md).unwrap(),
        String::from_utf8(out.stdout).unwrap()
    );
    let j: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(j["violations"].as_array().unwrap().len(), 2);
    let s: Value = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(s["version"], "2.1.0");
}

#[test]
fn no_change_is_clean_and_exits_0() {
    let fx = fixture(CONFIG);
    let (_c, cache) = cache_dir();
    let head = fx.head.to_string();
    let out = planner(
        &[
            "diff",
            fx.repo.path().to_str().unwrap(),
            "--base",
            &head,
            "--format",
            "json",
        ],
        &cache,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["passed"], true);
    assert_eq!(r["changed_files"].as_array().unwrap().len(), 0);
    // The cycle exists at both revisions: accepted, not new (the forbidden
    // import and the cycle's two links).
    assert_eq!(r["accepted_violations"], 3);
}

#[test]
fn without_policies_problems_are_reported_but_do_not_fail() {
    let config = CONFIG.split("[policy]").next().unwrap();
    let fx = fixture(config);
    let (_c, cache) = cache_dir();
    let (r, code) = json_report(&fx, &cache, &[]);
    assert_eq!(code, 0);
    assert_eq!(r["new_cycles"].as_array().unwrap().len(), 1);
    assert_eq!(r["violations"].as_array().unwrap().len(), 0);
    assert!(r["notes"][0].as_str().unwrap().contains("no [policy]"));
}

#[test]
fn usage_and_input_errors_exit_2() {
    let fx = fixture(CONFIG);
    let (_c, cache) = cache_dir();
    let out = diff(&fx, &cache, &["--head", "no-such-branch"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot find --head \"no-such-branch\""));
    let out = planner(&["diff", fx.repo.path().to_str().unwrap()], &cache);
    assert_eq!(out.status.code(), Some(2), "--base is required");
    let not_git = tempfile::tempdir().unwrap();
    let out = planner(
        &["diff", not_git.path().to_str().unwrap(), "--base", "HEAD"],
        &cache,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not inside a git repository"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn baseline_accepts_listed_violations_and_fails_on_stale_entries() {
    let config = CONFIG.replace(
        "[policy]\n",
        "[policy]\nbaseline = \"planner-baseline.toml\"\n",
    );
    let fx = fixture(&config);
    let (_c, cache) = cache_dir();
    let root = fx.repo.path();
    // No baseline file yet: an input error that says how to make one.
    let out = diff(&fx, &cache, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--update-baseline"),
        "{}",
        stderr(&out)
    );

    let out = diff(&fx, &cache, &["--update-baseline"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(root.join("planner-baseline.toml")).unwrap();
    assert!(
        text.contains("subject = \"catalog/pricing.py -> billing/invoice.py\""),
        "{text}"
    );
    assert!(text.contains("subject = \"catalog -> orders\""), "{text}");
    assert!(text.contains("subject = \"orders -> catalog\""), "{text}");

    let (r, code) = json_report(&fx, &cache, &[]);
    assert_eq!(code, 0, "{r:#}");
    assert_eq!(r["accepted_violations"], 3);

    // An entry nothing violates any more is stale, and fails the check.
    let stale = format!(
        "{text}\n[[accepted]]\nrule = \"forbidden\"\nsubject = \"catalog/old.py -> billing/invoice.py\"\n"
    );
    std::fs::write(root.join("planner-baseline.toml"), stale).unwrap();
    let (r, code) = json_report(&fx, &cache, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        r["stale_baseline"][0]["subject"],
        "catalog/old.py -> billing/invoice.py"
    );
    let out = diff(&fx, &cache, &["--format", "sarif"]);
    let s: Value = serde_json::from_slice(&out.stdout).unwrap();
    let result = &s["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "stale-baseline-entry");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "planner-baseline.toml"
    );
}

#[test]
fn extracted_module_rejects_new_inbound_dependencies() {
    let config = CONFIG.replace("no_new_cycles = true", "extracting = [\"billing\"]");
    let config = config
        .split("[[policy.forbidden]]")
        .next()
        .unwrap()
        .to_string();
    let fx = fixture(&config);
    let (_c, cache) = cache_dir();
    let (r, code) = json_report(&fx, &cache, &[]);
    assert_eq!(code, 1);
    let v = &r["violations"].as_array().unwrap();
    assert_eq!(v.len(), 1, "{v:#?}");
    assert_eq!(v[0]["rule"], "extracting");
    assert_eq!(v[0]["file"], "catalog/pricing.py");
    assert_eq!(v[0]["line"], 2);
}

#[test]
fn difficulty_increase_over_the_limit_fails() {
    let config = CONFIG.replace("no_new_cycles = true", "max_difficulty_increase = 0.0");
    let config = config
        .split("[[policy.forbidden]]")
        .next()
        .unwrap()
        .to_string();
    let fx = fixture(&config);
    let (_c, cache) = cache_dir();
    let (r, code) = json_report(&fx, &cache, &[]);
    assert_eq!(code, 1);
    let v = r["violations"].as_array().unwrap();
    assert!(v.iter().all(|v| v["rule"] == "difficulty"), "{v:#?}");
    assert!(v.iter().any(|v| v["subject"] == "catalog"), "{v:#?}");
}

#[test]
fn the_repository_is_left_untouched() {
    let fx = fixture(CONFIG);
    let (_c, cache) = cache_dir();
    let before = git_status(&fx);
    let out = diff(&fx, &cache, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(git_status(&fx), before);
    assert!(before.is_empty(), "{before:?}");
}

fn git_status(fx: &Fixture) -> Vec<String> {
    let statuses = fx.repo.repo.statuses(None).unwrap();
    statuses
        .iter()
        .map(|s| format!("{:?} {}", s.status(), s.path().unwrap_or("")))
        .collect()
}

#[test]
#[ignore = "prints the fixture's reports for a human to read"]
fn print_fixture_reports() {
    let fx = fixture(CONFIG);
    let (_c, cache) = cache_dir();
    for format in ["markdown", "sarif"] {
        let out = diff(&fx, &cache, &["--format", format]);
        println!("{}", String::from_utf8_lossy(&out.stdout));
    }
}

fn sarif_validator() -> jsonschema::Validator {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/sarif/sarif-schema-2.1.0.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::draft4::new(&schema).expect("the SARIF schema compiles")
}

#[test]
fn sarif_output_validates_against_the_sarif_2_1_0_schema() {
    let validator = sarif_validator();
    let config = CONFIG.replace("[policy]\n", "[policy]\nbaseline = \"b.toml\"\n");
    let fx = fixture(&config);
    let (_c, cache) = cache_dir();
    // A stale baseline entry too, so every kind of result is in the log.
    std::fs::write(
        fx.repo.path().join("b.toml"),
        "[[accepted]]\nrule = \"forbidden\"\nsubject = \"x.py -> y.py\"\n",
    )
    .unwrap();
    let out = diff(&fx, &cache, &["--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: std::collections::BTreeSet<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    // Both added imports are violations, so no separate import notes.
    assert_eq!(
        rules.into_iter().collect::<Vec<_>>(),
        [
            "cross-module-foreign-key",
            "forbidden-dependency",
            "foreign-table-access",
            "missing-co-change",
            "new-module-cycle",
            "stale-baseline-entry"
        ]
    );
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    // Without policies: import notes and a warning-level cycle instead.
    let fx = fixture(CONFIG.split("[policy]").next().unwrap());
    let out = diff(&fx, &cache, &["--format", "sarif"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "cross-module-import"));
    assert!(results
        .iter()
        .any(|r| r["ruleId"] == "new-module-cycle" && r["level"] == "warning"));
    assert_eq!(validator.iter_errors(&sarif).count(), 0);
}

#[test]
fn the_schema_check_rejects_invalid_sarif() {
    // The validator is not vacuous: a result without a message, a bad level
    // and a string line number are all caught.
    let validator = sarif_validator();
    let bad = serde_json::json!({
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": { "name": "planner" } },
            "results": [{
                "ruleId": "x",
                "level": "fatal",
                "locations": [{ "physicalLocation": {
                    "artifactLocation": { "uri": "a.py" },
                    "region": { "startLine": "1" }
                }}]
            }]
        }]
    });
    assert!(validator.iter_errors(&bad).count() >= 3);
}

#[test]
fn added_and_deleted_files_are_read_at_their_own_revision() {
    let config = CONFIG.split("[policy]").next().unwrap();
    let mut fx = fixture(config);
    let (_c, cache) = cache_dir();
    let before = fx.head;
    fx.head = fx.repo.commit(
        AUTHOR,
        "move the order service",
        &[
            ("orders/service.py", None),
            (
                "billing/tax.py",
                Some("import os\nfrom catalog.models import Product\n"),
            ),
        ],
    );
    fx.base = before;
    let (r, code) = json_report(&fx, &cache, &[]);
    assert_eq!(code, 0);
    let changed: Vec<String> = r["changed_files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {} {}",
                f["status"].as_str().unwrap(),
                f["path"].as_str().unwrap(),
                f["module"].as_str().unwrap_or("-")
            )
        })
        .collect();
    assert_eq!(
        changed,
        [
            "added billing/tax.py billing",
            "deleted orders/service.py orders"
        ]
    );
    assert_eq!(r["edges_added"][0]["from"], "billing/tax.py");
    assert_eq!(r["edges_added"][0]["lines"][0], 2);
    let removed: Vec<&str> = r["edges_removed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["from"].as_str().unwrap())
        .collect();
    // The base's orders/service.py imported catalog/models.py; with it gone,
    // the cycle's closing import from catalog/models.py is gone too.
    assert_eq!(removed, ["catalog/models.py", "orders/service.py"]);
}

#[test]
fn a_missing_blob_at_the_base_is_a_warning_naming_the_file() {
    let fx = fixture(CONFIG);
    let (_c, cache) = cache_dir();
    // The base's catalog/pricing.py, as a partial clone might lack it.
    let blob = fx.repo.blob_id("RATE = 1\n");
    fx.repo.remove_object(blob);
    let (r, code) = json_report(&fx, &cache, &["--no-cache"]);
    assert_eq!(code, 1, "the rest of the report still stands");
    let warning = r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["path"] == "catalog/pricing.py")
        .unwrap_or_else(|| panic!("{:#}", r["warnings"]));
    assert!(
        warning["message"].as_str().unwrap().contains("missing"),
        "{warning}"
    );
    assert_eq!(r["foreign_keys_added"].as_array().unwrap().len(), 1);
}

#[test]
fn untracked_hidden_and_vendored_files_are_not_part_of_the_change() {
    let fx = fixture(CONFIG);
    let (_c, cache) = cache_dir();
    let root = fx.repo.path();
    std::fs::create_dir_all(root.join(".planner-cache")).unwrap();
    std::fs::write(root.join(".planner-cache/history.redb"), "x").unwrap();
    std::fs::create_dir_all(root.join("node_modules/pkg")).unwrap();
    std::fs::write(
        root.join("node_modules/pkg/index.js"),
        "module.exports = 1;\n",
    )
    .unwrap();
    // An untracked source file the scan does see is part of the working tree.
    std::fs::write(
        root.join("orders/draft.py"),
        "from billing.invoice import Invoice\n",
    )
    .unwrap();
    let (r, _) = json_report(&fx, &cache, &[]);
    let paths: Vec<&str> = r["changed_files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "catalog/models.py",
            "catalog/pricing.py",
            "orders/draft.py",
            "orders/report.py",
            "schema.sql"
        ]
    );
}

#[test]
fn shallow_clone_without_the_base_is_an_input_error_with_the_fix() {
    let fx = fixture(CONFIG);
    let (_c, cache) = cache_dir();
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", fx.repo.path().display());
    for (depth, expect) in [("1", 2), ("2", 1)] {
        let dest = clone.path().join(depth);
        let status = std::process::Command::new("git")
            .args([
                "clone",
                "-q",
                "--depth",
                depth,
                &url,
                dest.to_str().unwrap(),
            ])
            .status()
            .expect("git is installed");
        assert!(status.success());
        let out = planner(
            &[
                "diff",
                dest.to_str().unwrap(),
                "--base",
                "HEAD~1",
                "--format",
                "json",
            ],
            &cache,
        );
        assert_eq!(out.status.code(), Some(expect), "{}", stderr(&out));
        if expect == 2 {
            let err = stderr(&out);
            assert!(
                err.contains("shallow clone") && err.contains("fetch-depth: 0"),
                "{err}"
            );
        } else {
            // The base is there but most history is not: a warning and a note.
            assert!(stderr(&out).contains("shallow clone"), "{}", stderr(&out));
            let r: Value = serde_json::from_slice(&out.stdout).unwrap();
            assert!(r["notes"][0].as_str().unwrap().contains("shallow"), "{r:#}");
            assert_eq!(r["violations"].as_array().unwrap().len(), 2);
        }
    }
}

#[test]
fn a_subdirectory_of_the_work_tree_reports_repo_root_paths_in_sarif() {
    let mut repo = TestRepo::new();
    let base = repo.commit(
        AUTHOR,
        "start",
        &[
            ("app/a/__init__.py", Some("")),
            ("app/a/x.py", Some("X = 1\n")),
            ("app/b/__init__.py", Some("")),
            ("app/b/y.py", Some("Y = 1\n")),
            ("README.md", Some("outside the analysed folder\n")),
        ],
    );
    repo.commit(
        AUTHOR,
        "a uses b",
        &[("app/a/x.py", Some("from b.y import Y\nX = Y\n"))],
    );
    let (_c, cache) = cache_dir();
    let app = repo.path().join("app");
    let base = base.to_string();
    let args = [
        "diff",
        app.to_str().unwrap(),
        "--base",
        &base,
        "--format",
        "json",
    ];
    let out = planner(&args, &cache);
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["root"], "app/");
    assert_eq!(r["changed_files"][0]["path"], "a/x.py");
    assert_eq!(r["edges_added"][0]["from"], "a/x.py");
    let mut args = args.to_vec();
    args[5] = "sarif";
    let out = planner(&args, &cache);
    let s: Value = serde_json::from_slice(&out.stdout).unwrap();
    let result = &s["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "cross-module-import");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "app/a/x.py"
    );
}

/// Modules a, b, c, d in one cycle (a → b → c → d → a) and x, which a
/// imports; `extra` are more files of the first commit.
fn tangle(config: &str, extra: &[(&str, Option<&str>)]) -> (TestRepo, Oid) {
    let mut repo = TestRepo::new();
    let mut files: Vec<(&str, Option<&str>)> = vec![
        ("planner.toml", Some(config)),
        ("a/__init__.py", Some("")),
        (
            "a/m.py",
            Some("from b.m import B\nfrom x.m import X\nA = 1\n"),
        ),
        ("b/__init__.py", Some("")),
        ("b/m.py", Some("from c.m import C\nB = 1\n")),
        ("c/__init__.py", Some("")),
        ("c/m.py", Some("from d.m import D\nC = 1\n")),
        ("d/__init__.py", Some("")),
        ("d/m.py", Some("from a.m import A\nD = 1\n")),
        ("x/__init__.py", Some("")),
        ("x/m.py", Some("X = 1\n")),
    ];
    files.extend_from_slice(extra);
    let base = repo.commit(AUTHOR, "start", &files);
    (repo, base)
}

const TANGLE_CONFIG: &str = "[modules.declare]\na = [\"a/**\"]\nb = [\"b/**\"]\nc = [\"c/**\"]\nd = [\"d/**\"]\nx = [\"x/**\"]\n\n[policy]\nno_new_cycles = true\n";

#[test]
fn new_cycle_shows_the_closing_import_and_its_shortest_loop_not_the_whole_tangle() {
    let (mut repo, base) = tangle(TANGLE_CONFIG, &[]);
    let head = repo.commit(
        AUTHOR,
        "x uses a",
        &[("x/m.py", Some("from a.m import A\nX = 1\n"))],
    );
    let fx = Fixture { repo, base, head };
    let (_c, cache) = cache_dir();
    let (r, code) = json_report(&fx, &cache, &[]);
    assert_eq!(code, 1, "{r:#}");
    let cycles = r["new_cycles"].as_array().unwrap();
    assert_eq!(cycles.len(), 1, "{cycles:#?}");
    assert_eq!(cycles[0]["path"], serde_json::json!(["x", "a", "x"]));
    assert_eq!(cycles[0]["modules"], serde_json::json!(["a", "x"]));
    assert_eq!(cycles[0]["component_size"], 5);
    assert_eq!(cycles[0]["added_edges"][0]["from"], "x/m.py");
    assert_eq!(cycles[0]["added_edges"][0]["lines"][0], 1);
    // Only the closing link fails, at its import; a → x was there before.
    let violations = r["violations"].as_array().unwrap();
    assert_eq!(violations.len(), 1, "{violations:#?}");
    assert_eq!(violations[0]["subject"], "x -> a");
    assert_eq!(violations[0]["file"], "x/m.py");
    assert_eq!(violations[0]["line"], 1);
    let out = diff(&fx, &cache, &[]);
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(
        md.contains(
            "- x → a → x, closed by `x/m.py:1` → `a/m.py` (it joins a tangle of 5 modules)"
        ),
        "{md}"
    );
}

#[test]
fn baseline_accepts_cycles_link_by_link_so_dropping_a_module_from_the_tangle_adds_no_violation() {
    let config = TANGLE_CONFIG.replace(
        "[policy]\n",
        "[policy]\nbaseline = \"planner-baseline.toml\"\n",
    );
    // x joins the tangle at the base too: x → a.
    let (repo, base) = tangle(&config, &[("x/m.py", Some("from a.m import A\nX = 1\n"))]);
    let fx = Fixture {
        base,
        head: base,
        repo,
    };
    let (_c, cache) = cache_dir();
    let out = diff(&fx, &cache, &["--update-baseline"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(fx.repo.path().join("planner-baseline.toml")).unwrap();
    assert!(text.contains("subject = \"x -> a\""), "{text}");
    assert!(text.contains("subject = \"a -> b\""), "{text}");
    // x stops importing a: the tangle shrinks to a, b, c, d.
    let Fixture { mut repo, .. } = fx;
    let head = repo.commit(
        AUTHOR,
        "x is a leaf",
        &[
            ("x/m.py", Some("X = 1\n")),
            ("planner-baseline.toml", Some(&text)),
        ],
    );
    let fx = Fixture { repo, base, head };
    let (r, _) = json_report(&fx, &cache, &[]);
    assert_eq!(r["violations"].as_array().unwrap().len(), 0, "{r:#}");
    // Only the links that left a cycle are stale (the baseline shrinks).
    let stale: Vec<&str> = r["stale_baseline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["subject"].as_str().unwrap())
        .collect();
    assert_eq!(stale, ["a -> x", "x -> a"]);
}

#[test]
fn a_baseline_written_with_whole_cycle_entries_is_still_read() {
    let config = TANGLE_CONFIG.replace(
        "[policy]\n",
        "[policy]\nbaseline = \"planner-baseline.toml\"\n",
    );
    let old = "[[accepted]]\nrule = \"cycle\"\nsubject = \"a, b, c, d\"\n";
    let (repo, base) = tangle(&config, &[("planner-baseline.toml", Some(old))]);
    let fx = Fixture {
        base,
        head: base,
        repo,
    };
    let (_c, cache) = cache_dir();
    let (r, code) = json_report(&fx, &cache, &[]);
    assert_eq!(code, 0, "{r:#}");
    assert_eq!(r["violations"].as_array().unwrap().len(), 0);
    assert_eq!(r["stale_baseline"].as_array().unwrap().len(), 0);
}

/// The `run:` script of the step with `id: diff` in the repository's
/// `action.yml` (the reusable GitHub Action).
fn action_diff_script() -> String {
    let action = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("action.yml"),
    )
    .expect("action.yml");
    let lines: Vec<&str> = action.lines().collect();
    let step = lines
        .iter()
        .position(|l| l.trim() == "id: diff")
        .expect("a step with id: diff");
    let run = (step..lines.len())
        .find(|&i| lines[i].trim() == "run: |")
        .expect("its run script");
    let indent = lines[run].len() - lines[run].trim_start().len() + 2;
    lines[run + 1..]
        .iter()
        .take_while(|l| l.trim().is_empty() || l.len() - l.trim_start().len() >= indent)
        .map(|l| l.get(indent..).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_github_action_step_writes_the_reports_and_passes_on_the_exit_code() {
    let script = action_diff_script();
    let fx = fixture(CONFIG);
    let (_keep, cache) = cache_dir();
    let home = tempfile::tempdir().unwrap();
    let bin = home.path().join(".planner-action/bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_planner"), bin.join("planner")).unwrap();
    let out_dir = home.path().join("out");
    let github_output = home.path().join("github_output");
    let summary = home.path().join("summary.md");
    let run = std::process::Command::new("bash")
        .arg("-c")
        .arg(&script)
        .env("HOME", home.path())
        .env("XDG_CACHE_HOME", &cache)
        .env("BASE", fx.base.to_string())
        .env("TARGET", fx.repo.path())
        .env("OUT", &out_dir)
        .env("GITHUB_OUTPUT", &github_output)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env(
            "GIT_CEILING_DIRECTORIES",
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata"),
        )
        .output()
        .unwrap();
    // The step itself succeeds on a report (exit 0 or 1) and hands the code on.
    assert!(run.status.success(), "{}", stderr(&run));
    let outputs = std::fs::read_to_string(&github_output).unwrap();
    assert!(outputs.contains("code=1\n"), "{outputs}");
    let report = std::fs::read_to_string(out_dir.join("planner.md")).unwrap();
    assert!(report.contains("policy problems"), "{report}");
    assert!(out_dir.join("planner.sarif").is_file());
    assert!(out_dir.join("planner.json").is_file());
    assert_eq!(std::fs::read_to_string(&summary).unwrap(), report);

    // Without a base commit the step fails as a usage error.
    let none = std::process::Command::new("bash")
        .arg("-c")
        .arg(&script)
        .env("HOME", home.path())
        .env("BASE", "")
        .env("TARGET", fx.repo.path())
        .env("OUT", &out_dir)
        .env("GITHUB_OUTPUT", &github_output)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert_eq!(none.status.code(), Some(2));
}
