//! The role of every file: production code, or evidence about it (tests,
//! tooling, front-end assets, vendored or generated code, docs, migrations).
//!
//! Only production code makes a capability worth extracting. The other roles
//! stay in the file graph and the history as evidence, are attributed to the
//! capability they exercise where that can be told, and never make a module
//! a candidate on their own. `planner.toml` `[roles]` overrides the
//! conventions below with globs.

use crate::config::RolesConfig;
use anyhow::{Context, Result};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Serialize;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileRole {
    #[default]
    Production,
    /// Unit, integration and end-to-end tests, with their fixtures and
    /// factories.
    Test,
    /// Build, packaging and developer tooling: scripts, bundler configs,
    /// linters' custom rules, code generators.
    Tooling,
    /// Front-end assets and bundles served as files (`static/`, `public/`,
    /// `media/`, Rails `app/assets`).
    Assets,
    /// Other people's code kept in the tree.
    Vendored,
    /// Code written by a program (protobuf stubs, `__generated__`).
    Generated,
    /// Documentation, examples and demos.
    Docs,
    /// Schema migrations: they belong with the tables they touch.
    Migration,
}

impl FileRole {
    pub fn is_production(self) -> bool {
        self == FileRole::Production
    }

    pub fn name(self) -> &'static str {
        match self {
            FileRole::Production => "production",
            FileRole::Test => "test",
            FileRole::Tooling => "tooling",
            FileRole::Assets => "assets",
            FileRole::Vendored => "vendored",
            FileRole::Generated => "generated",
            FileRole::Docs => "docs",
            FileRole::Migration => "migration",
        }
    }
}

/// Classifies paths: `[roles]` globs first (in the order test, tooling,
/// assets, vendored, generated, docs, migration, production), then the
/// conventions of each ecosystem.
pub struct RoleClassifier {
    overrides: Vec<(FileRole, GlobSet)>,
}

impl RoleClassifier {
    pub fn new(config: &RolesConfig) -> Result<Self> {
        let lists = [
            (FileRole::Test, &config.test),
            (FileRole::Tooling, &config.tooling),
            (FileRole::Assets, &config.assets),
            (FileRole::Vendored, &config.vendored),
            (FileRole::Generated, &config.generated),
            (FileRole::Docs, &config.docs),
            (FileRole::Migration, &config.migration),
            (FileRole::Production, &config.production),
        ];
        let mut overrides = Vec::new();
        for (role, globs) in lists {
            if globs.is_empty() {
                continue;
            }
            let mut builder = GlobSetBuilder::new();
            for glob in globs {
                builder.add(Glob::new(glob).with_context(|| {
                    format!(
                        "invalid glob {glob:?} in [roles] {} of planner.toml",
                        role.name()
                    )
                })?);
            }
            overrides.push((role, builder.build()?));
        }
        Ok(Self { overrides })
    }

    /// The role of `rel`, whose first bytes are `head`: a standalone
    /// script (a `#!` line) outside the application's own folders is
    /// tooling.
    pub fn role_of(&self, rel: &str, head: &[u8]) -> FileRole {
        if let Some((role, _)) = self.overrides.iter().find(|(_, set)| set.is_match(rel)) {
            return *role;
        }
        match conventional_role(rel) {
            FileRole::Production if head.starts_with(b"#!") && !in_application_folder(rel) => {
                FileRole::Tooling
            }
            role => role,
        }
    }
}

/// The role a path has by the conventions of pytest, RSpec, Minitest, Jest,
/// Playwright, Cypress, Django, Rails, bundlers and documentation tools.
pub fn conventional_role(rel: &str) -> FileRole {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let dirs: Vec<&str> = rel[..rel.len() - name.len()]
        .split('/')
        .filter(|d| !d.is_empty())
        .collect();
    let lower_dirs: Vec<String> = dirs.iter().map(|d| d.to_ascii_lowercase()).collect();
    let has_dir = |pred: &dyn Fn(&str) -> bool| lower_dirs.iter().any(|d| pred(d));

    if has_dir(&|d| VENDORED.contains(&d)) || name.contains(".min.") {
        return FileRole::Vendored;
    }
    if is_generated(name, &lower_dirs) {
        return FileRole::Generated;
    }
    if is_test(name, &lower_dirs) {
        return FileRole::Test;
    }
    if has_dir(&|d| MIGRATIONS.contains(&d)) {
        return FileRole::Migration;
    }
    if has_dir(&|d| DOCS.contains(&d))
        || name.ends_with(".stories.tsx")
        || name.ends_with(".stories.ts")
        || name.ends_with(".stories.js")
        || name.ends_with(".stories.jsx")
    {
        return FileRole::Docs;
    }
    if is_tooling(name, &lower_dirs) {
        return FileRole::Tooling;
    }
    if is_assets(&lower_dirs) {
        return FileRole::Assets;
    }
    FileRole::Production
}

