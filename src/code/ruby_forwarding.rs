//! Ruby 3.1's anonymous block forwarding (`def f(&) = g(&)`) as its own
//! argument line: tree-sitter-ruby 0.23.1 (the newest release) takes `&` for
//! a block argument only when no whitespace follows it, so redmine's
//!
//! ```ruby
//! File.open(
//!   path,
//!   &
//! )
//! ```
//!
//! (app/models/attachment.rb:640) parsed as a syntax error. Anonymous `*`
//! and `**` (Ruby 3.2) already parse. The rule is narrow: an `&` that follows
//! `(` or `,` (across whitespace) and is followed by nothing but whitespace
//! up to `)` is moved next to that `)`, in place of a space. Byte offsets and
//! line breaks stay where they were, so every line number is unchanged.

/// The source with each anonymous block argument moved next to its `)`, or
/// `None` when there is none to move.
pub fn normalise(source: &[u8]) -> Option<Vec<u8>> {
    let mut out: Option<Vec<u8>> = None;
    let mut i = 0;
    while let Some(k) = memchr_amp(source, i) {
        i = k + 1;
        let after = source[k + 1..]
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .map(|p| k + 1 + p);
        let Some(close) = after.filter(|&p| source[p] == b')') else {
            continue;
        };
        if close == k + 1 {
            continue; // `&)` parses as it is
        }
        let before = source[..k].iter().rposition(|b| !b.is_ascii_whitespace());
        if !before.is_some_and(|p| matches!(source[p], b'(' | b',')) {
            continue;
        }
        // The last space or tab before `)`, never a line break.
        let Some(slot) = (k + 1..close)
            .rev()
            .find(|&p| matches!(source[p], b' ' | b'\t'))
        else {
            continue;
        };
        let bytes = out.get_or_insert_with(|| source.to_vec());
        bytes[k] = b' ';
        bytes[slot] = b'&';
    }
    out
}

fn memchr_amp(source: &[u8], from: usize) -> Option<usize> {
    source
        .get(from..)?
        .iter()
        .position(|&b| b == b'&')
        .map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lone_ampersand_argument_moves_next_to_its_parenthesis() {
        let src = b"File.open(\n  path,\n  &\n  )\n";
        let got = normalise(src).unwrap();
        assert_eq!(got, b"File.open(\n  path,\n   \n &)\n");
        assert_eq!(got.len(), src.len());
    }

    #[test]
    fn other_ampersands_are_left_alone() {
        for src in [
            &b"g(&)"[..],
            b"a & b",
            b"x && (y)",
            b"f(&block)",
            b"f(a, &\n)",
            b"s = \"&\"",
        ] {
            assert_eq!(normalise(src), None, "{}", String::from_utf8_lossy(src));
        }
    }
}
