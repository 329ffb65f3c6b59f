//! Splits a SQL file into statements, because sqlparser has no error recovery:
//! one bad statement would otherwise lose the whole file. The splitter knows
//! quotes (`'…'`, `"…"`, `` `…` ``, `E'…'`), comments (`--`, `/* */` nested,
//! MySQL `#`), PostgreSQL dollar quotes (`$$`, `$tag$`), psql `\` commands,
//! `COPY … FROM stdin` data blocks, MySQL `DELIMITER` and SQLite trigger
//! bodies (`BEGIN … END;`). It works on bytes and never panics; whatever is
//! left unterminated at the end of the file becomes a last statement, which
//! the parser then reports.

use std::borrow::Cow;

#[derive(Debug, Clone, Copy, Default)]
pub struct SplitOptions {
    /// MySQL: backslash escapes inside quotes and `#` comments.
    pub mysql: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement<'a> {
    /// The statement without its delimiter; MySQL `/*! … */` hints blanked.
    pub text: Cow<'a, str>,
    /// 1-based line of the statement's first character.
    pub line: usize,
}

/// The statements, plus how many psql `\` command lines and `COPY` data
/// lines were skipped.
#[derive(Debug, Default)]
pub struct Split<'a> {
    pub statements: Vec<Statement<'a>>,
    pub meta_commands: usize,
    pub copy_blocks: usize,
}

struct Cursor<'a> {
    src: &'a str,
    b: &'a [u8],
    i: usize,
    line: usize,
}

impl Cursor<'_> {
    fn peek(&self, k: usize) -> u8 {
        self.b.get(self.i + k).copied().unwrap_or(0)
    }

    fn bump(&mut self) {
        if self.b.get(self.i) == Some(&b'\n') {
            self.line += 1;
        }
        self.i += 1;
    }

    fn skip_to_eol(&mut self) {
        while self.i < self.b.len() && self.b[self.i] != b'\n' {
            self.i += 1;
        }
    }

    /// Skips `/* … */`, nested as PostgreSQL allows. Returns whether it was a
    /// MySQL `/*!` hint.
    fn skip_block_comment(&mut self) -> bool {
        let hint = self.peek(2) == b'!';
        self.i += 2;
        let mut depth = 1;
        while self.i < self.b.len() {
            if self.peek(0) == b'*' && self.peek(1) == b'/' {
                self.i += 2;
                depth -= 1;
                if depth == 0 {
                    return hint;
                }
            } else if self.peek(0) == b'/' && self.peek(1) == b'*' && !hint {
                self.i += 2;
                depth += 1;
            } else {
                self.bump();
            }
        }
        hint
    }

    fn skip_quoted(&mut self, quote: u8, backslash: bool) {
        self.i += 1;
        while self.i < self.b.len() {
            let c = self.b[self.i];
            if backslash && c == b'\\' {
                self.i += 1;
                self.bump();
            } else if c == quote {
                self.i += 1;
                if self.peek(0) == quote {
                    self.i += 1;
                } else {
                    return;
                }
            } else {
                self.bump();
            }
        }
    }

    /// At a `$`: if it opens a dollar quote, skips to its end and returns true.
    fn skip_dollar_quote(&mut self) -> bool {
        if self.i > 0 && is_ident_byte(self.b[self.i - 1]) {
            return false;
        }
        let mut j = self.i + 1;
        while j < self.b.len() && (self.b[j].is_ascii_alphanumeric() || self.b[j] == b'_') {
            j += 1;
        }
        if j >= self.b.len() || self.b[j] != b'$' {
            return false;
        }
        if j > self.i + 1 && self.b[self.i + 1].is_ascii_digit() {
            return false; // `$1` is a parameter, not a tag
        }
        let tag = &self.src[self.i..=j];
        let body_start = j + 1;
        let end = match self.src[body_start..].find(tag) {
            Some(k) => body_start + k + tag.len(),
            None => self.b.len(),
        };
        while self.i < end {
            self.bump();
        }
        true
    }
}

fn is_ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

fn starts_with_keyword(rest: &[u8], keyword: &str) -> bool {
    rest.len() > keyword.len()
        && rest[..keyword.len()].eq_ignore_ascii_case(keyword.as_bytes())
        && !is_ident_byte(rest[keyword.len()])
}