/// Folders whose scripts are part of the application (Rails `app/`, `lib/`,
/// a Python package's own modules are not top-level scripts).
fn in_application_folder(rel: &str) -> bool {
    rel.starts_with("app/") || rel.starts_with("lib/") || rel.starts_with("src/")
}

const VENDORED: &[&str] = &[
    "vendor",
    "vendored",
    "third_party",
    "third-party",
    "thirdparty",
    "node_modules",
    "bower_components",
    "site-packages",
    "external",
];

const MIGRATIONS: &[&str] = &[
    "migrations",
    "migrate",
    "old_migrations",
    "alembic",
    "prisma_migrations",
];

const DOCS: &[&str] = &[
    "docs",
    "doc",
    "documentation",
    "examples",
    "example",
    "samples",
    "sample",
    "demo",
    "demos",
    ".storybook",
    "stories_storybook",
];

const TEST_DIRS: &[&str] = &[
    "test",
    "tests",
    "spec",
    "specs",
    "__tests__",
    "__mocks__",
    "__fixtures__",
    "e2e",
    "cypress",
    "playwright",
    "testing",
    "testutils",
    "test_utils",
    "testlib",
    "factories",
    "fixtures",
    "benchmarks",
    "bench",
    "perf",
    "load_tests",
    "loadtests",
];

fn is_test(name: &str, dirs: &[String]) -> bool {
    let dir_is_test = |d: &str| {
        TEST_DIRS.contains(&d)
            || d.starts_with("playwright")
            || d.starts_with("cypress")
            || d.ends_with("_tests")
            || d.ends_with("-tests")
            || d.ends_with("_test")
            || d.ends_with("_spec")
            || d.ends_with("-e2e")
            || d.starts_with("tests_")
            || d.starts_with("test_")
    };
    if dirs.iter().any(|d| dir_is_test(d)) {
        return true;
    }
    let lower = name.to_ascii_lowercase();
    lower.starts_with("test_")
        || lower.ends_with("_test.py")
        || lower.ends_with("_tests.py")
        || lower == "tests.py"
        || lower == "conftest.py"
        || lower.ends_with("_spec.rb")
        || lower.ends_with("_test.rb")
        || lower == "test_helper.rb"
        || lower == "spec_helper.rb"
        || lower == "rails_helper.rb"
        || [".test.", ".spec.", ".e2e.", ".cy."]
            .iter()
            .any(|m| lower.contains(m))
        || lower.starts_with("jest.")
        || lower.starts_with("vitest.")
        || lower.starts_with("playwright.config")
        || lower.starts_with("cypress.config")
        || lower.starts_with("karma.conf")
}

const TOOLING_DIRS: &[&str] = &[
    "scripts",
    "script",
    "bin",
    "tools",
    "tooling",
    "build",
    "builds",
    "webpack",
    "gulp",
    "grunt",
    "rollup",
    ".github",
    ".circleci",
    ".husky",
    "ci",
    "deploy",
    "deployment",
    "docker",
    "devtools",
    "dev-tools",
    "generators",
    "custom_cops",
    "cops",
    "rubocop",
    "eslint",
    "eslint-rules",
    "codemods",
    "hack",
];

const TOOLING_FILES: &[&str] = &[
    "setup.py",
    "noxfile.py",
    "fabfile.py",
    "tasks.py",
    "manage.py",
    "gulpfile.js",
    "gruntfile.js",
    "rakefile",
    "gemfile",
    "guardfile",
    "capfile",
    "dangerfile",
    "procfile",
];

fn is_tooling(name: &str, dirs: &[String]) -> bool {
    let lower = name.to_ascii_lowercase();
    // `lib/tasks/*.rake` are Rake tasks: operations tooling.
    if lower.ends_with(".rake") {
        return true;
    }
    if dirs
        .first()
        .is_some_and(|d| TOOLING_DIRS.contains(&d.as_str()))
    {
        return true;
    }
    if dirs.iter().any(|d| {
        matches!(
            d.as_str(),
            "webpack" | "custom_cops" | "generators" | "codemods" | ".github" | "eslint-rules"
        )
    }) {
        return true;
    }
    if dirs.is_empty() && TOOLING_FILES.contains(&lower.as_str()) {
        return true;
    }
    // Bundler, compiler and linter configuration files anywhere.
    let stem = lower.split('.').next().unwrap_or("");
    let is_config_file = lower.matches('.').count() >= 2 && lower.contains(".config.")
        || lower.starts_with(".eslintrc")
        || lower.starts_with(".prettierrc")
        || lower.starts_with(".babelrc")
        || lower.starts_with(".stylelintrc");
    is_config_file
        || matches!(
            stem,
            "webpack"
                | "babel"
                | "rollup"
                | "vite"
                | "gulpfile"
                | "gruntfile"
                | "postcss"
                | "tailwind"
                | "esbuild"
                | "tsup"
                | "commitlint"
                | "lint-staged"
                | "prettier"
                | "eslint"
        )
}

