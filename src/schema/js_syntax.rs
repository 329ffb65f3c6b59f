//! Small helpers over tree-sitter JavaScript/TypeScript nodes, shared by the
//! Sequelize, Knex, TypeORM, Mongoose and Drizzle readers.

use tree_sitter::Node;

pub(super) fn text<'s>(n: Node, src: &'s [u8]) -> &'s str {
    n.utf8_text(src).unwrap_or("")
}

pub(super) fn string_value(n: Node, src: &[u8]) -> Option<String> {
    match n.kind() {
        "string" => Some(
            text(n, src)
                .trim_matches(|c| c == '"' || c == '\'')
                .to_string(),
        ),
        // A template without `${…}` (its parts are only string fragments
        // and escapes).
        "template_string" => {
            let mut c = n.walk();
            let plain = n
                .named_children(&mut c)
                .all(|p| matches!(p.kind(), "string_fragment" | "escape_sequence"));
            plain.then(|| text(n, src).trim_matches('`').to_string())
        }
        _ => None,
    }
}

/// Parses one JS/TS file for a schema reader; a file with syntax errors is
/// still read, with a warning naming its first bad line ("syntax error in
/// {what}; the rest was read"). None when it cannot be parsed at all.
pub(super) fn parse_reporting(
    file: &crate::scan::SourceFile,
    what: &str,
    warnings: &crate::warnings::Warnings,
) -> Option<tree_sitter::Tree> {
    let tree = crate::code::parse_file(file)?;
    if tree.root_node().has_error() {
        warnings.push(
            &file.rel,
            super::rails::first_error_line(tree.root_node()),
            format!("syntax error in {what}; the rest was read"),
        );
    }
    Some(tree)
}
