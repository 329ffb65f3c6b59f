//! Module names written in `planner.toml` must name modules that exist: a
//! policy about a misspelt module would otherwise never fire. A wrong name
//! is an input error (exit 2) that offers the closest real name.

use crate::analysis::Analysis;
use crate::config::Config;
use anyhow::{bail, Result};
use globset::Glob;

/// Checks `[policy]` (`forbidden` from/to, `extracting`) and `[schema]
/// owners` against the modules of `analysis`.
pub fn check(config: &Config, analysis: &Analysis) -> Result<()> {
    let modules: Vec<&str> = analysis.modules.iter().map(|m| m.name.as_str()).collect();
    let mut named: Vec<(String, &str)> = Vec::new();
    for rule in &config.policy.forbidden {
        named.push(("[[policy.forbidden]] from".into(), &rule.from));
        named.push(("[[policy.forbidden]] to".into(), &rule.to));
    }
    for name in &config.policy.extracting {
        named.push(("[policy] extracting".into(), name));
    }
    for (table, owner) in &config.schema.owners {
        named.push((format!("[schema.owners] {table}"), owner));
    }
    for (place, name) in named {
        if matches_a_module(name, &modules) {
            continue;
        }
        let hint = closest(name, &modules)
            .map(|c| format!("; did you mean {c:?}?"))
            .unwrap_or_default();
        bail!(
            "{place} in planner.toml names the module {name:?}, which this repository does not \
             have{hint} (`planner graph --level module` lists the modules)"
        );
    }
    Ok(())
}

fn matches_a_module(name: &str, modules: &[&str]) -> bool {
    if name.contains(['*', '?', '[', '{']) {
        return match Glob::new(name) {
            Ok(glob) => {
                let m = glob.compile_matcher();
                modules.iter().any(|module| m.is_match(module))
            }
            // An invalid glob is reported where the policy is compiled.
            Err(_) => true,
        };
    }
    modules.contains(&name)
}

/// The module name nearest to `name` by edit distance, if it is near
/// enough to be a likely typo or a singular/plural slip.
pub fn closest<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let lower = name.to_ascii_lowercase();
    candidates
        .iter()
        .map(|c| (edit_distance(&lower, &c.to_ascii_lowercase()), *c))
        .filter(|(d, c)| *d <= (c.len().max(name.len()) / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(row[j]).min(row[j + 1])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misspelt_module_gets_the_closest_name() {
        let modules = ["payments", "notifications", "users"];
        assert_eq!(closest("payment", &modules), Some("payments"));
        assert_eq!(closest("notifcations", &modules), Some("notifications"));
        assert_eq!(closest("billing", &modules), None);
    }

    #[test]
    fn globs_need_one_matching_module() {
        let modules = ["saleor/order", "saleor/payment"];
        assert!(matches_a_module("saleor/*", &modules));
        assert!(!matches_a_module("shop/*", &modules));
        assert!(matches_a_module("saleor/order", &modules));
        assert!(!matches_a_module("saleor/orders", &modules));
    }
}
