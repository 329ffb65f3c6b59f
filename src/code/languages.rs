//! The language table: which tree-sitter grammar and which queries each
//! language uses. Adding a language means adding a row here and queries in
//! `grammars/`.

use crate::analysis::Language;
use std::sync::OnceLock;
use tree_sitter::Query;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grammar {
    Python,
    Ruby,
    JavaScript,
    TypeScript,
    Tsx,
}

/// One compiled query per grammar: the language's dependency patterns, then
/// its decision points (`@branch`), then its string literals (`@string`).
/// One query means one walk over each tree.
pub struct Spec {
    pub query: Query,
    /// The dependency patterns alone, for Python's candidate lines (see
    /// `python_lex.rs`), where complexity and strings come from the lexer.
    pub imports: Query,
}

impl Grammar {
    pub fn for_file(language: Language, rel: &str) -> Grammar {
        match language {
            Language::Python => Grammar::Python,
            Language::Ruby => Grammar::Ruby,
            // JSX parses with the JavaScript grammar, which includes it.
            Language::JavaScript => Grammar::JavaScript,
            Language::TypeScript if rel.ends_with(".tsx") => Grammar::Tsx,
            Language::TypeScript => Grammar::TypeScript,
        }
    }

    pub fn ts_language(self) -> tree_sitter::Language {
        match self {
            Grammar::Python => tree_sitter_python::LANGUAGE.into(),
            Grammar::Ruby => tree_sitter_ruby::LANGUAGE.into(),
            Grammar::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
            Grammar::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            Grammar::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
        }
    }

    fn sources(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Grammar::Python => (
                include_str!("../../grammars/python/imports.scm"),
                include_str!("../../grammars/python/complexity.scm"),
                include_str!("../../grammars/python/strings.scm"),
            ),
            Grammar::Ruby => (
                include_str!("../../grammars/ruby/references.scm"),
                include_str!("../../grammars/ruby/complexity.scm"),
                include_str!("../../grammars/ruby/strings.scm"),
            ),
            Grammar::JavaScript => (
                include_str!("../../grammars/javascript/imports.scm"),
                include_str!("../../grammars/javascript/complexity.scm"),
                include_str!("../../grammars/javascript/strings.scm"),
            ),
            Grammar::TypeScript | Grammar::Tsx => (
                include_str!("../../grammars/typescript/imports.scm"),
                include_str!("../../grammars/typescript/complexity.scm"),
                include_str!("../../grammars/typescript/strings.scm"),
            ),
        }
    }

    /// The compiled queries, built once per grammar. The queries ship inside
    /// the binary, so a failure to compile is a bug in planner, caught by the
    /// `every_grammar_query_compiles` test.
    pub fn spec(self) -> &'static Spec {
        static CELLS: [OnceLock<Spec>; 5] = [
            OnceLock::new(),
            OnceLock::new(),
            OnceLock::new(),
            OnceLock::new(),
            OnceLock::new(),
        ];
        CELLS[self as usize].get_or_init(|| {
            let language = self.ts_language();
            let (imports, complexity, strings) = self.sources();
            let source = format!("{imports}\n{complexity}\n{strings}");
            Spec {
                query: Query::new(&language, &source)
                    .unwrap_or_else(|e| panic!("bug: {self:?} queries in grammars/: {e}")),
                imports: Query::new(&language, imports)
                    .unwrap_or_else(|e| panic!("bug: {self:?} import query: {e}")),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_grammar_query_compiles() {
        for g in [
            Grammar::Python,
            Grammar::Ruby,
            Grammar::JavaScript,
            Grammar::TypeScript,
            Grammar::Tsx,
        ] {
            let _ = g.spec();
        }
    }
}
