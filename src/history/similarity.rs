//! Inexact rename detection, after git's `diffcore-rename`: content is cut
//! into chunks (a line, or 64 bytes at most), each chunk hashed; the score
//! is the bytes the two sides share divided by the larger size. A pair is a
//! rename at 50 % or more (git's default), best scores first, each file used
//! once.

use rustc_hash::FxHasher;
use std::hash::Hasher;

/// Percent similarity at which an added and a deleted file are a rename.
pub const MIN_SCORE: u64 = 50;
/// Above this many (deleted × added) candidates, only exact renames are
/// looked for (git's rename limit plays the same role).
pub const MAX_CANDIDATES: usize = 250_000;

/// A file's content as sorted (chunk hash, bytes) counts.
#[derive(Debug, Clone, Default)]
pub struct Signature {
    chunks: Vec<(u64, u64)>,
    size: u64,
}

impl Signature {
    pub fn of(content: &[u8]) -> Self {
        let mut chunks: Vec<(u64, u64)> = Vec::new();
        let mut start = 0;
        for (i, &b) in content.iter().enumerate() {
            if b == b'\n' || i + 1 - start >= 64 {
                chunks.push((hash(&content[start..=i]), (i + 1 - start) as u64));
                start = i + 1;
            }
        }
        if start < content.len() {
            chunks.push((hash(&content[start..]), (content.len() - start) as u64));
        }
        chunks.sort_unstable();
        // Merge equal hashes into one count.
        let mut merged: Vec<(u64, u64)> = Vec::with_capacity(chunks.len());
        for (h, n) in chunks {
            match merged.last_mut() {
                Some((last, total)) if *last == h => *total += n,
                _ => merged.push((h, n)),
            }
        }
        Self {
            chunks: merged,
            size: content.len() as u64,
        }
    }

    /// 0–100: shared bytes over the larger size.
    pub fn score(&self, other: &Signature) -> u64 {
        let max = self.size.max(other.size);
        if max == 0 {
            return 100;
        }
        // Sizes alone rule out most pairs.
        if self.size.min(other.size) * 100 < max * MIN_SCORE {
            return 0;
        }
        let (mut i, mut j, mut shared) = (0, 0, 0u64);
        while i < self.chunks.len() && j < other.chunks.len() {
            let (a, b) = (self.chunks[i], other.chunks[j]);
            match a.0.cmp(&b.0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += a.1.min(b.1);
                    i += 1;
                    j += 1;
                }
            }
        }
        shared * 100 / max
    }
}

fn hash(bytes: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(bytes);
    h.finish()
}

/// Pairs (deleted index, added index) by best score first, each side once.
pub fn best_pairs(
    deleted: &[(usize, Signature)],
    added: &[(usize, Signature)],
) -> Vec<(usize, usize)> {
    let mut candidates: Vec<(u64, usize, usize)> = Vec::new();
    for (di, (_, d)) in deleted.iter().enumerate() {
        for (ai, (_, a)) in added.iter().enumerate() {
            let score = d.score(a);
            if score >= MIN_SCORE {
                candidates.push((score, di, ai));
            }
        }
    }
    // Best score first; ties in path order (the indices follow git's order).
    candidates.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let (mut used_d, mut used_a) = (vec![false; deleted.len()], vec![false; added.len()]);
    let mut pairs = Vec::new();
    for (_, di, ai) in candidates {
        if !used_d[di] && !used_a[ai] {
            used_d[di] = true;
            used_a[ai] = true;
            pairs.push((deleted[di].0, added[ai].0));
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edited_copy_scores_by_the_bytes_it_keeps() {
        let a = Signature::of(b"one\ntwo\nthree\nfour\n");
        let b = Signature::of(b"one\ntwo\nthree\nFOUR\n");
        // 14 of 19 bytes stay.
        assert_eq!(a.score(&b), 73);
        assert_eq!(a.score(&a), 100);
        assert_eq!(a.score(&Signature::of(b"other\n")), 0);
    }

    #[test]
    fn each_file_is_paired_once_with_its_best_match() {
        let old = Signature::of(b"alpha\nbeta\ngamma\ndelta\n");
        let near = Signature::of(b"alpha\nbeta\ngamma\nDELTA\n");
        let far = Signature::of(b"alpha\nbeta\nGAMMA\nDELTA\n");
        let pairs = best_pairs(&[(0, old)], &[(1, far), (2, near)]);
        assert_eq!(pairs, [(0, 2)]);
    }
}
