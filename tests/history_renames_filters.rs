//! Rename tracking, deleted files, path and author excludes, .mailmap,
//! dates and logical changesets.

mod history_support;
use history_support::*;

const ANN: &str = "Ann <ann@example.com>";
const BOB: &str = "Bob <bob@example.com>";

fn run(repo: &TestRepo, extra: &[&str]) -> String {
    let (_keep, cache) = cache_dir();
    let mut args = vec!["history", repo.path().to_str().unwrap(), "--no-cache"];
    args.extend_from_slice(extra);
    stdout(&planner(&args, &cache))
}

#[test]
fn history_follows_a_file_across_renames() {
    let mut repo = TestRepo::new();
    let body = "def f():\n    return 1\n\n\ndef g():\n    return 2\n";
    repo.commit(ANN, "add", &[("old/name.py", Some(body))]);
    repo.commit(
        ANN,
        "edit",
        &[("old/name.py", Some(&format!("{body}# more\n")))],
    );
    repo.rename(ANN, "old/name.py", "new/name.py");
    repo.commit(
        ANN,
        "edit again",
        &[("new/name.py", Some(&format!("{body}# more\n# again\n")))],
    );
    assert_eq!(
        run(&repo, &["-a", "revisions"]),
        "entity,n-revs\nnew/name.py,4\n"
    );
    // Without rename tracking both names stay, as code-maat shows them.
    assert_eq!(
        run(&repo, &["-a", "revisions", "--no-renames"]),
        "entity,n-revs\nold/name.py,3\nnew/name.py,2\n"
    );
}

#[test]
fn a_rename_with_edits_is_followed_when_most_content_stays() {
    let mut repo = TestRepo::new();
    let body: String = (0..20).map(|i| format!("line {i}\n")).collect();
    repo.commit(
        ANN,
        "add",
        &[("lib/a.py", Some(&body)), ("lib/b.py", Some("x\n"))],
    );
    // Moved and edited in one commit: 19 of 20 lines stay.
    let edited = body.replace("line 3\n", "line three\n");
    repo.commit(
        ANN,
        "move",
        &[("lib/a.py", None), ("pkg/a.py", Some(&edited))],
    );
    // Deleted and a different file added: not a rename.
    repo.commit(
        ANN,
        "replace",
        &[
            ("lib/b.py", None),
            ("lib/c.py", Some("something else entirely\n")),
        ],
    );
    assert_eq!(
        run(&repo, &["-a", "revisions"]),
        "entity,n-revs\npkg/a.py,2\nlib/c.py,1\n"
    );
}

#[test]
fn empty_files_are_never_taken_for_renames() {
    let mut repo = TestRepo::new();
    repo.commit(
        ANN,
        "add",
        &[("old/__init__.py", Some("")), ("old/x.py", Some("1"))],
    );
    repo.commit(
        ANN,
        "edit",
        &[("old/__init__.py", Some("")), ("old/x.py", Some("2"))],
    );
    repo.commit(
        ANN,
        "swap",
        &[("old/__init__.py", None), ("new/__init__.py", Some(""))],
    );
    assert_eq!(
        run(&repo, &["-a", "revisions", "--no-excludes"]),
        "entity,n-revs\nold/x.py,2\nnew/__init__.py,1\n"
    );
}

#[test]
fn a_chain_of_renames_ends_at_the_current_name() {
    let mut repo = TestRepo::new();
    let body = "line one\nline two\nline three\nline four\n";
    repo.commit(ANN, "add", &[("a.txt", Some(body))]);
    repo.rename(ANN, "a.txt", "b.txt");
    repo.rename(ANN, "b.txt", "c.txt");
    assert_eq!(run(&repo, &["-a", "revisions"]), "entity,n-revs\nc.txt,3\n");
}

#[test]
fn deleted_files_drop_out_of_results() {
    let mut repo = TestRepo::new();
    repo.commit(
        ANN,
        "add",
        &[("keep.py", Some("1")), ("gone.py", Some("1"))],
    );
    repo.commit(ANN, "rm", &[("gone.py", None), ("keep.py", Some("2"))]);
    assert_eq!(
        run(&repo, &["-a", "revisions"]),
        "entity,n-revs\nkeep.py,2\n"
    );
}

