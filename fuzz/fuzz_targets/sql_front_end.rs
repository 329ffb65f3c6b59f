//! The statement splitter and the SQL front end on arbitrary bytes: they must
//! never panic, whatever the dialect.
#![no_main]

use libfuzzer_sys::fuzz_target;
use planner::schema::split::{split, SplitOptions};
use planner::schema::{read_sql, DialectChoice};
use planner::warnings::Warnings;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for mysql in [false, true] {
        let parts = split(&text, SplitOptions { mysql });
        for s in &parts.statements {
            assert!(s.line >= 1);
        }
    }
    // The first byte picks a dialect, so every dialect gets fuzzed.
    let names = ["postgres", "mysql", "sqlite", "generic", "mssql", "snowflake"];
    let name = names[data.first().map_or(0, |b| *b as usize) % names.len()];
    if let Some(dialect) = DialectChoice::named(name) {
        let warnings = Warnings::new();
        let _ = read_sql("fuzz.sql", &text, &dialect, &warnings);
    }
    let _ = planner::schema::detect_dialect(&text);
});
