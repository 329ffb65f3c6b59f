//! `planner graph` on testdata/python-shop: every Python resolution rule.
mod common;
use common::*;

fn graph() -> serde_json::Value {
    file_graph(&fixture("python-shop"))
}

#[test]
fn relative_import_with_two_dots_climbs_to_the_sibling_app() {
    assert!(has_edge(
        &graph(),
        "shop/orders/services.py",
        "shop/payments/api.py",
        "import"
    ));
}

#[test]
fn relative_import_from_a_subpackage_init_level_counts_from_the_package() {
    assert!(has_edge(
        &graph(),
        "shop/payments/gateway/stripe.py",
        "shop/notifications/email.py",
        "import"
    ));
}

#[test]
fn from_package_import_submodule_targets_the_submodule() {
    // `from . import models` in shop/orders/services.py
    assert!(has_edge(
        &graph(),
        "shop/orders/services.py",
        "shop/orders/models.py",
        "import"
    ));
}

#[test]
fn type_checking_imports_are_their_own_kind() {
    let g = graph();
    assert!(has_edge(
        &g,
        "shop/payments/api.py",
        "shop/orders/models.py",
        "type_checking"
    ));
    assert!(!has_edge(
        &g,
        "shop/payments/api.py",
        "shop/orders/models.py",
        "import"
    ));
}

#[test]
fn src_layout_package_resolves_without_configuration() {
    assert!(has_edge(
        &graph(),
        "shop/orders/views.py",
        "src/toolkit/strings.py",
        "import"
    ));
}

#[test]
fn import_inside_a_function_from_a_namespace_package_resolves() {
    assert!(has_edge(
        &graph(),
        "shop/orders/views.py",
        "shop/hooks/breaker.py",
        "import"
    ));
}

#[test]
fn importlib_literal_is_a_dynamic_import() {
    assert!(has_edge(
        &graph(),
        "shop/notifications/email.py",
        "shop/notifications/templates.py",
        "dynamic_import"
    ));
}

#[test]
fn stale_and_external_imports_are_counted_not_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&[
        "analyze",
        fixture("python-shop").to_str().unwrap(),
        "--out",
        dir.path().to_str().unwrap(),
        "-q",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let analysis: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("analysis.json")).unwrap()).unwrap();
    let py = &analysis["imports"]["by_language"]["python"];
    assert_eq!(py["unresolved"], 1, "shop.legacy does not exist: {py}");
    let externals: Vec<&str> = analysis["imports"]["top_external"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    for name in ["django", "requests", "typing", "os", "importlib"] {
        assert!(
            externals.contains(&name),
            "{name} missing from {externals:?}"
        );
    }
}

#[test]
fn python_edges_snapshot() {
    insta::assert_snapshot!(edge_lines(&graph()).join("\n"));
}

#[test]
fn relative_import_from_init_resolves_inside_its_own_package() {
    // In an `__init__.py`, one dot is the package itself (level − 1 parts dropped).
    assert!(has_edge(
        &graph(),
        "shop/notifications/__init__.py",
        "shop/notifications/email.py",
        "import"
    ));
}
