//! Plain-language helpers for the sentences that reasons and plans are built
//! from: plurals and short lists.

/// `"s"` unless `n` is 1.
pub fn s(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `3 tables`, `1 table`.
pub fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", s(n))
}

/// `a, b, c` or `a, b, c and 4 more`: the first `max` items, then how many
/// were left out.
pub fn capped<T: AsRef<str>>(items: impl IntoIterator<Item = T>, max: usize) -> String {
    let items: Vec<T> = items.into_iter().collect();
    let mut text = items
        .iter()
        .take(max)
        .map(AsRef::as_ref)
        .collect::<Vec<&str>>()
        .join(", ");
    if items.len() > max {
        text.push_str(&format!(" and {} more", items.len() - max));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_lists_read_as_english() {
        assert_eq!(count(1, "table"), "1 table");
        assert_eq!(count(0, "key"), "0 keys");
        assert_eq!(capped(["a", "b"], 3), "a, b");
        assert_eq!(capped(["a", "b", "c", "d"], 2), "a, b and 2 more");
    }
}
