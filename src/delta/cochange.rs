//! "Expected co-changes that are missing": files that, in the history,
//! change together with a file of this change but are not part of it
//! (CodeScene's "you changed A but not B"). Degrees use code-maat's formula,
//! degree = ⌊200·shared / (revs(A)+revs(B))⌋, over changesets within
//! `max_changeset_size`, as `planner history --analysis coupling` does.

use super::MissingCoChange;
use crate::history::changesets::Changeset;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy)]
pub struct Params {
    pub max_changeset_size: usize,
    pub min_revs: usize,
    pub min_shared: usize,
    pub min_degree: u32,
}

/// For every file not in `changed` that couples with a changed file above
/// the thresholds (and that `exists` at the head), its strongest partner.
/// Sorted by degree, then shared changesets, descending, then path.
pub fn missing(
    changesets: &[Changeset],
    changed: &BTreeSet<&str>,
    params: &Params,
    exists: &dyn Fn(&str) -> bool,
) -> Vec<MissingCoChange> {
    let mut revs: FxHashMap<&str, u64> = FxHashMap::default();
    let mut shared: FxHashMap<(&str, &str), u64> = FxHashMap::default();
    for set in changesets
        .iter()
        .filter(|c| c.files.len() <= params.max_changeset_size)
    {
        for f in &set.files {
            *revs.entry(&*f.path).or_default() += 1;
        }
        let touched: Vec<&str> = set
            .files
            .iter()
            .map(|f| &*f.path)
            .filter(|p| changed.contains(p))
            .collect();
        if touched.is_empty() {
            continue;
        }
        for other in set.files.iter().map(|f| &*f.path) {
            if changed.contains(other) {
                continue;
            }
            for &c in &touched {
                *shared.entry((c, other)).or_default() += 1;
            }
        }
    }
    let mut best: BTreeMap<&str, MissingCoChange> = BTreeMap::new();
    for ((c, other), n) in shared {
        let sum = revs.get(c).copied().unwrap_or(0) + revs.get(other).copied().unwrap_or(0);
        if sum == 0 || n < params.min_shared as u64 || sum < 2 * params.min_revs as u64 {
            continue;
        }
        let degree = 200 * n / sum;
        if degree < u64::from(params.min_degree) || !exists(other) {
            continue;
        }
        let candidate = MissingCoChange {
            file: other.to_string(),
            changed_with: c.to_string(),
            degree,
            shared_revs: n,
        };
        let stronger = |old: &MissingCoChange| {
            (
                candidate.degree,
                candidate.shared_revs,
                std::cmp::Reverse(&candidate.changed_with),
            ) > (
                old.degree,
                old.shared_revs,
                std::cmp::Reverse(&old.changed_with),
            )
        };
        match best.get(other) {
            Some(old) if !stronger(old) => {}
            _ => {
                best.insert(other, candidate);
            }
        }
    }
    let mut out: Vec<MissingCoChange> = best.into_values().collect();
    out.sort_by(|a, b| {
        b.degree
            .cmp(&a.degree)
            .then(b.shared_revs.cmp(&a.shared_revs))
            .then_with(|| a.file.cmp(&b.file))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::changesets::FileTouch;

    fn set(files: &[&str]) -> Changeset {
        Changeset {
            id: String::new(),
            commits: 1,
            time: 0,
            author: "a".into(),
            files: files
                .iter()
                .map(|p| FileTouch {
                    path: (*p).into(),
                    lines: None,
                })
                .collect(),
        }
    }

    const PARAMS: Params = Params {
        max_changeset_size: 30,
        min_revs: 2,
        min_shared: 2,
        min_degree: 50,
    };

    #[test]
    fn file_that_always_changes_with_a_changed_file_is_missing() {
        let history = vec![
            set(&["a.py", "b.py"]),
            set(&["a.py", "b.py"]),
            set(&["c.py"]),
        ];
        let changed: BTreeSet<&str> = ["a.py"].into();
        let out = missing(&history, &changed, &PARAMS, &|_| true);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].file, "b.py");
        assert_eq!(out[0].changed_with, "a.py");
        assert_eq!(out[0].degree, 100);
        assert_eq!(out[0].shared_revs, 2);
    }

    #[test]
    fn weak_rare_deleted_or_included_partners_are_not_missing() {
        let history = vec![
            set(&["a.py", "b.py"]),
            set(&["a.py", "b.py"]),
            set(&["a.py"]),
            set(&["a.py"]),
            set(&["a.py"]),
            set(&["a.py"]),
            set(&["a.py", "c.py"]),
            set(&["a.py", "d.py"]),
            set(&["a.py", "d.py"]),
        ];
        // b: 2 shared, revs 9+2 → 36 %, under 50.
        let changed: BTreeSet<&str> = ["a.py"].into();
        assert!(missing(&history, &changed, &PARAMS, &|_| true).is_empty());
        let loose = Params {
            min_degree: 30,
            ..PARAMS
        };
        let out = missing(&history, &changed, &loose, &|_| true);
        let files: Vec<&str> = out.iter().map(|m| m.file.as_str()).collect();
        // c shares one changeset only; both b and d pass.
        assert_eq!(files, ["b.py", "d.py"]);
        let out = missing(&history, &changed, &loose, &|p| p != "d.py");
        assert_eq!(out.len(), 1);
        let both: BTreeSet<&str> = ["a.py", "b.py"].into();
        let out = missing(&history, &both, &loose, &|_| true);
        assert_eq!(
            out.iter().map(|m| m.file.as_str()).collect::<Vec<_>>(),
            ["d.py"]
        );
    }

    #[test]
    fn oversized_changesets_do_not_count() {
        let big: Vec<String> = (0..40).map(|i| format!("f{i}.py")).collect();
        let mut files: Vec<&str> = big.iter().map(String::as_str).collect();
        files.push("a.py");
        files.push("b.py");
        let history = vec![set(&files), set(&files), set(&files)];
        let changed: BTreeSet<&str> = ["a.py"].into();
        assert!(missing(&history, &changed, &PARAMS, &|_| true).is_empty());
    }
}
