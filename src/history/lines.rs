//! Line counts for one changed file: added and deleted lines between two
//! blobs, as `git diff --numstat` counts them.

use super::objects::ObjectReader;
use git2::Oid;
use imara_diff::intern::InternedInput;
use imara_diff::sink::Counter;
use imara_diff::sources::byte_lines_with_terminator;
use imara_diff::Algorithm;

/// (added, deleted) lines between two blobs (zero id: no such side), as
/// `git diff --numstat` counts them; binary files count 0.
pub fn count_lines(
    reader: &mut ObjectReader<'_>,
    old: Oid,
    new: Oid,
) -> Result<(u32, u32), git2::Error> {
    if old == new {
        return Ok((0, 0));
    }
    if old.is_zero() || new.is_zero() {
        let blob = reader.blob(if old.is_zero() { new } else { old })?;
        let n = if is_binary(&blob) {
            0
        } else {
            line_count(&blob)
        };
        return Ok(if old.is_zero() { (n, 0) } else { (0, n) });
    }
    let (old_blob, new_blob) = (reader.blob(old)?, reader.blob(new)?);
    if is_binary(&old_blob) || is_binary(&new_blob) {
        return Ok((0, 0));
    }
    trimmed_counts(&old_blob, &new_blob)
}

/// libgit2's `git_blob_is_binary`, byte for byte: over the first 8,000
/// bytes, a NUL or a UTF-16/32 byte-order mark makes a file binary, and so
/// do more than one control character per 128 printable ones.
pub fn is_binary(content: &[u8]) -> bool {
    let head = &content[..content.len().min(8000)];
    let bom = match head {
        [0xEF, 0xBB, 0xBF, ..] => 3,
        [0xFE, 0xFF, ..] | [0xFF, 0xFE, ..] | [0, 0, 0xFE, 0xFF, ..] => return true,
        _ => 0,
    };
    let (mut printable, mut nonprintable) = (0u32, 0u32);
    for &c in &head[bom..] {
        if (c > 0x1F && c != 0x7F) || c == 0x08 || c == 0x1B || c == 0x0C {
            printable += 1;
        } else if c == 0 {
            return true;
        } else if !matches!(c, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r') {
            nonprintable += 1;
        }
    }
    (printable >> 7) < nonprintable
}

/// Added and deleted lines between two texts. Lines both share at the start
/// and at the end are cut off first, as git does before xdiff
/// (`trim_common_tail`): a one-line edit of a 30,000-line schema then costs
/// one line, not 60,000 hashed lines.
pub fn trimmed_counts(old: &[u8], new: &[u8]) -> Result<(u32, u32), git2::Error> {
    let same = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let prefix = old[..same]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let (o, n) = (&old[prefix..], &new[prefix..]);
    let mut suffix = o
        .iter()
        .rev()
        .zip(n.iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let at_line_start = |text: &[u8], at: usize| at == 0 || text[at - 1] == b'\n';
    while suffix > 0 && !(at_line_start(o, o.len() - suffix) && at_line_start(n, n.len() - suffix))
    {
        suffix -= 1;
    }
    let (o, n) = (&o[..o.len() - suffix], &n[..n.len() - suffix]);
    if o.is_empty() || n.is_empty() {
        return Ok((line_count(n), line_count(o)));
    }
    // Myers, like git's default; lines compared with their terminators so a
    // lost final newline counts as a change, as in git.
    let input = InternedInput::new(byte_lines_with_terminator(o), byte_lines_with_terminator(n));
    let counter = imara_diff::diff(Algorithm::Myers, &input, Counter::default());
    Ok((counter.insertions, counter.removals))
}

fn line_count(content: &[u8]) -> u32 {
    let newlines = content.iter().filter(|&&b| b == b'\n').count();
    let unterminated = !content.is_empty() && content.last() != Some(&b'\n');
    (newlines + usize::from(unterminated)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trimming_common_lines_keeps_the_counts() {
        let old = b"a\nb\nc\nd\n";
        assert_eq!(trimmed_counts(old, b"a\nB\nc\nd\n").ok(), Some((1, 1)));
        assert_eq!(trimmed_counts(old, b"a\nb\nc\nd\ne\n").ok(), Some((1, 0)));
        assert_eq!(trimmed_counts(old, b"b\nc\nd\n").ok(), Some((0, 1)));
        // A change inside a line, and a last line without a newline.
        assert_eq!(trimmed_counts(b"ab\ncd", b"ab\nce").ok(), Some((1, 1)));
        assert_eq!(trimmed_counts(b"x\nab\n", b"x\nab").ok(), Some((1, 1)));
    }

    #[test]
    fn binary_detection_follows_libgit2() {
        let cases: [&[u8]; 7] = [
            b"plain text\n",
            b"a\0b",
            b"\xFF\xFEa\0b\0",
            b"\xEF\xBB\xBFtext with a UTF-8 mark\n",
            b"\x01\x02\x03 mostly control",
            b"",
            b"\x1B[31mcolour\x1B[0m\n",
        ];
        for content in cases {
            let libgit2 =
                git2::Repository::init(tempfile::tempdir().unwrap().path()).and_then(|repo| {
                    let id = repo.blob(content)?;
                    Ok(repo.find_blob(id)?.is_binary())
                });
            assert_eq!(
                Ok(is_binary(content)),
                libgit2.map_err(|_| ()),
                "{content:?}"
            );
        }
        // Past 8,000 bytes nothing counts.
        let mut late_nul = vec![b'a'; 8000];
        late_nul.push(0);
        assert!(!is_binary(&late_nul));
    }
}
