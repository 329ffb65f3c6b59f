//! `[history]` in planner.toml: which commits, paths and authors count, and
//! the thresholds code-maat users know. Every key is optional.

use serde::Deserialize;

/// How commits are grouped into logical changesets before counting.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GroupBy {
    /// One commit, one changeset (code-maat's default).
    #[default]
    Commit,
    /// Commits whose message names the same ticket id (see `ticket_pattern`)
    /// form one changeset; commits without a ticket id stay on their own.
    Ticket,
    /// All commits by one author on one calendar day (author's time zone).
    AuthorDay,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HistoryConfig {
    /// Mine history at all during `planner analyze`.
    pub enabled: bool,
    /// Follow files across renames; renamed-away and deleted files then drop
    /// out of the results.
    pub renames: bool,
    /// Walk only the first parent of each commit (the mainline).
    pub first_parent: bool,
    /// Count merge commits too (diffed against their first parent).
    pub include_merges: bool,
    /// Changesets touching more files than this are left out entirely
    /// (code-maat's `max-changeset-size`).
    pub max_changeset_size: usize,
    /// Coupling: a pair is reported when the average revisions of the two
    /// files is at least this.
    pub min_revs: usize,
    /// Coupling: … and they changed together at least this often.
    pub min_shared_revs: usize,
    /// Coupling: … and the degree (percent) is at least this.
    pub min_coupling: u32,
    /// Coupling: … and at most this.
    pub max_coupling: u32,
    /// Use the built-in excludes (tests, lockfiles, generated files,
    /// migrations) on top of `exclude`.
    pub default_excludes: bool,
    /// Extra path globs to leave out of history.
    pub exclude: Vec<String>,
    /// Regexes over "Name <email>" (after `.mailmap`); matching authors'
    /// commits are left out. Empty list plus `default_bot_excludes` = bots.
    pub exclude_authors: Vec<String>,
    /// Use the built-in bot patterns (`[bot]`, dependabot, renovate, …).
    pub default_bot_excludes: bool,
    /// How commits become logical changesets.
    pub group_by: GroupBy,
    /// The ticket id regex for `group_by = "ticket"`.
    pub ticket_pattern: String,
    /// Count added and deleted lines (needs blob diffs; slower).
    pub line_counts: bool,
    /// Days that count as "recent" for the recent-versus-old change rate.
    pub recent_days: u32,
    /// Share of a file's work (added lines, or revisions without line counts)
    /// above which its main developer makes it a knowledge island.
    pub knowledge_island_share: f64,
}

impl Default for HistoryConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            renames: true,
            first_parent: false,
            include_merges: false,
            max_changeset_size: 30,
            min_revs: 5,
            min_shared_revs: 5,
            min_coupling: 30,
            max_coupling: 100,
            default_excludes: true,
            exclude: Vec::new(),
            exclude_authors: Vec::new(),
            default_bot_excludes: true,
            group_by: GroupBy::Commit,
            ticket_pattern: r"[A-Z][A-Z0-9]+-[0-9]+|#[0-9]+".into(),
            line_counts: false,
            recent_days: 90,
            knowledge_island_share: 0.8,
        }
    }
}

/// Tests, lockfiles, generated files and migrations: they change with the
/// code they belong to and would otherwise dominate coupling (code-forensics #39).
pub const DEFAULT_EXCLUDES: &[&str] = &[
    // tests
    "**/tests/**",
    "**/test/**",
    "**/spec/**",
    "**/__tests__/**",
    "**/test_*.py",
    "**/*_test.py",
    "**/*_test.go",
    "**/*_spec.rb",
    "**/*_test.rb",
    "**/*.test.*",
    "**/*.spec.*",
    "**/conftest.py",
    // lockfiles
    "**/package-lock.json",
    "**/yarn.lock",
    "**/pnpm-lock.yaml",
    "**/poetry.lock",
    "**/uv.lock",
    "**/Pipfile.lock",
    "**/Gemfile.lock",
    "**/Cargo.lock",
    "**/composer.lock",
    "**/go.sum",
    // generated
    "**/*.min.js",
    "**/*.min.css",
    "**/*.map",
    "**/*_pb2.py",
    "**/*_pb2_grpc.py",
    "**/*.generated.*",
    "**/__generated__/**",
    "**/generated/**",
    "**/__snapshots__/**",
    "**/*.snap",
    // migrations
    "**/migrations/**",
    "**/db/migrate/**",
    "**/db/schema.rb",
    "**/db/structure.sql",
];

/// Bots, by "Name <email>" (after `.mailmap`).
pub const DEFAULT_BOT_PATTERNS: &[&str] = &[
    r"(?i)\[bot\]",
    r"(?i)^dependabot",
    r"(?i)^renovate",
    r"(?i)^greenkeeper",
    r"(?i)^snyk-bot",
    r"(?i)^github-actions",
    r"(?i)noreply@weblate",
];

impl GroupBy {
    pub fn name(self) -> &'static str {
        match self {
            GroupBy::Commit => "commit",
            GroupBy::Ticket => "ticket",
            GroupBy::AuthorDay => "author-day",
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;

    #[test]
    fn every_commented_history_key_in_the_example_parses() {
        let section = crate::config::example_section("history");
        let config = Config::parse(&section).unwrap();
        assert_eq!(config.history.exclude, ["docs/**", "**/*.snap"]);
        assert_eq!(config.history.group_by, super::GroupBy::Commit);
    }

    #[test]
    fn unknown_history_key_is_an_error() {
        assert!(Config::parse("[history]\nmax_changset_size = 3\n").is_err());
    }

    #[test]
    fn group_by_accepts_kebab_case_names() {
        let c = Config::parse("[history]\ngroup_by = \"author-day\"\n").unwrap();
        assert_eq!(c.history.group_by, super::GroupBy::AuthorDay);
    }
}
