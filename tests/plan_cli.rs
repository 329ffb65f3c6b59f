//! `planner adr`, `dor`, `dod`, `templates` and `--templates`, end to end.

mod common;
use common::*;

fn fixture_str() -> String {
    fixture("python-shop").to_str().unwrap().to_string()
}

#[test]
fn adr_is_numbered_after_the_highest_adr_in_the_directory() {
    let dir = tempfile::TempDir::new().unwrap();
    std::fs::write(
        dir.path().join("0001-record-architecture-decisions.md"),
        "x",
    )
    .unwrap();
    std::fs::write(dir.path().join("0004-use-postgres.md"), "x").unwrap();
    let d = dir.path().to_str().unwrap();
    let out = run(&[
        "adr",
        "shop/notifications",
        &fixture_str(),
        "--dir",
        d,
        "-q",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("# 0005. Extract `shop/notifications` from the monolith"),
        "{text}"
    );
    assert!(text.starts_with("---\nstatus: proposed\n"), "{text}");

    let out = run(&[
        "adr",
        "shop/notifications",
        &fixture_str(),
        "--dir",
        d,
        "--write",
        "-q",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let written = dir.path().join("0005-extract-shop-notifications.md");
    assert_eq!(std::fs::read_to_string(written).unwrap(), text);
}

#[test]
fn dor_and_dod_print_one_checklist() {
    let dor = run(&["dor", "shop/notifications", &fixture_str(), "-q"]);
    assert!(dor.status.success(), "{}", stderr(&dor));
    assert!(stdout(&dor).starts_with("# Definition of Ready: extract `shop/notifications`"));
    let dod = run(&["dod", "shop/notifications", &fixture_str(), "-q"]);
    assert!(stdout(&dod).starts_with("# Definition of Done: extract `shop/notifications`"));
}

#[test]
fn unknown_or_support_modules_are_usage_errors() {
    let out = run(&["dor", "no/such", &fixture_str(), "-q"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no module named \"no/such\""),
        "{}",
        stderr(&out)
    );
    let out = run(&["adr", "scripts", &fixture_str(), "-q"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("support code"), "{}", stderr(&out));
}

#[test]
fn a_template_in_the_templates_dir_replaces_the_built_in_one() {
    let dir = tempfile::TempDir::new().unwrap();
    let out = run(&["templates", "--write", dir.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    for name in [
        "adr.md.j2",
        "dor.md.j2",
        "dod.md.j2",
        "report.md.j2",
        "er.md.j2",
        "report.html.j2",
    ] {
        assert!(dir.path().join(name).is_file(), "{name} not written");
    }
    // Writing again would overwrite edits: refused.
    let again = run(&["templates", "--write", dir.path().to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));

    let custom = tempfile::TempDir::new().unwrap();
    std::fs::write(
        custom.path().join("dor.md.j2"),
        "Ready? {{ p.module }} has {{ p.callers | length }} call sites.\n",
    )
    .unwrap();
    let out = run(&[
        "dor",
        "shop/notifications",
        &fixture_str(),
        "-q",
        "--templates",
        custom.path().to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("Ready? shop/notifications has "),
        "{}",
        stdout(&out)
    );

    let out_dir = tempfile::TempDir::new().unwrap();
    let out = run(&[
        "analyze",
        &fixture_str(),
        "--out",
        out_dir.path().to_str().unwrap(),
        "-q",
        "--templates",
        custom.path().to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let dor = std::fs::read_to_string(out_dir.path().join("dor/shop-notifications.md")).unwrap();
    assert!(dor.starts_with("Ready? shop/notifications"), "{dor}");
    // The others stay built in.
    let adr = std::fs::read_dir(out_dir.path().join("adr"))
        .unwrap()
        .count();
    assert!(adr >= 1);
}

#[test]
fn a_template_that_does_not_compile_is_an_input_error() {
    let custom = tempfile::TempDir::new().unwrap();
    std::fs::write(custom.path().join("adr.md.j2"), "{% if %}\n").unwrap();
    let out = run(&[
        "adr",
        "shop/notifications",
        &fixture_str(),
        "-q",
        "--templates",
        custom.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("adr.md.j2"), "{}", stderr(&out));
}
