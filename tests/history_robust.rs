//! Awkward repositories: shallow and partial clones, empty repositories,
//! directories without git, non-UTF-8 paths, and history rewritten between
//! two cached runs.

mod history_support;
use history_support::*;

const ANN: &str = "Ann <ann@example.com>";

#[test]
fn shallow_clone_warns_and_marks_results_partial() {
    let mut repo = TestRepo::new();
    repo.commit(ANN, "1", &[("a.py", Some("1")), ("b.py", Some("1"))]);
    let boundary = repo.commit(ANN, "2", &[("a.py", Some("2"))]);
    repo.commit(ANN, "3", &[("a.py", Some("3"))]);
    // What `git clone --depth 2` leaves: the boundary's parents are cut off.
    std::fs::write(repo.repo.path().join("shallow"), format!("{boundary}\n")).unwrap();
    let (_keep, cache) = cache_dir();
    let out = planner(
        &["history", repo.path().to_str().unwrap(), "-a", "revisions"],
        &cache,
    );
    let csv = stdout(&out);
    // The boundary commit has no parent to diff against, so it is not counted
    // as adding every file.
    assert_eq!(csv, "entity,n-revs\na.py,1\n");
    let err = stderr(&out);
    assert!(err.contains("shallow clone"), "{err}");
    assert!(err.contains("PARTIAL"), "{err}");
}

#[test]
fn missing_blob_skips_line_counts_for_that_file_only() {
    let mut repo = TestRepo::new();
    repo.commit(ANN, "1", &[("a.py", Some("a\n")), ("b.py", Some("b\n"))]);
    repo.commit(
        ANN,
        "2",
        &[("a.py", Some("a\nmore\n")), ("b.py", Some("b\nmore\n"))],
    );
    repo.remove_object(repo.blob_id("b\nmore\n"));
    let (_keep, cache) = cache_dir();
    let out = planner(
        &["history", repo.path().to_str().unwrap(), "-a", "churn"],
        &cache,
    );
    let csv = stdout(&out);
    assert!(csv.contains("a.py,2,0,2"), "{csv}");
    // b.py still counts both revisions; its lines sum only the change whose
    // blobs are there (the warning names the file).
    assert!(csv.contains("b.py,1,0,2"), "{csv}");
    let err = stderr(&out);
    assert!(
        err.contains("b.py") && err.contains("line counts skipped"),
        "{err}"
    );
}

