//! Bad input never stops the analysis: each problem is a warning that names
//! the file, and everything else is still analysed.
mod common;
use common::*;
use std::path::Path;

fn analyze(dir: &Path) -> (std::process::Output, serde_json::Value) {
    let out_dir = tempfile::tempdir().unwrap();
    let out = run(&[
        "analyze",
        dir.to_str().unwrap(),
        "--out",
        out_dir.path().to_str().unwrap(),
    ]);
    let json = std::fs::read(out_dir.path().join("analysis.json"))
        .map(|b| serde_json::from_slice(&b).unwrap())
        .unwrap_or(serde_json::Value::Null);
    (out, json)
}

fn warnings_for(analysis: &serde_json::Value, path: &str) -> Vec<String> {
    analysis["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["path"] == path)
        .map(|w| format!("{}:{}", w["line"], w["message"]))
        .collect()
}

fn write(dir: &Path, rel: &str, bytes: &[u8]) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn syntax_error_warns_with_its_line_and_keeps_earlier_imports() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pkg/__init__.py", b"");
    write(dir.path(), "pkg/good.py", b"X = 1\n");
    write(
        dir.path(),
        "pkg/broken.py",
        b"from pkg import good\n\ndef f(:\n    return 1\n",
    );
    let (out, a) = analyze(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let w = warnings_for(&a, "pkg/broken.py");
    assert!(
        w.iter()
            .any(|w| w.starts_with("3:") && w.contains("syntax error")),
        "{w:?}"
    );
    let edges = a["edges"].as_array().unwrap();
    assert!(edges
        .iter()
        .any(|e| e["from"] == "pkg/broken.py" && e["to"] == "pkg/good.py"));
}

#[test]
fn binary_file_with_a_source_extension_is_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "app/blob.js", b"\x00\x01\x02PNG\x00\xff\xfe");
    write(dir.path(), "app/ok.js", b"import './blob.js';\n");
    let (out, a) = analyze(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(warnings_for(&a, "app/blob.js")
        .iter()
        .any(|w| w.contains("binary")));
    assert_eq!(a["scan"]["skipped"]["binary"], 1);
    assert_eq!(a["scan"]["files_analysed"], 1);
}

#[test]
fn five_megabyte_minified_bundle_is_skipped_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let mut bundle = b"!function(){".to_vec();
    while bundle.len() < 5 * 1024 * 1024 {
        bundle.extend_from_slice(b"var a=require('./x');a.b(function(c){return c+1});");
    }
    bundle.extend_from_slice(b"}();");
    write(dir.path(), "public/app.bundle.js", &bundle);
    write(dir.path(), "public/huge.js", &bundle);
    write(dir.path(), "src/index.js", b"require('./util');\n");
    write(dir.path(), "src/util.js", b"module.exports = 1;\n");
    let (out, a) = analyze(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    // Over the default 1 MB limit: skipped before it is even read, with a warning.
    assert!(warnings_for(&a, "public/huge.js")
        .iter()
        .any(|w| w.contains("larger than")));
    assert_eq!(a["scan"]["files_analysed"], 2);

    // With the size limit raised, the minified-content check catches it.
    std::fs::write(
        dir.path().join("planner.toml"),
        "[scan]\nmax_file_bytes = 100000000\n",
    )
    .unwrap();
    let (out, a) = analyze(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    // Both one-line bundles are caught by their content, before any name rule.
    assert_eq!(a["scan"]["skipped"]["minified"], 2);
    assert_eq!(a["scan"]["files_analysed"], 2);
}

#[cfg(unix)]
#[test]
fn non_utf8_file_name_is_skipped_with_a_warning() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.py");
    std::fs::write(dir.path().join(name), b"import os\n").unwrap();
    write(dir.path(), "main.py", b"import os\n");
    let (out, a) = analyze(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let warnings = a["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w["path"].as_str().unwrap().starts_with("caf")
                && w["message"].as_str().unwrap().contains("UTF-8")),
        "{warnings:?}"
    );
    assert_eq!(a["scan"]["files_analysed"], 1);
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_reported_and_does_not_hang() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "src/a.js", b"import './b.js';\n");
    write(dir.path(), "src/b.js", b"export default 1;\n");
    std::os::unix::fs::symlink("loop2", dir.path().join("src/loop1")).unwrap();
    std::os::unix::fs::symlink("loop1", dir.path().join("src/loop2")).unwrap();
    // A directory link to its own parent: following it would never end.
    std::os::unix::fs::symlink("..", dir.path().join("src/up")).unwrap();
    let (out, a) = analyze(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(warnings_for(&a, "src/loop1")
        .iter()
        .any(|w| w.contains("symlink")));
    assert_eq!(a["scan"]["files_analysed"], 2);
    assert_eq!(a["edges"].as_array().unwrap().len(), 1);
}

#[test]
fn a_tree_of_every_bad_input_still_produces_all_outputs() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.py", b"import b\nclass (:\n");
    write(dir.path(), "b.py", b"\xff\xfe not utf8 \x80 = 1\n");
    write(dir.path(), "c.rb", b"class Foo < \n  def\n");
    write(dir.path(), "d.ts", b"import { x } from './e';\nconst = ;\n");
    write(dir.path(), "e.ts", b"export const x = 1;\n");
    let out_dir = tempfile::tempdir().unwrap();
    let out = run(&[
        "analyze",
        dir.path().to_str().unwrap(),
        "--out",
        out_dir.path().to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    for name in ["analysis.json", "report.md", "context-map.md"] {
        assert!(out_dir.path().join(name).exists(), "{name} missing");
    }
    assert!(stderr(&out).contains("warning: a.py:2"), "{}", stderr(&out));
}

#[test]
fn analysing_never_writes_into_the_repository() {
    let repo = copy_fixture("python-shop");
    let before = listing(repo.path());
    let out_dir = tempfile::tempdir().unwrap();
    let out = run(&[
        "analyze",
        repo.path().to_str().unwrap(),
        "--out",
        out_dir.path().to_str().unwrap(),
        "-q",
    ]);
    assert!(out.status.success());
    let out = run(&["graph", repo.path().to_str().unwrap(), "-q"]);
    assert!(out.status.success());
    assert_eq!(before, listing(repo.path()));
}

fn listing(dir: &Path) -> Vec<(String, u64)> {
    let mut files: Vec<(String, u64)> = ignore::WalkBuilder::new(dir)
        .hidden(false)
        .ignore(false)
        .git_ignore(false)
        .build()
        .filter_map(Result::ok)
        .map(|e| {
            (
                e.path().display().to_string(),
                e.metadata().map(|m| m.len()).unwrap_or(0),
            )
        })
        .collect();
    files.sort();
    files
}
