//! `planner.toml` parsing on arbitrary bytes: a broken file is an error,
//! never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = planner::config::Config::parse(&text);
});
