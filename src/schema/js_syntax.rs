//! Small helpers over tree-sitter JavaScript/TypeScript nodes, shared by the
//! Sequelize and Knex readers.

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