#[test]
fn tests_lockfiles_and_migrations_are_excluded_by_default() {
    let mut repo = TestRepo::new();
    repo.commit(
        ANN,
        "all",
        &[
            ("app/models.py", Some("1")),
            ("app/tests/test_models.py", Some("1")),
            ("app/migrations/0001_initial.py", Some("1")),
            ("poetry.lock", Some("1")),
        ],
    );
    assert_eq!(
        run(&repo, &["-a", "revisions"]),
        "entity,n-revs\napp/models.py,1\n"
    );
    assert_eq!(
        run(&repo, &["-a", "revisions", "--no-excludes"])
            .lines()
            .count(),
        5
    );
}

#[test]
fn bots_are_excluded_and_mailmap_merges_identities() {
    let mut repo = TestRepo::new();
    repo.commit(
        ANN,
        "one",
        &[
            ("x.py", Some("1")),
            (
                ".mailmap",
                Some("Ann <ann@example.com> <ann@old.example.com>\n"),
            ),
        ],
    );
    repo.commit("ann <ann@old.example.com>", "two", &[("x.py", Some("2"))]);
    repo.commit(
        "dependabot[bot] <bot@github.com>",
        "bump",
        &[("x.py", Some("3"))],
    );
    let authors = run(&repo, &["-a", "authors"]);
    assert!(authors.contains("x.py,1,2,Ann,1.00,0.00,true"), "{authors}");
}

#[test]
fn since_and_until_select_commits_by_author_day() {
    let mut repo = TestRepo::new();
    // The clock starts at 2020-09-13 and adds a day per commit.
    repo.commit(ANN, "1", &[("a", Some("1"))]);
    repo.commit(ANN, "2", &[("b", Some("1"))]);
    repo.commit(ANN, "3", &[("c", Some("1"))]);
    assert_eq!(
        run(&repo, &["-a", "revisions", "--since", "2020-09-14"]),
        "entity,n-revs\nb,1\nc,1\n"
    );
    assert_eq!(
        run(&repo, &["-a", "revisions", "--until", "2020-09-14"]),
        "entity,n-revs\na,1\n"
    );
}

#[test]
fn ticket_ids_group_commits_into_one_changeset() {
    let mut repo = TestRepo::new();
    for _ in 0..5 {
        repo.commit(
            ANN,
            "PAY-12 server side",
            &[("api.py", Some(&repo.clock.to_string()))],
        );
        repo.commit(
            BOB,
            "PAY-12: client side",
            &[("ui.ts", Some(&repo.clock.to_string()))],
        );
        repo.commit(
            ANN,
            "unrelated",
            &[("other.py", Some(&repo.clock.to_string()))],
        );
    }
    let plain = run(
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
    assert_eq!(plain, "entity,coupled,degree,average-revs\n");
    let grouped = run(&repo, &["-a", "coupling", "--group-by", "ticket"]);
    // Every PAY-12 commit falls into one changeset: api.py and ui.ts once.
    assert_eq!(
        run(&repo, &["-a", "revisions", "--group-by", "ticket"]),
        "entity,n-revs\nother.py,5\napi.py,1\nui.ts,1\n"
    );
    assert_eq!(grouped, "entity,coupled,degree,average-revs\n");
    let grouped_low = run(
        &repo,
        &[
            "-a",
            "coupling",
            "--group-by",
            "ticket",
            "--min-revs",
            "1",
            "--min-shared-revs",
            "1",
        ],
    );
    assert_eq!(
        grouped_low,
        "entity,coupled,degree,average-revs\napi.py,ui.ts,100,1\n"
    );
}

#[test]
fn author_day_groups_one_authors_commits_on_one_day() {
    let mut repo = TestRepo::new();
    repo.commit(ANN, "1", &[("a", Some("1"))]);
    repo.clock -= DAY; // same day
    repo.commit(ANN, "2", &[("b", Some("1"))]);
    repo.commit(ANN, "3", &[("c", Some("1"))]);
    let out = run(
        &repo,
        &[
            "-a",
            "coupling",
            "--group-by",
            "author-day",
            "--min-revs",
            "1",
            "--min-shared-revs",
            "1",
        ],
    );
    assert_eq!(out, "entity,coupled,degree,average-revs\na,b,100,1\n");
}

#[test]
fn churn_counts_added_and_deleted_lines() {
    let mut repo = TestRepo::new();
    repo.commit(ANN, "1", &[("a.py", Some("one\ntwo\nthree\n"))]);
    repo.commit(ANN, "2", &[("a.py", Some("one\n2\nthree\nfour\n"))]);
    assert_eq!(
        run(&repo, &["-a", "churn"]),
        "entity,added,deleted,commits\na.py,5,1,2\n"
    );
}