pub fn split(src: &str, options: SplitOptions) -> Split<'_> {
    let mut cur = Cursor {
        src,
        b: src.as_bytes(),
        i: 0,
        line: 1,
    };
    let mut out = Split::default();
    let mut delimiter: Vec<u8> = b";".to_vec();
    while cur.i < cur.b.len() {
        // Between statements: whitespace, comments, psql and client commands.
        let c = cur.peek(0);
        if c.is_ascii_whitespace() {
            cur.bump();
            continue;
        }
        if (c == b'-' && cur.peek(1) == b'-') || (options.mysql && c == b'#') {
            cur.skip_to_eol();
            continue;
        }
        if c == b'/' && cur.peek(1) == b'*' && cur.peek(2) != b'!' {
            cur.skip_block_comment();
            continue;
        }
        if c == b'\\' {
            out.meta_commands += 1;
            cur.skip_to_eol();
            continue;
        }
        if starts_with_keyword(&cur.b[cur.i..], "delimiter") {
            let line_end = src[cur.i..].find('\n').map_or(src.len(), |k| cur.i + k);
            let new = src[cur.i + "delimiter".len()..line_end].trim();
            if !new.is_empty() {
                delimiter = new.as_bytes().to_vec();
            }
            cur.i = line_end;
            continue;
        }
        if !delimiter.is_empty() && cur.b[cur.i..].starts_with(&delimiter) {
            cur.i += delimiter.len(); // an empty statement
            continue;
        }
        let start = cur.i;
        let line = cur.line;
        let (end, hint) = scan_statement(&mut cur, &delimiter, options);
        let text = src[start..end].trim_end();
        if !text.is_empty() {
            let is_copy = is_copy_from_stdin(text);
            out.statements.push(Statement {
                text: if hint {
                    Cow::Owned(blank_hints(text))
                } else {
                    Cow::Borrowed(text)
                },
                line,
            });
            if is_copy {
                out.copy_blocks += 1;
                skip_copy_data(&mut cur);
            }
        }
    }
    out
}

/// Scans one statement from `cur.i`; returns its end (before the delimiter)
/// and whether it holds a MySQL hint comment. Leaves `cur` after the delimiter.
fn scan_statement(cur: &mut Cursor<'_>, delimiter: &[u8], options: SplitOptions) -> (usize, bool) {
    let start = cur.i;
    let mut hint = false;
    let mut trigger = TriggerBody::default();
    while cur.i < cur.b.len() {
        if !delimiter.is_empty() && cur.b[cur.i..].starts_with(delimiter) {
            let end = cur.i;
            if delimiter == b";" && trigger.holds_end_of(&cur.src[start..end]) {
                cur.i += 1;
                continue;
            }
            cur.i += delimiter.len();
            return (end, hint);
        }
        let c = cur.b[cur.i];
        match c {
            b'\'' => {
                let e_string = cur.i > 0
                    && matches!(cur.b[cur.i - 1], b'E' | b'e')
                    && (cur.i < 2 || !is_ident_byte(cur.b[cur.i - 2]));
                cur.skip_quoted(b'\'', options.mysql || e_string);
            }
            b'"' => cur.skip_quoted(b'"', options.mysql),
            b'`' => cur.skip_quoted(b'`', false),
            b'-' if cur.peek(1) == b'-' => cur.skip_to_eol(),
            b'#' if options.mysql => cur.skip_to_eol(),
            b'/' if cur.peek(1) == b'*' => hint |= cur.skip_block_comment(),
            b'$' if !options.mysql => {
                if !cur.skip_dollar_quote() {
                    cur.i += 1;
                }
            }
            _ => cur.bump(),
        }
    }
    (cur.b.len(), hint)
}

/// SQLite and MySQL triggers hold `;` between `BEGIN` and `END`. Asked at
/// every `;` of one statement with the text so far, it keeps what it learnt
/// (trigger or not, `BEGIN` seen or not) so a statement costs time linear in
/// its length, even an unfinished `CREATE TRIGGER … BEGIN` followed by a
/// whole dump.
#[derive(Default)]
struct TriggerBody {
    /// Settled once the head is longer than the 200 characters it looks at.
    is_trigger: Option<bool>,
    has_begin: bool,
    /// How far `text` has been searched for `BEGIN`.
    scanned: usize,
}

impl TriggerBody {
    /// Whether the `;` that ends `text` (a prefix of the statement) lies inside
    /// a trigger body.
    fn holds_end_of(&mut self, text: &str) -> bool {
        let is_trigger = match self.is_trigger {
            Some(known) => known,
            None => {
                let known = is_trigger_head(text);
                // 200 characters take at most 800 bytes: past that the head
                // no longer changes.
                if text.len() >= 800 {
                    self.is_trigger = Some(known);
                }
                known
            }
        };
        if !is_trigger {
            return false;
        }
        if !self.has_begin {
            // Words never straddle the previous end: it was a `;`.
            let from = self.scanned.min(text.len());
            self.has_begin = text.as_bytes()[from..]
                .split(|c| !c.is_ascii_alphanumeric() && *c != b'_')
                .any(|w| w.eq_ignore_ascii_case(b"BEGIN"));
            self.scanned = text.len();
        }
        let trimmed = text.trim_end().as_bytes();
        let ends_with_end = trimmed.len() >= 3
            && trimmed[trimmed.len() - 3..].eq_ignore_ascii_case(b"END")
            && !(trimmed.len() >= 4 && trimmed[trimmed.len() - 4] == b'_');
        self.has_begin && !ends_with_end
    }
}

/// `CREATE [OR REPLACE] [TEMP] [DEFINER=…] TRIGGER`, not `CREATE FUNCTION …
/// RETURNS trigger`, judged on the first 200 characters.
fn is_trigger_head(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(200)
        .collect::<String>()
        .to_ascii_uppercase();
    let words: Vec<&str> = head.split_whitespace().take(6).collect();
    words.first() == Some(&"CREATE")
        && words
            .iter()
            .take_while(|w| !matches!(**w, "FUNCTION" | "PROCEDURE" | "TABLE"))
            .any(|w| *w == "TRIGGER")
}

