//! What mining needs from one commit, read either from a raw commit object
//! (the walk reads every commit once and keeps this) or from a libgit2
//! `Commit`. The raw parser follows libgit2's `commit_parse` and
//! `git_signature__parse` rule for rule, so both routes give the same
//! values.

use git2::{Commit, Oid};

/// Raw message bytes kept: more than the 512 a record keeps, so that cutting
/// here never changes the record (see `diff::MESSAGE_LIMIT`).
const MESSAGE_KEPT: usize = 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    pub id: Oid,
    pub tree: Oid,
    pub parents: Vec<Oid>,
    pub author_name: Vec<u8>,
    pub author_email: Vec<u8>,
    /// Author time, seconds since the epoch, and UTC offset in minutes.
    pub time: i64,
    pub offset_minutes: i32,
    /// Committer time: what the walk sorts by.
    pub commit_time: i64,
    /// As `git_commit_message`: leading newlines skipped; cut short.
    pub message: Vec<u8>,
}

impl CommitInfo {
    pub fn from_commit(commit: &Commit<'_>) -> Self {
        let author = commit.author();
        let message = commit.message_bytes();
        Self {
            id: commit.id(),
            tree: commit.tree_id(),
            parents: commit.parent_ids().collect(),
            author_name: author.name_bytes().to_vec(),
            author_email: author.email_bytes().to_vec(),
            time: author.when().seconds(),
            offset_minutes: author.when().offset_minutes(),
            commit_time: commit.committer().when().seconds(),
            message: message[..message.len().min(MESSAGE_KEPT)].to_vec(),
        }
    }

    /// Parses a raw commit object; `None` where libgit2 would refuse it.
    pub fn parse(id: Oid, raw: &[u8]) -> Option<Self> {
        let mut rest = raw;
        let tree = oid_header(&mut rest, b"tree ")?;
        let mut parents = Vec::new();
        while let Some(parent) = oid_header(&mut rest, b"parent ") {
            parents.push(parent);
        }
        let author = signature(&mut rest, b"author ")?;
        // Some tools write several author lines; libgit2 skips the extra ones.
        while rest.starts_with(b"author ") {
            signature(&mut rest, b"author ")?;
        }
        let committer = signature(&mut rest, b"committer ")?;
        // Further headers (encoding, gpgsig, …) run to the first empty line.
        let header_end = raw.len() - rest.len();
        let mut at = header_end;
        while at < raw.len() && !(raw[at - 1] == b'\n' && raw[at] == b'\n') {
            at = match raw[at..].iter().position(|&c| c == b'\n') {
                Some(i) => at + i + 1,
                None => raw.len(),
            };
        }
        let body = raw.get(at + 1..).unwrap_or_default();
        let body = &body[..body.iter().position(|&c| c == 0).unwrap_or(body.len())];
        let start = body.iter().position(|&c| c != b'\n').unwrap_or(body.len());
        let message = &body[start..];
        Some(Self {
            id,
            tree,
            parents,
            author_name: author.name,
            author_email: author.email,
            time: author.time,
            offset_minutes: author.offset,
            commit_time: committer.time,
            message: message[..message.len().min(MESSAGE_KEPT)].to_vec(),
        })
    }
}

/// `git_object__parse_oid_header`: `<header><40 hex>\n`.
fn oid_header(rest: &mut &[u8], header: &[u8]) -> Option<Oid> {
    let line = rest.get(..header.len() + 41)?;
    if !line.starts_with(header) || line[header.len() + 40] != b'\n' {
        return None;
    }
    let hex = std::str::from_utf8(&line[header.len()..header.len() + 40]).ok()?;
    if !hex.bytes().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let oid = Oid::from_str(hex).ok()?;
    *rest = &rest[header.len() + 41..];
    Some(oid)
}

struct Sig {
    name: Vec<u8>,
    email: Vec<u8>,
    time: i64,
    offset: i32,
}

/// `git_signature__parse` with a header and `\n` as the end of the line.
fn signature(rest: &mut &[u8], header: &[u8]) -> Option<Sig> {
    let end = rest.iter().position(|&c| c == b'\n')?;
    let line = &rest[..end];
    if header.len() >= line.len() || !line.starts_with(header) {
        return None;
    }
    let buffer = &line[header.len()..];
    let email_start = buffer.iter().rposition(|&c| c == b'<')?;
    let email_end = buffer.iter().rposition(|&c| c == b'>')?;
    if email_end <= email_start {
        return None;
    }
    let name = trimmed(&buffer[..email_start]);
    let email = trimmed(&buffer[email_start + 1..email_end]);
    let (mut time, mut offset) = (0, 0);
    if email_end + 2 < buffer.len() {
        let (t, after) = strntol(&buffer[email_end + 2..])?;
        time = t;
        if after.len() > 1 {
            let tz = &after[1..];
            let parsed = match tz[0] {
                b'-' | b'+' => strntol(&tz[1..]).and_then(|(n, _)| i32::try_from(n).ok()),
                _ => None,
            };
            let value = parsed.unwrap_or(0);
            let (hours, mins) = (value / 100, value % 100);
            if hours <= 14 && mins <= 59 {
                offset = hours * 60 + mins;
                if tz[0] == b'-' {
                    offset = -offset;
                }
            }
        }
    }
    *rest = &rest[end + 1..];
    Some(Sig {
        name,
        email,
        time,
        offset,
    })
}

