//! A lexical pass over Python source: one cheap walk over the bytes that
//! finds the logical lines that can hold imports, counts decision points and
//! collects SQL-looking string literals.
//!
//! Why: parsing every byte with tree-sitter costs about six times what
//! grimp's Rust parser does, and almost all of it is spent on code that holds
//! no import. This pass knows Python's tokens well enough to find logical
//! lines (strings, f-strings with nested quotes, comments, brackets,
//! backslash continuations) and their indentation; tree-sitter then parses
//! only the lines it hands over (`python.rs`).

use super::sql::{looks_like_sql, SqlString};

/// A logical line that may hold an import, by byte range in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub start: usize,
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
    /// Inside the body of `if TYPE_CHECKING:`.
    pub type_checking: bool,
}

#[derive(Debug, Default)]
pub struct Lexed {
    pub snippets: Vec<Snippet>,
    /// Decision points: `if elif for while except with and or case` tokens.
    pub branches: usize,
    pub sql_strings: Vec<SqlString>,
    /// The first tokenisation problem: (line, message).
    pub problem: Option<(usize, String)>,
    /// Attribute reads in code (not in strings or comments), as byte ranges:
    /// `a.b.C` gives (`a`, `b`) and (`a.b`, `C`). Read against import
    /// bindings to find the names a file takes from an imported module.
    pub attributes: Vec<Attribute>,
}

/// `prefix.name` in the source: both as byte ranges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attribute {
    pub prefix: (usize, usize),
    pub name: (usize, usize),
}

const BRANCH_WORDS: &[&[u8]] = &[
    b"if", b"elif", b"for", b"while", b"except", b"with", b"and", b"or",
];

struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
    line: usize,
    out: Lexed,
    /// The literal being built from adjacent pieces (`"SELECT … " "FROM t"`
    /// is one string in Python): its first line, text, and end offset.
    literal: Option<(usize, Vec<u8>, usize)>,
    /// The last identifier read: where its dotted chain starts, and its end.
    last_word: Option<(usize, usize)>,
}

/// What the tokens of one logical line say.
#[derive(Default)]
struct LineInfo {
    first_word: Option<(usize, usize)>,
    has_import: bool,
    mentions_type_checking: bool,
    has_not: bool,
}

pub fn lex(src: &[u8]) -> Lexed {
    let mut lexer = Lexer {
        src,
        pos: 0,
        line: 1,
        out: Lexed::default(),
        literal: None,
        last_word: None,
    };
    lexer.run();
    lexer.flush_literal();
    lexer.out
}

impl<'a> Lexer<'a> {
    fn peek(&self, offset: usize) -> u8 {
        self.src.get(self.pos + offset).copied().unwrap_or(0)
    }

    fn problem(&mut self, line: usize, message: impl Into<String>) {
        if self.out.problem.is_none() {
            self.out.problem = Some((line, message.into()));
        }
    }

    fn run(&mut self) {
        // Open `if TYPE_CHECKING:` blocks, by the indentation of their `if`.
        let mut type_checking: Vec<usize> = Vec::new();
        while self.pos < self.src.len() {
            let indent = self.skip_indentation();
            if self.pos >= self.src.len() {
                break;
            }
            match self.peek(0) {
                b'\n' => {
                    self.pos += 1;
                    self.line += 1;
                    continue;
                }
                b'#' => {
                    self.skip_comment();
                    continue;
                }
                _ => {}
            }
            let (start, line) = (self.pos, self.line);
            let info = self.logical_line();
            let first = info.first_word.map(|(s, e)| &self.src[s..e]);
            // A statement at or left of an open block's `if` closes it; an
            // `else`/`elif` at the same column starts the run-time branch.
            while type_checking.last().is_some_and(|&i| indent <= i) {
                type_checking.pop();
            }
            let in_type_checking = !type_checking.is_empty();
            if info.has_import {
                self.out.snippets.push(Snippet {
                    start,
                    end: self.pos,
                    line,
                    type_checking: in_type_checking,
                });
            }
            if first == Some(b"if".as_slice()) && info.mentions_type_checking && !info.has_not {
                type_checking.push(indent);
            }
        }
    }

    /// Skips spaces and tabs at a line start; returns the column (tabs to 8).
    fn skip_indentation(&mut self) -> usize {
        let mut column = 0;
        while let b' ' | b'\t' | b'\x0c' | b'\r' = self.peek(0) {
            column = if self.peek(0) == b'\t' {
                (column / 8 + 1) * 8
            } else {
                column + 1
            };
            self.pos += 1;
        }
        column
    }

    fn skip_comment(&mut self) {
        while self.pos < self.src.len() && self.peek(0) != b'\n' {
            self.pos += 1;
        }
    }

