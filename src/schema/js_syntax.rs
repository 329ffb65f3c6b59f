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
        "template_string" if n.named_child_count() == 0 => {
            Some(text(n, src).trim_matches('`').to_string())
        }
        _ => None,
    }
}
