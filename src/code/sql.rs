//! String literals that hold SQL (`cursor.execute("SELECT … FROM payments")`),
//! kept so the schema stage can find which tables code reads or writes.

use super::{line_of, node_text};
use tree_sitter::Node;

/// A string literal that looks like SQL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlString {
    pub line: usize,
    /// The literal without its quotes; interpolations are left as written.
    pub text: String,
}

const KEYWORDS: &[&str] = &[
    "select", "insert", "update", "delete", "with", "merge", "truncate",
];

/// The literal at `node` when it looks like SQL.
pub fn from_literal(node: Node, source: &[u8]) -> Option<SqlString> {
    let raw = node_text(node, source);
    let text = unquote(&raw);
    looks_like_sql(text).then(|| SqlString {
        line: line_of(node),
        text: text.to_string(),
    })
}

/// Strips string prefixes (`r`, `f`, `b`, …) and quotes of any language.
fn unquote(raw: &str) -> &str {
    let body = raw.trim_start_matches(|c: char| c.is_ascii_alphabetic() && c != '"' && c != '\'');
    for quote in ["\"\"\"", "'''", "\"", "'", "`"] {
        if let Some(inner) = body.strip_prefix(quote).and_then(|b| b.strip_suffix(quote)) {
            return inner;
        }
    }
    raw
}

/// A SQL keyword first, then a clause that names a table.
pub fn looks_like_sql(text: &str) -> bool {
    let trimmed = text.trim_start().trim_start_matches('(');
    let first: String = trimmed
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_lowercase();
    if !KEYWORDS.contains(&first.as_str()) {
        return false;
    }
    let lower = trimmed.to_ascii_lowercase();
    [" from ", " into ", " join ", "update ", " table "]
        .iter()
        .any(|k| lower.contains(k))
        || lower.contains("\nfrom ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sql_needs_a_keyword_and_a_table_clause() {
        assert!(looks_like_sql("SELECT id FROM payments WHERE x = 1"));
        assert!(looks_like_sql("update orders set x = 1"));
        assert!(!looks_like_sql("Select a payment method"));
        assert!(!looks_like_sql("selected from the list"));
    }

    #[test]
    fn unquote_handles_prefixes_and_triple_quotes() {
        assert_eq!(unquote("r\"\"\"SELECT 1\"\"\""), "SELECT 1");
        assert_eq!(unquote("`SELECT ${x}`"), "SELECT ${x}");
        assert_eq!(unquote("'a'"), "a");
    }
}
