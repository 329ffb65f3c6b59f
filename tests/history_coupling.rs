//! Coupling, soc and revisions against code-maat's definitions, on
//! hand-built histories.

mod history_support;
use history_support::*;

const DEV: &str = "Dev <dev@example.com>";

fn run(repo: &TestRepo, extra: &[&str]) -> String {
    let (_keep, cache) = cache_dir();
    let mut args = vec!["history", repo.path().to_str().unwrap(), "--no-cache"];
    args.extend_from_slice(extra);
    stdout(&planner(&args, &cache))
}

#[test]
fn coupling_follows_code_maats_example_abc_then_ab() {
    let mut repo = TestRepo::new();
    repo.commit(
        DEV,
        "one",
        &[("A", Some("a1")), ("B", Some("b1")), ("C", Some("c1"))],
    );
    repo.commit(DEV, "two", &[("A", Some("a2")), ("B", Some("b2"))]);
    let csv = run(
        &repo,
        &[
            "-a",
            "coupling",
            "--min-revs",
            "1",
            "--min-shared-revs",
            "1",
        ],
    );
    // A–B: shared 2, average 2 → 100. A–C and B–C: shared 1, average 1.5 → 66,
    // average-revs rounded up to 2.
    assert_eq!(
        csv,
        "entity,coupled,degree,average-revs\nA,B,100,2\nA,C,66,2\nB,C,66,2\n"
    );
}

#[test]
fn coupling_defaults_need_five_shared_revisions() {
    let mut repo = TestRepo::new();
    for i in 0..4 {
        let c = format!("{i}");
        repo.commit(DEV, "pair", &[("x.py", Some(&c)), ("y.py", Some(&c))]);
    }
    let header = "entity,coupled,degree,average-revs\n";
    assert_eq!(run(&repo, &["-a", "coupling"]), header);
    repo.commit(DEV, "pair", &[("x.py", Some("5")), ("y.py", Some("5"))]);
    assert_eq!(
        run(&repo, &["-a", "coupling"]),
        format!("{header}x.py,y.py,100,5\n")
    );
}

#[test]
fn changesets_over_the_cap_drop_out_of_coupling_but_not_revisions() {
    let mut repo = TestRepo::new();
    repo.commit(DEV, "small", &[("a", Some("1")), ("b", Some("1"))]);
    repo.commit(
        DEV,
        "big",
        &[("a", Some("2")), ("b", Some("2")), ("c", Some("2"))],
    );
    let coupling = run(
        &repo,
        &[
            "-a",
            "coupling",
            "--min-revs",
            "1",
            "--min-shared-revs",
            "1",
            "--max-changeset-size",
            "2",
        ],
    );
    // Only the small commit counts: a–b shared 1, revs 1 and 1.
    assert_eq!(coupling, "entity,coupled,degree,average-revs\na,b,100,1\n");
    let soc = run(&repo, &["-a", "soc", "--max-changeset-size", "2"]);
    assert_eq!(soc, "entity,soc\na,1\nb,1\n");
    let revisions = run(&repo, &["-a", "revisions", "--max-changeset-size", "2"]);
    assert_eq!(revisions, "entity,n-revs\na,2\nb,2\nc,1\n");
}

#[test]
fn degree_is_truncated_and_thresholds_are_inclusive() {
    let mut repo = TestRepo::new();
    // p and q change together 1 time; p alone twice: revs 3 and 1, avg 2,
    // degree 50 exactly.
    repo.commit(DEV, "1", &[("p", Some("1")), ("q", Some("1"))]);
    repo.commit(DEV, "2", &[("p", Some("2"))]);
    repo.commit(DEV, "3", &[("p", Some("3"))]);
    let base = [
        "-a",
        "coupling",
        "--min-revs",
        "2",
        "--min-shared-revs",
        "1",
    ];
    let with = |extra: &[&str]| {
        let mut args: Vec<&str> = base.to_vec();
        args.extend_from_slice(extra);
        run(&repo, &args)
    };
    assert!(with(&["--min-coupling", "50"]).contains("p,q,50,2"));
    assert!(!with(&["--min-coupling", "51"]).contains("p,q"));
    assert!(!with(&["--max-coupling", "49"]).contains("p,q"));
}

#[test]
fn soc_adds_the_other_files_of_every_commit() {
    let mut repo = TestRepo::new();
    repo.commit(
        DEV,
        "1",
        &[("a", Some("1")), ("b", Some("1")), ("c", Some("1"))],
    );
    repo.commit(DEV, "2", &[("a", Some("2")), ("b", Some("2"))]);
    repo.commit(DEV, "3", &[("a", Some("3"))]);
    assert_eq!(run(&repo, &["-a", "soc"]), "entity,soc\na,3\nb,3\nc,2\n");
}

#[test]
fn json_format_has_the_same_rows_as_csv() {
    let mut repo = TestRepo::new();
    repo.commit(DEV, "1", &[("a", Some("1"))]);
    repo.commit(DEV, "2", &[("a", Some("2")), ("b", Some("1"))]);
    let json: serde_json::Value =
        serde_json::from_str(&run(&repo, &["-a", "revisions", "--format", "json"])).unwrap();
    assert_eq!(
        json,
        serde_json::json!([{"entity": "a", "n-revs": 2}, {"entity": "b", "n-revs": 1}])
    );
}

#[test]
fn merges_are_left_out_unless_asked_for() {
    let mut repo = TestRepo::new();
    let base = repo.commit(DEV, "base", &[("a", Some("1"))]);
    let main = repo.commit(DEV, "main", &[("a", Some("2"))]);
    repo.reset_files_to(base);
    repo.stage(&[("b", Some("1"))]);
    let side = repo.commit_with_parents(DEV, "side", &[base]);
    repo.reset_files_to(main);
    repo.stage(&[("b", Some("1"))]);
    repo.commit_with_parents(DEV, "merge side", &[main, side]);
    assert_eq!(
        run(&repo, &["-a", "revisions"]),
        "entity,n-revs\na,2\nb,1\n"
    );
    // Diffed against its first parent, the merge brings in b.
    assert_eq!(
        run(&repo, &["-a", "revisions", "--include-merges"]),
        "entity,n-revs\na,2\nb,2\n"
    );
    // The mainline alone: base, main and the merge.
    assert_eq!(
        run(
            &repo,
            &["-a", "revisions", "--first-parent", "--include-merges"]
        ),
        "entity,n-revs\na,2\nb,1\n"
    );
}
