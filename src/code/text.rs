/// Non-blank lines.
pub fn count_loc(source: &[u8]) -> usize {
    source
        .split(|&b| b == b'\n')
        .filter(|line| line.iter().any(|b| !b.is_ascii_whitespace()))
        .count()
}
