//! Stage 2: parse each source file with tree-sitter and pull out what it
//! depends on. Languages are data: a row in `languages.rs` plus queries in
//! `grammars/<lang>/`; the per-language files only interpret query captures.

mod javascript;
mod languages;
mod python;
mod python_lex;
mod ruby;
mod ruby_forwarding;
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
    /// Python: the local name each imported thing is bound to, as (imported
    /// name, binding); the name "" is the module itself (`import a.b` binds
    /// `a.b`, `import a.b as c` binds `c`).
    pub bindings: Vec<(String, String)>,
    /// Python: per imported name ("" the module itself), the attributes the
    /// file reads through its binding (`models.User` gives `User`). When the
    /// name is a module, these are the names the file takes from it.
    pub members: Vec<(String, Vec<String>)>,
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
    if file.language == Language::Python {
        return extract_python(file, grammar, loc, warnings);
    }
    // Ruby: anonymous block arguments the grammar misreads (see
    // `ruby_forwarding`); same length and lines, so positions hold.
    let normalised = match file.language {
        Language::Ruby => ruby_forwarding::normalise(source),
        _ => None,
    };
    let source = normalised.as_ref().unwrap_or(source);
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
            "tree-sitter cannot parse this line (a syntax error, or syntax its grammar does not know yet); dependencies after it may be missed",
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
    sort_imports(&mut facts);
    facts
}

/// Fills each import's `members`: the attributes the file reads through the
/// local name of each imported thing (`models.User` for `from . import
/// models`), sorted and once each.
fn add_members(source: &[u8], attributes: &[python_lex::Attribute], imports: &mut [RawImport]) {
    use std::collections::{BTreeSet, HashMap};
    let mut read: HashMap<Vec<u8>, BTreeSet<&[u8]>> = HashMap::new();
    for import in imports.iter() {
        for (_, binding) in &import.bindings {
            read.entry(binding.as_bytes().to_vec()).or_default();
        }
    }
    if read.is_empty() {
        return;
    }
    for a in attributes {
        if let Some(names) = read.get_mut(&source[a.prefix.0..a.prefix.1]) {
            names.insert(&source[a.name.0..a.name.1]);
        }
    }
    for import in imports.iter_mut() {
        import.members = import
            .bindings
            .iter()
            .filter_map(|(name, binding)| {
                let names = read.get(binding.as_bytes())?;
                (!names.is_empty()).then(|| {
                    let names = names
                        .iter()
                        .map(|n| String::from_utf8_lossy(n).into_owned())
                        .collect();
                    (name.clone(), names)
                })
            })
            .collect();
    }
}

/// Python: the lexer finds the logical lines that can hold imports; only
/// those are parsed, as one synthetic document, and lines are mapped back.
fn extract_python(
    file: &SourceFile,
    grammar: Grammar,
    loc: usize,
    warnings: &Warnings,
) -> FileFacts {
    let source = &file.bytes;
    let lexed = python_lex::lex(source);
    if let Some((line, message)) = &lexed.problem {
        warnings.push(
            &file.rel,
            Some(*line),
            format!("syntax error: {message}; dependencies after it may be missed"),
        );
    }
    let mut facts = FileFacts {
        loc,
        complexity: 1 + lexed.branches,
        sql_strings: lexed.sql_strings,
        ..FileFacts::default()
    };
    if lexed.snippets.is_empty() {
        return facts;
    }
    // (first synthetic line, original line, inside TYPE_CHECKING) per snippet.
    let mut map: Vec<(usize, usize, bool)> = Vec::with_capacity(lexed.snippets.len());
    let mut synthetic: Vec<u8> = Vec::new();
    let mut next_line = 1;
    for snippet in &lexed.snippets {
        let text = source[snippet.start..snippet.end].trim_ascii_end();
        map.push((next_line, snippet.line, snippet.type_checking));
        next_line += 1 + text.iter().filter(|&&b| b == b'\n').count();
        synthetic.extend_from_slice(text);
        synthetic.push(b'\n');
    }
    let Some(tree) = parse(grammar, &synthetic) else {
        warnings.push(
            &file.rel,
            None,
            "tree-sitter could not parse this file's imports; skipped",
        );
        return facts;
    };
    let query = &grammar.spec().imports;
    let names = query.capture_names();
    let mut cursor = QueryCursor::new();
    let mut matches = cursor.matches(query, tree.root_node(), synthetic.as_slice());
    while let Some(m) = matches.next() {
        python::on_match(m, names, &synthetic, &mut facts);
    }
    add_members(source, &lexed.attributes, &mut facts.imports);
    for import in &mut facts.imports {
        let at = map
            .partition_point(|&(start, _, _)| start <= import.line)
            .saturating_sub(1);
        let (start, original, type_checking) = map[at];
        import.line = original + (import.line - start);
        if type_checking && import.kind == EdgeKind::Import {
            import.kind = EdgeKind::TypeChecking;
        }
    }
    sort_imports(&mut facts);
    facts
}

