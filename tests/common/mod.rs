//! Helpers for end-to-end tests: they run the real `planner` binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn planner() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_planner"));
    cmd.env_remove("PLANNER_TIMINGS");
    // Fixtures under testdata/ must not pick up planner's own history.
    cmd.env(
        "GIT_CEILING_DIRECTORIES",
        Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata"),
    );
    // Documents of a tree without git are dated today: pin the day so
    // snapshots hold (2023-11-14).
    cmd.env("SOURCE_DATE_EPOCH", "1700000000");
    cmd
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(name)
}

pub fn run(args: &[&str]) -> Output {
    planner().args(args).output().expect("run planner")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `planner graph DIR --level file --format json`, parsed.
pub fn file_graph(dir: &Path) -> serde_json::Value {
    let out = run(&[
        "graph",
        dir.to_str().expect("utf-8 path"),
        "--format",
        "json",
        "-q",
    ]);
    assert!(out.status.success(), "planner failed: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("graph JSON")
}

/// One line per edge: `from -> to (kind) lines`.
pub fn edge_lines(graph: &serde_json::Value) -> Vec<String> {
    graph["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| {
            format!(
                "{} -> {} ({}) {}",
                e["from"].as_str().unwrap_or(""),
                e["to"].as_str().unwrap_or(""),
                e["kind"].as_str().unwrap_or(""),
                e["lines"]
            )
        })
        .collect()
}

pub fn has_edge(graph: &serde_json::Value, from: &str, to: &str, kind: &str) -> bool {
    graph["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .any(|e| e["from"] == from && e["to"] == to && e["kind"] == kind)
}

/// Copies a fixture into a temporary directory (tests never write into testdata/).
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&fixture(name), dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Every file under `dir`, as (relative path with `/`, bytes), sorted.
pub fn read_tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}