    /// Consumes one logical line, up to and including its final newline.
    fn logical_line(&mut self) -> LineInfo {
        let mut info = LineInfo::default();
        // Open brackets: (byte, line) of each.
        let mut brackets: Vec<(u8, usize)> = Vec::new();
        while self.pos < self.src.len() {
            let c = self.peek(0);
            match c {
                b'\n' => {
                    self.pos += 1;
                    self.line += 1;
                    if brackets.is_empty() {
                        return info;
                    }
                }
                b'\\' if self.peek(1) == b'\n' => {
                    self.pos += 2;
                    self.line += 1;
                }
                b'\\' if self.peek(1) == b'\r' && self.peek(2) == b'\n' => {
                    self.pos += 3;
                    self.line += 1;
                }
                b'#' => self.skip_comment(),
                b'(' | b'[' | b'{' => {
                    brackets.push((c, self.line));
                    self.pos += 1;
                }
                b')' | b']' | b'}' => {
                    if brackets.pop().is_none() {
                        let line = self.line;
                        self.problem(line, format!("unmatched '{}'", c as char));
                    }
                    self.pos += 1;
                }
                b'"' | b'\'' => self.string(false, self.pos),
                c if c == b'_' || c.is_ascii_alphabetic() || c >= 0x80 => {
                    let start = self.pos;
                    while matches!(self.peek(0), b'_' | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' | 0x80..=0xff)
                    {
                        self.pos += 1;
                    }
                    let word = &self.src[start..self.pos];
                    if matches!(self.peek(0), b'"' | b'\'') && is_string_prefix(word) {
                        let formatted = word.iter().any(|b| matches!(b, b'f' | b'F' | b't' | b'T'));
                        self.string(formatted, start);
                        continue;
                    }
                    // `a.b` with nothing between: the chain goes on.
                    let chain = self
                        .last_word
                        .filter(|&(_, end)| end + 1 == start && self.src[end] == b'.')
                        .map(|(chain, _)| chain);
                    if let Some(chain) = chain {
                        self.out.attributes.push(Attribute {
                            prefix: (chain, start - 1),
                            name: (start, self.pos),
                        });
                    }
                    self.last_word = Some((chain.unwrap_or(start), self.pos));
                    if info.first_word.is_none() {
                        info.first_word = Some((start, self.pos));
                        if word == b"case" {
                            self.out.branches += 1;
                        }
                    }
                    match word {
                        b"import" | b"import_module" | b"__import__" => info.has_import = true,
                        b"TYPE_CHECKING" => info.mentions_type_checking = true,
                        b"not" => info.has_not = true,
                        _ => {}
                    }
                    if BRANCH_WORDS.contains(&word) {
                        self.out.branches += 1;
                    }
                }
                b'0'..=b'9' => {
                    while matches!(self.peek(0), b'_' | b'.' | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z')
                    {
                        self.pos += 1;
                    }
                }
                _ => self.pos += 1,
            }
        }
        if let Some(&(open, line)) = brackets.first() {
            self.problem(line, format!("'{}' is never closed", open as char));
        }
        info
    }

    /// Consumes a string literal starting at the quote under the cursor. In an
    /// f-string, `{…}` fields are code and may hold strings of their own.
    fn string(&mut self, formatted: bool, literal_start: usize) {
        let quote = self.peek(0);
        let start_line = self.line;
        let triple = self.peek(1) == quote && self.peek(2) == quote;
        let width = if triple { 3 } else { 1 };
        self.pos += width;
        let content_start = self.pos;
        loop {
            if self.pos >= self.src.len() {
                self.problem(start_line, "string is never closed");
                return;
            }
            let c = self.peek(0);
            match c {
                b'\\' => {
                    if self.peek(1) == b'\n' {
                        self.line += 1;
                    }
                    self.pos += 2;
                }
                b'\n' if !triple => {
                    self.problem(start_line, "string is never closed on its line");
                    return;
                }
                b'\n' => {
                    self.line += 1;
                    self.pos += 1;
                }
                b'{' if formatted && self.peek(1) == b'{' => self.pos += 2,
                b'{' if formatted => {
                    self.pos += 1;
                    self.replacement_field();
                }
                _ if c == quote
                    && (!triple || (self.peek(1) == quote && self.peek(2) == quote)) =>
                {
                    let content_end = self.pos;
                    self.pos += width;
                    self.add_literal_piece(literal_start, start_line, content_start..content_end);
                    return;
                }
                _ => self.pos += 1,
            }
        }
    }

    /// Joins a literal to the previous one when only whitespace or line
    /// continuations separate them, as Python does; otherwise the previous
    /// literal is complete and is checked for SQL.
    fn add_literal_piece(&mut self, start: usize, line: usize, content: std::ops::Range<usize>) {
        let piece = &self.src[content];
        if let Some((_, text, end)) = &mut self.literal {
            let between = self.src.get(*end..start).unwrap_or(b"x");
            if between
                .iter()
                .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\\'))
            {
                text.extend_from_slice(piece);
                *end = self.pos;
                return;
            }
        }
        self.flush_literal();
        self.literal = Some((line, piece.to_vec(), self.pos));
    }

    fn flush_literal(&mut self) {
        let Some((line, text, _)) = self.literal.take() else {
            return;
        };
        if text.len() >= 10 {
            let text = String::from_utf8_lossy(&text);
            if looks_like_sql(&text) {
                self.out.sql_strings.push(SqlString {
                    line,
                    text: text.into_owned(),
                });
            }
        }
    }

    /// Inside `{…}` of an f-string, up to the matching `}`.
    fn replacement_field(&mut self) {
        let mut depth = 1;
        while self.pos < self.src.len() {
            match self.peek(0) {
                b'{' | b'(' | b'[' => {
                    depth += 1;
                    self.pos += 1;
                }
                b'}' | b')' | b']' => {
                    depth -= 1;
                    self.pos += 1;
                    if depth == 0 {
                        return;
                    }
                }
                b'"' | b'\'' => self.string(false, self.pos),
                b'\n' => {
                    self.line += 1;
                    self.pos += 1;
                }
                _ => self.pos += 1,
            }
        }
    }
}

fn is_string_prefix(word: &[u8]) -> bool {
    word.len() <= 2
        && word
            .iter()
            .all(|b| matches!(b.to_ascii_lowercase(), b'r' | b'b' | b'u' | b'f' | b't'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snippet_texts(src: &str) -> Vec<(usize, String, bool)> {
        lex(src.as_bytes())
            .snippets
            .iter()
            .map(|s| {
                (
                    s.line,
                    src[s.start..s.end].trim_end().to_string(),
                    s.type_checking,
                )
            })
            .collect()
    }

    #[test]
    fn finds_imports_at_any_depth_with_their_lines() {
        let src = "import os\n\ndef f():\n    from a.b import (\n        c,\n        d,\n    )\n    return c\n";
        assert_eq!(
            snippet_texts(src),
            vec![
                (1, "import os".to_string(), false),
                (
                    4,
                    "from a.b import (\n        c,\n        d,\n    )".to_string(),
                    false
                ),
            ]
        );
    }

    #[test]
    fn words_inside_strings_and_comments_are_not_imports() {
        let src = "x = 'import os'\ndoc = \"\"\"\nfrom a import b\n\"\"\"\n# import sys\ny = f\"{'import'}\"\n";
        assert!(snippet_texts(src).is_empty());
    }

    #[test]
    fn type_checking_block_ends_at_dedent_and_else() {
        let src =
            "if TYPE_CHECKING:\n    from a import A\n    import b\nelse:\n    import c\nimport d\n";
        let flags: Vec<bool> = snippet_texts(src)
            .into_iter()
            .map(|(_, _, tc)| tc)
            .collect();
        assert_eq!(flags, vec![true, true, false, false]);
    }

    #[test]
    fn f_strings_with_nested_quotes_do_not_derail_the_lexer() {
        let src = "s = f\"{d[\"k\"]} and {x!r:>{width}}\"\nimport after\n";
        assert_eq!(
            snippet_texts(src),
            vec![(2, "import after".to_string(), false)]
        );
    }

    #[test]
    fn backslash_continuation_joins_lines() {
        let src = "from a import b, \\\n    c\nimport d\n";
        let s = snippet_texts(src);
        assert_eq!(s[0].0, 1);
        assert!(s[0].1.ends_with("c"));
        assert_eq!(s[1].0, 3);
    }

    #[test]
    fn dynamic_import_calls_are_candidates() {
        let src = "def load():\n    return importlib.import_module('a.b')\n";
        assert_eq!(snippet_texts(src).len(), 1);
    }

    #[test]
    fn adjacent_literals_are_one_sql_string() {
        let src = b"cursor.execute(\n    \"SELECT u.email FROM users_user u \"\n    'JOIN payments_invoice i ON i.user_id = u.id'\n)\nx = 'SELECT 1 FROM a' + 'b'\n";
        let lexed = lex(src);
        assert_eq!(lexed.sql_strings.len(), 2, "{:?}", lexed.sql_strings);
        assert_eq!(lexed.sql_strings[0].line, 2);
        assert_eq!(
            lexed.sql_strings[0].text,
            "SELECT u.email FROM users_user u JOIN payments_invoice i ON i.user_id = u.id"
        );
        assert_eq!(lexed.sql_strings[1].text, "SELECT 1 FROM a");
    }

    #[test]
    fn counts_branches_and_finds_sql() {
        let lexed = lex(b"if a and b:\n    pass\nelif c:\n    q = \"SELECT id FROM payments\"\n");
        assert_eq!(lexed.branches, 3);
        assert_eq!(lexed.sql_strings.len(), 1);
        assert_eq!(lexed.sql_strings[0].line, 4);
    }

    #[test]
    fn unclosed_bracket_is_a_problem_at_its_line() {
        let lexed = lex(b"import os\n\ndef f(:\n    return 1\n");
        assert_eq!(lexed.problem.map(|(l, _)| l), Some(3));
    }

    #[test]
    fn unterminated_string_is_a_problem() {
        assert_eq!(lex(b"x = \"\"\"never\n").problem.map(|(l, _)| l), Some(1));
    }
}
