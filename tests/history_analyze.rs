//! `planner analyze` carries the history section into analysis.json and
//! report.md.

mod history_support;
use history_support::*;

const ANN: &str = "Ann <ann@example.com>";
const BOB: &str = "Bob <bob@example.com>";

fn analyze(repo: &TestRepo) -> (serde_json::Value, String) {
    let (_keep, cache) = cache_dir();
    let out_dir = tempfile::TempDir::new().unwrap();
    let out = planner(
        &[
            "analyze",
            repo.path().to_str().unwrap(),
            "--out",
            out_dir.path().to_str().unwrap(),
        ],
        &cache,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let json = serde_json::from_str(
        &std::fs::read_to_string(out_dir.path().join("analysis.json")).unwrap(),
    )
    .unwrap();
    let report = std::fs::read_to_string(out_dir.path().join("report.md")).unwrap();
    (json, report)
}

fn two_module_repo() -> TestRepo {
    let mut repo = TestRepo::new();
    let models = |n: usize| format!("def total(x):\n    if x:\n        return {n}\n    return 0\n");
    let views = |n: usize| {
        format!("from billing.models import total\n\n\ndef show():\n    return total({n})\n")
    };
    repo.commit(
        ANN,
        "start",
        &[
            ("billing/__init__.py", Some("")),
            ("orders/__init__.py", Some("")),
            ("billing/models.py", Some(&models(0))),
            ("orders/views.py", Some(&views(0))),
        ],
    );
    for n in 1..=5 {
        repo.commit(
            ANN,
            "both",
            &[
                ("billing/models.py", Some(&models(n))),
                ("orders/views.py", Some(&views(n))),
            ],
        );
    }
    for n in 6..=7 {
        repo.commit(
            BOB,
            "billing only",
            &[("billing/models.py", Some(&models(n)))],
        );
    }
    repo
}

#[test]
fn analyze_reports_module_cochange_hotspots_and_islands() {
    let repo = two_module_repo();
    let (json, report) = analyze(&repo);
    let h = &json["history"];
    assert_eq!(h["commits_used"], 8);
    assert_eq!(h["partial"], false);
    let pair = &h["module_cochange"][0];
    assert_eq!(pair["shared_changesets"], 6);
    // billing changed in 8 changesets, 6 of them with orders; orders in 6, all with billing.
    let (m, o) = (
        pair["module"].as_str().unwrap(),
        pair["other"].as_str().unwrap(),
    );
    assert!(m.contains("billing") && o.contains("orders"), "{pair}");
    assert_eq!(pair["share_of_module"], 0.75);
    assert_eq!(pair["share_of_other"], 1.0);
    let hot = &h["hotspots"][0];
    assert_eq!(hot["path"], "billing/models.py");
    assert_eq!(hot["revisions"], 8);
    assert_eq!(
        hot["hotspot"].as_u64().unwrap(),
        8 * hot["complexity"].as_u64().unwrap()
    );
    let islands: Vec<&str> = h["knowledge_islands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    // Ann did all of orders/views.py, but only 6 of 8 billing/models.py changes.
    assert_eq!(islands, ["orders/views.py"]);
    assert!(report.contains("## History"), "{report}");
    assert!(report.contains("Modules that change together"), "{report}");
}

#[test]
fn analysis_json_is_the_same_with_a_warm_cache() {
    let repo = two_module_repo();
    let (_keep, cache) = cache_dir();
    let run = || {
        let out_dir = tempfile::TempDir::new().unwrap();
        let out = planner(
            &[
                "analyze",
                repo.path().to_str().unwrap(),
                "--out",
                out_dir.path().to_str().unwrap(),
            ],
            &cache,
        );
        assert!(out.status.success());
        std::fs::read_to_string(out_dir.path().join("analysis.json")).unwrap()
    };
    assert_eq!(run(), run());
}