fn sort_imports(facts: &mut FileFacts) {
    facts
        .imports
        .sort_by(|a, b| (a.line, &a.specifier, a.kind).cmp(&(b.line, &b.specifier, b.kind)));
    facts.imports.dedup();
    facts.defines.sort();
    facts.defines.dedup();
}

thread_local! {
    static PARSER: RefCell<Parser> = RefCell::new(Parser::new());
}

/// Parses a scanned file with its language's grammar, on this thread's parser.
pub(crate) fn parse_file(file: &SourceFile) -> Option<Tree> {
    parse(Grammar::for_file(file.language, &file.rel), &file.bytes)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn python(source: &str) -> FileFacts {
        let file = SourceFile {
            rel: "app/views.py".into(),
            abs: "app/views.py".into(),
            language: Language::Python,
            bytes: source.as_bytes().to_vec(),
        };
        extract(&file, &Warnings::new())
    }

    fn members(facts: &FileFacts, specifier: &str) -> Vec<(String, Vec<String>)> {
        facts
            .imports
            .iter()
            .find(|i| i.specifier == specifier)
            .map(|i| i.members.clone())
            .unwrap_or_default()
    }

    fn ruby_warnings(source: &str) -> Vec<String> {
        let file = SourceFile {
            rel: "app/models/attachment.rb".into(),
            abs: "app/models/attachment.rb".into(),
            language: Language::Ruby,
            bytes: source.as_bytes().to_vec(),
        };
        let warnings = Warnings::new();
        extract(&file, &warnings);
        warnings
            .into_sorted()
            .into_iter()
            .map(|w| w.to_string())
            .collect()
    }

    #[test]
    fn anonymous_block_rest_and_keyword_forwarding_is_valid_ruby() {
        for source in [
            // Ruby 3.1: anonymous block, endless and ordinary methods.
            "def f(&) = g(&)\n",
            "def f(&)\n  g(&)\nend\n",
            // redmine app/models/attachment.rb:640: `&` alone on its line.
            "def create(path, name, &)\n  File.open(\n    File.join(path, name),\n    binmode: true,\n    &\n  )\nend\n",
            // Ruby 3.2: anonymous rest and keyword rest.
            "def f(*) = g(*)\n",
            "def f(**) = g(**)\n",
            "def f(*, **, &)\n  g(*, **, &)\nend\n",
            "def f(*)\n  g(\n    1,\n    *\n  )\nend\n",
            "def f(**)\n  g(\n    a: 1,\n    **\n  )\nend\n",
        ] {
            assert_eq!(ruby_warnings(source), Vec::<String>::new(), "{source}");
        }
    }

    #[test]
    fn a_real_ruby_syntax_error_is_still_reported() {
        let warned = ruby_warnings("def f(&)\n  g(&)\nend\nclass A\n  def x(\nend\n");
        assert_eq!(warned.len(), 1, "{warned:?}");
    }

    #[test]
    fn names_read_from_a_module_imported_whole_are_its_members() {
        let facts = python(
            "from ..account import models as account_models, utils\n\
             import billing.models\n\
             import shipping.api as ship\n\
             \n\
             def f(email):\n\
             \x20   # account_models.Group is only mentioned here\n\
             \x20   note = \"account_models.Permission in a string\"\n\
             \x20   user = account_models.User.objects.get(email=email)\n\
             \x20   account_models.Address(user=user)\n\
             \x20   billing.models.Invoice.objects.all()\n\
             \x20   return ship.quote(user), utils .helper, obj.account_models.Fake\n",
        );
        assert_eq!(
            members(&facts, "account"),
            vec![(
                "models".to_string(),
                vec!["Address".to_string(), "User".to_string()]
            )]
        );
        assert_eq!(
            members(&facts, "billing.models"),
            vec![(String::new(), vec!["Invoice".to_string()])]
        );
        assert_eq!(
            members(&facts, "shipping.api"),
            vec![(String::new(), vec!["quote".to_string()])]
        );
    }
}
