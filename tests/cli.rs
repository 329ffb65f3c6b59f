//! The command line: help, exit codes CI can use, configuration errors.
mod common;
use common::*;

#[test]
fn help_lists_every_command() {
    let out = run(&["--help"]);
    assert!(out.status.success());
    let text = stdout(&out);
    for cmd in ["analyze", "graph", "init"] {
        assert!(text.contains(cmd), "{cmd} missing from --help");
    }
    assert!(text.contains("Exit codes"));
}

#[test]
fn a_missing_repository_is_a_usage_error() {
    let out = run(&["graph", "/definitely/not/here"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not a directory"));
}

#[test]
fn an_unknown_flag_is_a_usage_error() {
    assert_eq!(run(&["graph", "--frobnicate"]).status.code(), Some(2));
}

#[test]
fn a_typo_in_planner_toml_is_an_input_error_naming_the_key() {
    let repo = copy_fixture("python-shop");
    std::fs::write(repo.path().join("planner.toml"), "[modules]\ndepht = 3\n").unwrap();
    let out = run(&["graph", repo.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("depht"), "{}", stderr(&out));
}

#[test]
fn analyze_refuses_to_default_its_output_into_the_repository() {
    let repo = copy_fixture("python-shop");
    let out = planner()
        .current_dir(repo.path())
        .args(["analyze"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--out"));
    assert!(!repo.path().join("planner-out").exists());
}

#[test]
fn init_writes_a_config_that_planner_accepts() {
    let repo = copy_fixture("js-app");
    let out = run(&["init", repo.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(repo.path().join("planner.toml").exists());
    // A second init does not clobber it.
    assert_eq!(
        run(&["init", repo.path().to_str().unwrap()]).status.code(),
        Some(2)
    );
    assert!(run(&["graph", repo.path().to_str().unwrap(), "-q"])
        .status
        .success());
}

#[test]
fn declared_modules_in_planner_toml_win() {
    let repo = copy_fixture("python-shop");
    std::fs::write(
        repo.path().join("planner.toml"),
        "[modules.declare]\nmoney = [\"shop/payments/**\", \"shop/orders/**\"]\n",
    )
    .unwrap();
    let g = run(&[
        "graph",
        repo.path().to_str().unwrap(),
        "--level",
        "module",
        "-q",
    ]);
    let g: serde_json::Value = serde_json::from_slice(&g.stdout).unwrap();
    let names: Vec<&str> = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"money"), "{names:?}");
    assert!(!names.contains(&"shop/payments"), "{names:?}");
}
