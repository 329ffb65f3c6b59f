//! Sentences of the report and the ADR read correctly (issue #14, item 9):
//! one foreign-key cycle per bullet, plurals, no empty "Order: .", ties said
//! as ties.
mod common;
use common::*;
use std::path::Path;

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn schema_markdown(dir: &Path) -> String {
    let out = run(&[
        "schema",
        dir.to_str().unwrap(),
        "--format",
        "markdown",
        "-q",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn each_foreign_key_cycle_is_its_own_bullet() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "db/schema.sql",
        "CREATE TABLE a (id int PRIMARY KEY, b_id int REFERENCES b (id));\n\
         CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));\n\
         CREATE TABLE c (id int PRIMARY KEY, d_id int REFERENCES d (id));\n\
         CREATE TABLE d (id int PRIMARY KEY, c_id int REFERENCES c (id));\n",
    );
    let md = schema_markdown(dir.path());
    let bullets: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with("- `") && l.contains(": cut "))
        .collect();
    assert_eq!(bullets.len(), 2, "{md}");
    assert!(
        bullets.iter().all(|b| b.matches(": cut ").count() == 1),
        "{bullets:?}"
    );
}

#[test]
fn one_table_and_one_key_are_counted_in_the_singular() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "db/schema.sql",
        "CREATE TABLE a (id int PRIMARY KEY, parent_id int REFERENCES a (id));\n",
    );
    let md = schema_markdown(dir.path());
    assert!(md.contains("1 table and 1 declared foreign key,"), "{md}");
}

#[test]
fn a_schema_without_tables_says_so_instead_of_an_empty_order() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "db/schema.sql", "SET x = 1;\n");
    write(dir.path(), "app/main.py", "import os\n");
    let md = schema_markdown(dir.path());
    assert!(!md.contains("Order: ."), "{md}");
    assert!(md.contains("No tables to order."), "{md}");
}

#[test]
fn adr_says_a_tie_is_a_tie() {
    let dir = tempfile::tempdir().unwrap();
    // alpha and beta are alike in every measure: their priorities tie.
    write(dir.path(), "shop/__init__.py", "");
    for name in ["alpha", "beta"] {
        write(dir.path(), &format!("shop/{name}/__init__.py"), "");
        write(dir.path(), &format!("shop/{name}/api.py"), "X = 1\n");
    }
    write(dir.path(), "shop/core/__init__.py", "");
    write(
        dir.path(),
        "shop/core/api.py",
        "from shop.alpha import api as a\nfrom shop.beta import api as b\n",
    );
    let out = tempfile::tempdir().unwrap();
    let output = run(&[
        "analyze",
        dir.path().to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "-q",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let adr_dir = out.path().join("adr");
    let mut texts = String::new();
    for entry in std::fs::read_dir(adr_dir).unwrap() {
        texts.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    assert!(texts.contains("ties with"), "{texts}");
    for line in texts
        .lines()
        .filter(|l| l.contains("ranks lower") || l.contains("ranks higher"))
    {
        let numbers: Vec<&str> = line
            .split(|c: char| !(c.is_ascii_digit() || c == '.'))
            .filter(|w| w.contains('.') && w.len() > 1)
            .collect();
        assert!(numbers.len() < 2 || numbers[0] != numbers[1], "{line}");
    }
}
