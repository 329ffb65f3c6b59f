//! `planner graph` on testdata/js-app: tsconfig paths through `extends`,
//! workspace packages, package imports, NodeNext, and every import form.
mod common;
use common::*;

fn graph() -> serde_json::Value {
    file_graph(&fixture("js-app"))
}

#[test]
fn tsconfig_paths_inherited_through_extends_resolve() {
    let g = graph();
    assert!(has_edge(&g, "app/main.tsx", "server/utils.ts", "import"));
    assert!(has_edge(&g, "app/main.tsx", "app/header.jsx", "import"));
}

#[test]
fn workspace_package_resolves_through_its_exports() {
    assert!(has_edge(
        &graph(),
        "app/main.tsx",
        "packages/ui/src/index.ts",
        "import"
    ));
}

#[test]
fn package_imports_hash_subpath_resolves() {
    assert!(has_edge(
        &graph(),
        "server/index.ts",
        "server/config.ts",
        "import"
    ));
}

#[test]
fn nodenext_js_specifier_maps_to_the_ts_file() {
    assert!(has_edge(
        &graph(),
        "server/index.ts",
        "server/utils.ts",
        "reexport"
    ));
}

#[test]
fn directory_import_probes_index() {
    assert!(has_edge(
        &graph(),
        "server/index.ts",
        "server/db/index.ts",
        "import"
    ));
}

#[test]
fn type_only_imports_and_exports_are_their_own_kind() {
    let g = graph();
    assert!(has_edge(
        &g,
        "server/index.ts",
        "server/models/user.ts",
        "type_only"
    ));
    assert!(has_edge(
        &g,
        "server/index.ts",
        "server/session.ts",
        "type_only"
    ));
    // `import { type User }`: every specifier is a type.
    assert!(has_edge(
        &g,
        "server/session.ts",
        "server/models/user.ts",
        "type_only"
    ));
}

#[test]
fn require_and_dynamic_import_are_labelled() {
    let g = graph();
    assert!(has_edge(
        &g,
        "server/index.ts",
        "server/legacy.js",
        "require"
    ));
    assert!(has_edge(
        &g,
        "server/legacy.js",
        "server/utils.ts",
        "require"
    ));
    assert!(has_edge(
        &g,
        "server/index.ts",
        "server/lazy.ts",
        "dynamic_import"
    ));
}

#[test]
fn javascript_edges_snapshot() {
    insta::assert_snapshot!(edge_lines(&graph()).join("\n"));
}
