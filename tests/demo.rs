//! The demo monolith of the README: `testdata/demo/shop.fi`, a `git
//! fast-import` stream (written by `bench/demo/make_stream.py`), builds the
//! tree of `testdata/scenario-django` with 43 commits of history. These tests
//! run the README's steps: import the stream, analyse, and see history.

mod common;

use common::*;
use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str], stdin: Option<&Path>) {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir).args(args);
    if let Some(file) = stdin {
        cmd.stdin(std::fs::File::open(file).expect("stream"));
    }
    let out = cmd.output().expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The README's demo steps: `git init -b main`, `fast-import`, `reset --hard`.
fn demo_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let stream = fixture("demo/shop.fi");
    git(dir.path(), &["init", "-q", "-b", "main"], None);
    git(dir.path(), &["fast-import", "--quiet"], Some(&stream));
    git(dir.path(), &["reset", "-q", "--hard", "main"], None);
    dir
}

#[test]
fn the_stream_builds_the_scenario_tree_exactly() {
    let repo = demo_repo();
    let mut built = read_tree(repo.path());
    built.retain(|(p, _)| !p.starts_with(".git/"));
    let want = read_tree(&fixture("scenario-django"));
    let names = |t: &[(String, Vec<u8>)]| t.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&built), names(&want));
    assert!(
        built == want,
        "testdata/demo/shop.fi is stale: run python3 bench/demo/make_stream.py"
    );
}

#[test]
fn analyze_on_the_demo_shows_history_hotspots_and_the_ranking() {
    let repo = demo_repo();
    let out = tempfile::tempdir().expect("tempdir");
    let run = planner()
        .arg("analyze")
        .arg(repo.path())
        .arg("--out")
        .arg(out.path())
        .output()
        .expect("planner runs");
    assert!(run.status.success(), "{}", stderr(&run));
    let analysis: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.path().join("analysis.json")).expect("analysis.json"),
    )
    .expect("json");
    let history = &analysis["history"];
    assert_eq!(history["commits_used"], 43);
    let hotspots = history["hotspots"].as_array().expect("hotspots");
    assert!(hotspots.iter().any(|h| h["path"] == "payments/services.py"));
    let report = std::fs::read_to_string(out.path().join("report.md")).expect("report");
    assert!(report.contains("43 commits"), "{report}");
    assert!(report.contains("Ben Okafor"));
    let first = analysis["candidates"]["candidates"][0]["module"]
        .as_str()
        .unwrap_or("");
    assert_eq!(first, "notifications");
}
