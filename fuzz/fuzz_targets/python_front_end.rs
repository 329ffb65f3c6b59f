//! Python extraction on arbitrary bytes must never panic (see code_front_end.rs).
#![no_main]

#[path = "code_front_end.rs"]
mod code_front_end;

use libfuzzer_sys::fuzz_target;
use planner::analysis::Language;

fuzz_target!(|data: &[u8]| {
    code_front_end::run(Language::Python, &["app/models.py", "pkg/__init__.py", "types.pyi"], data);
});
