//! String literals that hold SQL (`cursor.execute("SELECT … FROM payments")`),
//! kept so the schema stage can find which tables code reads or writes.

use super::{line_of, node_text};
use streaming_iterator::StreamingIterator;
use tree_sitter::{Node, Query, QueryCursor};

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

pub fn extract(query: &Query, root: Node, source: &[u8]) -> Vec<SqlString> {
    let mut out = Vec::new();
    let mut cursor = QueryCursor::new();
    let mut matches = cursor.matches(query, root, source);
    while let Some(m) = matches.next() {
        for capture in m.captures {
            let raw = node_text(capture.node, source);
            let text = unquote(&raw);
            if looks_like_sql(text) {
                out.push(SqlString {
                    line: line_of(capture.node),
                    text: text.to_string(),
                });
            }
        }
    }
    out
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