#[test]
fn empty_repository_is_a_clear_error_for_history_and_a_note_for_analyze() {
    let repo = TestRepo::new();
    std::fs::write(repo.path().join("app.py"), "import os\n").unwrap();
    let (_keep, cache) = cache_dir();
    let out = planner(&["history", repo.path().to_str().unwrap()], &cache);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no commits"), "{}", stderr(&out));

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
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out_dir.path().join("analysis.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json["history"], serde_json::Value::Null);
    assert!(json["notes"][0].as_str().unwrap().contains("no commits"));
    assert_eq!(json["scan"]["files_analysed"], 1);
}

#[test]
fn directory_without_git_still_gets_static_analysis() {
    let dir = tempfile::TempDir::new().unwrap();
    std::fs::write(dir.path().join("app.py"), "import os\n").unwrap();
    let (_keep, cache) = cache_dir();
    let out_dir = tempfile::TempDir::new().unwrap();
    let out = planner(
        &[
            "analyze",
            dir.path().to_str().unwrap(),
            "--out",
            out_dir.path().to_str().unwrap(),
        ],
        &cache,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out_dir.path().join("analysis.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json["history"], serde_json::Value::Null);
    assert!(json["notes"][0]
        .as_str()
        .unwrap()
        .starts_with("no git history"));
    let report = std::fs::read_to_string(out_dir.path().join("report.md")).unwrap();
    assert!(report.contains("no git history"), "{report}");
}

#[test]
fn non_utf8_paths_are_kept_distinct_and_reported() {
    let mut repo = TestRepo::new();
    repo.commit_bytes(
        ANN,
        "1",
        &[(b"caf\xe9.py", Some("1")), (b"ok.py", Some("1"))],
    );
    repo.commit_bytes(ANN, "2", &[(b"caf\xe9.py", Some("2"))]);
    let (_keep, cache) = cache_dir();
    let out = planner(
        &["history", repo.path().to_str().unwrap(), "-a", "revisions"],
        &cache,
    );
    assert_eq!(stdout(&out), "entity,n-revs\ncaf\\xE9.py,2\nok.py,1\n");
    assert!(stderr(&out).contains("not valid UTF-8"), "{}", stderr(&out));
}

#[test]
fn cache_reuses_mined_commits_and_mines_only_new_ones() {
    let mut repo = TestRepo::new();
    repo.commit(ANN, "1", &[("a", Some("1"))]);
    repo.commit(ANN, "2", &[("a", Some("2"))]);
    let (_keep, cache) = cache_dir();
    let path = repo.path().to_str().unwrap().to_string();
    let first = planner(&["history", &path], &cache);
    assert!(
        stderr(&first).contains("(0 from cache, 2 mined)"),
        "{}",
        stderr(&first)
    );
    repo.commit(ANN, "3", &[("a", Some("3"))]);
    let second = planner(&["history", &path], &cache);
    assert!(
        stderr(&second).contains("(2 from cache, 1 mined)"),
        "{}",
        stderr(&second)
    );
    assert_eq!(stdout(&second), "entity,n-revs\na,3\n");
    let third = planner(&["history", &path], &cache);
    assert!(
        stderr(&third).contains("(3 from cache, 0 mined)"),
        "{}",
        stderr(&third)
    );
}

#[test]
fn history_rewritten_between_cached_runs_gives_fresh_results() {
    let mut repo = TestRepo::new();
    repo.commit(ANN, "1", &[("a", Some("1"))]);
    let base = repo.commit(ANN, "2", &[("b", Some("1"))]);
    repo.commit(ANN, "3", &[("c", Some("1"))]);
    repo.commit(ANN, "4", &[("c", Some("2"))]);
    let (_keep, cache) = cache_dir();
    let path = repo.path().to_str().unwrap().to_string();
    assert_eq!(
        stdout(&planner(&["history", &path], &cache)),
        "entity,n-revs\nc,2\na,1\nb,1\n"
    );
    // Force-push: drop commits 3 and 4, commit something else on top of 2.
    repo.set_head(base);
    repo.reset_files_to(base);
    repo.commit(ANN, "3'", &[("d", Some("1"))]);
    let after = planner(&["history", &path], &cache);
    assert_eq!(stdout(&after), "entity,n-revs\na,1\nb,1\nd,1\n");
    assert!(
        stderr(&after).contains("(2 from cache, 1 mined)"),
        "{}",
        stderr(&after)
    );
    let uncached = planner(&["history", &path, "--no-cache"], &cache);
    assert_eq!(stdout(&uncached), stdout(&after));
}

#[test]
fn mining_from_scratch_and_mining_around_cached_commits_agree() {
    // Branches, a merge and a rename: the first run walks and mines at once
    // (nothing cached); after a first-parent run has cached the mainline,
    // the full run walks first and mines only the side branch.
    let mut repo = TestRepo::new();
    let base = repo.commit(ANN, "1", &[("a.py", Some("a\n")), ("b.py", Some("b\n"))]);
    let side = repo.commit(
        ANN,
        "side",
        &[("c.py", Some("c\n")), ("a.py", Some("a2\n"))],
    );
    repo.set_head(base);
    repo.reset_files_to(base);
    let main = repo.commit(ANN, "2", &[("b.py", Some("b2\n")), ("a.py", Some("a3\n"))]);
    repo.commit_with_parents(ANN, "merge", &[main, side]);
    repo.rename(ANN, "b.py", "d.py");
    repo.commit(ANN, "4", &[("d.py", Some("b3\n")), ("c.py", Some("c2\n"))]);
    let path = repo.path().to_str().unwrap().to_string();
    let args = |extra: &[&'static str]| {
        let mut args = vec![
            "history",
            path.as_str(),
            "-a",
            "coupling",
            "--min-revs",
            "1",
        ];
        args.extend_from_slice(&["--min-shared-revs", "1", "--line-counts"]);
        args.extend_from_slice(extra);
        args.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let run = |extra: &[&'static str], cache: &std::path::Path| {
        let owned = args(extra);
        let refs: Vec<&str> = owned.iter().map(String::as_str).collect();
        planner(&refs, cache)
    };
    let (_keep, cache) = cache_dir();
    let scratch = run(&[], &cache);
    assert!(
        stderr(&scratch).contains("(0 from cache, 6 mined)"),
        "{}",
        stderr(&scratch)
    );

    let (_keep2, cache2) = cache_dir();
    run(&["--first-parent"], &cache2);
    let around = run(&[], &cache2);
    assert!(
        stderr(&around).contains("from cache, 1 mined)"),
        "{}",
        stderr(&around)
    );
    assert_eq!(stdout(&scratch), stdout(&around));
    assert!(stdout(&scratch).lines().count() > 2, "{}", stdout(&scratch));
}

#[test]
fn since_leaves_older_commits_undiffed_and_out_of_the_cache() {
    let mut repo = TestRepo::new();
    // One commit a day from 2020-09-13.
    repo.commit(ANN, "1", &[("a", Some("1")), ("b", Some("1"))]);
    repo.commit(ANN, "2", &[("a", Some("2"))]);
    repo.commit(ANN, "3", &[("a", Some("3")), ("c", Some("1"))]);
    let (_keep, cache) = cache_dir();
    let path = repo.path().to_str().unwrap().to_string();
    let windowed = planner(&["history", &path, "--since", "2020-09-15"], &cache);
    assert_eq!(stdout(&windowed), "entity,n-revs\na,1\nc,1\n");
    // Only the commit inside the window was diffed, so only it is cached:
    // a run over the whole history mines the other two.
    let whole = planner(&["history", &path], &cache);
    assert!(
        stderr(&whole).contains("(1 from cache, 2 mined)"),
        "{}",
        stderr(&whole)
    );
    assert_eq!(stdout(&whole), "entity,n-revs\na,3\nb,1\nc,1\n");
    let uncached = planner(&["history", &path, "--no-cache"], &cache);
    assert_eq!(stdout(&uncached), stdout(&whole));
}
