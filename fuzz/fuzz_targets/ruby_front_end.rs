//! Ruby extraction on arbitrary bytes must never panic (see code_front_end.rs).
#![no_main]

#[path = "code_front_end.rs"]
mod code_front_end;

use libfuzzer_sys::fuzz_target;
use planner::analysis::Language;

fuzz_target!(|data: &[u8]| {
    code_front_end::run(Language::Ruby, &["app/models/user.rb", "lib/tasks/db.rake"], data);
});
