//! Bad input never stops the schema stage: truncated statements, another
//! dialect's syntax, binary junk, non-UTF-8 bytes and a 50 MB dump each give
//! warnings with file:line while every readable table is kept.

use planner::app::{analyze, RunOptions};
use planner::config::Config;
use planner::warnings::Warning;
use std::fmt::Write as _;
use std::time::Instant;

fn run(dir: &std::path::Path) -> (planner::schema::SchemaSection, Vec<Warning>) {
    let analysis = analyze(
        dir,
        &Config::default(),
        &RunOptions {
            progress: false,
            history: false,
            ..RunOptions::default()
        },
    )
    .expect("analysis runs");
    (analysis.schema.expect("schema found"), analysis.warnings)
}

fn names(s: &planner::schema::SchemaSection) -> Vec<&str> {
    s.tables.iter().map(|t| t.name.as_str()).collect()
}

#[test]
fn truncated_and_foreign_statements_warn_with_file_and_line_and_the_rest_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("schema.sql"),
        "CREATE TABLE a (id int PRIMARY KEY);\n\
         CREATE TABLE weird (id int) WITH SYSTEM VERSIONING PARTITION EVERY 3 GALAXIES;\n\
         CREATE TABLE c (id int PRIMARY KEY, a_id int REFERENCES a(id));\n\
         CREATE TABLE b (id int REFERENCES a(id), name text",
    )
    .unwrap();
    let (s, warnings) = run(dir.path());
    assert_eq!(names(&s), ["a", "c"]);
    assert_eq!(s.sources[0].failed, 2);
    let lines: Vec<Option<usize>> = warnings
        .iter()
        .filter(|w| w.path == "schema.sql")
        .map(|w| w.line)
        .collect();
    assert_eq!(lines, [Some(2), Some(4)]);
    assert!(warnings.iter().all(|w| !w.message.is_empty()));
}

#[test]
fn binary_junk_and_non_utf8_bytes_warn_and_do_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    let mut junk = Vec::new();
    let mut x: u32 = 12345;
    for _ in 0..200_000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        junk.push((x >> 16) as u8);
    }
    std::fs::write(dir.path().join("junk.sql"), &junk).unwrap();
    let mut latin1 = b"CREATE TABLE ok (id int PRIMARY KEY, name text DEFAULT 'caf".to_vec();
    latin1.extend_from_slice(&[0xE9, b'\'', b')', b';', b'\n']);
    latin1.extend_from_slice(b"CREATE TABLE ok2 (id int REFERENCES ok(id));\n");
    std::fs::write(dir.path().join("latin1.sql"), &latin1).unwrap();
    let (s, warnings) = run(dir.path());
    assert!(names(&s).contains(&"ok") && names(&s).contains(&"ok2"));
    assert!(warnings
        .iter()
        .any(|w| w.path == "latin1.sql" && w.line == Some(1) && w.message.contains("UTF-8")));
    assert!(warnings
        .iter()
        .any(|w| w.path == "junk.sql" && w.line.is_some()));
}

#[test]
fn unknown_dialect_override_warns_and_detection_takes_over() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.sql"), "CREATE TABLE t (id int);").unwrap();
    let config = Config::parse("[schema]\ndialect = \"cobol\"\n").unwrap();
    let analysis = analyze(
        dir.path(),
        &config,
        &RunOptions {
            progress: false,
            history: false,
            ..RunOptions::default()
        },
    )
    .unwrap();
    assert!(analysis
        .warnings
        .iter()
        .any(|w| w.message.contains("unknown SQL dialect")));
    assert_eq!(analysis.schema.unwrap().tables.len(), 1);
}

/// A pg_dump-shaped file of about 50 MB: 2,000 tables with keys, and COPY
/// data making up the bulk, as in a real data dump.
fn fifty_megabytes() -> String {
    let mut out = String::with_capacity(52 * 1024 * 1024);
    out.push_str("SET client_encoding = 'UTF8';\n\\restrict abc\n");
    let row = "1\tsome text; with semicolons and 'quotes'\t2024-01-01 00:00:00\t\\N\n";
    for i in 0..2_000 {
        let _ = writeln!(
            out,
            "CREATE TABLE public.t{i} (\n    id bigint NOT NULL,\n    parent_id bigint,\n    name character varying(255),\n    created_at timestamp without time zone\n);"
        );
        let _ = writeln!(
            out,
            "ALTER TABLE ONLY public.t{i} ADD CONSTRAINT t{i}_pkey PRIMARY KEY (id);"
        );
        if i > 0 {
            let _ = writeln!(
                out,
                "ALTER TABLE ONLY public.t{i} ADD CONSTRAINT fk_{i} FOREIGN KEY (parent_id) REFERENCES public.t{}(id);",
                i / 2
            );
        }
        let _ = writeln!(
            out,
            "COPY public.t{i} (id, name, created_at, parent_id) FROM stdin;"
        );
        for _ in 0..400 {
            out.push_str(row);
        }
        out.push_str("\\.\n\n");
    }
    out
}

#[test]
fn a_fifty_megabyte_dump_is_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let text = fifty_megabytes();
    assert!(
        text.len() >= 50 * 1024 * 1024 - 1024 * 1024,
        "only {} bytes",
        text.len()
    );
    std::fs::write(dir.path().join("dump.sql"), &text).unwrap();
    let start = Instant::now();
    let (s, warnings) = run(dir.path());
    eprintln!("50 MB dump: {:?}", start.elapsed());
    assert!(
        warnings.is_empty(),
        "{:?}",
        &warnings[..warnings.len().min(3)]
    );
    assert_eq!(s.tables.len(), 2_000);
    assert_eq!(s.foreign_keys.len(), 1_999);
    assert_eq!(
        s.migration_order.order.first().map(String::as_str),
        Some("t0")
    );
}
