//! Code extraction (tree-sitter parse plus query pass, and the Python lexer)
//! on arbitrary bytes: it must never panic. The first byte picks the language
//! and the file name, so one corpus covers Python, Ruby, JavaScript and
//! TypeScript (TSX too).


use libfuzzer_sys::fuzz_target;
use planner::analysis::Language;
use planner::code::extract;
use planner::scan::SourceFile;
use planner::warnings::Warnings;

fn fuzz_one(language: Language, name: &str, data: &[u8]) {
    let file = SourceFile {
        rel: name.to_string(),
        abs: std::path::PathBuf::from(name),
        language,
        bytes: data.to_vec(),
    };
    let warnings = Warnings::new();
    let facts = extract(&file, &warnings);
    for import in &facts.imports {
        assert!(import.line >= 1);
    }
}

pub fn run(language: Language, names: &[&str], data: &[u8]) {
    let name = names[data.first().map_or(0, |b| *b as usize) % names.len()];
    fuzz_one(language, name, data);
}
