//! `--map-limit` and `--focus`: a big repository's context map stays
//! readable, and says what it left out.

mod common;

use common::*;

/// The module names drawn in a Mermaid flowchart (`m_x["x<br/>…"]`).
fn drawn(mermaid: &str) -> Vec<String> {
    regex::Regex::new(r#"(?m)^  m_\w+\["([^<"]+)<br/>"#)
        .unwrap()
        .captures_iter(mermaid)
        .map(|c| c[1].to_string())
        .collect()
}

#[test]
fn map_limit_keeps_the_top_candidates_and_says_what_is_left_out() {
    let out = tempfile::tempdir().unwrap();
    let run = planner()
        .arg("analyze")
        .arg(fixture("scenario-django"))
        .args(["--map-limit", "2", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr(&run));
    let map = std::fs::read_to_string(out.path().join("context-map.md")).unwrap();
    let analysis: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("analysis.json")).unwrap())
            .unwrap();
    let top: Vec<String> = analysis["candidates"]["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .take(2)
        .map(|c| c["module"].as_str().unwrap().to_string())
        .collect();
    let mut shown = drawn(&map);
    shown.sort();
    let mut want = top.clone();
    want.sort();
    assert_eq!(shown, want, "{map}");
    assert!(
        map.contains("shows at most 2 modules") && map.contains("2 modules are left out"),
        "{map}"
    );

    // The default (20) leaves this small repository whole.
    let all = tempfile::tempdir().unwrap();
    let run = planner()
        .arg("analyze")
        .arg(fixture("scenario-django"))
        .arg("--out")
        .arg(all.path())
        .output()
        .unwrap();
    assert!(run.status.success());
    let map = std::fs::read_to_string(all.path().join("context-map.md")).unwrap();
    assert!(!map.contains("left out ("), "{map}");
    assert_eq!(drawn(&map).len(), 4, "{map}");
}

#[test]
fn focus_shows_a_module_and_its_direct_neighbours() {
    let repo = fixture("scenario-django");
    let repo = repo.to_str().unwrap();
    let json = run(&["graph", repo, "--level", "module", "--focus", "users"]);
    assert!(json.status.success(), "{}", stderr(&json));
    let graph: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    let edges = graph["edges"].as_array().unwrap();
    assert!(!edges.is_empty());
    for e in edges {
        assert!(e["from"] == "users" || e["to"] == "users", "{e}");
    }
    let mut near: Vec<&str> = edges
        .iter()
        .flat_map(|e| [e["from"].as_str().unwrap(), e["to"].as_str().unwrap()])
        .collect();
    near.sort();
    near.dedup();
    let mut nodes: Vec<&str> = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    nodes.sort();
    assert_eq!(nodes, near);

    let mermaid = run(&[
        "graph", repo, "--level", "module", "--format", "mermaid", "--focus", "users",
    ]);
    assert!(mermaid.status.success(), "{}", stderr(&mermaid));
    let text = stdout(&mermaid);
    assert!(drawn(&text).contains(&"users".to_string()), "{text}");
    // Every link drawn touches the focus.
    for line in text.lines().filter(|l| l.contains("|")) {
        assert!(line.contains("m_users"), "{line}");
    }
    assert!(text.contains("class m_users candidate"), "{text}");

    let bad = run(&["graph", repo, "--level", "module", "--focus", "nope"]);
    assert!(!bad.status.success());
    assert!(
        stderr(&bad).contains("--focus nope: no such module"),
        "{}",
        stderr(&bad)
    );
    let file = run(&["graph", repo, "--focus", "users"]);
    assert!(!file.status.success());
    assert!(
        stderr(&file).contains("--level module"),
        "{}",
        stderr(&file)
    );
}

#[test]
fn map_focus_writes_a_focused_context_map() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&[
        "map",
        fixture("scenario-django").to_str().unwrap(),
        "--write",
        dir.path().to_str().unwrap(),
        "--focus",
        "payments",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let map = std::fs::read_to_string(dir.path().join("context-map.md")).unwrap();
    assert!(map.contains("This map shows `payments`, its "), "{map}");
    for line in map.lines().filter(|l| l.contains("|")) {
        assert!(line.contains("m_payments"), "{line}");
    }
}
