//! Factor weights, `[score]` in planner.toml. Every key is optional.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Weights {
    /// Difficulty: import statements from other modules (callers to redirect).
    pub callers: f64,
    /// Difficulty: distinct names other modules use (the API to keep).
    pub api_surface: f64,
    /// Difficulty: other modules it imports (each an API the monolith must
    /// keep for the service to call back); support code does not count.
    pub calls_out: f64,
    /// Difficulty: sitting in a dependency cycle.
    pub cycle: f64,
    /// Difficulty: share of its commits that also touch other modules.
    pub co_change: f64,
    /// Difficulty: foreign keys between its tables and other modules' tables.
    pub crossing_keys: f64,
    /// Difficulty: other modules' tables it reads, writes or uses models of.
    pub foreign_tables: f64,
    /// Value: commits touching it, recent ones (last `history.recent_days`) twice.
    pub change_frequency: f64,
    /// Value: lines added and deleted (when line counts are mined).
    pub churn: f64,
    /// Value: revisions × complexity of its files.
    pub hotspot: f64,
    /// Value: how spread its commits are across authors (fragmentation).
    pub author_spread: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Self {
            callers: 2.0,
            api_surface: 1.0,
            calls_out: 3.0,
            cycle: 2.0,
            co_change: 1.5,
            crossing_keys: 3.0,
            foreign_tables: 2.0,
            change_frequency: 2.0,
            churn: 1.0,
            hotspot: 1.5,
            author_spread: 0.5,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;

    #[test]
    fn every_commented_score_key_in_the_example_parses() {
        let section = crate::config::example_section("score");
        let config = Config::parse(&section).unwrap();
        assert_eq!(config.score.callers, 2.0);
        assert_eq!(config.score.author_spread, 0.5);
    }
}