const ASSET_DIRS: &[&str] = &[
    "static",
    "public",
    "media",
    "assets",
    "javascripts",
    "stylesheets",
    "images",
    "fonts",
    "dist",
    "bundles",
];

fn is_assets(dirs: &[String]) -> bool {
    dirs.iter().any(|d| ASSET_DIRS.contains(&d.as_str()))
        || dirs.len() >= 2 && dirs[0] == "app" && dirs[1] == "javascript"
}

fn is_generated(name: &str, dirs: &[String]) -> bool {
    let lower = name.to_ascii_lowercase();
    dirs.iter().any(|d| {
        matches!(
            d.as_str(),
            "__generated__" | "generated" | "gen" | "autogen"
        )
    }) || lower.ends_with("_pb2.py")
        || lower.ends_with("_pb2_grpc.py")
        || lower.ends_with(".pb.ts")
        || lower.ends_with(".pb.js")
        || lower.contains(".generated.")
        || lower.ends_with(".gen.ts")
        || lower.ends_with(".d.ts")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(p: &str) -> FileRole {
        conventional_role(p)
    }

    #[test]
    fn test_suites_of_every_ecosystem_are_tests() {
        for p in [
            "playwright_tests/pages/login_page.py",
            "readthedocs/rtd_tests/tests/test_api.py",
            "spec/models/story_spec.rb",
            "test/functional/issues_controller_test.rb",
            "app/components/__tests__/Button.tsx",
            "server/models/Document.test.ts",
            "cypress/e2e/login.cy.ts",
            "shop/orders/tests.py",
            "spec/factories/users.rb",
            "packages/app-e2e/src/login.ts",
        ] {
            assert_eq!(role(p), FileRole::Test, "{p}");
        }
    }

    #[test]
    fn build_and_developer_tooling_is_tooling() {
        for p in [
            "webpack/entrypoints.js",
            "scripts/release.py",
            "bin/rails",
            "lib/custom_cops/no_raw_sql.rb",
            "lib/generators/plugin/plugin_generator.rb",
            "webpack.config.js",
            "vite.config.ts",
            "lib/tasks/cleanup.rake",
            "manage.py",
        ] {
            assert_eq!(role(p), FileRole::Tooling, "{p}");
        }
    }

    #[test]
    fn served_assets_migrations_docs_and_generated_code_have_their_roles() {
        assert_eq!(role("media/javascript/rtd.js"), FileRole::Assets);
        assert_eq!(
            role("kitsune/sumo/static/sumo/js/main.js"),
            FileRole::Assets
        );
        assert_eq!(role("app/javascript/controllers/x.js"), FileRole::Assets);
        assert_eq!(
            role("db/migrate/20200101_create_stories.rb"),
            FileRole::Migration
        );
        assert_eq!(
            role("shop/orders/migrations/0001_initial.py"),
            FileRole::Migration
        );
        assert_eq!(role("docs/conf.py"), FileRole::Docs);
        assert_eq!(role("api/protos/user_pb2.py"), FileRole::Generated);
        assert_eq!(role("vendor/plugins/x/init.rb"), FileRole::Vendored);
    }

    #[test]
    fn application_code_is_production() {
        for p in [
            "app/models/story.rb",
            "app/controllers/stories_controller.rb",
            "saleor/order/models.py",
            "server/routes/api/documents/documents.ts",
            "lib/redmine/scm/adapters/git_adapter.rb",
            "redash/handlers/queries.py",
            "packages/hoppscotch-backend/src/team/team.service.ts",
        ] {
            assert_eq!(role(p), FileRole::Production, "{p}");
        }
    }

    #[test]
    fn roles_in_planner_toml_win_over_conventions() {
        let config = RolesConfig {
            production: vec!["extras/**".into()],
            test: vec!["qa/**".into()],
            ..RolesConfig::default()
        };
        let c = RoleClassifier::new(&config).unwrap();
        assert_eq!(c.role_of("extras/markdowner.rb", b""), FileRole::Production);
        assert_eq!(c.role_of("qa/login.py", b""), FileRole::Test);
        assert_eq!(c.role_of("scripts/x.py", b""), FileRole::Tooling);
    }

    #[test]
    fn the_roles_documented_in_the_example_config_parse() {
        let config =
            crate::config::Config::parse(&crate::config::example_section("roles")).unwrap();
        assert_eq!(config.roles.production, ["extras/**"]);
        assert_eq!(config.roles.test, ["qa/**"]);
    }

    #[test]
    fn a_standalone_script_outside_the_app_is_tooling() {
        let c = RoleClassifier::new(&RolesConfig::default()).unwrap();
        let head = b"#!/usr/bin/env ruby\n";
        assert_eq!(
            c.role_of("extra/mail_handler/rdm-mailhandler.rb", head),
            FileRole::Tooling
        );
        assert_eq!(
            c.role_of("extra/mail_handler/helper.rb", b"module X"),
            FileRole::Production
        );
        assert_eq!(c.role_of("app/models/story.rb", head), FileRole::Production);
    }
}