fn is_copy_from_stdin(text: &str) -> bool {
    let head = text.get(..4).unwrap_or("");
    if !head.eq_ignore_ascii_case("copy") {
        return false;
    }
    let first_line = text.lines().next().unwrap_or("").to_ascii_lowercase();
    first_line.contains("from stdin")
}

/// Skips the rest of the `COPY` line, then data lines up to `\.`.
fn skip_copy_data(cur: &mut Cursor<'_>) {
    cur.skip_to_eol();
    while cur.i < cur.b.len() {
        cur.bump(); // the newline
        let line_end = cur.src[cur.i..]
            .find('\n')
            .map_or(cur.b.len(), |k| cur.i + k);
        let is_end = cur.src[cur.i..line_end].trim_end() == "\\.";
        cur.i = line_end;
        if is_end {
            return;
        }
    }
}

/// Replaces `/*! … */` hints with spaces so no dialect reads them as SQL.
fn blank_hints(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(k) = rest.find("/*!") {
        out.push_str(&rest[..k]);
        match rest[k..].find("*/") {
            Some(e) => {
                out.push(' ');
                rest = &rest[k + e + 2..];
            }
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<(String, usize)> {
        split(src, SplitOptions::default())
            .statements
            .into_iter()
            .map(|s| (s.text.into_owned(), s.line))
            .collect()
    }

    #[test]
    fn semicolons_inside_quotes_and_comments_do_not_split() {
        let got = texts("SELECT 'a;b', \"c;d\" -- x;y\n;\n/* ; */ SELECT 2;");
        assert_eq!(got.len(), 2);
        assert_eq!(got[1], ("SELECT 2".to_string(), 3));
    }

    #[test]
    fn dollar_quoted_bodies_stay_in_one_statement() {
        let src = "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; SELECT 2; $body$ LANGUAGE sql;\nCREATE TABLE t (id int);";
        let got = texts(src);
        assert_eq!(got.len(), 2);
        assert!(got[0].0.ends_with("LANGUAGE sql"));
        assert_eq!(got[1].1, 2);
    }

    #[test]
    fn psql_commands_and_copy_data_are_skipped() {
        let src = "\\restrict abc\nCOPY public.t (a) FROM stdin;\n1\t;x\n\\.\nCREATE TABLE t (a int);\n\\unrestrict abc\n";
        let s = split(src, SplitOptions::default());
        assert_eq!(s.meta_commands, 2);
        assert_eq!(s.copy_blocks, 1);
        assert_eq!(s.statements.len(), 2);
        assert_eq!(s.statements[1].text, "CREATE TABLE t (a int)");
        assert_eq!(s.statements[1].line, 5);
    }

    #[test]
    fn mysql_hints_are_blanked_and_delimiter_is_honoured() {
        let src = "/*!40101 SET NAMES utf8 */;\nCREATE TABLE `t` (a int) /*!50100 PARTITION BY x */;\nDELIMITER ;;\nCREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET @a = 1; END ;;\nDELIMITER ;\nSELECT 1;";
        let s = split(src, SplitOptions { mysql: true });
        let got: Vec<&str> = s.statements.iter().map(|s| s.text.trim()).collect();
        assert_eq!(got[0], "");
        assert_eq!(got[1], "CREATE TABLE `t` (a int)");
        assert!(got[2].contains("SET @a = 1; END"));
        assert_eq!(got[3], "SELECT 1");
    }

    #[test]
    fn sqlite_trigger_bodies_keep_their_semicolons() {
        let got = texts("CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET x = 1; DELETE FROM c; END;\nCREATE TABLE z (id int);");
        assert_eq!(got.len(), 2);
        assert!(got[0].0.ends_with("END"));
    }

    #[test]
    fn a_function_returning_trigger_is_not_a_trigger_body() {
        let got = texts("CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $_$ BEGIN RETURN NEW; END; $_$;\nCREATE TABLE t (id int);");
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn unfinished_trigger_body_keeps_later_semicolons_and_ends_at_eof() {
        let src =
            "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET x = 1;\nSELECT 1;\nSELECT 2;";
        let got = texts(src);
        assert_eq!(got.len(), 1);
        assert!(got[0].0.ends_with("SELECT 2;"), "{got:?}");
    }

    #[test]
    fn trigger_ending_in_underscore_end_column_is_still_open() {
        let got = texts(
            "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET x = y_end; END;\nSELECT 1;",
        );
        assert_eq!(got.len(), 2);
        assert!(got[0].0.ends_with("END"));
    }

    #[test]
    fn unterminated_input_never_panics() {
        for src in [
            "'abc",
            "$$ abc",
            "/* abc",
            "CREATE TABLE t (",
            "E'\\",
            "$a",
            "é'",
            "\\",
        ] {
            let _ = split(src, SplitOptions::default());
            let _ = split(src, SplitOptions { mysql: true });
        }
    }
}
