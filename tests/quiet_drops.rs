//! Nothing planner leaves out is left out silently (issue #14, item 5):
//! minified files and declared modules that match nothing are named in a
//! warning, `map --check` on a missing directory is an input error (exit 2),
//! and a reused `--out` directory holds one fresh set of documents.
mod common;
use common::*;
use std::path::Path;

fn write(dir: &Path, rel: &str, bytes: &[u8]) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn analyze(dir: &Path, out: &Path) -> serde_json::Value {
    let output = run(&[
        "analyze",
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_slice(&std::fs::read(out.join("analysis.json")).unwrap()).unwrap()
}

fn warnings_naming(analysis: &serde_json::Value, path: &str) -> Vec<String> {
    analysis["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["path"] == path)
        .map(|w| w["message"].as_str().unwrap_or("").to_string())
        .collect()
}

/// Five modules under `shop/`, each imported by the next.
fn shop(dir: &Path) {
    write(dir, "shop/__init__.py", b"");
    let names = ["orders", "payments", "notifications", "billing", "catalog"];
    for (i, name) in names.iter().enumerate() {
        write(dir, &format!("shop/{name}/__init__.py"), b"");
        let import = match names.get(i + 1) {
            Some(next) => format!("from shop.{next} import api\n"),
            None => String::new(),
        };
        write(dir, &format!("shop/{name}/api.py"), import.as_bytes());
    }
}

#[test]
fn minified_file_is_skipped_with_a_warning_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut code = b"var a=1;".repeat(3000);
    code.push(b'\n');
    write(dir.path(), "web/vendor.js", &code);
    write(dir.path(), "web/jquery.min.js", b"var a=1;\n");
    write(dir.path(), "web/app.js", b"import './vendor.js';\n");
    let out = tempfile::tempdir().unwrap();
    let a = analyze(dir.path(), out.path());
    for path in ["web/vendor.js", "web/jquery.min.js"] {
        let warned = warnings_naming(&a, path);
        assert!(
            warned.iter().any(|w| w.contains("minified")),
            "{path}: {warned:?}"
        );
    }
}

#[test]
fn declared_module_whose_globs_match_nothing_is_named_in_a_warning_with_its_globs() {
    let dir = tempfile::tempdir().unwrap();
    shop(dir.path());
    write(
        dir.path(),
        "planner.toml",
        b"[modules.declare]\nlegacy = [\"legacy/**\", \"old/*.py\"]\nshop = [\"shop/**\"]\n",
    );
    let out = tempfile::tempdir().unwrap();
    let a = analyze(dir.path(), out.path());
    let warned = warnings_naming(&a, "planner.toml");
    assert!(
        warned
            .iter()
            .any(|w| w.contains("legacy") && w.contains("\"legacy/**\", \"old/*.py\"")),
        "{warned:?}"
    );
    assert!(
        !warned.iter().any(|w| w.contains("module shop ")),
        "{warned:?}"
    );
}

#[test]
fn map_check_on_a_missing_directory_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    shop(dir.path());
    let missing = dir.path().join("docs/architecture");
    let out = run(&[
        "map",
        dir.path().to_str().unwrap(),
        "--check",
        missing.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("not a directory"), "{}", stderr(&out));
}

#[test]
fn reused_out_directory_holds_one_fresh_set_and_keeps_user_files() {
    let dir = tempfile::tempdir().unwrap();
    shop(dir.path());
    let out = tempfile::tempdir().unwrap();
    write(dir.path(), "planner.toml", b"[plan]\ntop = 3\n");
    analyze(dir.path(), out.path());
    let adr = out.path().join("adr");
    assert_eq!(std::fs::read_dir(&adr).unwrap().count(), 3);
    // The user's own files beside planner's.
    write(out.path(), "adr/0100-use-postgres.md", b"# Use Postgres\n");
    write(out.path(), "dor/notes.txt", b"mine\n");
    write(
        out.path(),
        "adr/0200-extract-mine.md",
        b"# My own extraction notes\n",
    );

    write(dir.path(), "planner.toml", b"[plan]\ntop = 1\n");
    let a = analyze(dir.path(), out.path());
    let mut names: Vec<String> = std::fs::read_dir(&adr)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let slug = a["plans"][0]["slug"].as_str().unwrap();
    assert_eq!(
        names,
        [
            format!("0001-extract-{slug}.md"),
            "0100-use-postgres.md".to_string(),
            "0200-extract-mine.md".to_string(),
        ]
    );
    let dor: Vec<String> = std::fs::read_dir(out.path().join("dor"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(dor.len(), 2, "{dor:?}");
    assert!(out.path().join("dor/notes.txt").exists());
}

#[test]
fn out_directory_from_before_the_manifest_loses_only_planner_written_documents() {
    let dir = tempfile::tempdir().unwrap();
    shop(dir.path());
    let out = tempfile::tempdir().unwrap();
    write(dir.path(), "planner.toml", b"[plan]\ntop = 3\n");
    analyze(dir.path(), out.path());
    // As an older planner left it: no manifest.
    std::fs::remove_file(out.path().join(".planner-written")).unwrap();
    write(
        out.path(),
        "adr/0200-extract-mine.md",
        b"# My own extraction notes\n",
    );
    write(dir.path(), "planner.toml", b"[plan]\ntop = 1\n");
    analyze(dir.path(), out.path());
    let count = std::fs::read_dir(out.path().join("adr")).unwrap().count();
    assert_eq!(count, 2, "one ADR of planner's and the user's own");
    assert!(out.path().join("adr/0200-extract-mine.md").exists());
}
