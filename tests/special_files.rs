//! FIFOs, devices and links to them anywhere in the tree (issue #14, items 1
//! and 2): planner opens only regular files, caps every read, and names each
//! file it skipped. Before the fix a FIFO hung every scanning command and a
//! `.gitignore` linked to `/dev/zero` aborted on a 4 GB allocation.
#![cfg(unix)]
mod common;
use common::*;
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

/// Runs planner, killing it after `limit` (a hang is the bug under test).
fn run_with_limit(args: &[&str], limit: Duration) -> Output {
    let mut child = planner()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn planner");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let out = child.wait_with_output().expect("output");
            panic!(
                "planner {args:?} still running after {limit:?}; stderr: {}",
                stderr(&out)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn mkfifo(dir: &Path, rel: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .expect("mkfifo");
    assert!(status.success());
}

fn link_to_zero(dir: &Path, rel: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink("/dev/zero", path).unwrap();
}

/// A small repository with Python, Ruby, JS and SQL that still has to be
/// analysed around the bad files.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "shop/__init__.py", "");
    write(dir.path(), "shop/models.py", "import os\n");
    write(dir.path(), "web/app.js", "import { x } from './lib';\n");
    write(dir.path(), "web/lib.js", "export const x = 1;\n");
    write(dir.path(), "db/base.sql", "CREATE TABLE items (id int);\n");
    dir
}

fn analyze(dir: &Path) -> (Output, serde_json::Value) {
    let out_dir = tempfile::tempdir().unwrap();
    let out = run_with_limit(
        &[
            "analyze",
            dir.to_str().unwrap(),
            "--out",
            out_dir.path().to_str().unwrap(),
            "--no-progress",
        ],
        Duration::from_secs(120),
    );
    let json = std::fs::read(out_dir.path().join("analysis.json"))
        .map(|b| serde_json::from_slice(&b).unwrap())
        .unwrap_or(serde_json::Value::Null);
    (out, json)
}

fn warned_paths(analysis: &serde_json::Value) -> Vec<String> {
    analysis["warnings"]
        .as_array()
        .map(|all| {
            all.iter()
                .map(|w| format!("{} {}", w["path"].as_str().unwrap_or(""), w["message"]))
                .collect()
        })
        .unwrap_or_default()
}

fn assert_warned(analysis: &serde_json::Value, path: &str) {
    let warned = warned_paths(analysis);
    assert!(
        warned.iter().any(|w| w.starts_with(&format!("{path} "))),
        "no warning names {path}: {warned:#?}"
    );
}

#[test]
fn fifos_named_like_source_schema_and_config_files_are_skipped_with_a_warning() {
    let dir = repo();
    for rel in [
        "a.py",
        "a.rb",
        "a.ts",
        "db/schema.sql",
        ".gitignore",
        "shop/.gitignore",
        ".ignore",
        "planner.toml",
        "web/package.json",
    ] {
        mkfifo(dir.path(), rel);
    }
    let (out, analysis) = analyze(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    for rel in [
        "a.py",
        "a.rb",
        "a.ts",
        "db/schema.sql",
        ".gitignore",
        "shop/.gitignore",
        ".ignore",
        "planner.toml",
        "web/package.json",
    ] {
        assert_warned(&analysis, rel);
    }
    // Everything else was still analysed.
    let files: Vec<&str> = analysis["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["id"].as_str())
        .collect();
    assert!(files.contains(&"shop/models.py"), "{files:?}");
    assert!(files.contains(&"web/app.js"), "{files:?}");
}

#[test]
fn every_scanning_command_finishes_with_a_fifo_in_the_tree() {
    let dir = repo();
    mkfifo(dir.path(), "shop/a.py");
    mkfifo(dir.path(), ".gitignore");
    let path = dir.path().to_str().unwrap();
    for args in [
        vec!["graph", path, "-q"],
        vec!["candidates", path, "-q"],
        vec!["schema", path, "-q"],
        vec!["inventory", path, "-q"],
    ] {
        let out = run_with_limit(&args, Duration::from_secs(120));
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn links_to_dev_zero_as_ignore_config_and_package_files_are_skipped_not_read() {
    let dir = repo();
    for rel in [
        ".gitignore",
        "shop/.gitignore",
        "planner.toml",
        "web/package.json",
        "db/zero.sql",
        "shop/zero.py",
    ] {
        link_to_zero(dir.path(), rel);
    }
    let (out, analysis) = analyze(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    for rel in [
        ".gitignore",
        "shop/.gitignore",
        "planner.toml",
        "web/package.json",
        "db/zero.sql",
        "shop/zero.py",
    ] {
        assert_warned(&analysis, rel);
    }
}

#[test]
fn gitignore_rules_still_apply_in_nested_directories() {
    let dir = repo();
    write(dir.path(), ".gitignore", "build/\n*.gen.py\n");
    write(dir.path(), "shop/.gitignore", "legacy.py\n!keep.gen.py\n");
    write(dir.path(), "build/out.py", "import os\n");
    write(dir.path(), "shop/x.gen.py", "import os\n");
    write(dir.path(), "shop/keep.gen.py", "import os\n");
    write(dir.path(), "shop/legacy.py", "import os\n");
    write(dir.path(), "web/legacy.py", "import os\n");
    let (out, analysis) = analyze(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let files: Vec<&str> = analysis["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["id"].as_str())
        .collect();
    assert!(!files.contains(&"build/out.py"), "{files:?}");
    assert!(!files.contains(&"shop/x.gen.py"), "{files:?}");
    assert!(!files.contains(&"shop/legacy.py"), "{files:?}");
    assert!(files.contains(&"shop/keep.gen.py"), "{files:?}");
    assert!(files.contains(&"web/legacy.py"), "{files:?}");
}
