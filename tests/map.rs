//! `planner map --check / --write`: committed documents that cannot go stale.

mod common;

use common::{copy_fixture, planner, stderr, stdout};

fn map(args: &[&str]) -> std::process::Output {
    planner()
        .args(["map", "--no-progress"])
        .args(args)
        .output()
        .expect("run planner")
}

#[test]
fn written_map_checks_clean_then_fails_with_a_diff_when_the_code_moves() {
    let repo = copy_fixture("python-shop");
    let docs = tempfile::tempdir().unwrap();
    let (r, d) = (repo.path().to_str().unwrap(), docs.path().to_str().unwrap());

    let out = map(&[r, "--write", d, "--name", "shop"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(docs.path().join("context-map.md").is_file());
    assert!(
        !docs.path().join("analysis.json").exists(),
        "not in the map set"
    );
    let first = std::fs::read_to_string(docs.path().join("context-map.md")).unwrap();

    let out = map(&[r, "--check", d, "--name", "shop"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // A new import between two modules changes the context map.
    let path = repo.path().join("shop/payments/api.py");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        format!("import shop.notifications.templates\n{text}"),
    )
    .unwrap();
    // A stale ER diagram for a module that no longer exists.
    std::fs::create_dir_all(docs.path().join("er")).unwrap();
    std::fs::write(docs.path().join("er/gone.md"), "old\n").unwrap();

    let out = map(&[r, "--check", d, "--name", "shop"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let diff = stdout(&out);
    assert!(
        diff.contains("--- a/context-map.md\n+++ b/context-map.md"),
        "{diff}"
    );
    assert!(
        diff.lines()
            .any(|l| l.starts_with('+') && !l.starts_with("+++")),
        "{diff}"
    );
    assert!(diff.contains("extra: er/gone.md"), "{diff}");
    assert!(
        stderr(&out).contains("planner map --write"),
        "{}",
        stderr(&out)
    );

    let out = map(&[r, "--write", d, "--name", "shop"]);
    assert!(out.status.success());
    assert!(!docs.path().join("er/gone.md").exists());
    assert_ne!(
        std::fs::read_to_string(docs.path().join("context-map.md")).unwrap(),
        first
    );
    let out = map(&[r, "--check", d, "--name", "shop"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn all_covers_every_document_and_missing_ones_fail() {
    let repo = copy_fixture("python-shop");
    let docs = tempfile::tempdir().unwrap();
    let (r, d) = (repo.path().to_str().unwrap(), docs.path().to_str().unwrap());
    let out = map(&[r, "--check", d, "--all"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    for doc in ["analysis.json", "report.md", "context-map.md"] {
        assert!(text.contains(&format!("missing: {doc}")), "{text}");
    }
    assert!(map(&[r, "--write", d, "--all"]).status.success());
    assert!(docs.path().join("analysis.json").is_file());
    let out = map(&[r, "--check", d, "--all"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn check_or_write_is_required() {
    let repo = copy_fixture("python-shop");
    let out = map(&[repo.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn documents_are_the_same_whatever_the_thread_count() {
    let repo = copy_fixture("ruby-blog");
    let docs = tempfile::tempdir().unwrap();
    let (r, d) = (repo.path().to_str().unwrap(), docs.path().to_str().unwrap());
    let out = planner()
        .env("RAYON_NUM_THREADS", "1")
        .args(["map", "--no-progress", r, "--write", d, "--all"])
        .output()
        .expect("run planner");
    assert!(out.status.success(), "{}", stderr(&out));
    let out = planner()
        .env("RAYON_NUM_THREADS", "4")
        .args(["map", "--no-progress", r, "--check", d, "--all"])
        .output()
        .expect("run planner");
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}
