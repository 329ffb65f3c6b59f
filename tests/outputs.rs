//! Snapshots of what `planner analyze` writes for the fixtures, so a change in
//! any document shows up as a reviewed diff.
mod common;
use common::*;

fn analyze(name: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let run = run(&[
        "analyze",
        fixture(name).to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "-q",
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    out
}

fn read(dir: &tempfile::TempDir, name: &str) -> String {
    std::fs::read_to_string(dir.path().join(name)).unwrap()
}

#[test]
fn python_shop_documents() {
    let out = analyze("python-shop");
    insta::assert_snapshot!("python_report", read(&out, "report.md"));
    insta::assert_snapshot!("python_context_map", read(&out, "context-map.md"));
    insta::assert_snapshot!("python_analysis", read(&out, "analysis.json"));
}

#[test]
fn ruby_blog_documents() {
    let out = analyze("ruby-blog");
    insta::assert_snapshot!("ruby_report", read(&out, "report.md"));
    insta::assert_snapshot!("ruby_context_map", read(&out, "context-map.md"));
}

#[test]
fn python_shop_modules_and_cycles() {
    let out = analyze("python-shop");
    let a: serde_json::Value = serde_json::from_str(&read(&out, "analysis.json")).unwrap();
    let module = |name: &str| {
        a["modules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no module {name}"))
    };
    assert_eq!(module("shop/orders")["kind"], "django_app");
    assert_eq!(module("src/toolkit")["kind"], "source_folder");
    // notifications is used by orders and payments and uses nothing back.
    let notifications = module("shop/notifications");
    assert_eq!(notifications["ca"], 2);
    assert_eq!(notifications["ce"], 0);
    assert_eq!(notifications["instability"], 0.0);
    // orders ↔ payments (a TYPE_CHECKING import back) form a cycle.
    let cycle = &a["cycles"][0];
    let members: Vec<&str> = cycle["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert!(
        members.contains(&"shop/orders") && members.contains(&"shop/payments"),
        "{members:?}"
    );
    assert!(!cycle["cut"].as_array().unwrap().is_empty());
}

#[test]
fn context_map_leaves_out_support_modules() {
    let out = analyze("python-shop");
    let map = read(&out, "context-map.md");
    assert!(!map.contains("m_scripts"), "{map}");
    assert!(map.contains("m_shop_orders"), "{map}");
}

#[test]
fn imports_from_test_files_count_in_modules_only_when_asked() {
    let repo = copy_fixture("python-shop");
    let module_ce = |dir: &std::path::Path| {
        let out = tempfile::tempdir().unwrap();
        let run = run(&[
            "analyze",
            dir.to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
            "-q",
        ]);
        assert!(run.status.success(), "{}", stderr(&run));
        let a: serde_json::Value = serde_json::from_str(&read(&out, "analysis.json")).unwrap();
        let m = a["modules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["name"] == "shop/notifications")
            .cloned()
            .unwrap();
        // The file edge is always there.
        assert!(a["edges"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["from"] == "shop/notifications/tests/test_email.py"
                && e["to"] == "shop/orders/models.py"));
        m["ce"].as_u64().unwrap()
    };
    assert_eq!(module_ce(repo.path()), 0);
    std::fs::write(
        repo.path().join("planner.toml"),
        "[modules]\ninclude_tests = true\n",
    )
    .unwrap();
    assert_eq!(module_ce(repo.path()), 1);
}