/// libgit2's `extract_trimmed`, then cut at a NUL as a C string is.
fn trimmed(bytes: &[u8]) -> Vec<u8> {
    let crud = |c: &u8| *c <= 32 || b",:;<>\"\\'".contains(c);
    let start = bytes.iter().position(|c| !crud(c)).unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|c| !crud(c))
        .map_or(start, |i| i + 1);
    let kept = &bytes[start..end.max(start)];
    kept[..kept.iter().position(|&c| c == 0).unwrap_or(kept.len())].to_vec()
}

/// `git__strntol64` in base 10: leading white space, a sign, digits (at
/// least one); `None` on no digits or overflow. Returns the rest too.
fn strntol(bytes: &[u8]) -> Option<(i64, &[u8])> {
    let mut i = 0;
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r') {
        i += 1;
    }
    if i == bytes.len() {
        return None;
    }
    let negative = bytes[i] == b'-';
    if matches!(bytes[i], b'-' | b'+') {
        i += 1;
    }
    let digits = bytes[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        return None;
    }
    let mut n: i64 = 0;
    for &c in &bytes[i..i + digits] {
        let v = i64::from(c - b'0');
        n = n
            .checked_mul(10)?
            .checked_add(if negative { -v } else { v })?;
    }
    Some((n, &bytes[i + digits..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TREE: &str = "4b825dc642cb6eb9a060e54bf8d69288fbc4904b";
    const PARENT: &str = "0123456789abcdef0123456789abcdef01234567";

    fn raw(author: &str, rest: &str) -> Vec<u8> {
        format!(
            "tree {TREE}\nparent {PARENT}\nauthor {author}\ncommitter C <c@x> 1700000500 +0000\n{rest}"
        )
        .into_bytes()
    }

    #[test]
    fn a_plain_commit_parses_like_libgit2() {
        let id = Oid::ZERO_SHA1;
        let info = CommitInfo::parse(
            id,
            &raw(
                "Ann Lee <ann@x.org> 1700000000 -0230",
                "\n\n\nFix it\n\nBody\n",
            ),
        );
        let info = info.expect("parses");
        assert_eq!(info.tree.to_string(), TREE);
        assert_eq!(info.parents.len(), 1);
        assert_eq!(info.author_name, b"Ann Lee");
        assert_eq!(info.author_email, b"ann@x.org");
        assert_eq!((info.time, info.offset_minutes), (1700000000, -150));
        assert_eq!(info.commit_time, 1700000500);
        assert_eq!(info.message, b"Fix it\n\nBody\n");
    }

    #[test]
    fn odd_signatures_follow_libgit2s_rules() {
        // Crud trimmed, last '<' and '>' used, a bad zone counts as +0000,
        // an out-of-range zone is dropped.
        let info = CommitInfo::parse(Oid::ZERO_SHA1, &raw("\"Bo\", <x> <bo@x>; 5 +9999", "\nm"))
            .expect("parses");
        assert_eq!(info.author_name, b"Bo\", <x");
        assert_eq!(info.author_email, b"bo@x");
        assert_eq!((info.time, info.offset_minutes), (5, 0));
        let info =
            CommitInfo::parse(Oid::ZERO_SHA1, &raw("D <d@x> 7 zone", "\nm")).expect("parses");
        assert_eq!((info.time, info.offset_minutes), (7, 0));
        // No time at all is fine; a time that is not a number is not.
        assert!(CommitInfo::parse(Oid::ZERO_SHA1, &raw("E <e@x>", "\nm")).is_some());
        assert!(CommitInfo::parse(Oid::ZERO_SHA1, &raw("E <e@x> x", "\nm")).is_none());
        assert!(CommitInfo::parse(Oid::ZERO_SHA1, &raw("no email", "\nm")).is_none());
    }

    #[test]
    fn extra_headers_are_skipped_and_a_missing_body_is_empty() {
        let info = CommitInfo::parse(
            Oid::ZERO_SHA1,
            &raw(
                "A <a@x> 1 +0000",
                "gpgsig -----BEGIN\n sig\n -----END\n\nSigned\n",
            ),
        )
        .expect("parses");
        assert_eq!(info.message, b"Signed\n");
        let info = CommitInfo::parse(Oid::ZERO_SHA1, &raw("A <a@x> 1 +0000", "encoding x"))
            .expect("parses");
        assert!(info.message.is_empty());
    }

    #[test]
    fn raw_parsing_agrees_with_libgit2_on_a_real_commit() {
        let dir = tempfile::tempdir().expect("tempdir");
        let repo = git2::Repository::init(dir.path()).expect("init");
        let sig = git2::Signature::new("Zoë Q.", "z@x", &git2::Time::new(1_600_000_000, 330))
            .expect("sig");
        let tree = repo
            .treebuilder(None)
            .and_then(|b| b.write())
            .and_then(|id| repo.find_tree(id))
            .expect("tree");
        let first = repo
            .commit(None, &sig, &sig, "\n\nfirst line\n", &tree, &[])
            .expect("commit");
        let parent = repo.find_commit(first).expect("find");
        let second = repo
            .commit(None, &sig, &sig, "second", &tree, &[&parent])
            .expect("commit");
        let odb = repo.odb().expect("odb");
        for id in [first, second] {
            let commit = repo.find_commit(id).expect("find");
            let raw = odb.read(id).expect("read");
            assert_eq!(
                CommitInfo::parse(id, raw.data()),
                Some(CommitInfo::from_commit(&commit))
            );
        }
    }
}
