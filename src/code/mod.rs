//! Stage 2: parse each source file with tree-sitter and pull out what it
//! depends on. Languages are data: a row in `languages.rs` plus queries in
//! `grammars/<lang>/`; the per-language files only interpret query captures.

mod javascript;
mod languages;
mod python;
mod ruby;
mod sql;
mod text;

pub use sql::SqlString;

use crate::analysis::{EdgeKind, Language};
use crate::scan::SourceFile;
use crate::warnings::Warnings;
use languages::Grammar;
use std::cell::RefCell;
use streaming_iterator::StreamingIterator;
use tree_sitter::{Node, Parser, QueryCursor, Tree};

/// One dependency as written in the source, before resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawImport {
    pub kind: EdgeKind,
    /// Python: dotted module (`a.b`, relative ones without dots, see `level`).
    /// JS/TS: the specifier string. Ruby: the constant path or required path.
    pub specifier: String,
    /// Names taken from the target: Python `from x import a, b`, JS named
    /// imports (`default`, `*` for namespaces).
    pub names: Vec<String>,
    /// 1-based line of the statement.
    pub line: usize,
    /// Python: the number of leading dots of a relative import.
    pub level: usize,
    /// Ruby: the lexical namespace path at the reference (`["Foo", "Bar"]`).
    pub nesting: Vec<String>,
}

/// Everything the code stage learns about one file.
#[derive(Debug, Clone, Default)]
pub struct FileFacts {
    pub loc: usize,
    /// 1 + decision points (McCabe-style), summed over the file.
    pub complexity: usize,
    pub imports: Vec<RawImport>,
    /// Ruby: constants this file defines (`Foo::Bar`), fully qualified.
    pub defines: Vec<String>,
    /// String literals that look like SQL, for table-access analysis.
    pub sql_strings: Vec<SqlString>,
}

/// Parses `file` and extracts its facts. Syntax errors become a warning that
/// names the first bad line; whatever parsed is still used.
pub fn extract(file: &SourceFile, warnings: &Warnings) -> FileFacts {
    let grammar = Grammar::for_file(file.language, &file.rel);
    let source = &file.bytes;
    let loc = text::count_loc(source);
    let Some(tree) = parse(grammar, source) else {
        warnings.push(
            &file.rel,
            None,
            "tree-sitter could not parse this file; skipped",
        );
        return FileFacts {
            loc,
            ..FileFacts::default()
        };
    };
    let root = tree.root_node();
    if root.has_error() {
        let line = first_error_line(root);
        warnings.push(
            &file.rel,
            line,
            "syntax error; dependencies after it may be missed",
        );
    }
    let query = &grammar.spec().query;
    let names = query.capture_names();
    let mut facts = FileFacts {
        loc,
        complexity: 1,
        ..FileFacts::default()
    };
    let on_match = match file.language {
        Language::Python => python::on_match,
        Language::Ruby => ruby::on_match,
        Language::JavaScript | Language::TypeScript => javascript::on_match,
    };
    let mut cursor = QueryCursor::new();
    let mut matches = cursor.matches(query, root, source.as_slice());
    while let Some(m) = matches.next() {
        let Some(first) = m.captures.first() else {
            continue;
        };
        match names[first.index as usize] {
            "branch" => facts.complexity += 1,
            "string" => {
                if let Some(sql) = sql::from_literal(first.node, source) {
                    facts.sql_strings.push(sql);
                }
            }
            _ => on_match(m, names, source, &mut facts),
        }
    }
    facts
        .imports
        .sort_by(|a, b| (a.line, &a.specifier, a.kind).cmp(&(b.line, &b.specifier, b.kind)));
    facts.imports.dedup();
    facts.defines.sort();
    facts.defines.dedup();
    facts
}

thread_local! {
    static PARSER: RefCell<Parser> = RefCell::new(Parser::new());
}

fn parse(grammar: Grammar, source: &[u8]) -> Option<Tree> {
    PARSER.with(|parser| {
        let mut parser = parser.borrow_mut();
        parser.set_language(&grammar.ts_language()).ok()?;
        parser.parse(source, None)
    })
}

fn first_error_line(root: Node) -> Option<usize> {
    let mut cursor = root.walk();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if node.is_error() || node.is_missing() {
            return Some(node.start_position().row + 1);
        }
        if node.has_error() {
            let children: Vec<Node> = node.children(&mut cursor).collect();
            stack.extend(children.into_iter().rev());
        }
    }
    None
}

/// The text of a node, lossily decoded (non-UTF-8 bytes never stop analysis).
pub(crate) fn node_text(node: Node, source: &[u8]) -> String {
    String::from_utf8_lossy(&source[node.byte_range()]).into_owned()
}

pub(crate) fn line_of(node: Node) -> usize {
    node.start_position().row + 1
}
